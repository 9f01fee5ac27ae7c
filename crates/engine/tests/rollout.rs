//! The rollout and scaling engine: the documented arithmetic, ECS rolling updates and the
//! circuit breaker, Kubernetes rolling updates and the progress deadline, scaling through a
//! spike (target tracking, HPA, App Runner), unit timelines, and determinism.

use engine::deploy::{HealthCheck, Traffic};
use engine::rollout::*;

fn scenario(platform: Platform, next: Option<Image>) -> Scenario {
    Scenario {
        seed: 7,
        current: Image::good("api:1", 200.0),
        next,
        ..Scenario::new(platform)
    }
}

fn ecs(desired: u32, min: u32, max: u32) -> EcsService {
    EcsService {
        desired_count: desired,
        minimum_healthy_percent: min,
        maximum_percent: max,
        ..EcsService::default()
    }
}

fn good() -> Option<Image> {
    Some(Image::good("api:2", 200.0))
}

fn crashing() -> Option<Image> {
    Some(Image::good("api:2-bad", 200.0).with_fault(ImageFault::CrashOnStart { exit_code: 1 }))
}

fn unhealthy() -> Option<Image> {
    Some(Image::good("api:2-bad", 200.0).with_fault(ImageFault::FailsHealthCheck))
}

/// The units started by each `TasksStarted` event after the deployment began.
fn started_batches(run: &Run) -> Vec<usize> {
    run.events
        .iter()
        .filter(|e| e.t >= 60)
        .filter_map(|e| match &e.kind {
            EventKind::TasksStarted { units } => Some(units.len()),
            _ => None,
        })
        .collect()
}

#[test]
fn ecs_bounds_follow_the_developer_guide() {
    // desired 4: 50 % lets the scheduler stop two first; 200 % lets it start four first.
    assert_eq!(
        ecs_bounds(4, 50, 200),
        EcsBounds {
            min_healthy: 2,
            max_running: 8
        }
    );
    assert_eq!(
        ecs_bounds(4, 100, 200),
        EcsBounds {
            min_healthy: 4,
            max_running: 8
        }
    );
    assert_eq!(
        ecs_bounds(4, 0, 100),
        EcsBounds {
            min_healthy: 0,
            max_running: 4
        }
    );
    // 75 % of 2 rounds up to 2: no task can be stopped first.
    assert_eq!(ecs_bounds(2, 75, 200).min_healthy, 2);
    // desired 3: 50 % is 1.5, rounded up to 2; 150 % is 4.5, rounded down to 4.
    assert_eq!(
        ecs_bounds(3, 50, 150),
        EcsBounds {
            min_healthy: 2,
            max_running: 4
        }
    );
    assert_eq!(
        ecs_bounds(3, 50, 200),
        EcsBounds {
            min_healthy: 2,
            max_running: 6
        }
    );
    assert_eq!(
        ecs_bounds(1, 100, 200),
        EcsBounds {
            min_healthy: 1,
            max_running: 2
        }
    );
    assert_eq!(
        ecs_bounds(10, 90, 110),
        EcsBounds {
            min_healthy: 9,
            max_running: 11
        }
    );
    assert_eq!(
        ecs_bounds(0, 100, 200),
        EcsBounds {
            min_healthy: 0,
            max_running: 0
        }
    );
}

#[test]
fn circuit_breaker_threshold_is_half_the_desired_count_between_3_and_200() {
    assert_eq!(circuit_breaker_threshold(1), 3);
    assert_eq!(circuit_breaker_threshold(4), 3);
    assert_eq!(circuit_breaker_threshold(6), 3);
    assert_eq!(circuit_breaker_threshold(7), 4);
    assert_eq!(circuit_breaker_threshold(10), 5);
    assert_eq!(circuit_breaker_threshold(300), 150);
    assert_eq!(circuit_breaker_threshold(400), 200);
    assert_eq!(circuit_breaker_threshold(500), 200);
}

#[test]
fn ecs_100_200_starts_every_new_task_first_and_never_dips() {
    let run = simulate(&scenario(Platform::Ecs(ecs(4, 100, 200)), good())).unwrap();
    let s = &run.summary;
    assert_eq!(s.outcome, Outcome::Completed);
    assert_eq!(s.rollout_state, Some(RolloutState::Completed));
    assert_eq!(s.min_healthy_during_deploy, Some(4));
    assert_eq!(s.peak_total, 8);
    assert_eq!(started_batches(&run), vec![4]);
    assert!(!s.capacity_exceeded);
    // The old tasks drain for the target group's 300-second deregistration delay before
    // the deployment completes.
    let drained = run
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::DrainingStarted { .. }))
        .unwrap()
        .t;
    assert!(s.finished_s.unwrap() >= drained + 300);
    assert!(run.events.iter().any(|e| e.kind == EventKind::SteadyState));
}

#[test]
fn ecs_50_100_stops_two_tasks_before_starting_two() {
    let run = simulate(&scenario(Platform::Ecs(ecs(4, 50, 100)), good())).unwrap();
    let s = &run.summary;
    assert_eq!(s.outcome, Outcome::Completed);
    assert_eq!(s.min_healthy_during_deploy, Some(2));
    let first_stop = run
        .events
        .iter()
        .find(|e| matches!(&e.kind, EventKind::TasksStopped { units } if units.len() == 2))
        .unwrap();
    assert_eq!(first_stop.t, 60);
    assert_eq!(started_batches(&run)[0], 2);
    // Never more than 4 tasks starting or running (draining ones excepted).
    for tick in &run.series {
        assert!(tick.running[0] + tick.running[1] <= 4, "second {}", tick.t);
    }
}

