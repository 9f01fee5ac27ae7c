//! The lab authors' command line: `check` every lab folder, `grade` an attempt, and
//! `validate` the real file formats the labs teach (CloudFormation templates today).
//!
//! Native only in practice (it reads folders from disk); `main.rs` calls
//! [`run`] when not built for the browser. Output goes to a writer so tests can read it.
use std::io::Write;
use std::path::{Path, PathBuf};

use super::agenda::{self, AGENDA_FILE};
use super::attempt::Attempt;
use super::catalogue::ORDER_FILE;
use super::files::FileSet;
use super::grade::grade;
use super::lab::Lab;
use super::validate::check_all;

const USAGE: &str = "usage:
  devops-lab check [LABS_DIR]            check every lab folder and the agenda (default: labs)
  devops-lab grade LAB ATTEMPT_DIR       grade an attempt folder (holding attempt.toml)
                                         LAB is a lab id under labs/ or a lab folder
  devops-lab translate LANG LAB_DIR…     write (or complete) each lab's LANG.toml to fill in:
                                         every English text, those translated kept (LANG: vi)
  devops-lab validate [--kind KIND] FILE…
                                         check real files: one line per problem,
                                         FILE:LINE:COLUMN: error|warning: MESSAGE [RULE-ID];
                                         exit 1 on errors (KIND: dockerfile, appspec,
                                         template, buildspec, pipeline, lifecycle-policy,
                                         task-definition, ecs-service, k8s, logs-query,
                                         dashboard; inferred from the file's name and text
                                         when left out; *.logs and *.insights are Logs
                                         Insights queries, *.dashboard.json CloudWatch
                                         dashboard bodies)
  devops-lab query (--query TEXT | --query-file FILE) LOG_FILE…
                                         run a CloudWatch Logs Insights query over local
                                         files of log lines and print the result as an
                                         aligned table, then its statistics. Each LOG_FILE
                                         is a log group named by the file's name (account
                                         123456789012, stream the same name); each nonblank
                                         line is one event, JSON (fields discovered) or
                                         plain. @timestamp: a JSON line's \"timestamp\",
                                         \"time\" or \"@timestamp\" (RFC 3339, or a number of
                                         epoch milliseconds), else the line's number as
                                         milliseconds since 1970-01-01 (line 1 is 1 ms);
                                         every event is in the time range. Query errors:
                                         QUERY:LINE:COLUMN: error: MESSAGE [RULE-ID] (QUERY
                                         is \"query\" or the query file), exit 1";

/// Runs the command line; returns the process exit code.
pub fn run(args: &[String], out: &mut dyn Write) -> i32 {
    let result = match args.first().map(String::as_str) {
        Some("check") => check(Path::new(args.get(1).map_or("labs", String::as_str)), out),
        Some("grade") if args.len() == 3 => grade_cmd(&args[1], Path::new(&args[2]), out),
        Some("translate") if args.len() >= 3 => translate_cmd(&args[1], &args[2..], out),
        Some("validate") if args.len() >= 2 => validate_cmd(&args[1..], out),
        #[cfg(feature = "observability")]
        Some("query") if args.len() >= 2 => query_cmd(&args[1..], out),
        Some("help" | "--help" | "-h") => writeln!(out, "{USAGE}")
            .map(|()| 0)
            .map_err(|e| e.to_string()),
        _ => writeln!(out, "{USAGE}")
            .map(|()| 2)
            .map_err(|e| e.to_string()),
    };
    result.unwrap_or_else(|e| {
        let _ = writeln!(out, "error: {e}");
        1
    })
}

/// The lab folders under `labs_dir` (sorted by name) and the order file's text, if any.
pub type LabFolders = (Option<String>, Vec<(String, FileSet)>);

/// Reads every lab folder under `labs_dir`, and its order file.
pub fn read_labs(labs_dir: &Path) -> Result<LabFolders, String> {
    let mut folders = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(labs_dir)
        .map_err(|e| format!("cannot read {}: {e}", labs_dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        folders.push((name, read_folder(&path)?));
    }
    let order = std::fs::read_to_string(labs_dir.join(ORDER_FILE)).ok();
    Ok((order, folders))
}

/// The agenda file's text under `labs_dir`, if there is one.
pub fn read_agenda(labs_dir: &Path) -> Option<String> {
    std::fs::read_to_string(labs_dir.join(AGENDA_FILE)).ok()
}

fn check(labs_dir: &Path, out: &mut dyn Write) -> Result<i32, String> {
    let (order, folders) = read_labs(labs_dir)?;
    let (reports, order_problems) = check_all(order.as_deref(), &folders);
    let w = |e: std::io::Error| e.to_string();
    let mut bad = order_problems.len();
    for p in &order_problems {
        writeln!(out, "FAIL {p}").map_err(w)?;
    }
    for r in &reports {
        if r.ok() {
            let (score, max) = r.solution.unwrap_or((0, 0));
            writeln!(
                out,
                "ok   {}: solution {score}/{max}, {} wrong attempts fail as expected",
                r.folder,
                r.attempts.len()
            )
            .map_err(w)?;
        } else {
            bad += 1;
            for p in r.all_problems() {
                writeln!(out, "FAIL {p}").map_err(w)?;
            }
        }
    }
    let ids: Vec<&str> = folders.iter().map(|(f, _)| f.as_str()).collect();
    let agenda_problems = match agenda::check(read_agenda(labs_dir).as_deref(), &ids) {
        Ok(a) => {
            writeln!(out, "ok   {AGENDA_FILE}: {} blocks", a.blocks.len()).map_err(w)?;
            0
        }
        Err(ps) => {
            for p in &ps {
                writeln!(out, "FAIL {p}").map_err(w)?;
            }
            ps.len()
        }
    };
    let agenda_note = match agenda_problems {
        0 => String::new(),
        n => format!("; {AGENDA_FILE}: {n} problem(s)"),
    };
    writeln!(
        out,
        "{} labs checked, {} with problems{agenda_note}",
        reports.len(),
        bad.min(reports.len() + order_problems.len())
    )
    .map_err(w)?;
    Ok(if bad == 0 && agenda_problems == 0 {
        0
    } else {
        1
    })
}

fn grade_cmd(lab_arg: &str, attempt_dir: &Path, out: &mut dyn Write) -> Result<i32, String> {
    let lab_dir = if Path::new(lab_arg).join("lab.toml").is_file() {
        PathBuf::from(lab_arg)
    } else {
        Path::new("labs").join(lab_arg)
    };
    let folder = lab_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lab = Lab::load(&folder, &read_folder(&lab_dir)?).map_err(|problems| {
        problems
            .iter()
            .map(|p| format!("{}/{p}", lab_dir.display()))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let attempt = Attempt::load(&read_folder(attempt_dir)?)
        .map_err(|p| format!("{}/{p}", attempt_dir.display()))?;
    let report = grade(&lab, &attempt.answers, &Default::default());
    let w = |e: std::io::Error| e.to_string();
    for r in &report.results {
        let mark = if r.passed() { "PASS" } else { "FAIL" };
        writeln!(
            out,
            "{mark} {} ({}/{}): {}",
            r.id,
            r.points,
            r.max_points,
            r.verdict.message(crate::lang::Lang::En)
        )
        .map_err(w)?;
        if let Some(f) = &r.feedback {
            writeln!(out, "     {}", f.text()).map_err(w)?;
        }
        for why in &r.why {
            writeln!(out, "     {}", why.text()).map_err(w)?;
        }
    }
    writeln!(out, "score {}/{}", report.score(), report.max).map_err(w)?;
    Ok(if report.all_passed() { 0 } else { 1 })
}

fn translate_cmd(code: &str, dirs: &[String], out: &mut dyn Write) -> Result<i32, String> {
    let lang = crate::lang::Lang::from_code(code)
        .filter(|l| *l != crate::lang::Lang::En)
        .ok_or_else(|| {
            format!(
                "unknown language \"{code}\": labs are written in English and translated into vi"
            )
        })?;
    for dir in dirs {
        let dir = Path::new(dir);
        let files = read_folder(dir)?;
        let path = dir.join(crate::translate::file_name(lang));
        std::fs::write(&path, crate::translate::skeleton(lang, &files))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let left = crate::translate::check(lang, &read_folder(dir)?);
        writeln!(
            out,
            "wrote {}: {} problem(s) left",
            path.display(),
            left.len()
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(0)
}

/// Reads every text file under `dir` into a file set (paths relative to `dir`).
pub fn read_folder(dir: &Path) -> Result<FileSet, String> {
    fn walk(root: &Path, dir: &Path, files: &mut FileSet) -> Result<(), String> {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, files)?;
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let rel = path.strip_prefix(root).map_err(|e| e.to_string())?;
                files.insert(rel.to_string_lossy().replace('\\', "/"), text);
            }
        }
        Ok(())
    }
    let mut files = FileSet::new();
    walk(dir, dir, &mut files)?;
    Ok(files)
}

/// The largest file `validate` reads: anything bigger is reported from its size alone.
const MAX_READ: u64 = 16 * 1024 * 1024;

/// A file's finding lines (`file:line:column: error|warning: message [rule-id]`) and whether
/// any is an error; `Err` when the check itself cannot run.
type Findings = Result<(Vec<String>, bool), String>;

/// A kind of file `validate` checks. Each format a family teaches adds one entry to
/// [`KINDS`]; the command itself knows none of them.
struct FileKind {
    /// The name `--kind` takes.
    name: &'static str,
    /// Whether a file is of this kind, from its name and text (when `--kind` is left out).
    looks_like: fn(name: &str, text: &str) -> bool,
    /// The finding lines (`file:line:column: error|warning: message [rule-id]`) and
    /// whether any is an error.
    check: fn(file: &str, text: &str) -> Findings,
    /// The lines for a file larger than [`MAX_READ`], which is not read.
    too_large: fn(file: &str, bytes: u64) -> Vec<String>,
}

/// Every kind `validate` knows, tried in this order when `--kind` is left out.
const KINDS: &[FileKind] = &[
    // First: a Dockerfile is told by its name or its first instruction, which no YAML or
    // JSON file of the other kinds starts with.
    FileKind {
        name: "dockerfile",
        looks_like: looks_like_dockerfile,
        check: check_dockerfile,
        too_large: dockerfile_too_large,
    },
    // Before `template`: an ECS or Lambda appspec has a top-level `Resources` too.
    FileKind {
        name: "appspec",
        looks_like: looks_like_appspec,
        check: check_appspec,
        too_large: appspec_too_large,
    },
    FileKind {
        name: "template",
        looks_like: looks_like_template,
        check: check_template,
        too_large: template_too_large,
    },
    FileKind {
        name: "buildspec",
        looks_like: looks_like_buildspec,
        check: check_buildspec,
        too_large: buildspec_too_large,
    },
    FileKind {
        name: "pipeline",
        looks_like: looks_like_pipeline,
        check: check_pipeline,
        too_large: pipeline_too_large,
    },
    FileKind {
        name: "lifecycle-policy",
        looks_like: looks_like_lifecycle_policy,
        check: check_lifecycle_policy,
        too_large: lifecycle_policy_too_large,
    },
    // Before `ecs-service`: describe-task-definition's `{"taskDefinition": {…}}` names a
    // taskDefinition too (a mapping there, a string in a service).
    FileKind {
        name: "task-definition",
        looks_like: looks_like_task_definition,
        check: check_task_definition,
        too_large: task_definition_too_large,
    },
    FileKind {
        name: "ecs-service",
        looks_like: looks_like_ecs_service,
        check: check_ecs_service,
        too_large: ecs_service_too_large,
    },
    FileKind {
        name: "k8s",
        looks_like: looks_like_k8s,
        check: check_k8s,
        too_large: k8s_too_large,
    },
    // Told by its name only: a query's text has no mark of its own.
    FileKind {
        name: "logs-query",
        looks_like: looks_like_logs_query,
        check: check_logs_query,
        too_large: logs_query_too_large,
    },
    // Told by its name only (`*.dashboard.json`); no kind above takes a body's `widgets`.
    FileKind {
        name: "dashboard",
        looks_like: looks_like_dashboard,
        check: check_dashboard,
        too_large: dashboard_too_large,
    },
];

/// The kinds' names, for messages: `appspec, template, buildspec, pipeline`.
fn kind_names() -> String {
    KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

/// A validator's findings as the command prints them (in English), and whether any is an
/// error: what every kind's `check` returns.
fn lines<D>(
    file: &str,
    diagnostics: &[D],
    errors: bool,
    line: fn(&str, &D, crate::lang::Lang) -> String,
) -> Findings {
    let lines = diagnostics
        .iter()
        .map(|d| line(file, d, crate::lang::Lang::En))
        .collect();
    Ok((lines, errors))
}

/// `validate [--kind KIND] FILE…`: one line per problem; exit 1 when any is an error.
fn validate_cmd(args: &[String], out: &mut dyn Write) -> Result<i32, String> {
    let w = |e: std::io::Error| e.to_string();
    let mut kind: Option<String> = None;
    let mut files = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--kind" => {
                kind = Some(
                    rest.next()
                        .ok_or_else(|| format!("--kind needs a value: {}", kind_names()))?
                        .clone(),
                )
            }
            other => match other.strip_prefix("--kind=") {
                Some(k) => kind = Some(k.to_string()),
                None => files.push(other.to_string()),
            },
        }
    }
    let chosen =
        match &kind {
            Some(k) => Some(KINDS.iter().find(|fk| fk.name == k).ok_or_else(|| {
                format!("unknown --kind \"{k}\": the kinds are {}", kind_names())
            })?),
            None => None,
        };
    if files.is_empty() {
        return Err("validate needs at least one file".into());
    }
    let mut errors = false;
    for file in &files {
        let problem = |what: &str| format!("{file}:1:1: error: {what}");
        let name = Path::new(file)
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let size = match std::fs::metadata(file) {
            Ok(m) if m.is_dir() => {
                writeln!(out, "{} [file]", problem("a folder, not a file")).map_err(w)?;
                errors = true;
                continue;
            }
            Ok(m) => m.len(),
            Err(e) => {
                writeln!(out, "{} [file]", problem(&format!("cannot read it: {e}"))).map_err(w)?;
                errors = true;
                continue;
            }
        };
        if size > MAX_READ {
            let fk = chosen.unwrap_or_else(|| {
                KINDS
                    .iter()
                    .find(|k| (k.looks_like)(&name, ""))
                    .unwrap_or(&KINDS[0])
            });
            for line in (fk.too_large)(file, size) {
                writeln!(out, "{line}").map_err(w)?;
            }
            errors = true;
            continue;
        }
        let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
        let Ok(text) = String::from_utf8(bytes) else {
            writeln!(
                out,
                "{} [encoding]",
                problem("not UTF-8 text: these files are UTF-8")
            )
            .map_err(w)?;
            errors = true;
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let Some(fk) = chosen.or_else(|| KINDS.iter().find(|k| (k.looks_like)(&name, text))) else {
            writeln!(
                out,
                "{} [kind]",
                problem(&format!(
                    "not a kind of file this command knows: pass --kind to say which it is ({})",
                    kind_names()
                ))
            )
            .map_err(w)?;
            errors = true;
            continue;
        };
        let (lines, has_errors) = (fk.check)(file, text)?;
        errors |= has_errors;
        for line in lines {
            writeln!(out, "{line}").map_err(w)?;
        }
    }
    Ok(i32::from(errors))
}

/// A CloudFormation template's findings, against the embedded resource knowledge.
fn check_template(file: &str, text: &str) -> Findings {
    use engine::cfn::{validate, Schemas, SCHEMAS_JSON};
    static SCHEMAS: std::sync::OnceLock<Result<Schemas, String>> = std::sync::OnceLock::new();
    let schemas = SCHEMAS
        .get_or_init(|| Schemas::from_json(SCHEMAS_JSON))
        .as_ref()
        .map_err(Clone::clone)?;
    let report = validate(text, schemas);
    let lines = report
        .diagnostics
        .iter()
        .map(|d| crate::cfn::line(file, d, crate::lang::Lang::En))
        .collect();
    Ok((lines, report.has_errors()))
}

/// A file over the size this command reads, for the kinds without a limit of their own.
fn not_read(file: &str, bytes: u64, what: &str) -> Vec<String> {
    vec![format!(
        "{file}:1:1: error: {bytes} bytes: too large for {what}, not read [file-size]"
    )]
}

/// A template over the size this command reads: CloudFormation's own limit is far lower.
fn template_too_large(file: &str, bytes: u64) -> Vec<String> {
    let d = engine::cfn::Diagnostic {
        pos: engine::cfn::Pos { line: 1, col: 1 },
        rule: engine::cfn::Rule::TemplateTooLarge,
        args: vec![bytes.to_string()],
    };
    vec![crate::cfn::line(file, &d, crate::lang::Lang::En)]
}

/// Whether a text is a CloudFormation template: a top-level `Resources` or
/// `AWSTemplateFormatVersion` key (the check the command makes without `--kind`).
fn looks_like_template(_name: &str, text: &str) -> bool {
    match engine::cfn::parse(text) {
        Ok((root, _)) => {
            root.key("Resources").is_some() || root.key("AWSTemplateFormatVersion").is_some()
        }
        // A broken file that names a section is a broken template: report its syntax.
        Err(_) => text.lines().any(|l| {
            let l = l.trim_start_matches(['{', ' ', '"']);
            l.starts_with("Resources") || l.starts_with("AWSTemplateFormatVersion")
        }),
    }
}

/// A CodePipeline definition's findings (the JSON of `get-pipeline`, or YAML of it).
fn check_pipeline(file: &str, text: &str) -> Findings {
    let report = engine::pipeline::validate(text);
    lines(
        file,
        &report.diagnostics,
        report.has_errors(),
        crate::cicd::pipeline::line,
    )
}

/// A pipeline definition over the size this command reads.
fn pipeline_too_large(file: &str, bytes: u64) -> Vec<String> {
    not_read(file, bytes, "a pipeline definition")
}

/// Whether a text is a CodePipeline definition: a top-level `pipeline` holding `stages`, or
/// top-level `stages` beside `name` or `roleArn`.
fn looks_like_pipeline(_name: &str, text: &str) -> bool {
    match engine::tree::parse(text) {
        Ok((root, _)) => {
            root.get("pipeline")
                .is_some_and(|p| p.key("stages").is_some())
                || (root.key("stages").is_some()
                    && (root.key("name").is_some() || root.key("roleArn").is_some()))
        }
        // A broken file that names the pipeline's parts is a broken pipeline definition.
        Err(_) => {
            let has =
                |k: &str| text.contains(&format!("\"{k}\"")) || text.contains(&format!("{k}:"));
            has("stages") && (has("pipeline") || has("roleArn"))
        }
    }
}

/// A CloudWatch Logs Insights query's findings.
fn check_logs_query(file: &str, text: &str) -> Findings {
    let report = engine::logs::validate(text);
    let errors = report.errors().next().is_some();
    lines(
        file,
        &report.diagnostics,
        errors,
        crate::observability::logs::line,
    )
}

/// A query over the size this command reads.
fn logs_query_too_large(file: &str, bytes: u64) -> Vec<String> {
    not_read(file, bytes, "a Logs Insights query")
}

/// Whether a file is a Logs Insights query: named `*.logs` or `*.insights`.
fn looks_like_logs_query(name: &str, _text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".logs") || lower.ends_with(".insights")
}

/// A CloudWatch dashboard body's findings.
fn check_dashboard(file: &str, text: &str) -> Findings {
    let report = engine::cloudwatch::validate(text);
    lines(
        file,
        &report.diagnostics,
        report.has_errors(),
        crate::observability::dashboard::line,
    )
}

/// A dashboard body over the size this command reads.
fn dashboard_too_large(file: &str, bytes: u64) -> Vec<String> {
    not_read(file, bytes, "a dashboard body")
}

/// Whether a file is a dashboard body: named `*.dashboard.json`.
fn looks_like_dashboard(name: &str, _text: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".dashboard.json")
}

