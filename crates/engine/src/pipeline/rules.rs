//! The validation rules of a pipeline definition: each has a stable id, a severity, and the
//! values its message needs (the messages are worded by the lab model, in the learner's
//! language: `course::cicd::pipeline`).

pub use crate::tree::Severity;
use crate::tree::{rules, Pos};

rules! {
    Syntax = "syntax" Error, "The text is not valid YAML or JSON. Args: the parser's message.";
    NotAPipeline = "not-a-pipeline" Error, "The document is not a pipeline definition (a mapping with `pipeline`, or with `name` and `stages`). Args: the kind found.";
    DuplicateKey = "duplicate-key" Error, "A key written twice in one mapping. Args: key.";
    UnknownKey = "unknown-key" Error, "A key the structure does not have. Args: where, key, near keys.";
    ArtifactStore = "artifact-store" Error, "Both artifactStore and artifactStores, or neither. Args: `both` or `none`.";
    MissingKey = "missing-key" Error, "A required key left out. Args: where, key.";
    WrongType = "type" Error, "A value of the wrong kind. Args: where, expected kind, found kind (kind codes: `string`, `integer`, `list`, `mapping`, `boolean`, `number`, `null`).";
    BadValue = "value" Error, "A value outside its allowed values. Args: where, value, allowed values joined by `|`.";
    BadName = "name" Error, "A name or string that breaks its documented length or characters. Args: where, value, min length, max length, allowed characters.";
    OutOfRange = "range" Error, "A number outside its documented range. Args: where, value, min, max.";
    Quota = "quota" Error, "More (or fewer) of something than CodePipeline allows. Args: what (`stages`, `actions`, `variables`, `triggers`, `push`, `pull-request`, `filter`, `input-artifacts`, `output-artifacts`), count, min, max, where.";
    DuplicateName = "duplicate-name" Error, "A name that must be unique used twice. Args: what (`stage`, `action`, `output-artifact`, `namespace`, `variable`, `trigger`), name, where.";
    FirstStageNotSource = "first-stage-source" Error, "The first stage holds an action that is not a Source action, or no action at all. Args: stage, action (empty when none), category.";
    SourceOutsideFirstStage = "source-stage" Error, "A Source action in a stage other than the first. Args: stage, action.";
    ActionType = "action-type" Error, "A provider that CodePipeline does not offer for that category and owner. Args: action, category, owner, provider, near providers or the categories where it exists.";
    ActionVersion = "action-version" Error, "An action type version the provider does not have. Args: action, provider, version, allowed versions.";
    ConfigRequired = "configuration-required" Error, "A configuration key the provider requires is missing. Args: action, provider, key, condition (empty, or `ActionMode=…`).";
    ConfigUnknown = "configuration-unknown" Warning, "A configuration key the provider's reference does not list. Args: action, provider, key, near keys.";
    ConfigValue = "configuration-value" Error, "A configuration value outside its allowed values. Args: action, key, value, allowed values joined by `|`.";
    ArtifactCount = "artifact-count" Error, "More or fewer input or output artifacts than the action type takes. Args: action, `input` or `output`, count, min, max, provider.";
    ArtifactMissing = "artifact-missing" Error, "An input artifact no action produces. Args: action, artifact, near artifact names.";
    ArtifactCycle = "artifact-order" Error, "An input artifact produced by the action itself, by an action running at the same time, or later. Args: action, artifact, producer action, producer stage, `self`, `parallel` or `later`.";
    VariableSyntax = "variable-syntax" Warning, "A `#{…}` reference that is not `#{namespace.variable}`. Args: where, the reference.";
    VariableNamespace = "variable-namespace" Error, "A `#{namespace.variable}` reference to a namespace no action declares. Args: where, reference, namespace, near namespaces.";
    VariableOrder = "variable-order" Error, "A reference to the variables of an action that does not run before this one. Args: where, reference, namespace, producer action.";
    VariableUndefined = "variable-undefined" Error, "A `#{variables.name}` reference to a pipeline variable not declared. Args: where, reference, name, near names.";
    NeedsV2 = "needs-v2" Warning, "A V2 feature in a pipeline not declared V2: CodePipeline makes it a V2 pipeline (V2 pricing). Args: what (`triggers`, `variables`, `executionMode`), value.";
    TriggerSource = "trigger-source" Error, "A trigger's sourceActionName that is not a CodeStarSourceConnection source action. Args: name, `missing` or the provider it has.";
    RollbackParallel = "rollback-parallel" Error, "A ROLLBACK failure condition in a PARALLEL pipeline. Args: stage.";
    NotChecked = "not-checked" Warning, "Part of the definition this engine does not check. Args: what, why (`custom`, `partner`, `conditions`).";
}

/// One finding: a rule, where, and the values its message needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub rule: Rule,
    pub args: Vec<String>,
}

impl Diagnostic {
    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}
