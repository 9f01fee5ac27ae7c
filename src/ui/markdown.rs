//! Lab text (a [`Doc`], made from Markdown when the labs were compiled) as yew nodes, built
//! element by element: text is only ever a text node, and a link keeps its address only
//! when it points inside the app or to http(s).
use yew::prelude::*;
use yew::virtual_dom::{VNode, VTag, VText};

use crate::course::doc::{safe_link, Doc, Node, Tag};
use crate::ui::text;

#[derive(Properties, PartialEq)]
pub struct TextProps {
    pub doc: Doc,
}

/// Renders a document safely.
#[component]
pub fn Text(props: &TextProps) -> Html {
    html! { <div class="markdown">{ render(&props.doc) }</div> }
}

/// The document's nodes (exposed for tests).
pub fn render(doc: &Doc) -> Html {
    doc.0.iter().map(node).collect::<Html>()
}

/// A short text (a check's advice or concept) for inside a paragraph: a document that is
/// one paragraph gives its content, without a paragraph of its own.
pub fn inline(doc: &Doc) -> Html {
    match doc.0.as_slice() {
        [Node::Element {
            tag: Tag::Paragraph,
            children,
        }] => children.iter().map(node).collect::<Html>(),
        _ => render(doc),
    }
}

fn node(n: &Node) -> VNode {
    match n {
        Node::Text(t) => VText::new(t.clone()).into(),
        Node::Element { tag, children } => {
            let mut element = open(tag);
            for child in children {
                element.add_child(node(child));
            }
            if matches!(tag, Tag::Table) {
                // A table scrolls sideways inside its own box on narrow screens; the box is
                // focusable and named so that a keyboard can scroll it too.
                let mut scroll = VTag::new("div");
                scroll.add_attribute("class", "table-scroll");
                scroll.add_attribute("tabindex", "0");
                scroll.add_attribute("role", "region");
                scroll.add_attribute("aria-label", text::table_scroll(&columns(children)));
                scroll.add_child(element.into());
                return scroll.into();
            }
            element.into()
        }
    }
}

/// A table's column headings ("Cluster, Deployment frequency, …"): its first row's cells.
fn columns(table: &[Node]) -> String {
    fn first_row(nodes: &[Node]) -> Option<&[Node]> {
        nodes.iter().find_map(|n| match n {
            Node::Element {
                tag: Tag::TableRow,
                children,
            } => Some(children.as_slice()),
            Node::Element {
                tag: Tag::TableHead,
                children,
            } => first_row(children).or(Some(children.as_slice())),
            _ => None,
        })
    }
    first_row(table)
        .unwrap_or_default()
        .iter()
        .map(|cell| Doc(vec![cell.clone()]).text())
        .collect::<Vec<_>>()
        .join(", ")
}

fn open(tag: &Tag) -> VTag {
    match tag {
        Tag::Paragraph => VTag::new("p"),
        Tag::Heading(2) => VTag::new("h2"),
        Tag::Heading(3) => VTag::new("h3"),
        Tag::Heading(_) => VTag::new("h4"),
        Tag::BlockQuote => VTag::new("blockquote"),
        Tag::CodeBlock => {
            // Wider than a phone: it scrolls, so a keyboard must reach it too.
            let mut pre = VTag::new("pre");
            pre.add_attribute("tabindex", "0");
            pre
        }
        Tag::OrderedList(start) => {
            let mut ol = VTag::new("ol");
            if *start != 1 {
                ol.add_attribute("start", start.to_string());
            }
            ol
        }
        Tag::List => VTag::new("ul"),
        Tag::Item => VTag::new("li"),
        Tag::Emphasis => VTag::new("em"),
        Tag::Strong => VTag::new("strong"),
        Tag::Strikethrough => VTag::new("del"),
        Tag::Code => VTag::new("code"),
        Tag::Table => VTag::new("table"),
        Tag::TableHead => VTag::new("thead"),
        Tag::TableRow => VTag::new("tr"),
        Tag::TableHeaderCell => VTag::new("th"),
        Tag::TableCell => VTag::new("td"),
        Tag::Link(href) => {
            let mut a = VTag::new("a");
            // Checked again here: a document is data, and data may come from anywhere.
            if let Some(href) = href.as_deref().filter(|h| safe_link(h)) {
                a.add_attribute("href", href.to_string());
                if href.starts_with("http") {
                    a.add_attribute("rel", "noopener noreferrer");
                    a.add_attribute("target", "_blank");
                }
            }
            a
        }
        Tag::Span => VTag::new("span"),
        Tag::LineBreak => VTag::new("br"),
        Tag::Rule => VTag::new("hr"),
    }
}

#[cfg(test)]
mod tests {
    use super::columns;
    use crate::course::doc::{Node, Tag};

    fn el(tag: Tag, children: Vec<Node>) -> Node {
        Node::Element { tag, children }
    }

    #[test]
    fn a_table_is_named_by_its_column_headings() {
        let cell = |tag: Tag, t: &str| el(tag, vec![Node::Text(t.into())]);
        let table = vec![
            el(
                Tag::TableHead,
                vec![
                    cell(Tag::TableHeaderCell, "Cluster"),
                    el(
                        Tag::TableHeaderCell,
                        vec![el(Tag::Strong, vec![Node::Text("Lead time".into())])],
                    ),
                ],
            ),
            el(
                Tag::TableRow,
                vec![
                    cell(Tag::TableCell, "Elite"),
                    cell(Tag::TableCell, "< 1 day"),
                ],
            ),
        ];
        assert_eq!(columns(&table), "Cluster, Lead time");
        assert_eq!(columns(&[]), "");
    }
}
