//! The shell the build's commands run in: `&&`, `||`, `;` lists, `|` pipelines, `>`/`>>`
//! redirections, quotes, `$VAR`, `${VAR}`, `${VAR:-default}`, `$(…)` and backquote command
//! substitution, `NAME=value` assignments. The commands themselves are in `commands.rs`
//! (the catalogue in COMMANDS.md). No loops, conditionals or functions (simplification).

use std::collections::{BTreeMap, BTreeSet};

use super::run::{Finding, PushedImage};

/// A command's result: exit status, what it printed (stdout and stderr together, as the
/// build log shows them) and the simulated seconds it took.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Outcome {
    pub status: i32,
    pub out: String,
    pub seconds: u32,
}

impl Outcome {
    pub fn ok(out: impl Into<String>, seconds: u32) -> Outcome {
        Outcome {
            status: 0,
            out: out.into(),
            seconds,
        }
    }
    pub fn fail(status: i32, out: impl Into<String>, seconds: u32) -> Outcome {
        Outcome {
            status,
            out: out.into(),
            seconds,
        }
    }
}

/// An image built or tagged in the build's Docker daemon.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LocalImage {
    pub id: String,
    pub base: String,
}

/// The build container's state: variables, working directory, files, Docker.
#[derive(Clone, Debug, Default)]
pub(crate) struct Machine {
    pub vars: BTreeMap<String, String>,
    pub cwd: String,
    pub fs: BTreeMap<String, String>,
    pub dirs: BTreeSet<String>,
    pub src_dir: String,
    pub clock: i64,
    pub privileged: bool,
    pub account: String,
    pub region: String,
    pub ecr_repositories: Option<Vec<String>>,
    pub images: BTreeMap<String, LocalImage>,
    pub logins: BTreeSet<String>,
    pub pushed: Vec<PushedImage>,
    pub findings: Vec<Finding>,
    /// Inside `npm run`: the package's `node_modules/.bin` is on the PATH.
    pub npm_bin: Option<String>,
    /// Seconds spent in command substitutions while expanding words.
    pub pending: u32,
    pub depth: u32,
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    And,
    Or,
    Seq,
}

/// Splits at top-level `&&`, `||`, `;` (outside quotes and substitutions).
fn split_list(line: &str) -> Vec<(String, Option<Op>)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let (mut sq, mut dq, mut bq, mut paren) = (false, false, false, 0i32);
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\\' && !sq {
            cur.push(c);
            if let Some(n) = next {
                cur.push(n);
            }
            i += 2;
            continue;
        }
        match c {
            '\'' if !dq && !bq => sq = !sq,
            '"' if !sq => dq = !dq,
            '`' if !sq => bq = !bq,
            '(' if !sq && i > 0 && chars[i - 1] == '$' => paren += 1,
            '(' if !sq && paren > 0 => paren += 1,
            ')' if !sq && paren > 0 => paren -= 1,
            _ => {}
        }
        let top = !sq && !dq && !bq && paren == 0;
        if top && c == '&' && next == Some('&') {
            out.push((std::mem::take(&mut cur), Some(Op::And)));
            i += 2;
            continue;
        }
        if top && c == '|' && next == Some('|') {
            out.push((std::mem::take(&mut cur), Some(Op::Or)));
            i += 2;
            continue;
        }
        if top && c == ';' {
            out.push((std::mem::take(&mut cur), Some(Op::Seq)));
            i += 1;
            continue;
        }
        cur.push(c);
        i += 1;
    }
    out.push((cur, None));
    out
}

/// Splits a pipeline at top-level single `|`.
fn split_pipe(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let (mut sq, mut dq, mut bq, mut paren) = (false, false, false, 0i32);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && !sq {
            cur.push(c);
            if let Some(n) = chars.get(i + 1) {
                cur.push(*n);
            }
            i += 2;
            continue;
        }
        match c {
            '\'' if !dq && !bq => sq = !sq,
            '"' if !sq => dq = !dq,
            '`' if !sq => bq = !bq,
            '(' if !sq && i > 0 && chars[i - 1] == '$' => paren += 1,
            '(' if !sq && paren > 0 => paren += 1,
            ')' if !sq && paren > 0 => paren -= 1,
            _ => {}
        }
        if c == '|' && !sq && !dq && !bq && paren == 0 {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
        i += 1;
    }
    out.push(cur);
    out
}

/// A redirection of a command's output to a file.
pub(crate) struct Redirect {
    pub path: String,
    pub append: bool,
}

