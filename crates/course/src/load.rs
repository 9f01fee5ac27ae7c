//! Loading a lab from its folder (`labs/<id>/lab.toml` and the files it names).
//!
//! The manifest is a file format that lab authors write by hand, so it is strict: unknown
//! fields are errors, every cross-reference (a step's inputs, a check's input or item, a
//! hint's step) is resolved at load time, and every problem is located (`file:line:column`)
//! where there is a place to point at. The common fields are read here; each family reads
//! its own sections and check kinds (`crate::family`).
use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::de::{DeTable, DeValue, Deserializer, ValueDeserializer};
use toml::Spanned;

use crate::check::{Check, CheckHead};
use crate::doc::Doc;
use crate::family::{CheckKind, Workspace};
use crate::files::{line_column, FileSet, Problem};
use crate::lab::{ChoiceOption, Family, Hint, Input, InputKind, Lab, Level, Step};

/// A family's section of lab.toml, as parsed (spans kept for located errors).
pub type Section<'a> = Spanned<DeValue<'a>>;
/// The body of a check (its head and `kind` removed), for a family to deserialize.
pub type Body<'a> = ValueDeserializer<'a>;
/// What deserializing a section or a body can fail with.
pub type BodyError = toml::de::Error;

/// The manifest file's name.
pub const MANIFEST: &str = "lab.toml";

/// The common fields of lab.toml; the family sections and `checks` are read apart.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    id: Spanned<String>,
    title: String,
    family: Family,
    level: Level,
    minutes: Spanned<u32>,
    summary: String,
    goals: Vec<String>,
    #[serde(default)]
    simplification: Option<String>,
    steps: Spanned<Vec<StepSpec>>,
    #[serde(default)]
    inputs: Vec<Spanned<InputSpec>>,
    #[serde(default)]
    hints: Vec<HintSpec>,
}

/// The fields of [`Manifest`], for the unknown-field message.
const COMMON_FIELDS: &[&str] = &[
    "id",
    "title",
    "family",
    "level",
    "minutes",
    "summary",
    "goals",
    "simplification",
    "steps",
    "inputs",
    "hints",
];

