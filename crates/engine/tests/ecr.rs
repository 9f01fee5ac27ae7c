//! The ECR engine: every example of "Examples of lifecycle policies in Amazon ECR"
//! (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html)
//! with its documented result, the lab's policy, each validation rule, the repository's
//! operations and the scans.
#![cfg(feature = "containers")]

use engine::ecr::*;

const NOW: u64 = 100 * DAY;

/// An image with these tags pushed `days` ago (its content named by `name`).
fn image(name: &str, tags: &[&str], days: u64) -> Image {
    let content = ImageContent {
        base: "node:22-slim".into(),
        size_bytes: 50_000_000,
        build: name.into(),
        ..ImageContent::default()
    };
    Image::new(&content, tags, NOW - days * DAY)
}

fn policy(text: &str) -> Policy {
    let report = validate(text);
    assert!(
        !report.has_errors(),
        "{:?}",
        report
            .diagnostics
            .iter()
            .map(|d| (d.pos.line, d.pos.col, d.rule.id(), d.args.clone()))
            .collect::<Vec<_>>()
    );
    report.policy.expect("a policy")
}

/// The names (A, B…) of the images the policy expires, in the repository's order.
fn expired(text: &str, images: &[(&str, Image)]) -> Vec<String> {
    let list: Vec<Image> = images.iter().map(|(_, i)| i.clone()).collect();
    let p = preview_images(&policy(text), &list, NOW);
    images
        .iter()
        .filter(|(_, i)| p.expired().contains(&i.digest.as_str()))
        .map(|(n, _)| n.to_string())
        .collect()
}

fn rule(priority: u32, selection: &str) -> String {
    format!(
        r#"{{"rulePriority": {priority}, "description": "Rule {priority}", "selection": {selection}, "action": {{"type": "expire"}}}}"#
    )
}

fn rules(list: &[String]) -> String {
    format!("{{\"rules\": [{}]}}", list.join(","))
}

#[test]
fn filtering_on_image_age_expires_prod_images_older_than_14_days() {
    let text = r#"{
    "rules": [
        {
            "rulePriority": 1,
            "description": "Expire images older than 14 days",
            "selection": {
                "tagStatus": "tagged",
                "tagPatternList": ["prod*"],
                "countType": "sinceImagePushed",
                "countUnit": "days",
                "countNumber": 14
            },
            "action": {
                "type": "expire"
            }
        }
    ]
}"#;
    let images = [
        ("A", image("A", &["prod-1"], 20)),
        ("B", image("B", &["prod"], 15)),
        ("C", image("C", &["prod-3"], 14)),
        ("D", image("D", &["dev-1"], 30)),
        ("E", image("E", &[], 30)),
    ];
    // Older than 14 days: exactly 14 is not older.
    assert_eq!(expired(text, &images), ["A", "B"]);
}

#[test]
fn filtering_on_image_age_of_untagged_images_the_earlier_example() {
    let text = &rules(&[rule(
        1,
        r#"{"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14}"#,
    )]);
    let images = [
        ("A", image("A", &[], 15)),
        ("B", image("B", &[], 3)),
        ("C", image("C", &["v1"], 30)),
    ];
    assert_eq!(expired(text, &images), ["A"]);
}

#[test]
fn filtering_on_image_count_keeps_only_one_untagged_image() {
    let text = r#"{
    "rules": [
        {
            "rulePriority": 1,
            "description": "Keep only one untagged image, expire all others",
            "selection": {
                "tagStatus": "untagged",
                "countType": "imageCountMoreThan",
                "countNumber": 1
            },
            "action": {
                "type": "expire"
            }
        }
    ]
}"#;
    let images = [
        ("A", image("A", &[], 5)),
        ("B", image("B", &[], 4)),
        ("C", image("C", &["latest"], 3)),
        ("D", image("D", &[], 2)),
    ];
    assert_eq!(expired(text, &images), ["A", "B"]);
}

