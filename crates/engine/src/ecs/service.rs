//! Service definitions: the JSON `create-service --cli-input-json` takes (or
//! `{"service": {…}}` as create-service and update-service print it), read into a
//! [`Service`] with its defaults applied, and checked.
//!
//! Keys, kinds and defaults: CreateService
//! (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html),
//! DeploymentConfiguration (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html),
//! DeploymentCircuitBreaker (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html),
//! DeploymentAlarms (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentAlarms.html),
//! CanaryConfiguration (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html),
//! LinearConfiguration (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html),
//! DeploymentLifecycleHook (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHook.html),
//! LoadBalancer and AdvancedConfiguration (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AdvancedConfiguration.html),
//! AwsVpcConfiguration (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html),
//! and ECS blue/green deployments (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html).

use super::check::Ck;
use super::rules::{finish, Diagnostic, Rule, Severity};
use super::task::role_arn;
use crate::tree::{self, Format, Node};

/// The deployment controller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Controller {
    /// ECS: rolling update or ECS-native blue/green, linear, canary (the default).
    Ecs,
    /// Blue/green deployments run by CodeDeploy.
    CodeDeploy,
    /// A third-party controller.
    External,
}

impl Controller {
    /// ECS's name: `ECS`, `CODE_DEPLOY`, `EXTERNAL`.
    pub fn name(self) -> &'static str {
        match self {
            Controller::Ecs => "ECS",
            Controller::CodeDeploy => "CODE_DEPLOY",
            Controller::External => "EXTERNAL",
        }
    }
}

/// The ECS controller's deployment strategy (`deploymentConfiguration.strategy`, ROLLING by
/// default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    Rolling,
    BlueGreen,
    Linear,
    Canary,
}

impl Strategy {
    /// ECS's name: `ROLLING`, `BLUE_GREEN`, `LINEAR`, `CANARY`.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Rolling => "ROLLING",
            Strategy::BlueGreen => "BLUE_GREEN",
            Strategy::Linear => "LINEAR",
            Strategy::Canary => "CANARY",
        }
    }
}

/// The deployment circuit breaker, when enabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CircuitBreaker {
    /// Roll back to the last completed deployment when it trips.
    pub rollback: bool,
}

/// CloudWatch alarms watched during a deployment, when enabled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentAlarms {
    pub alarm_names: Vec<String>,
    pub rollback: bool,
}

/// A canary deployment's settings (defaults 5.0 % and 10 minutes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Canary {
    pub percent: f64,
    pub bake_minutes: u32,
}

/// A linear deployment's settings (defaults 10.0 % and 6 minutes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    pub step_percent: f64,
    pub step_bake_minutes: u32,
}

/// A deployment lifecycle hook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LifecycleHook {
    pub target_arn: String,
    pub stages: Vec<String>,
}

/// A load balancer the service registers its tasks with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBalancer {
    pub target_group_arn: Option<String>,
    pub container_name: String,
    pub container_port: u32,
    /// The blue/green alternate target group, if advancedConfiguration gives one.
    pub alternate_target_group_arn: Option<String>,
}

/// A service as ECS would create it, defaults applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub name: String,
    pub cluster: Option<String>,
    pub task_definition: Option<String>,
    /// 0 when left out (a DAEMON service's count is one per instance).
    pub desired_count: u32,
    /// `FARGATE`, `EC2`, `EXTERNAL`, `MANAGED_INSTANCES`, if given.
    pub launch_type: Option<String>,
    /// Capacity providers named by capacityProviderStrategy.
    pub capacity_providers: Vec<String>,
    /// `REPLICA` (default) or `DAEMON`.
    pub scheduling_strategy: String,
    pub controller: Controller,
    pub strategy: Strategy,
    /// minimumHealthyPercent: 100 by default (0 for DAEMON).
    pub min_healthy_percent: u32,
    /// maximumPercent: 200 by default (100 for DAEMON).
    pub max_percent: u32,
    pub circuit_breaker: Option<CircuitBreaker>,
    pub alarms: Option<DeploymentAlarms>,
    /// bakeTimeInMinutes, if given.
    pub bake_time_minutes: Option<u32>,
    pub canary: Option<Canary>,
    pub linear: Option<Linear>,
    pub lifecycle_hooks: Vec<LifecycleHook>,
    /// healthCheckGracePeriodSeconds: 0 when left out.
    pub grace_period_s: u32,
    pub load_balancers: Vec<LoadBalancer>,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub assign_public_ip: bool,
    pub enable_execute_command: bool,
    pub platform_version: Option<String>,
}

