//! The second-by-second world: units, their lifecycles and health checks, traffic, and the
//! summary. The platforms' controllers are in `ecs`, `k8s` and `apprunner`; the scalers in
//! `scaling`.

use super::model::{ImageFault, Platform, Scenario};
use super::output::{
    AppRunnerBill, EcsStatus, Event, EventKind, Health, InstanceStatus, Outcome, PlatformKind,
    PodStatus, RolloutState, Run, StopReason, Summary, Tick, UnitChange, UnitRecord, UnitStatus,
    Version,
};
use super::scaling::Scalers;
use super::InputError;
use crate::deploy::{mixed_latency, split, HealthCheck};
use crate::numbers::{exp, LogNormal, Rng};

/// The highest request rate drawn in one second (as in the deployment engine).
const MAX_RATE: f64 = 1e9;

/// Where a unit is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// ECS PROVISIONING, pod Pending, instance starting.
    Provisioning { until: u32 },
    /// ECS PENDING (image pull, container start), pod ContainerCreating.
    Pulling { until: u32 },
    /// ECS ACTIVATING (target registration).
    Activating { until: u32 },
    /// The container runs.
    Running,
    /// Kubernetes CrashLoopBackOff: waiting to restart the container.
    BackOff { until: u32 },
    /// ECS DEACTIVATING (draining).
    Draining { until: u32 },
    /// ECS STOPPING, pod Terminating.
    Stopping { until: u32 },
    /// ECS DEPROVISIONING.
    Deprovisioning { until: u32 },
    /// Gone.
    Stopped,
}

impl Phase {
    /// Starting or running: counted by the controllers (not on its way out).
    pub(super) fn active(self) -> bool {
        matches!(
            self,
            Phase::Provisioning { .. }
                | Phase::Pulling { .. }
                | Phase::Activating { .. }
                | Phase::Running
                | Phase::BackOff { .. }
        )
    }
}

/// One task, pod or instance.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub id: u32,
    pub version: Version,
    pub phase: Phase,
    pub health: Health,
    passes: u32,
    fails: u32,
    next_check: u32,
    pub running_since: Option<u32>,
    pub healthy_since: Option<u32>,
    pub restarts: u32,
    /// Counted by the circuit breaker already (or not a deployment's task).
    pub counted: bool,
    /// Kubernetes: a FailedScheduling event was logged for it.
    unschedulable: bool,
}

impl Unit {
    /// Receives traffic.
    pub(super) fn serving(&self) -> bool {
        self.phase == Phase::Running && self.health == Health::Healthy
    }
}

/// The deployment's progress, shared by the controllers.
#[derive(Debug, Clone)]
pub(super) struct Deploy {
    pub started: Option<u32>,
    pub finished: Option<u32>,
    pub outcome: Outcome,
    pub in_progress: bool,
    /// The version the controller drives toward.
    pub target: Version,
    /// The deployment's number (1 is the initial one, 2 the new image, 3 a rollback).
    pub number: u32,
    pub rollout_state: Option<RolloutState>,
    pub rolling_back: bool,
    pub rolled_back: bool,
    /// Units of the new version failed at least once.
    pub had_failures: bool,
}

/// The simulated world.
pub(super) struct World<'a> {
    pub sc: &'a Scenario,
    pub kind: PlatformKind,
    rng: Rng,
    pub units: Vec<Unit>,
    pub records: Vec<UnitRecord>,
    pub events: Vec<Event>,
    pub desired: u32,
    pub deploy: Deploy,
    /// ECS: the circuit breaker's failure count.
    pub breaker_failures: u32,
    /// Kubernetes: the ReplicaSets' replicas, by version.
    pub rs: [u32; 2],
    /// Kubernetes: the last second the rollout progressed.
    pub last_progress: u32,
    pub deadline_exceeded: bool,
    /// App Runner and ECS blue/green: the version receiving production traffic.
    pub serving: Version,
    /// Whether traffic goes only to `serving` (App Runner, ECS blue/green).
    pub by_version: bool,
    /// ECS: the bake time the deployment alarms ask for (0 without alarms).
    pub alarm_bake_s: u32,
    /// ECS: when the bake time ends.
    pub bake_until: Option<u32>,
    /// ECS blue/green: the current lifecycle stage.
    pub bg_stage: Option<super::model::LifecycleStage>,
    /// App Runner: since when fewer instances would do.
    pub below_since: Option<u32>,
    /// App Runner: the fleet size of the new version being deployed.
    pub green_size: u32,
    /// Units started, drained, stopped this second (batched into one event each).
    pub started_now: Vec<u32>,
    pub stopped_now: Vec<u32>,
    pub draining_now: Vec<u32>,
    pub registered_now: Vec<u32>,
    /// The last tick (metrics for the scalers).
    pub last: Option<Tick>,
}

