//! The appspec validator on real public files (no false errors) and on small invalid ones.
#![cfg(feature = "cicd")]

use std::path::Path;

use engine::codedeploy::{validate, ComputePlatform};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn real_appspec_files_have_no_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/codedeploy/valid");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{} fixtures", names.len());
    let mut platforms = Vec::new();
    for path in &names {
        let report = validate(&read(path));
        assert!(
            report.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            report.diagnostics
        );
        platforms.push(report.appspec.expect("an appspec").platform);
    }
    for p in [
        ComputePlatform::Server,
        ComputePlatform::Ecs,
        ComputePlatform::Lambda,
    ] {
        assert!(platforms.contains(&p), "no {} fixture", p.name());
    }
}

#[test]
fn invalid_files_give_exact_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/codedeploy/invalid");
    for (file, expected) in [
        (
            "ec2-hooks.yml",
            &[
                "9:16 timeout-range",
                "10:3 hook-reserved",
                "14:7 unknown-key",
            ][..],
        ),
        (
            "ecs-service.json",
            &["6:17 resource-type", "9:31 required", "14:16 hook-platform"][..],
        ),
        (
            "lambda-mixed.yaml",
            &["2:1 platform-mixed", "12:5 hook-platform"][..],
        ),
    ] {
        let found: Vec<String> = validate(&read(&dir.join(file)))
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
            .collect();
        assert_eq!(found, expected, "{file}");
    }
}
