//! Real Dockerfiles (tests/fixtures/docker/valid, listed in SOURCES.md there) read without a
//! single error; the invalid ones give exactly the findings their first lines expect.
#![cfg(feature = "containers")]

use std::path::PathBuf;

use engine::docker::{build, validate, Context, ContextFile, Options, Severity};

fn dir(sub: &str) -> Vec<(String, String)> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/docker")
        .join(sub);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&d)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn real_dockerfiles_have_no_errors() {
    let files = dir("valid");
    assert!(files.len() >= 15, "{} fixtures", files.len());
    let mut bad = Vec::new();
    for (name, text) in &files {
        let report = validate(text);
        for d in &report.diagnostics {
            eprintln!(
                "{name}:{}:{} {} {:?}",
                d.pos.line,
                d.pos.col,
                d.rule.id(),
                d.args
            );
            if d.severity() == Severity::Error {
                bad.push(format!(
                    "{name}:{}:{} {}",
                    d.pos.line,
                    d.pos.col,
                    d.rule.id()
                ));
            }
        }
        if !report.has_errors() {
            assert!(report.model.is_some(), "{name}");
        }
    }
    assert!(bad.is_empty(), "false errors: {bad:#?}");
}

/// Each invalid fixture starts with `# expect: LINE:COL rule-id` lines, exactly the findings.
#[test]
fn invalid_dockerfiles_give_exactly_the_expected_findings() {
    let files = dir("invalid");
    assert!(!files.is_empty());
    for (name, text) in &files {
        let expected: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(str::to_string)
            .collect();
        let got: Vec<String> = validate(text)
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

/// Every real Dockerfile also builds (against a small context) without a panic, its image's
/// size the sum of its layers.
#[test]
fn real_dockerfiles_build() {
    let ctx = Context::new(vec![
        ContextFile::with_text("package.json", r#"{"dependencies":{"express":"4"}}"#),
        ContextFile::with_text("requirements.txt", "flask\ngunicorn\n"),
        ContextFile::new("app.py", 2_000),
        ContextFile::new("src/index.js", 2_000),
    ]);
    for (name, text) in dir("valid") {
        let b = build(&text, &ctx, &Options::default());
        let sum: u64 = b.layers.iter().map(|l| l.size).sum();
        assert_eq!(b.size, sum, "{name}");
        let again = build(
            &text,
            &ctx,
            &Options {
                cache: b.cache.clone(),
                ..Options::default()
            },
        );
        assert_eq!(again.digest, b.digest, "{name}");
        assert!(again.layers.iter().all(|l| l.cache.is_hit()), "{name}");
    }
}