#[test]
fn ecs_0_100_stops_everything_first_and_drops_requests() {
    let run = simulate(&scenario(Platform::Ecs(ecs(4, 0, 100)), good())).unwrap();
    let s = &run.summary;
    assert_eq!(s.outcome, Outcome::Completed);
    assert_eq!(s.min_healthy_during_deploy, Some(0));
    assert!(s.capacity_exceeded);
    assert!(s.max_5xx_rate > 0.99);
}

#[test]
fn a_crashing_image_trips_the_circuit_breaker_and_rolls_back() {
    let mut service = ecs(4, 100, 200);
    service.circuit_breaker = Some(CircuitBreaker { rollback: true });
    let run = simulate(&scenario(Platform::Ecs(service), crashing())).unwrap();
    let s = &run.summary;
    assert_eq!(s.outcome, Outcome::RolledBack);
    assert_eq!(s.rollout_state, Some(RolloutState::Failed));
    assert!(s.rolled_back_automatically);
    assert_eq!(s.min_healthy_during_deploy, Some(4));
    assert!(!s.capacity_exceeded);
    // Stage 1 failures counted up to the threshold of 3 (desired 4).
    let counted: Vec<(u32, u32)> = run
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::BreakerFailure {
                failures,
                threshold,
                stage: BreakerStage::TaskNotRunning,
            } => Some((failures, threshold)),
            _ => None,
        })
        .collect();
    assert_eq!(counted, vec![(1, 3), (2, 3), (3, 3)]);
    assert!(run.events.iter().any(|e| e.kind
        == EventKind::DeploymentFailed {
            deployment: 2,
            reason: FailReason::TasksFailedToStart,
            rolling_back: true
        }));
    assert!(run.events.iter().any(|e| matches!(
        e.kind,
        EventKind::DeploymentStarted {
            rollback: true,
            version: 0,
            ..
        }
    )));
    // The crashed tasks stopped with ECS's reason and their exit code, never RUNNING.
    let crashed: Vec<&UnitRecord> = run.units.iter().filter(|u| u.version == 1).collect();
    assert!(!crashed.is_empty());
    for unit in crashed {
        assert_eq!(unit.stop_reason, Some(StopReason::EssentialContainerExited));
        assert_eq!(unit.exit_code, Some(1));
        assert!(!unit
            .changes
            .iter()
            .any(|c| c.status == UnitStatus::Task(EcsStatus::Running)));
        assert_eq!(
            unit.changes.last().unwrap().status,
            UnitStatus::Task(EcsStatus::Stopped)
        );
    }
    // Every old task still runs at the end.
    let last = run.series.last().unwrap();
    assert_eq!(last.healthy, [4, 0]);
}

#[test]
fn without_rollback_the_failed_deployment_launches_no_more_tasks() {
    let mut service = ecs(4, 100, 200);
    service.circuit_breaker = Some(CircuitBreaker { rollback: false });
    let run = simulate(&scenario(Platform::Ecs(service), crashing())).unwrap();
    let s = &run.summary;
    assert_eq!(s.outcome, Outcome::Failed);
    assert_eq!(s.rollout_state, Some(RolloutState::Failed));
    assert!(!s.rolled_back_automatically);
    let failed_at = s.finished_s.unwrap();
    assert!(!run
        .events
        .iter()
        .any(|e| e.t > failed_at && matches!(e.kind, EventKind::TasksStarted { .. })));
}

#[test]
fn without_a_circuit_breaker_a_crashing_image_stalls() {
    let run = simulate(&scenario(Platform::Ecs(ecs(4, 100, 200)), crashing())).unwrap();
    assert_eq!(run.summary.outcome, Outcome::Stalled);
    assert_eq!(run.summary.rollout_state, Some(RolloutState::InProgress));
    let failures = run
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::UnitFailed { .. }))
        .count();
    assert!(failures > 20, "{failures}");
}

#[test]
fn a_failing_health_check_counts_in_stage_two() {
    let mut service = ecs(10, 100, 200);
    service.circuit_breaker = Some(CircuitBreaker { rollback: true });
    service.health_check = HealthCheck {
        interval_s: 10,
        healthy_threshold: 3,
        unhealthy_threshold: 2,
    };
    service.health_check_grace_period_s = 60;
    let run = simulate(&scenario(Platform::Ecs(service), unhealthy())).unwrap();
    let stages: Vec<(u32, u32, BreakerStage)> = run
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::BreakerFailure {
                failures,
                threshold,
                stage,
            } => Some((failures, threshold, stage)),
            _ => None,
        })
        .collect();
    assert_eq!(stages.len(), 5);
    assert!(stages
        .iter()
        .all(|&(_, threshold, stage)| threshold == 5 && stage == BreakerStage::HealthChecks));
    assert_eq!(run.summary.outcome, Outcome::RolledBack);
    // The grace period: no task is stopped for its health checks within 60 s of running.
    for unit in run.units.iter().filter(|u| u.version == 1) {
        let running = unit
            .changes
            .iter()
            .find(|c| c.status == UnitStatus::Task(EcsStatus::Running))
            .map(|c| c.t);
        let draining = unit
            .changes
            .iter()
            .find(|c| c.status == UnitStatus::Task(EcsStatus::Deactivating))
            .map(|c| c.t);
        if let (Some(r), Some(d)) = (running, draining) {
            assert!(d >= r + 60, "unit {} ran at {r}, drained at {d}", unit.id);
        }
    }
}

