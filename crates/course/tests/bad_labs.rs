//! The loader's messages, case by case. Each folder under `bad_labs/` is a small lab broken
//! in one way (a `catalogue-*` folder is instead a labs folder: two labs and its
//! `catalogue.toml`), and its `expected.txt` is every problem the loader reports, one per
//! line, as `file:line:column: message`. `_valid/` holds the minimal labs the cases were
//! copied from; they must load. `UPDATE_EXPECT=1 cargo test -p devops-lab-course --features
//! files --test bad_labs` rewrites every expected.txt; read the diff before committing it.
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use course::cli::{read_folder, read_labs};
use course::files::Problem;
use course::{Catalogue, Lab};

/// Fewer cases than this means the folder was not found or lost cases.
const AT_LEAST: usize = 180;

/// The folder of valid labs the cases start from.
const VALID: &str = "_valid";

fn bad_labs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_labs")
}

/// The folders in `dir`, by name.
fn folders(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Every problem the loader reports for a case folder (its name is the lab's folder name).
fn problems(name: &str, path: &Path) -> Vec<Problem> {
    if name.starts_with("catalogue-") {
        let (order, labs) = read_labs(path).unwrap();
        Catalogue::from_folders(course::Lang::En, order.as_deref(), &labs).problems
    } else {
        Lab::load(name, &read_folder(path).unwrap())
            .err()
            .unwrap_or_default()
    }
}

#[test]
fn the_labs_the_cases_start_from_load() {
    let bases = folders(&bad_labs().join(VALID));
    assert_eq!(bases.len(), 5, "one per family: {bases:?}");
    for (name, path) in bases {
        let found = problems(&name, &path);
        assert!(found.is_empty(), "_valid/{name}: {found:?}");
    }
}

#[test]
fn every_bad_lab_reports_its_expected_problems() {
    let cases: Vec<_> = folders(&bad_labs())
        .into_iter()
        .filter(|(name, _)| name != VALID)
        .collect();
    assert!(
        cases.len() >= AT_LEAST,
        "only {} cases found in {}",
        cases.len(),
        bad_labs().display()
    );
    let mut failed = Vec::new();
    for (name, path) in &cases {
        let found = problems(name, path);
        if found.is_empty() {
            failed.push(format!("{name}: loads without problems"));
            continue;
        }
        let text: String = found.iter().map(|p| format!("{p}\n")).collect();
        let expected = expect_test::expect_file![path.join("expected.txt")];
        if catch_unwind(AssertUnwindSafe(|| expected.assert_eq(&text))).is_err() {
            failed.push(format!("{name}: not what expected.txt says (diff above)"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
