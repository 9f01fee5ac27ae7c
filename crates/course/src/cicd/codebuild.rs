//! codebuild: findings and results in words (English and Vietnamese).
//!
//! Each rule of `engine::codebuild` with its message in every language, the one-line form
//! tools print (`file:line:column: error: message [rule-id]`), and the words this app adds
//! about a build. CodeBuild's own log lines, phase names and statuses stay in CodeBuild's
//! English, as the console shows them in every language.
use engine::codebuild::{Build, Diagnostic, Finding, Rule, Status};

use crate::finding::kind;
use crate::lang::{Lang, T};

/// A finding's message in `lang`, its values filled in.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let arg = |i: usize| d.args.get(i).map(String::as_str).unwrap_or("");
    let near = |i: usize| crate::finding::near(arg(i), lang);
    let place = |i: usize| {
        if arg(i).is_empty() {
            t!("the top level", "cấp cao nhất").get(lang).to_string()
        } else {
            arg(i).to_string()
        }
    };
    let (template, extra): (T, String) = match d.rule {
        Rule::Syntax => (t!("not valid YAML: {a}", "không phải YAML hợp lệ: {a}"), String::new()),
        Rule::NotABuildspec => (t!("a buildspec is a mapping of sections (version, phases…), not {k}", "một buildspec là một mapping gồm các section (version, phases…), không phải {k}"), String::new()),
        Rule::DuplicateKey => (t!("\"{a}\" is written twice in this mapping", "\"{a}\" được viết hai lần trong mapping này"), String::new()),
        Rule::UnknownKey => (t!("\"{b}\" is not a key of {p}", "\"{b}\" không phải là một key của {p}"), near(2)),
        Rule::WrongType => (t!("{a} must be {e}, not {f}", "{a} phải là {e}, không phải {f}"), String::new()),
        Rule::VersionMissing => (t!("the buildspec needs a version: use version: 0.2", "buildspec cần có version: hãy dùng version: 0.2"), String::new()),
        Rule::VersionValue => (t!("version must be 0.2 (or the older 0.1), not \"{a}\"", "version phải là 0.2 (hoặc 0.1 cũ hơn), không phải \"{a}\""), String::new()),
        Rule::VersionOld => (t!("version 0.1 runs each command in a separate instance of the default shell, so a command cannot rely on an earlier one (cd, exported variables); use version 0.2", "version 0.1 chạy mỗi command trong một instance shell riêng, nên một command không dựa được vào command trước (cd, biến đã export); hãy dùng version 0.2"), String::new()),
        Rule::PhasesMissing => (t!("the buildspec needs phases with commands to run", "buildspec cần phases với các command để chạy"), String::new()),
        Rule::PhaseUnknown => (t!("\"{a}\" is not a phase: the phases are install, pre_build, build and post_build", "\"{a}\" không phải là một phase: các phase là install, pre_build, build và post_build"), near(1)),
        Rule::PhaseCommands => (t!("phase {a} has no commands", "phase {a} không có commands"), String::new()),
        Rule::CommandMapping => (t!("a command in {a} reads as a mapping, not a string: YAML takes \": \" as a key and a value, so enclose the command in quotation marks", "một command trong {a} bị đọc thành mapping, không phải chuỗi: YAML hiểu \": \" là key và value, nên hãy đặt command trong dấu ngoặc kép"), String::new()),
        Rule::OnFailure => (t!("on-failure of {a} is \"{b}\": use ABORT, CONTINUE, RETRY, RETRY-count, RETRY-regex or RETRY-count-regex", "on-failure của {a} là \"{b}\": hãy dùng ABORT, CONTINUE, RETRY, RETRY-count, RETRY-regex hoặc RETRY-count-regex"), String::new()),
        Rule::RetryCount => (t!("on-failure of {a} retries {b} times: the count must be between 0 and 100", "on-failure của {a} thử lại {b} lần: số lần phải từ 0 đến 100"), String::new()),
        Rule::Shell => (t!("shell \"{a}\" is not supported: use bash or /bin/sh on Linux, powershell.exe or cmd.exe on Windows", "shell \"{a}\" không được hỗ trợ: hãy dùng bash hoặc /bin/sh trên Linux, powershell.exe hoặc cmd.exe trên Windows"), String::new()),
        Rule::YesNo => (t!("{a} is \"{b}\": use yes or no", "{a} là \"{b}\": hãy dùng yes hoặc no"), String::new()),
        Rule::Runtime => (t!("\"{a}\" is not a runtime CodeBuild installs", "\"{a}\" không phải là runtime mà CodeBuild cài đặt"), near(1)),
        Rule::RuntimeVersion => (t!("runtime {a} needs a version (such as 18, 3.x or latest)", "runtime {a} cần một version (ví dụ 18, 3.x hoặc latest)"), String::new()),
        Rule::RuntimesEmpty => (t!("runtime-versions must name at least one runtime", "runtime-versions phải có ít nhất một runtime"), String::new()),
        Rule::ReservedVariable => (t!("{a}: variable names starting with CODEBUILD_ are reserved for CodeBuild's internal use", "{a}: tên biến bắt đầu bằng CODEBUILD_ được dành riêng cho CodeBuild"), String::new()),
        Rule::SecretReference => (t!("secrets-manager variable {a} is \"{b}\": write secret-id:json-key:version-stage:version-id, with a version stage or a version ID, not both", "biến secrets-manager {a} là \"{b}\": hãy viết secret-id:json-key:version-stage:version-id, dùng version stage hoặc version ID, không dùng cả hai"), String::new()),
        Rule::ExportAws => (t!("{a} cannot be exported: environment variables that start with AWS_ cannot be exported", "không export được {a}: các biến môi trường bắt đầu bằng AWS_ không thể export"), String::new()),
        Rule::ReportFiles => (t!("report group {a} needs files", "report group {a} cần files"), String::new()),
        Rule::ReportFormat => (t!("report group {a}: \"{b}\" is not a file format CodeBuild reads (test reports: JUNITXML, CUCUMBERJSON, TESTNGXML, VISUALSTUDIOTRX, NUNITXML, NUNIT3XML; code coverage: CLOVERXML, COBERTURAXML, JACOCOXML, SIMPLECOV)", "report group {a}: \"{b}\" không phải file format mà CodeBuild đọc được (test report: JUNITXML, CUCUMBERJSON, TESTNGXML, VISUALSTUDIOTRX, NUNITXML, NUNIT3XML; code coverage: CLOVERXML, COBERTURAXML, JACOCOXML, SIMPLECOV)"), String::new()),
        Rule::ReportGroups => (t!("{a} report groups: a project can have a maximum of five report groups", "{a} report group: một project có tối đa năm report group"), String::new()),
        Rule::ArtifactFiles => (t!("{a} needs files (artifacts/files is required even when there are only secondary artifacts)", "{a} cần files (artifacts/files là bắt buộc ngay cả khi chỉ có secondary artifacts)"), String::new()),
        Rule::CachePaths => (t!("the cache needs paths", "cache cần paths"), String::new()),
        Rule::CacheAction => (t!("cache action \"{a}\": use restore or save (or leave it out for both)", "cache action \"{a}\": hãy dùng restore hoặc save (hoặc bỏ trống để làm cả hai)"), String::new()),
        Rule::BatchType => (t!("a batch has one type, not {a}", "một batch chỉ có một loại, không phải {a}"), String::new()),
        Rule::BatchIdentifier if arg(0).is_empty() => (t!("every task of a build graph needs an identifier", "mỗi task của build graph cần một identifier"), String::new()),
        Rule::BatchIdentifier => (t!("two tasks have the identifier \"{a}\"", "hai task có cùng identifier \"{a}\""), String::new()),
        Rule::DependOnUnknown => (t!("task {a} depends on \"{b}\", which is not a task of the build graph", "task {a} phụ thuộc vào \"{b}\", không phải là task nào của build graph"), String::new()),
        Rule::BatchCycle => (t!("the build graph's tasks depend on each other in a circle: {a}", "các task của build graph phụ thuộc lẫn nhau thành vòng tròn: {a}"), String::new()),
    };
    let text = template.fill(
        lang,
        &[
            ("a", &arg(0)),
            ("b", &arg(1)),
            ("p", &place(0)),
            ("e", &kind(arg(1)).get(lang)),
            ("f", &kind(arg(2)).get(lang)),
            ("k", &kind(arg(0)).get(lang)),
        ],
    );
    format!("{text}{extra}")
}

