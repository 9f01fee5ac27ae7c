//! DevOps Lab: the yew UI, on top of the engines and the lab model (crates of their own).
pub use course;
pub use engine;
pub mod agenda;
pub mod labs;
pub mod ui;
