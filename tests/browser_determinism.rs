//! Determinism across targets: each engine's canonical run, executed as WebAssembly in headless Chromium, hashes to the same constant as natively.
//!
//! The runs and the constants are `engine::fingerprint`'s; its native test asserts the same
//! constants, so a last-bit difference between native code and the browser fails one side.
#![cfg(target_arch = "wasm32")]

use devops_lab::engine::fingerprint;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Fails with both values in hex, so a mismatch can be compared with the native run.
fn assert_fingerprint(name: &str, value: u64, constant: u64) {
    assert_eq!(
        value, constant,
        "{name}: {value:#018x} in the browser, {constant:#018x} natively"
    );
}

#[wasm_bindgen_test]
fn dora_keys_match_native() {
    assert_fingerprint("dora", fingerprint::dora(), fingerprint::DORA);
}

#[wasm_bindgen_test]
fn alarm_evaluation_matches_native() {
    assert_fingerprint("alarm", fingerprint::alarm(), fingerprint::ALARM);
}

#[wasm_bindgen_test]
fn deployment_simulation_matches_native() {
    assert_fingerprint("deploy", fingerprint::deploy(), fingerprint::DEPLOY);
}

#[wasm_bindgen_test]
fn flags_and_ab_test_match_native() {
    assert_fingerprint("flags", fingerprint::flags(), fingerprint::FLAGS);
}

/// `all` lists every engine once, so a fingerprint added there is covered here too.
#[wasm_bindgen_test]
fn every_fingerprint_matches_native() {
    for (name, value, constant) in fingerprint::all() {
        assert_fingerprint(name, value, constant);
    }
}

#[wasm_bindgen_test]
fn telemetry_run_matches_native() {
    assert_fingerprint(
        "telemetry",
        fingerprint::telemetry(),
        fingerprint::TELEMETRY,
    );
}
