//! Feature flags and A/B tests: experiments (a population, an incident, an A/B test; see
//! [`experiment`]) in the workspace, a flag configured by the learner's answers, and
//! checks on who it exposes (`flag_outcome`), on the numbers the learner reads off it
//! (`flag_metric`) and on the A/B test's significance (`ab_significance`).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::common::{
    choice_graded, expect_number, expect_single_choice_of, expect_tolerance, input, number_verdict,
};
use super::{BuildError, FamilyModule, Graded, LabView, MeasureWords};
use crate::answer::Answers;
use crate::check::{show_in, Runnable, Verdict};
use crate::lang::{Lang, T};
pub mod experiment;

use crate::lab::{Input, InputKind};
use experiment::{self as data, Experiment, ExperimentInputs, Setup};

/// The module marker.
pub struct Family;

/// The family's workspace items.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Items {
    pub experiments: Vec<ExperimentDef>,
}

/// A feature-flag experiment in the workspace: a data file's population, incident and A/B
/// test, and the inputs that configure the flag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExperimentDef {
    pub id: String,
    pub title: String,
    pub file: String,
    pub experiment: Experiment,
    pub inputs: ExperimentInputs,
}

/// An `[[experiments]]` entry as written.
#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExperimentSpec {
    id: String,
    title: String,
    file: String,
    inputs: ExperimentInputs,
}

#[cfg(feature = "files")]
impl crate::load::NamesFile for ExperimentSpec {
    const WHAT: &'static str = "experiment";
    const FILE_WORD: &'static str = "file";
    fn id(&self) -> &str {
        &self.id
    }
    fn file(&self) -> &str {
        &self.file
    }
}

/// A measure of an experiment that a check can bound or ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    StaffExposurePercent,
    ExternalExposurePercent,
    StickinessViolations,
    ExposureAfterIncidentPercent,
    MinutesExposedAfterIncident,
    MinutesOffBeforeIncident,
    AbUsersA,
    AbUsersB,
    AbConversionsA,
    AbConversionsB,
    AbRateAPercent,
    AbRateBPercent,
    AbDifferencePoints,
    AbLiftPercent,
    AbZ,
    AbPValue,
    AbSignificant,
}

impl Measure {
    /// Every measure.
    pub const ALL: [Measure; 17] = [
        Measure::StaffExposurePercent,
        Measure::ExternalExposurePercent,
        Measure::StickinessViolations,
        Measure::ExposureAfterIncidentPercent,
        Measure::MinutesExposedAfterIncident,
        Measure::MinutesOffBeforeIncident,
        Measure::AbUsersA,
        Measure::AbUsersB,
        Measure::AbConversionsA,
        Measure::AbConversionsB,
        Measure::AbRateAPercent,
        Measure::AbRateBPercent,
        Measure::AbDifferencePoints,
        Measure::AbLiftPercent,
        Measure::AbZ,
        Measure::AbPValue,
        Measure::AbSignificant,
    ];

    /// Whether the measure reads only the A/B test (no answer needed).
    pub fn is_ab(self) -> bool {
        self.name().starts_with("ab_")
    }

    /// The measure's name in lab files.
    pub fn name(self) -> &'static str {
        match self {
            Measure::StaffExposurePercent => "staff_exposure_percent",
            Measure::ExternalExposurePercent => "external_exposure_percent",
            Measure::StickinessViolations => "stickiness_violations",
            Measure::ExposureAfterIncidentPercent => "exposure_after_incident_percent",
            Measure::MinutesExposedAfterIncident => "minutes_exposed_after_incident",
            Measure::MinutesOffBeforeIncident => "minutes_off_before_incident",
            Measure::AbUsersA => "ab_users_a",
            Measure::AbUsersB => "ab_users_b",
            Measure::AbConversionsA => "ab_conversions_a",
            Measure::AbConversionsB => "ab_conversions_b",
            Measure::AbRateAPercent => "ab_rate_a_percent",
            Measure::AbRateBPercent => "ab_rate_b_percent",
            Measure::AbDifferencePoints => "ab_difference_points",
            Measure::AbLiftPercent => "ab_lift_percent",
            Measure::AbZ => "ab_z",
            Measure::AbPValue => "ab_p_value",
            Measure::AbSignificant => "ab_significant",
        }
    }

    fn per_stage(self) -> bool {
        matches!(
            self,
            Measure::StaffExposurePercent | Measure::ExternalExposurePercent
        )
    }

    fn of_incident(self) -> bool {
        matches!(
            self,
            Measure::ExposureAfterIncidentPercent
                | Measure::MinutesExposedAfterIncident
                | Measure::MinutesOffBeforeIncident
        )
    }
}

