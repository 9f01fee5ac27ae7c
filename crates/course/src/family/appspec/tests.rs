//! The family's grading and panel on a small deployment group built here.
use std::collections::BTreeMap;

use super::run::{grade, panel};
use super::*;
use crate::answer::Answer;
use crate::check::Verdict;
use crate::lab::{Input, InputKind};
use crate::lang::Lang;
use crate::panel::{Block, Panel, Tone};

const V1: &str = "version: 0.0\nos: linux\nhooks:\n  ApplicationStop:\n    - location: scripts/stop.sh\n  ApplicationStart:\n    - location: scripts/start.sh\n";

const GOOD: &str = "version: 0.0
os: linux
hooks:
  ApplicationStop:
    - location: scripts/stop.sh
  BeforeInstall:
    - location: scripts/deps.sh
  ApplicationStart:
    - location: scripts/start.sh
  ValidateService:
    - location: scripts/check.sh
";

fn files(check: &str) -> BTreeMap<String, String> {
    [
        ("scripts/stop.sh", "sleep 2\n"),
        ("scripts/deps.sh", "sleep 20\n"),
        ("scripts/start.sh", "sleep 3\n"),
        ("scripts/check.sh", check),
    ]
    .into_iter()
    .map(|(p, t)| (p.to_string(), t.to_string()))
    .collect()
}

fn groups() -> Groups {
    let mut v1 = files("");
    v1.remove("scripts/check.sh");
    v1.remove("scripts/deps.sh");
    Groups {
        groups: vec![GroupDef {
            id: "Web-Prod".into(),
            application: "Web".into(),
            input: "appspec".into(),
            load_balancer: true,
            auto_rollback: vec!["DEPLOYMENT_FAILURE".into()],
            revisions: vec![
                RevisionDef {
                    id: "v1".into(),
                    title: "the last good one".into(),
                    files: v1,
                    appspec: Some(V1.into()),
                },
                RevisionDef {
                    id: "v2".into(),
                    title: "good".into(),
                    files: files("sleep 4\ncurl -f http://localhost/health\n"),
                    appspec: None,
                },
                RevisionDef {
                    id: "v3".into(),
                    title: "bad".into(),
                    files: files("sleep 4\nexit 1\n"),
                    appspec: None,
                },
            ],
        }],
    }
}

fn check(revision: &str) -> DeploymentCheck {
    DeploymentCheck {
        input: "appspec".into(),
        group: "Web-Prod".into(),
        revision: revision.into(),
        ..DeploymentCheck::default()
    }
}

fn graded(c: DeploymentCheck, text: &str) -> Verdict {
    let mut answers = crate::answer::Answers::new();
    answers.insert("appspec".into(), Answer::Text(text.into()));
    grade(&AppspecCheck::Deployment(c), &groups(), &answers).verdict
}

fn said(v: &Verdict) -> String {
    match v {
        Verdict::Unmet(w) => w.get(Lang::En),
        other => format!("{other:?}"),
    }
}

#[test]
fn a_right_appspec_passes_every_outcome() {
    let mut good = check("v2");
    good.status = Some("Succeeded".into());
    good.scripts = [
        ("BeforeInstall", "scripts/deps.sh"),
        ("ApplicationStart", "scripts/start.sh"),
        ("ValidateService", "./scripts/check.sh"),
    ]
    .into_iter()
    .map(|(e, s)| (e.to_string(), vec![s.to_string()]))
    .collect();
    assert_eq!(graded(good, GOOD), Verdict::Correct);
    let mut bad = check("v3");
    bad.status = Some("Failed".into());
    bad.failed_event = Some("ValidateService".into());
    bad.error_code = Some("ScriptFailed".into());
    bad.rollback = Some("v2".into());
    bad.scripts = BTreeMap::from([(
        "ApplicationStop".to_string(),
        vec!["scripts/stop.sh".to_string()],
    )]);
    assert_eq!(graded(bad, GOOD), Verdict::Correct);
    let mut answers = crate::answer::Answers::new();
    answers.insert("appspec".into(), Answer::Text(GOOD.into()));
    let valid = AppspecCheck::Valid(ValidCheck {
        input: "appspec".into(),
        group: "Web-Prod".into(),
    });
    assert_eq!(grade(&valid, &groups(), &answers).verdict, Verdict::Correct);
}

