//! A dashboard body (the JSON `PutDashboard` takes) read with positions, checked against the
//! documented structure, and its metric widgets resolved into the series they draw from a
//! simulated run.
//!
//! Facts: "Dashboard Body Structure and Syntax"
//! (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html,
//! read 2026-11-30): a `widgets` array (required, may be empty, at most 500 widgets) and
//! optional `start`, `end`, `periodOverride`, `variables`; a widget has `type` (metric, text,
//! log, alarm, explorer, custom…), `x` (0–23) and `y` (from 0) on the 24-column grid (the next
//! available position when left out), `width` (1–24) and `height` (1–1000), both 6 by default,
//! and `properties`. A metric widget's `metrics` rows are
//! `[Namespace, MetricName, DimName, DimValue…, {rendering options}]` where `"."` repeats the
//! value at the same place in the row above (and `"..."`, which the console writes, every
//! value of the row above from there on), or `[{"expression": …, "label": …, "id": …}]`;
//! options `stat` (Average by default), `period` (300 by default; 1, 5, 10, 30 or a multiple
//! of 60), `label`, `id`, `visible`, `yAxis` (left, right), `color`, `region`, `accountId`;
//! the widget's `view` (timeSeries, singleValue, gauge, bar, pie, table), `stat`, `period`,
//! `region`, `title`, `annotations` (`horizontal`, `vertical`, `alarms`), `yAxis`. A log
//! widget's `query` starts with `SOURCE '<group>'`; a text widget has `markdown`; an alarm
//! widget `alarms` (ARNs).
//!
//! Not errors in CloudWatch, warnings here: overlapping widgets (a public dashboard with
//! overlapping widgets is among the fixtures), unknown properties (ignored).
//!
//! Simplifications: widgets left without `x`/`y` are placed left to right, row after row; a
//! widget draws all its rows at one period (the longest its rows ask); the
//! run's metrics are per minute, so a period under 60 is drawn at 60; a row matches the run's
//! series of that namespace and name whose dimensions include all the row's (AWS publishes
//! several dimension sets of most metrics; the run one); a math expression's findings are
//! placed by counting characters from the string's opening quote (escapes are not counted).

use super::math::{self, Context, EvalError, Expr, Series, Value};
use super::rules::{Diagnostic, Rule};
use crate::alarm::Statistic;
use crate::telemetry::{Datapoint, MetricSeries, Run};
use crate::text::edit_distance;
use crate::tree::{Format, Node, Pos, Severity, Value as Json};

/// The grid's columns.
pub const GRID_COLUMNS: u32 = 24;
/// The most widgets a dashboard holds.
pub const MAX_WIDGETS: usize = 500;
/// The default width and height of a widget.
pub const DEFAULT_SIZE: u32 = 6;
/// A metric widget's default period, seconds.
pub const DEFAULT_PERIOD: u32 = 300;

/// The widget types CloudWatch has, drawn here or not.
pub const WIDGET_TYPES: &[&str] = &["metric", "text", "log", "alarm", "explorer", "custom"];
const DRAWN: &[&str] = &["metric", "text", "log", "alarm"];

const TOP: &[&str] = &["widgets", "start", "end", "periodOverride", "variables"];
const WIDGET: &[&str] = &["type", "x", "y", "width", "height", "properties"];
const METRIC_PROPS: &[&str] = &[
    "metrics",
    "view",
    "stat",
    "period",
    "region",
    "title",
    "annotations",
    "yAxis",
    "stacked",
    "legend",
    "liveData",
    "setPeriodToTimeRange",
    "sparkline",
    "trend",
    "start",
    "end",
    "timezone",
    "accountId",
    "labels",
    "table",
    "singleValueFullPrecision",
    "gauge",
];
const ROW_OPTIONS: &[&str] = &[
    "stat",
    "period",
    "label",
    "id",
    "visible",
    "yAxis",
    "color",
    "region",
    "accountId",
    "expression",
];
const LOG_PROPS: &[&str] = &["query", "region", "title", "view", "stacked", "accountId"];
const TEXT_PROPS: &[&str] = &["markdown", "background"];
const ALARM_PROPS: &[&str] = &["alarms", "sortBy", "states", "title"];
const METRIC_VIEWS: &[&str] = &["timeSeries", "singleValue", "gauge", "bar", "pie", "table"];
const LOG_VIEWS: &[&str] = &["table", "timeSeries", "bar", "pie"];
/// CloudWatch's extended statistics other than percentiles (prefixes), recognised but not
/// computed by the simulation.
const EXTENDED: &[&str] = &[
    "tm", "wm", "tc", "ts", "pr", "TM", "WM", "TC", "TS", "PR", "IQM",
];

