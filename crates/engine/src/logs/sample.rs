//! Generated log events for benchmarks (natively in `benches/logs.rs`, in the browser in
//! the app's `tests/browser_logs_bench.rs`): the same events and queries on both, so their
//! times compare.
use super::{Event, LogGroup};
use crate::numbers::Rng;

const PATHS: &[&str] = &["/orders", "/cart", "/login", "/search", "/health", "/pay"];

/// `n` events one every 60 ms: 70% JSON access logs, 20% plain text, 10% Lambda REPORT.
pub fn group(n: usize) -> LogGroup {
    let mut rng = Rng::new(13);
    let events = (0..n)
        .map(|i| {
            let t = 1_700_000_000_000 + i as i64 * 60;
            let pick = rng.next_u64() % 10;
            let path = PATHS[(rng.next_u64() % PATHS.len() as u64) as usize];
            let latency = 5 + rng.next_u64() % 400;
            let message = if pick < 7 {
                let status = match rng.next_u64() % 20 {
                    0 => 500,
                    1 => 503,
                    2 | 3 => 404,
                    _ => 200,
                };
                format!(
                    "{{\"level\":\"{}\",\"method\":\"GET\",\"path\":\"{path}\",\"status\":{status},\"latency\":{latency},\"user\":\"u{}\"}}",
                    if status >= 500 { "ERROR" } else { "INFO" },
                    rng.next_u64() % 5000
                )
            } else if pick < 9 {
                format!(
                    "2023-11-14T22:13:20Z worker-{} user=u{} action={} took={latency}ms",
                    i % 8,
                    rng.next_u64() % 5000,
                    if rng.next_u64().is_multiple_of(3) { "checkout" } else { "browse" }
                )
            } else {
                format!(
                    "REPORT RequestId: {i:08x}\tDuration: {latency}.25 ms\tBilled Duration: {} ms\tMemory Size: 512 MB\tMax Memory Used: {} MB\t",
                    latency + 1,
                    100 + latency % 200
                )
            };
            Event {
                timestamp_ms: t,
                ingestion_time_ms: t + 200,
                log_stream: format!("stream-{}", i % 16),
                message,
            }
        })
        .collect();
    LogGroup {
        account_id: "123456789012".into(),
        name: "/ecs/shop-api".into(),
        events,
    }
}

/// The benchmark's three queries: top errors by count, p99 latency per endpoint per 5 minutes,
/// and a field parsed out of unstructured lines.
pub const QUERIES: &[(&str, &str)] = &[
    (
        "top_errors",
        "filter status >= 500 | stats count(*) as errors by path | sort errors desc | limit 10",
    ),
    (
        "p99_per_endpoint_5m",
        "filter ispresent(latency) | stats pct(latency, 99) as p99 by path, bin(5m)",
    ),
    (
        "parse_unstructured",
        "filter @message like /action=checkout/ | parse @message \"user=* action=* took=*ms\" as user, action, took | stats count(*) as n, avg(took) by user | sort n desc | limit 20",
    ),
];
