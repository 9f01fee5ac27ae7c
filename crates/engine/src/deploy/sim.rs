//! The second-by-second simulation of a fleet behind a load balancer during a deployment.

use super::super::alarm::{aggregate, Alarm, AlarmState};
use super::config::{AlarmMetric, Fault, InstanceAction, RollbackEvent, SimConfig, Strategy};
use super::predefined::{traffic_steps, TrafficStep};
use super::{ConfigError, ConfigReason};
use crate::numbers::{exp, mixture_quantile, LogNormal, Rng, Z99};

/// The asymptotic standard deviation of a sample median's logarithm, in units of
/// sigma / sqrt(n), for a log-normal distribution.
const MEDIAN_NOISE: f64 = 1.2533;

/// The same for the 99th percentile.
const P99_NOISE: f64 = 3.7335;

/// The highest request rate drawn in one second, whatever spikes stack up, so that
/// counts stay far from integer overflow.
const MAX_RATE: f64 = 1e9;

/// The two versions of the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Color {
    /// The current version.
    Blue,
    /// The new version.
    Green,
}

impl Color {
    /// "blue" or "green".
    pub fn name(self) -> &'static str {
        match self {
            Color::Blue => "blue",
            Color::Green => "green",
        }
    }
}

/// What happened during one simulated second.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Second {
    /// The second, from 0.
    pub t: u32,
    /// Production requests that reached the load balancer.
    pub requests: u64,
    /// Requests handled by a blue target (some of them failed: `blue_errors`).
    pub blue_requests: u64,
    /// Requests handled by a green target (some of them failed: `green_errors`).
    pub green_requests: u64,
    /// Requests that found no live target (none healthy, a crashed one, or all at capacity).
    pub rejected: u64,
    /// 5xx responses from blue targets.
    pub blue_errors: u64,
    /// 5xx responses from green targets.
    pub green_errors: u64,
    /// All failed requests: `blue_errors + green_errors + rejected`.
    pub failed: u64,
    /// `failed / requests`, 0 without requests.
    pub error_rate: f64,
    /// The median latency of handled requests in ms; `None` when none was handled.
    pub p50_ms: Option<f64>,
    /// The 99th-percentile latency of handled requests in ms; `None` when none was handled.
    pub p99_ms: Option<f64>,
    /// Green's share of traffic in percent: the listener weight for blue/green strategies,
    /// the share of live targets for in-place ones.
    pub green_percent: f64,
    /// Healthy targets in service, both versions.
    pub healthy_capacity: u32,
    /// Healthy blue targets in service.
    pub blue_healthy: u32,
    /// Healthy green targets in service.
    pub green_healthy: u32,
    /// Running instances, starting and crashed ones included.
    pub instances: u32,
    /// Test requests sent to green outside production traffic.
    pub test_requests: u64,
    /// Failed test requests.
    pub test_errors: u64,
}

/// The kind of an event in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EventKind {
    /// The deployment started.
    DeploymentStarted,
    /// Instances were launched.
    InstancesLaunched,
    /// The replacement fleet passed its health checks.
    FleetHealthy,
    /// Test traffic started.
    TestTraffic,
    /// A batch was taken out of service or launched.
    BatchStarted,
    /// A batch passed its health checks.
    BatchFinished,
    /// Production traffic weights changed.
    TrafficShifted,
    /// Instances were terminated.
    InstancesTerminated,
    /// The original instances were deregistered and left running (`KEEP_ALIVE`).
    InstancesKeptAlive,
    /// A deployment alarm changed state.
    AlarmStateChanged,
    /// An alarm stopped the deployment.
    DeploymentStopped,
    /// A rollback started.
    RollbackStarted,
    /// A rollback finished.
    RollbackFinished,
    /// The deployment succeeded.
    DeploymentSucceeded,
    /// The deployment failed.
    DeploymentFailed,
    /// An instance crashed.
    InstanceCrashed,
    /// An unhealthy instance was replaced.
    InstanceReplaced,
    /// The new version turned bad.
    BadRelease,
    /// A traffic spike started.
    TrafficSpike,
}

/// One line of the event log.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Event {
    /// The second it happened.
    pub t: u32,
    /// What kind of event it is.
    pub kind: EventKind,
    /// What happened, as data: the UI words it in the learner's language.
    pub detail: EventDetail,
}

