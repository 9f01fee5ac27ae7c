use super::dashboard::{find, values};
use super::math::{self, evaluate, parse, Context, Series, Value};
use super::*;
use crate::alarm::Statistic;
use crate::telemetry::{simulate, Scenario};

fn s(v: &[Option<f64>]) -> Vec<Option<f64>> {
    v.to_vec()
}

/// Evaluates `text` with m1 and m2 as metrics (period 60).
fn eval(text: &str) -> Value {
    let metrics = vec![
        Series {
            id: "m1".into(),
            label: "Requests".into(),
            values: s(&[Some(10.0), None, Some(30.0), Some(40.0), Some(40.0)]),
        },
        Series {
            id: "m2".into(),
            label: "Errors".into(),
            values: s(&[Some(1.0), Some(2.0), None, Some(-4.0), Some(0.0)]),
        },
    ];
    let m = metrics.clone();
    let lookup = move |id: &str| {
        m.iter()
            .find(|x| x.id == id)
            .map(|x| Value::Series(x.values.clone()))
    };
    let cx = Context {
        metrics: &metrics,
        lookup: &lookup,
        period_s: 60,
        len: 5,
    };
    evaluate(&parse(text).unwrap(), &cx).unwrap()
}

fn series(v: Value) -> Vec<Option<f64>> {
    match v {
        Value::Series(s) => s,
        other => panic!("a series, got {other:?}"),
    }
}

#[test]
fn arithmetic_keeps_missing_values_missing() {
    assert_eq!(
        series(eval("m2 / m1 * 100")),
        s(&[Some(10.0), None, None, Some(-10.0), Some(0.0)])
    );
    assert_eq!(
        series(eval("m1 + 1")),
        s(&[Some(11.0), None, Some(31.0), Some(41.0), Some(41.0)])
    );
    // Division by zero: no datapoint. Precedence: ^ before * before +, ^ right-associative.
    assert_eq!(series(eval("m1 / m2"))[4], None);
    assert_eq!(eval("2 + 3 * 2 ^ 3 ^ 0"), Value::Scalar(8.0));
    assert_eq!(eval("-(1 - 4)"), Value::Scalar(3.0));
    assert_eq!(
        series(eval("m1 > 20 AND m2 < 0")),
        s(&[Some(0.0), None, None, Some(1.0), Some(0.0)])
    );
    assert_eq!(series(eval("NOT (m2 == 0)"))[4], Some(0.0));
}