/// The status a unit shows on its platform.
fn status_of(kind: PlatformKind, phase: Phase) -> UnitStatus {
    match kind {
        PlatformKind::Ecs => UnitStatus::Task(match phase {
            Phase::Provisioning { .. } => EcsStatus::Provisioning,
            Phase::Pulling { .. } | Phase::BackOff { .. } => EcsStatus::Pending,
            Phase::Activating { .. } => EcsStatus::Activating,
            Phase::Running => EcsStatus::Running,
            Phase::Draining { .. } => EcsStatus::Deactivating,
            Phase::Stopping { .. } => EcsStatus::Stopping,
            Phase::Deprovisioning { .. } => EcsStatus::Deprovisioning,
            Phase::Stopped => EcsStatus::Stopped,
        }),
        PlatformKind::Kubernetes => UnitStatus::Pod(match phase {
            Phase::Provisioning { .. } => PodStatus::Pending,
            Phase::Pulling { .. } | Phase::Activating { .. } => PodStatus::ContainerCreating,
            Phase::Running => PodStatus::Running,
            Phase::BackOff { .. } => PodStatus::CrashLoopBackOff,
            Phase::Draining { .. } | Phase::Stopping { .. } | Phase::Deprovisioning { .. } => {
                PodStatus::Terminating
            }
            Phase::Stopped => PodStatus::Deleted,
        }),
        PlatformKind::AppRunner => UnitStatus::Instance(match phase {
            Phase::Provisioning { .. }
            | Phase::Pulling { .. }
            | Phase::Activating { .. }
            | Phase::BackOff { .. } => InstanceStatus::Starting,
            Phase::Running => InstanceStatus::Running,
            _ => InstanceStatus::Stopped,
        }),
    }
}

/// Kubernetes' restart back-off: 10 s doubling up to five minutes — "Pod Lifecycle",
/// "Container restarts",
/// <https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts>.
pub(super) fn back_off_s(restarts: u32) -> u32 {
    let shift = restarts.saturating_sub(1).min(5);
    (10u32 << shift).min(300)
}

/// Runs a scenario.
pub fn simulate(sc: &Scenario) -> Result<Run, InputError> {
    sc.validate()?;
    let mut world = World::new(sc);
    let mut scalers = Scalers::new(sc);
    let mut watches = super::alarms::Watches::new(sc)?;
    world.alarm_bake_s = watches.bake_s();
    world.desired = scalers.initial_desired(world.desired);
    world.rs[0] = world.desired;
    world.populate();
    let mut series = Vec::with_capacity(sc.duration_s as usize);
    for t in 0..sc.duration_s {
        for spike in &sc.spikes {
            if spike.at_s == t && spike.duration_s > 0 {
                world.log(
                    t,
                    EventKind::Spike {
                        multiplier: spike.multiplier,
                        duration_s: spike.duration_s,
                    },
                );
            }
        }
        world.advance(t);
        if t == sc.deploy_at_s && sc.next.is_some() {
            world.start_deployment(t);
        }
        scalers.act(t, &mut world);
        match world.kind {
            PlatformKind::Ecs => world.ecs_step(t),
            PlatformKind::Kubernetes => world.k8s_step(t),
            PlatformKind::AppRunner => world.app_runner_step(t),
        }
        world.flush_batches(t);
        let tick = world.serve(t);
        world.record(t);
        scalers.observe(&tick, &world);
        if watches.observe(t, &tick, &mut world) && world.kind == PlatformKind::Ecs {
            let rollback = match &sc.platform {
                Platform::Ecs(s) => s.alarms.as_ref().is_some_and(|a| a.rollback),
                _ => false,
            };
            world.fail_deployment(t, super::output::FailReason::Alarm, rollback);
        }
        world.last = Some(tick.clone());
        series.push(tick);
    }
    let summary = summarize(sc, &world, &series);
    Ok(Run {
        series,
        platform: world.kind,
        units: world.records,
        events: world.events,
        alarms: watches.tracks(),
        summary,
    })
}

