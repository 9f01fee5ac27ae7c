//! Compiled expressions and their evaluation: field names resolved once to a system field, a
//! discovered column or a slot, regular expressions compiled once, values borrowed from the
//! loaded events where they can be.

use core::net::IpAddr;
use std::borrow::Cow;

use super::ast::{BinOp, Expr, ExprKind, Function, Period};
use super::data::{Column, Events};
use crate::numbers;

/// A value in a result: missing, a number, a text, a Boolean or a time (epoch milliseconds).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Number(f64),
    Text(String),
    Bool(bool),
    Time(i64),
}

/// A value while a query runs: borrowed from the events or the row where possible.
#[derive(Clone, Debug)]
pub(crate) enum V<'a> {
    Null,
    Num(f64),
    Str(&'a str),
    /// A discovered value that reads as a number: its text and its number.
    Both(&'a str, f64),
    Own(String),
    Bool(bool),
    Time(i64),
}

impl V<'_> {
    pub fn is_null(&self) -> bool {
        matches!(self, V::Null)
    }

    pub fn num(&self) -> Option<f64> {
        match self {
            V::Num(n) | V::Both(_, n) => Some(*n),
            V::Time(t) => Some(*t as f64),
            V::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            V::Str(s) => s.trim().parse().ok(),
            V::Own(s) => s.trim().parse().ok(),
            V::Null => None,
        }
    }

    /// The number, without reading a text as one.
    fn strict_num(&self) -> Option<f64> {
        match self {
            V::Num(n) | V::Both(_, n) => Some(*n),
            V::Time(t) => Some(*t as f64),
            _ => None,
        }
    }

    pub fn text(&self) -> Option<Cow<'_, str>> {
        Some(match self {
            V::Null => return None,
            V::Str(s) | V::Both(s, _) => Cow::Borrowed(*s),
            V::Own(s) => Cow::Borrowed(s.as_str()),
            V::Num(n) => Cow::Owned(format_number(*n)),
            V::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            V::Time(t) => Cow::Owned(t.to_string()),
        })
    }

    pub fn truthy(&self) -> bool {
        match self {
            V::Null => false,
            V::Bool(b) => *b,
            V::Num(n) | V::Both(_, n) => *n != 0.0,
            V::Time(_) => true,
            V::Str(s) => !s.is_empty(),
            V::Own(s) => !s.is_empty(),
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            V::Null => Value::Null,
            V::Num(n) => Value::Number(*n),
            V::Both(_, n) => Value::Number(*n),
            V::Str(s) => Value::Text(s.to_string()),
            V::Own(s) => Value::Text(s.clone()),
            V::Bool(b) => Value::Bool(*b),
            V::Time(t) => Value::Time(*t),
        }
    }

    /// Writes the value into `slot`, reusing its text's buffer.
    pub fn store(&self, slot: &mut Value) {
        let text = match self {
            V::Str(s) => *s,
            V::Own(s) => s.as_str(),
            _ => {
                *slot = self.to_value();
                return;
            }
        };
        if let Value::Text(buf) = slot {
            buf.clear();
            buf.push_str(text);
        } else {
            *slot = Value::Text(text.to_string());
        }
    }
}

pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl Value {
    pub(crate) fn as_v(&self) -> V<'_> {
        match self {
            Value::Null => V::Null,
            Value::Number(n) => V::Num(*n),
            Value::Text(s) => V::Str(s),
            Value::Bool(b) => V::Bool(*b),
            Value::Time(t) => V::Time(*t),
        }
    }
}

/// A system field (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Sys {
    Timestamp,
    Ingestion,
    Stream,
    Log,
    Message,
}

pub(crate) const SYSTEM: &[(&str, Sys)] = &[
    ("@timestamp", Sys::Timestamp),
    ("@ingestionTime", Sys::Ingestion),
    ("@logStream", Sys::Stream),
    ("@log", Sys::Log),
    ("@message", Sys::Message),
];

/// A text matcher: a substring when the pattern has no regular-expression syntax.
#[derive(Clone, Debug)]
pub(crate) enum Matcher {
    Contains(String),
    Regex(regex_lite::Regex),
}

