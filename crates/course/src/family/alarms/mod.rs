//! CloudWatch metric alarms and composite alarms on a telemetry run's metrics, with the SNS
//! notifications they send to an on-call inbox.
//!
//! The workspace holds runs (`[[alarm_run]]`: an id, the lab's scenario file for the
//! simulated shop system — see `family::telemetry` — and the template input holding the
//! learner's alarms: a JSON array of `PutMetricAlarm` and `PutCompositeAlarm` request
//! bodies, read by `engine::alarm::definition`). The worker simulates the run once, evaluates
//! every alarm minute by minute (`engine::alarm`'s M out of N and TreatMissingData rules; a
//! composite's `AlarmRule` by `engine::alarm::composite`) and shows, as the CloudWatch console
//! does, each alarm's state over the run with its metric and threshold, its History tab, and
//! the on-call inbox: one SNS notification per state change into a state whose actions name a
//! topic.
//!
//! Checks grade the outcome, never the text: the alarms are valid (`alarm_valid`); an alarm
//! fires on the incident within a bound and never goes into ALARM outside it
//! (`alarm_fires`); during a quiet window of a sparse metric it is in the state the lab wants
//! (`alarm_missing_data`); the inbox gets at most so many pages over the run and the incident
//! still pages within a bound (`composite_pages`).
//!
//! Simplified: a metric alarm is evaluated at the end of each of its periods (CloudWatch
//! evaluates every minute), metrics have no delay, and only SNS actions are simulated; metric
//! math, anomaly detection and the composite's ActionsSuppressor are refused, not ignored.
#[cfg(feature = "observability")]
mod run;

// The on-call drill's view of this family (the `oncall` family shows it in its workspace).
#[cfg(feature = "observability")]
#[allow(unused_imports)]
pub(crate) use run::{first_alarm_s, inbox_blocks, subject};

use engine::telemetry::Scenario;
use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Runs>;
/// A check of this family, sealed.
pub type Check = Sealed<AlarmsCheck>;

/// The runs a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Runs {
    pub runs: Vec<RunDef>,
}

impl Runs {
    pub fn get(&self, id: &str) -> Option<&RunDef> {
        self.runs.iter().find(|r| r.id == id)
    }
}

/// A run of the simulated system and where the learner's alarms are read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunDef {
    pub id: String,
    /// The template input holding the alarms (a JSON array).
    pub input: String,
    pub scenario: Scenario,
}

/// A check of the learner's alarms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AlarmsCheck {
    Valid(ValidCheck),
    Fires(FiresCheck),
    MissingData(MissingDataCheck),
    Pages(PagesCheck),
}

/// `alarm_valid`: every alarm is accepted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
    pub run: String,
}

/// `alarm_fires`: the alarm goes into ALARM within `within_minutes` of the incident's start
/// and never outside `incident` (minutes from the run's start, end excluded).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiresCheck {
    pub input: String,
    pub run: String,
    pub alarm: String,
    pub incident: [u32; 2],
    pub within_minutes: u32,
}

/// `alarm_missing_data`: every minute of `window` the alarm is in `state`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissingDataCheck {
    pub input: String,
    pub run: String,
    pub alarm: String,
    pub window: [u32; 2],
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    pub state: String,
}

/// `composite_pages`: at most `at_most` notifications into ALARM over the run, and one
/// within `within_minutes` of the incident's start.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagesCheck {
    pub input: String,
    pub run: String,
    pub at_most: u32,
    pub incident: [u32; 2],
    pub within_minutes: u32,
}

impl AlarmsCheck {
    pub fn input(&self) -> &str {
        match self {
            AlarmsCheck::Valid(c) => &c.input,
            AlarmsCheck::Fires(c) => &c.input,
            AlarmsCheck::MissingData(c) => &c.input,
            AlarmsCheck::Pages(c) => &c.input,
        }
    }

    pub fn run(&self) -> &str {
        match self {
            AlarmsCheck::Valid(c) => &c.run,
            AlarmsCheck::Fires(c) => &c.run,
            AlarmsCheck::MissingData(c) => &c.run,
            AlarmsCheck::Pages(c) => &c.run,
        }
    }
}

pub const KINDS: &[&str] = &[
    "alarm_valid",
    "alarm_fires",
    "alarm_missing_data",
    "composite_pages",
];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunSpec {
    id: String,
    scenario: String,
    input: String,
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["alarm_run"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _section: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        let mut runs = items.open().unwrap_or_default();
        let Some(specs) = problems.read::<Vec<RunSpec>>(value) else {
            return;
        };
        for spec in specs {
            if runs.get(&spec.id).is_some() {
                problems.complain(format!("alarm_run \"{}\" is used twice", spec.id));
            }
            let Some(scenario) = super::telemetry::load_scenario(&spec.scenario, files, problems)
            else {
                continue;
            };
            runs.runs.push(RunDef {
                id: spec.id,
                input: spec.input,
                scenario,
            });
        }
        *items = Sealed::seal(&runs);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        let check = match kind {
            "alarm_valid" => AlarmsCheck::Valid(ValidCheck::deserialize(body)?),
            "alarm_fires" => AlarmsCheck::Fires(FiresCheck::deserialize(body)?),
            "alarm_missing_data" => AlarmsCheck::MissingData(MissingDataCheck::deserialize(body)?),
            _ => AlarmsCheck::Pages(PagesCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let runs = lab.workspace.alarms.open().unwrap_or_default();
        let Some(run) = runs.get(check.run()) else {
            return vec![format!("there is no alarm_run \"{}\"", check.run())];
        };
        let mut problems = Vec::new();
        if run.input != check.input() {
            problems.push(format!(
                "alarm_run \"{}\" reads its alarms from input \"{}\", not \"{}\"",
                run.id,
                run.input,
                check.input()
            ));
        }
        let minutes = run.scenario.duration_s / 60;
        let span = |[a, b]: [u32; 2], what: &str, problems: &mut Vec<String>| {
            if a >= b || b > minutes {
                problems.push(format!(
                    "{what} = [{a}, {b}] is not a span of minutes within the run's {minutes}"
                ));
            }
        };
        match &check {
            AlarmsCheck::Valid(_) => {}
            AlarmsCheck::Fires(c) => span(c.incident, "incident", &mut problems),
            AlarmsCheck::Pages(c) => span(c.incident, "incident", &mut problems),
            AlarmsCheck::MissingData(c) => {
                span(c.window, "window", &mut problems);
                if !["OK", "ALARM", "INSUFFICIENT_DATA"].contains(&c.state.as_str()) {
                    problems.push(format!(
                        "state = \"{}\": expected OK, ALARM or INSUFFICIENT_DATA",
                        c.state
                    ));
                }
            }
        }
        problems
    }

    super::worker_family!("observability", alarms, "alarm runs");
}
