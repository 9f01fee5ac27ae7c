//! What a rollout simulation takes: plain numbers and enums (the file-format engines turn
//! task definitions, service definitions and manifests into these).

use crate::deploy::{DeploymentAlarm, HealthCheck, Traffic};

/// A container image the service runs.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Image {
    /// Its reference, such as `my-api:1.4.2` (shown, never parsed).
    pub name: String,
    /// Its compressed size in MB: a larger image takes longer to pull.
    pub size_mb: f64,
    /// What goes wrong with it, if anything.
    pub fault: ImageFault,
    /// The share of handled requests that end in a 5xx, from 0 to 1.
    pub error_rate: f64,
    /// The median latency in ms.
    pub p50_ms: f64,
    /// The 99th-percentile latency in ms (at least the median).
    pub p99_ms: f64,
}

impl Image {
    /// A healthy image of the given name and size with the deployment engine's default
    /// latencies (p50 40 ms, p99 120 ms) and a 0.1 % error rate.
    pub fn good(name: impl Into<String>, size_mb: f64) -> Image {
        Image {
            name: name.into(),
            size_mb,
            fault: ImageFault::None,
            error_rate: 0.001,
            p50_ms: 40.0,
            p99_ms: 120.0,
        }
    }

    /// The same image with a fault.
    pub fn with_fault(mut self, fault: ImageFault) -> Image {
        self.fault = fault;
        self
    }
}

/// What is wrong with an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ImageFault {
    /// Nothing: it starts and passes its health checks.
    None,
    /// Its essential container exits right after starting with this exit code (a missing
    /// environment variable, a bad entrypoint…): on ECS the task stops with "Essential
    /// container in task exited"; on Kubernetes the container restarts in CrashLoopBackOff.
    CrashOnStart {
        /// The container's exit code.
        exit_code: i32,
    },
    /// It starts but its health check path fails (wrong port, a dependency down): the load
    /// balancer marks it unhealthy, the readiness probe never passes.
    FailsHealthCheck,
}

/// A burst of traffic on top of the traffic shape (a fault, like the deployment engine's
/// `TrafficSpike`).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Spike {
    /// When it starts.
    pub at_s: u32,
    /// How long it lasts.
    pub duration_s: u32,
    /// The factor applied to the rate.
    pub multiplier: f64,
}

/// How long the steps of a unit's life take. None of these is documented by AWS or
/// Kubernetes: they are this simulator's assumptions, given as inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Timing {
    /// Seconds to provision a task or schedule a pod (Fargate attaches a network interface).
    pub provision_s: u32,
    /// Image pull throughput in MB per second: pulling takes `size_mb / pull_mb_per_s`.
    pub pull_mb_per_s: f64,
    /// Seconds from the container's start to the application answering.
    pub app_start_s: u32,
    /// Seconds the application takes to exit on SIGTERM.
    pub app_shutdown_s: u32,
    /// Seconds to deprovision a stopped task.
    pub deprovision_s: u32,
    /// CPU utilisation of an idle unit, in percent.
    pub idle_cpu_percent: f64,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            provision_s: 10,
            pull_mb_per_s: 40.0,
            app_start_s: 5,
            app_shutdown_s: 2,
            deprovision_s: 5,
            idle_cpu_percent: 2.0,
        }
    }
}

/// The whole input of a run.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Scenario {
    /// The random seed: the same seed and scenario give the same run.
    pub seed: u64,
    /// Simulated seconds.
    pub duration_s: u32,
    /// The traffic shape (the deployment engine's).
    pub traffic: Traffic,
    /// Bursts on top of it.
    pub spikes: Vec<Spike>,
    /// Requests per second one unit (task, pod, instance) serves at 100 % CPU; beyond the
    /// serving units' total, requests are rejected.
    pub capacity_rps: f64,
    /// The image running at second 0.
    pub current: Image,
    /// The image deployed at `deploy_at_s`, if any.
    pub next: Option<Image>,
    /// When the new image is deployed.
    pub deploy_at_s: u32,
    /// Durations of a unit's steps.
    pub timing: Timing,
    /// The platform and its settings.
    pub platform: Platform,
}

