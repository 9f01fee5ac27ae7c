//! Rollouts and scaling on ECS, EKS and App Runner: tasks and pods as units, second by second.
//!
//! The engine is pure and deterministic: it takes a [`Scenario`] of plain values (counts,
//! percentages, an image's size and fault, a traffic shape, a seed, simulated seconds) and
//! returns a [`Run`]: a per-second series ([`Tick`]: desired, running and healthy counts by
//! version, requests, 5xx, 429, p50/p99 latency, CPU), every unit's timeline
//! ([`UnitRecord`]: its platform status — ECS `lastStatus`, pod phase, App Runner instance —
//! and its health, for drawing tasks starting, passing health checks and draining), the
//! events as data ([`EventKind`]: ECS's service event messages, Kubernetes' ReplicaSet
//! scaling and conditions, scaling activities) and a [`Summary`] the labs grade on (outcome,
//! time to finish, the fewest healthy units during the deploy, the peak count, the worst
//! 5xx rate, whether capacity was exceeded, unit-hours, App Runner's bill).
//!
//! ```
//! use engine::rollout::*;
//!
//! // A bad image deployed to a 4-task ECS service with the circuit breaker and rollback.
//! let mut scenario = Scenario::new(Platform::Ecs(EcsService {
//!     desired_count: 4,
//!     circuit_breaker: Some(CircuitBreaker { rollback: true }),
//!     ..EcsService::default()
//! }));
//! scenario.next = Some(Image::good("app:2", 200.0).with_fault(ImageFault::CrashOnStart { exit_code: 1 }));
//! let run = simulate(&scenario).unwrap();
//! assert_eq!(run.summary.outcome, Outcome::RolledBack);
//! assert_eq!(run.summary.rollout_state, Some(RolloutState::Failed));
//! assert_eq!(run.summary.min_healthy_during_deploy, Some(4));
//! ```
//!
//! # The model
//!
//! Each second: spikes start; units move through their lifecycle (provision, image pull —
//! `size_mb / pull_mb_per_s` — container start, registration; draining, stopping) and the
//! health checks run (an ALB target group's checks on ECS and App Runner, the readiness probe
//! on Kubernetes: a unit becomes healthy after the pass threshold, unhealthy after the fail
//! threshold, and the application answers `app_start_s` after its container starts); the
//! deployment starts at `deploy_at_s`; the scalers act on the metrics seen so far; the
//! platform's controller starts and stops units (ECS's service scheduler, Kubernetes' Deployment
//! controller, App Runner); then the second's requests are drawn and served with the
//! deployment engine's traffic model ([`crate::deploy`]: Poisson arrivals around a
//! [`crate::deploy::Traffic`] shape, requests beyond the serving units' capacity rejected,
//! each version's errors one binomial draw, log-normal latencies mixed by traffic share) —
//! aggregated per second, never request by request. CPU utilisation is the idle share plus
//! the served load over the serving units' capacity.
//!
//! # ECS
//!
//! The rolling update's bounds ([`ecs_bounds`]), the circuit breaker ([`circuit_breaker_threshold`],
//! stages 1 and 2, reset on a healthy task, rollback to the last COMPLETED deployment or
//! FAILED), the task lifecycle (PROVISIONING → PENDING → ACTIVATING → RUNNING → DEACTIVATING →
//! STOPPING → DEPROVISIONING → STOPPED), the deregistration delay (300 s by default on a
//! target group), `stopTimeout` (30 s), the health check grace period, a crashing image's
//! stopped reason ("Essential container in task exited", its exit code), and Service Auto
//! Scaling's target tracking on `ECSServiceAverageCPUUtilization` or `ALBRequestCountPerTarget`.
//! Deployment alarms (`deploymentConfiguration.alarms`, the deployment engine's CloudWatch
//! alarms on the 5xx rate, the new version's 5xx rate or p99 latency) fail a deployment in
//! progress or baking, with or without rollback. ECS's own blue/green strategy walks the
//! documented lifecycle stages (PRE_SCALE_UP … CLEAN_UP): green scales up to the desired
//! count, production traffic moves to it all at once, both run for `bakeTimeInMinutes`,
//! then blue is removed; a failing lifecycle hook, an alarm or the circuit breaker sends
//! traffic back to blue at once.
//!
//! # Kubernetes
//!
//! RollingUpdate with `maxSurge` / `maxUnavailable` as pod counts ([`resolve_rolling_update`]
//! resolves percentages), Recreate, a cluster's room for pods (`max_pods`: pods beyond it
//! stay Pending with FailedScheduling), the readiness probe gating availability,
//! `minReadySeconds`, `progressDeadlineSeconds` (`ProgressDeadlineExceeded`, and no automatic
//! rollback: Kubernetes leaves that to `kubectl rollout undo`), `terminationGracePeriodSeconds`
//! (30 s), CrashLoopBackOff's back-off, and the HPA ([`hpa_desired`], [`hpa_replicas`],
//! tolerance, stabilization windows, policies).
//!
//! # App Runner
//!
//! Concurrency-based scaling ([`app_runner_instances`]), provisioned and active instances and
//! their prices ([`app_runner_price`]), 429s above the instances' concurrency, and a new
//! image deployed as a replacement fleet that takes all traffic at once.
//!
//! # Simplifications
//!
//! - The durations of provisioning, image pull, container start and deprovisioning are
//!   inputs ([`Timing`]), not documented values; so is App Runner's scale-in delay.
//! - ECS's scheduler acts every second and restarts failed tasks at once (its launch
//!   throttling is not modelled); draining tasks do not count against `maximumPercent`.
//! - A failing health check fails from the start (no image that turns bad later); load does
//!   not raise latency; overload rejects the excess.
//! - A rolling update with deployment alarms bakes for the longest alarm's period ×
//!   evaluation periods after its steady state (ECS computes the bake time from the alarms
//!   but does not publish how). Blue/green test traffic is not simulated: the test stages
//!   pass at once unless their hook fails; linear and canary strategies are not modelled.
//! - The HPA averages the ready pods' CPU over its sync period (pods not yet ready count as
//!   0 % when scaling up, as documented; pods without metrics are not modelled); its CPU is
//!   a share of a pod's capacity (as if requests equalled capacity).
//! - App Runner's request queue is not modelled: requests above the instances' concurrency
//!   are answered 429 at once (an assumption: the documentation found does not say).

