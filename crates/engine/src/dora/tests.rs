//! Tests of the DORA engine: the sample logs, every validation error, the keys and the bands.

use super::*;

const LOTUS_PAY: &str = include_str!("../../../../labs/dora-four-keys/data/lotus-pay.yaml");
const MONOLITH: &str = include_str!("../../../../labs/dora-compare-teams/data/team-monolith.yaml");
const STREAMS: &str = include_str!("../../../../labs/dora-compare-teams/data/team-streams.yaml");

/// A valid three-line header with a seven-day window; lists start on line 4.
const HEADER: &str = "team: T\nfrom: 2025-03-03T00:00:00Z\nto: 2025-03-10T00:00:00Z\n";

/// A valid three-line header with the 28-day window of the samples.
const FOUR_WEEKS: &str = "team: T\nfrom: 2025-03-03T00:00:00Z\nto: 2025-03-31T00:00:00Z\n";

/// Unix seconds of 3 March 2025, 00:00 UTC, the start of every test window.
const MARCH_3: i64 = 1_740_960_000;

// ---------------------------------------------------------------------------------------
// Helpers, one per concern.
// ---------------------------------------------------------------------------------------

/// Parses a log that the test expects to be valid.
fn parsed(text: &str) -> EventLog {
    match parse_log(text) {
        Ok(log) => log,
        Err(error) => panic!("expected a valid log, got {error}\n{text}"),
    }
}

/// Parses a log that the test expects to be invalid and returns the error.
fn rejected(text: &str) -> LogError {
    match parse_log(text) {
        Ok(log) => panic!("expected an error, got {log:?}\n{text}"),
        Err(error) => error,
    }
}

/// The four keys of a log that the test expects to be valid.
fn keys_of(text: &str) -> FourKeys {
    four_keys(&parsed(text))
}

/// Asserts that a float is within a tiny tolerance of the expected value.
fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "{what}: expected {expected}, got {actual}"
    );
}

/// Asserts that an optional float is present and close to the expected value.
fn assert_some_close(actual: Option<f64>, expected: f64, what: &str) {
    match actual {
        Some(value) => assert_close(value, expected, what),
        None => panic!("{what}: expected {expected}, got None"),
    }
}

/// Asserts the position of an error and that its message contains the expected text.
fn assert_error(text: &str, line: usize, column: usize, needle: &str) {
    let error = rejected(text);
    assert!(
        error.message.contains(needle),
        "message {:?} does not contain {needle:?}",
        error.message
    );
    assert_eq!(
        (error.line, error.column),
        (line, column),
        "position of {:?}",
        error.message
    );
}

/// The per-key levels of a set of keys, in [`Key::ALL`] order.
fn levels_of(keys: &FourKeys) -> Vec<Option<Level>> {
    Key::ALL.into_iter().map(|key| keys.level(key)).collect()
}

/// Unix seconds of `hours` after 3 March 2025, 00:00 UTC.
fn march_3_plus_hours(hours: i64) -> i64 {
    MARCH_3 + hours * 3_600
}

/// A minimal random number generator (a 64-bit linear congruential generator).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

// ---------------------------------------------------------------------------------------
// The sample logs.
// ---------------------------------------------------------------------------------------

/// The expected keys of one sample log.
struct Expected {
    deployments: usize,
    failed: usize,
    per_day: f64,
    per_week: f64,
    lead_time_hours: f64,
    change_fail_rate: f64,
    recovery_hours: f64,
    mttr_hours: f64,
    delivered: usize,
    undelivered: usize,
    rework: usize,
    rework_rate: f64,
    levels: [Level; 4],
    overall: Level,
}

fn assert_sample(text: &str, team: &str, expected: &Expected) {
    let log = parsed(text);
    assert_eq!(log.team, team);
    assert_eq!(log.from, MARCH_3);
    assert_eq!(log.to, MARCH_3 + 28 * 86_400);
    let keys = four_keys(&log);
    assert_close(keys.window_days, 28.0, "window_days");
    assert_eq!(keys.deployments, expected.deployments, "deployments");
    assert_eq!(keys.failed_deployments, expected.failed, "failed");
    assert_close(keys.deployments_per_day, expected.per_day, "per day");
    assert_close(keys.deployments_per_week, expected.per_week, "per week");
    assert_some_close(keys.lead_time_hours, expected.lead_time_hours, "lead time");
    assert_some_close(
        keys.change_fail_rate_percent,
        expected.change_fail_rate,
        "change fail rate",
    );
    assert_some_close(
        keys.recovery_time_hours,
        expected.recovery_hours,
        "recovery",
    );
    assert_some_close(keys.mttr_hours, expected.mttr_hours, "mttr");
    assert_eq!(keys.delivered_commits, expected.delivered, "delivered");
    assert_eq!(
        keys.undelivered_commits, expected.undelivered,
        "undelivered"
    );
    assert_eq!(keys.rework_deployments, expected.rework, "rework");
    assert_some_close(
        keys.rework_rate_percent,
        expected.rework_rate,
        "rework rate",
    );
    let levels: Vec<Option<Level>> = expected.levels.iter().copied().map(Some).collect();
    assert_eq!(levels_of(&keys), levels, "levels of {team}");
    assert_eq!(keys.overall(), Some(expected.overall), "overall of {team}");
}

#[test]
fn lotus_pay_sample_has_the_documented_keys() {
    assert_sample(
        LOTUS_PAY,
        "Lotus Pay",
        &Expected {
            deployments: 8,
            failed: 2,
            per_day: 8.0 / 28.0,
            per_week: 2.0,
            // Sorted lead times: 4, 6, 8, 16, 18, 22, 30, 32, 72, 126 hours.
            lead_time_hours: 20.0,
            change_fail_rate: 25.0,
            recovery_hours: 2.25,
            mttr_hours: 2.25,
            delivered: 10,
            undelivered: 1,
            // deploy-04 fixes INC-1: 1 of 8.
            rework: 1,
            rework_rate: 12.5,
            levels: [Level::High, Level::Elite, Level::High, Level::High],
            overall: Level::High,
        },
    );
}

#[test]
fn monolith_sample_has_the_documented_keys() {
    assert_sample(
        MONOLITH,
        "Monolith",
        &Expected {
            deployments: 2,
            failed: 1,
            per_day: 2.0 / 28.0,
            per_week: 0.5,
            // The middle lead times are 336 h (14 days) and 384 h (16 days).
            lead_time_hours: 360.0,
            change_fail_rate: 50.0,
            recovery_hours: 30.0,
            mttr_hours: 30.0,
            delivered: 16,
            undelivered: 0,
            // The fix rode on the next planned release.
            rework: 0,
            rework_rate: 0.0,
            levels: [Level::Medium, Level::Medium, Level::Low, Level::Medium],
            overall: Level::Medium,
        },
    );
}

