//! Fingerprints of canonical engine runs, to check that a run is bit-identical on every target.
//!
//! Each function runs one engine on fixed inputs built in code (no YAML, so it works without
//! the `yaml` feature) and hashes every number of the result by its bits, every count and
//! every text. The native test below and the browser test `tests/browser_determinism.rs`
//! assert the same constants, so a difference between native code and WebAssembly (or a
//! dependency upgrade that moves a last bit) fails a test.

use crate::alarm::{aggregate, evaluate, AlarmConfig, ComparisonOperator, Statistic};
use crate::deploy::{
    simulate, AlarmMetric, DeploymentAlarm, DeploymentGroup, Fault, HealthCheck, SimConfig,
    Strategy, Traffic, Version,
};
use crate::dora::{four_keys, timeline, Commit, Deployment, DeploymentStatus, EventLog, Incident};
use crate::flags::{
    population, run_ab_test, stage_exposure, stickiness_violations, z_test, AbResult, AbTest,
    FeatureFlag, PopulationSpec, Split, TargetingRule,
};
use crate::numbers::{hash64, Rng};

/// [`dora`]'s fingerprint.
pub const DORA: u64 = 0x03c4_c713_8814_fca3;
/// [`alarm`]'s fingerprint.
pub const ALARM: u64 = 0x1abf_0489_f8ac_93bb;
/// [`deploy`]'s fingerprint.
pub const DEPLOY: u64 = 0xc25d_e0c5_7c8c_25ed;
/// [`flags`]'s fingerprint.
pub const FLAGS: u64 = 0x9528_fd70_a7e3_e6b9;

/// [`telemetry`]'s fingerprint.
#[cfg(feature = "telemetry")]
pub const TELEMETRY: u64 = 0x05fb_7e59_7d10_6938;

/// The engines' fingerprints, by name, with the constants they must equal.
pub fn all() -> Vec<(&'static str, u64, u64)> {
    #[allow(unused_mut)]
    let mut all = vec![
        ("dora", dora(), DORA),
        ("alarm", alarm(), ALARM),
        ("deploy", deploy(), DEPLOY),
        ("flags", flags(), FLAGS),
    ];
    #[cfg(feature = "telemetry")]
    all.push(("telemetry", telemetry(), TELEMETRY));
    all
}

/// The telemetry simulator's canonical run: ten minutes of the default shop with a slow query
/// from minute 3 rolled back at minute 7, every log line and trace kept. Everything it
/// returns is hashed through its `Debug` text, which writes each float as the shortest
/// decimal that reads back to the same bits (so equal texts mean equal bits).
#[cfg(feature = "telemetry")]
pub fn telemetry() -> u64 {
    use crate::telemetry::{
        simulate, Applied, Fault as TFault, Injected, Mitigation, Scenario, TraceSampling,
    };
    let mut s = Scenario::new(600);
    s.seed = 7;
    s.logs.sample_percent = 5.0;
    s.traces.sampling = TraceSampling::All;
    s.faults.push(Injected {
        fault: TFault::SlowQuery {
            service: "orders".into(),
            version: "v2".into(),
            database: "orders-db".into(),
            factor: 50.0,
        },
        start_s: 180,
        end_s: None,
    });
    s.mitigations.push(Applied {
        mitigation: Mitigation::Rollback {
            service: "orders".into(),
        },
        at_s: 420,
    });
    let run = simulate(&s).unwrap_or_else(|e| panic!("{e:?}"));
    let mut b = Bytes::default();
    b.text(&format!("{:?}", run.metrics));
    b.text(&format!("{:?}", run.logs));
    b.text(&format!("{:?}", run.traces));
    b.text(&format!("{:?}", run.graph));
    b.text(&format!("{:?}", run.events));
    b.text(&format!("{:?}", run.totals));
    b.finish()
}

/// Bytes to hash: numbers little-endian, floats by their bits, texts with their length.
#[derive(Default)]
struct Bytes(Vec<u8>);

impl Bytes {
    fn u64(&mut self, x: u64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }

    fn f64(&mut self, x: f64) {
        self.u64(x.to_bits());
    }

    fn opt_u64(&mut self, x: Option<u64>) {
        match x {
            None => self.u64(u64::MAX),
            Some(x) => {
                self.u64(1);
                self.u64(x);
            }
        }
    }

    fn opt_f64(&mut self, x: Option<f64>) {
        self.opt_u64(x.map(f64::to_bits));
    }

