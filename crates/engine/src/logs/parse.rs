//! The parser: commands separated by `|`, each read into the AST with its position. A command
//! with an error is reported once and skipped up to the next `|`, so one query can show
//! several findings.

use super::ast::*;
use super::lex::{skip, token, Source, Tok};
use super::rules::{Diagnostic, Rule};
use crate::tree::Pos;

type Res<T> = Result<T, Diagnostic>;

struct Parser<'a> {
    src: Source<'a>,
    at: usize,
    diagnostics: Vec<Diagnostic>,
    depth: usize,
    /// Operators read so far: a bound on how deep an expression tree gets.
    ops: usize,
}

/// The most operators and nesting a query may have (trees stay shallow enough to evaluate
/// recursively in WebAssembly's stack).
const MAX_OPS: usize = 256;
const MAX_DEPTH: usize = 48;

/// Parses a query; the query holds every command read without error.
pub fn parse(text: &str) -> (Query, Vec<Diagnostic>) {
    let mut p = Parser {
        src: Source::new(text),
        at: 0,
        diagnostics: Vec::new(),
        depth: 0,
        ops: 0,
    };
    let mut commands = Vec::new();
    loop {
        let (tok, start, _) = p.peek(false);
        if tok == Tok::End {
            break;
        }
        if tok == Tok::Punct("|") {
            p.bump(false);
            continue;
        }
        match p.command() {
            Ok(c) => {
                commands.push(c);
                let (tok, start, _) = p.peek(false);
                if !matches!(tok, Tok::End | Tok::Punct("|")) {
                    let d = p.unexpected(&tok, start, "|");
                    p.diagnostics.push(d);
                    p.recover();
                }
            }
            Err(d) => {
                p.diagnostics.push(d);
                p.recover();
            }
        }
        let _ = start;
    }
    if commands.is_empty() && p.diagnostics.is_empty() {
        p.diagnostics.push(Diagnostic::new(
            Pos { line: 1, col: 1 },
            Rule::Empty,
            [""; 0],
        ));
    }
    (Query { commands }, p.diagnostics)
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Ident(s) => s.clone(),
        Tok::Quoted(s) => format!("`{s}`"),
        Tok::Num(n) => format!("{n}"),
        Tok::Period(n, u) => format!("{n}{u}"),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Regex(s) => format!("/{s}/"),
        Tok::Punct(p) => p.to_string(),
        Tok::Unclosed(c) => c.to_string(),
        Tok::Bad(c) => c.to_string(),
        Tok::End => "end".into(),
    }
}

fn nearest<'n>(word: &str, names: impl IntoIterator<Item = &'n str>) -> String {
    let lower = word.to_ascii_lowercase();
    names
        .into_iter()
        .map(|n| {
            (
                crate::text::edit_distance(&lower, &n.to_ascii_lowercase()),
                n,
            )
        })
        .filter(|(d, n)| *d <= 2.max(n.len() / 3) && *d > 0)
        .min()
        .map(|(_, n)| n.to_string())
        .unwrap_or_default()
}

/// The unit a misspelt one probably means (`5min` → m, `1hr` → h); empty when unclear.
fn unit_meant(unit: &str) -> String {
    let u = unit.to_ascii_lowercase();
    let meant = [
        ("mo", "mo"),
        ("mi", "m"),
        ("ms", "ms"),
        ("se", "s"),
        ("h", "h"),
        ("d", "d"),
        ("w", "w"),
        ("q", "q"),
        ("y", "y"),
    ]
    .iter()
    .find(|(prefix, _)| u.starts_with(prefix))
    .map(|(_, m)| *m)
    .unwrap_or("");
    if meant == unit {
        String::new()
    } else {
        meant.to_string()
    }
}

const KEYWORDS: &[&str] = &["and", "or", "not", "like", "in", "as", "by", "asc", "desc"];

impl<'a> Parser<'a> {
    fn peek(&self, operand: bool) -> (Tok, usize, usize) {
        let start = skip(self.src.text, self.at);
        let (tok, end) = token(self.src.text, start, operand);
        (tok, start, end)
    }

    fn bump(&mut self, operand: bool) -> (Tok, usize) {
        let (tok, start, end) = self.peek(operand);
        self.at = end;
        (tok, start)
    }

    fn pos(&self, offset: usize) -> Pos {
        self.src.pos(offset)
    }

