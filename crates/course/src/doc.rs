//! Lab text as a small tree of safe elements: what a step's Markdown becomes at build time,
//! so the browser needs no Markdown parser and can never be handed raw HTML.
//!
//! Raw HTML in the Markdown becomes text; links keep an address only when it points inside
//! the app (`#…`) or to http(s); images are not loaded (their alt text is shown).
use serde::{Deserialize, Serialize};

/// A document: a list of nodes.
///
/// In a human-readable format (a lab's TOML) a document is written as Markdown text and
/// parsed when read; in the compiled labs (postcard) it is the node tree. So any text field
/// of a lab file that should allow emphasis, code or links is a `Doc`, and the browser never
/// needs a Markdown parser.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc(pub Vec<Node>);

impl Serialize for Doc {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&self.text())
        } else {
            self.0.serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Doc, D::Error> {
        if deserializer.is_human_readable() {
            let source = String::deserialize(deserializer)?;
            Ok(Doc::from_source(&source))
        } else {
            Vec::<Node>::deserialize(deserializer).map(Doc)
        }
    }
}

/// One node of a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Node {
    Text(String),
    Element { tag: Tag, children: Vec<Node> },
}

/// The elements a document may hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Tag {
    Paragraph,
    /// A heading, at 2, 3 or 4 (the page's h1 is the lab title).
    Heading(u8),
    BlockQuote,
    CodeBlock,
    /// An ordered list and its first number.
    OrderedList(u64),
    List,
    Item,
    Emphasis,
    Strong,
    Strikethrough,
    Code,
    Table,
    TableHead,
    TableRow,
    TableHeaderCell,
    TableCell,
    /// A link; `None` when its address was not safe (it is kept as plain text).
    Link(Option<String>),
    /// Anything else, shown as its content (an image's alt text, for one).
    Span,
    LineBreak,
    Rule,
}

/// Only in-app hash links and http(s) links; never `javascript:` or `data:`.
pub fn safe_link(url: &str) -> bool {
    url.starts_with('#') || url.starts_with("https://") || url.starts_with("http://")
}

impl Doc {
    /// A document from Markdown source (feature `files`); without the feature, the source
    /// as one paragraph of plain text.
    pub fn from_source(source: &str) -> Doc {
        #[cfg(feature = "files")]
        {
            Doc::from_markdown(source)
        }
        #[cfg(not(feature = "files"))]
        {
            Doc(vec![Node::Element {
                tag: Tag::Paragraph,
                children: vec![Node::Text(source.to_string())],
            }])
        }
    }

    /// The document's text, without markup (for tests and search).
    pub fn text(&self) -> String {
        fn walk(nodes: &[Node], out: &mut String) {
            for node in nodes {
                match node {
                    Node::Text(t) => out.push_str(t),
                    Node::Element { children, .. } => walk(children, out),
                }
            }
        }
        let mut out = String::new();
        walk(&self.0, &mut out);
        out
    }

