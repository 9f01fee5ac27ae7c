//! The languages the app and every lab ship in. English is the language labs are written
//! in; every other language is a translation of it (see `translate` with feature `files`).
//! Code that words something for a learner takes a `Lang` (or reads the UI's current one);
//! nothing in the lab model reads a current language. The one shared state here is the table
//! of the texts' translations, installed once with the Vietnamese labs file (see `T`).
use std::fmt;

/// A language of the app. The order is the language switch's order.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Vi,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Vi];

    /// The BCP 47 code (`lang` attribute, file names, saved preference).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        }
    }

    /// The language's own name, as its speakers write it (the switch shows it).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Vi => "Tiếng Việt",
        }
    }

    /// Reads a code (`en`, `vi`, or a longer tag such as `vi-VN`); `None` if unknown.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The decimal separator numbers are written with (Vietnamese writes `2,5`).
    pub fn decimal_separator(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Vi => ',',
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A fixed text, written in the source as `t!("English", "Tiếng Việt")`; a wording that
/// takes values is a template with `{name}` placeholders, the same names in both languages.
///
/// The program keeps only the English, the key (like gettext's msgid): the build collects
/// every `t!`'s Vietnamese into the Vietnamese labs file, which the app installs with
/// [`install_translations`] before it shows anything in Vietnamese (native builds compile
/// this crate's own in). A text without a translation shows in English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct T(pub &'static str);

/// Every text's translation into Vietnamese, once installed.
static VI: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> =
    std::sync::OnceLock::new();

/// Installs the Vietnamese of the texts (English, Vietnamese): the first non-empty set wins
/// (the English labs file carries none).
pub fn install_translations(texts: &[(String, String)]) {
    if texts.is_empty() {
        return;
    }
    VI.get_or_init(|| {
        texts
            .iter()
            .map(|(en, vi)| -> (&'static str, &'static str) {
                (
                    Box::leak(en.clone().into_boxed_str()),
                    Box::leak(vi.clone().into_boxed_str()),
                )
            })
            .collect()
    });
}

/// The Vietnamese of `english`, if known.
fn vietnamese(english: &str) -> Option<&'static str> {
    if let Some(v) = VI.get().and_then(|table| table.get(english)) {
        return Some(v);
    }
    // Natively (tests, the CLI) this crate's own texts are compiled in.
    #[cfg(not(target_arch = "wasm32"))]
    {
        static OWN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/texts_vi.rs"));
        if let Some((_, v)) = OWN.iter().find(|(en, _)| *en == english) {
            return Some(v);
        }
    }
    None
}

impl T {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.0,
            Lang::Vi => vietnamese(self.0).unwrap_or(self.0),
        }
    }

    /// The text in `lang` with its `{name}` placeholders filled (see `fill`).
    pub fn fill(self, lang: Lang, values: &[(&str, &dyn fmt::Display)]) -> String {
        fill(self.get(lang), values)
    }
}

/// Words chosen where something happens and written where they are shown, in the
/// reader's language: a `T` (a template when it has `{name}` placeholders) and its values.
/// The lab model returns these (why a flag cannot run, why saved progress is unreadable),
/// so it never needs a language itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Wording {
    text: T,
    values: Vec<(&'static str, Value)>,
}

/// The value of a [`Wording`]'s placeholder.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Written the same in every language (an id, what the learner typed, a library's message).
    Text(String),
    /// Written with the language's decimal separator, at most two decimals.
    Number(f64),
    /// A fixed text, in the reader's language (a field's name).
    Word(T),
    /// Written in full, as the shortest decimal that reads back the same number (a value
    /// the learner gave, such as 0.0015), with the language's decimal separator.
    Exact(f64),
    /// Another wording, in the reader's language (a reason inside a sentence).
    Wording(Box<Wording>),
    /// A text already worded in every language, in the order of [`Lang::ALL`] (words made
    /// by a module that words whole sentences itself, such as `course::cfn`).
    Each(Vec<String>),
}

impl From<Wording> for Value {
    fn from(w: Wording) -> Value {
        Value::Wording(Box::new(w))
    }
}

impl From<T> for Value {
    fn from(t: T) -> Value {
        Value::Word(t)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Number(x)
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::Number(n as f64)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Number(f64::from(n))
    }
}

impl Wording {
    /// A fixed text, or a template to fill with [`Wording::with`].
    pub fn new(text: T) -> Wording {
        Wording {
            text,
            values: Vec::new(),
        }
    }

    /// The value of the placeholder `{name}`.
    pub fn with(mut self, name: &'static str, value: impl Into<Value>) -> Wording {
        self.values.push((name, value.into()));
        self
    }

