//! CodePipeline in words: each rule of `engine::pipeline` with its message in every language,
//! the one-line form tools print (`file:line:column: error: message [rule-id]`), and the
//! app's own explanations of executions. Status names (InProgress, Superseded…) stay as the
//! API and the console name them, in every language.
use engine::pipeline::{
    ActionStatus, Diagnostic, ExecutionRecord, ExecutionStatus, Refusal, Rule, StageStatus,
};

use crate::finding::kind;
use crate::lang::{Lang, T};

/// A finding's message in `lang`, its values filled in.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let arg = |i: usize| d.args.get(i).map(String::as_str).unwrap_or("");
    let near = |i: usize| crate::finding::near(arg(i), lang);
    let alternatives = |i: usize| arg(i).replace('|', ", ");
    let (template, extra): (T, String) = match d.rule {
        Rule::Syntax => (t!("not valid YAML or JSON: {a}", "không phải YAML hay JSON hợp lệ: {a}"), String::new()),
        Rule::NotAPipeline => (t!("a pipeline definition is a mapping with \"pipeline\" (as get-pipeline prints it), or with \"name\" and \"stages\", not {k}", "một pipeline definition là một mapping có \"pipeline\" (như get-pipeline in ra), hoặc có \"name\" và \"stages\", không phải {k}"), String::new()),
        Rule::DuplicateKey => (t!("\"{a}\" is written twice in this mapping", "\"{a}\" được viết hai lần trong mapping này"), String::new()),
        Rule::UnknownKey => (t!("{a} has no key \"{b}\"", "{a} không có khóa \"{b}\""), near(2)),
        Rule::ArtifactStore if arg(0) == "both" => (t!("a pipeline has artifactStore or artifactStores, not both", "một pipeline có artifactStore hoặc artifactStores, không được có cả hai"), String::new()),
        Rule::ArtifactStore => (t!("a pipeline needs an artifactStore (or artifactStores, one per Region)", "một pipeline cần artifactStore (hoặc artifactStores, mỗi Region một store)"), String::new()),
        Rule::MissingKey => (t!("{a} needs \"{b}\"", "{a} thiếu \"{b}\""), String::new()),
        Rule::WrongType => (t!("{a} must be {e}, not {f}", "{a} phải là {e}, không phải {f}"), String::new()),
        Rule::BadValue => (t!("{a} is \"{b}\", which is not one of {c}", "{a} là \"{b}\", không phải một trong {c}"), String::new()),
        Rule::BadName if arg(4).is_empty() => (t!("{a} \"{b}\" must be {c} to {d} characters long", "{a} \"{b}\" phải dài từ {c} đến {d} ký tự"), String::new()),
        Rule::BadName if arg(4) == "arn:" => (t!("{a} \"{b}\" must be an IAM role ARN (arn:aws:iam::…:role/…)", "{a} \"{b}\" phải là ARN của một IAM role (arn:aws:iam::…:role/…)"), String::new()),
        Rule::BadName => (t!("{a} \"{b}\" must be {c} to {d} characters from {g}", "{a} \"{b}\" phải gồm {c} đến {d} ký tự trong {g}"), String::new()),
        Rule::OutOfRange => (t!("{a} is {b}, outside {c} to {d}", "{a} là {b}, nằm ngoài khoảng {c} đến {d}"), String::new()),
        Rule::Quota => (t!("{w} has {b} {q}: CodePipeline allows {c} to {d}", "{w} có {b} {q}: CodePipeline cho phép từ {c} đến {d}"), String::new()),
        Rule::DuplicateName => (t!("the {q} name \"{b}\" is used twice ({c}): it must be unique", "tên {q} \"{b}\" bị dùng hai lần ({c}): tên này phải là duy nhất"), String::new()),
        Rule::FirstStageNotSource if arg(1).is_empty() => (t!("the first stage, {a}, must hold the Source actions", "stage đầu tiên, {a}, phải chứa các action Source"), String::new()),
        Rule::FirstStageNotSource => (t!("the first stage, {a}, may hold only Source actions: {b} is a {c} action", "stage đầu tiên, {a}, chỉ được chứa action Source: {b} là action {c}"), String::new()),
        Rule::SourceOutsideFirstStage => (t!("{b} is a Source action in stage {a}: Source actions go in the first stage only", "{b} là action Source nằm trong stage {a}: action Source chỉ được đặt ở stage đầu tiên"), String::new()),
        Rule::ActionType if arg(4).contains(|c: char| c.is_ascii_uppercase()) && !arg(4).contains(',') && arg(4).split('|').all(|c| ["Source", "Build", "Test", "Deploy", "Approval", "Invoke", "Compute"].contains(&c)) => (
            t!("{a}: {d} is not a {b} provider of {c}; it is one in {h}", "{a}: {d} không phải là provider {b} của {c}; nó thuộc {h}"),
            String::new(),
        ),
        Rule::ActionType => (t!("{a}: CodePipeline has no {b} provider \"{d}\" owned by {c}", "{a}: CodePipeline không có provider {b} \"{d}\" thuộc owner {c}"), near(4)),
        Rule::ActionVersion => (t!("{a}: {b} has no version \"{c}\" (versions: {h})", "{a}: {b} không có version \"{c}\" (các version: {h})"), String::new()),
        Rule::ConfigRequired if arg(3).is_empty() => (t!("{a}: a {b} action needs the configuration key {c}", "{a}: action {b} cần khóa configuration {c}"), String::new()),
        Rule::ConfigRequired => (t!("{a}: a {b} action with {d} needs the configuration key {c}", "{a}: action {b} với {d} cần khóa configuration {c}"), String::new()),
        Rule::ConfigUnknown => (t!("{a}: \"{c}\" is not a configuration key of {b}", "{a}: \"{c}\" không phải là khóa configuration của {b}"), near(3)),
        Rule::ConfigValue => (t!("{a}: {b} is \"{c}\", which is not one of {h}", "{a}: {b} là \"{c}\", không phải một trong {h}"), String::new()),
        Rule::ArtifactCount => {
            let tpl = if arg(1) == "input" {
                t!("{a}: a {f} action takes {c} to {d} input artifacts, not {b}", "{a}: action {f} nhận từ {c} đến {d} input artifact, không phải {b}")
            } else {
                t!("{a}: a {f} action gives {c} to {d} output artifacts, not {b}", "{a}: action {f} tạo ra từ {c} đến {d} output artifact, không phải {b}")
            };
            (tpl, String::new())
        }
        Rule::ArtifactMissing => (t!("{a} takes the artifact \"{b}\", but no action produces it", "{a} nhận artifact \"{b}\", nhưng không action nào tạo ra nó"), near(2)),
        Rule::ArtifactCycle => match arg(4) {
            "self" => (t!("{a} takes the artifact \"{b}\" that it produces itself", "{a} nhận artifact \"{b}\" do chính nó tạo ra"), String::new()),
            "parallel" => (t!("{a} takes the artifact \"{b}\", which {c} produces at the same time (same runOrder): give {a} a higher runOrder", "{a} nhận artifact \"{b}\", do {c} tạo ra cùng lúc (cùng runOrder): hãy cho {a} một runOrder cao hơn"), String::new()),
            _ => (t!("{a} takes the artifact \"{b}\", which {c} (stage {d}) produces only later", "{a} nhận artifact \"{b}\", mà {c} (stage {d}) chỉ tạo ra sau đó"), String::new()),
        },
        Rule::VariableSyntax => (t!("{a}: {b} is not a variable reference #{namespace.variable}", "{a}: {b} không phải là tham chiếu biến #{namespace.variable}"), String::new()),
        Rule::VariableNamespace => (t!("{a}: {b} uses the namespace \"{c}\", which no action declares", "{a}: {b} dùng namespace \"{c}\", mà không action nào khai báo"), near(3)),
        Rule::VariableOrder => (t!("{a}: {b} uses the variables of {d}, which does not run before this action", "{a}: {b} dùng biến của {d}, action này không chạy trước action hiện tại"), String::new()),
        Rule::VariableUndefined => (t!("{a}: {b}: the pipeline declares no variable \"{c}\"", "{a}: {b}: pipeline không khai báo biến \"{c}\""), near(3)),
        Rule::NeedsV2 => match arg(0) {
            "triggers" => (t!("triggers are a V2 feature: CodePipeline makes this a V2 pipeline (V2 pricing); write pipelineType: V2", "triggers là tính năng của V2: CodePipeline sẽ biến pipeline này thành V2 (tính phí theo V2); hãy ghi pipelineType: V2"), String::new()),
            "variables" => (t!("pipeline-level variables are a V2 feature: CodePipeline makes this a V2 pipeline (V2 pricing); write pipelineType: V2", "biến ở cấp pipeline là tính năng của V2: CodePipeline sẽ biến pipeline này thành V2 (tính phí theo V2); hãy ghi pipelineType: V2"), String::new()),
            _ => (t!("executionMode {b} is a V2 feature: CodePipeline makes this a V2 pipeline (V2 pricing); write pipelineType: V2", "executionMode {b} là tính năng của V2: CodePipeline sẽ biến pipeline này thành V2 (tính phí theo V2); hãy ghi pipelineType: V2"), String::new()),
        },
        Rule::TriggerSource if arg(1) == "missing" => (t!("the trigger's sourceActionName \"{a}\" is not a source action of this pipeline", "sourceActionName \"{a}\" của trigger không phải là source action của pipeline này"), String::new()),
        Rule::TriggerSource => (t!("the trigger's source action \"{a}\" is a {b} action: triggers work only with CodeStarSourceConnection source actions", "source action \"{a}\" của trigger là action {b}: trigger chỉ dùng được với source action CodeStarSourceConnection"), String::new()),
        Rule::RollbackParallel => (t!("stage {a}: a PARALLEL pipeline cannot roll back (onFailure result ROLLBACK)", "stage {a}: pipeline PARALLEL không thể rollback (onFailure result ROLLBACK)"), String::new()),
        Rule::NotChecked => match arg(1) {
            "custom" => (t!("{a} is a custom action: its provider, configuration and artifacts are not checked", "{a} là một custom action: provider, configuration và artifact của nó không được kiểm tra"), String::new()),
            "partner" => (t!("{a} is a partner action: its configuration is not checked", "{a} là một partner action: configuration của nó không được kiểm tra"), String::new()),
            _ => (t!("{a}: stage conditions are checked for their shape only, not run", "{a}: stage condition chỉ được kiểm tra cấu trúc, không được chạy"), String::new()),
        },
    };
    let what = |code: &str| match code {
        "stages" => t!("stages", "stage").get(lang),
        "actions" => t!("actions", "action").get(lang),
        "variables" => t!("variables", "biến").get(lang),
        "triggers" => t!("triggers", "trigger").get(lang),
        "stage" => "stage",
        "action" => "action",
        "output-artifact" => "output artifact",
        "namespace" => "namespace",
        "variable" => t!("variable", "biến").get(lang),
        "trigger" => "trigger",
        _ => t!("items", "mục").get(lang),
    };
    let text = template.fill(
        lang,
        &[
            ("a", &arg(0)),
            ("b", &arg(1)),
            ("c", &arg(2)),
            ("d", &arg(3)),
            ("e", &kind(arg(1)).get(lang)),
            (
                "f",
                &if d.rule == Rule::ArtifactCount {
                    arg(5).to_string()
                } else {
                    kind(arg(2)).get(lang).to_string()
                },
            ),
            ("g", &arg(4)),
            (
                "h",
                &alternatives(if d.rule == Rule::ConfigValue {
                    3
                } else if d.rule == Rule::ActionType {
                    4
                } else {
                    3
                }),
            ),
            ("k", &kind(arg(0)).get(lang)),
            ("q", &what(arg(0))),
            ("w", &arg(4)),
        ],
    );
    format!("{text}{extra}")
}

