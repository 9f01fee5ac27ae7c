//! Deploying the lab's revisions with the learner's appspec, grading the deployments, and
//! showing them as the CodeDeploy console does.
use std::collections::BTreeMap;

use engine::codedeploy::{
    run, validate, ComputePlatform, DeploymentErrorCode, DeploymentRequest, DeploymentRun,
    DeploymentStatus, DeploymentType, EventRun, EventStatus, LifecycleErrorCode, LifecycleEvent,
    Report, Revision, Severity,
};
use engine::deploy::{AutoRollback, RollbackEvent};

use super::{AppspecCheck, DeploymentCheck, GroupDef, Groups, RevisionDef};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::cicd::codedeploy as words;
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{Lang, Wording, T};
use crate::panel::{Block, Cell, Panel, Tone};

/// A revision path as the engine looks it up: `\` as `/`, no leading `/` or `./`.
fn normalize(path: &str) -> String {
    let p = path.replace('\\', "/");
    p.trim_start_matches("./")
        .trim_start_matches('/')
        .to_string()
}

fn auto_rollback(g: &GroupDef) -> AutoRollback {
    let events: Vec<RollbackEvent> = g
        .auto_rollback
        .iter()
        .filter_map(|e| RollbackEvent::parse(e))
        .collect();
    if events.is_empty() {
        AutoRollback::default()
    } else {
        AutoRollback::on(&events)
    }
}

/// The first revision, with its own appspec; `Err` (in English, for authors) when it has errors.
fn last_good(g: &GroupDef) -> Result<Revision, String> {
    let first = g.revisions.first().ok_or("it has no revision")?;
    let report = validate(first.appspec.as_deref().unwrap_or(""));
    if let Some(d) = report
        .diagnostics
        .iter()
        .find(|d| d.severity() == Severity::Error)
    {
        return Err(format!(
            "revision \"{}\": appspec.yml:{}:{}: {}",
            first.id,
            d.pos.line,
            d.pos.col,
            words::message(d, Lang::En)
        ));
    }
    match report.appspec {
        Some(a) if a.platform == ComputePlatform::Server => Ok(Revision {
            name: first.id.clone(),
            appspec: a,
            files: first.files.clone(),
        }),
        _ => Err(format!(
            "revision \"{}\": its appspec.yml is not for EC2/On-Premises",
            first.id
        )),
    }
}

fn request(
    g: &GroupDef,
    id: u32,
    revision: Revision,
    previous: Option<Revision>,
) -> DeploymentRequest {
    DeploymentRequest {
        id,
        revision,
        previous,
        deployment_type: DeploymentType::InPlace {
            load_balancer: g.load_balancer,
        },
        functions: BTreeMap::new(),
        auto_rollback: auto_rollback(g),
        ignore_application_stop_failures: false,
        deployment_config: None,
    }
}

pub(super) fn validate_items(groups: &Groups, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for g in &groups.groups {
        match lab.input(&g.input).map(|i| &i.kind) {
            Some(InputKind::Template { .. }) => {}
            Some(_) => problems.push(format!(
                "deployment group \"{}\" reads input \"{}\", which is not a template input",
                g.id, g.input
            )),
            None => problems.push(format!(
                "deployment group \"{}\" reads input \"{}\", which the lab does not have",
                g.id, g.input
            )),
        }
        for e in &g.auto_rollback {
            if RollbackEvent::parse(e).is_none() {
                problems.push(format!(
                    "deployment group \"{}\": auto_rollback \"{e}\" is not one of DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM, DEPLOYMENT_STOP_ON_REQUEST",
                    g.id
                ));
            }
        }
        if g.revisions.first().is_none_or(|r| r.appspec.is_none()) {
            // Reported where the group was read.
            continue;
        }
        match last_good(g) {
            Err(e) => problems.push(format!("deployment group \"{}\": {e}", g.id)),
            Ok(first) => {
                let d = run(&request(g, 1, first, None));
                if d.status != DeploymentStatus::Succeeded {
                    problems.push(format!(
                        "deployment group \"{}\": the last good revision's own deployment ended {}",
                        g.id,
                        d.status.name()
                    ));
                }
            }
        }
    }
    problems
}

