//! Deploying the lab's image to the learner's ECS service (`engine::rollout`), grading the
//! deployment, and showing it as the ECS console does: the deployment's status, the tasks
//! as they start, pass their health checks, fail and drain, the healthy tasks over time and
//! the service's events.
use engine::deploy::Traffic;
use engine::ecs::{validate_service, Controller, Service, ServiceReport, Severity, Strategy};
use engine::rollout::{
    simulate, CircuitBreaker, EcsService, EcsStatus, EcsStrategy, Health, Image, ImageFault,
    Outcome, Platform, PlatformKind, Run, Scenario, StopReason, UnitStatus,
};

use super::{DeployCheck, EcsCheck, Fault, ServiceDef, Services};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::containers::{ecs as ecs_words, rollout as words};
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{Lang, Wording, T};
use crate::panel::{Block, Cell, Drawing, Panel, Shape, Tone};

/// The file name findings are reported against.
const FILE: &str = "service.json";
/// When the lab deploys the new image, seconds into the run.
const DEPLOY_AT_S: u32 = 60;
/// Seconds to provision a Fargate task (an approximation).
const FARGATE_PROVISION_S: u32 = 40;

/// Why the learner's service cannot be deployed in this lab, in words.
fn unfit(def: &ServiceDef, s: &Service, lang: Lang) -> Option<String> {
    if s.name != def.name {
        return Some(
            t!(
                "This lab deploys to the service \"{want}\": set serviceName to it (not \"{got}\").",
                "Bài lab này deploy lên service \"{want}\": hãy đặt serviceName là tên đó (không phải \"{got}\")."
            )
            .fill(lang, &[("want", &def.name), ("got", &s.name)]),
        );
    }
    if s.controller != Controller::Ecs {
        return Some(
            t!(
                "This lab deploys with the ECS deployment controller: leave deploymentController out or set its type to ECS.",
                "Bài lab này deploy bằng deployment controller ECS: hãy bỏ deploymentController hoặc đặt type là ECS."
            )
            .get(lang)
            .to_string(),
        );
    }
    if matches!(s.strategy, Strategy::Linear | Strategy::Canary) {
        return Some(
            t!(
                "This lab simulates the ROLLING and BLUE_GREEN strategies only.",
                "Bài lab này chỉ mô phỏng strategy ROLLING và BLUE_GREEN."
            )
            .get(lang)
            .to_string(),
        );
    }
    if s.desired_count == 0 || s.desired_count > 50 {
        return Some(
            t!(
                "This lab runs 1 to 50 tasks: desiredCount is {n}.",
                "Bài lab này chạy từ 1 đến 50 task: desiredCount đang là {n}."
            )
            .fill(lang, &[("n", &s.desired_count)]),
        );
    }
    None
}

/// The simulation of the lab's deployment on the learner's service.
fn scenario(def: &ServiceDef, s: &Service) -> Scenario {
    let strategy = match s.strategy {
        Strategy::BlueGreen => EcsStrategy::BlueGreen {
            bake_time_s: s.bake_time_minutes.unwrap_or(0).saturating_mul(60),
            failing_hook: None,
        },
        _ => EcsStrategy::Rolling,
    };
    let mut sc = Scenario::new(Platform::Ecs(EcsService {
        desired_count: s.desired_count,
        minimum_healthy_percent: s.min_healthy_percent,
        maximum_percent: s.max_percent,
        health_check_grace_period_s: s.grace_period_s,
        circuit_breaker: s.circuit_breaker.as_ref().map(|c| CircuitBreaker {
            rollback: c.rollback,
        }),
        strategy,
        ..EcsService::default()
    }));
    sc.seed = def.seed;
    sc.duration_s = def.minutes * 60;
    sc.traffic = Traffic::Steady {
        rps: f64::from(def.requests_per_second),
    };
    sc.capacity_rps = f64::from(def.capacity_per_task);
    let mb = f64::from(def.image_mb);
    sc.current = Image::good(def.current.clone(), mb);
    let fault = match def.fault {
        Fault::None => ImageFault::None,
        Fault::Crash => ImageFault::CrashOnStart { exit_code: 1 },
        Fault::Unhealthy => ImageFault::FailsHealthCheck,
    };
    sc.next = Some(Image::good(def.next.clone(), mb).with_fault(fault));
    sc.deploy_at_s = DEPLOY_AT_S;
    // Fargate's task start: scheduling and attaching the network interface take tens of
    // seconds (this app's approximation, as the lab says).
    sc.timing.provision_s = FARGATE_PROVISION_S;
    sc
}

