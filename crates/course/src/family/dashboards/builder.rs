//! The dashboard builder: buttons beside the drawn dashboard that add one of the widgets the
//! lab offers (the front door's request count, its 5xx errors, p99 TargetResponseTime, the
//! front service's CPU, a 5xx error rate computed with metric math) to the learner's body,
//! rewriting the JSON (`panel::Actions::replace`), so the editor and the builder are one
//! answer. A body that is not a JSON object with a `widgets` list offers no builder: the
//! findings say why.
use serde_json::{json, Value};

use super::DashboardDef;
use crate::lang::{Lang, T};
use crate::panel::{Action, Actions, Tone};

/// The widgets the builder offers: (id, button label, title, the widget's properties).
fn prepared(def: &DashboardDef) -> Vec<(&'static str, T, Value)> {
    let sys = &def.scenario.system;
    let lb = sys.load_balancer.as_str();
    let tg = sys.target_group.as_str();
    let region = "ap-southeast-1";
    vec![
        (
            "requests",
            t!("ALB request count", "Số request của ALB"),
            json!({
                "title": "Requests (traffic)",
                "view": "timeSeries",
                "region": region,
                "stat": "Sum",
                "period": 60,
                "metrics": [["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb]]
            }),
        ),
        (
            "errors",
            t!("5xx errors", "Lỗi 5xx"),
            json!({
                "title": "5xx errors",
                "view": "timeSeries",
                "region": region,
                "stat": "Sum",
                "period": 60,
                "metrics": [
                    ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", lb, "TargetGroup", tg],
                    [".", "HTTPCode_ELB_5XX_Count", "LoadBalancer", lb]
                ]
            }),
        ),
        (
            "latency",
            t!("p99 TargetResponseTime", "p99 của TargetResponseTime"),
            json!({
                "title": "Latency p99",
                "view": "timeSeries",
                "region": region,
                "period": 60,
                "metrics": [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb, "TargetGroup", tg, {"stat": "p99", "label": "p99"}]],
                "annotations": {"horizontal": [{"value": 1, "label": "1 s"}]}
            }),
        ),
        (
            "cpu",
            t!("{front} CPU", "CPU của {front}"),
            json!({
                "title": format!("{} CPU and memory", sys.front),
                "view": "timeSeries",
                "region": region,
                "stat": "Average",
                "period": 60,
                "metrics": [
                    ["AWS/ECS", "CPUUtilization", "ClusterName", sys.cluster, "ServiceName", sys.front],
                    [".", "MemoryUtilization", ".", ".", ".", "."]
                ]
            }),
        ),
        (
            "error-rate",
            t!("Error rate (metric math)", "Tỉ lệ lỗi (metric math)"),
            json!({
                "title": "5xx error rate",
                "view": "timeSeries",
                "region": region,
                "stat": "Sum",
                "period": 60,
                "metrics": [
                    ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb, {"id": "requests", "visible": false}],
                    [".", "HTTPCode_Target_5XX_Count", ".", ".", "TargetGroup", tg, {"id": "errors", "visible": false}],
                    [{"expression": "100 * FILL(errors, 0) / requests", "label": "5xx error rate (%)", "id": "rate"}]
                ]
            }),
        ),
    ]
}

/// Where a new widget of `width` goes: beside the last one if it fits, else below them all.
fn place(widgets: &[Value], width: i64) -> (i64, i64) {
    let num = |w: &Value, k: &str, d: i64| w.get(k).and_then(Value::as_i64).unwrap_or(d);
    let bottom = widgets
        .iter()
        .map(|w| num(w, "y", 0) + num(w, "height", 6))
        .max()
        .unwrap_or(0);
    match widgets.last() {
        Some(last) => {
            let (x, y) = (num(last, "x", 0), num(last, "y", 0));
            let right = x + num(last, "width", 6);
            let below = widgets.iter().any(|w| num(w, "y", 0) > y);
            if right + width <= 24 && !below {
                (right, y)
            } else {
                (0, bottom)
            }
        }
        None => (0, 0),
    }
}

/// The builder's buttons for the learner's body, or none when the body cannot take them.
pub(super) fn actions(def: &DashboardDef, body: &str, lang: Lang) -> Option<Actions> {
    let root: Value = serde_json::from_str(body).ok()?;
    root.get("widgets")?.as_array()?;
    let buttons = prepared(def)
        .into_iter()
        .map(|(_, label, properties)| {
            let mut next = root.clone();
            let widgets = next
                .get_mut("widgets")
                .and_then(Value::as_array_mut)
                .expect("a widgets list");
            let (x, y) = place(widgets, 12);
            widgets.push(json!({
                "type": "metric",
                "x": x,
                "y": y,
                "width": 12,
                "height": 6,
                "properties": properties,
            }));
            let mut op = serde_json::to_string_pretty(&next).unwrap_or_default();
            op.push('\n');
            Action {
                op,
                label: format!(
                    "+ {}",
                    label.fill(lang, &[("front", &def.scenario.system.front)])
                ),
                tone: Tone::Busy,
            }
        })
        .collect();
    Some(Actions {
        label: t!(
            "Add a widget to the dashboard",
            "Thêm một widget vào dashboard"
        )
        .get(lang)
        .to_string(),
        input: def.input.clone(),
        buttons,
        replace: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::telemetry::Scenario;

    fn def() -> DashboardDef {
        DashboardDef {
            id: "checkout".into(),
            input: "body".into(),
            scenario: Scenario::new(600),
            from_s: 0,
            to_s: 600,
        }
    }

    #[test]
    fn each_button_adds_one_valid_widget_in_the_next_free_place() {
        let body = "{\"widgets\": [{\"type\": \"text\", \"x\": 0, \"y\": 0, \"width\": 24, \"height\": 2, \"properties\": {\"markdown\": \"# Shop\"}}]}";
        let a = actions(&def(), body, Lang::En).expect("a builder");
        assert!(a.replace);
        assert_eq!(a.buttons.len(), 5);
        assert_eq!(a.buttons[2].label, "+ p99 TargetResponseTime");
        assert_eq!(a.buttons[3].label, "+ web CPU");
        for b in &a.buttons {
            let report = engine::cloudwatch::validate(&b.op);
            assert!(
                !report.has_errors(),
                "{}: {:?}",
                b.label,
                report.diagnostics
            );
            let d = report.dashboard.unwrap();
            assert_eq!(d.widgets.len(), 2);
            assert_eq!((d.widgets[1].x, d.widgets[1].y), (0, 2));
        }
        // A second widget goes beside the first one of its row.
        let twice = actions(&def(), &a.buttons[0].op, Lang::En).unwrap();
        let d = engine::cloudwatch::validate(&twice.buttons[1].op)
            .dashboard
            .unwrap();
        assert_eq!((d.widgets[2].x, d.widgets[2].y), (12, 2));
        assert!(actions(&def(), "{\"widgets\": ", Lang::En).is_none());
    }
}
