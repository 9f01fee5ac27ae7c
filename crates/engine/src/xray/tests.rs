use std::collections::BTreeMap;

use super::*;
use crate::telemetry::{Http, Segment, Subsegment, Trace};

fn http(method: &str, url: &str, status: u16) -> Option<Http> {
    Some(Http {
        method: method.into(),
        url: url.into(),
        status,
    })
}

fn sub(name: &str, start: f64, end: f64, fault: bool) -> Subsegment {
    Subsegment {
        id: format!("sub-{name}"),
        name: name.into(),
        namespace: "remote".into(),
        start_time: start,
        end_time: end,
        http: None,
        operation: (name == "orders-queue").then(|| "SendMessage".to_string()),
        sql: (name == "orders-db").then(|| "SELECT".to_string()),
        error: false,
        fault,
        throttle: false,
    }
}

fn seg(name: &str, parent: Option<&str>, start: f64, end: f64, status: u16) -> Segment {
    Segment {
        id: format!("seg-{name}"),
        name: name.into(),
        origin: "AWS::ECS::Container".into(),
        parent_id: parent.map(String::from),
        start_time: start,
        end_time: end,
        http: http("POST", &format!("http://{name}/checkout"), status),
        error: (400..500).contains(&status),
        fault: status >= 500,
        throttle: status == 429,
        annotations: BTreeMap::new(),
        metadata: BTreeMap::new(),
        subsegments: Vec::new(),
    }
}

/// web (root, 2.5 s) → orders (2.3 s, v2) → orders-db (2.0 s, faulted); orders → orders-queue;
/// worker consumes 1 s after the response. Status of web: `status`.
fn slow(id: &str, status: u16) -> Trace {
    let mut web = seg("web", None, 100.0, 102.5, status);
    web.annotations
        .insert("route".into(), "POST /checkout".into());
    let mut w_call = sub("orders", 100.1, 102.4, status >= 500);
    w_call.http = http("POST", "http://orders/", status);
    web.subsegments.push(w_call);
    let mut orders = seg("orders", Some("sub-orders"), 100.1, 102.4, status);
    orders.annotations.insert("version".into(), "v2".into());
    orders.annotations.insert("retries".into(), "3".into());
    orders.annotations.insert("canary".into(), "true".into());
    orders
        .subsegments
        .push(sub("orders-db", 100.2, 102.2, true));
    orders
        .subsegments
        .push(sub("orders-queue", 102.2, 102.3, false));
    let mut worker = seg("worker", None, 103.5, 104.0, 200);
    worker.origin = "AWS::Lambda::Function".into();
    worker.http = None;
    Trace {
        id: id.into(),
        request_id: "r".into(),
        segments: vec![web, orders, worker],
    }
}

/// GET / on web only, 0.2 s, 200.
fn fast(id: &str, at: f64) -> Trace {
    let mut web = seg("web", None, at, at + 0.2, 200);
    web.http = http("GET", "http://web/", 200);
    Trace {
        id: id.into(),
        request_id: "r".into(),
        segments: vec![web],
    }
}

fn m(expr: &str, t: &Trace) -> bool {
    let r = parse(expr);
    let f = r
        .filter
        .unwrap_or_else(|| panic!("{expr}: {:?}", r.diagnostics));
    f.matches(t)
}

fn err(expr: &str) -> (usize, &'static str) {
    let r = parse(expr);
    assert!(r.filter.is_none(), "{expr} parsed");
    let d = &r.diagnostics[0];
    (d.col, d.rule.id())
}

#[test]
fn boolean_keywords() {
    let ok = fast("a", 10.0);
    let fault = slow("b", 502);
    let error = slow("c", 404);
    let throttled = slow("d", 429);
    assert!(m("ok", &ok) && !m("ok", &fault));
    assert!(m("!ok", &fault) && m("ok = false", &fault) && m("ok != true", &fault));
    assert!(m("fault", &fault) && !m("fault", &ok) && m("fault = true", &fault));
    assert!(m("error", &error) && !m("error", &fault));
    assert!(m("throttle", &throttled) && m("error", &throttled) && !m("throttle", &error));
    assert!(!m("partial", &ok) && m("!partial", &ok));
}