    /// Text that has no translation: a library's or an engine's own (English) message.
    pub fn untranslated(text: impl Into<String>) -> Wording {
        Wording::new(T("{text}")).with("text", text.into())
    }

    /// A text worded by `say` in every language.
    pub fn each(say: impl Fn(Lang) -> String) -> Wording {
        Wording::new(T("{text}")).with(
            "text",
            Value::Each(Lang::ALL.iter().map(|l| say(*l)).collect()),
        )
    }

    /// The wording in `lang`.
    pub fn get(&self, lang: Lang) -> String {
        let shown: Vec<(&str, String)> = self
            .values
            .iter()
            .map(|(name, v)| {
                let s = match v {
                    Value::Text(t) => t.clone(),
                    Value::Number(x) => number(*x, 2, lang),
                    Value::Word(t) => t.get(lang).to_string(),
                    Value::Exact(x) => exact(*x, lang),
                    Value::Wording(w) => w.get(lang),
                    Value::Each(texts) => Lang::ALL
                        .iter()
                        .position(|l| *l == lang)
                        .and_then(|i| texts.get(i))
                        .cloned()
                        .unwrap_or_default(),
                };
                (*name, s)
            })
            .collect();
        let values: Vec<(&str, &dyn fmt::Display)> = shown
            .iter()
            .map(|(n, s)| (*n, s as &dyn fmt::Display))
            .collect();
        self.text.fill(lang, &values)
    }
}

/// Writes a decimal number for `lang`: at most `decimals` digits after the separator,
/// trailing zeros dropped (`2.50` → `2.5` in English, `2,5` in Vietnamese).
pub fn number(value: f64, decimals: usize, lang: Lang) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let mut s = format!("{value:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".into();
    }
    if lang.decimal_separator() != '.' {
        s = s.replace('.', &lang.decimal_separator().to_string());
    }
    s
}

/// The separator `lang` groups thousands with (`3,600,065` in English, `3.600.065` in
/// Vietnamese): the other language's decimal separator.
pub fn thousands_separator(lang: Lang) -> char {
    match lang {
        Lang::En => ',',
        Lang::Vi => '.',
    }
}

/// A whole number with `lang`'s thousands separators: 3,600,065 (3.600.065 in Vietnamese).
pub fn grouped(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(thousands_separator(lang));
        }
        out.push(c);
    }
    out
}

/// Writes a number in full (Rust's shortest round-trip form, as `{}` writes it) with the
/// language's decimal separator: `0.0015` in English, `0,0015` in Vietnamese.
pub fn exact(value: f64, lang: Lang) -> String {
    let s = value.to_string();
    match lang.decimal_separator() {
        '.' => s,
        separator => s.replace('.', &separator.to_string()),
    }
}

/// Replaces each `{name}` in `template` by its value; an unknown name is left as written.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(&v.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_tags_are_read_by_their_primary_language() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::from_code("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn the_english_files_empty_table_does_not_shut_out_the_vietnamese() {
        install_translations(&[]);
        install_translations(&[("An installed key".into(), "Một khóa đã cài".into())]);
        assert_eq!(T("An installed key").get(Lang::Vi), "Một khóa đã cài");
        assert_eq!(T("An installed key").get(Lang::En), "An installed key");
    }

    #[test]
    fn numbers_use_each_languages_separator() {
        assert_eq!(number(2.5, 2, Lang::En), "2.5");
        assert_eq!(number(2.5, 2, Lang::Vi), "2,5");
        assert_eq!(number(3.0, 1, Lang::Vi), "3");
        assert_eq!(number(-0.001, 1, Lang::En), "0");
        assert_eq!(t!("yes", "có").get(Lang::Vi), "có");
        assert_eq!(T("never translated").get(Lang::Vi), "never translated");
        let t = t!("{n} labs, {x}", "{n} bài lab, {x}");
        assert_eq!(t.fill(Lang::Vi, &[("n", &3)]), "3 bài lab, {x}");
        assert_eq!(fill("{a}{", &[("a", &"1")]), "1{");
        let w = Wording::new(t!("{x} of {id}", "{x} của {id}"))
            .with("x", 2.5)
            .with("id", "a");
        assert_eq!(w.get(Lang::En), "2.5 of a");
        assert_eq!(w.get(Lang::Vi), "2,5 của a");
        assert_eq!(Wording::untranslated("oops").get(Lang::Vi), "oops");
        let inner = Wording::new(t!("yes", "có"));
        let w = Wording::new(T("{x}: {inner}"))
            .with("x", Value::Exact(0.0015))
            .with("inner", inner);
        assert_eq!(w.get(Lang::En), "0.0015: yes");
        assert_eq!(w.get(Lang::Vi), "0,0015: có");
    }
}
