//! Tests of the deployment simulator: predefined configurations, validation, invariants, rollback, capacity and robustness.

use super::*;
use crate::alarm::AlarmState;
use crate::numbers::Rng;

// ---------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------

/// A small, fast world: 6 targets that start in 10 s and pass 2 checks 5 s apart, 60 rps.
fn small() -> SimConfig {
    SimConfig {
        seed: 7,
        duration_s: 1_200,
        traffic: Traffic::Steady { rps: 60.0 },
        fleet_size: 6,
        target_capacity_rps: 20.0,
        startup_s: 10,
        health_check: HealthCheck {
            interval_s: 5,
            healthy_threshold: 2,
            unhealthy_threshold: 2,
        },
        deploy_at_s: 60,
        ..SimConfig::default()
    }
}

/// Runs a simulation that the test expects to be valid.
fn run(config: &SimConfig) -> Simulation {
    match simulate(config) {
        Ok(simulation) => simulation,
        Err(error) => panic!("unexpected configuration error {error:?}"),
    }
}

/// The field of the error of a configuration that must be rejected.
fn rejected(config: &SimConfig) -> String {
    match simulate(config) {
        Ok(_) => panic!("expected an error for {config:?}"),
        Err(error) => error.field,
    }
}

/// The strategy of a predefined name that must exist.
fn named(name: &str) -> Strategy {
    match predefined(name) {
        Ok(strategy) => strategy,
        Err(error) => panic!("{name}: {error:?}"),
    }
}

/// The events of one kind.
fn events(simulation: &Simulation, kind: EventKind) -> Vec<&Event> {
    simulation
        .events
        .iter()
        .filter(|e| e.kind == kind)
        .collect()
}

/// The first second of an event of one kind.
fn first(simulation: &Simulation, kind: EventKind) -> Option<u32> {
    events(simulation, kind).first().map(|e| e.t)
}

/// A rollback alarm on green's own 5xx rate: above `percent` for 2 of 3 one-minute periods.
fn green_rate_alarm(percent: f64) -> DeploymentAlarm {
    DeploymentAlarm {
        name: "GreenErrors".to_string(),
        metric: AlarmMetric::GreenErrorRatePercent,
        ..DeploymentAlarm::error_rate(percent, 60, 2, 3)
    }
}

/// A bad release from the start: 30% errors.
fn bad_from_start() -> Fault {
    Fault::BadRelease {
        at_s: 0,
        error_rate: 0.3,
        latency_factor: 1.0,
    }
}

