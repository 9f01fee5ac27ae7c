//! Scaling through a load spike: the same service on Amazon ECS (Service Auto Scaling with a
//! target tracking policy), Amazon EKS (a HorizontalPodAutoscaler) and AWS App Runner (its
//! auto scaling configuration), run by `engine::rollout` under the lab's traffic and spike.
//!
//! The workspace holds services (`[[scaling_service]]`, one per platform): the traffic (base
//! requests per second and a spike: when, how long, how many times), what one unit (task,
//! pod, instance) serves at 100 % CPU, the starting count, the run's length and seed, and
//! where the learner's settings are read from, in the form each console or file takes:
//! number inputs named like the API for ECS (`MinCapacity`, `MaxCapacity`, `TargetValue`,
//! `ScaleOutCooldown`, `ScaleInCooldown`) and App Runner (`MaxConcurrency`, `MinSize`,
//! `MaxSize`), a HorizontalPodAutoscaler manifest (a template input) for EKS, whose
//! Deployment the lab gives (a data file). Checks grade the run: the settings are valid
//! (`scaling_valid`), and the spike is served as it must (`scaling_spike`: the share of
//! requests rejected, the worst second's 5xx rate, the peak desired count, App Runner's
//! cost, the count at the end).
//!
//! The engines stay out of the app's first load: the items and checks travel sealed and the
//! worker grades them and builds the panel (see `crate::sealed`).
#[cfg(feature = "containers")]
mod run;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FamilyModule, Graded, LabView, NoMeasure};
use crate::answer::Answers;
use crate::sealed::Sealed;

/// The module marker.
pub struct Family;

/// The family's workspace items, sealed.
pub type Items = Sealed<Services>;
/// A check of this family, sealed.
pub type Check = Sealed<ScalingCheck>;

/// The services a lab sets up, one per platform.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Services {
    pub services: Vec<ServiceDef>,
}

impl Services {
    pub fn get(&self, platform: Kind) -> Option<&ServiceDef> {
        self.services.iter().find(|s| s.platform == platform)
    }
}

/// Where the service runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Amazon ECS on Fargate with Service Auto Scaling.
    #[default]
    Ecs,
    /// Amazon EKS: a Deployment and its HorizontalPodAutoscaler.
    Eks,
    /// AWS App Runner.
    AppRunner,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Ecs => "ecs",
            Kind::Eks => "eks",
            Kind::AppRunner => "app-runner",
        }
    }

    /// The settings each platform reads, by the API's names (EKS: the manifest).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Ecs => &[
                "MinCapacity",
                "MaxCapacity",
                "TargetValue",
                "ScaleOutCooldown",
                "ScaleInCooldown",
            ],
            Kind::Eks => &["HorizontalPodAutoscaler"],
            Kind::AppRunner => &["MaxConcurrency", "MinSize", "MaxSize"],
        }
    }
}

/// A burst of traffic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpikeDef {
    /// When it starts, minutes into the run.
    pub at_minute: u32,
    /// How long it lasts, minutes.
    pub minutes: u32,
    /// The factor on the base rate.
    pub multiplier: f64,
}

/// A service and the run the lab makes of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceDef {
    /// The service's name (ECS `serviceName`, the Deployment's name, App Runner's
    /// `ServiceName`).
    pub name: String,
    pub platform: Kind,
    /// The ECS cluster (ECS only).
    pub cluster: String,
    /// The image the service runs (shown), its compressed size in MB.
    pub image: String,
    pub image_mb: u32,
    /// Its median and 99th-percentile latency, ms (App Runner's concurrency comes from them).
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Base requests per second, and the spike.
    pub requests_per_second: u32,
    pub spike: SpikeDef,
    /// Requests per second one unit serves at 100 % CPU.
    pub capacity_per_unit: u32,
    /// Units at the start (ECS `desiredCount`; EKS: the Deployment's replicas; App Runner
    /// starts at MinSize).
    pub start: u32,
    pub minutes: u32,
    pub seed: u64,
    /// ECS: the target tracking policy's predefined metric.
    pub metric: String,
    /// The API's setting name → the input holding it (EKS: `HorizontalPodAutoscaler` → the
    /// template input).
    pub inputs: BTreeMap<String, String>,
    /// The team's settings, run while every field is blank (ECS, App Runner).
    pub current: BTreeMap<String, f64>,
    /// EKS: the Deployment's manifest (the file's text) and its file name.
    pub deployment: String,
    pub deployment_file: String,
}

