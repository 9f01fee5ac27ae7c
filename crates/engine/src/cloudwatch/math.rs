//! Metric math: expressions over the ids of a widget's metrics and expressions, parsed with
//! positions and evaluated over per-period series of `Option<f64>` (`None`: no datapoint).
//!
//! Facts from "Using math expressions with CloudWatch metrics" and its "Metric math syntax
//! and functions" section
//! (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html,
//! read 2026-11-30): ids start with a lowercase letter and hold letters, digits and `_`;
//! arithmetic `+ - * / ^`, comparisons `== != < <= > >=` and `AND`/`&&`, `OR`/`||`, `NOT`;
//! an operator between a time series and a scalar applies to each value; `METRICS()` is every
//! metric of the request (not the expressions), `METRICS("s")` those whose id contains `s`;
//! `SUM`, `AVG`, `MIN`, `MAX` of one series give a scalar and of an array of series the series
//! of the values at each time; `RATE` is the difference from the previous datapoint divided by
//! the seconds between them; `DIFF` the difference from the previous datapoint; `FILL(m, v)`
//! fills missing values with `v`, `REPEAT` (the most recent value before the gap) or `LINEAR`
//! (interpolated across the gap); `IF(condition, a, b)` gives `a` where the condition is
//! nonzero, `b` elsewhere, and no datapoint where `b` is left out; `ABS`; `PERIOD(m)` the
//! period in seconds.
//!
//! Missing values: an operator between two series gives a value only where both have one;
//! the aggregates skip missing values. Division by zero gives no datapoint (this app's choice:
//! the page does not say).
//!
//! Simplified: `ANOMALY_DETECTION_BAND(m, k)` is **not** CloudWatch's trained model: here it
//! is a band of the metric's own trailing mean ± k standard deviations over the previous
//! [`BAND_WINDOW`] datapoints (k = 2 when left out).
//! Real functions such as `SEARCH`, `SORT` or `RUNNING_SUM` are recognised and reported as
//! not simulated.

use super::rules::Rule;

/// How many previous datapoints the simplified anomaly band averages.
pub const BAND_WINDOW: usize = 10;

/// The functions evaluated here, with the arguments they take (min, max).
pub const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("METRICS", 0, 1),
    ("SUM", 1, 1),
    ("AVG", 1, 1),
    ("MIN", 1, 1),
    ("MAX", 1, 1),
    ("RATE", 1, 1),
    ("DIFF", 1, 1),
    ("FILL", 2, 2),
    ("IF", 2, 3),
    ("ABS", 1, 1),
    ("PERIOD", 1, 1),
    ("ANOMALY_DETECTION_BAND", 1, 2),
];

/// Real metric math functions not evaluated here.
pub const NOT_SIMULATED: &[&str] = &[
    "SEARCH",
    "SORT",
    "SLICE",
    "RUNNING_SUM",
    "STDDEV",
    "CEIL",
    "FLOOR",
    "LOG",
    "LOG10",
    "SQRT",
    "DATAPOINT_COUNT",
    "DIFF_TIME",
    "FIRST",
    "LAST",
    "INSIGHT_RULE_METRIC",
    "SERVICE_QUOTA",
    "TIME_SERIES",
    "MAX_VALUE",
    "MIN_VALUE",
    "AVG_VALUE",
    "REMOVE_EMPTY",
    "LAMBDA",
    "CONCAT",
    "EPOCH",
    "DAY",
    "HOUR",
    "MINUTE",
    "MONTH",
    "TIME",
];

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

/// An expression; `at` is the character offset where it starts in the expression's text.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Number(f64),
    Str(String),
    /// An id (`m1`, `e1`), or `REPEAT` / `LINEAR` inside FILL.
    Id {
        name: String,
        at: usize,
    },
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    Call {
        name: String,
        args: Vec<Expr>,
        at: usize,
    },
}

