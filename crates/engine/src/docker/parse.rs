//! The Dockerfile read into instructions, each with where it is written
//! (https://docs.docker.com/reference/dockerfile/): parser directives at the top, comments,
//! line continuations with the escape character, flags, exec form (a JSON array) or shell
//! form, heredocs after RUN, COPY and ADD.

use super::lex::{self, Word};
use super::rules::{Diagnostic, Rule};
use crate::tree::Pos;

/// The instructions of the reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl Kind {
    /// Every instruction.
    pub const ALL: &'static [Kind] = &[
        Kind::Add,
        Kind::Arg,
        Kind::Cmd,
        Kind::Copy,
        Kind::Entrypoint,
        Kind::Env,
        Kind::Expose,
        Kind::From,
        Kind::Healthcheck,
        Kind::Label,
        Kind::Maintainer,
        Kind::Onbuild,
        Kind::Run,
        Kind::Shell,
        Kind::Stopsignal,
        Kind::User,
        Kind::Volume,
        Kind::Workdir,
    ];

    /// The instruction's name in capitals (`COPY`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Add => "ADD",
            Kind::Arg => "ARG",
            Kind::Cmd => "CMD",
            Kind::Copy => "COPY",
            Kind::Entrypoint => "ENTRYPOINT",
            Kind::Env => "ENV",
            Kind::Expose => "EXPOSE",
            Kind::From => "FROM",
            Kind::Healthcheck => "HEALTHCHECK",
            Kind::Label => "LABEL",
            Kind::Maintainer => "MAINTAINER",
            Kind::Onbuild => "ONBUILD",
            Kind::Run => "RUN",
            Kind::Shell => "SHELL",
            Kind::Stopsignal => "STOPSIGNAL",
            Kind::User => "USER",
            Kind::Volume => "VOLUME",
            Kind::Workdir => "WORKDIR",
        }
    }

    /// The instruction a keyword names, in any case.
    pub fn of(keyword: &str) -> Option<Kind> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.name().eq_ignore_ascii_case(keyword))
    }

    /// Whether the instruction takes `--flags` before its arguments.
    fn has_flags(self) -> bool {
        matches!(
            self,
            Kind::From | Kind::Run | Kind::Copy | Kind::Add | Kind::Healthcheck
        )
    }

    /// Whether the arguments may be a JSON array (exec form, or COPY/ADD/VOLUME's JSON form).
    fn json_form(self) -> bool {
        matches!(
            self,
            Kind::Run
                | Kind::Cmd
                | Kind::Entrypoint
                | Kind::Shell
                | Kind::Copy
                | Kind::Add
                | Kind::Volume
        )
    }

    /// Whether heredocs follow the instruction (RUN, COPY and ADD:
    /// https://docs.docker.com/reference/dockerfile/#here-documents).
    fn heredocs(self) -> bool {
        matches!(self, Kind::Run | Kind::Copy | Kind::Add)
    }
}

/// A parser directive (`# syntax=`, `# escape=`, `# check=`).
#[derive(Clone, Debug, PartialEq)]
pub struct Directive {
    /// In lower case.
    pub name: String,
    pub value: String,
    pub pos: Pos,
}

/// A `--name=value` flag (value `None` for a bare `--name`).
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
    pub pos: Pos,
}

/// Exec form (a JSON array of strings) or shell form (the text as written, continuations
/// joined).
#[derive(Clone, Debug, PartialEq)]
pub enum Args {
    Exec(Vec<String>),
    Shell(String),
}

impl Args {
    /// The text of a shell form, or the words of an exec form joined by spaces.
    pub fn text(&self) -> String {
        match self {
            Args::Shell(s) => s.clone(),
            Args::Exec(v) => v.join(" "),
        }
    }
}

/// A here-document after an instruction.
#[derive(Clone, Debug, PartialEq)]
pub struct Heredoc {
    /// The delimiter word (`EOF`).
    pub name: String,
    /// The lines between the instruction and the delimiter (leading tabs removed for `<<-`).
    pub content: String,
    /// `false` when the delimiter is quoted (`<<"EOF"`): no variable replacement.
    pub expand: bool,
    /// Where the `<<` is written.
    pub pos: Pos,
}

/// One instruction.
#[derive(Clone, Debug, PartialEq)]
pub struct Instruction {
    /// `None` for a keyword the reference does not have (reported).
    pub kind: Option<Kind>,
    /// The keyword as written.
    pub keyword: String,
    pub pos: Pos,
    /// The last line of the instruction (continuations and heredocs included).
    pub end_line: u32,
    pub flags: Vec<Flag>,
    pub args: Args,
    /// Where the arguments (after the flags) start.
    pub args_pos: Pos,
    pub heredocs: Vec<Heredoc>,
    /// The instruction ONBUILD adds, read as an instruction of its own.
    pub onbuild: Option<Box<Instruction>>,
    /// Arguments text (after flags) with where each piece is written.
    map: Vec<(usize, Pos)>,
}

