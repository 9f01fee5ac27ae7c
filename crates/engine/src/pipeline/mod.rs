//! CodePipeline: a pipeline definition (JSON) read and validated, and its executions simulated.

mod model;
mod providers;
mod rules;
mod run;
mod validate;

pub use model::*;
pub use providers::{Provider, PROVIDERS};
pub use rules::{Diagnostic, Rule, Severity};
pub use validate::{validate, Report};
pub use crate::tree::Pos;
pub use run::*;
