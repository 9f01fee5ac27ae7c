//! CodeDeploy appspec (EC2/On-Premises): the learner writes an `appspec.yml` whose hooks the
//! lab deploys with its revisions (`engine::codedeploy`).
//!
//! The workspace holds deployment groups as the lab sets them up (`[[deployment_group]]`:
//! the application, in place with or without a load balancer, the group's automatic
//! rollback, and its revisions: the first one, with its own appspec, is the last good
//! revision deployed before the learner acts; each next one is deployed in turn with the
//! learner's appspec and its own files). A deployment's "previous revision" is the last one
//! whose deployment succeeded, so ApplicationStop runs that revision's scripts, and a
//! rollback redeploys it, as CodeDeploy does. Checks grade the outcome: the appspec's
//! findings (`appspec_valid`), and each deployment's status, failed event, error code, the
//! scripts each lifecycle event ran and the rollback (`appspec_deployment`). The panel shows
//! each deployment as the console does.
//!
//! The engine stays out of the app's first load: the items and checks travel sealed and the
//! worker grades them and builds the panel (see `crate::sealed`).
#[cfg(feature = "cicd")]
mod run;
#[cfg(all(test, feature = "cicd"))]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Groups>;
/// A check of this family, sealed.
pub type Check = Sealed<AppspecCheck>;

/// The deployment groups a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Groups {
    pub groups: Vec<GroupDef>,
}

impl Groups {
    pub fn get(&self, id: &str) -> Option<&GroupDef> {
        self.groups.iter().find(|g| g.id == id)
    }
}

/// A CodeDeploy deployment group (EC2/On-Premises, in place) as the lab sets it up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupDef {
    /// The deployment group's name.
    pub id: String,
    /// The CodeDeploy application's name.
    pub application: String,
    /// The template input that holds the learner's appspec.
    pub input: String,
    /// Whether the group has a load balancer (`loadBalancerInfo`): the BlockTraffic and
    /// AllowTraffic events run around the install events.
    pub load_balancer: bool,
    /// `autoRollbackConfiguration.events` (API names); empty: no automatic rollback.
    pub auto_rollback: Vec<String>,
    /// The revisions: the first is the last good one (its own appspec), deployed before the
    /// learner acts; each next one is deployed in turn with the learner's appspec.
    pub revisions: Vec<RevisionDef>,
}

impl GroupDef {
    pub fn revision(&self, id: &str) -> Option<&RevisionDef> {
        self.revisions.iter().find(|r| r.id == id)
    }
}

/// An application revision: its name, what it is, and its files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RevisionDef {
    pub id: String,
    pub title: String,
    /// The bundle's files, path from its root → text (the appspec excluded).
    pub files: BTreeMap<String, String>,
    /// The revision's own appspec (the first revision only).
    pub appspec: Option<String>,
}

/// A check of the learner's appspec or of a deployment made with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AppspecCheck {
    Valid(ValidCheck),
    Deployment(DeploymentCheck),
}

impl AppspecCheck {
    pub fn input(&self) -> &str {
        match self {
            AppspecCheck::Valid(c) => &c.input,
            AppspecCheck::Deployment(c) => &c.input,
        }
    }
}

/// The appspec has no error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
    /// The deployment group it is for (its platform: EC2/On-Premises).
    pub group: String,
}

/// What the deployment of one revision with the learner's appspec must come to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentCheck {
    pub input: String,
    pub group: String,
    /// The revision deployed (one after the first).
    pub revision: String,
    /// The deployment's status (`Succeeded`, `Failed`).
    #[serde(default)]
    pub status: Option<String>,
    /// The lifecycle event that failed.
    #[serde(default)]
    pub failed_event: Option<String>,
    /// The failed event's error code (`ScriptFailed`, `ScriptTimedOut`, `ScriptMissing`).
    #[serde(default)]
    pub error_code: Option<String>,
    /// Lifecycle event → the scripts it must have run, in order (and no other event may
    /// have run them).
    #[serde(default)]
    pub scripts: BTreeMap<String, Vec<String>>,
    /// The revision a rollback deployment must have redeployed, successfully.
    #[serde(default)]
    pub rollback: Option<String>,
}

