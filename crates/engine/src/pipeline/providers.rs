//! The action types CodePipeline offers: for each category, owner and provider, the
//! versions, how many input and output artifacts it takes, and its configuration keys.
//!
//! Sources: the "Valid input and output artifacts for each action type" table
//! (https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-action-artifacts.html),
//! "Valid action providers"
//! (https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-valid-providers.html) and
//! each provider's page of the action structure reference
//! (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference.html), cited
//! beside each entry.

use super::model::{Category, Owner};

/// One action type.
pub struct Provider {
    pub category: Category,
    pub owner: Owner,
    pub name: &'static str,
    pub versions: &'static [&'static str],
    /// Input artifacts: fewest and most.
    pub inputs: (usize, usize),
    /// Output artifacts: fewest and most.
    pub outputs: (usize, usize),
    /// Configuration keys always required.
    pub required: &'static [&'static str],
    /// Configuration keys that may be given (besides the required ones). `None`: the
    /// reference's list is not kept here, so unknown keys are not reported.
    pub optional: Option<&'static [&'static str]>,
}

const V1: &[&str] = &["1"];

macro_rules! p {
    ($cat:ident, $owner:ident, $name:literal, $versions:expr, $inputs:expr, $outputs:expr, [$($req:literal),*], $opt:expr) => {
        Provider {
            category: Category::$cat,
            owner: Owner::$owner,
            name: $name,
            versions: $versions,
            inputs: $inputs,
            outputs: $outputs,
            required: &[$($req),*],
            optional: $opt,
        }
    };
}

