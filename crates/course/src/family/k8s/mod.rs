//! Kubernetes Deployments on Amazon EKS: the learner writes a manifest (a Deployment,
//! optionally with its Service; `engine::k8s` reads it) and the lab rolls a new image out to
//! it (`engine::rollout` simulates the Deployment controller pod by pod under the lab's
//! traffic, on a node group with room for a fixed number of pods).
//!
//! The workspace holds Deployments (`[[k8s_deployment]]`: an id, the Deployment's name, the
//! input holding the learner's manifest, the image running and the image deployed, what is
//! wrong with the new one (`none`, `crash`: CrashLoopBackOff, `unready`: its readiness probe
//! never passes), its size, the traffic and what one pod serves, the node group's room for
//! these pods, the run's length and seed, and the steps' inputs it is shown with). Checks
//! grade the outcome: the manifest has no error and holds the Deployment (`k8s_valid`), and
//! the rollout ends as it must (`k8s_rollout`: its outcome, the fewest Ready pods during it,
//! the most pods at once, the worst 5xx rate, how long it took).
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
pub type Items = Sealed<Deployments>;
/// A check of this family, sealed.
pub type Check = Sealed<K8sCheck>;

/// The Deployments a lab rolls out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Deployments {
    pub deployments: Vec<DeploymentDef>,
}

impl Deployments {
    pub fn get(&self, id: &str) -> Option<&DeploymentDef> {
        self.deployments.iter().find(|d| d.id == id)
    }
}

/// What is wrong with the image deployed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// Nothing.
    #[default]
    None,
    /// Its container exits at start (exit code 1): CrashLoopBackOff.
    Crash,
    /// It runs, but its readiness probe never passes.
    Unready,
}

/// A Deployment, and the rollout the lab makes to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeploymentDef {
    /// The id checks name (one manifest may be rolled out in several ways).
    pub id: String,
    /// `metadata.name` of the Deployment.
    pub name: String,
    /// The template input holding the learner's manifest.
    pub input: String,
    /// The image running before the rollout, and the one deployed.
    pub current: String,
    pub next: String,
    pub fault: Fault,
    /// The images' compressed size, MB.
    pub image_mb: u32,
    /// The Service's traffic, requests per second, and what one Ready pod serves.
    pub requests_per_second: u32,
    pub capacity_per_pod: u32,
    /// How many of these pods the node group has room for (none: no limit).
    pub max_pods: Option<u32>,
    /// The run's length, minutes; the rollout starts a minute in.
    pub minutes: u32,
    pub seed: u64,
    /// The inputs of the steps this rollout is shown on (none: the steps asking `input`).
    pub shown_with: Vec<String>,
}

/// A check of the learner's manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum K8sCheck {
    Valid(ValidCheck),
    Rollout(RolloutCheck),
}

/// `k8s_valid`: the manifest has no error and holds the Deployment with the image deployed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
    pub deployment: String,
}

/// `k8s_rollout`: how the rollout ends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolloutCheck {
    pub input: String,
    pub deployment: String,
    /// `COMPLETED`, `STALLED` (ProgressDeadlineExceeded), `IN_PROGRESS`.
    #[serde(default)]
    pub outcome: Option<String>,
    /// The fewest Ready pods during the rollout must be at least this.
    #[serde(default)]
    pub min_ready: Option<u32>,
    /// The most pods at once (Terminating ones left out) must be at most this.
    #[serde(default)]
    pub max_pods: Option<u32>,
    /// The worst second's 5xx rate must stay at or below this, percent.
    #[serde(default)]
    pub max_5xx_percent: Option<f64>,
    /// The rollout must end within this many minutes.
    #[serde(default)]
    pub within_minutes: Option<u32>,
}

/// The outcomes a check may name.
pub const OUTCOMES: &[&str] = &["COMPLETED", "STALLED", "IN_PROGRESS"];

impl K8sCheck {
    pub fn input(&self) -> &str {
        match self {
            K8sCheck::Valid(c) => &c.input,
            K8sCheck::Rollout(c) => &c.input,
        }
    }

    fn deployment(&self) -> &str {
        match self {
            K8sCheck::Valid(c) => &c.deployment,
            K8sCheck::Rollout(c) => &c.deployment,
        }
    }
}

pub const KINDS: &[&str] = &["k8s_valid", "k8s_rollout"];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeploymentSpec {
    id: String,
    name: String,
    input: String,
    current: String,
    next: String,
    #[serde(default)]
    fault: Fault,
    image_mb: u32,
    requests_per_second: u32,
    capacity_per_pod: u32,
    #[serde(default)]
    max_pods: Option<u32>,
    minutes: u32,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    shown_with: Vec<String>,
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["k8s_deployment"];
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
        let Some(specs) = problems.read::<Vec<DeploymentSpec>>(value) else {
            return;
        };
        for s in specs {
            if all.get(&s.id).is_some() {
                problems.complain(format!("deployment \"{}\" is used twice", s.id));
            }
            if !(2..=180).contains(&s.minutes) {
                problems.complain(format!(
                    "deployment \"{}\": minutes = {} (the run lasts 2 to 180 minutes)",
                    s.id, s.minutes
                ));
            }
            if s.capacity_per_pod == 0 || s.image_mb == 0 || s.max_pods == Some(0) {
                problems.complain(format!(
                    "deployment \"{}\": capacity_per_pod, image_mb and max_pods are positive",
                    s.id
                ));
            }
            all.deployments.push(DeploymentDef {
                id: s.id,
                name: s.name,
                input: s.input,
                current: s.current,
                next: s.next,
                fault: s.fault,
                image_mb: s.image_mb,
                requests_per_second: s.requests_per_second,
                capacity_per_pod: s.capacity_per_pod,
                max_pods: s.max_pods,
                minutes: s.minutes,
                seed: s.seed,
                shown_with: s.shown_with,
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
            "k8s_valid" => K8sCheck::Valid(ValidCheck::deserialize(body)?),
            _ => K8sCheck::Rollout(RolloutCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.k8s.open().unwrap_or_default();
        let Some(d) = all.get(check.deployment()) else {
            return vec![format!("there is no deployment \"{}\"", check.deployment())];
        };
        let mut problems = Vec::new();
        if d.input != check.input() {
            problems.push(format!(
                "deployment \"{}\" reads its manifest from input \"{}\", not \"{}\"",
                d.id,
                d.input,
                check.input()
            ));
        }
        if let K8sCheck::Rollout(c) = &check {
            if let Some(o) = &c.outcome {
                if !OUTCOMES.contains(&o.as_str()) {
                    problems.push(format!(
                        "outcome \"{o}\" is not one of {}",
                        OUTCOMES.join(", ")
                    ));
                }
            }
            if c.outcome.is_none()
                && c.min_ready.is_none()
                && c.max_pods.is_none()
                && c.max_5xx_percent.is_none()
                && c.within_minutes.is_none()
            {
                problems.push("a k8s_rollout check names what the rollout must come to".into());
            }
        }
        problems
    }

    super::worker_family!("containers", k8s, "deployments");
}
