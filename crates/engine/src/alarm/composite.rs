//! Composite alarms: the `AlarmRule` expression of `PutCompositeAlarm`, parsed with positions,
//! and evaluated over the member alarms' state timelines into the composite's own timeline.
//!
//! # Source
//!
//! `PutCompositeAlarm`, AlarmRule (API reference, as the SDK references reproduce it:
//! <https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudwatch/aws.sdk.kotlin.services.cloudwatch.model/-put-composite-alarm-request/alarm-rule.html>,
//! read 2026-11-30), and the user guide's "Create a composite alarm"
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm_How_To.html>,
//! cited by the CLI's example `put-composite-alarm.rst`) and "Composite alarms"
//! (`alarm-combining`), read 2026-11-30:
//!
//! - Functions: `ALARM("name")` is TRUE when the named alarm is in `ALARM`; `OK("name")` when
//!   in `OK`; `INSUFFICIENT_DATA("name")` when in `INSUFFICIENT_DATA`; `TRUE` and `FALSE` are
//!   constants. An alarm is named by its name or its ARN
//!   (`arn:aws:cloudwatch:region:account-id:alarm:name`).
//! - "Alarm names specified in AlarmRule can be surrounded with double-quotes ("), but do not
//!   have to be": `ALARM(CPUUtilizationTooHigh) AND ALARM(DiskReadOpsTooHigh)`.
//! - Operators `AND`, `OR` and `NOT`; parentheses group.
//! - The rule is at most 10,240 characters ([`MAX_RULE_LENGTH`]; the API's length constraint)
//!   and names at most 100 underlying alarms ([`MAX_MEMBERS`]; `put-composite-alarm`'s
//!   description, <https://docs.aws.amazon.com/cli/v1/reference/cloudwatch/put-composite-alarm.html>).
//! - A composite alarm starts in `INSUFFICIENT_DATA`; "for a composite alarm, this initial
//!   time after creation is the only time that the alarm can be in INSUFFICIENT_DATA state"
//!   (`AWS::CloudWatch::CompositeAlarm`): afterwards it is `ALARM` when the rule is TRUE and
//!   `OK` when it is FALSE.
//!
//! # Not documented, chosen here
//!
//! - **Precedence**: the documentation gives none. This parser binds `NOT` tightest, then
//!   `AND`, then `OR` (the usual Boolean order), and both binary operators group from the
//!   left; the labs write parentheses whenever `AND` and `OR` are mixed.
//! - **Nesting**: no documented limit; [`MAX_DEPTH`] levels of parentheses and `NOT` guard the
//!   parser's stack.
//! - Keywords and function names are upper case, as every documented example writes them.
//! - An unquoted name runs to the closing parenthesis, spaces around it trimmed.

use super::eval::{AlarmState, Evaluation, StateChange};

/// The longest `AlarmRule`, in characters.
pub const MAX_RULE_LENGTH: usize = 10_240;
/// The most alarms one rule may name.
pub const MAX_MEMBERS: usize = 100;
/// The deepest nesting of parentheses and `NOT` this parser accepts (not an AWS limit).
pub const MAX_DEPTH: usize = 64;

/// A parsed `AlarmRule`.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// `TRUE` or `FALSE`.
    Const(bool),
    /// `ALARM(name)`, `OK(name)` or `INSUFFICIENT_DATA(name)`: TRUE when the member is in
    /// `state`. `col` is where the name starts (1-based, in characters).
    Is {
        state: AlarmState,
        alarm: String,
        col: usize,
    },
    Not(Box<Rule>),
    And(Box<Rule>, Box<Rule>),
    Or(Box<Rule>, Box<Rule>),
}

