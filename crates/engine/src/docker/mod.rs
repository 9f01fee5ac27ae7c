//! Docker: Dockerfiles read and checked, and image builds simulated.

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
