//! The test convention the simulated runners follow (COMMANDS.md, "Tests"): which files
//! hold test cases, how a case is named, and when it fails.

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    Js,
    Python,
    Go,
    Java,
}

impl Lang {
    pub fn suite_name(self) -> &'static str {
        match self {
            Lang::Js => "jest tests",
            Lang::Python => "pytest",
            Lang::Go => "go test",
            Lang::Java => "surefire",
        }
    }

    fn is_test_file(self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        if path
            .split('/')
            .any(|s| s == "node_modules" || s == "target" && self != Lang::Java)
        {
            return false;
        }
        match self {
            Lang::Js => {
                let exts = [".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs"];
                let stem = exts.iter().find_map(|e| name.strip_suffix(e));
                stem.is_some_and(|s| s.ends_with(".test") || s.ends_with(".spec"))
                    || (path.contains("__tests__/") && stem.is_some())
            }
            Lang::Python => {
                name.ends_with(".py") && (name.starts_with("test_") || name.ends_with("_test.py"))
            }
            Lang::Go => name.ends_with("_test.go"),
            Lang::Java => {
                path.contains("src/test/java/")
                    && (name.ends_with("Test.java") || name.ends_with("Tests.java"))
            }
        }
    }
}

/// A test case and, when it fails, why.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Case {
    pub suite: String,
    pub name: String,
    pub failure: Option<String>,
}

/// The test cases under `root` for a language, in path order then text order.
pub(crate) fn find_tests(fs: &BTreeMap<String, String>, root: &str, lang: Lang) -> Vec<Case> {
    let prefix = if root.is_empty() {
        String::new()
    } else {
        format!("{root}/")
    };
    let mut out = Vec::new();
    for (path, text) in fs {
        let Some(rel) = path.strip_prefix(&prefix) else {
            continue;
        };
        if path.starts_with('/') || !lang.is_test_file(rel) {
            continue;
        }
        let suite = match lang {
            Lang::Java => rel
                .split("src/test/java/")
                .nth(1)
                .unwrap_or(rel)
                .trim_end_matches(".java")
                .replace('/', "."),
            _ => rel.to_string(),
        };
        let mut current: Option<(String, String)> = None;
        let mut after_test_annotation = false;
        for line in text.lines() {
            let start = case_start(line, lang, &mut after_test_annotation);
            if let Some(name) = start {
                if let Some((n, body)) = current.take() {
                    out.push(case(&suite, n, &body));
                }
                current = Some((name, String::new()));
            } else if let Some((_, body)) = current.as_mut() {
                body.push_str(line);
                body.push('\n');
            }
        }
        if let Some((n, body)) = current {
            out.push(case(&suite, n, &body));
        }
    }
    out
}

fn case(suite: &str, name: String, body: &str) -> Case {
    Case {
        suite: suite.to_string(),
        name,
        failure: failure(body),
    }
}

/// The case a line starts, if any: `test('name'`/`it("name"` (JavaScript), `def test_x(`
/// (Python), `func TestX(` (Go), a method after `@Test` (Java).
fn case_start(line: &str, lang: Lang, after_test: &mut bool) -> Option<String> {
    let t = line.trim_start();
    match lang {
        Lang::Js => {
            for opener in ["test(", "it(", "test.only(", "it.only("] {
                if let Some(rest) = t.strip_prefix(opener) {
                    let q = rest.chars().next()?;
                    if matches!(q, '\'' | '"' | '`') {
                        let end = rest[1..].find(q)?;
                        return Some(rest[1..1 + end].to_string());
                    }
                }
            }
            None
        }
        Lang::Python => {
            let rest = t
                .strip_prefix("def ")
                .or_else(|| t.strip_prefix("async def "))?;
            rest.starts_with("test")
                .then(|| rest.split('(').next().unwrap_or(rest).to_string())
        }
        Lang::Go => {
            let rest = t.strip_prefix("func Test")?;
            Some(format!("Test{}", rest.split('(').next().unwrap_or(rest)))
        }
        Lang::Java => {
            if t.starts_with("@Test") {
                *after_test = true;
                return None;
            }
            if *after_test && t.contains('(') && !t.starts_with('@') {
                *after_test = false;
                let before = t.split('(').next().unwrap_or(t);
                return before.split_whitespace().last().map(str::to_string);
            }
            None
        }
    }
}

