//! The validation rules of ECS task and service definitions: each has a stable id, a
//! severity, and the values its message needs (worded by `course::containers::ecs`).

pub use crate::tree::Severity;
use crate::tree::{rules, Pos};

rules! {
    Syntax = "syntax" Error, "The text is not valid JSON (or YAML). Args: the parser's message.";
    NotATaskDefinition = "not-a-task-definition" Error, "The document is not a task definition (a mapping with `family` and `containerDefinitions`, or `{\"taskDefinition\": {…}}`). Args: the kind found.";
    NotAService = "not-a-service" Error, "The document is not a service definition (a mapping with `serviceName`, or `{\"service\": {…}}`). Args: the kind found.";
    DuplicateKey = "duplicate-key" Error, "A key written twice in one mapping. Args: key.";
    UnknownKey = "unknown-key" Error, "A key the structure does not have. Args: where, key, near keys.";
    MissingKey = "missing-key" Error, "A required key left out. Args: where, key, condition (empty, or what makes it required: `fargate`, `replica`, `blue-green`, `awsvpc`, `ec2`).";
    WrongType = "type" Error, "A value of the wrong kind. Args: where, expected kind, found kind.";
    BadValue = "value" Error, "A value outside its allowed values. Args: where, value, allowed values joined by `|`.";
    OutOfRange = "range" Error, "A number outside its documented range. Args: where, value, min, max (empty: no maximum).";
    BadName = "name" Error, "A name that breaks its documented length or characters (up to 255 letters, numbers, underscores and hyphens). Args: where, value, max length.";
    BadArn = "arn" Error, "A value that should be an ARN of a given service and is not. Args: where, value, the expected form (`iam-role`, `secret`, `target-group`, `task-definition`, `sns-or-lambda`).";
    DuplicateContainer = "duplicate-container" Error, "Two containers with the same name. Args: name.";
    NoEssential = "no-essential" Error, "No container is essential: every task needs at least one essential container.";
    TaskCpu = "task-cpu" Error, "A task-level cpu that ECS does not read (CPU units, or `N vCPU`), or outside the EC2 range of 128 to 196608 units. Args: value.";
    TaskMemory = "task-memory" Error, "A task-level memory that ECS does not read (MiB, or `N GB`). Args: value.";
    FargateCpu = "fargate-cpu" Error, "A Fargate task's cpu that is not one of Fargate's sizes. Args: cpu units.";
    FargateMemory = "fargate-memory" Error, "A Fargate task's memory that is not allowed with its cpu. Args: cpu units, memory MiB, the allowed memory values (`512|1024|2048`, or `min-max/step`).";
    FargateSize = "fargate-size" Error, "A Fargate task without task-level cpu or memory. Args: `cpu` or `memory`.";
    FargateWindowsCpu = "fargate-windows-cpu" Error, "Windows containers on Fargate need at least 1 vCPU (1024 units). Args: cpu units.";
    FargateNetworkMode = "fargate-network-mode" Error, "A Fargate task whose networkMode is not awsvpc. Args: the network mode (`bridge` when left out).";
    FargateUnsupported = "fargate-unsupported" Error, "A parameter Fargate does not support. Args: where, what (`pidMode-host`, `ipcMode`, `privileged`, `links`, `docker-volume`, `log-driver`, `devices`).";
    HostPort = "host-port" Error, "In awsvpc or host network mode, a hostPort different from the containerPort. Args: where, containerPort, hostPort, network mode.";
    ContainerMemory = "container-memory" Error, "Without task-level memory (EC2), a container needs memory or memoryReservation. Args: container.";
    MemoryReservation = "memory-reservation" Error, "A container's memoryReservation above its memory. Args: container, memoryReservation, memory.";
    MemoryTooSmall = "memory-min" Error, "A container memory (or reservation) under 6 MiB, Docker's minimum. Args: where, value.";
    CpuSum = "cpu-sum" Error, "The containers' cpu adds up to more than the task's cpu. Args: sum, task cpu.";
    MemorySum = "memory-sum" Error, "The containers' memory (or memoryReservation) adds up to more than the task's memory. Args: sum, task memory.";
    HealthCheckCommand = "health-check-command" Error, "A health check command that does not start with CMD or CMD-SHELL, or has nothing to run. Args: where, first word.";
    ExecutionRole = "execution-role" Error, "Something that needs the task execution role (executionRoleArn) without one. Args: where, why (`ecr`, `awslogs`, `secrets`, `repository-credentials`).";
    SecretValueFrom = "secret-value-from" Error, "A secret's valueFrom that is an ARN of neither Secrets Manager nor Systems Manager Parameter Store. Args: where, value.";
    DependsOnUnknown = "depends-on-unknown" Error, "dependsOn names a container the task does not have (or the container itself). Args: container, dependency, near names.";
    DependsOnHealthy = "depends-on-healthy" Error, "A HEALTHY condition on a container without a health check. Args: container, dependency.";
    DependsOnEssential = "depends-on-essential" Error, "A COMPLETE or SUCCESS condition on an essential container. Args: container, dependency, condition.";
    AwslogsOption = "awslogs-option" Error, "An awslogs log configuration without a required option. Args: where, option, `fargate` when Fargate is why.";
    MountVolume = "mount-volume" Error, "A mount point's sourceVolume that names no volume of the task. Args: where, sourceVolume, near names.";
    DuplicateVolume = "duplicate-volume" Error, "Two volumes with the same name. Args: name.";
    PortTaken = "port-taken" Error, "Two port mappings of the task use the same host port and protocol. Args: where, port, protocol.";
    LaunchTypeAndStrategy = "launch-type-capacity-provider" Error, "Both launchType and capacityProviderStrategy: a service has one or the other.";
    GracePeriodNoLoadBalancer = "grace-period" Warning, "healthCheckGracePeriodSeconds without a load balancer: ECS uses it with Elastic Load Balancing health checks (use the container health check's startPeriod otherwise). Args: value.";
    DaemonUnsupported = "daemon-unsupported" Error, "The DAEMON scheduling strategy with Fargate, or with the CODE_DEPLOY or EXTERNAL controller. Args: `fargate`, `CODE_DEPLOY` or `EXTERNAL`.";
    DaemonDesiredCount = "daemon-desired-count" Warning, "desiredCount on a DAEMON service: the scheduler places one task on each container instance. Args: value.";
    ControllerOnly = "controller-only" Error, "A setting that only the ECS deployment controller (rolling or ECS-native blue/green) uses, with another controller. Args: where, controller.";
    StrategyOnly = "strategy-only" Error, "A setting that belongs to another deployment strategy. Args: where, the strategy it needs, the strategy in use.";
    BlueGreenLoadBalancer = "blue-green-load-balancer" Error, "A blue/green, linear or canary deployment whose load balancer has no advancedConfiguration (the alternate target group, the production listener rule and the role). Args: where, strategy.";
    RollbackWithoutEnable = "rollback-without-enable" Warning, "rollback true with enable false: the circuit breaker (or alarm) is off, so it never rolls back. Args: where.";
    DeploymentStuck = "deployment-stuck" Warning, "With these percentages a rolling deployment can neither start a new task nor stop an old one. Args: desired count, minimum healthy tasks, maximum tasks.";
    NetworkConfiguration = "network-configuration" Error, "A Fargate service without networkConfiguration.awsvpcConfiguration (Fargate tasks use awsvpc). Args: none.";
    PlatformVersion = "platform-version" Warning, "platformVersion on a service that does not run on Fargate: it is ignored. Args: value, launch type.";
    Quota = "quota" Error, "More of something than ECS allows. Args: where, count, max.";
}

/// One finding: a rule, where, and the values its message needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub rule: Rule,
    pub args: Vec<String>,
}

impl Diagnostic {
    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}

impl super::check::ShapeRules for Rule {
    const WRONG_TYPE: Self = Rule::WrongType;
    const UNKNOWN_KEY: Self = Rule::UnknownKey;
    const DUPLICATE_KEY: Self = Rule::DuplicateKey;
    const MISSING_KEY: Self = Rule::MissingKey;
    const BAD_VALUE: Self = Rule::BadValue;
    const OUT_OF_RANGE: Self = Rule::OutOfRange;
}

/// The findings gathered, as diagnostics in the order of the text.
pub(crate) fn finish(ck: super::check::Ck<Rule>) -> Vec<Diagnostic> {
    let mut d: Vec<Diagnostic> = ck
        .found
        .into_iter()
        .map(|(pos, rule, args)| Diagnostic { pos, rule, args })
        .collect();
    d.sort_by_key(|d| d.pos);
    d
}
