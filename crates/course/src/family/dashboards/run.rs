//! Reading the learner's dashboard body, resolving it against the scenario's run
//! (`engine::cloudwatch`), grading what it draws, and drawing it as the CloudWatch console
//! would: the widgets on the 24-column grid, each metric widget's series as lines with its
//! title, legend and horizontal annotations, single values as a number, text widgets'
//! Markdown as plain text; then the graphed metrics as a table and the findings.
use engine::cloudwatch::{resolve, validate, Content, Drawn, MetricRef, Report, Resolved, View};
use engine::telemetry::{Kind, Run, Scenario, Service};

use super::{DashboardCheck, DashboardDef, Dashboards, Signal, SignalsCheck};
use crate::answer::{text, Answers};
use crate::check::Verdict;
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{number, Lang, Wording, T};
use crate::observability::dashboard as words;
use crate::panel::{Block, Cell, Drawing, Panel, Shape, Tone};

/// The file name findings are reported against.
const FILE: &str = "dashboard.json";
/// One grid column and one grid row, in drawing units (648 across: the workspace shows the
/// whole grid beside the step at 1280 px).
const COL: u32 = 27;
const ROW: u32 = 30;
/// The drawing's width: the 24 columns.
const WIDTH: u32 = 24 * COL;
/// The tones series take in turn (the console's palette has more colours; here they only
/// tell the lines of a widget apart).
const TONES: [Tone; 5] = [Tone::Busy, Tone::Warn, Tone::Good, Tone::Bad, Tone::Plain];

fn say(f: impl Fn(Lang) -> String) -> Wording {
    Wording::each(f)
}

/// The body, the report and the resolved series of one dashboard.
pub(crate) struct Seen {
    pub report: Report,
    pub resolved: Vec<Resolved>,
    pub run: Option<std::rc::Rc<Run>>,
}

fn see(scenario: &Scenario, body: &str, from_s: u32, to_s: u32) -> Seen {
    let report = validate(body);
    let run = crate::family::telemetry::run(scenario);
    let resolved = match (&report.dashboard, &run) {
        (Some(d), Some(run)) => resolve(d, run, from_s, to_s),
        _ => Vec::new(),
    };
    Seen {
        report,
        resolved,
        run,
    }
}

/// The time of a second of the run as the console shows it: `HH:MM` UTC.
fn clock(scenario: &Scenario, at_s: u32) -> String {
    let t = scenario.start_epoch_s + u64::from(at_s);
    format!("{:02}:{:02}", (t / 3_600) % 24, (t / 60) % 60)
}

/// The service a check names, or the system's front service.
fn service<'a>(scenario: &'a Scenario, name: Option<&str>) -> Option<&'a Service> {
    let name = name.unwrap_or(&scenario.system.front);
    scenario.system.services.iter().find(|s| s.name == name)
}

fn dim(m: &MetricRef, name: &str, value: &str) -> bool {
    m.dimensions.iter().any(|(k, v)| k == name && v == value)
}

fn percentile(stat: &str) -> Option<f64> {
    stat.strip_prefix('p').and_then(|p| p.parse::<f64>().ok())
}

/// Which signal a metric is for the service, if any.
fn signal_of(m: &MetricRef, svc: &Service, scenario: &Scenario) -> Option<Signal> {
    let sys = &scenario.system;
    let front = svc.name == sys.front;
    let ns = m.namespace.as_str();
    let name = m.metric_name.as_str();
    let custom = ns == sys.emf_namespace && dim(m, "Service", &svc.name);
    match (ns, name) {
        ("AWS/ApplicationELB", "TargetResponseTime") if front => Some(Signal::Latency),
        ("AWS/ApplicationELB", "RequestCount") if front => Some(Signal::Traffic),
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count" | "HTTPCode_ELB_5XX_Count") if front => {
            Some(Signal::Errors)
        }
        ("AWS/ECS", "CPUUtilization" | "MemoryUtilization")
            if matches!(svc.kind, Kind::Ecs { .. }) && dim(m, "ServiceName", &svc.name) =>
        {
            Some(Signal::Saturation)
        }
        ("AWS/Lambda", _) if dim(m, "FunctionName", &svc.name) => match name {
            "Duration" => Some(Signal::Latency),
            "Invocations" => Some(Signal::Traffic),
            "Errors" => Some(Signal::Errors),
            "ConcurrentExecutions" | "Throttles" => Some(Signal::Saturation),
            _ => None,
        },
        (_, "Requests") if custom => Some(Signal::Traffic),
        (_, "Errors") if custom => Some(Signal::Errors),
        _ => None,
    }
}

/// Whether the statistic shows the signal as it should be shown; the problem when not.
fn stat_fits(signal: Signal, m: &MetricRef) -> bool {
    match signal {
        Signal::Latency => percentile(&m.stat).is_some_and(|p| p >= 90.0),
        Signal::Traffic => {
            m.stat == "Sum" || (m.stat == "SampleCount" && m.metric_name == "TargetResponseTime")
        }
        Signal::Errors => m.stat == "Sum" || (m.namespace == "AWS/Lambda" && m.stat == "Average"),
        Signal::Saturation => true,
    }
}

