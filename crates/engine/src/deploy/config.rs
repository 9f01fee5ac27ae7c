//! The simulation's configuration: traffic, fleet, health checks, versions, faults, strategy and rollback alarms, with validation.

use std::fmt;

use super::super::alarm::{
    AlarmConfig, AlarmReason, ComparisonOperator, Statistic, TreatMissingData,
};

/// The longest simulation, one day of seconds, so that the per-second series stays small.
pub const MAX_DURATION_S: u32 = 86_400;

/// The largest fleet.
pub const MAX_FLEET_SIZE: u32 = 1_000;

/// The longest wait before the original (blue) fleet is terminated: CodeDeploy accepts up
/// to 2880 minutes (two days).
pub const MAX_TERMINATION_WAIT_S: u32 = 172_800;

/// A configuration problem, with the field it concerns.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConfigError {
    /// The field, such as `strategy.batch` or `rollback_alarms[0].DatapointsToAlarm`.
    pub field: String,
    /// What is wrong, as data: the app words it in the learner's language.
    pub reason: ConfigReason,
}

impl ConfigError {
    /// An error about one field.
    pub fn new(field: impl Into<String>, reason: ConfigReason) -> ConfigError {
        ConfigError {
            field: field.into(),
            reason,
        }
    }
}

/// Why a configuration cannot run, with the values the wording needs (the limits are this
/// module's constants and the ranges written in each variant's comment).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ConfigReason {
    /// The duration is 0 or over [`MAX_DURATION_S`].
    Duration { duration_s: u32 },
    /// The fleet is empty or over [`MAX_FLEET_SIZE`].
    FleetSize { fleet_size: u32 },
    /// A target's capacity is not a positive number.
    TargetCapacity,
    /// The start-up time is over one hour.
    StartupOverHour { startup_s: u32 },
    /// The deployment starts at or after the end of the simulation.
    DeployAfterEnd { deploy_at_s: u32, duration_s: u32 },
    /// Requests per second outside 0 to 1,000,000.
    RequestRate,
    /// A diurnal amplitude outside 0 to 100 percent.
    Amplitude { percent: f64 },
    /// A diurnal period of 0 seconds.
    DiurnalPeriod,
    /// A spike of 0 seconds.
    SpikeDuration,
    /// A spike multiplier outside 0 to 100.
    SpikeMultiplier { multiplier: f64 },
    /// A health check interval outside 5 to 300 seconds.
    HealthCheckInterval { interval_s: u32 },
    /// A health check threshold outside 2 to 10.
    HealthCheckThreshold { threshold: u32 },
    /// An error rate outside 0 to 1.
    ErrorRate { error_rate: f64 },
    /// A median latency that is not positive or over 600,000 ms.
    MedianLatency,
    /// A p99 latency below the median or over 600,000 ms.
    P99Latency { p99_ms: f64, p50_ms: f64 },
    /// A percentage outside `low` to `high`.
    Percent { percent: u32, low: u32, high: u32 },
    /// A batch of 0 instances.
    EmptyBatch,
    /// A batch of more instances than the fleet has.
    BatchOverFleet { count: u32, fleet: u32 },
    /// Minimum healthy hosts `min_healthy` of `fleet` instances is `minimum`, not less
    /// than the fleet.
    NoRoomToDeploy {
        min_healthy: Amount,
        fleet: u32,
        minimum: u32,
    },
    /// A canary bake time of 0 seconds.
    CanaryBake,
    /// A linear interval of 0 seconds.
    LinearInterval,
    /// Test traffic outside 0 to 1,000,000 requests per second.
    TestRate,
    /// Test traffic longer than [`MAX_DURATION_S`].
    TestTrafficOverDay,
    /// A wait before terminating the original fleet over [`MAX_TERMINATION_WAIT_S`].
    TerminationWait,
    /// A rollback alarm with an empty name.
    EmptyAlarmName,
    /// A rollback alarm's own configuration problem.
    Alarm(AlarmReason),
    /// A fault at or after the end of the simulation.
    FaultAfterEnd { at_s: u32, duration_s: u32 },
    /// A latency factor outside 0.01 to 1000.
    LatencyFactor { factor: f64 },
    /// A crash of 0 instances.
    EmptyCrash,
    /// `name` is not a predefined deployment configuration; `near` are up to three close
    /// names (none when nothing is close).
    UnknownConfiguration {
        name: String,
        #[cfg_attr(feature = "serde", serde(deserialize_with = "predefined_names"))]
        near: Vec<&'static str>,
    },
}

