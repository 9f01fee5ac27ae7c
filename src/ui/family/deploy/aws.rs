//! The real AWS configuration a sandbox set-up corresponds to, as JSON text in the APIs' own shapes.
//!
//! Field names follow the API references: CodeDeploy `CreateDeploymentConfig`
//! (`minimumHealthyHosts`, `trafficRoutingConfig` with `timeBasedCanary` /
//! `timeBasedLinear`, intervals in minutes) and `CreateDeploymentGroup`
//! (`alarmConfiguration`, `autoRollbackConfiguration`, `blueGreenDeploymentConfiguration`),
//! the ECS service's `deploymentConfiguration`, Elastic Beanstalk's
//! `aws:elasticbeanstalk:command` options, CloudFormation's `AutoScalingRollingUpdate`
//! update policy, Lambda's alias `RoutingConfig`, and CloudWatch `PutMetricAlarm`. What
//! belongs to a deployment group (alarms, automatic rollback, the original fleet's fate) is
//! shown in the group, never in the deployment configuration.
use serde_json::{json, Map, Value};

use super::setup::{AlarmSetup, GroupSetup, Kind, Platform, ShiftKind, StrategySetup};
use super::text;
use crate::engine::deploy::{
    platform_of, predefined, AlarmMetric, Amount, ComputePlatform, Strategy,
};

/// One titled block of configuration text, or a note when there is no such setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub title: String,
    /// Pretty JSON; empty for a note.
    pub json: String,
    pub note: Option<String>,
}

/// A block of pretty JSON (two-space indent). Keys stay in the order written below, which
/// follows the API references (serde_json's `preserve_order`).
fn block(title: &str, value: Value) -> Block {
    Block {
        title: title.to_string(),
        json: serde_json::to_string_pretty(&value).unwrap_or_default(),
        note: None,
    }
}

fn note(title: &str, note: String) -> Block {
    Block {
        title: title.to_string(),
        json: String::new(),
        note: Some(note),
    }
}

fn hosts(a: Amount) -> Value {
    match a {
        Amount::Count(n) => json!({ "type": "HOST_COUNT", "value": n }),
        Amount::Percent(p) => json!({ "type": "FLEET_PERCENT", "value": p }),
        Amount::MostConcurrency(n) => json!({ "type": "MOST_CONCURRENCY", "value": n }),
    }
}

/// The `minimumHealthyHosts` that `GetDeploymentConfig` returns for a predefined
/// configuration, where the API reference states it: `CodeDeployDefault.OneAtATime` has
/// the type `MOST_CONCURRENCY` with the value 1 (API reference, `MinimumHealthyHosts`).
fn predefined_minimum(name: &str) -> Option<Amount> {
    match predefined(name) {
        Ok(Strategy::InPlace {
            min_healthy: min @ Amount::MostConcurrency(_),
        }) => Some(min),
        _ => None,
    }
}

/// The percentage of a fleet an amount stands for (rounded up).
fn percent_of(a: Amount, fleet: u32) -> u32 {
    match a {
        Amount::Percent(p) => p,
        Amount::Count(n) => (u64::from(n) * 100).div_ceil(u64::from(fleet.max(1))) as u32,
        Amount::MostConcurrency(n) => {
            (u64::from(fleet.saturating_sub(n)) * 100).div_ceil(u64::from(fleet.max(1))) as u32
        }
    }
}

/// The `(shift kind, percent, minutes)` of a blue/green set-up.
fn shift_of(s: &StrategySetup) -> (ShiftKind, u32, u32) {
    let kind = match s.kind {
        Kind::Canary => ShiftKind::Canary,
        Kind::Linear => ShiftKind::Linear,
        _ => s.shift,
    };
    match kind {
        ShiftKind::AllAtOnce => (kind, 100, 0),
        ShiftKind::Canary => (kind, s.canary_percent, s.bake_min),
        ShiftKind::Linear => (kind, s.step_percent, s.interval_min),
    }
}

