//! Deployment scenarios (`labs/<id>/data/*.toml`) and building a simulation from a learner's answers.
//!
//! A scenario fixes everything but the strategy: the fleet, its traffic, the two versions,
//! the deployment group's rollback and blue/green settings, and named variants (a good
//! release, a bad one…) that add faults. The lab's `[[simulations]]` says which inputs
//! choose the strategy, the alarm and the settings a lab lets the learner change; the engine
//! (`engine::deploy`) does the rest. Serde lives here; the engine gets plain types.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::reasons::config_error;
use super::setup::{parse_metric, AlarmSetup, Kind, ShiftKind, StrategySetup};
use crate::answer::{Answer, Answers, Unread};
pub use crate::family::BuildError;
use crate::lang::{Lang, Wording, T};
use engine::alarm::TreatMissingData;
use engine::deploy::{
    AlarmMetric, Amount, AutoRollback, BlueTermination, DeploymentGroup, Fault, InstanceAction,
    RollbackEvent, SimConfig, Strategy, Traffic, Version,
};

/// A scenario file as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    seed: u64,
    duration_minutes: u32,
    fleet_size: u32,
    target_capacity_rps: f64,
    #[serde(default = "default_startup")]
    startup_seconds: u32,
    deploy_at_minutes: u32,
    traffic: TrafficSpec,
    blue: VersionSpec,
    green: VersionSpec,
    /// The deployment group's settings; without them, the API's defaults (no automatic
    /// rollback, blue terminated at once).
    #[serde(default)]
    deployment_group: GroupSpec,
    variants: BTreeMap<String, VariantSpec>,
}

/// `[deployment_group]`: `auto_rollback_events` (CodeDeploy's event names; an empty list
/// disables automatic rollback) and `termination` (`action` TERMINATE or KEEP_ALIVE,
/// `wait_minutes` up to 2880).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupSpec {
    #[serde(default)]
    auto_rollback_events: Vec<String>,
    #[serde(default)]
    termination: Option<TerminationSpec>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TerminationSpec {
    action: String,
    #[serde(default)]
    wait_minutes: u32,
}

impl GroupSpec {
    /// The engine's deployment group (without alarms: the lab's inputs add them).
    fn group(&self) -> Result<DeploymentGroup, String> {
        let events = parse_events(self.auto_rollback_events.iter().map(String::as_str))?;
        let blue_termination = match &self.termination {
            None => BlueTermination::default(),
            Some(t) => BlueTermination {
                action: match t.action.as_str() {
                    "TERMINATE" => InstanceAction::Terminate,
                    "KEEP_ALIVE" => InstanceAction::KeepAlive,
                    other => {
                        return Err(format!(
                            "termination action \"{other}\" is neither TERMINATE nor KEEP_ALIVE"
                        ))
                    }
                },
                wait_s: t.wait_minutes.saturating_mul(60),
            },
        };
        Ok(DeploymentGroup {
            alarms: Vec::new(),
            auto_rollback: AutoRollback {
                enabled: !events.is_empty(),
                events,
            },
            blue_termination,
        })
    }
}

/// CodeDeploy's rollback event names, each known and listed once.
fn parse_events<'a>(names: impl Iterator<Item = &'a str>) -> Result<Vec<RollbackEvent>, String> {
    let mut events = Vec::new();
    for name in names {
        let event = RollbackEvent::parse(name).ok_or_else(|| {
            format!(
                "\"{name}\" is not a rollback event (DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM or DEPLOYMENT_STOP_ON_REQUEST)"
            )
        })?;
        if events.contains(&event) {
            return Err(format!("rollback event {name} is listed twice"));
        }
        events.push(event);
    }
    Ok(events)
}

