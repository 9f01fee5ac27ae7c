//! A lifecycle policy read and checked: strict JSON through `crate::tree`, every property
//! against the documented ones, and the typed [`Policy`] when nothing is wrong.
//!
//! Facts, unless a comment says otherwise:
//! https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
//! and the template on
//! https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html.

use super::rules::{Diagnostic, Rule};
use crate::text::edit_distance;
use crate::tree::{Format, Node, Pos, Severity, Value};

/// Which images a rule looks at by their tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagStatus {
    Tagged,
    Untagged,
    Any,
}

impl TagStatus {
    /// The policy's word: `tagged`, `untagged` or `any`.
    pub fn name(self) -> &'static str {
        match self {
            TagStatus::Tagged => "tagged",
            TagStatus::Untagged => "untagged",
            TagStatus::Any => "any",
        }
    }
}

/// Where an image is stored: the standard storage class or the archive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum StorageClass {
    #[default]
    Standard,
    Archive,
}

impl StorageClass {
    /// The API's word: `STANDARD` or `ARCHIVE`.
    pub fn name(self) -> &'static str {
        match self {
            StorageClass::Standard => "STANDARD",
            StorageClass::Archive => "ARCHIVE",
        }
    }
}

/// A rule's count: how many images to keep, or an age in days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// `imageCountMoreThan`: keep this many, newest first.
    ImageCountMoreThan(u32),
    /// `sinceImagePushed`: days since the push.
    SinceImagePushed(u32),
    /// `sinceImagePulled`: days since the last pull (the push when never pulled).
    SinceImagePulled(u32),
    /// `sinceImageTransitioned`: days since the image went to the archive.
    SinceImageTransitioned(u32),
}

impl Count {
    /// The policy's countType word.
    pub fn type_name(self) -> &'static str {
        match self {
            Count::ImageCountMoreThan(_) => "imageCountMoreThan",
            Count::SinceImagePushed(_) => "sinceImagePushed",
            Count::SinceImagePulled(_) => "sinceImagePulled",
            Count::SinceImageTransitioned(_) => "sinceImageTransitioned",
        }
    }

    /// countNumber.
    pub fn number(self) -> u32 {
        match self {
            Count::ImageCountMoreThan(n)
            | Count::SinceImagePushed(n)
            | Count::SinceImagePulled(n)
            | Count::SinceImageTransitioned(n) => n,
        }
    }
}

/// What a rule does to the images it selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActionType {
    /// `expire`: the image is deleted.
    Expire,
    /// `transition` with `targetStorageClass: archive`: the image is archived.
    Transition,
}

impl ActionType {
    /// The API's word (LifecyclePolicyRuleAction): `EXPIRE` or `TRANSITION`.
    pub fn name(self) -> &'static str {
        match self {
            ActionType::Expire => "EXPIRE",
            ActionType::Transition => "TRANSITION",
        }
    }
}

/// A rule's selection.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub tag_status: TagStatus,
    pub tag_prefix_list: Vec<String>,
    pub tag_pattern_list: Vec<String>,
    /// `storageClass` (standard when left out).
    pub storage_class: StorageClass,
    pub count: Count,
}

/// One rule of a policy.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyRule {
    pub rule_priority: u32,
    pub description: String,
    pub selection: Selection,
    pub action: ActionType,
}

/// A lifecycle policy, rules in the order written.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub rules: Vec<PolicyRule>,
}

/// The validation's outcome: the findings in the order of the text, and the typed policy when
/// there is no error (warnings allowed).
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub policy: Option<Policy>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }
}

/// The longest policy text: PutLifecyclePolicy's `lifecyclePolicyText` has a maximum length of
/// 30720 (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutLifecyclePolicy.html).
pub const MAX_POLICY_LENGTH: usize = 30720;
/// "There is a maximum limit of four wildcards (*) per string." (tagPatternList)
pub const MAX_WILDCARDS: usize = 4;
/// "Archived images have a minimum storage duration of 90 days. You cannot configure lifecycle
/// policies that delete images that have been in archive for less than 90 days."
/// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive-image.html)
pub const ARCHIVE_MINIMUM_DAYS: u32 = 90;

