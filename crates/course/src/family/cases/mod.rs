//! Case studies: a company's DevOps transformation as six decisions (branching strategy,
//! pipeline, deployment strategy, infrastructure as code, compute platform, observability and
//! on-call), each simulated with the engines that exist so the learner sees what follows:
//! thirteen weeks of deliveries as a DORA event log (`engine::dora::four_keys`), one bad
//! release under the chosen deployment strategy and deployment group
//! (`engine::deploy::simulate`), and the month's compute bill (`engine::rollout::monthly_cost`).
//!
//! The workspace holds case studies (`[[case_study]]`: the company's team, changes a week,
//! traffic, budget and share of changes that would break production untested, its services
//! sized as the platforms family sizes them, and its goals, each a bound on one simulated
//! measure). The decisions are the lab's six single-choice inputs named `branching`,
//! `pipeline`, `deployment`, `iac`, `compute` and `observability`, whose options are ids of
//! [`DECISIONS`]. A `case_goal` check passes when the simulation of the learner's decisions
//! meets one goal; decisions the story forces are the common family's `choice` checks.
//!
//! The engines stay out of the app's first load: the items and checks travel sealed and the
//! worker grades them and builds the panel (see `crate::sealed`).
#[cfg(feature = "cases")]
mod run;

use serde::{Deserialize, Serialize};

use super::platforms::ServiceDef;
use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Cases>;
/// A check of this family, sealed.
pub type Check = Sealed<CasesCheck>;

/// The six decisions (each the id of the lab's input that holds it) and the ids of their
/// options, in the order the story asks them.
pub const DECISIONS: &[(&str, &[&str])] = &[
    ("branching", &["trunk-based", "github-flow", "gitflow"]),
    ("pipeline", &["manual", "ci-only", "cd", "cd-approval"]),
    (
        "deployment",
        &["all-at-once", "rolling", "blue-green", "canary"],
    ),
    ("iac", &["console", "cloudformation", "cdk"]),
    (
        "compute",
        &["ecs-fargate", "eks-fargate", "eks-ec2", "app-runner"],
    ),
    ("observability", &["none", "logs", "alarms", "full"]),
];

/// The case studies a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cases {
    pub cases: Vec<Case>,
}

impl Cases {
    pub fn get(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id == id)
    }
}

/// One company, its workload and its goals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub id: String,
    pub title: String,
    pub engineers: u32,
    /// Commits to the main line a week.
    pub changes_per_week: u32,
    /// Requests per second, held all month.
    pub traffic_rps: u32,
    /// Tasks or pods serving production: the bad release's fleet.
    pub tasks: u32,
    /// Dollars a month for compute.
    pub budget: f64,
    /// The share of changes, in percent, that would break production if nothing tested them.
    pub defect_percent: f64,
    pub seed: u64,
    pub services: Vec<ServiceDef>,
    pub goals: Vec<Goal>,
}

impl Case {
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }
}

/// A bound on one simulated measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub id: String,
    pub metric: Metric,
    #[serde(default)]
    pub at_least: Option<f64>,
    #[serde(default)]
    pub at_most: Option<f64>,
    /// The goal in the company's words.
    pub label: String,
}

impl Goal {
    /// Whether `value` meets the goal.
    pub fn met(&self, value: f64) -> bool {
        self.at_least.is_none_or(|b| value >= b) && self.at_most.is_none_or(|b| value <= b)
    }
}

/// What a goal bounds: DORA's five metrics over the thirteen weeks, the month's compute
/// bill, and the share of requests one bad release fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    DeploymentsPerWeek,
    LeadTimeHours,
    ChangeFailRatePercent,
    RecoveryTimeHours,
    ReworkRatePercent,
    MonthlyCost,
    FailedRequestsPercent,
}

/// `case_goal`: the simulation of the learner's six decisions meets one goal of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasesCheck {
    pub case: String,
    pub goal: String,
}

