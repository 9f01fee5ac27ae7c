//! CodeDeploy: `appspec.yml` / `appspec.json` read and validated, and the lifecycle events of a deployment.
//!
//! # What goes in, what comes out
//!
//! - [`validate`] takes an appspec's text (YAML or JSON) and returns a [`Report`]: the
//!   [`AppSpec`] read (platform, files, permissions, hook scripts or functions, the ECS
//!   service or Lambda function) and [`Diagnostic`]s, each a [`Rule`] with a stable id, a
//!   line and column and its values.
//! - [`lifecycle`] gives the events of a deployment in order for a compute platform and a
//!   [`DeploymentType`], each marked hookable or reserved for CodeDeploy and, on
//!   EC2/On-Premises, whether its scripts come from the previous successful revision.
//! - [`run`] runs a [`DeploymentRequest`] (the revision and its files, the last good
//!   revision, the hook functions' outcomes, the deployment group's `AutoRollback` from
//!   [`crate::deploy`]) and returns a [`DeploymentRun`]: each event's status, start,
//!   duration and diagnostics, the deployment's status and error code, and the rollback
//!   deployment when there is one.
//! - [`traffic_strategy`] gives the deployment engine's [`crate::deploy::Strategy`] for a
//!   predefined deployment configuration (it is `crate::deploy::predefined`).
//!
//! # Scripts in a revision (the run's convention)
//!
//! A hook's `location` is looked up in the revision's files (`\` read as `/`, a leading
//! `/` or `./` dropped). A script missing from them fails its event with `ScriptMissing`.
//! Otherwise it takes one second, plus N seconds for each line `sleep N`, and its lines are
//! read in order (no control flow: an `exit 1` inside an `if` counts) until one reads
//! `exit N`: a non-zero N fails the event with
//! `ScriptFailed` (exit code N). A script still running at its `timeout` (or when the
//! event's scripts reach 3600 seconds together) fails the event with `ScriptTimedOut`.
//! The messages are the CodeDeploy agent's ("Script at specified location: … failed with
//! exit code 1").
//!
//! # How the lifecycle and the traffic shift combine
//!
//! The lifecycle runs first up to AllowTraffic; the shift itself (canary, linear, all at
//! once) is `crate::deploy::simulate`'s job with a `SimConfig` whose `strategy` is
//! [`traffic_strategy`]'s and whose `deploy_at_s` is AllowTraffic's `start_s`. Here
//! AllowTraffic lasts as long as the shift's last step (`crate::deploy::traffic_steps`), so
//! the events after it start when the shift is over; a lab shows both timelines side by side.
//!
//! # Simplifications
//!
//! - EC2/On-Premises runs on one instance: its failure is the deployment's
//!   (`HEALTH_CONSTRAINTS`); the fleet's batches are the deploy engine's.
//! - CodeDeploy's own events take [`RESERVED_EVENT_S`] (Start and End none); statuses go
//!   Created → InProgress → Succeeded or Failed (no queueing, baking or manual reroute).
//! - Events with nothing to run succeed in 0 seconds; events after a failure are Skipped.
//! - `ScriptNotExecutable` and `UnknownError` for scripts are never produced; a failed or
//!   silent hook function's event carries `UnknownError` and a message of this engine's
//!   (CodeDeploy's own wording for it is not documented).
//! - A rollback redeploys the last good revision with the same lifecycle (EC2 blue/green:
//!   traffic allowed back to the original instances, blocked from the replacement ones),
//!   its hook functions' outcomes from the same request; on EC2/On-Premises its
//!   ApplicationStop and BlockTraffic hooks run the failed revision's scripts when that
//!   revision's Install succeeded (the agent records the last install as soon as Install
//!   succeeds, `update_last_successful_install` in `command_executor.rb`), the last good
//!   revision's otherwise; an ECS failure at BeforeInstall is
//!   not rolled back, as the replacement task set does not exist yet.
//! - The appspec's `permissions`, `files` and `file_exists_behavior` are validated and kept
//!   but do not change the run.
//!
//! # Sources
//!
//! Besides the user guide and API reference pages cited in each submodule, the
//! EC2/On-Premises rules follow the CodeDeploy agent's own parser and hook executor
//! (github.com/aws/aws-codedeploy-agent, `application_specification/*.rb` and
//! `hook_executor.rb`): the version compared with the number 0.0, a script's default
//! timeout of 3600 seconds and a timeout of 0 or less refused, a missing `location`,
//! `source` or `destination` refused, permissions refused on Windows, a mode of one to four
//! octal digits, `file`/`directory` types, unknown keys ignored (so `overwrite` in `files`
//! does nothing), and the script error messages quoted above.

mod appspec;
mod lifecycle;
mod rules;
mod run;

#[cfg(test)]
mod tests;

pub use crate::deploy::ComputePlatform;
pub use appspec::{
    validate, AppSpec, EcsService, FileExistsBehavior, FileMapping, LambdaFunction, Os, Permission,
    Report, Script, MAX_EVENT_S,
};
pub use lifecycle::{blue_green_rollback, lifecycle, DeploymentType, LifecycleEvent, Step, Target};
pub use rules::{Diagnostic, Rule, Severity};
pub use run::{
    run, traffic_strategy, Creator, DeploymentErrorCode, DeploymentRequest, DeploymentRun,
    DeploymentStatus, EventDiagnostics, EventRun, EventStatus, HookOutcome, LifecycleErrorCode,
    Revision, ScriptRun, HOOK_TIMEOUT_S, RESERVED_EVENT_S,
};