#[test]
fn an_ecs_task_goes_through_the_documented_lifecycle() {
    let run = simulate(&scenario(Platform::Ecs(ecs(2, 100, 200)), good())).unwrap();
    let old = &run.units[0];
    let statuses: Vec<EcsStatus> = old
        .changes
        .iter()
        .filter_map(|c| match c.status {
            UnitStatus::Task(s) => Some(s),
            _ => None,
        })
        .collect();
    let mut dedup = statuses.clone();
    dedup.dedup();
    assert_eq!(
        dedup,
        vec![
            EcsStatus::Running,
            EcsStatus::Deactivating,
            EcsStatus::Stopping,
            EcsStatus::Deprovisioning,
            EcsStatus::Stopped
        ]
    );
    let drained = old
        .changes
        .iter()
        .find(|c| c.status == UnitStatus::Task(EcsStatus::Deactivating))
        .unwrap()
        .t;
    assert_eq!(old.desired_status(drained - 1), EcsStatus::Running);
    assert_eq!(old.desired_status(drained), EcsStatus::Stopped);
    let new = run.units.iter().find(|u| u.version == 1).unwrap();
    assert_eq!(new.desired_status(u32::MAX), EcsStatus::Running);
    let mut statuses: Vec<EcsStatus> = new
        .changes
        .iter()
        .filter_map(|c| match c.status {
            UnitStatus::Task(s) => Some(s),
            _ => None,
        })
        .collect();
    statuses.dedup();
    assert_eq!(
        statuses,
        vec![
            EcsStatus::Provisioning,
            EcsStatus::Pending,
            EcsStatus::Activating,
            EcsStatus::Running
        ]
    );
    let healths: Vec<Health> = new.changes.iter().map(|c| c.health).collect();
    assert!(healths.contains(&Health::Initial) && healths.ends_with(&[Health::Healthy]));
}

#[test]
fn a_larger_image_starts_later() {
    let small = simulate(&scenario(Platform::Ecs(ecs(2, 100, 200)), good())).unwrap();
    let big = simulate(&scenario(
        Platform::Ecs(ecs(2, 100, 200)),
        Some(Image::good("api:2-fat", 1_200.0)),
    ))
    .unwrap();
    let registered = |run: &Run| {
        run.events
            .iter()
            .find(|e| matches!(e.kind, EventKind::TargetsRegistered { .. }))
            .unwrap()
            .t
    };
    assert_eq!(registered(&big) - registered(&small), 25);
}

fn k8s(replicas: u32, max_surge: u32, max_unavailable: u32) -> K8sDeployment {
    K8sDeployment {
        replicas,
        strategy: K8sStrategy::RollingUpdate {
            max_surge,
            max_unavailable,
        },
        ..K8sDeployment::default()
    }
}

fn new_rs_steps(run: &Run) -> Vec<(u32, u32)> {
    run.events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::ReplicaSetScaled {
                version: 1,
                from,
                to,
            } => Some((from, to)),
            _ => None,
        })
        .collect()
}

fn old_rs_steps(run: &Run) -> Vec<(u32, u32)> {
    run.events
        .iter()
        .filter(|e| e.t >= 60)
        .filter_map(|e| match e.kind {
            EventKind::ReplicaSetScaled {
                version: 0,
                from,
                to,
            } => Some((from, to)),
            _ => None,
        })
        .collect()
}

#[test]
fn kubernetes_max_surge_1_max_unavailable_0_replaces_one_pod_at_a_time() {
    let run = simulate(&scenario(Platform::Kubernetes(k8s(4, 1, 0)), good())).unwrap();
    let s = &run.summary;
    assert_eq!(s.outcome, Outcome::Completed);
    assert_eq!(new_rs_steps(&run), vec![(0, 1), (1, 2), (2, 3), (3, 4)]);
    assert_eq!(old_rs_steps(&run), vec![(4, 3), (3, 2), (2, 1), (1, 0)]);
    assert_eq!(s.min_healthy_during_deploy, Some(4));
    for tick in &run.series {
        assert!(tick.running[0] + tick.running[1] <= 5, "second {}", tick.t);
    }
    assert!(!s.rolled_back_automatically);
}

#[test]
fn kubernetes_25_percent_on_10_replicas() {
    assert_eq!(
        resolve_rolling_update(10, IntOrPercent::Percent(25), IntOrPercent::Percent(25)),
        (3, 2)
    );
    let run = simulate(&scenario(Platform::Kubernetes(k8s(10, 3, 2)), good())).unwrap();
    let s = &run.summary;
    assert_eq!(s.outcome, Outcome::Completed);
    let new = new_rs_steps(&run);
    let old = old_rs_steps(&run);
    // First step: the new ReplicaSet to 3 (10 + 3 − 10) and the old one to 8 (10 − 2).
    assert_eq!(new[0], (0, 3));
    assert_eq!(old[0], (10, 8));
    assert_eq!(new.last().unwrap().1, 10);
    assert_eq!(old.last().unwrap().1, 0);
    // Each sync scales the new ReplicaSet up before scaling old ones down.
    assert_eq!(new, vec![(0, 3), (3, 5), (5, 8), (8, 10)]);
    assert_eq!(old, vec![(10, 8), (8, 5), (5, 3), (3, 0)]);
    assert_eq!(s.min_healthy_during_deploy, Some(8));
    for tick in &run.series {
        assert!(tick.running[0] + tick.running[1] <= 13, "second {}", tick.t);
    }
}

