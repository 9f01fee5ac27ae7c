//! Reading and checking the question bank (`exam/` at the repository's root; feature `files`).
//!
//! - `domains.toml`: the exam, its domains (id, number, title, weight) and task statements;
//! - `questions/<domain>.toml`: that domain's questions, `[[question]]` after `[[question]]`
//!   (id, task, optional lab, sources, answer letters, stem, `[[question.option]]` text and why);
//! - `domains.vi.toml`, `questions/<domain>.vi.toml`: the Vietnamese, `[[text]] en = "…" vi = "…"`
//!   for every English text, the English exactly as written (the labs' translation layout).
//!
//! [`build`] gives the bank in a language and every problem found, located by file, line and
//! column: the structure of each question (ids, task statements, 4 options for one answer, 5 or
//! more and "(Choose two.)" for several, a reason for every option, AWS sources, existing labs),
//! the domains' weights, near-duplicate stems, and missing or unused translations.
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Bank, Choice, Domain, Question, Task};
use crate::files::{line_column, Problem};
use crate::lang::Lang;

/// The bank's folder, from the repository's root.
pub const DIR: &str = "exam";

/// Routes a question may link to besides labs.
pub const SANDBOXES: &[&str] = &[
    "sandbox/deploy",
    "sandbox/cloudformation",
    "sandbox/containers",
    "sandbox/dora",
];

/// How far a domain's share of the bank may be from its weight, in questions.
pub const WEIGHT_SLACK: f64 = 3.0;

/// The share of word trigrams two stems may have in common before they count as
/// near-duplicates (Jaccard similarity of their sets of three consecutive words).
pub const DUPLICATE_SIMILARITY: f64 = 0.5;

/// The bank's files, by path inside `exam/` (`domains.toml`, `questions/sdlc.toml`…).
pub type Files = BTreeMap<String, String>;

