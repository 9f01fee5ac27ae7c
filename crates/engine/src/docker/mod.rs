//! Docker: Dockerfiles read and checked, and image builds simulated.
//!
//! - [`validate`] takes a Dockerfile's text and returns a [`Report`]: findings
//!   ([`Diagnostic`]: a [`Rule`] with a stable id, a 1-based line and column counted in
//!   characters, and the values its message needs; `course::containers::docker` words them)
//!   and, without errors, the [`Model`] (the instructions, the ARGs before the first FROM, the
//!   stages). It follows the Dockerfile reference (https://docs.docker.com/reference/dockerfile/):
//!   parser directives (`syntax`, `escape`, `check`), comments, continuations with the escape
//!   character (comment and empty lines inside them dropped), every instruction with its
//!   flags, exec form (a JSON array) and shell form, heredocs after RUN, COPY and ADD
//!   (`<<EOF`, `<<-EOF`, quoted delimiters), ARG before FROM, `FROM … AS name`, `COPY --from`,
//!   `RUN --mount` types and options, variable replacement where the reference applies it,
//!   and `# check=skip=` turning build checks off (https://docs.docker.com/build/checks/).
//!   Where Docker's build checks (https://docs.docker.com/reference/build-checks/) have the
//!   same rule, their semantics are used (StageNameCasing, FromAsCasing, NoEmptyContinuation,
//!   ConsistentInstructionCasing, DuplicateStageName, ReservedStageName, JSONArgsRecommended,
//!   MaintainerDeprecated, UndefinedArgInFrom, WorkdirRelativePath, SecretsUsedInArgOrEnv,
//!   MultipleInstructionsDisallowed, LegacyKeyValueFormat; CopyIgnoredFile and UndefinedVar
//!   in the build, which knows the context and the base's environment); the best-practice
//!   findings (latest tag, root user, secrets, apt caches, ADD for COPY, no .dockerignore)
//!   come from https://docs.docker.com/build/building/best-practices/.
//! - [`build`] takes the text, a [`Context`] (files with sizes and content versions, an
//!   optional `.dockerignore` among them, applied as documented) and [`Options`] (build
//!   arguments, target, the [`Cache`] of a previous build, no-cache) and returns a [`Build`]:
//!   the stages (which the target needs), the final image's layers (base layers from the
//!   catalogue, then each RUN, COPY, ADD and WORKDIR with its line, size, time and
//!   [`CacheStatus`] with the [`Miss`] reason), size (uncompressed and compressed), base,
//!   user, exposed ports, environment, entrypoint and command, a simulated digest, and the
//!   cache for the next build. The cache follows Docker's rules
//!   (https://docs.docker.com/build/cache/invalidation/): a layer is reused when its
//!   instruction and parent are the same and, for COPY and ADD, the copied files' checksums
//!   are too; once a layer is rebuilt, every later layer of the stage is; a RUN's key
//!   includes the variables it sees; `RUN --mount=type=cache` keeps its content between
//!   builds and out of the layer.
//!
//! The hand-written parser: a Dockerfile is line-based text with its own lexical rules
//! (escape directive, continuations, heredocs, JSON exec form), not YAML, so `tree` does not
//! apply. The Rust crates there are (`dockerfile-parser`, a pest grammar; `parse-dockerfile`,
//! 0.1) return one parse error rather than every finding with its line and column and the
//! instructions around it, which a validator for learners needs; the reading here is small
//! (the `parse` and `lex` submodules).
//!
//! Simplifications: base images come from a catalogue of approximate sizes (see
//! `catalogue`), not a registry; RUN commands from a documented catalogue (below), their
//! outputs at conventional paths; a `COPY --from` of a path the simulation did not make (a
//! base image's file) counts 1 MB; files made by a RUN are not visible to `COPY` from the
//! context; pattern forms of variable replacement (`${a#b}`, `${a%b}`, `${a/b/c}`) keep the
//! value; ONBUILD triggers are checked, not run; platforms are not simulated (linux/amd64);
//! `COPY --exclude` patterns match the copied path or any name in it; `COPY --parents`
//! keeps no parent directories; stages build one after the other (BuildKit runs independent
//! stages in parallel); digests are simulated, not SHA-256 of real content; compressed sizes
//! of the build's own layers are taken as 40 % of their size.
//!
#![doc = include_str!("COMMANDS.md")]

mod build;
mod catalogue;
mod commands;
mod ignore;
mod lex;
mod parse;
mod rules;
mod validate;

pub use crate::tree::{Pos, Severity};
pub use build::{
    build, Build, Cache, CacheStatus, Context, ContextFile, Layer, Miss, Options, Origin,
    StageResult,
};
pub use catalogue::{image, resolve, BaseImage, Family, Resolved, CATALOGUE};
pub use commands::package_size;
pub use ignore::Ignore;
pub use lex::{expand, words, Word};
pub use parse::{Args, Directive, Dockerfile, Flag, Heredoc, Instruction, Kind};
pub use rules::{Diagnostic, Rule};
pub use validate::{
    is_secret_name, mount_options, mount_target, run_script, split_reference, validate, Model,
    Report, Stage, PLATFORM_ARGS,
};
