//! CodeBuild: a build project the learner writes the buildspec of (`engine::codebuild`).
//!
//! The workspace holds build projects as the lab sets them up (`[[build]]`: the project's
//! name and environment, and its source at two or more commits, each commit a folder of the
//! lab holding the files it changes); the learner's answer is the text of `buildspec.yml` (a
//! template input). The worker validates it and runs it on every commit: checks grade the
//! outcome of each build (its status, the first phase that did not succeed, the test report's
//! cases, the primary artifact's files), never the buildspec's text; the panel shows each build
//! as the CodeBuild console does (status, phase details, build log, test report, artifacts) and
//! the buildspec's findings at their line and column.
//!
//! The engine stays out of the app's first load: the items and checks travel sealed and the
//! worker grades them (see `crate::sealed`).
#[cfg(feature = "cicd")]
mod run;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Projects>;
/// A check of this family, sealed.
pub type Check = Sealed<BuildCheck>;

/// The build projects a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Projects {
    pub projects: Vec<Project>,
}

impl Projects {
    pub fn get(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }
}

/// A build project: its name, environment, the input holding its buildspec, its commits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// The project's name.
    pub id: String,
    /// The template input holding `buildspec.yml`.
    pub input: String,
    /// The environment image.
    pub image: String,
    pub compute_type: String,
    /// Privileged mode: Docker runs only with it.
    #[serde(default)]
    pub privileged_mode: bool,
    /// The account's ECR repositories (`None`: any repository exists).
    #[serde(default)]
    pub ecr_repositories: Option<Vec<String>>,
    /// The commits the project builds, oldest first.
    pub commits: Vec<Commit>,
}

impl Project {
    pub fn commit(&self, id: &str) -> Option<&Commit> {
        self.commits.iter().find(|c| c.id == id)
    }
}

/// A commit of the source: its whole tree (path → text).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Commit {
    /// The name checks use (`good`, `bad`).
    pub id: String,
    /// The commit id (40 hex digits).
    pub sha: String,
    pub message: String,
    pub author: String,
    pub branch: String,
    pub files: Vec<(String, String)>,
}

/// A check of the learner's buildspec.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum BuildCheck {
    /// `build_spec`: the buildspec validates.
    Spec(SpecCheck),
    /// `build_run`: the build of a commit ends as required.
    Run(RunCheck),
}

impl BuildCheck {
    pub fn input(&self) -> &str {
        match self {
            BuildCheck::Spec(c) => &c.input,
            BuildCheck::Run(c) => &c.input,
        }
    }

    fn project(&self) -> &str {
        match self {
            BuildCheck::Spec(c) => &c.project,
            BuildCheck::Run(c) => &c.project,
        }
    }
}

/// The buildspec has no error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecCheck {
    pub input: String,
    pub project: String,
}

/// What the build of one commit must show.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunCheck {
    pub input: String,
    pub project: String,
    pub commit: String,
    /// The build's status: `SUCCEEDED` or `FAILED`.
    #[serde(default)]
    pub status: Option<String>,
    /// The first phase that did not succeed (`BUILD`).
    #[serde(default)]
    pub phase: Option<String>,
    /// A test report of this file format must be made (`JUNITXML`).
    #[serde(default)]
    pub report: Option<String>,
    /// Test cases (by name) the report must show FAILED.
    #[serde(default)]
    pub failed: Vec<String>,
    /// The primary artifact's files, exactly (paths inside the artifact).
    #[serde(default)]
    pub artifacts: Vec<String>,
    /// Images (`registry/repository:tag`) the build must have pushed.
    #[serde(default)]
    pub pushed: Vec<String>,
    /// The primary artifact's `imagedefinitions.json` must name this container with an image
    /// the build pushed (the first of `pushed` when given).
    #[serde(default)]
    pub image_definitions: Option<String>,
}

pub const KINDS: &[&str] = &["build_spec", "build_run"];

/// The build statuses a `build_run` check may require.
pub const STATUSES: &[&str] = &["SUCCEEDED", "FAILED"];
/// The phases a build can fail in (`phase` of a `build_run` check).
pub const PHASES: &[&str] = &[
    "PROVISIONING",
    "DOWNLOAD_SOURCE",
    "INSTALL",
    "PRE_BUILD",
    "BUILD",
    "POST_BUILD",
    "UPLOAD_ARTIFACTS",
];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectSpec {
    id: String,
    input: String,
    #[serde(default = "image")]
    image: String,
    #[serde(default = "compute_type")]
    compute_type: String,
    #[serde(default)]
    privileged_mode: bool,
    #[serde(default)]
    ecr_repositories: Option<Vec<String>>,
    #[serde(default)]
    commit: Vec<CommitSpec>,
}

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitSpec {
    id: String,
    sha: String,
    message: String,
    author: String,
    #[serde(default = "branch")]
    branch: String,
    /// A folder of the lab: the files this commit adds or changes.
    files: String,
}

#[cfg(feature = "files")]
fn image() -> String {
    "aws/codebuild/amazonlinux-x86_64-standard:5.0".into()
}

#[cfg(feature = "files")]
fn compute_type() -> String {
    "BUILD_GENERAL1_SMALL".into()
}

