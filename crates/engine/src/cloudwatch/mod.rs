//! CloudWatch metrics on dashboards: metric math ([`math`]) and dashboard bodies
//! ([`dashboard`]), read with positions, checked with stable rule ids ([`Rule`]), and resolved
//! against a simulated [`crate::telemetry::Run`] into the series each widget draws.
//!
//! Sources (read 2026-11-30): "Dashboard Body Structure and Syntax"
//! (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html),
//! "Using math expressions with CloudWatch metrics"
//! (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html).
//!
//! Simplified: `ANOMALY_DETECTION_BAND` is a trailing mean ± k standard deviations, not
//! CloudWatch's trained model; the metrics are per minute (no 10-second metrics); see each
//! module's doc for the rest.

pub mod dashboard;
pub mod math;
mod rules;

#[cfg(test)]
mod tests;

pub use crate::tree::{Pos, Severity};
pub use dashboard::{
    resolve, validate, Annotation, Content, Dashboard, Drawn, MetricRef, MetricWidget, Report,
    Resolved, Row, Source, View, Widget,
};
pub use rules::{Diagnostic, Rule};
