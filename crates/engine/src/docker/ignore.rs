//! `.dockerignore` patterns, as https://docs.docker.com/build/concepts/context/#dockerignore-files
//! documents them: one pattern a line, `#` in column 1 a comment, the context's root both the
//! working and the root directory (a leading `/` changes nothing), matching with Go's
//! `filepath.Match` (`*` and `?` within a path segment, `[…]` classes) plus `**` for any
//! number of directories, `!` an exception, the last line that matches a file deciding, and a
//! pattern that matches a directory excluding everything inside it. The same path matching
//! serves COPY's sources.

/// The patterns of a `.dockerignore`, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ignore {
    patterns: Vec<(bool, Vec<String>)>,
}

/// A path cleaned as Go's `filepath.Clean` would, relative to the context: `./a//b/` → `a/b`.
pub fn clean(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

impl Ignore {
    /// Reads a `.dockerignore`'s text.
    pub fn parse(text: &str) -> Ignore {
        let mut patterns = Vec::new();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let line = line.trim();
            let (exception, pattern) = match line.strip_prefix('!') {
                Some(p) => (true, p.trim()),
                None => (false, line),
            };
            let cleaned = clean(pattern);
            if cleaned.is_empty() {
                continue;
            }
            patterns.push((exception, cleaned.split('/').map(str::to_string).collect()));
        }
        Ignore { patterns }
    }

    /// Whether a context file is excluded (the path itself or one of its directories matched,
    /// the last matching line deciding).
    pub fn excludes(&self, path: &str) -> bool {
        let path = clean(path);
        let segs: Vec<&str> = path.split('/').collect();
        let mut excluded = false;
        for (exception, pattern) in &self.patterns {
            let p: Vec<&str> = pattern.iter().map(String::as_str).collect();
            let hit = (1..=segs.len()).any(|n| segments(&p, &segs[..n]));
            if hit {
                excluded = !exception;
            }
        }
        excluded
    }

    /// Whether there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

/// Whether a path (segments) matches a pattern (segments), `**` crossing directories.
pub fn segments(p: &[&str], s: &[&str]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some(&"**") => (0..=s.len()).any(|i| segments(&p[1..], &s[i..])),
        Some(first) => !s.is_empty() && segment(first, s[0]) && segments(&p[1..], &s[1..]),
    }
}

/// Whether a path matches a glob pattern, or lies inside a directory it matches (COPY's
/// source rule: a directory source copies its contents).
pub fn matches_or_inside(pattern: &str, path: &str) -> bool {
    let pattern = clean(pattern);
    if pattern.is_empty() {
        return true;
    }
    let p: Vec<&str> = pattern.split('/').collect();
    let path = clean(path);
    let s: Vec<&str> = path.split('/').collect();
    (1..=s.len()).any(|n| segments(&p, &s[..n]))
}

/// One segment with Go's `filepath.Match` syntax: `*`, `?`, `[abc]`, `[a-z]`, `[^…]`, `\x`.
fn segment(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = name.chars().collect();
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, si));
            pi += 1;
            continue;
        }
        if pi < p.len() {
            if let Some((ok, len)) = one(&p[pi..], s[si]) {
                if ok {
                    pi += len;
                    si += 1;
                    continue;
                }
            }
        }
        match star {
            Some((sp, ss)) => {
                pi = sp + 1;
                si = ss + 1;
                star = Some((sp, ss + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Matches one character against the pattern's next item; returns whether it matched and
/// how many pattern characters the item takes. `None` for a malformed class.
fn one(p: &[char], c: char) -> Option<(bool, usize)> {
    match p[0] {
        '?' => Some((true, 1)),
        '\\' if p.len() > 1 => Some((p[1] == c, 2)),
        '[' => {
            let mut i = 1;
            let negate = p.get(1) == Some(&'^');
            if negate {
                i += 1;
            }
            let mut hit = false;
            let start = i;
            while i < p.len() && (p[i] != ']' || i == start) {
                if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
                    if p[i] <= c && c <= p[i + 2] {
                        hit = true;
                    }
                    i += 3;
                } else {
                    if p[i] == c {
                        hit = true;
                    }
                    i += 1;
                }
            }
            if i >= p.len() {
                return None;
            }
            Some((hit != negate, i + 1))
        }
        x => Some((x == c, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_documented_examples() {
        // https://docs.docker.com/build/concepts/context/#dockerignore-files
        let i = Ignore::parse("# comment\n*/temp*\n*/*/temp*\ntemp?\n");
        assert!(i.excludes("somedir/temporary.txt"));
        assert!(i.excludes("somedir/temp"));
        assert!(i.excludes("somedir/subdir/temporary.txt"));
        assert!(i.excludes("tempa"));
        assert!(!i.excludes("temporary.txt"));
        let i = Ignore::parse("*.md\n!README*.md\nREADME-secret.md\n");
        assert!(i.excludes("CHANGES.md"));
        assert!(!i.excludes("README.md"));
        assert!(i.excludes("README-secret.md"));
        let i = Ignore::parse("*.md\nREADME-secret.md\n!README*.md\n");
        assert!(!i.excludes("README-secret.md"));
        let i = Ignore::parse("**/*.go\n");
        assert!(i.excludes("main.go") && i.excludes("a/b/c.go"));
    }

    #[test]
    fn a_directory_pattern_excludes_its_contents() {
        let i = Ignore::parse("node_modules\n/.git\n");
        assert!(i.excludes("node_modules/express/index.js"));
        assert!(i.excludes(".git/HEAD"));
        assert!(!i.excludes("src/node_modules.txt"));
    }

    #[test]
    fn copy_sources_match_files_and_directories() {
        assert!(matches_or_inside("package*.json", "package-lock.json"));
        assert!(matches_or_inside("./src", "src/index.js"));
        assert!(matches_or_inside(".", "src/index.js"));
        assert!(!matches_or_inside("src", "test/a.js"));
        assert!(matches_or_inside("[a-c].txt", "b.txt"));
        assert!(!matches_or_inside("[^a-c].txt", "b.txt"));
    }
}