#[cfg(feature = "files")]
fn branch() -> String {
    "main".into()
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["build"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _section: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        let mut projects = items.open().unwrap_or_default();
        let Some(specs) = problems.read::<Vec<ProjectSpec>>(value) else {
            return;
        };
        for spec in specs {
            if projects.get(&spec.id).is_some() {
                problems.complain(format!("build id \"{}\" is used twice", spec.id));
            }
            if spec.commit.is_empty() {
                problems.complain(format!(
                    "build \"{}\" has no commit ([[build.commit]])",
                    spec.id
                ));
            }
            // Each commit's tree: the previous commit's with this commit's files written over.
            let mut tree: std::collections::BTreeMap<String, String> = Default::default();
            let mut commits: Vec<Commit> = Vec::new();
            for c in spec.commit {
                if commits.iter().any(|o| o.id == c.id) {
                    problems.complain(format!(
                        "build \"{}\": commit id \"{}\" is used twice",
                        spec.id, c.id
                    ));
                }
                if c.sha.len() != 40 || !c.sha.bytes().all(|b| b.is_ascii_hexdigit()) {
                    problems.complain(format!(
                        "build \"{}\": commit \"{}\": sha must be 40 hex digits",
                        spec.id, c.id
                    ));
                }
                let folder = format!("{}/", c.files.trim_end_matches('/'));
                let mut found = false;
                for (path, text) in files.range(folder.clone()..) {
                    let Some(rel) = path.strip_prefix(&folder) else {
                        break;
                    };
                    found = true;
                    tree.insert(rel.to_string(), text.clone());
                }
                if !found {
                    problems.complain(format!(
                        "build \"{}\": commit \"{}\" names folder \"{}\", which holds no file of the lab",
                        spec.id, c.id, c.files
                    ));
                }
                commits.push(Commit {
                    id: c.id,
                    sha: c.sha.to_ascii_lowercase(),
                    message: c.message,
                    author: c.author,
                    branch: c.branch,
                    files: tree.clone().into_iter().collect(),
                });
            }
            projects.projects.push(Project {
                id: spec.id,
                input: spec.input,
                image: spec.image,
                compute_type: spec.compute_type,
                privileged_mode: spec.privileged_mode,
                ecr_repositories: spec.ecr_repositories,
                commits,
            });
        }
        *items = Sealed::seal(&projects);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        let check = match kind {
            "build_spec" => BuildCheck::Spec(SpecCheck::deserialize(body)?),
            _ => BuildCheck::Run(RunCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_items(items: &Items, lab: &LabView<'_>) -> Vec<String> {
        let Some(projects) = items.open() else {
            return if items.is_empty() {
                Vec::new()
            } else {
                vec!["the build projects could not be read back".into()]
            };
        };
        let mut problems = Vec::new();
        for p in &projects.projects {
            match lab.input(&p.input).map(|i| &i.kind) {
                Some(crate::lab::InputKind::Template { .. }) => {}
                Some(_) => problems.push(format!(
                    "build \"{}\" reads input \"{}\", which is not a template input",
                    p.id, p.input
                )),
                None => problems.push(format!(
                    "build \"{}\" reads input \"{}\", which the lab does not have",
                    p.id, p.input
                )),
            }
        }
        problems
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(c) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let projects = lab.workspace.build.open().unwrap_or_default();
        let mut problems = Vec::new();
        let Some(p) = projects.get(c.project()) else {
            return vec![format!("there is no build \"{}\"", c.project())];
        };
        if p.input != c.input() {
            problems.push(format!(
                "build \"{}\" reads input \"{}\", not \"{}\"",
                p.id,
                p.input,
                c.input()
            ));
        }
        if let BuildCheck::Run(r) = &c {
            if p.commit(&r.commit).is_none() {
                problems.push(format!("build \"{}\" has no commit \"{}\"", p.id, r.commit));
            }
            if let Some(s) = &r.status {
                if !STATUSES.contains(&s.as_str()) {
                    problems.push(format!(
                        "status \"{s}\" is not one of {}",
                        STATUSES.join(", ")
                    ));
                }
            }
            if let Some(ph) = &r.phase {
                if !PHASES.contains(&ph.as_str()) {
                    problems.push(format!(
                        "phase \"{ph}\" is not one of {}",
                        PHASES.join(", ")
                    ));
                }
                if r.status.as_deref() == Some("SUCCEEDED") {
                    problems.push("a build that SUCCEEDED has no failed phase".into());
                }
            }
            if let Some(f) = &r.report {
                #[cfg(feature = "cicd")]
                if engine::codebuild::FileFormat::parse(f).is_none() {
                    problems.push(format!("report \"{f}\" is not a CodeBuild file format"));
                }
                #[cfg(not(feature = "cicd"))]
                let _ = f;
            } else if !r.failed.is_empty() {
                problems.push("failed test cases need the report's file format (report)".into());
            }
            for uri in &r.pushed {
                let tagged = uri
                    .rsplit_once(':')
                    .is_some_and(|(_, tag)| !tag.is_empty() && !tag.contains('/'));
                if !tagged {
                    problems.push(format!(
                        "pushed \"{uri}\" has no tag: write registry/repository:tag"
                    ));
                }
            }
            if r.status.is_none()
                && r.phase.is_none()
                && r.report.is_none()
                && r.artifacts.is_empty()
                && r.pushed.is_empty()
                && r.image_definitions.is_none()
            {
                problems.push(
                    "a build_run check needs status, phase, report, artifacts, pushed or image_definitions"
                        .into(),
                );
            }
        }
        problems
    }

    super::worker_family!("cicd", build);
}
