//! The check vocabulary: declarative, graded predicates on a learner's answers and on engine outcomes.
//!
//! A lab's `[[checks]]` are a tagged enum (`kind = "..."`), implemented once
//! here, so a new lab needs no new Rust in the common case. Checks grade
//! outcomes (the number, the level, the choice), never how the learner got there.
use std::collections::BTreeMap;

use serde::Deserialize;

use super::answer::{Answer, Answers};
use super::lab::{Dataset, Input, InputKind};
use crate::engine::dora;

/// One graded check, as written in `lab.toml`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// A number input equals `expected` within `tolerance` (absolute).
    Number {
        id: String,
        title: String,
        input: String,
        expected: f64,
        #[serde(default)]
        tolerance: f64,
        points: u32,
        #[serde(default)]
        feedback: Option<String>,
        #[serde(default)]
        explain: Option<String>,
    },
    /// A number input equals a DORA metric that the engine computes from a dataset.
    DoraMetric {
        id: String,
        title: String,
        input: String,
        dataset: String,
        metric: String,
        #[serde(default)]
        tolerance: f64,
        points: u32,
        #[serde(default)]
        feedback: Option<String>,
        #[serde(default)]
        explain: Option<String>,
    },
    /// A choice input selects exactly the options in `answer`.
    Choice {
        id: String,
        title: String,
        input: String,
        answer: Vec<String>,
        points: u32,
        #[serde(default)]
        feedback: Option<String>,
        #[serde(default)]
        explain: Option<String>,
        /// Why an option is wrong, shown when the learner picks it.
        #[serde(default)]
        why: BTreeMap<String, String>,
    },
    /// A choice input names the DORA performance level the engine gives a dataset,
    /// for one key or (`key = "overall"`) for the team.
    DoraLevel {
        id: String,
        title: String,
        input: String,
        dataset: String,
        key: String,
        points: u32,
        #[serde(default)]
        feedback: Option<String>,
        #[serde(default)]
        explain: Option<String>,
    },
}

/// Why a check passed or failed, as data; [`Verdict::message`] words it.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Correct,
    NotAnswered,
    NotANumber {
        given: String,
    },
    TooHigh {
        given: f64,
    },
    TooLow {
        given: f64,
    },
    WrongChoice {
        missing: usize,
        extra: usize,
    },
    /// The engine has no value for this dataset (for example no deployments).
    NoEngineValue,
}

impl Verdict {
    /// The verdict in plain English. (A second language adds a sibling function.)
    pub fn message(&self) -> String {
        match self {
            Verdict::Correct => "Correct.".into(),
            Verdict::NotAnswered => "Not answered yet.".into(),
            Verdict::NotANumber { given } => {
                format!("\"{given}\" is not a number. Type digits, for example 2.5.")
            }
            Verdict::TooHigh { given } => format!("Your answer, {given}, is too high."),
            Verdict::TooLow { given } => format!("Your answer, {given}, is too low."),
            Verdict::WrongChoice { missing, extra } => match (missing, extra) {
                (0, _) => "You picked an option that is not right.".into(),
                (_, 0) => "Not quite: a right option is missing.".into(),
                _ => "Not quite: your choice differs from the right one.".into(),
            },
            Verdict::NoEngineValue => "The engine has no value for this data.".into(),
        }
    }
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
    pub feedback: Option<String>,
    /// The concept behind the check, shown once the learner has answered.
    pub explain: Option<String>,
    /// Explanations of the wrong options the learner picked.
    pub why: Vec<String>,
}

impl CheckResult {
    pub fn passed(&self) -> bool {
        self.verdict == Verdict::Correct
    }
}

impl Check {
    pub fn id(&self) -> &str {
        match self {
            Check::Number { id, .. }
            | Check::DoraMetric { id, .. }
            | Check::Choice { id, .. }
            | Check::DoraLevel { id, .. } => id,
        }
    }

    pub fn points(&self) -> u32 {
        match self {
            Check::Number { points, .. }
            | Check::DoraMetric { points, .. }
            | Check::Choice { points, .. }
            | Check::DoraLevel { points, .. } => *points,
        }
    }