/// The production traffic that reaches the load balancer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Traffic {
    /// A constant rate.
    Steady {
        /// Requests per second.
        rps: f64,
    },
    /// A daily cycle: the rate swings around its mean by a percentage, peaking at the
    /// start and again every period.
    Diurnal {
        /// The mean requests per second.
        mean_rps: f64,
        /// How far the rate swings above and below the mean, in percent of it (0 to 100).
        amplitude_percent: f64,
        /// The length of one cycle, in seconds.
        period_s: u32,
    },
    /// A steady rate with one burst.
    Spike {
        /// Requests per second outside the burst.
        rps: f64,
        /// When the burst starts, in seconds.
        at_s: u32,
        /// How long it lasts, in seconds.
        duration_s: u32,
        /// The factor applied to the rate during the burst.
        multiplier: f64,
    },
}

impl Traffic {
    /// The expected requests per second at second `t`, before faults.
    pub fn rate_at(&self, t: u32) -> f64 {
        match *self {
            Traffic::Steady { rps } => rps,
            Traffic::Diurnal {
                mean_rps,
                amplitude_percent,
                period_s,
            } => {
                let phase = std::f64::consts::TAU * f64::from(t) / f64::from(period_s.max(1));
                mean_rps * (1.0 + amplitude_percent / 100.0 * crate::numbers::cos(phase))
            }
            Traffic::Spike {
                rps,
                at_s,
                duration_s,
                multiplier,
            } => {
                if t >= at_s && t - at_s < duration_s {
                    rps * multiplier
                } else {
                    rps
                }
            }
        }
    }
}

/// The load balancer's target health check; the defaults are an Application Load
/// Balancer's: a 30-second interval, 5 passes to become healthy and 2 failures to become
/// unhealthy (each threshold 2 to 10, the interval 5 to 300 seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HealthCheck {
    /// Seconds between two checks of one target.
    pub interval_s: u32,
    /// Consecutive passing checks before a target is healthy.
    pub healthy_threshold: u32,
    /// Consecutive failing checks before a target is unhealthy.
    pub unhealthy_threshold: u32,
}

impl Default for HealthCheck {
    fn default() -> HealthCheck {
        HealthCheck {
            interval_s: 30,
            healthy_threshold: 5,
            unhealthy_threshold: 2,
        }
    }
}

/// How one version of the application behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Version {
    /// The share of requests that end in a 5xx error, from 0 to 1.
    pub error_rate: f64,
    /// The median latency in milliseconds.
    pub p50_ms: f64,
    /// The 99th-percentile latency in milliseconds, at least the median.
    pub p99_ms: f64,
}

impl Default for Version {
    fn default() -> Version {
        Version {
            error_rate: 0.001,
            p50_ms: 40.0,
            p99_ms: 120.0,
        }
    }
}

/// Something that goes wrong at a given second.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Fault {
    /// From `at_s` on, the new (green) version is bad: its error rate becomes `error_rate`
    /// and its latencies are multiplied by `latency_factor`.
    BadRelease {
        /// When the new version turns bad (0 means it is bad from the start).
        at_s: u32,
        /// The new version's error rate from then on, from 0 to 1.
        error_rate: f64,
        /// The factor applied to the new version's latencies (1 for none).
        latency_factor: f64,
    },
    /// `count` healthy instances crash (lowest ids first); the load balancer keeps sending
    /// them requests until its health checks mark them unhealthy, then the Auto Scaling
    /// group replaces them.
    InstanceCrash {
        /// When the instances crash.
        at_s: u32,
        /// How many crash.
        count: u32,
    },
    /// The traffic is multiplied for a while.
    TrafficSpike {
        /// When the spike starts.
        at_s: u32,
        /// How long it lasts, in seconds.
        duration_s: u32,
        /// The factor applied to the rate.
        multiplier: f64,
    },
}

impl Fault {
    /// When the fault happens.
    pub fn at_s(&self) -> u32 {
        match *self {
            Fault::BadRelease { at_s, .. }
            | Fault::InstanceCrash { at_s, .. }
            | Fault::TrafficSpike { at_s, .. } => at_s,
        }
    }
}

/// A number of instances, given as a count or as a percentage of the fleet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Amount {
    /// An absolute number of instances (CodeDeploy's `HOST_COUNT`).
    Count(u32),
    /// A percentage of the fleet, from 0 to 100 (CodeDeploy's `FLEET_PERCENT`).
    Percent(u32),
    /// CodeDeploy's `MOST_CONCURRENCY`: at most this many instances are deployed to at a
    /// time, so all instances but this many stay healthy. `GetDeploymentConfig` returns
    /// it (with 1) for the predefined `CodeDeployDefault.OneAtATime`; a custom configuration
    /// cannot set it (API reference, `MinimumHealthyHosts`).
    MostConcurrency(u32),
}

