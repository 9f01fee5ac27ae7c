//! On call: an incident drill on the simulated shop system and the blameless postmortem
//! written after it.
//!
//! **The drill** (`[[drill]]`): a telemetry scenario with a fault and no mitigation
//! (`family::telemetry`), the team's alarm that pages (a CloudWatch metric alarm with an SNS
//! topic in its actions) and the text input the workspace's buttons write to. The learner's
//! answer is a script of what the on-call engineer did, one action a line (`ack`,
//! `dashboard`, `logs`, `traces`, `wait 5`, `rollback orders`, `flag-off new-checkout`,
//! `scale-out web 8`, `raise-limit payments 100`), replayed on a simulated clock that starts
//! when the page is sent: each action takes a fixed time (`drill::MINUTES`), and each
//! mitigation is applied to the run at its moment, so the simulation honours it. The run
//! then says when the fault ended and when the alarm went back to OK, which give the time to
//! detect, to acknowledge and to restore. `drill_restored` grades that the fault ended by one
//! of the learner's actions and the alarm is OK again; `drill_time` bounds one of the times
//! (`ttd`, `tta`, `ttr`) or the needless mitigations; the root cause is a choice check.
//!
//! **The postmortem** (`[[postmortem]]`): the same kind of incident, mitigated at a fixed
//! time (the scenario's own `[[mitigation]]`), and the Markdown input the learner writes the
//! postmortem in. `postmortem` checks grade one part each: its sections, the facts that must
//! match the run (start, detection and restore times, failed requests, the cause's words), its
//! action items (each with an owner and a type), and blameless wording (simple phrase rules in
//! English and Vietnamese, said so in the lab).
//!
//! The engines stay out of the app's first load: items and checks travel sealed, and the
//! worker grades them and builds the panel.
#[cfg(feature = "observability")]
mod drill;
pub mod postmortem;
#[cfg(feature = "observability")]
mod run;
#[cfg(all(test, feature = "files"))]
mod tests;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<OnCall>;
/// A check of this family, sealed.
pub type Check = Sealed<OnCallCheck>;

/// A lab's drills and postmortems.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OnCall {
    pub drills: Vec<Drill>,
    pub postmortems: Vec<Postmortem>,
}

impl OnCall {
    pub fn drill(&self, id: &str) -> Option<&Drill> {
        self.drills.iter().find(|d| d.id == id)
    }

    pub fn postmortem(&self, id: &str) -> Option<&Postmortem> {
        self.postmortems.iter().find(|d| d.id == id)
    }
}

/// The alarm that pages: a CloudWatch metric alarm on one of the run's metrics, with an SNS
/// topic in its `AlarmActions` (and `OKActions`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingAlarm {
    /// `AlarmName`.
    pub name: String,
    pub namespace: String,
    /// `MetricName`.
    pub metric: String,
    /// The value of one of its dimensions (the load balancer, a function, a database).
    pub dimension: String,
    /// `Average`, `Sum`, `Maximum`, `Minimum`, `SampleCount` or `pNN`.
    pub statistic: String,
    pub threshold: f64,
    /// `GreaterThanThreshold` and the other `ComparisonOperator`s.
    pub comparison: String,
    pub evaluation_periods: u32,
    #[serde(default)]
    pub datapoints_to_alarm: Option<u32>,
    /// `missing` (the default), `notBreaching`, `breaching`, `ignore`.
    #[serde(default = "missing")]
    pub treat_missing_data: String,
    /// The SNS topic's ARN.
    pub topic: String,
}

fn missing() -> String {
    "missing".into()
}

/// An incident drill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Drill {
    pub id: String,
    pub scenario: engine::telemetry::Scenario,
    pub alarm: PagingAlarm,
    /// The text input the buttons write to (the script).
    pub input: String,
    /// The Logs Insights query input and the X-Ray filter input the workspace runs, if any.
    pub logs_input: Option<String>,
    pub traces_input: Option<String>,
    /// The log groups the Logs Insights console offers.
    pub log_groups: Vec<String>,
    /// The team's dashboard body (CloudWatch's JSON), shown when the learner opens it.
    pub dashboard: Option<String>,
}