#[test]
fn streams_sample_has_the_documented_keys() {
    assert_sample(
        STREAMS,
        "Streams",
        &Expected {
            deployments: 40,
            failed: 2,
            per_day: 40.0 / 28.0,
            per_week: 10.0,
            // 19 commits wait 2 h, 19 wait 3 h, one 7 h and one 22 h.
            lead_time_hours: 3.0,
            change_fail_rate: 5.0,
            // Median of 0.75 h and 0.5 h; the mean also counts the 4 h provider outage.
            recovery_hours: 0.625,
            mttr_hours: 1.75,
            delivered: 40,
            undelivered: 0,
            // Fixes ship with the pipeline's regular deployments.
            rework: 0,
            rework_rate: 0.0,
            levels: [Level::Elite; 4],
            overall: Level::Elite,
        },
    );
}

#[test]
fn sample_items_keep_their_source_lines() {
    let log = parsed(LOTUS_PAY);
    let first_commit = log.commits.first().map(|c| (c.id.as_str(), c.line));
    assert_eq!(first_commit, Some(("9f1c2e0", 19)));
    let last_commit = log.commits.last().map(|c| (c.id.as_str(), c.line));
    assert_eq!(last_commit, Some(("d9e2b37", 39)));
    let deploy_03 = log
        .deployments
        .get(2)
        .map(|d| (d.id.as_str(), d.line, d.status));
    assert_eq!(deploy_03, Some(("deploy-03", 51, DeploymentStatus::Failed)));
    let deploy_04 = log.deployments.get(3).map(|d| {
        (
            d.id.as_str(),
            d.line,
            d.fixes.as_deref(),
            d.reason.is_some(),
        )
    });
    assert_eq!(deploy_04, Some(("deploy-04", 55, Some("INC-1"), true)));
    let inc_2 = log
        .incidents
        .get(1)
        .map(|i| (i.id.as_str(), i.line, i.deployment.as_deref()));
    assert_eq!(inc_2, Some(("INC-2", 83, Some("deploy-06"))));
    // The flow-style items of the streams sample have one line each.
    let streams = parsed(STREAMS);
    let lines: Vec<usize> = streams.commits.iter().take(3).map(|c| c.line).collect();
    assert_eq!(lines, vec![23, 24, 25]);
}

#[test]
fn lotus_pay_timeline_has_one_bucket_per_day() {
    let timeline = timeline(&parsed(LOTUS_PAY));
    assert_eq!(timeline.days.len(), 28);
    let days: Vec<u32> = timeline.days.iter().map(|d| d.day).collect();
    assert_eq!(days, (0..28).collect::<Vec<u32>>());
    let busy: Vec<(u32, u32, u32)> = timeline
        .days
        .iter()
        .filter(|d| d.succeeded + d.failed > 0)
        .map(|d| (d.day, d.succeeded, d.failed))
        .collect();
    assert_eq!(
        busy,
        vec![
            (1, 1, 0),
            (3, 1, 0),
            (8, 0, 1),
            (10, 1, 0),
            (15, 1, 0),
            (17, 0, 1),
            (22, 1, 0),
            (24, 1, 0)
        ]
    );
    let spans: Vec<(&str, f64, f64)> = timeline
        .incidents
        .iter()
        .map(|s| (s.id.as_str(), s.start_hours, s.end_hours))
        .collect();
    assert_eq!(
        spans,
        vec![("INC-1", 207.5, 209.0), ("INC-2", 424.0, 427.0)]
    );
}

#[test]
fn timeline_puts_an_event_at_the_end_in_the_last_day() {
    let text = format!(
        "{HEADER}deployments:\n  - {{id: d1, at: 2025-03-10T00:00:00Z, status: failed}}\n  \
         - {{id: d2, at: 2025-03-03T00:00:00Z, status: succeeded}}\n"
    );
    let timeline = timeline(&parsed(&text));
    assert_eq!(timeline.days.len(), 7);
    assert_eq!(
        timeline.days.first(),
        Some(&DayBucket {
            day: 0,
            succeeded: 1,
            failed: 0
        })
    );
    assert_eq!(
        timeline.days.last(),
        Some(&DayBucket {
            day: 6,
            succeeded: 0,
            failed: 1
        })
    );
}

#[test]
fn timeline_of_a_partial_day_window_rounds_up() {
    let text = "team: T\nfrom: 2025-03-03T00:00:00Z\nto: 2025-03-04T06:00:00Z\n";
    assert_eq!(timeline(&parsed(text)).days.len(), 2);
}

#[test]
fn timeline_of_a_hand_built_log_stays_bounded() {
    let log = EventLog {
        team: "T".to_string(),
        from: i64::MIN,
        to: i64::MAX,
        commits: Vec::new(),
        deployments: Vec::new(),
        incidents: Vec::new(),
    };
    let days = timeline(&log).days.len();
    assert_eq!(days, 367);
    let backwards = EventLog {
        from: 10,
        to: 0,
        ..log
    };
    assert!(timeline(&backwards).days.is_empty());
    assert_close(four_keys(&backwards).deployments_per_day, 0.0, "per day");
}

// ---------------------------------------------------------------------------------------
// Validation errors: each with its message and position.
// ---------------------------------------------------------------------------------------

/// Commit `a` at 10:00 and deployment `d1` at 12:00 on 3 March; lines 4 to 11.
fn with_deployment(commit_at: &str, deployment_commits: &str, status: &str) -> String {
    format!(
        "{HEADER}commits:\n  - id: a\n    at: {commit_at}\ndeployments:\n  - id: d1\n    \
         at: 2025-03-03T12:00:00Z\n    commits: {deployment_commits}\n    status: {status}\n"
    )
}

/// [`with_deployment`] plus one incident on lines 12 to 16.
fn with_incident(status: &str, opened: &str, restored: &str, deployment: &str) -> String {
    format!(
        "{}incidents:\n  - id: I1\n    opened: {opened}\n    restored: {restored}\n    \
         deployment: {deployment}\n",
        with_deployment("2025-03-03T10:00:00Z", "[a]", status)
    )
}

#[test]
fn the_helper_logs_are_valid() {
    let log = parsed(&with_incident(
        "failed",
        "2025-03-03T13:00:00Z",
        "2025-03-03T14:00:00Z",
        "d1",
    ));
    assert_eq!(log.commits.len(), 1);
    assert_eq!(log.deployments.first().map(|d| d.line), Some(8));
    assert_eq!(log.incidents.first().map(|i| i.line), Some(13));
}

#[test]
fn empty_team_is_rejected() {
    let text = "team: \"  \"\nfrom: 2025-03-03T00:00:00Z\nto: 2025-03-10T00:00:00Z\n";
    assert_error(text, 1, 7, "`team` is empty");
}

