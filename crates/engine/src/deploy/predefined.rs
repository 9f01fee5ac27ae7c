//! CodeDeploy's predefined deployment configurations, by their exact names, and the traffic steps of a shift.
//!
//! Source: AWS CodeDeploy User Guide, "Working with deployment configurations in
//! CodeDeploy" (tables "Predefined deployment configurations for an EC2/on-premises compute
//! platform", "… for an Amazon ECS compute platform" and "… for an AWS Lambda compute
//! platform"), "CodeDeploy instance health" (minimum healthy hosts: HalfAtATime 50%,
//! AllAtOnce 0) and the API reference of `MinimumHealthyHosts`: for OneAtATime,
//! `GetDeploymentConfig` returns the type `MOST_CONCURRENCY` with the value 1 (a type a
//! custom configuration cannot use): CodeDeploy deploys to one instance at a time and keeps
//! all instances but one healthy, and if the deployment to the last instance fails, the
//! overall deployment still succeeds. (Older editions of the user guide listed OneAtATime's
//! minimum as 99%; taken literally and rounded up, that would leave no room on fleets of up
//! to 100 instances, which is why the API describes it as `MOST_CONCURRENCY` 1.)
//!
//! - EC2/on-premises configurations are in-place deployments here ([`Strategy::InPlace`]):
//!   a configuration holds only the minimum healthy hosts, and CodeDeploy deploys to as many
//!   instances at once as that minimum allows. `AllAtOnce` (minimum 0) deploys to every
//!   instance at once; `HalfAtATime` keeps half the fleet (rounded up) healthy, so it deploys
//!   to up to half (rounded down) at a time; `OneAtATime` keeps all instances but one healthy
//!   (`Amount::MostConcurrency(1)`), so it deploys to one at a time.
//! - A deployment configuration says nothing about alarms, rollbacks or what becomes of the
//!   original fleet after a blue/green deployment: those are the deployment group's
//!   ([`super::DeploymentGroup`]).
//! - The simulator has no per-instance deployment failure (an instance either passes its
//!   health checks or is replaced), so OneAtATime's rule for the last instance never
//!   decides a run here; the texts that present OneAtATime state it.
//! - ECS and Lambda configurations shift traffic to a replacement: a canary shifts 10
//!   percent, then the remaining 90 percent N minutes later; a linear one shifts 10 percent
//!   every N minutes until all traffic is shifted (the first increment at once, so 100
//!   percent is reached after 9 intervals); all-at-once shifts everything at once.
//! - The simulator runs Lambda configurations on the same replacement-fleet model as ECS:
//!   it does not model Lambda's absence of instances.

use super::config::{Amount, ConfigError, ConfigReason, Strategy, TrafficShift};
use crate::text::edit_distance;

/// A CodeDeploy compute platform, named as the API's `computePlatform` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComputePlatform {
    /// `Server`: EC2/on-premises instances.
    Server,
    /// `ECS`: Amazon ECS services.
    Ecs,
    /// `Lambda`: AWS Lambda functions.
    Lambda,
}

impl ComputePlatform {
    /// The API value: `Server`, `ECS` or `Lambda`.
    pub fn name(self) -> &'static str {
        match self {
            ComputePlatform::Server => "Server",
            ComputePlatform::Ecs => "ECS",
            ComputePlatform::Lambda => "Lambda",
        }
    }

    /// The user guide's label, such as "EC2/On-premises".
    pub fn label(self) -> &'static str {
        match self {
            ComputePlatform::Server => "EC2/On-premises",
            ComputePlatform::Ecs => "Amazon ECS",
            ComputePlatform::Lambda => "AWS Lambda",
        }
    }
}

/// One predefined deployment configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Predefined {
    /// The exact name, such as `CodeDeployDefault.ECSCanary10Percent5Minutes`.
    pub name: &'static str,
    /// The compute platform it belongs to.
    pub platform: ComputePlatform,
}

/// A shorthand for the table below.
const fn entry(name: &'static str, platform: ComputePlatform) -> Predefined {
    Predefined { name, platform }
}

/// Every predefined deployment configuration, in the user guide's order per platform.
pub const PREDEFINED: [Predefined; 17] = [
    entry("CodeDeployDefault.AllAtOnce", ComputePlatform::Server),
    entry("CodeDeployDefault.HalfAtATime", ComputePlatform::Server),
    entry("CodeDeployDefault.OneAtATime", ComputePlatform::Server),
    entry(
        "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
        ComputePlatform::Ecs,
    ),
    entry(
        "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
        ComputePlatform::Ecs,
    ),
    entry(
        "CodeDeployDefault.ECSCanary10Percent5Minutes",
        ComputePlatform::Ecs,
    ),
    entry(
        "CodeDeployDefault.ECSCanary10Percent15Minutes",
        ComputePlatform::Ecs,
    ),
    entry("CodeDeployDefault.ECSAllAtOnce", ComputePlatform::Ecs),
    entry(
        "CodeDeployDefault.LambdaCanary10Percent5Minutes",
        ComputePlatform::Lambda,
    ),
    entry(
        "CodeDeployDefault.LambdaCanary10Percent10Minutes",
        ComputePlatform::Lambda,
    ),
    entry(
        "CodeDeployDefault.LambdaCanary10Percent15Minutes",
        ComputePlatform::Lambda,
    ),
    entry(
        "CodeDeployDefault.LambdaCanary10Percent30Minutes",
        ComputePlatform::Lambda,
    ),
    entry(
        "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
        ComputePlatform::Lambda,
    ),
    entry(
        "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes",
        ComputePlatform::Lambda,
    ),
    entry(
        "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
        ComputePlatform::Lambda,
    ),
    entry(
        "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
        ComputePlatform::Lambda,
    ),
    entry("CodeDeployDefault.LambdaAllAtOnce", ComputePlatform::Lambda),
];

