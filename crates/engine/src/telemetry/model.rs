//! What a run takes: the system, the faults and mitigations, the run's length, seed and sampling.

use std::collections::BTreeMap;

use crate::deploy::Traffic;

/// The longest run: two days.
pub const MAX_DURATION_S: u32 = 172_800;
/// The most requests a run may expect (mean rate × duration), so that a run stays interactive.
pub const MAX_EXPECTED_REQUESTS: f64 = 20_000_000.0;
/// The most log events a run may expect to materialise.
pub const MAX_EXPECTED_LOG_EVENTS: f64 = 2_000_000.0;
/// The most traces a run may expect to materialise.
pub const MAX_EXPECTED_TRACES: f64 = 100_000.0;
/// The trace window [`Scenario::new`] sets: the first six hours.
pub const DEFAULT_TRACE_WINDOW_S: u32 = 21_600;
/// The most services in a system.
pub const MAX_SERVICES: usize = 32;

/// A simulated microservice system: a load balancer in front of one service, and the calls
/// between services.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct System {
    /// The load balancer's resource id, as the `LoadBalancer` dimension spells it
    /// (`app/<name>/<id>`).
    pub load_balancer: String,
    /// The target group's resource id, as the `TargetGroup` dimension spells it
    /// (`targetgroup/<name>/<id>`).
    pub target_group: String,
    /// The ECS cluster of the ECS services.
    pub cluster: String,
    /// The service behind the load balancer (an ECS service).
    pub front: String,
    /// The endpoints, each a share of the front door's requests.
    pub endpoints: Vec<Endpoint>,
    /// The services, in a fixed order.
    pub services: Vec<Service>,
    /// The production traffic reaching the load balancer.
    pub traffic: Traffic,
    /// The namespace of the custom metrics the services publish with the embedded metric format.
    pub emf_namespace: String,
}

/// One endpoint of the front door.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Endpoint {
    /// `GET`, `POST`…
    pub method: String,
    /// `/`, `/checkout`, `/orders/{id}`…
    pub path: String,
    /// Its share of the requests, in percent; the shares add up to 100.
    pub percent: f64,
}

impl Endpoint {
    /// `METHOD path`, the route that calls and faults name.
    pub fn route(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A service of the system.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Service {
    /// Its name: the ECS service, Lambda function, DB instance identifier or queue name.
    pub name: String,
    /// What runs it.
    pub kind: Kind,
    /// The median of its own work, in milliseconds (calls excluded).
    pub p50_ms: f64,
    /// The 99th percentile of its own work, in milliseconds.
    pub p99_ms: f64,
    /// The share of its requests that fail on their own, in percent.
    pub error_percent: f64,
    /// How long it waits for a synchronous call before giving up, in milliseconds.
    pub timeout_ms: f64,
    /// The version it runs (a deploy changes it).
    pub version: String,
    /// Its calls, made in this order.
    pub calls: Vec<Call>,
}

/// What runs a service.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Kind {
    /// An ECS service of identical tasks.
    Ecs {
        /// The desired (and running) task count.
        tasks: u32,
        /// Requests per second one task serves; beyond it requests are rejected with 503.
        rps_per_task: f64,
        /// The task's memory, in MiB.
        memory_mb: u32,
    },
    /// A Lambda function.
    Lambda {
        /// Its concurrency limit (reserved concurrency).
        concurrency: u32,
        /// Its configured memory, in MB.
        memory_mb: u32,
        /// Its timeout, in milliseconds.
        timeout_ms: u32,
    },
    /// An RDS DB instance.
    Rds {
        /// `max_connections`.
        max_connections: u32,
    },
    /// An SQS standard queue, read by a Lambda function through an event source mapping.
    Sqs {
        /// The Lambda function that consumes it.
        consumer: String,
    },
}

impl Kind {
    /// `ECS`, `Lambda`, `RDS` or `SQS`.
    pub fn label(&self) -> &'static str {
        match self {
            Kind::Ecs { .. } => "ECS",
            Kind::Lambda { .. } => "Lambda",
            Kind::Rds { .. } => "RDS",
            Kind::Sqs { .. } => "SQS",
        }
    }
}

