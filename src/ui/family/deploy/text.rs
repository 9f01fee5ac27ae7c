//! The deployment sandbox's words, in one place (same style as `ui::text`), so a second
//! language can be added without touching component logic.
use super::charts::ChartKind;
use super::setup::{Kind, Platform, ShiftKind, StrategySetup, TrafficKind};
use crate::engine::deploy::{Fault, RollbackMetric, Summary};

pub const TITLE: &str = "Deployment sandbox";
pub const INTRO: &str = "Pick a deployment strategy, break the release on cue, and watch what your users would see. The same set-up and seed always give the same run; the address bar holds the whole set-up, so you can share it.";
pub const CONFIGURATOR: &str = "Set-up";
pub const QUERY_WARNINGS: &str =
    "Some values in the link could not be used; their defaults were used instead:";
pub const STRATEGY: &str = "Strategy";
pub const BATCH: &str = "Batch size";
pub const MIN_HEALTHY: &str = "Minimum healthy hosts";
pub const AMOUNT_HINT: &str = "A number of instances (3) or a percentage of the fleet (25%).";
pub const PREDEFINED_NAME: &str = "CodeDeploy configuration";
pub const SHIFT: &str = "Traffic shift";
pub const CANARY_PERCENT: &str = "Canary traffic (%)";
pub const BAKE_MIN: &str = "Bake time before the rest (min)";
pub const STEP_PERCENT: &str = "Traffic per step (%)";
pub const INTERVAL_MIN: &str = "Minutes between steps";
pub const TEST_S: &str = "Test traffic before the shift (s)";
pub const TEST_RPS: &str = "Test traffic (requests/s)";
pub const WAIT_MIN: &str = "Wait before terminating blue (min)";
pub const FLEET_AND_TRAFFIC: &str = "Fleet and traffic";
pub const FLEET: &str = "Fleet size (targets)";
pub const TRAFFIC: &str = "Traffic shape";
pub const RPS: &str = "Requests per second";
pub const AMPLITUDE: &str = "Daily swing (%)";
pub const CYCLE: &str = "Cycle length (s)";
pub const SPIKE_AT: &str = "Spike starts at (s)";
pub const SPIKE_S: &str = "Spike lasts (s)";
pub const SPIKE_X: &str = "Spike factor (×)";
pub const DURATION: &str = "Simulated time (s)";
pub const DEPLOY_AT: &str = "Deployment starts at (s)";
pub const VERSIONS: &str = "Versions";
pub const BLUE: &str = "Blue (current)";
pub const GREEN: &str = "Green (new)";
pub const ERROR_RATE: &str = "5xx errors (%)";
pub const P50: &str = "p50 latency (ms)";
pub const P99: &str = "p99 latency (ms)";
pub const ALARM: &str = "Rollback alarm (CloudWatch)";
pub const ALARM_ON: &str = "Roll back automatically when the alarm fires";
pub const ALARM_METRIC: &str = "Metric";
pub const ALARM_PERIOD: &str = "Period (s)";
pub const PERIOD_HINT: &str = "10, 30 or a multiple of 60.";
pub const ALARM_N: &str = "Evaluation periods (N)";
pub const ALARM_M: &str = "Datapoints to alarm (M of N)";
pub const ALARM_MISSING: &str = "TreatMissingData";
pub const SEED: &str = "Randomness";
pub const SEED_LABEL: &str = "Seed";
pub const SEED_HINT: &str = "Same seed, same run. Change it to see another day.";
pub const COMPARE: &str = "Compare";
pub const COMPARE_ON: &str = "Run a second strategy on the same seed, side by side";
pub const FAULTS: &str = "Faults on cue";
pub const FAULTS_HINT: &str =
    "Each button adds a fault at the playback time (the Time slider above the charts; a run opens at 00:00, so press Play or move the slider first to land it later); change its time below.";
