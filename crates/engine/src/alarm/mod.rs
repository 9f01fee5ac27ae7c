//! CloudWatch metric alarms: the statistics, the "M out of N" rule, missing data and the evaluation range.
//!
//! The module is pure: no I/O, no clock, no browser APIs. Time is the index of a period in
//! the input series, and every result is deterministic.
//!
//! # Source
//!
//! The semantics follow the Amazon CloudWatch User Guide, "Using Amazon CloudWatch alarms",
//! sections "Evaluating an alarm" and "Configuring how CloudWatch alarms treat missing
//! data" (including "How alarm state is evaluated when data is missing"), and the
//! `PutMetricAlarm` API reference:
//!
//! - **Period** is the length of time, in seconds, over which the statistic is computed to
//!   create one datapoint. It is 10, 20 or 30 seconds (a high-resolution alarm) or a
//!   multiple of 60.
//! - **EvaluationPeriods** (N) is the number of most recent datapoints to evaluate.
//! - **DatapointsToAlarm** (M, default N) is how many of them must breach for `ALARM`;
//!   they do not have to be consecutive. N multiplied by the period cannot exceed seven
//!   days (604,800 seconds), or one day (86,400 seconds) when the period is shorter than
//!   one hour.
//! - **TreatMissingData** is `missing` (the default), `notBreaching`, `breaching` or `ignore`.
//! - The states are `OK`, `ALARM` and `INSUFFICIENT_DATA`; an alarm starts in
//!   `INSUFFICIENT_DATA`.
//!
//! # The evaluation range
//!
//! When it evaluates, CloudWatch retrieves more datapoints than N: the *evaluation range*.
//! If none is missing it evaluates the N most recent ones. If some are missing but at
//! least N exist, it evaluates the N most recent existing ones and the missing-data setting
//! is not used. If fewer than N exist, it fills in missing datapoints per the setting,
//! "only as few times as possible", and every real datapoint in the range takes part.
//! The guide's worked examples retrieve 5 datapoints for N = 3; the guide does not publish
//! the formula, so this evaluator uses N + 2 unless [`AlarmConfig::evaluation_range`] says
//! otherwise. See [`decide`] for the rule, which reproduces every row of the guide's two
//! tables (the tests encode them one line per row).
//!
//! # Simplifications
//!
//! - Percentiles use the nearest-rank method over the raw samples of a period; CloudWatch
//!   does not document its estimator, and low-sample percentile options are not modelled.
//! - Datapoints that arrive late, and data from before the series starts, are not modelled:
//!   periods before the first datapoint count as missing.

pub mod composite;
#[cfg(feature = "tree")]
pub mod definition;
mod eval;
mod stats;

#[cfg(test)]
mod tests;

pub use eval::{
    decide, evaluate, Alarm, AlarmConfig, AlarmError, AlarmReason, AlarmState, ComparisonOperator,
    Decision, Evaluation, StateChange, TreatMissingData, LONG_PERIOD_SECONDS,
    MAX_EVALUATION_SECONDS, MAX_EVALUATION_SECONDS_SHORT_PERIOD,
};
pub use eval::{max_evaluation_seconds, valid_period};
pub use stats::{aggregate, Statistic};
