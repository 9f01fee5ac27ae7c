//! A pipeline definition as data: what `validate` reads out of the JSON or YAML of
//! `aws codepipeline get-pipeline`, and what a lab builds by hand to simulate executions.
//! Names and values are the API's (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html).

use std::collections::BTreeMap;

/// `pipelineType` (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipeline-types.html).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PipelineType {
    #[default]
    V1,
    V2,
}

/// `executionMode`: SUPERSEDED is the default; QUEUED and PARALLEL need V2
/// (https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts-how-it-works.html).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExecutionMode {
    #[default]
    Superseded,
    Queued,
    Parallel,
}

impl ExecutionMode {
    /// The API's name: `SUPERSEDED`, `QUEUED`, `PARALLEL`.
    pub fn name(self) -> &'static str {
        match self {
            ExecutionMode::Superseded => "SUPERSEDED",
            ExecutionMode::Queued => "QUEUED",
            ExecutionMode::Parallel => "PARALLEL",
        }
    }
}

/// An action's category (ActionTypeId.category,
/// https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionTypeId.html).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Source,
    Build,
    Test,
    Deploy,
    Approval,
    Invoke,
    Compute,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Source,
        Category::Build,
        Category::Test,
        Category::Deploy,
        Category::Approval,
        Category::Invoke,
        Category::Compute,
    ];

    /// The API's name.
    pub fn name(self) -> &'static str {
        match self {
            Category::Source => "Source",
            Category::Build => "Build",
            Category::Test => "Test",
            Category::Deploy => "Deploy",
            Category::Approval => "Approval",
            Category::Invoke => "Invoke",
            Category::Compute => "Compute",
        }
    }

    /// The category named `name`.
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// An action's owner: `AWS`, `ThirdParty` or `Custom`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Owner {
    Aws,
    ThirdParty,
    Custom,
}

impl Owner {
    pub const ALL: [Owner; 3] = [Owner::Aws, Owner::ThirdParty, Owner::Custom];

    /// The API's name.
    pub fn name(self) -> &'static str {
        match self {
            Owner::Aws => "AWS",
            Owner::ThirdParty => "ThirdParty",
            Owner::Custom => "Custom",
        }
    }

    /// The owner named `name`.
    pub fn from_name(name: &str) -> Option<Owner> {
        Owner::ALL.into_iter().find(|o| o.name() == name)
    }
}

/// One action of a stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub name: String,
    pub category: Category,
    pub owner: Owner,
    pub provider: String,
    pub version: String,
    /// `runOrder`: 1 when left out; actions of one stage with the same run order run in parallel.
    pub run_order: u32,
    pub configuration: BTreeMap<String, String>,
    pub input_artifacts: Vec<String>,
    pub output_artifacts: Vec<String>,
    pub namespace: Option<String>,
    pub region: Option<String>,
    /// `timeoutInMinutes`, when set (manual approvals default to 7 days).
    pub timeout_minutes: Option<u32>,
}

impl Action {
    /// An action of `category` and `provider` (owner AWS, version 1, run order 1), to build
    /// a pipeline by hand.
    pub fn new(name: &str, category: Category, provider: &str) -> Action {
        Action {
            name: name.into(),
            category,
            owner: Owner::Aws,
            provider: provider.into(),
            version: "1".into(),
            run_order: 1,
            configuration: BTreeMap::new(),
            input_artifacts: Vec::new(),
            output_artifacts: Vec::new(),
            namespace: None,
            region: None,
            timeout_minutes: None,
        }
    }

    /// With `runOrder`.
    pub fn run_order(mut self, n: u32) -> Action {
        self.run_order = n;
        self
    }

    /// With these input artifacts.
    pub fn inputs(mut self, names: &[&str]) -> Action {
        self.input_artifacts = names.iter().map(|s| s.to_string()).collect();
        self
    }

    /// With these output artifacts.
    pub fn outputs(mut self, names: &[&str]) -> Action {
        self.output_artifacts = names.iter().map(|s| s.to_string()).collect();
        self
    }

    /// With a configuration entry.
    pub fn config(mut self, key: &str, value: &str) -> Action {
        self.configuration.insert(key.into(), value.into());
        self
    }

    /// With a variable namespace.
    pub fn namespace(mut self, ns: &str) -> Action {
        self.namespace = Some(ns.into());
        self
    }

    /// Whether this is a manual approval (Approval / AWS / Manual).
    pub fn is_manual_approval(&self) -> bool {
        self.category == Category::Approval && self.provider == "Manual"
    }
}

/// What happens when a stage fails (`onFailure.result`,
/// https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_FailureConditions.html).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnFailure {
    Rollback,
    Retry,
}

/// One stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub name: String,
    pub actions: Vec<Action>,
    pub on_failure: Option<OnFailure>,
}

impl Stage {
    /// A stage of these actions.
    pub fn new(name: &str, actions: Vec<Action>) -> Stage {
        Stage {
            name: name.into(),
            actions,
            on_failure: None,
        }
    }
}

/// Include and exclude patterns of a trigger filter (glob patterns).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub includes: Vec<String>,
    pub excludes: Vec<String>,
}

/// A `push` filter of a trigger.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PushFilter {
    pub branches: Option<Filter>,
    pub file_paths: Option<Filter>,
    pub tags: Option<Filter>,
}

/// A `pullRequest` filter of a trigger.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PullRequestFilter {
    /// `OPEN`, `UPDATED`, `CLOSED` (all three when left out).
    pub events: Vec<String>,
    pub branches: Option<Filter>,
    pub file_paths: Option<Filter>,
}

/// A trigger (`triggers[]`: providerType CodeStarSourceConnection, gitConfiguration).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trigger {
    pub source_action: String,
    pub push: Vec<PushFilter>,
    pub pull_request: Vec<PullRequestFilter>,
}

/// A pipeline-level variable.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    pub name: String,
    pub default_value: Option<String>,
    pub description: Option<String>,
}

/// A pipeline definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    pub name: String,
    pub pipeline_type: PipelineType,
    pub execution_mode: ExecutionMode,
    pub stages: Vec<Stage>,
    pub variables: Vec<Variable>,
    pub triggers: Vec<Trigger>,
}

impl Pipeline {
    /// A V1 SUPERSEDED pipeline of these stages.
    pub fn new(name: &str, stages: Vec<Stage>) -> Pipeline {
        Pipeline {
            name: name.into(),
            pipeline_type: PipelineType::V1,
            execution_mode: ExecutionMode::Superseded,
            stages,
            variables: Vec::new(),
            triggers: Vec::new(),
        }
    }

    /// With an execution mode (and type V2 when the mode needs it).
    pub fn mode(mut self, mode: ExecutionMode) -> Pipeline {
        self.execution_mode = mode;
        if mode != ExecutionMode::Superseded {
            self.pipeline_type = PipelineType::V2;
        }
        self
    }
}