pub const ADD_BAD_RELEASE: &str = "Bad release now";
pub const ADD_CRASH: &str = "Crash 3 instances now";
pub const ADD_SPIKE: &str = "Traffic spike now";
pub const FAULT_AT: &str = "at (s)";
pub const REMOVE: &str = "Remove";
pub const PLATFORM: &str = "Written for";
pub const AWS_TITLE: &str = "The real AWS configuration";
pub const AWS_INTRO: &str = "What this set-up looks like in AWS, in the APIs' own field names. Placeholders (names, ARNs) are yours to fill in.";
pub const AWS_CREATE_CONFIG: &str = "CodeDeploy deployment configuration (CreateDeploymentConfig)";
pub const AWS_GROUP: &str = "CodeDeploy deployment group (CreateDeploymentGroup, excerpt)";
pub const AWS_PREDEFINED: &str = "Predefined configuration";
pub const AWS_LAMBDA_ALIAS: &str = "Lambda alias during the first step (UpdateAlias)";
pub const AWS_TEST_TRAFFIC: &str = "Test traffic";
pub const AWS_NO_SUCH_SETTING: &str = "No direct AWS setting";
pub const AWS_BEANSTALK: &str = "Elastic Beanstalk option settings (batch size)";
pub const AWS_ECS_SERVICE: &str = "ECS service (rolling update)";
pub const AWS_ALARM: &str = "CloudWatch alarm (PutMetricAlarm)";
pub const SERVER_NO_TIME_SHIFT: &str = "EC2/on-premises blue/green reroutes traffic to the replacement instances without canary or linear steps: time-based canary and linear traffic routing exist for ECS and Lambda. Choose one of those platforms to see the trafficRoutingConfig.";
pub const NO_ADDITIONAL_BATCH: &str = "CodeDeploy has no \"additional batch\": its in-place deployments take instances out of service. Elastic Beanstalk's RollingWithAdditionalBatch policy (below) launches the extra batch first.";
pub const LAMBDA_NO_IN_PLACE: &str = "Lambda has no instances to update in place: it shifts alias traffic between versions. Choose blue/green, canary or linear (or a Lambda predefined configuration).";
pub const CONFIG_PROBLEM: &str = "This configuration cannot run:";
pub const PLAYBACK: &str = "Playback";
pub const PLAY: &str = "▶ Play";
pub const PAUSE: &str = "❚❚ Pause";
pub const STEP: &str = "+10 s";
pub const SPEED: &str = "Speed";
pub const TIME: &str = "Time";
pub const SUMMARY: &str = "Summary of the whole run";
pub const SUM_FAILED: &str = "Failed requests";
pub const SUM_OUTAGE: &str = "Full outage";
pub const SUM_DURATION: &str = "Rollout duration";
pub const SUM_OUTCOME: &str = "Outcome";
pub const SUM_STOPPED: &str = "Bad release stopped";
pub const SUM_EXTRA: &str = "Peak extra instances";
pub const SUM_MINUTES: &str = "Instance-minutes (cost)";
pub const OUTCOME_SUCCEEDED: &str = "Succeeded";
pub const OUTCOME_ROLLED_BACK: &str = "Rolled back";
pub const OUTCOME_FAILED: &str = "Failed";
pub const OUTCOME_IN_PROGRESS: &str = "Still in progress at the end";
pub const NO_BAD_RELEASE: &str = "No bad release injected";
pub const NOT_STOPPED: &str = "Not stopped: users kept getting it";
pub const WHAT_IF_NOTE: &str =
    "A fixed comparison the lab runs for you: it does not use your answers and is not graded.";
pub const DECIDING_EVENTS: &str = "What decided it";
pub const SIDE_BY_SIDE: &str = "Compact: only each run's key figures, the events that decided it and its failed-request and alarm charts, side by side where there is room (for a projector)";
pub const NOT_FINISHED: &str = "Not finished";
pub const EVENTS: &str = "Events";
pub const KEY_SHIFT: &str = "┆ traffic shift";
pub const KEY_ALARM: &str = "│ alarm state change";
pub const KEY_ROLLBACK: &str = "┃ rollback";
pub const KEY_FAULT: &str = "│ fault";
pub const KEY_CURSOR: &str = "│ now (playback; later is dimmed)";
pub const Y_RPS: &str = "requests / s";
pub const Y_ERRORS: &str = "5xx (%)";
pub const Y_LATENCY: &str = "latency (ms)";
pub const Y_INSTANCES: &str = "instances";
pub const WHY_WHOLE_NUMBER: &str = "not a whole number";
pub const WHY_NUMBER: &str = "not a number";
pub const WHY_AMOUNT: &str = "use a count (3) or a percentage (25%)";
pub const WHY_VERSION: &str = "use error%,p50,p99 such as 0.1,40,120";
pub const WHY_FAULT: &str =
    "use bad:SECOND:ERROR%:FACTOR, crash:SECOND:COUNT or spike:SECOND:SECONDS:FACTOR";
pub const WHY_STRATEGY: &str =
    "use all-at-once, rolling, rolling-additional-batch, blue-green, canary, linear or predefined";
pub const WHY_SHIFT: &str = "use all-at-once, canary or linear";
pub const WHY_TRAFFIC: &str = "use steady, diurnal or spike";
pub const WHY_METRIC: &str = "use none, error_rate, green_error_rate or p99_latency";
pub const WHY_MISSING: &str = "use missing, notBreaching, breaching or ignore";
pub const WHY_TOO_MANY_FAULTS: &str = "at most 20 faults";
pub const WHY_PLATFORM: &str = "use server, ecs or lambda";
pub const WHY_UNKNOWN_KEY: &str = "unknown setting";

