//! Real templates written by other people validate with no error:
//!
//! - cfn-lint's "good" test templates, from its pinned source release (`scripts/setup.sh`
//!   unpacks them under `target/fixtures`); a few of them are valid only for the rule they
//!   test and are listed below with what CloudFormation would reject;
//! - AWS's own samples (aws-cloudformation/aws-cloudformation-templates), when this machine
//!   has them under `../shared/fixtures/cloudformation` (data kept outside the repository).
#![cfg(feature = "cfn")]

use std::path::{Path, PathBuf};

use engine::cfn::{validate, Schemas, Severity, SCHEMAS_JSON};

/// "At least one Resources member must be defined."
const EMPTY: &str = "an empty Resources section";

/// cfn-lint fixtures that CloudFormation itself would reject, and why.
const NOT_VALID: [(&str, &str); 11] = [
    ("core/config_cfn_lint.json", EMPTY),
    ("core/config_cfn_lint.yaml", EMPTY),
    ("core/config_only_i1002.yaml", EMPTY),
    ("core/config_only_i1003.yaml", EMPTY),
    ("core/config_parameters.yaml", EMPTY),
    ("decode/parsing.json", EMPTY),
    ("mappings/name.yaml", EMPTY),
    ("parameters/default.yaml", EMPTY),
    ("resources/cloudformation/stack_nested.yaml", EMPTY),
    (
        "custom/is-defined.yaml",
        "a top-level \"Parameter\" section (sic)",
    ),
    (
        "functions/sub_needed.yaml",
        "references to resources it does not define",
    ),
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json" | "template")
        ) {
            out.push(path);
        }
    }
}

/// Validates every template under `dir` (files with no Resources or
/// AWSTemplateFormatVersion at the top are not templates: configuration, events…) and
/// returns how many were checked and the errors found.
fn check(dir: &Path, skip: &dyn Fn(&str) -> bool) -> (usize, Vec<String>) {
    let schemas = Schemas::from_json(SCHEMAS_JSON).unwrap();
    let mut all = Vec::new();
    files(dir, &mut all);
    all.sort();
    let mut checked = 0;
    let mut errors = Vec::new();
    for path in all {
        let name = path
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if skip(&name) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let template = engine::cfn::parse(&text).is_ok_and(|(root, _)| {
            root.key("Resources").is_some() || root.key("AWSTemplateFormatVersion").is_some()
        });
        if !template {
            continue;
        }
        checked += 1;
        for d in validate(&text, &schemas).diagnostics {
            if d.severity() == Severity::Error {
                errors.push(format!(
                    "{name}:{}:{}: {} {:?}",
                    d.pos.line,
                    d.pos.col,
                    d.rule.id(),
                    d.args
                ));
            }
        }
    }
    (checked, errors)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn cfn_lint_good_templates_have_no_false_errors() {
    let dir = repo().join("target/fixtures/cfn_lint-1.58.0/test/fixtures/templates/good");
    assert!(
        dir.is_dir(),
        "{} is missing: run scripts/setup.sh",
        dir.display()
    );
    let (checked, errors) = check(&dir, &|name| NOT_VALID.iter().any(|(n, _)| *n == name));
    assert!(checked >= 80, "only {checked} templates checked");
    assert!(
        errors.is_empty(),
        "{} false errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
    // The ones left out are rejected, each for its reason.
    let (_, flagged) = check(&dir, &|name| !NOT_VALID.iter().any(|(n, _)| *n == name));
    for (name, why) in NOT_VALID {
        assert!(
            flagged.iter().any(|e| e.starts_with(name)),
            "{name} ({why}) is not flagged"
        );
    }
}

#[test]
fn aws_sample_templates_have_no_false_errors() {
    let dir = repo().join("../shared/fixtures/cloudformation/aws-cloudformation-templates");
    if !dir.is_dir() {
        eprintln!("skipped: {} is not on this machine", dir.display());
        return;
    }
    // Rain's modules are fragments for `rain pkg`, not templates CloudFormation reads.
    let (checked, errors) = check(&dir, &|name| name.starts_with("RainModules/"));
    assert!(checked >= 200, "only {checked} templates checked");
    assert!(
        errors.is_empty(),
        "{} false errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
