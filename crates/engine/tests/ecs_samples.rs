//! Real public ECS task and service definitions (see fixtures/ecs/SOURCES.md) validate with
//! no errors; small invalid files give exactly the findings written in their first line.
#![cfg(feature = "containers")]

use std::path::Path;

use engine::ecs::{validate_service, validate_task_definition, Diagnostic, Severity};

fn check(text: &str) -> Vec<Diagnostic> {
    if text.contains("\"serviceName\"") || text.contains("\"service\"") {
        validate_service(text).diagnostics
    } else {
        validate_task_definition(text).diagnostics
    }
}

fn files(dir: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ecs")
        .join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
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
fn real_definitions_have_no_errors() {
    let mut bad = Vec::new();
    let all = files("valid");
    assert!(all.len() >= 15, "{} files", all.len());
    for (name, text) in &all {
        for d in check(text) {
            if d.severity() == Severity::Error {
                bad.push(format!(
                    "{name}:{}:{} {} {:?}",
                    d.pos.line,
                    d.pos.col,
                    d.rule.id(),
                    d.args
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// `expected.txt` lists, for each file of `invalid/` (small files written for these tests)
/// and `rejected/` (real public files ECS would refuse), its findings as `line:col rule-id`.
#[test]
fn invalid_definitions_give_the_findings_expected() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ecs");
    let expected = std::fs::read_to_string(base.join("expected.txt")).unwrap();
    let mut seen = 0;
    let mut wrong = Vec::new();
    for dir in ["invalid", "rejected"] {
        for (name, text) in files(dir) {
            let key = format!("{dir}/{name}:");
            let want = expected
                .lines()
                .find_map(|l| l.strip_prefix(&key))
                .unwrap_or_else(|| panic!("{key} not in expected.txt"))
                .trim()
                .to_string();
            let got: Vec<String> = check(&text)
                .iter()
                .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
                .collect();
            if got.join(", ") != want {
                wrong.push(format!("{key} {}", got.join(", ")));
            }
            seen += 1;
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(seen >= 10, "{seen}");
}