/// Why a rule is refused, with a stable id ([`RuleErrorKind::id`]).
#[derive(Clone, Debug, PartialEq)]
pub enum RuleErrorKind {
    /// The rule is empty.
    Empty,
    /// Longer than [`MAX_RULE_LENGTH`].
    TooLong { length: usize },
    /// A word followed by `(` that is not `ALARM`, `OK` or `INSUFFICIENT_DATA`.
    UnknownFunction { name: String },
    /// A word that is no keyword (`and`, `ALARMS`…).
    UnknownWord { word: String },
    /// A function without its `(`.
    ExpectedOpenParen { function: String },
    /// An opening parenthesis never closed.
    UnclosedParen,
    /// A closing parenthesis without its opening one.
    UnexpectedCloseParen,
    /// A `"` never closed.
    UnterminatedQuote,
    /// `ALARM()`: no name.
    EmptyName,
    /// An operand (a function, `TRUE`, `FALSE`, `NOT` or `(`) was expected.
    ExpectedOperand,
    /// `AND` or `OR` (or the end) was expected.
    ExpectedOperator,
    /// The named alarm is not defined.
    UndefinedAlarm { name: String },
    /// The rule names the composite alarm itself.
    SelfReference { name: String },
    /// More than [`MAX_MEMBERS`] alarms.
    TooManyAlarms { count: usize },
    /// Deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl RuleErrorKind {
    /// The stable id, such as `unknown-function`.
    pub fn id(&self) -> &'static str {
        match self {
            RuleErrorKind::Empty => "rule-empty",
            RuleErrorKind::TooLong { .. } => "rule-too-long",
            RuleErrorKind::UnknownFunction { .. } => "unknown-function",
            RuleErrorKind::UnknownWord { .. } => "unknown-word",
            RuleErrorKind::ExpectedOpenParen { .. } => "expected-open-paren",
            RuleErrorKind::UnclosedParen => "unclosed-paren",
            RuleErrorKind::UnexpectedCloseParen => "unexpected-close-paren",
            RuleErrorKind::UnterminatedQuote => "unterminated-quote",
            RuleErrorKind::EmptyName => "empty-alarm-name",
            RuleErrorKind::ExpectedOperand => "expected-operand",
            RuleErrorKind::ExpectedOperator => "expected-operator",
            RuleErrorKind::UndefinedAlarm { .. } => "alarm-undefined",
            RuleErrorKind::SelfReference { .. } => "alarm-self-reference",
            RuleErrorKind::TooManyAlarms { .. } => "too-many-alarms",
            RuleErrorKind::TooDeep => "rule-too-deep",
        }
    }
}

/// A refused rule: what, and at which column of the rule (1-based, in characters).
#[derive(Clone, Debug, PartialEq)]
pub struct RuleError {
    pub col: usize,
    pub kind: RuleErrorKind,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Open,
    Close,
    /// A quoted name (without its quotes).
    Quoted(String),
    End,
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn err(col: usize, kind: RuleErrorKind) -> RuleError {
        RuleError { col, kind }
    }

    fn skip_space(&mut self) {
        while self.at < self.chars.len() && self.chars[self.at].is_whitespace() {
            self.at += 1;
        }
    }

    /// The next token and its column, without consuming it.
    fn peek(&mut self) -> Result<(Tok, usize, usize), RuleError> {
        self.skip_space();
        let start = self.at;
        let col = start + 1;
        let Some(&c) = self.chars.get(start) else {
            return Ok((Tok::End, col, start));
        };
        let (tok, end) = match c {
            '(' => (Tok::Open, start + 1),
            ')' => (Tok::Close, start + 1),
            '"' => {
                let close = self.chars[start + 1..]
                    .iter()
                    .position(|&c| c == '"')
                    .ok_or_else(|| Parser::err(col, RuleErrorKind::UnterminatedQuote))?;
                let name: String = self.chars[start + 1..start + 1 + close].iter().collect();
                (Tok::Quoted(name), start + close + 2)
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut end = start;
                while end < self.chars.len()
                    && (self.chars[end].is_alphanumeric() || self.chars[end] == '_')
                {
                    end += 1;
                }
                (Tok::Word(self.chars[start..end].iter().collect()), end)
            }
            other => (Tok::Word(other.to_string()), start + 1),
        };
        Ok((tok, col, end))
    }

    fn or(&mut self) -> Result<Rule, RuleError> {
        let mut left = self.and()?;
        loop {
            let (tok, _, end) = self.peek()?;
            if tok != Tok::Word("OR".into()) {
                return Ok(left);
            }
            self.at = end;
            let right = self.and()?;
            left = Rule::Or(Box::new(left), Box::new(right));
        }
    }

