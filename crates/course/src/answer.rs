//! A learner's answers, as the UI keeps them and as attempt files write them.
//!
//! A number field keeps the text as typed **and the language it was typed in**
//! ([`Answer::Typed`]): the reading of `1.000` depends on it (a thousand in Vietnamese, one in
//! English), so an answer is read in the language it was written in, not in whatever
//! language the app shows when it is graded again (after a switch, a reload, an import).
//! Text without a language (attempt files, progress saved before languages were recorded)
//! is read only where every language reads it the same ([`read_number`] with `None`).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// One answer: a number, the text typed into a number field (with the language it was typed
/// in) or one choice's id, or several choices' ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Number(f64),
    /// A choice's id, or a number written without a language (read by the rules every
    /// language shares).
    Text(String),
    Choices(Vec<String>),
    /// What the learner typed into a number field, in the language the app was in.
    Typed {
        text: String,
        lang: Lang,
    },
}

/// Answers by input id.
pub type Answers = BTreeMap<String, Answer>;

/// The text typed into input `input` (a template, a script), or `None` when it is empty or
/// blank: what every workspace that reads a learner's file starts from.
pub fn text<'a>(answers: &'a Answers, input: &str) -> Option<&'a str> {
    match answers.get(input) {
        Some(Answer::Text(t)) if !t.trim().is_empty() => Some(t),
        _ => None,
    }
}

/// Why an answer is not a number.
#[derive(Clone, Debug, PartialEq)]
pub enum Unread {
    /// Nothing typed.
    Empty,
    /// Not a number (the text, shortened).
    NotANumber(String),
    /// A number that can be read two ways: see [`Ambiguity`].
    Ambiguous(Ambiguity),
}

/// `1,000` typed in Vietnamese: a thousand (the English thousands separator) or one (the
/// Vietnamese decimal comma followed by three zeros)?
#[derive(Clone, Debug, PartialEq)]
pub struct Ambiguity {
    /// What was typed (shortened).
    pub given: String,
    /// The separator that can be read both ways (`,` or `.`).
    pub separator: char,
    /// The reading with `separator` as a thousands separator.
    pub whole: f64,
    /// The reading with `separator` as the decimal separator.
    pub decimal: f64,
}

impl Answer {
    /// The answer as a number, read in the language it was typed in (see [`read_number`]).
    ///
    /// Accepts the decimal separator of either language where only one reading is possible
    /// (`2,5` and `2.5`), thousands separators (`1,000` in English, `1.000` in Vietnamese,
    /// `1,000.5`, `1.000,5`) and a trailing `%`.
    pub fn number(&self) -> Result<f64, Unread> {
        match self {
            Answer::Number(n) if n.is_finite() => Ok(*n),
            Answer::Number(n) => Err(Unread::NotANumber(n.to_string())),
            Answer::Text(text) => read_number(text, None),
            Answer::Typed { text, lang } => read_number(text, Some(*lang)),
            Answer::Choices(c) if c.is_empty() => Err(Unread::Empty),
            Answer::Choices(c) => Err(Unread::NotANumber(c.join(", "))),
        }
    }

    /// The chosen option ids.
    pub fn choices(&self) -> Vec<String> {
        match self {
            Answer::Text(t) | Answer::Typed { text: t, .. } if t.trim().is_empty() => Vec::new(),
            Answer::Text(t) | Answer::Typed { text: t, .. } => vec![t.trim().to_string()],
            Answer::Choices(c) => c.clone(),
            Answer::Number(n) => vec![n.to_string()],
        }
    }

    /// The answer as the text a form field shows.
    pub fn as_text(&self) -> String {
        match self {
            Answer::Number(n) => n.to_string(),
            Answer::Text(t) | Answer::Typed { text: t, .. } => t.clone(),
            Answer::Choices(c) => c.join(", "),
        }
    }
}

/// How a single separator followed by exactly three digits (`1,000`, `1.005`) is read.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reading {
    Thousands,
    Decimal,
    Ask,
}

