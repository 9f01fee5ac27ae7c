//! CloudFormation: the sandbox page (`sandbox`): the template's findings and resource graph,
//! and the stack it deploys. The template engine, the simulated CloudFormation and the
//! views of its stacks run in the parsers worker; this side only draws what the worker
//! built (`crate::ui::panel`).
pub mod lab;
pub mod sandbox;

use yew::prelude::*;

use super::WorkspaceArgs;

/// A lab's workspace, when the lab has stacks.
pub fn workspace(at: &WorkspaceArgs) -> Html {
    if at.lab.0.workspace.cfn.is_empty() {
        return html! {};
    }
    html! { <lab::LabPanel lab={at.lab} answers={at.answers.clone()} /> }
}