impl<'a> World<'a> {
    fn new(sc: &'a Scenario) -> World<'a> {
        let (kind, desired) = match &sc.platform {
            Platform::Ecs(s) => (PlatformKind::Ecs, s.desired_count),
            Platform::Kubernetes(d) => (PlatformKind::Kubernetes, d.replicas),
            Platform::AppRunner(a) => (PlatformKind::AppRunner, a.min_size),
        };
        World {
            sc,
            kind,
            rng: Rng::new(sc.seed),
            units: Vec::new(),
            records: Vec::new(),
            events: Vec::new(),
            desired,
            deploy: Deploy {
                started: None,
                finished: None,
                outcome: Outcome::NoDeployment,
                in_progress: false,
                target: 0,
                number: 1,
                rollout_state: None,
                rolling_back: false,
                rolled_back: false,
                had_failures: false,
            },
            breaker_failures: 0,
            rs: [0, 0],
            last_progress: 0,
            deadline_exceeded: false,
            serving: 0,
            by_version: match &sc.platform {
                Platform::AppRunner(_) => true,
                Platform::Ecs(s) => {
                    matches!(s.strategy, super::model::EcsStrategy::BlueGreen { .. })
                }
                Platform::Kubernetes(_) => false,
            },
            alarm_bake_s: 0,
            bake_until: None,
            bg_stage: None,
            below_since: None,
            green_size: 0,
            started_now: Vec::new(),
            stopped_now: Vec::new(),
            draining_now: Vec::new(),
            registered_now: Vec::new(),
            last: None,
        }
    }

    /// The units running the current image, healthy, at second 0.
    fn populate(&mut self) {
        let interval = self.check_interval();
        for i in 0..self.desired {
            let id = self.next_id();
            self.units.push(Unit {
                id,
                version: 0,
                phase: Phase::Running,
                health: Health::Healthy,
                passes: 0,
                fails: 0,
                next_check: i % interval.max(1),
                running_since: Some(0),
                healthy_since: Some(0),
                restarts: 0,
                counted: true,
                unschedulable: false,
            });
            self.records.push(UnitRecord {
                id,
                version: 0,
                changes: vec![UnitChange {
                    t: 0,
                    status: status_of(self.kind, Phase::Running),
                    health: Health::Healthy,
                }],
                stop_requested_s: None,
                stop_reason: None,
                exit_code: None,
                restarts: 0,
            });
        }
    }

    fn next_id(&self) -> u32 {
        self.records.len() as u32
    }

    pub(super) fn log(&mut self, t: u32, kind: EventKind) {
        self.events.push(Event { t, kind });
    }

    /// The health check's interval, pass and fail thresholds on this platform.
    fn check(&self) -> (u32, u32, u32, u32) {
        let hc = |h: &HealthCheck| (0, h.interval_s, h.healthy_threshold, h.unhealthy_threshold);
        match &self.sc.platform {
            Platform::Ecs(s) => hc(&s.health_check),
            Platform::AppRunner(a) => hc(&a.health_check),
            Platform::Kubernetes(d) => (
                d.readiness.initial_delay_s,
                d.readiness.period_s,
                d.readiness.success_threshold,
                d.readiness.failure_threshold,
            ),
        }
    }

    fn check_interval(&self) -> u32 {
        self.check().1
    }

    pub(super) fn image(&self, version: Version) -> &'a super::model::Image {
        match (version, &self.sc.next) {
            (1, Some(next)) => next,
            _ => &self.sc.current,
        }
    }

