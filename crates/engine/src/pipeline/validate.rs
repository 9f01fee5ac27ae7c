//! Reading and checking a pipeline definition: the structure of `get-pipeline`'s JSON (or
//! YAML of the same structure), then the rules a pipeline must follow (stages, sources,
//! action types, artifacts, variables, triggers).
//!
//! Field names, lengths, patterns and ranges come from the CodePipeline API reference:
//! PipelineDeclaration (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html),
//! StageDeclaration (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_StageDeclaration.html),
//! ActionDeclaration (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionDeclaration.html),
//! ActionTypeId (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionTypeId.html),
//! PipelineTriggerDeclaration and GitConfiguration
//! (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_GitConfiguration.html),
//! PipelineVariableDeclaration (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineVariableDeclaration.html).

use std::collections::BTreeMap;

use super::model::*;
use super::providers::{self, CFN_ACTION_MODES};
use super::rules::{Diagnostic, Rule, Severity};
use crate::tree::{self, Format, Node, Pos, Value};

/// What `validate` found: the pipeline (as much as could be read) and the findings, in the
/// order of the text.
#[derive(Clone, Debug)]
pub struct Report {
    pub pipeline: Option<Pipeline>,
    pub format: Option<Format>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }
}

// Character sets of the API's patterns.
/// `[A-Za-z0-9.@\-_]+`: pipeline, stage and action names.
const NAME_CHARS: &str = "A-Za-z0-9.@-_";
/// `[a-zA-Z0-9_\-]+`: artifact names.
const ARTIFACT_CHARS: &str = "A-Za-z0-9_-";
/// `[A-Za-z0-9@\-_]+`: namespaces and pipeline variable names.
const NAMESPACE_CHARS: &str = "A-Za-z0-9@-_";
/// `[0-9A-Za-z_-]+`: provider and version of an action type.
const PROVIDER_CHARS: &str = "A-Za-z0-9_-";

fn allowed_char(c: char, set: &str) -> bool {
    c.is_ascii_alphanumeric() && set.starts_with("A-Za-z0-9") || set[9..].contains(c)
}

/// Where the pieces of an action are written, for findings made after reading.
#[derive(Default)]
struct ActionAt {
    name: Pos,
    type_id: Pos,
    config: Pos,
    config_keys: BTreeMap<String, Pos>,
    config_values: BTreeMap<String, Pos>,
    inputs: Vec<Pos>,
    outputs: Vec<Pos>,
    namespace: Pos,
}

struct StageAt {
    name: Pos,
    on_failure: Pos,
    actions_at: Vec<ActionAt>,
}

struct Ck {
    diags: Vec<Diagnostic>,
}

impl Ck {
    fn push(&mut self, pos: Pos, rule: Rule, args: &[&str]) {
        self.diags.push(Diagnostic {
            pos,
            rule,
            args: args.iter().map(|s| s.to_string()).collect(),
        });
    }

    /// Checks a mapping's keys: duplicates, unknown ones, missing required ones. False when
    /// the node is not a mapping (reported).
    fn keys(&mut self, node: &Node, at: &str, allowed: &[&str], required: &[&str]) -> bool {
        let Some(entries) = node.as_map() else {
            self.push(node.pos, Rule::WrongType, &[at, "mapping", node.kind()]);
            return false;
        };
        let mut seen: Vec<&str> = Vec::new();
        for (k, _) in entries {
            if seen.contains(&k.name.as_str()) {
                self.push(k.pos, Rule::DuplicateKey, &[&k.name]);
                continue;
            }
            seen.push(&k.name);
            if !allowed.contains(&k.name.as_str()) {
                let n = near(&k.name, allowed.iter().copied());
                self.push(k.pos, Rule::UnknownKey, &[at, &k.name, &n]);
            }
        }
        for r in required {
            if node.get(r).is_none() {
                self.push(node.pos, Rule::MissingKey, &[at, r]);
            }
        }
        true
    }

    /// A string value (numbers count: YAML may leave them unquoted).
    fn string(&mut self, node: &Node, at: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Number(_, text) => Some(text.clone()),
            _ => {
                self.push(node.pos, Rule::WrongType, &[at, "string", node.kind()]);
                None
            }
        }
    }

    /// A string of `min..=max` characters from `chars` (any characters when empty).
    fn name(
        &mut self,
        node: &Node,
        at: &str,
        min: usize,
        max: usize,
        chars: &str,
    ) -> Option<String> {
        let s = self.string(node, at)?;
        let len = s.chars().count();
        let bad_char = !chars.is_empty() && s.chars().any(|c| !allowed_char(c, chars));
        if len < min || len > max || bad_char {
            self.push(
                node.pos,
                Rule::BadName,
                &[at, &s, &min.to_string(), &max.to_string(), chars],
            );
        }
        Some(s)
    }

    /// An integer in `min..=max`.
    fn int(&mut self, node: &Node, at: &str, min: i64, max: i64) -> Option<i64> {
        let n = match &node.value {
            Value::Number(v, _) if v.fract() == 0.0 && v.abs() < 1e15 => *v as i64,
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse::<i64>().ok()?,
            _ => {
                self.push(node.pos, Rule::WrongType, &[at, "integer", node.kind()]);
                return None;
            }
        };
        if n < min || n > max {
            self.push(
                node.pos,
                Rule::OutOfRange,
                &[at, &n.to_string(), &min.to_string(), &max.to_string()],
            );
        }
        Some(n)
    }

    /// One of `allowed`.
    fn one_of(&mut self, node: &Node, at: &str, allowed: &[&str]) -> Option<String> {
        let s = self.string(node, at)?;
        if !allowed.contains(&s.as_str()) {
            self.push(node.pos, Rule::BadValue, &[at, &s, &allowed.join("|")]);
            return None;
        }
        Some(s)
    }

    /// The items of a list, `min..=max` of them (`what` names the quota).
    fn list<'n>(
        &mut self,
        node: &'n Node,
        at: &str,
        what: &str,
        min: usize,
        max: usize,
    ) -> &'n [Node] {
        let Some(items) = node.as_seq() else {
            self.push(node.pos, Rule::WrongType, &[at, "list", node.kind()]);
            return &[];
        };
        if items.len() < min || items.len() > max {
            self.push(
                node.pos,
                Rule::Quota,
                &[
                    what,
                    &items.len().to_string(),
                    &min.to_string(),
                    &max.to_string(),
                    at,
                ],
            );
        }
        items
    }
}