/// What an event says, as data (the app words it; numbers stay numbers).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EventDetail {
    /// The new version turned bad: its error rate (0 to 1) and latency factor from now on.
    BadRelease {
        error_rate: f64,
        latency_factor: f64,
    },
    /// These instances crashed (id, version).
    Crashed { instances: Vec<(u32, Color)> },
    /// Traffic is multiplied by `multiplier` for `duration_s` seconds.
    TrafficSpike { multiplier: f64, duration_s: u32 },
    /// The deployment started with this strategy.
    DeploymentStarted { strategy: Strategy },
    /// A replacement fleet of `count` green instances was launched.
    ReplacementFleet { count: u32 },
    /// Instance `id` failed `checks` health checks in a row: deregistered and replaced by
    /// `replacement`.
    InstanceReplaced {
        id: u32,
        color: Color,
        checks: u32,
        replacement: u32,
    },
    /// CodeDeploy started deploying `color` in place to these instances: as many as keep
    /// `healthy` (the healthy instances before they start) minus their number at or above
    /// the minimum of `min_healthy`.
    Deploying {
        color: Color,
        instances: Vec<u32>,
        healthy: u32,
        min_healthy: u32,
    },
    /// These instances now run `color` and are healthy again.
    Deployed { color: Color, instances: Vec<u32> },
    /// In-place batch `batch` started deploying `color` to these instances.
    BatchDeploying {
        batch: u32,
        color: Color,
        instances: Vec<u32>,
    },
    /// Additional batch `batch` launched `count` instances of `color`.
    BatchLaunched {
        batch: u32,
        color: Color,
        count: u32,
    },
    /// Batch `batch`'s `count` instances of `color` are healthy; with an additional batch,
    /// `terminated` instances of the other version were then terminated.
    BatchHealthy {
        batch: u32,
        color: Color,
        count: u32,
        terminated: Option<u32>,
    },
    /// The replacement fleet's `count` instances are healthy.
    FleetHealthy { count: u32 },
    /// Test traffic of `rps` requests per second goes to green for `duration_s` seconds.
    TestTraffic { rps: f64, duration_s: u32 },
    /// `by` more percent of traffic went to green, which now has `green_percent`.
    Shifted { by: u32, green_percent: u32 },
    /// All traffic is on green; blue stays up `wait_s` seconds before it is terminated
    /// (`TERMINATE` with `terminationWaitTimeInMinutes`).
    BlueKept { wait_s: u32 },
    /// All traffic is on green; blue's `count` instances are deregistered from the load
    /// balancer and left running (`KEEP_ALIVE`).
    BlueKeptAlive { count: u32 },
    /// Green's `percent` of traffic went back to blue at once.
    ShiftedBack { percent: u32 },
    /// `count` instances of `color` were terminated.
    Terminated { color: Color, count: u32 },
    /// A deployment alarm changed state; `reason` is CloudWatch's state reason, in
    /// CloudWatch's own (English) words.
    AlarmChanged {
        alarm: String,
        to: AlarmState,
        reason: String,
    },
    /// `alarm` went to ALARM and stopped the deployment; `rolling_back` tells whether the
    /// deployment group rolls it back (`DEPLOYMENT_STOP_ON_ALARM`).
    Stopped { alarm: String, rolling_back: bool },
    /// An automatic rollback started on `event` (`DEPLOYMENT_STOP_ON_ALARM` or
    /// `DEPLOYMENT_FAILURE`): CodeDeploy redeploys the last good revision.
    RollbackStarted { event: RollbackEvent },
    /// An in-place rollback redeploys blue with the same batches (additional or not).
    Redeploying { additional: bool },
    /// The rollback finished: in place, every instance runs blue; blue/green, blue serves
    /// all traffic.
    RollbackFinished { in_place: bool },
    /// The deployment succeeded: in place, every instance runs green; blue/green, green
    /// serves all traffic.
    DeploymentSucceeded { in_place: bool },
    /// The deployment failed: `healthy` healthy instances leave no room above the minimum
    /// of `min_healthy`.
    NoRoom { healthy: u32, min_healthy: u32 },
}

/// How the deployment ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Outcome {
    /// All traffic is on green and blue is gone (or, with `KEEP_ALIVE`, out of service).
    Succeeded,
    /// The deployment was rolled back automatically and blue serves all traffic again.
    RolledBack,
    /// An alarm stopped the deployment and nothing rolled it back: everything stays where it
    /// was when it stopped.
    Stopped,
    /// The deployment failed: too few healthy instances to go on.
    Failed,
    /// The simulation ended first.
    InProgress,
}

/// The totals of a run.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Summary {
    /// All production requests.
    pub requests: u64,
    /// All failed production requests.
    pub failed_requests: u64,
    /// Failed requests that green handled.
    pub green_failed_requests: u64,
    /// Seconds with no healthy capacity, or in which every request failed.
    pub outage_seconds: u32,
    /// When the deployment started.
    pub rollout_started_s: u32,
    /// When it finished (succeeded, rolled back or failed), if it did.
    pub rollout_finished_s: Option<u32>,
    /// `rollout_finished_s - rollout_started_s`.
    pub rollout_duration_s: Option<u32>,
    /// How it ended.
    pub outcome: Outcome,
    /// When a rollback started, if one did.
    pub rollback_started_s: Option<u32>,
    /// When an alarm stopped the deployment, if one did (rolled back or not).
    pub stopped_s: Option<u32>,
    /// When the new version turned bad, if a bad-release fault was injected.
    pub bad_release_at_s: Option<u32>,
    /// When a rollback started taking the bad release out, if one did (a stop alone does not).
    pub bad_release_stopped_s: Option<u32>,
    /// The most instances running at once.
    pub peak_instances: u32,
    /// The most instances beyond the fleet size (the extra capacity paid for).
    pub peak_extra_instances: u32,
    /// Instance-minutes over the run, a proxy for cost.
    pub instance_minutes: f64,
}

/// The output of a run.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Simulation {
    /// One entry per second.
    pub series: Vec<Second>,
    /// The event log, in time order.
    pub events: Vec<Event>,
    /// The totals.
    pub summary: Summary,
    /// What each deployment alarm evaluated, in the order of the deployment group's alarms.
    pub alarms: Vec<AlarmTrack>,
}

/// One datapoint a deployment alarm evaluated: the statistic of one period.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AlarmDatapoint {
    /// The end of the period in seconds from the start of the run: the period covers
    /// seconds `end_s - period_seconds` to `end_s - 1`.
    pub end_s: u32,
    /// The period's statistic of the alarm's metric; `None` when the metric had no value
    /// in the period (a missing datapoint, treated as the alarm's `TreatMissingData` says).
    pub value: Option<f64>,
    /// Whether the value breaches the threshold (`false` for a missing datapoint).
    pub breaching: bool,
    /// The alarm's state after evaluating this datapoint.
    pub state: AlarmState,
}

