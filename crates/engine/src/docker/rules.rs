//! The Dockerfile rules: each has a stable id, a severity, and the values its message needs
//! (worded by `course::containers::docker`). Where Docker's own build checks
//! (https://docs.docker.com/reference/build-checks/) have the same rule, its name is in the
//! doc and its semantics are followed; the ids stay ours.

pub use crate::tree::Severity;
use crate::tree::{rules, Pos};

rules! {
    DirectiveDuplicate = "directive-duplicate" Error, "A parser directive written twice (https://docs.docker.com/reference/dockerfile/#parser-directives: each may be used once). Args: name.";
    EscapeValue = "escape-value" Error, "`# escape=` with a character other than `\\` or a backtick. Args: value.";
    EmptyContinuation = "empty-continuation" Warning, "An empty line inside a continuation (NoEmptyContinuation). Args: none.";
    UnknownInstruction = "unknown-instruction" Error, "A keyword that is not an instruction. Args: keyword, near instruction or empty.";
    MissingArguments = "missing-arguments" Error, "An instruction without the arguments it needs. Args: instruction.";
    ExecJson = "exec-json" Error, "Arguments written as a JSON array that is not valid JSON (an array of double-quoted strings). Args: instruction.";
    HeredocUnterminated = "heredoc-unterminated" Error, "A here-document whose delimiter line never comes. Args: delimiter.";
    NoFrom = "no-from" Error, "No FROM: a Dockerfile must have at least one build stage. Args: none.";
    BeforeFrom = "before-from" Error, "An instruction other than ARG before the first FROM. Args: instruction.";
    FlagUnknown = "flag-unknown" Error, "A flag the instruction does not take. Args: instruction, flag, near flag or empty.";
    FlagValue = "flag-value" Error, "A flag with a missing or invalid value. Args: instruction, flag, value.";
    MountType = "mount-type" Error, "A RUN --mount type other than bind, cache, tmpfs, secret, ssh. Args: type, near type or empty.";
    MountTarget = "mount-target" Error, "A bind, cache or tmpfs mount without target. Args: type.";
    FromSyntax = "from-syntax" Error, "A FROM that is not `FROM image [AS name]`. Args: the arguments.";
    StageNameInvalid = "stage-name-invalid" Error, "A stage name that is not a letter followed by letters, digits, `-`, `_` or `.`. Args: name.";
    StageDuplicate = "stage-duplicate" Error, "Two stages with one name (DuplicateStageName). Args: name, line of the first.";
    StageNameCasing = "stage-name-casing" Warning, "A stage name with capitals (StageNameCasing). Args: name.";
    FromAsCasing = "from-as-casing" Warning, "FROM and AS in different cases (FromAsCasing). Args: FROM keyword, AS keyword.";
    StageNameReserved = "stage-name-reserved" Warning, "A stage named scratch or context (ReservedStageName). Args: name.";
    CopyFromUnknown = "copy-from-unknown" Error, "COPY --from names no earlier stage (nor an index, nor an image reference). Args: value, near stage or empty.";
    CopyDestination = "copy-destination" Error, "COPY or ADD with several sources into a destination that does not end with `/`. Args: instruction, destination.";
    OnbuildInstruction = "onbuild-instruction" Error, "ONBUILD with ONBUILD, FROM or MAINTAINER. Args: instruction.";
    HealthcheckForm = "healthcheck-form" Error, "A HEALTHCHECK that is neither NONE nor CMD …. Args: first word.";
    ExposeFormat = "expose-format" Error, "An EXPOSE value that is not port[/tcp|/udp] or a range. Args: value.";
    KeyValue = "key-value" Error, "An ENV or LABEL word without `=` (or an ENV name without a value). Args: instruction, word.";
    LegacyKeyValue = "legacy-key-value" Warning, "`ENV key value` without `=` (LegacyKeyValueFormat). Args: instruction.";
    MaintainerDeprecated = "maintainer-deprecated" Warning, "MAINTAINER is deprecated (MaintainerDeprecated). Args: none.";
    JsonArgsRecommended = "json-args-recommended" Warning, "CMD or ENTRYPOINT in shell form: the process does not get the stop signal (JSONArgsRecommended). Args: instruction.";
    MultipleInstructions = "multiple-instructions" Warning, "A second CMD, ENTRYPOINT or HEALTHCHECK in one stage: only the last counts (MultipleInstructionsDisallowed). Args: instruction, line of the first.";
    InstructionCasing = "instruction-casing" Warning, "An instruction in another case than most (ConsistentInstructionCasing). Args: keyword, expected `upper` or `lower`.";
    WorkdirRelative = "workdir-relative" Warning, "A relative WORKDIR before any absolute one in its stage (WorkdirRelativePath). Args: path.";
    UndefinedArgInFrom = "undefined-arg-in-from" Warning, "FROM uses a variable no ARG before the first FROM declares (UndefinedArgInFrom). Args: name, near ARG or empty.";
    UndefinedVar = "undefined-var" Warning, "A variable that no ARG or ENV before it (nor the base image) defines, in an instruction the builder expands (UndefinedVar; checked by the build, which knows the base's environment). Args: name, near name or empty.";
    SecretInArgEnv = "secret-in-arg-env" Warning, "An ARG or ENV named like a secret (SecretsUsedInArgOrEnv). Args: instruction, name.";
    FromLatest = "from-latest" Warning, "A base image with the tag latest or no tag. Args: image.";
    RunAsRoot = "run-as-root" Warning, "The final stage runs as root (no USER, or USER root or 0). Args: user or empty.";
    AptLists = "apt-lists" Warning, "apt-get install without `rm -rf /var/lib/apt/lists/*` in the same RUN. Args: none.";
    AptRecommends = "apt-recommends" Warning, "apt-get install without --no-install-recommends. Args: none.";
    AddInsteadOfCopy = "add-instead-of-copy" Warning, "ADD of local files that COPY would copy (ADD is for URLs, archives to extract, Git). Args: source.";
    NoDockerignore = "no-dockerignore" Warning, "No .dockerignore while a COPY sends e.g. .git or node_modules into the image. Args: path.";
    CopyIgnoredFile = "copy-ignored-file" Error, "A COPY or ADD source that .dockerignore excludes (CopyIgnoredFile). Args: source.";
    CopyNotFound = "copy-not-found" Error, "A COPY or ADD source that matches no file of the build context. Args: source.";
    BaseUnknown = "base-unknown" Error, "A base image the simulated catalogue does not have. Args: image.";
    BaseEndOfLife = "base-end-of-life" Warning, "A base image whose version is past end of life. Args: canonical image.";
    NoShell = "no-shell" Error, "A shell-form RUN in an image without /bin/sh (distroless, scratch). Args: image.";
    TargetUnknown = "target-unknown" Error, "A build target that names no stage. Args: target.";
}

