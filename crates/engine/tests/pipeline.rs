//! CodePipeline: definitions read and checked (real public files, invalid ones with exact
//! findings), and executions simulated.
#![cfg(feature = "cicd")]

use engine::pipeline::*;

fn fixture(path: &str) -> String {
    let p = format!(
        "{}/tests/fixtures/pipeline/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// `line:col rule-id args…` of every finding.
fn findings(text: &str) -> Vec<String> {
    validate(text)
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d.pos.line,
                d.pos.col,
                d.rule.id(),
                d.args.join(" | ")
            )
        })
        .collect()
}

fn real_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["real", "own"] {
        let d = format!(
            "{}/tests/fixtures/pipeline/{dir}",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut files: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            out.push((
                f.display().to_string(),
                std::fs::read_to_string(&f).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn real_public_definitions_give_no_error() {
    let files = real_files();
    assert!(files.len() >= 12, "{}", files.len());
    for (name, text) in &files {
        let report = validate(text);
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        // Warnings only where justified (SOURCES.md): partner actions not checked.
        for d in &report.diagnostics {
            assert_eq!(d.rule, Rule::NotChecked, "{name}: {d:?}");
        }
        let p = report.pipeline.expect(name);
        assert!(p.stages.len() >= 2, "{name}");
    }
}

#[test]
fn the_v2_definition_reads_its_triggers_variables_and_mode() {
    let p = validate(&fixture("own/v2-triggers.yaml")).pipeline.unwrap();
    assert_eq!(p.pipeline_type, PipelineType::V2);
    assert_eq!(p.execution_mode, ExecutionMode::Queued);
    assert_eq!(p.variables[0].default_value.as_deref(), Some("staging"));
    let t = &p.triggers[0];
    assert_eq!(t.source_action, "Source");
    assert_eq!(t.push.len(), 2);
    assert_eq!(t.push[0].file_paths.as_ref().unwrap().excludes, ["**/*.md"]);
    assert_eq!(t.pull_request[0].events, ["OPEN", "UPDATED"]);
    assert_eq!(p.stages[3].on_failure, Some(OnFailure::Rollback));
    assert_eq!(p.stages[2].actions[0].timeout_minutes, Some(1440));
}

fn ids(text: &str) -> Vec<String> {
    validate(text)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect()
}

#[test]
fn structure_errors_have_their_line_column_and_rule() {
    assert_eq!(
        ids(&fixture("invalid/bad-structure.json")),
        [
            "3:13 name",
            "6:22 needs-v2",
            "14:102 configuration-value",
            "16:13 unknown-key",
            "25:29 action-type",
            "28:25 range",
        ]
    );
    let f = findings(&fixture("invalid/bad-structure.json"));
    assert_eq!(
        f[3],
        "16:13 unknown-key Source/Source | runorder | runOrder"
    );
    assert_eq!(
        f[4],
        "25:29 action-type Build | Build | AWS | CodeBiuld | CodeBuild"
    );
}

#[test]
fn missing_artifacts_cycles_and_duplicates_are_named() {
    assert_eq!(
        findings(&fixture("invalid/artifacts.yaml")),
        [
            "19:35 artifact-missing Build | SourceOutptu | SourceOutput",
            "24:35 artifact-order Test | TestOutput | Test | Build | self",
            "30:35 artifact-order Package | DeployOutput | Deploy | Deploy | later",
            "31:36 duplicate-name output-artifact | SourceOutput | Package",
            "36:26 configuration-required Deploy | CloudFormation | RoleArn | ActionMode=CREATE_UPDATE",
            "36:26 configuration-required Deploy | CloudFormation | TemplatePath | ActionMode=CREATE_UPDATE",
        ]
    );
    // Two actions with the same run order: one cannot use the other's output.
    let text = fixture("invalid/artifacts.yaml").replace("runOrder: 2", "runOrder: 1");
    assert!(findings(&text)
        .iter()
        .any(|f| f.contains("artifact-order Package | DeployOutput")));
}

#[test]
fn the_first_stage_holds_sources_and_only_it() {
    assert_eq!(
        findings(&fixture("invalid/stages.json")),
        [
            "10:45 first-stage-source Build | Build | Build",
            "10:45 artifact-count Build | input | 0 | 1 | 5 | CodeBuild",
            "17:46 source-stage Approve | Source",
            "20:44 variable-namespace Approve/Approve.configuration.CustomData | #{Sourse.ImageTag} | Sourse | ",
            "20:74 configuration-unknown Approve | Manual | Notify | ",
        ]
    );
}

#[test]
fn v2_features_and_variables_are_checked() {
    assert_eq!(
        findings(&fixture("invalid/v2.yaml")),
        [
            "6:5 needs-v2 variables | ",
            "9:5 needs-v2 triggers | ",
            "11:27 trigger-source Source | CodeCommit",
            "26:65 variable-undefined Deploy/Deploy.configuration.UserParameters | #{variables.Enviroment} | Enviroment | ",
            "26:65 variable-order Deploy/Deploy.configuration.UserParameters | #{DeployVariables.Out} | DeployVariables | Deploy",
        ]
    );
    // V2 features make the pipeline V2 (a warning, not an error).
    let r = validate(&fixture("invalid/v2.yaml"));
    assert_eq!(r.pipeline.unwrap().pipeline_type, PipelineType::V2);
    assert_eq!(Rule::NeedsV2.severity(), Severity::Warning);
}

#[test]
fn quotas_and_stage_counts() {
    let one_stage = r#"{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111122223333:role/r",
  "artifactStore": {"type": "S3", "location": "bucket"},
  "stages": [{"name": "Source", "actions": []}]}}"#;
    assert_eq!(ids(one_stage), ["3:13 quota", "3:44 quota"]);
    let f = findings(one_stage);
    assert_eq!(f[0], "3:13 quota stages | 1 | 2 | 50 | pipeline.stages");
    assert_eq!(f[1], "3:44 quota actions | 0 | 1 | 50 | Source.actions");
}

#[test]
fn malformed_input_gets_a_finding_never_a_panic() {
    assert_eq!(ids(&fixture("invalid/broken.json")), ["5:3 syntax"]);
    for text in [
        "",
        "[]",
        "42",
        "pipeline: 3",
        "pipeline: {stages: 7}",
        "pipeline: {stages: [1, [2], {name: 3, actions: {}}]}",
        "{\"pipeline\": {\"stages\": [{\"actions\": [{\"actionTypeId\": []}]}]}}",
        "pipeline:\n  stages:\n    - actions:\n        - runOrder: 1e300\n          timeoutInMinutes: -1\n          configuration: {A: [1]}",
        &"[".repeat(10_000),
        &format!("pipeline: {{name: {}, stages: []}}", "x".repeat(100_000)),
    ] {
        let r = validate(text);
        assert!(r.has_errors(), "{text:.60}");
    }
    // A not-a-pipeline document says what it is.
    assert_eq!(findings("[1, 2]"), ["1:1 not-a-pipeline list"]);
}

#[test]
fn the_top_level_may_be_the_declaration_itself() {
    let bare = fixture("real/awscli-get-pipeline.json");
    let root: &str = bare.trim();
    let inner = &root[root.find("\"pipeline\":").unwrap() + 11..root.rfind('}').unwrap()];
    assert!(
        validate(inner).diagnostics.is_empty(),
        "{:?}",
        validate(inner).diagnostics
    );
}

// ---- executions ----

fn src() -> Action {
    Action::new("Source", Category::Source, "CodeCommit")
        .config("RepositoryName", "app")
        .config("BranchName", "main")
        .outputs(&["Src"])
        .namespace("SourceVariables")
}

fn build() -> Action {
    Action::new("Build", Category::Build, "CodeBuild")
        .config("ProjectName", "app")
        .config("EnvironmentVariables", "#{SourceVariables.CommitId}")
        .inputs(&["Src"])
        .outputs(&["Out"])
}

fn deploy() -> Action {
    Action::new("Deploy", Category::Deploy, "CodeDeploy").inputs(&["Out"])
}

fn approval() -> Action {
    Action::new("Approve", Category::Approval, "Manual")
}

fn three_stages() -> Pipeline {
    Pipeline::new(
        "app",
        vec![
            Stage::new("Source", vec![src()]),
            Stage::new("Build", vec![build()]),
            Stage::new("Deploy", vec![deploy()]),
        ],
    )
}

fn push(t: i64, commit: &str) -> (i64, Event) {
    (
        t,
        Event::Push(Push {
            commit: commit.into(),
            branch: "main".into(),
            ..Push::default()
        }),
    )
}

fn statuses(sim: &Simulation) -> Vec<&'static str> {
    sim.history().iter().map(|e| e.status.name()).collect()
}

fn stage_status(e: &ExecutionRecord, stage: usize) -> Option<&'static str> {
    e.stages[stage].status.map(|s| s.name())
}

