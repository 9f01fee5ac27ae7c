//! Choosing a container platform: the same workload on Amazon ECS on Fargate, Amazon EKS
//! (with Fargate, or with a managed node group of EC2 instances) and AWS App Runner — what
//! you manage, how deploys and scaling behave, how portable it is, and what it costs a month
//! at a few traffic levels (`engine::rollout::monthly_cost`, public us-east-1 prices).
//!
//! The workspace holds comparisons (`[[platform_comparison]]`: an id, a title, the traffic
//! levels in requests per second, and the workload's services, each with the vCPU and memory
//! of one unit, the share of the requests it receives, what one unit serves and the fewest
//! units it keeps). Checks grade numbers the engine computes: a platform's monthly cost at a
//! level, or the difference between two (`platform_cost`), and the cheapest platform at a
//! level (`platform_cheapest`).
//!
//! The engines stay out of the app's first load: the items and checks travel sealed and the
//! worker grades them and builds the panel (see `crate::sealed`).
#[cfg(feature = "containers")]
mod run;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::lab::InputKind;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Comparisons>;
/// A check of this family, sealed.
pub type Check = Sealed<PlatformsCheck>;

/// The platforms' ids, as checks and choice options name them (the engine's `CostPlatform`).
pub const PLATFORMS: &[&str] = &["ecs-fargate", "eks-fargate", "eks-ec2", "app-runner"];

/// The comparisons a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparisons {
    pub comparisons: Vec<Comparison>,
}

impl Comparisons {
    pub fn get(&self, id: &str) -> Option<&Comparison> {
        self.comparisons.iter().find(|c| c.id == id)
    }
}

/// One workload compared on every platform.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub id: String,
    pub title: String,
    /// Traffic levels, requests per second to the workload.
    pub levels: Vec<u32>,
    pub services: Vec<ServiceDef>,
}

/// One service of the workload.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDef {
    pub name: String,
    /// One task's or pod's vCPU and memory (GB).
    pub vcpu: f64,
    pub memory_gb: f64,
    /// The share of the workload's requests it receives, percent (100 by default).
    #[serde(default = "all")]
    pub share_percent: f64,
    /// Requests per second one task or pod serves.
    pub serves_rps: f64,
    /// The fewest tasks or pods it runs (2 by default: two Availability Zones).
    #[serde(default = "two")]
    pub min_units: u32,
}

impl ServiceDef {
    /// The service as the cost engine takes it.
    #[cfg(feature = "containers")]
    pub(crate) fn cost_service(&self) -> engine::rollout::CostService {
        engine::rollout::CostService {
            name: self.name.clone(),
            vcpu: self.vcpu,
            memory_gb: self.memory_gb,
            share: self.share_percent / 100.0,
            serves_rps: self.serves_rps,
            min_units: self.min_units,
        }
    }
}

fn all() -> f64 {
    100.0
}

fn two() -> u32 {
    2
}

/// A check of the comparison's numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PlatformsCheck {
    Cost(CostCheck),
    Cheapest(CheapestCheck),
}

/// `platform_cost`: a number input equals a platform's monthly cost at a level (minus
/// another platform's, with `minus`), within `tolerance` dollars.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostCheck {
    pub input: String,
    pub comparison: String,
    pub platform: String,
    pub level: u32,
    #[serde(default)]
    pub minus: Option<String>,
    pub tolerance: f64,
}

/// `platform_cheapest`: a choice input (options named by platform id) picks the cheapest
/// platform at a level.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheapestCheck {
    pub input: String,
    pub comparison: String,
    pub level: u32,
}

impl PlatformsCheck {
    pub fn input(&self) -> &str {
        match self {
            PlatformsCheck::Cost(c) => &c.input,
            PlatformsCheck::Cheapest(c) => &c.input,
        }
    }

    fn comparison(&self) -> &str {
        match self {
            PlatformsCheck::Cost(c) => &c.comparison,
            PlatformsCheck::Cheapest(c) => &c.comparison,
        }
    }

    fn level(&self) -> u32 {
        match self {
            PlatformsCheck::Cost(c) => c.level,
            PlatformsCheck::Cheapest(c) => c.level,
        }
    }
}

pub const KINDS: &[&str] = &["platform_cost", "platform_cheapest"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComparisonSpec {
    id: String,
    title: String,
    levels: Vec<u32>,
    service: Vec<ServiceDef>,
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["platform_comparison"];
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
        let Some(specs) = problems.read::<Vec<ComparisonSpec>>(value) else {
            return;
        };
        for c in specs {
            if all.get(&c.id).is_some() {
                problems.complain(format!("comparison \"{}\" is used twice", c.id));
            }
            if c.levels.is_empty() || c.levels.contains(&0) {
                problems.complain(format!(
                    "comparison \"{}\": levels are requests per second above 0, at least one",
                    c.id
                ));
            }
            if c.service.is_empty() {
                problems.complain(format!("comparison \"{}\" has no service", c.id));
            }
            for s in &c.service {
                let positive = [s.vcpu, s.memory_gb, s.share_percent, s.serves_rps]
                    .iter()
                    .all(|v| v.is_finite() && *v > 0.0);
                if !positive || s.share_percent > 100.0 {
                    problems.complain(format!(
                        "comparison \"{}\", service \"{}\": vcpu, memory_gb, serves_rps are positive and share_percent is above 0 and at most 100",
                        c.id, s.name
                    ));
                }
            }
            all.comparisons.push(Comparison {
                id: c.id,
                title: c.title,
                levels: c.levels,
                services: c.service,
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
            "platform_cost" => PlatformsCheck::Cost(CostCheck::deserialize(body)?),
            _ => PlatformsCheck::Cheapest(CheapestCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.platforms.open().unwrap_or_default();
        let Some(c) = all.get(check.comparison()) else {
            return vec![format!("there is no comparison \"{}\"", check.comparison())];
        };
        let mut problems = Vec::new();
        if !c.levels.contains(&check.level()) {
            problems.push(format!(
                "comparison \"{}\" has no level {} (its levels: {:?})",
                c.id,
                check.level(),
                c.levels
            ));
        }
        let input = lab.input(check.input()).map(|i| &i.kind);
        match &check {
            PlatformsCheck::Cost(k) => {
                for p in std::iter::once(&k.platform).chain(k.minus.iter()) {
                    if !PLATFORMS.contains(&p.as_str()) {
                        problems.push(format!(
                            "platform \"{p}\" is not one of {}",
                            PLATFORMS.join(", ")
                        ));
                    }
                }
                if !(k.tolerance.is_finite() && k.tolerance >= 0.0) {
                    problems.push("tolerance is a number of dollars, 0 or more".into());
                }
                if !matches!(input, Some(InputKind::Number { .. })) {
                    problems.push(format!(
                        "a platform_cost check reads a number input; \"{}\" is not one",
                        k.input
                    ));
                }
            }
            PlatformsCheck::Cheapest(k) => match input {
                Some(InputKind::Choice {
                    options,
                    multiple: false,
                }) => {
                    for o in options {
                        if !PLATFORMS.contains(&o.id.as_str()) {
                            problems.push(format!(
                                "option \"{}\" of input \"{}\" is not a platform ({})",
                                o.id,
                                k.input,
                                PLATFORMS.join(", ")
                            ));
                        }
                    }
                }
                _ => problems.push(format!(
                    "a platform_cheapest check reads a single choice input; \"{}\" is not one",
                    k.input
                )),
            },
        }
        problems
    }

    super::worker_family!("containers", platforms, "comparisons");
}
