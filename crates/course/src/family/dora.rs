//! DevOps mindset and DORA: event-log datasets (read by `engine::dora`) in the workspace,
//! and checks whose right answer the engine computes from them (`dora_metric`, `dora_level`).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::common::number_verdict;
use super::common::{
    choice_graded, expect_number, expect_single_choice_of, expect_tolerance, input, number_graded,
    validate_mistakes, Mistake,
};
use super::CheckKind;
use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::{Answer, Answers};
use crate::check::Verdict;
use engine::dora;

/// The module marker.
pub struct Family;

/// The family's workspace items.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Items {
    pub datasets: Vec<Dataset>,
}

/// A dataset shown in the workspace, already parsed by its engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub id: String,
    pub title: String,
    pub file: String,
    /// The file's text, for the learner to read.
    pub source: String,
    pub show_keys: bool,
    pub log: dora::EventLog,
}

/// A `[[datasets]]` entry as written.
#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatasetSpec {
    id: String,
    title: String,
    file: String,
    kind: DatasetKind,
    #[serde(default)]
    show_keys: bool,
}

#[cfg(feature = "files")]
impl crate::load::NamesFile for DatasetSpec {
    const WHAT: &'static str = "dataset";
    const FILE_WORD: &'static str = "file";
    fn id(&self) -> &str {
        &self.id
    }
    fn file(&self) -> &str {
        &self.file
    }
}

/// The engine that reads a dataset file.
#[cfg(feature = "files")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum DatasetKind {
    /// A team's production event log, read by [`engine::dora`].
    DoraLog,
}

/// A metric the engine computes from a dataset (the names of [`dora::METRIC_NAMES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    WindowDays,
    Deployments,
    FailedDeployments,
    DeploymentsPerDay,
    DeploymentsPerWeek,
    LeadTimeHours,
    ChangeFailRatePercent,
    RecoveryTimeHours,
    MttrHours,
    DeliveredCommits,
    UndeliveredCommits,
    ReworkDeployments,
    ReworkRatePercent,
}

impl Metric {
    /// The key a metric measures and its value in the key's unit (for classifying it).
    fn key_value(self, x: f64) -> Option<(dora::Key, f64)> {
        match self {
            Metric::DeploymentsPerDay => Some((dora::Key::DeploymentFrequency, x)),
            Metric::DeploymentsPerWeek => Some((dora::Key::DeploymentFrequency, x / 7.0)),
            Metric::LeadTimeHours => Some((dora::Key::LeadTime, x)),
            Metric::ChangeFailRatePercent => Some((dora::Key::ChangeFailRate, x)),
            Metric::RecoveryTimeHours => Some((dora::Key::RecoveryTime, x)),
            _ => None,
        }
    }

    /// The engine's name for the metric.
    pub fn name(self) -> &'static str {
        match self {
            Metric::WindowDays => "window_days",
            Metric::Deployments => "deployments",
            Metric::FailedDeployments => "failed_deployments",
            Metric::DeploymentsPerDay => "deployments_per_day",
            Metric::DeploymentsPerWeek => "deployments_per_week",
            Metric::LeadTimeHours => "lead_time_hours",
            Metric::ChangeFailRatePercent => "change_fail_rate_percent",
            Metric::RecoveryTimeHours => "recovery_time_hours",
            Metric::MttrHours => "mttr_hours",
            Metric::DeliveredCommits => "delivered_commits",
            Metric::UndeliveredCommits => "undelivered_commits",
            Metric::ReworkDeployments => "rework_deployments",
            Metric::ReworkRatePercent => "rework_rate_percent",
        }
    }
}

/// What a `dora_level` check classifies: one key, or the team overall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelOf {
    Overall,
    DeploymentFrequency,
    LeadTime,
    ChangeFailRate,
    RecoveryTime,
}

