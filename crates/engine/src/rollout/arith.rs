//! The documented arithmetic of rollouts and scaling, as small pure functions (the
//! simulation uses them; labs and tests can call them directly).

/// The bounds of an ECS rolling update: the fewest tasks that must stay healthy and the
/// most that may run or be pending, for a desired count and the deployment configuration's
/// percentages.
///
/// "The minimumHealthyPercent … This value is rounded up"; "The maximumPercent … This value
/// is rounded down" — Amazon ECS Developer Guide, "Deploy Amazon ECS services by replacing
/// tasks", <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html>
/// (examples: 50 % of 4 lets the scheduler stop two tasks first; 75 % of 2 is still two;
/// 200 % of 4 lets it start four new tasks first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EcsBounds {
    /// `ceil(desiredCount × minimumHealthyPercent / 100)`.
    pub min_healthy: u32,
    /// `floor(desiredCount × maximumPercent / 100)`.
    pub max_running: u32,
}

/// [`EcsBounds`] for a desired count and the two percentages.
pub fn ecs_bounds(desired: u32, minimum_healthy_percent: u32, maximum_percent: u32) -> EcsBounds {
    let d = u64::from(desired);
    EcsBounds {
        min_healthy: (d * u64::from(minimum_healthy_percent)).div_ceil(100) as u32,
        max_running: (d * u64::from(maximum_percent) / 100) as u32,
    }
}

/// The deployment circuit breaker's failure threshold for a desired count: 0.5 × the
/// desired count, at least 3 and at most 200 — ECS API Reference,
/// `ServiceDeploymentCircuitBreaker.threshold`,
/// <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeploymentCircuitBreaker.html>
/// (the default `thresholdConfiguration` is `BOUNDED_PERCENT` 50,
/// <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ThresholdConfiguration.html>).
/// An odd count's half is rounded up here (the documentation gives no rounding).
pub fn circuit_breaker_threshold(desired: u32) -> u32 {
    desired.div_ceil(2).clamp(3, 200)
}

/// The HPA's replica count for one metric: `ceil(currentReplicas × currentMetricValue /
/// desiredMetricValue)`, unchanged while the ratio is within `tolerance` of 1 —
/// Kubernetes, "Horizontal Pod Autoscaling", "Algorithm details",
/// <https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details>
/// (the tolerance defaults to 0.1). Bounds (`minReplicas`, `maxReplicas`) are applied by
/// the caller.
pub fn hpa_desired(current: u32, metric: f64, target: f64, tolerance: f64) -> u32 {
    if current == 0 || !(metric.is_finite() && target.is_finite() && target > 0.0) {
        return current;
    }
    let ratio = metric / target;
    if (1.0 - ratio).abs() <= tolerance {
        return current;
    }
    let x = (f64::from(current) * ratio).ceil();
    if x >= f64::from(u32::MAX) {
        u32::MAX
    } else if x <= 0.0 {
        0
    } else {
        x as u32
    }
}

/// The HPA's replica count with not-yet-ready pods, as "Algorithm details" describes it:
/// the ratio is the ready pods' average metric over the target; within the tolerance,
/// `current` stays; scaling down, `ceil(ratio × ready)`; scaling up with pods not yet ready,
/// those pods are assumed to use 0 % of the target and the ratio is recomputed over all
/// pods — if that reverses the direction or falls within the tolerance, `current` stays,
/// otherwise `ceil(newRatio × (ready + notReady))`. Pods without metrics are not modelled.
pub fn hpa_replicas(
    current: u32,
    ready: u32,
    not_ready: u32,
    metric: f64,
    target: f64,
    tolerance: f64,
) -> u32 {
    if ready == 0 || !(metric.is_finite() && target.is_finite() && target > 0.0) {
        return current;
    }
    let ratio = metric / target;
    if (1.0 - ratio).abs() <= tolerance {
        return current;
    }
    let ceil = |x: f64| {
        if x >= f64::from(u32::MAX) {
            u32::MAX
        } else if x <= 0.0 {
            0
        } else {
            x.ceil() as u32
        }
    };
    if ratio < 1.0 || not_ready == 0 {
        return ceil(ratio * f64::from(ready));
    }
    let all = f64::from(ready) + f64::from(not_ready);
    let new_ratio = metric * f64::from(ready) / (target * all);
    if new_ratio <= 1.0 || (1.0 - new_ratio).abs() <= tolerance {
        return current;
    }
    ceil(new_ratio * all)
}

/// The capacity a target tracking policy asks for: the current capacity scaled by the
/// metric's ratio to its target, rounded up ("Service Auto Scaling always acts
/// conservatively by rounding up or down", Amazon ECS Developer Guide, "Target tracking
/// scaling policies",
/// <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-autoscaling-targettracking.html>),
/// within `min..=max`.
pub fn target_tracking_capacity(current: u32, metric: f64, target: f64, min: u32, max: u32) -> u32 {
    let wanted = if current == 0 || !(metric.is_finite() && target > 0.0) {
        current
    } else {
        let x = (f64::from(current) * metric / target).ceil();
        if x >= f64::from(u32::MAX) {
            u32::MAX
        } else if x <= 0.0 {
            0
        } else {
            x as u32
        }
    };
    wanted.clamp(min, max.max(min))
}

/// App Runner's instance count for a number of concurrent requests: enough instances that
/// none handles more than `MaxConcurrency`, at least `MinSize` and at most `MaxSize` —
/// "Managing App Runner automatic scaling",
/// <https://docs.aws.amazon.com/apprunner/latest/dg/manage-autoscaling.html>.
pub fn app_runner_instances(concurrency: f64, max_concurrency: u32, min: u32, max: u32) -> u32 {
    let needed = if concurrency.is_finite() && concurrency > 0.0 && max_concurrency > 0 {
        let x = (concurrency / f64::from(max_concurrency)).ceil();
        if x >= f64::from(u32::MAX) {
            u32::MAX
        } else {
            x as u32
        }
    } else {
        0
    };
    needed.clamp(min, max.max(min))
}

/// App Runner's public prices used for cost, in US dollars, for US East (N. Virginia),
/// US East (Ohio), US West (Oregon) and Europe (Ireland): provisioned instances pay
/// $0.007 per GB-hour of memory; active instances pay $0.064 per vCPU-hour and $0.007 per
/// GB-hour — <https://aws.amazon.com/apprunner/pricing/>, checked 2026-11-30 (Asia
/// Pacific (Tokyo) is $0.009 per GB-hour; not modelled).
pub mod app_runner_price {
    /// Memory, provisioned or active, per GB-hour.
    pub const GB_HOUR: f64 = 0.007;
    /// Compute of an active instance, per vCPU-hour.
    pub const VCPU_HOUR: f64 = 0.064;
    /// The date the prices were read.
    pub const CHECKED: &str = "2026-11-30";
    /// The region they apply to.
    pub const REGION: &str = "us-east-1";
}
