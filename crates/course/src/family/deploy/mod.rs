//! Deployment strategies: simulations of a fleet under traffic (`engine::deploy`) in the
//! workspace, configured by the learner's answers, and `deploy_outcome` checks that bound
//! a measure of the simulated outcome.
//!
//! The simulator runs where feature `sim` is on (the parsers worker, the CLI, tests): the
//! app's browser build grades a `deploy_outcome` it can build a configuration for as
//! [`Verdict::Pending`], and the worker grades it (`jobs::Job::Grade`), so the simulator
//! stays out of the app's first load.
pub mod reasons;
pub mod scenario;
pub mod setup;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{BuildError, FamilyModule, Graded, LabView, MeasureWords};
use crate::answer::Answers;
use crate::check::{show, Runnable, Verdict};
use crate::lab::{Input, InputKind};
use crate::lang::{Lang, Wording, T};
use scenario::{SimulationInputs, Variant};

/// The module marker.
pub struct Family;

/// The family's workspace items.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Items {
    pub simulations: Vec<SimulationDef>,
}

/// A deployment simulation in the workspace: a scenario's variants, configured by the learner's inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimulationDef {
    pub id: String,
    pub title: String,
    pub variants: Vec<Variant>,
    pub inputs: SimulationInputs,
    /// Fixed "what if" runs shown next to the learner's, never graded.
    pub what_if: Vec<WhatIf>,
}

/// A fixed comparison the lab defines: one variant simulated with answers the lab gives
/// (not the learner's), shown beside the learner's run of that variant so that a step can
/// ask "compare" without asking the learner to overwrite a graded answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    pub id: String,
    pub title: String,
    /// The variant it runs.
    pub variant: String,
    /// The answers it runs with, by input id, as text.
    pub answers: Vec<(String, String)>,
}

impl WhatIf {
    /// The fixed answers, as the learner's answers would hold them.
    pub fn answers(&self) -> Answers {
        self.answers
            .iter()
            .map(|(id, value)| {
                // Lab files are written in English (numbers with a decimal point).
                let answer = crate::answer::Answer::Typed {
                    text: value.clone(),
                    lang: crate::lang::Lang::En,
                };
                (id.clone(), answer)
            })
            .collect()
    }

    /// The configuration it simulates.
    pub fn config(&self, sim: &SimulationDef) -> Result<engine::deploy::SimConfig, BuildError> {
        let variant = sim
            .variants
            .iter()
            .find(|v| v.id == self.variant)
            .ok_or_else(|| {
                BuildError::Invalid(Wording::untranslated(format!(
                    "no variant \"{}\"",
                    self.variant
                )))
            })?;
        scenario::build(&sim.inputs, variant, &self.answers())
    }
}

/// A `[[simulations.what_if]]` entry as written.
#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WhatIfSpec {
    id: String,
    title: String,
    variant: String,
    answers: BTreeMap<String, crate::answer::Answer>,
}

/// A `[[simulations]]` entry as written.
#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SimulationSpec {
    id: String,
    title: String,
    scenario: String,
    inputs: SimulationInputs,
    #[serde(default)]
    what_if: Vec<WhatIfSpec>,
}

#[cfg(feature = "files")]
impl crate::load::NamesFile for SimulationSpec {
    const WHAT: &'static str = "simulation";
    const FILE_WORD: &'static str = "scenario";
    fn id(&self) -> &str {
        &self.id
    }
    fn file(&self) -> &str {
        &self.scenario
    }
}

/// A measure of a simulated deployment that a check can bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    FailedRequests,
    OutageSeconds,
    /// 1 when the deployment was rolled back, else 0.
    RolledBack,
    /// 1 when a rollback took the bad release away from users, else 0.
    BadReleaseStopped,
    /// 1 when an alarm stopped the deployment (rolled back or not), else 0.
    AlarmStopped,
    RolloutMinutes,
    PeakExtraInstances,
    InstanceMinutes,
}

impl Measure {
    pub const ALL: [Measure; 8] = [
        Measure::FailedRequests,
        Measure::OutageSeconds,
        Measure::RolledBack,
        Measure::BadReleaseStopped,
        Measure::AlarmStopped,
        Measure::RolloutMinutes,
        Measure::PeakExtraInstances,
        Measure::InstanceMinutes,
    ];

