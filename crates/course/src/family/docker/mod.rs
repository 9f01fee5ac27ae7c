//! Docker image builds: the learner writes a Dockerfile (and, if the lab asks, a
//! `.dockerignore`) and the worker builds it (`engine::docker`) against the lab's build
//! context, twice: once from an empty cache, then again after a developer changes one file,
//! to show which layers the cache reuses.
//!
//! The workspace holds builds (`[[docker_build]]`: the Dockerfile input, an optional
//! `.dockerignore` input, the context as a folder of the lab plus files listed only by size
//! (`node_modules`, `.git`: their contents do not matter), and the file changed before the
//! second build). Checks grade the image, never the text: the Dockerfile has no error
//! (`docker_valid`), and the image's size, user, cache reuse and the worst finding an
//! Amazon ECR basic scan of it reports (`docker_image`; the scan is `engine::ecr`'s, from
//! the image's base).
//!
//! The engine stays out of the app's first load: the items and checks travel sealed and the
//! worker grades them and builds the panel (see `crate::sealed`).
#[cfg(feature = "containers")]
mod run;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Builds>;
/// A check of this family, sealed.
pub type Check = Sealed<DockerCheck>;

/// The builds a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Builds {
    pub builds: Vec<BuildDef>,
}

impl Builds {
    pub fn get(&self, id: &str) -> Option<&BuildDef> {
        self.builds.iter().find(|b| b.id == id)
    }
}

/// An image the lab builds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BuildDef {
    /// The image's name (`shop-web`).
    pub id: String,
    /// The template input holding the learner's Dockerfile.
    pub input: String,
    /// The template input holding the learner's `.dockerignore`, if the lab has one.
    pub ignore_input: Option<String>,
    /// The context's files with their text (path → text).
    pub files: BTreeMap<String, String>,
    /// Files of the context given by size only (path → bytes).
    pub sizes: BTreeMap<String, u64>,
    /// The file a developer changes before the second build.
    pub change: String,
}

/// A check of the learner's Dockerfile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DockerCheck {
    Valid(ValidCheck),
    Image(ImageCheck),
}

/// `docker_valid`: the Dockerfile has no error and builds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
    pub build: String,
}

/// `docker_image`: what the built image must be.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageCheck {
    pub input: String,
    pub build: String,
    /// The image's size (uncompressed, as `docker images` shows it) at most, MB.
    #[serde(default)]
    pub max_size_mb: Option<u32>,
    /// The image must not run as root.
    #[serde(default)]
    pub not_root: Option<bool>,
    /// After the change, every RUN layer whose instruction contains one of these must be
    /// reused from the cache.
    #[serde(default)]
    pub reused: Vec<String>,
    /// The worst finding an Amazon ECR basic scan of the image may report (`MEDIUM`: no
    /// CRITICAL or HIGH).
    #[serde(default)]
    pub max_severity: Option<String>,
}

impl DockerCheck {
    pub fn input(&self) -> &str {
        match self {
            DockerCheck::Valid(c) => &c.input,
            DockerCheck::Image(c) => &c.input,
        }
    }

    fn build(&self) -> &str {
        match self {
            DockerCheck::Valid(c) => &c.build,
            DockerCheck::Image(c) => &c.build,
        }
    }
}

pub const KINDS: &[&str] = &["docker_valid", "docker_image"];

/// The severities of an Amazon ECR basic scan, worst first.
pub const SEVERITIES: &[&str] = &[
    "CRITICAL",
    "HIGH",
    "MEDIUM",
    "LOW",
    "INFORMATIONAL",
    "UNDEFINED",
];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BuildSpec {
    id: String,
    input: String,
    #[serde(default)]
    ignore_input: Option<String>,
    /// A folder of the lab: the context's files with their text.
    context: String,
    #[serde(default)]
    sizes: BTreeMap<String, u64>,
    change: String,
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["docker_build"];
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
        let Some(specs) = problems.read::<Vec<BuildSpec>>(value) else {
            return;
        };
        for spec in specs {
            if all.get(&spec.id).is_some() {
                problems.complain(format!("build \"{}\" is used twice", spec.id));
            }
            let root = format!("{}/", spec.context.trim_end_matches('/'));
            let context: BTreeMap<String, String> = files
                .iter()
                .filter_map(|(path, text)| {
                    path.strip_prefix(&root)
                        .map(|p| (p.to_string(), text.clone()))
                })
                .collect();
            if context.is_empty() {
                problems.complain(format!(
                    "build \"{}\": context \"{}\" is not a folder of the lab with files in it",
                    spec.id, spec.context
                ));
            }
            if !context.contains_key(&spec.change) && !spec.sizes.contains_key(&spec.change) {
                problems.complain(format!(
                    "build \"{}\": change names \"{}\", which is not in the context",
                    spec.id, spec.change
                ));
            }
            all.builds.push(BuildDef {
                id: spec.id,
                input: spec.input,
                ignore_input: spec.ignore_input,
                files: context,
                sizes: spec.sizes,
                change: spec.change,
            });
        }
        *items = Sealed::seal(&all);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        let check = match kind {
            "docker_valid" => DockerCheck::Valid(ValidCheck::deserialize(body)?),
            _ => DockerCheck::Image(ImageCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.docker.open().unwrap_or_default();
        let Some(b) = all.get(check.build()) else {
            return vec![format!("there is no build \"{}\"", check.build())];
        };
        let mut problems = Vec::new();
        if b.input != check.input() {
            problems.push(format!(
                "build \"{}\" reads its Dockerfile from input \"{}\", not \"{}\"",
                b.id,
                b.input,
                check.input()
            ));
        }
        if let DockerCheck::Image(c) = &check {
            if c.max_size_mb.is_none()
                && c.not_root.is_none()
                && c.reused.is_empty()
                && c.max_severity.is_none()
            {
                problems.push("a docker_image check names what the image must be".into());
            }
            if let Some(s) = &c.max_severity {
                if !SEVERITIES.contains(&s.as_str()) {
                    problems.push(format!(
                        "max_severity \"{s}\" is not one of {}",
                        SEVERITIES.join(", ")
                    ));
                }
            }
        }
        problems
    }

    super::worker_family!("containers", docker, "builds");
}