pub const KINDS: &[&str] = &["appspec_valid", "appspec_deployment"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupSpec {
    id: String,
    application: String,
    input: String,
    #[serde(default)]
    load_balancer: bool,
    #[serde(default)]
    auto_rollback: Vec<String>,
    revision: Vec<RevisionSpec>,
}

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionSpec {
    id: String,
    title: String,
    /// A folder of the lab: the revision's bundle.
    bundle: String,
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["deployment_group"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _section: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        let mut groups = items.open().unwrap_or_default();
        let Some(specs) = problems.read::<Vec<GroupSpec>>(value) else {
            return;
        };
        for spec in specs {
            if groups.get(&spec.id).is_some() {
                problems.complain(format!("deployment group \"{}\" is used twice", spec.id));
            }
            let mut revisions: Vec<RevisionDef> = Vec::new();
            for (i, r) in spec.revision.into_iter().enumerate() {
                let root = format!("{}/", r.bundle.trim_end_matches('/'));
                let mut bundle: BTreeMap<String, String> = files
                    .iter()
                    .filter_map(|(path, text)| {
                        path.strip_prefix(&root)
                            .map(|p| (p.to_string(), text.clone()))
                    })
                    .collect();
                if bundle.is_empty() {
                    problems.complain(format!(
                        "deployment group \"{}\": revision \"{}\" names bundle \"{}\", which is not a folder of the lab with files in it",
                        spec.id, r.id, r.bundle
                    ));
                }
                let appspec = bundle.remove("appspec.yml");
                match (i, &appspec) {
                    (0, None) => problems.complain(format!(
                        "deployment group \"{}\": the first revision (\"{}\"), deployed before the learner acts, needs its own appspec.yml",
                        spec.id, r.id
                    )),
                    (1.., Some(_)) => problems.complain(format!(
                        "deployment group \"{}\": revision \"{}\" has an appspec.yml, but it is deployed with the learner's",
                        spec.id, r.id
                    )),
                    _ => {}
                }
                if revisions.iter().any(|x| x.id == r.id) {
                    problems.complain(format!(
                        "deployment group \"{}\": revision \"{}\" is used twice",
                        spec.id, r.id
                    ));
                }
                revisions.push(RevisionDef {
                    id: r.id,
                    title: r.title,
                    files: bundle,
                    appspec,
                });
            }
            if revisions.len() < 2 {
                problems.complain(format!(
                    "deployment group \"{}\" needs at least two revisions: the last good one, and one deployed with the learner's appspec",
                    spec.id
                ));
            }
            groups.groups.push(GroupDef {
                id: spec.id,
                application: spec.application,
                input: spec.input,
                load_balancer: spec.load_balancer,
                auto_rollback: spec.auto_rollback,
                revisions,
            });
        }
        *items = Sealed::seal(&groups);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        let check = match kind {
            "appspec_valid" => AppspecCheck::Valid(ValidCheck::deserialize(body)?),
            _ => AppspecCheck::Deployment(DeploymentCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let groups = lab.workspace.appspec.open().unwrap_or_default();
        let (input, group) = match &check {
            AppspecCheck::Valid(c) => (&c.input, &c.group),
            AppspecCheck::Deployment(c) => (&c.input, &c.group),
        };
        let mut problems = Vec::new();
        let Some(g) = groups.get(group) else {
            return vec![format!("there is no deployment group \"{group}\"")];
        };
        if &g.input != input {
            problems.push(format!(
                "deployment group \"{group}\" reads input \"{}\", not \"{input}\"",
                g.input
            ));
        }
        if let AppspecCheck::Deployment(c) = &check {
            match g.revisions.iter().position(|r| r.id == c.revision) {
                None => problems.push(format!(
                    "deployment group \"{group}\" has no revision \"{}\"",
                    c.revision
                )),
                Some(0) => problems.push(format!(
                    "revision \"{}\" is the last good one, deployed before the learner acts: check a later one",
                    c.revision
                )),
                Some(_) => {}
            }
            if let Some(r) = &c.rollback {
                if g.revision(r).is_none() {
                    problems.push(format!(
                        "deployment group \"{group}\" has no revision \"{r}\" to roll back to"
                    ));
                }
            }
            #[cfg(feature = "cicd")]
            problems.extend(run::validate_names(c));
        }
        problems
    }

    super::worker_family!("cicd", appspec, "deployment groups");
}
