//! The answer fields of one step: numbers, choices and templates, each labelled, each showing its last check's mark.
use yew::prelude::*;

use super::i18n::lang;
use super::shared::Static;
use super::text;
use crate::course::{Answer, Answers, CheckResult, Input, InputKind};

#[derive(Properties, PartialEq)]
pub struct StepInputsProps {
    pub inputs: Vec<Static<Input>>,
    pub answers: Answers,
    /// The last graded results, to mark each field.
    pub results: Option<Vec<CheckResult>>,
    pub onanswer: Callback<(String, Option<Answer>)>,
}

/// The step's answer form.
#[component]
pub fn StepInputs(props: &StepInputsProps) -> Html {
    if props.inputs.is_empty() {
        return html! { <p class="muted">{ text::NO_INPUTS.s() }</p> };
    }
    let fields = props.inputs.iter().map(|input| {
        let result = props.results.as_ref().and_then(|rs| rs.iter().find(|r| r.input == input.id)).cloned();
        html! {
            <Field input={*input} answer={props.answers.get(&input.id).cloned()} {result} onanswer={props.onanswer.clone()} />
        }
    });
    html! {
        <form class="answers" aria-label={text::ANSWERS.s()} onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { for fields }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct FieldProps {
    input: Static<Input>,
    answer: Option<Answer>,
    result: Option<CheckResult>,
    onanswer: Callback<(String, Option<Answer>)>,
}

#[component]
fn Field(props: &FieldProps) -> Html {
    let id = format!("input-{}", props.input.id);
    let mark = props.result.as_ref().map(|r| {
        let (class, sign) = if r.passed() {
            ("mark pass", "✓")
        } else {
            ("mark fail", "✗")
        };
        let message = r.verdict.message(lang());
        html! { <span class={class} aria-label={message.clone()} title={message}>{ sign }</span> }
    });
    match &props.input.kind {
        InputKind::Number { unit } => {
            let value = props
                .answer
                .as_ref()
                .map(Answer::as_text)
                .unwrap_or_default();
            let oninput = {
                let cb = props.onanswer.clone();
                let input_id = props.input.id.clone();
                Callback::from(move |e: InputEvent| {
                    let text: String = e
                        .target_unchecked_into::<web_sys::HtmlInputElement>()
                        .value();
                    // Kept with the language it is typed in: `1.000` is a thousand in
                    // Vietnamese and one in English, whatever language grades it later.
                    let answer = (!text.trim().is_empty()).then(|| Answer::Typed {
                        text: text.chars().take(64).collect(),
                        lang: lang(),
                    });
                    cb.emit((input_id.clone(), answer));
                })
            };
            html! {
                <div class="field number">
                    <label for={id.clone()}>{ &props.input.label }</label>
                    <span class="with-unit">
                        <input {id} type="text" inputmode="decimal" autocomplete="off" maxlength="64" {value} {oninput} />
                        { for unit.iter().map(|u| html! { <span class="unit">{ u }</span> }) }
                        { mark }
                    </span>
                </div>
            }
        }
        InputKind::Choice { options, multiple } => {
            let chosen = props
                .answer
                .as_ref()
                .map(Answer::choices)
                .unwrap_or_default();
            let multiple = *multiple;
            let items = options.iter().map(|option| {
                let checked = chosen.contains(&option.id);
                let onchange = {
                    let cb = props.onanswer.clone();
                    let input_id = props.input.id.clone();
                    let option_id = option.id.clone();
                    let chosen = chosen.clone();
                    Callback::from(move |_: Event| {
                        let answer = if multiple {
                            let mut next: Vec<String> = chosen.iter().filter(|c| **c != option_id).cloned().collect();
                            if !checked {
                                next.push(option_id.clone());
                            }
                            (!next.is_empty()).then_some(Answer::Choices(next))
                        } else {
                            Some(Answer::Text(option_id.clone()))
                        };
                        cb.emit((input_id.clone(), answer));
                    })
                };
                let option_dom_id = format!("{id}-{}", option.id);
                html! {
                    <li>
                        <input type={if multiple { "checkbox" } else { "radio" }} id={option_dom_id.clone()} name={id.clone()}
                            value={option.id.clone()} {checked} {onchange} />
                        <label for={option_dom_id}>{ &option.label }</label>
                    </li>
                }
            });
            html! {
                <fieldset class="field choice" id={id.clone()}>
                    <legend>{ &props.input.label }{ mark }</legend>
                    <ul>{ for items }</ul>
                </fieldset>
            }
        }
        InputKind::Template { starter } => {
            let value = match &props.answer {
                Some(Answer::Text(t)) => t.clone(),
                _ => starter.clone(),
            };
            let oninput = {
                let cb = props.onanswer.clone();
                let input_id = props.input.id.clone();
                Callback::from(move |e: InputEvent| {
                    let text: String = e
                        .target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                        .value();
                    // Kept whole up to CloudFormation's 1 MB limit (and a byte more, so
                    // that the limit is what the grade reports), never cut mid-character.
                    let mut end = text.len().min(1_000_001);
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    cb.emit((
                        input_id.clone(),
                        Some(Answer::Text(text[..end].to_string())),
                    ));
                })
            };
            let lines = value.split('\n').count();
            let numbers: String = (1..=lines).map(|n| format!("{n:>4}\n")).collect();
            html! {
                <div class="field template">
                    <label for={id.clone()}>{ &props.input.label }{ mark }</label>
                    <div class="code-editor">
                        <pre class="gutter" aria-hidden="true">{ numbers }</pre>
                        <textarea {id} class="editor" wrap="off" spellcheck="false" rows={(lines + 1).clamp(8, 40).to_string()} {value} {oninput} />
                    </div>
                </div>
            }
        }
    }
}