impl Expr {
    /// Every id the expression refers to, with its offset (REPEAT and LINEAR excluded).
    pub fn ids(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Id { name, at } = e {
                if name != "REPEAT" && name != "LINEAR" {
                    out.push((name.clone(), *at));
                }
            }
        });
        out
    }

    /// Whether it calls `METRICS` (which depends on every metric row).
    pub fn uses_metrics(&self) -> bool {
        let mut found = false;
        self.walk(&mut |e| {
            if matches!(e, Expr::Call { name, .. } if name == "METRICS") {
                found = true;
            }
        });
        found
    }

    /// The not-simulated functions it calls.
    pub fn not_simulated(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Call { name, at, .. } = e {
                if NOT_SIMULATED.contains(&name.as_str()) {
                    out.push((name.clone(), *at));
                }
            }
        });
        out
    }

    fn walk(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        match self {
            Expr::Neg(e) | Expr::Not(e) => e.walk(f),
            Expr::Binary(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            Expr::Call { args, .. } => args.iter().for_each(|a| a.walk(f)),
            _ => {}
        }
    }
}

/// Why an expression cannot be read, at a character offset of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct MathError {
    pub at: usize,
    pub rule: Rule,
    pub args: Vec<String>,
}

impl MathError {
    /// The line and column (from 1) of the offset in `text`.
    pub fn line_col(&self, text: &str) -> (u32, u32) {
        line_col(text, self.at)
    }
}

/// The line and column (from 1, columns in characters) of a character offset.
pub fn line_col(text: &str, at: usize) -> (u32, u32) {
    let (mut line, mut col) = (1u32, 1u32);
    for c in text.chars().take(at) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Name(String),
    Op(&'static str),
    Open,
    Close,
    Comma,
}

/// The deepest nesting accepted.
const MAX_DEPTH: usize = 64;

fn lex(text: &str) -> Result<Vec<(Tok, usize)>, MathError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |at: usize, found: String, expected: &str| MathError {
        at,
        rule: Rule::MathSyntax,
        args: vec![found, expected.to_string()],
    };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                let mut j = i + 1;
                if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let s: String = chars[start..i].iter().collect();
            let n = s
                .parse::<f64>()
                .map_err(|_| err(start, s.clone(), "number"))?;
            out.push((Tok::Num(n), start));
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((Tok::Name(chars[start..i].iter().collect()), start));
            continue;
        }
        if c == '"' || c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += 1;
            }
            if i >= chars.len() {
                return Err(err(start, c.to_string(), "closing quote"));
            }
            out.push((Tok::Str(chars[start + 1..i].iter().collect()), start));
            i += 1;
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let op2 = ["==", "!=", "<=", ">=", "&&", "||"]
            .into_iter()
            .find(|o| *o == two);
        if let Some(o) = op2 {
            out.push((Tok::Op(o), start));
            i += 2;
            continue;
        }
        let tok = match c {
            '+' => Tok::Op("+"),
            '-' => Tok::Op("-"),
            '*' => Tok::Op("*"),
            '/' => Tok::Op("/"),
            '^' => Tok::Op("^"),
            '<' => Tok::Op("<"),
            '>' => Tok::Op(">"),
            '(' => Tok::Open,
            ')' => Tok::Close,
            ',' => Tok::Comma,
            other => return Err(err(start, other.to_string(), "value")),
        };
        out.push((tok, start));
        i += 1;
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    i: usize,
    end: usize,
    depth: usize,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(n) => n.to_string(),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Name(n) => n.clone(),
        Tok::Op(o) => (*o).to_string(),
        Tok::Open => "(".into(),
        Tok::Close => ")".into(),
        Tok::Comma => ",".into(),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|(t, _)| t)
    }

    fn at(&self) -> usize {
        self.toks.get(self.i).map_or(self.end, |(_, a)| *a)
    }

    fn fail(&self, expected: &str) -> MathError {
        MathError {
            at: self.at(),
            rule: Rule::MathSyntax,
            args: vec![
                self.peek().map_or("end".to_string(), describe),
                expected.to_string(),
            ],
        }
    }

    fn name_op(&self) -> Option<&'static str> {
        match self.peek() {
            Some(Tok::Op(o)) => Some(o),
            Some(Tok::Name(n)) if n == "AND" => Some("&&"),
            Some(Tok::Name(n)) if n == "OR" => Some("||"),
            _ => None,
        }
    }

    fn binary(&mut self, level: usize) -> Result<Expr, MathError> {
        const LEVELS: &[&[&str]] = &[
            &["||"],
            &["&&"],
            &["==", "!=", "<", "<=", ">", ">="],
            &["+", "-"],
            &["*", "/"],
        ];
        if level == LEVELS.len() {
            return self.power();
        }
        let mut left = self.binary(level + 1)?;
        while let Some(o) = self.name_op().filter(|o| LEVELS[level].contains(o)) {
            self.i += 1;
            let right = self.binary(level + 1)?;
            let op = match o {
                "||" => Op::Or,
                "&&" => Op::And,
                "==" => Op::Eq,
                "!=" => Op::Ne,
                "<" => Op::Lt,
                "<=" => Op::Le,
                ">" => Op::Gt,
                ">=" => Op::Ge,
                "+" => Op::Add,
                "-" => Op::Sub,
                "*" => Op::Mul,
                _ => Op::Div,
            };
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn power(&mut self) -> Result<Expr, MathError> {
        let base = self.unary()?;
        if self.peek() == Some(&Tok::Op("^")) {
            self.i += 1;
            let exp = self.power()?;
            return Ok(Expr::Binary(Op::Pow, Box::new(base), Box::new(exp)));
        }
        Ok(base)
    }

    fn unary(&mut self) -> Result<Expr, MathError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.fail("a shorter expression"));
        }
        let e = match self.peek() {
            Some(Tok::Op("-")) => {
                self.i += 1;
                Expr::Neg(Box::new(self.unary()?))
            }
            Some(Tok::Op("+")) => {
                self.i += 1;
                self.unary()?
            }
            Some(Tok::Name(n)) if n == "NOT" => {
                self.i += 1;
                Expr::Not(Box::new(self.unary()?))
            }
            _ => self.primary()?,
        };
        self.depth -= 1;
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, MathError> {
        let at = self.at();
        let Some(tok) = self.peek().cloned() else {
            return Err(self.fail("value"));
        };
        match tok {
            Tok::Num(n) => {
                self.i += 1;
                Ok(Expr::Number(n))
            }
            Tok::Str(s) => {
                self.i += 1;
                Ok(Expr::Str(s))
            }
            Tok::Open => {
                self.i += 1;
                let e = self.binary(0)?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(self.fail(")"));
                }
                self.i += 1;
                Ok(e)
            }
            Tok::Name(name) => {
                self.i += 1;
                if self.peek() != Some(&Tok::Open) {
                    return Ok(Expr::Id { name, at });
                }
                self.i += 1;
                let mut args = Vec::new();
                if self.peek() != Some(&Tok::Close) {
                    loop {
                        args.push(self.binary(0)?);
                        match self.peek() {
                            Some(Tok::Comma) => self.i += 1,
                            Some(Tok::Close) => break,
                            _ => return Err(self.fail(", or )")),
                        }
                    }
                }
                self.i += 1;
                check_call(&name, &args, at)?;
                Ok(Expr::Call { name, args, at })
            }
            _ => Err(self.fail("value")),
        }
    }
}

