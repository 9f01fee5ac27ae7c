//! Rolling the lab's image out to the learner's Deployment (`engine::k8s` reads the manifest,
//! `engine::rollout` runs the Deployment controller pod by pod on a node group with room for
//! a fixed number of pods), grading the rollout, and showing it as `kubectl` would: the pods
//! one row each (Pending, ContainerCreating, Running, Ready, CrashLoopBackOff, Terminating),
//! the Ready pods of each ReplicaSet against the node group's room, and the events.
use engine::k8s::{validate, Deployment, DeploymentStrategy, IntOrPercent, Report, Severity};
use engine::rollout::{
    simulate, EventKind, Health, ImageFault, K8sDeployment, K8sStrategy, Outcome, Platform,
    PlatformKind, PodStatus, Probe, Run, Scenario, UnitChange, UnitRecord, UnitStatus,
};

use super::{DeploymentDef, Deployments, Fault, K8sCheck, RolloutCheck};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::containers::{k8s as k8s_words, rollout as words};
use crate::family::rollout_view::{self as view, Bounds, Look, MissWords, Paint};
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{number, Lang, Wording, T};
use crate::panel::{Block, Drawing, Panel, Tone};

/// The file name findings are reported against.
const FILE: &str = "deployment.yaml";
/// When the lab applies the new image, seconds into the run.
const DEPLOY_AT_S: u32 = 60;
/// Seconds for the scheduler to bind a pod to a node with room (an approximation: the nodes
/// already run).
const SCHEDULE_S: u32 = 2;

/// Why the learner's manifest cannot be rolled out in this lab, in words.
fn unfit(def: &DeploymentDef, report: &Report, lang: Lang) -> Option<String> {
    let Some(d) = report.deployment(&def.name) else {
        let other = report.deployment("").map(|_| {
            report
                .objects
                .iter()
                .find(|o| o.kind == "Deployment")
                .map_or(String::new(), |o| o.name.clone())
        });
        return Some(match other {
            Some(got) => t!(
                "This lab rolls out the Deployment \"{want}\": set its metadata.name to it (not \"{got}\").",
                "Bài lab này rollout Deployment \"{want}\": hãy đặt metadata.name là tên đó (không phải \"{got}\")."
            )
            .fill(lang, &[("want", &def.name), ("got", &got)]),
            None => t!(
                "The manifest has no Deployment: this lab rolls out the Deployment \"{want}\".",
                "Manifest chưa có Deployment nào: bài lab này rollout Deployment \"{want}\"."
            )
            .fill(lang, &[("want", &def.name)]),
        });
    };
    let image = d.containers.first().map_or("", |c| c.image.as_str());
    if image != def.next {
        return Some(
            t!(
                "This lab rolls out the image {want}: set the container's image to it (it is \"{got}\").",
                "Bài lab này rollout image {want}: hãy đặt image của container là image đó (hiện đang là \"{got}\")."
            )
            .fill(lang, &[("want", &def.next), ("got", &image)]),
        );
    }
    if d.replicas == 0 || d.replicas > 50 {
        return Some(
            t!(
                "This lab runs 1 to 50 replicas: replicas is {n}.",
                "Bài lab này chạy từ 1 đến 50 replica: replicas đang là {n}."
            )
            .fill(lang, &[("n", &d.replicas)]),
        );
    }
    if d.readiness().is_none() {
        return Some(
            t!(
                "Keep the container's readinessProbe: without it a pod counts as Ready as soon as its container starts, before the application answers.",
                "Hãy giữ readinessProbe của container: thiếu nó, pod được tính là Ready ngay khi container khởi động, trước khi ứng dụng kịp trả lời."
            )
            .get(lang)
            .to_string(),
        );
    }
    None
}