pub const KINDS: &[&str] = &["case_goal"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseSpec {
    id: String,
    title: String,
    engineers: u32,
    changes_per_week: u32,
    traffic_rps: u32,
    tasks: u32,
    budget: f64,
    defect_percent: f64,
    seed: u64,
    service: Vec<ServiceDef>,
    goal: Vec<Goal>,
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["case_study"];
    const KINDS: &'static [&'static str] = KINDS;

    #[cfg(feature = "files")]
    fn load(
        items: &mut Items,
        _section: &str,
        value: crate::load::Section<'_>,
        _files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) {
        let mut all = items.open().unwrap_or_default();
        let Some(specs) = problems.read::<Vec<CaseSpec>>(value) else {
            return;
        };
        for c in specs {
            if all.get(&c.id).is_some() {
                problems.complain(format!("case study \"{}\" is used twice", c.id));
            }
            let counts = [c.engineers, c.changes_per_week, c.traffic_rps, c.tasks];
            if counts.contains(&0) || c.changes_per_week > 1_000 || c.tasks > 500 {
                problems.complain(format!(
                    "case study \"{}\": engineers, changes_per_week (at most 1,000), traffic_rps and tasks (at most 500) are above 0",
                    c.id
                ));
            }
            let budget_ok = c.budget.is_finite() && c.budget > 0.0;
            let defects_ok = (0.0..=100.0).contains(&c.defect_percent);
            if !(budget_ok && defects_ok) {
                problems.complain(format!(
                    "case study \"{}\": budget is dollars above 0 and defect_percent a percentage",
                    c.id
                ));
            }
            if c.service.is_empty() {
                problems.complain(format!("case study \"{}\" has no service", c.id));
            }
            for g in &c.goal {
                if g.at_least.is_none() == g.at_most.is_none() {
                    problems.complain(format!(
                        "case study \"{}\", goal \"{}\": give at_least or at_most, one of them",
                        c.id, g.id
                    ));
                }
                if c.goal.iter().filter(|o| o.id == g.id).count() > 1 {
                    problems.complain(format!(
                        "case study \"{}\": goal \"{}\" is used twice",
                        c.id, g.id
                    ));
                }
            }
            all.cases.push(Case {
                id: c.id,
                title: c.title,
                engineers: c.engineers,
                changes_per_week: c.changes_per_week,
                traffic_rps: c.traffic_rps,
                tasks: c.tasks,
                budget: c.budget,
                defect_percent: c.defect_percent,
                seed: c.seed,
                services: c.service,
                goals: c.goal,
            });
        }
        *items = Sealed::seal(&all);
    }

    #[cfg(feature = "files")]
    fn parse_check(
        _kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Check, crate::load::BodyError> {
        Ok(Sealed::seal(&CasesCheck::deserialize(body)?))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.cases.open().unwrap_or_default();
        match all.get(&check.case) {
            None => vec![format!("there is no case study \"{}\"", check.case)],
            Some(c) if c.goal(&check.goal).is_none() => vec![format!(
                "case study \"{}\" has no goal \"{}\"",
                c.id, check.goal
            )],
            Some(_) => Vec::new(),
        }
    }

    super::worker_family!("cases", cases, "case studies");
}

#[cfg(feature = "cases")]
/// The lab's decision inputs that are missing or offer options outside [`DECISIONS`].
pub(crate) fn decision_problems(lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, vocabulary) in DECISIONS {
        match lab.input(id).map(|i| &i.kind) {
            Some(crate::lab::InputKind::Choice {
                options,
                multiple: false,
            }) => {
                for o in options {
                    if !vocabulary.contains(&o.id.as_str()) {
                        problems.push(format!(
                            "option \"{}\" of input \"{id}\" is not one of {}",
                            o.id,
                            vocabulary.join(", ")
                        ));
                    }
                }
            }
            _ => problems.push(format!(
                "a case study reads its decision \"{id}\" from a single choice input of that id"
            )),
        }
    }
    problems
}

#[cfg(feature = "cases")]
/// The learner's six decisions, in [`DECISIONS`]' order; `None` for each not made yet.
pub(crate) fn decisions(answers: &Answers) -> [Option<String>; 6] {
    std::array::from_fn(|k| {
        answers
            .get(DECISIONS[k].0)
            .and_then(|a| a.choices().into_iter().next())
            .filter(|c| DECISIONS[k].1.contains(&c.as_str()))
    })
}
