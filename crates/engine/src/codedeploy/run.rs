//! A deployment's lifecycle run: each event's status, duration and error, the deployment's
//! status, and the automatic rollback.
//!
//! Sources:
//! - lifecycle event statuses (`LifecycleEvent.status`: Pending, InProgress, Succeeded,
//!   Failed, Skipped, Unknown) and script error codes (`Diagnostics.errorCode`: Success,
//!   ScriptMissing, ScriptNotExecutable, ScriptTimedOut, ScriptFailed, UnknownError):
//!   <https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_LifecycleEvent.html>,
//!   <https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_Diagnostics.html>;
//! - deployment statuses (`DeploymentInfo.status`: Created, Queued, InProgress, Baking,
//!   Succeeded, Failed, Stopped, Ready):
//!   <https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentInfo.html>;
//! - deployment error codes (`ErrorInformation.code`, e.g. HEALTH_CONSTRAINTS "The
//!   deployment failed on too many instances", HOOK_EXECUTION_FAILURE):
//!   <https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ErrorInformation.html>;
//! - rollback: "CodeDeploy rolls back deployments by redeploying a previously deployed
//!   revision of an application as a new deployment", with `DEPLOYMENT_FAILURE` in the
//!   deployment group's `autoRollbackConfiguration`:
//!   <https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-rollback-and-redeploy.html>;
//! - an ECS BeforeInstall hook runs before the replacement task set exists: "A rollback is
//!   not possible at this point" (hooks page);
//! - a Lambda validation function reports with `PutLifecycleEventHookExecutionStatus`
//!   (Succeeded or Failed); one that never reports fails its event after one hour
//!   (hooks page);
//! - `ignoreApplicationStopFailures` (CreateDeployment).

use std::collections::BTreeMap;

use super::appspec::{AppSpec, Script, MAX_EVENT_S};
use super::lifecycle::{
    blue_green_rollback, lifecycle, DeploymentType, LifecycleEvent, Step, Target,
};
use crate::deploy::{
    predefined, traffic_steps, AutoRollback, ComputePlatform, ConfigError, RollbackEvent, Strategy,
};

/// How long CodeDeploy waits for a hook function to report its result, in seconds.
pub const HOOK_TIMEOUT_S: u32 = 3_600;

/// Seconds CodeDeploy's own events take here (DownloadBundle, Install, BlockTraffic,
/// AllowTestTraffic, AllowTraffic without a traffic shift); Start and End take none.
pub const RESERVED_EVENT_S: u32 = 1;

/// A lifecycle event's status, as CodeDeploy names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Pending,
    InProgress,
    Succeeded,
    Failed,
    Skipped,
    Unknown,
}

impl EventStatus {
    /// The API and console name.
    pub fn name(self) -> &'static str {
        match self {
            EventStatus::Pending => "Pending",
            EventStatus::InProgress => "InProgress",
            EventStatus::Succeeded => "Succeeded",
            EventStatus::Failed => "Failed",
            EventStatus::Skipped => "Skipped",
            EventStatus::Unknown => "Unknown",
        }
    }
}

/// A lifecycle event's error code (`Diagnostics.errorCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleErrorCode {
    Success,
    ScriptMissing,
    ScriptNotExecutable,
    ScriptTimedOut,
    ScriptFailed,
    UnknownError,
}

impl LifecycleErrorCode {
    /// The API name.
    pub fn name(self) -> &'static str {
        match self {
            LifecycleErrorCode::Success => "Success",
            LifecycleErrorCode::ScriptMissing => "ScriptMissing",
            LifecycleErrorCode::ScriptNotExecutable => "ScriptNotExecutable",
            LifecycleErrorCode::ScriptTimedOut => "ScriptTimedOut",
            LifecycleErrorCode::ScriptFailed => "ScriptFailed",
            LifecycleErrorCode::UnknownError => "UnknownError",
        }
    }
}

/// A deployment's status, as CodeDeploy names it. `Queued`, `Baking`, `Stopped` and
/// `Ready` are listed for completeness: this run never queues, bakes, stops or waits for a
/// manual reroute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeploymentStatus {
    Created,
    Queued,
    InProgress,
    Baking,
    Succeeded,
    Failed,
    Stopped,
    Ready,
}

impl DeploymentStatus {
    /// The API and console name.
    pub fn name(self) -> &'static str {
        match self {
            DeploymentStatus::Created => "Created",
            DeploymentStatus::Queued => "Queued",
            DeploymentStatus::InProgress => "InProgress",
            DeploymentStatus::Baking => "Baking",
            DeploymentStatus::Succeeded => "Succeeded",
            DeploymentStatus::Failed => "Failed",
            DeploymentStatus::Stopped => "Stopped",
            DeploymentStatus::Ready => "Ready",
        }
    }
}

