//! A deployment's strategy, alarm and deployment group as plain data, and the engine
//! configuration they stand for: the one mapping that labs (from a learner's answers, see
//! `scenario`) and the deployment sandbox (from its form and URL) share, with one set of names.
use engine::alarm::{ComparisonOperator, Statistic, TreatMissingData};
use engine::deploy::{
    predefined, AlarmMetric, Amount, AutoRollback, BlueTermination, DeploymentAlarm,
    DeploymentGroup, InstanceAction, RollbackEvent, Strategy, TrafficShift, PREDEFINED,
};

/// The kind of strategy chosen in the configurator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    AllAtOnce,
    /// CodeDeploy in place: minimum healthy hosts only.
    InPlace,
    /// Elastic Beanstalk `Rolling` / an Auto Scaling rolling update: a batch size.
    Rolling,
    RollingAdditionalBatch,
    BlueGreen,
    Canary,
    Linear,
    Predefined,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::AllAtOnce,
        Kind::InPlace,
        Kind::Rolling,
        Kind::RollingAdditionalBatch,
        Kind::BlueGreen,
        Kind::Canary,
        Kind::Linear,
        Kind::Predefined,
    ];

    /// The query and form value (the lab model's strategy id where it has one).
    pub fn id(self) -> &'static str {
        match self {
            Kind::AllAtOnce => "all-at-once",
            Kind::InPlace => "in-place",
            Kind::Rolling => "rolling",
            Kind::RollingAdditionalBatch => "rolling-additional-batch",
            Kind::BlueGreen => "blue-green",
            Kind::Canary => "canary",
            Kind::Linear => "linear",
            Kind::Predefined => "predefined",
        }
    }

    /// The kind with this id; `rolling-batch`, the id before the lab model's was adopted, still
    /// reads (links shared earlier keep working).
    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "rolling-batch" => Some(Kind::RollingAdditionalBatch),
            _ => Kind::ALL.into_iter().find(|k| k.id() == text),
        }
    }

    /// Whether it shifts traffic to a replacement fleet.
    pub fn is_blue_green(self) -> bool {
        matches!(self, Kind::BlueGreen | Kind::Canary | Kind::Linear)
    }
}

/// How a blue/green deployment shifts traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftKind {
    AllAtOnce,
    Canary,
    Linear,
}

impl ShiftKind {
    pub const ALL: [ShiftKind; 3] = [ShiftKind::AllAtOnce, ShiftKind::Canary, ShiftKind::Linear];

    pub fn id(self) -> &'static str {
        match self {
            ShiftKind::AllAtOnce => "all-at-once",
            ShiftKind::Canary => "canary",
            ShiftKind::Linear => "linear",
        }
    }

    pub fn parse(text: &str) -> Option<ShiftKind> {
        ShiftKind::ALL.into_iter().find(|k| k.id() == text)
    }
}

/// A strategy and its parameters (the compare view has a second one).
#[derive(Debug, Clone, PartialEq)]
pub struct StrategySetup {
    pub kind: Kind,
    /// Rolling: the batch size.
    pub batch: Amount,
    /// In place and rolling: the minimum healthy hosts.
    pub min_healthy: Amount,
    /// Blue/green: how traffic shifts.
    pub shift: ShiftKind,
    /// Canary: the first share, in percent.
    pub canary_percent: u32,
    /// Canary: minutes before the rest is shifted.
    pub bake_min: u32,
    /// Linear: the share of each step, in percent.
    pub step_percent: u32,
    /// Linear: minutes between steps.
    pub interval_min: u32,
    /// Blue/green: seconds of test traffic before the first shift.
    pub test_s: u32,
    /// Blue/green: requests per second of test traffic.
    pub test_rps: f64,
    /// Predefined: the exact CodeDeploy name.
    pub name: String,
}

impl Default for StrategySetup {
    fn default() -> StrategySetup {
        StrategySetup {
            kind: Kind::Canary,
            batch: Amount::Percent(25),
            min_healthy: Amount::Percent(75),
            shift: ShiftKind::AllAtOnce,
            canary_percent: 10,
            bake_min: 5,
            step_percent: 10,
            interval_min: 1,
            test_s: 0,
            test_rps: 0.0,
            name: PREDEFINED[5].name.to_string(),
        }
    }
}

impl StrategySetup {
    /// The same parameters with another kind.
    pub fn with_kind(&self, kind: Kind) -> StrategySetup {
        StrategySetup {
            kind,
            ..self.clone()
        }
    }

    /// The engine's strategy, or the error of an unknown predefined name.
    pub fn strategy(&self) -> Result<Strategy, engine::deploy::ConfigError> {
        let shift = |shift: TrafficShift| Strategy::BlueGreen {
            shift,
            test_traffic_s: self.test_s,
            test_rps: self.test_rps,
        };
        let canary = TrafficShift::Canary {
            percent: self.canary_percent,
            bake_s: self.bake_min.saturating_mul(60),
        };
        let linear = TrafficShift::Linear {
            step_percent: self.step_percent,
            interval_s: self.interval_min.saturating_mul(60),
        };
        Ok(match self.kind {
            Kind::AllAtOnce => Strategy::AllAtOnce,
            Kind::InPlace => Strategy::InPlace {
                min_healthy: self.min_healthy,
            },
            Kind::Rolling => Strategy::Rolling {
                batch: self.batch,
                min_healthy: self.min_healthy,
            },
            Kind::RollingAdditionalBatch => {
                Strategy::RollingWithAdditionalBatch { batch: self.batch }
            }
            Kind::BlueGreen => shift(match self.shift {
                ShiftKind::AllAtOnce => TrafficShift::AllAtOnce,
                ShiftKind::Canary => canary,
                ShiftKind::Linear => linear,
            }),
            Kind::Canary => shift(canary),
            Kind::Linear => shift(linear),
            Kind::Predefined => predefined(&self.name)?,
        })
    }
}

