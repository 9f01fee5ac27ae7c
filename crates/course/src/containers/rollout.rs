//! rollout: a rollout's events, outcome and units in words (English and Vietnamese).
//!
//! ECS's own service event messages keep their English shape in English ("(service) has
//! started 2 tasks: …", "has reached a steady state.", "deployment failed: tasks failed to
//! start.") — <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html>;
//! status names (PROVISIONING, CrashLoopBackOff…) and condition reasons stay as AWS and
//! Kubernetes write them, in both languages.
use engine::alarm::AlarmState;
use engine::rollout::{
    BreakerStage, EcsStatus, Event, EventKind, FailReason, Health, InstanceStatus, LifecycleStage,
    Outcome, PlatformKind, PodStatus, Scaler, StopReason, Summary, UnitStatus, Version,
};

use crate::lang::{number, Lang, T};

/// "(task 4) (task 5)", "pod 4, pod 5"…: the units of a list as the platform names them.
fn units(list: &[u32], platform: PlatformKind) -> String {
    list.iter()
        .map(|u| match platform {
            PlatformKind::Ecs => format!("(task {u})"),
            PlatformKind::Kubernetes => format!("pod-{u}"),
            PlatformKind::AppRunner => format!("instance-{u}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "the new image" or "the previous image".
fn image(version: Version) -> T {
    if version == 1 {
        t!("the new image", "image mới")
    } else {
        t!("the previous image", "image trước đó")
    }
}

/// One event in `lang`.
pub fn event(e: &Event, platform: PlatformKind, lang: Lang) -> String {
    use PlatformKind::{AppRunner, Ecs, Kubernetes};
    match (&e.kind, platform) {
        (
            EventKind::DeploymentStarted {
                deployment,
                version,
                rollback: false,
            },
            _,
        ) => t!(
            "deployment {d} started: it deploys {i}",
            "deployment {d} bắt đầu: triển khai {i}"
        )
        .fill(lang, &[("d", deployment), ("i", &image(*version).get(lang))]),
        (
            EventKind::DeploymentStarted {
                deployment,
                version,
                rollback: true,
            },
            _,
        ) => t!(
            "rollback: deployment {d} deploys {i} again (the last COMPLETED deployment)",
            "rollback: deployment {d} triển khai lại {i} (deployment COMPLETED gần nhất)"
        )
        .fill(lang, &[("d", deployment), ("i", &image(*version).get(lang))]),
        (EventKind::TasksStarted { units: list }, Ecs) => t!(
            "(service) has started {n} tasks: {list}.",
            "(service) đã khởi động {n} task: {list}."
        )
        .fill(lang, &[("n", &list.len()), ("list", &units(list, platform))]),
        (EventKind::TasksStarted { units: list }, Kubernetes) => t!(
            "the ReplicaSet created {n} pods: {list}",
            "ReplicaSet đã tạo {n} pod: {list}"
        )
        .fill(lang, &[("n", &list.len()), ("list", &units(list, platform))]),
        (EventKind::TasksStarted { units: list }, AppRunner) => t!(
            "App Runner started {n} instances: {list}",
            "App Runner đã khởi động {n} instance: {list}"
        )
        .fill(lang, &[("n", &list.len()), ("list", &units(list, platform))]),
        (EventKind::TargetsRegistered { units: list }, _) => t!(
            "(service) registered {n} targets in (target-group): {list}",
            "(service) đã đăng ký {n} target vào (target-group): {list}"
        )
        .fill(lang, &[("n", &list.len()), ("list", &units(list, platform))]),
        (EventKind::DrainingStarted { units: list }, _) => t!(
            "(service) has begun draining connections on {n} tasks: {list} (deregistration delay)",
            "(service) bắt đầu draining kết nối trên {n} task: {list} (deregistration delay)"
        )
        .fill(lang, &[("n", &list.len()), ("list", &units(list, platform))]),
        (EventKind::TasksStopped { units: list }, Ecs) => t!(
            "(service) has stopped {n} running tasks: {list}.",
            "(service) đã dừng {n} task đang chạy: {list}."
        )
        .fill(lang, &[("n", &list.len()), ("list", &units(list, platform))]),
        (EventKind::TasksStopped { units: list }, Kubernetes) => t!(
            "the ReplicaSet deleted {n} pods: {list} (Terminating)",
            "ReplicaSet đã xóa {n} pod: {list} (Terminating)"
        )
        .fill(lang, &[("n", &list.len()), ("list", &units(list, platform))]),
        (EventKind::TasksStopped { units: list }, AppRunner) => t!(
            "App Runner stopped {n} instances: {list}",
            "App Runner đã dừng {n} instance: {list}"
        )
        .fill(lang, &[("n", &list.len()), ("list", &units(list, platform))]),
        (
            EventKind::UnitFailed {
                unit,
                reason,
                exit_code,
            },
            _,
        ) => t!("{u} stopped: {why}", "{u} đã dừng: {why}").fill(
            lang,
            &[
                ("u", &units(&[*unit], platform)),
                ("why", &stop_reason(*reason, *exit_code, platform, lang)),
            ],
        ),
        (EventKind::UnitUnhealthy { unit }, Ecs) => t!(
            "(service) {u} is unhealthy in (target-group) due to (reason Health checks failed).",
            "(service) {u} bị unhealthy trong (target-group) vì (reason Health checks failed)."
        )
        .fill(lang, &[("u", &units(&[*unit], platform))]),
        (EventKind::UnitUnhealthy { unit }, Kubernetes) => t!(
            "{u}: Readiness probe failed: the pod is not Ready and gets no traffic",
            "{u}: Readiness probe failed: pod không Ready nên không nhận traffic"
        )
        .fill(lang, &[("u", &units(&[*unit], platform))]),
        (EventKind::UnitUnhealthy { unit }, AppRunner) => t!(
            "{u} failed its health check",
            "{u} không vượt qua health check"
        )
        .fill(lang, &[("u", &units(&[*unit], platform))]),
        (
            EventKind::BreakerFailure {
                failures,
                threshold,
                stage,
            },
            _,
        ) => {
            let why = match stage {
                BreakerStage::TaskNotRunning => t!(
                    "stage 1: a task did not reach RUNNING",
                    "giai đoạn 1: một task không đạt trạng thái RUNNING"
                ),
                BreakerStage::HealthChecks => t!(
                    "stage 2: a task failed its health checks",
                    "giai đoạn 2: một task không vượt qua health check"
                ),
            };
            t!(
                "deployment circuit breaker: {f} failures of a threshold of {th} ({why})",
                "deployment circuit breaker: {f} lần lỗi trên ngưỡng {th} ({why})"
            )
            .fill(
                lang,
                &[("f", failures), ("th", threshold), ("why", &why.get(lang))],
            )
        }
        (
            EventKind::DeploymentFailed {
                deployment,
                reason,
                rolling_back,
            },
            Ecs,
        ) => {
            let then = if *rolling_back {
                t!(
                    "ECS rolls the service back to the last COMPLETED deployment",
                    "ECS rollback service về deployment COMPLETED gần nhất"
                )
            } else {
                t!(
                    "rollback is off: ECS launches no more tasks",
                    "rollback đang tắt: ECS không khởi động thêm task nào"
                )
            };
            let text = match reason {
                FailReason::Alarm => t!(
                    "(service) (deployment {d}) deployment failed: alarm detected. rolloutState FAILED; {then}",
                    "(service) (deployment {d}) deployment failed: alarm detected — một deployment alarm chuyển sang ALARM, rolloutState FAILED; {then}"
                ),
                FailReason::LifecycleHook => t!(
                    "(service) (deployment {d}) deployment failed: a lifecycle hook returned FAILED. rolloutState FAILED; {then}",
                    "(service) (deployment {d}) deployment thất bại: một lifecycle hook trả về FAILED, rolloutState FAILED; {then}"
                ),
                _ => t!(
                    "(service) (deployment {d}) deployment failed: tasks failed to start. rolloutState FAILED; {then}",
                    "(service) (deployment {d}) deployment failed: tasks failed to start. — rolloutState chuyển sang FAILED; {then}"
                ),
            };
            text.fill(lang, &[("d", deployment), ("then", &then.get(lang))])
        }
        (EventKind::DeploymentFailed { deployment, .. }, _) => t!(
            "deployment {d} failed: the new instances did not pass their health checks, and the previous image keeps serving",
            "deployment {d} thất bại: các instance mới không vượt qua health check, image trước đó vẫn tiếp tục phục vụ"
        )
        .fill(lang, &[("d", deployment)]),
        (EventKind::DeploymentCompleted { deployment }, Ecs) => t!(
            "(service) (deployment {d}) deployment completed.",
            "(service) (deployment {d}) deployment đã hoàn tất (COMPLETED)."
        )
        .fill(lang, &[("d", deployment)]),
        (EventKind::DeploymentCompleted { .. }, Kubernetes) => t!(
            "rollout complete: Progressing=True, reason NewReplicaSetAvailable",
            "rollout hoàn tất: Progressing=True, reason NewReplicaSetAvailable"
        )
        .get(lang)
        .to_string(),
        (EventKind::DeploymentCompleted { .. }, AppRunner) => t!(
            "the deployment succeeded: the new instances serve all traffic",
            "deployment thành công: các instance mới phục vụ toàn bộ traffic"
        )
        .get(lang)
        .to_string(),
        (EventKind::SteadyState, _) => t!(
            "(service) has reached a steady state.",
            "(service) đã đạt trạng thái ổn định (steady state)."
        )
        .get(lang)
        .to_string(),
        (EventKind::ReplicaSetScaled { version, from, to }, _) => {
            let text = if to > from {
                t!(
                    "Scaled up replica set ({rs}) from {from} to {to}",
                    "Scale up ReplicaSet ({rs}) từ {from} lên {to}"
                )
            } else {
                t!(
                    "Scaled down replica set ({rs}) from {from} to {to}",
                    "Scale down ReplicaSet ({rs}) từ {from} xuống {to}"
                )
            };
            text.fill(
                lang,
                &[("rs", &image(*version).get(lang)), ("from", from), ("to", to)],
            )
        }
        (
            EventKind::BackOff {
                unit,
                restarts,
                backoff_s,
            },
            _,
        ) => t!(
            "{u}: Back-off restarting failed container (restart {r}, next try in {s} s): CrashLoopBackOff",
            "{u}: Back-off restarting failed container (lần khởi động lại thứ {r}, thử lại sau {s} giây): CrashLoopBackOff"
        )
        .fill(
            lang,
            &[
                ("u", &units(&[*unit], platform)),
                ("r", restarts),
                ("s", backoff_s),
            ],
        ),
        (EventKind::FailedScheduling { unit }, _) => t!(
            "{u}: FailedScheduling: no node has room for it, so it stays Pending",
            "{u}: FailedScheduling: không node nào còn chỗ cho pod này nên nó vẫn ở trạng thái Pending"
        )
        .fill(lang, &[("u", &units(&[*unit], platform))]),
        (EventKind::ProgressDeadlineExceeded { deadline_s }, _) => t!(
            "Progressing=False, reason ProgressDeadlineExceeded: no progress for {s} s (progressDeadlineSeconds). Kubernetes does not roll back by itself: kubectl rollout undo does",
            "Progressing=False, reason ProgressDeadlineExceeded: không có tiến triển trong {s} giây (progressDeadlineSeconds). Kubernetes không tự rollback: cần chạy kubectl rollout undo"
        )
        .fill(lang, &[("s", deadline_s)]),
        (
            EventKind::Scaled {
                by,
                from,
                to,
                metric,
                target,
            },
            _,
        ) => {
            let m = number(*metric, 1, lang);
            let g = number(*target, 1, lang);
            let text = match by {
                Scaler::TargetTracking => t!(
                    "target tracking: desired count {from} → {to} (metric {m}, target {g})",
                    "target tracking: desired count từ {from} thành {to} (metric {m}, target {g})"
                ),
                Scaler::Hpa => t!(
                    "HorizontalPodAutoscaler: New size: {to} (was {from}); CPU utilization {m} % for a target of {g} %",
                    "HorizontalPodAutoscaler: New size: {to} (trước đó {from}); CPU utilization {m} % so với target {g} %"
                ),
                Scaler::AppRunner => t!(
                    "App Runner: {from} → {to} instances for {m} concurrent requests (MaxConcurrency {g})",
                    "App Runner: {from} → {to} instance cho {m} request đồng thời (MaxConcurrency {g})"
                ),
            };
            text.fill(
                lang,
                &[("from", from), ("to", to), ("m", &m), ("g", &g)],
            )
        }
        (EventKind::AlarmChanged { alarm, to }, _) => {
            let state = match to {
                AlarmState::Ok => "OK",
                AlarmState::Alarm => "ALARM",
                AlarmState::InsufficientData => "INSUFFICIENT_DATA",
            };
            t!(
                "CloudWatch alarm {a} is now {s}",
                "CloudWatch alarm {a} chuyển sang trạng thái {s}"
            )
            .fill(lang, &[("a", alarm), ("s", &state)])
        }
        (EventKind::BakeTime { seconds }, _) => t!(
            "bake time: the deployment alarms are watched for {s} s more before the deployment is COMPLETED",
            "bake time: các deployment alarm tiếp tục được theo dõi thêm {s} giây trước khi deployment chuyển sang COMPLETED"
        )
        .fill(lang, &[("s", seconds)]),
        (EventKind::Stage { stage }, _) => t!(
            "blue/green lifecycle stage {s}",
            "blue/green chuyển sang lifecycle stage {s}"
        )
        .fill(lang, &[("s", &lifecycle_stage(*stage))]),
        (EventKind::TrafficSwitched { version }, _) => t!(
            "all traffic switched at once to {i}",
            "toàn bộ traffic được chuyển một lần sang {i}"
        )
        .fill(lang, &[("i", &image(*version).get(lang))]),
        (
            EventKind::Spike {
                multiplier,
                duration_s,
            },
            _,
        ) => t!(
            "traffic spike: ×{m} for {s} s",
            "traffic tăng đột biến: ×{m} trong {s} giây"
        )
        .fill(
            lang,
            &[("m", &number(*multiplier, 2, lang)), ("s", duration_s)],
        ),
    }
}

/// A blue/green lifecycle stage as ECS writes it.
pub fn lifecycle_stage(stage: LifecycleStage) -> &'static str {
    match stage {
        LifecycleStage::ReconcileService => "RECONCILE_SERVICE",
        LifecycleStage::PreScaleUp => "PRE_SCALE_UP",
        LifecycleStage::ScaleUp => "SCALE_UP",
        LifecycleStage::PostScaleUp => "POST_SCALE_UP",
        LifecycleStage::TestTrafficShift => "TEST_TRAFFIC_SHIFT",
        LifecycleStage::PostTestTrafficShift => "POST_TEST_TRAFFIC_SHIFT",
        LifecycleStage::ProductionTrafficShift => "PRODUCTION_TRAFFIC_SHIFT",
        LifecycleStage::PostProductionTrafficShift => "POST_PRODUCTION_TRAFFIC_SHIFT",
        LifecycleStage::BakeTime => "BAKE_TIME",
        LifecycleStage::CleanUp => "CLEAN_UP",
    }
}

/// Why a unit stopped; ECS's stopped reasons stay in ECS's words.
pub fn stop_reason(
    reason: StopReason,
    exit_code: Option<i32>,
    platform: PlatformKind,
    lang: Lang,
) -> String {
    let code = exit_code.map_or_else(|| "?".to_string(), |c| c.to_string());
    match (reason, platform) {
        (StopReason::EssentialContainerExited, PlatformKind::Ecs) => t!(
            "Essential container in task exited (exit code {c})",
            "Essential container in task exited (container thoát với exit code {c})"
        )
        .fill(lang, &[("c", &code)]),
        (StopReason::EssentialContainerExited, _) => t!(
            "the container exited with code {c}",
            "container đã thoát với exit code {c}"
        )
        .fill(lang, &[("c", &code)]),
        (StopReason::FailedElbHealthChecks, _) => t!(
            "Task failed ELB health checks in (target-group)",
            "Task failed ELB health checks in (target-group): task không vượt qua health check của load balancer"
        )
        .get(lang)
        .to_string(),
        (StopReason::ScaledDown, PlatformKind::Ecs) => t!(
            "Scaling activity initiated by (deployment)",
            "Scaling activity initiated by (deployment): task bị dừng do deployment hoặc scale-in"
        )
        .get(lang)
        .to_string(),
        (StopReason::ScaledDown, _) => t!(
            "scaled down by its controller",
            "bị controller scale down"
        )
        .get(lang)
        .to_string(),
    }
}

/// How the deployment ended, in a sentence.
pub fn outcome(o: Outcome, platform: PlatformKind, lang: Lang) -> &'static str {
    let text: T = match (o, platform) {
        (Outcome::NoDeployment, _) => t!(
            "no deployment during this run",
            "không có deployment nào trong lần chạy này"
        ),
        (Outcome::Completed, PlatformKind::Ecs) => t!(
            "COMPLETED: every task runs the new image and is healthy",
            "COMPLETED: mọi task đều chạy image mới và healthy"
        ),
        (Outcome::Completed, PlatformKind::Kubernetes) => t!(
            "complete: every pod runs the new image and is available (NewReplicaSetAvailable)",
            "hoàn tất: mọi pod đều chạy image mới và available (NewReplicaSetAvailable)"
        ),
        (Outcome::Completed, PlatformKind::AppRunner) => t!(
            "succeeded: the new instances took all traffic at once",
            "thành công: các instance mới nhận toàn bộ traffic cùng lúc"
        ),
        (Outcome::Failed, PlatformKind::AppRunner) => t!(
            "failed: the previous image keeps serving",
            "thất bại: image trước đó vẫn tiếp tục phục vụ"
        ),
        (Outcome::Failed, _) => t!(
            "FAILED: the deployment stopped without a rollback; no new tasks are launched",
            "FAILED: deployment dừng lại mà không rollback; không task mới nào được khởi động"
        ),
        (Outcome::RolledBack, _) => t!(
            "rolled back: the deployment FAILED (circuit breaker, alarm or lifecycle hook) and the last COMPLETED one serves again",
            "đã rollback: deployment FAILED (do circuit breaker, alarm hoặc lifecycle hook) và deployment COMPLETED gần nhất phục vụ trở lại"
        ),
        (Outcome::Stalled, PlatformKind::Kubernetes) => t!(
            "stalled: ProgressDeadlineExceeded, and Kubernetes does not roll back by itself (kubectl rollout undo)",
            "bị kẹt: ProgressDeadlineExceeded, và Kubernetes không tự rollback (cần kubectl rollout undo)"
        ),
        (Outcome::Stalled, _) => t!(
            "stalled: without a circuit breaker, ECS keeps replacing failing tasks and the deployment never ends",
            "bị kẹt: không có circuit breaker, ECS liên tục thay thế các task lỗi và deployment không bao giờ kết thúc"
        ),
        (Outcome::InProgress, _) => t!(
            "still in progress when the run ended",
            "vẫn đang diễn ra khi lần chạy kết thúc"
        ),
    };
    text.get(lang)
}

/// A unit's status as its platform writes it (the same in every language).
pub fn status(s: UnitStatus) -> &'static str {
    match s {
        UnitStatus::Task(s) => match s {
            EcsStatus::Provisioning => "PROVISIONING",
            EcsStatus::Pending => "PENDING",
            EcsStatus::Activating => "ACTIVATING",
            EcsStatus::Running => "RUNNING",
            EcsStatus::Deactivating => "DEACTIVATING",
            EcsStatus::Stopping => "STOPPING",
            EcsStatus::Deprovisioning => "DEPROVISIONING",
            EcsStatus::Stopped => "STOPPED",
        },
        UnitStatus::Pod(s) => match s {
            PodStatus::Pending => "Pending",
            PodStatus::ContainerCreating => "ContainerCreating",
            PodStatus::Running => "Running",
            PodStatus::CrashLoopBackOff => "CrashLoopBackOff",
            PodStatus::Terminating => "Terminating",
            PodStatus::Deleted => "Deleted",
        },
        UnitStatus::Instance(s) => match s {
            InstanceStatus::Starting => "Starting",
            InstanceStatus::Running => "Running",
            InstanceStatus::Stopped => "Stopped",
        },
    }
}

/// A unit's health as its platform shows it.
pub fn health(h: Health, platform: PlatformKind, lang: Lang) -> &'static str {
    match (h, platform) {
        (Health::None, _) => t!("not checked yet", "chưa được kiểm tra"),
        (Health::Initial, PlatformKind::Kubernetes) => {
            t!("not Ready yet", "chưa Ready")
        }
        (Health::Initial, _) => t!(
            "initial (health checks not passed yet)",
            "initial (chưa vượt qua health check)"
        ),
        (Health::Healthy, PlatformKind::Kubernetes) => {
            t!(
                "Ready (in the Service's endpoints)",
                "Ready (nằm trong endpoints của Service)"
            )
        }
        (Health::Healthy, _) => t!("healthy (receives traffic)", "healthy (nhận traffic)"),
        (Health::Unhealthy, PlatformKind::Kubernetes) => t!(
            "not Ready (readiness probe failing)",
            "không Ready (readiness probe đang lỗi)"
        ),
        (Health::Unhealthy, _) => t!(
            "unhealthy (health checks failing)",
            "unhealthy (health check đang lỗi)"
        ),
        (Health::Draining, PlatformKind::Kubernetes) => t!(
            "removed from the endpoints (Terminating)",
            "đã bị gỡ khỏi endpoints (Terminating)"
        ),
        (Health::Draining, _) => t!(
            "draining (deregistered, finishing its requests)",
            "draining (đã deregister, đang xử lý nốt các request)"
        ),
    }
    .get(lang)
}

