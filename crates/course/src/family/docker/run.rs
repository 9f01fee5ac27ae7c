//! Building the learner's Dockerfile against the lab's context (`engine::docker`), twice:
//! from an empty cache, then after one file changes; grading the image; and showing the
//! layers as `docker history` lists them, with their sizes as bars and the cache's answer.
use engine::docker::{build, Build, CacheStatus, Context, ContextFile, Options, Severity};
use engine::ecr::{scan, Image as EcrImage, ImageContent, ScanConfig, ScanResult};

use super::{BuildDef, Builds, DockerCheck, ImageCheck};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::containers::docker as words;
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{Lang, Wording, T};
use crate::panel::{Block, Cell, Drawing, Panel, Shape, Tone};

/// The file name findings are reported against.
const FILE: &str = "Dockerfile";

/// The context: the lab's files, those given by size, and the learner's `.dockerignore`.
fn context(def: &BuildDef, ignore: Option<&str>) -> Context {
    let mut files: Vec<ContextFile> = def
        .files
        .iter()
        .map(|(path, text)| ContextFile::with_text(path, text))
        .chain(
            def.sizes
                .iter()
                .map(|(path, size)| ContextFile::new(path, *size)),
        )
        .collect();
    if let Some(ignore) = ignore.filter(|t| !t.trim().is_empty()) {
        files.push(ContextFile::with_text(".dockerignore", ignore));
    }
    Context::new(files)
}

/// The first build and the one after the change.
struct Built {
    first: Build,
    again: Build,
}

fn build_both(def: &BuildDef, dockerfile: &str, ignore: Option<&str>) -> Built {
    let ctx = context(def, ignore);
    let first = build(dockerfile, &ctx, &Options::default());
    let again = build(
        dockerfile,
        &ctx.changed(&[def.change.as_str()]),
        &Options {
            cache: first.cache.clone(),
            ..Options::default()
        },
    );
    Built { first, again }
}

/// An Amazon ECR basic scan of the built image (its findings come from its base image).
fn scanned(b: &Build) -> ScanResult {
    let content = ImageContent {
        base: b.base.clone(),
        size_bytes: b.compressed_size,
        build: b.digest.clone(),
        ..ImageContent::default()
    };
    scan(&EcrImage::new(&content, &[], 0), &ScanConfig::default(), 0)
}

fn each(say: impl Fn(Lang) -> String) -> Verdict {
    Verdict::Unmet(Wording::each(say))
}

/// What an image misses of a check, in words; empty when it meets it.
fn missing(c: &ImageCheck, def: &BuildDef, b: &Built, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(max) = c.max_size_mb {
        if b.first.size > u64::from(max) * 1_000_000 {
            out.push(
                t!(
                    "the image is {size}; it must be at most {max} MB",
                    "image có kích thước {size}; tối đa chỉ được {max} MB"
                )
                .fill(
                    lang,
                    &[("size", &words::size(b.first.size, lang)), ("max", &max)],
                ),
            );
        }
    }
    if c.not_root == Some(true) && b.first.runs_as_root {
        out.push(
            t!(
                "the image runs as root: add a USER that is not root in the final stage",
                "image chạy bằng root: hãy thêm một USER không phải root ở stage cuối"
            )
            .get(lang)
            .to_string(),
        );
    }
    if let Some(max) = &c.max_severity {
        let allowed = super::SEVERITIES.iter().position(|s| s == max).unwrap_or(0);
        let r = scanned(&b.first);
        let too_bad: Vec<String> = r
            .finding_severity_counts
            .iter()
            .filter(|(s, n)| {
                **n > 0
                    && super::SEVERITIES
                        .iter()
                        .position(|x| *x == s.name())
                        .is_some_and(|p| p < allowed)
            })
            .map(|(s, n)| format!("{n} {}", s.name()))
            .collect();
        if !too_bad.is_empty() {
            out.push(
                t!(
                    "the image scan of {base} reports {found}: at most {max} findings are allowed",
                    "image scan của {base} báo {found}: chỉ cho phép tối đa mức {max}"
                )
                .fill(
                    lang,
                    &[
                        ("base", &b.first.base),
                        ("found", &too_bad.join(", ")),
                        ("max", max),
                    ],
                ),
            );
        }
    }
    for want in &c.reused {
        let runs: Vec<_> = b
            .again
            .layers
            .iter()
            .filter(|l| l.instruction.starts_with("RUN") && l.instruction.contains(want.as_str()))
            .collect();
        if runs.is_empty() {
            out.push(
                t!(
                    "no RUN of the final image runs {cmd}",
                    "không có RUN nào trong image cuối chạy {cmd}"
                )
                .fill(lang, &[("cmd", want)]),
            );
        }
        for l in runs.into_iter().filter(|l| !l.cache.is_hit()) {
            out.push(
                t!(
                    "after {file} changed, line {n} ({i}) was {why}",
                    "sau khi {file} thay đổi, dòng {n} ({i}) đã {why}"
                )
                .fill(
                    lang,
                    &[
                        ("file", &def.change),
                        ("n", &l.line),
                        ("i", &l.instruction),
                        ("why", &words::cache(&l.cache, lang)),
                    ],
                ),
            );
        }
    }
    out
}

