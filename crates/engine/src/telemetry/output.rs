//! What a run returns: metric series, log events, traces, the service graph and the events.

use std::collections::BTreeMap;

use crate::alarm::Statistic;

/// The ratio between two histogram buckets' bounds: a percentile read from a histogram is
/// within 1 % of the exact nearest-rank value.
pub const BUCKET_RATIO: f64 = 1.02;

/// A CloudWatch unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Unit {
    Count,
    Seconds,
    Milliseconds,
    Percent,
    Megabytes,
}

impl Unit {
    /// The unit's name as CloudWatch writes it.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Count => "Count",
            Unit::Seconds => "Seconds",
            Unit::Milliseconds => "Milliseconds",
            Unit::Percent => "Percent",
            Unit::Megabytes => "Megabytes",
        }
    }
}

/// One period's statistic set, as `PutMetricData`'s `StatisticValues` carries it, plus a
/// histogram for percentiles.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Datapoint {
    pub sample_count: u64,
    pub sum: f64,
    pub minimum: f64,
    pub maximum: f64,
    /// Log-spaced buckets: `(k, n)` = `n` samples in `(BUCKET_RATIO^(k-1), BUCKET_RATIO^k]`
    /// (`k = i32::MIN` holds samples ≤ 0), ascending by `k`. Empty for count metrics, whose
    /// samples are all 0 or 1.
    pub histogram: Vec<(i32, u64)>,
}

impl Datapoint {
    /// A statistic of this datapoint. Percentiles use the nearest rank over the histogram
    /// (a bucket's upper bound, clamped to the minimum and maximum).
    pub fn statistic(&self, statistic: Statistic) -> f64 {
        match statistic {
            Statistic::SampleCount => self.sample_count as f64,
            Statistic::Sum => self.sum,
            Statistic::Average => self.sum / self.sample_count.max(1) as f64,
            Statistic::Minimum => self.minimum,
            Statistic::Maximum => self.maximum,
            Statistic::Percentile(p) => self.percentile(p),
        }
    }

    fn percentile(&self, p: f64) -> f64 {
        if self.histogram.is_empty() {
            // Samples of 0 and 1: the share of ones decides.
            let ones = self.sum.round() as u64;
            let rank = rank(p, self.sample_count);
            return if rank > self.sample_count - ones.min(self.sample_count) {
                self.maximum
            } else {
                self.minimum
            };
        }
        let rank = rank(p, self.sample_count);
        let mut seen = 0;
        for &(k, n) in &self.histogram {
            seen += n;
            if seen >= rank {
                let upper = if k == i32::MIN {
                    0.0
                } else {
                    crate::numbers::exp(f64::from(k) * crate::numbers::ln(BUCKET_RATIO))
                };
                return upper.clamp(self.minimum, self.maximum);
            }
        }
        self.maximum
    }
}

/// The nearest rank of percentile `p` among `n` samples (1-based, at least 1).
fn rank(p: f64, n: u64) -> u64 {
    ((p / 100.0 * n as f64).ceil() as u64).clamp(1, n.max(1))
}

/// One metric: a datapoint per period from the run's start, `None` where CloudWatch would
/// have no datapoint (nothing reported that period).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MetricSeries {
    pub namespace: String,
    pub metric_name: String,
    /// `(name, value)` pairs, in the order AWS lists them.
    pub dimensions: Vec<(String, String)>,
    pub unit: Unit,
    pub period_s: u32,
    pub datapoints: Vec<Option<Datapoint>>,
}

impl MetricSeries {
    /// The series of one statistic, ready for [`crate::alarm::evaluate`].
    pub fn values(&self, statistic: Statistic) -> Vec<Option<f64>> {
        self.datapoints
            .iter()
            .map(|d| d.as_ref().map(|d| d.statistic(statistic)))
            .collect()
    }

    /// The sum over the whole run.
    pub fn total(&self) -> f64 {
        self.datapoints.iter().flatten().map(|d| d.sum).sum()
    }

    /// Whether a dimension has a value.
    pub fn has_dimension(&self, name: &str, value: &str) -> bool {
        self.dimensions.iter().any(|(n, v)| n == name && v == value)
    }
}

/// A CloudWatch Logs event.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LogEvent {
    pub timestamp_ms: u64,
    pub log_group: String,
    pub log_stream: String,
    pub message: String,
}

