//! The one view that draws a [`Panel`] the parsers worker built (see `course::panel`):
//! headings, notes, tables (in the scroll box's markup: a named, focusable region, see
//! `scroll_box`), read-only code, drawings (the app's one SVG renderer: the sandbox's
//! resource graph goes through it too) and trees. A tone is a class (`good`, `bad`, `busy`,
//! `warn`) coloured by the stylesheet's variables.
//!
//! It builds DOM nodes directly and hands yew the panel's root (`Html::VRef`): a panel is
//! data that only changes when a new answer arrives, so the page builds it once per answer,
//! and this costs the first load far less than `html!` for every kind of block. Every text
//! is set with `set_text_content` (a text node), never as markup.
use web_sys::Element;
use yew::Html;

use crate::course::panel::{Block, Drawing, Panel, Shape, Tone};

const HTML: &str = "http://www.w3.org/1999/xhtml";
const SVG: &str = "http://www.w3.org/2000/svg";

/// A panel, block after block, as DOM nodes for yew to hold.
pub fn view(panel: &Panel) -> Html {
    node(|root| {
        for b in &panel.blocks {
            block(root, b);
        }
    })
}

/// A drawing alone, in a box that scrolls sideways.
pub fn drawing(d: &Drawing) -> Html {
    node(|root| draw(root, d))
}

fn node(fill: impl FnOnce(&Element)) -> Html {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element_ns(Some(HTML), "div").ok());
    match root {
        Some(root) => {
            root.set_class_name("panel");
            fill(&root);
            Html::VRef(root.into())
        }
        None => Html::default(),
    }
}

/// A child element of `parent` with attributes (empty values left out) and a text.
fn add(parent: &Element, ns: &str, tag: &str, attrs: &[(&str, &str)], text: &str) -> Element {
    let e = parent
        .owner_document()
        .and_then(|d| d.create_element_ns(Some(ns), tag).ok())
        .unwrap_or_else(|| parent.clone());
    for (name, value) in attrs {
        if !value.is_empty() {
            let _ = e.set_attribute(name, value);
        }
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    let _ = parent.append_child(&e);
    e
}

fn tone(t: Tone) -> &'static str {
    match t {
        Tone::Plain => "",
        Tone::Good => "good",
        Tone::Bad => "bad",
        Tone::Busy => "busy",
        Tone::Warn => "warn",
    }
}

/// A box that scrolls sideways, named for screen readers (`scroll_box::ScrollBox`'s markup).
fn scroll(parent: &Element, label: &str) -> Element {
    add(
        parent,
        HTML,
        "div",
        &[
            ("class", "table-scroll"),
            ("tabindex", "0"),
            ("role", "region"),
            ("aria-label", label),
        ],
        "",
    )
}

fn block(root: &Element, b: &Block) {
    match b {
        Block::Heading(text) => {
            add(root, HTML, "h2", &[], text);
        }
        Block::Note { tone: t, text } => {
            add(
                root,
                HTML,
                "p",
                &[("class", &format!("note {}", tone(*t)))],
                text,
            );
        }
        Block::Table {
            caption,
            head,
            rows,
        } => {
            let table = add(
                &scroll(root, caption),
                HTML,
                "table",
                &[("class", "events-table")],
                "",
            );
            add(&table, HTML, "caption", &[], caption);
            let tr = add(&add(&table, HTML, "thead", &[], ""), HTML, "tr", &[], "");
            for h in head {
                add(&tr, HTML, "th", &[("scope", "col")], h);
            }
            let body = add(&table, HTML, "tbody", &[], "");
            for row in rows {
                let tr = add(&body, HTML, "tr", &[], "");
                for c in row {
                    add(&tr, HTML, "td", &[("class", tone(c.tone))], &c.text);
                }
            }
        }
        Block::Code { label, text } => {
            // What the code is (a file's name, "the build log"), shown above it.
            add(root, HTML, "p", &[("class", "code-label")], label);
            add(
                &scroll(root, label),
                HTML,
                "pre",
                &[("class", "code")],
                text,
            );
        }
        Block::Drawing(d) => draw(root, d),
        Block::Buttons {
            label,
            stacked,
            buttons,
        } => {
            let class = if *stacked {
                "choices stacked"
            } else {
                "choices"
            };
            let group = add(
                root,
                HTML,
                "div",
                &[("class", class), ("role", "group"), ("aria-label", label)],
                "",
            );
            for b in buttons {
                let class = format!("choice {}", tone(b.tone));
                let pressed = match b.pressed {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "",
                };
                // An op: a button the page answers (see `crate::ui::exam`); a go alone: a link
                // (pressed: the option the address has picked); neither: a state shown.
                let e = if !b.op.is_empty() {
                    add(
                        &group,
                        HTML,
                        "button",
                        &[
                            ("type", "button"),
                            ("class", &class),
                            ("data-op", &b.op),
                            ("data-go", &b.go),
                            ("aria-pressed", pressed),
                        ],
                        "",
                    )
                } else if !b.go.is_empty() {
                    let current = if b.pressed == Some(true) { "true" } else { "" };
                    let external = b.go.starts_with("https://");
                    add(
                        &group,
                        HTML,
                        "a",
                        &[
                            ("class", &class),
                            ("href", &b.go),
                            ("aria-current", current),
                            // A page outside the app (AWS's documentation) opens beside it.
                            ("target", if external { "_blank" } else { "" }),
                            ("rel", if external { "noopener" } else { "" }),
                        ],
                        "",
                    )
                } else {
                    add(&group, HTML, "div", &[("class", &class)], "")
                };
                add(&e, HTML, "span", &[], &b.text);
                if !b.detail.is_empty() {
                    add(&e, HTML, "small", &[], &b.detail);
                }
            }
        }
        Block::Countdown { label, until, op } => {
            // The page's clock writes the time left into it every second (`crate::ui::exam`).
            add(
                root,
                HTML,
                "p",
                &[
                    ("class", "countdown"),
                    ("role", "timer"),
                    ("data-until", &until.to_string()),
                    ("data-op", op),
                    ("data-label", label),
                ],
                &countdown_text(label, *until),
            );
        }
        Block::Tree { label, items } => {
            let ul = add(
                root,
                HTML,
                "ul",
                &[("class", "tree"), ("aria-label", label)],
                "",
            );
            for i in items {
                let indent = format!("margin-left:{}rem", i.depth);
                add(
                    &ul,
                    HTML,
                    "li",
                    &[("class", tone(i.tone)), ("style", &indent)],
                    &i.text,
                );
            }
        }
    }
}