impl LevelOf {
    fn key(self) -> Option<dora::Key> {
        match self {
            LevelOf::Overall => None,
            LevelOf::DeploymentFrequency => Some(dora::Key::DeploymentFrequency),
            LevelOf::LeadTime => Some(dora::Key::LeadTime),
            LevelOf::ChangeFailRate => Some(dora::Key::ChangeFailRate),
            LevelOf::RecoveryTime => Some(dora::Key::RecoveryTime),
        }
    }

    fn name(self) -> &'static str {
        self.key().map_or("overall", dora::Key::id)
    }
}

/// `kind = "dora_metric"`: a number input equals a metric the engine computes from a dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricCheck {
    pub input: String,
    pub dataset: String,
    pub metric: Metric,
    #[serde(default)]
    pub tolerance: f64,
    /// Wrong numbers the lab recognises (the mean for a median…), each with its advice.
    #[serde(default)]
    pub mistakes: Vec<Mistake>,
}

/// `kind = "dora_level"`: a choice input (options `elite`, `high`, `medium`, `low`) names
/// the 2024 performance level the engine gives a dataset, for one key or overall.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelCheck {
    pub input: String,
    pub dataset: String,
    pub key: LevelOf,
    /// Grade against the learner's own earlier answers when they differ from the data's: for
    /// a key, the id of the `dora_metric` check whose number the level is read from; for
    /// `overall`, the ids of the four key `dora_level` checks. A level that is right for
    /// what the learner gave earlier passes, and says so.
    #[serde(default)]
    pub carry_from: Vec<String>,
}

/// The family's check kinds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Check {
    Metric(MetricCheck),
    Level(LevelCheck),
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["datasets"];
    const KINDS: &'static [&'static str] = &["dora_metric", "dora_level"];

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        for (spec, source) in problems.items_with_files::<DatasetSpec>(value, files) {
            match spec.kind {
                DatasetKind::DoraLog => match dora::parse_log(source) {
                    Ok(log) => items.datasets.push(Dataset {
                        id: spec.id,
                        title: spec.title,
                        file: spec.file,
                        source: source.to_string(),
                        show_keys: spec.show_keys,
                        log,
                    }),
                    Err(e) => problems.at(&spec.file, e.line, e.column, e.message),
                },
            }
        }
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        if kind == "dora_metric" {
            MetricCheck::deserialize(body).map(Check::Metric)
        } else {
            LevelCheck::deserialize(body).map(Check::Level)
        }
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let mut problems = Vec::new();
        match check {
            Check::Metric(c) => {
                if let Some(input) = input(lab, &c.input, &mut problems) {
                    expect_number(input, &mut problems);
                }
                if let Some(d) = dataset(lab, &c.dataset, &mut problems) {
                    if dora::four_keys(&d.log).metric(c.metric.name()).is_none() {
                        problems.push(format!(
                            "dataset \"{}\" has no value for metric \"{}\"",
                            c.dataset,
                            c.metric.name()
                        ));
                    }
                }
                expect_tolerance(c.tolerance, &mut problems);
                let expected = lab
                    .workspace
                    .dora
                    .datasets
                    .iter()
                    .find(|d| d.id == c.dataset)
                    .and_then(|d| dora::four_keys(&d.log).metric(c.metric.name()));
                validate_mistakes(&c.mistakes, expected, c.tolerance, &mut problems);
            }
            Check::Level(c) => {
                validate_carry(c, lab, &mut problems);
                if let Some(input) = input(lab, &c.input, &mut problems) {
                    let levels: Vec<&str> = dora::Level::ALL.iter().map(|l| l.id()).collect();
                    expect_single_choice_of(
                        input,
                        &levels,
                        &BTreeMap::new(),
                        "the levels elite, high, medium, low",
                        &mut problems,
                    );
                }
                if let Some(d) = dataset(lab, &c.dataset, &mut problems) {
                    if level_of(d, c.key).is_none() {
                        problems.push(format!(
                            "dataset \"{}\" has no level for \"{}\"",
                            c.dataset,
                            c.key.name()
                        ));
                    }
                }
            }
        }
        problems
    }

    fn grade(check: &Check, lab: &LabView<'_>, answers: &Answers) -> Graded {
        let find = |id: &str| lab.workspace.dora.datasets.iter().find(|d| d.id == id);
        match check {
            Check::Metric(c) => {
                let expected =
                    find(&c.dataset).and_then(|d| dora::four_keys(&d.log).metric(c.metric.name()));
                number_graded(&c.input, answers, expected, c.tolerance, &c.mistakes)
            }
            Check::Level(c) => match find(&c.dataset).and_then(|d| level_of(d, c.key)) {
                Some(level) => {
                    let graded = choice_graded(
                        &c.input,
                        answers,
                        &[level.id().to_string()],
                        &BTreeMap::new(),
                    );
                    if graded.verdict.passed() || c.carry_from.is_empty() {
                        return graded;
                    }
                    match carried(c, lab, answers) {
                        Some(verdict) => Graded::new(&c.input, verdict),
                        None => graded,
                    }
                }
                None => Graded::new(&c.input, Verdict::NoEngineValue),
            },
        }
    }
}