#[test]
fn bad_timestamps_are_rejected() {
    let cases = [
        (
            "from: 2025-03-03",
            2,
            7,
            "`from` must be an RFC 3339 timestamp",
        ),
        (
            "from: 2025-03-03 09:00",
            2,
            7,
            "but it is \"2025-03-03 09:00\"",
        ),
        ("from: 2025-03-03T09:00Z", 2, 7, "`from` must be"),
        ("from: 2025-03-03T09:00:00", 2, 7, "`from` must be"),
        ("from: 2025-02-30T09:00:00Z", 2, 7, "`from` must be"),
        ("from: yesterday", 2, 7, "but it is \"yesterday\""),
        ("from: 12", 2, 7, "but it is \"12\""),
    ];
    for (from, line, column, needle) in cases {
        let text = format!("team: T\n{from}\nto: 2025-03-10T00:00:00Z\n");
        assert_error(&text, line, column, needle);
    }
    let text = "team: T\nfrom: 2025-03-03T00:00:00Z\nto: soon\n";
    assert_error(text, 3, 5, "`to` must be an RFC 3339 timestamp");
    let commit = with_deployment("2025-03-03", "[a]", "succeeded");
    assert_error(
        &commit,
        6,
        9,
        "`at` of commit a must be an RFC 3339 timestamp",
    );
}

#[test]
fn a_window_that_is_empty_or_too_long_is_rejected() {
    let same = "team: T\nfrom: 2025-03-03T00:00:00Z\nto: 2025-03-03T00:00:00Z\n";
    assert_error(
        same,
        3,
        5,
        "`to` (2025-03-03T00:00:00Z) must be after `from`",
    );
    let backwards = "team: T\nfrom: 2025-03-03T00:00:00Z\nto: 2025-03-02T00:00:00Z\n";
    assert_error(backwards, 3, 5, "must be after `from`");
    let long = "team: T\nfrom: 2025-03-03T00:00:00Z\nto: 2026-03-05T00:00:00Z\n";
    assert_error(long, 3, 5, "longer than 366 days");
    let just_fits = "team: T\nfrom: 2025-03-03T00:00:00Z\nto: 2026-03-04T00:00:00Z\n";
    assert_eq!(parsed(just_fits).to - parsed(just_fits).from, 366 * 86_400);
}

#[test]
fn duplicate_ids_are_rejected_in_each_list() {
    let commits = format!(
        "{HEADER}commits:\n  - id: a\n    at: 2025-03-03T10:00:00Z\n  - id: a\n    \
         at: 2025-03-03T11:00:00Z\n"
    );
    assert_error(&commits, 7, 9, "the commit id a is used twice");
    let deployments = format!(
        "{HEADER}deployments:\n  - {{id: d1, at: 2025-03-03T10:00:00Z, status: succeeded}}\n  \
         - {{id: d1, at: 2025-03-03T11:00:00Z, status: failed}}\n"
    );
    assert_error(&deployments, 6, 10, "the deployment id d1 is used twice");
    let incidents = format!(
        "{HEADER}incidents:\n  - {{id: I, opened: 2025-03-03T10:00:00Z, restored: \
         2025-03-03T11:00:00Z}}\n  - {{id: I, opened: 2025-03-04T10:00:00Z, restored: \
         2025-03-04T11:00:00Z}}\n"
    );
    assert_error(&incidents, 6, 10, "the incident id I is used twice");
    // The same id in two different lists is fine.
    let mixed = format!(
        "{HEADER}commits:\n  - {{id: x, at: 2025-03-03T10:00:00Z}}\ndeployments:\n  - {{id: x, \
         at: 2025-03-03T11:00:00Z, commits: [x], status: succeeded}}\n"
    );
    assert_eq!(parsed(&mixed).deployments.len(), 1);
}

#[test]
fn empty_ids_are_rejected() {
    let text = format!("{HEADER}commits:\n  - id: \"\"\n    at: 2025-03-03T10:00:00Z\n");
    assert_error(&text, 5, 9, "a commit has an empty `id`");
}

#[test]
fn deployment_listing_an_unknown_commit_is_rejected() {
    let text = with_deployment("2025-03-03T10:00:00Z", "[a, abc123]", "succeeded");
    assert_error(
        &text,
        10,
        18,
        "deployment d1 lists commit abc123, which is not in `commits`",
    );
}

#[test]
fn deployment_listing_a_later_commit_is_rejected() {
    let text = with_deployment("2025-03-03T13:00:00Z", "[a]", "succeeded");
    assert_error(
        &text,
        10,
        15,
        "deployment d1 finished at 2025-03-03T12:00:00Z but lists commit a, which was made \
         later, at 2025-03-03T13:00:00Z",
    );
}

#[test]
fn deployment_listing_a_commit_twice_is_rejected() {
    let text = with_deployment("2025-03-03T10:00:00Z", "[a, a]", "succeeded");
    assert_error(&text, 10, 18, "deployment d1 lists commit a twice");
}

#[test]
fn unknown_status_is_rejected() {
    let text = with_deployment("2025-03-03T10:00:00Z", "[a]", "done");
    assert_error(
        &text,
        11,
        13,
        "`status` of deployment d1 must be `succeeded` or `failed`, but it is \"done\"",
    );
}

#[test]
fn incident_naming_an_unknown_deployment_is_rejected() {
    let text = with_incident(
        "failed",
        "2025-03-03T13:00:00Z",
        "2025-03-03T14:00:00Z",
        "d9",
    );
    assert_error(
        &text,
        16,
        17,
        "incident I1 names deployment d9, which is not in `deployments`",
    );
}

#[test]
fn incident_naming_a_succeeded_deployment_is_rejected() {
    let text = with_incident(
        "succeeded",
        "2025-03-03T13:00:00Z",
        "2025-03-03T14:00:00Z",
        "d1",
    );
    assert_error(&text, 16, 17, "whose status is `succeeded`");
}

#[test]
fn incident_opened_before_its_deployment_is_rejected() {
    let text = with_incident(
        "failed",
        "2025-03-03T11:00:00Z",
        "2025-03-03T14:00:00Z",
        "d1",
    );
    assert_error(
        &text,
        16,
        17,
        "incident I1 was opened at 2025-03-03T11:00:00Z, before deployment d1 finished",
    );
}

#[test]
fn restored_before_opened_is_rejected() {
    let text = with_incident(
        "failed",
        "2025-03-03T14:00:00Z",
        "2025-03-03T13:00:00Z",
        "d1",
    );
    assert_error(
        &text,
        15,
        15,
        "incident I1 was restored at 2025-03-03T13:00:00Z, before it was opened at \
         2025-03-03T14:00:00Z",
    );
}

#[test]
fn events_outside_the_window_are_rejected() {
    let commit = with_deployment("2025-03-02T23:59:59Z", "[a]", "succeeded");
    assert_error(
        &commit,
        6,
        9,
        "`at` of commit a (2025-03-02T23:59:59Z) is outside the observation window \
         2025-03-03T00:00:00Z to 2025-03-10T00:00:00Z",
    );
    let deployment = format!(
        "{HEADER}deployments:\n  - id: d1\n    at: 2025-03-10T00:00:01Z\n    status: failed\n"
    );
    assert_error(
        &deployment,
        6,
        9,
        "`at` of deployment d1 (2025-03-10T00:00:01Z) is outside",
    );
    let opened = with_incident(
        "failed",
        "2025-03-02T13:00:00Z",
        "2025-03-03T14:00:00Z",
        "d1",
    );
    assert_error(
        &opened,
        14,
        13,
        "`opened` of incident I1 (2025-03-02T13:00:00Z) is outside",
    );
    let restored = with_incident(
        "failed",
        "2025-03-03T13:00:00Z",
        "2025-03-11T14:00:00Z",
        "d1",
    );
    assert_error(
        &restored,
        15,
        15,
        "`restored` of incident I1 (2025-03-11T14:00:00Z)",
    );
    // Both ends of the window are inside it.
    let edges = format!(
        "{HEADER}commits:\n  - {{id: a, at: 2025-03-03T00:00:00Z}}\n  - {{id: b, at: \
         2025-03-10T00:00:00Z}}\n"
    );
    assert_eq!(parsed(&edges).commits.len(), 2);
}

