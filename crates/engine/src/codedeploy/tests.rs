use std::collections::BTreeMap;

use super::*;
use crate::deploy::{AutoRollback, RollbackEvent, Strategy, TrafficShift};

/// `line:col rule-id` of every finding.
fn found(text: &str) -> Vec<String> {
    validate(text)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect()
}

const EC2: &str = "version: 0.0
os: linux
files:
  - source: /
    destination: /var/www/html
file_exists_behavior: OVERWRITE
permissions:
  - object: /var/www/html
    pattern: \"**\"
    owner: nginx
    mode: 644
    type:
      - file
hooks:
  ApplicationStop:
    - location: scripts/stop.sh
      timeout: 60
  AfterInstall:
    - location: scripts/install.sh
      runas: root
  ApplicationStart:
    - location: scripts/start.sh
  ValidateService:
    - location: scripts/validate.sh
      timeout: 120
";

const ECS: &str = "version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
        LoadBalancerInfo:
          ContainerName: web
          ContainerPort: 80
        PlatformVersion: LATEST
        NetworkConfiguration:
          AwsvpcConfiguration:
            Subnets: [subnet-1, subnet-2]
            SecurityGroups: [sg-1]
            AssignPublicIp: DISABLED
        CapacityProviderStrategy:
          - CapacityProvider: FARGATE_SPOT
            Base: 1
            Weight: 2
Hooks:
  - BeforeInstall: BeforeInstallCheck
  - AfterAllowTestTraffic: SmokeTest
  - BeforeAllowTraffic: arn:aws:lambda:us-east-1:111122223333:function:Gate
";

const LAMBDA: &str = "{
  \"version\": \"0.0\",
  \"Resources\": [
    { \"myFunction\": {
        \"Type\": \"AWS::Lambda::Function\",
        \"Properties\": { \"Name\": \"myFunction\", \"Alias\": \"live\", \"CurrentVersion\": \"1\", \"TargetVersion\": \"2\" } } }
  ],
  \"Hooks\": [ { \"BeforeAllowTraffic\": \"PreTraffic\" }, { \"AfterAllowTraffic\": \"PostTraffic\" } ]
}";

#[test]
fn valid_files_of_each_platform() {
    for (text, platform) in [
        (EC2, ComputePlatform::Server),
        (ECS, ComputePlatform::Ecs),
        (LAMBDA, ComputePlatform::Lambda),
    ] {
        let report = validate(text);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert_eq!(report.appspec.unwrap().platform, platform);
    }
    let ec2 = validate(EC2).appspec.unwrap();
    assert_eq!(ec2.os, Some(Os::Linux));
    assert_eq!(ec2.file_exists_behavior, FileExistsBehavior::Overwrite);
    assert_eq!(
        ec2.scripts[&LifecycleEvent::ApplicationStop][0].timeout_s,
        60
    );
    assert_eq!(
        ec2.scripts[&LifecycleEvent::ApplicationStart][0].timeout_s,
        3600
    );
    let ecs = validate(ECS).appspec.unwrap();
    assert_eq!(ecs.ecs.unwrap().container_port, 80);
    assert_eq!(
        ecs.functions[&LifecycleEvent::AfterAllowTestTraffic],
        "SmokeTest"
    );
    let lambda = validate(LAMBDA).appspec.unwrap().lambda.unwrap();
    assert_eq!(
        (lambda.alias.as_str(), lambda.target_version.as_str()),
        ("live", "2")
    );
}

#[test]
fn ec2_errors_with_line_and_column() {
    let text = "version: 1.0
os: ubuntu
files:
  - source: /
    overwrite: true
file_exists_behavior: REPLACE
permissions:
  - owner: root
    mode: 999
hooks:
  Install:
    - location: a.sh
  AfterAllowTestTraffic:
    - location: b.sh
  ValidateServce:
    - location: c.sh
  AfterInstall:
    - timeout: 4000
";
    assert_eq!(
        found(text),
        [
            "1:10 version-value",
            "2:5 value",
            "4:5 required",
            "5:5 files-overwrite",
            "6:23 value",
            "8:5 required",
            "9:11 value",
            "11:3 hook-reserved",
            "13:3 hook-platform",
            "15:3 hook-event",
            "18:7 required",
            "18:16 timeout-range",
        ]
    );
    let d = validate(text).diagnostics;
    let typo = d.iter().find(|d| d.rule == Rule::HookUnknown).unwrap();
    assert_eq!(typo.args, ["ValidateServce", "ValidateService"]);
}

