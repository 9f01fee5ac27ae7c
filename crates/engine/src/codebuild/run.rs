//! Running a buildspec against a simulated source: the phases in CodeBuild's order and its
//! phase transitions, the build log as CodeBuild writes it, environment variables, reports,
//! artifacts and images.
//!
//! Facts: phase names and statuses from the API's BuildPhase
//! (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BuildPhase.html); the
//! transitions from "Build phase transitions"
//! (https://docs.aws.amazon.com/codebuild/latest/userguide/view-build-details-phases.html:
//! a failed PROVISIONING, DOWNLOAD_SOURCE, INSTALL or PRE_BUILD goes to FINALIZING, a failed
//! BUILD goes to POST_BUILD, "The UPLOAD_ARTIFACTS phase is always attempted, even if the
//! BUILD phase fails") and build-spec-ref.html ("if a command fails during the install
//! phase, none of the commands in the pre_build, build, and post_build phases are run";
//! `finally` "executed even if a command in the commands block fails"; on-failure); the
//! variables from https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html.

use std::collections::BTreeMap;

use super::commands::{civil, join};
use super::glob;
use super::shell::{Machine, Outcome};
use super::spec::{Artifacts, Buildspec, FileFormat, OnFailure, PhaseName, Version};
use super::tests_model::read_junit;
use crate::numbers::hash64;

/// The simulated source: the commit and its files (path → text).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Source {
    /// The commit id (CODEBUILD_RESOLVED_SOURCE_VERSION).
    pub version: String,
    pub branch: String,
    pub files: BTreeMap<String, String>,
}

/// The build project's environment and the start-build call.
#[derive(Clone, Debug, PartialEq)]
pub struct Environment {
    pub image: String,
    pub compute_type: String,
    pub project: String,
    pub region: String,
    pub account: String,
    pub build_number: u64,
    /// When the build starts, in Unix seconds.
    pub start: i64,
    /// Variables of the project or start-build: they take precedence over the buildspec's.
    pub variables: Vec<(String, String)>,
    /// Parameter Store and Secrets Manager values by parameter name or secret id.
    pub parameters: BTreeMap<String, String>,
    /// The build timeout in minutes (CodeBuild's default is 60).
    pub timeout_minutes: u32,
    /// The project's privileged mode (needed to run Docker; off by default as in CodeBuild).
    pub privileged_mode: bool,
    /// CODEBUILD_INITIATOR: `codepipeline/<name>`, a user name…
    pub initiator: String,
    /// Started by a webhook: CODEBUILD_WEBHOOK_HEAD_REF is set to `refs/heads/<branch>`.
    pub webhook: bool,
    /// The ECR repositories of the account, when the lab names them (None: any exists).
    pub ecr_repositories: Option<Vec<String>>,
}

impl Default for Environment {
    fn default() -> Self {
        Environment {
            image: "aws/codebuild/amazonlinux-x86_64-standard:5.0".into(),
            compute_type: "BUILD_GENERAL1_SMALL".into(),
            project: "my-project".into(),
            region: "us-east-1".into(),
            account: "123456789012".into(),
            build_number: 1,
            start: 1_796_032_800, // 2026-11-30 10:00:00 UTC
            variables: Vec::new(),
            parameters: BTreeMap::new(),
            timeout_minutes: DEFAULT_TIMEOUT_MINUTES,
            privileged_mode: false,
            initiator: "codebuild-user".into(),
            webhook: false,
            ecr_repositories: None,
        }
    }
}

/// The default build timeout, in minutes.
pub const DEFAULT_TIMEOUT_MINUTES: u32 = 60;

/// The phases of a build, in CodeBuild's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BuildPhase {
    Submitted,
    Queued,
    Provisioning,
    DownloadSource,
    Install,
    PreBuild,
    Build,
    PostBuild,
    UploadArtifacts,
    Finalizing,
    Completed,
}

