//! The checks a Dockerfile gets without a build context: the instructions' syntax and
//! arguments, the stages (FROM … AS name, COPY --from), and the best-practice findings.

use std::collections::BTreeMap;

use super::lex::{self, Word};
use super::parse::{self, Args, Dockerfile, Instruction, Kind};
use super::rules::{Diagnostic, Rule, Severity};
use crate::tree::Pos;

/// Build arguments every build has without an ARG, with the values on a linux/amd64 builder
/// (https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope).
pub const PLATFORM_ARGS: &[(&str, &str)] = &[
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
];

/// One build stage: a FROM and the instructions up to the next.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    /// 0 for the first stage.
    pub index: usize,
    /// The name after AS, in lower case (Docker compares stage names without case).
    pub name: Option<String>,
    /// The base as written after ARG replacement (an image reference, a stage's name, or
    /// `scratch`).
    pub image: String,
    pub platform: Option<String>,
    /// Where the FROM is written.
    pub pos: Pos,
    /// Index of the FROM in [`Dockerfile::instructions`].
    pub from: usize,
    /// Indices of the stage's other instructions.
    pub body: Vec<usize>,
}

/// A Dockerfile read, with its stages and the ARGs before the first FROM.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub file: Dockerfile,
    /// ARG name and default before the first FROM, in order.
    pub global_args: Vec<(String, Option<String>)>,
    pub stages: Vec<Stage>,
    /// Stage names (lower case) to the first stage of each name.
    names: BTreeMap<String, usize>,
}

impl Model {
    /// The stage a name (or index) refers to.
    pub fn stage(&self, name: &str) -> Option<&Stage> {
        let lower = name.to_ascii_lowercase();
        self.names
            .get(&lower)
            .and_then(|&i| self.stages.get(i))
            .or_else(|| name.parse::<usize>().ok().and_then(|i| self.stages.get(i)))
    }

    /// The instruction at an index.
    pub fn ins(&self, i: usize) -> &Instruction {
        &self.file.instructions[i]
    }
}

/// What [`validate`] returns: findings (errors and warnings, in the order of the text) and
/// the model when there is no error.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub model: Option<Model>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }
}

/// Reads and checks a Dockerfile. Never panics; every position is inside the text.
pub fn validate(text: &str) -> Report {
    let (model, diagnostics) = read(text);
    let errors = diagnostics.iter().any(|d| d.severity() == Severity::Error);
    Report {
        diagnostics,
        model: (!errors).then_some(model),
    }
}

/// The model and every finding (the model is built even with errors).
pub(crate) fn read(text: &str) -> (Model, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let file = parse::parse(text, &mut out);
    let escape = file.escape;
    let mut global_args: Vec<(String, Option<String>)> = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen_from = false;
    for (i, ins) in file.instructions.iter().enumerate() {
        instruction_checks(ins, escape, &mut out);
        match ins.kind {
            Some(Kind::From) => {
                seen_from = true;
                let stage = from_stage(ins, i, stages.len(), &global_args, escape, &mut out);
                if let Some(name) = &stage.name {
                    match names.get(name) {
                        Some(&first) => out.push(Diagnostic::new(
                            ins.pos,
                            Rule::StageDuplicate,
                            [name.clone(), stages[first].pos.line.to_string()],
                        )),
                        None => {
                            names.insert(name.clone(), stage.index);
                        }
                    }
                }
                stages.push(stage);
            }
            Some(Kind::Arg) if !seen_from => {
                for (w, _) in ins.words(escape) {
                    let (name, default) = match w.text.split_once('=') {
                        Some((n, d)) => (n.to_string(), Some(d.to_string())),
                        None => (w.text.clone(), None),
                    };
                    global_args.push((name, default));
                }
            }
            Some(_) if !seen_from => {
                out.push(Diagnostic::new(ins.pos, Rule::BeforeFrom, [ins.name()]));
            }
            _ => {
                if let Some(stage) = stages.last_mut() {
                    stage.body.push(i);
                }
            }
        }
    }
    if stages.is_empty() {
        out.push(Diagnostic::new(
            Pos { line: 1, col: 1 },
            Rule::NoFrom,
            [] as [&str; 0],
        ));
    }
    let model = Model {
        file,
        global_args,
        stages,
        names,
    };
    stage_checks(&model, &mut out);
    casing(&model.file, &mut out);
    let check = check_directive(&model.file);
    out.retain(|d| !super::rules::skipped(check, d.rule));
    out.sort_by_key(|d| (d.pos.line, d.pos.col));
    (model, out)
}