#[test]
fn resolving_surge_and_unavailable_rounds_as_kubernetes_does() {
    use IntOrPercent::*;
    assert_eq!(resolve_rolling_update(4, Percent(25), Percent(25)), (1, 1));
    assert_eq!(resolve_rolling_update(3, Percent(25), Percent(25)), (1, 0));
    assert_eq!(resolve_rolling_update(1, Percent(0), Percent(0)), (0, 1));
    assert_eq!(resolve_rolling_update(5, Int(2), Percent(50)), (2, 2));
}

#[test]
fn a_failing_readiness_probe_stalls_at_the_progress_deadline_without_rollback() {
    let run = simulate(&scenario(Platform::Kubernetes(k8s(4, 1, 1)), unhealthy())).unwrap();
    let s = &run.summary;
    assert_eq!(s.outcome, Outcome::Stalled);
    assert!(!s.rolled_back_automatically);
    let stalled = run
        .events
        .iter()
        .find(|e| {
            matches!(
                e.kind,
                EventKind::ProgressDeadlineExceeded { deadline_s: 600 }
            )
        })
        .unwrap();
    // The last progress was the new ReplicaSet's second scale-up, one second after the
    // deployment started (the old one had been scaled down to 3).
    assert_eq!(stalled.t, 61 + 601);
    // maxUnavailable 1: three old pods keep serving; the new ones run but are never ready.
    let last = run.series.last().unwrap();
    assert_eq!(last.healthy, [3, 0]);
    assert_eq!(last.running[1], 2);
}

#[test]
fn recreate_kills_every_old_pod_first() {
    let mut d = k8s(4, 1, 0);
    d.strategy = K8sStrategy::Recreate;
    let run = simulate(&scenario(Platform::Kubernetes(d), good())).unwrap();
    assert_eq!(run.summary.outcome, Outcome::Completed);
    assert_eq!(run.summary.min_healthy_during_deploy, Some(0));
    assert!(run.summary.capacity_exceeded);
}

#[test]
fn a_crashing_pod_backs_off() {
    let run = simulate(&scenario(Platform::Kubernetes(k8s(4, 1, 0)), crashing())).unwrap();
    assert_eq!(run.summary.outcome, Outcome::Stalled);
    let pod = run.units.iter().find(|u| u.version == 1).unwrap();
    assert!(pod.restarts >= 4, "{}", pod.restarts);
    assert!(pod
        .changes
        .iter()
        .any(|c| c.status == UnitStatus::Pod(PodStatus::CrashLoopBackOff)));
    let waits: Vec<u32> = run
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::BackOff {
                unit, backoff_s, ..
            } if unit == pod.id => Some(backoff_s),
            _ => None,
        })
        .collect();
    assert_eq!(&waits[..4], &[10, 20, 40, 80]);
}

#[test]
fn hpa_formula_with_tolerance() {
    // The Kubernetes blog's example: 50 replicas at 90 % for a 75 % target → 60.
    assert_eq!(hpa_desired(50, 90.0, 75.0, 0.1), 60);
    assert_eq!(hpa_desired(4, 90.0, 75.0, 0.1), 5);
    // Within 10 % of the target: no change.
    assert_eq!(hpa_desired(10, 80.0, 75.0, 0.1), 10);
    assert_eq!(hpa_desired(10, 70.0, 75.0, 0.1), 10);
    // Outside it.
    assert_eq!(hpa_desired(10, 50.0, 75.0, 0.1), 7);
    assert_eq!(hpa_desired(1, 200.0, 50.0, 0.1), 4);
    assert_eq!(hpa_desired(10, 84.0, 75.0, 0.0), 12);
}

#[test]
fn hpa_counts_pods_not_yet_ready_as_idle_when_scaling_up() {
    // 4 ready pods at 90 % for a 60 % target, no pod starting: ceil(1.5 × 4) = 6.
    assert_eq!(hpa_replicas(4, 4, 0, 90.0, 60.0, 0.1), 6);
    // 2 more starting: 90 × 4 / (60 × 6) = 1.0, no longer above the target: no change.
    assert_eq!(hpa_replicas(6, 4, 2, 90.0, 60.0, 0.1), 6);
    // 1 starting: 90 × 4 / (60 × 5) = 1.2 → ceil(1.2 × 5) = 6.
    assert_eq!(hpa_replicas(5, 4, 1, 90.0, 60.0, 0.1), 6);
    // Scaling down ignores them: ceil(30 / 60 × 4) = 2.
    assert_eq!(hpa_replicas(6, 4, 2, 30.0, 60.0, 0.1), 2);
    // Within the tolerance, or without a ready pod: the current count.
    assert_eq!(hpa_replicas(6, 4, 2, 64.0, 60.0, 0.1), 6);
    assert_eq!(hpa_replicas(3, 0, 3, 0.0, 60.0, 0.1), 3);
}

fn spike_scenario(platform: Platform) -> Scenario {
    let mut sc = scenario(platform, None);
    sc.duration_s = 3_600;
    sc.traffic = Traffic::Steady { rps: 150.0 };
    sc.spikes = vec![Spike {
        at_s: 600,
        duration_s: 900,
        multiplier: 3.0,
    }];
    sc
}

