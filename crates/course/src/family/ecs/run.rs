//! Deploying the lab's image to the learner's ECS service (`engine::rollout`), grading the
//! deployment, and showing it as the ECS console does: the deployment's status, the tasks
//! as they start, pass their health checks, fail and drain, the healthy tasks over time and
//! the service's events.
use engine::ecs::{validate_service, Controller, Service, ServiceReport, Severity, Strategy};
use engine::rollout::{
    simulate, CircuitBreaker, EcsService, EcsStatus, EcsStrategy, Health, ImageFault, Outcome,
    Platform, PlatformKind, Run, Scenario, StopReason, UnitChange, UnitRecord, UnitStatus,
};

use super::{DeployCheck, EcsCheck, Fault, ServiceDef, Services};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::containers::{ecs as ecs_words, rollout as words};
use crate::family::rollout_view::{self as view, Bounds, Look, MissWords, Paint};
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{Lang, Wording, T};
#[cfg(test)]
use crate::panel::Shape;
use crate::panel::{Block, Drawing, Panel, Tone};

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
    let platform = Platform::Ecs(EcsService {
        desired_count: s.desired_count,
        minimum_healthy_percent: s.min_healthy_percent,
        maximum_percent: s.max_percent,
        health_check_grace_period_s: s.grace_period_s,
        circuit_breaker: s.circuit_breaker.as_ref().map(|c| CircuitBreaker {
            rollback: c.rollback,
        }),
        strategy,
        ..EcsService::default()
    });
    let fault = match def.fault {
        Fault::None => ImageFault::None,
        Fault::Crash => ImageFault::CrashOnStart { exit_code: 1 },
        Fault::Unhealthy => ImageFault::FailsHealthCheck,
    };
    view::scenario(
        platform,
        &view::Deploying {
            seed: def.seed,
            minutes: def.minutes,
            requests_per_second: def.requests_per_second,
            capacity: def.capacity_per_task,
            current: &def.current,
            next: &def.next,
            image_mb: def.image_mb,
            fault,
            deploy_at_s: DEPLOY_AT_S,
            // Fargate's task start: scheduling and attaching the network interface take
            // tens of seconds (this app's approximation, as the lab says).
            provision_s: FARGATE_PROVISION_S,
        },
    )
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

fn each(say: impl Fn(Lang) -> String) -> Verdict {
    Verdict::Unmet(Wording::each(say))
}

/// The ECS family's words for what a deployment misses.
const MISS: MissWords = MissWords {
    outcome: t!(
        "the deployment must end {want}; it ended: {got}",
        "deployment phải kết thúc với {want}; kết quả thực tế: {got}"
    ),
    min_serving: t!(
        "only {got} tasks were healthy at the worst moment of the deployment; at least {want} must stay healthy",
        "lúc tệ nhất của deployment chỉ còn {got} task healthy; phải luôn có ít nhất {want} task healthy"
    ),
    max_units: None,
};

/// What a deployment misses of a check, in words; empty when it meets it.
fn missing(c: &DeployCheck, run: &Run, lang: Lang) -> Vec<String> {
    let bounds = Bounds {
        outcome: c.outcome.as_deref(),
        min_serving: c.min_healthy,
        max_units: None,
        max_5xx_percent: c.max_5xx_percent,
        within_minutes: c.within_minutes,
    };
    view::missing(&bounds, &MISS, run, PlatformKind::Ecs, lang)
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
    let paint = |u: &UnitRecord, ch: &UnitChange| {
        let failed = matches!(
            u.stop_reason,
            Some(StopReason::EssentialContainerExited | StopReason::FailedElbHealthChecks)
        );
        tone_of(ch.status, ch.health, failed).map(Paint::full)
    };
    let look = Look {
        images: [&def.current, &def.next],
        paint: &paint,
        more: t!(
            "and {n} more tasks, not drawn",
            "và {n} task nữa, không vẽ ra"
        ),
        serving: t!("healthy", "task healthy"),
        title: t!(
            "The service's tasks over the run, and its healthy tasks by image",
            "Các task của service trong suốt lần chạy, và số task healthy theo image"
        ),
        deploy_at_s: DEPLOY_AT_S,
        existing: None,
        limit: None,
    };
    view::units_drawing(run, &look, lang)
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
    blocks.extend(d.report.diagnostics.iter().take(8).map(|f| {
        Block::finding(
            f.severity() == Severity::Error,
            ecs_words::line(FILE, f, lang),
        )
    }));
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
            "Each row a task: blue starting, green healthy, red failing (its container exited, or its health checks fail), orange draining or stopping. Below, the healthy tasks of {current} (gray) and {next} (green), then what customers saw each second: the share of requests answered 5xx (red) and the p99 latency (blue).",
            "Mỗi hàng một task: xanh dương đang khởi động, xanh lá healthy, đỏ bị lỗi (container đã thoát, hoặc không qua health check), cam đang drain hoặc dừng. Bên dưới là số task healthy của {current} (xám) và {next} (xanh lá), rồi những gì khách hàng thấy mỗi giây: tỉ lệ request nhận 5xx (đỏ) và độ trễ p99 (xanh dương)."
        )
        .fill(lang, &[("current", &def.current), ("next", &def.next)]),
    });
    blocks.push(Block::Drawing(tasks_drawing(def, &run, lang)));
    blocks.push(view::events_table(
        &run,
        PlatformKind::Ecs,
        &|_| true,
        t!(
            "Service events, newest first (the deployment starts at 1:00)",
            "Các sự kiện của service, mới nhất trước (deployment bắt đầu lúc 1:00)"
        ),
        lang,
    ));
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
        // The drawing has a bar per task state, the two images' healthy tasks, and what
        // customers saw: the 5xx share (its worst second named) and the p99 latency.
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
            4
        );
        let worst = crate::lang::number(run.summary.max_5xx_rate * 100.0, 1, Lang::En);
        assert!(
            d.shapes
                .iter()
                .any(|s| matches!(s, Shape::Label { text, .. }
                if *text == format!("worst second of the run: {worst}% of requests"))),
            "{worst} {:?}",
            d.shapes
                .iter()
                .filter_map(|s| match s {
                    Shape::Label { text, .. } if text.contains("worst") => Some(text),
                    _ => None,
                })
                .collect::<Vec<_>>()
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
