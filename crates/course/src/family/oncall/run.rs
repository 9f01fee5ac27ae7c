//! Grading the drills and postmortems on their runs, and their panels: the on-call inbox,
//! the paging alarm's metric, what the learner did on the clock, the consoles they opened,
//! and the incident record a postmortem is written from.
use engine::alarm::AlarmState;
use engine::telemetry::{EventKind, Kind, Run, Scenario};

use super::drill::{self, Op, Replay};
use super::postmortem::{self as pm, ActionKind, Section};
use super::{DrillMeasure, OnCall, OnCallCheck, PagingAlarm, Part, Postmortem};
use crate::answer::{text, Answers};
use crate::check::Verdict;
use crate::family::{telemetry, Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{number, Lang, Wording, T};
use crate::panel::{Action, Actions, Block, Cell, Drawing, Panel, Shape, Tone};

/// `HH:MM` of the run's wall clock at second `s`.
pub(crate) fn hhmm(scenario: &Scenario, s: u32) -> String {
    let t = (scenario.start_epoch_s + u64::from(s)) % 86_400;
    format!("{:02}:{:02}", t / 3_600, t % 3_600 / 60)
}

use crate::family::alarms::subject;

pub(super) fn validate_items(all: &OnCall, lab: &LabView<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let is_text = |id: &str| {
        matches!(
            lab.input(id).map(|i| &i.kind),
            Some(InputKind::Template { .. })
        )
    };
    for d in &all.drills {
        for id in std::iter::once(&d.input)
            .chain(d.logs_input.iter())
            .chain(d.traces_input.iter())
        {
            if !is_text(id) {
                out.push(format!(
                    "drill \"{}\": \"{id}\" is not a template input",
                    d.id
                ));
            }
        }
        match drill::replay(&d.scenario, &d.alarm, "") {
            None => out.push(format!(
                "drill \"{}\": the run has no metric {} {} for {}",
                d.id, d.alarm.namespace, d.alarm.metric, d.alarm.dimension
            )),
            Some(r) if r.page_s.is_none() => out.push(format!(
                "drill \"{}\": alarm \"{}\" never goes to ALARM during the fault",
                d.id, d.alarm.name
            )),
            Some(_) => {}
        }
    }
    for p in &all.postmortems {
        if !is_text(&p.input) {
            out.push(format!(
                "postmortem \"{}\": \"{}\" is not a template input",
                p.id, p.input
            ));
        }
        match record(p) {
            None => out.push(format!(
                "postmortem \"{}\": the run has no metric {} {} for {}",
                p.id, p.alarm.namespace, p.alarm.metric, p.alarm.dimension
            )),
            Some(r) if r.page_s.is_none() || r.ok_s.is_none() => out.push(format!(
                "postmortem \"{}\": alarm \"{}\" does not page and recover in the run",
                p.id, p.alarm.name
            )),
            Some(_) => {}
        }
    }
    out
}

pub(super) fn grade(check: &OnCallCheck, all: &OnCall, answers: &Answers) -> Graded {
    match check {
        OnCallCheck::Restored(c) => {
            let Some(d) = all.drill(&c.drill) else {
                return Graded::new("", Verdict::NoEngineValue);
            };
            let script = text(answers, &d.input).unwrap_or("");
            Graded::new(&d.input, restored(d.scenario(), &d.alarm, script))
        }
        OnCallCheck::Time(c) => {
            let Some(d) = all.drill(&c.drill) else {
                return Graded::new("", Verdict::NoEngineValue);
            };
            let script = text(answers, &d.input).unwrap_or("");
            Graded::new(
                &d.input,
                timed(d.scenario(), &d.alarm, script, c.measure, c.at_most),
            )
        }
        OnCallCheck::Postmortem(c) => {
            let Some(p) = all.postmortem(&c.postmortem) else {
                return Graded::new("", Verdict::NoEngineValue);
            };
            let written = text(answers, &p.input).unwrap_or("");
            Graded::new(&p.input, postmortem_verdict(p, written, c.part))
        }
    }
}

impl super::Drill {
    fn scenario(&self) -> &Scenario {
        &self.scenario
    }
}

fn script_problem(r: &Replay) -> Option<Verdict> {
    let e = r.errors.first()?;
    Some(Verdict::Unmet(
        Wording::new(t!("line {line}: {problem}", "dòng {line}: {problem}"))
            .with("line", e.line)
            .with("problem", e.message.clone()),
    ))
}

fn restored(scenario: &Scenario, alarm: &PagingAlarm, script: &str) -> Verdict {
    if script.trim().is_empty() {
        return Verdict::NotAnswered;
    }
    let Some(r) = drill::replay(scenario, alarm, script) else {
        return Verdict::NoEngineValue;
    };
    if let Some(v) = script_problem(&r) {
        return v;
    }
    let tried: Vec<String> = r
        .steps
        .iter()
        .filter(|s| matches!(s.op, Op::Mitigate(_)))
        .map(|s| format!("{} {}", line_text(&s.op), hhmm(scenario, s.end_s)))
        .collect();
    if !r.mitigated() {
        return Verdict::Unmet(if tried.is_empty() {
            Wording::new(t!(
                "you have not mitigated yet: the fault is still on and the alarm in ALARM",
                "bạn chưa giảm thiểu sự cố: lỗi vẫn còn và alarm vẫn ở ALARM"
            ))
        } else {
            Wording::new(t!(
                "none of your actions ended the fault ({tried}): it is still on at the run's end",
                "không hành động nào của bạn chấm dứt được lỗi ({tried}): lỗi vẫn còn đến cuối lần chạy"
            ))
            .with("tried", tried.join(", "))
        });
    }
    match r.ok_s {
        Some(_) => Verdict::Correct,
        None => Verdict::Unmet(
            Wording::new(t!(
                "the fault ended at {end}, but alarm \"{alarm}\" was not back to OK before the run's end at {last}",
                "lỗi chấm dứt lúc {end}, nhưng alarm \"{alarm}\" chưa về OK trước khi lần chạy kết thúc lúc {last}"
            ))
            .with("end", hhmm(scenario, r.fault_end_s.unwrap_or(0)))
            .with("alarm", alarm.name.as_str())
            .with("last", hhmm(scenario, scenario.duration_s)),
        ),
    }
}

fn timed(
    scenario: &Scenario,
    alarm: &PagingAlarm,
    script: &str,
    measure: DrillMeasure,
    at_most: f64,
) -> Verdict {
    if script.trim().is_empty() {
        return Verdict::NotAnswered;
    }
    let Some(r) = drill::replay(scenario, alarm, script) else {
        return Verdict::NoEngineValue;
    };
    if let Some(v) = script_problem(&r) {
        return v;
    }
    let (value, name) = match measure {
        DrillMeasure::Ttd => (
            r.ttd(),
            t!("time to detect", "thời gian phát hiện (time to detect)"),
        ),
        DrillMeasure::Tta => (
            r.tta(),
            t!(
                "time to acknowledge",
                "thời gian xác nhận (time to acknowledge)"
            ),
        ),
        DrillMeasure::Ttr => (
            r.ttr(),
            t!("time to restore", "thời gian khôi phục (time to restore)"),
        ),
        DrillMeasure::Needless => (
            Some(r.needless() as f64),
            t!("needless mitigations", "số lần giảm thiểu không cần thiết"),
        ),
    };
    let Some(value) = value else {
        return Verdict::Unmet(Wording::new(match measure {
            DrillMeasure::Tta => t!(
                "you have not acknowledged the page (ack)",
                "bạn chưa xác nhận (ack) trang cảnh báo"
            ),
            DrillMeasure::Ttr => t!(
                "the service is not restored: the alarm never went back to OK",
                "dịch vụ chưa được khôi phục: alarm chưa bao giờ về OK"
            ),
            _ => t!("the alarm never paged", "alarm không bao giờ gửi cảnh báo"),
        }));
    };
    if value <= at_most + 1e-9 {
        return Verdict::Correct;
    }
    if measure == DrillMeasure::Needless {
        let needless: Vec<String> = r
            .steps
            .iter()
            .filter(|s| s.mitigation.is_some() && !s.ended_fault)
            .map(|s| format!("{} ({})", line_text(&s.op), hhmm(scenario, s.end_s)))
            .collect();
        return Verdict::Unmet(
            Wording::new(t!(
                "{count} of your mitigations ended no fault: {list}; this drill allows {bound}",
                "{count} lần giảm thiểu của bạn không chấm dứt lỗi nào: {list}; bài tập này cho phép {bound}"
            ))
            .with("count", needless.len())
            .with("list", needless.join(", "))
            .with("bound", at_most),
        );
    }
    let detail = match measure {
        DrillMeasure::Ttr => Wording::new(t!(
            " (the fault began at {start}; the alarm was OK again at {ok})",
            " (lỗi bắt đầu lúc {start}; alarm về OK lúc {ok})"
        ))
        .with("start", hhmm(scenario, r.fault_s))
        .with("ok", hhmm(scenario, r.ok_s.unwrap_or(0))),
        DrillMeasure::Tta => Wording::new(t!(
            " (paged at {page}, acknowledged at {ack})",
            " (cảnh báo lúc {page}, xác nhận lúc {ack})"
        ))
        .with("page", hhmm(scenario, r.page_s.unwrap_or(0)))
        .with("ack", hhmm(scenario, r.ack_s.unwrap_or(0))),
        _ => Wording::untranslated(""),
    };
    let unit = t!(" minutes", " phút");
    Verdict::Unmet(
        Wording::new(t!(
            "your {name} was {value}{unit}{detail}; this drill asks for at most {bound}{unit}",
            "{name} của bạn là {value}{unit}{detail}; bài tập này yêu cầu tối đa {bound}{unit}"
        ))
        .with("name", name)
        .with("value", value)
        .with("unit", unit)
        .with("detail", detail)
        .with("bound", at_most),
    )
}

fn line_text(op: &Op) -> String {
    match op {
        Op::Ack => "ack".into(),
        Op::Dashboard => "dashboard".into(),
        Op::Logs => "logs".into(),
        Op::Traces => "traces".into(),
        Op::Wait(n) => format!("wait {n}"),
        Op::Mitigate(m) => match m {
            engine::telemetry::Mitigation::Rollback { service } => format!("rollback {service}"),
            engine::telemetry::Mitigation::FlagOff { flag } => format!("flag-off {flag}"),
            engine::telemetry::Mitigation::ScaleOut { service, tasks } => {
                format!("scale-out {service} {tasks}")
            }
            engine::telemetry::Mitigation::RaiseLimit {
                service,
                concurrency,
            } => format!("raise-limit {service} {concurrency}"),
        },
    }
}

/// What a postmortem is checked against: the incident's times and impact from its run.
pub(super) struct Record {
    pub fault_s: u32,
    pub page_s: Option<u32>,
    pub ack_s: Option<u32>,
    pub mitigation_s: Option<u32>,
    pub ok_s: Option<u32>,
    /// Requests the load balancer received, and those answered with a 5xx, from the fault's
    /// start to the alarm's OK.
    pub requests: f64,
    pub failed: f64,
    /// Requests above the alarm's threshold (a latency alarm's slow requests), from the
    /// metric's histograms.
    pub beyond: f64,
    pub deploy: Option<(u32, String)>,
    pub run: std::rc::Rc<Run>,
}

pub(super) fn record(p: &Postmortem) -> Option<Record> {
    let run = telemetry::run(&p.scenario)?;
    let eval = drill::alarm_on(&run, &p.alarm)?;
    let fault_s = telemetry::first_fault_s(&p.scenario).unwrap_or(0);
    let page_s = drill::first_change(&eval, AlarmState::Alarm, fault_s);
    let ok_s = page_s.and_then(|s| drill::first_change(&eval, AlarmState::Ok, s));
    let mitigation_s = p.scenario.mitigations.first().map(|m| m.at_s);
    let end = ok_s.unwrap_or(p.scenario.duration_s);
    let sum = |metric: &str| -> f64 {
        run.metrics
            .iter()
            .filter(|m| m.namespace == "AWS/ApplicationELB" && m.metric_name == metric)
            .filter(|m| {
                !m.dimensions.iter().any(|(k, _)| k == "TargetGroup") || metric != "RequestCount"
            })
            .map(|m| {
                m.datapoints
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        let t = *i as u32 * m.period_s;
                        t >= fault_s / 60 * 60 && t < end
                    })
                    .filter_map(|(_, d)| d.as_ref().map(|d| d.sum))
                    .sum::<f64>()
            })
            .sum()
    };
    let deploy = run.events.iter().find_map(|e| match &e.kind {
        EventKind::Deploy { service, to, .. } => Some((e.at_s, format!("{service} {to}"))),
        _ => None,
    });
    let beyond = run
        .metric(&p.alarm.namespace, &p.alarm.metric, &p.alarm.dimension)
        .map(|m| {
            let ln_t = engine::numbers::ln(p.alarm.threshold.max(1e-9));
            let ln_r = engine::numbers::ln(engine::telemetry::BUCKET_RATIO);
            m.datapoints
                .iter()
                .enumerate()
                .filter(|(i, _)| {
                    let t = *i as u32 * m.period_s;
                    t >= fault_s / 60 * 60 && t < end
                })
                .filter_map(|(_, d)| d.as_ref())
                .flat_map(|d| d.histogram.iter())
                .filter(|(k, _)| *k != i32::MIN && f64::from(*k - 1) * ln_r >= ln_t)
                .map(|(_, n)| *n as f64)
                .sum::<f64>()
        })
        .unwrap_or(0.0);
    Some(Record {
        beyond,
        fault_s,
        page_s,
        ack_s: page_s.map(|s| s + p.ack_after_minutes * 60),
        mitigation_s,
        ok_s,
        requests: sum("RequestCount"),
        failed: sum("HTTPCode_Target_5XX_Count") + sum("HTTPCode_ELB_5XX_Count"),
        deploy,
        run,
    })
}

