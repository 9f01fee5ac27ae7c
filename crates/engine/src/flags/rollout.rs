//! A deterministic population of users, and one flag's exposure over it: at each stage of
//! a rollout, across stages (who lost the feature), and minute by minute through an
//! incident until the kill switch.

use std::borrow::Cow;

use super::{user_id, FeatureFlag, FlagError, User};
use crate::numbers::Rng;

/// The most users a population may have.
pub const MAX_POPULATION: u32 = 100_000;

/// The longest incident timeline, in minutes (a day).
pub const MAX_INCIDENT_MINUTES: u32 = 1440;

/// How a population is drawn: users `user-0` … `user-<count - 1>`, each of them staff with
/// a chance of `staff_percent`, drawn in order from `seed`, and marked by an attribute.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PopulationSpec {
    /// How many users (1 to [`MAX_POPULATION`]).
    pub count: u32,
    /// Each user's chance of being staff, in percent (0 to 100).
    pub staff_percent: f64,
    /// The seed of the staff draws.
    pub seed: u64,
    /// The attribute that marks staff, such as `group`.
    pub attribute: String,
    /// Its value for staff, such as `staff`.
    pub staff_value: String,
    /// Its value for everyone else, such as `customer`.
    pub external_value: String,
}

impl PopulationSpec {
    /// Checks the count, the share and the attribute.
    pub fn validate(&self) -> Result<(), FlagError> {
        if !(1..=MAX_POPULATION).contains(&self.count) {
            return Err(FlagError::new(
                "population.count",
                format!(
                    "a population has 1 to {MAX_POPULATION} users, not {}",
                    self.count
                ),
            ));
        }
        if !(self.staff_percent.is_finite() && (0.0..=100.0).contains(&self.staff_percent)) {
            return Err(FlagError::new(
                "population.staff_percent",
                format!(
                    "the staff share must be from 0 to 100 percent, not {}",
                    self.staff_percent
                ),
            ));
        }
        if self.attribute.trim().is_empty() || self.staff_value == self.external_value {
            return Err(FlagError::new(
                "population.attribute",
                "the attribute must have a name, and different values for staff and for everyone else",
            ));
        }
        Ok(())
    }

    /// The population's staff, as a group.
    pub fn staff(&self) -> Group {
        Group {
            attribute: self.attribute.clone(),
            value: self.staff_value.clone(),
        }
    }
}

/// Draws a population.
pub fn population(spec: &PopulationSpec) -> Result<Vec<User>, FlagError> {
    spec.validate()?;
    let mut rng = Rng::new(spec.seed);
    Ok((0..spec.count)
        .map(|n| {
            let staff = rng.next_f64() * 100.0 < spec.staff_percent;
            let value = if staff {
                &spec.staff_value
            } else {
                &spec.external_value
            };
            User::new(user_id(n)).with(spec.attribute.clone(), value.clone())
        })
        .collect())
}

/// The users whose attribute has a value, such as a population's staff.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Group {
    /// The attribute's name.
    pub attribute: String,
    /// The value it must equal.
    pub value: String,
}

impl Group {
    /// Whether a user belongs to the group.
    pub fn contains(&self, user: &User) -> bool {
        user.attributes.get(&self.attribute) == Some(&self.value)
    }
}

/// What a percentage rollout hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Split {
    /// The user's id: the same user always lands in the same bucket.
    UserId,
    /// The session's id: a user gets a new session, so a new bucket, at every stage (day).
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

    /// The id hashed for a user at a stage (0-based): the user's own, or `<id>/session-<stage + 1>`.
    pub fn id(self, user_id: &str, stage: usize) -> Cow<'_, str> {
        match self {
            Split::UserId => Cow::Borrowed(user_id),
            Split::SessionId => Cow::Owned(format!("{user_id}/session-{}", stage + 1)),
        }
    }
}

/// Whether each user gets the feature from `flag` at a stage (0-based), at second 0.
pub fn exposure(flag: &FeatureFlag, users: &[User], split: Split, stage: usize) -> Vec<bool> {
    users
        .iter()
        .map(|u| {
            flag.evaluate_as(&split.id(&u.id, stage), &u.attributes, 0)
                .on
        })
        .collect()
}

/// Who saw the feature at one stage, staff and everyone else counted apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StageExposure {
    /// The flag's rollout percentage.
    pub percent: f64,
    /// Staff in the population.
    pub staff: u32,
    /// Staff who get the feature.
    pub staff_exposed: u32,
    /// Everyone else.
    pub external: u32,
    /// Everyone else who gets the feature.
    pub external_exposed: u32,
}