/// A Dockerfile's findings.
fn check_dockerfile(file: &str, text: &str) -> Findings {
    let report = engine::docker::validate(text);
    lines(
        file,
        &report.diagnostics,
        report.has_errors(),
        crate::containers::docker::line,
    )
}

/// A Dockerfile over the size this command reads.
fn dockerfile_too_large(file: &str, bytes: u64) -> Vec<String> {
    not_read(file, bytes, "a Dockerfile")
}

/// Whether a file is a Dockerfile: named `Dockerfile`, `Containerfile`, `*.Dockerfile`,
/// `*.dockerfile` or `Dockerfile.*`, or its first line (comments and blank lines aside) a
/// parser directive (`# syntax=`, `# escape=`, `# check=`) or an instruction `FROM` or `ARG`.
fn looks_like_dockerfile(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower == "dockerfile"
        || lower == "containerfile"
        || lower.ends_with(".dockerfile")
        || lower.starts_with("dockerfile.")
    {
        return true;
    }
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(c) = t.strip_prefix('#') {
            let c = c.trim_start().to_ascii_lowercase();
            if ["syntax", "escape", "check"].iter().any(|d| {
                c.strip_prefix(d)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            }) {
                return true;
            }
            continue;
        }
        let word = t.split_whitespace().next().unwrap_or("");
        return (word.eq_ignore_ascii_case("from") || word.eq_ignore_ascii_case("arg"))
            && t.len() > word.len();
    }
    false
}

