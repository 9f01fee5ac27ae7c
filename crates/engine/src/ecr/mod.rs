//! Amazon ECR: private repositories and their images, image scanning, and lifecycle policies
//! with their preview.
//!
//! - [`Repository`] holds [`Image`]s (simulated digest, tags, push time, size, media type,
//!   base image, packages, storage class, last scan). Operations are data: [`Repository::push`]
//!   (a tag moving to a new image leaves the old one untagged; an immutable tag refuses with
//!   [`EcrError::ImageTagAlreadyExists`], `ImageTagAlreadyExistsException`),
//!   [`Repository::tag`], [`Repository::batch_delete`] (failure codes as the API's),
//!   [`Repository::describe`], [`Repository::pull`], [`Repository::scan_image`]; every change
//!   is an [`Event`]. Tag mutability has the four settings, exclusions included.
//! - [`scan()`] takes an image and a [`ScanConfig`] (basic with scan on push, or enhanced with
//!   SCAN_ON_PUSH / CONTINUOUS_SCAN / MANUAL) and returns a [`ScanResult`]: basic
//!   [`Finding`]s (name, uri, severity, package_name/package_version attributes) or enhanced
//!   [`EnhancedFinding`]s (packageVulnerabilityDetails), findingSeverityCounts, status. The
//!   vulnerability catalogue ([`BASE_CATALOGUE`], [`APP_CATALOGUE`]) is keyed by the canonical
//!   base image references shared with `docker`; its ids are simulated (`CVE-SIM-…`).
//! - [`validate`] takes a lifecycle policy's text (the policy JSON, or a CLI shape with
//!   `lifecyclePolicyText`) and returns a [`Report`]: findings ([`Diagnostic`], a [`Rule`] with
//!   a stable id, line, column and values; `course::containers::ecr` words them) and the typed
//!   [`Policy`] when there is no error. The documented rules: unique positive rulePriority,
//!   `any` last, tag lists only and required with tagged, never both, four wildcards per
//!   pattern, countUnit days with age count types only, countNumber positive, storageClass per
//!   countType, transition to archive, archive's 90-day minimum, one untagged rule.
//! - [`preview`] evaluates a policy on a repository at a simulated "now" and returns a
//!   [`Preview`]: per image, the action (EXPIRE / TRANSITION or kept), the applied rule's
//!   priority and the first rule that matched it; [`Preview::expired`] lists the digests.
//!   [`Repository::apply_lifecycle`] carries a policy out (expired images deleted, transitioned
//!   ones archived), as ECR does when the policy runs.
//!
//! Sources: https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html,
//! https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html,
//! https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html,
//! https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html and the API
//! reference pages named beside each fact.
//!
//! Simplifications: digests are a deterministic hash of the content, not a real SHA-256;
//! vulnerabilities come from a small simulated catalogue, not a database; enhanced scans
//! are one-shot (continuous scanning does not rescan when the catalogue changes); a scan
//! completes at once; an image never pulled counts from its push for `sinceImagePulled`, and
//! one never archived from its push for `sinceImageTransitioned`; manifest lists and
//! replication are not modelled; findings inside a CLI shape's escaped `lifecyclePolicyText`
//! are placed at that string; the console's policy validation messages are this app's
//! wording of the documented rules (ECR's own messages are not published).

mod policy;
mod preview;
mod repo;
mod rules;
mod scan;

pub use crate::tree::{Pos, Severity};
pub use policy::{
    validate, ActionType, Count, Policy, PolicyRule, Report, Selection, StorageClass, TagStatus,
    ARCHIVE_MINIMUM_DAYS, MAX_POLICY_LENGTH, MAX_WILDCARDS,
};
pub use preview::{preview, preview_images, tags_match, Preview, PreviewResult};
pub use repo::{
    digest, valid_repository_name, valid_tag, wildcard, BatchDelete, EcrError, Event, EventKind,
    Image, ImageContent, ImageFailure, ImageId, Package, Repository, TagMutability, DAY,
    DOCKER_MANIFEST,
};
pub use rules::{Diagnostic, Rule};
pub use scan::{
    base_vulnerabilities, scan, EnhancedFinding, Finding, ScanConfig, ScanFrequency, ScanKind,
    ScanResult, ScanStatus, Severity as FindingSeverity, Vuln, VulnerablePackage, APP_CATALOGUE,
    BASE_CATALOGUE,
};
