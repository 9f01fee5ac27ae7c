//! The computation of the four keys from an event log, and the per-day timeline for charts.
//!
//! The definitions follow DORA's guide "DORA's software delivery metrics: the four keys"
//! (dora.dev) and the 2024 Accelerate State of DevOps report:
//!
//! - deployment frequency is the number of deployments to production over a period;
//! - change lead time is the time a change takes from being committed to version control
//!   to being deployed in production;
//! - change fail rate is the share of deployments that needed immediate intervention
//!   (a rollback or a hotfix) after they went out;
//! - failed deployment recovery time is the time it takes to recover from a deployment
//!   that failed and needed immediate intervention;
//! - deployment rework rate, DORA's fifth metric since the 2024 report, is the ratio of
//!   deployments that are unplanned but happen as a result of an incident in production.
//!
//! The struct keeps its name [`FourKeys`] (the name of the four keys the labs started
//! with) but carries all five metrics.

use std::collections::BTreeMap;

use super::levels::{classify, overall_level, Key, Level};
use super::log::{DeploymentStatus, EventLog, MAX_WINDOW_DAYS};

/// Seconds in one hour.
const SECONDS_PER_HOUR: f64 = 3_600.0;

/// Seconds in one day.
const SECONDS_PER_DAY: f64 = 86_400.0;

/// The names accepted by [`FourKeys::metric`].
pub const METRIC_NAMES: &[&str] = &[
    "window_days",
    "deployments",
    "failed_deployments",
    "deployments_per_day",
    "deployments_per_week",
    "lead_time_hours",
    "change_fail_rate_percent",
    "recovery_time_hours",
    "mttr_hours",
    "delivered_commits",
    "undelivered_commits",
    "rework_deployments",
    "rework_rate_percent",
];

/// DORA's five software delivery metrics (the four keys and deployment rework rate), and
/// the counts behind them, for one event log.
#[derive(Debug, Clone, PartialEq)]
pub struct FourKeys {
    /// The length of the observation window in days.
    pub window_days: f64,
    /// All deployments to production in the window, succeeded and failed.
    pub deployments: usize,
    /// The deployments whose status is failed.
    pub failed_deployments: usize,
    /// Deployment frequency: deployments divided by the window length in days.
    pub deployments_per_day: f64,
    /// Deployment frequency per week: seven times the daily rate.
    pub deployments_per_week: f64,
    /// Change lead time: the median, over delivered commits, of the hours from the commit
    /// to the first succeeded deployment that lists it. `None` when no commit was delivered.
    pub lead_time_hours: Option<f64>,
    /// Change fail rate: failed deployments over all deployments, in percent. `None` when
    /// there are no deployments.
    pub change_fail_rate_percent: Option<f64>,
    /// Failed deployment recovery time: the median of `restored - opened`, in hours, over
    /// incidents that name the deployment that caused them. `None` when there are none.
    pub recovery_time_hours: Option<f64>,
    /// The classic mean time to restore: the mean of `restored - opened`, in hours, over all
    /// incidents, whatever caused them. `None` when there are no incidents.
    pub mttr_hours: Option<f64>,
    /// Commits that a succeeded deployment shipped.
    pub delivered_commits: usize,
    /// Commits that no succeeded deployment shipped (yet); they do not count in lead time.
    pub undelivered_commits: usize,
    /// Rework deployments: those that name, with `fixes`, the incident they were made for.
    pub rework_deployments: usize,
    /// Deployment rework rate: rework deployments over all deployments, in percent. `None`
    /// when there are no deployments.
    pub rework_rate_percent: Option<f64>,
}