/// How a metric widget shows its series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    TimeSeries,
    SingleValue,
    Gauge,
    Bar,
    Pie,
    Table,
}

impl View {
    fn parse(s: &str) -> Option<View> {
        Some(match s {
            "timeSeries" => View::TimeSeries,
            "singleValue" => View::SingleValue,
            "gauge" => View::Gauge,
            "bar" => View::Bar,
            "pie" => View::Pie,
            "table" => View::Table,
            _ => return None,
        })
    }
}

/// Where a row's values come from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Metric {
        namespace: String,
        metric_name: String,
        dimensions: Vec<(String, String)>,
        stat: String,
        period_s: u32,
    },
    Expression {
        text: String,
        /// `None` when it cannot be read (a finding says why).
        expr: Option<Expr>,
    },
}

/// One row of a metric widget's `metrics`.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: String,
    pub label: Option<String>,
    pub visible: bool,
    pub pos: Pos,
    pub source: Source,
}

/// A horizontal annotation: a line at a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub value: f64,
    pub label: String,
}

/// A metric widget's properties.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricWidget {
    pub title: String,
    pub view: View,
    pub stat: String,
    pub period_s: u32,
    pub region: String,
    pub rows: Vec<Row>,
    pub horizontal: Vec<Annotation>,
}

/// What a widget holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    Metric(MetricWidget),
    Log {
        title: String,
        query: String,
        view: String,
    },
    Text {
        markdown: String,
    },
    Alarm {
        title: String,
        alarms: Vec<String>,
    },
    /// A type recognised but not drawn (explorer, custom), or one whose properties could not
    /// be read.
    NotDrawn,
}

/// A widget placed on the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Widget {
    /// Its place in the `widgets` array, from 1.
    pub number: usize,
    pub pos: Pos,
    pub kind: String,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub content: Content,
}

/// A dashboard as read (widgets with errors left out or not drawn).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Dashboard {
    pub widgets: Vec<Widget>,
}

/// The validation's outcome: the findings in the order of the text, and the dashboard when
/// the text is a JSON object (even with errors: what can be drawn is).
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub dashboard: Option<Dashboard>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }
}

#[derive(Default)]
struct V {
    out: Vec<Diagnostic>,
}

impl V {
    fn push(&mut self, pos: Pos, rule: Rule, args: &[&str]) {
        self.out.push(Diagnostic {
            pos,
            rule,
            args: args.iter().map(|s| s.to_string()).collect(),
        });
    }

    /// Duplicate and unknown keys of a mapping.
    fn keys(&mut self, node: &Node, known: &[&str], place: &str) {
        let Some(entries) = node.as_map() else {
            return;
        };
        for (i, (k, _)) in entries.iter().enumerate() {
            if entries[..i].iter().any(|(o, _)| o.name == k.name) {
                self.push(k.pos, Rule::DuplicateKey, &[&k.name]);
            } else if !known.contains(&k.name.as_str()) {
                let near = known
                    .iter()
                    .filter(|n| edit_distance(&n.to_lowercase(), &k.name.to_lowercase()) <= 2)
                    .min_by_key(|n| edit_distance(n, &k.name))
                    .copied()
                    .unwrap_or("");
                self.push(k.pos, Rule::UnknownProperty, &[place, &k.name, near]);
            }
        }
    }

    fn string(&mut self, node: &Node, key: &str, place: &str) -> Option<String> {
        let v = node.get(key)?;
        match &v.value {
            Json::Str(s) => Some(s.clone()),
            _ => {
                self.push(
                    v.pos,
                    Rule::WrongType,
                    &[&format!("{place}.{key}"), "string", v.kind()],
                );
                None
            }
        }
    }

    fn whole(&mut self, node: &Node, key: &str, place: &str) -> Option<(f64, Pos)> {
        let v = node.get(key)?;
        match &v.value {
            Json::Number(n, _) => Some((*n, v.pos)),
            _ => {
                self.push(
                    v.pos,
                    Rule::WrongType,
                    &[&format!("{place}.{key}"), "number", v.kind()],
                );
                None
            }
        }
    }
}

/// Whether a statistic is one CloudWatch has: `Some(true)` computed here, `Some(false)` real
/// but not simulated, `None` unknown.
pub fn stat_known(s: &str) -> Option<bool> {
    if Statistic::parse(s).is_ok() {
        return Some(true);
    }
    if s == "IQM" {
        return Some(false);
    }
    let rest = EXTENDED
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .filter(|r| !r.is_empty())?;
    let ok = rest
        .chars()
        .all(|c| c.is_ascii_digit() || "().:%,".contains(c));
    ok.then_some(false)
}