/// Problems with the names a deployment check uses (statuses, events, error codes).
pub(super) fn validate_names(c: &DeploymentCheck) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(s) = &c.status {
        if !["Succeeded", "Failed"].contains(&s.as_str()) {
            problems.push(format!(
                "status \"{s}\" is not one a deployment here ends in: Succeeded, Failed"
            ));
        }
    }
    let events = c.failed_event.iter().chain(c.scripts.keys());
    for e in events {
        if LifecycleEvent::parse(e).is_none() {
            problems.push(format!("\"{e}\" is not a CodeDeploy lifecycle event"));
        }
    }
    if let Some(code) = &c.error_code {
        let known = [
            LifecycleErrorCode::ScriptMissing,
            LifecycleErrorCode::ScriptNotExecutable,
            LifecycleErrorCode::ScriptTimedOut,
            LifecycleErrorCode::ScriptFailed,
            LifecycleErrorCode::UnknownError,
        ];
        if !known.iter().any(|k| k.name() == code) {
            problems.push(format!(
                "error_code \"{code}\" is not one of ScriptMissing, ScriptNotExecutable, ScriptTimedOut, ScriptFailed, UnknownError"
            ));
        }
    }
    problems
}

/// The appspec's errors as the learner reads them; `None` when it has none and is for
/// EC2/On-Premises.
fn refusal(report: &Report) -> Option<Wording> {
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .cloned()
        .collect();
    if let Some(first) = errors.first().cloned() {
        let count = errors.len();
        return Some(Wording::each(move |lang| {
            let message = words::message(&first, lang);
            let (line, column) = (first.pos.line.to_string(), first.pos.col.to_string());
            if count == 1 {
                t!(
                    "The appspec is not valid: line {line}, column {column}: {message}",
                    "Appspec không hợp lệ: dòng {line}, cột {column}: {message}"
                )
                .fill(
                    lang,
                    &[("line", &line), ("column", &column), ("message", &message)],
                )
            } else {
                t!(
                    "The appspec has {count} errors; the first, line {line}, column {column}: {message}",
                    "Appspec có {count} lỗi; lỗi đầu tiên ở dòng {line}, cột {column}: {message}"
                )
                .fill(
                    lang,
                    &[
                        ("count", &count),
                        ("line", &line),
                        ("column", &column),
                        ("message", &message),
                    ],
                )
            }
        }));
    }
    match &report.appspec {
        Some(a) if a.platform == ComputePlatform::Server => None,
        _ => Some(Wording::new(t!(
            "This deployment group deploys to EC2/On-Premises instances: its appspec has os: linux and hooks that run scripts, not Resources.",
            "Deployment group này triển khai lên các instance EC2/On-Premises: appspec của nó có os: linux và các hook chạy script, không có Resources."
        ))),
    }
}

/// One deployment of a revision with the learner's appspec.
struct Deployed {
    revision: String,
    /// The last good revision it started from (ApplicationStop ran its scripts).
    previous: String,
    run: DeploymentRun,
}

/// The group's deployments with one appspec.
struct GroupRun {
    report: Report,
    /// Why nothing was deployed with it.
    refused: Option<Wording>,
    /// The last good revision's own deployment, before the learner's.
    first: Option<DeploymentRun>,
    deployed: Vec<Deployed>,
}

/// Deploys the group's revisions after the first, in turn, with `text` as their appspec;
/// each starts from the last revision whose deployment succeeded (which its ApplicationStop
/// runs the scripts of, and a rollback redeploys). After a failure with no rollback the
/// agent would stop the failed revision's install instead: the labs roll back on failure.
fn deploy(g: &GroupDef, text: &str) -> GroupRun {
    let report = validate(text);
    let refused = refusal(&report);
    let mut out = GroupRun {
        report,
        refused,
        first: None,
        deployed: Vec::new(),
    };
    let Ok(first) = last_good(g) else {
        return out;
    };
    out.first = Some(run(&request(g, 1, first.clone(), None)));
    let appspec = match (&out.refused, &out.report.appspec) {
        (None, Some(a)) => a.clone(),
        _ => return out,
    };
    let mut good = first;
    let mut id = 2u32;
    for def in g.revisions.iter().skip(1) {
        let revision = Revision {
            name: def.id.clone(),
            appspec: appspec.clone(),
            files: def.files.clone(),
        };
        let d = run(&request(g, id, revision.clone(), Some(good.clone())));
        id += if d.rollback.is_some() { 2 } else { 1 };
        let previous = good.name.clone();
        if d.status == DeploymentStatus::Succeeded {
            good = revision;
        }
        out.deployed.push(Deployed {
            revision: def.id.clone(),
            previous,
            run: d,
        });
    }
    out
}