pub fn query_warning(key: &str, value: &str, why: &str) -> String {
    format!("{key}=\"{value}\": {why}")
}

pub fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::AllAtOnce => "All at once (in place)",
        Kind::Rolling => "Rolling (in place)",
        Kind::RollingAdditionalBatch => "Rolling with additional batch",
        Kind::BlueGreen => "Blue/green",
        Kind::Canary => "Canary (blue/green)",
        Kind::Linear => "Linear (blue/green)",
        Kind::Predefined => "CodeDeploy predefined configuration",
    }
}

pub fn shift_label(k: ShiftKind) -> &'static str {
    match k {
        ShiftKind::AllAtOnce => "All at once",
        ShiftKind::Canary => "Canary",
        ShiftKind::Linear => "Linear",
    }
}

pub fn traffic_label(k: TrafficKind) -> &'static str {
    match k {
        TrafficKind::Steady => "Steady",
        TrafficKind::Diurnal => "Daily cycle",
        TrafficKind::Spike => "Steady with a spike",
    }
}

pub fn platform_label(p: Platform) -> &'static str {
    match p {
        Platform::Server => "EC2/on-premises",
        Platform::Ecs => "Amazon ECS",
        Platform::Lambda => "AWS Lambda",
    }
}

pub fn metric_label(m: RollbackMetric) -> &'static str {
    match m {
        RollbackMetric::ErrorRatePercent => "5xx rate, all traffic (%)",
        RollbackMetric::GreenErrorRatePercent => "5xx rate of the new version (%)",
        RollbackMetric::P99LatencyMs => "p99 latency (ms)",
    }
}

pub fn threshold_field(m: RollbackMetric) -> String {
    match m {
        RollbackMetric::P99LatencyMs => "Threshold (ms)".to_string(),
        _ => "Threshold (%)".to_string(),
    }
}

pub fn strategy_title(s: &StrategySetup) -> String {
    match s.kind {
        Kind::Predefined => s.name.clone(),
        Kind::Rolling => format!("Rolling, batch {}, min. healthy {}", s.batch, s.min_healthy),
        Kind::RollingAdditionalBatch => format!("Rolling with additional batch of {}", s.batch),
        Kind::Canary => format!("Canary {}% for {} min", s.canary_percent, s.bake_min),
        Kind::Linear => format!("Linear {}% every {} min", s.step_percent, s.interval_min),
        k => kind_label(k).to_string(),
    }
}

pub fn compared(title: &str) -> String {
    format!("The compared strategy: {title}")
}

pub fn predefined_note(platform: &str) -> String {
    format!("A predefined configuration needs no CreateDeploymentConfig: name it in the deployment group (or in CreateDeployment). It belongs to the {platform} compute platform.")
}

pub fn test_traffic_note(seconds: u32) -> String {
    format!("Test traffic for {seconds} s goes through the load balancer's test listener (the deployment group's testTrafficRoute) before production traffic shifts; an AfterAllowTestTraffic hook usually runs the checks.")
}

pub fn threshold_label(name: &str, value: f64, unit: &str) -> String {
    format!("alarm {name} > {value}{unit}")
}

pub fn sim_took(ms: f64, duration_s: u32, fleet: u32) -> String {
    format!(
        "Simulated {} on {fleet} targets in {ms:.0} ms, in your browser.",
        super::charts::mmss(duration_s)
    )
}

pub fn speed(s: u32) -> String {
    format!("{s}× (simulated s per second)")
}

pub fn at_time(now: &str, total: &str) -> String {
    format!("{now} of {total}")
}

/// The bad release came after a rollback had started, so no rollback stopped it.
pub fn rolled_back_before(rollback: &str, bad: &str, green_requests: u64) -> String {
    if green_requests == 0 {
        format!("No need: the rollback at {rollback} had already taken the new version out of service when it turned bad at {bad}")
    } else {
        format!(
            "Already rolling back (since {rollback}) when it turned bad at {bad}; the new version still served {} requests until the rollback finished",
            grouped(green_requests)
        )
    }
}

/// The bad release never reached a user.
pub fn never_served(bad: &str) -> String {
    format!("Never reached users: the new version served no requests after it turned bad at {bad}")
}

pub fn stopped_at(at: &str, after: &str) -> String {
    format!("Yes, rollback at {at} ({after} after it turned bad)")
}

pub fn failed(failed: u64, requests: u64, percent: f64) -> String {
    format!(
        "{} of {} ({percent:.2} %)",
        grouped(failed),
        grouped(requests)
    )
}

pub use crate::ui::text::grouped;

pub fn seconds(n: u32) -> String {
    if n == 1 {
        "1 second".to_string()
    } else {
        format!("{n} seconds")
    }
}

