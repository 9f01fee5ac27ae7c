//! Task definitions: the JSON `register-task-definition --cli-input-json` takes and
//! `describe-task-definition` prints, read into a [`TaskDefinition`] with its defaults
//! applied, and checked.
//!
//! Keys, kinds and defaults: RegisterTaskDefinition
//! (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html),
//! TaskDefinition (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html),
//! ContainerDefinition (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html),
//! HealthCheck (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html),
//! LogConfiguration (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html),
//! and the task definition parameters page
//! (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html).

use std::collections::BTreeSet;

use super::check::{near, Ck};
use super::fargate::{parse_cpu, parse_memory, FargateSize};
use super::rules::{finish, Diagnostic, Rule, Severity};
use crate::tree::{self, Format, Node, Pos, Value};

/// A task definition as ECS would register it, defaults applied.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskDefinition {
    pub family: String,
    /// The revision, when the file is `describe-task-definition`'s output.
    pub revision: Option<u32>,
    /// Task-level CPU units (`"1 vCPU"` read as 1024), if given.
    pub cpu: Option<u32>,
    /// Task-level memory in MiB (`"2 GB"` read as 2048), if given.
    pub memory: Option<u32>,
    /// `awsvpc`, `bridge`, `host` or `none`; `bridge` when left out (Linux on EC2).
    pub network_mode: String,
    /// requiresCompatibilities: `EC2`, `FARGATE`, `EXTERNAL`, `MANAGED_INSTANCES`.
    pub requires_compatibilities: Vec<String>,
    pub execution_role_arn: Option<String>,
    pub task_role_arn: Option<String>,
    /// `X86_64` unless runtimePlatform says `ARM64`.
    pub cpu_architecture: String,
    /// `LINUX` unless runtimePlatform says otherwise.
    pub operating_system_family: String,
    /// Fargate's ephemeral storage in GiB: 20 by default, 21 to 200 when set.
    pub ephemeral_storage_gib: u32,
    pub containers: Vec<Container>,
}

impl TaskDefinition {
    /// Whether the task is meant for Fargate (FARGATE among requiresCompatibilities).
    pub fn fargate(&self) -> bool {
        self.requires_compatibilities.iter().any(|c| c == "FARGATE")
    }

    /// The container named `name`.
    pub fn container(&self, name: &str) -> Option<&Container> {
        self.containers.iter().find(|c| c.name == name)
    }
}

/// A container definition, defaults applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    pub name: String,
    pub image: String,
    /// CPU units reserved (0 when left out).
    pub cpu: u32,
    /// Hard memory limit in MiB.
    pub memory: Option<u32>,
    /// Soft memory limit in MiB.
    pub memory_reservation: Option<u32>,
    /// true when left out.
    pub essential: bool,
    pub port_mappings: Vec<PortMapping>,
    pub health_check: Option<HealthCheck>,
    /// The log driver (`awslogs`…), if any.
    pub log_driver: Option<String>,
    /// environment, as name and value.
    pub environment: Vec<(String, String)>,
    /// secrets, as name and valueFrom.
    pub secrets: Vec<(String, String)>,
    /// dependsOn, as container name and condition.
    pub depends_on: Vec<(String, String)>,
    pub command: Vec<String>,
    pub entry_point: Vec<String>,
}

/// A port mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct PortMapping {
    pub container_port: u32,
    pub host_port: Option<u32>,
    /// `tcp` (default) or `udp`.
    pub protocol: String,
    pub name: Option<String>,
    pub app_protocol: Option<String>,
}

/// A container health check with ECS's defaults: interval 30 s, timeout 5 s, 3 retries,
/// no start period (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html).
#[derive(Clone, Debug, PartialEq)]
pub struct HealthCheck {
    pub command: Vec<String>,
    pub interval_s: u32,
    pub timeout_s: u32,
    pub retries: u32,
    pub start_period_s: u32,
}

/// What [`validate_task_definition`] found.
#[derive(Clone, Debug)]
pub struct TaskReport {
    pub task: Option<TaskDefinition>,
    pub format: Option<Format>,
    pub diagnostics: Vec<Diagnostic>,
}

impl TaskReport {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }
}

const TASK_KEYS: &[&str] = &[
    "family",
    "taskRoleArn",
    "executionRoleArn",
    "networkMode",
    "containerDefinitions",
    "volumes",
    "placementConstraints",
    "requiresCompatibilities",
    "cpu",
    "memory",
    "tags",
    "pidMode",
    "ipcMode",
    "proxyConfiguration",
    "inferenceAccelerators",
    "ephemeralStorage",
    "runtimePlatform",
    "enableFaultInjection",
    // Read-only fields describe-task-definition prints.
    "taskDefinitionArn",
    "revision",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
];