#[test]
fn an_execution_runs_stage_after_stage_and_carries_its_revision() {
    let mut runner = TableRunner::new(60);
    let (sim, refused) = run(&three_stages(), &[push(10, "c1")], &mut runner, 10_000);
    assert!(refused.is_empty());
    let e = &sim.history()[0];
    assert_eq!(e.status, ExecutionStatus::Succeeded);
    assert_eq!(e.trigger, TriggerType::CloudWatchEvent);
    assert_eq!(e.revisions[0].id, "c1");
    assert_eq!((e.started, e.ended), (10, Some(190)));
    assert_eq!(e.stages[1].actions[0].started, Some(70));
    assert_eq!(e.stages[2].ended, Some(190));
}

#[test]
fn the_runner_sees_inputs_and_resolved_variables() {
    struct Spy(Vec<String>);
    impl Runner for Spy {
        fn run(&mut self, ctx: &ActionContext) -> ActionRun {
            self.0.push(format!(
                "{} {:?} {:?}",
                ctx.action.name,
                ctx.inputs,
                ctx.configuration.get("EnvironmentVariables")
            ));
            ActionRun::ok(5)
        }
    }
    let mut spy = Spy(Vec::new());
    run(&three_stages(), &[push(0, "abc123")], &mut spy, 100);
    assert_eq!(spy.0[1], r#"Build {"Src": "abc123"} Some("abc123")"#);
    assert_eq!(spy.0[2], r#"Deploy {"Out": "1:Build:0"} None"#);
}

#[test]
fn a_failed_action_fails_the_stage_and_the_execution_later_stages_do_not_run() {
    let mut runner =
        TableRunner::new(60).then("Build", "Build", ActionRun::failed(30, "exit status 2"));
    let (sim, _) = run(&three_stages(), &[push(0, "c1")], &mut runner, 10_000);
    let e = &sim.history()[0];
    assert_eq!(e.status, ExecutionStatus::Failed);
    assert_eq!(stage_status(e, 1), Some("Failed"));
    assert_eq!(e.stages[1].actions[0].summary, "exit status 2");
    assert_eq!(stage_status(e, 2), None);
    assert_eq!(e.ended, Some(90));
}

fn with_approval() -> Pipeline {
    Pipeline::new(
        "app",
        vec![
            Stage::new("Source", vec![src()]),
            Stage::new("Approval", vec![approval()]),
            Stage::new("Build", vec![build()]),
        ],
    )
}

#[test]
fn an_approval_waits_for_the_learner() {
    let mut runner = TableRunner::new(10);
    let mut sim = Simulation::new(with_approval());
    sim.apply(&push(0, "c1").1, &mut runner).unwrap();
    sim.advance_to(3600, &mut runner);
    let e = &sim.history()[0];
    assert_eq!(e.status, ExecutionStatus::InProgress);
    assert_eq!(
        e.stages[1].actions[0].status,
        Some(ActionStatus::InProgress)
    );
    let approve = Event::Approve {
        execution: "1".into(),
        stage: "Approval".into(),
        action: "Approve".into(),
        comment: "looks good".into(),
    };
    sim.apply(&approve, &mut runner).unwrap();
    sim.advance_to(4000, &mut runner);
    let e = &sim.history()[0];
    assert_eq!(e.stages[1].actions[0].summary, "looks good");
    assert_eq!(e.stages[1].ended, Some(3600));
    assert_eq!(e.status, ExecutionStatus::Succeeded);
    // Approving again is refused: nothing waits.
    assert!(matches!(
        sim.apply(&approve, &mut runner),
        Err(Refusal::NoApproval(_))
    ));
}

#[test]
fn an_approval_times_out_after_seven_days() {
    let mut runner = TableRunner::new(10);
    let (sim, _) = run(
        &with_approval(),
        &[push(0, "c1")],
        &mut runner,
        30 * 24 * 3600,
    );
    let e = &sim.history()[0];
    assert_eq!(e.status, ExecutionStatus::Failed);
    assert_eq!(e.stages[1].actions[0].ended, Some(10 + 7 * 24 * 3600));
    assert_eq!(e.stages[1].actions[0].summary, "timeout");
    // One second before, it still waits.
    let before = sim.state_at(10 + 7 * 24 * 3600 - 1);
    assert_eq!(before.executions[0].status, ExecutionStatus::InProgress);
}

#[test]
fn a_rejection_fails_the_execution() {
    let mut runner = TableRunner::new(10);
    let reject = Event::Reject {
        execution: "1".into(),
        stage: "Approval".into(),
        action: "Approve".into(),
        comment: "not today".into(),
    };
    let (sim, refused) = run(
        &with_approval(),
        &[push(0, "c1"), (100, reject)],
        &mut runner,
        1000,
    );
    assert!(refused.is_empty());
    let e = &sim.history()[0];
    assert_eq!(e.status, ExecutionStatus::Failed);
    assert_eq!(e.stages[1].actions[0].summary, "not today");
    assert_eq!(stage_status(e, 2), None);
}

#[test]
fn superseded_a_newer_execution_overtakes_one_waiting_to_enter_a_stage() {
    // Build takes 100 s: while 1 builds, 2 and then 3 wait to enter Build; 3 supersedes 2.
    let mut runner = TableRunner::new(100)
        .then("Source", "Source", ActionRun::ok(1))
        .then("Source", "Source", ActionRun::ok(1))
        .then("Source", "Source", ActionRun::ok(1));
    let script = [push(0, "c1"), push(10, "c2"), push(20, "c3")];
    let (sim, _) = run(&three_stages(), &script, &mut runner, 10_000);
    assert_eq!(statuses(&sim), ["Succeeded", "Superseded", "Succeeded"]);
    assert_eq!(sim.history()[1].summary, "Build");
    let s = sim.state_at(50);
    assert_eq!(
        s.stages()[1],
        (
            "Build".to_string(),
            Some(("1".to_string(), StageStatus::InProgress))
        )
    );
    assert_eq!(
        s.execution("3").unwrap().waiting_for.as_deref(),
        Some("Build")
    );
}

#[test]
fn queued_executions_wait_in_order() {
    let mut runner = TableRunner::new(100)
        .then("Source", "Source", ActionRun::ok(1))
        .then("Source", "Source", ActionRun::ok(1))
        .then("Source", "Source", ActionRun::ok(1));
    let script = [push(0, "c1"), push(10, "c2"), push(20, "c3")];
    let p = three_stages().mode(ExecutionMode::Queued);
    let (sim, _) = run(&p, &script, &mut runner, 10_000);
    assert_eq!(statuses(&sim), ["Succeeded", "Succeeded", "Succeeded"]);
    let builds: Vec<_> = sim
        .history()
        .iter()
        .map(|e| e.stages[1].started.unwrap())
        .collect();
    assert_eq!(builds, [1, 101, 201]);
}

#[test]
fn parallel_executions_are_independent() {
    let mut runner = TableRunner::new(100);
    let script = [push(0, "c1"), push(10, "c2"), push(20, "c3")];
    let p = three_stages().mode(ExecutionMode::Parallel);
    let (sim, _) = run(&p, &script, &mut runner, 10_000);
    assert_eq!(statuses(&sim), ["Succeeded", "Succeeded", "Succeeded"]);
    let ends: Vec<_> = sim.history().iter().map(|e| e.ended.unwrap()).collect();
    assert_eq!(ends, [300, 310, 320]);
}

#[test]
fn actions_with_the_same_run_order_run_together() {
    let p = Pipeline::new(
        "app",
        vec![
            Stage::new("Source", vec![src()]),
            Stage::new(
                "Test",
                vec![
                    Action::new("Unit", Category::Test, "CodeBuild")
                        .inputs(&["Src"])
                        .run_order(1),
                    Action::new("Lint", Category::Test, "CodeBuild")
                        .inputs(&["Src"])
                        .run_order(1),
                    Action::new("Integration", Category::Test, "CodeBuild")
                        .inputs(&["Src"])
                        .run_order(2),
                ],
            ),
        ],
    );
    let mut runner = TableRunner::new(10)
        .then("Test", "Unit", ActionRun::ok(30))
        .then("Test", "Lint", ActionRun::ok(50));
    let (sim, _) = run(&p, &[push(0, "c1")], &mut runner, 1000);
    let t = &sim.history()[0].stages[1].actions;
    assert_eq!((t[0].started, t[1].started), (Some(10), Some(10)));
    assert_eq!(
        t[2].started,
        Some(60),
        "after the slower of the first group"
    );
    assert_eq!(sim.history()[0].ended, Some(70));
}

#[test]
fn retry_reruns_the_failed_actions_with_the_same_revision() {
    let p = Pipeline::new(
        "app",
        vec![
            Stage::new("Source", vec![src()]),
            Stage::new(
                "Test",
                vec![
                    Action::new("Unit", Category::Test, "CodeBuild").inputs(&["Src"]),
                    Action::new("Lint", Category::Test, "CodeBuild").inputs(&["Src"]),
                ],
            ),
        ],
    );
    let mut runner =
        TableRunner::new(10).then("Test", "Lint", ActionRun::failed(20, "lint errors"));
    let retry = Event::Retry {
        execution: "1".into(),
        stage: "Test".into(),
        all: false,
    };
    let (sim, refused) = run(
        &p,
        &[push(0, "c1"), (100, retry.clone())],
        &mut runner,
        1000,
    );
    assert!(refused.is_empty(), "{refused:?}");
    let e = &sim.history()[0];
    assert_eq!(e.status, ExecutionStatus::Succeeded);
    assert_eq!(e.revisions[0].id, "c1");
    let a = &e.stages[1].actions;
    assert_eq!(
        (a[0].attempt, a[0].started),
        (1, Some(10)),
        "Unit is not run again"
    );
    assert_eq!((a[1].attempt, a[1].started), (2, Some(100)));
    // A stage that did not fail cannot be retried.
    let (_, refused) = run(
        &p,
        &[push(0, "c1"), (100, retry)],
        &mut TableRunner::new(10),
        1000,
    );
    assert!(matches!(refused[0].1, Refusal::NotRetryable(_)));
}

#[test]
fn a_disabled_transition_holds_executions_and_only_the_newest_waits() {
    let disable = Event::DisableTransition {
        stage: "Deploy".into(),
        reason: "change freeze".into(),
    };
    let enable = Event::EnableTransition {
        stage: "Deploy".into(),
    };
    let mut runner = TableRunner::new(10);
    let script = [(0, disable), push(5, "c1"), push(100, "c2"), (1000, enable)];
    let (sim, _) = run(&three_stages(), &script, &mut runner, 5000);
    assert_eq!(statuses(&sim), ["Superseded", "Succeeded"]);
    let s = sim.state_at(500);
    assert!(!s.transitions[2].enabled);
    assert_eq!(s.transitions[2].reason, "change freeze");
    assert_eq!(
        s.execution("2").unwrap().waiting_for.as_deref(),
        Some("Deploy")
    );
    assert_eq!(sim.history()[1].stages[2].started, Some(1000));
}

#[test]
fn triggers_filter_pushes_by_branch_path_and_tag() {
    let p = validate(&fixture("own/v2-triggers.yaml")).pipeline.unwrap();
    let mk = |branch: &str, files: &[&str], tags: &[&str]| {
        Event::Push(Push {
            commit: "c".into(),
            branch: branch.into(),
            files: files.iter().map(|s| s.to_string()).collect(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            ..Push::default()
        })
    };
    let cases = [
        (mk("main", &["src/app/main.rs"], &[]), true),
        (mk("release/1.2", &["src/lib.rs"], &[]), true),
        (mk("feature/x", &["src/lib.rs"], &[]), false),
        (mk("main", &["docs/readme.txt"], &[]), false),
        (mk("main", &["src/README.md"], &[]), false),
        (mk("anything", &[], &["v1.0.0"]), true),
        (mk("anything", &[], &["nightly"]), false),
    ];
    for (ev, starts) in cases {
        let mut sim = Simulation::new(p.clone());
        let r = sim.apply(&ev, &mut TableRunner::new(10));
        assert_eq!(r.is_ok(), starts, "{ev:?}");
        if starts {
            assert_eq!(sim.history()[0].trigger, TriggerType::WebhookV2);
        }
    }
    let pr = |event: &str, branch: &str| Event::PullRequest {
        source_action: String::new(),
        event: event.into(),
        commit: "c".into(),
        branch: branch.into(),
        files: vec![],
    };
    let mut sim = Simulation::new(p.clone());
    assert!(sim
        .apply(&pr("OPEN", "main"), &mut TableRunner::new(10))
        .is_ok());
    assert!(sim
        .apply(&pr("CLOSED", "main"), &mut TableRunner::new(10))
        .is_err());
    // Without triggers, the source action's branch decides.
    let mut sim = Simulation::new(three_stages());
    let other = Event::Push(Push {
        branch: "dev".into(),
        ..Push::default()
    });
    assert!(matches!(
        sim.apply(&other, &mut TableRunner::new(1)),
        Err(Refusal::Filtered(_))
    ));
}

#[test]
fn stop_abandons_or_lets_actions_finish() {
    let stop = |abandon| Event::Stop {
        execution: "1".into(),
        abandon,
        reason: "wrong commit".into(),
    };
    let mut runner = TableRunner::new(100);
    let (sim, _) = run(
        &three_stages(),
        &[push(0, "c1"), (150, stop(true))],
        &mut runner,
        1000,
    );
    let e = &sim.history()[0];
    assert_eq!(e.status, ExecutionStatus::Stopped);
    assert_eq!(e.stages[1].actions[0].status, Some(ActionStatus::Abandoned));
    let (sim, _) = run(
        &three_stages(),
        &[push(0, "c1"), (150, stop(false))],
        &mut TableRunner::new(100),
        1000,
    );
    let e = &sim.history()[0];
    assert_eq!(
        sim.state_at(160).executions[0].status,
        ExecutionStatus::Stopping
    );
    assert_eq!(e.status, ExecutionStatus::Stopped);
    assert_eq!(e.stages[1].actions[0].status, Some(ActionStatus::Succeeded));
    assert_eq!(stage_status(e, 2), None);
}

#[test]
fn runs_are_deterministic() {
    let script = [
        push(0, "c1"),
        push(10, "c2"),
        push(20, "c3"),
        push(400, "c4"),
    ];
    let a = run(&three_stages(), &script, &mut TableRunner::new(77), 5000).0;
    let b = run(&three_stages(), &script, &mut TableRunner::new(77), 5000).0;
    assert_eq!(a.history(), b.history());
    assert_eq!(a.state_at(123), b.state_at(123));
}

#[test]
fn glob_patterns() {
    assert!(glob("src/**", "src/a/b.rs"));
    assert!(glob("**/*.md", "a/b/README.md"));
    assert!(glob("**/*.md", "README.md"));
    assert!(!glob("src/*", "src/a/b.rs"));
    assert!(glob("release/*", "release/1.2"));
    assert!(glob("v?.*", "v1.0"));
}

#[test]
fn odd_simulations_do_not_panic() {
    // No stages, an unknown stage, a runner that takes forever or a negative time.
    let empty = Pipeline::new("empty", vec![]);
    let mut sim = Simulation::new(empty);
    let mut runner = TableRunner::new(10);
    assert!(sim.apply(&push(0, "c").1, &mut runner).is_err());
    let start = Event::Start {
        revision: "r".into(),
        variables: Default::default(),
    };
    assert!(sim.apply(&start, &mut runner).is_ok());
    assert_eq!(sim.history()[0].status, ExecutionStatus::Succeeded);
    let mut forever = TableRunner::new(i64::MAX).then("Build", "Build", ActionRun::ok(-5));
    let (sim, refused) = run(
        &three_stages(),
        &[
            push(0, "c1"),
            (
                5,
                Event::EnableTransition {
                    stage: "Nope".into(),
                },
            ),
            (
                6,
                Event::Retry {
                    execution: "9".into(),
                    stage: "Build".into(),
                    all: true,
                },
            ),
        ],
        &mut forever,
        1_000_000,
    );
    assert_eq!(refused.len(), 2);
    assert_eq!(
        sim.history()[0].status,
        ExecutionStatus::InProgress,
        "the source never ends"
    );
}
