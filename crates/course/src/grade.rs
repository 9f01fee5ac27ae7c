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

    /// Whether some checks wait for the parsers worker ([`crate::Verdict::Pending`]).
    pub fn pending(&self) -> bool {
        self.results
            .iter()
            .any(|r| r.verdict == crate::Verdict::Pending)
    }

    /// What the parsers worker needs to grade the pending checks (whatever their family);
    /// `None` when none is. `labs` is the compiled labs file of `lang` beside the app, and
    /// `schemas` the templates' resource knowledge file: the worker loads them itself.
    pub fn grade_job(
        &self,
        lab: &Lab,
        answers: &Answers,
        lang: crate::Lang,
        labs: &str,
        schemas: &str,
    ) -> Option<crate::jobs::LabGrade> {
        let checks: Vec<String> = self
            .results
            .iter()
            .filter(|r| r.verdict == crate::Verdict::Pending)
            .map(|r| r.id.clone())
            .collect();
        (!checks.is_empty()).then(|| crate::jobs::LabGrade {
            lab: lab.id.clone(),
            labs: labs.to_string(),
            lang,
            schemas: schemas.to_string(),
            checks,
            answers: serde_json::to_string(answers).unwrap_or_default(),
            focus: Vec::new(),
        })
    }

    /// Puts the worker's grades in place of the pending results, and counts again.
    pub fn settle(&mut self, lab: &Lab, settled: &[crate::jobs::Settled]) {
        for s in settled {
            let (Some(check), Some(slot)) = (
                lab.checks.iter().find(|c| c.head.id == s.id),
                self.results.iter_mut().find(|r| r.id == s.id),
            ) else {
                continue;
            };
            let verdict = match &s.said {
                None => crate::Verdict::NotAnswered,
                Some(said) => crate::Verdict::Remote {
                    passed: said.passed,
                    text: said.text.clone(),
                },
            };
            *slot = check.result(crate::family::Graded {
                input: s.input.clone(),
                verdict,
                why: s.why.clone(),
                feedback: s.feedback.clone(),
            });
        }
        self.earned = self.results.iter().map(|r| r.points).sum();
    }

    /// The pending checks could not be graded (the worker did not load): each says why.
    pub fn unsettled(&mut self, reason: &str) {
        for r in self
            .results
            .iter_mut()
            .filter(|r| r.verdict == crate::Verdict::Pending)
        {
            r.verdict = crate::Verdict::Remote {
                passed: false,
                text: reason.to_string(),
            };
        }
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