fn abc() -> [(&'static str, Image); 3] {
    [
        ("A", image("A", &["beta-1", "prod-1"], 10)),
        ("B", image("B", &["beta-2", "prod-2"], 9)),
        ("C", image("C", &["beta-3"], 8)),
    ]
}

#[test]
fn multiple_rules_example_a_expires_image_a() {
    let text = rules(&[
        rule(
            1,
            r#"{"tagStatus": "tagged", "tagPrefixList": ["prod"], "countType": "imageCountMoreThan", "countNumber": 1}"#,
        ),
        rule(
            2,
            r#"{"tagStatus": "tagged", "tagPrefixList": ["beta"], "countType": "imageCountMoreThan", "countNumber": 1}"#,
        ),
    ]);
    let images = abc();
    assert_eq!(expired(&text, &images), ["A"]);
    // Image B was seen by Rule 1: Rule 2 cannot expire it.
    let list: Vec<Image> = images.iter().map(|(_, i)| i.clone()).collect();
    let p = preview_images(&policy(&text), &list, NOW);
    let b = p.result(&images[1].1.digest).unwrap();
    assert_eq!((b.action, b.matched_rule_priority), (None, Some(1)));
    let a = p.result(&images[0].1.digest).unwrap();
    assert_eq!(a.applied_rule_priority, Some(1));
    assert_eq!(p.expiring_image_total_count, 1);
}

#[test]
fn multiple_rules_example_b_expires_images_a_and_b() {
    let text = rules(&[
        rule(
            1,
            r#"{"tagStatus": "tagged", "tagPrefixList": ["beta"], "countType": "imageCountMoreThan", "countNumber": 1}"#,
        ),
        rule(
            2,
            r#"{"tagStatus": "tagged", "tagPrefixList": ["prod"], "countType": "imageCountMoreThan", "countNumber": 1}"#,
        ),
    ]);
    assert_eq!(expired(&text, &abc()), ["A", "B"]);
}

#[test]
fn multiple_tags_in_a_rule_example_a_expires_image_c() {
    let text = rules(&[rule(
        1,
        r#"{"tagStatus": "tagged", "tagPrefixList": ["alpha", "beta"], "countType": "sinceImagePushed", "countNumber": 5, "countUnit": "days"}"#,
    )]);
    let images = [
        ("A", image("A", &["alpha-1"], 12)),
        ("B", image("B", &["beta-1"], 11)),
        ("C", image("C", &["alpha-2", "beta-2"], 10)),
        ("D", image("D", &["alpha-3"], 4)),
        ("E", image("E", &["beta-3"], 3)),
        ("F", image("F", &["alpha-4", "beta-4"], 2)),
    ];
    assert_eq!(expired(&text, &images), ["C"]);
    // The same with a tagPatternList: every pattern must match one of the tags.
    let patterns = rules(&[rule(
        1,
        r#"{"tagStatus": "tagged", "tagPatternList": ["alpha*", "beta*"], "countType": "sinceImagePushed", "countNumber": 5, "countUnit": "days"}"#,
    )]);
    assert_eq!(expired(&patterns, &images), ["C"]);
}

#[test]
fn multiple_tags_in_a_rule_example_b_tags_are_not_exclusive() {
    let text = rules(&[rule(
        1,
        r#"{"tagStatus": "tagged", "tagPrefixList": ["alpha", "beta"], "countType": "imageCountMoreThan", "countNumber": 1}"#,
    )]);
    let images = [
        ("A", image("A", &["alpha-1", "beta-1", "gamma-1"], 10)),
        ("B", image("B", &["alpha-2", "beta-2"], 9)),
        ("C", image("C", &["alpha-3", "beta-3", "gamma-2"], 8)),
    ];
    assert_eq!(expired(&text, &images), ["A", "B"]);
}

#[test]
fn all_images_example_a_keeps_only_the_newest() {
    let text = rules(&[rule(
        1,
        r#"{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}"#,
    )]);
    let images = [
        ("A", image("A", &["alpha-1"], 4)),
        ("B", image("B", &["beta-1"], 3)),
        ("C", image("C", &[], 2)),
        ("D", image("D", &["alpha-2"], 1)),
    ];
    assert_eq!(expired(&text, &images), ["A", "B", "C"]);
}

#[test]
fn all_images_example_b_combines_every_rule_type() {
    let text = rules(&[
        rule(
            1,
            r#"{"tagStatus": "tagged", "tagPrefixList": ["alpha"], "countType": "imageCountMoreThan", "countNumber": 1}"#,
        ),
        rule(
            2,
            r#"{"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1}"#,
        ),
        rule(
            3,
            r#"{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}"#,
        ),
    ]);
    // D and E were both pushed a day ago, E after D (the repository's order).
    let images = [
        ("A", image("A", &["alpha-1", "beta-1"], 4)),
        ("B", image("B", &[], 3)),
        ("C", image("C", &["alpha-2"], 2)),
        ("D", image("D", &["git hash"], 1)),
        ("E", image("E", &[], 1)),
    ];
    assert_eq!(expired(&text, &images), ["A", "B", "D"]);
    let list: Vec<Image> = images.iter().map(|(_, i)| i.clone()).collect();
    let p = preview_images(&policy(&text), &list, NOW);
    let by: Vec<Option<u32>> = p.results.iter().map(|r| r.applied_rule_priority).collect();
    assert_eq!(by, [Some(1), Some(2), None, Some(3), None]);
}

/// The lab: keep the last 3 `release-*` images, expire untagged images after 7 days, never
/// touch `prod-*`.
const LAB: &str = r#"{
  "rules": [
    {
      "rulePriority": 1,
      "description": "Never touch prod images",
      "selection": {
        "tagStatus": "tagged",
        "tagPatternList": ["prod-*"],
        "countType": "imageCountMoreThan",
        "countNumber": 9999
      },
      "action": { "type": "expire" }
    },
    {
      "rulePriority": 2,
      "description": "Keep the last 3 release images",
      "selection": {
        "tagStatus": "tagged",
        "tagPatternList": ["release-*"],
        "countType": "imageCountMoreThan",
        "countNumber": 3
      },
      "action": { "type": "expire" }
    },
    {
      "rulePriority": 3,
      "description": "Expire untagged images after a week",
      "selection": {
        "tagStatus": "untagged",
        "countType": "sinceImagePushed",
        "countUnit": "days",
        "countNumber": 7
      },
      "action": { "type": "expire" }
    }
  ]
}"#;