    /// The measure of a simulation's summary (`None`: a rollout that never finished has no duration).
    pub fn of(self, summary: &engine::deploy::Summary) -> Option<f64> {
        use engine::deploy::Outcome;
        Some(match self {
            Measure::FailedRequests => summary.failed_requests as f64,
            Measure::OutageSeconds => f64::from(summary.outage_seconds),
            Measure::RolledBack => f64::from(u8::from(summary.outcome == Outcome::RolledBack)),
            Measure::BadReleaseStopped => {
                f64::from(u8::from(summary.bad_release_stopped_s.is_some()))
            }
            Measure::AlarmStopped => f64::from(u8::from(summary.stopped_s.is_some())),
            Measure::RolloutMinutes => f64::from(summary.rollout_duration_s?) / 60.0,
            Measure::PeakExtraInstances => f64::from(summary.peak_extra_instances),
            Measure::InstanceMinutes => summary.instance_minutes,
        })
    }
}

impl Measure {
    /// The measure's name for a learner.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Measure::FailedRequests => t!("Failed requests", "Yêu cầu lỗi"),
            Measure::OutageSeconds => t!("Seconds of full outage", "Số giây gián đoạn hoàn toàn"),
            Measure::RolledBack => t!("Rolled back (1 = yes)", "Đã rollback (1 = có)"),
            Measure::BadReleaseStopped => t!(
                "Bad release rolled back (1 = yes)",
                "Bản phát hành lỗi đã bị rollback (1 = có)"
            ),
            Measure::AlarmStopped => t!(
                "Stopped by an alarm (1 = yes)",
                "Bị alarm dừng lại (1 = có)"
            ),
            Measure::RolloutMinutes => t!("Rollout duration (minutes)", "Thời gian rollout (phút)"),
            Measure::PeakExtraInstances => t!("Peak extra instances", "Số instance thêm cao nhất"),
            Measure::InstanceMinutes => t!("Instance-minutes", "Instance-phút"),
        }
        .get(lang)
    }

    /// The measured fact in `lang`, without its full stop ("Failed requests: 12 in the simulation").
    pub fn fact_in(self, value: f64, lang: Lang) -> String {
        let sep = lang.decimal_separator().to_string();
        t!(
            "{label}: {value} in the simulation",
            "{label}: {value} trong mô phỏng"
        )
        .fill(
            lang,
            &[
                ("label", &self.label(lang)),
                ("value", &show(value).replace('.', &sep)),
            ],
        )
    }

    /// The whole sentence a yes/no measure says instead of "fact; at most/at least …".
    pub fn sentence_in(self, above: bool, lang: Lang) -> Option<&'static str> {
        match (self, above) {
            (Measure::RolledBack, true) => Some(t!(
                "The deployment was rolled back, but this release should have gone out.",
                "Deployment đã bị rollback, nhưng bản phát hành này lẽ ra phải được triển khai."
            )),
            (Measure::BadReleaseStopped, false) => Some(t!(
                "Nothing took the bad release away from users: it was never rolled back.",
                "Không có gì đưa bản phát hành lỗi ra khỏi tay người dùng: nó không hề bị rollback."
            )),
            (Measure::AlarmStopped, false) => Some(t!(
                "No alarm stopped the deployment.",
                "Không có alarm nào dừng deployment."
            )),
            _ => None,
        }
        .map(|t| t.get(lang))
    }
}

impl MeasureWords for Measure {
    fn fact(&self, value: f64, _: Option<usize>, lang: Lang) -> String {
        self.fact_in(value, lang)
    }

    fn sentence(&self, above: bool, lang: Lang) -> Option<&'static str> {
        self.sentence_in(above, lang)
    }
}

/// `kind = "deploy_outcome"`: a simulation, configured by the learner's answers, ends with a
/// measure of its outcome within bounds (`at_most`, `at_least`, or both).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeCheck {
    pub simulation: String,
    pub variant: String,
    pub measure: Measure,
    #[serde(default)]
    pub at_most: Option<f64>,
    #[serde(default)]
    pub at_least: Option<f64>,
    /// The input the result points the learner at (its step is linked); by default the
    /// simulation's configuration input. An outcome an alarm decides points at the alarm.
    #[serde(default)]
    pub input: Option<String>,
}

