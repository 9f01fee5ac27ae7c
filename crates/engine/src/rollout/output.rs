//! What a rollout simulation returns: the per-second series, each unit's timeline, the
//! events as data, and the summary the labs grade on.

/// Which image a unit runs: 0 is the image running at second 0, 1 the deployed one.
pub type Version = u8;

/// One simulated second.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Tick {
    /// The second.
    pub t: u32,
    /// The desired count (ECS `desiredCount`, Deployment `replicas`, App Runner's wanted
    /// instances).
    pub desired: u32,
    /// Units that exist (starting, running or draining; not stopped).
    pub total: u32,
    /// Units on their way out (ECS DEACTIVATING to DEPROVISIONING, pods Terminating).
    pub draining: u32,
    /// Units whose application runs (ECS `RUNNING`, pod `Running`, instance up), by version.
    pub running: [u32; 2],
    /// Units receiving traffic (healthy targets, ready pods, healthy instances), by version.
    pub healthy: [u32; 2],
    /// Requests that arrived.
    pub requests: u64,
    /// Requests handled, by version.
    pub served: [u64; 2],
    /// 5xx responses of each version's own (errors of handled requests), by version.
    pub version_errors: [u64; 2],
    /// 5xx responses: the versions' own errors and requests no serving unit could take
    /// (on App Runner those are 429s instead, in `throttled`).
    pub errors_5xx: u64,
    /// 429 Too Many Requests (App Runner, concurrency above the instances' limit).
    pub throttled_429: u64,
    /// Requests rejected for lack of capacity (part of `errors_5xx` or `throttled_429`).
    pub rejected: u64,
    /// `errors_5xx / requests` (0 without requests).
    pub error_rate: f64,
    /// The median latency of handled requests in ms.
    pub p50_ms: Option<f64>,
    /// The 99th-percentile latency in ms.
    pub p99_ms: Option<f64>,
    /// The serving units' average CPU utilisation in percent (0 when none serves).
    pub cpu_percent: f64,
    /// App Runner's active instances (handling requests); 0 elsewhere.
    pub active: u32,
}

/// ECS task `lastStatus` values, in lifecycle order — "Amazon ECS task lifecycle",
/// <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html>.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EcsStatus {
    /// `PROVISIONING`: resources (the network interface) are being set up.
    Provisioning,
    /// `PENDING`: the image is pulled and the container started.
    Pending,
    /// `ACTIVATING`: the task is registered with the load balancer.
    Activating,
    /// `RUNNING`.
    Running,
    /// `DEACTIVATING`: deregistered, connections draining (deregistration delay).
    Deactivating,
    /// `STOPPING`: SIGTERM sent, SIGKILL after `stopTimeout`.
    Stopping,
    /// `DEPROVISIONING`: resources released.
    Deprovisioning,
    /// `STOPPED`.
    Stopped,
}

/// A pod's state as `kubectl get pods` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum PodStatus {
    /// `Pending`: created, being scheduled.
    Pending,
    /// `ContainerCreating`: the image is pulled and the container started.
    ContainerCreating,
    /// `Running`.
    Running,
    /// `CrashLoopBackOff`: the container exited and waits to be restarted.
    CrashLoopBackOff,
    /// `Terminating`: deleted, removed from the Service's endpoints, shutting down.
    Terminating,
    /// Gone.
    Deleted,
}

/// An App Runner instance's state (simplified).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum InstanceStatus {
    /// Starting: pulling the image and starting the container.
    Starting,
    /// Running.
    Running,
    /// Stopped.
    Stopped,
}

/// A unit's lifecycle status on its platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum UnitStatus {
    /// An ECS task.
    Task(EcsStatus),
    /// A Kubernetes pod.
    Pod(PodStatus),
    /// An App Runner instance.
    Instance(InstanceStatus),
}

/// A unit's health as the traffic router sees it: an ALB target's state, a pod's Ready
/// condition, an App Runner instance's health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Health {
    /// Not registered / not started yet.
    None,
    /// Registered, checks not yet passed (ALB `initial`; a pod not yet Ready).
    Initial,
    /// Passing: receives traffic (ALB `healthy`; pod Ready).
    Healthy,
    /// Failing (ALB `unhealthy`; pod not Ready after having been checked).
    Unhealthy,
    /// Deregistered and draining (ALB `draining`; pod Terminating).
    Draining,
}

