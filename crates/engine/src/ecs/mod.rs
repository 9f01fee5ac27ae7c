//! Amazon ECS: task definitions and service definitions read, checked and given as typed
//! values with ECS's defaults applied, for a lab to set up a rollout with.
//!
//! **Takes** the JSON of `aws ecs register-task-definition --cli-input-json` (or what
//! `describe-task-definition` prints, read-only fields accepted) and of `aws ecs
//! create-service --cli-input-json` (or `{"service": {…}}` as create-service prints it).
//! **Returns** ([`validate_task_definition`], [`validate_service`]) a report: the
//! [`TaskDefinition`] or [`Service`] as far as it could be read, and [`Diagnostic`]s with
//! line, column, a stable [`Rule`] id and the values their message needs (worded by
//! `course::containers::ecs`).
//!
//! Checked in a task definition: unknown keys (with the nearest known ones), kinds, names,
//! Fargate's cpu/memory combinations ([`FARGATE_SIZES`]) and the string forms `1 vCPU` and
//! `2 GB`, awsvpc on Fargate and hostPort = containerPort in awsvpc and host modes, at least
//! one essential container, health check commands and ranges, awslogs options, the
//! execution role when an ECR image, awslogs or secrets need it, secrets' ARNs, dependsOn
//! targets and conditions, containers' cpu and memory against the task's, mount points'
//! volumes, ephemeral storage (21–200 GiB), pidMode/ipcMode/privileged/links/Docker volumes
//! and log drivers Fargate does not support.
//!
//! Checked in a service: keys and kinds, launchType or capacityProviderStrategy (not
//! both), deploymentController and the strategies of the ECS controller (ROLLING,
//! BLUE_GREEN, LINEAR, CANARY with their bake times, canary and linear configurations and
//! lifecycle hooks), circuit breaker and alarms, minimumHealthyPercent/maximumPercent with
//! their defaults per scheduling strategy, load balancers (advancedConfiguration for
//! blue/green), awsvpc network configuration, health check grace period, DAEMON limits.
//!
//! Simplifications: ARNs are checked for their service and shape, not their account or
//! Region; values ECS resolves when a task runs (the image's existence, a role's
//! permissions, subnets) are not checked; `proxyConfiguration`, `linuxParameters`,
//! `firelensConfiguration`, `serviceConnectConfiguration`, `serviceRegistries`,
//! `volumeConfigurations` and placement are accepted without a look inside; a service's
//! `taskDefinition` is not matched against a task definition file (a lab does it).

pub(crate) mod check;
mod fargate;
mod rules;
mod service;
mod task;

pub use crate::tree::Pos;
pub use fargate::{fargate_ok, parse_cpu, parse_memory, FargateSize, FARGATE_SIZES};
pub use rules::{Diagnostic, Rule, Severity};
pub use service::*;
pub use task::{
    validate_task_definition, Container, HealthCheck, PortMapping, TaskDefinition, TaskReport,
};
