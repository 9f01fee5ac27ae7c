//! CodeBuild: `buildspec.yml` read and validated, and a build run against a simulated source tree.