#[test]
fn aggregates_of_a_series_are_scalars_and_of_an_array_series() {
    assert_eq!(eval("SUM(m1)"), Value::Scalar(120.0));
    assert_eq!(eval("AVG(m1)"), Value::Scalar(30.0));
    assert_eq!(eval("MIN(m2)"), Value::Scalar(-4.0));
    assert_eq!(eval("MAX(m2)"), Value::Scalar(2.0));
    assert_eq!(
        series(eval("SUM(METRICS())")),
        s(&[Some(11.0), Some(2.0), Some(30.0), Some(36.0), Some(40.0)])
    );
    assert_eq!(
        series(eval("MAX(METRICS())")),
        s(&[Some(10.0), Some(2.0), Some(30.0), Some(40.0), Some(40.0)])
    );
    assert_eq!(series(eval("AVG(METRICS())"))[0], Some(5.5));
    assert_eq!(series(eval("MIN(METRICS())"))[3], Some(-4.0));
    match eval("METRICS(\"2\")") {
        Value::Array(xs) => {
            assert_eq!(xs.len(), 1);
            assert_eq!(xs[0].0, "Errors");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rate_diff_abs_period() {
    // DIFF: from the previous datapoint (the gap skipped); RATE: per second between them.
    assert_eq!(
        series(eval("DIFF(m1)")),
        s(&[None, None, Some(20.0), Some(10.0), Some(0.0)])
    );
    assert_eq!(
        series(eval("RATE(m1)")),
        s(&[None, None, Some(20.0 / 120.0), Some(10.0 / 60.0), Some(0.0)])
    );
    assert_eq!(
        series(eval("ABS(m2)")),
        s(&[Some(1.0), Some(2.0), None, Some(4.0), Some(0.0)])
    );
    assert_eq!(eval("PERIOD(m1)"), Value::Scalar(60.0));
}

#[test]
fn fill_with_a_value_repeat_and_linear() {
    assert_eq!(
        series(eval("FILL(m1, 0)")),
        s(&[Some(10.0), Some(0.0), Some(30.0), Some(40.0), Some(40.0)])
    );
    assert_eq!(series(eval("FILL(m1, REPEAT)"))[1], Some(10.0));
    assert_eq!(series(eval("FILL(m1, LINEAR)"))[1], Some(20.0));
    assert_eq!(series(eval("FILL(m2, LINEAR)"))[2], Some(-1.0));
}

#[test]
fn if_picks_and_leaves_out() {
    assert_eq!(
        series(eval("IF(m2 > 0, m1, 0)")),
        s(&[Some(10.0), None, None, Some(0.0), Some(0.0)])
    );
    // Without a false value: no datapoint where the condition is false.
    assert_eq!(
        series(eval("IF(m1 >= 40, 1)")),
        s(&[None, None, None, Some(1.0), Some(1.0)])
    );
}

#[test]
fn the_simplified_anomaly_band_is_a_trailing_mean_and_deviation() {
    let (lo, hi) = math::band(&s(&[Some(1.0), Some(3.0), Some(5.0)]), 2.0);
    assert_eq!(lo[..2], [None, None]);
    // Mean 2, standard deviation 1 over (1, 3).
    assert_eq!((lo[2], hi[2]), (Some(0.0), Some(4.0)));
    match eval("ANOMALY_DETECTION_BAND(m1, 1)") {
        Value::Array(xs) => assert_eq!(xs.len(), 2),
        other => panic!("{other:?}"),
    }
}

fn err(text: &str) -> (u32, u32, &'static str, Vec<String>) {
    let e = parse(text).unwrap_err();
    let (l, c) = e.line_col(text);
    (l, c, e.rule.id(), e.args)
}

#[test]
fn parse_errors_name_the_position_and_the_rule() {
    assert_eq!(err("m1 +").0..=err("m1 +").1, 1..=5);
    assert_eq!(err("m1 +").2, "math-syntax");
    assert_eq!(err("m1 + * 2").1, 6);
    assert_eq!(err("SUMM(m1)").2, "math-function");
    assert_eq!(err("SUMM(m1)").3[1], "SUM");
    assert_eq!(err("m1 / AVERAGE(m1)").1, 6);
    assert_eq!(err("FILL(m1)").2, "math-arguments");
    assert_eq!(err("(m1 + m2").1, 9);
    assert_eq!(err("m1 m2").1, 4);
    assert_eq!(err("m1 $ 2").1, 4);
    assert_eq!(err("m1\n  + ?").0, 2);
    assert_eq!(err("m1\n  + ?").1, 5);
    assert_eq!(err("").2, "math-syntax");
    let deep = "(".repeat(200) + "m1" + &")".repeat(200);
    assert_eq!(err(&deep).2, "math-syntax");
    // Ids an expression names, with their offsets; SEARCH is real but not simulated.
    assert_eq!(
        parse("m1 + FILL(e1, REPEAT)").unwrap().ids(),
        vec![("m1".into(), 0), ("e1".into(), 10)]
    );
    assert_eq!(
        parse("SEARCH('x', 'Sum', 60)")
            .unwrap()
            .not_simulated()
            .len(),
        1
    );
}

const BODY: &str = r##"{
  "widgets": [
    {
      "type": "metric", "x": 0, "y": 0, "width": 12, "height": 6,
      "properties": {
        "title": "Requests and errors",
        "region": "us-east-1",
        "stat": "Sum",
        "period": 60,
        "metrics": [
          ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/shop-alb/50dc6c495c0c9188", {"id": "m1"}],
          [".", "HTTPCode_Target_5XX_Count", "LoadBalancer", "app/shop-alb/50dc6c495c0c9188", {"id": "m2", "visible": false}],
          [{"expression": "100 * FILL(m2, 0) / m1", "label": "5xx rate", "id": "e1"}]
        ],
        "annotations": {"horizontal": [{"value": 1, "label": "SLO"}]}
      }
    },
    {
      "type": "metric", "x": 12, "y": 0, "width": 12, "height": 6,
      "properties": {
        "region": "us-east-1", "view": "singleValue", "period": 300,
        "metrics": [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "app/shop-alb/50dc6c495c0c9188", {"stat": "p99"}]]
      }
    },
    {"type": "text", "x": 0, "y": 6, "width": 24, "height": 2, "properties": {"markdown": "# Shop"}}
  ]
}"##;

#[test]
fn a_valid_body_reads_into_widgets_and_resolves_against_a_run() {
    let report = validate(BODY);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let d = report.dashboard.unwrap();
    assert_eq!(d.widgets.len(), 3);
    assert_eq!((d.widgets[1].x, d.widgets[1].width), (12, 12));
    let run = simulate(&Scenario::new(1_200)).unwrap();
    let resolved = resolve(&d, &run, 0, 1_200);
    assert_eq!(resolved.len(), 2);
    // m2 is hidden: m1 and e1 are drawn, e1 computed from both.
    let first = &resolved[0];
    let labels: Vec<&str> = first.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["RequestCount", "5xx rate"]);
    assert_eq!(first.series[0].values.len(), 20);
    assert_eq!(first.series[1].metrics.len(), 2);
    let requests = run
        .metric(
            "AWS/ApplicationELB",
            "RequestCount",
            "app/shop-alb/50dc6c495c0c9188",
        )
        .unwrap();
    assert_eq!(first.series[0].values, requests.values(Statistic::Sum));
    assert!(first.series[1].values[3].is_some_and(|v| (0.0..5.0).contains(&v)));
    // The p99 at 300 s: 4 periods, each the merged minutes' percentile.
    let p99 = &resolved[1].series[0];
    assert_eq!(p99.values.len(), 4);
    assert_eq!(p99.metrics[0].stat, "p99");
    let trt = find(&run, "AWS/ApplicationELB", "TargetResponseTime", &[]).unwrap();
    assert_eq!(
        p99.values,
        values(trt, Statistic::Percentile(99.0), 300, 0, 1_200)
    );
    assert!(p99.values.iter().all(|v| v.is_some_and(|v| v > 0.0)));
}