fn lab_images() -> Vec<(&'static str, Image)> {
    vec![
        ("r1", image("r1", &["release-1.0", "prod-2024-01"], 60)),
        ("r2", image("r2", &["release-1.1"], 50)),
        ("r3", image("r3", &["release-1.2"], 40)),
        ("r4", image("r4", &["release-1.3"], 30)),
        ("r5", image("r5", &["release-1.4"], 20)),
        ("r6", image("r6", &["release-1.5"], 10)),
        ("u1", image("u1", &[], 9)),
        ("u2", image("u2", &[], 3)),
        ("f1", image("f1", &["feature-x"], 45)),
    ]
}

#[test]
fn the_labs_policy_keeps_three_releases_drops_old_untagged_and_never_prod() {
    assert_eq!(expired(LAB, &lab_images()), ["r2", "r3", "u1"]);
}

#[test]
fn without_the_prod_rule_the_prod_tagged_release_expires() {
    let wrong = LAB.replace("\"prod-*\"", "\"nothing-*\"");
    let got = expired(&wrong, &lab_images());
    assert!(got.contains(&"r1".to_string()), "{got:?}");
}

#[test]
fn a_transition_rule_archives_and_an_archive_rule_expires_after_the_minimum() {
    let text = rules(&[
        r#"{"rulePriority": 1, "selection": {"tagStatus": "any", "storageClass": "archive", "countType": "sinceImageTransitioned", "countUnit": "days", "countNumber": 90}, "action": {"type": "expire"}}"#.to_string(),
        r#"{"rulePriority": 2, "selection": {"tagStatus": "any", "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 30}, "action": {"type": "transition", "targetStorageClass": "archive"}}"#.to_string(),
    ]);
    let mut old = image("old", &["v1"], 99);
    old.storage_class = StorageClass::Archive;
    old.transitioned_at = Some(NOW - 95 * DAY);
    let mut pulled = image("pulled", &["v2"], 60);
    pulled.last_pulled_at = Some(NOW - 2 * DAY);
    let stale = image("stale", &["v3"], 40);
    let list = vec![old.clone(), pulled.clone(), stale.clone()];
    let p = preview_images(&policy(&text), &list, NOW);
    assert_eq!(p.expired(), [old.digest.as_str()]);
    assert_eq!(p.transitioned(), [stale.digest.as_str()]);
    assert_eq!(p.transitioning_image_total_count, 1);
}