#[test]
fn wrong_appspecs_fail_with_what_happened() {
    // A script in an event reserved for CodeDeploy: nothing deploys, the finding is located.
    let reserved = GOOD.replace("BeforeInstall", "Install");
    let v = graded(check("v2"), &reserved);
    assert_eq!(
        said(&v),
        "No deployment ran. The appspec is not valid: line 6, column 3: Install is reserved for CodeDeploy: no script or Lambda function can run at it"
    );
    // The start script before Install: the order is wrong.
    let early = GOOD
        .replace(
            "  ApplicationStart:\n    - location: scripts/start.sh\n",
            "",
        )
        .replace(
            "    - location: scripts/deps.sh\n",
            "    - location: scripts/deps.sh\n    - location: scripts/start.sh\n",
        );
    let mut c = check("v2");
    c.scripts = BTreeMap::from([(
        "ApplicationStart".to_string(),
        vec!["scripts/start.sh".to_string()],
    )]);
    assert!(said(&graded(c, &early))
        .starts_with("In deployment d-2, scripts/start.sh ran at BeforeInstall (lifecycle event 7 of 15), not at ApplicationStart (event 10 of 15)"));
    // No ValidateService hook: the bad revision succeeds and nothing rolls back.
    let blind = GOOD.replace("  ValidateService:\n    - location: scripts/check.sh\n", "");
    let mut c = check("v3");
    c.status = Some("Failed".into());
    c.failed_event = Some("ValidateService".into());
    assert_eq!(
        said(&graded(c, &blind)),
        "Deployment d-3 of revision v3 ended Succeeded, not Failed: ValidateService ran no script, so nothing could fail it."
    );
    let mut c = check("v3");
    c.rollback = Some("v2".into());
    assert_eq!(
        said(&graded(c, &blind)),
        "Deployment d-3 of revision v3 Succeeded, so nothing was rolled back."
    );
    // No ApplicationStop hook: v2's deployment ran v1's; v3's runs v2's, which has none.
    let no_stop = GOOD.replace("  ApplicationStop:\n    - location: scripts/stop.sh\n", "");
    let mut c = check("v3");
    c.scripts = BTreeMap::from([(
        "ApplicationStop".to_string(),
        vec!["scripts/stop.sh".to_string()],
    )]);
    assert!(said(&graded(c.clone(), &no_stop)).contains("here v2, deployed with your appspec.yml"));
    c.revision = "v2".into();
    assert_eq!(graded(c, &no_stop), Verdict::Correct);
    // A good revision that fails names the event, its code and the agent's message.
    let missing = GOOD.replace("scripts/deps.sh", "scripts/dependencies.sh");
    let mut c = check("v2");
    c.status = Some("Succeeded".into());
    assert_eq!(
        said(&graded(c, &missing)),
        "Deployment d-2 of revision v2 ended Failed, not Succeeded: BeforeInstall: ScriptMissing: Script does not exist at specified location: scripts/dependencies.sh"
    );
    // Not answered, and an appspec for another platform.
    let answers = crate::answer::Answers::new();
    let valid = AppspecCheck::Valid(ValidCheck {
        input: "appspec".into(),
        group: "Web-Prod".into(),
    });
    assert_eq!(
        grade(&valid, &groups(), &answers).verdict,
        Verdict::NotAnswered
    );
    let lambda = "version: 0.0\nResources:\n  - f:\n      Type: AWS::Lambda::Function\n      Properties: {Name: f, Alias: live, CurrentVersion: 1, TargetVersion: 2}\n";
    assert!(said(&graded(check("v2"), lambda)).contains("EC2/On-Premises instances"));
}

