//! The second-by-second loop: requests one by one through the services, every signal recorded from the same request.

use std::collections::{BTreeMap, VecDeque};

use crate::numbers::{exp, hash64, ln, LogNormal, Rng};

use super::model::{
    validate, CallKind, Fault, Kind, Mitigation, Scenario, ScenarioError, TraceSampling,
};
use super::output::{
    Datapoint, Edge, Event, EventKind, Http, LogEvent, MetricSeries, Node, Run, Segment,
    ServiceGraph, Subsegment, Trace, Unit, BUCKET_RATIO,
};

/// How long a replaced or added ECS task takes to serve, in seconds.
const TASK_START_S: u32 = 60;
/// How long an ECS task killed for its memory takes to come back, in seconds.
const OOM_RESTART_S: u32 = 45;
/// How long an ECS service's call hangs under a dependency timeout, in milliseconds.
const ECS_HANG_MS: f64 = 30_000.0;

// The load balancer's series, created first in this order.
const ALB_REQUESTS: usize = 0;
const ALB_ELB_5XX: usize = 1;
const ALB_RESPONSE_TIME: usize = 2;
const ALB_TARGET_5XX: usize = 3;
const ALB_HEALTHY: usize = 4;

/// Runs a scenario.
pub fn simulate(scenario: &Scenario) -> Result<Run, ScenarioError> {
    validate(scenario)?;
    let mut sim = Sim::new(scenario);
    for t in 0..scenario.duration_s {
        sim.second(t);
    }
    Ok(sim.finish())
}

/// One metric's open period.
struct Acc {
    count: u64,
    sum: f64,
    min: f64,
    max: f64,
    buckets: BTreeMap<i32, u64>,
    histogram: bool,
    /// Whether a period whose samples sum to 0 is published (CloudWatch's "reporting
    /// criteria: there is a nonzero value" metrics are not).
    zero: bool,
}

struct Metrics {
    series: Vec<MetricSeries>,
    accs: Vec<Acc>,
    ln_ratio: f64,
}

impl Metrics {
    fn add_series(
        &mut self,
        namespace: &str,
        name: &str,
        dims: &[(&str, &str)],
        unit: Unit,
        histogram: bool,
        zero: bool,
    ) -> usize {
        self.series.push(MetricSeries {
            namespace: namespace.to_string(),
            metric_name: name.to_string(),
            dimensions: dims
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            unit,
            period_s: 60,
            datapoints: Vec::new(),
        });
        self.accs.push(Acc {
            count: 0,
            sum: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            buckets: BTreeMap::new(),
            histogram,
            zero,
        });
        self.series.len() - 1
    }

    fn add(&mut self, id: usize, value: f64) {
        let acc = &mut self.accs[id];
        acc.count += 1;
        acc.sum += value;
        acc.min = acc.min.min(value);
        acc.max = acc.max.max(value);
        if acc.histogram {
            let k = if value <= 0.0 {
                i32::MIN
            } else {
                (ln(value) / self.ln_ratio).ceil() as i32
            };
            *acc.buckets.entry(k).or_insert(0) += 1;
        }
    }

    fn flush(&mut self) {
        for (acc, series) in self.accs.iter_mut().zip(self.series.iter_mut()) {
            let point = if acc.count == 0 || (!acc.zero && acc.sum == 0.0) {
                None
            } else {
                Some(Datapoint {
                    sample_count: acc.count,
                    sum: acc.sum,
                    minimum: acc.min,
                    maximum: acc.max,
                    histogram: std::mem::take(&mut acc.buckets).into_iter().collect(),
                })
            };
            series.datapoints.push(point);
            acc.count = 0;
            acc.sum = 0.0;
            acc.min = f64::INFINITY;
            acc.max = f64::NEG_INFINITY;
            acc.buckets.clear();
        }
    }
}

struct Task {
    id: String,
    memory_mb: f64,
    ready_at: u32,
    noisy: bool,
    served: u32,
}

struct Message {
    sent_ms: f64,
    req: Req,
}

/// One service's changing state.
struct State {
    version: String,
    original_version: String,
    tasks: Vec<Task>,
    task_counter: u64,
    round_robin: usize,
    /// Scratch: the ready tasks' indexes.
    ready: Vec<usize>,
    /// Lambda: the concurrency limit and the end times of executions in flight.
    limit: u32,
    limit_before_fault: u32,
    in_flight: Vec<f64>,
    busy_ms: f64,
    /// RDS: query time this second.
    query_ms: f64,
    /// SQS: the messages waiting.
    queue: VecDeque<Message>,
    /// EMF counters of the open minute.
    emf_requests: u64,
    emf_errors: u64,
    ids: BTreeMap<&'static str, usize>,
}

/// What one request carries down the call chain.
#[derive(Clone)]
struct Req {
    number: u64,
    /// The front door's endpoint.
    endpoint: usize,
    /// The request id and trace id, only for requests logged or traced.
    request_id: String,
    trace_id: String,
    logged: bool,
    trace: Option<usize>,
}

/// What a service's answer looked like to its caller.
struct Hop {
    status: u16,
    duration_ms: f64,
    throttle: bool,
}

struct Sim<'a> {
    sc: &'a Scenario,
    rng: Rng,
    metrics: Metrics,
    states: Vec<State>,
    index: BTreeMap<&'a str, usize>,
    active: Vec<bool>,
    run: Run,
    requests: u64,
    ids: u64,
}

/// A version 4 UUID from 128 bits.
fn uuid(a: u64, b: u64) -> String {
    format!(
        "{}-{}-4{}-{}-{}",
        hex(a >> 32, 8),
        hex(a >> 16, 4),
        hex(a, 3),
        hex(0x8000 | (b >> 48 & 0x3fff), 4),
        hex(b, 12)
    )
}

/// Whether `METHOD path` names an endpoint, without building the string.
fn route_is(route: &str, ep: &super::model::Endpoint) -> bool {
    route.len() == ep.method.len() + 1 + ep.path.len()
        && route.starts_with(ep.method.as_str())
        && route.as_bytes()[ep.method.len()] == b' '
        && route.ends_with(ep.path.as_str())
}

fn hex(h: u64, digits: usize) -> String {
    let s = format!("{h:016x}");
    s[16 - digits.min(16)..].to_string()
}

/// Civil date and time of a Unix time in milliseconds: (year, month, day, hour, minute, second, millisecond).
fn civil(ms: u64) -> (i64, u32, u32, u32, u32, u32, u32) {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        month,
        day,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
        (ms % 1000) as u32,
    )
}

