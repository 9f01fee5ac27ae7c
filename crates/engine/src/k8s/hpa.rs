//! HorizontalPodAutoscalers: autoscaling/v2 (and v1's targetCPUUtilizationPercentage).
//!
//! Fields, defaults and limits: HorizontalPodAutoscaler v2
//! (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/):
//! minReplicas defaults to 1; metrics default to 80 % average CPU utilization;
//! stabilizationWindowSeconds "must be greater than or equal to zero and less than or equal
//! to 3600 (one hour)"; a policy's periodSeconds "must be greater than zero and less than or
//! equal to 1800 (30 min)" and its value greater than zero; selectPolicy Max, Min or
//! Disabled. The default behavior (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#default-behavior):
//! scale up without stabilization by the larger of 100 % and 4 pods every 15 s; scale down
//! after a 300 s window by 100 % every 15 s.

use super::model::*;
use super::quantity::parse_quantity;
use super::rules::Rule;
use crate::ecs::check::Ck;
use crate::tree::{Node, Value};

const V2_KEYS: &[&str] = &[
    "scaleTargetRef",
    "minReplicas",
    "maxReplicas",
    "metrics",
    "behavior",
];
const V1_KEYS: &[&str] = &[
    "scaleTargetRef",
    "minReplicas",
    "maxReplicas",
    "targetCPUUtilizationPercentage",
];
const I32: i64 = i32::MAX as i64;

pub(crate) fn read_hpa(ck: &mut Ck<Rule>, s: &Node, at: &str, v1: bool) -> Option<Hpa> {
    let keys = if v1 { V1_KEYS } else { V2_KEYS };
    ck.keys(
        s,
        &format!("{at} spec"),
        keys,
        &["scaleTargetRef", "maxReplicas"],
    )?;
    let (mut target_kind, mut target_name) = (String::new(), String::new());
    if let Some(r) = s.get("scaleTargetRef") {
        if ck
            .keys(
                r,
                "spec.scaleTargetRef",
                &["apiVersion", "kind", "name"],
                &["kind", "name"],
            )
            .is_some()
        {
            target_kind = r
                .get("kind")
                .and_then(|n| ck.string(n, "spec.scaleTargetRef.kind"))
                .unwrap_or_default();
            target_name = r
                .get("name")
                .and_then(|n| ck.string(n, "spec.scaleTargetRef.name"))
                .unwrap_or_default();
            if let Some(n) = r.get("apiVersion") {
                ck.string(n, "spec.scaleTargetRef.apiVersion");
            }
        }
    }
    // minReplicas ≥ 1 (0 only with the HPAScaleToZero alpha feature gate), default 1.
    let min = s
        .get("minReplicas")
        .and_then(|n| ck.int(n, "spec.minReplicas", 1, I32))
        .map_or(1, |v| v.clamp(0, I32) as u32);
    let max_node = s.get("maxReplicas");
    let max = max_node
        .and_then(|n| ck.int(n, "spec.maxReplicas", 1, I32))
        .map_or(min, |v| v.clamp(0, I32) as u32);
    // "maxReplicas … cannot be less than minReplicas".
    if let Some(n) = max_node {
        if max < min {
            ck.push(
                n.pos,
                Rule::MinAboveMax,
                &[&min.to_string(), &max.to_string()],
            );
        }
    }
    let mut metrics = Vec::new();
    if v1 {
        let pct = s.get("targetCPUUtilizationPercentage");
        let target = pct
            .and_then(|n| ck.int(n, "spec.targetCPUUtilizationPercentage", 1, I32))
            .map_or(80.0, |v| v as f64);
        metrics.push(Metric {
            kind: "Resource".into(),
            name: "cpu".into(),
            target_type: "Utilization".into(),
            target,
            pos: pct.map_or(s.pos, |n| n.pos),
        });
    } else {
        match s.get("metrics") {
            Some(list) => {
                for (i, m) in ck.seq(list, "spec.metrics").iter().enumerate() {
                    if let Some(m) = metric(ck, m, &format!("spec.metrics[{i}]")) {
                        metrics.push(m);
                    }
                }
            }
            None => metrics.push(Metric {
                kind: "Resource".into(),
                name: "cpu".into(),
                target_type: "Utilization".into(),
                target: 80.0,
                pos: s.pos,
            }),
        }
    }
    let mut scale_up = ScalingRules::default_up();
    let mut scale_down = ScalingRules::default_down();
    if let Some(b) = s.get("behavior").filter(|_| !v1) {
        if ck
            .keys(b, "spec.behavior", &["scaleUp", "scaleDown"], &[])
            .is_some()
        {
            if let Some(n) = b.get("scaleUp") {
                scale_up = rules(ck, n, "spec.behavior.scaleUp", scale_up);
            }
            if let Some(n) = b.get("scaleDown") {
                scale_down = rules(ck, n, "spec.behavior.scaleDown", scale_down);
            }
        }
    }
    Some(Hpa {
        target_kind,
        target_name,
        min,
        max,
        metrics,
        scale_up,
        scale_down,
    })
}