/// Where the service runs.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Platform {
    /// An Amazon ECS service (rolling update, `ECS` deployment controller) behind an
    /// Application Load Balancer.
    Ecs(EcsService),
    /// A Kubernetes Deployment (EKS) behind a Service.
    Kubernetes(K8sDeployment),
    /// An AWS App Runner service.
    AppRunner(AppRunnerService),
}

/// An ECS service's deployment settings.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EcsService {
    /// `desiredCount`.
    pub desired_count: u32,
    /// `deploymentConfiguration.minimumHealthyPercent` (default 100).
    pub minimum_healthy_percent: u32,
    /// `deploymentConfiguration.maximumPercent` (default 200).
    pub maximum_percent: u32,
    /// `healthCheckGracePeriodSeconds`: load balancer health checks are ignored this long
    /// after a task starts running.
    pub health_check_grace_period_s: u32,
    /// `deploymentConfiguration.deploymentCircuitBreaker`, if enabled.
    pub circuit_breaker: Option<CircuitBreaker>,
    /// The target group's health check.
    pub health_check: HealthCheck,
    /// The target group's `deregistration_delay.timeout_seconds` (default 300).
    pub deregistration_delay_s: u32,
    /// The container's `stopTimeout`: seconds between SIGTERM and SIGKILL (default 30).
    pub stop_timeout_s: u32,
    /// Service Auto Scaling with a target tracking policy, if any.
    pub autoscaling: Option<TargetTracking>,
    /// `deploymentConfiguration.alarms`, if enabled.
    pub alarms: Option<EcsAlarms>,
    /// `deploymentConfiguration.strategy`: a rolling update or ECS's own blue/green.
    pub strategy: EcsStrategy,
}

impl Default for EcsService {
    // minimumHealthyPercent 100 and maximumPercent 200 by default:
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html;
    // the target group's deregistration delay, 300 s by default:
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#deregistration-delay;
    // stopTimeout, 30 s when not set (Fargate):
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html;
    // healthCheckGracePeriodSeconds 0 when not set:
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html.
    fn default() -> EcsService {
        EcsService {
            desired_count: 4,
            minimum_healthy_percent: 100,
            maximum_percent: 200,
            health_check_grace_period_s: 0,
            circuit_breaker: None,
            health_check: HealthCheck::default(),
            deregistration_delay_s: 300,
            stop_timeout_s: 30,
            autoscaling: None,
            alarms: None,
            strategy: EcsStrategy::Rolling,
        }
    }
}

/// `deploymentConfiguration.alarms`: CloudWatch alarms that fail the deployment when one
/// goes to `ALARM` — "How CloudWatch alarms detect Amazon ECS deployment failures",
/// <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html>.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EcsAlarms {
    /// The alarms (the deployment engine's, on the service's 5xx rate, the new version's 5xx
    /// rate or its p99 latency).
    pub alarms: Vec<DeploymentAlarm>,
    /// `rollback`: roll back to the last COMPLETED deployment when one goes to ALARM.
    pub rollback: bool,
}

/// `deploymentConfiguration.strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EcsStrategy {
    /// `ROLLING` (the default).
    Rolling,
    /// `BLUE_GREEN`: a full green revision, production traffic shifted all at once, both
    /// running for the bake time, then blue removed — "Amazon ECS blue/green deployments",
    /// <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html>.
    BlueGreen {
        /// `bakeTimeInMinutes`, in seconds.
        bake_time_s: u32,
        /// A lifecycle hook (a Lambda function) that returns FAILED at this stage, if any.
        failing_hook: Option<LifecycleStage>,
    },
}

/// The ECS blue/green deployment's lifecycle stages, in order — `ServiceDeployment`'s
/// `lifecycleStage`,
/// <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html>.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LifecycleStage {
    /// `RECONCILE_SERVICE`.
    ReconcileService,
    /// `PRE_SCALE_UP`: green not started; blue serves all production traffic.
    PreScaleUp,
    /// `SCALE_UP`: green scales up to 100 %, serving nothing.
    ScaleUp,
    /// `POST_SCALE_UP`: green started.
    PostScaleUp,
    /// `TEST_TRAFFIC_SHIFT`: test traffic moves to green.
    TestTrafficShift,
    /// `POST_TEST_TRAFFIC_SHIFT`.
    PostTestTrafficShift,
    /// `PRODUCTION_TRAFFIC_SHIFT`: production traffic moves to green.
    ProductionTrafficShift,
    /// `POST_PRODUCTION_TRAFFIC_SHIFT`.
    PostProductionTrafficShift,
    /// `BAKE_TIME`: both revisions run after the shift.
    BakeTime,
    /// `CLEAN_UP`: blue scales down to 0.
    CleanUp,
}

