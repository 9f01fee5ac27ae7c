//! CodePipeline: a pipeline definition the learner writes (the JSON of `get-pipeline`) and
//! drives (`engine::pipeline`).
//!
//! The workspace holds a CodeCommit-like repository's commits as data (`[[pipeline]]` with
//! `[[pipeline.commit]]`: each commit's files, its `buildspec.yml` among them) and the
//! deployment targets that exist. The learner's answers are the definition (a template
//! input) and a script of what they did (a second input the panel's buttons write: `push
//! c2`, `approve Approval`, `reject Approval`, `wait 1h`, `retry Build`). The worker replays
//! the definition and a script with a runner of this family: a Source action outputs the
//! commit; a CodeBuild action runs the buildspec of its input artifact with
//! `engine::codebuild`; a Deploy action succeeds after a fixed time ([`DEPLOY_SECONDS`]) when
//! its target exists; a manual approval waits for the learner.
//!
//! Checks grade outcomes: the definition validates (`pipeline_valid`); a replay against the
//! lab's own fixed script (`script`, so the grade does not depend on clicks) or the learner's
//! own (`events`) leaves executions that succeeded or failed where expected, commits that
//! did or did not reach a target, an approval still waiting (`pipeline_run`). The panel
//! draws the stage diagram and the execution history.
//!
//! Items and checks travel sealed; the worker grades them (see `crate::sealed`).
#[cfg(feature = "cicd")]
mod builder;
#[cfg(feature = "cicd")]
mod run;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Pipelines>;
/// A check of this family, sealed.
pub type Check = Sealed<PipelineCheck>;

/// Seconds a Source action takes in this lab.
pub const SOURCE_SECONDS: i64 = 5;
/// Seconds a Deploy action (CodeDeploy, ECS…) takes in this lab.
pub const DEPLOY_SECONDS: i64 = 120;
/// Seconds any other action (Invoke, a Test action that is not CodeBuild…) takes.
pub const OTHER_SECONDS: i64 = 10;

/// The pipelines a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pipelines {
    pub pipelines: Vec<PipelineDef>,
}

impl Pipelines {
    pub fn get(&self, id: &str) -> Option<&PipelineDef> {
        self.pipelines.iter().find(|p| p.id == id)
    }
}

/// A pipeline's world as the lab sets it up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PipelineDef {
    pub id: String,
    /// The template input holding the pipeline definition.
    pub definition: String,
    /// The input the panel's buttons write the learner's script into.
    pub script: String,
    /// The repository's name and the branch pushes go to.
    pub repository: String,
    pub branch: String,
    /// Deployment groups (CodeDeploy) or services (ECS) that exist.
    pub targets: Vec<String>,
    pub commits: Vec<Commit>,
    /// The lab's fixed scripts, by name.
    pub scripts: BTreeMap<String, String>,
    /// CodeBuild projects by name (a CodeBuild action's `ProjectName`). Empty: every
    /// CodeBuild action runs the commit's `buildspec.yml`.
    pub projects: BTreeMap<String, Project>,
    /// A definition the lab gives (a walkthrough: the learner drives a working pipeline):
    /// checks read it while the learner has not edited the definition input.
    #[serde(default)]
    pub given: Option<String>,
}

/// A CodeBuild project of the lab: the buildspec file of the source it runs (the project's
/// buildspec setting) and its privileged mode (Docker).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub buildspec: String,
    pub privileged_mode: bool,
}

impl PipelineDef {
    pub fn commit(&self, id: &str) -> Option<&Commit> {
        self.commits.iter().find(|c| c.id == id)
    }
}

/// A commit of the repository.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Commit {
    pub id: String,
    pub message: String,
    pub author: String,
    /// Every file of the commit's tree (path, text).
    pub files: Vec<(String, String)>,
}

/// A check of this family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PipelineCheck {
    Valid(ValidCheck),
    Run(RunCheck),
}

impl PipelineCheck {
    pub fn input(&self) -> &str {
        match self {
            PipelineCheck::Valid(c) => &c.input,
            PipelineCheck::Run(c) => &c.input,
        }
    }

    fn pipeline(&self) -> &str {
        match self {
            PipelineCheck::Valid(c) => &c.pipeline,
            PipelineCheck::Run(c) => &c.pipeline,
        }
    }
}

/// `pipeline_valid`: the definition has no error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
    pub pipeline: String,
}