impl Amount {
    /// The number of instances, rounding a percentage down (for batch sizes); for
    /// `MostConcurrency`, the instances deployed to at a time.
    pub fn floor_of(self, fleet: u32) -> u32 {
        match self {
            Amount::Count(count) => count,
            Amount::Percent(percent) => (u64::from(fleet) * u64::from(percent) / 100) as u32,
            Amount::MostConcurrency(count) => count.min(fleet),
        }
    }

    /// The number of instances, rounding a percentage up, as CodeDeploy does for minimum
    /// healthy hosts; for `MostConcurrency`, the instances that stay healthy (all but its
    /// count).
    pub fn ceil_of(self, fleet: u32) -> u32 {
        match self {
            Amount::Count(count) => count,
            Amount::Percent(percent) => {
                (u64::from(fleet) * u64::from(percent)).div_ceil(100) as u32
            }
            Amount::MostConcurrency(count) => fleet.saturating_sub(count),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::Count(count) => write!(f, "{count}"),
            Amount::Percent(percent) => write!(f, "{percent}%"),
            Amount::MostConcurrency(count) => write!(f, "MOST_CONCURRENCY {count}"),
        }
    }
}

/// How traffic moves from the original (blue) to the replacement (green) fleet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum TrafficShift {
    /// All traffic at once.
    AllAtOnce,
    /// Two increments: `percent` first, the rest `bake_s` seconds later.
    Canary {
        /// The share shifted in the first increment, 1 to 99.
        percent: u32,
        /// Seconds before the remaining traffic is shifted.
        bake_s: u32,
    },
    /// Equal increments of `step_percent`, `interval_s` seconds apart, the first at once.
    Linear {
        /// The share shifted in each increment, 1 to 100.
        step_percent: u32,
        /// Seconds between increments.
        interval_s: u32,
    },
}

/// A deployment strategy.
///
/// Each variant is one product's own model, named by its own options: CodeDeploy's in-place
/// deployments have no batch size (only minimum healthy hosts); a batch size is Elastic
/// Beanstalk's and Auto Scaling's.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Strategy {
    /// In place, every instance at once: the fleet is out of service while the new version
    /// starts (Elastic Beanstalk's `AllAtOnce` policy, or CodeDeploy's
    /// `CodeDeployDefault.AllAtOnce`, whose minimum healthy hosts is 0).
    AllAtOnce,
    /// CodeDeploy's in-place deployment (EC2/on-premises): a deployment configuration sets
    /// only the minimum healthy hosts, and CodeDeploy deploys to as many instances at once as
    /// it can without the number of healthy instances falling below that minimum (a
    /// `FLEET_PERCENT` is converted at the start of the deployment, rounding fractional
    /// instances up). With 9 instances, `HOST_COUNT` 6 deploys to up to 3 at a time and
    /// `FLEET_PERCENT` 40 (3.6, so 4) to up to 5. As soon as an instance is healthy again,
    /// the next one starts: there are no batches.
    InPlace {
        /// The minimum number of healthy instances during the deployment.
        min_healthy: Amount,
    },
    /// A rolling update in batches: each batch is taken out of service, updated and must pass
    /// its health checks before the next one starts. This is Elastic Beanstalk's `Rolling`
    /// policy (`BatchSizeType` `Percentage` or `Fixed`, `BatchSize`; no minimum, so
    /// `min_healthy` 0) and an Auto Scaling rolling update (CloudFormation's
    /// `AutoScalingRollingUpdate`: `MaxBatchSize`, `MinInstancesInService`). A batch never
    /// takes the number of healthy instances below `min_healthy` (a percentage is rounded up).
    Rolling {
        /// The largest batch (a percentage is rounded down, and is at least one instance).
        batch: Amount,
        /// The minimum number of healthy instances during the deployment.
        min_healthy: Amount,
    },
    /// Elastic Beanstalk's `RollingWithAdditionalBatch`: each step launches a batch of new
    /// instances first and terminates as many old ones once they are healthy, so capacity
    /// never drops.
    RollingWithAdditionalBatch {
        /// The batch size (a percentage is rounded down, and is at least one instance).
        batch: Amount,
    },
    /// Blue/green: a full replacement fleet is provisioned, optionally receives test
    /// traffic, then production traffic is shifted to it. What becomes of the original fleet
    /// afterwards is the deployment group's setting ([`BlueTermination`]), not the strategy's.
    BlueGreen {
        /// How production traffic is shifted.
        shift: TrafficShift,
        /// Seconds of test traffic on the replacement fleet before the first shift.
        test_traffic_s: u32,
        /// Requests per second of that test traffic.
        test_rps: f64,
    },
}

