//! Kubernetes manifests: rounding of maxSurge/maxUnavailable, quantities, probes, defaults,
//! HPA behavior, Services, positions across documents, odd input.
#![cfg(feature = "containers")]

use engine::k8s::*;

fn ids(text: &str) -> Vec<String> {
    validate(text)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect()
}

fn deployment(replicas: &str, strategy: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
{replicas}  selector:
    matchLabels:
      app: web
{strategy}  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
"
    )
}

#[test]
fn max_surge_rounds_up_and_max_unavailable_rounds_down() {
    use IntOrPercent::*;
    // The Deployment docs: maxSurge "rounding up", maxUnavailable "rounding down".
    let cases = [
        (10, Percent(25), Percent(25), 3, 2),
        (1, Percent(25), Percent(25), 1, 0),
        (4, Percent(25), Percent(25), 1, 1),
        (3, Percent(50), Percent(50), 2, 1),
        (7, Percent(10), Percent(30), 1, 2),
        (100, Percent(1), Percent(99), 1, 99),
        (5, Int(2), Int(0), 2, 0),
        (0, Percent(25), Percent(25), 0, 0),
    ];
    for (replicas, surge, unavailable, s, u) in cases {
        assert_eq!(
            surge.resolve(replicas, Rounding::Up),
            s,
            "{replicas} {surge:?}"
        );
        assert_eq!(
            unavailable.resolve(replicas, Rounding::Down),
            u,
            "{replicas} {unavailable:?}"
        );
    }
    // Read from a manifest, defaults applied: 25 % and 25 %.
    let r = validate(&deployment("  replicas: 10\n", ""));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let d = r.deployment("web").unwrap();
    assert_eq!((d.max_surge, d.max_unavailable), (Percent(25), Percent(25)));
    assert_eq!(d.surge_and_unavailable(), (3, 2));
    // 1 replica with 0 surge and 10 % unavailable: both 0 after rounding; Kubernetes lets one
    // pod be unavailable so that the rollout moves.
    let text = deployment(
        "  replicas: 1\n",
        "  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 10%\n",
    );
    let r = validate(&text);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.deployment("").unwrap().surge_and_unavailable(), (0, 1));
    // Recreate: everything down, nothing above.
    let text = deployment("  replicas: 4\n", "  strategy:\n    type: Recreate\n");
    assert_eq!(
        validate(&text)
            .deployment("")
            .unwrap()
            .surge_and_unavailable(),
        (0, 4)
    );
}

#[test]
fn deployment_defaults() {
    let r = validate(&deployment("", ""));
    let d = r.deployment("web").unwrap();
    assert_eq!(d.replicas, 1);
    assert_eq!(d.strategy, DeploymentStrategy::RollingUpdate);
    assert_eq!(
        (
            d.min_ready_s,
            d.progress_deadline_s,
            d.revision_history_limit
        ),
        (0, 600, 10)
    );
    assert_eq!(d.termination_grace_period_s, 30);
    assert_eq!(d.readiness(), None);
    assert_eq!(d.containers[0].image, "nginx:1.27");
}

#[test]
fn rolling_update_rules() {
    let text = deployment(
        "  minReadySeconds: 30\n  progressDeadlineSeconds: 30\n",
        "  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 150%\n",
    );
    assert_eq!(
        ids(&text),
        vec![
            "7:28 progress-deadline",
            "13:5 recreate-rolling-update",
            "15:23 range"
        ]
    );
    let text = deployment(
        "",
        "  strategy:\n    rollingUpdate:\n      maxSurge: 0%\n      maxUnavailable: 0\n",
    );
    assert_eq!(ids(&text), vec!["10:5 rolling-update-zero"]);
    let text = deployment("", "  strategy:\n    type: BlueGreen\n    rollingUpdate:\n      maxSurge: 25\n      maxUnavailable: \"1.5\"\n");
    assert_eq!(ids(&text), vec!["10:11 value", "13:23 int-or-percent"]);
}

