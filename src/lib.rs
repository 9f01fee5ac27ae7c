//! DevOps Lab: pure engines, the lab model, and a thin yew UI.
pub mod course;
pub mod engine;
pub mod ui;