/// The simulation of the lab's rollout on the learner's Deployment.
fn scenario(def: &DeploymentDef, d: &Deployment) -> Scenario {
    let (max_surge, max_unavailable) = d.surge_and_unavailable();
    let strategy = match d.strategy {
        DeploymentStrategy::Recreate => K8sStrategy::Recreate,
        DeploymentStrategy::RollingUpdate => K8sStrategy::RollingUpdate {
            max_surge,
            max_unavailable,
        },
    };
    let readiness = d.readiness().map_or(Probe::default(), |p| Probe {
        initial_delay_s: p.initial_delay_s,
        period_s: p.period_s.max(1),
        failure_threshold: p.failure_threshold.max(1),
        success_threshold: p.success_threshold.max(1),
    });
    let platform = Platform::Kubernetes(K8sDeployment {
        replicas: d.replicas,
        strategy,
        readiness,
        min_ready_seconds: d.min_ready_s,
        progress_deadline_seconds: d.progress_deadline_s,
        termination_grace_period_s: d.termination_grace_period_s,
        hpa: None,
        max_pods: def.max_pods,
    });
    let fault = match def.fault {
        Fault::None => ImageFault::None,
        Fault::Crash => ImageFault::CrashOnStart { exit_code: 1 },
        Fault::Unready => ImageFault::FailsHealthCheck,
    };
    view::scenario(
        platform,
        &view::Deploying {
            seed: def.seed,
            minutes: def.minutes,
            requests_per_second: def.requests_per_second,
            capacity: def.capacity_per_pod,
            current: &def.current,
            next: &def.next,
            image_mb: def.image_mb,
            fault,
            deploy_at_s: DEPLOY_AT_S,
            provision_s: SCHEDULE_S,
        },
    )
}

/// What the learner's manifest gives: its findings, and the rollout when it can run.
struct RolledOut {
    report: Report,
    unfit: Option<Wording>,
    deployment: Option<Deployment>,
    run: Option<Run>,
}

fn roll_out(def: &DeploymentDef, text: &str) -> RolledOut {
    let report = validate(text);
    let mut out = RolledOut {
        report,
        unfit: None,
        deployment: None,
        run: None,
    };
    if out.report.has_errors() {
        return out;
    }
    if unfit(def, &out.report, Lang::En).is_some() {
        let report = out.report.clone();
        out.unfit = Some(Wording::each(|l| {
            unfit(def, &report, l).unwrap_or_default()
        }));
        return out;
    }
    let Some(d) = out.report.deployment(&def.name).cloned() else {
        return out;
    };
    out.run = simulate(&scenario(def, &d)).ok();
    out.deployment = Some(d);
    out
}

fn each(say: impl Fn(Lang) -> String) -> Verdict {
    Verdict::Unmet(Wording::each(say))
}

/// The Kubernetes family's words for what a rollout misses.
const MISS: MissWords = MissWords {
    outcome: t!(
        "the rollout must end {want}; it ended: {got}",
        "rollout phải kết thúc với {want}; kết quả thực tế: {got}"
    ),
    min_serving: t!(
        "only {got} pods were Ready at the worst moment of the rollout; at least {want} must stay Ready",
        "lúc tệ nhất của rollout chỉ còn {got} pod Ready; phải luôn có ít nhất {want} pod Ready"
    ),
    max_units: Some(t!(
        "{got} pods existed at once (Terminating ones left out); the node group has room for {want}",
        "có lúc tồn tại {got} pod cùng lúc (không tính pod Terminating); node group chỉ có chỗ cho {want}"
    )),
};

/// What a rollout misses of a check, in words; empty when it meets it.
fn missing(c: &RolloutCheck, run: &Run, lang: Lang) -> Vec<String> {
    let bounds = Bounds {
        outcome: c.outcome.as_deref(),
        min_serving: c.min_ready,
        max_units: c.max_pods,
        max_5xx_percent: c.max_5xx_percent,
        within_minutes: c.within_minutes,
    };
    view::missing(&bounds, &MISS, run, PlatformKind::Kubernetes, lang)
}