/// The one-line form: `file:line:column: error: message [rule-id]`.
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

/// A build's outcome in one sentence: its number, status (CodeBuild's word), duration and,
/// when it did not succeed, the first phase that did not and why (CodeBuild's message).
pub fn summary(b: &Build, lang: Lang) -> String {
    let duration = format!("{}:{:02}", b.duration / 60, b.duration % 60);
    let failed = b
        .phases
        .iter()
        .find(|p| matches!(p.status, Some(s) if s != Status::Succeeded));
    match failed {
        None => t!(
            "Build #{n} {s} in {d} (min:s)",
            "Build #{n} {s} sau {d} (phút:giây)"
        )
        .fill(
            lang,
            &[("n", &b.number), ("s", &b.status.name()), ("d", &duration)],
        ),
        Some(p) => {
            let why = p
                .context
                .as_ref()
                .map_or(String::new(), |c| c.message.clone());
            t!(
                "Build #{n} {s} in {d} (min:s): phase {p} {ps}. {why}",
                "Build #{n} {s} sau {d} (phút:giây): phase {p} {ps}. {why}"
            )
            .fill(
                lang,
                &[
                    ("n", &b.number),
                    ("s", &b.status.name()),
                    ("d", &duration),
                    ("p", &p.phase.name()),
                    ("ps", &p.status.map_or("", Status::name)),
                    ("why", &why),
                ],
            )
        }
    }
}

