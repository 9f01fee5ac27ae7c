//! Real dashboard bodies written by others (tests/fixtures/dashboards/valid, listed with their
//! sources in SOURCES.md) give no errors and resolve against a simulated run; the invalid
//! ones (tests/fixtures/dashboards/invalid, this project's own) give exactly their expected
//! findings.
#![cfg(feature = "observability")]

use std::path::{Path, PathBuf};

use engine::cloudwatch::{resolve, validate, Severity};
use engine::telemetry::{simulate, Scenario};

fn files(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dashboards")
        .join(sub);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

#[test]
fn real_dashboard_bodies_have_no_errors() {
    let run = simulate(&Scenario::new(600)).unwrap();
    let mut bad = Vec::new();
    let mut checked = 0;
    for path in files("valid") {
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
        let dashboard = report.dashboard.expect("a dashboard");
        assert!(!dashboard.widgets.is_empty(), "{}", path.display());
        let resolved = resolve(&dashboard, &run, 0, 600);
        assert_eq!(resolved, resolve(&dashboard, &run, 0, 600));
        checked += 1;
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(checked >= 4, "only {checked} files");
}

#[test]
fn invalid_dashboard_bodies_give_exactly_their_expected_findings() {
    let mut checked = 0;
    for path in files("invalid") {
        if path.extension().is_some_and(|e| e == "expected") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("UTF-8 text");
        let got: Vec<String> = validate(&text)
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
            .collect();
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            let mut text = got.join("\n");
            text.push('\n');
            std::fs::write(path.with_extension("expected"), text).expect("written");
        }
        let expected = std::fs::read_to_string(path.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{}: no .expected file", path.display()));
        let want: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(got, want, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 3);
}
