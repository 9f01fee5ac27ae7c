//! A parsed query: commands with their positions, expressions as trees, and the catalogue of
//! functions (name, arguments, whether it aggregates).

use crate::tree::Pos;

/// A parsed query: its commands in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub commands: Vec<Command>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub pos: Pos,
    pub kind: CommandKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CommandKind {
    Fields(Vec<Projection>),
    Display(Vec<Projection>),
    Filter(Expr),
    Stats(Stats),
    Sort(Vec<SortKey>),
    Limit(u32),
    Parse(Parse),
    Dedup(Vec<String>),
    /// Accepted; nothing is masked in the simulation.
    Unmask,
    /// A real command the engine does not run (its name as written).
    NotSimulated(String),
}

/// An expression and the column name it gets: its alias, or its text as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    pub expr: Expr,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortKey {
    pub expr: Expr,
    pub name: String,
    pub descending: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub aggregates: Vec<Aggregate>,
    pub by: Vec<Projection>,
}

/// One item of `stats`: an expression with aggregate calls (`count(*)`,
/// `sum(x) / count(*) * 100`), or arithmetic on earlier items' names; and its column name.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    pub pos: Pos,
    pub expr: Expr,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Parse {
    pub source: Expr,
    pub pattern: ParsePattern,
    /// The fields it creates, in order.
    pub names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParsePattern {
    /// The literal pieces around the `*`s: one more piece than stars.
    Glob(Vec<String>),
    /// A regular expression with named groups.
    Regex(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub pos: Pos,
    pub kind: ExprKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Field(String),
    Number(f64),
    Str(String),
    Regex(String),
    /// A time period in milliseconds, and its text (`5m`); months, quarters and years are
    /// calendar periods, kept apart.
    Period(Period),
    List(Vec<Expr>),
    /// `*`, only as `count(*)`'s argument.
    Star,
    Not(Box<Expr>),
    Negate(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `a like "x"`, `a like /x/`, `a =~ /x/`, `a not like …`.
    Like {
        negated: bool,
        value: Box<Expr>,
        pattern: Box<Expr>,
    },
    /// `a in [..]`, `a not in [..]`.
    In {
        negated: bool,
        value: Box<Expr>,
        list: Vec<Expr>,
    },
    Call(Function, Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
}

/// A time period: a fixed length, or a calendar unit (months, quarters, years).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Period {
    Millis(i64),
    Months(i64),
}

/// The time units of periods (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html,
/// "Datetime functions"): milliseconds, seconds, minutes, hours, days, weeks, months,
/// quarters, years.
pub const UNITS: &[&str] = &["ms", "s", "m", "h", "d", "w", "mo", "q", "y"];

pub fn period(n: f64, unit: &str) -> Option<Period> {
    if !(n.is_finite() && n > 0.0 && n.fract() == 0.0 && n < 1e9) {
        return None;
    }
    let n = n as i64;
    Some(match unit {
        "ms" => Period::Millis(n),
        "s" => Period::Millis(n * 1000),
        "m" => Period::Millis(n * 60_000),
        "h" => Period::Millis(n * 3_600_000),
        "d" => Period::Millis(n * 86_400_000),
        "w" => Period::Millis(n * 7 * 86_400_000),
        "mo" => Period::Months(n),
        "q" => Period::Months(n * 3),
        "y" => Period::Months(n * 12),
        _ => return None,
    })
}

macro_rules! functions {
    ($($f:ident = $name:literal $min:literal $max:literal $agg:literal;)*) => {
        /// A function of the language. Aggregates are used only in `stats`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Function { $($f,)* }

        impl Function {
            pub const ALL: &'static [Function] = &[$(Function::$f,)*];

            /// The name as the documentation writes it.
            pub fn name(self) -> &'static str {
                match self { $(Function::$f => $name,)* }
            }

            /// The fewest and most arguments (`u8::MAX`: any number).
            pub fn arity(self) -> (u8, u8) {
                match self { $(Function::$f => ($min, $max),)* }
            }

            pub fn is_aggregate(self) -> bool {
                match self { $(Function::$f => $agg,)* }
            }
        }
    };
}

// Names and arguments: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html
// (string, numeric, datetime, IP and general functions) and
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html (aggregates;
// `percentile` is how AWS's own Lambda samples spell pct, e.g.
// https://serverlessland.com/content/service/lambda/guides/aws-lambda-operator-guide/useful-queries).
functions! {
    Strlen = "strlen" 1 1 false;
    Toupper = "toupper" 1 1 false;
    Tolower = "tolower" 1 1 false;
    Trim = "trim" 1 2 false;
    Ltrim = "ltrim" 1 2 false;
    Rtrim = "rtrim" 1 2 false;
    Concat = "concat" 1 255 false;
    Substr = "substr" 2 3 false;
    Replace = "replace" 3 3 false;
    Strcontains = "strcontains" 2 2 false;
    Isempty = "isempty" 1 1 false;
    Isblank = "isblank" 1 1 false;
    Abs = "abs" 1 1 false;
    Ceil = "ceil" 1 1 false;
    Floor = "floor" 1 1 false;
    Greatest = "greatest" 1 255 false;
    Least = "least" 1 255 false;
    Log = "log" 1 1 false;
    Sqrt = "sqrt" 1 1 false;
    Bin = "bin" 1 1 false;
    Datefloor = "datefloor" 2 2 false;
    Dateceil = "dateceil" 2 2 false;
    FromMillis = "fromMillis" 1 1 false;
    ToMillis = "toMillis" 1 1 false;
    IsValidIp = "isValidIp" 1 1 false;
    IsValidIpV4 = "isValidIpV4" 1 1 false;
    IsValidIpV6 = "isValidIpV6" 1 1 false;
    IsIpInSubnet = "isIpInSubnet" 2 2 false;
    IsIpv4InSubnet = "isIpv4InSubnet" 2 2 false;
    IsIpv6InSubnet = "isIpv6InSubnet" 2 2 false;
    Ispresent = "ispresent" 1 1 false;
    Coalesce = "coalesce" 1 255 false;
    Count = "count" 0 1 true;
    CountDistinct = "count_distinct" 1 1 true;
    Sum = "sum" 1 1 true;
    Avg = "avg" 1 1 true;
    Min = "min" 1 1 true;
    Max = "max" 1 1 true;
    Pct = "pct" 2 2 true;
    Percentile = "percentile" 2 2 true;
    Stddev = "stddev" 1 1 true;
    Earliest = "earliest" 1 1 true;
    Latest = "latest" 1 1 true;
    SortsFirst = "sortsFirst" 1 1 true;
    SortsLast = "sortsLast" 1 1 true;
}

impl Function {
    /// The function of this name (case-insensitive, as the service reads them).
    pub fn named(name: &str) -> Option<Function> {
        Function::ALL
            .iter()
            .copied()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// The commands the engine runs, and those it recognises without running
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html).
pub const COMMANDS: &[&str] = &[
    "fields", "display", "filter", "stats", "sort", "limit", "parse", "dedup", "unmask",
];
pub const NOT_SIMULATED: &[&str] = &[
    "pattern",
    "diff",
    "anomaly",
    "lookup",
    "join",
    "filterIndex",
    "SOURCE",
    "unnest",
];
