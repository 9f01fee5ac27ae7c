//! A private repository and its images, and the operations on them as data: push, tag,
//! untag, batch-delete, describe. Each operation returns its outcome or an [`EcrError`] (the
//! API's exception name and the values of its message) and records [`Event`]s.

use super::policy::StorageClass;
use super::scan::{ScanConfig, ScanResult};

/// One day in seconds: simulated time is in seconds.
pub const DAY: u64 = 86_400;

/// A repository's tag mutability setting
/// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html:
/// `MUTABLE | IMMUTABLE | IMMUTABLE_WITH_EXCLUSION | MUTABLE_WITH_EXCLUSION`; the exclusion
/// filters are wildcard patterns, https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageTagMutabilityExclusionFilter.html).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TagMutability {
    #[default]
    Mutable,
    Immutable,
    /// Immutable, except the tags that match one of these filters.
    ImmutableWithExclusion(Vec<String>),
    /// Mutable, except the tags that match one of these filters.
    MutableWithExclusion(Vec<String>),
}

impl TagMutability {
    /// The API's word.
    pub fn name(&self) -> &'static str {
        match self {
            TagMutability::Mutable => "MUTABLE",
            TagMutability::Immutable => "IMMUTABLE",
            TagMutability::ImmutableWithExclusion(_) => "IMMUTABLE_WITH_EXCLUSION",
            TagMutability::MutableWithExclusion(_) => "MUTABLE_WITH_EXCLUSION",
        }
    }

    /// Whether `tag` may not be moved to another image.
    pub fn is_immutable(&self, tag: &str) -> bool {
        match self {
            TagMutability::Mutable => false,
            TagMutability::Immutable => true,
            TagMutability::ImmutableWithExclusion(f) => !f.iter().any(|p| wildcard(p, tag)),
            TagMutability::MutableWithExclusion(f) => f.iter().any(|p| wildcard(p, tag)),
        }
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters (none too).
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Greedy matching with backtracking to the last star: linear in practice.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && p[i] != '*' && p[i] == t[j] {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// A package inside an image: from its base (operating system) or the application.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Package {
    /// `npm`, `pip`, `maven`, `go`… (the app's), or the OS's manager (`dpkg`, `apk`, `rpm`).
    pub ecosystem: String,
    pub name: String,
    pub version: String,
}

/// What is pushed: the image's content, which fixes its digest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageContent {
    /// The base image's canonical reference (`node:20-slim`, `scratch`…).
    pub base: String,
    /// The application's packages.
    pub packages: Vec<Package>,
    /// The compressed size in bytes (imageSizeInBytes).
    pub size_bytes: u64,
    /// Anything else that makes this build differ (a commit id, a build number).
    pub build: String,
    /// The manifest's media type; Docker's v2 manifest when empty.
    pub media_type: String,
    /// The artifact's media type, for a non-image artifact (Helm chart, signature…).
    pub artifact_media_type: Option<String>,
}

/// An image of a repository (DescribeImages' ImageDetail, simplified).
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    /// `sha256:` and 64 hex digits, computed from the content (simulated, not a real SHA-256).
    pub digest: String,
    /// The tags, in the order they were given.
    pub tags: Vec<String>,
    /// Simulated seconds.
    pub pushed_at: u64,
    pub last_pulled_at: Option<u64>,
    pub size_bytes: u64,
    pub media_type: String,
    pub artifact_media_type: Option<String>,
    pub base: String,
    pub packages: Vec<Package>,
    pub storage_class: StorageClass,
    /// When the image went to the archive.
    pub transitioned_at: Option<u64>,
    /// The last scan, if any.
    pub scan: Option<ScanResult>,
}

impl Image {
    /// An image made directly (for a lab's starting repository): digest from its content.
    pub fn new(content: &ImageContent, tags: &[&str], pushed_at: u64) -> Image {
        Image {
            digest: digest(content),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            pushed_at,
            last_pulled_at: None,
            size_bytes: content.size_bytes,
            media_type: media_type(content),
            artifact_media_type: content.artifact_media_type.clone(),
            base: content.base.clone(),
            packages: content.packages.clone(),
            storage_class: StorageClass::Standard,
            transitioned_at: None,
            scan: None,
        }
    }
}

/// Docker's image manifest v2 schema 2, the media type Docker pushes
/// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-manifest-formats.html).
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";

fn media_type(content: &ImageContent) -> String {
    if content.media_type.is_empty() {
        DOCKER_MANIFEST.into()
    } else {
        content.media_type.clone()
    }
}