fn valid_period(p: f64) -> bool {
    p.fract() == 0.0 && p > 0.0 && ([1.0, 5.0, 10.0, 30.0].contains(&p) || p % 60.0 == 0.0)
}

fn valid_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reads and checks a dashboard body.
pub fn validate(text: &str) -> Report {
    let mut v = V::default();
    let (root, format) = match crate::tree::parse(text) {
        Ok(r) => r,
        Err(e) => {
            v.push(e.pos, Rule::Syntax, &[&e.message]);
            return Report {
                diagnostics: v.out,
                dashboard: None,
            };
        }
    };
    if format == Format::Yaml {
        v.push(root.pos, Rule::NotJson, &[]);
        return Report {
            diagnostics: v.out,
            dashboard: None,
        };
    }
    if root.as_map().is_none() {
        v.push(root.pos, Rule::NotADashboard, &[root.kind()]);
        return Report {
            diagnostics: v.out,
            dashboard: None,
        };
    }
    v.keys(&root, TOP, "");
    let mut dashboard = Dashboard::default();
    match root.get("widgets") {
        None => v.push(root.pos, Rule::Missing, &["", "widgets"]),
        Some(w) => match w.as_seq() {
            None => v.push(w.pos, Rule::WrongType, &["widgets", "list", w.kind()]),
            Some(items) => {
                if items.len() > MAX_WIDGETS {
                    v.push(w.pos, Rule::TooManyWidgets, &[&items.len().to_string()]);
                }
                let mut cursor = (0u32, 0u32, 0u32); // x, y, the row's height
                for (i, item) in items.iter().enumerate() {
                    if let Some(widget) = read_widget(&mut v, item, i + 1, &mut cursor) {
                        dashboard.widgets.push(widget);
                    }
                }
            }
        },
    }
    // Overlaps: accepted by CloudWatch, worth a look.
    for (i, a) in dashboard.widgets.iter().enumerate() {
        if let Some(b) = dashboard.widgets[..i].iter().find(|b| {
            a.x < b.x + b.width
                && b.x < a.x + a.width
                && a.y < b.y + b.height
                && b.y < a.y + a.height
        }) {
            let n = b.number.to_string();
            v.push(a.pos, Rule::Overlap, &[&n]);
        }
    }
    let mut out = v.out;
    out.sort_by_key(|d| d.pos);
    Report {
        diagnostics: out,
        dashboard: Some(dashboard),
    }
}