/// The reading of `1,000`-shaped text (one `separator`, a whole part of one to three digits
/// not starting with 0, then exactly three digits) for text typed in `lang`:
///
/// - the language's own thousands separator groups (the app prints 1,000 in English and
///   1.000 in Vietnamese);
/// - in English a point is a decimal point (English never groups with a point);
/// - in Vietnamese a comma is the decimal comma when the three digits do not end in 0
///   (`1,005`: the app prints 1.005 this way), and the learner is asked when they do
///   (`1,000`, `2,500`): the app never prints a decimal with a trailing zero, and the English
///   way of writing a thousand is as common in Vietnam as the Vietnamese one;
/// - with no language known, the learner is asked.
fn reading(separator: char, last_digit: char, lang: Option<Lang>) -> Reading {
    match (lang, separator) {
        (None, _) => Reading::Ask,
        (Some(Lang::En), ',') | (Some(Lang::Vi), '.') => Reading::Thousands,
        (Some(Lang::En), _) => Reading::Decimal,
        (Some(Lang::Vi), _) if last_digit == '0' => Reading::Ask,
        (Some(Lang::Vi), _) => Reading::Decimal,
    }
}

/// Reads a number as a learner types it in `lang` (`None`: the language is not known).
///
/// Every number the app prints in a language reads back as the same number in that
/// language: `course::lang::number` and `exact` (`2.5` / `2,5`, no grouping) and the UI's
/// grouped whole numbers (`3,600,065` / `3.600.065`). Where the separators say it all, the
/// language does not matter: two of the same separator group (`1,000,000`), two different
/// ones make the last the decimal one (`1,000.5`, `1.000,5`), and one separator not followed
/// by exactly three digits is decimal (`2,5`, `0.125`, `1234,567`). A single separator
/// followed by exactly three digits is read by [`reading`], which may ask
/// ([`Unread::Ambiguous`]).
pub fn read_number(text: &str, lang: Option<Lang>) -> Result<f64, Unread> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Unread::Empty);
    }
    let shown = || trimmed.chars().take(40).collect::<String>();
    let not_a_number = || Unread::NotANumber(shown());
    let bare = trimmed.strip_suffix('%').unwrap_or(trimmed).trim_end();
    let (negative, body) = match bare.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, bare.strip_prefix('+').unwrap_or(bare)),
    };
    let commas = body.matches(',').count();
    let points = body.matches('.').count();
    // The number in Rust's syntax (a point for decimals, no grouping), without its sign.
    let plain = match (commas, points) {
        (0, 0) => body.to_string(),
        (1.., 1..) => {
            let last = body.rfind([',', '.']).ok_or_else(not_a_number)?;
            let decimal = if body[last..].starts_with(',') {
                ','
            } else {
                '.'
            };
            let group = if decimal == ',' { '.' } else { ',' };
            let (whole, fraction) = (&body[..last], &body[last + 1..]);
            if whole.contains(decimal) {
                return Err(not_a_number());
            }
            format!(
                "{}.{fraction}",
                ungroup(whole, group).ok_or_else(not_a_number)?
            )
        }
        _ if commas + points >= 2 => {
            let separator = if commas > 0 { ',' } else { '.' };
            ungroup(body, separator).ok_or_else(not_a_number)?
        }
        _ => {
            let separator = if commas == 1 { ',' } else { '.' };
            let (whole, fraction) = body.split_once(separator).ok_or_else(not_a_number)?;
            let grouped = fraction.len() == 3
                && fraction.bytes().all(|b| b.is_ascii_digit())
                && leading_group(whole);
            let last_digit = fraction.chars().last().unwrap_or('0');
            match grouped.then(|| reading(separator, last_digit, lang)) {
                Some(Reading::Thousands) => format!("{whole}{fraction}"),
                Some(Reading::Ask) => {
                    let sign = if negative { -1.0 } else { 1.0 };
                    let whole_reading: f64 = format!("{whole}{fraction}").parse().unwrap_or(0.0);
                    let decimal_reading: f64 = format!("{whole}.{fraction}").parse().unwrap_or(0.0);
                    return Err(Unread::Ambiguous(Ambiguity {
                        given: shown(),
                        separator,
                        whole: sign * whole_reading,
                        decimal: sign * decimal_reading,
                    }));
                }
                Some(Reading::Decimal) | None => format!("{whole}.{fraction}"),
            }
        }
    };
    // Rust's syntax allows a sign and an exponent, never a second sign before the digits.
    if plain.starts_with(['+', '-']) {
        return Err(not_a_number());
    }
    let signed = if negative { format!("-{plain}") } else { plain };
    match signed.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(n),
        _ => Err(not_a_number()),
    }
}