    fn and(&mut self) -> Result<Rule, RuleError> {
        let mut left = self.unary()?;
        loop {
            let (tok, _, end) = self.peek()?;
            if tok != Tok::Word("AND".into()) {
                return Ok(left);
            }
            self.at = end;
            let right = self.unary()?;
            left = Rule::And(Box::new(left), Box::new(right));
        }
    }

    fn deeper(&mut self, col: usize) -> Result<(), RuleError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Parser::err(col, RuleErrorKind::TooDeep));
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Rule, RuleError> {
        let (tok, col, end) = self.peek()?;
        match tok {
            Tok::Open => {
                self.deeper(col)?;
                self.at = end;
                let inner = self.or()?;
                let (tok, close_col, end) = self.peek()?;
                match tok {
                    Tok::Close => self.at = end,
                    Tok::End => return Err(Parser::err(col, RuleErrorKind::UnclosedParen)),
                    _ => return Err(Parser::err(close_col, RuleErrorKind::ExpectedOperator)),
                }
                self.depth -= 1;
                Ok(inner)
            }
            Tok::Word(w) => match w.as_str() {
                "TRUE" | "FALSE" => {
                    self.at = end;
                    Ok(Rule::Const(w == "TRUE"))
                }
                "NOT" => {
                    self.deeper(col)?;
                    self.at = end;
                    let inner = self.unary()?;
                    self.depth -= 1;
                    Ok(Rule::Not(Box::new(inner)))
                }
                "ALARM" | "OK" | "INSUFFICIENT_DATA" => {
                    let state = match w.as_str() {
                        "ALARM" => AlarmState::Alarm,
                        "OK" => AlarmState::Ok,
                        _ => AlarmState::InsufficientData,
                    };
                    self.at = end;
                    self.function(state, &w)
                }
                _ => {
                    self.at = end;
                    let (next, _, _) = self.peek()?;
                    self.at = col - 1;
                    if next == Tok::Open && w.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        Err(Parser::err(col, RuleErrorKind::UnknownFunction { name: w }))
                    } else if w.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        Err(Parser::err(col, RuleErrorKind::UnknownWord { word: w }))
                    } else {
                        Err(Parser::err(col, RuleErrorKind::ExpectedOperand))
                    }
                }
            },
            Tok::Close => Err(Parser::err(col, RuleErrorKind::UnexpectedCloseParen)),
            Tok::Quoted(_) | Tok::End => Err(Parser::err(col, RuleErrorKind::ExpectedOperand)),
        }
    }

    /// The `(name)` of a function whose word was read.
    fn function(&mut self, state: AlarmState, function: &str) -> Result<Rule, RuleError> {
        let (tok, col, end) = self.peek()?;
        if tok != Tok::Open {
            return Err(Parser::err(
                col,
                RuleErrorKind::ExpectedOpenParen {
                    function: function.to_string(),
                },
            ));
        }
        self.at = end;
        self.skip_space();
        let name_col = self.at + 1;
        let (alarm, after) = if self.chars.get(self.at) == Some(&'"') {
            let (tok, _, end) = self.peek()?;
            let Tok::Quoted(name) = tok else {
                unreachable!("a quote starts a quoted name")
            };
            (name, end)
        } else {
            let close = self.chars[self.at..].iter().position(|&c| c == ')');
            let Some(close) = close else {
                return Err(Parser::err(col, RuleErrorKind::UnclosedParen));
            };
            let raw: String = self.chars[self.at..self.at + close].iter().collect();
            if raw.contains('(') {
                let open = self.chars[self.at..].iter().position(|&c| c == '(');
                let at = self.at + open.unwrap_or(0) + 1;
                return Err(Parser::err(at, RuleErrorKind::ExpectedOperator));
            }
            (raw.trim().to_string(), self.at + close)
        };
        if alarm.trim().is_empty() {
            return Err(Parser::err(name_col, RuleErrorKind::EmptyName));
        }
        self.at = after;
        let (tok, close_col, end) = self.peek()?;
        match tok {
            Tok::Close => self.at = end,
            Tok::End => return Err(Parser::err(col, RuleErrorKind::UnclosedParen)),
            _ => return Err(Parser::err(close_col, RuleErrorKind::ExpectedOperator)),
        }
        // An ARN names the alarm after `:alarm:`.
        let alarm = match alarm.find(":alarm:") {
            Some(i) if alarm.starts_with("arn:") => alarm[i + 7..].to_string(),
            _ => alarm,
        };
        Ok(Rule::Is {
            state,
            alarm,
            col: name_col,
        })
    }
}