/// Why a deployment failed (`ErrorInformation.code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeploymentErrorCode {
    /// `HEALTH_CONSTRAINTS`: the deployment failed on the instance (this run has one).
    HealthConstraints,
    /// `HOOK_EXECUTION_FAILURE`: a validation function failed or never reported.
    HookExecutionFailure,
}

impl DeploymentErrorCode {
    /// The API name.
    pub fn name(self) -> &'static str {
        match self {
            DeploymentErrorCode::HealthConstraints => "HEALTH_CONSTRAINTS",
            DeploymentErrorCode::HookExecutionFailure => "HOOK_EXECUTION_FAILURE",
        }
    }
}

/// What a hook function (ECS, Lambda) reports, given by the lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookOutcome {
    /// It calls `PutLifecycleEventHookExecutionStatus` with Succeeded after this long.
    Succeeded { after_s: u32 },
    /// It reports Failed after this long.
    Failed { after_s: u32 },
    /// It never reports: the event fails after [`HOOK_TIMEOUT_S`].
    NoResponse,
}

/// An application revision: its appspec and its files (path from the revision's root →
/// text; the scripts the hooks name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// A label for the learner, such as `v2` or an S3 key.
    pub name: String,
    pub appspec: AppSpec,
    pub files: BTreeMap<String, String>,
}

/// Everything a deployment run needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentRequest {
    /// The deployment's id, such as `d-1`; a rollback gets the next number.
    pub id: u32,
    /// The revision deployed.
    pub revision: Revision,
    /// The last successful revision, if any (its ApplicationStop, BeforeBlockTraffic and
    /// AfterBlockTraffic scripts run; a rollback redeploys it, running those events' scripts
    /// from the failed revision when its Install succeeded, as the agent does).
    pub previous: Option<Revision>,
    pub deployment_type: DeploymentType,
    /// The hook functions' outcomes by the name or ARN the appspec gives; a function left
    /// out succeeds after one second.
    pub functions: BTreeMap<String, HookOutcome>,
    /// The deployment group's `autoRollbackConfiguration`.
    pub auto_rollback: AutoRollback,
    /// `ignoreApplicationStopFailures`.
    pub ignore_application_stop_failures: bool,
    /// The deployment configuration, such as `CodeDeployDefault.LambdaCanary10Percent5Minutes`:
    /// when it shifts traffic, AllowTraffic lasts as long as the shift.
    pub deployment_config: Option<String>,
}

/// One script's run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptRun {
    pub location: String,
    pub duration_s: u32,
    pub error_code: LifecycleErrorCode,
}

/// Why an event failed, as `Diagnostics` gives it (the message in CodeDeploy's English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDiagnostics {
    pub error_code: LifecycleErrorCode,
    /// The script (EC2) or function (ECS, Lambda).
    pub script_name: String,
    pub message: String,
}

/// One lifecycle event of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRun {
    pub event: LifecycleEvent,
    pub target: Target,
    pub status: EventStatus,
    /// Seconds after the deployment started.
    pub start_s: u32,
    pub duration_s: u32,
    /// Whether the scripts came from the previous successful revision.
    pub previous_revision: bool,
    pub scripts: Vec<ScriptRun>,
    pub diagnostics: Option<EventDiagnostics>,
}

/// Who created a deployment (`DeploymentInfo.creator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Creator {
    /// `user`.
    User,
    /// `codeDeployRollback`: the deployment group's automatic rollback.
    AutoRollback,
}

impl Creator {
    /// The API name: `user` or `codeDeployRollback` ("A rollback process created the
    /// deployment", `DeploymentInfo.creator`).
    pub fn name(self) -> &'static str {
        match self {
            Creator::User => "user",
            Creator::AutoRollback => "codeDeployRollback",
        }
    }
}

/// A deployment's run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentRun {
    /// `d-<id>`.
    pub id: String,
    pub revision: String,
    pub creator: Creator,
    pub status: DeploymentStatus,
    /// The statuses it went through, with the second each began.
    pub history: Vec<(u32, DeploymentStatus)>,
    pub events: Vec<EventRun>,
    pub error: Option<DeploymentErrorCode>,
    pub duration_s: u32,
    /// The deployment this one rolls back.
    pub rollback_of: Option<String>,
    /// The rollback deployment created for this one.
    pub rollback: Option<Box<DeploymentRun>>,
}