/// An incident to write up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Postmortem {
    pub id: String,
    pub scenario: engine::telemetry::Scenario,
    pub alarm: PagingAlarm,
    /// The time the on-call engineer acknowledged the page, minutes after it.
    pub ack_after_minutes: u32,
    /// The Markdown input the postmortem is written in.
    pub input: String,
    /// Words the root cause must name: every group, one word of each (any case).
    pub cause: Vec<Vec<String>>,
}

/// A check of this family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OnCallCheck {
    Restored(RestoredCheck),
    Time(TimeCheck),
    Postmortem(PostmortemCheck),
}

/// `drill_restored`: the learner's actions ended the fault and the alarm is OK again.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestoredCheck {
    pub drill: String,
}

/// What a `drill_time` check bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DrillMeasure {
    /// Time to detect: from the fault's start to the page, minutes.
    Ttd,
    /// Time to acknowledge: from the page to `ack`, minutes.
    Tta,
    /// Time to restore: from the fault's start to the alarm's OK, minutes.
    Ttr,
    /// Mitigations that ended no fault.
    Needless,
}

/// `drill_time`: one of the drill's times (or the needless mitigations) at most a bound.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeCheck {
    pub drill: String,
    pub measure: DrillMeasure,
    pub at_most: f64,
}

/// The parts of a postmortem a `postmortem` check grades.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Sections,
    Facts,
    Actions,
    Blameless,
}

/// `postmortem`: one part of the learner's postmortem.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostmortemCheck {
    pub postmortem: String,
    pub part: Part,
}