impl Rule {
    /// Parses an `AlarmRule`. `defined` says whether an alarm name exists; `own` is the
    /// composite alarm's own name (a rule cannot name it).
    pub fn parse(text: &str, own: &str, defined: &dyn Fn(&str) -> bool) -> Result<Rule, RuleError> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() > MAX_RULE_LENGTH {
            return Err(Parser::err(
                MAX_RULE_LENGTH + 1,
                RuleErrorKind::TooLong {
                    length: chars.len(),
                },
            ));
        }
        if text.trim().is_empty() {
            return Err(Parser::err(1, RuleErrorKind::Empty));
        }
        let mut p = Parser {
            chars,
            at: 0,
            depth: 0,
        };
        let rule = p.or()?;
        let (tok, col, _) = p.peek()?;
        match tok {
            Tok::End => {}
            Tok::Close => return Err(Parser::err(col, RuleErrorKind::UnexpectedCloseParen)),
            _ => return Err(Parser::err(col, RuleErrorKind::ExpectedOperator)),
        }
        let mut members = Vec::new();
        rule.members(&mut members);
        for &(name, col) in &members {
            if name == own {
                return Err(Parser::err(
                    col,
                    RuleErrorKind::SelfReference {
                        name: name.to_string(),
                    },
                ));
            }
            if !defined(name) {
                return Err(Parser::err(
                    col,
                    RuleErrorKind::UndefinedAlarm {
                        name: name.to_string(),
                    },
                ));
            }
        }
        let mut distinct: Vec<&str> = members.iter().map(|(n, _)| *n).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() > MAX_MEMBERS {
            let col = members[MAX_MEMBERS].1;
            return Err(Parser::err(
                col,
                RuleErrorKind::TooManyAlarms {
                    count: distinct.len(),
                },
            ));
        }
        Ok(rule)
    }

    /// Every alarm the rule names, with its column, in the order written.
    fn members<'a>(&'a self, out: &mut Vec<(&'a str, usize)>) {
        match self {
            Rule::Const(_) => {}
            Rule::Is { alarm, col, .. } => out.push((alarm, *col)),
            Rule::Not(r) => r.members(out),
            Rule::And(a, b) | Rule::Or(a, b) => {
                a.members(out);
                b.members(out);
            }
        }
    }

    /// The names of the alarms the rule names, each once, in the order written.
    pub fn alarms(&self) -> Vec<&str> {
        let mut all = Vec::new();
        self.members(&mut all);
        let mut names: Vec<&str> = Vec::new();
        for (n, _) in all {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }

    /// The rule's value when each member is in the state `state_of` gives.
    pub fn holds(&self, state_of: &dyn Fn(&str) -> AlarmState) -> bool {
        match self {
            Rule::Const(b) => *b,
            Rule::Is { state, alarm, .. } => state_of(alarm) == *state,
            Rule::Not(r) => !r.holds(state_of),
            Rule::And(a, b) => a.holds(state_of) && b.holds(state_of),
            Rule::Or(a, b) => a.holds(state_of) || b.holds(state_of),
        }
    }
}