fn check_call(name: &str, args: &[Expr], at: usize) -> Result<(), MathError> {
    if NOT_SIMULATED.contains(&name) {
        return Ok(());
    }
    let Some(&(_, min, max)) = FUNCTIONS.iter().find(|(n, _, _)| *n == name) else {
        let near = FUNCTIONS
            .iter()
            .map(|(n, _, _)| *n)
            .chain(NOT_SIMULATED.iter().copied())
            .filter(|n| crate::text::edit_distance(&n.to_lowercase(), &name.to_lowercase()) <= 2)
            .min_by_key(|n| crate::text::edit_distance(&n.to_lowercase(), &name.to_lowercase()))
            .unwrap_or("");
        return Err(MathError {
            at,
            rule: Rule::MathFunction,
            args: vec![name.to_string(), near.to_string()],
        });
    };
    let takes = match name {
        "METRICS" => "nothing or a string (METRICS(\"errors\"))",
        "FILL" => "a series and a value, REPEAT or LINEAR",
        "IF" => "a condition, a value and optionally another value",
        "ANOMALY_DETECTION_BAND" => "a series and optionally a number of standard deviations",
        _ => "one series",
    };
    let bad = |args: &[Expr]| MathError {
        at,
        rule: Rule::MathArguments,
        args: vec![name.to_string(), takes.to_string(), args.len().to_string()],
    };
    if args.len() < min || args.len() > max {
        return Err(bad(args));
    }
    match name {
        "METRICS" if args.iter().any(|a| !matches!(a, Expr::Str(_))) => Err(bad(args)),
        "ANOMALY_DETECTION_BAND" if args.len() == 2 && !matches!(args[1], Expr::Number(_)) => {
            Err(bad(args))
        }
        _ => Ok(()),
    }
}

