//! Replaying a pipeline definition and a script of events with `engine::pipeline`, the lab's
//! runner (CodeBuild runs the buildspec of the commit; deploys take a fixed time), grading
//! what the executions leave, and drawing them.
use engine::codebuild;
use engine::pipeline::{
    self as pl, ActionContext, ActionRun, ActionStatus, Category, Event, ExecutionRecord,
    ExecutionStatus, Push, Refusal, Runner, Simulation, StageStatus,
};

use super::{
    parse_duration, show_time, PipelineCheck, PipelineDef, Pipelines, RunCheck, DEPLOY_SECONDS,
    OTHER_SECONDS, SOURCE_SECONDS,
};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{Lang, Wording, T};
use crate::panel::{Action, Actions, Block, Cell, Drawing, Panel, Shape, Tone};

/// The file name findings are reported against.
const FILE: &str = "pipeline.json";
/// The lab's clock starts at 2026-11-30 10:00:00 UTC (Unix seconds), for CodeBuild's logs.
const EPOCH: i64 = 1_796_032_800;

/// One line of a script.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Push(String),
    Approve(Option<String>),
    Reject(Option<String>),
    Wait(i64),
    Retry(String),
}

/// Why a line of a script did nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Unknown(String),
    Usage(&'static str),
    NoCommit(String),
    BadDuration(String),
    Refused(Refusal),
}

/// A line → its operation; `Ok(None)` for a blank line or a `#` comment.
pub fn parse_line(line: &str, def: &PipelineDef) -> Result<Option<Op>, Problem> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(first) = words.first() else {
        return Ok(None);
    };
    if first.starts_with('#') {
        return Ok(None);
    }
    let arg = words.get(1).map(|s| s.to_string());
    let op = match (*first, words.len()) {
        ("push", 2) => {
            let id = words[1];
            def.commit(id).ok_or_else(|| Problem::NoCommit(id.into()))?;
            Op::Push(id.into())
        }
        ("push", _) => return Err(Problem::Usage("push <commit>")),
        ("approve", 1 | 2) => Op::Approve(arg),
        ("reject", 1 | 2) => Op::Reject(arg),
        ("approve", _) => return Err(Problem::Usage("approve [<action>]")),
        ("reject", _) => return Err(Problem::Usage("reject [<action>]")),
        ("wait", 2) => {
            Op::Wait(parse_duration(words[1]).ok_or_else(|| Problem::BadDuration(words[1].into()))?)
        }
        ("wait", _) => return Err(Problem::Usage("wait <30m|1h|7d>")),
        ("retry", 2) => Op::Retry(words[1].into()),
        ("retry", _) => return Err(Problem::Usage("retry <stage>")),
        _ => return Err(Problem::Unknown(line.trim().into())),
    };
    Ok(Some(op))
}

/// What the lab's runner did for one action run.
#[derive(Clone, Debug)]
pub enum Ran {
    Source,
    /// A CodeBuild run.
    Build(Box<codebuild::Build>),
    /// The commit has no such buildspec file (the project's buildspec setting).
    NoBuildspec(String),
    /// A CodeBuild action names a project the lab does not have.
    NoProject(String),
    /// The buildspec does not validate: its first error.
    BadBuildspec(String),
    /// The input artifact is not a commit of the repository.
    NoSource(String),
    Deploy(String),
    /// A deploy to a target that does not exist.
    NoTarget(String),
    Other,
}

/// One action run of one execution.
#[derive(Clone, Debug)]
pub struct RunLog {
    pub execution: String,
    pub stage: String,
    pub action: String,
    /// The CodeBuild project of a CodeBuild action (its `ProjectName`), else empty.
    pub project: String,
    pub commit: String,
    pub start: i64,
    pub end: i64,
    pub succeeded: bool,
    pub ran: Ran,
}

/// The lab's runner: Source outputs the commit, CodeBuild runs its buildspec, deploys take
/// [`DEPLOY_SECONDS`].
struct LabRunner<'a> {
    def: &'a PipelineDef,
    pipeline: String,
    log: Vec<RunLog>,
}

/// The deployment target of a deploy action: its deployment group (CodeDeploy) or service
/// (ECS), else its name.
fn target(action: &pl::Action) -> String {
    let c = &action.configuration;
    c.get("DeploymentGroupName")
        .or_else(|| c.get("ServiceName"))
        .cloned()
        .unwrap_or_else(|| action.name.clone())
}

impl LabRunner<'_> {
    fn build(&self, ctx: &ActionContext) -> (ActionRun, Ran) {
        let input = ctx
            .configuration
            .get("PrimarySource")
            .or_else(|| ctx.action.input_artifacts.first())
            .cloned()
            .unwrap_or_default();
        let content = ctx.inputs.get(&input).cloned().unwrap_or_default();
        let Some(commit) = self.def.commit(&content) else {
            let why = format!(
                "CLIENT_ERROR: the input artifact {input} holds no source of repository {}",
                self.def.repository
            );
            return (ActionRun::failed(25, &why), Ran::NoSource(input));
        };
        let project = ctx
            .configuration
            .get("ProjectName")
            .cloned()
            .unwrap_or_default();
        let (file, privileged_mode) = if self.def.projects.is_empty() {
            ("buildspec.yml".to_string(), false)
        } else {
            match self.def.projects.get(&project) {
                Some(p) => (p.buildspec.clone(), p.privileged_mode),
                None => {
                    let why = format!(
                        "ResourceNotFoundException: Project cannot be found: arn:aws:codebuild:us-east-1:123456789012:project/{project}"
                    );
                    return (ActionRun::failed(5, &why), Ran::NoProject(project));
                }
            }
        };
        let files: std::collections::BTreeMap<String, String> =
            commit.files.iter().cloned().collect();
        let Some(spec) = files.get(&file) else {
            let why = format!(
                "YAML_FILE_ERROR: stat /codebuild/output/src/src/{file}: no such file or directory"
            );
            return (ActionRun::failed(25, &why), Ran::NoBuildspec(file));
        };
        let report = codebuild::validate(spec);
        let errors = report.has_errors();
        let Some(spec) = report.spec.clone().filter(|_| !errors) else {
            let first = report
                .diagnostics
                .iter()
                .find(|d| d.severity() == codebuild::Severity::Error)
                .map(|d| crate::cicd::codebuild::line(&file, d, Lang::En))
                .unwrap_or_default();
            return (
                ActionRun::failed(25, &format!("YAML_FILE_ERROR: {first}")),
                Ran::BadBuildspec(first),
            );
        };
        let builds = self
            .log
            .iter()
            .filter(|r| matches!(r.ran, Ran::Build(_)))
            .count() as u64;
        let env = codebuild::Environment {
            project,
            privileged_mode,
            build_number: builds + 1,
            start: EPOCH + ctx.now,
            initiator: format!("codepipeline/{}", self.pipeline),
            ..codebuild::Environment::default()
        };
        let source = codebuild::Source {
            version: commit.id.clone(),
            branch: self.def.branch.clone(),
            files,
        };
        let b = codebuild::run(&spec, &source, &env);
        let succeeded = b.status == codebuild::Status::Succeeded;
        let summary = crate::cicd::codebuild::summary(&b, Lang::En);
        let run = ActionRun {
            succeeded,
            summary,
            ..ActionRun::ok(i64::from(b.duration))
        };
        (run, Ran::Build(Box::new(b)))
    }
}

impl Runner for LabRunner<'_> {
    fn run(&mut self, ctx: &ActionContext) -> ActionRun {
        let a = ctx.action;
        let (run, ran) = match a.category {
            Category::Source => (ActionRun::ok(SOURCE_SECONDS), Ran::Source),
            Category::Build | Category::Test if a.provider == "CodeBuild" => self.build(ctx),
            Category::Deploy => {
                let t = target(a);
                if self.def.targets.is_empty() || self.def.targets.contains(&t) {
                    (ActionRun::ok(DEPLOY_SECONDS), Ran::Deploy(t))
                } else {
                    let why = format!(
                        "DeploymentGroupDoesNotExistException: No Deployment Group found for name: {t}"
                    );
                    (ActionRun::failed(OTHER_SECONDS, &why), Ran::NoTarget(t))
                }
            }
            _ => (ActionRun::ok(OTHER_SECONDS), Ran::Other),
        };
        self.log.push(RunLog {
            execution: ctx.execution.to_string(),
            stage: ctx.stage.to_string(),
            action: a.name.clone(),
            project: match (&ran, a.configuration.get("ProjectName")) {
                (Ran::Build(_) | Ran::NoBuildspec(_) | Ran::BadBuildspec(_), Some(p)) => p.clone(),
                _ => String::new(),
            },
            commit: ctx
                .revisions
                .first()
                .map(|r| r.id.clone())
                .unwrap_or_default(),
            start: ctx.now,
            end: ctx.now + run.duration.max(0),
            succeeded: run.succeeded,
            ran,
        });
        run
    }
}

