//! Evaluating the learner's alarms over the lab's run, grading them, and showing them as the
//! CloudWatch console (the alarm's graph and History tab) and an on-call inbox would.
//!
//! The SNS notification's subject follows what CloudWatch sends, `ALARM: "name" in <Region>`
//! (the `Subject` of the notifications AWS's samples show, e.g. aws-lambda-go's
//! `cloudwatch-alarm-sns-payload-single-metric.json`: `NewStateReason` "Threshold Crossed: 1
//! out of the last 1 datapoints [1234.0 (06/03/15 17:43:27)] was greater than the threshold
//! (0.0) (minimum 1 datapoint for OK -> ALARM transition)."), read 2026-11-30. The region is
//! Asia Pacific (Singapore), the labs' account `123456789012`.
use std::rc::Rc;

use engine::alarm::definition::{
    evaluate_all, read, regroup, series, DefError, DefErrorKind, Definition, Definitions,
    MetricAlarm, Timelines,
};
use engine::alarm::{AlarmState, StateChange};
use engine::telemetry::{EventKind, Run, Scenario};

use super::{AlarmsCheck, FiresCheck, MissingDataCheck, PagesCheck, Runs};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{number, Lang, Wording, T};
use crate::panel::{Block, Cell, Drawing, Panel, Shape, Tone};

/// The file name errors are reported against.
const FILE: &str = "alarms.json";
/// The region's name as CloudWatch writes it in a notification's subject.
const REGION: &str = "Asia Pacific (Singapore)";

/// The subject of an alarm's SNS notification, as CloudWatch writes it.
pub(crate) fn subject(state: engine::alarm::AlarmState, alarm: &str) -> String {
    format!("{}: \"{alarm}\" in {REGION}", state.name())
}

/// One SNS notification an alarm action sends.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Page {
    /// Seconds from the run's start.
    pub at_s: u32,
    pub alarm: String,
    pub composite: bool,
    pub from: AlarmState,
    pub to: AlarmState,
    pub topic: String,
    pub reason: String,
}

/// The alarms read from the learner's text and, when they are valid, evaluated over the run.
pub(crate) struct Outcome {
    pub defs: Definitions,
    pub timelines: Timelines,
    pub inbox: Vec<Page>,
    pub minutes: usize,
    pub run: Rc<Run>,
}

fn outcome(scenario: &Scenario, text: &str) -> Option<Outcome> {
    let run = crate::family::telemetry::run(scenario)?;
    let defs = read(text);
    let minutes = (scenario.duration_s / 60) as usize;
    let timelines = if defs.errors.is_empty() {
        evaluate_all(&defs, &run, minutes)
    } else {
        Timelines::default()
    };
    let mut inbox = Vec::new();
    for (name, _, eval) in &timelines.alarms {
        let Some(def) = defs.get(name) else { continue };
        for c in &eval.changes {
            for topic in def.actions().on(c.to) {
                inbox.push(Page {
                    at_s: c.time_seconds as u32,
                    alarm: name.clone(),
                    composite: matches!(def, Definition::Composite(_)),
                    from: c.from,
                    to: c.to,
                    topic: topic.clone(),
                    reason: reason(def, c, &run, scenario.start_epoch_s),
                });
            }
        }
    }
    inbox.sort_by_key(|p| p.at_s);
    Some(Outcome {
        defs,
        timelines,
        inbox,
        minutes,
        run,
    })
}

/// A metric alarm's datapoints, one per period (`None` = missing).
fn values(m: &MetricAlarm, run: &Run) -> Vec<Option<f64>> {
    match series(run, m) {
        Some(s) => regroup(s, m.config.period_seconds.max(60))
            .iter()
            .map(|d| d.as_ref().map(|d| d.statistic(m.config.statistic)))
            .collect(),
        None => Vec::new(),
    }
}

/// `dd/mm/yy HH:MM:SS`, as a notification's reason writes a datapoint's time.
fn stamp(epoch: u64) -> String {
    let (y, mo, d, h, mi, s) = engine::text::civil(epoch as i64);
    format!("{d:02}/{mo:02}/{:02} {h:02}:{mi:02}:{s:02}", y % 100)
}

/// `HH:MM` of the run's wall clock.
fn clock(start_epoch: u64, at_s: u64) -> String {
    let (_, _, _, h, mi, _) = engine::text::civil((start_epoch + at_s) as i64);
    format!("{h:02}:{mi:02}")
}

/// A state change's reason in CloudWatch's words: a metric alarm's "Threshold Crossed" with
/// the datapoints evaluated, newest first, and the transition's minimum.
fn reason(def: &Definition, c: &StateChange, run: &Run, start_epoch: u64) -> String {
    let Definition::Metric(m) = def else {
        return c.reason.clone();
    };
    let Some(rest) = c.reason.strip_prefix("Threshold Crossed: ") else {
        return c.reason.clone();
    };
    let vals = values(m, run);
    let period = u64::from(m.config.period_seconds.max(60));
    let n = m.config.evaluation_periods as usize;
    let shown: Vec<String> = vals[..=c.period.min(vals.len().saturating_sub(1))]
        .iter()
        .enumerate()
        .rev()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .take(n)
        .map(|(i, v)| format!("{v:?} ({})", stamp(start_epoch + i as u64 * period)))
        .collect();
    let list = if shown.is_empty() {
        String::new()
    } else {
        format!(" [{}]", shown.join(", "))
    };
    // "3 out of the last 3 datapoints were …": the list goes after "datapoints".
    let key = if rest.contains(" datapoints ") {
        " datapoints"
    } else {
        " datapoint"
    };
    let text = match rest.find(key) {
        Some(i) => {
            let end = i + key.len();
            format!("{}{list}{}", &rest[..end], &rest[end..])
        }
        None => rest.to_string(),
    };
    let minimum = match c.to {
        AlarmState::Alarm => {
            let k = m.config.datapoints_to_alarm();
            format!(
                " (minimum {k} {} for {} -> ALARM transition).",
                if k == 1 { "datapoint" } else { "datapoints" },
                c.from.name()
            )
        }
        AlarmState::Ok => format!(
            " (minimum 1 datapoint for {} -> OK transition).",
            c.from.name()
        ),
        AlarmState::InsufficientData => ".".into(),
    };
    format!("Threshold Crossed: {text}{minimum}")
}

