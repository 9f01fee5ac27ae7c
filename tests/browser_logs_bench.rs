//! The Logs Insights benchmark in the browser: the native benchmark's million events and three
//! queries (`engine::logs::sample`), timed with `performance.now()` in headless Chromium.
//! A benchmark, not a test of speed: it is ignored by default and prints its times; run it with
//! `cargo test --target wasm32-unknown-unknown --test browser_logs_bench -- --include-ignored`
//! and write the times in the README.
#![cfg(target_arch = "wasm32")]

use devops_lab::engine::logs::sample::{group, QUERIES};
use devops_lab::engine::logs::{run, validate, Events, Range};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[wasm_bindgen_test]
#[ignore]
fn a_million_events_queried_in_the_browser() {
    let g = group(1_000_000);
    let t = now();
    let events = Events::load(std::slice::from_ref(&g));
    console_log!("load_1m_events: {:.0} ms", now() - t);
    drop(g);
    for (name, text) in QUERIES {
        let query = validate(text).query.expect("valid query");
        // The best of three, as the native benchmark reports a typical run.
        let mut best = f64::MAX;
        let mut rows = 0;
        for _ in 0..3 {
            let t = now();
            let r = run(&query, &events, Range::ALL);
            best = best.min(now() - t);
            rows = r.rows.len();
        }
        assert!(rows > 0, "{name} returned no rows");
        console_log!("{name}_1m_events: {best:.0} ms ({rows} rows)");
    }
}
