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
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Strategy {
    /// In place, every instance at once: the fleet is out of service while the new version
    /// starts.
    AllAtOnce,
    /// In place, in batches: each batch is taken out of service, updated and must pass its
    /// health checks before the next one starts. A batch never takes the number of healthy
    /// instances below `min_healthy` (a percentage is rounded up, as CodeDeploy does).
    Rolling {
        /// The largest batch (a percentage is rounded down, and is at least one instance).
        batch: Amount,
        /// The minimum number of healthy instances during the deployment.
        min_healthy: Amount,
    },
    /// Rolling with an additional batch: each step launches a batch of new instances
    /// first and terminates as many old ones once they are healthy, so capacity never drops.
    RollingWithAdditionalBatch {
        /// The batch size (a percentage is rounded down, and is at least one instance).
        batch: Amount,
    },
    /// Blue/green: a full replacement fleet is provisioned, optionally receives test
    /// traffic, then production traffic is shifted to it; the original fleet lives on for
    /// `wait_before_terminate_s` seconds, during which a rollback is instant.
    BlueGreen {
        /// How production traffic is shifted.
        shift: TrafficShift,
        /// Seconds of test traffic on the replacement fleet before the first shift.
        test_traffic_s: u32,
        /// Requests per second of that test traffic.
        test_rps: f64,
        /// Seconds between the last shift and the termination of the original fleet.
        wait_before_terminate_s: u32,
    },
}

impl Strategy {
    /// Blue/green with all traffic shifted at once, no test traffic and no wait.
    pub fn blue_green() -> Strategy {
        Strategy::BlueGreen {
            shift: TrafficShift::AllAtOnce,
            test_traffic_s: 0,
            test_rps: 0.0,
            wait_before_terminate_s: 0,
        }
    }

    /// A canary: `percent` of traffic first, the rest after `bake_s` seconds.
    pub fn canary(percent: u32, bake_s: u32) -> Strategy {
        Strategy::BlueGreen {
            shift: TrafficShift::Canary { percent, bake_s },
            test_traffic_s: 0,
            test_rps: 0.0,
            wait_before_terminate_s: 0,
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
            wait_before_terminate_s: 0,
        }
    }
}

/// The metric a rollback alarm watches, computed each second by the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RollbackMetric {
    /// 5xx responses over all requests (test traffic included), in percent.
    ErrorRatePercent,
    /// 5xx responses of the replacement (green) version over its requests, in percent;
    /// missing while green serves nothing.
    GreenErrorRatePercent,
    /// The 99th-percentile latency of served requests, in milliseconds.
    P99LatencyMs,
}

/// A CloudWatch alarm that rolls the deployment back when it goes to `ALARM`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RollbackAlarm {
    /// The alarm's name, shown in the event log.
    pub name: String,
    /// The metric it watches.
    pub metric: RollbackMetric,
    /// The alarm itself; its statistic aggregates the per-second values of each period.
    pub alarm: AlarmConfig,
}

impl RollbackAlarm {
    /// An alarm on the 5xx rate: `Average` over `period_s`, `m` of `n` datapoints above
    /// `threshold_percent`, missing data treated as `notBreaching`.
    pub fn error_rate(threshold_percent: f64, period_s: u32, m: u32, n: u32) -> RollbackAlarm {
        RollbackAlarm {
            name: "HighErrorRate".to_string(),
            metric: RollbackMetric::ErrorRatePercent,
            alarm: AlarmConfig {
                metric_name: "HTTPCode_Target_5XX_Rate".to_string(),
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
    pub fn p99_latency(threshold_ms: f64, period_s: u32, m: u32, n: u32) -> RollbackAlarm {
        RollbackAlarm {
            name: "HighLatency".to_string(),
            metric: RollbackMetric::P99LatencyMs,
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
    /// How it proceeds.
    pub strategy: Strategy,
    /// Alarms that roll the deployment back; none means no automatic rollback.
    pub rollback_alarms: Vec<RollbackAlarm>,
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
            rollback_alarms: Vec::new(),
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
        for (i, rollback) in self.rollback_alarms.iter().enumerate() {
            if rollback.name.trim().is_empty() {
                return Err(ConfigError::new(
                    format!("rollback_alarms[{i}].name"),
                    ConfigReason::EmptyAlarmName,
                ));
            }
            rollback.alarm.validate().map_err(|error| {
                ConfigError::new(
                    format!("rollback_alarms[{i}].{}", error.field),
                    ConfigReason::Alarm(error.reason),
                )
            })?;
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

/// Checks a strategy against the fleet size.
fn validate_strategy(strategy: &Strategy, fleet: u32) -> Result<(), ConfigError> {
    match strategy {
        Strategy::AllAtOnce => Ok(()),
        Strategy::Rolling { batch, min_healthy } => {
            validate_batch(*batch, fleet)?;
            if let Amount::Percent(percent) = min_healthy {
                validate_percent("strategy.min_healthy", *percent, 0, 100)?;
            }
            let minimum = min_healthy.ceil_of(fleet);
            if minimum >= fleet {
                return Err(ConfigError::new(
                    "strategy.min_healthy",
                    ConfigReason::NoRoomToDeploy {
                        min_healthy: *min_healthy,
                        fleet,
                        minimum,
                    },
                ));
            }
            Ok(())
        }
        Strategy::RollingWithAdditionalBatch { batch } => validate_batch(*batch, fleet),
        Strategy::BlueGreen {
            shift,
            test_traffic_s,
            test_rps,
            wait_before_terminate_s,
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
            if *wait_before_terminate_s > MAX_TERMINATION_WAIT_S {
                return Err(ConfigError::new(
                    "strategy.wait_before_terminate_s",
                    ConfigReason::TerminationWait,
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