#[test]
fn number_keywords_and_operators() {
    let t = slow("a", 200);
    // responsetime 2.5 s (web), duration 4.0 s (to the worker's end).
    assert!(m("responsetime > 2", &t) && !m("responsetime > 3", &t));
    assert!(m("responsetime >= 2.5", &t) && m("responsetime <= 2.5", &t));
    assert!(m("responsetime < 2.6", &t) && m("responsetime = 2.5", &t));
    assert!(m("responsetime != 1", &t));
    assert!(m("duration >= 4", &t) && !m("duration < 4", &t));
    assert!(m("http.status = 200", &t) && m("http.status != 500", &t));
    assert!(m("duration >= 3 AND duration <= 5", &t));
    assert!(m("ok !partial duration < 5", &t), "juxtaposition is AND");
    assert!(m("responseTime > 2", &t), "keywords in any case");
}

#[test]
fn string_keywords_and_operators() {
    let t = slow("a", 200);
    assert!(m("http.url = \"http://web/checkout\"", &t));
    assert!(m("http.url CONTAINS \"/check\"", &t));
    assert!(m("http.url BEGINSWITH \"http://web\"", &t));
    assert!(m("http.url ENDSWITH \"checkout\"", &t));
    assert!(m("http.url != \"/\"", &t));
    assert!(m("http.method = \"POST\"", &t) && !m("http.method = \"GET\"", &t));
    assert!(m("http.url", &t) && m("http.url AND responsetime > 2", &t));
    assert!(
        !m("http.useragent CONTAINS \"\"", &t),
        "no user agent recorded"
    );
    assert!(m("http.url contains \"web\"", &t), "operators in any case");
}

#[test]
fn annotations_by_type() {
    let t = slow("a", 200);
    assert!(m("annotation.version = \"v2\"", &t));
    assert!(!m("annotation.version = \"v1\"", &t));
    assert!(m("annotation.version", &t) && m("!annotation.age", &t));
    assert!(m("annotation.retries > 2", &t) && !m("annotation.retries > 3", &t));
    assert!(!m("annotation.version > 1", &t), "a string is no number");
    assert!(m("annotation.canary = true", &t) && !m("annotation.canary = false", &t));
    assert!(m("annotation.route BEGINSWITH \"POST\"", &t));
}

#[test]
fn service_and_edge() {
    let t = slow("a", 502);
    let f = fast("b", 1.0);
    assert!(m("service(\"orders\")", &t) && !m("service(\"orders\")", &f));
    assert!(m("!service(\"orders\")", &f));
    assert!(m("service(\"orders\") { fault }", &t));
    assert!(m("service(\"orders\") { responsetime > 2 }", &t));
    assert!(!m("service(\"orders\") { responsetime > 3 }", &t));
    // The database sends no segment: its node is inferred from the call.
    assert!(m("service(\"orders-db\") { fault = true }", &t));
    assert!(m("service(\"orders-db\") { responsetime >= 2 }", &t));
    assert!(m("service() { fault }", &t) && !m("service() { fault }", &f));
    assert!(m("edge(\"orders\", \"orders-db\")", &t));
    assert!(m("edge(\"orders\", \"orders-db\") { fault }", &t));
    assert!(!m("edge(\"web\", \"orders-db\")", &t));
    assert!(m("edge(\"orders-queue\", \"worker\")", &t));
    assert!(m(
        "service(id(name: \"orders\", type: \"AWS::ECS::Container\"))",
        &t
    ));
    assert!(!m(
        "service(id(name: \"orders\", type: \"AWS::Lambda::Function\"))",
        &t
    ));
    assert!(m("service(id(name: \"orders-db\", type: \"remote\"))", &t));
    assert!(m(
        "service(\"orders\") AND responsetime > 1 OR http.status = 404",
        &t
    ));
    assert!(m("(fault OR error) AND service(\"orders\")", &t));
    assert!(!m("fault AND (responsetime > 9 OR duration > 9)", &t));
}

