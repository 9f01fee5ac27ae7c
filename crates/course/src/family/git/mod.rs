//! Git strategies (CodeCommit): a simulated repository the learner works in by typing Git
//! commands (`engine::git`).
//!
//! The workspace holds repositories as the lab sets them up (`[[repo]]`: the history before
//! the learner acts, and a stream of work the team finishes over the week, each piece ready
//! at its time); the learner's answer is a script of commands (`git switch -c`, `git merge
//! --no-ff`, `git flow release finish`, `work login` for "commit the login work here"…)
//! that the worker replays on a fresh copy of the repository. Checks grade the history it
//! leaves (what each branch holds, tags, branches that must never have existed, how long
//! branches lived); the panel draws the branch graph and each piece of work's lead time to
//! the main branch.
//!
//! The engine stays out of the app's first load: the items and checks travel sealed and the
//! worker grades them (see `crate::sealed`).
#[cfg(feature = "cicd")]
mod run;
#[cfg(feature = "cicd")]
pub mod script;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Repos>;
/// A check of this family, sealed.
pub type Check = Sealed<GitCheck>;

/// The repositories a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Repos {
    pub repos: Vec<RepoDef>,
}

impl Repos {
    pub fn get(&self, id: &str) -> Option<&RepoDef> {
        self.repos.iter().find(|r| r.id == id)
    }
}

/// A repository as the lab sets it up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RepoDef {
    pub id: String,
    /// The text input that holds the learner's commands for it.
    pub input: String,
    /// The default branch.
    pub main: String,
    /// Who the learner is in the history (the author of merges and tags).
    pub you: String,
    /// The history before the learner acts, committed in order on the default branch.
    pub history: Vec<Work>,
    /// The team's work over the week: `work <id>` commits a piece on the current branch.
    pub work: Vec<Work>,
}

impl RepoDef {
    pub fn work(&self, id: &str) -> Option<&Work> {
        self.work.iter().find(|w| w.id == id)
    }
}

/// A piece of work: a commit's author, message, changed files and the time it is ready.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Work {
    pub id: String,
    pub message: String,
    pub author: String,
    /// Seconds from Monday 00:00 of the lab's week.
    pub at: i64,
    /// The files it writes, with their whole new text.
    pub files: Vec<(String, String)>,
    /// The feature flag it is behind, if any (trunk-based work that is not finished).
    pub flag: Option<String>,
}

/// A check of a repository's history after the learner's commands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum GitCheck {
    History(HistoryCheck),
}

impl GitCheck {
    pub fn input(&self) -> &str {
        match self {
            GitCheck::History(c) => &c.input,
        }
    }
}

/// What the history must hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryCheck {
    pub input: String,
    pub repo: String,
    /// Branch → the pieces of work its tip holds (every file as the work wrote it).
    #[serde(default)]
    pub holds: BTreeMap<String, Vec<String>>,
    /// Tag → the branch it must be on (its commit in the branch's history).
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Branches (or prefixes ending in `/`) that must never have been made.
    #[serde(default)]
    pub never: Vec<String>,
    /// Branches (or prefixes ending in `/`) that must have been made and merged.
    #[serde(default)]
    pub merged: Vec<String>,
    /// The longest a piece of work may wait between being ready and reaching the default
    /// branch, in hours (every piece must reach it).
    #[serde(default)]
    pub max_wait_hours: Option<f64>,
    /// Branch → how its changes must arrive: `merge-commits` (every change through a merge
    /// commit, as GitFlow's `--no-ff` makes them).
    #[serde(default)]
    pub arrive: BTreeMap<String, Arrive>,
}

/// How changes arrive on a branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arrive {
    /// Through merge commits only: no commit made on the branch itself after the set-up.
    MergeCommits,
}

pub const KINDS: &[&str] = &["git_history"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RepoSpec {
    id: String,
    input: String,
    /// Another repository whose set-up (branch, history, work) this one copies: the same
    /// week of work under another strategy.
    #[serde(default)]
    same_as: Option<String>,
    #[serde(default = "main_branch")]
    main: String,
    #[serde(default = "you")]
    you: String,
    #[serde(default)]
    history: Vec<WorkSpec>,
    #[serde(default)]
    work: Vec<WorkSpec>,
}

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkSpec {
    #[serde(default)]
    id: String,
    message: String,
    author: String,
    /// `Mon 10:00`.
    at: String,
    files: BTreeMap<String, String>,
    #[serde(default)]
    flag: Option<String>,
}

#[cfg(feature = "files")]
fn main_branch() -> String {
    "main".into()
}

#[cfg(feature = "files")]
fn you() -> String {
    "you".into()
}

/// The days of the lab's week, as a time is written (`Mon 10:00`).
pub const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// `Mon 10:00` → seconds from Monday 00:00; `None` when it is not such a time.
pub fn parse_time(text: &str) -> Option<i64> {
    let (day, clock) = text.trim().split_once(' ')?;
    let day = DAYS.iter().position(|d| d.eq_ignore_ascii_case(day))? as i64;
    let (h, m) = clock.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m) && m.to_string().len() <= 2)
        .then_some(day * 86_400 + h * 3_600 + m * 60)
}

