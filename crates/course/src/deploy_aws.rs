//! The deployment sandbox's "real AWS configuration": the JSON a set-up corresponds to, in
//! the APIs' own shapes, built in the parsers worker (feature `aws`) and shown by the page.
//!
//! The sandbox sends its set-up ([`AwsSetup`]: the strategies, the platform, the fleet size,
//! the alarm and the deployment group's settings, plain serde data in serde's default
//! externally tagged form, as postcard needs) in a [`crate::jobs::Job::DeployAws`]; the worker
//! answers with the titled blocks ([`AwsConfig`]), worded in the job's language. The JSON
//! building (`serde_json::json!` with `preserve_order`, pretty-printed) stays out of the app's
//! first load: see ARCHITECTURE.md, "What loads when".
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
use serde::{Deserialize, Serialize};

use engine::alarm::TreatMissingData;
use engine::deploy::{AlarmMetric, Amount};

use crate::family::deploy::setup::{AlarmSetup, GroupSetup, Kind, ShiftKind, StrategySetup};

/// The compute platform the configuration text is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Platform {
    Server,
    Ecs,
    Lambda,
}

impl Platform {
    pub const ALL: [Platform; 3] = [Platform::Server, Platform::Ecs, Platform::Lambda];

    /// The sandbox's form and URL value.
    pub fn id(self) -> &'static str {
        match self {
            Platform::Server => "server",
            Platform::Ecs => "ecs",
            Platform::Lambda => "lambda",
        }
    }

    pub fn parse(text: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|k| k.id() == text)
    }
}

/// What the configuration is built from: the sandbox's strategy (and the compared one), the
/// platform, the fleet, the alarm and the deployment group's settings (shared by both
/// strategies, as one deployment group would be).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AwsSetup {
    #[serde(with = "StrategyDef")]
    pub strategy: StrategySetup,
    #[serde(with = "optional_strategy")]
    pub compare: Option<StrategySetup>,
    pub platform: Platform,
    pub fleet: u32,
    #[serde(with = "optional_alarm")]
    pub alarm: Option<AlarmSetup>,
    #[serde(with = "GroupDef")]
    pub group: GroupSetup,
}

/// The blocks of the strategy, and of the compared one when there is one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AwsConfig {
    pub blocks: Vec<Block>,
    pub compare: Option<Vec<Block>>,
}

/// One titled block of configuration text, or a note when there is no such setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub title: String,
    /// Pretty JSON; empty for a note.
    pub json: String,
    pub note: Option<String>,
}

// The lab model's set-up types, read and written through serde's remote definitions: the
// fields are listed once more here, and a field added there fails to compile here.

#[derive(Serialize, Deserialize)]
#[serde(remote = "Kind")]
enum KindDef {
    AllAtOnce,
    InPlace,
    Rolling,
    RollingAdditionalBatch,
    BlueGreen,
    Canary,
    Linear,
    Predefined,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "ShiftKind")]
enum ShiftKindDef {
    AllAtOnce,
    Canary,
    Linear,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "StrategySetup")]
struct StrategyDef {
    #[serde(with = "KindDef")]
    kind: Kind,
    batch: Amount,
    min_healthy: Amount,
    #[serde(with = "ShiftKindDef")]
    shift: ShiftKind,
    canary_percent: u32,
    bake_min: u32,
    step_percent: u32,
    interval_min: u32,
    test_s: u32,
    test_rps: f64,
    name: String,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "AlarmSetup")]
struct AlarmDef {
    metric: AlarmMetric,
    threshold: f64,
    period_s: u32,
    n: u32,
    m: u32,
    missing: TreatMissingData,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "GroupSetup")]
struct GroupDef {
    rollback_on_alarm: bool,
    rollback_on_failure: bool,
    keep_alive: bool,
    wait_min: u32,
}