/// The simulated digest of a content: deterministic, `sha256:` and 64 lowercase hex digits.
pub fn digest(content: &ImageContent) -> String {
    let mut text = format!(
        "{}\n{}\n{}\n{}\n{:?}",
        content.base,
        content.size_bytes,
        content.build,
        media_type(content),
        content.artifact_media_type
    );
    for p in &content.packages {
        text.push_str(&format!("\n{} {} {}", p.ecosystem, p.name, p.version));
    }
    let mut out = String::from("sha256:");
    for i in 0u8..4 {
        out.push_str(&format!(
            "{:016x}",
            crate::numbers::hash64(&[text.as_bytes(), &[i]])
        ));
    }
    out
}

/// An error as the ECR API returns it: the exception's name is [`EcrError::code`]; the
/// values its message needs are the fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EcrError {
    /// "The image tag '{tag}' already exists in the '{repository}' repository and cannot be
    /// overwritten because the repository is immutable." (the message docker push shows,
    /// https://github.com/aws/containers-roadmap/issues/862;
    /// https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html)
    ImageTagAlreadyExists { tag: String, repository: String },
    /// A tag not of Docker's form `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`
    /// (https://github.com/distribution/reference/blob/main/reference.go).
    InvalidTag { tag: String },
    /// A repository name not of the form
    /// `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`, 2 to 256 characters
    /// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html).
    InvalidRepositoryName { name: String },
    /// No image with this digest or tag (ImageNotFoundException).
    ImageNotFound { reference: String },
}

impl EcrError {
    /// The exception's name.
    pub fn code(&self) -> &'static str {
        match self {
            EcrError::ImageTagAlreadyExists { .. } => "ImageTagAlreadyExistsException",
            EcrError::InvalidTag { .. } | EcrError::InvalidRepositoryName { .. } => {
                "InvalidParameterException"
            }
            EcrError::ImageNotFound { .. } => "ImageNotFoundException",
        }
    }
}

/// What happened in a repository, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A new image (digest) arrived.
    ImagePushed { digest: String },
    /// A tag was put on an image.
    Tagged { digest: String, tag: String },
    /// A tag moved from one image to another.
    TagMoved {
        tag: String,
        from: String,
        to: String,
    },
    /// An image lost its last tag (it is now untagged).
    BecameUntagged { digest: String },
    /// A tag was removed by a delete of that tag.
    Untagged { digest: String, tag: String },
    /// An image was deleted.
    ImageDeleted { digest: String },
    /// A push or tag was refused (the error's code).
    Refused { code: String, tag: String },
    /// A scan finished.
    Scanned { digest: String, status: String },
    /// The lifecycle policy expired (deleted) an image, by the rule of this priority.
    LifecycleExpired { digest: String, rule_priority: u32 },
    /// The lifecycle policy moved an image to the archive, by the rule of this priority.
    LifecycleArchived { digest: String, rule_priority: u32 },
}

/// An event at a simulated second.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub at: u64,
    pub kind: EventKind,
}

/// A reference to an image in a batch-delete: by digest, by tag, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageId {
    pub digest: Option<String>,
    pub tag: Option<String>,
}

/// A failure of a batch-delete (ImageFailure: failureCode as the API names it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFailure {
    pub image_id: ImageId,
    /// `ImageNotFound`, `MissingDigestAndTag` or `ImageTagDoesNotMatchDigest`
    /// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageFailure.html).
    pub failure_code: String,
}

/// A batch-delete's outcome: what was deleted (or untagged) and what failed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchDelete {
    pub image_ids: Vec<ImageId>,
    pub failures: Vec<ImageFailure>,
}

/// A private repository.
#[derive(Clone, Debug, PartialEq)]
pub struct Repository {
    pub name: String,
    pub tag_mutability: TagMutability,
    pub scan: ScanConfig,
    /// Images in push order (a later one is newer when push times are equal).
    pub images: Vec<Image>,
    pub events: Vec<Event>,
}