impl Machine {
    /// Runs one command line (as written in the buildspec) with `stdin`.
    pub fn run_line(&mut self, line: &str, stdin: &str) -> Outcome {
        self.depth += 1;
        if self.depth > 20 {
            self.depth -= 1;
            return Outcome::fail(1, "maximum nesting of commands exceeded\n", 0);
        }
        let mut total = Outcome::default();
        let mut skip: Option<Op> = None;
        for (part, op) in split_list(line) {
            let run = match skip {
                Some(Op::And) => total.status == 0,
                Some(Op::Or) => total.status != 0,
                _ => true,
            };
            if run && !part.trim().is_empty() {
                let r = self.pipeline(&part, stdin);
                total.status = r.status;
                total.out.push_str(&r.out);
                total.seconds = total.seconds.saturating_add(r.seconds);
                let shown = if r.status >= EXIT_REQUESTED_BASE {
                    r.status - EXIT_REQUESTED_BASE
                } else {
                    r.status
                };
                self.vars.insert("?".into(), shown.to_string());
                if r.status >= EXIT_REQUESTED_BASE {
                    break;
                }
            }
            skip = op;
        }
        if total.status >= EXIT_REQUESTED_BASE {
            total.status -= EXIT_REQUESTED_BASE;
        }
        self.depth -= 1;
        total
    }

    fn pipeline(&mut self, text: &str, stdin: &str) -> Outcome {
        let stages = split_pipe(text);
        let mut input = stdin.to_string();
        let mut result = Outcome::default();
        let mut seconds: u32 = 0;
        let mut from_login = false;
        for (i, stage) in stages.iter().enumerate() {
            let last = i + 1 == stages.len();
            let r = self.simple(stage, &input, from_login);
            seconds = seconds.saturating_add(r.seconds);
            from_login =
                stage.trim_start().starts_with("aws ecr get-login-password") && r.status == 0;
            if last {
                result = r;
            } else {
                input = r.out;
            }
        }
        result.seconds = seconds;
        result
    }

    fn simple(&mut self, text: &str, stdin: &str, from_login: bool) -> Outcome {
        self.pending = 0;
        let (words, redirects) = match self.words(text) {
            Ok(w) => w,
            Err(e) => return Outcome::fail(2, format!("{e}\n"), 0),
        };
        let spent = self.pending;
        // Assignments before the command word.
        let mut i = 0;
        let mut assigned = Vec::new();
        while i < words.len() {
            match assignment(&words[i]) {
                Some((k, v)) => assigned.push((k, v)),
                None => break,
            }
            i += 1;
        }
        if i == words.len() {
            for (k, v) in assigned {
                self.vars.insert(k, v);
            }
            return Outcome::ok("", spent);
        }
        let saved: Vec<(String, Option<String>)> = assigned
            .iter()
            .map(|(k, _)| (k.clone(), self.vars.get(k).cloned()))
            .collect();
        for (k, v) in &assigned {
            self.vars.insert(k.clone(), v.clone());
        }
        let mut r = self.command(&words[i..], stdin, from_login);
        for (k, v) in saved {
            match v {
                Some(v) => self.vars.insert(k, v),
                None => self.vars.remove(&k),
            };
        }
        r.seconds = r.seconds.saturating_add(spent);
        for redirect in redirects {
            let path = self.resolve(&redirect.path);
            let entry = self.fs.entry(path).or_default();
            if !redirect.append {
                entry.clear();
            }
            entry.push_str(&r.out);
            r.out.clear();
        }
        r
    }