fn each(say: impl Fn(Lang) -> String) -> Verdict {
    Verdict::Unmet(Wording::each(say))
}

/// An error in words, with its line and column in the alarms file.
fn error_line(e: &DefError, lang: Lang) -> String {
    let at = format!("{FILE}:{}:{}", e.pos.line, e.pos.col);
    let what = match &e.kind {
        DefErrorKind::Syntax { message } => t!("not JSON: {m}", "không phải JSON hợp lệ: {m}")
            .fill(lang, &[("m", message)]),
        DefErrorKind::NotAnArray => t!(
            "the file is a JSON array of alarms: [ {…}, {…} ]",
            "file phải là một mảng JSON các alarm: [ {…}, {…} ]"
        )
        .get(lang)
        .into(),
        DefErrorKind::NotAnObject => t!(
            "each alarm is a JSON object (a PutMetricAlarm or PutCompositeAlarm body)",
            "mỗi alarm là một object JSON (nội dung của PutMetricAlarm hoặc PutCompositeAlarm)"
        )
        .get(lang)
        .into(),
        DefErrorKind::Missing { field } => t!(
            "{f} is required here",
            "ở đây bắt buộc phải có {f}"
        )
        .fill(lang, &[("f", field)]),
        DefErrorKind::UnknownField { field } => t!(
            "{f} is not a field of PutMetricAlarm or PutCompositeAlarm (names are case-sensitive)",
            "{f} không phải là một trường của PutMetricAlarm hay PutCompositeAlarm (tên phân biệt chữ hoa chữ thường)"
        )
        .fill(lang, &[("f", field)]),
        DefErrorKind::NotSimulated { field } => t!(
            "{f} is a real field, but this lab does not simulate it: remove it",
            "{f} là trường có thật, nhưng bài lab này không mô phỏng nó: hãy xóa nó đi"
        )
        .fill(lang, &[("f", field)]),
        DefErrorKind::WrongType { field, expected } => t!(
            "{f} must be a {t}",
            "{f} phải có kiểu {t}"
        )
        .fill(lang, &[("f", field), ("t", expected)]),
        DefErrorKind::OneStatistic => t!(
            "give exactly one of Statistic (Sum, Average…) and ExtendedStatistic (p99)",
            "hãy đặt đúng một trong hai: Statistic (Sum, Average…) hoặc ExtendedStatistic (p99)"
        )
        .get(lang)
        .into(),
        DefErrorKind::Statistic { text } => t!(
            "\"{s}\" is not a statistic: Statistic is SampleCount, Average, Sum, Minimum or Maximum; ExtendedStatistic a percentile such as p99",
            "\"{s}\" không phải là statistic: Statistic là SampleCount, Average, Sum, Minimum hoặc Maximum; ExtendedStatistic là một percentile như p99"
        )
        .fill(lang, &[("s", text)]),
        DefErrorKind::Config(a) => format!(
            "{}: {}",
            a.field,
            crate::family::deploy::reasons::alarm_reason(&a.reason).get(lang)
        ),
        DefErrorKind::Duplicate { name } => t!(
            "two alarms are named \"{n}\": an alarm name is unique",
            "có hai alarm cùng tên \"{n}\": tên alarm phải là duy nhất"
        )
        .fill(lang, &[("n", name)]),
        DefErrorKind::Name { length } => t!(
            "an alarm name has 1 to 255 characters, not {n}",
            "tên alarm có từ 1 đến 255 ký tự, không phải {n}"
        )
        .fill(lang, &[("n", length)]),
        DefErrorKind::Action { arn } => t!(
            "\"{a}\" is not an SNS topic ARN (arn:aws:sns:region:account-id:topic-name), the only action this lab simulates",
            "\"{a}\" không phải ARN của một SNS topic (arn:aws:sns:region:account-id:topic-name), hành động duy nhất mà bài lab này mô phỏng"
        )
        .fill(lang, &[("a", arn)]),
        DefErrorKind::TooManyActions { field, count } => t!(
            "{f} has {n} actions; at most 5",
            "{f} có {n} action; tối đa là 5"
        )
        .fill(lang, &[("f", field), ("n", count)]),
        DefErrorKind::Rule(r) => {
            use engine::alarm::composite::RuleErrorKind as K;
            let detail = match &r.kind {
                K::Empty => t!("AlarmRule is empty", "AlarmRule đang trống").get(lang).into(),
                K::TooLong { length } => t!(
                    "AlarmRule has {n} characters; at most 10240",
                    "AlarmRule có {n} ký tự; tối đa là 10240"
                )
                .fill(lang, &[("n", length)]),
                K::UnknownFunction { name } => t!(
                    "{f}() is not a function: ALARM(), OK() or INSUFFICIENT_DATA()",
                    "{f}() không phải là hàm: chỉ có ALARM(), OK() hoặc INSUFFICIENT_DATA()"
                )
                .fill(lang, &[("f", name)]),
                K::UnknownWord { word } => t!(
                    "\"{w}\" is not part of the rule syntax (AND, OR, NOT, TRUE, FALSE are upper case)",
                    "\"{w}\" không thuộc cú pháp của rule (AND, OR, NOT, TRUE, FALSE viết hoa)"
                )
                .fill(lang, &[("w", word)]),
                K::ExpectedOpenParen { function } => t!(
                    "{f} takes the alarm's name in parentheses: {f}(name)",
                    "{f} nhận tên alarm trong ngoặc đơn: {f}(name)"
                )
                .fill(lang, &[("f", function)]),
                K::UnclosedParen => t!(
                    "this parenthesis is never closed",
                    "dấu ngoặc này không được đóng"
                )
                .get(lang)
                .into(),
                K::UnexpectedCloseParen => t!(
                    "this ) closes no parenthesis",
                    "dấu ) này không đóng ngoặc nào"
                )
                .get(lang)
                .into(),
                K::UnterminatedQuote => t!(
                    "this quote is never closed",
                    "dấu nháy kép này không được đóng"
                )
                .get(lang)
                .into(),
                K::EmptyName => t!("the alarm's name is missing", "thiếu tên alarm")
                    .get(lang)
                    .into(),
                K::ExpectedOperand => t!(
                    "an alarm function, TRUE, FALSE, NOT or ( is expected here",
                    "ở đây cần một hàm alarm, TRUE, FALSE, NOT hoặc ("
                )
                .get(lang)
                .into(),
                K::ExpectedOperator => t!(
                    "AND or OR is expected here",
                    "ở đây cần AND hoặc OR"
                )
                .get(lang)
                .into(),
                K::UndefinedAlarm { name } => t!(
                    "no alarm named \"{n}\" is defined in this file",
                    "không có alarm nào tên \"{n}\" trong file này"
                )
                .fill(lang, &[("n", name)]),
                K::SelfReference { name } => t!(
                    "the rule of \"{n}\" cannot name \"{n}\" itself",
                    "rule của \"{n}\" không thể nhắc đến chính \"{n}\""
                )
                .fill(lang, &[("n", name)]),
                K::TooManyAlarms { count } => t!(
                    "the rule names {n} alarms; at most 100",
                    "rule nhắc đến {n} alarm; tối đa là 100"
                )
                .fill(lang, &[("n", count)]),
                K::TooDeep => t!("the rule nests too deeply", "rule lồng nhau quá sâu")
                    .get(lang)
                    .into(),
            };
            format!("AlarmRule: {detail}")
        }
        DefErrorKind::Cycle { name } => t!(
            "composite alarm \"{n}\" depends on itself through other composite alarms",
            "composite alarm \"{n}\" phụ thuộc vào chính nó qua các composite alarm khác"
        )
        .fill(lang, &[("n", name)]),
    };
    format!("{at}: {what} [{}]", e.kind.id())
}

