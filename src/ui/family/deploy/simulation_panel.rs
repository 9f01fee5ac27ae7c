//! A lab's deployment simulation in the workspace: each variant (good release, bad release…)
//! simulated with the learner's current answers, re-run whenever an answer changes.
use yew::prelude::*;

use super::text as deploy_text;
use super::view::SimulationView;
use crate::course::family::deploy::SimulationDef;
use crate::course::scenario::{self, BuildError};
use crate::course::Answers;
use crate::engine::deploy::Fault;
use crate::ui::cannot_run::{CannotRun, Why};
use crate::ui::i18n::T;
use crate::ui::present::playback::{mmss, now_ms};
use crate::ui::present::{use_presenter, Cue, Presenter, PresenterAction};
use crate::ui::shared::{LabRef, Static};
use crate::ui::text;

#[derive(Properties, PartialEq)]
pub struct SimulationPanelProps {
    pub lab: LabRef,
    pub simulation: Static<SimulationDef>,
    pub answers: Answers,
}

/// The engine fault for a fault injected on cue (the same defaults as the sandbox's buttons).
fn cue_fault(cue: &Cue) -> Option<Fault> {
    let at_s = cue.at_s;
    Some(match cue.kind.as_str() {
        "bad_release" => Fault::BadRelease {
            at_s,
            error_rate: 0.2,
            latency_factor: 2.0,
        },
        "instance_crash" => Fault::InstanceCrash { at_s, count: 3 },
        "traffic_spike" => Fault::TrafficSpike {
            at_s,
            duration_s: 120,
            multiplier: 3.0,
        },
        _ => return None,
    })
}

/// While presenting: the lab's faults on cue, for every run of the lab at once (a demo,
/// never graded; `0` resets it). The presenter's fault menu and digits click these.
fn on_cue(presenter: &UseReducerHandle<Presenter>, duration: u32) -> Html {
    let add = |kind: &'static str| {
        let presenter = presenter.clone();
        Callback::from(move |_: MouseEvent| {
            let at = presenter.shared.clock.t(now_ms(), duration) as u32;
            presenter.dispatch(PresenterAction::Cue(
                kind.to_string(),
                at.min(duration.saturating_sub(1)),
            ));
        })
    };
    let injected = presenter.shared.cue.iter().map(|c| {
        html! { <li>{ format!("{} · {}", mmss(c.at_s), match c.kind.as_str() {
            "bad_release" => deploy_text::ADD_BAD_RELEASE.s(),
            "instance_crash" => deploy_text::ADD_CRASH.s(),
            _ => deploy_text::ADD_SPIKE.s(),
        }) }</li> }
    });
    html! {
        <fieldset class="faults on-cue">
            <legend>{ t!("Faults on cue (a demo: not graded)", "Sự cố theo hiệu lệnh (trình diễn: không chấm điểm)").s() }</legend>
            <div class="fault-buttons">
                <button type="button" data-fault="bad_release" onclick={add("bad_release")}>{ deploy_text::ADD_BAD_RELEASE.s() }</button>
                <button type="button" data-fault="instance_crash" onclick={add("instance_crash")}>{ deploy_text::ADD_CRASH.s() }</button>
                <button type="button" data-fault="traffic_spike" onclick={add("traffic_spike")}>{ deploy_text::ADD_SPIKE.s() }</button>
            </div>
            <ol class="fault-list" id="cue-list">{ for injected }</ol>
        </fieldset>
    }
}

/// The simulation of every variant, or what is missing before it can run.
#[component]
pub fn SimulationPanel(props: &SimulationPanelProps) -> Html {
    crate::ui::stylesheet("deploy.css");
    let sim = props.simulation.0;
    let presenter = use_presenter().filter(|p| p.follows());
    let cues: Vec<Fault> = presenter
        .as_ref()
        .map(|p| p.shared.cue.iter().filter_map(cue_fault).collect())
        .unwrap_or_default();
    let side_by_side = use_state(|| false);
    let compact = *side_by_side;
    let toggle = {
        let side_by_side = side_by_side.clone();
        Callback::from(move |_: Event| side_by_side.set(!*side_by_side))
    };
    let label = |input: &str| props.lab.input_label(input);
    let duration = sim.variants.first().map_or(0, |v| v.base.duration_s);
    let builds: Vec<_> = sim
        .variants
        .iter()
        .map(|variant| {
            scenario::build(&sim.inputs, variant, &props.answers).map(|mut config| {
                config.faults.extend(cues.iter().cloned());
                config.faults.sort_by_key(Fault::at_s);
                config
            })
        })
        .collect();
    // Every variant waiting for the same answer: say so once, not once per variant.
    let waiting_for = match builds.first() {
        Some(Err(BuildError::NotAnswered(first))) if builds.iter().all(|b| b == &builds[0]) => {
            Some(first.clone())
        }
        _ => None,
    };
    let waiting = waiting_for.as_deref().map(|input| {
        let why = Why::Waiting {
            input: input.to_string(),
            text: text::simulation_waiting(&label(input)),
        };
        html! { <CannotRun {why} /> }
    });
    let variants = sim.variants.iter().zip(builds).enumerate().map(|(n, (variant, build))| {
        let body = match build {
            Ok(config) => html! {
                <SimulationView {config} {compact} title={variant.title.clone()} id={format!("{}-{}", sim.id, variant.id)} />
            },
            Err(_) if waiting_for.is_some() => html! {},
            Err(error) => {
                let why = Why::of(error, |input| text::simulation_waiting(&label(input)), text::simulation_invalid);
                html! { <CannotRun {why} /> }
            }
        };
        // The lab's fixed comparisons of this variant, right after the learner's run.
        let what_ifs = sim.what_if.iter().filter(|w| w.variant == variant.id).map(|w| {
            let body = match w.config(sim) {
                Ok(config) => html! {
                    <SimulationView {config} {compact} title={w.title.clone()} id={format!("{}-{}", sim.id, w.id)} />
                },
                Err(error) => {
                    let why = Why::of(error, |input| text::simulation_waiting(&label(input)), text::simulation_invalid);
                    html! { <CannotRun {why} /> }
                }
            };
            html! {
                <section class="variant what-if" data-what-if={w.id.clone()}>
                    <p class="what-if-note">{ deploy_text::WHAT_IF_NOTE.s() }</p>
                    { body }
                </section>
            }
        });
        html! {
            <div class="variant-runs" key={n}>
                <section class="variant" data-variant={variant.id.clone()}>
                    { body }
                </section>
                { for what_ifs }
            </div>
        }
    });
    html! {
        <section class="simulation" aria-labelledby={format!("sim-{}", sim.id)}>
            <h2 id={format!("sim-{}", sim.id)}>{ &sim.title }</h2>
            <label class="side-by-side">
                <input type="checkbox" id={format!("{}-side-by-side", sim.id)} checked={compact} onchange={toggle} />
                { " " }{ deploy_text::SIDE_BY_SIDE.s() }
            </label>
            { waiting }
            { for presenter.as_ref().map(|p| on_cue(p, duration)) }
            <div class={classes!("runs", compact.then_some("side-by-side"))}>
                { for variants }
            </div>
        </section>
    }
}
