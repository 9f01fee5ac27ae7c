//! Running a parsed query over loaded events.
//!
//! The commands before the first `stats`, `sort`, `limit` or `dedup` run event by event over
//! the columns (`fields` and `parse` write the event's slots, `filter` drops it); what passes
//! goes into `stats`' groups, or becomes a row (an event index and its slots). The remaining
//! commands run over those rows in order.

use std::collections::{BTreeMap, BTreeSet};

use super::ast::{Command, CommandKind, Expr, ExprKind, Function, ParsePattern, Query, Stats};
use super::data::{Column, Events};
use super::eval::{compare, compile, Ctx, Value, C, SYSTEM, V};

/// The rows returned when the query has no `limit`
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Limit.html).
pub const DEFAULT_LIMIT: usize = 10_000;

/// The time range a query covers, in epoch milliseconds, both ends included.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub start_ms: i64,
    pub end_ms: i64,
}

impl Range {
    /// Every event.
    pub const ALL: Range = Range {
        start_ms: i64::MIN,
        end_ms: i64::MAX,
    };
}

/// What Logs Insights reports beside the rows
/// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_QueryStatistics.html).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Statistics {
    /// Events that passed every filter before stats (or before the rows were cut).
    pub records_matched: u64,
    /// Events in the time range.
    pub records_scanned: u64,
    /// The bytes of the scanned events' messages (UTF-8).
    pub bytes_scanned: u64,
}

/// One line of a chart: a name and (bin start, value) points, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(i64, f64)>,
}

/// The chart of `stats … by bin(period)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// The bin's column, such as `bin(5m)`.
    pub bin_column: String,
    pub series: Vec<Series>,
}

/// A query's result: columns, rows of typed values, statistics and, for `stats … by bin()`,
/// the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub statistics: Statistics,
    pub chart: Option<Chart>,
}

impl QueryResult {
    /// The value of `column` in row `row`.
    pub fn get(&self, row: usize, column: &str) -> Option<&Value> {
        let c = self.columns.iter().position(|n| n == column)?;
        self.rows.get(row)?.get(c)
    }
}

struct Row {
    event: Option<u32>,
    slots: Vec<Value>,
}

/// Names in scope: a name, what it reads.
#[derive(Clone, Default)]
struct Scope {
    names: Vec<(String, C)>,
    /// Output columns so far.
    columns: Vec<String>,
    slots: usize,
}

impl Scope {
    fn lookup(&self, name: &str) -> Option<C> {
        self.names
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.clone())
    }

    fn new_slot(&mut self, name: &str) -> usize {
        let k = self.slots;
        self.slots += 1;
        self.names.push((name.to_string(), C::Slot(k)));
        k
    }

    fn show(&mut self, name: &str) {
        if !self.columns.iter().any(|c| c == name) {
            self.columns.push(name.to_string());
        }
    }
}

struct Plan<'a> {
    events: &'a Events,
    cols: Vec<&'a Column>,
    col_names: Vec<String>,
}

impl<'a> Plan<'a> {
    /// What a name reads while rows are events: a slot, a system field, a discovered column.
    fn resolve_event(&mut self, scope: &Scope, name: &str) -> C {
        if let Some(c) = scope.lookup(name) {
            return c;
        }
        if let Some((_, s)) = SYSTEM.iter().find(|(n, _)| *n == name) {
            return C::Sys(*s);
        }
        if let Some(k) = self.col_names.iter().position(|n| n == name) {
            return C::Col(k);
        }
        match self.events.fields.get(name) {
            Some(col) => {
                self.cols.push(col);
                self.col_names.push(name.to_string());
                C::Col(self.cols.len() - 1)
            }
            None => C::Const(Value::Null),
        }
    }
}

enum Step {
    Fields(Vec<(usize, C)>),
    Parse {
        source: C,
        pattern: CompiledPattern,
        slots: Vec<usize>,
    },
    Filter(C),
}

enum CompiledPattern {
    Glob(Vec<String>),
    Regex(regex_lite::Regex, Vec<usize>),
}