    /// Launches `count` units of a version.
    pub(super) fn launch(&mut self, t: u32, version: Version, count: u32) {
        let timing = self.sc.timing;
        for _ in 0..count {
            let id = self.next_id();
            let phase = Phase::Provisioning {
                until: t.saturating_add(timing.provision_s),
            };
            self.units.push(Unit {
                id,
                version,
                phase,
                health: Health::None,
                passes: 0,
                fails: 0,
                next_check: u32::MAX,
                running_since: None,
                healthy_since: None,
                restarts: 0,
                counted: false,
                unschedulable: false,
            });
            self.records.push(UnitRecord {
                id,
                version,
                changes: vec![UnitChange {
                    t,
                    status: status_of(self.kind, phase),
                    health: Health::None,
                }],
                stop_requested_s: None,
                stop_reason: None,
                exit_code: None,
                restarts: 0,
            });
            self.started_now.push(id);
        }
    }

    /// Asks unit `id` to stop: a running ECS task drains for the deregistration delay,
    /// then stops; a pod terminates; an App Runner instance stops.
    pub(super) fn stop(&mut self, t: u32, id: u32, reason: StopReason) {
        let timing = self.sc.timing;
        let (drain, shutdown) = match &self.sc.platform {
            Platform::Ecs(s) => (
                s.deregistration_delay_s,
                timing.app_shutdown_s.min(s.stop_timeout_s),
            ),
            Platform::Kubernetes(d) => (0, timing.app_shutdown_s.min(d.termination_grace_period_s)),
            Platform::AppRunner(_) => (0, timing.app_shutdown_s),
        };
        let kind = self.kind;
        let Some(unit) = self.units.iter_mut().find(|u| u.id == id) else {
            return;
        };
        if !unit.phase.active() {
            return;
        }
        let was_running = unit.phase == Phase::Running;
        if kind == PlatformKind::Ecs && was_running {
            unit.phase = Phase::Draining {
                until: t.saturating_add(drain),
            };
            unit.health = Health::Draining;
            self.draining_now.push(id);
        } else {
            unit.phase = Phase::Stopping {
                until: t.saturating_add(shutdown),
            };
            unit.health = if unit.health == Health::None {
                Health::None
            } else {
                Health::Draining
            };
        }
        if let Some(record) = self.records.get_mut(id as usize) {
            record.stop_requested_s.get_or_insert(t);
            if record.stop_reason.is_none() {
                record.stop_reason = Some(reason);
            }
        }
        if reason == StopReason::ScaledDown {
            self.stopped_now.push(id);
        }
    }