/// A call from one service to another.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Call {
    /// The service called.
    pub to: String,
    /// How.
    pub kind: CallKind,
    /// The share of the caller's requests (on the matching routes) that make the call, in percent.
    pub percent: f64,
    /// The routes that make it (`METHOD path` of the front door's endpoint); empty = all.
    pub routes: Vec<String>,
}

/// How a service calls another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CallKind {
    /// A synchronous HTTP call (or Lambda `Invoke`) to an ECS service or a function.
    Http,
    /// A read query to an RDS instance.
    Read,
    /// A write query to an RDS instance.
    Write,
    /// `SendMessage` to an SQS queue (asynchronous: the consumer runs later).
    Send,
}

/// A fault a lab or an instructor injects.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Fault {
    /// A deploy of `service` to `version` ships a slow query: `database`'s latency is
    /// multiplied by `factor` for that service's queries. Ended by rolling `service` back.
    SlowQuery {
        service: String,
        version: String,
        database: String,
        factor: f64,
    },
    /// A deploy of `service` to `version` leaks memory: each task's memory climbs by about
    /// `mb_per_minute` until the task is killed and restarted. Ended by rolling back.
    MemoryLeak {
        service: String,
        version: String,
        mb_per_minute: f64,
    },
    /// `percent` of the calls to `service` hang until its timeout (a Lambda function's, or
    /// 30 s). Ended by rolling `service` back (or at the fault's end).
    DependencyTimeout { service: String, percent: f64 },
    /// Turning `flag` on makes `error_percent` of `service`'s requests on `route` fail.
    /// Ended by turning the flag off.
    BadFlag {
        flag: String,
        service: String,
        route: String,
        error_percent: f64,
    },
    /// `task_percent` of `service`'s tasks share a host with a noisy neighbour: their work
    /// takes `factor` times longer and CPU steal rises. Scaling out dilutes it (new tasks
    /// land elsewhere); a rollback (new tasks) ends it.
    NoisyNeighbour {
        service: String,
        task_percent: f64,
        factor: f64,
    },
    /// A Lambda function's concurrency limit drops to `concurrency`: invocations beyond it
    /// are throttled (429). Ended by raising the limit.
    Throttling { service: String, concurrency: u32 },
}

impl Fault {
    /// The service the fault acts on.
    pub fn service(&self) -> &str {
        match self {
            Fault::SlowQuery { service, .. }
            | Fault::MemoryLeak { service, .. }
            | Fault::DependencyTimeout { service, .. }
            | Fault::BadFlag { service, .. }
            | Fault::NoisyNeighbour { service, .. }
            | Fault::Throttling { service, .. } => service,
        }
    }

    /// A short English description, for the event timeline.
    pub fn describe(&self) -> String {
        match self {
            Fault::SlowQuery {
                service,
                version,
                database,
                factor,
            } => {
                format!("{service} {version} runs a slow query on {database} (x{factor})")
            }
            Fault::MemoryLeak {
                service,
                version,
                mb_per_minute,
            } => {
                format!("{service} {version} leaks {mb_per_minute} MiB a minute per task")
            }
            Fault::DependencyTimeout { service, percent } => {
                format!("{percent}% of calls to {service} time out")
            }
            Fault::BadFlag {
                flag,
                service,
                route,
                error_percent,
            } => {
                format!("flag {flag} fails {error_percent}% of {service}'s {route}")
            }
            Fault::NoisyNeighbour {
                service,
                task_percent,
                factor,
            } => {
                format!(
                    "{task_percent}% of {service}'s tasks slowed x{factor} by a noisy neighbour"
                )
            }
            Fault::Throttling {
                service,
                concurrency,
            } => {
                format!("{service}'s concurrency limit drops to {concurrency}")
            }
        }
    }

