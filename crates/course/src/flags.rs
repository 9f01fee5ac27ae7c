//! Feature-flag experiments (`labs/<id>/data/*.toml`): a user population, an incident and an
//! A/B test, and the engine run that a learner's flag configuration produces.
//!
//! The lab's `[[experiments]]` names a data file and maps its inputs (see
//! [`ExperimentInputs`]): a targeting rule for staff, what the percentage split hashes,
//! the rollout percentage at each stage, and the minute the kill switch is flipped. The
//! engine (`engine::deploy::FeatureFlag::evaluate`, `run_ab_test`) decides every exposure
//! and every A/B number; this module only builds its inputs and counts its answers.
//!
//! # The data file
//!
//! TOML, unknown fields are errors:
//!
//! ```toml
//! [flag]
//! key = "one_click_checkout"   # the flag's key; it salts the split hash (AppConfig's seed::)
//! name = "One-click checkout"  # the flag's display name
//!
//! [users]                      # a deterministic population: user-0 … user-<count - 1>
//! count = 1000                 # 10 to 100,000 users
//! staff_percent = 5            # each user is staff with this chance, drawn in order from `seed`
//! seed = 7
//! attribute = "group"          # optional: the attribute a targeting rule matches ("group")
//! staff_value = "staff"        # optional: its value for staff ("staff")
//! external_value = "customer"  # optional: its value for everyone else ("customer")
//!
//! [incident]                   # the day the feature is live at the last stage's percentage
//! at_minute = 30               # the minute the new feature starts failing
//! respond_within_minutes = 5   # the runbook's budget to switch it off
//! duration_minutes = 60        # the timeline measured: minute 0 to this one
//!
//! [ab]                         # an A/B test the engine simulates: users user-0 … assigned
//! kind = "simulated"           # by hashing `key`, each variant converting at its own rate
//! key = "checkout-ab"
//! seed = 2026
//! users = 6000
//! percent_b = 50
//! conversion_a_percent = 4.0
//! conversion_b_percent = 4.5
//! # or observed counts, read as they are:
//! # kind = "counts", users_a, conversions_a, users_b, conversions_b
//! ```
//!
//! # Measures
//!
//! [`MEASURES`] lists the names checks use. Those marked in [`STAGE_MEASURES`] take a
//! 1-based `stage`. Exposure is always counted by asking the engine about every user of
//! the population; the A/B measures come from the engine's z-test.
use std::sync::Arc;

use serde::Deserialize;

use super::answer::{Answer, Answers};
use super::scenario::BuildError;
use engine::deploy::{
    run_ab_test, z_test, AbResult, AbTest, FeatureFlag, FlagReason, Rng, TargetingRule, User,
};