impl Service {
    /// The fewest tasks that must stay RUNNING during a rolling deployment:
    /// minimumHealthyPercent of desiredCount "rounded up to the nearest integer".
    pub fn min_running(&self) -> u32 {
        self.bounds().min_healthy
    }

    /// The most tasks RUNNING or PENDING during a rolling deployment: maximumPercent of
    /// desiredCount "rounded down to the nearest integer" (DeploymentConfiguration).
    pub fn max_running(&self) -> u32 {
        self.bounds().max_running
    }

    /// Both bounds, as the rollout simulation computes them.
    pub fn bounds(&self) -> crate::rollout::EcsBounds {
        crate::rollout::ecs_bounds(
            self.desired_count,
            self.min_healthy_percent,
            self.max_percent,
        )
    }

    /// Whether the service runs on Fargate (launchType FARGATE, or a FARGATE or
    /// FARGATE_SPOT capacity provider).
    pub fn fargate(&self) -> bool {
        self.launch_type.as_deref() == Some("FARGATE")
            || self
                .capacity_providers
                .iter()
                .any(|c| c == "FARGATE" || c == "FARGATE_SPOT")
    }
}

/// What [`validate_service`] found.
#[derive(Clone, Debug)]
pub struct ServiceReport {
    pub service: Option<Service>,
    pub format: Option<Format>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ServiceReport {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }
}

const SERVICE_KEYS: &[&str] = &[
    "cluster",
    "serviceName",
    "taskDefinition",
    "availabilityZoneRebalancing",
    "loadBalancers",
    "serviceRegistries",
    "desiredCount",
    "clientToken",
    "launchType",
    "capacityProviderStrategy",
    "platformVersion",
    "role",
    "deploymentConfiguration",
    "placementConstraints",
    "placementStrategy",
    "networkConfiguration",
    "healthCheckGracePeriodSeconds",
    "schedulingStrategy",
    "deploymentController",
    "tags",
    "enableECSManagedTags",
    "propagateTags",
    "enableExecuteCommand",
    "serviceConnectConfiguration",
    "volumeConfigurations",
    "vpcLatticeConfigurations",
    // Read-only fields of create-service's and describe-services' output.
    "serviceArn",
    "clusterArn",
    "status",
    "runningCount",
    "pendingCount",
    "platformFamily",
    "taskSets",
    "deployments",
    "roleArn",
    "events",
    "createdAt",
    "createdBy",
    "currentServiceDeployment",
    "currentServiceRevisions",
    "resourceManagementType",
];
const DEPLOYMENT_KEYS: &[&str] = &[
    "deploymentCircuitBreaker",
    "maximumPercent",
    "minimumHealthyPercent",
    "alarms",
    "strategy",
    "bakeTimeInMinutes",
    "lifecycleHooks",
    "linearConfiguration",
    "canaryConfiguration",
];
const LAUNCH_TYPES: &[&str] = &["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"];
/// DeploymentLifecycleHook's lifecycleStages.
const STAGES: &[&str] = &[
    "RECONCILE_SERVICE",
    "PRE_SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
];