/// A CodeBuild buildspec's findings.
fn check_buildspec(file: &str, text: &str) -> Findings {
    let report = engine::codebuild::validate(text);
    lines(
        file,
        &report.diagnostics,
        report.has_errors(),
        crate::cicd::codebuild::line,
    )
}

/// A buildspec over the size this command reads.
fn buildspec_too_large(file: &str, bytes: u64) -> Vec<String> {
    not_read(file, bytes, "a buildspec")
}

/// Whether a file is a buildspec: named `buildspec*.yml` or `buildspec*.yaml`, or a
/// top-level `version` with `phases` (the check the command makes without `--kind`).
fn looks_like_buildspec(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("buildspec") && (lower.ends_with(".yml") || lower.ends_with(".yaml")) {
        return true;
    }
    match engine::tree::parse(text) {
        Ok((root, _)) => root.key("version").is_some() && root.key("phases").is_some(),
        // A broken file with both sections is a broken buildspec: report its syntax.
        Err(_) => {
            let top = |key: &str| text.lines().any(|l| l.starts_with(key));
            top("version:") && top("phases:")
        }
    }
}

/// A CodeDeploy AppSpec file's findings.
fn check_appspec(file: &str, text: &str) -> Findings {
    let report = engine::codedeploy::validate(text);
    lines(
        file,
        &report.diagnostics,
        report.has_errors(),
        crate::cicd::codedeploy::line,
    )
}