/// A data file as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentFile {
    flag: FlagSpec,
    users: UsersSpec,
    incident: IncidentSpec,
    ab: AbSpec,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FlagSpec {
    key: String,
    name: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UsersSpec {
    count: u32,
    staff_percent: f64,
    seed: u64,
    #[serde(default = "default_attribute")]
    attribute: String,
    #[serde(default = "default_staff")]
    staff_value: String,
    #[serde(default = "default_external")]
    external_value: String,
}

fn default_attribute() -> String {
    "group".into()
}
fn default_staff() -> String {
    "staff".into()
}
fn default_external() -> String {
    "customer".into()
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IncidentSpec {
    at_minute: u32,
    respond_within_minutes: u32,
    duration_minutes: u32,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum AbSpec {
    Simulated {
        key: String,
        seed: u64,
        users: u32,
        percent_b: f64,
        conversion_a_percent: f64,
        conversion_b_percent: f64,
    },
    Counts {
        users_a: u64,
        conversions_a: u64,
        users_b: u64,
        conversions_b: u64,
    },
}

/// The most users a population may have.
pub const MAX_USERS: u32 = 100_000;
/// The longest incident timeline, in minutes (a day).
pub const MAX_DURATION_MINUTES: u32 = 1440;

/// An experiment, loaded and checked: the population built, the A/B test run.
#[derive(Clone, Debug, PartialEq)]
pub struct Experiment {
    /// The flag's key (it salts the split hash).
    pub flag_key: String,
    /// The flag's display name.
    pub flag_name: String,
    /// The attribute a targeting rule matches, and its values for staff and for everyone else.
    pub attribute: String,
    pub staff_value: String,
    pub external_value: String,
    /// The population, staff marked by `attribute`.
    pub users: Arc<Vec<User>>,
    /// The minute the feature starts failing.
    pub incident_minute: u32,
    /// Minutes the runbook allows to switch it off.
    pub respond_within_minutes: u32,
    /// The timeline's length in minutes.
    pub duration_minutes: u32,
    /// The A/B test's input: `Some` when the engine simulated it, `None` for observed counts.
    pub ab_test: Option<AbTest>,
    /// The engine's result of the A/B test.
    pub ab: AbResult,
}

impl ExperimentFile {
    /// The experiment, with its population built and its A/B test run by the engine.
    pub fn experiment(&self) -> Result<Experiment, String> {
        let u = &self.users;
        if self.flag.key.trim().is_empty() {
            return Err("flag.key must not be empty".into());
        }
        if !(10..=MAX_USERS).contains(&u.count) {
            return Err(format!(
                "users.count must be from 10 to {MAX_USERS}, not {}",
                u.count
            ));
        }
        if !(u.staff_percent.is_finite() && (0.0..=100.0).contains(&u.staff_percent)) {
            return Err(format!(
                "users.staff_percent must be from 0 to 100, not {}",
                u.staff_percent
            ));
        }
        if u.attribute.trim().is_empty() || u.staff_value == u.external_value {
            return Err(
                "users.attribute must not be empty, and staff_value must differ from external_value"
                    .into(),
            );
        }
        let i = &self.incident;
        if !(1..=MAX_DURATION_MINUTES).contains(&i.duration_minutes) {
            return Err(format!(
                "incident.duration_minutes must be from 1 to {MAX_DURATION_MINUTES}, not {}",
                i.duration_minutes
            ));
        }
        if i.at_minute.saturating_add(i.respond_within_minutes) >= i.duration_minutes {
            return Err(format!(
                "incident.at_minute + respond_within_minutes ({}) must be before duration_minutes ({})",
                i.at_minute.saturating_add(i.respond_within_minutes),
                i.duration_minutes
            ));
        }
        let (ab_test, ab) = match &self.ab {
            AbSpec::Simulated {
                key,
                seed,
                users,
                percent_b,
                conversion_a_percent,
                conversion_b_percent,
            } => {
                let test = AbTest {
                    seed: *seed,
                    key: key.clone(),
                    users: *users,
                    percent_b: *percent_b,
                    conversion_a: conversion_a_percent / 100.0,
                    conversion_b: conversion_b_percent / 100.0,
                };
                let result = run_ab_test(&test).map_err(|e| format!("ab: {}", e.message))?;
                (Some(test), result)
            }
            AbSpec::Counts {
                users_a,
                conversions_a,
                users_b,
                conversions_b,
            } => {
                if *users_a == 0 || *users_b == 0 {
                    return Err("ab: each variant needs at least one user".into());
                }
                if conversions_a > users_a || conversions_b > users_b {
                    return Err("ab: a variant cannot convert more users than it has".into());
                }
                (
                    None,
                    z_test(*users_a, *conversions_a, *users_b, *conversions_b),
                )
            }
        };
        let mut rng = Rng::new(u.seed);
        let users = (0..u.count)
            .map(|n| {
                let staff = rng.next_f64() * 100.0 < u.staff_percent;
                let value = if staff {
                    &u.staff_value
                } else {
                    &u.external_value
                };
                User::new(format!("user-{n}")).with(u.attribute.clone(), value.clone())
            })
            .collect();
        Ok(Experiment {
            flag_key: self.flag.key.clone(),
            flag_name: self.flag.name.clone(),
            attribute: u.attribute.clone(),
            staff_value: u.staff_value.clone(),
            external_value: u.external_value.clone(),
            users: Arc::new(users),
            incident_minute: i.at_minute,
            respond_within_minutes: i.respond_within_minutes,
            duration_minutes: i.duration_minutes,
            ab_test,
            ab,
        })
    }
}

impl Experiment {
    /// Whether a user of the population is staff.
    pub fn is_staff(&self, user: &User) -> bool {
        user.attributes.get(&self.attribute) == Some(&self.staff_value)
    }

    /// How many users are staff, and how many are not.
    pub fn counts(&self) -> (u32, u32) {
        let staff = self.users.iter().filter(|u| self.is_staff(u)).count() as u32;
        (staff, self.users.len() as u32 - staff)
    }
}

/// Which inputs configure an experiment's flag (`[experiments.inputs]` in lab.toml).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentInputs {
    /// A single-choice input with options among `on` (a rule serves staff the feature),
    /// `off` (a rule hides it from staff) and `none` (no rule). Without it: no rule.
    #[serde(default)]
    pub staff_rule: Option<String>,
    /// A single-choice input with options among `user_id` and `session_id`: what the
    /// percentage split hashes. Without it: the user id.
    #[serde(default)]
    pub split_by: Option<String>,
    /// Number inputs: the rollout percentage (0 to 100) at each stage, in order.
    pub stages: Vec<String>,
    /// A number input: the minute the kill switch is flipped, on the incident's timeline.
    #[serde(default)]
    pub kill_switch_minute: Option<String>,
}

/// Option ids of a `staff_rule` input.
pub const STAFF_RULES: &[&str] = &["on", "off", "none"];
/// Option ids of a `split_by` input.
pub const SPLITS: &[&str] = &["user_id", "session_id"];

/// What the percentage split hashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// The user's id: the same user always lands in the same bucket.
    UserId,
    /// The session's id: a user gets a new session, so a new bucket, every day (stage).
    SessionId,
}

impl Split {
    /// The AppConfig context key the split hashes.
    pub fn context_key(self) -> &'static str {
        match self {
            Split::UserId => "userId",
            Split::SessionId => "sessionId",
        }
    }
}

