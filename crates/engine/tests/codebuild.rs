//! CodeBuild: buildspec validation (exact line:col rule-id) and build runs (phase
//! transitions, finally, on-failure, reports, artifacts, ECR, variables, determinism).
#![cfg(feature = "cicd")]

use std::collections::BTreeMap;

use engine::codebuild::*;

fn findings(text: &str) -> Vec<String> {
    validate(text)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect()
}

fn spec(text: &str) -> Buildspec {
    let r = validate(text);
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    r.spec.expect("a buildspec")
}

fn source(files: &[(&str, &str)]) -> Source {
    Source {
        version: "0123456789abcdef0123456789abcdef01234567".into(),
        branch: "main".into(),
        files: files
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn build(text: &str, files: &[(&str, &str)]) -> Build {
    run(&spec(text), &source(files), &Environment::default())
}

fn statuses(b: &Build) -> Vec<String> {
    b.phases
        .iter()
        .map(|p| format!("{}={}", p.phase.name(), p.status.map_or("-", |s| s.name())))
        .collect()
}

fn has_line(b: &Build, text: &str) -> bool {
    b.log.iter().any(|l| l.contains(text))
}

// ---------- validation ----------

#[test]
fn a_valid_buildspec_reads_into_typed_data() {
    let s = spec(
        "version: 0.2\nenv:\n  shell: bash\n  variables:\n    A: \"1\"\n  secrets-manager:\n    DB: prod/db:password\n  exported-variables:\n    - IMAGE_TAG\n  git-credential-helper: yes\nphases:\n  install:\n    runtime-versions:\n      nodejs: 18\n  build:\n    on-failure: CONTINUE\n    commands:\n      - npm test\n    finally:\n      - echo done\nreports:\n  unit:\n    files: ['junit.xml']\n    file-format: junitxml\nartifacts:\n  files:\n    - '**/*'\n  discard-paths: yes\ncache:\n  paths:\n    - node_modules/**/*\n",
    );
    assert_eq!(s.version, Version::V02);
    assert_eq!(s.env.variables, vec![("A".to_string(), "1".to_string())]);
    assert_eq!(
        s.env.secrets_manager[0].1.json_key.as_deref(),
        Some("password")
    );
    assert!(s.env.git_credential_helper);
    assert_eq!(s.phases.len(), 2);
    assert_eq!(
        s.phase(PhaseName::Build).unwrap().on_failure,
        OnFailure::Continue
    );
    assert_eq!(s.reports[0].file_format, FileFormat::JunitXml);
    assert!(s.artifacts.as_ref().unwrap().discard_paths);
}

#[test]
fn unknown_keys_are_errors_with_did_you_mean() {
    let r = validate("version: 0.2\nphases:\n  build:\n    comands:\n      - echo hi\n");
    let d: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.pos.line, d.pos.col, d.rule.id(), d.args.clone()))
        .collect();
    assert_eq!(d[0].2, "phase-commands");
    assert_eq!(
        d[1],
        (
            4,
            5,
            "unknown-key",
            vec!["phases/build".into(), "comands".into(), "commands".into()]
        )
    );
    assert_eq!(
        findings("version: 0.2\nenvironment: {}\nphases:\n  build:\n    commands: [ls]\n"),
        vec!["2:1 unknown-key"]
    );
}

#[test]
fn version_rules() {
    assert_eq!(
        findings("phases:\n  build:\n    commands: [ls]\n"),
        vec!["1:1 version-missing"]
    );
    assert_eq!(
        findings("version: 1.0\nphases:\n  build:\n    commands: [ls]\n"),
        vec!["1:10 version-value"]
    );
    let r = validate("version: 0.1\nphases:\n  build:\n    commands: [ls]\n");
    assert_eq!(
        findings("version: 0.1\nphases:\n  build:\n    commands: [ls]\n"),
        vec!["1:10 version-0.1"]
    );
    assert!(!r.has_errors() && r.spec.unwrap().version == Version::V01);
}