    fn text(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn finish(&self) -> u64 {
        hash64(&[&self.0])
    }
}

/// Monday 3 March 2025, 00:00 UTC.
const MARCH_3: i64 = 1_740_960_000;

/// A small event log: two weeks, twelve commits, eight deployments (two failed, one rework)
/// and three incidents (one of them not caused by a deployment).
pub fn event_log() -> EventLog {
    let hour = 3_600;
    let commit = |n: usize, at: i64| Commit {
        id: format!("c{n:02}"),
        at: MARCH_3 + at,
        line: 4 + n,
    };
    let commits: Vec<Commit> = [
        2 * hour + 17,
        5 * hour + 1_234,
        26 * hour,
        30 * hour + 59,
        49 * hour + 600,
        75 * hour + 7,
        98 * hour + 3_000,
        123 * hour + 45,
        170 * hour + 1,
        195 * hour + 2_222,
        240 * hour + 333,
        300 * hour + 3_599,
    ]
    .into_iter()
    .enumerate()
    .map(|(n, at)| commit(n, at))
    .collect();
    let deployment = |n: usize, at: i64, shipped: &[usize], failed: bool| Deployment {
        id: format!("d{n}"),
        at: MARCH_3 + at,
        commits: shipped.iter().map(|c| format!("c{c:02}")).collect(),
        status: if failed {
            DeploymentStatus::Failed
        } else {
            DeploymentStatus::Succeeded
        },
        // d3 rolls forward the fix for i1, the incident d2 caused.
        fixes: (n == 3).then(|| "i1".to_string()),
        reason: (n == 3).then(|| "roll forward".to_string()),
        line: 20 + n,
    };
    let deployments = vec![
        deployment(1, 9 * hour + 77, &[0, 1], false),
        deployment(2, 33 * hour + 5, &[2, 3], true),
        deployment(3, 35 * hour + 900, &[2, 3], false),
        deployment(4, 80 * hour + 13, &[4, 5], false),
        deployment(5, 125 * hour, &[6, 7], false),
        deployment(6, 199 * hour + 1, &[8, 9], true),
        deployment(7, 201 * hour + 3_333, &[8, 9], false),
        deployment(8, 250 * hour + 42, &[10], false),
    ];
    let incident = |n: usize, opened: i64, restored: i64, cause: Option<&str>| Incident {
        id: format!("i{n}"),
        opened: MARCH_3 + opened,
        restored: MARCH_3 + restored,
        deployment: cause.map(str::to_string),
        line: 40 + n,
    };
    let incidents = vec![
        incident(1, 33 * hour + 600, 35 * hour + 1_000, Some("d2")),
        incident(2, 150 * hour, 150 * hour + 2_700, None),
        incident(3, 199 * hour + 300, 202 * hour + 17, Some("d6")),
    ];
    EventLog {
        team: "Fingerprint".to_string(),
        from: MARCH_3,
        to: MARCH_3 + 14 * 24 * hour,
        commits,
        deployments,
        incidents,
    }
}

/// The DORA engine: the five metrics, their levels, the profile reading and the chart
/// timeline of [`event_log`].
pub fn dora() -> u64 {
    let log = event_log();
    let keys = four_keys(&log);
    let mut b = Bytes::default();
    b.f64(keys.window_days);
    b.u64(keys.deployments as u64);
    b.u64(keys.failed_deployments as u64);
    b.f64(keys.deployments_per_day);
    b.f64(keys.deployments_per_week);
    b.opt_f64(keys.lead_time_hours);
    b.opt_f64(keys.change_fail_rate_percent);
    b.opt_f64(keys.recovery_time_hours);
    b.opt_f64(keys.mttr_hours);
    b.u64(keys.delivered_commits as u64);
    b.u64(keys.undelivered_commits as u64);
    b.u64(keys.rework_deployments as u64);
    b.opt_f64(keys.rework_rate_percent);
    for profile in crate::dora::resembles(&keys).map_or(&[][..], |r| r.candidates) {
        b.text(profile.id());
    }
    for key in crate::dora::Key::ALL {
        b.text(keys.level(key).map_or("none", |l| l.id()));
    }
    b.text(keys.overall().map_or("none", |l| l.id()));
    let chart = timeline(&log);
    for day in &chart.days {
        b.u64(u64::from(day.day));
        b.u64(u64::from(day.succeeded));
        b.u64(u64::from(day.failed));
    }
    for span in &chart.incidents {
        b.text(&span.id);
        b.f64(span.start_hours);
        b.f64(span.end_hours);
    }
    b.finish()
}

/// The CloudWatch alarm engine: an error rate drawn per second for 40 one-minute periods
/// (a burst in periods 15 to 22, some periods missing), aggregated with two statistics and
/// evaluated by a 3-of-5 alarm on each.
pub fn alarm() -> u64 {
    let mut rng = Rng::new(404);
    let samples: Vec<Option<Vec<f64>>> = (0..40)
        .map(|period| {
            if period % 9 == 4 {
                return None;
            }
            let level = if (15..23).contains(&period) { 7.0 } else { 1.5 };
            Some(
                (0..60)
                    .map(|_| (level + rng.normal() * 0.8).max(0.0))
                    .collect(),
            )
        })
        .collect();
    let mut b = Bytes::default();
    for statistic in [Statistic::Average, Statistic::Percentile(90.0)] {
        let datapoints: Vec<Option<f64>> = samples
            .iter()
            .map(|s| s.as_ref().and_then(|s| aggregate(statistic, s)))
            .collect();
        let config = AlarmConfig {
            statistic,
            evaluation_periods: 5,
            datapoints_to_alarm: Some(3),
            ..AlarmConfig::new(
                "HTTPCode_Target_5XX_Rate",
                ComparisonOperator::GreaterThanThreshold,
                5.0,
            )
        };
        for datapoint in &datapoints {
            b.opt_f64(*datapoint);
        }
        match evaluate(&config, &datapoints) {
            Ok(evaluation) => {
                for state in &evaluation.states {
                    b.text(state.name());
                }
                for change in &evaluation.changes {
                    b.u64(change.period as u64);
                    b.u64(change.time_seconds);
                    b.text(change.from.name());
                    b.text(change.to.name());
                    b.text(&change.reason);
                }
            }
            Err(error) => b.text(&format!("{error:?}")),
        }
    }
    b.finish()
}

/// The configuration of [`deploy`]'s run: 30 minutes of diurnal traffic on ten targets, a
/// 10% canary baking 5 minutes, a release that turns bad 3 minutes in, an instance crash,
/// and alarms on green's 5xx rate and on p99 latency.
pub fn deploy_config() -> SimConfig {
    SimConfig {
        seed: 2_024,
        duration_s: 1_800,
        traffic: Traffic::Diurnal {
            mean_rps: 400.0,
            amplitude_percent: 30.0,
            period_s: 1_500,
        },
        fleet_size: 10,
        target_capacity_rps: 70.0,
        startup_s: 40,
        health_check: HealthCheck {
            interval_s: 10,
            healthy_threshold: 2,
            unhealthy_threshold: 2,
        },
        blue: Version {
            error_rate: 0.002,
            p50_ms: 45.0,
            p99_ms: 320.0,
        },
        green: Version {
            error_rate: 0.002,
            p50_ms: 40.0,
            p99_ms: 300.0,
        },
        deploy_at_s: 120,
        strategy: Strategy::canary(10, 300),
        deployment_group: DeploymentGroup::rolling_back_on(vec![
            DeploymentAlarm {
                name: "GreenErrors".to_string(),
                metric: AlarmMetric::GreenErrorRatePercent,
                ..DeploymentAlarm::error_rate(5.0, 60, 2, 3)
            },
            DeploymentAlarm::p99_latency(2_000.0, 60, 3, 3),
        ]),
        faults: vec![
            Fault::BadRelease {
                at_s: 180,
                error_rate: 0.25,
                latency_factor: 1.8,
            },
            Fault::InstanceCrash { at_s: 90, count: 1 },
        ],
    }
}

/// The deployment simulator: every second, event and total of [`deploy_config`]'s run.
pub fn deploy() -> u64 {
    let mut b = Bytes::default();
    let run = match simulate(&deploy_config()) {
        Ok(run) => run,
        Err(error) => {
            b.text(&format!("{error:?}"));
            return b.finish();
        }
    };
    for s in &run.series {
        for n in [
            u64::from(s.t),
            s.requests,
            s.blue_requests,
            s.green_requests,
            s.rejected,
            s.blue_errors,
            s.green_errors,
            s.failed,
            u64::from(s.healthy_capacity),
            u64::from(s.blue_healthy),
            u64::from(s.green_healthy),
            u64::from(s.instances),
            s.test_requests,
            s.test_errors,
        ] {
            b.u64(n);
        }
        b.f64(s.error_rate);
        b.opt_f64(s.p50_ms);
        b.opt_f64(s.p99_ms);
        b.f64(s.green_percent);
    }
    for event in &run.events {
        b.u64(u64::from(event.t));
        b.u64(event.kind as u64);
        b.text(&format!("{:?}", event.detail));
    }
    let t = &run.summary;
    for n in [
        t.requests,
        t.failed_requests,
        t.green_failed_requests,
        u64::from(t.outage_seconds),
        u64::from(t.rollout_started_s),
        t.outcome as u64,
        u64::from(t.peak_instances),
        u64::from(t.peak_extra_instances),
    ] {
        b.u64(n);
    }
    for n in [
        t.rollout_finished_s,
        t.rollout_duration_s,
        t.rollback_started_s,
        t.stopped_s,
        t.bad_release_at_s,
        t.bad_release_stopped_s,
    ] {
        b.opt_u64(n.map(u64::from));
    }
    b.f64(t.instance_minutes);
    b.finish()
}

fn ab_result(b: &mut Bytes, r: &AbResult) {
    for n in [r.users_a, r.users_b, r.conversions_a, r.conversions_b] {
        b.u64(n);
    }
    for x in [r.rate_a, r.rate_b, r.difference, r.z, r.p_value] {
        b.f64(x);
    }
    b.u64(u64::from(r.significant));
}

/// Feature flags: a population of 2,000 users, a staged rollout with a staff rule split by
/// user and by session (exposure per stage, stickiness), the incident's timeline with a
/// kill switch, a simulated A/B test and a z-test on counts.
pub fn flags() -> u64 {
    let mut b = Bytes::default();
    let spec = PopulationSpec {
        count: 2_000,
        staff_percent: 5.0,
        seed: 7,
        attribute: "group".into(),
        staff_value: "staff".into(),
        external_value: "customer".into(),
    };
    let users = match population(&spec) {
        Ok(users) => users,
        Err(error) => {
            b.text(&error.to_string());
            return b.finish();
        }
    };
    let staff = spec.staff();
    for user in &users {
        b.text(&user.id);
        b.u64(u64::from(staff.contains(user)));
    }
    let stages: Vec<FeatureFlag> = [0.0, 12.5, 50.0, 100.0]
        .into_iter()
        .map(|percent| FeatureFlag {
            rules: vec![TargetingRule {
                attribute: spec.attribute.clone(),
                equals: spec.staff_value.clone(),
                serve: true,
            }],
            ..FeatureFlag::rollout("one_click_checkout", percent)
        })
        .collect();
    for split in [Split::UserId, Split::SessionId] {
        for (stage, flag) in stages.iter().enumerate() {
            let s = stage_exposure(flag, &users, &staff, split, stage);
            b.f64(s.percent);
            for n in [s.staff, s.staff_exposed, s.external, s.external_exposed] {
                b.u64(u64::from(n));
            }
        }
        b.u64(u64::from(stickiness_violations(&stages, &users, split)));
        let live = FeatureFlag {
            kill_switch_at_s: Some(33 * 60 + 30),
            ..stages[2].clone()
        };
        let incident = crate::flags::Incident {
            at_minute: 30,
            respond_within_minutes: 5,
            duration_minutes: 60,
        };
        match crate::flags::timeline(&live, &users, split, 2, &incident) {
            Ok(t) => {
                for m in &t.minutes {
                    b.u64(u64::from(m.minute));
                    b.u64(u64::from(m.exposed));
                    b.f64(m.percent);
                    b.u64(u64::from(m.killed));
                }
                b.f64(t.after_response_percent());
                b.u64(u64::from(t.minutes_exposed_after_incident()));
            }
            Err(error) => b.text(&error.to_string()),
        }
    }
    let test = AbTest {
        seed: 2_026,
        key: "checkout-ab".into(),
        users: 6_000,
        percent_b: 50.0,
        conversion_a: 0.04,
        conversion_b: 0.045,
    };
    match run_ab_test(&test) {
        Ok(result) => ab_result(&mut b, &result),
        Err(error) => b.text(&error.to_string()),
    }
    ab_result(&mut b, &z_test(4_000, 160, 4_000, 200));
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Natively, each canonical run hashes to its constant (the browser test asserts the same).
    #[test]
    fn fingerprints_match_their_constants() {
        let wrong: Vec<String> = all()
            .into_iter()
            .filter(|(_, value, constant)| value != constant)
            .map(|(name, value, constant)| format!("{name}: {value:#018x}, not {constant:#018x}"))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// The canonical runs are what their documentation says.
    #[test]
    fn the_canonical_runs_do_what_they_say() {
        let keys = four_keys(&event_log());
        assert_eq!((keys.deployments, keys.failed_deployments), (8, 2));
        assert!(keys.lead_time_hours.is_some() && keys.recovery_time_hours.is_some());
        let run = simulate(&deploy_config()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(run.summary.outcome, crate::deploy::Outcome::RolledBack);
        assert_eq!(run.series.len(), 1_800);
        assert!(run.summary.bad_release_stopped_s.is_some());
        assert_ne!(alarm(), 0);
    }
}
