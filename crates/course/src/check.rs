//! The check vocabulary: declarative, graded predicates on a learner's answers and on engine outcomes.
//!
//! A lab's `[[checks]]` are a tagged enum (`kind = "..."`), implemented once
//! here, so a new lab needs no new Rust in the common case. Checks grade
//! outcomes (the number, the level, the choice), never how the learner got there.
use std::collections::BTreeMap;

use serde::Deserialize;

use super::answer::{Answer, Answers};
use super::flags::{self, Setup};
use super::lab::{Dataset, ExperimentDef, Input, InputKind, SimulationDef};
use super::scenario::{self, BuildError};
use engine::{deploy, dora};

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
    /// A deployment simulation, configured by the learner's answers, ends with a measure of
    /// its outcome within bounds (`at_most`, `at_least`, or both).
    DeployOutcome {
        id: String,
        title: String,
        simulation: String,
        variant: String,
        measure: String,
        #[serde(default)]
        at_most: Option<f64>,
        #[serde(default)]
        at_least: Option<f64>,
        points: u32,
        #[serde(default)]
        feedback: Option<String>,
        #[serde(default)]
        explain: Option<String>,
    },
    /// A feature flag, configured by the learner's answers, has a measure of who it exposes
    /// within bounds (`at_most`, `at_least`, or both); `stage` (1-based) for per-stage measures.
    FlagOutcome {
        id: String,
        title: String,
        experiment: String,
        measure: String,
        #[serde(default)]
        stage: Option<usize>,
        #[serde(default)]
        at_most: Option<f64>,
        #[serde(default)]
        at_least: Option<f64>,
        points: u32,
        #[serde(default)]
        feedback: Option<String>,
        #[serde(default)]
        explain: Option<String>,
    },
    /// A number input equals a measure of an experiment that the engine computes (an A/B
    /// test's rates, or an exposure of the learner's flag), within `tolerance`.
    FlagMetric {
        id: String,
        title: String,
        input: String,
        experiment: String,
        measure: String,
        #[serde(default)]
        stage: Option<usize>,
        #[serde(default)]
        tolerance: f64,
        points: u32,
        #[serde(default)]
        feedback: Option<String>,
        #[serde(default)]
        explain: Option<String>,
    },
    /// A choice input (options `significant`, `not_significant`) says what the engine's
    /// z-test of an experiment's A/B test finds at 95% (p < 0.05).
    AbSignificance {
        id: String,
        title: String,
        input: String,
        experiment: String,
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
    /// The simulation cannot run: the answers make no valid configuration.
    CannotSimulate {
        reason: String,
    },
    /// A simulated measure is above the check's bound.
    OutcomeAbove {
        measure: String,
        value: f64,
        limit: f64,
    },
    /// A simulated measure is below the check's bound.
    OutcomeBelow {
        measure: String,
        value: f64,
        limit: f64,
    },
    /// The flag cannot be evaluated: the answers make no valid flag.
    InvalidFlag {
        reason: String,
    },
    /// A measure of the learner's flag is above the check's bound (`stage` 1-based, if any).
    FlagAbove {
        measure: String,
        stage: Option<usize>,
        value: f64,
        limit: f64,
    },
    /// A measure of the learner's flag is below the check's bound.
    FlagBelow {
        measure: String,
        stage: Option<usize>,
        value: f64,
        limit: f64,
    },
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
            Verdict::CannotSimulate { reason } => format!("The simulation cannot run: {reason}."),
            Verdict::OutcomeAbove {
                measure,
                value,
                limit,
            } => match measure.as_str() {
                "rolled_back" => {
                    "The deployment was rolled back, but this release should have gone out.".into()
                }
                _ => format!(
                    "{}: {} in the simulation; at most {} passes.",
                    measure_label(measure),
                    show(*value),
                    show(*limit)
                ),
            },
            Verdict::OutcomeBelow {
                measure,
                value,
                limit,
            } => match measure.as_str() {
                "bad_release_stopped" => {
                    "Nothing stopped the bad release: it was never rolled back.".into()
                }
                _ => format!(
                    "{}: {} in the simulation; at least {} is needed.",
                    measure_label(measure),
                    show(*value),
                    show(*limit)
                ),
            },
            Verdict::InvalidFlag { reason } => {
                format!("This flag cannot be evaluated: {reason}.")
            }
            Verdict::FlagAbove {
                measure,
                stage,
                value,
                limit,
            } => format!(
                "{}; at most {} passes.",
                flag_fact(measure, *stage, *value),
                flag_amount(measure, *limit)
            ),
            Verdict::FlagBelow {
                measure,
                stage,
                value,
                limit,
            } => format!(
                "{}; at least {} is needed.",
                flag_fact(measure, *stage, *value),
                flag_amount(measure, *limit)
            ),
        }
    }
}

