//! The X-Ray console over a run: the service map, the trace list for a filter expression,
//! a trace's timeline, and what sampling rules record; and the checks' grading.
//!
//! The console's words: the service (trace) map colours each node by its share of
//! successful calls (green), faults (5xx, red), client errors (4xx, yellow) and throttles
//! (429, purple), and writes in it the average response time and the traces a minute
//! ("Viewing the service map", <https://docs.aws.amazon.com/xray/latest/devguide/xray-console.html>,
//! read 2026-11-30; here one dot per node, `Warn` for yellow and purple); the trace list's
//! columns (ID, time, response time, HTTP status, method, URL); the timeline of segments and
//! subsegments. Choosing a node in the console builds
//! a filter expression for it: here the nodes' buttons write `service("name")` into the
//! learner's filter.
use std::collections::BTreeMap;

use engine::telemetry::{graph, Run, Scenario, Trace};
use engine::xray::{self, Diagnostic, Filter, Rule, SamplingRule};

use super::{TraceValue, TraceValueCheck, Views, XrayCheck, XrayDef};
use crate::answer::{Answers, Unread};
use crate::check::Verdict;
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{grouped, number, Lang, Wording, T};
use crate::panel::{Action, Actions, Block, Cell, Drawing, Panel, Shape, Tone};

/// How many traces the list shows.
const LISTED: usize = 20;

fn say(f: impl Fn(Lang) -> String) -> Wording {
    Wording::each(f)
}

/// A filter's finding in words, with its column.
pub(crate) fn finding(d: &Diagnostic, lang: Lang) -> String {
    let a = |i: usize| d.args.get(i).cloned().unwrap_or_default();
    let text: T = match d.rule {
        Rule::Empty => t!("The filter expression is empty.", "Filter expression đang trống."),
        Rule::UnexpectedChar => t!(
            "\"{0}\" starts no keyword, operator or value.",
            "\"{0}\" không mở đầu keyword, toán tử hay giá trị nào."
        ),
        Rule::UnterminatedString => t!(
            "This string has no closing quote (\").",
            "Chuỗi này thiếu dấu nháy đóng (\")."
        ),
        Rule::UnknownKeyword => t!(
            "\"{0}\" is no X-Ray filter keyword (responsetime, duration, http.status, http.url, http.method, fault, error, throttle, ok, annotation.KEY, service(), edge()…).",
            "\"{0}\" không phải keyword của filter X-Ray (responsetime, duration, http.status, http.url, http.method, fault, error, throttle, ok, annotation.KEY, service(), edge()…)."
        ),
        Rule::NotSupported => t!(
            "Not supported yet: \"{0}\" is documented by X-Ray, but this lab does not evaluate it.",
            "Chưa hỗ trợ: \"{0}\" có trong tài liệu X-Ray nhưng bài lab này chưa tính được."
        ),
        Rule::NotOperator => t!(
            "X-Ray has no NOT: negate with ! (for example !service(\"orders\")).",
            "X-Ray không có NOT: hãy phủ định bằng ! (ví dụ !service(\"orders\"))."
        ),
        Rule::ExpectedKeyword => t!(
            "A keyword, ! or ( is expected here, not \"{0}\".",
            "Ở đây cần một keyword, ! hoặc (, không phải \"{0}\"."
        ),
        Rule::ExpectedComparison => t!(
            "{0} is a number keyword: compare it (=, !=, <, <=, >, >=) with a number.",
            "{0} là keyword kiểu số: hãy so sánh nó (=, !=, <, <=, >, >=) với một số."
        ),
        Rule::OperatorForType => t!(
            "{0} does not apply to {1} (a {2} keyword).",
            "Không dùng được {0} với {1} (keyword kiểu {2})."
        ),
        Rule::ValueType => t!(
            "{0} takes a {1} value here, not {2}; strings go in double quotes.",
            "{0} cần giá trị kiểu {1} ở đây, không phải {2}; chuỗi phải đặt trong dấu nháy kép."
        ),
        Rule::Expected => t!(
            "\"{0}\" is expected here (found \"{1}\").",
            "Ở đây cần \"{0}\" (đang là \"{1}\")."
        ),
        Rule::Trailing => t!(
            "\"{0}\" follows a complete expression: join conditions with AND or OR.",
            "\"{0}\" nằm sau một biểu thức đã hoàn chỉnh: hãy nối các điều kiện bằng AND hoặc OR."
        ),
        Rule::AnnotationWithService => t!(
            "annotation.KEY cannot be combined with service() or edge() in one expression (X-Ray's guide).",
            "Không thể kết hợp annotation.KEY với service() hay edge() trong cùng một biểu thức (theo tài liệu X-Ray)."
        ),
    };
    let body = text.fill(lang, &[("0", &a(0)), ("1", &a(1)), ("2", &a(2))]);
    t!(
        "Column {col}: {body} [{rule}]",
        "Cột {col}: {body} [{rule}]"
    )
    .fill(
        lang,
        &[("col", &d.col), ("body", &body), ("rule", &d.rule.id())],
    )
}

