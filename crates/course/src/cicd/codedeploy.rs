//! codedeploy: findings and results in words (English and Vietnamese).
//!
//! CodeDeploy's own names (lifecycle events, statuses, error codes) and the agent's messages
//! stay as the console shows them, in English; the app's explanations are in `lang`.
use engine::codedeploy::{
    DeploymentErrorCode, DeploymentStatus, Diagnostic, EventStatus, LifecycleErrorCode,
    LifecycleEvent, Rule,
};

use crate::finding::kind;
use crate::lang::{Lang, T};

/// A compute platform's API name in the user guide's words.
fn platform(code: &str) -> String {
    code.split('|')
        .map(|p| match p {
            "Server" => "EC2/On-Premises",
            "ECS" => "Amazon ECS",
            "Lambda" => "AWS Lambda",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A finding's message in `lang`, its values filled in.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let arg = |i: usize| d.args.get(i).map(String::as_str).unwrap_or("");
    let near = |i: usize| crate::finding::near(arg(i), lang);
    let a = arg(0);
    let b = arg(1);
    let c = arg(2);
    let (text, extra): (T, String) = match d.rule {
        Rule::Syntax => (t!("not valid YAML or JSON: {a}", "không phải YAML hay JSON hợp lệ: {a}"), String::new()),
        Rule::NotAMapping => (t!("an AppSpec file is a mapping of sections (version, os, files, hooks… or version, Resources, Hooks), not {k}", "một AppSpec file là một mapping gồm các section (version, os, files, hooks… hoặc version, Resources, Hooks), không phải {k}"), String::new()),
        Rule::DuplicateKey => (t!("\"{a}\" is written twice in this mapping", "\"{a}\" được viết hai lần trong mapping này"), String::new()),
        Rule::VersionMissing => (t!("the version section is required: write version: 0.0", "section version là bắt buộc: hãy viết version: 0.0"), String::new()),
        Rule::Version => (t!("version is {a}: currently, the only allowed value is 0.0", "version đang là {a}: hiện tại giá trị duy nhất được phép là 0.0"), String::new()),
        Rule::PlatformUnknown => (t!("the compute platform cannot be told: an EC2/On-Premises AppSpec file has os (and files, hooks), an Amazon ECS or AWS Lambda one has Resources", "không xác định được compute platform: AppSpec file cho EC2/On-Premises có os (cùng files, hooks), còn file cho Amazon ECS hay AWS Lambda có Resources"), String::new()),
        Rule::PlatformMixed => (t!("\"{a}\" belongs to an AppSpec file for {p}, but this one is for {q}", "\"{a}\" thuộc AppSpec file cho {p}, nhưng file này dành cho {q}"), String::new()),
        Rule::UnknownKey => (t!("{a} has no \"{b}\"", "{a} không có \"{b}\""), near(2)),
        Rule::Shape => (t!("{a} must be {e}, not {f}", "{a} phải là {e}, không phải {f}"), String::new()),
        Rule::Required => (t!("{a} needs {b}", "{a} thiếu {b} (bắt buộc)"), String::new()),
        Rule::Value => (t!("{a} is \"{b}\", which is not one of its allowed values: {c}", "{a} là \"{b}\", không nằm trong các giá trị được phép: {c}"), String::new()),
        Rule::HookUnknown => (t!("\"{a}\" is not a deployment lifecycle event", "\"{a}\" không phải là một deployment lifecycle event"), near(1)),
        Rule::HookReserved => (t!("{a} is reserved for CodeDeploy: no script or Lambda function can run at it", "{a} là event dành riêng cho CodeDeploy: không thể chạy script hay Lambda function nào ở đó"), String::new()),
        Rule::HookPlatform => (t!("{a} is not a hook event of {p} deployments (it is one of {q})", "{a} không phải là hook event của deployment trên {p} (nó thuộc về {q})"), String::new()),
        Rule::HookDuplicate => (t!("{a} is hooked twice: each hook runs once per deployment", "{a} được khai báo hook hai lần: mỗi hook chỉ chạy một lần cho mỗi deployment"), String::new()),
        Rule::Timeout => (t!("a {a} script's timeout is {b}: write a whole number of seconds from 1 to 3600 (1 hour)", "timeout của một script {a} là {b}: hãy ghi số giây nguyên từ 1 đến 3600 (1 giờ)"), String::new()),
        Rule::EventTimeout => (t!("the {a} scripts' timeouts add up to {b} seconds: 3600 seconds (1 hour) is the most all scripts of one lifecycle event may run", "tổng timeout các script của {a} là {b} giây: 3600 giây (1 giờ) là thời gian tối đa cho tất cả script của một lifecycle event"), String::new()),
        Rule::ResourceCount => (t!("Resources names {a} targets: it must name exactly one (the Amazon ECS service or the Lambda function)", "Resources khai báo {a} target: phải có đúng một (Amazon ECS service hoặc Lambda function)"), String::new()),
        Rule::FilesOverwrite => (
            t!(
                "{a}: overwrite is not a field of a files entry and the CodeDeploy agent ignores it; to replace files already on the instance, write file_exists_behavior: OVERWRITE at the top level",
                "{a}: overwrite không phải là trường của một mục files và CodeDeploy agent bỏ qua nó; để ghi đè các file đã có trên instance, hãy viết file_exists_behavior: OVERWRITE ở cấp trên cùng"
            ),
            String::new(),
        ),
        Rule::PermissionsWindows => (
            t!(
                "the permissions section applies to Amazon Linux, Ubuntu Server and RHEL instances only: with os: windows the deployment fails",
                "section permissions chỉ áp dụng cho instance Amazon Linux, Ubuntu Server và RHEL: với os: windows, deployment sẽ thất bại"
            ),
            String::new(),
        ),
        Rule::LambdaVersion => (
            t!(
                "{a} is \"{b}\": a Lambda function version here must be a valid positive integer (such as 3), not $LATEST or an alias",
                "{a} là \"{b}\": version của Lambda function ở đây phải là một số nguyên dương hợp lệ (ví dụ 3), không phải $LATEST hay một alias"
            ),
            String::new(),
        ),
        Rule::ResourceType => (t!("resource {a} has Type {b}: it must be {c}", "resource {a} có Type {b}: phải là {c}"), String::new()),
    };
    let (e, f) = (
        b.split('|')
            .map(|k| kind(k).get(lang))
            .collect::<Vec<_>>()
            .join(t!(" or ", " hoặc ").get(lang)),
        kind(c).get(lang),
    );
    let (p, q) = match d.rule {
        Rule::PlatformMixed => (platform(b), platform(c)),
        Rule::HookPlatform => (platform(b), platform(c)),
        _ => (String::new(), String::new()),
    };
    let k = kind(a).get(lang);
    let mut out = text.fill(
        lang,
        &[
            ("a", &a),
            ("b", &b),
            ("c", &c),
            ("e", &e),
            ("f", &f),
            ("k", &k),
            ("p", &p),
            ("q", &q),
        ],
    );
    out.push_str(&extra);
    out
}

/// The line tools print: `file:line:column: error|warning: message [rule-id]`.
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

/// What a lifecycle event's status means (the status itself keeps CodeDeploy's name).
pub fn event_status(s: EventStatus, lang: Lang) -> &'static str {
    match s {
        EventStatus::Pending => t!("waiting to run", "đang chờ chạy"),
        EventStatus::InProgress => t!("running", "đang chạy"),
        EventStatus::Succeeded => t!("ran successfully", "đã chạy thành công"),
        EventStatus::Failed => t!(
            "failed: the deployment to the target stops here",
            "thất bại: deployment tới target dừng tại đây"
        ),
        EventStatus::Skipped => t!(
            "not run, because an earlier event failed",
            "không chạy, vì một event trước đó đã thất bại"
        ),
        EventStatus::Unknown => t!("in an unknown state", "ở trạng thái không xác định"),
    }
    .get(lang)
}

/// What a lifecycle error code means (`Diagnostics.errorCode`).
pub fn error_code(code: LifecycleErrorCode, lang: Lang) -> &'static str {
    match code {
        LifecycleErrorCode::Success => t!("the script ran", "script đã chạy"),
        LifecycleErrorCode::ScriptMissing => t!(
            "the script was not found at its location in the revision",
            "không tìm thấy script ở location của nó trong revision"
        ),
        LifecycleErrorCode::ScriptNotExecutable => t!(
            "the script is not a recognized executable file type",
            "script không phải là loại file thực thi được nhận diện"
        ),
        LifecycleErrorCode::ScriptTimedOut => t!(
            "the script did not finish within its timeout",
            "script không chạy xong trong thời gian timeout"
        ),
        LifecycleErrorCode::ScriptFailed => t!(
            "the script exited with a non-zero exit code",
            "script kết thúc với exit code khác 0"
        ),
        LifecycleErrorCode::UnknownError => t!(
            "the script or hook did not run as expected, for a reason CodeDeploy does not name",
            "script hoặc hook không chạy như mong đợi, vì một lý do CodeDeploy không nêu rõ"
        ),
    }
    .get(lang)
}