/// A deployment alarm's evaluated datapoints over a run.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AlarmTrack {
    /// The alarm's name.
    pub name: String,
    /// The metric it watches.
    pub metric: AlarmMetric,
    /// One datapoint per period, in time order.
    pub datapoints: Vec<AlarmDatapoint>,
}

/// Where an instance is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Launching or installing; the application answers from `ready_at`.
    Starting { ready_at: u32 },
    /// Registered and being checked, not yet healthy.
    Checking,
    /// Healthy and receiving traffic.
    InService,
}

/// One instance (target).
#[derive(Debug, Clone)]
struct Instance {
    id: u32,
    color: Color,
    phase: Phase,
    passes: u32,
    fails: u32,
    next_check: u32,
    crashed: bool,
    /// Deregistered from the load balancer and left running (`KEEP_ALIVE`).
    deregistered: bool,
}

impl Instance {
    /// Whether it serves requests successfully.
    fn live(&self) -> bool {
        self.phase == Phase::InService && !self.crashed && !self.deregistered
    }
}

/// The state of an in-place deployment.
#[derive(Debug, Clone)]
struct InPlace {
    target: Color,
    batch_size: u32,
    min_healthy: u32,
    additional: bool,
    /// CodeDeploy: start the next instances as soon as the minimum allows, without batches.
    sliding: bool,
    /// The groups of instances being deployed to (at most one in batches).
    groups: Vec<Vec<u32>>,
    batch_no: u32,
}

/// The phases of a blue/green deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShiftPhase {
    Provision,
    Test { until: u32 },
    Shifting { started: u32, next: usize },
    Waiting { until: u32 },
}

/// The state of a blue/green deployment.
#[derive(Debug, Clone)]
struct Shift {
    phase: ShiftPhase,
    steps: Vec<TrafficStep>,
    test_s: u32,
    test_rps: f64,
    wait_s: u32,
    keep_alive: bool,
}

/// The deployment controller.
#[derive(Debug, Clone)]
enum Mode {
    InPlace(InPlace),
    Shift(Shift),
}

/// Where the deployment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pending,
    Running,
    RollingBack,
    Done(Outcome),
}

/// A deployment alarm and the samples of its current period.
struct Watch {
    name: String,
    metric: AlarmMetric,
    alarm: Alarm,
    samples: Vec<f64>,
    datapoints: Vec<AlarmDatapoint>,
}

/// Per-second counts of the instances.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    live: [u64; 2],
    crashed: [u64; 2],
    total: u32,
}

/// The simulated world.
struct World<'a> {
    config: &'a SimConfig,
    rng: Rng,
    instances: Vec<Instance>,
    next_id: u32,
    weight: f64,
    mode: Mode,
    status: Status,
    events: Vec<Event>,
    green_error_rate: f64,
    green_latency_factor: f64,
    spikes: Vec<(u32, u32, f64)>,
    rollout_finished: Option<u32>,
    rollback_started: Option<u32>,
    stopped: Option<u32>,
    test_active: bool,
}

/// Runs a simulation after validating its configuration.
pub fn simulate(config: &SimConfig) -> Result<Simulation, ConfigError> {
    config.validate()?;
    let alarms = &config.deployment_group.alarms;
    let mut watches = Vec::with_capacity(alarms.len());
    for (i, rollback) in alarms.iter().enumerate() {
        let alarm = Alarm::new(rollback.alarm.clone()).map_err(|error| {
            ConfigError::new(
                format!("deployment_group.alarms[{i}].{}", error.field),
                ConfigReason::Alarm(error.reason),
            )
        })?;
        watches.push(Watch {
            name: rollback.name.clone(),
            metric: rollback.metric,
            alarm,
            samples: Vec::with_capacity(rollback.alarm.period_seconds as usize),
            datapoints: Vec::with_capacity(
                (config.duration_s / rollback.alarm.period_seconds.max(1)) as usize,
            ),
        });
    }
    let mut world = World::new(config);
    let mut series = Vec::with_capacity(config.duration_s as usize);
    for t in 0..config.duration_s {
        world.apply_faults(t);
        if t == config.deploy_at_s {
            world.start(t);
        }
        world.health_checks(t);
        world.step(t);
        let second = world.serve(t);
        world.watch(t, &second, &mut watches);
        series.push(second);
    }
    let summary = summarize(config, &world, &series);
    Ok(Simulation {
        series,
        events: world.events,
        summary,
        alarms: watches
            .into_iter()
            .map(|watch| AlarmTrack {
                name: watch.name,
                metric: watch.metric,
                datapoints: watch.datapoints,
            })
            .collect(),
    })
}