impl Instruction {
    /// The instruction's name in capitals (the keyword upper-cased when unknown).
    pub fn name(&self) -> String {
        self.kind
            .map(|k| k.name().to_string())
            .unwrap_or_else(|| self.keyword.to_uppercase())
    }

    /// The flag `name` (without `--`), the last one written.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// Every flag `name` (a RUN may have several `--mount`s).
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name == name)
    }

    /// Where the `offset`-th character of the arguments text is written.
    pub fn pos_at(&self, offset: usize) -> Pos {
        locate(&self.map, offset, self.args_pos)
    }

    /// The shell-form words (quotes removed, no variable replaced), each with where it starts.
    pub fn words(&self, escape: char) -> Vec<(Word, Pos)> {
        match &self.args {
            Args::Shell(s) => lex::words(s, escape, &lex::Raw, false)
                .into_iter()
                .map(|w| {
                    let p = self.pos_at(w.start);
                    (w, p)
                })
                .collect(),
            Args::Exec(v) => v
                .iter()
                .map(|s| {
                    (
                        Word {
                            text: s.clone(),
                            start: 0,
                            vars: Vec::new(),
                        },
                        self.args_pos,
                    )
                })
                .collect(),
        }
    }
}

/// Where the `offset`-th character of a joined text is written: the last piece starting at
/// or before it (pieces in order of their start), or `default` before the first.
fn locate(map: &[(usize, Pos)], offset: usize, default: Pos) -> Pos {
    let n = map.partition_point(|(start, _)| *start <= offset);
    match n.checked_sub(1).and_then(|i| map.get(i)) {
        Some(&(start, pos)) => Pos {
            line: pos.line,
            col: pos.col + (offset - start) as u32,
        },
        None => default,
    }
}

/// A Dockerfile read into instructions.
#[derive(Clone, Debug, PartialEq)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    /// The escape character (`\` unless `# escape=` says `` ` ``).
    pub escape: char,
    pub instructions: Vec<Instruction>,
}

/// A physical line: its number and characters.
struct Line {
    number: u32,
    chars: Vec<char>,
}

