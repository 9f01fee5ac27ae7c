//! The YAML parser of the production event log and its validation rules (the `yaml` feature).
//!
//! The parser reads the file into private "raw" structs whose fields are wrapped in
//! [`serde_saphyr::Spanned`], so every value keeps the line and column it came from. The
//! validation pass then turns the raw structs into the public [`EventLog`] and reports the
//! first problem it finds as a [`LogError`] that points at the offending item or field.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_saphyr::{Location, MessageFormatter, Spanned, UserMessageFormatter};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::log::{
    Commit, Deployment, DeploymentStatus, EventLog, Incident, LogError, MAX_LOG_BYTES,
    MAX_WINDOW_DAYS,
};

/// The longest user value, in characters, that is quoted back inside an error message.
const MAX_QUOTED_CHARS: usize = 40;

/// Seconds in one day.
const SECONDS_PER_DAY: i64 = 86_400;

impl LogError {
    fn at(location: Location, message: impl Into<String>) -> LogError {
        LogError {
            line: to_one_based(location.line()),
            column: to_one_based(location.column()),
            message: message.into(),
        }
    }

    fn start(message: impl Into<String>) -> LogError {
        LogError {
            line: 1,
            column: 1,
            message: message.into(),
        }
    }
}

/// Turns a parser coordinate into a 1-based `usize`, using 1 when the parser did not know it.
fn to_one_based(value: u64) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX).max(1)
}

/// The whole file as the YAML deserializer sees it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLog {
    team: Spanned<String>,
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default)]
    commits: Option<Vec<Spanned<RawCommit>>>,
    #[serde(default)]
    deployments: Option<Vec<Spanned<RawDeployment>>>,
    #[serde(default)]
    incidents: Option<Vec<Spanned<RawIncident>>>,
}

/// One item of `commits` as written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommit {
    id: Spanned<String>,
    at: Spanned<String>,
}

/// One item of `deployments` as written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeployment {
    id: Spanned<String>,
    at: Spanned<String>,
    #[serde(default)]
    commits: Option<Vec<Spanned<String>>>,
    status: Spanned<String>,
    #[serde(default)]
    fixes: Option<Spanned<String>>,
    #[serde(default)]
    reason: Option<Spanned<String>>,
}

/// One item of `incidents` as written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIncident {
    id: Spanned<String>,
    opened: Spanned<String>,
    restored: Spanned<String>,
    #[serde(default)]
    deployment: Option<Spanned<String>>,
}

/// Parses and validates a production event log written in YAML.
///
/// The format is described in the module documentation and in `FORMAT.md`. YAML syntax
/// and type errors keep the YAML parser's line and column; validation errors point at the
/// offending item or field. The function never panics: any input, however large or
/// malformed, gives either a log or an error.
pub fn parse_log(text: &str) -> Result<EventLog, LogError> {
    if text.len() > MAX_LOG_BYTES {
        return Err(LogError::start(format!(
            "the log is {} bytes ({:.1} MiB), but the limit is {} bytes ({} MiB); \
             paste a shorter window or fewer events",
            text.len(),
            mebibytes(text.len()),
            MAX_LOG_BYTES,
            MAX_LOG_BYTES / (1024 * 1024)
        )));
    }
    if is_blank(text) {
        return Err(LogError::start(
            "the log is empty; it needs at least `team`, `from` and `to`",
        ));
    }
    let raw: RawLog = serde_saphyr::from_str(text).map_err(yaml_error)?;
    Validator::default().validate(raw)
}

/// Whether the text has nothing but blank lines and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim_start_matches('\u{FEFF}').trim();
        line.is_empty() || line.starts_with('#')
    })
}

/// Converts a byte count to mebibytes for messages.
fn mebibytes(bytes: usize) -> f64 {
    // The conversion can round for counts above 2^53, which only affects the message.
    bytes as f64 / (1024.0 * 1024.0)
}

/// Converts a YAML parser error into a [`LogError`] that keeps the parser's position.
fn yaml_error(error: serde_saphyr::Error) -> LogError {
    let plain = error.without_snippet();
    let raw_message = UserMessageFormatter.format_message(plain);
    let message = friendly_parser_message(&sanitize(&raw_message));
    match plain.location() {
        Some(location) => LogError::at(location, message),
        None => LogError::start(message),
    }
}