pub const KINDS: &[&str] = &["drill_restored", "drill_time", "postmortem"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DrillSpec {
    id: String,
    scenario: String,
    alarm: PagingAlarm,
    input: String,
    #[serde(default)]
    logs_input: Option<String>,
    #[serde(default)]
    traces_input: Option<String>,
    #[serde(default)]
    log_groups: Vec<String>,
    /// A file of the lab folder: the team's dashboard body.
    #[serde(default)]
    dashboard: Option<String>,
}

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostmortemSpec {
    id: String,
    scenario: String,
    alarm: PagingAlarm,
    #[serde(default = "two")]
    ack_after_minutes: u32,
    input: String,
    cause: Vec<Vec<String>>,
}

#[cfg(feature = "files")]
fn two() -> u32 {
    2
}

impl OnCallCheck {
    fn item(&self) -> &str {
        match self {
            OnCallCheck::Restored(c) => &c.drill,
            OnCallCheck::Time(c) => &c.drill,
            OnCallCheck::Postmortem(c) => &c.postmortem,
        }
    }
}

/// What is wrong with an alarm's settings, for the lab's author.
#[cfg(feature = "files")]
fn alarm_problems(a: &PagingAlarm) -> Vec<String> {
    let mut out = Vec::new();
    if statistic(&a.statistic).is_none() {
        out.push(format!(
            "alarm \"{}\": statistic \"{}\" is not Average, Sum, Minimum, Maximum, SampleCount or pNN",
            a.name, a.statistic
        ));
    }
    if comparison(&a.comparison).is_none() {
        out.push(format!(
            "alarm \"{}\": comparison \"{}\" is not a ComparisonOperator",
            a.name, a.comparison
        ));
    }
    if treat_missing(&a.treat_missing_data).is_none() {
        out.push(format!(
            "alarm \"{}\": treat_missing_data \"{}\" is not missing, notBreaching, breaching or ignore",
            a.name, a.treat_missing_data
        ));
    }
    out
}

/// A statistic's name read as the engine's.
#[cfg(any(feature = "files", feature = "observability"))]
pub(crate) fn statistic(s: &str) -> Option<engine::alarm::Statistic> {
    use engine::alarm::Statistic;
    Some(match s {
        "Average" => Statistic::Average,
        "Sum" => Statistic::Sum,
        "Minimum" => Statistic::Minimum,
        "Maximum" => Statistic::Maximum,
        "SampleCount" => Statistic::SampleCount,
        p => {
            let v: f64 = p.strip_prefix('p')?.parse().ok()?;
            if !(v > 0.0 && v < 100.0) {
                return None;
            }
            Statistic::Percentile(v)
        }
    })
}

#[cfg(any(feature = "files", feature = "observability"))]
pub(crate) fn comparison(s: &str) -> Option<engine::alarm::ComparisonOperator> {
    use engine::alarm::ComparisonOperator as C;
    Some(match s {
        "GreaterThanThreshold" => C::GreaterThanThreshold,
        "GreaterThanOrEqualToThreshold" => C::GreaterThanOrEqualToThreshold,
        "LessThanThreshold" => C::LessThanThreshold,
        "LessThanOrEqualToThreshold" => C::LessThanOrEqualToThreshold,
        _ => return None,
    })
}

#[cfg(any(feature = "files", feature = "observability"))]
pub(crate) fn treat_missing(s: &str) -> Option<engine::alarm::TreatMissingData> {
    use engine::alarm::TreatMissingData as T;
    Some(match s {
        "missing" => T::Missing,
        "notBreaching" => T::NotBreaching,
        "breaching" => T::Breaching,
        "ignore" => T::Ignore,
        _ => return None,
    })
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["drill", "postmortem"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        section: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        use crate::family::telemetry::load_scenario;
        let mut all = items.open().unwrap_or_default();
        if section == "drill" {
            let Some(specs) = problems.read::<Vec<DrillSpec>>(value) else {
                return;
            };
            for d in specs {
                if all.drill(&d.id).is_some() {
                    problems.complain(format!("drill \"{}\" is used twice", d.id));
                }
                for p in alarm_problems(&d.alarm) {
                    problems.complain(format!("drill \"{}\": {p}", d.id));
                }
                let Some(scenario) = load_scenario(&d.scenario, files, problems) else {
                    continue;
                };
                if scenario.faults.is_empty() || !scenario.mitigations.is_empty() {
                    problems.complain(format!(
                        "drill \"{}\": its scenario has a fault and no mitigation (the learner's actions are the mitigations)",
                        d.id
                    ));
                }
                let dashboard = match &d.dashboard {
                    Some(f) => match files.get(f) {
                        Some(text) => Some(text.clone()),
                        None => {
                            problems.complain(format!(
                                "drill \"{}\": the dashboard \"{f}\" is not in the lab folder",
                                d.id
                            ));
                            None
                        }
                    },
                    None => None,
                };
                all.drills.push(Drill {
                    dashboard,
                    id: d.id,
                    scenario,
                    alarm: d.alarm,
                    input: d.input,
                    logs_input: d.logs_input,
                    traces_input: d.traces_input,
                    log_groups: d.log_groups,
                });
            }
        } else {
            let Some(specs) = problems.read::<Vec<PostmortemSpec>>(value) else {
                return;
            };
            for p in specs {
                if all.postmortem(&p.id).is_some() {
                    problems.complain(format!("postmortem \"{}\" is used twice", p.id));
                }
                for e in alarm_problems(&p.alarm) {
                    problems.complain(format!("postmortem \"{}\": {e}", p.id));
                }
                let Some(scenario) = load_scenario(&p.scenario, files, problems) else {
                    continue;
                };
                if scenario.faults.is_empty() || scenario.mitigations.is_empty() {
                    problems.complain(format!(
                        "postmortem \"{}\": its scenario has a fault and the mitigation that ended it",
                        p.id
                    ));
                }
                if p.cause.is_empty() || p.cause.iter().any(|g| g.is_empty()) {
                    problems.complain(format!(
                        "postmortem \"{}\": cause is a list of groups of words, none empty",
                        p.id
                    ));
                }
                all.postmortems.push(Postmortem {
                    id: p.id,
                    scenario,
                    alarm: p.alarm,
                    ack_after_minutes: p.ack_after_minutes,
                    input: p.input,
                    cause: p.cause,
                });
            }
        }
        *items = Sealed::seal(&all);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        let check = match kind {
            "drill_restored" => OnCallCheck::Restored(RestoredCheck::deserialize(body)?),
            "drill_time" => OnCallCheck::Time(TimeCheck::deserialize(body)?),
            _ => OnCallCheck::Postmortem(PostmortemCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.oncall.open().unwrap_or_default();
        let found = match &check {
            OnCallCheck::Postmortem(_) => all.postmortem(check.item()).is_some(),
            _ => all.drill(check.item()).is_some(),
        };
        let mut problems = Vec::new();
        if !found {
            problems.push(format!(
                "there is no drill or postmortem \"{}\"",
                check.item()
            ));
        }
        if let OnCallCheck::Time(t) = &check {
            if !(t.at_most.is_finite() && t.at_most >= 0.0) {
                problems.push("at_most is a number of minutes, 0 or more".into());
            }
        }
        problems
    }

    super::worker_family!("observability", oncall, "drills and postmortems");
}
