//! Tests of the alarm evaluator: the user guide's worked examples, state changes, statistics and validation.

use super::*;

// ---------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------

/// The threshold of the table tests; `X` is above it and `0` below it.
const THRESHOLD: f64 = 5.0;

/// Turns the guide's notation into datapoints: `0` is within the threshold, `X` breaches
/// and `-` is missing.
fn points(text: &str) -> Vec<Option<f64>> {
    text.split_whitespace()
        .map(|token| match token {
            "0" => Some(1.0),
            "X" => Some(10.0),
            "-" => None,
            other => panic!("unknown datapoint token {other:?}"),
        })
        .collect()
}

/// An "M out of N" alarm on `GreaterThanThreshold` 5.0 with a five-datapoint range.
fn m_of_n(m: u32, n: u32, treat: TreatMissingData) -> AlarmConfig {
    AlarmConfig {
        evaluation_periods: n,
        datapoints_to_alarm: Some(m),
        treat_missing_data: treat,
        evaluation_range: Some(5),
        period_seconds: 300,
        ..AlarmConfig::new(
            "Errors",
            ComparisonOperator::GreaterThanThreshold,
            THRESHOLD,
        )
    }
}

/// The state a table cell names; `None` stands for "Retain current state".
fn cell(text: &str) -> Option<AlarmState> {
    match text {
        "OK" => Some(AlarmState::Ok),
        "ALARM" => Some(AlarmState::Alarm),
        "Insufficient data" => Some(AlarmState::InsufficientData),
        "Retain current state" => None,
        other => panic!("unknown cell {other:?}"),
    }
}

/// Checks one row of the user guide's tables: the datapoints, M and N, and the expected
/// state for MISSING, IGNORE, BREACHING and NOT BREACHING, in the guide's column order.
/// Each cell is checked from every possible current state, so that "Retain current state"
/// means the state never changes and any other cell means the state is always the one named.
fn check(datapoints: &str, m: u32, n: u32, expected: [&str; 4]) {
    let range = points(datapoints);
    for (treat, expected) in TreatMissingData::ALL.into_iter().zip(expected) {
        let config = m_of_n(m, n, treat);
        for current in [
            AlarmState::Ok,
            AlarmState::Alarm,
            AlarmState::InsufficientData,
        ] {
            let decision = decide(&config, &range, current);
            let want = cell(expected).unwrap_or(current);
            assert_eq!(
                decision.state,
                want,
                "{datapoints} ({m} of {n}), {} from {current}: reason {:?}",
                treat.name(),
                decision.reason
            );
        }
    }
}

/// The states after each period for a series in the guide's notation.
fn states(config: &AlarmConfig, datapoints: &str) -> Vec<AlarmState> {
    match evaluate(config, &points(datapoints)) {
        Ok(evaluation) => evaluation.states,
        Err(error) => panic!("unexpected error {error:?}"),
    }
}

/// The field of the validation error of a configuration that must be rejected.
fn rejected_field(config: &AlarmConfig) -> &'static str {
    match config.validate() {
        Ok(()) => panic!("expected an error for {config:?}"),
        Err(error) => error.field,
    }
}

use AlarmState::{Alarm as A, InsufficientData as I, Ok as O};

// ---------------------------------------------------------------------------------------
// The user guide's tables.
//
// Source: Amazon CloudWatch User Guide, "Using Amazon CloudWatch alarms", section
// "Configuring how CloudWatch alarms treat missing data", subsection "How alarm state is
// evaluated when data is missing" (awsdocs/amazon-cloudwatch-user-guide,
// doc_source/AlarmThatSendsEmail.md). Both tables retrieve the 5 most recent datapoints.
// Columns: MISSING, IGNORE, BREACHING, NOT BREACHING.
// ---------------------------------------------------------------------------------------

/// The first table: DatapointsToAlarm and EvaluationPeriods are both 3.
#[test]
fn guide_table_three_out_of_three() {
    check("0 - X - X", 3, 3, ["OK", "OK", "OK", "OK"]);
    check("0 - - - -", 3, 3, ["OK", "OK", "OK", "OK"]);
    check(
        "- - - - -",
        3,
        3,
        ["Insufficient data", "Retain current state", "ALARM", "OK"],
    );
    check("0 X X - X", 3, 3, ["ALARM", "ALARM", "ALARM", "ALARM"]);
    check(
        "- - - - X",
        3,
        3,
        ["Insufficient data", "Retain current state", "ALARM", "OK"],
    );
    check(
        "X - - - -",
        3,
        3,
        ["ALARM", "Retain current state", "ALARM", "OK"],
    );
}