#[test]
fn quantities() {
    let q = |s: &str| parse_quantity(s).map(|q| q.milli);
    assert_eq!(q("250m"), Some(250));
    assert_eq!(q("0.5"), Some(500));
    assert_eq!(q("1"), Some(1000));
    assert_eq!(q("512Mi"), Some(512 * 1024 * 1024 * 1000));
    assert_eq!(q("1G"), Some(1_000_000_000_000));
    assert_eq!(q("1e3"), Some(1_000_000));
    assert_eq!(q("1.5Gi"), Some(1_610_612_736_000));
    assert_eq!(q("100k"), Some(100_000_000));
    assert_eq!(q("1E-2"), Some(10));
    assert_eq!(q("+2"), Some(2000));
    assert_eq!(q("-1"), Some(-1000));
    assert_eq!(q("100n"), Some(1)); // finer than 1m: rounded up
    assert_eq!(q("1u"), Some(1));
    assert_eq!(q(".5"), Some(500));
    for bad in [
        "",
        "m",
        "1.2.3",
        "1 Gi",
        "1gi",
        "1GB",
        "ten",
        "1e",
        "1e1000",
        "99999999999999999999999999999999999999E",
        " 1",
    ] {
        assert_eq!(q(bad), None, "{bad}");
    }
    assert_eq!(parse_quantity("1500m").unwrap().ceil_units(), 2);
}

#[test]
fn resources_and_requests_above_limits() {
    let text = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: node:22
          resources:
            requests: {cpu: 500m, memory: 1Gi}
            limits: {cpu: \"0.25\", memory: 1024Mi}
        - name: sidecar
          image: busybox
          resources:
            limits: {cpu: 100m, memory: 64Mi}
            requests: {memory: lots}
";
    assert_eq!(
        ids(text),
        vec!["16:29 request-above-limit", "22:32 quantity"]
    );
    let r = validate(text);
    let d = r.deployment("api").unwrap();
    // A limit without a request is the request.
    assert_eq!(d.containers[1].requests.cpu_milli, Some(100));
    assert_eq!(d.containers[0].requests.memory_bytes(), Some(1 << 30));
    assert_eq!(d.pod_requests().cpu_milli, Some(600));
    assert_eq!(d.pod_limits().cpu_milli, Some(350));
}

#[test]
fn probes_defaults_and_rules() {
    let text = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: node:22
          ports: [{containerPort: 3000, name: http}]
          readinessProbe:
            httpGet: {path: /ready, port: http}
          livenessProbe:
            tcpSocket: {port: 3000}
            exec: {command: [true]}
            successThreshold: 2
          startupProbe:
            periodSeconds: 0
";
    assert_eq!(
        ids(text),
        vec![
            "19:13 probe-handler",
            "20:30 type",
            "21:31 success-threshold",
            "23:13 probe-handler",
            "23:28 range"
        ]
    );
    let r = validate(text);
    let p = r.deployment("").unwrap().readiness().unwrap().clone();
    assert_eq!(
        p,
        Probe {
            handler: Some(ProbeHandler::HttpGet {
                path: "/ready".into(),
                port: "http".into()
            }),
            initial_delay_s: 0,
            period_s: 10,
            timeout_s: 1,
            success_threshold: 1,
            failure_threshold: 3,
        }
    );
}

#[test]
fn selector_names_and_unknown_fields() {
    let text = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: Web_App
  labels:
    app: web
    version: 2
spec:
  replica: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: webapp
    spec:
      restartPolicy: Never
      containers:
        - name: web
          image: nginx
          imagePullPolicy: Sometimes
        - name: web
          image: nginx
          readinessprobe: {}
";
    assert_eq!(
        ids(text),
        vec![
            "4:9 name",
            "7:14 type",
            "9:3 unknown-key",
            "10:3 selector-mismatch",
            "18:22 restart-policy",
            "22:28 value",
            "23:17 duplicate-name",
            "25:11 unknown-key"
        ]
    );
    let r = validate(text);
    let unknown: Vec<&Diagnostic> = r
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::UnknownKey)
        .collect();
    assert_eq!(
        unknown[0].args[1..],
        ["replica".to_string(), "replicas".to_string()]
    );
    assert_eq!(unknown[1].args[2], "readinessProbe");
}