/// A replay of a definition and a script.
pub struct Replay {
    pub report: pl::Report,
    pub sim: Option<Simulation>,
    pub log: Vec<RunLog>,
    /// Lines that did nothing: (line number, line, why).
    pub problems: Vec<(usize, String, Problem)>,
    /// Lines that ran.
    pub ran: usize,
}

impl Replay {
    pub fn history(&self) -> &[ExecutionRecord] {
        self.sim.as_ref().map_or(&[], |s| s.history())
    }

    fn pipeline(&self) -> Option<&pl::Pipeline> {
        self.sim.as_ref().map(|s| s.pipeline())
    }

    /// The first error of the definition, as `pipeline.json:line:col: error: …`.
    fn first_error(&self, lang: Lang) -> Option<String> {
        self.report
            .diagnostics
            .iter()
            .find(|d| d.severity() == pl::Severity::Error)
            .map(|d| crate::cicd::pipeline::line(FILE, d, lang))
    }

    /// The manual approvals waiting now: (execution, stage, action).
    fn waiting(&self) -> Vec<(String, String, String)> {
        let Some(p) = self.pipeline() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for e in self.history().iter().rev() {
            for (s, st) in e.stages.iter().enumerate() {
                for (a, ar) in st.actions.iter().enumerate() {
                    let manual = p.stages[s].actions[a].is_manual_approval();
                    if manual && ar.status == Some(ActionStatus::InProgress) {
                        out.push((e.id.clone(), st.name.clone(), ar.name.clone()));
                    }
                }
            }
        }
        out
    }
}

/// Lets the simulation run until only manual approvals (or nothing) are in progress.
fn settle(sim: &mut Simulation, runner: &mut LabRunner<'_>) {
    loop {
        let now = sim.now();
        let Some(t) = runner.log.iter().map(|r| r.end).filter(|e| *e > now).max() else {
            break;
        };
        sim.advance_to(t, runner);
    }
}

/// Replays `definition` and `script` on a fresh pipeline.
pub fn replay(def: &PipelineDef, definition: &str, script: &str) -> Replay {
    let report = pl::validate(definition);
    let mut out = Replay {
        report,
        sim: None,
        log: Vec::new(),
        problems: Vec::new(),
        ran: 0,
    };
    let pipeline = match &out.report.pipeline {
        Some(p) if !out.report.has_errors() => p.clone(),
        _ => return out,
    };
    let mut runner = LabRunner {
        def,
        pipeline: pipeline.name.clone(),
        log: Vec::new(),
    };
    let mut sim = Simulation::new(pipeline);
    for (i, line) in script.lines().enumerate() {
        let op = match parse_line(line, def) {
            Ok(Some(op)) => op,
            Ok(None) => continue,
            Err(p) => {
                out.problems.push((i + 1, line.trim().to_string(), p));
                continue;
            }
        };
        out.sim = Some(sim);
        let waiting = out.waiting();
        sim = out.sim.take().expect("just set");
        let answer = |name: &Option<String>| {
            waiting
                .iter()
                .find(|(_, _, a)| name.as_ref().is_none_or(|n| n == a))
                .cloned()
                .ok_or_else(|| Refusal::NoApproval(name.clone().unwrap_or_default()))
        };
        let result = match op {
            Op::Push(id) => {
                let c = def.commit(&id).expect("checked when parsed");
                let push = Push {
                    source_action: String::new(),
                    commit: c.id.clone(),
                    branch: def.branch.clone(),
                    tags: Vec::new(),
                    files: c.files.iter().map(|(p, _)| p.clone()).collect(),
                    message: c.message.clone(),
                };
                sim.apply(&Event::Push(push), &mut runner).map(|_| ())
            }
            Op::Approve(name) | Op::Reject(name) if answer(&name).is_err() => {
                answer(&name).map(|_| ())
            }
            Op::Approve(name) => {
                let (execution, stage, action) = answer(&name).expect("checked above");
                let ev = Event::Approve {
                    execution,
                    stage,
                    action,
                    comment: String::new(),
                };
                sim.apply(&ev, &mut runner).map(|_| ())
            }
            Op::Reject(name) => {
                let (execution, stage, action) = answer(&name).expect("checked above");
                let ev = Event::Reject {
                    execution,
                    stage,
                    action,
                    comment: "Rejected".into(),
                };
                sim.apply(&ev, &mut runner).map(|_| ())
            }
            Op::Wait(d) => {
                let t = sim.now() + d;
                sim.advance_to(t, &mut runner);
                Ok(())
            }
            Op::Retry(stage) => {
                let failed = sim.history().iter().rev().find(|e| {
                    e.status == ExecutionStatus::Failed
                        && e.stages
                            .iter()
                            .any(|s| s.name == stage && s.status == Some(StageStatus::Failed))
                });
                match failed.map(|e| e.id.clone()) {
                    Some(execution) => sim
                        .apply(
                            &Event::Retry {
                                execution,
                                stage: stage.clone(),
                                all: false,
                            },
                            &mut runner,
                        )
                        .map(|_| ()),
                    None => Err(Refusal::NotRetryable(stage)),
                }
            }
        };
        settle(&mut sim, &mut runner);
        match result {
            Ok(()) => out.ran += 1,
            Err(r) => out
                .problems
                .push((i + 1, line.trim().to_string(), Problem::Refused(r))),
        }
    }
    out.sim = Some(sim);
    out.log = runner.log;
    out
}

/// Why a line did nothing, in `lang`.
pub fn problem(p: &Problem, lang: Lang) -> String {
    match p {
        Problem::Unknown(c) => t!(
            "\"{c}\" is not an event of this lab (push, approve, reject, wait, retry)",
            "\"{c}\" không phải sự kiện của bài lab này (push, approve, reject, wait, retry)"
        )
        .fill(lang, &[("c", c)]),
        Problem::Usage(u) => t!("usage: {u}", "cách dùng: {u}").fill(lang, &[("u", u)]),
        Problem::NoCommit(id) => t!(
            "the repository has no commit {id}",
            "repository không có commit {id}"
        )
        .fill(lang, &[("id", id)]),
        Problem::BadDuration(d) => t!(
            "\"{d}\" is not a duration such as 30m, 1h or 7d",
            "\"{d}\" không phải khoảng thời gian dạng 30m, 1h hay 7d"
        )
        .fill(lang, &[("d", d)]),
        Problem::Refused(r) => crate::cicd::pipeline::refusal(r, lang),
    }
}

pub(super) fn validate_items(all: &Pipelines, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for p in &all.pipelines {
        match lab.input(&p.definition).map(|i| &i.kind) {
            Some(InputKind::Template { .. }) => {}
            Some(_) => problems.push(format!(
                "pipeline \"{}\": input \"{}\" is not a template input",
                p.id, p.definition
            )),
            None => problems.push(format!(
                "pipeline \"{}\" reads input \"{}\", which the lab does not have",
                p.id, p.definition
            )),
        }
        if lab.input(&p.script).is_none() {
            problems.push(format!(
                "pipeline \"{}\" writes its events into input \"{}\", which the lab does not have",
                p.id, p.script
            ));
        }
        for (name, script) in &p.scripts {
            for (i, line) in script.lines().enumerate() {
                if let Err(e) = parse_line(line, p) {
                    problems.push(format!(
                        "pipeline \"{}\": script \"{name}\" line {}: {}",
                        p.id,
                        i + 1,
                        problem(&e, Lang::En)
                    ));
                }
            }
        }
    }
    problems
}

/// How a failed manual approval of `e` ended: rejected, or no answer before its timeout.
fn approval_word(r: &Replay, e: &ExecutionRecord, lang: Lang) -> String {
    let Some(p) = r.pipeline() else {
        return String::new();
    };
    for (s, st) in e.stages.iter().enumerate() {
        for (a, ar) in st.actions.iter().enumerate() {
            let action = &p.stages[s].actions[a];
            if action.is_manual_approval() && ar.status == Some(ActionStatus::Failed) {
                return approval_outcome(action, ar).get(lang).to_string();
            }
        }
    }
    String::new()
}