    /// Moves every unit's timers and runs the health checks of second `t`.
    fn advance(&mut self, t: u32) {
        let timing = self.sc.timing;
        let (initial_delay, interval, pass_n, fail_n) = self.check();
        let (grace, shutdown_s) = match &self.sc.platform {
            Platform::Ecs(s) => (
                s.health_check_grace_period_s,
                timing.app_shutdown_s.min(s.stop_timeout_s),
            ),
            _ => (0, timing.app_shutdown_s),
        };
        let mut failed: Vec<(u32, StopReason, Option<i32>)> = Vec::new();
        let mut unhealthy: Vec<u32> = Vec::new();
        let mut became_healthy: Vec<(u32, Version)> = Vec::new();
        let mut backoffs: Vec<(u32, u32, u32)> = Vec::new();
        let mut registered: Vec<u32> = Vec::new();
        let mut unschedulable: Vec<u32> = Vec::new();
        let kind = self.kind;
        // Kubernetes: pods are scheduled while the cluster has room (terminating pods still
        // hold theirs).
        let room = match &self.sc.platform {
            Platform::Kubernetes(d) => d.max_pods,
            _ => None,
        };
        let mut scheduled = self
            .units
            .iter()
            .filter(|u| !matches!(u.phase, Phase::Provisioning { .. } | Phase::Stopped))
            .count() as u32;
        for i in 0..self.units.len() {
            let fault = self.image(self.units[i].version).fault;
            let pull = self.image_pull_s(self.units[i].version).max(1);
            let unit = &mut self.units[i];
            match unit.phase {
                Phase::Provisioning { until } if t >= until => {
                    if room.is_some_and(|room| scheduled >= room) {
                        if !unit.unschedulable {
                            unit.unschedulable = true;
                            unschedulable.push(unit.id);
                        }
                    } else {
                        scheduled += 1;
                        unit.phase = Phase::Pulling {
                            until: t.saturating_add(pull),
                        };
                    }
                }
                Phase::Pulling { until } if t >= until => {
                    if let ImageFault::CrashOnStart { exit_code } = fault {
                        match kind {
                            PlatformKind::Kubernetes => {
                                unit.restarts += 1;
                                let wait = back_off_s(unit.restarts);
                                unit.phase = Phase::BackOff {
                                    until: t.saturating_add(wait),
                                };
                                backoffs.push((unit.id, unit.restarts, wait));
                                if unit.restarts == 1 {
                                    failed.push((
                                        unit.id,
                                        StopReason::EssentialContainerExited,
                                        Some(exit_code),
                                    ));
                                }
                            }
                            _ => {
                                unit.phase = Phase::Stopping { until: t + 1 };
                                failed.push((
                                    unit.id,
                                    StopReason::EssentialContainerExited,
                                    Some(exit_code),
                                ));
                            }
                        }
                    } else if kind == PlatformKind::Ecs {
                        unit.phase = Phase::Activating { until: t + 1 };
                        unit.health = Health::Initial;
                        registered.push(unit.id);
                    } else {
                        unit.phase = Phase::Running;
                        unit.running_since = Some(t);
                        unit.health = Health::Initial;
                        unit.next_check = t.saturating_add(if kind == PlatformKind::Kubernetes {
                            initial_delay
                        } else {
                            interval
                        });
                    }
                }
                Phase::Activating { until } if t >= until => {
                    unit.phase = Phase::Running;
                    unit.running_since = Some(t);
                    unit.next_check = t.saturating_add(interval);
                }
                Phase::BackOff { until } if t >= until => {
                    // The container restarts from the cached image and exits again.
                    unit.restarts += 1;
                    let wait = back_off_s(unit.restarts);
                    unit.phase = Phase::BackOff {
                        until: t.saturating_add(wait),
                    };
                    backoffs.push((unit.id, unit.restarts, wait));
                }
                Phase::Draining { until } if t >= until => {
                    unit.phase = Phase::Stopping {
                        until: t.saturating_add(shutdown_s),
                    };
                }
                Phase::Stopping { until } if t >= until => {
                    unit.phase = if kind == PlatformKind::Ecs {
                        Phase::Deprovisioning {
                            until: t.saturating_add(timing.deprovision_s),
                        }
                    } else {
                        Phase::Stopped
                    };
                    if unit.health != Health::None {
                        unit.health = Health::Draining;
                    }
                }
                Phase::Deprovisioning { until } if t >= until => {
                    unit.phase = Phase::Stopped;
                }
                _ => {}
            }
            // Health checks of running units.
            if unit.phase == Phase::Running && t >= unit.next_check {
                let answers = unit
                    .running_since
                    .is_some_and(|since| t >= since.saturating_add(timing.app_start_s));
                let pass = answers && fault == ImageFault::None;
                if pass {
                    unit.passes += 1;
                    unit.fails = 0;
                    if unit.passes >= pass_n && unit.health != Health::Healthy {
                        unit.health = Health::Healthy;
                        unit.healthy_since = Some(t);
                        became_healthy.push((unit.id, unit.version));
                    }
                } else {
                    unit.fails += 1;
                    unit.passes = 0;
                    if unit.fails >= fail_n && unit.health != Health::Unhealthy {
                        unit.health = Health::Unhealthy;
                        unit.healthy_since = None;
                        unhealthy.push(unit.id);
                    }
                }
                unit.next_check = t.saturating_add(interval.max(1));
            }
        }
        self.registered_now.extend(registered);
        for unit in unschedulable {
            self.log(t, EventKind::FailedScheduling { unit });
        }
        for (id, restarts, backoff_s) in backoffs {
            if let Some(record) = self.records.get_mut(id as usize) {
                record.restarts = restarts;
            }
            self.log(
                t,
                EventKind::BackOff {
                    unit: id,
                    restarts,
                    backoff_s,
                },
            );
        }
        for (id, reason, exit_code) in failed {
            if let Some(record) = self.records.get_mut(id as usize) {
                record.stop_reason.get_or_insert(reason);
                record.exit_code = exit_code;
                if kind != PlatformKind::Kubernetes {
                    record.stop_requested_s.get_or_insert(t);
                }
            }
            self.log(
                t,
                EventKind::UnitFailed {
                    unit: id,
                    reason,
                    exit_code,
                },
            );
            self.unit_failed(t, id, super::output::BreakerStage::TaskNotRunning);
        }
        for id in unhealthy {
            self.log(t, EventKind::UnitUnhealthy { unit: id });
            if kind == PlatformKind::AppRunner {
                self.unit_failed(t, id, super::output::BreakerStage::HealthChecks);
            }
        }
        // ECS stops tasks its load balancer finds unhealthy, once the grace period is over.
        if kind == PlatformKind::Ecs {
            let due: Vec<u32> = self
                .units
                .iter()
                .filter(|u| {
                    u.phase == Phase::Running
                        && u.health == Health::Unhealthy
                        && u.running_since
                            .is_some_and(|since| t >= since.saturating_add(grace))
                })
                .map(|u| u.id)
                .collect();
            for id in due {
                self.stop(t, id, StopReason::FailedElbHealthChecks);
                self.log(
                    t,
                    EventKind::UnitFailed {
                        unit: id,
                        reason: StopReason::FailedElbHealthChecks,
                        exit_code: None,
                    },
                );
                self.unit_failed(t, id, super::output::BreakerStage::HealthChecks);
            }
        }
        for (id, version) in became_healthy {
            self.unit_healthy(t, id, version);
        }
        // Forget stopped units; their records end with the stop.
        let stopped = status_of(kind, Phase::Stopped);
        for unit in self.units.iter().filter(|u| u.phase == Phase::Stopped) {
            if let Some(record) = self.records.get_mut(unit.id as usize) {
                record.changes.push(UnitChange {
                    t,
                    status: stopped,
                    health: Health::None,
                });
            }
        }
        self.units.retain(|u| u.phase != Phase::Stopped);
    }

