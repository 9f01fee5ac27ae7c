//! DevOps Lab: the yew UI, on top of the engines and the lab model (crates of their own).
pub use course;
/// A text in every language: `t!("English", "Tiếng Việt")` is the `T` in scope holding the
/// English; the build collects the Vietnamese (see `lang::T`). Both literals are checked by
/// `tests/i18n.rs` (non-empty, the same `{placeholders}`, translated).
macro_rules! t {
    ($en:literal, $vi:literal $(,)?) => {
        T($en)
    };
}

pub use engine;
pub mod agenda;
pub mod labs;
pub mod ui;
