//! The alarm configuration, its validation, and the evaluation of datapoints into states and state changes.

use std::collections::VecDeque;
use std::fmt;

use super::stats::Statistic;

/// The longest evaluation interval CloudWatch accepts: EvaluationPeriods times Period
/// cannot exceed seven days (604,800 seconds) for a period of one hour or longer
/// (`PutMetricAlarm`, Period).
pub const MAX_EVALUATION_SECONDS: u64 = 604_800;

/// The longest evaluation interval for a period shorter than one hour: one day (86,400
/// seconds).
pub const MAX_EVALUATION_SECONDS_SHORT_PERIOD: u64 = 86_400;

/// The shortest period, in seconds, that may be evaluated over up to seven days: one hour.
pub const LONG_PERIOD_SECONDS: u32 = 3_600;

/// The longest evaluation interval, in seconds, CloudWatch accepts for a period of
/// `period_s` seconds: one day below one hour, seven days from one hour.
pub fn max_evaluation_seconds(period_s: u32) -> u64 {
    if period_s < LONG_PERIOD_SECONDS {
        MAX_EVALUATION_SECONDS_SHORT_PERIOD
    } else {
        MAX_EVALUATION_SECONDS
    }
}

/// Whether CloudWatch accepts a period of `period_s` seconds: 10, 20 or 30 (a
/// high-resolution alarm) or a positive multiple of 60.
pub fn valid_period(period_s: u32) -> bool {
    matches!(period_s, 10 | 20 | 30) || (period_s > 0 && period_s.is_multiple_of(60))
}

/// A configuration problem, with the name of the offending field.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmError {
    /// The field, as `PutMetricAlarm` names it where it has a name.
    pub field: &'static str,
    /// What is wrong, as data: the app words it in the learner's language.
    pub reason: AlarmReason,
}

impl AlarmError {
    /// An error about one field.
    pub fn new(field: &'static str, reason: AlarmReason) -> AlarmError {
        AlarmError { field, reason }
    }
}

/// Why an alarm configuration is rejected, with the values the wording needs.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AlarmReason {
    /// `text` is not one of the four comparison operators.
    UnknownComparisonOperator { text: String },
    /// `text` is not one of the four `TreatMissingData` values.
    UnknownTreatMissingData { text: String },
    /// `text` is neither a statistic nor a percentile such as `p99`.
    UnknownStatistic { text: String },
    /// The percentile `p` is outside 0 to 100.
    PercentileOutOfRange { p: f64 },
    /// The metric name is empty.
    EmptyMetricName,
    /// The period is not 10, 20, 30 or a multiple of 60 seconds.
    Period { period_s: u32 },
    /// EvaluationPeriods is 0.
    NoEvaluationPeriods,
    /// `n` periods of `period_s` seconds exceed `max_s`, the limit for that period
    /// ([`max_evaluation_seconds`]: one day below one hour, seven days from one hour).
    EvaluationTooLong { n: u32, period_s: u32, max_s: u64 },
    /// DatapointsToAlarm `m` is 0 or more than EvaluationPeriods `n`.
    DatapointsToAlarm { m: u32, n: u32 },
    /// The threshold is not a finite number.
    ThresholdNotFinite,
    /// The evaluation range `range` is below `n` or above `n` + 1000.
    EvaluationRange { range: u32, n: u32 },
}

/// How a datapoint is compared with the threshold; the names are `PutMetricAlarm`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ComparisonOperator {
    /// The datapoint breaches when it is greater than the threshold.
    GreaterThanThreshold,
    /// The datapoint breaches when it is greater than or equal to the threshold.
    GreaterThanOrEqualToThreshold,
    /// The datapoint breaches when it is less than the threshold.
    LessThanThreshold,
    /// The datapoint breaches when it is less than or equal to the threshold.
    LessThanOrEqualToThreshold,
}

impl ComparisonOperator {
    /// The four operators, in the order the API reference lists them.
    pub const ALL: [ComparisonOperator; 4] = [
        ComparisonOperator::GreaterThanOrEqualToThreshold,
        ComparisonOperator::GreaterThanThreshold,
        ComparisonOperator::LessThanThreshold,
        ComparisonOperator::LessThanOrEqualToThreshold,
    ];