/// An image scan finding of the simulation, in words.
pub fn finding(f: &Finding, lang: Lang) -> String {
    t!(
        "{sev}: {image} is built on {base}, a base image past its end of life that no longer gets security fixes: move to a supported release",
        "{sev}: {image} được build trên {base}, một base image đã hết vòng đời (end of life) và không còn nhận bản vá bảo mật: hãy chuyển sang một bản phát hành còn được hỗ trợ"
    )
    .fill(lang, &[("sev", &f.severity), ("image", &f.image), ("base", &f.base)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::codebuild::{run, validate, Environment, Pos, Source};

    #[test]
    fn every_rule_is_worded_in_both_languages() {
        for rule in Rule::ALL {
            let d = Diagnostic {
                pos: Pos { line: 1, col: 1 },
                rule: *rule,
                args: vec!["a".into(), "b".into(), "c".into()],
            };
            let en = message(&d, Lang::En);
            let vi = message(&d, Lang::Vi);
            assert!(!en.trim().is_empty() && !vi.trim().is_empty(), "{rule:?}");
            assert_ne!(en, vi, "{rule:?} is not translated");
        }
    }

    #[test]
    fn findings_print_as_one_line_with_did_you_mean() {
        let r = validate("version: 0.2\nphases:\n  build:\n    comands: [ls]\n");
        let lines: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| line("buildspec.yml", d, Lang::En))
            .collect();
        assert_eq!(
            lines[1],
            "buildspec.yml:4:5: error: \"comands\" is not a key of phases/build (did you mean commands?) [unknown-key]"
        );
        assert!(line("buildspec.yml", &r.diagnostics[1], Lang::Vi)
            .contains("có phải ý bạn là commands?"));
    }

    #[test]
    fn a_build_summary_keeps_codebuild_words() {
        let spec = validate("version: 0.2\nphases:\n  build:\n    commands: [npm test]\n")
            .spec
            .unwrap();
        let b = run(&spec, &Source::default(), &Environment::default());
        let en = summary(&b, Lang::En);
        assert!(en.starts_with("Build #1 FAILED in 0:"), "{en}");
        assert!(en.contains("phase BUILD FAILED. Error while executing command: npm test. Reason: exit status 254"), "{en}");
        assert!(summary(&b, Lang::Vi).contains("phase BUILD FAILED"));
    }
}