/// The deployment circuit breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CircuitBreaker {
    /// `rollback`: roll back to the last COMPLETED deployment when it trips.
    pub rollback: bool,
}

/// A target tracking scaling policy (Application Auto Scaling).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TargetTracking {
    /// The predefined metric.
    pub metric: TrackedMetric,
    /// `TargetValue`: percent CPU, or requests per target per minute.
    pub target_value: f64,
    /// The scalable target's `MinCapacity`.
    pub min_capacity: u32,
    /// The scalable target's `MaxCapacity`.
    pub max_capacity: u32,
    /// `ScaleOutCooldown` in seconds.
    pub scale_out_cooldown_s: u32,
    /// `ScaleInCooldown` in seconds.
    pub scale_in_cooldown_s: u32,
    /// `DisableScaleIn`.
    pub disable_scale_in: bool,
}

/// A target tracking policy's predefined metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum TrackedMetric {
    /// `ECSServiceAverageCPUUtilization`.
    EcsServiceAverageCpuUtilization,
    /// `ALBRequestCountPerTarget`.
    AlbRequestCountPerTarget,
}

/// A Kubernetes Deployment's settings.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct K8sDeployment {
    /// `spec.replicas`.
    pub replicas: u32,
    /// `spec.strategy`.
    pub strategy: K8sStrategy,
    /// The container's readiness probe.
    pub readiness: Probe,
    /// `spec.minReadySeconds` (default 0).
    pub min_ready_seconds: u32,
    /// `spec.progressDeadlineSeconds` (default 600).
    pub progress_deadline_seconds: u32,
    /// The pod's `terminationGracePeriodSeconds` (default 30).
    pub termination_grace_period_s: u32,
    /// A HorizontalPodAutoscaler on CPU, if any.
    pub hpa: Option<Hpa>,
    /// How many of these pods the cluster's nodes can hold, if limited: pods beyond it stay
    /// Pending (terminating pods keep their place until they are gone).
    pub max_pods: Option<u32>,
}

impl Default for K8sDeployment {
    // progressDeadlineSeconds 600 and minReadySeconds 0 by default:
    // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#progress-deadline-seconds;
    // terminationGracePeriodSeconds 30:
    // https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination.
    // (The default strategy is RollingUpdate 25 % / 25 %; here 1 / 1 for four replicas.)
    fn default() -> K8sDeployment {
        K8sDeployment {
            replicas: 4,
            strategy: K8sStrategy::RollingUpdate {
                max_surge: 1,
                max_unavailable: 1,
            },
            readiness: Probe::default(),
            min_ready_seconds: 0,
            progress_deadline_seconds: 600,
            termination_grace_period_s: 30,
            hpa: None,
            max_pods: None,
        }
    }
}

/// `spec.strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum K8sStrategy {
    /// `RollingUpdate` with `maxSurge` and `maxUnavailable` already resolved to pod counts
    /// (see [`super::resolve_rolling_update`]).
    RollingUpdate {
        /// Pods allowed above `replicas`.
        max_surge: u32,
        /// Pods allowed to be unavailable below `replicas`.
        max_unavailable: u32,
    },
    /// `Recreate`: every old pod is killed before new ones are created.
    Recreate,
}

/// A readiness probe's timing (its handler is not modelled: the image passes or fails it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Probe {
    /// `initialDelaySeconds` (default 0).
    pub initial_delay_s: u32,
    /// `periodSeconds` (default 10).
    pub period_s: u32,
    /// `failureThreshold` (default 3).
    pub failure_threshold: u32,
    /// `successThreshold` (default 1).
    pub success_threshold: u32,
}