fn default_startup() -> u32 {
    60
}

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "shape", rename_all = "snake_case", deny_unknown_fields)]
enum TrafficSpec {
    Steady {
        rps: f64,
    },
    Diurnal {
        mean_rps: f64,
        amplitude_percent: f64,
        period_minutes: u32,
    },
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionSpec {
    error_rate_percent: f64,
    p50_ms: f64,
    p99_ms: f64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VariantSpec {
    title: String,
    #[serde(default)]
    faults: Vec<FaultSpec>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum FaultSpec {
    BadRelease {
        at_seconds: u32,
        error_rate_percent: f64,
        #[serde(default = "one")]
        latency_factor: f64,
    },
    InstanceCrash {
        at_seconds: u32,
        count: u32,
    },
    TrafficSpike {
        at_seconds: u32,
        duration_seconds: u32,
        multiplier: f64,
    },
}

fn one() -> f64 {
    1.0
}

/// One variant of a scenario, ready to simulate once a strategy is chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub id: String,
    pub title: String,
    /// The simulation with a placeholder strategy and no alarm.
    pub base: SimConfig,
}

impl ScenarioSpec {
    /// The variants, each a full base configuration, validated by the engine.
    pub fn variants(&self) -> Result<Vec<Variant>, String> {
        if self.variants.is_empty() {
            return Err("a scenario needs at least one [variants.<id>]".into());
        }
        let version = |v: VersionSpec| Version {
            error_rate: v.error_rate_percent / 100.0,
            p50_ms: v.p50_ms,
            p99_ms: v.p99_ms,
        };
        let traffic = match &self.traffic {
            TrafficSpec::Steady { rps } => Traffic::Steady { rps: *rps },
            TrafficSpec::Diurnal {
                mean_rps,
                amplitude_percent,
                period_minutes,
            } => Traffic::Diurnal {
                mean_rps: *mean_rps,
                amplitude_percent: *amplitude_percent,
                period_s: period_minutes.saturating_mul(60),
            },
        };
        let group = self.deployment_group.group()?;
        self.variants
            .iter()
            .map(|(id, v)| {
                let faults = v
                    .faults
                    .iter()
                    .map(|f| match *f {
                        FaultSpec::BadRelease {
                            at_seconds,
                            error_rate_percent,
                            latency_factor,
                        } => Fault::BadRelease {
                            at_s: at_seconds,
                            error_rate: error_rate_percent / 100.0,
                            latency_factor,
                        },
                        FaultSpec::InstanceCrash { at_seconds, count } => Fault::InstanceCrash {
                            at_s: at_seconds,
                            count,
                        },
                        FaultSpec::TrafficSpike {
                            at_seconds,
                            duration_seconds,
                            multiplier,
                        } => Fault::TrafficSpike {
                            at_s: at_seconds,
                            duration_s: duration_seconds,
                            multiplier,
                        },
                    })
                    .collect();
                let base = SimConfig {
                    seed: self.seed,
                    duration_s: self.duration_minutes.saturating_mul(60),
                    traffic: traffic.clone(),
                    fleet_size: self.fleet_size,
                    target_capacity_rps: self.target_capacity_rps,
                    startup_s: self.startup_seconds,
                    blue: version(self.blue),
                    green: version(self.green),
                    deploy_at_s: self.deploy_at_minutes.saturating_mul(60),
                    strategy: Strategy::AllAtOnce,
                    deployment_group: group.clone(),
                    faults,
                    ..SimConfig::default()
                };
                base.validate()
                    .map_err(|e| format!("variant \"{id}\": {}", config_error(&e).get(Lang::En)))?;
                Ok(Variant {
                    id: id.clone(),
                    title: v.title.clone(),
                    base,
                })
            })
            .collect()
    }
}

/// Which inputs configure a simulation (`[simulations.inputs]` in lab.toml). Each field
/// names an input; a missing field keeps the engine's default.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulationInputs {
    /// A choice input whose option ids are CodeDeploy predefined configuration names or
    /// one of [`CUSTOM_STRATEGIES`], configured by the inputs below.
    pub configuration: String,
    /// Number inputs for `rolling` and `rolling-additional-batch` (percent of the fleet).
    #[serde(default)]
    pub batch_percent: Option<String>,
    /// A number input for `in-place` and `rolling` (percent of the fleet, rounded up as
    /// CodeDeploy does).
    #[serde(default)]
    pub min_healthy_percent: Option<String>,
    /// A number input for the deployment group's `terminationWaitTimeInMinutes`: minutes blue
    /// lives on after the last shift.
    #[serde(default)]
    pub termination_wait_minutes: Option<String>,
    /// A choice input for the deployment group's `autoRollbackConfiguration`: option ids are
    /// `none` or CodeDeploy's event names joined by `+`, such as
    /// `DEPLOYMENT_FAILURE+DEPLOYMENT_STOP_ON_ALARM`. Without it, the scenario's setting.
    #[serde(default)]
    pub auto_rollback: Option<String>,
    /// A choice input: `none`, `error_rate` (all traffic) or `green_error_rate` (the new version only).
    #[serde(default)]
    pub alarm_metric: Option<String>,
    /// Number inputs for the rollback alarm.
    #[serde(default)]
    pub alarm_threshold_percent: Option<String>,
    #[serde(default)]
    pub alarm_datapoints_to_alarm: Option<String>,
    #[serde(default)]
    pub alarm_evaluation_periods: Option<String>,
}

/// Strategy ids a configuration option may use besides CodeDeploy's predefined names.
pub const CUSTOM_STRATEGIES: &[&str] = &[
    "in-place",
    "rolling",
    "rolling-additional-batch",
    "blue-green",
];

/// The alarm period the labs use, in seconds (CloudWatch's standard one-minute metrics).
pub const ALARM_PERIOD_S: u32 = 60;

/// Builds the configuration a learner's answers describe, for one variant; why the answers
/// make none is a `Wording` (the engine's own range checks stay in its words).
pub fn build(
    inputs: &SimulationInputs,
    variant: &Variant,
    answers: &Answers,
) -> Result<SimConfig, BuildError> {
    let choice = |id: &str| -> Result<String, BuildError> {
        answers
            .get(id)
            .map(Answer::choices)
            .and_then(|c| c.into_iter().next())
            .ok_or_else(|| BuildError::NotAnswered(id.to_string()))
    };
    let number = |id: &Option<String>, default: f64| -> Result<f64, BuildError> {
        let Some(id) = id else {
            return Ok(default);
        };
        match answers.get(id).map(Answer::number) {
            None | Some(Err(Unread::Empty)) => Err(BuildError::NotAnswered(id.clone())),
            Some(Err(Unread::Ambiguous(a))) => Err(BuildError::Invalid(
                crate::check::verdict::ambiguous_reason(&a),
            )),
            Some(Err(Unread::NotANumber(text))) => Err(BuildError::Invalid(
                Wording::new(t!(
                    "\"{text}\" is not a number",
                    "\"{text}\" không phải là số"
                ))
                .with("text", text),
            )),
            Some(Ok(n)) => Ok(n),
        }
    };
    let name = choice(&inputs.configuration)?;
    // A count of whole units (percent, minutes); the engine checks the ranges with its own messages.
    let whole_number = |id: &Option<String>, what: T| -> Result<u32, BuildError> {
        let x = number(id, 0.0)?;
        if x.fract() == 0.0 && (0.0..=1_000_000.0).contains(&x) {
            Ok(x as u32)
        } else {
            Err(BuildError::Invalid(
                Wording::new(t!(
                    "{what} must be a whole number, at least 0, not {x}",
                    "{what} phải là số nguyên, ít nhất là 0, không phải {x}"
                ))
                .with("what", what)
                .with("x", x),
            ))
        }
    };
    const BATCH: T = t!("the batch size", "kích thước batch");
    // The option id is the set-up's strategy kind, or a CodeDeploy predefined name.
    let kind = Kind::parse(&name)
        .filter(|k| CUSTOM_STRATEGIES.contains(&k.id()))
        .unwrap_or(Kind::Predefined);
    let mut strategy = StrategySetup {
        kind,
        name: name.clone(),
        ..StrategySetup::default()
    };
    let mut config = variant.base.clone();
    match kind {
        Kind::InPlace => {
            strategy.min_healthy = Amount::Percent(whole_number(
                &inputs.min_healthy_percent,
                t!("minimum healthy hosts", "số host khỏe mạnh tối thiểu"),
            )?);
        }
        Kind::Rolling => {
            strategy.batch = Amount::Percent(whole_number(&inputs.batch_percent, BATCH)?);
            strategy.min_healthy = Amount::Percent(whole_number(
                &inputs.min_healthy_percent,
                t!("minimum healthy hosts", "số host khỏe mạnh tối thiểu"),
            )?);
        }
        Kind::RollingAdditionalBatch => {
            strategy.batch = Amount::Percent(whole_number(&inputs.batch_percent, BATCH)?);
        }
        Kind::BlueGreen => {
            strategy.shift = ShiftKind::AllAtOnce;
            strategy.test_s = 0;
            strategy.test_rps = 0.0;
        }
        _ => {}
    }
    // An unanswered wait keeps the scenario's deployment group setting.
    let wait_answered = inputs.termination_wait_minutes.as_ref().is_some_and(|id| {
        !matches!(
            answers.get(id).map(Answer::number),
            None | Some(Err(Unread::Empty))
        )
    });
    if wait_answered {
        let minutes = whole_number(
            &inputs.termination_wait_minutes,
            t!("the termination wait", "thời gian chờ trước khi terminate"),
        )?;
        config.deployment_group.blue_termination.wait_s = minutes.saturating_mul(60);
    }
    // An unanswered automatic rollback keeps the scenario's deployment group setting.
    let rollback_choice = match &inputs.auto_rollback {
        Some(id) => match choice(id) {
            Err(BuildError::NotAnswered(_)) => None,
            other => Some(other?),
        },
        None => None,
    };
    if let Some(chosen) = rollback_choice {
        let events = if chosen == "none" {
            Vec::new()
        } else {
            parse_events(chosen.split('+')).map_err(|_| {
                BuildError::Invalid(
                    Wording::new(t!(
                        "unknown automatic rollback setting \"{value}\"",
                        "thiết lập rollback tự động không xác định: \"{value}\""
                    ))
                    .with("value", chosen.clone()),
                )
            })?
        };
        config.deployment_group.auto_rollback = AutoRollback {
            enabled: !events.is_empty(),
            events,
        };
    }
    config.strategy = strategy
        .strategy()
        .map_err(|e| BuildError::Invalid(config_error(&e)))?;
    // No alarm until the learner wires one: the simulation runs as soon as a configuration is chosen.
    let metric = match &inputs.alarm_metric {
        Some(id) => match choice(id) {
            Err(BuildError::NotAnswered(_)) => "none".to_string(),
            other => other?,
        },
        None => "none".to_string(),
    };
    if metric != "none" {
        let metric = parse_metric(&metric)
            .filter(|m| *m != AlarmMetric::P99LatencyMs)
            .ok_or_else(|| {
                BuildError::Invalid(
                    Wording::new(t!(
                        "unknown alarm metric \"{metric}\"",
                        "metric của alarm không xác định: \"{metric}\""
                    ))
                    .with("metric", metric),
                )
            })?;
        let threshold = number(&inputs.alarm_threshold_percent, 5.0)?;
        let whole = |x: f64, what: &str| -> Result<u32, BuildError> {
            if x.fract() == 0.0 && (1.0..=100.0).contains(&x) {
                Ok(x as u32)
            } else {
                Err(BuildError::Invalid(
                    Wording::new(t!(
                        "{what} must be a whole number from 1 to 100, not {x}",
                        "{what} phải là số nguyên từ 1 đến 100, không phải {x}"
                    ))
                    .with("what", what)
                    .with("x", x),
                ))
            }
        };
        let n = whole(
            number(&inputs.alarm_evaluation_periods, 1.0)?,
            "EvaluationPeriods",
        )?;
        let m = whole(
            number(&inputs.alarm_datapoints_to_alarm, f64::from(n))?,
            "DatapointsToAlarm",
        )?;
        if m > n {
            return Err(BuildError::Invalid(
                Wording::new(t!(
                    "DatapointsToAlarm ({m}) cannot be more than EvaluationPeriods ({n})",
                    "DatapointsToAlarm ({m}) không được lớn hơn EvaluationPeriods ({n})"
                ))
                .with("m", m)
                .with("n", n),
            ));
        }
        let alarm = AlarmSetup {
            metric,
            threshold,
            period_s: ALARM_PERIOD_S,
            n,
            m,
            missing: TreatMissingData::NotBreaching,
        };
        config.deployment_group.alarms.push(alarm.alarm());
    }
    config
        .validate()
        .map_err(|e| BuildError::Invalid(config_error(&e)))?;
    Ok(config)
}

#[cfg(all(test, feature = "files"))]
mod tests {
    use super::*;
    use engine::deploy;