    /// The API name, such as `GreaterThanThreshold`.
    pub fn name(self) -> &'static str {
        match self {
            ComparisonOperator::GreaterThanThreshold => "GreaterThanThreshold",
            ComparisonOperator::GreaterThanOrEqualToThreshold => "GreaterThanOrEqualToThreshold",
            ComparisonOperator::LessThanThreshold => "LessThanThreshold",
            ComparisonOperator::LessThanOrEqualToThreshold => "LessThanOrEqualToThreshold",
        }
    }

    /// The operator with the given API name.
    pub fn parse(text: &str) -> Result<ComparisonOperator, AlarmError> {
        ComparisonOperator::ALL
            .into_iter()
            .find(|op| op.name() == text)
            .ok_or_else(|| {
                AlarmError::new(
                    "ComparisonOperator",
                    AlarmReason::UnknownComparisonOperator {
                        text: text.to_string(),
                    },
                )
            })
    }

    /// The words used in state reasons, such as "greater than or equal to".
    pub fn phrase(self) -> &'static str {
        match self {
            ComparisonOperator::GreaterThanThreshold => "greater than",
            ComparisonOperator::GreaterThanOrEqualToThreshold => "greater than or equal to",
            ComparisonOperator::LessThanThreshold => "less than",
            ComparisonOperator::LessThanOrEqualToThreshold => "less than or equal to",
        }
    }

    /// Whether a value breaches the threshold.
    pub fn breaches(self, value: f64, threshold: f64) -> bool {
        match self {
            ComparisonOperator::GreaterThanThreshold => value > threshold,
            ComparisonOperator::GreaterThanOrEqualToThreshold => value >= threshold,
            ComparisonOperator::LessThanThreshold => value < threshold,
            ComparisonOperator::LessThanOrEqualToThreshold => value <= threshold,
        }
    }
}

/// How the alarm treats missing datapoints; the names are the API's `TreatMissingData` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum TreatMissingData {
    /// `missing`, the default: missing datapoints are not considered, and an evaluation
    /// range with no datapoint at all gives `INSUFFICIENT_DATA`.
    #[default]
    Missing,
    /// `notBreaching`: missing datapoints are treated as within the threshold.
    NotBreaching,
    /// `breaching`: missing datapoints are treated as breaching the threshold.
    Breaching,
    /// `ignore`: the current alarm state is maintained.
    Ignore,
}

impl TreatMissingData {
    /// The four settings, in the order of the user guide's tables.
    pub const ALL: [TreatMissingData; 4] = [
        TreatMissingData::Missing,
        TreatMissingData::Ignore,
        TreatMissingData::Breaching,
        TreatMissingData::NotBreaching,
    ];

    /// The API value, such as `notBreaching`.
    pub fn name(self) -> &'static str {
        match self {
            TreatMissingData::Missing => "missing",
            TreatMissingData::NotBreaching => "notBreaching",
            TreatMissingData::Breaching => "breaching",
            TreatMissingData::Ignore => "ignore",
        }
    }

    /// The setting with the given API value.
    pub fn parse(text: &str) -> Result<TreatMissingData, AlarmError> {
        TreatMissingData::ALL
            .into_iter()
            .find(|treat| treat.name() == text)
            .ok_or_else(|| {
                AlarmError::new(
                    "TreatMissingData",
                    AlarmReason::UnknownTreatMissingData {
                        text: text.to_string(),
                    },
                )
            })
    }
}

/// The state of an alarm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AlarmState {
    /// `OK`: the metric is within the threshold.
    Ok,
    /// `ALARM`: the metric is outside the threshold.
    Alarm,
    /// `INSUFFICIENT_DATA`: the alarm has just started, or not enough data is available.
    #[default]
    InsufficientData,
}