/// Runs `query` over the events in `range`.
pub fn run(query: &Query, events: &Events, range: Range) -> QueryResult {
    let mut plan = Plan {
        events,
        cols: Vec::new(),
        col_names: Vec::new(),
    };
    let commands: Vec<&Command> = query
        .commands
        .iter()
        .filter(|c| !matches!(c.kind, CommandKind::NotSimulated(_) | CommandKind::Unmask))
        .collect();
    let split = commands
        .iter()
        .position(|c| {
            matches!(
                c.kind,
                CommandKind::Stats(_)
                    | CommandKind::Sort(_)
                    | CommandKind::Limit(_)
                    | CommandKind::Dedup(_)
            )
        })
        .unwrap_or(commands.len());
    let mut scope = Scope::default();
    let mut steps = Vec::new();
    let mut display: Option<Vec<String>> = None;
    for c in &commands[..split] {
        match &c.kind {
            CommandKind::Fields(ps) => {
                let mut list = Vec::new();
                for p in ps {
                    let e = compile(&p.expr, &mut |n| plan.resolve_event(&scope, n));
                    let k = scope.new_slot(&p.name);
                    scope.show(&p.name);
                    list.push((k, e));
                }
                steps.push(Step::Fields(list));
            }
            CommandKind::Display(ps) => {
                let mut names = Vec::new();
                let mut list = Vec::new();
                for p in ps {
                    if !matches!(p.expr.kind, ExprKind::Field(ref f) if *f == p.name) {
                        let e = compile(&p.expr, &mut |n| plan.resolve_event(&scope, n));
                        let k = scope.new_slot(&p.name);
                        list.push((k, e));
                    }
                    names.push(p.name.clone());
                }
                if !list.is_empty() {
                    steps.push(Step::Fields(list));
                }
                display = Some(names);
            }
            CommandKind::Parse(p) => {
                let source = compile(&p.source, &mut |n| plan.resolve_event(&scope, n));
                let slots: Vec<usize> = p.names.iter().map(|n| scope.new_slot(n)).collect();
                for n in &p.names {
                    scope.show(n);
                }
                let pattern = match &p.pattern {
                    ParsePattern::Glob(pieces) => CompiledPattern::Glob(pieces.clone()),
                    ParsePattern::Regex(r) => {
                        let re = regex_lite::Regex::new(r).expect("checked by the parser");
                        let groups = p
                            .names
                            .iter()
                            .map(|n| {
                                re.capture_names()
                                    .position(|g| g == Some(n.as_str()))
                                    .unwrap_or(0)
                            })
                            .collect();
                        CompiledPattern::Regex(re, groups)
                    }
                };
                steps.push(Step::Parse {
                    source,
                    pattern,
                    slots,
                });
            }
            CommandKind::Filter(e) => {
                steps.push(Step::Filter(compile(e, &mut |n| {
                    plan.resolve_event(&scope, n)
                })));
            }
            _ => {}
        }
    }
    let rest = &commands[split..];
    let first_stats = match rest.first().map(|c| &c.kind) {
        Some(CommandKind::Stats(s)) => Some(s),
        _ => None,
    };

    // The event pass.
    let n = events.len();
    let lo = events.timestamp.partition_point(|&t| t > range.end_ms);
    let hi = events
        .timestamp
        .partition_point(|&t| t >= range.start_ms)
        .max(lo);
    let mut statistics = Statistics {
        records_scanned: (hi - lo) as u64,
        bytes_scanned: events.message[lo..hi.min(n)]
            .iter()
            .map(|m| m.len() as u64)
            .sum(),
        ..Statistics::default()
    };
    let cap = if rest.iter().all(|c| {
        matches!(
            c.kind,
            CommandKind::Limit(_) | CommandKind::Fields(_) | CommandKind::Display(_)
        )
    }) {
        rest.iter()
            .filter_map(|c| match c.kind {
                CommandKind::Limit(l) => Some(l as usize),
                _ => None,
            })
            .min()
            .unwrap_or(DEFAULT_LIMIT)
    } else {
        usize::MAX
    };

    let mut slots = vec![Value::Null; scope.slots];
    let mut scratch = Value::Null;
    let mut source_buf = String::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut stats = first_stats.map(|s| aggregator(s, &mut |n| plan.resolve_event(&scope, n)));
    let cols = plan.cols.clone();
    let mut locs = steps.iter().find_map(|s| match s {
        Step::Parse {
            pattern: CompiledPattern::Regex(r, _),
            ..
        } => Some(r.capture_locations()),
        _ => None,
    });
    'events: for i in lo..hi {
        for step in &steps {
            match step {
                Step::Filter(c) => {
                    let ctx = Ctx {
                        events,
                        event: Some(i),
                        cols: &cols,
                        slots: &slots,
                    };
                    if !ctx.eval(c).truthy() {
                        continue 'events;
                    }
                }
                Step::Fields(list) => {
                    for (k, c) in list {
                        {
                            let ctx = Ctx {
                                events,
                                event: Some(i),
                                cols: &cols,
                                slots: &slots,
                            };
                            ctx.eval(c).store(&mut scratch);
                        }
                        std::mem::swap(&mut slots[*k], &mut scratch);
                    }
                }
                Step::Parse {
                    source,
                    pattern,
                    slots: out,
                } => {
                    source_buf.clear();
                    let present = {
                        let ctx = Ctx {
                            events,
                            event: Some(i),
                            cols: &cols,
                            slots: &slots,
                        };
                        match ctx.eval(source).text() {
                            Some(t) => {
                                source_buf.push_str(&t);
                                true
                            }
                            None => false,
                        }
                    };
                    run_parse(
                        present,
                        &source_buf,
                        pattern,
                        out,
                        &mut slots,
                        locs.as_mut(),
                    );
                }
            }
        }
        statistics.records_matched += 1;
        let ctx = Ctx {
            events,
            event: Some(i),
            cols: &cols,
            slots: &slots,
        };
        if let Some(agg) = stats.as_mut() {
            agg.add(&ctx);
        } else if rows.len() < cap {
            rows.push(Row {
                event: Some(i as u32),
                slots: slots.clone(),
            });
        }
    }

    // The row passes.
    let mut chart = None;
    let mut in_events = true;
    if let Some(agg) = stats {
        let s = first_stats.expect("stats");
        let (new_rows, new_scope, c) = agg.finish(s);
        rows = new_rows;
        scope = new_scope;
        chart = c;
        in_events = false;
        display = None;
    }
    let start = usize::from(first_stats.is_some());
    for c in &rest[start..] {
        let resolve = |scope: &Scope, plan: &mut Plan, n: &str| -> C {
            if in_events {
                plan.resolve_event(scope, n)
            } else {
                scope.lookup(n).unwrap_or(C::Const(Value::Null))
            }
        };
        match &c.kind {
            CommandKind::Fields(ps) | CommandKind::Display(ps) => {
                let mut names = Vec::new();
                for p in ps {
                    names.push(p.name.clone());
                    if matches!(p.expr.kind, ExprKind::Field(ref f) if *f == p.name)
                        && matches!(c.kind, CommandKind::Display(_))
                    {
                        continue;
                    }
                    let e = compile(&p.expr, &mut |n| resolve(&scope, &mut plan, n));
                    let cols = plan.cols.clone();
                    for r in rows.iter_mut() {
                        let v = {
                            let ctx = Ctx {
                                events,
                                event: r.event.map(|e| e as usize),
                                cols: &cols,
                                slots: &r.slots,
                            };
                            ctx.eval(&e).to_value()
                        };
                        r.slots.push(v);
                    }
                    scope.new_slot(&p.name);
                    if matches!(c.kind, CommandKind::Fields(_)) {
                        scope.show(&p.name);
                    }
                }
                if matches!(c.kind, CommandKind::Display(_)) {
                    display = Some(names);
                }
            }
            CommandKind::Filter(e) => {
                let e = compile(e, &mut |n| resolve(&scope, &mut plan, n));
                let cols = plan.cols.clone();
                rows.retain(|r| {
                    Ctx {
                        events,
                        event: r.event.map(|e| e as usize),
                        cols: &cols,
                        slots: &r.slots,
                    }
                    .eval(&e)
                    .truthy()
                });
            }
            CommandKind::Sort(keys) => {
                let compiled: Vec<(C, bool)> = keys
                    .iter()
                    .map(|k| {
                        (
                            compile(&k.expr, &mut |n| resolve(&scope, &mut plan, n)),
                            k.descending,
                        )
                    })
                    .collect();
                let cols = plan.cols.clone();
                let mut keyed: Vec<(Vec<Value>, Row)> = rows
                    .into_iter()
                    .map(|r| {
                        let ctx = Ctx {
                            events,
                            event: r.event.map(|e| e as usize),
                            cols: &cols,
                            slots: &r.slots,
                        };
                        let k = compiled
                            .iter()
                            .map(|(c, _)| ctx.eval(c).to_value())
                            .collect();
                        (k, r)
                    })
                    .collect();
                keyed.sort_by(|(a, _), (b, _)| {
                    for (j, (_, desc)) in compiled.iter().enumerate() {
                        let (x, y) = (&a[j], &b[j]);
                        // Missing values sort last either way.
                        let o = match (x, y) {
                            (Value::Null, Value::Null) => std::cmp::Ordering::Equal,
                            (Value::Null, _) => std::cmp::Ordering::Greater,
                            (_, Value::Null) => std::cmp::Ordering::Less,
                            _ => {
                                let o = compare(&x.as_v(), &y.as_v());
                                if *desc {
                                    o.reverse()
                                } else {
                                    o
                                }
                            }
                        };
                        if o != std::cmp::Ordering::Equal {
                            return o;
                        }
                    }
                    std::cmp::Ordering::Equal
                });
                rows = keyed.into_iter().map(|(_, r)| r).collect();
            }
            CommandKind::Limit(l) => rows.truncate(*l as usize),
            CommandKind::Dedup(names) => {
                let compiled: Vec<C> = names
                    .iter()
                    .map(|n| resolve(&scope, &mut plan, n))
                    .collect();
                let cols = plan.cols.clone();
                let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
                rows.retain(|r| {
                    let ctx = Ctx {
                        events,
                        event: r.event.map(|e| e as usize),
                        cols: &cols,
                        slots: &r.slots,
                    };
                    let vals: Vec<V> = compiled.iter().map(|c| ctx.eval(c)).collect();
                    // Rows missing a dedup field are kept (the documentation: null values
                    // are not deduplicated).
                    if vals.iter().any(V::is_null) {
                        return true;
                    }
                    let key = vals
                        .iter()
                        .map(|v| v.text().map(|t| t.into_owned()).unwrap_or_default())
                        .collect();
                    seen.insert(key)
                });
            }
            CommandKind::Stats(s) => {
                let mut agg = aggregator(s, &mut |n| resolve(&scope, &mut plan, n));
                let cols = plan.cols.clone();
                for r in &rows {
                    agg.add(&Ctx {
                        events,
                        event: r.event.map(|e| e as usize),
                        cols: &cols,
                        slots: &r.slots,
                    });
                }
                let (new_rows, new_scope, c) = agg.finish(s);
                rows = new_rows;
                scope = new_scope;
                chart = c;
                in_events = false;
                display = None;
            }
            _ => {}
        }
    }
    if !commands
        .iter()
        .any(|c| matches!(c.kind, CommandKind::Limit(_)))
    {
        rows.truncate(DEFAULT_LIMIT);
    }

    // The columns shown.
    let mut columns = display.unwrap_or_else(|| scope.columns.clone());
    if columns.is_empty() && in_events {
        columns = vec!["@timestamp".into(), "@message".into()];
    }
    let readers: Vec<C> = columns
        .iter()
        .map(|n| {
            if in_events {
                plan.resolve_event(&scope, n)
            } else {
                scope.lookup(n).unwrap_or(C::Const(Value::Null))
            }
        })
        .collect();
    let cols = plan.cols.clone();
    let out_rows = rows
        .iter()
        .map(|r| {
            let ctx = Ctx {
                events,
                event: r.event.map(|e| e as usize),
                cols: &cols,
                slots: &r.slots,
            };
            readers.iter().map(|c| ctx.eval(c).to_value()).collect()
        })
        .collect();
    QueryResult {
        columns,
        rows: out_rows,
        statistics,
        chart,
    }
}

