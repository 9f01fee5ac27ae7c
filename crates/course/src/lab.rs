//! A lab as the app holds it: metadata, steps, inputs, checks, hints, and each family's
//! workspace items. `load` (feature `files`) reads one from its folder.
use serde::{Deserialize, Serialize};

use crate::check::Check;
use crate::doc::Doc;
use crate::family::{LabView, Workspace};

/// The lab families, in the order of the workshop's agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    CaseStudies,
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
        Family::CaseStudies,
    ];
}

/// How demanding a lab is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

/// One answer field the learner fills in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Input {
    pub id: String,
    pub label: String,
    pub kind: InputKind,
}

/// What sort of answer an input takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum InputKind {
    /// A number; `unit` is shown after the field.
    Number { unit: Option<String> },
    /// One option (`multiple = false`) or several.
    Choice {
        options: Vec<ChoiceOption>,
        multiple: bool,
    },
    /// A file the learner writes (a CloudFormation template, YAML or JSON), starting from
    /// `starter`; the answer is its text.
    Template { starter: String },
}

/// One option of a choice input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
}

/// One guided step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub title: String,
    /// The step's text (Markdown in the lab folder).
    pub text: Doc,
    /// Ids of the inputs asked in this step.
    pub inputs: Vec<String>,
    /// Ids of the datasets shown in this step (all of them when empty).
    pub datasets: Vec<String>,
}

/// A hint; revealing it costs `cost` points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hint {
    /// Index into [`Lab::steps`].
    pub step: usize,
    /// The hint (Markdown in lab.toml).
    pub text: Doc,
    pub cost: u32,
}

/// A lab, loaded and cross-checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lab {
    pub id: String,
    pub title: String,
    pub family: Family,
    pub level: Level,
    pub minutes: u32,
    pub summary: String,
    pub goals: Vec<String>,
    pub simplification: Option<String>,
    /// Each family's workspace items (datasets, simulations, experiments…).
    pub workspace: Workspace,
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

    /// The most points the checks give.
    pub fn max_points(&self) -> u32 {
        self.checks.iter().map(Check::points).sum()
    }

    /// What a family's checks see of this lab.
    pub fn view(&self) -> LabView<'_> {
        LabView {
            inputs: &self.inputs,
            workspace: &self.workspace,
            checks: &self.checks,
        }
    }
}