/// The staff targeting rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffRule {
    On,
    Off,
    None,
}

/// The flag a learner's answers describe, read part by part so that an early step's
/// result shows before later steps are answered.
#[derive(Clone, Copy, Debug)]
pub struct Setup<'a> {
    pub experiment: &'a Experiment,
    pub inputs: &'a ExperimentInputs,
    pub answers: &'a Answers,
}

fn number(answers: &Answers, id: &str) -> Result<f64, BuildError> {
    match answers.get(id).map(Answer::number) {
        None | Some(Err(None)) => Err(BuildError::NotAnswered(id.to_string())),
        Some(Err(Some(text))) => Err(BuildError::Invalid(format!("\"{text}\" is not a number"))),
        Some(Ok(n)) => Ok(n),
    }
}

fn choice(answers: &Answers, id: &str) -> Result<String, BuildError> {
    answers
        .get(id)
        .map(Answer::choices)
        .and_then(|c| c.into_iter().next())
        .ok_or_else(|| BuildError::NotAnswered(id.to_string()))
}

impl Setup<'_> {
    /// The staff rule chosen (no rule when the lab does not ask).
    pub fn staff_rule(&self) -> Result<StaffRule, BuildError> {
        let Some(id) = &self.inputs.staff_rule else {
            return Ok(StaffRule::None);
        };
        match choice(self.answers, id)?.as_str() {
            "on" => Ok(StaffRule::On),
            "off" => Ok(StaffRule::Off),
            "none" => Ok(StaffRule::None),
            other => Err(BuildError::Invalid(format!(
                "\"{other}\" is not a staff rule (on, off or none)"
            ))),
        }
    }

    /// What the split hashes (the user id when the lab does not ask).
    pub fn split(&self) -> Result<Split, BuildError> {
        let Some(id) = &self.inputs.split_by else {
            return Ok(Split::UserId);
        };
        match choice(self.answers, id)?.as_str() {
            "user_id" => Ok(Split::UserId),
            "session_id" => Ok(Split::SessionId),
            other => Err(BuildError::Invalid(format!(
                "\"{other}\" is not something to split by (user_id or session_id)"
            ))),
        }
    }

    /// The rollout percentage at a stage (0-based), from 0 to 100.
    pub fn percent(&self, stage: usize) -> Result<f64, BuildError> {
        let Some(id) = self.inputs.stages.get(stage) else {
            return Err(BuildError::Invalid(format!(
                "there is no stage {} (the flag has {})",
                stage + 1,
                self.inputs.stages.len()
            )));
        };
        let x = number(self.answers, id)?;
        if x < 0.0 {
            Err(BuildError::Invalid(format!(
                "a rollout percentage cannot be negative ({x})"
            )))
        } else if x > 100.0 {
            Err(BuildError::Invalid(format!(
                "a rollout percentage cannot be over 100 ({x})"
            )))
        } else {
            Ok(x)
        }
    }

    /// The kill switch's minute, if the lab asks for one.
    pub fn kill_minute(&self) -> Result<Option<f64>, BuildError> {
        let Some(id) = &self.inputs.kill_switch_minute else {
            return Ok(None);
        };
        let x = number(self.answers, id)?;
        if x < 0.0 {
            Err(BuildError::Invalid(format!(
                "the kill switch minute cannot be negative ({x})"
            )))
        } else if x > f64::from(MAX_DURATION_MINUTES) {
            Err(BuildError::Invalid(format!(
                "the kill switch minute must be at most {MAX_DURATION_MINUTES}, not {x}"
            )))
        } else {
            Ok(Some(x))
        }
    }

    /// The engine's flag at a stage (0-based), without the kill switch.
    pub fn flag(&self, stage: usize) -> Result<FeatureFlag, BuildError> {
        let e = self.experiment;
        let rules = match self.staff_rule()? {
            StaffRule::None => Vec::new(),
            rule => vec![TargetingRule {
                attribute: e.attribute.clone(),
                equals: e.staff_value.clone(),
                serve: rule == StaffRule::On,
            }],
        };
        let flag = FeatureFlag {
            key: e.flag_key.clone(),
            rollout_percent: self.percent(stage)?,
            rules,
            kill_switch_at_s: None,
        };
        flag.validate()
            .map_err(|e| BuildError::Invalid(e.message))?;
        Ok(flag)
    }

    /// The flag live on the incident's day: the last stage, with the kill switch.
    pub fn live_flag(&self) -> Result<FeatureFlag, BuildError> {
        let last = self.inputs.stages.len().saturating_sub(1);
        let mut flag = self.flag(last)?;
        flag.kill_switch_at_s = self.kill_minute()?.map(|m| (m * 60.0).round() as u32);
        Ok(flag)
    }

    /// Each user as the flag sees them at a stage: with a session id for a session split.
    fn seen(&self, split: Split, stage: usize) -> Vec<User> {
        self.experiment
            .users
            .iter()
            .map(|u| match split {
                Split::UserId => u.clone(),
                Split::SessionId => User {
                    id: format!("{}/session-{}", u.id, stage + 1),
                    attributes: u.attributes.clone(),
                },
            })
            .collect()
    }

    /// Whether each user of the population gets the feature at a stage (0-based), per the engine.
    pub fn exposed(&self, stage: usize) -> Result<Vec<bool>, BuildError> {
        let flag = self.flag(stage)?;
        let split = self.split()?;
        Ok(self
            .seen(split, stage)
            .iter()
            .map(|u| flag.evaluate(u, 0).on)
            .collect())
    }

    /// Who sees the feature at a stage (0-based).
    pub fn stage_exposure(&self, stage: usize) -> Result<StageExposure, BuildError> {
        let percent = self.percent(stage)?;
        let exposed = self.exposed(stage)?;
        let mut s = StageExposure {
            percent,
            ..StageExposure::default()
        };
        for (user, on) in self.experiment.users.iter().zip(exposed) {
            let (seen, total) = if self.experiment.is_staff(user) {
                (&mut s.staff_exposed, &mut s.staff)
            } else {
                (&mut s.external_exposed, &mut s.external)
            };
            *total += 1;
            *seen += u32::from(on);
        }
        Ok(s)
    }

    /// Users who had the feature at a stage and lost it at the next one although the
    /// percentage did not go down, summed over consecutive stages.
    pub fn stickiness_violations(&self) -> Result<u32, BuildError> {
        let mut lost = 0;
        let mut before = self.exposed(0)?;
        for stage in 1..self.inputs.stages.len() {
            let after = self.exposed(stage)?;
            if self.percent(stage)? >= self.percent(stage - 1)? {
                lost += before
                    .iter()
                    .zip(&after)
                    .filter(|(was, is)| **was && !**is)
                    .count() as u32;
            }
            before = after;
        }
        Ok(lost)
    }

    /// The incident's day, minute by minute, at the last stage with the kill switch.
    pub fn timeline(&self) -> Result<Timeline, BuildError> {
        let flag = self.live_flag()?;
        let split = self.split()?;
        let last = self.inputs.stages.len().saturating_sub(1);
        let users = self.seen(split, last);
        let e = self.experiment;
        let total = users.len().max(1) as f64;
        let minutes = (0..=e.duration_minutes)
            .map(|m| {
                let mut exposed = 0u32;
                let mut killed = false;
                for u in &users {
                    let d = flag.evaluate(u, m * 60);
                    exposed += u32::from(d.on);
                    killed |= d.reason == FlagReason::KillSwitch;
                }
                Minute {
                    minute: m,
                    exposed,
                    percent: f64::from(exposed) / total * 100.0,
                    killed,
                }
            })
            .collect();
        Ok(Timeline {
            minutes,
            incident_minute: e.incident_minute,
            respond_within_minutes: e.respond_within_minutes,
            kill_switch_at_s: flag.kill_switch_at_s,
        })
    }

    /// A measure by name (see [`MEASURES`]); `stage` is 1-based, for [`STAGE_MEASURES`].
    /// `Ok(None)`: the engine has no value (for example, no staff in the population).
    pub fn measure(&self, name: &str, stage: Option<usize>) -> Result<Option<f64>, BuildError> {
        let stage0 = || -> Result<usize, BuildError> {
            match stage {
                Some(s) if s >= 1 && s <= self.inputs.stages.len() => Ok(s - 1),
                _ => Err(BuildError::Invalid(format!(
                    "measure \"{name}\" needs a stage from 1 to {}",
                    self.inputs.stages.len()
                ))),
            }
        };
        let ratio =
            |part: u32, whole: u32| (whole > 0).then(|| f64::from(part) / f64::from(whole) * 100.0);
        if let Some(value) = ab_measure(&self.experiment.ab, name) {
            return Ok(value);
        }
        Ok(match name {
            "staff_exposure_percent" => {
                let s = self.stage_exposure(stage0()?)?;
                ratio(s.staff_exposed, s.staff)
            }
            "external_exposure_percent" => {
                let s = self.stage_exposure(stage0()?)?;
                ratio(s.external_exposed, s.external)
            }
            "stickiness_violations" => Some(f64::from(self.stickiness_violations()?)),
            "exposure_after_incident_percent" => Some(self.timeline()?.after_response_percent()),
            "minutes_exposed_after_incident" => {
                Some(f64::from(self.timeline()?.minutes_exposed_after_incident()))
            }
            "minutes_off_before_incident" => {
                Some(f64::from(self.timeline()?.minutes_off_before_incident()))
            }
            _ => None,
        })
    }
}