/// The learner's text, or the input's starter before they edit it.
fn text_of(lab: &LabView<'_>, answers: &Answers, input: &str) -> Option<String> {
    crate::answer::text(answers, input)
        .map(str::to_string)
        .or_else(|| match lab.input(input).map(|i| &i.kind) {
            Some(InputKind::Template { starter }) => Some(starter.clone()),
            _ => None,
        })
}

fn state_of(name: &str) -> AlarmState {
    match name {
        "ALARM" => AlarmState::Alarm,
        "OK" => AlarmState::Ok,
        _ => AlarmState::InsufficientData,
    }
}

/// A list of times, at most six then "…".
fn times(start: u64, list: &[u32]) -> String {
    let mut shown: Vec<String> = list
        .iter()
        .take(6)
        .map(|t| clock(start, u64::from(*t)))
        .collect();
    if list.len() > 6 {
        shown.push("…".into());
    }
    shown.join(", ")
}

fn grade_fires(c: &FiresCheck, o: &Outcome, start: u64) -> Verdict {
    let Some((_, states, eval)) = o.timelines.get(&c.alarm) else {
        let name = c.alarm.clone();
        return each(move |l| {
            t!(
                "no alarm is named \"{n}\" in your file",
                "file của bạn không có alarm nào tên \"{n}\""
            )
            .fill(l, &[("n", &name)])
        });
    };
    let [a, b] = c.incident;
    let already = (a as usize)
        .checked_sub(1)
        .and_then(|m| states.get(m))
        .is_some_and(|s| *s == AlarmState::Alarm);
    let into: Vec<u32> = eval
        .changes
        .iter()
        .filter(|ch| ch.to == AlarmState::Alarm)
        .map(|ch| ch.time_seconds as u32)
        .collect();
    let in_time = into
        .iter()
        .any(|&t| t > a * 60 && t <= (a + c.within_minutes) * 60);
    let outside: Vec<u32> = into
        .iter()
        .copied()
        .filter(|&t| t <= a * 60 || t > b * 60)
        .collect();
    if in_time && outside.is_empty() {
        return Verdict::Correct;
    }
    let first_during = into.iter().copied().find(|&t| t > a * 60 && t <= b * 60);
    let (name, within) = (c.alarm.clone(), c.within_minutes);
    each(move |l| {
        let mut parts = Vec::new();
        if !in_time {
            let from = clock(start, u64::from(a) * 60);
            let to = clock(start, u64::from(a + within) * 60);
            parts.push(match first_during {
                None if already => t!(
                    "{n} was already in ALARM when the incident began at {from}, so it sent no page for it",
                    "{n} đã ở trạng thái ALARM sẵn khi sự cố bắt đầu lúc {from}, nên nó không gửi page nào cho sự cố"
                )
                .fill(l, &[("n", &name), ("from", &from)]),
                Some(t) => t!(
                    "{n} did not go into ALARM between {from} and {to}, the first {w} minutes of the incident: it did only at {t}",
                    "{n} không chuyển sang ALARM trong khoảng {from} đến {to}, {w} phút đầu của sự cố: mãi đến {t} nó mới chuyển"
                )
                .fill(l, &[("n", &name), ("from", &from), ("to", &to), ("w", &within), ("t", &clock(start, u64::from(t)))]),
                None => t!(
                    "{n} never went into ALARM during the incident ({from}–{end}): nobody was paged",
                    "{n} không hề chuyển sang ALARM trong suốt sự cố ({from}–{end}): không ai được page"
                )
                .fill(l, &[("n", &name), ("from", &from), ("end", &clock(start, u64::from(b) * 60))]),
            });
        }
        if outside.len() == 1 {
            parts.push(
                t!(
                    "{n} went into ALARM once outside the incident, a false page: at {at}",
                    "{n} chuyển sang ALARM một lần ngoài sự cố, một page nhầm: lúc {at}"
                )
                .fill(l, &[("n", &name), ("at", &times(start, &outside))]),
            );
        } else if !outside.is_empty() {
            parts.push(
                t!(
                    "{n} went into ALARM {k} times outside the incident, each a false page: at {at}",
                    "{n} chuyển sang ALARM {k} lần ngoài sự cố, mỗi lần là một page nhầm: lúc {at}"
                )
                .fill(l, &[("n", &name), ("k", &outside.len()), ("at", &times(start, &outside))]),
            );
        }
        parts.join("; ")
    })
}

