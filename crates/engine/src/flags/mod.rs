//! Feature flags: targeting rules, a percentage rollout by hashed id and a kill switch; a
//! flag's exposure over a population (per stage, across stages, through an incident); and a
//! two-variant A/B test read with a z-test.
//!
//! Everything is pure and seeded: a population is drawn from [`crate::numbers::Rng`], a
//! user's bucket is a hash of the flag's key and the user's id, and the A/B test's
//! conversions are draws from its seed, so the same inputs give the same answer everywhere.

use std::fmt;

mod ab;
mod flag;
mod rollout;

#[cfg(test)]
mod tests;

pub use ab::{run_ab_test, z_test, AbResult, AbTest};
pub use flag::{bucket, FeatureFlag, FlagDecision, FlagReason, TargetingRule, User, BUCKETS};
pub use rollout::{
    exposure, population, stage_exposure, stickiness_violations, timeline, Group, Incident, Minute,
    PopulationSpec, Split, StageExposure, Timeline, MAX_INCIDENT_MINUTES, MAX_POPULATION,
};

/// A flag, population, incident or A/B test that cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagError {
    /// The field, such as `flag.rollout_percent` or `ab.users`.
    pub field: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl FlagError {
    /// An error about one field.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FlagError {
        FlagError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FlagError {}

/// The id of the `n`th user of a population or an A/B test: `user-0`, `user-1`, …
pub fn user_id(n: u32) -> String {
    format!("user-{n}")
}
