//! CloudFormation: the sandbox page (`sandbox`): the template's findings and resource graph,
//! and the stack it deploys. The template engine, the simulated CloudFormation and the
//! views of its stacks run in the parsers worker; this side only draws what the worker
//! built (`crate::ui::panel`). A lab's stacks are drawn by the worker-built workspace every
//! such family shares (`crate::ui::lab_panel`).
pub mod sandbox;