fn unmet(input: &str, w: Wording) -> Graded {
    Graded::new(input, Verdict::Unmet(w))
}

/// A sentence with its values (the same in every language).
fn wording(text: T, values: &[(&'static str, &str)]) -> Wording {
    values
        .iter()
        .fold(Wording::new(text), |w, (name, value)| w.with(name, *value))
}

/// The first event that failed.
fn failed_event(d: &DeploymentRun) -> Option<&EventRun> {
    d.events.iter().find(|e| e.status == EventStatus::Failed)
}

/// What failed, in CodeDeploy's words: `ValidateService: ScriptFailed: Script at …`.
fn failure(d: &DeploymentRun) -> String {
    match failed_event(d) {
        Some(e) => match &e.diagnostics {
            Some(x) => format!("{}: {}: {}", e.event.name(), x.error_code.name(), x.message),
            None => e.event.name().to_string(),
        },
        None => String::new(),
    }
}

/// The scripts an event ran, their paths normalized.
fn ran(e: &EventRun) -> Vec<String> {
    e.scripts.iter().map(|s| normalize(&s.location)).collect()
}

/// The first way the deployment's scripts differ from the check's, worded.
fn scripts_differ(c: &DeploymentCheck, d: &Deployed, g: &GroupDef) -> Option<Wording> {
    let events = &d.run.events;
    let n = events.len().to_string();
    let at = |event: LifecycleEvent| events.iter().position(|e| e.event == event);
    let id = d.run.id.as_str();
    for (name, want) in &c.scripts {
        let event = LifecycleEvent::parse(name)?;
        let want: Vec<String> = want.iter().map(|s| normalize(s)).collect();
        let Some(i) = at(event) else {
            return Some(wording(
                t!(
                    "Deployment {id} has no {event} event.",
                    "Deployment {id} không có event {event}."
                ),
                &[("id", id), ("event", name)],
            ));
        };
        let here = &events[i];
        let got = ran(here);
        for script in &want {
            if got.contains(script) {
                continue;
            }
            if let Some(other) = events
                .iter()
                .position(|e| e.event != event && ran(e).contains(script))
            {
                return Some(wording(
                    t!(
                        "In deployment {id}, {script} ran at {other} (lifecycle event {i} of {n}), not at {event} (event {j} of {n}): CodeDeploy runs the events in a fixed order, so the event a script is hooked to decides when it runs.",
                        "Trong deployment {id}, {script} chạy ở {other} (lifecycle event thứ {i} trên {n}), không phải ở {event} (event thứ {j} trên {n}): CodeDeploy chạy các event theo một thứ tự cố định, nên event mà script được hook vào quyết định lúc nó chạy."
                    ),
                    &[
                        ("id", id),
                        ("script", script),
                        ("other", events[other].event.name()),
                        ("i", &(other + 1).to_string()),
                        ("n", &n),
                        ("event", name),
                        ("j", &(i + 1).to_string()),
                    ],
                ));
            }
            if here.status == EventStatus::Skipped {
                return Some(wording(
                    t!(
                        "In deployment {id}, {event} was Skipped because an earlier event failed ({failure}), so {script} did not run.",
                        "Trong deployment {id}, {event} bị Skipped vì một event trước đó đã thất bại ({failure}), nên {script} không chạy."
                    ),
                    &[("id", id), ("event", name), ("failure", &failure(&d.run)), ("script", script)],
                ));
            }
            if here.previous_revision {
                let own = g
                    .revisions
                    .first()
                    .is_some_and(|first| first.id == d.previous);
                let text = if own {
                    t!(
                        "In deployment {id}, {event} did not run {script}. {event} runs the scripts of the last successful revision's appspec, here {previous}'s own.",
                        "Trong deployment {id}, {event} không chạy {script}. {event} chạy script theo appspec của revision thành công gần nhất, ở đây là appspec của chính {previous}."
                    )
                } else {
                    t!(
                        "In deployment {id}, {event} did not run {script}. {event} runs the scripts of the last successful revision's appspec: here {previous}, deployed with your appspec.yml, so your {event} hook runs at the next deployment.",
                        "Trong deployment {id}, {event} không chạy {script}. {event} chạy script theo appspec của revision thành công gần nhất: ở đây là {previous}, được triển khai với appspec.yml của bạn, nên hook {event} của bạn chạy ở lần deployment sau."
                    )
                };
                return Some(wording(
                    text,
                    &[
                        ("id", id),
                        ("event", name),
                        ("script", script),
                        ("previous", &d.previous),
                    ],
                ));
            }
            return Some(if got.is_empty() {
                wording(
                    t!(
                        "In deployment {id}, {event} ran no script, and {script} did not run at all.",
                        "Trong deployment {id}, {event} không chạy script nào, và {script} hoàn toàn không được chạy."
                    ),
                    &[("id", id), ("event", name), ("script", script)],
                )
            } else {
                wording(
                    t!(
                        "In deployment {id}, {event} ran {got}, and {script} did not run at all.",
                        "Trong deployment {id}, {event} chạy {got}, còn {script} hoàn toàn không được chạy."
                    ),
                    &[("id", id), ("event", name), ("got", &got.join(", ")), ("script", script)],
                )
            });
        }
        if let Some(extra) = got.iter().find(|s| !want.contains(s)) {
            return Some(wording(
                t!(
                    "In deployment {id}, {event} also ran {script}.",
                    "Trong deployment {id}, {event} còn chạy cả {script}."
                ),
                &[("id", id), ("event", name), ("script", extra)],
            ));
        }
        if got != want {
            return Some(wording(
                t!(
                    "In deployment {id}, {event} ran {got}, in that order, not {want}: the scripts of one event run in the order the appspec lists them.",
                    "Trong deployment {id}, {event} chạy {got} theo thứ tự đó, không phải {want}: các script của một event chạy theo thứ tự appspec liệt kê."
                ),
                &[("id", id), ("event", name), ("got", &got.join(", ")), ("want", &want.join(", "))],
            ));
        }
        for script in &want {
            if let Some(other) = events
                .iter()
                .find(|e| e.event != event && ran(e).contains(script))
            {
                return Some(wording(
                    t!(
                        "In deployment {id}, {script} also ran at {other}.",
                        "Trong deployment {id}, {script} còn chạy cả ở {other}."
                    ),
                    &[
                        ("id", id),
                        ("script", script),
                        ("other", other.event.name()),
                    ],
                ));
            }
        }
    }
    None
}

fn grade_deployment(c: &DeploymentCheck, g: &GroupDef, text: &str) -> Graded {
    let input = c.input.as_str();
    let r = deploy(g, text);
    if let Some(why) = r.refused {
        return unmet(
            input,
            Wording::new(t!(
                "No deployment ran. {why}",
                "Không có deployment nào chạy. {why}"
            ))
            .with("why", why),
        );
    }
    let Some(d) = r.deployed.iter().find(|d| d.revision == c.revision) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let (id, rev) = (d.run.id.as_str(), d.revision.as_str());
    let status = d.run.status.name();
    if let Some(want) = c.status.as_deref().filter(|w| *w != status) {
        let w = if d.run.status == DeploymentStatus::Failed {
            wording(
                t!(
                    "Deployment {id} of revision {rev} ended {status}, not {want}: {failure}",
                    "Deployment {id} của revision {rev} kết thúc ở {status}, không phải {want}: {failure}"
                ),
                &[("id", id), ("rev", rev), ("status", status), ("want", want), ("failure", &failure(&d.run))],
            )
        } else {
            let silent = c.failed_event.as_deref().and_then(|name| {
                d.run
                    .events
                    .iter()
                    .find(|e| e.event.name() == name && e.scripts.is_empty())
            });
            match silent {
                Some(e) => wording(
                    t!(
                        "Deployment {id} of revision {rev} ended {status}, not {want}: {event} ran no script, so nothing could fail it.",
                        "Deployment {id} của revision {rev} kết thúc ở {status}, không phải {want}: {event} không chạy script nào, nên không có gì có thể làm nó thất bại."
                    ),
                    &[("id", id), ("rev", rev), ("status", status), ("want", want), ("event", e.event.name())],
                ),
                None => wording(
                    t!(
                        "Deployment {id} of revision {rev} ended {status}, not {want}.",
                        "Deployment {id} của revision {rev} kết thúc ở {status}, không phải {want}."
                    ),
                    &[("id", id), ("rev", rev), ("status", status), ("want", want)],
                ),
            }
        };
        return unmet(input, w);
    }
    if let Some(want) = &c.failed_event {
        match failed_event(&d.run) {
            None => {
                return unmet(
                    input,
                    wording(
                        t!(
                            "In deployment {id}, no lifecycle event failed: {want} was meant to.",
                            "Trong deployment {id}, không có lifecycle event nào thất bại: lẽ ra {want} phải thất bại."
                        ),
                        &[("id", id), ("want", want)],
                    ),
                )
            }
            Some(e) if e.event.name() != want => {
                return unmet(
                    input,
                    wording(
                        t!(
                            "Deployment {id} failed at {event}, not at {want}: {failure}",
                            "Deployment {id} thất bại ở {event}, không phải ở {want}: {failure}"
                        ),
                        &[("id", id), ("event", e.event.name()), ("want", want), ("failure", &failure(&d.run))],
                    ),
                )
            }
            Some(_) => {}
        }
    }
    if let Some(want) = &c.error_code {
        let got = failed_event(&d.run)
            .and_then(|e| e.diagnostics.as_ref())
            .map(|x| x.error_code.name());
        if got != Some(want.as_str()) {
            return unmet(
                input,
                wording(
                    t!(
                        "Deployment {id} has no lifecycle event that failed with {want}: {failure}",
                        "Deployment {id} không có lifecycle event nào thất bại với {want}: {failure}"
                    ),
                    &[("id", id), ("want", want), ("failure", &failure(&d.run))],
                ),
            );
        }
    }
    if let Some(w) = scripts_differ(c, d, g) {
        return unmet(input, w);
    }
    if let Some(want) = &c.rollback {
        let w = match &d.run.rollback {
            None if d.run.status == DeploymentStatus::Succeeded => Some(wording(
                t!(
                    "Deployment {id} of revision {rev} Succeeded, so nothing was rolled back.",
                    "Deployment {id} của revision {rev} đã Succeeded, nên không có gì được rollback."
                ),
                &[("id", id), ("rev", rev)],
            )),
            None => Some(wording(
                t!(
                    "Deployment {id} of revision {rev} ended {status} and no rollback deployment followed.",
                    "Deployment {id} của revision {rev} kết thúc ở {status} và không có rollback deployment nào theo sau."
                ),
                &[("id", id), ("rev", rev), ("status", status)],
            )),
            Some(rb) if rb.revision != *want => Some(wording(
                t!(
                    "Rollback deployment {rid} redeployed revision {got}, not {want}.",
                    "Rollback deployment {rid} đã triển khai lại revision {got}, không phải {want}."
                ),
                &[("rid", &rb.id), ("got", &rb.revision), ("want", want)],
            )),
            Some(rb) if rb.status != DeploymentStatus::Succeeded => Some(wording(
                t!(
                    "Rollback deployment {rid} ended {status}: {failure}",
                    "Rollback deployment {rid} kết thúc ở {status}: {failure}"
                ),
                &[("rid", &rb.id), ("status", rb.status.name()), ("failure", &failure(rb))],
            )),
            Some(_) => None,
        };
        if let Some(w) = w {
            return unmet(input, w);
        }
    }
    Graded::new(input, Verdict::Correct)
}

pub(super) fn grade(check: &AppspecCheck, groups: &Groups, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(text) = crate::answer::text(answers, input) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    match check {
        AppspecCheck::Valid(_) => match refusal(&validate(text)) {
            None => Graded::new(input, Verdict::Correct),
            Some(w) => unmet(input, w),
        },
        AppspecCheck::Deployment(c) => match groups.get(&c.group) {
            Some(g) => grade_deployment(c, g, text),
            None => Graded::new(input, Verdict::NoEngineValue),
        },
    }
}

// The panel: the console's views.

fn deployment_tone(s: DeploymentStatus) -> Tone {
    match s {
        DeploymentStatus::Succeeded => Tone::Good,
        DeploymentStatus::Failed => Tone::Bad,
        DeploymentStatus::Stopped => Tone::Warn,
        DeploymentStatus::InProgress | DeploymentStatus::Baking => Tone::Busy,
        _ => Tone::Plain,
    }
}

fn event_tone(s: EventStatus) -> Tone {
    match s {
        EventStatus::Succeeded => Tone::Good,
        EventStatus::Failed => Tone::Bad,
        EventStatus::InProgress => Tone::Busy,
        EventStatus::Unknown => Tone::Warn,
        EventStatus::Pending | EventStatus::Skipped => Tone::Plain,
    }
}

fn seconds(s: u32) -> String {
    format!("{s} s")
}

fn dash() -> Cell {
    Cell::plain("—")
}

/// The lifecycle events of a deployment, as the console's table lists them.
fn events_table(d: &DeploymentRun, previous: &str, lang: Lang) -> Block {
    let rows = d
        .events
        .iter()
        .map(|e| {
            let scripts: Vec<String> = e.scripts.iter().map(|s| s.location.clone()).collect();
            let script = if scripts.is_empty() {
                dash()
            } else if e.previous_revision {
                Cell::plain(
                    t!("{scripts} (from {previous})", "{scripts} (của {previous})").fill(
                        lang,
                        &[("scripts", &scripts.join(", ")), ("previous", &previous)],
                    ),
                )
            } else {
                Cell::plain(scripts.join(", "))
            };
            let code = match &e.diagnostics {
                Some(x) => Cell::new(x.error_code.name(), Tone::Bad),
                None => dash(),
            };
            vec![
                Cell::plain(e.event.name()),
                Cell::new(e.status.name(), event_tone(e.status)),
                Cell::plain(seconds(e.duration_s)),
                script,
                code,
            ]
        })
        .collect();
    Block::Table {
        caption: t!(
            "Deployment lifecycle events of {id}, in the order they ran",
            "Các deployment lifecycle event của {id}, theo thứ tự đã chạy"
        )
        .fill(lang, &[("id", &d.id)]),
        head: [
            t!("Event", "Sự kiện"),
            t!("Status", "Trạng thái"),
            t!("Duration", "Thời lượng"),
            t!("Script", "Script chạy"),
            t!("Error code", "Mã lỗi (error code)"),
        ]
        .iter()
        .map(|h| h.get(lang).to_string())
        .collect(),
        rows,
    }
}

/// A deployment's status line, its error and what failed.
fn status_notes(d: &DeploymentRun, lang: Lang, blocks: &mut Vec<Block>) {
    let mut text = t!(
        "Status: {status} ({meaning}). Duration: {duration}.",
        "Trạng thái: {status} ({meaning}). Thời lượng: {duration}."
    )
    .fill(
        lang,
        &[
            ("status", &d.status.name()),
            ("meaning", &words::deployment_status(d.status, lang)),
            ("duration", &seconds(d.duration_s)),
        ],
    );
    if let Some(code) = d.error {
        text.push(' ');
        text.push_str(
            &t!(
                "Error code: {code} ({meaning}).",
                "Mã lỗi: {code} ({meaning})."
            )
            .fill(
                lang,
                &[
                    ("code", &code.name()),
                    ("meaning", &error_meaning(code, lang)),
                ],
            ),
        );
    }
    blocks.push(Block::Note {
        tone: deployment_tone(d.status),
        text,
    });
    if let Some(e) = failed_event(d) {
        if let Some(x) = &e.diagnostics {
            blocks.push(Block::Note {
                tone: Tone::Bad,
                text: t!(
                    "{event} failed with {code} ({meaning}). The agent's message: {message}",
                    "{event} thất bại với {code} ({meaning}). Thông báo của agent: {message}"
                )
                .fill(
                    lang,
                    &[
                        ("event", &e.event.name()),
                        ("code", &x.error_code.name()),
                        ("meaning", &words::error_code(x.error_code, lang)),
                        ("message", &x.message),
                    ],
                ),
            });
        }
    }
}

fn error_meaning(code: DeploymentErrorCode, lang: Lang) -> &'static str {
    words::deployment_error(code, lang)
}

/// The files of `rev` that differ from `before`'s (all of them when `before` is `None`).
fn changed<'a>(
    rev: &'a RevisionDef,
    before: Option<&RevisionDef>,
) -> impl Iterator<Item = (&'a String, &'a String)> {
    let before = before.map(|b| b.files.clone()).unwrap_or_default();
    rev.files
        .iter()
        .filter(move |(p, t)| before.get(*p) != Some(*t))
}

