//! The lifecycle events of a CodeDeploy deployment, in the order the user guide's diagrams
//! give them for each compute platform and deployment type, and which of them run hooks.
//!
//! Sources:
//! - <https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html>
//!   ("Run order of hooks in an Amazon ECS deployment": Start, BeforeInstall, Install,
//!   AfterInstall, AllowTestTraffic, AfterAllowTestTraffic, BeforeAllowTraffic, AllowTraffic,
//!   AfterAllowTraffic, End, where "the Start, Install, TestTraffic, AllowTraffic, and End events
//!   in the deployment cannot be scripted"; "Run order of hooks in a Lambda deployment": Start,
//!   BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic, End; "Lifecycle event hook
//!   availability" and "Run order of hooks in a deployment" for EC2/On-Premises: in place,
//!   ApplicationStop, DownloadBundle, BeforeInstall, Install, AfterInstall, ApplicationStart,
//!   ValidateService, with BeforeBlockTraffic, BlockTraffic, AfterBlockTraffic first and
//!   BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic last when a load balancer is used;
//!   blue/green, the install events and the AllowTraffic events on the replacement instances,
//!   then the BlockTraffic events on the original ones; a blue/green rollback, the AllowTraffic
//!   events on the original instances and the BlockTraffic events on the replacement ones.
//!   DownloadBundle, Install, BlockTraffic, AllowTraffic, Start and End are CodeDeploy's own.)
//! - `ignoreApplicationStopFailures` in the API reference (`CreateDeployment`):
//!   <https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html>:
//!   "the CodeDeploy agent runs the scripts specified for ApplicationStop, BeforeBlockTraffic,
//!   and AfterBlockTraffic in the AppSpec file from the previous successful deployment. (All
//!   other scripts are run from the AppSpec file in the current deployment.)"

use crate::deploy::ComputePlatform;

/// A deployment lifecycle event, by the name CodeDeploy gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LifecycleEvent {
    Start,
    BeforeBlockTraffic,
    BlockTraffic,
    AfterBlockTraffic,
    ApplicationStop,
    DownloadBundle,
    BeforeInstall,
    Install,
    AfterInstall,
    AllowTestTraffic,
    AfterAllowTestTraffic,
    ApplicationStart,
    ValidateService,
    BeforeAllowTraffic,
    AllowTraffic,
    AfterAllowTraffic,
    End,
}

impl LifecycleEvent {
    /// Every event.
    pub const ALL: [LifecycleEvent; 17] = [
        LifecycleEvent::Start,
        LifecycleEvent::BeforeBlockTraffic,
        LifecycleEvent::BlockTraffic,
        LifecycleEvent::AfterBlockTraffic,
        LifecycleEvent::ApplicationStop,
        LifecycleEvent::DownloadBundle,
        LifecycleEvent::BeforeInstall,
        LifecycleEvent::Install,
        LifecycleEvent::AfterInstall,
        LifecycleEvent::AllowTestTraffic,
        LifecycleEvent::AfterAllowTestTraffic,
        LifecycleEvent::ApplicationStart,
        LifecycleEvent::ValidateService,
        LifecycleEvent::BeforeAllowTraffic,
        LifecycleEvent::AllowTraffic,
        LifecycleEvent::AfterAllowTraffic,
        LifecycleEvent::End,
    ];

    /// The name, as in the appspec and the console.
    pub fn name(self) -> &'static str {
        match self {
            LifecycleEvent::Start => "Start",
            LifecycleEvent::BeforeBlockTraffic => "BeforeBlockTraffic",
            LifecycleEvent::BlockTraffic => "BlockTraffic",
            LifecycleEvent::AfterBlockTraffic => "AfterBlockTraffic",
            LifecycleEvent::ApplicationStop => "ApplicationStop",
            LifecycleEvent::DownloadBundle => "DownloadBundle",
            LifecycleEvent::BeforeInstall => "BeforeInstall",
            LifecycleEvent::Install => "Install",
            LifecycleEvent::AfterInstall => "AfterInstall",
            LifecycleEvent::AllowTestTraffic => "AllowTestTraffic",
            LifecycleEvent::AfterAllowTestTraffic => "AfterAllowTestTraffic",
            LifecycleEvent::ApplicationStart => "ApplicationStart",
            LifecycleEvent::ValidateService => "ValidateService",
            LifecycleEvent::BeforeAllowTraffic => "BeforeAllowTraffic",
            LifecycleEvent::AllowTraffic => "AllowTraffic",
            LifecycleEvent::AfterAllowTraffic => "AfterAllowTraffic",
            LifecycleEvent::End => "End",
        }
    }

    /// The event of that exact name (`TestTraffic`, the hooks page's short name for
    /// AllowTestTraffic, is read as it).
    pub fn parse(name: &str) -> Option<LifecycleEvent> {
        if name == "TestTraffic" {
            return Some(LifecycleEvent::AllowTestTraffic);
        }
        LifecycleEvent::ALL.into_iter().find(|e| e.name() == name)
    }

    /// Whether CodeDeploy runs this event itself: no script or function can be hooked to it.
    pub fn reserved(self) -> bool {
        matches!(
            self,
            LifecycleEvent::Start
                | LifecycleEvent::DownloadBundle
                | LifecycleEvent::Install
                | LifecycleEvent::BlockTraffic
                | LifecycleEvent::AllowTestTraffic
                | LifecycleEvent::AllowTraffic
                | LifecycleEvent::End
        )
    }

    /// The events an appspec of `platform` may hook, in the hooks page's order.
    pub fn hookable(platform: ComputePlatform) -> &'static [LifecycleEvent] {
        use LifecycleEvent::*;
        match platform {
            ComputePlatform::Server => &[
                ApplicationStop,
                BeforeInstall,
                AfterInstall,
                ApplicationStart,
                ValidateService,
                BeforeBlockTraffic,
                AfterBlockTraffic,
                BeforeAllowTraffic,
                AfterAllowTraffic,
            ],
            ComputePlatform::Ecs => &[
                BeforeInstall,
                AfterInstall,
                AfterAllowTestTraffic,
                BeforeAllowTraffic,
                AfterAllowTraffic,
            ],
            ComputePlatform::Lambda => &[BeforeAllowTraffic, AfterAllowTraffic],
        }
    }

    /// Whether an EC2/On-Premises event runs the scripts of the previous successful
    /// revision's appspec rather than the one being deployed.
    pub fn runs_previous_revision(self) -> bool {
        matches!(
            self,
            LifecycleEvent::ApplicationStop
                | LifecycleEvent::BeforeBlockTraffic
                | LifecycleEvent::AfterBlockTraffic
        )
    }
}