/// The deploy engine's strategy for a predefined deployment configuration (its traffic
/// shift for ECS, Lambda; its batches for EC2 in place): `crate::deploy::predefined`.
/// `simulate` runs the shift over time; here only its length matters (see the module doc).
pub fn traffic_strategy(config: &str) -> Result<Strategy, ConfigError> {
    predefined(config)
}

/// Seconds the traffic shift of a configuration takes (0 for all at once or in place).
fn shift_s(config: Option<&str>) -> u32 {
    match config.map(traffic_strategy) {
        Some(Ok(Strategy::BlueGreen { shift, .. })) => {
            traffic_steps(&shift).last().map_or(0, |s| s.at_s)
        }
        _ => 0,
    }
}

/// A revision path: `\` as `/`, without a leading `/` or `./`.
fn normalize(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.trim_start_matches("./");
    p.trim_start_matches('/').to_string()
}

/// Runs one script by the convention of the module doc: (seconds, error code, exit code).
fn run_script(
    files: &BTreeMap<String, String>,
    script: &Script,
    budget: u32,
) -> (u32, LifecycleErrorCode, i64) {
    let Some(text) = files.get(&normalize(&script.location)) else {
        return (0, LifecycleErrorCode::ScriptMissing, 0);
    };
    let limit = script.timeout_s.min(budget);
    let mut t: u64 = 1;
    let mut exit: i64 = 0;
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("sleep"), Some(n)) => {
                if let Ok(n) = n.parse::<u64>() {
                    t = t.saturating_add(n);
                }
            }
            (Some("exit"), code) => {
                exit = code.and_then(|c| c.parse::<i64>().ok()).unwrap_or(0);
                break;
            }
            _ => {}
        }
        if t > u64::from(limit) {
            break;
        }
    }
    if t > u64::from(limit) {
        return (limit, LifecycleErrorCode::ScriptTimedOut, 0);
    }
    let t = t as u32;
    if exit != 0 {
        (t, LifecycleErrorCode::ScriptFailed, exit)
    } else {
        (t, LifecycleErrorCode::Success, 0)
    }
}

/// The message CodeDeploy's agent gives for a script's error.
fn script_message(script: &Script, code: LifecycleErrorCode, exit: i64) -> String {
    let loc = &script.location;
    match code {
        LifecycleErrorCode::ScriptMissing => {
            format!("Script does not exist at specified location: {loc}")
        }
        LifecycleErrorCode::ScriptTimedOut => format!(
            "Script at specified location: {loc} failed to complete in {} seconds",
            script.timeout_s.min(MAX_EVENT_S)
        ),
        _ => match &script.runas {
            Some(user) => format!(
                "Script at specified location: {loc} run as user {user} failed with exit code {exit}"
            ),
            None => format!("Script at specified location: {loc} failed with exit code {exit}"),
        },
    }
}

/// Runs a deployment and, when it fails and the group rolls back on `DEPLOYMENT_FAILURE`
/// with a last good revision, its rollback.
pub fn run(req: &DeploymentRequest) -> DeploymentRun {
    let platform = req.revision.appspec.platform;
    let steps = lifecycle(platform, req.deployment_type);
    let mut d = run_steps(req, &steps, &req.revision, Creator::User, 0);
    let rollback_possible = !d.events.iter().any(|e| {
        e.status == EventStatus::Failed
            && platform == ComputePlatform::Ecs
            && e.event == LifecycleEvent::BeforeInstall
    });
    if d.status == DeploymentStatus::Failed
        && rollback_possible
        && req
            .auto_rollback
            .rolls_back_on(RollbackEvent::DeploymentFailure)
    {
        if let Some(good) = &req.previous {
            let steps = if platform == ComputePlatform::Server
                && req.deployment_type == DeploymentType::BlueGreen
            {
                blue_green_rollback()
            } else {
                lifecycle(platform, req.deployment_type)
            };
            // The agent runs ApplicationStop and the BlockTraffic hooks from the revision it
            // last installed (`<group>_last_successful_install`, written as soon as Install
            // succeeds): once the failed revision's Install ran, the rollback stops it with
            // its own scripts.
            let installed = platform == ComputePlatform::Server
                && d.events.iter().any(|e| {
                    e.event == LifecycleEvent::Install && e.status == EventStatus::Succeeded
                });
            let after_install;
            let source = if installed {
                after_install = DeploymentRequest {
                    previous: Some(req.revision.clone()),
                    ..req.clone()
                };
                &after_install
            } else {
                req
            };
            let mut r = run_steps(source, &steps, good, Creator::AutoRollback, d.duration_s);
            r.id = format!("d-{}", req.id.saturating_add(1));
            r.rollback_of = Some(d.id.clone());
            d.rollback = Some(Box::new(r));
        }
    }
    d
}

