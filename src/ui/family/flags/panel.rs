//! A lab's feature-flag experiment in the workspace: the flag the learner's answers describe
//! (as AWS AppConfig JSON, shown as text), who it exposes at each stage, the kill switch's
//! effect over the incident's timeline, and the A/B test's result. Every number comes from
//! `course::flags`, which asks the engine; this file only draws.
use yew::prelude::*;

use super::appconfig::appconfig_json;
use super::chart::TimelineChart;
use super::words;
use crate::course::family::flags::ExperimentDef;
use crate::course::flags::{Setup, StageExposure};
use crate::course::scenario::BuildError;
use crate::course::{Answers, Lab};
use crate::ui::cannot_run::{CannotRun, Why};
use crate::ui::scroll_box::ScrollBox;
use crate::ui::shared::{LabRef, Static};
use crate::ui::text;

/// Long JSON lines wrap in the narrow workspace rather than widen it (copying keeps them whole).
const WRAP: &str = "white-space:pre-wrap;overflow-wrap:anywhere";
/// A workspace section may be narrower than its widest content.
const SHRINK: &str = "min-width:0";

#[derive(Properties, PartialEq)]
pub struct FlagsPanelProps {
    pub lab: LabRef,
    pub experiment: Static<ExperimentDef>,
    pub answers: Answers,
}

/// The experiment configured by the learner's current answers.
fn setup_of<'a>(def: &'a ExperimentDef, answers: &'a Answers) -> Setup<'a> {
    Setup {
        experiment: &def.experiment,
        inputs: &def.inputs,
        answers,
    }
}

/// Why a part of the panel cannot be shown yet, in the panel's words.
fn why(error: BuildError, lab: &Lab) -> Why {
    Why::of(
        error,
        |input| words::waiting(&lab.input_label(input)),
        words::invalid,
    )
}