    /// The input this check reads.
    pub fn input(&self) -> &str {
        match self {
            Check::Number { input, .. }
            | Check::DoraMetric { input, .. }
            | Check::Choice { input, .. }
            | Check::DoraLevel { input, .. } => input,
        }
    }

    /// Problems with this check's references, for the lab loader.
    pub(crate) fn validate(
        &self,
        inputs: &BTreeMap<&str, &Input>,
        datasets: &[Dataset],
    ) -> Vec<String> {
        let mut problems = Vec::new();
        if self.points() == 0 {
            problems.push("points must be at least 1".to_string());
        }
        let Some(input) = inputs.get(self.input()) else {
            problems.push(format!(
                "input \"{}\" is not defined in [[inputs]]",
                self.input()
            ));
            return problems;
        };
        let dataset = |id: &str, problems: &mut Vec<String>| {
            let found = datasets.iter().find(|d| d.id == id);
            if found.is_none() {
                problems.push(format!("dataset \"{id}\" is not defined (or did not load)"));
            }
            found
        };
        match self {
            Check::Number {
                tolerance,
                expected,
                ..
            } => {
                expect_number(input, &mut problems);
                if !(tolerance.is_finite() && *tolerance >= 0.0 && expected.is_finite()) {
                    problems
                        .push("expected and tolerance must be finite, tolerance at least 0".into());
                }
            }
            Check::DoraMetric {
                dataset: ds,
                metric,
                tolerance,
                ..
            } => {
                expect_number(input, &mut problems);
                if !dora::METRIC_NAMES.contains(&metric.as_str()) {
                    problems.push(format!(
                        "metric \"{metric}\" is unknown; known metrics: {}",
                        dora::METRIC_NAMES.join(", ")
                    ));
                } else if let Some(d) = dataset(ds, &mut problems) {
                    if dora::four_keys(&d.log).metric(metric).is_none() {
                        problems.push(format!(
                            "dataset \"{ds}\" has no value for metric \"{metric}\""
                        ));
                    }
                }
                if !(tolerance.is_finite() && *tolerance >= 0.0) {
                    problems.push("tolerance must be a finite number, at least 0".into());
                }
            }
            Check::Choice { answer, why, .. } => match &input.kind {
                InputKind::Choice { options, multiple } => {
                    let known = |id: &String| options.iter().any(|o| &o.id == id);
                    if answer.is_empty() || (!multiple && answer.len() != 1) {
                        problems.push(format!(
                            "answer must list {} option",
                            if *multiple {
                                "at least one"
                            } else {
                                "exactly one"
                            }
                        ));
                    }
                    for id in answer.iter().chain(why.keys()).filter(|id| !known(id)) {
                        problems.push(format!(
                            "option \"{id}\" is not an option of input \"{}\"",
                            input.id
                        ));
                    }
                }
                InputKind::Number { .. } => {
                    problems.push(format!("input \"{}\" is not a choice", input.id))
                }
            },
            Check::DoraLevel {
                dataset: ds, key, ..
            } => {
                match &input.kind {
                    InputKind::Choice {
                        options,
                        multiple: false,
                    } => {
                        for level in dora::Level::ALL {
                            if !options.iter().any(|o| o.id == level.id()) {
                                problems.push(format!(
                                    "input \"{}\" needs an option with id \"{}\"",
                                    input.id,
                                    level.id()
                                ));
                            }
                        }
                    }
                    _ => problems.push(format!(
                        "input \"{}\" must be a single choice of levels",
                        input.id
                    )),
                }
                if key != "overall" && !dora::Key::ALL.iter().any(|k| k.id() == key) {
                    problems.push(format!("key \"{key}\" is unknown; use overall or a key id"));
                } else if let Some(d) = dataset(ds, &mut problems) {
                    if level_of(d, key).is_none() {
                        problems.push(format!("dataset \"{ds}\" has no level for \"{key}\""));
                    }
                }
            }
        }
        problems
    }