/// `file:line:column: error|warning: message [rule-id]`.
pub fn line(file: &str, d: &Diagnostic, lang: Lang) -> String {
    let at = (d.pos.line, d.pos.col);
    crate::finding::line(
        file,
        at,
        d.severity().name(),
        &message(d, lang),
        d.rule.id(),
    )
}

/// What an execution status means (the status name itself stays the API's).
pub fn execution_status(s: ExecutionStatus, lang: Lang) -> String {
    let t = match s {
        ExecutionStatus::InProgress => t!(
            "InProgress: the execution is running, or waits to enter a stage",
            "InProgress: execution đang chạy, hoặc đang chờ vào một stage"
        ),
        ExecutionStatus::Stopping => t!(
            "Stopping: a stop was asked; the actions in progress finish or are abandoned",
            "Stopping: đã yêu cầu dừng; các action đang chạy sẽ chạy xong hoặc bị bỏ (abandon)"
        ),
        ExecutionStatus::Stopped => t!(
            "Stopped: the execution was stopped by hand",
            "Stopped: execution đã bị dừng thủ công"
        ),
        ExecutionStatus::Succeeded => t!(
            "Succeeded: every stage succeeded",
            "Succeeded: mọi stage đều thành công"
        ),
        ExecutionStatus::Superseded => t!(
            "Superseded: while it waited to enter a stage, a newer execution took its place",
            "Superseded: trong lúc chờ vào một stage, một execution mới hơn đã thế chỗ"
        ),
        ExecutionStatus::Failed => t!(
            "Failed: an action failed, so its stage and the execution failed",
            "Failed: một action thất bại, nên stage của nó và cả execution thất bại"
        ),
    };
    t.get(lang).to_string()
}

