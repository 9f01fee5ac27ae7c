//! CodeBuild: `buildspec.yml` read and validated, and a build run against a simulated source
//! tree.
//!
//! - [`validate`] takes a buildspec's text and returns a [`Report`]: findings
//!   ([`Diagnostic`]: a [`Rule`] with a stable id, line and column, and the values its message
//!   needs; `course::cicd::codebuild` words them) and, when there is no error, the typed
//!   [`Buildspec`]. It follows the buildspec reference
//!   (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html) and the batch
//!   reference (https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html):
//!   version 0.2 (0.1 warned: each command runs in its own shell instance), run-as, env (shell,
//!   variables, parameter-store, secrets-manager references, exported-variables,
//!   git-credential-helper), proxy, batch (build-list, build-matrix, build-graph with depend-on
//!   and cycles named), the four phases with run-as, on-failure (ABORT, CONTINUE, RETRY forms),
//!   runtime-versions, commands and finally, reports (file formats per report type), artifacts
//!   (with secondary artifacts) and cache.
//! - [`run`] takes a [`Buildspec`], a [`Source`] (commit id, branch, files) and an
//!   [`Environment`] (image, compute type, project, Region, account, build number, start time,
//!   variables, timeout, privileged mode) and returns a [`Build`]: the phases SUBMITTED to
//!   COMPLETED with status and duration, following CodeBuild's phase transitions (a failed
//!   INSTALL or PRE_BUILD goes to FINALIZING; a failed BUILD still runs POST_BUILD and
//!   UPLOAD_ARTIFACTS; `finally` blocks run; `on-failure: CONTINUE` goes on, `ABORT` goes to
//!   FINALIZING), the build log as CodeBuild writes it, the variables it sets, exported
//!   variables, test reports, artifacts, pushed images and scan findings.
//!
//! Commands are interpreted from a documented catalogue (`COMMANDS.md` beside this file):
//! shell built-ins, npm, pip and pytest, Maven, Go, Docker and ECR, an image scan; their
//! outcomes depend only on the source's files, so a lab can craft commits that pass or fail.
//! An unknown command fails with exit status 127 ("command not found").
//!
//! Simplifications: no loops, conditionals or functions in commands; durations are fixed per
//! command kind (COMMANDS.md); RETRY's regular expression is matched as a literal between
//! `.*`s, and a deterministic retry fails again; parameter and secret values come from
//! [`Environment::parameters`] (empty when missing); only JUnit XML report files are read into
//! test cases (other formats give a report without cases); runtime versions are not checked
//! against an image's list; the image scan's findings come from a list of end-of-life base
//! images (not a vulnerability database); a build with a failed phase under `CONTINUE` ends
//! FAILED; a batch is validated but runs as one build; `run-as` only sets `USER`; the cache
//! is validated, not kept between builds.
//!
#![doc = include_str!("COMMANDS.md")]

mod commands;
mod glob;
mod rules;
mod run;
mod shell;
mod spec;
mod tests_model;
mod validate;

pub use crate::tree::{Pos, Severity};
pub use commands::{critical_base, ecr_registry, CRITICAL_BASES};
pub use glob::matches as glob_matches;
pub use rules::{Diagnostic, Rule};
pub use run::{
    run, ArtifactOutput, Build, BuildPhase, Environment, Finding, PhaseContext, PhaseRecord,
    PushedImage, Source, Status, TestCase, TestReport, DEFAULT_TIMEOUT_MINUTES,
};
pub use spec::{
    Artifacts, Batch, BatchKind, BatchTask, Buildspec, Cache, Command, Env, FileFormat, OnFailure,
    Phase, PhaseName, Proxy, ReportGroup, SecretRef, Version,
};
pub use validate::{on_failure, secret_ref, validate, Report, MAX_REPORT_GROUPS, RUNTIMES, SHELLS};