/// Every action type this engine knows.
pub const PROVIDERS: &[Provider] = &[
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3.html
    p!(
        Source,
        Aws,
        "S3",
        V1,
        (0, 0),
        (1, 1),
        ["S3Bucket", "S3ObjectKey"],
        Some(&["PollForSourceChanges", "AllowOverrideForS3ObjectKey"])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html
    p!(
        Source,
        Aws,
        "CodeCommit",
        V1,
        (0, 0),
        (1, 1),
        ["RepositoryName", "BranchName"],
        Some(&["PollForSourceChanges", "OutputArtifactFormat"])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECR.html
    p!(
        Source,
        Aws,
        "ECR",
        V1,
        (0, 0),
        (1, 1),
        ["RepositoryName"],
        Some(&["ImageTag"])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html
    // (Owner AWS there; the artifacts table writes ThirdParty, which the API does not take).
    p!(
        Source,
        Aws,
        "CodeStarSourceConnection",
        V1,
        (0, 0),
        (1, 1),
        ["ConnectionArn", "FullRepositoryId", "BranchName"],
        Some(&["OutputArtifactFormat", "DetectChanges"])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-GitHub.html (version 1, OAuth apps)
    p!(
        Source,
        ThirdParty,
        "GitHub",
        V1,
        (0, 0),
        (1, 1),
        ["Owner", "Repo", "Branch", "OAuthToken"],
        Some(&["PollForSourceChanges"])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html
    p!(
        Build,
        Aws,
        "CodeBuild",
        V1,
        (1, 5),
        (0, 5),
        ["ProjectName"],
        Some(&[
            "PrimarySource",
            "BatchEnabled",
            "CombineArtifacts",
            "EnvironmentVariables"
        ])
    ),
    p!(
        Test,
        Aws,
        "CodeBuild",
        V1,
        (1, 5),
        (0, 5),
        ["ProjectName"],
        Some(&[
            "PrimarySource",
            "BatchEnabled",
            "CombineArtifacts",
            "EnvironmentVariables"
        ])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECRBuildAndPublish.html
    p!(
        Build,
        Aws,
        "ECRBuildAndPublish",
        V1,
        (1, 1),
        (0, 0),
        ["ECRRepositoryName"],
        None
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html
    p!(Compute, Aws, "Commands", V1, (1, 10), (0, 1), [], None),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-DeviceFarm.html
    p!(Test, Aws, "DeviceFarm", V1, (1, 1), (0, 0), [], None),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals-action-add.html
    p!(
        Approval,
        Aws,
        "Manual",
        V1,
        (0, 0),
        (0, 0),
        [],
        Some(&["NotificationArn", "CustomData", "ExternalEntityLink"])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3Deploy.html
    p!(
        Deploy,
        Aws,
        "S3",
        V1,
        (1, 1),
        (0, 0),
        ["BucketName", "Extract"],
        Some(&[
            "ObjectKey",
            "KMSEncryptionKeyARN",
            "CannedACL",
            "CacheControl"
        ])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html
    p!(
        Deploy,
        Aws,
        "CloudFormation",
        V1,
        (0, 10),
        (0, 1),
        ["ActionMode", "StackName"],
        Some(&[
            "Capabilities",
            "ChangeSetName",
            "RoleArn",
            "TemplatePath",
            "TemplateConfiguration",
            "ParameterOverrides",
            "OutputFileName"
        ])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StackSets.html
    p!(
        Deploy,
        Aws,
        "CloudFormationStackSet",
        V1,
        (0, 10),
        (0, 0),
        ["StackSetName", "TemplatePath", "DeploymentTargets"],
        None
    ),
    p!(
        Deploy,
        Aws,
        "CloudFormationStackInstances",
        V1,
        (0, 10),
        (0, 0),
        ["StackSetName", "DeploymentTargets", "Regions"],
        None
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeDeploy.html
    p!(
        Deploy,
        Aws,
        "CodeDeploy",
        V1,
        (1, 1),
        (0, 0),
        ["ApplicationName", "DeploymentGroupName"],
        Some(&[])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
    p!(
        Deploy,
        Aws,
        "CodeDeployToECS",
        V1,
        (1, 5),
        (0, 0),
        [
            "ApplicationName",
            "DeploymentGroupName",
            "TaskDefinitionTemplateArtifact",
            "AppSpecTemplateArtifact"
        ],
        Some(&[
            "AppSpecTemplatePath",
            "TaskDefinitionTemplatePath",
            "Image1ArtifactName",
            "Image1ContainerName",
            "Image2ArtifactName",
            "Image2ContainerName",
            "Image3ArtifactName",
            "Image3ContainerName",
            "Image4ArtifactName",
            "Image4ContainerName"
        ])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html
    p!(
        Deploy,
        Aws,
        "ECS",
        V1,
        (1, 1),
        (0, 0),
        ["ClusterName", "ServiceName"],
        Some(&["FileName", "DeploymentTimeout"])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Beanstalk.html
    p!(
        Deploy,
        Aws,
        "ElasticBeanstalk",
        V1,
        (1, 1),
        (0, 0),
        ["ApplicationName", "EnvironmentName"],
        Some(&[])
    ),
    p!(Deploy, Aws, "OpsWorks", V1, (1, 1), (0, 0), ["Stack"], None),
    p!(Deploy, Aws, "ServiceCatalog", V1, (1, 1), (0, 0), [], None),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-AppConfig.html
    p!(
        Deploy,
        Aws,
        "AppConfig",
        V1,
        (1, 1),
        (0, 0),
        [
            "Application",
            "Environment",
            "ConfigurationProfile",
            "InputArtifactConfigurationPath",
            "DeploymentStrategy"
        ],
        None
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EC2Deploy.html
    p!(Deploy, Aws, "EC2", V1, (1, 1), (0, 1), [], None),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-EKS.html
    p!(
        Deploy,
        Aws,
        "EKS",
        V1,
        (1, 1),
        (0, 0),
        ["ClusterName"],
        None
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-action-artifacts.html
    p!(
        Deploy,
        ThirdParty,
        "AlexaSkillsKit",
        V1,
        (1, 2),
        (0, 0),
        [],
        None
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Lambda.html
    p!(
        Invoke,
        Aws,
        "Lambda",
        V1,
        (0, 5),
        (0, 5),
        ["FunctionName"],
        Some(&["UserParameters"])
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StepFunctions.html
    p!(
        Invoke,
        Aws,
        "StepFunctions",
        V1,
        (0, 1),
        (0, 1),
        ["StateMachineArn"],
        None
    ),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-InspectorScan.html
    p!(Invoke, Aws, "InspectorScan", V1, (0, 1), (0, 1), [], None),
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Snyk.html
    p!(Invoke, ThirdParty, "Snyk", V1, (1, 1), (1, 1), [], None),
];

/// The action type of `category`, `owner` and `provider`, if this engine knows it.
pub fn find(category: Category, owner: Owner, provider: &str) -> Option<&'static Provider> {
    PROVIDERS
        .iter()
        .find(|p| p.category == category && p.owner == owner && p.name == provider)
}

/// The categories in which `owner` offers `provider`.
pub fn categories_of(owner: Owner, provider: &str) -> Vec<Category> {
    let mut out: Vec<Category> = PROVIDERS
        .iter()
        .filter(|p| p.owner == owner && p.name == provider)
        .map(|p| p.category)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The providers `owner` offers in `category`.
pub fn names_in(category: Category, owner: Owner) -> impl Iterator<Item = &'static str> {
    PROVIDERS
        .iter()
        .filter(move |p| p.category == category && p.owner == owner)
        .map(|p| p.name)
}

/// The CloudFormation action modes
/// (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html).
pub const CFN_ACTION_MODES: &[&str] = &[
    "CHANGE_SET_EXECUTE",
    "CHANGE_SET_REPLACE",
    "CREATE_UPDATE",
    "DELETE_ONLY",
    "REPLACE_ON_FAILURE",
];

/// The keys a CloudFormation action needs in `mode`, beyond ActionMode and StackName: RoleArn
/// for CREATE_UPDATE, REPLACE_ON_FAILURE, DELETE_ONLY and CHANGE_SET_REPLACE; TemplatePath for
/// CREATE_UPDATE, REPLACE_ON_FAILURE and CHANGE_SET_REPLACE; ChangeSetName for the two
/// change-set modes (same page).
pub fn cfn_required(mode: &str) -> &'static [&'static str] {
    match mode {
        "CREATE_UPDATE" | "REPLACE_ON_FAILURE" => &["RoleArn", "TemplatePath"],
        "CHANGE_SET_REPLACE" => &["ChangeSetName", "RoleArn", "TemplatePath"],
        "CHANGE_SET_EXECUTE" => &["ChangeSetName"],
        "DELETE_ONLY" => &["RoleArn"],
        _ => &[],
    }
}
