//! The pipeline's visual builder: buttons beside the stage diagram that rewrite the learner's
//! definition (the same `get-pipeline` JSON the editor holds) one stage at a time: add a
//! stage of a kind the lab has (a deploy to each of its targets, a manual approval, a test
//! stage running one of its CodeBuild projects), add a test beside the tests a stage already
//! runs (same runOrder: in parallel), move the last stage up, remove it. Each
//! button's `op` is the whole new JSON (`panel::Actions::replace`), so the editor and the
//! builder are one answer. JSON that does not parse offers no builder: the editor shows why.
use serde_json::{json, Value};

use super::PipelineDef;
use crate::lang::{Lang, T};
use crate::panel::{Action, Actions, Tone};

/// The stages array of a definition, whether wrapped in `pipeline` or not.
fn stages_mut(root: &mut Value) -> Option<&mut Vec<Value>> {
    let outer = root.as_object_mut()?;
    let holder = if outer.contains_key("pipeline") {
        outer.get_mut("pipeline")?.as_object_mut()?
    } else {
        outer
    };
    holder.get_mut("stages")?.as_array_mut()
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(*k))?.as_str()
}

/// The actions of every stage.
fn actions(stages: &[Value]) -> impl Iterator<Item = &Value> {
    stages
        .iter()
        .filter_map(|s| s.get("actions").and_then(Value::as_array))
        .flatten()
}

/// The artifact a new stage takes: the last one an earlier action produced.
fn last_artifact(stages: &[Value]) -> Option<String> {
    actions(stages)
        .filter_map(|a| a.get("outputArtifacts").and_then(Value::as_array))
        .flatten()
        .filter_map(|o| o.get("name").and_then(Value::as_str))
        .last()
        .map(str::to_string)
}

