//! A build simulated: the stages a target needs, each instruction against the base-image
//! catalogue and the build context, the layers with their sizes, the cache, and the final
//! image's configuration.

use std::collections::{BTreeMap, BTreeSet};

use super::catalogue::{self, Family};
use super::commands::{self, absolute, Scope};
use super::ignore::{self, Ignore};
use super::lex;
use super::parse::{Args, Instruction, Kind};
use super::rules::{Diagnostic, Rule, Severity};
use super::validate::{self, mount_options, mount_target, run_script, Model};
use crate::numbers::hash64;
use crate::tree::Pos;

/// A file of the build context.
#[derive(Clone, Debug, PartialEq)]
pub struct ContextFile {
    /// Relative to the context's root (`src/index.js`).
    pub path: String,
    /// Bytes.
    pub size: u64,
    /// A content version: a changed file has another version (its checksum changes).
    pub version: u32,
    /// The text, for the files a build reads (package.json, requirements.txt, go.mod,
    /// .dockerignore); empty otherwise.
    pub text: String,
}

impl ContextFile {
    /// A file of `size` bytes whose text does not matter.
    pub fn new(path: &str, size: u64) -> ContextFile {
        ContextFile {
            path: ignore::clean(path),
            size,
            version: 1,
            text: String::new(),
        }
    }

    /// A file with its text (its size is the text's length).
    pub fn with_text(path: &str, text: &str) -> ContextFile {
        ContextFile {
            path: ignore::clean(path),
            size: text.len() as u64,
            version: 1,
            text: text.to_string(),
        }
    }

    /// The checksum a cache compares (a simulated one, from path, size, version and text).
    pub fn checksum(&self) -> u64 {
        hash64(&[
            self.path.as_bytes(),
            &self.size.to_le_bytes(),
            &self.version.to_le_bytes(),
            self.text.as_bytes(),
        ])
    }
}

/// The build context: the files `docker build` sends, `.dockerignore` among them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    pub files: Vec<ContextFile>,
}

impl Context {
    pub fn new(files: Vec<ContextFile>) -> Context {
        Context { files }
    }

    /// The same context with these files changed (their version raised by one).
    pub fn changed(&self, paths: &[&str]) -> Context {
        let mut c = self.clone();
        for f in &mut c.files {
            if paths.iter().any(|p| ignore::clean(p) == f.path) {
                f.version += 1;
            }
        }
        c
    }

    /// The `.dockerignore` at the root, read.
    pub fn dockerignore(&self) -> Option<Ignore> {
        self.files
            .iter()
            .find(|f| f.path == ".dockerignore")
            .map(|f| Ignore::parse(&f.text))
    }
}

/// What a later build may reuse: the layers' cache keys, what each COPY's files were, and
/// the warm cache mounts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cache {
    keys: BTreeSet<u64>,
    /// For an instruction on a parent (hash of both): the inputs it had (file checksums, or
    /// variable values for a RUN).
    sites: BTreeMap<u64, Vec<(String, u64)>>,
    mounts: BTreeSet<String>,
}

impl Cache {
    /// Whether nothing is cached (a first build).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// The build's settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// `--build-arg NAME=value`.
    pub build_args: BTreeMap<String, String>,
    /// `--target stage` (the last stage when `None`).
    pub target: Option<String>,
    /// The cache a previous build left ([`Build::cache`]).
    pub cache: Cache,
    /// `--no-cache`.
    pub no_cache: bool,
}

/// Which instruction made a layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// One of the base image's layers.
    Base,
    Run,
    Copy,
    Add,
    Workdir,
}

/// Why a layer was built again rather than reused.
#[derive(Clone, Debug, PartialEq)]
pub enum Miss {
    /// A base layer not pulled before.
    Pull,
    /// Nothing cached yet (a first build).
    NotCached,
    /// `--no-cache`.
    Disabled,
    /// The base image changed.
    BaseChanged,
    /// The layer below (made at this line) was rebuilt, so this one is too.
    ParentRebuilt(u32),
    /// The instruction's text is new.
    InstructionChanged,
    /// The copied files changed (their paths).
    FilesChanged(Vec<String>),
    /// The variables a RUN sees changed (their names).
    VariablesChanged(Vec<String>),
}

/// Whether the build reused a layer.
#[derive(Clone, Debug, PartialEq)]
pub enum CacheStatus {
    Hit,
    Miss(Miss),
}

impl CacheStatus {
    pub fn is_hit(&self) -> bool {
        *self == CacheStatus::Hit
    }
}

/// One layer of an image.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub origin: Origin,
    /// The line of the instruction that made it (the FROM for a base layer).
    pub line: u32,
    /// The instruction as a learner reads it (`RUN npm ci`, `FROM node:22 (layer 3 of 8)`).
    pub instruction: String,
    /// Bytes, uncompressed.
    pub size: u64,
    pub cache: CacheStatus,
    /// Simulated milliseconds this build spent on it (0 when reused).
    pub millis: u64,
    /// Files a COPY or ADD copied.
    pub files: usize,
    /// Commands of a RUN the catalogue does not know (sized with a small default).
    pub unknown_commands: Vec<String>,
    /// COPY --from sources the simulation cannot see (from a base image): sized with a
    /// small default.
    pub unresolved: Vec<String>,
    /// Bytes a `--mount=type=cache` kept out of the layer.
    pub kept_in_cache_mount: u64,
    /// A cache mount kept from an earlier build made the RUN faster.
    pub warm_cache_mount: bool,
    /// The cache key (simulated).
    pub key: u64,
}

