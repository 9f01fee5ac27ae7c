//! A lab's translations (feature `files`). Labs are written in English; each other language
//! lives beside the English files of the lab's folder, for Vietnamese:
//!
//! - `vi.toml`: every short text of `lab.toml` and of the TOML data files (titles, labels,
//!   units, goals, feedback, explanations, hints, the why of each wrong option…) as a pair,
//!   `[[text]] en = "…" vi = "…"`, the English exactly as the lab has it (like gettext's
//!   msgid and msgstr: the English is the key, so a changed English text is visibly
//!   untranslated);
//! - `steps/<name>.vi.md` beside each `steps/<name>.md`, and in `vi.toml` a `[steps]` table
//!   with the fingerprint of the English each step was translated from.
//!
//! `check` makes a missing, outdated or unused translation a located problem; `apply` gives
//! the lab's files in the other language (the texts swapped in place), which the loader then
//! reads like any lab, so a translated lab is checked by the same code as the English one.
use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::files::{line_column, FileSet, Problem};
use crate::lang::Lang;

/// A TOML string key whose value is always an identifier or a file name, never text.
const ID_KEYS: &[&str] = &["id", "kind", "file", "answer", "measure", "family", "level"];
/// A TOML key whose value is text even when it is one word (a unit, a one-word label).
const TEXT_KEYS: &[&str] = &[
    "title",
    "label",
    "unit",
    "name",
    "summary",
    "goals",
    "simplification",
    "text",
    "feedback",
    "explain",
    "concept",
    "advice",
];

/// The translation file of a language in a lab folder (`vi.toml`).
pub fn file_name(lang: Lang) -> String {
    format!("{}.toml", lang.code())
}

/// The translated twin of a step file: `steps/01-x.md` → `steps/01-x.vi.md`.
pub fn step_file(english: &str, lang: Lang) -> String {
    match english.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{}.md", lang.code()),
        None => format!("{english}.{}", lang.code()),
    }
}

/// Whether a file of a lab folder is a translation (so not part of the English lab).
pub fn is_translation_file(path: &str) -> bool {
    Lang::ALL
        .iter()
        .filter(|l| **l != Lang::En)
        .any(|l| path == file_name(*l) || path.ends_with(&format!(".{}.md", l.code())))
}

/// The fingerprint of a text a translation follows: FNV-1a (64 bits) of the text with its
/// line endings and surrounding whitespace normalised, as 16 hex digits.
pub fn fingerprint(text: &str) -> String {
    let normal = text.replace("\r\n", "\n");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in normal.trim().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// One English text of a lab that needs a translation, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub file: String,
    /// Byte range of the TOML string (quotes included) in `file`.
    pub span: std::ops::Range<usize>,
    pub text: String,
}

/// Every translatable text in the lab's TOML files (`lab.toml`, `data/*.toml`), in file order.
/// Files that are not valid TOML are skipped: the loader reports them.
pub fn sources(files: &FileSet) -> Vec<Source> {
    let mut out = Vec::new();
    for (path, text) in files {
        let is_lab_toml =
            path == "lab.toml" || (path.starts_with("data/") && path.ends_with(".toml"));
        if !is_lab_toml {
            continue;
        }
        let Ok(root) = DeTable::parse(text) else {
            continue;
        };
        let table = root.into_inner();
        let start = out.len();
        walk_table(&table, None, path, &mut out);
        out[start..].sort_by_key(|s| s.span.start);
    }
    out
}

fn walk_table(table: &DeTable<'_>, parent: Option<&str>, file: &str, out: &mut Vec<Source>) {
    for (key, value) in table.iter() {
        walk_value(value, key.get_ref(), parent, file, out);
    }
}

fn walk_value(
    value: &Spanned<DeValue<'_>>,
    key: &str,
    parent: Option<&str>,
    file: &str,
    out: &mut Vec<Source>,
) {
    match value.get_ref() {
        DeValue::String(s) if translatable(key, parent, s) => {
            out.push(Source {
                file: file.to_string(),
                span: value.span(),
                text: s.to_string(),
            });
        }
        DeValue::Array(items) => {
            for item in items.iter() {
                walk_value(item, key, parent, file, out);
            }
        }
        DeValue::Table(table) => walk_table(table, Some(key), file, out),
        _ => {}
    }
}