/// What the dashboard shows of each signal: `Ok` when a drawn series shows it right, or
/// the closest miss (a metric drawn with the wrong statistic, or with no data).
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Yes,
    WrongStat { metric: String, stat: String },
    NoData { metric: String },
    No,
}

fn shown(signal: Signal, drawn: &[&Drawn], svc: &Service, scenario: &Scenario) -> Shown {
    let mut best = Shown::No;
    // TargetResponseTime's SampleCount counts requests: traffic too.
    for d in drawn {
        for m in &d.metrics {
            let sig = signal_of(m, svc, scenario);
            let counts = signal == Signal::Traffic
                && sig == Some(Signal::Latency)
                && m.stat == "SampleCount";
            if sig != Some(signal) && !counts {
                continue;
            }
            if !m.found {
                if best == Shown::No {
                    best = Shown::NoData {
                        metric: m.metric_name.clone(),
                    };
                }
                continue;
            }
            if stat_fits(signal, m) {
                return Shown::Yes;
            }
            if matches!(best, Shown::No | Shown::NoData { .. }) && !counts {
                best = Shown::WrongStat {
                    metric: m.metric_name.clone(),
                    stat: m.stat.clone(),
                };
            }
        }
    }
    best
}

/// The message for a signal not shown.
fn missing_signal(
    s: Signal,
    how: &Shown,
    svc: &Service,
    scenario: &Scenario,
    lang: Lang,
) -> String {
    let front = svc.name == scenario.system.front;
    let lambda = matches!(svc.kind, Kind::Lambda { .. });
    let usual = match (s, front, lambda) {
        (Signal::Latency, _, true) => "p99 Duration".to_string(),
        (Signal::Latency, _, _) => "p99 TargetResponseTime".to_string(),
        (Signal::Traffic, true, _) => "RequestCount (Sum)".to_string(),
        (Signal::Traffic, _, true) => "Invocations (Sum)".to_string(),
        (Signal::Traffic, _, _) => format!("{} Requests (Sum)", scenario.system.emf_namespace),
        (Signal::Errors, true, _) => "HTTPCode_Target_5XX_Count (Sum)".to_string(),
        (Signal::Errors, _, true) => "Errors (Sum)".to_string(),
        (Signal::Errors, _, _) => format!("{} Errors (Sum)", scenario.system.emf_namespace),
        (Signal::Saturation, _, true) => "ConcurrentExecutions (Maximum)".to_string(),
        (Signal::Saturation, _, _) => format!("AWS/ECS CPUUtilization, ServiceName {}", svc.name),
    };
    let head = match s {
        Signal::Latency => t!(
            "no widget shows latency as a percentile: {usual} is the usual one",
            "không widget nào hiển thị độ trễ bằng percentile: thường dùng {usual}"
        ),
        Signal::Traffic => t!(
            "no widget shows traffic (requests per period): {usual} is the usual one",
            "không widget nào hiển thị lưu lượng (số request mỗi period): thường dùng {usual}"
        ),
        Signal::Errors => t!(
            "no widget shows errors as a count or a rate: {usual} is the usual one",
            "không widget nào hiển thị lỗi dưới dạng số lượng hoặc tỉ lệ: thường dùng {usual}"
        ),
        Signal::Saturation => t!(
            "no widget shows saturation (CPU, memory or concurrency of {service}): {usual} is the usual one",
            "không widget nào hiển thị độ bão hoà (CPU, bộ nhớ hoặc concurrency của {service}): thường dùng {usual}"
        ),
    }
    .fill(lang, &[("usual", &usual), ("service", &svc.name)]);
    let tail = match how {
        Shown::WrongStat { metric, stat } => t!(
            "; yours shows {metric} as {stat}",
            "; widget của bạn hiển thị {metric} với {stat}"
        )
        .fill(lang, &[("metric", metric), ("stat", stat)]),
        Shown::NoData { metric } => t!(
            "; your {metric} row names dimensions the run has no data for",
            "; dòng {metric} của bạn dùng các dimension mà run không có dữ liệu"
        )
        .fill(lang, &[("metric", metric)]),
        _ => String::new(),
    };
    format!("{head}{tail}")
}

/// The drawn series of every metric widget.
fn drawn(seen: &Seen) -> Vec<&Drawn> {
    seen.resolved.iter().flat_map(|r| r.series.iter()).collect()
}

