//! Deployments and their pod templates: replicas, selector, strategy, containers, probes,
//! resources.
//!
//! Fields and defaults: DeploymentSpec
//! (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/),
//! PodSpec and Container (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/),
//! Deployments (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/),
//! probes (https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/),
//! resources (https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/).

use std::collections::{BTreeMap, BTreeSet};

use super::model::*;
use super::quantity::{parse_quantity, IntOrPercent};
use super::rules::Rule;
use super::validate::{check_name, iana_svc_name_ok, read_labels};
use crate::ecs::check::Ck;
use crate::tree::{Node, Value};

const SPEC_KEYS: &[&str] = &[
    "replicas",
    "selector",
    "template",
    "strategy",
    "minReadySeconds",
    "revisionHistoryLimit",
    "paused",
    "progressDeadlineSeconds",
];
const POD_KEYS: &[&str] = &[
    "activeDeadlineSeconds",
    "affinity",
    "automountServiceAccountToken",
    "containers",
    "dnsConfig",
    "dnsPolicy",
    "enableServiceLinks",
    "ephemeralContainers",
    "hostAliases",
    "hostIPC",
    "hostNetwork",
    "hostPID",
    "hostUsers",
    "hostname",
    "hostnameOverride",
    "imagePullSecrets",
    "initContainers",
    "nodeName",
    "nodeSelector",
    "os",
    "overhead",
    "preemptionPolicy",
    "priority",
    "priorityClassName",
    "readinessGates",
    "resourceClaims",
    "resources",
    "restartPolicy",
    "runtimeClassName",
    "schedulerName",
    "schedulingGates",
    "securityContext",
    "serviceAccount",
    "serviceAccountName",
    "setHostnameAsFQDN",
    "shareProcessNamespace",
    "subdomain",
    "terminationGracePeriodSeconds",
    "tolerations",
    "topologySpreadConstraints",
    "volumes",
];
const CONTAINER_KEYS: &[&str] = &[
    "args",
    "command",
    "env",
    "envFrom",
    "image",
    "imagePullPolicy",
    "lifecycle",
    "livenessProbe",
    "name",
    "ports",
    "readinessProbe",
    "resizePolicy",
    "resources",
    "restartPolicy",
    "restartPolicyRules",
    "securityContext",
    "startupProbe",
    "stdin",
    "stdinOnce",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "tty",
    "volumeDevices",
    "volumeMounts",
    "workingDir",
];
const PROBE_KEYS: &[&str] = &[
    "exec",
    "httpGet",
    "tcpSocket",
    "grpc",
    "initialDelaySeconds",
    "periodSeconds",
    "timeoutSeconds",
    "successThreshold",
    "failureThreshold",
    "terminationGracePeriodSeconds",
];
const I32: i64 = i32::MAX as i64;