/// The family's check kinds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Check {
    Outcome(OutcomeCheck),
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = Measure;
    const SECTIONS: &'static [&'static str] = &["simulations"];
    const KINDS: &'static [&'static str] = &["deploy_outcome"];

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        for (spec, text) in problems.items_with_files::<SimulationSpec>(value, files) {
            let built = problems.data_file(&spec.scenario, text, |file: scenario::ScenarioSpec| {
                file.variants()
            });
            if let Some(variants) = built {
                items.simulations.push(SimulationDef {
                    id: spec.id,
                    title: spec.title,
                    variants,
                    inputs: spec.inputs,
                    what_if: spec
                        .what_if
                        .into_iter()
                        .map(|w| WhatIf {
                            id: w.id,
                            title: w.title,
                            variant: w.variant,
                            answers: w
                                .answers
                                .iter()
                                .map(|(id, answer)| (id.clone(), answer.as_text()))
                                .collect(),
                        })
                        .collect(),
                });
            }
        }
    }

    #[cfg(feature = "files")]
    fn parse_check(_: &str, body: crate::load::Body<'_>) -> Result<Check, crate::load::BodyError> {
        OutcomeCheck::deserialize(body).map(Check::Outcome)
    }

    fn validate_items(items: &Items, lab: &LabView<'_>) -> Vec<String> {
        let by_id: BTreeMap<&str, &Input> = lab.inputs.iter().map(|i| (i.id.as_str(), i)).collect();
        items
            .simulations
            .iter()
            .flat_map(|sim| {
                validate_inputs(&sim.inputs, &by_id)
                    .into_iter()
                    .chain(validate_what_if(sim, &by_id))
                    .map(move |m| format!("simulation \"{}\": {m}", sim.id))
            })
            .collect()
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Check::Outcome(c) = check;
        let mut problems = Vec::new();
        if let Some(id) = &c.input {
            super::common::input(lab, id, &mut problems);
        }
        match lab
            .workspace
            .deploy
            .simulations
            .iter()
            .find(|s| s.id == c.simulation)
        {
            None => problems.push(format!(
                "simulation \"{}\" is not defined (or did not load)",
                c.simulation
            )),
            Some(sim) if !sim.variants.iter().any(|v| v.id == c.variant) => problems.push(format!(
                "simulation \"{}\" has no variant \"{}\"; its variants: {}",
                c.simulation,
                c.variant,
                sim.variants
                    .iter()
                    .map(|v| v.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Some(_) => {}
        }
        if c.at_most.is_none() && c.at_least.is_none() {
            problems.push("give at_most, at_least or both".into());
        }
        problems
    }

    fn grade(check: &Check, lab: &LabView<'_>, answers: &Answers) -> Graded {
        let Check::Outcome(c) = check;
        let sim = lab
            .workspace
            .deploy
            .simulations
            .iter()
            .find(|s| s.id == c.simulation);
        let input = c
            .input
            .clone()
            .or_else(|| sim.map(|s| s.inputs.configuration.clone()))
            .unwrap_or_default();
        let verdict =
            match sim.and_then(|s| Some((s, s.variants.iter().find(|v| v.id == c.variant)?))) {
                None => Verdict::NoEngineValue,
                Some((sim, variant)) => outcome(sim, variant, c, answers),
            };
        Graded::new(input, verdict)
    }
}

fn outcome(sim: &SimulationDef, variant: &Variant, c: &OutcomeCheck, answers: &Answers) -> Verdict {
    let cannot = |reason: Wording| Verdict::CannotRun {
        item: Runnable::Simulation,
        reason,
    };
    let config = match scenario::build(&sim.inputs, variant, answers) {
        Ok(config) => config,
        Err(BuildError::NotAnswered(_)) => return Verdict::NotAnswered,
        Err(BuildError::Invalid(reason)) => return cannot(reason),
    };
    // The app's browser build has no simulator: the parsers worker grades the check.
    #[cfg(not(feature = "sim"))]
    {
        let _ = (config, c);
        Verdict::Pending
    }
    #[cfg(feature = "sim")]
    {
        let summary = match engine::deploy::simulate(&config) {
            Ok(run) => run.summary,
            Err(e) => return cannot(reasons::config_error(&e)),
        };
        measured(c, &summary)
    }
}

/// The check's verdict on a run's summary.
#[cfg(feature = "sim")]
fn measured(c: &OutcomeCheck, summary: &engine::deploy::Summary) -> Verdict {
    match c.measure.of(summary) {
        None => Verdict::NoEngineValue,
        Some(value) => Verdict::bounded(
            super::Measure::Deploy(c.measure),
            None,
            value,
            c.at_most,
            c.at_least,
        ),
    }
}

/// Each fixed comparison has a unique id, runs an existing variant with answers to the
/// lab's inputs, and simulates.
fn validate_what_if(sim: &SimulationDef, inputs: &BTreeMap<&str, &Input>) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, w) in sim.what_if.iter().enumerate() {
        if sim.what_if[..i].iter().any(|other| other.id == w.id) {
            problems.push(format!("what_if \"{}\" is defined twice", w.id));
        }
        if !sim.variants.iter().any(|v| v.id == w.variant) {
            problems.push(format!(
                "what_if \"{}\": there is no variant \"{}\"",
                w.id, w.variant
            ));
            continue;
        }
        for (id, _) in &w.answers {
            if !inputs.contains_key(id.as_str()) {
                problems.push(format!(
                    "what_if \"{}\": input \"{id}\" is not defined in [[inputs]]",
                    w.id
                ));
            }
        }
        match w.config(sim) {
            Err(BuildError::NotAnswered(id)) => problems.push(format!(
                "what_if \"{}\": its answers must include input \"{id}\"",
                w.id
            )),
            Err(BuildError::Invalid(reason)) => {
                problems.push(format!("what_if \"{}\": {}", w.id, reason.get(Lang::En)))
            }
            #[cfg(not(feature = "sim"))]
            Ok(_) => {}
            #[cfg(feature = "sim")]
            Ok(config) => {
                if let Err(e) = engine::deploy::simulate(&config) {
                    problems.push(format!(
                        "what_if \"{}\": {}",
                        w.id,
                        reasons::config_error(&e).get(Lang::En)
                    ));
                }
            }
        }
    }
    problems
}