/// `pipeline_run`: what a replay leaves.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunCheck {
    pub input: String,
    pub pipeline: String,
    /// One of the pipeline's fixed scripts, by name…
    #[serde(default)]
    pub script: Option<String>,
    /// …or the learner's own script: the input the buttons write.
    #[serde(default)]
    pub events: Option<String>,
    /// Commits whose execution must have Succeeded.
    #[serde(default)]
    pub succeeded: Vec<String>,
    /// Commit → the category of the action its execution must have failed at.
    #[serde(default)]
    pub failed: BTreeMap<String, String>,
    /// Target → the commit a deploy action must have put there.
    #[serde(default)]
    pub deployed: BTreeMap<String, String>,
    /// Targets no deploy action may have reached.
    #[serde(default)]
    pub not_deployed: Vec<String>,
    /// Commits a CodeBuild action must have built (Succeeded) before any deploy of them.
    #[serde(default)]
    pub built: Vec<String>,
    /// Whether a manual approval must be waiting for an answer at the end.
    #[serde(default)]
    pub awaiting_approval: Option<bool>,
    /// CodeBuild projects whose builds of a commit must start at the same time (actions of
    /// one stage with the same runOrder), in every execution that runs one of them.
    #[serde(default)]
    pub parallel: Vec<String>,
}

