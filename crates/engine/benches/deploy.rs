//! Benchmark of the deployment simulator: one hour at 1,000 requests per second on 20 targets, a bad canary rolled back by an alarm.
//!
//! Criterion is a native-only dev-dependency, so for `wasm32` this file is an empty program.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::{criterion_group, Criterion};
    use engine::deploy::{
        predefined, simulate, AlarmMetric, DeploymentAlarm, DeploymentGroup, Fault, SimConfig,
        Strategy, Traffic,
    };

    /// The benchmarked run: the default hour (1,000 rps, 20 targets) with a 10% canary
    /// baking for 5 minutes, a release that turns bad, and an alarm on green's 5xx rate.
    fn config() -> SimConfig {
        let strategy = predefined("CodeDeployDefault.ECSCanary10Percent5Minutes")
            .unwrap_or_else(|_| Strategy::canary(10, 300));
        SimConfig {
            seed: 2024,
            duration_s: 3_600,
            traffic: Traffic::Steady { rps: 1_000.0 },
            fleet_size: 20,
            strategy,
            deployment_group: DeploymentGroup::rolling_back_on(vec![DeploymentAlarm {
                name: "GreenErrors".to_string(),
                metric: AlarmMetric::GreenErrorRatePercent,
                ..DeploymentAlarm::error_rate(5.0, 60, 2, 3)
            }]),
            faults: vec![Fault::BadRelease {
                at_s: 0,
                error_rate: 0.3,
                latency_factor: 1.5,
            }],
            ..SimConfig::default()
        }
    }

    /// Simulates the hour.
    fn canary_hour(c: &mut Criterion) {
        let config = config();
        c.bench_function("deploy/canary_rollback_1h_1000rps_20_targets", |b| {
            b.iter(|| simulate(black_box(&config)))
        });
    }

    criterion_group!(benches, canary_hour);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

/// Nothing to run in WebAssembly.
#[cfg(target_arch = "wasm32")]
fn main() {}
