//! The exam practice pages (`#/exam…`, and the progress page's part). The parsers worker
//! builds each page from the question bank and the learner's exam log (`course::exam`); this
//! side draws it (`crate::ui::panel`), appends the line a pressed button carries to the log
//! (saved with the progress, the click's time written for `{now}`) and then opens the
//! button's address, and runs the mock exam's clock: the time left, written every second,
//! and the exam handed in when it reaches zero.
use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::course::exam::ExamJob;
use crate::course::jobs::{Job, Outcome};
use crate::ui::i18n::T;
use crate::ui::parsers::use_job;
use crate::ui::state::{use_app, AppAction, AppHandle};

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

#[derive(Properties, PartialEq)]
pub struct ExamProps {
    /// The route after `#/exam` (`/mock?q=3`).
    pub view: AttrValue,
}

/// One exam page; the last one stays on screen while the next is built.
#[component]
pub fn ExamPage(props: &ExamProps) -> Html {
    let state = use_app();
    let lang = crate::ui::i18n::lang();
    let log = state.progress.exam.clone();
    // The clock the page is built at: fixed until the page or the log changes.
    let now = *use_memo((props.view.clone(), log.clone()), |_| now_ms());
    let outcome = use_job(Job::Exam(ExamJob {
        bank: crate::labs::exam_file(lang).into(),
        lang,
        view: props.view.to_string(),
        log,
        now,
        labs_done: labs(&state, true),
        labs_begun: labs(&state, false),
    }));
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
    // The mock exam's clock: at most one hand-in per page built.
    let fired = use_mut_ref(|| Rc::new(Cell::new(false)));
    {
        let (state, fired) = (state.clone(), fired.borrow().clone());
        use_effect_with(now, move |_| {
            fired.set(false);
            let tick = Closure::<dyn FnMut()>::new(move || countdown(&state, &fired));
            let id = web_sys::window().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(
                    tick.as_ref().unchecked_ref(),
                    1000,
                )
                .ok()
            });
            move || {
                if let (Some(w), Some(id)) = (web_sys::window(), id) {
                    w.clear_interval_with_handle(id);
                }
                drop(tick);
            }
        });
    }
    let onclick = {
        let state = state.clone();
        Callback::from(move |e: MouseEvent| {
            let button = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("button[data-op]").ok().flatten());
            if let Some(b) = button {
                act(&state, &b);
            }
        })
    };
    let shown = kept.borrow().clone();
    let body = match shown.0.as_deref() {
        Some(Outcome::Panel(_)) => shown.1,
        Some(Outcome::NotRun(reason) | Outcome::BadRequest(reason)) => {
            html! { <p class="error-box" role="status">{ reason }</p> }
        }
        _ => html! {
            <p class="muted" role="status">{ t!("Loading the questions…", "Đang tải câu hỏi…").s() }</p>
        },
    };
    // Its own page has the title; on the progress page it is a part under that page's.
    let title =
        (props.view != "/progress").then(|| html! { <h1>{ crate::ui::text::NAV_EXAM.s() }</h1> });
    html! { <div class="exam" {onclick}>{ title }{ body }</div> }
}

/// The labs finished with full marks (`done`), or begun (an answer or a score), by id.
fn labs(state: &AppHandle, done: bool) -> Vec<String> {
    state
        .progress
        .labs
        .iter()
        .filter(|(_, p)| {
            if done {
                p.best.is_some_and(|b| b.full())
            } else {
                !p.answers.is_empty() || p.last.is_some()
            }
        })
        .map(|(id, _)| id.clone())
        .collect()
}

/// Does what a button of the page says: its line into the log, then its address.
fn act(state: &AppHandle, el: &Element) {
    let op = el.get_attribute("data-op").unwrap_or_default();
    if !op.is_empty() {
        state.dispatch(AppAction::Exam(op.replace("{now}", &now_ms().to_string())));
    }
    let go = el.get_attribute("data-go").unwrap_or_default();
    if !go.is_empty() {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash(&go);
        }
    }
}

/// Writes the time left into the page's countdown; at zero, does its line once.
fn countdown(state: &AppHandle, fired: &Cell<bool>) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".countdown[data-until]").ok().flatten())
    else {
        return;
    };
    let until: u64 = el
        .get_attribute("data-until")
        .and_then(|u| u.parse().ok())
        .unwrap_or(0);
    let label = el.get_attribute("data-label").unwrap_or_default();
    el.set_text_content(Some(&crate::ui::panel::countdown_text(&label, until)));
    let left = until.saturating_sub(now_ms()) / 1000;
    if left == 0 && !fired.replace(true) {
        act(state, &el);
    }
}