impl Strategy {
    /// Blue/green with all traffic shifted at once and no test traffic.
    pub fn blue_green() -> Strategy {
        Strategy::BlueGreen {
            shift: TrafficShift::AllAtOnce,
            test_traffic_s: 0,
            test_rps: 0.0,
        }
    }

    /// A canary: `percent` of traffic first, the rest after `bake_s` seconds.
    pub fn canary(percent: u32, bake_s: u32) -> Strategy {
        Strategy::BlueGreen {
            shift: TrafficShift::Canary { percent, bake_s },
            test_traffic_s: 0,
            test_rps: 0.0,
        }
    }

    /// A linear shift: `step_percent` more every `interval_s` seconds.
    pub fn linear(step_percent: u32, interval_s: u32) -> Strategy {
        Strategy::BlueGreen {
            shift: TrafficShift::Linear {
                step_percent,
                interval_s,
            },
            test_traffic_s: 0,
            test_rps: 0.0,
        }
    }
}

/// The metric a deployment alarm watches, computed each second by the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AlarmMetric {
    /// 5xx responses over all requests (test traffic included), in percent: in CloudWatch,
    /// metric math over the load balancer's `HTTPCode_Target_5XX_Count` and `RequestCount`.
    ErrorRatePercent,
    /// 5xx responses of the replacement (green) version over its requests, in percent (the
    /// same metric math with green's `TargetGroup` dimension); missing while green serves
    /// nothing.
    GreenErrorRatePercent,
    /// The 99th-percentile latency of served requests, in milliseconds.
    P99LatencyMs,
}

/// A CloudWatch alarm in the deployment group's `alarmConfiguration`: when it goes to
/// `ALARM` during a deployment, CodeDeploy stops the deployment. Whether it is then rolled
/// back is another setting of the deployment group, [`AutoRollback`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DeploymentAlarm {
    /// The alarm's name, shown in the event log.
    pub name: String,
    /// The metric it watches.
    pub metric: AlarmMetric,
    /// The alarm itself; its statistic aggregates the per-second values of each period.
    pub alarm: AlarmConfig,
}

impl DeploymentAlarm {
    /// An alarm on the 5xx rate: `Average` over `period_s`, `m` of `n` datapoints above
    /// `threshold_percent`, missing data treated as `notBreaching`.
    pub fn error_rate(threshold_percent: f64, period_s: u32, m: u32, n: u32) -> DeploymentAlarm {
        DeploymentAlarm {
            name: "HighErrorRate".to_string(),
            metric: AlarmMetric::ErrorRatePercent,
            alarm: AlarmConfig {
                // Not a published metric: metric math over two the load balancer publishes.
                metric_name: "100 * HTTPCode_Target_5XX_Count / RequestCount".to_string(),
                statistic: Statistic::Average,
                period_seconds: period_s,
                evaluation_periods: n,
                datapoints_to_alarm: Some(m),
                threshold: threshold_percent,
                comparison_operator: ComparisonOperator::GreaterThanThreshold,
                treat_missing_data: TreatMissingData::NotBreaching,
                evaluation_range: None,
            },
        }
    }

    /// An alarm on p99 latency: `Maximum` of the per-second p99 over `period_s`, `m` of `n`
    /// datapoints above `threshold_ms`, missing data treated as `notBreaching`.
    pub fn p99_latency(threshold_ms: f64, period_s: u32, m: u32, n: u32) -> DeploymentAlarm {
        DeploymentAlarm {
            name: "HighLatency".to_string(),
            metric: AlarmMetric::P99LatencyMs,
            alarm: AlarmConfig {
                metric_name: "TargetResponseTime".to_string(),
                statistic: Statistic::Maximum,
                period_seconds: period_s,
                evaluation_periods: n,
                datapoints_to_alarm: Some(m),
                threshold: threshold_ms,
                comparison_operator: ComparisonOperator::GreaterThanThreshold,
                treat_missing_data: TreatMissingData::NotBreaching,
                evaluation_range: None,
            },
        }
    }
}

