//! Pure, deterministic simulation and calculation engines.
//!
//! Architecture invariant: nothing under `src/engine` imports yew, web-sys,
//! js-sys, gloo or wasm-bindgen, and no engine does I/O. Time and RNG seeds
//! are inputs. `tests/purity.rs` enforces the import rule.
pub mod alarm;
pub mod deploy;
pub mod dora;
#[doc(hidden)]
pub mod fingerprint;
pub mod flags;
pub mod numbers;

#[cfg(all(test, feature = "serde"))]
mod serde_tests;