#[test]
fn hpa_scales_up_through_a_spike_and_down_after_its_window() {
    let mut d = k8s(4, 1, 0);
    d.hpa = Some(Hpa::new(2, 20, 60.0));
    let run = simulate(&spike_scenario(Platform::Kubernetes(d))).unwrap();
    let scaled: Vec<(u32, u32, u32)> = run
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Scaled {
                by: Scaler::Hpa,
                from,
                to,
                ..
            } => Some((e.t, from, to)),
            _ => None,
        })
        .collect();
    let up = scaled
        .iter()
        .find(|&&(t, from, to)| t >= 600 && to > from)
        .unwrap();
    assert!(up.0 <= 600 + 30, "{scaled:?}");
    assert!(run.summary.peak_desired >= 9, "{scaled:?}");
    // Scale-down waits for the 300-second stabilization window after the spike ends.
    let down = scaled
        .iter()
        .find(|&&(t, from, to)| t >= 1_500 && to < from)
        .unwrap();
    assert!(down.0 >= 1_500 + 300, "{scaled:?}");
    // Every sync is on a 15-second boundary.
    assert!(scaled.iter().all(|&(t, _, _)| t % 15 == 0));
}

#[test]
fn hpa_policies_limit_the_scale_up_rate() {
    let mut d = k8s(2, 1, 0);
    let mut hpa = Hpa::new(2, 50, 50.0);
    hpa.scale_up.policies = vec![HpaPolicy {
        kind: PolicyKind::Pods,
        value: 1,
        period_s: 60,
    }];
    d.hpa = Some(hpa);
    let run = simulate(&spike_scenario(Platform::Kubernetes(d))).unwrap();
    let ups: Vec<(u32, u32, u32)> = run
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Scaled { from, to, .. } if to > from => Some((e.t, from, to)),
            _ => None,
        })
        .collect();
    assert!(ups.len() >= 2);
    for pair in ups.windows(2) {
        assert_eq!(pair[0].2 - pair[0].1, 1);
        assert!(pair[1].0 - pair[0].0 >= 60, "{ups:?}");
    }
}

#[test]
fn target_tracking_scales_out_through_a_spike() {
    let mut service = ecs(3, 100, 200);
    service.autoscaling = Some(TargetTracking {
        metric: TrackedMetric::EcsServiceAverageCpuUtilization,
        target_value: 60.0,
        min_capacity: 2,
        max_capacity: 20,
        scale_out_cooldown_s: 300,
        scale_in_cooldown_s: 300,
        disable_scale_in: false,
    });
    let run = simulate(&spike_scenario(Platform::Ecs(service))).unwrap();
    let scaled: Vec<(u32, u32, u32)> = run
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Scaled {
                by: Scaler::TargetTracking,
                from,
                to,
                ..
            } => Some((e.t, from, to)),
            _ => None,
        })
        .collect();
    let out = scaled.iter().find(|&&(_, from, to)| to > from).unwrap();
    // Three one-minute datapoints above the target after the spike at 600 s.
    assert_eq!(out.0, 600 + 180, "{scaled:?}");
    // CPU saturates at 100 %: ceil(3 × 100 / 60) = 5 is not enough, and the next scale-out
    // waits for the 300-second scale-out cooldown.
    assert_eq!((out.1, out.2), (3, 5), "{scaled:?}");
    let second = scaled
        .iter()
        .filter(|&&(_, from, to)| to > from)
        .nth(1)
        .unwrap();
    assert_eq!(second.0, out.0 + 300, "{scaled:?}");
    // The spike overloads the service until the new tasks are healthy.
    assert!(run.summary.capacity_exceeded);
    // Scale-in needs 15 datapoints below the target, after the last scale-out.
    let scale_in = scaled.iter().find(|&&(_, from, to)| to < from).unwrap();
    assert!(scale_in.0 >= second.0 + 15 * 60, "{scaled:?}");
    assert_eq!(scale_in.2, 3, "{scaled:?}");
}

#[test]
fn alb_request_count_per_target_is_per_minute() {
    let mut service = ecs(3, 100, 200);
    service.autoscaling = Some(TargetTracking {
        metric: TrackedMetric::AlbRequestCountPerTarget,
        target_value: 3_500.0,
        min_capacity: 2,
        max_capacity: 20,
        scale_out_cooldown_s: 60,
        scale_in_cooldown_s: 300,
        disable_scale_in: true,
    });
    let run = simulate(&spike_scenario(Platform::Ecs(service))).unwrap();
    // 150 rps on 3 targets is 3,000 a minute each: no scaling before the spike; 450 rps
    // after it is about 9,000 a minute each: ceil(3 × 9,000 / 3,500) = 8.
    let first = run
        .events
        .iter()
        .find_map(|e| match e.kind {
            EventKind::Scaled {
                from, to, metric, ..
            } => Some((e.t, from, to, metric)),
            _ => None,
        })
        .unwrap();
    assert!(first.0 > 600);
    assert!(first.3 > 8_000.0 && first.3 < 10_000.0, "{first:?}");
    assert_eq!(first.2, 8);
    assert!(!run
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::Scaled { from, to, .. } if to < from)));
}

#[test]
fn app_runner_instances_follow_concurrency() {
    assert_eq!(app_runner_instances(0.0, 100, 1, 25), 1);
    assert_eq!(app_runner_instances(50.0, 100, 1, 25), 1);
    assert_eq!(app_runner_instances(100.0, 100, 1, 25), 1);
    assert_eq!(app_runner_instances(101.0, 100, 1, 25), 2);
    assert_eq!(app_runner_instances(1_000.0, 100, 1, 25), 10);
    assert_eq!(app_runner_instances(5_000.0, 100, 1, 25), 25);
    assert_eq!(app_runner_instances(30.0, 10, 1, 25), 3);
    assert_eq!(app_runner_instances(10.0, 100, 3, 25), 3);
}

