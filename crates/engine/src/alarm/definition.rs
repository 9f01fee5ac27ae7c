//! Alarm definitions as a learner writes them: a JSON array of `PutMetricAlarm` and
//! `PutCompositeAlarm` request bodies, read with positions into [`AlarmConfig`]s and
//! [`Rule`]s, and (feature `telemetry`) evaluated over a simulated run's metrics.
//!
//! # Source
//!
//! The request parameters of `PutMetricAlarm` and `PutCompositeAlarm` (CloudWatch API
//! reference, as the SDK references reproduce them, e.g.
//! <https://docs.rs/mz_rusoto_cloudwatch/latest/rusoto_cloudwatch/struct.PutCompositeAlarmInput.html>
//! and the CLI's `put-composite-alarm`, read 2026-11-30): an element with `AlarmRule` is a
//! composite alarm, any other a metric alarm. Required: `AlarmName` (1 to 255 characters,
//! unique), and for a metric alarm `EvaluationPeriods` and `ComparisonOperator`; a
//! single-metric alarm also takes `Namespace`, `MetricName`, `Period`, `Threshold` and exactly
//! one of `Statistic` and `ExtendedStatistic` (`p99`). `AlarmActions`, `OKActions` and
//! `InsufficientDataActions` hold at most 5 ARNs each; `ActionsEnabled` defaults to true.
//!
//! # Left out (refused with `not-simulated`, so nothing is silently ignored)
//!
//! Metric math (`Metrics`, `ThresholdMetricId`), anomaly detection, `Tags`,
//! `EvaluateLowSampleCountPercentile`, and the composite's `ActionsSuppressor`,
//! `ActionsSuppressorWaitPeriod` and `ActionsSuppressorExtensionPeriod`. Actions other than
//! Amazon SNS topics (`arn:aws:sns:…`) are refused too.

use std::collections::BTreeMap;

use super::composite::{Rule, RuleError};
use super::eval::{AlarmConfig, AlarmError, AlarmState, ComparisonOperator, TreatMissingData};
use super::stats::Statistic;
use crate::tree::{Node, Pos, Value};

/// At most this many ARNs in each action list.
pub const MAX_ACTIONS: usize = 5;
/// The longest alarm name.
pub const MAX_NAME: usize = 255;

/// A metric alarm as `PutMetricAlarm` defines it.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricAlarm {
    pub name: String,
    pub pos: Pos,
    pub namespace: String,
    /// `(Name, Value)` pairs, as written.
    pub dimensions: Vec<(String, String)>,
    pub config: AlarmConfig,
    pub actions: Actions,
}

/// A composite alarm as `PutCompositeAlarm` defines it.
#[derive(Clone, Debug, PartialEq)]
pub struct CompositeAlarm {
    pub name: String,
    pub pos: Pos,
    pub rule: Rule,
    pub rule_text: String,
    pub actions: Actions,
}

/// The actions of an alarm.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Actions {
    pub enabled: bool,
    pub alarm: Vec<String>,
    pub ok: Vec<String>,
    pub insufficient_data: Vec<String>,
}

impl Actions {
    /// The ARNs notified when the alarm enters `state` (none when actions are disabled).
    pub fn on(&self, state: AlarmState) -> &[String] {
        if !self.enabled {
            return &[];
        }
        match state {
            AlarmState::Alarm => &self.alarm,
            AlarmState::Ok => &self.ok,
            AlarmState::InsufficientData => &self.insufficient_data,
        }
    }
}

/// One definition.
#[derive(Clone, Debug, PartialEq)]
pub enum Definition {
    Metric(MetricAlarm),
    Composite(CompositeAlarm),
}

impl Definition {
    pub fn name(&self) -> &str {
        match self {
            Definition::Metric(m) => &m.name,
            Definition::Composite(c) => &c.name,
        }
    }

    pub fn actions(&self) -> &Actions {
        match self {
            Definition::Metric(m) => &m.actions,
            Definition::Composite(c) => &c.actions,
        }
    }
}