fn texts(p: &Panel) -> String {
    let mut out = String::new();
    for b in &p.blocks {
        match b {
            Block::Heading(t) => out.push_str(&format!("# {t}\n")),
            Block::Note { tone, text } => out.push_str(&format!("[{tone:?}] {text}\n")),
            Block::Table { caption, rows, .. } => {
                out.push_str(&format!("table {caption}\n"));
                for r in rows {
                    let cells: Vec<String> = r
                        .iter()
                        .map(|c| match c.tone {
                            Tone::Plain => c.text.clone(),
                            tone => format!("{}:{tone:?}", c.text),
                        })
                        .collect();
                    out.push_str(&format!("| {}\n", cells.join(" | ")));
                }
            }
            Block::Code { label, .. } => out.push_str(&format!("code {label}\n")),
            _ => {}
        }
    }
    out
}

fn built(text: Option<&str>, lang: Lang) -> String {
    let inputs = vec![Input {
        id: "appspec".into(),
        label: "appspec.yml".into(),
        kind: InputKind::Template {
            starter: GOOD.replace("ValidateService", "Install"),
        },
    }];
    let workspace = crate::family::Workspace::default();
    let lab = LabView {
        inputs: &inputs,
        workspace: &workspace,
        checks: &[],
    };
    let mut answers = crate::answer::Answers::new();
    if let Some(t) = text {
        answers.insert("appspec".into(), Answer::Text(t.into()));
    }
    let mut p = Panel::default();
    panel(&groups(), &lab, &answers, &[], lang, &mut p);
    texts(&p)
}

#[test]
fn the_panel_shows_each_deployment_as_the_console_does() {
    let shown = built(Some(GOOD), Lang::En);
    for line in [
        "# Application Web, deployment group Web-Prod",
        "[Good] Your appspec.yml has no findings.",
        "code Revision v1 (the last good one, deployed before you): appspec.yml",
        "code Revision v2: scripts/check.sh",
        "code Revision v3: scripts/check.sh (changed since v2)",
        "| d-1 | v1 | user | Succeeded:Good",
        "| d-3 | v3 | user | Failed:Bad | 36 s | HEALTH_CONSTRAINTS:Bad",
        "| d-4 | v2 | codeDeployRollback | Succeeded:Good",
        "# Deployment d-2: revision v2 (good)",
        "| ApplicationStop | Succeeded:Good | 3 s | scripts/stop.sh (from v1) | —",
        "| BeforeInstall | Succeeded:Good | 21 s | scripts/deps.sh | —",
        "| ValidateService | Failed:Bad | 5 s | scripts/check.sh | ScriptFailed:Bad",
        "| BeforeAllowTraffic | Skipped | 0 s | — | —",
        "# Rollback deployment d-4: revision v2",
        "[Bad] ValidateService failed with ScriptFailed (the script exited with a non-zero exit code). The agent's message: Script at specified location: scripts/check.sh failed with exit code 1",
    ] {
        assert!(shown.contains(line), "{line}\n---\n{shown}");
    }
    assert!(
        !shown.contains("code Revision v3: scripts/stop.sh"),
        "{shown}"
    );
    // Before any edit, the starter deploys: here its finding, located, and no deployment.
    let starter = built(None, Lang::En);
    assert!(
        starter.contains("| 10 | 3 | error:Bad | Install is reserved for CodeDeploy"),
        "{starter}"
    );
    assert!(
        starter.contains("[Bad] No deployment ran with it."),
        "{starter}"
    );
    assert!(!starter.contains("# Deployment d-2"), "{starter}");
    let vi = built(Some(GOOD), Lang::Vi);
    assert!(
        vi.contains("Các deployment lifecycle event của d-3, theo thứ tự đã chạy"),
        "{vi}"
    );
}
