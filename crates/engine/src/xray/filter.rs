//! Filter expressions: lexing, parsing with columns, and evaluation on a trace.

use std::collections::BTreeMap;

use crate::telemetry::{Http, Segment, Trace};

/// Why an expression is refused (or warned about), with a stable id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Nothing typed.
    Empty,
    /// A character no token starts with.
    UnexpectedChar,
    /// A string without its closing quote.
    UnterminatedString,
    /// A word that is no keyword of the language.
    UnknownKeyword,
    /// A documented form this engine does not do yet.
    NotSupported,
    /// `NOT`: X-Ray negates with `!`.
    NotOperator,
    /// Something else where a keyword, `!` or `(` was expected.
    ExpectedKeyword,
    /// A number keyword without its comparison.
    ExpectedComparison,
    /// An operator the keyword's type has not (`CONTAINS` on a number…).
    OperatorForType,
    /// A value of the wrong type (a string for a number keyword, a number unquoted…).
    ValueType,
    /// A missing `)`, `}`, `,` or `:`.
    Expected,
    /// Text after a complete expression.
    Trailing,
    /// `annotation.KEY` with `service` or `edge` in the same expression.
    AnnotationWithService,
}

impl Rule {
    /// The rule's stable id.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Empty => "empty",
            Rule::UnexpectedChar => "unexpected-char",
            Rule::UnterminatedString => "unterminated-string",
            Rule::UnknownKeyword => "unknown-keyword",
            Rule::NotSupported => "not-supported",
            Rule::NotOperator => "not-operator",
            Rule::ExpectedKeyword => "expected-keyword",
            Rule::ExpectedComparison => "expected-comparison",
            Rule::OperatorForType => "operator-for-type",
            Rule::ValueType => "value-type",
            Rule::Expected => "expected",
            Rule::Trailing => "trailing",
            Rule::AnnotationWithService => "annotation-with-service",
        }
    }
}

/// One finding: the rule, the column (1-based, in characters) and the values its message
/// needs (the word found, what was expected).
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub col: usize,
    pub rule: Rule,
    pub args: Vec<String>,
}

/// What [`parse`] gives: the filter, or the first finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub filter: Option<Filter>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
    BeginsWith,
    EndsWith,
}

impl Op {
    pub fn text(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Contains => "CONTAINS",
            Op::BeginsWith => "BEGINSWITH",
            Op::EndsWith => "ENDSWITH",
        }
    }

    fn numeric(self) -> bool {
        matches!(self, Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge)
    }

    fn textual(self) -> bool {
        matches!(
            self,
            Op::Eq | Op::Ne | Op::Contains | Op::BeginsWith | Op::EndsWith
        )
    }

    fn number(self, a: f64, b: f64) -> bool {
        match self {
            Op::Eq => a == b,
            Op::Ne => a != b,
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            _ => false,
        }
    }

    fn string(self, a: &str, b: &str) -> bool {
        match self {
            Op::Eq => a == b,
            Op::Ne => a != b,
            Op::Contains => a.contains(b),
            Op::BeginsWith => a.starts_with(b),
            Op::EndsWith => a.ends_with(b),
            _ => false,
        }
    }
}

/// A boolean keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKey {
    Ok,
    Error,
    Throttle,
    Fault,
    Partial,
}

/// A number keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumKey {
    ResponseTime,
    Duration,
    HttpStatus,
}

/// A string keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKey {
    HttpUrl,
    HttpMethod,
    HttpUserAgent,
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    Text(String),
    Bool(bool),
}

/// A node of the service map: a name and, with `id()`, a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Id {
    pub name: String,
    pub kind: Option<String>,
}

/// One condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    Flag(FlagKey, bool),
    Number(NumKey, Op, f64),
    /// `None`: the keyword alone (is set).
    Text(TextKey, Option<(Op, String)>),
    Annotation(String, Option<(Op, Value)>),
    /// `service()` has no id.
    Service(Option<Id>, Option<Box<Filter>>),
    Edge(Id, Id, Option<Box<Filter>>),
}

/// A parsed filter expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Cond(Cond),
}

// ---------------------------------------------------------------------------------------
// Lexing

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Num(f64),
    Str(String),
    Op(Op),
    Bang,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Comma,
    Colon,
    End,
}

