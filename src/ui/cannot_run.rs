//! The one way a panel says why it shows no result: it is waiting for an answer (a muted
//! line with the input's id in `data-waiting`), or what it was given cannot run (an alert box
//! with the reason, the setting at fault when there is one, and any excerpt below).
use yew::prelude::*;

use crate::course::family::BuildError;
use crate::ui::i18n::lang;

/// Why a panel shows no result.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// An input it needs is not answered yet: the input's id and the sentence that asks for it.
    Waiting { input: String, text: String },
    /// It cannot run: the reason, after an optional heading and the setting at fault.
    Invalid {
        heading: Option<String>,
        field: Option<String>,
        reason: String,
    },
}

impl Why {
    /// It cannot run, for this reason.
    pub fn invalid(reason: impl Into<String>) -> Why {
        Why::Invalid {
            heading: None,
            field: None,
            reason: reason.into(),
        }
    }

    /// A family's build error, worded: `waiting` gets the missing input's id, `invalid` the reason.
    pub fn of(
        error: BuildError,
        waiting: impl Fn(&str) -> String,
        invalid: impl Fn(&str) -> String,
    ) -> Why {
        match error {
            BuildError::NotAnswered(input) => Why::Waiting {
                text: waiting(&input),
                input,
            },
            BuildError::Invalid(reason) => Why::invalid(invalid(&reason.get(lang()))),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct CannotRunProps {
    pub why: Why,
    /// The element's id (the alert's, for links and tests).
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Inside a table row: one cell spanning this many columns instead of a block.
    #[prop_or_default]
    pub colspan: Option<u32>,
    /// More of the explanation, below the reason (an excerpt of the input…).
    #[prop_or_default]
    pub children: Html,
}

/// What is missing, or why it cannot run.
#[component]
pub fn CannotRun(props: &CannotRunProps) -> Html {
    let id = props.id.clone();
    let colspan = props.colspan.map(|n| n.to_string());
    match &props.why {
        Why::Waiting { input, text } => match colspan {
            Some(colspan) => html! {
                <td {id} {colspan} class="muted" data-waiting={input.clone()}>{ text }</td>
            },
            None => html! { <p {id} class="muted" data-waiting={input.clone()}>{ text }</p> },
        },
        Why::Invalid {
            heading,
            field,
            reason,
        } => {
            let line = html! {
                <>
                    { for heading.iter().map(|h| html! { <><strong>{ h }</strong>{ " " }</> }) }
                    { for field.iter().map(|f| html! { <><code class="field">{ f }</code>{ ": " }</> }) }
                    { reason }
                </>
            };
            match colspan {
                Some(colspan) => html! {
                    <td {id} {colspan} class="key failed" role="alert">{ line }{ props.children.clone() }</td>
                },
                None => html! {
                    <div {id} class="error-box" role="alert">
                        <p>{ line }</p>
                        { props.children.clone() }
                    </div>
                },
            }
        }
    }
}
