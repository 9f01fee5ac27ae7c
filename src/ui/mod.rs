//! The yew UI: thin function components that render the lab model and the engines.
//!
//! Architecture invariant: components hold no grading or simulation logic; they
//! call `course` and `engine` and draw what those return. User and lab text is
//! only ever rendered as text nodes (see `markdown`), never as raw HTML.
pub mod agenda;
pub mod app;
pub mod cannot_run;
pub mod chart_hook;
pub mod demo;
pub mod exam;
pub mod family;
pub mod home;
pub mod i18n;
pub mod lab_page;
pub mod lab_panel;
pub mod markdown;
pub mod panel;
pub mod panic;
pub mod parsers;
pub mod present;
pub mod progress_page;
pub mod results;
pub mod route;
pub mod scroll_box;
pub mod shared;
pub mod state;
pub mod step_inputs;
pub mod storage;
pub mod text;
pub mod update_notice;

/// Starts the app in the page's `#app` element (or the body).
pub fn start() {
    panic::install_hook();
    let document = web_sys::window().and_then(|w| w.document());
    match document.and_then(|d| d.get_element_by_id("app")) {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}

/// Links a stylesheet beside the app (`deploy.css`) the first time a view that needs it
/// renders: what only some pages need stays out of the first load. Idempotent.
pub fn stylesheet(file: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector = format!("link[data-lazy=\"{file}\"]");
    if doc.query_selector(&selector).ok().flatten().is_some() {
        return;
    }
    if let (Some(head), Ok(link)) = (doc.head(), doc.create_element("link")) {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", file);
        let _ = link.set_attribute("data-lazy", file);
        let _ = head.append_child(&link);
    }
}