/// Why a definition is refused; [`DefErrorKind::id`] is a stable id.
#[derive(Clone, Debug, PartialEq)]
pub enum DefErrorKind {
    /// Not JSON (the parser's own message).
    Syntax { message: String },
    /// The document is not an array.
    NotAnArray,
    /// An element is not an object.
    NotAnObject,
    /// A required field is absent.
    Missing { field: &'static str },
    /// A field neither request has.
    UnknownField { field: String },
    /// A field of the API this simulation does not model.
    NotSimulated { field: String },
    /// A field of the wrong JSON type (`expected`: `string`, `number`, `boolean`, `list`, `object`).
    WrongType {
        field: String,
        expected: &'static str,
    },
    /// Both `Statistic` and `ExtendedStatistic`, or neither.
    OneStatistic,
    /// `Statistic` is not one of the five, or `ExtendedStatistic` no percentile.
    Statistic { text: String },
    /// A field `AlarmConfig` refuses (the period, M and N, the operator…).
    Config(AlarmError),
    /// Two alarms with the same name.
    Duplicate { name: String },
    /// A name longer than [`MAX_NAME`] or empty.
    Name { length: usize },
    /// An action that is not an SNS topic ARN.
    Action { arn: String },
    /// More than [`MAX_ACTIONS`] ARNs in a list.
    TooManyActions { field: String, count: usize },
    /// The composite's `AlarmRule`.
    Rule(RuleError),
    /// Composite alarms that name each other in a cycle.
    Cycle { name: String },
}

impl DefErrorKind {
    pub fn id(&self) -> &'static str {
        match self {
            DefErrorKind::Syntax { .. } => "json-syntax",
            DefErrorKind::NotAnArray => "not-an-array",
            DefErrorKind::NotAnObject => "not-an-object",
            DefErrorKind::Missing { .. } => "missing-field",
            DefErrorKind::UnknownField { .. } => "unknown-field",
            DefErrorKind::NotSimulated { .. } => "not-simulated",
            DefErrorKind::WrongType { .. } => "wrong-type",
            DefErrorKind::OneStatistic => "one-statistic",
            DefErrorKind::Statistic { .. } => "unknown-statistic",
            DefErrorKind::Config(_) => "invalid-setting",
            DefErrorKind::Duplicate { .. } => "duplicate-alarm-name",
            DefErrorKind::Name { .. } => "alarm-name-length",
            DefErrorKind::Action { .. } => "action-not-sns",
            DefErrorKind::TooManyActions { .. } => "too-many-actions",
            DefErrorKind::Rule(r) => r.kind.id(),
            DefErrorKind::Cycle { .. } => "composite-cycle",
        }
    }
}

/// A refused definition, at its line and column.
#[derive(Clone, Debug, PartialEq)]
pub struct DefError {
    pub pos: Pos,
    pub kind: DefErrorKind,
}

/// What a text defines: the alarms read, and every error found.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Definitions {
    pub alarms: Vec<Definition>,
    pub errors: Vec<DefError>,
}

impl Definitions {
    pub fn get(&self, name: &str) -> Option<&Definition> {
        self.alarms.iter().find(|d| d.name() == name)
    }
}

const METRIC_FIELDS: &[&str] = &[
    "AlarmName",
    "AlarmDescription",
    "ActionsEnabled",
    "AlarmActions",
    "OKActions",
    "InsufficientDataActions",
    "Namespace",
    "MetricName",
    "Dimensions",
    "Statistic",
    "ExtendedStatistic",
    "Period",
    "Unit",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
];
const COMPOSITE_FIELDS: &[&str] = &[
    "AlarmName",
    "AlarmDescription",
    "AlarmRule",
    "ActionsEnabled",
    "AlarmActions",
    "OKActions",
    "InsufficientDataActions",
];
const LEFT_OUT: &[&str] = &[
    "Metrics",
    "ThresholdMetricId",
    "Tags",
    "EvaluateLowSampleCountPercentile",
    "ActionsSuppressor",
    "ActionsSuppressorWaitPeriod",
    "ActionsSuppressorExtensionPeriod",
];

