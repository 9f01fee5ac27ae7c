//! Every lab, as CI sees it: it loads, its reference solution earns full marks,
//! and each known-wrong attempt fails exactly the checks it names. Same code as
//! the authors' `check` command and the build's lab compiler.
//!
//! Native only: it reads lab folders from disk.
#![cfg(not(target_arch = "wasm32"))]
use devops_lab::course::cli;
use devops_lab::course::validate::check_all;
use devops_lab::course::{Catalogue, Lang};

/// The compiled labs in `lang`, as build.rs wrote them for the app.
fn compiled(lang: Lang) -> (Vec<u8>, Catalogue) {
    let bytes = match lang {
        Lang::En => include_bytes!(concat!(env!("OUT_DIR"), "/labs-en.bin")).to_vec(),
        Lang::Vi => include_bytes!(concat!(env!("OUT_DIR"), "/labs-vi.bin")).to_vec(),
    };
    let catalogue = Catalogue::decode(&bytes);
    (bytes, catalogue)
}

/// The build's reader of the program's `t!` texts.
#[path = "../crates/course/build/texts.rs"]
mod build_texts;

fn catalogue() -> Catalogue {
    compiled(Lang::En).1
}

fn lab_folders() -> cli::LabFolders {
    cli::read_labs(std::path::Path::new("labs")).unwrap()
}

#[test]
fn every_lab_passes_its_own_checks() {
    let (order, folders) = lab_folders();
    assert!(
        folders.len() >= 2,
        "expected the DORA labs, found {}",
        folders.len()
    );
    let (reports, order_problems) = check_all(order.as_deref(), &folders);
    assert!(order_problems.is_empty(), "{order_problems:?}");
    for r in &reports {
        let problems: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            r.folder,
            problems.join("\n")
        );
        let (score, max) = r.solution.expect("solution graded");
        assert!(
            max > 0 && score == max,
            "{}: solution {score}/{max}",
            r.folder
        );
        assert!(!r.attempts.is_empty(), "{} has no wrong attempts", r.folder);
        for (name, failed) in &r.attempts {
            assert!(!failed.is_empty(), "{}/{name} fails nothing", r.folder);
        }
    }
}