/// The `# check=` directive's value, if written.
pub(crate) fn check_directive(file: &Dockerfile) -> Option<&str> {
    file.directives
        .iter()
        .find(|d| d.name == "check")
        .map(|d| d.value.as_str())
}

/// FROM [--platform=…] image [AS name].
fn from_stage(
    ins: &Instruction,
    i: usize,
    index: usize,
    global_args: &[(String, Option<String>)],
    escape: char,
    out: &mut Vec<Diagnostic>,
) -> Stage {
    let words = ins.words(escape);
    let mut name = None;
    let mut image = String::new();
    match words.as_slice() {
        [] => {}
        [(w, _)] => image = w.text.clone(),
        [(w, _), (as_kw, as_pos), (n, npos)] if as_kw.text.eq_ignore_ascii_case("as") => {
            image = w.text.clone();
            let lower = n.text.to_ascii_lowercase();
            let valid = lower.starts_with(|c: char| c.is_ascii_lowercase())
                && lower
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
            if !valid {
                out.push(Diagnostic::new(
                    *npos,
                    Rule::StageNameInvalid,
                    [n.text.as_str()],
                ));
            } else if n.text != lower {
                out.push(Diagnostic::new(
                    *npos,
                    Rule::StageNameCasing,
                    [n.text.as_str()],
                ));
            }
            if lower == "scratch" || lower == "context" {
                out.push(Diagnostic::new(
                    *npos,
                    Rule::StageNameReserved,
                    [lower.as_str()],
                ));
            }
            let kw = &ins.keyword;
            let upper = |s: &str| s.chars().all(|c| !c.is_ascii_lowercase());
            let lowerc = |s: &str| s.chars().all(|c| !c.is_ascii_uppercase());
            if (upper(kw) && !upper(&as_kw.text)) || (lowerc(kw) && !lowerc(&as_kw.text)) {
                out.push(Diagnostic::new(
                    *as_pos,
                    Rule::FromAsCasing,
                    [kw.as_str(), as_kw.text.as_str()],
                ));
            }
            name = Some(lower);
        }
        _ => out.push(Diagnostic::new(
            ins.args_pos,
            Rule::FromSyntax,
            [ins.args.text()],
        )),
    }
    // Replace the global ARGs (and the platform ones) in the image.
    let mut env: BTreeMap<String, String> = PLATFORM_ARGS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (k, v) in global_args {
        env.insert(k.clone(), v.clone().unwrap_or_default());
    }
    let (expanded, vars) = lex::expand(&image, escape, &env);
    if let Some((w, p)) = words.first() {
        for v in vars {
            let declared = global_args.iter().any(|(k, _)| *k == v)
                || PLATFORM_ARGS.iter().any(|(k, _)| *k == v);
            if !declared {
                let near = near(&v, global_args.iter().map(|(k, _)| k.as_str()));
                out.push(Diagnostic::new(*p, Rule::UndefinedArgInFrom, [v, near]));
            }
        }
        let _ = w;
    }
    Stage {
        index,
        name,
        image: expanded,
        platform: ins.flag("platform").and_then(|f| f.value.clone()),
        pos: ins.pos,
        from: i,
        body: Vec::new(),
    }
}

