//! Running the learner's queries on a console's log groups (`engine::logs` over the run
//! `family::telemetry` simulates), grading their results against a reference query's, and
//! showing them as the Logs Insights console does: the findings, else the result table with
//! its statistics and, for `stats … by bin()`, the line chart.
//!
//! The console's words follow the Logs Insights page: "Logs" (the table) and
//! "Visualization" (the chart) tabs, the statistics of `GetQueryResults`
//! (recordsMatched, recordsScanned, bytesScanned:
//! https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_QueryStatistics.html,
//! read 2026-11-30), `@timestamp` written `2026-11-30 09:40:00.000`, and the line chart
//! `stats` draws when it groups by `bin()` over time
//! (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html, read
//! 2026-11-30). The table shows at most [`SHOWN_ROWS`] rows (the console pages its results).
use std::rc::Rc;

use engine::logs::{validate, Diagnostic, Events, QueryResult, Range, Severity, Value};

use super::{Console, Consoles, InsightsCheck, Match, ResultCheck};
use crate::answer::{text, Answers};
use crate::check::Verdict;
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{grouped, number, Lang, Wording, T};
use crate::observability::logs as words;
use crate::panel::{Block, Cell, Drawing, Panel, Shape, Tone};

/// The rows the result table shows.
pub const SHOWN_ROWS: usize = 50;

/// The file name findings are reported against.
const QUERY_FILE: &str = "query";

/// The console's time range in epoch milliseconds, both ends included.
fn range(c: &Console) -> Range {
    let start = c.scenario.start_epoch_s as i64 * 1000;
    Range {
        start_ms: start + i64::from(c.from_s) * 1000,
        end_ms: start + i64::from(c.to_s) * 1000 - 1,
    }
}

fn events(c: &Console) -> Option<Rc<Events>> {
    crate::family::telemetry::events_in(&c.scenario, &c.groups)
}

/// What a query gives: its findings (errors and warnings) and, when none is an error, its
/// result.
struct Outcome {
    findings: Vec<Diagnostic>,
    result: Option<QueryResult>,
    /// The number of `stats … by` columns of the query's last stats (0 without stats).
    keys: usize,
}

fn outcome(c: &Console, query: &str) -> Option<Outcome> {
    let report = validate(query);
    let keys = report.query.as_ref().map_or(0, |q| {
        q.commands
            .iter()
            .rev()
            .find_map(|cmd| match &cmd.kind {
                engine::logs::CommandKind::Stats(s) => Some(s.by.len()),
                _ => None,
            })
            .unwrap_or(0)
    });
    let result = match &report.query {
        Some(q) => Some(engine::logs::run(q, &*events(c)?, range(c))),
        None => None,
    };
    Some(Outcome {
        findings: report.diagnostics,
        result,
        keys,
    })
}

fn first_error(findings: &[Diagnostic]) -> Option<&Diagnostic> {
    findings.iter().find(|d| d.severity() == Severity::Error)
}

// ---- Values in words ----

/// Civil date and time of epoch milliseconds (UTC): year, month, day, hour, minute, second,
/// millisecond.
fn civil(ms: i64) -> (i64, u32, u32, u32, u32, u32, u32) {
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    let s = (rest / 1000) as u32;
    (y, m, d, s / 3600, s / 60 % 60, s % 60, (rest % 1000) as u32)
}

/// `@timestamp` as the console writes it: `2026-11-30 09:40:00.000`.
fn timestamp(ms: i64) -> String {
    let (y, mo, d, h, mi, s, milli) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{milli:03}")
}

/// The wall clock, `HH:MM` (UTC).
fn hh_mm(ms: i64) -> String {
    let (_, _, _, h, mi, ..) = civil(ms);
    format!("{h:02}:{mi:02}")
}

/// A cell as the console shows it.
pub(crate) fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", *n as i64)
            } else {
                let s = format!("{n:.3}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            }
        }
        Value::Text(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Time(t) => timestamp(*t),
    }
}

/// A number in a sentence: grouped when whole, else two decimals.
fn num(n: f64, lang: Lang) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        let g = grouped(n.abs() as u64, lang);
        if n < 0.0 {
            format!("-{g}")
        } else {
            g
        }
    } else {
        number(n, 2, lang)
    }
}