    /// Whether a mitigation ends this fault.
    pub fn ended_by(&self, mitigation: &Mitigation) -> bool {
        match (self, mitigation) {
            (Fault::SlowQuery { service, .. }, Mitigation::Rollback { service: s })
            | (Fault::MemoryLeak { service, .. }, Mitigation::Rollback { service: s })
            | (Fault::DependencyTimeout { service, .. }, Mitigation::Rollback { service: s })
            | (Fault::NoisyNeighbour { service, .. }, Mitigation::Rollback { service: s }) => {
                service == s
            }
            (Fault::BadFlag { flag, .. }, Mitigation::FlagOff { flag: f }) => flag == f,
            (Fault::Throttling { service, .. }, Mitigation::RaiseLimit { service: s, .. }) => {
                service == s
            }
            _ => false,
        }
    }
}

/// A fault with its time window.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Injected {
    pub fault: Fault,
    /// When it starts, in seconds from the run's start.
    pub start_s: u32,
    /// When it ends on its own, if it does.
    pub end_s: Option<u32>,
}

/// An action an on-call engineer takes.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Mitigation {
    /// Roll a service back to the version it ran before the run's deploys.
    Rollback { service: String },
    /// Turn a feature flag off.
    FlagOff { flag: String },
    /// Set an ECS service's task count (new tasks serve 60 s later).
    ScaleOut { service: String, tasks: u32 },
    /// Set a Lambda function's concurrency limit.
    RaiseLimit { service: String, concurrency: u32 },
}

impl Mitigation {
    /// The service or flag it acts on.
    pub fn target(&self) -> &str {
        match self {
            Mitigation::Rollback { service }
            | Mitigation::ScaleOut { service, .. }
            | Mitigation::RaiseLimit { service, .. } => service,
            Mitigation::FlagOff { flag } => flag,
        }
    }
}

/// A mitigation with its time.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Applied {
    pub mitigation: Mitigation,
    /// When it is applied, in seconds from the run's start.
    pub at_s: u32,
}

/// Which log events to materialise. Metrics always count every request; logs keep a
/// deterministic sample of requests (every line of a kept request, in every group).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LogOptions {
    /// The share of requests whose lines are kept, in percent (0 turns request logs off).
    pub sample_percent: f64,
    /// The window to materialise, in seconds from the run's start (`to_s` excluded).
    pub from_s: u32,
    pub to_s: Option<u32>,
    /// Also produce the load balancer's access log lines.
    pub access_logs: bool,
}

impl Default for LogOptions {
    fn default() -> LogOptions {
        LogOptions {
            sample_percent: 1.0,
            from_s: 0,
            to_s: None,
            access_logs: true,
        }
    }
}

/// How requests are chosen for tracing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum TraceSampling {
    /// No traces.
    Off,
    /// X-Ray's default rule: the first request each second (the reservoir) and 5 % of the others.
    Default,
    /// Every request.
    All,
}

/// Which traces to materialise.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TraceOptions {
    pub sampling: TraceSampling,
    /// The window, in seconds from the run's start (`to_s` excluded).
    pub from_s: u32,
    pub to_s: Option<u32>,
}

impl Default for TraceOptions {
    fn default() -> TraceOptions {
        TraceOptions {
            sampling: TraceSampling::Default,
            from_s: 0,
            to_s: None,
        }
    }
}

/// Everything a run takes.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Scenario {
    pub system: System,
    pub faults: Vec<Injected>,
    pub mitigations: Vec<Applied>,
    /// The run's length, in seconds (whole minutes are published; a partial last minute too).
    pub duration_s: u32,
    pub seed: u64,
    /// The wall-clock time of the run's second 0, in Unix seconds (timestamps, trace ids).
    pub start_epoch_s: u64,
    pub logs: LogOptions,
    pub traces: TraceOptions,
}

