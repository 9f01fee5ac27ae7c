//! Grading: every check of a lab against a learner's answers, less the points spent on hints.
use std::collections::BTreeSet;

use super::answer::Answers;
use super::check::CheckResult;
use super::lab::Lab;

/// The graded outcome of an attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct GradeReport {
    pub results: Vec<CheckResult>,
    /// Points the passed checks earned.
    pub earned: u32,
    /// Points all checks can earn.
    pub max: u32,
    /// Points spent on hints.
    pub hint_penalty: u32,
}

impl GradeReport {
    /// The final score: earned points less the hint penalty, never below zero.
    pub fn score(&self) -> u32 {
        self.earned.saturating_sub(self.hint_penalty)
    }

    /// Whether every check has an answer to grade (a partial check records no best score).
    pub fn complete(&self) -> bool {
        self.results.iter().all(CheckResult::answered)
    }

    /// Whether every check passed.
    pub fn all_passed(&self) -> bool {
        self.results.iter().all(CheckResult::passed)
    }

    /// The ids of the checks that failed, in the lab's order.
    pub fn failed(&self) -> Vec<&str> {
        self.results
            .iter()
            .filter(|r| !r.passed())
            .map(|r| r.id.as_str())
            .collect()
    }
}

/// Grades `answers` against every check of `lab`; `hints_used` are indices into `lab.hints`.
pub fn grade(lab: &Lab, answers: &Answers, hints_used: &BTreeSet<usize>) -> GradeReport {
    let view = lab.view();
    let results: Vec<CheckResult> = lab.checks.iter().map(|c| c.grade(&view, answers)).collect();
    let earned = results.iter().map(|r| r.points).sum();
    let hint_penalty = hints_used
        .iter()
        .filter_map(|&i| lab.hints.get(i))
        .map(|h| h.cost)
        .sum();
    GradeReport {
        results,
        earned,
        max: lab.max_points(),
        hint_penalty,
    }
}