const TOP: &[&str] = &["rules"];
const RULE: &[&str] = &["rulePriority", "description", "selection", "action"];
const SELECTION: &[&str] = &[
    "tagStatus",
    "tagPatternList",
    "tagPrefixList",
    "storageClass",
    "countType",
    "countUnit",
    "countNumber",
];
const ACTION: &[&str] = &["type", "targetStorageClass"];
const TAG_STATUSES: &[&str] = &["tagged", "untagged", "any"];
const COUNT_TYPES: &[&str] = &[
    "imageCountMoreThan",
    "sinceImagePushed",
    "sinceImagePulled",
    "sinceImageTransitioned",
];
const ACTIONS: &[&str] = &["expire", "transition"];
/// The keys of the CLI's shapes around a policy: `put-lifecycle-policy --cli-input-json`
/// (registryId, repositoryName, lifecyclePolicyText), and the output of
/// `get-lifecycle-policy` (plus lastEvaluatedAt) and `get-lifecycle-policy-preview` (plus
/// status, previewResults, summary, nextToken)
/// (https://docs.aws.amazon.com/cli/latest/reference/ecr/put-lifecycle-policy.html,
/// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetLifecyclePolicy.html,
/// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetLifecyclePolicyPreview.html).
const CLI: &[&str] = &[
    "registryId",
    "repositoryName",
    "lifecyclePolicyText",
    "lastEvaluatedAt",
    "status",
    "previewResults",
    "summary",
    "nextToken",
];

/// Reads and checks a lifecycle policy: the policy's JSON itself, or a CLI shape holding it as
/// an escaped string in `lifecyclePolicyText` (whose findings are then placed at that string).
pub fn validate(text: &str) -> Report {
    let mut v = Validator::default();
    let policy = v.text(text, None);
    v.finish(policy)
}

#[derive(Default)]
struct Validator {
    diagnostics: Vec<Diagnostic>,
}

fn near(name: &str, names: &[&str]) -> String {
    let lower = name.to_ascii_lowercase();
    names
        .iter()
        .map(|n| (edit_distance(&lower, &n.to_ascii_lowercase()), *n))
        .filter(|(d, n)| *d <= (n.len() / 3).max(1))
        .min()
        .map(|(_, n)| n.to_string())
        .unwrap_or_default()
}

/// A scalar as text (numbers as written).
fn scalar(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.clone(),
        Value::Number(_, t) => t.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Seq(_) => "[…]".into(),
        Value::Map(_) => "{…}".into(),
    }
}

/// A positive integer that fits u32, from a JSON number written as an integer.
fn positive(node: &Node) -> Option<u32> {
    match &node.value {
        Value::Number(x, text) => {
            let integral = !text.contains(['.', 'e', 'E']) && *x >= 1.0 && *x <= u32::MAX as f64;
            integral.then_some(*x as u32)
        }
        _ => None,
    }
}

impl Validator {
    fn push(&mut self, pos: Pos, rule: Rule, args: Vec<String>) {
        self.diagnostics.push(Diagnostic { pos, rule, args });
    }