impl<'a> World<'a> {
    /// The world at second 0: a healthy blue fleet serving all traffic.
    fn new(config: &'a SimConfig) -> World<'a> {
        let instances = (0..config.fleet_size)
            .map(|id| Instance {
                id,
                color: Color::Blue,
                phase: Phase::InService,
                passes: config.health_check.healthy_threshold,
                fails: 0,
                next_check: id % config.health_check.interval_s,
                crashed: false,
                deregistered: false,
            })
            .collect();
        let fleet = config.fleet_size;
        let in_place = |batch_size: u32, min_healthy: u32, additional: bool, sliding: bool| {
            Mode::InPlace(InPlace {
                target: Color::Green,
                batch_size,
                min_healthy,
                additional,
                sliding,
                groups: Vec::new(),
                batch_no: 0,
            })
        };
        let mode = match &config.strategy {
            Strategy::AllAtOnce => in_place(fleet, 0, false, false),
            Strategy::InPlace { min_healthy } => {
                in_place(fleet, min_healthy.ceil_of(fleet), false, true)
            }
            Strategy::Rolling { batch, min_healthy } => in_place(
                batch.floor_of(fleet).max(1),
                min_healthy.ceil_of(fleet),
                false,
                false,
            ),
            Strategy::RollingWithAdditionalBatch { batch } => {
                in_place(batch.floor_of(fleet).max(1), 0, true, false)
            }
            Strategy::BlueGreen {
                shift,
                test_traffic_s,
                test_rps,
            } => {
                let termination = config.deployment_group.blue_termination;
                Mode::Shift(Shift {
                    phase: ShiftPhase::Provision,
                    steps: traffic_steps(shift),
                    test_s: *test_traffic_s,
                    test_rps: *test_rps,
                    wait_s: termination.wait_s,
                    keep_alive: termination.action == InstanceAction::KeepAlive,
                })
            }
        };
        World {
            config,
            rng: Rng::new(config.seed),
            instances,
            next_id: config.fleet_size,
            weight: 0.0,
            mode,
            status: Status::Pending,
            events: Vec::new(),
            green_error_rate: config.green.error_rate,
            green_latency_factor: 1.0,
            spikes: Vec::new(),
            rollout_finished: None,
            rollback_started: None,
            stopped: None,
            test_active: false,
        }
    }

    /// Adds an event to the log.
    fn log(&mut self, t: u32, kind: EventKind, detail: EventDetail) {
        self.events.push(Event { t, kind, detail });
    }

    /// Launches `count` instances of a color and returns their ids.
    fn launch(&mut self, t: u32, color: Color, count: u32) -> Vec<u32> {
        let ready_at = t.saturating_add(self.config.startup_s);
        let mut ids = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let id = self.next_id;
            self.next_id += 1;
            self.instances.push(Instance {
                id,
                color,
                phase: Phase::Starting { ready_at },
                passes: 0,
                fails: 0,
                next_check: ready_at,
                crashed: false,
                deregistered: false,
            });
            ids.push(id);
        }
        ids
    }

    /// Terminates the instances whose ids are listed.
    fn terminate(&mut self, ids: &[u32]) {
        self.instances
            .retain(|instance| !ids.contains(&instance.id));
    }

    /// Applies the faults scheduled for second `t`.
    fn apply_faults(&mut self, t: u32) {
        let faults: Vec<Fault> = self
            .config
            .faults
            .iter()
            .filter(|fault| fault.at_s() == t)
            .cloned()
            .collect();
        for fault in faults {
            match fault {
                Fault::BadRelease {
                    error_rate,
                    latency_factor,
                    ..
                } => {
                    self.green_error_rate = error_rate;
                    self.green_latency_factor = latency_factor;
                    self.log(
                        t,
                        EventKind::BadRelease,
                        EventDetail::BadRelease {
                            error_rate,
                            latency_factor,
                        },
                    );
                }
                Fault::InstanceCrash { count, .. } => {
                    let mut crashed = Vec::new();
                    for instance in self.instances.iter_mut().filter(|i| i.live()) {
                        if crashed.len() as u32 == count {
                            break;
                        }
                        instance.crashed = true;
                        crashed.push((instance.id, instance.color));
                    }
                    if !crashed.is_empty() {
                        let detail = EventDetail::Crashed { instances: crashed };
                        self.log(t, EventKind::InstanceCrashed, detail);
                    }
                }
                Fault::TrafficSpike {
                    duration_s,
                    multiplier,
                    ..
                } => {
                    self.spikes.push((t, duration_s, multiplier));
                    self.log(
                        t,
                        EventKind::TrafficSpike,
                        EventDetail::TrafficSpike {
                            multiplier,
                            duration_s,
                        },
                    );
                }
            }
        }
    }

    /// Starts the deployment.
    fn start(&mut self, t: u32) {
        self.status = Status::Running;
        let strategy = self.config.strategy.clone();
        self.log(
            t,
            EventKind::DeploymentStarted,
            EventDetail::DeploymentStarted { strategy },
        );
        if matches!(self.mode, Mode::Shift(_)) {
            let fleet = self.config.fleet_size;
            self.launch(t, Color::Green, fleet);
            self.log(
                t,
                EventKind::InstancesLaunched,
                EventDetail::ReplacementFleet { count: fleet },
            );
        }
    }

    /// Runs the load balancer's health checks and replaces unhealthy instances.
    fn health_checks(&mut self, t: u32) {
        let check = self.config.health_check;
        let mut unhealthy = Vec::new();
        for instance in &mut self.instances {
            if let Phase::Starting { ready_at } = instance.phase {
                if t < ready_at {
                    continue;
                }
                instance.phase = Phase::Checking;
                instance.passes = 0;
                instance.fails = 0;
                instance.next_check = ready_at.saturating_add(check.interval_s);
                continue;
            }
            if t < instance.next_check {
                continue;
            }
            instance.next_check = t.saturating_add(check.interval_s);
            if instance.crashed {
                instance.fails += 1;
                instance.passes = 0;
            } else {
                instance.passes += 1;
                instance.fails = 0;
            }
            if instance.phase == Phase::Checking && instance.passes >= check.healthy_threshold {
                instance.phase = Phase::InService;
            }
            if instance.fails >= check.unhealthy_threshold {
                unhealthy.push((instance.id, instance.color));
            }
        }
        for (id, color) in unhealthy {
            self.terminate(&[id]);
            let replacement = self.launch(t, color, 1);
            let new_id = replacement.first().copied().unwrap_or(id);
            self.log(
                t,
                EventKind::InstanceReplaced,
                EventDetail::InstanceReplaced {
                    id,
                    color,
                    checks: check.unhealthy_threshold,
                    replacement: new_id,
                },
            );
        }
    }

