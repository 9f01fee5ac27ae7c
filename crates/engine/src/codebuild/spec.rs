//! A buildspec as typed data (what `validate` reads and `run` executes).
//! Fields and defaults: https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html

use crate::tree::Pos;

/// The buildspec version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// 0.1: each command runs in its own instance of the default shell (build-spec-ref.html,
    /// "phases" note), so `cd` and `export` do not carry over to the next command.
    V01,
    /// 0.2: the commands of a build share one shell.
    V02,
}

/// The four phases a buildspec may list, in the order CodeBuild runs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PhaseName {
    Install,
    PreBuild,
    Build,
    PostBuild,
}

impl PhaseName {
    pub const ALL: [PhaseName; 4] = [
        PhaseName::Install,
        PhaseName::PreBuild,
        PhaseName::Build,
        PhaseName::PostBuild,
    ];

    /// The name as written in a buildspec: `pre_build`.
    pub fn key(self) -> &'static str {
        match self {
            PhaseName::Install => "install",
            PhaseName::PreBuild => "pre_build",
            PhaseName::Build => "build",
            PhaseName::PostBuild => "post_build",
        }
    }

    pub fn from_key(key: &str) -> Option<PhaseName> {
        PhaseName::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// What a phase does when one of its commands fails (build-spec-ref.html, phases/*/on-failure).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum OnFailure {
    /// Not written: the build follows CodeBuild's phase transitions.
    #[default]
    Transitions,
    /// `ABORT`: the build is aborted (it goes on to FINALIZING).
    Abort,
    /// `CONTINUE`: the build goes on to the next phase.
    Continue,
    /// `RETRY`, `RETRY-count`, `RETRY-regex`, `RETRY-count-regex`: the phase is tried again up
    /// to `count` times (3 when not written) when the failure's message matches `regex` (`.*`).
    Retry { count: u32, regex: String },
}

/// A command and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub text: String,
    pub pos: Pos,
}

/// One phase of the buildspec.
#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    pub name: PhaseName,
    pub run_as: Option<String>,
    pub on_failure: OnFailure,
    /// install only: runtime name and version as written (`nodejs`, `18`).
    pub runtime_versions: Vec<(String, String)>,
    pub commands: Vec<Command>,
    pub finally: Vec<Command>,
}

/// A Secrets Manager reference: `secret-id:json-key:version-stage:version-id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretRef {
    pub secret_id: String,
    pub json_key: Option<String>,
    pub version_stage: Option<String>,
    pub version_id: Option<String>,
}

/// `env`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Env {
    pub shell: Option<String>,
    pub variables: Vec<(String, String)>,
    /// Variable name → parameter name in Parameter Store.
    pub parameter_store: Vec<(String, String)>,
    pub secrets_manager: Vec<(String, SecretRef)>,
    pub exported_variables: Vec<String>,
    pub git_credential_helper: bool,
}

/// `proxy`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Proxy {
    pub upload_artifacts: bool,
    pub logs: bool,
}

/// A task of a build list or build graph.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct BatchTask {
    pub identifier: Option<String>,
    pub depend_on: Vec<String>,
    pub buildspec: Option<String>,
    pub ignore_failure: bool,
    pub pos: Pos,
}

/// The batch type (batch-build-buildspec.html).
#[derive(Clone, Debug, PartialEq, Default)]
pub enum BatchKind {
    #[default]
    None,
    List(Vec<BatchTask>),
    /// A build matrix: its `dynamic` environment variables, each with its values (one build
    /// for each combination).
    Matrix {
        images: Vec<String>,
        variables: Vec<(String, Vec<String>)>,
    },
    Graph(Vec<BatchTask>),
}

/// `batch`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Batch {
    pub fast_fail: bool,
    pub kind: BatchKind,
}

/// The report file formats (build-spec-ref.html, reports/<report-group>/file-format).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FileFormat {
    // Test reports.
    CucumberJson,
    #[default]
    JunitXml,
    NunitXml,
    Nunit3Xml,
    TestNgXml,
    VisualStudioTrx,
    // Code coverage reports.
    CloverXml,
    CoberturaXml,
    JacocoXml,
    SimpleCov,
}

impl FileFormat {
    pub const ALL: [FileFormat; 10] = [
        FileFormat::CucumberJson,
        FileFormat::JunitXml,
        FileFormat::NunitXml,
        FileFormat::Nunit3Xml,
        FileFormat::TestNgXml,
        FileFormat::VisualStudioTrx,
        FileFormat::CloverXml,
        FileFormat::CoberturaXml,
        FileFormat::JacocoXml,
        FileFormat::SimpleCov,
    ];

    /// The value as CodeBuild names it: `JUNITXML`.
    pub fn name(self) -> &'static str {
        match self {
            FileFormat::CucumberJson => "CUCUMBERJSON",
            FileFormat::JunitXml => "JUNITXML",
            FileFormat::NunitXml => "NUNITXML",
            FileFormat::Nunit3Xml => "NUNIT3XML",
            FileFormat::TestNgXml => "TESTNGXML",
            FileFormat::VisualStudioTrx => "VISUALSTUDIOTRX",
            FileFormat::CloverXml => "CLOVERXML",
            FileFormat::CoberturaXml => "COBERTURAXML",
            FileFormat::JacocoXml => "JACOCOXML",
            FileFormat::SimpleCov => "SIMPLECOV",
        }
    }

    /// The value is not case sensitive (build-spec-ref.html).
    pub fn parse(value: &str) -> Option<FileFormat> {
        FileFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(value))
    }

    /// A code coverage format (the others are test report formats).
    pub fn is_coverage(self) -> bool {
        matches!(
            self,
            FileFormat::CloverXml
                | FileFormat::CoberturaXml
                | FileFormat::JacocoXml
                | FileFormat::SimpleCov
        )
    }
}

/// A report group of `reports`.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportGroup {
    /// The name or ARN as written.
    pub name: String,
    pub files: Vec<String>,
    pub base_directory: Option<String>,
    pub discard_paths: bool,
    pub file_format: FileFormat,
}

/// `artifacts` or one of its secondary artifacts.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Artifacts {
    /// The artifact identifier (secondary artifacts only).
    pub identifier: Option<String>,
    pub files: Vec<String>,
    pub name: Option<String>,
    pub discard_paths: bool,
    pub base_directory: Option<String>,
    pub exclude_paths: Vec<String>,
    pub enable_symlinks: bool,
    pub s3_prefix: Option<String>,
    pub secondary: Vec<Artifacts>,
}

/// `cache`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Cache {
    pub key: Option<String>,
    pub fallback_keys: Vec<String>,
    /// `restore` or `save`; both when not written.
    pub action: Option<String>,
    pub paths: Vec<String>,
}

/// A buildspec read into typed data.
#[derive(Clone, Debug, PartialEq)]
pub struct Buildspec {
    pub version: Version,
    pub run_as: Option<String>,
    pub env: Env,
    pub proxy: Proxy,
    pub batch: Option<Batch>,
    /// The phases written, in CodeBuild's order.
    pub phases: Vec<Phase>,
    pub reports: Vec<ReportGroup>,
    pub artifacts: Option<Artifacts>,
    pub cache: Option<Cache>,
}

impl Buildspec {
    /// The phase of that name, if written.
    pub fn phase(&self, name: PhaseName) -> Option<&Phase> {
        self.phases.iter().find(|p| p.name == name)
    }
}