/// A value in a sentence: a key's time as the wall clock, numbers in the language's way.
fn say_value(v: &Value, lang: Lang) -> String {
    const LONG: usize = 48;
    if let Value::Text(s) = v {
        if s.chars().count() > LONG {
            return format!("{}…", s.chars().take(LONG).collect::<String>());
        }
    }
    match v {
        Value::Null => t!("(empty)", "(trống)").get(lang).to_string(),
        Value::Number(n) => num(*n, lang),
        Value::Time(t) => hh_mm(*t),
        other => cell_text(other),
    }
}

// ---- Comparing results ----

/// A value read as a number when it is one (a parsed "502" and the number 502 agree).
fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::Text(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        Value::Time(t) => Some(*t as f64),
        Value::Bool(_) | Value::Null => None,
    }
}

fn same_key(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Time(x), Value::Time(y)) => x == y,
        _ => match (as_number(a), as_number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => cell_text(a) == cell_text(b),
        },
    }
}

fn close(mine: &Value, reference: &Value, tolerance_percent: f64) -> bool {
    match (as_number(mine), as_number(reference)) {
        (Some(x), Some(y)) => (x - y).abs() <= y.abs() * tolerance_percent / 100.0 + 1e-9,
        _ => same_key(mine, reference),
    }
}

/// For each of the reference's columns, the learner's column compared with it: the one of
/// the same name, else the one at the same position.
fn columns(mine: &QueryResult, reference: &QueryResult) -> Vec<Option<usize>> {
    let mut used = vec![false; mine.columns.len()];
    let mut map: Vec<Option<usize>> = reference
        .columns
        .iter()
        .map(|name| {
            let i = mine.columns.iter().position(|m| m == name)?;
            used[i] = true;
            Some(i)
        })
        .collect();
    for (j, m) in map.iter_mut().enumerate() {
        if m.is_none() && j < mine.columns.len() && !used[j] {
            used[j] = true;
            *m = Some(j);
        }
    }
    map
}

/// A row's keys and values, read through the column map.
struct Picked<'a> {
    keys: Vec<&'a Value>,
    values: Vec<&'a Value>,
}

fn pick<'a>(row: &'a [Value], map: &[Option<usize>], keys: usize) -> Picked<'a> {
    const NULL: &Value = &Value::Null;
    let at = |j: usize| map[j].and_then(|i| row.get(i)).unwrap_or(NULL);
    Picked {
        keys: (0..keys).map(at).collect(),
        values: (keys..map.len()).map(at).collect(),
    }
}

