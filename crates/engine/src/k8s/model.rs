//! The objects a manifest holds, as typed values with Kubernetes' defaults applied.

use std::collections::BTreeMap;

use super::quantity::{IntOrPercent, Rounding};
use crate::tree::Pos;

/// One object of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub labels: BTreeMap<String, String>,
    /// Where the object starts.
    pub pos: Pos,
    pub body: Body,
}

/// What the engine reads of an object, by kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Deployment(Deployment),
    Service(Service),
    Hpa(Hpa),
    /// Another kind (ConfigMap, Namespace, Ingress…): only apiVersion, kind and metadata are
    /// checked.
    Other,
}

/// `RollingUpdate` (the default) or `Recreate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeploymentStrategy {
    RollingUpdate,
    Recreate,
}

/// A Deployment (apps/v1), defaults applied
/// (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/).
#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    /// spec.replicas: 1 by default.
    pub replicas: u32,
    /// spec.selector.matchLabels.
    pub selector: BTreeMap<String, String>,
    /// spec.template.metadata.labels.
    pub template_labels: BTreeMap<String, String>,
    pub strategy: DeploymentStrategy,
    /// maxSurge: 25% by default.
    pub max_surge: IntOrPercent,
    /// maxUnavailable: 25% by default.
    pub max_unavailable: IntOrPercent,
    /// minReadySeconds: 0 by default.
    pub min_ready_s: u32,
    /// progressDeadlineSeconds: 600 by default.
    pub progress_deadline_s: u32,
    /// revisionHistoryLimit: 10 by default.
    pub revision_history_limit: u32,
    pub paused: bool,
    pub containers: Vec<Container>,
    pub init_containers: Vec<Container>,
    /// terminationGracePeriodSeconds: 30 by default.
    pub termination_grace_period_s: u32,
}

impl Deployment {
    /// The most pods above `replicas` during a rolling update (maxSurge, rounded up), and the
    /// most pods below it (maxUnavailable, rounded down). When both come to 0 (possible with
    /// percentages on few replicas), Kubernetes makes maxUnavailable 1 so that the rollout
    /// can move (the deployment controller's `ResolveFenceposts`; the docs forbid both being
    /// 0 as written). Recreate: 0 and `replicas`.
    pub fn surge_and_unavailable(&self) -> (u32, u32) {
        if self.strategy == DeploymentStrategy::Recreate {
            return (0, self.replicas);
        }
        resolve_rolling_update(self.replicas, self.max_surge, self.max_unavailable)
    }

    /// The first container's readiness probe (most Deployments have one container).
    pub fn readiness(&self) -> Option<&Probe> {
        self.containers.first().and_then(|c| c.readiness.as_ref())
    }

    /// The pod's requests: the containers' sum.
    pub fn pod_requests(&self) -> Resources {
        sum(self.containers.iter().map(|c| &c.requests))
    }

    /// The pod's limits: the containers' sum (a resource without a limit in one container
    /// has none for the pod).
    pub fn pod_limits(&self) -> Resources {
        let all = |f: fn(&Resources) -> Option<u64>| {
            self.containers
                .iter()
                .map(|c| f(&c.limits))
                .try_fold(0u64, |acc, v| v.map(|v| acc.saturating_add(v)))
        };
        if self.containers.is_empty() {
            return Resources::default();
        }
        Resources {
            cpu_milli: all(|r| r.cpu_milli),
            memory_milli: all(|r| r.memory_milli),
        }
    }
}

fn sum<'a>(it: impl Iterator<Item = &'a Resources>) -> Resources {
    let mut out = Resources::default();
    for r in it {
        if let Some(c) = r.cpu_milli {
            out.cpu_milli = Some(out.cpu_milli.unwrap_or(0).saturating_add(c));
        }
        if let Some(m) = r.memory_milli {
            out.memory_milli = Some(out.memory_milli.unwrap_or(0).saturating_add(m));
        }
    }
    out
}

/// CPU and memory of requests or limits, in thousandths (millicores; thousandths of a byte).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    pub cpu_milli: Option<u64>,
    pub memory_milli: Option<u64>,
}

impl Resources {
    /// Memory in bytes (rounded up).
    pub fn memory_bytes(&self) -> Option<u64> {
        self.memory_milli.map(|m| m.div_ceil(1000))
    }
}