impl FourKeys {
    /// A metric by its name in [`METRIC_NAMES`]; `None` for an unknown name or a metric
    /// without a value.
    pub fn metric(&self, name: &str) -> Option<f64> {
        match name {
            "window_days" => Some(self.window_days),
            "deployments" => Some(count(self.deployments)),
            "failed_deployments" => Some(count(self.failed_deployments)),
            "deployments_per_day" => Some(self.deployments_per_day),
            "deployments_per_week" => Some(self.deployments_per_week),
            "lead_time_hours" => self.lead_time_hours,
            "change_fail_rate_percent" => self.change_fail_rate_percent,
            "recovery_time_hours" => self.recovery_time_hours,
            "mttr_hours" => self.mttr_hours,
            "delivered_commits" => Some(count(self.delivered_commits)),
            "undelivered_commits" => Some(count(self.undelivered_commits)),
            "rework_deployments" => Some(count(self.rework_deployments)),
            "rework_rate_percent" => self.rework_rate_percent,
            _ => None,
        }
    }

    /// The value that [`classify`] rates for a key, in the key's [`Key::unit`].
    pub fn value(&self, key: Key) -> Option<f64> {
        match key {
            Key::DeploymentFrequency => Some(self.deployments_per_day),
            Key::LeadTime => self.lead_time_hours,
            Key::ChangeFailRate => self.change_fail_rate_percent,
            Key::RecoveryTime => self.recovery_time_hours,
        }
    }

    /// The cluster of one key, or `None` when the key has no value.
    pub fn level(&self, key: Key) -> Option<Level> {
        self.value(key).map(|value| classify(key, value))
    }

    /// The team's cluster: the one that most keys fall into, ties going to the
    /// lower-performing cluster; keys without a value do not vote.
    pub fn overall(&self) -> Option<Level> {
        overall_level(Key::ALL.into_iter().filter_map(|key| self.level(key)))
    }
}

/// Converts a count to `f64`; counts here are far below 2^53, so the conversion is exact.
fn count(n: usize) -> f64 {
    n as f64
}

/// Converts a duration in seconds to hours.
fn hours(seconds: i64) -> f64 {
    seconds as f64 / SECONDS_PER_HOUR
}

/// The median of the values, or `None` when there are none.
///
/// With an even count the median is the mean of the two middle values.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted.get(middle).copied()
    } else {
        let upper = sorted.get(middle)?;
        let lower = sorted.get(middle.checked_sub(1)?)?;
        Some((lower + upper) / 2.0)
    }
}

/// The arithmetic mean of the values, or `None` when there are none.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / count(values.len()))
    }
}

/// Computes DORA's five delivery metrics (the four keys and the rework rate) for a log.
///
/// The function works on any [`EventLog`], also one built by hand that `parse_log`
/// would reject: unknown references are ignored, negative durations count as zero and an
/// empty window gives rates of zero.
pub fn four_keys(log: &EventLog) -> FourKeys {
    let window_seconds = log.to.saturating_sub(log.from).max(0);
    let window_days = window_seconds as f64 / SECONDS_PER_DAY;
    let deployments = log.deployments.len();
    let failed_deployments = log
        .deployments
        .iter()
        .filter(|d| d.status == DeploymentStatus::Failed)
        .count();
    let rework_deployments = log.deployments.iter().filter(|d| d.is_rework()).count();
    // Dividing exact integers keeps boundary values exact: four deployments in 28 days
    // give the same `f64` as `1.0 / 7.0`.
    let (deployments_per_day, deployments_per_week) = if window_seconds > 0 {
        let n = count(deployments) * SECONDS_PER_DAY;
        let w = window_seconds as f64;
        (n / w, n * 7.0 / w)
    } else {
        (0.0, 0.0)
    };

    // The first succeeded deployment of each commit.
    let mut delivered_at: BTreeMap<&str, i64> = BTreeMap::new();
    for deployment in &log.deployments {
        if deployment.status != DeploymentStatus::Succeeded {
            continue;
        }
        for commit in &deployment.commits {
            delivered_at
                .entry(commit.as_str())
                .and_modify(|at| *at = (*at).min(deployment.at))
                .or_insert(deployment.at);
        }
    }
    let lead_times: Vec<f64> = log
        .commits
        .iter()
        .filter_map(|commit| {
            let deployed = delivered_at.get(commit.id.as_str())?;
            Some(hours(deployed.saturating_sub(commit.at).max(0)))
        })
        .collect();
    let delivered_commits = lead_times.len();

    let restore = |i: &super::log::Incident| hours(i.restored.saturating_sub(i.opened).max(0));
    let recovery_times: Vec<f64> = log
        .incidents
        .iter()
        .filter(|i| i.deployment.is_some())
        .map(restore)
        .collect();
    let restore_times: Vec<f64> = log.incidents.iter().map(restore).collect();

    FourKeys {
        window_days,
        deployments,
        failed_deployments,
        deployments_per_day,
        deployments_per_week,
        lead_time_hours: median(&lead_times),
        change_fail_rate_percent: (deployments > 0)
            .then(|| count(failed_deployments) * 100.0 / count(deployments)),
        recovery_time_hours: median(&recovery_times),
        mttr_hours: mean(&restore_times),
        delivered_commits,
        undelivered_commits: log.commits.len().saturating_sub(delivered_commits),
        rework_deployments,
        rework_rate_percent: (deployments > 0)
            .then(|| count(rework_deployments) * 100.0 / count(deployments)),
    }
}

