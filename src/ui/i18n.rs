//! The UI's current language. The app keeps the learner's choice (remembered in
//! localStorage) and sets it here before rendering; a change remounts the page tree, so
//! every component words itself again. Components read it through `T::s` and `lang()`;
//! the lab model never reads it (it takes a `Lang`).
use std::cell::Cell;

pub use crate::course::Lang;

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language the UI is being rendered in.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Sets the language the next render uses (the app does this; tests may too). Natively (tests)
/// the Vietnamese texts come with the compiled-in labs.
pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
    #[cfg(not(target_arch = "wasm32"))]
    let _ = crate::labs::loaded(lang);
}

/// A fixed UI text, written `t!("English", "Tiếng Việt")` and read with `.s()`: the program
/// holds the English, the Vietnamese comes with the Vietnamese labs file (see `course::lang::T`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct T(pub &'static str);

impl T {
    /// The text in the current language.
    pub fn s(self) -> &'static str {
        crate::course::T(self.0).get(lang())
    }

    /// The text in the current language with its `{name}` placeholders filled:
    /// `t!("{n} labs", "{n} bài lab").fill(&[("n", &3)])`. Both languages must use the same
    /// placeholders (`tests/i18n.rs` checks every `T` in the sources).
    pub fn fill(self, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(self.s(), values)
    }
}

pub use crate::course::lang::fill;

/// A text needed before any labs file has arrived (loading, failing to load, a panic), so
/// it keeps both languages in the program: `Both("English", "Tiếng Việt")`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Both(pub &'static str, pub &'static str);

impl Both {
    pub fn s(self) -> &'static str {
        match lang() {
            Lang::En => self.0,
            Lang::Vi => self.1,
        }
    }

    pub fn fill(self, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(self.s(), values)
    }
}

/// A number as the current language writes it (see `course::lang::number`).
pub fn number(value: f64, decimals: usize) -> String {
    crate::course::lang::number(value, decimals, lang())
}
