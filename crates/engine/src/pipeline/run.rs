//! Pipeline executions, simulated on simulated seconds.
//!
//! Facts followed (CodePipeline User Guide and API Reference):
//! - Actions of a stage with the same `runOrder` run in parallel, lower run orders first
//!   (https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html).
//! - A failed action fails its stage and the execution (Failed); later stages do not run
//!   (https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts-how-it-works.html).
//! - A manual approval waits for a person; rejecting fails it; with no answer it fails after
//!   7 days, or after the action's `timeoutInMinutes`
//!   (https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html,
//!   https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html).
//! - SUPERSEDED (the default): only one execution runs in a stage at a time; an execution
//!   waiting to enter a stage is superseded by a newer one that reaches the same point.
//!   QUEUED: executions wait their turn in order. PARALLEL: executions are independent
//!   (https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts-how-it-works.html).
//! - A disabled (inbound) transition holds executions before its stage; enabling it lets the
//!   latest revision through
//!   (https://docs.aws.amazon.com/codepipeline/latest/userguide/transitions.html).
//! - Retrying a failed stage re-runs its failed actions (FAILED_ACTIONS) or all of them from the
//!   first (ALL_ACTIONS) in the same execution, so with the same source revision
//!   (https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-retry.html).
//! - Stopping an execution either lets in-progress actions finish (Stopping, then Stopped) or
//!   abandons them (Abandoned)
//!   (https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts-how-it-works.html).
//! - Statuses are the API's: PipelineExecution.status
//!   (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineExecution.html),
//!   StageExecution.status and ActionExecution.status.
//! - Triggers: push filters on branches, file paths and tags, pull-request filters on events,
//!   branches and file paths, glob patterns, excludes winning over includes
//!   (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html).
//!
//! Simplifications: a stage fails once the run-order group holding the failed action has
//! no action in progress; every stage (the source stage too) takes one execution at a time
//! outside PARALLEL mode; polling and the 30-day limit of disabled transitions are not
//! modelled; rollback (onFailure ROLLBACK) and stage conditions are not run.

use std::collections::BTreeMap;

use super::model::*;

const SEVEN_DAYS: i64 = 7 * 24 * 3600;

/// A pipeline execution's status (PipelineExecutionStatus).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExecutionStatus {
    InProgress,
    Stopping,
    Stopped,
    Succeeded,
    Superseded,
    Failed,
}

impl ExecutionStatus {
    /// The API's name.
    pub fn name(self) -> &'static str {
        match self {
            ExecutionStatus::InProgress => "InProgress",
            ExecutionStatus::Stopping => "Stopping",
            ExecutionStatus::Stopped => "Stopped",
            ExecutionStatus::Succeeded => "Succeeded",
            ExecutionStatus::Superseded => "Superseded",
            ExecutionStatus::Failed => "Failed",
        }
    }

    fn done(self) -> bool {
        !matches!(
            self,
            ExecutionStatus::InProgress | ExecutionStatus::Stopping
        )
    }
}

/// A stage's status in one execution (StageExecutionStatus).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageStatus {
    InProgress,
    Stopping,
    Stopped,
    Succeeded,
    Failed,
}

impl StageStatus {
    /// The API's name.
    pub fn name(self) -> &'static str {
        match self {
            StageStatus::InProgress => "InProgress",
            StageStatus::Stopping => "Stopping",
            StageStatus::Stopped => "Stopped",
            StageStatus::Succeeded => "Succeeded",
            StageStatus::Failed => "Failed",
        }
    }
}

/// An action's status in one execution (ActionExecutionStatus).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionStatus {
    InProgress,
    Abandoned,
    Succeeded,
    Failed,
}

impl ActionStatus {
    /// The API's name.
    pub fn name(self) -> &'static str {
        match self {
            ActionStatus::InProgress => "InProgress",
            ActionStatus::Abandoned => "Abandoned",
            ActionStatus::Succeeded => "Succeeded",
            ActionStatus::Failed => "Failed",
        }
    }
}

/// How an execution started (ExecutionTrigger.triggerType).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TriggerType {
    /// Started by hand (StartPipelineExecution).
    StartPipelineExecution,
    /// A change detected by an EventBridge rule (CodeCommit, S3, ECR sources).
    CloudWatchEvent,
    /// A change through a connection (CodeStarSourceConnection).
    Webhook,
    /// A change matched by a V2 trigger's filters.
    WebhookV2,
}

impl TriggerType {
    /// The API's name.
    pub fn name(&self) -> &'static str {
        match self {
            TriggerType::StartPipelineExecution => "StartPipelineExecution",
            TriggerType::CloudWatchEvent => "CloudWatchEvent",
            TriggerType::Webhook => "Webhook",
            TriggerType::WebhookV2 => "WebhookV2",
        }
    }
}