#[test]
fn phase_rules() {
    assert_eq!(findings("version: 0.2\n"), vec!["1:1 phases-missing"]);
    assert_eq!(
        findings("version: 0.2\nphases:\n  prebuild:\n    commands: [ls]\n  build: {}\n"),
        vec!["3:3 phase-unknown", "5:3 phase-commands"]
    );
    let r = validate("version: 0.2\nphases:\n  prebuild:\n    commands: [ls]\n");
    assert_eq!(r.diagnostics[0].args, vec!["prebuild", "pre_build"]);
    assert_eq!(
        findings("version: 0.2\nphases:\n  build:\n    on-failure: IGNORE\n    commands:\n      - echo Build: done\n"),
        vec!["4:17 on-failure", "6:9 command-mapping"]
    );
    assert_eq!(
        findings(
            "version: 0.2\nphases:\n  build:\n    on-failure: RETRY-101\n    commands: [ls]\n"
        ),
        vec!["4:17 retry-count"]
    );
    assert_eq!(
        on_failure("RETRY-2-timeout"),
        Ok(OnFailure::Retry {
            count: 2,
            regex: "timeout".into()
        })
    );
    assert_eq!(
        on_failure("RETRY"),
        Ok(OnFailure::Retry {
            count: 3,
            regex: ".*".into()
        })
    );
    assert_eq!(
        findings("version: 0.2\nphases: [build]\n"),
        vec!["2:9 wrong-type"]
    );
}

#[test]
fn install_may_only_choose_runtimes_and_runtimes_are_known() {
    assert!(findings(
        "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.11\n"
    )
    .is_empty());
    assert_eq!(
        findings("version: 0.2\nphases:\n  install:\n    runtime-versions:\n      node: 18\n      java:\n"),
        vec!["5:7 runtime", "6:11 runtime-version"]
    );
}

#[test]
fn env_rules() {
    assert_eq!(
        findings("version: 0.2\nenv:\n  shell: zsh\n  variables:\n    CODEBUILD_X: a\n  exported-variables: [AWS_X]\n  git-credential-helper: maybe\n  secrets-manager:\n    S: a:b:AWSCURRENT:v1\nphases:\n  build:\n    commands: [ls]\n"),
        vec!["3:10 shell", "5:5 reserved-variable", "6:24 export-aws", "7:26 yes-no", "9:8 secret-reference"]
    );
    assert!(
        secret_ref("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCd:password")
            .is_some()
    );
}

#[test]
fn reports_artifacts_cache_rules() {
    assert_eq!(
        findings("version: 0.2\nphases:\n  build:\n    commands: [ls]\nreports:\n  unit:\n    file-format: XUNIT\nartifacts:\n  name: x\ncache:\n  action: both\n"),
        vec!["6:3 report-files", "7:18 report-format", "9:3 artifact-files", "11:3 cache-paths", "11:11 cache-action"]
    );
    let six = (1..=6)
        .map(|i| format!("  g{i}:\n    files: [a]\n"))
        .collect::<String>();
    assert_eq!(
        findings(&format!(
            "version: 0.2\nphases:\n  build:\n    commands: [ls]\nreports:\n{six}"
        )),
        vec!["16:3 report-groups"]
    );
    assert_eq!(
        findings("version: 0.2\nphases:\n  build:\n    commands: [ls]\nartifacts:\n  secondary-artifacts:\n    a1:\n      files: [x]\n"),
        vec!["6:3 artifact-files"]
    );
}

#[test]
fn batch_graph_cycles_are_named() {
    let text = "version: 0.2\nbatch:\n  fast-fail: false\n  build-graph:\n    - identifier: a\n      depend-on: [c]\n    - identifier: b\n      depend-on: [a]\n    - identifier: c\n      depend-on: [b, d]\nphases:\n  build:\n    commands: [ls]\n";
    let r = validate(text);
    let d: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.pos.line, d.rule.id(), d.args.clone()))
        .collect();
    assert_eq!(
        d[0],
        (5, "batch-cycle", vec!["a -> c -> b -> a".to_string()])
    );
    assert_eq!(
        d[1],
        (
            9,
            "depend-on-unknown",
            vec!["c".to_string(), "d".to_string()]
        )
    );
    assert_eq!(
        findings("version: 0.2\nbatch:\n  build-list:\n    - identifier: x\n  build-graph:\n    - identifier: y\n"),
        vec!["5:3 batch-type"]
    );
}