#[test]
fn an_event_whose_timeouts_add_up_to_over_an_hour() {
    let text = "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: a.sh\n      timeout: 3000\n    - location: b.sh\n      timeout: 900\n";
    assert_eq!(found(text), ["4:3 event-timeout"]);
    let report = validate(text);
    assert!(!report.has_errors());
    assert_eq!(report.diagnostics[0].args, ["AfterInstall", "3900"]);
}

#[test]
fn what_the_agent_refuses_or_ignores() {
    // The agent compares the version with the number 0.0: a quoted "0.0" fails on EC2.
    assert_eq!(
        found("version: \"0.0\"\nos: linux\n"),
        ["1:10 version-value"]
    );
    assert_eq!(found("version: '0.0'\nResources:\n  - f: {Type: AWS::Lambda::Function, Properties: {Name: f, Alias: a, CurrentVersion: 1, TargetVersion: 2}}\n"), Vec::<String>::new());
    // `overwrite` in files does nothing: a warning that points to file_exists_behavior.
    let text = "version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /srv\n    overwrite: true\npermissions:\n  - object: /srv\n    mode: 7\nhooks:\n  AfterInstall:\n    - location: a.sh\n      sudo: true\n";
    let report = validate(text);
    assert_eq!(found(text), ["6:5 files-overwrite"]);
    assert!(!report.has_errors());
    // Permissions are for Linux instances only.
    let windows = "version: 0.0\nos: windows\npermissions:\n  - object: C:\\app\n";
    assert_eq!(found(windows), ["3:1 permissions-windows"]);
}

#[test]
fn mixing_platforms_and_unknown_keys() {
    let text = "version: 0.0
os: linux
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: td
        LoadBalancerInfo: {ContainerName: web, ContainerPort: 80}
Hooks:
  - ValidateService: fn
  - AfterAllowTestTraffic: fn
  - AfterAllowTestTraffic: fn2
Hook: x
";
    assert_eq!(
        found(text),
        [
            "2:1 platform-mixed",
            "10:5 hook-platform",
            "12:5 hook-duplicate",
            "13:1 unknown-key",
        ]
    );
    let d = validate(text).diagnostics;
    assert_eq!(d[3].args, ["appspec", "Hook", "Hooks"]);
}

#[test]
fn ecs_and_lambda_errors() {
    let ecs = "version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        LoadBalancerInfo:
          ContainerName: web
          ContainerPort: 70000
        NetworkConfiguration:
          AwsvpcConfiguration:
            Subnets: subnet-1
            AssignPublicIp: YES
";
    assert_eq!(
        found(ecs),
        ["6:9 required", "8:26 value", "11:22 type", "12:29 value"]
    );
    let lambda = r#"{"version": 0.0, "Resources": [{"fn": {"Type": "AWS::Lambda::Function",
 "Properties": {"Name": "fn", "Alias": "live", "Version": "2"}}}],
 "Hooks": [{"BeforeInstall": "x"}, {"AllowTraffic": "y"}]}"#;
    assert_eq!(
        found(lambda),
        [
            "2:16 required",
            "2:16 required",
            "2:48 unknown-key",
            "3:13 hook-platform",
            "3:37 hook-reserved"
        ]
    );
    let two = "version: 0.0\nResources:\n  - a: {Type: AWS::Lambda::Function, Properties: {Name: a, Alias: b, CurrentVersion: 1, TargetVersion: 2}}\n  - b: {Type: AWS::S3::Bucket}\n";
    assert_eq!(found(two), ["3:3 resources-count"]);
}