impl Default for Probe {
    // https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
    // ("Configure Probes": initialDelaySeconds 0, periodSeconds 10, successThreshold 1,
    // failureThreshold 3).
    fn default() -> Probe {
        Probe {
            initial_delay_s: 0,
            period_s: 10,
            failure_threshold: 3,
            success_threshold: 1,
        }
    }
}

/// A HorizontalPodAutoscaler (autoscaling/v2) on average CPU utilisation.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Hpa {
    /// `minReplicas` (default 1).
    pub min_replicas: u32,
    /// `maxReplicas`.
    pub max_replicas: u32,
    /// The CPU target's `averageUtilization`, in percent of the pods' requests.
    pub target_cpu_percent: f64,
    /// The tolerance (0.1 by default: no scaling while the ratio is within 10 % of 1).
    pub tolerance: f64,
    /// The controller's sync period (`--horizontal-pod-autoscaler-sync-period`, 15 s).
    pub sync_period_s: u32,
    /// `behavior.scaleUp`.
    pub scale_up: HpaRules,
    /// `behavior.scaleDown`.
    pub scale_down: HpaRules,
}

impl Hpa {
    /// An HPA with the documented defaults: tolerance 0.1, 15 s sync, default behaviour.
    pub fn new(min_replicas: u32, max_replicas: u32, target_cpu_percent: f64) -> Hpa {
        Hpa {
            min_replicas,
            max_replicas,
            target_cpu_percent,
            tolerance: 0.1,
            sync_period_s: 15,
            scale_up: HpaRules::default_scale_up(),
            scale_down: HpaRules::default_scale_down(),
        }
    }
}

/// `behavior.scaleUp` or `behavior.scaleDown`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HpaRules {
    /// `stabilizationWindowSeconds`.
    pub stabilization_window_s: u32,
    /// `selectPolicy`.
    pub select: SelectPolicy,
    /// `policies`.
    pub policies: Vec<HpaPolicy>,
}

impl HpaRules {
    // https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#default-behavior
    /// The default scale-up: no stabilization; at most 100 % more or 4 pods (the larger)
    /// every 15 seconds.
    pub fn default_scale_up() -> HpaRules {
        HpaRules {
            stabilization_window_s: 0,
            select: SelectPolicy::Max,
            policies: vec![
                HpaPolicy {
                    kind: PolicyKind::Percent,
                    value: 100,
                    period_s: 15,
                },
                HpaPolicy {
                    kind: PolicyKind::Pods,
                    value: 4,
                    period_s: 15,
                },
            ],
        }
    }

    /// The default scale-down: a 300-second stabilization window; down to `minReplicas`
    /// at once (100 % every 15 seconds).
    pub fn default_scale_down() -> HpaRules {
        HpaRules {
            stabilization_window_s: 300,
            select: SelectPolicy::Max,
            policies: vec![HpaPolicy {
                kind: PolicyKind::Percent,
                value: 100,
                period_s: 15,
            }],
        }
    }
}

/// `selectPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SelectPolicy {
    /// The policy allowing the largest change (the default).
    Max,
    /// The policy allowing the smallest change.
    Min,
    /// No scaling in this direction.
    Disabled,
}

/// One scaling policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HpaPolicy {
    /// `type`.
    pub kind: PolicyKind,
    /// `value`.
    pub value: u32,
    /// `periodSeconds`.
    pub period_s: u32,
}

/// A scaling policy's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum PolicyKind {
    /// `Pods`: a number of pods per period.
    Pods,
    /// `Percent`: a percentage of the current pods per period.
    Percent,
}

/// An App Runner service's auto scaling configuration and instance size.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AppRunnerService {
    /// `MaxConcurrency` (default 100).
    pub max_concurrency: u32,
    /// `MinSize` (default 1): provisioned instances kept even without traffic.
    pub min_size: u32,
    /// `MaxSize` (default 25).
    pub max_size: u32,
    /// The instance's vCPUs.
    pub vcpu: f64,
    /// The instance's memory in GB.
    pub memory_gb: f64,
    /// Seconds of lower concurrency before an instance is released (not documented: this
    /// simulator's assumption).
    pub scale_in_delay_s: u32,
    /// The service's health check.
    pub health_check: HealthCheck,
}