#[test]
fn malformed_input_never_panics() {
    for text in [
        "",
        "[",
        "- a\n- b\n",
        "version: [0.2]\n",
        "{\"version\": 0.2, \"phases\": {\"build\": {\"commands\": \"ls\"}}}",
        "version: 0.2\nphases:\n  build:\n    commands:\n      - \"echo $((\"\n",
        &"[".repeat(500),
        "version: 0.2\nversion: 0.2\nphases: ~\n",
        "version: 0.2\nbatch:\n  build-graph: {}\n",
    ] {
        let _ = validate(text);
    }
    assert_eq!(findings("- a\n"), vec!["1:1 not-a-buildspec"]);
    assert_eq!(
        findings("version: 0.2\nversion: 0.2\nphases:\n  build:\n    commands: [ls]\n"),
        vec!["2:1 duplicate-key"]
    );
    assert_eq!(
        findings("version: 0.2\nphases:\n  build:\n    commands: [ls\n")[0]
            .split(' ')
            .nth(1),
        Some("syntax")
    );
}

// ---------- running ----------

const NODE_PKG: &str = r#"{"name": "app", "version": "1.0.0", "scripts": {"test": "jest", "build": "vite build"}, "devDependencies": {"jest": "29", "vite": "5"}}"#;
const PASSING: &str = "test('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n";
const FAILING: &str = "test('adds', () => {\n  expect(2).toBe(3);\n});\ntest('ok', () => {\n  expect(1).toBe(1);\n});\n";

#[test]
fn a_passing_build_goes_through_every_phase() {
    let b = build(
        "version: 0.2\nphases:\n  install:\n    commands:\n      - npm ci\n  build:\n    commands:\n      - npm test\nreports:\n  unit:\n    files: [junit.xml]\nartifacts:\n  files: ['src/**/*']\n",
        &[("package.json", NODE_PKG), ("package-lock.json", "{}"), ("src/a.test.js", PASSING)],
    );
    assert_eq!(b.status, Status::Succeeded);
    assert_eq!(
        statuses(&b),
        [
            "SUBMITTED=SUCCEEDED",
            "QUEUED=SUCCEEDED",
            "PROVISIONING=SUCCEEDED",
            "DOWNLOAD_SOURCE=SUCCEEDED",
            "INSTALL=SUCCEEDED",
            "PRE_BUILD=SUCCEEDED",
            "BUILD=SUCCEEDED",
            "POST_BUILD=SUCCEEDED",
            "UPLOAD_ARTIFACTS=SUCCEEDED",
            "FINALIZING=SUCCEEDED",
            "COMPLETED=-"
        ]
    );
    assert!(
        b.log[0].starts_with("[Container] 2026/11/30 10:00:02."),
        "{}",
        b.log[0]
    );
    assert!(has_line(&b, "Entering phase INSTALL"));
    assert!(has_line(&b, "Running command npm ci"));
    assert!(has_line(&b, "Phase complete: BUILD State: SUCCEEDED"));
    assert_eq!(b.reports[0].group, "my-project-unit");
    assert_eq!(b.reports[0].status, "SUCCEEDED");
    assert_eq!(
        b.artifacts[0].files,
        vec![("src/a.test.js".to_string(), "src/a.test.js".to_string())]
    );
}

