//! Feature-flag experiments (`labs/<id>/data/*.toml`): a user population, an incident and an
//! A/B test, and the engine run that a learner's flag configuration produces.
//!
//! The lab's `[[experiments]]` names a data file and maps its inputs (see
//! [`ExperimentInputs`]): a targeting rule for staff, what the percentage split hashes,
//! the rollout percentage at each stage, and the minute the kill switch is flipped. The
//! engine (`engine::flags`: the population, `FeatureFlag::evaluate`, exposure per stage,
//! stickiness, the incident's timeline, `run_ab_test`) decides every exposure and every A/B
//! number; this module only reads the file and the answers into the engine's inputs.
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
//! [`Measure`] lists the measures checks use; the per-stage ones take a 1-based `stage`.
//! Exposure is always counted by asking the engine about every user of
//! the population; the A/B measures come from the engine's z-test.
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Measure;
use crate::answer::{Answer, Answers, Unread};
use crate::family::BuildError;
use crate::lang::{Value, Wording, T};
use engine::flags::{
    run_ab_test, z_test, AbResult, AbTest, FeatureFlag, Group, Incident, PopulationSpec,
    TargetingRule, User,
};
pub use engine::flags::{Minute, Split, StageExposure, Timeline};

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
pub const MAX_USERS: u32 = engine::flags::MAX_POPULATION;
/// The longest incident timeline, in minutes (a day).
pub const MAX_DURATION_MINUTES: u32 = engine::flags::MAX_INCIDENT_MINUTES;

/// An experiment, loaded and checked: the population built, the A/B test run.
///
/// Compiled labs carry the population's recipe, not its users: they are drawn again (the
/// same users, from the same seed) when the lab is decoded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(into = "Compiled", try_from = "Compiled")]
pub struct Experiment {
    /// The flag's key (it salts the split hash).
    pub flag_key: String,
    /// The flag's display name.
    pub flag_name: String,
    /// How the population is drawn: its size, its share of staff, the seed, and the
    /// attribute (with its values) that marks staff.
    pub population: PopulationSpec,
    /// The population, staff marked by the population's attribute.
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

/// An [`Experiment`] as compiled labs carry it: everything but the drawn users.
#[derive(Serialize, Deserialize)]
struct Compiled {
    flag_key: String,
    flag_name: String,
    population: PopulationSpec,
    incident_minute: u32,
    respond_within_minutes: u32,
    duration_minutes: u32,
    ab_test: Option<AbTest>,
    ab: AbResult,
}

impl From<Experiment> for Compiled {
    fn from(e: Experiment) -> Compiled {
        Compiled {
            flag_key: e.flag_key,
            flag_name: e.flag_name,
            population: e.population,
            incident_minute: e.incident_minute,
            respond_within_minutes: e.respond_within_minutes,
            duration_minutes: e.duration_minutes,
            ab_test: e.ab_test,
            ab: e.ab,
        }
    }
}

impl TryFrom<Compiled> for Experiment {
    type Error = String;

