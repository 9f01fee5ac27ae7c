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

/// Every valid fixture cut, spliced and sprinkled with JSON punctuation by a seeded
/// generator: no input panics, every finding points inside the text, and a policy that still
/// validates still previews.
#[test]
fn mangled_policies_never_panic_and_point_inside_the_text() {
    use engine::numbers::Rng;
    const PIECES: &[&str] = &[
        ":",
        ",",
        "{",
        "}",
        "[",
        "]",
        "\"",
        "\\",
        "\n",
        "0",
        "-1",
        "1e9",
        "null",
        "\"any\"",
        "\"tagged\"",
        "\"*\"",
        "é",
        "\u{feff}",
    ];
    let mut rng = Rng::new(21);
    let images: Vec<Image> = (0..6u64)
        .map(|i| {
            let c = ImageContent {
                base: "alpine:3.20".into(),
                build: i.to_string(),
                ..Default::default()
            };
            Image::new(&c, if i % 2 == 0 { &["v1"] } else { &[] }, i * DAY)
        })
        .collect();
    for path in files("valid") {
        let original: Vec<char> = std::fs::read_to_string(&path).unwrap().chars().collect();
        for _ in 0..150 {
            let mut chars = original.clone();
            let pick = |rng: &mut Rng, n: usize| (rng.next_u64() % n.max(1) as u64) as usize;
            for _ in 0..1 + pick(&mut rng, 3) {
                let at = pick(&mut rng, chars.len() + 1);
                match pick(&mut rng, 3) {
                    0 => {
                        let end = (at + pick(&mut rng, 30)).min(chars.len());
                        chars.drain(at..end);
                    }
                    1 => {
                        let piece = PIECES[pick(&mut rng, PIECES.len())];
                        chars.splice(at..at, piece.chars());
                    }
                    _ => {
                        let from = pick(&mut rng, chars.len() + 1);
                        let end = (from + pick(&mut rng, 60)).min(chars.len());
                        let slice: Vec<char> = chars[from..end].to_vec();
                        chars.splice(at..at, slice);
                    }
                }
            }
            let text: String = chars.into_iter().collect();
            let report = validate(&text);
            let lines: Vec<&str> = text.split('\n').collect();
            for d in &report.diagnostics {
                let (l, c) = (d.pos.line as usize, d.pos.col as usize);
                assert!(l >= 1 && l <= lines.len(), "{}: {text}", d.rule.id());
                let width = lines[l - 1].chars().count();
                assert!(
                    c >= 1 && c <= width + 1,
                    "{} at {l}:{c}: {text}",
                    d.rule.id()
                );
            }
            if let Some(policy) = &report.policy {
                assert_eq!(preview_images(policy, &images, 9 * DAY).results.len(), 6);
            }
        }
    }
}