/// What the learner's definition gives: its findings, and the deployment when it can run.
struct Deployed {
    report: ServiceReport,
    unfit: Option<Wording>,
    run: Option<Run>,
}

fn deploy(def: &ServiceDef, text: &str) -> Deployed {
    let report = validate_service(text);
    let mut out = Deployed {
        report,
        unfit: None,
        run: None,
    };
    if out.report.has_errors() {
        return out;
    }
    let Some(s) = out.report.service.clone() else {
        return out;
    };
    if unfit(def, &s, Lang::En).is_some() {
        out.unfit = Some(Wording::each(|l| unfit(def, &s, l).unwrap_or_default()));
        return out;
    }
    out.run = simulate(&scenario(def, &s)).ok();
    out
}

fn outcome_code(o: Outcome) -> &'static str {
    match o {
        Outcome::Completed => "COMPLETED",
        Outcome::RolledBack => "ROLLED_BACK",
        Outcome::Failed => "FAILED",
        Outcome::Stalled => "STALLED",
        Outcome::InProgress => "IN_PROGRESS",
        Outcome::NoDeployment => "NO_DEPLOYMENT",
    }
}

fn each(say: impl Fn(Lang) -> String) -> Verdict {
    Verdict::Unmet(Wording::each(say))
}

/// What a deployment misses of a check, in words; empty when it meets it.
fn missing(c: &DeployCheck, run: &Run, lang: Lang) -> Vec<String> {
    let s = &run.summary;
    let mut out = Vec::new();
    if let Some(want) = &c.outcome {
        if outcome_code(s.outcome) != want {
            out.push(
                t!(
                    "the deployment must end {want}; it ended: {got}",
                    "deployment phải kết thúc với {want}; kết quả thực tế: {got}"
                )
                .fill(
                    lang,
                    &[
                        ("got", &words::outcome(s.outcome, PlatformKind::Ecs, lang)),
                        ("want", want),
                    ],
                ),
            );
        }
    }
    if let (Some(want), Some(got)) = (c.min_healthy, s.min_healthy_during_deploy) {
        if got < want {
            out.push(
                t!(
                    "only {got} tasks were healthy at the worst moment of the deployment; at least {want} must stay healthy",
                    "lúc tệ nhất của deployment chỉ còn {got} task healthy; phải luôn có ít nhất {want} task healthy"
                )
                .fill(lang, &[("got", &got), ("want", &want)]),
            );
        }
    }
    if let Some(max) = c.max_5xx_percent {
        let worst = s.max_5xx_rate * 100.0;
        if worst > max {
            out.push(
                t!(
                    "in its worst second {rate}% of the requests got a 5xx (at most {max}% allowed)",
                    "trong giây tệ nhất, {rate}% request nhận 5xx (tối đa cho phép {max}%)"
                )
                .fill(
                    lang,
                    &[
                        ("rate", &crate::lang::number(worst, 1, lang)),
                        ("max", &crate::lang::number(max, 1, lang)),
                    ],
                ),
            );
        }
    }
    if let Some(limit) = c.within_minutes {
        match s.time_to_finish_s {
            Some(t) if t <= limit * 60 => {}
            Some(t) => out.push(
                t!(
                    "it took {m} minutes to end (at most {limit})",
                    "nó mất {m} phút mới kết thúc (tối đa {limit})"
                )
                .fill(
                    lang,
                    &[
                        ("m", &crate::lang::number(f64::from(t) / 60.0, 1, lang)),
                        ("limit", &limit),
                    ],
                ),
            ),
            None => out.push(
                t!(
                    "it had not ended after {m} minutes",
                    "sau {m} phút nó vẫn chưa kết thúc"
                )
                .fill(lang, &[("m", &(run.series.len() / 60))]),
            ),
        }
    }
    out
}