/// Why a unit stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum StopReason {
    /// ECS `stoppedReason` "Essential container in task exited" (with an exit code).
    EssentialContainerExited,
    /// ECS "Task failed ELB health checks in (target-group …)".
    FailedElbHealthChecks,
    /// The scheduler stopped it for a deployment ("Scaling activity initiated by
    /// (deployment ecs-svc/…)"), a scale-in, or a ReplicaSet scaled down.
    ScaledDown,
}

/// One change in a unit's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UnitChange {
    /// When.
    pub t: u32,
    /// The status from then on.
    pub status: UnitStatus,
    /// The health from then on.
    pub health: Health,
}

impl UnitRecord {
    /// ECS's `desiredStatus` at second `t`: RUNNING until the task is asked to stop, then
    /// STOPPED.
    pub fn desired_status(&self, t: u32) -> EcsStatus {
        match self.stop_requested_s {
            Some(at) if t >= at => EcsStatus::Stopped,
            _ => EcsStatus::Running,
        }
    }
}

/// A unit's whole timeline, for drawing it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UnitRecord {
    /// Its number, from 0 in creation order.
    pub id: u32,
    /// The image it runs.
    pub version: Version,
    /// Its changes, in time order (the first is its creation).
    pub changes: Vec<UnitChange>,
    /// When it was asked to stop: ECS's `desiredStatus` is RUNNING before this second and
    /// STOPPED from it on (a pod's deletion; an instance's release).
    pub stop_requested_s: Option<u32>,
    /// Why it stopped, if it did (or was asked to).
    pub stop_reason: Option<StopReason>,
    /// The essential container's exit code, if it exited on its own.
    pub exit_code: Option<i32>,
    /// Container restarts (Kubernetes).
    pub restarts: u32,
}

/// An ECS deployment's `rolloutState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RolloutState {
    /// `IN_PROGRESS`.
    InProgress,
    /// `COMPLETED`.
    Completed,
    /// `FAILED`.
    Failed,
}

/// The circuit breaker's two stages — "How the Amazon ECS deployment circuit breaker
/// detects failures",
/// <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html>.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum BreakerStage {
    /// Stage 1: a task failed to reach `RUNNING`.
    TaskNotRunning,
    /// Stage 2: a running task failed its health checks.
    HealthChecks,
}

/// Why a deployment failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum FailReason {
    /// The circuit breaker's threshold: "tasks failed to start".
    TasksFailedToStart,
    /// A deployment alarm went to ALARM.
    Alarm,
    /// A lifecycle hook returned FAILED.
    LifecycleHook,
    /// The new instances failed their health checks (App Runner).
    HealthChecks,
}

/// Who changed the desired count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Scaler {
    /// Application Auto Scaling's target tracking policy (its alarm on the metric).
    TargetTracking,
    /// The HorizontalPodAutoscaler.
    Hpa,
    /// App Runner's concurrency-based scaling.
    AppRunner,
}