fn group_panel(g: &GroupDef, text: &str, lang: Lang, panel: &mut Panel) {
    let blocks = &mut panel.blocks;
    blocks.push(Block::Heading(
        t!(
            "Application {app}, deployment group {group}",
            "Ứng dụng {app}, deployment group {group}"
        )
        .fill(lang, &[("app", &g.application), ("group", &g.id)]),
    ));
    let rollback = if auto_rollback(g).rolls_back_on(RollbackEvent::DeploymentFailure) {
        t!(
            "Automatic rollback when a deployment fails (DEPLOYMENT_FAILURE) is on: it is the deployment group's setting, not the appspec's.",
            "Automatic rollback khi một deployment thất bại (DEPLOYMENT_FAILURE) đang bật: đây là thiết lập của deployment group, không phải của appspec."
        )
    } else {
        t!(
            "Automatic rollback when a deployment fails is off: it is the deployment group's setting, not the appspec's.",
            "Automatic rollback khi một deployment thất bại đang tắt: đây là thiết lập của deployment group, không phải của appspec."
        )
    };
    let style = if g.load_balancer {
        t!(
            "Compute platform EC2/On-Premises, in-place deployment with a load balancer.",
            "Compute platform EC2/On-Premises, in-place deployment có load balancer."
        )
    } else {
        t!(
            "Compute platform EC2/On-Premises, in-place deployment without a load balancer.",
            "Compute platform EC2/On-Premises, in-place deployment không có load balancer."
        )
    };
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: format!("{} {}", style.get(lang), rollback.get(lang)),
    });

    let r = deploy(g, text);
    if r.report.diagnostics.is_empty() {
        blocks.push(Block::Note {
            tone: Tone::Good,
            text: t!(
                "Your appspec.yml has no findings.",
                "appspec.yml của bạn không có phát hiện nào."
            )
            .get(lang)
            .into(),
        });
    } else {
        blocks.push(Block::Table {
            caption: t!(
                "Your appspec.yml: findings",
                "appspec.yml của bạn: các phát hiện"
            )
            .get(lang)
            .into(),
            head: [
                t!("Line", "Dòng"),
                t!("Column", "Cột"),
                t!("Severity", "Mức độ"),
                t!("Message", "Thông báo"),
                t!("Rule", "Quy tắc"),
            ]
            .iter()
            .map(|h| h.get(lang).to_string())
            .collect(),
            rows: r
                .report
                .diagnostics
                .iter()
                .map(|d| {
                    let tone = match d.severity() {
                        Severity::Error => Tone::Bad,
                        Severity::Warning => Tone::Warn,
                    };
                    vec![
                        Cell::plain(d.pos.line.to_string()),
                        Cell::plain(d.pos.col.to_string()),
                        Cell::new(d.severity().name(), tone),
                        Cell::plain(words::message(d, lang)),
                        Cell::plain(d.rule.id()),
                    ]
                })
                .collect(),
        });
    }
    if let Some(why) = &r.refused {
        blocks.push(Block::Note {
            tone: Tone::Bad,
            text: t!(
                "No deployment ran with it. {why}",
                "Chưa có deployment nào chạy với nó. {why}"
            )
            .fill(lang, &[("why", &why.get(lang))]),
        });
    }

    // The deployment history, oldest first.
    let mut all: Vec<&DeploymentRun> = r.first.iter().collect();
    for d in &r.deployed {
        all.push(&d.run);
        if let Some(rb) = &d.run.rollback {
            all.push(rb);
        }
    }
    blocks.push(Block::Table {
        caption: t!(
            "Deployments of {group}, oldest first",
            "Các deployment của {group}, cũ nhất ở trên"
        )
        .fill(lang, &[("group", &g.id)]),
        head: [
            t!("Deployment ID", "ID của deployment"),
            t!("Revision", "Phiên bản (revision)"),
            t!("Initiated by", "Khởi tạo bởi"),
            t!("Status", "Trạng thái"),
            t!("Duration", "Thời lượng"),
            t!("Error code", "Mã lỗi (error code)"),
        ]
        .iter()
        .map(|h| h.get(lang).to_string())
        .collect(),
        rows: all
            .iter()
            .map(|d| {
                vec![
                    Cell::plain(d.id.clone()),
                    Cell::plain(d.revision.clone()),
                    Cell::plain(d.creator.name()),
                    Cell::new(d.status.name(), deployment_tone(d.status)),
                    Cell::plain(seconds(d.duration_s)),
                    d.error
                        .map_or_else(dash, |e| Cell::new(e.name(), Tone::Bad)),
                ]
            })
            .collect(),
    });

    // Each deployment with the learner's appspec, and its rollback.
    for d in &r.deployed {
        let title = g.revision(&d.revision).map_or("", |x| x.title.as_str());
        blocks.push(Block::Heading(
            t!(
                "Deployment {id}: revision {rev} ({title})",
                "Lần triển khai {id}: revision {rev} ({title})"
            )
            .fill(
                lang,
                &[("id", &d.run.id), ("rev", &d.revision), ("title", &title)],
            ),
        ));
        blocks.push(Block::Note {
            tone: Tone::Plain,
            text: t!(
                "Deployed with your appspec.yml. The previous successful revision is {previous}: ApplicationStop, BeforeBlockTraffic and AfterBlockTraffic run the scripts of its appspec.",
                "Triển khai với appspec.yml của bạn. Revision thành công trước đó là {previous}: ApplicationStop, BeforeBlockTraffic và AfterBlockTraffic chạy script theo appspec của nó."
            )
            .fill(lang, &[("previous", &d.previous)]),
        });
        status_notes(&d.run, lang, blocks);
        blocks.push(events_table(&d.run, &d.previous, lang));
        if let Some(rb) = &d.run.rollback {
            blocks.push(Block::Heading(
                t!(
                    "Rollback deployment {rid}: revision {rev}",
                    "Rollback deployment {rid}: triển khai lại revision {rev}"
                )
                .fill(lang, &[("rid", &rb.id), ("rev", &rb.revision)]),
            ));
            blocks.push(Block::Note {
                tone: Tone::Plain,
                text: t!(
                    "Initiated by codeDeployRollback: {id} failed, and the deployment group rolls back on DEPLOYMENT_FAILURE, so CodeDeploy redeployed {rev}, the last successful revision, as a new deployment.",
                    "Khởi tạo bởi codeDeployRollback: {id} thất bại, và deployment group rollback khi có DEPLOYMENT_FAILURE, nên CodeDeploy triển khai lại {rev}, revision thành công gần nhất, như một deployment mới."
                )
                .fill(lang, &[("id", &d.run.id), ("rev", &rb.revision)]),
            });
            status_notes(rb, lang, blocks);
            // Its ApplicationStop ran the scripts the agent last installed: the failed
            // revision's once its Install succeeded (see `engine::codedeploy::run`).
            let installed =
                d.run.events.iter().any(|e| {
                    e.event == LifecycleEvent::Install && e.status == EventStatus::Succeeded
                });
            let source = if installed { &d.revision } else { &d.previous };
            blocks.push(events_table(rb, source, lang));
        }
    }

    // The revisions' files, after what happened to them.
    let mut before: Option<&RevisionDef> = None;
    for (i, rev) in g.revisions.iter().enumerate() {
        if i == 0 {
            if let Some(a) = &rev.appspec {
                blocks.push(Block::Code {
                    label: t!(
                        "Revision {rev} (the last good one, deployed before you): appspec.yml",
                        "Revision {rev} (bản tốt gần nhất, đã triển khai trước bạn): appspec.yml"
                    )
                    .fill(lang, &[("rev", &rev.id)]),
                    text: a.clone(),
                });
            }
        } else {
            for (path, body) in changed(rev, if i == 1 { None } else { before }) {
                let label = if i == 1 {
                    t!("Revision {rev}: {path}", "Revision {rev}: file {path}")
                        .fill(lang, &[("rev", &rev.id), ("path", path)])
                } else {
                    t!(
                        "Revision {rev}: {path} (changed since {before})",
                        "Revision {rev}: {path} (đã đổi so với {before})"
                    )
                    .fill(
                        lang,
                        &[
                            ("rev", &rev.id),
                            ("path", path),
                            ("before", &before.map_or("", |b| b.id.as_str())),
                        ],
                    )
                };
                blocks.push(Block::Code {
                    label,
                    text: body.clone(),
                });
            }
        }
        before = Some(rev);
    }
}

pub(super) fn panel(
    groups: &Groups,
    lab: &LabView<'_>,
    answers: &Answers,
    _focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for g in &groups.groups {
        // Before the learner edits, the editor holds the starter: show what it deploys.
        let text = crate::answer::text(answers, &g.input)
            .map(str::to_string)
            .or_else(|| match lab.input(&g.input).map(|i| &i.kind) {
                Some(InputKind::Template { starter }) => Some(starter.clone()),
                _ => None,
            });
        group_panel(g, text.as_deref().unwrap_or(""), lang, panel);
    }
}