/// An appspec over the size this command reads.
fn appspec_too_large(file: &str, bytes: u64) -> Vec<String> {
    not_read(file, bytes, "an AppSpec file")
}

/// Whether a file is a CodeDeploy AppSpec file: named `appspec.yml`, `appspec.yaml` or
/// `appspec.json`, or a top-level `version: 0.0` with `os`, `hooks` or `Resources`.
fn looks_like_appspec(name: &str, text: &str) -> bool {
    if matches!(name, "appspec.yml" | "appspec.yaml" | "appspec.json") {
        return true;
    }
    let Ok((root, _)) = engine::tree::parse(text) else {
        return false;
    };
    let version = root.get("version").is_some_and(|v| match &v.value {
        engine::tree::Value::Number(n, _) => *n == 0.0,
        engine::tree::Value::Str(s) => s == "0.0",
        _ => false,
    });
    version
        && ["os", "hooks", "Hooks", "Resources", "resources"]
            .iter()
            .any(|k| root.get(k).is_some())
}

/// An ECS task definition's findings (register-task-definition's input JSON, or
/// describe-task-definition's output).
fn check_task_definition(file: &str, text: &str) -> Findings {
    let report = engine::ecs::validate_task_definition(text);
    lines(
        file,
        &report.diagnostics,
        report.has_errors(),
        crate::containers::ecs::line,
    )
}