/// Glob patterns match anywhere in the text: each `*` takes the shortest text up to the next
/// literal piece, and a final `*` takes the rest. A text that does not match leaves every
/// field missing.
fn run_parse(
    present: bool,
    text: &str,
    pattern: &CompiledPattern,
    out: &[usize],
    slots: &mut [Value],
    locs: Option<&mut regex_lite::CaptureLocations>,
) {
    let clear = |slots: &mut [Value]| {
        for k in out {
            slots[*k] = Value::Null;
        }
    };
    if !present {
        return clear(slots);
    }
    match pattern {
        CompiledPattern::Glob(pieces) => {
            let Some(first) = text.find(pieces[0].as_str()) else {
                return clear(slots);
            };
            let mut at = first + pieces[0].len();
            let mut spans = Vec::with_capacity(out.len());
            for (j, piece) in pieces[1..].iter().enumerate() {
                let last = j + 2 == pieces.len();
                let end = if piece.is_empty() && last {
                    text.len()
                } else if piece.is_empty() {
                    at
                } else {
                    match text[at..].find(piece.as_str()) {
                        Some(e) => at + e,
                        None => return clear(slots),
                    }
                };
                spans.push((at, end));
                at = end + piece.len();
            }
            for (k, (a, b)) in out.iter().zip(spans) {
                V::Str(&text[a..b]).store(&mut slots[*k]);
            }
        }
        CompiledPattern::Regex(re, groups) => {
            let Some(locs) = locs else {
                return clear(slots);
            };
            if re.captures_read(locs, text).is_none() {
                return clear(slots);
            }
            for (k, g) in out.iter().zip(groups) {
                match locs.get(*g) {
                    Some((a, b)) => V::Str(&text[a..b]).store(&mut slots[*k]),
                    None => slots[*k] = Value::Null,
                }
            }
        }
    }
}

