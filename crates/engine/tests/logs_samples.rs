//! Real Logs Insights queries written by others (fixtures/logs/valid, sources in SOURCES.md)
//! parse with no error (a `not-simulated` or `unmask` warning is fine), and the broken ones of
//! fixtures/logs/invalid give exactly the findings their first lines expect
//! (`# expect: line:col rule-id`).
#![cfg(feature = "observability")]

use std::path::PathBuf;

use engine::logs::{validate, Severity};

fn files(sub: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/logs")
        .join(sub);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "logs"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn real_queries_parse_without_errors() {
    let all = files("valid");
    assert!((20..=40).contains(&all.len()), "{} fixtures", all.len());
    let mut failures = Vec::new();
    for (name, text) in &all {
        let report = validate(text);
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
        {
            failures.push(format!(
                "{name}:{}:{}: {} {:?}",
                d.pos.line,
                d.pos.col,
                d.rule.id(),
                d.args
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn broken_queries_give_the_expected_findings() {
    let all = files("invalid");
    assert!(!all.is_empty());
    for (name, text) in &all {
        let expected: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(str::to_string)
            .collect();
        assert!(!expected.is_empty(), "{name} has no `# expect:` line");
        let got: Vec<String> = validate(text)
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn real_queries_run_over_lambda_and_json_events() {
    use engine::logs::{run, Event, Events, LogGroup, Range};
    let mut events = Vec::new();
    for i in 0..200i64 {
        let message = match i % 4 {
            0 => format!("REPORT RequestId: r-{i}\tDuration: {}.5 ms\tBilled Duration: {} ms\tMemory Size: 128 MB\tMax Memory Used: {} MB\tInit Duration: 100.1 ms", i, i + 1, 60 + i % 50),
            1 => format!("{{\"detail-type\":\"Order Placed\",\"source\":\"shop\",\"detail\":{{\"amount\":{i},\"state\":\"ok\"}},\"status\":{},\"ip\":\"10.0.0.{}\"}}", 200 + (i % 3) * 100, i % 255),
            2 => format!("2026-01-01T00:00:00Z\tr-{i}\tERROR\tTask timed out after 3.00 seconds {i}"),
            _ => format!("START RequestId: r-{i} Version: $LATEST"),
        };
        events.push(Event {
            timestamp_ms: 1_700_000_000_000 + i * 7_000,
            ingestion_time_ms: 1_700_000_000_000 + i * 7_000 + 20,
            log_stream: format!("stream-{}", i % 3),
            message,
        });
    }
    let events = Events::load(&[LogGroup {
        account_id: "111122223333".into(),
        name: "/aws/lambda/demo".into(),
        events,
    }]);
    for (name, text) in files("valid") {
        let report = validate(&text);
        let query = report.query.unwrap_or_else(|| panic!("{name}"));
        let result = run(&query, &events, Range::ALL);
        assert_eq!(result.statistics.records_scanned, 200, "{name}");
        assert!(
            result.rows.iter().all(|r| r.len() == result.columns.len()),
            "{name}"
        );
    }
}