/// A task definition over the size this command reads.
fn task_definition_too_large(file: &str, bytes: u64) -> Vec<String> {
    not_read(file, bytes, "a task definition")
}

/// Whether a text is an ECS task definition: top-level `containerDefinitions`, or
/// `taskDefinition` holding a mapping (describe-task-definition's output).
fn looks_like_task_definition(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".json") && (lower.contains("task-definition") || lower.contains("taskdef"))
    {
        return true;
    }
    match engine::tree::parse(text) {
        Ok((root, _)) => {
            root.key("containerDefinitions").is_some()
                || root
                    .get("taskDefinition")
                    .is_some_and(|t| t.as_map().is_some())
        }
        // A broken file that names the container definitions is a broken task definition.
        Err(_) => text.contains("\"containerDefinitions\""),
    }
}

/// An ECS service definition's findings (create-service's input JSON).
fn check_ecs_service(file: &str, text: &str) -> Findings {
    let report = engine::ecs::validate_service(text);
    lines(
        file,
        &report.diagnostics,
        report.has_errors(),
        crate::containers::ecs::line,
    )
}

/// A service definition over the size this command reads.
fn ecs_service_too_large(file: &str, bytes: u64) -> Vec<String> {
    not_read(file, bytes, "a service definition")
}

/// Whether a text is an ECS service definition: top-level `serviceName`, or `taskDefinition`
/// beside `desiredCount`, or `service` holding a `serviceName` (create-service's output).
fn looks_like_ecs_service(_name: &str, text: &str) -> bool {
    match engine::tree::parse(text) {
        Ok((root, _)) => {
            root.key("serviceName").is_some()
                || (root.key("taskDefinition").is_some() && root.key("desiredCount").is_some())
                || root
                    .get("service")
                    .is_some_and(|s| s.key("serviceName").is_some())
        }
        Err(_) => text.contains("\"serviceName\""),
    }
}