fn read_widget(
    v: &mut V,
    item: &Node,
    number: usize,
    cursor: &mut (u32, u32, u32),
) -> Option<Widget> {
    let place = format!("widgets[{}]", number - 1);
    if item.as_map().is_none() {
        v.push(item.pos, Rule::WrongType, &[&place, "mapping", item.kind()]);
        return None;
    }
    v.keys(item, WIDGET, &place);
    let kind = match v.string(item, "type", &place) {
        Some(k) => k,
        None => {
            if item.get("type").is_none() {
                v.push(item.pos, Rule::Missing, &[&place, "type"]);
            }
            return None;
        }
    };
    let kind_pos = item.get("type").map_or(item.pos, |n| n.pos);
    if !WIDGET_TYPES.contains(&kind.as_str()) {
        let near = WIDGET_TYPES
            .iter()
            .filter(|t| edit_distance(t, &kind.to_lowercase()) <= 2)
            .min_by_key(|t| edit_distance(t, &kind))
            .copied()
            .unwrap_or("");
        v.push(kind_pos, Rule::WidgetType, &[&kind, near]);
        return None;
    }
    let mut size = |key: &str, max: u32, rule: Rule| -> Option<u32> {
        match v.whole(item, key, &place) {
            Some((n, pos)) if n.fract() != 0.0 || n < 1.0 || n > f64::from(max) => {
                v.push(pos, rule, &[&fmt(n)]);
                None
            }
            Some((n, _)) => Some(n as u32),
            None => Some(DEFAULT_SIZE),
        }
    };
    let width_ok = size("width", GRID_COLUMNS, Rule::Width);
    let width = width_ok.unwrap_or(DEFAULT_SIZE);
    let height = size("height", 1000, Rule::Height).unwrap_or(DEFAULT_SIZE);
    let mut coord = |key: &str, max: f64| -> Option<u32> {
        match v.whole(item, key, &place) {
            Some((n, pos)) if n.fract() != 0.0 || n < 0.0 || n > max => {
                v.push(pos, Rule::Position, &[key, &fmt(n)]);
                None
            }
            Some((n, _)) => Some(n as u32),
            None => None,
        }
    };
    let x = coord("x", f64::from(GRID_COLUMNS - 1));
    let y = coord("y", 1_000_000.0);
    let (x, y) = match (x, y) {
        (Some(x), Some(y)) => (x, y),
        (x, y) => {
            // The next available position, left to right, row after row.
            if cursor.0 + width > GRID_COLUMNS {
                *cursor = (0, cursor.1 + cursor.2, 0);
            }
            (x.unwrap_or(cursor.0), y.unwrap_or(cursor.1))
        }
    };
    if width_ok.is_some() && x + width > GRID_COLUMNS {
        let at = item
            .get("width")
            .or(item.get("x"))
            .map_or(item.pos, |n| n.pos);
        v.push(at, Rule::OffGrid, &[&x.to_string(), &width.to_string()]);
    }
    *cursor = (x + width, y, cursor.2.max(height));
    if cursor.1 != y {
        *cursor = (x + width, y, height);
    }
    let content = match item.get("properties") {
        None => {
            v.push(item.pos, Rule::Missing, &[&place, "properties"]);
            Content::NotDrawn
        }
        Some(p) if p.as_map().is_none() => {
            v.push(
                p.pos,
                Rule::WrongType,
                &[&format!("{place}.properties"), "mapping", p.kind()],
            );
            Content::NotDrawn
        }
        Some(p) => {
            let place = format!("{place}.properties");
            match kind.as_str() {
                "metric" => Content::Metric(metric_widget(v, p, &place)),
                "log" => log_widget(v, p, &place),
                "text" => {
                    v.keys(p, TEXT_PROPS, &place);
                    match v.string(p, "markdown", &place) {
                        Some(markdown) => Content::Text { markdown },
                        None => {
                            if p.get("markdown").is_none() {
                                v.push(p.pos, Rule::Missing, &[&place, "markdown"]);
                            }
                            Content::NotDrawn
                        }
                    }
                }
                "alarm" => {
                    v.keys(p, ALARM_PROPS, &place);
                    let title = v.string(p, "title", &place).unwrap_or_default();
                    match p.get("alarms") {
                        None => {
                            v.push(p.pos, Rule::Missing, &[&place, "alarms"]);
                            Content::NotDrawn
                        }
                        Some(a) => match a.as_seq() {
                            Some(items) => Content::Alarm {
                                title,
                                alarms: items
                                    .iter()
                                    .filter_map(|n| n.as_str().map(str::to_string))
                                    .collect(),
                            },
                            None => {
                                v.push(
                                    a.pos,
                                    Rule::WrongType,
                                    &[&format!("{place}.alarms"), "list", a.kind()],
                                );
                                Content::NotDrawn
                            }
                        },
                    }
                }
                _ => Content::NotDrawn,
            }
        }
    };
    if !DRAWN.contains(&kind.as_str()) {
        v.push(kind_pos, Rule::NotDrawn, &[&kind]);
    }
    Some(Widget {
        number,
        pos: item.pos,
        kind,
        x,
        y,
        width,
        height,
        content,
    })
}

