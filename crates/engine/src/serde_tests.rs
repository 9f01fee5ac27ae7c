//! With the `serde` feature, the engines' input data survives a postcard round trip unchanged.
//!
//! Postcard is not self-describing, so this also checks that the derived representations
//! need no type information from the data (no internally tagged or untagged enums).

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::alarm::{AlarmConfig, ComparisonOperator, Statistic, TreatMissingData};
use crate::deploy::{
    AlarmMetric, Amount, AutoRollback, BlueTermination, DeploymentAlarm, DeploymentGroup, Fault,
    HealthCheck, InstanceAction, RollbackEvent, SimConfig, Strategy, Traffic, TrafficShift,
    Version,
};
use crate::flags::{
    run_ab_test, AbTest, FeatureFlag, Group, Incident, PopulationSpec, Split, TargetingRule, User,
};

/// Encodes a value with postcard, decodes it, and checks that it comes back equal.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let bytes = postcard::to_allocvec(value).unwrap_or_else(|e| panic!("{value:?}: {e}"));
    let back: T = postcard::from_bytes(&bytes).unwrap_or_else(|e| panic!("{value:?}: {e}"));
    assert_eq!(&back, value);
}

/// A parsed event log (a lab's, with commits, deployments of both statuses and incidents).
#[cfg(feature = "yaml")]
#[test]
fn a_parsed_event_log_round_trips() {
    let text = include_str!("../../../labs/dora-four-keys/data/lotus-pay.yaml");
    let log = crate::dora::parse_log(text).unwrap_or_else(|e| panic!("{e}"));
    assert!(!log.commits.is_empty() && !log.incidents.is_empty());
    round_trip(&log);
}

/// An event log built in code, so the test runs without the `yaml` feature too.
#[test]
fn a_built_event_log_round_trips() {
    round_trip(&crate::fingerprint::event_log());
}

/// A simulation configuration of the browser determinism test.
#[test]
fn the_fingerprint_simulation_config_round_trips() {
    round_trip(&crate::fingerprint::deploy_config());
}

/// Simulation configurations that use every strategy, traffic shape, fault and alarm option.
#[test]
fn simulation_configs_round_trip() {
    let alarm = DeploymentAlarm {
        name: "GreenLatency".to_string(),
        metric: AlarmMetric::P99LatencyMs,
        alarm: AlarmConfig {
            statistic: Statistic::Percentile(99.5),
            comparison_operator: ComparisonOperator::GreaterThanOrEqualToThreshold,
            treat_missing_data: TreatMissingData::Breaching,
            evaluation_range: Some(7),
            datapoints_to_alarm: None,
            ..AlarmConfig::new(
                "TargetResponseTime",
                ComparisonOperator::LessThanThreshold,
                1.5,
            )
        },
    };
    let base = SimConfig {
        seed: u64::MAX,
        traffic: Traffic::Spike {
            rps: 250.5,
            at_s: 600,
            duration_s: 90,
            multiplier: 3.25,
        },
        health_check: HealthCheck {
            interval_s: 10,
            healthy_threshold: 3,
            unhealthy_threshold: 2,
        },
        green: Version {
            error_rate: 0.002,
            p50_ms: 41.0,
            p99_ms: 380.0,
        },
        deployment_group: DeploymentGroup {
            alarms: vec![DeploymentAlarm::error_rate(5.0, 60, 2, 3), alarm],
            auto_rollback: AutoRollback::on(&[RollbackEvent::DeploymentStopOnAlarm]),
            blue_termination: BlueTermination {
                action: InstanceAction::KeepAlive,
                wait_s: 600,
            },
        },
        faults: vec![
            Fault::BadRelease {
                at_s: 0,
                error_rate: 0.3,
                latency_factor: 1.5,
            },
            Fault::InstanceCrash {
                at_s: 900,
                count: 2,
            },
            Fault::TrafficSpike {
                at_s: 1_200,
                duration_s: 60,
                multiplier: 2.0,
            },
        ],
        ..SimConfig::default()
    };
    let strategies = [
        Strategy::AllAtOnce,
        Strategy::Rolling {
            batch: Amount::Count(2),
            min_healthy: Amount::Percent(75),
        },
        Strategy::RollingWithAdditionalBatch {
            batch: Amount::Percent(25),
        },
        Strategy::canary(10, 300),
        Strategy::linear(20, 60),
        Strategy::BlueGreen {
            shift: TrafficShift::AllAtOnce,
            test_traffic_s: 120,
            test_rps: 5.0,
        },
        Strategy::InPlace {
            min_healthy: Amount::MostConcurrency(1),
        },
    ];
    for strategy in strategies {
        round_trip(&SimConfig {
            strategy,
            ..base.clone()
        });
    }
    round_trip(&SimConfig {
        traffic: Traffic::Diurnal {
            mean_rps: 800.0,
            amplitude_percent: 40.0,
            period_s: 3_600,
        },
        ..SimConfig::default()
    });
}

/// Flags, users, a population's description, an incident and an A/B test with its result.
#[test]
fn flags_and_ab_tests_round_trip() {
    let flag = FeatureFlag {
        rules: vec![TargetingRule {
            attribute: "group".into(),
            equals: "staff".into(),
            serve: true,
        }],
        kill_switch_at_s: Some(1_920),
        ..FeatureFlag::rollout("one_click_checkout", 12.5)
    };
    round_trip(&flag);
    round_trip(&FeatureFlag::rollout("dark", 0.0));
    round_trip(
        &User::new("user-1")
            .with("group", "staff")
            .with("plan", "beta"),
    );
    round_trip(&PopulationSpec {
        count: 1_000,
        staff_percent: 5.0,
        seed: 7,
        attribute: "group".into(),
        staff_value: "staff".into(),
        external_value: "customer".into(),
    });
    round_trip(&Group {
        attribute: "group".into(),
        value: "staff".into(),
    });
    round_trip(&[Split::UserId, Split::SessionId]);
    round_trip(&Incident {
        at_minute: 30,
        respond_within_minutes: 5,
        duration_minutes: 60,
    });
    let test = AbTest {
        seed: 2026,
        key: "checkout-ab".into(),
        users: 6_000,
        percent_b: 50.0,
        conversion_a: 0.04,
        conversion_b: 0.045,
    };
    round_trip(&test);
    round_trip(&run_ab_test(&test).unwrap_or_else(|e| panic!("{e}")));
}
