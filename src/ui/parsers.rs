//! The parsers worker, seen from the page: jobs go to a Web Worker (`crates/parsers`) that
//! is started the first time a page needs a parser, and come back as outcomes. Until then
//! the parsers are not downloaded at all; the first load stays small.
//!
//! Tests can run jobs in the page instead ([`run_in_page`]): wasm-bindgen-test serves no
//! trunk-built worker.
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::course::jobs::{Job, Outcome, Request, Response};

/// The worker's loader script, written by trunk next to index.html.
const WORKER_URL: &str = "./devops-lab-parsers_loader.js";

type Done = Box<dyn FnOnce(Outcome)>;
/// Runs a job where it is called (tests).
type InPage = fn(Job) -> Outcome;

struct Client {
    worker: web_sys::Worker,
    ready: bool,
    queued: Vec<Vec<u8>>,
    next_id: u32,
    waiting: HashMap<u32, Done>,
    _onmessage: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static IN_PAGE: RefCell<Option<InPage>> = const { RefCell::new(None) };
}

/// Runs every job in the page with `run` instead of in the worker (for tests).
pub fn run_in_page(run: InPage) {
    IN_PAGE.with(|f| *f.borrow_mut() = Some(run));
}

/// Hands a job to the worker (started on first use); `done` gets its outcome.
pub fn submit(job: Job, done: impl FnOnce(Outcome) + 'static) {
    if let Some(run) = IN_PAGE.with(|f| *f.borrow()) {
        done(run(job));
        return;
    }
    let started = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = start().ok();
        }
        c.is_some()
    });
    if !started {
        done(Outcome::BadRequest(
            crate::ui::text::PARSER_UNAVAILABLE.s().into(),
        ));
        return;
    }
    CLIENT.with(|c| {
        if let Some(client) = c.borrow_mut().as_mut() {
            let id = client.next_id;
            client.next_id = client.next_id.wrapping_add(1) % (u32::MAX - 1);
            client.waiting.insert(id, Box::new(done));
            let bytes = Request { id, job }.encode();
            if client.ready {
                post(&client.worker, &bytes);
            } else {
                client.queued.push(bytes);
            }
        }
    });
}

fn post(worker: &web_sys::Worker, bytes: &[u8]) {
    let _ = worker.post_message(&js_sys::Uint8Array::from(bytes));
}

fn start() -> Result<Client, JsValue> {
    let worker = web_sys::Worker::new(WORKER_URL)?;
    let onmessage =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
            received(&bytes);
        });
    let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(|_event: web_sys::Event| {
        failed();
    });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    Ok(Client {
        worker,
        ready: false,
        queued: Vec::new(),
        next_id: 0,
        waiting: HashMap::new(),
        _onmessage: onmessage,
        _onerror: onerror,
    })
}

/// A message from the worker: "ready" (empty), or a response.
fn received(bytes: &[u8]) {
    if bytes.is_empty() {
        CLIENT.with(|c| {
            if let Some(client) = c.borrow_mut().as_mut() {
                client.ready = true;
                for request in std::mem::take(&mut client.queued) {
                    post(&client.worker, &request);
                }
            }
        });
        return;
    }
    let Some(response) = Response::decode(bytes) else {
        return;
    };
    // Take the callback out before calling it: it may submit another job.
    let done = CLIENT.with(|c| {
        c.borrow_mut()
            .as_mut()
            .and_then(|client| client.waiting.remove(&response.id))
    });
    if let Some(done) = done {
        done(response.outcome);
    }
}

/// The worker could not load: every waiting job gets a message, and the next job tries again.
fn failed() {
    let waiting = CLIENT.with(|c| {
        c.borrow_mut()
            .take()
            .map(|client| {
                client.worker.terminate();
                client.waiting
            })
            .unwrap_or_default()
    });
    for (_, done) in waiting {
        done(Outcome::BadRequest(
            crate::ui::text::PARSER_UNAVAILABLE.s().into(),
        ));
    }
}

/// A job's outcome for a component: `None` while it runs. A newer job replaces an older
/// one; a late answer to the older one is dropped.
#[hook]
pub fn use_job(job: Job) -> Option<Rc<Outcome>> {
    let outcome = use_state(|| None::<Rc<Outcome>>);
    let generation = use_mut_ref(|| 0u64);
    {
        let outcome = outcome.clone();
        use_effect_with(job, move |job| {
            let current = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            outcome.set(None);
            let generation = generation.clone();
            submit(job.clone(), move |result| {
                if *generation.borrow() == current {
                    outcome.set(Some(Rc::new(result)));
                }
            });
        });
    }
    (*outcome).clone()
}
