//! The lab model: labs as data, the families that give them workspaces and check kinds,
//! grading, attempts, progress, and the authors' CLI.
//!
//! Architecture invariant: this crate depends on the engines but on no UI or browser
//! crate; it does no I/O except in `cli` (feature `files`), which the browser build leaves out.
pub mod agenda;
/// A text in every language: `t!("English", "Tiếng Việt")` is the `T` in scope holding the
/// English; the build collects the Vietnamese (see `lang::T`). Both literals are checked by
/// `tests/i18n.rs` (non-empty, the same `{placeholders}`, translated).
#[macro_export]
macro_rules! t {
    ($en:literal, $vi:literal $(,)?) => {
        T($en)
    };
}

pub mod answer;
#[cfg(feature = "files")]
pub mod attempt;
pub mod catalogue;
#[cfg(feature = "cfn")]
pub mod cfn;
pub mod cfn_script;
#[cfg(feature = "cfn")]
pub mod cfn_view;
pub mod check;
#[cfg(feature = "cicd")]
pub mod cicd;
#[cfg(feature = "files")]
pub mod cli;
#[cfg(feature = "containers")]
pub mod containers;
pub mod deploy_aws;
pub mod doc;
pub mod exam;
pub mod family;
pub mod files;
pub mod finding;
pub mod grade;
pub mod jobs;
pub mod lab;
pub mod lang;
#[cfg(feature = "files")]
pub mod load;
#[cfg(feature = "observability")]
pub mod observability;
pub mod panel;
pub mod progress;
pub mod sealed;
#[cfg(feature = "files")]
pub mod translate;
#[cfg(feature = "files")]
pub mod validate;

pub use answer::{Answer, Answers};
pub use catalogue::Catalogue;
pub use check::{Check, CheckResult, Verdict};
pub use family::deploy::scenario;
pub use family::flags::experiment as flags;
pub use grade::{grade, GradeReport};
pub use lab::{Family, Input, InputKind, Lab};
pub use lang::{Lang, Wording, T};
pub use progress::{LabProgress, Progress, Score};
