//! Running the learner's buildspec on each commit of a project, grading the builds' outcomes,
//! and showing them as the CodeBuild console does.
use engine::codebuild::{
    run, validate, Build, BuildPhase, Diagnostic, Environment, FileFormat, Report, Severity,
    Source, Status, TestReport,
};

use super::{BuildCheck, Commit, Project, Projects, RunCheck};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::cicd::codebuild::{line, message, summary};
use crate::family::{Graded, LabView};
use crate::lang::{Lang, Wording, T};
use crate::panel::{Block, Cell, Panel, Tone};

/// The file the buildspec is read from.
const FILE: &str = "buildspec.yml";
/// Seconds between two builds of the lab (each commit is pushed an hour after the last).
const BETWEEN_BUILDS: i64 = 3_600;
/// The most files an artifact's table or a failure message lists.
const MAX_LISTED: usize = 40;

/// The environment of the project's `index`-th build.
fn environment(p: &Project, index: usize) -> Environment {
    let base = Environment::default();
    Environment {
        image: p.image.clone(),
        compute_type: p.compute_type.clone(),
        project: p.id.clone(),
        build_number: index as u64 + 1,
        start: base.start + index as i64 * BETWEEN_BUILDS,
        privileged_mode: p.privileged_mode,
        ecr_repositories: p.ecr_repositories.clone(),
        ..base
    }
}

/// The commit's files with the learner's buildspec at the root.
fn source(c: &Commit, buildspec: &str) -> Source {
    let mut files: std::collections::BTreeMap<String, String> = c.files.iter().cloned().collect();
    files.insert(FILE.into(), buildspec.to_string());
    Source {
        version: c.sha.clone(),
        branch: c.branch.clone(),
        files,
    }
}

/// The build of one commit, or the validation report when the buildspec has errors.
fn build(p: &Project, index: usize, text: &str, report: &Report) -> Option<Build> {
    let spec = report.spec.as_ref().filter(|_| !report.has_errors())?;
    let c = p.commits.get(index)?;
    Some(run(spec, &source(c, text), &environment(p, index)))
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(7)]
}

/// The first error of a report, in the one-line form.
fn first_error(report: &Report) -> Option<Diagnostic> {
    report
        .diagnostics
        .iter()
        .find(|d| d.severity() == Severity::Error)
        .cloned()
}

fn invalid(d: Diagnostic) -> Wording {
    Wording::each(move |lang| {
        t!(
            "The buildspec does not validate: {line}",
            "Buildspec chưa hợp lệ: {line}"
        )
        .fill(lang, &[("line", &line(FILE, &d, lang))])
    })
}

/// A list of names, the first ones only when it is long.
fn listed(names: &[String], lang: Lang) -> String {
    const SHOWN: usize = 8;
    if names.len() <= SHOWN {
        return names.join(", ");
    }
    t!("{list} and {n} more", "{list} và {n} file khác").fill(
        lang,
        &[
            ("list", &names[..SHOWN].join(", ")),
            ("n", &(names.len() - SHOWN)),
        ],
    )
}

/// The first phase that did not succeed.
fn failed_phase(b: &Build) -> Option<&engine::codebuild::PhaseRecord> {
    b.phases
        .iter()
        .find(|p| matches!(p.status, Some(s) if s != Status::Succeeded))
}

/// "Commit 3f9c2e1 (message): " before what its build shows.
fn about(c: &Commit, lang: Lang) -> String {
    t!(
        "Commit {sha} ({message}): ",
        "Với commit {sha} ({message}): "
    )
    .fill(lang, &[("sha", &short(&c.sha)), ("message", &c.message)])
}

/// The last line the first failing command printed, as the log shows it.
fn failing_output(b: &Build) -> Option<String> {
    let at = b
        .log
        .iter()
        .position(|l| l.contains("Command did not exit successfully"))?;
    let before = b.log.get(at.checked_sub(1)?)?;
    (!before.starts_with("[Container]")).then(|| before.trim().to_string())
}

/// The container named `name` in the primary artifact's `imagedefinitions.json`: its
/// `imageUri`, or why there is none.
fn image_definition(b: &Build, name: &str) -> Result<String, ImageDefinitions> {
    let primary = b.artifacts.iter().find(|a| a.identifier.is_none());
    let Some((_, from)) = primary.and_then(|a| {
        a.files
            .iter()
            .find(|(inside, _)| inside == IMAGE_DEFINITIONS)
    }) else {
        return Err(ImageDefinitions::Missing);
    };
    let text = b.files.get(from).cloned().unwrap_or_default();
    let Ok(serde_json::Value::Array(entries)) = serde_json::from_str::<serde_json::Value>(&text)
    else {
        return Err(ImageDefinitions::NotAList(text));
    };
    entries
        .iter()
        .find(|e| e.get("name").and_then(|n| n.as_str()) == Some(name))
        .map(|e| {
            e.get("imageUri")
                .and_then(|u| u.as_str())
                .unwrap_or_default()
                .to_string()
        })
        .ok_or(ImageDefinitions::NoContainer(text))
}

/// What CodePipeline's Amazon ECS deploy action reads.
const IMAGE_DEFINITIONS: &str = "imagedefinitions.json";

enum ImageDefinitions {
    Missing,
    NotAList(String),
    NoContainer(String),
}