/// What a stage status means in one execution.
pub fn stage_status(s: StageStatus, lang: Lang) -> String {
    let t = match s {
        StageStatus::InProgress => t!(
            "InProgress: its actions are running",
            "InProgress: các action của stage đang chạy"
        ),
        StageStatus::Stopping => t!(
            "Stopping: it finishes its running actions, then stops",
            "Stopping: stage chạy nốt các action đang chạy rồi dừng"
        ),
        StageStatus::Stopped => t!(
            "Stopped: the execution was stopped here",
            "Stopped: execution đã bị dừng tại đây"
        ),
        StageStatus::Succeeded => t!(
            "Succeeded: all its actions succeeded",
            "Succeeded: tất cả action của stage đều thành công"
        ),
        StageStatus::Failed => t!(
            "Failed: one of its actions failed; you can retry it",
            "Failed: một action của stage thất bại; bạn có thể retry"
        ),
    };
    t.get(lang).to_string()
}

/// What an action status means.
pub fn action_status(s: ActionStatus, lang: Lang) -> String {
    let t = match s {
        ActionStatus::InProgress => t!(
            "InProgress: running (an approval waits for someone to approve or reject it)",
            "InProgress: đang chạy (một approval đang chờ người duyệt approve hoặc reject)"
        ),
        ActionStatus::Abandoned => t!(
            "Abandoned: the execution was stopped while it ran",
            "Abandoned: execution bị dừng khi action đang chạy"
        ),
        ActionStatus::Succeeded => t!("Succeeded", "Succeeded: thành công"),
        ActionStatus::Failed => t!("Failed", "Failed: thất bại"),
    };
    t.get(lang).to_string()
}

