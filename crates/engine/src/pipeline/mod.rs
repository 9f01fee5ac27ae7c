//! CodePipeline: a pipeline definition (JSON) read and validated, and its executions simulated.