#[test]
fn long_ids_are_shortened_in_messages() {
    let long = "x".repeat(500);
    let text = with_deployment("2025-03-03T10:00:00Z", &format!("[{long}]"), "succeeded");
    let error = rejected(&text);
    assert!(error.message.len() < 200, "{}", error.message);
    assert!(error.message.contains("xxxxxxxxxx…"), "{}", error.message);
}

// ---------------------------------------------------------------------------------------
// YAML syntax and type errors.
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_fields_are_rejected() {
    let top = format!("{HEADER}owner: platform\n");
    assert_error(&top, 4, 1, "unknown field `owner`");
    let commit = format!("{HEADER}commits:\n  - id: a\n    at: 2025-03-03T10:00:00Z\n    by: me\n");
    assert_error(&commit, 7, 5, "unknown field `by`");
    let deployment = with_deployment("2025-03-03T10:00:00Z", "[a]", "succeeded\n    env: prod");
    assert_error(&deployment, 12, 5, "unknown field `env`");
}

#[test]
fn missing_fields_are_rejected() {
    // The parser reports a missing top-level field where the mapping ends.
    let team = "from: 2025-03-03T00:00:00Z\nto: 2025-03-10T00:00:00Z\n";
    assert_error(team, 2, 1, "missing field `team`");
    let at = format!("{HEADER}commits:\n  - id: a\n");
    assert_error(&at, 5, 5, "missing field `at`");
    let status = format!("{HEADER}deployments:\n  - {{id: d, at: 2025-03-03T10:00:00Z}}\n");
    assert_error(&status, 5, 13, "missing field `status`");
}

#[test]
fn wrong_types_are_rejected_with_plain_messages() {
    let list = format!("{HEADER}commits: 5\n");
    assert_error(&list, 4, 10, "expected a list here");
    let value = format!("{HEADER}commits:\n  - id: [a]\n    at: 2025-03-03T10:00:00Z\n");
    assert_error(&value, 5, 9, "expected a single value");
    let mapping = format!("{HEADER}commits:\n  - a\n");
    assert_error(&mapping, 5, 5, "expected `key: value` pairs here");
    let missing = format!("{HEADER}commits:\n  - id:\n    at: 2025-03-03T10:00:00Z\n");
    assert_error(&missing, 5, 7, "a value is missing here");
    let not_a_mapping = "- team\n";
    assert_error(not_a_mapping, 1, 1, "expected `key: value` pairs here");
}

#[test]
fn malformed_yaml_keeps_the_parser_position() {
    let unclosed = format!("{HEADER}commits: [\n");
    let error = rejected(&unclosed);
    assert_eq!((error.line, error.column), (4, 10), "{}", error.message);
    assert!(
        error.message.contains("unclosed bracket"),
        "{}",
        error.message
    );
    let duplicate = "team: T\nteam: U\n";
    assert_error(duplicate, 2, 1, "duplicate mapping key `team`");
    let bad_indent = format!("{HEADER}commits:\n  - id: a\n      at: 2025-03-03T10:00:00Z\n");
    let error = rejected(&bad_indent);
    assert_eq!((error.line, error.column), (6, 9), "{}", error.message);
    assert!(error.message.contains("not allowed"), "{}", error.message);
    // A tab makes the parser read the next line as part of the team's name.
    let tab = "team: T\n\tfrom: 2025-03-03T00:00:00Z\n";
    assert_error(tab, 1, 7, "found a tab");
    let unclosed_quote = "team: T\nfrom: \"2025-03-03T00:00:00Z\nto: 2025-03-10T00:00:00Z\n";
    assert_error(unclosed_quote, 2, 7, "unclosed quote");
}

#[test]
fn an_empty_log_is_rejected() {
    for text in [
        "",
        "   \n\n",
        "# only a comment\n",
        "\u{FEFF}\n  # indented\n",
    ] {
        let error = rejected(text);
        assert_eq!((error.line, error.column), (1, 1), "{text:?}");
    }
    assert_error("", 1, 1, "the log is empty");
}

#[test]
fn empty_lists_may_be_written_as_empty_keys() {
    let text = format!("{HEADER}commits:\ndeployments: []\nincidents:\n");
    let log = parsed(&text);
    assert!(log.commits.is_empty() && log.deployments.is_empty() && log.incidents.is_empty());
}

#[test]
fn errors_display_their_position() {
    let error = LogError {
        line: 3,
        column: 5,
        message: "something is wrong".to_string(),
    };
    assert_eq!(error.to_string(), "line 3, column 5: something is wrong");
}

#[test]
fn oversized_input_is_rejected_before_parsing() {
    let text = "a".repeat(MAX_LOG_BYTES + 1);
    let error = rejected(&text);
    assert_eq!((error.line, error.column), (1, 1));
    assert!(error.message.contains("2097153 bytes"), "{}", error.message);
    assert!(
        error.message.contains("limit is 2097152 bytes"),
        "{}",
        error.message
    );
}

#[test]
fn input_of_exactly_the_limit_is_parsed() {
    let mut text = String::from(HEADER);
    text.push('#');
    while text.len() < MAX_LOG_BYTES {
        text.push('x');
    }
    assert_eq!(text.len(), MAX_LOG_BYTES);
    assert_eq!(parsed(&text).team, "T");
}

// ---------------------------------------------------------------------------------------
// Timestamps and the keys.
// ---------------------------------------------------------------------------------------

#[test]
fn timestamps_with_offsets_are_converted_to_utc() {
    let text = format!(
        "{HEADER}commits:\n  - {{id: a, at: 2025-03-03T11:12:00+02:00}}\n  - {{id: b, at: \
         2025-03-03T04:12:00-05:00}}\n  - {{id: c, at: 2025-03-03T09:12:00.750Z}}\n\
         deployments:\n  - {{id: d, at: 2025-03-03T13:12:00+02:00, commits: [a, b, c], \
         status: succeeded}}\n"
    );
    let log = parsed(&text);
    let nine_twelve = time::macros::datetime!(2025-03-03 09:12 UTC).unix_timestamp();
    let times: Vec<i64> = log.commits.iter().map(|c| c.at).collect();
    assert_eq!(times, vec![nine_twelve; 3]);
    assert_eq!(
        log.deployments.first().map(|d| d.at),
        Some(nine_twelve + 7_200)
    );
    assert_some_close(
        four_keys(&log).lead_time_hours,
        2.0,
        "lead time across offsets",
    );
}