/// `#[serde(with = …)]` for an `Option` of a remote type.
macro_rules! optional {
    ($module:ident, $remote:ty, $def:literal) => {
        mod $module {
            use super::*;

            #[derive(Serialize)]
            struct Out<'a>(#[serde(with = $def)] &'a $remote);

            #[derive(Deserialize)]
            struct In(#[serde(with = $def)] $remote);

            pub fn serialize<S: serde::Serializer>(
                value: &Option<$remote>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                value.as_ref().map(Out).serialize(serializer)
            }

            pub fn deserialize<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<$remote>, D::Error> {
                Ok(Option::<In>::deserialize(deserializer)?.map(|x| x.0))
            }
        }
    };
}

optional!(optional_strategy, StrategySetup, "StrategyDef");
optional!(optional_alarm, AlarmSetup, "AlarmDef");

#[cfg(feature = "aws")]
pub use build::{config, config_blocks, put_metric_alarm};

/// Building the JSON (the worker, and tests).
#[cfg(feature = "aws")]
mod build {
    use serde_json::{json, Map, Value};

    use super::{AwsConfig, AwsSetup, Block, Platform};
    use crate::family::deploy::setup::{AlarmSetup, GroupSetup, Kind, ShiftKind, StrategySetup};
    use crate::lang::{Lang, T};
    use engine::deploy::{platform_of, predefined, AlarmMetric, Amount, ComputePlatform, Strategy};