/// Asserts that the per-second counts add up: every request is handled by exactly one
/// version or rejected, and every failure is accounted for.
fn assert_counts_add_up(simulation: &Simulation, label: &str) {
    for s in &simulation.series {
        assert_eq!(
            s.requests,
            s.blue_requests + s.green_requests + s.rejected,
            "{label} t={}",
            s.t
        );
        assert_eq!(
            s.failed,
            s.blue_errors + s.green_errors + s.rejected,
            "{label} t={}",
            s.t
        );
        assert!(s.blue_errors <= s.blue_requests && s.green_errors <= s.green_requests);
        assert!(s.test_errors <= s.test_requests);
        assert!(s.healthy_capacity == s.blue_healthy + s.green_healthy);
        assert!(s.healthy_capacity <= s.instances);
        if let (Some(p50), Some(p99)) = (s.p50_ms, s.p99_ms) {
            assert!(p50 > 0.0 && p99 >= p50, "{label} t={}", s.t);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Predefined configurations.
//
// Source: AWS CodeDeploy User Guide, "Working with deployment configurations in
// CodeDeploy", the three tables of predefined configurations; "CodeDeploy instance health".
// ---------------------------------------------------------------------------------------

/// A predefined name, its platform and its traffic steps.
type StepCase = (&'static str, ComputePlatform, Vec<(u32, u32)>);

/// Every predefined name, its platform, and its traffic steps as (seconds after the shift
/// starts, percent on green); EC2/on-premises names have no traffic steps (in place).
#[test]
fn every_predefined_configuration_and_its_steps() {
    let linear = |minutes: u32| -> Vec<(u32, u32)> {
        (0..10).map(|i| (i * minutes * 60, (i + 1) * 10)).collect()
    };
    let canary = |minutes: u32| vec![(0, 10), (minutes * 60, 100)];
    use ComputePlatform::{Ecs, Lambda, Server};
    let cases: Vec<StepCase> = vec![
        ("CodeDeployDefault.AllAtOnce", Server, vec![]),
        ("CodeDeployDefault.HalfAtATime", Server, vec![]),
        ("CodeDeployDefault.OneAtATime", Server, vec![]),
        (
            "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
            Ecs,
            linear(1),
        ),
        (
            "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
            Ecs,
            linear(3),
        ),
        (
            "CodeDeployDefault.ECSCanary10Percent5Minutes",
            Ecs,
            canary(5),
        ),
        (
            "CodeDeployDefault.ECSCanary10Percent15Minutes",
            Ecs,
            canary(15),
        ),
        ("CodeDeployDefault.ECSAllAtOnce", Ecs, vec![(0, 100)]),
        (
            "CodeDeployDefault.LambdaCanary10Percent5Minutes",
            Lambda,
            canary(5),
        ),
        (
            "CodeDeployDefault.LambdaCanary10Percent10Minutes",
            Lambda,
            canary(10),
        ),
        (
            "CodeDeployDefault.LambdaCanary10Percent15Minutes",
            Lambda,
            canary(15),
        ),
        (
            "CodeDeployDefault.LambdaCanary10Percent30Minutes",
            Lambda,
            canary(30),
        ),
        (
            "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
            Lambda,
            linear(1),
        ),
        (
            "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes",
            Lambda,
            linear(2),
        ),
        (
            "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
            Lambda,
            linear(3),
        ),
        (
            "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
            Lambda,
            linear(10),
        ),
        ("CodeDeployDefault.LambdaAllAtOnce", Lambda, vec![(0, 100)]),
    ];
    assert_eq!(cases.len(), PREDEFINED.len());
    for ((name, platform, steps), entry) in cases.iter().zip(PREDEFINED.iter()) {
        assert_eq!(entry.name, *name);
        assert_eq!(entry.platform, *platform, "{name}");
        assert_eq!(platform_of(name), Some(*platform));
        let got: Vec<(u32, u32)> = match named(name) {
            Strategy::BlueGreen { shift, .. } => traffic_steps(&shift)
                .into_iter()
                .map(|step| (step.at_s, step.green_percent))
                .collect(),
            Strategy::InPlace { .. } => vec![],
            other => panic!("{name}: unexpected {other:?}"),
        };
        assert_eq!(&got, steps, "{name}");
    }
}

/// The documented times to 100 percent, measured in a simulation: the time from the first
/// shift to the last, e.g. ECSLinear10PercentEvery3Minutes reaches 100% after 27 minutes.
#[test]
fn predefined_shifts_reach_all_traffic_on_time() {
    let cases = [
        ("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", 9 * 60),
        ("CodeDeployDefault.ECSLinear10PercentEvery3Minutes", 27 * 60),
        ("CodeDeployDefault.ECSCanary10Percent5Minutes", 5 * 60),
        ("CodeDeployDefault.ECSCanary10Percent15Minutes", 15 * 60),
        ("CodeDeployDefault.ECSAllAtOnce", 0),
        ("CodeDeployDefault.LambdaCanary10Percent5Minutes", 5 * 60),
        ("CodeDeployDefault.LambdaCanary10Percent10Minutes", 10 * 60),
        ("CodeDeployDefault.LambdaCanary10Percent15Minutes", 15 * 60),
        ("CodeDeployDefault.LambdaCanary10Percent30Minutes", 30 * 60),
        (
            "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
            9 * 60,
        ),
        (
            "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes",
            18 * 60,
        ),
        (
            "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
            27 * 60,
        ),
        (
            "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
            90 * 60,
        ),
        ("CodeDeployDefault.LambdaAllAtOnce", 0),
    ];
    for (name, to_full) in cases {
        let config = SimConfig {
            duration_s: 6_000,
            strategy: named(name),
            ..small()
        };
        let simulation = run(&config);
        let shift_start = first(&simulation, EventKind::FleetHealthy);
        let full = simulation
            .series
            .iter()
            .find(|s| s.green_percent >= 100.0)
            .map(|s| s.t);
        assert_eq!(
            full.zip(shift_start).map(|(full, start)| full - start),
            Some(to_full),
            "{name}"
        );
        assert_eq!(simulation.summary.outcome, Outcome::Succeeded, "{name}");
        let increments = events(&simulation, EventKind::TrafficShifted).len();
        let expected = traffic_steps(&match named(name) {
            Strategy::BlueGreen { shift, .. } => shift,
            _ => TrafficShift::AllAtOnce,
        })
        .len();
        assert_eq!(increments, expected, "{name}");
    }
}

/// The EC2/on-premises configurations on nine instances, the guide's example: AllAtOnce
/// deploys to all nine, HalfAtATime to up to four at a time (five stay healthy),
/// OneAtATime to one at a time.
#[test]
fn predefined_in_place_batches_on_nine_instances() {
    let cases = [
        ("CodeDeployDefault.AllAtOnce", 1, 0),
        ("CodeDeployDefault.HalfAtATime", 3, 5),
        ("CodeDeployDefault.OneAtATime", 9, 8),
    ];
    for (name, batches, min_healthy) in cases {
        let config = SimConfig {
            fleet_size: 9,
            target_capacity_rps: 100.0,
            strategy: named(name),
            ..small()
        };
        let simulation = run(&config);
        assert_eq!(simulation.summary.outcome, Outcome::Succeeded, "{name}");
        assert_eq!(
            events(&simulation, EventKind::BatchStarted).len(),
            batches,
            "{name}"
        );
        let lowest = lowest_healthy_during_rollout(&config, &simulation);
        assert_eq!(lowest, Some(min_healthy), "{name}");
    }
}

/// The fewest healthy instances from the deployment's start until its rollout finished.
fn lowest_healthy_during_rollout(config: &SimConfig, simulation: &Simulation) -> Option<u32> {
    let end = simulation
        .summary
        .rollout_finished_s
        .unwrap_or(config.duration_s);
    simulation.series[config.deploy_at_s as usize..end as usize]
        .iter()
        .map(|s| s.healthy_capacity)
        .min()
}

/// `CodeDeployDefault.OneAtATime` is what `GetDeploymentConfig` returns for it:
/// `minimumHealthyHosts` of type `MOST_CONCURRENCY` and value 1, so all instances but one
/// stay healthy (none on a one-instance fleet) and it deploys to one instance at a time.
/// It is not a minimum of 0.
#[test]
fn one_at_a_time_keeps_all_instances_but_one_healthy() {
    let Strategy::InPlace { min_healthy } = named("CodeDeployDefault.OneAtATime") else {
        panic!("OneAtATime is not an in-place strategy");
    };
    assert_eq!(min_healthy, Amount::MostConcurrency(1));
    assert_eq!(min_healthy.to_string(), "MOST_CONCURRENCY 1");
    for (fleet, minimum) in [(1, 0), (2, 1), (9, 8), (10, 9), (100, 99), (1_000, 999)] {
        assert_eq!(min_healthy.ceil_of(fleet), minimum, "fleet {fleet}");
        assert_eq!(min_healthy.floor_of(fleet), 1, "fleet {fleet}");
    }
    for fleet in [1u32, 2, 5] {
        let config = SimConfig {
            fleet_size: fleet,
            target_capacity_rps: 100.0,
            strategy: Strategy::InPlace { min_healthy },
            ..small()
        };
        let simulation = run(&config);
        assert_eq!(
            simulation.summary.outcome,
            Outcome::Succeeded,
            "fleet {fleet}"
        );
        assert_eq!(
            events(&simulation, EventKind::BatchStarted).len(),
            fleet as usize,
            "fleet {fleet}"
        );
        let lowest = lowest_healthy_during_rollout(&config, &simulation);
        assert_eq!(lowest, Some(fleet - 1), "fleet {fleet}");
    }
}

/// With an instance down, OneAtATime does not take a second healthy instance out: it runs
/// exactly as a custom minimum of `HOST_COUNT` fleet − 1 whenever an instance crashes, and
/// for some crash times unlike a minimum of 0 (which would not wait).
#[test]
fn one_at_a_time_waits_for_a_crashed_instance_as_all_but_one_healthy_requires() {
    let fleet = 5;
    let with = |strategy: Strategy, at_s: u32| SimConfig {
        fleet_size: fleet,
        target_capacity_rps: 100.0,
        strategy,
        faults: vec![Fault::InstanceCrash { at_s, count: 1 }],
        ..small()
    };
    let rolling = |min_healthy| Strategy::InPlace { min_healthy };
    let mut differs_from_zero = 0;
    for at_s in (60..600).step_by(15) {
        let one_at_a_time = run(&with(named("CodeDeployDefault.OneAtATime"), at_s));
        let all_but_one = run(&with(rolling(Amount::Count(fleet - 1)), at_s));
        let none = run(&with(rolling(Amount::Count(0)), at_s));
        assert!(
            one_at_a_time.series == all_but_one.series,
            "crash at {at_s}"
        );
        assert_eq!(
            one_at_a_time.summary, all_but_one.summary,
            "crash at {at_s}"
        );
        assert_eq!(
            one_at_a_time.summary.outcome,
            Outcome::Succeeded,
            "crash at {at_s}"
        );
        if one_at_a_time.series != none.series {
            differs_from_zero += 1;
        }
    }
    assert!(
        differs_from_zero > 0,
        "a minimum of 0 never behaved differently"
    );
}

/// Unknown names are errors that suggest the nearest names.
#[test]
fn unknown_predefined_names_suggest_near_matches() {
    let cases = [
        (
            "CodeDeployDefault.ECSCanary10percent5Minutes",
            Some("CodeDeployDefault.ECSCanary10Percent5Minutes"),
        ),
        (
            "LambdaLinear10PercentEvery1Minutes",
            Some("CodeDeployDefault.LambdaLinear10PercentEvery1Minute"),
        ),
        (
            "CodeDeployDefault.OneAtATme",
            Some("CodeDeployDefault.OneAtATime"),
        ),
        (
            "codedeploydefault.allatonce",
            Some("CodeDeployDefault.AllAtOnce"),
        ),
        ("blue-green-please", None),
        ("", None),
    ];
    for (name, suggestion) in cases {
        let error = match predefined(name) {
            Ok(strategy) => panic!("{name:?} resolved to {strategy:?}"),
            Err(error) => error,
        };
        assert_eq!(error.field, "deployment configuration");
        let ConfigReason::UnknownConfiguration { name: given, near } = &error.reason else {
            panic!("{name:?}: {error:?}");
        };
        assert_eq!(given, name);
        match suggestion {
            Some(wanted) => assert!(near.contains(&wanted), "{error:?}"),
            None => assert!(near.is_empty(), "{error:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Validation.
// ---------------------------------------------------------------------------------------

/// Every validation rule, one line each: a change to a valid configuration and the field
/// of the error it causes.
#[test]
fn validation_errors() {
    type Change = fn(&mut SimConfig);
    let cases: Vec<(Change, &str)> = vec![
        (|c| c.duration_s = 0, "duration_s"),
        (|c| c.duration_s = MAX_DURATION_S + 1, "duration_s"),
        (|c| c.traffic = Traffic::Steady { rps: -1.0 }, "traffic"),
        (|c| c.traffic = Traffic::Steady { rps: f64::NAN }, "traffic"),
        (
            |c| {
                c.traffic = Traffic::Diurnal {
                    mean_rps: 10.0,
                    amplitude_percent: 120.0,
                    period_s: 60,
                }
            },
            "traffic.amplitude_percent",
        ),
        (
            |c| {
                c.traffic = Traffic::Diurnal {
                    mean_rps: 10.0,
                    amplitude_percent: 50.0,
                    period_s: 0,
                }
            },
            "traffic.period_s",
        ),
        (
            |c| {
                c.traffic = Traffic::Spike {
                    rps: 10.0,
                    at_s: 5,
                    duration_s: 0,
                    multiplier: 3.0,
                }
            },
            "traffic.duration_s",
        ),
        (|c| c.fleet_size = 0, "fleet_size"),
        (|c| c.fleet_size = MAX_FLEET_SIZE + 1, "fleet_size"),
        (|c| c.target_capacity_rps = 0.0, "target_capacity_rps"),
        (|c| c.startup_s = 3_601, "startup_s"),
        (|c| c.health_check.interval_s = 4, "health_check.interval_s"),
        (
            |c| c.health_check.healthy_threshold = 1,
            "health_check.healthy_threshold",
        ),
        (
            |c| c.health_check.unhealthy_threshold = 11,
            "health_check.unhealthy_threshold",
        ),
        (|c| c.blue.error_rate = 1.5, "blue.error_rate"),
        (|c| c.green.p50_ms = 0.0, "green.p50_ms"),
        (|c| c.green.p99_ms = 10.0, "green.p99_ms"),
        (|c| c.deploy_at_s = c.duration_s, "deploy_at_s"),
        (
            |c| {
                c.strategy = Strategy::Rolling {
                    batch: Amount::Count(0),
                    min_healthy: Amount::Count(0),
                }
            },
            "strategy.batch",
        ),
        (
            |c| {
                c.strategy = Strategy::Rolling {
                    batch: Amount::Percent(0),
                    min_healthy: Amount::Count(0),
                }
            },
            "strategy.batch",
        ),
        (
            |c| {
                c.strategy = Strategy::Rolling {
                    batch: Amount::Percent(101),
                    min_healthy: Amount::Count(0),
                }
            },
            "strategy.batch",
        ),
        (
            |c| {
                c.strategy = Strategy::Rolling {
                    batch: Amount::Count(7),
                    min_healthy: Amount::Count(0),
                }
            },
            "strategy.batch",
        ),
        (
            |c| {
                c.strategy = Strategy::Rolling {
                    batch: Amount::Count(1),
                    min_healthy: Amount::Percent(150),
                }
            },
            "strategy.min_healthy",
        ),
        (
            |c| {
                c.strategy = Strategy::Rolling {
                    batch: Amount::Count(1),
                    min_healthy: Amount::Percent(95),
                }
            },
            "strategy.min_healthy",
        ),
        (
            |c| {
                c.strategy = Strategy::Rolling {
                    batch: Amount::Count(1),
                    min_healthy: Amount::Count(6),
                }
            },
            "strategy.min_healthy",
        ),
        (
            |c| {
                c.strategy = Strategy::RollingWithAdditionalBatch {
                    batch: Amount::Count(0),
                }
            },
            "strategy.batch",
        ),
        (
            |c| c.strategy = Strategy::canary(0, 300),
            "strategy.shift.percent",
        ),
        (
            |c| c.strategy = Strategy::canary(100, 300),
            "strategy.shift.percent",
        ),
        (
            |c| c.strategy = Strategy::canary(10, 0),
            "strategy.shift.bake_s",
        ),
        (
            |c| c.strategy = Strategy::linear(0, 60),
            "strategy.shift.step_percent",
        ),
        (
            |c| c.strategy = Strategy::linear(101, 60),
            "strategy.shift.step_percent",
        ),
        (
            |c| c.strategy = Strategy::linear(10, 0),
            "strategy.shift.interval_s",
        ),
        (
            |c| {
                c.strategy = Strategy::BlueGreen {
                    shift: TrafficShift::AllAtOnce,
                    test_traffic_s: 60,
                    test_rps: f64::NAN,
                }
            },
            "strategy.test_rps",
        ),
        (
            |c| c.deployment_group.blue_termination.wait_s = MAX_TERMINATION_WAIT_S + 1,
            "deployment_group.blue_termination.wait_s",
        ),
        (
            |c| c.deployment_group.alarms = vec![DeploymentAlarm::error_rate(5.0, 60, 4, 3)],
            "deployment_group.alarms[0].DatapointsToAlarm",
        ),
        (
            |c| c.deployment_group.alarms = vec![DeploymentAlarm::error_rate(5.0, 45, 1, 1)],
            "deployment_group.alarms[0].Period",
        ),
        (
            |c| {
                c.deployment_group.alarms = vec![DeploymentAlarm {
                    name: String::new(),
                    ..DeploymentAlarm::error_rate(5.0, 60, 1, 1)
                }]
            },
            "deployment_group.alarms[0].name",
        ),
        (
            |c| {
                c.faults = vec![Fault::InstanceCrash {
                    at_s: 5_000,
                    count: 1,
                }]
            },
            "faults[0].at_s",
        ),
        (
            |c| c.faults = vec![Fault::InstanceCrash { at_s: 10, count: 0 }],
            "faults[0].count",
        ),
        (
            |c| {
                c.faults = vec![Fault::BadRelease {
                    at_s: 10,
                    error_rate: -0.1,
                    latency_factor: 1.0,
                }]
            },
            "faults[0].error_rate",
        ),
        (
            |c| {
                c.faults = vec![Fault::BadRelease {
                    at_s: 10,
                    error_rate: 0.1,
                    latency_factor: 0.0,
                }]
            },
            "faults[0].latency_factor",
        ),
        (
            |c| {
                c.faults = vec![Fault::TrafficSpike {
                    at_s: 10,
                    duration_s: 5,
                    multiplier: f64::INFINITY,
                }]
            },
            "faults[0].multiplier",
        ),
    ];
    for (i, (change, field)) in cases.iter().enumerate() {
        let mut config = small();
        change(&mut config);
        assert_eq!(rejected(&config), *field, "case {i}");
    }
    assert!(small().validate().is_ok());
    assert!(SimConfig::default().validate().is_ok());
}

/// A rejection's reason is data with the values at fault, for the app to word; a rollback
/// alarm's own problem keeps the alarm engine's reason.
#[test]
fn reasons_carry_their_values() {
    let reason = |change: fn(&mut SimConfig)| {
        let mut config = small();
        change(&mut config);
        match simulate(&config) {
            Ok(_) => panic!("expected an error for {config:?}"),
            Err(error) => error.reason,
        }
    };
    assert_eq!(
        reason(|c| c.strategy = Strategy::RollingWithAdditionalBatch {
            batch: Amount::Count(0)
        }),
        ConfigReason::EmptyBatch
    );
    assert_eq!(
        reason(|c| c.strategy = Strategy::RollingWithAdditionalBatch {
            batch: Amount::Percent(0)
        }),
        ConfigReason::Percent {
            percent: 0,
            low: 1,
            high: 100
        }
    );
    assert_eq!(
        reason(|c| c.strategy = Strategy::Rolling {
            batch: Amount::Count(1),
            min_healthy: Amount::Percent(100),
        }),
        ConfigReason::NoRoomToDeploy {
            min_healthy: Amount::Percent(100),
            fleet: small().fleet_size,
            minimum: small().fleet_size,
        }
    );
    assert_eq!(
        reason(|c| c.deployment_group.alarms = vec![DeploymentAlarm::error_rate(5.0, 60, 4, 3)]),
        ConfigReason::Alarm(crate::alarm::AlarmReason::DatapointsToAlarm { m: 4, n: 3 })
    );
    assert_eq!(
        reason(|c| c.faults = vec![Fault::BadRelease {
            at_s: 10,
            error_rate: 1.5,
            latency_factor: 1.0,
        }]),
        ConfigReason::ErrorRate { error_rate: 1.5 }
    );
}

// ---------------------------------------------------------------------------------------
// Invariants over many seeds and configurations.
// ---------------------------------------------------------------------------------------

/// The strategies the property loops run.
fn strategies() -> Vec<Strategy> {
    vec![
        Strategy::AllAtOnce,
        Strategy::Rolling {
            batch: Amount::Count(2),
            min_healthy: Amount::Count(3),
        },
        Strategy::Rolling {
            batch: Amount::Percent(50),
            min_healthy: Amount::Percent(50),
        },
        Strategy::RollingWithAdditionalBatch {
            batch: Amount::Count(2),
        },
        Strategy::blue_green(),
        Strategy::canary(20, 120),
        Strategy::linear(25, 60),
        Strategy::BlueGreen {
            shift: TrafficShift::Canary {
                percent: 10,
                bake_s: 60,
            },
            test_traffic_s: 30,
            test_rps: 5.0,
        },
        Strategy::InPlace {
            min_healthy: Amount::Percent(60),
        },
    ]
}

/// Every second of every run accounts for every request, whatever the strategy, seed,
/// traffic shape and faults.
#[test]
fn counts_add_up_every_second() {
    for (i, strategy) in strategies().into_iter().enumerate() {
        for seed in 0..12u64 {
            let traffic = match seed % 3 {
                0 => Traffic::Steady { rps: 60.0 },
                1 => Traffic::Diurnal {
                    mean_rps: 80.0,
                    amplitude_percent: 60.0,
                    period_s: 600,
                },
                _ => Traffic::Spike {
                    rps: 50.0,
                    at_s: 100,
                    duration_s: 60,
                    multiplier: 4.0,
                },
            };
            let config = SimConfig {
                seed,
                traffic,
                strategy: strategy.clone(),
                fleet_size: 4 + (seed % 5) as u32,
                deployment_group: DeploymentGroup::rolling_back_on(vec![green_rate_alarm(10.0)]),
                faults: vec![
                    Fault::InstanceCrash {
                        at_s: 90 + seed as u32 * 7,
                        count: 1 + (seed % 2) as u32,
                    },
                    Fault::TrafficSpike {
                        at_s: 400,
                        duration_s: 30,
                        multiplier: 3.0,
                    },
                    Fault::BadRelease {
                        at_s: 150 + seed as u32 * 20,
                        error_rate: 0.2,
                        latency_factor: 2.0,
                    },
                ],
                ..small()
            };
            let simulation = run(&config);
            assert_counts_add_up(&simulation, &format!("strategy {i} seed {seed}"));
            assert_eq!(simulation.series.len(), config.duration_s as usize);
            let total: u64 = simulation.series.iter().map(|s| s.failed).sum();
            assert_eq!(total, simulation.summary.failed_requests);
        }
    }
}

/// Rolling deployments never take healthy capacity below the minimum healthy hosts.
#[test]
fn rolling_never_drops_below_minimum_healthy_hosts() {
    for seed in 0..10u64 {
        for fleet in [4u32, 7, 10] {
            for (batch, min_healthy) in [
                (Amount::Count(1), Amount::Count(fleet - 1)),
                (Amount::Count(1), Amount::MostConcurrency(1)),
                (Amount::Count(3), Amount::Count(2)),
                (Amount::Percent(100), Amount::Percent(50)),
                (Amount::Percent(30), Amount::Percent(60)),
            ] {
                let config = SimConfig {
                    seed,
                    fleet_size: fleet,
                    target_capacity_rps: 100.0,
                    strategy: Strategy::Rolling { batch, min_healthy },
                    ..small()
                };
                let minimum = min_healthy.ceil_of(fleet);
                let simulation = run(&config);
                assert_eq!(simulation.summary.outcome, Outcome::Succeeded);
                for s in &simulation.series {
                    assert!(
                        s.healthy_capacity >= minimum,
                        "fleet {fleet} batch {batch} min {min_healthy}: {} healthy at t={}",
                        s.healthy_capacity,
                        s.t
                    );
                }
            }
        }
    }
}

/// Blue/green keeps the whole blue fleet until it is terminated, and the whole green
/// fleet from the moment it is healthy.
#[test]
fn blue_green_holds_both_fleets_until_blue_is_terminated() {
    for seed in 0..10u64 {
        for wait in [0u32, 90, 300] {
            let config = SimConfig {
                seed,
                strategy: Strategy::BlueGreen {
                    shift: TrafficShift::Linear {
                        step_percent: 20,
                        interval_s: 30,
                    },
                    test_traffic_s: 20,
                    test_rps: 3.0,
                },
                deployment_group: DeploymentGroup {
                    blue_termination: BlueTermination {
                        action: InstanceAction::Terminate,
                        wait_s: wait,
                    },
                    ..DeploymentGroup::default()
                },
                ..small()
            };
            let fleet = config.fleet_size;
            let simulation = run(&config);
            let healthy = first(&simulation, EventKind::FleetHealthy).unwrap_or(u32::MAX);
            let terminated = first(&simulation, EventKind::InstancesTerminated).unwrap_or(u32::MAX);
            assert!(healthy < terminated);
            for s in &simulation.series[..terminated as usize] {
                assert_eq!(s.blue_healthy, fleet, "t={}", s.t);
                if s.t >= config.deploy_at_s {
                    assert_eq!(s.instances, 2 * fleet, "t={}", s.t);
                }
                if s.t >= healthy {
                    assert_eq!(s.green_healthy, fleet, "t={}", s.t);
                }
            }
            for s in &simulation.series[terminated as usize..] {
                assert_eq!(
                    (s.blue_healthy, s.green_healthy, s.instances),
                    (0, fleet, fleet)
                );
            }
            let last_shift = events(&simulation, EventKind::TrafficShifted)
                .iter()
                .filter(|e| matches!(e.detail, EventDetail::Shifted { .. }))
                .map(|e| e.t)
                .max();
            assert_eq!(
                last_shift.map(|t| terminated - t),
                Some(wait),
                "wait {wait}"
            );
            assert_eq!(simulation.summary.peak_extra_instances, fleet);
        }
    }
}

/// The same seed and configuration give identical output; different seeds differ.
#[test]
fn deterministic_per_seed() {
    for strategy in strategies() {
        let config = SimConfig {
            strategy,
            deployment_group: DeploymentGroup::rolling_back_on(vec![green_rate_alarm(5.0)]),
            faults: vec![bad_from_start()],
            ..small()
        };
        let a = run(&config);
        assert_eq!(a, run(&config));
        let b = run(&SimConfig {
            seed: config.seed + 1,
            ..config.clone()
        });
        assert_ne!(a.series, b.series);
    }
}

// ---------------------------------------------------------------------------------------
// Alarm-driven rollback.
// ---------------------------------------------------------------------------------------

/// The same deployment group with blue kept `wait` seconds before it is terminated.
fn waiting(group: &DeploymentGroup, wait: u32) -> DeploymentGroup {
    DeploymentGroup {
        blue_termination: BlueTermination {
            action: InstanceAction::Terminate,
            wait_s: wait,
        },
        ..group.clone()
    }
}

/// A bad canary is stopped by the alarm during its bake time, with far fewer failed
/// requests than the same release shifted all at once (with blue kept for 30 minutes, so
/// that a rollback is still possible); without that wait, all at once cannot roll back.
#[test]
fn alarm_rollback_stops_a_bad_canary_cheaply() {
    for seed in 0..5u64 {
        let base = SimConfig {
            seed,
            deployment_group: DeploymentGroup::rolling_back_on(vec![green_rate_alarm(5.0)]),
            faults: vec![bad_from_start()],
            ..SimConfig::default()
        };
        let canary = run(&SimConfig {
            strategy: named("CodeDeployDefault.ECSCanary10Percent15Minutes"),
            ..base.clone()
        });
        let all_at_once = run(&SimConfig {
            strategy: named("CodeDeployDefault.ECSAllAtOnce"),
            deployment_group: waiting(&base.deployment_group, 1_800),
            ..base.clone()
        });
        let no_wait = run(&SimConfig {
            strategy: named("CodeDeployDefault.ECSAllAtOnce"),
            ..base.clone()
        });
        assert_eq!(
            no_wait.summary.outcome,
            Outcome::Succeeded,
            "blue was gone before the alarm"
        );
        assert!(no_wait.summary.failed_requests > all_at_once.summary.failed_requests);
        for simulation in [&canary, &all_at_once] {
            assert_eq!(simulation.summary.outcome, Outcome::RolledBack);
            assert!(simulation.summary.bad_release_stopped_s.is_some());
            assert_counts_add_up(simulation, "rollback");
        }
        let shifted_at = first(&canary, EventKind::TrafficShifted).unwrap_or(0);
        let stopped = canary.summary.bad_release_stopped_s.unwrap_or(u32::MAX);
        assert!(
            stopped < shifted_at + 15 * 60,
            "stopped during the bake time"
        );
        assert!(canary.series.iter().all(|s| s.green_percent <= 10.0));
        assert!(canary.series[stopped as usize + 1..]
            .iter()
            .all(|s| s.green_requests == 0));
        let canary_green = canary.summary.green_failed_requests;
        let full_green = all_at_once.summary.green_failed_requests;
        assert!(
            canary_green * 5 < full_green,
            "seed {seed}: canary {canary_green} vs all at once {full_green}"
        );
        assert!(canary.summary.failed_requests * 3 < all_at_once.summary.failed_requests);
        assert_eq!(canary.summary.outage_seconds, 0);
    }
}

/// A good release whose error rate is noisy but below the threshold is not rolled back.
#[test]
fn a_noisy_good_release_is_not_rolled_back() {
    for seed in 0..8u64 {
        let config = SimConfig {
            seed,
            green: Version {
                error_rate: 0.02,
                ..Version::default()
            },
            deployment_group: DeploymentGroup::rolling_back_on(vec![
                green_rate_alarm(5.0),
                DeploymentAlarm::p99_latency(400.0, 60, 3, 3),
            ]),
            strategy: named("CodeDeployDefault.ECSCanary10Percent5Minutes"),
            ..SimConfig::default()
        };
        let simulation = run(&config);
        assert_eq!(
            simulation.summary.outcome,
            Outcome::Succeeded,
            "seed {seed}"
        );
        assert!(events(&simulation, EventKind::RollbackStarted).is_empty());
        assert_eq!(simulation.summary.rollback_started_s, None);
        let noisy = simulation
            .series
            .iter()
            .any(|s| s.green_requests > 50 && s.green_errors * 100 > s.green_requests * 3);
        assert!(noisy, "some seconds are above 3% by chance");
    }
}

/// The whole-service 5xx rate dilutes a 10% canary: an alarm on it misses a bad canary
/// that an alarm on green's own rate catches.
#[test]
fn an_overall_rate_alarm_misses_a_small_canary() {
    let config = SimConfig {
        deployment_group: DeploymentGroup::rolling_back_on(vec![DeploymentAlarm::error_rate(
            5.0, 60, 2, 3,
        )]),
        faults: vec![bad_from_start()],
        strategy: Strategy::canary(10, 600),
        ..SimConfig::default()
    };
    let overall = run(&config);
    let green = run(&SimConfig {
        deployment_group: DeploymentGroup::rolling_back_on(vec![green_rate_alarm(5.0)]),
        ..config
    });
    assert_eq!(overall.summary.outcome, Outcome::Succeeded);
    assert!(events(&overall, EventKind::AlarmStateChanged)
        .iter()
        .any(|e| matches!(
            e.detail,
            EventDetail::AlarmChanged {
                to: AlarmState::Alarm,
                ..
            }
        )));
    assert_eq!(green.summary.outcome, Outcome::RolledBack);
}

/// A latency alarm rolls back a release that only got slower.
#[test]
fn a_latency_alarm_rolls_back_a_slow_release() {
    let config = SimConfig {
        deployment_group: DeploymentGroup::rolling_back_on(vec![DeploymentAlarm::p99_latency(
            200.0, 60, 2, 3,
        )]),
        faults: vec![Fault::BadRelease {
            at_s: 0,
            error_rate: 0.001,
            latency_factor: 4.0,
        }],
        strategy: Strategy::linear(20, 120),
        ..SimConfig::default()
    };
    let simulation = run(&config);
    assert_eq!(simulation.summary.outcome, Outcome::RolledBack);
    let alarm = events(&simulation, EventKind::AlarmStateChanged);
    assert!(alarm.iter().any(|e| matches!(&e.detail, EventDetail::AlarmChanged { alarm, to: AlarmState::Alarm, reason } if alarm == "HighLatency" && reason.starts_with("Threshold Crossed"))));
}

/// An in-place rollback redeploys blue batch by batch, and all-at-once in place has an
/// outage while the fleet restarts.
#[test]
fn in_place_rollback_redeploys_blue() {
    let config = SimConfig {
        deployment_group: DeploymentGroup::rolling_back_on(vec![DeploymentAlarm::error_rate(
            5.0, 60, 2, 3,
        )]),
        faults: vec![bad_from_start()],
        strategy: named("CodeDeployDefault.HalfAtATime"),
        ..SimConfig::default()
    };
    let simulation = run(&config);
    assert_eq!(simulation.summary.outcome, Outcome::RolledBack);
    let last = simulation
        .series
        .last()
        .map(|s| (s.blue_healthy, s.green_healthy));
    assert_eq!(last, Some((20, 0)));
    assert!(
        first(&simulation, EventKind::RollbackFinished) > simulation.summary.rollback_started_s
    );
    let outage = run(&SimConfig {
        strategy: Strategy::AllAtOnce,
        deployment_group: DeploymentGroup::default(),
        faults: vec![],
        ..config
    });
    // Start-up (60 s) plus five passing checks 30 s apart: 210 s without a healthy target.
    assert_eq!(outage.summary.outage_seconds, 210);
    assert_eq!(outage.summary.outcome, Outcome::Succeeded);
}

/// While blue lives, a rollback is instant; once blue is terminated, there is none.
#[test]
fn blue_green_rollback_while_blue_lives() {
    let config = SimConfig {
        strategy: Strategy::blue_green(),
        deployment_group: waiting(
            &DeploymentGroup::rolling_back_on(vec![green_rate_alarm(5.0)]),
            900,
        ),
        faults: vec![Fault::BadRelease {
            at_s: 900,
            error_rate: 0.5,
            latency_factor: 1.0,
        }],
        ..SimConfig::default()
    };
    let caught = run(&config);
    assert_eq!(caught.summary.outcome, Outcome::RolledBack);
    let stopped = caught.summary.bad_release_stopped_s.unwrap_or(0);
    assert!(stopped > 900 && stopped < 900 + 300);
    let after = &caught.series[stopped as usize + 1];
    assert_eq!(
        (after.green_percent, after.blue_requests),
        (0.0, after.requests)
    );
    let late = run(&SimConfig {
        faults: vec![Fault::BadRelease {
            at_s: 1_800,
            error_rate: 0.5,
            latency_factor: 1.0,
        }],
        ..config
    });
    assert_eq!(late.summary.outcome, Outcome::Succeeded);
    assert_eq!(late.summary.rollback_started_s, None);
}

/// Test traffic lets the alarm catch a bad release before any production request reaches it.
#[test]
fn test_traffic_catches_a_bad_release_before_production() {
    let config = SimConfig {
        strategy: Strategy::BlueGreen {
            shift: TrafficShift::AllAtOnce,
            test_traffic_s: 600,
            test_rps: 20.0,
        },
        deployment_group: DeploymentGroup::rolling_back_on(vec![green_rate_alarm(5.0)]),
        faults: vec![bad_from_start()],
        ..SimConfig::default()
    };
    let simulation = run(&config);
    assert_eq!(simulation.summary.outcome, Outcome::RolledBack);
    assert!(simulation.series.iter().all(|s| s.green_requests == 0));
    assert!(simulation.series.iter().any(|s| s.test_errors > 0));
    assert!(events(&simulation, EventKind::TrafficShifted).is_empty());
}

// ---------------------------------------------------------------------------------------
// Capacity, crashes and cost.
// ---------------------------------------------------------------------------------------

/// A crashed instance fails its requests until two failed checks deregister it, then the
/// Auto Scaling group replaces it.
#[test]
fn crashed_instances_are_detected_and_replaced() {
    let config = SimConfig {
        strategy: Strategy::blue_green(),
        deploy_at_s: 1_000,
        faults: vec![Fault::InstanceCrash {
            at_s: 100,
            count: 2,
        }],
        ..small()
    };
    let simulation = run(&config);
    assert_eq!(first(&simulation, EventKind::InstanceCrashed), Some(100));
    let replaced = events(&simulation, EventKind::InstanceReplaced);
    assert_eq!(replaced.len(), 2);
    assert!(replaced.iter().all(|e| e.t > 100 && e.t <= 100 + 2 * 5));
    assert!(simulation.series[100].rejected > 0);
    let back = replaced.iter().map(|e| e.t).max().unwrap_or(0) + 10 + 2 * 5;
    assert_eq!(simulation.series[back as usize].healthy_capacity, 6);
    assert_eq!(simulation.series[back as usize].rejected, 0);
}

/// Rolling with an additional batch never loses capacity and pays for one extra batch.
#[test]
fn additional_batch_keeps_capacity() {
    let config = SimConfig {
        target_capacity_rps: 15.0,
        strategy: Strategy::RollingWithAdditionalBatch {
            batch: Amount::Count(2),
        },
        ..small()
    };
    let simulation = run(&config);
    assert_eq!(simulation.summary.outcome, Outcome::Succeeded);
    assert!(simulation.series.iter().all(|s| s.healthy_capacity >= 6));
    assert_eq!(simulation.summary.peak_extra_instances, 2);
    let in_place = run(&SimConfig {
        strategy: Strategy::Rolling {
            batch: Amount::Count(2),
            min_healthy: Amount::Count(0),
        },
        ..config
    });
    let rejected = |s: &Simulation| s.series.iter().map(|x| x.rejected).sum::<u64>();
    assert_eq!(rejected(&simulation), 0);
    assert!(
        rejected(&in_place) > 0,
        "in place at full load loses capacity"
    );
    assert!(simulation.summary.instance_minutes > in_place.summary.instance_minutes);
}

/// Traffic shapes: a diurnal cycle and a spike.
#[test]
fn traffic_shapes() {
    let diurnal = Traffic::Diurnal {
        mean_rps: 100.0,
        amplitude_percent: 50.0,
        period_s: 400,
    };
    let rates = [0u32, 100, 200, 300, 400].map(|t| diurnal.rate_at(t));
    let expected = [150.0, 100.0, 50.0, 100.0, 150.0];
    for (rate, want) in rates.iter().zip(expected) {
        assert!((rate - want).abs() < 1e-9, "{rates:?}");
    }
    let spike = Traffic::Spike {
        rps: 10.0,
        at_s: 5,
        duration_s: 2,
        multiplier: 3.0,
    };
    assert_eq!(
        [4u32, 5, 6, 7].map(|t| spike.rate_at(t)),
        [10.0, 30.0, 30.0, 10.0]
    );
}

// ---------------------------------------------------------------------------------------
// Robustness.
// ---------------------------------------------------------------------------------------

/// Random configurations, valid or not, never panic: they either run or return an error.
#[test]
fn random_configurations_never_panic() {
    let mut rng = Rng::new(99);
    let mut pick = |n: u64| rng.next_u64() % n;
    let mut valid = 0;
    for _ in 0..600 {
        let percent = |x: u64| x as u32;
        let strategy = match pick(7) {
            0 => Strategy::AllAtOnce,
            6 => Strategy::InPlace {
                min_healthy: if pick(2) == 0 {
                    Amount::Count(percent(pick(8)))
                } else {
                    Amount::Percent(percent(pick(130)))
                },
            },
            1 => Strategy::Rolling {
                batch: if pick(2) == 0 {
                    Amount::Count(percent(pick(8)))
                } else {
                    Amount::Percent(percent(pick(130)))
                },
                min_healthy: if pick(2) == 0 {
                    Amount::Count(percent(pick(8)))
                } else {
                    Amount::Percent(percent(pick(130)))
                },
            },
            2 => Strategy::RollingWithAdditionalBatch {
                batch: Amount::Percent(percent(pick(130))),
            },
            3 => Strategy::canary(percent(pick(120)), percent(pick(400))),
            4 => Strategy::linear(percent(pick(120)), percent(pick(200))),
            _ => Strategy::BlueGreen {
                shift: TrafficShift::AllAtOnce,
                test_traffic_s: percent(pick(300)),
                test_rps: pick(50) as f64 - 5.0,
            },
        };
        let config = SimConfig {
            seed: pick(1_000),
            duration_s: 1 + percent(pick(900)),
            traffic: match pick(3) {
                0 => Traffic::Steady {
                    rps: pick(300) as f64 - 10.0,
                },
                1 => Traffic::Diurnal {
                    mean_rps: pick(300) as f64,
                    amplitude_percent: pick(150) as f64,
                    period_s: percent(pick(500)),
                },
                _ => Traffic::Spike {
                    rps: pick(300) as f64,
                    at_s: percent(pick(900)),
                    duration_s: percent(pick(100)),
                    multiplier: pick(200) as f64,
                },
            },
            fleet_size: percent(pick(9)).max(pick(2) as u32),
            target_capacity_rps: 1.0 + pick(60) as f64,
            startup_s: percent(pick(60)),
            health_check: HealthCheck {
                interval_s: 4 + percent(pick(30)),
                healthy_threshold: 2 + percent(pick(9)),
                unhealthy_threshold: 2 + percent(pick(9)),
            },
            green: Version {
                error_rate: pick(120) as f64 / 100.0,
                p50_ms: pick(100) as f64,
                p99_ms: pick(400) as f64,
            },
            deploy_at_s: percent(pick(300)),
            strategy,
            deployment_group: DeploymentGroup {
                alarms: (0..pick(3))
                    .map(|_| {
                        DeploymentAlarm::error_rate(
                            pick(20) as f64,
                            [10, 30, 45, 60][pick(4) as usize],
                            percent(pick(4)),
                            percent(pick(4)),
                        )
                    })
                    .collect(),
                auto_rollback: AutoRollback {
                    enabled: pick(2) == 0,
                    events: RollbackEvent::ALL
                        .into_iter()
                        .filter(|_| pick(2) == 0)
                        .collect(),
                },
                blue_termination: BlueTermination {
                    action: if pick(2) == 0 {
                        InstanceAction::Terminate
                    } else {
                        InstanceAction::KeepAlive
                    },
                    wait_s: percent(pick(600)),
                },
            },
            faults: (0..pick(4))
                .map(|_| match pick(3) {
                    0 => Fault::BadRelease {
                        at_s: percent(pick(900)),
                        error_rate: pick(110) as f64 / 100.0,
                        latency_factor: pick(5) as f64,
                    },
                    1 => Fault::InstanceCrash {
                        at_s: percent(pick(900)),
                        count: percent(pick(10)),
                    },
                    _ => Fault::TrafficSpike {
                        at_s: percent(pick(900)),
                        duration_s: percent(pick(100)),
                        multiplier: pick(150) as f64,
                    },
                })
                .collect(),
            ..SimConfig::default()
        };
        if let Ok(simulation) = simulate(&config) {
            assert_counts_add_up(&simulation, "random");
            valid += 1;
        }
    }
    assert!(valid >= 20, "only {valid} random configurations were valid");
}

// ---------------------------------------------------------------------------------------
// The datapoints the rollback alarms evaluated.
// ---------------------------------------------------------------------------------------

/// Each rollback alarm reports one datapoint per period: its end, the period's statistic,
/// whether it breaches and the state after it; the states are those the alarm evaluator
/// gives for the same datapoints, every state change is in the event log at the end of
/// its period, and the rollback starts in the second whose period put an alarm in ALARM.
#[test]
fn alarms_report_the_datapoints_they_evaluated() {
    let config = SimConfig {
        deployment_group: DeploymentGroup::rolling_back_on(vec![
            DeploymentAlarm::error_rate(5.0, 60, 2, 3),
            green_rate_alarm(5.0),
            DeploymentAlarm::p99_latency(400.0, 30, 3, 3),
        ]),
        faults: vec![bad_from_start()],
        strategy: Strategy::canary(10, 600),
        ..SimConfig::default()
    };
    let simulation = run(&config);
    assert_eq!(simulation.alarms.len(), 3);
    assert_eq!(simulation, run(&config), "deterministic");
    for (rollback, track) in config
        .deployment_group
        .alarms
        .iter()
        .zip(&simulation.alarms)
    {
        assert_eq!(track.name, rollback.name);
        assert_eq!(track.metric, rollback.metric);
        let period = rollback.alarm.period_seconds;
        assert_eq!(
            track.datapoints.len(),
            (config.duration_s / period) as usize,
            "{}",
            track.name
        );
        for (i, point) in track.datapoints.iter().enumerate() {
            assert_eq!(point.end_s, (i as u32 + 1) * period);
            assert_eq!(
                point.breaching,
                point.value.is_some_and(|v| v > rollback.alarm.threshold)
            );
        }
        let values: Vec<Option<f64>> = track.datapoints.iter().map(|p| p.value).collect();
        let evaluation = match crate::alarm::evaluate(&rollback.alarm, &values) {
            Ok(evaluation) => evaluation,
            Err(error) => panic!("{error:?}"),
        };
        let states: Vec<_> = track.datapoints.iter().map(|p| p.state).collect();
        assert_eq!(states, evaluation.states, "{}", track.name);
        for (before, after) in track.datapoints.iter().zip(&track.datapoints[1..]) {
            if before.state != after.state {
                let prefix = format!("alarm {} {}", track.name, after.state);
                assert!(
                    events(&simulation, EventKind::AlarmStateChanged)
                        .iter()
                        .any(|e| e.t + 1 == after.end_s
                            && matches!(&e.detail, EventDetail::AlarmChanged { alarm, to, .. } if *alarm == track.name && *to == after.state)),
                    "{prefix} at {}",
                    after.end_s
                );
            }
        }
    }
    // The whole-service rate is diluted by the 90% on blue; green's own rate is not.
    let green = &simulation.alarms[1];
    let fired = green
        .datapoints
        .iter()
        .find(|p| p.state == crate::alarm::AlarmState::Alarm)
        .map(|p| p.end_s);
    assert_eq!(
        fired.map(|end| end - 1),
        simulation.summary.rollback_started_s
    );
    let deployed = config.deploy_at_s;
    let before_fired = |p: &&AlarmDatapoint| p.end_s > deployed && Some(p.end_s) <= fired;
    assert!(green
        .datapoints
        .iter()
        .filter(before_fired)
        .filter(|p| p.value.is_some())
        .all(|p| p.breaching));
    assert!(green
        .datapoints
        .iter()
        .filter(before_fired)
        .any(|p| p.breaching));
    assert!(!simulation.alarms[0]
        .datapoints
        .iter()
        .filter(before_fired)
        .any(|p| p.breaching));
}

/// Without rollback alarms there is nothing to report.
#[test]
fn no_alarms_no_datapoints() {
    let simulation = run(&small());
    assert!(simulation.alarms.is_empty());
}

// ---------------------------------------------------------------------------------------
// The deployment group: stop versus rollback, and the original fleet after blue/green.
// ---------------------------------------------------------------------------------------

/// How many instances CodeDeploy's in-place deployment starts at once, from the first
/// deployment event of a run on a healthy fleet.
fn first_concurrency(fleet: u32, min_healthy: Amount) -> usize {
    let config = SimConfig {
        fleet_size: fleet,
        target_capacity_rps: 100.0,
        strategy: Strategy::InPlace { min_healthy },
        ..small()
    };
    let simulation = run(&config);
    assert_eq!(simulation.summary.outcome, Outcome::Succeeded);
    match events(&simulation, EventKind::BatchStarted)
        .first()
        .map(|e| &e.detail)
    {
        Some(EventDetail::Deploying { instances, .. }) => instances.len(),
        other => panic!("no in-place deployment event: {other:?}"),
    }
}

/// CodeDeploy has no batch size in place: it deploys to as many instances as the minimum
/// healthy hosts allows. The API reference's examples on nine instances (HOST_COUNT 6: up to
/// three at a time; FLEET_PERCENT 40, that is 3.6 rounded up to 4: up to five), and fleets
/// where rounding the percentage up matters.
#[test]
fn in_place_concurrency_comes_from_minimum_healthy_hosts() {
    let cases = [
        (9, Amount::Count(6), 3),
        (9, Amount::Percent(40), 5),
        (10, Amount::Percent(70), 3),
        (10, Amount::Percent(65), 3),
        (10, Amount::Percent(61), 3),
        (10, Amount::Percent(60), 4),
        (7, Amount::Percent(50), 3),
        (3, Amount::Percent(34), 1),
        (10, Amount::Count(0), 10),
        (10, Amount::MostConcurrency(1), 1),
    ];
    for (fleet, min_healthy, expected) in cases {
        assert_eq!(
            first_concurrency(fleet, min_healthy),
            expected,
            "{min_healthy} of {fleet}"
        );
    }
}

/// In place, the next instance starts as soon as one is healthy again, not when a whole
/// batch is: with a crash slowing one instance, CodeDeploy goes on with the others while an
/// Auto Scaling rolling update with the same numbers waits for its batch.
#[test]
fn in_place_never_drops_below_its_minimum_and_has_no_batches() {
    let config = SimConfig {
        fleet_size: 10,
        target_capacity_rps: 100.0,
        strategy: Strategy::InPlace {
            min_healthy: Amount::Percent(70),
        },
        ..small()
    };
    let simulation = run(&config);
    assert_eq!(lowest_healthy_during_rollout(&config, &simulation), Some(7));
    assert!(events(&simulation, EventKind::BatchStarted)
        .iter()
        .all(|e| matches!(e.detail, EventDetail::Deploying { .. })));
    let last = simulation
        .series
        .last()
        .map(|s| (s.blue_healthy, s.green_healthy));
    assert_eq!(last, Some((0, 10)));
}

/// A bad canary with an alarm and no `autoRollbackConfiguration` is stopped, not rolled
/// back: the canary's 10% stays on the bad version until the end, both fleets run, and
/// requests keep failing; with `DEPLOYMENT_STOP_ON_ALARM`, traffic goes back to blue.
#[test]
fn an_alarm_stops_a_deployment_and_only_a_rollback_setting_undoes_it() {
    let alarms = vec![green_rate_alarm(5.0)];
    let stopped = run(&SimConfig {
        strategy: named("CodeDeployDefault.ECSCanary10Percent15Minutes"),
        deployment_group: DeploymentGroup {
            alarms: alarms.clone(),
            ..DeploymentGroup::default()
        },
        faults: vec![bad_from_start()],
        ..SimConfig::default()
    });
    let summary = &stopped.summary;
    assert_eq!(summary.outcome, Outcome::Stopped);
    assert_eq!(summary.rollback_started_s, None);
    assert_eq!(summary.bad_release_stopped_s, None);
    let at = summary.stopped_s.unwrap_or(u32::MAX);
    assert_eq!(summary.rollout_finished_s, Some(at));
    assert!(events(&stopped, EventKind::DeploymentStopped)
        .iter()
        .any(|e| matches!(
            &e.detail,
            EventDetail::Stopped {
                rolling_back: false,
                ..
            }
        )));
    for s in &stopped.series[at as usize + 1..] {
        assert_eq!(s.green_percent, 10.0, "t={}", s.t);
        assert_eq!((s.blue_healthy, s.green_healthy), (20, 20), "t={}", s.t);
    }
    let after: u64 = stopped.series[at as usize + 1..]
        .iter()
        .map(|s| s.green_errors)
        .sum();
    assert!(after > 1_000, "the bad canary keeps failing: {after}");

    let rolled_back = run(&SimConfig {
        deployment_group: DeploymentGroup {
            alarms,
            auto_rollback: AutoRollback::on(&[RollbackEvent::DeploymentStopOnAlarm]),
            ..DeploymentGroup::default()
        },
        strategy: named("CodeDeployDefault.ECSCanary10Percent15Minutes"),
        faults: vec![bad_from_start()],
        ..SimConfig::default()
    });
    assert_eq!(rolled_back.summary.outcome, Outcome::RolledBack);
    assert_eq!(rolled_back.summary.stopped_s, Some(at));
    assert_eq!(rolled_back.summary.rollback_started_s, Some(at));
    assert!(rolled_back.summary.failed_requests * 4 < summary.failed_requests);
    // Enabled for failures only, an alarm still only stops.
    let failure_only = run(&SimConfig {
        deployment_group: DeploymentGroup {
            alarms: vec![green_rate_alarm(5.0)],
            auto_rollback: AutoRollback::on(&[RollbackEvent::DeploymentFailure]),
            ..DeploymentGroup::default()
        },
        strategy: named("CodeDeployDefault.ECSCanary10Percent15Minutes"),
        faults: vec![bad_from_start()],
        ..SimConfig::default()
    });
    assert_eq!(failure_only.summary.outcome, Outcome::Stopped);
    // Disabled, the events do nothing.
    let disabled = AutoRollback {
        enabled: false,
        events: RollbackEvent::ALL.to_vec(),
    };
    assert!(!disabled.rolls_back_on(RollbackEvent::DeploymentStopOnAlarm));
}

/// Stopped in place without a rollback, the fleet runs both versions: the instances that
/// were done (or being deployed to) run green, the rest blue.
#[test]
fn a_stopped_in_place_deployment_leaves_a_mixed_fleet() {
    let config = SimConfig {
        strategy: named("CodeDeployDefault.OneAtATime"),
        deployment_group: DeploymentGroup {
            alarms: vec![DeploymentAlarm::error_rate(0.5, 60, 1, 1)],
            ..DeploymentGroup::default()
        },
        faults: vec![Fault::BadRelease {
            at_s: 0,
            error_rate: 0.2,
            latency_factor: 1.0,
        }],
        ..SimConfig::default()
    };
    let simulation = run(&config);
    assert_eq!(simulation.summary.outcome, Outcome::Stopped);
    let last = simulation
        .series
        .last()
        .map(|s| (s.blue_healthy, s.green_healthy));
    let (blue, green) = last.unwrap_or_default();
    assert!(blue > 0 && green > 0, "mixed: {blue} blue, {green} green");
    assert_eq!(blue + green, 20);
}

/// `KEEP_ALIVE`: once all traffic is on green, blue is deregistered and left running; the
/// deployment is over at once (no rollback to blue is possible any more), and blue's
/// instances are still paid for to the end.
#[test]
fn keep_alive_deregisters_blue_and_keeps_it_running() {
    let fleet = 6;
    let config = SimConfig {
        strategy: Strategy::blue_green(),
        deployment_group: DeploymentGroup {
            blue_termination: BlueTermination {
                action: InstanceAction::KeepAlive,
                wait_s: 600,
            },
            ..DeploymentGroup::default()
        },
        ..small()
    };
    let simulation = run(&config);
    assert_eq!(simulation.summary.outcome, Outcome::Succeeded);
    let shifted = first(&simulation, EventKind::TrafficShifted).unwrap_or(u32::MAX);
    assert_eq!(simulation.summary.rollout_finished_s, Some(shifted));
    assert!(first(&simulation, EventKind::InstancesTerminated).is_none());
    assert_eq!(
        first(&simulation, EventKind::InstancesKeptAlive),
        Some(shifted)
    );
    for s in &simulation.series[shifted as usize + 1..] {
        assert_eq!((s.blue_healthy, s.green_healthy), (0, fleet), "t={}", s.t);
        assert_eq!(s.instances, 2 * fleet, "t={}", s.t);
        assert_eq!(s.blue_requests, 0);
    }
    let terminate = run(&SimConfig {
        deployment_group: DeploymentGroup::default(),
        ..config
    });
    assert!(terminate.summary.instance_minutes < simulation.summary.instance_minutes);
}

/// The wait is the deployment group's: the same deployment configuration keeps blue for
/// the group's `terminationWaitTimeInMinutes`, and a rollback during it is instant.
#[test]
fn the_termination_wait_comes_from_the_deployment_group() {
    let bad_late = Fault::BadRelease {
        at_s: 700,
        error_rate: 0.5,
        latency_factor: 1.0,
    };
    let base = SimConfig {
        strategy: named("CodeDeployDefault.ECSAllAtOnce"),
        deployment_group: DeploymentGroup::rolling_back_on(vec![green_rate_alarm(5.0)]),
        faults: vec![bad_late],
        ..SimConfig::default()
    };
    let no_wait = run(&base);
    assert_eq!(no_wait.summary.outcome, Outcome::Succeeded);
    let kept = run(&SimConfig {
        deployment_group: waiting(&base.deployment_group, 60 * 60),
        ..base.clone()
    });
    assert_eq!(kept.summary.outcome, Outcome::RolledBack);
    assert!(kept.summary.failed_requests * 3 < no_wait.summary.failed_requests);
}