fn routing(kind: ShiftKind, percent: u32, minutes: u32) -> Value {
    match kind {
        ShiftKind::AllAtOnce => json!({ "type": "AllAtOnce" }),
        ShiftKind::Canary => json!({
            "type": "TimeBasedCanary",
            "timeBasedCanary": { "canaryPercentage": percent, "canaryInterval": minutes }
        }),
        ShiftKind::Linear => json!({
            "type": "TimeBasedLinear",
            "timeBasedLinear": { "linearPercentage": percent, "linearInterval": minutes }
        }),
    }
}

fn config_name(kind: ShiftKind, percent: u32, minutes: u32, platform: &str) -> String {
    match kind {
        ShiftKind::AllAtOnce => format!("Custom.{platform}AllAtOnce"),
        ShiftKind::Canary => format!("Custom.{platform}Canary{percent}Percent{minutes}Minutes"),
        ShiftKind::Linear => {
            format!("Custom.{platform}Linear{percent}PercentEvery{minutes}Minutes")
        }
    }
}

/// `blueGreenDeploymentConfiguration.terminateBlueInstancesOnDeploymentSuccess`.
fn termination(g: &GroupSetup) -> Value {
    if g.keep_alive {
        json!({ "action": "KEEP_ALIVE" })
    } else {
        json!({ "action": "TERMINATE", "terminationWaitTimeInMinutes": g.wait_min })
    }
}

