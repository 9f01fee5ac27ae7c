//! CloudFormation: the template sandbox page (`sandbox`) and its resource graph (`graph`).
//! The template engine and its resource knowledge run in the parsers worker; this side only
//! shows what the worker found.
pub mod graph;
pub mod sandbox;
