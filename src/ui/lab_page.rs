//! The lab player: steps and their answers on one side, the workspace on the other, Check and results below.
use std::collections::BTreeSet;

use yew::prelude::*;

use super::family::{self, WorkspaceArgs};
use super::markdown::Text;
use super::results::Results;
use super::route::{Link, Route};
use super::shared::{LabRef, Static};
use super::state::{use_app, AppAction};
use super::step_inputs::StepInputs;
use super::text;
use crate::course::jobs::{Job, Outcome};
use crate::course::{grade, Answer, Answers, CheckResult, GradeReport, Score};
use crate::labs::catalogue;

#[derive(Properties, PartialEq)]
pub struct LabPageProps {
    pub id: String,
    /// The 1-based step from the URL, as typed.
    pub step: Option<String>,
}

/// A lab, looked up by id; a clear message when there is none.
#[component]
pub fn LabPage(props: &LabPageProps) -> Html {
    match catalogue().lab(&props.id) {
        Some(lab) => {
            html! { <Player key={lab.id.clone()} lab={Static(lab)} step={props.step.clone()} /> }
        }
        None => html! {
            <section class="page narrow" role="alert">
                <h1>{ text::NOT_FOUND_TITLE.s() }</h1>
                <p>{ text::unknown_lab(&props.id) }</p>
                <p><Link to={Route::Home}>{ text::BACK_HOME.s() }</Link></p>
            </section>
        },
    }
}

#[derive(Properties, PartialEq)]
struct PlayerProps {
    lab: LabRef,
    step: Option<String>,
}

#[component]
fn Player(props: &PlayerProps) -> Html {
    let state = use_app();
    let lab = props.lab;
    let saved = state
        .progress
        .labs
        .get(&lab.id)
        .cloned()
        .unwrap_or_default();
    let total = lab.steps.len();
    // The step: from the URL when given, else where the learner left off.
    let step = match &props.step {
        None => Ok(saved.step.min(total.saturating_sub(1))),
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=total).contains(n))
            .map(|n| n - 1)
            .ok_or(s.clone()),
    };
    // Results of the last Check (with the answers they graded), regraded from the saved
    // answers after a reload.
    let report = {
        let answers = saved.answers.clone();
        let hints = saved.hints.clone();
        let checked = saved.last.is_some();
        use_state(move || checked.then(|| Checked::new(grade(&lab, &answers, &hints), answers)))
    };
    // Focus follows the learner: to the new step's heading after a step change, to the
    // results after a Check (both once rendered).
    let checks = use_state(|| 0u32);
    {
        let first = use_mut_ref(|| true);
        use_effect_with(step.clone(), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                focus("step-title");
            }
        });
    }
    use_effect_with(*checks, |n| {
        if *n > 0 {
            focus("results-title");
        }
    });
    {
        let state = state.clone();
        let id = lab.id.clone();
        use_effect_with(step.clone(), move |step| {
            if let Ok(n) = step {
                state.dispatch(AppAction::Step { lab: id, step: *n });
            }
        });
    }
    let step = match step {
        Ok(n) => n,
        Err(bad) => {
            return html! {
                <section class="page narrow" role="alert">
                    <h1>{ &lab.title }</h1>
                    <p>{ text::bad_step(&bad, total) }</p>
                    <p><Link to={Route::LabStep { id: lab.id.clone(), step: "1".into() }}>{ text::step_label(1, total) }</Link></p>
                </section>
            };
        }
    };
    let current = &lab.steps[step];

    let onanswer = {
        let state = state.clone();
        let id = lab.id.clone();
        Callback::from(move |(input, answer): (String, Option<Answer>)| {
            state.dispatch(AppAction::Answer {
                lab: id.clone(),
                input,
                answer,
            })
        })
    };
    // Checks that only the parsers worker can grade: the latest request wins.
    let generation = use_mut_ref(|| 0u64);
    {
        // After a reload, the saved answers' pending checks go to the worker once.
        let report = report.clone();
        let generation = generation.clone();
        use_effect_with((), move |_| {
            if let Some(checked) = (*report).clone().filter(|c| c.report.pending()) {
                settle(lab, checked, generation, move |c| report.set(Some(c)));
            }
        });
    }
    let oncheck = {
        let state = state.clone();
        let report = report.clone();
        let checks = checks.clone();
        let answers = saved.answers.clone();
        let hints = saved.hints.clone();
        let generation = generation.clone();
        Callback::from(move |_| {
            let graded = grade(&lab, &answers, &hints);
            let checked = Checked::new(graded, answers.clone());
            let score = {
                let state = state.clone();
                let report = report.clone();
                move |c: Checked| {
                    // Recorded once every check has its grade, even if the learner has left the page.
                    state.dispatch(AppAction::Score {
                        lab: lab.id.clone(),
                        score: Score {
                            points: c.report.score(),
                            max: c.report.max,
                        },
                        complete: c.report.complete(),
                    });
                    report.set(Some(c));
                }
            };
            report.set(Some(checked.clone()));
            settle(lab, checked, generation.clone(), score);
            checks.set(*checks + 1);
        })
    };
    let inputs = current
        .inputs
        .iter()
        .filter_map(|i| lab.0.input(i))
        .map(Static)
        .collect::<Vec<_>>();
    let workspace = family::workspace(&WorkspaceArgs {
        lab,
        step,
        answers: &saved.answers,
        onanswer: onanswer.clone(),
    });

    html! {
        <article class="page lab" aria-labelledby="lab-title">
            <LabHeader lab={lab} best={saved.best} />
            <StepNav lab={lab} {step} />
            <div class="player">
                <section class="steps-pane" aria-label={text::step_label(step + 1, total)}>
                    if step == 0 { <Intro lab={lab} /> }
                    <p class="step-count">{ text::step_label(step + 1, total) }</p>
                    <h2 id="step-title">{ &current.title }</h2>
                    <Text doc={current.text.clone()} />
                    <StepInputs {inputs} answers={saved.answers.clone()} results={(*report).as_ref().map(|r| r.current(&saved.answers))} {onanswer} />
                    <Hints lab={lab} {step} used={saved.hints.clone()} />
                    <StepButtons lab={lab} {step} />
                </section>
                <section class="workspace" aria-label={text::WORKSPACE.s()}>{ workspace }</section>
            </div>
            <section class="grading">
                <div class="grading-bar">
                    // A step with nothing to answer offers no Check.
                    if !current.inputs.is_empty() {
                        <button id="check" class="primary" onclick={oncheck}>{ text::CHECK.s() }</button>
                    }
                    <StartOver lab={lab.id.clone()} onreset={
                        let report = report.clone();
                        Callback::from(move |_| report.set(None))
                    } />
                </div>
                { for (*report).as_ref().map(|r| html! {
                    <Results lab={lab} report={r.report.clone()} changed={r.changed(&saved.answers)} />
                }) }
            </section>
        </article>
    }
}