/// An event that rolls a deployment back, by CodeDeploy's name in
/// `autoRollbackConfiguration.events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RollbackEvent {
    /// `DEPLOYMENT_FAILURE`: the deployment failed.
    DeploymentFailure,
    /// `DEPLOYMENT_STOP_ON_ALARM`: an alarm of the deployment group stopped it.
    DeploymentStopOnAlarm,
    /// `DEPLOYMENT_STOP_ON_REQUEST`: someone stopped it (the simulator has no manual stop,
    /// so this event never happens in a run; it is kept so that the configuration reads as
    /// AWS's does).
    DeploymentStopOnRequest,
}

impl RollbackEvent {
    /// Every event, in the API's order.
    pub const ALL: [RollbackEvent; 3] = [
        RollbackEvent::DeploymentFailure,
        RollbackEvent::DeploymentStopOnAlarm,
        RollbackEvent::DeploymentStopOnRequest,
    ];

    /// The API's name, such as `DEPLOYMENT_STOP_ON_ALARM`.
    pub fn name(self) -> &'static str {
        match self {
            RollbackEvent::DeploymentFailure => "DEPLOYMENT_FAILURE",
            RollbackEvent::DeploymentStopOnAlarm => "DEPLOYMENT_STOP_ON_ALARM",
            RollbackEvent::DeploymentStopOnRequest => "DEPLOYMENT_STOP_ON_REQUEST",
        }
    }

    /// The event with this API name.
    pub fn parse(name: &str) -> Option<RollbackEvent> {
        RollbackEvent::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// The deployment group's `autoRollbackConfiguration`: whether a deployment is rolled back
/// automatically, and on which events. Without it (the API's default), nothing is rolled
/// back: an alarm only stops the deployment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AutoRollback {
    /// `enabled`.
    pub enabled: bool,
    /// `events`.
    pub events: Vec<RollbackEvent>,
}

impl AutoRollback {
    /// Enabled for these events.
    pub fn on(events: &[RollbackEvent]) -> AutoRollback {
        AutoRollback {
            enabled: true,
            events: events.to_vec(),
        }
    }

    /// Whether this event rolls a deployment back.
    pub fn rolls_back_on(&self, event: RollbackEvent) -> bool {
        self.enabled && self.events.contains(&event)
    }
}

/// What happens to the original (blue) instances after a successful blue/green deployment
/// (the API's `InstanceAction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum InstanceAction {
    /// `TERMINATE`: terminated after the wait.
    Terminate,
    /// `KEEP_ALIVE`: deregistered from the load balancer and removed from the deployment
    /// group, but left running (and paid for). For instances (EC2/on-premises) only: an ECS
    /// deployment group terminates the original task set after the wait (the CodeDeploy
    /// guide for ECS deployment groups offers only that wait).
    KeepAlive,
}

impl InstanceAction {
    /// The API's name.
    pub fn name(self) -> &'static str {
        match self {
            InstanceAction::Terminate => "TERMINATE",
            InstanceAction::KeepAlive => "KEEP_ALIVE",
        }
    }
}

/// The deployment group's `blueGreenDeploymentConfiguration.terminateBlueInstancesOnDeploymentSuccess`
/// (`BlueInstanceTerminationOption`): a deployment group's setting, not a deployment
/// configuration's. The API reference documents no default for either field; the simulator
/// uses `TERMINATE` after 0 minutes when none is given. It does not apply to Lambda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BlueTermination {
    /// `action`.
    pub action: InstanceAction,
    /// `terminationWaitTimeInMinutes`, in seconds here: how long the original fleet (or, on
    /// ECS, the original task set) lives on after all traffic has shifted, up to 2880 minutes.
    /// While it lives, the deployment is still in progress and a rollback reroutes traffic
    /// back to it at once.
    pub wait_s: u32,
}

impl Default for BlueTermination {
    fn default() -> BlueTermination {
        BlueTermination {
            action: InstanceAction::Terminate,
            wait_s: 0,
        }
    }
}

/// The settings of a CodeDeploy deployment group that the simulator models: they belong to
/// the deployment group, not to its deployment configuration (which says only how traffic
/// shifts, or on EC2 the minimum healthy hosts).
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DeploymentGroup {
    /// `alarmConfiguration.alarms`: any of them in `ALARM` stops the deployment.
    pub alarms: Vec<DeploymentAlarm>,
    /// `autoRollbackConfiguration`.
    pub auto_rollback: AutoRollback,
    /// `blueGreenDeploymentConfiguration.terminateBlueInstancesOnDeploymentSuccess`.
    pub blue_termination: BlueTermination,
}

