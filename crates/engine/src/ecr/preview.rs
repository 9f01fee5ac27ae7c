//! The lifecycle policy preview: a policy evaluated against a repository's images at a given
//! time, as ECR documents the evaluator
//! (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html, "Lifecycle
//! policy evaluation rules"):
//!
//! - rules are applied in rulePriority order, lowest first;
//! - an image is expired (or transitioned) by exactly one or zero rules;
//! - an image that matches the tagging requirements of a rule cannot be expired by a rule with
//!   a lower priority; rules never mark images that higher-priority rules marked, but still
//!   count them ("identify them as if they haven't been expired");
//! - expiration always goes from the oldest push; `imageCountMoreThan` sorts images from
//!   youngest to oldest and marks all beyond the count; `sinceImagePushed` marks those pushed
//!   more than countNumber days ago;
//! - with a tagPrefixList (or tagPatternList), an image matches if *all* of the list's entries
//!   match at least one of the image's tags.

use super::policy::{ActionType, Count, Policy, StorageClass, TagStatus};
use super::repo::{wildcard, Image, Repository, DAY};

/// One image's outcome (LifecyclePolicyPreviewResult's fields, for every image, kept ones
/// too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewResult {
    pub image_digest: String,
    pub image_tags: Vec<String>,
    pub image_pushed_at: u64,
    pub storage_class: StorageClass,
    /// EXPIRE or TRANSITION; None: the image is kept.
    pub action: Option<ActionType>,
    /// The priority of the rule that acts on it.
    pub applied_rule_priority: Option<u32>,
    /// The priority of the first rule whose selection matched the image (it protects the image
    /// from later rules), even when that rule keeps it.
    pub matched_rule_priority: Option<u32>,
}

/// A preview: one result per image in the repository's order, and the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub results: Vec<PreviewResult>,
    /// LifecyclePolicyPreviewSummary.expiringImageTotalCount.
    pub expiring_image_total_count: usize,
    pub transitioning_image_total_count: usize,
}

impl Preview {
    /// The digests the policy expires.
    pub fn expired(&self) -> Vec<&str> {
        self.with(ActionType::Expire)
    }

    /// The digests the policy archives.
    pub fn transitioned(&self) -> Vec<&str> {
        self.with(ActionType::Transition)
    }

    /// The results of the images the policy expires (their tags, push times, rules).
    pub fn expired_images(&self) -> Vec<&PreviewResult> {
        self.results
            .iter()
            .filter(|r| r.action == Some(ActionType::Expire))
            .collect()
    }

    fn with(&self, action: ActionType) -> Vec<&str> {
        self.results
            .iter()
            .filter(|r| r.action == Some(action))
            .map(|r| r.image_digest.as_str())
            .collect()
    }

    /// The result for a digest.
    pub fn result(&self, digest: &str) -> Option<&PreviewResult> {
        self.results.iter().find(|r| r.image_digest == digest)
    }
}

/// Whether an image's tags satisfy a tagged rule's lists: every prefix (or pattern) matches at
/// least one tag.
pub fn tags_match(tags: &[String], prefixes: &[String], patterns: &[String]) -> bool {
    prefixes
        .iter()
        .all(|p| tags.iter().any(|t| t.starts_with(p.as_str())))
        && patterns.iter().all(|p| tags.iter().any(|t| wildcard(p, t)))
}

/// Evaluates `policy` on `repo`'s images at `now` (simulated seconds).
pub fn preview(policy: &Policy, repo: &Repository, now: u64) -> Preview {
    preview_images(policy, &repo.images, now)
}

/// Evaluates `policy` on `images` (in push order) at `now`.
pub fn preview_images(policy: &Policy, images: &[Image], now: u64) -> Preview {
    let n = images.len();
    let mut action: Vec<Option<(ActionType, u32)>> = vec![None; n];
    let mut matched: Vec<Option<u32>> = vec![None; n];
    let mut order: Vec<&super::policy::PolicyRule> = policy.rules.iter().collect();
    order.sort_by_key(|r| r.rule_priority);
    for rule in order {
        let sel = &rule.selection;
        // The images this rule sees: its tag status and lists, its storage class.
        let mut seen: Vec<usize> = (0..n)
            .filter(|&i| {
                let image = &images[i];
                let class = image.storage_class == sel.storage_class;
                let tags = match sel.tag_status {
                    TagStatus::Any => true,
                    TagStatus::Untagged => image.tags.is_empty(),
                    TagStatus::Tagged => {
                        !image.tags.is_empty()
                            && tags_match(&image.tags, &sel.tag_prefix_list, &sel.tag_pattern_list)
                    }
                };
                class && tags
            })
            .collect();
        // Youngest first (a later push wins a tie).
        seen.sort_by(|&a, &b| {
            images[b]
                .pushed_at
                .cmp(&images[a].pushed_at)
                .then(b.cmp(&a))
        });
        let older = |since: u64, days: u32| now.saturating_sub(since) > u64::from(days) * DAY;
        let marks: Vec<usize> = match sel.count {
            Count::ImageCountMoreThan(keep) => seen.iter().skip(keep as usize).copied().collect(),
            Count::SinceImagePushed(d) => seen
                .iter()
                .copied()
                .filter(|&i| older(images[i].pushed_at, d))
                .collect(),
            Count::SinceImagePulled(d) => seen
                .iter()
                .copied()
                .filter(|&i| older(images[i].last_pulled_at.unwrap_or(images[i].pushed_at), d))
                .collect(),
            Count::SinceImageTransitioned(d) => seen
                .iter()
                .copied()
                .filter(|&i| older(images[i].transitioned_at.unwrap_or(images[i].pushed_at), d))
                .collect(),
        };
        for i in marks {
            if matched[i].is_none() && action[i].is_none() {
                action[i] = Some((rule.action, rule.rule_priority));
            }
        }
        for i in seen {
            if matched[i].is_none() {
                matched[i] = Some(rule.rule_priority);
            }
        }
    }
    let results: Vec<PreviewResult> = images
        .iter()
        .enumerate()
        .map(|(i, image)| PreviewResult {
            image_digest: image.digest.clone(),
            image_tags: image.tags.clone(),
            image_pushed_at: image.pushed_at,
            storage_class: image.storage_class,
            action: action[i].map(|a| a.0),
            applied_rule_priority: action[i].map(|a| a.1),
            matched_rule_priority: matched[i],
        })
        .collect();
    let count = |a: ActionType| results.iter().filter(|r| r.action == Some(a)).count();
    Preview {
        expiring_image_total_count: count(ActionType::Expire),
        transitioning_image_total_count: count(ActionType::Transition),
        results,
    }
}