const CONTAINER_KEYS: &[&str] = &[
    "name",
    "image",
    "repositoryCredentials",
    "cpu",
    "memory",
    "memoryReservation",
    "links",
    "portMappings",
    "essential",
    "restartPolicy",
    "entryPoint",
    "command",
    "environment",
    "environmentFiles",
    "mountPoints",
    "volumesFrom",
    "linuxParameters",
    "secrets",
    "dependsOn",
    "startTimeout",
    "stopTimeout",
    "versionConsistency",
    "hostname",
    "user",
    "workingDirectory",
    "disableNetworking",
    "privileged",
    "readonlyRootFilesystem",
    "dnsServers",
    "dnsSearchDomains",
    "extraHosts",
    "dockerSecurityOptions",
    "interactive",
    "pseudoTerminal",
    "dockerLabels",
    "ulimits",
    "logConfiguration",
    "healthCheck",
    "systemControls",
    "resourceRequirements",
    "firelensConfiguration",
    "credentialSpecs",
];

const PORT_KEYS: &[&str] = &[
    "containerPort",
    "hostPort",
    "protocol",
    "name",
    "appProtocol",
    "containerPortRange",
];
const HEALTH_KEYS: &[&str] = &["command", "interval", "timeout", "retries", "startPeriod"];
const LOG_KEYS: &[&str] = &["logDriver", "options", "secretOptions"];
/// LogConfiguration's logDriver values.
const LOG_DRIVERS: &[&str] = &[
    "json-file",
    "syslog",
    "journald",
    "gelf",
    "fluentd",
    "awslogs",
    "splunk",
    "awsfirelens",
    "logentries",
];
/// "For tasks on AWS Fargate, the supported log drivers are awslogs, splunk, and
/// awsfirelens" (LogConfiguration).
const FARGATE_LOG_DRIVERS: &[&str] = &["awslogs", "splunk", "awsfirelens"];
const ULIMIT_NAMES: &[&str] = &[
    "core",
    "cpu",
    "data",
    "fsize",
    "locks",
    "memlock",
    "msgqueue",
    "nice",
    "nofile",
    "nproc",
    "rss",
    "rtprio",
    "rttime",
    "sigpending",
    "stack",
];
const OS_FAMILIES: &[&str] = &[
    "WINDOWS_SERVER_2019_FULL",
    "WINDOWS_SERVER_2019_CORE",
    "WINDOWS_SERVER_2016_FULL",
    "WINDOWS_SERVER_2004_CORE",
    "WINDOWS_SERVER_2022_CORE",
    "WINDOWS_SERVER_2022_FULL",
    "WINDOWS_SERVER_2025_CORE",
    "WINDOWS_SERVER_2025_FULL",
    "WINDOWS_SERVER_20H2_CORE",
    "LINUX",
];
const VOLUME_KEYS: &[&str] = &[
    "name",
    "host",
    "dockerVolumeConfiguration",
    "efsVolumeConfiguration",
    "fsxWindowsFileServerVolumeConfiguration",
    "configuredAtLaunch",
];