/// The second table: a 2 out of 3 alarm.
#[test]
fn guide_table_two_out_of_three() {
    check("0 - X - X", 2, 3, ["ALARM", "ALARM", "ALARM", "ALARM"]);
    check("0 0 X 0 X", 2, 3, ["ALARM", "ALARM", "ALARM", "ALARM"]);
    check("0 - X - -", 2, 3, ["OK", "OK", "ALARM", "OK"]);
    check("- - - - 0", 2, 3, ["OK", "OK", "ALARM", "OK"]);
    check(
        "- - - - X",
        2,
        3,
        ["Insufficient data", "Retain current state", "ALARM", "OK"],
    );
}

/// The guide's comment on the second row: with missing data treated as breaching the alarm
/// stays OK, and goes to ALARM at the next evaluation once the non-breaching datapoint has
/// left the five most recent.
#[test]
fn breaching_goes_to_alarm_once_the_good_datapoint_leaves_the_range() {
    let config = m_of_n(3, 3, TreatMissingData::Breaching);
    assert_eq!(states(&config, "0 - - - -").last(), Some(&O));
    assert_eq!(states(&config, "0 - - - - -").last(), Some(&A));
}

/// A complete range evaluates only the N most recent datapoints.
#[test]
fn a_full_range_uses_the_most_recent_datapoints() {
    let config = m_of_n(3, 3, TreatMissingData::Missing);
    check("X X 0 X X", 3, 3, ["OK", "OK", "OK", "OK"]);
    assert_eq!(states(&config, "X X X 0 0"), vec![I, I, A, O, O]);
}

// ---------------------------------------------------------------------------------------
// Series, state changes and reasons.
// ---------------------------------------------------------------------------------------

/// The guide's figure: threshold crossed in periods 3 to 5, back to OK at 6, a single
/// breach at 9 leaves the alarm OK. The first period already gives OK: one datapoint
/// within the threshold and two missing ones, as in the tables' "0 - - - -" row.
#[test]
fn the_guide_figure_three_of_three() {
    let config = AlarmConfig {
        evaluation_periods: 3,
        ..AlarmConfig::new(
            "CPUUtilization",
            ComparisonOperator::GreaterThanThreshold,
            3.0,
        )
    };
    let series: Vec<Option<f64>> = [1.0, 2.0, 4.0, 5.0, 4.0, 2.0, 1.0, 2.0, 4.0, 1.0]
        .into_iter()
        .map(Some)
        .collect();
    let evaluation = match evaluate(&config, &series) {
        Ok(evaluation) => evaluation,
        Err(error) => panic!("{error:?}"),
    };
    assert_eq!(evaluation.states, vec![O, O, O, O, A, O, O, O, O, O]);
    let changes: Vec<(usize, AlarmState, AlarmState)> = evaluation
        .changes
        .iter()
        .map(|change| (change.period, change.from, change.to))
        .collect();
    assert_eq!(changes, vec![(0, I, O), (4, O, A), (5, A, O)]);
    assert_eq!(evaluation.changes[1].time_seconds, 300);
    assert_eq!(
        evaluation.changes[1].reason,
        "Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (3.0)"
    );
    assert_eq!(
        evaluation.changes[2].reason,
        "Threshold Crossed: 1 out of the last 3 datapoints was not greater than the threshold (3.0)"
    );
}

/// An alarm starts in INSUFFICIENT_DATA, and `ignore` keeps whatever state it has.
#[test]
fn ignore_keeps_the_state_and_the_start_is_insufficient_data() {
    let config = m_of_n(1, 1, TreatMissingData::Ignore);
    assert_eq!(
        states(&config, "- - X - - - - - - 0 - -"),
        vec![I, I, A, A, A, A, A, A, A, O, O, O]
    );
    let missing = m_of_n(1, 1, TreatMissingData::Missing);
    assert_eq!(states(&missing, "X - - - - - 0"), vec![A, A, A, A, A, I, O]);
}