/// A group key's part: no allocation to look a group up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Null,
    Num(u64),
    Text(u32),
    /// A discovered column's value code.
    Code(u32, u32),
    Bool(bool),
    Time(i64),
}

enum State {
    Count(u64),
    Distinct(BTreeSet<Key>),
    Sum(f64, u64),
    Min(Option<V2>),
    Max(Option<V2>),
    Values(Vec<f64>),
    /// Welford's running count, mean and sum of squared deviations.
    Spread(u64, f64, f64),
    Earliest(Option<(i64, Value)>),
    Latest(Option<(i64, Value)>),
    First(Option<Value>),
    Last(Option<Value>),
}

/// A number kept with its kind (time or number), for min and max.
#[derive(Clone, Copy)]
struct V2(f64, bool);

/// A stats command compiled: its groups, the aggregate calls found in its items (function,
/// arguments, percentile), and the items as expressions over the calls' values (slot k: call
/// k; slot calls + i: item i).
struct Aggregator {
    by: Vec<C>,
    aggs: Vec<(Function, Vec<C>, f64)>,
    items: Vec<C>,
    texts: BTreeMap<Box<str>, u32>,
    groups: BTreeMap<Vec<Key>, usize>,
    /// Each group's values, in the order first met.
    keys: Vec<Vec<Value>>,
    states: Vec<State>,
    buf: Vec<Key>,
}

