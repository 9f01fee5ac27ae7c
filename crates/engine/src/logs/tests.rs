//! Hand-computed results on seven events, and the findings of broken queries.

use super::*;

/// 2023-11-14T21:50:00Z, on a 5-minute boundary.
const BASE: i64 = 1_699_999_800_000;

fn events() -> Events {
    let e = |dt: i64, stream: &str, message: &str| Event {
        timestamp_ms: BASE + dt,
        ingestion_time_ms: BASE + dt + 500,
        log_stream: stream.into(),
        message: message.into(),
    };
    Events::load(&[LogGroup {
        account_id: "123456789012".into(),
        name: "/aws/lambda/api".into(),
        events: vec![
            e(0, "s1", r#"{"level":"INFO","path":"/a","status":200,"latency":10}"#),
            e(60_000, "s1", r#"{"level":"ERROR","path":"/a","status":500,"latency":100}"#),
            e(120_000, "s2", r#"{"level":"INFO","path":"/b","status":200,"latency":30}"#),
            e(300_000, "s2", r#"{"level":"ERROR","path":"/b","status":503,"latency":300,"user":{"id":"u1"},"tags":["x","y"]}"#),
            e(360_000, "s2", "plain text line user=bob action=login ip=10.0.0.5"),
            e(420_000, "s3", "REPORT RequestId: abc-1\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t"),
            e(480_000, "s3", r#"{"level":"ERROR","path":"/b","status":500,"latency":200}"#),
        ],
    }])
}

fn q(text: &str) -> QueryResult {
    query(text, &events(), Range::ALL).unwrap_or_else(|d| panic!("{text}: {d:?}"))
}

fn n(x: f64) -> Value {
    Value::Number(x)
}

fn s(x: &str) -> Value {
    Value::Text(x.into())
}

#[test]
fn without_fields_rows_are_timestamp_and_message_newest_first() {
    let r = q("limit 2");
    assert_eq!(r.columns, ["@timestamp", "@message"]);
    assert_eq!(r.rows.len(), 2);
    assert_eq!(r.rows[0][0], Value::Time(BASE + 480_000));
    assert_eq!(r.rows[1][0], Value::Time(BASE + 420_000));
    assert_eq!(r.statistics.records_scanned, 7);
    assert_eq!(r.statistics.records_matched, 7);
    let bytes: usize = (0..7).map(|i| events().message[i].len()).sum();
    assert_eq!(r.statistics.bytes_scanned, bytes as u64);
}

#[test]
fn top_errors_by_count() {
    let r = q("filter status >= 500 | stats count(*) as errors by path | sort errors desc");
    assert_eq!(r.columns, ["path", "errors"]);
    assert_eq!(r.rows, vec![vec![s("/b"), n(2.0)], vec![s("/a"), n(1.0)]]);
    assert_eq!(r.statistics.records_matched, 3);
    assert!(r.chart.is_none());
}

#[test]
fn every_aggregate() {
    let r = q("stats sum(latency) as sum, avg(latency) as avg, min(latency) as min, max(latency) as max, \
               count(latency) as n, count(*) as all, count_distinct(path) as paths, pct(latency, 50) as p50, \
               pct(latency, 99) as p99, percentile(latency, 0) as p0, stddev(latency) as sd, \
               earliest(path) as first, latest(path) as last, sortsFirst(path) as lo, sortsLast(path) as hi, \
               min(@timestamp) as since");
    let get = |c: &str| r.get(0, c).cloned().unwrap();
    assert_eq!(r.rows.len(), 1);
    assert_eq!(get("sum"), n(640.0));
    assert_eq!(get("avg"), n(128.0));
    assert_eq!(get("min"), n(10.0));
    assert_eq!(get("max"), n(300.0));
    assert_eq!(get("n"), n(5.0));
    assert_eq!(get("all"), n(7.0));
    assert_eq!(get("paths"), n(2.0));
    // Nearest rank over 10, 30, 100, 200, 300: ceil(2.5) = 3rd, ceil(4.95) = 5th, the 1st.
    assert_eq!(get("p50"), n(100.0));
    assert_eq!(get("p99"), n(300.0));
    assert_eq!(get("p0"), n(10.0));
    // Sample standard deviation: squared deviations from 128 sum to 59,080; / 4.
    assert_eq!(get("sd"), n(14_770f64.sqrt()));
    assert_eq!(get("first"), s("/a"));
    assert_eq!(get("last"), s("/b"));
    assert_eq!(get("lo"), s("/a"));
    assert_eq!(get("hi"), s("/b"));
    assert_eq!(get("since"), Value::Time(BASE));
}

#[test]
fn stats_by_bin_gives_rows_and_a_chart() {
    let r = q("stats count(*) by bin(5m)");
    assert_eq!(r.columns, ["bin(5m)", "count(*)"]);
    // Groups in the order first met, newest first.
    assert_eq!(
        r.rows,
        vec![
            vec![Value::Time(BASE + 300_000), n(4.0)],
            vec![Value::Time(BASE), n(3.0)]
        ]
    );
    let chart = r.chart.unwrap();
    assert_eq!(chart.bin_column, "bin(5m)");
    assert_eq!(chart.series.len(), 1);
    assert_eq!(chart.series[0].name, "count(*)");
    assert_eq!(
        chart.series[0].points,
        vec![(BASE, 3.0), (BASE + 300_000, 4.0)]
    );
}

#[test]
fn p99_latency_per_endpoint_per_five_minutes() {
    let r = q("filter ispresent(latency) | stats pct(latency, 99) as p99 by path, bin(5m) as t | sort t, path");
    assert_eq!(
        r.rows,
        vec![
            vec![s("/a"), Value::Time(BASE), n(100.0)],
            vec![s("/b"), Value::Time(BASE), n(30.0)],
            vec![s("/b"), Value::Time(BASE + 300_000), n(300.0)],
        ]
    );
    let chart = r.chart.unwrap();
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["/b p99", "/a p99"]);
}

#[test]
fn glob_and_regex_parse() {
    let r = q(
        r#"parse @message "user=* action=* ip=*" as user, action, ip | filter ispresent(user) | display user, action, ip"#,
    );
    assert_eq!(r.columns, ["user", "action", "ip"]);
    assert_eq!(r.rows, vec![vec![s("bob"), s("login"), s("10.0.0.5")]]);
    let r = q(
        r"parse @message /user=(?<who>\S+) action=(?<what>\w+)/ | filter ispresent(who) | fields who, what",
    );
    assert_eq!(r.rows, vec![vec![s("bob"), s("login")]]);
    assert_eq!(r.columns, ["who", "what"]);
    assert_eq!(r.statistics.records_matched, 1);
}

#[test]
fn lambda_report_fields() {
    let r = q(
        r#"filter @type = "REPORT" | fields @requestId, @duration, @billedDuration, @memorySize / 1000 / 1000 as mb, @maxMemoryUsed / 1000 / 1000 as used"#,
    );
    assert_eq!(
        r.rows,
        vec![vec![s("abc-1"), n(12.5), n(13.0), n(128.0), n(70.0)]]
    );
}

#[test]
fn nested_json_fields_are_flattened() {
    let r = q("fields user.id, tags.1, @log, @logStream | filter ispresent(user.id)");
    assert_eq!(
        r.rows,
        vec![vec![
            s("u1"),
            s("y"),
            s("123456789012:/aws/lambda/api"),
            s("s2")
        ]]
    );
}

#[test]
fn sort_by_several_keys_then_limit() {
    let r = q(
        "fields path, latency | filter ispresent(latency) | sort path asc, latency desc | limit 3",
    );
    assert_eq!(
        r.rows,
        vec![
            vec![s("/a"), n(100.0)],
            vec![s("/a"), n(10.0)],
            vec![s("/b"), n(300.0)]
        ]
    );
}

#[test]
fn dedup_keeps_the_first_row_of_each_value() {
    let r = q("fields path | filter ispresent(path) | dedup path");
    assert_eq!(r.rows, vec![vec![s("/b")], vec![s("/a")]]);
}

#[test]
fn filters_like_in_not_and_missing_fields() {
    let count = |text: &str| match q(text).rows[0][0] {
        Value::Number(x) => x,
        ref v => panic!("{v:?}"),
    };
    assert_eq!(
        count(r#"filter level in ["ERROR"] and path like "/b" | stats count(*)"#),
        2.0
    );
    assert_eq!(
        count("filter @message like /(?i)report/ | stats count(*)"),
        1.0
    );
    assert_eq!(
        count("filter @message =~ /status\":5\\d\\d/ | stats count(*)"),
        3.0
    );
    assert_eq!(count("filter not ispresent(level) | stats count(*)"), 2.0);
    // A comparison with a missing field is false either way.
    assert_eq!(count("filter status != 200 | stats count(*)"), 3.0);
    assert_eq!(count("filter path not like \"/a\" | stats count(*)"), 3.0);
    assert_eq!(
        count("filter latency * 2 + 1 > 201 or status % 100 = 3 | stats count(*)"),
        2.0
    );
    assert_eq!(count("filter 2 ^ 3 = 8 | stats count(*)"), 7.0);
    assert_eq!(
        count("filter path not in [\"/a\", \"/c\"] | stats count(*)"),
        3.0
    );
}

#[test]
fn string_numeric_ip_and_general_functions() {
    let r = q(
        r#"fields strlen(path) as n, toupper(level) as u, concat(path, "-", level) as c,
        substr(path, 1) as s, replace(path, "/", "_") as r, abs(-3) as a, ceil(2.1) as ce,
        floor(2.9) as fl, greatest(1, 5, 3) as g, least(4, 2) as le, coalesce(user.id, "none") as co,
        isIpInSubnet("10.0.0.5", "10.0.0.0/24") as sub, isValidIpV4("300.1.1.1") as bad,
        strcontains(path, "b") as has, isblank("  ") as blank, trim("  x ") as t, sqrt(16) as sq,
        toMillis(@timestamp) as ms, datefloor(@timestamp, 1h) as hour, tolower("AB") as low | limit 1"#,
    );
    let get = |c: &str| r.get(0, c).cloned().unwrap();
    assert_eq!(get("n"), n(2.0));
    assert_eq!(get("u"), s("ERROR"));
    assert_eq!(get("c"), s("/b-ERROR"));
    assert_eq!(get("s"), s("b"));
    assert_eq!(get("r"), s("_b"));
    assert_eq!(get("a"), n(3.0));
    assert_eq!(get("ce"), n(3.0));
    assert_eq!(get("fl"), n(2.0));
    assert_eq!(get("g"), n(5.0));
    assert_eq!(get("le"), n(2.0));
    assert_eq!(get("co"), s("none"));
    assert_eq!(get("sub"), Value::Bool(true));
    assert_eq!(get("bad"), Value::Bool(false));
    assert_eq!(get("has"), n(1.0));
    assert_eq!(get("blank"), Value::Bool(true));
    assert_eq!(get("t"), s("x"));
    assert_eq!(get("sq"), n(4.0));
    assert_eq!(get("ms"), n((BASE + 480_000) as f64));
    assert_eq!(
        get("hour"),
        Value::Time((BASE + 480_000) / 3_600_000 * 3_600_000)
    );
    assert_eq!(get("low"), s("ab"));
}

#[test]
fn stats_twice_and_commands_after_stats() {
    let r = q("filter ispresent(path) | stats count(*) as c by path | stats sum(c) as total, max(c) as most");
    assert_eq!(r.rows, vec![vec![n(5.0), n(3.0)]]);
    let r = q("filter ispresent(path) | stats count(*) as c by path | filter c > 2 | fields c * 10 as tenfold");
    assert_eq!(r.columns, ["path", "c", "tenfold"]);
    assert_eq!(r.rows, vec![vec![s("/b"), n(3.0), n(30.0)]]);
}

#[test]
fn the_time_range_limits_what_is_scanned() {
    let r = query(
        "stats count(*)",
        &events(),
        Range {
            start_ms: BASE,
            end_ms: BASE + 299_999,
        },
    )
    .unwrap();
    assert_eq!(r.rows, vec![vec![n(3.0)]]);
    assert_eq!(r.statistics.records_scanned, 3);
}

#[test]
fn month_periods_follow_the_calendar() {
    let r = q("fields datefloor(@timestamp, 1mo) as m, dateceil(@timestamp, 1q) as qq | limit 1");
    // 2023-11-01T00:00:00Z and 2024-01-01T00:00:00Z.
    assert_eq!(
        r.rows[0],
        vec![
            Value::Time(1_698_796_800_000),
            Value::Time(1_704_067_200_000)
        ]
    );
}

fn findings(text: &str) -> Vec<(u32, u32, &'static str, Vec<String>)> {
    validate(text)
        .diagnostics
        .into_iter()
        .map(|d| (d.pos.line, d.pos.col, d.rule.id(), d.args))
        .collect()
}

#[test]
fn errors_point_at_the_offending_token() {
    let f = findings("fields @message\n| fitler @message like /x/");
    assert_eq!(
        f,
        vec![(
            2,
            3,
            "unknown-command",
            vec!["fitler".into(), "filter".into()]
        )]
    );
    let f = findings("stats cuont(*) by path");
    assert_eq!(f[0].2, "unknown-function");
    assert_eq!(f[0].3[1], "count");
    assert_eq!(findings("fields strlen(a, b)")[0].2, "argument-count");
    assert_eq!(
        findings("filter x = \"abc")[0..1],
        [(1, 12, "unclosed", vec!["\"".into()])]
    );
    assert_eq!(findings("filter x like /abc")[0].2, "unclosed");
    assert_eq!(findings("fields (a + b")[0].2, "unclosed");
    assert_eq!(
        findings("stats count(*) by bin(5x)")[0..1],
        [(1, 23, "time-unit", vec!["5x".into(), "".into()])]
    );
    assert_eq!(findings("stats count(*) by bin(5min)")[0].3, ["5min", "m"]);
    assert_eq!(findings("stats count(*) by bin(1H)")[0].3, ["1H", "h"]);
    assert_eq!(findings("limit 0")[0].2, "limit-value");
    assert_eq!(findings("stats avg(x) by count(*)")[0].2, "by-invalid");
    assert_eq!(findings("fields avg(x)")[0].2, "aggregate-outside-stats");
    assert_eq!(findings("stats a")[0].2, "not-aggregate");
    assert_eq!(
        findings("stats count(*) as c | stats sum(c) as s | stats max(s)")[0].2,
        "stats-twice"
    );
    assert_eq!(
        findings("stats count(*) as c by path | filter status = 5")[0..1],
        [(1, 38, "after-stats", vec!["status".into()])]
    );
    assert_eq!(
        findings("parse @message \"a=* b=*\" as a")[0].2,
        "parse-names"
    );
    assert_eq!(findings("parse @message /a=\\S+/")[0].2, "regex-no-groups");
    assert_eq!(findings("stats pct(x, 101)")[0].2, "pct-value");
    assert_eq!(findings("")[0].2, "empty");
    assert_eq!(findings("filter x = = 1")[0].2, "unexpected");
}

#[test]
fn commands_not_simulated_are_warnings() {
    let r = validate(
        "fields @message | pattern @message | unmask | filterIndex region = 'x' | limit 5",
    );
    let rules: Vec<&str> = r.diagnostics.iter().map(|d| d.rule.id()).collect();
    assert_eq!(rules, ["not-simulated", "unmask", "not-simulated"]);
    assert!(r.query.is_some());
    let out = run(r.query.as_ref().unwrap(), &events(), Range::ALL);
    assert_eq!(out.rows.len(), 5);
}

#[test]
fn positions_stay_inside_the_text() {
    for text in [
        "filter \"",
        "fields a |",
        "stats",
        "# only a comment",
        "é /",
        "sort",
        "parse",
    ] {
        let lines: Vec<&str> = text.split('\n').collect();
        for d in validate(text).diagnostics {
            let line = lines[d.pos.line as usize - 1];
            assert!(
                d.pos.col as usize <= line.chars().count() + 1,
                "{text:?} {d:?}"
            );
        }
    }
}

#[test]
fn stats_items_combine_aggregates_and_earlier_items() {
    let r = q("filter ispresent(latency) | stats sum(status >= 500) / count(*) * 100 as errorPct, \
               max(latency) as worst, min(latency) as best, worst - best as spread by path | sort path");
    assert_eq!(r.columns, ["path", "errorPct", "worst", "best", "spread"]);
    assert_eq!(
        r.rows,
        vec![
            vec![s("/a"), n(50.0), n(100.0), n(10.0), n(90.0)],
            vec![s("/b"), n(2.0 / 3.0 * 100.0), n(300.0), n(30.0), n(270.0)],
        ]
    );
}

#[test]
fn sort_by_timestamp_after_stats_by_bin_sorts_the_bins() {
    let r = q("stats count(*) as c by bin(5m) | sort @timestamp asc");
    assert_eq!(r.rows[0][0], Value::Time(BASE));
}

#[test]
fn very_long_or_deep_expressions_are_refused_not_overflowed() {
    for text in [
        format!("filter {}1", "not ".repeat(100_000)),
        format!("filter {}1", "-".repeat(100_000)),
        format!("filter {}1{}", "(".repeat(50_000), ")".repeat(50_000)),
        format!("filter 1{}", " + 1".repeat(100_000)),
        format!("filter 2{}", " ^ 2".repeat(100_000)),
    ] {
        let r = validate(&text);
        assert!(r.query.is_none());
    }
    assert!(validate(&format!("filter 1{}", " + 1".repeat(100)))
        .query
        .is_some());
}

#[test]
fn ten_thousand_rows_unless_a_limit_says_otherwise() {
    let many: Vec<Event> = (0..10_050)
        .map(|i| Event {
            timestamp_ms: i,
            ingestion_time_ms: i,
            log_stream: "s".into(),
            message: format!("line {i}"),
        })
        .collect();
    let events = Events::load(&[LogGroup {
        account_id: "1".into(),
        name: "g".into(),
        events: many,
    }]);
    let rows = |t: &str| query(t, &events, Range::ALL).unwrap().rows.len();
    assert_eq!(rows("fields @message"), 10_000);
    assert_eq!(rows("fields @message | limit 10050"), 10_050);
    assert_eq!(
        rows("fields @message | sort @message | limit 20000"),
        10_050
    );
    assert_eq!(rows("fields @message | limit 3"), 3);
}

#[test]
fn lambda_lines_and_at_keys_are_discovered() {
    let e = |message: &str| Event {
        timestamp_ms: 1,
        ingestion_time_ms: 2,
        log_stream: "2026/01/01/[$LATEST]abc".into(),
        message: message.into(),
    };
    let events = Events::load(&[LogGroup {
        account_id: "1".into(),
        name: "/aws/lambda/f".into(),
        events: vec![
            e("2026-01-01T00:00:00.000Z\treq-1\tERROR\t{\"errorType\":\"TypeError\",\"@xray\":\"1-2\",\"n\":[{\"a\":1}]}"),
            e("START RequestId: req-1 Version: $LATEST"),
        ],
    }]);
    let r = query(
        "fields errorType, @@xray, n.0.a, @type, @requestId",
        &events,
        Range::ALL,
    )
    .unwrap();
    assert_eq!(
        r.rows,
        vec![
            vec![s("TypeError"), s("1-2"), n(1.0), Value::Null, Value::Null],
            vec![
                Value::Null,
                Value::Null,
                Value::Null,
                s("START"),
                s("req-1")
            ],
        ]
    );
}
