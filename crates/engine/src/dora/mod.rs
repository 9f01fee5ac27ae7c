//! DORA's software delivery metrics: a team's production event log, its parser (the `yaml` feature), the four keys and the rework rate, the 2024 clusters, and the 2025 team profiles the metrics resemble.
//!
//! The module is pure: no I/O, no clock, no browser APIs. The text below is `FORMAT.md`,
//! which documents the log format, the definitions of the keys and the rating rules.
//!
#![doc = include_str!("FORMAT.md")]

mod keys;
mod levels;
mod log;
#[cfg(feature = "yaml")]
mod parse;
mod profiles;

#[cfg(all(test, feature = "yaml"))]
mod tests;

pub use keys::{
    four_keys, mean, median, timeline, DayBucket, FourKeys, IncidentSpan, Timeline, METRIC_NAMES,
};
pub use levels::{classify, overall_level, Cluster2024, Key, Level, CLUSTERS_2024};
pub use log::{
    Commit, Deployment, DeploymentStatus, EventLog, Incident, LogError, MAX_LOG_BYTES,
    MAX_WINDOW_DAYS,
};
#[cfg(feature = "yaml")]
pub use parse::parse_log;
pub use profiles::{
    resembles, Factor, Instability, ProfileReading, TeamProfile, Throughput,
    INSTABILITY_CUT_PERCENT,
};