impl Default for AppRunnerService {
    // https://docs.aws.amazon.com/apprunner/latest/dg/manage-autoscaling.html and
    // https://docs.aws.amazon.com/apprunner/latest/api/API_CreateAutoScalingConfiguration.html
    // (MaxConcurrency default 100, MinSize default 1, MaxSize default 25); the instance
    // default 1 vCPU / 2 GB; health check defaults from
    // https://docs.aws.amazon.com/apprunner/latest/api/API_HealthCheckConfiguration.html
    // (Interval 5, HealthyThreshold 1, UnhealthyThreshold 5).
    fn default() -> AppRunnerService {
        AppRunnerService {
            max_concurrency: 100,
            min_size: 1,
            max_size: 25,
            vcpu: 1.0,
            memory_gb: 2.0,
            scale_in_delay_s: 60,
            health_check: HealthCheck {
                interval_s: 5,
                healthy_threshold: 1,
                unhealthy_threshold: 5,
            },
        }
    }
}

/// Why a scenario cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InputError {
    /// The field, such as `platform.desired_count`.
    pub field: &'static str,
}

/// The most simulated seconds in one run (one day).
pub const MAX_DURATION_S: u32 = 86_400;

/// The most units a run may ask for.
pub const MAX_UNITS: u32 = 500;

fn finite_in(x: f64, lo: f64, hi: f64) -> bool {
    x.is_finite() && x >= lo && x <= hi
}

impl Scenario {
    /// A scenario on `platform` with this simulator's defaults: seed 1, 30 minutes, a steady
    /// 200 requests per second, 100 per unit at full CPU, a healthy 200 MB image `app:1`,
    /// nothing deployed (set `next`) at second 60, the default [`Timing`].
    pub fn new(platform: Platform) -> Scenario {
        Scenario {
            seed: 1,
            duration_s: 1_800,
            traffic: Traffic::Steady { rps: 200.0 },
            spikes: Vec::new(),
            capacity_rps: 100.0,
            current: Image::good("app:1", 200.0),
            next: None,
            deploy_at_s: 60,
            timing: Timing::default(),
            platform,
        }
    }