/// The closest name within two edits, or empty.
pub(crate) fn near<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let lower = name.to_ascii_lowercase();
    candidates
        .map(|c| {
            (
                crate::text::edit_distance(&lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= 2 && *d < lower.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
        .unwrap_or_default()
}

/// The flags each instruction takes: name and whether it needs a value
/// (https://docs.docker.com/reference/dockerfile/: FROM --platform; RUN --mount, --network,
/// --security; COPY --from, --chown, --chmod, --link, --parents, --exclude; ADD --checksum,
/// --keep-git-dir, --chown, --chmod, --link, --exclude, --unpack; HEALTHCHECK --interval,
/// --timeout, --start-period, --start-interval, --retries). `--exclude` is generally available
/// since Dockerfile 1.19 (https://github.com/moby/buildkit/releases/tag/dockerfile%2F1.19.0);
/// `--parents` is in the labs channel (dockerfile 1.7-labs).
fn known_flags(kind: Kind) -> &'static [(&'static str, bool)] {
    match kind {
        Kind::From => &[("platform", true)],
        Kind::Run => &[
            ("mount", true),
            ("network", true),
            ("security", true),
            ("device", true),
        ],
        Kind::Copy => &[
            ("from", true),
            ("chown", true),
            ("chmod", true),
            ("link", false),
            ("parents", false),
            ("exclude", true),
        ],
        Kind::Add => &[
            ("checksum", true),
            ("keep-git-dir", false),
            ("chown", true),
            ("chmod", true),
            ("link", false),
            ("exclude", true),
            ("unpack", false),
        ],
        Kind::Healthcheck => &[
            ("interval", true),
            ("timeout", true),
            ("start-period", true),
            ("start-interval", true),
            ("retries", true),
        ],
        _ => &[],
    }
}

/// RUN --mount types (https://docs.docker.com/reference/dockerfile/#run---mount).
const MOUNT_TYPES: &[&str] = &["bind", "cache", "tmpfs", "secret", "ssh"];

/// A RUN --mount's options: `type=cache,target=/root/.npm,…` into a map (a bare word such as
/// `readonly` maps to `true`).
pub fn mount_options(value: &str) -> BTreeMap<String, String> {
    value
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_lowercase(), v.trim().to_string()),
            None => (kv.trim().to_ascii_lowercase(), "true".to_string()),
        })
        .collect()
}

/// A mount's target (`target`, `dst` or `destination`).
pub fn mount_target(opts: &BTreeMap<String, String>) -> Option<&String> {
    opts.get("target")
        .or_else(|| opts.get("dst"))
        .or_else(|| opts.get("destination"))
}

/// A HEALTHCHECK duration: Go's form (`30s`, `1m30s`, `500ms`).
fn is_duration(v: &str) -> bool {
    let mut rest = v;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let unit = ["ns", "us", "µs", "ms", "s", "m", "h"]
            .iter()
            .find(|u| rest.starts_with(**u));
        match unit {
            Some(u) => rest = &rest[u.len()..],
            None => return false,
        }
    }
    true
}

fn instruction_checks(ins: &Instruction, escape: char, out: &mut Vec<Diagnostic>) {
    let Some(kind) = ins.kind else {
        let near = near(&ins.keyword, Kind::ALL.iter().map(|k| k.name()));
        out.push(Diagnostic::new(
            ins.pos,
            Rule::UnknownInstruction,
            [ins.keyword.clone(), near],
        ));
        return;
    };
    let name = kind.name();
    // Flags.
    let known = known_flags(kind);
    for f in &ins.flags {
        match known.iter().find(|(n, _)| *n == f.name) {
            None => {
                let near = near(&f.name, known.iter().map(|(n, _)| *n));
                out.push(Diagnostic::new(
                    f.pos,
                    Rule::FlagUnknown,
                    [name.to_string(), format!("--{}", f.name), near],
                ));
            }
            Some((_, true)) if f.value.as_deref().is_none_or(str::is_empty) => {
                out.push(Diagnostic::new(
                    f.pos,
                    Rule::FlagValue,
                    [name.to_string(), format!("--{}", f.name), String::new()],
                ));
            }
            Some(_) => flag_value(kind, f, out),
        }
    }
    let empty = match &ins.args {
        Args::Shell(s) => s.trim().is_empty(),
        Args::Exec(v) => v.is_empty() && !matches!(kind, Kind::Cmd | Kind::Entrypoint),
    };
    if empty {
        out.push(Diagnostic::new(ins.pos, Rule::MissingArguments, [name]));
        return;
    }
    let words = || ins.words(escape);
    match kind {
        Kind::Env | Kind::Label => key_values(ins, kind, &words(), out),
        Kind::Arg => {
            for (w, p) in words() {
                let key = w.text.split('=').next().unwrap_or("");
                if is_secret_name(key) {
                    out.push(Diagnostic::new(p, Rule::SecretInArgEnv, [name, key]));
                }
            }
        }
        Kind::Copy | Kind::Add => copy_checks(ins, kind, &words(), out),
        Kind::Expose => {
            for (w, p) in words() {
                if w.text.contains('$') || w.text.contains(':') {
                    continue;
                }
                if !valid_port(&w.text) {
                    out.push(Diagnostic::new(p, Rule::ExposeFormat, [w.text.as_str()]));
                }
            }
        }
        Kind::Healthcheck => {
            let ws = words();
            let first = ws.first().map(|(w, _)| w.text.clone()).unwrap_or_default();
            let ok = if first.eq_ignore_ascii_case("none") {
                ws.len() == 1
            } else {
                first.eq_ignore_ascii_case("cmd") && ws.len() > 1
            };
            if !ok {
                let p = ws.first().map(|(_, p)| *p).unwrap_or(ins.args_pos);
                out.push(Diagnostic::new(p, Rule::HealthcheckForm, [first]));
            }
        }
        Kind::Maintainer => out.push(Diagnostic::new(
            ins.pos,
            Rule::MaintainerDeprecated,
            [] as [&str; 0],
        )),
        Kind::Cmd | Kind::Entrypoint => {
            let broken = out
                .iter()
                .any(|d| d.rule == Rule::ExecJson && d.pos == ins.args_pos);
            if matches!(ins.args, Args::Shell(_)) && !broken {
                out.push(Diagnostic::new(ins.pos, Rule::JsonArgsRecommended, [name]));
            }
        }
        Kind::Shell
            if matches!(ins.args, Args::Shell(_))
                && !out
                    .iter()
                    .any(|d| d.rule == Rule::ExecJson && d.pos == ins.args_pos) =>
        {
            out.push(Diagnostic::new(ins.args_pos, Rule::ExecJson, [name]));
        }
        Kind::Onbuild => {
            match &ins.onbuild {
                Some(inner) => match inner.kind {
                    Some(Kind::Onbuild | Kind::From | Kind::Maintainer) => out.push(
                        Diagnostic::new(inner.pos, Rule::OnbuildInstruction, [inner.name()]),
                    ),
                    _ => instruction_checks(inner, escape, out),
                },
                None => out.push(Diagnostic::new(ins.pos, Rule::MissingArguments, [name])),
            }
        }
        Kind::Run => run_checks(ins, out),
        _ => {}
    }
}

