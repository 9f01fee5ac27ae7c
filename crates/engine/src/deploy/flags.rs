//! Feature flags (percentage rollout by user id, targeting rules, kill switch) and a two-variant A/B test with a z-test.

use std::collections::BTreeMap;

use super::math::{erfc, hash64, Rng};
use super::ConfigError;

/// The number of buckets a user id hashes into: a rollout percentage has two decimals.
pub const BUCKETS: u32 = 10_000;

/// A user as a flag sees them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.key.trim().is_empty() {
            return Err(ConfigError::new("flag.key", "the flag key is empty"));
        }
        if !(self.rollout_percent.is_finite() && (0.0..=100.0).contains(&self.rollout_percent)) {
            return Err(ConfigError::new(
                "flag.rollout_percent",
                format!(
                    "a rollout percentage must be between 0 and 100, not {}",
                    self.rollout_percent
                ),
            ));
        }
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.attribute.trim().is_empty() {
                return Err(ConfigError::new(
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
        if self.kill_switch_at_s.is_some_and(|at| now_s >= at) {
            return FlagDecision {
                on: false,
                reason: FlagReason::KillSwitch,
            };
        }
        for (i, rule) in self.rules.iter().enumerate() {
            if user.attributes.get(&rule.attribute) == Some(&rule.equals) {
                return FlagDecision {
                    on: rule.serve,
                    reason: FlagReason::Rule(i),
                };
            }
        }
        let bucket = bucket(&self.key, &user.id);
        let limit = (self.rollout_percent.clamp(0.0, 100.0) * 100.0).round() as u32;
        FlagDecision {
            on: bucket < limit,
            reason: FlagReason::Rollout { bucket },
        }
    }
}

/// A two-variant A/B test: users `user-0`, `user-1`, … are assigned by hashing, and each
/// variant converts at its own rate.
#[derive(Debug, Clone, PartialEq)]
pub struct AbTest {
    /// The seed of the conversion draws.
    pub seed: u64,
    /// The experiment's key, which salts the assignment hash.
    pub key: String,
    /// How many users take part (2 to 10,000,000).
    pub users: u32,
    /// The share of users in variant B, in percent (strictly between 0 and 100).
    pub percent_b: f64,
    /// Variant A's conversion rate, 0 to 1.
    pub conversion_a: f64,
    /// Variant B's conversion rate, 0 to 1.
    pub conversion_b: f64,
}

/// The result of an A/B test.
#[derive(Debug, Clone, PartialEq)]
pub struct AbResult {
    /// Users in variant A.
    pub users_a: u64,
    /// Users in variant B.
    pub users_b: u64,
    /// Conversions in variant A.
    pub conversions_a: u64,
    /// Conversions in variant B.
    pub conversions_b: u64,
    /// Variant A's observed conversion rate.
    pub rate_a: f64,
    /// Variant B's observed conversion rate.
    pub rate_b: f64,
    /// `rate_b - rate_a`.
    pub difference: f64,
    /// The two-proportion z statistic, with the pooled standard error.
    pub z: f64,
    /// The two-sided p-value of the z-test.
    pub p_value: f64,
    /// Whether the p-value is below 0.05.
    pub significant: bool,
}

/// Runs an A/B test.
pub fn run_ab_test(test: &AbTest) -> Result<AbResult, ConfigError> {
    if test.key.trim().is_empty() {
        return Err(ConfigError::new("ab.key", "the experiment key is empty"));
    }
    if !(2..=10_000_000).contains(&test.users) {
        return Err(ConfigError::new(
            "ab.users",
            format!(
                "an A/B test needs 2 to 10,000,000 users, not {}",
                test.users
            ),
        ));
    }
    if !(test.percent_b.is_finite() && test.percent_b > 0.0 && test.percent_b < 100.0) {
        return Err(ConfigError::new(
            "ab.percent_b",
            format!(
                "variant B's share must be strictly between 0 and 100 percent, not {}",
                test.percent_b
            ),
        ));
    }
    for (field, rate) in [
        ("ab.conversion_a", test.conversion_a),
        ("ab.conversion_b", test.conversion_b),
    ] {
        if !(rate.is_finite() && (0.0..=1.0).contains(&rate)) {
            return Err(ConfigError::new(
                field,
                format!("a conversion rate must be between 0 and 1, not {rate}"),
            ));
        }
    }
    let limit = (test.percent_b * 100.0).round() as u32;
    let users_b = (0..test.users)
        .filter(|i| bucket(&test.key, &format!("user-{i}")) < limit)
        .count() as u64;
    let users_a = u64::from(test.users) - users_b;
    let mut rng = Rng::new(test.seed);
    let conversions_a = rng.binomial(users_a, test.conversion_a);
    let conversions_b = rng.binomial(users_b, test.conversion_b);
    Ok(z_test(users_a, conversions_a, users_b, conversions_b))
}

/// The two-proportion z-test of B against A, with the pooled proportion.
pub fn z_test(users_a: u64, conversions_a: u64, users_b: u64, conversions_b: u64) -> AbResult {
    let rate = |conversions: u64, users: u64| {
        if users == 0 {
            0.0
        } else {
            conversions.min(users) as f64 / users as f64
        }
    };
    let rate_a = rate(conversions_a, users_a);
    let rate_b = rate(conversions_b, users_b);
    let total = users_a + users_b;
    let pooled = if total == 0 {
        0.0
    } else {
        (conversions_a.min(users_a) + conversions_b.min(users_b)) as f64 / total as f64
    };
    let se = if users_a == 0 || users_b == 0 {
        0.0
    } else {
        (pooled * (1.0 - pooled) * (1.0 / users_a as f64 + 1.0 / users_b as f64)).sqrt()
    };
    let difference = rate_b - rate_a;
    let (z, p_value) = if se > 0.0 {
        let z = difference / se;
        (z, erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0))
    } else {
        (0.0, 1.0)
    };
    AbResult {
        users_a,
        users_b,
        conversions_a,
        conversions_b,
        rate_a,
        rate_b,
        difference,
        z,
        p_value,
        significant: p_value < 0.05,
    }
}