/// One stage of the build.
#[derive(Clone, Debug, PartialEq)]
pub struct StageResult {
    pub index: usize,
    pub name: Option<String>,
    /// The canonical catalogue reference its image starts from (through the stages it
    /// starts from), `""` when the catalogue does not have it; for a stage not built, the
    /// reference as written.
    pub base: String,
    /// The stage it starts from (`FROM build`), if any.
    pub from_stage: Option<usize>,
    /// Whether the target needs it (BuildKit skips the others).
    pub built: bool,
    /// Its image's layers, base layers first.
    pub layers: Vec<Layer>,
    pub size: u64,
}

/// A simulated build.
#[derive(Clone, Debug, PartialEq)]
pub struct Build {
    /// No error (a Dockerfile or build error stops the build).
    pub ok: bool,
    /// The Dockerfile's findings and the build's (with context: sources, .dockerignore,
    /// bases).
    pub diagnostics: Vec<Diagnostic>,
    pub stages: Vec<StageResult>,
    /// The stage the image is (index into `stages`).
    pub target: usize,
    /// The final image's layers.
    pub layers: Vec<Layer>,
    /// Uncompressed bytes, as `docker images` shows.
    pub size: u64,
    /// Compressed bytes, as a registry stores it (base compressed as published; the
    /// build's own layers at 40 %, an approximation).
    pub compressed_size: u64,
    /// The final image's canonical base reference (`""` when unknown).
    pub base: String,
    /// The user it runs as (`root` when none is set; distroless `nonroot` tags: 65532).
    pub user: String,
    pub runs_as_root: bool,
    /// `8080/tcp`.
    pub exposed: Vec<String>,
    pub env: Vec<(String, String)>,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub workdir: String,
    /// `sha256:` and 64 hex digits, computed from the layers' keys (a simulated digest,
    /// not the SHA-256 of a real image).
    pub digest: String,
    /// Simulated milliseconds of the build (layers rebuilt, stages one after the other).
    pub millis: u64,
    /// Layers reused and rebuilt, over the stages built.
    pub hits: usize,
    pub misses: usize,
    /// What the next build may reuse.
    pub cache: Cache,
}

/// A file in a stage's filesystem (copied or made by a RUN).
#[derive(Clone, Debug)]
struct Entry {
    path: String,
    size: u64,
    checksum: u64,
    /// Index into the context's files, for its text.
    context: Option<usize>,
}

#[derive(Clone, Debug)]
struct State {
    key: u64,
    /// The line of the last rebuilt layer, and whether it was the base.
    missed: Option<(u32, bool)>,
    layers: Vec<Layer>,
    /// Where the stage's own layers start (after a parent stage's).
    start: usize,
    fs: Vec<Entry>,
    args: BTreeMap<String, String>,
    env: Vec<(String, String)>,
    user: String,
    nonroot: bool,
    workdir: String,
    exposed: Vec<String>,
    entrypoint: Vec<String>,
    cmd: Vec<String>,
    cmd_from_base: bool,
    shell: Vec<String>,
    family: Family,
    base: String,
    base_compressed: u64,
    own: u64,
}

impl State {
    fn vars(&self) -> BTreeMap<String, String> {
        let mut v = self.args.clone();
        for (k, val) in &self.env {
            v.insert(k.clone(), val.clone());
        }
        v
    }

    fn set_env(&mut self, k: String, v: String) {
        match self.env.iter_mut().find(|(n, _)| *n == k) {
            Some(e) => e.1 = v,
            None => self.env.push((k, v)),
        }
    }
}

fn hex_digest(parts: &[u64]) -> String {
    let bytes: Vec<u8> = parts.iter().flat_map(|p| p.to_le_bytes()).collect();
    let mut out = String::from("sha256:");
    for i in 0..4u8 {
        let h = hash64(&[&bytes, &[i]]);
        out.push_str(&format!("{h:016x}"));
    }
    out
}

