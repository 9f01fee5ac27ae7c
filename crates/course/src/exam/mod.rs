//! Exam practice for the AWS Certified DevOps Engineer – Professional exam (DOP-C02): the
//! question bank, practice by domain, timed mock exams scored per domain, and a review of
//! missed questions on a spaced-repetition schedule.
//!
//! The bank is data (`exam/` at the repository's root: the exam guide's domains and task
//! statements, a file of questions per domain, and each file's Vietnamese beside it in the
//! labs' translation layout). `build.rs` reads and checks it ([`load`], feature `files`) and
//! writes one compiled [`Bank`] per language, `exam-<lang>-<hash>.bin`, beside the app. Only
//! the parsers worker reads that file (feature `exam`): the app sends [`ExamJob`] (the page's
//! route and the learner's log of answers) and draws the [`crate::panel::Panel`] it gets
//! back, so neither the questions nor the code that runs an exam is part of the first load.
//!
//! What the learner did is a text, the log ([`log`]): one fact per line (a mock exam
//! started, an option picked, a question flagged, an exam submitted, a practice answer),
//! saved in the browser's storage. Every view replays it: the same log, route and clock give
//! the same page, and nothing else about exams is stored.
use serde::{Deserialize, Serialize};

use crate::lang::Lang;

#[cfg(feature = "files")]
pub mod load;
#[cfg(feature = "exam")]
pub mod log;
#[cfg(feature = "exam")]
pub mod session;
#[cfg(feature = "exam")]
pub mod view;

/// The question bank in one language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Bank {
    pub lang: Lang,
    /// The exam's code (`DOP-C02`).
    pub exam: String,
    /// Its full name.
    pub title: String,
    /// The exam guide's address.
    pub guide: String,
    pub domains: Vec<Domain>,
    pub questions: Vec<Question>,
    /// Every lab of the catalogue with its title in this language, `(id, title)`: the labs
    /// questions and the roadmap link to.
    pub labs: Vec<(String, String)>,
    /// The career and certification roadmap (`exam/roadmap.toml`).
    pub roadmap: Roadmap,
}

/// The DevOps skills and the AWS certifications path, with the labs that practise each.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Roadmap {
    /// The day the certifications' facts were checked on AWS's pages (`YYYY-MM-DD`).
    pub checked: String,
    pub skills: Vec<Skill>,
    pub certs: Vec<Cert>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Skill {
    pub title: String,
    pub text: String,
    pub labs: Vec<String>,
}

/// A certification. A fact AWS does not state is `None` (the page says to see AWS).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cert {
    pub id: String,
    pub code: String,
    pub name: String,
    pub level: Level,
    pub questions: Option<u32>,
    pub minutes: Option<u32>,
    pub price_usd: Option<u32>,
    pub passing: Option<u32>,
    /// The AWS page its facts were checked on.
    pub source: String,
    pub covers: String,
    pub path: String,
    /// The certifications usually taken before it.
    pub after: Vec<String>,
    pub labs: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    #[default]
    Foundational,
    Associate,
    Professional,
    Specialty,
}

/// A content domain of the exam guide.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    /// `sdlc`, `iac`…: the prefix of its questions' ids and its page's address.
    pub id: String,
    /// 1 to 6, as the guide numbers them.
    pub number: u8,
    pub title: String,
    /// Percent of the scored content.
    pub weight: u8,
    pub tasks: Vec<Task>,
}

/// A task statement of a domain (`1.1 Implement CI/CD pipelines`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    pub title: String,
}

/// A question: a situation and what it asks, four options with one correct answer
/// (multiple choice) or five or more with several (multiple response).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    /// The index of its domain in [`Bank::domains`].
    pub domain: u8,
    /// Its task statement's id (`1.1`).
    pub task: String,
    /// The lab or sandbox that practises it: a lab id, or a route such as `sandbox/deploy`.
    pub lab: Option<String>,
    /// The AWS documentation its facts were checked against.
    pub sources: Vec<String>,
    /// Paragraphs separated by a blank line; the question itself last.
    pub stem: String,
    pub options: Vec<Choice>,
    /// The indexes of the correct options, ascending.
    pub answer: Vec<u8>,
    /// The day a maintainer checked it against its sources (`YYYY-MM-DD`), if one has.
    pub reviewed: Option<String>,
}

/// An option and why it is right or wrong.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub text: String,
    pub why: String,
}

impl Question {
    /// Whether more than one option is correct.
    pub fn multiple(&self) -> bool {
        self.answer.len() > 1
    }
}

impl Bank {
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// A bank from its compiled bytes; `None` when they cannot be read.
    pub fn decode(bytes: &[u8]) -> Option<Bank> {
        postcard::from_bytes(bytes).ok()
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn domain(&self, id: &str) -> Option<(usize, &Domain)> {
        self.domains.iter().enumerate().find(|(_, d)| d.id == id)
    }

    /// A linked lab's title in this language.
    pub fn lab_title(&self, id: &str) -> Option<&str> {
        self.labs
            .iter()
            .find(|(l, _)| l == id)
            .map(|(_, t)| t.as_str())
    }
}

/// The compiled bank's file name: `exam-<lang>-<hash of its bytes>.bin`.
pub fn compiled_name(lang: Lang, bytes: &[u8]) -> String {
    crate::catalogue::compiled_name(lang, bytes).replacen("labs-", "exam-", 1)
}

/// What the exam page asks the worker ([`crate::jobs::Job::Exam`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExamJob {
    /// The compiled bank of `lang` beside the app (`exam-<lang>-<hash>.bin`).
    pub bank: String,
    /// The language the page is worded in.
    pub lang: Lang,
    /// The page's route after `#/exam` (`/mock?q=3`, `/practice/sdlc`, empty for the start).
    pub view: String,
    /// The learner's exam log ([`log`]).
    pub log: String,
    /// The labs the learner has finished with full marks, and those begun (for the roadmap).
    pub labs_done: Vec<String>,
    pub labs_begun: Vec<String>,
    /// The time now, in milliseconds since the Unix epoch (the mock exam's clock).
    pub now: u64,
}
