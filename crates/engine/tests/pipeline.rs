//! CodePipeline: definitions read and checked (real public files, invalid ones with exact
//! findings), and executions simulated.
#![cfg(feature = "cicd")]

use engine::pipeline::*;

fn fixture(path: &str) -> String {
    let p = format!("{}/tests/fixtures/pipeline/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// `line:col rule-id args…` of every finding.
fn findings(text: &str) -> Vec<String> {
    validate(text)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {} {}", d.pos.line, d.pos.col, d.rule.id(), d.args.join(" | ")))
        .collect()
}

#[test]
fn dump_invalid() {
    for f in ["bad-structure.json", "artifacts.yaml", "stages.json", "v2.yaml", "broken.json"] {
        println!("== {f}");
        for l in findings(&fixture(&format!("invalid/{f}"))) {
            println!("{l}");
        }
    }
}