fn grade_missing(c: &MissingDataCheck, o: &Outcome, start: u64) -> Verdict {
    let Some((_, states, _)) = o.timelines.get(&c.alarm) else {
        let name = c.alarm.clone();
        return each(move |l| {
            t!(
                "no alarm is named \"{n}\" in your file",
                "file của bạn không có alarm nào tên \"{n}\""
            )
            .fill(l, &[("n", &name)])
        });
    };
    let want = state_of(&c.state);
    let [a, b] = c.window;
    let window = &states[(a as usize).min(states.len())..(b as usize).min(states.len())];
    let wrong: Vec<(usize, AlarmState)> = window
        .iter()
        .enumerate()
        .filter(|(_, s)| **s != want)
        .map(|(i, s)| (a as usize + i, *s))
        .collect();
    if wrong.is_empty() {
        return Verdict::Correct;
    }
    // How many minutes of the window had no datapoint.
    let missing = match o.defs.get(&c.alarm) {
        Some(Definition::Metric(m)) => {
            let vals = series(&o.run, m)
                .map(|s| s.values(m.config.statistic))
                .unwrap_or_default();
            (a as usize..b as usize)
                .filter(|&i| vals.get(i).copied().flatten().is_none())
                .count()
        }
        _ => 0,
    };
    let first = wrong[0];
    let name = c.alarm.clone();
    let count = wrong.len();
    each(move |l| {
        t!(
            "from {from} to {to}, when {k} of the {w} minutes had no datapoint, {n} was not {want} for {c} minutes: from {at} it was {s}",
            "từ {from} đến {to}, khi {k} trong {w} phút không có datapoint nào, {n} không ở trạng thái {want} trong {c} phút: từ {at} nó ở trạng thái {s}"
        )
        .fill(
            l,
            &[
                ("from", &clock(start, u64::from(a) * 60)),
                ("to", &clock(start, u64::from(b) * 60)),
                ("k", &missing),
                ("w", &(b - a)),
                ("n", &name),
                ("want", &want.name()),
                ("c", &count),
                ("at", &clock(start, first.0 as u64 * 60)),
                ("s", &first.1.name()),
            ],
        )
    })
}

fn grade_pages(c: &PagesCheck, o: &Outcome, start: u64) -> Verdict {
    let pages: Vec<&Page> = o
        .inbox
        .iter()
        .filter(|p| p.to == AlarmState::Alarm)
        .collect();
    let [a, _] = c.incident;
    let in_time = pages
        .iter()
        .any(|p| p.at_s > a * 60 && p.at_s <= (a + c.within_minutes) * 60);
    let too_many = pages.len() > c.at_most as usize;
    if in_time && !too_many {
        return Verdict::Correct;
    }
    let listed: Vec<String> = pages
        .iter()
        .take(8)
        .map(|p| format!("{} {}", p.alarm, clock(start, u64::from(p.at_s))))
        .collect();
    let (members, composites) = (
        pages.iter().filter(|p| !p.composite).count(),
        pages.iter().filter(|p| p.composite).count(),
    );
    let (at_most, within) = (c.at_most, c.within_minutes);
    each(move |l| {
        let mut parts = Vec::new();
        if too_many {
            parts.push(
                t!(
                    "the on-call inbox got {k} pages ({m} from metric alarms, {c} from composite alarms), at most {max} wanted: {list}",
                    "inbox on-call nhận {k} page ({m} từ metric alarm, {c} từ composite alarm), trong khi chỉ muốn tối đa {max}: {list}"
                )
                .fill(
                    l,
                    &[
                        ("k", &pages.len()),
                        ("m", &members),
                        ("c", &composites),
                        ("max", &at_most),
                        ("list", &listed.join(", ")),
                    ],
                ),
            );
        }
        if !in_time {
            parts.push(
                t!(
                    "no page reached the inbox between {from} and {to}, the first {w} minutes of the incident: it would go unnoticed",
                    "không có page nào đến inbox trong khoảng {from} đến {to}, {w} phút đầu của sự cố: sự cố sẽ không ai hay biết"
                )
                .fill(
                    l,
                    &[
                        ("from", &clock(start, u64::from(a) * 60)),
                        ("to", &clock(start, u64::from(a + within) * 60)),
                        ("w", &within),
                    ],
                ),
            );
        }
        parts.join("; ")
    })
}

pub(super) fn grade(check: &AlarmsCheck, runs: &Runs, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(text) = crate::answer::text(answers, input) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    let Some(def) = runs.get(check.run()) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let Some(o) = outcome(&def.scenario, text) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    if let Some(e) = o.defs.errors.first().cloned() {
        return Graded::new(input, each(move |l| error_line(&e, l)));
    }
    let start = def.scenario.start_epoch_s;
    let verdict = match check {
        AlarmsCheck::Valid(_) => Verdict::Correct,
        AlarmsCheck::Fires(c) => grade_fires(c, &o, start),
        AlarmsCheck::MissingData(c) => grade_missing(c, &o, start),
        AlarmsCheck::Pages(c) => grade_pages(c, &o, start),
    };
    Graded::new(input, verdict)
}