fn first_error(report: &ServiceReport, lang: Lang) -> String {
    report
        .diagnostics
        .iter()
        .find(|d| d.severity() == Severity::Error)
        .map(|d| ecs_words::line(FILE, d, lang))
        .unwrap_or_default()
}

pub(super) fn grade(check: &EcsCheck, all: &Services, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(text) = crate::answer::text(answers, input) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    let Some(def) = all.get(check.service()) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let d = deploy(def, text);
    let verdict = if d.report.has_errors() || d.report.service.is_none() {
        each(|l| first_error(&d.report, l))
    } else if let Some(w) = &d.unfit {
        Verdict::Unmet(w.clone())
    } else {
        match (check, &d.run) {
            (EcsCheck::Valid(_), _) => Verdict::Correct,
            (EcsCheck::Deploy(_), None) => Verdict::NoEngineValue,
            (EcsCheck::Deploy(c), Some(run)) => {
                if missing(c, run, Lang::En).is_empty() {
                    Verdict::Correct
                } else {
                    each(|l| missing(c, run, l).join("; "))
                }
            }
        }
    };
    Graded::new(input, verdict)
}

pub(super) fn validate_items(all: &Services, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for s in &all.services {
        match lab.input(&s.input).map(|i| &i.kind) {
            Some(InputKind::Template { .. }) => {}
            Some(_) => problems.push(format!(
                "service \"{}\": input \"{}\" is not a template input",
                s.name, s.input
            )),
            None => problems.push(format!(
                "service \"{}\": there is no input \"{}\"",
                s.name, s.input
            )),
        }
    }
    problems
}

/// The drawing's geometry: a label column, then time across.
const LEFT: u32 = 90;
const WIDTH: u32 = 520;
const ROW: u32 = 14;
/// The most tasks drawn; the rest are counted.
const MAX_ROWS: usize = 28;

/// A task's colour at one moment: starting (blue), serving (green), failing (red),
/// draining or stopping (orange); gone (none).
/// A task whose container exited on its own (`failed`) stops in red, not orange.
fn tone_of(status: UnitStatus, health: Health, failed: bool) -> Option<Tone> {
    let UnitStatus::Task(s) = status else {
        return None;
    };
    let stopping = if failed { Tone::Bad } else { Tone::Warn };
    match (s, health) {
        (EcsStatus::Stopped, _) => None,
        (_, Health::Unhealthy) => Some(Tone::Bad),
        (EcsStatus::Running, Health::Healthy) => Some(Tone::Good),
        (EcsStatus::Deactivating | EcsStatus::Stopping | EcsStatus::Deprovisioning, _) => {
            Some(stopping)
        }
        (_, Health::Draining) => Some(stopping),
        _ => Some(Tone::Busy),
    }
}