/// Whether a string value is text for a learner (not an id, a file name or a code).
fn translatable(key: &str, parent: Option<&str>, value: &str) -> bool {
    if value.trim().is_empty() || ID_KEYS.contains(&key) {
        return false;
    }
    // `[[steps]] text = "steps/01-x.md"` names the step's file.
    if key == "text" && parent == Some("steps") {
        return false;
    }
    // A repository's contents are code: files' text (`files = { "src/a.js" = "…" }`), and
    // its commits' messages, authors and times (`[[repo.work]] message`, `at = "Mon 10:00"`).
    if parent == Some("files")
        || (matches!(parent, Some("history" | "work" | "commit" | "commits"))
            && matches!(key, "message" | "at" | "author"))
        // A test's name in a build's report (`build_run`'s `failed`) is code too.
        || key == "failed"
    {
        return false;
    }
    TEXT_KEYS.contains(&key) || value.contains(char::is_whitespace)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    #[serde(default)]
    steps: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    text: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    en: Spanned<String>,
    vi: Spanned<String>,
}

/// A lab's translation into one language, read from its file.
struct Translation {
    file: String,
    source: String,
    parsed: TranslationFile,
}

impl Translation {
    fn read(lang: Lang, files: &FileSet) -> Result<Translation, Problem> {
        let file = file_name(lang);
        let source = files.get(&file).ok_or_else(|| {
            Problem::file(
                &file,
                format!(
                    "the lab has no {} translation: add {file} (see README, \"Translating a lab\"; `devops-lab translate {}` writes one to fill in)",
                    lang.native_name(),
                    lang.code()
                ),
            )
        })?;
        let parsed = toml::from_str::<TranslationFile>(source)
            .map_err(|e| Problem::toml(&file, source, &e))?;
        Ok(Translation {
            file,
            source: source.clone(),
            parsed,
        })
    }

    fn at(&self, offset: usize, message: String) -> Problem {
        let (line, column) = line_column(&self.source, offset);
        Problem::at(&self.file, line, column, message)
    }

    /// The translation of each English text.
    fn table(&self) -> BTreeMap<&str, &str> {
        self.parsed
            .text
            .iter()
            .map(|e| {
                (
                    e.get_ref().en.get_ref().as_str(),
                    e.get_ref().vi.get_ref().as_str(),
                )
            })
            .collect()
    }
}

/// The step files a lab's manifest names, in order (`[[steps]] text = "…"`).
fn step_files(files: &FileSet) -> Vec<String> {
    #[derive(Deserialize)]
    struct Manifest {
        #[serde(default)]
        steps: Vec<StepRef>,
    }
    #[derive(Deserialize)]
    struct StepRef {
        text: String,
    }
    files
        .get("lab.toml")
        .and_then(|t| toml::from_str::<Manifest>(t).ok())
        .map(|m| m.steps.into_iter().map(|s| s.text).collect())
        .unwrap_or_default()
}