/// What a deployment's status means.
pub fn deployment_status(s: DeploymentStatus, lang: Lang) -> &'static str {
    match s {
        DeploymentStatus::Created => t!("created, not started yet", "đã được tạo, chưa bắt đầu"),
        DeploymentStatus::Queued => t!(
            "waiting for another deployment to the group to finish",
            "đang chờ một deployment khác của deployment group kết thúc"
        ),
        DeploymentStatus::InProgress => t!(
            "running its lifecycle events",
            "đang chạy các lifecycle event"
        ),
        DeploymentStatus::Baking => t!(
            "deployed, waiting out the bake time before it is complete",
            "đã deploy, đang chờ hết thời gian bake trước khi hoàn tất"
        ),
        DeploymentStatus::Succeeded => t!(
            "every lifecycle event succeeded",
            "mọi lifecycle event đều thành công"
        ),
        DeploymentStatus::Failed => t!(
            "a lifecycle event failed",
            "một lifecycle event đã thất bại"
        ),
        DeploymentStatus::Stopped => t!(
            "stopped by a user or an alarm",
            "bị dừng bởi người dùng hoặc một alarm"
        ),
        DeploymentStatus::Ready => t!(
            "the replacement instances are ready: traffic waits to be rerouted",
            "các replacement instance đã sẵn sàng: traffic đang chờ được chuyển hướng"
        ),
    }
    .get(lang)
}