/// The findings of a text as `line:col rule-id`.
fn findings(text: &str) -> Vec<String> {
    validate(text)
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.rule.id()))
        .collect()
}

fn one(selection: &str) -> String {
    rules(&[rule(1, selection)])
}

#[test]
fn every_documented_rule_is_checked() {
    let ids = |text: &str| -> Vec<&'static str> {
        validate(text)
            .diagnostics
            .iter()
            .map(|d| d.rule.id())
            .collect()
    };
    let cases: &[(String, &str)] = &[
        ("{\"rules\": [,]}".into(), "syntax"),
        ("rules: []".into(), "not-json"),
        ("[1]".into(), "not-a-policy"),
        ("{\"rules\": []}".into(), "rules-empty"),
        ("{}".into(), "missing"),
        ("{\"rules\": [], \"rules\": []}".into(), "duplicate-key"),
        ("{\"rule\": []}".into(), "unknown-key"),
        ("{\"rules\": {}}".into(), "wrong-type"),
        (rules(&[rule(0, r#"{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}"#)]), "priority-value"),
        (rules(&[rule(1, r#"{"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}"#), rule(1, r#"{"tagStatus": "tagged", "tagPrefixList": ["a"], "countType": "imageCountMoreThan", "countNumber": 1}"#)]), "priority-duplicate"),
        (rules(&[rule(1, r#"{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}"#), rule(2, r#"{"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}"#)]), "any-not-last"),
        (one(r#"{"tagStatus": "TAGGED", "countType": "imageCountMoreThan", "countNumber": 1}"#), "tag-status"),
        (one(r#"{"tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 1}"#), "tagged-needs-list"),
        (one(r#"{"tagStatus": "untagged", "tagPrefixList": ["a"], "countType": "imageCountMoreThan", "countNumber": 1}"#), "list-not-tagged"),
        (one(r#"{"tagStatus": "tagged", "tagPrefixList": ["a"], "tagPatternList": ["b*"], "countType": "imageCountMoreThan", "countNumber": 1}"#), "both-lists"),
        (one(r#"{"tagStatus": "tagged", "tagPrefixList": [], "countType": "imageCountMoreThan", "countNumber": 1}"#), "list-empty"),
        (one(r#"{"tagStatus": "tagged", "tagPatternList": ["test*1*2*3*4*5*6"], "countType": "imageCountMoreThan", "countNumber": 1}"#), "wildcards"),
        (one(r#"{"tagStatus": "any", "countType": "imageCountMoreThen", "countNumber": 1}"#), "count-type"),
        (one(r#"{"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "hours", "countNumber": 1}"#), "count-unit"),
        (one(r#"{"tagStatus": "any", "countType": "sinceImagePushed", "countNumber": 1}"#), "count-unit-missing"),
        (one(r#"{"tagStatus": "any", "countType": "imageCountMoreThan", "countUnit": "days", "countNumber": 1}"#), "count-unit-not-allowed"),
        (one(r#"{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 0}"#), "count-number"),
        (one(r#"{"tagStatus": "any", "storageClass": "glacier", "countType": "imageCountMoreThan", "countNumber": 1}"#), "storage-class"),
        (one(r#"{"tagStatus": "any", "countType": "sinceImageTransitioned", "countUnit": "days", "countNumber": 100}"#), "storage-class-count"),
        (rules(&[r#"{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "delete"}}"#.into()]), "action-type"),
        (rules(&[r#"{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "transition"}}"#.into()]), "target-storage-class"),
        (rules(&[r#"{"rulePriority": 1, "selection": {"tagStatus": "any", "storageClass": "archive", "countType": "sinceImageTransitioned", "countUnit": "days", "countNumber": 100}, "action": {"type": "transition", "targetStorageClass": "archive"}}"#.into()]), "transition-archived"),
        (rules(&[r#"{"rulePriority": 1, "selection": {"tagStatus": "any", "storageClass": "archive", "countType": "sinceImageTransitioned", "countUnit": "days", "countNumber": 30}, "action": {"type": "expire"}}"#.into()]), "archive-minimum"),
        (rules(&[rule(1, r#"{"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}"#), rule(2, r#"{"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1}"#)]), "untagged-twice"),
        (rules(&[rule(1, r#"{"tagStatus": "tagged", "tagPrefixList": ["a", "b"], "countType": "imageCountMoreThan", "countNumber": 1}"#), rule(2, r#"{"tagStatus": "tagged", "tagPrefixList": ["b", "a"], "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1}"#)]), "same-prefixes"),
        ("{\"lifecyclePolicyText\": \"{}\", \"repositoryName\": \"app\"}".into(), "missing"),
        ("{\"lifecyclePolicyText\": \"{\\\"rules\\\": [,]}\"}".into(), "policy-text"),
        (format!("{{\"rules\": [{}]}}", vec![rule(1, r#"{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}"#); 1].join(",") + &" ".repeat(31_000)), "policy-length"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (text, id) in cases {
        let got = ids(text);
        assert!(got.contains(id), "{id}: {got:?} for {text}");
        seen.insert(*id);
    }
    for rule in Rule::ALL {
        assert!(seen.contains(rule.id()), "no case for {}", rule.id());
    }
}

#[test]
fn findings_have_lines_and_columns() {
    let text = "{\n  \"rules\": [\n    {\n      \"rulePriority\": 1,\n      \"selection\": {\n        \"tagStatus\": \"tagged\",\n        \"countType\": \"imageCountMoreThan\",\n        \"countNumber\": 0\n      },\n      \"action\": {\"type\": \"expire\"}\n    }\n  ]\n}";
    assert_eq!(
        findings(text),
        ["6:22 tagged-needs-list", "8:24 count-number"]
    );
}

#[test]
fn the_cli_shape_holds_the_policy_as_an_escaped_string() {
    let inner = LAB.replace('"', "\\\"").replace('\n', "\\n");
    let text =
        format!("{{\n  \"repositoryName\": \"app\",\n  \"lifecyclePolicyText\": \"{inner}\"\n}}");
    let report = validate(&text);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert_eq!(report.policy.unwrap().rules.len(), 3);
    // A bad inner policy is reported at the string.
    let bad = "{\"repositoryName\": \"app\",\n \"lifecyclePolicyText\": \"{\\\"rules\\\": []}\"}";
    assert_eq!(findings(bad), ["2:25 rules-empty"]);
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "",
        "{",
        "null",
        "{\"rules\": [null, 1, \"x\", [], {}]}",
        "{\"rules\": [{\"rulePriority\": 1e400}]}",
        "{\"rules\": [{\"rulePriority\": 1.5, \"selection\": [], \"action\": 3}]}",
        "{\"rules\": [{\"rulePriority\": -1, \"selection\": {\"tagStatus\": 1, \"tagPatternList\": [1], \"countNumber\": \"7\"}}]}",
        "{\"lifecyclePolicyText\": 5}",
        "{\"lifecyclePolicyText\": \"rules: x\"}",
        "{\"lifecyclePolicyText\": \"{\\\"lifecyclePolicyText\\\": \\\"{}\\\"}\"}",
    ] {
        let r = validate(text);
        assert!(r.has_errors(), "{text}");
    }
    let deep = "[".repeat(5000);
    assert!(validate(&deep).has_errors());
}

#[test]
fn wildcards_match_any_run_of_characters() {
    assert!(wildcard("prod*", "prod"));
    assert!(wildcard("prod*", "prod-1"));
    assert!(!wildcard("prod*", "preprod"));
    assert!(wildcard("*test*1*2*3", "my-test-x1y2z3"));
    assert!(wildcard("*", "anything"));
    assert!(!wildcard("a*b", "ac"));
    assert!(tags_match(
        &["alpha-1".into(), "beta-1".into()],
        &["alpha".into(), "beta".into()],
        &[]
    ));
    assert!(!tags_match(
        &["alpha-1".into()],
        &["alpha".into(), "beta".into()],
        &[]
    ));
}

fn content(base: &str, build: &str) -> ImageContent {
    ImageContent {
        base: base.into(),
        size_bytes: 40_000_000,
        build: build.into(),
        ..ImageContent::default()
    }
}

#[test]
fn a_moved_tag_leaves_the_old_image_untagged() {
    let mut repo = Repository::new("team/web-app").unwrap();
    let a = repo
        .push(&content("node:20-slim", "1"), Some("latest"), 10)
        .unwrap();
    let b = repo
        .push(&content("node:20-slim", "2"), Some("latest"), 20)
        .unwrap();
    assert_ne!(a, b);
    assert!(repo.image(&a).unwrap().tags.is_empty());
    assert_eq!(repo.tagged("latest").unwrap().digest, b);
    assert!(repo
        .events
        .iter()
        .any(|e| e.kind == EventKind::BecameUntagged { digest: a.clone() }));
    assert!(repo
        .events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::TagMoved { tag, .. } if tag == "latest")));
    assert_eq!(repo.describe()[0].digest, b);
    // The same content again is the same digest: only the tag is added.
    let again = repo
        .push(&content("node:20-slim", "2"), Some("v2"), 30)
        .unwrap();
    assert_eq!(again, b);
    assert_eq!(repo.images.len(), 2);
    assert_eq!(repo.image(&b).unwrap().tags, ["latest", "v2"]);
}

#[test]
fn an_immutable_tag_refuses_the_push() {
    let mut repo = Repository::new("web").unwrap();
    repo.tag_mutability = TagMutability::Immutable;
    repo.push(&content("node:20-slim", "1"), Some("v1"), 10)
        .unwrap();
    let err = repo
        .push(&content("node:20-slim", "2"), Some("v1"), 20)
        .unwrap_err();
    assert_eq!(err.code(), "ImageTagAlreadyExistsException");
    assert_eq!(
        err,
        EcrError::ImageTagAlreadyExists {
            tag: "v1".into(),
            repository: "web".into()
        }
    );
    assert_eq!(repo.images.len(), 1, "nothing was pushed");
    // Re-pushing the same image with its tag is allowed.
    repo.push(&content("node:20-slim", "1"), Some("v1"), 30)
        .unwrap();
    // Exclusions: latest stays mutable in an IMMUTABLE_WITH_EXCLUSION repository.
    repo.tag_mutability =
        TagMutability::ImmutableWithExclusion(vec!["latest".into(), "dev-*".into()]);
    repo.push(&content("node:20-slim", "3"), Some("latest"), 40)
        .unwrap();
    repo.push(&content("node:20-slim", "4"), Some("latest"), 50)
        .unwrap();
    assert!(repo
        .push(&content("node:20-slim", "5"), Some("v1"), 60)
        .is_err());
    let m = TagMutability::MutableWithExclusion(vec!["prod-*".into()]);
    assert!(m.is_immutable("prod-1") && !m.is_immutable("dev-1"));
}

#[test]
fn names_tags_and_digests_follow_the_documented_forms() {
    assert!(Repository::new("project-a/nginx-web-app").is_ok());
    for bad in ["A", "Web", "web_", "-web", "a//b", "web/"] {
        assert_eq!(
            Repository::new(bad).unwrap_err().code(),
            "InvalidParameterException",
            "{bad}"
        );
    }
    assert!(valid_tag("v1.2.3-rc_1") && !valid_tag(".hidden") && !valid_tag(""));
    let d = digest(&content("alpine:3.20", "x"));
    assert!(d.starts_with("sha256:") && d.len() == 71);
    assert!(d[7..]
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(d, digest(&content("alpine:3.20", "x")));
    assert_ne!(d, digest(&content("alpine:3.20", "y")));
}

#[test]
fn batch_delete_untags_deletes_and_reports_failures() {
    let mut repo = Repository::new("web").unwrap();
    let a = repo
        .push(&content("alpine:3.20", "1"), Some("v1"), 10)
        .unwrap();
    repo.tag(&a, "stable", 11).unwrap();
    let b = repo.push(&content("alpine:3.20", "2"), None, 12).unwrap();
    let out = repo.batch_delete(
        &[
            ImageId {
                digest: None,
                tag: Some("v1".into()),
            },
            ImageId {
                digest: Some(b.clone()),
                tag: None,
            },
            ImageId {
                digest: Some("sha256:00".into()),
                tag: None,
            },
            ImageId::default(),
            ImageId {
                digest: Some(a.clone()),
                tag: Some("nope".into()),
            },
        ],
        20,
    );
    assert_eq!(out.image_ids.len(), 2);
    let codes: Vec<&str> = out
        .failures
        .iter()
        .map(|f| f.failure_code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "ImageNotFound",
            "MissingDigestAndTag",
            "ImageTagDoesNotMatchDigest"
        ]
    );
    assert_eq!(
        repo.image(&a).unwrap().tags,
        ["stable"],
        "a kept its other tag"
    );
    assert!(repo.image(&b).is_none());
    // Deleting the last tag deletes the image.
    repo.batch_delete(
        &[ImageId {
            digest: None,
            tag: Some("stable".into()),
        }],
        21,
    );
    assert!(repo.images.is_empty());
}

#[test]
fn an_end_of_life_base_has_a_critical_finding_and_slimmer_bases_fewer() {
    let image = |base: &str| Image::new(&content(base, "x"), &["v1"], 0);
    let basic = ScanConfig::Basic { scan_on_push: true };
    let old = scan(&image("node:16"), &basic, 5);
    assert_eq!(old.status, ScanStatus::Complete);
    assert_eq!(old.worst(), Some(FindingSeverity::Critical));
    assert_eq!(old.count(FindingSeverity::Critical), 1);
    assert!(old.findings[0].name.starts_with("CVE-SIM-"));
    assert!(old.findings[0]
        .attributes
        .iter()
        .any(|(k, _)| k == "package_name"));
    assert_eq!(
        scan(&image("python:3.8"), &basic, 5).worst(),
        Some(FindingSeverity::Critical)
    );
    let total = |base: &str| scan(&image(base), &basic, 5).findings.len();
    assert!(total("node:22") > total("node:22-slim"));
    assert!(total("node:22-slim") > total("node:22-alpine"));
    assert_eq!(total("gcr.io/distroless/static-debian12"), 0);
    let none = scan(&image("scratch"), &basic, 5);
    assert_eq!(none.status, ScanStatus::UnsupportedImage);
    assert_eq!(none.status_reason.as_deref(), Some("UnsupportedImageError"));
    assert_eq!(old.status_reason, None);
    for (base, _) in BASE_CATALOGUE {
        let r = scan(&image(base), &basic, 5);
        if *base != "scratch" && *base != "node:16" && *base != "python:3.8" {
            assert_eq!(r.count(FindingSeverity::Critical), 0, "{base}");
        }
    }
}

#[test]
fn enhanced_scanning_adds_application_packages_and_untriaged() {
    let mut c = content("ubuntu:24.04", "x");
    c.packages = vec![
        Package {
            ecosystem: "npm".into(),
            name: "lodash".into(),
            version: "4.17.9".into(),
        },
        Package {
            ecosystem: "npm".into(),
            name: "express".into(),
            version: "4.21.0".into(),
        },
    ];
    let image = Image::new(&c, &["v1"], 0);
    let enhanced = ScanConfig::Enhanced {
        frequency: ScanFrequency::ContinuousScan,
    };
    let r = scan(&image, &enhanced, 9);
    assert_eq!(r.status, ScanStatus::Active);
    assert_eq!(r.count(FindingSeverity::Untriaged), 1);
    assert_eq!(r.count(FindingSeverity::High), 1);
    let lodash = r
        .enhanced_findings
        .iter()
        .find(|f| f.vulnerable_packages[0].name == "lodash")
        .unwrap();
    assert_eq!(lodash.vulnerable_packages[0].package_manager, "NPM");
    assert_eq!(lodash.fix_available, "YES");
    // Basic scanning sees only the operating system.
    let basic = scan(
        &image,
        &ScanConfig::Basic {
            scan_on_push: false,
        },
        9,
    );
    assert_eq!(basic.findings.len(), 2);
    assert_eq!(basic.count(FindingSeverity::Undefined), 1);
}

#[test]
fn scan_on_push_scans_and_records_an_event() {
    let mut repo = Repository::new("web").unwrap();
    repo.scan = ScanConfig::Basic { scan_on_push: true };
    let d = repo
        .push(&content("python:3.8", "1"), Some("v1"), 10)
        .unwrap();
    let scan = repo.image(&d).unwrap().scan.as_ref().unwrap();
    assert_eq!(scan.completed_at, 10);
    assert!(repo
        .events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::Scanned { status, .. } if status == "COMPLETE")));
    // A lab's preview on the repository itself.
    let p = preview(&policy(LAB), &repo, 10 + 30 * DAY);
    assert!(p.expired().is_empty());
}

#[test]
fn applying_a_policy_deletes_and_archives_as_the_preview_says() {
    let mut repo = Repository::new("web").unwrap();
    for (i, tag) in ["release-1", "release-2", "release-3"].iter().enumerate() {
        repo.push(&content("alpine:3.20", tag), Some(tag), i as u64 * DAY)
            .unwrap();
    }
    repo.push(&content("alpine:3.20", "u"), None, 0).unwrap();
    let text = rules(&[
        rule(1, r#"{"tagStatus": "tagged", "tagPatternList": ["release-*"], "countType": "imageCountMoreThan", "countNumber": 2}"#),
        r#"{"rulePriority": 2, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7}, "action": {"type": "transition", "targetStorageClass": "archive"}}"#.to_string(),
    ]);
    let p = repo.apply_lifecycle(&policy(&text), 10 * DAY);
    assert_eq!(p.expired_images()[0].image_tags, ["release-1"]);
    assert!(repo.tagged("release-1").is_none());
    assert_eq!(repo.images.len(), 3);
    let archived: Vec<&Image> = repo
        .images
        .iter()
        .filter(|i| i.storage_class == StorageClass::Archive)
        .collect();
    assert_eq!(archived.len(), 1);
    assert_eq!(archived[0].transitioned_at, Some(10 * DAY));
    assert!(repo.events.iter().any(|e| matches!(
        e.kind,
        EventKind::LifecycleExpired {
            rule_priority: 1,
            ..
        }
    )));
    // Applied again at once, nothing more happens.
    let again = repo.apply_lifecycle(&policy(&text), 10 * DAY);
    assert_eq!(
        (
            again.expiring_image_total_count,
            again.transitioning_image_total_count
        ),
        (0, 0)
    );
}