/// What the build misses of the check, worded; `None` when it meets it all.
fn missing(
    c: &RunCheck,
    commit: &Commit,
    b: &Build,
    groups: &[engine::codebuild::ReportGroup],
) -> Option<Wording> {
    let commit = commit.clone();
    let b = b.clone();
    let say = move |f: &dyn Fn(Lang) -> String| {
        let words: Vec<String> = Lang::ALL
            .iter()
            .map(|l| format!("{}{}", about(&commit, *l), f(*l)))
            .collect();
        Some(Wording::each(move |l| words[l as usize].clone()))
    };
    let pushed: Vec<String> = b.images.iter().map(|i| i.uri.clone()).collect();
    let absent: Vec<String> = c
        .pushed
        .iter()
        .filter(|u| !pushed.contains(u))
        .cloned()
        .collect();
    if !absent.is_empty() {
        let output = failing_output(&b);
        return say(&|lang| {
            let mut said = if pushed.is_empty() {
                t!(
                    "build #{n} pushed no image, so {absent} is not in the repository.",
                    "build #{n} không push image nào, nên {absent} không có trong repository."
                )
                .fill(lang, &[("n", &b.number), ("absent", &absent.join(", "))])
            } else {
                t!(
                    "build #{n} pushed {pushed}, not {absent}.",
                    "build #{n} đã push {pushed}, không phải {absent}."
                )
                .fill(
                    lang,
                    &[
                        ("n", &b.number),
                        ("pushed", &pushed.join(", ")),
                        ("absent", &absent.join(", ")),
                    ],
                )
            };
            if b.status != Status::Succeeded {
                said.push(' ');
                said.push_str(&format!("{}.", summary(&b, lang).trim_end_matches('.')));
                if let Some(out) = &output {
                    said.push_str(
                        &t!(" The command printed: {out}", " Lệnh đã in ra: {out}")
                            .fill(lang, &[("out", out)]),
                    );
                }
            }
            said
        });
    }
    if let Some(wanted) = &c.status {
        if b.status.name() != wanted {
            return say(&|lang| {
                t!(
                    "{summary} It should end {wanted}.",
                    "{summary} Build này phải kết thúc {wanted}."
                )
                .fill(
                    lang,
                    &[
                        (
                            "summary",
                            &format!("{}.", summary(&b, lang).trim_end_matches('.')),
                        ),
                        ("wanted", wanted),
                    ],
                )
            });
        }
    }
    if let Some(wanted) = &c.phase {
        let first = failed_phase(&b);
        if first.map(|p| p.phase.name()) != Some(wanted.as_str()) {
            return say(&|lang| {
                match first {
                None => t!(
                    "every phase of build #{n} SUCCEEDED: none failed, so nothing stopped this commit (it should fail in {wanted}).",
                    "mọi phase của build #{n} đều SUCCEEDED: không phase nào lỗi, nên không gì chặn được commit này (đáng lẽ phải lỗi ở {wanted})."
                )
                .fill(lang, &[("n", &b.number), ("wanted", wanted)]),
                Some(p) => t!(
                    "the first phase of build #{n} that did not succeed is {phase} ({why}), not {wanted}.",
                    "phase đầu tiên của build #{n} không thành công là {phase} ({why}), không phải {wanted}."
                )
                .fill(
                    lang,
                    &[
                        ("n", &b.number),
                        ("phase", &p.phase.name()),
                        (
                            "why",
                            &p.context.as_ref().map_or(String::new(), |c| c.message.clone()),
                        ),
                        ("wanted", wanted),
                    ],
                ),
            }
            });
        }
    }
    if let Some(format) = &c.report {
        let format = FileFormat::parse(format).unwrap_or_default();
        let report = b.reports.iter().find(|r| r.format == format);
        let Some(report) = report else {
            let made: Vec<String> = b
                .reports
                .iter()
                .map(|r| format!("{} ({}, {} cases)", r.group, r.format.name(), r.cases.len()))
                .collect();
            let declared = groups.iter().find(|g| g.file_format == format);
            let failure = failed_phase(&b).map(|p| {
                (
                    p.phase.name(),
                    p.context
                        .as_ref()
                        .map_or(String::new(), |c| c.message.clone()),
                )
            });
            return say(&|lang| {
                if let Some(g) = declared {
                    let mut said = t!(
                        "build #{n} made no {format} report: no file matched report group {group} ({files}).",
                        "build #{n} không tạo report {format} nào: không file nào khớp report group {group} ({files})."
                    )
                    .fill(
                        lang,
                        &[
                            ("n", &b.number),
                            ("format", &format.name()),
                            ("group", &g.name),
                            ("files", &g.files.join(", ")),
                        ],
                    );
                    if let Some((phase, why)) = &failure {
                        said.push(' ');
                        said.push_str(
                            &t!(
                                "The build FAILED in {phase} ({why}): did the tests run?",
                                "Build đã FAILED ở {phase} ({why}): các test có chạy không?"
                            )
                            .fill(lang, &[("phase", phase), ("why", why)]),
                        );
                    }
                    said
                } else if made.is_empty() {
                    t!(
                        "build #{n} made no test report: CodeBuild reads test results only from the files a reports section names, in their file-format (here {format}).",
                        "build #{n} không tạo test report nào: CodeBuild chỉ đọc kết quả test từ các file mà phần reports chỉ ra, theo file-format của chúng (ở đây là {format})."
                    )
                    .fill(lang, &[("n", &b.number), ("format", &format.name())])
                } else {
                    t!(
                        "build #{n} made no {format} report, only {made}.",
                        "build #{n} không tạo report {format} nào, chỉ có {made}."
                    )
                    .fill(
                        lang,
                        &[
                            ("n", &b.number),
                            ("format", &format.name()),
                            ("made", &made.join(", ")),
                        ],
                    )
                }
            });
        };
        let absent: Vec<String> = c
            .failed
            .iter()
            .filter(|name| {
                !report
                    .cases
                    .iter()
                    .any(|t| &t.name == *name && t.status == "FAILED")
            })
            .cloned()
            .collect();
        if !absent.is_empty() {
            let group = report.group.clone();
            let cases: Vec<String> = report
                .cases
                .iter()
                .map(|t| format!("{} {}", t.name, t.status))
                .collect();
            return say(&|lang| {
                if cases.is_empty() {
                    t!(
                        "report {group} has no test case, so it does not show {absent} FAILED.",
                        "report {group} không có test case nào, nên không thấy {absent} FAILED."
                    )
                    .fill(lang, &[("group", &group), ("absent", &absent.join(", "))])
                } else {
                    t!(
                        "report {group} does not show {absent} FAILED; its cases: {cases}.",
                        "report {group} không cho thấy {absent} FAILED; các case của nó: {cases}."
                    )
                    .fill(
                        lang,
                        &[
                            ("group", &group),
                            ("absent", &absent.join(", ")),
                            ("cases", &listed(&cases, lang)),
                        ],
                    )
                }
            });
        }
    }
    if let Some(name) = &c.image_definitions {
        let wanted = c.pushed.first();
        let problem = match image_definition(&b, name) {
            Ok(uri) if wanted.map_or(pushed.contains(&uri), |w| *w == uri) => None,
            Ok(uri) => Some(Ok(uri)),
            Err(e) => Some(Err(e)),
        };
        if let Some(problem) = problem {
            let wanted = wanted
                .cloned()
                .unwrap_or_else(|| pushed.first().cloned().unwrap_or_else(|| "…".to_string()));
            let name = name.clone();
            return say(&|lang| {
                match &problem {
                Err(ImageDefinitions::Missing) => t!(
                    "the artifact of build #{n} has no imagedefinitions.json, so an Amazon ECS deploy action would not know which image to run.",
                    "artifact của build #{n} không có imagedefinitions.json, nên action deploy Amazon ECS sẽ không biết chạy image nào."
                )
                .fill(lang, &[("n", &b.number)]),
                Err(ImageDefinitions::NotAList(text)) => t!(
                    "imagedefinitions.json of build #{n} is not a JSON list of containers: {text}",
                    "imagedefinitions.json của build #{n} không phải một danh sách JSON các container: {text}"
                )
                .fill(lang, &[("n", &b.number), ("text", &text.trim())]),
                Err(ImageDefinitions::NoContainer(text)) => t!(
                    "imagedefinitions.json of build #{n} names no container {name}: {text}",
                    "imagedefinitions.json của build #{n} không có container nào tên {name}: {text}"
                )
                .fill(
                    lang,
                    &[("n", &b.number), ("name", &name), ("text", &text.trim())],
                ),
                Ok(uri) => t!(
                    "imagedefinitions.json of build #{n} gives container {name} the image {uri}; it should be {wanted}, the image this build pushed for its commit.",
                    "imagedefinitions.json của build #{n} gán cho container {name} image {uri}; đáng lẽ phải là {wanted}, image mà build này đã push cho commit của nó."
                )
                .fill(
                    lang,
                    &[
                        ("n", &b.number),
                        ("name", &name),
                        ("uri", uri),
                        ("wanted", &wanted),
                    ],
                ),
            }
            });
        }
    }
    if !c.artifacts.is_empty() {
        let primary = b.artifacts.iter().find(|a| a.identifier.is_none());
        let mut held: Vec<String> = primary
            .map(|a| a.files.iter().map(|(p, _)| p.clone()).collect())
            .unwrap_or_default();
        held.sort();
        let mut wanted = c.artifacts.clone();
        wanted.sort();
        if held != wanted {
            let uploaded = b.phase(BuildPhase::UploadArtifacts).is_some();
            return say(&|lang| {
                let failed = failed_phase(&b).filter(|p| p.phase < BuildPhase::UploadArtifacts);
                if let (true, Some(p)) = (held.is_empty(), failed) {
                    return t!(
                        "build #{n} uploaded no artifact: no file matched artifacts/files, as the build FAILED in {phase} before it wrote them ({why}). The artifact should hold {wanted}.",
                        "build #{n} không upload artifact nào: không file nào khớp artifacts/files, vì build đã FAILED ở {phase} trước khi tạo ra chúng ({why}). Artifact phải chứa {wanted}."
                    )
                    .fill(
                        lang,
                        &[
                            ("n", &b.number),
                            ("phase", &p.phase.name()),
                            (
                                "why",
                                &p.context.as_ref().map_or(String::new(), |c| c.message.clone()),
                            ),
                            ("wanted", &wanted.join(", ")),
                        ],
                    );
                }
                if held.is_empty() {
                    let why = if uploaded {
                        t!(
                            "no file matched artifacts/files",
                            "không file nào khớp artifacts/files"
                        )
                    } else {
                        t!(
                            "UPLOAD_ARTIFACTS did not run",
                            "UPLOAD_ARTIFACTS không chạy"
                        )
                    };
                    t!(
                        "build #{n} uploaded no artifact ({why}); the artifact should hold {wanted}.",
                        "build #{n} không upload artifact nào ({why}); artifact phải chứa {wanted}."
                    )
                    .fill(
                        lang,
                        &[
                            ("n", &b.number),
                            ("why", &why.get(lang)),
                            ("wanted", &wanted.join(", ")),
                        ],
                    )
                } else {
                    t!(
                        "the artifact of build #{n} holds {held}; it should hold exactly {wanted}, at its root.",
                        "artifact của build #{n} chứa {held}; nó phải chứa đúng {wanted}, ngay ở thư mục gốc."
                    )
                    .fill(
                        lang,
                        &[
                            ("n", &b.number),
                            ("held", &listed(&held, lang)),
                            ("wanted", &wanted.join(", ")),
                        ],
                    )
                }
            });
        }
    }
    None
}

