//! Loading a lab from its folder (`labs/<id>/lab.toml` and the files it names).
//!
//! The manifest is a file format that lab authors write by hand, so it is strict: unknown
//! fields are errors, every cross-reference (a step's inputs, a check's input or item, a
//! hint's step) is resolved at load time, and every problem is located (`file:line:column`)
//! where there is a place to point at. The common fields are read here; each family reads
//! its own sections and check kinds (`crate::family`).
use std::collections::BTreeSet;

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
    id: String,
    title: String,
    family: Family,
    level: Level,
    minutes: u32,
    summary: String,
    goals: Vec<String>,
    #[serde(default)]
    simplification: Option<String>,
    steps: Vec<StepSpec>,
    #[serde(default)]
    inputs: Vec<InputSpec>,
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
    text: String,
    #[serde(default)]
    inputs: Vec<String>,
    #[serde(default)]
    datasets: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HintSpec {
    step: usize,
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
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum InputKindName {
    Number,
    Choice,
}

impl InputSpec {
    fn into_input(self) -> Result<Input, String> {
        let kind = match (self.kind, self.options, self.multiple) {
            (InputKindName::Number, None, None) => InputKind::Number { unit: self.unit },
            (InputKindName::Number, _, _) => {
                return Err(format!(
                    "number input \"{}\" cannot have options or multiple",
                    self.id
                ))
            }
            (InputKindName::Choice, Some(options), multiple) if self.unit.is_none() => {
                InputKind::Choice {
                    options,
                    multiple: multiple.unwrap_or(false),
                }
            }
            (InputKindName::Choice, None, _) => {
                return Err(format!("choice input \"{}\" needs options", self.id))
            }
            (InputKindName::Choice, Some(_), _) => {
                return Err(format!("choice input \"{}\" cannot have a unit", self.id))
            }
        };
        Ok(Input {
            id: self.id,
            label: self.label,
            kind,
        })
    }
}

/// Problems found while loading a lab: located ones (in lab.toml or another file), and
/// lab.toml's own messages about its content (reported after them).
pub struct Problems<'t> {
    manifest: &'t str,
    located: Vec<Problem>,
    messages: Vec<String>,
}

impl<'t> Problems<'t> {
    fn new(manifest: &'t str) -> Problems<'t> {
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
        self.located.push(Problem::toml(file, text, error));
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
            .push(Problem::toml(MANIFEST, self.manifest, error));
    }

    fn manifest_at(&mut self, offset: usize, message: String) {
        let (line, column) = line_column(self.manifest, offset);
        self.located
            .push(Problem::at(MANIFEST, line, column, message));
    }

    fn into_vec(self) -> Vec<Problem> {
        let mut all = self.located;
        all.extend(
            self.messages
                .into_iter()
                .map(|m| Problem::file(MANIFEST, m)),
        );
        all
    }
}

/// A message for each id used twice.
pub(crate) fn unique<'a>(ids: impl Iterator<Item = &'a str>, what: &str, problems: &mut Problems) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            problems.complain(format!("{what} id \"{id}\" is used twice"));
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
                    format!(
                        "unknown field `{name}`, expected one of {}",
                        known.join(", ")
                    ),
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
        let checks = checks
            .map(|value| read_checks(value, &mut problems))
            .unwrap_or_default();
        assemble(folder, files, manifest, workspace, checks, problems)
    }
}

/// Reads `[[checks]]`: each check's head, then its body by the family that owns its kind.
fn read_checks(value: Section<'_>, problems: &mut Problems) -> Vec<Check> {
    let span = value.span();
    let DeValue::Array(items) = value.into_inner() else {
        problems.manifest_at(
            span.start,
            "checks must be an array of tables ([[checks]])".into(),
        );
        return Vec::new();
    };
    let mut checks = Vec::new();
    for item in items.iter().cloned() {
        let span = item.span();
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
        let known = CheckKind::names().join(", ");
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
            Some(Ok(kind)) => checks.push(Check {
                head: CheckHead {
                    id: head.id,
                    title: head.title,
                    points: head.points,
                    feedback: head.feedback,
                    explain: head.explain,
                },
                kind,
            }),
        }
    }
    checks
}