    /// Splits a simple command into words, expanding variables and substitutions.
    fn words(&mut self, text: &str) -> Result<(Vec<String>, Vec<Redirect>), String> {
        let chars: Vec<char> = text.chars().collect();
        let mut words: Vec<String> = Vec::new();
        let mut redirects = Vec::new();
        let mut cur = String::new();
        let mut has = false;
        let mut pending_redirect: Option<bool> = None;
        let mut i = 0;
        let flush = |cur: &mut String,
                     has: &mut bool,
                     words: &mut Vec<String>,
                     redirects: &mut Vec<Redirect>,
                     pending: &mut Option<bool>| {
            if *has {
                let w = std::mem::take(cur);
                match pending.take() {
                    Some(append) => redirects.push(Redirect { path: w, append }),
                    None => words.push(w),
                }
            }
            *has = false;
        };
        while i < chars.len() {
            let c = chars[i];
            match c {
                ' ' | '\t' | '\n' => {
                    flush(
                        &mut cur,
                        &mut has,
                        &mut words,
                        &mut redirects,
                        &mut pending_redirect,
                    );
                    i += 1;
                }
                '>' => {
                    // `2>&1` and `>/dev/null` style: the output stays in the log.
                    if cur == "2" || cur == "1" {
                        cur.clear();
                        has = false;
                    }
                    flush(
                        &mut cur,
                        &mut has,
                        &mut words,
                        &mut redirects,
                        &mut pending_redirect,
                    );
                    let append = chars.get(i + 1) == Some(&'>');
                    i += if append { 2 } else { 1 };
                    if chars.get(i) == Some(&'&') {
                        i += 2; // >&1, >&2
                        continue;
                    }
                    pending_redirect = Some(append);
                }
                '\'' => {
                    let end = chars[i + 1..]
                        .iter()
                        .position(|&c| c == '\'')
                        .ok_or("unexpected EOF while looking for matching `''")?;
                    cur.extend(&chars[i + 1..i + 1 + end]);
                    has = true;
                    i += end + 2;
                }
                '"' => {
                    i += 1;
                    has = true;
                    loop {
                        let Some(&d) = chars.get(i) else {
                            return Err("unexpected EOF while looking for matching `\"'".into());
                        };
                        match d {
                            '"' => {
                                i += 1;
                                break;
                            }
                            '\\' if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                                cur.push(chars[i + 1]);
                                i += 2;
                            }
                            '$' | '`' => {
                                let (value, used) = self.expansion(&chars[i..])?;
                                cur.push_str(&value);
                                i += used;
                            }
                            _ => {
                                cur.push(d);
                                i += 1;
                            }
                        }
                    }
                }
                '\\' => {
                    if let Some(&n) = chars.get(i + 1) {
                        cur.push(n);
                    }
                    has = true;
                    i += 2;
                }
                '$' | '`' => {
                    let (value, used) = self.expansion(&chars[i..])?;
                    i += used;
                    // Unquoted: the value is split into words at whitespace.
                    let mut parts = value.split_whitespace().peekable();
                    if value.starts_with(char::is_whitespace) {
                        flush(
                            &mut cur,
                            &mut has,
                            &mut words,
                            &mut redirects,
                            &mut pending_redirect,
                        );
                    }
                    while let Some(p) = parts.next() {
                        cur.push_str(p);
                        has = true;
                        if parts.peek().is_some() {
                            flush(
                                &mut cur,
                                &mut has,
                                &mut words,
                                &mut redirects,
                                &mut pending_redirect,
                            );
                        }
                    }
                    if value.ends_with(char::is_whitespace) {
                        flush(
                            &mut cur,
                            &mut has,
                            &mut words,
                            &mut redirects,
                            &mut pending_redirect,
                        );
                    }
                }
                _ => {
                    if c == '*' || c == '?' {
                        cur.push(GLOB);
                    }
                    cur.push(c);
                    has = true;
                    i += 1;
                }
            }
        }
        flush(
            &mut cur,
            &mut has,
            &mut words,
            &mut redirects,
            &mut pending_redirect,
        );
        for r in &mut redirects {
            r.path = r.path.replace(GLOB, "");
        }
        // Pathname expansion of unquoted `*` and `?` (the word stays as written when nothing
        // matches, as in sh).
        let mut out = Vec::new();
        for w in words {
            if !w.contains(GLOB) {
                out.push(w);
                continue;
            }
            let pattern = w.replace(GLOB, "");
            let matched = self.pathnames(&pattern);
            if matched.is_empty() {
                out.push(pattern);
            } else {
                out.extend(matched);
            }
        }
        Ok((out, redirects))
    }

    /// The files and directories under the working directory a pattern matches, sorted.
    fn pathnames(&self, pattern: &str) -> Vec<String> {
        let (prefix, pat) = match pattern.strip_prefix("./") {
            Some(rest) => ("./", rest),
            None => ("", pattern),
        };
        if pat.starts_with('/') {
            return Vec::new();
        }
        let base = if self.cwd.is_empty() {
            String::new()
        } else {
            format!("{}/", self.cwd)
        };
        let mut names = std::collections::BTreeSet::new();
        for key in self.fs.keys().chain(self.dirs.iter()) {
            let Some(rel) = key.strip_prefix(&base) else {
                continue;
            };
            if key.starts_with('/') && !self.cwd.starts_with('/') {
                continue;
            }
            let parts: Vec<&str> = rel.split('/').collect();
            for n in 1..=parts.len() {
                let candidate = parts[..n].join("/");
                if super::glob::matches(pat, &candidate) {
                    names.insert(format!("{prefix}{candidate}"));
                }
            }
        }
        names.into_iter().collect()
    }

    /// Expands the `$…` or backquote at the start of `chars`: its value and the characters
    /// it used.
    fn expansion(&mut self, chars: &[char]) -> Result<(String, usize), String> {
        if chars[0] == '`' {
            let end = chars[1..]
                .iter()
                .position(|&c| c == '`')
                .ok_or("unexpected EOF while looking for matching ``'")?;
            let inner: String = chars[1..1 + end].iter().collect();
            return Ok((self.substitute(&inner), end + 2));
        }
        match chars.get(1) {
            Some('(') => {
                let mut depth = 0;
                let mut sq = false;
                let mut dq = false;
                for (j, &c) in chars.iter().enumerate().skip(1) {
                    match c {
                        '\'' if !dq => sq = !sq,
                        '"' if !sq => dq = !dq,
                        '(' if !sq && !dq => depth += 1,
                        ')' if !sq && !dq => {
                            depth -= 1;
                            if depth == 0 {
                                let inner: String = chars[2..j].iter().collect();
                                return Ok((self.substitute(&inner), j + 1));
                            }
                        }
                        _ => {}
                    }
                }
                Err("unexpected EOF while looking for matching `)'".into())
            }
            Some('{') => {
                let end = chars
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or("bad substitution")?;
                let inner: String = chars[2..end].iter().collect();
                let value = match inner.split_once(":-") {
                    Some((name, default)) => match self.vars.get(name) {
                        Some(v) if !v.is_empty() => v.clone(),
                        _ => default.to_string(),
                    },
                    None => {
                        if let Some(name) = inner.strip_prefix('#') {
                            self.var(name).chars().count().to_string()
                        } else {
                            self.var(&inner)
                        }
                    }
                };
                Ok((value, end + 1))
            }
            Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
                let len = chars[1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                    .count();
                let name: String = chars[1..1 + len].iter().collect();
                Ok((self.var(&name), len + 1))
            }
            Some('?') => Ok((self.var("?"), 2)),
            _ => Ok(("$".into(), 1)),
        }
    }

    fn var(&self, name: &str) -> String {
        self.vars.get(name).cloned().unwrap_or_default()
    }

    /// A command substitution: run in a subshell, its output without trailing newlines.
    fn substitute(&mut self, inner: &str) -> String {
        let (vars, cwd) = (self.vars.clone(), self.cwd.clone());
        let pending = self.pending;
        let r = self.run_line(inner, "");
        self.vars = vars;
        self.cwd = cwd;
        self.pending = pending.saturating_add(r.seconds);
        r.out.trim_end_matches('\n').to_string()
    }

    /// A path as the file map keys it: relative to the source directory, or absolute
    /// outside it; `.` and `..` resolved.
    pub fn resolve(&self, path: &str) -> String {
        let path = path
            .strip_prefix("~")
            .map_or(path.to_string(), |rest| format!("/root{rest}"));
        let full = if path.starts_with('/') {
            path
        } else if self.cwd.is_empty() {
            format!("{}/{}", self.src_dir, path)
        } else if self.cwd.starts_with('/') {
            format!("{}/{}", self.cwd, path)
        } else {
            format!("{}/{}/{}", self.src_dir, self.cwd, path)
        };
        let mut parts: Vec<&str> = Vec::new();
        for seg in full.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let abs = format!("/{}", parts.join("/"));
        match abs.strip_prefix(&self.src_dir) {
            Some("") => String::new(),
            Some(rest) if rest.starts_with('/') => rest[1..].to_string(),
            _ => abs,
        }
    }

    /// The absolute form of a resolved path.
    pub fn absolute(&self, key: &str) -> String {
        if key.starts_with('/') {
            key.to_string()
        } else if key.is_empty() {
            self.src_dir.clone()
        } else {
            format!("{}/{}", self.src_dir, key)
        }
    }

    pub fn is_dir(&self, key: &str) -> bool {
        key.is_empty()
            || self.dirs.contains(key)
            || self.fs.keys().any(|k| {
                k.len() > key.len() && k.starts_with(key) && k.as_bytes()[key.len()] == b'/'
            })
    }

    /// The files under a directory (relative keys), sorted.
    pub fn files_under(&self, dir: &str) -> Vec<String> {
        self.fs
            .keys()
            .filter(|k| dir.is_empty() && !k.starts_with('/') || k.starts_with(&format!("{dir}/")))
            .cloned()
            .collect()
    }
}

/// Marks an unquoted `*` or `?` while a word is read (internal).
const GLOB: char = '\u{1}';

/// An exit requested with `exit N` stops the rest of the line: statuses at and above this
/// mark it (internal).
pub(crate) const EXIT_REQUESTED_BASE: i32 = 1 << 20;

fn assignment(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once('=')?;
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    valid.then(|| (name.to_string(), value.to_string()))
}
