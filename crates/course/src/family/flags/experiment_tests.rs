//! Tests of the experiment data file, the flag built from answers, and the feature-flags lab.
use super::*;

/// A measure by its name in lab files.
fn named(name: &str) -> Measure {
    use serde::de::IntoDeserializer;
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        name.into_deserializer();
    Measure::deserialize(de).unwrap()
}

const FILE: &str = r#"
[flag]
key = "one_click_checkout"
name = "One-click checkout"

[users]
count = 1000
staff_percent = 5
seed = 7

[incident]
at_minute = 30
respond_within_minutes = 5
duration_minutes = 60

[ab]
kind = "counts"
users_a = 4000
conversions_a = 160
users_b = 4000
conversions_b = 200
"#;

fn experiment() -> Experiment {
    toml::from_str::<ExperimentFile>(FILE)
        .unwrap()
        .experiment()
        .unwrap()
}

fn inputs() -> ExperimentInputs {
    ExperimentInputs {
        staff_rule: Some("staff".into()),
        split_by: Some("split".into()),
        stages: vec!["s1".into(), "s2".into(), "s3".into()],
        kill_switch_minute: Some("kill".into()),
    }
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Answer::Text(v.to_string())))
        .collect()
}

fn good() -> Answers {
    answers(&[
        ("staff", "on"),
        ("split", "user_id"),
        ("s1", "0"),
        ("s2", "10"),
        ("s3", "50"),
        ("kill", "32"),
    ])
}

fn with(mut a: Answers, id: &str, value: &str) -> Answers {
    a.insert(id.into(), Answer::Text(value.into()));
    a
}

#[test]
fn the_population_is_deterministic_with_about_the_staff_share() {
    let e = experiment();
    assert_eq!(e, experiment());
    assert_eq!(e.users.len(), 1000);
    let (staff, external) = e.counts();
    assert_eq!(staff + external, 1000);
    assert!((30..=70).contains(&staff), "{staff} staff");
    assert_eq!(e.users[3].id, "user-3");
}

#[test]
fn a_dark_launch_shows_the_feature_to_staff_only() {
    let e = experiment();
    let (i, a) = (inputs(), good());
    let s = Setup {
        experiment: &e,
        inputs: &i,
        answers: &a,
    };
    let dark = s.stage_exposure(0).unwrap();
    assert_eq!(dark.external_exposed, 0);
    assert_eq!(dark.staff_exposed, dark.staff);
    assert_eq!(
        s.measure(named("external_exposure_percent"), Some(1)),
        Ok(Some(0.0))
    );
    assert_eq!(
        s.measure(named("staff_exposure_percent"), Some(1)),
        Ok(Some(100.0))
    );
    // Without the rule, staff follow the percentage like everyone else.
    let a = with(good(), "staff", "none");
    let s = Setup { answers: &a, ..s };
    assert_eq!(
        s.measure(named("staff_exposure_percent"), Some(1)),
        Ok(Some(0.0))
    );
}

#[test]
fn the_measured_share_is_near_the_percentage_and_sticky_by_user_id() {
    let e = experiment();
    let (i, a) = (inputs(), good());
    let s = Setup {
        experiment: &e,
        inputs: &i,
        answers: &a,
    };
    let ten = s
        .measure(named("external_exposure_percent"), Some(2))
        .unwrap()
        .unwrap();
    let fifty = s
        .measure(named("external_exposure_percent"), Some(3))
        .unwrap()
        .unwrap();
    assert!((8.0..=12.0).contains(&ten), "{ten}");
    assert!((45.0..=55.0).contains(&fifty), "{fifty}");
    assert_eq!(s.stickiness_violations(), Ok(0));
    // Splitting by session reshuffles users every day: some lose the feature.
    let a = with(good(), "split", "session_id");
    let s = Setup { answers: &a, ..s };
    let lost = s.stickiness_violations().unwrap();
    assert!(lost > 20, "{lost}");
    let share = s
        .measure(named("external_exposure_percent"), Some(3))
        .unwrap()
        .unwrap();
    assert!((45.0..=55.0).contains(&share), "{share}");
}

