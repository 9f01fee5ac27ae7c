//! The catalogue: labs grouped by family in the workshop's agenda order, with the learner's scores.
use yew::prelude::*;

use super::route::{Link, Route};
use super::shared::LabRef;
use super::state::use_app;
use super::text;
use crate::labs::catalogue;

/// The home page.
#[component]
pub fn Home() -> Html {
    let families = catalogue().by_family().into_iter().map(|(family, labs)| {
        html! {
            <section class="family" aria-labelledby={format!("family-{family:?}")}>
                <h2 id={format!("family-{family:?}")}>{ text::family(family) }</h2>
                <ul class="cards">{ for labs.into_iter().map(|lab| html! { <LabCard lab={LabRef::from(lab)} /> }) }</ul>
            </section>
        }
    });
    html! {
        <section class="page home">
            <h1>{ text::APP_NAME.s() }</h1>
            <p class="tagline">{ text::TAGLINE.s() }</p>
            { for families }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LabCardProps {
    lab: LabRef,
}

#[component]
fn LabCard(props: &LabCardProps) -> Html {
    let state = use_app();
    let lab = props.lab.0;
    let status = match state.progress.labs.get(&lab.id) {
        Some(p) => match p.best {
            Some(best) => html! {
                <span class={classes!("status", best.full().then_some("full"))} data-score={best.points.to_string()} data-max={best.max.to_string()}>
                    { text::best_score(best.points, best.max) }
                </span>
            },
            None => html! { <span class="status">{ text::IN_PROGRESS.s() }</span> },
        },
        None => html! { <span class="status muted">{ text::NOT_STARTED.s() }</span> },
    };
    html! {
        <li class="card">
            <h3><Link to={Route::Lab { id: lab.id.clone() }}>{ &lab.title }</Link></h3>
            <p>{ &lab.summary }</p>
            <p class="meta">
                <span>{ text::minutes(lab.minutes) }</span>
                <span>{ text::level(lab.level) }</span>
                { status }
            </p>
        </li>
    }
}
