//! ECS task and service definitions: Fargate sizes, defaults, the rules and their positions.
#![cfg(feature = "containers")]

use engine::ecs::*;

fn fargate_task(cpu: &str, memory: &str) -> String {
    format!(
        r#"{{
  "family": "web",
  "requiresCompatibilities": ["FARGATE"],
  "networkMode": "awsvpc",
  "cpu": {cpu},
  "memory": {memory},
  "containerDefinitions": [{{"name": "app", "image": "nginx:1.27"}}]
}}"#
    )
}

fn ids(text: &str) -> Vec<String> {
    validate_task_definition(text)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect()
}

fn service_ids(text: &str) -> Vec<String> {
    validate_service(text)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect()
}

#[test]
fn every_fargate_size_accepts_its_bounds_and_refuses_just_outside() {
    // The documented table: 256 → 512, 1024, 2048; 512 → 1–4 GB; 1024 → 2–8 GB;
    // 2048 → 4–16 GB and 4096 → 8–30 GB by 1 GB; 8192 → 16–60 GB by 4 GB;
    // 16384 → 32–120 GB by 8 GB.
    let table: &[(u32, &[u32], &[u32])] = &[
        (256, &[512, 1024, 2048], &[256, 768, 1536, 3072]),
        (512, &[1024, 2048, 3072, 4096], &[512, 1536, 5120]),
        (1024, &[2048, 5120, 8192], &[1024, 2560, 9216]),
        (2048, &[4096, 9216, 16384], &[3072, 4608, 17408]),
        (4096, &[8192, 20480, 30720], &[7168, 8704, 31744]),
        (8192, &[16384, 20480, 61440], &[12288, 17408, 65536]),
        (16384, &[32768, 40960, 122880], &[24576, 36864, 131072]),
    ];
    for (cpu, good, bad) in table {
        for m in *good {
            assert!(fargate_ok(*cpu, *m), "{cpu}/{m}");
            let text = fargate_task(&format!("\"{cpu}\""), &format!("\"{m}\""));
            assert_eq!(ids(&text), Vec::<String>::new(), "{cpu}/{m}");
        }
        for m in *bad {
            assert!(!fargate_ok(*cpu, *m), "{cpu}/{m}");
            let text = fargate_task(&format!("\"{cpu}\""), &format!("\"{m}\""));
            assert_eq!(ids(&text), vec!["6:13 fargate-memory"], "{cpu}/{m}");
        }
    }
    // A cpu Fargate does not have.
    assert_eq!(
        ids(&fargate_task("\"384\"", "\"1024\"")),
        vec!["5:10 fargate-cpu"]
    );
    assert_eq!(
        ids(&fargate_task("\"32768\"", "\"65536\"")),
        vec!["5:10 fargate-cpu"]
    );
    // The allowed values travel with the finding.
    let r = validate_task_definition(&fargate_task("\"2048\"", "\"2048\""));
    assert_eq!(
        r.diagnostics[0].args,
        vec!["2048", "2048", "4096-16384/1024"]
    );
}

#[test]
fn cpu_and_memory_read_as_units_vcpu_and_gb() {
    assert_eq!(parse_cpu("1024"), Some(1024));
    assert_eq!(parse_cpu("1 vCPU"), Some(1024));
    assert_eq!(parse_cpu("0.25 vcpu"), Some(256));
    assert_eq!(parse_cpu(".5vCPU"), Some(512));
    assert_eq!(parse_memory("2 GB"), Some(2048));
    assert_eq!(parse_memory("0.5GB"), Some(512));
    assert_eq!(parse_memory("512"), Some(512));
    for bad in ["", "one", "1 GiB", "-1", "1e3", "0.1 vCPU"] {
        assert_eq!(
            parse_cpu(bad).and_then(|_| parse_memory(bad)),
            None,
            "{bad}"
        );
    }
    let r = validate_task_definition(&fargate_task("\"1 vCPU\"", "\"3 GB\""));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let t = r.task.unwrap();
    assert_eq!((t.cpu, t.memory), (Some(1024), Some(3072)));
    // Numbers are read too (CloudFormation-style files write them so).
    assert!(validate_task_definition(&fargate_task("256", "512"))
        .diagnostics
        .is_empty());
    assert_eq!(
        ids(&fargate_task("\"2 cores\"", "\"4096\"")),
        vec!["5:10 task-cpu"]
    );
    assert_eq!(
        ids(&fargate_task("\"256\"", "\"lots\"")),
        vec!["6:13 task-memory"]
    );
}