/// The metric check a level carries from, by id.
fn metric_check<'a>(lab: &LabView<'a>, id: &str) -> Option<&'a MetricCheck> {
    lab.checks
        .iter()
        .find(|c| c.id() == id)
        .and_then(|c| match &c.kind {
            CheckKind::Dora(Check::Metric(m)) => Some(m),
            _ => None,
        })
}

/// The level check an overall level carries from, by id.
fn level_check<'a>(lab: &LabView<'a>, id: &str) -> Option<&'a LevelCheck> {
    lab.checks
        .iter()
        .find(|c| c.id() == id)
        .and_then(|c| match &c.kind {
            CheckKind::Dora(Check::Level(l)) => Some(l),
            _ => None,
        })
}

/// Problems with a level check's `carry_from`.
fn validate_carry(c: &LevelCheck, lab: &LabView<'_>, problems: &mut Vec<String>) {
    if c.carry_from.is_empty() {
        return;
    }
    match c.key.key() {
        Some(key) => match c.carry_from.as_slice() {
            [id] => match metric_check(lab, id) {
                Some(m) if m.metric.key_value(1.0).map(|(k, _)| k) == Some(key) => {}
                Some(_) => problems.push(format!(
                    "carry_from \"{id}\" measures another key than \"{}\"",
                    c.key.name()
                )),
                None => problems.push(format!(
                    "carry_from \"{id}\" is not a dora_metric check of this lab"
                )),
            },
            _ => {
                problems.push("carry_from for a key must name exactly one dora_metric check".into())
            }
        },
        None => {
            let keys: Vec<Option<dora::Key>> = c
                .carry_from
                .iter()
                .map(|id| level_check(lab, id).and_then(|l| l.key.key()))
                .collect();
            if keys.iter().any(Option::is_none) || keys.len() != dora::Key::ALL.len() {
                problems.push(
                    "carry_from for overall must name the four key dora_level checks of this lab"
                        .into(),
                );
            }
        }
    }
}

