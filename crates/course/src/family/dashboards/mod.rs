//! CloudWatch metrics and dashboards over a simulated telemetry run: the learner writes a
//! dashboard body (the JSON `PutDashboard` takes, in a template input) or builds it with the
//! panel's buttons, and the panel draws it as the CloudWatch console would, widget by widget
//! on the 24-column grid, from the scenario's metrics (`engine::cloudwatch`).
//!
//! The workspace holds dashboards (`[[dashboard]]`): an id, the input holding the body, the
//! scenario file (`family::telemetry`), and the range drawn (`from_minute`, `to_minute`).
//! Checks grade what the dashboard draws, never its text: `dashboard_valid` (the body has
//! no error and draws at least one series), `dashboard_signals` (the four golden signals of
//! a service, decided from the resolved series' namespace, metric, dimensions and statistic;
//! optionally that a drawn series moves during the scenario's first fault).
//!
//! Simplified drawing: a single value (also gauge, pie and table views) is a line of text
//! with its unit, not the console's big number or chart; colours only tell a widget's lines
//! apart; log, alarm, explorer and custom widgets show their title, not their content.
//!
//! The engines stay out of the app's first load: the items and checks travel sealed and the
//! worker grades them and builds the panel (see `crate::sealed`).
#[cfg(feature = "observability")]
mod builder;
#[cfg(feature = "observability")]
pub(crate) mod run;

use engine::telemetry::Scenario;
use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Dashboards>;
/// A check of this family, sealed.
pub type Check = Sealed<DashboardCheck>;

/// The dashboards a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dashboards {
    pub dashboards: Vec<DashboardDef>,
}

impl Dashboards {
    pub fn get(&self, id: &str) -> Option<&DashboardDef> {
        self.dashboards.iter().find(|d| d.id == id)
    }
}

/// A dashboard over a scenario's run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardDef {
    /// The dashboard's name (`DashboardName`).
    pub id: String,
    /// The template input holding the body.
    pub input: String,
    pub scenario: Scenario,
    /// The range drawn, seconds from the run's start.
    pub from_s: u32,
    pub to_s: u32,
}

/// The four golden signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    Latency,
    Traffic,
    Errors,
    Saturation,
}

impl Signal {
    pub const ALL: [Signal; 4] = [
        Signal::Latency,
        Signal::Traffic,
        Signal::Errors,
        Signal::Saturation,
    ];
}

/// A check of the learner's dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DashboardCheck {
    Valid(ValidCheck),
    Signals(SignalsCheck),
}

/// `dashboard_valid`: the body has no error and draws at least one series.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
    pub dashboard: String,
}

/// `dashboard_signals`: the dashboard shows the golden signals of a service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalsCheck {
    pub input: String,
    pub dashboard: String,
    /// The service whose signals it shows (the system's front service by default).
    #[serde(default)]
    pub service: Option<String>,
    /// Which signals are needed (all four by default).
    #[serde(default = "all_signals")]
    pub signals: Vec<Signal>,
    /// A drawn series moves during the scenario's first fault.
    #[serde(default)]
    pub incident: bool,
}

fn all_signals() -> Vec<Signal> {
    Signal::ALL.to_vec()
}

impl DashboardCheck {
    pub fn input(&self) -> &str {
        match self {
            DashboardCheck::Valid(c) => &c.input,
            DashboardCheck::Signals(c) => &c.input,
        }
    }

    pub fn dashboard(&self) -> &str {
        match self {
            DashboardCheck::Valid(c) => &c.dashboard,
            DashboardCheck::Signals(c) => &c.dashboard,
        }
    }
}

pub const KINDS: &[&str] = &["dashboard_valid", "dashboard_signals"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DashboardSpec {
    id: String,
    input: String,
    scenario: String,
    #[serde(default)]
    from_minute: u32,
    #[serde(default)]
    to_minute: Option<u32>,
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["dashboard"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _section: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        let mut all = items.open().unwrap_or_default();
        let Some(specs) = problems.read::<Vec<DashboardSpec>>(value) else {
            return;
        };
        for s in specs {
            if all.get(&s.id).is_some() {
                problems.complain(format!("dashboard \"{}\" is declared twice", s.id));
            }
            let Some(scenario) = super::telemetry::load_scenario(&s.scenario, files, problems)
            else {
                continue;
            };
            let (from_s, to_s) =
                match super::telemetry::window(&scenario, s.from_minute, s.to_minute) {
                    Ok(w) => w,
                    Err(e) => {
                        problems.complain(format!("dashboard \"{}\": {e}", s.id));
                        continue;
                    }
                };
            all.dashboards.push(DashboardDef {
                id: s.id,
                input: s.input,
                scenario,
                from_s,
                to_s,
            });
        }
        *items = Sealed::seal(&all);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        let check = match kind {
            "dashboard_valid" => DashboardCheck::Valid(ValidCheck::deserialize(body)?),
            _ => DashboardCheck::Signals(SignalsCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.dashboards.open().unwrap_or_default();
        let Some(d) = all.get(check.dashboard()) else {
            return vec![format!("there is no dashboard \"{}\"", check.dashboard())];
        };
        let mut problems = Vec::new();
        if d.input != check.input() {
            problems.push(format!(
                "dashboard \"{}\" reads input \"{}\", not \"{}\"",
                d.id,
                d.input,
                check.input()
            ));
        }
        if let DashboardCheck::Signals(c) = &check {
            if c.signals.is_empty() && !c.incident {
                problems.push("a dashboard_signals check names signals or incident".into());
            }
            if let Some(s) = &c.service {
                if !d.scenario.system.services.iter().any(|x| &x.name == s) {
                    problems.push(format!("the scenario has no service \"{s}\""));
                }
            }
            if c.incident && d.scenario.faults.is_empty() {
                problems.push("incident = true needs a fault in the scenario".into());
            }
        }
        problems
    }

    super::worker_family!("observability", dashboards, "dashboards");
}
