//! Amazon ECR lifecycle policies: the learner writes a policy (the JSON `put-lifecycle-policy`
//! takes) for a repository the lab fills with images, and the worker previews it
//! (`engine::ecr`), as the console's "Lifecycle policy preview" does.
//!
//! The workspace holds repositories (`[[ecr_repository]]`: the repository's name, the input
//! holding the learner's policy, the images as `aws ecr describe-images` prints them, a data
//! file of the lab, and the moment the preview runs). Checks grade the outcome, never the
//! text: the policy has no error (`ecr_policy_valid`), and its preview expires the images it
//! must and keeps the ones it must (`ecr_preview`; an image is named by one of its tags or by
//! its digest, whole or its first 12 hex digits).
//!
//! The engine stays out of the app's first load: the items and checks travel sealed and the
//! worker grades them and builds the panel (see `crate::sealed`).
#[cfg(feature = "containers")]
mod run;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Repos>;
/// A check of this family, sealed.
pub type Check = Sealed<EcrCheck>;

/// The repositories a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Repos {
    pub repos: Vec<RepoDef>,
}

impl Repos {
    pub fn get(&self, name: &str) -> Option<&RepoDef> {
        self.repos.iter().find(|r| r.name == name)
    }
}

/// A private repository as the lab sets it up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RepoDef {
    /// The repository's name (`repositoryName`).
    pub name: String,
    /// The template input holding the learner's lifecycle policy.
    pub input: String,
    /// When the preview runs, Unix seconds.
    pub now: u64,
    /// The images, as `describe-images` lists them.
    pub images: Vec<ImageDef>,
}

/// An image of the repository (`imageDetails` of `describe-images`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageDef {
    pub digest: String,
    pub tags: Vec<String>,
    /// `imagePushedAt`, Unix seconds.
    pub pushed_at: u64,
    pub size_bytes: u64,
}

impl RepoDef {
    /// The images a reference names: a tag, or a digest (whole, or `sha256:` and at least its
    /// first 12 hex digits).
    pub fn find(&self, reference: &str) -> Vec<&ImageDef> {
        let by_digest = reference.starts_with("sha256:") && reference.len() >= 19;
        self.images
            .iter()
            .filter(|i| {
                i.tags.iter().any(|t| t == reference)
                    || (by_digest && i.digest.starts_with(reference))
            })
            .collect()
    }
}

/// A check of the learner's lifecycle policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EcrCheck {
    Valid(ValidCheck),
    Preview(PreviewCheck),
}

/// `ecr_policy_valid`: the policy has no error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
    pub repository: String,
}

/// `ecr_preview`: what the policy's preview does to the repository's images.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewCheck {
    pub input: String,
    pub repository: String,
    /// Images the preview must expire.
    #[serde(default)]
    pub expire: Vec<String>,
    /// Images the preview must keep.
    #[serde(default)]
    pub keep: Vec<String>,
}

impl EcrCheck {
    pub fn input(&self) -> &str {
        match self {
            EcrCheck::Valid(c) => &c.input,
            EcrCheck::Preview(c) => &c.input,
        }
    }

    fn repository(&self) -> &str {
        match self {
            EcrCheck::Valid(c) => &c.repository,
            EcrCheck::Preview(c) => &c.repository,
        }
    }
}

pub const KINDS: &[&str] = &["ecr_policy_valid", "ecr_preview"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RepoSpec {
    name: String,
    input: String,
    /// A JSON file of the lab: what `aws ecr describe-images` prints.
    images: String,
    /// When the preview runs: `2026-11-30T09:00:00Z` (RFC 3339, an offset or `Z`).
    now: String,
}

/// `describe-images`' output, the fields this family reads.
#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DescribeImages {
    image_details: Vec<ImageDetail>,
}

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImageDetail {
    repository_name: String,
    image_digest: String,
    #[serde(default)]
    image_tags: Vec<String>,
    image_size_in_bytes: u64,
    image_pushed_at: String,
}

