//! The lab manifest (`labs/<id>/lab.toml`): its schema, and loading a lab from its files.
//!
//! The schema is a file format that lab authors write by hand, so it is strict:
//! unknown fields are errors (`deny_unknown_fields`), and every cross-reference
//! (a step's inputs, a check's input or dataset, a hint's step) is resolved at
//! load time with a message naming the field.
use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::check::Check;
use super::files::{FileSet, Problem};
use super::flags::{Experiment, ExperimentFile, ExperimentInputs};
use super::scenario::{ScenarioSpec, SimulationInputs, Variant};
use engine::dora;

/// The lab families, in the order of the workshop's agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    Dora,
    Git,
    Build,
    Pipeline,
    Deploy,
    DeploymentStrategies,
    Cloudformation,
    Cdk,
    Containers,
    Observability,
    Incidents,
    Exam,
}

impl Family {
    /// Every family, in agenda order.
    pub const ALL: [Family; 12] = [
        Family::Dora,
        Family::Git,
        Family::Build,
        Family::Pipeline,
        Family::Deploy,
        Family::DeploymentStrategies,
        Family::Cloudformation,
        Family::Cdk,
        Family::Containers,
        Family::Observability,
        Family::Incidents,
        Family::Exam,
    ];
}

/// How demanding a lab is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

/// The engine that reads a dataset file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetKind {
    /// A team's production event log, read by [`engine::dora`].
    DoraLog,
}

/// The manifest as written in `lab.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    id: String,
    title: String,
    family: Family,
    level: Level,
    minutes: u32,
    summary: String,
    goals: Vec<String>,
    #[serde(default)]
    simplification: Option<String>,
    #[serde(default)]
    datasets: Vec<DatasetSpec>,
    #[serde(default)]
    simulations: Vec<SimulationSpec>,
    #[serde(default)]
    experiments: Vec<ExperimentSpec>,
    steps: Vec<StepSpec>,
    #[serde(default)]
    inputs: Vec<InputSpec>,
    checks: Vec<Check>,
    #[serde(default)]
    hints: Vec<HintSpec>,
}

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SimulationSpec {
    id: String,
    title: String,
    scenario: String,
    inputs: SimulationInputs,
}

/// A deployment simulation in the workspace: a scenario's variants, configured by the learner's inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationDef {
    pub id: String,
    pub title: String,
    pub variants: Vec<Variant>,
    pub inputs: SimulationInputs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExperimentSpec {
    id: String,
    title: String,
    file: String,
    inputs: ExperimentInputs,
}

/// A feature-flag experiment in the workspace: a data file's population, incident and A/B
/// test, and the inputs that configure the flag.
#[derive(Clone, Debug, PartialEq)]
pub struct ExperimentDef {
    pub id: String,
    pub title: String,
    pub file: String,
    pub experiment: Experiment,
    pub inputs: ExperimentInputs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepSpec {
    title: String,
    text: String,
    #[serde(default)]
    inputs: Vec<String>,
    #[serde(default)]
    datasets: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HintSpec {
    step: usize,
    text: String,
    cost: u32,
}

/// One answer field the learner fills in.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub id: String,
    pub label: String,
    pub kind: InputKind,
}

/// What sort of answer an input takes.
#[derive(Clone, Debug, PartialEq)]
pub enum InputKind {
    /// A number; `unit` is shown after the field.
    Number { unit: Option<String> },
    /// One option (`multiple = false`) or several.
    Choice {
        options: Vec<ChoiceOption>,
        multiple: bool,
    },
}

/// An input as written: flat, so that `deny_unknown_fields` works (serde cannot
/// combine it with a flattened enum).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InputSpec {
    id: String,
    label: String,
    kind: InputKindName,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    options: Option<Vec<ChoiceOption>>,
    #[serde(default)]
    multiple: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum InputKindName {
    Number,
    Choice,
}

impl InputSpec {
    fn into_input(self) -> Result<Input, String> {
        let kind = match (self.kind, self.options, self.multiple) {
            (InputKindName::Number, None, None) => InputKind::Number { unit: self.unit },
            (InputKindName::Number, _, _) => {
                return Err(format!(
                    "number input \"{}\" cannot have options or multiple",
                    self.id
                ))
            }
            (InputKindName::Choice, Some(options), multiple) if self.unit.is_none() => {
                InputKind::Choice {
                    options,
                    multiple: multiple.unwrap_or(false),
                }
            }
            (InputKindName::Choice, None, _) => {
                return Err(format!("choice input \"{}\" needs options", self.id))
            }
            (InputKindName::Choice, Some(_), _) => {
                return Err(format!("choice input \"{}\" cannot have a unit", self.id))
            }
        };
        Ok(Input {
            id: self.id,
            label: self.label,
            kind,
        })
    }
}

/// One option of a choice input.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
}

