//! A learner's answers, as the UI keeps them and as attempt files write them.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One answer: a number, the text typed into a number field or one choice's id, or several choices' ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Number(f64),
    Text(String),
    Choices(Vec<String>),
}

/// Answers by input id.
pub type Answers = BTreeMap<String, Answer>;

impl Answer {
    /// The answer as a number. `Err(None)`: nothing typed; `Err(Some(text))`: not a number.
    ///
    /// Accepts a decimal comma (`2,5`, as written in Vietnamese) and a trailing `%`.
    pub fn number(&self) -> Result<f64, Option<String>> {
        match self {
            Answer::Number(n) if n.is_finite() => Ok(*n),
            Answer::Number(n) => Err(Some(n.to_string())),
            Answer::Text(text) => parse_number(text),
            Answer::Choices(c) if c.is_empty() => Err(None),
            Answer::Choices(c) => Err(Some(c.join(", "))),
        }
    }

    /// The chosen option ids.
    pub fn choices(&self) -> Vec<String> {
        match self {
            Answer::Text(t) if t.trim().is_empty() => Vec::new(),
            Answer::Text(t) => vec![t.trim().to_string()],
            Answer::Choices(c) => c.clone(),
            Answer::Number(n) => vec![n.to_string()],
        }
    }

    /// The answer as the text a form field shows.
    pub fn as_text(&self) -> String {
        match self {
            Answer::Number(n) => n.to_string(),
            Answer::Text(t) => t.clone(),
            Answer::Choices(c) => c.join(", "),
        }
    }
}

fn parse_number(text: &str) -> Result<f64, Option<String>> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(None);
    }
    let shown = || Some(trimmed.chars().take(40).collect::<String>());
    let bare = trimmed.strip_suffix('%').unwrap_or(trimmed).trim_end();
    let normal = if bare.contains(',') && !bare.contains('.') {
        bare.replace(',', ".")
    } else {
        bare.to_string()
    };
    match normal.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(n),
        _ => Err(shown()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Result<f64, Option<String>> {
        Answer::Text(text.into()).number()
    }

    #[test]
    fn numbers_are_read_leniently_but_not_wrongly() {
        assert_eq!(num("2"), Ok(2.0));
        assert_eq!(num(" 2.5 "), Ok(2.5));
        assert_eq!(num("2,5"), Ok(2.5));
        assert_eq!(num("25%"), Ok(25.0));
        assert_eq!(num("1e2"), Ok(100.0));
        assert_eq!(num(""), Err(None));
        assert_eq!(num("   "), Err(None));
        assert_eq!(num("two"), Err(Some("two".into())));
        assert_eq!(num("1,000.5"), Err(Some("1,000.5".into())));
        assert_eq!(num("inf"), Err(Some("inf".into())));
        assert_eq!(num("NaN"), Err(Some("NaN".into())));
        assert_eq!(Answer::Number(3.0).number(), Ok(3.0));
        assert!(Answer::Number(f64::NAN).number().is_err());
    }

    #[test]
    fn a_long_non_number_is_shortened_in_the_message() {
        let long = "x".repeat(10_000);
        assert_eq!(num(&long), Err(Some("x".repeat(40))));
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
    #[cfg(feature = "files")]
    fn answers_round_trip_through_toml_and_json() {
        let text = "a = 2.5\nb = \"high\"\nc = [\"x\", \"y\"]\n";
        let answers: Answers = toml::from_str(text).unwrap();
        assert_eq!(answers["a"], Answer::Number(2.5));
        assert_eq!(answers["b"], Answer::Text("high".into()));
        assert_eq!(answers["c"], Answer::Choices(vec!["x".into(), "y".into()]));
        let json = serde_json::to_string(&answers).unwrap();
        assert_eq!(serde_json::from_str::<Answers>(&json).unwrap(), answers);
    }
}