/// What happened, as data (codes and values; `course::containers::rollout` words them).
/// ECS wordings: "Service event messages",
/// <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html>;
/// Kubernetes: the Deployment controller's events and conditions,
/// <https://kubernetes.io/docs/concepts/workloads/controllers/deployment/>.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EventKind {
    /// A deployment of `image` started (ECS `SERVICE_DEPLOYMENT_IN_PROGRESS`, a new
    /// ReplicaSet, an App Runner deployment); `rollback` for a circuit breaker's rollback.
    DeploymentStarted {
        /// The deployment's number (ECS `ecs-svc/…`).
        deployment: u32,
        /// The image it deploys.
        version: Version,
        /// Whether it is a rollback.
        rollback: bool,
    },
    /// ECS "(service …) has started N tasks: (task …) …"; App Runner instances launched.
    TasksStarted {
        /// The units.
        units: Vec<u32>,
    },
    /// ECS "(service …) registered N targets in (target-group …)".
    TargetsRegistered {
        /// The units.
        units: Vec<u32>,
    },
    /// ECS "(service …) has begun draining connections on N tasks." and "deregistered N
    /// targets".
    DrainingStarted {
        /// The units.
        units: Vec<u32>,
    },
    /// ECS "(service …) has stopped N running tasks: (task …)".
    TasksStopped {
        /// The units.
        units: Vec<u32>,
    },
    /// A unit stopped on its own: ECS stoppedReason "Essential container in task exited"
    /// (exit code) or "Task failed ELB health checks"; a pod's container exited.
    UnitFailed {
        /// The unit.
        unit: u32,
        /// Why.
        reason: StopReason,
        /// The exit code, if the container exited.
        exit_code: Option<i32>,
    },
    /// ECS "(service …) (port …) is unhealthy in (target-group …) due to (reason Health
    /// checks failed)"; a pod's readiness probe failed `failureThreshold` times.
    UnitUnhealthy {
        /// The unit.
        unit: u32,
    },
    /// The circuit breaker counted a failure.
    BreakerFailure {
        /// The failures counted so far.
        failures: u32,
        /// The threshold.
        threshold: u32,
        /// The stage that counted it.
        stage: BreakerStage,
    },
    /// ECS "(service …) (deployment ecs-svc/…) deployment failed: tasks failed to start."
    /// (`SERVICE_DEPLOYMENT_FAILED`, `rolloutState` FAILED), or failed on an alarm or a
    /// lifecycle hook.
    DeploymentFailed {
        /// The deployment.
        deployment: u32,
        /// Why.
        reason: FailReason,
        /// Whether it is rolled back.
        rolling_back: bool,
    },
    /// A deployment alarm changed state (CloudWatch's states).
    AlarmChanged {
        /// The alarm's name.
        alarm: String,
        /// Its new state.
        to: crate::alarm::AlarmState,
    },
    /// The deployment waits `seconds` with its alarms watched before it is COMPLETED (the
    /// bake time ECS computes from the alarms' configuration).
    BakeTime {
        /// How long.
        seconds: u32,
    },
    /// An ECS blue/green deployment entered a lifecycle stage.
    Stage {
        /// The stage.
        stage: super::model::LifecycleStage,
    },
    /// ECS "(service …) (deployment ecs-svc/…) deployment completed." (`rolloutState`
    /// COMPLETED); Kubernetes `NewReplicaSetAvailable`; App Runner's deployment succeeded.
    DeploymentCompleted {
        /// The deployment.
        deployment: u32,
    },
    /// ECS "(service …) has reached a steady state."
    SteadyState,
    /// Kubernetes "Scaled up replica set NAME to N" / "Scaled down replica set NAME to N".
    ReplicaSetScaled {
        /// The ReplicaSet's image.
        version: Version,
        /// Its replicas before.
        from: u32,
        /// Its replicas after.
        to: u32,
    },
    /// A container exited and waits `backoff_s` before restart `restarts` (Kubernetes
    /// CrashLoopBackOff: "Back-off restarting failed container").
    BackOff {
        /// The pod.
        unit: u32,
        /// Restarts so far.
        restarts: u32,
        /// The wait.
        backoff_s: u32,
    },
    /// Kubernetes: "FailedScheduling … Insufficient cpu": the cluster has no room for the
    /// pod, which stays Pending.
    FailedScheduling {
        /// The pod.
        unit: u32,
    },
    /// Kubernetes: the `Progressing` condition turned `False` with reason
    /// `ProgressDeadlineExceeded`. Kubernetes does not roll back by itself.
    ProgressDeadlineExceeded {
        /// The deadline.
        deadline_s: u32,
    },
    /// A scaling activity changed the desired count.
    Scaled {
        /// Who.
        by: Scaler,
        /// The count before.
        from: u32,
        /// The count after.
        to: u32,
        /// The metric's value that decided it (CPU %, requests per target per minute,
        /// concurrent requests).
        metric: f64,
        /// The target it was compared with (for App Runner, `MaxConcurrency`).
        target: f64,
    },
    /// App Runner switched all traffic to the new instances at once.
    TrafficSwitched {
        /// The image now serving.
        version: Version,
    },
    /// A traffic spike started.
    Spike {
        /// Its factor.
        multiplier: f64,
        /// Its length.
        duration_s: u32,
    },
}