/// Per-day deployment counts and incident spans, for charts.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// One bucket per day of the window, in order.
    pub days: Vec<DayBucket>,
    /// One span per incident, in file order.
    pub incidents: Vec<IncidentSpan>,
}

/// The deployments that finished during one day of the window.
#[derive(Debug, Clone, PartialEq)]
pub struct DayBucket {
    /// The day, counted from 0 at `from`.
    pub day: u32,
    /// Succeeded deployments that day.
    pub succeeded: u32,
    /// Failed deployments that day.
    pub failed: u32,
}

/// When one incident was open, in hours since `from`.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentSpan {
    /// The incident id.
    pub id: String,
    /// Hours from `from` to `opened`.
    pub start_hours: f64,
    /// Hours from `from` to `restored`.
    pub end_hours: f64,
}

/// Builds the chart timeline of a log.
///
/// Day `n` covers the 24 hours starting `n` days after `from`; when `from` is midnight UTC,
/// as in the sample logs, these are the UTC calendar days. A window that is not a whole
/// number of days gets a last, shorter day, and an event exactly at `to` counts in the
/// last day. Deployments outside the window are left out.
pub fn timeline(log: &EventLog) -> Timeline {
    let window_seconds = log.to.saturating_sub(log.from).max(0);
    let day_seconds = SECONDS_PER_DAY as i64;
    let whole_days = window_seconds / day_seconds + i64::from(window_seconds % day_seconds != 0);
    // A hand-built log can have a huge window; the bucket count stays bounded.
    let day_count = whole_days.clamp(0, MAX_WINDOW_DAYS + 1);
    let day_count = u32::try_from(day_count).unwrap_or(0);
    let mut days: Vec<DayBucket> = (0..day_count)
        .map(|day| DayBucket {
            day,
            succeeded: 0,
            failed: 0,
        })
        .collect();
    for deployment in &log.deployments {
        if deployment.at < log.from || deployment.at > log.to {
            continue;
        }
        let offset = deployment.at.saturating_sub(log.from) / day_seconds;
        let last = days.len().saturating_sub(1);
        let index = usize::try_from(offset).unwrap_or(usize::MAX).min(last);
        if let Some(bucket) = days.get_mut(index) {
            match deployment.status {
                DeploymentStatus::Succeeded => {
                    bucket.succeeded = bucket.succeeded.saturating_add(1)
                }
                DeploymentStatus::Failed => bucket.failed = bucket.failed.saturating_add(1),
            }
        }
    }
    let incidents = log
        .incidents
        .iter()
        .map(|incident| IncidentSpan {
            id: incident.id.clone(),
            start_hours: hours(incident.opened.saturating_sub(log.from)),
            end_hours: hours(incident.restored.saturating_sub(log.from)),
        })
        .collect();
    Timeline { days, incidents }
}
