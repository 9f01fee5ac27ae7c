//! k8s: findings of Kubernetes manifests in words (English and Vietnamese).
//!
//! Each rule of `engine::k8s` with its message in every language, and the one-line form tools
//! print (`file:line:column: error: message [rule-id]`). Kubernetes' own names (fields,
//! kinds, RollingUpdate, Utilization…) stay as Kubernetes writes them.
use engine::k8s::{Deployment, Diagnostic, Hpa, Rule};

use crate::lang::{Lang, T};

/// A value's kind, including the ones only manifests have.
fn kind(code: &str) -> T {
    match code {
        "int-or-percent" => t!(
            "an integer or a percentage such as 25%",
            "một số nguyên hoặc một tỉ lệ phần trăm như 25%"
        ),
        "int-or-string" => t!(
            "a port number or a port name",
            "một số port hoặc một tên port"
        ),
        "quantity" => t!(
            "a quantity such as 250m, 0.5 or 512Mi",
            "một quantity như 250m, 0.5 hoặc 512Mi"
        ),
        other => crate::finding::kind(other),
    }
}

/// A naming rule, in words.
fn name_rule(code: &str) -> T {
    match code {
        "dns-1123-label" => t!(
            "a DNS label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
            "một DNS label: tối đa 63 ký tự gồm chữ thường, chữ số và '-', bắt đầu và kết thúc bằng chữ hoặc số"
        ),
        "dns-1035-label" => t!(
            "a DNS-1035 label: at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit",
            "một DNS-1035 label: tối đa 63 ký tự gồm chữ thường, chữ số và '-', bắt đầu bằng chữ cái và kết thúc bằng chữ hoặc số"
        ),
        "iana-svc-name" => t!(
            "a port name: at most 15 lowercase letters, digits and '-', with at least one letter",
            "một tên port: tối đa 15 ký tự gồm chữ thường, chữ số và '-', có ít nhất một chữ cái"
        ),
        "label-key" => t!(
            "a label key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
            "một label key: có thể có tiền tố là DNS subdomain và '/', sau đó tối đa 63 ký tự gồm chữ, số, '-', '_' hoặc '.', bắt đầu và kết thúc bằng chữ hoặc số"
        ),
        "label-value" => t!(
            "a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or empty)",
            "một label value: tối đa 63 ký tự gồm chữ, số, '-', '_' hoặc '.', bắt đầu và kết thúc bằng chữ hoặc số (hoặc để trống)"
        ),
        _ => t!(
            "a DNS subdomain: at most 253 lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit",
            "một DNS subdomain: tối đa 253 ký tự gồm chữ thường, chữ số, '-' và '.', mỗi phần bắt đầu và kết thúc bằng chữ hoặc số"
        ),
    }
}