fn fmt(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

fn log_widget(v: &mut V, p: &Node, place: &str) -> Content {
    v.keys(p, LOG_PROPS, place);
    let title = v.string(p, "title", place).unwrap_or_default();
    let view = v.string(p, "view", place).unwrap_or_else(|| "table".into());
    if let Some(n) = p.get("view") {
        if !LOG_VIEWS.contains(&view.as_str()) && n.as_str().is_some() {
            v.push(n.pos, Rule::View, &[&view, &LOG_VIEWS.join(", ")]);
        }
    }
    if p.get("region").is_none() {
        v.push(p.pos, Rule::Missing, &[place, "region"]);
    }
    match v.string(p, "query", place) {
        Some(query) => {
            if !query.trim_start().starts_with("SOURCE") {
                let at = p.get("query").map_or(p.pos, |n| n.pos);
                v.push(at, Rule::LogQuery, &[]);
            }
            Content::Log { title, query, view }
        }
        None => {
            if p.get("query").is_none() {
                v.push(p.pos, Rule::Missing, &[place, "query"]);
            }
            Content::NotDrawn
        }
    }
}

fn check_stat(v: &mut V, node: &Node) -> Option<String> {
    let s = node.as_str()?.to_string();
    match stat_known(&s) {
        Some(true) => {}
        Some(false) => v.push(node.pos, Rule::StatNotSimulated, &[&s]),
        None => v.push(node.pos, Rule::Stat, &[&s]),
    }
    Some(s)
}

fn check_period(v: &mut V, node: &Node, place: &str) -> Option<u32> {
    match &node.value {
        Json::Number(n, _) if valid_period(*n) => {
            if *n < 60.0 {
                v.push(node.pos, Rule::HighResolution, &[&fmt(*n)]);
            }
            Some((*n as u32).max(60))
        }
        Json::Number(n, _) => {
            v.push(node.pos, Rule::Period, &[&fmt(*n)]);
            None
        }
        _ => {
            v.push(
                node.pos,
                Rule::WrongType,
                &[&format!("{place}.period"), "number", node.kind()],
            );
            None
        }
    }
}

fn metric_widget(v: &mut V, p: &Node, place: &str) -> MetricWidget {
    v.keys(p, METRIC_PROPS, place);
    let title = v.string(p, "title", place).unwrap_or_default();
    let view = match p.get("view") {
        Some(n) => match n.as_str() {
            Some(s) => View::parse(s).unwrap_or_else(|| {
                v.push(n.pos, Rule::View, &[s, &METRIC_VIEWS.join(", ")]);
                View::TimeSeries
            }),
            None => {
                v.push(
                    n.pos,
                    Rule::WrongType,
                    &[&format!("{place}.view"), "string", n.kind()],
                );
                View::TimeSeries
            }
        },
        None => View::TimeSeries,
    };
    let stat = p
        .get("stat")
        .and_then(|n| check_stat(v, n))
        .unwrap_or_else(|| "Average".into());
    let period_s = p
        .get("period")
        .and_then(|n| check_period(v, n, place))
        .unwrap_or(DEFAULT_PERIOD);
    let region = v.string(p, "region", place).unwrap_or_default();
    if p.get("region").is_none() {
        v.push(p.pos, Rule::Missing, &[place, "region"]);
    }
    let mut horizontal = Vec::new();
    if let Some(a) = p.get("annotations") {
        if let Some(h) = a.get("horizontal").and_then(Node::as_seq) {
            for item in h {
                // A band is two annotations in a list: both drawn as lines.
                let items: Vec<&Node> = match item.as_seq() {
                    Some(pair) => pair.iter().collect(),
                    None => vec![item],
                };
                for it in items {
                    if let Some(Json::Number(value, _)) = it.get("value").map(|n| &n.value) {
                        horizontal.push(Annotation {
                            value: *value,
                            label: it
                                .get("label")
                                .and_then(Node::as_str)
                                .unwrap_or("")
                                .to_string(),
                        });
                    }
                }
            }
        }
    }
    let mut rows = Vec::new();
    match p.get("metrics") {
        None => v.push(p.pos, Rule::NoMetrics, &[]),
        Some(m) => match m.as_seq() {
            None => v.push(
                m.pos,
                Rule::WrongType,
                &[&format!("{place}.metrics"), "list", m.kind()],
            ),
            Some(items) => {
                let mut previous: Vec<String> = Vec::new();
                for (i, row) in items.iter().enumerate() {
                    let rp = format!("{place}.metrics[{i}]");
                    if let Some(r) = read_row(v, row, &rp, &mut previous, &stat, period_s, i) {
                        rows.push(r);
                    }
                }
            }
        },
    }
    // Ids: unique, well formed, and every one an expression names exists.
    for (i, r) in rows.iter().enumerate() {
        if rows[..i].iter().any(|o| o.id == r.id) {
            v.push(r.pos, Rule::DuplicateId, &[&r.id]);
        }
    }
    for r in &rows {
        if let Source::Expression { expr: Some(e), .. } = &r.source {
            let base = expression_pos(p, r);
            for (id, at) in e.ids() {
                if !rows.iter().any(|o| o.id == id) {
                    v.push(shift(base, at), Rule::UnknownId, &[&id]);
                }
            }
            for (name, at) in e.not_simulated() {
                v.push(shift(base, at), Rule::MathNotSimulated, &[&name]);
            }
        }
    }
    MetricWidget {
        title,
        view,
        stat,
        period_s,
        region,
        rows,
        horizontal,
    }
}

/// Where an expression's text starts: after the opening quote of its string.
fn expression_pos(_p: &Node, r: &Row) -> Pos {
    r.pos
}

fn shift(base: Pos, at: usize) -> Pos {
    Pos {
        line: base.line,
        col: base.col + 1 + at as u32,
    }
}

#[allow(clippy::too_many_arguments)]
fn read_row(
    v: &mut V,
    row: &Node,
    place: &str,
    previous: &mut Vec<String>,
    widget_stat: &str,
    widget_period: u32,
    index: usize,
) -> Option<Row> {
    let Some(items) = row.as_seq() else {
        v.push(row.pos, Rule::WrongType, &[place, "list", row.kind()]);
        return None;
    };
    let (strings, options): (Vec<&Node>, Option<&Node>) = match items.last() {
        Some(last) if last.as_map().is_some() => {
            (items[..items.len() - 1].iter().collect(), Some(last))
        }
        _ => (items.iter().collect(), None),
    };
    let mut id = format!("m{}", index + 1);
    let mut label = None;
    let mut visible = true;
    let mut stat = widget_stat.to_string();
    let mut period_s = widget_period;
    let mut expression: Option<(String, Pos)> = None;
    if let Some(o) = options {
        v.keys(o, ROW_OPTIONS, place);
        if let Some(n) = o.get("id") {
            if let Some(s) = n.as_str() {
                if !valid_id(s) {
                    v.push(n.pos, Rule::IdFormat, &[s]);
                }
                id = s.to_string();
            }
        }
        label = o.get("label").and_then(Node::as_str).map(str::to_string);
        if let Some(Json::Bool(b)) = o.get("visible").map(|n| &n.value) {
            visible = *b;
        }
        if let Some(n) = o.get("stat") {
            if let Some(s) = check_stat(v, n) {
                stat = s;
            }
        }
        if let Some(n) = o.get("period") {
            if let Some(p) = check_period(v, n, place) {
                period_s = p;
            }
        }
        if let Some(n) = o.get("yAxis") {
            if let Some(s) = n.as_str() {
                if s != "left" && s != "right" {
                    v.push(n.pos, Rule::YAxis, &[s]);
                }
            }
        }
        if let Some(n) = o.get("expression") {
            match &n.value {
                Json::Str(s) => expression = Some((s.clone(), n.pos)),
                _ => v.push(
                    n.pos,
                    Rule::WrongType,
                    &[&format!("{place}.expression"), "string", n.kind()],
                ),
            }
        }
    }
    if let Some((text, pos)) = expression {
        if options.is_some_and(|o| o.get("id").is_none()) {
            id = format!("e{}", index + 1);
        }
        let expr = match math::parse(&text) {
            Ok(e) => Some(e),
            Err(e) => {
                let (line, col) = e.line_col(&text);
                let at = if line == 1 {
                    Pos {
                        line: pos.line,
                        col: pos.col + col,
                    }
                } else {
                    pos
                };
                let args: Vec<&str> = e.args.iter().map(String::as_str).collect();
                v.push(at, e.rule, &args);
                None
            }
        };
        return Some(Row {
            id,
            label,
            visible,
            pos,
            source: Source::Expression { text, expr },
        });
    }
    // A metric: strings, "." repeating the row above.
    let mut values: Vec<String> = Vec::new();
    for (i, n) in strings.iter().enumerate() {
        let Some(s) = n.as_str() else {
            v.push(
                n.pos,
                Rule::WrongType,
                &[&format!("{place}[{i}]"), "string", n.kind()],
            );
            return None;
        };
        if s == "..." {
            // The console's shorthand: every value of the row above from here on.
            if previous.len() <= values.len() {
                v.push(n.pos, Rule::DotFirst, &[]);
                return None;
            }
            values.extend(previous[values.len()..].iter().cloned());
        } else if s == "." {
            match previous.get(i) {
                Some(p) => values.push(p.clone()),
                None => {
                    v.push(n.pos, Rule::DotFirst, &[]);
                    return None;
                }
            }
        } else {
            values.push(s.to_string());
        }
    }
    if values.len() < 2 || values[0].is_empty() || values[1].is_empty() {
        v.push(row.pos, Rule::MetricRow, &[]);
        return None;
    }
    if values.len() % 2 == 1 {
        let at = strings.last().map_or(row.pos, |n| n.pos);
        let name = values.last().cloned().unwrap_or_default();
        v.push(at, Rule::DimensionPair, &[&name]);
    }
    *previous = values.clone();
    let dimensions = values[2..]
        .chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| (c[0].clone(), c[1].clone()))
        .collect();
    Some(Row {
        id,
        label,
        visible,
        pos: row.pos,
        source: Source::Metric {
            namespace: values[0].clone(),
            metric_name: values[1].clone(),
            dimensions,
            stat,
            period_s,
        },
    })
}