/// A dataset shown in the workspace, already parsed by its engine.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub id: String,
    pub title: String,
    pub file: String,
    pub source: String,
    pub show_keys: bool,
    pub log: dora::EventLog,
}

/// One guided step.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub title: String,
    /// The step's Markdown text.
    pub markdown: String,
    /// Ids of the inputs asked in this step.
    pub inputs: Vec<String>,
    /// Ids of the datasets shown in this step (all of them when empty).
    pub datasets: Vec<String>,
}

/// A hint; revealing it costs `cost` points.
#[derive(Clone, Debug, PartialEq)]
pub struct Hint {
    /// Index into [`Lab::steps`].
    pub step: usize,
    pub text: String,
    pub cost: u32,
}

/// A lab, loaded and cross-checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    pub id: String,
    pub title: String,
    pub family: Family,
    pub level: Level,
    pub minutes: u32,
    pub summary: String,
    pub goals: Vec<String>,
    pub simplification: Option<String>,
    pub datasets: Vec<Dataset>,
    pub simulations: Vec<SimulationDef>,
    pub experiments: Vec<ExperimentDef>,
    pub steps: Vec<Step>,
    pub inputs: Vec<Input>,
    pub checks: Vec<Check>,
    pub hints: Vec<Hint>,
}