impl Aggregator {
    fn new(by: Vec<C>, aggs: Vec<(Function, Vec<C>, f64)>, items: Vec<C>) -> Aggregator {
        Aggregator {
            by,
            aggs,
            items,
            texts: BTreeMap::new(),
            groups: BTreeMap::new(),
            keys: Vec::new(),
            states: Vec::new(),
            buf: Vec::new(),
        }
    }

    fn key(&mut self, v: &V) -> Key {
        match v {
            V::Null => Key::Null,
            V::Num(n) => Key::Num(n.to_bits()),
            V::Bool(b) => Key::Bool(*b),
            V::Time(t) => Key::Time(*t),
            V::Str(s) | V::Both(s, _) => self.intern(s),
            V::Own(s) => self.intern(s),
        }
    }

    fn intern(&mut self, s: &str) -> Key {
        if let Some(k) = self.texts.get(s) {
            return Key::Text(*k);
        }
        let k = self.texts.len() as u32;
        self.texts.insert(s.into(), k);
        Key::Text(k)
    }

    fn add(&mut self, ctx: &Ctx) {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let by = std::mem::take(&mut self.by);
        for c in &by {
            // A discovered field's code is its key: no text compared.
            let key = match (c, ctx.event) {
                (C::Col(k), Some(i)) => match ctx.cols[*k].codes[i] {
                    0 => Key::Null,
                    code => Key::Code(*k as u32, code),
                },
                _ => {
                    let v = ctx.eval(c);
                    self.key(&v)
                }
            };
            buf.push(key);
        }
        let group = match self.groups.get(buf.as_slice()) {
            Some(g) => *g,
            None => {
                let g = self.keys.len();
                self.groups.insert(buf.clone(), g);
                self.keys
                    .push(by.iter().map(|c| ctx.eval(c).to_value()).collect());
                for (f, _, _) in &self.aggs {
                    self.states.push(match f {
                        Function::Count => State::Count(0),
                        Function::CountDistinct => State::Distinct(BTreeSet::new()),
                        Function::Sum | Function::Avg => State::Sum(0.0, 0),
                        Function::Min => State::Min(None),
                        Function::Max => State::Max(None),
                        Function::Stddev => State::Spread(0, 0.0, 0.0),
                        Function::Earliest => State::Earliest(None),
                        Function::Latest => State::Latest(None),
                        Function::SortsFirst => State::First(None),
                        Function::SortsLast => State::Last(None),
                        _ => State::Values(Vec::new()),
                    });
                }
                g
            }
        };
        self.by = by;
        self.buf = buf;
        let aggs = std::mem::take(&mut self.aggs);
        self.update(group, &aggs, ctx);
        self.aggs = aggs;
    }