/// The experiment, evaluated with the learner's current answers.
#[component]
pub fn FlagsPanel(props: &FlagsPanelProps) -> Html {
    let def = props.experiment.0;
    let e = &def.experiment;
    let setup = setup_of(def, &props.answers);
    let label = |input: &str| props.lab.input_label(input);
    let problem = |error: BuildError| html! { <CannotRun why={why(error, &props.lab)} /> };
    let (staff, external) = e.counts();
    let heading = format!("flags-{}", def.id);

    // The flag as AppConfig JSON, at the last stage answered.
    let shown = (0..def.inputs.stages.len())
        .rev()
        .find(|&s| setup.percent(s).is_ok());
    let json = match (setup.staff_rule(), setup.split(), shown) {
        (Err(error), _, _) | (_, Err(error), _) => problem(error),
        (_, _, None) => problem(
            setup
                .percent(0)
                .err()
                .unwrap_or(BuildError::NotAnswered(def.inputs.stages[0].clone())),
        ),
        (Ok(rule), Ok(split), Some(stage)) => {
            let percent = setup.percent(stage).unwrap_or_default();
            let text = appconfig_json(e, rule, split, percent, false);
            let killed = match setup.kill_minute() {
                Ok(Some(_)) => Some(appconfig_json(e, rule, split, percent, true)),
                _ => None,
            };
            html! {
                <>
                    <p class="muted">{ words::flag_at(&label(&def.inputs.stages[stage])) }</p>
                    <pre class="code" style={WRAP} id={format!("{}-json", def.id)} data-stage={(stage + 1).to_string()}>{ text }</pre>
                    { for killed.map(|k| html! {
                        <details>
                            <summary>{ words::KILLED_TITLE.s() }</summary>
                            <pre class="code" style={WRAP}>{ k }</pre>
                        </details>
                    }) }
                </>
            }
        }
    };

    html! {
        <>
            <section class="simulation experiment" style={SHRINK} aria-labelledby={heading.clone()} data-experiment={def.id.clone()}>
                <h2 id={heading}>{ &def.title }</h2>
                <p class="muted">{ words::population(e.users.len(), staff, external) }</p>
                <Stages experiment={props.experiment} answers={props.answers.clone()} lab={props.lab} />
                <h3 class="small">{ words::FLAG_TITLE.s() }</h3>
                { json }
            </section>
            if def.inputs.kill_switch_minute.is_some() {
                <section class="experiment-incident" style={SHRINK} aria-labelledby={format!("{}-kill-title", def.id)}>
                    <KillSwitch experiment={props.experiment} answers={props.answers.clone()} lab={props.lab} />
                </section>
            }
            <section class="experiment-ab" style={SHRINK} aria-labelledby={format!("{}-ab-title", def.id)}>
                <AbTable experiment={props.experiment} />
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PartProps {
    lab: LabRef,
    experiment: Static<ExperimentDef>,
    answers: Answers,
}

/// A bar as wide as a percentage (a text node beside it says the number).
fn bar(percent: f64) -> Html {
    let style = format!(
        "display:inline-block;vertical-align:middle;height:.7em;margin-left:.4em;background:currentColor;opacity:.6;width:{:.1}px",
        percent.clamp(0.0, 100.0) * 0.8
    );
    html! { <span aria-hidden="true" {style}></span> }
}

#[component]
fn Stages(props: &PartProps) -> Html {
    let def = props.experiment.0;
    let setup = setup_of(def, &props.answers);
    let label = |input: &str| props.lab.input_label(input);
    let rows = def.inputs.stages.iter().enumerate().map(|(n, input)| {
        let cells = match setup.stage_exposure(n) {
            Ok(StageExposure {
                percent,
                staff,
                staff_exposed,
                external,
                external_exposed,
            }) => {
                let ratio = |a: u32, b: u32| {
                    if b == 0 {
                        0.0
                    } else {
                        f64::from(a) / f64::from(b) * 100.0
                    }
                };
                html! {
                    <>
                        <td>{ words::percent(percent) }</td>
                        <td class="staff">{ words::share(staff_exposed, staff) }{ bar(ratio(staff_exposed, staff)) }</td>
                        <td class="external">{ words::share(external_exposed, external) }{ bar(ratio(external_exposed, external)) }</td>
                    </>
                }
            }
            Err(error) => html! { <CannotRun why={why(error, &props.lab)} colspan={3} /> },
        };
        html! {
            <tr data-stage={(n + 1).to_string()}>
                <th scope="row">{ format!("{}. {}", n + 1, label(input)) }</th>
                { cells }
            </tr>
        }
    });
    let sticky = match setup.stickiness_violations() {
        Ok(0) => Some(
            html! { <p id={format!("{}-stickiness", def.id)} data-lost="0">{ words::STICKY_OK.s() }</p> },
        ),
        Ok(lost) => Some(html! {
            <p id={format!("{}-stickiness", def.id)} class="key failed" data-lost={lost.to_string()}>{ words::sticky_lost(lost) }</p>
        }),
        Err(_) => None,
    };
    html! {
        <>
            <ScrollBox label={text::table_named(words::STAGES_TITLE.s())}>
                <table class="keys flag-stages">
                    <caption>{ words::STAGES_TITLE.s() }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ words::COL_STAGE.s() }</th>
                            <th scope="col">{ words::COL_PERCENT.s() }</th>
                            <th scope="col">{ words::COL_STAFF.s() }</th>
                            <th scope="col">{ words::COL_EXTERNAL.s() }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </ScrollBox>
            { for sticky }
        </>
    }
}

#[component]
fn KillSwitch(props: &PartProps) -> Html {
    let def = props.experiment.0;
    let setup = setup_of(def, &props.answers);
    let body = match setup.timeline() {
        Ok(timeline) => {
            let kill = setup.kill_minute().ok().flatten();
            let incident = timeline.incident_minute;
            let deadline = incident + timeline.respond_within_minutes;
            let before = timeline.minutes.first().map_or(0.0, |m| m.percent);
            let early = timeline.minutes_off_before_incident();
            html! {
                <>
                    <TimelineChart timeline={timeline.clone()} label={words::chart_label(incident, before, kill)} />
                    <p id={format!("{}-kill", def.id)}>
                        { words::kill_summary(incident, deadline, kill, timeline.minutes_exposed_after_incident(), timeline.after_response_percent()) }
                    </p>
                    if early > 0 { <p class="key failed">{ words::killed_early(early) }</p> }
                </>
            }
        }
        Err(error) => html! { <CannotRun why={why(error, &props.lab)} /> },
    };
    html! {
        <>
            <h2 class="small" id={format!("{}-kill-title", def.id)}>{ words::KILL_TITLE.s() }</h2>
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct AbProps {
    experiment: Static<ExperimentDef>,
}

#[component]
fn AbTable(props: &AbProps) -> Html {
    let def = props.experiment.0;
    let r = &def.experiment.ab;
    html! {
        <>
            <h2 class="small" id={format!("{}-ab-title", def.id)}>{ words::AB_TITLE.s() }</h2>
            <ScrollBox label={text::table_named(words::AB_TITLE.s())}>
                <table class="keys ab-test" id={format!("{}-ab", def.id)}>
                    <thead>
                        <tr>
                            <th scope="col">{ words::COL_VARIANT.s() }</th>
                            <th scope="col">{ words::COL_USERS.s() }</th>
                            <th scope="col">{ words::COL_CONVERSIONS.s() }</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr data-variant="a">
                            <th scope="row">{ words::VARIANT_A.s() }</th>
                            <td>{ words::thousands(r.users_a) }</td>
                            <td>{ words::thousands(r.conversions_a) }</td>
                        </tr>
                        <tr data-variant="b">
                            <th scope="row">{ words::VARIANT_B.s() }</th>
                            <td>{ words::thousands(r.users_b) }</td>
                            <td>{ words::thousands(r.conversions_b) }</td>
                        </tr>
                    </tbody>
                </table>
            </ScrollBox>
            <p id={format!("{}-ab-result", def.id)} data-p-value={format!("{:.6}", r.p_value)}>{ words::ab_result(r.z, r.p_value) }</p>
        </>
    }
}