#[test]
fn defaults_are_applied() {
    let text = r#"{
  "family": "api",
  "containerDefinitions": [
    {"name": "app", "image": "node:22", "memory": 512,
     "portMappings": [{"containerPort": 3000}],
     "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:3000/ || exit 1"]}}
  ]
}"#;
    let r = validate_task_definition(text);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let t = r.task.unwrap();
    assert_eq!(t.network_mode, "bridge");
    assert!(!t.fargate());
    assert_eq!(t.ephemeral_storage_gib, 20);
    assert_eq!(t.cpu_architecture, "X86_64");
    let c = &t.containers[0];
    assert!(c.essential);
    assert_eq!(c.cpu, 0);
    assert_eq!(c.port_mappings[0].protocol, "tcp");
    let h = c.health_check.as_ref().unwrap();
    assert_eq!(
        (h.interval_s, h.timeout_s, h.retries, h.start_period_s),
        (30, 5, 3, 0)
    );
}

#[test]
fn describe_task_definition_output_is_read() {
    let text = r#"{
  "taskDefinition": {
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:7",
    "family": "web", "revision": 7, "status": "ACTIVE",
    "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 128}],
    "compatibilities": ["EC2"], "requiresAttributes": [], "registeredAt": "2025-01-01T00:00:00Z"
  },
  "tags": []
}"#;
    let r = validate_task_definition(text);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.task.unwrap().revision, Some(7));
}

#[test]
fn task_rules_point_at_the_value() {
    let text = r#"{
  "family": "web app",
  "requiresCompatibilities": ["FARGATE"],
  "networkMode": "bridge",
  "cpu": "256",
  "memory": "512",
  "pidMode": "host",
  "ephemeralStorage": {"sizeInGiB": 20},
  "containerDefinitions": [
    {"name": "app", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1",
     "cpu": 512, "essential": false, "memori": 100,
     "portMappings": [{"containerPort": 80, "hostPort": 8080}],
     "secrets": [{"name": "DB", "valueFrom": "arn:aws:s3:::bucket/key"}],
     "healthCheck": {"command": ["curl", "-f", "http://localhost/"], "interval": 1},
     "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}},
     "dependsOn": [{"containerName": "sidecar", "condition": "HEALTHY"}]}
  ]
}"#;
    let got = ids(text);
    let expected = [
        "2:13 name",
        "4:18 fargate-network-mode",
        "7:14 fargate-unsupported",
        "8:37 range",
        "9:27 no-essential",
        "9:27 cpu-sum",
        "10:30 execution-role",
        "11:38 unknown-key",
        "13:6 execution-role",
        "13:46 secret-value-from",
        "14:33 health-check-command",
        "14:82 range",
        "15:6 execution-role",
        "15:62 awslogs-option",
        "15:62 awslogs-option",
        "16:38 depends-on-unknown",
    ];
    assert_eq!(got, expected, "{got:#?}");
    // The did-you-mean of the misspelt key.
    let r = validate_task_definition(text);
    let unknown = r
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::UnknownKey)
        .unwrap();
    assert_eq!(
        unknown.args[1..],
        ["memori".to_string(), "memory".to_string()]
    );
}

#[test]
fn container_memory_rules() {
    // EC2 without task memory: each container needs memory or memoryReservation.
    let text = r#"{"family": "a", "containerDefinitions": [{"name": "a", "image": "x"}]}"#;
    assert_eq!(ids(text), vec!["1:42 container-memory"]);
    let text = r#"{"family": "a", "containerDefinitions": [{"name": "a", "image": "x", "memory": 4, "memoryReservation": 8}]}"#;
    assert_eq!(
        ids(text),
        vec!["1:80 memory-min", "1:104 memory-reservation"]
    );
    let text = r#"{"family": "a", "memory": "1024", "containerDefinitions": [
  {"name": "a", "image": "x", "memory": 768}, {"name": "b", "image": "y", "memoryReservation": 512}]}"#;
    assert_eq!(ids(text), vec!["1:59 memory-sum"]);
}

#[test]
fn depends_on_conditions_and_names() {
    let text = r#"{"family": "a", "memory": "512", "containerDefinitions": [
  {"name": "init", "image": "x", "essential": true},
  {"name": "app", "image": "y", "dependsOn": [
    {"containerName": "init", "condition": "SUCCESS"},
    {"containerName": "init", "condition": "HEALTHY"},
    {"containerName": "app", "condition": "START"},
    {"containerName": "ini", "condition": "START"}]},
  {"name": "app", "image": "z"}]}"#;
    assert_eq!(
        ids(text),
        vec![
            "4:44 depends-on-essential",
            "5:44 depends-on-healthy",
            "6:23 depends-on-unknown",
            "7:23 depends-on-unknown",
            "8:12 duplicate-container"
        ]
    );
}