#[test]
fn app_runner_scales_with_a_spike_and_bills_active_instances() {
    let mut sc = spike_scenario(Platform::AppRunner(AppRunnerService {
        max_size: 5,
        ..AppRunnerService::default()
    }));
    // Mean latency ≈ 0.05 s: 1,500 rps is about 75 concurrent requests per … instance limit
    // of 100; the spike triples it to about 225: 3 instances.
    sc.traffic = Traffic::Steady { rps: 1_500.0 };
    sc.capacity_rps = 10_000.0;
    let run = simulate(&sc).unwrap();
    assert!(run.summary.peak_desired >= 3, "{:?}", run.summary);
    assert!(run.summary.peak_desired <= 5);
    let bill = run.summary.app_runner.unwrap();
    assert!(bill.active_hours > 0.9 && bill.cost_usd > 0.0, "{bill:?}");
    // Without traffic, the one provisioned instance pays memory only.
    let mut idle = sc.clone();
    idle.traffic = Traffic::Steady { rps: 0.0 };
    idle.spikes.clear();
    let run = simulate(&idle).unwrap();
    let bill = run.summary.app_runner.unwrap();
    assert_eq!(bill.active_hours, 0.0);
    assert!((bill.provisioned_hours - 1.0).abs() < 1e-9);
    assert!((bill.cost_usd - 2.0 * app_runner_price::GB_HOUR).abs() < 1e-12);
}

#[test]
fn app_runner_throttles_above_max_size() {
    let mut sc = spike_scenario(Platform::AppRunner(AppRunnerService {
        max_size: 2,
        ..AppRunnerService::default()
    }));
    sc.traffic = Traffic::Steady { rps: 3_000.0 };
    sc.capacity_rps = 100_000.0;
    let run = simulate(&sc).unwrap();
    assert!(run.summary.throttled_429 > 0);
    assert_eq!(run.summary.peak_desired, 2);
    assert!(run.summary.errors_5xx < run.summary.throttled_429);
}

#[test]
fn app_runner_deploys_a_replacement_fleet_or_keeps_the_old_one() {
    let sc = scenario(Platform::AppRunner(AppRunnerService::default()), good());
    let run = simulate(&sc).unwrap();
    assert_eq!(run.summary.outcome, Outcome::Completed);
    assert!(run
        .events
        .iter()
        .any(|e| e.kind == EventKind::TrafficSwitched { version: 1 }));
    let last = run.series.last().unwrap();
    assert_eq!(last.healthy[0], 0);
    let bad = simulate(&scenario(
        Platform::AppRunner(AppRunnerService::default()),
        unhealthy(),
    ))
    .unwrap();
    assert_eq!(bad.summary.outcome, Outcome::Failed);
    assert_eq!(
        bad.summary.errors_5xx,
        bad.series.iter().map(|t| t.errors_5xx).sum::<u64>()
    );
    let last = bad.series.last().unwrap();
    assert!(last.healthy[0] >= 1 && last.healthy[1] == 0);
}

#[test]
fn the_same_seed_gives_the_same_run() {
    let mut service = ecs(4, 50, 200);
    service.circuit_breaker = Some(CircuitBreaker { rollback: true });
    let sc = scenario(Platform::Ecs(service), crashing());
    assert_eq!(simulate(&sc).unwrap(), simulate(&sc).unwrap());
    let mut other = sc.clone();
    other.seed = 8;
    assert_ne!(
        simulate(&sc).unwrap().series,
        simulate(&other).unwrap().series
    );
    let mut d = k8s(4, 1, 0);
    d.hpa = Some(Hpa::new(2, 20, 60.0));
    let sc = spike_scenario(Platform::Kubernetes(d));
    assert_eq!(simulate(&sc).unwrap(), simulate(&sc).unwrap());
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let mut sc = scenario(Platform::Ecs(ecs(4, 100, 200)), good());
    sc.traffic = Traffic::Steady { rps: f64::NAN };
    assert_eq!(simulate(&sc).unwrap_err().field, "traffic");
    let sc = scenario(Platform::Ecs(ecs(4, 150, 200)), good());
    assert!(simulate(&sc).is_err());
    let sc = scenario(Platform::Kubernetes(k8s(4, 0, 0)), good());
    assert!(simulate(&sc).is_err());
    let mut sc = scenario(Platform::Ecs(ecs(4, 100, 200)), good());
    sc.duration_s = 0;
    assert!(simulate(&sc).is_err());
    // Zero tasks, a zero-size image, a huge image: they run.
    let mut sc = scenario(Platform::Ecs(ecs(0, 100, 200)), Some(Image::good("x", 0.0)));
    assert!(simulate(&sc).is_ok());
    sc.next = Some(Image::good("huge", 99_999.0));
    assert!(simulate(&sc).is_ok());
}

fn erroring() -> Option<Image> {
    let mut image = Image::good("api:2-buggy", 200.0);
    image.error_rate = 0.3;
    Some(image)
}

fn with_alarm(mut service: EcsService, rollback: bool) -> EcsService {
    service.alarms = Some(EcsAlarms {
        alarms: vec![engine::deploy::DeploymentAlarm::error_rate(5.0, 60, 1, 1)],
        rollback,
    });
    service
}

fn stages(run: &Run) -> Vec<LifecycleStage> {
    run.events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Stage { stage } => Some(stage),
            _ => None,
        })
        .collect()
}

fn blue_green(bake_time_s: u32, failing_hook: Option<LifecycleStage>) -> EcsService {
    EcsService {
        strategy: EcsStrategy::BlueGreen {
            bake_time_s,
            failing_hook,
        },
        ..ecs(4, 100, 200)
    }
}