/// What a manual approval's record says in words.
fn approval_outcome(action: &pl::Action, ar: &pl::ActionRecord) -> T {
    let timeout = action
        .timeout_minutes
        .map_or(7 * 86_400, |m| i64::from(m) * 60);
    match (ar.status, ar.started, ar.ended) {
        (Some(ActionStatus::Succeeded), _, _) => t!("Approved", "Đã approve"),
        (Some(ActionStatus::Failed), Some(start), Some(end)) if end - start >= timeout => t!(
            "No answer: the approval timed out",
            "Không ai trả lời: approval đã hết thời hạn (timeout)"
        ),
        (Some(ActionStatus::Failed), _, _) => t!("Rejected", "Đã reject"),
        (Some(ActionStatus::Abandoned), _, _) => t!("Abandoned", "Abandoned"),
        _ => t!("Waiting for approval", "Đang chờ approve"),
    }
}

/// The category of the action an execution failed at, and its stage/action.
fn failed_at(r: &Replay, e: &ExecutionRecord) -> Option<(Category, String)> {
    let p = r.pipeline()?;
    for (s, st) in e.stages.iter().enumerate() {
        for (a, ar) in st.actions.iter().enumerate() {
            if ar.status == Some(ActionStatus::Failed) {
                let action = &p.stages[s].actions[a];
                return Some((action.category, format!("{}/{}", st.name, ar.name)));
            }
        }
    }
    None
}

fn commit_of(e: &ExecutionRecord) -> &str {
    e.revisions.first().map_or("", |r| r.id.as_str())
}