/// Reads the text into instructions; syntax findings go to `out`.
pub fn parse(text: &str, out: &mut Vec<Diagnostic>) -> Dockerfile {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line {
            number: i as u32 + 1,
            chars: l.strip_suffix('\r').unwrap_or(l).chars().collect(),
        })
        .collect();
    let mut i = 0;
    let mut directives: Vec<Directive> = Vec::new();
    let mut escape = '\\';
    // Parser directives: only at the very top, before any comment, blank line or instruction
    // (https://docs.docker.com/reference/dockerfile/#parser-directives).
    while i < lines.len() {
        let Some((name, value, col)) = directive(&lines[i].chars) else {
            break;
        };
        let pos = Pos {
            line: lines[i].number,
            col,
        };
        if directives.iter().any(|d| d.name == name) {
            out.push(Diagnostic::new(
                pos,
                Rule::DirectiveDuplicate,
                [name.as_str()],
            ));
        } else if name == "escape" {
            match value.as_str() {
                "\\" => escape = '\\',
                "`" => escape = '`',
                _ => out.push(Diagnostic::new(pos, Rule::EscapeValue, [value.as_str()])),
            }
        }
        directives.push(Directive { name, value, pos });
        i += 1;
    }
    let mut instructions = Vec::new();
    while i < lines.len() {
        let chars = &lines[i].chars;
        let first = chars.iter().position(|c| !c.is_whitespace());
        match first {
            None => {
                i += 1;
                continue;
            }
            Some(f) if chars[f] == '#' => {
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        let (ins, next) = instruction(&lines, i, escape, out);
        instructions.push(ins);
        i = next;
    }
    Dockerfile {
        directives,
        escape,
        instructions,
    }
}

/// `# name=value` at the top: the known directives (syntax, escape, check), in any case.
fn directive(chars: &[char]) -> Option<(String, String, u32)> {
    let s: String = chars.iter().collect();
    let trimmed = s.trim_start();
    let rest = trimmed.strip_prefix('#')?;
    let (name, value) = rest.split_once('=')?;
    let name = name.trim().to_ascii_lowercase();
    if !matches!(name.as_str(), "syntax" | "escape" | "check") {
        return None;
    }
    let col = (s.chars().count() - trimmed.chars().count()) as u32 + 1;
    Some((name, value.trim().to_string(), col))
}

/// Whether a line ends with the escape character (then optional spaces): a continuation.
fn continues(chars: &[char], escape: char) -> Option<usize> {
    let mut end = chars.len();
    while end > 0 && (chars[end - 1] == ' ' || chars[end - 1] == '\t') {
        end -= 1;
    }
    (end > 0 && chars[end - 1] == escape).then_some(end - 1)
}

/// Reads the instruction starting at `lines[start]`; returns it and the index of the line
/// after it.
fn instruction(
    lines: &[Line],
    start: usize,
    escape: char,
    out: &mut Vec<Diagnostic>,
) -> (Instruction, usize) {
    // The logical line: physical lines joined at continuations; comment lines inside are
    // dropped, empty ones too (with a warning, NoEmptyContinuation).
    let mut text: Vec<char> = Vec::new();
    let mut map: Vec<(usize, Pos)> = Vec::new();
    let mut i = start;
    let mut first_line = true;
    loop {
        let line = &lines[i];
        let chars = &line.chars;
        let from = if first_line {
            chars.iter().position(|c| !c.is_whitespace()).unwrap_or(0)
        } else {
            0
        };
        first_line = false;
        let end = continues(chars, escape);
        let piece = &chars[from..end.unwrap_or(chars.len())];
        map.push((
            text.len(),
            Pos {
                line: line.number,
                col: from as u32 + 1,
            },
        ));
        text.extend_from_slice(piece);
        i += 1;
        if end.is_none() {
            break;
        }
        // Skip comment lines and empty lines inside the continuation.
        let mut empty_at = None;
        while i < lines.len() {
            let l = &lines[i].chars;
            match l.iter().position(|c| !c.is_whitespace()) {
                None => {
                    empty_at.get_or_insert(lines[i].number);
                    i += 1;
                }
                Some(f) if l[f] == '#' => i += 1,
                Some(_) => break,
            }
        }
        if i >= lines.len() {
            break;
        }
        if let Some(line) = empty_at {
            out.push(Diagnostic::new(
                Pos { line, col: 1 },
                Rule::EmptyContinuation,
                [] as [&str; 0],
            ));
        }
    }
    let mut end_line = lines[i - 1].number;
    let start_pos = map[0].1;
    // The keyword, then the arguments.
    let kw_len = text.iter().take_while(|c| !c.is_whitespace()).count();
    let keyword: String = text[..kw_len].iter().collect();
    let kind = Kind::of(&keyword);
    let mut at = kw_len;
    while at < text.len() && text[at].is_whitespace() {
        at += 1;
    }
    let pos_of = |offset: usize| locate(&map, offset, start_pos);
    // Flags.
    let mut flags = Vec::new();
    if kind.is_some_and(Kind::has_flags) {
        loop {
            if !(text.get(at) == Some(&'-') && text.get(at + 1) == Some(&'-')) {
                break;
            }
            let fstart = at;
            let mut j = at;
            let mut quote = None;
            while j < text.len() {
                let c = text[j];
                match quote {
                    None if c.is_whitespace() => break,
                    None if c == '"' || c == '\'' => quote = Some(c),
                    Some(q) if c == q => quote = None,
                    _ => {}
                }
                j += 1;
            }
            let raw: String = text[fstart + 2..j].iter().collect();
            let (name, value) = match raw.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(unquote(v))),
                None => (raw.clone(), None),
            };
            flags.push(Flag {
                name,
                value,
                pos: pos_of(fstart),
            });
            at = j;
            while at < text.len() && text[at].is_whitespace() {
                at += 1;
            }
        }
    }
    // No arguments: the keyword's place stands for them.
    let args_pos = if at < text.len() {
        pos_of(at)
    } else {
        start_pos
    };
    let mut args_map: Vec<(usize, Pos)> = vec![(0, args_pos)];
    args_map.extend(
        map.iter()
            .filter(|(s, _)| *s > at)
            .map(|&(s, p)| (s - at, p)),
    );
    let rest: String = text[at.min(text.len())..].iter().collect();
    let trimmed_end = rest.trim_end().to_string();
    let mut args = Args::Shell(trimmed_end.clone());
    if kind.is_some_and(Kind::json_form) && trimmed_end.starts_with('[') {
        match serde_json::from_str::<Vec<String>>(&trimmed_end) {
            Ok(v) => args = Args::Exec(v),
            Err(_) => {
                if looks_like_json(kind, &trimmed_end) {
                    out.push(Diagnostic::new(
                        args_pos,
                        Rule::ExecJson,
                        [kind.map(Kind::name).unwrap_or_default()],
                    ));
                }
            }
        }
    }
    // Heredocs: `<<EOF`, `<<-EOF`, `<<"EOF"` words; their bodies follow in order.
    let mut heredocs = Vec::new();
    let mut next = i;
    if kind.is_some_and(Kind::heredocs) {
        if let Args::Shell(s) = &args {
            let source: Vec<char> = s.chars().collect();
            for w in lex::words(s, escape, &lex::Raw, false) {
                let Some((name, strip, expand)) = heredoc_marker(&w, &source) else {
                    continue;
                };
                let marker_pos = pos_of(at + w.start);
                let mut content = String::new();
                let mut closed = false;
                while next < lines.len() {
                    let line: String = lines[next].chars.iter().collect();
                    next += 1;
                    let cmp = if strip {
                        line.trim_start_matches('\t').to_string()
                    } else {
                        line.clone()
                    };
                    if cmp == name {
                        closed = true;
                        break;
                    }
                    content.push_str(&cmp);
                    content.push('\n');
                }
                if !closed {
                    out.push(Diagnostic::new(
                        marker_pos,
                        Rule::HeredocUnterminated,
                        [name.as_str()],
                    ));
                }
                heredocs.push(Heredoc {
                    name,
                    content,
                    expand,
                    pos: marker_pos,
                });
            }
            end_line = lines[next - 1].number;
        }
    }
    let mut ins = Instruction {
        kind,
        keyword,
        pos: start_pos,
        end_line,
        flags,
        args,
        args_pos,
        heredocs,
        onbuild: None,
        map: args_map,
    };
    if kind == Some(Kind::Onbuild) {
        ins.onbuild = onbuild_inner(&ins, escape, out);
    }
    (ins, next)
}