    fn try_from(c: Compiled) -> Result<Experiment, String> {
        let users = engine::flags::population(&c.population).map_err(|e| e.to_string())?;
        Ok(Experiment {
            flag_key: c.flag_key,
            flag_name: c.flag_name,
            population: c.population,
            users: Arc::new(users),
            incident_minute: c.incident_minute,
            respond_within_minutes: c.respond_within_minutes,
            duration_minutes: c.duration_minutes,
            ab_test: c.ab_test,
            ab: c.ab,
        })
    }
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
        if u.attribute.trim().is_empty() {
            return Err("users.attribute must not be empty".into());
        }
        if u.staff_value == u.external_value {
            return Err(format!(
                "users.staff_value and users.external_value must differ, not both \"{}\"",
                u.staff_value
            ));
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
        let population = PopulationSpec {
            count: u.count,
            staff_percent: u.staff_percent,
            seed: u.seed,
            attribute: u.attribute.clone(),
            staff_value: u.staff_value.clone(),
            external_value: u.external_value.clone(),
        };
        let users = engine::flags::population(&population).map_err(|e| e.to_string())?;
        Ok(Experiment {
            flag_key: self.flag.key.clone(),
            flag_name: self.flag.name.clone(),
            population,
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
        self.staff().contains(user)
    }

    /// The population's staff, as the engine groups users.
    fn staff(&self) -> Group {
        Group {
            attribute: self.population.attribute.clone(),
            value: self.population.staff_value.clone(),
        }
    }

    /// The incident, as the engine reads it.
    fn incident(&self) -> Incident {
        Incident {
            at_minute: self.incident_minute,
            respond_within_minutes: self.respond_within_minutes,
            duration_minutes: self.duration_minutes,
        }
    }

    /// How many users are staff, and how many are not.
    pub fn counts(&self) -> (u32, u32) {
        let staff = self.users.iter().filter(|u| self.is_staff(u)).count() as u32;
        (staff, self.users.len() as u32 - staff)
    }
}

/// Which inputs configure an experiment's flag (`[experiments.inputs]` in lab.toml).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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

/// The answers make no flag, for this reason.
fn invalid(t: T, values: &[(&'static str, Value)]) -> BuildError {
    let mut w = Wording::new(t);
    for (name, value) in values {
        w = w.with(name, value.clone());
    }
    BuildError::Invalid(w)
}

const NOT_A_NUMBER: T = t!("\"{text}\" is not a number", "\"{text}\" không phải là số");
const NOT_A_STAFF_RULE: T = t!(
    "\"{value}\" is not a staff rule (on, off or none)",
    "\"{value}\" không phải là quy tắc cho nhân viên (on, off hoặc none)"
);
const NOT_A_SPLIT: T = t!(
    "\"{value}\" is not something to split by (user_id or session_id)",
    "không thể chia theo \"{value}\" (chỉ user_id hoặc session_id)"
);
const NO_SUCH_STAGE: T = t!(
    "there is no stage {stage} (the flag has {count})",
    "không có giai đoạn {stage} (flag có {count} giai đoạn)"
);
const NEGATIVE_PERCENT: T = t!(
    "a rollout percentage cannot be negative ({x})",
    "tỷ lệ rollout không được âm ({x})"
);
const PERCENT_OVER_100: T = t!(
    "a rollout percentage cannot be over 100 ({x})",
    "tỷ lệ rollout không được vượt quá 100 ({x})"
);
const NEGATIVE_KILL_MINUTE: T = t!(
    "the kill switch minute cannot be negative ({x})",
    "phút bật kill switch không được âm ({x})"
);
const KILL_MINUTE_TOO_LATE: T = t!(
    "the kill switch minute must be at most {max}, not {x}",
    "phút bật kill switch phải không quá {max}, không phải {x}"
);
const MEASURE_NEEDS_STAGE: T = t!(
    "measure \"{measure}\" needs a stage from 1 to {count}",
    "measure \"{measure}\" cần một giai đoạn từ 1 đến {count}"
);

fn number(answers: &Answers, id: &str) -> Result<f64, BuildError> {
    match answers.get(id).map(Answer::number) {
        None | Some(Err(Unread::Empty)) => Err(BuildError::NotAnswered(id.to_string())),
        Some(Err(Unread::NotANumber(text))) => {
            Err(invalid(NOT_A_NUMBER, &[("text", Value::from(text))]))
        }
        Some(Err(Unread::Ambiguous(a))) => Err(BuildError::Invalid(
            crate::check::verdict::ambiguous_reason(&a),
        )),
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
            other => Err(invalid(NOT_A_STAFF_RULE, &[("value", Value::from(other))])),
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
            other => Err(invalid(NOT_A_SPLIT, &[("value", Value::from(other))])),
        }
    }

    /// The rollout percentage at a stage (0-based), from 0 to 100.
    pub fn percent(&self, stage: usize) -> Result<f64, BuildError> {
        let Some(id) = self.inputs.stages.get(stage) else {
            return Err(invalid(
                NO_SUCH_STAGE,
                &[
                    ("stage", Value::from(stage + 1)),
                    ("count", Value::from(self.inputs.stages.len())),
                ],
            ));
        };
        let x = number(self.answers, id)?;
        if x < 0.0 {
            Err(invalid(NEGATIVE_PERCENT, &[("x", Value::from(x))]))
        } else if x > 100.0 {
            Err(invalid(PERCENT_OVER_100, &[("x", Value::from(x))]))
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
            Err(invalid(NEGATIVE_KILL_MINUTE, &[("x", Value::from(x))]))
        } else if x > f64::from(MAX_DURATION_MINUTES) {
            Err(invalid(
                KILL_MINUTE_TOO_LATE,
                &[
                    ("max", Value::from(MAX_DURATION_MINUTES)),
                    ("x", Value::from(x)),
                ],
            ))
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
                attribute: e.population.attribute.clone(),
                equals: e.population.staff_value.clone(),
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
            .map_err(|e| BuildError::Invalid(Wording::untranslated(e.message)))?;
        Ok(flag)
    }

    /// The flag live on the incident's day: the last stage, with the kill switch.
    pub fn live_flag(&self) -> Result<FeatureFlag, BuildError> {
        let last = self.inputs.stages.len().saturating_sub(1);
        let mut flag = self.flag(last)?;
        flag.kill_switch_at_s = self.kill_minute()?.map(|m| (m * 60.0).round() as u32);
        Ok(flag)
    }

    /// Whether each user of the population gets the feature at a stage (0-based), per the engine.
    pub fn exposed(&self, stage: usize) -> Result<Vec<bool>, BuildError> {
        let flag = self.flag(stage)?;
        let split = self.split()?;
        Ok(engine::flags::exposure(
            &flag,
            &self.experiment.users,
            split,
            stage,
        ))
    }

    /// Who sees the feature at a stage (0-based).
    pub fn stage_exposure(&self, stage: usize) -> Result<StageExposure, BuildError> {
        let flag = self.flag(stage)?;
        let split = self.split()?;
        let e = self.experiment;
        Ok(engine::flags::stage_exposure(
            &flag,
            &e.users,
            &e.staff(),
            split,
            stage,
        ))
    }

    /// Users who had the feature at a stage and lost it at the next one although the
    /// percentage did not go down, summed over consecutive stages.
    pub fn stickiness_violations(&self) -> Result<u32, BuildError> {
        let mut stages = vec![self.flag(0)?];
        let split = self.split()?;
        for stage in 1..self.inputs.stages.len() {
            stages.push(self.flag(stage)?);
        }
        Ok(engine::flags::stickiness_violations(
            &stages,
            &self.experiment.users,
            split,
        ))
    }

    /// The incident's day, minute by minute, at the last stage with the kill switch.
    pub fn timeline(&self) -> Result<Timeline, BuildError> {
        let flag = self.live_flag()?;
        let split = self.split()?;
        let last = self.inputs.stages.len().saturating_sub(1);
        let e = self.experiment;
        engine::flags::timeline(&flag, &e.users, split, last, &e.incident())
            .map_err(|e| BuildError::Invalid(Wording::untranslated(e.message)))
    }

    /// A measure of the learner's flag or of the A/B test; `stage` is 1-based, for the
    /// per-stage measures. `Ok(None)`: the engine has no value (for example, no staff in
    /// the population).
    pub fn measure(
        &self,
        measure: Measure,
        stage: Option<usize>,
    ) -> Result<Option<f64>, BuildError> {
        let stage0 = || -> Result<usize, BuildError> {
            match stage {
                Some(s) if s >= 1 && s <= self.inputs.stages.len() => Ok(s - 1),
                _ => Err(invalid(
                    MEASURE_NEEDS_STAGE,
                    &[
                        ("measure", Value::from(measure.name())),
                        ("count", Value::from(self.inputs.stages.len())),
                    ],
                )),
            }
        };
        let ratio =
            |part: u32, whole: u32| (whole > 0).then(|| f64::from(part) / f64::from(whole) * 100.0);
        let ab = &self.experiment.ab;
        let count = |n: u64| Some(n as f64);
        Ok(match measure {
            Measure::StaffExposurePercent => {
                let s = self.stage_exposure(stage0()?)?;
                ratio(s.staff_exposed, s.staff)
            }
            Measure::ExternalExposurePercent => {
                let s = self.stage_exposure(stage0()?)?;
                ratio(s.external_exposed, s.external)
            }
            Measure::StickinessViolations => Some(f64::from(self.stickiness_violations()?)),
            Measure::ExposureAfterIncidentPercent => {
                Some(self.timeline()?.after_response_percent())
            }
            Measure::MinutesExposedAfterIncident => {
                Some(f64::from(self.timeline()?.minutes_exposed_after_incident()))
            }
            Measure::MinutesOffBeforeIncident => {
                Some(f64::from(self.timeline()?.minutes_off_before_incident()))
            }
            Measure::AbUsersA => count(ab.users_a),
            Measure::AbUsersB => count(ab.users_b),
            Measure::AbConversionsA => count(ab.conversions_a),
            Measure::AbConversionsB => count(ab.conversions_b),
            Measure::AbRateAPercent => Some(ab.rate_a * 100.0),
            Measure::AbRateBPercent => Some(ab.rate_b * 100.0),
            Measure::AbDifferencePoints => Some(ab.difference * 100.0),
            Measure::AbLiftPercent => (ab.rate_a > 0.0).then(|| ab.difference / ab.rate_a * 100.0),
            Measure::AbZ => Some(ab.z),
            Measure::AbPValue => Some(ab.p_value),
            Measure::AbSignificant => Some(f64::from(u8::from(ab.significant))),
        })
    }
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

#[cfg(all(test, feature = "files"))]
#[path = "experiment_tests.rs"]
mod tests;
