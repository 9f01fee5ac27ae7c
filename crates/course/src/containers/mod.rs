//! Containers (feature `containers`): the container engines' findings and results worded in
//! the learner's language, one module per engine, and the `validate` kinds they add to the
//! command line.

pub mod docker;
pub mod ecr;
pub mod ecs;
pub mod k8s;
pub mod rollout;