/// An HTTP exchange recorded on a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Http {
    pub method: String,
    pub url: String,
    pub status: u16,
}

/// A subsegment: one downstream call.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Subsegment {
    pub id: String,
    pub name: String,
    /// `remote` (another service or a database) or `aws` (an AWS SDK call).
    pub namespace: String,
    pub start_time: f64,
    pub end_time: f64,
    pub http: Option<Http>,
    /// The AWS operation for `aws` calls (`Invoke`, `SendMessage`).
    pub operation: Option<String>,
    /// The SQL statement kind for database calls (`SELECT`, `INSERT`).
    pub sql: Option<String>,
    pub error: bool,
    pub fault: bool,
    pub throttle: bool,
}

/// A segment: the work one service did for a request.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Segment {
    pub id: String,
    pub name: String,
    /// `AWS::ECS::Container` or `AWS::Lambda::Function`.
    pub origin: String,
    /// The subsegment that called it, if any.
    pub parent_id: Option<String>,
    pub start_time: f64,
    pub end_time: f64,
    pub http: Option<Http>,
    pub error: bool,
    pub fault: bool,
    pub throttle: bool,
    pub annotations: BTreeMap<String, String>,
    pub metadata: BTreeMap<String, String>,
    pub subsegments: Vec<Subsegment>,
}

/// One trace: every segment of one request, the asynchronous consumer's included.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Trace {
    pub id: String,
    /// The front door's request id, also in the JSON logs.
    pub request_id: String,
    pub segments: Vec<Segment>,
}

/// A node of the service graph.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Node {
    pub name: String,
    /// `AWS::ECS::Container`, `AWS::Lambda::Function`, `remote` (a database, inferred) or `AWS::SQS::Queue`.
    pub kind: String,
    pub requests: u64,
    pub errors: u64,
    pub faults: u64,
    pub throttles: u64,
    /// The sum of the response times, in seconds.
    pub total_time_s: f64,
}

/// An edge of the service graph.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub requests: u64,
    pub errors: u64,
    pub faults: u64,
    pub throttles: u64,
    pub total_time_s: f64,
}

/// The service graph, derived from the traces.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ServiceGraph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// What happened, for an incident timeline.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EventKind {
    Deploy {
        service: String,
        from: String,
        to: String,
    },
    Rollback {
        service: String,
        from: String,
        to: String,
    },
    FlagChanged {
        flag: String,
        enabled: bool,
    },
    Scaled {
        service: String,
        from: u32,
        to: u32,
    },
    LimitChanged {
        service: String,
        from: u32,
        to: u32,
    },
    FaultStarted {
        fault: usize,
        description: String,
    },
    /// A fault ended: by the mitigation at that index, or on its own.
    FaultEnded {
        fault: usize,
        mitigation: Option<usize>,
    },
    /// An ECS task was killed and replaced.
    TaskStopped {
        service: String,
        task: String,
        reason: String,
    },
}

/// An event with its time.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Event {
    /// Seconds from the run's start.
    pub at_s: u32,
    pub kind: EventKind,
}

/// Counts over the whole run.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Totals {
    /// Requests the load balancer received.
    pub requests: u64,
    /// Requests the load balancer answered itself with a 5xx (no target capacity).
    pub elb_5xx: u64,
    /// Requests a target answered with a 5xx.
    pub target_5xx: u64,
    /// Requests whose logs were kept.
    pub logged: u64,
    /// Requests traced.
    pub traced: u64,
}

/// A run's output.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Run {
    pub metrics: Vec<MetricSeries>,
    pub logs: Vec<LogEvent>,
    pub traces: Vec<Trace>,
    pub graph: ServiceGraph,
    pub events: Vec<Event>,
    pub totals: Totals,
}

impl Run {
    /// The series of a metric whose dimensions include `dimension_value`.
    pub fn metric(
        &self,
        namespace: &str,
        metric_name: &str,
        dimension_value: &str,
    ) -> Option<&MetricSeries> {
        self.metrics.iter().find(|m| {
            m.namespace == namespace
                && m.metric_name == metric_name
                && m.dimensions.iter().any(|(_, v)| v == dimension_value)
        })
    }

    /// The log events of one group.
    pub fn group<'a>(&'a self, log_group: &'a str) -> impl Iterator<Item = &'a LogEvent> + 'a {
        self.logs.iter().filter(move |e| e.log_group == log_group)
    }
}