/// The traces whose request started in `[from_s, to_s)` of the run.
fn window<'a>(run: &'a Run, scenario: &Scenario, from_s: u32, to_s: u32) -> Vec<&'a Trace> {
    let start = scenario.start_epoch_s as f64;
    let (lo, hi) = (start + f64::from(from_s), start + f64::from(to_s));
    run.traces
        .iter()
        .filter(|t| {
            let s = xray::start_time(t);
            s >= lo && s < hi
        })
        .collect()
}

/// A wall-clock time of the day, HH:MM:SS UTC.
fn hms(epoch: f64) -> String {
    let s = epoch.floor() as u64 % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3_600, s / 60 % 60, s % 60)
}

fn hm(epoch: u64) -> String {
    let s = epoch % 86_400;
    format!("{:02}:{:02}", s / 3_600, s / 60 % 60)
}

/// Seconds as the console writes a duration: milliseconds below one second.
fn secs(s: f64, lang: Lang) -> String {
    if s < 1.0 {
        format!("{} ms", number(s * 1_000.0, 0, lang))
    } else {
        format!("{} s", number(s, 2, lang))
    }
}

/// The filter text of an input: the answer, else the template's starter.
fn filter_text<'a>(
    answers: &'a Answers,
    lab: Option<&'a LabView<'_>>,
    id: &str,
) -> Option<&'a str> {
    crate::answer::text(answers, id).or_else(|| {
        lab.and_then(|l| l.input(id)).and_then(|i| match &i.kind {
            InputKind::Template { starter } if !starter.trim().is_empty() => Some(starter.as_str()),
            _ => None,
        })
    })
}

/// The slowest trace (response time) among some.
fn slowest<'a>(traces: &[&'a Trace]) -> Option<&'a Trace> {
    traces
        .iter()
        .copied()
        .max_by(|a, b| xray::response_time(a).total_cmp(&xray::response_time(b)))
}

fn parsed(text: &str) -> Result<Filter, Diagnostic> {
    let r = xray::parse(text);
    match r.filter {
        Some(f) => Ok(f),
        None => Err(r.diagnostics.into_iter().next().unwrap_or(Diagnostic {
            col: 1,
            rule: Rule::Empty,
            args: Vec::new(),
        })),
    }
}

// ---------------------------------------------------------------------------------------
// Sampling

fn engine_rule(r: &super::RuleDef) -> SamplingRule {
    SamplingRule {
        name: r.name.clone(),
        priority: r.priority,
        reservoir: r.reservoir,
        fixed_rate: r.fixed_rate,
        service_name: r.service_name.clone(),
        http_method: r.http_method.clone(),
        url_path: r.url_path.clone(),
    }
}

/// The rules named (the team's, and `Default`), as the engine takes them.
fn rules(def: &XrayDef, names: &[String]) -> Vec<SamplingRule> {
    names
        .iter()
        .filter_map(|n| {
            if n == "Default" {
                Some(SamplingRule::default_rule())
            } else {
                def.rules.iter().find(|r| &r.name == n).map(engine_rule)
            }
        })
        .collect()
}

/// Traces a minute the rules record over the view's range.
fn recorded_per_minute(def: &XrayDef, run: &Run, names: &[String]) -> f64 {
    let traces: Vec<Trace> = window(run, &def.scenario, def.from_s, def.to_s)
        .into_iter()
        .cloned()
        .collect();
    let s = xray::sample(&rules(def, names), &traces);
    s.recorded() as f64 * 60.0 / f64::from((def.to_s - def.from_s).max(1))
}

// ---------------------------------------------------------------------------------------
// Grading

fn unread(u: Unread) -> Verdict {
    match u {
        Unread::Empty => Verdict::NotAnswered,
        Unread::NotANumber(given) => Verdict::NotANumber { given },
        Unread::Ambiguous(a) => Verdict::Ambiguous(a),
    }
}