    fn update(&mut self, group: usize, aggs: &[(Function, Vec<C>, f64)], ctx: &Ctx) {
        let n = aggs.len();
        let ts = ctx.event.map(|i| ctx.events.timestamp[i]).unwrap_or(0);
        for (j, (function, args, _)) in aggs.iter().enumerate() {
            let arg = args.first().map(|c| ctx.eval(c));
            let key = match (&self.states[group * n + j], &arg) {
                (State::Distinct(_), Some(v)) if !v.is_null() => Some(self.key(v)),
                _ => None,
            };
            let state = &mut self.states[group * n + j];
            match state {
                State::Count(c) => {
                    if arg.as_ref().is_none_or(|v| !v.is_null()) {
                        *c += 1;
                    }
                }
                State::Distinct(set) => {
                    if let Some(k) = key {
                        set.insert(k);
                    }
                }
                State::Sum(s, c) => {
                    if let Some(x) = arg.and_then(|v| v.num()) {
                        *s += x;
                        *c += 1;
                    }
                }
                State::Min(m) | State::Max(m) => {
                    let is_min = *function == Function::Min;
                    if let Some(v) = arg {
                        if let Some(x) = v.num() {
                            let better = match m {
                                None => true,
                                Some(V2(y, _)) => {
                                    if is_min {
                                        x < *y
                                    } else {
                                        x > *y
                                    }
                                }
                            };
                            if better {
                                *m = Some(V2(x, matches!(v, V::Time(_))));
                            }
                        }
                    }
                }
                State::Values(vs) => {
                    if let Some(x) = arg.and_then(|v| v.num()) {
                        vs.push(x);
                    }
                }
                State::Spread(c, mean, m2) => {
                    if let Some(x) = arg.and_then(|v| v.num()) {
                        *c += 1;
                        let d = x - *mean;
                        *mean += d / *c as f64;
                        *m2 += d * (x - *mean);
                    }
                }
                State::Earliest(e) => {
                    if let Some(v) = arg.filter(|v| !v.is_null()) {
                        if e.as_ref().is_none_or(|(t, _)| ts < *t) {
                            *e = Some((ts, v.to_value()));
                        }
                    }
                }
                State::Latest(e) => {
                    if let Some(v) = arg.filter(|v| !v.is_null()) {
                        if e.as_ref().is_none_or(|(t, _)| ts > *t) {
                            *e = Some((ts, v.to_value()));
                        }
                    }
                }
                State::First(e) | State::Last(e) => {
                    let first = *function == Function::SortsFirst;
                    if let Some(v) = arg.filter(|v| !v.is_null()) {
                        let better = match e {
                            None => true,
                            Some(cur) => {
                                let o = compare(&v, &cur.as_v());
                                if first {
                                    o.is_lt()
                                } else {
                                    o.is_gt()
                                }
                            }
                        };
                        if better {
                            *e = Some(v.to_value());
                        }
                    }
                }
            }
        }
    }