/// Rewrites the parser's terse type messages into sentences a learner understands.
///
/// Messages that are not listed here are passed through unchanged.
fn friendly_parser_message(message: &str) -> String {
    let friendly = match message {
        "expected string scalar" => "expected a single value such as a word or a timestamp here",
        "expected sequence start" => "expected a list here (lines starting with `- ` or `[a, b]`)",
        "expected mapping start" => "expected `key: value` pairs here",
        "null is not allowed here" => "a value is missing here; write it after the colon",
        _ => return message.to_string(),
    };
    friendly.to_string()
}

/// Replaces control characters so that a message is a single printable line.
fn sanitize(message: &str) -> String {
    message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Shortens a user value for an error message and makes it a single printable line.
fn shorten(value: &str) -> String {
    let mut shown = sanitize(&value.chars().take(MAX_QUOTED_CHARS).collect::<String>());
    if value.chars().nth(MAX_QUOTED_CHARS).is_some() {
        shown.push('…');
    }
    shown
}

/// Quotes a user value for an error message, shortening it when it is long.
fn quote(value: &str) -> String {
    format!("\"{}\"", shorten(value))
}

/// Parses an RFC 3339 timestamp into Unix seconds, or explains what is wrong with it.
fn parse_time(value: &Spanned<String>, what: &str) -> Result<i64, LogError> {
    OffsetDateTime::parse(value.value.trim(), &Rfc3339)
        .map(OffsetDateTime::unix_timestamp)
        .map_err(|_| {
            LogError::at(
                value.referenced,
                format!(
                    "{what} must be an RFC 3339 timestamp such as 2025-03-03T09:12:00Z \
                     (date, `T`, time with seconds, then `Z` or an offset like +02:00), \
                     but it is {}",
                    quote(&value.value)
                ),
            )
        })
}

/// Formats Unix seconds as an RFC 3339 timestamp for messages.
fn show_time(seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| seconds.to_string())
}

/// Shows an id inside an error message: shortened when long, and `""` when empty.
fn name(id: &str) -> String {
    if id.is_empty() {
        quote(id)
    } else {
        shorten(id)
    }
}

/// Checks an id: it must not be empty and must not repeat within its list.
fn check_id(
    id: &Spanned<String>,
    kind: &str,
    seen: &mut BTreeSet<String>,
) -> Result<String, LogError> {
    let trimmed = id.value.trim();
    if trimmed.is_empty() {
        return Err(LogError::at(
            id.referenced,
            format!("a {kind} has an empty `id`; give every {kind} a name"),
        ));
    }
    if !seen.insert(trimmed.to_string()) {
        return Err(LogError::at(
            id.referenced,
            format!(
                "the {kind} id {} is used twice; ids must be unique within the list",
                name(trimmed)
            ),
        ));
    }
    Ok(trimmed.to_string())
}

/// Checks a deployment's `reason`: only with `fixes`, and not empty.
fn rework_reason(
    deployment: &str,
    has_fixes: bool,
    reason: Option<Spanned<String>>,
) -> Result<Option<String>, LogError> {
    let Some(reason) = reason else {
        return Ok(None);
    };
    let text = reason.value.trim();
    if !has_fixes {
        return Err(LogError::at(
            reason.referenced,
            format!(
                "deployment {deployment} has a `reason` but no `fixes`; `reason` says why a \
                 rework deployment was made, so name the incident it fixes with `fixes`"
            ),
        ));
    }
    if text.is_empty() {
        return Err(LogError::at(
            reason.referenced,
            format!(
                "the `reason` of deployment {deployment} is empty; say why it was made, or \
                 leave `reason` out"
            ),
        ));
    }
    Ok(Some(text.to_string()))
}

/// What the validation pass has learned so far, used to check references between lists.
#[derive(Default)]
struct Validator {
    from: i64,
    to: i64,
    /// Commit id to commit time.
    commit_times: BTreeMap<String, i64>,
    /// Deployment id to (finish time, status).
    deployments: BTreeMap<String, (i64, DeploymentStatus)>,
    /// The `fixes` of rework deployments, checked once the incidents are read: (index in
    /// the deployment list, the deployment's shown id, its finish time, the field).
    fixes: Vec<(usize, String, i64, Spanned<String>)>,
}

