//! The checks every family can use: a number typed by the learner against a fixed value,
//! and a choice against fixed options. Also the number and choice verdicts that the other
//! families reuse once they know the right value.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::{Answer, Answers};
use crate::check::Verdict;
use crate::doc::Doc;
use crate::lab::{Input, InputKind};

/// The module marker.
pub struct Family;

/// `kind = "number"`: a number input equals `expected` within `tolerance` (absolute).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberCheck {
    pub input: String,
    pub expected: f64,
    #[serde(default)]
    pub tolerance: f64,
    /// Wrong numbers the lab recognises, each with its own advice.
    #[serde(default)]
    pub mistakes: Vec<Mistake>,
}

/// A wrong number a lab recognises (`mistakes = [{ value, tolerance, feedback }]` on a
/// number check): a learner who gives it gets its advice instead of the check's general one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mistake {
    pub value: f64,
    #[serde(default)]
    pub tolerance: f64,
    pub feedback: Doc,
}

/// The advice for the first mistake the learner's number matches.
pub(crate) fn recognised(answer: Option<&Answer>, mistakes: &[Mistake]) -> Option<Doc> {
    let given = answer.map(Answer::number)?.ok()?;
    mistakes
        .iter()
        .find(|m| within(given, m.value, m.tolerance))
        .map(|m| m.feedback.clone())
}

/// Problems with a check's mistakes: each must be a number the right answer is not.
pub(crate) fn validate_mistakes(
    mistakes: &[Mistake],
    expected: Option<f64>,
    tolerance: f64,
    problems: &mut Vec<String>,
) {
    for m in mistakes {
        if !(m.value.is_finite() && m.tolerance.is_finite() && m.tolerance >= 0.0) {
            problems.push(
                "a mistake's value and tolerance must be finite, tolerance at least 0".into(),
            );
        } else if m.feedback.text().trim().is_empty() {
            problems.push(format!(
                "mistake {} needs feedback",
                crate::check::show(m.value)
            ));
        } else if let Some(expected) = expected {
            if (m.value - expected).abs() <= tolerance + m.tolerance {
                problems.push(format!(
                    "mistake {} overlaps the right answer ({} within {})",
                    crate::check::show(m.value),
                    crate::check::show(expected),
                    crate::check::show(tolerance)
                ));
            }
        }
    }
}

/// Whether `given` is `expected` within `tolerance`, with a hair of slack so that
/// 2.1 - 2.0 <= 0.1 holds despite binary rounding.
fn within(given: f64, expected: f64, tolerance: f64) -> bool {
    let slack = tolerance + 1e-9 * expected.abs().max(1.0);
    (given - expected).abs() <= slack
}

/// `kind = "choice"`: a choice input selects exactly the options in `answer`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceCheck {
    pub input: String,
    pub answer: Vec<String>,
    /// Why an option is wrong, shown when the learner picks it.
    #[serde(default)]
    pub why: BTreeMap<String, Doc>,
}

/// The common check kinds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Check {
    Number(NumberCheck),
    Choice(ChoiceCheck),
}

