//! Previewing the learner's lifecycle policy on the lab's repository, grading the preview,
//! and showing it as the ECR console's lifecycle policy preview does.
use engine::ecr::{validate, ActionType, Image, Preview, Report, Severity, StorageClass, DAY};

use super::{EcrCheck, PreviewCheck, RepoDef, Repos};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::containers::ecr as words;
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{Lang, Wording, T};
use crate::panel::{Block, Cell, Panel, Tone};

/// The file name findings are reported against.
const FILE: &str = "lifecycle-policy.json";

/// The engine's images of a repository as the lab sets it up.
fn images(repo: &RepoDef) -> Vec<Image> {
    repo.images
        .iter()
        .map(|i| Image {
            digest: i.digest.clone(),
            tags: i.tags.clone(),
            pushed_at: i.pushed_at,
            last_pulled_at: None,
            size_bytes: i.size_bytes,
            media_type: engine::ecr::DOCKER_MANIFEST.into(),
            artifact_media_type: None,
            base: String::new(),
            packages: Vec::new(),
            storage_class: StorageClass::Standard,
            transitioned_at: None,
            scan: None,
        })
        .collect()
}

/// The policy's findings, and its preview on the repository when it has no error.
fn run(repo: &RepoDef, text: &str) -> (Report, Option<Preview>) {
    let report = validate(text);
    let shown = report
        .policy
        .as_ref()
        .filter(|_| !report.has_errors())
        .map(|p| engine::ecr::preview_images(p, &images(repo), repo.now));
    (report, shown)
}

fn each(say: impl Fn(Lang) -> String) -> Verdict {
    Verdict::Unmet(Wording::each(say))
}

/// An image in words: its tags, or "untagged" and its digest's start, and its age.
fn image_words(repo: &RepoDef, digest: &str, lang: Lang) -> String {
    let Some(i) = repo.images.iter().find(|i| i.digest == digest) else {
        return digest.to_string();
    };
    let age = repo.now.saturating_sub(i.pushed_at) / DAY;
    let name = if i.tags.is_empty() {
        t!("untagged image {d}", "image không có tag {d}")
            .fill(lang, &[("d", &words::short(&i.digest))])
    } else {
        i.tags.join(", ")
    };
    t!(
        "{name} (pushed {age} days ago)",
        "{name} (push {age} ngày trước)"
    )
    .fill(lang, &[("name", &name), ("age", &age)])
}

/// Why an image the check wants expired is kept, or the reverse: `None` when it is as wanted.
fn wrong(repo: &RepoDef, p: &Preview, reference: &str, expire: bool, lang: Lang) -> Option<String> {
    let image = repo.find(reference).into_iter().next()?;
    let r = p.result(&image.digest)?;
    let expired = r.action == Some(ActionType::Expire);
    if expired == expire {
        return None;
    }
    let what = image_words(repo, &image.digest, lang);
    Some(match (expire, r.matched_rule_priority, r.applied_rule_priority) {
        (true, Some(seen), _) => t!(
            "{what} should expire, but rule {seen} selects it and keeps it, so no later rule can expire it",
            "{what} lẽ ra phải expire, nhưng rule {seen} chọn và giữ nó, nên không rule nào sau đó expire được nó"
        )
        .fill(lang, &[("what", &what), ("seen", &seen)]),
        (true, None, _) => t!(
            "{what} should expire, but no rule of your policy selects it",
            "{what} lẽ ra phải expire, nhưng không rule nào trong policy của bạn chọn nó"
        )
        .fill(lang, &[("what", &what)]),
        (false, _, rule) => t!(
            "{what} must be kept, but rule {rule} expires it",
            "{what} phải được giữ lại, nhưng rule {rule} expire nó"
        )
        .fill(lang, &[("what", &what), ("rule", &rule.unwrap_or(0))]),
    })
}

fn grade_preview(c: &PreviewCheck, repo: &RepoDef, p: &Preview) -> Verdict {
    let say = |lang: Lang| {
        let lines: Vec<String> = c
            .expire
            .iter()
            .filter_map(|r| wrong(repo, p, r, true, lang))
            .chain(c.keep.iter().filter_map(|r| wrong(repo, p, r, false, lang)))
            .collect();
        lines.join("; ")
    };
    if say(Lang::En).is_empty() {
        Verdict::Correct
    } else {
        each(say)
    }
}

/// The first error of a policy, as a finding line.
fn first_error(report: &Report, lang: Lang) -> String {
    report
        .diagnostics
        .iter()
        .find(|d| d.severity() == Severity::Error)
        .map(|d| words::line(FILE, d, lang))
        .unwrap_or_default()
}

pub(super) fn grade(check: &EcrCheck, repos: &Repos, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(text) = crate::answer::text(answers, input) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    let Some(repo) = repos.get(check.repository()) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let (report, shown) = run(repo, text);
    let verdict = match (check, shown) {
        (_, None) => each(|l| first_error(&report, l)),
        (EcrCheck::Valid(_), Some(_)) => Verdict::Correct,
        (EcrCheck::Preview(c), Some(p)) => grade_preview(c, repo, &p),
    };
    Graded::new(input, verdict)
}