/// Every problem with the lab's translation into `lang`: a missing file or entry, a text
/// whose English changed since it was translated, an entry whose English is no longer in
/// the lab, an empty translation, a step translated from an older English text.
pub fn check(lang: Lang, files: &FileSet) -> Vec<Problem> {
    if lang == Lang::En {
        return Vec::new();
    }
    let translation = match Translation::read(lang, files) {
        Ok(t) => t,
        Err(p) => return vec![p],
    };
    let mut problems = Vec::new();
    let name = lang.native_name();
    let table = translation.table();

    let sources = sources(files);
    let english: BTreeSet<&str> = sources.iter().map(|s| s.text.as_str()).collect();
    let mut seen = BTreeSet::new();
    for entry in &translation.parsed.text {
        let entry = entry.get_ref();
        let en = entry.en.get_ref().as_str();
        if !seen.insert(en) {
            problems.push(translation.at(
                entry.en.span().start,
                format!(
                    "this English text is translated twice: keep one [[text]] for \"{}\"",
                    short(en)
                ),
            ));
        } else if !english.contains(en) {
            problems.push(translation.at(
                entry.en.span().start,
                format!(
                    "outdated: the lab no longer has the English text \"{}\" (changed or removed since it was translated): update `en` to the lab's new text and its `vi`, or remove the entry",
                    short(en)
                ),
            ));
        }
        if entry.vi.get_ref().trim().is_empty() {
            problems.push(translation.at(
                entry.vi.span().start,
                format!("the {name} text for \"{}\" is empty", short(en)),
            ));
        }
    }
    let mut reported = BTreeSet::new();
    for source in &sources {
        if table.contains_key(source.text.as_str()) || !reported.insert(source.text.as_str()) {
            continue;
        }
        let text = files.get(&source.file).map(String::as_str).unwrap_or("");
        let (line, column) = line_column(text, source.span.start);
        problems.push(Problem::at(
            &source.file,
            line,
            column,
            format!(
                "no {name} translation for \"{}\": add a [[text]] with this `en` to {}",
                short(&source.text),
                translation.file
            ),
        ));
    }

    let steps = step_files(files);
    for step in &steps {
        let twin = step_file(step, lang);
        let Some(english) = files.get(step) else {
            continue; // the loader reports a missing step file
        };
        let now = fingerprint(english);
        if !files.contains_key(&twin) {
            problems.push(Problem::file(
                &twin,
                format!("the {name} text of {step} is missing: add {twin} and, in {}, [steps] \"{step}\" = \"{now}\"", translation.file),
            ));
            continue;
        }
        match translation.parsed.steps.get(step) {
            None => problems.push(Problem::file(
                &translation.file,
                format!("[steps] has no fingerprint for {step}: add \"{step}\" = \"{now}\" once {twin} follows the English"),
            )),
            Some(from) if from.get_ref() != &now => problems.push(translation.at(
                from.span().start,
                format!("outdated: {step} changed since {twin} was translated (from {}, now {now}): update {twin}, then set this to \"{now}\"", from.get_ref()),
            )),
            Some(_) => {}
        }
    }
    for (step, at) in &translation.parsed.steps {
        if !steps.contains(step) {
            problems.push(translation.at(
                at.span().start,
                format!("{step} is not a step of this lab: remove it from [steps]"),
            ));
        }
    }
    for path in files.keys() {
        if let Some(stem) = path.strip_suffix(&format!(".{}.md", lang.code())) {
            let english = format!("{stem}.md");
            if !steps.contains(&english) {
                problems.push(Problem::file(
                    path,
                    format!("{path} translates {english}, which is not a step of this lab"),
                ));
            }
        }
    }
    problems
}