impl Validator {
    fn validate(mut self, raw: RawLog) -> Result<EventLog, LogError> {
        let team = raw.team.value.trim().to_string();
        if team.is_empty() {
            return Err(LogError::at(
                raw.team.referenced,
                "`team` is empty; write the team's name, for example `team: Lotus Pay`",
            ));
        }
        self.from = parse_time(&raw.from, "`from`")?;
        self.to = parse_time(&raw.to, "`to`")?;
        if self.to <= self.from {
            return Err(LogError::at(
                raw.to.referenced,
                format!(
                    "`to` ({}) must be after `from` ({}); the observation window cannot be empty",
                    show_time(self.to),
                    show_time(self.from)
                ),
            ));
        }
        if self.to.saturating_sub(self.from) > MAX_WINDOW_DAYS * SECONDS_PER_DAY {
            return Err(LogError::at(
                raw.to.referenced,
                format!(
                    "the observation window is longer than {MAX_WINDOW_DAYS} days; \
                     split the log into shorter windows"
                ),
            ));
        }
        let commits = self.commits(raw.commits.unwrap_or_default())?;
        let mut deployments = self.deployments(raw.deployments.unwrap_or_default())?;
        let incidents = self.incidents(raw.incidents.unwrap_or_default())?;
        self.fixed_incidents(&mut deployments, &incidents)?;
        Ok(EventLog {
            team,
            from: self.from,
            to: self.to,
            commits,
            deployments,
            incidents,
        })
    }

    /// Checks that an event time lies inside the observation window.
    fn in_window(&self, time: i64, place: Location, what: &str) -> Result<(), LogError> {
        if time < self.from || time > self.to {
            return Err(LogError::at(
                place,
                format!(
                    "{what} ({}) is outside the observation window {} to {}",
                    show_time(time),
                    show_time(self.from),
                    show_time(self.to)
                ),
            ));
        }
        Ok(())
    }

    fn commits(&mut self, raw: Vec<Spanned<RawCommit>>) -> Result<Vec<Commit>, LogError> {
        let mut seen = BTreeSet::new();
        let mut commits = Vec::with_capacity(raw.len());
        for item in raw {
            let line = to_one_based(item.referenced.line());
            let commit = item.value;
            let id = check_id(&commit.id, "commit", &mut seen)?;
            let label = name(&id);
            let what = format!("`at` of commit {label}");
            let at = parse_time(&commit.at, &what)?;
            self.in_window(at, commit.at.referenced, &what)?;
            self.commit_times.insert(id.clone(), at);
            commits.push(Commit { id, at, line });
        }
        Ok(commits)
    }

    fn deployments(
        &mut self,
        raw: Vec<Spanned<RawDeployment>>,
    ) -> Result<Vec<Deployment>, LogError> {
        let mut seen = BTreeSet::new();
        let mut deployments = Vec::with_capacity(raw.len());
        for item in raw {
            let line = to_one_based(item.referenced.line());
            let deployment = item.value;
            let id = check_id(&deployment.id, "deployment", &mut seen)?;
            let label = name(&id);
            let what = format!("`at` of deployment {label}");
            let at = parse_time(&deployment.at, &what)?;
            self.in_window(at, deployment.at.referenced, &what)?;
            let status = match deployment.status.value.trim() {
                "succeeded" => DeploymentStatus::Succeeded,
                "failed" => DeploymentStatus::Failed,
                other => {
                    return Err(LogError::at(
                        deployment.status.referenced,
                        format!(
                            "`status` of deployment {label} must be `succeeded` or `failed`, \
                             but it is {}",
                            quote(other)
                        ),
                    ))
                }
            };
            let commits =
                self.deployed_commits(&label, at, deployment.commits.unwrap_or_default())?;
            let reason = rework_reason(&label, deployment.fixes.is_some(), deployment.reason)?;
            if let Some(fixes) = deployment.fixes {
                self.fixes.push((deployments.len(), label, at, fixes));
            }
            self.deployments.insert(id.clone(), (at, status));
            deployments.push(Deployment {
                id,
                at,
                commits,
                status,
                fixes: None,
                reason,
                line,
            });
        }
        Ok(deployments)
    }