/// The reason texts name the operator, the counts and the threshold as CloudWatch does.
#[test]
fn reasons_follow_cloudwatch_wording() {
    let cases: &[(ComparisonOperator, &str, &str)] = &[
        (
            ComparisonOperator::GreaterThanThreshold,
            "X X X",
            "3 out of the last 3 datapoints were greater than the threshold (5.0)",
        ),
        (
            ComparisonOperator::GreaterThanOrEqualToThreshold,
            "X X X",
            "3 out of the last 3 datapoints were greater than or equal to the threshold (5.0)",
        ),
        (
            ComparisonOperator::LessThanThreshold,
            "0 0 0",
            "3 out of the last 3 datapoints were less than the threshold (5.0)",
        ),
        (
            ComparisonOperator::LessThanOrEqualToThreshold,
            "0 0 0",
            "3 out of the last 3 datapoints were less than or equal to the threshold (5.0)",
        ),
    ];
    for (operator, series, reason) in cases {
        let config = AlarmConfig {
            evaluation_periods: 3,
            ..AlarmConfig::new("M", *operator, THRESHOLD)
        };
        let decision = decide(&config, &points(series), I);
        assert_eq!(decision.state, A, "{operator:?}");
        assert_eq!(decision.reason, format!("Threshold Crossed: {reason}"));
    }
    let none = decide(
        &m_of_n(3, 3, TreatMissingData::Missing),
        &points("- - - - -"),
        O,
    );
    assert_eq!(none.reason, "Insufficient Data: 5 datapoints were unknown");
}

/// The comparison operators at the threshold itself.
#[test]
fn operators_at_the_threshold() {
    let cases = [
        (
            ComparisonOperator::GreaterThanThreshold,
            [false, false, true],
        ),
        (
            ComparisonOperator::GreaterThanOrEqualToThreshold,
            [false, true, true],
        ),
        (ComparisonOperator::LessThanThreshold, [true, false, false]),
        (
            ComparisonOperator::LessThanOrEqualToThreshold,
            [true, true, false],
        ),
    ];
    for (operator, expected) in cases {
        let got = [4.0, 5.0, 6.0].map(|value| operator.breaches(value, 5.0));
        assert_eq!(got, expected, "{operator:?}");
        assert_eq!(ComparisonOperator::parse(operator.name()), Ok(operator));
    }
}

/// A non-finite datapoint counts as missing rather than breaking the evaluation.
#[test]
fn non_finite_datapoints_count_as_missing() {
    let config = m_of_n(1, 1, TreatMissingData::Missing);
    let evaluation = evaluate(&config, &[Some(f64::NAN), Some(f64::INFINITY)]);
    assert_eq!(evaluation.map(|e| e.states), Ok(vec![I, I]));
}

/// The default evaluation range is N + 2.
#[test]
fn default_range_is_n_plus_two() {
    let config = AlarmConfig {
        evaluation_periods: 3,
        treat_missing_data: TreatMissingData::Breaching,
        ..AlarmConfig::new("M", ComparisonOperator::GreaterThanThreshold, THRESHOLD)
    };
    assert_eq!(config.range_len(), 5);
    assert_eq!(states(&config, "0 - - - - -")[4..], [O, A]);
}

// ---------------------------------------------------------------------------------------
// Statistics.
// ---------------------------------------------------------------------------------------

/// Every statistic over one set of samples.
#[test]
fn statistics_over_raw_samples() {
    let samples = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0];
    let cases = [
        ("SampleCount", 10.0),
        ("Sum", 39.0),
        ("Average", 3.9),
        ("Minimum", 1.0),
        ("Maximum", 9.0),
        ("p50", 3.0),
        ("p90", 6.0),
        ("p99", 9.0),
        ("p100", 9.0),
        ("p0", 1.0),
        ("p10", 1.0),
        ("p99.9", 9.0),
    ];
    for (name, expected) in cases {
        let statistic = match Statistic::parse(name) {
            Ok(statistic) => statistic,
            Err(error) => panic!("{name}: {error:?}"),
        };
        assert_eq!(statistic.to_string(), name);
        let value = aggregate(statistic, &samples);
        assert!(
            value.is_some_and(|v| (v - expected).abs() < 1e-12),
            "{name}: expected {expected}, got {value:?}"
        );
    }
}