pub(super) fn grade(check: &BuildCheck, projects: &Projects, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(text) = crate::answer::text(answers, input) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    let Some(p) = projects.get(check.project()) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let report = validate(text);
    if let Some(d) = first_error(&report) {
        return Graded::new(input, Verdict::Unmet(invalid(d)));
    }
    match check {
        BuildCheck::Spec(_) => Graded::new(input, Verdict::Correct),
        BuildCheck::Run(c) => {
            let Some(index) = p.commits.iter().position(|x| x.id == c.commit) else {
                return Graded::new(input, Verdict::NoEngineValue);
            };
            let Some(b) = build(p, index, text, &report) else {
                return Graded::new(input, Verdict::NoEngineValue);
            };
            let groups = report.spec.as_ref().map_or(&[][..], |s| &s.reports[..]);
            match missing(c, &p.commits[index], &b, groups) {
                None => Graded::new(input, Verdict::Correct),
                Some(w) => Graded::new(input, Verdict::Unmet(w)),
            }
        }
    }
}

/// A status as the console colours it.
fn tone(s: Status) -> Tone {
    match s {
        Status::Succeeded => Tone::Good,
        Status::Failed | Status::Fault => Tone::Bad,
        Status::InProgress => Tone::Busy,
        Status::TimedOut | Status::Stopped => Tone::Warn,
    }
}

