//! A lab's deployment simulation in the workspace: each variant (good release, bad release…)
//! simulated with the learner's current answers, re-run whenever an answer changes.
use yew::prelude::*;

use super::text as deploy_text;
use super::view::SimulationView;
use crate::course::family::deploy::SimulationDef;
use crate::course::scenario::{self, BuildError};
use crate::course::Answers;
use crate::ui::cannot_run::{CannotRun, Why};
use crate::ui::shared::{LabRef, Static};
use crate::ui::text;

#[derive(Properties, PartialEq)]
pub struct SimulationPanelProps {
    pub lab: LabRef,
    pub simulation: Static<SimulationDef>,
    pub answers: Answers,
}

/// The simulation of every variant, or what is missing before it can run.
#[component]
pub fn SimulationPanel(props: &SimulationPanelProps) -> Html {
    let sim = props.simulation.0;
    let side_by_side = use_state(|| false);
    let compact = *side_by_side;
    let toggle = {
        let side_by_side = side_by_side.clone();
        Callback::from(move |_: Event| side_by_side.set(!*side_by_side))
    };
    let label = |input: &str| props.lab.input_label(input);
    let builds: Vec<_> = sim
        .variants
        .iter()
        .map(|variant| scenario::build(&sim.inputs, variant, &props.answers))
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
            <div class={classes!("runs", compact.then_some("side-by-side"))}>
                { for variants }
            </div>
        </section>
    }
}
