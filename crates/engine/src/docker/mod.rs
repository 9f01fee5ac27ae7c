//! Docker: Dockerfiles read and checked, and image builds simulated.

mod lex;
mod parse;
mod rules;
mod validate;

pub use crate::tree::{Pos, Severity};
pub use lex::{expand, words, Word};
pub use parse::{Args, Directive, Dockerfile, Flag, Heredoc, Instruction, Kind};
pub use rules::{Diagnostic, Rule};
pub use validate::{
    is_secret_name, mount_options, mount_target, run_script, split_reference, validate, Model,
    Report, Stage, PLATFORM_ARGS,
};
