//! Reading a buildspec: YAML through `crate::tree`, every key and value checked against the
//! buildspec reference, and the typed [`Buildspec`] when nothing is wrong.
//!
//! The reference's text was read in its last published source (awsdocs/aws-codebuild-user-guide,
//! doc_source/build-spec-ref.md at commit 66cc3be, 2023): keys, shells, on-failure ABORT and
//! CONTINUE, reports' formats, artifacts' exclude-paths, enable-symlinks and s3-prefix. The
//! RETRY forms of on-failure and cache's key, fallback-keys and action came later, on the
//! live page only.
//!
//! Facts, unless a comment says otherwise:
//! https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html (syntax, keys,
//! shells, on-failure, reports' file formats, artifacts, cache) and
//! https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html (batch).

use std::collections::BTreeMap;

use super::rules::{Diagnostic, Rule};
use super::spec::*;
use crate::text::edit_distance;
use crate::tree::{Node, Pos, Value};

/// The validation's outcome: the findings in the order of the text, and the typed buildspec
/// when there is no error (warnings allowed).
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub spec: Option<Buildspec>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == crate::tree::Severity::Error)
    }
}

/// The top-level keys, and `eb_codebuild_settings`, which the Elastic Beanstalk CLI reads from
/// the same file (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/eb-cli-codebuild.html).
const TOP: &[&str] = &[
    "version",
    "run-as",
    "env",
    "proxy",
    "batch",
    "phases",
    "reports",
    "artifacts",
    "cache",
    "eb_codebuild_settings",
];
const ENV: &[&str] = &[
    "shell",
    "variables",
    "parameter-store",
    "exported-variables",
    "secrets-manager",
    "git-credential-helper",
];
/// env/shell: "For Linux operating systems, supported shell tags are: bash, /bin/sh. For
/// Windows operating systems, supported shell tags are: powershell.exe, cmd.exe."
pub const SHELLS: &[&str] = &["bash", "/bin/sh", "powershell.exe", "cmd.exe"];
const PROXY: &[&str] = &["upload-artifacts", "logs"];
const PHASE: &[&str] = &["run-as", "on-failure", "commands", "finally"];
const INSTALL: &[&str] = &[
    "run-as",
    "on-failure",
    "runtime-versions",
    "commands",
    "finally",
];
const REPORT: &[&str] = &["files", "base-directory", "discard-paths", "file-format"];
/// The artifacts keys; `type` (`type: zip`) is written by older sample buildspecs and has no
/// effect, so it is accepted.
const ARTIFACTS: &[&str] = &[
    "type",
    "files",
    "name",
    "discard-paths",
    "base-directory",
    "exclude-paths",
    "enable-symlinks",
    "s3-prefix",
    "secondary-artifacts",
];
const CACHE: &[&str] = &["key", "fallback-keys", "action", "paths"];
const BATCH: &[&str] = &["fast-fail", "build-list", "build-matrix", "build-graph"];
const TASK: &[&str] = &[
    "identifier",
    "buildspec",
    "depend-on",
    "env",
    "ignore-failure",
    "debug-session",
];
const TASK_ENV: &[&str] = &[
    "compute-type",
    "fleet",
    "image",
    "privileged-mode",
    "type",
    "variables",
];
const MATRIX: &[&str] = &["static", "dynamic"];
const MATRIX_STATIC: &[&str] = &["ignore-failure", "env"];
const MATRIX_DYNAMIC: &[&str] = &["buildspec", "env"];
/// The runtimes `runtime-versions` takes: the Linux images' android, dotnet, golang, java,
/// nodejs, php, python, ruby, and the Windows image's powershell
/// (https://docs.aws.amazon.com/codebuild/latest/userguide/available-runtimes.html); docker
/// was a runtime of the Ubuntu standard image 2.0
/// (https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-available.html).
pub const RUNTIMES: &[&str] = &[
    "android",
    "docker",
    "dotnet",
    "golang",
    "java",
    "nodejs",
    "php",
    "powershell",
    "python",
    "ruby",
];
/// "A project can have a maximum of five report groups." (reports/report-group-name-or-arn)
pub const MAX_REPORT_GROUPS: usize = 5;