/// One sentence on where an execution stands: its status, and the stage it waits for,
/// failed in, or was superseded before.
pub fn explain(e: &ExecutionRecord, lang: Lang) -> String {
    let id = e.id.as_str();
    let status = e.status.name();
    let t = match (e.status, &e.waiting_for) {
        (ExecutionStatus::InProgress, Some(stage)) => {
            return t!(
                "Execution {id} ({status}) waits to enter stage {stage}",
                "Execution {id} ({status}) đang chờ vào stage {stage}"
            )
            .fill(lang, &[("id", &id), ("status", &status), ("stage", stage)]);
        }
        (ExecutionStatus::Failed, _) => t!(
            "Execution {id} ({status}) failed in stage {stage}",
            "Execution {id} ({status}) thất bại ở stage {stage}"
        ),
        (ExecutionStatus::Superseded, _) => t!(
            "Execution {id} ({status}) was overtaken by a newer execution before stage {stage}",
            "Execution {id} ({status}) đã bị một execution mới hơn vượt lên trước stage {stage}"
        ),
        (ExecutionStatus::Stopped | ExecutionStatus::Stopping, _) => t!(
            "Execution {id} ({status}) stopped by hand: {stage}",
            "Execution {id} ({status}) bị dừng thủ công: {stage}"
        ),
        // Only names: the same in every language.
        _ => return format!("Execution {id} ({status})"),
    };
    t.fill(
        lang,
        &[("id", &id), ("status", &status), ("stage", &e.summary)],
    )
}