impl DeploymentGroup {
    /// A group whose alarms stop the deployment and roll it back
    /// (`DEPLOYMENT_STOP_ON_ALARM` and `DEPLOYMENT_FAILURE`).
    pub fn rolling_back_on(alarms: Vec<DeploymentAlarm>) -> DeploymentGroup {
        DeploymentGroup {
            alarms,
            auto_rollback: AutoRollback::on(&[
                RollbackEvent::DeploymentFailure,
                RollbackEvent::DeploymentStopOnAlarm,
            ]),
            blue_termination: BlueTermination::default(),
        }
    }
}

/// Everything a simulation run needs; the same configuration always gives the same output.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SimConfig {
    /// The seed of the random draws.
    pub seed: u64,
    /// How many seconds to simulate (1 to one day).
    pub duration_s: u32,
    /// The production traffic.
    pub traffic: Traffic,
    /// Instances (targets) behind the load balancer.
    pub fleet_size: u32,
    /// Requests per second one healthy target serves; more are rejected with a 5xx.
    pub target_capacity_rps: f64,
    /// Seconds from launching (or updating) an instance to its application answering.
    pub startup_s: u32,
    /// The load balancer's health check.
    pub health_check: HealthCheck,
    /// The current version.
    pub blue: Version,
    /// The new version.
    pub green: Version,
    /// When the deployment starts.
    pub deploy_at_s: u32,
    /// How it proceeds (the deployment configuration, or another product's policy).
    pub strategy: Strategy,
    /// The deployment group's alarms, rollback and blue/green settings.
    pub deployment_group: DeploymentGroup,
    /// Faults injected at given seconds.
    pub faults: Vec<Fault>,
}

impl Default for SimConfig {
    fn default() -> SimConfig {
        SimConfig {
            seed: 1,
            duration_s: 3_600,
            traffic: Traffic::Steady { rps: 1_000.0 },
            fleet_size: 20,
            target_capacity_rps: 100.0,
            startup_s: 60,
            health_check: HealthCheck::default(),
            blue: Version::default(),
            green: Version::default(),
            deploy_at_s: 300,
            strategy: Strategy::canary(10, 300),
            deployment_group: DeploymentGroup::default(),
            faults: Vec::new(),
        }
    }
}

impl SimConfig {
    /// Checks every field and returns the first problem.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.duration_s == 0 || self.duration_s > MAX_DURATION_S {
            return Err(ConfigError::new(
                "duration_s",
                ConfigReason::Duration {
                    duration_s: self.duration_s,
                },
            ));
        }
        validate_traffic(&self.traffic)?;
        if self.fleet_size == 0 || self.fleet_size > MAX_FLEET_SIZE {
            return Err(ConfigError::new(
                "fleet_size",
                ConfigReason::FleetSize {
                    fleet_size: self.fleet_size,
                },
            ));
        }
        if !(self.target_capacity_rps.is_finite() && self.target_capacity_rps > 0.0) {
            return Err(ConfigError::new(
                "target_capacity_rps",
                ConfigReason::TargetCapacity,
            ));
        }
        if self.startup_s > 3_600 {
            return Err(ConfigError::new(
                "startup_s",
                ConfigReason::StartupOverHour {
                    startup_s: self.startup_s,
                },
            ));
        }
        validate_health_check(&self.health_check)?;
        validate_version("blue", &self.blue)?;
        validate_version("green", &self.green)?;
        if self.deploy_at_s >= self.duration_s {
            return Err(ConfigError::new(
                "deploy_at_s",
                ConfigReason::DeployAfterEnd {
                    deploy_at_s: self.deploy_at_s,
                    duration_s: self.duration_s,
                },
            ));
        }
        validate_strategy(&self.strategy, self.fleet_size)?;
        let group = &self.deployment_group;
        for (i, alarm) in group.alarms.iter().enumerate() {
            if alarm.name.trim().is_empty() {
                return Err(ConfigError::new(
                    format!("deployment_group.alarms[{i}].name"),
                    ConfigReason::EmptyAlarmName,
                ));
            }
            alarm.alarm.validate().map_err(|error| {
                ConfigError::new(
                    format!("deployment_group.alarms[{i}].{}", error.field),
                    ConfigReason::Alarm(error.reason),
                )
            })?;
        }
        if group.blue_termination.wait_s > MAX_TERMINATION_WAIT_S {
            return Err(ConfigError::new(
                "deployment_group.blue_termination.wait_s",
                ConfigReason::TerminationWait,
            ));
        }
        for (i, fault) in self.faults.iter().enumerate() {
            validate_fault(i, fault, self.duration_s)?;
        }
        Ok(())
    }
}