/// Seconds from Monday 00:00 → `Tue 14:05` (past the week: `Mon+7 09:00`).
pub fn show_time(at: i64) -> String {
    let at = at.max(0);
    let (day, rest) = (at / 86_400, at % 86_400);
    let name = match DAYS.get(day as usize) {
        Some(d) => (*d).to_string(),
        None => format!("{}+{}", DAYS[(day % 7) as usize], day - day % 7),
    };
    format!("{name} {:02}:{:02}", rest / 3_600, rest % 3_600 / 60)
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["repo"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _section: &str,
        value: crate::load::Section<'_>,
        _files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        let mut repos = items.open().unwrap_or_default();
        let Some(specs) = problems.read::<Vec<RepoSpec>>(value) else {
            return;
        };
        for spec in specs {
            if repos.get(&spec.id).is_some() {
                problems.complain(format!("repo id \"{}\" is used twice", spec.id));
            }
            let mut read = |list: Vec<WorkSpec>, what: &str| {
                let mut out = Vec::new();
                for (i, w) in list.into_iter().enumerate() {
                    let Some(at) = parse_time(&w.at) else {
                        problems.complain(format!(
                            "repo \"{}\": {what} {}: \"{}\" is not a time such as \"Mon 10:00\"",
                            spec.id,
                            i + 1,
                            w.at
                        ));
                        continue;
                    };
                    out.push(Work {
                        id: w.id,
                        message: w.message,
                        author: w.author,
                        at,
                        files: w.files.into_iter().collect(),
                        flag: w.flag,
                    });
                }
                out
            };
            let history = read(spec.history, "history commit");
            let work = read(spec.work, "work");
            let def = match &spec.same_as {
                Some(other) => match repos.get(other) {
                    Some(o) => RepoDef {
                        id: spec.id,
                        input: spec.input,
                        ..o.clone()
                    },
                    None => {
                        problems.complain(format!(
                            "repo \"{}\": same_as names \"{other}\", which is not an earlier repo",
                            spec.id
                        ));
                        continue;
                    }
                },
                None => RepoDef {
                    id: spec.id,
                    input: spec.input,
                    main: spec.main,
                    you: spec.you,
                    history,
                    work,
                },
            };
            repos.repos.push(def);
        }
        *items = Sealed::seal(&repos);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        _kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        Ok(Sealed::seal(&GitCheck::History(HistoryCheck::deserialize(
            body,
        )?)))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        match (check.open(), lab.workspace.git.open()) {
            (Some(GitCheck::History(c)), repos) => {
                let repos = repos.unwrap_or_default();
                let mut problems = Vec::new();
                match repos.get(&c.repo) {
                    None => problems.push(format!("there is no repo \"{}\"", c.repo)),
                    Some(r) => {
                        if r.input != c.input {
                            problems.push(format!(
                                "repo \"{}\" reads input \"{}\", not \"{}\"",
                                c.repo, r.input, c.input
                            ));
                        }
                        for w in c.holds.values().flatten() {
                            if r.work(w).is_none() {
                                problems.push(format!("repo \"{}\" has no work \"{w}\"", c.repo));
                            }
                        }
                    }
                }
                problems
            }
            (None, _) => vec!["the check could not be read back".into()],
        }
    }

    super::worker_family!("cicd", git, "repositories");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_and_show_as_a_day_and_a_clock() {
        assert_eq!(parse_time("Mon 00:00"), Some(0));
        assert_eq!(parse_time("tue 10:30"), Some(86_400 + 37_800));
        assert_eq!(parse_time("Sun 23:59"), Some(6 * 86_400 + 86_340));
        for bad in ["Mon", "Mon 24:00", "Mon 10:60", "Xyz 10:00", "Mon 10", ""] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(show_time(86_400 + 37_800), "Tue 10:30");
        assert_eq!(show_time(7 * 86_400 + 3_600), "Mon+7 01:00");
        assert_eq!(show_time(-5), "Mon 00:00");
    }
}