/// Up to three names close to `name`, joined with ", " (empty when none is close).
pub(crate) fn near<'n>(name: &str, names: impl Iterator<Item = &'n str>) -> String {
    let lower = name.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = names
        .map(|n| {
            (
                crate::text::edit_distance(&lower, &n.to_ascii_lowercase()),
                n,
            )
        })
        .filter(|(d, n)| *d <= 2.max(n.chars().count() / 4))
        .collect();
    scored.sort();
    scored.dedup();
    scored
        .into_iter()
        .take(3)
        .map(|(_, n)| n)
        .collect::<Vec<_>>()
        .join(", ")
}

const TOP_KEYS: &[&str] = &["pipeline", "metadata", "tags"];
const PIPELINE_KEYS: &[&str] = &[
    "name",
    "roleArn",
    "artifactStore",
    "artifactStores",
    "stages",
    "version",
    "executionMode",
    "pipelineType",
    "variables",
    "triggers",
];
const STAGE_KEYS: &[&str] = &[
    "name",
    "blockers",
    "actions",
    "onFailure",
    "onSuccess",
    "beforeEntry",
];
const ACTION_KEYS: &[&str] = &[
    "name",
    "actionTypeId",
    "runOrder",
    "configuration",
    "commands",
    "outputArtifacts",
    "inputArtifacts",
    "outputVariables",
    "roleArn",
    "region",
    "namespace",
    "timeoutInMinutes",
    "environmentVariables",
];
const TYPE_ID_KEYS: &[&str] = &["category", "owner", "provider", "version"];

/// Reads and checks a pipeline definition (JSON or YAML). Never panics.
pub fn validate(text: &str) -> Report {
    let mut ck = Ck { diags: Vec::new() };
    let (root, format) = match tree::parse(text) {
        Ok(r) => r,
        Err(e) => {
            ck.push(e.pos, Rule::Syntax, &[&e.message]);
            return Report {
                pipeline: None,
                format: Some(e.format),
                diagnostics: ck.diags,
            };
        }
    };
    let decl = if root.get("pipeline").is_some() {
        ck.keys(&root, "(top level)", TOP_KEYS, &[]);
        root.get("pipeline")
    } else if root.as_map().is_some() && root.get("stages").is_some() {
        Some(&root)
    } else {
        ck.push(root.pos, Rule::NotAPipeline, &[root.kind()]);
        None
    };
    let pipeline = decl.and_then(|d| read_pipeline(&mut ck, d));
    let mut diags = ck.diags;
    diags.sort_by_key(|d| d.pos);
    Report {
        pipeline,
        format: Some(format),
        diagnostics: diags,
    }
}

