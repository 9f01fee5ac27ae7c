//! DevOps mindset and DORA: event-log datasets (read by `engine::dora`) in the workspace,
//! and checks whose right answer the engine computes from them (`dora_metric`, `dora_level`).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::common::{
    choice_graded, expect_number, expect_single_choice_of, expect_tolerance, input, number_verdict,
};
use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
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
}

impl Metric {
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
}

/// `kind = "dora_level"`: a choice input (options `elite`, `high`, `medium`, `low`) names
/// the 2024 performance level the engine gives a dataset, for one key or overall.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelCheck {
    pub input: String,
    pub dataset: String,
    pub key: LevelOf,
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
        let Some(specs) = problems.read::<Vec<DatasetSpec>>(value) else {
            return;
        };
        crate::load::unique(specs.iter().map(|d| d.id.as_str()), "dataset", problems);
        for spec in specs {
            let Some(source) = files.get(&spec.file) else {
                problems.complain(format!(
                    "dataset \"{}\" names file \"{}\", which is not in the lab folder",
                    spec.id, spec.file
                ));
                continue;
            };
            match spec.kind {
                DatasetKind::DoraLog => match dora::parse_log(source) {
                    Ok(log) => items.datasets.push(Dataset {
                        id: spec.id,
                        title: spec.title,
                        file: spec.file,
                        source: source.clone(),
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
            }
            Check::Level(c) => {
                if let Some(input) = input(lab, &c.input, &mut problems) {
                    let levels: Vec<&str> = dora::Level::ALL.iter().map(|l| l.id()).collect();
                    expect_single_choice_of(
                        input,
                        &levels,
                        &BTreeMap::new(),
                        "levels",
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
                Graded::new(
                    &c.input,
                    number_verdict(answers.get(&c.input), expected, c.tolerance),
                )
            }
            Check::Level(c) => match find(&c.dataset).and_then(|d| level_of(d, c.key)) {
                Some(level) => choice_graded(
                    &c.input,
                    answers,
                    &[level.id().to_string()],
                    &BTreeMap::new(),
                ),
                None => Graded::new(&c.input, Verdict::NoEngineValue),
            },
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
