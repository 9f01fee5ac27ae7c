//! The deployment-strategy simulator in the browser: the sandbox page and the views labs reuse.
pub mod sandbox;
