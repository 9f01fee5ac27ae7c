//! ecr: lifecycle policy findings, push errors, scan findings, repository events and
//! lifecycle preview lines in words (English and Vietnamese).
//!
//! Each rule of `engine::ecr` has its message in every language, and the one-line form tools
//! print (`file:line:column: error: message [rule-id]`). ECR's own words stay in English as the
//! API and the console show them: exception names, the push error's message, severities
//! (CRITICAL…), scan statuses, actions (EXPIRE, TRANSITION), policy keys and values.
use engine::ecr::{
    ActionType, Diagnostic, EcrError, EnhancedFinding, Event, EventKind, Finding, PreviewResult,
    Rule, ScanResult, ScanStatus, DAY,
};

use crate::finding::kind;
use crate::lang::{Lang, T};

/// A finding's message in `lang`, its values filled in.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let arg = |i: usize| d.args.get(i).map(String::as_str).unwrap_or("");
    let near = |i: usize| crate::finding::near(arg(i), lang);
    let place = |i: usize| {
        if arg(i).is_empty() {
            t!("the policy", "policy").get(lang).to_string()
        } else {
            arg(i).to_string()
        }
    };
    let (template, extra): (T, String) = match d.rule {
        Rule::Syntax => (t!("not valid JSON: {a}", "không phải JSON hợp lệ: {a}"), String::new()),
        Rule::NotJson => (t!("a lifecycle policy is JSON, not YAML: write it as {\"rules\": [...]}", "lifecycle policy là JSON, không phải YAML: hãy viết dạng {\"rules\": [...]}"), String::new()),
        Rule::NotAPolicy => (t!("a lifecycle policy is a JSON object with \"rules\", not {k}", "lifecycle policy là một JSON object có \"rules\", không phải {k}"), String::new()),
        Rule::PolicyText => (t!("lifecyclePolicyText does not hold a JSON policy: {a}", "lifecyclePolicyText không chứa một policy JSON: {a}"), String::new()),
        Rule::PolicyLength => (t!("the policy has {a} characters: ECR takes at most 30720", "policy có {a} ký tự: ECR nhận tối đa 30720"), String::new()),
        Rule::DuplicateKey => (t!("\"{a}\" is written twice in this object", "\"{a}\" được viết hai lần trong object này"), String::new()),
        Rule::UnknownKey => (t!("\"{b}\" is not a property of {p}", "\"{b}\" không phải là một thuộc tính của {p}"), near(2)),
        Rule::WrongType => (t!("{a} must be {e}, not {f}", "{a} phải là {e}, không phải {f}"), String::new()),
        Rule::Missing => (t!("{p} needs \"{b}\": it is required", "{p} cần \"{b}\": thuộc tính này là bắt buộc"), String::new()),
        Rule::RulesEmpty => (t!("\"rules\" is empty: a policy needs at least one rule", "\"rules\" đang trống: policy cần ít nhất một rule"), String::new()),
        Rule::PriorityValue => (t!("rulePriority is {a}: it must be a positive integer (1, 2, 10…)", "rulePriority là {a}: giá trị phải là số nguyên dương (1, 2, 10…)"), String::new()),
        Rule::PriorityDuplicate => (t!("two rules have rulePriority {a}: each rule needs a unique value", "hai rule có cùng rulePriority {a}: mỗi rule cần một giá trị riêng"), String::new()),
        Rule::AnyNotLast => (t!("this rule has tagStatus any but rulePriority {a}: a rule with tagStatus any must have the highest rulePriority (above {b}) and be evaluated last", "rule này có tagStatus any nhưng rulePriority là {a}: rule có tagStatus any phải có rulePriority cao nhất (lớn hơn {b}) và được đánh giá cuối cùng"), String::new()),
        Rule::TagStatus => (t!("tagStatus \"{a}\": use tagged, untagged or any", "tagStatus \"{a}\": hãy dùng tagged, untagged hoặc any"), near(1)),
        Rule::TaggedNeedsList => (t!("tagStatus tagged needs a tagPrefixList or a tagPatternList naming the tags", "tagStatus tagged cần tagPrefixList hoặc tagPatternList để chỉ ra các tag"), String::new()),
        Rule::ListNotTagged => (t!("{a} is only used with tagStatus tagged, not {b}: remove it", "{a} chỉ dùng với tagStatus tagged, không dùng với {b}: hãy bỏ nó đi"), String::new()),
        Rule::BothLists => (t!("a rule takes a tagPrefixList or a tagPatternList, not both", "một rule chỉ dùng tagPrefixList hoặc tagPatternList, không dùng cả hai"), String::new()),
        Rule::ListEmpty => (t!("{a} is empty or holds an empty string: list the tags to match", "{a} đang trống hoặc chứa chuỗi rỗng: hãy liệt kê các tag cần khớp"), String::new()),
        Rule::Wildcards => (t!("the pattern \"{a}\" has {b} wildcards (*): the maximum is four per pattern", "pattern \"{a}\" có {b} wildcard (*): tối đa là bốn wildcard cho mỗi pattern"), String::new()),
        Rule::CountType => (t!("countType \"{a}\": use imageCountMoreThan, sinceImagePushed, sinceImagePulled or sinceImageTransitioned", "countType \"{a}\": hãy dùng imageCountMoreThan, sinceImagePushed, sinceImagePulled hoặc sinceImageTransitioned"), near(1)),
        Rule::CountUnit => (t!("countUnit \"{a}\": the only unit is days", "countUnit \"{a}\": đơn vị duy nhất là days"), String::new()),
        Rule::CountUnitMissing => (t!("countType {a} counts days: add \"countUnit\": \"days\"", "countType {a} tính theo ngày: hãy thêm \"countUnit\": \"days\""), String::new()),
        Rule::CountUnitNotAllowed => (t!("countUnit is only used with an age (sinceImagePushed…), not with imageCountMoreThan: remove it", "countUnit chỉ dùng với tuổi của image (sinceImagePushed…), không dùng với imageCountMoreThan: hãy bỏ nó đi"), String::new()),
        Rule::CountNumber => (t!("countNumber is {a}: it must be a positive integer (0 is not accepted)", "countNumber là {a}: giá trị phải là số nguyên dương (không chấp nhận 0)"), String::new()),
        Rule::StorageClass => (t!("storageClass \"{a}\": use standard or archive", "storageClass \"{a}\": hãy dùng standard hoặc archive"), String::new()),
        Rule::StorageClassCount => (t!("countType {a} with storageClass \"{b}\": sinceImageTransitioned needs storageClass archive, the other count types select standard images", "countType {a} với storageClass \"{b}\": sinceImageTransitioned cần storageClass archive, các count type khác chọn image standard"), String::new()),
        Rule::ActionType => (t!("action type \"{a}\": use expire or transition", "action type \"{a}\": hãy dùng expire hoặc transition"), near(1)),
        Rule::TargetStorageClass if arg(0) == "expire" => (t!("an expire action has no targetStorageClass: remove it", "action expire không có targetStorageClass: hãy bỏ nó đi"), String::new()),
        Rule::TargetStorageClass => (t!("a transition needs \"targetStorageClass\": \"archive\"", "transition cần \"targetStorageClass\": \"archive\""), String::new()),
        Rule::TransitionArchived => (t!("this transition selects archived images: a transition moves standard images to the archive", "transition này chọn các image đã archive: transition chỉ chuyển image standard vào archive"), String::new()),
        Rule::ArchiveMinimum => (t!("archived images are kept at least 90 days: a rule cannot expire them {a} days after their transition", "image đã archive được giữ tối thiểu 90 ngày: rule không thể expire chúng {a} ngày sau khi chuyển"), String::new()),
        Rule::UntaggedTwice => (t!("rule {a} already selects untagged images: only one rule may select them", "rule {a} đã chọn các image untagged: chỉ một rule được chọn chúng"), String::new()),
        Rule::SamePrefixes => (t!("rule {a} already selects the same tags: the rules must contain a unique set of tag prefixes", "rule {a} đã chọn đúng các tag này: các rule phải có tập tag prefix khác nhau"), String::new()),
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

/// A push or tag error: the exception's name and ECR's message as the API gives it (in
/// English), then what it means.
pub fn error(e: &EcrError, lang: Lang) -> String {
    match e {
        EcrError::ImageTagAlreadyExists { tag, repository } => t!(
            "{code}: The image tag '{tag}' already exists in the '{repo}' repository and cannot be overwritten because the repository is immutable. Push with a new tag (a version or the commit id) instead of reusing one.",
            "{code}: The image tag '{tag}' already exists in the '{repo}' repository and cannot be overwritten because the repository is immutable. Hãy push với một tag mới (version hoặc commit id) thay vì dùng lại tag cũ."
        )
        .fill(lang, &[("code", &e.code()), ("tag", tag), ("repo", repository)]),
        EcrError::InvalidTag { tag } => t!(
            "{code}: \"{tag}\" is not a valid image tag (letters, digits, _ . - up to 128 characters, not starting with . or -)",
            "{code}: \"{tag}\" không phải image tag hợp lệ (chữ, số, _ . - tối đa 128 ký tự, không bắt đầu bằng . hoặc -)"
        )
        .fill(lang, &[("code", &e.code()), ("tag", tag)]),
        EcrError::InvalidRepositoryName { name } => t!(
            "{code}: \"{name}\" is not a valid repository name (2 to 256 lowercase letters, digits and . _ - / between words)",
            "{code}: \"{name}\" không phải tên repository hợp lệ (2 đến 256 ký tự chữ thường, số và . _ - / giữa các từ)"
        )
        .fill(lang, &[("code", &e.code()), ("name", name)]),
        EcrError::ImageNotFound { reference } => t!(
            "{code}: no image {reference} in this repository",
            "{code}: không có image {reference} trong repository này"
        )
        .fill(lang, &[("code", &e.code()), ("reference", reference)]),
    }
}

/// A digest shortened for reading: `sha256:` and its first 12 hex digits.
pub fn short(digest: &str) -> &str {
    digest.get(..19).unwrap_or(digest)
}

/// A repository event in one sentence.
pub fn event(e: &Event, lang: Lang) -> String {
    let s = |d: &String| short(d).to_string();
    match &e.kind {
        EventKind::ImagePushed { digest } => {
            t!("image {d} pushed", "đã push image {d}").fill(lang, &[("d", &s(digest))])
        }
        EventKind::Tagged { digest, tag } => t!("tag {tag} put on {d}", "đã gắn tag {tag} cho {d}")
            .fill(lang, &[("tag", tag), ("d", &s(digest))]),
        EventKind::TagMoved { tag, from, to } => t!(
            "tag {tag} moved from {from} to {to}",
            "tag {tag} đã chuyển từ {from} sang {to}"
        )
        .fill(lang, &[("tag", tag), ("from", &s(from)), ("to", &s(to))]),
        EventKind::BecameUntagged { digest } => t!(
            "{d} has no tag left: it is now an untagged image",
            "{d} không còn tag nào: giờ là image untagged"
        )
        .fill(lang, &[("d", &s(digest))]),
        EventKind::Untagged { digest, tag } => {
            t!("tag {tag} removed from {d}", "đã xoá tag {tag} khỏi {d}")
                .fill(lang, &[("tag", tag), ("d", &s(digest))])
        }
        EventKind::ImageDeleted { digest } => {
            t!("image {d} deleted", "đã xoá image {d}").fill(lang, &[("d", &s(digest))])
        }
        EventKind::Refused { code, tag } => t!(
            "push of tag {tag} refused: {code}",
            "push tag {tag} bị từ chối: {code}"
        )
        .fill(lang, &[("tag", tag), ("code", code)]),
        EventKind::LifecycleExpired {
            digest,
            rule_priority,
        } => t!(
            "lifecycle policy rule {rule} expired image {d}",
            "rule {rule} của lifecycle policy đã expire image {d}"
        )
        .fill(lang, &[("rule", rule_priority), ("d", &s(digest))]),
        EventKind::LifecycleArchived {
            digest,
            rule_priority,
        } => t!(
            "lifecycle policy rule {rule} moved image {d} to the archive",
            "rule {rule} của lifecycle policy đã chuyển image {d} vào archive"
        )
        .fill(lang, &[("rule", rule_priority), ("d", &s(digest))]),
        EventKind::Scanned { digest, status } => {
            t!("scan of {d}: {status}", "kết quả scan {d}: {status}")
                .fill(lang, &[("d", &s(digest)), ("status", status)])
        }
    }
}

/// A scan's summary: its status and the counts by severity (findingSeverityCounts).
pub fn scan_summary(r: &ScanResult, lang: Lang) -> String {
    if r.status == ScanStatus::UnsupportedImage {
        return t!(
            "Scan {status}: the image has no operating system packages that basic scanning reads (an image built FROM scratch)",
            "Scan {status}: image không có package hệ điều hành nào để basic scanning đọc (image build FROM scratch)"
        )
        .fill(lang, &[("status", &r.status.name())]);
    }
    if r.finding_severity_counts.is_empty() {
        return t!(
            "Scan {status}: no findings",
            "Scan {status}: không có finding nào"
        )
        .fill(lang, &[("status", &r.status.name())]);
    }
    let counts: Vec<String> = r
        .finding_severity_counts
        .iter()
        .map(|(s, n)| format!("{n} {}", s.name()))
        .collect();
    t!("Scan {status}: {counts}", "Kết quả scan {status}: {counts}").fill(
        lang,
        &[("status", &r.status.name()), ("counts", &counts.join(", "))],
    )
}

/// A basic scan finding in one line.
pub fn finding(f: &Finding, lang: Lang) -> String {
    let attr = |k: &str| {
        f.attributes
            .iter()
            .find(|(key, _)| key == k)
            .map_or("", |(_, v)| v.as_str())
    };
    t!(
        "{sev} {name} in package {pkg} {ver}",
        "{sev} {name} trong package {pkg} {ver}"
    )
    .fill(
        lang,
        &[
            ("sev", &f.severity.name()),
            ("name", &f.name),
            ("pkg", &attr("package_name")),
            ("ver", &attr("package_version")),
        ],
    )
}

/// An enhanced scan finding in one line, with its fix when there is one.
pub fn enhanced_finding(f: &EnhancedFinding, lang: Lang) -> String {
    let Some(p) = f.vulnerable_packages.first() else {
        return format!("{} {}", f.severity.name(), f.title);
    };
    let values: &[(&str, &dyn std::fmt::Display)] = &[
        ("sev", &f.severity.name()),
        ("id", &f.vulnerability_id),
        ("pkg", &p.name),
        ("ver", &p.version),
        ("pm", &p.package_manager),
        ("fix", &p.fixed_in_version),
    ];
    if p.fixed_in_version.is_empty() {
        t!(
            "{sev} {id} in {pm} package {pkg} {ver}: no fixed version yet",
            "{sev} {id} trong package {pm} {pkg} {ver}: chưa có version sửa lỗi"
        )
        .fill(lang, values)
    } else {
        t!(
            "{sev} {id} in {pm} package {pkg} {ver}: fixed in {fix}",
            "{sev} {id} trong package {pm} {pkg} {ver}: đã sửa ở version {fix}"
        )
        .fill(lang, values)
    }
}

/// A lifecycle preview line: the image, its tags, its age at `now`, and what the policy does
/// to it and by which rule.
pub fn preview_line(r: &PreviewResult, now: u64, lang: Lang) -> String {
    let tags = if r.image_tags.is_empty() {
        t!("untagged", "không có tag").get(lang).to_string()
    } else {
        r.image_tags.join(", ")
    };
    let age = now.saturating_sub(r.image_pushed_at) / DAY;
    let values: &[(&str, &dyn std::fmt::Display)] = &[
        ("d", &short(&r.image_digest)),
        ("tags", &tags),
        ("age", &age),
        ("rule", &r.applied_rule_priority.unwrap_or(0)),
        ("seen", &r.matched_rule_priority.unwrap_or(0)),
    ];
    match (r.action, r.matched_rule_priority) {
        (Some(ActionType::Expire), _) => t!(
            "{d} ({tags}), pushed {age} days ago: EXPIRE by rule {rule}",
            "{d} ({tags}), push {age} ngày trước: EXPIRE theo rule {rule}"
        )
        .fill(lang, values),
        (Some(ActionType::Transition), _) => t!(
            "{d} ({tags}), pushed {age} days ago: TRANSITION to the archive by rule {rule}",
            "{d} ({tags}), push {age} ngày trước: TRANSITION vào archive theo rule {rule}"
        )
        .fill(lang, values),
        (None, Some(_)) => t!(
            "{d} ({tags}), pushed {age} days ago: kept (selected by rule {seen}, which keeps it; later rules cannot expire it)",
            "{d} ({tags}), push {age} ngày trước: được giữ (rule {seen} chọn và giữ nó; các rule sau không thể expire nó)"
        )
        .fill(lang, values),
        (None, None) => t!(
            "{d} ({tags}), pushed {age} days ago: kept (no rule selects it)",
            "{d} ({tags}), push {age} ngày trước: được giữ (không rule nào chọn nó)"
        )
        .fill(lang, values),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::ecr::{
        preview_images, scan, validate, Image, ImageContent, Package, Pos, Repository, ScanConfig,
        ScanFrequency, TagMutability,
    };

    #[test]
    fn every_rule_is_worded_in_both_languages() {
        for rule in Rule::ALL {
            for first in ["a", "expire"] {
                let d = Diagnostic {
                    pos: Pos { line: 1, col: 1 },
                    rule: *rule,
                    args: vec![first.into(), "b".into(), "c".into()],
                };
                let en = message(&d, Lang::En);
                let vi = message(&d, Lang::Vi);
                assert!(!en.trim().is_empty() && !vi.trim().is_empty(), "{rule:?}");
                assert_ne!(en, vi, "{rule:?} is not translated");
            }
        }
    }

    #[test]
    fn findings_print_as_one_line_with_did_you_mean() {
        let r = validate("{\"rules\": [{\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThen\", \"countNumber\": 3}, \"action\": {\"type\": \"expire\"}}]}");
        let l = line("policy.json", &r.diagnostics[0], Lang::En);
        assert_eq!(
            l,
            "policy.json:1:79: error: countType \"imageCountMoreThen\": use imageCountMoreThan, sinceImagePushed, sinceImagePulled or sinceImageTransitioned (did you mean imageCountMoreThan?) [count-type]"
        );
        assert!(line("policy.json", &r.diagnostics[0], Lang::Vi)
            .contains("có phải ý bạn là imageCountMoreThan?"));
    }

    fn content(base: &str, build: &str) -> ImageContent {
        ImageContent {
            base: base.into(),
            build: build.into(),
            size_bytes: 1,
            ..ImageContent::default()
        }
    }

    #[test]
    fn an_immutable_push_keeps_ecrs_message() {
        let mut repo = Repository::new("web").unwrap();
        repo.tag_mutability = TagMutability::Immutable;
        repo.push(&content("alpine:3.20", "1"), Some("v1"), 1)
            .unwrap();
        let e = repo
            .push(&content("alpine:3.20", "2"), Some("v1"), 2)
            .unwrap_err();
        let en = error(&e, Lang::En);
        assert!(en.starts_with("ImageTagAlreadyExistsException: The image tag 'v1' already exists in the 'web' repository and cannot be overwritten because the repository is immutable."), "{en}");
        assert!(error(&e, Lang::Vi).contains("Hãy push với một tag mới"));
        for ev in &repo.events {
            assert_ne!(event(ev, Lang::En), event(ev, Lang::Vi));
        }
        let bad = Repository::new("Web").unwrap_err();
        assert_ne!(error(&bad, Lang::En), error(&bad, Lang::Vi));
    }

    #[test]
    fn scans_and_previews_read_as_sentences() {
        let image = Image::new(&content("node:16", "1"), &["v1"], 0);
        let r = scan(&image, &ScanConfig::Basic { scan_on_push: true }, 0);
        assert_eq!(
            scan_summary(&r, Lang::En),
            "Scan COMPLETE: 1 CRITICAL, 2 HIGH, 2 MEDIUM, 1 LOW"
        );
        assert!(finding(&r.findings[0], Lang::En)
            .starts_with("CRITICAL CVE-SIM-2024-0001 in package openssl"));
        let scratch = Image::new(&content("scratch", "1"), &[], 0);
        let none = scan(&scratch, &ScanConfig::Basic { scan_on_push: true }, 0);
        assert!(scan_summary(&none, Lang::Vi).contains("UNSUPPORTED_IMAGE"));
        let mut c = content("gcr.io/distroless/static-debian12", "1");
        c.packages = vec![Package {
            ecosystem: "pip".into(),
            name: "pyyaml".into(),
            version: "5.3".into(),
        }];
        let e = scan(
            &Image::new(&c, &[], 0),
            &ScanConfig::Enhanced {
                frequency: ScanFrequency::ScanOnPush,
            },
            0,
        );
        assert_eq!(
            enhanced_finding(&e.enhanced_findings[0], Lang::En),
            "CRITICAL CVE-SIM-2024-1013 in PIP package pyyaml 5.3: fixed in 5.4"
        );
        let policy = validate("{\"rules\": [{\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"tagged\", \"tagPatternList\": [\"v*\"], \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}, \"action\": {\"type\": \"expire\"}}]}").policy.unwrap();
        let images = vec![
            Image::new(&content("alpine:3.20", "1"), &["v1"], 0),
            Image::new(&content("alpine:3.20", "2"), &["v2"], DAY),
            Image::new(&content("alpine:3.20", "3"), &[], DAY),
        ];
        let p = preview_images(&policy, &images, 3 * DAY);
        let lines: Vec<String> = p
            .results
            .iter()
            .map(|r| preview_line(r, 3 * DAY, Lang::En))
            .collect();
        assert!(
            lines[0].ends_with("(v1), pushed 3 days ago: EXPIRE by rule 1"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].contains("kept (selected by rule 1"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].contains("(untagged), pushed 2 days ago: kept (no rule selects it)"),
            "{}",
            lines[2]
        );
        assert!(preview_line(&p.results[0], 3 * DAY, Lang::Vi).contains("EXPIRE theo rule 1"));
    }
}