/// The fields of a check's head, read before its kind's body.
const HEAD_FIELDS: &[&str] = &["id", "title", "points", "feedback", "explain"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadSpec {
    id: String,
    title: String,
    points: u32,
    #[serde(default)]
    feedback: Option<Doc>,
    #[serde(default)]
    explain: Option<Doc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepSpec {
    title: String,
    text: Spanned<String>,
    #[serde(default)]
    inputs: Vec<Spanned<String>>,
    #[serde(default)]
    datasets: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HintSpec {
    step: Spanned<usize>,
    text: String,
    cost: u32,
}

/// An input as written: flat, so that `deny_unknown_fields` works (serde cannot
/// combine it with a flattened enum).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InputSpec {
    id: String,
    label: String,
    kind: InputKindName,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    options: Option<Vec<ChoiceOption>>,
    #[serde(default)]
    multiple: Option<bool>,
    /// A template input's starting text: a file of the lab folder.
    #[serde(default)]
    starter: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum InputKindName {
    Number,
    Choice,
    Template,
}

impl InputSpec {
    /// The input, and what is wrong with it as written. A wrong input is still returned
    /// (without the fields its kind does not take) so that it is not also reported as
    /// missing wherever it is used; a choice without options is reported by `assemble`.
    fn into_input(self, files: &FileSet) -> (Input, Option<String>) {
        let id = &self.id;
        let starter_elsewhere = self.starter.as_ref().map(|_| {
            format!("input \"{id}\" cannot have a starter: it is for kind = \"template\"")
        });
        let (kind, problem) = match self.kind {
            InputKindName::Template => {
                let starter = match &self.starter {
                    None => Ok(String::new()),
                    Some(file) => files.get(file).cloned().ok_or_else(|| {
                        format!("input \"{id}\" names starter \"{file}\", which is not in the lab folder")
                    }),
                };
                let extra = (self.unit.is_some() || self.options.is_some() || self.multiple.is_some())
                    .then(|| format!("template input \"{id}\" takes only a starter file"));
                (
                    InputKind::Template {
                        starter: starter.clone().unwrap_or_default(),
                    },
                    starter.err().or(extra),
                )
            }
            InputKindName::Number => (
                InputKind::Number { unit: self.unit },
                match (&self.options, self.multiple) {
                    (None, None) => starter_elsewhere,
                    _ => Some(format!(
                        "number input \"{id}\" cannot have options or multiple: they are for kind = \"choice\""
                    )),
                },
            ),
            InputKindName::Choice => (
                InputKind::Choice {
                    options: self.options.unwrap_or_default(),
                    multiple: self.multiple.unwrap_or(false),
                },
                self.unit
                    .as_ref()
                    .map(|_| {
                        format!("choice input \"{id}\" cannot have a unit: it is for kind = \"number\"")
                    })
                    .or(starter_elsewhere),
            ),
        };
        let input = Input {
            id: self.id,
            label: self.label,
            kind,
        };
        (input, problem)
    }
}

/// Problems found while loading a lab: located ones (in lab.toml or another file), and
/// lab.toml's own messages about its content that have no place to point at (a family's
/// items against the inputs, a lab without checks). Those are reported first: they are
/// often why a check that uses an item is reported further down.
pub struct Problems<'t> {
    manifest: &'t str,
    located: Vec<Problem>,
    messages: Vec<String>,
}

impl<'t> Problems<'t> {
    pub(crate) fn new(manifest: &'t str) -> Problems<'t> {
        Problems {
            manifest,
            located: Vec::new(),
            messages: Vec::new(),
        }
    }

    /// A message about lab.toml's content.
    pub fn complain(&mut self, message: impl Into<String>) {
        self.messages.push(message.into());
    }

    /// A problem with a whole file of the lab folder.
    pub fn file(&mut self, file: &str, message: impl Into<String>) {
        self.located.push(Problem::file(file, message));
    }

    /// A problem at a line and column of a file of the lab folder.
    pub fn at(&mut self, file: &str, line: usize, column: usize, message: impl Into<String>) {
        self.located.push(Problem::at(file, line, column, message));
    }

    /// A TOML error in a file of the lab folder.
    pub fn toml(&mut self, file: &str, text: &str, error: &toml::de::Error) {
        self.located
            .push(in_words(Problem::toml(file, text, error)));
    }

    /// Reads a section of lab.toml; a located problem and `None` when it does not fit `T`.
    pub fn read<T: DeserializeOwned>(&mut self, section: Section<'_>) -> Option<T> {
        match T::deserialize(ValueDeserializer::from(section)) {
            Ok(value) => Some(value),
            Err(e) => {
                self.manifest_error(&e);
                None
            }
        }
    }

    fn manifest_error(&mut self, error: &toml::de::Error) {
        self.located
            .push(in_words(Problem::toml(MANIFEST, self.manifest, error)));
    }

    /// A problem at a byte offset of lab.toml (a span's start).
    /// Reads a family's section of items that each name a file of the lab folder (a dataset,
    /// a scenario, an experiment file): ids must be unique, and an item whose file is missing
    /// is reported where it stands. Returns each item found with its file's text.
    pub fn items_with_files<'f, T: DeserializeOwned + NamesFile>(
        &mut self,
        section: Section<'_>,
        files: &'f FileSet,
    ) -> Vec<(T, &'f str)> {
        let Some(specs) = self.read::<Vec<Spanned<T>>>(section) else {
            return Vec::new();
        };
        let ids = specs.iter().map(|s| (s.get_ref().id(), s.span().start));
        unique_at(ids, T::WHAT, self);
        let mut found = Vec::new();
        for spec in specs {
            let at = spec.span().start;
            let spec = spec.into_inner();
            match files.get(spec.file()) {
                Some(text) => found.push((spec, text.as_str())),
                None => self.manifest_at(
                    at,
                    format!(
                        "{} \"{}\" names {} \"{}\", which is not in the lab folder",
                        T::WHAT,
                        spec.id(),
                        T::FILE_WORD,
                        spec.file()
                    ),
                ),
            }
        }
        found
    }

    /// Reads a lab's TOML data file (a scenario, an experiment) and builds what it
    /// describes; a located problem in that file when either step fails.
    pub fn data_file<T: DeserializeOwned, R>(
        &mut self,
        file: &str,
        text: &str,
        build: impl FnOnce(T) -> Result<R, String>,
    ) -> Option<R> {
        match toml::from_str::<T>(text) {
            Err(e) => {
                self.toml(file, text, &e);
                None
            }
            Ok(spec) => build(spec).map_err(|message| self.file(file, message)).ok(),
        }
    }

    pub fn manifest_at(&mut self, offset: usize, message: String) {
        let (line, column) = line_column(self.manifest, offset);
        self.located
            .push(Problem::at(MANIFEST, line, column, message));
    }

    fn into_vec(self) -> Vec<Problem> {
        let mut all: Vec<Problem> = self
            .messages
            .into_iter()
            .map(|m| Problem::file(MANIFEST, m))
            .collect();
        all.extend(self.located);
        all
    }
}

/// A TOML error with serde's Rust type names ("expected u32") in words a lab author knows.
fn in_words(mut problem: Problem) -> Problem {
    const WORDS: &[(&str, &str)] = &[
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected usize", "expected a whole number, 0 or more"),
        ("expected f64", "expected a number"),
        ("expected a sequence", "expected an array"),
    ];
    for (rust, words) in WORDS {
        if let Some(head) = problem.message.strip_suffix(rust) {
            problem.message = format!("{head}{words}");
            break;
        }
    }
    problem
}

/// A workspace item of a family's section that names a file of the lab folder.
pub trait NamesFile {
    /// What the item is called in messages ("dataset").
    const WHAT: &'static str;
    /// What its file is called in messages ("file", "scenario").
    const FILE_WORD: &'static str;
    fn id(&self) -> &str;
    fn file(&self) -> &str;
}

/// A message for each id used twice, at its second use (ids with their offsets in lab.toml).
pub(crate) fn unique_at<'a>(
    ids: impl Iterator<Item = (&'a str, usize)>,
    what: &str,
    problems: &mut Problems,
) {
    let mut seen = BTreeSet::new();
    for (id, at) in ids {
        if !seen.insert(id) {
            problems.manifest_at(at, format!("{what} id \"{id}\" is used twice"));
        }
    }
}

impl Lab {
    /// Loads a lab from its folder's files (paths relative to the folder).
    ///
    /// `folder` is the folder's name, which must equal the manifest's `id`.
    pub fn load(folder: &str, files: &FileSet) -> Result<Lab, Vec<Problem>> {
        let text = files
            .get(MANIFEST)
            .ok_or_else(|| vec![Problem::file(MANIFEST, "the lab has no lab.toml manifest")])?;
        let root = DeTable::parse(text).map_err(|e| vec![Problem::toml(MANIFEST, text, &e)])?;
        let span = root.span();
        let mut table = root.into_inner();
        let mut problems = Problems::new(text);

        // Family sections and checks are taken out; what is left is the common manifest.
        let sections = Workspace::sections();
        let mut workspace = Workspace::default();
        let checks = table.remove("checks");
        let keys: Vec<Spanned<String>> = table
            .iter()
            .map(|(k, _)| Spanned::new(k.span(), k.get_ref().to_string()))
            .collect();
        for key in keys {
            let name = key.get_ref().as_str();
            if COMMON_FIELDS.contains(&name) {
                continue;
            }
            let Some((_, value)) = table.remove_entry(name) else {
                continue;
            };
            if !sections.contains(&name) || !workspace.load(name, value, files, &mut problems) {
                let mut known: Vec<&str> = COMMON_FIELDS.to_vec();
                known.extend(&sections);
                known.push("checks");
                problems.manifest_at(
                    key.span().start,
                    format!("unknown field `{name}`, expected one of {}", listed(&known)),
                );
            }
        }
        let manifest = match Manifest::deserialize(Deserializer::from(Spanned::new(span, table))) {
            Ok(m) => m,
            Err(e) => {
                problems.manifest_error(&e);
                return Err(problems.into_vec());
            }
        };
        let (checks, written) = checks
            .map(|value| read_checks(value, &mut problems))
            .unwrap_or_default();
        assemble(
            folder, files, manifest, workspace, checks, written, problems,
        )
    }
}

/// Names for a message: `a`, `b`, `c`.
fn listed(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `[[checks]]`: each check's head, then its body by the family that owns its kind.
/// Returns the checks that parsed, each with its offset in lab.toml, and how many were
/// written (a value that is not an array counts as one: it has been reported).
fn read_checks(value: Section<'_>, problems: &mut Problems) -> (Vec<(Check, usize)>, usize) {
    let span = value.span();
    let DeValue::Array(items) = value.into_inner() else {
        problems.manifest_at(
            span.start,
            "checks must be an array of tables ([[checks]])".into(),
        );
        return (Vec::new(), 1);
    };
    let written = items.len();
    let mut checks = Vec::new();
    for item in items.iter().cloned() {
        let span = item.span();
        let at = span.start;
        let DeValue::Table(mut body) = item.into_inner() else {
            problems.manifest_at(span.start, "a check must be a table ([[checks]])".into());
            continue;
        };
        let mut head = DeTable::new();
        for field in HEAD_FIELDS {
            if let Some((k, v)) = body.remove_entry(*field) {
                head.insert(k, v);
            }
        }
        let kind = body.remove_entry("kind");
        let head = match HeadSpec::deserialize(Deserializer::from(Spanned::new(span.clone(), head)))
        {
            Ok(head) => head,
            Err(e) => {
                problems.manifest_error(&e);
                continue;
            }
        };
        let known = listed(&CheckKind::names());
        let kind = match kind.as_ref().map(|(_, v)| (v.span(), v.get_ref())) {
            Some((at, DeValue::String(s))) => Spanned::new(at, s.to_string()),
            Some((at, _)) => {
                problems.manifest_at(at.start, format!("kind must be a string: one of {known}"));
                continue;
            }
            None => {
                problems.manifest_at(
                    span.start,
                    format!("check \"{}\" needs a kind: one of {known}", head.id),
                );
                continue;
            }
        };
        let body = ValueDeserializer::from(Spanned::new(span, DeValue::Table(body)));
        match CheckKind::parse(kind.get_ref(), body) {
            None => problems.manifest_at(
                kind.span().start,
                format!(
                    "unknown check kind `{}`, expected one of {known}",
                    kind.get_ref()
                ),
            ),
            Some(Err(e)) => problems.manifest_error(&e),
            Some(Ok(kind)) => checks.push((
                Check {
                    head: CheckHead {
                        id: head.id,
                        title: head.title,
                        points: head.points,
                        feedback: head.feedback,
                        explain: head.explain,
                    },
                    kind,
                },
                at,
            )),
        }
    }
    (checks, written)
}

/// Cross-checks the parts and builds the lab, or returns every problem found.
fn assemble(
    folder: &str,
    files: &FileSet,
    manifest: Manifest,
    workspace: Workspace,
    checks: Vec<(Check, usize)>,
    written_checks: usize,
    mut problems: Problems,
) -> Result<Lab, Vec<Problem>> {
    let mut inputs = Vec::new();
    let mut input_at = Vec::new();
    for spec in manifest.inputs {
        let at = spec.span().start;
        let (input, problem) = spec.into_inner().into_input(files);
        if let Some(message) = problem {
            problems.manifest_at(at, message);
        }
        inputs.push(input);
        input_at.push(at);
    }
    let id_at = manifest.id.span().start;
    let id = manifest.id.into_inner();
    if id != folder {
        problems.manifest_at(
            id_at,
            format!("id \"{id}\" must equal the folder's name \"{folder}\""),
        );
    }
    if !is_slug(&id) {
        problems.manifest_at(id_at, format!("id \"{id}\" must use only a-z, 0-9 and '-'"));
    }
    let steps_at = manifest.steps.span().start;
    let step_specs = manifest.steps.into_inner();
    if step_specs.is_empty() {
        problems.manifest_at(steps_at, "a lab needs at least one step".into());
    }
    // Checks that were written but did not parse have been reported where they stand.
    if written_checks == 0 {
        problems.complain("a lab needs at least one check ([[checks]])");
    }
    if *manifest.minutes.get_ref() == 0 {
        problems.manifest_at(
            manifest.minutes.span().start,
            "minutes must be at least 1".into(),
        );
    }
    unique_at(
        inputs
            .iter()
            .map(|i| i.id.as_str())
            .zip(input_at.iter().copied()),
        "input",
        &mut problems,
    );
    unique_at(
        checks.iter().map(|(c, at)| (c.id(), *at)),
        "check",
        &mut problems,
    );

    let input_ids: BTreeSet<&str> = inputs.iter().map(|i| i.id.as_str()).collect();
    let dataset_ids: BTreeSet<&str> = workspace
        .dora
        .datasets
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    // Each input asked, with the step (1-based) that asks it first.
    let mut asked: BTreeMap<String, usize> = BTreeMap::new();
    let mut steps = Vec::new();
    for (n, spec) in step_specs.into_iter().enumerate() {
        let step = n + 1;
        for input in &spec.inputs {
            let (at, input) = (input.span().start, input.get_ref());
            if !input_ids.contains(input.as_str()) {
                problems.manifest_at(
                    at,
                    format!(
                        "step {step} asks input \"{input}\", which is not defined in [[inputs]]"
                    ),
                );
            } else if let Some(first) = asked.get(input) {
                let message = if *first == step {
                    format!("step {step} asks input \"{input}\" twice")
                } else {
                    format!("input \"{input}\" is asked in step {first} and again in step {step}")
                };
                problems.manifest_at(at, message);
            } else {
                asked.insert(input.clone(), step);
            }
        }
        for dataset in &spec.datasets {
            let (at, dataset) = (dataset.span().start, dataset.get_ref());
            if !dataset_ids.contains(dataset.as_str()) {
                problems.manifest_at(
                    at,
                    format!(
                        "step {step} shows dataset \"{dataset}\", which is not defined (or did not load)"
                    ),
                );
            }
        }
        let text = match files.get(spec.text.get_ref()) {
            Some(text) => Doc::from_markdown(text),
            None => {
                problems.manifest_at(
                    spec.text.span().start,
                    format!(
                        "step {step} names text file \"{}\", which is not in the lab folder",
                        spec.text.get_ref()
                    ),
                );
                Doc::default()
            }
        };
        steps.push(Step {
            title: spec.title,
            text,
            inputs: spec.inputs.into_iter().map(Spanned::into_inner).collect(),
            datasets: spec.datasets.into_iter().map(Spanned::into_inner).collect(),
        });
    }
    for (input, at) in inputs.iter().zip(input_at) {
        if !asked.contains_key(&input.id) {
            problems.manifest_at(
                at,
                format!("input \"{}\" is not asked in any step", input.id),
            );
        }
        if let InputKind::Choice { options, .. } = &input.kind {
            if options.len() < 2 {
                problems.manifest_at(
                    at,
                    format!("choice input \"{}\" needs at least two options", input.id),
                );
            }
            let mut seen = BTreeSet::new();
            for option in options.iter().filter(|o| !seen.insert(o.id.as_str())) {
                problems.manifest_at(
                    at,
                    format!(
                        "choice input \"{}\" has two options with id \"{}\"",
                        input.id, option.id
                    ),
                );
            }
        }
    }
    let mut hints = Vec::new();
    for h in manifest.hints {
        let (at, step) = (h.step.span().start, *h.step.get_ref());
        if step == 0 || step > steps.len() {
            let message = match steps.len() {
                0 => format!("a hint names step {step}, but the lab has no steps"),
                n => format!("a hint names step {step}, but steps are numbered 1 to {n}"),
            };
            problems.manifest_at(at, message);
        } else {
            hints.push(Hint {
                step: step - 1,
                text: Doc::from_markdown(&h.text),
                cost: h.cost,
            });
        }
    }

    let (checks, check_at): (Vec<Check>, Vec<usize>) = checks.into_iter().unzip();
    let lab = Lab {
        id,
        title: manifest.title,
        family: manifest.family,
        level: manifest.level,
        minutes: manifest.minutes.into_inner(),
        summary: manifest.summary,
        goals: manifest.goals,
        simplification: manifest.simplification,
        workspace,
        steps,
        inputs,
        checks,
        hints,
    };
    let view = lab.view();
    for message in lab.workspace.validate(&view) {
        problems.complain(message);
    }
    for (check, at) in lab.checks.iter().zip(check_at) {
        for message in check.validate(&view) {
            problems.manifest_at(at, format!("check \"{}\": {message}", check.id()));
        }
    }
    if problems.located.is_empty() && problems.messages.is_empty() {
        Ok(lab)
    } else {
        Err(problems.into_vec())
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