/// A flag's value checks: mounts, network, durations, retries.
fn flag_value(kind: Kind, f: &parse::Flag, out: &mut Vec<Diagnostic>) {
    let value = f.value.clone().unwrap_or_default();
    let bad = |out: &mut Vec<Diagnostic>| {
        out.push(Diagnostic::new(
            f.pos,
            Rule::FlagValue,
            [
                kind.name().to_string(),
                format!("--{}", f.name),
                value.clone(),
            ],
        ))
    };
    match (kind, f.name.as_str()) {
        (Kind::Run, "mount") => {
            let opts = mount_options(&value);
            let ty = opts.get("type").map(String::as_str).unwrap_or("bind");
            if !MOUNT_TYPES.contains(&ty) {
                let near = near(ty, MOUNT_TYPES.iter().copied());
                out.push(Diagnostic::new(
                    f.pos,
                    Rule::MountType,
                    [ty.to_string(), near],
                ));
            } else if matches!(ty, "bind" | "cache" | "tmpfs") && mount_target(&opts).is_none() {
                out.push(Diagnostic::new(f.pos, Rule::MountTarget, [ty]));
            }
        }
        (Kind::Run, "network") if !["default", "none", "host"].contains(&value.as_str()) => {
            bad(out)
        }
        (Kind::Run, "security") if !["insecure", "sandbox"].contains(&value.as_str()) => bad(out),
        (Kind::Healthcheck, "retries") if value.parse::<u32>().is_err() => bad(out),
        (Kind::Healthcheck, name) if name != "retries" && !is_duration(&value) => bad(out),
        _ => {}
    }
}

/// ENV and LABEL: `key=value …`, or the legacy `key value`.
fn key_values(ins: &Instruction, kind: Kind, words: &[(Word, Pos)], out: &mut Vec<Diagnostic>) {
    let name = kind.name();
    let Some((first, fpos)) = words.first() else {
        return;
    };
    if !first.text.contains('=') {
        if words.len() < 2 {
            out.push(Diagnostic::new(
                *fpos,
                Rule::KeyValue,
                [name, first.text.as_str()],
            ));
            return;
        }
        out.push(Diagnostic::new(ins.pos, Rule::LegacyKeyValue, [name]));
        if kind == Kind::Env && is_secret_name(&first.text) {
            out.push(Diagnostic::new(
                *fpos,
                Rule::SecretInArgEnv,
                [name, &first.text],
            ));
        }
        return;
    }
    for (w, p) in words {
        match w.text.split_once('=') {
            Some((k, _)) if !k.is_empty() => {
                if kind == Kind::Env && is_secret_name(k) {
                    out.push(Diagnostic::new(*p, Rule::SecretInArgEnv, [name, k]));
                }
            }
            _ => out.push(Diagnostic::new(*p, Rule::KeyValue, [name, w.text.as_str()])),
        }
    }
}