/// Who saw the feature at one stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageExposure {
    /// The configured rollout percentage.
    pub percent: f64,
    pub staff: u32,
    pub staff_exposed: u32,
    pub external: u32,
    pub external_exposed: u32,
}

/// One minute of the incident's day.
#[derive(Clone, Debug, PartialEq)]
pub struct Minute {
    pub minute: u32,
    /// Users who get the feature.
    pub exposed: u32,
    /// The same as a share of the population.
    pub percent: f64,
    /// Whether the kill switch is on.
    pub killed: bool,
}

/// The incident's day: exposure minute by minute.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// Minute 0 to the end, both included.
    pub minutes: Vec<Minute>,
    pub incident_minute: u32,
    pub respond_within_minutes: u32,
    pub kill_switch_at_s: Option<u32>,
}

impl Timeline {
    /// The highest share of users exposed once the runbook's response time has passed.
    pub fn after_response_percent(&self) -> f64 {
        let from = self.incident_minute + self.respond_within_minutes;
        self.minutes
            .iter()
            .filter(|m| m.minute >= from)
            .map(|m| m.percent)
            .fold(0.0, f64::max)
    }

    /// Minutes from the incident on during which someone still got the failing feature.
    pub fn minutes_exposed_after_incident(&self) -> u32 {
        self.minutes
            .iter()
            .filter(|m| m.minute >= self.incident_minute && m.minute < self.last_minute())
            .filter(|m| m.exposed > 0)
            .count() as u32
    }