impl FamilyModule for Family {
    type Items = ();
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &[];
    const KINDS: &'static [&'static str] = &["number", "choice"];

    #[cfg(feature = "files")]
    fn load(
        _: &mut (),
        _: &str,
        _: crate::load::Section<'_>,
        _: &crate::files::FileSet,
        _: &mut crate::load::Problems,
    ) {
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        if kind == "number" {
            NumberCheck::deserialize(body).map(Check::Number)
        } else {
            ChoiceCheck::deserialize(body).map(Check::Choice)
        }
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let mut problems = Vec::new();
        match check {
            Check::Number(c) => {
                if let Some(input) = input(lab, &c.input, &mut problems) {
                    expect_number(input, &mut problems);
                }
                if !c.expected.is_finite() {
                    problems.push("expected must be a finite number".into());
                }
                expect_tolerance(c.tolerance, &mut problems);
                validate_mistakes(&c.mistakes, Some(c.expected), c.tolerance, &mut problems);
            }
            Check::Choice(c) => {
                let Some(input) = input(lab, &c.input, &mut problems) else {
                    return problems;
                };
                match &input.kind {
                    InputKind::Choice { options, multiple } => {
                        let known = |id: &String| options.iter().any(|o| &o.id == id);
                        if c.answer.is_empty() || (!multiple && c.answer.len() != 1) {
                            problems.push(format!(
                                "answer must list {} option",
                                if *multiple {
                                    "at least one"
                                } else {
                                    "exactly one"
                                }
                            ));
                        }
                        for id in c.answer.iter().chain(c.why.keys()).filter(|id| !known(id)) {
                            problems.push(format!(
                                "option \"{id}\" is not an option of input \"{}\"",
                                input.id
                            ));
                        }
                    }
                    InputKind::Number { .. } | InputKind::Template { .. } => {
                        problems.push(format!("input \"{}\" is not a choice", input.id))
                    }
                }
            }
        }
        problems
    }

    fn grade(check: &Check, _: &LabView<'_>, answers: &Answers) -> Graded {
        match check {
            Check::Number(c) => number_graded(
                &c.input,
                answers,
                Some(c.expected),
                c.tolerance,
                &c.mistakes,
            ),
            Check::Choice(c) => choice_graded(&c.input, answers, &c.answer, &c.why),
        }
    }
}

/// The input a check reads, or a problem saying it does not exist.
pub(crate) fn input<'a>(
    lab: &LabView<'a>,
    id: &str,
    problems: &mut Vec<String>,
) -> Option<&'a Input> {
    let found = lab.inputs.iter().find(|i| i.id == id);
    if found.is_none() {
        problems.push(format!("input \"{id}\" is not defined in [[inputs]]"));
    }
    found
}

/// A problem unless the input takes a number.
pub(crate) fn expect_number(input: &Input, problems: &mut Vec<String>) {
    if !matches!(input.kind, InputKind::Number { .. }) {
        problems.push(format!("input \"{}\" is not a number input", input.id));
    }
}

/// A problem unless a tolerance is finite and not negative.
pub(crate) fn expect_tolerance(tolerance: f64, problems: &mut Vec<String>) {
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        problems.push("tolerance must be a finite number, at least 0".into());
    }
}

/// Problems unless a choice input is a single choice with every option in `needed`, and
/// every key of `why` is one of its options.
pub(crate) fn expect_single_choice_of(
    input: &Input,
    needed: &[&str],
    why: &BTreeMap<String, Doc>,
    what: &str,
    problems: &mut Vec<String>,
) {
    match &input.kind {
        InputKind::Choice {
            options,
            multiple: false,
        } => {
            for id in needed {
                if !options.iter().any(|o| o.id == *id) {
                    problems.push(format!(
                        "input \"{}\" needs an option with id \"{id}\"",
                        input.id
                    ));
                }
            }
            for id in why
                .keys()
                .filter(|id| !options.iter().any(|o| &o.id == *id))
            {
                problems.push(format!(
                    "option \"{id}\" is not an option of input \"{}\"",
                    input.id
                ));
            }
        }
        _ => problems.push(format!(
            "input \"{}\" must be a single choice of {what}",
            input.id
        )),
    }
}

/// A typed number against an expected value (`None`: the engine has none).
pub(crate) fn number_verdict(
    answer: Option<&Answer>,
    expected: Option<f64>,
    tolerance: f64,
) -> Verdict {
    let given = match answer.map(Answer::number) {
        None => return Verdict::NotAnswered,
        Some(Err(unread)) => return unread.into(),
        Some(Ok(n)) => n,
    };
    let Some(expected) = expected else {
        return Verdict::NoEngineValue;
    };
    if within(given, expected, tolerance) {
        Verdict::Correct
    } else if given > expected {
        Verdict::TooHigh { given }
    } else {
        Verdict::TooLow { given }
    }
}

/// A typed number graded against an expected value, with the advice of a recognised mistake.
pub(crate) fn number_graded(
    input: &str,
    answers: &Answers,
    expected: Option<f64>,
    tolerance: f64,
    mistakes: &[Mistake],
) -> Graded {
    let answer = answers.get(input);
    let verdict = number_verdict(answer, expected, tolerance);
    let feedback = if verdict.passed() {
        None
    } else {
        recognised(answer, mistakes)
    };
    Graded {
        feedback,
        ..Graded::new(input, verdict)
    }
}

