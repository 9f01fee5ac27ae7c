//! Checks that the app cannot grade (the CloudFormation family's, sealed, and the deployment
//! family's, whose simulator stays in the worker) go to the parsers worker as a `Job::Grade`;
//! the worker grades them in its own copy of the compiled labs, and its answers, settled into
//! the app's report, give the grade the native build gives, in the language asked, for the
//! reference solution and every wrong attempt of every lab that has such checks.
use std::path::Path;
use std::sync::OnceLock;

use course::attempt::Attempt;
use course::cli::read_folder;
use course::family::CheckKind;
use course::jobs::{run, Job, Outcome};
use course::{grade, Catalogue, Lab, Lang, Verdict};

fn lab(id: &str) -> Lab {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../labs")
        .join(id);
    Lab::load(id, &read_folder(&dir).unwrap()).unwrap_or_else(|p| panic!("{p:?}"))
}

fn attempts(id: &str) -> Vec<Attempt> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../labs")
        .join(id);
    let mut folders = vec![dir.join("solution")];
    for entry in std::fs::read_dir(dir.join("attempts")).unwrap() {
        folders.push(entry.unwrap().path());
    }
    folders
        .iter()
        .map(|f| Attempt::load(&read_folder(f).unwrap()).unwrap())
        .collect()
}

/// The compiled labs of a language, as build.rs writes them beside the app.
fn compiled(lang: Lang) -> &'static [u8] {
    static FILES: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    let (en, vi) = FILES.get_or_init(|| {
        let labs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../labs");
        let (order, folders) = course::cli::read_labs(&labs).unwrap();
        let bytes = |lang| Catalogue::from_folders(lang, order.as_deref(), &folders).encode();
        (bytes(Lang::En), bytes(Lang::Vi))
    });
    match lang {
        Lang::En => en,
        Lang::Vi => vi,
    }
}

/// The worker reads neither the native copy of the resource knowledge nor the lab folders:
/// it is asked for the files beside the app.
fn load(name: &str) -> Result<Vec<u8>, String> {
    Ok(match name {
        "labs-en.bin" => compiled(Lang::En).to_vec(),
        "labs-vi.bin" => compiled(Lang::Vi).to_vec(),
        _ => engine::cfn::SCHEMAS_JSON.as_bytes().to_vec(),
    })
}

fn labs_file(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "labs-en.bin",
        Lang::Vi => "labs-vi.bin",
    }
}

/// What the app's build (no template engine, no simulator) has before the worker answers.
fn as_the_app_grades(lab: &Lab, native: &course::GradeReport) -> course::GradeReport {
    let mut app = native.clone();
    for (r, c) in app.results.iter_mut().zip(&lab.checks) {
        let remote = matches!(
            c.kind,
            CheckKind::Cfn(_)
                | CheckKind::Git(_)
                | CheckKind::Build(_)
                | CheckKind::Pipeline(_)
                | CheckKind::Appspec(_)
        ) || (matches!(c.kind, CheckKind::Deploy(_)) && r.answered());
        if remote {
            r.verdict = Verdict::Pending;
            r.points = 0;
        }
    }
    app.earned = app.results.iter().map(|r| r.points).sum();
    app
}

#[test]
fn the_workers_grades_settle_into_the_grades_of_the_native_build() {
    for id in [
        "cfn-fix-template",
        "cfn-dev-prod",
        "cfn-failed-stacks",
        "cfn-change-set",
        "cfn-drift",
        "cfn-nested",
        "cfn-cdk",
        "deploy-canary-rollback",
        "deploy-blue-green",
        "git-strategies",
        "codebuild-buildspec",
        "codebuild-ecr-push",
        "pipeline-approval",
        "pipeline-shift-left",
        "codedeploy-appspec-hooks",
    ] {
        let lab = lab(id);
        for attempt in attempts(id) {
            let native = grade(&lab, &attempt.answers, &Default::default());
            let mut app = as_the_app_grades(&lab, &native);
            assert!(app.pending(), "{id}: {}", attempt.description);
            let job = app
                .grade_job(
                    &lab,
                    &attempt.answers,
                    Lang::En,
                    labs_file(Lang::En),
                    "cfn-resources-x.json",
                )
                .expect("pending checks make a job");
            let Outcome::Graded(settled) = run(Job::Grade(job), &load) else {
                panic!("{id}: the worker did not grade");
            };
            app.settle(&lab, &settled);
            assert!(!app.pending());
            assert_eq!(app.score(), native.score(), "{id}: {}", attempt.description);
            for (a, n) in app.results.iter().zip(&native.results) {
                assert_eq!(
                    a.passed(),
                    n.passed(),
                    "{id} {}: {}",
                    a.id,
                    attempt.description
                );
                assert_eq!(a.answered(), n.answered(), "{id} {}", a.id);
                assert_eq!(
                    a.verdict.message(Lang::En),
                    n.verdict.message(Lang::En),
                    "{id} {}",
                    a.id
                );
                assert_eq!(a.feedback, n.feedback, "{id} {}", a.id);
                assert_eq!(a.input, n.input, "{id} {}", a.id);
            }
        }
    }
}