fn lex(text: &str) -> Result<Vec<(usize, Tok)>, Diagnostic> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let two = chars.get(i + 1).copied();
        let (tok, len) = match c {
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            '{' => (Tok::LBrace, 1),
            '}' => (Tok::RBrace, 1),
            ',' => (Tok::Comma, 1),
            ':' => (Tok::Colon, 1),
            '=' => (Tok::Op(Op::Eq), 1),
            '!' if two == Some('=') => (Tok::Op(Op::Ne), 2),
            '!' => (Tok::Bang, 1),
            '<' if two == Some('=') => (Tok::Op(Op::Le), 2),
            '<' => (Tok::Op(Op::Lt), 1),
            '>' if two == Some('=') => (Tok::Op(Op::Ge), 2),
            '>' => (Tok::Op(Op::Gt), 1),
            '"' => {
                let mut j = i + 1;
                let mut s = String::new();
                while j < chars.len() && chars[j] != '"' {
                    s.push(chars[j]);
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(Diagnostic {
                        col,
                        rule: Rule::UnterminatedString,
                        args: vec![],
                    });
                }
                (Tok::Str(s), j + 1 - i)
            }
            c if c.is_ascii_digit()
                || (c == '-' || c == '.') && two.is_some_and(|d| d.is_ascii_digit()) =>
            {
                let mut j = i + 1;
                while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                    j += 1;
                }
                let s: String = chars[i..j].iter().collect();
                match s.parse::<f64>() {
                    Ok(v) => (Tok::Num(v), j - i),
                    Err(_) => {
                        return Err(Diagnostic {
                            col,
                            rule: Rule::UnexpectedChar,
                            args: vec![s],
                        })
                    }
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut j = i + 1;
                while j < chars.len()
                    && (chars[j].is_alphanumeric() || matches!(chars[j], '_' | '.' | '-'))
                {
                    j += 1;
                }
                (Tok::Word(chars[i..j].iter().collect()), j - i)
            }
            other => {
                return Err(Diagnostic {
                    col,
                    rule: Rule::UnexpectedChar,
                    args: vec![other.to_string()],
                })
            }
        };
        out.push((col, tok));
        i += len;
    }
    out.push((chars.len() + 1, Tok::End));
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Parsing

/// Documented keywords this engine does not evaluate yet.
const UNSUPPORTED: &[&str] = &[
    "http.clientip",
    "user",
    "name",
    "type",
    "message",
    "availabilityzone",
    "instance.id",
    "resource.arn",
    "inferred",
    "first",
    "last",
    "remote",
    "root",
    "index",
    "coverage",
    "group.name",
    "group.arn",
    "json",
];

struct Parser {
    toks: Vec<(usize, Tok)>,
    at: usize,
    /// Inside a service's or edge's braces.
    inside: bool,
    annotation: Option<usize>,
    service: Option<usize>,
}

type Parsed<T> = Result<T, Diagnostic>;

fn diag(col: usize, rule: Rule, args: &[&str]) -> Diagnostic {
    Diagnostic {
        col,
        rule,
        args: args.iter().map(|s| s.to_string()).collect(),
    }
}

