//! A box that scrolls sideways when what it holds (a table) is wider than the screen, so a
//! narrow screen scrolls the table, not the page. It is focusable and named, so that a
//! keyboard can scroll it too; the stylesheet shades the side that has more to see.
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScrollBoxProps {
    /// What the box holds, for screen readers ("… (scrolls)").
    pub label: AttrValue,
    pub children: Html,
}

/// A sideways-scrolling box around a table.
#[component]
pub fn ScrollBox(props: &ScrollBoxProps) -> Html {
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label={props.label.clone()}>
            { props.children.clone() }
        </div>
    }
}