/// The first group of a grouped whole number: one to three digits, not starting with 0.
fn leading_group(digits: &str) -> bool {
    (1..=3).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// A whole number grouped by `separator` in threes (`1,000,000`) as plain digits, or `None`.
fn ungroup(text: &str, separator: char) -> Option<String> {
    let mut groups = text.split(separator);
    let first = groups.next()?;
    if !leading_group(first) {
        return None;
    }
    let mut digits = first.to_string();
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{exact, grouped, number};

    fn num(text: &str) -> Result<f64, Unread> {
        Answer::Text(text.into()).number()
    }

    fn typed(text: &str, lang: Lang) -> Result<f64, Unread> {
        Answer::Typed {
            text: text.into(),
            lang,
        }
        .number()
    }

    fn not_a_number(text: &str) -> Result<f64, Unread> {
        Err(Unread::NotANumber(text.into()))
    }

    fn ambiguous(given: &str, separator: char, whole: f64, decimal: f64) -> Result<f64, Unread> {
        Err(Unread::Ambiguous(Ambiguity {
            given: given.into(),
            separator,
            whole,
            decimal,
        }))
    }

    #[test]
    fn numbers_are_read_leniently_but_not_wrongly() {
        for lang in [None, Some(Lang::En), Some(Lang::Vi)] {
            let read = |text: &str| read_number(text, lang);
            assert_eq!(read("2"), Ok(2.0));
            assert_eq!(read(" 2.5 "), Ok(2.5));
            assert_eq!(read("2,5"), Ok(2.5), "a comma before one digit is decimal");
            assert_eq!(read("0,125"), Ok(0.125), "a whole part of 0 is not a group");
            assert_eq!(read("0.125"), Ok(0.125));
            assert_eq!(
                read("1234,567"),
                Ok(1234.567),
                "four digits are not a group"
            );
            assert_eq!(read("1,0000"), Ok(1.0));
            assert_eq!(read("-2,5"), Ok(-2.5));
            assert_eq!(read("25%"), Ok(25.0));
            assert_eq!(read("1e2"), Ok(100.0));
            assert_eq!(read("1,5e3"), Ok(1500.0));
            assert_eq!(
                read("1,000.5"),
                Ok(1000.5),
                "two separators say which is which"
            );
            assert_eq!(read("1.000,5"), Ok(1000.5));
            assert_eq!(read("-1.234.567,25"), Ok(-1_234_567.25));
            assert_eq!(read("1,000,000"), Ok(1e6), "a repeated separator groups");
            assert_eq!(read("1.000.000"), Ok(1e6));
            assert_eq!(read(""), Err(Unread::Empty));
            assert_eq!(read("   "), Err(Unread::Empty));
            for wrong in [
                "two",
                "1,00,000",
                "1.000.5",
                "1,000,5",
                "1.000,000.5",
                ",5.5",
                "--5",
                "+-5",
                "1,000.5.5",
                "inf",
                "NaN",
                "0,500,000",
            ] {
                assert_eq!(read(wrong), not_a_number(wrong), "{wrong} in {lang:?}");
            }
        }
        assert_eq!(Answer::Number(3.0).number(), Ok(3.0));
        assert!(Answer::Number(f64::NAN).number().is_err());
    }

    #[test]
    fn one_thousand_is_read_as_each_language_writes_it() {
        assert_eq!(typed("1,000", Lang::En), Ok(1000.0));
        assert_eq!(typed("12,345", Lang::En), Ok(12345.0));
        assert_eq!(typed("1.000", Lang::Vi), Ok(1000.0));
        assert_eq!(
            typed("1.000", Lang::En),
            Ok(1.0),
            "English never groups with a point"
        );
        assert_eq!(typed("1.005", Lang::En), Ok(1.005));
        assert_eq!(
            typed("1,005", Lang::Vi),
            Ok(1.005),
            "as the app writes 1.005 in Vietnamese"
        );
        assert_eq!(typed("-1,000", Lang::En), Ok(-1000.0));
    }

    #[test]
    fn a_reading_the_language_cannot_settle_is_asked_not_guessed() {
        assert_eq!(
            typed("1,000", Lang::Vi),
            ambiguous("1,000", ',', 1000.0, 1.0)
        );
        assert_eq!(
            typed("2,500%", Lang::Vi),
            ambiguous("2,500%", ',', 2500.0, 2.5)
        );
        assert_eq!(typed("-1,255", Lang::Vi), Ok(-1.255));
        assert_eq!(
            typed("-1,200", Lang::Vi),
            ambiguous("-1,200", ',', -1200.0, -1.2)
        );
        // Text without a language (attempt files, older progress): both are asked.
        assert_eq!(num("1,000"), ambiguous("1,000", ',', 1000.0, 1.0));
        assert_eq!(num("1.000"), ambiguous("1.000", '.', 1000.0, 1.0));
        assert_eq!(num("1.005"), ambiguous("1.005", '.', 1005.0, 1.005));
    }

    /// The numbers the app prints, for a range of values: `lang::number` with 0 to 6
    /// decimals, `lang::exact`, and grouped whole numbers.
    fn printed(lang: Lang) -> Vec<(String, f64)> {
        let mut values: Vec<f64> = Vec::new();
        for i in 0..=2_000 {
            let i = f64::from(i);
            values.extend([i, i / 8.0, i / 1000.0, i * 1.001, i * 997.0 + 0.5, -i / 3.0]);
        }
        values.extend([
            0.0015,
            1.005,
            2.125,
            1234.567,
            99_999.999,
            3_600_065.0,
            1e9 + 0.25,
        ]);
        let mut out = Vec::new();
        for x in values {
            for decimals in 0..=6 {
                let english = number(x, decimals, Lang::En);
                out.push((number(x, decimals, lang), english.parse().unwrap()));
            }
            out.push((exact(x, lang), x));
            if x >= 0.0 && x.fract() == 0.0 {
                out.push((grouped(x as u64, lang), x));
            }
        }
        out
    }

    #[test]
    fn every_number_the_app_prints_reads_back_the_same_in_its_language() {
        for lang in Lang::ALL {
            for (text, value) in printed(lang) {
                let answer = Answer::Typed {
                    text: text.clone(),
                    lang,
                };
                assert_eq!(answer.number(), Ok(value), "{text} in {lang}");
                assert_eq!(
                    typed(&format!("{text}%"), lang),
                    Ok(value),
                    "{text}% in {lang}"
                );
            }
        }
    }

    #[test]
    fn a_long_non_number_is_shortened_in_the_message() {
        let long = "x".repeat(10_000);
        assert_eq!(num(&long), Err(Unread::NotANumber("x".repeat(40))));
    }

    #[test]
    fn choices_read_from_text_and_lists() {
        assert_eq!(Answer::Text("high".into()).choices(), vec!["high"]);
        assert!(Answer::Text(" ".into()).choices().is_empty());
        assert_eq!(
            Answer::Choices(vec!["a".into(), "b".into()]).choices(),
            vec!["a", "b"]
        );
    }

    #[test]
    fn typed_text_keeps_its_language_in_json() {
        let answer = Answer::Typed {
            text: "1.000".into(),
            lang: Lang::Vi,
        };
        let json = serde_json::to_string(&answer).unwrap();
        assert_eq!(json, r#"{"text":"1.000","lang":"vi"}"#);
        assert_eq!(serde_json::from_str::<Answer>(&json).unwrap(), answer);
        assert_eq!(answer.as_text(), "1.000");
        assert_eq!(answer.number(), Ok(1000.0));
    }

    #[test]
    #[cfg(feature = "files")]
    fn answers_round_trip_through_toml_and_json() {
        let text =
            "a = 2.5\nb = \"high\"\nc = [\"x\", \"y\"]\nd = { text = \"1,000\", lang = \"en\" }\n";
        let answers: Answers = toml::from_str(text).unwrap();
        assert_eq!(answers["a"], Answer::Number(2.5));
        assert_eq!(answers["b"], Answer::Text("high".into()));
        assert_eq!(answers["c"], Answer::Choices(vec!["x".into(), "y".into()]));
        assert_eq!(answers["d"].number(), Ok(1000.0));
        let json = serde_json::to_string(&answers).unwrap();
        assert_eq!(serde_json::from_str::<Answers>(&json).unwrap(), answers);
    }
}
