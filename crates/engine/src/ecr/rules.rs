//! The lifecycle policy rules: each has a stable id, a severity, and the values its message
//! needs (worded by `course::containers::ecr` in the learner's language).
//!
//! Facts: https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
//! (properties), https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
//! (evaluation rules), https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutLifecyclePolicy.html
//! (the text's length) and https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive-image.html
//! (the archive's 90-day minimum).

pub use crate::tree::Severity;
use crate::tree::{rules, Pos};

rules! {
    Syntax = "syntax" Error, "The text is not valid JSON. Args: the parser's message.";
    NotJson = "not-json" Error, "The text is YAML, not JSON: ECR reads a lifecycle policy as JSON. Args: none.";
    NotAPolicy = "not-a-policy" Error, "The document is not a JSON object with `rules`. Args: what it is (kind code).";
    PolicyText = "policy-text" Error, "The CLI shape's `lifecyclePolicyText` string does not hold a JSON policy. Args: the parser's message.";
    PolicyLength = "policy-length" Error, "The policy text is longer than 30720 characters. Args: length.";
    DuplicateKey = "duplicate-key" Error, "A key written twice in one object. Args: key.";
    UnknownKey = "unknown-key" Error, "A key a lifecycle policy does not have at this place. Args: where (`rules[0].selection`), key, near key or empty.";
    WrongType = "wrong-type" Error, "A value of the wrong kind. Args: where, expected kind code, found kind code.";
    Missing = "missing" Error, "A required property is missing. Args: where, key.";
    RulesEmpty = "rules-empty" Error, "`rules` has no rule. Args: none.";
    PriorityValue = "priority-value" Error, "rulePriority is not a positive integer. Args: value.";
    PriorityDuplicate = "priority-duplicate" Error, "Two rules have the same rulePriority. Args: priority.";
    AnyNotLast = "any-not-last" Error, "A rule with tagStatus any does not have the highest rulePriority. Args: its priority, the highest priority.";
    TagStatus = "tag-status" Error, "tagStatus is not tagged, untagged or any. Args: value, near value or empty.";
    TaggedNeedsList = "tagged-needs-list" Error, "tagStatus tagged without tagPrefixList or tagPatternList. Args: none.";
    ListNotTagged = "list-not-tagged" Error, "tagPrefixList or tagPatternList with a tagStatus other than tagged. Args: key, tagStatus.";
    BothLists = "both-lists" Error, "Both tagPrefixList and tagPatternList in one rule. Args: none.";
    ListEmpty = "list-empty" Error, "An empty tagPrefixList or tagPatternList, or an empty string in it. Args: key.";
    Wildcards = "wildcards" Error, "More than four wildcards (*) in one tag pattern. Args: pattern, count.";
    CountType = "count-type" Error, "countType is not imageCountMoreThan, sinceImagePushed, sinceImagePulled or sinceImageTransitioned. Args: value, near value or empty.";
    CountUnit = "count-unit" Error, "countUnit is not days. Args: value.";
    CountUnitMissing = "count-unit-missing" Error, "An age countType without countUnit. Args: countType.";
    CountUnitNotAllowed = "count-unit-not-allowed" Error, "countUnit with countType imageCountMoreThan. Args: none.";
    CountNumber = "count-number" Error, "countNumber is not a positive integer (0 is not accepted). Args: value.";
    StorageClass = "storage-class" Error, "storageClass is not standard or archive. Args: value.";
    StorageClassCount = "storage-class-count" Error, "storageClass does not fit the countType: sinceImageTransitioned selects archive, the others standard. Args: countType, storageClass.";
    ActionType = "action-type" Error, "action type is not expire or transition. Args: value, near value or empty.";
    TargetStorageClass = "target-storage-class" Error, "A transition without targetStorageClass archive, or a targetStorageClass on an expire action. Args: action type, value or empty.";
    TransitionArchived = "transition-archived" Error, "A transition rule that selects archived images (storageClass archive). Args: none.";
    ArchiveMinimum = "archive-minimum" Error, "An expire rule on archived images under 90 days since transition. Args: countNumber.";
    UntaggedTwice = "untagged-twice" Error, "Two rules with the same action select untagged images: only one rule may. Args: the other rule's priority.";
    SamePrefixes = "same-prefixes" Warning, "Two rules with the same action and the same set of tag prefixes or patterns: the rules must contain a unique set of tag prefixes. Args: the other rule's priority.";
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