/// The options chosen against the right ones (an exact set).
pub(crate) fn choice_verdict(chosen: &[String], right: &[String]) -> Verdict {
    if chosen.is_empty() {
        return Verdict::NotAnswered;
    }
    let missing = right.iter().filter(|r| !chosen.contains(r)).count();
    let extra = chosen.iter().filter(|c| !right.contains(c)).count();
    if missing == 0 && extra == 0 {
        Verdict::Correct
    } else {
        Verdict::WrongChoice { missing, extra }
    }
}

/// A choice input graded against the right options, with the `why` of each wrong pick.
pub(crate) fn choice_graded(
    input: &str,
    answers: &Answers,
    right: &[String],
    reasons: &BTreeMap<String, Doc>,
) -> Graded {
    let chosen = answers.get(input).map(Answer::choices).unwrap_or_default();
    let why = chosen
        .iter()
        .filter_map(|c| reasons.get(c).cloned())
        .collect();
    Graded {
        input: input.to_string(),
        verdict: choice_verdict(&chosen, right),
        why,
        feedback: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn typed(text: &str, lang: Lang) -> Answer {
        Answer::Typed {
            text: text.into(),
            lang,
        }
    }

    #[test]
    fn a_thousand_typed_as_the_app_prints_it_is_right() {
        for (text, lang) in [
            ("1,000", Lang::En),
            ("1000", Lang::En),
            ("1.000", Lang::Vi),
            ("1000", Lang::Vi),
            ("1,000.0", Lang::Vi),
            ("1.000,0", Lang::En),
        ] {
            let verdict = number_verdict(Some(&typed(text, lang)), Some(1000.0), 0.0);
            assert_eq!(verdict, Verdict::Correct, "{text} typed in {lang}");
        }
        // Read in the language it was typed in, whatever language the verdict is shown in.
        let one = number_verdict(Some(&typed("1.000", Lang::En)), Some(1000.0), 0.0);
        assert_eq!(one, Verdict::TooLow { given: 1.0 });
        assert_eq!(one.message(Lang::Vi), "Câu trả lời của bạn, 1, quá thấp.");
    }

    #[test]
    fn an_ambiguous_number_is_asked_about_in_the_readers_language() {
        let verdict = number_verdict(Some(&typed("1,000", Lang::Vi)), Some(1000.0), 0.0);
        assert!(!verdict.passed());
        assert_eq!(
            verdict.message(Lang::En),
            "Did you mean 1000 or 1? \"1,000\" can be read both ways: a comma separates thousands in English and marks the decimals in Vietnamese. Write 1000 or 1."
        );
        assert_eq!(
            verdict.message(Lang::Vi),
            "Bạn muốn nhập 1000 hay 1? \"1,000\" có thể hiểu theo cả hai cách: trong tiếng Anh dấu phẩy ngăn cách hàng nghìn, còn trong tiếng Việt dấu phẩy là dấu thập phân. Hãy viết 1000 hoặc 1."
        );
        let verdict = number_verdict(Some(&Answer::Text("2.500".into())), Some(2.5), 0.0);
        assert_eq!(
            verdict.message(Lang::Vi),
            "Bạn muốn nhập 2500 hay 2,5? \"2.500\" có thể hiểu theo cả hai cách: trong tiếng Anh dấu chấm là dấu thập phân, còn trong tiếng Việt dấu chấm ngăn cách hàng nghìn. Hãy viết 2500 hoặc 2,5."
        );
        assert!(verdict
            .message(Lang::En)
            .starts_with("Did you mean 2500 or 2.5?"));
        // A recognised mistake's advice needs a number it can read.
        assert_eq!(
            recognised(
                Some(&typed("1,000", Lang::Vi)),
                &[Mistake {
                    value: 1.0,
                    tolerance: 0.0,
                    feedback: Doc::default(),
                }]
            ),
            None
        );
    }
}