/// "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are
/// allowed" (family and container name, RegisterTaskDefinition / ContainerDefinition).
pub(crate) fn name_ok(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= 255
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Reads and checks a task definition. Never panics.
pub fn validate_task_definition(text: &str) -> TaskReport {
    let mut ck: Ck<Rule> = Ck::new();
    let (root, format) = match tree::parse(text) {
        Ok((root, format)) => (super::check::without_nulls(root), format),
        Err(e) => {
            ck.push(e.pos, Rule::Syntax, &[&e.message]);
            return TaskReport {
                task: None,
                format: Some(e.format),
                diagnostics: finish(ck),
            };
        }
    };
    let decl = if root.get("taskDefinition").is_some() && root.get("family").is_none() {
        // describe-task-definition's output: {"taskDefinition": {...}, "tags": [...]}.
        ck.keys(&root, "", &["taskDefinition", "tags"], &[]);
        root.get("taskDefinition")
    } else if root.as_map().is_some()
        && (root.get("containerDefinitions").is_some() || root.get("family").is_some())
    {
        Some(&root)
    } else {
        ck.push(root.pos, Rule::NotATaskDefinition, &[root.kind()]);
        None
    };
    let task = decl.and_then(|d| read_task(&mut ck, d));
    TaskReport {
        task,
        format: Some(format),
        diagnostics: finish(ck),
    }
}

/// A role ARN: `arn:<partition>:iam::<account>:role/<name>`.
pub(crate) fn role_arn(ck: &mut Ck<Rule>, n: &Node, at: &str) -> Option<String> {
    let s = ck.string(n, at)?;
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[2] == "iam"
        && parts[5].starts_with("role/")
        && parts[5].len() > 5;
    if !ok {
        ck.push(n.pos, Rule::BadArn, &[at, &s, "iam-role"]);
    }
    Some(s)
}

fn read_task(ck: &mut Ck<Rule>, d: &Node) -> Option<TaskDefinition> {
    ck.keys(d, "", TASK_KEYS, &["family", "containerDefinitions"])?;
    let family = match d.get("family") {
        Some(n) => {
            let s = ck.string(n, "family");
            if s.as_ref().is_some_and(|s| !name_ok(s)) {
                ck.push(
                    n.pos,
                    Rule::BadName,
                    &["family", s.as_deref().unwrap_or(""), "255"],
                );
            }
            s.unwrap_or_default()
        }
        None => String::new(),
    };
    let revision = d
        .get("revision")
        .and_then(|n| ck.int(n, "revision", 1, i64::from(u32::MAX)))
        .map(|r| r as u32);
    // requiresCompatibilities: EC2 | FARGATE | EXTERNAL | MANAGED_INSTANCES.
    let mut compat = Vec::new();
    if let Some(n) = d.get("requiresCompatibilities") {
        for (i, c) in ck.seq(n, "requiresCompatibilities").iter().enumerate() {
            if let Some(s) = ck.one_of(
                c,
                &format!("requiresCompatibilities[{i}]"),
                &["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"],
            ) {
                compat.push(s);
            }
        }
    }
    let fargate = compat.iter().any(|c| c == "FARGATE");
    let network_node = d.get("networkMode");
    let network_mode = network_node
        .and_then(|n| ck.one_of(n, "networkMode", &["bridge", "host", "awsvpc", "none"]))
        .unwrap_or_else(|| "bridge".into());
    // "If you're using Fargate, the awsvpc network mode is required"
    // (task_definition_parameters.html, Network mode).
    if fargate && network_mode != "awsvpc" {
        let pos = network_node.map_or(d.pos, |n| n.pos);
        ck.push(pos, Rule::FargateNetworkMode, &[&network_mode]);
    }
    let cpu = d.get("cpu").and_then(|n| task_cpu(ck, n));
    let memory = d.get("memory").and_then(|n| task_memory(ck, n));
    let mut os = "LINUX".to_string();
    let mut arch = "X86_64".to_string();
    if let Some(rp) = d.get("runtimePlatform") {
        if ck
            .keys(
                rp,
                "runtimePlatform",
                &["cpuArchitecture", "operatingSystemFamily"],
                &[],
            )
            .is_some()
        {
            if let Some(a) = rp
                .get("cpuArchitecture")
                .and_then(|n| ck.one_of(n, "runtimePlatform.cpuArchitecture", &["X86_64", "ARM64"]))
            {
                arch = a;
            }
            if let Some(o) = rp
                .get("operatingSystemFamily")
                .and_then(|n| ck.one_of(n, "runtimePlatform.operatingSystemFamily", OS_FAMILIES))
            {
                os = o;
            }
        }
    }
    if fargate {
        fargate_size(ck, d, cpu, memory, &os);
    }
    let mut ephemeral = 20;
    if let Some(es) = d.get("ephemeralStorage") {
        if ck
            .keys(es, "ephemeralStorage", &["sizeInGiB"], &["sizeInGiB"])
            .is_some()
        {
            // "The minimum supported value is 21 GiB and the maximum supported value is
            // 200 GiB" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html).
            if let Some(n) = es.get("sizeInGiB") {
                if let Some(v) = ck.int(n, "ephemeralStorage.sizeInGiB", 21, 200) {
                    ephemeral = v.clamp(0, 200) as u32;
                }
            }
        }
    }
    // pidMode: host | task; ipcMode: host | task | none. On Fargate only pidMode task is
    // supported and ipcMode is not (task_definition_parameters.html, PID mode / IPC mode).
    if let Some(n) = d.get("pidMode") {
        if let Some(p) = ck.one_of(n, "pidMode", &["host", "task"]) {
            if fargate && p == "host" {
                ck.push(
                    n.pos,
                    Rule::FargateUnsupported,
                    &["pidMode", "pidMode-host"],
                );
            }
        }
    }
    if let Some(n) = d.get("ipcMode") {
        if ck.one_of(n, "ipcMode", &["host", "task", "none"]).is_some() && fargate {
            ck.push(n.pos, Rule::FargateUnsupported, &["ipcMode", "ipcMode"]);
        }
    }
    let execution_role_arn = d
        .get("executionRoleArn")
        .and_then(|n| role_arn(ck, n, "executionRoleArn"));
    let task_role_arn = d
        .get("taskRoleArn")
        .and_then(|n| role_arn(ck, n, "taskRoleArn"));
    let volumes = d
        .get("volumes")
        .map_or(Vec::new(), |n| volumes(ck, n, fargate));
    let env = Env {
        fargate,
        network_mode: &network_mode,
        has_execution_role: d.get("executionRoleArn").is_some(),
        volumes: &volumes,
    };
    let mut containers = Vec::new();
    let mut at_of = Vec::new();
    if let Some(n) = d.get("containerDefinitions") {
        for (i, c) in ck.seq(n, "containerDefinitions").iter().enumerate() {
            if let Some((c, at)) = read_container(ck, c, i, &env) {
                containers.push(c);
                at_of.push(at);
            }
        }
        if let Some(items) = n.as_seq() {
            if items.is_empty() {
                ck.push(n.pos, Rule::NoEssential, &[]);
            } else if !containers.is_empty() && !containers.iter().any(|c| c.essential) {
                // "All tasks must have at least one essential container"
                // (ContainerDefinition, essential).
                ck.push(n.pos, Rule::NoEssential, &[]);
            }
        }
    }
    cross_container(ck, d, &containers, &at_of, cpu, memory);
    Some(TaskDefinition {
        family,
        revision,
        cpu,
        memory,
        network_mode,
        requires_compatibilities: compat,
        execution_role_arn,
        task_role_arn,
        cpu_architecture: arch,
        operating_system_family: os,
        ephemeral_storage_gib: ephemeral,
        containers,
    })
}

fn task_cpu(ck: &mut Ck<Rule>, n: &Node) -> Option<u32> {
    let text = match &n.value {
        Value::Str(s) => s.clone(),
        Value::Number(_, t) => t.clone(),
        _ => {
            ck.push(n.pos, Rule::WrongType, &["cpu", "string", n.kind()]);
            return None;
        }
    };
    // "For tasks hosted on Amazon EC2 instances, supported values are between 128 CPU units
    // (0.125 vCPUs) and 196608 CPU units (192 vCPUs)" (RegisterTaskDefinition, cpu).
    match parse_cpu(&text) {
        Some(v) if (128..=196608).contains(&v) => Some(v),
        _ => {
            ck.push(n.pos, Rule::TaskCpu, &[&text]);
            None
        }
    }
}

fn task_memory(ck: &mut Ck<Rule>, n: &Node) -> Option<u32> {
    let text = match &n.value {
        Value::Str(s) => s.clone(),
        Value::Number(_, t) => t.clone(),
        _ => {
            ck.push(n.pos, Rule::WrongType, &["memory", "string", n.kind()]);
            return None;
        }
    };
    match parse_memory(&text) {
        Some(v) if v > 0 => Some(v),
        _ => {
            ck.push(n.pos, Rule::TaskMemory, &[&text]);
            None
        }
    }
}

fn fargate_size(ck: &mut Ck<Rule>, d: &Node, cpu: Option<u32>, memory: Option<u32>, os: &str) {
    // On Fargate the task-level cpu and memory are required (RegisterTaskDefinition).
    for (key, value) in [("cpu", cpu), ("memory", memory)] {
        if d.get(key).is_none() {
            ck.push(d.pos, Rule::FargateSize, &[key]);
        } else if value.is_none() {
            return; // Already reported as unreadable.
        }
    }
    let (Some(cpu), Some(memory)) = (cpu, memory) else {
        return;
    };
    let cpu_pos = d.get("cpu").map_or(d.pos, |n| n.pos);
    let mem_pos = d.get("memory").map_or(d.pos, |n| n.pos);
    match FargateSize::of(cpu) {
        None => ck.push(cpu_pos, Rule::FargateCpu, &[&cpu.to_string()]),
        Some(size) => {
            if !size.allows(memory) {
                ck.push(
                    mem_pos,
                    Rule::FargateMemory,
                    &[&cpu.to_string(), &memory.to_string(), &size.allowed()],
                );
            }
            // "The CPU units cannot be less than 1 vCPU when you use Windows containers on
            // Fargate" (RegisterTaskDefinition, memory).
            if os.starts_with("WINDOWS") && cpu < 1024 {
                ck.push(cpu_pos, Rule::FargateWindowsCpu, &[&cpu.to_string()]);
            }
        }
    }
}

fn volumes(ck: &mut Ck<Rule>, n: &Node, fargate: bool) -> Vec<String> {
    let mut names = Vec::new();
    for (i, v) in ck.seq(n, "volumes").iter().enumerate() {
        let at = format!("volumes[{i}]");
        if ck.keys(v, &at, VOLUME_KEYS, &[]).is_none() {
            continue;
        }
        if let Some(name) = v
            .get("name")
            .and_then(|x| ck.string(x, &format!("{at}.name")))
        {
            if names.contains(&name) {
                ck.push(
                    v.get("name").map_or(v.pos, |x| x.pos),
                    Rule::DuplicateVolume,
                    &[&name],
                );
            }
            names.push(name);
        }
        // "Docker volumes aren't supported by tasks run on AWS Fargate"
        // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/docker-volumes.html).
        if fargate {
            if let Some(k) = v.key("dockerVolumeConfiguration") {
                ck.push(k.pos, Rule::FargateUnsupported, &[&at, "docker-volume"]);
            }
        }
    }
    names
}

/// Where a container's pieces are written, for the checks across containers.
#[derive(Default)]
struct ContainerAt {
    node: Pos,
    name: Pos,
    /// Each dependsOn entry read: its containerName and its condition.
    deps: Vec<(Pos, Pos)>,
    /// Each port mapping read.
    ports: Vec<Pos>,
}

struct Env<'a> {
    fargate: bool,
    network_mode: &'a str,
    has_execution_role: bool,
    volumes: &'a [String],
}