impl ServiceDef {
    /// The input holding one setting.
    pub fn input(&self, field: &str) -> Option<&str> {
        self.inputs.get(field).map(String::as_str)
    }

    /// Every input the service reads.
    pub fn input_ids(&self) -> Vec<&str> {
        self.platform
            .fields()
            .iter()
            .filter_map(|f| self.input(f))
            .collect()
    }
}

/// A check of the learner's scaling settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ScalingCheck {
    Valid(ValidCheck),
    Spike(SpikeCheck),
}

/// `scaling_valid`: the settings are complete and valid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidCheck {
    pub input: String,
    pub platform: Kind,
}

/// `scaling_spike`: how the run through the spike went.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpikeCheck {
    pub input: String,
    pub platform: Kind,
    /// Rejected requests (5xx for lack of capacity, App Runner's 429s) as a share of all
    /// requests, at most this, percent.
    #[serde(default)]
    pub max_rejected_percent: Option<f64>,
    /// The worst second's 5xx rate, at most this, percent.
    #[serde(default)]
    pub max_5xx_percent: Option<f64>,
    /// The peak desired count, at most this (the cost ceiling).
    #[serde(default)]
    pub max_units: Option<u32>,
    /// App Runner's bill for the run, at most this, US dollars.
    #[serde(default)]
    pub max_cost_usd: Option<f64>,
    /// The desired count at the end of the run, at most this (it scaled back in).
    #[serde(default)]
    pub scales_in: Option<u32>,
}

impl ScalingCheck {
    pub fn input(&self) -> &str {
        match self {
            ScalingCheck::Valid(c) => &c.input,
            ScalingCheck::Spike(c) => &c.input,
        }
    }

    pub fn platform(&self) -> Kind {
        match self {
            ScalingCheck::Valid(c) => c.platform,
            ScalingCheck::Spike(c) => c.platform,
        }
    }
}

pub const KINDS: &[&str] = &["scaling_valid", "scaling_spike"];

/// The ECS metrics a lab may name.
pub const METRICS: &[&str] = &[
    "ECSServiceAverageCPUUtilization",
    "ALBRequestCountPerTarget",
];

#[cfg(feature = "files")]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceSpec {
    name: String,
    platform: Kind,
    #[serde(default)]
    cluster: String,
    image: String,
    #[serde(default = "default_image_mb")]
    image_mb: u32,
    #[serde(default = "default_p50")]
    p50_ms: f64,
    #[serde(default = "default_p99")]
    p99_ms: f64,
    requests_per_second: u32,
    spike: SpikeDef,
    capacity_per_unit: u32,
    #[serde(default)]
    start: Option<u32>,
    minutes: u32,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    metric: Option<String>,
    inputs: BTreeMap<String, String>,
    #[serde(default)]
    current: BTreeMap<String, f64>,
    #[serde(default)]
    deployment: Option<String>,
}

#[cfg(feature = "files")]
fn default_image_mb() -> u32 {
    200
}
#[cfg(feature = "files")]
fn default_p50() -> f64 {
    40.0
}
#[cfg(feature = "files")]
fn default_p99() -> f64 {
    120.0
}