/// The lab's files in `lang`: every translated text swapped into `lab.toml` and the data
/// files, each step file replaced by its translation, the translation files left out.
/// Texts without a translation stay English (`check` reports them).
pub fn apply(lang: Lang, files: &FileSet) -> FileSet {
    let mut out: FileSet = files
        .iter()
        .filter(|(path, _)| !is_translation_file(path))
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    if lang == Lang::En {
        return out;
    }
    let Ok(translation) = Translation::read(lang, files) else {
        return out;
    };
    let table = translation.table();
    let mut by_file: BTreeMap<&str, Vec<&Source>> = BTreeMap::new();
    let sources = sources(files);
    for source in &sources {
        by_file
            .entry(source.file.as_str())
            .or_default()
            .push(source);
    }
    for (file, mut list) in by_file {
        let Some(text) = out.get_mut(file) else {
            continue;
        };
        // From the end, so that earlier spans stay valid.
        list.sort_by_key(|s| std::cmp::Reverse(s.span.start));
        for source in list {
            if let Some(vi) = table
                .get(source.text.as_str())
                .filter(|v| !v.trim().is_empty())
            {
                text.replace_range(source.span.clone(), &toml_string(vi));
            }
        }
    }
    for step in step_files(files) {
        if let Some(translated) = files.get(&step_file(&step, lang)) {
            out.insert(step, translated.clone());
        }
    }
    out
}

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A translation file for `lang` to fill in: the entries it already has, in the lab's order,
/// then `vi = ""` for every text still missing, and the steps' fingerprints (kept where a
/// step's translation follows an older text, so `check` still says it is outdated).
pub fn skeleton(lang: Lang, files: &FileSet) -> String {
    let existing = Translation::read(lang, files).ok();
    let table = existing
        .as_ref()
        .map(Translation::table)
        .unwrap_or_default();
    let mut out = format!(
        "# The {} translation of this lab (README, \"Translating a lab\").\n# [[text]]: each English text of lab.toml and data/*.toml, exactly as written there, and its translation.\n# [steps]: the fingerprint of the English each steps/*.{}.md was translated from.\n",
        lang.native_name(),
        lang.code()
    );
    out.push_str("\n[steps]\n");
    for step in step_files(files) {
        let kept = existing
            .as_ref()
            .and_then(|t| t.parsed.steps.get(&step))
            .map(|s| s.get_ref().clone());
        let now = files.get(&step).map(|t| fingerprint(t)).unwrap_or_default();
        let value = match (kept, files.contains_key(&step_file(&step, lang))) {
            (Some(kept), _) => kept,
            (None, true) => now,
            (None, false) => String::new(),
        };
        out.push_str(&format!(
            "{} = {}\n",
            toml_string(&step),
            toml_string(&value)
        ));
    }
    let mut done = BTreeSet::new();
    for source in sources(files) {
        if !done.insert(source.text.clone()) {
            continue;
        }
        let vi = table.get(source.text.as_str()).copied().unwrap_or("");
        out.push_str(&format!(
            "\n[[text]]\nen = {}\nvi = {}\n",
            toml_string(&source.text),
            toml_string(vi)
        ));
    }
    out
}

