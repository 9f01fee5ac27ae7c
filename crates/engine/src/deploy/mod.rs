//! Deployment strategies on a simulated fleet: traffic, health checks, CodeDeploy's predefined configurations, alarm-driven rollback.
//!
//! The module is pure: no I/O, no clock, no browser APIs. Time is a second counter and
//! randomness comes from the configuration's seed through [`crate::numbers`]'s generator, with
//! only exactly-rounded floating-point operations, so the same seed and configuration give
//! bit-identical output on every machine and in WebAssembly.
//!
//! # The model
//!
//! A fleet of `fleet_size` targets sits behind a load balancer. Each simulated second:
//!
//! 1. faults scheduled for that second apply (a bad release, crashed instances, a spike);
//! 2. the deployment starts at `deploy_at_s`;
//! 3. the load balancer's health checks run: a target that has started becomes healthy
//!    after `healthy_threshold` consecutive passing checks, `interval_s` apart (the first
//!    one an interval after it starts), and a crashed one is deregistered after
//!    `unhealthy_threshold` consecutive failures and replaced by the Auto Scaling group;
//! 4. the deployment controller takes batches out of service, launches instances or
//!    shifts listener weights;
//! 5. the second's requests are drawn (Poisson around the traffic shape), routed, and
//!    aggregated: requests to a crashed target or beyond the live targets' capacity are
//!    rejected with a 5xx; each version's failures are one binomial draw from its error
//!    rate; the p50 and p99 latencies come from a log-normal distribution per version
//!    (fitted to its p50 and p99, mixed by traffic share) plus the sampling noise of that
//!    many requests. Requests are never simulated one by one;
//! 6. the deployment group's alarms (see [`super::alarm`]) receive the second's metric; at
//!    the end of each alarm period the period's statistic becomes a datapoint. While the
//!    deployment is in progress, an alarm in `ALARM` **stops** it (status `Stopped`). It is
//!    **rolled back** only if the deployment group's `autoRollbackConfiguration` is enabled
//!    with `DEPLOYMENT_STOP_ON_ALARM` (a failure rolls back with `DEPLOYMENT_FAILURE`): a
//!    blue/green deployment shifts all traffic back to blue at once and terminates green;
//!    an in-place one redeploys blue the same way, as CodeDeploy's rollback is a new
//!    deployment of the last good revision. Stopped and not rolled back, everything stays
//!    where it was: in place, a fleet that runs both versions (instances that were being
//!    deployed to finish with the new one); blue/green, the traffic weights of that moment
//!    on both fleets (on ECS both task sets stay; on Lambda the alias keeps both weighted
//!    versions).
//! 7. after a successful blue/green shift, the deployment group's
//!    `terminateBlueInstancesOnDeploymentSuccess` decides the original fleet's fate:
//!    `TERMINATE` after `terminationWaitTimeInMinutes` (the deployment is in progress until
//!    then, and a rollback is instant), or `KEEP_ALIVE` (deregistered and left running; the
//!    deployment is over).
//!
//! # Simplifications
//!
//! - Connection draining, deregistration delay and request retries are not modelled;
//!   overload rejects the excess and does not raise latency.
//! - Installing a revision in place takes `startup_s`, like launching an instance.
//! - Lambda configurations run on the same replacement-fleet model as ECS.
//! - Test traffic during a blue/green deployment is a fixed rate to green, outside the
//!   production request counts but inside the 5xx-rate alarm metrics.

mod config;
mod predefined;
mod sim;

#[cfg(test)]
mod tests;

pub use config::{
    AlarmMetric, Amount, AutoRollback, BlueTermination, ConfigError, ConfigReason, DeploymentAlarm,
    DeploymentGroup, Fault, HealthCheck, InstanceAction, RollbackEvent, SimConfig, Strategy,
    Traffic, TrafficShift, Version, MAX_DURATION_S, MAX_FLEET_SIZE, MAX_TERMINATION_WAIT_S,
};
pub use predefined::{
    platform_of, predefined, traffic_steps, ComputePlatform, Predefined, TrafficStep, PREDEFINED,
};
#[cfg(feature = "containers")]
pub(crate) use sim::{mixed_latency, split};
pub use sim::{
    simulate, AlarmDatapoint, AlarmTrack, Color, Event, EventDetail, EventKind, Outcome, Second,
    Simulation, Summary,
};