impl Scenario {
    /// The default system for `duration_s` seconds, no faults, seed 1, starting
    /// 2026-01-05T00:00:00Z; 1 % of requests logged, X-Ray's default sampling over the first
    /// [`DEFAULT_TRACE_WINDOW_S`] seconds.
    pub fn new(duration_s: u32) -> Scenario {
        Scenario {
            system: System::default(),
            faults: Vec::new(),
            mitigations: Vec::new(),
            duration_s,
            seed: 1,
            start_epoch_s: 1_767_571_200,
            logs: LogOptions::default(),
            traces: TraceOptions {
                to_s: (duration_s > DEFAULT_TRACE_WINDOW_S).then_some(DEFAULT_TRACE_WINDOW_S),
                ..TraceOptions::default()
            },
        }
    }
}

fn call(to: &str, kind: CallKind, routes: &[&str]) -> Call {
    Call {
        to: to.to_string(),
        kind,
        percent: 100.0,
        routes: routes.iter().map(|r| r.to_string()).collect(),
    }
}

fn service(
    name: &str,
    kind: Kind,
    p50_ms: f64,
    p99_ms: f64,
    error_percent: f64,
    calls: Vec<Call>,
) -> Service {
    Service {
        name: name.to_string(),
        kind,
        p50_ms,
        p99_ms,
        error_percent,
        timeout_ms: 3_000.0,
        version: "v1".to_string(),
        calls,
    }
}

impl Default for System {
    /// An ALB in front of `web` (ECS), which calls `orders` (ECS) and `payments` (Lambda);
    /// `orders` reads and writes the `orders-db` RDS instance and sends to the `orders-queue`
    /// SQS queue, read by the `worker` Lambda function. Diurnal traffic around 20 requests a
    /// second; `GET /` 60 %, `GET /orders/{id}` 30 %, `POST /checkout` 10 %.
    fn default() -> System {
        let checkout = "POST /checkout";
        let order = "GET /orders/{id}";
        System {
            load_balancer: "app/shop-alb/50dc6c495c0c9188".to_string(),
            target_group: "targetgroup/web/73e2d6bc24d8a067".to_string(),
            cluster: "shop".to_string(),
            front: "web".to_string(),
            endpoints: vec![
                Endpoint {
                    method: "GET".into(),
                    path: "/".into(),
                    percent: 60.0,
                },
                Endpoint {
                    method: "GET".into(),
                    path: "/orders/{id}".into(),
                    percent: 30.0,
                },
                Endpoint {
                    method: "POST".into(),
                    path: "/checkout".into(),
                    percent: 10.0,
                },
            ],
            services: vec![
                service(
                    "web",
                    Kind::Ecs {
                        tasks: 4,
                        rps_per_task: 25.0,
                        memory_mb: 1024,
                    },
                    12.0,
                    60.0,
                    0.1,
                    vec![
                        call("orders", CallKind::Http, &[checkout, order]),
                        call("payments", CallKind::Http, &[checkout]),
                    ],
                ),
                service(
                    "orders",
                    Kind::Ecs {
                        tasks: 3,
                        rps_per_task: 40.0,
                        memory_mb: 1024,
                    },
                    8.0,
                    40.0,
                    0.1,
                    vec![
                        call("orders-db", CallKind::Read, &[]),
                        call("orders-db", CallKind::Write, &[checkout]),
                        call("orders-queue", CallKind::Send, &[checkout]),
                    ],
                ),
                service(
                    "payments",
                    Kind::Lambda {
                        concurrency: 50,
                        memory_mb: 512,
                        timeout_ms: 6_000,
                    },
                    120.0,
                    450.0,
                    0.2,
                    Vec::new(),
                ),
                service(
                    "orders-db",
                    Kind::Rds {
                        max_connections: 200,
                    },
                    3.0,
                    15.0,
                    0.0,
                    Vec::new(),
                ),
                service(
                    "orders-queue",
                    Kind::Sqs {
                        consumer: "worker".into(),
                    },
                    6.0,
                    25.0,
                    0.0,
                    Vec::new(),
                ),
                service(
                    "worker",
                    Kind::Lambda {
                        concurrency: 10,
                        memory_mb: 256,
                        timeout_ms: 30_000,
                    },
                    80.0,
                    300.0,
                    0.1,
                    Vec::new(),
                ),
            ],
            traffic: Traffic::Diurnal {
                mean_rps: 20.0,
                amplitude_percent: 50.0,
                period_s: 86_400,
            },
            emf_namespace: "Shop".to_string(),
        }
    }
}