/// A JSON error's position: serde_json counts columns in bytes, the editor in characters.
fn json_pos(text: &str, line: usize, col: usize) -> Pos {
    let l = text.split('\n').nth(line.max(1) - 1).unwrap_or("");
    let mut end = col.saturating_sub(1).min(l.len());
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    Pos {
        line: line.max(1) as u32,
        col: l[..end].chars().count() as u32 + 1,
    }
}

/// Where the character `offset` (0-based, decoded) of the JSON string at `pos` is written:
/// escapes take more than one character in the text.
fn inside_string(text: &str, pos: Pos, offset: usize) -> Pos {
    let Some(line) = text.split('\n').nth(pos.line as usize - 1) else {
        return pos;
    };
    let chars: Vec<char> = line.chars().collect();
    let mut i = pos.col as usize; // just past the opening quote (0-based index)
    let mut decoded = 0;
    while decoded < offset && i < chars.len() {
        if chars[i] == '\\' {
            i += if chars.get(i + 1) == Some(&'u') { 6 } else { 2 };
        } else {
            i += 1;
        }
        decoded += 1;
    }
    Pos {
        line: pos.line,
        col: i as u32 + 1,
    }
}

struct Reader<'a> {
    errors: &'a mut Vec<DefError>,
}

impl Reader<'_> {
    fn fail(&mut self, pos: Pos, kind: DefErrorKind) {
        self.errors.push(DefError { pos, kind });
    }

    fn string(&mut self, obj: &Node, field: &'static str) -> Option<String> {
        let node = obj.get(field)?;
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            _ => {
                self.fail(node.pos, wrong(field, "string"));
                None
            }
        }
    }

    fn number(&mut self, obj: &Node, field: &'static str) -> Option<f64> {
        let node = obj.get(field)?;
        match &node.value {
            Value::Number(v, _) => Some(*v),
            _ => {
                self.fail(node.pos, wrong(field, "number"));
                None
            }
        }
    }

    fn whole(&mut self, obj: &Node, field: &'static str) -> Option<u32> {
        let v = self.number(obj, field)?;
        if v.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&v) {
            let pos = obj.get(field).map_or_else(Pos::default, |n| n.pos);
            self.fail(pos, wrong(field, "integer"));
            return None;
        }
        Some(v as u32)
    }

    fn actions(&mut self, obj: &Node) -> Actions {
        let enabled = match obj.get("ActionsEnabled") {
            None => true,
            Some(Node {
                value: Value::Bool(b),
                ..
            }) => *b,
            Some(n) => {
                self.fail(n.pos, wrong("ActionsEnabled", "boolean"));
                true
            }
        };
        let mut list = |field: &'static str| -> Vec<String> {
            let Some(node) = obj.get(field) else {
                return Vec::new();
            };
            let Some(items) = node.as_seq() else {
                self.fail(node.pos, wrong(field, "list"));
                return Vec::new();
            };
            if items.len() > MAX_ACTIONS {
                self.fail(
                    node.pos,
                    DefErrorKind::TooManyActions {
                        field: field.into(),
                        count: items.len(),
                    },
                );
            }
            let mut out = Vec::new();
            for item in items {
                match &item.value {
                    Value::Str(arn) if is_topic_arn(arn) => out.push(arn.clone()),
                    Value::Str(arn) => {
                        self.fail(item.pos, DefErrorKind::Action { arn: arn.clone() })
                    }
                    _ => self.fail(item.pos, wrong(field, "string")),
                }
            }
            out
        };
        Actions {
            enabled,
            alarm: list("AlarmActions"),
            ok: list("OKActions"),
            insufficient_data: list("InsufficientDataActions"),
        }
    }
}

fn wrong(field: &str, expected: &'static str) -> DefErrorKind {
    DefErrorKind::WrongType {
        field: field.to_string(),
        expected,
    }
}

/// `arn:aws:sns:<region>:<12-digit account>:<topic>`.
pub fn is_topic_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "sns"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && !parts[5].is_empty()
        && parts[5]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Reads a JSON array of `PutMetricAlarm` and `PutCompositeAlarm` bodies.
