//! CloudWatch Logs Insights as a lab workspace: the learner writes queries over a telemetry
//! run's log groups, and the checks grade what the queries **return**.
//!
//! The workspace holds consoles (`[[logs_insights]]`): each is the Logs Insights page with
//! its log groups selected and its time range set, over the run a scenario file of the lab
//! describes (`family::telemetry`), and the query inputs typed into it (template inputs: a
//! query editor each). Groups are named as the telemetry engine names them: `/ecs/<service>`,
//! `/aws/lambda/<function>` and `alb-access-logs/<load balancer>` (`alb-access-logs/shop-alb`
//! for the default system). The time range is given in minutes of the run and shown as the
//! run's wall clock.
//!
//! Checks: `insights_query_valid` (the query parses and passes Logs Insights' checks) and
//! `insights_result` (the query's result against the result of a reference query written in
//! lab.toml, run on the same console: same groups, same range). Results are compared by
//! **position**, not by column name, so `stats count(*) as n by err` and `stats count() by
//! err` give the same result: the leading key columns (the reference's `stats … by` columns,
//! or `keys = N`) are compared exactly, the other columns as numbers within
//! `tolerance_percent`. `match` says how much must agree: `top` (the first row), `rows` (the
//! rows as a set, by their keys) or `ordered` (the same rows in the same order).
//!
//! Facts the lab's hints cite (read 2026-11-30): AWS's sample queries "Find the 25 most
//! recently added log events" (`fields @timestamp, @message | sort @timestamp desc | limit
//! 25`) and Lambda latency per 5 minutes (`filter @type = "REPORT" | stats avg(@duration),
//! max(@duration), min(@duration) by bin(5m)`), as the CloudWatch Logs sample queries and
//! https://serverlessland.com/snippets/cloudwatch-insight-recently-added-logs give them; the
//! glob parse example `parse @message "user=*, method:*, latency := *" as @user, @method,
//! @latency` and named groups for regular expressions,
//! https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Parse.html; the
//! ALB access log's fields in order,
//! https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html.
//!
//! Simplifications: the console's query editor is a plain text input (no autocomplete, no
//! field list); a console's log groups and range are fixed by the lab rather than picked;
//! the engine's own (see `engine::logs`).
#[cfg(feature = "observability")]
mod run;

/// A result cell as the command line's `query` prints it.
#[cfg(all(feature = "observability", feature = "files"))]
pub(crate) use run::cell_text as cell;
/// The console for the on-call drill (the `oncall` family).
#[cfg(feature = "observability")]
pub(crate) use run::console_blocks;

use engine::telemetry::Scenario;
use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Consoles>;
/// A check of this family, sealed.
pub type Check = Sealed<InsightsCheck>;

/// The Logs Insights consoles a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Consoles {
    pub consoles: Vec<Console>,
}

impl Consoles {
    pub fn get(&self, id: &str) -> Option<&Console> {
        self.consoles.iter().find(|c| c.id == id)
    }
}

/// One Logs Insights page: a run, the log groups selected, the time range, the queries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Console {
    pub id: String,
    /// The scenario file's name, and the run it describes.
    pub scenario_file: String,
    pub scenario: Scenario,
    /// The log groups selected, as the telemetry engine names them.
    pub groups: Vec<String>,
    /// The time range, seconds of the run: `[from_s, to_s)`.
    pub from_s: u32,
    pub to_s: u32,
    /// The query inputs typed into this console.
    pub inputs: Vec<String>,
}

/// How much of the learner's result must agree with the reference's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Match {
    /// The first row: its keys equal, its numbers within the tolerance.
    #[default]
    Top,
    /// The rows as a set, found by their keys.
    Rows,
    /// The same rows in the same order.
    Ordered,
}

/// A check of a query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum InsightsCheck {
    Valid(ValidCheck),
    Result(ResultCheck),
}

/// `insights_query_valid`: the query parses and passes Logs Insights' checks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
    pub console: String,
}

/// `insights_result`: the query's result agrees with a reference query's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultCheck {
    pub input: String,
    pub console: String,
    /// The reference query, run on the same console.
    pub reference: String,
    #[serde(default, rename = "match")]
    pub how: Match,
    /// The leading key columns (compared exactly); default: the reference's `stats … by`
    /// columns (none when it has no stats).
    #[serde(default)]
    pub keys: Option<usize>,
    /// How far a number may be from the reference's, percent of the reference's (0: equal).
    #[serde(default)]
    pub tolerance_percent: f64,
}

impl InsightsCheck {
    pub fn input(&self) -> &str {
        match self {
            InsightsCheck::Valid(c) => &c.input,
            InsightsCheck::Result(c) => &c.input,
        }
    }

    pub fn console(&self) -> &str {
        match self {
            InsightsCheck::Valid(c) => &c.console,
            InsightsCheck::Result(c) => &c.console,
        }
    }
}

pub const KINDS: &[&str] = &["insights_query_valid", "insights_result"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsoleSpec {
    id: String,
    scenario: String,
    groups: Vec<String>,
    #[serde(default)]
    from_minute: u32,
    #[serde(default)]
    to_minute: Option<u32>,
    inputs: Vec<String>,
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["logs_insights"];
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
        let Some(specs) = problems.read::<Vec<ConsoleSpec>>(value) else {
            return;
        };
        for s in specs {
            if all.get(&s.id).is_some() {
                problems.complain(format!("two logs_insights consoles are named \"{}\"", s.id));
            }
            let Some(scenario) = super::telemetry::load_scenario(&s.scenario, files, problems)
            else {
                continue;
            };
            let (from_s, to_s) =
                match super::telemetry::window(&scenario, s.from_minute, s.to_minute) {
                    Ok(w) => w,
                    Err(e) => {
                        problems.complain(format!("console \"{}\": {e}", s.id));
                        (0, scenario.duration_s)
                    }
                };
            if s.groups.is_empty() || s.inputs.is_empty() {
                problems.complain(format!(
                    "console \"{}\" selects at least one log group and reads at least one query input",
                    s.id
                ));
            }
            all.consoles.push(Console {
                id: s.id,
                scenario_file: s.scenario,
                scenario,
                groups: s.groups,
                from_s,
                to_s,
                inputs: s.inputs,
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
            "insights_query_valid" => InsightsCheck::Valid(ValidCheck::deserialize(body)?),
            _ => InsightsCheck::Result(ResultCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.insights.open().unwrap_or_default();
        let Some(c) = all.get(check.console()) else {
            return vec![format!(
                "there is no logs_insights console \"{}\"",
                check.console()
            )];
        };
        let mut problems = Vec::new();
        if !c.inputs.iter().any(|i| i == check.input()) {
            problems.push(format!(
                "console \"{}\" reads no query from input \"{}\" (it reads {})",
                c.id,
                check.input(),
                c.inputs.join(", ")
            ));
        }
        if let InsightsCheck::Result(r) = &check {
            if !(r.tolerance_percent.is_finite() && (0.0..=100.0).contains(&r.tolerance_percent)) {
                problems.push("tolerance_percent is from 0 to 100".into());
            }
            #[cfg(feature = "observability")]
            problems.extend(run::validate_reference(r, c));
        }
        problems
    }

    super::worker_family!("observability", insights, "consoles");
}