/// Whether an ARG or ENV name reads as a secret: one of its `_`-separated parts (or the
/// name) is apikey, auth, credential(s), key, password, pword, passwd, secret or token, and
/// none is `public` (the tokens of BuildKit's SecretsUsedInArgOrEnv:
/// https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/ and
/// https://github.com/moby/buildkit/pull/5105).
pub fn is_secret_name(name: &str) -> bool {
    const TOKENS: &[&str] = &[
        "apikey",
        "auth",
        "credential",
        "credentials",
        "key",
        "password",
        "pword",
        "passwd",
        "secret",
        "token",
    ];
    let lower = name.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split(['_', '-', '.']).collect();
    parts.iter().any(|p| TOKENS.contains(p)) && !parts.contains(&"public")
}

/// EXPOSE: `80`, `80/tcp`, `8000-8010/udp`.
fn valid_port(v: &str) -> bool {
    let (ports, proto) = match v.split_once('/') {
        Some((p, pr)) => (p, Some(pr)),
        None => (v, None),
    };
    let num = |s: &str| !s.is_empty() && s.len() <= 5 && s.chars().all(|c| c.is_ascii_digit());
    let ports_ok = match ports.split_once('-') {
        Some((a, b)) => num(a) && num(b),
        None => num(ports),
    };
    ports_ok
        && proto.is_none_or(|p| ["tcp", "udp", "sctp"].contains(&p.to_ascii_lowercase().as_str()))
}

/// COPY and ADD: a source and a destination; a directory destination for several sources;
/// ADD where COPY would do.
fn copy_checks(ins: &Instruction, kind: Kind, words: &[(Word, Pos)], out: &mut Vec<Diagnostic>) {
    let name = kind.name();
    if words.len() < 2 {
        out.push(Diagnostic::new(ins.pos, Rule::MissingArguments, [name]));
        return;
    }
    let (dest, dpos) = &words[words.len() - 1];
    let sources = &words[..words.len() - 1];
    let heredoc_sources = ins.heredocs.len();
    if sources.len() > 1
        && !dest.text.ends_with('/')
        && !dest.text.contains('$')
        && heredoc_sources < sources.len()
    {
        out.push(Diagnostic::new(
            *dpos,
            Rule::CopyDestination,
            [name, dest.text.as_str()],
        ));
    }
    if kind == Kind::Add
        && ins.heredocs.is_empty()
        && ins.flag("checksum").is_none()
        && ins.flag("keep-git-dir").is_none()
    {
        let local = |s: &str| {
            let l = s.to_ascii_lowercase();
            !(l.contains("://")
                || l.starts_with("git@")
                || l.contains('$')
                || [
                    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
                    ".gz", ".bz2", ".xz",
                ]
                .iter()
                .any(|e| l.ends_with(e)))
        };
        if sources.iter().all(|(w, _)| local(&w.text)) {
            if let Some((w, p)) = sources.first() {
                out.push(Diagnostic::new(
                    *p,
                    Rule::AddInsteadOfCopy,
                    [w.text.as_str()],
                ));
            }
        }
    }
}