/// A finding's message in `lang`, its values filled in.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let arg = |i: usize| d.args.get(i).map(String::as_str).unwrap_or("");
    let near = |i: usize| crate::finding::near(arg(i), lang);
    let place = |i: usize| {
        if arg(i).is_empty() {
            t!("the top level", "cấp cao nhất").get(lang).to_string()
        } else {
            arg(i).to_string()
        }
    };
    let (template, extra): (T, String) = match d.rule {
        Rule::Syntax => (t!("not valid YAML or JSON: {a}", "không phải YAML hoặc JSON hợp lệ: {a}"), String::new()),
        Rule::NotAnObject if matches!(arg(0), "kind" | "apiVersion") => (t!("a Kubernetes object needs {a}", "một Kubernetes object cần có {a}"), String::new()),
        Rule::NotAnObject => (t!("a Kubernetes object is a mapping with apiVersion, kind and metadata, not {k}", "một Kubernetes object là một mapping có apiVersion, kind và metadata, không phải {k}"), String::new()),
        Rule::DuplicateKey => (t!("\"{a}\" is written twice in this mapping", "\"{a}\" được viết hai lần trong mapping này"), String::new()),
        Rule::UnknownKey => (t!("unknown field \"{b}\" in {p}", "field \"{b}\" không tồn tại trong {p}"), near(2)),
        Rule::MissingKey => (t!("{p} needs {b}", "{p} cần có {b}"), String::new()),
        Rule::WrongType => (t!("{a} must be {e}, not {f}", "{a} phải là {e}, không phải {f}"), String::new()),
        Rule::BadValue => (t!("{a} is \"{b}\": use one of {c}", "{a} là \"{b}\": hãy dùng một trong {c}"), String::new()),
        Rule::OutOfRange if arg(3).is_empty() => (t!("{a} is {b}: it must be at least {c}", "{a} là {b}: giá trị phải ít nhất là {c}"), String::new()),
        Rule::OutOfRange => (t!("{a} is {b}: it must be between {c} and {d}", "{a} là {b}: giá trị phải nằm trong khoảng {c} đến {d}"), String::new()),
        Rule::BadName => (t!("{a} \"{b}\" is not {rule}", "{a} \"{b}\" không phải là {rule}"), String::new()),
        Rule::ApiVersion => (t!("{b} does not serve kind {a}: use apiVersion {c}", "{b} không phục vụ kind {a}: hãy dùng apiVersion {c}"), String::new()),
        Rule::RemovedApi => (t!("{a} in {b} was removed in Kubernetes {d}: use apiVersion {c}", "{a} ở {b} đã bị gỡ bỏ từ Kubernetes {d}: hãy dùng apiVersion {c}"), String::new()),
        Rule::SelectorMismatch => (t!("the selector ({a}) does not match the pod template's labels ({b}): the Deployment would not select its own pods", "selector ({a}) không khớp với labels của pod template ({b}): Deployment sẽ không chọn được chính các pod của nó"), String::new()),
        Rule::SelectorEmpty => (t!("{a} is empty: apps/v1 needs a selector that matches the pod template's labels", "{a} đang trống: apps/v1 cần một selector khớp với labels của pod template"), String::new()),
        Rule::Quantity => (t!("{a} is \"{b}\", which is not a Kubernetes quantity (such as 250m, 0.5, 512Mi, 1G or 1e3)", "{a} là \"{b}\", không phải một Kubernetes quantity (ví dụ 250m, 0.5, 512Mi, 1G hoặc 1e3)"), String::new()),
        Rule::RequestAboveLimit => (t!("container {a}: the {b} request ({c}) is above its limit ({d})", "container {a}: request {b} ({c}) lớn hơn limit ({d})"), String::new()),
        Rule::ProbeHandler => (t!("{a} has {b} handlers: a probe has exactly one of exec, httpGet, tcpSocket or grpc", "{a} có {b} handler: một probe có đúng một trong exec, httpGet, tcpSocket hoặc grpc"), String::new()),
        Rule::SuccessThreshold => (t!("{a}: successThreshold is {b}, but it must be 1 for liveness and startup probes", "{a}: successThreshold là {b}, nhưng với liveness và startup probe giá trị phải là 1"), String::new()),
        Rule::RollingUpdateZero => (t!("maxSurge and maxUnavailable are both 0: the rollout could neither add a new pod nor remove an old one", "maxSurge và maxUnavailable đều bằng 0: rollout không thể thêm pod mới cũng không thể bỏ pod cũ"), String::new()),
        Rule::RecreateRollingUpdate => (t!("rollingUpdate may not be set when the strategy type is Recreate", "không được đặt rollingUpdate khi strategy type là Recreate"), String::new()),
        Rule::ProgressDeadline => (t!("progressDeadlineSeconds ({a}) must be greater than minReadySeconds ({b})", "progressDeadlineSeconds ({a}) phải lớn hơn minReadySeconds ({b})"), String::new()),
        Rule::IntOrPercent => (t!("{a} is \"{b}\": write a whole number of pods (1) or a percentage (25%)", "{a} là \"{b}\": hãy viết một số pod nguyên (1) hoặc một tỉ lệ phần trăm (25%)"), String::new()),
        Rule::DuplicateName if arg(0) == "container" => (t!("two containers are named \"{b}\": names must be unique in a pod", "hai container cùng tên \"{b}\": tên phải là duy nhất trong một pod"), String::new()),
        Rule::DuplicateName => (t!("two ports are named \"{b}\"", "hai port cùng tên \"{b}\""), String::new()),
        Rule::PortNameRequired => (t!("{a} has no name: when a Service has several ports, every port needs a name", "{a} không có name: khi Service có nhiều port, mỗi port đều cần name"), String::new()),
        Rule::NodePortType => (t!("nodePort may not be used when the Service type is {a}: use NodePort or LoadBalancer", "không dùng được nodePort khi Service type là {a}: hãy dùng NodePort hoặc LoadBalancer"), String::new()),
        Rule::RestartPolicy => (t!("restartPolicy is {a}: a Deployment's pods only take Always", "restartPolicy là {a}: pod của Deployment chỉ nhận Always"), String::new()),
        Rule::MinAboveMax => (t!("minReplicas ({a}) is above maxReplicas ({b})", "minReplicas ({a}) lớn hơn maxReplicas ({b})"), String::new()),
        Rule::MetricTarget if matches!(arg(3), "averageUtilization" | "averageValue" | "value") => (t!("{a}: a {c} target needs {d}", "{a}: target {c} cần có {d}"), String::new()),
        Rule::MetricTarget => (t!("{a}: a {b} metric takes a target of type {d}, not {c}", "{a}: metric {b} nhận target kiểu {d}, không phải {c}"), String::new()),
        Rule::NoRequests => (t!("HPA {a} scales {b} on {d} utilization, but container {c} requests no {d}: the HPA cannot compute utilization without requests", "HPA {a} scale {b} theo utilization của {d}, nhưng container {c} không request {d}: HPA không tính được utilization khi không có requests"), String::new()),
    };
    let text = template.fill(
        lang,
        &[
            ("a", &arg(0)),
            ("b", &arg(1)),
            ("c", &arg(2)),
            ("d", &arg(3)),
            ("p", &place(0)),
            ("e", &kind(arg(1)).get(lang)),
            ("f", &kind(arg(2)).get(lang)),
            ("k", &kind(arg(0)).get(lang)),
            ("rule", &name_rule(arg(2)).get(lang)),
        ],
    );
    format!("{text}{extra}")
}