/// A countdown's text: its label and the time left until `until` (ms since the epoch), h:mm:ss.
pub fn countdown_text(label: &str, until: u64) -> String {
    let left = until.saturating_sub(js_sys::Date::now() as u64) / 1000;
    format!(
        "{label}: {}:{:02}:{:02}",
        left / 3600,
        left / 60 % 60,
        left % 60
    )
}

fn draw(root: &Element, d: &Drawing) {
    let svg = add(
        &scroll(root, &d.label),
        SVG,
        "svg",
        &[
            ("class", "drawing"),
            ("role", "img"),
            ("aria-label", &d.label),
            ("width", &d.width.to_string()),
            ("height", &d.height.to_string()),
        ],
        "",
    );
    for s in &d.shapes {
        match s {
            Shape::Head { x, y, text } => {
                add(
                    &svg,
                    SVG,
                    "text",
                    &[
                        ("class", "head"),
                        ("x", &x.to_string()),
                        ("y", &y.to_string()),
                    ],
                    text,
                );
            }
            Shape::Node { x, y, cycle, text } => {
                let class = if *cycle { "cycle" } else { "" };
                let (xs, ys) = (x.to_string(), y.to_string());
                let attrs = [
                    ("class", class),
                    ("x", &xs),
                    ("y", &ys),
                    ("width", "150"),
                    ("height", "28"),
                    ("rx", "5"),
                ];
                add(&svg, SVG, "rect", &attrs, "");
                let (tx, ty) = ((x + 8).to_string(), (y + 19).to_string());
                add(&svg, SVG, "text", &[("x", &tx), ("y", &ty)], text);
            }
            Shape::Arrow(path) => {
                add(&svg, SVG, "path", &[("d", path)], "");
            }
            Shape::Dot { x, y, tone: t } => {
                let (cx, cy) = (x.to_string(), y.to_string());
                let attrs = [("class", tone(*t)), ("cx", &cx), ("cy", &cy), ("r", "6")];
                add(&svg, SVG, "circle", &attrs, "");
            }
            Shape::Label {
                x,
                y,
                text,
                tone: t,
            } => {
                let (xs, ys) = (x.to_string(), y.to_string());
                add(
                    &svg,
                    SVG,
                    "text",
                    &[("class", tone(*t)), ("x", &xs), ("y", &ys)],
                    text,
                );
            }
            Shape::Bar {
                x,
                y,
                width,
                height,
                tone: t,
            } => {
                let (xs, ys, w, h) = (
                    x.to_string(),
                    y.to_string(),
                    width.to_string(),
                    height.to_string(),
                );
                let attrs = [
                    ("class", tone(*t)),
                    ("x", &xs),
                    ("y", &ys),
                    ("width", &w),
                    ("height", &h),
                ];
                add(&svg, SVG, "rect", &attrs, "");
            }
            Shape::Line { path, tone: t } => {
                add(&svg, SVG, "path", &[("class", tone(*t)), ("d", path)], "");
            }
        }
    }
}