/// An ECR image: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>…`.
fn ecr_image(image: &str) -> bool {
    let host = image.split('/').next().unwrap_or("");
    image.contains('/') && host.contains(".dkr.ecr.") && host.contains(".amazonaws.com")
}

fn read_container(
    ck: &mut Ck<Rule>,
    c: &Node,
    i: usize,
    env: &Env,
) -> Option<(Container, ContainerAt)> {
    let mut where_ = ContainerAt {
        node: c.pos,
        name: c.get("name").map_or(c.pos, |n| n.pos),
        ..ContainerAt::default()
    };
    let at = format!("containerDefinitions[{i}]");
    let named = match c.get("name").and_then(Node::as_str) {
        Some(n) if !n.is_empty() => format!("{at} ({n})"),
        _ => at.clone(),
    };
    ck.keys(c, &named, CONTAINER_KEYS, &["name", "image"])?;
    let name = c
        .get("name")
        .and_then(|n| {
            let s = ck.string(n, &format!("{at}.name"))?;
            if !name_ok(&s) {
                ck.push(n.pos, Rule::BadName, &[&format!("{at}.name"), &s, "255"]);
            }
            Some(s)
        })
        .unwrap_or_default();
    let at = if name.is_empty() {
        at
    } else {
        format!("{at} ({name})")
    };
    let image = c
        .get("image")
        .and_then(|n| ck.string(n, &format!("{at}.image")))
        .unwrap_or_default();
    let cpu = c
        .get("cpu")
        .and_then(|n| ck.int(n, &format!("{at}.cpu"), 0, 196608))
        .unwrap_or(0) as u32;
    let mut mem = |key: &str| -> Option<u32> {
        let n = c.get(key)?;
        let v = ck.int(n, &format!("{at}.{key}"), 0, i64::from(u32::MAX))? as u32;
        // "The Docker 20.10.0 or later daemon reserves a minimum of 6 MiB of memory for a
        // container. So, don't specify less than 6 MiB" (ContainerDefinition, memory).
        if v < 6 {
            ck.push(
                n.pos,
                Rule::MemoryTooSmall,
                &[&format!("{at}.{key}"), &v.to_string()],
            );
        }
        Some(v)
    };
    let memory = mem("memory");
    let memory_reservation = mem("memoryReservation");
    if let (Some(r), Some(m)) = (memory_reservation, memory) {
        // "If you specify both, memory must be greater than memoryReservation".
        if r > m {
            let pos = c.get("memoryReservation").map_or(c.pos, |n| n.pos);
            ck.push(
                pos,
                Rule::MemoryReservation,
                &[&name, &r.to_string(), &m.to_string()],
            );
        }
    }
    let essential = c
        .get("essential")
        .and_then(|n| ck.boolean(n, &format!("{at}.essential")))
        .unwrap_or(true);
    let port_mappings = c
        .get("portMappings")
        .map_or(Vec::new(), |n| ports(ck, n, &at, env, &mut where_.ports));
    let health_check = c.get("healthCheck").and_then(|n| health(ck, n, &at));
    let log_driver = c.get("logConfiguration").and_then(|n| log(ck, n, &at, env));
    let pairs = |ck: &mut Ck<Rule>, key: &str, v: &str| -> Vec<(String, String)> {
        let Some(n) = c.get(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (j, e) in ck.seq(n, &format!("{at}.{key}")).iter().enumerate() {
            let eat = format!("{at}.{key}[{j}]");
            if ck.keys(e, &eat, &["name", v], &[]).is_none() {
                continue;
            }
            let name = e
                .get("name")
                .and_then(|x| ck.string(x, &format!("{eat}.name")));
            let value = e.get(v).and_then(|x| ck.string(x, &format!("{eat}.{v}")));
            out.push((name.unwrap_or_default(), value.unwrap_or_default()));
        }
        out
    };
    let environment = pairs(ck, "environment", "value");
    let secrets = pairs(ck, "secrets", "valueFrom");
    if let Some(n) = c.get("secrets").and_then(Node::as_seq) {
        for (j, e) in n.iter().enumerate() {
            let eat = format!("{at}.secrets[{j}]");
            if e.as_map().is_some() && e.get("valueFrom").is_none() {
                ck.push(e.pos, Rule::MissingKey, &[&eat, "valueFrom", ""]);
            }
            if e.as_map().is_some() && e.get("name").is_none() {
                ck.push(e.pos, Rule::MissingKey, &[&eat, "name", ""]);
            }
            if let Some(v) = e.get("valueFrom") {
                if let Some(s) = v.as_str() {
                    secret_value_from(ck, v.pos, &format!("{eat}.valueFrom"), s);
                }
            }
        }
        // Secrets are read with the task execution role
        // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html).
        if !n.is_empty() && !env.has_execution_role {
            let pos = c.key("secrets").map_or(c.pos, |k| k.pos);
            ck.push(
                pos,
                Rule::ExecutionRole,
                &[&format!("{at}.secrets"), "secrets"],
            );
        }
    }
    // On Fargate, the execution role pulls private ECR images and sends awslogs logs
    // (task_execution_IAM_role.html); on EC2 the container instance role can do both.
    if env.fargate && !env.has_execution_role {
        if ecr_image(&image) {
            let pos = c.get("image").map_or(c.pos, |n| n.pos);
            ck.push(pos, Rule::ExecutionRole, &[&format!("{at}.image"), "ecr"]);
        }
        if log_driver.as_deref() == Some("awslogs") {
            let pos = c.key("logConfiguration").map_or(c.pos, |k| k.pos);
            ck.push(
                pos,
                Rule::ExecutionRole,
                &[&format!("{at}.logConfiguration"), "awslogs"],
            );
        }
    }
    if let Some(k) = c.key("repositoryCredentials") {
        if !env.has_execution_role {
            ck.push(
                k.pos,
                Rule::ExecutionRole,
                &[
                    &format!("{at}.repositoryCredentials"),
                    "repository-credentials",
                ],
            );
        }
    }
    let mut depends_on = Vec::new();
    if let Some(n) = c.get("dependsOn") {
        for (j, e) in ck.seq(n, &format!("{at}.dependsOn")).iter().enumerate() {
            let eat = format!("{at}.dependsOn[{j}]");
            if ck
                .keys(
                    e,
                    &eat,
                    &["containerName", "condition"],
                    &["containerName", "condition"],
                )
                .is_none()
            {
                continue;
            }
            let target = e
                .get("containerName")
                .and_then(|x| ck.string(x, &format!("{eat}.containerName")));
            let cond = e.get("condition").and_then(|x| {
                ck.one_of(
                    x,
                    &format!("{eat}.condition"),
                    &["START", "COMPLETE", "SUCCESS", "HEALTHY"],
                )
            });
            if let (Some(t), Some(k)) = (target, cond) {
                depends_on.push((t, k));
                where_.deps.push((
                    e.get("containerName").map_or(e.pos, |x| x.pos),
                    e.get("condition").map_or(e.pos, |x| x.pos),
                ));
            }
        }
    }
    let command = c
        .get("command")
        .map_or(Vec::new(), |n| ck.strings(n, &format!("{at}.command")));
    let entry_point = c
        .get("entryPoint")
        .map_or(Vec::new(), |n| ck.strings(n, &format!("{at}.entryPoint")));
    if let Some(n) = c.get("ulimits") {
        for (j, u) in ck.seq(n, &format!("{at}.ulimits")).iter().enumerate() {
            let uat = format!("{at}.ulimits[{j}]");
            if ck
                .keys(
                    u,
                    &uat,
                    &["name", "softLimit", "hardLimit"],
                    &["name", "softLimit", "hardLimit"],
                )
                .is_none()
            {
                continue;
            }
            if let Some(x) = u.get("name") {
                ck.one_of(x, &format!("{uat}.name"), ULIMIT_NAMES);
            }
            for k in ["softLimit", "hardLimit"] {
                if let Some(x) = u.get(k) {
                    ck.int(
                        x,
                        &format!("{uat}.{k}"),
                        i64::from(i32::MIN),
                        i64::from(i32::MAX),
                    );
                }
            }
        }
    }
    for (key, what) in [("privileged", "privileged"), ("links", "links")] {
        if let Some(n) = c.get(key) {
            let set = match &n.value {
                Value::Bool(b) => *b,
                Value::Seq(items) => !items.is_empty(),
                _ => false,
            };
            // Fargate does not support privileged containers nor links
            // (task_definition_parameters.html); links need bridge mode.
            if set && (env.fargate || key == "links" && env.network_mode == "awsvpc") {
                ck.push(
                    n.pos,
                    Rule::FargateUnsupported,
                    &[&format!("{at}.{key}"), what],
                );
            }
        }
    }
    if let Some(n) = c.get("mountPoints") {
        for (j, m) in ck.seq(n, &format!("{at}.mountPoints")).iter().enumerate() {
            let mat = format!("{at}.mountPoints[{j}]");
            if ck
                .keys(m, &mat, &["sourceVolume", "containerPath", "readOnly"], &[])
                .is_none()
            {
                continue;
            }
            if let Some(v) = m.get("sourceVolume") {
                if let Some(s) = ck.string(v, &format!("{mat}.sourceVolume")) {
                    if !env.volumes.contains(&s) {
                        let near = near(&s, env.volumes.iter().map(String::as_str));
                        ck.push(v.pos, Rule::MountVolume, &[&mat, &s, &near]);
                    }
                }
            }
        }
    }
    Some((
        Container {
            name,
            image,
            cpu,
            memory,
            memory_reservation,
            essential,
            port_mappings,
            health_check,
            log_driver,
            environment,
            secrets,
            depends_on,
            command,
            entry_point,
        },
        where_,
    ))
}

/// A secret's valueFrom: a Secrets Manager secret ARN, a Systems Manager parameter ARN, or
/// (same Region) a parameter's name
/// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html).
fn secret_value_from(ck: &mut Ck<Rule>, pos: Pos, at: &str, s: &str) {
    if s.is_empty() {
        ck.push(pos, Rule::SecretValueFrom, &[at, s]);
        return;
    }
    if let Some(rest) = s.strip_prefix("arn:") {
        let service = rest.split(':').nth(1).unwrap_or("");
        if service != "secretsmanager" && service != "ssm" {
            ck.push(pos, Rule::SecretValueFrom, &[at, s]);
        }
    }
}

fn ports(
    ck: &mut Ck<Rule>,
    n: &Node,
    at: &str,
    env: &Env,
    positions: &mut Vec<Pos>,
) -> Vec<PortMapping> {
    let mut out = Vec::new();
    for (j, p) in ck.seq(n, &format!("{at}.portMappings")).iter().enumerate() {
        let pat = format!("{at}.portMappings[{j}]");
        if ck.keys(p, &pat, PORT_KEYS, &[]).is_none() {
            continue;
        }
        let container_port = p
            .get("containerPort")
            .and_then(|x| ck.int(x, &format!("{pat}.containerPort"), 1, 65535));
        let host_port = p
            .get("hostPort")
            .and_then(|x| ck.int(x, &format!("{pat}.hostPort"), 0, 65535));
        let protocol = p
            .get("protocol")
            .and_then(|x| ck.one_of(x, &format!("{pat}.protocol"), &["tcp", "udp"]))
            .unwrap_or_else(|| "tcp".into());
        let name = p
            .get("name")
            .and_then(|x| ck.string(x, &format!("{pat}.name")));
        let app_protocol = p
            .get("appProtocol")
            .and_then(|x| ck.one_of(x, &format!("{pat}.appProtocol"), &["http", "http2", "grpc"]));
        if p.get("containerPort").is_none() && p.get("containerPortRange").is_none() {
            ck.push(p.pos, Rule::MissingKey, &[&pat, "containerPort", ""]);
        }
        // "If you use containers in a task with the awsvpc or host network mode, the
        // hostPort can either be left blank or set to the same value as the containerPort"
        // (PortMapping, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html).
        if let (Some(c), Some(h)) = (container_port, host_port) {
            if matches!(env.network_mode, "awsvpc" | "host") && c != h {
                let pos = p.get("hostPort").map_or(p.pos, |x| x.pos);
                ck.push(
                    pos,
                    Rule::HostPort,
                    &[&pat, &c.to_string(), &h.to_string(), env.network_mode],
                );
            }
        }
        if let Some(c) = container_port {
            positions.push(p.pos);
            out.push(PortMapping {
                container_port: c.clamp(0, 65535) as u32,
                host_port: host_port.map(|h| h.clamp(0, 65535) as u32),
                protocol,
                name,
                app_protocol,
            });
        }
    }
    out
}

fn health(ck: &mut Ck<Rule>, n: &Node, at: &str) -> Option<HealthCheck> {
    let hat = format!("{at}.healthCheck");
    ck.keys(n, &hat, HEALTH_KEYS, &["command"])?;
    let command = n
        .get("command")
        .map_or(Vec::new(), |c| ck.strings(c, &format!("{hat}.command")));
    // "The string array must start with CMD to run the command arguments directly, or
    // CMD-SHELL to run the command with the container's default shell" (HealthCheck).
    if let Some(c) = n.get("command") {
        let first = command.first().map(String::as_str).unwrap_or("");
        if c.as_seq().is_some() && (!matches!(first, "CMD" | "CMD-SHELL") || command.len() < 2) {
            ck.push(
                c.pos,
                Rule::HealthCheckCommand,
                &[&format!("{hat}.command"), first],
            );
        }
    }
    // Ranges and defaults (HealthCheck): interval 5–300 s (30), timeout 2–60 s (5),
    // retries 1–10 (3), startPeriod 0–300 s (off).
    let mut get = |key: &str, min: i64, max: i64, default: u32| -> u32 {
        n.get(key)
            .and_then(|x| ck.int(x, &format!("{hat}.{key}"), min, max))
            .map_or(default, |v| v.clamp(0, max) as u32)
    };
    let interval_s = get("interval", 5, 300, 30);
    let timeout_s = get("timeout", 2, 60, 5);
    let retries = get("retries", 1, 10, 3);
    let start_period_s = get("startPeriod", 0, 300, 0);
    Some(HealthCheck {
        command,
        interval_s,
        timeout_s,
        retries,
        start_period_s,
    })
}

fn log(ck: &mut Ck<Rule>, n: &Node, at: &str, env: &Env) -> Option<String> {
    let lat = format!("{at}.logConfiguration");
    ck.keys(n, &lat, LOG_KEYS, &["logDriver"])?;
    let driver = n
        .get("logDriver")
        .and_then(|x| ck.one_of(x, &format!("{lat}.logDriver"), LOG_DRIVERS))?;
    if env.fargate && !FARGATE_LOG_DRIVERS.contains(&driver.as_str()) {
        let pos = n.get("logDriver").map_or(n.pos, |x| x.pos);
        ck.push(
            pos,
            Rule::FargateUnsupported,
            &[&format!("{lat}.logDriver"), "log-driver"],
        );
    }
    let options = n.get("options");
    let mut keys = BTreeSet::new();
    if let Some(o) = options {
        for (k, v) in ck.map(o, &format!("{lat}.options")) {
            ck.string(v, &format!("{lat}.options.{}", k.name));
            keys.insert(k.name.as_str());
        }
    }
    if driver == "awslogs" {
        // awslogs-group and awslogs-region are required; awslogs-stream-prefix is required
        // on Fargate (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html).
        let pos = options.map_or(n.pos, |o| o.pos);
        for opt in ["awslogs-group", "awslogs-region"] {
            if !keys.contains(opt) {
                ck.push(pos, Rule::AwslogsOption, &[&lat, opt, ""]);
            }
        }
        if env.fargate && !keys.contains("awslogs-stream-prefix") {
            ck.push(
                pos,
                Rule::AwslogsOption,
                &[&lat, "awslogs-stream-prefix", "fargate"],
            );
        }
    }
    Some(driver)
}

/// Checks across containers: unique names, dependsOn targets, sums against the task size,
/// memory when the task has none, host ports taken twice.
fn cross_container(
    ck: &mut Ck<Rule>,
    d: &Node,
    containers: &[Container],
    nodes: &[ContainerAt],
    cpu: Option<u32>,
    memory: Option<u32>,
) {
    let mut seen = BTreeSet::new();
    for (c, n) in containers.iter().zip(nodes) {
        if !c.name.is_empty() && !seen.insert(c.name.as_str()) {
            ck.push(n.name, Rule::DuplicateContainer, &[&c.name]);
        }
    }
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    for (c, n) in containers.iter().zip(nodes) {
        for (dep, &(pos, cpos)) in c.depends_on.iter().zip(&n.deps) {
            let Some(target) = containers.iter().find(|t| t.name == dep.0) else {
                let near = near(&dep.0, names.iter().copied());
                ck.push(pos, Rule::DependsOnUnknown, &[&c.name, &dep.0, &near]);
                continue;
            };
            if target.name == c.name {
                ck.push(pos, Rule::DependsOnUnknown, &[&c.name, &dep.0, ""]);
                continue;
            }
            // HEALTHY "requires that the dependent container has health checks
            // configured"; COMPLETE and SUCCESS "can't be set on an essential container"
            // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html).
            if dep.1 == "HEALTHY" && target.health_check.is_none() {
                ck.push(cpos, Rule::DependsOnHealthy, &[&c.name, &dep.0]);
            }
            if matches!(dep.1.as_str(), "COMPLETE" | "SUCCESS") && target.essential {
                ck.push(cpos, Rule::DependsOnEssential, &[&c.name, &dep.0, &dep.1]);
            }
        }
    }
    let defs_pos = d.get("containerDefinitions").map_or(d.pos, |n| n.pos);
    // "The total amount of memory reserved for all containers within a task must be lower
    // than the task memory value, if one is specified" and the sum of container cpu must not
    // exceed the task's cpu (ContainerDefinition, cpu and memory).
    if let Some(tc) = cpu {
        let sum: u64 = containers.iter().map(|c| u64::from(c.cpu)).sum();
        if sum > u64::from(tc) {
            ck.push(defs_pos, Rule::CpuSum, &[&sum.to_string(), &tc.to_string()]);
        }
    }
    match memory {
        Some(tm) => {
            let hard: u64 = containers
                .iter()
                .filter_map(|c| c.memory)
                .map(u64::from)
                .sum();
            let soft: u64 = containers
                .iter()
                .filter_map(|c| c.memory_reservation.or(c.memory))
                .map(u64::from)
                .sum();
            let worst = hard.max(soft);
            if worst > u64::from(tm) {
                ck.push(
                    defs_pos,
                    Rule::MemorySum,
                    &[&worst.to_string(), &tm.to_string()],
                );
            }
        }
        None => {
            // Without task memory, "you must specify a non-zero integer for one or both of
            // memory or memoryReservation in a container definition" (ContainerDefinition).
            if d.get("memory").is_none() {
                for (c, n) in containers.iter().zip(nodes) {
                    if c.memory.is_none() && c.memory_reservation.is_none() {
                        ck.push(n.node, Rule::ContainerMemory, &[&c.name]);
                    }
                }
            }
        }
    }
    // The same host port and protocol twice in a task (a port can be bound once).
    let mut bound: BTreeSet<(u32, &str)> = BTreeSet::new();
    for (c, n) in containers.iter().zip(nodes) {
        for (p, pos) in c.port_mappings.iter().zip(&n.ports) {
            let host = p.host_port.unwrap_or(p.container_port);
            if host == 0 {
                continue; // Dynamic host port (bridge).
            }
            if !bound.insert((host, p.protocol.as_str())) {
                ck.push(
                    *pos,
                    Rule::PortTaken,
                    &[&c.name, &host.to_string(), &p.protocol],
                );
            }
        }
    }
}