fn read_pipeline(ck: &mut Ck, d: &Node) -> Option<Pipeline> {
    if !ck.keys(d, "pipeline", PIPELINE_KEYS, &["name", "roleArn", "stages"]) {
        return None;
    }
    let name = d
        .get("name")
        .and_then(|n| ck.name(n, "pipeline.name", 1, 100, NAME_CHARS))
        .unwrap_or_default();
    if let Some(r) = d.get("roleArn") {
        if let Some(arn) = ck.string(r, "pipeline.roleArn") {
            if arn.len() > 1024 || !arn.starts_with("arn:") {
                ck.push(
                    r.pos,
                    Rule::BadName,
                    &["pipeline.roleArn", &arn, "1", "1024", "arn:"],
                );
            }
        }
    }
    match (d.get("artifactStore"), d.get("artifactStores")) {
        (Some(_), Some(_)) => ck.push(
            d.key("artifactStores").map_or(d.pos, |k| k.pos),
            Rule::ArtifactStore,
            &["both"],
        ),
        (None, None) => ck.push(d.pos, Rule::ArtifactStore, &["none"]),
        (Some(s), None) => artifact_store(ck, s, "pipeline.artifactStore"),
        (None, Some(s)) => {
            // A map of Region to artifact store.
            if s.as_map().is_none() {
                ck.push(
                    s.pos,
                    Rule::WrongType,
                    &["pipeline.artifactStores", "mapping", s.kind()],
                );
            }
            if let Some(entries) = s.as_map() {
                for (k, v) in entries {
                    artifact_store(ck, v, &format!("pipeline.artifactStores.{}", k.name));
                }
            }
        }
    }
    if let Some(v) = d.get("version") {
        ck.int(v, "pipeline.version", 1, i64::MAX);
    }
    let pipeline_type = match d
        .get("pipelineType")
        .and_then(|n| ck.one_of(n, "pipeline.pipelineType", &["V1", "V2"]))
        .as_deref()
    {
        Some("V2") => PipelineType::V2,
        _ => PipelineType::V1,
    };
    let mode_node = d.get("executionMode");
    let execution_mode = match mode_node
        .and_then(|n| {
            ck.one_of(
                n,
                "pipeline.executionMode",
                &["QUEUED", "SUPERSEDED", "PARALLEL"],
            )
        })
        .as_deref()
    {
        Some("QUEUED") => ExecutionMode::Queued,
        Some("PARALLEL") => ExecutionMode::Parallel,
        _ => ExecutionMode::Superseded,
    };
    let v2 = pipeline_type == PipelineType::V2;
    // QUEUED and PARALLEL need V2
    // (https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts-how-it-works.html):
    // the pipeline becomes V2, so a warning.
    if !v2 && execution_mode != ExecutionMode::Superseded {
        let pos = mode_node.map_or(d.pos, |n| n.pos);
        ck.push(
            pos,
            Rule::NeedsV2,
            &["executionMode", execution_mode.name()],
        );
    }
    let variables = d
        .get("variables")
        .map(|n| read_variables(ck, n, v2))
        .unwrap_or_default();
    let mut stages = Vec::new();
    let mut stages_at = Vec::new();
    if let Some(s) = d.get("stages") {
        // Number of stages in a pipeline: minimum of 2, maximum of 50
        // (https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html).
        for (i, sn) in ck
            .list(s, "pipeline.stages", "stages", 2, 50)
            .iter()
            .enumerate()
        {
            if let Some((stage, at)) = read_stage(ck, sn, i) {
                stages.push(stage);
                stages_at.push(at);
            }
        }
    }
    let triggers = d
        .get("triggers")
        .map(|n| read_triggers(ck, n, v2, &stages))
        .unwrap_or_default();
    // "Including V2 parameters, such as triggers on Git tags, in the pipeline JSON when
    // creating or updating a pipeline will result in the pipeline having the V2 type"
    // (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html).
    let v2_features = !triggers.is_empty()
        || !variables.is_empty()
        || execution_mode != ExecutionMode::Superseded;
    let pipeline_type = if v2_features {
        PipelineType::V2
    } else {
        pipeline_type
    };
    let pipeline = Pipeline {
        name,
        pipeline_type,
        execution_mode,
        stages,
        variables,
        triggers,
    };
    check_pipeline(ck, &pipeline, &stages_at);
    Some(pipeline)
}

fn artifact_store(ck: &mut Ck, s: &Node, at: &str) {
    if !ck.keys(
        s,
        at,
        &["type", "location", "encryptionKey"],
        &["type", "location"],
    ) {
        return;
    }
    if let Some(t) = s.get("type") {
        ck.one_of(t, &format!("{at}.type"), &["S3"]);
    }
    if let Some(l) = s.get("location") {
        ck.name(l, &format!("{at}.location"), 3, 63, "");
    }
    if let Some(k) = s.get("encryptionKey") {
        let kat = format!("{at}.encryptionKey");
        if ck.keys(k, &kat, &["id", "type"], &["id", "type"]) {
            if let Some(id) = k.get("id") {
                ck.name(id, &format!("{kat}.id"), 1, 400, "");
            }
            if let Some(t) = k.get("type") {
                ck.one_of(t, &format!("{kat}.type"), &["KMS"]);
            }
        }
    }
}

fn read_variables(ck: &mut Ck, n: &Node, v2: bool) -> Vec<Variable> {
    let mut out: Vec<Variable> = Vec::new();
    // Pipeline-level variables: V2 only
    // (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipeline-types.html);
    // at most 50 (PipelineDeclaration.variables).
    let items = ck.list(n, "pipeline.variables", "variables", 0, 50);
    if !v2 && !items.is_empty() {
        ck.push(n.pos, Rule::NeedsV2, &["variables", ""]);
    }
    for v in items {
        if !ck.keys(
            v,
            "pipeline.variables[]",
            &["name", "defaultValue", "description"],
            &["name"],
        ) {
            continue;
        }
        let Some(name) = v
            .get("name")
            .and_then(|x| ck.name(x, "pipeline.variables[].name", 1, 128, NAMESPACE_CHARS))
        else {
            continue;
        };
        let at = format!("pipeline.variables.{name}");
        let default_value = v
            .get("defaultValue")
            .and_then(|x| ck.name(x, &format!("{at}.defaultValue"), 1, 1000, ""));
        let description = v
            .get("description")
            .and_then(|x| ck.name(x, &format!("{at}.description"), 0, 200, ""));
        if out.iter().any(|o| o.name == name) {
            ck.push(
                v.pos,
                Rule::DuplicateName,
                &["variable", &name, "pipeline.variables"],
            );
        }
        out.push(Variable {
            name,
            default_value,
            description,
        });
    }
    out
}

fn read_filter(ck: &mut Ck, n: &Node, at: &str) -> Option<Filter> {
    if !ck.keys(n, at, &["includes", "excludes"], &[]) {
        return None;
    }
    let mut f = Filter::default();
    for (key, into) in [("includes", &mut f.includes), ("excludes", &mut f.excludes)] {
        if let Some(l) = n.get(key) {
            let kat = format!("{at}.{key}");
            // GitBranchFilterCriteria and its kin: 1 to 8 patterns of 1 to 255 characters
            // (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_GitBranchFilterCriteria.html).
            for p in ck.list(l, &kat, "filter", 1, 8) {
                if let Some(s) = ck.name(p, &kat, 1, 255, "") {
                    into.push(s);
                }
            }
        }
    }
    Some(f)
}