#[test]
fn not_a_task_definition_and_syntax_errors() {
    assert_eq!(ids("[1, 2]"), vec!["1:1 not-a-task-definition"]);
    assert_eq!(ids("{\"family\": \"a\",}"), vec!["1:16 syntax"]);
    assert_eq!(ids(""), vec!["1:1 not-a-task-definition"]);
}

fn svc(extra: &str) -> String {
    format!(
        r#"{{
  "serviceName": "web",
  "taskDefinition": "web:3",
  "desiredCount": 4,
  "launchType": "EC2"{extra}
}}"#
    )
}

#[test]
fn service_defaults_and_rolling_bounds() {
    let r = validate_service(&svc(""));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let s = r.service.unwrap();
    assert_eq!((s.min_healthy_percent, s.max_percent), (100, 200));
    assert_eq!(s.controller, Controller::Ecs);
    assert_eq!(s.strategy, Strategy::Rolling);
    assert_eq!(s.circuit_breaker, None);
    assert_eq!(s.grace_period_s, 0);
    assert_eq!((s.min_running(), s.max_running()), (4, 8));
    // minimumHealthyPercent rounds up, maximumPercent rounds down.
    let cases = [
        (3, 50, 150, 2, 4),
        (10, 90, 110, 9, 11),
        (5, 75, 125, 4, 6),
        (1, 50, 200, 1, 2),
        (7, 0, 100, 0, 7),
    ];
    for (desired, min, max, lo, hi) in cases {
        let text = format!(
            r#"{{"serviceName": "w", "taskDefinition": "w", "desiredCount": {desired},
  "deploymentConfiguration": {{"minimumHealthyPercent": {min}, "maximumPercent": {max}}}}}"#
        );
        let s = validate_service(&text).service.unwrap();
        assert_eq!(
            (s.min_running(), s.max_running()),
            (lo, hi),
            "{desired} {min} {max}"
        );
    }
    // DAEMON: 0 % and 100 %.
    let text =
        r#"{"serviceName": "agent", "taskDefinition": "agent", "schedulingStrategy": "DAEMON"}"#;
    let r = validate_service(text);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let s = r.service.unwrap();
    assert_eq!(
        (s.min_healthy_percent, s.max_percent, s.desired_count),
        (0, 100, 0)
    );
}

#[test]
fn circuit_breaker_and_alarms() {
    let r = validate_service(&svc(r#",
  "deploymentConfiguration": {
    "deploymentCircuitBreaker": {"enable": true, "rollback": true},
    "alarms": {"alarmNames": ["5xx"], "enable": true, "rollback": false}
  }"#));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let s = r.service.unwrap();
    assert_eq!(s.circuit_breaker, Some(CircuitBreaker { rollback: true }));
    assert_eq!(s.alarms.unwrap().alarm_names, vec!["5xx"]);
    // Off with rollback on: a warning. With CodeDeploy: an error.
    let text = svc(r#",
  "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": false, "rollback": true}}"#);
    assert_eq!(service_ids(&text), vec!["6:59 rollback-without-enable"]);
    assert_eq!(
        validate_service(&text).service.unwrap().circuit_breaker,
        None
    );
    let text = svc(r#",
  "deploymentController": {"type": "CODE_DEPLOY"},
  "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}"#);
    assert_eq!(service_ids(&text), vec!["7:59 controller-only"]);
    // Missing rollback, unknown key.
    let text = svc(r#",
  "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rolback": true}}"#);
    assert_eq!(
        service_ids(&text),
        vec!["6:59 missing-key", "6:76 unknown-key"]
    );
}

#[test]
fn blue_green_linear_and_canary() {
    let text = svc(r#",
  "deploymentConfiguration": {
    "strategy": "BLUE_GREEN", "bakeTimeInMinutes": 10,
    "lifecycleHooks": [{"hookTargetArn": "arn:aws:lambda:us-east-1:111122223333:function:check",
      "roleArn": "arn:aws:iam::111122223333:role/hooks", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]
  },
  "loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/blue/1",
    "containerName": "web", "containerPort": 80,
    "advancedConfiguration": {"alternateTargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/green/2",
      "productionListenerRule": "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/x/1/2/3",
      "roleArn": "arn:aws:iam::111122223333:role/ecs-lb"}}]"#);
    let r = validate_service(&text);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let s = r.service.unwrap();
    assert_eq!(s.strategy, Strategy::BlueGreen);
    assert_eq!(s.bake_time_minutes, Some(10));
    assert_eq!(s.lifecycle_hooks[0].stages, vec!["POST_TEST_TRAFFIC_SHIFT"]);
    assert!(s.load_balancers[0].alternate_target_group_arn.is_some());
    // BLUE_GREEN needs the bake time and the alternate target group.
    let text = svc(r#",
  "deploymentConfiguration": {"strategy": "BLUE_GREEN"},
  "loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/b/1", "containerName": "web", "containerPort": 80}]"#);
    assert_eq!(
        service_ids(&text),
        vec!["6:30 missing-key", "7:21 blue-green-load-balancer"]
    );
    // Canary and linear defaults, and their ranges.
    let s = validate_service(&svc(
        r#", "deploymentConfiguration": {"strategy": "CANARY"}"#,
    ))
    .service
    .unwrap();
    assert_eq!(
        s.canary,
        Some(Canary {
            percent: 5.0,
            bake_minutes: 10
        })
    );
    let s = validate_service(&svc(
        r#", "deploymentConfiguration": {"strategy": "LINEAR"}"#,
    ))
    .service
    .unwrap();
    assert_eq!(
        s.linear,
        Some(Linear {
            step_percent: 10.0,
            step_bake_minutes: 6
        })
    );
    let text = svc(
        r#", "deploymentConfiguration": {"strategy": "LINEAR", "linearConfiguration": {"stepPercent": 2.5}}"#,
    );
    assert_eq!(service_ids(&text), vec!["5:113 range"]);
    let text = svc(
        r#", "deploymentConfiguration": {"strategy": "ROLLING", "canaryConfiguration": {"canaryPercent": 0.15}}"#,
    );
    assert_eq!(
        service_ids(&text),
        vec!["5:98 strategy-only", "5:116 range"]
    );
    // A strategy belongs to the ECS controller.
    let text = svc(
        r#", "deploymentController": {"type": "EXTERNAL"}, "deploymentConfiguration": {"strategy": "CANARY"}"#,
    );
    assert_eq!(service_ids(&text), vec!["5:110 controller-only"]);
}