/// The mean of the values in `[a, b)` seconds of a series starting at `from_s`.
fn mean(r: &Resolved, d: &Drawn, a: u32, b: u32) -> Option<f64> {
    let v: Vec<f64> = d
        .values
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let t = r.from_s + *i as u32 * r.period_s;
            t >= a && t < b
        })
        .filter_map(|(_, v)| *v)
        .collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The drawn series that moves during the first fault (its mean over the fault's first ten
/// minutes at least twice, or at most half, its mean before), if any: its label.
fn moving(seen: &Seen, def: &DashboardDef) -> Option<String> {
    let start = crate::family::telemetry::first_fault_s(&def.scenario)?;
    for r in &seen.resolved {
        for d in &r.series {
            let before = mean(r, d, def.from_s, start);
            let during = mean(r, d, start, start + 600);
            if let (Some(b), Some(x)) = (before, during) {
                let moved = if b.abs() < 1e-9 {
                    x.abs() > 1e-9
                } else {
                    x / b >= 2.0 || x / b <= 0.5
                };
                if moved {
                    return Some(d.label.clone());
                }
            }
        }
    }
    None
}

fn problems(c: &SignalsCheck, def: &DashboardDef, seen: &Seen, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let Some(svc) = service(&def.scenario, c.service.as_deref()) else {
        return out;
    };
    let drawn = drawn(seen);
    for s in &c.signals {
        let how = shown(*s, &drawn, svc, &def.scenario);
        if how != Shown::Yes {
            out.push(missing_signal(*s, &how, svc, &def.scenario, lang));
        }
    }
    if c.incident && moving(seen, def).is_none() {
        let at = crate::family::telemetry::first_fault_s(&def.scenario).unwrap_or(0);
        out.push(
            t!(
                "no drawn series moves when the incident starts at {at}: none doubles or halves over the ten minutes after it",
                "không series nào thay đổi khi sự cố bắt đầu lúc {at}: không series nào tăng gấp đôi hoặc giảm một nửa trong mười phút sau đó"
            )
            .fill(lang, &[("at", &clock(&def.scenario, at))]),
        );
    }
    out
}

/// The errors of a body, as the one-line findings.
fn errors(report: &Report, lang: Lang) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity() == engine::cloudwatch::Severity::Error)
        .map(|d| words::line(FILE, d, lang))
        .collect()
}

pub(super) fn grade(check: &DashboardCheck, all: &Dashboards, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(def) = all.get(check.dashboard()) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let Some(body) = text(answers, &def.input) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    let seen = see(&def.scenario, body, def.from_s, def.to_s);
    if seen.run.is_none() {
        return Graded::new(input, Verdict::NoEngineValue);
    }
    let errs = errors(&seen.report, Lang::En);
    let verdict = if !errs.is_empty() {
        let report = seen.report.clone();
        Verdict::Unmet(say(move |l| errors(&report, l).join("; ")))
    } else {
        match check {
            DashboardCheck::Valid(_) => {
                if drawn(&seen)
                    .iter()
                    .any(|d| d.values.iter().any(Option::is_some))
                {
                    Verdict::Correct
                } else {
                    Verdict::Unmet(say(|l| {
                        t!(
                            "the dashboard draws no data: add a metric widget whose metric the run has",
                            "dashboard không vẽ dữ liệu nào: hãy thêm một metric widget với metric có trong run"
                        )
                        .get(l)
                        .to_string()
                    }))
                }
            }
            DashboardCheck::Signals(c) => {
                if problems(c, def, &seen, Lang::En).is_empty() {
                    Verdict::Correct
                } else {
                    let (c, def) = (c.clone(), def.clone());
                    let body = body.to_string();
                    Verdict::Unmet(say(move |l| {
                        let seen = see(&def.scenario, &body, def.from_s, def.to_s);
                        problems(&c, &def, &seen, l).join("; ")
                    }))
                }
            }
        }
    };
    Graded::new(input, verdict)
}

pub(super) fn validate_items(all: &Dashboards, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for d in &all.dashboards {
        match lab.input(&d.input).map(|i| &i.kind) {
            Some(InputKind::Template { starter }) => {
                if validate(starter).dashboard.is_none() {
                    problems.push(format!(
                        "dashboard \"{}\": the starter of input \"{}\" is not a JSON object",
                        d.id, d.input
                    ));
                }
            }
            Some(_) => problems.push(format!(
                "dashboard \"{}\": input \"{}\" is not a template input",
                d.id, d.input
            )),
            None => problems.push(format!(
                "dashboard \"{}\": there is no input \"{}\"",
                d.id, d.input
            )),
        }
        if crate::family::telemetry::run(&d.scenario).is_none() {
            problems.push(format!("dashboard \"{}\": the scenario does not run", d.id));
        }
    }
    problems
}

/// A value with its unit, as the console's legend shows it.
fn value(v: f64, unit: &str, lang: Lang) -> String {
    let decimals = if v.abs() >= 100.0 || v.fract() == 0.0 {
        0
    } else if v.abs() >= 1.0 {
        1
    } else {
        3
    };
    let n = number(v, decimals, lang);
    match unit {
        "" | "Count" => n,
        "Percent" => format!("{n} %"),
        "Seconds" => format!("{n} s"),
        "Milliseconds" => format!("{n} ms"),
        other => format!("{n} {other}"),
    }
}

/// The unit of a drawn series: its metric's when it is one metric (expressions: none).
fn unit(d: &Drawn, run: &Run) -> String {
    if d.expression.is_some() {
        return String::new();
    }
    d.metrics
        .first()
        .and_then(|m| {
            engine::cloudwatch::dashboard::find(run, &m.namespace, &m.metric_name, &m.dimensions)
        })
        .map(|s| s.unit.name().to_string())
        .unwrap_or_default()
}