pub fn extra(n: u32, fleet: u32) -> String {
    format!("{n} (beyond the fleet of {fleet})")
}

pub fn later_events(n: usize) -> String {
    if n == 1 {
        "1 more event later in the run: press Play or move the time slider.".to_string()
    } else {
        format!("{n} more events later in the run: press Play or move the time slider.")
    }
}

pub fn remove_fault(n: usize) -> String {
    format!("Remove fault {n}")
}

pub fn fault_label(f: &Fault) -> String {
    match *f {
        Fault::BadRelease {
            error_rate,
            latency_factor,
            ..
        } => format!("Bad release: {error_rate} % errors, latency ×{latency_factor}"),
        Fault::InstanceCrash { count, .. } => format!("{count} instances crash"),
        Fault::TrafficSpike {
            duration_s,
            multiplier,
            ..
        } => format!("Traffic ×{multiplier} for {duration_s} s"),
    }
}

/// A chart's title and its legend keys (CSS class, text).
pub fn chart_title(kind: ChartKind) -> (&'static str, &'static [(&'static str, &'static str)]) {
    match kind {
        ChartKind::Traffic => (
            "Who serves the requests",
            &[
                ("blue", "■ blue (current)"),
                ("green", "■ green (new)"),
                ("rejected", "■ rejected (no capacity)"),
            ],
        ),
        ChartKind::Errors => (
            "Failed requests (5xx)",
            &[("errors", "— 5xx rate of all requests, per second")],
        ),
        ChartKind::Latency => ("Latency", &[("p50", "— p50"), ("p99", "— p99")]),
        ChartKind::Capacity => (
            "Capacity",
            &[
                ("capacity", "— healthy targets"),
                ("instances", "— running instances"),
                ("fleet", "- - fleet size"),
            ],
        ),
    }
}

pub fn chart_aria(kind: ChartKind, s: &Summary, duration_s: u32) -> String {
    let span = super::charts::mmss(duration_s);
    match kind {
        ChartKind::Traffic => format!(
            "Chart: requests per second by version over {span}; {} requests in all.",
            s.requests
        ),
        ChartKind::Errors => format!(
            "Chart: 5xx rate of all requests, per second, over {span}; {} failed requests.",
            s.failed_requests
        ),
        ChartKind::Latency => format!("Chart: p50 and p99 latency over {span}."),
        ChartKind::Capacity => format!(
            "Chart: healthy targets and running instances over {span}; at most {} instances.",
            s.peak_instances
        ),
    }
}

/// The y axis of an alarm's chart.
pub fn alarm_y(m: RollbackMetric) -> &'static str {
    match m {
        RollbackMetric::P99LatencyMs => "p99 (ms)",
        _ => "5xx (%)",
    }
}

/// What an alarm's chart shows: its title and the sentence under it.
pub fn alarm_chart_title(name: &str) -> String {
    format!("What alarm {name} evaluates")
}

/// The metric an alarm watches, in words.
pub fn alarm_metric_words(m: RollbackMetric) -> &'static str {
    match m {
        RollbackMetric::ErrorRatePercent => "the 5xx rate of all requests",
        RollbackMetric::GreenErrorRatePercent => "the 5xx rate of the new version's requests",
        RollbackMetric::P99LatencyMs => "the p99 latency",
    }
}

/// How an alarm turns a metric into datapoints and a state, as CloudWatch does.
pub fn alarm_chart_rule(
    m: RollbackMetric,
    statistic: &str,
    period_s: u32,
    datapoints_to_alarm: u32,
    evaluation_periods: u32,
    threshold: f64,
) -> String {
    let unit = super::charts::unit(m);
    format!(
        "One datapoint per {period_s} s period: the {statistic} of {} over the period. \
         ALARM when {datapoints_to_alarm} of the last {evaluation_periods} datapoints are above {threshold}{unit}.",
        alarm_metric_words(m)
    )
}

pub const ALARM_KEYS: &[(&str, &str)] = &[
    ("breaching", "● breaching"),
    ("not-breaching", "○ not breaching"),
    ("missing", "× missing"),
    ("threshold", "- - threshold"),
    ("in-alarm", "▮ in ALARM"),
];

/// The alarm chart's label for screen readers.
pub fn alarm_aria(name: &str, count: usize, breaching: usize, alarm_at: Option<&str>) -> String {
    let fired = match alarm_at {
        Some(at) => format!("it went to ALARM at {at}"),
        None => "it never went to ALARM".to_string(),
    };
    format!("Chart: the {count} datapoints alarm {name} evaluated, {breaching} of them breaching; {fired}.")
}

#[cfg(test)]
mod tests {
    #[test]
    fn big_numbers_get_thousands_separators() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(1_000), "1,000");
        assert_eq!(super::grouped(3_600_065), "3,600,065");
    }
}