    const CREATE_CONFIG: T = t!(
        "CodeDeploy deployment configuration (CreateDeploymentConfig)",
        "Deployment configuration của CodeDeploy (CreateDeploymentConfig)"
    );
    const GROUP: T = t!(
        "CodeDeploy deployment group (CreateDeploymentGroup, excerpt)",
        "Deployment group của CodeDeploy (CreateDeploymentGroup, trích đoạn)"
    );
    const PREDEFINED: T = t!("Predefined configuration", "Cấu hình định sẵn");
    const GET_CONFIG: T = t!(
        "What GetDeploymentConfig returns for it",
        "Kết quả GetDeploymentConfig trả về cho cấu hình này"
    );
    const ONE_AT_A_TIME: T = t!("One instance at a time", "Từng instance một");
    const ONE_AT_A_TIME_NOTE: T = t!(
        "MOST_CONCURRENCY 1 means one instance at a time; a custom configuration cannot use this type, only HOST_COUNT or FLEET_PERCENT. CodeDeploy keeps all instances but one healthy, so the first failed instance fails the deployment, with one exception: if the deployment to the last instance fails, the overall deployment still succeeds. On a single instance, the deployment succeeds only if that instance's does.",
        "MOST_CONCURRENCY 1 nghĩa là mỗi lần chỉ triển khai lên một instance; cấu hình tự tạo không dùng được kiểu này, chỉ có HOST_COUNT hoặc FLEET_PERCENT. CodeDeploy giữ mọi instance trừ một ở trạng thái healthy, nên instance đầu tiên triển khai lỗi sẽ làm deployment thất bại, với một ngoại lệ: nếu lần triển khai lên instance cuối cùng lỗi, toàn bộ deployment vẫn thành công. Với fleet chỉ có một instance, deployment chỉ thành công khi triển khai lên instance đó thành công."
    );
    const LAMBDA_ALIAS: T = t!(
        "Lambda alias during the first step (UpdateAlias)",
        "Lambda alias trong bước đầu tiên (UpdateAlias)"
    );
    const TEST_TRAFFIC: T = t!("Test traffic", "Lưu lượng test");
    const NO_SUCH_SETTING: T = t!(
        "No direct AWS setting",
        "Không có thiết lập AWS tương ứng trực tiếp"
    );
    const BEANSTALK: T = t!(
        "Elastic Beanstalk option settings (batch size)",
        "Option settings của Elastic Beanstalk (kích thước batch)"
    );
    const ECS_SERVICE: T = t!(
        "ECS service (rolling update)",
        "ECS service (rolling update)"
    );
    const ALARM: T = t!(
        "CloudWatch alarm (PutMetricAlarm)",
        "CloudWatch alarm (PutMetricAlarm)"
    );
    const SERVER_NO_TIME_SHIFT: T = t!("EC2/on-premises blue/green reroutes traffic to the replacement instances without canary or linear steps: time-based canary and linear traffic routing exist for ECS and Lambda. Choose one of those platforms to see the trafficRoutingConfig.", "Blue/green trên EC2/on-premises chuyển lưu lượng sang các instance thay thế mà không có bước canary hay linear: định tuyến lưu lượng canary và linear theo thời gian chỉ có trên ECS và Lambda. Hãy chọn một trong hai nền tảng đó để xem trafficRoutingConfig.");
    const NO_BATCH_SIZE: T = t!("CodeDeploy has no batch size: an EC2/on-premises deployment configuration sets only minimumHealthyHosts, and CodeDeploy deploys to as many instances at once as that minimum allows (choose \"CodeDeploy in place\" for that). A batch size is Elastic Beanstalk's and an Auto Scaling rolling update's, below.", "CodeDeploy không có batch size: một deployment configuration cho EC2/on-premises chỉ đặt minimumHealthyHosts, và CodeDeploy triển khai cùng lúc lên nhiều instance nhất mà mức tối thiểu đó cho phép (hãy chọn \"CodeDeploy in-place\" để dùng cách này). Batch size là thiết lập của Elastic Beanstalk và của rolling update trong Auto Scaling, bên dưới.");
    const KEEP_ALIVE_ECS: T = t!("KEEP_ALIVE is for instances (EC2/on-premises): an ECS deployment group terminates the original task set after terminationWaitTimeInMinutes, so the JSON above says TERMINATE. The simulation keeps blue running as KEEP_ALIVE would on EC2.", "KEEP_ALIVE chỉ dành cho instance (EC2/on-premises): deployment group cho ECS terminate task set ban đầu sau terminationWaitTimeInMinutes, nên JSON ở trên ghi TERMINATE. Mô phỏng vẫn giữ blue chạy như KEEP_ALIVE trên EC2.");
    const KEEP_ALIVE_LAMBDA: T = t!("Lambda has no original instances to keep: the blue/green termination option does not apply to Lambda deployments. The simulation keeps blue running as KEEP_ALIVE would on EC2.", "Lambda không có instance ban đầu để giữ lại: tùy chọn terminate của blue/green không áp dụng cho deployment Lambda. Mô phỏng vẫn giữ blue chạy như KEEP_ALIVE trên EC2.");
    const ASG_ROLLING: T = t!(
        "Auto Scaling rolling update (CloudFormation UpdatePolicy)",
        "Rolling update của Auto Scaling (UpdatePolicy trong CloudFormation)"
    );
    const NO_ADDITIONAL_BATCH: T = t!("CodeDeploy has no \"additional batch\": its in-place deployments take instances out of service. Elastic Beanstalk's RollingWithAdditionalBatch policy (below) launches the extra batch first.", "CodeDeploy không có \"additional batch\": các deployment in-place của nó đưa instance ra khỏi phục vụ. Chính sách RollingWithAdditionalBatch của Elastic Beanstalk (bên dưới) khởi chạy batch bổ sung trước.");
    const LAMBDA_NO_IN_PLACE: T = t!("Lambda has no instances to update in place: it shifts alias traffic between versions. Choose blue/green, canary or linear (or a Lambda predefined configuration).", "Lambda không có instance để cập nhật in-place: nó chuyển lưu lượng của alias giữa các phiên bản. Hãy chọn blue/green, canary hoặc linear (hoặc một cấu hình định sẵn cho Lambda).");

    fn predefined_note(platform: &str, lang: Lang) -> String {
        t!("A predefined configuration needs no CreateDeploymentConfig: name it in the deployment group (or in CreateDeployment). It belongs to the {platform} compute platform.", "Cấu hình định sẵn không cần CreateDeploymentConfig: chỉ cần ghi tên nó trong deployment group (hoặc trong CreateDeployment). Nó thuộc compute platform {platform}.")
            .fill(lang, &[("platform", &platform)])
    }

