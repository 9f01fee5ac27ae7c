use super::*;
use crate::family::platforms::ServiceDef;

fn startup() -> Case {
    Case {
        id: "startup".into(),
        title: "Startup".into(),
        engineers: 4,
        changes_per_week: 15,
        traffic_rps: 20,
        tasks: 2,
        budget: 250.0,
        defect_percent: 8.0,
        seed: 7,
        services: vec![ServiceDef {
            name: "web-api".into(),
            vcpu: 0.5,
            memory_gb: 1.0,
            share_percent: 100.0,
            serves_rps: 25.0,
            min_units: 2,
        }],
        goals: vec![Goal {
            id: "daily".into(),
            metric: Metric::DeploymentsPerWeek,
            at_least: Some(5.0),
            at_most: None,
            label: "Daily".into(),
        }],
    }
}

fn choices<'a>(
    b: &'a str,
    p: &'a str,
    d: &'a str,
    i: &'a str,
    c: &'a str,
    o: &'a str,
) -> Choices<'a> {
    Choices {
        branching: b,
        pipeline: p,
        deployment: d,
        iac: i,
        compute: c,
        observability: o,
    }
}

#[test]
fn the_window_starts_on_a_monday_at_midnight() {
    assert_eq!(engine::text::civil(START), (2026, 1, 5, 0, 0, 0));
    // The next approval round after Friday 16:00 is Monday 10:00.
    let friday = START + 4 * DAY + 16 * HOUR;
    assert_eq!(
        next_slot(friday, WORKDAYS, &[10, 15], false),
        START + 7 * DAY + 10 * HOUR
    );
    // Two working days after a Thursday is the Monday.
    let thursday = START + 3 * DAY + 11 * HOUR;
    assert_eq!(working_days_later(thursday, 2), START + 7 * DAY + 11 * HOUR);
    // A manual release every other Friday at 16:00: week 0, then week 2.
    assert_eq!(
        next_slot(friday + 1, &[4], &[16], true),
        START + 18 * DAY + 16 * HOUR
    );
}

#[test]
fn continuous_delivery_ships_more_often_and_sooner_than_releases_by_hand() {
    let case = startup();
    let by_hand = outcome(
        &case,
        &choices(
            "gitflow",
            "manual",
            "all-at-once",
            "console",
            "ecs-fargate",
            "none",
        ),
    );
    let cd = outcome(
        &case,
        &choices("trunk-based", "cd", "canary", "cdk", "ecs-fargate", "full"),
    );
    // Every other Friday: 7 releases in 13 weeks, at most (a failed one adds a rollback).
    let regular = by_hand
        .log
        .deployments
        .iter()
        .filter(|d| !d.is_rework())
        .count();
    assert!(regular <= 7, "{regular}");
    assert!(
        cd.keys.deployments_per_week > 5.0,
        "{}",
        cd.keys.deployments_per_week
    );
    let lead = |o: &Outcome| o.keys.lead_time_hours.unwrap();
    assert!(lead(&cd) < 2.0, "{}", lead(&cd));
    assert!(lead(&by_hand) > 7.0 * 24.0, "{}", lead(&by_hand));
    // Bigger batches with fewer tests fail more often.
    let cfr = |o: &Outcome| o.keys.change_fail_rate_percent.unwrap();
    assert!(
        cfr(&by_hand) > 3.0 * cfr(&cd),
        "{} {}",
        cfr(&by_hand),
        cfr(&cd)
    );
    // Every commit is in the log, once; the same decisions give the same log.
    assert_eq!(cd.log.commits.len(), 13 * 15);
    let again = outcome(
        &case,
        &choices("trunk-based", "cd", "canary", "cdk", "ecs-fargate", "full"),
    );
    assert_eq!(again.log, cd.log);
}

