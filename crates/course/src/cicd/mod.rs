//! CI/CD (feature `cicd`): the CI/CD engines' findings and results worded in the learner's
//! language, one module per engine, and the `validate` kinds they add to the command line.

pub mod codebuild;
pub mod codedeploy;
pub mod git;
pub mod pipeline;