/// The id of a rollback alarm's metric, in lab files (a choice's option ids) and the
/// sandbox's URL alike.
pub fn metric_id(metric: AlarmMetric) -> &'static str {
    match metric {
        AlarmMetric::ErrorRatePercent => "error_rate",
        AlarmMetric::GreenErrorRatePercent => "green_error_rate",
        AlarmMetric::P99LatencyMs => "p99_latency",
    }
}

pub const METRICS: [AlarmMetric; 3] = [
    AlarmMetric::ErrorRatePercent,
    AlarmMetric::GreenErrorRatePercent,
    AlarmMetric::P99LatencyMs,
];

/// The metric with this id; the hyphenated ids of the sandbox's first links still read.
pub fn parse_metric(text: &str) -> Option<AlarmMetric> {
    let text = text.replace('-', "_");
    METRICS.into_iter().find(|m| metric_id(*m) == text)
}

/// The deployment alarm's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmSetup {
    pub metric: AlarmMetric,
    /// Percent for error rates, milliseconds for latency.
    pub threshold: f64,
    pub period_s: u32,
    /// N: evaluation periods.
    pub n: u32,
    /// M: datapoints to alarm.
    pub m: u32,
    pub missing: TreatMissingData,
}

impl Default for AlarmSetup {
    fn default() -> AlarmSetup {
        AlarmSetup {
            metric: AlarmMetric::ErrorRatePercent,
            threshold: 1.0,
            period_s: 60,
            n: 3,
            m: 2,
            missing: TreatMissingData::NotBreaching,
        }
    }
}

impl AlarmSetup {
    /// The alarm's name, as the configuration text and the event log show it (the lab model's
    /// and the engine's names).
    pub fn name(&self) -> &'static str {
        match self.metric {
            AlarmMetric::ErrorRatePercent => "HighErrorRate",
            AlarmMetric::GreenErrorRatePercent => "NewVersionErrorRate",
            AlarmMetric::P99LatencyMs => "HighLatency",
        }
    }

    /// The engine's deployment alarm.
    pub fn alarm(&self) -> DeploymentAlarm {
        let mut alarm = match self.metric {
            AlarmMetric::P99LatencyMs => {
                DeploymentAlarm::p99_latency(self.threshold, self.period_s, self.m, self.n)
            }
            _ => DeploymentAlarm::error_rate(self.threshold, self.period_s, self.m, self.n),
        };
        alarm.name = self.name().to_string();
        alarm.metric = self.metric;
        alarm.alarm.treat_missing_data = self.missing;
        alarm.alarm.comparison_operator = ComparisonOperator::GreaterThanThreshold;
        if self.metric != AlarmMetric::P99LatencyMs {
            alarm.alarm.statistic = Statistic::Average;
        }
        alarm
    }
}

/// The deployment group's settings besides its alarms: automatic rollback and what becomes
/// of the original fleet after a blue/green deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSetup {
    /// `autoRollbackConfiguration` with `DEPLOYMENT_STOP_ON_ALARM`.
    pub rollback_on_alarm: bool,
    /// `autoRollbackConfiguration` with `DEPLOYMENT_FAILURE`.
    pub rollback_on_failure: bool,
    /// `terminateBlueInstancesOnDeploymentSuccess.action`: `KEEP_ALIVE` rather than `TERMINATE`.
    pub keep_alive: bool,
    /// `terminationWaitTimeInMinutes`.
    pub wait_min: u32,
}

impl Default for GroupSetup {
    /// Rollback on both events (what the labs and the sandbox start from), blue terminated
    /// at once.
    fn default() -> GroupSetup {
        GroupSetup {
            rollback_on_alarm: true,
            rollback_on_failure: true,
            keep_alive: false,
            wait_min: 0,
        }
    }
}

impl GroupSetup {
    /// The events that roll back, in the API's order.
    pub fn events(&self) -> Vec<RollbackEvent> {
        let mut events = Vec::new();
        if self.rollback_on_failure {
            events.push(RollbackEvent::DeploymentFailure);
        }
        if self.rollback_on_alarm {
            events.push(RollbackEvent::DeploymentStopOnAlarm);
        }
        events
    }

    /// The engine's deployment group with these alarms.
    pub fn group(&self, alarms: Vec<DeploymentAlarm>) -> DeploymentGroup {
        let events = self.events();
        DeploymentGroup {
            alarms,
            auto_rollback: AutoRollback {
                enabled: !events.is_empty(),
                events,
            },
            blue_termination: BlueTermination {
                action: if self.keep_alive {
                    InstanceAction::KeepAlive
                } else {
                    InstanceAction::Terminate
                },
                wait_s: self.wait_min.saturating_mul(60),
            },
        }
    }
}