/// The configuration blocks for a strategy on a platform, with the deployment group's alarm
/// and settings.
pub fn config_blocks(
    s: &StrategySetup,
    platform: Platform,
    fleet: u32,
    alarm: Option<&AlarmSetup>,
    settings: &GroupSetup,
) -> Vec<Block> {
    let mut out = Vec::new();
    let alarm_name = alarm.map(AlarmSetup::name);
    let group = |base: Value, compute: ComputePlatform, blue_green: Option<Value>| {
        group(base, compute, alarm_name, settings, blue_green)
    };
    if s.kind == Kind::Predefined {
        let compute = platform_of(&s.name).unwrap_or(ComputePlatform::Server);
        out.push(block(
            text::AWS_GROUP.s(),
            group(json!({ "deploymentConfigName": s.name }), compute, None),
        ));
        out.push(note(
            text::AWS_PREDEFINED.s(),
            text::predefined_note(compute.label()),
        ));
        if let Some(minimum) = predefined_minimum(&s.name) {
            out.push(block(
                text::AWS_GET_CONFIG.s(),
                json!({
                    "deploymentConfigInfo": {
                        "computePlatform": "Server",
                        "deploymentConfigName": s.name,
                        "minimumHealthyHosts": hosts(minimum),
                    }
                }),
            ));
            out.push(note(
                text::AWS_ONE_AT_A_TIME.s(),
                text::ONE_AT_A_TIME_NOTE.s().to_string(),
            ));
        }
    } else if s.kind.is_blue_green() {
        let (kind, percent, minutes) = shift_of(s);
        match platform {
            Platform::Ecs | Platform::Lambda => {
                let (compute, label) = if platform == Platform::Ecs {
                    (ComputePlatform::Ecs, "ECS")
                } else {
                    (ComputePlatform::Lambda, "Lambda")
                };
                let name = config_name(kind, percent, minutes, label);
                out.push(block(
                    text::AWS_CREATE_CONFIG.s(),
                    json!({
                        "deploymentConfigName": name,
                        "computePlatform": compute.name(),
                        "trafficRoutingConfig": routing(kind, percent, minutes),
                    }),
                ));
                // An ECS deployment group only terminates the original task set after the
                // wait: KEEP_ALIVE is for instances (EC2/on-premises).
                let ecs_settings = GroupSetup {
                    keep_alive: false,
                    ..settings.clone()
                };
                let blue_green = (platform == Platform::Ecs).then(|| {
                    json!({
                        "terminateBlueInstancesOnDeploymentSuccess": termination(&ecs_settings),
                        "deploymentReadyOption": { "actionOnTimeout": "CONTINUE_DEPLOYMENT" }
                    })
                });
                out.push(block(
                    text::AWS_GROUP.s(),
                    group(json!({ "deploymentConfigName": name }), compute, blue_green),
                ));
                if settings.keep_alive {
                    let why = if platform == Platform::Ecs {
                        text::KEEP_ALIVE_ECS
                    } else {
                        text::KEEP_ALIVE_LAMBDA
                    };
                    out.push(note(text::AWS_NO_SUCH_SETTING.s(), why.s().to_string()));
                }
                if platform == Platform::Lambda && kind != ShiftKind::AllAtOnce {
                    let weight = f64::from(percent.min(100)) / 100.0;
                    out.push(block(
                        text::AWS_LAMBDA_ALIAS.s(),
                        json!({
                            "Name": "live",
                            "FunctionVersion": "1",
                            "RoutingConfig": { "AdditionalVersionWeights": { "2": weight } }
                        }),
                    ));
                }
                if s.test_s > 0 {
                    out.push(note(
                        text::AWS_TEST_TRAFFIC.s(),
                        text::test_traffic_note(s.test_s),
                    ));
                }
            }
            Platform::Server => {
                let blue_green = json!({
                    "terminateBlueInstancesOnDeploymentSuccess": termination(settings),
                    "deploymentReadyOption": { "actionOnTimeout": "CONTINUE_DEPLOYMENT" },
                    "greenFleetProvisioningOption": { "action": "COPY_AUTO_SCALING_GROUP" }
                });
                out.push(block(
                    text::AWS_GROUP.s(),
                    group(
                        json!({
                            "deploymentConfigName": "CodeDeployDefault.AllAtOnce",
                            "deploymentStyle": {
                                "deploymentType": "BLUE_GREEN",
                                "deploymentOption": "WITH_TRAFFIC_CONTROL"
                            }
                        }),
                        ComputePlatform::Server,
                        Some(blue_green),
                    ),
                ));
                if kind != ShiftKind::AllAtOnce {
                    out.push(note(
                        text::AWS_NO_SUCH_SETTING.s(),
                        text::SERVER_NO_TIME_SHIFT.s().to_string(),
                    ));
                }
            }
        }
    } else {
        // In place: all at once, CodeDeploy's minimum healthy hosts, rolling, rolling with an
        // additional batch.
        match platform {
            Platform::Server => {
                let (min_healthy, policy) = match s.kind {
                    Kind::AllAtOnce => (Amount::Count(0), "AllAtOnce"),
                    Kind::InPlace => (s.min_healthy, ""),
                    Kind::Rolling => (s.min_healthy, "Rolling"),
                    _ => (s.min_healthy, "RollingWithAdditionalBatch"),
                };
                if matches!(s.kind, Kind::AllAtOnce | Kind::InPlace) {
                    let name = match s.kind {
                        Kind::AllAtOnce => "Custom.AllAtOnce".to_string(),
                        _ => format!("Custom.MinHealthy{}", s.min_healthy).replace('%', "Percent"),
                    };
                    out.push(block(
                        text::AWS_CREATE_CONFIG.s(),
                        json!({
                            "deploymentConfigName": name,
                            "computePlatform": "Server",
                            "minimumHealthyHosts": hosts(min_healthy),
                        }),
                    ));
                    out.push(block(
                        text::AWS_GROUP.s(),
                        group(
                            json!({
                                "deploymentConfigName": name,
                                "deploymentStyle": {
                                    "deploymentType": "IN_PLACE",
                                    "deploymentOption": "WITH_TRAFFIC_CONTROL"
                                }
                            }),
                            ComputePlatform::Server,
                            None,
                        ),
                    ));
                } else {
                    let why = if s.kind == Kind::Rolling {
                        text::NO_BATCH_SIZE
                    } else {
                        text::NO_ADDITIONAL_BATCH
                    };
                    out.push(note(text::AWS_CREATE_CONFIG.s(), why.s().to_string()));
                }
                if s.kind == Kind::InPlace {
                    if let Some(a) = alarm {
                        out.push(block(text::AWS_ALARM.s(), put_metric_alarm(a)));
                    }
                    return out;
                }
                let mut options = vec![json!({
                    "Namespace": "aws:elasticbeanstalk:command",
                    "OptionName": "DeploymentPolicy",
                    "Value": policy
                })];
                if s.kind != Kind::AllAtOnce {
                    let (kind, size) = match s.batch {
                        Amount::Count(n) | Amount::MostConcurrency(n) => ("Fixed", n),
                        Amount::Percent(p) => ("Percentage", p),
                    };
                    options.push(json!({
                        "Namespace": "aws:elasticbeanstalk:command",
                        "OptionName": "BatchSizeType",
                        "Value": kind
                    }));
                    options.push(json!({
                        "Namespace": "aws:elasticbeanstalk:command",
                        "OptionName": "BatchSize",
                        "Value": size.to_string()
                    }));
                }
                out.push(block(text::AWS_BEANSTALK.s(), Value::Array(options)));
                if s.kind == Kind::Rolling {
                    let batch = match s.batch {
                        Amount::Percent(p) => (u64::from(fleet) * u64::from(p) / 100).max(1) as u32,
                        Amount::Count(n) | Amount::MostConcurrency(n) => n,
                    };
                    let min = match s.min_healthy {
                        Amount::Percent(p) => {
                            (u64::from(fleet) * u64::from(p)).div_ceil(100) as u32
                        }
                        other => other.ceil_of(fleet),
                    };
                    out.push(block(
                        text::AWS_ASG_ROLLING.s(),
                        json!({
                            "UpdatePolicy": {
                                "AutoScalingRollingUpdate": {
                                    "MaxBatchSize": batch,
                                    "MinInstancesInService": min,
                                    "PauseTime": "PT0S"
                                }
                            }
                        }),
                    ));
                }
            }
            Platform::Ecs => {
                let (min, max) = match s.kind {
                    Kind::AllAtOnce => (0, 100),
                    Kind::InPlace => (percent_of(s.min_healthy, fleet).min(100), 100),
                    Kind::Rolling => {
                        let batch = percent_of(s.batch, fleet).min(100);
                        (
                            (100 - batch).max(percent_of(s.min_healthy, fleet).min(100)),
                            100,
                        )
                    }
                    _ => (100, 100 + percent_of(s.batch, fleet).min(100)),
                };
                let mut config = Map::new();
                if let Some(name) = alarm_name {
                    let alarms = json!({
                        "enable": true,
                        "rollback": settings.rollback_on_alarm,
                        "alarmNames": [name]
                    });
                    config.insert("alarms".into(), alarms);
                }
                config.insert(
                    "deploymentCircuitBreaker".into(),
                    json!({ "enable": true, "rollback": true }),
                );
                config.insert("minimumHealthyPercent".into(), json!(min));
                config.insert("maximumPercent".into(), json!(max));
                out.push(block(
                    text::AWS_ECS_SERVICE.s(),
                    json!({ "deploymentController": { "type": "ECS" }, "deploymentConfiguration": config }),
                ));
            }
            Platform::Lambda => {
                out.push(note(
                    text::AWS_NO_SUCH_SETTING.s(),
                    text::LAMBDA_NO_IN_PLACE.s().to_string(),
                ));
            }
        }
    }
    if let Some(a) = alarm {
        out.push(block(text::AWS_ALARM.s(), put_metric_alarm(a)));
    }
    out
}