fn case_tone(status: &str) -> Tone {
    match status {
        "SUCCEEDED" => Tone::Good,
        "FAILED" | "ERROR" => Tone::Bad,
        _ => Tone::Warn,
    }
}

fn seconds(n: u32, lang: Lang) -> String {
    if n == 0 {
        t!("<1 sec", "<1 giây").get(lang).to_string()
    } else if n == 1 {
        t!("1 sec", "1 giây").get(lang).to_string()
    } else {
        t!("{n} secs", "{n} giây").fill(lang, &[("n", &n)])
    }
}

fn head(names: &[T], lang: Lang) -> Vec<String> {
    names.iter().map(|h| h.get(lang).to_string()).collect()
}

/// The buildspec's findings, at their line and column.
fn findings(report: &Report, lang: Lang, panel: &mut Panel) {
    if report.diagnostics.is_empty() {
        return;
    }
    if report.has_errors() {
        panel.blocks.push(Block::Note {
            tone: Tone::Bad,
            text: t!(
                "buildspec.yml does not validate: CodeBuild would stop every build in DOWNLOAD_SOURCE (YAML_FILE_ERROR). Fix the errors below.",
                "buildspec.yml chưa hợp lệ: CodeBuild sẽ dừng mọi build ở DOWNLOAD_SOURCE (YAML_FILE_ERROR). Hãy sửa các lỗi bên dưới."
            )
            .get(lang)
            .to_string(),
        });
    }
    let rows = report
        .diagnostics
        .iter()
        .map(|d| {
            let error = d.severity() == Severity::Error;
            vec![
                Cell::plain(format!("{}:{}", d.pos.line, d.pos.col)),
                Cell::new(
                    d.severity().name(),
                    if error { Tone::Bad } else { Tone::Warn },
                ),
                Cell::plain(message(d, lang)),
                Cell::plain(d.rule.id()),
            ]
        })
        .collect();
    panel.blocks.push(Block::Table {
        caption: t!("buildspec.yml: findings", "buildspec.yml: các phát hiện")
            .get(lang)
            .to_string(),
        head: head(
            &[
                t!("Line:Column", "Dòng:Cột"),
                t!("Severity", "Mức độ"),
                t!("Finding", "Phát hiện"),
                t!("Rule", "Quy tắc"),
            ],
            lang,
        ),
        rows,
    });
}

fn report_table(r: &TestReport, lang: Lang) -> Block {
    let failed = r
        .cases
        .iter()
        .filter(|c| c.status == "FAILED" || c.status == "ERROR")
        .count();
    Block::Table {
        caption: t!(
            "Report {group} ({format}): {status}, {total} test cases, {failed} failed",
            "Report {group} ({format}): {status}, {total} test case, {failed} lỗi"
        )
        .fill(
            lang,
            &[
                ("group", &r.group),
                ("format", &r.format.name()),
                ("status", &r.status),
                ("total", &r.cases.len()),
                ("failed", &failed),
            ],
        ),
        head: head(
            &[
                t!("Test case", "Ca kiểm thử"),
                t!("Prefix", "Tiền tố"),
                t!("Status", "Trạng thái"),
                t!("Message", "Thông điệp"),
            ],
            lang,
        ),
        rows: r
            .cases
            .iter()
            .map(|c| {
                vec![
                    Cell::plain(c.name.clone()),
                    Cell::plain(c.prefix.clone()),
                    Cell::new(c.status, case_tone(c.status)),
                    Cell::plain(c.message.clone().unwrap_or_default()),
                ]
            })
            .collect(),
    }
}