impl BuildPhase {
    /// The name as the API writes it: `PRE_BUILD`.
    pub fn name(self) -> &'static str {
        match self {
            BuildPhase::Submitted => "SUBMITTED",
            BuildPhase::Queued => "QUEUED",
            BuildPhase::Provisioning => "PROVISIONING",
            BuildPhase::DownloadSource => "DOWNLOAD_SOURCE",
            BuildPhase::Install => "INSTALL",
            BuildPhase::PreBuild => "PRE_BUILD",
            BuildPhase::Build => "BUILD",
            BuildPhase::PostBuild => "POST_BUILD",
            BuildPhase::UploadArtifacts => "UPLOAD_ARTIFACTS",
            BuildPhase::Finalizing => "FINALIZING",
            BuildPhase::Completed => "COMPLETED",
        }
    }

    fn of(p: PhaseName) -> BuildPhase {
        match p {
            PhaseName::Install => BuildPhase::Install,
            PhaseName::PreBuild => BuildPhase::PreBuild,
            PhaseName::Build => BuildPhase::Build,
            PhaseName::PostBuild => BuildPhase::PostBuild,
        }
    }
}

/// A phase's or a build's status, as the API names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Succeeded,
    Failed,
    Fault,
    TimedOut,
    InProgress,
    Stopped,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::Fault => "FAULT",
            Status::TimedOut => "TIMED_OUT",
            Status::InProgress => "IN_PROGRESS",
            Status::Stopped => "STOPPED",
        }
    }
}

/// A phase context: the status code and message the console shows for a phase.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseContext {
    pub status_code: String,
    pub message: String,
}

/// One phase of the build.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseRecord {
    pub phase: BuildPhase,
    /// None for COMPLETED, which has no status.
    pub status: Option<Status>,
    pub start: i64,
    pub duration: u32,
    pub context: Option<PhaseContext>,
}

/// A test case of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct TestCase {
    pub prefix: String,
    pub name: String,
    /// SUCCEEDED, FAILED, ERROR or SKIPPED.
    pub status: &'static str,
    pub message: Option<String>,
}

/// A report made from a report group's files.
#[derive(Clone, Debug, PartialEq)]
pub struct TestReport {
    /// `<project>-<group>` for a name, the ARN as written for an ARN.
    pub group: String,
    pub format: FileFormat,
    pub files: Vec<String>,
    pub cases: Vec<TestCase>,
    /// SUCCEEDED when no case failed, FAILED otherwise.
    pub status: &'static str,
}

/// An artifact's files: (path inside the artifact, path in the build).
#[derive(Clone, Debug, PartialEq)]
pub struct ArtifactOutput {
    /// None for the primary artifact.
    pub identifier: Option<String>,
    pub name: Option<String>,
    pub files: Vec<(String, String)>,
}

/// An image pushed to a registry.
#[derive(Clone, Debug, PartialEq)]
pub struct PushedImage {
    pub uri: String,
    pub repository: String,
    pub tag: String,
    pub digest: String,
    /// The Dockerfile's base image.
    pub base: String,
}

/// An image scan's finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub image: String,
    pub base: String,
    pub severity: String,
    pub name: String,
}

/// The outcome of a build.
#[derive(Clone, Debug, PartialEq)]
pub struct Build {
    /// `<project>:<uuid>`.
    pub id: String,
    pub arn: String,
    pub number: u64,
    /// SUCCEEDED, FAILED or TIMED_OUT.
    pub status: Status,
    pub phases: Vec<PhaseRecord>,
    /// The build log, line by line.
    pub log: Vec<String>,
    /// The variables CodeBuild set at the start of the build.
    pub env: BTreeMap<String, String>,
    pub exported: BTreeMap<String, String>,
    pub reports: Vec<TestReport>,
    pub artifacts: Vec<ArtifactOutput>,
    pub images: Vec<PushedImage>,
    pub findings: Vec<Finding>,
    /// The build container's files at the end.
    pub files: BTreeMap<String, String>,
    /// Seconds from the start to the end.
    pub duration: u32,
}

impl Build {
    /// The record of a phase, if it ran.
    pub fn phase(&self, p: BuildPhase) -> Option<&PhaseRecord> {
        self.phases.iter().find(|r| r.phase == p)
    }
}

// Fixed phase durations in seconds (COMMANDS.md).
const SUBMITTED_S: u32 = 1;
const QUEUED_S: u32 = 1;
const PROVISIONING_S: u32 = 20;
const DOWNLOAD_SOURCE_S: u32 = 3;
const UPLOAD_S: u32 = 1;
const FINALIZING_S: u32 = 2;

struct Runner {
    m: Machine,
    log: Vec<String>,
    phases: Vec<PhaseRecord>,
    now: i64,
    deadline: i64,
    version: Version,
    timed_out: bool,
}