const AT_STAGE: T = t!("At stage {stage}, ", "Ở giai đoạn {stage}, ");
const EXTERNAL_EXPOSURE: T = t!(
    "{at}{v}% of external users get the feature",
    "{at}{v}% người dùng bên ngoài nhận được tính năng"
);
const STAFF_EXPOSURE: T = t!(
    "{at}{v}% of staff get the feature",
    "{at}{v}% nhân viên nội bộ nhận được tính năng"
);
const STICKINESS: T = t!(
    "{v} users lost the feature when the percentage went up",
    "{v} người dùng mất tính năng khi tỷ lệ phần trăm tăng lên"
);
const EXPOSURE_AFTER_INCIDENT: T = t!(
    "{v}% of users still got the failing feature after the runbook's response time",
    "{v}% người dùng vẫn nhận tính năng bị lỗi sau thời gian phản ứng của runbook"
);
const MINUTES_EXPOSED: T = t!(
    "Users got the failing feature for {v} minutes after the incident",
    "Người dùng nhận tính năng bị lỗi trong {v} phút sau sự cố"
);
const MINUTES_OFF_BEFORE: T = t!(
    "The kill switch turned the feature off {v} minutes before anything went wrong",
    "Kill switch đã tắt tính năng {v} phút trước khi có sự cố"
);

impl MeasureWords for Measure {
    fn fact(&self, value: f64, stage: Option<usize>, lang: Lang) -> String {
        let at = stage.map_or_else(String::new, |s| AT_STAGE.fill(lang, &[("stage", &s)]));
        let v = show_in(value, lang);
        let t = match self {
            Measure::ExternalExposurePercent => EXTERNAL_EXPOSURE,
            Measure::StaffExposurePercent => STAFF_EXPOSURE,
            Measure::StickinessViolations => STICKINESS,
            Measure::ExposureAfterIncidentPercent => EXPOSURE_AFTER_INCIDENT,
            Measure::MinutesExposedAfterIncident => MINUTES_EXPOSED,
            Measure::MinutesOffBeforeIncident => MINUTES_OFF_BEFORE,
            other => return format!("{at}{}: {v}", other.name()),
        };
        t.fill(lang, &[("at", &at), ("v", &v)])
    }

    fn amount(&self, x: f64, lang: Lang) -> String {
        if self.name().ends_with("_percent") {
            format!("{}%", show_in(x, lang))
        } else {
            show_in(x, lang)
        }
    }
}

/// `kind = "flag_outcome"`: the learner's flag has a measure of who it exposes within
/// bounds; `stage` (1-based) for per-stage measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeCheck {
    pub experiment: String,
    pub measure: Measure,
    #[serde(default)]
    pub stage: Option<usize>,
    #[serde(default)]
    pub at_most: Option<f64>,
    #[serde(default)]
    pub at_least: Option<f64>,
}

/// `kind = "flag_metric"`: a number input equals a measure the engine computes (an A/B
/// test's rates, or an exposure of the learner's flag), within `tolerance`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricCheck {
    pub input: String,
    pub experiment: String,
    pub measure: Measure,
    #[serde(default)]
    pub stage: Option<usize>,
    #[serde(default)]
    pub tolerance: f64,
}

/// `kind = "ab_significance"`: a choice input (options `significant`, `not_significant`)
/// says what the engine's z-test finds at 95% (p < 0.05).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignificanceCheck {
    pub input: String,
    pub experiment: String,
    /// Why an option is wrong, shown when the learner picks it.
    #[serde(default)]
    pub why: BTreeMap<String, crate::doc::Doc>,
}

