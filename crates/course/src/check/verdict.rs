//! The verdict vocabulary, shared by every family, and its wording (English; a second
//! language adds a sibling of [`Verdict::message`]).
use crate::family::{Measure, MeasureWords};

/// Why a check passed or failed, as data; [`Verdict::message`] words it.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Correct,
    /// Right for the learner's own earlier answer (`value`, asked as `from`), which an
    /// earlier check marks wrong: graded on it, so that one slip is not counted twice.
    Carried {
        from: String,
        value: f64,
    },
    /// Right for the levels the learner gave for each key, which earlier checks mark wrong.
    CarriedLevels,
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
    /// The engine has no value for this data (for example no deployments).
    NoEngineValue,
    /// The workspace item the check reads cannot run: the answers make no valid configuration.
    CannotRun {
        item: Runnable,
        reason: String,
    },
    /// A measure of the outcome is above the check's bound (`stage` 1-based, if any).
    Above {
        measure: Measure,
        stage: Option<usize>,
        value: f64,
        limit: f64,
    },
    /// A measure of the outcome is below the check's bound.
    Below {
        measure: Measure,
        stage: Option<usize>,
        value: f64,
        limit: f64,
    },
}

/// What a [`Verdict::CannotRun`] could not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runnable {
    /// A deployment simulation.
    Simulation,
    /// A feature flag.
    Flag,
}

impl Verdict {
    /// Whether the check earns its points.
    pub fn passed(&self) -> bool {
        matches!(
            self,
            Verdict::Correct | Verdict::Carried { .. } | Verdict::CarriedLevels
        )
    }

    /// The verdict in plain English.
    pub fn message(&self) -> String {
        match self {
            Verdict::Correct => "Correct.".into(),
            Verdict::Carried { from, value } => format!(
                "Correct for the value you gave earlier ({from}: {}). That earlier answer is marked on its own, so it is not counted against you twice.",
                show(*value)
            ),
            Verdict::CarriedLevels => "Correct for the levels you gave each key above. Those answers are marked on their own, so they are not counted against you twice.".into(),
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
            Verdict::CannotRun {
                item: Runnable::Simulation,
                reason,
            } => format!("The simulation cannot run: {reason}."),
            Verdict::CannotRun {
                item: Runnable::Flag,
                reason,
            } => format!("This flag cannot be evaluated: {reason}."),
            Verdict::Above {
                measure,
                stage,
                value,
                limit,
            } => measure.sentence(true).map_or_else(
                || {
                    format!(
                        "{}; at most {} passes.",
                        measure.fact(*value, *stage),
                        measure.amount(*limit)
                    )
                },
                str::to_string,
            ),
            Verdict::Below {
                measure,
                stage,
                value,
                limit,
            } => measure.sentence(false).map_or_else(
                || {
                    format!(
                        "{}; at least {} is needed.",
                        measure.fact(*value, *stage),
                        measure.amount(*limit)
                    )
                },
                str::to_string,
            ),
        }
    }

    /// The verdict for a measured value against optional bounds.
    pub fn bounded(
        measure: Measure,
        stage: Option<usize>,
        value: f64,
        at_most: Option<f64>,
        at_least: Option<f64>,
    ) -> Verdict {
        match (at_most, at_least) {
            (Some(limit), _) if value > limit => Verdict::Above {
                measure,
                stage,
                value,
                limit,
            },
            (_, Some(limit)) if value < limit => Verdict::Below {
                measure,
                stage,
                value,
                limit,
            },
            _ => Verdict::Correct,
        }
    }
}

/// A number as a learner would write it: whole numbers without decimals, others to one place.
pub fn show(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.1}")
    }
}