/// The artifact the source produced (what a test runs on).
fn source_artifact(stages: &[Value]) -> Option<String> {
    stages
        .first()
        .and_then(|s| s.get("actions"))
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(|a| a.get("outputArtifacts"))
        .and_then(Value::as_array)
        .and_then(|o| o.first())
        .and_then(|o| o.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// A stage name not yet used: `name`, `name2`…
fn fresh(stages: &[Value], name: &str) -> String {
    let used = |n: &str| stages.iter().any(|s| str_at(s, &["name"]) == Some(n));
    (1..)
        .map(|i| {
            if i == 1 {
                name.to_string()
            } else {
                format!("{name}{i}")
            }
        })
        .find(|n| !used(n))
        .unwrap_or_else(|| name.to_string())
}

/// An action name not yet used in `stage`: `name`, `name2`…
fn fresh_action(stage: &Value, name: &str) -> String {
    let actions = stage.get("actions").and_then(Value::as_array);
    let used = |n: &str| actions.is_some_and(|a| a.iter().any(|a| str_at(a, &["name"]) == Some(n)));
    (1..)
        .map(|i| {
            if i == 1 {
                name.to_string()
            } else {
                format!("{name}{i}")
            }
        })
        .find(|n| !used(n))
        .unwrap_or_else(|| name.to_string())
}

fn action(name: &str, category: &str, provider: &str, config: Value, input: Option<&str>) -> Value {
    let inputs: Vec<Value> = input.map(|i| json!({ "name": i })).into_iter().collect();
    json!({
        "name": name,
        "actionTypeId": { "category": category, "owner": "AWS", "provider": provider, "version": "1" },
        "runOrder": 1,
        "configuration": config,
        "outputArtifacts": [],
        "inputArtifacts": inputs,
    })
}

/// The deploy action for `target`, shaped like the definition's other deploy actions (ECS or
/// CodeDeploy), CodeDeploy when it has none.
fn deploy_to(def: &PipelineDef, stages: &[Value], target: &str) -> Value {
    let like = actions(stages).find(|a| str_at(a, &["actionTypeId", "category"]) == Some("Deploy"));
    let input = last_artifact(stages);
    match like.and_then(|a| str_at(a, &["actionTypeId", "provider"])) {
        Some("ECS") => {
            let cluster = like
                .and_then(|a| str_at(a, &["configuration", "ClusterName"]))
                .unwrap_or(&def.repository);
            action(
                "Deploy",
                "Deploy",
                "ECS",
                json!({ "ClusterName": cluster, "ServiceName": target, "FileName": "imagedefinitions.json" }),
                input.as_deref(),
            )
        }
        _ => {
            let app = like
                .and_then(|a| str_at(a, &["configuration", "ApplicationName"]))
                .unwrap_or(&def.repository);
            action(
                "Deploy",
                "Deploy",
                "CodeDeploy",
                json!({ "ApplicationName": app, "DeploymentGroupName": target }),
                input.as_deref(),
            )
        }
    }
}

/// A stage name from a target (`staging` → `Staging`).
fn title(name: &str) -> String {
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The definition with `change` applied, as pretty JSON; `None` when it does not parse.
fn changed(text: &str, change: impl FnOnce(&mut Vec<Value>)) -> Option<String> {
    let mut root: Value = serde_json::from_str(text).ok()?;
    change(stages_mut(&mut root)?);
    serde_json::to_string_pretty(&root).ok()
}

/// The builder's buttons for the definition `text` (the learner's, or the starter).
pub fn buttons(def: &PipelineDef, text: &str, lang: Lang) -> Option<Actions> {
    let mut root: Value = serde_json::from_str(text).ok()?;
    let stages = stages_mut(&mut root)?.clone();
    let mut buttons = Vec::new();
    let deployed = |t: &str| {
        actions(&stages).any(|a| {
            str_at(a, &["configuration", "DeploymentGroupName"]) == Some(t)
                || str_at(a, &["configuration", "ServiceName"]) == Some(t)
        })
    };
    let mut add = |label: String, stage: Value| {
        if let Some(op) = changed(text, |s| s.push(stage)) {
            buttons.push(Action {
                op,
                label,
                tone: Tone::Busy,
            });
        }
    };
    for target in def.targets.iter().filter(|t| !deployed(t)) {
        let stage = json!({
            "name": fresh(&stages, &title(target)),
            "actions": [deploy_to(def, &stages, target)],
        });
        add(
            t!(
                "Add a stage: deploy to {target}",
                "Thêm stage: deploy lên {target}"
            )
            .fill(lang, &[("target", target)]),
            stage,
        );
    }
    let has_approval =
        actions(&stages).any(|a| str_at(a, &["actionTypeId", "provider"]) == Some("Manual"));
    if !has_approval {
        let approval = action(
            "Approval",
            "Approval",
            "Manual",
            json!({ "CustomData": "Check the release, then approve it." }),
            None,
        );
        add(
            t!(
                "Add a stage: manual approval",
                "Thêm stage: manual approval"
            )
            .get(lang)
            .to_string(),
            json!({ "name": fresh(&stages, "Approval"), "actions": [approval] }),
        );
    }
    let used =
        |p: &str| actions(&stages).any(|a| str_at(a, &["configuration", "ProjectName"]) == Some(p));
    let mut beside_tests = Vec::new();
    for project in def.projects.keys().filter(|p| !used(p)) {
        let test = action(
            &title(project.rsplit('-').next().unwrap_or(project)),
            "Test",
            "CodeBuild",
            json!({ "ProjectName": project }),
            source_artifact(&stages).as_deref(),
        );
        // Beside the tests a stage already runs: the same runOrder, so in parallel.
        for (i, stage) in stages.iter().enumerate() {
            let tests = stage
                .get("actions")
                .and_then(Value::as_array)
                .is_some_and(|a| {
                    a.iter()
                        .any(|a| str_at(a, &["actionTypeId", "category"]) == Some("Test"))
                });
            let name = str_at(stage, &["name"]).unwrap_or_default();
            let mut beside = test.clone();
            beside["name"] = json!(fresh_action(
                stage,
                &title(project.rsplit('-').next().unwrap_or(project))
            ));
            let op = changed(text, |s| {
                if let Some(a) = s[i].get_mut("actions").and_then(Value::as_array_mut) {
                    a.push(beside);
                }
            });
            if let (true, Some(op)) = (tests, op) {
                beside_tests.push(Action {
                    op,
                    label: t!(
                        "Add to stage {stage}, in parallel: test with CodeBuild project {project}",
                        "Thêm vào stage {stage}, chạy song song: test bằng CodeBuild project {project}"
                    )
                    .fill(lang, &[("stage", &name), ("project", project)]),
                    tone: Tone::Busy,
                });
            }
        }
        add(
            t!(
                "Add a stage: test with CodeBuild project {project}",
                "Thêm stage: test bằng CodeBuild project {project}"
            )
            .fill(lang, &[("project", project)]),
            json!({ "name": fresh(&stages, "Test"), "actions": [test] }),
        );
    }
    buttons.extend(beside_tests);
    let n = stages.len();
    if n > 2 {
        let last = str_at(&stages[n - 1], &["name"]).unwrap_or("").to_string();
        if let Some(op) = changed(text, |s| s.swap(n - 1, n - 2)) {
            buttons.push(Action {
                op,
                label: t!("Move stage {stage} up", "Đưa stage {stage} lên trước")
                    .fill(lang, &[("stage", &last)]),
                tone: Tone::Plain,
            });
        }
        if let Some(op) = changed(text, |s| {
            s.pop();
        }) {
            buttons.push(Action {
                op,
                label: t!("Remove stage {stage}", "Xóa stage {stage}")
                    .fill(lang, &[("stage", &last)]),
                tone: Tone::Bad,
            });
        }
    }
    Some(Actions {
        label: t!(
            "Build the pipeline (writes the definition)",
            "Dựng pipeline (ghi vào definition)"
        )
        .get(lang)
        .to_string(),
        input: def.definition.clone(),
        buttons,
        replace: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STARTER: &str = r#"{"pipeline": {"name": "p", "stages": [
      {"name": "Source", "actions": [{"name": "Source", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "CodeCommit", "version": "1"}, "outputArtifacts": [{"name": "SourceOutput"}]}]},
      {"name": "Build", "actions": [{"name": "Build", "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"}, "inputArtifacts": [{"name": "SourceOutput"}], "outputArtifacts": [{"name": "BuildOutput"}]}]}]}}"#;

    fn def() -> PipelineDef {
        PipelineDef {
            definition: "pipeline".into(),
            repository: "my-app".into(),
            targets: vec!["staging".into(), "production".into()],
            ..Default::default()
        }
    }

    fn stage_names(text: &str) -> Vec<String> {
        let mut v: Value = serde_json::from_str(text).unwrap();
        stages_mut(&mut v)
            .unwrap()
            .iter()
            .map(|s| str_at(s, &["name"]).unwrap().to_string())
            .collect()
    }

    #[test]
    fn the_builder_adds_stages_that_take_the_last_artifact_and_moves_them() {
        let b = buttons(&def(), STARTER, Lang::En).unwrap();
        assert!(b.replace);
        let labels: Vec<&str> = b.buttons.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Add a stage: deploy to staging",
                "Add a stage: deploy to production",
                "Add a stage: manual approval"
            ]
        );
        let staging = &b.buttons[0].op;
        assert_eq!(stage_names(staging), ["Source", "Build", "Staging"]);
        let v: Value = serde_json::from_str(staging).unwrap();
        let deploy = &v["pipeline"]["stages"][2]["actions"][0];
        assert_eq!(deploy["configuration"]["DeploymentGroupName"], "staging");
        assert_eq!(deploy["configuration"]["ApplicationName"], "my-app");
        assert_eq!(deploy["inputArtifacts"][0]["name"], "BuildOutput");
        // The new definition validates, and the next builder offers what is left, and moves.
        let report = engine::pipeline::validate(staging);
        assert!(
            report
                .diagnostics
                .iter()
                .all(|d| d.rule.id() != "artifact-missing"),
            "{:?}",
            report.diagnostics
        );
        let next = buttons(&def(), staging, Lang::En).unwrap();
        let labels: Vec<&str> = next.buttons.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Add a stage: deploy to production",
                "Add a stage: manual approval",
                "Move stage Staging up",
                "Remove stage Staging"
            ]
        );
        assert_eq!(
            stage_names(&next.buttons[2].op),
            ["Source", "Staging", "Build"]
        );
        assert_eq!(stage_names(&next.buttons[3].op), ["Source", "Build"]);
    }

    #[test]
    fn a_second_test_joins_the_test_stage_in_parallel() {
        let mut d = def();
        d.targets.clear();
        for p in ["my-app-unit-tests", "my-app-image-scan"] {
            d.projects
                .insert(p.into(), super::super::Project::default());
        }
        let b = buttons(&d, STARTER, Lang::En).unwrap();
        let first = b
            .buttons
            .iter()
            .find(|a| a.label == "Add a stage: test with CodeBuild project my-app-unit-tests")
            .unwrap();
        let next = buttons(&d, &first.op, Lang::En).unwrap();
        let labels: Vec<&str> = next.buttons.iter().map(|a| a.label.as_str()).collect();
        assert!(
            labels.contains(
                &"Add to stage Test, in parallel: test with CodeBuild project my-app-image-scan"
            ),
            "{labels:?}"
        );
        // The unit tests' project is used: no button offers it again.
        assert!(
            !labels.iter().any(|l| l.ends_with("my-app-unit-tests")),
            "{labels:?}"
        );
        let both = &next
            .buttons
            .iter()
            .find(|a| a.label.starts_with("Add to stage Test"))
            .unwrap()
            .op;
        assert_eq!(stage_names(both), ["Source", "Build", "Test"]);
        let v: Value = serde_json::from_str(both).unwrap();
        let actions = v["pipeline"]["stages"][2]["actions"].as_array().unwrap();
        let names: Vec<&str> = actions
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Tests", "Scan"]);
        assert!(actions.iter().all(|a| a["runOrder"] == 1));
        assert!(actions
            .iter()
            .all(|a| a["inputArtifacts"][0]["name"] == "SourceOutput"));
    }

    #[test]
    fn json_that_does_not_parse_offers_no_builder() {
        assert!(buttons(&def(), "{\"pipeline\": ", Lang::En).is_none());
        assert!(buttons(&def(), "[1, 2]", Lang::En).is_none());
    }
}