    fn finish(mut self, policy: Option<Policy>) -> Report {
        self.diagnostics.sort_by_key(|d| d.pos);
        let errors = self
            .diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error);
        Report {
            diagnostics: self.diagnostics,
            policy: if errors { None } else { policy },
        }
    }

    /// Reads a text; `at`: where an inner text (lifecyclePolicyText) is written in the outer
    /// one, so that every finding is placed there.
    fn text(&mut self, text: &str, at: Option<Pos>) -> Option<Policy> {
        let place = |p: Pos| at.unwrap_or(p);
        if text.chars().count() > MAX_POLICY_LENGTH {
            self.push(
                place(Pos { line: 1, col: 1 }),
                Rule::PolicyLength,
                vec![text.chars().count().to_string()],
            );
        }
        let (root, format) = match crate::tree::parse(text) {
            Ok(r) => r,
            Err(e) => {
                let rule = if at.is_some() {
                    Rule::PolicyText
                } else {
                    Rule::Syntax
                };
                self.push(place(e.pos), rule, vec![e.message]);
                return None;
            }
        };
        if format == Format::Yaml && text.trim_start().starts_with('[') && at.is_none() {
            self.push(root.pos, Rule::NotAPolicy, vec![root.kind().into()]);
            return None;
        }
        if format == Format::Yaml {
            let rule = if at.is_some() {
                Rule::PolicyText
            } else {
                Rule::NotJson
            };
            let args = if at.is_some() {
                vec!["not JSON".to_string()]
            } else {
                vec![]
            };
            self.push(place(root.pos), rule, args);
            return None;
        }
        let start = self.diagnostics.len();
        let policy = if at.is_none()
            && root.key("rules").is_none()
            && root.key("lifecyclePolicyText").is_some()
        {
            self.cli(&root)
        } else {
            self.policy(&root)
        };
        if let Some(at) = at {
            for d in &mut self.diagnostics[start..] {
                d.pos = at;
            }
        }
        policy
    }

    /// A CLI shape: the policy is the string under lifecyclePolicyText.
    fn cli(&mut self, root: &Node) -> Option<Policy> {
        let entries = self.map(root, "", CLI)?;
        let mut policy = None;
        for (name, node) in entries {
            if name == "lifecyclePolicyText" {
                match &node.value {
                    Value::Str(inner) => policy = self.text(inner, Some(node.pos)),
                    _ => self.wrong(node, "lifecyclePolicyText", "string"),
                }
            }
        }
        policy
    }

    fn wrong(&mut self, node: &Node, path: &str, expected: &str) {
        self.push(
            node.pos,
            Rule::WrongType,
            vec![path.into(), expected.into(), node.kind().into()],
        );
    }

    /// The object's entries with duplicate and unknown keys reported; None (reported) when the
    /// node is not an object.
    fn map<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        allowed: &[&str],
    ) -> Option<Vec<(&'n str, &'n Node)>> {
        let Some(entries) = node.as_map() else {
            if path.is_empty() {
                self.push(node.pos, Rule::NotAPolicy, vec![node.kind().into()]);
            } else {
                self.wrong(node, path, "object");
            }
            return None;
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for (key, value) in entries {
            if seen.contains(&key.name.as_str()) {
                self.push(key.pos, Rule::DuplicateKey, vec![key.name.clone()]);
                continue;
            }
            seen.push(&key.name);
            if !allowed.contains(&key.name.as_str()) {
                self.push(
                    key.pos,
                    Rule::UnknownKey,
                    vec![path.into(), key.name.clone(), near(&key.name, allowed)],
                );
                continue;
            }
            out.push((key.name.as_str(), value));
        }
        Some(out)
    }

    fn policy(&mut self, root: &Node) -> Option<Policy> {
        let entries = self.map(root, "", TOP)?;
        let Some((_, rules)) = entries.iter().find(|(k, _)| *k == "rules") else {
            self.push(root.pos, Rule::Missing, vec![String::new(), "rules".into()]);
            return None;
        };
        let Some(items) = rules.as_seq() else {
            self.wrong(rules, "rules", "list");
            return None;
        };
        if items.is_empty() {
            self.push(rules.pos, Rule::RulesEmpty, vec![]);
            return None;
        }
        let mut parsed: Vec<Option<PolicyRule>> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            parsed.push(self.rule(item, &format!("rules[{i}]")));
        }
        self.across(items);
        let all: Option<Vec<PolicyRule>> = parsed.into_iter().collect();
        all.map(|rules| Policy { rules })
    }

    /// The checks across rules: unique priorities, `any` last, one untagged rule, unique
    /// prefix sets. They read each rule's own values, so that a mistake elsewhere in a rule
    /// does not hide them.
    fn across(&mut self, items: &[Node]) {
        let rules: Vec<Brief> = items.iter().filter_map(brief).collect();
        for (i, rule) in rules.iter().enumerate() {
            let earlier = &rules[..i];
            if let Some(p) = rule.priority {
                if earlier.iter().any(|r| r.priority == Some(p)) {
                    self.push(
                        rule.priority_pos,
                        Rule::PriorityDuplicate,
                        vec![p.to_string()],
                    );
                }
            }
            // "A rule with a tagStatus value of any must have the highest value for
            // rulePriority and be evaluated last": read as higher than every tagged or
            // untagged rule on the same storage class (archive rules select other images).
            if let (Some(TagStatus::Any), Some(p)) = (rule.tag_status, rule.priority) {
                let highest = rules
                    .iter()
                    .filter(|r| {
                        r.tag_status.is_some_and(|t| t != TagStatus::Any)
                            && r.storage_class == rule.storage_class
                    })
                    .filter_map(|r| r.priority)
                    .max()
                    .unwrap_or(0);
                if p < highest {
                    self.push(
                        rule.priority_pos,
                        Rule::AnyNotLast,
                        vec![p.to_string(), highest.to_string()],
                    );
                }
            }
            let same_kind = |r: &Brief| {
                r.action.is_some()
                    && r.action == rule.action
                    && r.storage_class == rule.storage_class
            };
            let other = match rule.tag_status {
                Some(TagStatus::Untagged) => earlier
                    .iter()
                    .find(|r| r.tag_status == Some(TagStatus::Untagged) && same_kind(r))
                    .map(|r| (Rule::UntaggedTwice, r.priority)),
                Some(TagStatus::Tagged) if !rule.tags.is_empty() => earlier
                    .iter()
                    .find(|r| {
                        r.tag_status == Some(TagStatus::Tagged)
                            && same_kind(r)
                            && r.tags == rule.tags
                    })
                    .map(|r| (Rule::SamePrefixes, r.priority)),
                _ => None,
            };
            if let Some((which, p)) = other {
                self.push(
                    rule.selection_pos,
                    which,
                    vec![p.map_or(String::new(), |p| p.to_string())],
                );
            }
        }
    }

    fn rule(&mut self, node: &Node, path: &str) -> Option<PolicyRule> {
        let entries = self.map(node, path, RULE)?;
        let get = |k: &str| entries.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let mut ok = true;
        let priority = match get("rulePriority") {
            None => {
                self.push(
                    node.pos,
                    Rule::Missing,
                    vec![path.into(), "rulePriority".into()],
                );
                None
            }
            Some(p) => match positive(p) {
                Some(n) => Some(n),
                None => {
                    self.push(p.pos, Rule::PriorityValue, vec![scalar(p)]);
                    None
                }
            },
        };
        let description = match get("description") {
            None => String::new(),
            Some(d) => match &d.value {
                Value::Str(s) => s.clone(),
                _ => {
                    self.wrong(d, &format!("{path}.description"), "string");
                    ok = false;
                    String::new()
                }
            },
        };
        let selection = match get("selection") {
            None => {
                self.push(
                    node.pos,
                    Rule::Missing,
                    vec![path.into(), "selection".into()],
                );
                None
            }
            Some(s) => self.selection(s, &format!("{path}.selection")),
        };
        let action = match get("action") {
            None => {
                self.push(node.pos, Rule::Missing, vec![path.into(), "action".into()]);
                None
            }
            Some(a) => self.action(a, &format!("{path}.action")),
        };
        if let (Some(sel), Some(action), Some(a)) = (&selection, action, get("action")) {
            if action == ActionType::Transition && sel.storage_class == StorageClass::Archive {
                self.push(a.pos, Rule::TransitionArchived, vec![]);
                ok = false;
            }
            if let (ActionType::Expire, Count::SinceImageTransitioned(n)) = (action, sel.count) {
                if n < ARCHIVE_MINIMUM_DAYS {
                    let pos = get("selection")
                        .and_then(|s| s.get("countNumber"))
                        .map_or(a.pos, |c| c.pos);
                    self.push(pos, Rule::ArchiveMinimum, vec![n.to_string()]);
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        Some(PolicyRule {
            rule_priority: priority?,
            description,
            selection: selection?,
            action: action?,
        })
    }

    /// A list of non-empty strings.
    fn strings(&mut self, node: &Node, path: &str, key: &str) -> Option<Vec<String>> {
        let Some(items) = node.as_seq() else {
            self.wrong(node, &format!("{path}.{key}"), "list");
            return None;
        };
        if items.is_empty() {
            self.push(node.pos, Rule::ListEmpty, vec![key.into()]);
            return None;
        }
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match &item.value {
                Value::Str(s) if s.is_empty() => {
                    self.push(item.pos, Rule::ListEmpty, vec![key.into()]);
                    return None;
                }
                Value::Str(s) => out.push(s.clone()),
                _ => {
                    self.wrong(item, &format!("{path}.{key}[{i}]"), "string");
                    return None;
                }
            }
        }
        Some(out)
    }

    fn selection(&mut self, node: &Node, path: &str) -> Option<Selection> {
        let entries = self.map(node, path, SELECTION)?;
        let get = |k: &str| entries.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let mut ok = true;
        // tagStatus: "Acceptable options are tagged, untagged, or any."
        let tag_status = match get("tagStatus") {
            None => {
                self.push(
                    node.pos,
                    Rule::Missing,
                    vec![path.into(), "tagStatus".into()],
                );
                None
            }
            Some(t) => match t.as_str() {
                Some("tagged") => Some(TagStatus::Tagged),
                Some("untagged") => Some(TagStatus::Untagged),
                Some("any") => Some(TagStatus::Any),
                _ => {
                    let v = scalar(t);
                    let n = near(&v, TAG_STATUSES);
                    self.push(t.pos, Rule::TagStatus, vec![v, n]);
                    None
                }
            },
        };
        let prefixes = get("tagPrefixList");
        let patterns = get("tagPatternList");
        let tag_prefix_list = match prefixes {
            Some(p) => self.strings(p, path, "tagPrefixList").or_else(|| {
                ok = false;
                None
            }),
            None => None,
        };
        let tag_pattern_list = match patterns {
            Some(p) => self.strings(p, path, "tagPatternList").or_else(|| {
                ok = false;
                None
            }),
            None => None,
        };
        if let (Some(list), Some(p)) = (&tag_pattern_list, patterns) {
            for (i, pattern) in list.iter().enumerate() {
                let stars = pattern.matches('*').count();
                if stars > MAX_WILDCARDS {
                    let pos = p.as_seq().and_then(|s| s.get(i)).map_or(p.pos, |n| n.pos);
                    self.push(
                        pos,
                        Rule::Wildcards,
                        vec![pattern.clone(), stars.to_string()],
                    );
                    ok = false;
                }
            }
        }
        if let (Some(p), Some(q)) = (prefixes, patterns) {
            let later = if q.pos > p.pos { q } else { p };
            self.push(later.pos, Rule::BothLists, vec![]);
            ok = false;
        }
        match tag_status {
            Some(TagStatus::Tagged) if prefixes.is_none() && patterns.is_none() => {
                let pos = get("tagStatus").map_or(node.pos, |t| t.pos);
                self.push(pos, Rule::TaggedNeedsList, vec![]);
                ok = false;
            }
            Some(s @ (TagStatus::Untagged | TagStatus::Any)) => {
                for (key, n) in [("tagPrefixList", prefixes), ("tagPatternList", patterns)] {
                    if let Some(n) = n {
                        let key_pos = node.key(key).map_or(n.pos, |k| k.pos);
                        self.push(
                            key_pos,
                            Rule::ListNotTagged,
                            vec![key.into(), s.name().into()],
                        );
                        ok = false;
                    }
                }
            }
            _ => {}
        }
        // storageClass: standard or archive (the template).
        let storage = match get("storageClass") {
            None => None,
            Some(s) => match s.as_str() {
                Some("standard") => Some(StorageClass::Standard),
                Some("archive") => Some(StorageClass::Archive),
                _ => {
                    self.push(s.pos, Rule::StorageClass, vec![scalar(s)]);
                    ok = false;
                    None
                }
            },
        };
        let count_type = match get("countType") {
            None => {
                self.push(
                    node.pos,
                    Rule::Missing,
                    vec![path.into(), "countType".into()],
                );
                None
            }
            Some(c) => match c.as_str() {
                Some(t) if COUNT_TYPES.contains(&t) => Some(t.to_string()),
                _ => {
                    let v = scalar(c);
                    let n = near(&v, COUNT_TYPES);
                    self.push(c.pos, Rule::CountType, vec![v, n]);
                    None
                }
            },
        };
        // countUnit: days, "only if countType is set to" an age; "an error will occur if you
        // specify a count unit when countType is any other value".
        match (&count_type, get("countUnit")) {
            (Some(t), Some(u)) if t == "imageCountMoreThan" => {
                let pos = node.key("countUnit").map_or(u.pos, |k| k.pos);
                self.push(pos, Rule::CountUnitNotAllowed, vec![]);
                ok = false;
            }
            (_, Some(u)) if u.as_str() != Some("days") => {
                self.push(u.pos, Rule::CountUnit, vec![scalar(u)]);
                ok = false;
            }
            (Some(t), None) if t != "imageCountMoreThan" => {
                let pos = get("countType").map_or(node.pos, |c| c.pos);
                self.push(pos, Rule::CountUnitMissing, vec![t.clone()]);
                ok = false;
            }
            _ => {}
        }
        // countNumber: "Acceptable values are positive integers (0 is not an accepted value)."
        let number = match get("countNumber") {
            None => {
                self.push(
                    node.pos,
                    Rule::Missing,
                    vec![path.into(), "countNumber".into()],
                );
                None
            }
            Some(n) => match positive(n) {
                Some(v) => Some(v),
                None => {
                    self.push(n.pos, Rule::CountNumber, vec![scalar(n)]);
                    None
                }
            },
        };
        // storageClass: required (archive) with sinceImageTransitioned; standard with the others
        // (the parameters page's "Storage class", read in its zh-CN translation:
        // https://docs.amazonaws.cn/AmazonECR/latest/userguide/lifecycle_policy_parameters.html,
        // and as the AWS provider words it: "Required when 'countType' is
        // 'sinceImageTransitioned' (must be 'archive'). For 'imageCountMoreThan',
        // 'sinceImagePushed', and 'sinceImagePulled', the only supported value is 'standard'",
        // https://pub.dev/documentation/pulumi_aws/latest/ecr/LifecyclePolicySelection-class.html).
        if let Some(t) = &count_type {
            let want = if t == "sinceImageTransitioned" {
                StorageClass::Archive
            } else {
                StorageClass::Standard
            };
            let given = storage.unwrap_or(StorageClass::Standard);
            if (storage.is_some() || want == StorageClass::Archive) && given != want {
                let pos = get("storageClass")
                    .or(get("countType"))
                    .map_or(node.pos, |n| n.pos);
                let written = get("storageClass").map_or(String::new(), scalar);
                self.push(pos, Rule::StorageClassCount, vec![t.clone(), written]);
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let count = match (count_type?.as_str(), number?) {
            ("imageCountMoreThan", n) => Count::ImageCountMoreThan(n),
            ("sinceImagePushed", n) => Count::SinceImagePushed(n),
            ("sinceImagePulled", n) => Count::SinceImagePulled(n),
            (_, n) => Count::SinceImageTransitioned(n),
        };
        Some(Selection {
            tag_status: tag_status?,
            tag_prefix_list: tag_prefix_list.unwrap_or_default(),
            tag_pattern_list: tag_pattern_list.unwrap_or_default(),
            storage_class: storage.unwrap_or_default(),
            count,
        })
    }

    fn action(&mut self, node: &Node, path: &str) -> Option<ActionType> {
        let entries = self.map(node, path, ACTION)?;
        let get = |k: &str| entries.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        // type: "expire"|"transition"; targetStorageClass: "archive", only with transition
        // (LifecyclePolicyRuleAction: "This is only present when the type is TRANSITION").
        let action = match get("type") {
            None => {
                self.push(node.pos, Rule::Missing, vec![path.into(), "type".into()]);
                return None;
            }
            Some(t) => match t.as_str() {
                Some("expire") => ActionType::Expire,
                Some("transition") => ActionType::Transition,
                _ => {
                    let v = scalar(t);
                    let n = near(&v, ACTIONS);
                    self.push(t.pos, Rule::ActionType, vec![v, n]);
                    return None;
                }
            },
        };
        let target = get("targetStorageClass");
        match (action, target) {
            (ActionType::Transition, Some(t)) if t.as_str() == Some("archive") => {}
            (ActionType::Expire, None) => {}
            (a, t) => {
                let pos = t.map_or(node.pos, |t| t.pos);
                let name = if a == ActionType::Expire {
                    "expire"
                } else {
                    "transition"
                };
                self.push(
                    pos,
                    Rule::TargetStorageClass,
                    vec![name.into(), t.map_or(String::new(), scalar)],
                );
                return None;
            }
        }
        Some(action)
    }
}

/// What the checks across rules need of one rule, read from its own values.
struct Brief {
    priority: Option<u32>,
    priority_pos: Pos,
    selection_pos: Pos,
    tag_status: Option<TagStatus>,
    storage_class: StorageClass,
    action: Option<ActionType>,
    /// The tag prefixes (as `prefix*`) and patterns, sorted.
    tags: Vec<String>,
}

fn brief(node: &Node) -> Option<Brief> {
    node.as_map()?;
    let selection = node.get("selection");
    let sel = |k: &str| selection.and_then(|s| s.get(k));
    let strings = |k: &str| -> Vec<String> {
        sel(k)
            .and_then(Node::as_seq)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut tags: Vec<String> = strings("tagPrefixList")
        .into_iter()
        .map(|p| format!("{p}*"))
        .chain(strings("tagPatternList"))
        .collect();
    tags.sort();
    tags.dedup();
    Some(Brief {
        priority: node.get("rulePriority").and_then(positive),
        priority_pos: node.get("rulePriority").map_or(node.pos, |p| p.pos),
        selection_pos: selection.map_or(node.pos, |s| s.pos),
        tag_status: match sel("tagStatus").and_then(Node::as_str) {
            Some("tagged") => Some(TagStatus::Tagged),
            Some("untagged") => Some(TagStatus::Untagged),
            Some("any") => Some(TagStatus::Any),
            _ => None,
        },
        storage_class: match sel("storageClass").and_then(Node::as_str) {
            Some("archive") => StorageClass::Archive,
            _ => StorageClass::Standard,
        },
        action: match node
            .get("action")
            .and_then(|a| a.get("type"))
            .and_then(Node::as_str)
        {
            Some("expire") => Some(ActionType::Expire),
            Some("transition") => Some(ActionType::Transition),
            _ => None,
        },
        tags,
    })
}