#[test]
fn errors_have_columns_and_rule_ids() {
    assert_eq!(err(""), (1, "empty"));
    assert_eq!(err("responsetime > \"5\""), (16, "value-type"));
    assert_eq!(err("responsetime"), (13, "expected-comparison"));
    assert_eq!(err("responsetime CONTAINS 5"), (14, "operator-for-type"));
    assert_eq!(err("http.url = GET"), (12, "value-type"));
    assert_eq!(err("fault AND respnsetime > 1"), (11, "unknown-keyword"));
    assert_eq!(err("user = \"alice\""), (1, "not-supported"));
    assert_eq!(
        err("rootcause.fault.service { name = \"a\" }"),
        (1, "not-supported")
    );
    assert_eq!(err("NOT fault"), (1, "not-operator"));
    assert_eq!(err("http.url = \"/x"), (12, "unterminated-string"));
    assert_eq!(err("(fault"), (7, "expected"));
    assert_eq!(err("service(\"orders\") { fault"), (26, "expected"));
    assert_eq!(err("fault )"), (7, "trailing"));
    assert_eq!(err("fault # x"), (7, "unexpected-char"));
    assert_eq!(err("fault AND"), (10, "expected-keyword"));
    assert_eq!(
        err("service(\"orders\") AND annotation.version = \"v2\""),
        (23, "annotation-with-service")
    );
    assert_eq!(
        err("service(\"orders\") { annotation.version }"),
        (21, "annotation-with-service")
    );
}

#[test]
fn wildcards() {
    assert!(wildcard("*", "") && wildcard("*", "/checkout"));
    assert!(wildcard("/orders/*", "/orders/42") && !wildcard("/orders/*", "/checkout"));
    assert!(wildcard("P?ST", "POST") && !wildcard("P?ST", "PUT"));
    assert!(wildcard("*out", "/checkout") && wildcard("/c*k*t", "/checkout"));
    assert!(!wildcard("/checkout", "/checkouts"));
}

#[test]
fn the_default_rule_keeps_one_a_second_and_five_percent() {
    // 20 requests in each of 10 seconds: 10 by the reservoir, 5 % of 190 by the rate.
    let traces: Vec<Trace> = (0..200)
        .map(|i| {
            fast(
                &format!("1-{i:08x}"),
                1_000.0 + f64::from(i / 20) + f64::from(i % 20) * 0.04,
            )
        })
        .collect();
    let s = sample(&[SamplingRule::default_rule()], &traces);
    assert_eq!(s.per_rule[0].0, 200);
    assert_eq!(s.per_rule[0].1, 10);
    // The first of each second is recorded.
    for k in 0..10 {
        assert!(s.decisions[k * 20].1);
    }
    let by_rate = s.per_rule[0].2;
    assert!((3..=20).contains(&by_rate), "{by_rate} of 190 at 5 %");
    assert_eq!(s.recorded(), 10 + by_rate);
    // Deterministic.
    assert_eq!(sample(&[SamplingRule::default_rule()], &traces), s);
}

#[test]
fn a_rule_by_priority_takes_its_requests() {
    let mut traces: Vec<Trace> = (0..40)
        .map(|i| fast(&format!("g{i}"), 1_000.0 + f64::from(i) * 0.02))
        .collect();
    for i in 0..10 {
        let mut t = slow(&format!("c{i}"), 200);
        for s in &mut t.segments {
            s.start_time += 900.0;
            s.end_time += 900.0;
        }
        traces.push(t);
    }
    let checkout = SamplingRule {
        name: "checkout".into(),
        priority: 1,
        reservoir: 0,
        fixed_rate: 1.0,
        service_name: "web".into(),
        http_method: "POST".into(),
        url_path: "/checkout".into(),
    };
    let rules = [SamplingRule::default_rule(), checkout];
    let s = sample(&rules, &traces);
    assert_eq!(s.per_rule[1], (10, 0, 10));
    assert_eq!(s.per_rule[0].0, 40);
    assert_eq!(s.per_rule[0].1, 1, "the 40 GETs fall in one second");
    assert!(s.decisions[40..].iter().all(|d| *d == (1, true)));
    // No rule matches: not recorded.
    let none = sample(&rules[1..], &traces);
    assert_eq!(none.recorded(), 10);
}