/// The facts a postmortem must state, each with whether the text states it.
struct Fact {
    what: Wording,
    found: bool,
}

fn facts(p: &Postmortem, r: &Record, found: &[pm::Found]) -> Vec<Fact> {
    let s = &p.scenario;
    let timeline = pm::body_text(found, Section::Timeline).unwrap_or_default();
    let stated = pm::times(&timeline);
    let minute_of_day = |sec: u32| ((s.start_epoch_s + u64::from(sec)) % 86_400 / 60) as u32;
    let near = |sec: u32, slack: u32| {
        let m = minute_of_day(sec);
        stated.iter().any(|t| t.abs_diff(m) <= slack)
    };
    let mut out = Vec::new();
    let mut time_fact = |what: T, sec: Option<u32>, slack: u32| {
        if let Some(sec) = sec {
            out.push(Fact {
                what: Wording::new(t!(
                    "the timeline gives {what} at {time}",
                    "dòng thời gian ghi {what} lúc {time}"
                ))
                .with("what", what)
                .with("time", hhmm(s, sec)),
                found: near(sec, slack),
            });
        }
    };
    time_fact(
        t!("the fault's start", "thời điểm lỗi bắt đầu"),
        Some(r.fault_s),
        1,
    );
    time_fact(t!("the page", "thời điểm cảnh báo (page)"), r.page_s, 1);
    time_fact(
        t!("the mitigation", "thời điểm giảm thiểu"),
        r.mitigation_s,
        1,
    );
    time_fact(t!("the recovery", "thời điểm khôi phục"), r.ok_s, 2);
    let impact = pm::body_text(found, Section::Impact).unwrap_or_default();
    let numbers = pm::numbers(&impact);
    let duration = f64::from(r.ok_s.unwrap_or(s.duration_s).saturating_sub(r.fault_s)) / 60.0;
    out.push(Fact {
        what: Wording::new(t!(
            "the impact gives the incident's length, {minutes} minutes",
            "phần ảnh hưởng ghi thời lượng sự cố, {minutes} phút"
        ))
        .with("minutes", duration.round()),
        found: numbers.iter().any(|n| (n - duration).abs() <= 2.0),
    });
    if r.beyond > 0.0 {
        out.push(Fact {
            what: Wording::new(t!(
                "the impact gives how many requests were above the alarm's threshold, {count} (within 10%)",
                "phần ảnh hưởng ghi số yêu cầu vượt ngưỡng của alarm, {count} (sai số 10%)"
            ))
            .with("count", {
                let n = r.beyond.round() as u64;
                Wording::each(move |lang| crate::lang::grouped(n, lang))
            }),
            found: numbers
                .iter()
                .any(|n| (n - r.beyond).abs() <= 0.1 * r.beyond),
        });
    }
    let cause = pm::body_text(found, Section::RootCause)
        .unwrap_or_default()
        .to_lowercase();
    let missing: Vec<String> = p
        .cause
        .iter()
        .filter(|g| !g.iter().any(|w| cause.contains(&w.to_lowercase())))
        .map(|g| g.join(" / "))
        .collect();
    out.push(Fact {
        what: Wording::new(t!(
            "the root cause names {words}",
            "nguyên nhân gốc nêu {words}"
        ))
        .with(
            "words",
            p.cause
                .iter()
                .map(|g| g.join(" / "))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        found: missing.is_empty(),
    });
    out
}

fn postmortem_verdict(p: &Postmortem, written: &str, part: Part) -> Verdict {
    if written.trim().is_empty() {
        return Verdict::NotAnswered;
    }
    let found = pm::sections(written);
    match part {
        Part::Sections => {
            let missing: Vec<T> = Section::ALL
                .into_iter()
                .filter(|s| !found.iter().any(|f| f.section == *s))
                .map(Section::name)
                .collect();
            if missing.is_empty() {
                return Verdict::Correct;
            }
            Verdict::Unmet(Wording::each(move |lang| {
                t!(
                    "these sections are missing (a heading each): {names}",
                    "thiếu các phần sau (mỗi phần một heading): {names}"
                )
                .fill(
                    lang,
                    &[(
                        "names",
                        &missing
                            .iter()
                            .map(|n| n.get(lang))
                            .collect::<Vec<_>>()
                            .join(", "),
                    )],
                )
            }))
        }
        Part::Facts => {
            let Some(r) = record(p) else {
                return Verdict::NoEngineValue;
            };
            let wrong: Vec<Wording> = facts(p, &r, &found)
                .into_iter()
                .filter(|f| !f.found)
                .map(|f| f.what)
                .collect();
            if wrong.is_empty() {
                return Verdict::Correct;
            }
            Verdict::Unmet(Wording::each(move |lang| {
                t!(
                    "the run says, and your postmortem does not: {facts}",
                    "lần chạy cho thấy, nhưng postmortem của bạn chưa ghi: {facts}"
                )
                .fill(
                    lang,
                    &[(
                        "facts",
                        &wrong
                            .iter()
                            .map(|w| w.get(lang))
                            .collect::<Vec<_>>()
                            .join("; "),
                    )],
                )
            }))
        }
        Part::Actions => {
            let body = found
                .iter()
                .find(|f| f.section == Section::ActionItems)
                .map(|f| f.body.clone())
                .unwrap_or_default();
            actions_verdict(&pm::action_items(&body))
        }
        Part::Blameless => {
            let b = pm::blame(written);
            let Some(first) = b.first() else {
                return Verdict::Correct;
            };
            Verdict::Unmet(
                Wording::new(t!(
                    "{count} phrase(s) put blame on people; the first, line {line} column {column}, \"{phrase}\": {why}",
                    "{count} cụm từ đổ lỗi cho người; cụm đầu tiên, dòng {line} cột {column}, \"{phrase}\": {why}"
                ))
                .with("count", b.len())
                .with("line", first.line)
                .with("column", first.column)
                .with("phrase", first.phrase)
                .with("why", first.why),
            )
        }
    }
}

/// At least three action items, each with an owner and a type, one to prevent and one to detect.
fn actions_verdict(items: &[pm::ActionItem]) -> Verdict {
    if let Some(v) = items.iter().find(|i| i.vague) {
        return Verdict::Unmet(
            Wording::new(t!(
                "line {line}, \"{text}\", is a wish, not an action: name the change to a system or process",
                "dòng {line}, \"{text}\", là một mong muốn, không phải hành động: hãy nêu thay đổi cụ thể cho hệ thống hoặc quy trình"
            ))
            .with("line", v.line)
            .with("text", v.text.as_str()),
        );
    }
    if let Some(i) = items.iter().find(|i| !i.owner || i.kind.is_none()) {
        return Verdict::Unmet(
            Wording::new(t!(
                "line {line}, \"{text}\", needs an owner and a type (prevent, detect, mitigate or process)",
                "dòng {line}, \"{text}\", cần người phụ trách (owner) và loại (prevent, detect, mitigate hoặc process)"
            ))
            .with("line", i.line)
            .with("text", i.text.as_str()),
        );
    }
    let has = |k: ActionKind| items.iter().any(|i| i.kind == Some(k));
    if items.len() < 3 || !has(ActionKind::Prevent) || !has(ActionKind::Detect) {
        return Verdict::Unmet(
            Wording::new(t!(
                "{count} action item(s); a postmortem needs at least three, with at least one to prevent a recurrence and one to detect it sooner",
                "{count} hành động; postmortem cần ít nhất ba, trong đó ít nhất một để ngăn tái diễn (prevent) và một để phát hiện sớm hơn (detect)"
            ))
            .with("count", items.len()),
        );
    }
    Verdict::Correct
}

// ----- Panels -----

pub(super) fn panel(
    all: &OnCall,
    _lab: &LabView<'_>,
    answers: &Answers,
    _focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for d in &all.drills {
        drill_panel(d, answers, lang, panel);
    }
    for p in &all.postmortems {
        postmortem_panel(p, answers, lang, panel);
    }
}

/// The alarm's metric from `from_s` to `to_s` as a line, with the threshold and the moments
/// marked (the fault's start, the page, each mitigation, the OK).
#[allow(clippy::too_many_arguments)]
fn alarm_chart(
    scenario: &Scenario,
    run: &Run,
    alarm: &PagingAlarm,
    from_s: u32,
    to_s: u32,
    upto_s: u32,
    marks: &[(u32, T, Tone)],
    lang: Lang,
) -> Option<Vec<Block>> {
    let series = run.metric(&alarm.namespace, &alarm.metric, &alarm.dimension)?;
    let stat = super::statistic(&alarm.statistic)?;
    let values = series.values(stat);
    let first = (from_s / 60) as usize;
    let last = ((to_s / 60) as usize).min(values.len());
    if last <= first + 1 {
        return None;
    }
    let shown = &values[first..last];
    let drawn = ((upto_s / 60) as usize).clamp(first, last) - first;
    let top = shown[..drawn]
        .iter()
        .flatten()
        .fold(alarm.threshold * 1.25, |a, b| a.max(*b))
        * 1.1;
    let (w, h, left, top_pad, plot_h) = (640u32, 210u32, 48u32, 40u32, 140u32);
    let x = |i: usize| left + (i as u32 * (w - left - 8)) / (shown.len() as u32 - 1).max(1);
    let y = |v: f64| top_pad + plot_h - ((v / top).clamp(0.0, 1.0) * f64::from(plot_h)) as u32;
    let mut path = String::new();
    let mut pen = false;
    for (i, v) in shown[..drawn].iter().enumerate() {
        match v {
            Some(v) => {
                path.push_str(&format!(
                    "{}{} {} ",
                    if pen { "L" } else { "M" },
                    x(i),
                    y(*v)
                ));
                pen = true;
            }
            None => pen = false,
        }
    }
    let ty = y(alarm.threshold);
    let mut shapes = vec![
        Shape::Line {
            path: format!("M{left} {ty} L{} {ty}", w - 8),
            tone: Tone::Bad,
        },
        Shape::Line {
            path,
            tone: Tone::Busy,
        },
        Shape::Label {
            x: 2,
            y: ty,
            text: number(alarm.threshold, 2, lang),
            tone: Tone::Bad,
        },
        Shape::Label {
            x: 2,
            y: top_pad + 4,
            text: number(top, 1, lang),
            tone: Tone::Plain,
        },
        Shape::Label {
            x: left,
            y: h - 8,
            text: hhmm(scenario, from_s),
            tone: Tone::Plain,
        },
        Shape::Label {
            x: w - 48,
            y: h - 8,
            text: hhmm(scenario, to_s),
            tone: Tone::Plain,
        },
    ];
    for (i, (at, what, tone)) in marks.iter().enumerate() {
        if *at < from_s || *at > upto_s.min(to_s) {
            continue;
        }
        let mx = x(((at - from_s) / 60) as usize);
        shapes.push(Shape::Bar {
            x: mx,
            y: top_pad,
            width: 2,
            height: plot_h,
            tone: *tone,
        });
        // The marks' words above the plot, one row each, written leftwards near the right edge.
        let text = format!("{} {}", what.get(lang), hhmm(scenario, *at));
        let width = 7 * text.chars().count() as u32;
        shapes.push(Shape::Label {
            x: if mx + width > w {
                mx.saturating_sub(width)
            } else {
                mx + 3
            },
            y: 10 + 10 * (i as u32 % 3),
            text,
            tone: *tone,
        });
    }
    let legend = Block::Note {
        tone: Tone::Plain,
        text: t!(
            "Blue: {metric} ({stat}) each minute, in {unit}; red line: the alarm's threshold; the marks: the fault's start (orange, known only afterwards), the page (red), each mitigation (blue), the alarm's OK (green).",
            "Xanh dương: {metric} ({stat}) mỗi phút, đơn vị {unit}; đường đỏ: ngưỡng của alarm; các vạch: lúc lỗi bắt đầu (cam, chỉ biết được sau này), lúc cảnh báo (đỏ), mỗi lần giảm thiểu (xanh dương), lúc alarm về OK (xanh lá)."
        )
        .fill(
            lang,
            &[
                ("metric", &alarm.metric),
                ("stat", &alarm.statistic),
                ("unit", &series.unit.name()),
            ],
        ),
    };
    let drawing = Block::Drawing(Drawing {
        width: w,
        height: h,
        label: t!(
            "{metric} ({stat}) each minute from {from} to {to}, with the alarm's threshold {threshold} (red) and the moments marked",
            "{metric} ({stat}) mỗi phút từ {from} đến {to}, với ngưỡng của alarm {threshold} (đỏ) và các mốc thời gian"
        )
        .fill(
            lang,
            &[
                ("metric", &alarm.metric),
                ("stat", &alarm.statistic),
                ("from", &hhmm(scenario, from_s)),
                ("to", &hhmm(scenario, to_s)),
                ("threshold", &number(alarm.threshold, 2, lang)),
            ],
        ),
        shapes,
    });
    Some(vec![drawing, legend])
}

pub(super) fn drill_panel(d: &super::Drill, answers: &Answers, lang: Lang, panel: &mut Panel) {
    let s = &d.scenario;
    let script = text(answers, &d.input).unwrap_or("");
    let Some(r) = drill::replay(s, &d.alarm, script) else {
        return;
    };
    panel.blocks.push(Block::Heading(
        t!("On call: the shop", "On-call: cửa hàng")
            .get(lang)
            .into(),
    ));
    let clock = r.clock_s.min(s.duration_s);
    let status = match (r.page_s, r.ack_s, r.ok_s.filter(|o| *o <= clock)) {
        (None, _, _) => t!("{clock} UTC. No page yet.", "{clock} UTC. Chưa có cảnh báo."),
        (Some(_), _, Some(_)) => t!(
            "{clock} UTC. Restored: the alarm was OK again at {ok}, {ttr} minutes after the fault began.",
            "{clock} UTC. Đã khôi phục: alarm về OK lúc {ok}, {ttr} phút sau khi lỗi bắt đầu."
        ),
        (Some(_), None, None) => t!(
            "{clock} UTC. You are paged ({page}): acknowledge it, then find what is wrong.",
            "{clock} UTC. Bạn nhận cảnh báo ({page}): hãy xác nhận (ack), rồi tìm xem chuyện gì đang xảy ra."
        ),
        (Some(_), Some(_), None) => t!(
            "{clock} UTC. Paged {page}, acknowledged {ack}. The alarm is not OK yet.",
            "{clock} UTC. Cảnh báo lúc {page}, xác nhận lúc {ack}. Alarm chưa về OK."
        ),
    };
    let restored = r.ok_s.is_some_and(|o| o <= clock);
    panel.blocks.push(Block::Note {
        tone: if restored {
            Tone::Good
        } else if r.page_s.is_some() {
            Tone::Bad
        } else {
            Tone::Plain
        },
        text: status.fill(
            lang,
            &[
                ("clock", &hhmm(s, clock)),
                ("page", &r.page_s.map(|p| hhmm(s, p)).unwrap_or_default()),
                ("ack", &r.ack_s.map(|p| hhmm(s, p)).unwrap_or_default()),
                ("ok", &r.ok_s.map(|p| hhmm(s, p)).unwrap_or_default()),
                ("ttr", &number(r.ttr().unwrap_or(0.0), 0, lang)),
            ],
        ),
    });
    for e in &r.errors {
        panel.blocks.push(Block::finding(
            true,
            t!("Line {line}: {problem}", "Dòng {line}: {problem}").fill(
                lang,
                &[("line", &e.line), ("problem", &e.message.get(lang))],
            ),
        ));
    }
    // The inbox: what SNS delivered up to the clock.
    let mut rows = Vec::new();
    for c in &r.alarm.changes {
        let at = c.time_seconds as u32;
        if at > clock || at < r.fault_s || !matches!(c.to, AlarmState::Alarm | AlarmState::Ok) {
            continue;
        }
        rows.push(vec![
            Cell::plain(hhmm(s, at)),
            Cell::new(
                subject(c.to, &d.alarm.name),
                if c.to == AlarmState::Alarm {
                    Tone::Bad
                } else {
                    Tone::Good
                },
            ),
            Cell::plain(c.reason.clone()),
        ]);
    }
    panel.blocks.push(Block::Table {
        caption: t!(
            "On-call inbox: notifications from SNS topic {topic}",
            "Hộp thư on-call: thông báo từ SNS topic {topic}"
        )
        .fill(lang, &[("topic", &d.alarm.topic)]),
        head: vec![
            t!("Time", "Thời gian").get(lang).into(),
            t!("Subject", "Tiêu đề").get(lang).into(),
            "NewStateReason".into(),
        ],
        rows,
    });
    let mut marks = vec![(r.fault_s, t!("fault", "lỗi"), Tone::Warn)];
    if let Some(p) = r.page_s {
        marks.push((p, t!("page", "cảnh báo"), Tone::Bad));
    }
    for st in r.steps.iter().filter(|st| st.mitigation.is_some()) {
        marks.push((st.end_s, t!("mitigation", "giảm thiểu"), Tone::Busy));
    }
    if let Some(o) = r.ok_s {
        marks.push((o, T("OK"), Tone::Good));
    }
    // A fixed window from twenty minutes before the fault to forty after it (or the clock),
    // the metric drawn up to the clock.
    let from = r.fault_s.saturating_sub(20 * 60);
    let to = clock.max(r.fault_s + 40 * 60).min(s.duration_s);
    if let Some(chart) = alarm_chart(s, &r.run, &d.alarm, from, to, clock, &marks, lang) {
        panel.blocks.push(Block::Heading(
            t!("Alarm \"{name}\"", "Alarm \"{name}\" của CloudWatch")
                .fill(lang, &[("name", &d.alarm.name)]),
        ));
        panel.blocks.extend(chart);
    }
    // What the learner did.
    let rows: Vec<Vec<Cell>> = r
        .steps
        .iter()
        .map(|st| {
            let (what, tone) = match (&st.op, st.mitigation, st.ended_fault) {
                (Op::Mitigate(_), _, true) => {
                    (t!("ended the fault", "đã chấm dứt lỗi"), Tone::Good)
                }
                (Op::Mitigate(_), Some(_), false) => (
                    t!(
                        "applied; the fault goes on",
                        "đã áp dụng; lỗi vẫn tiếp diễn"
                    ),
                    Tone::Warn,
                ),
                (Op::Mitigate(_), None, _) => (
                    t!(
                        "too late: the drill had ended",
                        "quá muộn: bài tập đã kết thúc"
                    ),
                    Tone::Warn,
                ),
                (Op::Ack, _, _) => (t!("page acknowledged", "đã xác nhận cảnh báo"), Tone::Plain),
                (Op::Dashboard, _, _) => (t!("dashboard read", "đã xem dashboard"), Tone::Plain),
                (Op::Logs, _, _) => (
                    t!("Logs Insights query run", "đã chạy truy vấn Logs Insights"),
                    Tone::Plain,
                ),
                (Op::Traces, _, _) => (t!("traces read", "đã xem traces"), Tone::Plain),
                (Op::Wait(_), _, _) => (t!("waited", "đã chờ"), Tone::Plain),
            };
            vec![
                Cell::plain(format!("{}–{}", hhmm(s, st.start_s), hhmm(s, st.end_s))),
                Cell::plain(line_text(&st.op)),
                Cell::new(what.get(lang), tone),
            ]
        })
        .collect();
    if !rows.is_empty() {
        panel.blocks.push(Block::Table {
            caption: t!(
                "What you did, on the drill's clock (ack 1 min, dashboard 2, logs 3, traces 3, a mitigation 2)",
                "Những gì bạn đã làm, theo đồng hồ của bài tập (ack 1 phút, dashboard 2, logs 3, traces 3, một lần giảm thiểu 2)"
            )
            .get(lang)
            .into(),
            head: vec![
                t!("When", "Lúc").get(lang).into(),
                t!("Action", "Hành động").get(lang).into(),
                t!("Result", "Kết quả").get(lang).into(),
            ],
            rows,
        });
    }
    // The consoles the learner opened, as they stood at the clock.
    let opened = |want: fn(&Op) -> bool| r.steps.iter().any(|st| want(&st.op));
    let window = (r.fault_s.saturating_sub(30 * 60), clock.max(r.fault_s + 60));
    // The consoles read the run as the learner's mitigations left it.
    let now = &r.scenario;
    if opened(|o| *o == Op::Dashboard) {
        let body = d.dashboard.as_deref();
        panel
            .blocks
            .extend(views::dashboard(now, body, window, lang));
    }
    if let (true, Some(id)) = (opened(|o| *o == Op::Logs), &d.logs_input) {
        let q = text(answers, id).unwrap_or("");
        let groups = &d.log_groups;
        panel
            .blocks
            .extend(views::logs(now, groups, window, q, lang));
    }
    if let (true, Some(id)) = (opened(|o| *o == Op::Traces), &d.traces_input) {
        let f = text(answers, id).unwrap_or("");
        panel.blocks.extend(views::traces(now, window, f, lang));
    }
    panel.actions.push(drill_actions(d, lang));
}

/// The drill's buttons: look, wait, and each mitigation the system allows.
fn drill_actions(d: &super::Drill, lang: Lang) -> Actions {
    let b = |op: String, label: String, tone: Tone| Action { op, label, tone };
    let mut buttons = vec![
        b(
            "ack".into(),
            t!("Acknowledge the page", "Xác nhận cảnh báo")
                .get(lang)
                .into(),
            Tone::Plain,
        ),
        b(
            "dashboard".into(),
            t!("Open the dashboard", "Mở dashboard").get(lang).into(),
            Tone::Plain,
        ),
    ];
    if d.logs_input.is_some() {
        buttons.push(b(
            "logs".into(),
            t!("Run the Logs Insights query", "Chạy truy vấn Logs Insights")
                .get(lang)
                .into(),
            Tone::Plain,
        ));
    }
    if d.traces_input.is_some() {
        buttons.push(b(
            "traces".into(),
            t!("Filter the X-Ray traces", "Lọc traces X-Ray")
                .get(lang)
                .into(),
            Tone::Plain,
        ));
    }
    buttons.push(b(
        "wait 5".into(),
        t!("Wait 5 minutes", "Chờ 5 phút").get(lang).into(),
        Tone::Plain,
    ));
    // Each ECS service and Lambda function can be rolled back; a service scaled out to twice
    // its tasks, a function's concurrency raised to twice its limit.
    for svc in &d.scenario.system.services {
        let (op, words, n) = match &svc.kind {
            Kind::Ecs { tasks, .. } => (
                "scale-out",
                t!(
                    "Scale {name} out to {n} tasks",
                    "Scale out {name} lên {n} task"
                ),
                tasks * 2,
            ),
            Kind::Lambda { concurrency, .. } => (
                "raise-limit",
                t!(
                    "Raise {name}'s concurrency to {n}",
                    "Tăng concurrency của {name} lên {n}"
                ),
                concurrency * 2,
            ),
            _ => continue,
        };
        buttons.push(b(
            format!("rollback {}", svc.name),
            t!("Roll back {name}", "Rollback {name}").fill(lang, &[("name", &svc.name)]),
            Tone::Warn,
        ));
        buttons.push(b(
            format!("{op} {} {n}", svc.name),
            words.fill(lang, &[("name", &svc.name), ("n", &n)]),
            Tone::Warn,
        ));
    }
    Actions {
        label: t!("On-call actions", "Hành động on-call").get(lang).into(),
        input: d.input.clone(),
        buttons,
        replace: false,
    }
}

pub(super) fn postmortem_panel(p: &Postmortem, answers: &Answers, lang: Lang, panel: &mut Panel) {
    let Some(r) = record(p) else {
        return;
    };
    let s = &p.scenario;
    panel.blocks.push(Block::Heading(
        t!("The incident record", "Hồ sơ sự cố").get(lang).into(),
    ));
    let mut rows = Vec::new();
    let mut row = |at: Option<u32>, what: String, tone: Tone| {
        if let Some(at) = at {
            rows.push(vec![Cell::plain(hhmm(s, at)), Cell::new(what, tone)]);
        }
    };
    if let Some((at, what)) = &r.deploy {
        row(
            Some(*at),
            t!("Deploy: {what}", "Triển khai: {what}").fill(lang, &[("what", what)]),
            Tone::Plain,
        );
    }
    for e in &r.run.events {
        if let EventKind::FaultStarted { description, .. } = &e.kind {
            row(
                Some(e.at_s),
                t!(
                    "Fault begins (known now, not then): {what}",
                    "Lỗi bắt đầu (biết được sau này, không phải lúc đó): {what}"
                )
                .fill(lang, &[("what", description)]),
                Tone::Warn,
            );
        }
    }
    row(
        r.page_s,
        subject(AlarmState::Alarm, &p.alarm.name),
        Tone::Bad,
    );
    row(
        r.ack_s,
        t!(
            "The on-call engineer acknowledges the page",
            "Kỹ sư on-call xác nhận cảnh báo"
        )
        .get(lang)
        .into(),
        Tone::Plain,
    );
    if let Some(m) = p.scenario.mitigations.first() {
        row(
            Some(m.at_s),
            t!("Mitigation: {what}", "Giảm thiểu: {what}").fill(
                lang,
                &[("what", &line_text(&Op::Mitigate(m.mitigation.clone())))],
            ),
            Tone::Busy,
        );
    }
    row(r.ok_s, subject(AlarmState::Ok, &p.alarm.name), Tone::Good);
    rows.sort_by(|a, b| a[0].text.cmp(&b[0].text));
    panel.blocks.push(Block::Table {
        caption: t!(
            "What happened, from CloudWatch, the deploy history and the on-call inbox (UTC)",
            "Điều đã xảy ra, theo CloudWatch, lịch sử triển khai và hộp thư on-call (UTC)"
        )
        .get(lang)
        .into(),
        head: vec![
            t!("Time", "Thời gian").get(lang).into(),
            t!("Event", "Sự kiện").get(lang).into(),
        ],
        rows,
    });
    let minutes = f64::from(r.ok_s.unwrap_or(s.duration_s).saturating_sub(r.fault_s)) / 60.0;
    panel.blocks.push(Block::Note {
        tone: Tone::Plain,
        text: t!(
            "From the fault's start to the alarm's OK ({minutes} minutes), the load balancer received {requests} requests; {beyond} of them were above the alarm's threshold ({metric} over {threshold}), and {failed} were answered with a 5xx (ALB RequestCount, HTTPCode_Target_5XX_Count and HTTPCode_ELB_5XX_Count, Sum).",
            "Từ lúc lỗi bắt đầu đến khi alarm về OK ({minutes} phút), load balancer nhận {requests} yêu cầu; {beyond} yêu cầu vượt ngưỡng của alarm ({metric} trên {threshold}), và {failed} yêu cầu bị trả 5xx (ALB RequestCount, HTTPCode_Target_5XX_Count và HTTPCode_ELB_5XX_Count, Sum)."
        )
        .fill(
            lang,
            &[
                ("minutes", &number(minutes, 0, lang)),
                ("requests", &crate::lang::grouped(r.requests.round() as u64, lang)),
                ("failed", &crate::lang::grouped(r.failed.round() as u64, lang)),
                ("beyond", &crate::lang::grouped(r.beyond.round() as u64, lang)),
                ("metric", &p.alarm.metric),
                ("threshold", &number(p.alarm.threshold, 2, lang)),
            ],
        ),
    });
    let mut marks = vec![(r.fault_s, t!("fault", "lỗi"), Tone::Warn)];
    marks.extend(r.page_s.map(|p| (p, t!("page", "cảnh báo"), Tone::Bad)));
    marks.extend(
        r.mitigation_s
            .map(|m| (m, t!("mitigation", "giảm thiểu"), Tone::Busy)),
    );
    marks.extend(r.ok_s.map(|o| (o, T("OK"), Tone::Good)));
    let from = r.fault_s.saturating_sub(20 * 60);
    let to = (r.ok_s.unwrap_or(s.duration_s) + 15 * 60).min(s.duration_s);
    if let Some(chart) = alarm_chart(s, &r.run, &p.alarm, from, to, to, &marks, lang) {
        panel.blocks.extend(chart);
    }
    // The learner's draft, read as the checks read it.
    let written = text(answers, &p.input).unwrap_or("");
    if written.trim().is_empty() {
        return;
    }
    panel.blocks.push(Block::Heading(
        t!("Your draft, read", "Bản nháp của bạn, khi được đọc")
            .get(lang)
            .into(),
    ));
    let found = pm::sections(written);
    let rows: Vec<Vec<Cell>> = Section::ALL
        .into_iter()
        .map(|sec| {
            let f = found.iter().find(|f| f.section == sec);
            vec![
                Cell::plain(sec.name().get(lang)),
                match f {
                    Some(f) => Cell::new(
                        t!("line {line}", "dòng {line}").fill(lang, &[("line", &f.line)]),
                        Tone::Good,
                    ),
                    None => Cell::new(t!("missing", "thiếu").get(lang), Tone::Bad),
                },
            ]
        })
        .collect();
    panel.blocks.push(Block::Table {
        caption: t!("Sections", "Các phần").get(lang).into(),
        head: vec![
            t!("Section", "Phần").get(lang).into(),
            t!("Found", "Tìm thấy").get(lang).into(),
        ],
        rows,
    });
    let rows: Vec<Vec<Cell>> = facts(p, &r, &found)
        .into_iter()
        .map(|f| {
            vec![
                Cell::plain(f.what.get(lang)),
                if f.found {
                    Cell::new(t!("stated", "đã ghi").get(lang), Tone::Good)
                } else {
                    Cell::new(t!("not found", "chưa thấy").get(lang), Tone::Bad)
                },
            ]
        })
        .collect();
    panel.blocks.push(Block::Table {
        caption: t!("Facts from the run", "Dữ kiện từ lần chạy")
            .get(lang)
            .into(),
        head: vec![
            t!("Fact", "Dữ kiện").get(lang).into(),
            t!("In your draft", "Trong bản nháp").get(lang).into(),
        ],
        rows,
    });
    for b in pm::blame(written) {
        panel.blocks.push(Block::finding(
            false,
            t!(
                "Line {line}, column {column}: \"{phrase}\": {why}",
                "Dòng {line}, cột {column}: \"{phrase}\": {why}"
            )
            .fill(
                lang,
                &[
                    ("line", &b.line),
                    ("column", &b.column),
                    ("phrase", &b.phrase),
                    ("why", &b.why.get(lang)),
                ],
            ),
        ));
    }
}

/// The consoles the drill opens, as their families draw them, over the window the drill shows.
mod views {
    use super::*;

    pub(super) fn dashboard(
        s: &Scenario,
        body: Option<&str>,
        (from, to): (u32, u32),
        lang: Lang,
    ) -> Vec<Block> {
        let Some(body) = body else {
            return Vec::new();
        };
        let mut out = vec![Block::Heading(
            t!("Dashboard", "Dashboard (bảng điều khiển)")
                .get(lang)
                .into(),
        )];
        out.extend(crate::family::dashboards::run::dashboard_blocks(
            s, body, from, to, lang,
        ));
        out
    }

    pub(super) fn logs(
        s: &Scenario,
        groups: &[String],
        (from, to): (u32, u32),
        query: &str,
        lang: Lang,
    ) -> Vec<Block> {
        let mut out = vec![Block::Heading("CloudWatch Logs Insights".into())];
        out.extend(crate::family::insights::console_blocks(
            s, groups, from, to, query, lang,
        ));
        out
    }

    pub(super) fn traces(
        s: &Scenario,
        (from, to): (u32, u32),
        filter: &str,
        lang: Lang,
    ) -> Vec<Block> {
        let mut out = vec![Block::Heading("AWS X-Ray".into())];
        out.extend(crate::family::xray::run::traces_blocks(
            s, filter, from, to, lang,
        ));
        out
    }
}