/// The one-line form: `file:line:column: error: message [rule-id]`.
pub fn line(file: &str, d: &Diagnostic, lang: Lang) -> String {
    crate::finding::line(
        file,
        (d.pos.line, d.pos.col),
        d.severity().name(),
        &message(d, lang),
        d.rule.id(),
    )
}

/// A Deployment's rollout bounds in one sentence: replicas, maxSurge and maxUnavailable as
/// written and as pods.
pub fn rollout_summary(d: &Deployment, lang: Lang) -> String {
    let (surge, unavailable) = d.surge_and_unavailable();
    t!(
        "{replicas} replica(s): maxSurge {s} allows {surge} extra pod(s) (rounded up), maxUnavailable {u} allows {unavailable} pod(s) below (rounded down)",
        "{replicas} replica: maxSurge {s} cho phép thêm {surge} pod (làm tròn lên), maxUnavailable {u} cho phép thiếu {unavailable} pod (làm tròn xuống)"
    )
    .fill(
        lang,
        &[
            ("replicas", &d.replicas),
            ("s", &d.max_surge.text()),
            ("surge", &surge),
            ("u", &d.max_unavailable.text()),
            ("unavailable", &unavailable),
        ],
    )
}

/// An HPA's range and behavior in one sentence.
pub fn hpa_summary(h: &Hpa, lang: Lang) -> String {
    t!(
        "{min} to {max} replicas of {target}; scale-up stabilization {up} s, scale-down stabilization {down} s",
        "từ {min} đến {max} replica của {target}; stabilization khi scale up {up} giây, khi scale down {down} giây"
    )
    .fill(
        lang,
        &[
            ("min", &h.min),
            ("max", &h.max),
            ("target", &h.target_name),
            ("up", &h.scale_up.stabilization_window_s),
            ("down", &h.scale_down.stabilization_window_s),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::k8s::{validate, Pos};

    #[test]
    fn every_rule_is_worded_in_both_languages() {
        for rule in Rule::ALL {
            for args in [
                vec!["a", "b", "c", "d"],
                vec!["", "", "", ""],
                vec!["kind", "x", "dns-1123-label", "value"],
                vec!["container", "int-or-percent", "quantity", "averageValue"],
            ] {
                let d = Diagnostic {
                    pos: Pos { line: 1, col: 1 },
                    rule: *rule,
                    args: args.iter().map(|s| s.to_string()).collect(),
                };
                let en = message(&d, Lang::En);
                let vi = message(&d, Lang::Vi);
                assert!(!en.trim().is_empty() && !vi.trim().is_empty(), "{rule:?}");
                assert_ne!(en, vi, "{rule:?} is not translated");
                assert!(!en.contains('{'), "{rule:?}: {en}");
            }
        }
    }

    #[test]
    fn findings_print_as_one_line() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx}]\n";
        let r = validate(text);
        let lines: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| line("web.yaml", d, Lang::En))
            .collect();
        assert_eq!(
            lines,
            vec!["web.yaml:6:3: error: unknown field \"replica\" in Deployment/web spec (did you mean replicas?) [unknown-key]"]
        );
        assert!(
            line("web.yaml", &r.diagnostics[0], Lang::Vi).contains("có phải ý bạn là replicas?")
        );
    }

    #[test]
    fn summaries() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 10\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx}]\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 20\n  metrics: []\n";
        let r = validate(text);
        assert_eq!(
            rollout_summary(r.deployment("web").unwrap(), Lang::En),
            "10 replica(s): maxSurge 25% allows 3 extra pod(s) (rounded up), maxUnavailable 25% allows 2 pod(s) below (rounded down)"
        );
        assert!(rollout_summary(r.deployment("web").unwrap(), Lang::Vi).contains("làm tròn lên"));
        assert_eq!(
            hpa_summary(r.hpa("web").unwrap(), Lang::En),
            "1 to 20 replicas of web; scale-up stabilization 0 s, scale-down stabilization 300 s"
        );
    }
}