pub(super) fn grade(check: &XrayCheck, all: &Views, answers: &Answers) -> Graded {
    let input = check.input();
    let verdict = match check {
        XrayCheck::Valid(_) | XrayCheck::Matches(_) => grade_filter(check, all, answers),
        XrayCheck::TraceValue(c) => grade_value(c, all, answers),
        XrayCheck::Sampled(c) => {
            let def = all.get(&c.xray);
            let run = def.and_then(|d| crate::family::telemetry::run(&d.scenario));
            match (def, run, answers.get(input).map(|a| a.number())) {
                (_, _, None) => Verdict::NotAnswered,
                (_, _, Some(Err(u))) => unread(u),
                (Some(def), Some(run), Some(Ok(given))) => {
                    let want = recorded_per_minute(def, &run, &c.rules);
                    if (given - want).abs() <= want * c.tolerance_percent / 100.0 {
                        Verdict::Correct
                    } else {
                        let traces = window(&run, &def.scenario, def.from_s, def.to_s);
                        let per_s = traces.len() as f64 / f64::from((def.to_s - def.from_s).max(1));
                        let names = c.rules.join(", ");
                        let tol = c.tolerance_percent;
                        Verdict::Unmet(say(move |l| {
                            t!(
                                "{given} traces a minute is more than {tol}% off what X-Ray records with {rules} here. The range has {rps} requests a second: a reservoir takes its first requests each second, the fixed rate a share of the rest — per rule, in priority order.",
                                "{given} trace mỗi phút lệch hơn {tol}% so với số X-Ray ghi lại với {rules} ở đây. Khoảng thời gian này có {rps} request mỗi giây: reservoir lấy những request đầu tiên của mỗi giây, fixed rate lấy một tỉ lệ của phần còn lại — theo từng rule, theo thứ tự priority."
                            )
                            .fill(
                                l,
                                &[
                                    ("given", &number(given, 1, l)),
                                    ("tol", &number(tol, 0, l)),
                                    ("rules", &names),
                                    ("rps", &number(per_s, 1, l)),
                                ],
                            )
                        }))
                    }
                }
                _ => Verdict::NoEngineValue,
            }
        }
    };
    Graded::new(input, verdict)
}

fn grade_filter(check: &XrayCheck, all: &Views, answers: &Answers) -> Verdict {
    let input = check.input();
    let Some(text) = crate::answer::text(answers, input) else {
        return Verdict::NotAnswered;
    };
    let filter = match parsed(text) {
        Ok(f) => f,
        Err(d) => return Verdict::Unmet(say(move |l| finding(&d, l))),
    };
    let XrayCheck::Matches(c) = check else {
        return Verdict::Correct;
    };
    let Some(def) = all.by_input(input) else {
        return Verdict::NoEngineValue;
    };
    let (Ok(reference), Some(run)) = (
        parsed(&c.reference),
        crate::family::telemetry::run(&def.scenario),
    ) else {
        return Verdict::NoEngineValue;
    };
    let traces = window(&run, &def.scenario, def.from_s, def.to_s);
    let (mut both, mut missed, mut extra) = (0u64, 0u64, 0u64);
    for t in &traces {
        match (filter.matches(t), reference.matches(t)) {
            (true, true) => both += 1,
            (false, true) => missed += 1,
            (true, false) => extra += 1,
            _ => {}
        }
    }
    if missed == 0 && extra == 0 {
        return Verdict::Correct;
    }
    let total = traces.len() as u64;
    Verdict::Unmet(say(move |l| {
        t!(
            "Your filter matches {mine} of the {total} traces in the range; the traces asked for are {want}: it finds {both}, misses {missed}, and matches {extra} others.",
            "Filter của bạn khớp {mine} trên {total} trace trong khoảng thời gian; số trace cần tìm là {want}: filter tìm được {both}, bỏ sót {missed}, và khớp thêm {extra} trace khác."
        )
        .fill(
            l,
            &[
                ("mine", &grouped(both + extra, l)),
                ("total", &grouped(total, l)),
                ("want", &grouped(both + missed, l)),
                ("both", &grouped(both, l)),
                ("missed", &grouped(missed, l)),
                ("extra", &grouped(extra, l)),
            ],
        )
    }))
}

/// The calls (callee, seconds) a segment makes in a trace.
fn calls<'a>(trace: &'a Trace, segment: &str) -> Vec<(&'a str, f64)> {
    trace
        .segments
        .iter()
        .filter(|s| s.name == segment)
        .flat_map(|s| &s.subsegments)
        .map(|s| (s.name.as_str(), s.end_time - s.start_time))
        .collect()
}