/// Where an execution stands, with the failed action and why it failed.
fn stands(r: &Replay, e: &ExecutionRecord, lang: Lang) -> String {
    let mut s = crate::cicd::pipeline::explain(e, lang);
    if let Some((_, stage, action)) = r.waiting().into_iter().find(|w| w.0 == e.id) {
        s = t!(
            "Execution {id} (InProgress) waits for an answer at approval {stage}/{action}",
            "Execution {id} (InProgress) đang chờ trả lời ở approval {stage}/{action}"
        )
        .fill(
            lang,
            &[("id", &e.id), ("stage", &stage), ("action", &action)],
        );
    }
    let reached: Vec<String> = r
        .log
        .iter()
        .filter(|l| l.execution == e.id && l.succeeded)
        .filter_map(|l| match &l.ran {
            Ran::Deploy(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    if !reached.is_empty() {
        s = t!(
            "{s}; deployed to {targets}",
            "{s}; đã triển khai lên {targets}"
        )
        .fill(lang, &[("s", &s), ("targets", &reached.join(", "))]);
    }
    match failed_at(r, e) {
        Some((_, at)) => {
            let why = r
                .log
                .iter()
                .rev()
                .find(|l| l.execution == e.id && !l.succeeded)
                .map(|l| summary(l, lang))
                .unwrap_or_else(|| approval_word(r, e, lang));
            format!("{s} ({at}: {why})")
        }
        None => s,
    }
}

/// Where the latest execution of `commit` stands, or that none started.
fn latest_of(r: &Replay, commit: &str, lang: Lang) -> String {
    match r.history().iter().rev().find(|e| commit_of(e) == commit) {
        Some(e) => stands(r, e, lang),
        None => t!(
            "no execution of {commit} started",
            "không có execution nào của {commit} bắt đầu"
        )
        .fill(lang, &[("commit", &commit)]),
    }
}

/// The names of the failed test cases in a build's JUnit reports (read here from the
/// report files: the `name` attribute, not `classname`).
fn failed_tests(b: &codebuild::Build) -> Vec<String> {
    let mut out = Vec::new();
    for path in b.reports.iter().flat_map(|r| &r.files) {
        let Some(xml) = b.files.get(path) else {
            continue;
        };
        for case in xml.split("<testcase").skip(1) {
            let body = case.split("</testcase>").next().unwrap_or(case);
            let failed = body.contains("<failure") || body.contains("<error");
            let name = case
                .split_once(" name=\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(n, _)| n.to_string());
            if let (true, Some(n)) = (failed, name) {
                out.push(n);
            }
        }
    }
    out
}

/// An action run's summary in `lang`.
fn summary(l: &RunLog, lang: Lang) -> String {
    match &l.ran {
        Ran::Build(b) => {
            let failed = failed_tests(b);
            let mut s = crate::cicd::codebuild::summary(b, lang);
            if !failed.is_empty() {
                s = t!("{s}; failed tests: {tests}", "{s}; test thất bại: {tests}")
                    .fill(lang, &[("s", &s), ("tests", &failed.join(", "))]);
            }
            for f in &b.findings {
                s = t!(
                    "{s}; image scan of {image}: {severity} {name}",
                    "{s}; image scan của {image}: {severity} {name}"
                )
                .fill(
                    lang,
                    &[
                        ("s", &s),
                        ("image", &f.image),
                        ("severity", &f.severity),
                        ("name", &f.name),
                    ],
                );
            }
            s
        }
        Ran::NoBuildspec(f) => t!(
            "phase DOWNLOAD_SOURCE FAILED: commit {c} has no {f} (YAML_FILE_ERROR)",
            "phase DOWNLOAD_SOURCE FAILED: commit {c} không có {f} (YAML_FILE_ERROR)"
        )
        .fill(lang, &[("c", &l.commit), ("f", f)]),
        Ran::NoProject(p) => t!(
            "CodeBuild has no project {p} in this lab (ResourceNotFoundException)",
            "bài lab này không có CodeBuild project {p} (ResourceNotFoundException)"
        )
        .fill(lang, &[("p", p)]),
        Ran::BadBuildspec(first) => t!(
            "phase DOWNLOAD_SOURCE FAILED (YAML_FILE_ERROR): {e}",
            "phase DOWNLOAD_SOURCE thất bại (YAML_FILE_ERROR): {e}"
        )
        .fill(lang, &[("e", first)]),
        Ran::NoSource(a) => t!(
            "the input artifact {a} holds no source code: CodeBuild has no buildspec.yml to run",
            "input artifact {a} không chứa source code: CodeBuild không có buildspec.yml để chạy"
        )
        .fill(lang, &[("a", a)]),
        Ran::Deploy(t) => t!("{c} deployed to {t}", "{c} đã được triển khai lên {t}")
            .fill(lang, &[("c", &l.commit), ("t", t)]),
        Ran::NoTarget(t) => t!(
            "no deployment group or service {t} exists in this lab (DeploymentGroupDoesNotExistException)",
            "bài lab này không có deployment group hay service {t} (DeploymentGroupDoesNotExistException)"
        )
        .fill(lang, &[("t", t)]),
        Ran::Source => l.commit.clone(),
        Ran::Other => String::new(),
    }
}

/// The first expectation the replay misses, in `lang`; `None` when it meets them all.
fn missing(c: &RunCheck, r: &Replay, lang: Lang) -> Option<String> {
    let history = r.history();
    for commit in &c.succeeded {
        let ok = history
            .iter()
            .any(|e| commit_of(e) == commit && e.status == ExecutionStatus::Succeeded);
        if !ok {
            return Some(
                t!(
                    "No execution of {commit} Succeeded: {where}.",
                    "Không có execution nào của {commit} đạt Succeeded: {where}."
                )
                .fill(
                    lang,
                    &[("commit", commit), ("where", &latest_of(r, commit, lang))],
                ),
            );
        }
    }
    for (commit, category) in &c.failed {
        let stopped = history.iter().any(|e| {
            commit_of(e) == commit
                && e.status == ExecutionStatus::Failed
                && failed_at(r, e).is_some_and(|(cat, _)| cat.name() == category)
        });
        if !stopped {
            return Some(
                t!(
                    "{commit} was not stopped by a {category} action: {where}.",
                    "{commit} không bị một action {category} chặn lại: {where}."
                )
                .fill(
                    lang,
                    &[
                        ("commit", commit),
                        ("category", category),
                        ("where", &latest_of(r, commit, lang)),
                    ],
                ),
            );
        }
    }
    let deploys = || {
        r.log
            .iter()
            .filter(|l| l.succeeded && matches!(l.ran, Ran::Deploy(_)))
    };
    for commit in &c.built {
        let first_deploy = deploys()
            .filter(|l| l.commit == *commit)
            .map(|l| l.start)
            .min();
        let built = r.log.iter().any(|l| {
            l.commit == *commit
                && l.succeeded
                && matches!(l.ran, Ran::Build(_))
                && first_deploy.is_none_or(|t| l.end <= t)
        });
        if !built {
            let text = match first_deploy {
                Some(t) => t!(
                    "{commit} was deployed at {time} without a successful CodeBuild build and test before it.",
                    "{commit} được triển khai lúc {time} mà trước đó không có lần build và test CodeBuild nào thành công."
                )
                .fill(lang, &[("commit", commit), ("time", &show_time(t))]),
                None => t!(
                    "No CodeBuild action built {commit} successfully: {where}.",
                    "Không có action CodeBuild nào build thành công {commit}: {where}."
                )
                .fill(lang, &[("commit", commit), ("where", &latest_of(r, commit, lang))]),
            };
            return Some(text);
        }
    }
    for target in &c.not_deployed {
        if let Some(l) = deploys().find(|l| matches!(&l.ran, Ran::Deploy(t) if t == target)) {
            let approved = history
                .iter()
                .find(|e| e.id == l.execution)
                .is_some_and(|e| approved_before(r, e, l.start));
            let gated = r.pipeline().is_some_and(|p| {
                p.stages
                    .iter()
                    .any(|st| st.actions.iter().any(|a| a.is_manual_approval()))
            });
            let text = if approved || !gated {
                t!(
                    "{commit} reached {target} at {time} ({stage}/{action}, execution {id}).",
                    "{commit} đã lên {target} lúc {time} ({stage}/{action}, execution {id})."
                )
            } else {
                t!(
                    "{commit} reached {target} at {time} ({stage}/{action}, execution {id}) before anyone approved it.",
                    "{commit} đã lên {target} lúc {time} ({stage}/{action}, execution {id}) trước khi có ai approve."
                )
            };
            return Some(text.fill(
                lang,
                &[
                    ("commit", &l.commit),
                    ("target", target),
                    ("time", &show_time(l.start)),
                    ("stage", &l.stage),
                    ("action", &l.action),
                    ("id", &l.execution),
                ],
            ));
        }
    }
    for (target, commit) in &c.deployed {
        let last = deploys()
            .filter(|l| matches!(&l.ran, Ran::Deploy(t) if t == target))
            .max_by_key(|l| l.end);
        if last.is_none_or(|l| l.commit != *commit) {
            let now = last.map_or_else(
                || {
                    t!(
                        "nothing was deployed there",
                        "chưa có gì được triển khai ở đó"
                    )
                    .get(lang)
                    .to_string()
                },
                |l| t!("it runs {c}", "ở đó đang chạy {c}").fill(lang, &[("c", &l.commit)]),
            );
            return Some(
                t!(
                    "{target} does not run {commit} ({now}): {where}.",
                    "{target} không chạy {commit} ({now}): {where}."
                )
                .fill(
                    lang,
                    &[
                        ("target", target),
                        ("commit", commit),
                        ("now", &now),
                        (
                            "where",
                            &latest_of(r, last.map_or(commit, |l| &l.commit), lang),
                        ),
                    ],
                ),
            );
        }
    }
    if let Some(text) = not_parallel(c, r, lang) {
        return Some(text);
    }
    if let Some(want) = c.awaiting_approval {
        let waiting = r.waiting();
        if want && waiting.is_empty() {
            let latest = r
                .history()
                .last()
                .map_or_else(String::new, |e| latest_of(r, commit_of(e), lang));
            return Some(
                t!(
                    "No manual approval waits for an answer: {where}.",
                    "Không có manual approval nào đang chờ trả lời: {where}."
                )
                .fill(lang, &[("where", &latest)]),
            );
        }
        if !want {
            if let Some((id, stage, action)) = waiting.first() {
                return Some(
                    t!(
                        "Approval {stage}/{action} of execution {id} still waits for an answer.",
                        "Approval {stage}/{action} của execution {id} vẫn đang chờ trả lời."
                    )
                    .fill(lang, &[("id", id), ("stage", stage), ("action", action)]),
                );
            }
        }
    }
    None
}

/// The first execution whose builds of `c.parallel`'s projects did not all start at once.
fn not_parallel(c: &RunCheck, r: &Replay, lang: Lang) -> Option<String> {
    let first = c.parallel.first()?;
    let runs = |e: &ExecutionRecord, p: &str| {
        r.log
            .iter()
            .filter(|l| l.execution == e.id && l.project == p)
            .map(|l| (l.start, l.stage.clone(), l.action.clone()))
            .min()
    };
    let mut any = false;
    for e in r.history() {
        if !c.parallel.iter().any(|p| runs(e, p).is_some()) {
            continue;
        }
        any = true;
        let Some((t0, stage0, action0)) = runs(e, first) else {
            return Some(
                t!(
                    "Execution {id} ({commit}) ran no CodeBuild action with project {p}.",
                    "Execution {id} ({commit}) không chạy action CodeBuild nào với project {p}."
                )
                .fill(
                    lang,
                    &[("id", &e.id), ("commit", &commit_of(e)), ("p", first)],
                ),
            );
        };
        for p in &c.parallel[1..] {
            let Some((t, stage, action)) = runs(e, p) else {
                return Some(
                    t!(
                        "Execution {id} ({commit}) ran no CodeBuild action with project {p}.",
                        "Execution {id} ({commit}) không chạy action CodeBuild nào với project {p}."
                    )
                    .fill(lang, &[("id", &e.id), ("commit", &commit_of(e)), ("p", p)]),
                );
            };
            if t != t0 || stage != stage0 {
                return Some(
                    t!(
                        "In execution {id} ({commit}), {s0}/{a0} started at {t0} and {s1}/{a1} at {t1}: one waited for the other instead of running in parallel.",
                        "Trong execution {id} ({commit}), {s0}/{a0} bắt đầu lúc {t0} còn {s1}/{a1} lúc {t1}: action này phải chờ action kia thay vì chạy song song."
                    )
                    .fill(
                        lang,
                        &[
                            ("id", &e.id),
                            ("commit", &commit_of(e)),
                            ("s0", &stage0),
                            ("a0", &action0),
                            ("t0", &show_time(t0)),
                            ("s1", &stage),
                            ("a1", &action),
                            ("t1", &show_time(t)),
                        ],
                    ),
                );
            }
        }
    }
    (!any).then(|| {
        t!(
            "No execution ran a CodeBuild action with project {p}.",
            "Không có execution nào chạy action CodeBuild với project {p}."
        )
        .fill(lang, &[("p", first)])
    })
}

/// Whether a manual approval of `e` Succeeded at or before `t`.
fn approved_before(r: &Replay, e: &ExecutionRecord, t: i64) -> bool {
    let Some(p) = r.pipeline() else { return false };
    e.stages.iter().enumerate().any(|(s, st)| {
        st.actions.iter().enumerate().any(|(a, ar)| {
            p.stages[s].actions[a].is_manual_approval()
                && ar.status == Some(ActionStatus::Succeeded)
                && ar.ended.is_some_and(|x| x <= t)
        })
    })
}

fn each(say: impl Fn(Lang) -> String) -> Verdict {
    Verdict::Unmet(Wording::each(say))
}

pub(super) fn grade(check: &PipelineCheck, all: &Pipelines, answers: &Answers) -> Graded {
    let input = check.input();
    let def = match check {
        PipelineCheck::Valid(c) => all.get(&c.pipeline),
        PipelineCheck::Run(c) => all.get(&c.pipeline),
    };
    let Some(def) = def else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    // The learner's definition, or the one the lab gives while they have not edited it.
    let Some(definition) = crate::answer::text(answers, input).or(def.given.as_deref()) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    let c = match check {
        PipelineCheck::Valid(_) => {
            let r = replay(def, definition, "");
            return match r.first_error(Lang::En) {
                None if r.report.pipeline.is_some() => Graded::new(input, Verdict::Correct),
                _ => Graded::new(input, each(|l| definition_errors(&r, l))),
            };
        }
        PipelineCheck::Run(c) => c,
    };
    let script = match (&c.script, &c.events) {
        (Some(name), _) => def.scripts.get(name).map(String::as_str).unwrap_or(""),
        (None, Some(events)) => match crate::answer::text(answers, events) {
            Some(s) => s,
            None => return Graded::new(events.as_str(), Verdict::NotAnswered),
        },
        (None, None) => "",
    };
    let r = replay(def, definition, script);
    if r.sim.is_none() {
        return Graded::new(input, each(|l| definition_errors(&r, l)));
    }
    let at = match &c.events {
        Some(e) if c.script.is_none() => e.as_str(),
        _ => input,
    };
    if missing(c, &r, Lang::En).is_none() {
        return Graded::new(at, Verdict::Correct);
    }
    Graded::new(at, each(|l| missing(c, &r, l).unwrap_or_default()))
}

fn definition_errors(r: &Replay, lang: Lang) -> String {
    let n = r
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity() == pl::Severity::Error)
        .count();
    match r.first_error(lang) {
        Some(first) => t!(
            "The pipeline definition has {n} error(s); the first: {first}",
            "Pipeline definition có {n} lỗi; lỗi đầu tiên: {first}"
        )
        .fill(
            lang,
            &[("n", &n as &dyn std::fmt::Display), ("first", &first)],
        ),
        None => t!(
            "The pipeline definition could not be read.",
            "Không đọc được pipeline definition."
        )
        .get(lang)
        .to_string(),
    }
}

fn execution_tone(s: ExecutionStatus) -> Tone {
    match s {
        ExecutionStatus::Succeeded => Tone::Good,
        ExecutionStatus::Failed => Tone::Bad,
        ExecutionStatus::InProgress | ExecutionStatus::Stopping => Tone::Busy,
        ExecutionStatus::Stopped | ExecutionStatus::Superseded => Tone::Warn,
    }
}

fn stage_tone(s: StageStatus) -> Tone {
    match s {
        StageStatus::Succeeded => Tone::Good,
        StageStatus::Failed => Tone::Bad,
        StageStatus::InProgress | StageStatus::Stopping => Tone::Busy,
        StageStatus::Stopped => Tone::Warn,
    }
}

fn action_tone(s: ActionStatus) -> Tone {
    match s {
        ActionStatus::Succeeded => Tone::Good,
        ActionStatus::Failed => Tone::Bad,
        ActionStatus::InProgress => Tone::Busy,
        ActionStatus::Abandoned => Tone::Warn,
    }
}

/// Pixels: a stage box's height, an action line's, the gap between stages.
const BOX: u32 = 28;
const LINE: u32 = 20;
const GAP: u32 = 30;

/// The stage diagram: each stage a box, in order, with the latest execution's status in it
/// and each action's status under it.
fn diagram(r: &Replay, lang: Lang) -> Option<Drawing> {
    let sim = r.sim.as_ref()?;
    let p = sim.pipeline();
    let state = sim.state();
    let latest = state.stages();
    let mut shapes = Vec::new();
    let mut y = 12;
    for (s, stage) in p.stages.iter().enumerate() {
        shapes.push(Shape::Node {
            x: 16,
            y,
            cycle: false,
            text: stage.name.clone(),
        });
        let exec = latest
            .get(s)
            .and_then(|(_, l)| l.clone())
            .and_then(|(id, st)| state.execution(&id).map(|e| (e, st)));
        let (text, tone) = match &exec {
            Some((e, st)) => (
                t!(
                    "{status} · execution {id} · {commit}",
                    "{status} · lần chạy {id} · {commit}"
                )
                .fill(
                    lang,
                    &[
                        ("status", &st.name()),
                        ("id", &e.id),
                        ("commit", &commit_of(e)),
                    ],
                ),
                stage_tone(*st),
            ),
            None => (
                t!("Didn't run", "Chưa chạy").get(lang).to_string(),
                Tone::Plain,
            ),
        };
        shapes.push(Shape::Label {
            x: 180,
            y: y + 19,
            text,
            tone,
        });
        let mut ay = y + BOX;
        for (a, action) in stage.actions.iter().enumerate() {
            ay += LINE;
            let record = exec.as_ref().and_then(|(e, _)| e.stages[s].actions.get(a));
            let status = record.and_then(|ar| ar.status);
            let waiting = action.is_manual_approval() && status == Some(ActionStatus::InProgress);
            let detail = if waiting {
                t!(" — waiting for approval", " — đang chờ approve")
                    .get(lang)
                    .to_string()
            } else {
                record
                    .filter(|ar| ar.status.is_some())
                    .and_then(|ar| {
                        let e = exec.as_ref()?.0;
                        r.log
                            .iter()
                            .rev()
                            .find(|l| {
                                l.execution == e.id && l.stage == stage.name && l.action == ar.name
                            })
                            .map(|l| summary(l, lang))
                    })
                    .filter(|s| !s.is_empty())
                    .map_or_else(String::new, |s| format!(" — {s}"))
            };
            let text = format!(
                "{} ({}) · {}{detail}",
                action.name,
                action.provider,
                status.map_or("—", ActionStatus::name),
            );
            shapes.push(Shape::Label {
                x: 32,
                y: ay,
                text,
                tone: status.map_or(Tone::Plain, action_tone),
            });
        }
        let bottom = ay + 8;
        if s + 1 < p.stages.len() {
            let transition = &state.transitions[s + 1];
            shapes.push(Shape::Arrow(format!(
                "M24 {bottom}L24 {}",
                bottom + GAP - 6
            )));
            if !transition.enabled {
                shapes.push(Shape::Label {
                    x: 40,
                    y: bottom + GAP / 2 + 4,
                    text: t!("Transition disabled", "Transition bị tắt")
                        .get(lang)
                        .to_string(),
                    tone: Tone::Warn,
                });
            }
        }
        y = bottom + GAP;
    }
    Some(Drawing {
        width: 900,
        height: y,
        label: t!(
            "The pipeline's stages in order, each with its latest execution's status and its actions",
            "Các stage của pipeline theo thứ tự, mỗi stage với trạng thái execution gần nhất và các action của nó"
        )
        .get(lang)
        .to_string(),
        shapes,
    })
}

/// The buttons that drive the pipeline.
fn buttons(def: &PipelineDef, r: &Replay, lang: Lang) -> Actions {
    let mut buttons: Vec<Action> = def
        .commits
        .iter()
        .map(|c| Action {
            op: format!("push {}", c.id),
            label: t!("Push {id}: {message}", "Đẩy (push) {id}: {message}")
                .fill(lang, &[("id", &c.id), ("message", &c.message)]),
            tone: Tone::Good,
        })
        .collect();
    let mut seen = Vec::new();
    for (_, _, action) in r.waiting() {
        if seen.contains(&action) {
            continue;
        }
        seen.push(action.clone());
        buttons.push(Action {
            op: format!("approve {action}"),
            label: t!("Approve {a}", "Phê duyệt {a}").fill(lang, &[("a", &action)]),
            tone: Tone::Good,
        });
        buttons.push(Action {
            op: format!("reject {action}"),
            label: t!("Reject {a}", "Từ chối {a}").fill(lang, &[("a", &action)]),
            tone: Tone::Bad,
        });
    }
    if let Some(e) = r.history().last() {
        if e.status == ExecutionStatus::Failed {
            if let Some(st) = e
                .stages
                .iter()
                .find(|s| s.status == Some(StageStatus::Failed))
            {
                buttons.push(Action {
                    op: format!("retry {}", st.name),
                    label: t!("Retry stage {s}", "Chạy lại stage {s}")
                        .fill(lang, &[("s", &st.name)]),
                    tone: Tone::Warn,
                });
            }
        }
    }
    buttons.push(Action {
        op: "wait 1h".into(),
        label: t!("Wait 1 hour", "Chờ 1 giờ").get(lang).to_string(),
        tone: Tone::Plain,
    });
    buttons.push(Action {
        op: "wait 7d".into(),
        label: t!("Wait 7 days", "Chờ 7 ngày").get(lang).to_string(),
        tone: Tone::Plain,
    });
    Actions {
        label: t!("Drive the pipeline", "Điều khiển pipeline")
            .get(lang)
            .to_string(),
        input: def.script.clone(),
        buttons,
        replace: false,
    }
}

/// The learner's own delivery read by the DORA engine (`engine::dora::four_keys`): each push
/// is a commit at the time it was pushed, and each execution whose last Deploy action (the
/// production one) succeeded is a deployment of its commit at that action's end. A commit
/// stopped before production is undelivered, not a failed deployment: DORA's change fail
/// rate counts what reached production.
pub fn dora_keys(r: &Replay, lang: Lang) -> Option<Block> {
    use engine::dora::{four_keys, Commit, Deployment, DeploymentStatus, EventLog};
    let p = r.pipeline()?;
    let (stage, action) = p.stages.iter().enumerate().rev().find_map(|(s, st)| {
        st.actions
            .iter()
            .rposition(|a| a.category == Category::Deploy)
            .map(|a| (s, a))
    })?;
    let history = r.history();
    if history.is_empty() {
        return None;
    }
    let mut commits: Vec<Commit> = Vec::new();
    let mut deployments = Vec::new();
    for e in history {
        let commit = commit_of(e).to_string();
        if !commits.iter().any(|c| c.id == commit) {
            commits.push(Commit {
                id: commit.clone(),
                at: e.started,
                line: 0,
            });
        }
        let done = e
            .stages
            .get(stage)
            .and_then(|s| s.actions.get(action))
            .filter(|a| a.status == Some(ActionStatus::Succeeded));
        if let Some(at) = done.and_then(|a| a.ended) {
            deployments.push(Deployment {
                id: e.id.clone(),
                at,
                commits: vec![commit],
                status: DeploymentStatus::Succeeded,
                fixes: None,
                reason: None,
                line: 0,
            });
        }
    }
    let now = r.sim.as_ref().map_or(0, Simulation::now);
    let log = EventLog {
        team: "you".into(),
        from: 0,
        to: now.max(1),
        commits,
        deployments,
        incidents: Vec::new(),
    };
    let keys = four_keys(&log);
    let lead = keys.lead_time_hours.map_or("—".to_string(), |h| {
        show_time((h * 3_600.0).round() as i64)
    });
    let fail = keys.change_fail_rate_percent.map_or("—".to_string(), |p| {
        format!("{}%", crate::lang::number(p, 0, lang))
    });
    let row = |name: T, value: String, tone: Tone| {
        vec![Cell::plain(name.get(lang)), Cell::new(value, tone)]
    };
    let prod = &p.stages[stage].name;
    Some(Block::Table {
        caption: t!(
            "Your delivery as DORA reads it (production: stage {prod})",
            "Delivery của bạn theo cách DORA đo (production: stage {prod})"
        )
        .fill(lang, &[("prod", prod)]),
        head: vec![
            t!("Key", "Chỉ số").get(lang).to_string(),
            t!("Value", "Giá trị").get(lang).to_string(),
        ],
        rows: vec![
            row(
                t!("Deployments to production", "Số lần deploy lên production"),
                keys.deployments.to_string(),
                Tone::Plain,
            ),
            row(
                t!(
                    "Lead time for changes (median, push to production)",
                    "Lead time for changes (trung vị, từ push đến production)"
                ),
                lead,
                Tone::Plain,
            ),
            row(
                t!("Change fail rate", "Change fail rate (tỷ lệ thay đổi lỗi)"),
                fail,
                Tone::Plain,
            ),
            row(
                t!(
                    "Commits pushed but not in production",
                    "Commit đã push nhưng chưa lên production"
                ),
                keys.undelivered_commits.to_string(),
                if keys.undelivered_commits > 0 {
                    Tone::Warn
                } else {
                    Tone::Plain
                },
            ),
        ],
    })
}

pub(super) fn panel(
    all: &Pipelines,
    lab: &LabView<'_>,
    answers: &Answers,
    focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for def in &all.pipelines {
        let starter = match lab.input(&def.definition).map(|i| &i.kind) {
            Some(InputKind::Template { starter }) => starter.as_str(),
            _ => "",
        };
        let definition = crate::answer::text(answers, &def.definition).unwrap_or(starter);
        let script = crate::answer::text(answers, &def.script).unwrap_or("");
        let r = replay(def, definition, script);
        let name = r
            .report
            .pipeline
            .as_ref()
            .map_or(def.id.clone(), |p| p.name.clone());
        panel.blocks.push(Block::Heading(
            t!("Pipeline {name}", "Pipeline {name}").fill(lang, &[("name", &name)]),
        ));
        // The step about the definition offers the builder first; the one about driving it,
        // the pipeline's buttons; a step about neither, both. A definition the lab gives is
        // read, not built: no builder.
        let drive = buttons(def, &r, lang);
        let builder = match def.given {
            Some(_) => None,
            None => super::builder::buttons(def, definition, lang),
        };
        let on_definition = focus.contains(&def.definition);
        let on_script = focus.contains(&def.script);
        match (on_definition, on_script) {
            (true, false) => panel.actions.extend(builder),
            (false, true) => panel.actions.push(drive),
            _ => {
                panel.actions.extend(builder);
                panel.actions.push(drive);
            }
        }
        panel
            .blocks
            .extend(r.report.diagnostics.iter().take(8).map(|d| {
                Block::finding(
                    d.severity() == pl::Severity::Error,
                    crate::cicd::pipeline::line(FILE, d, lang),
                )
            }));
        if r.sim.is_none() {
            panel.blocks.push(Block::Note {
                tone: Tone::Plain,
                text: t!(
                    "Fix the definition's errors: the pipeline runs once it validates.",
                    "Hãy sửa các lỗi của definition: pipeline sẽ chạy khi definition hợp lệ."
                )
                .get(lang)
                .to_string(),
            });
            continue;
        }
        for (line, what, p) in &r.problems {
            panel.blocks.push(Block::Note {
                tone: Tone::Warn,
                text: t!(
                    "Line {line} ({what}) did nothing: {why}",
                    "Dòng {line} ({what}) không có tác dụng: {why}"
                )
                .fill(
                    lang,
                    &[
                        ("line", line as &dyn std::fmt::Display),
                        ("what", what),
                        ("why", &problem(p, lang)),
                    ],
                ),
            });
        }
        let now = r.sim.as_ref().map_or(0, Simulation::now);
        panel.blocks.push(Block::Note {
            tone: Tone::Plain,
            text: t!(
                "Events replayed: {n}; the lab's clock reads {clock}. A push runs until the pipeline finishes or waits for an approval.",
                "Số sự kiện đã chạy lại: {n}; đồng hồ của bài lab chỉ {clock}. Mỗi lần push, pipeline chạy đến khi xong hoặc dừng chờ approval."
            )
            .fill(
                lang,
                &[("n", &r.ran as &dyn std::fmt::Display), ("clock", &show_time(now))],
            ),
        });
        if let Some(d) = diagram(&r, lang) {
            panel.blocks.push(Block::Drawing(d));
        }
        let dash = || Cell::plain("—");
        let rows = r
            .history()
            .iter()
            .rev()
            .map(|e| {
                let commit = commit_of(e);
                let message = def.commit(commit).map_or("", |c| c.message.as_str());
                vec![
                    Cell::plain(e.id.clone()),
                    Cell::new(e.status.name(), execution_tone(e.status)),
                    Cell::plain(format!("{commit}: {message}")),
                    Cell::plain(show_time(e.started)),
                    e.ended.map_or_else(dash, |t| Cell::plain(show_time(t))),
                    Cell::plain(stands(&r, e, lang)),
                ]
            })
            .collect();
        panel.blocks.push(Block::Table {
            caption: t!(
                "Execution history, newest first",
                "Lịch sử execution, mới nhất ở trên"
            )
            .get(lang)
            .to_string(),
            head: [
                t!("Execution ID", "ID lần chạy"),
                t!("Status", "Trạng thái"),
                t!("Source revision", "Revision nguồn"),
                t!("Started", "Bắt đầu"),
                t!("Completed", "Kết thúc"),
                t!("Where it stands", "Dừng ở đâu"),
            ]
            .iter()
            .map(|h| h.get(lang).to_string())
            .collect(),
            rows,
        });
        if let Some(block) = dora_keys(&r, lang) {
            panel.blocks.push(block);
        }
        let mut runs: Vec<(i64, u64, Vec<Cell>)> = r
            .log
            .iter()
            .map(|l| {
                let status = r
                    .history()
                    .iter()
                    .find(|e| e.id == l.execution)
                    .and_then(|e| e.stages.iter().find(|s| s.name == l.stage))
                    .and_then(|s| s.actions.iter().find(|a| a.name == l.action))
                    .filter(|a| a.started == Some(l.start))
                    .and_then(|a| a.status)
                    .unwrap_or(if l.succeeded {
                        ActionStatus::Succeeded
                    } else {
                        ActionStatus::Failed
                    });
                let ended = if status == ActionStatus::InProgress {
                    dash()
                } else {
                    Cell::plain(show_time(l.end))
                };
                let row = vec![
                    Cell::plain(l.execution.clone()),
                    Cell::plain(format!("{}/{}", l.stage, l.action)),
                    Cell::new(status.name(), action_tone(status)),
                    Cell::plain(show_time(l.start)),
                    ended,
                    Cell::plain(summary(l, lang)),
                ];
                (l.start, l.execution.parse().unwrap_or(0), row)
            })
            .collect();
        // Manual approvals: answered by the learner, not run by the runner.
        if let Some(p) = r.pipeline() {
            for e in r.history() {
                for (s, st) in e.stages.iter().enumerate() {
                    for (a, ar) in st.actions.iter().enumerate() {
                        let (Some(start), Some(status)) = (ar.started, ar.status) else {
                            continue;
                        };
                        if !p.stages[s].actions[a].is_manual_approval() {
                            continue;
                        }
                        let what = approval_outcome(&p.stages[s].actions[a], ar);
                        let row = vec![
                            Cell::plain(e.id.clone()),
                            Cell::plain(format!("{}/{}", st.name, ar.name)),
                            Cell::new(status.name(), action_tone(status)),
                            Cell::plain(show_time(start)),
                            ar.ended.map_or_else(dash, |t| Cell::plain(show_time(t))),
                            Cell::plain(what.get(lang)),
                        ];
                        runs.push((start, e.id.parse().unwrap_or(0), row));
                    }
                }
            }
        }
        runs.sort_by_key(|(start, id, _)| std::cmp::Reverse((*start, *id)));
        let rows = runs.into_iter().map(|(_, _, row)| row).collect();
        panel.blocks.push(Block::Table {
            caption: t!(
                "Action executions, newest first",
                "Các lần chạy action, mới nhất ở trên"
            )
            .get(lang)
            .to_string(),
            head: [
                t!("Execution", "Lần chạy"),
                t!("Stage/action", "Stage/action"),
                t!("Status", "Trạng thái"),
                t!("Started", "Bắt đầu"),
                t!("Ended", "Kết thúc"),
                t!("Summary", "Tóm tắt"),
            ]
            .iter()
            .map(|h| h.get(lang).to_string())
            .collect(),
            rows,
        });
        // The latest execution's failed build if it has one (parallel actions: the one that
        // stopped it), else the latest build.
        let latest = r.log.last().map(|l| l.execution.clone());
        fn build(l: &RunLog) -> Option<&codebuild::Build> {
            match &l.ran {
                Ran::Build(b) => Some(b),
                _ => None,
            }
        }
        let last_build = r
            .log
            .iter()
            .rev()
            .filter(|l| Some(&l.execution) == latest.as_ref() && !l.succeeded)
            .find_map(build)
            .or_else(|| r.log.iter().rev().find_map(build));
        if let Some(b) = last_build {
            panel.blocks.push(Block::Code {
                label: t!(
                    "Build log of the latest CodeBuild run ({id}, {status})",
                    "Build log của lần chạy CodeBuild gần nhất ({id}, {status})"
                )
                .fill(lang, &[("id", &b.id), ("status", &b.status.name())]),
                text: b.log.join("\n"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Answer;

    fn def() -> PipelineDef {
        let good = [
            (
                "buildspec.yml",
                "version: 0.2\nphases:\n  build:\n    commands:\n      - pytest\n",
            ),
            ("test_app.py", "def test_total():\n    assert 2 == 2\n"),
        ];
        let bad = [
            (
                "buildspec.yml",
                "version: 0.2\nphases:\n  build:\n    commands:\n      - pytest\n",
            ),
            ("test_app.py", "def test_total():\n    assert 2 == 3\n"),
        ];
        let commit = |id: &str, files: &[(&str, &str)]| super::super::Commit {
            id: id.into(),
            message: format!("commit {id}"),
            author: "lan".into(),
            files: files
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
        };
        PipelineDef {
            id: "release".into(),
            definition: "definition".into(),
            script: "script".into(),
            repository: "my-app".into(),
            branch: "main".into(),
            targets: vec!["staging".into(), "production".into()],
            commits: vec![commit("c2", &good), commit("c3", &bad)],
            scripts: Default::default(),
            projects: Default::default(),
            given: None,
        }
    }

    fn action(
        name: &str,
        category: &str,
        provider: &str,
        config: &str,
        inputs: &str,
        outputs: &str,
    ) -> String {
        let art = |list: &str| {
            list.split_whitespace()
                .map(|n| format!("{{\"name\": \"{n}\"}}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "{{\"name\": \"{name}\", \"actionTypeId\": {{\"category\": \"{category}\", \"owner\": \"AWS\", \"provider\": \"{provider}\", \"version\": \"1\"}}, \"runOrder\": 1, \"configuration\": {{{config}}}, \"inputArtifacts\": [{}], \"outputArtifacts\": [{}]}}",
            art(inputs),
            art(outputs)
        )
    }

    fn pipeline(stages: &[(&str, String)]) -> String {
        let stages: Vec<String> = stages
            .iter()
            .map(|(n, a)| format!("{{\"name\": \"{n}\", \"actions\": [{a}]}}"))
            .collect();
        format!(
            "{{\"pipeline\": {{\"name\": \"my-app\", \"roleArn\": \"arn:aws:iam::123456789012:role/p\", \"artifactStore\": {{\"type\": \"S3\", \"location\": \"artifacts\"}}, \"stages\": [{}], \"version\": 1}}}}",
            stages.join(", ")
        )
    }

    fn full(approval_last: bool) -> String {
        let source = action(
            "Source",
            "Source",
            "CodeCommit",
            "\"RepositoryName\": \"my-app\", \"BranchName\": \"main\"",
            "",
            "SourceOutput",
        );
        let build = action(
            "Build",
            "Build",
            "CodeBuild",
            "\"ProjectName\": \"my-app-build\"",
            "SourceOutput",
            "BuildOutput",
        );
        let deploy = |n: &str, g: &str| {
            action(
                n,
                "Deploy",
                "CodeDeploy",
                &format!("\"ApplicationName\": \"my-app\", \"DeploymentGroupName\": \"{g}\""),
                "BuildOutput",
                "",
            )
        };
        let approval = action("Approval", "Approval", "Manual", "", "", "");
        let mut stages = vec![
            ("Source", source),
            ("Build", build),
            ("Staging", deploy("Deploy", "staging")),
            ("Approval", approval.clone()),
            ("Production", deploy("Deploy", "production")),
        ];
        if approval_last {
            let a = stages.remove(3);
            stages.push(a);
        }
        pipeline(&stages)
    }

    #[test]
    fn a_good_commit_waits_for_approval_then_reaches_production() {
        let d = def();
        let r = replay(&d, &full(false), "push c2");
        assert!(r.problems.is_empty(), "{:?}", r.report.diagnostics);
        let e = &r.history()[0];
        assert_eq!(e.status, ExecutionStatus::InProgress);
        assert_eq!(r.waiting().len(), 1);
        let staged = RunCheck {
            deployed: [("staging".to_string(), "c2".to_string())].into(),
            not_deployed: vec!["production".into()],
            built: vec!["c2".into()],
            awaiting_approval: Some(true),
            ..RunCheck::default()
        };
        assert_eq!(missing(&staged, &r, Lang::En), None);
        let r = replay(&d, &full(false), "push c2\napprove Approval");
        assert_eq!(r.history()[0].status, ExecutionStatus::Succeeded);
        // The approval-last pipeline puts c2 in production first.
        let r = replay(&d, &full(true), "push c2");
        let why = missing(&staged, &r, Lang::En).unwrap();
        assert!(why.starts_with("c2 reached production at 0:"), "{why}");
        assert!(why.ends_with("before anyone approved it."), "{why}");
    }

    #[test]
    fn a_given_definition_is_graded_until_the_learner_edits_it() {
        let mut d = def();
        let all = |d: &PipelineDef| Pipelines {
            pipelines: vec![d.clone()],
        };
        let check = PipelineCheck::Run(RunCheck {
            input: "definition".into(),
            pipeline: "release".into(),
            events: Some("script".into()),
            succeeded: vec!["c2".into()],
            ..RunCheck::default()
        });
        let mut answers = Answers::new();
        answers.insert("script".into(), Answer::Text("push c2\napprove".into()));
        // Without a given definition, an unedited one is not answered.
        let g = grade(&check, &all(&d), &answers);
        assert_eq!(g.verdict, Verdict::NotAnswered);
        // Given, it is what the learner drives.
        d.given = Some(full(false));
        assert_eq!(grade(&check, &all(&d), &answers).verdict, Verdict::Correct);
        // An edit wins: here, a definition that does not validate.
        answers.insert("definition".into(), Answer::Text("{".into()));
        assert_ne!(grade(&check, &all(&d), &answers).verdict, Verdict::Correct);
    }

    #[test]
    fn a_failing_test_stops_the_commit_at_build() {
        let d = def();
        let r = replay(&d, &full(false), "push c3\napprove");
        assert_eq!(r.history()[0].status, ExecutionStatus::Failed);
        assert_eq!(r.problems.len(), 1, "the approval is refused");
        let check = RunCheck {
            failed: [("c3".to_string(), "Build".to_string())].into(),
            not_deployed: vec!["staging".into(), "production".into()],
            ..RunCheck::default()
        };
        assert_eq!(missing(&check, &r, Lang::En), None);
        let summary = r.log.iter().find_map(|l| match &l.ran {
            Ran::Build(b) => Some(crate::cicd::codebuild::summary(b, Lang::En)),
            _ => None,
        });
        assert!(summary.unwrap().contains("pytest"));
    }

    /// A lab with projects: unit tests and an image scan, each its own buildspec.
    fn shift_def() -> PipelineDef {
        let mut d = def();
        let test = "version: 0.2\nphases:\n  build:\n    commands:\n      - pytest\n";
        let scan = "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build -t app:scan .\n      - trivy image --exit-code 1 --severity CRITICAL app:scan\n";
        for (c, base) in d
            .commits
            .iter_mut()
            .zip(["python:3.12-slim", "python:3.6-slim"])
        {
            c.files.retain(|(p, _)| p != "buildspec.yml");
            c.files.push(("buildspec-test.yml".into(), test.into()));
            c.files.push(("buildspec-scan.yml".into(), scan.into()));
            c.files
                .push(("Dockerfile".into(), format!("FROM {base}\n")));
            c.files.push((
                "test_app.py".into(),
                "def test_total():\n    assert 2 == 2\n".into(),
            ));
        }
        d.projects = [
            (
                "unit-tests".to_string(),
                super::super::Project {
                    buildspec: "buildspec-test.yml".into(),
                    privileged_mode: false,
                },
            ),
            (
                "image-scan".to_string(),
                super::super::Project {
                    buildspec: "buildspec-scan.yml".into(),
                    privileged_mode: true,
                },
            ),
        ]
        .into();
        d
    }

    /// Source → Test (unit-tests, then `scan`'s project at `scan_order`) → Production.
    fn shift_pipeline(scan: &str, scan_order: u32) -> String {
        let source = action(
            "Source",
            "Source",
            "CodeCommit",
            "\"RepositoryName\": \"my-app\", \"BranchName\": \"main\"",
            "",
            "SourceOutput",
        );
        let test = |n: &str, p: &str| {
            action(
                n,
                "Test",
                "CodeBuild",
                &format!("\"ProjectName\": \"{p}\""),
                "SourceOutput",
                "",
            )
        };
        let scan = test("ImageScan", scan)
            .replace("\"runOrder\": 1", &format!("\"runOrder\": {scan_order}"));
        let deploy = action(
            "Deploy",
            "Deploy",
            "CodeDeploy",
            "\"ApplicationName\": \"my-app\", \"DeploymentGroupName\": \"production\"",
            "SourceOutput",
            "",
        );
        pipeline(&[
            ("Source", source),
            (
                "Test",
                format!("{}, {scan}", test("UnitTests", "unit-tests")),
            ),
            ("Production", deploy),
        ])
    }

    #[test]
    fn each_codebuild_project_runs_its_own_buildspec_and_the_scan_stops_an_old_image() {
        let d = shift_def();
        let r = replay(&d, &shift_pipeline("image-scan", 1), "push c2\npush c3");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let check = RunCheck {
            succeeded: vec!["c2".into()],
            failed: [("c3".to_string(), "Test".to_string())].into(),
            deployed: [("production".to_string(), "c2".to_string())].into(),
            parallel: vec!["unit-tests".into(), "image-scan".into()],
            ..RunCheck::default()
        };
        assert_eq!(missing(&check, &r, Lang::En), None);
        let scan = r
            .log
            .iter()
            .find(|l| l.commit == "c3" && l.project == "image-scan")
            .unwrap();
        let said = summary(scan, Lang::En);
        assert!(said.contains("trivy image"), "{said}");
        assert!(
            said.ends_with("image scan of app:scan: CRITICAL end-of-life base image python:3.6"),
            "{said}"
        );
        // In sequence: the scan waits for the unit tests.
        let only = RunCheck {
            parallel: check.parallel.clone(),
            ..RunCheck::default()
        };
        let r = replay(&d, &shift_pipeline("image-scan", 2), "push c2");
        let why = missing(&only, &r, Lang::En).unwrap();
        assert!(
            why.starts_with(
                "In execution 1 (c2), Test/UnitTests started at 0:00:05 and Test/ImageScan at 0:"
            ),
            "{why}"
        );
        // A project the lab does not have fails its action, and the check names what ran.
        let r = replay(&d, &shift_pipeline("scan", 1), "push c2");
        let failed = r.log.iter().find(|l| !l.succeeded).unwrap();
        assert!(matches!(&failed.ran, Ran::NoProject(p) if p == "scan"));
        let why = missing(&check, &r, Lang::En).unwrap();
        assert!(why.contains("CodeBuild has no project scan"), "{why}");
        assert_eq!(
            missing(&only, &r, Lang::En).unwrap(),
            "Execution 1 (c2) ran no CodeBuild action with project image-scan."
        );
    }

    #[test]
    fn script_lines_read_or_say_why_not() {
        let d = def();
        assert_eq!(parse_line("push c2", &d), Ok(Some(Op::Push("c2".into()))));
        assert_eq!(parse_line("  # note", &d), Ok(None));
        assert_eq!(parse_line("wait 7d", &d), Ok(Some(Op::Wait(604_800))));
        assert_eq!(
            parse_line("push c9", &d),
            Err(Problem::NoCommit("c9".into()))
        );
        assert!(matches!(
            parse_line("deploy now", &d),
            Err(Problem::Unknown(_))
        ));
    }

    #[test]
    fn an_unanswered_approval_fails_after_seven_days() {
        let d = def();
        let r = replay(&d, &full(false), "push c2\nwait 7d");
        assert_eq!(r.history()[0].status, ExecutionStatus::Failed);
        let stands = stands(&r, &r.history()[0], Lang::En);
        assert!(
            stands.ends_with("(Approval/Approval: No answer: the approval timed out)"),
            "{stands}"
        );
        let r = replay(&d, &full(false), "push c2\nreject Approval");
        let stands = super::stands(&r, &r.history()[0], Lang::En);
        assert!(
            stands.ends_with("(Approval/Approval: Rejected)"),
            "{stands}"
        );
    }

    #[test]
    fn the_diagram_draws_each_stage_with_its_actions_statuses() {
        let d = def();
        let r = replay(&d, &full(false), "push c2");
        let drawing = diagram(&r, Lang::En).unwrap();
        let labels: Vec<(String, Tone)> = drawing
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Label { text, tone, .. } => Some((text.clone(), *tone)),
                _ => None,
            })
            .collect();
        let boxes = drawing
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Node { .. }))
            .count();
        assert_eq!(boxes, 5);
        let has =
            |part: &str, tone: Tone| labels.iter().any(|(t, x)| t.contains(part) && *x == tone);
        assert!(
            has("Succeeded · execution 1 · c2", Tone::Good),
            "{labels:?}"
        );
        assert!(
            has(
                "Approval (Manual) · InProgress — waiting for approval",
                Tone::Busy
            ),
            "{labels:?}"
        );
        assert!(has("Didn't run", Tone::Plain), "{labels:?}");
        assert!(
            has(
                "Build (CodeBuild) · Succeeded — Build #1 SUCCEEDED",
                Tone::Good
            ),
            "{labels:?}"
        );
    }
}