    fn unexpected(&self, tok: &Tok, at: usize, expected: &str) -> Diagnostic {
        if let Tok::Unclosed(c) = tok {
            return Diagnostic::new(self.pos(at), Rule::Unclosed, [c.to_string()]);
        }
        Diagnostic::new(
            self.pos(at),
            Rule::Unexpected,
            [describe(tok), expected.to_string()],
        )
    }

    /// Skips to the next `|` outside parentheses and brackets.
    fn recover(&mut self) {
        let mut depth = 0usize;
        loop {
            let (tok, _) = self.bump(false);
            match tok {
                Tok::End | Tok::Unclosed(_) => return,
                Tok::Punct("(") | Tok::Punct("[") => depth += 1,
                Tok::Punct(")") | Tok::Punct("]") => depth = depth.saturating_sub(1),
                Tok::Punct("|") if depth == 0 => return,
                _ => {}
            }
        }
    }

    fn is_word(tok: &Tok, word: &str) -> bool {
        matches!(tok, Tok::Ident(s) if s.eq_ignore_ascii_case(word))
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let (tok, _, end) = self.peek(false);
        if Self::is_word(&tok, word) {
            self.at = end;
            true
        } else {
            false
        }
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        let (tok, _, end) = self.peek(false);
        if tok
            == Tok::Punct(match p {
                "," => ",",
                "(" => "(",
                ")" => ")",
                "]" => "]",
                "[" => "[",
                _ => return false,
            })
        {
            self.at = end;
            true
        } else {
            false
        }
    }

    fn expect_punct(&mut self, p: &'static str, open: Option<(char, usize)>) -> Res<()> {
        let (tok, start, end) = self.peek(false);
        if tok == Tok::Punct(p) {
            self.at = end;
            return Ok(());
        }
        if let Some((c, at)) = open {
            // Unclosed when no closer comes before the command ends.
            let mut probe = start;
            let closed = loop {
                let (t, end) = token(self.src.text, skip(self.src.text, probe), false);
                match t {
                    Tok::End | Tok::Unclosed(_) | Tok::Punct("|") => break false,
                    Tok::Punct(q) if q == p => break true,
                    _ => probe = end,
                }
            };
            if !closed {
                return Err(Diagnostic::new(
                    self.pos(at),
                    Rule::Unclosed,
                    [c.to_string()],
                ));
            }
        }
        Err(self.unexpected(&tok, start, p))
    }

    fn command(&mut self) -> Res<Command> {
        let (tok, start) = self.bump(false);
        let pos = self.pos(start);
        let word = match tok {
            Tok::Ident(w) => w,
            other => return Err(self.unexpected(&other, start, "command")),
        };
        let lower = word.to_ascii_lowercase();
        if let Some(ns) = NOT_SIMULATED.iter().find(|c| c.eq_ignore_ascii_case(&word)) {
            self.diagnostics
                .push(Diagnostic::new(pos, Rule::NotSimulated, [*ns]));
            self.recover_keep_pipe();
            return Ok(Command {
                pos,
                kind: CommandKind::NotSimulated(ns.to_string()),
            });
        }
        let kind = match lower.as_str() {
            "fields" => CommandKind::Fields(self.projections()?),
            "display" => CommandKind::Display(self.projections()?),
            "filter" => CommandKind::Filter(self.expr()?),
            "stats" => CommandKind::Stats(self.stats()?),
            "sort" => CommandKind::Sort(self.sort()?),
            "limit" => CommandKind::Limit(self.limit()?),
            "parse" => CommandKind::Parse(self.parse_command()?),
            "dedup" => CommandKind::Dedup(self.names()?),
            "unmask" => {
                self.diagnostics
                    .push(Diagnostic::new(pos, Rule::Unmask, [""; 0]));
                let (tok, _, _) = self.peek(false);
                if !matches!(tok, Tok::End | Tok::Punct("|")) {
                    self.expr()?;
                }
                CommandKind::Unmask
            }
            _ => {
                let near = nearest(&word, COMMANDS.iter().chain(NOT_SIMULATED).copied());
                return Err(Diagnostic::new(pos, Rule::UnknownCommand, [word, near]));
            }
        };
        Ok(Command { pos, kind })
    }

