//! The production event log: its public types and limits. The YAML parser that builds it is
//! in `parse.rs`, behind the `yaml` feature.

use std::fmt;

/// The largest log, in bytes, that `parse_log` accepts (2 MiB).
///
/// A pasted log larger than this is rejected before the YAML parser sees it, so a huge
/// paste costs nothing and cannot freeze the page.
pub const MAX_LOG_BYTES: usize = 2 * 1024 * 1024;

/// The longest observation window, in days, that `parse_log` accepts.
///
/// A year and a day is enough for any of the labs, and the limit keeps the per-day
/// [`super::Timeline`] small.
pub const MAX_WINDOW_DAYS: i64 = 366;

/// A team's production event log for one observation window.
///
/// All times are Unix seconds (UTC). Every event lies inside the window `from..=to`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EventLog {
    /// The team's name, trimmed and never empty.
    pub team: String,
    /// The start of the observation window.
    pub from: i64,
    /// The end of the observation window, strictly after `from`.
    pub to: i64,
    /// The commits made in the window, in file order.
    pub commits: Vec<Commit>,
    /// The deployments to production in the window, in file order.
    pub deployments: Vec<Deployment>,
    /// The production incidents in the window, in file order.
    pub incidents: Vec<Incident>,
}

/// One commit to the team's main branch.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Commit {
    /// The commit id, for example a short Git hash.
    pub id: String,
    /// When the commit was made.
    pub at: i64,
    /// The 1-based line of the item in the source text.
    pub line: usize,
}

/// One deployment to production.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Deployment {
    /// The deployment id.
    pub id: String,
    /// When the deployment finished.
    pub at: i64,
    /// The ids of the commits this deployment shipped, each of them in [`EventLog::commits`].
    pub commits: Vec<String>,
    /// Whether the deployment succeeded or caused a failure in production.
    pub status: DeploymentStatus,
    /// The production incident this deployment was made to fix, when it is rework: a
    /// deployment that was not planned but made because of that incident (a hotfix or a
    /// roll-forward). Its id is in [`EventLog::incidents`]. DORA's deployment rework rate
    /// counts these deployments.
    pub fixes: Option<String>,
    /// Why the rework deployment was made, in the team's words; only with `fixes`.
    pub reason: Option<String>,
    /// The 1-based line of the item in the source text.
    pub line: usize,
}

impl Deployment {
    /// Whether the deployment is rework: unplanned, made because of a production incident.
    pub fn is_rework(&self) -> bool {
        self.fixes.is_some()
    }
}

/// The outcome of a deployment, as DORA's change fail rate counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DeploymentStatus {
    /// The deployment went out and needed no immediate intervention.
    Succeeded,
    /// The deployment caused a failure in production that needed a rollback or a hotfix.
    Failed,
}

impl DeploymentStatus {
    /// The word used for this status in the log file (`succeeded` or `failed`).
    pub fn id(self) -> &'static str {
        match self {
            DeploymentStatus::Succeeded => "succeeded",
            DeploymentStatus::Failed => "failed",
        }
    }
}

/// One production incident: a period when users were affected.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Incident {
    /// The incident id.
    pub id: String,
    /// When the incident was opened (the failure was detected).
    pub opened: i64,
    /// When service was restored.
    pub restored: i64,
    /// The failed deployment that caused the incident, when it is known.
    pub deployment: Option<String>,
    /// The 1-based line of the item in the source text.
    pub line: usize,
}

/// A problem in a log, with the 1-based line and column where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct LogError {
    /// The 1-based line of the problem.
    pub line: usize,
    /// The 1-based column of the problem.
    pub column: usize,
    /// A plain sentence describing the problem.
    pub message: String,
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for LogError {}