fn findings(text: &str) -> Vec<String> {
    validate(text)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect()
}

#[test]
fn broken_bodies_have_findings_at_their_place() {
    let w = |props: &str| {
        format!("{{\"widgets\": [\n{{\"type\": \"metric\", \"x\": 0, \"y\": 0, \"width\": 6, \"height\": 6,\n\"properties\": {{\"region\": \"us-east-1\", {props}}}}}]}}")
    };
    assert_eq!(
        findings(&w(
            r#""metrics": [["AWS/ECS", "CPUUtilization"]], "stat": "p99x""#
        )),
        ["3:91 stat"]
    );
    assert_eq!(
        findings(&w(r#""metrics": [[{"expression": "m1 * 2", "id": "e1"}]]"#)),
        ["3:68 unknown-id"]
    );
    assert_eq!(
        findings(&w(r#""metrics": [[{"expression": "m1 +", "id": "e1"}]]"#)),
        ["3:72 math-syntax"]
    );
    assert_eq!(
        findings(&w(r#""metrics": [["AWS/ECS"]]"#)),
        ["3:51 metric-row"]
    );
    assert_eq!(
        findings(&w(r#""metrics": [[".", "CPUUtilization"]]"#)),
        ["3:52 dot-first"]
    );
    assert_eq!(
        findings(&w(r#""metrics": [], "colour": 1"#)),
        ["3:54 unknown-property"]
    );
    assert_eq!(
        findings(&w(r#""metrics": [], "view": "line""#)),
        ["3:62 view"]
    );
    assert_eq!(
        findings(&w(r#""metrics": [], "period": 45"#)),
        ["3:64 period"]
    );
    assert_eq!(
        findings("{\"widgets\": [{\"type\": \"metrics\", \"properties\": {}}]}"),
        ["1:23 widget-type"]
    );
    assert_eq!(
        findings("{\"widgets\": [{\"type\": \"text\", \"x\": 20, \"y\": 0, \"width\": 25, \"height\": 2, \"properties\": {\"markdown\": \"a\"}}]}"),
        ["1:57 width"]
    );
    assert_eq!(
        findings("{\"widgets\": [{\"type\": \"text\", \"x\": 20, \"y\": 0, \"width\": 6, \"height\": 2, \"properties\": {\"markdown\": \"a\"}}]}"),
        ["1:57 off-grid"]
    );
    // Overlap is accepted by CloudWatch: a warning.
    let two = "{\"widgets\": [\n{\"type\": \"text\", \"x\": 0, \"y\": 0, \"properties\": {\"markdown\": \"a\"}},\n{\"type\": \"text\", \"x\": 3, \"y\": 3, \"properties\": {\"markdown\": \"b\"}}]}";
    let r = validate(two);
    assert_eq!(findings(two), ["3:1 overlap"]);
    assert!(!r.has_errors());
    assert_eq!(
        findings("{\"widgets\": [{\"type\": \"custom\", \"properties\": {}}]}"),
        ["1:23 not-drawn"]
    );
    assert_eq!(findings("{\"start\": \"-PT3H\"}"), ["1:1 missing"]);
    assert_eq!(findings("widgets: []"), ["1:1 not-json"]);
    assert_eq!(findings("{\"widgets\": [}"), ["1:14 syntax"]);
}

#[test]
fn widgets_without_a_position_flow_left_to_right() {
    let body = "{\"widgets\": [{\"type\": \"text\", \"width\": 12, \"properties\": {\"markdown\": \"a\"}}, {\"type\": \"text\", \"width\": 12, \"properties\": {\"markdown\": \"b\"}}, {\"type\": \"text\", \"properties\": {\"markdown\": \"c\"}}]}";
    let d = validate(body).dashboard.unwrap();
    let at: Vec<(u32, u32)> = d.widgets.iter().map(|w| (w.x, w.y)).collect();
    assert_eq!(at, [(0, 0), (12, 0), (0, 6)]);
}

#[test]
fn three_dots_repeat_the_rest_of_the_row_above() {
    let body = "{\"widgets\": [{\"type\": \"metric\", \"properties\": {\"region\": \"r\", \"metrics\": [[\"AWS/ECS\", \"CPUUtilization\", \"ServiceName\", \"web\"], [\"...\", {\"stat\": \"Maximum\"}], [\".\", \"MemoryUtilization\", \"...\"]]}}]}";
    let report = validate(body);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let d = report.dashboard.unwrap();
    let Content::Metric(m) = &d.widgets[0].content else {
        panic!()
    };
    let dims: Vec<_> = m
        .rows
        .iter()
        .map(|r| match &r.source {
            Source::Metric {
                metric_name,
                dimensions,
                stat,
                ..
            } => (metric_name.clone(), dimensions.len(), stat.clone()),
            _ => panic!(),
        })
        .collect();
    assert_eq!(
        dims,
        [
            ("CPUUtilization".into(), 1, "Average".into()),
            ("CPUUtilization".into(), 1, "Maximum".into()),
            ("MemoryUtilization".into(), 1, "Average".into())
        ]
    );
}
