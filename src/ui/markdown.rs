//! Markdown to yew nodes, built element by element: raw HTML in the source is
//! shown as text, and links may only point inside the app or to http(s).
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use yew::prelude::*;
use yew::virtual_dom::{VNode, VTag, VText};

#[derive(Properties, PartialEq)]
pub struct MarkdownProps {
    pub source: AttrValue,
}

/// Renders Markdown safely.
#[component]
pub fn Markdown(props: &MarkdownProps) -> Html {
    let html = use_memo(props.source.clone(), |source| render(source));
    html! { <div class="markdown">{ (*html).clone() }</div> }
}

/// One open element while walking the events.
struct Open {
    tag: VTag,
}

/// Renders Markdown to a node list (exposed for tests).
pub fn render(source: &str) -> Html {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut stack: Vec<Open> = vec![Open {
        tag: VTag::new("div"),
    }];
    let mut in_head = false;
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(tag) => {
                let element = open(&tag, in_head);
                if matches!(tag, Tag::TableHead) {
                    in_head = true;
                }
                stack.push(Open { tag: element });
            }
            Event::End(end) => {
                if matches!(end, TagEnd::TableHead) {
                    in_head = false;
                }
                if stack.len() > 1 {
                    if let Some(done) = stack.pop() {
                        push(&mut stack, VNode::from(done.tag));
                    }
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut stack, VText::new(t.to_string()).into())
            }
            Event::Code(t) => {
                let mut code = VTag::new("code");
                code.add_child(VText::new(t.to_string()).into());
                push(&mut stack, code.into());
            }
            Event::SoftBreak => push(&mut stack, VText::new(" ").into()),
            Event::HardBreak => push(&mut stack, VTag::new("br").into()),
            Event::Rule => push(&mut stack, VTag::new("hr").into()),
            _ => {}
        }
    }
    while stack.len() > 1 {
        if let Some(done) = stack.pop() {
            push(&mut stack, done.tag.into());
        }
    }
    stack
        .pop()
        .map_or_else(Html::default, |root| VNode::from(root.tag))
}

fn push(stack: &mut [Open], node: VNode) {
    if let Some(top) = stack.last_mut() {
        top.tag.add_child(node);
    }
}

fn open(tag: &Tag<'_>, in_head: bool) -> VTag {
    match tag {
        Tag::Paragraph => VTag::new("p"),
        Tag::Heading { level, .. } => VTag::new(match level {
            // The page's h1 is the lab title; step headings start at h2.
            HeadingLevel::H1 | HeadingLevel::H2 => "h2",
            HeadingLevel::H3 => "h3",
            _ => "h4",
        }),
        Tag::BlockQuote(_) => VTag::new("blockquote"),
        Tag::CodeBlock(_) => VTag::new("pre"),
        Tag::List(Some(start)) => {
            let mut ol = VTag::new("ol");
            if *start != 1 {
                ol.add_attribute("start", start.to_string());
            }
            ol
        }
        Tag::List(None) => VTag::new("ul"),
        Tag::Item => VTag::new("li"),
        Tag::Emphasis => VTag::new("em"),
        Tag::Strong => VTag::new("strong"),
        Tag::Strikethrough => VTag::new("del"),
        Tag::Table(_) => VTag::new("table"),
        Tag::TableHead => VTag::new("thead"),
        Tag::TableRow => VTag::new("tr"),
        Tag::TableCell => VTag::new(if in_head { "th" } else { "td" }),
        Tag::Link { dest_url, .. } => {
            let mut a = VTag::new("a");
            if safe_link(dest_url) {
                a.add_attribute("href", dest_url.to_string());
                if dest_url.starts_with("http") {
                    a.add_attribute("rel", "noopener noreferrer");
                    a.add_attribute("target", "_blank");
                }
            }
            a
        }
        // Images are not loaded (no network requests): the alt text is shown instead.
        Tag::Image { .. } => VTag::new("span"),
        _ => VTag::new("span"),
    }
}

/// Only in-app hash links and http(s) links; never `javascript:` or `data:`.
fn safe_link(url: &str) -> bool {
    url.starts_with('#') || url.starts_with("https://") || url.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::safe_link;

    #[test]
    fn only_safe_links_get_an_href() {
        assert!(safe_link("#/labs/dora-four-keys"));
        assert!(safe_link("https://dora.dev"));
        assert!(!safe_link("javascript:alert(1)"));
        assert!(!safe_link("data:text/html,hi"));
        assert!(!safe_link("JaVaScRiPt:alert(1)"));
    }
}