#[test]
fn ecs_blue_green_shifts_all_traffic_at_once_and_bakes() {
    let run = simulate(&scenario(Platform::Ecs(blue_green(300, None)), good())).unwrap();
    let s = &run.summary;
    assert_eq!(s.outcome, Outcome::Completed);
    assert_eq!(
        stages(&run),
        vec![
            LifecycleStage::PreScaleUp,
            LifecycleStage::ScaleUp,
            LifecycleStage::PostScaleUp,
            LifecycleStage::TestTrafficShift,
            LifecycleStage::PostTestTrafficShift,
            LifecycleStage::ProductionTrafficShift,
            LifecycleStage::PostProductionTrafficShift,
            LifecycleStage::BakeTime,
            LifecycleStage::CleanUp,
        ]
    );
    let switched = run
        .events
        .iter()
        .find(|e| e.kind == EventKind::TrafficSwitched { version: 1 })
        .unwrap()
        .t;
    // All at once: no second serves both versions.
    for tick in &run.series {
        assert!(
            tick.served[0] == 0 || tick.served[1] == 0,
            "second {}",
            tick.t
        );
        if tick.t < switched {
            assert_eq!(tick.served[1], 0);
        } else if tick.requests > 0 {
            assert_eq!(tick.served[0], 0, "second {}", tick.t);
        }
    }
    let clean_up = run
        .events
        .iter()
        .find(|e| {
            e.kind
                == EventKind::Stage {
                    stage: LifecycleStage::CleanUp,
                }
        })
        .unwrap()
        .t;
    assert_eq!(clean_up, switched + 300);
    assert_eq!(s.peak_total, 8);
    assert_eq!(s.min_healthy_during_deploy, Some(4));
}

#[test]
fn a_failing_lifecycle_hook_rolls_blue_green_back_before_production_traffic() {
    let run = simulate(&scenario(
        Platform::Ecs(blue_green(300, Some(LifecycleStage::PostTestTrafficShift))),
        good(),
    ))
    .unwrap();
    assert_eq!(run.summary.outcome, Outcome::RolledBack);
    assert!(run.events.iter().any(|e| matches!(
        e.kind,
        EventKind::DeploymentFailed {
            reason: FailReason::LifecycleHook,
            rolling_back: true,
            ..
        }
    )));
    assert!(run.series.iter().all(|t| t.served[1] == 0));
    assert_eq!(
        *stages(&run).last().unwrap(),
        LifecycleStage::PostTestTrafficShift
    );
}

#[test]
fn an_alarm_during_the_bake_time_rolls_blue_green_back() {
    let service = with_alarm(blue_green(600, None), true);
    let run = simulate(&scenario(Platform::Ecs(service), erroring())).unwrap();
    assert_eq!(run.summary.outcome, Outcome::RolledBack);
    let switched = run
        .events
        .iter()
        .find(|e| e.kind == EventKind::TrafficSwitched { version: 1 })
        .unwrap()
        .t;
    let failed = run
        .events
        .iter()
        .find(|e| {
            matches!(
                e.kind,
                EventKind::DeploymentFailed {
                    reason: FailReason::Alarm,
                    ..
                }
            )
        })
        .unwrap()
        .t;
    assert!(
        failed > switched && failed <= switched + 120,
        "{switched} {failed}"
    );
    // Blue serves again at once.
    let after = &run.series[failed as usize + 1];
    assert_eq!(after.served[1], 0);
    assert!(after.served[0] > 0);
    assert_eq!(run.alarms.len(), 1);
    assert!(run.alarms[0].datapoints.iter().any(|d| d.breaching));
}

#[test]
fn deployment_alarms_fail_a_rolling_update_and_bake_a_good_one() {
    let run = simulate(&scenario(
        Platform::Ecs(with_alarm(ecs(4, 100, 200), true)),
        erroring(),
    ))
    .unwrap();
    assert_eq!(run.summary.outcome, Outcome::RolledBack);
    assert_eq!(run.summary.rollout_state, Some(RolloutState::Failed));
    let mut sc = scenario(
        Platform::Ecs(with_alarm(ecs(4, 100, 200), false)),
        erroring(),
    );
    sc.seed = 11;
    let run = simulate(&sc).unwrap();
    assert_eq!(run.summary.outcome, Outcome::Failed);
    // A good image: COMPLETED one bake time (60 s × 1 evaluation period) after the steady state.
    let run = simulate(&scenario(
        Platform::Ecs(with_alarm(ecs(4, 100, 200), true)),
        good(),
    ))
    .unwrap();
    assert_eq!(run.summary.outcome, Outcome::Completed);
    let bake = run
        .events
        .iter()
        .find(|e| e.kind == EventKind::BakeTime { seconds: 60 })
        .unwrap()
        .t;
    assert_eq!(run.summary.finished_s, Some(bake + 60));
}