pub(super) fn validate_items(runs: &Runs, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for r in &runs.runs {
        match lab.input(&r.input).map(|i| &i.kind) {
            Some(InputKind::Template { starter }) => {
                let defs = read(starter);
                if let Some(e) = defs.errors.first() {
                    problems.push(format!(
                        "alarm_run \"{}\": the starter of \"{}\" is refused: {}",
                        r.id,
                        r.input,
                        error_line(e, Lang::En)
                    ));
                }
            }
            Some(_) => problems.push(format!(
                "alarm_run \"{}\": input \"{}\" is not a template input",
                r.id, r.input
            )),
            None => problems.push(format!(
                "alarm_run \"{}\": there is no input \"{}\"",
                r.id, r.input
            )),
        }
        if crate::family::telemetry::run(&r.scenario).is_none() {
            problems.push(format!("alarm_run \"{}\": the scenario does not run", r.id));
        }
    }
    problems
}

/// The drawing's geometry: a label column, then time across; the alarm's name (and metric)
/// on top, the faults' strip under it, the metric chart (metric alarms only), then the
/// state band. 640 units wide: the workspace shows it whole beside the step at 1280 px.
const LEFT: u32 = 70;
const WIDTH: u32 = 560;
const TOP: u32 = 30;
const CHART: u32 = 80;
const BAND: u32 = 14;

fn tone(s: AlarmState) -> Tone {
    match s {
        AlarmState::Ok => Tone::Good,
        AlarmState::Alarm => Tone::Bad,
        AlarmState::InsufficientData => Tone::Plain,
    }
}

/// The faults' windows, in seconds: from their start to their end (by a mitigation or on
/// their own), or the run's end.
fn fault_windows(run: &Run, end_s: u32) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for e in &run.events {
        if let EventKind::FaultStarted { fault, .. } = e.kind {
            let end = run
                .events
                .iter()
                .find_map(|x| match x.kind {
                    EventKind::FaultEnded { fault: f, .. } if f == fault => Some(x.at_s),
                    _ => None,
                })
                .unwrap_or(end_s);
            out.push((e.at_s, end));
        }
    }
    out
}

/// One alarm over the run: its metric (one point per period) and threshold for a metric
/// alarm, the fault windows, and the state band.
fn drawing(
    def: &Definition,
    states: &[AlarmState],
    run: &Run,
    minutes: usize,
    start: u64,
    lang: Lang,
) -> Drawing {
    let n = minutes.max(1) as u32;
    let x = |minute: f64| LEFT + (minute * f64::from(WIDTH) / f64::from(n)).round() as u32;
    let mut shapes = Vec::new();
    // A composite alarm has no metric: its band comes right under the faults' strip.
    let band_top = match def {
        Definition::Metric(_) => TOP + CHART + 6,
        Definition::Composite(_) => TOP + 6,
    };
    let title = match def {
        Definition::Metric(m) => format!(
            "{}: {} {}",
            def.name(),
            m.config.metric_name,
            m.config.statistic
        ),
        Definition::Composite(_) => def.name().to_string(),
    };
    shapes.push(Shape::Label {
        x: LEFT,
        y: TOP - 14,
        text: title,
        tone: Tone::Busy,
    });
    if let Definition::Metric(m) = def {
        let vals = values(m, run);
        let per = f64::from(m.config.period_seconds.max(60) / 60);
        let top = vals
            .iter()
            .flatten()
            .copied()
            .fold(m.config.threshold, f64::max)
            .max(f64::MIN_POSITIVE)
            * 1.15;
        let y =
            |v: f64| TOP + CHART - ((v.clamp(0.0, top) / top) * f64::from(CHART)).round() as u32;
        let mut path = String::new();
        let mut gap = true;
        for (i, v) in vals.iter().enumerate() {
            match v {
                Some(v) => {
                    let cmd = if gap { 'M' } else { 'L' };
                    path.push_str(&format!("{cmd}{} {} ", x((i as f64 + 0.5) * per), y(*v)));
                    gap = false;
                }
                None => gap = true,
            }
        }
        if !path.is_empty() {
            shapes.push(Shape::Line {
                path: path.trim_end().to_string(),
                tone: Tone::Busy,
            });
        }
        // Lone datapoints between gaps show as dots.
        for (i, v) in vals.iter().enumerate() {
            let lone = v.is_some()
                && (i == 0 || vals[i - 1].is_none())
                && vals.get(i + 1).is_none_or(|n| n.is_none());
            if lone {
                shapes.push(Shape::Dot {
                    x: x((i as f64 + 0.5) * per),
                    y: y(v.unwrap_or(0.0)),
                    tone: Tone::Busy,
                });
            }
        }
        let ty = y(m.config.threshold);
        shapes.push(Shape::Line {
            path: format!("M{LEFT} {ty} L{} {ty}", LEFT + WIDTH),
            tone: Tone::Warn,
        });
        for (v, text) in [
            (top / 1.15, number(top / 1.15, 2, lang)),
            (0.0, "0".to_string()),
        ] {
            // The threshold's own label stands for an axis label it would overlap.
            if y(v).abs_diff(ty) < 12 {
                continue;
            }
            shapes.push(Shape::Label {
                x: 0,
                y: y(v) + 4,
                text,
                tone: Tone::Plain,
            });
        }
        shapes.push(Shape::Label {
            x: 0,
            y: ty + 4,
            text: number(m.config.threshold, 2, lang),
            tone: Tone::Warn,
        });
    }
    // The faults' windows, as a thin strip over the chart.
    for (a, b) in fault_windows(run, n * 60) {
        let x0 = x(f64::from(a) / 60.0);
        shapes.push(Shape::Bar {
            x: x0,
            y: TOP - 4,
            width: x(f64::from(b) / 60.0).saturating_sub(x0).max(1),
            height: 3,
            tone: Tone::Bad,
        });
    }
    // The state band: one bar per run of equal states.
    let mut i = 0;
    while i < states.len() {
        let s = states[i];
        let mut j = i;
        while j < states.len() && states[j] == s {
            j += 1;
        }
        let x0 = x(i as f64);
        shapes.push(Shape::Bar {
            x: x0,
            y: band_top,
            width: x(j as f64).saturating_sub(x0).max(1),
            height: BAND,
            tone: tone(s),
        });
        i = j;
    }
    shapes.push(Shape::Label {
        x: 0,
        y: band_top + BAND - 3,
        text: t!("state", "trạng thái").get(lang).into(),
        tone: Tone::Plain,
    });
    let axis = band_top + BAND + 14;
    let mut marks: Vec<u32> = vec![0];
    marks.extend(fault_windows(run, n * 60).iter().map(|(a, _)| a / 60));
    for mark in marks {
        shapes.push(Shape::Label {
            x: x(f64::from(mark)),
            y: axis,
            text: clock(start, u64::from(mark) * 60),
            tone: Tone::Plain,
        });
    }
    shapes.push(Shape::Label {
        x: LEFT + WIDTH - 30,
        y: axis,
        text: clock(start, u64::from(n) * 60),
        tone: Tone::Plain,
    });
    Drawing {
        width: LEFT + WIDTH + 10,
        height: axis + 6,
        label: t!(
            "Alarm {n}: its state over the run, its metric and threshold",
            "Alarm {n}: trạng thái trong suốt lần chạy, metric và ngưỡng của nó"
        )
        .fill(lang, &[("n", &def.name())]),
        shapes,
    }
}

