//! "A new version of DevOps Lab is ready": shown when the service worker has installed a
//! newer build and is waiting. The app keeps running the version it started with until
//! the learner clicks Reload (a lab half done is never switched under them).
//!
//! The service worker is registered by `assets/sw-register.js`, not by the app, so that
//! the wasm carries no service-worker code. The two talk by DOM events on `window`: that
//! script sends [`READY_EVENT`] (and sets `data-update-ready` on `<html>` in case the app
//! starts after it), and this component sends [`ACCEPT_EVENT`] when the learner accepts.
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::i18n::T;

/// Sent by `assets/sw-register.js` when a new version is waiting.
pub const READY_EVENT: &str = "devops-lab:update-ready";
/// Sent to `assets/sw-register.js` when the learner wants the new version now.
pub const ACCEPT_EVENT: &str = "devops-lab:update-accept";
/// Set on `<html>` by `assets/sw-register.js` together with [`READY_EVENT`].
const READY_ATTRIBUTE: &str = "data-update-ready";

const READY: T = t!(
    "A new version of DevOps Lab is ready.",
    "Đã có phiên bản mới của DevOps Lab."
);
const KEEPS: T = t!(
    "Your progress is kept.",
    "Tiến độ của bạn vẫn được giữ nguyên."
);
const RELOAD: T = t!("Reload now", "Tải lại ngay");
const LATER: T = t!("Later", "Để sau");

/// The notice, or nothing while no new version waits. Rendered by the app root with the
/// banners; its live region is always there, so a screen reader announces the notice.
#[component]
pub fn UpdateNotice() -> Html {
    let ready = use_state_eq(already_ready);
    let dismissed = use_state_eq(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || ready.set(true));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback(
                    READY_EVENT,
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        READY_EVENT,
                        listener.as_ref().unchecked_ref(),
                    );
                }
                drop(listener);
            }
        });
    }
    let notice = (*ready && !*dismissed).then(|| {
        let later = {
            let dismissed = dismissed.clone();
            Callback::from(move |_| dismissed.set(true))
        };
        html! {
            <div class="banner info update-notice" id="update-notice">
                <p>{ READY.s() }{ " " }{ KEEPS.s() }</p>
                <span class="update-buttons">
                    <button id="update-reload" class="primary" onclick={Callback::from(|_| accept())}>
                        { RELOAD.s() }
                    </button>
                    { " " }
                    <button id="update-later" onclick={later}>{ LATER.s() }</button>
                </span>
            </div>
        }
    });
    html! { <div class="banners update-region" role="status">{ for notice }</div> }
}

/// Whether the registration script announced a waiting version before the app started.
fn already_ready() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute(READY_ATTRIBUTE))
        .is_some_and(|v| v == "true")
}

/// Asks the registration script to let the waiting version take over; the page reloads.
fn accept() {
    if let (Some(w), Ok(event)) = (web_sys::window(), web_sys::Event::new(ACCEPT_EVENT)) {
        let _ = w.dispatch_event(&event);
    }
}