/// The inputs a simulation reads exist and have the right kind; every configuration option is a real CodeDeploy name.
fn validate_inputs(i: &SimulationInputs, inputs: &BTreeMap<&str, &Input>) -> Vec<String> {
    let mut problems = Vec::new();
    let choice = |id: &str, problems: &mut Vec<String>| -> Option<Vec<String>> {
        match inputs.get(id).map(|input| &input.kind) {
            Some(InputKind::Choice {
                options,
                multiple: false,
            }) => Some(options.iter().map(|o| o.id.clone()).collect()),
            Some(_) => {
                problems.push(format!("input \"{id}\" must be a single choice"));
                None
            }
            None => {
                problems.push(format!("input \"{id}\" is not defined in [[inputs]]"));
                None
            }
        }
    };
    if let Some(options) = choice(&i.configuration, &mut problems) {
        for name in options {
            let needs: &[(&str, &Option<String>)] = match name.as_str() {
                "rolling" => &[
                    ("batch_percent", &i.batch_percent),
                    ("min_healthy_percent", &i.min_healthy_percent),
                ],
                "rolling-additional-batch" => &[("batch_percent", &i.batch_percent)],
                "blue-green" => &[("termination_wait_minutes", &i.termination_wait_minutes)],
                _ => &[],
            };
            for (field, input) in needs {
                if input.is_none() {
                    problems.push(format!("option \"{name}\" needs inputs.{field}"));
                }
            }
            if scenario::CUSTOM_STRATEGIES.contains(&name.as_str()) {
                continue;
            }
            if let Err(e) = engine::deploy::predefined(&name) {
                problems.push(format!(
                    "option \"{name}\" of input \"{}\": {}",
                    i.configuration,
                    reasons::config_reason(&e.reason).get(Lang::En)
                ));
            }
        }
    }
    if let Some(id) = &i.alarm_metric {
        if let Some(options) = choice(id, &mut problems) {
            for o in options
                .iter()
                .filter(|o| !["none", "error_rate", "green_error_rate"].contains(&o.as_str()))
            {
                problems.push(format!(
                    "option \"{o}\" of input \"{id}\" must be none, error_rate or green_error_rate"
                ));
            }
        }
    }
    for id in [
        &i.alarm_threshold_percent,
        &i.alarm_datapoints_to_alarm,
        &i.alarm_evaluation_periods,
        &i.batch_percent,
        &i.min_healthy_percent,
        &i.termination_wait_minutes,
    ]
    .into_iter()
    .flatten()
    {
        if !matches!(
            inputs.get(id.as_str()).map(|input| &input.kind),
            Some(InputKind::Number { .. })
        ) {
            problems.push(format!("input \"{id}\" must be a number input"));
        }
    }
    problems
}

#[cfg(test)]
mod words_tests {
    use super::Measure;
    use crate::lang::Lang;

    #[test]
    fn measures_word_themselves_in_each_language() {
        let m = Measure::RolloutMinutes;
        assert_eq!(
            m.fact_in(2.5, Lang::En),
            "Rollout duration (minutes): 2.5 in the simulation"
        );
        assert_eq!(
            m.fact_in(2.5, Lang::Vi),
            "Thời gian rollout (phút): 2,5 trong mô phỏng"
        );
        for m in Measure::ALL {
            assert_ne!(m.label(Lang::En), m.label(Lang::Vi));
        }
        assert!(Measure::BadReleaseStopped
            .sentence_in(false, Lang::Vi)
            .is_some_and(|s| s.contains("bản phát hành lỗi")));
        assert_eq!(Measure::FailedRequests.sentence_in(true, Lang::Vi), None);
    }
}
