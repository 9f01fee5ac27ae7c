//! Amazon ECS services: the learner writes a service definition (the JSON `create-service`
//! takes) and the lab deploys a new image to it (`engine::ecs` reads the definition,
//! `engine::rollout` simulates the rolling update task by task under the lab's traffic).
//!
//! The workspace holds services (`[[ecs_service]]`: the service's name and cluster, the
//! input holding the learner's definition, the image running and the image deployed, what
//! is wrong with the new one, its size, the traffic and what one task serves, the run's
//! length and seed). Checks grade the outcome: the definition has no error
//! (`ecs_service_valid`), and the deployment ends as it must (`ecs_deploy`: its outcome, the
//! fewest healthy tasks during it, the worst 5xx rate, how long it took).
//!
//! The engines stay out of the app's first load: the items and checks travel sealed and the
//! worker grades them and builds the panel (see `crate::sealed`).
#[cfg(feature = "containers")]
mod run;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Services>;
/// A check of this family, sealed.
pub type Check = Sealed<EcsCheck>;

/// The services a lab sets up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Services {
    pub services: Vec<ServiceDef>,
}

impl Services {
    pub fn get(&self, name: &str) -> Option<&ServiceDef> {
        self.services.iter().find(|s| s.name == name)
    }
}

/// What is wrong with the image deployed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// Nothing.
    #[default]
    None,
    /// Its essential container exits at start (exit code 1).
    Crash,
    /// It starts, but its health check fails.
    Unhealthy,
}

/// An ECS service, and the deployment the lab makes to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceDef {
    /// `serviceName`.
    pub name: String,
    pub cluster: String,
    /// The template input holding the learner's service definition.
    pub input: String,
    /// The image running before the deployment, and the one deployed.
    pub current: String,
    pub next: String,
    pub fault: Fault,
    /// The images' compressed size, MB.
    pub image_mb: u32,
    /// The service's traffic, requests per second, and what one task serves.
    pub requests_per_second: u32,
    pub capacity_per_task: u32,
    /// The run's length, minutes; the deployment starts a minute in.
    pub minutes: u32,
    pub seed: u64,
}

/// A check of the learner's service definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EcsCheck {
    Valid(ValidCheck),
    Deploy(DeployCheck),
}

/// `ecs_service_valid`: the definition has no error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
    pub service: String,
}

/// `ecs_deploy`: how the deployment ends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeployCheck {
    pub input: String,
    pub service: String,
    /// `COMPLETED`, `ROLLED_BACK`, `FAILED` (no rollback), `STALLED` (never ends),
    /// `IN_PROGRESS`.
    #[serde(default)]
    pub outcome: Option<String>,
    /// The fewest healthy tasks during the deployment must be at least this.
    #[serde(default)]
    pub min_healthy: Option<u32>,
    /// The worst second's 5xx rate must stay at or below this, percent.
    #[serde(default)]
    pub max_5xx_percent: Option<f64>,
    /// The deployment (or its rollback) must end within this many minutes.
    #[serde(default)]
    pub within_minutes: Option<u32>,
}

/// The outcomes a check may name.
pub const OUTCOMES: &[&str] = &[
    "COMPLETED",
    "ROLLED_BACK",
    "FAILED",
    "STALLED",
    "IN_PROGRESS",
];

impl EcsCheck {
    pub fn input(&self) -> &str {
        match self {
            EcsCheck::Valid(c) => &c.input,
            EcsCheck::Deploy(c) => &c.input,
        }
    }

    fn service(&self) -> &str {
        match self {
            EcsCheck::Valid(c) => &c.service,
            EcsCheck::Deploy(c) => &c.service,
        }
    }
}

pub const KINDS: &[&str] = &["ecs_service_valid", "ecs_deploy"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceSpec {
    name: String,
    cluster: String,
    input: String,
    current: String,
    next: String,
    #[serde(default)]
    fault: Fault,
    image_mb: u32,
    requests_per_second: u32,
    capacity_per_task: u32,
    minutes: u32,
    #[serde(default)]
    seed: u64,
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["ecs_service"];
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
        let Some(specs) = problems.read::<Vec<ServiceSpec>>(value) else {
            return;
        };
        for s in specs {
            if all.get(&s.name).is_some() {
                problems.complain(format!("service \"{}\" is used twice", s.name));
            }
            if !(2..=180).contains(&s.minutes) {
                problems.complain(format!(
                    "service \"{}\": minutes = {} (the run lasts 2 to 180 minutes)",
                    s.name, s.minutes
                ));
            }
            if s.capacity_per_task == 0 || s.image_mb == 0 {
                problems.complain(format!(
                    "service \"{}\": capacity_per_task and image_mb are positive",
                    s.name
                ));
            }
            all.services.push(ServiceDef {
                name: s.name,
                cluster: s.cluster,
                input: s.input,
                current: s.current,
                next: s.next,
                fault: s.fault,
                image_mb: s.image_mb,
                requests_per_second: s.requests_per_second,
                capacity_per_task: s.capacity_per_task,
                minutes: s.minutes,
                seed: s.seed,
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
            "ecs_service_valid" => EcsCheck::Valid(ValidCheck::deserialize(body)?),
            _ => EcsCheck::Deploy(DeployCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.ecs.open().unwrap_or_default();
        let Some(s) = all.get(check.service()) else {
            return vec![format!("there is no service \"{}\"", check.service())];
        };
        let mut problems = Vec::new();
        if s.input != check.input() {
            problems.push(format!(
                "service \"{}\" reads its definition from input \"{}\", not \"{}\"",
                s.name,
                s.input,
                check.input()
            ));
        }
        if let EcsCheck::Deploy(c) = &check {
            if let Some(o) = &c.outcome {
                if !OUTCOMES.contains(&o.as_str()) {
                    problems.push(format!(
                        "outcome \"{o}\" is not one of {}",
                        OUTCOMES.join(", ")
                    ));
                }
            }
            if c.outcome.is_none()
                && c.min_healthy.is_none()
                && c.max_5xx_percent.is_none()
                && c.within_minutes.is_none()
            {
                problems.push("an ecs_deploy check names what the deployment must come to".into());
            }
        }
        problems
    }

    super::worker_family!("containers", ecs, "services");
}