#[test]
fn the_kill_switch_turns_everyone_off_from_its_minute() {
    let e = experiment();
    let (i, a) = (inputs(), good());
    let s = Setup {
        experiment: &e,
        inputs: &i,
        answers: &a,
    };
    let t = s.timeline().unwrap();
    assert_eq!(t.minutes.len(), 61);
    assert!(t.minutes[31].percent > 40.0);
    assert_eq!(t.minutes[32].exposed, 0);
    assert!(t.minutes[32].killed && !t.minutes[31].killed);
    assert_eq!(t.minutes_exposed_after_incident(), 2);
    assert_eq!(t.minutes_off_before_incident(), 0);
    assert_eq!(t.after_response_percent(), 0.0);
    // Too late: still exposed after the runbook's five minutes.
    let a = with(good(), "kill", "40");
    let s = Setup { answers: &a, ..s };
    assert!(
        s.measure(named("exposure_after_incident_percent"), None)
            .unwrap()
            .unwrap()
            > 40.0
    );
    assert_eq!(
        s.measure(named("minutes_exposed_after_incident"), None),
        Ok(Some(10.0))
    );
    // Too early: the feature was off before anything went wrong.
    let a = with(good(), "kill", "25.5");
    let s = Setup { answers: &a, ..s };
    assert_eq!(
        s.measure(named("minutes_off_before_incident"), None),
        Ok(Some(4.0))
    );
    assert_eq!(
        s.measure(named("minutes_exposed_after_incident"), None),
        Ok(Some(0.0))
    );
}

#[test]
fn invalid_answers_say_what_is_wrong() {
    let e = experiment();
    let i = inputs();
    let check = |id: &str, value: &str| {
        let a = with(good(), id, value);
        let s = Setup {
            experiment: &e,
            inputs: &i,
            answers: &a,
        };
        match s.timeline() {
            Err(BuildError::Invalid(reason)) => reason.get(crate::lang::Lang::En),
            other => panic!("{id}={value}: {other:?}"),
        }
    };
    assert!(check("s3", "120").contains("over 100"));
    assert!(check("s3", "-5").contains("negative"));
    assert!(check("s3", "lots").contains("\"lots\" is not a number"));
    assert!(check("kill", "-1").contains("cannot be negative"));
    let a = answers(&[("staff", "on"), ("split", "user_id")]);
    let s = Setup {
        experiment: &e,
        inputs: &i,
        answers: &a,
    };
    assert_eq!(
        s.measure(named("external_exposure_percent"), Some(1)),
        Err(BuildError::NotAnswered("s1".into()))
    );
    assert!(matches!(
        s.measure(named("external_exposure_percent"), Some(4)),
        Err(BuildError::Invalid(_))
    ));
}

#[test]
fn ab_measures_come_from_the_engine_z_test() {
    let e = experiment();
    let (i, a) = (inputs(), Answers::new());
    let s = Setup {
        experiment: &e,
        inputs: &i,
        answers: &a,
    };
    let m = |name| s.measure(named(name), None).unwrap().unwrap();
    assert_eq!(m("ab_rate_a_percent"), 4.0);
    assert_eq!(m("ab_rate_b_percent"), 5.0);
    assert!((m("ab_difference_points") - 1.0).abs() < 1e-9);
    assert!((m("ab_lift_percent") - 25.0).abs() < 1e-9);
    let expected = z_test(4000, 160, 4000, 200);
    assert_eq!(m("ab_p_value"), expected.p_value);
    assert_eq!(m("ab_significant"), 1.0);
    assert_eq!(significance_option(&e.ab), "significant");
    for measure in Measure::ALL.into_iter().filter(|m| m.is_ab()) {
        assert!(s.measure(measure, None).unwrap().is_some(), "{measure:?}");
    }
}