/// Why a case's body fails, if it does: an explicit failure (`assert False`, `fail(`,
/// `t.Fatal`, `t.Error`, `throw new Error`, `assert(false)`…) or an equality of two different
/// literals (`expect(1).toBe(2)`, `assert 1 == 2`, `assertEquals(1, 2)`,
/// `assert.equal('a', 'b')`).
pub(crate) fn failure(body: &str) -> Option<String> {
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with("//") || t.starts_with('#') {
            continue;
        }
        const EXPLICIT: &[&str] = &[
            "assert False",
            "assert false",
            "assert(false)",
            "assert.fail(",
            "pytest.fail(",
            "t.Fatal",
            "t.Error",
            "t.Fail(",
            "throw new Error",
            "assertTrue(false)",
            "assert.ok(false)",
            "expect(false).toBe(true)",
            "expect(true).toBe(false)",
        ];
        if let Some(e) = EXPLICIT.iter().find(|e| t.contains(*e)) {
            return Some(e.trim_end_matches('(').to_string());
        }
        if t.starts_with("fail(") || t.contains(" fail(") || t.contains("Assertions.fail(") {
            return Some("fail".into());
        }
        if let Some(rest) = t.split("expect(").nth(1) {
            if let Some((a, tail)) = rest.split_once(')') {
                for m in [".toBe(", ".toEqual(", ".toStrictEqual("] {
                    if let Some(b) = tail.strip_prefix(m).and_then(|b| b.split(')').next()) {
                        if let Some(why) = differ(a, b) {
                            return Some(why);
                        }
                    }
                }
            }
        }
        if let Some(rest) = t.strip_prefix("assert ") {
            if let Some((a, b)) = rest.split_once("==") {
                if let Some(why) = differ(a, b.split(',').next().unwrap_or(b)) {
                    return Some(why);
                }
            }
        }
        for call in [
            "assertEquals(",
            "assertEqual(",
            "assert.equal(",
            "assert.strictEqual(",
            "assert.deepEqual(",
        ] {
            if let Some(rest) = t.split(call).nth(1) {
                let args = rest.rsplit_once(')').map_or(rest, |(a, _)| a);
                if let Some((a, b)) = args.split_once(',') {
                    if let Some(why) = differ(a, b.split(',').next().unwrap_or(b)) {
                        return Some(why);
                    }
                }
            }
        }
    }
    None
}

/// Two literals that differ: `expected B, received A`.
fn differ(a: &str, b: &str) -> Option<String> {
    let (a, b) = (literal(a)?, literal(b)?);
    (a != b).then(|| format!("expected {b}, received {a}"))
}

fn literal(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches(';').trim();
    if s.len() >= 2 {
        let (f, l) = (s.chars().next()?, s.chars().last()?);
        if f == l && matches!(f, '\'' | '"' | '`') {
            return Some(format!("\"{}\"", &s[1..s.len() - 1]));
        }
    }
    if s.parse::<f64>().is_ok() {
        return Some(s.trim_end_matches(['L', 'f']).to_string());
    }
    match s {
        "true" | "True" => Some("true".into()),
        "false" | "False" => Some("false".into()),
        "null" | "None" | "nil" | "undefined" => Some("null".into()),
        _ => None,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A JUnit XML report of the cases.
pub(crate) fn junit_xml(cases: &[Case], suite: &str) -> String {
    let failed = cases.iter().filter(|c| c.failure.is_some()).count();
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"{}\" failures=\"{failed}\">\n  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\">\n",
        cases.len(),
        escape(suite),
        cases.len()
    );
    for c in cases {
        match &c.failure {
            Some(why) => x.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" time=\"0.01\">\n      <failure message=\"{}\"/>\n    </testcase>\n",
                escape(&c.suite),
                escape(&c.name),
                escape(why)
            )),
            None => x.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" time=\"0.01\"/>\n",
                escape(&c.suite),
                escape(&c.name)
            )),
        }
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

/// The test cases of a JUnit XML text: (classname, name, status, message) with the status
/// as CodeBuild's test case API names it (SUCCEEDED, FAILED, ERROR, SKIPPED).
pub(crate) fn read_junit(xml: &str) -> Vec<(String, String, &'static str, Option<String>)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        // The attribute itself, not one whose name ends with it (`name` in `classname`).
        let key = format!("{name}=\"");
        let a = tag
            .match_indices(&key)
            .find(|(i, _)| *i == 0 || tag[..*i].ends_with(char::is_whitespace))?
            .0
            + key.len();
        let b = tag[a..].find('"')?;
        Some(
            tag[a..a + b]
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        )
    };
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<testcase") {
        rest = &rest[i + 9..];
        let Some(end) = rest.find('>') else {
            break;
        };
        let tag = &rest[..end];
        let self_closing = tag.ends_with('/');
        let body = if self_closing {
            ""
        } else {
            let close = rest.find("</testcase>").unwrap_or(rest.len());
            &rest[end..close]
        };
        let (status, message) = if let Some(f) = body.find("<failure") {
            ("FAILED", attr(&body[f..], "message"))
        } else if let Some(e) = body.find("<error") {
            ("ERROR", attr(&body[e..], "message"))
        } else if body.contains("<skipped") {
            ("SKIPPED", None)
        } else {
            ("SUCCEEDED", None)
        };
        out.push((
            attr(tag, "classname").unwrap_or_default(),
            attr(tag, "name").unwrap_or_default(),
            status,
            message,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_junit_case_keeps_its_name_apart_from_its_classname() {
        let xml = "<testsuite>\n  <testcase classname=\"tests/cart.test.js\" name=\"ships free\" time=\"0.01\">\n    <failure message=\"throw new Error\"/>\n  </testcase>\n  <testcase name=\"first\" classname=\"c\"/>\n</testsuite>\n";
        let cases = read_junit(xml);
        assert_eq!(
            cases[0],
            (
                "tests/cart.test.js".to_string(),
                "ships free".to_string(),
                "FAILED",
                Some("throw new Error".to_string())
            )
        );
        assert_eq!(
            (cases[1].0.as_str(), cases[1].1.as_str(), cases[1].2),
            ("c", "first", "SUCCEEDED")
        );
    }
}
