//! A simulated microservice system that emits telemetry: CloudWatch metrics, log events, X-Ray traces and events that agree with each other.
//!
//! The engine is pure and deterministic: no clock, no I/O, randomness only from the
//! scenario's seed through [`crate::numbers`]' generator (ids and sampling decisions come
//! from [`crate::numbers::hash64`], so changing the sampling never changes a metric), fixed
//! iteration order, and only exactly rounded float operations or `numbers`' libm functions.
//!
//! # What it takes and returns
//!
//! [`simulate`] takes a [`Scenario`]: a [`System`] (services — ECS services, Lambda
//! functions, RDS instances, SQS queues — and their [`Call`]s, the front door's endpoints
//! in fixed shares, a [`crate::deploy::Traffic`] shape), the [`Fault`]s injected with their
//! start and optional end, the [`Mitigation`]s applied, the duration, seed, wall-clock
//! start, and what to materialise ([`LogOptions`], [`TraceOptions`]). [`System::default`] is
//! an ALB in front of `web` (ECS), which calls `orders` (ECS) and `payments` (Lambda);
//! `orders` reads and writes `orders-db` (RDS) and sends to `orders-queue` (SQS), read by
//! `worker` (Lambda). It returns a [`Run`]: metric series, log events, traces, the service
//! graph derived from the traces, the events (deploys, flag changes, scaling, limits, fault
//! starts and ends, tasks killed) and totals.
//!
//! ```
//! use engine::alarm::Statistic;
//! use engine::telemetry::*;
//!
//! // Half an hour; orders ships a slow query at minute 10 and is rolled back at minute 20.
//! let mut scenario = Scenario::new(1_800);
//! scenario.faults.push(Injected {
//!     fault: Fault::SlowQuery {
//!         service: "orders".into(),
//!         version: "v2".into(),
//!         database: "orders-db".into(),
//!         factor: 40.0,
//!     },
//!     start_s: 600,
//!     end_s: None,
//! });
//! scenario.mitigations.push(Applied {
//!     mitigation: Mitigation::Rollback { service: "orders".into() },
//!     at_s: 1_200,
//! });
//! let run = simulate(&scenario).unwrap();
//! let read = run.metric("AWS/RDS", "ReadLatency", "orders-db").unwrap();
//! let p99 = read.values(Statistic::Percentile(99.0));
//! assert!(p99[15].unwrap() > 10.0 * p99[5].unwrap());
//! assert!(p99[25].unwrap() < 2.0 * p99[5].unwrap());
//! assert!(run.events.iter().any(|e| matches!(e.kind, EventKind::FaultEnded { fault: 0, mitigation: Some(0) })));
//! ```
//!
//! # The model
//!
//! Each second: faults end and start, mitigations apply, ECS tasks leak memory (and are
//! killed and restarted past their memory), then the second's requests are drawn (Poisson
//! around the traffic shape, arrival times uniform in the second) and **each request is
//! simulated on its own**, down the call chain: the load balancer rejects it with an ELB
//! 503 beyond the front service's ready capacity; an ECS service picks a task round robin
//! (503 when every ready task is at `rps_per_task` this second); a Lambda function throttles
//! (429) when its executions in flight reach its concurrency limit; each service's own work
//! is a log-normal draw fitted to its p50 and p99, errors are draws from its error rate;
//! calls are made in order (a synchronous call adds its duration, a caller gives up after
//! `timeout_ms` with a 504, a callee's 5xx becomes the caller's 502 and a 429 its 503; a
//! failed call stops the request); database queries add their latency; a message sent to a
//! queue is consumed later by its function, as many a second as its concurrency allows at
//! its median duration. Every signal is recorded from that one simulated request, so the
//! same request is counted once everywhere. A day at 20 requests a second is 1.7 million
//! requests: fine natively, a few seconds in WebAssembly; [`MAX_EXPECTED_REQUESTS`] bounds a run.
//!
//! # Metrics
//!
//! Per minute (period 60; no 10-second series), with the namespaces, names, dimensions and
//! units AWS documents:
//!
//! - `AWS/ApplicationELB` — RequestCount, HTTPCode_ELB_5XX_Count (`LoadBalancer`);
//!   TargetResponseTime (Seconds), HTTPCode_Target_5XX_Count, HealthyHostCount
//!   (`LoadBalancer`, `TargetGroup`). The counts are published only when nonzero and nothing
//!   when no request flows ("Elastic Load Balancing reports metrics to CloudWatch only when
//!   requests are flowing through the load balancer"):
//!   <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html>
//! - `AWS/ECS` — CPUUtilization, MemoryUtilization (Percent; `ClusterName`, `ServiceName`), one
//!   sample per ready task per second, so Minimum and Maximum are the least and most loaded
//!   task: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html>,
//!   <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_utilization.html>
//! - `AWS/Lambda` — Invocations, Errors (binary per invocation: Average is the error rate),
//!   Duration (Milliseconds), Throttles (throttled requests are not invocations),
//!   ConcurrentExecutions (`FunctionName`):
//!   <https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html>
//! - `AWS/RDS` — CPUUtilization, DatabaseConnections, ReadLatency, WriteLatency (Seconds;
//!   `DBInstanceIdentifier`): <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html>
//! - `AWS/SQS` — NumberOfMessagesSent, ApproximateNumberOfMessagesVisible,
//!   ApproximateAgeOfOldestMessage (Seconds; `QueueName`):
//!   <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html>
//! - Custom metrics `Requests` and `Errors` (5xx) per service (`Service`) in the system's
//!   `emf_namespace`, published by one embedded-metric-format line a minute in the service's
//!   log group (`_aws.CloudWatchMetrics` with Namespace, Dimensions, Metrics):
//!   <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html>
//!
//! Each [`Datapoint`] carries SampleCount, Sum, Minimum, Maximum and, for latencies and
//! gauges, a histogram of log-spaced buckets ([`output::BUCKET_RATIO`] = 1.02) from which a
//! percentile is read by nearest rank within 1 %. [`MetricSeries::values`] gives one
//! statistic per period (`None` = no datapoint), the input of [`crate::alarm::evaluate`].
//!
//! # Logs
//!
//! [`LogEvent`]s `{ timestamp_ms, log_group, log_stream, message }`: JSON application lines
//! in `/ecs/<service>` (stream `ecs/<service>/<task id>`) and `/aws/lambda/<function>` with
//! level, message, requestId, traceId, route, status, duration_ms and an `error` object on
//! failures; Lambda's `START RequestId: … Version: $LATEST`, `END RequestId: …` and
//! `REPORT RequestId: …\tDuration: … ms\tBilled Duration: … ms\tMemory Size: … MB\tMax Memory
//! Used: … MB` lines (stream `YYYY/MM/DD/[$LATEST]<id>`): the format Lambda writes, as in
//! <https://docs.aws.amazon.com/lambda/latest/dg/ruby-logging.html>; billing rounds up to the
//! millisecond (assumed, not looked up). ALB access log entries with the documented
//! space-separated fields in order (type, time, elb, client:port, target:port, the three
//! processing times — `-1` when no target was reached —, the status codes, bytes, "request",
//! "user_agent", ssl fields, target group ARN, `"Root=<trace id>"`, … through
//! "target_status_code_list", classification fields `-`):
//! <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html>
//! — they go to S3 in AWS; here they sit in a group `alb-access-logs/<lb name>` for querying.
//! No VPC flow logs. **Sampling**: a request is logged (all its lines, in every group) when
//! it falls in `[from_s, to_s)` and a hash of its number is below `sample_percent` (1 % by
//! default); EMF lines are always written in the window. [`validate`] refuses a scenario
//! expected to produce more than [`MAX_EXPECTED_LOG_EVENTS`].
//!
//! # Traces
//!
//! Trace ids in X-Ray's format, `1-<8 hex digits of the request's Unix time>-<24 hex
//! digits>` (<https://docs.aws.amazon.com/xray/latest/devguide/xray-services-elb.html>), in
//! the JSON logs and the access log of the same request. A [`Segment`] per ECS service or
//! function visited (origin `AWS::ECS::Container` / `AWS::Lambda::Function`, `http`,
//! `error` for 4xx, `fault` for 5xx, `annotations` route and version, `metadata` error and
//! task), a [`Subsegment`] per call (namespace `remote` for services and databases, `aws` for
//! `Invoke` and `SendMessage`; `throttle` on a throttled invocation); the load balancer is no
//! node (it sends nothing to X-Ray, same page). Fields follow
//! <https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html>.
//! Sampling ([`TraceSampling::Default`]) is X-Ray's default rule, "the first request each
//! second, and five percent of any additional requests"
//! (<https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html>), decided
//! once at the front door for the whole system. [`Scenario::new`] traces the first six hours;
//! [`validate`] refuses more than [`MAX_EXPECTED_TRACES`] expected traces. The [`ServiceGraph`] is built from the
//! traces only: a node per service (requests, errors, faults, throttles, total time), nodes
//! inferred from subsegments for databases and queues, an edge per caller and callee.
//!
//! # Faults and mitigations
//!
//! | Fault | Effect | Ended by |
//! | --- | --- | --- |
//! | [`Fault::SlowQuery`] | a deploy event; the service's queries on the database × factor → RDS ReadLatency, the service's and its callers' latency, TargetResponseTime | `Rollback` of the service |
//! | [`Fault::MemoryLeak`] | a deploy event; each task's memory climbs until it is killed (`OutOfMemoryError`), out for 45 s | `Rollback` (fresh tasks) |
//! | [`Fault::DependencyTimeout`] | a share of calls hang (the function's timeout, or 30 s) → callers' 504s | `Rollback` of it, or its end |
//! | [`Fault::BadFlag`] | errors on one route of one service | `FlagOff` |
//! | [`Fault::NoisyNeighbour`] | a share of tasks slower, CPU steal | `Rollback`; `ScaleOut` dilutes it |
//! | [`Fault::Throttling`] | the function's concurrency limit drops → throttles, callers' 503s | `RaiseLimit` |
//!
//! `ScaleOut` sets an ECS service's task count (new tasks serve after 60 s); `RaiseLimit` a
//! function's concurrency.
//!
//! # Simplifications
//!
//! - Routes are the front door's: a downstream service logs the route of the request that
//!   reached it. Calls are sequential. Retries, connection pools, keep-alive, cold starts,
//!   the RDS connection limit and dead-letter queues are not modelled.
//! - CPU is idle share plus served load over capacity; RDS CPU and connections follow the
//!   query time in flight; a Lambda's memory used is a fixed share of its size.
//! - Metrics have no delay and no 10-second resolution.

mod model;
pub mod output;

mod sim;

#[cfg(test)]
mod tests;

pub use model::{
    validate, Applied, Call, CallKind, Endpoint, Fault, Injected, Kind, LogOptions, Mitigation,
    Reason, Scenario, ScenarioError, Service, System, TraceOptions, TraceSampling,
    DEFAULT_TRACE_WINDOW_S, MAX_DURATION_S, MAX_EXPECTED_LOG_EVENTS, MAX_EXPECTED_REQUESTS,
    MAX_EXPECTED_TRACES, MAX_SERVICES,
};
pub use output::{
    Datapoint, Edge, Event, EventKind, Http, LogEvent, MetricSeries, Node, Run, Segment,
    ServiceGraph, Subsegment, Totals, Trace, Unit, BUCKET_RATIO,
};
pub use sim::{graph, simulate};