mod alarms;
mod apprunner;
mod arith;
mod cost;
mod ecs;
mod k8s;
mod model;
mod output;
mod scaling;
mod sim;

/// The Kubernetes Deployment's `maxSurge` / `maxUnavailable`, as `k8s` reads them.
pub use crate::k8s::{resolve_rolling_update, IntOrPercent};
pub use arith::{
    app_runner_instances, app_runner_price, circuit_breaker_threshold, ecs_bounds, hpa_desired,
    hpa_replicas, target_tracking_capacity, EcsBounds,
};
pub use cost::{
    app_runner_size, cheapest, eks_fargate_size, fargate_size, monthly_cost, price, units_needed,
    CostPlatform, CostService, PlatformCost, HOURS_PER_MONTH, MIN_NODES,
};
pub use model::{
    AppRunnerService, CircuitBreaker, EcsAlarms, EcsService, EcsStrategy, Hpa, HpaPolicy, HpaRules,
    Image, ImageFault, InputError, K8sDeployment, K8sStrategy, LifecycleStage, Platform,
    PolicyKind, Probe, Scenario, SelectPolicy, Spike, TargetTracking, Timing, TrackedMetric,
    MAX_DURATION_S, MAX_UNITS,
};
pub use output::{
    AppRunnerBill, BreakerStage, EcsStatus, Event, EventKind, FailReason, Health, InstanceStatus,
    Outcome, PlatformKind, PodStatus, RolloutState, Run, Scaler, StopReason, Summary, Tick,
    UnitChange, UnitRecord, UnitStatus, Version,
};
pub use scaling::{SCALE_IN_DATAPOINTS, SCALE_IN_THRESHOLD, SCALE_OUT_DATAPOINTS};
pub use sim::simulate;