/// The results of a Check and the answers it graded.
#[derive(Clone, PartialEq)]
struct Checked {
    report: GradeReport,
    answers: Answers,
}

impl Checked {
    fn new(report: GradeReport, answers: Answers) -> Checked {
        Checked { report, answers }
    }

    /// The inputs whose answer changed since the Check.
    fn changed(&self, now: &Answers) -> Vec<String> {
        self.report
            .results
            .iter()
            .filter(|r| now.get(&r.input) != self.answers.get(&r.input))
            .map(|r| r.input.clone())
            .collect()
    }

    /// The results whose answer is still the one graded: a field's mark clears once the
    /// learner changes it.
    fn current(&self, now: &Answers) -> Vec<CheckResult> {
        let changed = self.changed(now);
        self.report
            .results
            .iter()
            .filter(|r| !changed.contains(&r.input))
            .cloned()
            .collect()
    }
}

/// Hands a report's pending checks to the parsers worker and gives `done` the report with
/// their grades (at once when none is pending). A later Check makes an earlier answer stale.
fn settle(
    lab: LabRef,
    checked: Checked,
    generation: std::rc::Rc<std::cell::RefCell<u64>>,
    done: impl FnOnce(Checked) + 'static,
) {
    let current = {
        let mut g = generation.borrow_mut();
        *g += 1;
        *g
    };
    let lang = super::i18n::lang();
    let job = checked.report.grade_job(
        &lab,
        &checked.answers,
        lang,
        crate::labs::file_name(lang),
        crate::labs::CFN_SCHEMAS_FILE,
    );
    let Some(job) = job else {
        done(checked);
        return;
    };
    super::parsers::submit(Job::Grade(job), move |outcome| {
        if *generation.borrow() != current {
            return;
        }
        let mut checked = checked;
        match outcome {
            Outcome::Graded(settled) => checked.report.settle(&lab, &settled),
            Outcome::NotRun(reason) | Outcome::BadRequest(reason) => {
                checked.report.unsettled(&reason)
            }
            _ => checked.report.unsettled(""),
        }
        done(checked);
    });
}

fn focus(id: &str) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(el) =
        el.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = el.set_attribute("tabindex", "-1");
        let _ = el.focus();
    }
}

#[derive(Properties, PartialEq)]
struct LabProps {
    lab: LabRef,
}

#[derive(Properties, PartialEq)]
struct LabHeaderProps {
    lab: LabRef,
    best: Option<Score>,
}