/// Reads and checks a service definition. Never panics.
pub fn validate_service(text: &str) -> ServiceReport {
    let mut ck: Ck<Rule> = Ck::new();
    let (root, format) = match tree::parse(text) {
        Ok((root, format)) => (super::check::without_nulls(root), format),
        Err(e) => {
            ck.push(e.pos, Rule::Syntax, &[&e.message]);
            return ServiceReport {
                service: None,
                format: Some(e.format),
                diagnostics: finish(ck),
            };
        }
    };
    let decl = if root.get("service").is_some() && root.get("serviceName").is_none() {
        ck.keys(&root, "", &["service"], &[]);
        root.get("service")
    } else if root.as_map().is_some()
        && ["serviceName", "taskDefinition", "desiredCount"]
            .iter()
            .any(|k| root.get(k).is_some())
    {
        Some(&root)
    } else {
        ck.push(root.pos, Rule::NotAService, &[root.kind()]);
        None
    };
    let service = decl.and_then(|d| read_service(&mut ck, d));
    ServiceReport {
        service,
        format: Some(format),
        diagnostics: finish(ck),
    }
}

fn read_service(ck: &mut Ck<Rule>, d: &Node) -> Option<Service> {
    ck.keys(d, "", SERVICE_KEYS, &["serviceName"])?;
    let name = d
        .get("serviceName")
        .and_then(|n| {
            let s = ck.string(n, "serviceName")?;
            // "Up to 255 letters (uppercase and lowercase), numbers, underscores, and
            // hyphens are allowed" (CreateService, serviceName).
            if !super::task::name_ok(&s) {
                ck.push(n.pos, Rule::BadName, &["serviceName", &s, "255"]);
            }
            Some(s)
        })
        .unwrap_or_default();
    let cluster = d.get("cluster").and_then(|n| ck.string(n, "cluster"));
    let scheduling_node = d.get("schedulingStrategy");
    let scheduling_strategy = scheduling_node
        .and_then(|n| ck.one_of(n, "schedulingStrategy", &["REPLICA", "DAEMON"]))
        .unwrap_or_else(|| "REPLICA".into());
    let daemon = scheduling_strategy == "DAEMON";
    let controller_node = d
        .get("deploymentController")
        .filter(|n| {
            ck.keys(n, "deploymentController", &["type"], &["type"])
                .is_some()
        })
        .and_then(|n| n.get("type"));
    let controller = match controller_node
        .and_then(|n| {
            ck.one_of(
                n,
                "deploymentController.type",
                &["ECS", "CODE_DEPLOY", "EXTERNAL"],
            )
        })
        .as_deref()
    {
        Some("CODE_DEPLOY") => Controller::CodeDeploy,
        Some("EXTERNAL") => Controller::External,
        _ => Controller::Ecs,
    };
    // taskDefinition: required unless the EXTERNAL controller (CreateService).
    let task_definition = d
        .get("taskDefinition")
        .and_then(|n| ck.string(n, "taskDefinition"));
    if d.get("taskDefinition").is_none() && controller != Controller::External {
        ck.push(d.pos, Rule::MissingKey, &["", "taskDefinition", ""]);
    }
    // desiredCount: "required if schedulingStrategy is REPLICA or isn't specified"
    // (CreateService, desiredCount).
    let desired_node = d.get("desiredCount");
    let desired_count = desired_node
        .and_then(|n| ck.int(n, "desiredCount", 0, i64::from(i32::MAX)))
        .map_or(0, |v| v.clamp(0, i64::from(i32::MAX)) as u32);
    if desired_node.is_none() && !daemon {
        ck.push(d.pos, Rule::MissingKey, &["", "desiredCount", "replica"]);
    }
    if let (Some(n), true) = (desired_node, daemon) {
        ck.push(
            n.pos,
            Rule::DaemonDesiredCount,
            &[&desired_count.to_string()],
        );
    }
    let launch_node = d.get("launchType");
    let launch_type = launch_node.and_then(|n| ck.one_of(n, "launchType", LAUNCH_TYPES));
    let mut capacity_providers = Vec::new();
    if let Some(n) = d.get("capacityProviderStrategy") {
        // "If a capacityProviderStrategy is specified, the launchType parameter must be
        // omitted" (CreateService, capacityProviderStrategy).
        if launch_node.is_some() {
            let pos = d.key("capacityProviderStrategy").map_or(n.pos, |k| k.pos);
            ck.push(pos, Rule::LaunchTypeAndStrategy, &[]);
        }
        for (i, item) in ck.seq(n, "capacityProviderStrategy").iter().enumerate() {
            let at = format!("capacityProviderStrategy[{i}]");
            if ck
                .keys(
                    item,
                    &at,
                    &["capacityProvider", "weight", "base"],
                    &["capacityProvider"],
                )
                .is_none()
            {
                continue;
            }
            if let Some(p) = item
                .get("capacityProvider")
                .and_then(|x| ck.string(x, &format!("{at}.capacityProvider")))
            {
                capacity_providers.push(p);
            }
            // weight 0–1000, base 0–100000 (CapacityProviderStrategyItem).
            if let Some(x) = item.get("weight") {
                ck.int(x, &format!("{at}.weight"), 0, 1000);
            }
            if let Some(x) = item.get("base") {
                ck.int(x, &format!("{at}.base"), 0, 100000);
            }
        }
    }
    let fargate = launch_type.as_deref() == Some("FARGATE")
        || capacity_providers
            .iter()
            .any(|c| c == "FARGATE" || c == "FARGATE_SPOT");
    // "Tasks using the Fargate launch type or the CODE_DEPLOY or EXTERNAL deployment
    // controller types don't support the DAEMON scheduling strategy" (CreateService).
    if daemon {
        let pos = scheduling_node.map_or(d.pos, |n| n.pos);
        if fargate {
            ck.push(pos, Rule::DaemonUnsupported, &["fargate"]);
        } else if controller != Controller::Ecs {
            ck.push(pos, Rule::DaemonUnsupported, &[controller.name()]);
        }
    }
    let platform_version = d
        .get("platformVersion")
        .and_then(|n| ck.string(n, "platformVersion"));
    if let (Some(p), Some(n)) = (&platform_version, d.get("platformVersion")) {
        // "A platform version is specified only for tasks using the Fargate launch type"
        // (CreateService, platformVersion).
        if !fargate && (launch_type.is_some() || !capacity_providers.is_empty()) {
            let lt = launch_type.clone().unwrap_or_default();
            ck.push(n.pos, Rule::PlatformVersion, &[p, &lt]);
        }
    }
    let load_balancers = d
        .get("loadBalancers")
        .map_or(Vec::new(), |n| load_balancers(ck, n));
    let grace_node = d.get("healthCheckGracePeriodSeconds");
    let grace_period_s = grace_node
        .and_then(|n| ck.int(n, "healthCheckGracePeriodSeconds", 0, i64::from(i32::MAX)))
        .map_or(0, |v| v.clamp(0, i64::from(i32::MAX)) as u32);
    if let Some(n) = grace_node {
        // "If you do not use an Elastic Load Balancing, we recommend that you use the
        // startPeriod in the task definition health check parameters" (CreateService,
        // healthCheckGracePeriodSeconds).
        if d.get("loadBalancers")
            .and_then(Node::as_seq)
            .is_none_or(|l| l.is_empty())
        {
            ck.push(
                n.pos,
                Rule::GracePeriodNoLoadBalancer,
                &[&grace_period_s.to_string()],
            );
        }
    }
    let (mut subnets, mut security_groups, mut assign_public_ip) = (Vec::new(), Vec::new(), false);
    match d.get("networkConfiguration") {
        Some(n) => {
            if ck
                .keys(n, "networkConfiguration", &["awsvpcConfiguration"], &[])
                .is_some()
            {
                if let Some(a) = n.get("awsvpcConfiguration") {
                    let at = "networkConfiguration.awsvpcConfiguration";
                    if ck
                        .keys(
                            a,
                            at,
                            &["subnets", "securityGroups", "assignPublicIp"],
                            &["subnets"],
                        )
                        .is_some()
                    {
                        // "You can specify up to 16 subnets" and "up to 5 security groups"
                        // (AwsVpcConfiguration).
                        if let Some(s) = a.get("subnets") {
                            subnets = ck.strings(s, &format!("{at}.subnets"));
                            if subnets.len() > 16 {
                                ck.push(
                                    s.pos,
                                    Rule::Quota,
                                    &[&format!("{at}.subnets"), &subnets.len().to_string(), "16"],
                                );
                            }
                        }
                        if let Some(s) = a.get("securityGroups") {
                            security_groups = ck.strings(s, &format!("{at}.securityGroups"));
                            if security_groups.len() > 5 {
                                ck.push(
                                    s.pos,
                                    Rule::Quota,
                                    &[
                                        &format!("{at}.securityGroups"),
                                        &security_groups.len().to_string(),
                                        "5",
                                    ],
                                );
                            }
                        }
                        assign_public_ip = a
                            .get("assignPublicIp")
                            .and_then(|x| {
                                ck.one_of(
                                    x,
                                    &format!("{at}.assignPublicIp"),
                                    &["ENABLED", "DISABLED"],
                                )
                            })
                            .is_some_and(|v| v == "ENABLED");
                    }
                } else if fargate {
                    ck.push(n.pos, Rule::NetworkConfiguration, &[]);
                }
            }
        }
        None => {
            // Fargate tasks use awsvpc, which needs the service's network configuration
            // (CreateService, networkConfiguration).
            if fargate {
                ck.push(d.pos, Rule::NetworkConfiguration, &[]);
            }
        }
    }
    let enable_execute_command = d
        .get("enableExecuteCommand")
        .and_then(|n| ck.boolean(n, "enableExecuteCommand"))
        .unwrap_or(false);
    if let Some(n) = d.get("propagateTags") {
        ck.one_of(n, "propagateTags", &["TASK_DEFINITION", "SERVICE", "NONE"]);
    }
    if let Some(n) = d.get("enableECSManagedTags") {
        ck.boolean(n, "enableECSManagedTags");
    }
    if let Some(n) = d.get("availabilityZoneRebalancing") {
        ck.one_of(n, "availabilityZoneRebalancing", &["ENABLED", "DISABLED"]);
    }
    let mut s = Service {
        name,
        cluster,
        task_definition,
        desired_count,
        launch_type,
        capacity_providers,
        scheduling_strategy,
        controller,
        strategy: Strategy::Rolling,
        // Defaults: 100 % and 200 % for REPLICA; 0 % and 100 % for DAEMON
        // (DeploymentConfiguration).
        min_healthy_percent: if daemon { 0 } else { 100 },
        max_percent: if daemon { 100 } else { 200 },
        circuit_breaker: None,
        alarms: None,
        bake_time_minutes: None,
        canary: None,
        linear: None,
        lifecycle_hooks: Vec::new(),
        grace_period_s,
        load_balancers,
        subnets,
        security_groups,
        assign_public_ip,
        enable_execute_command,
        platform_version,
    };
    if let Some(n) = d.get("deploymentConfiguration") {
        deployment(ck, n, &mut s);
    }
    // Blue/green, linear and canary shift traffic between two target groups: each load
    // balancer needs advancedConfiguration (AdvancedConfiguration; deployment-type-blue-green.html).
    if s.controller == Controller::Ecs && s.strategy != Strategy::Rolling {
        if let Some(lbs) = d.get("loadBalancers").and_then(Node::as_seq) {
            for (i, lb) in lbs.iter().enumerate() {
                if lb.as_map().is_some() && lb.get("advancedConfiguration").is_none() {
                    ck.push(
                        lb.pos,
                        Rule::BlueGreenLoadBalancer,
                        &[&format!("loadBalancers[{i}]"), s.strategy.name()],
                    );
                }
            }
        }
    }
    Some(s)
}