impl Matcher {
    pub fn new(pattern: &str, regex: bool) -> Matcher {
        let meta = |c: char| "\\.+*?()|[]{}^$".contains(c);
        if !regex || !pattern.contains(meta) {
            return Matcher::Contains(pattern.to_string());
        }
        match regex_lite::Regex::new(pattern) {
            Ok(r) => Matcher::Regex(r),
            Err(_) => Matcher::Contains(pattern.to_string()),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        match self {
            Matcher::Contains(s) => text.contains(s.as_str()),
            Matcher::Regex(r) => r.is_match(text),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum C {
    Sys(Sys),
    Col(usize),
    Slot(usize),
    Const(Value),
    Period(Period),
    Not(Box<C>),
    Negate(Box<C>),
    Binary(BinOp, Box<C>, Box<C>),
    Like {
        negated: bool,
        value: Box<C>,
        matcher: Matcher,
    },
    LikeDynamic {
        negated: bool,
        value: Box<C>,
        pattern: Box<C>,
    },
    In {
        negated: bool,
        value: Box<C>,
        list: Vec<C>,
    },
    Call(Function, Vec<C>),
}

/// Compiles an expression; `field` resolves a name.
pub(crate) fn compile(e: &Expr, field: &mut dyn FnMut(&str) -> C) -> C {
    let mut go = |x: &Expr| compile(x, field);
    match &e.kind {
        ExprKind::Field(name) => field(name),
        ExprKind::Number(n) => C::Const(Value::Number(*n)),
        ExprKind::Str(s) => C::Const(Value::Text(s.clone())),
        ExprKind::Regex(r) => C::Const(Value::Text(r.clone())),
        ExprKind::Period(p) => C::Period(*p),
        ExprKind::List(items) => C::In {
            negated: false,
            value: Box::new(C::Const(Value::Null)),
            list: items.iter().map(go).collect(),
        },
        ExprKind::Star => C::Const(Value::Null),
        ExprKind::Not(a) => C::Not(Box::new(go(a))),
        ExprKind::Negate(a) => C::Negate(Box::new(go(a))),
        ExprKind::Binary(op, a, b) => C::Binary(*op, Box::new(go(a)), Box::new(go(b))),
        ExprKind::Like {
            negated,
            value,
            pattern,
        } => {
            let value = Box::new(go(value));
            match &pattern.kind {
                ExprKind::Str(s) => C::Like {
                    negated: *negated,
                    value,
                    matcher: Matcher::new(s, false),
                },
                ExprKind::Regex(r) => C::Like {
                    negated: *negated,
                    value,
                    matcher: Matcher::new(r, true),
                },
                _ => C::LikeDynamic {
                    negated: *negated,
                    value,
                    pattern: Box::new(go(pattern)),
                },
            }
        }
        ExprKind::In {
            negated,
            value,
            list,
        } => C::In {
            negated: *negated,
            value: Box::new(go(value)),
            list: list.iter().map(go).collect(),
        },
        ExprKind::Call(f, args) => C::Call(*f, args.iter().map(go).collect()),
    }
}

/// Where an expression reads its fields: an event of the loaded events (or none, for a row of
/// stats output), the discovered columns it uses, and the row's slots.
pub(crate) struct Ctx<'a> {
    pub events: &'a Events,
    pub event: Option<usize>,
    pub cols: &'a [&'a Column],
    pub slots: &'a [Value],
}

impl<'a> Ctx<'a> {
    pub fn eval(&self, c: &'a C) -> V<'a> {
        match c {
            C::Sys(s) => {
                let Some(i) = self.event else { return V::Null };
                let ev = self.events;
                match s {
                    Sys::Timestamp => V::Time(ev.timestamp[i]),
                    Sys::Ingestion => V::Time(ev.ingestion[i]),
                    Sys::Stream => V::Str(&ev.streams[ev.stream[i] as usize]),
                    Sys::Log => V::Str(&ev.logs[ev.log[i] as usize]),
                    Sys::Message => V::Str(&ev.message[i]),
                }
            }
            C::Col(k) => {
                let Some(i) = self.event else { return V::Null };
                match self.cols[*k].get(i) {
                    None => V::Null,
                    Some(e) => match e.number {
                        Some(n) => V::Both(&e.text, n),
                        None => V::Str(&e.text),
                    },
                }
            }
            C::Slot(k) => self.slots.get(*k).map_or(V::Null, Value::as_v),
            C::Const(v) => v.as_v(),
            C::Period(Period::Millis(ms)) => V::Num(*ms as f64),
            C::Period(Period::Months(_)) => V::Null,
            C::Not(a) => {
                let v = self.eval(a);
                if v.is_null() {
                    V::Null
                } else {
                    V::Bool(!v.truthy())
                }
            }
            C::Negate(a) => self.eval(a).num().map_or(V::Null, |n| V::Num(-n)),
            C::Binary(op, a, b) => self.binary(*op, a, b),
            C::Like {
                negated,
                value,
                matcher,
            } => match self.eval(value).text() {
                None => V::Bool(false),
                Some(t) => V::Bool(matcher.is_match(&t) != *negated),
            },
            C::LikeDynamic {
                negated,
                value,
                pattern,
            } => {
                let (v, p) = (self.eval(value), self.eval(pattern));
                match (v.text(), p.text()) {
                    (Some(t), Some(p)) => V::Bool(t.contains(p.as_ref()) != *negated),
                    _ => V::Bool(false),
                }
            }
            C::In {
                negated,
                value,
                list,
            } => {
                let v = self.eval(value);
                if v.is_null() {
                    return V::Bool(false);
                }
                let found = list.iter().any(|x| equal(&v, &self.eval(x)));
                V::Bool(found != *negated)
            }
            C::Call(f, args) => self.call(*f, args),
        }
    }

    fn binary(&self, op: BinOp, a: &'a C, b: &'a C) -> V<'a> {
        match op {
            BinOp::And => {
                return V::Bool(self.eval(a).truthy() && self.eval(b).truthy());
            }
            BinOp::Or => {
                return V::Bool(self.eval(a).truthy() || self.eval(b).truthy());
            }
            _ => {}
        }
        let (x, y) = (self.eval(a), self.eval(b));
        // A comparison with a missing field is false.
        if x.is_null() || y.is_null() {
            return match op {
                BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                    V::Bool(false)
                }
                _ => V::Null,
            };
        }
        let cmp = |o: std::cmp::Ordering| -> V<'a> {
            use std::cmp::Ordering::*;
            V::Bool(match op {
                BinOp::Eq => o == Equal,
                BinOp::Ne => o != Equal,
                BinOp::Lt => o == Less,
                BinOp::Le => o != Greater,
                BinOp::Gt => o == Greater,
                _ => o != Less,
            })
        };
        match op {
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                cmp(compare(&x, &y))
            }
            _ => {
                let (Some(p), Some(q)) = (x.num(), y.num()) else {
                    return V::Null;
                };
                let r = match op {
                    BinOp::Add => p + q,
                    BinOp::Sub => p - q,
                    BinOp::Mul => p * q,
                    BinOp::Div => p / q,
                    BinOp::Rem => p % q,
                    _ => pow(p, q),
                };
                if r.is_finite() {
                    V::Num(r)
                } else {
                    V::Null
                }
            }
        }
    }

    fn call(&self, f: Function, args: &'a [C]) -> V<'a> {
        use Function as F;
        let arg = |i: usize| args.get(i).map_or(V::Null, |a| self.eval(a));
        let text = |i: usize| -> Option<String> { arg(i).text().map(Cow::into_owned) };
        let num = |i: usize| arg(i).num();
        let map = |n: Option<f64>, g: fn(f64) -> f64| {
            n.map(g).filter(|x| x.is_finite()).map_or(V::Null, V::Num)
        };
        let time = |i: usize| -> Option<i64> {
            match arg(i) {
                V::Time(t) => Some(t),
                v => v.num().map(|n| n as i64),
            }
        };
        match f {
            F::Strlen => arg(0)
                .text()
                .map_or(V::Null, |t| V::Num(t.chars().count() as f64)),
            F::Toupper => text(0).map_or(V::Null, |t| V::Own(t.to_uppercase())),
            F::Tolower => text(0).map_or(V::Null, |t| V::Own(t.to_lowercase())),
            F::Trim | F::Ltrim | F::Rtrim => {
                let Some(t) = text(0) else { return V::Null };
                let chars: Option<Vec<char>> = text(1).map(|c| c.chars().collect());
                let is = |c: char| match &chars {
                    Some(set) => set.contains(&c),
                    None => c.is_whitespace(),
                };
                V::Own(match f {
                    F::Trim => t.trim_matches(is).to_string(),
                    F::Ltrim => t.trim_start_matches(is).to_string(),
                    _ => t.trim_end_matches(is).to_string(),
                })
            }
            F::Concat => {
                let mut out = String::new();
                for i in 0..args.len() {
                    if let Some(t) = arg(i).text() {
                        out.push_str(&t);
                    }
                }
                V::Own(out)
            }
            F::Substr => {
                let Some(t) = text(0) else { return V::Null };
                let start = num(1).unwrap_or(0.0).max(0.0) as usize;
                let len = num(2).map_or(usize::MAX, |n| n.max(0.0) as usize);
                V::Own(t.chars().skip(start).take(len).collect())
            }
            F::Replace => match (text(0), text(1), text(2)) {
                (Some(t), Some(from), Some(to)) if !from.is_empty() => {
                    V::Own(t.replace(&from, &to))
                }
                (Some(t), _, _) => V::Own(t),
                _ => V::Null,
            },
            F::Strcontains => match (arg(0).text(), arg(1).text()) {
                (Some(t), Some(s)) => V::Num(if t.contains(s.as_ref()) { 1.0 } else { 0.0 }),
                _ => V::Num(0.0),
            },
            F::Isempty => V::Bool(arg(0).text().is_none_or(|t| t.is_empty())),
            F::Isblank => V::Bool(arg(0).text().is_none_or(|t| t.trim().is_empty())),
            F::Abs => map(num(0), f64::abs),
            F::Ceil => map(num(0), f64::ceil),
            F::Floor => map(num(0), f64::floor),
            F::Log => map(num(0), numbers::ln),
            F::Sqrt => map(num(0), f64::sqrt),
            F::Greatest | F::Least => {
                let vals = (0..args.len()).filter_map(num);
                let r = if f == F::Greatest {
                    vals.fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
                } else {
                    vals.fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))))
                };
                r.map_or(V::Null, V::Num)
            }
            F::Bin => match (self.event, &args[0]) {
                (Some(i), C::Period(p)) => V::Time(floor_time(self.events.timestamp[i], *p)),
                _ => V::Null,
            },
            F::Datefloor | F::Dateceil => match (time(0), &args[1]) {
                (Some(t), C::Period(p)) => {
                    let lo = floor_time(t, *p);
                    V::Time(if f == F::Dateceil && lo != t {
                        add_period(lo, *p)
                    } else {
                        lo
                    })
                }
                _ => V::Null,
            },
            F::FromMillis => num(0).map_or(V::Null, |n| V::Time(n as i64)),
            F::ToMillis => time(0).map_or(V::Null, |t| V::Num(t as f64)),
            F::IsValidIp | F::IsValidIpV4 | F::IsValidIpV6 => {
                let ip = arg(0).text().and_then(|t| t.parse::<IpAddr>().ok());
                V::Bool(matches!(
                    (f, ip),
                    (F::IsValidIp, Some(_))
                        | (F::IsValidIpV4, Some(IpAddr::V4(_)))
                        | (F::IsValidIpV6, Some(IpAddr::V6(_)))
                ))
            }
            F::IsIpInSubnet | F::IsIpv4InSubnet | F::IsIpv6InSubnet => {
                let (a, b) = (arg(0), arg(1));
                let (Some(ip), Some(net)) = (a.text(), b.text()) else {
                    return V::Bool(false);
                };
                let inside = in_subnet(&ip, &net) == Some(true);
                let family = ip.trim().parse::<IpAddr>().ok();
                V::Bool(
                    inside
                        && match f {
                            F::IsIpv4InSubnet => matches!(family, Some(IpAddr::V4(_))),
                            F::IsIpv6InSubnet => matches!(family, Some(IpAddr::V6(_))),
                            _ => true,
                        },
                )
            }
            F::Ispresent => V::Bool(!arg(0).is_null()),
            F::Coalesce => {
                for a in args {
                    let v = self.eval(a);
                    if !v.is_null() {
                        return v;
                    }
                }
                V::Null
            }
            // Aggregates are computed by stats, never here.
            _ => V::Null,
        }
    }
}