/// A deployment group's settings: the config, the alarm and the automatic rollback.
fn group(
    mut base: Value,
    compute: ComputePlatform,
    alarm: Option<&str>,
    settings: &GroupSetup,
    blue_green: Option<Value>,
) -> Value {
    if compute != ComputePlatform::Server {
        base["deploymentStyle"] = json!({
            "deploymentType": "BLUE_GREEN",
            "deploymentOption": "WITH_TRAFFIC_CONTROL"
        });
    }
    if let Some(bg) = blue_green {
        base["blueGreenDeploymentConfiguration"] = bg;
    }
    if let Some(name) = alarm {
        base["alarmConfiguration"] = json!({
            "enabled": true,
            "ignorePollAlarmFailure": false,
            "alarms": [{ "name": name }]
        });
    }
    let events: Vec<&str> = settings.events().into_iter().map(|e| e.name()).collect();
    base["autoRollbackConfiguration"] = if events.is_empty() {
        json!({ "enabled": false })
    } else {
        json!({ "enabled": true, "events": events })
    };
    base
}

/// CloudWatch `PutMetricAlarm` input for the rollback alarm, on an Application Load Balancer's metrics.
pub fn put_metric_alarm(a: &AlarmSetup) -> Value {
    let dimension = json!([{ "Name": "LoadBalancer", "Value": "app/my-alb/0123456789abcdef" }]);
    let (mut v, threshold) = match a.metric {
        AlarmMetric::P99LatencyMs => (
            json!({
                "Namespace": "AWS/ApplicationELB",
                "AlarmName": a.name(),
                "MetricName": "TargetResponseTime",
                "Dimensions": dimension,
                "ExtendedStatistic": "p99",
                "Period": a.period_s,
            }),
            a.threshold / 1000.0,
        ),
        metric => {
            let dims = if metric == AlarmMetric::GreenErrorRatePercent {
                json!([
                    { "Name": "TargetGroup", "Value": "targetgroup/green/0123456789abcdef" },
                    { "Name": "LoadBalancer", "Value": "app/my-alb/0123456789abcdef" }
                ])
            } else {
                dimension
            };
            let stat = |id: &str, name: &str| {
                json!({
                    "Id": id,
                    "MetricStat": {
                        "Metric": { "Namespace": "AWS/ApplicationELB", "MetricName": name, "Dimensions": dims.clone() },
                        "Period": a.period_s,
                        "Stat": "Sum"
                    },
                    "ReturnData": false
                })
            };
            let metrics = json!({
                "AlarmName": a.name(),
                "Metrics": [
                    { "Id": "rate", "Expression": "100 * errors / requests", "Label": "5xx rate (%)", "ReturnData": true },
                    stat("errors", "HTTPCode_Target_5XX_Count"),
                    stat("requests", "RequestCount")
                ],
            });
            (metrics, a.threshold)
        }
    };
    // Appended in this order after the metric's own keys.
    v["EvaluationPeriods"] = json!(a.n);
    v["DatapointsToAlarm"] = json!(a.m);
    v["Threshold"] = json!(threshold);
    v["ComparisonOperator"] = json!("GreaterThanThreshold");
    v["TreatMissingData"] = json!(a.missing.name());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_json(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(|b| b.json.clone())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn an_ecs_canary_is_a_time_based_canary_in_minutes() {
        let s = StrategySetup::default();
        let blocks = config_blocks(
            &s,
            Platform::Ecs,
            20,
            Some(&AlarmSetup::default()),
            &GroupSetup::default(),
        );
        let text = all_json(&blocks);
        assert!(text.contains("\"type\": \"TimeBasedCanary\""), "{text}");
        assert!(text.contains("\"canaryPercentage\": 10"), "{text}");
        assert!(text.contains("\"canaryInterval\": 5"), "{text}");
        assert!(text.contains("\"computePlatform\": \"ECS\""), "{text}");
        assert!(text.contains("DEPLOYMENT_STOP_ON_ALARM"), "{text}");
        assert!(text.contains("\"DatapointsToAlarm\": 2"), "{text}");
        assert!(
            text.contains("\"TreatMissingData\": \"notBreaching\""),
            "{text}"
        );
        for b in &blocks {
            if !b.json.is_empty() {
                assert!(serde_json::from_str::<Value>(&b.json).is_ok());
            }
        }
    }

    #[test]
    fn codedeploy_in_place_has_minimum_healthy_hosts_and_no_batch() {
        let s = StrategySetup {
            kind: Kind::InPlace,
            min_healthy: Amount::Count(15),
            batch: Amount::Percent(25),
            ..StrategySetup::default()
        };
        let text = all_json(&config_blocks(
            &s,
            Platform::Server,
            20,
            None,
            &GroupSetup::default(),
        ));
        assert!(text.contains("\"type\": \"HOST_COUNT\""), "{text}");
        assert!(text.contains("\"value\": 15"), "{text}");
        assert!(!text.contains("Batch"), "{text}");
        assert!(!text.contains("alarmConfiguration"), "{text}");
        let ecs = all_json(&config_blocks(
            &s,
            Platform::Ecs,
            20,
            None,
            &GroupSetup::default(),
        ));
        assert!(ecs.contains("\"minimumHealthyPercent\": 75"), "{ecs}");
    }

    #[test]
    fn a_rolling_deployment_has_a_batch_where_one_exists() {
        let s = StrategySetup {
            kind: Kind::Rolling,
            min_healthy: Amount::Count(15),
            batch: Amount::Percent(25),
            ..StrategySetup::default()
        };
        let blocks = config_blocks(&s, Platform::Server, 20, None, &GroupSetup::default());
        let text = all_json(&blocks);
        assert!(!text.contains("minimumHealthyHosts"), "{text}");
        assert!(text.contains("\"Value\": \"Percentage\""), "{text}");
        assert!(text.contains("\"MaxBatchSize\": 5"), "{text}");
        assert!(text.contains("\"MinInstancesInService\": 15"), "{text}");
        assert!(blocks
            .iter()
            .filter_map(|b| b.note.as_deref())
            .any(|n| n.contains("no batch size")));
        let ecs = all_json(&config_blocks(
            &s,
            Platform::Ecs,
            20,
            None,
            &GroupSetup::default(),
        ));
        assert!(ecs.contains("\"minimumHealthyPercent\": 75"), "{ecs}");
        assert!(ecs.contains("\"maximumPercent\": 100"), "{ecs}");
    }

    #[test]
    fn one_at_a_time_shows_most_concurrency_1_and_the_rule_for_the_last_instance() {
        let s = StrategySetup {
            kind: Kind::Predefined,
            name: "CodeDeployDefault.OneAtATime".to_string(),
            ..StrategySetup::default()
        };
        let blocks = config_blocks(&s, Platform::Server, 9, None, &GroupSetup::default());
        let text = all_json(&blocks);
        assert!(
            text.contains("\"minimumHealthyHosts\": {\n      \"type\": \"MOST_CONCURRENCY\",\n      \"value\": 1\n    }"),
            "{text}"
        );
        assert!(!text.contains("\"value\": 0"), "{text}");
        assert!(blocks
            .iter()
            .filter_map(|b| b.note.as_deref())
            .any(|n| n.contains("last instance")));
        // The other predefined configurations show no GetDeploymentConfig block.
        let half = StrategySetup {
            name: "CodeDeployDefault.HalfAtATime".to_string(),
            ..s
        };
        let text = all_json(&config_blocks(
            &half,
            Platform::Server,
            9,
            None,
            &GroupSetup::default(),
        ));
        assert!(!text.contains("minimumHealthyHosts"), "{text}");
    }

    #[test]
    fn linear_on_lambda_and_notes_where_aws_has_no_setting() {
        let s = StrategySetup {
            kind: Kind::Linear,
            ..StrategySetup::default()
        };
        let text = all_json(&config_blocks(
            &s,
            Platform::Lambda,
            20,
            None,
            &GroupSetup::default(),
        ));
        assert!(text.contains("\"linearPercentage\": 10"), "{text}");
        assert!(text.contains("\"linearInterval\": 1"), "{text}");
        assert!(text.contains("AdditionalVersionWeights"), "{text}");
        let server = config_blocks(&s, Platform::Server, 20, None, &GroupSetup::default());
        assert!(server.iter().any(|b| b.note.is_some()));
        let in_place = StrategySetup {
            kind: Kind::AllAtOnce,
            ..StrategySetup::default()
        };
        let lambda = config_blocks(
            &in_place,
            Platform::Lambda,
            20,
            None,
            &GroupSetup::default(),
        );
        assert!(lambda.iter().all(|b| b.json.is_empty()));
    }

    #[test]
    fn keys_stay_in_the_order_written_and_the_text_is_json() {
        let s = StrategySetup::default();
        let blocks = config_blocks(
            &s,
            Platform::Ecs,
            20,
            Some(&AlarmSetup::default()),
            &GroupSetup::default(),
        );
        let create = &blocks[0].json;
        assert!(create.starts_with("{\n  \"deploymentConfigName\": \"Custom.ECSCanary10Percent5Minutes\",\n  \"computePlatform\": \"ECS\",\n  \"trafficRoutingConfig\": {\n    \"type\": \"TimeBasedCanary\",\n    \"timeBasedCanary\": {\n      \"canaryPercentage\": 10,\n      \"canaryInterval\": 5\n"), "{create}");
        let alarm = &blocks.last().unwrap().json;
        let keys: Vec<&str> = alarm
            .lines()
            .filter(|l| l.starts_with("  \"") && !l.starts_with("   "))
            .map(|l| l.trim().split('"').nth(1).unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "AlarmName",
                "Metrics",
                "EvaluationPeriods",
                "DatapointsToAlarm",
                "Threshold",
                "ComparisonOperator",
                "TreatMissingData"
            ]
        );
        let value = json!({ "zz": [1, "a\"b"], "e": [], "o": {}, "a": 1 });
        let b = block("t", value.clone());
        assert_eq!(b.json, "{\n  \"zz\": [\n    1,\n    \"a\\\"b\"\n  ],\n  \"e\": [],\n  \"o\": {},\n  \"a\": 1\n}");
        assert_eq!(serde_json::from_str::<Value>(&b.json).unwrap(), value);
    }

    #[test]
    fn the_deployment_group_says_what_stops_and_what_rolls_back() {
        let s = StrategySetup::default();
        let stop_only = GroupSetup {
            rollback_on_alarm: false,
            rollback_on_failure: true,
            keep_alive: false,
            wait_min: 45,
        };
        let text = all_json(&config_blocks(
            &s,
            Platform::Ecs,
            20,
            Some(&AlarmSetup::default()),
            &stop_only,
        ));
        assert!(text.contains("\"alarmConfiguration\""), "{text}");
        assert!(text.contains("\"DEPLOYMENT_FAILURE\""), "{text}");
        assert!(!text.contains("DEPLOYMENT_STOP_ON_ALARM"), "{text}");
        assert!(
            text.contains("\"terminationWaitTimeInMinutes\": 45"),
            "{text}"
        );
        let none = GroupSetup {
            rollback_on_failure: false,
            keep_alive: true,
            ..stop_only
        };
        let text = all_json(&config_blocks(&s, Platform::Ecs, 20, None, &none));
        assert!(
            text.contains("\"autoRollbackConfiguration\": {\n    \"enabled\": false\n  }"),
            "{text}"
        );
        // KEEP_ALIVE is for instances: an ECS group terminates the task set, and says why.
        assert!(!text.contains("\"action\": \"KEEP_ALIVE\""), "{text}");
        let blocks = config_blocks(&s, Platform::Ecs, 20, None, &none);
        assert!(blocks
            .iter()
            .filter_map(|b| b.note.as_deref())
            .any(|n| n.contains("task set")));
        let server = all_json(&config_blocks(&s, Platform::Server, 20, None, &none));
        assert!(server.contains("\"action\": \"KEEP_ALIVE\""), "{server}");
        // The deployment configuration itself never carries the group's settings.
        let blocks = config_blocks(&s, Platform::Ecs, 20, None, &none);
        assert!(
            !blocks[0].json.contains("termination"),
            "{}",
            blocks[0].json
        );
    }

    #[test]
    fn a_latency_alarm_uses_seconds_and_p99() {
        let a = AlarmSetup {
            metric: AlarmMetric::P99LatencyMs,
            threshold: 500.0,
            ..AlarmSetup::default()
        };
        let v = put_metric_alarm(&a);
        assert_eq!(v["ExtendedStatistic"], "p99");
        assert_eq!(v["Threshold"], 0.5);
        assert_eq!(v["MetricName"], "TargetResponseTime");
    }
}