fn first_error(report: &Report, lang: Lang) -> String {
    report
        .diagnostics
        .iter()
        .find(|d| d.severity() == Severity::Error)
        .map(|d| k8s_words::line(FILE, d, lang))
        .unwrap_or_default()
}

pub(super) fn grade(check: &K8sCheck, all: &Deployments, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(text) = crate::answer::text(answers, input) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    let Some(def) = all.get(check.deployment()) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let r = roll_out(def, text);
    let verdict = if r.report.has_errors() {
        each(|l| first_error(&r.report, l))
    } else if let Some(w) = &r.unfit {
        Verdict::Unmet(w.clone())
    } else {
        match (check, &r.run) {
            (K8sCheck::Valid(_), _) => Verdict::Correct,
            (K8sCheck::Rollout(_), None) => Verdict::NoEngineValue,
            (K8sCheck::Rollout(c), Some(run)) => {
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

pub(super) fn validate_items(all: &Deployments, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for d in &all.deployments {
        match lab.input(&d.input).map(|i| &i.kind) {
            Some(InputKind::Template { .. }) => {}
            Some(_) => problems.push(format!(
                "deployment \"{}\": input \"{}\" is not a template input",
                d.id, d.input
            )),
            None => problems.push(format!(
                "deployment \"{}\": there is no input \"{}\"",
                d.id, d.input
            )),
        }
        for input in &d.shown_with {
            if lab.input(input).is_none() {
                problems.push(format!(
                    "deployment \"{}\": shown_with names no input \"{input}\"",
                    d.id
                ));
            }
        }
    }
    problems
}

/// A pod's paint at one moment: Pending gray, ContainerCreating blue, Running but not yet
/// Ready thin blue, Ready green, readiness failing or CrashLoopBackOff red, Terminating
/// orange; deleted not drawn.
fn paint(status: UnitStatus, health: Health) -> Option<Paint> {
    let UnitStatus::Pod(s) = status else {
        return None;
    };
    Some(match (s, health) {
        (PodStatus::Deleted, _) => return None,
        (PodStatus::Pending, _) => Paint::full(Tone::Plain),
        (PodStatus::ContainerCreating, _) => Paint::full(Tone::Busy),
        (PodStatus::Running, Health::Healthy) => Paint::full(Tone::Good),
        (PodStatus::Running, Health::Unhealthy) | (PodStatus::CrashLoopBackOff, _) => {
            Paint::full(Tone::Bad)
        }
        (PodStatus::Running, _) => Paint {
            tone: Tone::Busy,
            thin: true,
        },
        (PodStatus::Terminating, _) => Paint::full(Tone::Warn),
    })
}

/// The pods over time, one row each, and the Ready pods by ReplicaSet below with the pods
/// that exist and the node group's room.
fn pods_drawing(def: &DeploymentDef, run: &Run, lang: Lang) -> Drawing {
    let paint = |_: &UnitRecord, ch: &UnitChange| paint(ch.status, ch.health);
    let look = Look {
        images: [&def.current, &def.next],
        paint: &paint,
        more: t!(
            "and {n} more pods, not drawn",
            "và {n} pod nữa, không vẽ ra"
        ),
        serving: t!("Ready", "pod Ready"),
        title: t!(
            "The Deployment's pods over the run, its Ready pods by ReplicaSet, and the node group's room",
            "Các pod của Deployment trong suốt lần chạy, số pod Ready theo ReplicaSet, và sức chứa của node group"
        ),
        deploy_at_s: DEPLOY_AT_S,
        existing: Some(t!("pods", "pod")),
        limit: def.max_pods.map(|n| {
            (
                n,
                t!("node group: room for {n} pods", "node group: chỗ cho {n} pod")
                    .fill(lang, &[("n", &n)]),
            )
        }),
    };
    view::units_drawing(run, &look, lang)
}

/// "maxSurge 25% of 10 = 2.5 → 3 (rounded up)", or "maxSurge 2" as written.
fn resolved(
    field: &str,
    value: IntOrPercent,
    replicas: u32,
    pods: u32,
    up: bool,
    lang: Lang,
) -> String {
    match value {
        IntOrPercent::Int(_) => format!("{field} {pods}"),
        IntOrPercent::Percent(p) => {
            let exact = f64::from(p) * f64::from(replicas) / 100.0;
            let rounding: T = if up {
                t!("rounded up", "làm tròn lên")
            } else {
                t!("rounded down", "làm tròn xuống")
            };
            t!(
                "{field} {p}% of {replicas} = {exact} → {pods} ({rounding})",
                "{field} {p}% của {replicas} = {exact} → {pods} ({rounding})"
            )
            .fill(
                lang,
                &[
                    ("field", &field),
                    ("p", &p),
                    ("replicas", &replicas),
                    (
                        "exact",
                        &number(exact, if exact.fract() == 0.0 { 0 } else { 1 }, lang),
                    ),
                    ("pods", &pods),
                    ("rounding", &rounding.get(lang)),
                ],
            )
        }
    }
}

/// The rollout's bounds in one line, with the rounding shown.
fn bounds_line(d: &Deployment, lang: Lang) -> String {
    if d.strategy == DeploymentStrategy::Recreate {
        return t!(
            "strategy Recreate: every old pod is deleted before the new ones are created",
            "strategy Recreate: mọi pod cũ bị xóa trước khi pod mới được tạo"
        )
        .get(lang)
        .to_string();
    }
    let (surge, unavailable) = d.surge_and_unavailable();
    t!(
        "RollingUpdate: {surge_text}; {unavailable_text}: at most {most} pods (replicas + maxSurge), at least {least} available (replicas − maxUnavailable)",
        "RollingUpdate: {surge_text}; {unavailable_text}: tối đa {most} pod (replicas + maxSurge), ít nhất {least} pod available (replicas − maxUnavailable)"
    )
    .fill(
        lang,
        &[
            (
                "surge_text",
                &resolved("maxSurge", d.max_surge, d.replicas, surge, true, lang),
            ),
            (
                "unavailable_text",
                &resolved(
                    "maxUnavailable",
                    d.max_unavailable,
                    d.replicas,
                    unavailable,
                    false,
                    lang,
                ),
            ),
            ("most", &(d.replicas + surge)),
            ("least", &d.replicas.saturating_sub(unavailable)),
        ],
    )
}

/// The rollout's result in one line.
fn summary(run: &Run, lang: Lang) -> String {
    let s = &run.summary;
    let time = s
        .time_to_finish_s
        .map_or_else(|| "—".to_string(), |t| number(f64::from(t) / 60.0, 1, lang));
    let min = s
        .min_healthy_during_deploy
        .map_or_else(|| "—".to_string(), |m| m.to_string());
    // A stalled rollout has not ended: the controller gave up reporting progress.
    let ended = if s.outcome == engine::rollout::Outcome::Stalled {
        t!(
            "{outcome}. Reported after {time} min; fewest Ready pods {min}; most pods at once {peak} (Terminating ones left out); worst second {rate}% 5xx",
            "{outcome}. Được báo sau {time} phút; ít pod Ready nhất: {min}; nhiều pod nhất cùng lúc: {peak} (không tính pod Terminating); giây tệ nhất có {rate}% 5xx"
        )
    } else {
        t!(
            "{outcome}. Ended after {time} min; fewest Ready pods {min}; most pods at once {peak} (Terminating ones left out); worst second {rate}% 5xx",
            "{outcome}. Kết thúc sau {time} phút; ít pod Ready nhất: {min}; nhiều pod nhất cùng lúc: {peak} (không tính pod Terminating); giây tệ nhất có {rate}% 5xx"
        )
    };
    ended.fill(
        lang,
        &[
            (
                "outcome",
                &words::outcome(s.outcome, PlatformKind::Kubernetes, lang),
            ),
            ("time", &time),
            ("min", &min),
            ("peak", &s.peak_active),
            ("rate", &number(s.max_5xx_rate * 100.0, 1, lang)),
        ],
    )
}

/// The events `kubectl describe` shows of the Deployment and its pods: ReplicaSets scaled,
/// pods that cannot be scheduled, crash or fail their readiness probe, the conditions.
fn shown(e: &engine::rollout::Event) -> bool {
    match &e.kind {
        EventKind::BackOff { restarts, .. } => *restarts <= 1,
        EventKind::TasksStarted { .. } | EventKind::TasksStopped { .. } => false,
        _ => true,
    }
}

fn deployment_panel(def: &DeploymentDef, text: &str, lang: Lang, panel: &mut Panel) {
    let blocks = &mut panel.blocks;
    blocks.push(Block::Heading(
        t!(
            "Deployment {name}: rolling out {next} over {current}",
            "Deployment {name}: đang rollout {next} thay cho {current}"
        )
        .fill(
            lang,
            &[
                ("name", &def.name),
                ("next", &def.next),
                ("current", &def.current),
            ],
        ),
    ));
    let r = roll_out(def, text);
    blocks.extend(r.report.diagnostics.iter().take(8).map(|f| {
        Block::finding(
            f.severity() == Severity::Error,
            k8s_words::line(FILE, f, lang),
        )
    }));
    if let Some(w) = &r.unfit {
        blocks.push(Block::Note {
            tone: Tone::Bad,
            text: w.get(lang).to_string(),
        });
    }
    let (Some(run), Some(d)) = (r.run, r.deployment) else {
        if r.unfit.is_none() {
            blocks.push(Block::Note {
                tone: Tone::Plain,
                text: t!(
                    "Fix the manifest's errors: the rollout runs once it validates.",
                    "Hãy sửa các lỗi của manifest: rollout sẽ chạy khi manifest hợp lệ."
                )
                .get(lang)
                .into(),
            });
        }
        return;
    };
    let needed = def
        .requests_per_second
        .div_ceil(def.capacity_per_pod.max(1));
    let mut setting = t!(
        "{rps} requests/s through the Service, {per} per Ready pod: {needed} Ready pods run at full load (every burst of traffic then gets errors), {more} leave room.",
        "{rps} request/giây qua Service, mỗi pod Ready phục vụ {per}: {needed} pod Ready chạy hết công suất (mỗi đợt tăng traffic đều gây lỗi), {more} pod thì còn dư."
    )
    .fill(
        lang,
        &[
            ("rps", &def.requests_per_second),
            ("per", &def.capacity_per_pod),
            ("needed", &needed),
            ("more", &(needed + 1)),
        ],
    );
    if let Some(n) = def.max_pods {
        setting.push(' ');
        setting.push_str(
            &t!(
                "The node group has room for {n} of these pods; a pod beyond them stays Pending (FailedScheduling) until another is gone.",
                "Node group chỉ có chỗ cho {n} pod như thế này; pod vượt quá số đó sẽ nằm ở Pending (FailedScheduling) cho tới khi có pod khác biến mất."
            )
            .fill(lang, &[("n", &n)]),
        );
    }
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: setting,
    });
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: bounds_line(&d, lang),
    });
    let tone = match run.summary.outcome {
        Outcome::Completed => Tone::Good,
        Outcome::Stalled | Outcome::Failed => Tone::Bad,
        _ => Tone::Busy,
    };
    blocks.push(Block::Note {
        tone,
        text: summary(&run, lang),
    });
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: t!(
            "Each row a pod, as kubectl get pods shows it: gray Pending (waiting for room on a node), blue ContainerCreating, thin blue Running but not Ready yet, green Ready (in the Service's endpoints), red CrashLoopBackOff or readiness probe failing, orange Terminating. Below, the Ready pods of {current} (gray) and {next} (green), the pods that exist (blue) and the node group's room (red line); then what customers saw each second: the share of requests answered 5xx (red) and the p99 latency (blue).",
            "Mỗi hàng là một pod, như kubectl get pods hiển thị: xám là Pending (đang chờ chỗ trên node), xanh dương là ContainerCreating, xanh dương mảnh là Running nhưng chưa Ready, xanh lá là Ready (nằm trong endpoints của Service), đỏ là CrashLoopBackOff hoặc readiness probe đang lỗi, cam là Terminating. Bên dưới là số pod Ready của {current} (xám) và {next} (xanh lá), số pod đang tồn tại (xanh dương) và sức chứa của node group (đường đỏ); rồi những gì khách hàng thấy mỗi giây: tỉ lệ request nhận 5xx (đỏ) và độ trễ p99 (xanh dương)."
        )
        .fill(lang, &[("current", &def.current), ("next", &def.next)]),
    });
    blocks.push(Block::Drawing(pods_drawing(def, &run, lang)));
    blocks.push(view::events_table(
        &run,
        PlatformKind::Kubernetes,
        &shown,
        t!(
            "Events of the Deployment and its pods, newest first (the rollout starts at 1:00)",
            "Các sự kiện của Deployment và các pod, mới nhất trước (rollout bắt đầu lúc 1:00)"
        ),
        lang,
    ));
}