/// A source revision an execution carries (ArtifactRevision, simplified).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// The source action.
    pub action: String,
    /// The commit id (or object version, image digest).
    pub id: String,
    pub branch: Option<String>,
    pub summary: Option<String>,
}

/// A change pushed to a source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Push {
    /// The source action it reaches (the first source action when empty).
    pub source_action: String,
    pub commit: String,
    pub branch: String,
    /// Git tags pushed with it.
    pub tags: Vec<String>,
    /// Paths changed by the push.
    pub files: Vec<String>,
    pub message: String,
}

/// What a script makes happen.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A source change; starts an execution when the pipeline's triggers take it.
    Push(Push),
    /// A pull request event (`OPEN`, `UPDATED`, `CLOSED`) into `branch`.
    PullRequest {
        source_action: String,
        event: String,
        commit: String,
        branch: String,
        files: Vec<String>,
    },
    /// StartPipelineExecution (a "Release change"): the latest revision, with variables.
    Start {
        revision: String,
        variables: BTreeMap<String, String>,
    },
    /// PutApprovalResult: Approved.
    Approve {
        execution: String,
        stage: String,
        action: String,
        comment: String,
    },
    /// PutApprovalResult: Rejected.
    Reject {
        execution: String,
        stage: String,
        action: String,
        comment: String,
    },
    /// RetryStageExecution: FAILED_ACTIONS (`all` false) or ALL_ACTIONS.
    Retry {
        execution: String,
        stage: String,
        all: bool,
    },
    /// DisableStageTransition (inbound).
    DisableTransition { stage: String, reason: String },
    /// EnableStageTransition (inbound).
    EnableTransition { stage: String },
    /// StopPipelineExecution: `abandon` true abandons in-progress actions.
    Stop {
        execution: String,
        abandon: bool,
        reason: String,
    },
}

/// Why an event was refused (the API would answer with an error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No stage of that name.
    NoStage(String),
    /// No execution of that id.
    NoExecution(String),
    /// No approval of that name waiting in that execution and stage.
    NoApproval(String),
    /// The stage of that execution has not failed, or the execution has moved on.
    NotRetryable(String),
    /// The execution has already finished.
    NotRunning(String),
    /// The push matched no trigger or branch: no execution starts (not an error in AWS).
    Filtered(String),
}

/// What the caller's runner is told when an action runs.
#[derive(Clone, Debug)]
pub struct ActionContext<'a> {
    pub execution: &'a str,
    pub stage: &'a str,
    pub action: &'a Action,
    /// 1, then 2… on retries.
    pub attempt: u32,
    pub now: i64,
    /// The execution's source revisions.
    pub revisions: &'a [Revision],
    /// The input artifacts' contents, by name.
    pub inputs: BTreeMap<String, String>,
    /// The configuration with `#{…}` variables resolved.
    pub configuration: BTreeMap<String, String>,
}

/// An action's outcome, from the runner.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionRun {
    pub succeeded: bool,
    /// Seconds it takes.
    pub duration: i64,
    /// Output artifacts' contents, by name (missing ones get a default content).
    pub outputs: BTreeMap<String, String>,
    /// Output variables (under the action's namespace).
    pub variables: BTreeMap<String, String>,
    pub summary: String,
    pub external_url: Option<String>,
}

impl ActionRun {
    /// Succeeded after `duration` seconds.
    pub fn ok(duration: i64) -> ActionRun {
        ActionRun {
            succeeded: true,
            duration,
            outputs: BTreeMap::new(),
            variables: BTreeMap::new(),
            summary: String::new(),
            external_url: None,
        }
    }

    /// Failed after `duration` seconds, with a summary.
    pub fn failed(duration: i64, summary: &str) -> ActionRun {
        ActionRun {
            succeeded: false,
            summary: summary.into(),
            ..ActionRun::ok(duration)
        }
    }
}

/// Runs actions: the lab plugs its CodeBuild and CodeDeploy engines in here.
pub trait Runner {
    fn run(&mut self, ctx: &ActionContext) -> ActionRun;
}

/// A runner from a table: for each `Stage/Action`, the outcomes of its successive runs; an
/// action with none left succeeds after `default_duration` seconds.
#[derive(Clone, Debug, Default)]
pub struct TableRunner {
    pub default_duration: i64,
    outcomes: BTreeMap<String, Vec<ActionRun>>,
    /// Outcomes by commit: `Stage/Action@commit`.
    by_commit: BTreeMap<String, ActionRun>,
}

impl TableRunner {
    /// Every action succeeds after `default_duration` seconds unless told otherwise.
    pub fn new(default_duration: i64) -> TableRunner {
        TableRunner {
            default_duration,
            ..TableRunner::default()
        }
    }

