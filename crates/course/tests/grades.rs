//! Every lab's reference solution and known-wrong attempts, graded check by check, against
//! a recorded snapshot (`grades.txt`): a change to the lab model that changes any grade or
//! any verdict's wording shows up here as a diff. `UPDATE_EXPECT=1 cargo test` rewrites it.
use std::path::{Path, PathBuf};

fn folders(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn every_attempt_grades_as_recorded() {
    let labs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../labs");
    let mut report = String::new();
    for lab in folders(&labs) {
        let name = lab.file_name().unwrap().to_string_lossy().into_owned();
        let attempts = std::iter::once(lab.join("solution")).chain(folders(&lab.join("attempts")));
        for attempt in attempts {
            let rel = attempt
                .strip_prefix(&lab)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            report.push_str(&format!("== {name} {rel}\n"));
            let mut out = Vec::new();
            let args = [
                "grade".to_string(),
                lab.to_string_lossy().into_owned(),
                attempt.to_string_lossy().into_owned(),
            ];
            let code = course::cli::run(&args, &mut out);
            report.push_str(&String::from_utf8(out).unwrap());
            assert!(code <= 1, "{name} {rel}: exit {code}");
        }
    }
    assert!(report.matches("== ").count() >= 20, "{report}");
    expect_test::expect_file!["grades.txt"].assert_eq(&report);
}