impl Lab {
    /// The input with this id.
    pub fn input(&self, id: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.id == id)
    }

    /// The label of the input with this id, or the id itself when there is none.
    pub fn input_label(&self, id: &str) -> String {
        self.input(id)
            .map_or_else(|| id.to_string(), |i| i.label.clone())
    }

    /// The dataset with this id.
    pub fn dataset(&self, id: &str) -> Option<&Dataset> {
        self.datasets.iter().find(|d| d.id == id)
    }

    /// The most points the checks give.
    pub fn max_points(&self) -> u32 {
        self.checks.iter().map(Check::points).sum()
    }

    /// Loads a lab from its folder's files (paths relative to the folder).
    ///
    /// `folder` is the folder's name, which must equal the manifest's `id`.
    pub fn load(folder: &str, files: &FileSet) -> Result<Lab, Vec<Problem>> {
        let manifest_text = files.get("lab.toml").ok_or_else(|| {
            vec![Problem::file(
                "lab.toml",
                "the lab has no lab.toml manifest",
            )]
        })?;
        let mut manifest: Manifest = toml::from_str(manifest_text)
            .map_err(|e| vec![Problem::toml("lab.toml", manifest_text, &e)])?;
        // Problems located in other files (datasets), then lab.toml's own messages.
        let mut problems = Vec::new();
        let mut messages: Vec<String> = Vec::new();
        let mut complain = |message: String| messages.push(message);

        let inputs: Vec<Input> = std::mem::take(&mut manifest.inputs)
            .into_iter()
            .filter_map(|spec| spec.into_input().map_err(&mut complain).ok())
            .collect();
        if manifest.id != folder {
            complain(format!(
                "id \"{}\" must equal the folder's name \"{folder}\"",
                manifest.id
            ));
        }
        if !is_slug(&manifest.id) {
            complain(format!(
                "id \"{}\" must use only a-z, 0-9 and '-'",
                manifest.id
            ));
        }
        if manifest.steps.is_empty() {
            complain("a lab needs at least one step".into());
        }
        if manifest.checks.is_empty() {
            complain("a lab needs at least one check".into());
        }
        if manifest.minutes == 0 {
            complain("minutes must be at least 1".into());
        }

        let mut datasets = Vec::new();
        for spec in &manifest.datasets {
            let Some(source) = files.get(&spec.file) else {
                complain(format!(
                    "dataset \"{}\" names file \"{}\", which is not in the lab folder",
                    spec.id, spec.file
                ));
                continue;
            };
            match spec.kind {
                DatasetKind::DoraLog => match dora::parse_log(source) {
                    Ok(log) => datasets.push(Dataset {
                        id: spec.id.clone(),
                        title: spec.title.clone(),
                        file: spec.file.clone(),
                        source: source.clone(),
                        show_keys: spec.show_keys,
                        log,
                    }),
                    Err(e) => problems.push(Problem::at(&spec.file, e.line, e.column, e.message)),
                },
            }
        }
        let mut simulations = Vec::new();
        for spec in &manifest.simulations {
            let Some(text) = files.get(&spec.scenario) else {
                complain(format!(
                    "simulation \"{}\" names scenario \"{}\", which is not in the lab folder",
                    spec.id, spec.scenario
                ));
                continue;
            };
            match toml::from_str::<ScenarioSpec>(text) {
                Err(e) => problems.push(Problem::toml(&spec.scenario, text, &e)),
                Ok(scenario) => match scenario.variants() {
                    Err(message) => problems.push(Problem::file(&spec.scenario, message)),
                    Ok(variants) => simulations.push(SimulationDef {
                        id: spec.id.clone(),
                        title: spec.title.clone(),
                        variants,
                        inputs: spec.inputs.clone(),
                    }),
                },
            }
        }
        let mut experiments = Vec::new();
        for spec in &manifest.experiments {
            let Some(text) = files.get(&spec.file) else {
                complain(format!(
                    "experiment \"{}\" names file \"{}\", which is not in the lab folder",
                    spec.id, spec.file
                ));
                continue;
            };
            match toml::from_str::<ExperimentFile>(text) {
                Err(e) => problems.push(Problem::toml(&spec.file, text, &e)),
                Ok(file) => match file.experiment() {
                    Err(message) => problems.push(Problem::file(&spec.file, message)),
                    Ok(experiment) => experiments.push(ExperimentDef {
                        id: spec.id.clone(),
                        title: spec.title.clone(),
                        file: spec.file.clone(),
                        experiment,
                        inputs: spec.inputs.clone(),
                    }),
                },
            }
        }
        duplicates(
            manifest.simulations.iter().map(|d| d.id.as_str()),
            "simulation",
            &mut complain,
        );
        duplicates(
            manifest.experiments.iter().map(|d| d.id.as_str()),
            "experiment",
            &mut complain,
        );
        duplicates(
            manifest.datasets.iter().map(|d| d.id.as_str()),
            "dataset",
            &mut complain,
        );
        duplicates(inputs.iter().map(|i| i.id.as_str()), "input", &mut complain);
        duplicates(
            manifest.checks.iter().map(Check::id),
            "check",
            &mut complain,
        );

        let input_ids: BTreeSet<&str> = inputs.iter().map(|i| i.id.as_str()).collect();
        let dataset_ids: BTreeSet<&str> = manifest.datasets.iter().map(|d| d.id.as_str()).collect();
        let mut asked = BTreeSet::new();
        let mut steps = Vec::new();
        for (n, spec) in manifest.steps.iter().enumerate() {
            for input in &spec.inputs {
                if !input_ids.contains(input.as_str()) {
                    complain(format!(
                        "step {} asks input \"{input}\", which is not defined in [[inputs]]",
                        n + 1
                    ));
                } else if !asked.insert(input.clone()) {
                    complain(format!("input \"{input}\" is asked in more than one step"));
                }
            }
            for dataset in &spec.datasets {
                if !dataset_ids.contains(dataset.as_str()) {
                    complain(format!(
                        "step {} shows dataset \"{dataset}\", which is not defined in [[datasets]]",
                        n + 1
                    ));
                }
            }
            let markdown = match files.get(&spec.text) {
                Some(text) => text.clone(),
                None => {
                    complain(format!(
                        "step {} names text file \"{}\", which is not in the lab folder",
                        n + 1,
                        spec.text
                    ));
                    String::new()
                }
            };
            steps.push(Step {
                title: spec.title.clone(),
                markdown,
                inputs: spec.inputs.clone(),
                datasets: spec.datasets.clone(),
            });
        }
        for input in &inputs {
            if !asked.contains(&input.id) {
                complain(format!("input \"{}\" is not asked in any step", input.id));
            }
            if let InputKind::Choice { options, .. } = &input.kind {
                if options.len() < 2 {
                    complain(format!(
                        "choice input \"{}\" needs at least two options",
                        input.id
                    ));
                }
                duplicates(
                    options.iter().map(|o| o.id.as_str()),
                    &format!("option of input \"{}\"", input.id),
                    &mut complain,
                );
            }
        }
        let hints = manifest
            .hints
            .iter()
            .filter_map(|h| {
                if h.step == 0 || h.step > manifest.steps.len() {
                    complain(format!(
                        "a hint names step {}, but steps are numbered 1 to {}",
                        h.step,
                        manifest.steps.len()
                    ));
                    None
                } else {
                    Some(Hint {
                        step: h.step - 1,
                        text: h.text.clone(),
                        cost: h.cost,
                    })
                }
            })
            .collect();

        let by_id: BTreeMap<&str, &Input> = inputs.iter().map(|i| (i.id.as_str(), i)).collect();
        for sim in &simulations {
            for message in validate_simulation_inputs(sim, &by_id) {
                complain(format!("simulation \"{}\": {message}", sim.id));
            }
        }
        for exp in &experiments {
            for message in validate_experiment_inputs(&exp.inputs, &by_id) {
                complain(format!("experiment \"{}\": {message}", exp.id));
            }
        }
        for check in &manifest.checks {
            for message in check.validate(&by_id, &datasets, &simulations, &experiments) {
                complain(format!("check \"{}\": {message}", check.id()));
            }
        }

        problems.extend(messages.into_iter().map(|m| Problem::file("lab.toml", m)));
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Lab {
            id: manifest.id,
            title: manifest.title,
            family: manifest.family,
            level: manifest.level,
            minutes: manifest.minutes,
            summary: manifest.summary,
            goals: manifest.goals,
            simplification: manifest.simplification,
            datasets,
            simulations,
            experiments,
            steps,
            inputs,
            checks: manifest.checks,
            hints,
        })
    }
}

/// The inputs a simulation reads exist and have the right kind; every configuration option is a real CodeDeploy name.
fn validate_simulation_inputs(sim: &SimulationDef, inputs: &BTreeMap<&str, &Input>) -> Vec<String> {
    let mut problems = Vec::new();
    let i = &sim.inputs;
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
            if super::scenario::CUSTOM_STRATEGIES.contains(&name.as_str()) {
                continue;
            }
            if let Err(e) = engine::deploy::predefined(&name) {
                problems.push(format!(
                    "option \"{name}\" of input \"{}\": {e}",
                    i.configuration
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

/// The inputs an experiment reads exist and have the right kind, and its choices' options are ones the flag knows.
fn validate_experiment_inputs(
    i: &ExperimentInputs,
    inputs: &BTreeMap<&str, &Input>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (field, id, known) in [
        ("staff_rule", &i.staff_rule, super::flags::STAFF_RULES),
        ("split_by", &i.split_by, super::flags::SPLITS),
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

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn duplicates<'a>(
    ids: impl Iterator<Item = &'a str>,
    what: &str,
    complain: &mut impl FnMut(String),
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            complain(format!("{what} id \"{id}\" is used twice"));
        }
    }
}