    fn test_traffic_note(seconds: u32, lang: Lang) -> String {
        t!("Test traffic for {seconds} s goes through the load balancer's test listener (the deployment group's testTrafficRoute) before production traffic shifts; an AfterAllowTestTraffic hook usually runs the checks.", "Lưu lượng test trong {seconds} giây đi qua test listener của load balancer (testTrafficRoute của deployment group) trước khi lưu lượng production được chuyển; hook AfterAllowTestTraffic thường chạy các bước kiểm tra.")
            .fill(lang, &[("seconds", &seconds)])
    }

    /// The blocks of a set-up's strategy and of the compared one, worded in `lang`.
    pub fn config(setup: &AwsSetup, lang: Lang) -> AwsConfig {
        let blocks = |s: &StrategySetup| {
            config_blocks(
                s,
                setup.platform,
                setup.fleet,
                setup.alarm.as_ref(),
                &setup.group,
                lang,
            )
        };
        AwsConfig {
            blocks: blocks(&setup.strategy),
            compare: setup.compare.as_ref().map(blocks),
        }
    }

    /// A block of pretty JSON (two-space indent). Keys stay in the order written below,
    /// which follows the API references (serde_json's `preserve_order`, which feature
    /// `aws` turns on).
    fn block(title: T, lang: Lang, value: Value) -> Block {
        Block {
            title: title.get(lang).to_string(),
            json: serde_json::to_string_pretty(&value).unwrap_or_default(),
            note: None,
        }
    }