fn read_triggers(ck: &mut Ck, n: &Node, v2: bool, stages: &[Stage]) -> Vec<Trigger> {
    let mut out: Vec<Trigger> = Vec::new();
    // Triggers: V2 only (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-triggers.html);
    // at most 50 (PipelineDeclaration.triggers).
    let items = ck.list(n, "pipeline.triggers", "triggers", 0, 50);
    if !v2 && !items.is_empty() {
        ck.push(n.pos, Rule::NeedsV2, &["triggers", ""]);
    }
    for t in items {
        let at = "pipeline.triggers[]";
        if !ck.keys(
            t,
            at,
            &["providerType", "gitConfiguration"],
            &["providerType", "gitConfiguration"],
        ) {
            continue;
        }
        if let Some(p) = t.get("providerType") {
            ck.one_of(
                p,
                "pipeline.triggers[].providerType",
                &["CodeStarSourceConnection"],
            );
        }
        let Some(g) = t.get("gitConfiguration") else {
            continue;
        };
        let gat = "pipeline.triggers[].gitConfiguration";
        if !ck.keys(
            g,
            gat,
            &["sourceActionName", "push", "pullRequest"],
            &["sourceActionName"],
        ) {
            continue;
        }
        let mut trig = Trigger::default();
        if let Some(s) = g.get("sourceActionName") {
            if let Some(name) = ck.name(s, &format!("{gat}.sourceActionName"), 1, 100, NAME_CHARS) {
                let source = stages
                    .first()
                    .and_then(|st| st.actions.iter().find(|a| a.name == name));
                match source {
                    None => ck.push(s.pos, Rule::TriggerSource, &[&name, "missing"]),
                    Some(a) if a.provider != "CodeStarSourceConnection" => {
                        ck.push(s.pos, Rule::TriggerSource, &[&name, &a.provider])
                    }
                    Some(_) => {}
                }
                // One trigger configuration per source action (GitConfiguration).
                if out.iter().any(|o| o.source_action == name) {
                    ck.push(
                        s.pos,
                        Rule::DuplicateName,
                        &["trigger", &name, "pipeline.triggers"],
                    );
                }
                trig.source_action = name;
            }
        }
        if let Some(p) = g.get("push") {
            let pat = format!("{gat}.push");
            for f in ck.list(p, &pat, "push", 1, 3) {
                if !ck.keys(f, &pat, &["tags", "branches", "filePaths"], &[]) {
                    continue;
                }
                trig.push.push(PushFilter {
                    tags: f
                        .get("tags")
                        .and_then(|x| read_filter(ck, x, &format!("{pat}.tags"))),
                    branches: f
                        .get("branches")
                        .and_then(|x| read_filter(ck, x, &format!("{pat}.branches"))),
                    file_paths: f
                        .get("filePaths")
                        .and_then(|x| read_filter(ck, x, &format!("{pat}.filePaths"))),
                });
            }
        }
        if let Some(p) = g.get("pullRequest") {
            let pat = format!("{gat}.pullRequest");
            for f in ck.list(p, &pat, "pull-request", 1, 3) {
                if !ck.keys(f, &pat, &["events", "branches", "filePaths"], &[]) {
                    continue;
                }
                let mut events = Vec::new();
                if let Some(e) = f.get("events") {
                    let eat = format!("{pat}.events");
                    for ev in ck.list(e, &eat, "filter", 1, 3) {
                        if let Some(v) = ck.one_of(ev, &eat, &["OPEN", "UPDATED", "CLOSED"]) {
                            events.push(v);
                        }
                    }
                }
                trig.pull_request.push(PullRequestFilter {
                    events,
                    branches: f
                        .get("branches")
                        .and_then(|x| read_filter(ck, x, &format!("{pat}.branches"))),
                    file_paths: f
                        .get("filePaths")
                        .and_then(|x| read_filter(ck, x, &format!("{pat}.filePaths"))),
                });
            }
        }
        out.push(trig);
    }
    out
}