    /// Advances the deployment controller.
    fn step(&mut self, t: u32) {
        if !matches!(self.status, Status::Running | Status::RollingBack) {
            return;
        }
        match self.mode.clone() {
            Mode::InPlace(in_place) => self.step_in_place(t, in_place),
            Mode::Shift(shift) => self.step_shift(t, shift),
        }
    }

    /// Ends the deployment.
    fn finish(&mut self, t: u32, outcome: Outcome, kind: EventKind, detail: EventDetail) {
        self.status = Status::Done(outcome);
        self.rollout_finished = Some(t);
        self.test_active = false;
        self.log(t, kind, detail);
    }

    /// One step of an in-place deployment.
    fn step_in_place(&mut self, t: u32, mut state: InPlace) {
        let target = state.target;
        let other = if target == Color::Green {
            Color::Blue
        } else {
            Color::Green
        };
        // Groups whose instances are all healthy again are done.
        let mut i = 0;
        while i < state.groups.len() {
            let done = state.groups[i].iter().all(|id| {
                self.instances
                    .iter()
                    .find(|instance| instance.id == *id)
                    .is_none_or(|instance| instance.phase == Phase::InService)
            });
            if !done {
                i += 1;
                continue;
            }
            let group = state.groups.remove(i);
            let count = group.len() as u32;
            if state.sliding {
                let detail = EventDetail::Deployed {
                    color: target,
                    instances: group,
                };
                self.log(t, EventKind::BatchFinished, detail);
            } else {
                let terminated = state.additional.then(|| {
                    let old = self.pick(other, group.len());
                    self.terminate(&old);
                    old.len() as u32
                });
                let detail = EventDetail::BatchHealthy {
                    batch: state.batch_no,
                    color: target,
                    count,
                    terminated,
                };
                self.log(t, EventKind::BatchFinished, detail);
            }
        }
        if !state.sliding && !state.groups.is_empty() {
            self.mode = Mode::InPlace(state);
            return;
        }
        let remaining = self.pick(other, usize::MAX);
        if remaining.is_empty() {
            let in_flight = !state.groups.is_empty();
            self.mode = Mode::InPlace(state);
            if in_flight {
                return;
            }
            if self.status == Status::RollingBack {
                self.finish(
                    t,
                    Outcome::RolledBack,
                    EventKind::RollbackFinished,
                    EventDetail::RollbackFinished { in_place: true },
                );
            } else {
                self.finish(
                    t,
                    Outcome::Succeeded,
                    EventKind::DeploymentSucceeded,
                    EventDetail::DeploymentSucceeded { in_place: true },
                );
            }
            return;
        }
        let batch_size = state.batch_size as usize;
        if state.additional {
            let count = batch_size.min(remaining.len()) as u32;
            let launched = self.launch(t, target, count);
            state.groups.push(launched);
            state.batch_no += 1;
            self.log(
                t,
                EventKind::BatchStarted,
                EventDetail::BatchLaunched {
                    batch: state.batch_no,
                    color: target,
                    count,
                },
            );
            self.mode = Mode::InPlace(state);
            return;
        }
        let healthy = self.instances.iter().filter(|i| i.live()).count() as u32;
        let not_live = remaining
            .iter()
            .filter(|id| {
                self.instances
                    .iter()
                    .any(|instance| instance.id == **id && !instance.live())
            })
            .count();
        let allowed = healthy.saturating_sub(state.min_healthy) as usize + not_live;
        let count = batch_size.min(remaining.len()).min(allowed);
        if count == 0 {
            let recovering = self.instances.iter().any(|i| !i.live());
            let min_healthy = state.min_healthy;
            self.mode = Mode::InPlace(state);
            if !recovering {
                self.fail(t, healthy, min_healthy);
            }
            return;
        }
        let chosen: Vec<u32> = remaining.into_iter().take(count).collect();
        let ready_at = t.saturating_add(self.config.startup_s);
        for instance in &mut self.instances {
            if chosen.contains(&instance.id) {
                instance.color = target;
                instance.phase = Phase::Starting { ready_at };
                instance.crashed = false;
                instance.passes = 0;
                instance.fails = 0;
            }
        }
        if state.sliding {
            let detail = EventDetail::Deploying {
                color: target,
                instances: chosen.clone(),
                healthy,
                min_healthy: state.min_healthy,
            };
            self.log(t, EventKind::BatchStarted, detail);
        } else {
            state.batch_no += 1;
            let detail = EventDetail::BatchDeploying {
                batch: state.batch_no,
                color: target,
                instances: chosen.clone(),
            };
            self.log(t, EventKind::BatchStarted, detail);
        }
        state.groups.push(chosen);
        self.mode = Mode::InPlace(state);
    }