/// Evaluates a composite alarm over its members' timelines: `members` gives each named
/// alarm's state after each step (`len` steps of `period_s` seconds; a member whose timeline
/// is shorter, or unknown, counts as `INSUFFICIENT_DATA`). The composite starts in
/// `INSUFFICIENT_DATA` and, from the first step, is `ALARM` when the rule holds and `OK`
/// otherwise. A change's reason names the members that changed at that step, as
/// CloudWatch's composite state reasons name the alarm that triggered the evaluation.
pub fn evaluate_composite<'a>(
    rule: &Rule,
    members: &dyn Fn(&str) -> Option<&'a [AlarmState]>,
    len: usize,
    period_s: u32,
) -> Evaluation {
    let names = rule.alarms();
    let at = |name: &str, i: usize| -> AlarmState {
        members(name)
            .and_then(|t| t.get(i).copied())
            .unwrap_or(AlarmState::InsufficientData)
    };
    let mut out = Evaluation {
        states: Vec::with_capacity(len),
        changes: Vec::new(),
    };
    let mut state = AlarmState::InsufficientData;
    for i in 0..len {
        let holds = rule.holds(&|name| at(name, i));
        let next = if holds {
            AlarmState::Alarm
        } else {
            AlarmState::Ok
        };
        if next != state {
            let changed: Vec<String> = names
                .iter()
                .filter(|n| i == 0 || at(n, i) != at(n, i - 1))
                .map(|n| format!("{n} transitioned to {}", at(n, i).name()))
                .collect();
            let reason = if changed.is_empty() {
                format!(
                    "The alarm rule evaluated to {}",
                    if holds { "TRUE" } else { "FALSE" }
                )
            } else {
                changed.join("; ")
            };
            out.changes.push(StateChange {
                period: i,
                time_seconds: (i as u64 + 1) * u64::from(period_s),
                from: state,
                to: next,
                reason,
            });
            state = next;
        }
        out.states.push(state);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use AlarmState::{Alarm as A, InsufficientData as I, Ok as O};

    fn known(name: &str) -> bool {
        ["latency", "errors", "deploy-in-progress", "Disk Read High"].contains(&name)
    }

    fn parse(text: &str) -> Result<Rule, RuleError> {
        Rule::parse(text, "page-oncall", &known)
    }

    fn err(text: &str) -> (usize, &'static str) {
        let e = parse(text).unwrap_err();
        (e.col, e.kind.id())
    }

    fn value(text: &str, latency: AlarmState, errors: AlarmState) -> bool {
        let rule = parse(text).unwrap();
        rule.holds(&|n| match n {
            "latency" => latency,
            "errors" => errors,
            _ => O,
        })
    }

    #[test]
    fn functions_with_and_without_quotes_and_arns() {
        let r = parse(r#"ALARM("latency")"#).unwrap();
        assert_eq!(
            r,
            Rule::Is {
                state: A,
                alarm: "latency".into(),
                col: 7
            }
        );
        assert_eq!(
            parse("ALARM(latency)").unwrap(),
            parse("ALARM( latency )").unwrap().clone_with_col(7)
        );
        assert_eq!(
            parse(r#"OK("Disk Read High")"#).unwrap().alarms(),
            ["Disk Read High"]
        );
        let arn = "INSUFFICIENT_DATA(arn:aws:cloudwatch:ap-southeast-1:123456789012:alarm:errors)";
        assert!(
            matches!(parse(arn).unwrap(), Rule::Is { state: I, ref alarm, .. } if alarm == "errors")
        );
        assert_eq!(parse("TRUE").unwrap(), Rule::Const(true));
        assert_eq!(parse(" FALSE ").unwrap(), Rule::Const(false));
    }

    #[test]
    fn every_operator_and_the_precedence() {
        for (l, e, and, or) in [
            (A, A, true, true),
            (A, O, false, true),
            (O, A, false, true),
            (O, O, false, false),
        ] {
            assert_eq!(value("ALARM(latency) AND ALARM(errors)", l, e), and);
            assert_eq!(value("ALARM(latency) OR ALARM(errors)", l, e), or);
        }
        assert!(value("NOT ALARM(latency)", O, O));
        assert!(!value("NOT ALARM(latency)", A, O));
        assert!(value("OK(latency)", O, A));
        assert!(value("INSUFFICIENT_DATA(errors)", O, I));
        assert!(!value("INSUFFICIENT_DATA(errors)", O, O));
        // NOT before AND before OR: TRUE OR (FALSE AND FALSE), (NOT TRUE) AND FALSE.
        assert!(value("TRUE OR FALSE AND FALSE", O, O));
        assert!(!value("(TRUE OR FALSE) AND FALSE", O, O));
        assert!(!value("NOT TRUE AND FALSE", O, O));
        assert!(value("NOT (TRUE AND FALSE)", O, O));
        assert!(value("NOT NOT TRUE", O, O));
        // The documented suppression: alarms while latency is in ALARM and no deploy is.
        let rule = parse("ALARM(latency) AND NOT ALARM(\"deploy-in-progress\")").unwrap();
        assert!(rule.holds(&|n| if n == "latency" { A } else { O }));
        assert!(!rule.holds(&|_| A));
        assert_eq!(rule.alarms(), ["latency", "deploy-in-progress"]);
    }

    #[test]
    fn errors_at_their_column() {
        assert_eq!(err(""), (1, "rule-empty"));
        assert_eq!(err("ALARMS(latency)"), (1, "unknown-function"));
        assert_eq!(
            err("ALARM(latency) and ALARM(errors)"),
            (16, "expected-operator")
        );
        assert_eq!(
            err("ALARM(latency) AND alarm(errors)"),
            (20, "unknown-function")
        );
        assert_eq!(err("ALARM(latency) AND"), (19, "expected-operand"));
        assert_eq!(err("(ALARM(latency) OR TRUE"), (1, "unclosed-paren"));
        assert_eq!(err("ALARM(latency))"), (15, "unexpected-close-paren"));
        assert_eq!(err("ALARM(latency"), (6, "unclosed-paren"));
        assert_eq!(err("ALARM(\"latency)"), (7, "unterminated-quote"));
        assert_eq!(err("ALARM latency"), (7, "expected-open-paren"));
        assert_eq!(err("ALARM()"), (7, "empty-alarm-name"));
        assert_eq!(err("ALARM(latency) OR ALARM(cpu)"), (25, "alarm-undefined"));
        assert_eq!(err("OK(\"page-oncall\")"), (4, "alarm-self-reference"));
        assert_eq!(err("TRUE TRUE"), (6, "expected-operator"));
        assert_eq!(
            err(&"x".repeat(MAX_RULE_LENGTH + 1)),
            (MAX_RULE_LENGTH + 1, "rule-too-long")
        );
        let deep = format!(
            "{}TRUE{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(err(&deep).1, "rule-too-deep");
    }

    #[test]
    fn a_composite_timeline_from_its_members() {
        // minute:        0  1  2  3  4  5  6  7
        let latency = [I, O, A, A, A, O, O, A];
        let errors = [I, O, O, A, A, A, O, O];
        let lookup = |n: &str| -> Option<&[AlarmState]> {
            match n {
                "latency" => Some(&latency[..]),
                "errors" => Some(&errors[..]),
                _ => None,
            }
        };
        let and = parse("ALARM(latency) AND ALARM(errors)").unwrap();
        let e = evaluate_composite(&and, &lookup, 8, 60);
        assert_eq!(e.states, [O, O, O, A, A, O, O, O]);
        let times: Vec<(u64, AlarmState)> =
            e.changes.iter().map(|c| (c.time_seconds, c.to)).collect();
        assert_eq!(times, [(60, O), (240, A), (360, O)]);
        assert_eq!(e.changes[1].reason, "errors transitioned to ALARM");
        let or = parse("ALARM(latency) OR ALARM(errors)").unwrap();
        let e = evaluate_composite(&or, &lookup, 8, 60);
        assert_eq!(e.states, [O, O, A, A, A, A, O, A]);
        // One page for the incident at minute 2 (and one for minute 7), not one per member.
        assert_eq!(e.changes.iter().filter(|c| c.to == A).count(), 2);
        let not = parse("NOT OK(latency)").unwrap();
        assert_eq!(evaluate_composite(&not, &lookup, 3, 60).states, [A, O, A]);
    }

    impl Rule {
        fn clone_with_col(&self, col: usize) -> Rule {
            match self {
                Rule::Is { state, alarm, .. } => Rule::Is {
                    state: *state,
                    alarm: alarm.clone(),
                    col,
                },
                other => other.clone(),
            }
        }
    }
}