/// A container of the pod template.
#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    pub name: String,
    pub image: String,
    /// containerPort of each port.
    pub ports: Vec<u32>,
    pub readiness: Option<Probe>,
    pub liveness: Option<Probe>,
    pub startup: Option<Probe>,
    /// Requests (a limit without a request makes the request equal to the limit).
    pub requests: Resources,
    pub limits: Resources,
}

/// How a probe checks the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProbeHandler {
    HttpGet { path: String, port: String },
    TcpSocket { port: String },
    Exec { command: Vec<String> },
    Grpc { port: u32 },
}

/// A probe with its defaults: initialDelaySeconds 0, periodSeconds 10, timeoutSeconds 1,
/// successThreshold 1, failureThreshold 3
/// (https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub handler: Option<ProbeHandler>,
    pub initial_delay_s: u32,
    pub period_s: u32,
    pub timeout_s: u32,
    pub success_threshold: u32,
    pub failure_threshold: u32,
}

/// A Service port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub port: u32,
    /// targetPort as written (a number or a container port's name); `port` when left out.
    pub target_port: String,
    pub node_port: Option<u32>,
    /// TCP (default), UDP or SCTP.
    pub protocol: String,
}

/// A Service (v1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// ClusterIP (default), NodePort, LoadBalancer or ExternalName.
    pub service_type: String,
    pub selector: BTreeMap<String, String>,
    pub ports: Vec<ServicePort>,
    pub external_name: Option<String>,
}

/// One HPA metric, read from autoscaling/v2 (or v1's targetCPUUtilizationPercentage).
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// Resource, Pods, Object, External or ContainerResource.
    pub kind: String,
    /// The resource's or the metric's name (`cpu`, `requests_per_second`…).
    pub name: String,
    /// Utilization, AverageValue or Value.
    pub target_type: String,
    /// averageUtilization (percent), or the value's quantity in thousandths.
    pub target: f64,
    pub pos: Pos,
}

/// A scaling policy: at most `value` pods (Pods) or percent (Percent) per `period_s`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalingPolicy {
    /// `Pods` or `Percent`.
    pub kind: String,
    pub value: u32,
    pub period_s: u32,
}

/// scaleUp or scaleDown rules, defaults applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalingRules {
    pub stabilization_window_s: u32,
    /// `Max` (default), `Min` or `Disabled`.
    pub select_policy: String,
    pub policies: Vec<ScalingPolicy>,
}

impl ScalingRules {
    /// Kubernetes' default scale-up: no stabilization, the larger of 100 % and 4 pods every
    /// 15 s (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#default-behavior).
    pub fn default_up() -> ScalingRules {
        ScalingRules {
            stabilization_window_s: 0,
            select_policy: "Max".into(),
            policies: vec![
                ScalingPolicy {
                    kind: "Percent".into(),
                    value: 100,
                    period_s: 15,
                },
                ScalingPolicy {
                    kind: "Pods".into(),
                    value: 4,
                    period_s: 15,
                },
            ],
        }
    }

    /// Kubernetes' default scale-down: a 300 s stabilization window, 100 % every 15 s.
    pub fn default_down() -> ScalingRules {
        ScalingRules {
            stabilization_window_s: 300,
            select_policy: "Max".into(),
            policies: vec![ScalingPolicy {
                kind: "Percent".into(),
                value: 100,
                period_s: 15,
            }],
        }
    }
}

/// A HorizontalPodAutoscaler, defaults applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Hpa {
    pub target_kind: String,
    pub target_name: String,
    /// minReplicas: 1 by default.
    pub min: u32,
    pub max: u32,
    /// The metrics; when none is given, 80 % average CPU utilization (autoscaling/v2's
    /// default).
    pub metrics: Vec<Metric>,
    pub scale_up: ScalingRules,
    pub scale_down: ScalingRules,
}

/// Resolves `maxSurge` (a percentage rounds up) and `maxUnavailable` (rounds down) to pod
/// counts; if both come to 0, `maxUnavailable` becomes 1 — Kubernetes, "Deployments",
/// <https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge> and
/// `#max-unavailable` (25 % each by default), and the controller's `ResolveFenceposts`.
pub fn resolve_rolling_update(
    replicas: u32,
    max_surge: IntOrPercent,
    max_unavailable: IntOrPercent,
) -> (u32, u32) {
    let surge = max_surge.resolve(replicas, Rounding::Up);
    let unavailable = max_unavailable.resolve(replicas, Rounding::Down);
    if surge == 0 && unavailable == 0 {
        (0, 1)
    } else {
        (surge, unavailable)
    }
}