/// A period without finite samples has no datapoint.
#[test]
fn no_samples_no_datapoint() {
    for statistic in [
        Statistic::SampleCount,
        Statistic::Average,
        Statistic::Percentile(99.0),
    ] {
        assert_eq!(aggregate(statistic, &[]), None);
        assert_eq!(aggregate(statistic, &[f64::NAN]), None);
    }
    assert_eq!(aggregate(Statistic::Sum, &[f64::NAN, 2.0]), Some(2.0));
}

/// Unknown or out-of-range statistics are rejected.
#[test]
fn bad_statistics_are_rejected() {
    for name in ["Mean", "p", "p101", "p-1", "P99", "pabc", ""] {
        assert!(Statistic::parse(name).is_err(), "{name}");
    }
    assert_eq!(
        Statistic::parse("p101").map_err(|e| (e.field, e.reason)),
        Err(("statistic", AlarmReason::PercentileOutOfRange { p: 101.0 }))
    );
}

// ---------------------------------------------------------------------------------------
// Validation.
// ---------------------------------------------------------------------------------------

/// Every rule of [`AlarmConfig::validate`], one line per rule.
#[test]
fn validation_errors() {
    let base = || m_of_n(2, 3, TreatMissingData::Missing);
    let cases: Vec<(AlarmConfig, &str)> = vec![
        (
            AlarmConfig {
                metric_name: " ".into(),
                ..base()
            },
            "MetricName",
        ),
        (
            AlarmConfig {
                statistic: Statistic::Percentile(120.0),
                ..base()
            },
            "statistic",
        ),
        (
            AlarmConfig {
                period_seconds: 0,
                ..base()
            },
            "Period",
        ),
        (
            AlarmConfig {
                period_seconds: 45,
                ..base()
            },
            "Period",
        ),
        (
            AlarmConfig {
                evaluation_periods: 0,
                datapoints_to_alarm: None,
                ..base()
            },
            "EvaluationPeriods",
        ),
        (
            AlarmConfig {
                evaluation_periods: 289,
                period_seconds: 300,
                datapoints_to_alarm: None,
                evaluation_range: None,
                ..base()
            },
            "EvaluationPeriods",
        ),
        (
            AlarmConfig {
                datapoints_to_alarm: Some(0),
                ..base()
            },
            "DatapointsToAlarm",
        ),
        (
            AlarmConfig {
                datapoints_to_alarm: Some(4),
                ..base()
            },
            "DatapointsToAlarm",
        ),
        (
            AlarmConfig {
                threshold: f64::NAN,
                ..base()
            },
            "Threshold",
        ),
        (
            AlarmConfig {
                evaluation_range: Some(2),
                ..base()
            },
            "evaluation_range",
        ),
    ];
    for (config, field) in &cases {
        assert_eq!(rejected_field(config), *field, "{config:?}");
        assert!(evaluate(config, &[Some(1.0)]).is_err());
    }
    assert_eq!(base().validate(), Ok(()));
    for period in [10, 20, 30, 60, 300, 3600] {
        assert_eq!(
            AlarmConfig {
                period_seconds: period,
                ..base()
            }
            .validate(),
            Ok(())
        );
    }
    let day = AlarmConfig {
        evaluation_periods: 288,
        period_seconds: 300,
        datapoints_to_alarm: None,
        evaluation_range: None,
        ..base()
    };
    assert_eq!(day.validate(), Ok(()));
}

/// Names parse back to the same values, and unknown names are errors.
#[test]
fn names_round_trip() {
    for treat in TreatMissingData::ALL {
        assert_eq!(TreatMissingData::parse(treat.name()), Ok(treat));
    }
    assert_eq!(TreatMissingData::default(), TreatMissingData::Missing);
    assert_eq!(
        TreatMissingData::parse("NotBreaching").map_err(|e| e.reason),
        Err(AlarmReason::UnknownTreatMissingData {
            text: "NotBreaching".to_string()
        })
    );
    assert_eq!(
        ComparisonOperator::parse("GreaterThan").map_err(|e| e.reason),
        Err(AlarmReason::UnknownComparisonOperator {
            text: "GreaterThan".to_string()
        })
    );
    assert_eq!(AlarmState::default().name(), "INSUFFICIENT_DATA");
}

