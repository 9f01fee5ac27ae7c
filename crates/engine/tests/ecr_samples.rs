//! Real lifecycle policies written by others (tests/fixtures/ecr/valid, listed with their
//! sources in SOURCES.md) give no errors and preview deterministically; the invalid ones
//! (tests/fixtures/ecr/invalid, this project's own) give exactly their expected findings.
#![cfg(feature = "containers")]

use std::path::{Path, PathBuf};

use engine::ecr::{preview_images, validate, Image, ImageContent, Severity, DAY};

fn files(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ecr")
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
fn real_lifecycle_policies_have_no_errors() {
    let mut bad = Vec::new();
    let mut checked = 0;
    // A repository of tagged and untagged images pushed over 60 days.
    let images: Vec<Image> = (0..60u64)
        .map(|i| {
            let content = ImageContent {
                base: "node:22-slim".into(),
                build: i.to_string(),
                size_bytes: 1000 + i,
                ..Default::default()
            };
            let tags: Vec<String> = match i % 4 {
                0 => vec![],
                1 => vec![format!("prod-{i}"), format!("v{i}")],
                2 => vec![format!("dev-{i}")],
                _ => vec![format!("release-{i}"), format!("sha-{i}")],
            };
            let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
            Image::new(&content, &tags, i * DAY)
        })
        .collect();
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
        if let Some(policy) = &report.policy {
            let a = preview_images(policy, &images, 61 * DAY);
            assert_eq!(a, preview_images(policy, &images, 61 * DAY));
            assert_eq!(a.results.len(), images.len());
        }
        checked += 1;
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(checked >= 10, "only {checked} files");
}

#[test]
fn invalid_lifecycle_policies_give_exactly_their_expected_findings() {
    let mut checked = 0;
    for path in files("invalid") {
        if path.extension().is_some_and(|e| e == "expected") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("UTF-8 text");
        let expected = std::fs::read_to_string(path.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{}: no .expected file", path.display()));
        let got: Vec<String> = validate(&text)
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
            .collect();
        let want: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(got, want, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 5);
}