fn pow(p: f64, q: f64) -> f64 {
    if q.fract() == 0.0 && q.abs() <= 64.0 {
        let mut r = 1.0;
        for _ in 0..q.abs() as u32 {
            r *= p;
        }
        if q < 0.0 {
            1.0 / r
        } else {
            r
        }
    } else {
        numbers::exp(q * numbers::ln(p))
    }
}

/// Whether `ip` is in the CIDR block `net`: None when either is not valid.
fn in_subnet(ip: &str, net: &str) -> Option<bool> {
    let ip: IpAddr = ip.trim().parse().ok()?;
    let (base, bits) = net.trim().split_once('/')?;
    let base: IpAddr = base.parse().ok()?;
    let bits: u32 = bits.parse().ok()?;
    match (ip, base) {
        (IpAddr::V4(a), IpAddr::V4(b)) if bits <= 32 => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            Some(u32::from(a) & mask == u32::from(b) & mask)
        }
        (IpAddr::V6(a), IpAddr::V6(b)) if bits <= 128 => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            Some(u128::from(a) & mask == u128::from(b) & mask)
        }
        (IpAddr::V4(_), IpAddr::V4(_)) | (IpAddr::V6(_), IpAddr::V6(_)) => None,
        _ => Some(false),
    }
}