    const SCENARIO: &str = r#"
seed = 1
duration_minutes = 10
fleet_size = 4
target_capacity_rps = 100
deploy_at_minutes = 1
traffic = { shape = "steady", rps = 200 }
blue = { error_rate_percent = 0.1, p50_ms = 30, p99_ms = 90 }
green = { error_rate_percent = 0.1, p50_ms = 30, p99_ms = 90 }
[variants.only]
title = "Only"
"#;

    fn variant() -> Variant {
        let spec: ScenarioSpec = toml::from_str(SCENARIO).unwrap();
        spec.variants().unwrap().remove(0)
    }

    fn inputs() -> SimulationInputs {
        SimulationInputs {
            configuration: "config".into(),
            alarm_metric: Some("metric".into()),
            alarm_threshold_percent: Some("threshold".into()),
            alarm_evaluation_periods: Some("n".into()),
            alarm_datapoints_to_alarm: Some("m".into()),
            batch_percent: Some("batch".into()),
            min_healthy_percent: Some("min".into()),
            termination_wait_minutes: None,
            auto_rollback: None,
        }
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Answer::Text(v.to_string())))
            .collect()
    }

    fn invalid(pairs: &[(&str, &str)]) -> String {
        match build(&inputs(), &variant(), &answers(pairs)) {
            Err(BuildError::Invalid(message)) => message.get(crate::lang::Lang::En),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_configuration_alone_runs_without_an_alarm() {
        let config = build(
            &inputs(),
            &variant(),
            &answers(&[("config", "CodeDeployDefault.OneAtATime")]),
        )
        .unwrap();
        assert!(config.deployment_group.alarms.is_empty());
        assert_eq!(config.fleet_size, 4);
    }

    #[test]
    fn nothing_chosen_means_not_answered() {
        assert_eq!(
            build(&inputs(), &variant(), &Answers::new()),
            Err(BuildError::NotAnswered("config".into()))
        );
    }

    #[test]
    fn a_wired_alarm_uses_the_learners_m_of_n() {
        let a = answers(&[
            ("config", "CodeDeployDefault.ECSCanary10Percent5Minutes"),
            ("metric", "green_error_rate"),
            ("threshold", "2,5"),
            ("n", "3"),
            ("m", "2"),
        ]);
        let config = build(&inputs(), &variant(), &a).unwrap();
        let alarm = &config.deployment_group.alarms[0];
        assert_eq!(alarm.metric, deploy::AlarmMetric::GreenErrorRatePercent);
        assert_eq!(alarm.alarm.threshold, 2.5);
        assert_eq!(
            (
                alarm.alarm.datapoints_to_alarm,
                alarm.alarm.evaluation_periods
            ),
            (Some(2), 3)
        );
    }

    #[test]
    fn bad_answers_get_clear_messages() {
        let canary = ("config", "CodeDeployDefault.ECSCanary10Percent5Minutes");
        let m = invalid(&[
            canary,
            ("metric", "error_rate"),
            ("threshold", "5"),
            ("n", "2"),
            ("m", "3"),
        ]);
        assert_eq!(
            m,
            "DatapointsToAlarm (3) cannot be more than EvaluationPeriods (2)"
        );
        let m = invalid(&[
            canary,
            ("metric", "error_rate"),
            ("threshold", "five"),
            ("n", "1"),
            ("m", "1"),
        ]);
        assert_eq!(m, "\"five\" is not a number");
        let m = invalid(&[
            canary,
            ("metric", "error_rate"),
            ("threshold", "5"),
            ("n", "1.5"),
            ("m", "1"),
        ]);
        assert!(
            m.contains("EvaluationPeriods must be a whole number"),
            "{m}"
        );
        let m = invalid(&[("config", "CodeDeployDefault.ECSCanary10percent5Minutes")]);
        assert!(
            m.contains("CodeDeployDefault.ECSCanary10Percent5Minutes"),
            "suggests the right spelling: {m}"
        );
        let m = invalid(&[("config", "rolling"), ("batch", "150"), ("min", "50")]);
        assert!(m.contains("150"), "{m}");
        let m = invalid(&[("config", "rolling"), ("batch", "-10"), ("min", "50")]);
        assert!(m.contains("whole number, at least 0"), "{m}");
    }

    #[test]
    fn bad_answers_are_worded_in_the_learners_language() {
        let a = answers(&[("config", "rolling"), ("batch", "2,5"), ("min", "50")]);
        match build(&inputs(), &variant(), &a) {
            Err(BuildError::Invalid(m)) => assert_eq!(
                m.get(crate::Lang::Vi),
                "kích thước batch phải là số nguyên, ít nhất là 0, không phải 2,5"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_deployment_group_comes_from_the_scenario_and_the_learner() {
        let spec = format!(
            "{SCENARIO}\n[deployment_group]\nauto_rollback_events = [\"DEPLOYMENT_FAILURE\"]\ntermination = {{ action = \"KEEP_ALIVE\", wait_minutes = 7 }}\n"
        );
        // Tables come after the variants in SCENARIO: move [deployment_group] before them.
        let spec = spec.replace("[variants.only]\ntitle = \"Only\"\n", "")
            + "[variants.only]\ntitle = \"Only\"\n";
        let spec: ScenarioSpec = toml::from_str(&spec).unwrap();
        let variant = spec.variants().unwrap().remove(0);
        let group = &variant.base.deployment_group;
        assert_eq!(
            group.auto_rollback,
            deploy::AutoRollback::on(&[deploy::RollbackEvent::DeploymentFailure])
        );
        assert_eq!(
            group.blue_termination,
            deploy::BlueTermination {
                action: deploy::InstanceAction::KeepAlive,
                wait_s: 420
            }
        );
        let inputs = SimulationInputs {
            configuration: "config".into(),
            auto_rollback: Some("rollback".into()),
            termination_wait_minutes: Some("wait".into()),
            ..SimulationInputs::default()
        };
        let canary = ("config", "CodeDeployDefault.ECSCanary10Percent5Minutes");
        // Unanswered, the scenario's settings stay.
        let config = build(&inputs, &variant, &answers(&[canary])).unwrap();
        assert_eq!(config.deployment_group, *group);
        // Answered, the learner's.
        let a = answers(&[
            canary,
            ("rollback", "DEPLOYMENT_FAILURE+DEPLOYMENT_STOP_ON_ALARM"),
            ("wait", "15"),
        ]);
        let config = build(&inputs, &variant, &a).unwrap();
        assert!(config
            .deployment_group
            .auto_rollback
            .rolls_back_on(deploy::RollbackEvent::DeploymentStopOnAlarm));
        assert_eq!(config.deployment_group.blue_termination.wait_s, 900);
        let none = build(&inputs, &variant, &answers(&[canary, ("rollback", "none")])).unwrap();
        assert!(!none.deployment_group.auto_rollback.enabled);
        match build(
            &inputs,
            &variant,
            &answers(&[canary, ("rollback", "ALWAYS")]),
        ) {
            Err(BuildError::Invalid(m)) => {
                assert!(m.get(crate::Lang::En).contains("ALWAYS"))
            }
            other => panic!("{other:?}"),
        }
        // A scenario with an unknown event or action is rejected with the name.
        let bad = SCENARIO.replace(
            "[variants.only]",
            "[deployment_group]\nauto_rollback_events = [\"ON_ALARM\"]\n[variants.only]",
        );
        let spec: ScenarioSpec = toml::from_str(&bad).unwrap();
        assert!(spec.variants().unwrap_err().contains("ON_ALARM"));
    }

    #[test]
    fn codedeploy_in_place_takes_only_the_minimum_healthy_hosts() {
        let a = answers(&[("config", "in-place"), ("min", "65")]);
        let config = build(&inputs(), &variant(), &a).unwrap();
        assert_eq!(
            config.strategy,
            deploy::Strategy::InPlace {
                min_healthy: deploy::Amount::Percent(65)
            }
        );
        let m = invalid(&[("config", "in-place"), ("min", "100")]);
        assert!(m.contains("no instance to deploy to"), "{m}");
    }

    #[test]
    fn measures_read_the_summary() {
        use super::super::Measure;
        let config = build(
            &inputs(),
            &variant(),
            &answers(&[("config", "CodeDeployDefault.AllAtOnce")]),
        )
        .unwrap();
        let summary = deploy::simulate(&config).unwrap().summary;
        assert!(
            Measure::OutageSeconds.of(&summary).unwrap() > 0.0,
            "all at once in place has an outage"
        );
        assert_eq!(Measure::RolledBack.of(&summary), Some(0.0));
        for m in Measure::ALL {
            if m != Measure::RolloutMinutes {
                assert!(m.of(&summary).is_some(), "{m:?}");
            }
        }
    }
}