/// Why a scenario cannot run.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScenarioError {
    /// Where: `system.services[2].calls[0].to`, `faults[1]`…
    pub field: String,
    pub reason: Reason,
}

/// The reasons of a [`ScenarioError`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Reason {
    /// A name that no service has.
    UnknownService { name: String },
    /// Two services share a name.
    DuplicateService { name: String },
    /// The calls go round: the names in order, the first repeated at the end.
    Cycle { path: Vec<String> },
    /// The endpoints' shares add up to `total` percent, not 100.
    Shares { total: f64 },
    /// A percentage outside 0 to 100.
    Percent { value: f64 },
    /// A call of a kind the callee cannot take (a query to a function, a message to a service…).
    CallKind { kind: CallKind, to: String },
    /// The front door is not an ECS service.
    FrontNotEcs,
    /// A consumer that is not a Lambda function.
    ConsumerNotLambda { name: String },
    /// A latency that is not positive and finite with p99 ≥ p50, or a timeout ≤ 0.
    Latency,
    /// A count or size of 0 where at least 1 is needed, or a non-positive capacity.
    Capacity,
    /// A traffic rate outside 0 to 10,000 requests a second, or a bad shape.
    Traffic,
    /// A run of 0 seconds or longer than the limit.
    Duration { max_s: u32 },
    /// More requests than [`MAX_EXPECTED_REQUESTS`] expected.
    TooManyRequests { expected: f64 },
    /// More log events than [`MAX_EXPECTED_LOG_EVENTS`] expected: lower the sampling or the window.
    TooManyLogEvents { expected: f64 },
    /// More traces than [`MAX_EXPECTED_TRACES`] expected: sample or narrow the window.
    TooManyTraces { expected: f64 },
    /// A fault that does not fit its target (a slow query on a service that is no database…).
    FaultTarget,
    /// A fault factor outside 1 to 1000.
    Factor { value: f64 },
    /// A time at or after the end of the run, or an end before its start.
    Time,
    /// No endpoints, or more than [`MAX_SERVICES`] services.
    Size,
}

impl ScenarioError {
    fn new(field: impl Into<String>, reason: Reason) -> ScenarioError {
        ScenarioError {
            field: field.into(),
            reason,
        }
    }
}

fn percent_ok(v: f64) -> bool {
    v.is_finite() && (0.0..=100.0).contains(&v)
}

/// The expected requests per second over the run, before faults.
pub(crate) fn mean_rate(traffic: &Traffic, duration_s: u32) -> f64 {
    match *traffic {
        Traffic::Steady { rps } => rps,
        Traffic::Diurnal {
            mean_rps,
            amplitude_percent,
            ..
        } => mean_rps * (1.0 + amplitude_percent / 100.0),
        Traffic::Spike {
            rps,
            duration_s: d,
            multiplier,
            ..
        } => rps + rps * multiplier * f64::from(d) / f64::from(duration_s.max(1)),
    }
}

