//! The resource graph, as the parsers worker laid it out (`course::jobs::Drawing`): one
//! column per creation wave, an arrow from each resource to each one that waits for it, and
//! the resources caught in a dependency cycle outlined in a last column.
use yew::prelude::*;

use crate::course::panel::{Drawing, Shape};
use crate::ui::i18n::T;

/// The drawing in SVG.
pub fn view(d: &Drawing) -> Html {
    let shapes = d.shapes.iter().map(|s| match s {
        Shape::Head { x, y, text } => {
            html! { <text class="head" x={x.to_string()} y={y.to_string()}>{ text.clone() }</text> }
        }
        Shape::Node { x, y, cycle, text } => html! {
            <>
                <rect class={cycle.then_some("cycle")} x={x.to_string()} y={y.to_string()} width="150" height="28" rx="5" />
                <text x={(x + 8).to_string()} y={(y + 19).to_string()}>{ text.clone() }</text>
            </>
        },
        Shape::Arrow(path) => html! { <path d={path.clone()} /> },
    });
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label={t!("Resource graph (scrolls)", "Sơ đồ resource (cuộn được)").s()}>
            <svg id="cfn-graph" class="cfn-graph" role="img" aria-label={d.label.clone()} width={d.width.to_string()} height={d.height.to_string()}>
                { for shapes }
            </svg>
        </div>
    }
}