/// The summary in one line: outcome, time, the fewest healthy units, the peak count and the
/// worst 5xx rate.
pub fn summary(s: &Summary, platform: PlatformKind, lang: Lang) -> String {
    let time = s
        .time_to_finish_s
        .map_or_else(|| "—".to_string(), |t| t.to_string());
    let min = s
        .min_healthy_during_deploy
        .map_or_else(|| "—".to_string(), |m| m.to_string());
    t!(
        "{outcome}; finished in {time} s; at least {min} healthy during the deploy; at most {peak} running at once; worst 5xx rate {rate} %",
        "{outcome}; hoàn tất sau {time} giây; ít nhất {min} healthy trong lúc deploy; tối đa {peak} cùng chạy; tỉ lệ 5xx cao nhất {rate} %"
    )
    .fill(
        lang,
        &[
            ("outcome", &outcome(s.outcome, platform, lang)),
            ("time", &time),
            ("min", &min),
            ("peak", &s.peak_total),
            ("rate", &number(s.max_5xx_rate * 100.0, 1, lang)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::deploy::Traffic;
    use engine::rollout::{
        simulate, CircuitBreaker, EcsService, Image, ImageFault, K8sDeployment, Platform, Scenario,
        Timing,
    };

    fn run(platform: Platform, next: Image) -> engine::rollout::Run {
        simulate(&Scenario {
            seed: 3,
            duration_s: 1_200,
            traffic: Traffic::Steady { rps: 100.0 },
            spikes: Vec::new(),
            capacity_rps: 100.0,
            current: Image::good("api:1", 100.0),
            next: Some(next),
            deploy_at_s: 30,
            timing: Timing::default(),
            platform,
        })
        .unwrap()
    }

    #[test]
    fn every_event_is_worded_in_both_languages() {
        let bad =
            Image::good("api:2", 100.0).with_fault(ImageFault::CrashOnStart { exit_code: 137 });
        let ecs = run(
            Platform::Ecs(EcsService {
                circuit_breaker: Some(CircuitBreaker { rollback: true }),
                ..EcsService::default()
            }),
            bad.clone(),
        );
        let k8s = run(Platform::Kubernetes(K8sDeployment::default()), bad);
        let mut seen = 0;
        for (r, platform) in [(&ecs, PlatformKind::Ecs), (&k8s, PlatformKind::Kubernetes)] {
            for e in &r.events {
                let en = event(e, platform, Lang::En);
                let vi = event(e, platform, Lang::Vi);
                assert!(!en.is_empty() && !vi.is_empty());
                assert!(!en.contains('{') && !vi.contains('{'), "{en} / {vi}");
                seen += 1;
            }
        }
        assert!(seen > 10);
        let failed = ecs
            .events
            .iter()
            .find(|e| matches!(e.kind, EventKind::UnitFailed { .. }))
            .unwrap();
        assert_eq!(
            event(failed, PlatformKind::Ecs, Lang::En),
            "(task 4) stopped: Essential container in task exited (exit code 137)"
        );
        let summary_vi = summary(&ecs.summary, PlatformKind::Ecs, Lang::Vi);
        assert!(summary_vi.contains("rollback"), "{summary_vi}");
        assert_ne!(
            summary_vi,
            summary(&ecs.summary, PlatformKind::Ecs, Lang::En)
        );
    }

    #[test]
    fn every_outcome_differs_between_languages() {
        for o in [
            Outcome::NoDeployment,
            Outcome::Completed,
            Outcome::Failed,
            Outcome::RolledBack,
            Outcome::Stalled,
            Outcome::InProgress,
        ] {
            for p in [
                PlatformKind::Ecs,
                PlatformKind::Kubernetes,
                PlatformKind::AppRunner,
            ] {
                let (en, vi) = (outcome(o, p, Lang::En), outcome(o, p, Lang::Vi));
                assert!(!en.is_empty() && !vi.is_empty());
                assert_ne!(en, vi);
            }
        }
    }
}