fn load_balancers(ck: &mut Ck<Rule>, n: &Node) -> Vec<LoadBalancer> {
    let mut out = Vec::new();
    for (i, lb) in ck.seq(n, "loadBalancers").iter().enumerate() {
        let at = format!("loadBalancers[{i}]");
        let keys = [
            "targetGroupArn",
            "loadBalancerName",
            "containerName",
            "containerPort",
            "advancedConfiguration",
        ];
        if ck
            .keys(lb, &at, &keys, &["containerName", "containerPort"])
            .is_none()
        {
            continue;
        }
        let target_group_arn = lb.get("targetGroupArn").and_then(|x| {
            let s = ck.string(x, &format!("{at}.targetGroupArn"))?;
            target_group(ck, x.pos, &format!("{at}.targetGroupArn"), &s);
            Some(s)
        });
        let container_name = lb
            .get("containerName")
            .and_then(|x| ck.string(x, &format!("{at}.containerName")))
            .unwrap_or_default();
        let container_port = lb
            .get("containerPort")
            .and_then(|x| ck.int(x, &format!("{at}.containerPort"), 1, 65535))
            .map_or(0, |v| v.clamp(0, 65535) as u32);
        let mut alternate = None;
        if let Some(a) = lb.get("advancedConfiguration") {
            let aat = format!("{at}.advancedConfiguration");
            let akeys = [
                "alternateTargetGroupArn",
                "productionListenerRule",
                "testListenerRule",
                "roleArn",
            ];
            if ck
                .keys(
                    a,
                    &aat,
                    &akeys,
                    // The API marks every field optional; CloudFormation requires the
                    // alternate target group (AWS::ECS::Service AdvancedConfiguration).
                    &["alternateTargetGroupArn"],
                )
                .is_some()
            {
                alternate = a.get("alternateTargetGroupArn").and_then(|x| {
                    let s = ck.string(x, &format!("{aat}.alternateTargetGroupArn"))?;
                    target_group(ck, x.pos, &format!("{aat}.alternateTargetGroupArn"), &s);
                    Some(s)
                });
                for k in ["productionListenerRule", "testListenerRule"] {
                    if let Some(x) = a.get(k) {
                        ck.string(x, &format!("{aat}.{k}"));
                    }
                }
                if let Some(x) = a.get("roleArn") {
                    role_arn(ck, x, &format!("{aat}.roleArn"));
                }
            }
        }
        out.push(LoadBalancer {
            target_group_arn,
            container_name,
            container_port,
            alternate_target_group_arn: alternate,
        });
    }
    out
}