/// The first words of a text, for a message.
fn short(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab(extra: &[(&str, &str)]) -> FileSet {
        let mut files = FileSet::new();
        files.insert(
            "lab.toml".into(),
            r#"id = "x"
title = "Measure a team"
goals = ["Count deployments", "Read the log"]
[[steps]]
title = "Start"
text = "steps/01-start.md"
[[inputs]]
id = "n"
label = "Deployments"
unit = "per week"
[checks.n]
kind = "number"
feedback = "Count every deployment."
"#
            .into(),
        );
        files.insert("steps/01-start.md".into(), "Read **the log**.\n".into());
        for (p, t) in extra {
            files.insert((*p).into(), (*t).into());
        }
        files
    }

    fn vi(steps_fp: &str, entries: &[(&str, &str)]) -> String {
        let mut s = format!("[steps]\n\"steps/01-start.md\" = \"{steps_fp}\"\n");
        for (en, vi) in entries {
            s.push_str(&format!(
                "[[text]]\nen = {}\nvi = {}\n",
                toml_string(en),
                toml_string(vi)
            ));
        }
        s
    }

    const ALL: &[(&str, &str)] = &[
        ("Measure a team", "Đo lường một nhóm"),
        ("Count deployments", "Đếm số lần deployment"),
        ("Read the log", "Đọc log"),
        ("Start", "Bắt đầu"),
        ("Deployments", "Số deployment"),
        ("per week", "mỗi tuần"),
        ("Count every deployment.", "Hãy đếm mọi deployment."),
    ];

    #[test]
    fn texts_are_found_and_ids_and_step_files_are_not() {
        let texts: Vec<String> = sources(&lab(&[])).into_iter().map(|s| s.text).collect();
        let expected: Vec<&str> = ALL.iter().map(|(en, _)| *en).collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn a_repositorys_files_and_commits_are_code_not_text() {
        let mut files = FileSet::new();
        files.insert(
            "lab.toml".into(),
            "[[repo]]\nid = \"r\"\n[[repo.work]]\nmessage = \"Add the login page\"\nat = \"Mon 11:00\"\nfiles = { \"src/a.js\" = \"export const a = 1;\" }\n[[steps]]\ntitle = \"The week under GitFlow\"\n".into(),
        );
        let texts: Vec<String> = sources(&files).into_iter().map(|s| s.text).collect();
        assert_eq!(texts, ["The week under GitFlow"]);
    }

    #[test]
    fn a_complete_translation_has_no_problem_and_is_swapped_in() {
        let fp = fingerprint("Read **the log**.");
        let files = lab(&[
            ("vi.toml", &vi(&fp, ALL)),
            ("steps/01-start.vi.md", "Đọc **log**."),
        ]);
        assert_eq!(check(Lang::Vi, &files), vec![]);
        let out = apply(Lang::Vi, &files);
        assert!(!out.contains_key("vi.toml") && !out.contains_key("steps/01-start.vi.md"));
        assert_eq!(out["steps/01-start.md"], "Đọc **log**.");
        let manifest = &out["lab.toml"];
        assert!(
            manifest.contains("title = \"Đo lường một nhóm\""),
            "{manifest}"
        );
        assert!(
            manifest.contains("text = \"steps/01-start.md\""),
            "{manifest}"
        );
        assert!(manifest.contains("id = \"n\""));
        assert!(toml::from_str::<toml::Table>(manifest).is_ok());
        // English: the translation files are left out, the texts unchanged.
        let en = apply(Lang::En, &files);
        assert_eq!(en["lab.toml"], files["lab.toml"]);
        assert!(!en.contains_key("vi.toml"));
    }

    #[test]
    fn missing_outdated_and_unused_translations_are_located() {
        let mut entries = ALL.to_vec();
        entries.retain(|(en, _)| *en != "per week");
        entries.push(("Count all deployments.", "Đếm tất cả."));
        let files = lab(&[
            ("vi.toml", &vi("0000000000000000", &entries)),
            ("steps/01-start.vi.md", "Đọc."),
            ("steps/02-gone.vi.md", "Không còn."),
        ]);
        let messages: Vec<String> = check(Lang::Vi, &files)
            .iter()
            .map(ToString::to_string)
            .collect();
        let joined = messages.join("\n");
        assert!(
            joined.contains("lab.toml:10:8: no Tiếng Việt translation for \"per week\""),
            "{joined}"
        );
        assert!(
            joined.contains(
                "outdated: the lab no longer has the English text \"Count all deployments.\""
            ),
            "{joined}"
        );
        assert!(
            joined.contains(
                "outdated: steps/01-start.md changed since steps/01-start.vi.md was translated"
            ),
            "{joined}"
        );
        assert!(
            joined.contains("steps/02-gone.vi.md translates steps/02-gone.md, which is not a step"),
            "{joined}"
        );
        assert_eq!(messages.len(), 4, "{joined}");
    }

    #[test]
    fn a_lab_without_its_translation_says_how_to_start_one() {
        let problems = check(Lang::Vi, &lab(&[]));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].to_string().contains("vi.toml"));
        assert!(problems[0].to_string().contains("devops-lab translate vi"));
    }

    #[test]
    fn the_skeleton_lists_every_text_and_keeps_what_is_translated() {
        let files = lab(&[("vi.toml", &vi("", &ALL[..2]))]);
        let skeleton = skeleton(Lang::Vi, &files);
        let parsed: TranslationFile = toml::from_str(&skeleton).expect("valid TOML");
        assert_eq!(parsed.text.len(), ALL.len());
        assert_eq!(parsed.text[0].get_ref().vi.get_ref(), "Đo lường một nhóm");
        assert_eq!(parsed.text[2].get_ref().vi.get_ref(), "");
    }

    #[test]
    fn strings_with_quotes_and_newlines_survive_the_swap() {
        let text = "say \"hi\"\\ and\nthen";
        let parsed: toml::Table = toml::from_str(&format!("a = {}", toml_string(text))).unwrap();
        assert_eq!(parsed["a"].as_str(), Some(text));
    }
}