/// Reads and checks a buildspec.
pub fn validate(text: &str) -> Report {
    let mut v = Validator::default();
    let root = match crate::tree::parse(text) {
        Ok((root, _)) => root,
        Err(e) => {
            v.push(e.pos, Rule::Syntax, vec![e.message]);
            return v.finish(None);
        }
    };
    let spec = v.root(&root);
    v.finish(spec)
}

#[derive(Default)]
struct Validator {
    diagnostics: Vec<Diagnostic>,
}

fn near(name: &str, names: &[&str]) -> String {
    let lower = name.to_ascii_lowercase();
    names
        .iter()
        .map(|n| (edit_distance(&lower, &n.to_ascii_lowercase()), *n))
        .filter(|(d, n)| *d <= (n.len() / 3).max(1))
        .min()
        .map(|(_, n)| n.to_string())
        .unwrap_or_default()
}

/// A scalar as text (numbers as written, booleans as `true`/`false`).
fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Number(_, t) => Some(t.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Validator {
    fn push(&mut self, pos: Pos, rule: Rule, args: Vec<String>) {
        self.diagnostics.push(Diagnostic { pos, rule, args });
    }

    fn finish(mut self, spec: Option<Buildspec>) -> Report {
        self.diagnostics.sort_by_key(|d| d.pos);
        let errors = self
            .diagnostics
            .iter()
            .any(|d| d.severity() == crate::tree::Severity::Error);
        Report {
            diagnostics: self.diagnostics,
            spec: if errors { None } else { spec },
        }
    }

    fn wrong(&mut self, node: &Node, path: &str, expected: &str) {
        self.push(
            node.pos,
            Rule::WrongType,
            vec![path.into(), expected.into(), node.kind().into()],
        );
    }

    /// The mapping's entries with duplicate and unknown keys reported; None (reported) when
    /// the node is not a mapping. A null node reads as an empty mapping.
    fn map<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        allowed: Option<&[&str]>,
    ) -> Option<Vec<(&'n crate::tree::Key, &'n Node)>> {
        if matches!(node.value, Value::Null) {
            return Some(Vec::new());
        }
        let Some(entries) = node.as_map() else {
            self.wrong(node, path, "mapping");
            return None;
        };
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        for (k, v) in entries {
            if seen.insert(k.name.clone(), ()).is_some() {
                self.push(k.pos, Rule::DuplicateKey, vec![k.name.clone()]);
                continue;
            }
            if let Some(allowed) = allowed {
                if !allowed.contains(&k.name.as_str()) {
                    self.push(
                        k.pos,
                        Rule::UnknownKey,
                        vec![path.into(), k.name.clone(), near(&k.name, allowed)],
                    );
                    continue;
                }
            }
            out.push((k, v));
        }
        Some(out)
    }

    fn string(&mut self, node: &Node, path: &str) -> Option<String> {
        match scalar(node) {
            Some(s) => Some(s),
            None => {
                self.wrong(node, path, "string");
                None
            }
        }
    }

    /// A yes/no setting: `yes`, `no`, `true` or `false` (YAML 1.1, as CodeBuild reads it).
    fn yes_no(&mut self, node: &Node, path: &str) -> bool {
        match &node.value {
            Value::Bool(b) => *b,
            Value::Str(s) => match s.to_ascii_lowercase().as_str() {
                "yes" | "true" | "on" => true,
                "no" | "false" | "off" => false,
                _ => {
                    self.push(node.pos, Rule::YesNo, vec![path.into(), s.clone()]);
                    false
                }
            },
            _ => {
                self.wrong(node, path, "boolean");
                false
            }
        }
    }

    /// A list of strings; a single string reads as a list of one (as CodeBuild takes it).
    fn strings(&mut self, node: &Node, path: &str) -> Vec<String> {
        if let Some(s) = scalar(node) {
            return vec![s];
        }
        let Some(items) = node.as_seq() else {
            if !matches!(node.value, Value::Null) {
                self.wrong(node, path, "list");
            }
            return Vec::new();
        };
        items.iter().filter_map(|i| self.string(i, path)).collect()
    }

    fn root(&mut self, root: &Node) -> Option<Buildspec> {
        let Some(entries) = root.as_map() else {
            self.push(root.pos, Rule::NotABuildspec, vec![root.kind().into()]);
            return None;
        };
        let _ = entries;
        let entries = self.map(root, "", Some(TOP))?;
        let get = |name: &str| entries.iter().find(|(k, _)| k.name == name).map(|e| e.1);
        let version = match get("version") {
            None => {
                self.push(root.pos, Rule::VersionMissing, vec![]);
                Version::V02
            }
            Some(n) => match scalar(n).as_deref() {
                Some("0.2") => Version::V02,
                Some("0.1") => {
                    self.push(n.pos, Rule::VersionOld, vec![]);
                    Version::V01
                }
                other => {
                    let shown = other.map_or_else(|| n.kind().to_string(), str::to_string);
                    self.push(n.pos, Rule::VersionValue, vec![shown]);
                    Version::V02
                }
            },
        };
        let run_as = get("run-as").and_then(|n| self.string(n, "run-as"));
        let env = get("env").map(|n| self.env(n)).unwrap_or_default();
        let proxy = get("proxy").map(|n| self.proxy(n)).unwrap_or_default();
        let batch = get("batch").map(|n| self.batch(n));
        let phases = match get("phases") {
            Some(n) => self.phases(n),
            None => {
                // Required, except in a batch buildspec whose tasks name their own buildspec.
                if batch.is_none() {
                    self.push(root.pos, Rule::PhasesMissing, vec![]);
                }
                Vec::new()
            }
        };
        let reports = get("reports").map(|n| self.reports(n)).unwrap_or_default();
        let artifacts = get("artifacts").map(|n| self.artifacts(n, "artifacts", None));
        let cache = get("cache").map(|n| self.cache(n));
        Some(Buildspec {
            version,
            run_as,
            env,
            proxy,
            batch,
            phases,
            reports,
            artifacts,
            cache,
        })
    }

    fn pairs(&mut self, node: &Node, path: &str, reserved: bool) -> Vec<(String, String)> {
        let Some(entries) = self.map(node, path, None) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            // "Do not set any environment variable with a name that starts with CODEBUILD_.
            // This prefix is reserved for internal use." (env/variables)
            if reserved && k.name.starts_with("CODEBUILD_") {
                self.push(k.pos, Rule::ReservedVariable, vec![k.name.clone()]);
            }
            let value = match &v.value {
                Value::Null => String::new(),
                _ => match self.string(v, &format!("{path}/{}", k.name)) {
                    Some(s) => s,
                    None => continue,
                },
            };
            out.push((k.name.clone(), value));
        }
        out
    }

    fn env(&mut self, node: &Node) -> Env {
        let mut env = Env::default();
        let Some(entries) = self.map(node, "env", Some(ENV)) else {
            return env;
        };
        for (k, v) in entries {
            match k.name.as_str() {
                "shell" => {
                    if let Some(s) = self.string(v, "env/shell") {
                        if !SHELLS.contains(&s.as_str()) {
                            self.push(v.pos, Rule::Shell, vec![s.clone()]);
                        }
                        env.shell = Some(s);
                    }
                }
                "variables" => env.variables = self.pairs(v, "env/variables", true),
                "parameter-store" => {
                    env.parameter_store = self.pairs(v, "env/parameter-store", true)
                }
                "secrets-manager" => {
                    for (name, value) in self.pairs(v, "env/secrets-manager", true) {
                        let pos = v
                            .as_map()
                            .and_then(|m| m.iter().find(|(k, _)| k.name == name))
                            .map_or(v.pos, |(_, n)| n.pos);
                        match secret_ref(&value) {
                            Some(r) => env.secrets_manager.push((name, r)),
                            None => self.push(pos, Rule::SecretReference, vec![name, value]),
                        }
                    }
                }
                "exported-variables" => {
                    let items = self.strings(v, "env/exported-variables");
                    // "The following cannot be exported: … Environment variables that start
                    // with AWS_." (env/exported-variables)
                    for name in &items {
                        if name.starts_with("AWS_") {
                            let pos = v
                                .as_seq()
                                .and_then(|s| s.iter().find(|i| scalar(i).as_ref() == Some(name)))
                                .map_or(v.pos, |n| n.pos);
                            self.push(pos, Rule::ExportAws, vec![name.clone()]);
                        }
                    }
                    env.exported_variables = items;
                }
                "git-credential-helper" => {
                    env.git_credential_helper = self.yes_no(v, "env/git-credential-helper")
                }
                _ => {}
            }
        }
        env
    }

    fn proxy(&mut self, node: &Node) -> Proxy {
        let mut proxy = Proxy::default();
        if let Some(entries) = self.map(node, "proxy", Some(PROXY)) {
            for (k, v) in entries {
                let value = self.yes_no(v, &format!("proxy/{}", k.name));
                match k.name.as_str() {
                    "upload-artifacts" => proxy.upload_artifacts = value,
                    _ => proxy.logs = value,
                }
            }
        }
        proxy
    }

    fn phases(&mut self, node: &Node) -> Vec<Phase> {
        let Some(entries) = self.map(node, "phases", None) else {
            return Vec::new();
        };
        let names: Vec<&str> = PhaseName::ALL.iter().map(|p| p.key()).collect();
        let mut phases = Vec::new();
        for (k, v) in entries {
            let Some(name) = PhaseName::from_key(&k.name) else {
                self.push(
                    k.pos,
                    Rule::PhaseUnknown,
                    vec![k.name.clone(), near(&k.name, &names)],
                );
                continue;
            };
            if let Some(p) = self.phase(name, k.pos, v) {
                phases.push(p);
            }
        }
        phases.sort_by_key(|p| p.name);
        phases
    }

    fn commands(&mut self, node: &Node, path: &str) -> Vec<Command> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            Value::Str(_) | Value::Number(..) | Value::Bool(_) => vec![node],
            Value::Map(_) => {
                self.push(node.pos, Rule::CommandMapping, vec![path.into()]);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                Value::Map(_) | Value::Seq(_) => {
                    self.push(item.pos, Rule::CommandMapping, vec![path.into()])
                }
                Value::Null => {}
                _ => out.push(Command {
                    text: scalar(item).unwrap_or_default(),
                    pos: item.pos,
                }),
            }
        }
        out
    }

    fn phase(&mut self, name: PhaseName, pos: Pos, node: &Node) -> Option<Phase> {
        let path = format!("phases/{}", name.key());
        let allowed = if name == PhaseName::Install {
            INSTALL
        } else {
            PHASE
        };
        let entries = self.map(node, &path, Some(allowed))?;
        let mut phase = Phase {
            name,
            run_as: None,
            on_failure: OnFailure::Transitions,
            runtime_versions: Vec::new(),
            commands: Vec::new(),
            finally: Vec::new(),
        };
        let mut has_commands = false;
        let mut has_runtimes = false;
        for (k, v) in entries {
            match k.name.as_str() {
                "run-as" => phase.run_as = self.string(v, &format!("{path}/run-as")),
                "on-failure" => {
                    if let Some(s) = self.string(v, &format!("{path}/on-failure")) {
                        match on_failure(&s) {
                            Ok(f) => phase.on_failure = f,
                            Err(Some(count)) => {
                                self.push(v.pos, Rule::RetryCount, vec![name.key().into(), count])
                            }
                            Err(None) => {
                                self.push(v.pos, Rule::OnFailure, vec![name.key().into(), s])
                            }
                        }
                    }
                }
                "runtime-versions" => {
                    has_runtimes = true;
                    phase.runtime_versions = self.runtimes(v);
                }
                "commands" => {
                    has_commands = true;
                    phase.commands = self.commands(v, &format!("{path}/commands"));
                }
                "finally" => phase.finally = self.commands(v, &format!("{path}/finally")),
                _ => {}
            }
        }
        // install/commands is optional (install may only choose runtimes); the other phases'
        // commands are "Required … if <phase> is specified".
        let needs = name != PhaseName::Install || !has_runtimes;
        if needs && !has_commands {
            self.push(pos, Rule::PhaseCommands, vec![name.key().into()]);
        }
        Some(phase)
    }

    fn runtimes(&mut self, node: &Node) -> Vec<(String, String)> {
        let Some(entries) = self.map(node, "phases/install/runtime-versions", None) else {
            return Vec::new();
        };
        // "If specified, at least one runtime must be included in this section."
        if entries.is_empty() {
            self.push(node.pos, Rule::RuntimesEmpty, vec![]);
        }
        let mut out = Vec::new();
        for (k, v) in entries {
            if !RUNTIMES.contains(&k.name.as_str()) {
                self.push(
                    k.pos,
                    Rule::Runtime,
                    vec![k.name.clone(), near(&k.name, RUNTIMES)],
                );
                continue;
            }
            match scalar(v) {
                Some(s) if !s.trim().is_empty() => out.push((k.name.clone(), s)),
                _ => self.push(v.pos, Rule::RuntimeVersion, vec![k.name.clone()]),
            }
        }
        out
    }

    fn reports(&mut self, node: &Node) -> Vec<ReportGroup> {
        let Some(entries) = self.map(node, "reports", None) else {
            return Vec::new();
        };
        if entries.len() > MAX_REPORT_GROUPS {
            self.push(
                entries[MAX_REPORT_GROUPS].0.pos,
                Rule::ReportGroups,
                vec![entries.len().to_string()],
            );
        }
        let mut out = Vec::new();
        for (k, v) in entries {
            let path = format!("reports/{}", k.name);
            let Some(fields) = self.map(v, &path, Some(REPORT)) else {
                continue;
            };
            let mut group = ReportGroup {
                name: k.name.clone(),
                files: Vec::new(),
                base_directory: None,
                discard_paths: false,
                file_format: FileFormat::JunitXml,
            };
            for (fk, fv) in fields {
                match fk.name.as_str() {
                    "files" => group.files = self.strings(fv, &format!("{path}/files")),
                    "base-directory" => {
                        group.base_directory = self.string(fv, &format!("{path}/base-directory"))
                    }
                    "discard-paths" => {
                        group.discard_paths = self.yes_no(fv, &format!("{path}/discard-paths"))
                    }
                    _ => {
                        if let Some(s) = self.string(fv, &format!("{path}/file-format")) {
                            match FileFormat::parse(&s) {
                                Some(f) => group.file_format = f,
                                None => {
                                    self.push(fv.pos, Rule::ReportFormat, vec![k.name.clone(), s])
                                }
                            }
                        }
                    }
                }
            }
            if group.files.is_empty() {
                self.push(k.pos, Rule::ReportFiles, vec![k.name.clone()]);
            }
            out.push(group);
        }
        out
    }

    fn artifacts(&mut self, node: &Node, path: &str, identifier: Option<String>) -> Artifacts {
        let mut a = Artifacts {
            identifier,
            ..Artifacts::default()
        };
        let Some(entries) = self.map(node, path, Some(ARTIFACTS)) else {
            return a;
        };
        let mut has_files = false;
        for (k, v) in entries {
            let here = format!("{path}/{}", k.name);
            match k.name.as_str() {
                "files" => {
                    a.files = self.strings(v, &here);
                    has_files = !a.files.is_empty();
                }
                "name" => a.name = self.string(v, &here),
                "discard-paths" => a.discard_paths = self.yes_no(v, &here),
                "base-directory" => a.base_directory = self.string(v, &here),
                "exclude-paths" => a.exclude_paths = self.strings(v, &here),
                "enable-symlinks" => a.enable_symlinks = self.yes_no(v, &here),
                "s3-prefix" => a.s3_prefix = self.string(v, &here),
                "type" => {
                    self.string(v, &here);
                }
                _ => {
                    if a.identifier.is_some() {
                        self.push(
                            k.pos,
                            Rule::UnknownKey,
                            vec![path.into(), k.name.clone(), String::new()],
                        );
                        continue;
                    }
                    if let Some(ids) = self.map(v, &here, None) {
                        for (ik, iv) in ids {
                            let sub = self.artifacts(
                                iv,
                                &format!("{here}/{}", ik.name),
                                Some(ik.name.clone()),
                            );
                            a.secondary.push(sub);
                        }
                    }
                }
            }
        }
        // "The artifacts/files sequence is always required, even when there are only
        // secondary artifacts defined." (artifacts/secondary-artifacts)
        if !has_files {
            self.push(node.pos, Rule::ArtifactFiles, vec![path.into()]);
        }
        a
    }

    fn cache(&mut self, node: &Node) -> Cache {
        let mut c = Cache::default();
        let Some(entries) = self.map(node, "cache", Some(CACHE)) else {
            return c;
        };
        for (k, v) in entries {
            let here = format!("cache/{}", k.name);
            match k.name.as_str() {
                "key" => c.key = self.string(v, &here),
                "fallback-keys" => c.fallback_keys = self.strings(v, &here),
                "action" => {
                    if let Some(s) = self.string(v, &here) {
                        if s != "restore" && s != "save" {
                            self.push(v.pos, Rule::CacheAction, vec![s.clone()]);
                        }
                        c.action = Some(s);
                    }
                }
                _ => c.paths = self.strings(v, &here),
            }
        }
        // cache/paths: "Required sequence."
        if c.paths.is_empty() {
            self.push(node.pos, Rule::CachePaths, vec![]);
        }
        c
    }

    fn batch(&mut self, node: &Node) -> Batch {
        let mut batch = Batch::default();
        let Some(entries) = self.map(node, "batch", Some(BATCH)) else {
            return batch;
        };
        let kinds: Vec<&str> = entries
            .iter()
            .map(|(k, _)| k.name.as_str())
            .filter(|k| k.starts_with("build-"))
            .collect();
        if kinds.len() > 1 {
            let pos = entries
                .iter()
                .filter(|(k, _)| k.name.starts_with("build-"))
                .nth(1)
                .map_or(node.pos, |(k, _)| k.pos);
            self.push(pos, Rule::BatchType, vec![kinds.join(", ")]);
        }
        for (k, v) in entries {
            match k.name.as_str() {
                "fast-fail" => batch.fast_fail = self.yes_no(v, "batch/fast-fail"),
                "build-list" => batch.kind = BatchKind::List(self.tasks(v, "batch/build-list")),
                "build-graph" => {
                    let tasks = self.tasks(v, "batch/build-graph");
                    self.graph(&tasks);
                    batch.kind = BatchKind::Graph(tasks);
                }
                _ => batch.kind = self.matrix(v),
            }
        }
        batch
    }

    fn task_env(&mut self, node: &Node, path: &str) {
        if let Some(entries) = self.map(node, path, Some(TASK_ENV)) {
            for (k, v) in entries {
                let here = format!("{path}/{}", k.name);
                match k.name.as_str() {
                    "privileged-mode" => {
                        self.yes_no(v, &here);
                    }
                    "variables" => {
                        self.pairs(v, &here, true);
                    }
                    _ => {
                        self.string(v, &here);
                    }
                }
            }
        }
    }

    fn tasks(&mut self, node: &Node, path: &str) -> Vec<BatchTask> {
        let Some(items) = node.as_seq() else {
            self.wrong(node, path, "list");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let Some(entries) = self.map(item, path, Some(TASK)) else {
                continue;
            };
            let mut task = BatchTask {
                pos: item.pos,
                ..BatchTask::default()
            };
            for (k, v) in entries {
                let here = format!("{path}/{}", k.name);
                match k.name.as_str() {
                    "identifier" => task.identifier = self.string(v, &here),
                    "buildspec" => task.buildspec = self.string(v, &here),
                    "depend-on" => task.depend_on = self.strings(v, &here),
                    "ignore-failure" => task.ignore_failure = self.yes_no(v, &here),
                    "debug-session" => {
                        self.yes_no(v, &here);
                    }
                    _ => self.task_env(v, &here),
                }
            }
            out.push(task);
        }
        out
    }

    /// A build graph: identifiers required and unique, depend-on known, no cycle.
    fn graph(&mut self, tasks: &[BatchTask]) {
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, t) in tasks.iter().enumerate() {
            match t.identifier.as_deref() {
                // batch/build-graph/identifier: "Required."
                None => self.push(t.pos, Rule::BatchIdentifier, vec![String::new()]),
                Some(id) => {
                    if ids.insert(id, i).is_some() {
                        self.push(t.pos, Rule::BatchIdentifier, vec![id.into()]);
                    }
                }
            }
        }
        for t in tasks {
            for d in &t.depend_on {
                if !ids.contains_key(d.as_str()) {
                    self.push(
                        t.pos,
                        Rule::DependOnUnknown,
                        vec![t.identifier.clone().unwrap_or_default(), d.clone()],
                    );
                }
            }
        }
        // Depth-first search; each cycle reported once, at its first task in the text.
        let n = tasks.len();
        let mut state = vec![0u8; n]; // 0 new, 1 on the path, 2 done
        let mut reported = std::collections::BTreeSet::new();
        for start in 0..n {
            if state[start] != 0 {
                continue;
            }
            let mut path: Vec<usize> = Vec::new();
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = 1;
            path.push(start);
            while let Some((node, next)) = stack.pop() {
                let deps: Vec<usize> = tasks[node]
                    .depend_on
                    .iter()
                    .filter_map(|d| ids.get(d.as_str()).copied())
                    .collect();
                if next < deps.len() {
                    stack.push((node, next + 1));
                    let d = deps[next];
                    match state[d] {
                        0 => {
                            state[d] = 1;
                            path.push(d);
                            stack.push((d, 0));
                        }
                        1 => {
                            let from = path.iter().position(|&p| p == d).unwrap_or(0);
                            let mut cycle: Vec<usize> = path[from..].to_vec();
                            let mut key = cycle.clone();
                            key.sort_unstable();
                            if reported.insert(key) {
                                let first = *cycle.iter().min().unwrap_or(&d);
                                cycle.push(d);
                                let names: Vec<String> = cycle
                                    .iter()
                                    .map(|&i| tasks[i].identifier.clone().unwrap_or_default())
                                    .collect();
                                self.push(
                                    tasks[first].pos,
                                    Rule::BatchCycle,
                                    vec![names.join(" -> ")],
                                );
                            }
                        }
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                    path.pop();
                }
            }
        }
    }

    fn matrix(&mut self, node: &Node) -> BatchKind {
        let mut images = Vec::new();
        let mut variables = Vec::new();
        let Some(entries) = self.map(node, "batch/build-matrix", Some(MATRIX)) else {
            return BatchKind::Matrix { images, variables };
        };
        for (k, v) in entries {
            let here = format!("batch/build-matrix/{}", k.name);
            if k.name == "static" {
                if let Some(fields) = self.map(v, &here, Some(MATRIX_STATIC)) {
                    for (fk, fv) in fields {
                        if fk.name == "env" {
                            self.task_env(fv, &format!("{here}/env"));
                        } else {
                            self.yes_no(fv, &format!("{here}/ignore-failure"));
                        }
                    }
                }
                continue;
            }
            let Some(fields) = self.map(v, &here, Some(MATRIX_DYNAMIC)) else {
                continue;
            };
            for (fk, fv) in fields {
                let path = format!("{here}/{}", fk.name);
                if fk.name == "buildspec" {
                    self.strings(fv, &path);
                    continue;
                }
                let Some(env) = self.map(fv, &path, Some(TASK_ENV)) else {
                    continue;
                };
                for (ek, ev) in env {
                    let p = format!("{path}/{}", ek.name);
                    match ek.name.as_str() {
                        "image" => images = self.strings(ev, &p),
                        "variables" => {
                            if let Some(vars) = self.map(ev, &p, None) {
                                for (vk, vv) in vars {
                                    let values = self.strings(vv, &format!("{p}/{}", vk.name));
                                    variables.push((vk.name.clone(), values));
                                }
                            }
                        }
                        _ => {
                            self.strings(ev, &p);
                        }
                    }
                }
            }
        }
        BatchKind::Matrix { images, variables }
    }
}