/// Markdown as plain lines: headings, emphasis, code marks and link targets dropped.
fn plain(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .map(|l| {
            let l = l.trim_start_matches('#').trim();
            let mut out = String::new();
            let mut skip = 0usize;
            let chars: Vec<char> = l.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match c {
                    '*' | '`' | '[' => {}
                    ']' if chars.get(i + 1) == Some(&'(') => {
                        let close = chars[i..].iter().position(|c| *c == ')').unwrap_or(0);
                        skip = close;
                    }
                    ']' => {}
                    _ => out.push(*c),
                }
            }
            out
        })
        .filter(|l| !l.trim().is_empty())
        .collect()
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The dashboard drawn on the grid.
fn grid(scenario: &Scenario, seen: &Seen, from_s: u32, to_s: u32, lang: Lang) -> Option<Drawing> {
    let d = seen.report.dashboard.as_ref()?;
    let run = seen.run.as_ref()?;
    let bottom = d.widgets.iter().map(|w| w.y + w.height).max().unwrap_or(0);
    let height = (bottom * ROW).clamp(ROW, 4_000);
    let mut shapes = Vec::new();
    for (i, w) in d.widgets.iter().enumerate() {
        let wx = w.x.min(23) * COL;
        let ww = (w.width.min(24 - w.x.min(23)) * COL).saturating_sub(6);
        let wy = w.y * ROW;
        if wy >= height {
            continue;
        }
        let wh = (w.height * ROW).min(height - wy).saturating_sub(6);
        shapes.push(Shape::Bar {
            x: wx,
            y: wy,
            width: ww,
            height: wh,
            tone: Tone::Plain,
        });
        let chars = (ww / 7) as usize;
        let title = |t: &str, fallback: &str| -> String {
            if t.is_empty() {
                fallback.to_string()
            } else {
                t.to_string()
            }
        };
        match &w.content {
            Content::Metric(m) => {
                let Some(r) = seen.resolved.iter().find(|r| r.widget == i) else {
                    continue;
                };
                let fallback = r
                    .series
                    .first()
                    .map(|s| s.label.clone())
                    .unwrap_or_default();
                shapes.push(Shape::Label {
                    x: wx + 6,
                    y: wy + 16,
                    text: truncate(&title(&m.title, &fallback), chars),
                    tone: Tone::Plain,
                });
                if r.series.is_empty() {
                    shapes.push(Shape::Label {
                        x: wx + 6,
                        y: wy + 40,
                        text: t!("No data available.", "Không có dữ liệu.")
                            .get(lang)
                            .to_string(),
                        tone: Tone::Plain,
                    });
                    continue;
                }
                match m.view {
                    View::TimeSeries | View::Bar => chart(
                        &mut shapes,
                        scenario,
                        run,
                        m,
                        r,
                        (wx, wy, ww, wh),
                        (from_s, to_s),
                        lang,
                    ),
                    _ => {
                        for (k, s) in r.series.iter().enumerate() {
                            let y = wy + 44 + k as u32 * 34;
                            if y + 10 > wy + wh {
                                break;
                            }
                            let latest = s.values.iter().rev().find_map(|v| *v);
                            let text = match latest {
                                Some(v) => {
                                    format!("{}  {}", value(v, &unit(s, run), lang), s.label)
                                }
                                None => format!("—  {}", s.label),
                            };
                            // In bold: about 8 units a character.
                            shapes.push(Shape::Label {
                                x: wx + 10,
                                y,
                                text: truncate(&text, (ww.saturating_sub(10) / 8) as usize),
                                tone: TONES[k % TONES.len()],
                            });
                        }
                    }
                }
            }
            Content::Text { markdown } => {
                for (k, line) in plain(markdown).iter().enumerate() {
                    let y = wy + 18 + k as u32 * 18;
                    if y + 4 > wy + wh {
                        break;
                    }
                    shapes.push(Shape::Label {
                        x: wx + 6,
                        y,
                        text: truncate(line, chars),
                        tone: Tone::Plain,
                    });
                }
            }
            Content::Log {
                title: t, query, ..
            } => {
                shapes.push(Shape::Label {
                    x: wx + 6,
                    y: wy + 16,
                    text: truncate(&title(t, "Logs Insights"), chars),
                    tone: Tone::Plain,
                });
                shapes.push(Shape::Label {
                    x: wx + 6,
                    y: wy + 36,
                    text: truncate(query.lines().next().unwrap_or(""), chars),
                    tone: Tone::Plain,
                });
            }
            Content::Alarm { title: t, alarms } => {
                shapes.push(Shape::Label {
                    x: wx + 6,
                    y: wy + 16,
                    text: truncate(&title(t, "Alarms"), chars),
                    tone: Tone::Plain,
                });
                shapes.push(Shape::Label {
                    x: wx + 6,
                    y: wy + 36,
                    text: truncate(
                        &t!(
                            "{n} alarm(s): not evaluated in this lab",
                            "{n} alarm: không được đánh giá trong bài lab này"
                        )
                        .fill(lang, &[("n", &alarms.len())]),
                        chars,
                    ),
                    tone: Tone::Plain,
                });
            }
            Content::NotDrawn => shapes.push(Shape::Label {
                x: wx + 6,
                y: wy + 16,
                text: truncate(
                    &t!(
                        "{kind} widget: not drawn here",
                        "widget {kind}: không được vẽ ở đây"
                    )
                    .fill(lang, &[("kind", &w.kind)]),
                    chars,
                ),
                tone: Tone::Plain,
            }),
        }
    }
    Some(Drawing {
        width: WIDTH,
        height,
        label: t!(
            "The dashboard as CloudWatch draws it, {from} to {to} UTC: {n} widget(s) on the 24-column grid",
            "Dashboard như CloudWatch vẽ, từ {from} đến {to} UTC: {n} widget trên lưới 24 cột"
        )
        .fill(
            lang,
            &[
                ("from", &clock(scenario, from_s)),
                ("to", &clock(scenario, to_s)),
                ("n", &d.widgets.len()),
            ],
        ),
        shapes,
    })
}