    /// Checks every field and returns the first problem.
    pub fn validate(&self) -> Result<(), InputError> {
        let err = |field| Err(InputError { field });
        if self.duration_s == 0 || self.duration_s > MAX_DURATION_S {
            return err("duration_s");
        }
        let rate_ok = match self.traffic {
            Traffic::Steady { rps } => finite_in(rps, 0.0, 1e6),
            Traffic::Diurnal {
                mean_rps,
                amplitude_percent,
                ..
            } => finite_in(mean_rps, 0.0, 1e6) && finite_in(amplitude_percent, 0.0, 100.0),
            Traffic::Spike {
                rps, multiplier, ..
            } => finite_in(rps, 0.0, 1e6) && finite_in(multiplier, 0.0, 1e3),
        };
        if !rate_ok {
            return err("traffic");
        }
        if self
            .spikes
            .iter()
            .any(|s| !finite_in(s.multiplier, 0.0, 1e3))
        {
            return err("spikes");
        }
        if !finite_in(self.capacity_rps, 0.001, 1e6) {
            return err("capacity_rps");
        }
        for image in std::iter::once(&self.current).chain(self.next.iter()) {
            if !finite_in(image.size_mb, 0.0, 1e5) {
                return err("image.size_mb");
            }
            if !finite_in(image.error_rate, 0.0, 1.0) {
                return err("image.error_rate");
            }
            if !finite_in(image.p50_ms, 0.001, 1e6) || !finite_in(image.p99_ms, image.p50_ms, 1e6) {
                return err("image.latency");
            }
        }
        let t = &self.timing;
        if !finite_in(t.pull_mb_per_s, 0.001, 1e6) || !finite_in(t.idle_cpu_percent, 0.0, 100.0) {
            return err("timing");
        }
        if t.provision_s > 3_600 || t.app_start_s > 3_600 || t.app_shutdown_s > 3_600 {
            return err("timing");
        }
        let check_ok = |h: &HealthCheck| {
            (1..=300).contains(&h.interval_s)
                && (1..=10).contains(&h.healthy_threshold)
                && (1..=10).contains(&h.unhealthy_threshold)
        };
        match &self.platform {
            Platform::Ecs(s) => {
                if s.desired_count > MAX_UNITS {
                    return err("platform.desired_count");
                }
                if s.minimum_healthy_percent > 100 {
                    return err("platform.minimum_healthy_percent");
                }
                if s.maximum_percent < 100 || s.maximum_percent > 1_000 {
                    return err("platform.maximum_percent");
                }
                if !check_ok(&s.health_check) {
                    return err("platform.health_check");
                }
                if s.deregistration_delay_s > 3_600 {
                    return err("platform.deregistration_delay_s");
                }
                if let Some(alarms) = &s.alarms {
                    if alarms.alarms.iter().any(|a| {
                        crate::alarm::Alarm::new(a.alarm.clone()).is_err()
                            || a.alarm.period_seconds > 3_600
                    }) {
                        return err("platform.alarms");
                    }
                }
                if let EcsStrategy::BlueGreen {
                    bake_time_s,
                    failing_hook,
                } = s.strategy
                {
                    // bakeTimeInMinutes: 0 to 1440; hooks run at every stage but SCALE_UP,
                    // BAKE_TIME and CLEAN_UP (`DeploymentLifecycleHook.lifecycleStages`).
                    if bake_time_s > 86_400 {
                        return err("platform.strategy");
                    }
                    if matches!(
                        failing_hook,
                        Some(
                            LifecycleStage::ScaleUp
                                | LifecycleStage::BakeTime
                                | LifecycleStage::CleanUp
                        )
                    ) {
                        return err("platform.strategy");
                    }
                }
                if let Some(a) = &s.autoscaling {
                    if a.min_capacity > a.max_capacity
                        || a.max_capacity > MAX_UNITS
                        || !finite_in(a.target_value, 0.001, 1e9)
                    {
                        return err("platform.autoscaling");
                    }
                }
            }
            Platform::Kubernetes(d) => {
                if d.replicas > MAX_UNITS {
                    return err("platform.replicas");
                }
                if let K8sStrategy::RollingUpdate {
                    max_surge,
                    max_unavailable,
                } = d.strategy
                {
                    if max_surge == 0 && max_unavailable == 0 {
                        return err("platform.strategy");
                    }
                    if max_surge > MAX_UNITS {
                        return err("platform.strategy");
                    }
                }
                let p = &d.readiness;
                if p.period_s == 0 || p.failure_threshold == 0 || p.success_threshold == 0 {
                    return err("platform.readiness");
                }
                if let Some(h) = &d.hpa {
                    if h.min_replicas == 0
                        || h.min_replicas > h.max_replicas
                        || h.max_replicas > MAX_UNITS
                        || !finite_in(h.target_cpu_percent, 0.001, 1e6)
                        || !finite_in(h.tolerance, 0.0, 1.0)
                        || h.sync_period_s == 0
                        || h.scale_up.stabilization_window_s > 3_600
                        || h.scale_down.stabilization_window_s > 3_600
                    {
                        return err("platform.hpa");
                    }
                    if [&h.scale_up, &h.scale_down].iter().any(|r| {
                        r.policies
                            .iter()
                            .any(|p| p.period_s == 0 || p.period_s > 1_800)
                    }) {
                        return err("platform.hpa");
                    }
                }
            }
            Platform::AppRunner(a) => {
                // https://docs.aws.amazon.com/apprunner/latest/api/API_CreateAutoScalingConfiguration.html
                // (MaxConcurrency 1 to 200, MinSize 1 to 25, MaxSize at least 1).
                if !(1..=200).contains(&a.max_concurrency)
                    || !(1..=25).contains(&a.min_size)
                    || a.max_size < a.min_size
                    || a.max_size > MAX_UNITS
                {
                    return err("platform.autoscaling");
                }
                if !finite_in(a.vcpu, 0.0, 64.0) || !finite_in(a.memory_gb, 0.0, 512.0) {
                    return err("platform.instance");
                }
                if !check_ok(&a.health_check) || a.scale_in_delay_s > 86_400 {
                    return err("platform.health_check");
                }
            }
        }
        Ok(())
    }
}