#[component]
fn LabHeader(props: &LabHeaderProps) -> Html {
    let lab = &props.lab;
    let best = props.best.map(|b| {
        html! {
            <span id="best-score" class={classes!("status", b.full().then_some("full"))} data-score={b.points.to_string()} data-max={b.max.to_string()}>
                { text::best_score(b.points, b.max) }
            </span>
        }
    });
    html! {
        <header class="lab-header">
            <p class="crumbs"><Link to={Route::Home}>{ text::NAV_CATALOGUE.s() }</Link>{ " › " }{ text::family(lab.family) }</p>
            <h1 id="lab-title">{ &lab.title }</h1>
            <p class="meta">
                <span>{ text::minutes(lab.minutes) }</span>
                <span>{ text::level(lab.level) }</span>
                { best }
            </p>
        </header>
    }
}

#[component]
fn Intro(props: &LabProps) -> Html {
    let lab = &props.lab;
    html! {
        <div class="intro">
            <p>{ &lab.summary }</p>
            <h2 class="small">{ text::GOALS.s() }</h2>
            <ul>{ for lab.goals.iter().map(|g| html! { <li>{ g }</li> }) }</ul>
            { for lab.simplification.iter().map(|s| html! { <p class="simplified"><strong>{ text::SIMPLIFIED.s() }</strong>{ " " }{ s }</p> }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct StepProps {
    lab: LabRef,
    step: usize,
}

#[component]
fn StepNav(props: &StepProps) -> Html {
    let items = props.lab.steps.iter().enumerate().map(|(n, s)| {
        let current = n == props.step;
        html! {
            <li class={classes!(current.then_some("current"))}>
                <Link to={Route::LabStep { id: props.lab.id.clone(), step: (n + 1).to_string() }}>
                    <span aria-current={current.then_some("step")}>{ format!("{}. {}", n + 1, s.title) }</span>
                </Link>
            </li>
        }
    });
    html! { <nav class="steps" aria-label={text::STEPS.s()}><ol>{ for items }</ol></nav> }
}

#[component]
fn StepButtons(props: &StepProps) -> Html {
    let id = props.lab.id.clone();
    let n = props.step + 1;
    let total = props.lab.steps.len();
    html! {
        <p class="step-buttons">
            if n > 1 {
                <Link to={Route::LabStep { id: id.clone(), step: (n - 1).to_string() }} classes="button">{ text::PREVIOUS.s() }</Link>
            }
            if n < total {
                <Link to={Route::LabStep { id, step: (n + 1).to_string() }} classes="button primary" >{ text::NEXT.s() }</Link>
            }
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct HintsProps {
    lab: LabRef,
    step: usize,
    used: BTreeSet<usize>,
}

#[component]
fn Hints(props: &HintsProps) -> Html {
    let state = use_app();
    let hints: Vec<_> = props
        .lab
        .hints
        .iter()
        .enumerate()
        .filter(|(_, h)| h.step == props.step)
        .collect();
    if hints.is_empty() {
        return html! {};
    }
    let items = hints.into_iter().enumerate().map(|(n, (index, hint))| {
        if props.used.contains(&index) {
            html! { <li class="hint shown"><Text doc={hint.text.clone()} /></li> }
        } else {
            let reveal = {
                let state = state.clone();
                let lab = props.lab.id.clone();
                Callback::from(move |_| state.dispatch(AppAction::Hint { lab: lab.clone(), index }))
            };
            html! { <li class="hint"><button onclick={reveal}>{ text::hint_button(n + 1, hint.cost) }</button></li> }
        }
    });
    html! {
        <section class="hints" aria-label={text::HINTS.s()}>
            <h3 class="small">{ text::HINTS.s() }</h3>
            <ul>{ for items }</ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StartOverProps {
    lab: String,
    onreset: Callback<()>,
}

/// "Start this lab over", confirmed inline (no modal): clears answers and hints, keeps the best score.
#[component]
fn StartOver(props: &StartOverProps) -> Html {
    let state = use_app();
    let asking = use_state(|| false);
    if !*asking {
        let asking = asking.clone();
        return html! { <button id="start-over" onclick={Callback::from(move |_| asking.set(true))}>{ text::RESET_LAB.s() }</button> };
    }
    let yes = {
        let asking = asking.clone();
        let lab = props.lab.clone();
        let onreset = props.onreset.clone();
        Callback::from(move |_| {
            state.dispatch(AppAction::ResetLab(lab.clone()));
            onreset.emit(());
            asking.set(false);
        })
    };
    let no = Callback::from(move |_| asking.set(false));
    html! {
        <span class="confirm" role="group" aria-label={text::RESET_LAB.s()}>
            { text::RESET_CONFIRM.s() }{ " " }
            <button id="start-over-yes" onclick={yes}>{ text::RESET_YES.s() }</button>
            <button onclick={no}>{ text::CANCEL.s() }</button>
        </span>
    }
}