/// A metric a drawn series reads.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricRef {
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<(String, String)>,
    pub stat: String,
    pub period_s: u32,
    /// Whether the run has the metric.
    pub found: bool,
}

/// One line (or number) a widget draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    pub id: String,
    pub label: String,
    /// A value per period from the range's start.
    pub values: Vec<Option<f64>>,
    /// The metric of a metric row; the metrics an expression is computed from.
    pub metrics: Vec<MetricRef>,
    /// The expression's text, for an expression.
    pub expression: Option<String>,
    /// Why it is empty, when it is (not simulated, an error while evaluating).
    pub problem: Option<String>,
}

/// A metric widget's series over a range.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The widget's index in [`Dashboard::widgets`].
    pub widget: usize,
    pub period_s: u32,
    /// The range's start, seconds from the run's start.
    pub from_s: u32,
    pub series: Vec<Drawn>,
}

/// The run's series a row reads: same namespace and name, dimensions including the row's.
pub fn find<'a>(
    run: &'a Run,
    namespace: &str,
    name: &str,
    dims: &[(String, String)],
) -> Option<&'a MetricSeries> {
    let matches = |m: &&MetricSeries| {
        m.namespace == namespace
            && m.metric_name == name
            && dims.iter().all(|(k, val)| m.has_dimension(k, val))
    };
    run.metrics
        .iter()
        .filter(matches)
        .min_by_key(|m| m.dimensions.len())
}