    /// Fails an in-place deployment that has no room above its minimum, and rolls it back if
    /// the deployment group says so on `DEPLOYMENT_FAILURE` (a failing rollback just fails).
    fn fail(&mut self, t: u32, healthy: u32, min_healthy: u32) {
        let detail = EventDetail::NoRoom {
            healthy,
            min_healthy,
        };
        let rolls_back = self
            .config
            .deployment_group
            .auto_rollback
            .rolls_back_on(RollbackEvent::DeploymentFailure);
        if rolls_back && self.status == Status::Running {
            self.log(t, EventKind::DeploymentFailed, detail);
            self.roll_back(t, RollbackEvent::DeploymentFailure);
        } else {
            self.finish(t, Outcome::Failed, EventKind::DeploymentFailed, detail);
        }
    }

    /// Up to `limit` ids of instances of a color, the ones not serving first, then by id.
    fn pick(&self, color: Color, limit: usize) -> Vec<u32> {
        let mut ids: Vec<(bool, u32)> = self
            .instances
            .iter()
            .filter(|instance| instance.color == color)
            .map(|instance| (instance.live(), instance.id))
            .collect();
        ids.sort_unstable();
        ids.into_iter().take(limit).map(|(_, id)| id).collect()
    }

    /// One step of a blue/green deployment.
    fn step_shift(&mut self, t: u32, mut state: Shift) {
        if state.phase == ShiftPhase::Provision {
            let ready = self
                .instances
                .iter()
                .filter(|i| i.color == Color::Green && i.live())
                .count() as u32;
            if ready < self.config.fleet_size {
                self.mode = Mode::Shift(state);
                return;
            }
            self.log(
                t,
                EventKind::FleetHealthy,
                EventDetail::FleetHealthy { count: ready },
            );
            if state.test_s > 0 {
                state.phase = ShiftPhase::Test {
                    until: t.saturating_add(state.test_s),
                };
                self.test_active = true;
                self.log(
                    t,
                    EventKind::TestTraffic,
                    EventDetail::TestTraffic {
                        rps: state.test_rps,
                        duration_s: state.test_s,
                    },
                );
            } else {
                state.phase = ShiftPhase::Shifting {
                    started: t,
                    next: 0,
                };
            }
        }
        if let ShiftPhase::Test { until } = state.phase {
            if t < until {
                self.mode = Mode::Shift(state);
                return;
            }
            self.test_active = false;
            state.phase = ShiftPhase::Shifting {
                started: t,
                next: 0,
            };
        }
        if let ShiftPhase::Shifting { started, mut next } = state.phase {
            while next < state.steps.len() && started.saturating_add(state.steps[next].at_s) <= t {
                let percent = state.steps[next].green_percent;
                let before = (self.weight * 100.0).round() as u32;
                self.weight = f64::from(percent) / 100.0;
                self.log(
                    t,
                    EventKind::TrafficShifted,
                    EventDetail::Shifted {
                        by: percent.saturating_sub(before),
                        green_percent: percent.min(100),
                    },
                );
                next += 1;
            }
            if next < state.steps.len() {
                state.phase = ShiftPhase::Shifting { started, next };
                self.mode = Mode::Shift(state);
                return;
            }
            if state.keep_alive {
                let blue = self.pick(Color::Blue, usize::MAX);
                for instance in &mut self.instances {
                    if blue.contains(&instance.id) {
                        instance.deregistered = true;
                    }
                }
                self.mode = Mode::Shift(state);
                self.log(
                    t,
                    EventKind::InstancesKeptAlive,
                    EventDetail::BlueKeptAlive {
                        count: blue.len() as u32,
                    },
                );
                self.finish(
                    t,
                    Outcome::Succeeded,
                    EventKind::DeploymentSucceeded,
                    EventDetail::DeploymentSucceeded { in_place: false },
                );
                return;
            }
            state.phase = ShiftPhase::Waiting {
                until: t.saturating_add(state.wait_s),
            };
            if state.wait_s > 0 {
                self.log(
                    t,
                    EventKind::TrafficShifted,
                    EventDetail::BlueKept {
                        wait_s: state.wait_s,
                    },
                );
            }
        }
        if let ShiftPhase::Waiting { until } = state.phase {
            if t < until {
                self.mode = Mode::Shift(state);
                return;
            }
            let blue = self.pick(Color::Blue, usize::MAX);
            self.terminate(&blue);
            self.mode = Mode::Shift(state);
            self.log(
                t,
                EventKind::InstancesTerminated,
                EventDetail::Terminated {
                    color: Color::Blue,
                    count: blue.len() as u32,
                },
            );
            self.finish(
                t,
                Outcome::Succeeded,
                EventKind::DeploymentSucceeded,
                EventDetail::DeploymentSucceeded { in_place: false },
            );
        }
    }

    /// An alarm in ALARM stops the deployment; the deployment group decides whether it is
    /// rolled back.
    fn alarm_stop(&mut self, t: u32, alarm: &str) {
        let rolling_back = self
            .config
            .deployment_group
            .auto_rollback
            .rolls_back_on(RollbackEvent::DeploymentStopOnAlarm);
        self.stopped = Some(t);
        self.log(
            t,
            EventKind::DeploymentStopped,
            EventDetail::Stopped {
                alarm: alarm.to_string(),
                rolling_back,
            },
        );
        if rolling_back {
            self.roll_back(t, RollbackEvent::DeploymentStopOnAlarm);
        } else {
            // Nothing is undone: instances being deployed to finish with the new version,
            // and traffic weights stay where they are, both fleets running.
            self.status = Status::Done(Outcome::Stopped);
            self.rollout_finished = Some(t);
            self.test_active = false;
        }
    }

