//! Infrastructure as Code: CloudFormation stacks in a simulated account (`engine::cfn`).
//!
//! The workspace holds stacks as the lab sets them up (`[[stack]]`: a template deployed
//! before the learner acts, parameters, failures to inject, console changes made behind
//! CloudFormation's back, templates for nested stacks, a proposed update); the checks grade
//! outcomes in that account: the learner's template creates a stack that reaches a status,
//! updates one without replacing what must be kept and leaves no drift, or the learner's
//! reading of a change set, a drift report or the events matches what the engine reports.
//!
//! The engine and its resource knowledge are not in the app's first load, so the items and
//! the checks travel sealed ([`Sealed`]): the app shows the checks as pending and the parsers
//! worker grades them (`jobs::Job::Grade`). Native builds grade them directly.
#[cfg(feature = "cfn")]
mod run;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::doc::Doc;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Stacks>;
/// A check of this family, sealed.
pub type Check = Sealed<CfnCheck>;

/// The stacks a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stacks {
    pub stacks: Vec<StackDef>,
    /// CDK apps: constructs the workspace shows as TypeScript beside what they synthesize.
    pub cdk: Vec<CdkApp>,
}

/// A CDK app of one stack (`engine::cdk`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CdkApp {
    pub id: String,
    /// The stack class's name.
    pub stack: String,
    pub constructs: Vec<CdkConstruct>,
    /// A changed version of the app, shown as `cdk diff` against the first.
    pub next: Vec<CdkConstruct>,
}

/// An L2 construct with the props the labs use (AWS's defaults otherwise).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CdkConstruct {
    /// `new s3.Bucket(this, id, { … })`.
    Bucket {
        id: String,
        bucket_name: Option<String>,
        versioned: bool,
        encrypted: bool,
        block_public_access: bool,
        enforce_ssl: bool,
        destroy: bool,
    },
    /// `new ec2.Vpc(this, id, { maxAzs, natGateways })`.
    Vpc {
        id: String,
        max_azs: u32,
        nat_gateways: Option<u32>,
    },
}

impl Stacks {
    pub fn get(&self, id: &str) -> Option<&StackDef> {
        self.stacks.iter().find(|s| s.id == id)
    }
}

/// A stack of the simulated account, as the lab sets it up before the learner acts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StackDef {
    /// The stack's name.
    pub id: String,
    /// The template deployed before the learner acts (`None`: the stack does not exist yet;
    /// the learner's template creates it).
    pub template: Option<String>,
    /// Parameter values, for the lab's template and the learner's.
    pub parameters: Vec<(String, String)>,
    pub disable_rollback: bool,
    /// Failures injected into every operation on the stack that meets them.
    pub fail: Vec<Failure>,
    /// Changes made in the console after the stack was created.
    pub edits: Vec<Edit>,
    /// Templates for nested stacks: a file name (the end of a `TemplateURL`) and its text.
    pub nested: Vec<(String, String)>,
    /// A proposed update (the template a change set is made for).
    pub update: Option<String>,
    /// Whether the lab's set-up also runs the proposed update (a change set, executed).
    pub updated: bool,
    /// What the lab's workspace shows of the stack as the lab set it up.
    pub show: Vec<View>,
    /// A template input previewed against the stack in the workspace: the change set it
    /// would make (when the stack exists), or the stack it creates.
    pub preview: Option<String>,
}

/// A view of a lab's stack in its workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// The status and resources.
    Stack,
    /// The events, newest first.
    Events,
    /// The template it runs.
    Template,
    /// Its outputs.
    Outputs,
    /// A drift detection's report.
    Drift,
}

/// A resource operation that fails.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub resource: String,
    pub operation: Phase,
}

/// A resource operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Create,
    Update,
    Delete,
}

/// A change made in the console: a property set (`value`, JSON) or removed (`None`) at a
/// path of keys and list indexes, or the whole resource deleted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    pub resource: String,
    pub path: Vec<String>,
    pub value: Option<String>,
    pub delete: bool,
}