/// A metric widget's series as lines, with the horizontal annotations, the y axis' top
/// value, the range's times and the legend.
#[allow(clippy::too_many_arguments)]
fn chart(
    shapes: &mut Vec<Shape>,
    scenario: &Scenario,
    run: &Run,
    m: &engine::cloudwatch::MetricWidget,
    r: &Resolved,
    (wx, wy, ww, wh): (u32, u32, u32, u32),
    (from_s, to_s): (u32, u32),
    lang: Lang,
) {
    let left = wx + 8;
    let right = wx + ww.saturating_sub(8);
    let top = wy + 28;
    let bottom = (wy + wh).saturating_sub(34).max(top + 10);
    let mut max = m.horizontal.iter().map(|a| a.value).fold(0.0f64, f64::max);
    let mut min = 0.0f64;
    for s in &r.series {
        for v in s.values.iter().flatten() {
            max = max.max(*v);
            min = min.min(*v);
        }
    }
    if max <= min {
        max = min + 1.0;
    }
    let n = r
        .series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0)
        .max(2);
    let px = |i: usize| left as f64 + (right - left) as f64 * i as f64 / (n - 1) as f64;
    let py = |v: f64| bottom as f64 - (bottom - top) as f64 * (v - min) / (max - min);
    for (k, s) in r.series.iter().enumerate() {
        let mut path = String::new();
        let mut pen = false;
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => {
                    path.push_str(&format!(
                        "{}{:.1} {:.1} ",
                        if pen { "L" } else { "M" },
                        px(i),
                        py(*v)
                    ));
                    pen = true;
                }
                None => pen = false,
            }
        }
        if !path.is_empty() {
            shapes.push(Shape::Line {
                path: path.trim_end().to_string(),
                tone: TONES[k % TONES.len()],
            });
        }
    }
    for a in &m.horizontal {
        let y = py(a.value);
        shapes.push(Shape::Arrow(format!("M{left} {y:.1} L{right} {y:.1}")));
        if !a.label.is_empty() {
            shapes.push(Shape::Label {
                x: right.saturating_sub(6 + 7 * a.label.chars().count() as u32),
                y: (y as u32).saturating_sub(3),
                text: a.label.clone(),
                tone: Tone::Plain,
            });
        }
    }
    let u = r.series.first().map(|s| unit(s, run)).unwrap_or_default();
    shapes.push(Shape::Label {
        x: left,
        y: top + 10,
        text: value(max, &u, lang),
        tone: Tone::Plain,
    });
    shapes.push(Shape::Label {
        x: left,
        y: bottom + 14,
        text: clock(scenario, from_s),
        tone: Tone::Plain,
    });
    shapes.push(Shape::Label {
        x: right.saturating_sub(40),
        y: bottom + 14,
        text: clock(scenario, to_s),
        tone: Tone::Plain,
    });
    let mut x = left;
    for (k, s) in r.series.iter().enumerate() {
        let text = format!("— {}", s.label);
        // A legend is bold: about 8 units a character, and a gap before the next one.
        let w = 8 * text.chars().count() as u32 + 12;
        if x + w > right + 8 {
            break;
        }
        shapes.push(Shape::Label {
            x,
            y: bottom + 30,
            text,
            tone: TONES[k % TONES.len()],
        });
        x += w;
    }
}

