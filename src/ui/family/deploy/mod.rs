//! The deployment-strategy simulator in the browser: the sandbox page and the views labs reuse.
use yew::prelude::*;

use super::WorkspaceArgs;
use crate::ui::shared::Static;

pub mod charts;
pub mod form;
pub mod sandbox;
pub mod setup;
pub mod simulation_panel;
pub mod text;
pub mod view;

/// Every simulation of the lab, at every step.
pub fn workspace(at: &WorkspaceArgs) -> Html {
    html! {
        { for at.lab.0.workspace.deploy.simulations.iter().map(|s| html! {
            <simulation_panel::SimulationPanel lab={at.lab} simulation={Static(s)} answers={at.answers.clone()} />
        }) }
    }
}