    /// Grades this check against the learner's answers.
    pub fn grade(&self, answers: &Answers, datasets: &[Dataset]) -> CheckResult {
        let dataset = |id: &str| datasets.iter().find(|d| d.id == id);
        let (id, title, input, points, feedback, explain) = match self {
            Check::Number {
                id,
                title,
                input,
                points,
                feedback,
                explain,
                ..
            }
            | Check::DoraMetric {
                id,
                title,
                input,
                points,
                feedback,
                explain,
                ..
            }
            | Check::Choice {
                id,
                title,
                input,
                points,
                feedback,
                explain,
                ..
            }
            | Check::DoraLevel {
                id,
                title,
                input,
                points,
                feedback,
                explain,
                ..
            } => (id, title, input, *points, feedback, explain),
        };
        let answer = answers.get(input);
        let mut why = Vec::new();
        let verdict = match self {
            Check::Number {
                expected,
                tolerance,
                ..
            } => number_verdict(answer, Some(*expected), *tolerance),
            Check::DoraMetric {
                dataset: ds,
                metric,
                tolerance,
                ..
            } => {
                let expected = dataset(ds).and_then(|d| dora::four_keys(&d.log).metric(metric));
                number_verdict(answer, expected, *tolerance)
            }
            Check::Choice {
                answer: right,
                why: reasons,
                ..
            } => {
                let chosen = answer.map(Answer::choices).unwrap_or_default();
                why = chosen
                    .iter()
                    .filter_map(|c| reasons.get(c).cloned())
                    .collect();
                choice_verdict(&chosen, right)
            }
            Check::DoraLevel {
                dataset: ds, key, ..
            } => match dataset(ds).and_then(|d| level_of(d, key)) {
                Some(level) => {
                    let chosen = answer.map(Answer::choices).unwrap_or_default();
                    choice_verdict(&chosen, &[level.id().to_string()])
                }
                None => Verdict::NoEngineValue,
            },
        };
        let passed = verdict == Verdict::Correct;
        CheckResult {
            id: id.clone(),
            title: title.clone(),
            input: input.clone(),
            points: if passed { points } else { 0 },
            max_points: points,
            feedback: if passed { None } else { feedback.clone() },
            explain: if verdict == Verdict::NotAnswered {
                None
            } else {
                explain.clone()
            },
            why,
            verdict,
        }
    }
}

fn expect_number(input: &Input, problems: &mut Vec<String>) {
    if !matches!(input.kind, InputKind::Number { .. }) {
        problems.push(format!("input \"{}\" is not a number input", input.id));
    }
}

fn level_of(dataset: &Dataset, key: &str) -> Option<dora::Level> {
    let keys = dora::four_keys(&dataset.log);
    if key == "overall" {
        keys.overall()
    } else {
        dora::Key::ALL
            .into_iter()
            .find(|k| k.id() == key)
            .and_then(|k| keys.level(k))
    }
}

fn number_verdict(answer: Option<&Answer>, expected: Option<f64>, tolerance: f64) -> Verdict {
    let given = match answer.map(Answer::number) {
        None | Some(Err(None)) => return Verdict::NotAnswered,
        Some(Err(Some(text))) => return Verdict::NotANumber { given: text },
        Some(Ok(n)) => n,
    };
    let Some(expected) = expected else {
        return Verdict::NoEngineValue;
    };
    // A hair of slack so that 2.1 - 2.0 <= 0.1 holds despite binary rounding.
    let slack = tolerance + 1e-9 * expected.abs().max(1.0);
    if (given - expected).abs() <= slack {
        Verdict::Correct
    } else if given > expected {
        Verdict::TooHigh { given }
    } else {
        Verdict::TooLow { given }
    }
}

fn choice_verdict(chosen: &[String], right: &[String]) -> Verdict {
    if chosen.is_empty() {
        return Verdict::NotAnswered;
    }
    let missing = right.iter().filter(|r| !chosen.contains(r)).count();
    let extra = chosen.iter().filter(|c| !right.contains(c)).count();
    if missing == 0 && extra == 0 {
        Verdict::Correct
    } else {
        Verdict::WrongChoice { missing, extra }
    }
}