#[test]
fn the_worker_words_its_grades_in_the_language_asked() {
    let lab = lab("cfn-drift");
    let wrong = attempts("cfn-drift")
        .into_iter()
        .find(|a| a.description.starts_with("Sets the template to 60"))
        .unwrap();
    let mut app = grade(&lab, &wrong.answers, &Default::default());
    for r in &mut app.results {
        r.verdict = Verdict::Pending;
    }
    let job = app
        .grade_job(&lab, &wrong.answers, Lang::Vi, labs_file(Lang::Vi), "f")
        .unwrap();
    let Outcome::Graded(settled) = run(Job::Grade(job), &load) else {
        panic!("not graded");
    };
    let in_sync = settled.iter().find(|s| s.id == "in-sync").unwrap();
    let said = in_sync.said.as_ref().unwrap();
    assert!(!said.passed);
    assert_eq!(
        said.text,
        "Jobs có VisibilityTimeout là 60, không phải 300."
    );
}

#[test]
fn a_worker_that_cannot_grade_leaves_a_reason_not_a_spinner() {
    let lab = lab("cfn-fix-template");
    let mut app = grade(&lab, &Default::default(), &Default::default());
    for r in &mut app.results {
        r.verdict = Verdict::Pending;
    }
    app.unsettled("The parsers could not be loaded.");
    assert!(!app.pending());
    assert!(app
        .results
        .iter()
        .all(|r| !r.passed() && r.verdict.message(Lang::En) == "The parsers could not be loaded."));
}

/// Every text of a panel, block after block, for assertions.
fn texts(panel: &course::panel::Panel) -> String {
    use course::panel::Block;
    let mut out = String::new();
    for b in &panel.blocks {
        match b {
            Block::Heading(t) => out.push_str(&format!("# {t}\n")),
            Block::Note { tone, text } => out.push_str(&format!("[{tone:?}] {text}\n")),
            Block::Table { caption, rows, .. } => {
                out.push_str(&format!("table {caption}\n"));
                for r in rows {
                    let cells: Vec<String> = r
                        .iter()
                        .map(|c| format!("{}:{:?}", c.text, c.tone))
                        .collect();
                    out.push_str(&format!("| {}\n", cells.join(" | ")));
                }
            }
            Block::Code { label, .. } => out.push_str(&format!("code {label}\n")),
            Block::Drawing(d) => {
                out.push_str("drawing\n");
                for shape in &d.shapes {
                    if let course::panel::Shape::Label { text, .. } = shape {
                        out.push_str(&format!("  {text}\n"));
                    }
                }
            }
            Block::Tree { label, .. } => out.push_str(&format!("tree {label}\n")),
            Block::Buttons { label, .. } => out.push_str(&format!("buttons {label}\n")),
            Block::Countdown { label, .. } => out.push_str(&format!("countdown {label}\n")),
        }
    }
    out
}

#[test]
fn the_worker_words_a_deployment_grade_in_the_language_asked() {
    let id = "deploy-canary-rollback";
    let lab = lab(id);
    for attempt in attempts(id) {
        let native = grade(&lab, &attempt.answers, &Default::default());
        let mut app = as_the_app_grades(&lab, &native);
        let job = app
            .grade_job(&lab, &attempt.answers, Lang::Vi, labs_file(Lang::Vi), "f")
            .unwrap();
        let Outcome::Graded(settled) = run(Job::Grade(job), &load) else {
            panic!("not graded");
        };
        app.settle(&lab, &settled);
        assert_eq!(app.score(), native.score(), "{}", attempt.description);
        for (a, n) in app.results.iter().zip(&native.results) {
            assert_eq!(
                a.verdict.message(Lang::Vi),
                n.verdict.message(Lang::Vi),
                "{} {}",
                a.id,
                attempt.description
            );
        }
    }
}