/// Who gets the feature from `flag` at a stage (0-based).
pub fn stage_exposure(
    flag: &FeatureFlag,
    users: &[User],
    staff: &Group,
    split: Split,
    stage: usize,
) -> StageExposure {
    let mut s = StageExposure {
        percent: flag.rollout_percent,
        ..StageExposure::default()
    };
    for (user, on) in users.iter().zip(exposure(flag, users, split, stage)) {
        let (exposed, total) = if staff.contains(user) {
            (&mut s.staff_exposed, &mut s.staff)
        } else {
            (&mut s.external_exposed, &mut s.external)
        };
        *total += 1;
        *exposed += u32::from(on);
    }
    s
}

/// Users who had the feature at a stage and lost it at the next one although the
/// percentage did not go down, summed over consecutive stages. `stages` holds the flag at
/// each stage, in order.
pub fn stickiness_violations(stages: &[FeatureFlag], users: &[User], split: Split) -> u32 {
    let mut lost = 0;
    let mut before: Option<Vec<bool>> = None;
    for (stage, flag) in stages.iter().enumerate() {
        let after = exposure(flag, users, split, stage);
        if let Some(before) = &before {
            if flag.rollout_percent >= stages[stage - 1].rollout_percent {
                lost += before
                    .iter()
                    .zip(&after)
                    .filter(|(was, is)| **was && !**is)
                    .count() as u32;
            }
        }
        before = Some(after);
    }
    lost
}

/// An incident on the day a flag is live: the minute the feature starts failing, the
/// runbook's time to switch it off, and how long the day is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Incident {
    /// The minute the feature starts failing.
    pub at_minute: u32,
    /// Minutes the runbook allows to switch it off.
    pub respond_within_minutes: u32,
    /// The timeline's length: minute 0 to this one (1 to [`MAX_INCIDENT_MINUTES`]).
    pub duration_minutes: u32,
}

impl Incident {
    /// Checks the length and that the response is due before the end.
    pub fn validate(&self) -> Result<(), FlagError> {
        if !(1..=MAX_INCIDENT_MINUTES).contains(&self.duration_minutes) {
            return Err(FlagError::new(
                "incident.duration_minutes",
                format!(
                    "a timeline lasts 1 to {MAX_INCIDENT_MINUTES} minutes, not {}",
                    self.duration_minutes
                ),
            ));
        }
        let due = self.at_minute.saturating_add(self.respond_within_minutes);
        if due >= self.duration_minutes {
            return Err(FlagError::new(
                "incident.at_minute",
                format!(
                    "the response is due at minute {due}, which must be before the end ({})",
                    self.duration_minutes
                ),
            ));
        }
        Ok(())
    }
}

/// One minute of the incident's day.
#[derive(Debug, Clone, PartialEq)]
pub struct Minute {
    /// The minute, from 0.
    pub minute: u32,
    /// Users who get the feature.
    pub exposed: u32,
    /// The same as a share of the population.
    pub percent: f64,
    /// Whether the kill switch is on.
    pub killed: bool,
}

/// The incident's day: exposure minute by minute.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Minute 0 to the end, both included.
    pub minutes: Vec<Minute>,
    /// The minute the feature starts failing.
    pub incident_minute: u32,
    /// Minutes the runbook allows to switch it off.
    pub respond_within_minutes: u32,
    /// The flag's kill switch, in seconds.
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

    /// Minutes before the incident during which the kill switch had already turned the
    /// feature off.
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

/// The incident's day with `flag` live (its kill switch included) at a stage (0-based):
/// each minute, who gets the feature. Until the kill switch, a user's answer does not
/// change with time, so each user is evaluated once.
pub fn timeline(
    flag: &FeatureFlag,
    users: &[User],
    split: Split,
    stage: usize,
    incident: &Incident,
) -> Result<Timeline, FlagError> {
    incident.validate()?;
    let live = users
        .iter()
        .filter(|u| {
            flag.evaluate_live(&split.id(&u.id, stage), &u.attributes)
                .on
        })
        .count() as u32;
    let total = users.len().max(1) as f64;
    let minutes = (0..=incident.duration_minutes)
        .map(|minute| {
            let killed = !users.is_empty() && flag.is_killed_at(minute.saturating_mul(60));
            let exposed = if killed { 0 } else { live };
            Minute {
                minute,
                exposed,
                percent: f64::from(exposed) / total * 100.0,
                killed,
            }
        })
        .collect();
    Ok(Timeline {
        minutes,
        incident_minute: incident.at_minute,
        respond_within_minutes: incident.respond_within_minutes,
        kill_switch_at_s: flag.kill_switch_at_s,
    })
}