    /// The next run of `stage/action` ends with `run`.
    pub fn then(mut self, stage: &str, action: &str, run: ActionRun) -> TableRunner {
        self.outcomes
            .entry(format!("{stage}/{action}"))
            .or_default()
            .push(run);
        self
    }

    /// Every run of `stage/action` on `commit` ends with `run`.
    pub fn on_commit(
        mut self,
        stage: &str,
        action: &str,
        commit: &str,
        run: ActionRun,
    ) -> TableRunner {
        self.by_commit
            .insert(format!("{stage}/{action}@{commit}"), run);
        self
    }
}

impl Runner for TableRunner {
    fn run(&mut self, ctx: &ActionContext) -> ActionRun {
        let key = format!("{}/{}", ctx.stage, ctx.action.name);
        for r in ctx.revisions {
            if let Some(run) = self.by_commit.get(&format!("{key}@{}", r.id)) {
                return run.clone();
            }
        }
        match self.outcomes.get_mut(&key) {
            Some(list) if !list.is_empty() => list.remove(0),
            _ => ActionRun::ok(self.default_duration),
        }
    }
}

/// One action of one execution, as the history shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionRecord {
    pub name: String,
    pub status: Option<ActionStatus>,
    pub started: Option<i64>,
    pub ended: Option<i64>,
    pub attempt: u32,
    pub summary: String,
    pub external_url: Option<String>,
    pub variables: BTreeMap<String, String>,
}

/// One stage of one execution.
#[derive(Clone, Debug, PartialEq)]
pub struct StageRecord {
    pub name: String,
    pub status: Option<StageStatus>,
    pub started: Option<i64>,
    pub ended: Option<i64>,
    pub actions: Vec<ActionRecord>,
}

/// One execution.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecutionRecord {
    /// `1`, `2`… in the order executions started.
    pub id: String,
    pub status: ExecutionStatus,
    pub trigger: TriggerType,
    pub trigger_detail: String,
    pub revisions: Vec<Revision>,
    pub started: i64,
    pub ended: Option<i64>,
    pub stages: Vec<StageRecord>,
    /// The stage it waits to enter, if it waits.
    pub waiting_for: Option<String>,
    /// Why it stopped, failed or was superseded (a stage name, a reason…).
    pub summary: String,
}

/// A transition into a stage.
#[derive(Clone, Debug, PartialEq)]
pub struct TransitionState {
    pub stage: String,
    pub enabled: bool,
    pub reason: String,
}

/// The pipeline at one moment: what the stage diagram draws.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineState {
    pub time: i64,
    pub executions: Vec<ExecutionRecord>,
    pub transitions: Vec<TransitionState>,
}

impl PipelineState {
    /// For each stage, the latest execution that entered it and its status there (what the
    /// console's pipeline view shows).
    pub fn stages(&self) -> Vec<(String, Option<(String, StageStatus)>)> {
        let n = self.transitions.len();
        (0..n)
            .map(|i| {
                let latest = self
                    .executions
                    .iter()
                    .filter_map(|e| {
                        let s = e.stages.get(i)?;
                        Some((s.started?, e.id.clone(), s.status?))
                    })
                    .max_by_key(|(t, id, _)| (*t, id.parse::<u64>().unwrap_or(0)));
                (
                    self.transitions[i].stage.clone(),
                    latest.map(|(_, id, st)| (id, st)),
                )
            })
            .collect()
    }

    /// The execution of this id.
    pub fn execution(&self, id: &str) -> Option<&ExecutionRecord> {
        self.executions.iter().find(|e| e.id == id)
    }
}

/// Private state of an execution.
#[derive(Clone, Debug, Default)]
struct Inner {
    /// The stage it runs (or waits to enter).
    stage: usize,
    /// Whether it is inside `stage` (holding it) rather than waiting.
    inside: bool,
    /// Running actions: (action index, ends at, outcome).
    running: Vec<(usize, i64, ActionRun)>,
    /// The actions of `stage` this pass runs (all, or the failed ones on retry).
    todo: Vec<usize>,
    artifacts: BTreeMap<String, String>,
    variables: BTreeMap<String, String>,
    stop_when_idle: bool,
}

/// A running simulation.
pub struct Simulation {
    pipeline: Pipeline,
    now: i64,
    records: Vec<ExecutionRecord>,
    inner: Vec<Inner>,
    transitions: Vec<TransitionState>,
    snapshots: Vec<PipelineState>,
}

impl Simulation {
    /// A pipeline with no execution yet, at time 0.
    pub fn new(pipeline: Pipeline) -> Simulation {
        let transitions = pipeline
            .stages
            .iter()
            .map(|s| TransitionState {
                stage: s.name.clone(),
                enabled: true,
                reason: String::new(),
            })
            .collect();
        let mut sim = Simulation {
            pipeline,
            now: 0,
            records: Vec::new(),
            inner: Vec::new(),
            transitions,
            snapshots: Vec::new(),
        };
        sim.snapshot();
        sim
    }