fn rules(ck: &mut Ck<Rule>, n: &Node, at: &str, defaults: ScalingRules) -> ScalingRules {
    let mut out = defaults;
    if ck
        .keys(
            n,
            at,
            &[
                "stabilizationWindowSeconds",
                "selectPolicy",
                "policies",
                "tolerance",
            ],
            &[],
        )
        .is_none()
    {
        return out;
    }
    if let Some(x) = n.get("stabilizationWindowSeconds") {
        if let Some(v) = ck.int(x, &format!("{at}.stabilizationWindowSeconds"), 0, 3600) {
            out.stabilization_window_s = v.clamp(0, 3600) as u32;
        }
    }
    if let Some(x) = n.get("selectPolicy") {
        if let Some(v) = ck.one_of(
            x,
            &format!("{at}.selectPolicy"),
            &["Max", "Min", "Disabled"],
        ) {
            out.select_policy = v;
        }
    }
    if let Some(x) = n.get("tolerance") {
        quantity_value(ck, x, &format!("{at}.tolerance"));
    }
    if let Some(list) = n.get("policies") {
        let mut policies = Vec::new();
        for (i, p) in ck.seq(list, &format!("{at}.policies")).iter().enumerate() {
            let pat = format!("{at}.policies[{i}]");
            if ck
                .keys(
                    p,
                    &pat,
                    &["type", "value", "periodSeconds"],
                    &["type", "value", "periodSeconds"],
                )
                .is_none()
            {
                continue;
            }
            let kind = p
                .get("type")
                .and_then(|t| ck.one_of(t, &format!("{pat}.type"), &["Pods", "Percent"]));
            let value = p
                .get("value")
                .and_then(|t| ck.int(t, &format!("{pat}.value"), 1, I32));
            let period = p
                .get("periodSeconds")
                .and_then(|t| ck.int(t, &format!("{pat}.periodSeconds"), 1, 1800));
            if let (Some(kind), Some(value), Some(period)) = (kind, value, period) {
                policies.push(ScalingPolicy {
                    kind,
                    value: value.clamp(0, I32) as u32,
                    period_s: period.clamp(0, 1800) as u32,
                });
            }
        }
        out.policies = policies;
    }
    out
}

/// A quantity's value in thousandths (for AverageValue and Value targets).
fn quantity_value(ck: &mut Ck<Rule>, x: &Node, at: &str) -> Option<f64> {
    let text = match &x.value {
        Value::Str(s) => s.clone(),
        Value::Number(_, t) => t.clone(),
        _ => {
            ck.push(x.pos, Rule::WrongType, &[at, "quantity", x.kind()]);
            return None;
        }
    };
    match parse_quantity(&text) {
        Some(q) => Some(q.milli as f64),
        None => {
            ck.push(x.pos, Rule::Quantity, &[at, &text]);
            None
        }
    }
}