#[test]
fn medians_of_odd_and_even_counts() {
    let cases: [(&[f64], Option<f64>); 6] = [
        (&[], None),
        (&[7.0], Some(7.0)),
        (&[3.0, 1.0, 2.0], Some(2.0)),
        (&[4.0, 1.0, 3.0, 2.0], Some(2.5)),
        (&[10.0, 0.0], Some(5.0)),
        (&[5.0, 5.0, 1.0, 9.0, 5.0], Some(5.0)),
    ];
    for (values, expected) in cases {
        assert_eq!(median(values), expected, "median of {values:?}");
    }
    assert_eq!(mean(&[]), None);
    assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
}

/// A log with commits made `hours` before one deployment at 2025-03-05T00:00:00Z.
fn lead_time_log(hours: &[i64]) -> String {
    let mut text = format!("{HEADER}commits:\n");
    let mut ids = Vec::new();
    for (index, h) in hours.iter().enumerate() {
        let at = time::OffsetDateTime::from_unix_timestamp(march_3_plus_hours(48 - h))
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default();
        text.push_str(&format!("  - {{id: c{index}, at: {at}}}\n"));
        ids.push(format!("c{index}"));
    }
    text.push_str(&format!(
        "deployments:\n  - {{id: d, at: 2025-03-05T00:00:00Z, commits: [{}], status: succeeded}}\n",
        ids.join(", ")
    ));
    text
}

#[test]
fn lead_time_is_the_median_over_commits() {
    assert_some_close(
        keys_of(&lead_time_log(&[1, 5, 3])).lead_time_hours,
        3.0,
        "odd",
    );
    assert_some_close(
        keys_of(&lead_time_log(&[1, 5, 3, 9])).lead_time_hours,
        4.0,
        "even",
    );
    assert_some_close(keys_of(&lead_time_log(&[0])).lead_time_hours, 0.0, "zero");
}

#[test]
fn lead_time_counts_the_first_succeeded_deployment_only() {
    // Commit a goes out in a failed deployment at 12:00, then succeeds at 16:00 and again
    // (listed earlier in the file, but later in time) at 20:00. Commit b only went out
    // in the failed deployment, and commit c in no deployment at all.
    let text = format!(
        "{HEADER}commits:\n  - {{id: a, at: 2025-03-03T10:00:00Z}}\n  - {{id: b, at: \
         2025-03-03T10:00:00Z}}\n  - {{id: c, at: 2025-03-03T10:00:00Z}}\ndeployments:\n  \
         - {{id: d3, at: 2025-03-03T20:00:00Z, commits: [a], status: succeeded}}\n  \
         - {{id: d1, at: 2025-03-03T12:00:00Z, commits: [a, b], status: failed}}\n  \
         - {{id: d2, at: 2025-03-03T16:00:00Z, commits: [a], status: succeeded}}\n"
    );
    let keys = keys_of(&text);
    assert_some_close(keys.lead_time_hours, 6.0, "lead time");
    assert_eq!((keys.delivered_commits, keys.undelivered_commits), (1, 2));
}

#[test]
fn change_fail_rate_counts_all_deployments() {
    let text = format!(
        "{HEADER}deployments:\n  - {{id: a, at: 2025-03-03T10:00:00Z, status: failed}}\n  \
         - {{id: b, at: 2025-03-04T10:00:00Z, status: succeeded}}\n  \
         - {{id: c, at: 2025-03-05T10:00:00Z, status: succeeded}}\n  \
         - {{id: d, at: 2025-03-06T10:00:00Z, status: succeeded}}\n"
    );
    let keys = keys_of(&text);
    assert_some_close(keys.change_fail_rate_percent, 25.0, "change fail rate");
    assert_close(keys.deployments_per_day, 4.0 / 7.0, "per day");
    assert_close(keys.deployments_per_week, 4.0, "per week");
}

#[test]
fn recovery_time_uses_caused_incidents_and_mttr_uses_all() {
    let text = format!(
        "{HEADER}deployments:\n  - {{id: d, at: 2025-03-03T10:00:00Z, status: failed}}\n\
         incidents:\n  - {{id: a, opened: 2025-03-03T10:00:00Z, restored: 2025-03-03T11:00:00Z, \
         deployment: d}}\n  - {{id: b, opened: 2025-03-03T12:00:00Z, restored: \
         2025-03-03T15:00:00Z, deployment: d}}\n  - {{id: c, opened: 2025-03-04T00:00:00Z, \
         restored: 2025-03-04T08:00:00Z}}\n"
    );
    let keys = keys_of(&text);
    assert_some_close(keys.recovery_time_hours, 2.0, "recovery");
    assert_some_close(keys.mttr_hours, 4.0, "mttr");
}

#[test]
fn missing_data_gives_no_value() {
    let nothing = keys_of(HEADER);
    assert_eq!(nothing.deployments, 0);
    assert_close(nothing.deployments_per_day, 0.0, "per day");
    assert_eq!(nothing.lead_time_hours, None);
    assert_eq!(nothing.change_fail_rate_percent, None);
    assert_eq!(nothing.recovery_time_hours, None);
    assert_eq!(nothing.mttr_hours, None);
    assert_eq!(
        levels_of(&nothing),
        vec![Some(Level::Low), None, None, None]
    );
    assert_eq!(nothing.overall(), Some(Level::Low));

    let unrelated_incident = format!(
        "{HEADER}incidents:\n  - {{id: a, opened: 2025-03-03T10:00:00Z, restored: \
         2025-03-03T10:30:00Z}}\n"
    );
    let keys = keys_of(&unrelated_incident);
    assert_eq!(keys.recovery_time_hours, None);
    assert_some_close(keys.mttr_hours, 0.5, "mttr");
}

#[test]
fn a_rate_that_is_not_a_number_rates_low_and_no_levels_give_no_overall() {
    let keys = FourKeys {
        window_days: 0.0,
        deployments: 0,
        failed_deployments: 0,
        deployments_per_day: f64::NAN,
        deployments_per_week: f64::NAN,
        lead_time_hours: None,
        change_fail_rate_percent: None,
        recovery_time_hours: None,
        mttr_hours: None,
        delivered_commits: 0,
        undelivered_commits: 0,
        rework_deployments: 0,
        rework_rate_percent: None,
    };
    assert_eq!(keys.level(Key::DeploymentFrequency), Some(Level::Low));
    assert_eq!(overall_level([]), None);
}

#[test]
fn metrics_are_available_by_name() {
    let keys = keys_of(LOTUS_PAY);
    let expected = [
        ("window_days", Some(28.0)),
        ("deployments", Some(8.0)),
        ("failed_deployments", Some(2.0)),
        ("deployments_per_day", Some(8.0 / 28.0)),
        ("deployments_per_week", Some(2.0)),
        ("lead_time_hours", Some(20.0)),
        ("change_fail_rate_percent", Some(25.0)),
        ("recovery_time_hours", Some(2.25)),
        ("mttr_hours", Some(2.25)),
        ("delivered_commits", Some(10.0)),
        ("undelivered_commits", Some(1.0)),
        ("rework_deployments", Some(1.0)),
        ("rework_rate_percent", Some(12.5)),
    ];
    let names: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    assert_eq!(METRIC_NAMES, names.as_slice());
    for (name, value) in expected {
        assert_eq!(keys.metric(name), value, "metric {name}");
    }
    assert_eq!(keys.metric("lead_time"), None);
    assert_eq!(keys.metric(""), None);
}