/// Reads a Deployment's spec.
pub(crate) fn read_deployment(ck: &mut Ck<Rule>, s: &Node, at: &str) -> Option<Deployment> {
    let sat = format!("{at} spec");
    ck.keys(s, &sat, SPEC_KEYS, &["selector", "template"])?;
    let uint = |ck: &mut Ck<Rule>, key: &str, default: u32| -> u32 {
        s.get(key)
            .and_then(|n| ck.int(n, &format!("spec.{key}"), 0, I32))
            .map_or(default, |v| v.clamp(0, I32) as u32)
    };
    let replicas = uint(ck, "replicas", 1);
    let min_ready_s = uint(ck, "minReadySeconds", 0);
    let progress_deadline_s = uint(ck, "progressDeadlineSeconds", 600);
    let revision_history_limit = uint(ck, "revisionHistoryLimit", 10);
    // "progressDeadlineSeconds … must be greater than minReadySeconds" (DeploymentSpec).
    if progress_deadline_s <= min_ready_s {
        let pos = s
            .get("progressDeadlineSeconds")
            .or(s.get("minReadySeconds"))
            .map_or(s.pos, |n| n.pos);
        ck.push(
            pos,
            Rule::ProgressDeadline,
            &[&progress_deadline_s.to_string(), &min_ready_s.to_string()],
        );
    }
    let paused = s
        .get("paused")
        .and_then(|n| ck.boolean(n, "spec.paused"))
        .unwrap_or(false);
    let mut selector = BTreeMap::new();
    let mut expressions = false;
    if let Some(sel) = s.get("selector") {
        if ck
            .keys(
                sel,
                "spec.selector",
                &["matchLabels", "matchExpressions"],
                &[],
            )
            .is_some()
        {
            if let Some(ml) = sel.get("matchLabels") {
                selector = read_labels(ck, ml, "spec.selector.matchLabels");
            }
            if let Some(me) = sel.get("matchExpressions") {
                expressions = !ck.seq(me, "spec.selector.matchExpressions").is_empty();
            }
            if selector.is_empty() && !expressions {
                ck.push(sel.pos, Rule::SelectorEmpty, &["spec.selector"]);
            }
        }
    }
    let (strategy, max_surge, max_unavailable) = strategy(ck, s.get("strategy"));
    let mut template_labels = BTreeMap::new();
    let mut containers = Vec::new();
    let mut init_containers = Vec::new();
    let mut grace = 30;
    if let Some(t) = s.get("template") {
        if ck
            .keys(t, "spec.template", &["metadata", "spec"], &["spec"])
            .is_some()
        {
            if let Some(m) = t.get("metadata") {
                if ck
                    .keys(
                        m,
                        "spec.template.metadata",
                        &[
                            "labels",
                            "annotations",
                            "name",
                            "namespace",
                            "creationTimestamp",
                            "generateName",
                        ],
                        &[],
                    )
                    .is_some()
                {
                    if let Some(l) = m.get("labels") {
                        template_labels = read_labels(ck, l, "spec.template.metadata.labels");
                    }
                    if let Some(a) = m.get("annotations") {
                        for (k, v) in ck.map(a, "spec.template.metadata.annotations") {
                            ck.string(v, &format!("spec.template.metadata.annotations.{}", k.name));
                        }
                    }
                }
            }
            // "The selector must match the pod template's labels": every matchLabels pair is
            // among the template's labels (DeploymentSpec, selector).
            if !selector.is_empty()
                && !selector
                    .iter()
                    .all(|(k, v)| template_labels.get(k) == Some(v))
            {
                let pos = s.key("selector").map_or(s.pos, |k| k.pos);
                ck.push(
                    pos,
                    Rule::SelectorMismatch,
                    &[&pairs(&selector), &pairs(&template_labels)],
                );
            }
            if let Some(p) = t.get("spec") {
                let pod = read_pod(ck, p);
                containers = pod.0;
                init_containers = pod.1;
                grace = pod.2;
            }
        }
    }
    Some(Deployment {
        replicas,
        selector,
        template_labels,
        strategy,
        max_surge,
        max_unavailable,
        min_ready_s,
        progress_deadline_s,
        revision_history_limit,
        paused,
        containers,
        init_containers,
        termination_grace_period_s: grace,
    })
}