#[test]
fn bad_files_are_refused_with_the_field_named() {
    let bad = |from: &str, to: &str| {
        let text = FILE.replace(from, to);
        match toml::from_str::<ExperimentFile>(&text) {
            Err(e) => e.message().to_string(),
            Ok(file) => file.experiment().unwrap_err(),
        }
    };
    assert!(bad("count = 1000", "count = 5").contains("users.count"));
    assert!(bad("staff_percent = 5", "staff_percent = 101").contains("staff_percent"));
    assert!(bad("at_minute = 30", "at_minute = 58").contains("duration_minutes"));
    assert!(bad("conversions_a = 160", "conversions_a = 5000").contains("more users"));
    assert!(bad("seed = 7", "seed = 7\nsede = 8").contains("unknown field"));
    let simulated = FILE.replace(
        "kind = \"counts\"\nusers_a = 4000\nconversions_a = 160\nusers_b = 4000\nconversions_b = 200",
        "kind = \"simulated\"\nkey = \"ab\"\nseed = 1\nusers = 1\npercent_b = 50\nconversion_a_percent = 4\nconversion_b_percent = 5",
    );
    let err = toml::from_str::<ExperimentFile>(&simulated)
        .unwrap()
        .experiment()
        .unwrap_err();
    assert!(err.starts_with("ab: "), "{err}");
}

