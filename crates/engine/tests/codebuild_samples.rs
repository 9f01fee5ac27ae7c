//! Real buildspec files written by others (tests/fixtures/codebuild, listed with their
//! sources in SOURCES.md) give no errors; the invalid ones give exactly their expected
//! findings.
#![cfg(feature = "cicd")]

use std::path::Path;

use engine::codebuild::{run, validate, Environment, Severity, Source};

fn dir() -> std::path::PathBuf {
    std::env::var_os("CODEBUILD_FIXTURES")
        .map(Into::into)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/codebuild/valid")
        })
}

#[test]
fn real_buildspecs_have_no_errors() {
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir())
        .expect("the fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut bad = Vec::new();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("UTF-8 text");
        let report = validate(&text);
        for d in &report.diagnostics {
            if d.severity() == Severity::Error {
                bad.push(format!(
                    "{}:{}:{} {} {:?}",
                    path.display(),
                    d.pos.line,
                    d.pos.col,
                    d.rule.id(),
                    d.args
                ));
            }
        }
        // Every real buildspec also runs (on an empty source), deterministically.
        if let Some(spec) = &report.spec {
            let env = Environment {
                privileged_mode: true,
                ..Environment::default()
            };
            let a = run(spec, &Source::default(), &env);
            assert_eq!(a, run(spec, &Source::default(), &env));
        }
        checked += 1;
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(checked >= 10, "only {checked} files");
}

#[test]
fn invalid_buildspecs_give_exactly_their_expected_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/codebuild/invalid");
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 3);
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("UTF-8 text");
        let expected: Vec<String> = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .expect("a first line `# expect: …`")
            .split(", ")
            .map(str::to_string)
            .collect();
        let found: Vec<String> = validate(&text)
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
            .collect();
        assert_eq!(found, expected, "{}", path.display());
    }
}
