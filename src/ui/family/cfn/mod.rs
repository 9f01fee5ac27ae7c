//! CloudFormation: the sandbox page (`sandbox`): the template's findings and resource graph,
//! and the stack it deploys. The template engine, the simulated CloudFormation and the
//! views of its stacks run in the parsers worker; this side only draws what the worker
//! built (`crate::ui::panel`).
pub mod sandbox;
