//! Checking a lab folder as its author would want: it loads, its reference
//! solution earns full marks, and each known-wrong attempt fails exactly the
//! checks it names. The `check` command and the native tests share this code.
use crate::lang::Lang;
use std::collections::BTreeSet;

use super::answer::Answers;
use super::attempt::{Attempt, ATTEMPT_FILE};
use super::catalogue::subfolder;
use super::files::{FileSet, Problem};
use super::grade::grade;
use super::lab::Lab;

/// What checking one lab folder found.
#[derive(Clone, Debug, PartialEq)]
pub struct FolderReport {
    pub folder: String,
    pub problems: Vec<Problem>,
    /// Problems of the lab's translations (missing, outdated, unused; the translated lab's own).
    pub translation: Vec<Problem>,
    /// The reference solution's score and the maximum, when the lab loaded.
    pub solution: Option<(u32, u32)>,
    /// Each wrong attempt's name and the checks it failed.
    pub attempts: Vec<(String, Vec<String>)>,
}

impl FolderReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.translation.is_empty()
    }

    /// Every problem: the lab's, then its translations'.
    pub fn all_problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().chain(&self.translation)
    }
}

/// Checks one lab folder (files relative to it).
pub fn check_folder(folder: &str, files: &FileSet) -> FolderReport {
    let mut report = FolderReport {
        folder: folder.into(),
        problems: Vec::new(),
        translation: Vec::new(),
        solution: None,
        attempts: Vec::new(),
    };
    let lab = match Lab::load(folder, &crate::translate::apply(Lang::En, files)) {
        Ok(lab) => lab,
        Err(problems) => {
            report.problems = problems.into_iter().map(|p| in_folder(folder, p)).collect();
            return report;
        }
    };
    let none = BTreeSet::new();

    match load_attempt(files, "solution") {
        Err(p) => report.problems.push(p),
        Ok(solution) => {
            if !solution.fails.is_empty() {
                report.problems.push(Problem::file(
                    "solution/attempt.toml",
                    "the reference solution must not list `fails`",
                ));
            }
            report.problems.extend(unknown_answers(
                &lab,
                &solution.answers,
                "solution/attempt.toml",
            ));
            let graded = grade(&lab, &solution.answers, &none);
            report.solution = Some((graded.score(), graded.max));
            for r in graded.results.iter().filter(|r| !r.passed()) {
                report.problems.push(Problem::file(
                    "solution/attempt.toml",
                    format!(
                        "the reference solution fails check \"{}\": {}",
                        r.id,
                        r.verdict.message(crate::lang::Lang::En)
                    ),
                ));
            }
        }
    }

    let names: BTreeSet<String> = files
        .keys()
        .filter_map(|p| p.strip_prefix("attempts/"))
        .filter_map(|rest| rest.split_once('/').map(|(name, _)| name.to_string()))
        .collect();
    if names.is_empty() {
        report.problems.push(Problem::file(
            "attempts/",
            "a lab needs at least one known-wrong attempt under attempts/<name>/",
        ));
    }
    let check_ids: BTreeSet<&str> = lab.checks.iter().map(|c| c.id()).collect();
    for name in names {
        let path = format!("attempts/{name}/{ATTEMPT_FILE}");
        let attempt = match load_attempt(files, &format!("attempts/{name}")) {
            Ok(a) => a,
            Err(p) => {
                report.problems.push(p);
                continue;
            }
        };
        report
            .problems
            .extend(unknown_answers(&lab, &attempt.answers, &path));
        if attempt.fails.is_empty() {
            report.problems.push(Problem::file(
                &path,
                "a wrong attempt must name the checks it fails in `fails`",
            ));
        }
        for id in attempt
            .fails
            .iter()
            .filter(|id| !check_ids.contains(id.as_str()))
        {
            report.problems.push(Problem::file(
                &path,
                format!("`fails` names \"{id}\", which is not a check of this lab"),
            ));
        }
        let graded = grade(&lab, &attempt.answers, &none);
        let failed: BTreeSet<&str> = graded.failed().into_iter().collect();
        let expected: BTreeSet<&str> = attempt.fails.iter().map(String::as_str).collect();
        if failed != expected {
            let list = |s: &BTreeSet<&str>| {
                if s.is_empty() {
                    "none".to_string()
                } else {
                    s.iter().copied().collect::<Vec<_>>().join(", ")
                }
            };
            report.problems.push(Problem::file(
                &path,
                format!(
                    "expected to fail [{}] but failed [{}]",
                    list(&expected),
                    list(&failed)
                ),
            ));
        }
        report.attempts.push((
            name,
            graded.failed().into_iter().map(String::from).collect(),
        ));
    }
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        report.translation.extend(
            translated(folder, files, &lab, lang)
                .into_iter()
                .map(|p| in_folder(folder, p)),
        );
    }
    report.problems = report
        .problems
        .into_iter()
        .map(|p| in_folder(folder, p))
        .collect();
    report
}