    /// Seconds to pull a version's image and start its container.
    fn image_pull_s(&self, version: Version) -> u32 {
        let image = self.image(version);
        let s = (image.size_mb / self.sc.timing.pull_mb_per_s).ceil();
        if s.is_finite() && s < 86_400.0 {
            s as u32
        } else {
            86_400
        }
    }

    /// A unit failed (crashed, or stopped for failing health checks).
    fn unit_failed(&mut self, t: u32, id: u32, stage: super::output::BreakerStage) {
        let Some(unit) = self.units.iter_mut().find(|u| u.id == id) else {
            return;
        };
        if unit.counted {
            return;
        }
        unit.counted = true;
        let version = unit.version;
        if version == 1 {
            self.deploy.had_failures = true;
        }
        match self.kind {
            PlatformKind::Ecs => self.ecs_failure(t, version, stage),
            PlatformKind::AppRunner => self.app_runner_failure(t, version),
            PlatformKind::Kubernetes => {}
        }
    }

    /// A unit passed its health checks.
    fn unit_healthy(&mut self, t: u32, _id: u32, version: Version) {
        if self.kind == PlatformKind::Ecs {
            self.ecs_healthy(t, version);
        }
    }

    /// Starts deploying the new image.
    fn start_deployment(&mut self, t: u32) {
        self.deploy.started = Some(t);
        self.deploy.in_progress = true;
        self.deploy.target = 1;
        self.deploy.number = 2;
        self.deploy.outcome = Outcome::InProgress;
        self.last_progress = t;
        if self.kind == PlatformKind::Ecs {
            self.deploy.rollout_state = Some(RolloutState::InProgress);
        }
        self.log(
            t,
            EventKind::DeploymentStarted {
                deployment: 2,
                version: 1,
                rollback: false,
            },
        );
        if self.kind == PlatformKind::AppRunner {
            self.app_runner_deploy(t);
        }
    }