/// ISO 8601 with milliseconds: `2026-01-05T00:00:01.250Z`.
fn iso(ms: u64) -> String {
    let (y, mo, d, h, mi, s, milli) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl<'a> Sim<'a> {
    fn new(sc: &'a Scenario) -> Sim<'a> {
        let system = &sc.system;
        let mut metrics = Metrics {
            series: Vec::new(),
            accs: Vec::new(),
            ln_ratio: ln(BUCKET_RATIO),
        };
        let lb = system.load_balancer.as_str();
        let tg = system.target_group.as_str();
        // AWS/ApplicationELB: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
        // ("reported only when requests are flowing"; the counts only when nonzero).
        let ns = "AWS/ApplicationELB";
        metrics.add_series(
            ns,
            "RequestCount",
            &[("LoadBalancer", lb)],
            Unit::Count,
            false,
            false,
        );
        metrics.add_series(
            ns,
            "HTTPCode_ELB_5XX_Count",
            &[("LoadBalancer", lb)],
            Unit::Count,
            false,
            false,
        );
        let both = [("LoadBalancer", lb), ("TargetGroup", tg)];
        metrics.add_series(ns, "TargetResponseTime", &both, Unit::Seconds, true, true);
        metrics.add_series(
            ns,
            "HTTPCode_Target_5XX_Count",
            &both,
            Unit::Count,
            false,
            false,
        );
        metrics.add_series(ns, "HealthyHostCount", &both, Unit::Count, true, true);
        let mut states = Vec::new();
        let mut index = BTreeMap::new();
        for (i, s) in system.services.iter().enumerate() {
            index.insert(s.name.as_str(), i);
            let name = s.name.as_str();
            let mut ids = BTreeMap::new();
            let mut tasks = Vec::new();
            let mut limit = 0;
            match &s.kind {
                Kind::Ecs {
                    tasks: n,
                    memory_mb,
                    ..
                } => {
                    // AWS/ECS: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
                    let dims = [
                        ("ClusterName", system.cluster.as_str()),
                        ("ServiceName", name),
                    ];
                    ids.insert(
                        "CPUUtilization",
                        metrics.add_series(
                            "AWS/ECS",
                            "CPUUtilization",
                            &dims,
                            Unit::Percent,
                            true,
                            true,
                        ),
                    );
                    ids.insert(
                        "MemoryUtilization",
                        metrics.add_series(
                            "AWS/ECS",
                            "MemoryUtilization",
                            &dims,
                            Unit::Percent,
                            true,
                            true,
                        ),
                    );
                    for k in 0..*n {
                        tasks.push(Task {
                            id: hex(
                                hash64(&[
                                    &sc.seed.to_le_bytes(),
                                    name.as_bytes(),
                                    &u64::from(k).to_le_bytes(),
                                ]),
                                16,
                            ) + &hex(
                                hash64(&[name.as_bytes(), &u64::from(k).to_le_bytes()]),
                                16,
                            ),
                            memory_mb: f64::from(*memory_mb) * 0.3,
                            ready_at: 0,
                            noisy: false,
                            served: 0,
                        });
                    }
                }
                Kind::Lambda { concurrency, .. } => {
                    // AWS/Lambda: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
                    // (Invocations and Errors are per-invocation binary indicators; Throttles are not invocations.)
                    let dims = [("FunctionName", name)];
                    ids.insert(
                        "Invocations",
                        metrics.add_series(
                            "AWS/Lambda",
                            "Invocations",
                            &dims,
                            Unit::Count,
                            false,
                            false,
                        ),
                    );
                    ids.insert(
                        "Errors",
                        metrics.add_series("AWS/Lambda", "Errors", &dims, Unit::Count, false, true),
                    );
                    ids.insert(
                        "Duration",
                        metrics.add_series(
                            "AWS/Lambda",
                            "Duration",
                            &dims,
                            Unit::Milliseconds,
                            true,
                            true,
                        ),
                    );
                    ids.insert(
                        "Throttles",
                        metrics.add_series(
                            "AWS/Lambda",
                            "Throttles",
                            &dims,
                            Unit::Count,
                            false,
                            false,
                        ),
                    );
                    ids.insert(
                        "ConcurrentExecutions",
                        metrics.add_series(
                            "AWS/Lambda",
                            "ConcurrentExecutions",
                            &dims,
                            Unit::Count,
                            true,
                            true,
                        ),
                    );
                    limit = *concurrency;
                }
                Kind::Rds { .. } => {
                    // AWS/RDS: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html (latencies in seconds).
                    let dims = [("DBInstanceIdentifier", name)];
                    ids.insert(
                        "CPUUtilization",
                        metrics.add_series(
                            "AWS/RDS",
                            "CPUUtilization",
                            &dims,
                            Unit::Percent,
                            true,
                            true,
                        ),
                    );
                    ids.insert(
                        "DatabaseConnections",
                        metrics.add_series(
                            "AWS/RDS",
                            "DatabaseConnections",
                            &dims,
                            Unit::Count,
                            true,
                            true,
                        ),
                    );
                    ids.insert(
                        "ReadLatency",
                        metrics.add_series(
                            "AWS/RDS",
                            "ReadLatency",
                            &dims,
                            Unit::Seconds,
                            true,
                            true,
                        ),
                    );
                    ids.insert(
                        "WriteLatency",
                        metrics.add_series(
                            "AWS/RDS",
                            "WriteLatency",
                            &dims,
                            Unit::Seconds,
                            true,
                            true,
                        ),
                    );
                }
                Kind::Sqs { .. } => {
                    // AWS/SQS: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
                    let dims = [("QueueName", name)];
                    ids.insert(
                        "NumberOfMessagesSent",
                        metrics.add_series(
                            "AWS/SQS",
                            "NumberOfMessagesSent",
                            &dims,
                            Unit::Count,
                            false,
                            true,
                        ),
                    );
                    ids.insert(
                        "ApproximateNumberOfMessagesVisible",
                        metrics.add_series(
                            "AWS/SQS",
                            "ApproximateNumberOfMessagesVisible",
                            &dims,
                            Unit::Count,
                            true,
                            true,
                        ),
                    );
                    ids.insert(
                        "ApproximateAgeOfOldestMessage",
                        metrics.add_series(
                            "AWS/SQS",
                            "ApproximateAgeOfOldestMessage",
                            &dims,
                            Unit::Seconds,
                            true,
                            true,
                        ),
                    );
                }
            }
            if matches!(s.kind, Kind::Ecs { .. } | Kind::Lambda { .. }) {
                // Custom metrics from the embedded metric format lines (one line a minute).
                let dims = [("Service", name)];
                ids.insert(
                    "Requests",
                    metrics.add_series(
                        &system.emf_namespace,
                        "Requests",
                        &dims,
                        Unit::Count,
                        false,
                        true,
                    ),
                );
                ids.insert(
                    "Errors5xx",
                    metrics.add_series(
                        &system.emf_namespace,
                        "Errors",
                        &dims,
                        Unit::Count,
                        false,
                        true,
                    ),
                );
            }
            states.push(State {
                version: s.version.clone(),
                original_version: s.version.clone(),
                task_counter: tasks.len() as u64,
                tasks,
                round_robin: 0,
                ready: Vec::new(),
                limit,
                limit_before_fault: limit,
                in_flight: Vec::new(),
                busy_ms: 0.0,
                query_ms: 0.0,
                queue: VecDeque::new(),
                emf_requests: 0,
                emf_errors: 0,
                ids,
            });
        }
        Sim {
            sc,
            rng: Rng::new(sc.seed),
            metrics,
            states,
            index,
            active: vec![false; sc.faults.len()],
            run: Run::default(),
            requests: 0,
            ids: 0,
        }
    }

    fn id_hash(&mut self, what: &[u8]) -> u64 {
        self.ids += 1;
        hash64(&[&self.sc.seed.to_le_bytes(), what, &self.ids.to_le_bytes()])
    }

    fn uuid(&mut self) -> String {
        let a = self.id_hash(b"uuid-a");
        let b = self.id_hash(b"uuid-b");
        uuid(a, b)
    }

    fn epoch_ms(&self, run_ms: f64) -> u64 {
        self.sc.start_epoch_s * 1000 + run_ms.max(0.0) as u64
    }

    fn epoch_s(&self, run_ms: f64) -> f64 {
        self.sc.start_epoch_s as f64 + run_ms / 1000.0
    }

    fn log(&mut self, run_ms: f64, group: String, stream: String, message: String) {
        let timestamp_ms = self.epoch_ms(run_ms);
        self.run.logs.push(LogEvent {
            timestamp_ms,
            log_group: group,
            log_stream: stream,
            message,
        });
    }

    fn event(&mut self, at_s: u32, kind: EventKind) {
        self.run.events.push(Event { at_s, kind });
    }

    fn in_window(t: u32, from: u32, to: Option<u32>) -> bool {
        t >= from && to.is_none_or(|to| t < to)
    }

    // ---- faults and mitigations ----

    fn start_fault(&mut self, i: usize, t: u32) {
        let sc = self.sc;
        let fault = &sc.faults[i].fault;
        let s = self.index[fault.service()];
        match fault {
            Fault::SlowQuery { version, .. } | Fault::MemoryLeak { version, .. } => {
                let from = std::mem::replace(&mut self.states[s].version, version.clone());
                self.event(
                    t,
                    EventKind::Deploy {
                        service: fault.service().to_string(),
                        from,
                        to: version.clone(),
                    },
                );
            }
            Fault::BadFlag { flag, .. } => {
                self.event(
                    t,
                    EventKind::FlagChanged {
                        flag: flag.clone(),
                        enabled: true,
                    },
                );
            }
            Fault::NoisyNeighbour { task_percent, .. } => {
                let tasks = &mut self.states[s].tasks;
                let n = ((task_percent / 100.0) * tasks.len() as f64).ceil() as usize;
                for task in tasks.iter_mut().take(n) {
                    task.noisy = true;
                }
            }
            Fault::Throttling { concurrency, .. } => {
                let state = &mut self.states[s];
                state.limit_before_fault = state.limit;
                let from = std::mem::replace(&mut state.limit, *concurrency);
                self.event(
                    t,
                    EventKind::LimitChanged {
                        service: fault.service().to_string(),
                        from,
                        to: *concurrency,
                    },
                );
            }
            Fault::DependencyTimeout { .. } => {}
        }
        self.active[i] = true;
        self.event(
            t,
            EventKind::FaultStarted {
                fault: i,
                description: fault.describe(),
            },
        );
    }

    fn end_fault(&mut self, i: usize, t: u32, mitigation: Option<usize>) {
        self.active[i] = false;
        let sc = self.sc;
        let fault = &sc.faults[i].fault;
        let s = self.index[fault.service()];
        if mitigation.is_none() {
            match fault {
                Fault::NoisyNeighbour { .. } => {
                    for task in &mut self.states[s].tasks {
                        task.noisy = false;
                    }
                }
                Fault::Throttling { .. } => {
                    let state = &mut self.states[s];
                    let from = std::mem::replace(&mut state.limit, state.limit_before_fault);
                    let to = state.limit;
                    self.event(
                        t,
                        EventKind::LimitChanged {
                            service: fault.service().to_string(),
                            from,
                            to,
                        },
                    );
                }
                _ => {}
            }
        }
        self.event(
            t,
            EventKind::FaultEnded {
                fault: i,
                mitigation,
            },
        );
    }

    fn mitigate(&mut self, m: usize, t: u32) {
        let sc = self.sc;
        let mitigation = &sc.mitigations[m].mitigation;
        match mitigation {
            Mitigation::Rollback { service } => {
                let s = self.index[service.as_str()];
                let to = self.states[s].original_version.clone();
                let from = std::mem::replace(&mut self.states[s].version, to.clone());
                self.event(
                    t,
                    EventKind::Rollback {
                        service: service.clone(),
                        from,
                        to,
                    },
                );
                if let Kind::Ecs { memory_mb, .. } = self.sc.system.services[s].kind {
                    // A rollback replaces every task: fresh memory, fresh hosts.
                    let n = self.states[s].tasks.len();
                    for k in 0..n {
                        let id = self.new_task_id(s);
                        let task = &mut self.states[s].tasks[k];
                        task.id = id;
                        task.memory_mb = f64::from(memory_mb) * 0.3;
                        task.noisy = false;
                    }
                }
            }
            Mitigation::FlagOff { flag } => {
                self.event(
                    t,
                    EventKind::FlagChanged {
                        flag: flag.clone(),
                        enabled: false,
                    },
                );
            }
            Mitigation::ScaleOut { service, tasks } => {
                let s = self.index[service.as_str()];
                let from = self.states[s].tasks.len() as u32;
                if let Kind::Ecs { memory_mb, .. } = self.sc.system.services[s].kind {
                    while (self.states[s].tasks.len() as u32) < *tasks {
                        let id = self.new_task_id(s);
                        self.states[s].tasks.push(Task {
                            id,
                            memory_mb: f64::from(memory_mb) * 0.3,
                            ready_at: t + TASK_START_S,
                            noisy: false,
                            served: 0,
                        });
                    }
                    self.states[s].tasks.truncate(*tasks as usize);
                }
                self.event(
                    t,
                    EventKind::Scaled {
                        service: service.clone(),
                        from,
                        to: *tasks,
                    },
                );
            }
            Mitigation::RaiseLimit {
                service,
                concurrency,
            } => {
                let s = self.index[service.as_str()];
                let from = std::mem::replace(&mut self.states[s].limit, *concurrency);
                self.event(
                    t,
                    EventKind::LimitChanged {
                        service: service.clone(),
                        from,
                        to: *concurrency,
                    },
                );
            }
        }
        for i in 0..self.sc.faults.len() {
            if self.active[i] && self.sc.faults[i].fault.ended_by(mitigation) {
                self.end_fault(i, t, Some(m));
            }
        }
    }

    fn new_task_id(&mut self, s: usize) -> String {
        self.states[s].task_counter += 1;
        let a = self.id_hash(b"task");
        let b = self.id_hash(b"task");
        hex(a, 16) + &hex(b, 16)
    }

    fn active_faults(&self) -> impl Iterator<Item = &'a Fault> + '_ {
        self.sc
            .faults
            .iter()
            .zip(self.active.iter())
            .filter(|(_, a)| **a)
            .map(|(f, _)| &f.fault)
    }

    // ---- the loop ----

    fn second(&mut self, t: u32) {
        for i in 0..self.sc.faults.len() {
            if self.active[i] && self.sc.faults[i].end_s == Some(t) {
                self.end_fault(i, t, None);
            }
        }
        for i in 0..self.sc.faults.len() {
            if self.sc.faults[i].start_s == t {
                self.start_fault(i, t);
            }
        }
        for m in 0..self.sc.mitigations.len() {
            if self.sc.mitigations[m].at_s == t {
                self.mitigate(m, t);
            }
        }
        self.tasks_tick(t);

        let sc = self.sc;
        let system = &sc.system;
        let rate = system.traffic.rate_at(t);
        let n = self.rng.poisson(rate);
        let mut offsets: Vec<f64> = (0..n).map(|_| self.rng.next_f64() * 1000.0).collect();
        offsets.sort_by(f64::total_cmp);
        let front = self.index[system.front.as_str()];
        let capacity = self.capacity(front, t);
        let mut admitted = 0u64;
        for (k, offset) in offsets.into_iter().enumerate() {
            let u = self.rng.next_f64() * 100.0;
            let mut acc = 0.0;
            let mut endpoint = system.endpoints.len() - 1;
            for (e, ep) in system.endpoints.iter().enumerate() {
                acc += ep.percent;
                if u < acc {
                    endpoint = e;
                    break;
                }
            }
            let start_ms = f64::from(t) * 1000.0 + offset;
            let over = admitted >= capacity;
            if !over {
                admitted += 1;
            }
            self.request(t, k == 0, endpoint, start_ms, over, front);
        }
        self.consume_queues(t);
        self.sample_second(t);
        if t % 60 == 59 || t + 1 == self.sc.duration_s {
            self.close_minute(t);
        }
    }

    /// The requests an ECS service's ready tasks can serve in second `t`.
    fn capacity(&self, s: usize, t: u32) -> u64 {
        if let Kind::Ecs { rps_per_task, .. } = self.sc.system.services[s].kind {
            let ready = self.states[s]
                .tasks
                .iter()
                .filter(|k| k.ready_at <= t)
                .count();
            (ready as f64 * rps_per_task).floor() as u64
        } else {
            u64::MAX
        }
    }

    fn tasks_tick(&mut self, t: u32) {
        for s in 0..self.states.len() {
            let Kind::Ecs { memory_mb, .. } = self.sc.system.services[s].kind else {
                continue;
            };
            let leak: f64 = self
                .active_faults()
                .filter_map(|f| match f {
                    Fault::MemoryLeak {
                        service,
                        mb_per_minute,
                        ..
                    } if self.index[service.as_str()] == s => Some(*mb_per_minute),
                    _ => None,
                })
                .sum();
            let n = self.states[s].tasks.len();
            for k in 0..n {
                let task = &mut self.states[s].tasks[k];
                task.served = 0;
                if leak > 0.0 && task.ready_at <= t {
                    // Tasks leak at slightly different rates, so they do not all die together.
                    task.memory_mb += leak / 60.0 * (1.0 + 0.25 * k as f64 / n as f64);
                    if task.memory_mb >= f64::from(memory_mb) {
                        let old = std::mem::take(&mut task.id);
                        let id = self.new_task_id(s);
                        let task = &mut self.states[s].tasks[k];
                        task.id = id;
                        task.memory_mb = f64::from(memory_mb) * 0.3;
                        task.ready_at = t + OOM_RESTART_S;
                        let service = self.sc.system.services[s].name.clone();
                        // The stopped reason ECS gives a container killed for its memory.
                        self.event(
                            t,
                            EventKind::TaskStopped {
                                service,
                                task: old,
                                reason: "OutOfMemoryError: Container killed due to memory usage"
                                    .to_string(),
                            },
                        );
                    }
                }
            }
        }
    }

    fn request(
        &mut self,
        t: u32,
        first_of_second: bool,
        endpoint: usize,
        start_ms: f64,
        over: bool,
        front: usize,
    ) {
        let sc = self.sc;
        self.requests += 1;
        let number = self.requests;
        let u_log = hash64(&[&sc.seed.to_le_bytes(), b"log", &number.to_le_bytes()]) as f64
            / 18_446_744_073_709_551_616.0;
        let logged = sc.logs.sample_percent > 0.0
            && u_log * 100.0 < sc.logs.sample_percent
            && Self::in_window(t, sc.logs.from_s, sc.logs.to_s);
        let u_trace = hash64(&[&sc.seed.to_le_bytes(), b"trace", &number.to_le_bytes()]) as f64
            / 18_446_744_073_709_551_616.0;
        let traced = Self::in_window(t, sc.traces.from_s, sc.traces.to_s)
            && match sc.traces.sampling {
                TraceSampling::Off => false,
                TraceSampling::All => true,
                // X-Ray's default rule: the first request each second, then 5 % of the rest.
                TraceSampling::Default => first_of_second || u_trace < 0.05,
            };
        // Ids from the request's number, made only for the requests that show them.
        let (trace_id, request_id) = if logged || traced {
            let seed = sc.seed.to_le_bytes();
            let a = hash64(&[&seed, b"trace-a", &number.to_le_bytes()]);
            let b = hash64(&[&seed, b"trace-b", &number.to_le_bytes()]);
            let trace_id = format!(
                "1-{:08x}-{}{}",
                (self.epoch_ms(start_ms) / 1000) as u32,
                hex(a, 8),
                hex(b, 16)
            );
            (
                trace_id,
                uuid(hash64(&[&seed, b"request", &number.to_le_bytes()]), b),
            )
        } else {
            (String::new(), String::new())
        };
        let trace = if traced {
            self.run.traces.push(Trace {
                id: trace_id.clone(),
                request_id: request_id.clone(),
                segments: Vec::new(),
            });
            self.run.totals.traced += 1;
            Some(self.run.traces.len() - 1)
        } else {
            None
        };
        if logged {
            self.run.totals.logged += 1;
        }
        let req = Req {
            number,
            endpoint,
            request_id,
            trace_id,
            logged,
            trace,
        };
        self.run.totals.requests += 1;
        self.metrics.add(ALB_REQUESTS, 1.0);
        let (elb_status, target_status, target_ms) = if over {
            self.run.totals.elb_5xx += 1;
            self.metrics.add(ALB_ELB_5XX, 1.0);
            (503u16, None, None)
        } else {
            self.metrics.add(ALB_ELB_5XX, 0.0);
            let hop = self.serve(front, &req, start_ms + 1.0, None);
            self.metrics
                .add(ALB_RESPONSE_TIME, hop.duration_ms / 1000.0);
            let five = hop.status >= 500;
            if five {
                self.run.totals.target_5xx += 1;
            }
            self.metrics
                .add(ALB_TARGET_5XX, if five { 1.0 } else { 0.0 });
            (hop.status, Some(hop.status), Some(hop.duration_ms))
        };
        if logged && sc.logs.access_logs {
            self.access_log(&req, start_ms, elb_status, target_status, target_ms, front);
        }
    }

    /// An Application Load Balancer access log entry, its documented space-separated fields
    /// in order: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
    fn access_log(
        &mut self,
        req: &Req,
        start_ms: f64,
        elb: u16,
        target: Option<u16>,
        target_ms: Option<f64>,
        front: usize,
    ) {
        let sc = self.sc;
        let end_ms = start_ms + 1.0 + target_ms.unwrap_or(0.0);
        let lb = &sc.system.load_balancer;
        let client = format!(
            "203.0.113.{}:{}",
            1 + req.number % 250,
            1024 + req.number % 60_000
        );
        let (target_addr, target_time, status) = match (target, target_ms) {
            (Some(status), Some(ms)) => (
                format!(
                    "10.0.{}.{}:8080",
                    1 + req.number % 3,
                    10 + self.states[front].round_robin % 200
                ),
                format!("{:.3}", ms / 1000.0),
                status.to_string(),
            ),
            // The load balancer could not dispatch: no target, -1 for the target's time.
            _ => ("-".to_string(), "-1".to_string(), "-".to_string()),
        };
        let tg_arn = format!(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:{}",
            sc.system.target_group
        );
        let line = format!(
            "http {} {} {} {} 0.001 {} 0.000 {} {} {} {} \"{} http://shop.example.com:80{} HTTP/1.1\" \"Mozilla/5.0\" - - {} \"Root={}\" \"-\" \"-\" 0 {} \"forward\" \"-\" \"-\" \"{}\" \"{}\" \"-\" \"-\"",
            iso_micro(self.epoch_ms(end_ms)),
            lb,
            client,
            target_addr,
            target_time,
            elb,
            status,
            180 + req.number % 200,
            if elb >= 500 { 162 } else { 512 + req.number % 4096 },
            sc.system.endpoints[req.endpoint].method,
            sc.system.endpoints[req.endpoint].path.replace("{id}", &(1000 + req.number % 9000).to_string()),
            tg_arn,
            req.trace_id,
            iso_micro(self.epoch_ms(start_ms)),
            target_addr,
            status,
        );
        let lb_name = lb.split('/').nth(1).unwrap_or(lb).to_string();
        self.log(
            end_ms,
            format!("alb-access-logs/{lb_name}"),
            lb.clone(),
            line,
        );
    }

    fn draw_ms(&mut self, s: usize) -> f64 {
        let svc = &self.sc.system.services[s];
        let d = LogNormal::from_p50_p99(svc.p50_ms, svc.p99_ms);
        exp(d.mu + d.sigma * self.rng.normal())
    }

    fn roll(&mut self, percent: f64) -> bool {
        percent > 0.0 && self.rng.next_f64() * 100.0 < percent
    }

    /// Serves one request on an ECS service or a Lambda function.
    fn serve(&mut self, s: usize, req: &Req, start_ms: f64, parent: Option<String>) -> Hop {
        let sc = self.sc;
        let svc = &sc.system.services[s];
        let ep = &sc.system.endpoints[req.endpoint];
        let traced = req.trace.is_some();
        let t = (start_ms / 1000.0) as u32;
        let is_lambda = matches!(svc.kind, Kind::Lambda { .. });
        let mut factor = 1.0;
        let mut task_id = String::new();
        if let Kind::Ecs { rps_per_task, .. } = svc.kind {
            let state = &mut self.states[s];
            state.ready.clear();
            state
                .ready
                .extend((0..state.tasks.len()).filter(|&k| state.tasks[k].ready_at <= t));
            let ready = std::mem::take(&mut state.ready);
            let free = ready
                .iter()
                .copied()
                .find(|&k| f64::from(state.tasks[k].served) < rps_per_task);
            let Some(_) = free else {
                state.ready = ready;
                return Hop {
                    status: 503,
                    duration_ms: 0.5,
                    throttle: false,
                };
            };
            // Round robin over the ready tasks with room this second.
            let mut pick = ready[state.round_robin % ready.len()];
            for step in 0..ready.len() {
                let k = ready[(state.round_robin + step) % ready.len()];
                if f64::from(state.tasks[k].served) < rps_per_task {
                    pick = k;
                    break;
                }
            }
            state.round_robin = state.round_robin.wrapping_add(1);
            state.ready = ready;
            state.tasks[pick].served += 1;
            if req.logged || traced {
                task_id = state.tasks[pick].id.clone();
            }
            let noisy = state.tasks[pick].noisy;
            if noisy {
                for f in self.active_faults() {
                    if let Fault::NoisyNeighbour {
                        service, factor: x, ..
                    } = f
                    {
                        if service == &svc.name {
                            factor *= x;
                        }
                    }
                }
            }
        }
        if is_lambda {
            let state = &mut self.states[s];
            state.in_flight.retain(|&end| end > start_ms);
            if state.in_flight.len() as u32 >= state.limit {
                let id = state.ids["Throttles"];
                self.metrics.add(id, 1.0);
                return Hop {
                    status: 429,
                    duration_ms: 1.0,
                    throttle: true,
                };
            }
        }
        let invocation_id = if is_lambda && req.logged {
            self.uuid()
        } else {
            req.request_id.clone()
        };
        let segment_id = if traced {
            hex(self.id_hash(b"segment"), 16)
        } else {
            String::new()
        };
        let mut elapsed = self.draw_ms(s) * factor;
        let mut status = 200u16;
        let mut error: Option<(String, String)> = None;
        let mut subsegments = Vec::new();
        let flag_percent: f64 = self
            .active_faults()
            .filter_map(|f| match f {
                Fault::BadFlag {
                    service,
                    route,
                    error_percent,
                    ..
                } if service == &svc.name && route_is(route, ep) => Some(*error_percent),
                _ => None,
            })
            .sum();
        let hang: f64 = self
            .active_faults()
            .filter_map(|f| match f {
                Fault::DependencyTimeout { service, percent } if service == &svc.name => {
                    Some(*percent)
                }
                _ => None,
            })
            .sum();
        let lambda_timeout = match svc.kind {
            Kind::Lambda { timeout_ms, .. } => f64::from(timeout_ms),
            _ => ECS_HANG_MS,
        };
        if self.roll(hang.min(100.0)) {
            elapsed = lambda_timeout;
            status = 504;
            error = Some((
                "TimeoutError".into(),
                format!(
                    "Task timed out after {:.2} seconds",
                    lambda_timeout / 1000.0
                ),
            ));
        } else if self.roll((svc.error_percent + flag_percent).min(100.0)) {
            status = 500;
            error = Some(if flag_percent > 0.0 {
                (
                    "FeatureFlagError".into(),
                    format!("{} failed behind a feature flag", ep.route()),
                )
            } else {
                ("InternalError".into(), "unhandled exception".into())
            });
        } else {
            for c in &svc.calls {
                if !(c.routes.is_empty() || c.routes.iter().any(|r| route_is(r, ep)))
                    || !self.roll_call(c.percent)
                {
                    continue;
                }
                let to = self.index[c.to.as_str()];
                let sub_start = start_ms + elapsed;
                let sub_id = if traced {
                    hex(self.id_hash(b"sub"), 16)
                } else {
                    String::new()
                };
                let callee = &sc.system.services[to];
                let mut sub = Subsegment {
                    id: sub_id.clone(),
                    name: if traced { c.to.clone() } else { String::new() },
                    namespace: if traced {
                        "remote".into()
                    } else {
                        String::new()
                    },
                    start_time: self.epoch_s(sub_start),
                    end_time: 0.0,
                    http: None,
                    operation: None,
                    sql: None,
                    error: false,
                    fault: false,
                    throttle: false,
                };
                let took = match c.kind {
                    CallKind::Http => {
                        if matches!(callee.kind, Kind::Lambda { .. }) {
                            sub.namespace = "aws".into();
                            sub.operation = Some("Invoke".into());
                        }
                        let child = self.serve(to, req, sub_start, Some(sub_id));
                        let (took, code) = if child.duration_ms > svc.timeout_ms {
                            (svc.timeout_ms, 504)
                        } else {
                            (child.duration_ms, child.status)
                        };
                        sub.http = Some(Http {
                            method: "POST".into(),
                            url: format!("http://{}/", c.to),
                            status: code,
                        });
                        sub.throttle = child.throttle;
                        sub.error = (400..500).contains(&code);
                        sub.fault = code >= 500;
                        if code == 504 && child.duration_ms > svc.timeout_ms {
                            status = 504;
                            error = Some((
                                "TimeoutError".into(),
                                format!("{} did not answer within {} ms", c.to, svc.timeout_ms),
                            ));
                        } else if code == 429 {
                            status = 503;
                            error = Some((
                                "ThrottlingException".into(),
                                format!("{} is throttled (Rate Exceeded)", c.to),
                            ));
                        } else if code >= 500 {
                            status = 502;
                            error = Some((
                                "DependencyError".into(),
                                format!("{} answered {}", c.to, code),
                            ));
                        }
                        took
                    }
                    CallKind::Read | CallKind::Write => {
                        let slow: f64 = self
                            .active_faults()
                            .filter_map(|f| match f {
                                Fault::SlowQuery {
                                    service,
                                    database,
                                    factor,
                                    ..
                                } if service == &svc.name && database == &c.to => Some(*factor),
                                _ => None,
                            })
                            .product();
                        let took = self.draw_ms(to) * slow;
                        let metric = if c.kind == CallKind::Read {
                            "ReadLatency"
                        } else {
                            "WriteLatency"
                        };
                        let id = self.states[to].ids[metric];
                        self.metrics.add(id, took / 1000.0);
                        self.states[to].query_ms += took;
                        sub.sql = Some(
                            if c.kind == CallKind::Read {
                                "SELECT"
                            } else {
                                "INSERT"
                            }
                            .into(),
                        );
                        if self.roll(callee.error_percent) {
                            sub.fault = true;
                            status = 500;
                            error =
                                Some(("DatabaseError".into(), format!("query on {} failed", c.to)));
                        }
                        took
                    }
                    CallKind::Send => {
                        let took = self.draw_ms(to);
                        sub.namespace = "aws".into();
                        sub.operation = Some("SendMessage".into());
                        let id = self.states[to].ids["NumberOfMessagesSent"];
                        self.metrics.add(id, 1.0);
                        self.states[to].queue.push_back(Message {
                            sent_ms: sub_start + took,
                            req: req.clone(),
                        });
                        took
                    }
                };
                elapsed += took;
                sub.end_time = self.epoch_s(start_ms + elapsed);
                subsegments.push(sub);
                if status != 200 {
                    break;
                }
            }
        }
        if is_lambda {
            elapsed = elapsed.min(lambda_timeout);
        }
        let end_ms = start_ms + elapsed;
        let state = &mut self.states[s];
        state.emf_requests += 1;
        if status >= 500 {
            state.emf_errors += 1;
        }
        if is_lambda {
            state.in_flight.push(end_ms);
            state.busy_ms += elapsed;
            let conc = state.in_flight.len() as f64;
            let ids = (
                state.ids["Invocations"],
                state.ids["Errors"],
                state.ids["Duration"],
                state.ids["ConcurrentExecutions"],
            );
            self.metrics.add(ids.0, 1.0);
            self.metrics
                .add(ids.1, if status >= 500 { 1.0 } else { 0.0 });
            self.metrics.add(ids.2, elapsed);
            self.metrics.add(ids.3, conc);
        }
        if req.logged {
            self.service_logs(
                s,
                req,
                &invocation_id,
                &task_id,
                start_ms,
                end_ms,
                status,
                error.as_ref(),
            );
        }
        if let Some(ti) = req.trace {
            let mut annotations = BTreeMap::new();
            annotations.insert("route".to_string(), ep.route());
            annotations.insert("version".to_string(), self.states[s].version.clone());
            let mut metadata = BTreeMap::new();
            if let Some((kind, message)) = &error {
                metadata.insert("error_type".to_string(), kind.clone());
                metadata.insert("error_message".to_string(), message.clone());
            }
            if !task_id.is_empty() {
                metadata.insert("task".to_string(), task_id.clone());
            }
            let segment = Segment {
                id: segment_id,
                name: svc.name.clone(),
                origin: if is_lambda {
                    "AWS::Lambda::Function"
                } else {
                    "AWS::ECS::Container"
                }
                .to_string(),
                parent_id: parent,
                start_time: self.epoch_s(start_ms),
                end_time: self.epoch_s(end_ms),
                http: Some(Http {
                    method: ep.method.clone(),
                    url: format!("http://{}{}", svc.name, ep.path),
                    status,
                }),
                error: (400..500).contains(&status),
                fault: status >= 500,
                throttle: false,
                annotations,
                metadata,
                subsegments,
            };
            self.run.traces[ti].segments.push(segment);
        }
        Hop {
            status,
            duration_ms: elapsed,
            throttle: false,
        }
    }

    fn roll_call(&mut self, percent: f64) -> bool {
        percent >= 100.0 || self.roll(percent)
    }

    #[allow(clippy::too_many_arguments)]
    fn service_logs(
        &mut self,
        s: usize,
        req: &Req,
        invocation_id: &str,
        task_id: &str,
        start_ms: f64,
        end_ms: f64,
        status: u16,
        error: Option<&(String, String)>,
    ) {
        let svc = &self.sc.system.services[s];
        let level = if status >= 500 { "ERROR" } else { "INFO" };
        let mut json = format!(
            "{{\"timestamp\":{},\"level\":\"{level}\",\"service\":{},\"message\":{},\"requestId\":{},\"traceId\":{},\"route\":{},\"status\":{status},\"duration_ms\":{:.2}",
            json_str(&iso(self.epoch_ms(end_ms))),
            json_str(&svc.name),
            json_str(if status >= 500 { "request failed" } else { "request completed" }),
            json_str(invocation_id),
            json_str(&req.trace_id),
            json_str(&self.sc.system.endpoints[req.endpoint].route()),
            end_ms - start_ms,
        );
        if let Some((kind, message)) = error {
            json.push_str(&format!(
                ",\"error\":{{\"type\":{},\"message\":{}}}",
                json_str(kind),
                json_str(message)
            ));
        }
        json.push('}');
        match svc.kind {
            Kind::Ecs { .. } => {
                let group = format!("/ecs/{}", svc.name);
                let stream = format!("ecs/{}/{}", svc.name, task_id);
                self.log(end_ms, group, stream, json);
            }
            Kind::Lambda { memory_mb, .. } => {
                // Lambda's platform lines: START, END and REPORT with the invocation's request id
                // (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html).
                let group = format!("/aws/lambda/{}", svc.name);
                let (y, mo, d, ..) = civil(self.epoch_ms(start_ms));
                let instance = hash64(&[
                    &self.sc.seed.to_le_bytes(),
                    svc.name.as_bytes(),
                    &(req.number % 4).to_le_bytes(),
                ]);
                let stream = format!(
                    "{y:04}/{mo:02}/{d:02}/[$LATEST]{}{}",
                    hex(instance, 16),
                    hex(instance.rotate_left(17), 16)
                );
                let duration = end_ms - start_ms;
                let used = (f64::from(memory_mb) * 0.35).round() as u32 + (req.number % 7) as u32;
                self.log(
                    start_ms,
                    group.clone(),
                    stream.clone(),
                    format!("START RequestId: {invocation_id} Version: $LATEST\n"),
                );
                self.log(end_ms, group.clone(), stream.clone(), json);
                self.log(
                    end_ms,
                    group.clone(),
                    stream.clone(),
                    format!("END RequestId: {invocation_id}\n"),
                );
                self.log(
                    end_ms,
                    group,
                    stream,
                    format!(
                        "REPORT RequestId: {invocation_id}\tDuration: {duration:.2} ms\tBilled Duration: {} ms\tMemory Size: {memory_mb} MB\tMax Memory Used: {used} MB\t\n",
                        duration.ceil() as u64
                    ),
                );
            }
            _ => {}
        }
    }

    /// SQS consumers: each queue's Lambda function takes what its concurrency allows each second.
    fn consume_queues(&mut self, t: u32) {
        for q in 0..self.states.len() {
            let sc = self.sc;
            let Kind::Sqs { consumer } = &sc.system.services[q].kind else {
                continue;
            };
            let c = self.index[consumer.as_str()];
            let per_s = (f64::from(self.states[c].limit) * 1000.0
                / self.sc.system.services[c].p50_ms)
                .floor() as usize;
            let now_ms = f64::from(t) * 1000.0;
            let mut taken = 0;
            while taken < per_s {
                let Some(front) = self.states[q].queue.front() else {
                    break;
                };
                if front.sent_ms > now_ms + 999.0 {
                    break;
                }
                let message = self.states[q].queue.pop_front().expect("a message");
                let start = message.sent_ms.max(now_ms)
                    + 5.0
                    + taken as f64 * 1000.0 / per_s.max(1) as f64 * 0.5;
                // The event source mapping never exceeds the limit: no throttle here.
                let limit = self.states[c].limit;
                self.states[c].limit = u32::MAX;
                self.serve(c, &message.req, start, None);
                self.states[c].limit = limit;
                taken += 1;
            }
        }
    }

    fn sample_second(&mut self, t: u32) {
        let front = self.index[self.sc.system.front.as_str()];
        let sc = self.sc;
        for s in 0..self.states.len() {
            let svc = &sc.system.services[s];
            match svc.kind {
                Kind::Ecs {
                    rps_per_task,
                    memory_mb,
                    ..
                } => {
                    let steal: f64 = self
                        .active_faults()
                        .filter_map(|f| match f {
                            Fault::NoisyNeighbour { service, .. } if service == &svc.name => {
                                Some(20.0)
                            }
                            _ => None,
                        })
                        .sum();
                    let (cpu, mem) = (
                        self.states[s].ids["CPUUtilization"],
                        self.states[s].ids["MemoryUtilization"],
                    );
                    let samples: Vec<(f64, f64)> = self.states[s]
                        .tasks
                        .iter()
                        .filter(|k| k.ready_at <= t)
                        .map(|k| {
                            let load = f64::from(k.served) / rps_per_task;
                            let c = 5.0 + 70.0 * load + if k.noisy { steal } else { 0.0 };
                            (
                                c.min(100.0),
                                (k.memory_mb / f64::from(memory_mb) * 100.0).min(100.0),
                            )
                        })
                        .collect();
                    for (c, m) in samples {
                        self.metrics.add(cpu, c);
                        self.metrics.add(mem, m);
                    }
                    if s == front {
                        let ready = self.states[s]
                            .tasks
                            .iter()
                            .filter(|k| k.ready_at <= t)
                            .count();
                        self.metrics.add(ALB_HEALTHY, ready as f64);
                    }
                }
                Kind::Rds { max_connections } => {
                    let busy = self.states[s].query_ms / 1000.0;
                    self.states[s].query_ms = 0.0;
                    let (cpu, conn) = (
                        self.states[s].ids["CPUUtilization"],
                        self.states[s].ids["DatabaseConnections"],
                    );
                    self.metrics.add(cpu, (4.0 + 30.0 * busy).min(100.0));
                    self.metrics.add(
                        conn,
                        (10.0 + (busy * 4.0).ceil()).min(f64::from(max_connections)),
                    );
                }
                Kind::Sqs { .. } => {
                    let now_ms = f64::from(t + 1) * 1000.0;
                    let visible = self.states[s].queue.len() as f64;
                    let age = self.states[s]
                        .queue
                        .front()
                        .map_or(0.0, |m| ((now_ms - m.sent_ms) / 1000.0).max(0.0).floor());
                    let (v, a) = (
                        self.states[s].ids["ApproximateNumberOfMessagesVisible"],
                        self.states[s].ids["ApproximateAgeOfOldestMessage"],
                    );
                    self.metrics.add(v, visible);
                    self.metrics.add(a, age);
                }
                Kind::Lambda { .. } => {
                    self.states[s].busy_ms = 0.0;
                }
            }
        }
    }

    /// Closes a minute: the EMF lines and the datapoints.
    fn close_minute(&mut self, t: u32) {
        let minute_start = t - t % 60;
        let sc = self.sc;
        let emit = sc.logs.sample_percent > 0.0
            && Self::in_window(minute_start, sc.logs.from_s, sc.logs.to_s);
        for s in 0..self.states.len() {
            let svc = &sc.system.services[s];
            if !matches!(svc.kind, Kind::Ecs { .. } | Kind::Lambda { .. }) {
                continue;
            }
            let requests = std::mem::take(&mut self.states[s].emf_requests);
            let errors = std::mem::take(&mut self.states[s].emf_errors);
            let (r, e) = (
                self.states[s].ids["Requests"],
                self.states[s].ids["Errors5xx"],
            );
            self.metrics.add(r, requests as f64);
            self.metrics.add(e, errors as f64);
            if emit {
                // The embedded metric format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
                let at_ms = f64::from(t) * 1000.0 + 999.0;
                let message = format!(
                    "{{\"_aws\":{{\"Timestamp\":{},\"CloudWatchMetrics\":[{{\"Namespace\":{},\"Dimensions\":[[\"Service\"]],\"Metrics\":[{{\"Name\":\"Requests\",\"Unit\":\"Count\"}},{{\"Name\":\"Errors\",\"Unit\":\"Count\"}}]}}]}},\"Service\":{},\"version\":{},\"Requests\":{requests},\"Errors\":{errors}}}",
                    self.epoch_ms(f64::from(minute_start) * 1000.0),
                    json_str(&sc.system.emf_namespace),
                    json_str(&svc.name),
                    json_str(&self.states[s].version),
                );
                let group = match svc.kind {
                    Kind::Lambda { .. } => format!("/aws/lambda/{}", svc.name),
                    _ => format!("/ecs/{}", svc.name),
                };
                self.log(at_ms, group, format!("emf/{}", svc.name), message);
            }
        }
        self.metrics.flush();
    }

    fn finish(mut self) -> Run {
        for trace in &mut self.run.traces {
            trace
                .segments
                .sort_by(|a, b| a.start_time.total_cmp(&b.start_time));
        }
        self.run.logs.sort_by_key(|e| e.timestamp_ms);
        self.run.graph = graph(&self.run.traces, &self.sc.system.services);
        self.run.metrics = std::mem::take(&mut self.metrics.series);
        self.run
    }
}

/// ALB access logs write times with microseconds.
fn iso_micro(ms: u64) -> String {
    let (y, mo, d, h, mi, s, milli) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}000Z")
}

/// The service graph of a set of traces: a node per segment name and per database or
/// queue called (inferred from subsegments), an edge per caller and callee.
pub fn graph(traces: &[Trace], services: &[super::model::Service]) -> ServiceGraph {
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    let mut edges: BTreeMap<(String, String), Edge> = BTreeMap::new();
    let kind_of = |name: &str| -> String {
        match services.iter().find(|s| s.name == name).map(|s| &s.kind) {
            Some(Kind::Rds { .. }) => "remote".to_string(),
            Some(Kind::Sqs { .. }) => "AWS::SQS::Queue".to_string(),
            Some(Kind::Lambda { .. }) => "AWS::Lambda::Function".to_string(),
            _ => "AWS::ECS::Container".to_string(),
        }
    };
    for trace in traces {
        for seg in &trace.segments {
            let node = nodes.entry(seg.name.clone()).or_insert_with(|| Node {
                name: seg.name.clone(),
                kind: seg.origin.clone(),
                ..Node::default()
            });
            node.requests += 1;
            node.errors += u64::from(seg.error);
            node.faults += u64::from(seg.fault);
            node.throttles += u64::from(seg.throttle);
            node.total_time_s += seg.end_time - seg.start_time;
            for sub in &seg.subsegments {
                let edge = edges
                    .entry((seg.name.clone(), sub.name.clone()))
                    .or_insert_with(|| Edge {
                        from: seg.name.clone(),
                        to: sub.name.clone(),
                        ..Edge::default()
                    });
                edge.requests += 1;
                edge.errors += u64::from(sub.error);
                edge.faults += u64::from(sub.fault);
                edge.throttles += u64::from(sub.throttle);
                edge.total_time_s += sub.end_time - sub.start_time;
                let inferred = matches!(kind_of(&sub.name).as_str(), "remote" | "AWS::SQS::Queue");
                if inferred || sub.throttle {
                    let node = nodes.entry(sub.name.clone()).or_insert_with(|| Node {
                        name: sub.name.clone(),
                        kind: kind_of(&sub.name),
                        ..Node::default()
                    });
                    if inferred {
                        node.requests += 1;
                        node.faults += u64::from(sub.fault);
                        node.total_time_s += sub.end_time - sub.start_time;
                    } else {
                        // A throttled invocation has no segment of its own.
                        node.requests += 1;
                        node.throttles += 1;
                        node.errors += 1;
                    }
                }
            }
        }
        // The asynchronous hop: a queue's consumer segment without a parent.
        for seg in trace
            .segments
            .iter()
            .filter(|s| s.parent_id.is_none())
            .skip(1)
        {
            if let Some(queue) = services
                .iter()
                .find(|s| matches!(&s.kind, Kind::Sqs { consumer } if consumer == &seg.name))
            {
                let edge = edges
                    .entry((queue.name.clone(), seg.name.clone()))
                    .or_insert_with(|| Edge {
                        from: queue.name.clone(),
                        to: seg.name.clone(),
                        ..Edge::default()
                    });
                edge.requests += 1;
                edge.faults += u64::from(seg.fault);
                edge.total_time_s += seg.end_time - seg.start_time;
            }
        }
    }
    ServiceGraph {
        nodes: nodes.into_values().collect(),
        edges: edges.into_values().collect(),
    }
}