pub fn read(text: &str) -> Definitions {
    let mut out = Definitions::default();
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        out.errors.push(DefError {
            pos: json_pos(text, e.line(), e.column()),
            kind: DefErrorKind::Syntax { message },
        });
        return out;
    }
    let root = match crate::tree::parse(text) {
        Ok((root, _)) => root,
        Err(e) => {
            out.errors.push(DefError {
                pos: e.pos,
                kind: DefErrorKind::Syntax { message: e.message },
            });
            return out;
        }
    };
    let Some(items) = root.as_seq() else {
        out.errors.push(DefError {
            pos: root.pos,
            kind: DefErrorKind::NotAnArray,
        });
        return out;
    };
    // Names first, so that a rule may name an alarm defined after it.
    let mut names: BTreeMap<String, Pos> = BTreeMap::new();
    let mut errors = Vec::new();
    for item in items {
        if let Some(Node {
            value: Value::Str(n),
            pos,
            ..
        }) = item.get("AlarmName")
        {
            if names.contains_key(n) {
                errors.push(DefError {
                    pos: *pos,
                    kind: DefErrorKind::Duplicate { name: n.clone() },
                });
            } else {
                names.insert(n.clone(), *pos);
            }
        }
    }
    let mut r = Reader {
        errors: &mut errors,
    };
    for item in items {
        let Some(fields) = item.as_map() else {
            r.fail(item.pos, DefErrorKind::NotAnObject);
            continue;
        };
        let composite = item.get("AlarmRule").is_some();
        let allowed = if composite {
            COMPOSITE_FIELDS
        } else {
            METRIC_FIELDS
        };
        let before = r.errors.len();
        for (k, _) in fields {
            if LEFT_OUT.contains(&k.name.as_str()) {
                r.fail(
                    k.pos,
                    DefErrorKind::NotSimulated {
                        field: k.name.clone(),
                    },
                );
            } else if !allowed.contains(&k.name.as_str()) {
                r.fail(
                    k.pos,
                    DefErrorKind::UnknownField {
                        field: k.name.clone(),
                    },
                );
            }
        }
        let Some(name) = r.string(item, "AlarmName") else {
            if item.get("AlarmName").is_none() {
                r.fail(item.pos, DefErrorKind::Missing { field: "AlarmName" });
            }
            continue;
        };
        let name_pos = item.get("AlarmName").map_or(item.pos, |n| n.pos);
        let length = name.chars().count();
        if length == 0 || length > MAX_NAME {
            r.fail(name_pos, DefErrorKind::Name { length });
        }
        let actions = r.actions(item);
        if composite {
            let Some(rule_text) = r.string(item, "AlarmRule") else {
                continue;
            };
            let rule_pos = item.get("AlarmRule").map_or(item.pos, |n| n.pos);
            match Rule::parse(&rule_text, &name, &|n| names.contains_key(n)) {
                Ok(rule) => {
                    if r.errors.len() == before {
                        out.alarms.push(Definition::Composite(CompositeAlarm {
                            name,
                            pos: name_pos,
                            rule,
                            rule_text,
                            actions,
                        }));
                    }
                }
                Err(e) => {
                    let pos = inside_string(text, rule_pos, e.col - 1);
                    r.fail(pos, DefErrorKind::Rule(e));
                }
            }
            continue;
        }
        let mut missing = |field: &'static str| {
            if item.get(field).is_none() {
                r.fail(item.pos, DefErrorKind::Missing { field });
                true
            } else {
                false
            }
        };
        let absent = [
            "Namespace",
            "MetricName",
            "Period",
            "EvaluationPeriods",
            "Threshold",
            "ComparisonOperator",
        ]
        .into_iter()
        .map(&mut missing)
        .fold(false, |a, b| a | b);
        let namespace = r.string(item, "Namespace").unwrap_or_default();
        let metric = r.string(item, "MetricName").unwrap_or_default();
        let mut dimensions = Vec::new();
        if let Some(node) = item.get("Dimensions") {
            match node.as_seq() {
                None => r.fail(node.pos, wrong("Dimensions", "list")),
                Some(ds) => {
                    for d in ds {
                        match (d.get("Name"), d.get("Value")) {
                            (
                                Some(Node {
                                    value: Value::Str(n),
                                    ..
                                }),
                                Some(Node {
                                    value: Value::Str(v),
                                    ..
                                }),
                            ) => dimensions.push((n.clone(), v.clone())),
                            _ => r.fail(d.pos, wrong("Dimensions", "object")),
                        }
                    }
                }
            }
        }
        let statistic = match (item.get("Statistic"), item.get("ExtendedStatistic")) {
            (Some(_), None) => {
                let text = r.string(item, "Statistic").unwrap_or_default();
                match text.as_str() {
                    "SampleCount" | "Average" | "Sum" | "Minimum" | "Maximum" => {
                        Statistic::parse(&text).ok()
                    }
                    _ => {
                        let pos = item.get("Statistic").map_or(item.pos, |n| n.pos);
                        r.fail(pos, DefErrorKind::Statistic { text });
                        None
                    }
                }
            }
            (None, Some(node)) => {
                let text = r.string(item, "ExtendedStatistic").unwrap_or_default();
                match Statistic::parse(&text) {
                    Ok(s @ Statistic::Percentile(_)) => Some(s),
                    _ => {
                        r.fail(node.pos, DefErrorKind::Statistic { text });
                        None
                    }
                }
            }
            _ => {
                r.fail(item.pos, DefErrorKind::OneStatistic);
                None
            }
        };
        let period = r.whole(item, "Period");
        let n = r.whole(item, "EvaluationPeriods");
        let m = r.whole(item, "DatapointsToAlarm");
        let threshold = r.number(item, "Threshold");
        let operator = r.string(item, "ComparisonOperator").and_then(|t| {
            ComparisonOperator::parse(&t)
                .map_err(|e| {
                    let pos = item.get("ComparisonOperator").map_or(item.pos, |n| n.pos);
                    r.fail(pos, DefErrorKind::Config(e));
                })
                .ok()
        });
        let treat = match r.string(item, "TreatMissingData") {
            None => Some(TreatMissingData::Missing),
            Some(t) => TreatMissingData::parse(&t)
                .map_err(|e| {
                    let pos = item.get("TreatMissingData").map_or(item.pos, |n| n.pos);
                    r.fail(pos, DefErrorKind::Config(e));
                })
                .ok(),
        };
        let (
            false,
            Some(statistic),
            Some(period),
            Some(n),
            Some(threshold),
            Some(operator),
            Some(treat),
        ) = (absent, statistic, period, n, threshold, operator, treat)
        else {
            continue;
        };
        let config = AlarmConfig {
            metric_name: metric,
            statistic,
            period_seconds: period,
            evaluation_periods: n,
            datapoints_to_alarm: m,
            threshold,
            comparison_operator: operator,
            treat_missing_data: treat,
            evaluation_range: None,
        };
        if let Err(e) = config.validate() {
            let field = match e.field {
                "statistic" => "Statistic",
                other => other,
            };
            let pos = item.get(field).map_or(item.pos, |n| n.pos);
            r.fail(pos, DefErrorKind::Config(e));
            continue;
        }
        if r.errors.len() == before {
            out.alarms.push(Definition::Metric(MetricAlarm {
                name,
                pos: name_pos,
                namespace,
                dimensions,
                config,
                actions,
            }));
        }
    }
    // Composite alarms naming each other in a cycle.
    let composites: Vec<&CompositeAlarm> = out
        .alarms
        .iter()
        .filter_map(|d| match d {
            Definition::Composite(c) => Some(c),
            _ => None,
        })
        .collect();
    for c in &composites {
        if reaches(&composites, &c.name, &c.name, composites.len()) {
            errors.push(DefError {
                pos: c.pos,
                kind: DefErrorKind::Cycle {
                    name: c.name.clone(),
                },
            });
        }
    }
    errors.sort_by_key(|e| e.pos);
    out.errors = errors;
    out
}

