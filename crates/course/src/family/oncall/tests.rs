//! The drill and the postmortem graded on their runs.
use super::drill::{self, replay};
use super::*;
use crate::family::telemetry;

fn scenario(file: &str) -> engine::telemetry::Scenario {
    let text = std::fs::read_to_string(format!("{}/../../labs/{file}", env!("CARGO_MANIFEST_DIR")))
        .unwrap();
    let mut files = crate::files::FileSet::default();
    files.insert("s.toml".into(), text.clone());
    let mut problems = crate::load::Problems::new(&text);
    telemetry::load_scenario("s.toml", &files, &mut problems).unwrap()
}

fn alarm() -> PagingAlarm {
    PagingAlarm {
        name: "shop-p99-latency".into(),
        namespace: "AWS/ApplicationELB".into(),
        metric: "TargetResponseTime".into(),
        dimension: "app/shop-alb/50dc6c495c0c9188".into(),
        statistic: "p99".into(),
        threshold: 1.0,
        comparison: "GreaterThanThreshold".into(),
        evaluation_periods: 3,
        datapoints_to_alarm: None,
        treat_missing_data: "missing".into(),
        topic: "arn:aws:sns:us-east-1:123456789012:shop-oncall".into(),
    }
}

#[test]
fn the_page_the_clock_and_the_rollback_come_from_the_run() {
    let s = scenario("oncall-drill/data/incident.toml");
    let r = replay(
        &s,
        &alarm(),
        "ack\ndashboard\nlogs\nrollback orders\nwait 5",
    )
    .unwrap();
    // The fault starts at minute 20; three minutes above 1 s page at the end of minute 22.
    assert_eq!(r.fault_s, 1_200);
    assert_eq!(r.page_s, Some(1_380));
    // ack 1 + dashboard 2 + logs 3 + rollback 2 minutes after the page.
    assert_eq!(r.ack_s, Some(1_440));
    let rollback = &r.steps[3];
    assert_eq!((rollback.start_s, rollback.end_s), (1_740, 1_860));
    assert!(rollback.ended_fault && r.mitigated());
    assert_eq!(r.fault_end_s, Some(1_860));
    // The alarm is OK at the end of the first minute after the rollback.
    assert_eq!(r.ok_s, Some(1_920));
    assert_eq!(r.ttd(), Some(3.0));
    assert_eq!(r.tta(), Some(1.0));
    assert_eq!(r.ttr(), Some(12.0));
    assert_eq!(r.needless(), 0);
    assert_eq!(r.clock_s, 2_160);
    let _ = drill::minutes;
}

#[test]
fn a_wrong_rollback_changes_nothing_and_bad_lines_are_located() {
    let s = scenario("oncall-drill/data/incident.toml");
    let r = replay(&s, &alarm(), "ack\nrollback web\nwait 30").unwrap();
    assert!(!r.mitigated());
    assert_eq!(r.needless(), 1);
    assert_eq!(r.ok_s, None);
    let r = replay(
        &s,
        &alarm(),
        "ack\n\nreboot web\nscale-out payments 4\nwait\n# a comment\n",
    )
    .unwrap();
    let lines: Vec<usize> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 5]);
    assert_eq!(r.steps.len(), 1);
}

#[test]
fn the_postmortem_record_counts_the_impact_from_the_metrics() {
    let s = scenario("incident-postmortem/data/incident.toml");
    let p = Postmortem {
        id: "x".into(),
        scenario: s,
        alarm: alarm(),
        ack_after_minutes: 2,
        input: "pm".into(),
        cause: vec![],
    };
    let r = super::run::record(&p).unwrap();
    assert_eq!(
        (r.fault_s, r.page_s, r.ack_s, r.mitigation_s, r.ok_s),
        (1_200, Some(1_380), Some(1_500), Some(2_160), Some(2_220))
    );
    assert_eq!(r.deploy, Some((1_200, "orders v2".to_string())));
    // Before the fault p99 is about 0.3 s: the slow requests are the incident's.
    assert!(r.beyond > 1_500.0 && r.beyond < 2_500.0, "{}", r.beyond);
    assert!(r.requests > 25_000.0 && r.failed < 200.0);
}