    /// Starts an automatic rollback on `event`.
    fn roll_back(&mut self, t: u32, event: RollbackEvent) {
        self.rollback_started = Some(t);
        self.log(
            t,
            EventKind::RollbackStarted,
            EventDetail::RollbackStarted { event },
        );
        match &mut self.mode {
            Mode::InPlace(state) => {
                state.target = Color::Blue;
                state.groups.clear();
                state.batch_no = 0;
                self.status = Status::RollingBack;
                let additional = state.additional;
                self.log(
                    t,
                    EventKind::RollbackStarted,
                    EventDetail::Redeploying { additional },
                );
            }
            Mode::Shift(_) => {
                let before = (self.weight * 100.0).round() as u32;
                self.weight = 0.0;
                if before > 0 {
                    self.log(
                        t,
                        EventKind::TrafficShifted,
                        EventDetail::ShiftedBack { percent: before },
                    );
                }
                let green = self.pick(Color::Green, usize::MAX);
                self.terminate(&green);
                self.log(
                    t,
                    EventKind::InstancesTerminated,
                    EventDetail::Terminated {
                        color: Color::Green,
                        count: green.len() as u32,
                    },
                );
                self.finish(
                    t,
                    Outcome::RolledBack,
                    EventKind::RollbackFinished,
                    EventDetail::RollbackFinished { in_place: false },
                );
            }
        }
    }

    /// Counts live and crashed targets by color, and all running instances.
    fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for instance in &self.instances {
            counts.total += 1;
            let slot = instance.color as usize;
            if instance.phase == Phase::InService && !instance.deregistered {
                if instance.crashed {
                    counts.crashed[slot] += 1;
                } else {
                    counts.live[slot] += 1;
                }
            }
        }
        counts
    }

    /// Serves one second of traffic.
    fn serve(&mut self, t: u32) -> Second {
        let counts = self.counts();
        let mut rate = self.config.traffic.rate_at(t);
        for (start, duration, multiplier) in &self.spikes {
            if t >= *start && t - start < *duration {
                rate *= multiplier;
            }
        }
        let requests = self.rng.poisson(rate.min(MAX_RATE));
        let capacity = self.config.target_capacity_rps;
        let (blue_n, green_n, rejected, green_percent) = match self.mode {
            Mode::Shift(_) => {
                let to_green = (requests as f64 * self.weight).round() as u64;
                let to_green = to_green.min(requests);
                let (b, _, rejected_b) = split(
                    requests - to_green,
                    [counts.live[0], 0],
                    counts.crashed[0],
                    capacity,
                );
                let (_, g, rejected_g) =
                    split(to_green, [0, counts.live[1]], counts.crashed[1], capacity);
                (b, g, rejected_b + rejected_g, self.weight * 100.0)
            }
            Mode::InPlace(_) => {
                let (b, g, rejected) = split(
                    requests,
                    counts.live,
                    counts.crashed[0] + counts.crashed[1],
                    capacity,
                );
                let live = counts.live[0] + counts.live[1];
                let share = if live == 0 {
                    0.0
                } else {
                    counts.live[1] as f64 * 100.0 / live as f64
                };
                (b, g, rejected, share)
            }
        };
        let blue_errors = self.rng.binomial(blue_n, self.config.blue.error_rate);
        let green_errors = self.rng.binomial(green_n, self.green_error_rate);
        let (test_requests, test_errors) = if self.test_active {
            let test = match self.mode {
                Mode::Shift(ref shift) => shift.test_rps.round() as u64,
                Mode::InPlace(_) => 0,
            };
            if counts.live[1] == 0 {
                (test, test)
            } else {
                (test, self.rng.binomial(test, self.green_error_rate))
            }
        } else {
            (0, 0)
        };
        let (p50_ms, p99_ms) = self.latency(blue_n, green_n);
        let failed = blue_errors + green_errors + rejected;
        let healthy = (counts.live[0] + counts.live[1]) as u32;
        Second {
            t,
            requests,
            blue_requests: blue_n,
            green_requests: green_n,
            rejected,
            blue_errors,
            green_errors,
            failed,
            error_rate: if requests == 0 {
                0.0
            } else {
                failed as f64 / requests as f64
            },
            p50_ms,
            p99_ms,
            green_percent,
            healthy_capacity: healthy,
            blue_healthy: counts.live[0] as u32,
            green_healthy: counts.live[1] as u32,
            instances: counts.total,
            test_requests,
            test_errors,
        }
    }

    /// The median and 99th-percentile latency of the handled requests, with the sampling
    /// noise of a second's worth of requests.
    fn latency(&mut self, blue_n: u64, green_n: u64) -> (Option<f64>, Option<f64>) {
        let factor = self.green_latency_factor;
        mixed_latency(
            &mut self.rng,
            (self.config.blue.p50_ms, self.config.blue.p99_ms),
            (
                self.config.green.p50_ms * factor,
                self.config.green.p99_ms * factor,
            ),
            blue_n,
            green_n,
        )
    }

    /// Feeds the deployment alarms and stops the deployment when one is in ALARM during it.
    fn watch(&mut self, t: u32, second: &Second, watches: &mut [Watch]) {
        let mut trigger: Option<String> = None;
        for watch in watches.iter_mut() {
            let sample = match watch.metric {
                AlarmMetric::ErrorRatePercent => {
                    let total = second.requests + second.test_requests;
                    (total > 0)
                        .then(|| (second.failed + second.test_errors) as f64 * 100.0 / total as f64)
                }
                AlarmMetric::GreenErrorRatePercent => {
                    let total = second.green_requests + second.test_requests;
                    (total > 0).then(|| {
                        (second.green_errors + second.test_errors) as f64 * 100.0 / total as f64
                    })
                }
                AlarmMetric::P99LatencyMs => second.p99_ms,
            };
            if let Some(value) = sample {
                watch.samples.push(value);
            }
            let period = watch.alarm.config().period_seconds;
            if (t + 1).is_multiple_of(period) {
                let datapoint = aggregate(watch.alarm.config().statistic, &watch.samples);
                watch.samples.clear();
                if let Some(change) = watch.alarm.push(datapoint) {
                    self.log(
                        t,
                        EventKind::AlarmStateChanged,
                        EventDetail::AlarmChanged {
                            alarm: watch.name.clone(),
                            to: change.to,
                            reason: change.reason,
                        },
                    );
                }
                watch.datapoints.push(AlarmDatapoint {
                    end_s: t + 1,
                    value: datapoint,
                    breaching: datapoint.is_some_and(|v| watch.alarm.config().breaches(v)),
                    state: watch.alarm.state(),
                });
            }
            if watch.alarm.state() == AlarmState::Alarm && trigger.is_none() {
                trigger = Some(watch.name.clone());
            }
        }
        if let (Some(name), Status::Running) = (trigger, self.status) {
            self.alarm_stop(t, &name);
        }
    }
}