/// What a deployment's error code means.
pub fn deployment_error(code: DeploymentErrorCode, lang: Lang) -> &'static str {
    match code {
        DeploymentErrorCode::HealthConstraints => t!(
            "the deployment failed on too many instances to meet the minimum healthy hosts",
            "deployment thất bại trên quá nhiều instance nên không đạt minimum healthy hosts"
        ),
        DeploymentErrorCode::HookExecutionFailure => t!(
            "a lifecycle hook's validation function failed or did not report in time",
            "validation function của một lifecycle hook thất bại hoặc không báo kết quả kịp thời"
        ),
    }
    .get(lang)
}

/// What happens at a lifecycle event (the user guide's descriptions, shortened); the event
/// keeps its CodeDeploy name.
pub fn event(e: LifecycleEvent, lang: Lang) -> &'static str {
    use LifecycleEvent::*;
    match e {
        Start => t!("the deployment starts (reserved for CodeDeploy)", "deployment bắt đầu (dành riêng cho CodeDeploy)"),
        BeforeBlockTraffic => t!("scripts run on the instance before it is deregistered from the load balancer (from the last successful revision)", "script chạy trên instance trước khi nó bị deregister khỏi load balancer (lấy từ revision thành công gần nhất)"),
        BlockTraffic => t!("traffic is blocked from the instance (reserved for CodeDeploy)", "traffic bị chặn khỏi instance (dành riêng cho CodeDeploy)"),
        AfterBlockTraffic => t!("scripts run after the instance is deregistered from the load balancer (from the last successful revision)", "script chạy sau khi instance bị deregister khỏi load balancer (lấy từ revision thành công gần nhất)"),
        ApplicationStop => t!("scripts stop the running application, before the revision is downloaded; they come from the last successful revision, so they do not run on a first deployment", "script dừng ứng dụng đang chạy, trước khi tải revision về; chúng lấy từ revision thành công gần nhất nên không chạy ở lần deploy đầu tiên"),
        DownloadBundle => t!("the agent copies the revision to a temporary folder (reserved for the CodeDeploy agent)", "agent sao chép revision vào một thư mục tạm (dành riêng cho CodeDeploy agent)"),
        BeforeInstall => t!("pre-install tasks, such as decrypting files or backing up the current version; on ECS, before the replacement task set is created", "các tác vụ trước khi cài đặt, như giải mã file hay sao lưu phiên bản hiện tại; trên ECS là trước khi tạo replacement task set"),
        Install => t!("the revision's files are copied to their destinations; on ECS, the replacement task set is created (reserved for CodeDeploy)", "các file của revision được sao chép tới đích; trên ECS, replacement task set được tạo (dành riêng cho CodeDeploy)"),
        AfterInstall => t!("post-install tasks, such as configuring the application or changing file permissions", "các tác vụ sau khi cài đặt, như cấu hình ứng dụng hay đổi quyền của file"),
        AllowTestTraffic => t!("the test listener sends test traffic to the replacement task set (reserved for CodeDeploy)", "test listener gửi test traffic tới replacement task set (dành riêng cho CodeDeploy)"),
        AfterAllowTestTraffic => t!("a function checks the replacement task set while it serves test traffic", "một function kiểm tra replacement task set trong lúc nó nhận test traffic"),
        ApplicationStart => t!("scripts start the services stopped during ApplicationStop", "script khởi động lại các service đã dừng ở ApplicationStop"),
        ValidateService => t!("the last event on the instance: scripts check that the deployment worked", "event cuối cùng trên instance: script kiểm tra deployment đã thành công"),
        BeforeAllowTraffic => t!("checks before production traffic reaches the new version", "kiểm tra trước khi production traffic tới phiên bản mới"),
        AllowTraffic => t!("production traffic is shifted to the new version (reserved for CodeDeploy)", "production traffic được chuyển sang phiên bản mới (dành riêng cho CodeDeploy)"),
        AfterAllowTraffic => t!("checks after production traffic reaches the new version", "kiểm tra sau khi production traffic đã tới phiên bản mới"),
        End => t!("the deployment ends (reserved for CodeDeploy)", "deployment kết thúc (dành riêng cho CodeDeploy)"),
    }
    .get(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::codedeploy::{validate, Rule};
    use engine::tree::Pos;

    #[test]
    fn every_rule_is_worded_in_both_languages() {
        for rule in Rule::ALL {
            let d = Diagnostic {
                pos: Pos { line: 1, col: 1 },
                rule: *rule,
                args: vec!["A".into(), "B".into(), "C".into()],
            };
            let en = message(&d, Lang::En);
            let vi = message(&d, Lang::Vi);
            assert!(!en.is_empty() && !vi.is_empty(), "{rule:?}");
            assert_ne!(en, vi, "{rule:?}");
            assert!(!en.contains('{'), "{rule:?}: {en}");
        }
        for s in [
            EventStatus::Pending,
            EventStatus::Failed,
            EventStatus::Skipped,
        ] {
            assert_ne!(event_status(s, Lang::En), event_status(s, Lang::Vi));
        }
        for c in [
            LifecycleErrorCode::ScriptFailed,
            LifecycleErrorCode::ScriptTimedOut,
            LifecycleErrorCode::ScriptMissing,
        ] {
            assert_ne!(error_code(c, Lang::En), error_code(c, Lang::Vi));
        }
        assert_ne!(
            deployment_status(DeploymentStatus::Ready, Lang::En),
            deployment_status(DeploymentStatus::Ready, Lang::Vi)
        );
        assert_ne!(
            deployment_error(DeploymentErrorCode::HealthConstraints, Lang::En),
            deployment_error(DeploymentErrorCode::HealthConstraints, Lang::Vi)
        );
    }

    #[test]
    fn a_finding_as_a_line() {
        let report =
            validate("version: 0.0\nos: linux\nhooks:\n  ValidateServce:\n    - location: a.sh\n");
        assert_eq!(
            line("appspec.yml", &report.diagnostics[0], Lang::En),
            "appspec.yml:4:3: error: \"ValidateServce\" is not a deployment lifecycle event (did you mean ValidateService?) [hook-event]"
        );
        let mixed = validate("version: 0.0\nResources:\n  - f: {Type: AWS::Lambda::Function, Properties: {Name: f, Alias: a, CurrentVersion: 1, TargetVersion: 2}}\nos: linux\n");
        assert_eq!(
            message(&mixed.diagnostics[0], Lang::En),
            "\"os\" belongs to an AppSpec file for EC2/On-Premises, but this one is for AWS Lambda"
        );
    }
}