    /// Ends the deployment.
    pub(super) fn finish(&mut self, t: u32, outcome: Outcome) {
        self.deploy.in_progress = false;
        self.deploy.outcome = outcome;
        self.deploy.finished = Some(t);
    }

    /// Emits this second's batched events.
    fn flush_batches(&mut self, t: u32) {
        if !self.started_now.is_empty() {
            let units = std::mem::take(&mut self.started_now);
            self.log(t, EventKind::TasksStarted { units });
        }
        if !self.registered_now.is_empty() {
            let units = std::mem::take(&mut self.registered_now);
            self.log(t, EventKind::TargetsRegistered { units });
        }
        if !self.draining_now.is_empty() {
            let units = std::mem::take(&mut self.draining_now);
            self.log(t, EventKind::DrainingStarted { units });
        }
        if !self.stopped_now.is_empty() {
            let units = std::mem::take(&mut self.stopped_now);
            self.log(t, EventKind::TasksStopped { units });
        }
    }

    /// Records every unit's status and health change.
    fn record(&mut self, t: u32) {
        let kind = self.kind;
        for unit in &self.units {
            let status = status_of(kind, unit.phase);
            let record = &mut self.records[unit.id as usize];
            let last = record.changes.last().copied();
            if last.is_none_or(|c| c.status != status || c.health != unit.health) {
                record.changes.push(UnitChange {
                    t,
                    status,
                    health: unit.health,
                });
            }
        }
    }

    /// The mean latency of a version's image, in seconds (log-normal mean).
    pub(super) fn mean_latency_s(&self, version: Version) -> f64 {
        let image = self.image(version);
        let d = LogNormal::from_p50_p99(image.p50_ms, image.p99_ms);
        exp(d.mu + 0.5 * d.sigma * d.sigma) / 1000.0
    }

    /// Serves second `t`'s traffic.
    fn serve(&mut self, t: u32) -> Tick {
        let sc = self.sc;
        let mut rate = sc.traffic.rate_at(t);
        for spike in &sc.spikes {
            if t >= spike.at_s && t - spike.at_s < spike.duration_s {
                rate *= spike.multiplier;
            }
        }
        let requests = self.rng.poisson(rate.min(MAX_RATE));
        let mut running = [0u32; 2];
        let mut healthy = [0u32; 2];
        let mut live = [0u64; 2];
        let mut total = 0u32;
        let mut draining = 0u32;
        for unit in &self.units {
            total += 1;
            if !unit.phase.active() {
                draining += 1;
            }
            let v = unit.version.min(1) as usize;
            if unit.phase == Phase::Running {
                running[v] += 1;
            }
            if unit.serving() {
                healthy[v] += 1;
                if !self.by_version || unit.version == self.serving {
                    live[v] += 1;
                }
            }
        }
        let app_runner = match &sc.platform {
            Platform::AppRunner(a) => Some(*a),
            _ => None,
        };
        let capacity = match app_runner {
            Some(a) => {
                let per_instance = f64::from(a.max_concurrency) / self.mean_latency_s(self.serving);
                sc.capacity_rps.min(per_instance)
            }
            None => sc.capacity_rps,
        };
        let (old_n, new_n, rejected) = split(requests, live, 0, capacity);
        let old_errors = self.rng.binomial(old_n, self.image(0).error_rate);
        let new_errors = self.rng.binomial(new_n, self.image(1).error_rate);
        let (old_img, new_img) = (self.image(0), self.image(1));
        let (p50_ms, p99_ms) = mixed_latency(
            &mut self.rng,
            (old_img.p50_ms, old_img.p99_ms),
            (new_img.p50_ms, new_img.p99_ms),
            old_n,
            new_n,
        );
        let (errors_5xx, throttled_429) = if app_runner.is_some() {
            (old_errors + new_errors, rejected)
        } else {
            (old_errors + new_errors + rejected, 0)
        };
        let serving_units = live[0] + live[1];
        let idle = sc.timing.idle_cpu_percent;
        let cpu_percent = if serving_units == 0 {
            0.0
        } else {
            let load = (old_n + new_n) as f64 / (serving_units as f64 * sc.capacity_rps);
            (idle + (100.0 - idle) * load).min(100.0)
        };
        let active = match app_runner {
            Some(a) if requests > 0 => {
                let concurrency = (old_n + new_n) as f64 * self.mean_latency_s(self.serving);
                let needed = (concurrency / f64::from(a.max_concurrency)).ceil().max(1.0);
                (needed.min(serving_units as f64)) as u32
            }
            _ => 0,
        };
        Tick {
            t,
            desired: self.desired,
            total,
            draining,
            running,
            healthy,
            requests,
            served: [old_n, new_n],
            version_errors: [old_errors, new_errors],
            errors_5xx,
            throttled_429,
            rejected,
            error_rate: if requests == 0 {
                0.0
            } else {
                errors_5xx as f64 / requests as f64
            },
            p50_ms,
            p99_ms,
            cpu_percent,
            active,
        }
    }
}