// ---------------------------------------------------------------------------------------
// Classification.
// ---------------------------------------------------------------------------------------

#[test]
fn every_band_boundary_is_classified_as_documented() {
    use Key::*;
    use Level::*;
    let cases = [
        (DeploymentFrequency, 3.0, Elite),
        (DeploymentFrequency, 1.000_001, Elite),
        (DeploymentFrequency, 1.0, High),
        (DeploymentFrequency, 1.0 / 7.0, High),
        (DeploymentFrequency, 1.0 / 7.0 - 1e-9, Medium),
        (DeploymentFrequency, 1.0 / 30.0, Medium),
        (DeploymentFrequency, 1.0 / 30.0 - 1e-9, Low),
        (DeploymentFrequency, 0.0, Low),
        (LeadTime, 0.0, Elite),
        (LeadTime, 23.999, Elite),
        (LeadTime, 24.0, High),
        (LeadTime, 167.999, High),
        (LeadTime, 168.0, Medium),
        (LeadTime, 719.999, Medium),
        (LeadTime, 720.0, Low),
        (LeadTime, 5_000.0, Low),
        (ChangeFailRate, 0.0, Elite),
        (ChangeFailRate, 7.5, Elite),
        (ChangeFailRate, 7.501, Medium),
        (ChangeFailRate, 15.0, Medium),
        (ChangeFailRate, 15.001, High),
        (ChangeFailRate, 30.0, High),
        (ChangeFailRate, 30.001, Low),
        (ChangeFailRate, 100.0, Low),
        (RecoveryTime, 0.0, Elite),
        (RecoveryTime, 0.999, Elite),
        (RecoveryTime, 1.0, High),
        (RecoveryTime, 23.999, High),
        (RecoveryTime, 24.0, Medium),
        (RecoveryTime, 167.999, Medium),
        (RecoveryTime, 168.0, Low),
        (RecoveryTime, f64::NAN, Low),
    ];
    for (key, value, level) in cases {
        assert_eq!(classify(key, value), level, "{} = {value}", key.id());
    }
}

#[test]
fn the_2024_typical_values_fall_in_their_own_cluster() {
    for cluster in CLUSTERS_2024 {
        assert_eq!(
            classify(Key::ChangeFailRate, cluster.change_fail_rate_percent),
            cluster.level
        );
    }
    let shares: u32 = CLUSTERS_2024.iter().map(|c| c.share_percent).sum();
    assert_eq!(shares, 101, "the report's rounded shares add up to 101%");
    let order: Vec<Level> = CLUSTERS_2024.iter().map(|c| c.level).collect();
    assert_eq!(order, Level::ALL.to_vec());
}

#[test]
fn deployment_frequency_boundaries_hold_for_real_logs() {
    // Four deployments in 28 days is exactly once a week.
    let mut text = format!("{FOUR_WEEKS}deployments:\n");
    for day in [3, 10, 17, 24] {
        text.push_str(&format!(
            "  - {{id: d{day}, at: 2025-03-{day:02}T10:00:00Z, status: succeeded}}\n"
        ));
    }
    assert_eq!(
        keys_of(&text).level(Key::DeploymentFrequency),
        Some(Level::High)
    );
    // Seven deployments in seven days is exactly once a day, which is not more than once.
    let mut daily = format!("{HEADER}deployments:\n");
    for day in 3..10 {
        daily.push_str(&format!(
            "  - {{id: d{day}, at: 2025-03-{day:02}T10:00:00Z, status: succeeded}}\n"
        ));
    }
    assert_eq!(
        keys_of(&daily).level(Key::DeploymentFrequency),
        Some(Level::High)
    );
    daily.push_str("  - {id: extra, at: 2025-03-09T11:00:00Z, status: succeeded}\n");
    assert_eq!(
        keys_of(&daily).level(Key::DeploymentFrequency),
        Some(Level::Elite)
    );
}

#[test]
fn overall_takes_the_most_votes_and_ties_go_down() {
    use Level::*;
    let cases: [(&[Level], Option<Level>); 8] = [
        (&[], None),
        (&[Medium], Some(Medium)),
        (&[Elite, Elite, Elite, Low], Some(Elite)),
        (&[Elite, Elite, Low], Some(Elite)),
        (&[Elite, Low], Some(Low)),
        (&[Elite, Elite, High, High], Some(High)),
        (&[High, High, Medium, Medium], Some(Medium)),
        (&[Elite, High, Medium, Low], Some(Low)),
    ];
    for (levels, expected) in cases {
        assert_eq!(
            overall_level(levels.iter().copied()),
            expected,
            "{levels:?}"
        );
    }
}

#[test]
fn overall_of_a_log_ignores_keys_without_a_value() {
    // Two deployments in 28 days (medium) and a change fail rate of 50% (low) tie, so
    // the team is rated low; lead time and recovery time have no value.
    let text = format!(
        "{FOUR_WEEKS}deployments:\n  - {{id: a, at: 2025-03-03T10:00:00Z, status: failed}}\n  \
         - {{id: b, at: 2025-03-04T10:00:00Z, status: succeeded}}\n"
    );
    let keys = keys_of(&text);
    assert_eq!(
        levels_of(&keys),
        vec![Some(Level::Medium), None, Some(Level::Low), None]
    );
    assert_eq!(keys.overall(), Some(Level::Low));
}

#[test]
fn ids_round_trip() {
    for key in Key::ALL {
        assert_eq!(Key::from_id(key.id()), Some(key));
        assert!(!key.label().is_empty() && !key.rule().is_empty() && !key.unit().is_empty());
    }
    for level in Level::ALL {
        assert_eq!(Level::from_id(level.id()), Some(level));
        assert_eq!(level.label().to_lowercase(), level.id());
    }
    let ids: Vec<&str> = Key::ALL.iter().map(|k| k.id()).collect();
    assert_eq!(
        ids,
        [
            "deployment_frequency",
            "lead_time",
            "change_fail_rate",
            "recovery_time"
        ]
    );
    assert_eq!(Level::from_id("Elite"), None);
    assert_eq!(Key::from_id("mttr"), None);
    assert!(Level::Elite < Level::Low);
}

// ---------------------------------------------------------------------------------------
// Robustness.
// ---------------------------------------------------------------------------------------

/// Characters that matter to YAML, plus a few ordinary and unusual ones.
const ALPHABET: &[char] = &[
    ' ', ' ', '\n', '\n', '\t', '-', ':', '#', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>',
    '\'', '"', '%', '@', '`', '?', '~', '.', '0', '1', '9', 'a', 'e', 'T', 'Z', '+', 'é', '\u{0}',
    '\u{FEFF}', '😀',
];