#[test]
fn service_rules() {
    let text = r#"{
  "serviceName": "web",
  "taskDefinition": "web",
  "launchType": "FARGATE",
  "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 2000}],
  "schedulingStrategy": "DAEMON",
  "desiredCount": 2,
  "healthCheckGracePeriodSeconds": 60,
  "deploymentConfiguration": {"minimumHealthyPercent": 150}
}"#;
    assert_eq!(
        service_ids(text),
        vec![
            "1:1 network-configuration",
            "5:3 launch-type-capacity-provider",
            "5:79 range",
            "6:25 daemon-unsupported",
            "7:19 daemon-desired-count",
            "8:36 grace-period",
            "9:56 range"
        ]
    );
    // Without desiredCount (REPLICA), without taskDefinition.
    assert_eq!(
        service_ids(r#"{"serviceName": "a"}"#),
        vec!["1:1 missing-key", "1:1 missing-key"]
    );
    // A deployment that cannot move.
    let text = svc(
        r#", "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 100}"#,
    );
    assert_eq!(service_ids(&text), vec!["5:51 deployment-stuck"]);
    // create-service's output, with read-only fields.
    let text = r#"{"service": {"serviceArn": "arn:aws:ecs:us-east-1:1:service/c/web", "serviceName": "web",
  "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/web:1", "desiredCount": 1, "runningCount": 0,
  "pendingCount": 0, "status": "ACTIVE", "deployments": [], "events": []}}"#;
    assert!(service_ids(text).is_empty(), "{:?}", service_ids(text));
    assert_eq!(service_ids("[]"), vec!["1:1 not-a-service"]);
}

#[test]
fn every_rule_id_is_unique_and_kebab() {
    let mut seen = std::collections::BTreeSet::new();
    for r in Rule::ALL {
        assert!(seen.insert(r.id()), "{}", r.id());
        assert!(
            r.id().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            r.id()
        );
    }
}

#[test]
fn no_panic_and_positions_inside_on_odd_input() {
    let inputs = [
        "{}",
        "null",
        "{\"family\": 5, \"containerDefinitions\": {}}",
        "{\"containerDefinitions\": [null, 1, \"x\", [], {\"name\": []}]}",
        "{\"family\": \"a\", \"cpu\": \"99999999999999999999 vCPU\", \"memory\": -1, \"containerDefinitions\": []}",
        "{\"serviceName\": 1e308, \"desiredCount\": -5, \"deploymentConfiguration\": {\"maximumPercent\": 1e300}}",
        "{\"serviceName\": \"a\", \"taskDefinition\": \"a\", \"desiredCount\": 4294967295, \"deploymentConfiguration\": {\"minimumHealthyPercent\": 100, \"maximumPercent\": 2147483647}}",
        "family: x\ncontainerDefinitions:\n  - name: é\n    image: x\n",
        &"[".repeat(500),
    ];
    for text in inputs {
        for d in validate_task_definition(text)
            .diagnostics
            .iter()
            .chain(validate_service(text).diagnostics.iter())
        {
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