impl AlarmState {
    /// The state as CloudWatch writes it, such as `INSUFFICIENT_DATA`.
    pub fn name(self) -> &'static str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

impl fmt::Display for AlarmState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A metric alarm, with the fields of `PutMetricAlarm` that decide its state.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AlarmConfig {
    /// The metric's name, such as `HTTPCode_Target_5XX_Count`; it must not be empty.
    pub metric_name: String,
    /// The statistic that turns a period's samples into a datapoint.
    pub statistic: Statistic,
    /// The period in seconds: 10, 20, 30 or a multiple of 60.
    pub period_seconds: u32,
    /// N: how many of the most recent datapoints are evaluated (at least 1).
    pub evaluation_periods: u32,
    /// M: how many of them must breach for `ALARM`; `None` means N.
    pub datapoints_to_alarm: Option<u32>,
    /// The value datapoints are compared with.
    pub threshold: f64,
    /// How datapoints are compared with the threshold.
    pub comparison_operator: ComparisonOperator,
    /// How missing datapoints are treated.
    pub treat_missing_data: TreatMissingData,
    /// How many datapoints each evaluation retrieves; `None` means N + 2 (the guide's
    /// examples retrieve 5 for N = 3). It must be at least N.
    pub evaluation_range: Option<u32>,
}

impl AlarmConfig {
    /// An alarm on the `Average` of a metric over one-minute periods, one evaluation period,
    /// missing data treated as `missing`.
    pub fn new(
        metric_name: impl Into<String>,
        comparison_operator: ComparisonOperator,
        threshold: f64,
    ) -> AlarmConfig {
        AlarmConfig {
            metric_name: metric_name.into(),
            statistic: Statistic::Average,
            period_seconds: 60,
            evaluation_periods: 1,
            datapoints_to_alarm: None,
            threshold,
            comparison_operator,
            treat_missing_data: TreatMissingData::Missing,
            evaluation_range: None,
        }
    }

    /// M: DatapointsToAlarm, or N when it is not set.
    pub fn datapoints_to_alarm(&self) -> u32 {
        self.datapoints_to_alarm.unwrap_or(self.evaluation_periods)
    }

    /// How many datapoints each evaluation looks at.
    pub fn range_len(&self) -> u32 {
        self.evaluation_range
            .unwrap_or_else(|| self.evaluation_periods.saturating_add(2))
    }

    /// Checks every field and returns the first problem.
    pub fn validate(&self) -> Result<(), AlarmError> {
        if self.metric_name.trim().is_empty() {
            return Err(AlarmError::new("MetricName", AlarmReason::EmptyMetricName));
        }
        self.statistic.validate()?;
        let period = self.period_seconds;
        if !valid_period(period) {
            return Err(AlarmError::new(
                "Period",
                AlarmReason::Period { period_s: period },
            ));
        }
        let n = self.evaluation_periods;
        if n == 0 {
            return Err(AlarmError::new(
                "EvaluationPeriods",
                AlarmReason::NoEvaluationPeriods,
            ));
        }
        let max_s = max_evaluation_seconds(period);
        if u64::from(n) * u64::from(period) > max_s {
            return Err(AlarmError::new(
                "EvaluationPeriods",
                AlarmReason::EvaluationTooLong {
                    n,
                    period_s: period,
                    max_s,
                },
            ));
        }
        let m = self.datapoints_to_alarm();
        if m == 0 || m > n {
            return Err(AlarmError::new(
                "DatapointsToAlarm",
                AlarmReason::DatapointsToAlarm { m, n },
            ));
        }
        if !self.threshold.is_finite() {
            return Err(AlarmError::new(
                "Threshold",
                AlarmReason::ThresholdNotFinite,
            ));
        }
        let range = self.range_len();
        if range < n || range > n.saturating_add(1_000) {
            return Err(AlarmError::new(
                "evaluation_range",
                AlarmReason::EvaluationRange { range, n },
            ));
        }
        Ok(())
    }

    /// Whether a datapoint breaches the threshold.
    pub fn breaches(&self, value: f64) -> bool {
        self.comparison_operator.breaches(value, self.threshold)
    }
}

/// The outcome of one evaluation: the new state and CloudWatch-style reason text.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The state after the evaluation.
    pub state: AlarmState,
    /// Why, in the style of CloudWatch's `StateReason`.
    pub reason: String,
}