pub(super) fn panel(
    all: &Deployments,
    lab: &LabView<'_>,
    answers: &Answers,
    focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    // A rollout shows on the steps its `shown_with` inputs are asked at, or else on the step
    // asking its manifest; when the step asks none of these, the plain rollouts show.
    let focused = |d: &DeploymentDef| {
        if d.shown_with.is_empty() {
            focus.contains(&d.input)
        } else {
            d.shown_with.iter().any(|i| focus.contains(i))
        }
    };
    let some = all.deployments.iter().any(focused);
    for d in all.deployments.iter().filter(|d| {
        if some {
            focused(d)
        } else {
            d.shown_with.is_empty()
        }
    }) {
        // Before the learner edits, the editor holds the starter: roll that out.
        let text = crate::answer::text(answers, &d.input)
            .map(str::to_string)
            .or_else(|| match lab.input(&d.input).map(|i| &i.kind) {
                Some(InputKind::Template { starter }) => Some(starter.clone()),
                _ => None,
            });
        deployment_panel(d, text.as_deref().unwrap_or(""), lang, panel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::k8s::ValidCheck;

    pub(super) fn def(fault: Fault) -> DeploymentDef {
        DeploymentDef {
            id: "rollout".into(),
            name: "shop-api".into(),
            input: "deployment".into(),
            current: "shop-api:8".into(),
            next: "shop-api:9".into(),
            fault,
            image_mb: 400,
            requests_per_second: 400,
            capacity_per_pod: 50,
            max_pods: Some(12),
            minutes: 20,
            seed: 11,
            shown_with: Vec::new(),
        }
    }

    pub(super) fn manifest(strategy: &str) -> String {
        format!(
            "apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-api
spec:
  replicas: 10
  selector:
    matchLabels:
      app: shop-api
{strategy}  template:
    metadata:
      labels:
        app: shop-api
    spec:
      containers:
        - name: api
          image: shop-api:9
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
            initialDelaySeconds: 20
            periodSeconds: 5
          resources:
            requests:
              cpu: 900m
"
        )
    }

    const TIGHT: &str = "  strategy:
    rollingUpdate:
      maxSurge: 2
      maxUnavailable: 1
";

    fn rollout_check() -> RolloutCheck {
        RolloutCheck {
            input: "deployment".into(),
            deployment: "rollout".into(),
            outcome: Some("COMPLETED".into()),
            min_ready: Some(9),
            max_pods: Some(12),
            max_5xx_percent: Some(5.0),
            within_minutes: Some(5),
        }
    }

    fn grade_text(check: K8sCheck, fault: Fault, text: &str) -> Verdict {
        let all = Deployments {
            deployments: vec![def(fault)],
        };
        let mut answers = Answers::new();
        answers.insert(
            "deployment".into(),
            crate::answer::Answer::Text(text.to_string()),
        );
        grade(&check, &all, &answers).verdict
    }

    fn unmet(v: &Verdict) -> String {
        match v {
            Verdict::Unmet(w) => w.get(Lang::En),
            other => panic!("expected Unmet, got {other:?}"),
        }
    }

    #[test]
    fn the_default_strategy_needs_13_pods_and_drops_to_8_ready() {
        let r = roll_out(&def(Fault::None), &manifest(""));
        let d = r.deployment.expect("a Deployment");
        assert_eq!(d.surge_and_unavailable(), (3, 2));
        let line = bounds_line(&d, Lang::En);
        assert!(
            line.contains("maxSurge 25% of 10 = 2.5 → 3 (rounded up)")
                && line.contains("maxUnavailable 25% of 10 = 2.5 → 2 (rounded down)")
                && line.contains("at most 13 pods"),
            "{line}"
        );
        assert!(bounds_line(&d, Lang::Vi).contains("2,5 → 3 (làm tròn lên)"));
        let run = r.run.expect("runs");
        assert_eq!(run.summary.peak_active, 13);
        assert_eq!(run.summary.min_healthy_during_deploy, Some(8));
        assert!(run
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::FailedScheduling { .. })));
        let v = grade_text(
            K8sCheck::Rollout(rollout_check()),
            Fault::None,
            &manifest(""),
        );
        let said = unmet(&v);
        assert!(said.contains("only 8 pods were Ready"), "{said}");
        assert!(said.contains("13 pods existed at once"), "{said}");
    }

    #[test]
    fn two_and_one_fit_and_keep_nine_ready_as_integers_or_percentages() {
        for strategy in [
            TIGHT.to_string(),
            TIGHT
                .replace("maxSurge: 2", "maxSurge: 20%")
                .replace("maxUnavailable: 1", "maxUnavailable: 10%"),
        ] {
            let v = grade_text(
                K8sCheck::Rollout(rollout_check()),
                Fault::None,
                &manifest(&strategy),
            );
            assert_eq!(v, Verdict::Correct, "{strategy}");
        }
        // One pod at a time fits and keeps 9 Ready, but takes more than 5 minutes.
        let slow = TIGHT.replace("maxSurge: 2", "maxSurge: 0");
        let said = unmet(&grade_text(
            K8sCheck::Rollout(rollout_check()),
            Fault::None,
            &manifest(&slow),
        ));
        assert!(said.starts_with("it took 5."), "{said}");
    }

    #[test]
    fn an_image_never_ready_stalls_without_rolling_back() {
        let run = roll_out(&def(Fault::Unready), &manifest(TIGHT))
            .run
            .expect("runs");
        assert_eq!(run.summary.outcome, Outcome::Stalled);
        assert!(!run.summary.rolled_back_automatically);
        assert_eq!(run.summary.min_healthy_during_deploy, Some(9));
        let deadline = run
            .events
            .iter()
            .find(|e| matches!(e.kind, EventKind::ProgressDeadlineExceeded { .. }))
            .expect("ProgressDeadlineExceeded");
        assert!(deadline.t > DEPLOY_AT_S + 600, "{}", deadline.t);
        let check = RolloutCheck {
            outcome: Some("STALLED".into()),
            min_ready: Some(9),
            within_minutes: None,
            max_pods: None,
            max_5xx_percent: None,
            ..rollout_check()
        };
        assert_eq!(
            grade_text(K8sCheck::Rollout(check), Fault::Unready, &manifest(TIGHT)),
            Verdict::Correct
        );
    }

    #[test]
    fn the_panel_draws_pods_ready_pods_the_room_and_the_events() {
        let mut panel = Panel::default();
        deployment_panel(&def(Fault::None), &manifest(""), Lang::En, &mut panel);
        let drawing = panel
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Drawing(d) => Some(d),
                _ => None,
            })
            .expect("a drawing");
        // Two ReplicaSets' Ready pods, the pods that exist, the node group's room, then the
        // 5xx share and the p99 latency.
        let lines = drawing
            .shapes
            .iter()
            .filter(|s| matches!(s, crate::panel::Shape::Line { .. }))
            .count();
        assert_eq!(lines, 6);
        for tone in [Tone::Plain, Tone::Busy, Tone::Good, Tone::Warn] {
            assert!(
                drawing.shapes.iter().any(|s| matches!(
                    s,
                    crate::panel::Shape::Bar { tone: t, .. } if *t == tone
                )),
                "{tone:?}"
            );
        }
        assert!(drawing.shapes.iter().any(|s| matches!(
            s,
            crate::panel::Shape::Label { text, .. } if text == "node group: room for 12 pods"
        )));
        let rows = panel
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table { rows, .. } => Some(rows),
                _ => None,
            })
            .expect("the events");
        let messages: Vec<&str> = rows.iter().map(|r| r[1].text.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("FailedScheduling")));
        assert!(messages
            .iter()
            .any(|m| m.starts_with("Scaled up replica set")));
        assert!(messages.iter().all(|m| !m.contains("created")));
    }

    #[test]
    fn another_name_image_or_an_error_is_named() {
        let v = grade_text(
            K8sCheck::Valid(ValidCheck {
                input: "deployment".into(),
                deployment: "rollout".into(),
            }),
            Fault::None,
            &manifest("").replace("name: shop-api", "name: web"),
        );
        assert!(unmet(&v).contains("\"shop-api\""));
        let v = grade_text(
            K8sCheck::Valid(ValidCheck {
                input: "deployment".into(),
                deployment: "rollout".into(),
            }),
            Fault::None,
            &manifest("").replace("shop-api:9", "shop-api:8"),
        );
        assert!(unmet(&v).contains("shop-api:9"));
        let v = grade_text(
            K8sCheck::Valid(ValidCheck {
                input: "deployment".into(),
                deployment: "rollout".into(),
            }),
            Fault::None,
            &manifest(TIGHT)
                .replace("maxSurge: 2", "maxSurge: 0")
                .replace("maxUnavailable: 1", "maxUnavailable: 0"),
        );
        assert!(unmet(&v).starts_with("deployment.yaml:"), "{v:?}");
    }

    #[test]
    fn each_step_shows_its_rollout() {
        let mut bad = def(Fault::Unready);
        bad.id = "bad-image".into();
        bad.shown_with = vec!["unready".into()];
        let all = Deployments {
            deployments: vec![def(Fault::None), bad],
        };
        let inputs = vec![crate::lab::Input {
            id: "deployment".into(),
            label: "deployment.yaml".into(),
            kind: InputKind::Template {
                starter: manifest(TIGHT),
            },
        }];
        let workspace = crate::family::Workspace::default();
        let lab = LabView {
            inputs: &inputs,
            workspace: &workspace,
            checks: &[],
        };
        let outcomes = |focus: &[&str]| {
            let focus: Vec<String> = focus.iter().map(|f| f.to_string()).collect();
            let mut p = Panel::default();
            panel(&all, &lab, &Answers::new(), &focus, Lang::En, &mut p);
            p.blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Note { tone, .. } if *tone == Tone::Good || *tone == Tone::Bad => {
                        Some(*tone)
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        // The starter (here 2 and 1) completes on step 1; the unready image stalls on step 2;
        // a step asking neither shows the plain rollout.
        assert_eq!(outcomes(&["deployment"]), vec![Tone::Good]);
        assert_eq!(outcomes(&["unready"]), vec![Tone::Bad]);
        assert_eq!(outcomes(&["fargate"]), vec![Tone::Good]);
    }
}