pub(super) fn validate_items(repos: &Repos, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for r in &repos.repos {
        if !engine::ecr::valid_repository_name(&r.name) {
            problems.push(format!("\"{}\" is not a valid repository name", r.name));
        }
        match lab.input(&r.input).map(|i| &i.kind) {
            Some(InputKind::Template { .. }) => {}
            Some(_) => problems.push(format!(
                "repository \"{}\": input \"{}\" is not a template input",
                r.name, r.input
            )),
            None => problems.push(format!(
                "repository \"{}\": there is no input \"{}\"",
                r.name, r.input
            )),
        }
        if r.images.is_empty() {
            problems.push(format!("repository \"{}\" has no image", r.name));
        }
    }
    problems
}

/// The size in MB, one decimal.
fn megabytes(bytes: u64, lang: Lang) -> String {
    let mb = bytes as f64 / 1_000_000.0;
    format!("{} MB", crate::lang::number(mb, 1, lang))
}

/// One repository: the policy's findings, then the preview as the console lists it (newest
/// first: tags, digest, pushed, size, action and the rule that acts).
fn repo_panel(repo: &RepoDef, text: &str, lang: Lang, panel: &mut Panel) {
    let blocks = &mut panel.blocks;
    blocks.push(Block::Heading(
        t!(
            "Repository {name}: lifecycle policy preview",
            "Repository {name}: xem trước lifecycle policy"
        )
        .fill(lang, &[("name", &repo.name)]),
    ));
    let (report, shown) = run(repo, text);
    blocks.extend(
        report
            .diagnostics
            .iter()
            .take(8)
            .map(|d| Block::finding(d.severity() == Severity::Error, words::line(FILE, d, lang))),
    );
    let Some(p) = shown else {
        blocks.push(Block::Note {
            tone: Tone::Plain,
            text: t!(
                "Fix the policy's errors: the preview runs once it validates.",
                "Hãy sửa các lỗi của policy: bản xem trước sẽ chạy khi policy hợp lệ."
            )
            .get(lang)
            .into(),
        });
        return;
    };
    let total = repo.images.len();
    let expiring = p.expiring_image_total_count;
    blocks.push(Block::Note {
        tone: if expiring > 0 { Tone::Warn } else { Tone::Good },
        text: t!(
            "Preview on {now}: {n} of {total} images would expire; {kept} stay.",
            "Xem trước vào {now}: {n} trên {total} image sẽ bị expire; {kept} image được giữ lại."
        )
        .fill(
            lang,
            &[
                ("now", &date(repo.now)),
                ("n", &expiring),
                ("total", &total),
                ("kept", &(total - expiring)),
            ],
        ),
    });
    let mut order: Vec<&engine::ecr::PreviewResult> = p.results.iter().collect();
    order.sort_by_key(|r| std::cmp::Reverse(r.image_pushed_at));
    let untagged = t!("(untagged)", "(không có tag)").get(lang);
    let rows = order
        .into_iter()
        .map(|r| {
            let size = repo
                .images
                .iter()
                .find(|i| i.digest == r.image_digest)
                .map_or(0, |i| i.size_bytes);
            let (action, tone) = match r.action {
                Some(ActionType::Expire) => ("EXPIRE".to_string(), Tone::Bad),
                Some(ActionType::Transition) => ("TRANSITION".to_string(), Tone::Warn),
                None => (t!("kept", "giữ lại").get(lang).to_string(), Tone::Good),
            };
            let rule = match (r.applied_rule_priority, r.matched_rule_priority) {
                (Some(n), _) => n.to_string(),
                (None, Some(n)) => {
                    t!("{n} (selects, keeps)", "{n} (chọn, giữ lại)").fill(lang, &[("n", &n)])
                }
                (None, None) => "—".to_string(),
            };
            vec![
                // Tags name an image; an untagged one goes by its digest.
                Cell::plain(if r.image_tags.is_empty() {
                    format!("{untagged} {}", words::short(&r.image_digest))
                } else {
                    r.image_tags.join(", ")
                }),
                Cell::plain(format!(
                    "{} ({})",
                    date(r.image_pushed_at),
                    t!("{d} days ago", "{d} ngày trước").fill(
                        lang,
                        &[("d", &(repo.now.saturating_sub(r.image_pushed_at) / DAY))]
                    )
                )),
                Cell::plain(megabytes(size, lang)),
                Cell::new(action, tone),
                Cell::plain(rule),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        caption: t!(
            "Images, newest first, and what the policy does to each",
            "Các image, mới nhất trước, và policy làm gì với từng image"
        )
        .get(lang)
        .into(),
        head: [
            t!("Image tags (or digest)", "Image tag (hoặc digest)"),
            t!("Pushed at", "Thời điểm push"),
            t!("Size", "Kích thước"),
            t!("Action", "Hành động"),
            t!("Rule priority", "Rule priority (thứ tự ưu tiên)"),
        ]
        .iter()
        .map(|h| h.get(lang).to_string())
        .collect(),
        rows,
    });
}

/// Unix seconds → `2026-11-30` (UTC).
fn date(t: u64) -> String {
    let (y, m, d, ..) = engine::text::civil(t as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

pub(super) fn panel(
    repos: &Repos,
    lab: &LabView<'_>,
    answers: &Answers,
    _focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for r in &repos.repos {
        // Before the learner edits, the editor holds the starter: preview that.
        let text = crate::answer::text(answers, &r.input)
            .map(str::to_string)
            .or_else(|| match lab.input(&r.input).map(|i| &i.kind) {
                Some(InputKind::Template { starter }) => Some(starter.clone()),
                _ => None,
            });
        repo_panel(r, text.as_deref().unwrap_or(""), lang, panel);
    }
}