/// One event.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Event {
    /// When.
    pub t: u32,
    /// What.
    pub kind: EventKind,
}

/// How the deployment ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Outcome {
    /// No image was deployed during the run.
    NoDeployment,
    /// Every unit runs the new image and is healthy (ECS `COMPLETED`; Kubernetes
    /// `NewReplicaSetAvailable`; App Runner's deployment succeeded).
    Completed,
    /// The deployment failed and nothing rolled it back (ECS circuit breaker without
    /// `rollback`: `FAILED`, no new tasks launched; App Runner: the old image keeps serving).
    Failed,
    /// The circuit breaker rolled back to the last COMPLETED deployment, which completed.
    RolledBack,
    /// The deployment made no progress: Kubernetes' `ProgressDeadlineExceeded` (no automatic
    /// rollback), or ECS without a circuit breaker replacing failing tasks forever.
    Stalled,
    /// Still going when the run ended.
    InProgress,
}

/// App Runner's bill for the run.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AppRunnerBill {
    /// Instance-hours of provisioned (idle) instances: memory only.
    pub provisioned_hours: f64,
    /// Instance-hours of active instances: vCPU and memory.
    pub active_hours: f64,
    /// The cost in US dollars at [`super::app_runner_price`].
    pub cost_usd: f64,
}

/// The totals a lab grades on.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Summary {
    /// How the deployment ended.
    pub outcome: Outcome,
    /// The new deployment's `rolloutState` (ECS only).
    pub rollout_state: Option<RolloutState>,
    /// When the deployment started, if one did.
    pub deploy_started_s: Option<u32>,
    /// When it ended (completed, failed, rolled back, stalled), if it did.
    pub finished_s: Option<u32>,
    /// `finished_s - deploy_started_s`.
    pub time_to_finish_s: Option<u32>,
    /// Whether a rollback happened automatically (never on Kubernetes).
    pub rolled_back_automatically: bool,
    /// The fewest healthy units from the deployment's start to its end (or the run's).
    pub min_healthy_during_deploy: Option<u32>,
    /// The most units that existed at once (starting and draining ones included: what the
    /// cluster must hold).
    pub peak_total: u32,
    /// The most units starting or running at once (draining ones left out: what
    /// `maximumPercent` and `maxSurge` bound).
    pub peak_active: u32,
    /// The highest desired count.
    pub peak_desired: u32,
    /// All requests.
    pub requests: u64,
    /// All 5xx responses.
    pub errors_5xx: u64,
    /// All 429 responses.
    pub throttled_429: u64,
    /// The highest per-second 5xx rate (0 to 1).
    pub max_5xx_rate: f64,
    /// Whether requests were ever rejected for lack of capacity.
    pub capacity_exceeded: bool,
    /// Seconds in which some were.
    pub capacity_exceeded_s: u32,
    /// The highest per-second average CPU utilisation.
    pub peak_cpu_percent: f64,
    /// Scaling activities.
    pub scaling_activities: u32,
    /// Unit-hours (every second a unit existed), for cost.
    pub unit_hours: f64,
    /// App Runner's bill (App Runner only).
    pub app_runner: Option<AppRunnerBill>,
}

/// The platform a run simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum PlatformKind {
    /// Amazon ECS.
    Ecs,
    /// Kubernetes (Amazon EKS).
    Kubernetes,
    /// AWS App Runner.
    AppRunner,
}

/// A run's output.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Run {
    /// The platform.
    pub platform: PlatformKind,
    /// One entry per second.
    pub series: Vec<Tick>,
    /// Every unit's timeline, by id.
    pub units: Vec<UnitRecord>,
    /// The events, in time order.
    pub events: Vec<Event>,
    /// What each ECS deployment alarm evaluated, in the order given.
    pub alarms: Vec<crate::deploy::AlarmTrack>,
    /// The totals.
    pub summary: Summary,
}