    /// The current simulated time.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// The pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Every execution so far, oldest first.
    pub fn history(&self) -> &[ExecutionRecord] {
        &self.records
    }

    /// The state now.
    pub fn state(&self) -> PipelineState {
        PipelineState {
            time: self.now,
            executions: self.records.clone(),
            transitions: self.transitions.clone(),
        }
    }

    /// The state at time `t` (as it was after everything that happened at `t`).
    pub fn state_at(&self, t: i64) -> PipelineState {
        let mut s = self
            .snapshots
            .iter()
            .rev()
            .find(|s| s.time <= t)
            .cloned()
            .unwrap_or_else(|| self.snapshots[0].clone());
        s.time = t;
        s
    }

    fn snapshot(&mut self) {
        let st = self.state();
        match self.snapshots.last_mut() {
            Some(last) if last.time == st.time => *last = st,
            _ => self.snapshots.push(st),
        }
    }

    /// Lets time pass until `t`, running what finishes on the way.
    pub fn advance_to(&mut self, t: i64, runner: &mut dyn Runner) {
        loop {
            self.progress(runner);
            let next = self
                .inner
                .iter()
                .flat_map(|i| i.running.iter().map(|r| r.1))
                .filter(|&e| e <= t)
                .min();
            let Some(next) = next else { break };
            self.now = self.now.max(next);
            self.finish_due(runner);
            self.snapshot();
        }
        self.now = self.now.max(t);
        self.snapshot();
    }

    /// Applies an event now (then runs what it makes happen at once).
    pub fn apply(&mut self, event: &Event, runner: &mut dyn Runner) -> Result<String, Refusal> {
        let out = self.apply_inner(event);
        self.advance_to(self.now, runner);
        out
    }

