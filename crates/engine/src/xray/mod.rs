//! AWS X-Ray over a telemetry run's traces: filter expressions and sampling rules.
//!
//! # Filter expressions
//!
//! [`parse`] reads a filter expression as the X-Ray developer guide documents it ("Using
//! filter expressions", <https://docs.aws.amazon.com/xray/latest/devguide/xray-console-filters.html>,
//! read 2026-11-30 through its source in awsdocs/aws-xray-developer-guide,
//! `doc_source/xray-console-filters.md`), with a column and a stable rule id
//! ([`Rule::id`]) for every finding; [`Filter::matches`] evaluates it on a
//! [`crate::telemetry::Trace`]. What is done:
//!
//! - Boolean keywords `ok` (2XX), `error` (4XX), `throttle` (429), `fault` (5XX), `partial`
//!   (incomplete segments: never, every simulated segment is complete), alone, negated with
//!   `!`, or compared with `=`/`!=` to `true`/`false`.
//! - Number keywords `responsetime` (the root segment's own time: "time that the server took
//!   to send a response"), `duration` ("total request duration, including all downstream
//!   calls": first start to last end of every segment, the queue consumer's included) and
//!   `http.status`, with `=`, `!=`, `<`, `<=`, `>`, `>=`; times in seconds.
//! - String keywords `http.url`, `http.method`, `http.useragent` with `=`, `!=`, `CONTAINS`,
//!   `BEGINSWITH`, `ENDSWITH` and a quoted value, or alone ("is set"). The simulated
//!   segments record no user agent: `http.useragent` is never set.
//! - `annotation.KEY`: set, not set (`!`), or compared as a string, number or boolean
//!   according to the value written; true when any segment's annotation passes. The guide:
//!   "You can't use this keyword in combination with the `service` or `edge` keyword" — an
//!   expression that does is refused (`annotation-with-service`).
//! - `service("name") { filter }`, `service() { filter }`, `service(id(name: "n", type: "t"))`,
//!   `edge("a", "b") { filter }` and `!service(…)`: the braces' filter applies to the
//!   segments the service created (for a database or queue, which sends no segment, to the
//!   callers' subsegments — X-Ray's inferred segments); an edge's to the caller's subsegment
//!   for that call (for the queue to its consumer, the consumer's segment).
//! - `AND`, `OR` (any case, as the guide writes both), juxtaposition as `AND` (the guide's
//!   `ok !partial duration <3`), `!`, parentheses. `AND` binds tighter than `OR` (assumed:
//!   the guide gives no precedence). `NOT` is no X-Ray operator: it is refused with a pointer
//!   to `!` (`not-operator`).
//! - Not supported yet, refused with `not-supported`: `http.clientip`, `user`, `name`,
//!   `type`, `message`, `availabilityzone`, `instance.id`, `resource.arn`, `inferred`,
//!   `first`, `last`, `remote`, `root`, `index`, `coverage`, `group.name`, `group.arn`,
//!   `json` and the `rootcause.*` keywords; keywords inside a service's braces other than
//!   the boolean, number and HTTP ones; a service or edge inside braces.
//!
//! # Sampling rules
//!
//! [`SamplingRule`]s as the API's `SamplingRule` has them
//! (<https://docs.aws.amazon.com/xray/latest/api/API_SamplingRule.html>, read 2026-11-30):
//! Priority 1–9999 (the `Default` rule is 10000, as `GetSamplingRules` lists it), a
//! ReservoirSize ("a fixed number of matching requests to instrument per second, prior to
//! applying the fixed rate"), a FixedRate 0–1, and ServiceName, HTTPMethod and URLPath
//! matched with `*` (any run of characters) and `?` (one character). Rules are tried in
//! ascending priority and the first that matches decides. The default rule is "the first
//! request each second, and five percent of any additional requests"
//! (<https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html>).
//!
//! [`sample`] decides over a run traced with `TraceSampling::All`: every request's trace is
//! there, and the rules keep the ones X-Ray would have recorded. This stays deterministic
//! (the reservoir takes each second's first matching requests by start time, the fixed rate
//! a hash of the trace id) and leaves the telemetry engine's own sampling, which every
//! observability lab shares, untouched — and the learner compares rules on the same
//! requests. Simplifications: one reservoir per rule for the whole fleet (X-Ray splits it
//! between hosts by quota, borrowing one a second); the rule is decided at the front door
//! for the whole trace; ServiceType, Host, ResourceARN and Attributes are `*`.

mod filter;
mod sampling;

#[cfg(test)]
mod tests;

pub use filter::{
    annotations, parse, Cond, Diagnostic, Filter, FlagKey, Id, NumKey, Op, Report, Rule, TextKey,
    Value,
};
pub use sampling::{sample, wildcard, Sampled, SamplingRule};

use crate::telemetry::Trace;

/// The trace's root segment: the front door's (the first segment without a parent).
pub fn root(trace: &Trace) -> Option<&crate::telemetry::Segment> {
    trace
        .segments
        .iter()
        .filter(|s| s.parent_id.is_none())
        .min_by(|a, b| a.start_time.total_cmp(&b.start_time))
}

/// The trace's start, in Unix seconds.
pub fn start_time(trace: &Trace) -> f64 {
    root(trace).map_or(0.0, |s| s.start_time)
}

/// `responsetime`: the root segment's time, in seconds.
pub fn response_time(trace: &Trace) -> f64 {
    root(trace).map_or(0.0, |s| s.end_time - s.start_time)
}

/// `duration`: from the first start to the last end of all the trace's segments, in seconds.
pub fn duration(trace: &Trace) -> f64 {
    let start = trace
        .segments
        .iter()
        .map(|s| s.start_time)
        .fold(f64::INFINITY, f64::min);
    let end = trace
        .segments
        .iter()
        .map(|s| s.end_time)
        .fold(f64::NEG_INFINITY, f64::max);
    if start.is_finite() && end.is_finite() {
        end - start
    } else {
        0.0
    }
}
