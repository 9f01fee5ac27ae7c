//! The parsers worker: answers the app's [`course::jobs::Request`]s (postcard bytes in a
//! `Uint8Array`) with [`course::jobs::Response`]s, in a Web Worker, so that parsers stay out
//! of the app's first load and long parses stay off the page's thread.
//!
//! Protocol: once started, the worker posts an empty message ("ready"); after that, every
//! message it receives is one request, answered by one response message.
//!
//! Templates need the resource knowledge (`cfn-resources-<hash>.json`, beside the app), and
//! grading needs the compiled labs (`labs-<lang>-<hash>.bin`): the worker downloads each the
//! first time a job needs it (a synchronous request, which only a worker
//! may make: the page never waits), through the service worker, which keeps it for offline
//! use.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    // The Vietnamese of the findings' and the AWS configuration's words (no labs file here).
    const TEXTS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/texts_vi.rs"));
    course::lang::install_translations(
        &TEXTS
            .iter()
            .map(|(en, vi)| (en.to_string(), vi.to_string()))
            .collect::<Vec<_>>(),
    );

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let onmessage = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let request = js_sys::Uint8Array::new(&event.data()).to_vec();
        let response = course::jobs::answer(&request, &download);
        let _ = reply_to.post_message(&js_sys::Uint8Array::from(&response[..]));
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    onmessage.forget();
    let _ = scope.post_message(&js_sys::Uint8Array::new_with_length(0));
}

/// A file beside the app, as bytes (relative to the worker's script, which is beside it). A
/// synchronous request, which only a worker may make, and which only a worker may ask for an
/// `ArrayBuffer` from (the labs file is binary).
#[cfg(target_arch = "wasm32")]
fn download(name: &str) -> Result<Vec<u8>, String> {
    let failed = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let request = web_sys::XmlHttpRequest::new().map_err(failed)?;
    request
        .open_with_async("GET", &format!("./{name}"), false)
        .map_err(failed)?;
    request.set_response_type(web_sys::XmlHttpRequestResponseType::Arraybuffer);
    request.send().map_err(failed)?;
    let status = request.status().map_err(failed)?;
    if status != 200 {
        return Err(format!("HTTP {status}"));
    }
    let body = request.response().map_err(failed)?;
    if body.is_null() || body.is_undefined() {
        return Err("empty response".into());
    }
    Ok(js_sys::Uint8Array::new(&body).to_vec())
}

/// Natively there is no worker: the same jobs run in `course::jobs` (tested there).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("devops-lab-parsers is a Web Worker module: build it with trunk (see index.html)");
    std::process::exit(2);
}