/// Checks a scenario; the simulation runs only valid ones.
pub fn validate(scenario: &Scenario) -> Result<(), ScenarioError> {
    let system = &scenario.system;
    if scenario.duration_s == 0 || scenario.duration_s > MAX_DURATION_S {
        return Err(ScenarioError::new(
            "duration_s",
            Reason::Duration {
                max_s: MAX_DURATION_S,
            },
        ));
    }
    if system.services.is_empty()
        || system.services.len() > MAX_SERVICES
        || system.endpoints.is_empty()
    {
        return Err(ScenarioError::new("system", Reason::Size));
    }
    let mut index = BTreeMap::new();
    for (i, s) in system.services.iter().enumerate() {
        if index.insert(s.name.as_str(), i).is_some() {
            return Err(ScenarioError::new(
                format!("system.services[{i}].name"),
                Reason::DuplicateService {
                    name: s.name.clone(),
                },
            ));
        }
    }
    let lookup = |field: String, name: &str| -> Result<usize, ScenarioError> {
        index.get(name).copied().ok_or_else(|| {
            ScenarioError::new(
                field,
                Reason::UnknownService {
                    name: name.to_string(),
                },
            )
        })
    };
    let front = lookup("system.front".into(), &system.front)?;
    if !matches!(system.services[front].kind, Kind::Ecs { .. }) {
        return Err(ScenarioError::new("system.front", Reason::FrontNotEcs));
    }
    let mut total = 0.0;
    for (i, e) in system.endpoints.iter().enumerate() {
        if !percent_ok(e.percent) {
            return Err(ScenarioError::new(
                format!("system.endpoints[{i}].percent"),
                Reason::Percent { value: e.percent },
            ));
        }
        total += e.percent;
    }
    if (total - 100.0).abs() > 1e-6 {
        return Err(ScenarioError::new(
            "system.endpoints",
            Reason::Shares { total },
        ));
    }
    for (i, s) in system.services.iter().enumerate() {
        let at = format!("system.services[{i}]");
        let latency_ok = s.p50_ms.is_finite()
            && s.p50_ms > 0.0
            && s.p99_ms.is_finite()
            && s.p99_ms >= s.p50_ms
            && s.timeout_ms.is_finite()
            && s.timeout_ms > 0.0;
        if !latency_ok {
            return Err(ScenarioError::new(at, Reason::Latency));
        }
        if !percent_ok(s.error_percent) {
            return Err(ScenarioError::new(
                format!("{at}.error_percent"),
                Reason::Percent {
                    value: s.error_percent,
                },
            ));
        }
        match &s.kind {
            Kind::Ecs {
                tasks,
                rps_per_task,
                memory_mb,
            } => {
                if *tasks == 0
                    || *memory_mb == 0
                    || !(rps_per_task.is_finite() && *rps_per_task > 0.0)
                {
                    return Err(ScenarioError::new(format!("{at}.kind"), Reason::Capacity));
                }
            }
            Kind::Lambda {
                concurrency,
                memory_mb,
                timeout_ms,
            } => {
                if *concurrency == 0 || *memory_mb == 0 || *timeout_ms == 0 {
                    return Err(ScenarioError::new(format!("{at}.kind"), Reason::Capacity));
                }
            }
            Kind::Rds { max_connections } => {
                if *max_connections == 0 {
                    return Err(ScenarioError::new(format!("{at}.kind"), Reason::Capacity));
                }
            }
            Kind::Sqs { consumer } => {
                let c = lookup(format!("{at}.kind.consumer"), consumer)?;
                if !matches!(system.services[c].kind, Kind::Lambda { .. }) {
                    return Err(ScenarioError::new(
                        format!("{at}.kind.consumer"),
                        Reason::ConsumerNotLambda {
                            name: consumer.clone(),
                        },
                    ));
                }
            }
        }
        for (j, c) in s.calls.iter().enumerate() {
            let field = format!("{at}.calls[{j}]");
            let to = lookup(format!("{field}.to"), &c.to)?;
            if !percent_ok(c.percent) {
                return Err(ScenarioError::new(
                    format!("{field}.percent"),
                    Reason::Percent { value: c.percent },
                ));
            }
            let fits = matches!(
                (&system.services[to].kind, c.kind),
                (Kind::Ecs { .. } | Kind::Lambda { .. }, CallKind::Http)
                    | (Kind::Rds { .. }, CallKind::Read | CallKind::Write)
                    | (Kind::Sqs { .. }, CallKind::Send)
            );
            if !fits {
                return Err(ScenarioError::new(
                    field,
                    Reason::CallKind {
                        kind: c.kind,
                        to: c.to.clone(),
                    },
                ));
            }
        }
    }
    // Cycles: calls, and a queue's edge to its consumer.
    let edges: Vec<Vec<usize>> = system
        .services
        .iter()
        .map(|s| {
            let mut out: Vec<usize> = s.calls.iter().map(|c| index[c.to.as_str()]).collect();
            if let Kind::Sqs { consumer } = &s.kind {
                out.push(index[consumer.as_str()]);
            }
            out
        })
        .collect();
    if let Some(path) = find_cycle(&edges) {
        let names = path
            .iter()
            .map(|&i| system.services[i].name.clone())
            .collect();
        return Err(ScenarioError::new(
            "system.services",
            Reason::Cycle { path: names },
        ));
    }
    validate_traffic(&system.traffic)?;
    let expected = mean_rate(&system.traffic, scenario.duration_s) * f64::from(scenario.duration_s);
    if expected > MAX_EXPECTED_REQUESTS {
        return Err(ScenarioError::new(
            "system.traffic",
            Reason::TooManyRequests { expected },
        ));
    }
    let logs = &scenario.logs;
    if !percent_ok(logs.sample_percent) {
        return Err(ScenarioError::new(
            "logs.sample_percent",
            Reason::Percent {
                value: logs.sample_percent,
            },
        ));
    }
    let log_window = f64::from(
        logs.to_s
            .unwrap_or(scenario.duration_s)
            .min(scenario.duration_s)
            .saturating_sub(logs.from_s),
    );
    // About 8 lines a logged request (ALB, two services, a function's four lines).
    let log_events =
        mean_rate(&system.traffic, scenario.duration_s) * log_window * logs.sample_percent / 100.0
            * 8.0;
    if log_events > MAX_EXPECTED_LOG_EVENTS {
        return Err(ScenarioError::new(
            "logs",
            Reason::TooManyLogEvents {
                expected: log_events,
            },
        ));
    }
    let traces = &scenario.traces;
    let trace_window = f64::from(
        traces
            .to_s
            .unwrap_or(scenario.duration_s)
            .min(scenario.duration_s)
            .saturating_sub(traces.from_s),
    );
    let rate = mean_rate(&system.traffic, scenario.duration_s);
    let expected_traces = match traces.sampling {
        TraceSampling::Off => 0.0,
        TraceSampling::All => rate * trace_window,
        TraceSampling::Default => trace_window * (1.0 + 0.05 * (rate - 1.0).max(0.0)),
    };
    if expected_traces > MAX_EXPECTED_TRACES {
        return Err(ScenarioError::new(
            "traces",
            Reason::TooManyTraces {
                expected: expected_traces,
            },
        ));
    }
    for (i, f) in scenario.faults.iter().enumerate() {
        let field = format!("faults[{i}]");
        if f.start_s >= scenario.duration_s || f.end_s.is_some_and(|e| e <= f.start_s) {
            return Err(ScenarioError::new(field, Reason::Time));
        }
        let target = lookup(format!("{field}.service"), f.fault.service())?;
        let kind = &system.services[target].kind;
        let ok = match &f.fault {
            Fault::SlowQuery {
                database, factor, ..
            } => {
                check_factor(&field, *factor)?;
                let db = lookup(format!("{field}.database"), database)?;
                matches!(system.services[db].kind, Kind::Rds { .. })
            }
            Fault::MemoryLeak { mb_per_minute, .. } => {
                matches!(kind, Kind::Ecs { .. })
                    && mb_per_minute.is_finite()
                    && *mb_per_minute > 0.0
            }
            Fault::DependencyTimeout { percent, .. } => {
                if !percent_ok(*percent) {
                    return Err(ScenarioError::new(
                        field,
                        Reason::Percent { value: *percent },
                    ));
                }
                matches!(kind, Kind::Ecs { .. } | Kind::Lambda { .. })
            }
            Fault::BadFlag { error_percent, .. } => {
                if !percent_ok(*error_percent) {
                    return Err(ScenarioError::new(
                        field,
                        Reason::Percent {
                            value: *error_percent,
                        },
                    ));
                }
                true
            }
            Fault::NoisyNeighbour {
                task_percent,
                factor,
                ..
            } => {
                check_factor(&field, *factor)?;
                if !percent_ok(*task_percent) {
                    return Err(ScenarioError::new(
                        field,
                        Reason::Percent {
                            value: *task_percent,
                        },
                    ));
                }
                matches!(kind, Kind::Ecs { .. })
            }
            Fault::Throttling { concurrency, .. } => {
                matches!(kind, Kind::Lambda { .. }) && *concurrency > 0
            }
        };
        if !ok {
            return Err(ScenarioError::new(field, Reason::FaultTarget));
        }
    }
    for (i, m) in scenario.mitigations.iter().enumerate() {
        let field = format!("mitigations[{i}]");
        if m.at_s >= scenario.duration_s {
            return Err(ScenarioError::new(field, Reason::Time));
        }
        match &m.mitigation {
            Mitigation::FlagOff { .. } => {}
            Mitigation::Rollback { service } => {
                lookup(format!("{field}.service"), service)?;
            }
            Mitigation::ScaleOut { service, tasks } => {
                let s = lookup(format!("{field}.service"), service)?;
                if !matches!(system.services[s].kind, Kind::Ecs { .. }) || *tasks == 0 {
                    return Err(ScenarioError::new(field, Reason::FaultTarget));
                }
            }
            Mitigation::RaiseLimit {
                service,
                concurrency,
            } => {
                let s = lookup(format!("{field}.service"), service)?;
                if !matches!(system.services[s].kind, Kind::Lambda { .. }) || *concurrency == 0 {
                    return Err(ScenarioError::new(field, Reason::FaultTarget));
                }
            }
        }
    }
    Ok(())
}