/// The tasks over time, one row each, and the healthy tasks by image below.
fn tasks_drawing(def: &ServiceDef, run: &Run, lang: Lang) -> Drawing {
    // From the start to two minutes after the deployment ends (the whole run if it never
    // does), at least three minutes after it starts.
    let run_s = (run.series.len() as u32).max(1);
    let total_s = run
        .summary
        .finished_s
        .map_or(run_s, |f| (f + 120).max(DEPLOY_AT_S + 180))
        .min(run_s);
    let x =
        |t: u32| LEFT + (u64::from(t.min(total_s)) * u64::from(WIDTH) / u64::from(total_s)) as u32;
    let mut shapes = Vec::new();
    let rows = run.units.len().min(MAX_ROWS);
    for (row, u) in run.units.iter().take(MAX_ROWS).enumerate() {
        let y = 4 + row as u32 * ROW;
        // Version 0 is the image running before the deployment, 1 the one deployed.
        let image = if u.version == 0 {
            &def.current
        } else {
            &def.next
        };
        shapes.push(Shape::Label {
            x: 0,
            y: y + 10,
            text: image
                .rsplit(':')
                .next()
                .map_or(image.clone(), |t| format!(":{t}")),
            tone: Tone::Plain,
        });
        let failed = matches!(
            u.stop_reason,
            Some(StopReason::EssentialContainerExited | StopReason::FailedElbHealthChecks)
        );
        for (i, ch) in u.changes.iter().enumerate() {
            let end = u.changes.get(i + 1).map_or(total_s, |n| n.t);
            if let Some(tone) = tone_of(ch.status, ch.health, failed) {
                let (x0, x1) = (x(ch.t), x(end));
                if x1 > x0 {
                    shapes.push(Shape::Bar {
                        x: x0,
                        y,
                        width: x1 - x0,
                        height: ROW - 4,
                        tone,
                    });
                }
            }
        }
    }
    let mut y = 4 + rows as u32 * ROW + 6;
    if run.units.len() > MAX_ROWS {
        shapes.push(Shape::Label {
            x: LEFT,
            y: y + 10,
            text: t!(
                "and {n} more tasks, not drawn",
                "và {n} task nữa, không vẽ ra"
            )
            .fill(lang, &[("n", &(run.units.len() - MAX_ROWS))]),
            tone: Tone::Plain,
        });
        y += 18;
    }
    // Healthy tasks by image over time (the desired count as the scale).
    let top = y + 8;
    let height = 80u32;
    let scale = run
        .series
        .iter()
        .map(|t| t.desired.max(t.healthy[0] + t.healthy[1]))
        .max()
        .unwrap_or(1)
        .max(1);
    let yv = |v: u32| {
        top + height - (u64::from(v.min(scale)) * u64::from(height) / u64::from(scale)) as u32
    };
    for (version, tone) in [(0usize, Tone::Plain), (1, Tone::Good)] {
        let mut path = String::new();
        let step = (total_s as usize / WIDTH as usize).max(1);
        for (i, tick) in run
            .series
            .iter()
            .take(total_s as usize)
            .enumerate()
            .step_by(step)
        {
            let cmd = if i == 0 { 'M' } else { 'L' };
            path.push_str(&format!(
                "{cmd}{} {} ",
                x(tick.t),
                yv(tick.healthy[version])
            ));
        }
        shapes.push(Shape::Line { path, tone });
    }
    shapes.push(Shape::Label {
        x: 0,
        y: top + 10,
        text: t!("healthy", "task healthy").get(lang).to_string(),
        tone: Tone::Plain,
    });
    // The time axis: the run's start and the drawing's end.
    for (at, text) in [(LEFT, clock(0)), (LEFT + WIDTH - 30, clock(total_s))] {
        shapes.push(Shape::Label {
            x: at,
            y: top + height + 16,
            text,
            tone: Tone::Plain,
        });
    }
    Drawing {
        width: LEFT + WIDTH + 10,
        height: top + height + 22,
        label: t!(
            "The service's tasks over the run, and its healthy tasks by image",
            "Các task của service trong suốt lần chạy, và số task healthy theo image"
        )
        .get(lang)
        .to_string(),
        shapes,
    }
}

/// Seconds → `m:ss` from the run's start.
fn clock(t: u32) -> String {
    format!("{}:{:02}", t / 60, t % 60)
}