#[test]
fn services() {
    let text = "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ClusterIP
  selector: {app: web}
  ports:
    - port: 80
      targetPort: http
      nodePort: 30080
    - port: 443
      targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: 1st-service
spec:
  type: NodePort
  ports:
    - name: web
      port: 80
      nodePort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  type: ExternalName
";
    assert_eq!(
        ids(text),
        vec![
            "9:7 port-name-required",
            "11:17 node-port-type",
            "12:7 port-name-required",
            "18:9 name",
            "24:17 range",
            "31:3 missing-key"
        ]
    );
    let r = validate(text);
    let s = r.service("web").unwrap();
    assert_eq!(s.service_type, "ClusterIP");
    assert_eq!(s.ports[0].target_port, "http");
    assert_eq!(s.ports[1].protocol, "TCP");
    let headless = "apiVersion: v1\nkind: Service\nmetadata:\n  name: h\nspec:\n  clusterIP: None\n  selector: {app: x}\n";
    assert!(ids(headless).is_empty());
}

#[test]
fn hpa_defaults_behavior_and_rules() {
    let text = "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
";
    let r = validate(text);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let h = r.hpa("web").unwrap();
    assert_eq!((h.min, h.max), (1, 10));
    assert_eq!(h.metrics[0].name, "cpu");
    assert_eq!(
        (h.metrics[0].target_type.as_str(), h.metrics[0].target),
        ("Utilization", 80.0)
    );
    assert_eq!(h.scale_up, ScalingRules::default_up());
    assert_eq!(h.scale_down.stabilization_window_s, 300);
    assert_eq!(
        h.scale_down.policies[0],
        ScalingPolicy {
            kind: "Percent".into(),
            value: 100,
            period_s: 15
        }
    );
    assert_eq!(
        h.scale_up.policies[1],
        ScalingPolicy {
            kind: "Pods".into(),
            value: 4,
            period_s: 15
        }
    );
    assert_eq!(h.scale_up.select_policy, "Max");

    let text = "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 5
  maxReplicas: 3
  metrics:
    - type: Pods
      pods:
        metric: {name: requests_per_second}
        target: {type: Utilization, averageUtilization: 50}
    - type: Resource
      resource:
        name: memory
        target: {type: AverageValue}
    - type: External
      external:
        metric: {name: queue_depth}
        target: {type: Value, value: 30}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 7200
      selectPolicy: Slowest
      policies:
        - {type: Pods, value: 0, periodSeconds: 3600}
    scaleUp:
      policies:
        - {type: Percent, value: 50, periodSeconds: 60}
";
    assert_eq!(
        ids(text),
        vec![
            "8:16 min-above-max",
            "13:24 metric-target",
            "17:24 metric-target",
            "24:35 range",
            "25:21 value",
            "27:31 range",
            "27:49 range"
        ]
    );
    let h = validate(text).hpa("").unwrap().clone();
    assert_eq!(
        h.scale_up.policies,
        vec![ScalingPolicy {
            kind: "Percent".into(),
            value: 50,
            period_s: 60
        }]
    );
    assert_eq!(h.scale_up.stabilization_window_s, 0);
    assert_eq!(h.metrics[2].target, 30_000.0);

    // autoscaling/v1's target.
    let v1 = "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: a}\nspec:\n  scaleTargetRef: {kind: Deployment, name: a}\n  maxReplicas: 4\n  targetCPUUtilizationPercentage: 60\n";
    let h = validate(v1).hpa("a").unwrap().clone();
    assert_eq!((h.metrics[0].target, h.min, h.max), (60.0, 1, 4));
}