/// The History tab: one row per state update, newest first.
fn history(name: &str, o: &Outcome, start: u64, upto_s: u32, lang: Lang) -> Option<Block> {
    let (_, _, eval) = o.timelines.get(name)?;
    let def = o.defs.get(name)?;
    let rows = eval
        .changes
        .iter()
        .filter(|c| c.time_seconds <= u64::from(upto_s))
        .rev()
        .map(|c| {
            vec![
                Cell::plain(format!("{} UTC", clock(start, c.time_seconds))),
                Cell::plain(t!("State update", "Cập nhật trạng thái (State update)").get(lang)),
                Cell::new(
                    format!("Alarm updated from {} to {}", c.from.name(), c.to.name()),
                    tone(c.to),
                ),
                Cell::plain(reason(def, c, &o.run, start)),
            ]
        })
        .collect();
    Some(Block::Table {
        caption: t!("History: {n}", "History (lịch sử): {n}").fill(lang, &[("n", &name)]),
        head: [
            t!("Date", "Thời điểm"),
            t!("Type", "Loại"),
            t!("Description", "Mô tả"),
            t!("Reason", "Lý do (StateReason)"),
        ]
        .iter()
        .map(|h| h.get(lang).to_string())
        .collect(),
        rows,
    })
}

/// The on-call inbox up to `upto_s`: one row per SNS notification, newest first.
fn inbox_table(o: &Outcome, start: u64, upto_s: u32, lang: Lang) -> Block {
    let pages: Vec<&Page> = o.inbox.iter().filter(|p| p.at_s <= upto_s).collect();
    let into_alarm = pages.iter().filter(|p| p.to == AlarmState::Alarm).count();
    Block::Table {
        caption: if pages.len() == 1 {
            t!(
                "On-call inbox: 1 notification, {k} of them pages (into ALARM)",
                "Inbox on-call: 1 thông báo, trong đó {k} page (chuyển sang ALARM)"
            )
        } else {
            t!(
                "On-call inbox: {n} notifications, {k} of them pages (into ALARM)",
                "Inbox on-call: {n} thông báo, trong đó {k} page (chuyển sang ALARM)"
            )
        }
        .fill(lang, &[("n", &pages.len()), ("k", &into_alarm)]),
        head: [
            t!("Received", "Nhận lúc"),
            t!("Topic", "Topic (chủ đề SNS)"),
            t!("Subject", "Tiêu đề"),
            t!("State change", "Thay đổi trạng thái"),
            t!("NewStateReason", "NewStateReason (lý do)"),
        ]
        .iter()
        .map(|h| h.get(lang).to_string())
        .collect(),
        rows: pages
            .iter()
            .rev()
            .map(|p| {
                vec![
                    Cell::plain(format!("{} UTC", clock(start, u64::from(p.at_s)))),
                    Cell::plain(p.topic.rsplit(':').next().unwrap_or(&p.topic).to_string()),
                    Cell::new(subject(p.to, &p.alarm), tone(p.to)),
                    Cell::plain(format!("{} → {}", p.from.name(), p.to.name())),
                    Cell::plain(p.reason.clone()),
                ]
            })
            .collect(),
    }
}

/// The alarms' states at a moment, as the console's alarm list shows them.
fn states_table(o: &Outcome, start: u64, upto_s: u32, lang: Lang) -> Block {
    let minute = ((upto_s / 60) as usize).min(o.minutes);
    let rows = o
        .timelines
        .alarms
        .iter()
        .map(|(name, states, eval)| {
            let state = minute
                .checked_sub(1)
                .and_then(|m| states.get(m).copied())
                .unwrap_or(AlarmState::InsufficientData);
            let since = eval
                .changes
                .iter()
                .rev()
                .find(|c| c.time_seconds <= u64::from(upto_s))
                .map_or("—".to_string(), |c| clock(start, c.time_seconds));
            let kind = match o.defs.get(name) {
                Some(Definition::Composite(_)) => "Composite alarm",
                _ => "Metric alarm",
            };
            vec![
                Cell::plain(name.clone()),
                Cell::new(state.name(), tone(state)),
                Cell::plain(since),
                Cell::plain(kind),
            ]
        })
        .collect();
    Block::Table {
        caption: t!("Alarms at {at} UTC", "Các alarm lúc {at} UTC")
            .fill(lang, &[("at", &clock(start, u64::from(upto_s)))]),
        head: [
            t!("Name", "Tên"),
            t!("State", "Trạng thái"),
            t!("Last state update", "Cập nhật trạng thái gần nhất"),
            t!("Type", "Loại"),
        ]
        .iter()
        .map(|h| h.get(lang).to_string())
        .collect(),
        rows,
    }
}