fn read_stage(ck: &mut Ck, sn: &Node, index: usize) -> Option<(Stage, StageAt)> {
    let fallback = format!("stages[{index}]");
    let label = sn
        .get("name")
        .and_then(Node::as_str)
        .unwrap_or(&fallback)
        .to_string();
    if !ck.keys(sn, &label, STAGE_KEYS, &["name", "actions"]) {
        return None;
    }
    let name = sn
        .get("name")
        .and_then(|n| ck.name(n, &format!("{fallback}.name"), 1, 100, NAME_CHARS))
        .unwrap_or(fallback);
    let mut at = StageAt {
        name: sn.get("name").map_or(sn.pos, |n| n.pos),
        on_failure: sn.pos,
        actions_at: Vec::new(),
    };
    let mut actions = Vec::new();
    if let Some(list) = sn.get("actions") {
        // Number of actions in a stage: minimum of 1, maximum of 50 (quotas page).
        for (i, an) in ck
            .list(list, &format!("{name}.actions"), "actions", 1, 50)
            .iter()
            .enumerate()
        {
            if let Some((a, aat)) = read_action(ck, an, &name, i) {
                actions.push(a);
                at.actions_at.push(aat);
            }
        }
    }
    let mut on_failure = None;
    if let Some(f) = sn.get("onFailure") {
        at.on_failure = f.pos;
        let fat = format!("{name}.onFailure");
        // FailureConditions: result, retryConfiguration, conditions
        // (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_FailureConditions.html).
        if ck.keys(
            f,
            &fat,
            &["result", "retryConfiguration", "conditions"],
            &[],
        ) {
            if let Some(r) = f.get("result") {
                on_failure = match ck
                    .one_of(
                        r,
                        &format!("{fat}.result"),
                        &["ROLLBACK", "FAIL", "RETRY", "SKIP"],
                    )
                    .as_deref()
                {
                    Some("ROLLBACK") => Some(OnFailure::Rollback),
                    Some("RETRY") => Some(OnFailure::Retry),
                    _ => None,
                };
            }
            if let Some(rc) = f.get("retryConfiguration") {
                let rat = format!("{fat}.retryConfiguration");
                if ck.keys(rc, &rat, &["retryMode"], &[]) {
                    if let Some(m) = rc.get("retryMode") {
                        ck.one_of(
                            m,
                            &format!("{rat}.retryMode"),
                            &["ALL_ACTIONS", "FAILED_ACTIONS"],
                        );
                    }
                }
            }
            if let Some(c) = f.get("conditions") {
                conditions(ck, c, &format!("{fat}.conditions"));
            }
        }
    }
    for key in ["onSuccess", "beforeEntry"] {
        if let Some(c) = sn.get(key) {
            let cat = format!("{name}.{key}");
            // SuccessConditions / BeforeEntryConditions: conditions, required
            // (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_BeforeEntryConditions.html).
            if ck.keys(c, &cat, &["conditions"], &["conditions"]) {
                if let Some(list) = c.get("conditions") {
                    conditions(ck, list, &format!("{cat}.conditions"));
                }
            }
        }
    }
    if let Some(b) = sn.get("blockers") {
        for item in ck.list(b, &format!("{name}.blockers"), "blockers", 0, usize::MAX) {
            ck.keys(
                item,
                &format!("{name}.blockers[]"),
                &["name", "type"],
                &["name", "type"],
            );
        }
    }
    Some((
        Stage {
            name,
            actions,
            on_failure,
        },
        at,
    ))
}

/// Stage conditions: their shape is checked, not the rules they run.
fn conditions(ck: &mut Ck, n: &Node, at: &str) {
    // Condition: result, rules (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_Condition.html).
    for c in ck.list(n, at, "conditions", 1, 1) {
        if !ck.keys(c, at, &["result", "rules"], &[]) {
            continue;
        }
        if let Some(r) = c.get("result") {
            ck.one_of(
                r,
                &format!("{at}.result"),
                &["ROLLBACK", "FAIL", "RETRY", "SKIP"],
            );
        }
        if let Some(rules) = c.get("rules") {
            let rat = format!("{at}.rules");
            // RuleDeclaration (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_RuleDeclaration.html).
            for r in ck.list(rules, &rat, "rules", 1, 5) {
                ck.keys(
                    r,
                    &rat,
                    &[
                        "name",
                        "ruleTypeId",
                        "configuration",
                        "commands",
                        "inputArtifacts",
                        "roleArn",
                        "region",
                        "timeoutInMinutes",
                    ],
                    &["name", "ruleTypeId"],
                );
            }
            ck.push(rules.pos, Rule::NotChecked, &[&rat, "conditions"]);
        }
    }
}