#[test]
fn every_lab_is_in_every_language() {
    let (order, folders) = lab_folders();
    let (reports, _) = check_all(order.as_deref(), &folders);
    let problems: Vec<String> = reports
        .iter()
        .flat_map(|r| r.translation.iter().map(|p| format!("labs/{p}")))
        .collect();
    assert!(
        problems.is_empty(),
        "translations to complete (`cargo run -- translate vi labs/<id>` lists every text):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_compiled_labs_are_the_labs_in_the_folders_in_each_language() {
    let (order, folders) = lab_folders();
    for lang in Lang::ALL {
        let mut loaded = Catalogue::from_folders(lang, order.as_deref(), &folders);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        // The Vietnamese file also carries the program's texts in Vietnamese.
        if lang == Lang::Vi {
            let dirs = [
                std::path::Path::new("src"),
                std::path::Path::new("crates/course/src"),
            ];
            loaded.texts = build_texts::collect(&dirs);
            assert!(loaded.texts.len() > 400, "{} texts", loaded.texts.len());
        }
        // Each language's file carries the day's agenda.
        let folders = lab_folders().1;
        let ids: Vec<&str> = folders.iter().map(|(f, _)| f.as_str()).collect();
        let text = cli::read_agenda(std::path::Path::new("labs"));
        loaded.agenda = devops_lab::course::agenda::check(text.as_deref(), &ids)
            .unwrap()
            .encode();
        let (bytes, compiled) = compiled(lang);
        assert_eq!(compiled.lang, lang);
        assert_eq!(
            compiled.labs, loaded.labs,
            "rebuild: labs/ changed since the build?"
        );
        assert_eq!(bytes, loaded.encode());
        // The app fetches the file by the name of its bytes' hash.
        assert_eq!(
            devops_lab::labs::file_name(lang),
            devops_lab::course::catalogue::compiled_name(lang, &bytes)
        );
        // Solutions and attempts are not shipped: no attempt's description is in the bytes.
        let needle = b"Takes the mean lead time (33.4 h) instead of the median";
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    }
    // The Vietnamese labs are the English ones with their text translated: same ids, same
    // checks, other words.
    let (en, vi) = (compiled(Lang::En).1, compiled(Lang::Vi).1);
    for (e, v) in en.labs.iter().zip(&vi.labs) {
        assert_eq!(e.id, v.id);
        assert_eq!(e.inputs.len(), v.inputs.len());
        assert_eq!(e.checks.len(), v.checks.len());
        assert_ne!(e.title, v.title, "{}: the title is not translated", e.id);
    }
}

#[test]
fn a_file_of_the_wrong_language_is_refused() {
    let (bytes, _) = compiled(Lang::En);
    let err = devops_lab::labs::install(Lang::Vi, &bytes).unwrap_err();
    assert!(err.contains("\"en\""), "{err}");
}

#[test]
fn the_compiled_agenda_is_the_agenda_in_the_folder() {
    let (_, folders) = lab_folders();
    let ids: Vec<&str> = folders.iter().map(|(f, _)| f.as_str()).collect();
    let text = cli::read_agenda(std::path::Path::new("labs"));
    let loaded = devops_lab::course::agenda::check(text.as_deref(), &ids)
        .unwrap_or_else(|ps| panic!("{ps:?}"));
    assert_eq!(
        devops_lab::agenda::agenda(),
        Ok(&loaded),
        "rebuild: labs/agenda.toml changed since the build?"
    );
    // The workshop's day: 08:30 to 17:00, the DORA labs in the first block.
    let blocks = &loaded.blocks;
    assert_eq!((blocks[0].start, blocks[blocks.len() - 1].end), (510, 1020));
    assert_eq!(blocks[0].labs, ["dora-four-keys", "dora-compare-teams"]);
}

#[test]
fn corrupt_compiled_labs_are_a_problem_not_a_panic() {
    let bytes = catalogue().labs.len().to_le_bytes();
    for cut in [&[][..], &bytes[..], &[0xff; 64][..]] {
        let c = Catalogue::decode(cut);
        assert!(c.labs.is_empty());
        assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
    }
}

#[test]
fn the_catalogue_holds_the_dora_labs_in_agenda_order() {
    let c = catalogue();
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let ids: Vec<&str> = c.labs.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids[..2], ["dora-four-keys", "dora-compare-teams"]);
    let families: Vec<_> = c.by_family().into_iter().map(|(f, _)| f).collect();
    use devops_lab::course::Family;
    assert_eq!(
        families,
        [
            Family::Dora,
            Family::Git,
            Family::Build,
            Family::Pipeline,
            Family::Deploy,
            Family::DeploymentStrategies,
            Family::Cloudformation,
            Family::Containers,
            Family::Observability,
            Family::CaseStudies,
        ]
    );
}

fn run(args: &[&str]) -> (i32, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    let code = cli::run(&args, &mut out);
    (code, String::from_utf8(out).unwrap())
}