    /// Minutes before the incident during which the kill switch had already turned the feature off.
    pub fn minutes_off_before_incident(&self) -> u32 {
        self.minutes
            .iter()
            .filter(|m| m.minute < self.incident_minute && m.killed)
            .count() as u32
    }

    fn last_minute(&self) -> u32 {
        self.minutes.last().map_or(0, |m| m.minute)
    }
}

fn ab_measure(ab: &AbResult, name: &str) -> Option<Option<f64>> {
    let lift = (ab.rate_a > 0.0).then(|| ab.difference / ab.rate_a * 100.0);
    Some(Some(match name {
        "ab_users_a" => ab.users_a as f64,
        "ab_users_b" => ab.users_b as f64,
        "ab_conversions_a" => ab.conversions_a as f64,
        "ab_conversions_b" => ab.conversions_b as f64,
        "ab_rate_a_percent" => ab.rate_a * 100.0,
        "ab_rate_b_percent" => ab.rate_b * 100.0,
        "ab_difference_points" => ab.difference * 100.0,
        "ab_lift_percent" => return Some(lift),
        "ab_z" => ab.z,
        "ab_p_value" => ab.p_value,
        "ab_significant" => f64::from(u8::from(ab.significant)),
        _ => return None,
    }))
}

/// The measures a `flag_outcome` or `flag_metric` check can read.
pub const MEASURES: &[&str] = &[
    "staff_exposure_percent",
    "external_exposure_percent",
    "stickiness_violations",
    "exposure_after_incident_percent",
    "minutes_exposed_after_incident",
    "minutes_off_before_incident",
    "ab_users_a",
    "ab_users_b",
    "ab_conversions_a",
    "ab_conversions_b",
    "ab_rate_a_percent",
    "ab_rate_b_percent",
    "ab_difference_points",
    "ab_lift_percent",
    "ab_z",
    "ab_p_value",
    "ab_significant",
];

