//! Observability (feature `observability`): the observability engines' findings and results
//! worded in the learner's language, and the `validate` kinds they add to the command line.

pub mod dashboard;
pub mod logs;
