//! The appspec validation rules: each has a stable id, a severity, and the values its message
//! needs (the lab model words them in the learner's language).

pub use crate::tree::Severity;
use crate::tree::{rules, Pos};

rules! {
    Syntax = "syntax" Error, "The text is not valid YAML or JSON. Args: the parser's message.";
    NotAMapping = "appspec-shape" Error, "The document is not a mapping of AppSpec sections. Args: what it is (kind code).";
    DuplicateKey = "duplicate-key" Error, "A key written twice in one mapping. Args: key.";
    VersionMissing = "version-missing" Error, "No `version` section: it is required.";
    Version = "version-value" Error, "A `version` other than 0.0, the only allowed value. Args: value.";
    PlatformUnknown = "platform-unknown" Error, "Neither `os` (EC2/On-Premises) nor `Resources` (Amazon ECS, AWS Lambda): the compute platform cannot be told.";
    PlatformMixed = "platform-mixed" Error, "A section of another compute platform. Args: key, the platform it belongs to (`Server`, `ECS`, `Lambda`), the file's platform.";
    UnknownKey = "unknown-key" Error, "A key that has no meaning here. Args: where, key, near keys (comma-separated, may be empty).";
    Shape = "type" Error, "A value of the wrong kind. Args: where, expected kinds joined by `|`, found (kind codes: `mapping`, `string`, `list`, `number`, `boolean`, `null`).";
    Required = "required" Error, "A required field left out. Args: where, field.";
    Value = "value" Error, "A value outside the allowed ones. Args: where, value, allowed values joined by `|` (or a range such as `1-65535`).";
    FilesOverwrite = "files-overwrite" Warning, "`overwrite` in a files entry: not a field (the agent ignores it); `file_exists_behavior: OVERWRITE` is. Args: where.";
    PermissionsWindows = "permissions-windows" Error, "A permissions section in an appspec for Windows Server: permissions apply to Amazon Linux, Ubuntu Server and RHEL only, and the agent fails the deployment.";
    HookUnknown = "hook-event" Error, "A hook for a lifecycle event that does not exist. Args: event, near events.";
    HookReserved = "hook-reserved" Error, "A hook for an event reserved for CodeDeploy, which cannot run scripts or functions. Args: event.";
    HookPlatform = "hook-platform" Error, "A hook for an event of another compute platform. Args: event, the file's platform, the platforms whose appspec takes it (joined by `|`).";
    HookDuplicate = "hook-duplicate" Error, "The same lifecycle event hooked twice (each hook runs once per deployment). Args: event.";
    Timeout = "timeout-range" Error, "A script timeout that is not a whole number of seconds from 1 to 3600. Args: event, value.";
    EventTimeout = "event-timeout" Warning, "The scripts of one event may take more than 3600 seconds together, the most one lifecycle event may take. Args: event, total seconds.";
    ResourceCount = "resources-count" Error, "Resources must name exactly one target (an ECS service or a Lambda function). Args: count.";
    LambdaVersion = "function-version" Error, "A Lambda function version that is not a positive integer. Args: where, value.";
    ResourceType = "resource-type" Error, "A resource whose Type is not the platform's. Args: resource, type, allowed type.";
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