#[test]
fn a_failing_test_fails_build_but_post_build_and_upload_run() {
    let b = build(
        "version: 0.2\nphases:\n  install:\n    commands: [npm ci]\n  build:\n    commands:\n      - npm test\n      - echo never\n  post_build:\n    commands:\n      - echo post $CODEBUILD_BUILD_SUCCEEDING\nreports:\n  unit:\n    files: [junit.xml]\nartifacts:\n  files: [package.json]\n",
        &[("package.json", NODE_PKG), ("package-lock.json", "{}"), ("src/a.test.js", FAILING)],
    );
    assert_eq!(b.status, Status::Failed);
    let build = b.phase(BuildPhase::Build).unwrap();
    assert_eq!(build.status, Some(Status::Failed));
    let c = build.context.as_ref().unwrap();
    assert_eq!(c.status_code, "COMMAND_EXECUTION_ERROR");
    assert_eq!(
        c.message,
        "Error while executing command: npm test. Reason: exit status 1"
    );
    assert!(has_line(&b, "Phase complete: BUILD State: FAILED"));
    assert!(has_line(&b, "Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: npm test. Reason: exit status 1"));
    assert!(!has_line(&b, "Running command echo never"));
    assert!(b.log.iter().any(|l| l == "post 0"));
    assert_eq!(
        b.phase(BuildPhase::UploadArtifacts).unwrap().status,
        Some(Status::Succeeded)
    );
    let r = &b.reports[0];
    assert_eq!(r.status, "FAILED");
    assert_eq!(
        r.cases.iter().map(|c| c.status).collect::<Vec<_>>(),
        ["FAILED", "SUCCEEDED"]
    );
}

#[test]
fn a_failed_install_or_pre_build_skips_to_finalizing() {
    for phase in ["install", "pre_build"] {
        let b = build(
            &format!("version: 0.2\nphases:\n  {phase}:\n    commands: [npm ci]\n  build:\n    commands: [echo build]\n  post_build:\n    commands: [echo post]\nartifacts:\n  files: ['**/*']\n"),
            &[("package.json", NODE_PKG)],
        );
        let names: Vec<&str> = b.phases.iter().map(|p| p.phase.name()).collect();
        let failed = if phase == "install" {
            "INSTALL"
        } else {
            "PRE_BUILD"
        };
        let i = names.iter().position(|n| *n == failed).unwrap();
        assert_eq!(&names[i + 1..], ["FINALIZING", "COMPLETED"], "{phase}");
        assert!(!has_line(&b, "echo post"));
        assert!(b
            .log
            .iter()
            .any(|l| l.contains("can only install with an existing package-lock.json")));
    }
}

#[test]
fn a_failed_post_build_still_uploads_artifacts() {
    let b = build("version: 0.2\nphases:\n  build:\n    commands: [echo hi > out.txt]\n  post_build:\n    commands: [false]\nartifacts:\n  files: [out.txt]\n", &[]);
    assert_eq!(
        b.phase(BuildPhase::PostBuild).unwrap().status,
        Some(Status::Failed)
    );
    assert_eq!(
        b.phase(BuildPhase::UploadArtifacts).unwrap().status,
        Some(Status::Succeeded)
    );
    assert_eq!(b.status, Status::Failed);
}

#[test]
fn finally_runs_after_a_failure_and_its_own_failure_fails_the_phase() {
    let b = build("version: 0.2\nphases:\n  build:\n    commands:\n      - 'false'\n      - echo skipped\n    finally:\n      - echo cleanup\n", &[]);
    assert!(b.log.iter().any(|l| l == "cleanup"));
    assert!(!b.log.iter().any(|l| l == "skipped"));
    assert_eq!(
        b.phase(BuildPhase::Build).unwrap().status,
        Some(Status::Failed)
    );
    let b = build(
        "version: 0.2\nphases:\n  build:\n    commands: [echo ok]\n    finally: [exit 3]\n",
        &[],
    );
    assert_eq!(
        b.phase(BuildPhase::Build)
            .unwrap()
            .context
            .as_ref()
            .unwrap()
            .message,
        "Error while executing command: exit 3. Reason: exit status 3"
    );
}

#[test]
fn on_failure_continue_goes_on_and_abort_stops() {
    let b = build("version: 0.2\nphases:\n  install:\n    on-failure: CONTINUE\n    commands: ['false']\n  build:\n    commands: [echo built]\n", &[]);
    assert_eq!(
        b.phase(BuildPhase::Install).unwrap().status,
        Some(Status::Failed)
    );
    assert!(b.log.iter().any(|l| l == "built"));
    assert_eq!(b.status, Status::Failed);
    let b = build("version: 0.2\nphases:\n  build:\n    on-failure: ABORT\n    commands: ['false']\n  post_build:\n    commands: [echo post]\nartifacts:\n  files: ['**/*']\n", &[("a", "")]);
    assert!(b.phase(BuildPhase::PostBuild).is_none());
    assert!(b.phase(BuildPhase::UploadArtifacts).is_none());
    let b = build(
        "version: 0.2\nphases:\n  build:\n    on-failure: RETRY-2\n    commands: ['false']\n",
        &[],
    );
    assert_eq!(
        b.phases
            .iter()
            .filter(|p| p.phase == BuildPhase::Build)
            .count(),
        3
    );
}