/// Every number the feature-flags lab states comes from its data file, its checks or the engine.
#[test]
fn the_feature_flags_lab_states_what_its_data_and_checks_say() {
    let labs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../labs");
    let (order, folders) = crate::cli::read_labs(&labs).unwrap();
    let catalogue = crate::Catalogue::from_folders(crate::Lang::En, order.as_deref(), &folders);
    let lab = catalogue
        .lab("deploy-feature-flags")
        .expect("the lab loads");
    let def = &lab.workspace.flags.experiments[0];
    let e = &def.experiment;
    let step = |n: usize| lab.steps[n].text.text();
    let all_text = format!(
        "{} {} {}",
        lab.steps.iter().map(|s| s.text.text()).collect::<String>(),
        lab.simplification.clone().unwrap_or_default(),
        lab.checks
            .iter()
            .filter(|c| {
                matches!(
                    c.kind,
                    crate::family::CheckKind::Flags(crate::family::flags::Check::Outcome(_))
                        | crate::family::CheckKind::Common(crate::family::common::Check::Choice(_))
                )
            })
            .map(|c| {
                format!(
                    "{} {}",
                    c.head.title,
                    c.head.explain.clone().unwrap_or_default().text()
                )
            })
            .collect::<String>()
    );
    // The population and the incident.
    assert_eq!(e.users.len(), 1000);
    assert!(step(0).contains("1,000 simulated users"));
    assert!(lab
        .simplification
        .as_deref()
        .unwrap()
        .contains("1,000 simulated users"));
    let (staff, _) = e.counts();
    assert!((40..=60).contains(&staff), "about 5% staff: {staff}");
    assert!(step(0).contains("about 5% of them staff"));
    assert_eq!((e.incident_minute, e.respond_within_minutes), (30, 5));
    assert!(step(2).contains("minute 30") && step(2).contains("within 5 minutes"));
    assert!(all_text.contains("runbook's 5 minutes"));
    assert_eq!(engine::flags::BUCKETS, 10_000);
    assert!(all_text.contains("one of 10,000"));
    // The stages' targets match the checks' bounds.
    let bounds = |id: &str| {
        lab.checks
            .iter()
            .find_map(|c| match &c.kind {
                crate::family::CheckKind::Flags(crate::family::flags::Check::Outcome(o))
                    if c.head.id == id =>
                {
                    Some((o.at_least.unwrap(), o.at_most.unwrap()))
                }
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(bounds("day1-share"), (8.0, 12.0));
    assert!(step(1).contains("between 8% and 12%"));
    assert_eq!(bounds("day2-share"), (45.0, 55.0));
    assert!(step(1).contains("between 45% and 55%"));
    // The A/B test: as the step and the explanations describe it.
    let test = e.ab_test.as_ref().unwrap();
    assert_eq!((test.users, test.percent_b), (5000, 50.0));
    assert!(step(3).contains("5,000 customers split 50/50"));
    assert!((test.conversion_a - 0.03).abs() < 1e-12 && (test.conversion_b - 0.036).abs() < 1e-12);
    assert!(all_text.contains("B truly converting at 3.6% against A's 3.0%"));
    assert!(!e.ab.significant, "the lab's story: not significant");
    assert!(e.ab.p_value > 0.05);
    // The reference solution's rounded answers against the engine.
    let r = &e.ab;
    assert!((r.rate_a * 100.0 - 2.94).abs() < 0.01, "{}", r.rate_a);
    assert!((r.rate_b * 100.0 - 3.58).abs() < 0.01, "{}", r.rate_b);
    assert!((r.difference * 100.0 - 0.64).abs() < 0.01);
    let lift = r.difference / r.rate_a * 100.0;
    assert!((lift - 21.7).abs() < 0.1, "{lift}");
}

/// The lab loader checks an experiment's inputs, its checks' measures and stages, and its file.
#[test]
fn the_loader_reports_broken_experiments_with_their_file() {
    use crate::lab::Lab;
    let labs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../labs");
    let files = crate::cli::read_folder(&labs.join("deploy-feature-flags")).unwrap();
    assert!(Lab::load("deploy-feature-flags", &files).is_ok());
    let broken = |edits: &[(&str, &str, &str)]| {
        let mut files = files.clone();
        for (file, from, to) in edits {
            let text = files.get_mut(*file).unwrap();
            assert!(text.contains(from), "{from}");
            *text = text.replacen(from, to, 1);
        }
        Lab::load("deploy-feature-flags", &files)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let out = broken(&[
        ("lab.toml", "\"day2_percent\"]", "\"why_flag\"]"),
        ("lab.toml", "{ id = \"off\",", "{ id = \"maybe\","),
        ("lab.toml", "stage = 2", "stage = 4"),
        (
            "lab.toml",
            "measure = \"stickiness_violations\"",
            "measure = \"stickyness\"",
        ),
    ]);
    assert!(
        out.contains(
            "lab.toml: experiment \"checkout\": input \"why_flag\" (stages) must be a number input"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "option \"maybe\" of input \"staff_rule\" (staff_rule) must be one of on, off, none"
        ),
        "{out}"
    );
    assert!(
        out.contains("check \"day1-share\": stage 4 is out of range: experiment \"checkout\" has stages 1 to 3"),
        "{out}"
    );
    assert!(
        out.contains("lab.toml:190:11: unknown variant `stickyness`, expected one of `staff_exposure_percent`"),
        "{out}"
    );
    let out = broken(&[("data/checkout-flag.toml", "seed = 7", "seed = 7\nsede = 8")]);
    assert!(
        out.starts_with("data/checkout-flag.toml:14:1: unknown field `sede`"),
        "{out}"
    );
    let out = broken(&[(
        "lab.toml",
        "file = \"data/checkout-flag.toml\"",
        "file = \"data/nope.toml\"",
    )]);
    assert!(
        out.contains("experiment \"checkout\" names file \"data/nope.toml\""),
        "{out}"
    );
    // A check on a missing experiment, and a significance input without the right options.
    let out = broken(&[
        ("lab.toml", "kind = \"ab_significance\"\ntitle = \"Significant at 95%?\"\ninput = \"significance\"\nexperiment = \"checkout\"", "kind = \"ab_significance\"\ntitle = \"Significant at 95%?\"\ninput = \"decision\"\nexperiment = \"other\""),
    ]);
    assert!(out.contains("experiment \"other\" is not defined"), "{out}");
    assert!(
        out.contains("input \"decision\" needs an option with id \"significant\""),
        "{out}"
    );
}