/// The measures that take a `stage`.
pub const STAGE_MEASURES: &[&str] = &["staff_exposure_percent", "external_exposure_percent"];

/// Measures of the kill switch's day: they read the last stage and the kill switch.
pub const INCIDENT_MEASURES: &[&str] = &[
    "exposure_after_incident_percent",
    "minutes_exposed_after_incident",
    "minutes_off_before_incident",
];

/// Whether a measure reads only the A/B test (no answer needed).
pub fn is_ab_measure(name: &str) -> bool {
    name.starts_with("ab_")
}

/// The option ids an A/B significance input must have.
pub const SIGNIFICANCE_OPTIONS: [&str; 2] = ["significant", "not_significant"];

/// The option id the engine's z-test picks (p < 0.05: significant at 95%).
pub fn significance_option(ab: &AbResult) -> &'static str {
    if ab.significant {
        SIGNIFICANCE_OPTIONS[0]
    } else {
        SIGNIFICANCE_OPTIONS[1]
    }
}

fn number_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The flag as AWS AppConfig feature-flag configuration data (`AWS.AppConfig.FeatureFlags`):
/// a multi-variant flag whose variants are evaluated in order, the default last, with one
/// variant per line and keys in the order the AppConfig documentation writes them.
/// `killed`: every variant disabled, as after the kill switch.
pub fn appconfig_json(
    experiment: &Experiment,
    staff_rule: StaffRule,
    split: Split,
    percent: f64,
    killed: bool,
) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let variant = |name: &str, enabled: bool, rule: Option<String>| match rule {
        Some(rule) => format!(
            "{{ \"name\": {}, \"enabled\": {enabled}, \"rule\": {} }}",
            q(name),
            q(&rule)
        ),
        None => format!("{{ \"name\": {}, \"enabled\": {enabled} }}", q(name)),
    };
    let mut variants = Vec::new();
    if staff_rule != StaffRule::None {
        variants.push(variant(
            "Staff",
            staff_rule == StaffRule::On && !killed,
            Some(format!(
                "(eq ${} {})",
                experiment.attribute,
                q(&experiment.staff_value)
            )),
        ));
    }
    variants.push(variant(
        "Rollout",
        !killed,
        Some(format!(
            "(split by::${} pct::{} seed::{})",
            split.context_key(),
            number_text(percent),
            q(&experiment.flag_key)
        )),
    ));
    variants.push(variant("Default", false, None));
    let key = q(&experiment.flag_key);
    format!(
        "{{\n  \"version\": \"1\",\n  \"flags\": {{ {key}: {{ \"name\": {} }} }},\n  \"values\": {{\n    {key}: {{\n      \"_variants\": [\n        {}\n      ]\n    }}\n  }}\n}}\n",
        q(&experiment.flag_name),
        variants.join(",\n        ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
            s.measure("external_exposure_percent", Some(1)),
            Ok(Some(0.0))
        );
        assert_eq!(
            s.measure("staff_exposure_percent", Some(1)),
            Ok(Some(100.0))
        );
        // Without the rule, staff follow the percentage like everyone else.
        let a = with(good(), "staff", "none");
        let s = Setup { answers: &a, ..s };
        assert_eq!(s.measure("staff_exposure_percent", Some(1)), Ok(Some(0.0)));
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
            .measure("external_exposure_percent", Some(2))
            .unwrap()
            .unwrap();
        let fifty = s
            .measure("external_exposure_percent", Some(3))
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
            .measure("external_exposure_percent", Some(3))
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
            s.measure("exposure_after_incident_percent", None)
                .unwrap()
                .unwrap()
                > 40.0
        );
        assert_eq!(
            s.measure("minutes_exposed_after_incident", None),
            Ok(Some(10.0))
        );
        // Too early: the feature was off before anything went wrong.
        let a = with(good(), "kill", "25.5");
        let s = Setup { answers: &a, ..s };
        assert_eq!(
            s.measure("minutes_off_before_incident", None),
            Ok(Some(4.0))
        );
        assert_eq!(
            s.measure("minutes_exposed_after_incident", None),
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
                Err(BuildError::Invalid(reason)) => reason,
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
            s.measure("external_exposure_percent", Some(1)),
            Err(BuildError::NotAnswered("s1".into()))
        );
        assert!(matches!(
            s.measure("external_exposure_percent", Some(4)),
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
        let m = |name| s.measure(name, None).unwrap().unwrap();
        assert_eq!(m("ab_rate_a_percent"), 4.0);
        assert_eq!(m("ab_rate_b_percent"), 5.0);
        assert!((m("ab_difference_points") - 1.0).abs() < 1e-9);
        assert!((m("ab_lift_percent") - 25.0).abs() < 1e-9);
        let expected = z_test(4000, 160, 4000, 200);
        assert_eq!(m("ab_p_value"), expected.p_value);
        assert_eq!(m("ab_significant"), 1.0);
        assert_eq!(significance_option(&e.ab), "significant");
        for name in MEASURES.iter().filter(|n| is_ab_measure(n)) {
            assert!(s.measure(name, None).unwrap().is_some(), "{name}");
        }
    }

    #[test]
    fn the_appconfig_json_is_valid_and_names_the_rules() {
        let e = experiment();
        let text = appconfig_json(&e, StaffRule::On, Split::UserId, 12.5, false);
        assert!(text.starts_with("{\n  \"version\": \"1\",\n"), "{text}");
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["version"], "1");
        assert_eq!(
            doc["flags"]["one_click_checkout"]["name"],
            "One-click checkout"
        );
        let variants = doc["values"]["one_click_checkout"]["_variants"]
            .as_array()
            .unwrap();
        assert_eq!(variants.len(), 3);
        assert_eq!(variants[0]["rule"], "(eq $group \"staff\")");
        assert_eq!(
            variants[1]["rule"],
            "(split by::$userId pct::12.5 seed::\"one_click_checkout\")"
        );
        assert_eq!(variants[2]["name"], "Default");
        assert!(variants[2].get("rule").is_none(), "the default has no rule");
        let killed = appconfig_json(&e, StaffRule::None, Split::SessionId, 0.0, true);
        let doc: serde_json::Value = serde_json::from_str(&killed).unwrap();
        let variants = doc["values"]["one_click_checkout"]["_variants"]
            .as_array()
            .unwrap();
        assert_eq!(variants.len(), 2);
        assert!(variants.iter().all(|v| v["enabled"] == false));
        assert!(killed.contains("by::$sessionId pct::0"));
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
        let catalogue = crate::catalogue();
        let lab = catalogue
            .lab("deploy-feature-flags")
            .expect("the lab loads");
        let def = &lab.experiments[0];
        let e = &def.experiment;
        let step = |n: usize| lab.steps[n].markdown.as_str();
        let all_text = format!(
            "{} {} {}",
            lab.steps
                .iter()
                .map(|s| s.markdown.as_str())
                .collect::<String>(),
            lab.simplification.clone().unwrap_or_default(),
            lab.checks
                .iter()
                .filter_map(|c| match c {
                    crate::Check::FlagOutcome { title, explain, .. }
                    | crate::Check::Choice { title, explain, .. } => {
                        Some(format!("{title} {}", explain.clone().unwrap_or_default()))
                    }
                    _ => None,
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
        assert!(step(2).contains("**minute 30**") && step(2).contains("within 5 minutes"));
        assert!(all_text.contains("runbook's 5 minutes"));
        assert_eq!(engine::deploy::BUCKETS, 10_000);
        assert!(all_text.contains("one of 10,000"));
        // The stages' targets match the checks' bounds.
        let bounds = |id: &str| {
            lab.checks
                .iter()
                .find_map(|c| match c {
                    crate::Check::FlagOutcome {
                        id: cid,
                        at_least,
                        at_most,
                        ..
                    } if cid == id => Some((at_least.unwrap(), at_most.unwrap())),
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
        assert!(
            (test.conversion_a - 0.03).abs() < 1e-12 && (test.conversion_b - 0.036).abs() < 1e-12
        );
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
        let (_, files) = crate::catalogue::embedded_folders()
            .into_iter()
            .find(|(name, _)| name == "deploy-feature-flags")
            .unwrap();
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
            out.contains("lab.toml: experiment \"checkout\": input \"why_flag\" (stages) must be a number input"),
            "{out}"
        );
        assert!(
            out.contains("option \"maybe\" of input \"staff_rule\" (staff_rule) must be one of on, off, none"),
            "{out}"
        );
        assert!(
            out.contains("check \"day1-share\": stage 4 is out of range: experiment \"checkout\" has stages 1 to 3"),
            "{out}"
        );
        assert!(
            out.contains("check \"sticky\": measure \"stickyness\" is unknown"),
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
}