/// The totals of a run.
fn summarize(sc: &Scenario, world: &World<'_>, series: &[Tick]) -> Summary {
    let deploy = &world.deploy;
    let outcome = match deploy.outcome {
        Outcome::InProgress if deploy.had_failures || world.deadline_exceeded => Outcome::Stalled,
        other => other,
    };
    let mut summary = Summary {
        outcome,
        rollout_state: deploy.rollout_state,
        deploy_started_s: deploy.started,
        finished_s: deploy.finished,
        time_to_finish_s: match (deploy.started, deploy.finished) {
            (Some(a), Some(b)) => Some(b.saturating_sub(a)),
            _ => None,
        },
        rolled_back_automatically: deploy.rolled_back,
        min_healthy_during_deploy: None,
        peak_total: 0,
        peak_active: 0,
        peak_desired: 0,
        requests: 0,
        errors_5xx: 0,
        throttled_429: 0,
        max_5xx_rate: 0.0,
        capacity_exceeded: false,
        capacity_exceeded_s: 0,
        peak_cpu_percent: 0.0,
        scaling_activities: world
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Scaled { .. }))
            .count() as u32,
        unit_hours: 0.0,
        app_runner: None,
    };
    let mut unit_seconds = 0u64;
    let mut provisioned_s = 0u64;
    let mut active_s = 0u64;
    for tick in series {
        summary.peak_total = summary.peak_total.max(tick.total);
        summary.peak_active = summary.peak_active.max(tick.total - tick.draining);
        summary.peak_desired = summary.peak_desired.max(tick.desired);
        summary.requests += tick.requests;
        summary.errors_5xx += tick.errors_5xx;
        summary.throttled_429 += tick.throttled_429;
        if tick.error_rate > summary.max_5xx_rate {
            summary.max_5xx_rate = tick.error_rate;
        }
        if tick.rejected > 0 {
            summary.capacity_exceeded = true;
            summary.capacity_exceeded_s += 1;
        }
        if tick.cpu_percent > summary.peak_cpu_percent {
            summary.peak_cpu_percent = tick.cpu_percent;
        }
        unit_seconds += u64::from(tick.total);
        active_s += u64::from(tick.active);
        provisioned_s += u64::from(tick.total.saturating_sub(tick.active));
        if let Some(start) = deploy.started {
            let end = deploy.finished.unwrap_or(u32::MAX);
            if tick.t >= start && tick.t <= end {
                let h = tick.healthy[0] + tick.healthy[1];
                summary.min_healthy_during_deploy =
                    Some(summary.min_healthy_during_deploy.map_or(h, |m| m.min(h)));
            }
        }
    }
    summary.unit_hours = unit_seconds as f64 / 3600.0;
    if let Platform::AppRunner(a) = &sc.platform {
        use super::arith::app_runner_price::{GB_HOUR, VCPU_HOUR};
        let provisioned_hours = provisioned_s as f64 / 3600.0;
        let active_hours = active_s as f64 / 3600.0;
        summary.app_runner = Some(AppRunnerBill {
            provisioned_hours,
            active_hours,
            cost_usd: provisioned_hours * a.memory_gb * GB_HOUR
                + active_hours * (a.vcpu * VCPU_HOUR + a.memory_gb * GB_HOUR),
        });
    }
    summary
}