/// Pieces of valid logs that recombine into near-valid ones.
const FRAGMENTS: &[&str] = &[
    "team: T\n",
    "from: 2025-03-03T00:00:00Z\n",
    "to: 2025-03-31T00:00:00Z\n",
    "commits:\n",
    "deployments:\n",
    "incidents:\n",
    "  - id: a\n",
    "    at: 2025-03-04T10:00:00Z\n",
    "    commits: [a, b]\n",
    "    status: failed\n",
    "    deployment: a\n",
    "    opened: 2025-03-05T10:00:00Z\n",
    "    restored: 2025-03-05T09:00:00Z\n",
    "  - &x {id: b, at: 2025-03-04T09:00:00Z}\n",
    "  - *x\n",
    "---\n",
    "<<: *x\n",
    "[[[[[[[[",
];

/// Builds one pseudo-random input: garbage, a mix of fragments, or a mutated sample.
fn garbage(rng: &mut Lcg) -> String {
    match rng.below(3) {
        0 => (0..rng.below(300))
            .map(|_| {
                ALPHABET
                    .get(rng.below(ALPHABET.len()))
                    .copied()
                    .unwrap_or(' ')
            })
            .collect(),
        1 => (0..rng.below(20))
            .map(|_| {
                FRAGMENTS
                    .get(rng.below(FRAGMENTS.len()))
                    .copied()
                    .unwrap_or("")
            })
            .collect(),
        _ => {
            let samples = [LOTUS_PAY, MONOLITH, STREAMS];
            let mut chars: Vec<char> = samples
                .get(rng.below(samples.len()))
                .copied()
                .unwrap_or("")
                .chars()
                .collect();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(chars.len() + 1);
                match rng.below(3) {
                    0 if at < chars.len() => {
                        chars.remove(at);
                    }
                    1 => chars.insert(
                        at,
                        ALPHABET
                            .get(rng.below(ALPHABET.len()))
                            .copied()
                            .unwrap_or('x'),
                    ),
                    _ => chars.truncate(at),
                }
            }
            chars.into_iter().collect()
        }
    }
}

#[test]
fn garbage_never_panics_and_errors_point_inside_the_text() {
    let mut rng = Lcg(0x5EED);
    let mut accepted = 0;
    for round in 0..400 {
        let text = garbage(&mut rng);
        match parse_log(&text) {
            Ok(log) => {
                accepted += 1;
                // Whatever was accepted must also be computable.
                let keys = four_keys(&log);
                assert!(keys.window_days > 0.0, "round {round}");
                let _ = keys.overall();
                let _ = timeline(&log);
            }
            Err(error) => {
                let lines = text.lines().count().max(1);
                assert!(
                    error.line >= 1 && error.column >= 1,
                    "round {round}: {error}"
                );
                assert!(
                    error.line <= lines + 1,
                    "round {round}: {error} in {text:?}"
                );
                assert!(!error.message.is_empty(), "round {round}");
                assert!(!error.message.contains('\n'), "round {round}: {error}");
            }
        }
    }
    // Mutations that only touch comments keep a few samples valid, so both paths run.
    assert!(accepted > 0 && accepted < 400, "accepted {accepted} of 400");
}