/// The instruction after ONBUILD, parsed from the arguments (one logical line).
fn onbuild_inner(
    outer: &Instruction,
    escape: char,
    out: &mut Vec<Diagnostic>,
) -> Option<Box<Instruction>> {
    let Args::Shell(text) = &outer.args else {
        return None;
    };
    if text.trim().is_empty() {
        return None;
    }
    let line = Line {
        number: outer.args_pos.line,
        chars: text.chars().collect(),
    };
    let mut inner_out = Vec::new();
    let (mut inner, _) = instruction(std::slice::from_ref(&line), 0, escape, &mut inner_out);
    // Re-anchor the positions to where the arguments are written.
    let shift = |p: Pos| outer.pos_at((p.col - 1) as usize);
    inner.pos = shift(inner.pos);
    inner.args_pos = shift(inner.args_pos);
    for f in &mut inner.flags {
        f.pos = shift(f.pos);
    }
    inner.map = inner.map.iter().map(|&(s, p)| (s, shift(p))).collect();
    inner.end_line = outer.end_line;
    for mut d in inner_out {
        d.pos = shift(d.pos);
        out.push(d);
    }
    Some(Box::new(inner))
}

/// A heredoc word: `[n]<<[-]NAME`, NAME possibly quoted. Returns the name, whether leading
/// tabs are stripped, and whether variables are replaced.
fn heredoc_marker(w: &Word, source: &[char]) -> Option<(String, bool, bool)> {
    if !w.text.contains("<<") {
        return None;
    }
    let raw: String = source
        .iter()
        .skip(w.start)
        .take_while(|c| !c.is_whitespace())
        .collect();
    let digits = raw.chars().take_while(|c| c.is_ascii_digit()).count();
    let after: String = raw.chars().skip(digits).collect();
    let rest = after.strip_prefix("<<")?;
    let (strip, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if rest.is_empty() || rest.starts_with('<') {
        return None;
    }
    let quoted = rest.starts_with('"') || rest.starts_with('\'');
    let name: String = rest
        .chars()
        .filter(|c| *c != '"' && *c != '\'')
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == '.')
        .collect();
    if name.is_empty() {
        return None;
    }
    Some((name, strip, !quoted))
}

/// Whether a `[`-starting text that is not a JSON array was meant as one: CMD, ENTRYPOINT and
/// SHELL written as an array (`[` … `]`); for RUN, COPY, ADD and VOLUME only when quoted
/// words are separated by commas (a shell test `[ -f x ]` is a valid shell form).
fn looks_like_json(kind: Option<Kind>, text: &str) -> bool {
    let closed = text.ends_with(']');
    match kind {
        Some(Kind::Shell) => true,
        Some(Kind::Cmd | Kind::Entrypoint) => closed && !text.contains("&&"),
        _ => closed && (text.contains("\",") || text.contains("',") || text.contains("\"]")),
    }
}

/// A flag value without surrounding quotes.
fn unquote(v: &str) -> String {
    let t = v.trim();
    if t.len() >= 2
        && ((t.starts_with('"') && t.ends_with('"')) || (t.starts_with('\'') && t.ends_with('\'')))
    {
        t[1..t.len() - 1].to_string()
    } else {
        t.to_string()
    }
}