#[cfg(feature = "files")]
fn check_spec(s: &ServiceSpec, problems: &mut crate::load::Problems) {
    let name = &s.name;
    if !(5..=180).contains(&s.minutes) {
        problems.complain(format!(
            "service \"{name}\": minutes = {} (the run lasts 5 to 180 minutes)",
            s.minutes
        ));
    }
    if s.capacity_per_unit == 0 || s.image_mb == 0 {
        problems.complain(format!(
            "service \"{name}\": capacity_per_unit and image_mb are positive"
        ));
    }
    if !(s.p50_ms > 0.0 && s.p99_ms >= s.p50_ms && s.p99_ms < 60_000.0) {
        problems.complain(format!(
            "service \"{name}\": p50_ms is positive and p99_ms at least p50_ms"
        ));
    }
    let sp = s.spike;
    if !(sp.multiplier.is_finite() && sp.multiplier > 0.0 && sp.multiplier <= 100.0)
        || sp.minutes == 0
        || sp.at_minute + sp.minutes > s.minutes
    {
        problems.complain(format!(
            "service \"{name}\": the spike multiplies the traffic by more than 0 (at most 100) for at least a minute within the run"
        ));
    }
    let fields = s.platform.fields();
    for key in s.inputs.keys().chain(s.current.keys()) {
        if !fields.contains(&key.as_str()) {
            problems.complain(format!(
                "service \"{name}\": \"{key}\" is not a setting of {}: {}",
                s.platform.code(),
                fields.join(", ")
            ));
        }
    }
    for f in fields {
        if !s.inputs.contains_key(*f) {
            problems.complain(format!("service \"{name}\": inputs names no input for {f}"));
        }
    }
    match s.platform {
        Kind::Ecs => {
            if s.start.is_none() {
                problems.complain(format!(
                    "service \"{name}\": an ECS service gives its start (desiredCount)"
                ));
            }
            if let Some(m) = &s.metric {
                if !METRICS.contains(&m.as_str()) {
                    problems.complain(format!(
                        "service \"{name}\": metric \"{m}\" is not one of {}",
                        METRICS.join(", ")
                    ));
                }
            }
        }
        Kind::Eks => {
            if s.deployment.is_none() {
                problems.complain(format!(
                    "service \"{name}\": an EKS service names its Deployment's file (deployment)"
                ));
            }
            if s.start.is_some() || !s.current.is_empty() {
                problems.complain(format!(
                    "service \"{name}\": on EKS the Deployment gives the start and the HPA's starter the current settings"
                ));
            }
        }
        Kind::AppRunner => {
            if s.start.is_some() {
                problems.complain(format!(
                    "service \"{name}\": App Runner starts at MinSize: leave start out"
                ));
            }
        }
    }
    if s.platform != Kind::Ecs && (s.metric.is_some() || !s.cluster.is_empty()) {
        problems.complain(format!(
            "service \"{name}\": metric and cluster are for ECS services"
        ));
    }
}

impl FamilyModule for Family {
    type Items = Items;
    type Check = Check;
    type Measure = NoMeasure;
    const SECTIONS: &'static [&'static str] = &["scaling_service"];
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
        let Some(specs) = problems.read::<Vec<ServiceSpec>>(value) else {
            return;
        };
        for s in specs {
            if all.get(s.platform).is_some() {
                problems.complain(format!(
                    "platform \"{}\" has two services: one per platform",
                    s.platform.code()
                ));
            }
            check_spec(&s, problems);
            let (deployment, deployment_file) = match &s.deployment {
                Some(file) => match files.get(file) {
                    Some(text) => (text.to_string(), file.clone()),
                    None => {
                        problems.complain(format!(
                            "service \"{}\": deployment names \"{file}\", which is not in the lab folder",
                            s.name
                        ));
                        continue;
                    }
                },
                None => (String::new(), String::new()),
            };
            all.services.push(ServiceDef {
                name: s.name,
                platform: s.platform,
                cluster: s.cluster,
                image: s.image,
                image_mb: s.image_mb,
                p50_ms: s.p50_ms,
                p99_ms: s.p99_ms,
                requests_per_second: s.requests_per_second,
                spike: s.spike,
                capacity_per_unit: s.capacity_per_unit,
                start: s.start.unwrap_or(0),
                minutes: s.minutes,
                seed: s.seed,
                metric: s
                    .metric
                    .unwrap_or_else(|| "ECSServiceAverageCPUUtilization".into()),
                inputs: s.inputs,
                current: s.current,
                deployment,
                deployment_file,
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
            "scaling_valid" => ScalingCheck::Valid(ValidCheck::deserialize(body)?),
            _ => ScalingCheck::Spike(SpikeCheck::deserialize(body)?),
        };
        Ok(Sealed::seal(&check))
    }

    fn validate_check(check: &Check, lab: &LabView<'_>) -> Vec<String> {
        let Some(check) = check.open() else {
            return vec!["the check could not be read back".into()];
        };
        let all = lab.workspace.scaling.open().unwrap_or_default();
        let Some(s) = all.get(check.platform()) else {
            return vec![format!("there is no {} service", check.platform().code())];
        };
        let mut problems = Vec::new();
        if !s.input_ids().contains(&check.input()) {
            problems.push(format!(
                "service \"{}\" reads no setting from input \"{}\" (it reads {})",
                s.name,
                check.input(),
                s.input_ids().join(", ")
            ));
        }
        if let ScalingCheck::Spike(c) = &check {
            if c.max_rejected_percent.is_none()
                && c.max_5xx_percent.is_none()
                && c.max_units.is_none()
                && c.max_cost_usd.is_none()
                && c.scales_in.is_none()
            {
                problems.push("a scaling_spike check names what the run must come to".into());
            }
            if c.max_cost_usd.is_some() && s.platform != Kind::AppRunner {
                problems.push("max_cost_usd is App Runner's bill: only for app-runner".into());
            }
        }
        problems
    }

    super::worker_family!("containers", scaling, "services");
}