/// Reads every `.toml` file of the bank's folder.
pub fn read(dir: &Path) -> Result<Files, String> {
    let mut files = Files::new();
    for sub in ["", "questions"] {
        let folder = dir.join(sub);
        let entries = std::fs::read_dir(&folder)
            .map_err(|e| format!("{}: cannot read the folder: {e}", folder.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                continue;
            }
            let name = entry.file_name().to_string_lossy().to_string();
            let key = if sub.is_empty() {
                name
            } else {
                format!("{sub}/{name}")
            };
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            files.insert(key, text);
        }
    }
    Ok(files)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DomainsSpec {
    exam: String,
    title: Spanned<String>,
    guide: String,
    domain: Vec<DomainSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DomainSpec {
    id: Spanned<String>,
    number: u8,
    title: Spanned<String>,
    weight: Spanned<u8>,
    tasks: Vec<(Spanned<String>, Spanned<String>)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionsSpec {
    #[serde(default)]
    question: Vec<QuestionSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionSpec {
    id: Spanned<String>,
    task: Spanned<String>,
    #[serde(default)]
    lab: Option<Spanned<String>>,
    sources: Spanned<Vec<Spanned<String>>>,
    answer: Spanned<Vec<Spanned<String>>>,
    stem: Spanned<String>,
    option: Spanned<Vec<OptionSpec>>,
    /// The day a maintainer checked the question against its sources (`YYYY-MM-DD`).
    #[serde(default)]
    reviewed: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionSpec {
    text: Spanned<String>,
    why: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoadmapSpec {
    checked: Spanned<String>,
    #[serde(default)]
    skill: Vec<SkillSpec>,
    #[serde(default)]
    cert: Vec<CertSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillSpec {
    title: Spanned<String>,
    text: Spanned<String>,
    labs: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CertSpec {
    id: Spanned<String>,
    code: String,
    name: Spanned<String>,
    level: Spanned<String>,
    #[serde(default)]
    questions: Option<u32>,
    #[serde(default)]
    minutes: Option<u32>,
    #[serde(default)]
    price_usd: Option<u32>,
    #[serde(default)]
    passing: Option<u32>,
    source: Spanned<String>,
    covers: Spanned<String>,
    path: Spanned<String>,
    #[serde(default)]
    after: Vec<Spanned<String>>,
    #[serde(default)]
    labs: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationSpec {
    #[serde(default)]
    text: Vec<PairSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PairSpec {
    en: Spanned<String>,
    vi: Spanned<String>,
}

/// Problems of one file, each located from a byte offset of its text.
struct At<'a> {
    file: String,
    text: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl At<'_> {
    fn at(&mut self, offset: usize, message: impl Into<String>) {
        let (line, column) = line_column(self.text, offset);
        self.problems
            .push(Problem::at(&self.file, line, column, message));
    }
}

/// A language's translations of one English file: English text → (translation, where the
/// pair is), and which of them were used.
struct Translations {
    file: String,
    text: String,
    pairs: BTreeMap<String, (String, usize)>,
    used: BTreeSet<String>,
}

impl Translations {
    fn read(files: &Files, english: &str, lang: Lang, problems: &mut Vec<Problem>) -> Self {
        let file = translation_file(english, lang);
        let text = files.get(&file).cloned().unwrap_or_default();
        let mut pairs = BTreeMap::new();
        if files.contains_key(&file) {
            match toml::from_str::<TranslationSpec>(&text) {
                Ok(spec) => {
                    for p in spec.text {
                        let at = p.en.span().start;
                        let en = p.en.into_inner();
                        let vi = p.vi.into_inner();
                        if vi.trim().is_empty() {
                            let (line, column) = line_column(&text, at);
                            problems.push(Problem::at(
                                &path(&file),
                                line,
                                column,
                                "this text has no translation yet (vi is empty)",
                            ));
                            continue;
                        }
                        pairs.insert(en, (vi, at));
                    }
                }
                Err(e) => problems.push(Problem::toml(&path(&file), &text, &e)),
            }
        }
        Translations {
            file,
            text,
            pairs,
            used: BTreeSet::new(),
        }
    }

    /// The translation of `en`, or `en` itself with a problem located at the English text.
    fn get(&mut self, en: &str, english_at: &mut At<'_>, offset: usize, lang: Lang) -> String {
        match self.pairs.get(en) {
            Some((vi, _)) => {
                self.used.insert(en.to_string());
                vi.clone()
            }
            None => {
                english_at.at(
                    offset,
                    format!(
                        "no {} translation of this text in {} (add [[text]] with en = this text exactly)",
                        lang.native_name(),
                        path(&self.file)
                    ),
                );
                en.to_string()
            }
        }
    }

    /// A problem for each translated text the English no longer has.
    fn unused(self, problems: &mut Vec<Problem>) {
        for (en, (_, at)) in &self.pairs {
            if !self.used.contains(en) {
                let (line, column) = line_column(&self.text, *at);
                problems.push(Problem::at(
                    &path(&self.file),
                    line,
                    column,
                    "this English text is not in the English file any more (changed or removed): update or remove its translation",
                ));
            }
        }
    }
}

fn translation_file(english: &str, lang: Lang) -> String {
    match english.strip_suffix(".toml") {
        Some(stem) => format!("{stem}.{}.toml", lang.code()),
        None => format!("{english}.{}", lang.code()),
    }
}

fn path(file: &str) -> String {
    format!("{DIR}/{file}")
}

/// The bank in `lang`, and every problem found. `labs` are the catalogue's lab ids and
/// their titles in `lang`. Translation problems come only when `lang` is not English, and are
/// returned apart (the build warns about them; `devops-lab check` and the tests fail on them).
pub fn build(files: &Files, lang: Lang, labs: &[(String, String)]) -> Built {
    let mut problems = Vec::new();
    let mut translation = Vec::new();
    let Some(text) = files.get("domains.toml") else {
        problems.push(Problem::file(
            &path("domains.toml"),
            "the file is missing: it lists the exam's domains, weights and task statements",
        ));
        return Built {
            bank: Bank::default(),
            problems,
            translation,
        };
    };
    let spec = match toml::from_str::<DomainsSpec>(text) {
        Ok(spec) => spec,
        Err(e) => {
            problems.push(Problem::toml(&path("domains.toml"), text, &e));
            return Built {
                bank: Bank::default(),
                problems,
                translation,
            };
        }
    };
    let translate = lang != Lang::En;
    let mut words = Translations::read(files, "domains.toml", lang, &mut translation);
    let mut at = At {
        file: path("domains.toml"),
        text,
        problems: &mut problems,
    };
    let mut tr_at_problems = Vec::new();
    let mut tr_at = At {
        file: path("domains.toml"),
        text,
        problems: &mut tr_at_problems,
    };
    let tr = |words: &mut Translations, s: &Spanned<String>, at: &mut At<'_>| {
        if translate {
            words.get(s.get_ref(), at, s.span().start, lang)
        } else {
            s.get_ref().clone()
        }
    };
    let mut bank = Bank {
        lang,
        exam: spec.exam.clone(),
        title: tr(&mut words, &spec.title, &mut tr_at),
        guide: spec.guide.clone(),
        ..Bank::default()
    };
    let mut weights = 0u32;
    for d in &spec.domain {
        if bank.domains.iter().any(|e| &e.id == d.id.get_ref()) {
            at.at(
                d.id.span().start,
                format!("domain \"{}\" twice", d.id.get_ref()),
            );
        }
        weights += u32::from(*d.weight.get_ref());
        let mut tasks = Vec::new();
        for (id, title) in &d.tasks {
            if !id.get_ref().starts_with(&format!("{}.", d.number)) {
                at.at(
                    id.span().start,
                    format!(
                        "task statement \"{}\" is not numbered under domain {}",
                        id.get_ref(),
                        d.number
                    ),
                );
            }
            tasks.push(Task {
                id: id.get_ref().clone(),
                title: tr(&mut words, title, &mut tr_at),
            });
        }
        bank.domains.push(Domain {
            id: d.id.get_ref().clone(),
            number: d.number,
            title: tr(&mut words, &d.title, &mut tr_at),
            weight: *d.weight.get_ref(),
            tasks,
        });
    }
    if weights != 100 {
        at.at(
            0,
            format!("the domains' weights add up to {weights}, not 100"),
        );
    }
    if translate {
        words.unused(&mut translation);
    }
    translation.extend(tr_at_problems);

    // The questions, a file per domain.
    for name in files.keys() {
        if let Some(stem) = name
            .strip_prefix("questions/")
            .and_then(|n| n.strip_suffix(".toml"))
        {
            let base = stem.split('.').next().unwrap_or(stem);
            if bank.domain(base).is_none() {
                problems.push(Problem::file(
                    &path(name),
                    format!("no domain \"{base}\" in domains.toml: a questions file is named after its domain's id"),
                ));
            }
        }
    }
    let lab_ids: BTreeSet<&str> = labs.iter().map(|(id, _)| id.as_str()).collect();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (index, domain) in spec.domain.iter().enumerate() {
        let name = format!("questions/{}.toml", domain.id.get_ref());
        let Some(text) = files.get(&name) else {
            problems.push(Problem::file(
                &path(&name),
                format!(
                    "the file is missing: it holds the questions of domain {} ({})",
                    domain.number,
                    domain.title.get_ref()
                ),
            ));
            continue;
        };
        let parsed = match toml::from_str::<QuestionsSpec>(text) {
            Ok(p) => p,
            Err(e) => {
                problems.push(Problem::toml(&path(&name), text, &e));
                continue;
            }
        };
        let mut words = Translations::read(files, &name, lang, &mut translation);
        let mut tr_problems = Vec::new();
        let mut tr_at = At {
            file: path(&name),
            text,
            problems: &mut tr_problems,
        };
        let mut at = At {
            file: path(&name),
            text,
            problems: &mut problems,
        };
        let tasks: Vec<&str> = domain
            .tasks
            .iter()
            .map(|(id, _)| id.get_ref().as_str())
            .collect();
        for q in parsed.question {
            let id = q.id.get_ref();
            check_question(&q, domain.id.get_ref(), &tasks, &lab_ids, &mut at);
            if let Some(other) = seen.insert(id.clone(), name.clone()) {
                at.at(
                    q.id.span().start,
                    format!("question id \"{id}\" is also used in {}", path(&other)),
                );
            }
            let mut tr = |s: &Spanned<String>| {
                if translate {
                    words.get(s.get_ref(), &mut tr_at, s.span().start, lang)
                } else {
                    s.get_ref().clone()
                }
            };
            let options: Vec<Choice> = q
                .option
                .get_ref()
                .iter()
                .map(|o| Choice {
                    text: tr(&o.text),
                    why: tr(&o.why),
                })
                .collect();
            let stem = tr(&q.stem);
            let lab = q.lab.as_ref().map(|l| l.get_ref().clone());
            bank.questions.push(Question {
                id: id.clone(),
                domain: index as u8,
                task: q.task.get_ref().clone(),
                lab,
                sources: q
                    .sources
                    .get_ref()
                    .iter()
                    .map(|s| s.get_ref().clone())
                    .collect(),
                stem: stem.trim().to_string(),
                options,
                answer: q
                    .answer
                    .get_ref()
                    .iter()
                    .filter_map(|a| letter_index(a.get_ref()))
                    .collect::<BTreeSet<u8>>()
                    .into_iter()
                    .collect(),
                reviewed: q.reviewed.as_ref().map(|r| r.get_ref().clone()),
            });
        }
        if translate {
            words.unused(&mut translation);
        }
        translation.extend(tr_problems);
    }
    bank.labs = labs.to_vec();
    bank.roadmap = roadmap(files, lang, &lab_ids, &mut problems, &mut translation);
    if !bank.questions.is_empty() {
        check_weights(&bank, &mut problems);
        check_duplicates(&bank, files, &mut problems);
    }
    Built {
        bank,
        problems,
        translation,
    }
}

fn is_date(s: &str) -> bool {
    let d = s.as_bytes();
    d.len() == 10
        && d.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The roadmap (`roadmap.toml`) in `lang`: every lab it names exists, every certification an
/// `after` names exists, and every lab is in at least one skill.
fn roadmap(
    files: &Files,
    lang: Lang,
    lab_ids: &BTreeSet<&str>,
    problems: &mut Vec<Problem>,
    translation: &mut Vec<Problem>,
) -> super::Roadmap {
    const FILE: &str = "roadmap.toml";
    let Some(text) = files.get(FILE) else {
        problems.push(Problem::file(
            &path(FILE),
            "the file is missing: it holds the career and certification roadmap",
        ));
        return super::Roadmap::default();
    };
    let spec = match toml::from_str::<RoadmapSpec>(text) {
        Ok(spec) => spec,
        Err(e) => {
            problems.push(Problem::toml(&path(FILE), text, &e));
            return super::Roadmap::default();
        }
    };
    let mut words = Translations::read(files, FILE, lang, translation);
    let mut tr_problems = Vec::new();
    let mut tr_at = At {
        file: path(FILE),
        text,
        problems: &mut tr_problems,
    };
    let mut at = At {
        file: path(FILE),
        text,
        problems,
    };
    let translate = lang != Lang::En;
    let mut tr = |s: &Spanned<String>| {
        if translate {
            words.get(s.get_ref(), &mut tr_at, s.span().start, lang)
        } else {
            s.get_ref().clone()
        }
    };
    if !is_date(spec.checked.get_ref()) {
        at.at(
            spec.checked.span().start,
            "checked is the day the facts were checked, YYYY-MM-DD",
        );
    }
    let lab_list = |labs: &[Spanned<String>], at: &mut At<'_>| -> Vec<String> {
        labs.iter()
            .map(|l| {
                if !lab_ids.contains(l.get_ref().as_str()) {
                    at.at(
                        l.span().start,
                        format!("no lab \"{}\" in labs/", l.get_ref()),
                    );
                }
                l.get_ref().clone()
            })
            .collect()
    };
    let mut out = super::Roadmap {
        checked: spec.checked.get_ref().clone(),
        ..super::Roadmap::default()
    };
    for s in &spec.skill {
        let labs = lab_list(&s.labs, &mut at);
        out.skills.push(super::Skill {
            title: tr(&s.title),
            text: tr(&s.text),
            labs,
        });
    }
    let ids: BTreeSet<&str> = spec.cert.iter().map(|c| c.id.get_ref().as_str()).collect();
    for c in &spec.cert {
        let level = match c.level.get_ref().as_str() {
            "foundational" => super::Level::Foundational,
            "associate" => super::Level::Associate,
            "professional" => super::Level::Professional,
            "specialty" => super::Level::Specialty,
            other => {
                at.at(
                    c.level.span().start,
                    format!(
                        "level \"{other}\" is foundational, associate, professional or specialty"
                    ),
                );
                super::Level::Foundational
            }
        };
        for a in &c.after {
            if !ids.contains(a.get_ref().as_str()) {
                at.at(
                    a.span().start,
                    format!("no certification \"{}\" in this file", a.get_ref()),
                );
            }
        }
        let source = c.source.get_ref();
        if !(source.starts_with("https://aws.amazon.com/")
            || source.starts_with("https://docs.aws.amazon.com/"))
        {
            at.at(
                c.source.span().start,
                "a source is the AWS page the facts were checked on",
            );
        }
        let labs = lab_list(&c.labs, &mut at);
        out.certs.push(super::Cert {
            id: c.id.get_ref().clone(),
            code: c.code.clone(),
            name: tr(&c.name),
            level,
            questions: c.questions,
            minutes: c.minutes,
            price_usd: c.price_usd,
            passing: c.passing,
            source: source.clone(),
            covers: tr(&c.covers),
            path: tr(&c.path),
            after: c.after.iter().map(|a| a.get_ref().clone()).collect(),
            labs,
        });
    }
    for lab in lab_ids {
        if !out.skills.iter().any(|s| s.labs.iter().any(|l| l == lab)) {
            at.at(
                0,
                format!("lab \"{lab}\" is in no skill: every lab practises a skill of the roadmap"),
            );
        }
    }
    if translate {
        words.unused(translation);
    }
    translation.extend(tr_problems);
    out
}

/// What [`build`] gives.
pub struct Built {
    pub bank: Bank,
    /// The bank's own problems (in every language).
    pub problems: Vec<Problem>,
    /// Missing, empty or unused translations (none in English).
    pub translation: Vec<Problem>,
}

/// `A` → 0, `B` → 1…
fn letter_index(s: &str) -> Option<u8> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c @ 'A'..='Z'), None) => Some(c as u8 - b'A'),
        _ => None,
    }
}

const COUNT_WORDS: [&str; 5] = ["zero", "one", "two", "three", "four"];

fn check_question(
    q: &QuestionSpec,
    domain: &str,
    tasks: &[&str],
    labs: &BTreeSet<&str>,
    at: &mut At<'_>,
) {
    let id = q.id.get_ref();
    let kebab = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.contains("--")
        && !id.ends_with('-');
    if !kebab || !id.starts_with(&format!("{domain}-")) {
        at.at(
            q.id.span().start,
            format!("question id \"{id}\" must be \"{domain}-\" and lowercase words joined by '-'"),
        );
    }
    if !tasks.contains(&q.task.get_ref().as_str()) {
        at.at(
            q.task.span().start,
            format!(
                "task \"{}\" is not a task statement of this domain ({})",
                q.task.get_ref(),
                tasks.join(", ")
            ),
        );
    }
    if let Some(lab) = &q.lab {
        if !labs.contains(lab.get_ref().as_str()) && !SANDBOXES.contains(&lab.get_ref().as_str()) {
            at.at(
                lab.span().start,
                format!(
                    "no lab \"{}\" (a lab id from labs/, or one of {})",
                    lab.get_ref(),
                    SANDBOXES.join(", ")
                ),
            );
        }
    }
    if q.sources.get_ref().is_empty() {
        at.at(
            q.sources.span().start.max(q.id.span().start),
            "a question needs sources: the AWS documentation pages its facts were checked against",
        );
    }
    for s in q.sources.get_ref() {
        let url = s.get_ref();
        if !(url.starts_with("https://docs.aws.amazon.com/")
            || url.starts_with("https://aws.amazon.com/"))
        {
            at.at(
                s.span().start,
                "a source is an AWS documentation page (https://docs.aws.amazon.com/… or https://aws.amazon.com/…)",
            );
        }
    }
    if let Some(r) = &q.reviewed {
        let d = r.get_ref().as_bytes();
        let date = d.len() == 10
            && d.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !date {
            at.at(
                r.span().start,
                "reviewed is the day the question was checked, YYYY-MM-DD",
            );
        }
    }
    let stem = q.stem.get_ref().trim();
    if stem.is_empty() {
        at.at(q.stem.span().start, "the stem is empty");
    }
    let options = q.option.get_ref();
    let mut letters = BTreeSet::new();
    for a in q.answer.get_ref() {
        match letter_index(a.get_ref()) {
            Some(i) if usize::from(i) < options.len() => {
                if !letters.insert(i) {
                    at.at(a.span().start, format!("answer \"{}\" twice", a.get_ref()));
                }
            }
            _ => at.at(
                a.span().start,
                format!(
                    "answer \"{}\" is not an option's letter (the options are A to {})",
                    a.get_ref(),
                    (b'A' + options.len().saturating_sub(1).min(25) as u8) as char
                ),
            ),
        }
    }
    let correct = letters.len();
    if correct == 0 {
        at.at(
            q.answer.span().start,
            "a question needs at least one correct answer",
        );
    } else if correct == 1 {
        if options.len() != 4 {
            at.at(
                q.option.span().start.max(q.stem.span().end),
                format!(
                    "a multiple-choice question has 4 options (one correct, three distractors); this one has {}",
                    options.len()
                ),
            );
        }
        if stem.contains("(Choose ") {
            at.at(
                q.stem.span().start,
                "one correct answer, but the stem says \"(Choose …)\"",
            );
        } else if !stem.ends_with('?') {
            at.at(
                q.stem.span().start,
                "the stem ends with its question (a '?')",
            );
        }
    } else {
        if options.len() < 5 || correct + 2 > options.len() {
            at.at(
                q.option.span().start.max(q.stem.span().end),
                format!(
                    "a multiple-response question has 5 or more options and at least 3 distractors; this one has {} options and {correct} correct",
                    options.len()
                ),
            );
        }
        let want = format!("(Choose {}.)", COUNT_WORDS.get(correct).unwrap_or(&"many"));
        if !stem.ends_with(&want) {
            at.at(
                q.stem.span().start,
                format!("{correct} correct answers: the stem ends with \"{want}\""),
            );
        }
    }
    let mut texts = BTreeSet::new();
    for (i, o) in options.iter().enumerate() {
        let letter = (b'A' + i.min(25) as u8) as char;
        if o.text.get_ref().trim().is_empty() {
            at.at(o.text.span().start, format!("option {letter} has no text"));
        } else if !texts.insert(o.text.get_ref().trim().to_lowercase()) {
            at.at(
                o.text.span().start,
                format!("option {letter} repeats another option"),
            );
        }
        if o.why.get_ref().trim().len() < 20 {
            at.at(
                o.why.span().start,
                format!("option {letter}'s why must say why it is right or wrong, naming the AWS concept"),
            );
        }
    }
}

/// Each domain's share of the bank against its weight, within [`WEIGHT_SLACK`] questions.
fn check_weights(bank: &Bank, problems: &mut Vec<Problem>) {
    let total = bank.questions.len() as f64;
    for (i, d) in bank.domains.iter().enumerate() {
        let count = bank
            .questions
            .iter()
            .filter(|q| usize::from(q.domain) == i)
            .count();
        let expected = total * f64::from(d.weight) / 100.0;
        if (count as f64 - expected).abs() > WEIGHT_SLACK {
            problems.push(Problem::file(
                &path(&format!("questions/{}.toml", d.id)),
                format!(
                    "{count} questions, but domain {} weighs {} % of the exam: about {expected:.0} of the bank's {total}",
                    d.number, d.weight
                ),
            ));
        }
    }
}

/// The set of word trigrams of a text (lowercase, letters and digits only).
pub fn trigrams(text: &str) -> BTreeSet<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(3).map(|w| w.join(" ")).collect()
}

/// Jaccard similarity of two sets of trigrams.
pub fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    let all = a.len() + b.len() - shared;
    if all == 0 {
        0.0
    } else {
        shared as f64 / all as f64
    }
}

fn check_duplicates(bank: &Bank, files: &Files, problems: &mut Vec<Problem>) {
    let grams: Vec<BTreeSet<String>> = bank.questions.iter().map(|q| trigrams(&q.stem)).collect();
    for i in 0..grams.len() {
        for j in i + 1..grams.len() {
            let s = similarity(&grams[i], &grams[j]);
            if s >= DUPLICATE_SIMILARITY {
                let (a, b) = (&bank.questions[i], &bank.questions[j]);
                let file = format!("questions/{}.toml", bank.domains[usize::from(b.domain)].id);
                let message = format!(
                    "question \"{}\" is a near-duplicate of \"{}\" ({:.0} % of their stems' word trigrams are shared)",
                    b.id,
                    a.id,
                    s * 100.0
                );
                match files
                    .get(&file)
                    .and_then(|t| t.find(&format!("\"{}\"", b.id)).map(|o| (t, o)))
                {
                    Some((text, offset)) => {
                        let (line, column) = line_column(text, offset);
                        problems.push(Problem::at(&path(&file), line, column, message));
                    }
                    None => problems.push(Problem::file(&path(&file), message)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOMAINS: &str = r#"exam = "DOP-C02"
title = "AWS Certified DevOps Engineer – Professional"
guide = "https://docs.aws.amazon.com/x"

[[domain]]
id = "sdlc"
number = 1
title = "SDLC Automation"
weight = 60
tasks = [["1.1", "Implement CI/CD pipelines"]]

[[domain]]
id = "iac"
number = 2
title = "Configuration Management and IaC"
weight = 40
tasks = [["2.1", "Define cloud infrastructure"]]
"#;

    fn question(id: &str, task: &str, stem: &str, answer: &str, options: usize) -> String {
        let mut q = format!(
            "[[question]]\nid = \"{id}\"\ntask = \"{task}\"\nsources = [\"https://docs.aws.amazon.com/a\"]\nanswer = [{answer}]\nstem = \"\"\"\n{stem}\"\"\"\n"
        );
        for o in 0..options {
            q.push_str(&format!(
                "[[question.option]]\ntext = \"Option {o} of {id}\"\nwhy = \"Because option {o} uses a named AWS feature.\"\n"
            ));
        }
        q
    }

    fn files(sdlc: &str, iac: &str) -> Files {
        let mut f = Files::new();
        f.insert("domains.toml".into(), DOMAINS.into());
        f.insert("questions/sdlc.toml".into(), sdlc.into());
        f.insert("questions/iac.toml".into(), iac.into());
        f.insert("roadmap.toml".into(), "checked = \"2026-11-30\"\n".into());
        f
    }

    fn messages(b: &Built) -> Vec<String> {
        b.problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_good_bank_loads_with_its_answers_as_indexes() {
        let sdlc = [
            question(
                "sdlc-one",
                "1.1",
                "A team ships weekly with pipelines.\n\nWhich step helps?",
                "\"C\"",
                4,
            ),
            question(
                "sdlc-two",
                "1.1",
                "Another company builds containers nightly.\n\nWhat fixes it? (Choose two.)",
                "\"A\", \"E\"",
                5,
            ),
            question(
                "sdlc-three",
                "1.1",
                "Releases are approved by a manager each Friday.\n\nHow?",
                "\"B\"",
                4,
            ),
        ]
        .concat();
        let iac = [
            question(
                "iac-one",
                "2.1",
                "Stacks drift when operators edit resources by hand.\n\nWhat detects it?",
                "\"D\"",
                4,
            ),
            question(
                "iac-two",
                "2.1",
                "Templates repeat the same VPC in twelve accounts.\n\nWhat reuses it?",
                "\"A\"",
                4,
            ),
        ]
        .concat();
        let b = build(&files(&sdlc, &iac), Lang::En, &[]);
        assert!(b.problems.is_empty(), "{:?}", messages(&b));
        assert_eq!(b.bank.questions.len(), 5);
        let two = b.bank.question("sdlc-two").unwrap();
        assert_eq!(two.answer, vec![0, 4]);
        assert!(two.multiple());
        assert_eq!(b.bank.question("iac-one").unwrap().domain, 1);
        assert_eq!(b.bank.domains[1].tasks[0].id, "2.1");
    }

    #[test]
    fn structure_problems_are_located() {
        let sdlc = [
            // Line 1: a wrong prefix, an unknown task, a letter out of range, 3 options.
            question("iac-wrong", "9.9", "Situation.\n\nWhich?", "\"F\"", 3),
            // Two answers without "(Choose two.)", and only 4 options.
            question(
                "sdlc-multi",
                "1.1",
                "Some other situation entirely here.\n\nWhich?",
                "\"A\", \"B\"",
                4,
            ),
            // One answer but "(Choose two.)".
            question(
                "sdlc-choose",
                "1.1",
                "Yet another different situation text.\n\nWhich? (Choose two.)",
                "\"A\"",
                4,
            ),
        ]
        .concat();
        let b = build(&files(&sdlc, ""), Lang::En, &[]);
        let m = messages(&b);
        let has = |part: &str| m.iter().any(|p| p.contains(part));
        assert!(
            has("exam/questions/sdlc.toml:2:6: question id \"iac-wrong\" must be \"sdlc-\""),
            "{m:#?}"
        );
        assert!(has("exam/questions/sdlc.toml:3:8: task \"9.9\" is not a task statement of this domain (1.1)"));
        assert!(has(
            "answer \"F\" is not an option's letter (the options are A to C)"
        ));
        assert!(has("a question needs at least one correct answer"));
        assert!(has(
            "2 correct answers: the stem ends with \"(Choose two.)\""
        ));
        assert!(has("a multiple-response question has 5 or more options"));
        assert!(has("one correct answer, but the stem says \"(Choose …)\""));
        // The weights: 3 questions in sdlc and none in iac is within 3 of 60 % and 40 % of 3.
        assert!(!has("weighs"));
    }

    #[test]
    fn sources_labs_ids_and_near_duplicates_are_checked() {
        let stem = "A company runs a web application on Amazon EC2 instances behind an Application Load Balancer and deploys it with AWS CodeDeploy.\n\nWhich solution meets the requirement?";
        let mut sdlc = question("sdlc-a", "1.1", stem, "\"A\"", 4);
        sdlc.push_str(&question(
            "sdlc-a",
            "1.1",
            &stem.replace("web", "mobile"),
            "\"B\"",
            4,
        ));
        sdlc = sdlc.replacen(
            "sources = [\"https://docs.aws.amazon.com/a\"]",
            "lab = \"no-such-lab\"\nsources = [\"https://example.com/blog\"]",
            1,
        );
        let b = build(
            &files(&sdlc, ""),
            Lang::En,
            &[("pipeline-approval".into(), "t".into())],
        );
        let m = messages(&b);
        let has = |part: &str| m.iter().any(|p| p.contains(part));
        assert!(has("no lab \"no-such-lab\""), "{m:#?}");
        assert!(has("a source is an AWS documentation page"));
        assert!(has(
            "question id \"sdlc-a\" is also used in exam/questions/sdlc.toml"
        ));
        assert!(has("is a near-duplicate of \"sdlc-a\""));
    }

    #[test]
    fn the_roadmap_names_existing_labs_and_certifications() {
        let mut f = files("", "");
        f.insert(
            "roadmap.toml".into(),
            r#"checked = "30/11/2026"

[[skill]]
title = "Pipelines"
text = "Build them."
labs = ["pipeline-approval", "nope"]

[[cert]]
id = "dop"
code = "DOP-C02"
name = "AWS Certified DevOps Engineer – Professional"
level = "expert"
questions = 75
source = "https://example.com/"
covers = "CI/CD."
path = "After an associate."
after = ["dva"]
labs = ["pipeline-approval"]
"#
            .into(),
        );
        let labs = [
            ("pipeline-approval".to_string(), "t".to_string()),
            ("git-strategies".to_string(), "g".to_string()),
        ];
        let b = build(&f, Lang::En, &labs);
        let m = messages(&b);
        let has = |part: &str| m.iter().any(|p| p.contains(part));
        assert!(
            has("exam/roadmap.toml:1:11: checked is the day the facts were checked, YYYY-MM-DD"),
            "{m:#?}"
        );
        assert!(has("exam/roadmap.toml:6:30: no lab \"nope\" in labs/"));
        assert!(has(
            "level \"expert\" is foundational, associate, professional or specialty"
        ));
        assert!(has("no certification \"dva\" in this file"));
        assert!(has("a source is the AWS page the facts were checked on"));
        assert!(has("lab \"git-strategies\" is in no skill"));
        assert!(!has("lab \"pipeline-approval\" is in no skill"));
        let r = &b.bank.roadmap;
        assert_eq!(r.certs[0].questions, Some(75));
        assert_eq!(r.certs[0].minutes, None);
        assert_eq!(r.skills[0].labs.len(), 2);
    }

    #[test]
    fn weights_far_from_the_guide_are_reported() {
        let sdlc: String = (0..10)
            .map(|i| {
                question(
                    &format!("sdlc-q{i}"),
                    "1.1",
                    &format!(
                        "Case number {i} of many unrelated words {}.\n\nWhich?",
                        "x ".repeat(i)
                    ),
                    "\"A\"",
                    4,
                )
            })
            .collect();
        let b = build(&files(&sdlc, ""), Lang::En, &[]);
        let m = messages(&b);
        assert!(m.iter().any(|p| p.contains("exam/questions/sdlc.toml: 10 questions, but domain 1 weighs 60 % of the exam: about 6 of the bank's 10")), "{m:#?}");
        assert!(m
            .iter()
            .any(|p| p.contains("0 questions, but domain 2 weighs 40 %")));
    }

    #[test]
    fn a_translation_replaces_every_text_and_reports_what_is_missing_or_stale() {
        let sdlc = question(
            "sdlc-one",
            "1.1",
            "A team ships weekly.\n\nWhich step helps?",
            "\"C\"",
            4,
        );
        let mut f = files(&sdlc, "");
        let mut vi = String::from("[[text]]\nen = \"\"\"\nA team ships weekly.\n\nWhich step helps?\"\"\"\nvi = \"Một nhóm phát hành hằng tuần.\\n\\nBước nào giúp ích?\"\n");
        for o in 0..3 {
            vi.push_str(&format!(
                "[[text]]\nen = \"Option {o} of sdlc-one\"\nvi = \"Lựa chọn {o}\"\n"
            ));
            vi.push_str(&format!("[[text]]\nen = \"Because option {o} uses a named AWS feature.\"\nvi = \"Vì lựa chọn {o} dùng một tính năng AWS.\"\n"));
        }
        vi.push_str("[[text]]\nen = \"An old text\"\nvi = \"Một văn bản cũ\"\n");
        f.insert("questions/sdlc.vi.toml".into(), vi);
        let b = build(&f, Lang::Vi, &[]);
        let q = b.bank.question("sdlc-one").unwrap();
        assert_eq!(
            q.stem,
            "Một nhóm phát hành hằng tuần.\n\nBước nào giúp ích?"
        );
        assert_eq!(q.options[0].text, "Lựa chọn 0");
        // Option 3 is not translated: English, and a problem at its text.
        assert_eq!(q.options[3].text, "Option 3 of sdlc-one");
        let t: Vec<String> = b.translation.iter().map(ToString::to_string).collect();
        assert!(
            t.iter().any(|p| p.starts_with("exam/questions/sdlc.toml:")
                && p.contains("no Tiếng Việt translation of this text")),
            "{t:#?}"
        );
        assert!(t
            .iter()
            .any(|p| p.starts_with("exam/questions/sdlc.vi.toml:")
                && p.contains("not in the English file any more")));
        // The domains file has no translation at all: every title is reported.
        assert!(t.iter().any(|p| p.starts_with("exam/domains.toml:")));
        // English has no translation problems.
        assert!(build(&f, Lang::En, &[]).translation.is_empty());
    }
}