/// One metric: its type's source, and a target whose type the source takes.
fn metric(ck: &mut Ck<Rule>, m: &Node, at: &str) -> Option<Metric> {
    let keys = [
        "type",
        "resource",
        "pods",
        "object",
        "external",
        "containerResource",
    ];
    ck.keys(m, at, &keys, &["type"])?;
    let kind = m.get("type").and_then(|t| {
        ck.one_of(
            t,
            &format!("{at}.type"),
            &[
                "Resource",
                "Pods",
                "Object",
                "External",
                "ContainerResource",
            ],
        )
    })?;
    let (field, allowed): (&str, &[&str]) = match kind.as_str() {
        "Resource" => ("resource", &["Utilization", "AverageValue"]),
        "ContainerResource" => ("containerResource", &["Utilization", "AverageValue"]),
        "Pods" => ("pods", &["AverageValue"]),
        "Object" => ("object", &["Value", "AverageValue"]),
        _ => ("external", &["Value", "AverageValue"]),
    };
    let Some(src) = m.get(field) else {
        ck.push(m.pos, Rule::MissingKey, &[at, field]);
        return None;
    };
    let sat = format!("{at}.{field}");
    let (src_keys, required): (&[&str], &[&str]) = match field {
        "resource" => (&["name", "target"], &["name", "target"]),
        "containerResource" => (
            &["name", "container", "target"],
            &["name", "container", "target"],
        ),
        "pods" | "external" => (&["metric", "target"], &["metric", "target"]),
        _ => (
            &["describedObject", "metric", "target"],
            &["describedObject", "metric", "target"],
        ),
    };
    ck.keys(src, &sat, src_keys, required)?;
    let name = match src.get("name") {
        Some(n) => ck.string(n, &format!("{sat}.name")).unwrap_or_default(),
        None => src
            .get("metric")
            .filter(|mm| {
                ck.keys(
                    mm,
                    &format!("{sat}.metric"),
                    &["name", "selector"],
                    &["name"],
                )
                .is_some()
            })
            .and_then(|mm| mm.get("name"))
            .and_then(|n| ck.string(n, &format!("{sat}.metric.name")))
            .unwrap_or_default(),
    };
    let t = src.get("target")?;
    let tat = format!("{sat}.target");
    ck.keys(
        t,
        &tat,
        &["type", "averageUtilization", "averageValue", "value"],
        &["type"],
    )?;
    let target_type = t.get("type").and_then(|x| {
        ck.one_of(
            x,
            &format!("{tat}.type"),
            &["Utilization", "Value", "AverageValue"],
        )
    })?;
    if !allowed.contains(&target_type.as_str()) {
        let pos = t.get("type").map_or(t.pos, |x| x.pos);
        ck.push(
            pos,
            Rule::MetricTarget,
            &[&tat, &kind, &target_type, &allowed.join("|")],
        );
    }
    let (value_key, value) = match target_type.as_str() {
        "Utilization" => (
            "averageUtilization",
            t.get("averageUtilization")
                .and_then(|x| ck.int(x, &format!("{tat}.averageUtilization"), 1, I32))
                .map(|v| v as f64),
        ),
        "AverageValue" => (
            "averageValue",
            t.get("averageValue")
                .and_then(|x| quantity_value(ck, x, &format!("{tat}.averageValue"))),
        ),
        _ => (
            "value",
            t.get("value")
                .and_then(|x| quantity_value(ck, x, &format!("{tat}.value"))),
        ),
    };
    if t.get(value_key).is_none() {
        let pos = t.get("type").map_or(t.pos, |x| x.pos);
        ck.push(
            pos,
            Rule::MetricTarget,
            &[&tat, &kind, &target_type, value_key],
        );
    }
    Some(Metric {
        kind,
        name,
        target_type,
        target: value.unwrap_or(0.0),
        pos: m.pos,
    })
}