/// Numbers compare as numbers when both sides have one; otherwise as texts.
pub(crate) fn compare(x: &V, y: &V) -> std::cmp::Ordering {
    if let (Some(p), Some(q)) = (x.strict_num(), y.strict_num()) {
        return p.total_cmp(&q);
    }
    if let (Some(p), Some(s)) = (x.strict_num(), plain(y)) {
        if let Ok(q) = s.trim().parse::<f64>() {
            if !matches!(x, V::Both(..)) {
                return p.total_cmp(&q);
            }
        }
    }
    if let (Some(s), Some(q)) = (plain(x), y.strict_num()) {
        if let Ok(p) = s.trim().parse::<f64>() {
            if !matches!(y, V::Both(..)) {
                return p.total_cmp(&q);
            }
        }
    }
    let (a, b) = (x.text().unwrap_or_default(), y.text().unwrap_or_default());
    a.as_ref().cmp(b.as_ref())
}

fn plain<'b>(v: &'b V) -> Option<&'b str> {
    match v {
        V::Str(s) => Some(s),
        V::Own(s) => Some(s),
        _ => None,
    }
}

pub(crate) fn equal(x: &V, y: &V) -> bool {
    compare(x, y) == std::cmp::Ordering::Equal
}

/// The start of the period holding `t` (periods counted from the epoch; months from January 1970).
pub(crate) fn floor_time(t: i64, p: Period) -> i64 {
    match p {
        Period::Millis(ms) => t.div_euclid(ms) * ms,
        Period::Months(n) => {
            let (y, m, ..) = crate::text::civil(t.div_euclid(1000));
            let months = (y - 1970) * 12 + (m - 1);
            let start = months.div_euclid(n) * n;
            crate::text::unix_time(
                1970 + start.div_euclid(12),
                start.rem_euclid(12) + 1,
                1,
                0,
                0,
                0,
            ) * 1000
        }
    }
}

pub(crate) fn add_period(t: i64, p: Period) -> i64 {
    match p {
        Period::Millis(ms) => t + ms,
        Period::Months(n) => {
            let (y, m, ..) = crate::text::civil(t.div_euclid(1000));
            let months = (y - 1970) * 12 + (m - 1) + n;
            crate::text::unix_time(
                1970 + months.div_euclid(12),
                months.rem_euclid(12) + 1,
                1,
                0,
                0,
                0,
            ) * 1000
        }
    }
}