/// The family's check kinds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CfnCheck {
    /// `cfn_template`: the template has no errors.
    Template(TemplateCheck),
    /// `cfn_create`: creating a stack from the template ends in `status`, with resources of `types`.
    Create(CreateCheck),
    /// `cfn_update`: updating the stack with the template ends in `status`, keeps the resources
    /// of `keep` (same physical IDs) and, with `drift`, leaves that drift status.
    Update(UpdateCheck),
    /// `cfn_replaced`: the resources the stack's proposed update replaces (`Replacement: True`).
    Replaced(ChoiceOfStack),
    /// `cfn_drifted`: the resources drift detection reports as MODIFIED or DELETED.
    Drifted(ChoiceOfStack),
    /// `cfn_failed`: the resource whose failure stopped the stack's last operation.
    Failed(ChoiceOfStack),
    /// `cfn_status`: the stack's status after the lab's set-up (`disable_rollback` overrides the stack's).
    Status(StatusCheck),
    /// `cdk_count`: how many resources (of `type`) a CDK app synthesizes (a number input).
    CdkCount(CdkCountCheck),
    /// `cdk_logical_id`: the logical ID a construct's main resource gets (a choice).
    CdkLogicalId(CdkIdCheck),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CdkCountCheck {
    pub input: String,
    pub app: String,
    #[serde(default, rename = "type")]
    pub type_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CdkIdCheck {
    pub input: String,
    pub app: String,
    /// The construct's id (its main resource is `<id>/Resource`).
    pub construct: String,
    #[serde(default)]
    pub why: BTreeMap<String, Doc>,
}

/// A template input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateCheck {
    pub input: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateCheck {
    pub input: String,
    /// The `[[stack]]` whose parameters, failures and nested templates apply (its own
    /// template is not deployed); none: a stack with no parameters.
    #[serde(default)]
    pub stack: Option<String>,
    /// The status the stack must end in (`CREATE_COMPLETE` when omitted).
    #[serde(default = "create_complete")]
    pub status: String,
    /// Resource types the created stack must hold.
    #[serde(default)]
    pub types: Vec<String>,
    /// Resource types it must not hold.
    #[serde(default)]
    pub absent: Vec<String>,
    /// Property values its resources must have.
    #[serde(default)]
    pub actual: Vec<Expected>,
    /// Pairs `[later, earlier]`: the first resource starts only once the second is complete
    /// (it waits for it: a reference or a DependsOn).
    #[serde(default)]
    pub order: Vec<(String, String)>,
    /// Outputs the stack must have.
    #[serde(default)]
    pub outputs: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateCheck {
    pub input: String,
    pub stack: String,
    #[serde(default = "update_complete")]
    pub status: String,
    /// Logical IDs that must keep their physical resource (not replaced, not deleted).
    #[serde(default)]
    pub keep: Vec<String>,
    /// The stack's drift status after the update (`IN_SYNC`, `DRIFTED`).
    #[serde(default)]
    pub drift: Option<String>,
    /// Property values the resources must actually have after the update.
    #[serde(default)]
    pub actual: Vec<Expected>,
}

/// A property a resource must actually have: at a path of keys and list indexes, a value
/// written as text (numbers and booleans compare as their text, as drift detection does).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub resource: String,
    pub path: Vec<String>,
    pub value: String,
}

/// A choice input graded against what the engine reports about a stack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOfStack {
    pub input: String,
    pub stack: String,
    /// Why a wrong option is wrong, by option id.
    #[serde(default)]
    pub why: BTreeMap<String, Doc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusCheck {
    pub input: String,
    pub stack: String,
    #[serde(default)]
    pub disable_rollback: Option<bool>,
    #[serde(default)]
    pub why: BTreeMap<String, Doc>,
}

fn create_complete() -> String {
    "CREATE_COMPLETE".into()
}

fn update_complete() -> String {
    "UPDATE_COMPLETE".into()
}

impl CfnCheck {
    /// The input the check reads.
    pub fn input(&self) -> &str {
        match self {
            CfnCheck::Template(c) => &c.input,
            CfnCheck::Create(c) => &c.input,
            CfnCheck::Update(c) => &c.input,
            CfnCheck::Replaced(c) | CfnCheck::Drifted(c) | CfnCheck::Failed(c) => &c.input,
            CfnCheck::Status(c) => &c.input,
            CfnCheck::CdkCount(c) => &c.input,
            CfnCheck::CdkLogicalId(c) => &c.input,
        }
    }
}

/// `[[stack]]` as written in lab.toml.
#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StackSpec {
    id: String,
    #[serde(default)]
    template: Option<String>,
    #[serde(default)]
    parameters: BTreeMap<String, String>,
    #[serde(default)]
    disable_rollback: bool,
    #[serde(default)]
    fail: Vec<FailureSpec>,
    #[serde(default)]
    edit: Vec<EditSpec>,
    #[serde(default)]
    nested: Vec<String>,
    #[serde(default)]
    update: Option<String>,
    #[serde(default)]
    updated: bool,
    #[serde(default)]
    show: Vec<View>,
    #[serde(default)]
    preview: Option<String>,
}

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FailureSpec {
    resource: String,
    operation: Phase,
}

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditSpec {
    resource: String,
    #[serde(default)]
    path: Vec<String>,
    #[serde(default)]
    value: Option<serde_json::Value>,
    #[serde(default)]
    delete: bool,
}

