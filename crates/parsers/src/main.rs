//! The parsers worker: answers the app's [`course::jobs::Request`]s (postcard bytes in a
//! `Uint8Array`) with [`course::jobs::Response`]s, in a Web Worker, so that parsers stay out
//! of the app's first load and long parses stay off the page's thread.
//!
//! Protocol: once started, the worker posts an empty message ("ready"); after that, every
//! message it receives is one request, answered by one response message.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let onmessage = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let request = js_sys::Uint8Array::new(&event.data()).to_vec();
        let response = course::jobs::answer(&request);
        let _ = reply_to.post_message(&js_sys::Uint8Array::from(&response[..]));
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    onmessage.forget();
    let _ = scope.post_message(&js_sys::Uint8Array::new_with_length(0));
}

/// Natively there is no worker: the same jobs run in `course::jobs` (tested there).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("devops-lab-parsers is a Web Worker module: build it with trunk (see index.html)");
    std::process::exit(2);
}