    fn note(title: T, lang: Lang, note: String) -> Block {
        Block {
            title: title.get(lang).to_string(),
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
            ShiftKind::Canary => {
                format!("Custom.{platform}Canary{percent}Percent{minutes}Minutes")
            }
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

    /// The configuration blocks for a strategy on a platform, with the deployment group's
    /// alarm and settings, worded in `lang`.
    pub fn config_blocks(
        s: &StrategySetup,
        platform: Platform,
        fleet: u32,
        alarm: Option<&AlarmSetup>,
        settings: &GroupSetup,
        lang: Lang,
    ) -> Vec<Block> {
        let mut out = Vec::new();
        let alarm_name = alarm.map(AlarmSetup::name);
        let group = |base: Value, compute: ComputePlatform, blue_green: Option<Value>| {
            group(base, compute, alarm_name, settings, blue_green)
        };
        if s.kind == Kind::Predefined {
            let compute = platform_of(&s.name).unwrap_or(ComputePlatform::Server);
            out.push(block(
                GROUP,
                lang,
                group(json!({ "deploymentConfigName": s.name }), compute, None),
            ));
            out.push(note(
                PREDEFINED,
                lang,
                predefined_note(compute.label(), lang),
            ));
            if let Some(minimum) = predefined_minimum(&s.name) {
                out.push(block(
                    GET_CONFIG,
                    lang,
                    json!({
                        "deploymentConfigInfo": {
                            "computePlatform": "Server",
                            "deploymentConfigName": s.name,
                            "minimumHealthyHosts": hosts(minimum),
                        }
                    }),
                ));
                out.push(note(
                    ONE_AT_A_TIME,
                    lang,
                    ONE_AT_A_TIME_NOTE.get(lang).to_string(),
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
                        CREATE_CONFIG,
                        lang,
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
                        GROUP,
                        lang,
                        group(json!({ "deploymentConfigName": name }), compute, blue_green),
                    ));
                    if settings.keep_alive {
                        let why = if platform == Platform::Ecs {
                            KEEP_ALIVE_ECS
                        } else {
                            KEEP_ALIVE_LAMBDA
                        };
                        out.push(note(NO_SUCH_SETTING, lang, why.get(lang).to_string()));
                    }
                    if platform == Platform::Lambda && kind != ShiftKind::AllAtOnce {
                        let weight = f64::from(percent.min(100)) / 100.0;
                        out.push(block(
                            LAMBDA_ALIAS,
                            lang,
                            json!({
                                "Name": "live",
                                "FunctionVersion": "1",
                                "RoutingConfig": { "AdditionalVersionWeights": { "2": weight } }
                            }),
                        ));
                    }
                    if s.test_s > 0 {
                        out.push(note(TEST_TRAFFIC, lang, test_traffic_note(s.test_s, lang)));
                    }
                }
                Platform::Server => {
                    let blue_green = json!({
                        "terminateBlueInstancesOnDeploymentSuccess": termination(settings),
                        "deploymentReadyOption": { "actionOnTimeout": "CONTINUE_DEPLOYMENT" },
                        "greenFleetProvisioningOption": { "action": "COPY_AUTO_SCALING_GROUP" }
                    });
                    out.push(block(
                        GROUP,
                        lang,
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
                            NO_SUCH_SETTING,
                            lang,
                            SERVER_NO_TIME_SHIFT.get(lang).to_string(),
                        ));
                    }
                }
            }
        } else {
            // In place: all at once, CodeDeploy's minimum healthy hosts, rolling, rolling
            // with an additional batch.
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
                            _ => format!("Custom.MinHealthy{}", s.min_healthy)
                                .replace('%', "Percent"),
                        };
                        out.push(block(
                            CREATE_CONFIG,
                            lang,
                            json!({
                                "deploymentConfigName": name,
                                "computePlatform": "Server",
                                "minimumHealthyHosts": hosts(min_healthy),
                            }),
                        ));
                        out.push(block(
                            GROUP,
                            lang,
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
                            NO_BATCH_SIZE
                        } else {
                            NO_ADDITIONAL_BATCH
                        };
                        out.push(note(CREATE_CONFIG, lang, why.get(lang).to_string()));
                    }
                    if s.kind == Kind::InPlace {
                        if let Some(a) = alarm {
                            out.push(block(ALARM, lang, put_metric_alarm(a)));
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
                    out.push(block(BEANSTALK, lang, Value::Array(options)));
                    if s.kind == Kind::Rolling {
                        let batch = match s.batch {
                            Amount::Percent(p) => {
                                (u64::from(fleet) * u64::from(p) / 100).max(1) as u32
                            }
                            Amount::Count(n) | Amount::MostConcurrency(n) => n,
                        };
                        let min = match s.min_healthy {
                            Amount::Percent(p) => {
                                (u64::from(fleet) * u64::from(p)).div_ceil(100) as u32
                            }
                            other => other.ceil_of(fleet),
                        };
                        out.push(block(
                            ASG_ROLLING,
                            lang,
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
                        ECS_SERVICE,
                        lang,
                        json!({ "deploymentController": { "type": "ECS" }, "deploymentConfiguration": config }),
                    ));
                }
                Platform::Lambda => {
                    out.push(note(
                        NO_SUCH_SETTING,
                        lang,
                        LAMBDA_NO_IN_PLACE.get(lang).to_string(),
                    ));
                }
            }
        }
        if let Some(a) = alarm {
            out.push(block(ALARM, lang, put_metric_alarm(a)));
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

    /// CloudWatch `PutMetricAlarm` input for the rollback alarm, on an Application Load
    /// Balancer's metrics.
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

        const EN: Lang = Lang::En;

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
                EN,
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
                EN,
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
                EN,
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
            let blocks = config_blocks(&s, Platform::Server, 20, None, &GroupSetup::default(), EN);
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
                EN,
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
            let blocks = config_blocks(&s, Platform::Server, 9, None, &GroupSetup::default(), EN);
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
                EN,
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
                EN,
            ));
            assert!(text.contains("\"linearPercentage\": 10"), "{text}");
            assert!(text.contains("\"linearInterval\": 1"), "{text}");
            assert!(text.contains("AdditionalVersionWeights"), "{text}");
            let server = config_blocks(&s, Platform::Server, 20, None, &GroupSetup::default(), EN);
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
                EN,
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
                EN,
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
            let b = block(ALARM, EN, value.clone());
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
                EN,
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
            let text = all_json(&config_blocks(&s, Platform::Ecs, 20, None, &none, EN));
            assert!(
                text.contains("\"autoRollbackConfiguration\": {\n    \"enabled\": false\n  }"),
                "{text}"
            );
            // KEEP_ALIVE is for instances: an ECS group terminates the task set, and says why.
            assert!(!text.contains("\"action\": \"KEEP_ALIVE\""), "{text}");
            let blocks = config_blocks(&s, Platform::Ecs, 20, None, &none, EN);
            assert!(blocks
                .iter()
                .filter_map(|b| b.note.as_deref())
                .any(|n| n.contains("task set")));
            let server = all_json(&config_blocks(&s, Platform::Server, 20, None, &none, EN));
            assert!(server.contains("\"action\": \"KEEP_ALIVE\""), "{server}");
            // The deployment configuration itself never carries the group's settings.
            let blocks = config_blocks(&s, Platform::Ecs, 20, None, &none, EN);
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

