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

/// Sets the language the next render uses (the app does this; tests may too).
pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// A fixed UI text in every language: `T("English", "Tiếng Việt")`, read with `.s()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct T(pub &'static str, pub &'static str);

impl T {
    /// The text in the current language.
    pub fn s(self) -> &'static str {
        crate::course::T(self.0, self.1).get(lang())
    }

    /// The text in the current language with its `{name}` placeholders filled:
    /// `T("{n} labs", "{n} bài lab").fill(&[("n", &3)])`. Both languages must use the same
    /// placeholders (`tests/i18n.rs` checks every `T` in the sources).
    pub fn fill(self, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(self.s(), values)
    }
}

pub use crate::course::lang::fill;

/// Chooses between wordings that take values: `by_lang(|| format!(…), || format!(…))`.
pub fn by_lang<R>(en: impl FnOnce() -> R, vi: impl FnOnce() -> R) -> R {
    match lang() {
        Lang::En => en(),
        Lang::Vi => vi(),
    }
}

/// A number as the current language writes it (see `course::lang::number`).
pub fn number(value: f64, decimals: usize) -> String {
    crate::course::lang::number(value, decimals, lang())
}