#[test]
fn ecs_and_lambda_keys_match_in_any_case() {
    // The reference's structure writes them in lower case, its examples capitalized.
    let lower = "version: 0.0\nresources:\n  - myFunction:\n      type: \"AWS::Lambda::Function\"\n      properties:\n        name: myFunction\n        alias: live\n        currentversion: 1\n        targetversion: 2\nhooks:\n  - BeforeAllowTraffic: Check\n";
    assert_eq!(found(lower), Vec::<String>::new());
    let spec = validate(lower).appspec.unwrap();
    assert_eq!(spec.platform, ComputePlatform::Lambda);
    assert_eq!(spec.lambda.unwrap().current_version, "1");
    // A version must be a positive integer; both are required.
    let bad = "version: 0.0\nResources:\n  - f:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: f\n        Alias: live\n        TargetVersion: $LATEST\n";
    assert_eq!(found(bad), ["6:9 required", "8:24 function-version"]);
    // An EC2/On-Premises appspec's keys are read as written.
    let ec2 = "version: 0.0\nos: linux\nHooks:\n  AfterInstall: []\n";
    assert_eq!(found(ec2), ["3:1 unknown-key"]);
    assert_eq!(
        validate(ec2).diagnostics[0].args,
        ["appspec", "Hooks", "hooks"]
    );
}

#[test]
fn malformed_input_never_panics() {
    for text in [
        "",
        "[]",
        "version",
        "{\"version\": 0.0,}",
        "version: 0.0\nhooks: 3\n",
        "version: 0.0\nos: [linux]\nfiles: {a: b}\npermissions: x\n",
        "version: 0.0\nResources: 1\nHooks: 2\n",
        "version: 0.0\nResources: []\n",
        "version: 0.0\nhooks:\n  AfterInstall:\n    - location: a\n      timeout: 1e400\n",
        "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties: {TaskDefinition: t, LoadBalancerInfo: {ContainerName: c, ContainerPort: 1e999}}\n",
        "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties: {TaskDefinition: t, LoadBalancerInfo: {ContainerName: c, ContainerPort: 80.5}}\n",
        &"[".repeat(10_000),
    ] {
        let report = validate(text);
        assert!(report.has_errors(), "{text:?}");
    }
    assert_eq!(found("version: 0.0\n"), ["1:1 platform-unknown"]);
    assert_eq!(found("os: linux\n"), ["1:1 version-missing"]);
}

#[test]
fn hook_order_per_platform_and_type() {
    let names = |steps: Vec<Step>| -> Vec<String> {
        steps
            .iter()
            .map(|s| {
                let mark = if s.hookable { "" } else { "*" };
                format!("{}{mark}", s.event.name())
            })
            .collect()
    };
    let no_lb = DeploymentType::InPlace {
        load_balancer: false,
    };
    let lb = DeploymentType::InPlace {
        load_balancer: true,
    };
    assert_eq!(
        names(lifecycle(ComputePlatform::Server, no_lb)).join(" "),
        "Start* ApplicationStop DownloadBundle* BeforeInstall Install* AfterInstall ApplicationStart ValidateService End*"
    );
    assert_eq!(
        names(lifecycle(ComputePlatform::Server, lb)).join(" "),
        "Start* BeforeBlockTraffic BlockTraffic* AfterBlockTraffic ApplicationStop DownloadBundle* BeforeInstall Install* AfterInstall ApplicationStart ValidateService BeforeAllowTraffic AllowTraffic* AfterAllowTraffic End*"
    );
    let bg = lifecycle(ComputePlatform::Server, DeploymentType::BlueGreen);
    let targets: Vec<_> = bg.iter().map(|s| (s.event.name(), s.target)).collect();
    assert_eq!(targets[1], ("ApplicationStop", Target::Replacement));
    assert_eq!(targets[10], ("AfterAllowTraffic", Target::Replacement));
    assert_eq!(targets[11], ("BeforeBlockTraffic", Target::Original));
    assert_eq!(targets[13], ("AfterBlockTraffic", Target::Original));
    assert_eq!(
        names(lifecycle(ComputePlatform::Ecs, DeploymentType::BlueGreen)).join(" "),
        "Start* BeforeInstall Install* AfterInstall AllowTestTraffic* AfterAllowTestTraffic BeforeAllowTraffic AllowTraffic* AfterAllowTraffic End*"
    );
    assert_eq!(
        names(lifecycle(
            ComputePlatform::Lambda,
            DeploymentType::BlueGreen
        ))
        .join(" "),
        "Start* BeforeAllowTraffic AllowTraffic* AfterAllowTraffic End*"
    );
    let previous: Vec<_> = lifecycle(ComputePlatform::Server, lb)
        .into_iter()
        .filter(|s| s.previous_revision)
        .map(|s| s.event.name())
        .collect();
    assert_eq!(
        previous,
        ["BeforeBlockTraffic", "AfterBlockTraffic", "ApplicationStop"]
    );
    assert_eq!(
        names(blue_green_rollback()).join(" "),
        "Start* BeforeAllowTraffic AllowTraffic* AfterAllowTraffic BeforeBlockTraffic BlockTraffic* AfterBlockTraffic End*"
    );
}

