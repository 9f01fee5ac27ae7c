//! Real public Kubernetes manifests (see fixtures/k8s/SOURCES.md) validate with no errors;
//! small invalid files give exactly the findings listed in fixtures/k8s/expected.txt.
#![cfg(feature = "containers")]

use std::path::Path;

use engine::k8s::{validate, Severity};

fn files(dir: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/k8s")
        .join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
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
fn real_manifests_have_no_errors() {
    let mut bad = Vec::new();
    let all = files("valid");
    assert!(all.len() >= 15, "{} files", all.len());
    for (name, text) in &all {
        let r = validate(text);
        assert!(!r.objects.is_empty(), "{name}: no objects");
        for d in r.diagnostics {
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

#[test]
fn invalid_manifests_give_the_findings_expected() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s");
    let expected = std::fs::read_to_string(base.join("expected.txt")).unwrap();
    let mut wrong = Vec::new();
    let all = files("invalid");
    assert!(all.len() >= 5, "{}", all.len());
    for (name, text) in all {
        let key = format!("invalid/{name}:");
        let want = expected
            .lines()
            .find_map(|l| l.strip_prefix(&key))
            .unwrap_or_else(|| panic!("{key} not in expected.txt"))
            .trim()
            .to_string();
        let got: Vec<String> = validate(&text)
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
            .collect();
        if got.join(", ") != want {
            wrong.push(format!("{key} {}", got.join(", ")));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