/// A measure of a flag's run as a sentence without its full stop.
fn flag_fact(measure: &str, stage: Option<usize>, value: f64) -> String {
    let at = stage.map_or_else(String::new, |s| format!("At stage {s}, "));
    let v = show(value);
    match measure {
        "external_exposure_percent" => format!("{at}{v}% of external users get the feature"),
        "staff_exposure_percent" => format!("{at}{v}% of staff get the feature"),
        "stickiness_violations" => {
            format!("{v} users lost the feature when the percentage went up")
        }
        "exposure_after_incident_percent" => {
            format!("{v}% of users still got the failing feature after the runbook's response time")
        }
        "minutes_exposed_after_incident" => {
            format!("Users got the failing feature for {v} minutes after the incident")
        }
        "minutes_off_before_incident" => {
            format!("The kill switch turned the feature off {v} minutes before anything went wrong")
        }
        other => format!("{at}{other}: {v}"),
    }
}

fn flag_amount(measure: &str, x: f64) -> String {
    if measure.ends_with("_percent") {
        format!("{}%", show(x))
    } else {
        show(x)
    }
}

fn measure_label(measure: &str) -> &str {
    match measure {
        "failed_requests" => "Failed requests",
        "outage_seconds" => "Seconds of full outage",
        "rollout_minutes" => "Rollout duration (minutes)",
        "peak_extra_instances" => "Peak extra instances",
        "instance_minutes" => "Instance-minutes",
        other => other,
    }
}

