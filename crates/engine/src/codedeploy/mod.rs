//! CodeDeploy: `appspec.yml` / `appspec.json` read and validated, and the lifecycle events of a deployment.