/// The blocks of one run and text: errors, or the alarms' drawings, histories and the inbox,
/// up to `upto_s` seconds of the run (the drawings always show the whole run).
fn blocks(scenario: &Scenario, text: &str, upto_s: u32, whole: bool, lang: Lang) -> Vec<Block> {
    let mut out = Vec::new();
    let Some(o) = outcome(scenario, text) else {
        out.push(Block::Note {
            tone: Tone::Bad,
            text: t!(
                "The run cannot be simulated.",
                "Không thể mô phỏng lần chạy này."
            )
            .get(lang)
            .into(),
        });
        return out;
    };
    if !o.defs.errors.is_empty() {
        out.extend(
            o.defs
                .errors
                .iter()
                .take(8)
                .map(|e| Block::finding(true, error_line(e, lang))),
        );
        out.push(Block::Note {
            tone: Tone::Plain,
            text: t!(
                "Fix the errors: the alarms are evaluated once every one is accepted.",
                "Hãy sửa các lỗi: các alarm sẽ được đánh giá khi tất cả đều hợp lệ."
            )
            .get(lang)
            .into(),
        });
        return out;
    }
    let start = scenario.start_epoch_s;
    out.push(inbox_table(&o, start, upto_s, lang));
    out.push(states_table(&o, start, upto_s, lang));
    if whole {
        // What the drawings' colours mean, once, as text that wraps.
        out.push(Block::Note {
            tone: Tone::Plain,
            text: t!(
                "Each alarm over the run: its state band (green OK, red ALARM, plain INSUFFICIENT_DATA) and, for a metric alarm, its metric in blue (gaps: no datapoint) and its threshold in orange; the red strip on top is the fault's window.",
                "Mỗi alarm trong suốt lần chạy: dải trạng thái (xanh lá OK, đỏ ALARM, không màu INSUFFICIENT_DATA) và, với metric alarm, metric màu xanh dương (chỗ trống: không có datapoint) cùng ngưỡng màu cam; vạch đỏ phía trên là khoảng thời gian có lỗi (fault)."
            )
            .get(lang)
            .into(),
        });
        for (name, states, _) in &o.timelines.alarms {
            let Some(def) = o.defs.get(name) else {
                continue;
            };
            out.push(Block::Drawing(drawing(
                def, states, &o.run, o.minutes, start, lang,
            )));
            out.extend(history(name, &o, start, upto_s, lang));
        }
    }
    out
}

pub(super) fn panel(
    runs: &Runs,
    lab: &LabView<'_>,
    answers: &Answers,
    _focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for r in &runs.runs {
        let text = text_of(lab, answers, &r.input).unwrap_or_default();
        panel.blocks.push(Block::Heading(
            t!(
                "CloudWatch alarms over the run ({from}–{to} UTC)",
                "Các CloudWatch alarm trong suốt lần chạy ({from}–{to} UTC)"
            )
            .fill(
                lang,
                &[
                    ("from", &clock(r.scenario.start_epoch_s, 0)),
                    (
                        "to",
                        &clock(r.scenario.start_epoch_s, u64::from(r.scenario.duration_s)),
                    ),
                ],
            ),
        ));
        panel.blocks.extend(blocks(
            &r.scenario,
            &text,
            r.scenario.duration_s,
            true,
            lang,
        ));
    }
}

/// For the on-call drill: the inbox and the alarms' states up to `upto_s` seconds into the
/// run, from the learner's alarms (a JSON array of `PutMetricAlarm` / `PutCompositeAlarm`
/// bodies).
#[allow(dead_code)]
pub(crate) fn inbox_blocks(
    scenario: &Scenario,
    alarms_json: &str,
    upto_s: u32,
    lang: Lang,
) -> Vec<Block> {
    blocks(scenario, alarms_json, upto_s, false, lang)
}

/// For the on-call drill: when the first notification into ALARM is sent, in seconds from
/// the run's start (`None`: the alarms are refused, or nothing pages).
#[allow(dead_code)]
pub(crate) fn first_alarm_s(scenario: &Scenario, alarms_json: &str) -> Option<u32> {
    let o = outcome(scenario, alarms_json)?;
    if !o.defs.errors.is_empty() {
        return None;
    }
    o.inbox
        .iter()
        .find(|p| p.to == AlarmState::Alarm)
        .map(|p| p.at_s)
}

#[cfg(all(test, feature = "files"))]
mod tests {
    use super::*;
    use std::path::Path;

    fn lab_dir(id: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../labs")
            .join(id)
    }

    fn runs(id: &str) -> Runs {
        let files = crate::cli::read_folder(&lab_dir(id)).unwrap();
        let lab = crate::lab::Lab::load(id, &files).unwrap_or_else(|e| panic!("{e:?}"));
        lab.workspace.alarms.open().unwrap()
    }

    fn read_text(id: &str, attempt: &str) -> String {
        std::fs::read_to_string(lab_dir(id).join(attempt).join("answers/alarms.json")).unwrap()
    }

    fn text(id: &str, attempt: &str) -> String {
        read_text(id, attempt)
    }

    fn answers(text: &str) -> Answers {
        let mut a = Answers::new();
        a.insert("alarms".into(), crate::answer::Answer::Text(text.into()));
        a
    }

    fn verdict(check: &AlarmsCheck, runs: &Runs, text: &str) -> Verdict {
        grade(check, runs, &answers(text)).verdict
    }