/// One build, as the console's build page shows it.
fn build_blocks(c: &Commit, b: &Build, has_reports: bool, lang: Lang, panel: &mut Panel) {
    panel.blocks.push(Block::Heading(
        t!(
            "Build #{n}: commit {sha} on {branch}, \"{message}\" ({author})",
            "Build #{n}: commit {sha} trên {branch}, \"{message}\" ({author})"
        )
        .fill(
            lang,
            &[
                ("n", &b.number),
                ("sha", &short(&c.sha)),
                ("branch", &c.branch),
                ("message", &c.message),
                ("author", &c.author),
            ],
        ),
    ));
    panel.blocks.push(Block::Note {
        tone: tone(b.status),
        text: summary(b, lang),
    });
    let rows = b
        .phases
        .iter()
        .map(|p| {
            vec![
                Cell::plain(p.phase.name()),
                p.status
                    .map_or_else(|| Cell::plain("—"), |s| Cell::new(s.name(), tone(s))),
                Cell::plain(if p.phase == BuildPhase::Completed {
                    "—".to_string()
                } else {
                    seconds(p.duration, lang)
                }),
                Cell::plain(p.context.as_ref().map_or(String::new(), |x| {
                    format!("{}: {}", x.status_code, x.message)
                })),
            ]
        })
        .collect();
    panel.blocks.push(Block::Table {
        caption: t!("Phase details", "Chi tiết các phase")
            .get(lang)
            .to_string(),
        head: head(
            &[
                t!("Name", "Tên"),
                t!("Status", "Trạng thái"),
                t!("Duration", "Thời lượng"),
                t!("Context", "Ngữ cảnh"),
            ],
            lang,
        ),
        rows,
    });
    panel.blocks.push(Block::Code {
        label: t!("Build logs", "Log của build").get(lang).to_string(),
        text: b.log.join("\n"),
    });
    if b.reports.is_empty() {
        panel.blocks.push(Block::Note {
            tone: Tone::Plain,
            text: if has_reports {
                t!(
                    "Reports: no file matched the reports section, so the build has no test report.",
                    "Reports: không file nào khớp phần reports, nên build không có test report."
                )
            } else {
                t!(
                    "Reports: the buildspec has no reports section, so the build has no test report.",
                    "Reports: buildspec không có phần reports, nên build không có test report."
                )
            }
            .get(lang)
            .to_string(),
        });
    }
    for r in &b.reports {
        panel.blocks.push(report_table(r, lang));
    }
    if b.artifacts.is_empty() {
        let why = if b.phase(BuildPhase::UploadArtifacts).is_none() {
            t!(
                "Artifacts: none; UPLOAD_ARTIFACTS did not run.",
                "Artifacts: không có; UPLOAD_ARTIFACTS không chạy."
            )
        } else {
            t!(
                "Artifacts: none; the buildspec has no artifacts section.",
                "Artifacts: không có; buildspec không có phần artifacts."
            )
        };
        panel.blocks.push(Block::Note {
            tone: Tone::Plain,
            text: why.get(lang).to_string(),
        });
    }
    for a in &b.artifacts {
        if a.files.is_empty() {
            panel.blocks.push(Block::Note {
                tone: Tone::Bad,
                text: t!(
                    "Artifact ({name}): no file matched artifacts/files, so UPLOAD_ARTIFACTS FAILED.",
                    "Artifact ({name}): không file nào khớp artifacts/files, nên UPLOAD_ARTIFACTS FAILED."
                )
                .fill(
                    lang,
                    &[(
                        "name",
                        &a.identifier
                            .clone()
                            .unwrap_or_else(|| t!("primary", "chính").get(lang).to_string()),
                    )],
                ),
            });
            continue;
        }
        let name = a
            .identifier
            .clone()
            .unwrap_or_else(|| t!("primary", "chính").get(lang).to_string());
        let mut rows: Vec<Vec<Cell>> = a
            .files
            .iter()
            .take(MAX_LISTED)
            .map(|(inside, from)| vec![Cell::plain(inside.clone()), Cell::plain(from.clone())])
            .collect();
        if a.files.len() > MAX_LISTED {
            rows.push(vec![
                Cell::plain(
                    t!("… and {n} more", "… và {n} file khác")
                        .fill(lang, &[("n", &(a.files.len() - MAX_LISTED))]),
                ),
                Cell::plain(""),
            ]);
        }
        panel.blocks.push(Block::Table {
            caption: t!(
                "Artifact ({name}): {n} files",
                "Artifact ({name}): {n} file"
            )
            .fill(lang, &[("name", &name), ("n", &a.files.len())]),
            head: head(
                &[
                    t!("Path in the artifact", "Đường dẫn trong artifact"),
                    t!("File in the build", "File trong bản build"),
                ],
                lang,
            ),
            rows,
        });
    }
    if !b.images.is_empty() {
        panel.blocks.push(Block::Table {
            caption: t!("Images pushed: {n}", "Các image đã push: {n}")
                .fill(lang, &[("n", &b.images.len())]),
            head: head(
                &[
                    t!("Repository", "Tên repository"),
                    t!("Image tag", "Tag của image"),
                    t!("Image URI", "URI của image"),
                    t!("Digest", "Digest (mã băm)"),
                ],
                lang,
            ),
            rows: b
                .images
                .iter()
                .map(|i| {
                    vec![
                        Cell::plain(i.repository.clone()),
                        Cell::plain(i.tag.clone()),
                        Cell::plain(i.uri.clone()),
                        Cell::plain(i.digest.clone()),
                    ]
                })
                .collect(),
        });
    }
}