fn check_factor(field: &str, factor: f64) -> Result<(), ScenarioError> {
    if factor.is_finite() && (1.0..=1_000.0).contains(&factor) {
        Ok(())
    } else {
        Err(ScenarioError::new(field, Reason::Factor { value: factor }))
    }
}

fn validate_traffic(traffic: &Traffic) -> Result<(), ScenarioError> {
    let rate_ok = |r: f64| r.is_finite() && (0.0..=10_000.0).contains(&r);
    let ok = match *traffic {
        Traffic::Steady { rps } => rate_ok(rps),
        Traffic::Diurnal {
            mean_rps,
            amplitude_percent,
            period_s,
        } => rate_ok(mean_rps) && percent_ok(amplitude_percent) && period_s > 0,
        Traffic::Spike {
            rps,
            duration_s,
            multiplier,
            ..
        } => {
            rate_ok(rps)
                && duration_s > 0
                && multiplier.is_finite()
                && (0.0..=100.0).contains(&multiplier)
        }
    };
    if ok {
        Ok(())
    } else {
        Err(ScenarioError::new("system.traffic", Reason::Traffic))
    }
}

/// A cycle in a graph given by its out-edges, as the nodes in order with the first repeated.
fn find_cycle(edges: &[Vec<usize>]) -> Option<Vec<usize>> {
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; edges.len()];
    let mut stack: Vec<usize> = Vec::new();
    fn visit(
        n: usize,
        edges: &[Vec<usize>],
        state: &mut [u8],
        stack: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        state[n] = 1;
        stack.push(n);
        for &m in &edges[n] {
            if state[m] == 1 {
                let start = stack.iter().position(|&x| x == m).unwrap_or(0);
                let mut path = stack[start..].to_vec();
                path.push(m);
                return Some(path);
            }
            if state[m] == 0 {
                if let Some(p) = visit(m, edges, state, stack) {
                    return Some(p);
                }
            }
        }
        stack.pop();
        state[n] = 2;
        None
    }
    for n in 0..edges.len() {
        if state[n] == 0 {
            if let Some(p) = visit(n, edges, &mut state, &mut stack) {
                return Some(p);
            }
        }
    }
    None
}
