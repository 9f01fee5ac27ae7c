//! Benchmark of the Logs Insights engine: three typical queries over 1,000,000 generated
//! events (JSON access logs with a status, a path and a latency, plain-text lines, Lambda
//! REPORT lines): top errors by count, p99 latency per endpoint per 5 minutes, and a field
//! parsed out of unstructured lines. Loading (field discovery) is measured apart.
//!
//! Criterion is a native-only dev-dependency, so for `wasm32` this file is an empty program.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::{criterion_group, Criterion};
    use engine::logs::sample::{group, QUERIES};
    use engine::logs::{run, validate, Events, Range};

    fn queries(c: &mut Criterion) {
        let g = group(1_000_000);
        let mut c = c.benchmark_group("logs");
        c.sample_size(10);
        c.bench_function("load_1m_events", |b| {
            b.iter(|| Events::load(black_box(std::slice::from_ref(&g))))
        });
        let events = Events::load(std::slice::from_ref(&g));
        drop(g);
        for (name, text) in QUERIES {
            let query = validate(text).query.expect("valid query");
            let r = run(&query, &events, Range::ALL);
            assert!(!r.rows.is_empty(), "{name}");
            c.bench_function(format!("{name}_1m_events"), |b| {
                b.iter(|| run(black_box(&query), &events, Range::ALL))
            });
        }
        c.finish();
    }

    criterion_group!(benches, queries);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

/// Nothing to run in WebAssembly.
#[cfg(target_arch = "wasm32")]
fn main() {}
