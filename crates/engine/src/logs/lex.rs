//! Tokens of a query, read on demand: `/` starts a regular expression where the parser expects
//! an operand and divides elsewhere, so the parser says which it expects.

use crate::tree::Pos;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A name: a command, keyword, function or field (`@timestamp`, `a.b.0`, `` `x-y` ``).
    Ident(String),
    /// A backquoted field name (never a keyword).
    Quoted(String),
    Num(f64),
    /// A number followed by letters: a time period (`5m`, `1h`).
    Period(f64, String),
    Str(String),
    Regex(String),
    Punct(&'static str),
    /// Something never closed: the opening character.
    Unclosed(char),
    /// A character the language has no use for.
    Bad(char),
    End,
}

/// The text with line starts, to turn byte offsets into line and column (columns count
/// characters, both from 1).
pub struct Source<'a> {
    pub text: &'a str,
    lines: Vec<usize>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        let mut lines = vec![0];
        lines.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source { text, lines }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.lines.partition_point(|&s| s <= offset) - 1;
        let start = self.lines[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        Pos {
            line: line as u32 + 1,
            col: self.text[start..end].chars().count() as u32 + 1,
        }
    }
}

const PUNCTS: &[&str] = &[
    "==", "!=", "<=", ">=", "=~", "|", ",", "(", ")", "[", "]", "+", "-", "*", "/", "%", "^", "=",
    "<", ">",
];

fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '@' | '.' | '$')
}

/// Skips blanks and `#` comments from `at`; the offset of the next token.
pub fn skip(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        match bytes[at] {
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            b'#' => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
            }
            _ if text[at..].starts_with('\u{feff}') => at += 3,
            _ => break,
        }
    }
    at
}

/// The token at `at` (after `skip`) and the offset after it.
pub fn token(text: &str, at: usize, operand: bool) -> (Tok, usize) {
    let rest = &text[at..];
    let Some(c) = rest.chars().next() else {
        return (Tok::End, at);
    };
    if c == '"' || c == '\'' {
        return quoted(text, at, c);
    }
    if c == '`' {
        return match rest[1..].find('`') {
            Some(end) => (Tok::Quoted(rest[1..1 + end].to_string()), at + end + 2),
            None => (Tok::Unclosed('`'), text.len()),
        };
    }
    if c == '/' && operand {
        let bytes = rest.as_bytes();
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'/' => {
                    return (Tok::Regex(rest[1..i].to_string()), at + i + 1);
                }
                b'\n' => break,
                _ => i += 1,
            }
        }
        return (Tok::Unclosed('/'), text.len());
    }
    if c.is_ascii_digit() || (c == '.' && rest[1..].starts_with(|d: char| d.is_ascii_digit())) {
        let end = rest
            .find(|d: char| !(d.is_ascii_digit() || d == '.'))
            .unwrap_or(rest.len());
        // An exponent: 1e9, 2.5E-3.
        let mut end = end;
        let b = rest.as_bytes();
        if end < b.len() && (b[end] == b'e' || b[end] == b'E') {
            let mut k = end + 1;
            if k < b.len() && (b[k] == b'+' || b[k] == b'-') {
                k += 1;
            }
            if k < b.len() && b[k].is_ascii_digit() {
                while k < b.len() && b[k].is_ascii_digit() {
                    k += 1;
                }
                if !(k < b.len() && (b[k] as char).is_alphabetic()) {
                    end = k;
                }
            }
        }
        let number: f64 = rest[..end].parse().unwrap_or(f64::NAN);
        let unit_end = rest[end..]
            .find(|d: char| !d.is_alphabetic())
            .map_or(rest.len(), |u| end + u);
        if unit_end > end {
            return (
                Tok::Period(number, rest[end..unit_end].to_string()),
                at + unit_end,
            );
        }
        return (Tok::Num(number), at + end);
    }
    if name_char(c) {
        let end = rest.find(|d: char| !name_char(d)).unwrap_or(rest.len());
        return (Tok::Ident(rest[..end].to_string()), at + end);
    }
    for p in PUNCTS {
        if rest.starts_with(p) {
            return (Tok::Punct(p), at + p.len());
        }
    }
    (Tok::Bad(c), at + c.len_utf8())
}

fn quoted(text: &str, at: usize, q: char) -> (Tok, usize) {
    let mut out = String::new();
    let mut chars = text[at + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        if c == q {
            return (Tok::Str(out), at + 1 + i + 1);
        }
        if c == '\\' {
            match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, e)) if e == q || e == '\\' => out.push(e),
                Some((_, e)) => {
                    out.push('\\');
                    out.push(e);
                }
                None => break,
            }
        } else {
            out.push(c);
        }
    }
    (Tok::Unclosed(q), text.len())
}