/// The script a RUN runs: its shell text, the heredoc markers left out; and the heredoc
/// bodies when they are the script (`RUN <<EOF`, `RUN <<EOF bash -ex`), not a command's
/// input data (`RUN cat <<EOF > /etc/app.conf`).
pub fn run_script(ins: &Instruction) -> String {
    let text = ins.args.text();
    if ins.heredocs.is_empty() {
        return text;
    }
    let command: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            let digits = w.trim_start_matches(|c: char| c.is_ascii_digit());
            !digits.starts_with("<<")
        })
        .collect();
    let shell = command.first().is_none_or(|p| {
        let p = p.rsplit('/').next().unwrap_or(p);
        matches!(p, "sh" | "bash" | "ash" | "dash" | "zsh")
            && command[1..].iter().all(|a| a.starts_with('-'))
    });
    if !shell {
        return command.join(" ");
    }
    ins.heredocs
        .iter()
        .map(|h| h.content.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// RUN: apt caches left behind.
fn run_checks(ins: &Instruction, out: &mut Vec<Diagnostic>) {
    let script = run_script(ins);
    let installs = script.contains("apt-get install")
        || script.contains("apt install")
        || script.contains("apt-get -y install")
        || script.contains("apt-get -yq install")
        || script.contains("apt-get -qq install");
    if !installs {
        return;
    }
    let cache_mount = ins.flags_named("mount").any(|f| {
        let o = mount_options(f.value.as_deref().unwrap_or(""));
        o.get("type").map(String::as_str) == Some("cache")
            && mount_target(&o).is_some_and(|t| t.starts_with("/var/lib/apt"))
    });
    // `apt-get dist-clean` (apt 2.7, Debian trixie) removes the lists too.
    if !script.contains("/var/lib/apt/lists") && !script.contains("dist-clean") && !cache_mount {
        out.push(Diagnostic::new(ins.pos, Rule::AptLists, [] as [&str; 0]));
    }
    if !script.contains("--no-install-recommends") && !script.contains("Install-Recommends") {
        out.push(Diagnostic::new(
            ins.pos,
            Rule::AptRecommends,
            [] as [&str; 0],
        ));
    }
}

/// Well-known official images a `COPY --from` may name without a tag (then it is an image,
/// not a misspelt stage).
const FROM_IMAGES: &[&str] = &[
    "alpine",
    "busybox",
    "debian",
    "docker",
    "golang",
    "nginx",
    "node",
    "python",
    "ubuntu",
    "scratch",
    "eclipse-temurin",
    "amazonlinux",
    "postgres",
    "redis",
    "tianon",
];

/// Checks that need the stages: COPY --from, repeated CMD/ENTRYPOINT/HEALTHCHECK, WORKDIR,
/// the base's tag, and the final stage's user.
fn stage_checks(model: &Model, out: &mut Vec<Diagnostic>) {
    let escape = model.file.escape;
    for stage in &model.stages {
        let mut firsts: BTreeMap<Kind, u32> = BTreeMap::new();
        let mut absolute_workdir = model.stage(&stage.image).is_some();
        for &i in &stage.body {
            let ins = model.ins(i);
            let Some(kind) = ins.kind else { continue };
            match kind {
                Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck => {
                    if let Some(first) = firsts.get(&kind) {
                        out.push(Diagnostic::new(
                            ins.pos,
                            Rule::MultipleInstructions,
                            [kind.name().to_string(), first.to_string()],
                        ));
                    } else {
                        firsts.insert(kind, ins.pos.line);
                    }
                }
                Kind::Workdir => {
                    let path = ins.args.text();
                    let path = path.trim();
                    if path.starts_with('/') || path.starts_with('$') || path.contains(':') {
                        absolute_workdir = true;
                    } else if !absolute_workdir && !path.is_empty() {
                        out.push(Diagnostic::new(ins.args_pos, Rule::WorkdirRelative, [path]));
                    }
                }
                Kind::Copy => {
                    if let Some(f) = ins.flag("from") {
                        copy_from(model, stage, f, out);
                    }
                }
                _ => {}
            }
        }
        // The base's tag.
        let image = &stage.image;
        if !image.contains('$') && model.stage(image).is_none_or(|s| s.index >= stage.index) {
            let (_, tag, digest) = split_reference(image);
            if !image.eq_ignore_ascii_case("scratch")
                && digest.is_none()
                && tag.is_none_or(|t| t == "latest")
            {
                let ins = model.ins(stage.from);
                out.push(Diagnostic::new(
                    ins.args_pos,
                    Rule::FromLatest,
                    [image.as_str()],
                ));
            }
        }
    }
    if let Some(last) = model.stages.last() {
        if let Some(d) = root_user(model, last, escape) {
            out.push(d);
        }
    }
}

/// COPY --from: an earlier stage's name or index, or an image.
fn copy_from(model: &Model, stage: &Stage, f: &parse::Flag, out: &mut Vec<Diagnostic>) {
    let value = f.value.clone().unwrap_or_default();
    if value.is_empty() || value.contains('$') {
        return;
    }
    if let Ok(n) = value.parse::<usize>() {
        if n >= stage.index {
            out.push(Diagnostic::new(
                f.pos,
                Rule::CopyFromUnknown,
                [value, String::new()],
            ));
        }
        return;
    }
    let lower = value.to_ascii_lowercase();
    if let Some(s) = model.stage(&lower) {
        if s.index == stage.index {
            out.push(Diagnostic::new(
                f.pos,
                Rule::CopyFromUnknown,
                [value, String::new()],
            ));
        }
        return;
    }
    let image_like = value.contains(['/', ':', '@', '.']) || FROM_IMAGES.contains(&lower.as_str());
    if !image_like {
        let names = model.stages[..stage.index]
            .iter()
            .filter_map(|s| s.name.as_deref());
        let near = near(&value, names);
        out.push(Diagnostic::new(f.pos, Rule::CopyFromUnknown, [value, near]));
    }
}

/// The user the final stage runs as, when it is root: the last USER of the stage, or of the
/// stage it starts from; none means the base's default user (root, unless a `nonroot` tag).
fn root_user(model: &Model, last: &Stage, escape: char) -> Option<Diagnostic> {
    let mut stage = last;
    let mut hops = 0;
    loop {
        let user = stage
            .body
            .iter()
            .rev()
            .map(|&i| model.ins(i))
            .find(|ins| ins.kind == Some(Kind::User));
        if let Some(ins) = user {
            let text = ins
                .words(escape)
                .first()
                .map(|(w, _)| w.text.clone())
                .unwrap_or_default();
            let who = text.split(':').next().unwrap_or("");
            return (who == "root" || who == "0")
                .then(|| Diagnostic::new(ins.pos, Rule::RunAsRoot, [text.as_str()]));
        }
        match model.stage(&stage.image) {
            Some(base) if base.index < stage.index && hops < model.stages.len() => {
                stage = base;
                hops += 1;
            }
            _ => break,
        }
    }
    if stage.image.contains("nonroot") || stage.image.eq_ignore_ascii_case("scratch") {
        return None;
    }
    Some(Diagnostic::new(last.pos, Rule::RunAsRoot, [""]))
}

/// An image reference's name, tag and digest: `registry/repo:tag@sha256:…`.
pub fn split_reference(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
    match rest[slash..].rfind(':') {
        Some(c) => (&rest[..slash + c], Some(&rest[slash + c + 1..]), digest),
        None => (rest, None, digest),
    }
}

/// ConsistentInstructionCasing: the keywords' case (upper or lower) most use; others warned.
fn casing(file: &Dockerfile, out: &mut Vec<Diagnostic>) {
    let known: Vec<&Instruction> = file
        .instructions
        .iter()
        .filter(|i| i.kind.is_some())
        .collect();
    let upper = known
        .iter()
        .filter(|i| i.keyword == i.keyword.to_ascii_uppercase())
        .count();
    let lower = known
        .iter()
        .filter(|i| i.keyword == i.keyword.to_ascii_lowercase())
        .count();
    let expect_upper = upper >= lower;
    for ins in known {
        let ok = if expect_upper {
            ins.keyword == ins.keyword.to_ascii_uppercase()
        } else {
            ins.keyword == ins.keyword.to_ascii_lowercase()
        };
        if !ok {
            out.push(Diagnostic::new(
                ins.pos,
                Rule::InstructionCasing,
                [
                    ins.keyword.as_str(),
                    if expect_upper { "upper" } else { "lower" },
                ],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_follow_buildkit_tokens() {
        assert!(is_secret_name("AWS_SECRET_ACCESS_KEY"));
        assert!(is_secret_name("GITHUB_TOKEN"));
        assert!(is_secret_name("password"));
        assert!(!is_secret_name("PUBLIC_KEY"));
        assert!(!is_secret_name("KEYBOARD"));
        assert!(!is_secret_name("NODE_ENV"));
    }

    #[test]
    fn references_split_into_name_tag_and_digest() {
        assert_eq!(split_reference("node:22"), ("node", Some("22"), None));
        assert_eq!(
            split_reference("localhost:5000/app"),
            ("localhost:5000/app", None, None)
        );
        assert_eq!(
            split_reference("gcr.io/distroless/static@sha256:ab"),
            ("gcr.io/distroless/static", None, Some("sha256:ab"))
        );
    }

    #[test]
    fn durations_are_go_durations() {
        assert!(is_duration("30s") && is_duration("1m30s") && is_duration("500ms"));
        assert!(!is_duration("30") && !is_duration("s") && !is_duration(""));
    }
}