fn first_error(b: &Build, lang: Lang) -> String {
    b.diagnostics
        .iter()
        .find(|d| d.severity() == Severity::Error)
        .map(|d| words::line(FILE, d, lang))
        .unwrap_or_else(|| words::summary(b, lang))
}

pub(super) fn grade(check: &DockerCheck, all: &Builds, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(dockerfile) = crate::answer::text(answers, input) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    let Some(def) = all.get(match check {
        DockerCheck::Valid(c) => &c.build,
        DockerCheck::Image(c) => &c.build,
    }) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let ignore = def
        .ignore_input
        .as_deref()
        .and_then(|i| crate::answer::text(answers, i));
    let b = build_both(def, dockerfile, ignore);
    let verdict = if !b.first.ok {
        each(|l| first_error(&b.first, l))
    } else {
        match check {
            DockerCheck::Valid(_) => Verdict::Correct,
            DockerCheck::Image(c) => {
                if missing(c, def, &b, Lang::En).is_empty() {
                    Verdict::Correct
                } else {
                    each(|l| missing(c, def, &b, l).join("; "))
                }
            }
        }
    };
    Graded::new(input, verdict)
}

pub(super) fn validate_items(all: &Builds, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for b in &all.builds {
        for input in std::iter::once(&b.input).chain(b.ignore_input.as_ref()) {
            match lab.input(input).map(|i| &i.kind) {
                Some(InputKind::Template { .. }) => {}
                Some(_) => problems.push(format!(
                    "build \"{}\": input \"{input}\" is not a template input",
                    b.id
                )),
                None => problems.push(format!("build \"{}\": there is no input \"{input}\"", b.id)),
            }
        }
    }
    problems
}

/// The layers' sizes as bars, the largest the full width; reused layers green, built ones
/// blue, base layers gray.
fn layers_drawing(b: &Build, lang: Lang) -> Drawing {
    const LEFT: u32 = 300;
    const WIDTH: u32 = 300;
    const ROW: u32 = 18;
    let largest = b.layers.iter().map(|l| l.size).max().unwrap_or(1).max(1);
    let mut shapes = Vec::new();
    for (i, l) in b.layers.iter().enumerate() {
        let y = 4 + i as u32 * ROW;
        let mut label: String = l.instruction.chars().take(40).collect();
        if l.instruction.chars().count() > 40 {
            label.push('…');
        }
        shapes.push(Shape::Label {
            x: 0,
            y: y + 12,
            text: label,
            tone: Tone::Plain,
        });
        let w = ((u128::from(l.size) * u128::from(WIDTH)) / u128::from(largest)) as u32;
        let tone = match (&l.cache, l.instruction.starts_with("FROM")) {
            (_, true) => Tone::Plain,
            (CacheStatus::Hit, _) => Tone::Good,
            _ => Tone::Busy,
        };
        shapes.push(Shape::Bar {
            x: LEFT,
            y: y + 2,
            width: w.max(1),
            height: ROW - 6,
            tone,
        });
        shapes.push(Shape::Label {
            x: LEFT + w.max(1) + 6,
            y: y + 12,
            text: words::size(l.size, lang),
            tone: Tone::Plain,
        });
    }
    Drawing {
        width: LEFT + WIDTH + 90,
        height: 8 + b.layers.len() as u32 * ROW,
        label: t!(
            "The image's layers and their sizes",
            "Các layer của image và kích thước của chúng"
        )
        .get(lang)
        .to_string(),
        shapes,
    }
}