fn grade_value(c: &TraceValueCheck, all: &Views, answers: &Answers) -> Verdict {
    let Some(answer) = answers.get(&c.input) else {
        return Verdict::NotAnswered;
    };
    let (Some(def), Ok(reference)) = (all.get(&c.xray), parsed(&c.reference)) else {
        return Verdict::NoEngineValue;
    };
    let Some(run) = crate::family::telemetry::run(&def.scenario) else {
        return Verdict::NoEngineValue;
    };
    let traces = window(&run, &def.scenario, def.from_s, def.to_s);
    let matched: Vec<&Trace> = traces
        .into_iter()
        .filter(|t| reference.matches(t))
        .collect();
    let Some(trace) = slowest(&matched) else {
        return Verdict::NoEngineValue;
    };
    let calls = calls(trace, &c.segment);
    let id = trace.id.clone();
    let segment = c.segment.clone();
    match c.value {
        TraceValue::SlowestCall => {
            let Some(longest) = calls.iter().max_by(|a, b| a.1.total_cmp(&b.1)) else {
                return Verdict::NoEngineValue;
            };
            let chosen = answer.choices();
            let Some(pick) = chosen.first().cloned() else {
                return Verdict::NotAnswered;
            };
            if pick == longest.0 {
                return Verdict::Correct;
            }
            let took: f64 = calls
                .iter()
                .filter(|x| x.0 == pick)
                .map(|x| x.1)
                .fold(0.0, f64::max);
            Verdict::Unmet(say(move |l| {
                if took > 0.0 {
                    t!(
                        "In trace {id}, {segment}'s longest call to {pick} takes {took}: another of its calls takes longer.",
                        "Trong trace {id}, lời gọi dài nhất của {segment} tới {pick} mất {took}: một lời gọi khác của nó còn lâu hơn."
                    )
                } else {
                    t!(
                        "In trace {id}, {segment} makes no call to {pick}.",
                        "Trong trace {id}, {segment} không gọi tới {pick}."
                    )
                }
                .fill(l, &[("id", &id), ("segment", &segment), ("pick", &pick), ("took", &secs(took, l))])
            }))
        }
        TraceValue::CallSeconds => {
            let given = match answer.number() {
                Ok(v) => v,
                Err(u) => return unread(u),
            };
            let want = calls
                .iter()
                .filter(|x| x.0 == c.callee)
                .map(|x| x.1)
                .fold(f64::NAN, f64::max);
            if want.is_nan() {
                return Verdict::NoEngineValue;
            }
            if (given - want).abs() <= c.tolerance {
                Verdict::Correct
            } else if given > want {
                Verdict::TooHigh { given }
            } else {
                Verdict::TooLow { given }
            }
        }
    }
}

