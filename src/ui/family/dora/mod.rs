//! The DORA family: event-log datasets in a lab's workspace (`dataset`, with its `chart` and
//! the 2025 `profile` reading) and the DORA sandbox page (`sandbox`).
use yew::prelude::*;

use super::WorkspaceArgs;
use crate::ui::shared::Static;

pub mod chart;
pub mod dataset;
pub mod profile;
pub mod sandbox;

/// The datasets the current step shows (all of them when the step names none).
pub fn workspace(at: &WorkspaceArgs) -> Html {
    let step = &at.lab.steps[at.step];
    let shown = at
        .lab
        .0
        .workspace
        .dora
        .datasets
        .iter()
        .filter(|d| step.datasets.is_empty() || step.datasets.contains(&d.id));
    html! {
        { for shown.map(|d| html! { <dataset::DatasetView dataset={Static(d)} /> }) }
    }
}
