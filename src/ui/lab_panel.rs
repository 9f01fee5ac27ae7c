//! A lab's workspace built in the parsers worker, for the families whose engines stay there
//! (`FamilyModule::WORKER_PANEL`: CloudFormation's stacks and the learner's template
//! previewed, CI/CD's builds and pipeline runs). The worker finds the lab in its copy of the
//! labs file and builds the panel from the learner's answers; this side draws it
//! (`crate::ui::panel`) and offers its action buttons, which write into one of the lab's
//! inputs (a line per action, with Undo and Start over; or, for a builder, the input's whole
//! new text), so what the learner did is an answer like any other: saved, graded, replayed
//! by the worker.
use std::rc::Rc;

use yew::prelude::*;

use crate::course::jobs::{Job, LabGrade, Outcome};
use crate::course::panel::{Actions, Tone};
use crate::course::{Answer, Answers};
use crate::ui::i18n::T;
use crate::ui::parsers::use_job;
use crate::ui::shared::LabRef;

#[derive(Properties, PartialEq)]
pub struct LabPanelProps {
    pub lab: LabRef,
    pub answers: Answers,
    /// The inputs of the step the learner is on (the workspace shows what they concern).
    pub focus: Vec<String>,
    /// Writes an input's answer (the action buttons' lines).
    pub onanswer: Callback<(String, Option<Answer>)>,
}

/// The workspace; the last panel stays on screen while the next is built.
#[component]
pub fn LabPanel(props: &LabPanelProps) -> Html {
    let lang = crate::ui::i18n::lang();
    let outcome = use_job(Job::LabPanel(LabGrade {
        lab: props.lab.id.clone(),
        labs: crate::labs::file_name(lang).into(),
        lang,
        schemas: crate::labs::CFN_SCHEMAS_FILE.into(),
        checks: Vec::new(),
        answers: serde_json::to_string(&props.answers).unwrap_or_default(),
        focus: props.focus.clone(),
    }));
    // The last answer and its drawing (built once per answer) stay while the next is built.
    let kept = use_mut_ref(|| (None::<Rc<Outcome>>, Html::default()));
    if let Some(new) = outcome {
        let mut k = kept.borrow_mut();
        if !k.0.as_ref().is_some_and(|old| Rc::ptr_eq(old, &new)) {
            if let Outcome::Panel(p) = &*new {
                k.1 = crate::ui::panel::view(p);
            }
            k.0 = Some(new);
        }
    }
    let (shown, drawn) = {
        let k = kept.borrow();
        (k.0.clone(), k.1.clone())
    };
    match shown.as_deref() {
        Some(Outcome::Panel(p)) => html! {
            <section id="lab-panel" aria-label={t!("The simulated AWS account", "Tài khoản AWS mô phỏng").s()}>
                { for p.actions.iter().map(|a| actions(a, &props.answers, &props.onanswer)) }
                { drawn }
            </section>
        },
        Some(Outcome::NotRun(reason) | Outcome::BadRequest(reason)) => {
            html! { <p class="error-box" role="status">{ reason }</p> }
        }
        _ => html! {
            <p class="muted" role="status">{ t!("Setting up the simulated account…", "Đang dựng tài khoản mô phỏng…").s() }</p>
        },
    }
}

/// A group of action buttons, and Undo and Start over when something was done.
fn actions(
    group: &Actions,
    answers: &Answers,
    onanswer: &Callback<(String, Option<Answer>)>,
) -> Html {
    let text = match answers.get(&group.input) {
        Some(Answer::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let write = |lines: Vec<String>| {
        let input = group.input.clone();
        let onanswer = onanswer.clone();
        move |_: MouseEvent| {
            let answer = (!lines.is_empty()).then(|| Answer::Text(lines.join("\n")));
            onanswer.emit((input.clone(), answer));
        }
    };
    let tone = |t: Tone| if t == Tone::Good { "primary" } else { "" };
    html! {
        <div class="panel-actions" role="group" aria-label={group.label.clone()}>
            { for group.buttons.iter().map(|b| {
                // A builder's button is the input's whole new text; others add a line.
                let more = if group.replace {
                    vec![b.op.clone()]
                } else {
                    let mut more = lines.clone();
                    more.push(b.op.clone());
                    more
                };
                html! { <button type="button" class={tone(b.tone)} onclick={write(more)}>{ &b.label }</button> }
            }) }
            if !group.replace && !lines.is_empty() {
                <button type="button" onclick={write(lines[..lines.len() - 1].to_vec())}>
                    { t!("Undo", "Hoàn tác").s() }
                </button>
                <button type="button" onclick={write(Vec::new())}>
                    { t!("Start over", "Làm lại từ đầu").s() }
                </button>
            }
        </div>
    }
}