    fn stage_index(&self, name: &str) -> Result<usize, Refusal> {
        self.pipeline
            .stages
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| Refusal::NoStage(name.into()))
    }

    fn exec_index(&self, id: &str) -> Result<usize, Refusal> {
        self.records
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| Refusal::NoExecution(id.into()))
    }

    fn apply_inner(&mut self, event: &Event) -> Result<String, Refusal> {
        match event {
            Event::Push(push) => {
                let source = self.source_action(&push.source_action)?;
                let detail = trigger_for_push(&self.pipeline, &source, push)?;
                let revision = Revision {
                    action: source.name.clone(),
                    id: push.commit.clone(),
                    branch: Some(push.branch.clone()),
                    summary: Some(push.message.clone()),
                };
                Ok(self.start(detail.0, detail.1, vec![revision], BTreeMap::new()))
            }
            Event::PullRequest {
                source_action,
                event,
                commit,
                branch,
                files,
            } => {
                let source = self.source_action(source_action)?;
                let matched = self
                    .pipeline
                    .triggers
                    .iter()
                    .filter(|t| t.source_action == source.name)
                    .flat_map(|t| t.pull_request.iter())
                    .any(|f| {
                        (f.events.is_empty() || f.events.contains(event))
                            && f.branches
                                .as_ref()
                                .is_none_or(|b| filter_matches(b, std::slice::from_ref(branch)))
                            && f.file_paths
                                .as_ref()
                                .is_none_or(|p| filter_matches(p, files))
                    });
                if !matched || self.pipeline.pipeline_type != PipelineType::V2 {
                    return Err(Refusal::Filtered(format!("{event} {branch}")));
                }
                let revision = Revision {
                    action: source.name.clone(),
                    id: commit.clone(),
                    branch: Some(branch.clone()),
                    summary: None,
                };
                Ok(self.start(
                    TriggerType::WebhookV2,
                    format!("pullRequest {event}"),
                    vec![revision],
                    BTreeMap::new(),
                ))
            }
            Event::Start {
                revision,
                variables,
            } => {
                let revisions = self.pipeline.stages.first().map_or(Vec::new(), |s| {
                    s.actions
                        .iter()
                        .filter(|a| a.category == Category::Source)
                        .map(|a| Revision {
                            action: a.name.clone(),
                            id: revision.clone(),
                            branch: a.configuration.get("BranchName").cloned(),
                            summary: None,
                        })
                        .collect()
                });
                Ok(self.start(
                    TriggerType::StartPipelineExecution,
                    String::new(),
                    revisions,
                    variables.clone(),
                ))
            }
            Event::Approve {
                execution,
                stage,
                action,
                comment,
            }
            | Event::Reject {
                execution,
                stage,
                action,
                comment,
            } => {
                let approve = matches!(event, Event::Approve { .. });
                let e = self.exec_index(execution)?;
                let s = self.stage_index(stage)?;
                let inner = &mut self.inner[e];
                let a = self.pipeline.stages[s]
                    .actions
                    .iter()
                    .position(|x| x.name == *action && x.is_manual_approval())
                    .ok_or_else(|| Refusal::NoApproval(action.clone()))?;
                let slot = inner
                    .running
                    .iter_mut()
                    .find(|r| r.0 == a && inner.stage == s && inner.inside)
                    .ok_or_else(|| Refusal::NoApproval(action.clone()))?;
                slot.1 = self.now;
                slot.2 = if approve {
                    ActionRun {
                        summary: comment.clone(),
                        ..ActionRun::ok(0)
                    }
                } else {
                    ActionRun::failed(0, comment)
                };
                Ok(execution.clone())
            }
            Event::Retry {
                execution,
                stage,
                all,
            } => {
                let e = self.exec_index(execution)?;
                let s = self.stage_index(stage)?;
                let rec = &self.records[e];
                let failed_here = rec.status == ExecutionStatus::Failed
                    && rec.stages[s].status == Some(StageStatus::Failed)
                    && self.inner[e].stage == s;
                // A newer execution that entered the stage since makes the retry moot.
                let overtaken = self.records.iter().any(|o| {
                    o.started > rec.started
                        && o.stages[s]
                            .started
                            .is_some_and(|t| Some(t) >= rec.stages[s].ended)
                });
                if !failed_here || overtaken {
                    return Err(Refusal::NotRetryable(stage.clone()));
                }
                let actions = &self.pipeline.stages[s].actions;
                let todo: Vec<usize> = (0..actions.len())
                    .filter(|&i| {
                        *all || rec.stages[s].actions[i].status != Some(ActionStatus::Succeeded)
                    })
                    .collect();
                let rec = &mut self.records[e];
                rec.status = ExecutionStatus::InProgress;
                rec.ended = None;
                rec.summary.clear();
                let inner = &mut self.inner[e];
                inner.todo = todo;
                inner.inside = false;
                rec.waiting_for = Some(stage.clone());
                Ok(execution.clone())
            }
            Event::DisableTransition { stage, reason } => {
                let s = self.stage_index(stage)?;
                self.transitions[s].enabled = false;
                self.transitions[s].reason = reason.clone();
                Ok(stage.clone())
            }
            Event::EnableTransition { stage } => {
                let s = self.stage_index(stage)?;
                self.transitions[s].enabled = true;
                self.transitions[s].reason.clear();
                Ok(stage.clone())
            }
            Event::Stop {
                execution,
                abandon,
                reason,
            } => {
                let e = self.exec_index(execution)?;
                if self.records[e].status.done() {
                    return Err(Refusal::NotRunning(execution.clone()));
                }
                let now = self.now;
                let inner = &mut self.inner[e];
                let rec = &mut self.records[e];
                rec.summary = reason.clone();
                rec.waiting_for = None;
                if !inner.inside || inner.running.is_empty() || *abandon {
                    for (a, _, _) in inner.running.drain(..) {
                        let ar = &mut rec.stages[inner.stage].actions[a];
                        ar.status = Some(ActionStatus::Abandoned);
                        ar.ended = Some(now);
                    }
                    if inner.inside {
                        rec.stages[inner.stage].status = Some(StageStatus::Stopped);
                        rec.stages[inner.stage].ended = Some(now);
                    }
                    inner.inside = false;
                    rec.status = ExecutionStatus::Stopped;
                    rec.ended = Some(now);
                } else {
                    inner.stop_when_idle = true;
                    rec.status = ExecutionStatus::Stopping;
                    rec.stages[inner.stage].status = Some(StageStatus::Stopping);
                }
                Ok(execution.clone())
            }
        }
    }

    fn source_action(&self, name: &str) -> Result<Action, Refusal> {
        let first = self
            .pipeline
            .stages
            .first()
            .ok_or_else(|| Refusal::NoStage(String::new()))?;
        first
            .actions
            .iter()
            .find(|a| a.category == Category::Source && (name.is_empty() || a.name == name))
            .cloned()
            .ok_or_else(|| Refusal::NoApproval(name.into()))
    }

    fn start(
        &mut self,
        trigger: TriggerType,
        detail: String,
        revisions: Vec<Revision>,
        overrides: BTreeMap<String, String>,
    ) -> String {
        let id = (self.records.len() + 1).to_string();
        let stages = self
            .pipeline
            .stages
            .iter()
            .map(|s| StageRecord {
                name: s.name.clone(),
                status: None,
                started: None,
                ended: None,
                actions: s
                    .actions
                    .iter()
                    .map(|a| ActionRecord {
                        name: a.name.clone(),
                        status: None,
                        started: None,
                        ended: None,
                        attempt: 0,
                        summary: String::new(),
                        external_url: None,
                        variables: BTreeMap::new(),
                    })
                    .collect(),
            })
            .collect();
        let mut variables: BTreeMap<String, String> = BTreeMap::new();
        for v in &self.pipeline.variables {
            if let Some(d) = &v.default_value {
                variables.insert(format!("variables.{}", v.name), d.clone());
            }
        }
        for (k, v) in overrides {
            variables.insert(format!("variables.{k}"), v);
        }
        variables.insert("codepipeline.PipelineExecutionId".into(), id.clone());
        self.records.push(ExecutionRecord {
            id: id.clone(),
            status: ExecutionStatus::InProgress,
            trigger,
            trigger_detail: detail,
            revisions,
            started: self.now,
            ended: None,
            stages,
            waiting_for: self.pipeline.stages.first().map(|s| s.name.clone()),
            summary: String::new(),
        });
        let todo = self
            .pipeline
            .stages
            .first()
            .map_or(Vec::new(), |s| (0..s.actions.len()).collect());
        self.inner.push(Inner {
            stage: 0,
            inside: false,
            todo,
            variables,
            ..Inner::default()
        });
        self.supersede_waiting();
        id
    }

    /// SUPERSEDED: of the executions waiting for one stage, only the newest keeps waiting.
    fn supersede_waiting(&mut self) {
        if self.pipeline.execution_mode != ExecutionMode::Superseded {
            return;
        }
        let n = self.records.len();
        for e in 0..n {
            if self.records[e].status != ExecutionStatus::InProgress || self.inner[e].inside {
                continue;
            }
            let s = self.inner[e].stage;
            let newer_waits = (e + 1..n).any(|o| {
                self.records[o].status == ExecutionStatus::InProgress
                    && !self.inner[o].inside
                    && self.inner[o].stage == s
            });
            if newer_waits {
                let rec = &mut self.records[e];
                rec.status = ExecutionStatus::Superseded;
                rec.ended = Some(self.now);
                rec.waiting_for = None;
                rec.summary = self.pipeline.stages[s].name.clone();
            }
        }
    }

    fn stage_busy(&self, s: usize, except: usize) -> bool {
        self.pipeline.execution_mode != ExecutionMode::Parallel
            && (0..self.records.len()).any(|o| {
                o != except
                    && !self.records[o].status.done()
                    && self.inner[o].inside
                    && self.inner[o].stage == s
            })
    }

    /// Lets waiting executions into free stages and starts the next run-order groups.
    fn progress(&mut self, runner: &mut dyn Runner) {
        loop {
            let mut changed = false;
            self.supersede_waiting();
            for e in 0..self.records.len() {
                if self.records[e].status == ExecutionStatus::Stopping
                    && self.inner[e].running.is_empty()
                {
                    let s = self.inner[e].stage;
                    self.end_stage(e, s, false);
                    changed = true;
                }
                if self.records[e].status != ExecutionStatus::InProgress {
                    continue;
                }
                if !self.inner[e].inside {
                    let s = self.inner[e].stage;
                    if s >= self.transitions.len() {
                        // A pipeline without stages has nothing to run.
                        let rec = &mut self.records[e];
                        rec.status = ExecutionStatus::Succeeded;
                        rec.ended = Some(self.now);
                        rec.waiting_for = None;
                        continue;
                    }
                    if !self.transitions[s].enabled || self.stage_busy(s, e) {
                        continue;
                    }
                    // QUEUED: an older execution waiting for the same stage goes first.
                    let older_waits = (0..e).any(|o| {
                        self.records[o].status == ExecutionStatus::InProgress
                            && !self.inner[o].inside
                            && self.inner[o].stage == s
                    });
                    if older_waits {
                        continue;
                    }
                    self.enter(e, s);
                    changed = true;
                }
                if self.inner[e].inside
                    && self.inner[e].running.is_empty()
                    && self.records[e].status == ExecutionStatus::InProgress
                {
                    changed |= self.next_group(e, runner);
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn enter(&mut self, e: usize, s: usize) {
        let now = self.now;
        let inner = &mut self.inner[e];
        inner.inside = true;
        let rec = &mut self.records[e];
        rec.waiting_for = None;
        let st = &mut rec.stages[s];
        st.status = Some(StageStatus::InProgress);
        st.started = Some(now);
        st.ended = None;
        for &a in &inner.todo {
            let ar = &mut st.actions[a];
            ar.status = None;
            ar.started = None;
            ar.ended = None;
            ar.summary.clear();
        }
    }

    /// Starts the next run-order group of the execution's stage, or ends the stage. Returns
    /// whether anything changed.
    fn next_group(&mut self, e: usize, runner: &mut dyn Runner) -> bool {
        let s = self.inner[e].stage;
        let stage = self.pipeline.stages[s].clone();
        let now = self.now;
        let failed = self.records[e].stages[s]
            .actions
            .iter()
            .any(|a| a.status == Some(ActionStatus::Failed));
        let pending: Vec<usize> = self.inner[e]
            .todo
            .iter()
            .copied()
            .filter(|&a| self.records[e].stages[s].actions[a].status.is_none())
            .collect();
        if failed || pending.is_empty() {
            self.end_stage(e, s, failed);
            return true;
        }
        let order = pending
            .iter()
            .map(|&a| stage.actions[a].run_order)
            .min()
            .unwrap_or(1);
        for a in pending
            .into_iter()
            .filter(|&a| stage.actions[a].run_order == order)
        {
            let action = &stage.actions[a];
            let attempt = self.records[e].stages[s].actions[a].attempt + 1;
            let (ends, run) = if action.is_manual_approval() {
                let timeout = action
                    .timeout_minutes
                    .map_or(SEVEN_DAYS, |m| i64::from(m) * 60);
                (now.saturating_add(timeout), ActionRun::failed(0, "timeout"))
            } else {
                let inner = &self.inner[e];
                let inputs = action
                    .input_artifacts
                    .iter()
                    .map(|n| {
                        (
                            n.clone(),
                            inner.artifacts.get(n).cloned().unwrap_or_default(),
                        )
                    })
                    .collect();
                let configuration = action
                    .configuration
                    .iter()
                    .map(|(k, v)| (k.clone(), resolve(v, &inner.variables)))
                    .collect();
                let ctx = ActionContext {
                    execution: &self.records[e].id,
                    stage: &stage.name,
                    action,
                    attempt,
                    now,
                    revisions: &self.records[e].revisions,
                    inputs,
                    configuration,
                };
                let run = runner.run(&ctx);
                (now.saturating_add(run.duration.max(0)), run)
            };
            let ar = &mut self.records[e].stages[s].actions[a];
            ar.status = Some(ActionStatus::InProgress);
            ar.started = Some(now);
            ar.attempt = attempt;
            self.inner[e].running.push((a, ends, run));
        }
        true
    }

    fn end_stage(&mut self, e: usize, s: usize, failed: bool) {
        let now = self.now;
        let inner = &mut self.inner[e];
        let rec = &mut self.records[e];
        let st = &mut rec.stages[s];
        st.ended = Some(now);
        inner.inside = false;
        if inner.stop_when_idle {
            st.status = Some(StageStatus::Stopped);
            rec.status = ExecutionStatus::Stopped;
            rec.ended = Some(now);
            return;
        }
        if failed {
            st.status = Some(StageStatus::Failed);
            rec.status = ExecutionStatus::Failed;
            rec.ended = Some(now);
            rec.summary = st.name.clone();
            return;
        }
        st.status = Some(StageStatus::Succeeded);
        if s + 1 == self.pipeline.stages.len() {
            rec.status = ExecutionStatus::Succeeded;
            rec.ended = Some(now);
        } else {
            inner.stage = s + 1;
            inner.todo = (0..self.pipeline.stages[s + 1].actions.len()).collect();
            rec.waiting_for = Some(self.pipeline.stages[s + 1].name.clone());
        }
    }

    /// Ends the actions due now, in execution and action order.
    fn finish_due(&mut self, runner: &mut dyn Runner) {
        let now = self.now;
        for e in 0..self.records.len() {
            let s = self.inner[e].stage;
            let mut due: Vec<(usize, i64, ActionRun)> = Vec::new();
            self.inner[e].running.retain(|r| {
                if r.1 <= now {
                    due.push(r.clone());
                    false
                } else {
                    true
                }
            });
            due.sort_by_key(|r| r.0);
            for (a, _, run) in due {
                let action = self.pipeline.stages[s].actions[a].clone();
                let inner = &mut self.inner[e];
                if run.succeeded {
                    for (k, out) in action.output_artifacts.iter().enumerate() {
                        let content = run.outputs.get(out).cloned().unwrap_or_else(|| {
                            let rev = self.records[e]
                                .revisions
                                .iter()
                                .find(|r| r.action == action.name);
                            match (action.category, rev) {
                                (Category::Source, Some(r)) => r.id.clone(),
                                _ => format!("{}:{}:{k}", self.records[e].id, action.name),
                            }
                        });
                        inner.artifacts.insert(out.clone(), content);
                    }
                    if let Some(ns) = &action.namespace {
                        let mut vars = run.variables.clone();
                        if action.category == Category::Source {
                            if let Some(r) = self.records[e]
                                .revisions
                                .iter()
                                .find(|r| r.action == action.name)
                            {
                                vars.entry("CommitId".into())
                                    .or_insert_with(|| r.id.clone());
                                if let Some(b) = &r.branch {
                                    vars.entry("BranchName".into()).or_insert_with(|| b.clone());
                                }
                            }
                        }
                        for (k, v) in vars {
                            inner.variables.insert(format!("{ns}.{k}"), v);
                        }
                    }
                }
                let ar = &mut self.records[e].stages[s].actions[a];
                ar.status = Some(if run.succeeded {
                    ActionStatus::Succeeded
                } else {
                    ActionStatus::Failed
                });
                ar.ended = Some(now);
                ar.summary = run.summary.clone();
                ar.external_url = run.external_url.clone();
                ar.variables = run.variables.clone();
            }
        }
        self.progress(runner);
    }
}

/// Replaces `#{namespace.variable}` references with their values (unknown ones stay).
pub fn resolve(text: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("#{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let key = &after[..end];
                match vars.get(key) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push_str("#{");
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a push starts an execution, and how: V2 triggers of the source action filter it;
/// without them, a push on the source action's configured branch (BranchName) does.
fn trigger_for_push(
    p: &Pipeline,
    source: &Action,
    push: &Push,
) -> Result<(TriggerType, String), Refusal> {
    let triggers: Vec<&Trigger> = p
        .triggers
        .iter()
        .filter(|t| t.source_action == source.name)
        .collect();
    if p.pipeline_type == PipelineType::V2 && !triggers.is_empty() {
        let matched = triggers
            .iter()
            .flat_map(|t| t.push.iter())
            .any(|f| push_matches(f, push));
        return if matched {
            Ok((TriggerType::WebhookV2, format!("push {}", push.branch)))
        } else {
            Err(Refusal::Filtered(push.branch.clone()))
        };
    }
    // DetectChanges false: a connection source does not start the pipeline on a change
    // (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html).
    if source
        .configuration
        .get("DetectChanges")
        .is_some_and(|v| v.eq_ignore_ascii_case("false"))
    {
        return Err(Refusal::Filtered(push.branch.clone()));
    }
    if let Some(branch) = source.configuration.get("BranchName") {
        if *branch != push.branch {
            return Err(Refusal::Filtered(push.branch.clone()));
        }
    }
    let kind = if source.provider == "CodeStarSourceConnection" {
        TriggerType::Webhook
    } else {
        TriggerType::CloudWatchEvent
    };
    Ok((kind, push.branch.clone()))
}

/// A push filter: with tags, the push's tags must match (branches and paths are not
/// looked at); otherwise branches, then file paths, must match when given.
fn push_matches(f: &PushFilter, push: &Push) -> bool {
    if let Some(tags) = &f.tags {
        return !push.tags.is_empty() && filter_matches(tags, &push.tags);
    }
    if f.branches.is_none() && f.file_paths.is_none() {
        return false;
    }
    f.branches
        .as_ref()
        .is_none_or(|b| filter_matches(b, std::slice::from_ref(&push.branch)))
        && f.file_paths
            .as_ref()
            .is_none_or(|fp| filter_matches(fp, &push.files))
}

/// Whether any of `values` is included (no includes: all are) and not excluded.
pub fn filter_matches(f: &Filter, values: &[String]) -> bool {
    values.iter().any(|v| {
        let included = f.includes.is_empty() || f.includes.iter().any(|p| glob(p, v));
        let excluded = f.excludes.iter().any(|p| glob(p, v));
        included && !excluded
    })
}

/// Glob matching as the trigger filters use it: `**` any characters, `*` any characters but
/// `/`, `?` one character.
pub fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some('*') if p.get(1) == Some(&'*') => {
                let rest = &p[2..];
                let rest = rest.strip_prefix(&['/']).filter(|_| true).unwrap_or(rest);
                (0..=t.len()).any(|i| go(rest, &t[i..]) || go(&p[2..], &t[i..]))
            }
            Some('*') => {
                let mut i = 0;
                loop {
                    if go(&p[1..], &t[i..]) {
                        return true;
                    }
                    if i == t.len() || t[i] == '/' {
                        return false;
                    }
                    i += 1;
                }
            }
            Some('?') => !t.is_empty() && go(&p[1..], &t[1..]),
            Some(c) => t.first() == Some(c) && go(&p[1..], &t[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().take(255).collect();
    let t: Vec<char> = text.chars().take(4096).collect();
    go(&p, &t)
}

/// A script of timed events for [`run`].
pub type Script = Vec<(i64, Event)>;

/// Runs a whole script: each event at its time (in time order, ties in script order),
/// then time passes until `until`. Refused events are returned with their index.
pub fn run(
    pipeline: &Pipeline,
    script: &[(i64, Event)],
    runner: &mut dyn Runner,
    until: i64,
) -> (Simulation, Vec<(usize, Refusal)>) {
    let mut sim = Simulation::new(pipeline.clone());
    let mut order: Vec<usize> = (0..script.len()).collect();
    order.sort_by_key(|&i| script[i].0);
    let mut refused = Vec::new();
    for i in order {
        let (t, ev) = &script[i];
        sim.advance_to(*t, runner);
        if let Err(r) = sim.apply(ev, runner) {
            refused.push((i, r));
        }
    }
    sim.advance_to(until, runner);
    (sim, refused)
}