#[test]
fn check_command_passes_on_the_repository_labs() {
    let (code, out) = run(&["check", "labs"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok   dora-four-keys: solution 15/15"), "{out}");
    assert!(
        out.contains("ok   deploy-canary-rollback: solution 13/13, 6 wrong attempts"),
        "{out}"
    );
    assert!(out.contains("ok   agenda.toml: 10 blocks\n"), "{out}");
    let n = lab_folders().1.len();
    assert!(
        out.ends_with(&format!("{n} labs checked, 0 with problems\n")),
        "{out}"
    );
}

#[test]
fn grade_command_grades_the_solution_and_a_wrong_attempt() {
    let (code, out) = run(&["grade", "dora-four-keys", "labs/dora-four-keys/solution"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("score 15/15\n"), "{out}");
    let (code, out) = run(&[
        "grade",
        "labs/dora-four-keys",
        "labs/dora-four-keys/attempts/mean-lead-time",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("FAIL lead-time (0/2): Your answer, 33.4, is too high."),
        "{out}"
    );
    // A recognised mistake gets its own advice, and the level built on it is not marked
    // wrong a second time.
    assert!(
        out.contains("33.4 h is the mean of the lead times"),
        "{out}"
    );
    assert!(
        out.contains("PASS level-lead-time (1/1): Correct for the value you gave earlier"),
        "{out}"
    );
    assert!(out.ends_with("score 13/15\n"), "{out}");
}

#[test]
fn check_command_reports_a_broken_lab_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("devops-lab-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(std::path::Path::new("labs"), &dir);
    // A wrong attempt that now passes the check it claims to fail, and a typo in a manifest.
    let attempt = dir.join("dora-four-keys/attempts/mean-lead-time/attempt.toml");
    let text = std::fs::read_to_string(&attempt)
        .unwrap()
        .replace("33.4", "20");
    std::fs::write(&attempt, text).unwrap();
    let manifest = dir.join("dora-compare-teams/lab.toml");
    let text = std::fs::read_to_string(&manifest).unwrap().replacen(
        "minutes = 15",
        "minutes = 15\nminuets = 3",
        1,
    );
    std::fs::write(&manifest, text).unwrap();
    // And an agenda block that names a lab that does not exist.
    let agenda = dir.join("agenda.toml");
    let text = std::fs::read_to_string(&agenda).unwrap().replacen(
        "\"dora-compare-teams\"",
        "\"dora-compare-team\"",
        1,
    );
    std::fs::write(&agenda, text).unwrap();

    let (code, out) = run(&["check", dir.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL dora-four-keys/attempts/mean-lead-time/attempt.toml: expected to fail [lead-time] but failed [level-lead-time]"),
        "{out}"
    );
    assert!(
        out.contains("FAIL dora-compare-teams/lab.toml:6:1: unknown field `minuets`"),
        "{out}"
    );
    assert!(
        out.contains("FAIL agenda.toml:22:27: block 1: lab \"dora-compare-team\" does not exist"),
        "{out}"
    );
    let n = lab_folders().1.len();
    assert!(
        out.ends_with(&format!(
            "{n} labs checked, 2 with problems; agenda.toml: 1 problem(s)\n"
        )),
        "{out}"
    );
}

#[test]
fn check_reports_a_translation_left_behind_by_an_english_change() {
    let dir = std::env::temp_dir().join(format!("devops-lab-translate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(std::path::Path::new("labs"), &dir);
    // The English title and a step change; the Vietnamese still follows the old ones.
    let lab = dir.join("dora-four-keys");
    let manifest = std::fs::read_to_string(lab.join("lab.toml")).unwrap();
    let old_title = manifest
        .lines()
        .find_map(|l| l.strip_prefix("title = \""))
        .and_then(|t| t.strip_suffix('"'))
        .unwrap()
        .to_string();
    std::fs::write(
        lab.join("lab.toml"),
        manifest.replacen(&old_title, "Measure a payments team", 1),
    )
    .unwrap();
    let step = lab.join("steps/01-four-keys.md");
    let text = std::fs::read_to_string(&step).unwrap();
    std::fs::write(&step, format!("{text}\nOne more paragraph.\n")).unwrap();
    let (code, out) = run(&["check", dir.to_str().unwrap()]);

    // `translate` keeps what is translated and adds what is missing, to fill in.
    let (written, said) = run(&["translate", "vi", lab.to_str().unwrap()]);
    let skeleton = std::fs::read_to_string(lab.join("vi.toml")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);

    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL dora-four-keys/lab.toml:2:9: no Tiếng Việt translation for \"Measure a payments team\""),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "outdated: the lab no longer has the English text \"{old_title}\""
        )),
        "{out}"
    );
    assert!(
        out.contains(
            "outdated: steps/01-four-keys.md changed since steps/01-four-keys.vi.md was translated"
        ),
        "{out}"
    );
    assert_eq!(written, 0, "{said}");
    assert!(
        skeleton.contains("en = \"Measure a payments team\"\nvi = \"\""),
        "{skeleton}"
    );
    assert!(said.contains("problem(s) left"), "{said}");
}

#[test]
fn usage_is_printed_for_unknown_commands() {
    let (code, out) = run(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(out.starts_with("usage:"), "{out}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("devops-lab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn validate_prints_one_line_per_problem_and_exits_1_on_errors() {
    let dir = scratch("validate");
    let good = dir.join("good.yaml");
    std::fs::write(&good, "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n").unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        "{\n  \"Resources\": {\n    \"Queue\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"DelaySecond\": 5}},\n    \"Topic\": {\"Type\": \"AWS::SNS::Topic\", \"DependsOn\": \"Nope\"}\n  }\n}\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, out) = run(&["validate", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let bad = bad.to_str().unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!("{bad}:3:57: error: Queue.Properties.DelaySecond is not a property of AWS::SQS::Queue (did you mean DelaySeconds?) [property-unknown]"),
            format!("{bad}:4:55: error: DependsOn \"Nope\": no resource has that logical ID [dependson-undefined]"),
        ]
    );
    // Warnings alone do not fail.
    let rules = dir.join("rules.yaml");
    std::fs::write(
        &rules,
        "Rules: {}\nResources:\n  T:\n    Type: AWS::SNS::Topic\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", rules.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(":1:1: warning: the Rules section is not checked [not-checked]"),
        "{out}"
    );
}

#[test]
fn validate_checks_dockerfiles() {
    let dir = scratch("validate-dockerfile");
    let good = dir.join("Dockerfile");
    std::fs::write(
        &good,
        "# syntax=docker/dockerfile:1\nFROM node:22-slim AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\nRUN npm run build\n\nFROM gcr.io/distroless/nodejs20-debian12:nonroot\nCOPY --from=build /app/dist /app\nCMD [\"/app/server.js\"]\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    // Known by its first instruction; an error with a "did you mean" and warnings.
    let bad = dir.join("api.txt");
    std::fs::write(
        &bad,
        "FROM python:3.12-slim\nWORKDIR /app\nCOPPY requirements.txt .\nENV API_TOKEN=abc\nCMD python app.py\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let bad = bad.to_str().unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!("{bad}:1:1: warning: the final stage sets no USER, so the container runs as root: add a non-root USER [run-as-root]"),
            format!("{bad}:3:1: error: \"COPPY\" is not a Dockerfile instruction (did you mean COPY?) [unknown-instruction]"),
            format!("{bad}:4:5: warning: ENV API_TOKEN looks like a secret: ARG and ENV values stay in the image and its history; use RUN --mount=type=secret [secret-in-arg-env]"),
            format!("{bad}:5:1: warning: CMD in shell form runs under /bin/sh -c, so the process does not receive stop signals: write it as a JSON array [json-args-recommended]"),
        ]
    );
    // Named like a Dockerfile; warnings only exit 0.
    let named = dir.join("worker.Dockerfile");
    std::fs::write(&named, "FROM alpine:latest\nUSER 1000\n").unwrap();
    let (code, out) = run(&["validate", named.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("[from-latest]\n"), "{out}");
    // --kind dockerfile on a YAML file: no FROM.
    let other = dir.join("notes.yaml");
    std::fs::write(&other, "stages: 3\n").unwrap();
    let (code, out) = run(&["validate", "--kind", "dockerfile", other.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("[unknown-instruction]") && out.contains("[no-from]"),
        "{out}"
    );
}

#[test]
fn validate_checks_pipeline_definitions() {
    let dir = scratch("validate-pipeline");
    let good = dir.join("pipeline.json");
    std::fs::write(
        &good,
        r#"{"pipeline": {"name": "app", "roleArn": "arn:aws:iam::111122223333:role/r",
  "artifactStore": {"type": "S3", "location": "artifacts"},
  "stages": [
    {"name": "Source", "actions": [{"name": "Source",
      "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
      "configuration": {"S3Bucket": "src", "S3ObjectKey": "app.zip"},
      "outputArtifacts": [{"name": "Src"}]}]},
    {"name": "Deploy", "actions": [{"name": "Deploy",
      "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CodeDeploy", "version": "1"},
      "configuration": {"ApplicationName": "app", "DeploymentGroupName": "prod"},
      "inputArtifacts": [{"name": "Src"}]}]}]}}
"#,
    )
    .unwrap();
    let (code, out) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    // YAML of the same structure, with a missing artifact and a misspelt key.
    let bad = dir.join("release.yaml");
    std::fs::write(
        &bad,
        "name: app\nroleArn: arn:aws:iam::111122223333:role/r\nartifactStore: {type: S3, location: artifacts}\nstages:\n  - name: Source\n    actions:\n      - name: Source\n        actionTypeId: {category: Source, owner: AWS, provider: S3, version: '1'}\n        configuration: {S3Bucket: src, S3ObjectKey: app.zip}\n        outputArtifacts: [{name: Src}]\n  - name: Deploy\n    actions:\n      - name: Deploy\n        actionTypeId: {category: Deploy, owner: AWS, provider: CodeDeploy, version: '1'}\n        configuration: {ApplicationName: app, DeploymentGroupName: prod}\n        inputArtifacts: [{name: Source}]\n        runorder: 2\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let bad = bad.to_str().unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!("{bad}:16:33: error: Deploy takes the artifact \"Source\", but no action produces it [artifact-missing]"),
            format!("{bad}:17:9: error: Deploy/Deploy has no key \"runorder\" (did you mean runOrder?) [unknown-key]"),
        ]
    );
    // --kind pipeline on something else says what is missing.
    let other = dir.join("notes.json");
    std::fs::write(&other, "{\"stages\": 3}").unwrap();
    let (code, out) = run(&["validate", other.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("not a kind of file this command knows"),
        "{out}"
    );
    let (code, out) = run(&["validate", "--kind", "pipeline", other.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("[missing-key]") && out.contains("[type]"),
        "{out}"
    );
}

#[test]
fn validate_checks_ecs_task_and_service_definitions() {
    let dir = scratch("validate-ecs");
    // A real task definition from aws-samples (engine fixtures): no findings.
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/engine/tests/fixtures/ecs");
    let good = fixtures.join("valid/taskdef-sbcntr-backend.json");
    let (code, out) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    let good = fixtures.join("valid/service-ecs-workshop-ui.json");
    let (code, out) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    // A Fargate size that does not exist, found without --kind.
    let bad = dir.join("web.json");
    std::fs::write(
        &bad,
        "{\"family\": \"web\", \"requiresCompatibilities\": [\"FARGATE\"], \"networkMode\": \"awsvpc\",\n \"cpu\": \"512\", \"memory\": \"512\",\n \"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx:1.27\"}]}\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let bad = bad.to_str().unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [format!("{bad}:2:26: error: Fargate does not run cpu 512 with memory 512 MiB: with 512 CPU units the memory is 1024, 2048, 3072 or 4096 MiB (Invalid 'cpu' setting for task) [fargate-memory]")]
    );
    // A service: the circuit breaker with CodeDeploy, found without --kind.
    let svc = dir.join("service.json");
    std::fs::write(
        &svc,
        "{\"serviceName\": \"web\", \"taskDefinition\": \"web:3\", \"desiredCount\": 2,\n \"deploymentController\": {\"type\": \"CODE_DEPLOY\"},\n \"deploymentConfiguration\": {\"deploymentCircuitBreaker\": {\"enable\": true, \"rollback\": true}}}\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", svc.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(":3:58: error: deploymentConfiguration.deploymentCircuitBreaker works only with the ECS deployment controller, not CODE_DEPLOY [controller-only]"),
        "{out}"
    );
    // --kind names the format when the text does not say.
    let (code, out) = run(&["validate", "--kind", "ecs-service", bad]);
    assert_eq!(code, 1);
    assert!(out.contains("[not-a-service]"), "{out}");
}

#[test]
fn validate_checks_kubernetes_manifests() {
    let dir = scratch("validate-k8s");
    let good = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/engine/tests/fixtures/k8s/valid/microservices-demo-release.yaml");
    let (code, out) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    let bad = dir.join("web.yaml");
    std::fs::write(
        &bad,
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resources:\n            requests: {cpu: 500m}\n            limits: {cpu: 250m}\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let bad = bad.to_str().unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!("{bad}:18:5: error: maxSurge and maxUnavailable are both 0: the rollout could neither add a new pod nor remove an old one [rolling-update-zero]"),
            format!("{bad}:26:29: error: container web: the cpu request (500m) is above its limit (250m) [request-above-limit]"),
        ]
    );
}

#[test]
fn validate_checks_logs_insights_queries() {
    let dir = scratch("validate-logs");
    // A real query (aws-samples/serverless-snippets), told by its name.
    let good = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/engine/tests/fixtures/logs/valid/lambda-percentile-duration-report.logs");
    let (code, out) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    let bad = dir.join("errors.insights");
    std::fs::write(
        &bad,
        "fields @timestamp, @message\n| fitler status >= 500\n| stats count(*) by bin(5min)\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let bad = bad.to_str().unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!("{bad}:2:3: error: `fitler` is not a Logs Insights command (fields, filter, stats, sort, limit, parse, display, dedup…) (did you mean filter?) [unknown-command]"),
            format!("{bad}:3:25: error: `5min` has no time unit Logs Insights knows: use ms, s, m, h, d, w, mo, q or y (5m, 1h) (did you mean m?) [time-unit]"),
        ]
    );
    // A warning only: exit 0; any name with --kind.
    let warn = dir.join("query.txt");
    std::fs::write(&warn, "fields @message | pattern @message").unwrap();
    let (code, out) = run(&["validate", "--kind", "logs-query", warn.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.trim(),
        format!("{}:1:19: warning: pattern is a real Logs Insights command, but the simulation does not run it: it is skipped [not-simulated]", warn.to_str().unwrap())
    );
}

#[test]
fn validate_checks_cloudwatch_dashboard_bodies() {
    let dir = scratch("validate-dashboard");
    // A real dashboard body (DaveMBush/dms-workspace), told by its name.
    let good = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "crates/engine/tests/fixtures/dashboards/valid/DaveMBush--dms-workspace--apps_infrastructure_modules_monitoring_dashboard.json.tpl.dashboard.json",
    );
    let (code, out) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    let bad = dir.join("shop.dashboard.json");
    std::fs::write(
        &bad,
        "{\"widgets\": [{\"type\": \"metric\", \"x\": 12, \"y\": 0, \"width\": 18,\n  \"properties\": {\"region\": \"us-east-1\", \"stat\": \"Avg\",\n    \"metrics\": [[{\"expression\": \"m1 * 100\", \"id\": \"e1\"}]]}}]}\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let bad = bad.to_str().unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!("{bad}:1:59: error: x 12 + width 18 goes past the 24 columns of the grid [off-grid]"),
            format!("{bad}:2:49: error: \"Avg\" is not a statistic: use Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99 [stat]"),
            format!("{bad}:3:34: error: the expression names \"m1\", but no row of this widget has that id [unknown-id]"),
        ]
    );
}

