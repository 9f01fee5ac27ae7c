//! Log events as a query reads them: loaded once into columns (times, streams, messages, and
//! one column per discovered field holding a code into that field's dictionary of values), so
//! a query never parses JSON nor allocates per event to read a field.

use std::collections::BTreeMap;

/// One log event as `PutLogEvents` stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub timestamp_ms: i64,
    pub ingestion_time_ms: i64,
    pub log_stream: String,
    pub message: String,
}

/// A log group and its events.
#[derive(Clone, Debug, PartialEq)]
pub struct LogGroup {
    /// The account id, for `@log` (`account-id:log-group-name`).
    pub account_id: String,
    pub name: String,
    pub events: Vec<Event>,
}

/// A discovered value: its text, and its number when the text is one.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub text: Box<str>,
    pub number: Option<f64>,
}

/// A discovered field: a code per event (0: absent, else 1 + index into `values`).
#[derive(Clone, Debug, Default)]
pub struct Column {
    pub codes: Vec<u32>,
    pub values: Vec<Entry>,
    index: BTreeMap<Box<str>, u32>,
}

impl Column {
    fn set(&mut self, event: usize, text: &str, number: Option<f64>) {
        let code = match self.index.get(text) {
            Some(c) => *c,
            None => {
                self.values.push(Entry {
                    text: text.into(),
                    number,
                });
                let c = self.values.len() as u32;
                self.index.insert(text.into(), c);
                c
            }
        };
        if self.codes.len() <= event {
            self.codes.resize(event + 1, 0);
        }
        self.codes[event] = code;
    }

    /// The value of the field in event `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&Entry> {
        match self.codes.get(i) {
            Some(&c) if c > 0 => Some(&self.values[c as usize - 1]),
            _ => None,
        }
    }
}

/// Every event of the loaded log groups, newest first, with their discovered fields.
#[derive(Clone, Debug, Default)]
pub struct Events {
    pub timestamp: Vec<i64>,
    pub ingestion: Vec<i64>,
    /// Index into `streams`.
    pub stream: Vec<u32>,
    pub streams: Vec<String>,
    /// Index into `logs` (`account-id:log-group-name`).
    pub log: Vec<u32>,
    pub logs: Vec<String>,
    pub message: Vec<Box<str>>,
    /// Discovered fields by name.
    pub fields: BTreeMap<String, Column>,
}

impl Events {
    pub fn len(&self) -> usize {
        self.timestamp.len()
    }

    pub fn is_empty(&self) -> bool {
        self.timestamp.is_empty()
    }

    /// Loads log groups: events ordered newest first (ties: group, then the order given), and
    /// their fields discovered once.
    pub fn load(groups: &[LogGroup]) -> Events {
        let mut order: Vec<(usize, usize)> = groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| (0..group.events.len()).map(move |e| (g, e)))
            .collect();
        order.sort_by_key(|&(g, e)| (std::cmp::Reverse(groups[g].events[e].timestamp_ms), g, e));
        let mut out = Events {
            logs: groups
                .iter()
                .map(|g| format!("{}:{}", g.account_id, g.name))
                .collect(),
            ..Events::default()
        };
        let mut streams: BTreeMap<String, u32> = BTreeMap::new();
        for (i, (g, e)) in order.into_iter().enumerate() {
            let ev = &groups[g].events[e];
            out.timestamp.push(ev.timestamp_ms);
            out.ingestion.push(ev.ingestion_time_ms);
            out.log.push(g as u32);
            let next = streams.len() as u32;
            let s = *streams.entry(ev.log_stream.clone()).or_insert_with(|| {
                out.streams.push(ev.log_stream.clone());
                next
            });
            out.stream.push(s);
            out.message.push(ev.message.as_str().into());
            discover(&mut out.fields, i, &ev.message);
        }
        let n = out.len();
        for c in out.fields.values_mut() {
            c.codes.resize(n, 0);
            c.index = BTreeMap::new();
        }
        out
    }
}

fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The fields Logs Insights discovers in a message
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html):
/// a JSON object flattened with dotted names (arrays by index), the first JSON object embedded
/// in a Lambda line, and the Lambda platform lines' `@type`, `@requestId`, `@duration`,
/// `@billedDuration`, `@memorySize`, `@maxMemoryUsed` (and `@initDuration`). A JSON key that
/// starts with `@` gets a second `@`, as the page says.
fn discover(fields: &mut BTreeMap<String, Column>, event: usize, message: &str) {
    let mut put = |name: &str, text: &str, num: Option<f64>| match fields.get_mut(name) {
        Some(column) => column.set(event, text, num),
        None => {
            let mut column = Column::default();
            column.set(event, text, num);
            fields.insert(name.to_string(), column);
        }
    };
    let trimmed = message.trim_start();
    if let Some(rest) = trimmed.strip_prefix("REPORT RequestId: ") {
        lambda_report(rest, &mut put);
        return;
    }
    for (prefix, kind) in [("START RequestId: ", "START"), ("END RequestId: ", "END")] {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            let id = rest.split_whitespace().next().unwrap_or("");
            put("@type", kind, None);
            put("@requestId", id, None);
            return;
        }
    }
    let json = if trimmed.starts_with('{') {
        Some(trimmed)
    } else {
        // A Lambda line: `time<TAB>request id<TAB>LEVEL<TAB>{json}`.
        trimmed
            .find("\t{")
            .map(|i| &trimmed[i + 1..])
            .filter(|_| trimmed.contains('\t'))
    };
    if let Some(json) = json {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(json.trim_end()) {
            if value.is_object() {
                flatten(&value, &mut String::new(), &mut put, 0);
            }
        }
    }
}

fn lambda_report(rest: &str, put: &mut impl FnMut(&str, &str, Option<f64>)) {
    put("@type", "REPORT", None);
    let mut parts = rest.split('\t');
    let id = parts.next().unwrap_or("").trim();
    put("@requestId", id, None);
    for part in parts {
        let Some((key, value)) = part.split_once(':') else {
            continue;
        };
        let mut words = value.split_whitespace();
        let Some(n) = words.next().and_then(number) else {
            continue;
        };
        let unit = words.next().unwrap_or("");
        // Memory in bytes: AWS's samples divide @memorySize by 1000 twice to show MB
        // (https://serverlessland.com/content/service/lambda/guides/aws-lambda-operator-guide/useful-queries).
        let (name, v) = match (key.trim(), unit) {
            ("Duration", _) => ("@duration", n),
            ("Billed Duration", _) => ("@billedDuration", n),
            ("Init Duration", _) => ("@initDuration", n),
            ("Memory Size", "MB") => ("@memorySize", n * 1_000_000.0),
            ("Max Memory Used", "MB") => ("@maxMemoryUsed", n * 1_000_000.0),
            _ => continue,
        };
        put(name, &format!("{v}"), Some(v));
    }
}

fn flatten(
    v: &serde_json::Value,
    prefix: &mut String,
    put: &mut impl FnMut(&str, &str, Option<f64>),
    depth: usize,
) {
    use serde_json::Value as J;
    if depth > 32 {
        return;
    }
    let mut child = |key: &str, val: &serde_json::Value, prefix: &mut String| {
        let len = prefix.len();
        if len > 0 {
            prefix.push('.');
        } else if key.starts_with('@') {
            prefix.push('@');
        }
        prefix.push_str(key);
        flatten(val, prefix, put, depth + 1);
        prefix.truncate(len);
    };
    match v {
        J::Object(map) => {
            for (k, val) in map {
                child(k, val, prefix);
            }
        }
        J::Array(items) => {
            for (i, val) in items.iter().enumerate() {
                child(&i.to_string(), val, prefix);
            }
        }
        J::Null => {}
        J::Bool(b) => put(prefix, if *b { "true" } else { "false" }, None),
        J::Number(n) => {
            put(prefix, &n.to_string(), n.as_f64());
        }
        J::String(s) => put(prefix, s, number(s)),
    }
}