/// Reads an expression.
pub fn parse(text: &str) -> Result<Expr, MathError> {
    let toks = lex(text)?;
    if toks.is_empty() {
        return Err(MathError {
            at: 0,
            rule: Rule::MathSyntax,
            args: vec!["end".into(), "value".into()],
        });
    }
    let mut p = Parser {
        toks,
        i: 0,
        end: text.chars().count(),
        depth: 0,
    };
    let e = p.binary(0)?;
    if p.i < p.toks.len() {
        return Err(p.fail("an operator"));
    }
    Ok(e)
}

/// A named series: a metric row's or an expression's values.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub id: String,
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// What an expression gives.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(f64),
    Series(Vec<Option<f64>>),
    /// Several series (METRICS(), an operator or function applied to them), with their labels.
    Array(Vec<(String, Vec<Option<f64>>)>),
}

/// What an expression is evaluated against.
pub struct Context<'a> {
    /// The metric rows (what `METRICS()` returns), in order.
    pub metrics: &'a [Series],
    /// The values of other ids (expressions already evaluated, metric rows too).
    pub lookup: &'a dyn Fn(&str) -> Option<Value>,
    /// The period of each datapoint, seconds.
    pub period_s: u32,
    /// The number of periods.
    pub len: usize,
}

/// Why an expression cannot be evaluated.
#[derive(Clone, Debug, PartialEq)]
pub enum EvalError {
    UnknownId(String),
    /// Two arrays of series combined.
    TwoArrays,
    /// A function given a value of the wrong kind.
    Argument(String),
    NotSimulated(String),
}

fn apply(op: Op, a: f64, b: f64) -> Option<f64> {
    let t = |c: bool| Some(if c { 1.0 } else { 0.0 });
    match op {
        Op::Add => Some(a + b),
        Op::Sub => Some(a - b),
        Op::Mul => Some(a * b),
        Op::Div => (b != 0.0).then(|| a / b),
        Op::Pow => Some(pow(a, b)),
        Op::Eq => t(a == b),
        Op::Ne => t(a != b),
        Op::Lt => t(a < b),
        Op::Le => t(a <= b),
        Op::Gt => t(a > b),
        Op::Ge => t(a >= b),
        Op::And => t(a != 0.0 && b != 0.0),
        Op::Or => t(a != 0.0 || b != 0.0),
    }
    .filter(|v| v.is_finite())
}

/// `a ^ b` with the engine's deterministic functions (exact for whole exponents).
fn pow(a: f64, b: f64) -> f64 {
    if b.fract() == 0.0 && b.abs() <= 1024.0 {
        return a.powi(b as i32);
    }
    if a <= 0.0 {
        return f64::NAN;
    }
    crate::numbers::exp(b * crate::numbers::ln(a))
}

fn zip(
    a: &[Option<f64>],
    b: &[Option<f64>],
    f: impl Fn(f64, f64) -> Option<f64>,
) -> Vec<Option<f64>> {
    a.iter()
        .zip(b)
        .map(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => f(*x, *y),
            _ => None,
        })
        .collect()
}

fn as_series(v: &Value, len: usize) -> Option<Vec<Option<f64>>> {
    match v {
        Value::Scalar(s) => Some(vec![Some(*s); len]),
        Value::Series(s) => Some(s.clone()),
        Value::Array(_) => None,
    }
}