impl Runner {
    fn line(&mut self, text: &str) {
        let (y, mo, d, h, mi, s) = civil(self.now);
        // Microseconds: a deterministic value from the line's index.
        let micros = (self.log.len() as u64 * 104_729 + 13) % 1_000_000;
        self.log.push(format!(
            "[Container] {y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}.{micros:06} {text}"
        ));
    }

    fn output(&mut self, out: &str) {
        for l in out.lines() {
            self.log.push(l.to_string());
        }
    }

    fn record(
        &mut self,
        phase: BuildPhase,
        status: Status,
        start: i64,
        context: Option<PhaseContext>,
    ) {
        let duration = (self.now - start).max(0) as u32;
        self.phases.push(PhaseRecord {
            phase,
            status: Some(status),
            start,
            duration,
            context,
        });
    }

    fn fixed(&mut self, phase: BuildPhase, seconds: u32) {
        let start = self.now;
        self.now += i64::from(seconds);
        self.record(phase, Status::Succeeded, start, None);
    }

    /// Runs commands; the first failure's context, or a timeout.
    fn commands(
        &mut self,
        commands: &[super::spec::Command],
        stop_on_failure: bool,
    ) -> Option<PhaseContext> {
        let mut first = None;
        for c in commands {
            self.line(&format!("Running command {}", c.text));
            let (vars, cwd) = (self.m.vars.clone(), self.m.cwd.clone());
            self.m.clock = self.now;
            let r: Outcome = self.m.run_line(&c.text, "");
            if self.version == Version::V01 {
                // Version 0.1: each command in its own shell instance.
                self.m.vars = vars;
                self.m.cwd = cwd;
            }
            let end = self.now + i64::from(r.seconds);
            if end > self.deadline {
                self.now = self.deadline;
                self.output(&r.out);
                self.timed_out = true;
                return Some(PhaseContext {
                    status_code: "BUILD_TIMED_OUT".into(),
                    message: "Build has timed out. ".into(),
                });
            }
            self.now = end;
            self.output(&r.out);
            if r.status != 0 {
                self.line(&format!(
                    "Command did not exit successfully {} exit status {}",
                    c.text, r.status
                ));
                if first.is_none() {
                    first = Some(PhaseContext {
                        status_code: "COMMAND_EXECUTION_ERROR".into(),
                        message: format!(
                            "Error while executing command: {}. Reason: exit status {}",
                            c.text, r.status
                        ),
                    });
                }
                if stop_on_failure {
                    break;
                }
            }
        }
        first
    }
}