    /// Checks the `fixes` of rework deployments against the incidents and records them.
    ///
    /// The incident must be in `incidents`, and the deployment must finish after the
    /// incident was opened: a deployment made because of an incident comes after it.
    fn fixed_incidents(
        &mut self,
        deployments: &mut [Deployment],
        incidents: &[Incident],
    ) -> Result<(), LogError> {
        for (index, label, at, fixes) in std::mem::take(&mut self.fixes) {
            let id = fixes.value.trim();
            let shown = name(id);
            let Some(incident) = incidents.iter().find(|i| i.id == id) else {
                return Err(LogError::at(
                    fixes.referenced,
                    format!(
                        "deployment {label} fixes incident {shown}, which is not in `incidents`"
                    ),
                ));
            };
            if at <= incident.opened {
                return Err(LogError::at(
                    fixes.referenced,
                    format!(
                        "deployment {label} finished at {}, but incident {shown} was opened \
                         only at {}; a deployment made because of an incident finishes after \
                         the incident was opened",
                        show_time(at),
                        show_time(incident.opened)
                    ),
                ));
            }
            if let Some(deployment) = deployments.get_mut(index) {
                deployment.fixes = Some(id.to_string());
            }
        }
        Ok(())
    }

    /// Checks the commit list of one deployment against `commits`.
    fn deployed_commits(
        &self,
        deployment: &str,
        deployed_at: i64,
        raw: Vec<Spanned<String>>,
    ) -> Result<Vec<String>, LogError> {
        let mut listed = BTreeSet::new();
        let mut commits = Vec::with_capacity(raw.len());
        for entry in raw {
            let id = entry.value.trim();
            let shown = name(id);
            let Some(&committed_at) = self.commit_times.get(id) else {
                return Err(LogError::at(
                    entry.referenced,
                    format!(
                        "deployment {deployment} lists commit {}, which is not in `commits`",
                        shown
                    ),
                ));
            };
            if committed_at > deployed_at {
                return Err(LogError::at(
                    entry.referenced,
                    format!(
                        "deployment {deployment} finished at {} but lists commit {shown}, \
                         which was made later, at {}",
                        show_time(deployed_at),
                        show_time(committed_at)
                    ),
                ));
            }
            if !listed.insert(id.to_string()) {
                return Err(LogError::at(
                    entry.referenced,
                    format!("deployment {deployment} lists commit {shown} twice"),
                ));
            }
            commits.push(id.to_string());
        }
        Ok(commits)
    }

    fn incidents(&self, raw: Vec<Spanned<RawIncident>>) -> Result<Vec<Incident>, LogError> {
        let mut seen = BTreeSet::new();
        let mut incidents = Vec::with_capacity(raw.len());
        for item in raw {
            let line = to_one_based(item.referenced.line());
            let incident = item.value;
            let id = check_id(&incident.id, "incident", &mut seen)?;
            let label = name(&id);
            let opened_what = format!("`opened` of incident {label}");
            let opened = parse_time(&incident.opened, &opened_what)?;
            let restored_what = format!("`restored` of incident {label}");
            let restored = parse_time(&incident.restored, &restored_what)?;
            self.in_window(opened, incident.opened.referenced, &opened_what)?;
            if restored < opened {
                return Err(LogError::at(
                    incident.restored.referenced,
                    format!(
                        "incident {label} was restored at {}, before it was opened at {}",
                        show_time(restored),
                        show_time(opened)
                    ),
                ));
            }
            self.in_window(restored, incident.restored.referenced, &restored_what)?;
            let deployment = match incident.deployment {
                Some(cause) => Some(self.cause(&label, opened, &cause)?),
                None => None,
            };
            incidents.push(Incident {
                id,
                opened,
                restored,
                deployment,
                line,
            });
        }
        Ok(incidents)
    }

    /// Checks the deployment an incident names as its cause.
    fn cause(
        &self,
        incident: &str,
        opened: i64,
        cause: &Spanned<String>,
    ) -> Result<String, LogError> {
        let id = cause.value.trim();
        let shown = name(id);
        let Some(&(deployed_at, status)) = self.deployments.get(id) else {
            return Err(LogError::at(
                cause.referenced,
                format!(
                    "incident {incident} names deployment {shown}, which is not in `deployments`"
                ),
            ));
        };
        if status != DeploymentStatus::Failed {
            return Err(LogError::at(
                cause.referenced,
                format!(
                    "incident {incident} names deployment {shown}, whose status is `{}`; \
                     a deployment that caused an incident must have `status: failed`",
                    status.id()
                ),
            ));
        }
        if opened < deployed_at {
            return Err(LogError::at(
                cause.referenced,
                format!(
                    "incident {incident} was opened at {}, before deployment {shown} \
                     finished at {}, so that deployment cannot have caused it",
                    show_time(opened),
                    show_time(deployed_at)
                ),
            ));
        }
        Ok(id.to_string())
    }
}