fn binary(op: Op, a: Value, b: Value, len: usize) -> Result<Value, EvalError> {
    Ok(match (a, b) {
        (Value::Scalar(x), Value::Scalar(y)) => match apply(op, x, y) {
            Some(v) => Value::Scalar(v),
            None => Value::Series(vec![None; len]),
        },
        (Value::Array(_), Value::Array(_)) => return Err(EvalError::TwoArrays),
        (Value::Array(xs), y) => {
            let y = as_series(&y, len).unwrap_or_default();
            Value::Array(
                xs.into_iter()
                    .map(|(l, x)| (l, zip(&x, &y, |p, q| apply(op, p, q))))
                    .collect(),
            )
        }
        (x, Value::Array(ys)) => {
            let x = as_series(&x, len).unwrap_or_default();
            Value::Array(
                ys.into_iter()
                    .map(|(l, y)| (l, zip(&x, &y, |p, q| apply(op, p, q))))
                    .collect(),
            )
        }
        (x, y) => {
            let (x, y) = (
                as_series(&x, len).unwrap_or_default(),
                as_series(&y, len).unwrap_or_default(),
            );
            Value::Series(zip(&x, &y, |p, q| apply(op, p, q)))
        }
    })
}

/// A function from one series to another.
type SeriesFn<'a> = &'a dyn Fn(&[Option<f64>]) -> Vec<Option<f64>>;

fn map(v: Value, f: SeriesFn<'_>, len: usize) -> Value {
    match v {
        Value::Array(xs) => Value::Array(xs.into_iter().map(|(l, x)| (l, f(&x))).collect()),
        other => Value::Series(f(&as_series(&other, len).unwrap_or_default())),
    }
}

fn aggregate(values: impl Iterator<Item = f64>, how: &str) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    if v.is_empty() {
        return None;
    }
    Some(match how {
        "SUM" => v.iter().sum(),
        "AVG" => v.iter().sum::<f64>() / v.len() as f64,
        "MIN" => v.iter().copied().fold(f64::INFINITY, f64::min),
        _ => v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    })
}

/// The difference from the previous datapoint (and the periods between them).
fn diffs(s: &[Option<f64>], per_second: Option<u32>) -> Vec<Option<f64>> {
    let mut prev: Option<(usize, f64)> = None;
    s.iter()
        .enumerate()
        .map(|(i, v)| {
            let v = (*v)?;
            let out = prev.map(|(j, p)| match per_second {
                Some(period) => (v - p) / (f64::from(period) * (i - j) as f64),
                None => v - p,
            });
            prev = Some((i, v));
            out
        })
        .collect()
}

fn fill_repeat(s: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut last = None;
    s.iter()
        .map(|v| {
            if v.is_some() {
                last = *v;
            }
            last
        })
        .collect()
}

fn fill_linear(s: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut out = s.to_vec();
    let mut prev: Option<usize> = None;
    for i in 0..s.len() {
        if let Some(v) = s[i] {
            if let Some(j) = prev {
                let a = s[j].unwrap_or(v);
                for (k, slot) in out.iter_mut().enumerate().take(i).skip(j + 1) {
                    let t = (k - j) as f64 / (i - j) as f64;
                    *slot = Some(a + (v - a) * t);
                }
            }
            prev = Some(i);
        }
    }
    out
}

/// The simplified anomaly band: (lower, upper) from the previous [`BAND_WINDOW`] datapoints.
pub fn band(s: &[Option<f64>], k: f64) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    let mut lower = Vec::with_capacity(s.len());
    let mut upper = Vec::with_capacity(s.len());
    for i in 0..s.len() {
        let window: Vec<f64> = s[..i]
            .iter()
            .rev()
            .flatten()
            .take(BAND_WINDOW)
            .copied()
            .collect();
        if window.len() < 2 {
            lower.push(None);
            upper.push(None);
            continue;
        }
        let n = window.len() as f64;
        let mean = window.iter().sum::<f64>() / n;
        let var = window.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        let sd = var.sqrt();
        lower.push(Some(mean - k * sd));
        upper.push(Some(mean + k * sd));
    }
    (lower, upper)
}