/// Whether composite `from` names `target`, directly or through other composites.
fn reaches(all: &[&CompositeAlarm], from: &str, target: &str, budget: usize) -> bool {
    let Some(c) = all.iter().find(|c| c.name == from) else {
        return false;
    };
    budget > 0
        && c.rule
            .alarms()
            .iter()
            .any(|m| *m == target || reaches(all, m, target, budget - 1))
}

/// The state timeline of every alarm over a run, one state per minute.
#[cfg(feature = "telemetry")]
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Timelines {
    /// Per alarm (in the order defined): its states, one per minute of the run (the state at
    /// the end of that minute), and its state changes (times in seconds from the start).
    pub alarms: Vec<(String, Vec<AlarmState>, super::eval::Evaluation)>,
}

#[cfg(feature = "telemetry")]
impl Timelines {
    pub fn get(&self, name: &str) -> Option<&(String, Vec<AlarmState>, super::eval::Evaluation)> {
        self.alarms.iter().find(|(n, ..)| n == name)
    }
}

/// The run's series a metric alarm watches: same namespace, metric name and exactly the
/// same dimensions (CloudWatch matches every dimension; order does not matter).
#[cfg(feature = "telemetry")]
pub fn series<'a>(
    run: &'a crate::telemetry::Run,
    alarm: &MetricAlarm,
) -> Option<&'a crate::telemetry::MetricSeries> {
    run.metrics.iter().find(|s| {
        s.namespace == alarm.namespace
            && s.metric_name == alarm.config.metric_name
            && s.dimensions.len() == alarm.dimensions.len()
            && alarm.dimensions.iter().all(|(n, v)| s.has_dimension(n, v))
    })
}

