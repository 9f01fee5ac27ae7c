//! Attempt folders: a lab's reference solution and its known-wrong attempts.
//!
//! An attempt is a folder holding `attempt.toml`:
//! ```toml
//! description = "Uses the mean lead time instead of the median"
//! fails = ["lead-time"]      # the checks this attempt must fail (empty for the solution)
//! [answers]
//! lead_time_hours = 30.5
//! ```
use serde::Deserialize;

use super::answer::Answers;
use super::files::{FileSet, Problem};

/// One attempt, read from its folder.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    #[serde(default)]
    pub description: String,
    /// The checks this attempt must fail; empty for a reference solution.
    #[serde(default)]
    pub fails: Vec<String>,
    #[serde(default)]
    pub answers: Answers,
}

/// The name of an attempt's file inside its folder.
pub const ATTEMPT_FILE: &str = "attempt.toml";

impl Attempt {
    /// Reads an attempt from its folder's files.
    pub fn load(files: &FileSet) -> Result<Attempt, Problem> {
        let text = files
            .get(ATTEMPT_FILE)
            .ok_or_else(|| Problem::file(ATTEMPT_FILE, "the attempt folder has no attempt.toml"))?;
        toml::from_str(text).map_err(|e| Problem::toml(ATTEMPT_FILE, text, &e))
    }
}