        #[test]
        fn titles_and_notes_are_worded_in_the_jobs_language_and_the_json_is_not() {
            let setup = AwsSetup {
                strategy: StrategySetup {
                    kind: Kind::Rolling,
                    ..StrategySetup::default()
                },
                compare: Some(StrategySetup::default()),
                platform: Platform::Server,
                fleet: 20,
                alarm: Some(AlarmSetup::default()),
                group: GroupSetup::default(),
            };
            let en = config(&setup, Lang::En);
            let vi = config(&setup, Lang::Vi);
            assert_eq!(en.blocks.len(), vi.blocks.len());
            assert_eq!(
                en.compare.as_ref().map(Vec::len),
                vi.compare.as_ref().map(Vec::len)
            );
            assert_eq!(
                vi.blocks[0].title,
                "Deployment configuration của CodeDeploy (CreateDeploymentConfig)"
            );
            assert!(vi.blocks[0]
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with("CodeDeploy không có batch size")));
            for (e, v) in en.blocks.iter().zip(&vi.blocks) {
                assert_eq!(e.json, v.json);
            }
            // The compared canary on EC2: a blue/green deployment group, and a note that
            // EC2 has no time-based shift.
            let compare = en.compare.unwrap();
            assert_eq!(compare[0].title, GROUP.get(EN));
            assert!(
                compare[0].json.contains("\"BLUE_GREEN\""),
                "{}",
                compare[0].json
            );
            assert_eq!(
                compare[1].note.as_deref(),
                Some(SERVER_NO_TIME_SHIFT.get(EN))
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setup_survives_postcard_as_the_job_carries_it() {
        let setup = AwsSetup {
            strategy: StrategySetup {
                kind: Kind::BlueGreen,
                shift: ShiftKind::Linear,
                min_healthy: Amount::MostConcurrency(1),
                test_rps: 2.5,
                name: "CodeDeployDefault.HalfAtATime".into(),
                ..StrategySetup::default()
            },
            compare: Some(StrategySetup::default()),
            platform: Platform::Lambda,
            fleet: 9,
            alarm: Some(AlarmSetup {
                metric: AlarmMetric::P99LatencyMs,
                missing: TreatMissingData::Breaching,
                ..AlarmSetup::default()
            }),
            group: GroupSetup {
                keep_alive: true,
                wait_min: 5,
                ..GroupSetup::default()
            },
        };
        let bytes = postcard::to_allocvec(&setup).unwrap();
        assert_eq!(postcard::from_bytes::<AwsSetup>(&bytes).unwrap(), setup);
        let none = AwsSetup {
            compare: None,
            alarm: None,
            ..setup
        };
        let bytes = postcard::to_allocvec(&none).unwrap();
        assert_eq!(postcard::from_bytes::<AwsSetup>(&bytes).unwrap(), none);
    }

    #[test]
    fn platforms_read_back_from_their_ids() {
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.id()), Some(p));
        }
        assert_eq!(Platform::parse("mainframe"), None);
    }
}
