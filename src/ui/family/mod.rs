//! The lab families' workspace panels, one folder per family (the UI side of
//! `course::family`), and the list that draws a lab's workspace: one line per family.
//!
//! Adding a family: a folder here whose `mod.rs` has a `workspace` function, and one line
//! in [`workspace`]; or, for a family whose workspace the parsers worker builds
//! (`FamilyModule::WORKER_PANEL`), nothing: `crate::ui::lab_panel` draws it.
use yew::prelude::*;

use super::shared::LabRef;
use crate::course::{Answer, Answers};

pub mod cfn;
pub mod deploy;
pub mod dora;
pub mod flags;

/// What a family draws its workspace panels from.
pub struct WorkspaceArgs<'a> {
    pub lab: LabRef,
    /// The current step (0-based, valid for `lab`).
    pub step: usize,
    /// The learner's current answers (panels re-run with them).
    pub answers: &'a Answers,
    /// Writes an input's answer (a workspace's buttons that record what the learner did).
    pub onanswer: Callback<(String, Option<Answer>)>,
}

/// A lab's workspace at a step: every family's panels, in this order.
pub fn workspace(at: &WorkspaceArgs) -> Html {
    html! {
        <>
            { dora::workspace(at) }
            { deploy::workspace(at) }
            { flags::workspace(at) }
            // Every family that builds its workspace in the parsers worker, at once.
            if at.lab.workspace.worker_panel() {
                <super::lab_panel::LabPanel lab={at.lab} answers={at.answers.clone()} focus={at.lab.steps[at.step].inputs.clone()} onanswer={at.onanswer.clone()} />
            }
        </>
    }
}