fn shown(t: &Tok) -> String {
    match t {
        Tok::Word(w) => w.clone(),
        Tok::Num(n) => n.to_string(),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Op(o) => o.text().to_string(),
        Tok::Bang => "!".into(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::LBrace => "{".into(),
        Tok::RBrace => "}".into(),
        Tok::Comma => ",".into(),
        Tok::Colon => ":".into(),
        Tok::End => String::new(),
    }
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.at].1
    }

    fn col(&self) -> usize {
        self.toks[self.at].0
    }

    fn bump(&mut self) -> (usize, Tok) {
        let t = self.toks[self.at].clone();
        if self.at + 1 < self.toks.len() {
            self.at += 1;
        }
        t
    }

    fn word_is(&self, w: &str) -> bool {
        matches!(self.peek(), Tok::Word(x) if x.eq_ignore_ascii_case(w))
    }

    fn expect(&mut self, want: Tok, what: &str) -> Parsed<()> {
        if *self.peek() == want {
            self.bump();
            Ok(())
        } else {
            Err(diag(
                self.col(),
                Rule::Expected,
                &[what, &shown(self.peek())],
            ))
        }
    }

    fn or(&mut self) -> Parsed<Filter> {
        let mut left = self.and()?;
        while self.word_is("or") {
            self.bump();
            let right = self.and()?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// Whether the next token starts a condition (juxtaposition is `AND`).
    fn starts_unary(&self) -> bool {
        match self.peek() {
            Tok::Bang | Tok::LParen => true,
            Tok::Word(w) => !w.eq_ignore_ascii_case("or") && !w.eq_ignore_ascii_case("and"),
            _ => false,
        }
    }

    fn and(&mut self) -> Parsed<Filter> {
        let mut left = self.unary()?;
        loop {
            if self.word_is("and") {
                self.bump();
            } else if !self.starts_unary() {
                break;
            }
            let right = self.unary()?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Parsed<Filter> {
        if *self.peek() == Tok::Bang {
            self.bump();
            let inner = self.unary()?;
            return Ok(Filter::Not(Box::new(inner)));
        }
        if self.word_is("not") {
            return Err(diag(self.col(), Rule::NotOperator, &[]));
        }
        if *self.peek() == Tok::LParen {
            self.bump();
            let inner = self.or()?;
            self.expect(Tok::RParen, ")")?;
            return Ok(inner);
        }
        self.term().map(Filter::Cond)
    }

    fn comparison(&mut self) -> Option<Op> {
        let op = match self.peek() {
            Tok::Op(o) => *o,
            Tok::Word(w) if w.eq_ignore_ascii_case("contains") => Op::Contains,
            Tok::Word(w) if w.eq_ignore_ascii_case("beginswith") => Op::BeginsWith,
            Tok::Word(w) if w.eq_ignore_ascii_case("endswith") => Op::EndsWith,
            _ => return None,
        };
        self.bump();
        Some(op)
    }

    fn term(&mut self) -> Parsed<Cond> {
        let col = self.col();
        let word = match self.peek().clone() {
            Tok::Word(w) => w,
            Tok::End => return Err(diag(col, Rule::ExpectedKeyword, &[""])),
            other => return Err(diag(col, Rule::ExpectedKeyword, &[&shown(&other)])),
        };
        self.bump();
        let lower = word.to_ascii_lowercase();
        let flag = match lower.as_str() {
            "ok" => Some(FlagKey::Ok),
            "error" => Some(FlagKey::Error),
            "throttle" => Some(FlagKey::Throttle),
            "fault" => Some(FlagKey::Fault),
            "partial" => Some(FlagKey::Partial),
            _ => None,
        };
        if let Some(key) = flag {
            return self.flag(key);
        }
        let num = match lower.as_str() {
            "responsetime" => Some(NumKey::ResponseTime),
            "duration" => Some(NumKey::Duration),
            "http.status" => Some(NumKey::HttpStatus),
            _ => None,
        };
        if let Some(key) = num {
            let at = self.col();
            let Some(op) = self.comparison() else {
                return Err(diag(at, Rule::ExpectedComparison, &[&word]));
            };
            if !op.numeric() {
                return Err(diag(
                    at,
                    Rule::OperatorForType,
                    &[op.text(), &word, "number"],
                ));
            }
            let vcol = self.col();
            return match self.bump().1 {
                Tok::Num(v) => Ok(Cond::Number(key, op, v)),
                other => Err(diag(
                    vcol,
                    Rule::ValueType,
                    &[&word, "number", &shown(&other)],
                )),
            };
        }
        let text = match lower.as_str() {
            "http.url" => Some(TextKey::HttpUrl),
            "http.method" => Some(TextKey::HttpMethod),
            "http.useragent" => Some(TextKey::HttpUserAgent),
            _ => None,
        };
        if let Some(key) = text {
            let at = self.col();
            let Some(op) = self.comparison() else {
                return Ok(Cond::Text(key, None));
            };
            if !op.textual() {
                return Err(diag(
                    at,
                    Rule::OperatorForType,
                    &[op.text(), &word, "string"],
                ));
            }
            let vcol = self.col();
            return match self.bump().1 {
                Tok::Str(s) => Ok(Cond::Text(key, Some((op, s)))),
                other => Err(diag(
                    vcol,
                    Rule::ValueType,
                    &[&word, "string", &shown(&other)],
                )),
            };
        }
        if let Some(key) = lower.strip_prefix("annotation.") {
            if self.inside {
                return Err(diag(col, Rule::AnnotationWithService, &[&word]));
            }
            self.annotation.get_or_insert(col);
            if key.is_empty() {
                return Err(diag(col, Rule::Expected, &["annotation.KEY", &word]));
            }
            // Annotation keys keep their case.
            let key = word["annotation.".len()..].to_string();
            let at = self.col();
            let Some(op) = self.comparison() else {
                return Ok(Cond::Annotation(key, None));
            };
            let vcol = self.col();
            let value = match self.bump().1 {
                Tok::Num(v) => Value::Number(v),
                Tok::Str(s) => Value::Text(s),
                Tok::Word(w) if w.eq_ignore_ascii_case("true") => Value::Bool(true),
                Tok::Word(w) if w.eq_ignore_ascii_case("false") => Value::Bool(false),
                other => {
                    return Err(diag(
                        vcol,
                        Rule::ValueType,
                        &[&word, "string, number or boolean", &shown(&other)],
                    ))
                }
            };
            let fits = match &value {
                Value::Number(_) => op.numeric(),
                Value::Text(_) => op.textual(),
                Value::Bool(_) => matches!(op, Op::Eq | Op::Ne),
            };
            if !fits {
                return Err(diag(
                    at,
                    Rule::OperatorForType,
                    &[op.text(), &word, "value"],
                ));
            }
            return Ok(Cond::Annotation(key, Some((op, value))));
        }
        if lower == "service" || lower == "edge" {
            if self.inside {
                return Err(diag(col, Rule::NotSupported, &[&word]));
            }
            self.service.get_or_insert(col);
            self.expect(Tok::LParen, "(")?;
            let cond = if lower == "service" {
                if *self.peek() == Tok::RParen {
                    self.bump();
                    Cond::Service(None, None)
                } else {
                    let id = self.id()?;
                    self.expect(Tok::RParen, ")")?;
                    Cond::Service(Some(id), None)
                }
            } else {
                let a = self.id()?;
                self.expect(Tok::Comma, ",")?;
                let b = self.id()?;
                self.expect(Tok::RParen, ")")?;
                Cond::Edge(a, b, None)
            };
            let inner = if *self.peek() == Tok::LBrace {
                self.bump();
                self.inside = true;
                let f = self.or()?;
                self.inside = false;
                self.expect(Tok::RBrace, "}")?;
                Some(Box::new(f))
            } else {
                None
            };
            return Ok(match cond {
                Cond::Service(id, _) => Cond::Service(id, inner),
                Cond::Edge(a, b, _) => Cond::Edge(a, b, inner),
                other => other,
            });
        }
        if UNSUPPORTED.contains(&lower.as_str()) || lower.starts_with("rootcause.") {
            return Err(diag(col, Rule::NotSupported, &[&word]));
        }
        if lower == "and" || lower == "or" {
            return Err(diag(col, Rule::ExpectedKeyword, &[&word]));
        }
        Err(diag(col, Rule::UnknownKeyword, &[&word]))
    }

    fn flag(&mut self, key: FlagKey) -> Parsed<Cond> {
        let at = self.col();
        match self.peek() {
            Tok::Op(Op::Eq) | Tok::Op(Op::Ne) => {
                let ne = *self.peek() == Tok::Op(Op::Ne);
                self.bump();
                let vcol = self.col();
                let v = match self.bump().1 {
                    Tok::Word(w) if w.eq_ignore_ascii_case("true") => true,
                    Tok::Word(w) if w.eq_ignore_ascii_case("false") => false,
                    other => {
                        return Err(diag(
                            vcol,
                            Rule::ValueType,
                            &[flag_name(key), "boolean", &shown(&other)],
                        ))
                    }
                };
                Ok(Cond::Flag(key, v != ne))
            }
            Tok::Op(o) => Err(diag(
                at,
                Rule::OperatorForType,
                &[o.text(), flag_name(key), "boolean"],
            )),
            _ => Ok(Cond::Flag(key, true)),
        }
    }

    fn id(&mut self) -> Parsed<Id> {
        let col = self.col();
        match self.bump().1 {
            Tok::Str(name) => Ok(Id { name, kind: None }),
            Tok::Word(w) if w.eq_ignore_ascii_case("id") => {
                self.expect(Tok::LParen, "(")?;
                let mut name = None;
                let mut kind = None;
                loop {
                    let fcol = self.col();
                    let field = match self.bump().1 {
                        Tok::Word(f) => f.to_ascii_lowercase(),
                        other => {
                            return Err(diag(fcol, Rule::Expected, &["name:", &shown(&other)]))
                        }
                    };
                    self.expect(Tok::Colon, ":")?;
                    let vcol = self.col();
                    let value = match self.bump().1 {
                        Tok::Str(s) => s,
                        other => {
                            return Err(diag(
                                vcol,
                                Rule::ValueType,
                                &[&field, "string", &shown(&other)],
                            ))
                        }
                    };
                    match field.as_str() {
                        "name" => name = Some(value),
                        "type" => kind = Some(value),
                        _ => return Err(diag(fcol, Rule::Expected, &["name: or type:", &field])),
                    }
                    if *self.peek() == Tok::Comma {
                        self.bump();
                    } else {
                        break;
                    }
                }
                self.expect(Tok::RParen, ")")?;
                match name {
                    Some(name) => Ok(Id { name, kind }),
                    None => Err(diag(col, Rule::Expected, &["name:", "id(…)"])),
                }
            }
            other => Err(diag(
                col,
                Rule::ValueType,
                &["service", "string", &shown(&other)],
            )),
        }
    }
}

fn flag_name(key: FlagKey) -> &'static str {
    match key {
        FlagKey::Ok => "ok",
        FlagKey::Error => "error",
        FlagKey::Throttle => "throttle",
        FlagKey::Fault => "fault",
        FlagKey::Partial => "partial",
    }
}

/// Parses a filter expression: the filter, or the finding (one: the first).
pub fn parse(text: &str) -> Report {
    let fail = |d: Diagnostic| Report {
        filter: None,
        diagnostics: vec![d],
    };
    if text.trim().is_empty() {
        return fail(diag(1, Rule::Empty, &[]));
    }
    let toks = match lex(text) {
        Ok(t) => t,
        Err(d) => return fail(d),
    };
    let mut p = Parser {
        toks,
        at: 0,
        inside: false,
        annotation: None,
        service: None,
    };
    let f = match p.or() {
        Ok(f) => f,
        Err(d) => return fail(d),
    };
    if *p.peek() != Tok::End {
        return fail(diag(p.col(), Rule::Trailing, &[&shown(p.peek())]));
    }
    if let (Some(a), Some(_)) = (p.annotation, p.service) {
        return fail(diag(a, Rule::AnnotationWithService, &["annotation"]));
    }
    Report {
        filter: Some(f),
        diagnostics: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Evaluation

/// What a condition sees: the trace as a whole, or one segment of a service or edge.
struct View<'a> {
    response_s: f64,
    duration_s: f64,
    http: Option<&'a Http>,
    fault: bool,
    error: bool,
    throttle: bool,
}

fn segment_view(s: &Segment) -> View<'_> {
    View {
        response_s: s.end_time - s.start_time,
        duration_s: s.end_time - s.start_time,
        http: s.http.as_ref(),
        fault: s.fault,
        error: s.error,
        throttle: s.throttle,
    }
}

fn sub_view(s: &crate::telemetry::Subsegment) -> View<'_> {
    View {
        response_s: s.end_time - s.start_time,
        duration_s: s.end_time - s.start_time,
        http: s.http.as_ref(),
        fault: s.fault,
        error: s.error,
        throttle: s.throttle,
    }
}

/// The type of an inferred node (a subsegment's callee with no segment of its own), as the
/// service graph names it.
pub(crate) fn inferred_kind(s: &crate::telemetry::Subsegment) -> &'static str {
    match s.operation.as_deref() {
        Some("SendMessage") => "AWS::SQS::Queue",
        Some("Invoke") => "AWS::Lambda::Function",
        _ => "remote",
    }
}

