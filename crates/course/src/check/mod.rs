//! Checks: a common head (id, title, points, feedback, explain) and a kind that a family
//! grades. The verdict vocabulary is shared by every family and worded once (`verdict`).
//!
//! A lab's `[[checks]]` are outcome predicates ("the number", "the level", "at most 5,000
//! failed requests"), never how the learner got there.
pub(crate) mod verdict;

pub use verdict::{show, show_in, Runnable, Verdict};

use serde::{Deserialize, Serialize};

use crate::answer::Answers;
use crate::doc::Doc;
use crate::family::{CheckKind, LabView};

/// What every check has, whatever its kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckHead {
    pub id: String,
    pub title: String,
    pub points: u32,
    /// The author's advice, shown when the check fails.
    pub feedback: Option<Doc>,
    /// The concept behind the check, shown once the learner has answered.
    pub explain: Option<Doc>,
}

/// One graded check of a lab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub head: CheckHead,
    pub kind: CheckKind,
}

/// The outcome of one check.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckResult {
    pub id: String,
    pub title: String,
    /// The input the check reads, so the UI can point at it.
    pub input: String,
    pub verdict: Verdict,
    pub points: u32,
    pub max_points: u32,
    /// The author's advice, shown when the check fails.
    pub feedback: Option<Doc>,
    /// The concept behind the check, shown once the learner has answered.
    pub explain: Option<Doc>,
    /// Explanations of the wrong options the learner picked.
    pub why: Vec<Doc>,
}

impl CheckResult {
    pub fn passed(&self) -> bool {
        self.verdict.passed()
    }

    /// Whether the learner has answered what the check reads.
    pub fn answered(&self) -> bool {
        self.verdict != Verdict::NotAnswered
    }
}

impl Check {
    pub fn id(&self) -> &str {
        &self.head.id
    }

    pub fn points(&self) -> u32 {
        self.head.points
    }

    /// Problems with this check, for the lab loader.
    #[cfg(feature = "files")]
    pub(crate) fn validate(&self, lab: &LabView<'_>) -> Vec<String> {
        let mut problems = Vec::new();
        if self.head.points == 0 {
            problems.push("points must be at least 1".to_string());
        }
        problems.extend(self.kind.validate(lab));
        problems
    }

    /// Grades this check against the learner's answers.
    pub fn grade(&self, lab: &LabView<'_>, answers: &Answers) -> CheckResult {
        self.result(self.kind.grade(lab, answers))
    }

    /// The result of this check for a family's grade (made here or in the parsers worker).
    pub fn result(&self, graded: crate::family::Graded) -> CheckResult {
        let head = &self.head;
        let passed = graded.verdict.passed();
        // An unanswered check says only that: its advice and its concept would give the
        // method away for free (hints cost points).
        let answered = graded.verdict != Verdict::NotAnswered;
        CheckResult {
            id: head.id.clone(),
            title: head.title.clone(),
            input: graded.input,
            points: if passed { head.points } else { 0 },
            max_points: head.points,
            feedback: if passed || !answered {
                None
            } else {
                graded.feedback.or_else(|| head.feedback.clone())
            },
            explain: if answered { head.explain.clone() } else { None },
            why: graded.why,
            verdict: graded.verdict,
        }
    }
}
