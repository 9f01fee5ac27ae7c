//! Tests of feature flags, a flag's exposure over a population, and the A/B test.

use super::*;

// ---------------------------------------------------------------------------------------
// Flags.
// ---------------------------------------------------------------------------------------

/// A percentage rollout is stable per user, grows monotonically and hits its share.
#[test]
fn percentage_rollout_by_user_id() {
    let users: Vec<User> = (0..20_000).map(|i| User::new(format!("u{i}"))).collect();
    let share = |percent: f64| {
        let flag = FeatureFlag::rollout("new-checkout", percent);
        users.iter().filter(|u| flag.evaluate(u, 0).on).count() as f64 / users.len() as f64 * 100.0
    };
    for percent in [0.0, 1.0, 10.0, 25.0, 50.0, 100.0] {
        assert!(
            (share(percent) - percent).abs() < 1.0,
            "{percent}% gave {}",
            share(percent)
        );
    }
    let small = FeatureFlag::rollout("new-checkout", 10.0);
    let large = FeatureFlag::rollout("new-checkout", 30.0);
    assert!(users
        .iter()
        .all(|u| !small.evaluate(u, 0).on || large.evaluate(u, 0).on));
    assert_eq!(bucket("new-checkout", "u1"), bucket("new-checkout", "u1"));
    assert!(users.iter().all(|u| bucket("k", &u.id) < BUCKETS));
    let other = FeatureFlag::rollout("dark-mode", 10.0);
    let both = users
        .iter()
        .filter(|u| small.evaluate(u, 0).on && other.evaluate(u, 0).on)
        .count();
    assert!(both < 400, "two flags split users independently: {both}");
}

/// Targeting rules come before the rollout, and the kill switch before everything.
#[test]
fn targeting_rules_and_kill_switch() {
    let flag = FeatureFlag {
        key: "beta".to_string(),
        rollout_percent: 0.0,
        rules: vec![
            TargetingRule {
                attribute: "country".into(),
                equals: "FR".into(),
                serve: false,
            },
            TargetingRule {
                attribute: "plan".into(),
                equals: "beta".into(),
                serve: true,
            },
        ],
        kill_switch_at_s: Some(100),
    };
    let beta = User::new("a").with("plan", "beta");
    let french_beta = User::new("b").with("plan", "beta").with("country", "FR");
    let plain = User::new("c");
    let cases = [
        (&beta, 0, true, FlagReason::Rule(1)),
        (&french_beta, 0, false, FlagReason::Rule(0)),
        (&beta, 100, false, FlagReason::KillSwitch),
    ];
    for (user, now, on, reason) in cases {
        assert_eq!(
            flag.evaluate(user, now),
            FlagDecision { on, reason },
            "{}",
            user.id
        );
    }
    assert!(!flag.evaluate(&plain, 0).on);
    assert!(matches!(
        flag.evaluate(&plain, 0).reason,
        FlagReason::Rollout { .. }
    ));
    assert!(flag.validate().is_ok());
    for bad in [
        FeatureFlag::rollout("", 10.0),
        FeatureFlag::rollout("k", 100.5),
        FeatureFlag::rollout("k", f64::NAN),
        FeatureFlag {
            rules: vec![TargetingRule {
                attribute: " ".into(),
                equals: "x".into(),
                serve: true,
            }],
            ..FeatureFlag::rollout("k", 1.0)
        },
    ] {
        assert!(bad.validate().is_err(), "{bad:?}");
    }
}

// ---------------------------------------------------------------------------------------
// The A/B test.
// ---------------------------------------------------------------------------------------

/// The z-test on a worked example: 100/1000 against 130/1000.
#[test]
fn two_proportion_z_test() {
    let result = z_test(1_000, 100, 1_000, 130);
    assert!((result.difference - 0.03).abs() < 1e-12);
    assert!((result.z - 2.1028).abs() < 1e-3, "z = {}", result.z);
    assert!(
        (result.p_value - 0.0355).abs() < 1e-3,
        "p = {}",
        result.p_value
    );
    assert!(result.significant);
    let same = z_test(1_000, 100, 1_000, 100);
    assert_eq!((same.z, same.p_value, same.significant), (0.0, 1.0, false));
    assert_eq!(z_test(0, 0, 0, 0).p_value, 1.0);
}

