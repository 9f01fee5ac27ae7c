//! The dashboard and metric math rules: each has a stable id, a severity, and the values its
//! message needs (worded by `course::observability::dashboard` in the learner's language).
//!
//! Facts: "Dashboard Body Structure and Syntax"
//! (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html)
//! and "Using math expressions with CloudWatch metrics"
//! (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html),
//! both read 2026-11-30.

pub use crate::tree::Severity;
use crate::tree::{rules, Pos};

rules! {
    Syntax = "syntax" Error, "The text is not valid JSON. Args: the parser's message.";
    NotJson = "not-json" Error, "The text is YAML, not JSON: a dashboard body is a JSON string. Args: none.";
    NotADashboard = "not-a-dashboard" Error, "The document is not a JSON object. Args: what it is (kind code).";
    DuplicateKey = "duplicate-key" Error, "A key written twice in one object. Args: key.";
    Missing = "missing" Error, "A required property is missing. Args: where, key.";
    WrongType = "wrong-type" Error, "A value of the wrong kind. Args: where, expected kind code, found kind code.";
    UnknownProperty = "unknown-property" Warning, "A property the documented structure does not have at this place (ignored). Args: where, key, near key or empty.";
    TooManyWidgets = "too-many-widgets" Error, "More than 500 widgets. Args: count.";
    WidgetType = "widget-type" Error, "A widget type CloudWatch does not have. Args: type, near type or empty.";
    NotDrawn = "not-drawn" Warning, "A real widget type this simulation does not draw (explorer, custom…). Args: type.";
    Width = "width" Error, "width is not a whole number from 1 to 24. Args: value.";
    Height = "height" Error, "height is not a whole number from 1 to 1000. Args: value.";
    Position = "position" Error, "x is not a whole number from 0 to 23, or y not a whole number from 0. Args: key, value.";
    OffGrid = "off-grid" Error, "x + width goes past the 24-column grid. Args: x, width.";
    Overlap = "overlap" Warning, "Two widgets cover the same grid cells (CloudWatch accepts it; the console moves one down). Args: the other widget's number.";
    View = "view" Error, "view is not one this widget type takes. Args: value, the allowed values.";
    Stat = "stat" Error, "A statistic CloudWatch does not have. Args: value.";
    StatNotSimulated = "stat-not-simulated" Warning, "A real extended statistic (tm99, wm90, IQM…) that the simulation does not compute: not drawn. Args: value.";
    Period = "period" Error, "period is not 1, 5, 10, 30 or a multiple of 60 seconds. Args: value.";
    HighResolution = "high-resolution" Warning, "A period under 60 seconds: the simulated metrics are per minute, drawn at 60. Args: value.";
    MetricRow = "metric-row" Error, "A row of `metrics` that names no metric (a namespace and a metric name, or an expression). Args: none.";
    DimensionPair = "dimension-pair" Error, "A dimension name without its value. Args: name.";
    DotFirst = "dot-first" Error, "\".\" repeats the row above, but there is none (or it has no value there). Args: none.";
    IdFormat = "id-format" Error, "An id that does not start with a lowercase letter, or has characters other than letters, digits and _. Args: id.";
    DuplicateId = "duplicate-id" Error, "Two rows of one widget have the same id. Args: id.";
    UnknownId = "unknown-id" Error, "An expression refers to an id no row of the widget has. Args: id.";
    YAxis = "y-axis" Error, "yAxis of a row is not left or right. Args: value.";
    LogQuery = "log-query" Error, "A log widget's query does not start with SOURCE '<log group>'. Args: none.";
    NoMetrics = "no-metrics" Warning, "A metric widget without metrics (alarm annotations only): the simulation draws nothing in it. Args: none.";
    MathSyntax = "math-syntax" Error, "A metric math expression that cannot be read. Args: what was found (`end` for the end), what was expected.";
    MathFunction = "math-function" Error, "A function metric math does not have. Args: name, near name or empty.";
    MathNotSimulated = "math-not-simulated" Warning, "A real metric math function the simulation does not evaluate (SEARCH…): not drawn. Args: name.";
    MathArguments = "math-arguments" Error, "A function called with the wrong number or kind of arguments. Args: function, what it takes.";
}

/// One finding: a rule, where, and the values its message needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub rule: Rule,
    pub args: Vec<String>,
}

impl Diagnostic {
    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}