/// Whether `name` is a valid repository name.
pub fn valid_repository_name(name: &str) -> bool {
    if !(2..=256).contains(&name.len()) {
        return false;
    }
    name.split('/').all(|part| {
        // [a-z0-9]+(?:[._-][a-z0-9]+)*
        !part.is_empty()
            && part.split(['.', '_', '-']).all(|run| {
                !run.is_empty()
                    && run
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    })
}

/// Whether `tag` is a valid image tag.
pub fn valid_tag(tag: &str) -> bool {
    let b = tag.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    !b.is_empty()
        && b.len() <= 128
        && word(b[0])
        && b[1..].iter().all(|c| word(*c) || *c == b'.' || *c == b'-')
}

impl Repository {
    /// A new empty repository (default: MUTABLE, basic scanning without scan on push).
    pub fn new(name: &str) -> Result<Repository, EcrError> {
        if !valid_repository_name(name) {
            return Err(EcrError::InvalidRepositoryName { name: name.into() });
        }
        Ok(Repository {
            name: name.into(),
            tag_mutability: TagMutability::Mutable,
            scan: ScanConfig::default(),
            images: Vec::new(),
            events: Vec::new(),
        })
    }

    /// The image with this digest.
    pub fn image(&self, digest: &str) -> Option<&Image> {
        self.images.iter().find(|i| i.digest == digest)
    }

    /// The image that has this tag.
    pub fn tagged(&self, tag: &str) -> Option<&Image> {
        self.images.iter().find(|i| i.tags.iter().any(|t| t == tag))
    }

    /// The images as `describe-images` lists them: newest push first.
    pub fn describe(&self) -> Vec<&Image> {
        let mut v: Vec<(usize, &Image)> = self.images.iter().enumerate().collect();
        v.sort_by(|a, b| b.1.pushed_at.cmp(&a.1.pushed_at).then(b.0.cmp(&a.0)));
        v.into_iter().map(|(_, i)| i).collect()
    }

    fn event(&mut self, at: u64, kind: EventKind) {
        self.events.push(Event { at, kind });
    }

    /// Pushes an image with a tag (or none): a new digest becomes a new image; a digest
    /// already there gets the tag. A tag on another image moves (that image may become
    /// untagged), unless the tag is immutable: then ImageTagAlreadyExistsException. A scan runs
    /// when the repository scans on push. Returns the image's digest.
    pub fn push(
        &mut self,
        content: &ImageContent,
        tag: Option<&str>,
        at: u64,
    ) -> Result<String, EcrError> {
        let d = digest(content);
        if self.image(&d).is_none() {
            if let Some(t) = tag {
                self.check_tag(t, &d, at)?;
            }
            self.images.push(Image::new(content, &[], at));
            self.event(at, EventKind::ImagePushed { digest: d.clone() });
            if self.scan.scans_on_push() {
                self.scan_image(&d, at);
            }
        }
        if let Some(t) = tag {
            self.tag(&d, t, at)?;
        }
        Ok(d)
    }

    fn check_tag(&mut self, tag: &str, digest: &str, at: u64) -> Result<(), EcrError> {
        if !valid_tag(tag) {
            self.event(
                at,
                EventKind::Refused {
                    code: "InvalidParameterException".into(),
                    tag: tag.into(),
                },
            );
            return Err(EcrError::InvalidTag { tag: tag.into() });
        }
        let elsewhere = self.tagged(tag).is_some_and(|i| i.digest != digest);
        if elsewhere && self.tag_mutability.is_immutable(tag) {
            self.event(
                at,
                EventKind::Refused {
                    code: "ImageTagAlreadyExistsException".into(),
                    tag: tag.into(),
                },
            );
            return Err(EcrError::ImageTagAlreadyExists {
                tag: tag.into(),
                repository: self.name.clone(),
            });
        }
        Ok(())
    }

    /// Puts `tag` on the image `digest` (put-image with an existing manifest), moving it from
    /// another image when mutable.
    pub fn tag(&mut self, digest: &str, tag: &str, at: u64) -> Result<(), EcrError> {
        if self.image(digest).is_none() {
            return Err(EcrError::ImageNotFound {
                reference: digest.into(),
            });
        }
        self.check_tag(tag, digest, at)?;
        if self
            .image(digest)
            .is_some_and(|i| i.tags.iter().any(|t| t == tag))
        {
            return Ok(());
        }
        let from = self.tagged(tag).map(|i| i.digest.clone());
        if let Some(from) = &from {
            self.remove_tag(from, tag, at);
            self.event(
                at,
                EventKind::TagMoved {
                    tag: tag.into(),
                    from: from.clone(),
                    to: digest.into(),
                },
            );
        }
        if let Some(image) = self.images.iter_mut().find(|i| i.digest == digest) {
            image.tags.push(tag.into());
        }
        if from.is_none() {
            self.event(
                at,
                EventKind::Tagged {
                    digest: digest.into(),
                    tag: tag.into(),
                },
            );
        }
        Ok(())
    }

    fn remove_tag(&mut self, digest: &str, tag: &str, at: u64) {
        let mut untagged = false;
        if let Some(image) = self.images.iter_mut().find(|i| i.digest == digest) {
            image.tags.retain(|t| t != tag);
            untagged = image.tags.is_empty();
        }
        if untagged {
            self.event(
                at,
                EventKind::BecameUntagged {
                    digest: digest.into(),
                },
            );
        }
    }

    /// `batch-delete-image`: an id with only a tag removes that tag (the image stays while
    /// it has other tags, and is deleted with its last one); an id with a digest deletes the
    /// image and all its tags
    /// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchDeleteImage.html).
    pub fn batch_delete(&mut self, ids: &[ImageId], at: u64) -> BatchDelete {
        let mut out = BatchDelete::default();
        for id in ids {
            let fail = |code: &str| ImageFailure {
                image_id: id.clone(),
                failure_code: code.into(),
            };
            match (&id.digest, &id.tag) {
                (None, None) => out.failures.push(fail("MissingDigestAndTag")),
                (Some(d), tag) => {
                    let Some(image) = self.image(d) else {
                        out.failures.push(fail("ImageNotFound"));
                        continue;
                    };
                    if let Some(t) = tag {
                        if !image.tags.iter().any(|x| x == t) {
                            out.failures.push(fail("ImageTagDoesNotMatchDigest"));
                            continue;
                        }
                    }
                    let digest = d.clone();
                    self.images.retain(|i| i.digest != digest);
                    self.event(at, EventKind::ImageDeleted { digest });
                    out.image_ids.push(id.clone());
                }
                (None, Some(t)) => {
                    let Some(image) = self.tagged(t) else {
                        out.failures.push(fail("ImageNotFound"));
                        continue;
                    };
                    let digest = image.digest.clone();
                    let last = image.tags.len() == 1;
                    if let Some(image) = self.images.iter_mut().find(|i| i.digest == digest) {
                        image.tags.retain(|x| x != t);
                    }
                    self.event(
                        at,
                        EventKind::Untagged {
                            digest: digest.clone(),
                            tag: t.clone(),
                        },
                    );
                    if last {
                        self.images.retain(|i| i.digest != digest);
                        self.event(
                            at,
                            EventKind::ImageDeleted {
                                digest: digest.clone(),
                            },
                        );
                    }
                    out.image_ids.push(ImageId {
                        digest: Some(digest),
                        tag: Some(t.clone()),
                    });
                }
            }
        }
        out
    }

    /// Scans the image `digest` now with the repository's configuration (start-image-scan);
    /// false when there is no such image.
    pub fn scan_image(&mut self, digest: &str, at: u64) -> bool {
        let config = self.scan.clone();
        let Some(image) = self.images.iter_mut().find(|i| i.digest == digest) else {
            return false;
        };
        let result = super::scan::scan(image, &config, at);
        let status = result.status.name().to_string();
        image.scan = Some(result);
        self.event(
            at,
            EventKind::Scanned {
                digest: digest.into(),
                status,
            },
        );
        true
    }

    /// Applies a lifecycle policy at `now` as ECR does once it runs: the preview's EXPIRE
    /// images are deleted, its TRANSITION images move to the archive (storage class ARCHIVE,
    /// transitioned at `now`). Returns the preview it applied.
    pub fn apply_lifecycle(
        &mut self,
        policy: &super::policy::Policy,
        now: u64,
    ) -> super::preview::Preview {
        use super::policy::ActionType;
        let preview = super::preview::preview(policy, self, now);
        for r in &preview.results {
            let (Some(action), Some(rule_priority)) = (r.action, r.applied_rule_priority) else {
                continue;
            };
            let digest = r.image_digest.clone();
            match action {
                ActionType::Expire => {
                    self.images.retain(|i| i.digest != digest);
                    self.event(
                        now,
                        EventKind::LifecycleExpired {
                            digest,
                            rule_priority,
                        },
                    );
                }
                ActionType::Transition => {
                    if let Some(image) = self.images.iter_mut().find(|i| i.digest == digest) {
                        image.storage_class = StorageClass::Archive;
                        image.transitioned_at = Some(now);
                    }
                    self.event(
                        now,
                        EventKind::LifecycleArchived {
                            digest,
                            rule_priority,
                        },
                    );
                }
            }
        }
        preview
    }

    /// Records a pull of the image (its last pull time, for `sinceImagePulled`).
    pub fn pull(&mut self, reference: &str, at: u64) -> Result<String, EcrError> {
        let image = self
            .images
            .iter_mut()
            .find(|i| i.digest == reference || i.tags.iter().any(|t| t == reference))
            .ok_or(EcrError::ImageNotFound {
                reference: reference.into(),
            })?;
        image.last_pulled_at = Some(at);
        Ok(image.digest.clone())
    }
}