/// The graphed metrics: one row per drawn series.
fn table(scenario: &Scenario, seen: &Seen, lang: Lang) -> Option<Block> {
    let d = seen.report.dashboard.as_ref()?;
    let run = seen.run.as_ref()?;
    let mut rows = Vec::new();
    for r in &seen.resolved {
        let title = match &d.widgets[r.widget].content {
            Content::Metric(m) if !m.title.is_empty() => m.title.clone(),
            _ => format!("#{}", d.widgets[r.widget].number),
        };
        for s in &r.series {
            let u = unit(s, run);
            let what = match (&s.expression, s.metrics.first()) {
                (Some(e), _) => e.clone(),
                (None, Some(m)) => {
                    let dims: Vec<String> = m
                        .dimensions
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    format!("{} {} {}", m.namespace, m.metric_name, dims.join(" "))
                }
                _ => String::new(),
            };
            let stat = match (&s.expression, s.metrics.first()) {
                (None, Some(m)) => m.stat.clone(),
                _ => "—".into(),
            };
            let peak = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .fold(None, |best: Option<(usize, f64)>, (i, v)| match best {
                    Some((_, b)) if b >= v => best,
                    _ => Some((i, v)),
                });
            let low = s
                .values
                .iter()
                .flatten()
                .copied()
                .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.min(v))));
            let (max, at) = match peak {
                Some((i, v)) => (
                    value(v, &u, lang),
                    clock(scenario, r.from_s + i as u32 * r.period_s),
                ),
                None => ("—".into(), "—".into()),
            };
            let tone = if s.problem.is_some() {
                Tone::Warn
            } else {
                Tone::Plain
            };
            rows.push(vec![
                Cell::plain(title.clone()),
                Cell::new(s.label.clone(), tone),
                Cell::plain(what),
                Cell::plain(stat),
                Cell::plain(format!("{} s", r.period_s)),
                Cell::plain(low.map_or("—".into(), |v| value(v, &u, lang))),
                Cell::plain(max),
                Cell::plain(at),
                Cell::new(
                    s.problem.clone().unwrap_or_default(),
                    if s.problem.is_some() {
                        Tone::Warn
                    } else {
                        Tone::Plain
                    },
                ),
            ]);
        }
    }
    if rows.is_empty() {
        return None;
    }
    Some(Block::Table {
        caption: t!(
            "Graphed metrics: each drawn series, its lowest and highest value and when it peaked (UTC)",
            "Graphed metrics: mỗi series được vẽ, giá trị thấp nhất, cao nhất và thời điểm đạt đỉnh (UTC)"
        )
        .get(lang)
        .to_string(),
        head: vec![
            "Widget".to_string(),
            "Label".to_string(),
            t!("Details", "Chi tiết").get(lang).to_string(),
            "Statistic".to_string(),
            "Period".to_string(),
            t!("Lowest", "Thấp nhất").get(lang).to_string(),
            t!("Highest", "Cao nhất").get(lang).to_string(),
            t!("At", "Lúc").get(lang).to_string(),
            t!("Note", "Ghi chú").get(lang).to_string(),
        ],
        rows,
    })
}

/// The console of one dashboard body over a scenario's run: the findings, the grid drawn
/// with its legend, and the graphed metrics. The on-call drill shows it in its workspace.
pub(crate) fn dashboard_blocks(
    scenario: &Scenario,
    body: &str,
    from_s: u32,
    to_s: u32,
    lang: Lang,
) -> Vec<Block> {
    let seen = see(scenario, body, from_s, to_s);
    let mut blocks = Vec::new();
    for d in &seen.report.diagnostics {
        blocks.push(Block::finding(
            d.severity() == engine::cloudwatch::Severity::Error,
            words::line(FILE, d, lang),
        ));
    }
    if seen.run.is_none() {
        blocks.push(Block::Note {
            tone: Tone::Bad,
            text: t!("The scenario does not run.", "Kịch bản không chạy được.")
                .get(lang)
                .to_string(),
        });
        return blocks;
    }
    if let Some(g) = grid(scenario, &seen, from_s, to_s, lang) {
        blocks.push(Block::Note {
            tone: Tone::Plain,
            text: t!(
                "Each box is a widget on the 24-column grid; in a graph, each coloured line is one series (the colours only tell them apart), a grey line a horizontal annotation; the top-left number is the y axis' top, times are UTC.",
                "Mỗi ô là một widget trên lưới 24 cột; trong một graph, mỗi đường màu là một series (màu chỉ để phân biệt), đường xám là horizontal annotation; số ở góc trên bên trái là đỉnh trục y, thời gian theo UTC."
            )
            .get(lang)
            .to_string(),
        });
        blocks.push(Block::Drawing(g));
    }
    if let Some(t) = table(scenario, &seen, lang) {
        blocks.push(t);
    }
    blocks
}

