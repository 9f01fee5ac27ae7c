//! The languages the app and every lab ship in. English is the language labs are written
//! in; every other language is a translation of it (see `translate` with feature `files`).
//! Code that words something for a learner takes a `Lang` (or reads the UI's current one);
//! nothing in the lab model reads a global.
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

/// A fixed text in every language: `T(english, vietnamese)`. Wording that takes values
/// is a function with a `match` on the language instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct T(pub &'static str, pub &'static str);

impl T {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.0,
            Lang::Vi => self.1,
        }
    }

    /// The text in `lang` with its `{name}` placeholders filled (see `fill`).
    pub fn fill(self, lang: Lang, values: &[(&str, &dyn fmt::Display)]) -> String {
        fill(self.get(lang), values)
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
    fn numbers_use_each_languages_separator() {
        assert_eq!(number(2.5, 2, Lang::En), "2.5");
        assert_eq!(number(2.5, 2, Lang::Vi), "2,5");
        assert_eq!(number(3.0, 1, Lang::Vi), "3");
        assert_eq!(number(-0.001, 1, Lang::En), "0");
        assert_eq!(T("yes", "có").get(Lang::Vi), "có");
        let t = T("{n} labs, {x}", "{n} bài lab, {x}");
        assert_eq!(t.fill(Lang::Vi, &[("n", &3)]), "3 bài lab, {x}");
        assert_eq!(fill("{a}{", &[("a", &"1")]), "1{");
    }
}
