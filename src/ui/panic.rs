//! A panic hook that shows a visible message instead of leaving a dead page.
//!
//! Progress is saved after every change, so a panic loses nothing that was saved;
//! the message says so and offers a reload.
use wasm_bindgen::JsCast;

use super::text;

/// Installs the hook (once, at start).
pub fn install_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_message();
    }));
}

/// Shows the panic message (once), focused, as an alert; text only.
pub fn show_message() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("panic").is_some() {
        return;
    }
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_id("panic");
    let _ = banner.set_attribute("role", "alert");
    let Ok(message) = document.create_element("p") else {
        return;
    };
    // Text only: set_text_content never parses HTML.
    message.set_text_content(Some(text::PANIC_MESSAGE.s()));
    let _ = banner.append_child(&message);
    if let Ok(button) = document.create_element("button") {
        button.set_text_content(Some(text::RELOAD.s()));
        let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        // The page is beyond repair: the listener lives until the reload.
        reload.forget();
        let _ = banner.append_child(&button);
    }
    if let Some(body) = document.body() {
        let _ = body.append_child(&banner);
        if let Some(el) = banner.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