#[test]
fn unknown_commands_exit_127() {
    let b = build(
        "version: 0.2\nphases:\n  build:\n    commands: [make all]\n",
        &[],
    );
    assert!(has_line(&b, "make: command not found"));
    assert_eq!(
        b.phase(BuildPhase::Build)
            .unwrap()
            .context
            .as_ref()
            .unwrap()
            .message,
        "Error while executing command: make all. Reason: exit status 127"
    );
    // Inside an npm script, a binary that is not installed is not found (sh's words).
    let b = build(
        "version: 0.2\nphases:\n  build:\n    commands: [npm test]\n",
        &[("package.json", NODE_PKG), ("a.test.js", PASSING)],
    );
    assert!(has_line(&b, "sh: 1: jest: not found"));
}

#[test]
fn variables_expand_and_short_shas_work() {
    let b = build(
        "version: 0.2\nenv:\n  variables:\n    NAME: app\n  exported-variables: [IMAGE_TAG]\nphases:\n  build:\n    commands:\n      - export IMAGE_TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)\n      - echo \"${NAME}:$IMAGE_TAG\" && echo '$NAME'\n      - COMMIT=`echo $CODEBUILD_RESOLVED_SOURCE_VERSION | head -c 8`; echo $COMMIT\n      - echo $AWS_REGION $CODEBUILD_BUILD_NUMBER ${MISSING:-none}\n",
        &[],
    );
    assert!(b.log.iter().any(|l| l == "app:0123456"));
    assert!(b.log.iter().any(|l| l == "$NAME"));
    assert!(b.log.iter().any(|l| l == "01234567"));
    assert!(b.log.iter().any(|l| l == "us-east-1 1 none"));
    assert_eq!(b.exported["IMAGE_TAG"], "0123456");
    assert!(b.env["CODEBUILD_BUILD_ID"].starts_with("my-project:"));
    assert!(b.env["CODEBUILD_BUILD_ARN"]
        .starts_with("arn:aws:codebuild:us-east-1:123456789012:build/my-project:"));
}

#[test]
fn version_0_1_runs_each_command_in_its_own_shell() {
    let text = "phases:\n  build:\n    commands:\n      - export X=1\n      - echo x=$X\n";
    let b = build(&format!("version: 0.1\n{text}"), &[]);
    assert!(b.log.iter().any(|l| l == "x="));
    let b = build(&format!("version: 0.2\n{text}"), &[]);
    assert!(b.log.iter().any(|l| l == "x=1"));
}

#[test]
fn artifacts_base_directory_discard_paths_and_excludes() {
    let files = [
        ("my-build1/my-file1.txt", "1"),
        ("my-build2/my-file2.txt", "2"),
        ("my-build2/my-subdirectory/my-file3.txt", "3"),
    ];
    let b = build("version: 0.2\nphases:\n  build:\n    commands: [ls]\nartifacts:\n  files: ['*/my-file3.txt']\n  base-directory: my-build2\n", &files);
    assert_eq!(b.artifacts[0].files[0].0, "my-subdirectory/my-file3.txt");
    let b = build("version: 0.2\nphases:\n  build:\n    commands: [ls]\nartifacts:\n  files: ['**/*']\n  base-directory: 'my-build*'\n  discard-paths: yes\n  exclude-paths: ['my-file2.txt']\n", &files);
    let names: Vec<&str> = b.artifacts[0].files.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(names, ["my-file1.txt", "my-file3.txt"]);
    let b = build(
        "version: 0.2\nphases:\n  build:\n    commands: [ls]\nartifacts:\n  files: [missing.jar]\n",
        &files,
    );
    let up = b.phase(BuildPhase::UploadArtifacts).unwrap();
    assert_eq!(
        up.context.as_ref().unwrap().message,
        "no matching artifact paths found"
    );
    assert_eq!(b.status, Status::Failed);
}

