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

fn drill_item() -> Drill {
    Drill {
        id: "shop".into(),
        scenario: scenario("oncall-drill/data/incident.toml"),
        alarm: alarm(),
        input: "drill".into(),
        logs_input: None,
        traces_input: None,
        log_groups: Vec::new(),
        dashboard: None,
    }
}

fn answers(input: &str, text: &str) -> crate::answer::Answers {
    [(input.to_string(), crate::answer::Answer::Text(text.into()))]
        .into_iter()
        .collect()
}

fn all_text(panel: &crate::panel::Panel) -> String {
    use crate::panel::Block;
    panel
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading(t) => t.clone(),
            Block::Note { text, .. } => text.clone(),
            Block::Table { caption, rows, .. } => format!(
                "{caption}\n{}",
                rows.iter()
                    .map(|r| r
                        .iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" | "))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Block::Drawing(d) => d.label.clone(),
            _ => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_console_shows_the_inbox_the_alarm_and_what_each_action_did() {
    use crate::lang::Lang;
    use crate::panel::{Block, Panel, Shape};
    let d = drill_item();
    let mut panel = Panel::default();
    super::run::drill_panel(&d, &answers("drill", ""), Lang::En, &mut panel);
    let text = all_text(&panel);
    assert!(text.contains("09:23 UTC. You are paged (09:23)"), "{text}");
    assert!(text.contains("ALARM: \"shop-p99-latency\" in Asia Pacific (Singapore)"));
    assert!(!text.contains("OK: \"shop-p99-latency\""));
    let buttons: Vec<&str> = panel.actions[0]
        .buttons
        .iter()
        .map(|b| b.op.as_str())
        .collect();
    assert!(buttons.contains(&"ack") && buttons.contains(&"rollback orders"));
    assert!(buttons.contains(&"scale-out web 8") && buttons.contains(&"raise-limit payments 100"));

    let mut panel = Panel::default();
    let script = "ack\nrollback web\nrollback orders\nwait 5";
    super::run::drill_panel(&d, &answers("drill", script), Lang::En, &mut panel);
    let text = all_text(&panel);
    assert!(
        text.contains("Restored: the alarm was OK again at 09:29"),
        "{text}"
    );
    assert!(text.contains("OK: \"shop-p99-latency\""));
    assert!(text.contains("rollback web | applied; the fault goes on"));
    assert!(text.contains("rollback orders | ended the fault"));
    // The chart: the metric and the threshold as lines, the moments as marks.
    let drawing = panel
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Drawing(d) => Some(d),
            _ => None,
        })
        .unwrap();
    let lines = drawing
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Line { .. }))
        .count();
    let marks = drawing
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Bar { .. }))
        .count();
    assert_eq!(lines, 2);
    // The fault, the page, two mitigations, the OK.
    assert_eq!(marks, 5);

    let mut panel = Panel::default();
    super::run::drill_panel(&d, &answers("drill", "ack\nreboot"), Lang::Vi, &mut panel);
    let text = all_text(&panel);
    assert!(
        text.contains("Dòng 2: \"reboot\" không phải một hành động"),
        "{text}"
    );
}

#[test]
fn the_postmortem_panel_reads_a_draft_as_the_checks_do() {
    use crate::lang::Lang;
    use crate::panel::Panel;
    let p = Postmortem {
        id: "slow-orders".into(),
        scenario: scenario("incident-postmortem/data/incident.toml"),
        alarm: alarm(),
        ack_after_minutes: 2,
        input: "pm".into(),
        cause: vec![vec!["orders".into()], vec!["index".into()]],
    };
    let mut panel = Panel::default();
    super::run::postmortem_panel(&p, &answers("pm", ""), Lang::En, &mut panel);
    let text = all_text(&panel);
    assert!(text.contains("09:20 | Deploy: orders v2"), "{text}");
    assert!(text.contains("09:36 | Mitigation: rollback orders"));
    assert!(text.contains("09:37 | OK: \"shop-p99-latency\""));
    assert!(!text.contains("Your draft"));
    let draft = "## Summary\nx\n## Timeline\n- 09:20 start\n## Root cause\nIt was Lan's fault.\n";
    let mut panel = Panel::default();
    super::run::postmortem_panel(&p, &answers("pm", draft), Lang::En, &mut panel);
    let text = all_text(&panel);
    assert!(text.contains("Summary | line 1"));
    assert!(text.contains("Impact | missing"));
    assert!(text.contains("the timeline gives the fault's start at 09:20 | stated"));
    assert!(text.contains("the timeline gives the page at 09:23 | not found"));
    let blame = panel.blocks.iter().any(|b| matches!(b, crate::panel::Block::Note { text, .. } if text.starts_with("Line 6, column 11: \"'s fault\"")));
    assert!(blame, "{text}");
}

#[test]
fn the_consoles_opened_show_the_run_as_the_mitigations_left_it() {
    use crate::lang::Lang;
    use crate::panel::Panel;
    let root = format!("{}/../../labs/oncall-drill", env!("CARGO_MANIFEST_DIR"));
    let mut d = drill_item();
    d.dashboard = Some(std::fs::read_to_string(format!("{root}/data/dashboard.json")).unwrap());
    d.logs_input = Some("query".into());
    d.traces_input = Some("filter".into());
    d.log_groups = vec!["/ecs/orders".into()];
    let given: crate::answer::Answers = [
        ("drill", "ack\ndashboard\nlogs\ntraces"),
        ("query", "stats count(*) as n by version"),
        ("filter", "service(\"orders\") AND responsetime > 1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), crate::answer::Answer::Text(v.into())))
    .collect();
    let mut panel = Panel::default();
    super::run::drill_panel(&d, &given, Lang::En, &mut panel);
    let text = all_text(&panel);
    for heading in ["Dashboard", "CloudWatch Logs Insights", "AWS X-Ray"] {
        assert!(
            panel
                .blocks
                .iter()
                .any(|b| matches!(b, crate::panel::Block::Heading(h) if h == heading)),
            "{heading}\n{text}"
        );
    }
    // orders' logs hold both versions: v1 before 09:20, v2 since.
    assert!(text.contains("v2") && text.contains("v1"), "{text}");
    // Before any look, no console is shown.
    let mut panel = Panel::default();
    super::run::drill_panel(&d, &answers("drill", "ack"), Lang::En, &mut panel);
    assert!(!panel
        .blocks
        .iter()
        .any(|b| matches!(b, crate::panel::Block::Heading(h) if h == "AWS X-Ray")));
}