/// RFC 3339 (`2026-11-30T09:00:00Z`, `2026-11-01T10:00:00.123+07:00`) → Unix seconds; `None`
/// when it is not one, or before 1970.
#[cfg(feature = "files")]
pub(crate) fn unix_seconds(text: &str) -> Option<u64> {
    let t = text.trim();
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, rest) = t.split_once(['T', 't', ' '])?;
    let mut d = date.split('-');
    let (y, m, day) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => return None,
    };
    let clock = clock.split('.').next()?;
    let mut c = clock.split(':');
    let (h, mi, s) = (num(c.next()?)?, num(c.next()?)?, num(c.next()?)?);
    if c.next().is_some() || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let offset = match offset {
        "Z" | "z" => 0,
        o => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let (oh, om) = o[1..].split_once(':')?;
            sign * (num(oh)? * 3_600 + num(om)? * 60)
        }
    };
    u64::try_from(engine::text::unix_time(y, m, day, h, mi, s) - offset).ok()
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["ecr_repository"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _section: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        let mut repos = items.open().unwrap_or_default();
        let Some(specs) = problems.read::<Vec<RepoSpec>>(value) else {
            return;
        };
        for spec in specs {
            if repos.get(&spec.name).is_some() {
                problems.complain(format!("repository \"{}\" is used twice", spec.name));
            }
            let Some(now) = unix_seconds(&spec.now) else {
                problems.complain(format!(
                    "repository \"{}\": now = \"{}\" is not a time such as 2026-11-30T09:00:00Z",
                    spec.name, spec.now
                ));
                continue;
            };
            let described = match files.get(&spec.images) {
                None => {
                    problems.complain(format!(
                        "repository \"{}\": images names \"{}\", which is not in the lab folder",
                        spec.name, spec.images
                    ));
                    continue;
                }
                Some(text) => match serde_json::from_str::<DescribeImages>(text) {
                    Ok(d) => d,
                    Err(e) => {
                        problems.complain(format!(
                            "{}:{}:{}: not what `aws ecr describe-images` prints: {e}",
                            spec.images,
                            e.line(),
                            e.column()
                        ));
                        continue;
                    }
                },
            };
            let mut images = Vec::new();
            for d in described.image_details {
                if d.repository_name != spec.name {
                    problems.complain(format!(
                        "{}: image {} is in repository \"{}\", not \"{}\"",
                        spec.images, d.image_digest, d.repository_name, spec.name
                    ));
                }
                let well_formed = d.image_digest.len() == 71
                    && d.image_digest.starts_with("sha256:")
                    && d.image_digest[7..]
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
                if !well_formed || images.iter().any(|i: &ImageDef| i.digest == d.image_digest) {
                    problems.complain(format!(
                        "{}: imageDigest {} is not a new sha256: digest of 64 hex digits",
                        spec.images, d.image_digest
                    ));
                }
                let Some(pushed_at) = unix_seconds(&d.image_pushed_at) else {
                    problems.complain(format!(
                        "{}: imagePushedAt \"{}\" is not a time",
                        spec.images, d.image_pushed_at
                    ));
                    continue;
                };
                if pushed_at > now {
                    problems.complain(format!(
                        "{}: image {} is pushed after the preview runs ({})",
                        spec.images, d.image_digest, spec.now
                    ));
                }
                images.push(ImageDef {
                    digest: d.image_digest,
                    tags: d.image_tags,
                    pushed_at,
                    size_bytes: d.image_size_in_bytes,
                });
            }
            for (i, a) in images.iter().enumerate() {
                for t in &a.tags {
                    if images[i + 1..].iter().any(|b| b.tags.contains(t)) {
                        problems.complain(format!(
                            "{}: tag \"{t}\" is on two images; a tag names one image",
                            spec.images
                        ));
                    }
                }
            }
            repos.repos.push(RepoDef {
                name: spec.name,
                input: spec.input,
                now,
                images,
            });
        }
        *items = Sealed::seal(&repos);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        let check = match kind {
            "ecr_policy_valid" => EcrCheck::Valid(ValidCheck::deserialize(body)?),
            _ => EcrCheck::Preview(PreviewCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let repos = lab.workspace.ecr.open().unwrap_or_default();
        let Some(repo) = repos.get(check.repository()) else {
            return vec![format!("there is no repository \"{}\"", check.repository())];
        };
        let mut problems = Vec::new();
        if repo.input != check.input() {
            problems.push(format!(
                "repository \"{}\" reads its policy from input \"{}\", not \"{}\"",
                repo.name,
                repo.input,
                check.input()
            ));
        }
        if let EcrCheck::Preview(c) = &check {
            for r in c.expire.iter().chain(&c.keep) {
                match repo.find(r).len() {
                    1 => {}
                    0 => problems.push(format!(
                        "repository \"{}\" has no image \"{r}\" (a tag, or a digest's first 12 hex digits)",
                        repo.name
                    )),
                    _ => problems.push(format!(
                        "\"{r}\" names more than one image of repository \"{}\"",
                        repo.name
                    )),
                }
                if c.expire.contains(r) && c.keep.contains(r) {
                    problems.push(format!("image \"{r}\" is to be both expired and kept"));
                }
            }
            if c.expire.is_empty() && c.keep.is_empty() {
                problems.push("an ecr_preview check names images to expire or keep".into());
            }
        }
        problems
    }

    super::worker_family!("containers", ecr, "repositories");
}

#[cfg(all(test, feature = "files"))]
mod tests {
    use super::unix_seconds;

    #[test]
    fn rfc3339_times_read_as_unix_seconds() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(unix_seconds("2026-11-30T10:00:00Z"), Some(1_796_032_800));
        assert_eq!(
            unix_seconds("2026-11-30T17:00:00.250+07:00"),
            Some(1_796_032_800)
        );
        assert_eq!(
            unix_seconds("2024-02-29T00:00:00-01:30"),
            Some(1_709_170_200)
        );
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-11-30",
            "2026-11-30T10:00:00",
            "1969-12-31T23:59:59Z",
            "x-y-zT1:2:3Z",
        ] {
            assert_eq!(unix_seconds(bad), None, "{bad}");
        }
    }
}