/// A Kubernetes manifest's findings (one or several documents).
fn check_k8s(file: &str, text: &str) -> Findings {
    let report = engine::k8s::validate(text);
    lines(
        file,
        &report.diagnostics,
        report.has_errors(),
        crate::containers::k8s::line,
    )
}

/// A manifest over the size this command reads.
fn k8s_too_large(file: &str, bytes: u64) -> Vec<String> {
    not_read(file, bytes, "a Kubernetes manifest")
}

/// Whether a text is a Kubernetes manifest: a document with `apiVersion` and `kind`.
fn looks_like_k8s(_name: &str, text: &str) -> bool {
    match engine::tree::parse_documents(text) {
        Ok((docs, _)) => docs
            .iter()
            .any(|d| d.key("apiVersion").is_some() && d.key("kind").is_some()),
        // A broken file that starts objects is a broken manifest: report its syntax.
        Err(_) => {
            let top = |key: &str| {
                text.lines()
                    .any(|l| l.trim_start_matches(['{', ' ', '"']).starts_with(key))
            };
            top("apiVersion") && top("kind")
        }
    }
}

/// An Amazon ECR lifecycle policy's findings (the policy's JSON, or a CLI shape holding it in
/// `lifecyclePolicyText`).
fn check_lifecycle_policy(file: &str, text: &str) -> Findings {
    let report = engine::ecr::validate(text);
    lines(
        file,
        &report.diagnostics,
        report.has_errors(),
        crate::containers::ecr::line,
    )
}