/// One state change, as the alarm history would show it.
#[derive(Debug, Clone, PartialEq)]
pub struct StateChange {
    /// The index of the period whose datapoint triggered the change.
    pub period: usize,
    /// The end of that period, in seconds from the start of the series.
    pub time_seconds: u64,
    /// The state before.
    pub from: AlarmState,
    /// The state after.
    pub to: AlarmState,
    /// The reason for the new state.
    pub reason: String,
}

/// The states of an alarm after each period of a series, and its state changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evaluation {
    /// The state after each period, one per input datapoint.
    pub states: Vec<AlarmState>,
    /// The state changes, in time order.
    pub changes: Vec<StateChange>,
}

/// Decides the state for one evaluation range, oldest datapoint first (`None` = missing).
///
/// Only the last [`AlarmConfig::range_len`] entries are used; a shorter slice counts its
/// absent older entries as missing. `current` is the state before the evaluation, which
/// `ignore` keeps. With N = EvaluationPeriods and M = DatapointsToAlarm:
///
/// 1. When at least N datapoints exist in the range, the N most recent existing ones are
///    evaluated and the missing-data setting is not used: `ALARM` if at least M breach,
///    otherwise `OK`.
/// 2. Otherwise, with k < N existing datapoints, every existing datapoint is evaluated
///    together with N - k missing ones:
///    - `breaching` and `notBreaching` fill them as breaching or not, then apply the M rule;
///    - `missing` and `ignore` do not count them. With no datapoint at all, `missing` gives
///      `INSUFFICIENT_DATA` and `ignore` keeps the current state. If at least M existing
///      datapoints breach, the state is `ALARM`; if any existing datapoint does not breach,
///      it is `OK`. Otherwise every existing datapoint breaches but fewer than M do: if the
///      oldest of them is at least M periods old (the newest datapoint is 1 period old),
///      `missing` gives `ALARM`, as the guide's last row of its first table and the
///      CloudWatch knowledge-center article on single-datapoint alarms describe; if not,
///      `missing` gives `INSUFFICIENT_DATA`. `ignore` keeps the current state in both cases.
pub fn decide(config: &AlarmConfig, range: &[Option<f64>], current: AlarmState) -> Decision {
    let n = config.evaluation_periods.max(1) as usize;
    let m = config.datapoints_to_alarm().clamp(1, n as u32) as usize;
    let range_len = (config.range_len() as usize).max(n);
    let window = &range[range.len().saturating_sub(range_len)..];
    let missing_before = range_len - window.len();
    // Existing datapoints with their age in periods, oldest first; the newest has age 1.
    let existing: Vec<(usize, f64)> = window
        .iter()
        .enumerate()
        .filter_map(|(i, value)| match value {
            Some(v) if v.is_finite() => Some((window.len() - i, *v)),
            _ => None,
        })
        .collect();
    let k = existing.len();
    if k >= n {
        let evaluated = &existing[k - n..];
        let breaching = evaluated
            .iter()
            .filter(|(_, v)| config.breaches(*v))
            .count();
        return threshold_decision(config, breaching, n, m);
    }
    let breaching = existing.iter().filter(|(_, v)| config.breaches(*v)).count();
    let fill = n - k;
    match config.treat_missing_data {
        TreatMissingData::Breaching => threshold_decision(config, breaching + fill, n, m),
        TreatMissingData::NotBreaching => threshold_decision(config, breaching, n, m),
        TreatMissingData::Missing | TreatMissingData::Ignore => {
            let ignore = config.treat_missing_data == TreatMissingData::Ignore;
            let retain = || Decision {
                state: current,
                reason: format!(
                    "Missing data treated as ignore: the state stays {}",
                    current.name()
                ),
            };
            if k == 0 {
                if ignore {
                    return retain();
                }
                let unknown = window.len() + missing_before;
                return Decision {
                    state: AlarmState::InsufficientData,
                    reason: format!(
                        "Insufficient Data: {unknown} {} unknown",
                        plural(unknown, "datapoint was", "datapoints were")
                    ),
                };
            }
            if breaching >= m || breaching < k {
                return threshold_decision(config, breaching, k, m);
            }
            let oldest_age = existing.first().map_or(0, |(age, _)| *age);
            if ignore {
                retain()
            } else if oldest_age >= m {
                Decision {
                    state: AlarmState::Alarm,
                    reason: format!(
                        "Threshold Crossed: {breaching} out of the last {k} {} {} {} the threshold ({:?}) and no datapoint since the oldest of them, {oldest_age} periods ago, was within it",
                        plural(k, "datapoint", "datapoints"),
                        plural(k, "was", "were"),
                        config.comparison_operator.phrase(),
                        config.threshold
                    ),
                }
            } else {
                Decision {
                    state: AlarmState::InsufficientData,
                    reason: format!(
                        "Insufficient Data: {fill} of the last {n} datapoints {} unknown",
                        plural(fill, "was", "were")
                    ),
                }
            }
        }
    }
}