    /// The rows (groups in the order first met), the names they define, and the chart.
    fn finish(mut self, stats: &Stats) -> (Vec<Row>, Scope, Option<Chart>) {
        let by_names: Vec<String> = stats.by.iter().map(|p| p.name.clone()).collect();
        let (aggregates, by) = (&stats.aggregates, &stats.by);
        if self.keys.is_empty() && self.by.is_empty() {
            // stats without groups over no event: one row (count 0).
            self.keys.push(Vec::new());
            for (f, _, _) in &self.aggs {
                self.states.push(match f {
                    Function::Count | Function::CountDistinct => State::Count(0),
                    _ => State::Values(Vec::new()),
                });
            }
        }
        let mut states = std::mem::take(&mut self.states).into_iter();
        let mut rows = Vec::new();
        let empty = Events::default();
        for key in &self.keys {
            // The aggregates' values, then each item computed from them in turn.
            let mut values: Vec<Value> = self
                .aggs
                .iter()
                .map(|(f, _, p)| {
                    finish_state(states.next().expect("a state per aggregate"), *f, *p)
                })
                .collect();
            for item in &self.items {
                let v = Ctx {
                    events: &empty,
                    event: None,
                    cols: &[],
                    slots: &values,
                }
                .eval(item)
                .to_value();
                values.push(v);
            }
            let mut slots: Vec<Value> = key.clone();
            slots.extend(values.drain(self.aggs.len()..));
            rows.push(Row { event: None, slots });
        }
        let mut scope = Scope::default();
        // `@timestamp` after `stats … by bin()` reads the bin (found only when no output has
        // that name).
        if let Some(b) = by
            .iter()
            .position(|p| matches!(&p.expr.kind, ExprKind::Call(Function::Bin, _)))
        {
            scope.names.push(("@timestamp".into(), C::Slot(b)));
        }
        for name in &by_names {
            scope.new_slot(name);
            scope.show(name);
        }
        for a in aggregates {
            scope.new_slot(&a.name);
            scope.show(&a.name);
        }
        // The chart: a bin() among the groups.
        let bin = by
            .iter()
            .position(|p| matches!(&p.expr.kind, ExprKind::Call(Function::Bin, _)));
        let chart = bin.map(|b| {
            let mut series: BTreeMap<String, Vec<(i64, f64)>> = BTreeMap::new();
            let mut order: Vec<String> = Vec::new();
            for r in &rows {
                let Value::Time(t) = r.slots[b] else { continue };
                let others: Vec<String> = (0..by_names.len())
                    .filter(|&k| k != b)
                    .map(|k| match &r.slots[k] {
                        Value::Null => String::new(),
                        Value::Text(s) => s.clone(),
                        Value::Number(x) => super::eval::format_number(*x),
                        Value::Bool(x) => x.to_string(),
                        Value::Time(x) => x.to_string(),
                    })
                    .collect();
                for (j, a) in aggregates.iter().enumerate() {
                    let value = match &r.slots[by_names.len() + j] {
                        Value::Number(x) => *x,
                        Value::Time(x) => *x as f64,
                        _ => continue,
                    };
                    let mut name = others.join(" ");
                    if !name.is_empty() {
                        name.push(' ');
                    }
                    name.push_str(&a.name);
                    if !series.contains_key(&name) {
                        order.push(name.clone());
                    }
                    series.entry(name).or_default().push((t, value));
                }
            }
            Chart {
                bin_column: by_names[b].clone(),
                series: order
                    .into_iter()
                    .map(|name| {
                        let mut points = series.remove(&name).unwrap_or_default();
                        points.sort_by_key(|p| p.0);
                        Series { name, points }
                    })
                    .collect(),
            }
        });
        (rows, scope, chart)
    }
}