/// Whether a number is finite and within an inclusive range.
fn within(value: f64, low: f64, high: f64) -> bool {
    value.is_finite() && value >= low && value <= high
}

/// Checks a traffic shape.
fn validate_traffic(traffic: &Traffic) -> Result<(), ConfigError> {
    let rps_ok = |rps: f64| within(rps, 0.0, 1_000_000.0);
    let rps_error = || ConfigError::new("traffic", ConfigReason::RequestRate);
    match *traffic {
        Traffic::Steady { rps } => {
            if !rps_ok(rps) {
                return Err(rps_error());
            }
        }
        Traffic::Diurnal {
            mean_rps,
            amplitude_percent,
            period_s,
        } => {
            if !rps_ok(mean_rps) {
                return Err(rps_error());
            }
            if !within(amplitude_percent, 0.0, 100.0) {
                return Err(ConfigError::new(
                    "traffic.amplitude_percent",
                    ConfigReason::Amplitude {
                        percent: amplitude_percent,
                    },
                ));
            }
            if period_s == 0 {
                return Err(ConfigError::new(
                    "traffic.period_s",
                    ConfigReason::DiurnalPeriod,
                ));
            }
        }
        Traffic::Spike {
            rps,
            duration_s,
            multiplier,
            ..
        } => {
            if !rps_ok(rps) {
                return Err(rps_error());
            }
            validate_spike("traffic", duration_s, multiplier)?;
        }
    }
    Ok(())
}

/// Checks the duration and factor of a spike.
fn validate_spike(field: &str, duration_s: u32, multiplier: f64) -> Result<(), ConfigError> {
    if duration_s == 0 {
        return Err(ConfigError::new(
            format!("{field}.duration_s"),
            ConfigReason::SpikeDuration,
        ));
    }
    if !within(multiplier, 0.0, 100.0) {
        return Err(ConfigError::new(
            format!("{field}.multiplier"),
            ConfigReason::SpikeMultiplier { multiplier },
        ));
    }
    Ok(())
}

/// Checks the health check against the Application Load Balancer's limits.
fn validate_health_check(check: &HealthCheck) -> Result<(), ConfigError> {
    if !(5..=300).contains(&check.interval_s) {
        return Err(ConfigError::new(
            "health_check.interval_s",
            ConfigReason::HealthCheckInterval {
                interval_s: check.interval_s,
            },
        ));
    }
    for (field, value) in [
        ("health_check.healthy_threshold", check.healthy_threshold),
        (
            "health_check.unhealthy_threshold",
            check.unhealthy_threshold,
        ),
    ] {
        if !(2..=10).contains(&value) {
            return Err(ConfigError::new(
                field,
                ConfigReason::HealthCheckThreshold { threshold: value },
            ));
        }
    }
    Ok(())
}

/// Checks one version's error rate and latencies.
fn validate_version(name: &str, version: &Version) -> Result<(), ConfigError> {
    if !within(version.error_rate, 0.0, 1.0) {
        return Err(ConfigError::new(
            format!("{name}.error_rate"),
            ConfigReason::ErrorRate {
                error_rate: version.error_rate,
            },
        ));
    }
    if !within(version.p50_ms, 0.001, 600_000.0) {
        return Err(ConfigError::new(
            format!("{name}.p50_ms"),
            ConfigReason::MedianLatency,
        ));
    }
    if !within(version.p99_ms, version.p50_ms, 600_000.0) {
        return Err(ConfigError::new(
            format!("{name}.p99_ms"),
            ConfigReason::P99Latency {
                p99_ms: version.p99_ms,
                p50_ms: version.p50_ms,
            },
        ));
    }
    Ok(())
}

/// Checks a percentage between `low` and 100.
fn validate_percent(field: &str, percent: u32, low: u32, high: u32) -> Result<(), ConfigError> {
    if percent < low || percent > high {
        return Err(ConfigError::new(
            field,
            ConfigReason::Percent { percent, low, high },
        ));
    }
    Ok(())
}

/// Checks a batch size.
fn validate_batch(batch: Amount, fleet: u32) -> Result<(), ConfigError> {
    match batch {
        Amount::Count(0) | Amount::MostConcurrency(0) => {
            Err(ConfigError::new("strategy.batch", ConfigReason::EmptyBatch))
        }
        Amount::Count(count) | Amount::MostConcurrency(count) if count > fleet => {
            Err(ConfigError::new(
                "strategy.batch",
                ConfigReason::BatchOverFleet { count, fleet },
            ))
        }
        Amount::Percent(percent) => validate_percent("strategy.batch", percent, 1, 100),
        Amount::Count(_) | Amount::MostConcurrency(_) => Ok(()),
    }
}