/// `secret-id:json-key:version-stage:version-id`, the last three optional; a version stage
/// and a version id together are refused ("If you use version-stage, don't specify
/// version-id"). A secret ARN has colons of its own: `arn:aws:secretsmanager:region:
/// account:secret:name` takes the first seven parts.
pub fn secret_ref(value: &str) -> Option<SecretRef> {
    let parts: Vec<&str> = value.split(':').collect();
    let (id, rest): (String, &[&str]) = if value.starts_with("arn:") {
        if parts.len() < 7 {
            return None;
        }
        (parts[..7].join(":"), &parts[7..])
    } else {
        (parts[0].to_string(), &parts[1..])
    };
    if id.is_empty() || rest.len() > 3 {
        return None;
    }
    let opt = |i: usize| rest.get(i).filter(|s| !s.is_empty()).map(|s| s.to_string());
    let r = SecretRef {
        secret_id: id,
        json_key: opt(0),
        version_stage: opt(1),
        version_id: opt(2),
    };
    if r.version_stage.is_some() && r.version_id.is_some() {
        return None;
    }
    Some(r)
}

/// An on-failure value: `ABORT`, `CONTINUE`, `RETRY`, `RETRY-count`, `RETRY-regex` or
/// `RETRY-count-regex` (count 0 to 100; RETRY alone is 3 tries with the regex `.*`).
/// Err(Some(count)) for a count out of range, Err(None) for anything else.
pub fn on_failure(value: &str) -> Result<OnFailure, Option<String>> {
    match value {
        "ABORT" => return Ok(OnFailure::Abort),
        "CONTINUE" => return Ok(OnFailure::Continue),
        "RETRY" => {
            return Ok(OnFailure::Retry {
                count: 3,
                regex: ".*".into(),
            })
        }
        _ => {}
    }
    let Some(rest) = value.strip_prefix("RETRY-") else {
        return Err(None);
    };
    if rest.is_empty() {
        return Err(None);
    }
    let (head, tail) = match rest.split_once('-') {
        Some((h, t)) => (h, Some(t)),
        None => (rest, None),
    };
    if !head.is_empty() && head.chars().all(|c| c.is_ascii_digit()) {
        let count: u64 = head.parse().unwrap_or(u64::MAX);
        if count > 100 {
            return Err(Some(head.to_string()));
        }
        let regex = match tail {
            Some(t) if !t.is_empty() => t.to_string(),
            Some(_) => return Err(None),
            None => ".*".into(),
        };
        return Ok(OnFailure::Retry {
            count: count as u32,
            regex,
        });
    }
    Ok(OnFailure::Retry {
        count: 3,
        regex: rest.to_string(),
    })
}
