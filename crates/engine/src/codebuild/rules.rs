//! The buildspec rules: each has a stable id, a severity, and the values its message needs
//! (the messages are worded by the lab model, `course::cicd::codebuild`, in the learner's
//! language). Facts: https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
//! and https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html.

pub use crate::tree::Severity;
use crate::tree::{rules, Pos};

rules! {
    Syntax = "syntax" Error, "The text is not valid YAML. Args: the parser's message.";
    NotABuildspec = "not-a-buildspec" Error, "The document is not a mapping of buildspec sections. Args: what it is (kind code).";
    DuplicateKey = "duplicate-key" Error, "A key written twice in one mapping. Args: key.";
    UnknownKey = "unknown-key" Error, "A key the buildspec does not have at this place. Args: where (a path such as `phases/build`), key, near key or empty.";
    WrongType = "wrong-type" Error, "A value of the wrong kind. Args: where, expected kind code, found kind code.";
    VersionMissing = "version-missing" Error, "No `version`: it is required.";
    VersionValue = "version-value" Error, "A version other than 0.2 or 0.1. Args: value.";
    VersionOld = "version-0.1" Warning, "Version 0.1: each command runs in its own instance of the shell. Args: none.";
    PhasesMissing = "phases-missing" Error, "No `phases`: the section is required.";
    PhaseUnknown = "phase-unknown" Error, "A phase other than install, pre_build, build, post_build. Args: name, near name or empty.";
    PhaseCommands = "phase-commands" Error, "A phase without commands (install may have only runtime-versions). Args: phase.";
    CommandMapping = "command-mapping" Error, "A command YAML reads as a mapping or a list (a `: ` inside it): quote it. Args: where.";
    OnFailure = "on-failure" Error, "An on-failure value other than ABORT, CONTINUE or a RETRY form. Args: phase, value.";
    RetryCount = "retry-count" Error, "A RETRY count outside 0 to 100. Args: phase, count.";
    Shell = "shell" Error, "A shell tag CodeBuild does not support. Args: value.";
    YesNo = "yes-no" Error, "A yes/no setting with another value. Args: where, value.";
    Runtime = "runtime" Error, "A runtime name CodeBuild does not know. Args: name, near name or empty.";
    RuntimeVersion = "runtime-version" Error, "A runtime without a version. Args: runtime.";
    RuntimesEmpty = "runtime-versions-empty" Error, "runtime-versions without any runtime.";
    ReservedVariable = "reserved-variable" Error, "An environment variable named CODEBUILD_…, a prefix reserved for CodeBuild. Args: name.";
    SecretReference = "secret-reference" Error, "A secrets-manager reference not of the form secret-id:json-key:version-stage:version-id, or with both a version stage and a version id. Args: variable, value.";
    ExportAws = "export-aws" Error, "An exported variable starting with AWS_, which cannot be exported. Args: name.";
    ReportFiles = "report-files" Error, "A report group without files. Args: report group.";
    ReportFormat = "report-format" Error, "A report file-format CodeBuild does not read. Args: report group, value.";
    ReportGroups = "report-groups" Error, "More than five report groups. Args: count.";
    ArtifactFiles = "artifact-files" Error, "Artifacts without files (artifacts/files is required even with only secondary artifacts). Args: where.";
    CachePaths = "cache-paths" Error, "A cache without paths. Args: none.";
    CacheAction = "cache-action" Error, "A cache action other than restore or save. Args: value.";
    BatchType = "batch-type" Error, "More than one batch type (build-list, build-matrix, build-graph). Args: the types, joined by `, `.";
    BatchIdentifier = "batch-identifier" Error, "A build-graph task without an identifier, or two tasks with one identifier. Args: identifier or empty.";
    DependOnUnknown = "depend-on-unknown" Error, "depend-on names a task the build graph does not have. Args: task, identifier.";
    BatchCycle = "batch-cycle" Error, "Tasks of a build graph that depend on each other in a circle. Args: the cycle joined by ` -> `.";
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