/// The family's check kinds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Check {
    Outcome(OutcomeCheck),
    Metric(MetricCheck),
    Significance(SignificanceCheck),
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = Measure;
    const SECTIONS: &'static [&'static str] = &["experiments"];
    const KINDS: &'static [&'static str] = &["flag_outcome", "flag_metric", "ab_significance"];

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        for (spec, text) in problems.items_with_files::<ExperimentSpec>(value, files) {
            let built = problems.data_file(&spec.file, text, |file: data::ExperimentFile| {
                file.experiment()
            });
            if let Some(experiment) = built {
                items.experiments.push(ExperimentDef {
                    id: spec.id,
                    title: spec.title,
                    file: spec.file,
                    experiment,
                    inputs: spec.inputs,
                });
            }
        }
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        match kind {
            "flag_outcome" => OutcomeCheck::deserialize(body).map(Check::Outcome),
            "flag_metric" => MetricCheck::deserialize(body).map(Check::Metric),
            _ => SignificanceCheck::deserialize(body).map(Check::Significance),
        }
    }

    fn validate_items(items: &Items, lab: &LabView<'_>) -> Vec<String> {
        let by_id: BTreeMap<&str, &Input> = lab.inputs.iter().map(|i| (i.id.as_str(), i)).collect();
        items
            .experiments
            .iter()
            .flat_map(|e| {
                validate_inputs(&e.inputs, &by_id)
                    .into_iter()
                    .map(move |m| format!("experiment \"{}\": {m}", e.id))
            })
            .collect()
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let mut problems = Vec::new();
        match check {
            Check::Outcome(c) => {
                validate_measure(lab, &c.experiment, c.measure, c.stage, &mut problems);
                if c.at_most.is_none() && c.at_least.is_none() {
                    problems.push("give at_most, at_least or both".into());
                }
            }
            Check::Metric(c) => {
                validate_measure(lab, &c.experiment, c.measure, c.stage, &mut problems);
                expect_tolerance(c.tolerance, &mut problems);
                if let Some(input) = input(lab, &c.input, &mut problems) {
                    expect_number(input, &mut problems);
                }
            }
            Check::Significance(c) => {
                if experiment(lab, &c.experiment).is_none() {
                    problems.push(format!(
                        "experiment \"{}\" is not defined (or did not load)",
                        c.experiment
                    ));
                }
                if let Some(input) = input(lab, &c.input, &mut problems) {
                    expect_single_choice_of(
                        input,
                        &data::SIGNIFICANCE_OPTIONS,
                        &c.why,
                        "significant, not_significant",
                        &mut problems,
                    );
                }
            }
        }
        problems
    }

    fn grade(check: &Check, lab: &LabView<'_>, answers: &Answers) -> Graded {
        match check {
            Check::Outcome(c) => {
                let input = experiment(lab, &c.experiment)
                    .and_then(|e| pointed_input(&e.inputs, c.measure, c.stage))
                    .unwrap_or_default();
                let verdict = match measure(lab, answers, &c.experiment, c.measure, c.stage) {
                    Err(verdict) => verdict,
                    Ok(value) => Verdict::bounded(
                        super::Measure::Flags(c.measure),
                        c.stage,
                        value,
                        c.at_most,
                        c.at_least,
                    ),
                };
                Graded::new(input, verdict)
            }
            Check::Metric(c) => {
                let answer = answers.get(&c.input);
                // What the learner typed is judged first; an unbuildable flag only matters then.
                let verdict = match number_verdict(answer, Some(0.0), f64::INFINITY) {
                    Verdict::Correct => {
                        match measure(lab, answers, &c.experiment, c.measure, c.stage) {
                            Ok(expected) => number_verdict(answer, Some(expected), c.tolerance),
                            Err(verdict) => verdict,
                        }
                    }
                    other => other,
                };
                Graded::new(&c.input, verdict)
            }
            Check::Significance(c) => match experiment(lab, &c.experiment) {
                Some(e) => {
                    let right = data::significance_option(&e.experiment.ab);
                    choice_graded(&c.input, answers, &[right.to_string()], &c.why)
                }
                None => Graded::new(&c.input, Verdict::NoEngineValue),
            },
        }
    }
}

fn experiment<'a>(lab: &LabView<'a>, id: &str) -> Option<&'a ExperimentDef> {
    lab.workspace.flags.experiments.iter().find(|e| e.id == id)
}