#[test]
fn a_lab_the_worker_cannot_find_or_load_is_a_reason() {
    let lab = lab("deploy-canary-rollback");
    let solution = attempts("deploy-canary-rollback").remove(0);
    let native = grade(&lab, &solution.answers, &Default::default());
    let app = as_the_app_grades(&lab, &native);
    let mut job = app
        .grade_job(&lab, &solution.answers, Lang::En, "labs-missing.bin", "f")
        .unwrap();
    let missing = |name: &str| -> Result<Vec<u8>, String> { Err(format!("{name}: HTTP 404")) };
    match run(Job::Grade(job.clone()), &missing) {
        Outcome::NotRun(reason) => {
            assert!(reason.contains("labs-missing.bin: HTTP 404"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    job.labs = labs_file(Lang::En).into();
    job.lab = "no-such-lab".into();
    match run(Job::Grade(job), &load) {
        Outcome::NotRun(reason) => assert!(reason.contains("no-such-lab"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

fn panel(id: &str, answers: &course::Answers) -> String {
    focused_panel(id, answers, &[])
}

/// The workspace as a step asking `focus` shows it.
fn focused_panel(id: &str, answers: &course::Answers, focus: &[&str]) -> String {
    let lab = lab(id);
    let job = course::jobs::LabGrade {
        lab: lab.id.clone(),
        labs: labs_file(Lang::En).into(),
        lang: Lang::En,
        schemas: "f".into(),
        checks: Vec::new(),
        answers: serde_json::to_string(answers).unwrap(),
        focus: focus.iter().map(ToString::to_string).collect(),
    };
    match run(Job::LabPanel(job), &load) {
        Outcome::Panel(p) => texts(&p),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_labs_workspace_shows_its_stacks_and_previews_the_learners_template() {
    // The drift lab: the stack as set up, and the drift report of the console change.
    let before = panel("cfn-drift", &Default::default());
    assert!(before.contains("# Stack image-jobs"), "{before}");
    assert!(before.contains("# Drift detection"), "{before}");
    let line =
        |text: &str, parts: &[&str]| text.lines().any(|l| parts.iter().all(|p| l.contains(p)));
    assert!(line(&before, &["| Jobs:", "MODIFIED:Warn"]), "{before}");
    assert!(
        line(&before, &["| DeadLetters:", "IN_SYNC:Good"]),
        "{before}"
    );
    assert!(
        line(
            &before,
            &["/VisibilityTimeout", "| 30:", "| 300:", "NOT_EQUAL:Warn"]
        ),
        "{before}"
    );
    assert!(
        !before.contains("Preview"),
        "no preview before the learner writes: {before}"
    );
    // With the learner's template: the change set it would make, not executed.
    let solution = attempts("cfn-drift").remove(0);
    let after = panel("cfn-drift", &solution.answers);
    assert!(
        after.contains("# Preview: the change set for your template"),
        "{after}"
    );
    assert!(line(&after, &["Modify", "Jobs"]), "{after}");
    // The change-set lab: the teammate's rename previewed shows the replacement.
    let renamed = attempts("cfn-change-set")
        .into_iter()
        .find(|a| {
            a.description
                .starts_with("Ships the teammate's bucket rename")
        })
        .unwrap();
    let preview = panel("cfn-change-set", &renamed.answers);
    assert!(preview.contains("code The template it runs"), "{preview}");
    assert!(line(&preview, &["Invoices", "True:"]), "{preview}");
    // The broken-template lab: a template with an error says where; a valid one is created.
    let one_left = attempts("cfn-fix-template")
        .into_iter()
        .find(|a| a.description.starts_with("Fixes four"))
        .unwrap();
    let broken = panel("cfn-fix-template", &one_left.answers);
    assert!(
        broken.contains("[Bad] CloudFormation would reject it: line"),
        "{broken}"
    );
    let fixed = panel(
        "cfn-fix-template",
        &attempts("cfn-fix-template").remove(0).answers,
    );
    assert!(fixed.contains("CREATE_COMPLETE"), "{fixed}");
}

#[test]
fn the_cdk_labs_workspace_shows_the_synthesis_and_cdk_diff_of_the_changed_version() {
    let cdk = panel("cfn-cdk", &Default::default());
    // The TypeScript, what cdk synth makes (the hashed ID, Retain, a NAT gateway per AZ).
    assert!(
        cdk.contains("code The CDK code (TypeScript, read-only)"),
        "{cdk}"
    );
    let synth = cdk
        .split("table What cdk synth makes of it")
        .nth(1)
        .and_then(|t| t.split("\ncode ").next())
        .expect("the synthesized resources");
    assert!(
        synth
            .lines()
            .any(|l| l.contains("| Assets9A31D427:") && l.contains("Retain:Warn")),
        "{synth}"
    );
    assert_eq!(synth.matches("AWS::EC2::NatGateway").count(), 2, "{synth}");
    let diff = cdk
        .split("table cdk diff")
        .nth(1)
        .expect("a cdk diff table");
    assert!(
        diff.lines().any(|l| l.contains("Assets9A31D427")
            && l.contains("BucketName")
            && l.contains("requires replacement:Bad")),
        "{diff}"
    );
    assert!(
        diff.lines()
            .any(|l| l.contains("[-]") && l.contains("AWS::EC2::NatGateway")),
        "{diff}"
    );
}

#[test]
fn a_git_labs_workspace_draws_each_repository_and_its_lead_times() {
    let solution = attempts("git-strategies").remove(0);
    let after = panel("git-strategies", &solution.answers);
    assert!(after.contains("# Repository shop-gitflow"), "{after}");
    assert!(after.contains("# Repository shop-trunk"), "{after}");
    // GitFlow: login waited for Thursday's release; trunk-based: minutes.
    let line =
        |text: &str, parts: &[&str]| text.lines().any(|l| parts.iter().all(|p| l.contains(p)));
    assert!(
        line(&after, &["| login:", "Mon 11:00", "Thu 16:20", "77.3:Warn"]),
        "{after}"
    );
    assert!(
        line(&after, &["| login:", "Mon 11:00", "Mon 11:20", "0.3:Good"]),
        "{after}"
    );
    assert!(after.contains("tag: v1.1.0"), "{after}");
    // DORA's reading of each history: GitFlow deployed twice (hotfix, release) with a
    // median lead time of days; trunk-based four times, within the hour.
    let gitflow = focused_panel("git-strategies", &solution.answers, &["gitflow"]);
    assert!(
        line(&gitflow, &["| Deployments this week:", "| 2:"]),
        "{gitflow}"
    );
    assert!(
        line(
            &gitflow,
            &["| Lead time for changes (median, hours):", "| 49.6:"]
        ),
        "{gitflow}"
    );
    // The step about the trunk-based run shows that repository alone.
    let trunk = focused_panel("git-strategies", &solution.answers, &["trunk"]);
    assert!(trunk.contains("# Repository shop-trunk"), "{trunk}");
    assert!(!trunk.contains("shop-gitflow"), "{trunk}");
    assert!(
        line(&trunk, &["| Deployments this week:", "| 4:"]),
        "{trunk}"
    );
    assert!(
        line(
            &trunk,
            &["| Lead time for changes (median, hours):", "| 0.3:"]
        ),
        "{trunk}"
    );
    // A failing line is named, and what ran before it is drawn.
    let mut broken = solution.answers.clone();
    broken.insert(
        "trunk".into(),
        course::Answer::Text("git switch -c login\nwork login\ngit merge nowhere\n".into()),
    );
    let stopped = panel("git-strategies", &broken);
    assert!(
        stopped.contains("Line 3 (git merge nowhere): fatal: not a valid object name"),
        "{stopped}"
    );
}

#[test]
fn the_shift_left_labs_workspace_shows_which_test_action_stopped_each_commit() {
    let lab = lab("pipeline-shift-left");
    let job = |answers: &course::Answers| course::jobs::LabGrade {
        lab: lab.id.clone(),
        labs: labs_file(Lang::En).into(),
        lang: Lang::En,
        schemas: "f".into(),
        checks: Vec::new(),
        answers: serde_json::to_string(answers).unwrap(),
        focus: Vec::new(),
    };
    let line =
        |text: &str, parts: &[&str]| text.lines().any(|l| parts.iter().all(|p| l.contains(p)));
    // The solution's pipeline; c2, c3 and c4 pushed.
    let answers = attempts("pipeline-shift-left").remove(0).answers;
    let shown = match run(Job::LabPanel(job(&answers)), &load) {
        Outcome::Panel(p) => texts(&p),
        other => panic!("{other:?}"),
    };
    // c2's two test actions start together.
    let starts: Vec<&str> = shown
        .lines()
        .filter(|l| l.starts_with("| 1:") && l.contains("Test/"))
        .collect();
    assert_eq!(starts.len(), 2, "{shown}");
    assert!(starts.iter().all(|l| l.contains("| 0:00:05:")), "{shown}");
    assert!(line(&shown, &["| 1:", "Succeeded:Good", "c2:"]), "{shown}");
    assert!(
        line(
            &shown,
            &[
                "| 2:",
                "Test/UnitTests",
                "Failed:Bad",
                "failed tests: test_vat_is_rounded_to_the_thousand"
            ]
        ),
        "{shown}"
    );
    assert!(
        line(
            &shown,
            &[
                "| 3:",
                "Test/ImageScan",
                "Failed:Bad",
                "trivy image --exit-code 1",
                "CRITICAL end-of-life base image python:3.6"
            ]
        ),
        "{shown}"
    );
    assert!(
        line(&shown, &["| 3:", "Test/UnitTests", "Succeeded:Good"]),
        "{shown}"
    );
    // The log shown is the scan's that stopped c4.
    assert!(
        shown.contains("code Build log of the latest CodeBuild run (my-app-image-scan:"),
        "{shown}"
    );
    assert!(
        line(&shown, &["| Deployments to production:", "| 1:Plain"]),
        "{shown}"
    );
}

#[test]
fn the_pipeline_labs_workspace_draws_the_stages_and_the_history_and_offers_buttons() {
    let lab = lab("pipeline-approval");
    let run_panel = |answers: &course::Answers| {
        let job = course::jobs::LabGrade {
            lab: lab.id.clone(),
            labs: labs_file(Lang::En).into(),
            lang: Lang::En,
            schemas: "f".into(),
            checks: Vec::new(),
            answers: serde_json::to_string(answers).unwrap(),
            focus: Vec::new(),
        };
        match run(Job::LabPanel(job), &load) {
            Outcome::Panel(p) => p,
            other => panic!("{other:?}"),
        }
    };
    let line =
        |text: &str, parts: &[&str]| text.lines().any(|l| parts.iter().all(|p| l.contains(p)));
    // Before the learner acts: the starter (Source and Build), nothing ran, push buttons.
    let before = run_panel(&Default::default());
    let shown = texts(&before);
    assert!(shown.contains("# Pipeline my-app-release"), "{shown}");
    assert!(shown.contains("drawing"), "{shown}");
    // On a step about neither input, the builder (writing the definition) comes first, then
    // the buttons that drive the pipeline (writing the script).
    assert_eq!(before.actions[0].input, "pipeline");
    assert!(before.actions[0].replace);
    let ops: Vec<&str> = before.actions[1]
        .buttons
        .iter()
        .map(|b| b.op.as_str())
        .collect();
    assert_eq!(ops, ["push c2", "push c3", "wait 1h", "wait 7d"]);
    assert_eq!(before.actions[1].input, "script");
    // The solution's pipeline, c2 pushed: it waits at the approval, which has its buttons.
    let mut answers = attempts("pipeline-approval").remove(0).answers;
    answers.insert("script".into(), course::Answer::Text("push c2".into()));
    let waiting = run_panel(&answers);
    let shown = texts(&waiting);
    assert!(
        line(
            &shown,
            &[
                "| 1:",
                "InProgress:Busy",
                "c2: Give members",
                "waits for an answer at approval Approval/Approval"
            ]
        ),
        "{shown}"
    );
    assert!(
        line(
            &shown,
            &["Staging/Deploy", "Succeeded:Good", "c2 deployed to staging"]
        ),
        "{shown}"
    );
    let ops: Vec<&str> = waiting.actions[1]
        .buttons
        .iter()
        .map(|b| b.op.as_str())
        .collect();
    assert!(
        ops.contains(&"approve Approval") && ops.contains(&"reject Approval"),
        "{ops:?}"
    );
    // Approved, then c3 pushed: c2 Succeeded, c3 Failed at Build with pytest named.
    answers.insert(
        "script".into(),
        course::Answer::Text("push c2\napprove Approval\npush c3".into()),
    );
    let after = texts(&run_panel(&answers));
    assert!(line(&after, &["| 1:", "Succeeded:Good", "c2:"]), "{after}");
    assert!(
        line(&after, &["| 2:", "Failed:Bad", "c3:", "Build/Build"]),
        "{after}"
    );
    assert!(
        line(
            &after,
            &[
                "Build/Build",
                "Failed:Bad",
                "phase BUILD FAILED",
                "python -m pytest",
                "failed tests: test_price_is_shown_the_vietnamese_way"
            ]
        ),
        "{after}"
    );
    assert!(
        line(&after, &["Approval/Approval", "Succeeded:Good", "Approved"]),
        "{after}"
    );
    assert!(
        after.contains("code Build log of the latest CodeBuild run"),
        "{after}"
    );
    // The run feeds the DORA engine: c2 deployed, c3 stopped before production.
    assert!(
        after.contains("table Your delivery as DORA reads it (production: stage Production)"),
        "{after}"
    );
    assert!(
        line(&after, &["| Deployments to production:", "| 1:Plain"]),
        "{after}"
    );
    assert!(
        line(&after, &["| Change fail rate:", "| 0%:Plain"]),
        "{after}"
    );
    assert!(
        line(
            &after,
            &["| Commits pushed but not in production:", "| 1:Warn"]
        ),
        "{after}"
    );
    // A definition with an error says where, and nothing runs.
    let broken = attempts("pipeline-approval")
        .into_iter()
        .find(|a| a.description.contains("SourceArtifact"))
        .unwrap();
    let shown = texts(&run_panel(&broken.answers));
    assert!(
        line(
            &shown,
            &["[Bad] pipeline.json:58:25: error:", "SourceArtifact"]
        ),
        "{shown}"
    );
}

#[test]
fn the_appspec_labs_workspace_shows_each_deployment_and_its_rollback() {
    let id = "codedeploy-appspec-hooks";
    let line =
        |text: &str, parts: &[&str]| text.lines().any(|l| parts.iter().all(|p| l.contains(p)));
    // Before any edit, the starter: its reserved hook located, nothing deployed.
    let starter = panel(id, &Default::default());
    assert!(
        line(
            &starter,
            &["| 12:", "| 3:", "error:Bad", "Install is reserved"]
        ),
        "{starter}"
    );
    assert!(
        starter.contains("[Bad] No deployment ran with it."),
        "{starter}"
    );
    // The solution: v2 succeeds, v3 fails in ValidateService and d-5 brings v2 back.
    let solution = panel(id, &attempts(id).remove(0).answers);
    assert!(
        solution.contains("# Deployment d-3: revision v3 (1.6.0, whose health check fails)"),
        "{solution}"
    );
    assert!(
        line(
            &solution,
            &["| ApplicationStop:", "scripts/stop_server.sh (from v1)"]
        ),
        "{solution}"
    );
    assert!(
        line(
            &solution,
            &["| ValidateService:", "Failed:Bad", "ScriptFailed:Bad"]
        ),
        "{solution}"
    );
    assert!(
        line(
            &solution,
            &["| d-4:", "| v2:", "codeDeployRollback", "Succeeded:Good"]
        ),
        "{solution}"
    );
    assert!(
        solution.contains("# Rollback deployment d-4: revision v2"),
        "{solution}"
    );
    // The rollback stops 1.6.0 with v3's own script: the agent installed it before it failed.
    let rollback = &solution[solution.find("# Rollback deployment d-4").unwrap()..];
    assert!(
        line(
            rollback,
            &["| ApplicationStop:", "scripts/stop_server.sh (from v3)"]
        ),
        "{rollback}"
    );
}