/// Arbitrary inputs never panic and always give one state per datapoint.
#[test]
fn arbitrary_series_never_panic() {
    let mut x: u64 = 7;
    for round in 0..300u32 {
        let n = 1 + round % 6;
        let config = AlarmConfig {
            evaluation_periods: n,
            datapoints_to_alarm: Some(1 + round % n),
            treat_missing_data: TreatMissingData::ALL[(round % 4) as usize],
            evaluation_range: Some(n + round % 4),
            ..AlarmConfig::new("M", ComparisonOperator::ALL[(round % 4) as usize], 0.5)
        };
        let series: Vec<Option<f64>> = (0..40)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                match x >> 62 {
                    0 => None,
                    1 => Some(f64::NAN),
                    _ => Some((x >> 11) as f64 / (1u64 << 53) as f64),
                }
            })
            .collect();
        let evaluation = evaluate(&config, &series);
        assert_eq!(evaluation.map(|e| e.states.len()), Ok(40));
    }
}

/// `PutMetricAlarm`'s Period: 10, 20 and 30 seconds (a high-resolution alarm) or any
/// multiple of 60; anything else, such as 45, is rejected.
#[test]
fn periods_are_10_20_30_or_a_multiple_of_60() {
    let with_period = |period_seconds| AlarmConfig {
        period_seconds,
        evaluation_periods: 1,
        datapoints_to_alarm: None,
        evaluation_range: None,
        ..m_of_n(1, 1, TreatMissingData::Missing)
    };
    for period in [10, 20, 30, 60, 120, 3600, 86_400] {
        assert_eq!(with_period(period).validate(), Ok(()), "{period}");
        assert!(valid_period(period), "{period}");
    }
    for period in [0, 1, 5, 15, 25, 40, 45, 50, 90, 3_601] {
        assert_eq!(
            with_period(period)
                .validate()
                .map_err(|e| (e.field, e.reason)),
            Err(("Period", AlarmReason::Period { period_s: period })),
            "{period}"
        );
    }
}

/// Period × EvaluationPeriods is at most one day (86,400 s) for periods shorter than one
/// hour and seven days (604,800 s) for periods of one hour or longer: just inside and just
/// outside each limit.
#[test]
fn evaluation_interval_is_one_day_below_an_hour_and_seven_days_from_an_hour() {
    let alarm = |period_seconds, n| AlarmConfig {
        period_seconds,
        evaluation_periods: n,
        datapoints_to_alarm: Some(1),
        evaluation_range: None,
        ..m_of_n(1, 1, TreatMissingData::Missing)
    };
    let too_long = |period_s, n, max_s| {
        Err((
            "EvaluationPeriods",
            AlarmReason::EvaluationTooLong { n, period_s, max_s },
        ))
    };
    let check = |period, n| alarm(period, n).validate().map_err(|e| (e.field, e.reason));
    // Below one hour: one day.
    assert_eq!(check(10, 8_640), Ok(()));
    assert_eq!(check(10, 8_641), too_long(10, 8_641, 86_400));
    assert_eq!(check(60, 1_440), Ok(()));
    assert_eq!(check(60, 1_441), too_long(60, 1_441, 86_400));
    assert_eq!(check(3_540, 24), Ok(()));
    assert_eq!(check(3_540, 25), too_long(3_540, 25, 86_400));
    // From one hour: seven days.
    assert_eq!(check(3_600, 25), Ok(()), "over a day is fine from one hour");
    assert_eq!(check(3_600, 168), Ok(()));
    assert_eq!(check(3_600, 169), too_long(3_600, 169, 604_800));
    assert_eq!(check(86_400, 7), Ok(()));
    assert_eq!(check(86_400, 8), too_long(86_400, 8, 604_800));
    assert_eq!(
        max_evaluation_seconds(3_599),
        MAX_EVALUATION_SECONDS_SHORT_PERIOD
    );
    assert_eq!(
        max_evaluation_seconds(LONG_PERIOD_SECONDS),
        MAX_EVALUATION_SECONDS
    );
}
