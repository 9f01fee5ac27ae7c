//! CodePipeline: a pipeline definition read and validated, and its executions simulated.
//!
//! **Takes** the JSON of `aws codepipeline get-pipeline` / `create-pipeline --cli-input-json`
//! (a top-level `pipeline`, with `metadata` and `tags` allowed beside it, or the declaration
//! itself), or YAML of the same structure. **Returns** ([`validate`]) a [`Report`]: the
//! [`Pipeline`] as far as it could be read, and [`Diagnostic`]s with line, column, a stable
//! [`Rule`] id and the values their message needs (worded by `course::cicd::pipeline`).
//!
//! Checked: unknown keys (with the nearest known ones), kinds, names' lengths and characters,
//! numbers' ranges and enumerations from the API reference; 2 to 50 stages and 1 to 50
//! actions a stage (quotas page); unique stage, action, output artifact and namespace names;
//! Source actions in the first stage and only there; each action type's category, owner,
//! provider and version, its number of input and output artifacts, its required configuration
//! keys (CloudFormation's per ActionMode) and known values ([`PROVIDERS`]); every input
//! artifact produced by an action that runs before (an earlier stage, or a lower runOrder
//! in the same stage); `#{namespace.variable}` and `#{variables.name}` references; triggers,
//! pipeline variables, QUEUED and PARALLEL in a pipeline not declared V2 (a warning:
//! CodePipeline makes it V2); triggers only on CodeStarSourceConnection source actions; no
//! ROLLBACK failure result in PARALLEL mode.
//!
//! **Simulates** ([`Simulation`], [`run`]) executions on simulated seconds from a script of
//! [`Event`]s (pushes matched against the triggers, approvals, retries, transitions, stops),
//! asking a caller's [`Runner`] for each action's outcome ([`TableRunner`] for tests), and
//! gives the history ([`ExecutionRecord`]) and the state at any time ([`PipelineState`]).
//! The facts it follows are listed in `run.rs`.
//!
//! Simplifications: configuration keys are known for the providers a lab uses (others'
//! keys are not reported); custom and partner actions are not checked beyond their shape
//! (a `not-checked` warning); stage conditions (`beforeEntry`, `onSuccess`, `onFailure`
//! conditions) are checked for shape only and not run; a `roleArn` is checked for its
//! `arn:` start and length, not its account; execution ids are `1`, `2`… instead of UUIDs.

mod model;
mod providers;
mod rules;
mod run;
mod validate;

pub use crate::tree::Pos;
pub use model::*;
pub use providers::{Provider, PROVIDERS};
pub use rules::{Diagnostic, Rule, Severity};
pub use run::*;
pub use validate::{validate, Report};