/// Builds a Dockerfile against a context. Never panics; a Dockerfile with errors gives a
/// build that is not ok, with the findings.
pub fn build(text: &str, context: &Context, options: &Options) -> Build {
    let (model, mut diagnostics) = validate::read(text);
    let mut b = Build {
        ok: false,
        diagnostics: Vec::new(),
        stages: Vec::new(),
        target: 0,
        layers: Vec::new(),
        size: 0,
        compressed_size: 0,
        base: String::new(),
        user: "root".into(),
        runs_as_root: true,
        exposed: Vec::new(),
        env: Vec::new(),
        entrypoint: Vec::new(),
        cmd: Vec::new(),
        workdir: "/".into(),
        digest: String::new(),
        millis: 0,
        hits: 0,
        misses: 0,
        cache: options.cache.clone(),
    };
    if diagnostics.iter().any(|d| d.severity() == Severity::Error) {
        b.diagnostics = diagnostics;
        return b;
    }
    let target = match &options.target {
        Some(t) => match model.stage(t) {
            Some(s) => s.index,
            None => {
                diagnostics.push(Diagnostic::new(
                    Pos { line: 1, col: 1 },
                    Rule::TargetUnknown,
                    [t.as_str()],
                ));
                b.diagnostics = diagnostics;
                return b;
            }
        },
        None => model.stages.len().saturating_sub(1),
    };
    let needed = needed_stages(&model, target, options);
    let mut builder = Builder {
        model: &model,
        context,
        options,
        ignore: context.dockerignore(),
        out: Vec::new(),
        new_cache: options.cache.clone(),
        states: Vec::new(),
    };
    for stage in &model.stages {
        let from_stage = model
            .stage(&stage_image(&model, stage.index, options))
            .map(|s| s.index)
            .filter(|&i| i < stage.index);
        if !needed.contains(&stage.index) {
            builder.states.push(None);
            b.stages.push(StageResult {
                index: stage.index,
                name: stage.name.clone(),
                base: stage.image.clone(),
                from_stage,
                built: false,
                layers: Vec::new(),
                size: 0,
            });
            continue;
        }
        let state = builder.stage(stage.index);
        b.stages.push(StageResult {
            index: stage.index,
            name: stage.name.clone(),
            base: state.base.clone(),
            from_stage,
            built: true,
            size: state.layers.iter().map(|l| l.size).sum(),
            layers: state.layers.clone(),
        });
        for l in &state.layers[state.start..] {
            if l.cache.is_hit() {
                b.hits += 1;
            } else {
                b.misses += 1;
                b.millis += l.millis;
            }
        }
        builder.states.push(Some(state));
    }
    let check = validate::check_directive(&model.file);
    diagnostics.extend(
        builder
            .out
            .into_iter()
            .filter(|d| !super::rules::skipped(check, d.rule)),
    );
    diagnostics.sort_by_key(|d| (d.pos.line, d.pos.col));
    let final_state = builder.states.get(target).cloned().flatten();
    b.cache = builder.new_cache;
    b.target = target;
    if let Some(s) = final_state {
        b.layers = s.layers.clone();
        b.size = s.layers.iter().map(|l| l.size).sum();
        b.compressed_size = s.base_compressed + s.own * 2 / 5;
        b.base = s.base.clone();
        let user = if s.user.is_empty() {
            if s.nonroot {
                "65532".to_string()
            } else {
                "root".to_string()
            }
        } else {
            s.user.clone()
        };
        let who = user.split(':').next().unwrap_or("");
        b.runs_as_root = who == "root" || who == "0";
        b.user = user;
        b.exposed = s.exposed.clone();
        b.env = s.env.clone();
        b.entrypoint = s.entrypoint.clone();
        b.cmd = s.cmd.clone();
        b.workdir = s.workdir.clone();
        let mut keys: Vec<u64> = s.layers.iter().map(|l| l.key).collect();
        let config = format!(
            "{}|{:?}|{:?}|{:?}|{:?}|{}",
            b.user, b.env, b.entrypoint, b.cmd, b.exposed, b.workdir
        );
        keys.push(hash64(&[config.as_bytes()]));
        b.digest = hex_digest(&keys);
    }
    b.ok = !diagnostics.iter().any(|d| d.severity() == Severity::Error);
    b.diagnostics = diagnostics;
    b
}

/// The stages the target needs: itself, the stage it starts from, the stages it copies
/// from, and theirs.
fn needed_stages(model: &Model, target: usize, options: &Options) -> BTreeSet<usize> {
    let mut needed = BTreeSet::new();
    let mut todo = vec![target];
    while let Some(i) = todo.pop() {
        if !needed.insert(i) {
            continue;
        }
        let Some(stage) = model.stages.get(i) else {
            continue;
        };
        let image = stage_image(model, stage.index, options);
        if let Some(s) = model.stage(&image) {
            if s.index < i {
                todo.push(s.index);
            }
        }
        for &j in &stage.body {
            if let Some(f) = model.ins(j).flag("from") {
                if let Some(s) = f.value.as_deref().and_then(|v| model.stage(v)) {
                    if s.index < i {
                        todo.push(s.index);
                    }
                }
            }
        }
    }
    needed
}

/// A stage's FROM with the build arguments applied.
fn stage_image(model: &Model, index: usize, options: &Options) -> String {
    let stage = &model.stages[index];
    let ins = model.ins(stage.from);
    let mut env: BTreeMap<String, String> = validate::PLATFORM_ARGS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (k, v) in &model.global_args {
        let value = options
            .build_args
            .get(k)
            .cloned()
            .or_else(|| v.clone())
            .unwrap_or_default();
        env.insert(k.clone(), value);
    }
    let words = ins.words(model.file.escape);
    match words.first() {
        Some((w, _)) => lex::expand(&w.text, model.file.escape, &env).0,
        None => stage.image.clone(),
    }
}

struct Builder<'a> {
    model: &'a Model,
    context: &'a Context,
    options: &'a Options,
    ignore: Option<Ignore>,
    out: Vec<Diagnostic>,
    new_cache: Cache,
    states: Vec<Option<State>>,
}