pub(super) fn panel(
    all: &Dashboards,
    lab: &LabView<'_>,
    answers: &Answers,
    focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for def in &all.dashboards {
        // A step shows the dashboards whose body it asks, or all of them when it asks none
        // (the questions read the dashboard built in an earlier step).
        let asked = |i: &str| focus.iter().any(|f| f == i);
        if !focus.is_empty() && !asked(&def.input) && all.dashboards.iter().any(|d| asked(&d.input))
        {
            continue;
        }
        let starter = match lab.input(&def.input).map(|i| &i.kind) {
            Some(InputKind::Template { starter }) => starter.as_str(),
            _ => "",
        };
        let body = text(answers, &def.input).unwrap_or(starter);
        panel.blocks.push(Block::Heading(format!(
            "CloudWatch › Dashboards › {}",
            def.id
        )));
        if let Some(actions) = super::builder::actions(def, body, lang) {
            panel.actions.push(actions);
        }
        panel.blocks.extend(dashboard_blocks(
            &def.scenario,
            body,
            def.from_s,
            def.to_s,
            lang,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lab's scenario (labs/dashboard-golden-signals/system.toml) built in code.
    fn lab_def() -> DashboardDef {
        use engine::telemetry::{Applied, Fault, Injected, Mitigation, TraceSampling};
        let mut scenario = Scenario::new(5_400);
        scenario.seed = 27;
        scenario.start_epoch_s = 1_795_770_000; // 2026-11-27T09:00:00Z
        scenario.traces.sampling = TraceSampling::Off;
        scenario.faults.push(Injected {
            fault: Fault::SlowQuery {
                service: "orders".into(),
                version: "v2".into(),
                database: "orders-db".into(),
                factor: 60.0,
            },
            start_s: 2_700,
            end_s: None,
        });
        scenario.mitigations.push(Applied {
            mitigation: Mitigation::Rollback {
                service: "orders".into(),
            },
            at_s: 4_200,
        });
        DashboardDef {
            id: "checkout".into(),
            input: "body".into(),
            scenario,
            from_s: 0,
            to_s: 5_400,
        }
    }

    const SOLUTION: &str =
        include_str!("../../../../../labs/dashboard-golden-signals/solution/answers/body.json");
    const STARTER: &str =
        include_str!("../../../../../labs/dashboard-golden-signals/data/dashboard-starter.json");

    fn signals(signals: Vec<Signal>, incident: bool) -> DashboardCheck {
        DashboardCheck::Signals(SignalsCheck {
            input: "body".into(),
            dashboard: "checkout".into(),
            service: None,
            signals,
            incident,
        })
    }

    fn verdict(check: &DashboardCheck, body: &str) -> Verdict {
        let all = Dashboards {
            dashboards: vec![lab_def()],
        };
        let answers: Answers =
            [("body".to_string(), crate::answer::Answer::Text(body.into()))].into();
        grade(check, &all, &answers).verdict
    }

    fn unmet(v: Verdict) -> String {
        match v {
            Verdict::Unmet(w) => w.get(Lang::En),
            other => panic!("expected Unmet, got {other:?}"),
        }
    }

    #[test]
    fn the_golden_signals_are_decided_from_what_is_drawn() {
        let all = signals(Signal::ALL.to_vec(), true);
        assert_eq!(verdict(&all, SOLUTION), Verdict::Correct);
        let starter = unmet(verdict(&all, STARTER));
        assert!(
            starter.contains("no widget shows latency as a percentile: p99 TargetResponseTime is the usual one; yours shows TargetResponseTime as Average"),
            "{starter}"
        );
        assert!(starter.contains("no widget shows traffic"), "{starter}");
        assert!(starter.contains("no widget shows saturation"), "{starter}");
        // The starter's Average still moves at 09:45: the incident is visible.
        assert_eq!(verdict(&signals(vec![], true), STARTER), Verdict::Correct);
        // The right metric with a load balancer the run does not have: no data.
        let wrong = SOLUTION.replace(
            "\"TargetResponseTime\", \"LoadBalancer\", \"app/shop-alb/50dc6c495c0c9188\", {\"stat\": \"p99\"",
            "\"TargetResponseTime\", \"LoadBalancer\", \"app/other/1\", {\"stat\": \"p99\"",
        );
        let msg = unmet(verdict(&signals(vec![Signal::Latency], false), &wrong));
        assert!(
            msg.contains("yours shows TargetResponseTime as Average"),
            "{msg}"
        );
        // An error count drawn as its Average is not an error count.
        let avg = SOLUTION.replace("\"title\": \"5xx error rate\",\n        \"view\": \"timeSeries\",\n        \"region\": \"ap-southeast-1\",\n        \"stat\": \"Sum\"", "\"title\": \"5xx error rate\",\n        \"view\": \"timeSeries\",\n        \"region\": \"ap-southeast-1\",\n        \"stat\": \"Average\"");
        assert_ne!(avg, SOLUTION);
        assert!(unmet(verdict(&signals(vec![Signal::Errors], false), &avg)).contains("yours shows"));
        // A body that does not parse fails with its finding; a blank one is not answered.
        let broken = unmet(verdict(&all, "{\"widgets\": [}"));
        assert!(
            broken.starts_with("dashboard.json:1:14: error: not valid JSON"),
            "{broken}"
        );
        assert_eq!(verdict(&all, "  "), Verdict::NotAnswered);
        let valid = DashboardCheck::Valid(super::super::ValidCheck {
            input: "body".into(),
            dashboard: "checkout".into(),
        });
        assert_eq!(verdict(&valid, STARTER), Verdict::Correct);
        assert!(unmet(verdict(&valid, "{\"widgets\": []}")).contains("draws no data"));
    }

    #[test]
    fn the_panel_draws_widgets_on_the_grid_with_their_lines_and_the_graphed_metrics() {
        let def = lab_def();
        let blocks = dashboard_blocks(&def.scenario, SOLUTION, 0, 5_400, Lang::En);
        let drawing = blocks
            .iter()
            .find_map(|b| match b {
                Block::Drawing(d) => Some(d),
                _ => None,
            })
            .expect("a drawing");
        assert_eq!(drawing.width, 648);
        // Five widgets (the text and four graphs), 14 rows high.
        let frames: Vec<(u32, u32, u32)> = drawing
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Bar {
                    x,
                    y,
                    width,
                    tone: Tone::Plain,
                    ..
                } => Some((*x, *y, *width)),
                _ => None,
            })
            .collect();
        assert_eq!(
            frames,
            [
                (0, 0, 642),
                (0, 60, 318),
                (324, 60, 318),
                (0, 240, 318),
                (324, 240, 318)
            ]
        );
        assert_eq!(drawing.height, 14 * 30);
        // p99 and Average, RequestCount, the rate (its two rows hidden), CPU and memory.
        let lines = drawing
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Line { .. }))
            .count();
        assert_eq!(lines, 6);
        // The 1 s annotation, the title, the legend, the text widget's Markdown as text.
        assert!(drawing.shapes.iter().any(|s| matches!(s, Shape::Arrow(_))));
        let labels: Vec<&str> = drawing
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Label { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        for want in [
            "Latency p99",
            "— p99",
            "— 5xx error rate (%)",
            "Checkout",
            "09:00",
            "10:30",
            "1 s",
        ] {
            assert!(labels.contains(&want), "{want}: {labels:?}");
        }
        let Some(Block::Table { rows, .. }) =
            blocks.iter().find(|b| matches!(b, Block::Table { .. }))
        else {
            panic!("the graphed metrics")
        };
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[0][1].text, "p99");
        assert_eq!(rows[0][3].text, "p99");
        // The p99 peaks during the incident (09:45 to 10:10).
        assert!(
            ("09:45".."10:10").contains(&rows[0][7].text.as_str()),
            "{:?}",
            rows[0]
        );
        assert_eq!(rows[3][2].text, "100 * FILL(errors, 0) / requests");
        // Findings come first, as notes.
        let broken = dashboard_blocks(
            &def.scenario,
            "{\"widgets\": [{\"type\": \"txt\", \"properties\": {}}]}",
            0,
            600,
            Lang::Vi,
        );
        assert!(
            matches!(&broken[0], Block::Note { tone: Tone::Bad, text } if text.contains("[widget-type]"))
        );
    }

    #[test]
    fn a_single_value_is_a_number_with_its_unit() {
        let def = lab_def();
        let body = "{\"widgets\": [{\"type\": \"metric\", \"x\": 0, \"y\": 0, \"width\": 8, \"height\": 3, \"properties\": {\"region\": \"r\", \"view\": \"singleValue\", \"metrics\": [[\"AWS/ECS\", \"MemoryUtilization\", \"ServiceName\", \"web\"]]}}]}";
        let blocks = dashboard_blocks(&def.scenario, body, 0, 600, Lang::En);
        let Some(Block::Drawing(d)) = blocks.iter().find(|b| matches!(b, Block::Drawing(_))) else {
            panic!("{blocks:?}")
        };
        assert!(
            d.shapes.iter().any(
                |s| matches!(s, Shape::Label { text, .. } if text == "30 %  MemoryUtilization")
            ),
            "{:?}",
            d.shapes
        );
    }

    #[test]
    fn the_panel_starts_from_the_starter_offers_the_builder_and_follows_the_steps() {
        let all = Dashboards {
            dashboards: vec![lab_def()],
        };
        let inputs = [crate::lab::Input {
            id: "body".into(),
            label: "body".into(),
            kind: InputKind::Template {
                starter: STARTER.into(),
            },
        }];
        let workspace = crate::family::Workspace::default();
        let view = LabView {
            inputs: &inputs,
            workspace: &workspace,
            checks: &[],
        };
        let mut p = Panel::default();
        panel(&all, &view, &Answers::new(), &[], Lang::En, &mut p);
        assert_eq!(
            p.blocks[0],
            Block::Heading("CloudWatch › Dashboards › checkout".into())
        );
        assert_eq!(p.actions.len(), 1);
        assert_eq!(p.actions[0].input, "body");
        assert_eq!(p.actions[0].buttons.len(), 5);
        // Pressing every button in turn gives the four signals.
        let mut body = STARTER.to_string();
        for k in 0..5 {
            let a = super::super::builder::actions(&lab_def(), &body, Lang::En).unwrap();
            body = a.buttons[k].op.clone();
        }
        assert_eq!(
            verdict(&signals(Signal::ALL.to_vec(), true), &body),
            Verdict::Correct
        );
        // The questions' step shows the dashboard built in the first step.
        let mut q = Panel::default();
        panel(
            &all,
            &view,
            &Answers::new(),
            &["jump".into()],
            Lang::Vi,
            &mut q,
        );
        assert!(q.blocks.iter().any(|b| matches!(b, Block::Drawing(_))));
    }
}