    fn unmet(v: &Verdict) -> String {
        match v {
            Verdict::Unmet(w) => w.get(Lang::En),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_noise_lab_grades_the_alarms_outcome() {
        let id = "alarm-incident-not-noise";
        let r = runs(id);
        let fires = AlarmsCheck::Fires(FiresCheck {
            input: "alarms".into(),
            run: "night".into(),
            alarm: "web-5xx".into(),
            incident: [50, 70],
            within_minutes: 5,
        });
        let quiet = AlarmsCheck::MissingData(MissingDataCheck {
            input: "alarms".into(),
            run: "night".into(),
            alarm: "web-5xx".into(),
            window: [30, 40],
            state: "OK".into(),
        });
        assert_eq!(verdict(&fires, &r, &text(id, "solution")), Verdict::Correct);
        assert_eq!(verdict(&quiet, &r, &text(id, "solution")), Verdict::Correct);
        let starter = unmet(&verdict(&fires, &r, &text(id, "attempts/starter")));
        assert!(
            starter.contains("already in ALARM when the incident began at 09:50"),
            "{starter}"
        );
        assert!(
            starter.contains("6 times outside the incident"),
            "{starter}"
        );
        let blip = unmet(&verdict(&fires, &r, &text(id, "attempts/five-minute-sum")));
        assert!(
            blip.contains("once outside the incident, a false page: at 09:20"),
            "{blip}"
        );
        let missing = unmet(&verdict(&quiet, &r, &text(id, "attempts/default-missing")));
        assert!(
            missing.contains("from 09:35 it was INSUFFICIENT_DATA"),
            "{missing}"
        );
        // A refused file fails every check with its first error, at its line and column.
        let bad = text(id, "solution").replace("\"Period\": 60", "\"Period\": 45");
        let e = unmet(&verdict(&fires, &r, &bad));
        assert!(e.starts_with("alarms.json:12:15: Period"), "{e}");
    }

    #[test]
    fn the_composite_lab_counts_pages_in_the_inbox() {
        let id = "composite-alarms";
        let r = runs(id);
        let pages = AlarmsCheck::Pages(PagesCheck {
            input: "alarms".into(),
            run: "payments-hang".into(),
            at_most: 1,
            incident: [30, 45],
            within_minutes: 5,
        });
        assert_eq!(verdict(&pages, &r, &text(id, "solution")), Verdict::Correct);
        let starter = unmet(&verdict(&pages, &r, &text(id, "attempts/starter")));
        assert!(
            starter.contains("got 4 pages (4 from metric alarms, 0 from composite alarms)"),
            "{starter}"
        );
        let silent = unmet(&verdict(&pages, &r, &text(id, "attempts/no-action")));
        assert!(
            silent.contains("no page reached the inbox between 09:30 and 09:35"),
            "{silent}"
        );
        let scenario = &r.runs[0].scenario;
        assert_eq!(
            first_alarm_s(scenario, &text(id, "solution")),
            Some(32 * 60)
        );
        assert_eq!(
            first_alarm_s(scenario, &text(id, "attempts/starter")),
            Some(14 * 60)
        );
        assert_eq!(
            first_alarm_s(scenario, &text(id, "attempts/wrong-name")),
            None
        );
    }

    #[test]
    fn the_panel_draws_each_alarm_its_history_and_the_inbox() {
        let id = "composite-alarms";
        let r = runs(id);
        let scenario = &r.runs[0].scenario;
        let blocks = blocks(
            scenario,
            &text(id, "solution"),
            scenario.duration_s,
            true,
            Lang::En,
        );
        let drawings: Vec<&Drawing> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Drawing(d) => Some(d),
                _ => None,
            })
            .collect();
        assert_eq!(drawings.len(), 4);
        // The composite alarm: no metric line, its state band OK, ALARM from 09:31, OK.
        let composite = drawings[3];
        assert!(composite.label.contains("checkout-incident"));
        let bands: Vec<Tone> = composite
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Bar { tone, height, .. } if *height == BAND => Some(*tone),
                _ => None,
            })
            .collect();
        assert_eq!(bands, [Tone::Good, Tone::Bad, Tone::Good]);
        assert!(!composite
            .shapes
            .iter()
            .any(|s| matches!(s, Shape::Line { .. })));
        // A metric alarm has its metric and threshold lines.
        let lines = drawings[0]
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Line { .. }))
            .count();
        assert_eq!(lines, 2);
        // Each drawing is titled with its alarm; the composite one has no empty chart.
        let title = |d: &Drawing| match d.shapes.first() {
            Some(Shape::Label { text, .. }) => text.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(title(drawings[0]), "web-5xx: HTTPCode_Target_5XX_Count Sum");
        assert_eq!(title(composite), "checkout-incident");
        assert!(composite.height + CHART <= drawings[0].height);
        // The colours are explained once, before the drawings, in a note that wraps.
        assert!(blocks.iter().any(
            |b| matches!(b, Block::Note { text, .. } if text.starts_with("Each alarm over the run"))
        ));
        let Some(Block::Table { caption, rows, .. }) = blocks.first() else {
            panic!("{blocks:?}")
        };
        assert!(
            caption.contains("1 notification, 1 of them pages"),
            "{caption}"
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][0].text, "09:32 UTC");
        assert_eq!(
            rows[0][2].text,
            "ALARM: \"checkout-incident\" in Asia Pacific (Singapore)"
        );
        // The History tab of web-5xx: newest first, with the datapoints in the reason.
        let history = blocks
            .iter()
            .find_map(|b| match b {
                Block::Table { caption, rows, .. } if caption == "History: web-5xx" => Some(rows),
                _ => None,
            })
            .unwrap();
        let first = history.last().unwrap();
        assert_eq!(first[2].text, "Alarm updated from INSUFFICIENT_DATA to OK");
        let alarm = &history[history.len() - 2];
        assert_eq!(alarm[0].text, "09:14 UTC");
        assert!(
            alarm[3]
                .text
                .starts_with("Threshold Crossed: 2 out of the last 2 datapoints [")
                && alarm[3].text.contains("(30/11/26 09:13:00)")
                && alarm[3]
                    .text
                    .ends_with("(minimum 2 datapoints for OK -> ALARM transition)."),
            "{}",
            alarm[3].text
        );
        // For the drill: nothing before the incident's page, then one page.
        let early = inbox_blocks(scenario, &text(id, "solution"), 31 * 60, Lang::En);
        assert!(matches!(&early[0], Block::Table { rows, .. } if rows.is_empty()));
        assert!(matches!(&early[1], Block::Table { rows, .. } if rows[3][1].text == "OK"));
        let late = inbox_blocks(scenario, &text(id, "solution"), 33 * 60, Lang::En);
        assert!(matches!(&late[0], Block::Table { rows, .. } if rows.len() == 1));
        assert!(matches!(&late[1], Block::Table { rows, .. } if rows[3][1].text == "ALARM"));
        assert_eq!(late.len(), 2);
    }
}