impl Builder<'_> {
    fn status(
        &self,
        key: u64,
        missed: Option<(u32, bool)>,
        site: u64,
        inputs: &[(String, u64)],
        run: bool,
    ) -> CacheStatus {
        let cache = &self.options.cache;
        if self.options.no_cache {
            return CacheStatus::Miss(Miss::Disabled);
        }
        if cache.keys.contains(&key) {
            return CacheStatus::Hit;
        }
        match missed {
            Some((_, true)) if !cache.is_empty() => return CacheStatus::Miss(Miss::BaseChanged),
            Some((line, false)) => return CacheStatus::Miss(Miss::ParentRebuilt(line)),
            _ => {}
        }
        if cache.is_empty() {
            return CacheStatus::Miss(Miss::NotCached);
        }
        match cache.sites.get(&site) {
            Some(old) => {
                let old_map: BTreeMap<&String, u64> = old.iter().map(|(p, c)| (p, *c)).collect();
                let new_map: BTreeMap<&String, u64> = inputs.iter().map(|(p, c)| (p, *c)).collect();
                let mut changed: Vec<String> = new_map
                    .iter()
                    .filter(|(p, c)| old_map.get(*p) != Some(*c))
                    .map(|(p, _)| (*p).clone())
                    .collect();
                changed.extend(
                    old_map
                        .keys()
                        .filter(|p| !new_map.contains_key(*p))
                        .map(|p| (*p).clone()),
                );
                if changed.is_empty() {
                    CacheStatus::Miss(Miss::InstructionChanged)
                } else if run {
                    CacheStatus::Miss(Miss::VariablesChanged(changed))
                } else {
                    CacheStatus::Miss(Miss::FilesChanged(changed))
                }
            }
            None => CacheStatus::Miss(Miss::InstructionChanged),
        }
    }

    /// Adds a layer to the state, with its cache status and key.
    #[allow(clippy::too_many_arguments)]
    fn layer(
        &mut self,
        st: &mut State,
        ins: &Instruction,
        origin: Origin,
        text: &str,
        inputs: Vec<(String, u64)>,
        size: u64,
        millis: u64,
    ) -> usize {
        let site = hash64(&[&st.key.to_le_bytes(), text.as_bytes()]);
        let mut parts: Vec<u8> = site.to_le_bytes().to_vec();
        for (p, c) in &inputs {
            parts.extend(p.as_bytes());
            parts.extend(c.to_le_bytes());
        }
        let key = hash64(&[&parts]);
        let status = self.status(key, st.missed, site, &inputs, origin == Origin::Run);
        let hit = status.is_hit();
        self.new_cache.keys.insert(key);
        self.new_cache.sites.insert(site, inputs);
        if !hit {
            st.missed = Some((ins.pos.line, false));
        }
        st.key = key;
        st.own += size;
        st.layers.push(Layer {
            origin,
            line: ins.pos.line,
            instruction: text.to_string(),
            size,
            cache: status,
            millis: if hit { 0 } else { millis },
            files: 0,
            unknown_commands: Vec::new(),
            unresolved: Vec::new(),
            kept_in_cache_mount: 0,
            warm_cache_mount: false,
            key,
        });
        st.layers.len() - 1
    }

    fn stage(&mut self, index: usize) -> State {
        let model = self.model;
        let stage = &model.stages[index];
        let escape = model.file.escape;
        let from = model.ins(stage.from);
        let image = stage_image(model, index, self.options);
        let mut st = match model.stage(&image).filter(|s| s.index < index) {
            Some(parent) => {
                let mut s = self.states[parent.index]
                    .clone()
                    .unwrap_or_else(|| empty_state(0, String::new()));
                s.args.clear();
                s.start = s.layers.len();
                s
            }
            None => self.base_state(from, &image),
        };
        // Names defined so far (an ARG without a value still declares its name).
        let mut declared: BTreeSet<String> = st.env.iter().map(|(k, _)| k.clone()).collect();
        let known_base = !st.base.is_empty();
        // ARG values: the global ones are only visible after an ARG in the stage.
        for &i in &stage.body {
            let ins = model.ins(i);
            let Some(kind) = ins.kind else { continue };
            if known_base {
                self.undefined_vars(ins, kind, &declared);
            }
            match kind {
                Kind::Arg => {
                    for (w, _) in ins.words(escape) {
                        declared.insert(w.text.split('=').next().unwrap_or("").to_string());
                    }
                }
                Kind::Env => {
                    for (w, _) in ins.words(escape) {
                        declared.insert(w.text.split('=').next().unwrap_or("").to_string());
                    }
                }
                _ => {}
            }
            let vars = st.vars();
            let expand = |t: &str| lex::expand(t, escape, &vars).0;
            let words = || -> Vec<(String, Pos)> {
                match &ins.args {
                    Args::Shell(s) => lex::words(s, escape, &vars, true)
                        .into_iter()
                        .map(|w| {
                            let p = ins.pos_at(w.start);
                            (w.text, p)
                        })
                        .collect(),
                    Args::Exec(v) => v.iter().map(|s| (s.clone(), ins.args_pos)).collect(),
                }
            };
            match kind {
                Kind::Arg => {
                    for (w, _) in ins.words(escape) {
                        let (name, default) = match w.text.split_once('=') {
                            Some((n, d)) => (n.to_string(), Some(expand(d))),
                            None => (w.text.clone(), None),
                        };
                        let global = model
                            .global_args
                            .iter()
                            .find(|(k, _)| *k == name)
                            .and_then(|(_, v)| v.clone());
                        if let Some(v) = self
                            .options
                            .build_args
                            .get(&name)
                            .cloned()
                            .or(default)
                            .or(global)
                        {
                            st.args.insert(name, v);
                        }
                    }
                }
                Kind::Env => {
                    let ws = words();
                    if ws.first().is_some_and(|(w, _)| !w.contains('=')) {
                        let k = ws[0].0.clone();
                        let v = ws[1..]
                            .iter()
                            .map(|(w, _)| w.as_str())
                            .collect::<Vec<_>>()
                            .join(" ");
                        st.set_env(k, v);
                    } else {
                        for (w, _) in ws {
                            if let Some((k, v)) = w.split_once('=') {
                                st.set_env(k.to_string(), v.to_string());
                            }
                        }
                    }
                }
                Kind::Workdir => {
                    let path = expand(&ins.args.text());
                    st.workdir = absolute(&path, &st.workdir);
                    let text = format!("WORKDIR {}", st.workdir);
                    self.layer(&mut st, ins, Origin::Workdir, &text, Vec::new(), 0, 100);
                }
                Kind::User => st.user = expand(&ins.args.text()),
                Kind::Expose => {
                    for (w, _) in words() {
                        let p = if w.contains('/') {
                            w.to_ascii_lowercase()
                        } else {
                            format!("{w}/tcp")
                        };
                        if !st.exposed.contains(&p) {
                            st.exposed.push(p);
                        }
                    }
                }
                Kind::Cmd => {
                    st.cmd = command(&ins.args, &st.shell);
                    st.cmd_from_base = false;
                }
                Kind::Entrypoint => {
                    st.entrypoint = command(&ins.args, &st.shell);
                    if st.cmd_from_base {
                        st.cmd.clear();
                    }
                }
                Kind::Shell => {
                    if let Args::Exec(v) = &ins.args {
                        st.shell = v.clone();
                    }
                }
                Kind::Run => self.run(&mut st, ins),
                Kind::Copy | Kind::Add => self.copy(&mut st, ins, kind, &vars),
                _ => {}
            }
        }
        st
    }

    /// UndefinedVar (https://docs.docker.com/reference/build-checks/undefined-var/): a `$name`
    /// in an instruction the builder expands that nothing defines before it (a `${name:-x}`
    /// with a default is left alone).
    fn undefined_vars(&mut self, ins: &Instruction, kind: Kind, declared: &BTreeSet<String>) {
        if !matches!(
            kind,
            Kind::Add
                | Kind::Copy
                | Kind::Env
                | Kind::Expose
                | Kind::Label
                | Kind::Stopsignal
                | Kind::User
                | Kind::Volume
                | Kind::Workdir
        ) {
            return;
        }
        let mut seen = BTreeSet::new();
        for (w, pos) in ins.words(self.model.file.escape) {
            for v in &w.vars {
                let defaulted = [":-", "-", ":+", "+"]
                    .iter()
                    .any(|op| w.text.contains(&format!("${{{v}{op}")));
                if defaulted || declared.contains(v) || !seen.insert(v.clone()) {
                    continue;
                }
                let near = validate::near(v, declared.iter().map(String::as_str));
                self.out
                    .push(Diagnostic::new(pos, Rule::UndefinedVar, [v.clone(), near]));
            }
        }
    }

    /// The state a catalogue base starts with (its layers, pulled or cached).
    fn base_state(&mut self, from: &Instruction, image: &str) -> State {
        let key = hash64(&[b"base", image.as_bytes()]);
        let Some(resolved) = catalogue::resolve(image) else {
            if !image.contains('$') {
                self.out
                    .push(Diagnostic::new(from.args_pos, Rule::BaseUnknown, [image]));
            }
            return empty_state(key, String::new());
        };
        let img = resolved.image;
        if img.end_of_life {
            self.out.push(Diagnostic::new(
                from.args_pos,
                Rule::BaseEndOfLife,
                [img.reference],
            ));
        }
        let key = hash64(&[
            b"base",
            img.reference.as_bytes(),
            &[u8::from(resolved.nonroot)],
        ]);
        let pulled = self.options.cache.keys.contains(&key) && !self.options.no_cache;
        self.new_cache.keys.insert(key);
        let n = img.layers_kb.len();
        let layers = img
            .layers_kb
            .iter()
            .enumerate()
            .map(|(i, kb)| Layer {
                origin: Origin::Base,
                line: from.pos.line,
                instruction: format!("FROM {} ({}/{n})", img.reference, i + 1),
                size: kb * 1000,
                cache: if pulled {
                    CacheStatus::Hit
                } else {
                    CacheStatus::Miss(Miss::Pull)
                },
                // Pulled at 50 MB/s, compressed.
                millis: if pulled {
                    0
                } else {
                    img.compressed_kb * kb / (img.size() / 1000).max(1) / 50
                },
                files: 0,
                unknown_commands: Vec::new(),
                unresolved: Vec::new(),
                kept_in_cache_mount: 0,
                warm_cache_mount: false,
                key: hash64(&[&key.to_le_bytes(), &(i as u64).to_le_bytes()]),
            })
            .collect();
        let mut st = empty_state(key, img.reference.to_string());
        st.missed = (!pulled).then_some((from.pos.line, true));
        st.layers = layers;
        st.family = img.family;
        st.nonroot = resolved.nonroot;
        st.user = img.user.to_string();
        st.workdir = if img.workdir.is_empty() {
            "/".into()
        } else {
            img.workdir.to_string()
        };
        st.env = img
            .env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        st.entrypoint = img.entrypoint.iter().map(|s| s.to_string()).collect();
        st.cmd = img.cmd.iter().map(|s| s.to_string()).collect();
        st.cmd_from_base = true;
        st.exposed = img.exposed.iter().map(|s| s.to_string()).collect();
        st.base_compressed = img.compressed_kb * 1000;
        st
    }

    fn run(&mut self, st: &mut State, ins: &Instruction) {
        let script = run_script(ins);
        let flags: Vec<String> = ins
            .flags
            .iter()
            .map(|f| format!("--{}={}", f.name, f.value.clone().unwrap_or_default()))
            .collect();
        let text = format!(
            "RUN {}{}",
            if flags.is_empty() {
                String::new()
            } else {
                format!("{} ", flags.join(" "))
            },
            ins.args.text()
        );
        if matches!(ins.args, Args::Shell(_)) && !st.family.has_shell() {
            self.out
                .push(Diagnostic::new(ins.pos, Rule::NoShell, [st.base.as_str()]));
        }
        let mut cache_mounts = Vec::new();
        let mut mount_ids = Vec::new();
        let mut binds: Vec<(String, String)> = Vec::new();
        for f in ins.flags_named("mount") {
            let o = mount_options(f.value.as_deref().unwrap_or(""));
            let ty = o.get("type").map(String::as_str).unwrap_or("bind");
            let Some(target) = mount_target(&o) else {
                continue;
            };
            let target = absolute(target, &st.workdir);
            match ty {
                "cache" => {
                    mount_ids.push(o.get("id").cloned().unwrap_or_else(|| target.clone()));
                    cache_mounts.push(target);
                }
                "bind" if !o.contains_key("from") => {
                    let source = o
                        .get("source")
                        .or_else(|| o.get("src"))
                        .cloned()
                        .unwrap_or_default();
                    binds.push((ignore::clean(&source), target));
                }
                _ => {}
            }
        }
        let warm = !mount_ids.is_empty()
            && mount_ids
                .iter()
                .all(|m| self.options.cache.mounts.contains(m))
            && !self.options.no_cache;
        // Inputs: the variables the RUN sees, and bind-mounted context files.
        let vars = st.vars();
        let mut inputs: Vec<(String, u64)> = vars
            .iter()
            .map(|(k, v)| (format!("${k}"), hash64(&[v.as_bytes()])))
            .collect();
        let visible = self.visible();
        let mut bound: Vec<(String, usize)> = Vec::new();
        for (source, target) in &binds {
            for &i in &visible {
                let f = &self.context.files[i];
                if ignore::matches_or_inside(source, &f.path) {
                    let rel = f
                        .path
                        .strip_prefix(&format!("{source}/"))
                        .unwrap_or(if source.is_empty() { &f.path } else { "" });
                    let rel = if rel.is_empty() {
                        f.path.rsplit('/').next().unwrap_or("")
                    } else {
                        rel
                    };
                    bound.push((absolute(rel, target), i));
                    inputs.push((f.path.clone(), f.checksum()));
                }
            }
        }
        let ctx = self.context;
        let fs = st.fs.clone();
        let text_of = |path: &str| -> Option<String> {
            fs.iter()
                .rev()
                .find(|e| e.path == path)
                .and_then(|e| e.context)
                .or_else(|| bound.iter().find(|(p, _)| p == path).map(|(_, i)| *i))
                .map(|i| ctx.files[i].text.clone())
        };
        let bytes_under = |path: &str| -> u64 {
            let p = path.trim_end_matches('/');
            fs.iter()
                .filter(|e| e.path == p || e.path.starts_with(&format!("{p}/")) || p.is_empty())
                .map(|e| e.size)
                .sum()
        };
        let scope = Scope {
            family: st.family,
            workdir: &st.workdir,
            env: &vars,
            cache_mounts: &cache_mounts,
            warm,
            text: &text_of,
            bytes_under: &bytes_under,
        };
        let effect = commands::run(&script, &scope);
        for m in mount_ids {
            self.new_cache.mounts.insert(m);
        }
        let i = self.layer(
            st,
            ins,
            Origin::Run,
            &text,
            inputs,
            effect.size,
            effect.millis.max(100),
        );
        let key = st.key;
        let l = &mut st.layers[i];
        l.unknown_commands = effect.unknown;
        l.kept_in_cache_mount = effect.kept_in_cache_mount;
        l.warm_cache_mount = warm && !l.cache.is_hit();
        for o in effect.outputs {
            st.fs.retain(|e| e.path != o.path);
            st.fs.push(Entry {
                checksum: hash64(&[&key.to_le_bytes(), o.path.as_bytes()]),
                path: o.path,
                size: o.size,
                context: None,
            });
        }
        for (from, to, copy) in effect.moves {
            move_entries(&mut st.fs, &from, &to, copy);
        }
    }

    /// Indices of the context files a COPY may see (not excluded by .dockerignore).
    fn visible(&self) -> Vec<usize> {
        (0..self.context.files.len())
            .filter(|&i| {
                self.ignore
                    .as_ref()
                    .is_none_or(|ig| !ig.excludes(&self.context.files[i].path))
            })
            .collect()
    }

    fn copy(
        &mut self,
        st: &mut State,
        ins: &Instruction,
        kind: Kind,
        vars: &BTreeMap<String, String>,
    ) {
        let escape = self.model.file.escape;
        let mut words: Vec<(String, Pos)> = match &ins.args {
            Args::Shell(s) => lex::words(s, escape, vars, true)
                .into_iter()
                .map(|w| {
                    let p = ins.pos_at(w.start);
                    (w.text, p)
                })
                .collect(),
            Args::Exec(v) => v.iter().map(|s| (s.clone(), ins.args_pos)).collect(),
        };
        let Some((dest, _)) = words.pop() else { return };
        let dest_dir =
            dest.ends_with('/') || words.len() > 1 || dest == "." || dest.ends_with("/.");
        let dest_abs = absolute(&dest, &st.workdir);
        let place = |rel: &str, whole_dir: bool| -> String {
            if whole_dir || dest_dir {
                absolute(rel, &dest_abs)
            } else {
                dest_abs.clone()
            }
        };
        let mut copied: Vec<Entry> = Vec::new();
        let mut inputs: Vec<(String, u64)> = Vec::new();
        let mut unresolved = Vec::new();
        let from = ins
            .flag("from")
            .and_then(|f| f.value.clone())
            .map(|v| lex::expand(&v, escape, vars).0);
        let mut flagged_junk = false;
        let excludes: Vec<String> = ins
            .flags_named("exclude")
            .filter_map(|f| f.value.clone())
            .collect();
        let heredocs: Vec<&super::parse::Heredoc> = ins.heredocs.iter().collect();
        for (src, spos) in &words {
            if let Some(h) = src.strip_prefix("<<").map(|n| {
                n.trim_start_matches('-')
                    .trim_matches(|c| c == '"' || c == '\'')
            }) {
                if let Some(doc) = heredocs.iter().find(|d| d.name == h) {
                    let size = doc.content.len() as u64;
                    let path = if dest_dir {
                        absolute(h, &dest_abs)
                    } else {
                        dest_abs.clone()
                    };
                    inputs.push((format!("<<{h}"), hash64(&[doc.content.as_bytes()])));
                    copied.push(Entry {
                        path,
                        size,
                        checksum: hash64(&[doc.content.as_bytes()]),
                        context: None,
                    });
                    continue;
                }
            }
            match &from {
                Some(v) => {
                    let src_abs = absolute(src, "/");
                    if let Some(source) = self
                        .model
                        .stage(v)
                        .filter(|s| s.index < st_index(self, ins))
                    {
                        let fs = self
                            .states
                            .get(source.index)
                            .and_then(Option::as_ref)
                            .map(|s| s.fs.clone())
                            .unwrap_or_default();
                        let mut any = false;
                        for e in &fs {
                            let Some((rel, whole)) = relative(&src_abs, &e.path) else {
                                continue;
                            };
                            any = true;
                            inputs.push((e.path.clone(), e.checksum));
                            copied.push(Entry {
                                path: place(&rel, whole),
                                size: e.size,
                                checksum: e.checksum,
                                context: e.context,
                            });
                        }
                        if !any {
                            unresolved.push(src.clone());
                            let key = self
                                .states
                                .get(source.index)
                                .and_then(Option::as_ref)
                                .map(|s| s.key)
                                .unwrap_or(0);
                            inputs.push((src_abs.clone(), key));
                            copied.push(Entry {
                                path: place(src.rsplit('/').next().unwrap_or(""), false),
                                size: commands::UNKNOWN_SIZE,
                                checksum: key,
                                context: None,
                            });
                        }
                    } else {
                        // An image: all of it for `/`, else a small default.
                        let size = match catalogue::resolve(v) {
                            Some(r) if src_abs == "/" => r.image.size(),
                            Some(_) => commands::UNKNOWN_SIZE,
                            None => {
                                self.out.push(Diagnostic::new(
                                    ins.flag("from").map(|f| f.pos).unwrap_or(ins.pos),
                                    Rule::BaseUnknown,
                                    [v.as_str()],
                                ));
                                commands::UNKNOWN_SIZE
                            }
                        };
                        if src_abs != "/" || catalogue::resolve(v).is_none() {
                            unresolved.push(src.clone());
                        }
                        let c = hash64(&[v.as_bytes(), src.as_bytes()]);
                        inputs.push((format!("{v}:{src_abs}"), c));
                        copied.push(Entry {
                            path: place(src.rsplit('/').next().unwrap_or(""), src_abs == "/"),
                            size,
                            checksum: c,
                            context: None,
                        });
                    }
                }
                None if kind == Kind::Add && (src.contains("://") || src.starts_with("git@")) => {
                    let c = hash64(&[src.as_bytes()]);
                    inputs.push((src.clone(), c));
                    let name = src.rsplit('/').next().unwrap_or("download");
                    copied.push(Entry {
                        path: place(name, false),
                        size: commands::DOWNLOAD,
                        checksum: c,
                        context: None,
                    });
                }
                None => {
                    let pattern = ignore::clean(src);
                    let visible = self.visible();
                    let mut any = false;
                    for &i in &visible {
                        let f = &self.context.files[i];
                        let Some((rel, whole)) =
                            relative(&format!("/{pattern}"), &format!("/{}", f.path))
                        else {
                            continue;
                        };
                        any = true;
                        // --exclude patterns (https://docs.docker.com/reference/dockerfile/#copy---exclude):
                        // matched against the path copied, or any file name in it.
                        let excluded = excludes.iter().any(|x| {
                            ignore::matches_or_inside(x, &rel)
                                || ignore::matches_or_inside(x, &f.path)
                                || f.path
                                    .split('/')
                                    .any(|seg| ignore::matches_or_inside(x, seg))
                        });
                        if excluded {
                            continue;
                        }
                        let archive = kind == Kind::Add
                            && [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz"]
                                .iter()
                                .any(|e| f.path.ends_with(e));
                        let size = if archive { f.size * 3 } else { f.size };
                        inputs.push((f.path.clone(), f.checksum()));
                        copied.push(Entry {
                            path: place(&rel, whole),
                            size,
                            checksum: f.checksum(),
                            context: Some(i),
                        });
                        if !flagged_junk && self.ignore.is_none() {
                            if let Some(junk) = [".git", "node_modules"]
                                .iter()
                                .find(|j| f.path.starts_with(&format!("{j}/")))
                            {
                                flagged_junk = true;
                                self.out.push(Diagnostic::new(
                                    *spos,
                                    Rule::NoDockerignore,
                                    [*junk],
                                ));
                            }
                        }
                    }
                    if !any {
                        let ignored = self.context.files.iter().any(|f| {
                            relative(&format!("/{pattern}"), &format!("/{}", f.path)).is_some()
                        });
                        let rule = if ignored {
                            Rule::CopyIgnoredFile
                        } else {
                            Rule::CopyNotFound
                        };
                        self.out.push(Diagnostic::new(*spos, rule, [src.as_str()]));
                    }
                }
            }
        }
        inputs.sort();
        let files = copied.len();
        let size: u64 = copied.iter().map(|e| e.size).sum();
        let flags: Vec<String> = ins
            .flags
            .iter()
            .map(|f| match &f.value {
                Some(v) => format!("--{}={v}", f.name),
                None => format!("--{}", f.name),
            })
            .collect();
        let mut shown: Vec<String> = flags;
        shown.extend(words.iter().map(|(w, _)| w.clone()));
        shown.push(dest.clone());
        let text = format!("{} {}", kind.name(), shown.join(" "));
        let origin = if kind == Kind::Add {
            Origin::Add
        } else {
            Origin::Copy
        };
        let i = self.layer(st, ins, origin, &text, inputs, size, 200 + size / 100_000);
        st.layers[i].files = files;
        st.layers[i].unresolved = unresolved;
        for e in copied {
            st.fs.retain(|x| x.path != e.path);
            st.fs.push(e);
        }
    }
}