fn run_steps(
    req: &DeploymentRequest,
    steps: &[Step],
    revision: &Revision,
    creator: Creator,
    created_s: u32,
) -> DeploymentRun {
    let platform = revision.appspec.platform;
    let mut t = created_s;
    let mut events = Vec::new();
    let mut failed: Option<DeploymentErrorCode> = None;
    let shift = shift_s(req.deployment_config.as_deref());
    for step in steps {
        if failed.is_some() {
            events.push(EventRun {
                event: step.event,
                target: step.target,
                status: EventStatus::Skipped,
                start_s: t,
                duration_s: 0,
                previous_revision: step.previous_revision,
                scripts: Vec::new(),
                diagnostics: None,
            });
            continue;
        }
        let start = t;
        let mut run = EventRun {
            event: step.event,
            target: step.target,
            status: EventStatus::Succeeded,
            start_s: start,
            duration_s: 0,
            previous_revision: step.previous_revision,
            scripts: Vec::new(),
            diagnostics: None,
        };
        if !step.hookable {
            run.duration_s = match step.event {
                LifecycleEvent::Start | LifecycleEvent::End => 0,
                LifecycleEvent::AllowTraffic if shift > 0 => shift,
                _ => RESERVED_EVENT_S,
            };
        } else if platform == ComputePlatform::Server {
            // The previous successful revision's scripts for ApplicationStop and the
            // BlockTraffic hooks; none on a first deployment.
            let source = if step.previous_revision {
                req.previous.as_ref()
            } else {
                Some(revision)
            };
            if let Some(source) = source {
                let scripts = source
                    .appspec
                    .scripts
                    .get(&step.event)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let mut used = 0u32;
                for script in scripts {
                    let (secs, code, exit) = run_script(&source.files, script, MAX_EVENT_S - used);
                    used = used.saturating_add(secs).min(MAX_EVENT_S);
                    run.scripts.push(ScriptRun {
                        location: script.location.clone(),
                        duration_s: secs,
                        error_code: code,
                    });
                    if code != LifecycleErrorCode::Success {
                        run.status = EventStatus::Failed;
                        run.diagnostics = Some(EventDiagnostics {
                            error_code: code,
                            script_name: script.location.clone(),
                            message: script_message(script, code, exit),
                        });
                        break;
                    }
                }
                run.duration_s = used;
            }
        } else if let Some(function) = revision.appspec.functions.get(&step.event) {
            let outcome = req
                .functions
                .get(function)
                .copied()
                .unwrap_or(HookOutcome::Succeeded { after_s: 1 });
            let (secs, ok) = match outcome {
                HookOutcome::Succeeded { after_s } => (after_s.min(HOOK_TIMEOUT_S), true),
                HookOutcome::Failed { after_s } => (after_s.min(HOOK_TIMEOUT_S), false),
                HookOutcome::NoResponse => (HOOK_TIMEOUT_S, false),
            };
            run.duration_s = secs;
            if !ok {
                run.status = EventStatus::Failed;
                run.diagnostics = Some(EventDiagnostics {
                    error_code: LifecycleErrorCode::UnknownError,
                    script_name: function.clone(),
                    message: match outcome {
                        HookOutcome::NoResponse => format!(
                            "The lifecycle event hook {function} did not report a status within {HOOK_TIMEOUT_S} seconds"
                        ),
                        _ => format!("The lifecycle event hook {function} reported Failed"),
                    },
                });
            }
        }
        t = t.saturating_add(run.duration_s);
        if run.status == EventStatus::Failed {
            let ignored = req.ignore_application_stop_failures
                && platform == ComputePlatform::Server
                && step.event.runs_previous_revision();
            if !ignored {
                failed = Some(if platform == ComputePlatform::Server {
                    DeploymentErrorCode::HealthConstraints
                } else {
                    DeploymentErrorCode::HookExecutionFailure
                });
            }
        }
        events.push(run);
    }
    let status = if failed.is_some() {
        DeploymentStatus::Failed
    } else {
        DeploymentStatus::Succeeded
    };
    DeploymentRun {
        id: format!("d-{}", req.id),
        revision: revision.name.clone(),
        creator,
        status,
        history: vec![
            (created_s, DeploymentStatus::Created),
            (created_s, DeploymentStatus::InProgress),
            (t, status),
        ],
        events,
        error: failed,
        duration_s: t - created_s,
        rollback_of: None,
        rollback: None,
    }
}