pub(super) fn panel(
    projects: &Projects,
    lab: &LabView<'_>,
    answers: &Answers,
    _focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for p in &projects.projects {
        // Before the learner edits it, the editor shows the starter: build that.
        let starter = match lab.input(&p.input).map(|i| &i.kind) {
            Some(crate::lab::InputKind::Template { starter }) => starter.as_str(),
            _ => "",
        };
        let text = crate::answer::text(answers, &p.input).unwrap_or(starter);
        panel.blocks.push(Block::Heading(
            t!("Build project {project}", "Dự án build {project}")
                .fill(lang, &[("project", &p.id)]),
        ));
        panel.blocks.push(Block::Note {
            tone: Tone::Plain,
            text: t!(
                "Environment image {image}, compute {compute}. Each commit below is built with buildspec.yml as your editor holds it.",
                "Environment image {image}, compute {compute}. Mỗi commit bên dưới được build với buildspec.yml đúng như trong editor của bạn."
            )
            .fill(
                lang,
                &[("image", &p.image), ("compute", &p.compute_type)],
            ),
        });
        if p.privileged_mode || p.ecr_repositories.is_some() {
            let env = environment(p, 0);
            let mut said = if p.privileged_mode {
                t!(
                    "Privileged mode is on: the build can run Docker.",
                    "Privileged mode đang bật: build có thể chạy Docker."
                )
            } else {
                t!(
                    "Privileged mode is off: Docker cannot run in this build.",
                    "Privileged mode đang tắt: build này không chạy được Docker."
                )
            }
            .get(lang)
            .to_string();
            if let Some(repos) = &p.ecr_repositories {
                said.push(' ');
                said.push_str(
                    &t!(
                        "Amazon ECR registry {registry}, repositories: {repos}.",
                        "Registry Amazon ECR {registry}, các repository: {repos}."
                    )
                    .fill(
                        lang,
                        &[
                            (
                                "registry",
                                &format!("{}.dkr.ecr.{}.amazonaws.com", env.account, env.region),
                            ),
                            ("repos", &repos.join(", ")),
                        ],
                    ),
                );
            }
            panel.blocks.push(Block::Note {
                tone: Tone::Plain,
                text: said,
            });
        }
        if text.trim().is_empty() {
            panel.blocks.push(Block::Note {
                tone: Tone::Warn,
                text: t!(
                    "buildspec.yml is empty: write it in the editor to start the builds.",
                    "buildspec.yml đang trống: hãy viết nó trong editor để chạy các build."
                )
                .get(lang)
                .to_string(),
            });
            continue;
        }
        let report = validate(text);
        findings(&report, lang, panel);
        let has_reports = report.spec.as_ref().is_some_and(|s| !s.reports.is_empty());
        for (i, c) in p.commits.iter().enumerate() {
            if let Some(b) = build(p, i, text, &report) {
                build_blocks(c, &b, has_reports, lang, panel);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Answer;

    fn project() -> Project {
        let file = |p: &str, t: &str| (p.to_string(), t.to_string());
        let good = vec![
            file(
                "package.json",
                r#"{"name": "shop", "version": "1.0.0", "scripts": {"test": "jest", "build": "vite build"}, "devDependencies": {"jest": "^29", "vite": "^5"}}"#,
            ),
            file("package-lock.json", "{\"lockfileVersion\": 3}\n"),
            file("src/cart.js", "export const fee = 30000;\n"),
            file(
                "tests/cart.test.js",
                "test('charges shipping', () => {\n  expect(fee).toBe(30000);\n});\n",
            ),
        ];
        let mut bad = good.clone();
        bad.push(file(
            "tests/free.test.js",
            "test('ships free', () => {\n  if (fee !== 0) throw new Error('fee');\n});\n",
        ));
        let commit = |id: &str, sha: char, files: Vec<(String, String)>| Commit {
            id: id.into(),
            sha: sha.to_string().repeat(40),
            message: format!("{id} change"),
            author: "lan".into(),
            branch: "main".into(),
            files,
        };
        Project {
            id: "shop".into(),
            input: "buildspec".into(),
            image: "aws/codebuild/amazonlinux-x86_64-standard:5.0".into(),
            compute_type: "BUILD_GENERAL1_SMALL".into(),
            privileged_mode: false,
            ecr_repositories: None,
            commits: vec![commit("good", 'a', good), commit("bad", 'b', bad)],
        }
    }

    const GOOD: &str = "version: 0.2\nphases:\n  install:\n    commands:\n      - npm ci\n  build:\n    commands:\n      - npm test\n      - npm run build\nreports:\n  unit:\n    files: [junit.xml]\n    file-format: JUNITXML\nartifacts:\n  base-directory: dist\n  files: ['**/*']\n";

    fn answers(text: &str) -> Answers {
        let mut a = Answers::default();
        a.insert("buildspec".into(), Answer::Text(text.into()));
        a
    }

    fn projects() -> Projects {
        Projects {
            projects: vec![project()],
        }
    }

    fn run_check(commit: &str) -> RunCheck {
        RunCheck {
            input: "buildspec".into(),
            project: "shop".into(),
            commit: commit.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_buildspec_passes_and_a_broken_commit_fails_in_build_with_its_report() {
        let good = BuildCheck::Run(RunCheck {
            status: Some("SUCCEEDED".into()),
            artifacts: vec!["cart.js".into(), "index.html".into()],
            ..run_check("good")
        });
        let bad = BuildCheck::Run(RunCheck {
            status: Some("FAILED".into()),
            phase: Some("BUILD".into()),
            report: Some("JUNITXML".into()),
            failed: vec!["ships free".into()],
            ..run_check("bad")
        });
        for c in [&good, &bad] {
            let g = grade(c, &projects(), &answers(GOOD));
            assert_eq!(g.verdict, Verdict::Correct, "{c:?}");
        }
        // Tests moved to post_build: the bad commit fails there, after the build.
        let late = GOOD.replace(
            "      - npm test\n      - npm run build\n",
            "      - npm run build\n  post_build:\n    commands:\n      - npm test\n",
        );
        let g = grade(&bad, &projects(), &answers(&late));
        let said = g.verdict.message(Lang::En);
        assert!(
            said.contains("is POST_BUILD (Error while executing command: npm test. Reason: exit status 1), not BUILD"),
            "{said}"
        );
        // No install: the test tool is not there.
        let bare = GOOD.replace("  install:\n    commands:\n      - npm ci\n", "");
        let said = grade(&good, &projects(), &answers(&bare))
            .verdict
            .message(Lang::En);
        assert!(said.contains("phase BUILD FAILED"), "{said}");
        assert!(said.contains("exit status 127"), "{said}");
        // No base-directory: the files sit under dist/.
        let flat = GOOD.replace(
            "  base-directory: dist\n  files: ['**/*']",
            "  files: ['dist/**/*']",
        );
        let said = grade(&good, &projects(), &answers(&flat))
            .verdict
            .message(Lang::En);
        assert!(
            said.contains("holds dist/cart.js, dist/index.html"),
            "{said}"
        );
        // No reports section.
        let quiet = GOOD.replace(
            "reports:\n  unit:\n    files: [junit.xml]\n    file-format: JUNITXML\n",
            "",
        );
        let said = grade(&bad, &projects(), &answers(&quiet))
            .verdict
            .message(Lang::Vi);
        assert!(said.contains("không tạo test report nào"), "{said}");
    }

    const REGISTRY: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

    fn image_projects(privileged: bool) -> Projects {
        let file = |p: &str, t: &str| (p.to_string(), t.to_string());
        let first = vec![
            file("Dockerfile", "FROM node:20-alpine\nCOPY src ./src\n"),
            file("src/server.js", "console.log('v1');\n"),
        ];
        let mut second = first.clone();
        second[1] = file("src/server.js", "console.log('v2');\n");
        let commit = |id: &str, sha: &str, files: Vec<(String, String)>| Commit {
            id: id.into(),
            sha: sha.repeat(10),
            message: format!("{id} change"),
            author: "lan".into(),
            branch: "main".into(),
            files,
        };
        Projects {
            projects: vec![Project {
                id: "api".into(),
                input: "buildspec".into(),
                image: "aws/codebuild/amazonlinux-x86_64-standard:5.0".into(),
                compute_type: "BUILD_GENERAL1_SMALL".into(),
                privileged_mode: privileged,
                ecr_repositories: Some(vec!["api".into()]),
                commits: vec![
                    commit("first", "1a2b", first),
                    commit("second", "3c4d", second),
                ],
            }],
        }
    }

    const PUSH: &str = "version: 0.2\nenv:\n  variables:\n    URI: 123456789012.dkr.ecr.us-east-1.amazonaws.com/api\nphases:\n  pre_build:\n    commands:\n      - aws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com\n      - TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)\n  build:\n    commands:\n      - docker build -t $URI:$TAG .\n  post_build:\n    commands:\n      - docker push $URI:$TAG\n      - printf '[{\"name\":\"web\",\"imageUri\":\"%s\"}]' $URI:$TAG > imagedefinitions.json\nartifacts:\n  files: [imagedefinitions.json]\n";

    fn pushed_check(commit: &str, tag: &str, definitions: bool) -> BuildCheck {
        BuildCheck::Run(RunCheck {
            input: "buildspec".into(),
            project: "api".into(),
            commit: commit.into(),
            pushed: vec![format!("{REGISTRY}/api:{tag}")],
            image_definitions: definitions.then(|| "web".to_string()),
            ..Default::default()
        })
    }

    #[test]
    fn pushed_images_and_image_definitions_are_graded_from_the_build() {
        let projects = image_projects(true);
        let first = pushed_check("first", "1a2b1a2", true);
        let second = pushed_check("second", "3c4d3c4", false);
        for c in [&first, &second] {
            let g = grade(c, &projects, &answers(PUSH));
            assert_eq!(g.verdict, Verdict::Correct, "{c:?}");
        }
        // No login: the push fails with the registry's message.
        let anonymous = PUSH.replace(
            "      - aws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com\n",
            "",
        );
        let said = grade(&first, &projects, &answers(&anonymous))
            .verdict
            .message(Lang::En);
        assert!(said.contains("build #1 pushed no image"), "{said}");
        assert!(said.contains("phase POST_BUILD FAILED"), "{said}");
        assert!(
            said.ends_with("The command printed: no basic auth credentials"),
            "{said}"
        );
        // A fixed tag: the second commit pushes the first one's tag again.
        let fixed = PUSH.replace(
            "TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)",
            "TAG=1a2b1a2",
        );
        let said = grade(&second, &projects, &answers(&fixed))
            .verdict
            .message(Lang::En);
        assert!(
            said.contains(&format!("build #2 pushed {REGISTRY}/api:1a2b1a2, not")),
            "{said}"
        );
        // imagedefinitions.json naming latest, or missing.
        let latest = PUSH.replace("\"%s\"}]' $URI:$TAG", "\"%s\"}]' $URI:latest");
        let said = grade(&first, &projects, &answers(&latest))
            .verdict
            .message(Lang::Vi);
        assert!(said.contains("gán cho container web image 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:latest"), "{said}");
        let none = PUSH.replace("artifacts:\n  files: [imagedefinitions.json]\n", "");
        let said = grade(&first, &projects, &answers(&none))
            .verdict
            .message(Lang::En);
        assert!(said.contains("has no imagedefinitions.json"), "{said}");
        // Without privileged mode Docker does not run at all.
        let said = grade(&first, &image_projects(false), &answers(PUSH))
            .verdict
            .message(Lang::En);
        assert!(
            said.contains("Cannot connect to the Docker daemon"),
            "{said}"
        );
    }

    #[test]
    fn the_panel_lists_the_pushed_images() {
        let mut panel = Panel::default();
        let workspace = crate::family::Workspace::default();
        let lab = LabView {
            inputs: &[],
            workspace: &workspace,
            checks: &[],
        };
        super::panel(
            &image_projects(true),
            &lab,
            &answers(PUSH),
            &[],
            Lang::En,
            &mut panel,
        );
        assert!(panel.blocks.iter().any(|b| matches!(b, Block::Note { text, .. } if text.starts_with("Privileged mode is on") && text.contains("repositories: api."))));
        let images: Vec<&Vec<Vec<Cell>>> = panel
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table { caption, rows, .. } if caption == "Images pushed: 1" => Some(rows),
                _ => None,
            })
            .collect();
        assert_eq!(images.len(), 2);
        assert_eq!(images[1][0][1].text, "3c4d3c4");
        assert_eq!(images[1][0][2].text, format!("{REGISTRY}/api:3c4d3c4"));
        assert!(images[1][0][3].text.starts_with("sha256:"));
    }

    #[test]
    fn an_invalid_buildspec_is_named_at_its_line() {
        let spec = BuildCheck::Spec(super::super::SpecCheck {
            input: "buildspec".into(),
            project: "shop".into(),
        });
        let g = grade(&spec, &projects(), &answers(GOOD));
        assert_eq!(g.verdict, Verdict::Correct);
        let broken = GOOD.replace("- npm run build", "- echo step: build");
        let said = grade(&spec, &projects(), &answers(&broken))
            .verdict
            .message(Lang::En);
        assert!(
            said.starts_with("The buildspec does not validate: buildspec.yml:9:"),
            "{said}"
        );
        assert!(said.ends_with("[command-mapping]"), "{said}");
        let g = grade(&spec, &projects(), &Answers::default());
        assert_eq!(g.verdict, Verdict::NotAnswered);
    }

    #[test]
    fn the_panel_shows_each_build_as_the_console_does() {
        let mut panel = Panel::default();
        let workspace = crate::family::Workspace::default();
        let inputs = [];
        let lab = LabView {
            inputs: &inputs,
            workspace: &workspace,
            checks: &[],
        };
        super::panel(&projects(), &lab, &answers(GOOD), &[], Lang::En, &mut panel);
        let headings: Vec<&str> = panel
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(h.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(headings[0], "Build project shop");
        assert!(
            headings[2].starts_with("Build #2: commit bbbbbbb on main"),
            "{headings:?}"
        );
        let tables: Vec<(&str, &Vec<Vec<Cell>>)> = panel
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table { caption, rows, .. } => Some((caption.as_str(), rows)),
                _ => None,
            })
            .collect();
        // The bad commit's phases: BUILD failed, POST_BUILD absent (not written), upload tried.
        let (_, phases) = tables
            .iter()
            .filter(|(c, _)| *c == "Phase details")
            .nth(1)
            .unwrap();
        let status = |name: &str| {
            phases
                .iter()
                .find(|r| r[0].text == name)
                .map(|r| (r[1].text.clone(), r[1].tone))
        };
        assert_eq!(status("BUILD"), Some(("FAILED".into(), Tone::Bad)));
        assert_eq!(status("INSTALL"), Some(("SUCCEEDED".into(), Tone::Good)));
        assert_eq!(
            status("UPLOAD_ARTIFACTS"),
            Some(("FAILED".into(), Tone::Bad))
        );
        let (caption, cases) = tables
            .iter()
            .find(|(c, _)| c.starts_with("Report shop-unit") && c.contains("FAILED"))
            .unwrap();
        assert!(caption.contains("2 test cases, 1 failed"), "{caption}");
        assert!(cases
            .iter()
            .any(|r| r[0].text == "ships free" && r[2].text == "FAILED"));
        assert!(panel.blocks.iter().any(
            |b| matches!(b, Block::Code { text, .. } if text.contains("Running command npm test"))
        ));
        assert!(panel.blocks.iter().any(|b| matches!(b, Block::Note { tone: Tone::Bad, text } if text == "Artifact (primary): no file matched artifacts/files, so UPLOAD_ARTIFACTS FAILED.")));
        // An invalid buildspec: its findings with line and column, no builds.
        let mut panel = Panel::default();
        super::panel(
            &projects(),
            &lab,
            &answers("version: 0.2\n"),
            &[],
            Lang::En,
            &mut panel,
        );
        assert!(panel.blocks.iter().any(|b| matches!(b, Block::Table { rows, .. } if rows[0][0].text == "1:1" && rows[0][3].text == "phases-missing")), "{panel:?}");
    }
}