/// `mv`/`cp` of a file the simulation made: entries at `from` (or under it) move (or are
/// copied) to `to`. A build's output has a conventional name here (`target/app.jar`), so a
/// source not found falls back to the only entry of its directory with the same extension.
fn move_entries(fs: &mut Vec<Entry>, from: &str, to: &str, copy: bool) {
    let under = |p: &str, dir: &str| p == dir || p.starts_with(&format!("{dir}/"));
    let mut copies = Vec::new();
    for e in fs.iter_mut() {
        if under(&e.path, from) {
            let path = format!("{to}{}", &e.path[from.len()..]);
            if copy {
                copies.push(Entry { path, ..e.clone() });
            } else {
                e.path = path;
                copies.push(e.clone());
            }
        }
    }
    if !copies.is_empty() {
        if copy {
            fs.extend(copies);
        }
        return;
    }
    let (dir, name) = from.rsplit_once('/').unwrap_or(("", from));
    let ext = name.rsplit_once('.').map(|(_, x)| x);
    let same: Vec<usize> = fs
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.path.rsplit_once('/').map(|(d, _)| d) == Some(dir)
                && ext.is_some()
                && e.path.rsplit_once('.').map(|(_, x)| x) == ext
        })
        .map(|(i, _)| i)
        .collect();
    if let [i] = same[..] {
        if copy {
            let e = Entry {
                path: to.to_string(),
                ..fs[i].clone()
            };
            fs.push(e);
        } else {
            fs[i].path = to.to_string();
        }
    }
}

