//! A CloudFormation lab's workspace: its stacks as the lab set them up (status, events,
//! resources, the template, a drift report) and the learner's template previewed against
//! them (the change set it would make, or the stack it creates). The worker builds it from
//! the lab's sealed stacks and the answers (`course::family::cfn::panel`); this side draws it.
use std::rc::Rc;

use yew::prelude::*;

use crate::course::jobs::{GradeJob, Job, Outcome};
use crate::course::Answers;
use crate::ui::i18n::T;
use crate::ui::parsers::use_job;
use crate::ui::shared::LabRef;

#[derive(Properties, PartialEq)]
pub struct LabPanelProps {
    pub lab: LabRef,
    pub answers: Answers,
}

/// The workspace; the last panel stays on screen while the next is built.
#[component]
pub fn LabPanel(props: &LabPanelProps) -> Html {
    let outcome = use_job(Job::LabPanel(GradeJob {
        lang: crate::ui::i18n::lang(),
        schemas: crate::labs::CFN_SCHEMAS_FILE.into(),
        cfn: props.lab.workspace.cfn.bytes().to_vec(),
        checks: Vec::new(),
        answers: serde_json::to_string(&props.answers).unwrap_or_default(),
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
        Some(Outcome::Panel(_)) => html! {
            <section id="cfn-lab-panel" aria-label={t!("The simulated AWS account", "Tài khoản AWS mô phỏng").s()}>{ drawn }</section>
        },
        Some(Outcome::NotRun(reason) | Outcome::BadRequest(reason)) => {
            html! { <p class="error-box" role="status">{ reason }</p> }
        }
        _ => html! {
            <p class="muted" role="status">{ t!("Setting up the simulated account…", "Đang dựng tài khoản mô phỏng…").s() }</p>
        },
    }
}
