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
//! [`MEASURES`] lists the names checks use. Those marked in [`STAGE_MEASURES`] take a
//! 1-based `stage`. Exposure is always counted by asking the engine about every user of
//! the population; the A/B measures come from the engine's z-test.
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::answer::{Answer, Answers};
use super::scenario::BuildError;
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
        let users = engine::flags::population(&PopulationSpec {
            count: u.count,
            staff_percent: u.staff_percent,
            seed: u.seed,
            attribute: u.attribute.clone(),
            staff_value: u.staff_value.clone(),
            external_value: u.external_value.clone(),
        })
        .map_err(|e| e.to_string())?;
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
        self.staff().contains(user)
    }

    /// The population's staff, as the engine groups users.
    fn staff(&self) -> Group {
        Group {
            attribute: self.attribute.clone(),
            value: self.staff_value.clone(),
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
            .map_err(|e| BuildError::Invalid(e.message))
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

#[cfg(all(test, feature = "files"))]
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
        let labs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../labs");
        let (order, folders) = crate::cli::read_labs(&labs).unwrap();
        let catalogue = crate::Catalogue::from_folders(order.as_deref(), &folders);
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
                            | crate::family::CheckKind::Common(
                                crate::family::common::Check::Choice(_)
                            )
                    )
                })
                .map(|c| {
                    format!(
                        "{} {}",
                        c.head.title,
                        c.head.explain.clone().unwrap_or_default()
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
        let bounds =
            |id: &str| {
                lab.checks
                    .iter()
                    .find_map(|c| match &c.kind {
                        crate::family::CheckKind::Flags(crate::family::flags::Check::Outcome(
                            o,
                        )) if c.head.id == id => Some((o.at_least.unwrap(), o.at_most.unwrap())),
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
}