/// `[[cdk]]` as written in lab.toml.
#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CdkSpec {
    id: String,
    stack: String,
    construct: Vec<ConstructSpec>,
    /// The changed version, for `cdk diff`.
    #[serde(default)]
    next: Vec<ConstructSpec>,
}

/// `[[cdk.construct]]`: `kind` and the props of that kind.
#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConstructSpec {
    kind: String,
    id: String,
    #[serde(default)]
    bucket_name: Option<String>,
    #[serde(default)]
    versioned: bool,
    #[serde(default)]
    encrypted: bool,
    #[serde(default)]
    block_public_access: bool,
    #[serde(default)]
    enforce_ssl: bool,
    #[serde(default)]
    destroy: bool,
    #[serde(default)]
    max_azs: Option<u32>,
    #[serde(default)]
    nat_gateways: Option<u32>,
}

/// The check kinds' names in lab.toml.
const KINDS: &[&str] = &[
    "cfn_template",
    "cfn_create",
    "cfn_update",
    "cfn_replaced",
    "cfn_drifted",
    "cfn_failed",
    "cfn_status",
    "cdk_count",
    "cdk_logical_id",
];

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["stack", "cdk"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        section: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        let mut stacks = items.open().unwrap_or_default();
        if section == "cdk" {
            let Some(specs) = problems.read::<Vec<CdkSpec>>(value) else {
                return;
            };
            for spec in specs {
                let mut read = |list: Vec<ConstructSpec>| {
                    let mut constructs = Vec::new();
                    for c in list {
                        match c.kind.as_str() {
                            "bucket" => constructs.push(CdkConstruct::Bucket {
                                id: c.id,
                                bucket_name: c.bucket_name,
                                versioned: c.versioned,
                                encrypted: c.encrypted,
                                block_public_access: c.block_public_access,
                                enforce_ssl: c.enforce_ssl,
                                destroy: c.destroy,
                            }),
                            "vpc" => constructs.push(CdkConstruct::Vpc {
                                id: c.id,
                                max_azs: c.max_azs.unwrap_or(3),
                                nat_gateways: c.nat_gateways,
                            }),
                            other => problems.complain(format!(
                            "cdk app \"{}\": construct kind \"{other}\" is not one of bucket, vpc",
                            spec.id
                        )),
                        }
                    }
                    constructs
                };
                let constructs = read(spec.construct);
                let next = read(spec.next);
                stacks.cdk.push(CdkApp {
                    id: spec.id,
                    stack: spec.stack,
                    constructs,
                    next,
                });
            }
            *items = Sealed::seal(&stacks);
            return;
        }
        let Some(specs) = problems.read::<Vec<StackSpec>>(value) else {
            return;
        };
        for spec in specs {
            let mut file = |path: &str| match files.get(path) {
                Some(text) => Some(text.clone()),
                None => {
                    problems.complain(format!(
                        "stack \"{}\" names \"{path}\", which is not in the lab folder",
                        spec.id
                    ));
                    None
                }
            };
            let template = spec.template.as_deref().and_then(&mut file);
            let update = spec.update.as_deref().and_then(&mut file);
            let nested = spec
                .nested
                .iter()
                .filter_map(|path| {
                    let name = path.rsplit('/').next().unwrap_or(path).to_string();
                    file(path).map(|text| (name, text))
                })
                .collect();
            if stacks.get(&spec.id).is_some() {
                problems.complain(format!("stack id \"{}\" is used twice", spec.id));
            }
            stacks.stacks.push(StackDef {
                id: spec.id,
                template,
                parameters: spec.parameters.into_iter().collect(),
                disable_rollback: spec.disable_rollback,
                fail: spec
                    .fail
                    .into_iter()
                    .map(|f| Failure {
                        resource: f.resource,
                        operation: f.operation,
                    })
                    .collect(),
                edits: spec
                    .edit
                    .into_iter()
                    .map(|e| Edit {
                        resource: e.resource,
                        path: e.path,
                        value: e.value.map(|v| v.to_string()),
                        delete: e.delete,
                    })
                    .collect(),
                nested,
                update,
                updated: spec.updated,
                show: spec.show,
                preview: spec.preview,
            });
        }
        *items = Sealed::seal(&stacks);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        let check = match kind {
            "cfn_template" => CfnCheck::Template(TemplateCheck::deserialize(body)?),
            "cfn_create" => CfnCheck::Create(CreateCheck::deserialize(body)?),
            "cfn_update" => CfnCheck::Update(UpdateCheck::deserialize(body)?),
            "cfn_replaced" => CfnCheck::Replaced(ChoiceOfStack::deserialize(body)?),
            "cfn_drifted" => CfnCheck::Drifted(ChoiceOfStack::deserialize(body)?),
            "cfn_failed" => CfnCheck::Failed(ChoiceOfStack::deserialize(body)?),
            "cdk_count" => CfnCheck::CdkCount(CdkCountCheck::deserialize(body)?),
            "cdk_logical_id" => CfnCheck::CdkLogicalId(CdkIdCheck::deserialize(body)?),
            _ => CfnCheck::Status(StatusCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    #[cfg(feature = "cfn")]
    fn validate_items(items: &Items, lab: &LabView<'_>) -> Vec<String> {
        match items.open() {
            Some(stacks) => run::validate_stacks(&stacks, lab),
            None if items.is_empty() => Vec::new(),
            None => vec!["the stacks could not be read back".into()],
        }
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        #[cfg(feature = "cfn")]
        {
            match (check.open(), lab.workspace.cfn.open()) {
                (Some(check), stacks) => {
                    run::validate_check(&check, &stacks.unwrap_or_default(), lab)
                }
                (None, _) => vec!["the check could not be read back".into()],
            }
        }
        #[cfg(not(feature = "cfn"))]
        {
            let _ = (check, lab);
            Vec::new()
        }
    }

    fn grade(check: &Check, lab: &LabView<'_>, answers: &Answers) -> Graded {
        #[cfg(feature = "cfn")]
        {
            let stacks = lab.workspace.cfn.open().unwrap_or_default();
            match check.open() {
                Some(check) => run::grade(&check, &stacks, answers),
                None => Graded::new("", crate::check::Verdict::NoEngineValue),
            }
        }
        #[cfg(not(feature = "cfn"))]
        {
            let _ = (check, lab, answers);
            Graded::new("", crate::check::Verdict::Pending)
        }
    }

    const WORKER_PANEL: bool = true;

    /// The stacks as set up and the learner's template previewed (the worker has loaded the
    /// resource knowledge before it asks: see `jobs::run`).
    #[cfg(feature = "parse")]
    fn panel(
        items: &Items,
        _lab: &LabView<'_>,
        answers: &Answers,
        _focus: &[String],
        lang: crate::lang::Lang,
        panel: &mut crate::panel::Panel,
    ) {
        #[cfg(feature = "cfn")]
        {
            let built = run::panel(&items.open().unwrap_or_default(), answers, lang);
            panel.blocks.extend(built.blocks);
            panel.choices.extend(built.choices);
        }
        #[cfg(not(feature = "cfn"))]
        let _ = (items, answers, lang, panel);
    }
}