const ECR: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

#[test]
fn pushing_to_ecr_needs_a_login() {
    let spec_text = |login: bool| {
        format!(
            "version: 0.2\nphases:\n  pre_build:\n    commands:\n      - {}\n  build:\n    commands:\n      - docker build -t app .\n      - docker tag app:latest {ECR}/app:$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)\n  post_build:\n    commands:\n      - docker push {ECR}/app:0123456\n      - trivy image --exit-code 1 --severity CRITICAL {ECR}/app:0123456\n",
            if login { format!("aws ecr get-login-password --region us-east-1 | docker login --username AWS --password-stdin {ECR}") } else { "echo no login".into() }
        )
    };
    let env = Environment {
        privileged_mode: true,
        ..Environment::default()
    };
    let src = source(&[("Dockerfile", "FROM node:20-alpine\nCOPY . .\n")]);
    let b = run(&spec(&spec_text(false)), &src, &env);
    assert!(has_line(&b, "no basic auth credentials"));
    assert!(b.images.is_empty());
    let b = run(&spec(&spec_text(true)), &src, &env);
    assert!(has_line(&b, "Login Succeeded"));
    assert_eq!(b.images.len(), 1);
    assert_eq!(b.images[0].uri, format!("{ECR}/app:0123456"));
    assert!(b.images[0].digest.starts_with("sha256:") && b.images[0].digest.len() == 71);
    assert_eq!(b.status, Status::Succeeded);
    // An end-of-life base image has a critical finding: the scan fails the build.
    let old = source(&[("Dockerfile", "FROM node:10-alpine\n")]);
    let b = run(&spec(&spec_text(true)), &old, &env);
    assert_eq!(b.findings.len(), 1);
    assert_eq!(b.findings[0].severity, "CRITICAL");
    assert_eq!(b.status, Status::Failed);
    // Without privileged mode there is no Docker daemon.
    let b = run(&spec(&spec_text(true)), &src, &Environment::default());
    assert!(has_line(&b, "Cannot connect to the Docker daemon"));
}

#[test]
fn a_command_past_the_timeout_times_out() {
    let env = Environment {
        timeout_minutes: 5,
        ..Environment::default()
    };
    let b = run(&spec("version: 0.2\nphases:\n  build:\n    commands: [sleep 600, echo after]\n  post_build:\n    commands: [echo post]\n"), &source(&[]), &env);
    assert_eq!(b.status, Status::TimedOut);
    assert_eq!(
        b.phase(BuildPhase::Build).unwrap().status,
        Some(Status::TimedOut)
    );
    assert!(b.phase(BuildPhase::PostBuild).is_none());
    assert!(!b.log.iter().any(|l| l == "after"));
}

#[test]
fn python_go_and_maven_follow_the_test_convention() {
    let b = build("version: 0.2\nphases:\n  install:\n    commands: [pip install -r requirements.txt]\n  build:\n    commands: [pytest --junitxml=reports/pytest.xml]\nreports:\n  py:\n    files: ['reports/*.xml']\n",
        &[("requirements.txt", "pytest\n"), ("tests/test_math.py", "def test_add():\n    assert 1 + 1 == 2\n\ndef test_bad():\n    assert 1 == 2\n")]);
    assert_eq!(
        b.phase(BuildPhase::Build).unwrap().status,
        Some(Status::Failed)
    );
    assert_eq!(b.reports[0].cases.len(), 2);
    assert_eq!(b.reports[0].cases[1].status, "FAILED");
    let b = build(
        "version: 0.2\nphases:\n  build:\n    commands: [go test ./...]\n",
        &[
            ("go.mod", "module x\n"),
            ("x_test.go", "func TestA(t *testing.T) {\n}\n"),
        ],
    );
    assert_eq!(b.status, Status::Succeeded);
    let pom = "<project><parent><artifactId>p</artifactId></parent><artifactId>demo</artifactId><version>2.1</version></project>";
    let b = build("version: 0.2\nphases:\n  build:\n    commands: [mvn -B package]\nartifacts:\n  files: [target/*.jar]\n  discard-paths: yes\n", &[("pom.xml", pom), ("src/test/java/a/AppTest.java", "class AppTest {\n  @Test\n  void works() {\n    assertEquals(1, 1);\n  }\n}\n")]);
    assert_eq!(b.status, Status::Succeeded, "{:#?}", b.log);
    assert_eq!(b.artifacts[0].files[0].0, "demo-2.1.jar");
    assert!(b
        .files
        .contains_key("target/surefire-reports/TEST-a.AppTest.xml"));
}