/// pct: nearest rank (the documentation does not define the interpolation): the smallest
/// value with at least p% of the values at or below it.
fn percentile(mut values: Vec<f64>, p: f64) -> Value {
    if values.is_empty() {
        return Value::Null;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let rank = (p / 100.0 * n as f64).ceil() as usize;
    Value::Number(values[rank.clamp(1, n) - 1])
}

fn finish_state(state: State, function: Function, p: f64) -> Value {
    match state {
        State::Count(c) => Value::Number(c as f64),
        State::Distinct(set) => Value::Number(set.len() as f64),
        State::Sum(s, c) => match function {
            Function::Avg if c == 0 => Value::Null,
            Function::Avg => Value::Number(s / c as f64),
            _ if c == 0 => Value::Null,
            _ => Value::Number(s),
        },
        State::Min(m) | State::Max(m) => match m {
            None => Value::Null,
            Some(V2(x, true)) => Value::Time(x as i64),
            Some(V2(x, false)) => Value::Number(x),
        },
        State::Values(vs) => percentile(vs, p),
        State::Spread(c, _, m2) => {
            if c == 0 {
                Value::Null
            } else if c == 1 {
                Value::Number(0.0)
            } else {
                Value::Number((m2 / (c - 1) as f64).sqrt())
            }
        }
        State::Earliest(e) | State::Latest(e) => e.map_or(Value::Null, |(_, v)| v),
        State::First(v) | State::Last(v) => v.unwrap_or(Value::Null),
    }
}

/// Compiles a stats command: each aggregate call inside its items becomes a slot.
fn aggregator(s: &Stats, resolve: &mut dyn FnMut(&str) -> C) -> Aggregator {
    let by = s.by.iter().map(|p| compile(&p.expr, resolve)).collect();
    let mut calls: Vec<(Function, Vec<Expr>)> = Vec::new();
    let lifted: Vec<Expr> = s
        .aggregates
        .iter()
        .map(|a| lift(&a.expr, &mut calls))
        .collect();
    let aggs = calls
        .iter()
        .map(|(f, args)| {
            let p = match args.get(1).map(|e| &e.kind) {
                Some(ExprKind::Number(p)) => *p,
                _ => 50.0,
            };
            (
                *f,
                args.iter().take(1).map(|e| compile(e, resolve)).collect(),
                p,
            )
        })
        .collect();
    let n = calls.len();
    let items = lifted
        .iter()
        .enumerate()
        .map(|(i, e)| {
            compile(e, &mut |name| {
                if let Some(k) = name.strip_prefix('\u{0}') {
                    return C::Slot(k.parse().unwrap_or(usize::MAX));
                }
                match s.aggregates[..i].iter().rposition(|a| a.name == name) {
                    Some(j) => C::Slot(n + j),
                    None => C::Const(Value::Null),
                }
            })
        })
        .collect();
    Aggregator::new(by, aggs, items)
}

/// The expression with each aggregate call replaced by a name for its slot.
fn lift(e: &Expr, calls: &mut Vec<(Function, Vec<Expr>)>) -> Expr {
    let mut go = |x: &Expr| Box::new(lift(x, calls));
    let kind = match &e.kind {
        ExprKind::Call(f, args) if f.is_aggregate() => {
            calls.push((*f, args.clone()));
            ExprKind::Field(format!("\u{0}{}", calls.len() - 1))
        }
        ExprKind::Call(f, args) => ExprKind::Call(*f, args.iter().map(|a| *go(a)).collect()),
        ExprKind::Not(a) => ExprKind::Not(go(a)),
        ExprKind::Negate(a) => ExprKind::Negate(go(a)),
        ExprKind::Binary(op, a, b) => {
            let a = go(a);
            ExprKind::Binary(*op, a, go(b))
        }
        ExprKind::Like {
            negated,
            value,
            pattern,
        } => ExprKind::Like {
            negated: *negated,
            value: go(value),
            pattern: pattern.clone(),
        },
        ExprKind::In {
            negated,
            value,
            list,
        } => ExprKind::In {
            negated: *negated,
            value: go(value),
            list: list.clone(),
        },
        other => other.clone(),
    };
    Expr { pos: e.pos, kind }
}