/// A lifecycle policy over the size this command reads: ECR's own limit is far lower.
fn lifecycle_policy_too_large(file: &str, bytes: u64) -> Vec<String> {
    let d = engine::ecr::Diagnostic {
        pos: engine::ecr::Pos { line: 1, col: 1 },
        rule: engine::ecr::Rule::PolicyLength,
        args: vec![bytes.to_string()],
    };
    vec![crate::containers::ecr::line(
        file,
        &d,
        crate::lang::Lang::En,
    )]
}

/// Whether a text is an ECR lifecycle policy: a top-level `rules` list whose rules have
/// `rulePriority` or `selection` (an S3 lifecycle configuration has `Rules`), or a top-level
/// `lifecyclePolicyText` (the CLI's shapes).
fn looks_like_lifecycle_policy(_name: &str, text: &str) -> bool {
    match engine::tree::parse(text) {
        Ok((root, _)) => {
            root.key("lifecyclePolicyText").is_some()
                || root
                    .get("rules")
                    .and_then(|r| r.as_seq())
                    .is_some_and(|rules| {
                        rules.iter().any(|r| {
                            r.key("rulePriority").is_some() || r.key("selection").is_some()
                        })
                    })
        }
        // A broken file that names a rule's parts is a broken lifecycle policy.
        Err(_) => {
            (text.contains("\"rulePriority\"") && text.contains("\"selection\""))
                || text.contains("\"lifecyclePolicyText\"")
        }
    }
}

