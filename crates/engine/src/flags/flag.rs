//! A feature flag: targeting rules, a percentage rollout by hashed id, and a kill switch.

use std::collections::BTreeMap;

use super::FlagError;
use crate::numbers::hash64;

/// The number of buckets a user id hashes into: a rollout percentage has two decimals.
pub const BUCKETS: u32 = 10_000;

/// A user as a flag sees them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct User {
    /// A stable id; the same id always lands in the same bucket of a flag.
    pub id: String,
    /// Attributes that targeting rules match, such as `country` or `plan`.
    pub attributes: BTreeMap<String, String>,
}

impl User {
    /// A user with an id and no attributes.
    pub fn new(id: impl Into<String>) -> User {
        User {
            id: id.into(),
            attributes: BTreeMap::new(),
        }
    }

    /// The same user with one more attribute.
    pub fn with(mut self, attribute: impl Into<String>, value: impl Into<String>) -> User {
        self.attributes.insert(attribute.into(), value.into());
        self
    }
}

/// A rule that serves a fixed value to users whose attribute equals a value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TargetingRule {
    /// The attribute's name.
    pub attribute: String,
    /// The value it must equal, exactly.
    pub equals: String,
    /// Whether matching users get the feature.
    pub serve: bool,
}

/// A feature flag.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FeatureFlag {
    /// The flag's key; it salts the hash, so two flags split users independently.
    pub key: String,
    /// The share of users (not matched by a rule) who get the feature, 0 to 100.
    pub rollout_percent: f64,
    /// Rules checked in order before the rollout; the first match decides.
    pub rules: Vec<TargetingRule>,
    /// From this second on, the feature is off for everyone.
    pub kill_switch_at_s: Option<u32>,
}

/// Why a flag decided what it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagReason {
    /// The kill switch is on.
    KillSwitch,
    /// The rule with this index matched.
    Rule(usize),
    /// The percentage rollout decided, from the user's bucket (0 to 9999).
    Rollout {
        /// The user's bucket for this flag.
        bucket: u32,
    },
}

/// A flag's decision for one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagDecision {
    /// Whether the user gets the feature.
    pub on: bool,
    /// Why.
    pub reason: FlagReason,
}

/// The bucket (0 to 9999) of a user for a flag: a deterministic hash of the flag key and
/// the user id, so the same user keeps the same answer as a rollout grows.
pub fn bucket(flag_key: &str, user_id: &str) -> u32 {
    (hash64(&[flag_key.as_bytes(), user_id.as_bytes()]) % u64::from(BUCKETS)) as u32
}

impl FeatureFlag {
    /// A flag rolled out to a percentage of users, with no rules and no kill switch.
    pub fn rollout(key: impl Into<String>, percent: f64) -> FeatureFlag {
        FeatureFlag {
            key: key.into(),
            rollout_percent: percent,
            rules: Vec::new(),
            kill_switch_at_s: None,
        }
    }

    /// Checks the key, the percentage and the rules.
    pub fn validate(&self) -> Result<(), FlagError> {
        if self.key.trim().is_empty() {
            return Err(FlagError::new("flag.key", "the flag key is empty"));
        }
        if !(self.rollout_percent.is_finite() && (0.0..=100.0).contains(&self.rollout_percent)) {
            return Err(FlagError::new(
                "flag.rollout_percent",
                format!(
                    "a rollout percentage must be between 0 and 100, not {}",
                    self.rollout_percent
                ),
            ));
        }
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.attribute.trim().is_empty() {
                return Err(FlagError::new(
                    format!("flag.rules[{i}].attribute"),
                    "a targeting rule needs an attribute name",
                ));
            }
        }
        Ok(())
    }

    /// The decision for a user at second `now_s`: the kill switch first, then the rules in
    /// order, then the percentage rollout (on when the bucket is below the percentage
    /// times 100).
    pub fn evaluate(&self, user: &User, now_s: u32) -> FlagDecision {
        self.evaluate_as(&user.id, &user.attributes, now_s)
    }

    /// The same decision for a user known by another id (a session's, say) with these
    /// attributes: the id is what the rollout hashes.
    pub fn evaluate_as(
        &self,
        id: &str,
        attributes: &BTreeMap<String, String>,
        now_s: u32,
    ) -> FlagDecision {
        if self.is_killed_at(now_s) {
            return FlagDecision {
                on: false,
                reason: FlagReason::KillSwitch,
            };
        }
        self.evaluate_live(id, attributes)
    }

    /// Whether the kill switch is on at second `now_s`.
    pub fn is_killed_at(&self, now_s: u32) -> bool {
        self.kill_switch_at_s.is_some_and(|at| now_s >= at)
    }

    /// The decision while the kill switch is off: the rules, then the rollout.
    pub(super) fn evaluate_live(
        &self,
        id: &str,
        attributes: &BTreeMap<String, String>,
    ) -> FlagDecision {
        for (i, rule) in self.rules.iter().enumerate() {
            if attributes.get(&rule.attribute) == Some(&rule.equals) {
                return FlagDecision {
                    on: rule.serve,
                    reason: FlagReason::Rule(i),
                };
            }
        }
        let bucket = bucket(&self.key, id);
        let limit = (self.rollout_percent.clamp(0.0, 100.0) * 100.0).round() as u32;
        FlagDecision {
            on: bucket < limit,
            reason: FlagReason::Rollout { bucket },
        }
    }
}