fn id_fits(id: &Id, name: &str, kind: &str) -> bool {
    id.name == name && id.kind.as_deref().is_none_or(|k| k == kind)
}

impl Filter {
    /// Whether the trace passes the filter.
    pub fn matches(&self, trace: &Trace) -> bool {
        let Some(root) = super::root(trace) else {
            return false;
        };
        let view = View {
            duration_s: super::duration(trace),
            ..segment_view(root)
        };
        self.eval(trace, &view)
    }

    fn eval(&self, trace: &Trace, view: &View<'_>) -> bool {
        match self {
            Filter::And(a, b) => a.eval(trace, view) && b.eval(trace, view),
            Filter::Or(a, b) => a.eval(trace, view) || b.eval(trace, view),
            Filter::Not(a) => !a.eval(trace, view),
            Filter::Cond(c) => cond(c, trace, view),
        }
    }
}

fn cond(c: &Cond, trace: &Trace, v: &View<'_>) -> bool {
    match c {
        Cond::Flag(key, want) => {
            let status = v.http.map(|h| h.status);
            let is = match key {
                FlagKey::Ok => match status {
                    Some(s) => (200..300).contains(&s),
                    None => !(v.fault || v.error || v.throttle),
                },
                FlagKey::Error => v.error,
                FlagKey::Throttle => v.throttle,
                FlagKey::Fault => v.fault,
                FlagKey::Partial => false,
            };
            is == *want
        }
        Cond::Number(key, op, x) => {
            let value = match key {
                NumKey::ResponseTime => Some(v.response_s),
                NumKey::Duration => Some(v.duration_s),
                NumKey::HttpStatus => v.http.map(|h| f64::from(h.status)),
            };
            value.is_some_and(|value| op.number(value, *x))
        }
        Cond::Text(key, test) => {
            let value = match key {
                TextKey::HttpUrl => v.http.map(|h| h.url.as_str()),
                TextKey::HttpMethod => v.http.map(|h| h.method.as_str()),
                TextKey::HttpUserAgent => None,
            };
            match (value, test) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(value), Some((op, x))) => op.string(value, x),
            }
        }
        Cond::Annotation(key, test) => trace
            .segments
            .iter()
            .filter_map(|s| s.annotations.get(key))
            .any(|a| annotation(a, test.as_ref())),
        Cond::Service(id, inner) => {
            let has_segment = |name: &str| trace.segments.iter().any(|s| s.name == name);
            let seg = trace
                .segments
                .iter()
                .filter(|s| id.as_ref().is_none_or(|id| id_fits(id, &s.name, &s.origin)));
            for s in seg {
                if inner
                    .as_ref()
                    .is_none_or(|f| f.eval(trace, &segment_view(s)))
                {
                    return true;
                }
            }
            for s in trace.segments.iter().flat_map(|s| &s.subsegments) {
                if has_segment(&s.name) && !s.throttle {
                    continue;
                }
                if id
                    .as_ref()
                    .is_some_and(|id| !id_fits(id, &s.name, inferred_kind(s)))
                {
                    continue;
                }
                if inner.as_ref().is_none_or(|f| f.eval(trace, &sub_view(s))) {
                    return true;
                }
            }
            false
        }
        Cond::Edge(a, b, inner) => {
            for seg in trace
                .segments
                .iter()
                .filter(|s| id_fits(a, &s.name, &s.origin))
            {
                for s in seg.subsegments.iter().filter(|s| s.name == b.name) {
                    let kind = trace
                        .segments
                        .iter()
                        .find(|x| x.name == s.name)
                        .map_or(inferred_kind(s), |x| x.origin.as_str());
                    if b.kind.as_deref().is_some_and(|k| k != kind) {
                        continue;
                    }
                    if inner.as_ref().is_none_or(|f| f.eval(trace, &sub_view(s))) {
                        return true;
                    }
                }
            }
            // The asynchronous hop: a queue (a subsegment's callee) to its consumer's segment.
            let root = super::root(trace).map(|r| r.id.as_str());
            let queue = trace
                .segments
                .iter()
                .flat_map(|s| &s.subsegments)
                .any(|s| s.name == a.name && id_fits(a, &s.name, inferred_kind(s)));
            if queue {
                for seg in trace.segments.iter().filter(|s| {
                    s.parent_id.is_none()
                        && Some(s.id.as_str()) != root
                        && id_fits(b, &s.name, &s.origin)
                }) {
                    if inner
                        .as_ref()
                        .is_none_or(|f| f.eval(trace, &segment_view(seg)))
                    {
                        return true;
                    }
                }
            }
            false
        }
    }
}

fn annotation(a: &str, test: Option<&(Op, Value)>) -> bool {
    match test {
        None => true,
        Some((op, Value::Text(x))) => op.string(a, x),
        Some((op, Value::Number(x))) => a.parse::<f64>().is_ok_and(|n| op.number(n, *x)),
        Some((op, Value::Bool(x))) => match a {
            "true" | "false" => {
                (a == "true") == *x && *op == Op::Eq || (a == "true") != *x && *op == Op::Ne
            }
            _ => false,
        },
    }
}

/// Annotations of a trace by key (any segment), for display.
pub fn annotations(trace: &Trace) -> BTreeMap<&str, &str> {
    let mut out = BTreeMap::new();
    for s in &trace.segments {
        for (k, v) in &s.annotations {
            out.entry(k.as_str()).or_insert(v.as_str());
        }
    }
    out
}