fn service_panel(def: &ServiceDef, text: &str, lang: Lang, panel: &mut Panel) {
    let blocks = &mut panel.blocks;
    blocks.push(Block::Heading(
        t!(
            "Service {name} (cluster {cluster}): deploying {next} over {current}",
            "Service {name} (cluster {cluster}): triển khai {next} thay cho {current}"
        )
        .fill(
            lang,
            &[
                ("name", &def.name),
                ("cluster", &def.cluster),
                ("next", &def.next),
                ("current", &def.current),
            ],
        ),
    ));
    let d = deploy(def, text);
    for f in d.report.diagnostics.iter().take(8) {
        let tone = if f.severity() == Severity::Error {
            Tone::Bad
        } else {
            Tone::Warn
        };
        blocks.push(Block::Note {
            tone,
            text: ecs_words::line(FILE, f, lang),
        });
    }
    if let Some(w) = &d.unfit {
        blocks.push(Block::Note {
            tone: Tone::Bad,
            text: w.get(lang).to_string(),
        });
    }
    let Some(run) = d.run else {
        if d.unfit.is_none() {
            blocks.push(Block::Note {
                tone: Tone::Plain,
                text: t!(
                    "Fix the definition's errors: the deployment runs once it validates.",
                    "Hãy sửa các lỗi của definition: deployment sẽ chạy khi definition hợp lệ."
                )
                .get(lang)
                .into(),
            });
        }
        return;
    };
    let tone = match run.summary.outcome {
        Outcome::Completed | Outcome::RolledBack => Tone::Good,
        Outcome::Failed | Outcome::Stalled => Tone::Bad,
        _ => Tone::Busy,
    };
    blocks.push(Block::Note {
        tone,
        text: words::summary(&run.summary, PlatformKind::Ecs, lang),
    });
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: t!(
            "Each row a task: blue starting, green healthy, red failing (its container exited, or its health checks fail), orange draining or stopping. Below, the healthy tasks of {current} (gray) and {next} (green).",
            "Mỗi hàng một task: xanh dương đang khởi động, xanh lá healthy, đỏ bị lỗi (container đã thoát, hoặc không qua health check), cam đang drain hoặc dừng. Bên dưới là số task healthy của {current} (xám) và {next} (xanh lá)."
        )
        .fill(lang, &[("current", &def.current), ("next", &def.next)]),
    });
    blocks.push(Block::Drawing(tasks_drawing(def, &run, lang)));
    let rows: Vec<Vec<Cell>> = run
        .events
        .iter()
        .rev()
        .take(30)
        .map(|e| {
            vec![
                Cell::plain(clock(e.t)),
                Cell::plain(words::event(e, PlatformKind::Ecs, lang)),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        caption: t!(
            "Service events, newest first (the deployment starts at 1:00)",
            "Các sự kiện của service, mới nhất trước (deployment bắt đầu lúc 1:00)"
        )
        .get(lang)
        .into(),
        head: vec![
            t!("Time", "Thời điểm").get(lang).to_string(),
            t!("Message", "Thông báo").get(lang).to_string(),
        ],
        rows,
    });
}

pub(super) fn panel(
    all: &Services,
    lab: &LabView<'_>,
    answers: &Answers,
    _focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for s in &all.services {
        // Before the learner edits, the editor holds the starter: deploy that.
        let text = crate::answer::text(answers, &s.input)
            .map(str::to_string)
            .or_else(|| match lab.input(&s.input).map(|i| &i.kind) {
                Some(InputKind::Template { starter }) => Some(starter.clone()),
                _ => None,
            });
        service_panel(s, text.as_deref().unwrap_or(""), lang, panel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> ServiceDef {
        ServiceDef {
            name: "shop-api".into(),
            cluster: "shop".into(),
            input: "service".into(),
            current: "shop-api:7".into(),
            next: "shop-api:8".into(),
            fault: Fault::Crash,
            image_mb: 180,
            requests_per_second: 300,
            capacity_per_task: 120,
            minutes: 30,
            seed: 7,
        }
    }

    fn service(extra: &str) -> String {
        format!(
            r#"{{"cluster": "shop", "serviceName": "shop-api", "taskDefinition": "shop-api:8", "desiredCount": 4, "launchType": "FARGATE", "networkConfiguration": {{"awsvpcConfiguration": {{"subnets": ["subnet-0a1b2c3d"]}}}}{extra}}}"#
        )
    }

    #[test]
    fn a_crashing_image_rolls_back_with_the_breaker_and_never_ends_without() {
        let with = deploy(
            &def(),
            &service(
                r#", "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}"#,
            ),
        );
        let run = with.run.expect("runs");
        assert_eq!(run.summary.outcome, Outcome::RolledBack);
        let without = deploy(&def(), &service(""));
        assert_eq!(without.run.expect("runs").summary.outcome, Outcome::Stalled);
        // The drawing has a bar per task state and the two series.
        let d = tasks_drawing(&def(), &run, Lang::En);
        assert!(d.shapes.iter().any(|s| matches!(
            s,
            Shape::Bar {
                tone: Tone::Good,
                ..
            }
        )));
        assert_eq!(
            d.shapes
                .iter()
                .filter(|s| matches!(s, Shape::Line { .. }))
                .count(),
            2
        );
    }

    #[test]
    fn another_service_or_controller_is_named() {
        let d = deploy(&def(), &service("").replace("shop-api\"", "web\""));
        assert!(d.run.is_none());
        assert!(d.unfit.unwrap().get(Lang::En).contains("\"shop-api\""));
        let d = deploy(
            &def(),
            &service(r#", "deploymentController": {"type": "CODE_DEPLOY"}"#),
        );
        assert!(d.unfit.is_some());
    }
}