impl Rule {
    /// The name of Docker's build check with the same semantics, if any
    /// (https://docs.docker.com/reference/build-checks/): what `# check=skip=` names.
    pub fn build_check(self) -> Option<&'static str> {
        Some(match self {
            Rule::EmptyContinuation => "NoEmptyContinuation",
            Rule::StageDuplicate => "DuplicateStageName",
            Rule::StageNameCasing => "StageNameCasing",
            Rule::FromAsCasing => "FromAsCasing",
            Rule::StageNameReserved => "ReservedStageName",
            Rule::LegacyKeyValue => "LegacyKeyValueFormat",
            Rule::MaintainerDeprecated => "MaintainerDeprecated",
            Rule::JsonArgsRecommended => "JSONArgsRecommended",
            Rule::MultipleInstructions => "MultipleInstructionsDisallowed",
            Rule::InstructionCasing => "ConsistentInstructionCasing",
            Rule::WorkdirRelative => "WorkdirRelativePath",
            Rule::UndefinedArgInFrom => "UndefinedArgInFrom",
            Rule::UndefinedVar => "UndefinedVar",
            Rule::SecretInArgEnv => "SecretsUsedInArgOrEnv",
            Rule::CopyIgnoredFile => "CopyIgnoredFile",
            _ => return None,
        })
    }
}

/// Whether `# check=skip=…` (`all`, or build-check names separated by commas; parts of the
/// directive separated by `;`) turns a warning off
/// (https://docs.docker.com/build/checks/#skip-checks). Errors are never skipped.
pub fn skipped(check: Option<&str>, rule: Rule) -> bool {
    let Some(check) = check else { return false };
    if rule.severity() == Severity::Error {
        return false;
    }
    let Some(name) = rule.build_check() else {
        return false;
    };
    check
        .split(';')
        .filter_map(|part| part.trim().strip_prefix("skip="))
        .flat_map(|list| list.split(','))
        .any(|n| n.trim() == "all" || n.trim() == name)
}

/// One finding: a rule, where, and the values its message needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub rule: Rule,
    pub args: Vec<String>,
}

impl Diagnostic {
    pub fn new<I, S>(pos: Pos, rule: Rule, args: I) -> Diagnostic
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Diagnostic {
            pos,
            rule,
            args: args.into_iter().map(Into::into).collect(),
        }
    }

    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}