fn show(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.1}")
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
            | Check::DoraLevel { id, .. }
            | Check::DeployOutcome { id, .. }
            | Check::FlagOutcome { id, .. }
            | Check::FlagMetric { id, .. }
            | Check::AbSignificance { id, .. } => id,
        }
    }

    pub fn points(&self) -> u32 {
        match self {
            Check::Number { points, .. }
            | Check::DoraMetric { points, .. }
            | Check::Choice { points, .. }
            | Check::DoraLevel { points, .. }
            | Check::DeployOutcome { points, .. }
            | Check::FlagOutcome { points, .. }
            | Check::FlagMetric { points, .. }
            | Check::AbSignificance { points, .. } => *points,
        }
    }

    /// The input this check reads (a simulation check reads several, through its simulation).
    pub fn input(&self) -> Option<&str> {
        match self {
            Check::Number { input, .. }
            | Check::DoraMetric { input, .. }
            | Check::Choice { input, .. }
            | Check::DoraLevel { input, .. }
            | Check::FlagMetric { input, .. }
            | Check::AbSignificance { input, .. } => Some(input),
            Check::DeployOutcome { .. } | Check::FlagOutcome { .. } => None,
        }
    }

    /// Problems with this check's references, for the lab loader.
    pub(crate) fn validate(
        &self,
        inputs: &BTreeMap<&str, &Input>,
        datasets: &[Dataset],
        simulations: &[SimulationDef],
        experiments: &[ExperimentDef],
    ) -> Vec<String> {
        let mut problems = Vec::new();
        if self.points() == 0 {
            problems.push("points must be at least 1".to_string());
        }
        match self {
            Check::FlagOutcome {
                experiment,
                measure,
                stage,
                at_most,
                at_least,
                ..
            } => {
                validate_flag_measure(experiments, experiment, measure, *stage, &mut problems);
                if at_most.is_none() && at_least.is_none() {
                    problems.push("give at_most, at_least or both".into());
                }
                return problems;
            }
            Check::FlagMetric {
                experiment,
                measure,
                stage,
                tolerance,
                ..
            } => {
                validate_flag_measure(experiments, experiment, measure, *stage, &mut problems);
                if !(tolerance.is_finite() && *tolerance >= 0.0) {
                    problems.push("tolerance must be a finite number, at least 0".into());
                }
            }
            Check::AbSignificance { experiment, .. }
                if !experiments.iter().any(|e| &e.id == experiment) =>
            {
                problems.push(format!(
                    "experiment \"{experiment}\" is not defined (or did not load)"
                ));
            }
            _ => {}
        }
        if let Check::DeployOutcome {
            simulation,
            variant,
            measure,
            at_most,
            at_least,
            ..
        } = self
        {
            match simulations.iter().find(|s| &s.id == simulation) {
                None => problems.push(format!(
                    "simulation \"{simulation}\" is not defined (or did not load)"
                )),
                Some(sim) if !sim.variants.iter().any(|v| &v.id == variant) => {
                    problems.push(format!(
                        "variant \"{variant}\" is not one of simulation \"{simulation}\"'s: {}",
                        sim.variants
                            .iter()
                            .map(|v| v.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
                Some(_) => {}
            }
            if !scenario::MEASURES.contains(&measure.as_str()) {
                problems.push(format!(
                    "measure \"{measure}\" is unknown; known: {}",
                    scenario::MEASURES.join(", ")
                ));
            }
            if at_most.is_none() && at_least.is_none() {
                problems.push("give at_most, at_least or both".into());
            }
            return problems;
        }
        let input_id = self.input().unwrap_or_default();
        let Some(input) = inputs.get(input_id) else {
            problems.push(format!("input \"{input_id}\" is not defined in [[inputs]]"));
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
            Check::DeployOutcome { .. } | Check::FlagOutcome { .. } => {}
            Check::FlagMetric { .. } => expect_number(input, &mut problems),
            Check::AbSignificance { why, .. } => match &input.kind {
                InputKind::Choice {
                    options,
                    multiple: false,
                } => {
                    for id in flags::SIGNIFICANCE_OPTIONS {
                        if !options.iter().any(|o| o.id == id) {
                            problems.push(format!(
                                "input \"{}\" needs an option with id \"{id}\"",
                                input.id
                            ));
                        }
                    }
                    for id in why
                        .keys()
                        .filter(|id| !options.iter().any(|o| &o.id == *id))
                    {
                        problems.push(format!(
                            "option \"{id}\" is not an option of input \"{}\"",
                            input.id
                        ));
                    }
                }
                _ => problems.push(format!(
                    "input \"{}\" must be a single choice of significant, not_significant",
                    input.id
                )),
            },
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
    pub fn grade(
        &self,
        answers: &Answers,
        datasets: &[Dataset],
        simulations: &[SimulationDef],
        experiments: &[ExperimentDef],
    ) -> CheckResult {
        let dataset = |id: &str| datasets.iter().find(|d| d.id == id);
        let (id, title, points, feedback, explain) = match self {
            Check::Number {
                id,
                title,
                points,
                feedback,
                explain,
                ..
            }
            | Check::DoraMetric {
                id,
                title,
                points,
                feedback,
                explain,
                ..
            }
            | Check::Choice {
                id,
                title,
                points,
                feedback,
                explain,
                ..
            }
            | Check::DoraLevel {
                id,
                title,
                points,
                feedback,
                explain,
                ..
            }
            | Check::DeployOutcome {
                id,
                title,
                points,
                feedback,
                explain,
                ..
            }
            | Check::FlagOutcome {
                id,
                title,
                points,
                feedback,
                explain,
                ..
            }
            | Check::FlagMetric {
                id,
                title,
                points,
                feedback,
                explain,
                ..
            }
            | Check::AbSignificance {
                id,
                title,
                points,
                feedback,
                explain,
                ..
            } => (id, title, *points, feedback, explain),
        };
        let input = match self {
            Check::DeployOutcome { simulation, .. } => simulations
                .iter()
                .find(|s| &s.id == simulation)
                .map(|s| s.inputs.configuration.clone())
                .unwrap_or_default(),
            Check::FlagOutcome {
                experiment,
                measure,
                stage,
                ..
            } => experiments
                .iter()
                .find(|e| &e.id == experiment)
                .and_then(|e| flag_input(&e.inputs, measure, *stage))
                .unwrap_or_default(),
            _ => self.input().unwrap_or_default().to_string(),
        };
        let answer = answers.get(&input);
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
            Check::DeployOutcome {
                simulation,
                variant,
                measure,
                at_most,
                at_least,
                ..
            } => outcome_verdict(
                answers,
                simulations,
                simulation,
                variant,
                measure,
                *at_most,
                *at_least,
            ),
            Check::FlagOutcome {
                experiment,
                measure,
                stage,
                at_most,
                at_least,
                ..
            } => match flag_measure(answers, experiments, experiment, measure, *stage) {
                Err(verdict) => verdict,
                Ok(value) => match (at_most, at_least) {
                    (Some(limit), _) if value > *limit => Verdict::FlagAbove {
                        measure: measure.clone(),
                        stage: *stage,
                        value,
                        limit: *limit,
                    },
                    (_, Some(limit)) if value < *limit => Verdict::FlagBelow {
                        measure: measure.clone(),
                        stage: *stage,
                        value,
                        limit: *limit,
                    },
                    _ => Verdict::Correct,
                },
            },
            Check::FlagMetric {
                experiment,
                measure,
                stage,
                tolerance,
                ..
            } => {
                // What the learner typed is judged first; an unbuildable flag only matters then.
                match number_verdict(answer, Some(0.0), f64::INFINITY) {
                    Verdict::Correct => {
                        match flag_measure(answers, experiments, experiment, measure, *stage) {
                            Ok(expected) => number_verdict(answer, Some(expected), *tolerance),
                            Err(verdict) => verdict,
                        }
                    }
                    other => other,
                }
            }
            Check::AbSignificance {
                experiment,
                why: reasons,
                ..
            } => match experiments.iter().find(|e| &e.id == experiment) {
                Some(e) => {
                    let chosen = answer.map(Answer::choices).unwrap_or_default();
                    why = chosen
                        .iter()
                        .filter_map(|c| reasons.get(c).cloned())
                        .collect();
                    let right = flags::significance_option(&e.experiment.ab);
                    choice_verdict(&chosen, &[right.to_string()])
                }
                None => Verdict::NoEngineValue,
            },
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
            input,
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

/// Problems with an experiment check's experiment, measure and stage.
fn validate_flag_measure(
    experiments: &[ExperimentDef],
    experiment: &str,
    measure: &str,
    stage: Option<usize>,
    problems: &mut Vec<String>,
) {
    let found = experiments.iter().find(|e| e.id == experiment);
    if found.is_none() {
        problems.push(format!(
            "experiment \"{experiment}\" is not defined (or did not load)"
        ));
    }
    if !flags::MEASURES.contains(&measure) {
        problems.push(format!(
            "measure \"{measure}\" is unknown; known: {}",
            flags::MEASURES.join(", ")
        ));
        return;
    }
    let stages = found.map(|e| e.inputs.stages.len());
    match (flags::STAGE_MEASURES.contains(&measure), stage, stages) {
        (true, None, _) => problems.push(format!("measure \"{measure}\" needs a stage")),
        (true, Some(s), Some(n)) if s == 0 || s > n => problems.push(format!(
            "stage {s} is out of range: experiment \"{experiment}\" has stages 1 to {n}"
        )),
        (false, Some(_), _) => problems.push(format!("measure \"{measure}\" takes no stage")),
        _ => {}
    }
    if let Some(e) = found {
        let (staff, external) = e.experiment.counts();
        if (measure == "staff_exposure_percent" && staff == 0)
            || (measure == "external_exposure_percent" && external == 0)
        {
            problems.push(format!(
                "the population of \"{experiment}\" has nobody for measure \"{measure}\""
            ));
        }
        if flags::INCIDENT_MEASURES.contains(&measure) && e.inputs.kill_switch_minute.is_none() {
            problems.push(format!(
                "measure \"{measure}\" needs inputs.kill_switch_minute"
            ));
        }
        if measure == "ab_lift_percent" && e.experiment.ab.rate_a == 0.0 {
            problems.push("ab_lift_percent has no value when variant A never converts".into());
        }
    }
}

/// The input a flag check points the learner at.
fn flag_input(
    inputs: &flags::ExperimentInputs,
    measure: &str,
    stage: Option<usize>,
) -> Option<String> {
    let stage_input = || {
        stage
            .and_then(|s| s.checked_sub(1))
            .and_then(|s| inputs.stages.get(s))
            .cloned()
    };
    match measure {
        "staff_exposure_percent" => inputs.staff_rule.clone().or_else(stage_input),
        "external_exposure_percent" => stage_input(),
        "stickiness_violations" => inputs
            .split_by
            .clone()
            .or_else(|| inputs.stages.last().cloned()),
        m if flags::INCIDENT_MEASURES.contains(&m) => inputs.kill_switch_minute.clone(),
        _ => None,
    }
}

/// An experiment's measure for the learner's answers, or the verdict that says why there is none.
fn flag_measure(
    answers: &Answers,
    experiments: &[ExperimentDef],
    experiment: &str,
    measure: &str,
    stage: Option<usize>,
) -> Result<f64, Verdict> {
    let Some(e) = experiments.iter().find(|e| e.id == experiment) else {
        return Err(Verdict::NoEngineValue);
    };
    let setup = Setup {
        experiment: &e.experiment,
        inputs: &e.inputs,
        answers,
    };
    match setup.measure(measure, stage) {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(Verdict::NoEngineValue),
        Err(BuildError::NotAnswered(_)) => Err(Verdict::NotAnswered),
        Err(BuildError::Invalid(reason)) => Err(Verdict::InvalidFlag { reason }),
    }
}

fn outcome_verdict(
    answers: &Answers,
    simulations: &[SimulationDef],
    simulation: &str,
    variant: &str,
    measure: &str,
    at_most: Option<f64>,
    at_least: Option<f64>,
) -> Verdict {
    let Some(sim) = simulations.iter().find(|s| s.id == simulation) else {
        return Verdict::NoEngineValue;
    };
    let Some(variant) = sim.variants.iter().find(|v| v.id == variant) else {
        return Verdict::NoEngineValue;
    };
    let config = match scenario::build(&sim.inputs, variant, answers) {
        Ok(config) => config,
        Err(BuildError::NotAnswered(_)) => return Verdict::NotAnswered,
        Err(BuildError::Invalid(reason)) => return Verdict::CannotSimulate { reason },
    };
    let summary = match deploy::simulate(&config) {
        Ok(run) => run.summary,
        Err(e) => {
            return Verdict::CannotSimulate {
                reason: e.to_string(),
            }
        }
    };
    let Some(value) = scenario::measure(&summary, measure) else {
        return Verdict::NoEngineValue;
    };
    match (at_most, at_least) {
        (Some(limit), _) if value > limit => Verdict::OutcomeAbove {
            measure: measure.into(),
            value,
            limit,
        },
        (_, Some(limit)) if value < limit => Verdict::OutcomeBelow {
            measure: measure.into(),
            value,
            limit,
        },
        _ => Verdict::Correct,
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