pub const KINDS: &[&str] = &["pipeline_valid", "pipeline_run"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PipelineSpec {
    id: String,
    definition: String,
    script: String,
    #[serde(default = "repository")]
    repository: String,
    #[serde(default = "main_branch")]
    branch: String,
    #[serde(default)]
    targets: Vec<String>,
    #[serde(default)]
    commit: Vec<CommitSpec>,
    /// Name → a text file of the lab folder, one event a line.
    #[serde(default)]
    scripts: BTreeMap<String, String>,
    /// CodeBuild project name → its buildspec file in the commit, or a table `{ buildspec,
    /// privileged-mode }`.
    #[serde(default)]
    projects: BTreeMap<String, ProjectSpec>,
    /// A file of the lab folder: the definition the lab gives, graded until the learner
    /// edits the definition input (make it the input's starter too).
    #[serde(default)]
    given: Option<String>,
}

#[cfg(feature = "files")]
#[derive(Debug)]
enum ProjectSpec {
    File(String),
    Full(ProjectTable),
}

#[cfg(feature = "files")]
impl<'de> Deserialize<'de> for ProjectSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ProjectSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a buildspec file name or a table { buildspec, privileged-mode }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ProjectSpec, E> {
                Ok(ProjectSpec::File(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ProjectSpec, A::Error> {
                ProjectTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ProjectSpec::Full)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ProjectTable {
    buildspec: String,
    #[serde(default)]
    privileged_mode: bool,
}

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitSpec {
    id: String,
    message: String,
    author: String,
    /// A folder of the lab: every file under it is the commit's tree.
    files: String,
}

#[cfg(feature = "files")]
fn main_branch() -> String {
    "main".into()
}

#[cfg(feature = "files")]
fn repository() -> String {
    "my-app".into()
}

/// A duration of a script: `90s`, `30m`, `1h`, `7d` → seconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let n: i64 = text[..text.len() - unit.len_utf8()].parse().ok()?;
    let scale = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => return None,
    };
    (0..=10_000_000).contains(&n).then_some(n * scale)
}

/// Simulated seconds since the lab's start → `0:03:12`, or `7d 0:03:12` past a day.
pub fn show_time(t: i64) -> String {
    let t = t.max(0);
    let (d, rest) = (t / 86_400, t % 86_400);
    let clock = format!("{}:{:02}:{:02}", rest / 3_600, rest % 3_600 / 60, rest % 60);
    if d > 0 {
        format!("{d}d {clock}")
    } else {
        clock
    }
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["pipeline"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _section: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        let mut all = items.open().unwrap_or_default();
        let Some(specs) = problems.read::<Vec<PipelineSpec>>(value) else {
            return;
        };
        for spec in specs {
            if all.get(&spec.id).is_some() {
                problems.complain(format!("pipeline id \"{}\" is used twice", spec.id));
            }
            let mut commits = Vec::new();
            for c in spec.commit {
                let dir = format!("{}/", c.files.trim_end_matches('/'));
                let tree: Vec<(String, String)> = files
                    .range(dir.clone()..)
                    .take_while(|(p, _)| p.starts_with(&dir))
                    .map(|(p, t)| (p[dir.len()..].to_string(), t.clone()))
                    .collect();
                if tree.is_empty() {
                    problems.complain(format!(
                        "pipeline \"{}\": commit \"{}\" names files \"{}\", a folder with no file in the lab",
                        spec.id, c.id, c.files
                    ));
                }
                if commits.iter().any(|x: &Commit| x.id == c.id) {
                    problems.complain(format!(
                        "pipeline \"{}\": commit id \"{}\" is used twice",
                        spec.id, c.id
                    ));
                }
                commits.push(Commit {
                    id: c.id,
                    message: c.message,
                    author: c.author,
                    files: tree,
                });
            }
            let mut scripts = BTreeMap::new();
            for (name, file) in spec.scripts {
                match files.get(&file) {
                    Some(text) => {
                        scripts.insert(name, text.clone());
                    }
                    None => problems.complain(format!(
                        "pipeline \"{}\": script \"{name}\" names \"{file}\", which is not in the lab folder",
                        spec.id
                    )),
                }
            }
            let projects: BTreeMap<String, Project> = spec
                .projects
                .into_iter()
                .map(|(name, p)| {
                    let p = match p {
                        ProjectSpec::File(buildspec) => Project {
                            buildspec,
                            privileged_mode: false,
                        },
                        ProjectSpec::Full(t) => Project {
                            buildspec: t.buildspec,
                            privileged_mode: t.privileged_mode,
                        },
                    };
                    (name, p)
                })
                .collect();
            for (name, p) in &projects {
                let found = commits
                    .iter()
                    .any(|c: &Commit| c.files.iter().any(|(f, _)| *f == p.buildspec));
                if !found {
                    problems.complain(format!(
                        "pipeline \"{}\": project \"{name}\" runs \"{}\", which no commit holds",
                        spec.id, p.buildspec
                    ));
                }
            }
            let given = spec.given.and_then(|file| match files.get(&file) {
                Some(text) => Some(text.clone()),
                None => {
                    problems.complain(format!(
                        "pipeline \"{}\": given names \"{file}\", which is not in the lab folder",
                        spec.id
                    ));
                    None
                }
            });
            all.pipelines.push(PipelineDef {
                id: spec.id,
                definition: spec.definition,
                script: spec.script,
                repository: spec.repository,
                branch: spec.branch,
                targets: spec.targets,
                commits,
                scripts,
                projects,
                given,
            });
        }
        *items = Sealed::seal(&all);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        let check = if kind == "pipeline_valid" {
            PipelineCheck::Valid(ValidCheck::deserialize(body)?)
        } else {
            PipelineCheck::Run(RunCheck::deserialize(body)?)
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.pipeline.open().unwrap_or_default();
        let Some(def) = all.get(check.pipeline()) else {
            return vec![format!("there is no pipeline \"{}\"", check.pipeline())];
        };
        let mut problems = Vec::new();
        if def.definition != check.input() {
            problems.push(format!(
                "pipeline \"{}\" reads its definition from input \"{}\", not \"{}\"",
                def.id,
                def.definition,
                check.input()
            ));
        }
        if let PipelineCheck::Run(c) = &check {
            match (&c.script, &c.events) {
                (Some(s), None) if !def.scripts.contains_key(s) => {
                    problems.push(format!("pipeline \"{}\" has no script \"{s}\"", def.id))
                }
                (None, Some(e)) if *e != def.script => problems.push(format!(
                    "pipeline \"{}\" takes the learner's events from input \"{}\", not \"{e}\"",
                    def.id, def.script
                )),
                (Some(_), Some(_)) | (None, None) => problems
                    .push("a pipeline_run check takes either script or events, not both".into()),
                _ => {}
            }
            let commits = c
                .succeeded
                .iter()
                .chain(c.failed.keys())
                .chain(c.deployed.values())
                .chain(&c.built);
            for id in commits {
                if def.commit(id).is_none() {
                    problems.push(format!("pipeline \"{}\" has no commit \"{id}\"", def.id));
                }
            }
            for p in &c.parallel {
                if !def.projects.contains_key(p) {
                    problems.push(format!("pipeline \"{}\" has no project \"{p}\"", def.id));
                }
            }
            if c.parallel.len() == 1 {
                problems.push("parallel names at least two projects".into());
            }
            for t in c.deployed.keys().chain(&c.not_deployed) {
                if !def.targets.contains(t) {
                    problems.push(format!("pipeline \"{}\" has no target \"{t}\"", def.id));
                }
            }
            for cat in c.failed.values() {
                if ![
                    "Source", "Build", "Test", "Deploy", "Approval", "Invoke", "Compute",
                ]
                .contains(&cat.as_str())
                {
                    problems.push(format!("\"{cat}\" is not an action category"));
                }
            }
        }
        problems
    }

    super::worker_family!("cicd", pipeline, "pipelines");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_times_read_and_show() {
        assert_eq!(parse_duration("90s"), Some(90));
        assert_eq!(parse_duration("30m"), Some(1_800));
        assert_eq!(parse_duration("1h"), Some(3_600));
        assert_eq!(parse_duration("7d"), Some(604_800));
        for bad in ["", "h", "1x", "-1h", "1.5h"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert_eq!(show_time(192), "0:03:12");
        assert_eq!(show_time(7 * 86_400 + 192), "7d 0:03:12");
    }
}