fn read_action(ck: &mut Ck, an: &Node, stage: &str, index: usize) -> Option<(Action, ActionAt)> {
    let fallback = format!("{stage}.actions[{index}]");
    let label = match an.get("name").and_then(Node::as_str) {
        Some(n) => format!("{stage}/{n}"),
        None => fallback.clone(),
    };
    if !ck.keys(an, &label, ACTION_KEYS, &["name", "actionTypeId"]) {
        return None;
    }
    let name = an
        .get("name")
        .and_then(|n| ck.name(n, &format!("{fallback}.name"), 1, 100, NAME_CHARS))
        .unwrap_or_else(|| fallback.clone());
    let at = format!("{stage}/{name}");
    let mut pos = ActionAt {
        name: an.get("name").map_or(an.pos, |n| n.pos),
        type_id: an.get("actionTypeId").map_or(an.pos, |n| n.pos),
        config: an.get("configuration").map_or(an.pos, |n| n.pos),
        namespace: an.get("namespace").map_or(an.pos, |n| n.pos),
        ..ActionAt::default()
    };
    let mut category = None;
    let mut owner = None;
    let mut provider = String::new();
    let mut version = String::new();
    if let Some(t) = an.get("actionTypeId") {
        let tat = format!("{at}.actionTypeId");
        if ck.keys(t, &tat, TYPE_ID_KEYS, TYPE_ID_KEYS) {
            let names: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
            category = t
                .get("category")
                .and_then(|c| ck.one_of(c, &format!("{tat}.category"), &names))
                .and_then(|c| Category::from_name(&c));
            owner = t
                .get("owner")
                .and_then(|c| {
                    ck.one_of(c, &format!("{tat}.owner"), &["AWS", "ThirdParty", "Custom"])
                })
                .and_then(|c| Owner::from_name(&c));
            provider = t
                .get("provider")
                .and_then(|c| ck.name(c, &format!("{tat}.provider"), 1, 35, PROVIDER_CHARS))
                .unwrap_or_default();
            version = t
                .get("version")
                .and_then(|c| ck.name(c, &format!("{tat}.version"), 1, 9, PROVIDER_CHARS))
                .unwrap_or_default();
        }
    }
    let run_order = an
        .get("runOrder")
        .and_then(|n| ck.int(n, &format!("{at}.runOrder"), 1, 999))
        .map_or(1, |n| n.clamp(1, 999) as u32);
    let timeout_minutes = an
        .get("timeoutInMinutes")
        .and_then(|n| ck.int(n, &format!("{at}.timeoutInMinutes"), 5, 86_400))
        .map(|n| n.clamp(5, 86_400) as u32);
    let mut configuration = BTreeMap::new();
    if let Some(c) = an.get("configuration") {
        let cat = format!("{at}.configuration");
        if let Some(entries) = c.as_map() {
            for (k, v) in entries {
                if configuration.contains_key(&k.name) {
                    ck.push(k.pos, Rule::DuplicateKey, &[&k.name]);
                    continue;
                }
                let kat = format!("{cat}.{}", k.name);
                if k.name.is_empty() || k.name.chars().count() > 50 {
                    ck.push(k.pos, Rule::BadName, &[&cat, &k.name, "1", "50", ""]);
                }
                // A string-to-string map: values of 1 to 1,000 characters (ActionDeclaration).
                if let Some(s) = ck.name(v, &kat, 1, 1000, "") {
                    pos.config_keys.insert(k.name.clone(), k.pos);
                    pos.config_values.insert(k.name.clone(), v.pos);
                    configuration.insert(k.name.clone(), s);
                }
            }
        } else {
            ck.push(c.pos, Rule::WrongType, &[&cat, "mapping", c.kind()]);
        }
    }
    let artifacts = |key: &str, into: &mut Vec<String>, at_list: &mut Vec<Pos>, ck: &mut Ck| {
        if let Some(l) = an.get(key) {
            let lat = format!("{at}.{key}");
            for item in ck.list(l, &lat, key, 0, usize::MAX) {
                let allowed: &[&str] = if key == "outputArtifacts" {
                    &["name", "files"]
                } else {
                    &["name"]
                };
                if !ck.keys(item, &lat, allowed, &["name"]) {
                    continue;
                }
                if let Some(n) = item.get("name") {
                    // Artifact names: 1 to 100 characters of [a-zA-Z0-9_\-]
                    // (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_InputArtifact.html).
                    if let Some(s) = ck.name(n, &format!("{lat}.name"), 1, 100, ARTIFACT_CHARS) {
                        into.push(s);
                        at_list.push(n.pos);
                    }
                }
            }
        }
    };
    let mut input_artifacts = Vec::new();
    let mut output_artifacts = Vec::new();
    artifacts("inputArtifacts", &mut input_artifacts, &mut pos.inputs, ck);
    artifacts(
        "outputArtifacts",
        &mut output_artifacts,
        &mut pos.outputs,
        ck,
    );
    let namespace = an
        .get("namespace")
        .and_then(|n| ck.name(n, &format!("{at}.namespace"), 1, 100, NAMESPACE_CHARS));
    let region = an
        .get("region")
        .and_then(|n| ck.name(n, &format!("{at}.region"), 4, 30, ""));
    if let Some(r) = an.get("roleArn") {
        ck.name(r, &format!("{at}.roleArn"), 1, 1024, "");
    }
    if let Some(c) = an.get("commands") {
        for item in ck.list(c, &format!("{at}.commands"), "commands", 1, 50) {
            ck.name(item, &format!("{at}.commands"), 1, 1000, "");
        }
    }
    if let Some(v) = an.get("outputVariables") {
        for item in ck.list(
            v,
            &format!("{at}.outputVariables"),
            "outputVariables",
            1,
            15,
        ) {
            ck.name(item, &format!("{at}.outputVariables"), 1, 128, "");
        }
    }
    if let Some(v) = an.get("environmentVariables") {
        let vat = format!("{at}.environmentVariables");
        for item in ck.list(v, &vat, "environmentVariables", 1, 10) {
            ck.keys(item, &vat, &["name", "value", "type"], &["name", "value"]);
        }
    }
    let (Some(category), Some(owner)) = (category, owner) else {
        return None;
    };
    Some((
        Action {
            name,
            category,
            owner,
            provider,
            version,
            run_order,
            configuration,
            input_artifacts,
            output_artifacts,
            namespace,
            region,
            timeout_minutes,
        },
        pos,
    ))
}

/// Whether action `a` (stage `sa`, run order `ra`) runs strictly before `b` (`sb`, `rb`).
fn before(sa: usize, ra: u32, sb: usize, rb: u32) -> bool {
    sa < sb || (sa == sb && ra < rb)
}