    /// Parses Markdown (CommonMark with tables and strikethrough).
    #[cfg(feature = "files")]
    pub fn from_markdown(source: &str) -> Doc {
        use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag as Md, TagEnd};

        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        // The open elements; the bottom one collects the document.
        let mut stack: Vec<(Tag, Vec<Node>)> = vec![(Tag::Span, Vec::new())];
        let mut in_head = false;
        let push = |stack: &mut Vec<(Tag, Vec<Node>)>, node: Node| {
            if let Some((_, children)) = stack.last_mut() {
                children.push(node);
            }
        };
        for event in Parser::new_ext(source, options) {
            match event {
                Event::Start(tag) => {
                    let element = match &tag {
                        Md::Paragraph => Tag::Paragraph,
                        Md::Heading { level, .. } => Tag::Heading(match level {
                            HeadingLevel::H1 | HeadingLevel::H2 => 2,
                            HeadingLevel::H3 => 3,
                            _ => 4,
                        }),
                        Md::BlockQuote(_) => Tag::BlockQuote,
                        Md::CodeBlock(_) => Tag::CodeBlock,
                        Md::List(Some(start)) => Tag::OrderedList(*start),
                        Md::List(None) => Tag::List,
                        Md::Item => Tag::Item,
                        Md::Emphasis => Tag::Emphasis,
                        Md::Strong => Tag::Strong,
                        Md::Strikethrough => Tag::Strikethrough,
                        Md::Table(_) => Tag::Table,
                        Md::TableHead => {
                            in_head = true;
                            Tag::TableHead
                        }
                        Md::TableRow => Tag::TableRow,
                        Md::TableCell if in_head => Tag::TableHeaderCell,
                        Md::TableCell => Tag::TableCell,
                        Md::Link { dest_url, .. } => {
                            Tag::Link(safe_link(dest_url).then(|| dest_url.to_string()))
                        }
                        _ => Tag::Span,
                    };
                    stack.push((element, Vec::new()));
                }
                Event::End(end) => {
                    if matches!(end, TagEnd::TableHead) {
                        in_head = false;
                    }
                    if stack.len() > 1 {
                        if let Some((tag, children)) = stack.pop() {
                            push(&mut stack, Node::Element { tag, children });
                        }
                    }
                }
                Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    push(&mut stack, Node::Text(t.to_string()))
                }
                Event::Code(t) => push(
                    &mut stack,
                    Node::Element {
                        tag: Tag::Code,
                        children: vec![Node::Text(t.to_string())],
                    },
                ),
                Event::SoftBreak => push(&mut stack, Node::Text(" ".into())),
                Event::HardBreak => push(
                    &mut stack,
                    Node::Element {
                        tag: Tag::LineBreak,
                        children: Vec::new(),
                    },
                ),
                Event::Rule => push(
                    &mut stack,
                    Node::Element {
                        tag: Tag::Rule,
                        children: Vec::new(),
                    },
                ),
                _ => {}
            }
        }
        while stack.len() > 1 {
            if let Some((tag, children)) = stack.pop() {
                push(&mut stack, Node::Element { tag, children });
            }
        }
        Doc(stack
            .pop()
            .map(|(_, children)| children)
            .unwrap_or_default())
    }
}

#[cfg(all(test, feature = "files"))]
mod tests {
    use super::*;

    fn el(tag: Tag, children: Vec<Node>) -> Node {
        Node::Element { tag, children }
    }

    fn text(t: &str) -> Node {
        Node::Text(t.into())
    }

    #[test]
    fn markdown_becomes_safe_elements() {
        let doc = Doc::from_markdown("# Title\n\nSome *em* and `code`.\n\n- a\n- b\n");
        assert_eq!(
            doc.0,
            vec![
                el(Tag::Heading(2), vec![text("Title")]),
                el(
                    Tag::Paragraph,
                    vec![
                        text("Some "),
                        el(Tag::Emphasis, vec![text("em")]),
                        text(" and "),
                        el(Tag::Code, vec![text("code")]),
                        text("."),
                    ]
                ),
                el(
                    Tag::List,
                    vec![
                        el(Tag::Item, vec![text("a")]),
                        el(Tag::Item, vec![text("b")])
                    ]
                ),
            ]
        );
    }

    #[test]
    fn raw_html_is_text_and_unsafe_links_lose_their_address() {
        let doc = Doc::from_markdown(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](#/labs/a) ![img](http://e/x.png)",
        );
        assert!(doc.text().contains("<script>alert(1)</script>"));
        let links: Vec<&Tag> = doc
            .0
            .iter()
            .flat_map(|n| match n {
                Node::Element { children, .. } => children.iter().collect::<Vec<_>>(),
                _ => Vec::new(),
            })
            .filter_map(|n| match n {
                Node::Element {
                    tag: tag @ Tag::Link(_),
                    ..
                } => Some(tag),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            vec![&Tag::Link(None), &Tag::Link(Some("#/labs/a".into()))]
        );
        assert!(
            !format!("{doc:?}").contains("x.png"),
            "images are not loaded"
        );
    }

    #[test]
    fn table_header_cells_are_marked() {
        let doc = Doc::from_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n");
        let debug = format!("{doc:?}");
        assert_eq!(debug.matches("TableHeaderCell").count(), 2, "{debug}");
        assert_eq!(debug.matches("TableCell,").count(), 2, "{debug}");
    }
}