/// Problems with an experiment check's experiment, measure and stage.
fn validate_measure(
    lab: &LabView<'_>,
    id: &str,
    measure: Measure,
    stage: Option<usize>,
    problems: &mut Vec<String>,
) {
    let found = experiment(lab, id);
    if found.is_none() {
        problems.push(format!(
            "experiment \"{id}\" is not defined (or did not load)"
        ));
    }
    let name = measure.name();
    let stages = found.map(|e| e.inputs.stages.len());
    match (measure.per_stage(), stage, stages) {
        (true, None, _) => problems.push(format!("measure \"{name}\" needs a stage")),
        // An experiment without stages is reported once, with the experiment.
        (true, Some(s), Some(n)) if n > 0 && (s == 0 || s > n) => problems.push(format!(
            "stage {s} is out of range: experiment \"{id}\" has stages 1 to {n}"
        )),
        (false, Some(_), _) => problems.push(format!("measure \"{name}\" takes no stage")),
        _ => {}
    }
    if let Some(e) = found {
        let (staff, external) = e.experiment.counts();
        if (measure == Measure::StaffExposurePercent && staff == 0)
            || (measure == Measure::ExternalExposurePercent && external == 0)
        {
            let who = if measure == Measure::StaffExposurePercent {
                "staff"
            } else {
                "external users"
            };
            problems.push(format!(
                "the population of \"{id}\" has no {who}, so measure \"{name}\" has no value"
            ));
        }
        if measure.of_incident() && e.inputs.kill_switch_minute.is_none() {
            problems.push(format!(
                "measure \"{name}\" needs inputs.kill_switch_minute"
            ));
        }
        if measure == Measure::AbLiftPercent && e.experiment.ab.rate_a == 0.0 {
            problems.push("ab_lift_percent has no value when variant A never converts".into());
        }
    }
}

/// The input a flag check points the learner at.
fn pointed_input(
    inputs: &ExperimentInputs,
    measure: Measure,
    stage: Option<usize>,
) -> Option<String> {
    let stage_input = || {
        stage
            .and_then(|s| s.checked_sub(1))
            .and_then(|s| inputs.stages.get(s))
            .cloned()
    };
    match measure {
        Measure::StaffExposurePercent => inputs.staff_rule.clone().or_else(stage_input),
        Measure::ExternalExposurePercent => stage_input(),
        Measure::StickinessViolations => inputs
            .split_by
            .clone()
            .or_else(|| inputs.stages.last().cloned()),
        m if m.of_incident() => inputs.kill_switch_minute.clone(),
        _ => None,
    }
}

/// An experiment's measure for the learner's answers, or the verdict that says why there is none.
fn measure(
    lab: &LabView<'_>,
    answers: &Answers,
    id: &str,
    measure: Measure,
    stage: Option<usize>,
) -> Result<f64, Verdict> {
    let Some(e) = experiment(lab, id) else {
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
        Err(BuildError::Invalid(reason)) => Err(Verdict::CannotRun {
            item: Runnable::Flag,
            reason,
        }),
    }
}

/// The inputs an experiment reads exist and have the right kind, and its choices' options are ones the flag knows.
fn validate_inputs(i: &ExperimentInputs, inputs: &BTreeMap<&str, &Input>) -> Vec<String> {
    let mut problems = Vec::new();
    for (field, id, known) in [
        ("staff_rule", &i.staff_rule, data::STAFF_RULES),
        ("split_by", &i.split_by, data::SPLITS),
    ] {
        let Some(id) = id else { continue };
        match inputs.get(id.as_str()).map(|input| &input.kind) {
            Some(InputKind::Choice {
                options,
                multiple: false,
            }) => {
                for o in options.iter().filter(|o| !known.contains(&o.id.as_str())) {
                    problems.push(format!(
                        "option \"{}\" of input \"{id}\" ({field}) must be one of {}",
                        o.id,
                        known.join(", ")
                    ));
                }
            }
            Some(_) => problems.push(format!("input \"{id}\" ({field}) must be a single choice")),
            None => problems.push(format!(
                "input \"{id}\" ({field}) is not defined in [[inputs]]"
            )),
        }
    }
    if i.stages.is_empty() {
        problems.push("inputs.stages must name at least one number input".into());
    }
    for (field, id) in i.stages.iter().map(|id| ("stages", id)).chain(
        i.kill_switch_minute
            .iter()
            .map(|id| ("kill_switch_minute", id)),
    ) {
        match inputs.get(id.as_str()).map(|input| &input.kind) {
            Some(InputKind::Number { .. }) => {}
            Some(_) => problems.push(format!("input \"{id}\" ({field}) must be a number input")),
            None => problems.push(format!(
                "input \"{id}\" ({field}) is not defined in [[inputs]]"
            )),
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_measure_reads_by_its_name() {
        use serde::de::IntoDeserializer;
        for measure in Measure::ALL {
            let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
                measure.name().into_deserializer();
            assert_eq!(Measure::deserialize(de).unwrap(), measure);
        }
    }
}