fn check_pipeline(ck: &mut Ck, p: &Pipeline, at: &[StageAt]) {
    // Stage names unique in a pipeline, action names unique in a stage (quotas page).
    for (i, s) in p.stages.iter().enumerate() {
        if p.stages[..i].iter().any(|o| o.name == s.name) {
            ck.push(
                at[i].name,
                Rule::DuplicateName,
                &["stage", &s.name, "pipeline"],
            );
        }
        for (j, a) in s.actions.iter().enumerate() {
            if s.actions[..j].iter().any(|o| o.name == a.name) {
                ck.push(
                    at[i].actions_at[j].name,
                    Rule::DuplicateName,
                    &["action", &a.name, &s.name],
                );
            }
        }
    }
    // The first stage holds only Source actions, and Source actions only go there
    // (https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-requirements.html).
    for (i, s) in p.stages.iter().enumerate() {
        for (j, a) in s.actions.iter().enumerate() {
            let apos = at[i].actions_at[j].type_id;
            if i == 0 && a.category != Category::Source {
                ck.push(
                    apos,
                    Rule::FirstStageNotSource,
                    &[&s.name, &a.name, a.category.name()],
                );
            } else if i > 0 && a.category == Category::Source {
                ck.push(apos, Rule::SourceOutsideFirstStage, &[&s.name, &a.name]);
            }
        }
    }
    for (i, s) in p.stages.iter().enumerate() {
        for (j, a) in s.actions.iter().enumerate() {
            check_action_type(ck, a, &at[i].actions_at[j]);
        }
    }
    check_artifacts(ck, p, at);
    check_variables(ck, p, at);
    // No ROLLBACK in PARALLEL mode
    // (https://docs.aws.amazon.com/codepipeline/latest/userguide/execution-modes.html).
    if p.execution_mode == ExecutionMode::Parallel {
        for (i, s) in p.stages.iter().enumerate() {
            if s.on_failure == Some(OnFailure::Rollback) {
                ck.push(at[i].on_failure, Rule::RollbackParallel, &[&s.name]);
            }
        }
    }
}

fn check_action_type(ck: &mut Ck, a: &Action, at: &ActionAt) {
    let where_ = a.name.as_str();
    let Some(prov) = providers::find(a.category, a.owner, &a.provider) else {
        match a.owner {
            // Custom actions are registered per account: any provider may exist.
            Owner::Custom => {
                ck.push(
                    at.type_id,
                    Rule::NotChecked,
                    &[&format!("{where_}: Custom/{}", a.provider), "custom"],
                );
            }
            Owner::ThirdParty => {
                ck.push(
                    at.type_id,
                    Rule::NotChecked,
                    &[&format!("{where_}: ThirdParty/{}", a.provider), "partner"],
                );
            }
            Owner::Aws => {
                let elsewhere = providers::categories_of(Owner::Aws, &a.provider);
                let hint = if elsewhere.is_empty() {
                    near(&a.provider, providers::names_in(a.category, Owner::Aws))
                } else {
                    elsewhere
                        .iter()
                        .map(|c| c.name())
                        .collect::<Vec<_>>()
                        .join("|")
                };
                ck.push(
                    at.type_id,
                    Rule::ActionType,
                    &[
                        where_,
                        a.category.name(),
                        a.owner.name(),
                        &a.provider,
                        &hint,
                    ],
                );
            }
        }
        if a.owner != Owner::Aws {
            // Custom and partner actions: 0 to 5 input and 0 to 5 output artifacts
            // (reference-action-artifacts).
            artifact_count(ck, a, at, (0, 5), (0, 5));
        }
        return;
    };
    if !prov.versions.contains(&a.version.as_str()) {
        ck.push(
            at.type_id,
            Rule::ActionVersion,
            &[where_, prov.name, &a.version, &prov.versions.join("|")],
        );
    }
    artifact_count(ck, a, at, prov.inputs, prov.outputs);
    let mut required: Vec<(&str, String)> =
        prov.required.iter().map(|k| (*k, String::new())).collect();
    if prov.name == "CloudFormation" {
        if let Some(mode) = a.configuration.get("ActionMode") {
            if CFN_ACTION_MODES.contains(&mode.as_str()) {
                for k in providers::cfn_required(mode) {
                    required.push((k, format!("ActionMode={mode}")));
                }
            }
        }
    }
    for (key, condition) in &required {
        if !a.configuration.contains_key(*key) {
            ck.push(
                at.config,
                Rule::ConfigRequired,
                &[where_, prov.name, key, condition],
            );
        }
    }
    if let Some(optional) = prov.optional {
        for key in a.configuration.keys() {
            if !prov.required.contains(&key.as_str()) && !optional.contains(&key.as_str()) {
                let n = near(key, prov.required.iter().chain(optional.iter()).copied());
                let pos = at.config_keys.get(key).copied().unwrap_or(at.config);
                ck.push(pos, Rule::ConfigUnknown, &[where_, prov.name, key, &n]);
            }
        }
    }
    // Allowed values, from each provider's reference page.
    let enums: &[(&str, &[&str])] = &[
        ("PollForSourceChanges", &["true", "false"]),
        ("DetectChanges", &["true", "false"]),
        ("BatchEnabled", &["true", "false"]),
        ("Extract", &["true", "false"]),
        ("OutputArtifactFormat", &["CODE_ZIP", "CODEBUILD_CLONE_REF"]),
        ("ActionMode", CFN_ACTION_MODES),
    ];
    for (key, allowed) in enums {
        if let Some(v) = a.configuration.get(*key) {
            let ok = if *key == "ActionMode" || *key == "OutputArtifactFormat" {
                allowed.contains(&v.as_str())
            } else {
                allowed.contains(&v.to_ascii_lowercase().as_str())
            };
            if !ok && !v.contains("#{") {
                let pos = at.config_values.get(*key).copied().unwrap_or(at.config);
                ck.push(
                    pos,
                    Rule::ConfigValue,
                    &[where_, key, v, &allowed.join("|")],
                );
            }
        }
    }
    if prov.name == "CloudFormation" {
        if let Some(v) = a.configuration.get("Capabilities") {
            let allowed = [
                "CAPABILITY_IAM",
                "CAPABILITY_NAMED_IAM",
                "CAPABILITY_AUTO_EXPAND",
            ];
            for cap in v.split(',') {
                if !allowed.contains(&cap.trim()) {
                    let pos = at
                        .config_values
                        .get("Capabilities")
                        .copied()
                        .unwrap_or(at.config);
                    ck.push(
                        pos,
                        Rule::ConfigValue,
                        &[where_, "Capabilities", cap, &allowed.join("|")],
                    );
                }
            }
        }
    }
}