#[test]
fn the_hpa_formula() {
    // desiredReplicas = ceil[currentReplicas × currentMetricValue / desiredMetricValue].
    assert_eq!(engine::rollout::hpa_desired(1, 200.0, 100.0, 0.1), 2);
    assert_eq!(engine::rollout::hpa_desired(4, 90.0, 60.0, 0.1), 6);
    assert_eq!(engine::rollout::hpa_desired(10, 30.0, 50.0, 0.1), 6);
    assert_eq!(engine::rollout::hpa_desired(3, 105.0, 100.0, 0.1), 3); // within the 0.1 tolerance
    assert_eq!(engine::rollout::hpa_desired(3, 89.0, 100.0, 0.1), 3);
    assert_eq!(engine::rollout::hpa_desired(3, 0.0, 100.0, 0.1), 0);
    assert_eq!(engine::rollout::hpa_desired(3, 50.0, 0.0, 0.1), 3);
}

#[test]
fn an_hpa_utilization_target_needs_requests() {
    let text = "apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
";
    assert_eq!(ids(text), vec!["18:7 no-requests"]);
}

#[test]
fn documents_lists_json_and_other_kinds() {
    let text = "# a comment
---
apiVersion: v1
kind: Namespace
metadata:
  name: Shop
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: old
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data: {a: b}
  - apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web
    spec: {anything: [1, 2]}
  - kind: Secret
    metadata: {name: s}
---
- just a list
---
apiVersion: example.com/v1
kind: Widget
metadata:
  labels: {bad label: x}
";
    assert_eq!(
        ids(text),
        vec![
            "6:9 name",
            "8:13 removed-api",
            "26:5 not-an-object",
            "29:1 not-an-object",
            "34:3 missing-key",
            "34:12 name"
        ]
    );
    let r = validate(text);
    let kinds: Vec<&str> = r.objects.iter().map(|o| o.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["Namespace", "Deployment", "ConfigMap", "Ingress", "Widget"]
    );
    assert_eq!(r.objects[2].pos, Pos { line: 16, col: 5 });
    // JSON.
    let json = r#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "j"},
 "spec": {"replicas": 2, "selector": {"matchLabels": {"a": "b"}},
  "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}}}}"#;
    let r = validate(json);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.deployment("j").unwrap().replicas, 2);
    // An empty file has no objects and no findings.
    assert!(validate("").objects.is_empty() && validate("").diagnostics.is_empty());
}

#[test]
fn syntax_errors_are_placed_in_their_document() {
    let text =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: [\n";
    let d = validate(text).diagnostics;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].rule, Rule::Syntax);
    assert!(d[0].pos.line >= 6, "{:?}", d[0].pos);
}

#[test]
fn every_rule_id_is_unique_and_kebab() {
    let mut seen = std::collections::BTreeSet::new();
    for r in Rule::ALL {
        assert!(seen.insert(r.id()), "{}", r.id());
        assert!(
            r.id()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            r.id()
        );
    }
}

#[test]
fn no_panic_and_positions_inside_on_odd_input() {
    let inputs = [
        "null",
        "42",
        "---\n---\n",
        "apiVersion: 1\nkind: 2\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: []\nspec: {replicas: -1, selector: 5, template: {spec: {containers: {}}}}\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  replicas: 1e300\n  strategy: {rollingUpdate: {maxSurge: \"99999999999%\", maxUnavailable: -3}}\n  selector: {matchLabels: {}}\n  template: {spec: {containers: [{name: x, image: y, resources: {limits: {cpu: 1e400}}}]}}\n",
        "apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: List, items: []}]}]}]}]}]\n",
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: é}\nspec: {maxReplicas: 4294967296, metrics: [{type: Object, object: {}}], behavior: {scaleUp: {policies: [1]}}}\n",
        &"- ".repeat(300),
        "\u{feff}apiVersion: v1\nkind: ConfigMap\n",
    ];
    for text in inputs {
        for d in validate(text).diagnostics {
            let lines: Vec<&str> = text.split('\n').collect();
            assert!(
                d.pos.line >= 1 && d.pos.line as usize <= lines.len(),
                "{text}: {d:?}"
            );
            let width = lines[d.pos.line as usize - 1].chars().count() as u32;
            assert!(d.pos.col >= 1 && d.pos.col <= width + 1, "{text}: {d:?}");
        }
    }
}
