//! Attempt folders: a lab's reference solution and its known-wrong attempts.
//!
//! An attempt is a folder holding `attempt.toml`:
//! ```toml
//! description = "Uses the mean lead time instead of the median"
//! fails = ["lead-time"]      # the checks this attempt must fail (empty for the solution)
//! [answers]
//! lead_time_hours = 30.5
//! ```
//! A template input's answer is a file beside it, named after the input with the
//! extension its format takes: `answers/<input id>.yaml`, `.json`, `.yml`, `.sh`…
use serde::Deserialize;

use super::answer::{Answer, Answers};
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
        let mut attempt: Attempt =
            toml::from_str(text).map_err(|e| Problem::toml(ATTEMPT_FILE, text, &e))?;
        for (path, text) in files.iter() {
            let Some(name) = path.strip_prefix("answers/") else {
                continue;
            };
            let input = name
                .rsplit_once('.')
                .map(|(stem, _)| stem)
                .filter(|stem| !stem.is_empty() && !stem.contains('/'))
                .ok_or_else(|| {
                    Problem::file(
                        path,
                        "an answer file is named after its input, with an extension: answers/<input id>.yaml",
                    )
                })?;
            if attempt.answers.contains_key(input) {
                return Err(Problem::file(
                    path,
                    format!("input \"{input}\" is also answered in attempt.toml"),
                ));
            }
            attempt
                .answers
                .insert(input.to_string(), Answer::Text(text.clone()));
        }
        Ok(attempt)
    }
}