#[test]
fn a_long_run_with_many_tasks_stays_fast() {
    let mut sc = scenario(Platform::Ecs(ecs(MAX_UNITS, 50, 200)), crashing());
    // Four hours of the largest service replacing crashing tasks (a day takes about 15 s
    // unoptimized, 1 to 2 s optimized).
    sc.duration_s = 4 * 3_600;
    sc.traffic = Traffic::Steady { rps: 20_000.0 };
    let started = std::time::Instant::now();
    let run = simulate(&sc).unwrap();
    assert_eq!(run.series.len(), 4 * 3_600);
    assert_eq!(run.summary.outcome, Outcome::Stalled);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

#[test]
fn a_full_cluster_needs_max_unavailable() {
    // Room for exactly 4 pods: with maxSurge 1 and maxUnavailable 0 the surge pod never
    // schedules, no old pod may go, and the rollout stalls.
    let mut d = k8s(4, 1, 0);
    d.max_pods = Some(4);
    let run = simulate(&scenario(Platform::Kubernetes(d), good())).unwrap();
    assert_eq!(run.summary.outcome, Outcome::Stalled);
    assert!(run
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::FailedScheduling { .. })));
    assert_eq!(run.series.last().unwrap().healthy, [4, 0]);
    // maxSurge 0 and maxUnavailable 1: one pod at a time makes room, and it completes.
    let mut d = k8s(4, 0, 1);
    d.max_pods = Some(4);
    let run = simulate(&scenario(Platform::Kubernetes(d), good())).unwrap();
    assert_eq!(run.summary.outcome, Outcome::Completed);
    for tick in &run.series {
        assert!(tick.running[0] + tick.running[1] <= 4, "second {}", tick.t);
    }
    assert_eq!(run.summary.min_healthy_during_deploy, Some(3));
}

#[test]
fn peak_active_leaves_draining_tasks_out() {
    let run = simulate(&scenario(Platform::Ecs(ecs(4, 50, 100)), good())).unwrap();
    assert_eq!(run.summary.peak_active, 4);
    assert!(run.summary.peak_total > 4);
}

/// Random scenarios within the documented ranges: no panic, and the series stays coherent.
#[test]
fn random_scenarios_run_and_stay_coherent() {
    let mut rng = engine::numbers::Rng::new(2026);
    let mut pick = |n: u64| rng.next_u64() % n;
    for case in 0..120 {
        let fault = match pick(3) {
            0 => ImageFault::None,
            1 => ImageFault::CrashOnStart { exit_code: 2 },
            _ => ImageFault::FailsHealthCheck,
        };
        let next = Image::good("next", pick(2_000) as f64).with_fault(fault);
        let platform = match pick(3) {
            0 => Platform::Ecs(EcsService {
                desired_count: pick(12) as u32,
                minimum_healthy_percent: pick(101) as u32,
                maximum_percent: 100 + pick(150) as u32,
                health_check_grace_period_s: pick(120) as u32,
                circuit_breaker: (pick(2) == 0).then_some(CircuitBreaker {
                    rollback: pick(2) == 0,
                }),
                deregistration_delay_s: pick(400) as u32,
                autoscaling: (pick(2) == 0).then_some(TargetTracking {
                    metric: TrackedMetric::EcsServiceAverageCpuUtilization,
                    target_value: 20.0 + pick(60) as f64,
                    min_capacity: 1,
                    max_capacity: 1 + pick(20) as u32,
                    scale_out_cooldown_s: pick(300) as u32,
                    scale_in_cooldown_s: pick(300) as u32,
                    disable_scale_in: pick(2) == 0,
                }),
                strategy: if pick(3) == 0 {
                    EcsStrategy::BlueGreen {
                        bake_time_s: pick(600) as u32,
                        failing_hook: None,
                    }
                } else {
                    EcsStrategy::Rolling
                },
                ..EcsService::default()
            }),
            1 => {
                let surge = pick(4) as u32;
                Platform::Kubernetes(K8sDeployment {
                    replicas: pick(12) as u32,
                    strategy: if pick(4) == 0 {
                        K8sStrategy::Recreate
                    } else {
                        K8sStrategy::RollingUpdate {
                            max_surge: surge,
                            max_unavailable: if surge == 0 { 1 } else { pick(3) as u32 },
                        }
                    },
                    min_ready_seconds: pick(30) as u32,
                    progress_deadline_seconds: pick(900) as u32,
                    hpa: (pick(2) == 0)
                        .then(|| Hpa::new(1, 1 + pick(20) as u32, 30.0 + pick(50) as f64)),
                    max_pods: (pick(3) == 0).then(|| pick(15) as u32),
                    ..K8sDeployment::default()
                })
            }
            _ => Platform::AppRunner(AppRunnerService {
                max_concurrency: 1 + pick(200) as u32,
                min_size: 1 + pick(5) as u32,
                max_size: 6 + pick(20) as u32,
                ..AppRunnerService::default()
            }),
        };
        let mut sc = scenario(platform, Some(next));
        sc.seed = case;
        sc.duration_s = 1 + pick(1_500) as u32;
        sc.deploy_at_s = pick(300) as u32;
        sc.traffic = Traffic::Steady {
            rps: pick(3_000) as f64,
        };
        sc.spikes = vec![Spike {
            at_s: pick(600) as u32,
            duration_s: pick(600) as u32,
            multiplier: 1.0 + pick(5) as f64,
        }];
        let run = simulate(&sc).unwrap_or_else(|e| panic!("case {case}: {e:?}"));
        assert_eq!(run.series.len(), sc.duration_s as usize);
        for tick in &run.series {
            assert!(
                tick.healthy[0] + tick.healthy[1] <= tick.total,
                "case {case}"
            );
            assert!(
                tick.served[0] + tick.served[1] <= tick.requests,
                "case {case}"
            );
            assert!((0.0..=1.0).contains(&tick.error_rate), "case {case}");
            assert!((0.0..=100.0).contains(&tick.cpu_percent), "case {case}");
        }
        assert!(
            run.events.windows(2).all(|w| w[0].t <= w[1].t),
            "case {case}"
        );
        for unit in &run.units {
            assert!(
                unit.changes.windows(2).all(|w| w[0].t <= w[1].t),
                "case {case}"
            );
        }
    }
}