/// Evaluates an expression.
pub fn evaluate(e: &Expr, cx: &Context<'_>) -> Result<Value, EvalError> {
    let len = cx.len;
    Ok(match e {
        Expr::Number(n) => Value::Scalar(*n),
        Expr::Str(s) => return Err(EvalError::Argument(s.clone())),
        Expr::Id { name, .. } => {
            (cx.lookup)(name).ok_or_else(|| EvalError::UnknownId(name.clone()))?
        }
        Expr::Neg(x) => binary(Op::Sub, Value::Scalar(0.0), evaluate(x, cx)?, len)?,
        Expr::Not(x) => binary(Op::Eq, evaluate(x, cx)?, Value::Scalar(0.0), len)?,
        Expr::Binary(op, a, b) => binary(*op, evaluate(a, cx)?, evaluate(b, cx)?, len)?,
        Expr::Call { name, args, .. } => call(name, args, cx)?,
    })
}

fn call(name: &str, args: &[Expr], cx: &Context<'_>) -> Result<Value, EvalError> {
    let len = cx.len;
    let arg = |i: usize| evaluate(&args[i], cx);
    Ok(match name {
        "METRICS" => {
            let filter = match args.first() {
                Some(Expr::Str(s)) => s.as_str(),
                _ => "",
            };
            Value::Array(
                cx.metrics
                    .iter()
                    .filter(|m| m.id.contains(filter))
                    .map(|m| (m.label.clone(), m.values.clone()))
                    .collect(),
            )
        }
        "SUM" | "AVG" | "MIN" | "MAX" => match arg(0)? {
            Value::Scalar(s) => Value::Scalar(s),
            Value::Series(s) => match aggregate(s.iter().flatten().copied(), name) {
                Some(v) => Value::Scalar(v),
                None => Value::Series(vec![None; len]),
            },
            Value::Array(xs) => Value::Series(
                (0..len)
                    .map(|i| {
                        aggregate(
                            xs.iter().filter_map(|(_, x)| x.get(i).copied().flatten()),
                            name,
                        )
                    })
                    .collect(),
            ),
        },
        "ABS" => map(
            arg(0)?,
            &|s| s.iter().map(|v| v.map(f64::abs)).collect(),
            len,
        ),
        "RATE" => {
            let p = cx.period_s;
            map(arg(0)?, &|s| diffs(s, Some(p)), len)
        }
        "DIFF" => map(arg(0)?, &|s| diffs(s, None), len),
        "PERIOD" => Value::Scalar(f64::from(cx.period_s)),
        "FILL" => {
            let how = match &args[1] {
                Expr::Id { name, .. } if name == "REPEAT" => Some(true),
                Expr::Id { name, .. } if name == "LINEAR" => Some(false),
                _ => None,
            };
            let base = arg(0)?;
            match how {
                Some(true) => map(base, &fill_repeat, len),
                Some(false) => map(base, &fill_linear, len),
                None => {
                    let with = as_series(&arg(1)?, len)
                        .ok_or_else(|| EvalError::Argument("FILL".into()))?;
                    map(
                        base,
                        &|s| s.iter().zip(&with).map(|(v, w)| v.or(*w)).collect(),
                        len,
                    )
                }
            }
        }
        "IF" => {
            let cond = arg(0)?;
            let a = as_series(&arg(1)?, len).ok_or_else(|| EvalError::Argument("IF".into()))?;
            let b = match args.get(2) {
                Some(_) => {
                    as_series(&arg(2)?, len).ok_or_else(|| EvalError::Argument("IF".into()))?
                }
                None => vec![None; len],
            };
            let pick = |c: &[Option<f64>]| -> Vec<Option<f64>> {
                c.iter()
                    .enumerate()
                    .map(|(i, c)| match c {
                        Some(c) if *c != 0.0 => a.get(i).copied().flatten(),
                        Some(_) => b.get(i).copied().flatten(),
                        None => None,
                    })
                    .collect()
            };
            map(cond, &pick, len)
        }
        "ANOMALY_DETECTION_BAND" => {
            let k = match args.get(1) {
                Some(Expr::Number(k)) => *k,
                _ => 2.0,
            };
            let s = as_series(&arg(0)?, len)
                .ok_or_else(|| EvalError::Argument("ANOMALY_DETECTION_BAND".into()))?;
            let (lo, hi) = band(&s, k);
            Value::Array(vec![("lower".into(), lo), ("upper".into(), hi)])
        }
        other => return Err(EvalError::NotSimulated(other.to_string())),
    })
}