/// The verdict when the learner's level is right for their own earlier answers (which are
/// wrong for the data), or `None`.
fn carried(c: &LevelCheck, lab: &LabView<'_>, answers: &Answers) -> Option<Verdict> {
    let chosen = answers
        .get(&c.input)
        .map(Answer::choices)
        .and_then(|c| c.into_iter().next())?;
    let label = |input: &str| {
        lab.input(input)
            .map_or(input, |i| i.label.as_str())
            .to_string()
    };
    match c.key.key() {
        Some(_) => {
            let m = metric_check(lab, c.carry_from.first()?)?;
            let given = answers.get(&m.input)?.number().ok()?;
            let right = lab
                .workspace
                .dora
                .datasets
                .iter()
                .find(|d| d.id == m.dataset)
                .and_then(|d| dora::four_keys(&d.log).metric(m.metric.name()))?;
            if number_verdict(answers.get(&m.input), Some(right), m.tolerance).passed() {
                return None; // nothing to carry: the earlier answer is right
            }
            let (key, value) = m.metric.key_value(given)?;
            (dora::classify(key, value).id() == chosen).then(|| Verdict::Carried {
                from: label(&m.input),
                value: given,
            })
        }
        None => {
            let mut levels = Vec::new();
            for id in &c.carry_from {
                let l = level_check(lab, id)?;
                let picked = answers.get(&l.input).map(Answer::choices)?;
                levels.push(
                    dora::Level::ALL
                        .into_iter()
                        .find(|lv| picked.first().map(String::as_str) == Some(lv.id()))?,
                );
            }
            let own = dora::overall_level(levels)?;
            (own.id() == chosen).then_some(Verdict::CarriedLevels)
        }
    }
}

fn dataset<'a>(lab: &LabView<'a>, id: &str, problems: &mut Vec<String>) -> Option<&'a Dataset> {
    let found = lab.workspace.dora.datasets.iter().find(|d| d.id == id);
    if found.is_none() {
        problems.push(format!("dataset \"{id}\" is not defined (or did not load)"));
    }
    found
}

fn level_of(dataset: &Dataset, of: LevelOf) -> Option<dora::Level> {
    let keys = dora::four_keys(&dataset.log);
    match of.key() {
        None => keys.overall(),
        Some(key) => keys.level(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_is_one_the_engine_knows() {
        use serde::de::IntoDeserializer;
        for name in dora::METRIC_NAMES {
            let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
                name.into_deserializer();
            let metric = Metric::deserialize(de).unwrap();
            assert_eq!(metric.name(), *name);
        }
    }
}

#[cfg(all(test, feature = "files"))]
mod load_tests {
    use crate::lab::Lab;

    /// The problems `Lab::load` reports for the DORA lab with `edits` (from, to) in lab.toml.
    fn broken(edits: &[(&str, &str)]) -> String {
        let labs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../labs");
        let mut files = crate::cli::read_folder(&labs.join("dora-four-keys")).unwrap();
        let text = files.get_mut("lab.toml").unwrap();
        for (from, to) in edits {
            assert!(text.contains(from), "{from}");
            *text = text.replacen(from, to, 1);
        }
        match Lab::load("dora-four-keys", &files) {
            Ok(_) => String::new(),
            Err(problems) => problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    #[test]
    fn a_mistake_that_is_the_right_answer_is_refused() {
        let out = broken(&[(
            "{ value = 33.4, tolerance = 0.5,",
            "{ value = 20.2, tolerance = 0.5,",
        )]);
        assert_eq!(
            out,
            "lab.toml:150:1: check \"lead-time\": mistake 20.2 overlaps the right answer (20 within 0.5)"
        );
    }

    #[test]
    fn carry_from_must_name_checks_that_fit() {
        let out = broken(&[
            (
                "carry_from = [\"lead-time\"]",
                "carry_from = [\"change-fail-rate\"]",
            ),
            (
                "carry_from = [\"recovery-time\"]",
                "carry_from = [\"nope\"]",
            ),
            ("\"level-recovery-time\"]", "\"level-overall\"]"),
        ]);
        assert_eq!(
            out,
            [
                "lab.toml:225:1: check \"level-lead-time\": carry_from \"change-fail-rate\" measures another key than \"lead_time\"",
                "lab.toml:248:1: check \"level-recovery-time\": carry_from \"nope\" is not a dora_metric check of this lab",
                "lab.toml:259:1: check \"level-overall\": carry_from for overall must name the four key dora_level checks of this lab",
            ]
            .join("\n")
        );
    }
}