/// The `OK` or `ALARM` decision for `breaching` out of `evaluated` datapoints.
fn threshold_decision(
    config: &AlarmConfig,
    breaching: usize,
    evaluated: usize,
    m: usize,
) -> Decision {
    let phrase = config.comparison_operator.phrase();
    let threshold = config.threshold;
    if breaching >= m {
        Decision {
            state: AlarmState::Alarm,
            reason: format!(
                "Threshold Crossed: {breaching} out of the last {evaluated} {} {} {phrase} the threshold ({threshold:?})",
                plural(evaluated, "datapoint", "datapoints"),
                plural(breaching, "was", "were"),
            ),
        }
    } else {
        let within = evaluated - breaching;
        Decision {
            state: AlarmState::Ok,
            reason: format!(
                "Threshold Crossed: {within} out of the last {evaluated} {} {} not {phrase} the threshold ({threshold:?})",
                plural(evaluated, "datapoint", "datapoints"),
                plural(within, "was", "were"),
            ),
        }
    }
}

/// Picks the singular or plural form for a count.
fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 {
        one
    } else {
        many
    }
}

/// An alarm that is fed one datapoint per period, as a simulation produces them.
#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    config: AlarmConfig,
    window: VecDeque<Option<f64>>,
    state: AlarmState,
    periods: usize,
}

impl Alarm {
    /// A new alarm in `INSUFFICIENT_DATA`, after validating its configuration.
    pub fn new(config: AlarmConfig) -> Result<Alarm, AlarmError> {
        config.validate()?;
        let capacity = config.range_len() as usize;
        Ok(Alarm {
            config,
            window: VecDeque::with_capacity(capacity),
            state: AlarmState::InsufficientData,
            periods: 0,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &AlarmConfig {
        &self.config
    }

    /// The current state.
    pub fn state(&self) -> AlarmState {
        self.state
    }

    /// How many periods have been evaluated.
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// Adds the datapoint of the next period (`None` = missing), evaluates the alarm and
    /// returns the state change, if any.
    pub fn push(&mut self, datapoint: Option<f64>) -> Option<StateChange> {
        let range_len = self.config.range_len() as usize;
        if self.window.len() == range_len {
            self.window.pop_front();
        }
        self.window.push_back(datapoint);
        let range = self.window.make_contiguous();
        let decision = decide(&self.config, range, self.state);
        let period = self.periods;
        self.periods += 1;
        if decision.state == self.state {
            return None;
        }
        let change = StateChange {
            period,
            time_seconds: (period as u64 + 1) * u64::from(self.config.period_seconds),
            from: self.state,
            to: decision.state,
            reason: decision.reason,
        };
        self.state = decision.state;
        Some(change)
    }
}

/// Evaluates an alarm over a series of datapoints, one per period (`None` = missing),
/// starting from `INSUFFICIENT_DATA`.
pub fn evaluate(
    config: &AlarmConfig,
    datapoints: &[Option<f64>],
) -> Result<Evaluation, AlarmError> {
    let mut alarm = Alarm::new(config.clone())?;
    let mut evaluation = Evaluation {
        states: Vec::with_capacity(datapoints.len()),
        changes: Vec::new(),
    };
    for datapoint in datapoints {
        if let Some(change) = alarm.push(*datapoint) {
            evaluation.changes.push(change);
        }
        evaluation.states.push(alarm.state());
    }
    Ok(evaluation)
}