fn build_panel(
    def: &BuildDef,
    dockerfile: &str,
    ignore: Option<&str>,
    lang: Lang,
    panel: &mut Panel,
) {
    let blocks = &mut panel.blocks;
    // The command itself, the same in every language.
    blocks.push(Block::Heading(format!("docker build -t {} .", def.id)));
    let b = build_both(def, dockerfile, ignore);
    blocks.extend(
        b.first
            .diagnostics
            .iter()
            .take(10)
            .map(|d| Block::finding(d.severity() == Severity::Error, words::line(FILE, d, lang))),
    );
    blocks.push(Block::Note {
        tone: if b.first.ok { Tone::Good } else { Tone::Bad },
        text: words::summary(&b.first, lang),
    });
    if !b.first.ok {
        return;
    }
    let r = scanned(&b.first);
    let worst_bad = r
        .worst()
        .is_some_and(|w| matches!(w.name(), "CRITICAL" | "HIGH"));
    blocks.push(Block::Note {
        tone: if worst_bad { Tone::Bad } else { Tone::Good },
        text: t!(
            "Amazon ECR basic scan on push: {summary}",
            "Kết quả basic scan của Amazon ECR khi push: {summary}"
        )
        .fill(
            lang,
            &[("summary", &crate::containers::ecr::scan_summary(&r, lang))],
        ),
    });
    for f in r.findings.iter().take(6) {
        blocks.push(Block::Note {
            tone: Tone::Plain,
            text: crate::containers::ecr::finding(f, lang),
        });
    }
    blocks.push(Block::Drawing(layers_drawing(&b.first, lang)));
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: t!(
            "Then a developer changes {file} and builds again: {summary}",
            "Sau đó một developer sửa {file} và build lại: {summary}"
        )
        .fill(
            lang,
            &[
                ("file", &def.change),
                ("summary", &words::summary(&b.again, lang)),
            ],
        ),
    });
    let rows = b
        .again
        .layers
        .iter()
        .filter(|l| !l.instruction.starts_with("FROM"))
        .map(|l| {
            let tone = if l.cache.is_hit() {
                Tone::Good
            } else {
                Tone::Busy
            };
            vec![
                Cell::plain(l.line.to_string()),
                Cell::plain(l.instruction.clone()),
                Cell::plain(words::size(l.size, lang)),
                Cell::new(words::cache(&l.cache, lang), tone),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        caption: t!(
            "The second build, layer by layer (the base image's layers left out)",
            "Lần build thứ hai, từng layer một (không kể các layer của base image)"
        )
        .get(lang)
        .into(),
        head: [
            t!("Line", "Dòng"),
            t!("Instruction", "Lệnh (instruction)"),
            t!("Size", "Kích thước"),
            t!("Cache", "Cache (bộ nhớ đệm)"),
        ]
        .iter()
        .map(|h| h.get(lang).to_string())
        .collect(),
        rows,
    });
}

pub(super) fn panel(
    all: &Builds,
    lab: &LabView<'_>,
    answers: &Answers,
    _focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    let starter = |input: &str| match lab.input(input).map(|i| &i.kind) {
        Some(InputKind::Template { starter }) => Some(starter.clone()),
        _ => None,
    };
    for b in &all.builds {
        // Before the learner edits, the editors hold the starters: build those.
        let dockerfile = crate::answer::text(answers, &b.input)
            .map(str::to_string)
            .or_else(|| starter(&b.input));
        let ignore = b.ignore_input.as_ref().and_then(|i| {
            crate::answer::text(answers, i)
                .map(str::to_string)
                .or_else(|| starter(i))
        });
        build_panel(
            b,
            dockerfile.as_deref().unwrap_or(""),
            ignore.as_deref(),
            lang,
            panel,
        );
    }
}