/// The strategy of a predefined deployment configuration, by its exact (case-sensitive)
/// name. An unknown name gives an error that lists the closest names.
pub fn predefined(name: &str) -> Result<Strategy, ConfigError> {
    let shift = |shift: TrafficShift| Strategy::BlueGreen {
        shift,
        test_traffic_s: 0,
        test_rps: 0.0,
    };
    let canary = |minutes: u32| {
        shift(TrafficShift::Canary {
            percent: 10,
            bake_s: minutes * 60,
        })
    };
    let linear = |minutes: u32| {
        shift(TrafficShift::Linear {
            step_percent: 10,
            interval_s: minutes * 60,
        })
    };
    let strategy = match name {
        "CodeDeployDefault.AllAtOnce" => Strategy::InPlace {
            min_healthy: Amount::Count(0),
        },
        "CodeDeployDefault.HalfAtATime" => Strategy::InPlace {
            min_healthy: Amount::Percent(50),
        },
        "CodeDeployDefault.OneAtATime" => Strategy::InPlace {
            min_healthy: Amount::MostConcurrency(1),
        },
        "CodeDeployDefault.ECSAllAtOnce" | "CodeDeployDefault.LambdaAllAtOnce" => {
            shift(TrafficShift::AllAtOnce)
        }
        "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"
        | "CodeDeployDefault.LambdaLinear10PercentEvery1Minute" => linear(1),
        "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes" => linear(2),
        "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"
        | "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes" => linear(3),
        "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes" => linear(10),
        "CodeDeployDefault.ECSCanary10Percent5Minutes"
        | "CodeDeployDefault.LambdaCanary10Percent5Minutes" => canary(5),
        "CodeDeployDefault.LambdaCanary10Percent10Minutes" => canary(10),
        "CodeDeployDefault.ECSCanary10Percent15Minutes"
        | "CodeDeployDefault.LambdaCanary10Percent15Minutes" => canary(15),
        "CodeDeployDefault.LambdaCanary10Percent30Minutes" => canary(30),
        _ => return Err(unknown(name)),
    };
    Ok(strategy)
}

/// The compute platform of a predefined configuration, if the name is one.
pub fn platform_of(name: &str) -> Option<ComputePlatform> {
    PREDEFINED
        .iter()
        .find(|entry| entry.name == name)
        .map(|entry| entry.platform)
}

/// The error for an unknown name, with up to three near matches.
fn unknown(name: &str) -> ConfigError {
    let wanted = name.to_ascii_lowercase();
    let prefixed = format!("codedeploydefault.{wanted}");
    let mut scored: Vec<(usize, &'static str)> = PREDEFINED
        .iter()
        .map(|entry| {
            let candidate = entry.name.to_ascii_lowercase();
            let distance =
                edit_distance(&wanted, &candidate).min(edit_distance(&prefixed, &candidate));
            (distance, entry.name)
        })
        .collect();
    scored.sort();
    let limit = (name.chars().count() / 4).max(3);
    let near: Vec<&'static str> = scored
        .iter()
        .filter(|(distance, _)| *distance <= limit)
        .take(3)
        .map(|(_, name)| *name)
        .collect();
    ConfigError::new(
        "deployment configuration",
        ConfigReason::UnknownConfiguration {
            name: name.to_string(),
            near,
        },
    )
}

/// One step of a traffic shift: at `at_s` seconds after the shift starts, the new version
/// receives `green_percent` percent of production traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrafficStep {
    /// Seconds after the start of the shift.
    pub at_s: u32,
    /// The new version's share of traffic from then on, in percent.
    pub green_percent: u32,
}

/// The steps of a traffic shift, the last one at 100 percent.
pub fn traffic_steps(shift: &TrafficShift) -> Vec<TrafficStep> {
    let step = |at_s: u32, green_percent: u32| TrafficStep {
        at_s,
        green_percent,
    };
    match *shift {
        TrafficShift::AllAtOnce => vec![step(0, 100)],
        TrafficShift::Canary { percent, bake_s } => {
            let percent = percent.clamp(1, 100);
            if percent == 100 {
                vec![step(0, 100)]
            } else {
                vec![step(0, percent), step(bake_s, 100)]
            }
        }
        TrafficShift::Linear {
            step_percent,
            interval_s,
        } => {
            let step_percent = step_percent.clamp(1, 100);
            let count = 100u32.div_ceil(step_percent);
            (0..count)
                .map(|i| {
                    step(
                        i.saturating_mul(interval_s),
                        ((i + 1) * step_percent).min(100),
                    )
                })
                .collect()
        }
    }
}