fn artifact_count(
    ck: &mut Ck,
    a: &Action,
    at: &ActionAt,
    inputs: (usize, usize),
    outputs: (usize, usize),
) {
    for (which, n, (min, max)) in [
        ("input", a.input_artifacts.len(), inputs),
        ("output", a.output_artifacts.len(), outputs),
    ] {
        if n < min || n > max {
            ck.push(
                at.type_id,
                Rule::ArtifactCount,
                &[
                    &a.name,
                    which,
                    &n.to_string(),
                    &min.to_string(),
                    &max.to_string(),
                    &a.provider,
                ],
            );
        }
    }
}

fn check_artifacts(ck: &mut Ck, p: &Pipeline, at: &[StageAt]) {
    // Output artifact names are unique in a pipeline
    // (https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html).
    let mut producers: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, s) in p.stages.iter().enumerate() {
        for (j, a) in s.actions.iter().enumerate() {
            for (k, o) in a.output_artifacts.iter().enumerate() {
                if producers.contains_key(o.as_str()) {
                    let pos = at[i].actions_at[j]
                        .outputs
                        .get(k)
                        .copied()
                        .unwrap_or_default();
                    ck.push(pos, Rule::DuplicateName, &["output-artifact", o, &a.name]);
                } else {
                    producers.insert(o, (i, j));
                }
            }
        }
    }
    // Every input artifact is the output of an action that ran before.
    for (i, s) in p.stages.iter().enumerate() {
        for (j, a) in s.actions.iter().enumerate() {
            for (k, input) in a.input_artifacts.iter().enumerate() {
                let pos = at[i].actions_at[j]
                    .inputs
                    .get(k)
                    .copied()
                    .unwrap_or_default();
                match producers.get(input.as_str()) {
                    None => {
                        let n = near(input, producers.keys().copied());
                        ck.push(pos, Rule::ArtifactMissing, &[&a.name, input, &n]);
                    }
                    Some(&(pi, pj)) => {
                        let prod = &p.stages[pi].actions[pj];
                        if before(pi, prod.run_order, i, a.run_order) {
                            continue;
                        }
                        let why = if (pi, pj) == (i, j) {
                            "self"
                        } else if pi == i && prod.run_order == a.run_order {
                            "parallel"
                        } else {
                            "later"
                        };
                        ck.push(
                            pos,
                            Rule::ArtifactCycle,
                            &[&a.name, input, &prod.name, &p.stages[pi].name, why],
                        );
                    }
                }
            }
        }
    }
}

/// The `#{…}` references in a text: each one's inside.
pub(crate) fn references(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("#{") {
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                out.push(&after[..end]);
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

fn check_variables(ck: &mut Ck, p: &Pipeline, at: &[StageAt]) {
    // Namespaces are unique in a pipeline
    // (https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-variables.html).
    let mut namespaces: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, s) in p.stages.iter().enumerate() {
        for (j, a) in s.actions.iter().enumerate() {
            if let Some(ns) = &a.namespace {
                if namespaces.contains_key(ns.as_str()) {
                    ck.push(
                        at[i].actions_at[j].namespace,
                        Rule::DuplicateName,
                        &["namespace", ns, &a.name],
                    );
                } else {
                    namespaces.insert(ns, (i, j));
                }
            }
        }
    }
    for (i, s) in p.stages.iter().enumerate() {
        for (j, a) in s.actions.iter().enumerate() {
            let aat = &at[i].actions_at[j];
            for (key, value) in &a.configuration {
                let pos = aat.config_values.get(key).copied().unwrap_or(aat.config);
                let where_ = format!("{}/{}.configuration.{key}", s.name, a.name);
                for r in references(value) {
                    let reference = format!("#{{{r}}}");
                    let Some((ns, var)) = r.split_once('.') else {
                        ck.push(pos, Rule::VariableSyntax, &[&where_, &reference]);
                        continue;
                    };
                    if ns.is_empty() || var.is_empty() {
                        ck.push(pos, Rule::VariableSyntax, &[&where_, &reference]);
                        continue;
                    }
                    match ns {
                        // #{codepipeline.PipelineExecutionId} is always there
                        // (https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-variables.html).
                        "codepipeline" => {}
                        "variables" => {
                            if !p.variables.iter().any(|v| v.name == var) {
                                let n = near(var, p.variables.iter().map(|v| v.name.as_str()));
                                ck.push(
                                    pos,
                                    Rule::VariableUndefined,
                                    &[&where_, &reference, var, &n],
                                );
                            }
                        }
                        _ => match namespaces.get(ns) {
                            None => {
                                let n = near(ns, namespaces.keys().copied());
                                ck.push(
                                    pos,
                                    Rule::VariableNamespace,
                                    &[&where_, &reference, ns, &n],
                                );
                            }
                            Some(&(pi, pj)) => {
                                let prod = &p.stages[pi].actions[pj];
                                if !before(pi, prod.run_order, i, a.run_order) {
                                    ck.push(
                                        pos,
                                        Rule::VariableOrder,
                                        &[&where_, &reference, ns, &prod.name],
                                    );
                                }
                            }
                        },
                    }
                }
            }
        }
    }
}