/// A series' datapoints regrouped into periods of `period_s` seconds (a multiple of the
/// series' period): counts, sums, extremes and histograms add up; a period without any
/// datapoint stays missing.
#[cfg(feature = "telemetry")]
pub fn regroup(
    series: &crate::telemetry::MetricSeries,
    period_s: u32,
) -> Vec<Option<crate::telemetry::Datapoint>> {
    let per = (period_s / series.period_s.max(1)).max(1) as usize;
    series
        .datapoints
        .chunks(per)
        .map(|chunk| {
            chunk
                .iter()
                .flatten()
                .fold(None, |acc: Option<crate::telemetry::Datapoint>, d| {
                    Some(match acc {
                        None => d.clone(),
                        Some(mut a) => {
                            a.sample_count += d.sample_count;
                            a.sum += d.sum;
                            a.minimum = a.minimum.min(d.minimum);
                            a.maximum = a.maximum.max(d.maximum);
                            let mut h: BTreeMap<i32, u64> = a.histogram.iter().copied().collect();
                            for &(k, c) in &d.histogram {
                                *h.entry(k).or_default() += c;
                            }
                            a.histogram = h.into_iter().collect();
                            a
                        }
                    })
                })
        })
        .collect()
}

/// Evaluates every alarm over a run of `minutes` minutes: a metric alarm at the end of each
/// of its periods over the series it watches (no series: every datapoint missing), a
/// composite alarm each minute over its members' states. The minute timeline holds, for
/// each minute, the state after the last evaluation by its end.
#[cfg(feature = "telemetry")]
pub fn evaluate_all(defs: &Definitions, run: &crate::telemetry::Run, minutes: usize) -> Timelines {
    let mut out = Timelines::default();
    for d in &defs.alarms {
        let Definition::Metric(m) = d else { continue };
        let period = m.config.period_seconds.max(60);
        let values: Vec<Option<f64>> = match series(run, m) {
            Some(s) => regroup(s, period)
                .iter()
                .map(|p| p.as_ref().map(|p| p.statistic(m.config.statistic)))
                .collect(),
            None => vec![None; minutes * 60 / period as usize],
        };
        let mut config = m.config.clone();
        config.period_seconds = period;
        let Ok(eval) = super::eval::evaluate(&config, &values) else {
            continue;
        };
        let per_minute = (0..minutes)
            .map(|minute| {
                let done = (minute + 1) * 60 / period as usize;
                done.checked_sub(1)
                    .and_then(|k| eval.states.get(k).copied())
                    .unwrap_or(AlarmState::InsufficientData)
            })
            .collect();
        out.alarms.push((m.name.clone(), per_minute, eval));
    }
    // Composites in an order where members come first; a cycle is left out (an error).
    let mut pending: Vec<&CompositeAlarm> = defs
        .alarms
        .iter()
        .filter_map(|d| match d {
            Definition::Composite(c) => Some(c),
            _ => None,
        })
        .collect();
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .position(|c| c.rule.alarms().iter().all(|m| out.get(m).is_some()));
        let Some(i) = ready else { break };
        let c = pending.remove(i);
        let eval = {
            let lookup = |n: &str| out.get(n).map(|(_, states, _)| states.as_slice());
            super::composite::evaluate_composite(&c.rule, &lookup, minutes, 60)
        };
        out.alarms.push((c.name.clone(), eval.states.clone(), eval));
    }
    // Back to the order defined.
    let order: Vec<&str> = defs.alarms.iter().map(Definition::name).collect();
    out.alarms
        .sort_by_key(|(n, ..)| order.iter().position(|o| o == n).unwrap_or(usize::MAX));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alarm::AlarmState::{Alarm as A, InsufficientData as I, Ok as O};

    const TOPIC: &str = "arn:aws:sns:ap-southeast-1:123456789012:oncall";

    fn metric(name: &str, extra: &str) -> String {
        format!(
            r#"{{"AlarmName": "{name}", "Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count", "Dimensions": [{{"Name": "LoadBalancer", "Value": "app/lb/1"}}], "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 3, "DatapointsToAlarm": 2, "Threshold": 5, "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching", "AlarmActions": ["{TOPIC}"]{extra}}}"#
        )
    }

    fn ids(text: &str) -> Vec<(u32, u32, &'static str)> {
        read(text)
            .errors
            .iter()
            .map(|e| (e.pos.line, e.pos.col, e.kind.id()))
            .collect()
    }

    #[test]
    fn a_metric_alarm_becomes_an_alarm_config() {
        let d = read(&format!("[{}]", metric("errors", "")));
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let Definition::Metric(m) = &d.alarms[0] else {
            panic!()
        };
        assert_eq!(m.config.statistic, Statistic::Sum);
        assert_eq!(
            (m.config.evaluation_periods, m.config.datapoints_to_alarm()),
            (3, 2)
        );
        assert_eq!(m.config.treat_missing_data, TreatMissingData::NotBreaching);
        assert_eq!(m.dimensions, [("LoadBalancer".into(), "app/lb/1".into())]);
        assert_eq!(m.actions.on(A), [TOPIC.to_string()]);
        assert!(m.actions.on(O).is_empty());
        let p99 = metric("p", "").replace(r#""Statistic": "Sum""#, r#""ExtendedStatistic": "p99""#);
        let d = read(&format!("[{p99}]"));
        let Definition::Metric(m) = &d.alarms[0] else {
            panic!()
        };
        assert_eq!(m.config.statistic, Statistic::Percentile(99.0));
    }

    #[test]
    fn errors_at_their_line_and_column() {
        assert_eq!(
            ids("[\n  {\"AlarmName\": \"x\",}\n]"),
            [(2, 21, "json-syntax")]
        );
        assert_eq!(ids("{\"AlarmName\": \"x\"}"), [(1, 1, "not-an-array")]);
        let text = format!("[\n{}\n]", metric("a", r#", "Metrics": [], "Periodd": 1"#));
        let found = ids(&text);
        assert!(found.iter().any(|e| e.2 == "not-simulated"), "{found:?}");
        assert!(found.iter().any(|e| e.2 == "unknown-field"), "{found:?}");
        let bad_period = metric("a", "").replace(r#""Period": 60"#, r#""Period": 45"#);
        let e = ids(&format!("[\n{bad_period}\n]"));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].2, "invalid-setting");
        let col = bad_period.find("45").unwrap() as u32 + 1;
        assert_eq!((e[0].0, e[0].1), (2, col));
        let both = metric("a", r#", "ExtendedStatistic": "p99""#);
        assert_eq!(ids(&format!("[{both}]"))[0].2, "one-statistic");
        let dup = format!("[{}, {}]", metric("a", ""), metric("a", ""));
        assert_eq!(ids(&dup)[0].2, "duplicate-alarm-name");
        let sms = metric("a", "").replace(TOPIC, "arn:aws:autoscaling:x");
        assert_eq!(ids(&format!("[{sms}]"))[0].2, "action-not-sns");
        assert_eq!(ids(r#"[{"AlarmName": "a"}]"#)[0].2, "missing-field");
    }

    #[test]
    fn a_rule_error_points_inside_the_json_string() {
        // The rule's column 7 is the escaped quote: the text's column counts the backslash.
        let text = format!(
            "[{},\n{{\"AlarmName\": \"c\", \"AlarmRule\": \"ALARM(\\\"a\\\") AND ALARM(\\\"nope\\\")\"}}]",
            metric("a", "")
        );
        let e = &read(&text).errors[0];
        assert_eq!(e.kind.id(), "alarm-undefined");
        let line2 = text.lines().nth(1).unwrap();
        let col = line2.find("\\\"nope").unwrap() as u32 + 1;
        assert_eq!((e.pos.line, e.pos.col), (2, col));
        let cycle = r#"[{"AlarmName": "x", "AlarmRule": "ALARM(y)"}, {"AlarmName": "y", "AlarmRule": "NOT OK(x)"}]"#;
        let found = ids(cycle);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|e| e.2 == "composite-cycle"));
    }

    #[cfg(feature = "telemetry")]
    #[test]
    fn alarms_evaluated_over_a_run_minute_by_minute() {
        use crate::telemetry::{Datapoint, MetricSeries, Run, Unit};
        let count = |v: f64| Datapoint {
            sample_count: v as u64,
            sum: v,
            minimum: 1.0,
            maximum: 1.0,
            histogram: Vec::new(),
        };
        // Minutes:     0     1     2     3      4      5      6     7
        let sums = [
            None,
            Some(1.0),
            None,
            Some(9.0),
            Some(8.0),
            Some(7.0),
            None,
            None,
        ];
        let run = Run {
            metrics: vec![MetricSeries {
                namespace: "AWS/ApplicationELB".into(),
                metric_name: "HTTPCode_Target_5XX_Count".into(),
                dimensions: vec![("LoadBalancer".into(), "app/lb/1".into())],
                unit: Unit::Count,
                period_s: 60,
                datapoints: sums.iter().map(|s| s.map(count)).collect(),
            }],
            ..Run::default()
        };
        let text = format!(
            r#"[{}, {{"AlarmName": "page", "AlarmRule": "ALARM(errors) AND NOT ALARM(\"five\")", "AlarmActions": ["{TOPIC}"]}}, {}]"#,
            metric("errors", ""),
            metric("five", "").replace(r#""Period": 60"#, r#""Period": 300"#)
        );
        let defs = read(&text);
        assert!(defs.errors.is_empty(), "{:?}", defs.errors);
        let t = evaluate_all(&defs, &run, 8);
        // 2 of 3 over 5, missing as notBreaching: ALARM once minutes 3 and 4 breach; at
        // minute 7 the range (minutes 3 to 7) still holds 3 datapoints, 9, 8 and 7, evaluated
        // without the missing-data setting, so it stays ALARM.
        assert_eq!(t.get("errors").unwrap().1, [O, O, O, O, A, A, A, A]);
        // Five-minute periods: minutes 0-4 sum to 18 (> 5), evaluated at the end of minute 4;
        // 2 of 3 with one datapoint and the two before missing (notBreaching) stays OK.
        assert_eq!(t.get("five").unwrap().1, [I, I, I, I, O, O, O, O]);
        assert_eq!(t.get("page").unwrap().1, [O, O, O, O, A, A, A, A]);
        let regrouped = regroup(&run.metrics[0], 300);
        assert_eq!(regrouped.len(), 2);
        assert_eq!(regrouped[0].as_ref().unwrap().sum, 18.0);
        assert_eq!(regrouped[1].as_ref().unwrap().sum, 7.0);
        assert_eq!(
            t.alarms.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(),
            ["errors", "page", "five"]
        );
    }
}
