//! The path patterns of `artifacts`, `reports` and `cache`: `*` within one path segment,
//! `**` across segments, `?` one character (build-spec-ref.html, artifacts/files: "'**/*'
//! represents all files recursively", "my-subdirectory/*" all files in a subdirectory).

/// Whether a path (segments joined by `/`) matches a pattern.
pub fn matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_start_matches("./");
    let p: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let s: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segments(&p, &s)
}

fn segments(p: &[&str], s: &[&str]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some(&"**") => (0..=s.len()).any(|i| segments(&p[1..], &s[i..])),
        Some(first) => {
            !s.is_empty()
                && segment(first.as_bytes(), s[0].as_bytes())
                && segments(&p[1..], &s[1..])
        }
    }
}

/// One segment with `*` and `?` (iterative, with backtracking to the last star).
fn segment(p: &[u8], s: &[u8]) -> bool {
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == s[si]) && p[pi] != b'*' {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// Whether a pattern has wildcards.
pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn stars_and_double_stars() {
        assert!(matches("**/*", "a/b/c.txt"));
        assert!(matches("**/*", "c.txt"));
        assert!(matches("dist/*", "dist/a.js"));
        assert!(!matches("dist/*", "dist/x/a.js"));
        assert!(matches("dist/**/*", "dist/x/a.js"));
        assert!(matches("*/my-file3.txt", "my-subdirectory/my-file3.txt"));
        assert!(matches("target/*.jar", "target/app-1.0.jar"));
        assert!(!matches("target/*.jar", "target/app.war"));
        assert!(matches("reports/junit-?.xml", "reports/junit-1.xml"));
        assert!(matches("./a.txt", "a.txt"));
    }
}