#[test]
fn deep_nesting_and_alias_bombs_are_errors() {
    let deep = format!("{HEADER}commits: {}", "[".repeat(100_000));
    assert!(parse_log(&deep).is_err());
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let prev = level - 1;
        bomb.push_str(&format!(
            "a{level}: &a{level} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, \
             *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    assert!(parse_log(&bomb).is_err());
}

// ---------------------------------------------------------------------------------------
// Rework deployments and the rework rate.
// ---------------------------------------------------------------------------------------

/// A 7-day log with one incident and the given deployment lines (block style, each item
/// starting with `  - id:`); the incident INC-1 is opened on 4 March at 10:00.
fn with_rework(deployments: &str) -> String {
    format!(
        "{HEADER}deployments:\n{deployments}incidents:\n  - id: INC-1\n    opened: \
         2025-03-04T10:00:00Z\n    restored: 2025-03-04T12:00:00Z\n"
    )
}

#[test]
fn a_rework_deployment_names_the_incident_it_fixes_and_why() {
    let log = parsed(&with_rework(
        "  - id: d1\n    at: 2025-03-04T09:00:00Z\n    status: succeeded\n  - id: d2\n    \
         at: 2025-03-04T11:00:00Z\n    status: succeeded\n    fixes: INC-1\n    reason: \
         '  roll forward with the fix  '\n",
    ));
    let d2 = log.deployments.get(1).map(|d| {
        (
            d.fixes.as_deref(),
            d.reason.as_deref(),
            d.is_rework(),
            d.line,
        )
    });
    assert_eq!(
        d2,
        Some((Some("INC-1"), Some("roll forward with the fix"), true, 8))
    );
    assert_eq!(
        log.deployments.first().map(Deployment::is_rework),
        Some(false)
    );
    let keys = four_keys(&log);
    assert_eq!(keys.rework_deployments, 1);
    assert_some_close(keys.rework_rate_percent, 50.0, "rework rate");
    // Rework is not failure: neither deployment failed.
    assert_some_close(keys.change_fail_rate_percent, 0.0, "change fail rate");
}

#[test]
fn the_rework_rate_counts_every_deployment_in_the_denominator() {
    // Four deployments: one failed, one rework that itself failed, two plain.
    let text = with_rework(
        "  - {id: d1, at: 2025-03-04T09:00:00Z, status: failed}\n  - {id: d2, at: \
         2025-03-04T11:00:00Z, status: failed, fixes: INC-1}\n  - {id: d3, at: \
         2025-03-05T11:00:00Z, status: succeeded}\n  - {id: d4, at: 2025-03-06T11:00:00Z, \
         status: succeeded}\n",
    );
    let keys = keys_of(&text);
    assert_eq!((keys.deployments, keys.rework_deployments), (4, 1));
    assert_some_close(keys.rework_rate_percent, 25.0, "rework rate");
    assert_some_close(keys.change_fail_rate_percent, 50.0, "change fail rate");
    // Two rework deployments for one incident both count.
    let twice = with_rework(
        "  - {id: d1, at: 2025-03-04T11:00:00Z, status: succeeded, fixes: INC-1}\n  - {id: \
         d2, at: 2025-03-04T13:00:00Z, status: succeeded, fixes: INC-1}\n",
    );
    assert_some_close(keys_of(&twice).rework_rate_percent, 100.0, "twice");
}

#[test]
fn without_rework_the_rate_is_zero_and_without_deployments_it_has_no_value() {
    let plain = with_rework("  - {id: d1, at: 2025-03-04T09:00:00Z, status: succeeded}\n");
    let keys = keys_of(&plain);
    assert_eq!(keys.rework_deployments, 0);
    assert_some_close(keys.rework_rate_percent, 0.0, "no rework");
    let empty = keys_of(HEADER);
    assert_eq!(empty.rework_deployments, 0);
    assert_eq!(empty.rework_rate_percent, None);
    assert_eq!(empty.metric("rework_rate_percent"), None);
    assert_eq!(empty.metric("rework_deployments"), Some(0.0));
}

#[test]
fn a_hand_built_log_counts_rework_whatever_it_names() {
    let mut log = parsed(LOTUS_PAY);
    for deployment in &mut log.deployments {
        deployment.fixes = Some("no-such-incident".to_string());
    }
    let keys = four_keys(&log);
    assert_eq!(keys.rework_deployments, 8);
    assert_some_close(keys.rework_rate_percent, 100.0, "all rework");
}

#[test]
fn rework_fields_are_validated_with_their_position() {
    // The incident does not exist.
    assert_error(
        &with_rework(
            "  - id: d1\n    at: 2025-03-04T11:00:00Z\n    status: succeeded\n    fixes: INC-9\n",
        ),
        8,
        12,
        "deployment d1 fixes incident INC-9, which is not in `incidents`",
    );
    // The deployment finished before the incident was opened.
    assert_error(
        &with_rework(
            "  - id: d1\n    at: 2025-03-04T09:00:00Z\n    status: succeeded\n    fixes: INC-1\n",
        ),
        8,
        12,
        "a deployment made because of an incident finishes after the incident was opened",
    );
    // At the very moment it was opened is not after it.
    assert_error(
        &with_rework("  - {id: d1, at: 2025-03-04T10:00:00Z, status: succeeded, fixes: INC-1}\n"),
        5,
        66,
        "but incident INC-1 was opened only at 2025-03-04T10:00:00Z",
    );
    // A reason needs `fixes`.
    assert_error(
        &with_rework(
            "  - id: d1\n    at: 2025-03-04T11:00:00Z\n    status: succeeded\n    reason: hotfix\n",
        ),
        8,
        13,
        "deployment d1 has a `reason` but no `fixes`",
    );
    // An empty reason.
    assert_error(
        &with_rework("  - id: d1\n    at: 2025-03-04T11:00:00Z\n    status: succeeded\n    fixes: INC-1\n    reason: '  '\n"),
        9,
        13,
        "the `reason` of deployment d1 is empty",
    );
    // A typo in the field name is an unknown field, as for every other field.
    let typo = rejected(&with_rework(
        "  - id: d1\n    at: 2025-03-04T11:00:00Z\n    status: succeeded\n    fix: INC-1\n",
    ));
    assert_eq!(typo.line, 8, "{typo}");
    assert!(typo.message.contains("fix"), "{typo}");
}

// ---------------------------------------------------------------------------------------
// Throughput, instability and the 2025 team profiles.
// ---------------------------------------------------------------------------------------

#[test]
fn the_keys_fall_into_throughput_and_instability_as_dora_groups_them() {
    let throughput: Vec<Key> = Key::ALL
        .into_iter()
        .filter(|k| k.factor() == Factor::Throughput)
        .collect();
    assert_eq!(
        throughput,
        vec![Key::DeploymentFrequency, Key::LeadTime, Key::RecoveryTime]
    );
    assert_eq!(Key::ChangeFailRate.factor(), Factor::Instability);
}

#[test]
fn the_seven_profiles_keep_the_reports_names_and_stable_ids() {
    let names: Vec<&str> = TeamProfile::ALL.iter().map(|p| p.name()).collect();
    assert_eq!(
        names,
        [
            "Foundational challenges",
            "The legacy bottleneck",
            "Constrained by process",
            "High impact, low cadence",
            "Stable and methodical",
            "Pragmatic performers",
            "Harmonious high-achievers",
        ]
    );
    for profile in TeamProfile::ALL {
        assert_eq!(TeamProfile::from_id(profile.id()), Some(profile));
    }
    assert_eq!(TeamProfile::from_id("elite"), None);
}

/// Keys with the given throughput levels' inputs and instability rates.
fn profile_keys(per_day: f64, lead_hours: f64, cfr: f64, rework: f64) -> FourKeys {
    FourKeys {
        window_days: 28.0,
        deployments: 10,
        failed_deployments: 0,
        deployments_per_day: per_day,
        deployments_per_week: per_day * 7.0,
        lead_time_hours: Some(lead_hours),
        change_fail_rate_percent: Some(cfr),
        recovery_time_hours: None,
        mttr_hours: None,
        delivered_commits: 10,
        undelivered_commits: 0,
        rework_deployments: 0,
        rework_rate_percent: Some(rework),
    }
}

#[test]
fn the_profile_reading_lists_the_profiles_the_delivery_metrics_cannot_tell_apart() {
    use TeamProfile::*;
    let read = |k: &FourKeys| resembles(k).map(|r| (r.throughput, r.instability, r.candidates));
    // Fast and stable: the two top profiles differ only in well-being, friction, burnout.
    assert_eq!(
        read(&profile_keys(2.0, 3.0, 5.0, 2.0)),
        Some((
            Throughput::Faster,
            Instability::Lower,
            &[PragmaticPerformers, HarmoniousHighAchievers][..]
        ))
    );
    // Slow and stable.
    assert_eq!(
        read(&profile_keys(0.1, 400.0, 10.0, 15.0)),
        Some((
            Throughput::Slower,
            Instability::Lower,
            &[ConstrainedByProcess, StableAndMethodical][..]
        ))
    );
    // Slow and unstable, by rework alone: the rework rate counts in instability.
    assert_eq!(
        read(&profile_keys(0.1, 400.0, 10.0, 15.1)),
        Some((
            Throughput::Slower,
            Instability::Higher,
            &[
                FoundationalChallenges,
                LegacyBottleneck,
                HighImpactLowCadence
            ][..]
        ))
    );
    // Fast but unstable: no profile is described this way.
    let fast_unstable = read(&profile_keys(2.0, 3.0, 25.0, 0.0));
    assert_eq!(
        fast_unstable,
        Some((Throughput::Faster, Instability::Higher, &[][..]))
    );
    // A tie between high and medium throughput goes to the slower reading.
    assert_eq!(
        read(&profile_keys(0.5, 400.0, 0.0, 0.0)).map(|r| r.0),
        Some(Throughput::Slower)
    );
    // A rate that is not a number is not "lower".
    assert_eq!(
        read(&profile_keys(2.0, 3.0, f64::NAN, 0.0)).map(|r| r.1),
        Some(Instability::Higher)
    );
    // No deployments, no reading.
    assert_eq!(resembles(&keys_of(HEADER)), None);
}

#[test]
fn the_sample_teams_read_as_the_labs_say() {
    use TeamProfile::*;
    let lotus = resembles(&keys_of(LOTUS_PAY)).map(|r| r.candidates);
    assert_eq!(lotus, Some(&[][..]));
    let streams = resembles(&keys_of(STREAMS)).map(|r| r.candidates);
    assert_eq!(
        streams,
        Some(&[PragmaticPerformers, HarmoniousHighAchievers][..])
    );
    let monolith = resembles(&keys_of(MONOLITH)).map(|r| r.candidates);
    assert_eq!(
        monolith,
        Some(
            &[
                FoundationalChallenges,
                LegacyBottleneck,
                HighImpactLowCadence
            ][..]
        )
    );
}