#[test]
fn alarms_roll_a_canary_back_and_fail_few_requests() {
    let case = startup();
    let canary = outcome(
        &case,
        &choices(
            "trunk-based",
            "cd",
            "canary",
            "cdk",
            "ecs-fargate",
            "alarms",
        ),
    );
    assert_eq!(
        canary.bad_release.as_ref().unwrap().outcome,
        DeployOutcome::RolledBack
    );
    let blind = outcome(
        &case,
        &choices(
            "trunk-based",
            "cd",
            "all-at-once",
            "cdk",
            "ecs-fargate",
            "none",
        ),
    );
    assert_ne!(
        blind.bad_release.as_ref().unwrap().outcome,
        DeployOutcome::RolledBack
    );
    let failed = |o: &Outcome| o.metric(Metric::FailedRequestsPercent).unwrap();
    assert!(failed(&canary) < 1.0, "{}", failed(&canary));
    assert!(failed(&blind) > 20.0, "{}", failed(&blind));
    // Recovery: minutes when the deployment group rolls back, hours when customers call.
    let rec = |o: &Outcome| o.metric(Metric::RecoveryTimeHours).unwrap();
    assert!(rec(&canary) < 0.5, "{}", rec(&canary));
    assert!(rec(&blind) >= 6.0, "{}", rec(&blind));
    // In place, going back is a deployment: rework; a canary shifts traffic back.
    assert_eq!(canary.keys.rework_deployments, 0);
    assert!(blind.keys.failed_deployments > 0);
    assert_eq!(blind.keys.rework_deployments, blind.keys.failed_deployments);
}

#[test]
fn blue_green_keeps_the_original_task_set_for_the_alarm_to_reroute_to() {
    let case = startup();
    let with = outcome(
        &case,
        &choices(
            "trunk-based",
            "cd",
            "blue-green",
            "cdk",
            "ecs-fargate",
            "alarms",
        ),
    );
    let summary = with.bad_release.as_ref().unwrap();
    assert_eq!(summary.outcome, DeployOutcome::RolledBack);
    let failed = with.metric(Metric::FailedRequestsPercent).unwrap();
    assert!(failed < 10.0, "{failed}");
    let without = outcome(
        &case,
        &choices(
            "trunk-based",
            "cd",
            "blue-green",
            "cdk",
            "ecs-fargate",
            "logs",
        ),
    );
    assert!(without.metric(Metric::FailedRequestsPercent).unwrap() > 20.0);
}

#[test]
fn the_bill_is_the_platforms_and_eks_pays_for_its_cluster() {
    let case = startup();
    let ecs = outcome(
        &case,
        &choices(
            "trunk-based",
            "cd",
            "rolling",
            "cdk",
            "ecs-fargate",
            "alarms",
        ),
    );
    let eks = outcome(
        &case,
        &choices(
            "trunk-based",
            "cd",
            "rolling",
            "cdk",
            "eks-fargate",
            "alarms",
        ),
    );
    let cost = |o: &Outcome| o.metric(Metric::MonthlyCost).unwrap();
    // The cluster's $0.10 an hour, and Fargate's pod sizes for EKS (a quarter GB more).
    let gap = cost(&eks) - cost(&ecs);
    assert!((73.0..90.0).contains(&gap), "{gap}");
}

#[test]
fn a_goal_is_graded_on_the_simulation_and_says_what_it_got() {
    let all = Cases {
        cases: vec![startup()],
    };
    let check = CasesCheck {
        case: "startup".into(),
        goal: "daily".into(),
    };
    let mut answers = Answers::default();
    assert_eq!(grade(&check, &all, &answers).verdict, Verdict::NotAnswered);
    for (id, v) in [
        ("branching", "trunk-based"),
        ("pipeline", "cd"),
        ("deployment", "canary"),
        ("iac", "cdk"),
        ("compute", "ecs-fargate"),
        ("observability", "full"),
    ] {
        answers.insert(id.into(), crate::answer::Answer::Text(v.into()));
    }
    assert_eq!(grade(&check, &all, &answers).verdict, Verdict::Correct);
    answers.insert(
        "pipeline".into(),
        crate::answer::Answer::Text("manual".into()),
    );
    let Verdict::Unmet(w) = grade(&check, &all, &answers).verdict else {
        panic!()
    };
    let text = w.get(Lang::En);
    assert!(text.starts_with("Deployment frequency: "), "{text}");
    assert!(text.ends_with("the goal is at least 5 a week"), "{text}");
}