/// An A/B test assigns users by hash, is deterministic, and detects a real difference.
#[test]
fn ab_test_runs() {
    let test = AbTest {
        seed: 3,
        key: "checkout-button".to_string(),
        users: 40_000,
        percent_b: 50.0,
        conversion_a: 0.10,
        conversion_b: 0.12,
    };
    let result = match run_ab_test(&test) {
        Ok(result) => result,
        Err(error) => panic!("{error}"),
    };
    assert_eq!(result.users_a + result.users_b, 40_000);
    assert!((result.users_b as f64 - 20_000.0).abs() < 600.0);
    assert!(result.significant && result.difference > 0.0, "{result:?}");
    assert_eq!(run_ab_test(&test), Ok(result));
    let errors = [
        AbTest {
            users: 1,
            ..test.clone()
        },
        AbTest {
            percent_b: 0.0,
            ..test.clone()
        },
        AbTest {
            percent_b: 100.0,
            ..test.clone()
        },
        AbTest {
            conversion_a: 1.2,
            ..test.clone()
        },
        AbTest {
            conversion_b: f64::NAN,
            ..test.clone()
        },
        AbTest {
            key: String::new(),
            ..test.clone()
        },
    ];
    for bad in errors {
        assert!(run_ab_test(&bad).is_err(), "{bad:?}");
    }
}

// ---------------------------------------------------------------------------------------
// A population and a flag's exposure over it.
// ---------------------------------------------------------------------------------------

fn spec() -> PopulationSpec {
    PopulationSpec {
        count: 1_000,
        staff_percent: 5.0,
        seed: 7,
        attribute: "group".into(),
        staff_value: "staff".into(),
        external_value: "customer".into(),
    }
}

fn users() -> Vec<User> {
    population(&spec()).unwrap_or_else(|e| panic!("{e}"))
}

/// A flag with a staff rule (`serve`, or none) at a percentage.
fn staged(percent: f64, staff: Option<bool>) -> FeatureFlag {
    FeatureFlag {
        rules: staff
            .map(|serve| TargetingRule {
                attribute: "group".into(),
                equals: "staff".into(),
                serve,
            })
            .into_iter()
            .collect(),
        ..FeatureFlag::rollout("one_click_checkout", percent)
    }
}

/// The population is drawn in order from its seed: the same seed, the same users.
#[test]
fn population_is_deterministic_with_about_the_staff_share() {
    let users = users();
    assert_eq!(users, population(&spec()).unwrap());
    assert_eq!(users.len(), 1_000);
    assert_eq!(users[3].id, "user-3");
    let staff = users.iter().filter(|u| spec().staff().contains(u)).count();
    assert!((30..=70).contains(&staff), "{staff} staff");
    assert!(users
        .iter()
        .all(|u| ["staff", "customer"].contains(&u.attributes["group"].as_str())));
    let other = population(&PopulationSpec { seed: 8, ..spec() }).unwrap();
    assert_ne!(users, other);
    let none = population(&PopulationSpec {
        staff_percent: 0.0,
        ..spec()
    })
    .unwrap();
    assert!(none.iter().all(|u| !spec().staff().contains(u)));
    for bad in [
        PopulationSpec { count: 0, ..spec() },
        PopulationSpec {
            count: MAX_POPULATION + 1,
            ..spec()
        },
        PopulationSpec {
            staff_percent: f64::NAN,
            ..spec()
        },
        PopulationSpec {
            staff_percent: 100.5,
            ..spec()
        },
        PopulationSpec {
            attribute: " ".into(),
            ..spec()
        },
        PopulationSpec {
            external_value: "staff".into(),
            ..spec()
        },
    ] {
        assert!(population(&bad).is_err(), "{bad:?}");
    }
}