#[test]
fn query_runs_logs_insights_over_local_files() {
    let dir = scratch("query");
    // Two groups: JSON lines with their own time, and plain lines (timed by line number).
    let web = dir.join("web.log");
    std::fs::write(
        &web,
        concat!(
            "{\"timestamp\":\"2026-11-30T09:00:01.250Z\",\"route\":\"GET /\",\"status\":200,\"duration_ms\":12}\n",
            "{\"timestamp\":\"2026-11-30T09:00:02Z\",\"route\":\"POST /checkout\",\"status\":504,\"duration_ms\":3000}\n",
            "\n",
            "{\"time\":1796029203000,\"route\":\"POST /checkout\",\"status\":200,\"duration_ms\":140}\n",
            "{\"route\":\"GET /\",\"status\":500,\"duration_ms\":8}\n",
        ),
    )
    .unwrap();
    let plain = dir.join("plain.log");
    std::fs::write(
        &plain,
        "REPORT Duration: 10 ms\nREPORT Duration: 30 ms\nSTART\n",
    )
    .unwrap();
    let (web, plain) = (web.to_str().unwrap(), plain.to_str().unwrap());
    // By hand: routes GET / (12, 8: 2 events, max 12) and POST /checkout (3000, 140: max
    // 3000); sorted by n then route. 4 events scanned (the blank line is none), 4 matched.
    let (code, out) = run(&[
        "query",
        "--query",
        "stats count(*) as n, max(duration_ms) as slowest by route | sort slowest desc",
        web,
    ]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "route           n  slowest");
    assert_eq!(lines[1], "--------------  -  -------");
    assert_eq!(lines[2], "POST /checkout  2  3000");
    assert_eq!(lines[3], "GET /           2  12");
    assert!(
        lines[4].starts_with("2 rows; 4 of 4 records matched, "),
        "{out}"
    );
    // @timestamp from the JSON time (RFC 3339 with milliseconds, or epoch ms), else the line
    // number as milliseconds; plain lines parsed with a glob.
    let query = dir.join("q.insights");
    std::fs::write(
        &query,
        "parse @message \"Duration: * ms\" as d\n| filter ispresent(d)\n| stats sum(d) as total\n",
    )
    .unwrap();
    let (code, out) = run(&["query", "--query-file", query.to_str().unwrap(), plain, web]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.lines().nth(2), Some("40"), "{out}");
    assert!(out.contains("2 of 7 records matched"), "{out}");
    let (_, out) = run(&[
        "query",
        "--query",
        "fields @timestamp, status | sort @timestamp asc | limit 2",
        web,
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[2], "1970-01-01 00:00:00.005  500", "{out}");
    assert_eq!(lines[3], "2026-11-30 09:00:01.250  200", "{out}");
    // A query error: its line and column, exit 1, no table.
    let (code, out) = run(&["query", "--query", "fields @message\n| fitler x = 1", web]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.trim(),
        "query:2:3: error: `fitler` is not a Logs Insights command (fields, filter, stats, sort, limit, parse, display, dedup…) (did you mean filter?) [unknown-command]"
    );
}

#[test]
fn validate_says_why_it_cannot_read_a_file() {
    let dir = scratch("validate-bad");
    let binary = dir.join("image.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    let huge = dir.join("huge.yaml");
    std::fs::write(
        &huge,
        format!(
            "Resources: {{}}\nDescription: \"{}\"\n",
            "x".repeat(1_100_000)
        ),
    )
    .unwrap();
    let other = dir.join("notes.yml");
    std::fs::write(&other, "title: release notes\nitems: [one, two]\n").unwrap();
    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, "Resources:\n  A: [1, 2\n").unwrap();
    let (code, out) = run(&[
        "validate",
        binary.to_str().unwrap(),
        huge.to_str().unwrap(),
        other.to_str().unwrap(),
        broken.to_str().unwrap(),
        dir.join("missing.yaml").to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert!(
        lines[0]
            .ends_with("image.json:1:1: error: not UTF-8 text: these files are UTF-8 [encoding]"),
        "{out}"
    );
    assert!(lines[1].contains("huge.yaml:1:1: error: the template is 1100030 bytes: the maximum size of a template body that you can pass in an Amazon S3 object is 1 MB [template-size]"), "{out}");
    assert!(
        lines[2].contains("notes.yml:1:1: error: not a kind of file this command knows"),
        "{out}"
    );
    assert!(
        lines[3].contains("broken.yaml:3:1: error: not valid YAML or JSON"),
        "{out}"
    );
    assert!(
        lines[4].contains("missing.yaml:1:1: error: cannot read it"),
        "{out}"
    );
    assert!(
        lines[5].ends_with("error: a folder, not a file [file]"),
        "{out}"
    );
    // --kind template checks a file that does not look like one.
    let (code, out) = run(&["validate", "--kind", "template", other.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("[unknown-section]") && out.contains("[resources-missing]"),
        "{out}"
    );
    let (code, out) = run(&["validate", "--kind", "nonsense", other.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "error: unknown --kind \"nonsense\": the kinds are dockerfile, appspec, template, buildspec, pipeline, lifecycle-policy, task-definition, ecs-service, k8s, logs-query, dashboard\n"
    );
}

#[test]
fn validate_checks_buildspecs() {
    let dir = scratch("validate-buildspec");
    // Known by its name.
    let good = dir.join("buildspec.yml");
    std::fs::write(
        &good,
        "version: 0.2\nphases:\n  build:\n    commands:\n      - npm ci\n      - npm test\nartifacts:\n  files: ['**/*']\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    // Known by its text: a top-level version with phases.
    let bad = dir.join("ci.yaml");
    std::fs::write(
        &bad,
        "version: 0.2\nphases:\n  prebuild:\n    commands: [ls]\n  build:\n    comands: [make]\nreports:\n  unit:\n    files: [junit.xml]\n    file-format: XUNIT\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let bad = bad.to_str().unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!("{bad}:3:3: error: \"prebuild\" is not a phase: the phases are install, pre_build, build and post_build (did you mean pre_build?) [phase-unknown]"),
            format!("{bad}:5:3: error: phase build has no commands [phase-commands]"),
            format!("{bad}:6:5: error: \"comands\" is not a key of phases/build (did you mean commands?) [unknown-key]"),
            format!("{bad}:10:18: error: report group unit: \"XUNIT\" is not a file format CodeBuild reads (test reports: JUNITXML, CUCUMBERJSON, TESTNGXML, VISUALSTUDIOTRX, NUNITXML, NUNIT3XML; code coverage: CLOVERXML, COBERTURAXML, JACOCOXML, SIMPLECOV) [report-format]"),
        ]
    );
    // A variant name, a version 0.1 warning (exit 0), and --kind on any name.
    let old = dir.join("buildspec_release.yaml");
    std::fs::write(
        &old,
        "version: 0.1\nphases:\n  build:\n    commands: [make]\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", old.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(":1:10: warning: version 0.1 runs each command in a separate instance of the default shell"), "{out}");
    let plain = dir.join("steps.txt");
    std::fs::write(&plain, "phases:\n  build:\n    commands: [make]\n").unwrap();
    let (code, out) = run(&["validate", "--kind", "buildspec", plain.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            ":1:1: error: the buildspec needs a version: use version: 0.2 [version-missing]"
        ),
        "{out}"
    );
    // A broken buildspec reports its syntax.
    let broken = dir.join("buildspec-broken.yml");
    std::fs::write(&broken, "version: 0.2\nphases:\n  build: [\n").unwrap();
    let (code, out) = run(&["validate", broken.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error: not valid YAML") && out.contains("[syntax]"),
        "{out}"
    );
}

#[test]
fn validate_checks_appspec_files() {
    let dir = scratch("validate-appspec");
    // Named appspec.yml: an ECS appspec, whose `Resources` would otherwise look like a template.
    let named = dir.join("appspec.yml");
    std::fs::write(
        &named,
        "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: td\n        LoadBalancerInfo: {ContainerName: web, ContainerPort: 80}\nHooks:\n  - ValidateService: Check\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", named.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let named = named.to_str().unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [format!("{named}:9:5: error: ValidateService is not a hook event of Amazon ECS deployments (it is one of EC2/On-Premises) [hook-platform]")]
    );
    // Another name: told by `version: 0.0` and `hooks`.
    let other = dir.join("deploy.json");
    std::fs::write(
        &other,
        "{\"version\": 0.0, \"os\": \"linux\", \"hooks\": {\"Install\": [{\"location\": \"a.sh\"}]}}",
    )
    .unwrap();
    let (code, out) = run(&["validate", other.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(":1:43: error: Install is reserved for CodeDeploy"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("[hook-reserved]"), "{out}");
    let good = dir.join("good.yml");
    std::fs::write(&good, "version: 0.0\nos: linux\nhooks:\n  ValidateService:\n    - location: check.sh\n      timeout: 60\n").unwrap();
    let (code, out) = run(&["validate", "--kind", "appspec", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn validate_checks_ecr_lifecycle_policies() {
    let dir = scratch("validate-lifecycle");
    // Inferred from the text: a top-level `rules` whose rules have a rulePriority.
    let good = dir.join("policy.json");
    std::fs::write(
        &good,
        r#"{"rules": [
  {"rulePriority": 1, "description": "Expire untagged images after a week",
   "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7},
   "action": {"type": "expire"}},
  {"rulePriority": 2, "description": "Keep the last 5 releases",
   "selection": {"tagStatus": "tagged", "tagPatternList": ["release-*"], "countType": "imageCountMoreThan", "countNumber": 5},
   "action": {"type": "expire"}}
]}
"#,
    )
    .unwrap();
    let (code, out) = run(&["validate", good.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    let bad = dir.join("lifecycle.json");
    std::fs::write(
        &bad,
        "{\"rules\": [\n  {\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 3}, \"action\": {\"type\": \"expire\"}},\n  {\"rulePriority\": 2, \"selection\": {\"tagStatus\": \"tagged\", \"countType\": \"sinceImagePushed\", \"countNumber\": 0}, \"action\": {\"type\": \"expire\"}}\n]}\n",
    )
    .unwrap();
    let (code, out) = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let bad = bad.to_str().unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!("{bad}:2:20: error: this rule has tagStatus any but rulePriority 1: a rule with tagStatus any must have the highest rulePriority (above 2) and be evaluated last [any-not-last]"),
            format!("{bad}:3:50: error: tagStatus tagged needs a tagPrefixList or a tagPatternList naming the tags [tagged-needs-list]"),
            format!("{bad}:3:73: error: countType sinceImagePushed counts days: add \"countUnit\": \"days\" [count-unit-missing]"),
            format!("{bad}:3:108: error: countNumber is 0: it must be a positive integer (0 is not accepted) [count-number]"),
        ]
    );
    // The CLI's shape (get-lifecycle-policy's output) is inferred too.
    let cli = dir.join("get-lifecycle-policy.json");
    std::fs::write(
        &cli,
        r#"{"registryId": "123456789012", "repositoryName": "web", "lifecyclePolicyText": "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}"}"#,
    )
    .unwrap();
    let (code, out) = run(&["validate", cli.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    // An S3 lifecycle configuration (`Rules`) is not taken for one.
    let s3 = dir.join("lifecycle-policy.json");
    std::fs::write(&s3, r#"{"Rules": [{"ID": "glacier", "Status": "Enabled", "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}]}]}"#).unwrap();
    let (code, out) = run(&["validate", s3.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("not a kind of file this command knows"),
        "{out}"
    );
    let (code, out) = run(&[
        "validate",
        "--kind",
        "lifecycle-policy",
        s3.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("[unknown-key]") && out.contains("[missing]"),
        "{out}"
    );
}