/// Merges datapoints into one (a longer period).
fn merge(points: &[Option<Datapoint>]) -> Option<Datapoint> {
    let mut out: Option<Datapoint> = None;
    for p in points.iter().flatten() {
        match &mut out {
            None => out = Some(p.clone()),
            Some(o) => {
                o.sample_count += p.sample_count;
                o.sum += p.sum;
                o.minimum = o.minimum.min(p.minimum);
                o.maximum = o.maximum.max(p.maximum);
                for &(k, n) in &p.histogram {
                    match o.histogram.binary_search_by_key(&k, |&(k, _)| k) {
                        Ok(i) => o.histogram[i].1 += n,
                        Err(i) => o.histogram.insert(i, (k, n)),
                    }
                }
            }
        }
    }
    out
}

/// A metric's statistic per `period_s` over `[from_s, to_s)`.
pub fn values(
    series: &MetricSeries,
    stat: Statistic,
    period_s: u32,
    from_s: u32,
    to_s: u32,
) -> Vec<Option<f64>> {
    let step = series.period_s.max(1);
    let per = (period_s / step).max(1) as usize;
    let first = (from_s / step) as usize;
    let last = ((to_s / step) as usize).min(series.datapoints.len());
    if first >= last {
        return Vec::new();
    }
    series.datapoints[first..last]
        .chunks(per)
        .map(|c| merge(c).map(|d| d.statistic(stat)))
        .collect()
}

/// The series each metric widget draws over `[from_s, to_s)` of the run (seconds from its
/// start), one [`Resolved`] per metric widget in order.
pub fn resolve(d: &Dashboard, run: &Run, from_s: u32, to_s: u32) -> Vec<Resolved> {
    d.widgets
        .iter()
        .enumerate()
        .filter_map(|(i, w)| match &w.content {
            Content::Metric(m) => Some(resolve_widget(i, m, run, from_s, to_s)),
            _ => None,
        })
        .collect()
}