/// Cross-checks the parts and builds the lab, or returns every problem found.
fn assemble(
    folder: &str,
    files: &FileSet,
    manifest: Manifest,
    workspace: Workspace,
    checks: Vec<Check>,
    mut problems: Problems,
) -> Result<Lab, Vec<Problem>> {
    let mut inputs = Vec::new();
    for spec in manifest.inputs {
        match spec.into_input() {
            Ok(input) => inputs.push(input),
            Err(message) => problems.complain(message),
        }
    }
    if manifest.id != folder {
        problems.complain(format!(
            "id \"{}\" must equal the folder's name \"{folder}\"",
            manifest.id
        ));
    }
    if !is_slug(&manifest.id) {
        problems.complain(format!(
            "id \"{}\" must use only a-z, 0-9 and '-'",
            manifest.id
        ));
    }
    if manifest.steps.is_empty() {
        problems.complain("a lab needs at least one step");
    }
    // Checks that did not parse were reported where they stand.
    if checks.is_empty() && problems.located.is_empty() {
        problems.complain("a lab needs at least one check");
    }
    if manifest.minutes == 0 {
        problems.complain("minutes must be at least 1");
    }
    unique(inputs.iter().map(|i| i.id.as_str()), "input", &mut problems);
    unique(checks.iter().map(Check::id), "check", &mut problems);

    let input_ids: BTreeSet<&str> = inputs.iter().map(|i| i.id.as_str()).collect();
    let dataset_ids: BTreeSet<&str> = workspace
        .dora
        .datasets
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    let mut asked = BTreeSet::new();
    let mut steps = Vec::new();
    for (n, spec) in manifest.steps.into_iter().enumerate() {
        for input in &spec.inputs {
            if !input_ids.contains(input.as_str()) {
                problems.complain(format!(
                    "step {} asks input \"{input}\", which is not defined in [[inputs]]",
                    n + 1
                ));
            } else if !asked.insert(input.clone()) {
                problems.complain(format!("input \"{input}\" is asked in more than one step"));
            }
        }
        for dataset in &spec.datasets {
            if !dataset_ids.contains(dataset.as_str()) {
                problems.complain(format!(
                    "step {} shows dataset \"{dataset}\", which is not defined in [[datasets]]",
                    n + 1
                ));
            }
        }
        let text = match files.get(&spec.text) {
            Some(text) => Doc::from_markdown(text),
            None => {
                problems.complain(format!(
                    "step {} names text file \"{}\", which is not in the lab folder",
                    n + 1,
                    spec.text
                ));
                Doc::default()
            }
        };
        steps.push(Step {
            title: spec.title,
            text,
            inputs: spec.inputs,
            datasets: spec.datasets,
        });
    }
    for input in &inputs {
        if !asked.contains(&input.id) {
            problems.complain(format!("input \"{}\" is not asked in any step", input.id));
        }
        if let InputKind::Choice { options, .. } = &input.kind {
            if options.len() < 2 {
                problems.complain(format!(
                    "choice input \"{}\" needs at least two options",
                    input.id
                ));
            }
            unique(
                options.iter().map(|o| o.id.as_str()),
                &format!("option of input \"{}\"", input.id),
                &mut problems,
            );
        }
    }
    let mut hints = Vec::new();
    for h in manifest.hints {
        if h.step == 0 || h.step > steps.len() {
            problems.complain(format!(
                "a hint names step {}, but steps are numbered 1 to {}",
                h.step,
                steps.len()
            ));
        } else {
            hints.push(Hint {
                step: h.step - 1,
                text: Doc::from_markdown(&h.text),
                cost: h.cost,
            });
        }
    }

    let lab = Lab {
        id: manifest.id,
        title: manifest.title,
        family: manifest.family,
        level: manifest.level,
        minutes: manifest.minutes,
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
    for check in &lab.checks {
        for message in check.validate(&view) {
            problems.complain(format!("check \"{}\": {message}", check.id()));
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
