//! The validation rules of Kubernetes manifests: each has a stable id, a severity, and the
//! values its message needs (worded by `course::containers::k8s`).

pub use crate::tree::Severity;
use crate::tree::{rules, Pos};

rules! {
    Syntax = "syntax" Error, "The text is not valid YAML or JSON. Args: the parser's message.";
    NotAnObject = "not-an-object" Error, "A document that is not a Kubernetes object (a mapping with apiVersion and kind). Args: the missing key (`apiVersion` or `kind`), or the kind of value found.";
    DuplicateKey = "duplicate-key" Error, "A key written twice in one mapping. Args: key.";
    UnknownKey = "unknown-key" Error, "A field the object does not have (kubectl's strict field validation refuses it). Args: where, key, near keys.";
    MissingKey = "missing-key" Error, "A required field left out. Args: where, key.";
    WrongType = "type" Error, "A value of the wrong kind. Args: where, expected kind, found kind.";
    BadValue = "value" Error, "A value outside its allowed values. Args: where, value, allowed values joined by `|`.";
    OutOfRange = "range" Error, "A number outside its allowed range. Args: where, value, min, max (empty: no maximum).";
    BadName = "name" Error, "A name or label that breaks Kubernetes' naming rules. Args: where, value, the rule (`dns-1123-subdomain`, `dns-1123-label`, `dns-1035-label`, `iana-svc-name`, `label-key`, `label-value`).";
    ApiVersion = "api-version" Error, "A kind under an apiVersion that does not serve it (removed or wrong group). Args: kind, apiVersion, the apiVersions that serve it joined by `|`.";
    SelectorMismatch = "selector-mismatch" Error, "The Deployment's selector does not match its pod template's labels. Args: the selector, the template's labels (`k=v` joined by `,`).";
    SelectorEmpty = "selector-empty" Error, "An empty selector (apps/v1 needs one that selects the template's pods). Args: where.";
    Quantity = "quantity" Error, "A resource quantity Kubernetes cannot read (such as `250m`, `0.5`, `512Mi`, `1G`, `1e3`). Args: where, text.";
    RequestAboveLimit = "request-above-limit" Error, "A resource request above its limit. Args: container, resource, request, limit.";
    ProbeHandler = "probe-handler" Error, "A probe without exactly one handler (exec, httpGet, tcpSocket, grpc). Args: where, number of handlers.";
    SuccessThreshold = "success-threshold" Error, "A liveness or startup probe's successThreshold other than 1. Args: where, value.";
    RollingUpdateZero = "rolling-update-zero" Error, "maxSurge and maxUnavailable both 0: the rollout could neither add nor remove a pod.";
    RecreateRollingUpdate = "recreate-rolling-update" Error, "rollingUpdate set with strategy type Recreate. Args: none.";
    ProgressDeadline = "progress-deadline" Error, "progressDeadlineSeconds not greater than minReadySeconds. Args: progressDeadlineSeconds, minReadySeconds.";
    IntOrPercent = "int-or-percent" Error, "A value that must be a non-negative integer or a percentage (`25%`). Args: where, text.";
    DuplicateName = "duplicate-name" Error, "A name that must be unique used twice. Args: what (`container`, `port`), name.";
    PortNameRequired = "port-name-required" Error, "A Service with several ports where one has no name. Args: where.";
    NodePortType = "node-port-type" Error, "A nodePort on a Service whose type is not NodePort or LoadBalancer. Args: type.";
    RestartPolicy = "restart-policy" Error, "A Deployment's pod template with a restartPolicy other than Always. Args: value.";
    MinAboveMax = "min-above-max" Error, "An HPA whose minReplicas is above maxReplicas. Args: minReplicas, maxReplicas.";
    MetricTarget = "metric-target" Error, "A metric target type the metric type does not take, or a target without its value. Args: where, metric type, target type, allowed types or the missing field.";
    RemovedApi = "removed-api" Error, "An apiVersion Kubernetes no longer serves for this kind. Args: kind, apiVersion, the apiVersions that serve it joined by `|`, the Kubernetes version that removed it.";
    NoRequests = "no-requests" Warning, "An HPA with a Utilization target on a Deployment of the same file whose containers do not all request that resource: the HPA cannot compute utilization. Args: hpa, deployment, container, resource.";
}

/// One finding: a rule, where, and the values its message needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub rule: Rule,
    pub args: Vec<String>,
}

impl Diagnostic {
    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}

impl crate::ecs::check::ShapeRules for Rule {
    const WRONG_TYPE: Self = Rule::WrongType;
    const UNKNOWN_KEY: Self = Rule::UnknownKey;
    const DUPLICATE_KEY: Self = Rule::DuplicateKey;
    const MISSING_KEY: Self = Rule::MissingKey;
    const BAD_VALUE: Self = Rule::BadValue;
    const OUT_OF_RANGE: Self = Rule::OutOfRange;
}