/// `arn:…:elasticloadbalancing:…:targetgroup/…`.
fn target_group(ck: &mut Ck<Rule>, pos: crate::tree::Pos, at: &str, s: &str) {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    if parts.len() != 6
        || parts[0] != "arn"
        || parts[2] != "elasticloadbalancing"
        || !parts[5].starts_with("targetgroup/")
    {
        ck.push(pos, Rule::BadArn, &[at, s, "target-group"]);
    }
}

fn deployment(ck: &mut Ck<Rule>, n: &Node, s: &mut Service) {
    let at = "deploymentConfiguration";
    if ck.keys(n, at, DEPLOYMENT_KEYS, &[]).is_none() {
        return;
    }
    let ecs = s.controller == Controller::Ecs;
    if let Some(x) = n.get("minimumHealthyPercent") {
        if let Some(v) = ck.int(x, &format!("{at}.minimumHealthyPercent"), 0, 100) {
            s.min_healthy_percent = v.clamp(0, 100) as u32;
        }
    }
    if let Some(x) = n.get("maximumPercent") {
        if let Some(v) = ck.int(x, &format!("{at}.maximumPercent"), 0, i64::from(i32::MAX)) {
            s.max_percent = v.clamp(0, i64::from(i32::MAX)) as u32;
        }
    }
    let strategy_node = n.get("strategy");
    if let Some(x) = strategy_node {
        s.strategy = match ck
            .one_of(
                x,
                &format!("{at}.strategy"),
                &["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"],
            )
            .as_deref()
        {
            Some("BLUE_GREEN") => Strategy::BlueGreen,
            Some("LINEAR") => Strategy::Linear,
            Some("CANARY") => Strategy::Canary,
            _ => Strategy::Rolling,
        };
        // The strategies belong to the ECS deployment controller (CanaryConfiguration:
        // "only valid when … deploymentController set to ECS").
        if !ecs {
            ck.push(
                x.pos,
                Rule::ControllerOnly,
                &[&format!("{at}.strategy"), s.controller.name()],
            );
        }
    }
    if let Some(cb) = n.get("deploymentCircuitBreaker") {
        let cat = format!("{at}.deploymentCircuitBreaker");
        if ck
            .keys(cb, &cat, &["enable", "rollback"], &["enable", "rollback"])
            .is_some()
        {
            let enable = cb
                .get("enable")
                .and_then(|x| ck.boolean(x, &format!("{cat}.enable")));
            let rollback = cb
                .get("rollback")
                .and_then(|x| ck.boolean(x, &format!("{cat}.rollback")));
            if enable == Some(true) {
                s.circuit_breaker = Some(CircuitBreaker {
                    rollback: rollback.unwrap_or(false),
                });
                // "The deployment circuit breaker can only be used for services using the
                // rolling update (ECS) deployment type" (DeploymentConfiguration).
                if !ecs {
                    ck.push(cb.pos, Rule::ControllerOnly, &[&cat, s.controller.name()]);
                }
            } else if enable == Some(false) && rollback == Some(true) {
                ck.push(cb.pos, Rule::RollbackWithoutEnable, &[&cat]);
            }
        }
    }
    if let Some(a) = n.get("alarms") {
        let aat = format!("{at}.alarms");
        if ck
            .keys(
                a,
                &aat,
                &["alarmNames", "enable", "rollback"],
                &["alarmNames", "enable", "rollback"],
            )
            .is_some()
        {
            let names = a
                .get("alarmNames")
                .map_or(Vec::new(), |x| ck.strings(x, &format!("{aat}.alarmNames")));
            let enable = a
                .get("enable")
                .and_then(|x| ck.boolean(x, &format!("{aat}.enable")));
            let rollback = a
                .get("rollback")
                .and_then(|x| ck.boolean(x, &format!("{aat}.rollback")));
            if enable == Some(true) {
                s.alarms = Some(DeploymentAlarms {
                    alarm_names: names,
                    rollback: rollback.unwrap_or(false),
                });
            } else if enable == Some(false) && rollback == Some(true) {
                ck.push(a.pos, Rule::RollbackWithoutEnable, &[&aat]);
            }
        }
    }
    // bakeTimeInMinutes 0–1440: "You must provide this parameter when you use the
    // BLUE_GREEN deployment strategy" (DeploymentConfiguration). ECS prints it (as 0) for
    // rolling services too, so it is not refused there.
    match n.get("bakeTimeInMinutes") {
        Some(x) => {
            if let Some(v) = ck.int(x, &format!("{at}.bakeTimeInMinutes"), 0, 1440) {
                s.bake_time_minutes = Some(v.clamp(0, 1440) as u32);
            }
        }
        None => {
            if s.strategy == Strategy::BlueGreen {
                ck.push(
                    n.pos,
                    Rule::MissingKey,
                    &[at, "bakeTimeInMinutes", "blue-green"],
                );
            }
        }
    }
    if let Some(c) = n.get("canaryConfiguration") {
        let cat = format!("{at}.canaryConfiguration");
        if s.strategy != Strategy::Canary {
            ck.push(
                c.pos,
                Rule::StrategyOnly,
                &[&cat, "CANARY", s.strategy.name()],
            );
        }
        if ck
            .keys(c, &cat, &["canaryPercent", "canaryBakeTimeInMinutes"], &[])
            .is_some()
        {
            // canaryPercent: multiples of 0.1 from 0.1 to 100.0 (default 5.0);
            // canaryBakeTimeInMinutes: 0 to 1440 (default 10) (CanaryConfiguration).
            let percent = c
                .get("canaryPercent")
                .and_then(|x| percent(ck, x, &format!("{cat}.canaryPercent"), 1))
                .unwrap_or(5.0);
            let bake = c
                .get("canaryBakeTimeInMinutes")
                .and_then(|x| ck.int(x, &format!("{cat}.canaryBakeTimeInMinutes"), 0, 1440))
                .map_or(10, |v| v.clamp(0, 1440) as u32);
            s.canary = Some(Canary {
                percent,
                bake_minutes: bake,
            });
        }
    } else if s.strategy == Strategy::Canary {
        s.canary = Some(Canary {
            percent: 5.0,
            bake_minutes: 10,
        });
    }
    if let Some(c) = n.get("linearConfiguration") {
        let cat = format!("{at}.linearConfiguration");
        if s.strategy != Strategy::Linear {
            ck.push(
                c.pos,
                Rule::StrategyOnly,
                &[&cat, "LINEAR", s.strategy.name()],
            );
        }
        if ck
            .keys(c, &cat, &["stepPercent", "stepBakeTimeInMinutes"], &[])
            .is_some()
        {
            // stepPercent: multiples of 0.1 from 3.0 to 100.0 (default 10.0);
            // stepBakeTimeInMinutes: 0 to 1440 (default 6) (LinearConfiguration).
            let step = c
                .get("stepPercent")
                .and_then(|x| percent(ck, x, &format!("{cat}.stepPercent"), 30))
                .unwrap_or(10.0);
            let bake = c
                .get("stepBakeTimeInMinutes")
                .and_then(|x| ck.int(x, &format!("{cat}.stepBakeTimeInMinutes"), 0, 1440))
                .map_or(6, |v| v.clamp(0, 1440) as u32);
            s.linear = Some(Linear {
                step_percent: step,
                step_bake_minutes: bake,
            });
        }
    } else if s.strategy == Strategy::Linear {
        s.linear = Some(Linear {
            step_percent: 10.0,
            step_bake_minutes: 6,
        });
    }
    if let Some(h) = n.get("lifecycleHooks") {
        for (i, hook) in ck
            .seq(h, &format!("{at}.lifecycleHooks"))
            .iter()
            .enumerate()
        {
            let hat = format!("{at}.lifecycleHooks[{i}]");
            if ck
                .keys(
                    hook,
                    &hat,
                    &["hookTargetArn", "roleArn", "lifecycleStages", "hookDetails"],
                    &["hookTargetArn", "roleArn", "lifecycleStages"],
                )
                .is_none()
            {
                continue;
            }
            let target = hook
                .get("hookTargetArn")
                .and_then(|x| ck.string(x, &format!("{hat}.hookTargetArn")))
                .unwrap_or_default();
            if let Some(x) = hook.get("roleArn") {
                role_arn(ck, x, &format!("{hat}.roleArn"));
            }
            let mut stages = Vec::new();
            if let Some(x) = hook.get("lifecycleStages") {
                for (j, st) in ck
                    .seq(x, &format!("{hat}.lifecycleStages"))
                    .iter()
                    .enumerate()
                {
                    if let Some(v) = ck.one_of(st, &format!("{hat}.lifecycleStages[{j}]"), STAGES) {
                        stages.push(v);
                    }
                }
            }
            s.lifecycle_hooks.push(LifecycleHook {
                target_arn: target,
                stages,
            });
        }
    }
    // A rolling deployment that can neither add a task above desired nor stop one below
    // it cannot replace anything (our own arithmetic on the documented rounding).
    if ecs
        && s.strategy == Strategy::Rolling
        && s.scheduling_strategy == "REPLICA"
        && s.desired_count > 0
        && s.max_running() <= s.desired_count
        && s.min_running() >= s.desired_count
    {
        ck.push(
            n.pos,
            Rule::DeploymentStuck,
            &[
                &s.desired_count.to_string(),
                &s.min_running().to_string(),
                &s.max_running().to_string(),
            ],
        );
    }
}

/// A percentage written in tenths, from `min_tenths`/10 to 100.0.
fn percent(ck: &mut Ck<Rule>, x: &Node, at: &str, min_tenths: i64) -> Option<f64> {
    let v = ck.number(x, at)?;
    let tenths = v * 10.0;
    let whole = (tenths - tenths.round()).abs() < 1e-9;
    if !whole || tenths.round() < min_tenths as f64 || tenths.round() > 1000.0 {
        let min = format!("{}.{}", min_tenths / 10, min_tenths % 10);
        ck.push(
            x.pos,
            Rule::OutOfRange,
            &[at, &v.to_string(), &min, "100.0"],
        );
        return None;
    }
    Some(v)
}
