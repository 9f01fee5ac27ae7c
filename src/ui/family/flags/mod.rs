//! The feature-flags family's workspace: each experiment of a lab, evaluated with the
//! learner's current answers (`panel`), its incident chart (`chart`) and its words (`words`).
use yew::prelude::*;

use super::WorkspaceArgs;
use crate::ui::shared::Static;

mod appconfig;
mod chart;
pub mod panel;
mod words;

/// Every experiment of the lab, at every step.
pub fn workspace(at: &WorkspaceArgs) -> Html {
    html! {
        { for at.lab.0.workspace.flags.experiments.iter().map(|x| html! {
            <panel::FlagsPanel lab={at.lab} experiment={Static(x)} answers={at.answers.clone()} />
        }) }
    }
}