/// Why an event was refused.
pub fn refusal(r: &Refusal, lang: Lang) -> String {
    let (t, v) = match r {
        Refusal::NoStage(s) => (t!("there is no stage {v}", "không có stage {v}"), s),
        Refusal::NoExecution(s) => (t!("there is no execution {v}", "không có execution {v}"), s),
        Refusal::NoApproval(s) => (t!("no approval {v} is waiting for an answer", "không có approval {v} nào đang chờ trả lời"), s),
        Refusal::NotRetryable(s) => (t!("stage {v} has not failed in this execution, or a newer execution has entered it since", "stage {v} không thất bại trong execution này, hoặc một execution mới hơn đã vào stage đó"), s),
        Refusal::NotRunning(s) => (t!("execution {v} has already finished", "execution {v} đã kết thúc"), s),
        Refusal::Filtered(s) => (t!("{v}: no trigger of the pipeline matches this change, so no execution starts", "{v}: không trigger nào của pipeline khớp với thay đổi này, nên không có execution nào bắt đầu"), s),
    };
    t.fill(lang, &[("v", v)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::pipeline::{validate, Pos};

    #[test]
    fn every_rule_is_worded_in_both_languages() {
        for &rule in Rule::ALL {
            let d = Diagnostic {
                pos: Pos { line: 1, col: 1 },
                rule,
                args: vec![
                    "Build".into(),
                    "list".into(),
                    "string".into(),
                    "3".into(),
                    "CodeBuild".into(),
                    "CodeBuild".into(),
                ],
            };
            let en = message(&d, Lang::En);
            let vi = message(&d, Lang::Vi);
            assert!(!en.is_empty() && !vi.is_empty(), "{rule:?}");
            assert_ne!(en, vi, "{rule:?}");
            assert!(!en.contains('{') || en.contains("#{"), "{rule:?}: {en}");
        }
    }

    #[test]
    fn findings_read_well() {
        let text = "{\"pipeline\": {\"name\": \"p\", \"roleArn\": \"arn:aws:iam::1:role/r\", \"artifactStore\": {\"type\": \"S3\", \"location\": \"bkt\"},\n\"stages\": [{\"name\": \"Source\", \"actions\": [{\"name\": \"S\", \"actionTypeId\": {\"category\": \"Source\", \"owner\": \"AWS\", \"provider\": \"S3\", \"version\": \"1\"}, \"configuration\": {\"S3Bucket\": \"b\", \"S3ObjectKey\": \"k\"}, \"outputArtifacts\": [{\"name\": \"Src\"}]}]},\n{\"name\": \"Build\", \"actions\": [{\"name\": \"B\", \"actionTypeId\": {\"category\": \"Build\", \"owner\": \"AWS\", \"provider\": \"CodeBuild\", \"version\": \"1\"}, \"configuration\": {\"ProjectName\": \"x\"}, \"inputArtifacts\": [{\"name\": \"Scr\"}], \"runOrdr\": 1}]}]}}";
        let lines: Vec<String> = validate(text)
            .diagnostics
            .iter()
            .map(|d| line("p.json", d, Lang::En))
            .collect();
        assert_eq!(
            lines,
            [
                "p.json:3:208: error: B takes the artifact \"Scr\", but no action produces it (did you mean Src?) [artifact-missing]",
                "p.json:3:217: error: Build/B has no key \"runOrdr\" (did you mean runOrder?) [unknown-key]",
            ]
        );
    }

    #[test]
    fn executions_are_explained_with_the_api_status_names() {
        use engine::pipeline::*;
        let p = Pipeline::new(
            "app",
            vec![
                Stage::new(
                    "Source",
                    vec![Action::new("Source", Category::Source, "S3").outputs(&["Src"])],
                ),
                Stage::new(
                    "Build",
                    vec![Action::new("Build", Category::Build, "CodeBuild").inputs(&["Src"])],
                ),
            ],
        );
        let mut runner =
            TableRunner::new(10).then("Build", "Build", ActionRun::failed(5, "exit 1"));
        let (sim, _) = run(&p, &[(0, Event::Push(Push::default()))], &mut runner, 100);
        let e = &sim.history()[0];
        assert_eq!(
            explain(e, Lang::En),
            "Execution 1 (Failed) failed in stage Build"
        );
        assert_eq!(
            explain(e, Lang::Vi),
            "Execution 1 (Failed) thất bại ở stage Build"
        );
        assert!(execution_status(ExecutionStatus::Superseded, Lang::Vi).starts_with("Superseded:"));
        assert_ne!(
            refusal(&Refusal::NoStage("X".into()), Lang::En),
            refusal(&Refusal::NoStage("X".into()), Lang::Vi)
        );
    }
}
