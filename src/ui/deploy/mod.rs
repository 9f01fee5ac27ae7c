//! The deployment-strategy simulator in the browser: the sandbox page and the views labs reuse.
pub mod aws;
pub mod charts;
pub mod form;
pub mod sandbox;
pub mod setup;
pub mod text;
pub mod view;