/// The problems of the lab in `lang`: its translation's own (missing, outdated, unused), and
/// the translated lab must load (its Markdown too) and grade the solution as the English does.
fn translated(folder: &str, files: &FileSet, english: &Lab, lang: Lang) -> Vec<Problem> {
    let mut problems = crate::translate::check(lang, files);
    if !problems.is_empty() {
        return problems;
    }
    let in_lang = |mut p: Problem| {
        if p.file.starts_with("steps/") {
            p.file = crate::translate::step_file(&p.file, lang);
        } else {
            p.message = format!("in the {} text: {}", lang.native_name(), p.message);
        }
        p
    };
    match Lab::load(folder, &crate::translate::apply(lang, files)) {
        Err(ps) => problems.extend(ps.into_iter().map(in_lang)),
        Ok(lab) => {
            if let Ok(solution) = load_attempt(files, "solution") {
                let none = BTreeSet::new();
                let want = grade(english, &solution.answers, &none);
                let got = grade(&lab, &solution.answers, &none);
                if got.failed() != want.failed() || got.score() != want.score() {
                    problems.push(Problem::file(
                        &crate::translate::file_name(lang),
                        format!(
                            "the reference solution grades differently in {}: a translated id or value changed the lab",
                            lang.native_name()
                        ),
                    ));
                }
            }
        }
    }
    problems
}

fn in_folder(folder: &str, mut problem: Problem) -> Problem {
    problem.file = format!("{folder}/{}", problem.file);
    problem
}

fn load_attempt(files: &FileSet, folder: &str) -> Result<Attempt, Problem> {
    Attempt::load(&subfolder(files, folder)).map_err(|mut p| {
        p.file = format!("{folder}/{}", p.file);
        p
    })
}

/// Answers to inputs the lab does not have: a typo in an attempt would otherwise pass silently.
fn unknown_answers(lab: &Lab, answers: &Answers, path: &str) -> Vec<Problem> {
    answers
        .keys()
        .filter(|k| lab.input(k).is_none())
        .map(|k| {
            Problem::file(
                path,
                format!("answers input \"{k}\", which this lab does not have"),
            )
        })
        .collect()
}

/// Checks every lab folder plus the catalogue order; problems by folder.
pub fn check_all(
    order_text: Option<&str>,
    folders: &[(String, FileSet)],
) -> (Vec<FolderReport>, Vec<Problem>) {
    let reports = folders
        .iter()
        .map(|(name, files)| check_folder(name, files))
        .collect();
    let catalogue = super::catalogue::Catalogue::from_folders(Lang::En, order_text, folders);
    // Lab loading problems are already in the folder reports; keep the order file's own.
    let order_problems = catalogue
        .problems
        .into_iter()
        .filter(|p| p.file == super::catalogue::ORDER_FILE)
        .collect();
    (reports, order_problems)
}