pub(super) fn validate_items(all: &Views, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for v in &all.views {
        for id in v.filters.iter().chain(v.trace_input.iter()) {
            match lab.input(id).map(|i| &i.kind) {
                Some(InputKind::Template { .. }) => {}
                Some(_) => problems.push(format!(
                    "xray \"{}\": input \"{id}\" is not a template input (a filter or trace ID is typed text)",
                    v.id
                )),
                None => problems.push(format!("xray \"{}\": there is no input \"{id}\"", v.id)),
            }
        }
        if crate::family::telemetry::run(&v.scenario).is_none() {
            problems.push(format!("xray \"{}\": the scenario does not run", v.id));
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------
// The service map

/// The share of a node's requests (percent) from which its dot takes the colour of faults,
/// errors or throttles: the console paints a ring in proportion; one dot needs a threshold
/// (this app's choice), so that a single fault in thousands of requests stays green.
const TONE_PERCENT: f64 = 0.5;

/// A node's tone as the console colours it: red faults, yellow errors and purple throttles
/// (`Warn`), green otherwise.
fn node_tone(faults: u64, errors: u64, throttles: u64, requests: u64) -> Tone {
    if percent(faults, requests) >= TONE_PERCENT {
        Tone::Bad
    } else if percent(errors.max(throttles), requests) >= TONE_PERCENT {
        Tone::Warn
    } else {
        Tone::Good
    }
}

fn percent(n: u64, of: u64) -> f64 {
    if of == 0 {
        0.0
    } else {
        n as f64 * 100.0 / of as f64
    }
}

const NODE_W: u32 = 150;
const COL: u32 = 190;
const ROW: u32 = 96;

/// The service map of some traces over `minutes`: a node per service (and the client),
/// an arrow per caller and callee.
pub(crate) fn service_map(
    scenario: &Scenario,
    traces: &[&Trace],
    minutes: f64,
    lang: Lang,
) -> Drawing {
    let owned: Vec<Trace> = traces.iter().map(|t| (*t).clone()).collect();
    let g = graph(&owned, &scenario.system.services);
    // Columns by depth from the front service; the client first.
    let mut depth: BTreeMap<String, u32> = BTreeMap::new();
    depth.insert(scenario.system.front.clone(), 1);
    for _ in 0..g.nodes.len() {
        for e in &g.edges {
            if let Some(&d) = depth.get(&e.from) {
                let next = depth.get(&e.to).copied().unwrap_or(u32::MAX);
                if d + 1 < next {
                    depth.insert(e.to.clone(), d + 1);
                }
            }
        }
    }
    let mut rows: BTreeMap<u32, u32> = BTreeMap::new();
    let mut at: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let order: Vec<&str> = scenario
        .system
        .services
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let mut nodes: Vec<&engine::telemetry::Node> = g.nodes.iter().collect();
    nodes.sort_by_key(|n| {
        order
            .iter()
            .position(|o| *o == n.name)
            .unwrap_or(usize::MAX)
    });
    at.insert("client".into(), (10, 20));
    for n in &nodes {
        let col = depth.get(&n.name).copied().unwrap_or(1).min(6);
        let row = rows.entry(col).or_insert(0);
        at.insert(n.name.clone(), (10 + col * COL, 20 + *row * ROW));
        *row += 1;
    }
    let max_rows = rows.values().copied().max().unwrap_or(1).max(1);
    let max_col = depth.values().copied().max().unwrap_or(1).min(6);
    let mut shapes = Vec::new();
    let arrow = |from: (u32, u32), to: (u32, u32)| {
        Shape::Arrow(format!(
            "M {} {} L {} {}",
            from.0 + NODE_W,
            from.1 + 14,
            to.0.saturating_sub(4),
            to.1 + 14
        ))
    };
    let front = at.get(&scenario.system.front).copied();
    if let Some(f) = front {
        shapes.push(arrow(at["client"], f));
    }
    for e in &g.edges {
        if let (Some(a), Some(b)) = (at.get(&e.from), at.get(&e.to)) {
            shapes.push(arrow(*a, *b));
        }
    }
    let per_min = |n: u64| n as f64 / minutes.max(1.0 / 60.0);
    shapes.push(Shape::Node {
        x: at["client"].0,
        y: at["client"].1,
        cycle: false,
        text: "client".into(),
    });
    let front_requests = g
        .nodes
        .iter()
        .find(|n| n.name == scenario.system.front)
        .map_or(0, |n| n.requests);
    shapes.push(Shape::Label {
        x: at["client"].0,
        y: at["client"].1 + 44,
        text: t!("{n}/min", "{n}/phút")
            .fill(lang, &[("n", &number(per_min(front_requests), 0, lang))]),
        tone: Tone::Plain,
    });
    for n in &nodes {
        let (x, y) = at[&n.name];
        let tone = node_tone(n.faults, n.errors, n.throttles, n.requests);
        shapes.push(Shape::Node {
            x,
            y,
            cycle: false,
            text: n.name.clone(),
        });
        shapes.push(Shape::Dot {
            x: x + NODE_W - 12,
            y: y + 14,
            tone,
        });
        let avg = n.total_time_s / n.requests.max(1) as f64;
        shapes.push(Shape::Label {
            x,
            y: y + 44,
            text: t!("{avg} avg · {n}/min", "TB {avg} · {n}/phút").fill(
                lang,
                &[
                    ("avg", &secs(avg, lang)),
                    ("n", &number(per_min(n.requests), 0, lang)),
                ],
            ),
            tone: Tone::Plain,
        });
        // Two lines, so that a node's percentages stay within its column.
        shapes.push(Shape::Label {
            x,
            y: y + 60,
            text: format!(
                "fault {}% · error {}%",
                number(percent(n.faults, n.requests), 1, lang),
                number(percent(n.errors, n.requests), 1, lang),
            ),
            tone,
        });
        shapes.push(Shape::Label {
            x,
            y: y + 76,
            text: format!(
                "throttle {}%",
                number(percent(n.throttles, n.requests), 1, lang)
            ),
            tone,
        });
    }
    Drawing {
        width: 20 + (max_col + 1) * COL,
        height: 20 + max_rows * ROW,
        label: t!(
            "Trace map: a node per service, an arrow per call",
            "Trace map: mỗi service một node, mỗi lời gọi một mũi tên"
        )
        .get(lang)
        .to_string(),
        shapes,
    }
}

fn map_legend(lang: Lang) -> String {
    t!(
        "Each node: average response time, requests a minute, and the share of requests that faulted (5xx), errored (4xx) or were throttled (429). Dot: red = at least 0.5% faults, yellow/purple = at least 0.5% errors or throttles, green = OK.",
        "Mỗi node: thời gian phản hồi trung bình, số request mỗi phút, và tỉ lệ request bị fault (5xx), error (4xx) hoặc throttle (429). Chấm màu: đỏ = từ 0,5% fault, vàng/tím = từ 0,5% error hoặc throttle, xanh lá = OK."
    )
    .get(lang)
    .to_string()
}

// ---------------------------------------------------------------------------------------
// The trace list and the timeline

fn status_tone(status: u16) -> Tone {
    match status {
        429 => Tone::Warn,
        500.. => Tone::Bad,
        400.. => Tone::Warn,
        _ => Tone::Plain,
    }
}

fn trace_list(matched: &[&Trace], lang: Lang) -> Block {
    let mut sorted = matched.to_vec();
    sorted.sort_by(|a, b| xray::response_time(b).total_cmp(&xray::response_time(a)));
    let rows = sorted
        .iter()
        .take(LISTED)
        .map(|t| {
            let root = xray::root(t);
            let http = root.and_then(|r| r.http.as_ref());
            let status = http.map_or(0, |h| h.status);
            vec![
                Cell::plain(t.id.clone()),
                Cell::plain(hms(xray::start_time(t))),
                Cell::plain(secs(xray::response_time(t), lang)),
                Cell::new(status.to_string(), status_tone(status)),
                Cell::plain(http.map_or("", |h| h.method.as_str())),
                Cell::plain(http.map_or("", |h| h.url.as_str())),
            ]
        })
        .collect();
    Block::Table {
        caption: t!(
            "Traces, slowest first ({shown} of {n})",
            "Trace, chậm nhất trước ({shown} trên {n})"
        )
        .fill(
            lang,
            &[
                ("shown", &matched.len().min(LISTED)),
                ("n", &grouped(matched.len() as u64, lang)),
            ],
        ),
        head: vec![
            "ID".into(),
            t!("Time (UTC)", "Thời gian (UTC)").get(lang).into(),
            "Response time".into(),
            "HTTP status".into(),
            "Method".into(),
            "URL".into(),
        ],
        rows,
    }
}

/// A timeline's name column and bars: 660 units, whole in the workspace beside the step at
/// 1280 px.
const NAMES: u32 = 230;
const BARS: u32 = 420;
const LINE: u32 = 20;

fn flags_tone(fault: bool, error: bool, throttle: bool) -> Tone {
    if fault {
        Tone::Bad
    } else if throttle || error {
        Tone::Warn
    } else {
        Tone::Good
    }
}

/// A trace's timeline: a row per segment and, indented, per subsegment; bars offset by
/// their start.
pub(crate) fn timeline(trace: &Trace, lang: Lang) -> Drawing {
    let t0 = trace
        .segments
        .iter()
        .map(|s| s.start_time)
        .fold(f64::INFINITY, f64::min);
    let span = xray::duration(trace).max(0.001);
    let x = |t: f64| NAMES + ((t - t0) / span * f64::from(BARS)).round() as u32;
    let mut shapes = Vec::new();
    let mut y = 14;
    let mut segments: Vec<&engine::telemetry::Segment> = trace.segments.iter().collect();
    segments.sort_by(|a, b| a.start_time.total_cmp(&b.start_time));
    for s in segments {
        let tone = flags_tone(s.fault, s.error, s.throttle);
        let status = s
            .http
            .as_ref()
            .map(|h| format!(" {}", h.status))
            .unwrap_or_default();
        shapes.push(Shape::Label {
            x: 4,
            y: y + 10,
            text: format!(
                "{}{status} · {}",
                s.name,
                secs(s.end_time - s.start_time, lang)
            ),
            tone: Tone::Plain,
        });
        let (a, b) = (x(s.start_time), x(s.end_time));
        shapes.push(Shape::Bar {
            x: a,
            y,
            width: (b - a).max(2),
            height: 12,
            tone,
        });
        y += LINE;
        for sub in &s.subsegments {
            let what = sub
                .sql
                .as_deref()
                .or(sub.operation.as_deref())
                .map(|w| format!(" {w}"))
                .unwrap_or_default();
            shapes.push(Shape::Label {
                x: 20,
                y: y + 10,
                text: format!(
                    "{}{what} · {}",
                    sub.name,
                    secs(sub.end_time - sub.start_time, lang)
                ),
                tone: Tone::Plain,
            });
            let (a, b) = (x(sub.start_time), x(sub.end_time));
            shapes.push(Shape::Bar {
                x: a,
                y: y + 2,
                width: (b - a).max(2),
                height: 8,
                tone: flags_tone(sub.fault, sub.error, sub.throttle),
            });
            y += LINE;
        }
    }
    Drawing {
        width: NAMES + BARS + 10,
        height: y + 6,
        label: t!("Timeline of trace {id}", "Timeline của trace {id}")
            .fill(lang, &[("id", &trace.id)]),
        shapes,
    }
}

fn timeline_legend(trace: &Trace, lang: Lang) -> String {
    t!(
        "Trace {id} at {at} UTC: response time {rt}, duration {d} (the queue's consumer included). A row per segment, indented per subsegment (a call), the bar from its start to its end. Green OK, yellow error or throttle, red fault.",
        "Trace {id} lúc {at} UTC: response time {rt}, duration {d} (tính cả consumer của queue). Mỗi segment một dòng, subsegment (một lời gọi) thụt vào, thanh kéo dài từ lúc bắt đầu tới lúc kết thúc. Xanh lá OK, vàng error hoặc throttle, đỏ fault."
    )
    .fill(
        lang,
        &[
            ("id", &trace.id),
            ("at", &hms(xray::start_time(trace))),
            ("rt", &secs(xray::response_time(trace), lang)),
            ("d", &secs(xray::duration(trace), lang)),
        ],
    )
}

fn note(tone: Tone, text: String) -> Block {
    Block::Note { tone, text }
}

/// The console's blocks for one filter over a range: the service map, the matching traces
/// and the timeline of `open` (a trace ID) or of the slowest match.
fn console(
    scenario: &Scenario,
    run: &Run,
    filter: Option<&str>,
    open: Option<&str>,
    from_s: u32,
    to_s: u32,
    lang: Lang,
) -> Vec<Block> {
    let traces = window(run, scenario, from_s, to_s);
    let minutes = f64::from(to_s.saturating_sub(from_s)) / 60.0;
    let mut blocks = vec![
        Block::Heading(
            t!(
                "X-Ray traces, {from}–{to} UTC",
                "X-Ray trace, {from}–{to} UTC"
            )
            .fill(
                lang,
                &[
                    ("from", &hm(scenario.start_epoch_s + u64::from(from_s))),
                    ("to", &hm(scenario.start_epoch_s + u64::from(to_s))),
                ],
            ),
        ),
        note(Tone::Plain, map_legend(lang)),
        Block::Drawing(service_map(scenario, &traces, minutes, lang)),
    ];
    let Some(text) = filter else {
        blocks.push(note(
            Tone::Plain,
            t!(
                "Type a filter expression to list the traces it selects ({n} traces in the range).",
                "Hãy nhập một filter expression để liệt kê các trace khớp với nó ({n} trace trong khoảng thời gian)."
            )
            .fill(lang, &[("n", &grouped(traces.len() as u64, lang))]),
        ));
        return blocks;
    };
    let filter = match parsed(text) {
        Ok(f) => f,
        Err(d) => {
            blocks.push(Block::finding(true, finding(&d, lang)));
            return blocks;
        }
    };
    let matched: Vec<&Trace> = traces
        .iter()
        .copied()
        .filter(|t| filter.matches(t))
        .collect();
    blocks.push(note(
        if matched.is_empty() {
            Tone::Warn
        } else {
            Tone::Good
        },
        if matched.len() == 1 {
            t!(
                "{n} trace matches (of {all} in the range).",
                "{n} trace khớp (trên {all} trace trong khoảng thời gian)."
            )
        } else {
            t!(
                "{n} traces match (of {all} in the range).",
                "{n} trace khớp (trên {all} trace trong khoảng thời gian)."
            )
        }
        .fill(
            lang,
            &[
                ("n", &grouped(matched.len() as u64, lang)),
                ("all", &grouped(traces.len() as u64, lang)),
            ],
        ),
    ));
    if matched.is_empty() {
        return blocks;
    }
    blocks.push(trace_list(&matched, lang));
    let named = open.map(str::trim).filter(|s| !s.is_empty());
    let chosen = named.and_then(|id| traces.iter().copied().find(|t| t.id == id));
    if let (Some(id), None) = (named, chosen) {
        blocks.push(note(
            Tone::Warn,
            t!(
                "No trace {id} in the range: the slowest match is opened.",
                "Không có trace {id} trong khoảng thời gian: trace khớp chậm nhất được mở."
            )
            .fill(lang, &[("id", &id)]),
        ));
    }
    if let Some(t) = chosen.or_else(|| slowest(&matched)) {
        blocks.push(note(Tone::Plain, timeline_legend(t, lang)));
        blocks.push(Block::Drawing(timeline(t, lang)));
    }
    blocks
}

/// For the on-call drill (the lead's `oncall` family): the service map for the window, the traces `filter` selects and
/// the slowest match's timeline.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn traces_blocks(
    scenario: &Scenario,
    filter: &str,
    from_s: u32,
    to_s: u32,
    lang: Lang,
) -> Vec<Block> {
    let Some(run) = crate::family::telemetry::run(scenario) else {
        return vec![Block::finding(
            true,
            t!(
                "The scenario does not run.",
                "Scenario này không chạy được."
            )
            .get(lang)
            .to_string(),
        )];
    };
    let filter = Some(filter).filter(|f| !f.trim().is_empty());
    console(scenario, &run, filter, None, from_s, to_s, lang)
}

// ---------------------------------------------------------------------------------------
// Sampling in the panel

fn sampling_blocks(def: &XrayDef, run: &Run, lang: Lang) -> Vec<Block> {
    let traces = window(run, &def.scenario, def.from_s, def.to_s);
    let seconds = f64::from((def.to_s - def.from_s).max(1));
    let mut by_route: BTreeMap<String, u64> = BTreeMap::new();
    for t in &traces {
        if let Some(h) = xray::root(t).and_then(|r| r.http.as_ref()) {
            let path = h.url.split_once("://").map_or(h.url.as_str(), |(_, r)| {
                r.find('/').map_or("/", |i| &r[i..])
            });
            *by_route.entry(format!("{} {path}", h.method)).or_default() += 1;
        }
    }
    let mut rows: Vec<Vec<Cell>> = by_route
        .iter()
        .map(|(route, n)| {
            vec![
                Cell::plain(route.clone()),
                Cell::plain(number(*n as f64 / seconds, 1, lang)),
                Cell::plain(number(*n as f64 * 60.0 / seconds, 0, lang)),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::plain(t!("All requests", "Tất cả request").get(lang)),
        Cell::plain(number(traces.len() as f64 / seconds, 1, lang)),
        Cell::plain(number(traces.len() as f64 * 60.0 / seconds, 0, lang)),
    ]);
    let mut rules: Vec<SamplingRule> = def.rules.iter().map(engine_rule).collect();
    rules.push(SamplingRule::default_rule());
    let rule_rows = rules
        .iter()
        .map(|r| {
            vec![
                Cell::plain(r.name.clone()),
                Cell::plain(r.priority.to_string()),
                Cell::plain(r.reservoir.to_string()),
                Cell::plain(format!("{}%", number(r.fixed_rate * 100.0, 0, lang))),
                Cell::plain(r.service_name.clone()),
                Cell::plain(r.http_method.clone()),
                Cell::plain(r.url_path.clone()),
            ]
        })
        .collect();
    vec![
        Block::Heading(t!("Sampling", "Sampling (lấy mẫu)").get(lang).to_string()),
        Block::Table {
            caption: t!(
                "Requests the front door ({front}) received in the range, by route",
                "Số request front door ({front}) nhận trong khoảng thời gian, theo route"
            )
            .fill(lang, &[("front", &def.scenario.system.front)]),
            head: vec![
                "Route".into(),
                t!("Per second", "Mỗi giây").get(lang).into(),
                t!("Per minute", "Mỗi phút").get(lang).into(),
            ],
            rows,
        },
        Block::Table {
            caption: t!(
                "Sampling rules, tried by ascending priority; the first that matches decides (reservoir: requests a second; then the fixed rate)",
                "Các sampling rule, xét theo priority tăng dần; rule khớp đầu tiên quyết định (reservoir: số request mỗi giây; sau đó là fixed rate)"
            )
            .get(lang)
            .to_string(),
            head: [
                "RuleName",
                "Priority",
                "ReservoirSize",
                "FixedRate",
                "ServiceName",
                "HTTPMethod",
                "URLPath",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            rows: rule_rows,
        },
    ]
}

// ---------------------------------------------------------------------------------------
// The panel

pub(super) fn panel(
    all: &Views,
    lab: &LabView<'_>,
    answers: &Answers,
    focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for def in &all.views {
        let Some(run) = crate::family::telemetry::run(&def.scenario) else {
            panel.blocks.push(Block::finding(
                true,
                t!(
                    "The scenario does not run.",
                    "Scenario này không chạy được."
                )
                .get(lang)
                .to_string(),
            ));
            continue;
        };
        // The filter shown: the step's, else the last one answered, else the first.
        let input = def
            .filters
            .iter()
            .find(|f| focus.contains(f))
            .or_else(|| {
                def.filters
                    .iter()
                    .rev()
                    .find(|f| crate::answer::text(answers, f).is_some())
            })
            .or(def.filters.first());
        let text = input.and_then(|i| filter_text(answers, Some(lab), i));
        let open = def
            .trace_input
            .as_deref()
            .and_then(|i| crate::answer::text(answers, i));
        panel.blocks.extend(console(
            &def.scenario,
            &run,
            text,
            open,
            def.from_s,
            def.to_s,
            lang,
        ));
        if let Some(input) = input.filter(|i| focus.contains(i)) {
            let traces = window(&run, &def.scenario, def.from_s, def.to_s);
            let owned: Vec<Trace> = traces.iter().map(|t| (*t).clone()).collect();
            let g = graph(&owned, &def.scenario.system.services);
            panel.actions.push(Actions {
                label: t!(
                    "Filter on a node of the map (as choosing a node in the console does)",
                    "Lọc theo một node của map (như khi chọn một node trong console)"
                )
                .get(lang)
                .to_string(),
                input: input.clone(),
                buttons: g
                    .nodes
                    .iter()
                    .map(|n| Action {
                        op: format!("service(\"{}\")", n.name),
                        label: format!("service(\"{}\")", n.name),
                        tone: Tone::Busy,
                    })
                    .collect(),
                replace: true,
            });
        }
        if !def.rules.is_empty() {
            panel.blocks.extend(sampling_blocks(def, &run, lang));
        }
    }
}

#[cfg(test)]
mod tests;