fn pairs(m: &BTreeMap<String, String>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn strategy(
    ck: &mut Ck<Rule>,
    n: Option<&Node>,
) -> (DeploymentStrategy, IntOrPercent, IntOrPercent) {
    // Defaults: RollingUpdate, maxSurge 25 %, maxUnavailable 25 % (Deployments page).
    let quarter = IntOrPercent::Percent(25);
    let Some(n) = n else {
        return (DeploymentStrategy::RollingUpdate, quarter, quarter);
    };
    if ck
        .keys(n, "spec.strategy", &["type", "rollingUpdate"], &[])
        .is_none()
    {
        return (DeploymentStrategy::RollingUpdate, quarter, quarter);
    }
    let kind = match n
        .get("type")
        .and_then(|t| ck.one_of(t, "spec.strategy.type", &["RollingUpdate", "Recreate"]))
        .as_deref()
    {
        Some("Recreate") => DeploymentStrategy::Recreate,
        _ => DeploymentStrategy::RollingUpdate,
    };
    let (mut surge, mut unavailable) = (quarter, quarter);
    if let Some(ru) = n.get("rollingUpdate") {
        // "may not be specified when strategy `type` is 'Recreate'" (the API's validation).
        if kind == DeploymentStrategy::Recreate {
            let pos = n.key("rollingUpdate").map_or(ru.pos, |k| k.pos);
            ck.push(pos, Rule::RecreateRollingUpdate, &[]);
        }
        if ck
            .keys(
                ru,
                "spec.strategy.rollingUpdate",
                &["maxSurge", "maxUnavailable"],
                &[],
            )
            .is_some()
        {
            if let Some(v) = ru.get("maxSurge") {
                if let Some(x) = int_or_percent(ck, v, "spec.strategy.rollingUpdate.maxSurge") {
                    surge = x;
                }
            }
            if let Some(v) = ru.get("maxUnavailable") {
                if let Some(x) = int_or_percent(ck, v, "spec.strategy.rollingUpdate.maxUnavailable")
                {
                    // "maxUnavailable … should not be larger than 100%".
                    if let IntOrPercent::Percent(p) = x {
                        if p > 100 {
                            ck.push(
                                v.pos,
                                Rule::OutOfRange,
                                &[
                                    "spec.strategy.rollingUpdate.maxUnavailable",
                                    &format!("{p}%"),
                                    "0%",
                                    "100%",
                                ],
                            );
                        }
                    }
                    unavailable = x;
                }
            }
            // "The value cannot be 0 if MaxSurge is 0" (maxUnavailable, Deployments page).
            let zero =
                |x: IntOrPercent| matches!(x, IntOrPercent::Int(0) | IntOrPercent::Percent(0));
            if zero(surge) && zero(unavailable) && kind == DeploymentStrategy::RollingUpdate {
                ck.push(
                    n.key("rollingUpdate").map_or(ru.pos, |k| k.pos),
                    Rule::RollingUpdateZero,
                    &[],
                );
            }
        }
    }
    (kind, surge, unavailable)
}

/// An integer (≥ 0) or a percentage string `N%`.
pub(crate) fn int_or_percent(ck: &mut Ck<Rule>, v: &Node, at: &str) -> Option<IntOrPercent> {
    match &v.value {
        Value::Number(x, text) => {
            if x.fract() != 0.0 || *x < 0.0 || *x > f64::from(i32::MAX) {
                ck.push(v.pos, Rule::IntOrPercent, &[at, text]);
                return None;
            }
            Some(IntOrPercent::Int(*x as u32))
        }
        Value::Str(s) => {
            let p = s
                .strip_suffix('%')
                .filter(|d| !d.is_empty() && d.len() <= 9 && d.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|d| d.parse::<u32>().ok());
            match p {
                Some(p) => Some(IntOrPercent::Percent(p)),
                None => {
                    ck.push(v.pos, Rule::IntOrPercent, &[at, s]);
                    None
                }
            }
        }
        _ => {
            ck.push(v.pos, Rule::WrongType, &[at, "int-or-percent", v.kind()]);
            None
        }
    }
}

/// Reads a pod spec: containers, init containers, termination grace period.
fn read_pod(ck: &mut Ck<Rule>, p: &Node) -> (Vec<Container>, Vec<Container>, u32) {
    let pat = "spec.template.spec";
    if ck.keys(p, pat, POD_KEYS, &["containers"]).is_none() {
        return (Vec::new(), Vec::new(), 30);
    }
    // A Deployment's pods: "Only a .spec.template.spec.restartPolicy equal to Always is
    // allowed, which is the default if not specified" (Deployments page).
    if let Some(r) = p.get("restartPolicy") {
        if let Some(v) = ck.one_of(
            r,
            &format!("{pat}.restartPolicy"),
            &["Always", "OnFailure", "Never"],
        ) {
            if v != "Always" {
                ck.push(r.pos, Rule::RestartPolicy, &[&v]);
            }
        }
    }
    let grace = p
        .get("terminationGracePeriodSeconds")
        .and_then(|n| {
            ck.int(
                n,
                &format!("{pat}.terminationGracePeriodSeconds"),
                0,
                i64::MAX,
            )
        })
        .map_or(30, |v| v.clamp(0, I32) as u32);
    let mut names = BTreeSet::new();
    let mut read = |ck: &mut Ck<Rule>, key: &str| -> Vec<Container> {
        let Some(list) = p.get(key) else {
            return Vec::new();
        };
        let items = ck.seq(list, &format!("{pat}.{key}"));
        if key == "containers" && items.is_empty() && list.as_seq().is_some() {
            ck.push(list.pos, Rule::MissingKey, &[pat, "containers"]);
        }
        let mut out = Vec::new();
        for (i, c) in items.iter().enumerate() {
            if let Some(c) = read_container(ck, c, &format!("{pat}.{key}[{i}]"), &mut names) {
                out.push(c);
            }
        }
        out
    };
    let containers = read(ck, "containers");
    let init = read(ck, "initContainers");
    (containers, init, grace)
}

fn read_container(
    ck: &mut Ck<Rule>,
    c: &Node,
    at: &str,
    names: &mut BTreeSet<String>,
) -> Option<Container> {
    let named = match c.get("name").and_then(Node::as_str) {
        Some(n) if !n.is_empty() => format!("{at} ({n})"),
        _ => at.to_string(),
    };
    ck.keys(c, &named, CONTAINER_KEYS, &["name", "image"])?;
    let name = c
        .get("name")
        .and_then(|n| {
            let s = ck.string(n, &format!("{at}.name"))?;
            check_name(ck, n.pos, &format!("{at}.name"), &s, "dns-1123-label");
            if !names.insert(s.clone()) {
                ck.push(n.pos, Rule::DuplicateName, &["container", &s]);
            }
            Some(s)
        })
        .unwrap_or_default();
    let at = if name.is_empty() {
        at.to_string()
    } else {
        format!("{at} ({name})")
    };
    let image = c
        .get("image")
        .and_then(|n| ck.string(n, &format!("{at}.image")))
        .unwrap_or_default();
    if let Some(n) = c.get("imagePullPolicy") {
        ck.one_of(
            n,
            &format!("{at}.imagePullPolicy"),
            &["Always", "IfNotPresent", "Never"],
        );
    }
    let mut ports = Vec::new();
    if let Some(list) = c.get("ports") {
        let mut port_names = BTreeSet::new();
        for (i, p) in ck.seq(list, &format!("{at}.ports")).iter().enumerate() {
            let pat = format!("{at}.ports[{i}]");
            if ck
                .keys(
                    p,
                    &pat,
                    &["containerPort", "hostIP", "hostPort", "name", "protocol"],
                    &["containerPort"],
                )
                .is_none()
            {
                continue;
            }
            if let Some(v) = p
                .get("containerPort")
                .and_then(|n| ck.int(n, &format!("{pat}.containerPort"), 1, 65535))
            {
                ports.push(v.clamp(0, 65535) as u32);
            }
            if let Some(n) = p.get("hostPort") {
                ck.int(n, &format!("{pat}.hostPort"), 1, 65535);
            }
            if let Some(n) = p.get("protocol") {
                ck.one_of(n, &format!("{pat}.protocol"), &["TCP", "UDP", "SCTP"]);
            }
            if let Some(n) = p.get("name") {
                if let Some(s) = ck.string(n, &format!("{pat}.name")) {
                    check_name(ck, n.pos, &format!("{pat}.name"), &s, "iana-svc-name");
                    if !port_names.insert(s.clone()) {
                        ck.push(n.pos, Rule::DuplicateName, &["port", &s]);
                    }
                }
            }
        }
    }
    let readiness = c
        .get("readinessProbe")
        .and_then(|n| probe(ck, n, &format!("{at}.readinessProbe"), false));
    let liveness = c
        .get("livenessProbe")
        .and_then(|n| probe(ck, n, &format!("{at}.livenessProbe"), true));
    let startup = c
        .get("startupProbe")
        .and_then(|n| probe(ck, n, &format!("{at}.startupProbe"), true));
    let (requests, limits) = c
        .get("resources")
        .map_or((Resources::default(), Resources::default()), |r| {
            resources(ck, r, &at, &name)
        });
    Some(Container {
        name,
        image,
        ports,
        readiness,
        liveness,
        startup,
        requests,
        limits,
    })
}

fn probe(ck: &mut Ck<Rule>, n: &Node, at: &str, one_success: bool) -> Option<Probe> {
    ck.keys(n, at, PROBE_KEYS, &[])?;
    let handlers: Vec<&str> = ["exec", "httpGet", "tcpSocket", "grpc"]
        .into_iter()
        .filter(|k| n.get(k).is_some())
        .collect();
    // "must specify a handler type" / "may not specify more than 1 handler type" (the API's
    // probe validation).
    if handlers.len() != 1 {
        ck.push(
            n.pos,
            Rule::ProbeHandler,
            &[at, &handlers.len().to_string()],
        );
    }
    let handler = handlers.first().and_then(|h| {
        let hn = n.get(h)?;
        let hat = format!("{at}.{h}");
        match *h {
            "httpGet" => {
                ck.keys(
                    hn,
                    &hat,
                    &["path", "port", "host", "scheme", "httpHeaders"],
                    &["port"],
                )?;
                if let Some(s) = hn.get("scheme") {
                    ck.one_of(s, &format!("{hat}.scheme"), &["HTTP", "HTTPS"]);
                }
                let path = hn
                    .get("path")
                    .and_then(|p| ck.string(p, &format!("{hat}.path")))
                    .unwrap_or_default();
                let port = hn
                    .get("port")
                    .and_then(|p| port_ref(ck, p, &format!("{hat}.port")))?;
                Some(ProbeHandler::HttpGet { path, port })
            }
            "tcpSocket" => {
                ck.keys(hn, &hat, &["port", "host"], &["port"])?;
                let port = hn
                    .get("port")
                    .and_then(|p| port_ref(ck, p, &format!("{hat}.port")))?;
                Some(ProbeHandler::TcpSocket { port })
            }
            "exec" => {
                ck.keys(hn, &hat, &["command"], &[])?;
                let command = hn
                    .get("command")
                    .map_or(Vec::new(), |c| ck.strings(c, &format!("{hat}.command")));
                Some(ProbeHandler::Exec { command })
            }
            _ => {
                ck.keys(hn, &hat, &["port", "service"], &["port"])?;
                let port = hn
                    .get("port")
                    .and_then(|p| ck.int(p, &format!("{hat}.port"), 1, 65535))?;
                Some(ProbeHandler::Grpc {
                    port: port.clamp(0, 65535) as u32,
                })
            }
        }
    });
    let mut get = |key: &str, min: i64, default: u32| -> u32 {
        n.get(key)
            .and_then(|x| ck.int(x, &format!("{at}.{key}"), min, I32))
            .map_or(default, |v| v.clamp(0, I32) as u32)
    };
    let initial_delay_s = get("initialDelaySeconds", 0, 0);
    let period_s = get("periodSeconds", 1, 10);
    let timeout_s = get("timeoutSeconds", 1, 1);
    let success_threshold = get("successThreshold", 1, 1);
    let failure_threshold = get("failureThreshold", 1, 3);
    // successThreshold: "Must be 1 for liveness and startup Probes" (Probe).
    if one_success && success_threshold != 1 {
        let pos = n.get("successThreshold").map_or(n.pos, |x| x.pos);
        ck.push(
            pos,
            Rule::SuccessThreshold,
            &[at, &success_threshold.to_string()],
        );
    }
    if let Some(x) = n.get("terminationGracePeriodSeconds") {
        ck.int(
            x,
            &format!("{at}.terminationGracePeriodSeconds"),
            1,
            i64::MAX,
        );
    }
    Some(Probe {
        handler,
        initial_delay_s,
        period_s,
        timeout_s,
        success_threshold,
        failure_threshold,
    })
}

/// A port by number (1–65535) or by a container port's name.
fn port_ref(ck: &mut Ck<Rule>, p: &Node, at: &str) -> Option<String> {
    match &p.value {
        Value::Number(..) => ck.int(p, at, 1, 65535).map(|v| v.to_string()),
        Value::Str(s) => {
            if !iana_svc_name_ok(s) {
                ck.push(p.pos, Rule::BadName, &[at, s, "iana-svc-name"]);
            }
            Some(s.clone())
        }
        _ => {
            ck.push(p.pos, Rule::WrongType, &[at, "int-or-string", p.kind()]);
            None
        }
    }
}

fn resources(ck: &mut Ck<Rule>, r: &Node, at: &str, name: &str) -> (Resources, Resources) {
    let rat = format!("{at}.resources");
    if ck
        .keys(r, &rat, &["requests", "limits", "claims"], &[])
        .is_none()
    {
        return (Resources::default(), Resources::default());
    }
    let read =
        |ck: &mut Ck<Rule>, key: &str| -> BTreeMap<String, (i128, String, crate::tree::Pos)> {
            let mut out = BTreeMap::new();
            let Some(m) = r.get(key) else {
                return out;
            };
            for (k, v) in ck.map(m, &format!("{rat}.{key}")) {
                let vat = format!("{rat}.{key}.{}", k.name);
                let text = match &v.value {
                    Value::Str(s) => s.clone(),
                    Value::Number(_, t) => t.clone(),
                    _ => {
                        ck.push(v.pos, Rule::WrongType, &[&vat, "quantity", v.kind()]);
                        continue;
                    }
                };
                match parse_quantity(&text) {
                    Some(q) if q.milli >= 0 => {
                        out.insert(k.name.clone(), (q.milli, text, v.pos));
                    }
                    _ => ck.push(v.pos, Rule::Quantity, &[&vat, &text]),
                }
            }
            out
        };
    let requests = read(ck, "requests");
    let limits = read(ck, "limits");
    // "requests … cannot exceed Limits" (ResourceRequirements).
    for (res, (req, req_text, pos)) in &requests {
        if let Some((lim, lim_text, _)) = limits.get(res) {
            if req > lim {
                ck.push(
                    *pos,
                    Rule::RequestAboveLimit,
                    &[name, res, req_text, lim_text],
                );
            }
        }
    }
    let pick = |m: &BTreeMap<String, (i128, String, crate::tree::Pos)>, res: &str| {
        m.get(res)
            .map(|(v, _, _)| (*v).clamp(0, i128::from(u64::MAX)) as u64)
    };
    let limit = Resources {
        cpu_milli: pick(&limits, "cpu"),
        memory_milli: pick(&limits, "memory"),
    };
    // "If you specify a limit for a resource, but do not specify any request, … Kubernetes
    // copies the limit you specified and uses it as the requested value".
    let request = Resources {
        cpu_milli: pick(&requests, "cpu").or(limit.cpu_milli),
        memory_milli: pick(&requests, "memory").or(limit.memory_milli),
    };
    (request, limit)
}