fn say_keys(p: &Picked, lang: Lang) -> String {
    if p.keys.is_empty() {
        return t!("the only row", "dòng duy nhất").get(lang).to_string();
    }
    p.keys
        .iter()
        .map(|v| say_value(v, lang))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn say_values(p: &Picked, names: &[String], lang: Lang) -> String {
    p.values
        .iter()
        .zip(names)
        .map(|(v, n)| format!("{n} {}", say_value(v, lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn row_says(p: &Picked, names: &[String], lang: Lang) -> String {
    let values = say_values(p, names, lang);
    if values.is_empty() {
        say_keys(p, lang)
    } else {
        t!("{keys} with {values}", "{keys} với {values}")
            .fill(lang, &[("keys", &say_keys(p, lang)), ("values", &values)])
    }
}

fn keys_equal(a: &Picked, b: &Picked) -> bool {
    a.keys.len() == b.keys.len() && a.keys.iter().zip(&b.keys).all(|(x, y)| same_key(x, y))
}

fn values_close(a: &Picked, b: &Picked, tolerance: f64) -> bool {
    a.values
        .iter()
        .zip(&b.values)
        .all(|(x, y)| close(x, y, tolerance))
}

/// What differs between the learner's result and the reference's, in words (empty: they
/// agree).
fn differences(
    check: &ResultCheck,
    mine: &QueryResult,
    reference: &QueryResult,
    keys: usize,
    lang: Lang,
) -> Vec<String> {
    let keys = keys.min(reference.columns.len());
    let map = columns(mine, reference);
    if let Some(j) = map.iter().position(Option::is_none) {
        return vec![t!(
            "your result has {n} column(s) ({mine}); the reference's has {m} ({theirs}): nothing of yours stands for {missing}",
            "kết quả của bạn có {n} cột ({mine}); kết quả tham chiếu có {m} cột ({theirs}): không cột nào của bạn ứng với {missing}"
        )
        .fill(
            lang,
            &[
                ("n", &mine.columns.len()),
                ("mine", &mine.columns.join(", ")),
                ("m", &reference.columns.len()),
                ("theirs", &reference.columns.join(", ")),
                ("missing", &reference.columns[j]),
            ],
        )];
    }
    let names: Vec<String> = reference.columns[keys..].to_vec();
    let identity: Vec<Option<usize>> = (0..reference.columns.len()).map(Some).collect();
    let theirs: Vec<Picked> = reference
        .rows
        .iter()
        .map(|r| pick(r, &identity, keys))
        .collect();
    let ours: Vec<Picked> = mine.rows.iter().map(|r| pick(r, &map, keys)).collect();
    // Rows with no value at all (a group of events without the field: EMF lines have no
    // route or duration_ms) are left out on both sides, so filtering them out is no difference.
    let empty =
        |p: &Picked| !p.values.is_empty() && p.values.iter().all(|v| matches!(v, Value::Null));
    let theirs: Vec<Picked> = theirs.into_iter().filter(|p| !empty(p)).collect();
    let ours: Vec<Picked> = ours.into_iter().filter(|p| !empty(p)).collect();
    let Some(first) = theirs.first() else {
        return Vec::new();
    };
    if ours.is_empty() {
        return vec![t!(
            "your query returns no rows; the reference's first row is {row}",
            "query của bạn không trả về dòng nào; dòng đầu của kết quả tham chiếu là {row}"
        )
        .fill(lang, &[("row", &row_says(first, &names, lang))])];
    }
    let tol = check.tolerance_percent;
    let mut out = Vec::new();
    match check.how {
        Match::Top => {
            let top = &ours[0];
            if !keys_equal(top, first) || !values_close(top, first, tol) {
                out.push(
                    t!(
                        "your top row is {mine}; the reference's is {theirs}",
                        "dòng đầu của bạn là {mine}; dòng đầu của kết quả tham chiếu là {theirs}"
                    )
                    .fill(
                        lang,
                        &[
                            ("mine", &row_says(top, &names, lang)),
                            ("theirs", &row_says(first, &names, lang)),
                        ],
                    ),
                );
            }
        }
        Match::Ordered => {
            if let Some(i) = (0..theirs.len().min(ours.len())).find(|&i| {
                !keys_equal(&ours[i], &theirs[i]) || !values_close(&ours[i], &theirs[i], tol)
            }) {
                out.push(
                    t!(
                        "row {i} differs: yours is {mine}; the reference's is {theirs}",
                        "dòng {i} khác nhau: của bạn là {mine}; của kết quả tham chiếu là {theirs}"
                    )
                    .fill(
                        lang,
                        &[
                            ("i", &(i + 1)),
                            ("mine", &row_says(&ours[i], &names, lang)),
                            ("theirs", &row_says(&theirs[i], &names, lang)),
                        ],
                    ),
                );
            } else if ours.len() != theirs.len() {
                out.push(
                    t!(
                        "your result has {n} rows; the reference's has {m}",
                        "kết quả của bạn có {n} dòng; kết quả tham chiếu có {m} dòng"
                    )
                    .fill(
                        lang,
                        &[
                            ("n", &grouped(ours.len() as u64, lang)),
                            ("m", &grouped(theirs.len() as u64, lang)),
                        ],
                    ),
                );
            }
        }
        Match::Rows => {
            let find = |p: &Picked, among: &[Picked]| among.iter().position(|q| keys_equal(p, q));
            let missing: Vec<&Picked> =
                theirs.iter().filter(|p| find(p, &ours).is_none()).collect();
            let extra: Vec<&Picked> = ours.iter().filter(|p| find(p, &theirs).is_none()).collect();
            let differ: Vec<(&Picked, &Picked)> = theirs
                .iter()
                .filter_map(|p| {
                    let q = &ours[find(p, &ours)?];
                    (!values_close(q, p, tol)).then_some((q, p))
                })
                .collect();
            if let Some(p) = missing.first() {
                out.push(
                    t!(
                        "{n} of the reference's {m} rows are not in your result, such as {row}",
                        "{n} trên {m} dòng của kết quả tham chiếu không có trong kết quả của bạn, ví dụ {row}"
                    )
                    .fill(
                        lang,
                        &[
                            ("n", &grouped(missing.len() as u64, lang)),
                            ("m", &grouped(theirs.len() as u64, lang)),
                            ("row", &row_says(p, &names, lang)),
                        ],
                    ),
                );
            }
            if let Some(p) = extra.first() {
                out.push(
                    t!(
                        "{n} of your rows are not in the reference's result, such as {row}",
                        "{n} dòng của bạn không có trong kết quả tham chiếu, ví dụ {row}"
                    )
                    .fill(
                        lang,
                        &[
                            ("n", &grouped(extra.len() as u64, lang)),
                            ("row", &row_says(p, &names, lang)),
                        ],
                    ),
                );
            }
            if let Some((q, p)) = differ.first() {
                out.push(
                    t!(
                        "{n} row(s) have other numbers, such as {keys}: yours {mine}, the reference's {theirs}",
                        "{n} dòng có số liệu khác, ví dụ {keys}: của bạn {mine}, của kết quả tham chiếu {theirs}"
                    )
                    .fill(
                        lang,
                        &[
                            ("n", &grouped(differ.len() as u64, lang)),
                            ("keys", &say_keys(p, lang)),
                            ("mine", &say_values(q, &names, lang)),
                            ("theirs", &say_values(p, &names, lang)),
                        ],
                    ),
                );
            }
        }
    }
    out
}

// ---- Grading ----

fn say(f: impl Fn(Lang) -> String) -> Wording {
    Wording::each(f)
}

pub(super) fn grade(check: &InsightsCheck, all: &Consoles, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(c) = all.get(check.console()) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let Some(query) = text(answers, input) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    let Some(mine) = outcome(c, query) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    if let Some(d) = first_error(&mine.findings) {
        let d = d.clone();
        return Graded::new(
            input,
            Verdict::Unmet(say(move |l| words::line(QUERY_FILE, &d, l))),
        );
    }
    let verdict = match check {
        InsightsCheck::Valid(_) => Verdict::Correct,
        InsightsCheck::Result(r) => {
            let (Some(reference), Some(result)) = (outcome(c, &r.reference), mine.result) else {
                return Graded::new(input, Verdict::NoEngineValue);
            };
            let Some(theirs) = reference.result else {
                return Graded::new(input, Verdict::NoEngineValue);
            };
            let keys = r.keys.unwrap_or(reference.keys);
            if differences(r, &result, &theirs, keys, Lang::En).is_empty() {
                Verdict::Correct
            } else {
                let r = r.clone();
                Verdict::Unmet(say(move |l| {
                    differences(&r, &result, &theirs, keys, l).join("; ")
                }))
            }
        }
    };
    Graded::new(input, verdict)
}

// ---- Checking the lab ----

pub(super) fn validate_items(all: &Consoles, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for c in &all.consoles {
        for id in &c.inputs {
            match lab.input(id).map(|i| &i.kind) {
                Some(InputKind::Template { .. }) => {}
                Some(_) => problems.push(format!(
                    "console \"{}\": input \"{id}\" is not a template input (a query editor)",
                    c.id
                )),
                None => problems.push(format!("console \"{}\": there is no input \"{id}\"", c.id)),
            }
        }
        let Some(run) = crate::family::telemetry::run(&c.scenario) else {
            problems.push(format!(
                "console \"{}\": the scenario {} does not run",
                c.id, c.scenario_file
            ));
            continue;
        };
        let mut names: Vec<&str> = run.logs.iter().map(|e| e.log_group.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        for g in &c.groups {
            if !names.contains(&g.as_str()) {
                problems.push(format!(
                    "console \"{}\": the run has no log group \"{g}\" (it has {})",
                    c.id,
                    names.join(", ")
                ));
            }
        }
    }
    problems
}

/// Problems with a result check's reference query: it validates, and returns rows.
pub(super) fn validate_reference(r: &ResultCheck, c: &Console) -> Vec<String> {
    let Some(o) = outcome(c, &r.reference) else {
        return vec![format!("console \"{}\": its run cannot be loaded", c.id)];
    };
    if let Some(d) = first_error(&o.findings) {
        return vec![format!(
            "the reference query does not validate: {}",
            words::line("reference", d, Lang::En)
        )];
    }
    match o.result {
        Some(res) if res.rows.is_empty() => {
            vec!["the reference query returns no rows on its console".into()]
        }
        Some(res) if r.keys.is_some_and(|k| k > res.columns.len()) => vec![format!(
            "keys = {} but the reference's result has {} columns",
            r.keys.unwrap_or(0),
            res.columns.len()
        )],
        _ => Vec::new(),
    }
}

// ---- The console ----

/// The chart's geometry.
const LEFT: u32 = 64;
const WIDTH: u32 = 520;
const TOP: u32 = 12;
const HEIGHT: u32 = 150;

/// The lines' colours, in turn.
const TONES: [Tone; 5] = [Tone::Busy, Tone::Warn, Tone::Bad, Tone::Good, Tone::Plain];

fn colour(tone: Tone, lang: Lang) -> &'static str {
    match tone {
        Tone::Busy => t!("blue", "xanh dương").get(lang),
        Tone::Warn => t!("orange", "cam").get(lang),
        Tone::Bad => t!("red", "đỏ").get(lang),
        Tone::Good => t!("green", "xanh lá").get(lang),
        Tone::Plain => t!("grey", "xám").get(lang),
    }
}

/// The Visualization tab: a line per series over the bins, the wall clock across.
fn chart(chart: &engine::logs::Chart, lang: Lang) -> (Drawing, String) {
    let points = chart.series.iter().flat_map(|s| s.points.iter());
    let (t0, t1) = points
        .clone()
        .fold((i64::MAX, i64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let top = points.map(|p| p.1).fold(0.0f64, f64::max);
    let top = if top > 0.0 { top } else { 1.0 };
    let span = (t1 - t0).max(1) as f64;
    let x = |t: i64| LEFT + ((t - t0) as f64 / span * f64::from(WIDTH)).round() as u32;
    let y = |v: f64| TOP + HEIGHT - (v.clamp(0.0, top) / top * f64::from(HEIGHT)).round() as u32;
    let mut shapes = Vec::new();
    let mut legend = Vec::new();
    for (i, s) in chart.series.iter().enumerate() {
        let tone = TONES[i % TONES.len()];
        let mut path = String::new();
        for (k, p) in s.points.iter().enumerate() {
            path.push_str(&format!(
                "{}{} {} ",
                if k == 0 { 'M' } else { 'L' },
                x(p.0),
                y(p.1)
            ));
        }
        if s.points.len() == 1 {
            shapes.push(Shape::Dot {
                x: x(s.points[0].0),
                y: y(s.points[0].1),
                tone,
            });
        }
        shapes.push(Shape::Line {
            path: path.trim_end().to_string(),
            tone,
        });
        legend.push(format!("{} {}", colour(tone, lang), s.name));
    }
    for v in [top, 0.0] {
        shapes.push(Shape::Label {
            x: 0,
            y: y(v) + 4,
            text: num((v * 100.0).round() / 100.0, lang),
            tone: Tone::Plain,
        });
    }
    let axis = TOP + HEIGHT + 16;
    let mid = t0 + (t1 - t0) / 2;
    for t in [t0, mid, t1] {
        shapes.push(Shape::Label {
            x: x(t).saturating_sub(16),
            y: axis,
            text: hh_mm(t),
            tone: Tone::Plain,
        });
    }
    let drawing = Drawing {
        width: LEFT + WIDTH + 24,
        height: axis + 6,
        label: t!(
            "Visualization: {series} over {bin}, {from} to {to} UTC",
            "Visualization: {series} theo {bin}, từ {from} đến {to} UTC"
        )
        .fill(
            lang,
            &[
                ("series", &chart.series.len()),
                ("bin", &chart.bin_column),
                ("from", &hh_mm(t0)),
                ("to", &hh_mm(t1)),
            ],
        ),
        shapes,
    };
    let legend = t!(
        "Visualization (a line per series, by {bin}; time as the run's wall clock, UTC): {lines}.",
        "Visualization (mỗi series một đường, theo {bin}; thời gian theo đồng hồ của lần chạy, UTC): {lines}."
    )
    .fill(
        lang,
        &[("bin", &chart.bin_column), ("lines", &legend.join("; "))],
    );
    (drawing, legend)
}

/// The console's blocks for one query: its findings, or its result (statistics, table,
/// chart).
fn query_blocks(c: &Console, query: &str, lang: Lang) -> Vec<Block> {
    let mut blocks = Vec::new();
    if query.trim().is_empty() {
        blocks.push(Block::Note {
            tone: Tone::Plain,
            text: t!(
                "Type a query in the editor: its result shows here, as Logs Insights shows it.",
                "Hãy gõ một query vào ô soạn thảo: kết quả sẽ hiện ở đây, giống như Logs Insights hiển thị."
            )
            .get(lang)
            .to_string(),
        });
        return blocks;
    }
    let Some(o) = outcome(c, query) else {
        return blocks;
    };
    for d in &o.findings {
        blocks.push(Block::finding(
            d.severity() == Severity::Error,
            words::line(QUERY_FILE, d, lang),
        ));
    }
    let Some(result) = o.result else {
        return blocks;
    };
    let shown = result.rows.len().min(SHOWN_ROWS);
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: t!(
            "Showing {shown} of {rows} rows. {statistics}.",
            "Hiển thị {shown} trên {rows} dòng. {statistics}."
        )
        .fill(
            lang,
            &[
                ("shown", &grouped(shown as u64, lang)),
                ("rows", &grouped(result.rows.len() as u64, lang)),
                ("statistics", &words::statistics(&result.statistics, lang)),
            ],
        ),
    });
    if let Some(ch) = result.chart.as_ref().filter(|ch| !ch.series.is_empty()) {
        let (drawing, legend) = chart(ch, lang);
        blocks.push(Block::Note {
            tone: Tone::Plain,
            text: legend,
        });
        blocks.push(Block::Drawing(drawing));
    }
    blocks.push(Block::Table {
        caption: t!("Logs: the query's result", "Logs: kết quả của query")
            .get(lang)
            .to_string(),
        head: result.columns.clone(),
        rows: result
            .rows
            .iter()
            .take(SHOWN_ROWS)
            .map(|r| r.iter().map(|v| Cell::plain(cell_text(v))).collect())
            .collect(),
    });
    blocks
}

/// What the console has selected: its log groups and time range.
fn selection(c: &Console, lang: Lang) -> String {
    let r = range(c);
    t!(
        "Log groups: {groups}. Time range: {from} to {to} UTC ({minutes} minutes of the run).",
        "Log group: {groups}. Khoảng thời gian: {from} đến {to} UTC ({minutes} phút của lần chạy)."
    )
    .fill(
        lang,
        &[
            ("groups", &c.groups.join(", ")),
            ("from", &hh_mm(r.start_ms)),
            ("to", &hh_mm(r.end_ms + 1)),
            ("minutes", &((c.to_s - c.from_s) / 60)),
        ],
    )
}

/// The Logs Insights console over a scenario's run for the lead's on-call drill: the query's
/// findings, or its result table (and the chart for `stats … by bin()`), for the log groups
/// `groups` and the seconds `[from_s, to_s)` of the run.
#[cfg_attr(not(test), allow(dead_code))] // the on-call drill's (family `oncall`)
pub(crate) fn console_blocks(
    scenario: &engine::telemetry::Scenario,
    groups: &[String],
    from_s: u32,
    to_s: u32,
    query: &str,
    lang: Lang,
) -> Vec<Block> {
    let c = Console {
        id: String::new(),
        scenario_file: String::new(),
        scenario: scenario.clone(),
        groups: groups.to_vec(),
        from_s,
        to_s: to_s.max(from_s + 1),
        inputs: Vec::new(),
    };
    let mut blocks = vec![Block::Note {
        tone: Tone::Plain,
        text: selection(&c, lang),
    }];
    blocks.extend(query_blocks(&c, query, lang));
    blocks
}

pub(super) fn panel(
    all: &Consoles,
    lab: &LabView<'_>,
    answers: &Answers,
    focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    let any_focused = all
        .consoles
        .iter()
        .any(|c| c.inputs.iter().any(|i| focus.contains(i)));
    for c in &all.consoles {
        let inputs: Vec<&String> = c
            .inputs
            .iter()
            .filter(|i| !any_focused || focus.contains(i))
            .collect();
        if inputs.is_empty() {
            continue;
        }
        panel.blocks.push(Block::Heading(
            t!(
                "CloudWatch Logs Insights on {groups}",
                "CloudWatch Logs Insights trên {groups}"
            )
            .fill(lang, &[("groups", &c.groups.join(", "))]),
        ));
        panel.blocks.push(Block::Note {
            tone: Tone::Plain,
            text: selection(c, lang),
        });
        for id in inputs {
            if c.inputs.len() > 1 {
                let label = lab.input(id).map_or(id.as_str(), |i| i.label.as_str());
                panel.blocks.push(Block::Note {
                    tone: Tone::Plain,
                    text: label.to_string(),
                });
            }
            let starter = match lab.input(id).map(|i| &i.kind) {
                Some(InputKind::Template { starter }) => starter.as_str(),
                _ => "",
            };
            let query = text(answers, id).unwrap_or(starter);
            panel.blocks.extend(query_blocks(c, query, lang));
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::ValidCheck;
    use super::*;
    use crate::answer::Answer;
    use engine::telemetry::{Fault, Injected, Scenario};

    fn scenario() -> Scenario {
        let mut s = Scenario::new(1_800);
        s.seed = 3;
        s.start_epoch_s = 1_796_029_200; // 2026-11-30 09:00 UTC
        s.logs.sample_percent = 10.0;
        s.faults.push(Injected {
            fault: Fault::DependencyTimeout {
                service: "payments".into(),
                percent: 30.0,
            },
            start_s: 900,
            end_s: None,
        });
        s
    }

    pub(super) fn console() -> Console {
        Console {
            id: "app".into(),
            scenario_file: "system.toml".into(),
            scenario: scenario(),
            groups: vec!["/ecs/web".into()],
            from_s: 0,
            to_s: 1_800,
            inputs: vec!["q".into()],
        }
    }

    fn consoles() -> Consoles {
        Consoles {
            consoles: vec![console()],
        }
    }

    fn answers(q: &str) -> Answers {
        [("q".to_string(), Answer::Text(q.to_string()))]
            .into_iter()
            .collect()
    }

    fn result(reference: &str, how: Match) -> InsightsCheck {
        InsightsCheck::Result(ResultCheck {
            input: "q".into(),
            console: "app".into(),
            reference: reference.into(),
            how,
            keys: None,
            tolerance_percent: 0.0,
        })
    }

    fn unmet(v: Verdict) -> String {
        match v {
            Verdict::Unmet(w) => w.get(Lang::En),
            other => panic!("expected Unmet, got {other:?}"),
        }
    }

    const TOP_ERRORS: &str =
        "filter level = \"ERROR\" | stats count(*) as errors by error.type | sort errors desc";

    #[test]
    fn the_wall_clock_reads_epoch_milliseconds() {
        assert_eq!(timestamp(1_796_029_200_000), "2026-11-30 09:00:00.000");
        assert_eq!(timestamp(951_782_400_123), "2000-02-29 00:00:00.123");
        assert_eq!(hh_mm(1_796_031_900_000), "09:45");
    }

    #[test]
    fn a_valid_query_passes_and_an_invalid_one_names_line_and_column() {
        let valid = InsightsCheck::Valid(ValidCheck {
            input: "q".into(),
            console: "app".into(),
        });
        assert_eq!(
            grade(&valid, &consoles(), &answers("fields @message | limit 5")).verdict,
            Verdict::Correct
        );
        let e = unmet(
            grade(
                &valid,
                &consoles(),
                &answers("fields @message\n| fitler x = 1"),
            )
            .verdict,
        );
        assert!(e.starts_with("query:2:3: error:"), "{e}");
        assert_eq!(
            grade(&valid, &consoles(), &Answers::new()).verdict,
            Verdict::NotAnswered
        );
    }

    #[test]
    fn equivalent_queries_pass_and_a_different_top_row_is_named() {
        let check = result(TOP_ERRORS, Match::Top);
        for same in [
            TOP_ERRORS,
            "filter level = \"ERROR\" | stats count() as n by error.type | sort n desc | limit 3",
            "filter status >= 500\n| stats count(*) as c by error.type\n| sort c desc",
        ] {
            assert_eq!(
                grade(&check, &consoles(), &answers(same)).verdict,
                Verdict::Correct,
                "{same}"
            );
        }
        // Ascending: the top row is the rarest error.
        let e = unmet(
            grade(
                &check,
                &consoles(),
                &answers(
                    "filter level = \"ERROR\" | stats count(*) as n by error.type | sort n asc",
                ),
            )
            .verdict,
        );
        assert!(e.starts_with("your top row is "), "{e}");
        assert!(
            e.contains("the reference's is TimeoutError with errors "),
            "{e}"
        );
    }

    #[test]
    fn rows_are_compared_as_a_set_by_their_keys() {
        let reference = "stats pct(duration_ms, 99) as p99 by route, bin(5m) | sort p99 desc";
        let check = result(reference, Match::Rows);
        // Other order, other names, percentile for pct: the same rows.
        let same = "stats percentile(duration_ms, 99) by bin(5m), route";
        assert_eq!(
            grade(&check, &consoles(), &answers(same)).verdict,
            Verdict::Correct
        );
        // p95 instead of p99: the numbers differ, and the message says by how much.
        let e = unmet(
            grade(
                &check,
                &consoles(),
                &answers("stats pct(duration_ms, 95) by route, bin(5m)"),
            )
            .verdict,
        );
        assert!(e.contains("row(s) have other numbers, such as "), "{e}");
        // 10-minute bins: rows missing and rows extra.
        let e = unmet(
            grade(
                &check,
                &consoles(),
                &answers("stats pct(duration_ms, 99) by route, bin(10m)"),
            )
            .verdict,
        );
        assert!(
            e.contains("of the reference's 18 rows are not in your result"),
            "{e}"
        );
        // Leaving out the events without a duration changes nothing.
        let filtered =
            "filter ispresent(duration_ms) | stats pct(duration_ms, 99) by route, bin(5m)";
        assert_eq!(
            grade(&check, &consoles(), &answers(filtered)).verdict,
            Verdict::Correct
        );
    }

    #[test]
    fn the_panel_shows_the_table_statistics_and_a_line_chart() {
        let blocks = query_blocks(
            &console(),
            "stats pct(duration_ms, 99) by route, bin(5m)",
            Lang::En,
        );
        let Some(Block::Note { text, .. }) = blocks.first() else {
            panic!("{blocks:?}")
        };
        assert!(text.starts_with("Showing 24 of 24 rows. "), "{text}");
        assert!(text.contains("records matched"), "{text}");
        let drawing = blocks
            .iter()
            .find_map(|b| match b {
                Block::Drawing(d) => Some(d),
                _ => None,
            })
            .expect("a chart");
        let lines = drawing
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Line { .. }))
            .count();
        assert_eq!(lines, 3, "one line per route (EMF lines have no route)");
        assert!(drawing
            .shapes
            .iter()
            .any(|s| matches!(s, Shape::Label { text, .. } if text == "09:00")));
        let Some(Block::Table { head, rows, .. }) = blocks.last() else {
            panic!("{blocks:?}")
        };
        assert_eq!(head, &["route", "bin(5m)", "pct(duration_ms, 99)"]);
        assert_eq!(rows.len(), 24);
        // Findings instead of a result.
        let blocks = query_blocks(&console(), "stats count(*) by", Lang::En);
        assert!(
            matches!(&blocks[0], Block::Note { tone: Tone::Bad, text } if text.starts_with("query:1:"))
        );
        assert!(!blocks.iter().any(|b| matches!(b, Block::Table { .. })));
    }

    #[test]
    fn the_drill_gets_the_console_for_any_scenario() {
        let blocks = console_blocks(
            &scenario(),
            &["alb-access-logs/shop-alb".to_string()],
            600,
            1_200,
            "parse @message '* * * * * * * * * *' as type, time, elb, client, target, t1, t2, t3, elb_status, rest\n| stats count(*) as n by elb_status\n| sort n desc",
            Lang::Vi,
        );
        let Block::Note { text, .. } = &blocks[0] else {
            panic!()
        };
        assert!(text.contains("09:10 đến 09:20 UTC"), "{text}");
        let Some(Block::Table { rows, .. }) = blocks.last() else {
            panic!("{blocks:?}")
        };
        assert_eq!(rows[0][0].text, "200");
    }

    #[test]
    fn an_ordered_result_names_the_first_row_that_differs() {
        let check = result(TOP_ERRORS, Match::Ordered);
        let e = unmet(
            grade(
                &check,
                &consoles(),
                &answers(
                    "filter level = \"ERROR\" | stats count(*) as n by error.type | sort n asc",
                ),
            )
            .verdict,
        );
        assert!(e.starts_with("row 1 differs: yours is "), "{e}");
        // A column the reference has and the learner's result lacks.
        let e = unmet(
            grade(
                &check,
                &consoles(),
                &answers("filter level = \"ERROR\" | stats count(*) as n"),
            )
            .verdict,
        );
        assert!(
            e.starts_with(
                "your result has 1 column(s) (n); the reference's has 2 (error.type, errors)"
            ),
            "{e}"
        );
    }

    #[test]
    fn the_lab_is_checked_for_its_groups_inputs_and_reference() {
        let lab_inputs = vec![crate::lab::Input {
            id: "q".into(),
            label: "the query".into(),
            kind: InputKind::Number { unit: None },
        }];
        let workspace = crate::family::Workspace::default();
        let lab = LabView {
            inputs: &lab_inputs,
            workspace: &workspace,
            checks: &[],
        };
        let mut all = consoles();
        all.consoles[0].groups.push("/ecs/webb".into());
        let problems = validate_items(&all, &lab);
        assert!(
            problems[0].contains("input \"q\" is not a template input"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("the run has no log group \"/ecs/webb\" (it has ")
                && problems[1].contains("/ecs/orders, /ecs/web, alb-access-logs/shop-alb)"),
            "{problems:?}"
        );
        let InsightsCheck::Result(mut r) = result("stats count(*) by", Match::Top) else {
            unreachable!()
        };
        let p = validate_reference(&r, &console());
        assert!(
            p[0].starts_with("the reference query does not validate: reference:1:"),
            "{p:?}"
        );
        r.reference = "filter status = 999 | stats count(*) by route".into();
        assert_eq!(
            validate_reference(&r, &console()),
            ["the reference query returns no rows on its console"]
        );
    }
}