    /// Skips a command's arguments but leaves the `|` for the loop.
    fn recover_keep_pipe(&mut self) {
        let mut depth = 0usize;
        loop {
            let (tok, _, end) = self.peek(false);
            match tok {
                Tok::End | Tok::Unclosed(_) => {
                    self.at = end;
                    return;
                }
                Tok::Punct("|") if depth == 0 => return,
                Tok::Punct("(") | Tok::Punct("[") => depth += 1,
                Tok::Punct(")") | Tok::Punct("]") => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.at = end;
        }
    }

    fn text_of(&self, start: usize) -> String {
        self.src.text[start..self.at].trim().to_string()
    }

    fn alias(&mut self) -> Res<Option<String>> {
        if self.eat_word("as") {
            let (tok, start) = self.bump(false);
            return match tok {
                Tok::Ident(s) | Tok::Quoted(s) => Ok(Some(s)),
                other => Err(self.unexpected(&other, start, "name")),
            };
        }
        Ok(None)
    }

    fn projection(&mut self) -> Res<Projection> {
        let start = skip(self.src.text, self.at);
        let expr = self.expr()?;
        let text = self.text_of(start);
        let name = match self.alias()? {
            Some(a) => a,
            None => match &expr.kind {
                ExprKind::Field(f) => f.clone(),
                _ => text,
            },
        };
        Ok(Projection { expr, name })
    }

    fn projections(&mut self) -> Res<Vec<Projection>> {
        let mut out = vec![self.projection()?];
        while self.eat_punct(",") {
            out.push(self.projection()?);
        }
        Ok(out)
    }

    fn names(&mut self) -> Res<Vec<String>> {
        let mut out = Vec::new();
        loop {
            let (tok, start) = self.bump(false);
            match tok {
                Tok::Ident(s) | Tok::Quoted(s) => out.push(s),
                other => return Err(self.unexpected(&other, start, "field")),
            }
            if !self.eat_punct(",") {
                return Ok(out);
            }
        }
    }

    fn stats(&mut self) -> Res<Stats> {
        let mut aggregates = Vec::new();
        loop {
            let start = skip(self.src.text, self.at);
            let expr = self.expr()?;
            let text = self.text_of(start);
            let mut names_ok = true;
            let mut any_field = false;
            visit(&expr, &mut |x| {
                if let ExprKind::Field(f) = &x.kind {
                    any_field = true;
                    names_ok &= aggregates.iter().any(|a: &Aggregate| a.name == *f);
                }
            });
            if !(contains_aggregate(&expr) || any_field && names_ok) {
                return Err(Diagnostic::new(expr.pos, Rule::NotAggregate, [text]));
            }
            let name = self.alias()?.unwrap_or(text);
            aggregates.push(Aggregate {
                pos: expr.pos,
                expr,
                name,
            });
            if !self.eat_punct(",") {
                break;
            }
        }
        let mut by = Vec::new();
        if self.eat_word("by") {
            by = self.projections()?;
            for p in &by {
                let constant = matches!(
                    p.expr.kind,
                    ExprKind::Number(_) | ExprKind::Str(_) | ExprKind::Regex(_)
                );
                let aggregate = contains_aggregate(&p.expr);
                if constant || aggregate {
                    return Err(Diagnostic::new(
                        p.expr.pos,
                        Rule::ByInvalid,
                        [p.name.clone()],
                    ));
                }
            }
        }
        Ok(Stats { aggregates, by })
    }

    fn sort(&mut self) -> Res<Vec<SortKey>> {
        self.eat_word("by");
        let mut keys = Vec::new();
        loop {
            let start = skip(self.src.text, self.at);
            let expr = self.expr()?;
            let name = match &expr.kind {
                ExprKind::Field(f) => f.clone(),
                _ => self.text_of(start),
            };
            let descending = if self.eat_word("desc") {
                true
            } else {
                self.eat_word("asc");
                false
            };
            keys.push(SortKey {
                expr,
                name,
                descending,
            });
            if !self.eat_punct(",") {
                return Ok(keys);
            }
        }
    }

    fn limit(&mut self) -> Res<u32> {
        let (tok, start) = self.bump(false);
        match tok {
            Tok::Num(n) if n.fract() == 0.0 && (1.0..=100_000.0).contains(&n) => Ok(n as u32),
            Tok::Num(n) => Err(Diagnostic::new(
                self.pos(start),
                Rule::LimitValue,
                [format!("{n}")],
            )),
            other => Err(self.unexpected(&other, start, "number")),
        }
    }

    fn parse_command(&mut self) -> Res<Parse> {
        let (tok, _, _) = self.peek(true);
        let source = if matches!(tok, Tok::Str(_) | Tok::Regex(_)) {
            // `parse "pattern" as …` reads @message.
            Expr {
                pos: self.pos(skip(self.src.text, self.at)),
                kind: ExprKind::Field("@message".into()),
            }
        } else {
            self.primary()?
        };
        let (tok, start) = self.bump(true);
        match tok {
            Tok::Str(glob) => {
                let pieces: Vec<String> = glob.split('*').map(str::to_string).collect();
                let stars = pieces.len() - 1;
                if stars == 0 {
                    return Err(Diagnostic::new(
                        self.pos(start),
                        Rule::ParsePattern,
                        [""; 0],
                    ));
                }
                let names = if self.eat_word("as") {
                    self.names()?
                } else {
                    Vec::new()
                };
                if names.len() != stars {
                    return Err(Diagnostic::new(
                        self.pos(start),
                        Rule::ParseNames,
                        [stars.to_string(), names.len().to_string()],
                    ));
                }
                Ok(Parse {
                    source,
                    pattern: ParsePattern::Glob(pieces),
                    names,
                })
            }
            Tok::Regex(re) => {
                let compiled = regex_lite::Regex::new(&re).map_err(|_| {
                    Diagnostic::new(self.pos(start), Rule::RegexInvalid, [re.clone()])
                })?;
                let names: Vec<String> = compiled
                    .capture_names()
                    .flatten()
                    .map(str::to_string)
                    .collect();
                if names.is_empty() {
                    return Err(Diagnostic::new(
                        self.pos(start),
                        Rule::RegexNoGroups,
                        [""; 0],
                    ));
                }
                Ok(Parse {
                    source,
                    pattern: ParsePattern::Regex(re),
                    names,
                })
            }
            Tok::Unclosed(c) => Err(Diagnostic::new(
                self.pos(start),
                Rule::Unclosed,
                [c.to_string()],
            )),
            _ => Err(Diagnostic::new(
                self.pos(start),
                Rule::ParsePattern,
                [""; 0],
            )),
        }
    }

    // Expressions, loosest first: or, and, not, comparisons, + -, * / %, unary -, ^.

    fn expr(&mut self) -> Res<Expr> {
        self.nested(Self::or)
    }

    /// Runs `f` one level deeper, refusing expressions nested or chained too far.
    fn nested(&mut self, f: fn(&mut Self) -> Res<Expr>) -> Res<Expr> {
        self.depth += 1;
        self.ops += 1;
        if self.depth > MAX_DEPTH || self.ops > MAX_OPS {
            let (tok, start, _) = self.peek(true);
            self.depth -= 1;
            return Err(self.unexpected(&tok, start, "a shorter expression"));
        }
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn binary(op: BinOp, a: Expr, b: Expr) -> Expr {
        Expr {
            pos: a.pos,
            kind: ExprKind::Binary(op, Box::new(a), Box::new(b)),
        }
    }

    fn or(&mut self) -> Res<Expr> {
        let mut left = self.and()?;
        while self.eat_word("or") {
            let right = self.nested(Self::and)?;
            left = Self::binary(BinOp::Or, left, right);
        }
        Ok(left)
    }

    fn and(&mut self) -> Res<Expr> {
        let mut left = self.not()?;
        while self.eat_word("and") {
            let right = self.nested(Self::not)?;
            left = Self::binary(BinOp::And, left, right);
        }
        Ok(left)
    }

    fn not(&mut self) -> Res<Expr> {
        let (tok, start, end) = self.peek(false);
        if Self::is_word(&tok, "not") {
            self.at = end;
            let inner = self.nested(Self::not)?;
            return Ok(Expr {
                pos: self.pos(start),
                kind: ExprKind::Not(Box::new(inner)),
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Res<Expr> {
        let left = self.additive()?;
        let (tok, _, end) = self.peek(false);
        let op = match tok {
            Tok::Punct("=") | Tok::Punct("==") => Some(BinOp::Eq),
            Tok::Punct("!=") => Some(BinOp::Ne),
            Tok::Punct("<") => Some(BinOp::Lt),
            Tok::Punct("<=") => Some(BinOp::Le),
            Tok::Punct(">") => Some(BinOp::Gt),
            Tok::Punct(">=") => Some(BinOp::Ge),
            _ => None,
        };
        if let Some(op) = op {
            self.at = end;
            let right = self.additive()?;
            return Ok(Self::binary(op, left, right));
        }
        let mut negated = false;
        let save = self.at;
        if Self::is_word(&tok, "not") {
            self.at = end;
            negated = true;
        }
        let (tok, _, end) = self.peek(false);
        if Self::is_word(&tok, "like") || (!negated && tok == Tok::Punct("=~")) {
            self.at = end;
            let pattern = self.additive()?;
            return Ok(Expr {
                pos: left.pos,
                kind: ExprKind::Like {
                    negated,
                    value: Box::new(left),
                    pattern: Box::new(pattern),
                },
            });
        }
        if Self::is_word(&tok, "in") {
            self.at = end;
            let list = self.primary()?;
            let list = match list.kind {
                ExprKind::List(items) => items,
                _ => vec![list],
            };
            return Ok(Expr {
                pos: left.pos,
                kind: ExprKind::In {
                    negated,
                    value: Box::new(left),
                    list,
                },
            });
        }
        self.at = save;
        Ok(left)
    }

    fn additive(&mut self) -> Res<Expr> {
        let mut left = self.multiplicative()?;
        loop {
            let (tok, _, end) = self.peek(false);
            let op = match tok {
                Tok::Punct("+") => BinOp::Add,
                Tok::Punct("-") => BinOp::Sub,
                _ => return Ok(left),
            };
            self.at = end;
            let right = self.nested(Self::multiplicative)?;
            left = Self::binary(op, left, right);
        }
    }

    fn multiplicative(&mut self) -> Res<Expr> {
        let mut left = self.unary()?;
        loop {
            let (tok, _, end) = self.peek(false);
            let op = match tok {
                Tok::Punct("*") => BinOp::Mul,
                Tok::Punct("/") => BinOp::Div,
                Tok::Punct("%") => BinOp::Rem,
                _ => return Ok(left),
            };
            self.at = end;
            let right = self.nested(Self::unary)?;
            left = Self::binary(op, left, right);
        }
    }

    fn unary(&mut self) -> Res<Expr> {
        let (tok, start, end) = self.peek(true);
        if tok == Tok::Punct("-") {
            self.at = end;
            let inner = self.nested(Self::unary)?;
            return Ok(Expr {
                pos: self.pos(start),
                kind: ExprKind::Negate(Box::new(inner)),
            });
        }
        self.power()
    }

    fn power(&mut self) -> Res<Expr> {
        let base = self.primary()?;
        let (tok, _, end) = self.peek(false);
        if tok == Tok::Punct("^") {
            self.at = end;
            let exponent = self.nested(Self::unary)?;
            return Ok(Self::binary(BinOp::Pow, base, exponent));
        }
        Ok(base)
    }

    fn primary(&mut self) -> Res<Expr> {
        let (tok, start) = self.bump(true);
        let pos = self.pos(start);
        let kind = match tok {
            Tok::Num(n) => ExprKind::Number(n),
            Tok::Str(s) => ExprKind::Str(s),
            Tok::Regex(r) => {
                if regex_lite::Regex::new(&r).is_err() {
                    return Err(Diagnostic::new(pos, Rule::RegexInvalid, [r]));
                }
                ExprKind::Regex(r)
            }
            Tok::Period(n, unit) => match period(n, &unit) {
                Some(p) => ExprKind::Period(p),
                None => {
                    let near = unit_meant(&unit);
                    return Err(Diagnostic::new(
                        pos,
                        Rule::TimeUnit,
                        [format!("{n}{unit}"), near],
                    ));
                }
            },
            Tok::Quoted(name) => ExprKind::Field(name),
            Tok::Punct("*") => ExprKind::Star,
            Tok::Punct("(") => {
                let inner = self.expr()?;
                self.expect_punct(")", Some(('(', start)))?;
                return Ok(inner);
            }
            Tok::Punct("[") => {
                let mut items = Vec::new();
                if !self.eat_punct("]") {
                    loop {
                        items.push(self.expr()?);
                        if !self.eat_punct(",") {
                            break;
                        }
                    }
                    self.expect_punct("]", Some(('[', start)))?;
                }
                ExprKind::List(items)
            }
            Tok::Ident(name) => {
                let (next, _, end) = self.peek(false);
                if next == Tok::Punct("(") {
                    self.at = end;
                    return self.call(name, start);
                }
                if KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(&name)) {
                    return Err(self.unexpected(&Tok::Ident(name), start, "value"));
                }
                ExprKind::Field(name)
            }
            other => return Err(self.unexpected(&other, start, "value")),
        };
        Ok(Expr { pos, kind })
    }

    fn call(&mut self, name: String, start: usize) -> Res<Expr> {
        let pos = self.pos(start);
        let Some(function) = Function::named(&name) else {
            let near = nearest(&name, Function::ALL.iter().map(|f| f.name()));
            return Err(Diagnostic::new(pos, Rule::UnknownFunction, [name, near]));
        };
        let mut args = Vec::new();
        if !self.eat_punct(")") {
            loop {
                args.push(self.expr()?);
                if !self.eat_punct(",") {
                    break;
                }
            }
            self.expect_punct(")", Some(('(', start + name.len())))?;
        }
        // count(*) counts every event: no argument.
        if function == Function::Count
            && matches!(
                args.as_slice(),
                [Expr {
                    kind: ExprKind::Star,
                    ..
                }]
            )
        {
            args.clear();
        }
        if let Some(star) = args.iter().find(|a| a.kind == ExprKind::Star) {
            return Err(Diagnostic::new(
                star.pos,
                Rule::Unexpected,
                ["*".to_string(), "value".to_string()],
            ));
        }
        let (min, max) = function.arity();
        let n = args.len();
        if n < min as usize || n > max as usize {
            let expected = match (min, max) {
                (a, b) if a == b => a.to_string(),
                (a, u8::MAX) => format!("{a}+"),
                (a, b) => format!("{a}-{b}"),
            };
            return Err(Diagnostic::new(
                pos,
                Rule::ArgumentCount,
                [function.name().to_string(), expected, n.to_string()],
            ));
        }
        match function {
            Function::Bin if !matches!(args[0].kind, ExprKind::Period(_)) => {
                return Err(Diagnostic::new(args[0].pos, Rule::BinArgument, ["bin"]));
            }
            Function::Datefloor | Function::Dateceil
                if !matches!(args[1].kind, ExprKind::Period(_)) =>
            {
                return Err(Diagnostic::new(
                    args[1].pos,
                    Rule::BinArgument,
                    [function.name()],
                ));
            }
            Function::Pct | Function::Percentile => {
                let ok = matches!(args[1].kind, ExprKind::Number(p) if (0.0..=100.0).contains(&p));
                if !ok {
                    let text = match &args[1].kind {
                        ExprKind::Number(p) => format!("{p}"),
                        _ => "?".into(),
                    };
                    return Err(Diagnostic::new(args[1].pos, Rule::PctValue, [text]));
                }
            }
            _ => {}
        }
        if function.is_aggregate() {
            if let Some(inner) = args.iter().find(|a| contains_aggregate(a)) {
                return Err(Diagnostic::new(
                    inner.pos,
                    Rule::AggregateOutsideStats,
                    [first_aggregate(inner).unwrap_or("count")],
                ));
            }
        }
        Ok(Expr {
            pos,
            kind: ExprKind::Call(function, args),
        })
    }
}

pub(crate) fn first_aggregate(e: &Expr) -> Option<&'static str> {
    let mut found = None;
    visit(e, &mut |x| {
        if let ExprKind::Call(f, _) = &x.kind {
            if f.is_aggregate() && found.is_none() {
                found = Some(f.name());
            }
        }
    });
    found
}

pub(crate) fn contains_aggregate(e: &Expr) -> bool {
    first_aggregate(e).is_some()
}

/// Calls `f` on `e` and every expression inside it.
pub(crate) fn visit<'e>(e: &'e Expr, f: &mut dyn FnMut(&'e Expr)) {
    f(e);
    match &e.kind {
        ExprKind::List(items) | ExprKind::Call(_, items) => items.iter().for_each(|i| visit(i, f)),
        ExprKind::Not(a) | ExprKind::Negate(a) => visit(a, f),
        ExprKind::Binary(_, a, b) => {
            visit(a, f);
            visit(b, f);
        }
        ExprKind::Like { value, pattern, .. } => {
            visit(value, f);
            visit(pattern, f);
        }
        ExprKind::In { value, list, .. } => {
            visit(value, f);
            list.iter().for_each(|i| visit(i, f));
        }
        _ => {}
    }
}