#[test]
fn reserved_events() {
    let reserved: Vec<_> = LifecycleEvent::ALL
        .into_iter()
        .filter(|e| e.reserved())
        .map(LifecycleEvent::name)
        .collect();
    assert_eq!(
        reserved,
        [
            "Start",
            "BlockTraffic",
            "DownloadBundle",
            "Install",
            "AllowTestTraffic",
            "AllowTraffic",
            "End"
        ]
    );
    for name in [
        "Start",
        "DownloadBundle",
        "Install",
        "BlockTraffic",
        "AllowTraffic",
        "End",
    ] {
        let text = format!("version: 0.0\nos: linux\nhooks:\n  {name}:\n    - location: a.sh\n");
        assert_eq!(found(&text), ["4:3 hook-reserved"], "{name}");
    }
}

fn revision(name: &str, text: &str, files: &[(&str, &str)]) -> Revision {
    let report = validate(text);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    Revision {
        name: name.to_string(),
        appspec: report.appspec.unwrap(),
        files: files
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

const GOOD: &[(&str, &str)] = &[
    ("scripts/stop.sh", "#!/bin/bash\nsystemctl stop web\n"),
    ("scripts/install.sh", "#!/bin/bash\nsleep 5\n"),
    ("scripts/start.sh", "#!/bin/bash\nsleep 2\n"),
    (
        "scripts/validate.sh",
        "#!/bin/bash\ncurl -f localhost\nexit 0\n",
    ),
];

fn request(revision: Revision, previous: Option<Revision>, rollback: bool) -> DeploymentRequest {
    DeploymentRequest {
        id: 7,
        revision,
        previous,
        deployment_type: DeploymentType::InPlace {
            load_balancer: false,
        },
        functions: BTreeMap::new(),
        auto_rollback: if rollback {
            AutoRollback::on(&[RollbackEvent::DeploymentFailure])
        } else {
            AutoRollback::default()
        },
        ignore_application_stop_failures: false,
        deployment_config: None,
    }
}

fn statuses(run: &DeploymentRun) -> Vec<String> {
    run.events
        .iter()
        .map(|e| format!("{} {} {}s", e.event.name(), e.status.name(), e.duration_s))
        .collect()
}

#[test]
fn a_successful_in_place_deployment() {
    let v1 = revision("v1", EC2, GOOD);
    let v2 = revision("v2", EC2, GOOD);
    let run = run(&request(v2, Some(v1), true));
    assert_eq!(run.status, DeploymentStatus::Succeeded);
    assert_eq!(
        statuses(&run),
        [
            "Start Succeeded 0s",
            "ApplicationStop Succeeded 1s",
            "DownloadBundle Succeeded 1s",
            "BeforeInstall Succeeded 0s",
            "Install Succeeded 1s",
            "AfterInstall Succeeded 6s",
            "ApplicationStart Succeeded 3s",
            "ValidateService Succeeded 1s",
            "End Succeeded 0s",
        ]
    );
    assert_eq!(run.duration_s, 13);
    assert!(run.rollback.is_none());
}

#[test]
fn a_failing_validate_service_with_and_without_rollback() {
    let mut bad_files = GOOD.to_vec();
    bad_files[3] = ("scripts/validate.sh", "#!/bin/bash\nsleep 3\nexit 1\n");
    let v1 = revision("v1", EC2, GOOD);
    let v2 = revision("v2", EC2, &bad_files);

    let run_off = run(&request(v2.clone(), Some(v1.clone()), false));
    assert_eq!(run_off.status, DeploymentStatus::Failed);
    assert_eq!(run_off.error, Some(DeploymentErrorCode::HealthConstraints));
    let validate_event = &run_off.events[7];
    assert_eq!(validate_event.status, EventStatus::Failed);
    assert_eq!(validate_event.duration_s, 4);
    let diag = validate_event.diagnostics.as_ref().unwrap();
    assert_eq!(diag.error_code, LifecycleErrorCode::ScriptFailed);
    assert_eq!(
        diag.message,
        "Script at specified location: scripts/validate.sh failed with exit code 1"
    );
    assert_eq!(run_off.events[8].status, EventStatus::Skipped);
    assert!(run_off.rollback.is_none());

    let run_on = run(&request(v2, Some(v1), true));
    let rollback = run_on.rollback.as_ref().expect("a rollback deployment");
    assert_eq!(rollback.id, "d-8");
    assert_eq!(rollback.rollback_of.as_deref(), Some("d-7"));
    assert_eq!(rollback.creator, Creator::AutoRollback);
    // DeploymentInfo.creator's API names.
    assert_eq!(rollback.creator.name(), "codeDeployRollback");
    assert_eq!(run_on.creator.name(), "user");
    assert_eq!(rollback.revision, "v1");
    assert_eq!(rollback.status, DeploymentStatus::Succeeded);
    assert_eq!(
        rollback.history[0],
        (run_on.duration_s, DeploymentStatus::Created)
    );
    assert_eq!(rollback.events.len(), 9);
    assert!(rollback
        .events
        .iter()
        .all(|e| e.status == EventStatus::Succeeded));
}

#[test]
fn a_rollback_stops_the_failed_revision_with_its_own_script_once_it_was_installed() {
    // v2 stops the app with another script: the rollback's ApplicationStop shows whose ran.
    let v2_appspec = EC2.replace("scripts/stop.sh", "scripts/stop2.sh");
    let mut late = GOOD.to_vec();
    late[3] = ("scripts/validate.sh", "exit 1\n");
    late.push(("scripts/stop2.sh", "sleep 4\n"));
    let v1 = revision("v1", EC2, GOOD);
    let stop_of = |d: &DeploymentRun| {
        let e = d
            .events
            .iter()
            .find(|e| e.event == LifecycleEvent::ApplicationStop)
            .unwrap();
        e.scripts
            .iter()
            .map(|s| s.location.clone())
            .collect::<Vec<_>>()
    };
    // Failed in ValidateService, after Install: the agent's last install is v2.
    let d = run(&request(
        revision("v2", &v2_appspec, &late),
        Some(v1.clone()),
        true,
    ));
    assert_eq!(stop_of(&d), ["scripts/stop.sh"]);
    let r = d.rollback.as_ref().unwrap();
    assert_eq!(r.revision, "v1");
    assert_eq!(stop_of(r), ["scripts/stop2.sh"]);
    assert_eq!(r.status, DeploymentStatus::Succeeded);
    // Failed before Install: the last install is still v1's.
    let mut early = late.clone();
    early[3] = GOOD[3];
    early[1] = ("scripts/install.sh", "exit 2\n");
    let before_install = v2_appspec.replace("AfterInstall:", "BeforeInstall:");
    let d = run(&request(
        revision("v2", &before_install, &early),
        Some(v1),
        true,
    ));
    let failed = d.events.iter().find(|e| e.status == EventStatus::Failed);
    assert_eq!(failed.unwrap().event, LifecycleEvent::BeforeInstall);
    let r = d.rollback.as_ref().unwrap();
    assert_eq!(stop_of(r), ["scripts/stop.sh"]);
}

#[test]
fn no_rollback_without_a_last_good_revision() {
    let mut bad_files = GOOD.to_vec();
    bad_files.remove(3);
    let v1 = revision("v1", EC2, &bad_files);
    let run = run(&request(v1, None, true));
    assert_eq!(run.status, DeploymentStatus::Failed);
    let diag = run.events[7].diagnostics.as_ref().unwrap();
    assert_eq!(diag.error_code, LifecycleErrorCode::ScriptMissing);
    assert!(run.rollback.is_none());
    // The first deployment has no ApplicationStop scripts to run.
    assert!(run.events[1].scripts.is_empty());
}

#[test]
fn a_script_timeout() {
    let mut slow = GOOD.to_vec();
    slow[3] = ("scripts/validate.sh", "sleep 300\n");
    let v2 = revision("v2", EC2, &slow);
    let run = run(&request(v2, None, false));
    let event = &run.events[7];
    assert_eq!(event.duration_s, 120);
    let diag = event.diagnostics.as_ref().unwrap();
    assert_eq!(diag.error_code, LifecycleErrorCode::ScriptTimedOut);
    assert_eq!(
        diag.message,
        "Script at specified location: scripts/validate.sh failed to complete in 120 seconds"
    );
}

#[test]
fn application_stop_runs_the_previous_revision() {
    // v1's stop script is broken; v2 fixes it, but v2's deployment runs v1's.
    let mut broken = GOOD.to_vec();
    broken[0] = ("scripts/stop.sh", "exit 3\n");
    let v1 = revision("v1", EC2, &broken);
    let v2 = revision("v2", EC2, GOOD);
    let failed = run(&request(v2.clone(), Some(v1.clone()), false));
    assert_eq!(failed.events[1].event, LifecycleEvent::ApplicationStop);
    assert!(failed.events[1].previous_revision);
    assert_eq!(failed.events[1].status, EventStatus::Failed);
    assert_eq!(failed.status, DeploymentStatus::Failed);
    // ignoreApplicationStopFailures lets it through.
    let mut req = request(v2.clone(), Some(v1), false);
    req.ignore_application_stop_failures = true;
    let through = run(&req);
    assert_eq!(through.events[1].status, EventStatus::Failed);
    assert_eq!(through.status, DeploymentStatus::Succeeded);
    // Once v2 succeeded, the next deployment runs v2's (good) stop script.
    let next = run(&request(v2.clone(), Some(v2), false));
    assert_eq!(next.status, DeploymentStatus::Succeeded);
}

#[test]
fn ecs_and_lambda_hooks() {
    let ecs = revision("task:3", ECS, &[]);
    let mut req = request(ecs.clone(), Some(revision("task:2", ECS, &[])), true);
    req.deployment_type = DeploymentType::BlueGreen;
    req.functions
        .insert("SmokeTest".into(), HookOutcome::Failed { after_s: 30 });
    let run1 = run(&req);
    assert_eq!(run1.status, DeploymentStatus::Failed);
    assert_eq!(run1.error, Some(DeploymentErrorCode::HookExecutionFailure));
    assert_eq!(run1.events[5].event, LifecycleEvent::AfterAllowTestTraffic);
    assert_eq!(run1.events[5].duration_s, 30);
    assert!(run1.rollback.is_some());
    // A failure at BeforeInstall cannot be rolled back.
    req.functions
        .insert("BeforeInstallCheck".into(), HookOutcome::NoResponse);
    let run2 = run(&req);
    assert_eq!(run2.events[1].duration_s, HOOK_TIMEOUT_S);
    assert!(run2.rollback.is_none());

    let lambda = revision("2", LAMBDA, &[]);
    let mut req = request(lambda, None, false);
    req.deployment_type = DeploymentType::BlueGreen;
    req.deployment_config = Some("CodeDeployDefault.LambdaCanary10Percent5Minutes".into());
    let run3 = run(&req);
    assert_eq!(run3.status, DeploymentStatus::Succeeded);
    assert_eq!(
        statuses(&run3),
        [
            "Start Succeeded 0s",
            "BeforeAllowTraffic Succeeded 1s",
            "AllowTraffic Succeeded 300s",
            "AfterAllowTraffic Succeeded 1s",
            "End Succeeded 0s",
        ]
    );
}

#[test]
fn blue_green_on_ec2_and_its_rollback() {
    let with_lb = "version: 0.0\nos: linux\nhooks:\n  BeforeBlockTraffic:\n    - location: drain.sh\n  ValidateService:\n    - location: check.sh\n  AfterAllowTraffic:\n    - location: smoke.sh\n";
    let good = [
        ("drain.sh", "sleep 4\n"),
        ("check.sh", ""),
        ("smoke.sh", ""),
    ];
    let bad = [
        ("drain.sh", "sleep 4\n"),
        ("check.sh", ""),
        ("smoke.sh", "exit 7\n"),
    ];
    let v1 = revision("v1", with_lb, &good);
    let v2 = revision("v2", with_lb, &bad);
    let mut req = request(v2, Some(v1), true);
    req.deployment_type = DeploymentType::BlueGreen;
    let d = run(&req);
    assert_eq!(d.status, DeploymentStatus::Failed);
    let failed: Vec<_> = d
        .events
        .iter()
        .filter(|e| e.status == EventStatus::Failed)
        .map(|e| (e.event, e.target))
        .collect();
    assert_eq!(
        failed,
        [(LifecycleEvent::AfterAllowTraffic, Target::Replacement)]
    );
    // The original instances' BlockTraffic events never ran.
    assert!(d
        .events
        .iter()
        .filter(|e| e.target == Target::Original)
        .all(|e| e.status == EventStatus::Skipped));
    let r = d.rollback.as_ref().unwrap();
    let order: Vec<_> = r
        .events
        .iter()
        .map(|e| (e.event.name(), e.target))
        .collect();
    assert_eq!(order[1], ("BeforeAllowTraffic", Target::Original));
    assert_eq!(order[4], ("BeforeBlockTraffic", Target::Replacement));
    assert_eq!(r.events[4].duration_s, 5);
    assert!(r.events[4].previous_revision);
    assert_eq!(r.status, DeploymentStatus::Succeeded);
    // Events follow each other without gaps.
    for pair in d.events.windows(2) {
        assert_eq!(pair[0].start_s + pair[0].duration_s, pair[1].start_s);
    }
}

#[test]
fn in_place_with_a_load_balancer_runs_block_traffic_from_the_last_good_revision() {
    let spec = "version: 0.0\nos: linux\nhooks:\n  BeforeBlockTraffic:\n    - location: drain.sh\n      timeout: 30\n";
    let v1 = revision("v1", spec, &[("drain.sh", "sleep 60\n")]);
    let v2 = revision("v2", spec, &[("drain.sh", "sleep 1\n")]);
    let mut req = request(v2, Some(v1), false);
    req.deployment_type = DeploymentType::InPlace {
        load_balancer: true,
    };
    let d = run(&req);
    // v1's slow drain script times out at its 30 seconds, although v2's is quick.
    assert_eq!(d.events[1].event, LifecycleEvent::BeforeBlockTraffic);
    assert_eq!(d.events[1].duration_s, 30);
    let diag = d.events[1].diagnostics.as_ref().unwrap();
    assert_eq!(diag.error_code, LifecycleErrorCode::ScriptTimedOut);
    assert_eq!(d.status, DeploymentStatus::Failed);
}

#[test]
fn a_silent_lambda_hook_fails_after_an_hour() {
    let lambda = revision("2", LAMBDA, &[]);
    let mut req = request(lambda, Some(revision("1", LAMBDA, &[])), true);
    req.deployment_type = DeploymentType::BlueGreen;
    req.functions
        .insert("PostTraffic".into(), HookOutcome::NoResponse);
    let d = run(&req);
    assert_eq!(d.events[3].event, LifecycleEvent::AfterAllowTraffic);
    assert_eq!(d.events[3].duration_s, HOOK_TIMEOUT_S);
    assert_eq!(d.events[3].status, EventStatus::Failed);
    assert_eq!(d.events[4].status, EventStatus::Skipped);
    // The rollback runs the same hooks: the silent one fails it too.
    let r = d.rollback.as_ref().unwrap();
    assert_eq!(r.status, DeploymentStatus::Failed);
    assert!(r.rollback.is_none());
}

#[test]
fn strategy_of_a_configuration() {
    assert_eq!(
        traffic_strategy("CodeDeployDefault.ECSLinear10PercentEvery1Minutes").unwrap(),
        Strategy::BlueGreen {
            shift: TrafficShift::Linear {
                step_percent: 10,
                interval_s: 60
            },
            test_traffic_s: 0,
            test_rps: 0.0
        }
    );
    assert!(traffic_strategy("CodeDeployDefault.Nope").is_err());
}

#[test]
fn runs_are_deterministic() {
    let mut bad = GOOD.to_vec();
    bad[2] = ("scripts/start.sh", "sleep 10\nexit 2\n");
    let req = request(
        revision("v2", EC2, &bad),
        Some(revision("v1", EC2, GOOD)),
        true,
    );
    assert_eq!(run(&req), run(&req));
    assert_eq!(validate(EC2), validate(EC2));
}