/// `query`: a Logs Insights query over local files of log lines.
#[cfg(feature = "observability")]
fn query_cmd(args: &[String], out: &mut dyn Write) -> Result<i32, String> {
    use crate::observability::logs as words;
    use engine::logs::{Event, Events, LogGroup, Range, Severity};

    let w = |e: std::io::Error| e.to_string();
    let mut query: Option<(String, String)> = None;
    let mut files = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--query" => {
                let text = rest.next().ok_or("--query needs the query's text")?;
                query = Some(("query".into(), text.clone()));
            }
            "--query-file" => {
                let file = rest.next().ok_or("--query-file needs a file")?;
                let text = std::fs::read_to_string(file)
                    .map_err(|e| format!("cannot read {file}: {e}"))?;
                query = Some((file.clone(), text));
            }
            other => files.push(other.to_string()),
        }
    }
    let (name, text) = query.ok_or("query needs --query TEXT or --query-file FILE")?;
    if files.is_empty() {
        return Err("query needs at least one file of log lines".into());
    }
    let report = engine::logs::validate(&text);
    for d in &report.diagnostics {
        writeln!(out, "{}", words::line(&name, d, crate::lang::Lang::En)).map_err(w)?;
    }
    let Some(q) = report.query else {
        return Ok(1);
    };
    let mut groups = Vec::new();
    for file in &files {
        let body = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        let group = Path::new(file)
            .file_name()
            .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
        let events = body
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                let ts = line_timestamp(l).unwrap_or(i as i64 + 1);
                Event {
                    timestamp_ms: ts,
                    ingestion_time_ms: ts,
                    log_stream: group.clone(),
                    message: l.to_string(),
                }
            })
            .collect();
        groups.push(LogGroup {
            account_id: "123456789012".into(),
            name: group,
            events,
        });
    }
    let result = engine::logs::run(&q, &Events::load(&groups), Range::ALL);
    let cells: Vec<Vec<String>> = result
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| crate::family::insights::cell(v).replace(['\n', '\t'], " "))
                .map(|c| c.trim_end().to_string())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = result.columns.iter().map(|c| c.chars().count()).collect();
    for r in &cells {
        for (k, c) in r.iter().enumerate() {
            widths[k] = widths[k].max(c.chars().count());
        }
    }
    let print = |out: &mut dyn Write, row: &[String]| -> Result<(), String> {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end()).map_err(w)
    };
    print(out, &result.columns)?;
    print(
        out,
        &widths.iter().map(|n| "-".repeat(*n)).collect::<Vec<_>>(),
    )?;
    for r in &cells {
        print(out, r)?;
    }
    writeln!(
        out,
        "{} rows; {}",
        result.rows.len(),
        words::statistics(&result.statistics, crate::lang::Lang::En)
    )
    .map_err(w)?;
    let errors = report
        .diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Error);
    Ok(i32::from(errors))
}

/// A JSON line's time (`timestamp`, `time` or `@timestamp`: RFC 3339 or epoch milliseconds),
/// in epoch milliseconds.
#[cfg(feature = "observability")]
fn line_timestamp(line: &str) -> Option<i64> {
    let v: serde_json::Value = serde_json::from_str(line.trim()).ok()?;
    let t = ["timestamp", "time", "@timestamp"]
        .iter()
        .find_map(|k| v.get(*k))?;
    if let Some(n) = t.as_f64() {
        return Some(n as i64);
    }
    let s = t.as_str()?;
    let seconds = crate::family::ecr::unix_seconds(s)? as i64;
    // The fraction of a second, if any: the digits after the clock's '.'.
    let clock = s.split_once(['T', 't', ' '])?.1;
    let millis = clock.split_once('.').map_or(0, |(_, f)| {
        let digits: String = f.chars().take_while(char::is_ascii_digit).take(3).collect();
        format!("{digits:0<3}").parse::<i64>().unwrap_or(0)
    });
    Some(seconds * 1000 + millis)
}
