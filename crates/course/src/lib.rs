//! The lab model: labs as data, the check vocabulary, grading, attempts, progress, and the authors' CLI.
//!
//! Architecture invariant: `course` imports `engine` but no yew, web-sys or gloo;
//! it does no I/O except in `cli`, which the browser build never calls.
pub mod answer;
pub mod attempt;
pub mod catalogue;
pub mod check;
pub mod cli;
pub mod files;
pub mod flags;
pub mod grade;
pub mod lab;
pub mod progress;
pub mod scenario;
pub mod validate;

pub use answer::{Answer, Answers};
pub use catalogue::{catalogue, Catalogue};
pub use check::{Check, CheckResult, Verdict};
pub use grade::{grade, GradeReport};
pub use lab::{Family, Input, InputKind, Lab};
pub use progress::{LabProgress, Progress, Score};