/// The stage index an instruction belongs to.
fn st_index(b: &Builder, ins: &Instruction) -> usize {
    b.model
        .stages
        .iter()
        .rev()
        .find(|s| s.pos.line <= ins.pos.line)
        .map(|s| s.index)
        .unwrap_or(0)
}

/// Where a file lands relative to a source: `Some((relative path, whether the source was a
/// directory))` when the source (a path or glob, absolute) takes the file.
fn relative(source: &str, file: &str) -> Option<(String, bool)> {
    let src = ignore::clean(source);
    let f = ignore::clean(file);
    if src.is_empty() {
        return Some((f, true));
    }
    let p: Vec<&str> = src.split('/').collect();
    let s: Vec<&str> = f.split('/').collect();
    for n in 1..=s.len() {
        if ignore::segments(&p, &s[..n]) {
            return Some(if n == s.len() {
                (s[n - 1].to_string(), false)
            } else {
                (s[n..].join("/"), true)
            });
        }
    }
    None
}

/// CMD or ENTRYPOINT as the image stores it (shell form run by the SHELL).
fn command(args: &Args, shell: &[String]) -> Vec<String> {
    match args {
        Args::Exec(v) => v.clone(),
        Args::Shell(s) => {
            let mut v = shell.to_vec();
            v.push(s.clone());
            v
        }
    }
}

fn empty_state(key: u64, base: String) -> State {
    State {
        key,
        missed: None,
        layers: Vec::new(),
        start: 0,
        fs: Vec::new(),
        args: BTreeMap::new(),
        env: Vec::new(),
        user: String::new(),
        nonroot: false,
        workdir: "/".into(),
        exposed: Vec::new(),
        entrypoint: Vec::new(),
        cmd: Vec::new(),
        cmd_from_base: false,
        shell: vec!["/bin/sh".into(), "-c".into()],
        family: if base == "scratch" {
            Family::Scratch
        } else {
            Family::Debian
        },
        base,
        base_compressed: 0,
        own: 0,
    }
}