/// The median and 99th-percentile latency of `blue_n + green_n` handled requests, each
/// version's latencies log-normal with the given (p50, p99) in ms and mixed by traffic share,
/// plus the sampling noise of that many requests. Shared with [`crate::rollout`].
pub(crate) fn mixed_latency(
    rng: &mut Rng,
    blue_p: (f64, f64),
    green_p: (f64, f64),
    blue_n: u64,
    green_n: u64,
) -> (Option<f64>, Option<f64>) {
    let n = blue_n + green_n;
    if n == 0 {
        return (None, None);
    }
    let blue = LogNormal::from_p50_p99(blue_p.0, blue_p.1);
    let green = LogNormal::from_p50_p99(green_p.0, green_p.1);
    let w = green_n as f64 / n as f64;
    let (p50, p99) = if green_n == 0 {
        (exp(blue.mu), exp(blue.mu + Z99 * blue.sigma))
    } else if blue_n == 0 {
        (exp(green.mu), exp(green.mu + Z99 * green.sigma))
    } else {
        (
            mixture_quantile(blue, green, w, 0.5),
            mixture_quantile(blue, green, w, 0.99),
        )
    };
    let sigma = (1.0 - w) * blue.sigma + w * green.sigma;
    let scale = sigma / (n as f64).sqrt();
    let p50 = p50 * exp(rng.normal() * MEDIAN_NOISE * scale);
    let p99 = p99 * exp(rng.normal() * P99_NOISE * scale);
    (Some(p50), Some(p99.max(p50)))
}

/// Splits a group's requests between live blue and green targets and rejections: requests
/// sent to crashed targets fail, and so does whatever exceeds the live targets' capacity.
pub(crate) fn split(requests: u64, live: [u64; 2], crashed: u64, capacity: f64) -> (u64, u64, u64) {
    let live_total = live[0] + live[1];
    let targets = live_total + crashed;
    if targets == 0 {
        return (0, 0, requests);
    }
    let to_crashed = requests * crashed / targets;
    let rest = requests - to_crashed;
    let limit = (live_total as f64 * capacity).floor() as u64;
    let served = rest.min(limit);
    let green = (served * live[1]).checked_div(live_total).unwrap_or(0);
    (served - green, green, requests - served)
}

/// The totals of a run.
fn summarize(config: &SimConfig, world: &World<'_>, series: &[Second]) -> Summary {
    let mut summary = Summary {
        requests: 0,
        failed_requests: 0,
        green_failed_requests: 0,
        outage_seconds: 0,
        rollout_started_s: config.deploy_at_s,
        rollout_finished_s: world.rollout_finished,
        rollout_duration_s: world
            .rollout_finished
            .map(|end| end.saturating_sub(config.deploy_at_s)),
        outcome: match world.status {
            Status::Done(outcome) => outcome,
            _ => Outcome::InProgress,
        },
        rollback_started_s: world.rollback_started,
        stopped_s: world.stopped,
        bad_release_at_s: config
            .faults
            .iter()
            .filter_map(|fault| match fault {
                Fault::BadRelease { at_s, .. } => Some(*at_s),
                _ => None,
            })
            .min(),
        bad_release_stopped_s: None,
        peak_instances: 0,
        peak_extra_instances: 0,
        instance_minutes: 0.0,
    };
    summary.bad_release_stopped_s = match (summary.bad_release_at_s, world.rollback_started) {
        (Some(bad), Some(stopped)) if stopped >= bad => Some(stopped),
        _ => None,
    };
    let mut instance_seconds: u64 = 0;
    for second in series {
        summary.requests += second.requests;
        summary.failed_requests += second.failed;
        summary.green_failed_requests += second.green_errors;
        if second.healthy_capacity == 0 || (second.requests > 0 && second.failed == second.requests)
        {
            summary.outage_seconds += 1;
        }
        summary.peak_instances = summary.peak_instances.max(second.instances);
        instance_seconds += u64::from(second.instances);
    }
    summary.peak_extra_instances = summary.peak_instances.saturating_sub(config.fleet_size);
    summary.instance_minutes = instance_seconds as f64 / 60.0;
    summary
}