/// How a deployment proceeds. Amazon ECS and AWS Lambda deployments are always blue/green
/// (traffic shifted to a replacement task set or function version): the lifecycle ignores
/// the type for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeploymentType {
    /// In place, on the same instances, with or without a load balancer (the deployment
    /// group's `loadBalancerInfo`).
    InPlace { load_balancer: bool },
    /// Blue/green: a replacement fleet (EC2), task set (ECS) or version (Lambda).
    BlueGreen,
}

/// What a lifecycle event acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// The instance deployed to in place.
    Instance,
    /// A replacement (green) instance of an EC2 blue/green deployment.
    Replacement,
    /// An original (blue) instance of an EC2 blue/green deployment.
    Original,
    /// The Amazon ECS service (its task sets).
    Service,
    /// The AWS Lambda function (its alias).
    Function,
}

/// One step of a deployment's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub event: LifecycleEvent,
    pub target: Target,
    /// Whether a script (EC2) or a Lambda function (ECS, Lambda) can run at this event;
    /// false for the events reserved for CodeDeploy.
    pub hookable: bool,
    /// Whether the scripts come from the previous successful revision (ApplicationStop,
    /// BeforeBlockTraffic, AfterBlockTraffic on EC2/On-Premises).
    pub previous_revision: bool,
}

fn steps(target: Target, events: &[LifecycleEvent], server: bool) -> Vec<Step> {
    events
        .iter()
        .map(|&event| Step {
            event,
            target,
            hookable: !event.reserved(),
            previous_revision: server && event.runs_previous_revision(),
        })
        .collect()
}

/// The lifecycle events of a deployment, in order.
pub fn lifecycle(platform: ComputePlatform, kind: DeploymentType) -> Vec<Step> {
    use LifecycleEvent::*;
    match platform {
        ComputePlatform::Ecs => steps(
            Target::Service,
            &[
                Start,
                BeforeInstall,
                Install,
                AfterInstall,
                AllowTestTraffic,
                AfterAllowTestTraffic,
                BeforeAllowTraffic,
                AllowTraffic,
                AfterAllowTraffic,
                End,
            ],
            false,
        ),
        ComputePlatform::Lambda => steps(
            Target::Function,
            &[
                Start,
                BeforeAllowTraffic,
                AllowTraffic,
                AfterAllowTraffic,
                End,
            ],
            false,
        ),
        ComputePlatform::Server => {
            let install = [
                ApplicationStop,
                DownloadBundle,
                BeforeInstall,
                Install,
                AfterInstall,
                ApplicationStart,
                ValidateService,
            ];
            let block = [BeforeBlockTraffic, BlockTraffic, AfterBlockTraffic];
            let allow = [BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic];
            let mut out = steps(Target::Instance, &[Start], true);
            match kind {
                DeploymentType::InPlace {
                    load_balancer: false,
                } => out.extend(steps(Target::Instance, &install, true)),
                DeploymentType::InPlace {
                    load_balancer: true,
                } => {
                    out.extend(steps(Target::Instance, &block, true));
                    out.extend(steps(Target::Instance, &install, true));
                    out.extend(steps(Target::Instance, &allow, true));
                }
                DeploymentType::BlueGreen => {
                    out.extend(steps(Target::Replacement, &install, true));
                    out.extend(steps(Target::Replacement, &allow, true));
                    out.extend(steps(Target::Original, &block, true));
                }
            }
            out.extend(steps(Target::Instance, &[End], true));
            out
        }
    }
}

/// The lifecycle of an EC2/On-Premises blue/green rollback: traffic allowed back to the
/// original instances, then blocked from the replacement ones. Other rollbacks redeploy the
/// last good revision with [`lifecycle`].
pub fn blue_green_rollback() -> Vec<Step> {
    use LifecycleEvent::*;
    let mut out = steps(Target::Instance, &[Start], true);
    out.extend(steps(
        Target::Original,
        &[BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic],
        true,
    ));
    out.extend(steps(
        Target::Replacement,
        &[BeforeBlockTraffic, BlockTraffic, AfterBlockTraffic],
        true,
    ));
    out.extend(steps(Target::Instance, &[End], true));
    out
}
