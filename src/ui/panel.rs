//! The one component that draws a [`Panel`] the parsers worker built (see `course::panel`):
//! headings, notes, tables (in a [`ScrollBox`]), read-only code, drawings (the one SVG
//! renderer) and trees. A tone is a class (`good`, `bad`, `busy`, `warn`) coloured by the
//! stylesheet's variables. Every text is a text node.
use std::rc::Rc;

use yew::prelude::*;

use super::scroll_box::ScrollBox;
use crate::course::panel::{Block, Drawing, Panel, Shape, Tone};

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub panel: Rc<Panel>,
}

/// A panel, block after block.
#[component]
pub fn PanelView(props: &PanelProps) -> Html {
    html! { <div class="panel">{ for props.panel.blocks.iter().map(block) }</div> }
}

fn tone(t: Tone) -> Option<&'static str> {
    match t {
        Tone::Plain => None,
        Tone::Good => Some("good"),
        Tone::Bad => Some("bad"),
        Tone::Busy => Some("busy"),
        Tone::Warn => Some("warn"),
    }
}

fn block(b: &Block) -> Html {
    match b {
        Block::Heading(text) => html! { <h2>{ text }</h2> },
        Block::Note { tone: t, text } => {
            html! { <p class={classes!("note", tone(*t))}>{ text }</p> }
        }
        Block::Table {
            caption,
            head,
            rows,
        } => html! {
            <ScrollBox label={caption.clone()}>
                <table class="events-table">
                    <caption>{ caption }</caption>
                    <thead><tr>{ for head.iter().map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
                    <tbody>{ for rows.iter().map(|r| html! {
                        <tr>{ for r.iter().map(|c| html! { <td class={tone(c.tone)}>{ &c.text }</td> }) }</tr>
                    }) }</tbody>
                </table>
            </ScrollBox>
        },
        Block::Code { label, text } => html! {
            <ScrollBox label={label.clone()}>
                <pre class="code" aria-label={label.clone()}>{ text }</pre>
            </ScrollBox>
        },
        Block::Drawing(d) => drawing(d),
        Block::Tree { label, items } => html! {
            <ul class="tree" aria-label={label.clone()}>
                { for items.iter().map(|i| html! {
                    <li class={tone(i.tone)} style={format!("margin-left:{}rem", i.depth)}>{ &i.text }</li>
                }) }
            </ul>
        },
    }
}

/// A drawing in SVG, in a box that scrolls sideways.
pub fn drawing(d: &Drawing) -> Html {
    let shapes = d.shapes.iter().map(|s| match s {
        Shape::Head { x, y, text } => {
            html! { <text class="head" x={x.to_string()} y={y.to_string()}>{ text }</text> }
        }
        Shape::Node { x, y, cycle, text } => html! {
            <>
                <rect class={cycle.then_some("cycle")} x={x.to_string()} y={y.to_string()} width="150" height="28" rx="5" />
                <text x={(x + 8).to_string()} y={(y + 19).to_string()}>{ text }</text>
            </>
        },
        Shape::Arrow(path) => html! { <path d={path.clone()} /> },
    });
    html! {
        <ScrollBox label={d.label.clone()}>
            <svg class="drawing" role="img" aria-label={d.label.clone()} width={d.width.to_string()} height={d.height.to_string()}>
                { for shapes }
            </svg>
        </ScrollBox>
    }
}