#[test]
fn builds_are_deterministic() {
    let text = "version: 0.2\nphases:\n  build:\n    commands: [npm ci, npm test, date]\n";
    let files = [
        ("package.json", NODE_PKG),
        ("package-lock.json", "{}"),
        ("a.test.js", FAILING),
    ];
    assert_eq!(build(text, &files), build(text, &files));
    let b = build(text, &files);
    assert_eq!(b.duration, b.phases.iter().map(|p| p.duration).sum::<u32>());
}

#[test]
fn odd_commands_never_panic() {
    let commands = [
        "sleep 4294967295",
        "sleep 4294967295 && sleep 4294967295",
        "cut -c 9-2",
        "echo ${",
        "echo $(",
        "echo \"open",
        "echo 'open",
        "cd ../../../..",
        "cd /",
        "ls /nowhere",
        "cp",
        "cp a",
        "mv x y",
        "rm -rf /",
        "cat",
        "head -c x",
        "exit -1",
        "exit 999",
        "$(echo $(echo $(echo $(echo hi))))",
        "x=$(x=1)",
        "=",
        "'' ''",
        "docker",
        "docker push",
        "npm",
        "npm run",
        "npx",
        "mvn",
        "go",
        "pip install -r",
        "pytest --junitxml",
        "trivy image",
        "aws ecr describe-image-scan-findings",
        "`echo`",
        "a | b | c",
        "&& || ;",
        "echo \\",
        "echo ~",
        "date +%Y-%m-%d%%",
        "printenv NOPE",
    ];
    let text = format!(
        "version: 0.2\nphases:\n  build:\n    commands:\n{}\n",
        commands
            .iter()
            .map(|c| format!("      - {c:?}\n"))
            .collect::<String>()
    );
    let r = validate(&text);
    let spec = r.spec.unwrap_or_else(|| panic!("{:?}", r.diagnostics));
    let env = Environment {
        privileged_mode: true,
        ..Environment::default()
    };
    for c in &spec.phase(PhaseName::Build).unwrap().commands {
        let one = Buildspec {
            phases: vec![Phase {
                commands: vec![c.clone()],
                ..spec.phases[0].clone()
            }],
            ..spec.clone()
        };
        let _ = run(&one, &source(&[("package.json", "{"), ("a", "b")]), &env);
    }
    // A recursive npm script stops.
    let b = build(
        "version: 0.2\nphases:\n  build:\n    commands: [npm run loop]\n",
        &[("package.json", r#"{"scripts": {"loop": "npm run loop"}}"#)],
    );
    assert_eq!(b.status, Status::Failed);
}

#[test]
fn the_log_reads_as_codebuild_writes_it() {
    let env = Environment {
        webhook: true,
        ..Environment::default()
    };
    let b = run(
        &spec("version: 0.2\nphases:\n  build:\n    commands:\n      - echo $CODEBUILD_WEBHOOK_HEAD_REF\n      - exit 2\nartifacts:\n  files: [a.txt]\n"),
        &source(&[("a.txt", "a")]),
        &env,
    );
    let text: Vec<String> = b
        .log
        .iter()
        .map(|l| match l.strip_prefix("[Container] ") {
            // Keep the prefix, drop the date and time.
            Some(rest) => format!("[Container] {}", &rest[27..]),
            None => l.clone(),
        })
        .collect();
    let src = &b.env["CODEBUILD_SRC_DIR"];
    let expected = [
        "[Container] Running on CodeBuild On-demand".to_string(),
        "[Container] Waiting for agent ping".into(),
        "[Container] Waiting for DOWNLOAD_SOURCE".into(),
        "[Container] Phase is DOWNLOAD_SOURCE".into(),
        format!("[Container] CODEBUILD_SRC_DIR={src}"),
        format!("[Container] YAML location is {src}/buildspec.yml"),
        "[Container] Processing environment variables".into(),
        "[Container] No runtime version selected in buildspec.".into(),
        format!("[Container] Moving to directory {src}"),
        "[Container] Registering with agent".into(),
        "[Container] Phases found in YAML: 1".into(),
        "[Container]  BUILD: 2 commands".into(),
        "[Container] Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED".into(),
        "[Container] Phase context status code:  Message: ".into(),
        "[Container] Entering phase INSTALL".into(),
        "[Container] Phase complete: INSTALL State: SUCCEEDED".into(),
        "[Container] Phase context status code:  Message: ".into(),
        "[Container] Entering phase PRE_BUILD".into(),
        "[Container] Phase complete: PRE_BUILD State: SUCCEEDED".into(),
        "[Container] Phase context status code:  Message: ".into(),
        "[Container] Entering phase BUILD".into(),
        "[Container] Running command echo $CODEBUILD_WEBHOOK_HEAD_REF".into(),
        "refs/heads/main".into(),
        "[Container] Running command exit 2".into(),
        "[Container] Command did not exit successfully exit 2 exit status 2".into(),
        "[Container] Phase complete: BUILD State: FAILED".into(),
        "[Container] Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: exit 2. Reason: exit status 2".into(),
        "[Container] Entering phase POST_BUILD".into(),
        "[Container] Phase complete: POST_BUILD State: SUCCEEDED".into(),
        "[Container] Phase context status code:  Message: ".into(),
        "[Container] Entering phase UPLOAD_ARTIFACTS".into(),
        "[Container] Expanding base directory path: .".into(),
        "[Container] Assembling file list".into(),
        "[Container] Expanding .".into(),
        "[Container] Expanding file paths for base directory .".into(),
        "[Container] Assembling file list".into(),
        "[Container] Expanding a.txt".into(),
        "[Container] Found 1 file(s)".into(),
        "[Container] Phase complete: UPLOAD_ARTIFACTS State: SUCCEEDED".into(),
        "[Container] Phase context status code:  Message: ".into(),
    ];
    assert_eq!(text, expected);
    assert_eq!(b.env["CODEBUILD_WEBHOOK_HEAD_REF"], "refs/heads/main");
    // Times: 2026/11/30 10:00:02 plus the phases' seconds, microseconds after a dot.
    assert!(b.log[0].starts_with("[Container] 2026/11/30 10:00:02."));
    assert_eq!(
        b.log[0].len(),
        "[Container] 2026/11/30 10:00:02.000013 ".len() + "Running on CodeBuild On-demand".len()
    );
}

#[test]
fn scripts_globs_printf_and_git() {
    let b = build(
        "version: 0.2\nphases:\n  build:\n    commands:\n      - chmod a+x *.sh\n      - ./gen_env.sh\n      - cat .env\n      - printf '[{\"name\":\"%s\",\"imageUri\":\"%s\"}]' web repo:$(git rev-parse --short HEAD) > imagedefinitions.json\n      - ls scripts/*.py\n      - bash -c 'echo in a subshell'\n      - ./missing.sh\n",
        &[("gen_env.sh", "#!/bin/bash\n# writes .env\necho \"API=https://example.com\" > .env\n"), ("scripts/a.py", ""), ("scripts/b.py", "")],
    );
    assert!(
        b.log.iter().any(|l| l == "API=https://example.com"),
        "{:#?}",
        b.log
    );
    assert_eq!(
        b.files["imagedefinitions.json"],
        "[{\"name\":\"web\",\"imageUri\":\"repo:0123456\"}]"
    );
    assert!(b.log.iter().any(|l| l == "scripts/a.py") && b.log.iter().any(|l| l == "scripts/b.py"));
    assert!(b.log.iter().any(|l| l == "in a subshell"));
    assert!(has_line(
        &b,
        "bash: ./missing.sh: No such file or directory"
    ));
    assert_eq!(
        b.phase(BuildPhase::Build)
            .unwrap()
            .context
            .as_ref()
            .unwrap()
            .message,
        "Error while executing command: ./missing.sh. Reason: exit status 127"
    );
}
