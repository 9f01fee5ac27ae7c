//! Pure, deterministic simulation and calculation engines.
//!
//! Architecture invariant: nothing in this crate imports yew, web-sys, js-sys, gloo or
//! wasm-bindgen, and no engine does I/O. Time and RNG seeds are inputs. `tests/purity.rs`
//! enforces the import rule; [`fingerprint`] checks that a run is bit-identical natively
//! and in WebAssembly.
//!
//! Features: `yaml` (default) adds `dora::parse_log`; `serde` derives `Serialize` and
//! `Deserialize` on the engines' input data, to ship it pre-parsed; `cfn` adds [`cfn`],
//! CloudFormation templates (kept out of the app's first load: it runs in the parsers
//! worker and the native CLI); `tree` is [`tree`], YAML and JSON read with every node's
//! line, column and tag, which `cfn` and the CI/CD files share; `cicd` adds [`git`],
//! [`codebuild`], [`codedeploy`] and [`pipeline`] (run in the worker too); `containers` adds
//! [`docker`], [`ecr`], [`ecs`], [`k8s`] and [`rollout`] (the worker's too); `telemetry` adds
//! [`telemetry`], a simulated system emitting metrics, logs and traces; `observability` adds
//! [`logs`], CloudWatch Logs Insights queries, [`cloudwatch`], metric math and dashboards, and `telemetry` (the worker's too).
pub mod alarm;
#[cfg(feature = "cdk")]
pub mod cdk;
#[cfg(feature = "cfn")]
pub mod cfn;
#[cfg(feature = "observability")]
pub mod cloudwatch;
#[cfg(feature = "cicd")]
pub mod codebuild;
#[cfg(feature = "cicd")]
pub mod codedeploy;
pub mod deploy;
#[cfg(feature = "containers")]
pub mod docker;
pub mod dora;
#[cfg(feature = "containers")]
pub mod ecr;
#[cfg(feature = "containers")]
pub mod ecs;
#[doc(hidden)]
pub mod fingerprint;
pub mod flags;
#[cfg(feature = "cicd")]
pub mod git;
#[cfg(feature = "containers")]
pub mod k8s;
#[cfg(feature = "observability")]
pub mod logs;
pub mod numbers;
#[cfg(feature = "cicd")]
pub mod pipeline;
#[cfg(feature = "containers")]
pub mod rollout;
#[cfg(feature = "telemetry")]
pub mod telemetry;
pub mod text;
#[cfg(feature = "tree")]
pub mod tree;
#[cfg(feature = "observability")]
pub mod xray;

#[cfg(all(test, feature = "serde"))]
mod serde_tests;