fn resolve_widget(index: usize, m: &MetricWidget, run: &Run, from_s: u32, to_s: u32) -> Resolved {
    // The widget draws every row at one period: the largest of its rows (simplified).
    let period_s = m
        .rows
        .iter()
        .filter_map(|r| match &r.source {
            Source::Metric { period_s, .. } => Some(*period_s),
            _ => None,
        })
        .max()
        .unwrap_or(m.period_s)
        .max(60);
    let len = to_s.saturating_sub(from_s).div_ceil(period_s) as usize;
    let mut metric_series: Vec<Series> = Vec::new();
    let mut refs: Vec<(String, MetricRef)> = Vec::new();
    let mut drawn: Vec<Drawn> = Vec::new();
    for r in &m.rows {
        if let Source::Metric {
            namespace,
            metric_name,
            dimensions,
            stat,
            ..
        } = &r.source
        {
            let found = find(run, namespace, metric_name, dimensions);
            let problem = match (found, Statistic::parse(stat)) {
                (None, _) => Some("no data".to_string()),
                (_, Err(_)) => Some(format!("{stat} not simulated")),
                _ => None,
            };
            let mut vals = match (found, Statistic::parse(stat)) {
                (Some(s), Ok(st)) => values(s, st, period_s, from_s, to_s),
                _ => Vec::new(),
            };
            vals.resize(len, None);
            let mref = MetricRef {
                namespace: namespace.clone(),
                metric_name: metric_name.clone(),
                dimensions: dimensions.clone(),
                stat: stat.clone(),
                period_s,
                found: found.is_some(),
            };
            let label = r.label.clone().unwrap_or_else(|| metric_name.clone());
            metric_series.push(Series {
                id: r.id.clone(),
                label: label.clone(),
                values: vals.clone(),
            });
            refs.push((r.id.clone(), mref.clone()));
            drawn.push(Drawn {
                id: r.id.clone(),
                label,
                values: vals,
                metrics: vec![mref],
                expression: None,
                problem,
            });
        }
    }
    // Expressions, each evaluated with the others on demand (a depth bound stops cycles).
    let exprs: Vec<&Row> = m
        .rows
        .iter()
        .filter(|r| matches!(r.source, Source::Expression { .. }))
        .collect();
    fn eval_id(
        id: &str,
        depth: usize,
        metric_series: &[Series],
        exprs: &[&Row],
        period_s: u32,
        len: usize,
    ) -> Option<Value> {
        if let Some(s) = metric_series.iter().find(|s| s.id == id) {
            return Some(Value::Series(s.values.clone()));
        }
        if depth > 16 {
            return None;
        }
        let row = exprs.iter().find(|r| r.id == id)?;
        let Source::Expression { expr: Some(e), .. } = &row.source else {
            return None;
        };
        let lookup = |n: &str| eval_id(n, depth + 1, metric_series, exprs, period_s, len);
        let cx = Context {
            metrics: metric_series,
            lookup: &lookup,
            period_s,
            len,
        };
        math::evaluate(e, &cx).ok()
    }
    for r in &exprs {
        let Source::Expression { text, expr } = &r.source else {
            continue;
        };
        let mut sources: Vec<MetricRef> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut stack: Vec<String> = vec![r.id.clone()];
        while let Some(id) = stack.pop() {
            if seen.contains(&id) {
                continue;
            }
            seen.push(id.clone());
            if let Some((_, mref)) = refs.iter().find(|(i, _)| *i == id) {
                sources.push(mref.clone());
            } else if let Some(Row {
                source: Source::Expression { expr: Some(e), .. },
                ..
            }) = exprs.iter().find(|o| o.id == id).copied()
            {
                stack.extend(e.ids().into_iter().map(|(i, _)| i));
                if e.uses_metrics() {
                    stack.extend(refs.iter().map(|(i, _)| i.clone()));
                }
            }
        }
        let label = r.label.clone().unwrap_or_else(|| text.clone());
        let result = match expr {
            None => Err("cannot be read".to_string()),
            Some(e) => {
                let lookup = |n: &str| eval_id(n, 1, &metric_series, &exprs, period_s, len);
                let cx = Context {
                    metrics: &metric_series,
                    lookup: &lookup,
                    period_s,
                    len,
                };
                math::evaluate(e, &cx).map_err(|e| match e {
                    EvalError::UnknownId(id) => format!("unknown id {id}"),
                    EvalError::TwoArrays => "two arrays of series".to_string(),
                    EvalError::Argument(f) => format!("wrong argument for {f}"),
                    EvalError::NotSimulated(f) => format!("{f} not simulated"),
                })
            }
        };
        let mut push = |label: String, values: Vec<Option<f64>>, problem: Option<String>| {
            drawn.push(Drawn {
                id: r.id.clone(),
                label,
                values,
                metrics: sources.clone(),
                expression: Some(text.clone()),
                problem,
            });
        };
        match result {
            Ok(Value::Scalar(s)) => push(label, vec![Some(s); len], None),
            Ok(Value::Series(s)) => push(label, s, None),
            Ok(Value::Array(xs)) => {
                for (l, s) in xs {
                    push(format!("{label} {l}"), s, None);
                }
            }
            Err(p) => push(label, vec![None; len], Some(p)),
        }
    }
    // Rows keep the order written; hidden ones are not drawn.
    let order = |id: &str| m.rows.iter().position(|r| r.id == id).unwrap_or(usize::MAX);
    drawn.sort_by_key(|d| order(&d.id));
    drawn.retain(|d| m.rows.iter().any(|r| r.id == d.id && r.visible));
    Resolved {
        widget: index,
        period_s,
        from_s,
        series: drawn,
    }
}