/// A deterministic UUID-like id.
fn uuid(parts: &[&[u8]]) -> String {
    let a = hash64(parts);
    let b = hash64(&[&a.to_le_bytes(), b"uuid"]);
    let h = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Runs the buildspec on the source in the environment.
pub fn run(spec: &Buildspec, source: &Source, env: &Environment) -> Build {
    let id_part = uuid(&[
        env.project.as_bytes(),
        &env.build_number.to_le_bytes(),
        source.version.as_bytes(),
    ]);
    let id = format!("{}:{id_part}", env.project);
    let arn = format!(
        "arn:aws:codebuild:{}:{}:build/{id}",
        env.region, env.account
    );
    let src_dir = format!(
        "/codebuild/output/src{}/src",
        hash64(&[id.as_bytes()]) % 1_000_000_000
    );
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    // The buildspec's declarations take lowest precedence, the project's and the
    // start-build call's the highest (env/variables).
    for (k, v) in &spec.env.variables {
        vars.insert(k.clone(), v.clone());
    }
    for (k, name) in &spec.env.parameter_store {
        vars.insert(
            k.clone(),
            env.parameters.get(name).cloned().unwrap_or_default(),
        );
    }
    for (k, r) in &spec.env.secrets_manager {
        vars.insert(
            k.clone(),
            env.parameters
                .get(&r.secret_id)
                .cloned()
                .unwrap_or_default(),
        );
    }
    for (k, v) in &env.variables {
        vars.insert(k.clone(), v.clone());
    }
    let builtin: Vec<(&str, String)> = vec![
        ("AWS_DEFAULT_REGION", env.region.clone()),
        ("AWS_REGION", env.region.clone()),
        ("CODEBUILD_BUILD_ARN", arn.clone()),
        ("CODEBUILD_BUILD_ID", id.clone()),
        ("CODEBUILD_BUILD_IMAGE", env.image.clone()),
        ("CODEBUILD_BUILD_NUMBER", env.build_number.to_string()),
        ("CODEBUILD_BUILD_SUCCEEDING", "1".into()),
        ("CODEBUILD_INITIATOR", env.initiator.clone()),
        // "The log stream name in CloudWatch Logs for the build" (the id's UUID part).
        ("CODEBUILD_LOG_PATH", id_part.clone()),
        (
            "CODEBUILD_PROJECT_ARN",
            format!(
                "arn:aws:codebuild:{}:{}:project/{}",
                env.region, env.account, env.project
            ),
        ),
        ("CODEBUILD_RESOLVED_SOURCE_VERSION", source.version.clone()),
        ("CODEBUILD_SOURCE_VERSION", source.version.clone()),
        ("CODEBUILD_SRC_DIR", src_dir.clone()),
        // "The start time of the build specified as a Unix timestamp in milliseconds."
        ("CODEBUILD_START_TIME", (env.start * 1000).to_string()),
        // "This environment variable is always set to /root."
        ("HOME", "/root".into()),
    ];
    let mut set = BTreeMap::new();
    for (k, v) in builtin {
        vars.insert(k.into(), v.clone());
        set.insert(k.to_string(), v);
    }
    // Builds started by a webhook (a push to a branch): the head reference, the trigger
    // `branch/<name>` and the event.
    if env.webhook {
        let webhook = [
            ("CODEBUILD_WEBHOOK_EVENT", "PUSH".to_string()),
            (
                "CODEBUILD_WEBHOOK_HEAD_REF",
                format!("refs/heads/{}", source.branch),
            ),
            (
                "CODEBUILD_WEBHOOK_TRIGGER",
                format!("branch/{}", source.branch),
            ),
        ];
        for (k, v) in webhook {
            vars.insert(k.into(), v.clone());
            set.insert(k.into(), v);
        }
    }
    let mut r = Runner {
        m: Machine {
            vars,
            fs: source.files.clone(),
            src_dir: src_dir.clone(),
            privileged: env.privileged_mode,
            account: env.account.clone(),
            region: env.region.clone(),
            ecr_repositories: env.ecr_repositories.clone(),
            ..Machine::default()
        },
        log: Vec::new(),
        phases: Vec::new(),
        now: env.start,
        deadline: 0,
        version: spec.version,
        timed_out: false,
    };
    r.fixed(BuildPhase::Submitted, SUBMITTED_S);
    r.fixed(BuildPhase::Queued, QUEUED_S);
    // The timeout counts from the build's start in the container.
    r.deadline = r.now + i64::from(env.timeout_minutes) * 60;
    let start = r.now;
    r.line("Running on CodeBuild On-demand");
    r.line("Waiting for agent ping");
    r.now += i64::from(PROVISIONING_S);
    r.record(BuildPhase::Provisioning, Status::Succeeded, start, None);
    let start = r.now;
    r.line("Waiting for DOWNLOAD_SOURCE");
    r.line("Phase is DOWNLOAD_SOURCE");
    r.line(&format!("CODEBUILD_SRC_DIR={src_dir}"));
    r.line(&format!("YAML location is {src_dir}/buildspec.yml"));
    r.line("Processing environment variables");
    if spec.phases.iter().all(|p| p.runtime_versions.is_empty()) {
        r.line("No runtime version selected in buildspec.");
    }
    r.line(&format!("Moving to directory {src_dir}"));
    r.line("Registering with agent");
    r.line(&format!("Phases found in YAML: {}", spec.phases.len()));
    for p in &spec.phases {
        let n = p.commands.len();
        r.line(&format!(" {}: {n} commands", BuildPhase::of(p.name).name()));
    }
    r.now += i64::from(DOWNLOAD_SOURCE_S);
    r.line("Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED");
    r.line("Phase context status code:  Message: ");
    r.record(BuildPhase::DownloadSource, Status::Succeeded, start, None);

    let mut failed = false;
    let mut finalize = false;
    let mut upload = false;
    for name in PhaseName::ALL {
        if finalize || r.timed_out {
            break;
        }
        let phase = BuildPhase::of(name);
        let written = spec.phase(name);
        let policy = written.map_or(OnFailure::Transitions, |p| p.on_failure.clone());
        let mut tries = match &policy {
            OnFailure::Retry { count, .. } => *count + 1,
            _ => 1,
        };
        loop {
            tries -= 1;
            let start = r.now;
            r.line(&format!("Entering phase {}", phase.name()));
            let mut context = None;
            if let Some(p) = written {
                if let Some(user) = &p.run_as.clone().or_else(|| spec.run_as.clone()) {
                    r.m.vars.insert("USER".into(), user.clone());
                }
                context = r.commands(&p.commands, true);
                if !r.timed_out && !p.finally.is_empty() {
                    let f = r.commands(&p.finally, false);
                    context = context.or(f);
                }
            }
            let status = if r.timed_out {
                Status::TimedOut
            } else if context.is_some() {
                Status::Failed
            } else {
                Status::Succeeded
            };
            r.line(&format!(
                "Phase complete: {} State: {}",
                phase.name(),
                status.name()
            ));
            match &context {
                Some(c) => r.line(&format!(
                    "Phase context status code: {} Message: {}",
                    c.status_code, c.message
                )),
                None => r.line("Phase context status code:  Message: "),
            }
            r.record(phase, status, start, context.clone());
            if status == Status::Succeeded {
                break;
            }
            failed = true;
            r.m.vars
                .insert("CODEBUILD_BUILD_SUCCEEDING".into(), "0".into());
            if r.timed_out {
                break;
            }
            let retry = match &policy {
                OnFailure::Retry { regex, .. } => {
                    tries > 0
                        && regex_matches(regex, &context.map(|c| c.message).unwrap_or_default())
                }
                _ => false,
            };
            if retry {
                continue;
            }
            match policy {
                OnFailure::Continue => {}
                OnFailure::Abort => {
                    finalize = true;
                    upload = false;
                }
                _ => match name {
                    PhaseName::Install | PhaseName::PreBuild => finalize = true,
                    // A failed BUILD goes on to POST_BUILD; a failed POST_BUILD to
                    // UPLOAD_ARTIFACTS.
                    PhaseName::Build | PhaseName::PostBuild => {}
                },
            }
            break;
        }
        if name >= PhaseName::Build && !finalize {
            upload = true;
        }
    }
    // Exported variables keep their values from the end of post_build.
    let mut exported = BTreeMap::new();
    for name in &spec.env.exported_variables {
        if let Some(v) = r.m.vars.get(name) {
            exported.insert(name.clone(), v.clone());
        }
    }
    let mut artifacts = Vec::new();
    if upload && !r.timed_out {
        let start = r.now;
        r.line("Entering phase UPLOAD_ARTIFACTS");
        let mut context = None;
        if let Some(a) = &spec.artifacts {
            let mut all = vec![a];
            all.extend(a.secondary.iter());
            for art in all {
                let out = collect(&mut r, art);
                if out.files.is_empty() {
                    context.get_or_insert(PhaseContext {
                        status_code: "CLIENT_ERROR".into(),
                        message: "no matching artifact paths found".into(),
                    });
                }
                artifacts.push(out);
            }
        }
        r.now += i64::from(UPLOAD_S);
        let status = if context.is_some() {
            Status::Failed
        } else {
            Status::Succeeded
        };
        if context.is_some() {
            failed = true;
        }
        r.line(&format!(
            "Phase complete: UPLOAD_ARTIFACTS State: {}",
            status.name()
        ));
        match &context {
            Some(c) => r.line(&format!(
                "Phase context status code: {} Message: {}",
                c.status_code, c.message
            )),
            None => r.line("Phase context status code:  Message: "),
        }
        r.record(BuildPhase::UploadArtifacts, status, start, context);
    }
    let reports = reports(&r, spec, env);
    let start = r.now;
    r.now += i64::from(FINALIZING_S);
    r.record(BuildPhase::Finalizing, Status::Succeeded, start, None);
    r.phases.push(PhaseRecord {
        phase: BuildPhase::Completed,
        status: None,
        start: r.now,
        duration: 0,
        context: None,
    });
    let status = if r.timed_out {
        Status::TimedOut
    } else if failed {
        Status::Failed
    } else {
        Status::Succeeded
    };
    Build {
        id,
        arn,
        number: env.build_number,
        status,
        phases: r.phases,
        log: r.log,
        env: set,
        exported,
        reports,
        artifacts,
        images: r.m.pushed,
        findings: r.m.findings,
        files: r.m.fs,
        duration: (r.now - env.start).max(0) as u32,
    }
}

/// RETRY's regular expression, simplified: `.*` matches every message; otherwise the
/// pattern with its leading and trailing `.*` removed must appear in the message.
fn regex_matches(regex: &str, message: &str) -> bool {
    let core = regex.trim_start_matches(".*").trim_end_matches(".*");
    core.is_empty() || message.contains(core)
}

/// The directories `base-directory` names (it may hold `*` for top-level directories).
fn bases(m: &Machine, base: Option<&str>) -> Vec<String> {
    match base {
        None => vec![String::new()],
        Some(b) => {
            let b = b.trim_start_matches("./").trim_end_matches('/');
            let b = m.resolve(b);
            if glob::is_glob(&b) {
                let mut dirs: Vec<String> =
                    m.fs.keys()
                        .filter_map(|k| k.rsplit_once('/').map(|(d, _)| d.to_string()))
                        .flat_map(|d| {
                            let parts: Vec<&str> = d.split('/').collect();
                            (1..=parts.len())
                                .map(move |i| parts[..i].join("/"))
                                .collect::<Vec<_>>()
                        })
                        .filter(|d| glob::matches(&b, d))
                        .collect();
                dirs.sort();
                dirs.dedup();
                dirs
            } else {
                vec![b]
            }
        }
    }
}

/// The files `files` patterns match under the base directories, with exclude-paths and
/// discard-paths applied: (path in the output, path in the build).
fn matched(
    m: &Machine,
    files: &[String],
    base: Option<&str>,
    exclude: &[String],
    discard: bool,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for b in bases(m, base) {
        for key in m.files_under(&b) {
            let rel = if b.is_empty() {
                key.clone()
            } else {
                key[b.len() + 1..].to_string()
            };
            let hit = files.iter().any(|p| {
                let p = p.trim_start_matches("./");
                glob::matches(p, &rel)
                    || (!glob::is_glob(p)
                        && rel.starts_with(&format!("{}/", p.trim_end_matches('/'))))
            });
            if !hit || exclude.iter().any(|e| glob::matches(e, &rel)) {
                continue;
            }
            let name = if discard {
                rel.rsplit('/').next().unwrap_or(&rel).to_string()
            } else {
                rel
            };
            if !out.iter().any(|(n, _)| n == &name) {
                out.push((name, key));
            }
        }
    }
    out
}

fn collect(r: &mut Runner, a: &Artifacts) -> ArtifactOutput {
    let base = a.base_directory.as_deref().unwrap_or(".");
    r.line(&format!("Expanding base directory path: {base}"));
    r.line("Assembling file list");
    r.line(&format!("Expanding {base}"));
    r.line(&format!("Expanding file paths for base directory {base}"));
    r.line("Assembling file list");
    for f in &a.files {
        r.line(&format!("Expanding {f}"));
    }
    let files = matched(
        &r.m,
        &a.files,
        a.base_directory.as_deref(),
        &a.exclude_paths,
        a.discard_paths,
    );
    r.line(&format!("Found {} file(s)", files.len()));
    // The name may use the shell's language (`$AWS_REGION`, `$(date +%Y-%m-%d)`).
    let name = a.name.as_ref().map(|n| {
        r.m.clock = r.now;
        let out = r.m.run_line(&format!("echo {n}"), "");
        out.out.trim_end().to_string()
    });
    ArtifactOutput {
        identifier: a.identifier.clone(),
        name,
        files,
    }
}

fn reports(r: &Runner, spec: &Buildspec, env: &Environment) -> Vec<TestReport> {
    let mut out = Vec::new();
    for g in &spec.reports {
        let files = matched(&r.m, &g.files, g.base_directory.as_deref(), &[], false);
        if files.is_empty() {
            continue;
        }
        let mut cases = Vec::new();
        if matches!(g.file_format, FileFormat::JunitXml) {
            for (_, key) in &files {
                for (prefix, name, status, message) in read_junit(&r.m.fs[key]) {
                    cases.push(TestCase {
                        prefix,
                        name,
                        status,
                        message,
                    });
                }
            }
        }
        let status = if cases
            .iter()
            .any(|c| c.status == "FAILED" || c.status == "ERROR")
        {
            "FAILED"
        } else {
            "SUCCEEDED"
        };
        // "If you specify a name, CodeBuild creates a report group using your project name
        // and the name you specify in the format <project-name>-<report-group-name>."
        let group = if g.name.starts_with("arn:") {
            g.name.clone()
        } else {
            format!("{}-{}", env.project, g.name)
        };
        out.push(TestReport {
            group,
            format: g.file_format,
            files: files.into_iter().map(|(_, k)| k).collect(),
            cases,
            status,
        });
    }
    let _ = join;
    out
}