/// Checks a minimum of healthy hosts: a percentage from 0 to 100, and room to deploy to at
/// least one instance.
fn validate_min_healthy(min_healthy: Amount, fleet: u32) -> Result<(), ConfigError> {
    if let Amount::Percent(percent) = min_healthy {
        validate_percent("strategy.min_healthy", percent, 0, 100)?;
    }
    let minimum = min_healthy.ceil_of(fleet);
    if minimum >= fleet {
        return Err(ConfigError::new(
            "strategy.min_healthy",
            ConfigReason::NoRoomToDeploy {
                min_healthy,
                fleet,
                minimum,
            },
        ));
    }
    Ok(())
}

/// Checks a strategy against the fleet size.
fn validate_strategy(strategy: &Strategy, fleet: u32) -> Result<(), ConfigError> {
    match strategy {
        Strategy::AllAtOnce => Ok(()),
        Strategy::InPlace { min_healthy } => validate_min_healthy(*min_healthy, fleet),
        Strategy::Rolling { batch, min_healthy } => {
            validate_batch(*batch, fleet)?;
            validate_min_healthy(*min_healthy, fleet)
        }
        Strategy::RollingWithAdditionalBatch { batch } => validate_batch(*batch, fleet),
        Strategy::BlueGreen {
            shift,
            test_traffic_s,
            test_rps,
        } => {
            match *shift {
                TrafficShift::AllAtOnce => {}
                TrafficShift::Canary { percent, bake_s } => {
                    validate_percent("strategy.shift.percent", percent, 1, 99)?;
                    if bake_s == 0 {
                        return Err(ConfigError::new(
                            "strategy.shift.bake_s",
                            ConfigReason::CanaryBake,
                        ));
                    }
                }
                TrafficShift::Linear {
                    step_percent,
                    interval_s,
                } => {
                    validate_percent("strategy.shift.step_percent", step_percent, 1, 100)?;
                    if interval_s == 0 {
                        return Err(ConfigError::new(
                            "strategy.shift.interval_s",
                            ConfigReason::LinearInterval,
                        ));
                    }
                }
            }
            if !within(*test_rps, 0.0, 1_000_000.0) {
                return Err(ConfigError::new(
                    "strategy.test_rps",
                    ConfigReason::TestRate,
                ));
            }
            if *test_traffic_s > MAX_DURATION_S {
                return Err(ConfigError::new(
                    "strategy.test_traffic_s",
                    ConfigReason::TestTrafficOverDay,
                ));
            }
            Ok(())
        }
    }
}

/// Checks one fault.
fn validate_fault(i: usize, fault: &Fault, duration_s: u32) -> Result<(), ConfigError> {
    let field = format!("faults[{i}]");
    if fault.at_s() >= duration_s {
        return Err(ConfigError::new(
            format!("{field}.at_s"),
            ConfigReason::FaultAfterEnd {
                at_s: fault.at_s(),
                duration_s,
            },
        ));
    }
    match *fault {
        Fault::BadRelease {
            error_rate,
            latency_factor,
            ..
        } => {
            if !within(error_rate, 0.0, 1.0) {
                return Err(ConfigError::new(
                    format!("{field}.error_rate"),
                    ConfigReason::ErrorRate { error_rate },
                ));
            }
            if !within(latency_factor, 0.01, 1_000.0) {
                return Err(ConfigError::new(
                    format!("{field}.latency_factor"),
                    ConfigReason::LatencyFactor {
                        factor: latency_factor,
                    },
                ));
            }
        }
        Fault::InstanceCrash { count, .. } => {
            if count == 0 {
                return Err(ConfigError::new(
                    format!("{field}.count"),
                    ConfigReason::EmptyCrash,
                ));
            }
        }
        Fault::TrafficSpike {
            duration_s,
            multiplier,
            ..
        } => validate_spike(&field, duration_s, multiplier)?,
    }
    Ok(())
}

/// The predefined configurations' names among `near` as read back (postcard, from the parsers
/// worker): the names are this crate's own `&'static str`s, so an unknown one is dropped.
#[cfg(feature = "serde")]
fn predefined_names<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<&'static str>, D::Error> {
    let names = <Vec<String> as serde::Deserialize>::deserialize(d)?;
    Ok(names
        .iter()
        .filter_map(|n| {
            super::predefined::PREDEFINED
                .iter()
                .map(|p| p.name)
                .find(|known| known == n)
        })
        .collect())
}