/// A dark launch: a rule serves staff, 0% of everyone else.
#[test]
fn stage_exposure_counts_staff_and_everyone_else_apart() {
    let users = users();
    let staff = spec().staff();
    let dark = stage_exposure(&staged(0.0, Some(true)), &users, &staff, Split::UserId, 0);
    assert_eq!(dark.percent, 0.0);
    assert_eq!(dark.staff + dark.external, 1_000);
    assert_eq!((dark.staff_exposed, dark.external_exposed), (dark.staff, 0));
    let hidden = stage_exposure(
        &staged(100.0, Some(false)),
        &users,
        &staff,
        Split::UserId,
        0,
    );
    assert_eq!(
        (hidden.staff_exposed, hidden.external_exposed),
        (0, hidden.external)
    );
    let ten = stage_exposure(&staged(10.0, None), &users, &staff, Split::UserId, 1);
    let share = f64::from(ten.staff_exposed + ten.external_exposed) / 10.0;
    assert!((7.0..=13.0).contains(&share), "{share}");
    // A user split gives the same answer at every stage; a session split need not.
    let flag = staged(50.0, None);
    assert_eq!(
        exposure(&flag, &users, Split::UserId, 0),
        exposure(&flag, &users, Split::UserId, 4)
    );
    assert_ne!(
        exposure(&flag, &users, Split::SessionId, 0),
        exposure(&flag, &users, Split::SessionId, 1)
    );
    assert_eq!(Split::SessionId.id("user-3", 1), "user-3/session-2");
    assert_eq!(Split::UserId.id("user-3", 1), "user-3");
    let u = &users[5];
    assert_eq!(
        flag.evaluate_as(&u.id, &u.attributes, 0),
        flag.evaluate(u, 0)
    );
}

/// Stickiness: hashing the user id never takes the feature away as the share grows;
/// hashing a session id does; a share that goes down is not counted.
#[test]
fn stickiness_violations_by_split() {
    let users = users();
    let stages = [
        staged(0.0, Some(true)),
        staged(10.0, Some(true)),
        staged(50.0, Some(true)),
    ];
    assert_eq!(stickiness_violations(&stages, &users, Split::UserId), 0);
    let lost = stickiness_violations(&stages, &users, Split::SessionId);
    assert!(lost > 20, "{lost}");
    let down = [staged(50.0, None), staged(10.0, None)];
    assert_eq!(stickiness_violations(&down, &users, Split::SessionId), 0);
    assert_eq!(stickiness_violations(&[], &users, Split::UserId), 0);
}

/// The kill switch turns everyone off from its minute on.
#[test]
fn timeline_follows_the_kill_switch() {
    let users = users();
    let incident = Incident {
        at_minute: 30,
        respond_within_minutes: 5,
        duration_minutes: 60,
    };
    let flag = FeatureFlag {
        kill_switch_at_s: Some(32 * 60),
        ..staged(50.0, Some(true))
    };
    let t = timeline(&flag, &users, Split::UserId, 2, &incident).unwrap();
    assert_eq!(t.minutes.len(), 61);
    assert!(t.minutes[31].percent > 40.0 && !t.minutes[31].killed);
    assert_eq!((t.minutes[32].exposed, t.minutes[32].killed), (0, true));
    assert_eq!(t.minutes_exposed_after_incident(), 2);
    assert_eq!(t.minutes_off_before_incident(), 0);
    assert_eq!(t.after_response_percent(), 0.0);
    // Each minute agrees with asking the flag about every user at that second.
    for m in &t.minutes {
        let on = users
            .iter()
            .filter(|u| flag.evaluate(u, m.minute * 60).on)
            .count() as u32;
        assert_eq!(m.exposed, on, "minute {}", m.minute);
    }
    let early = FeatureFlag {
        kill_switch_at_s: Some(25 * 60 + 30),
        ..flag.clone()
    };
    let t = timeline(&early, &users, Split::UserId, 2, &incident).unwrap();
    assert_eq!(t.minutes_off_before_incident(), 4);
    let never = FeatureFlag {
        kill_switch_at_s: None,
        ..flag.clone()
    };
    let t = timeline(&never, &users, Split::UserId, 2, &incident).unwrap();
    assert_eq!(t.minutes_exposed_after_incident(), 30);
    assert!(t.after_response_percent() > 40.0);
    let empty = timeline(&flag, &[], Split::UserId, 0, &incident).unwrap();
    assert!(empty.minutes.iter().all(|m| m.exposed == 0 && !m.killed));
    for bad in [
        Incident {
            duration_minutes: 0,
            ..incident
        },
        Incident {
            duration_minutes: MAX_INCIDENT_MINUTES + 1,
            ..incident
        },
        Incident {
            at_minute: 56,
            ..incident
        },
        Incident {
            at_minute: u32::MAX,
            ..incident
        },
    ] {
        assert!(
            timeline(&flag, &users, Split::UserId, 0, &bad).is_err(),
            "{bad:?}"
        );
    }
}
