//! Running the lab's spike through the learner's scaling settings (`engine::rollout`),
//! grading the run, and showing it as the consoles do: the units needed against the desired
//! and healthy counts, the rejected requests, and the scaling activities.
use crate::family::rollout_view::clock;
use std::collections::BTreeMap;

use engine::deploy::{HealthCheck, Traffic};
use engine::k8s::{self, Severity};
use engine::rollout::{
    simulate, AppRunnerService, EcsService, EventKind, Hpa, HpaPolicy, HpaRules, Image,
    K8sDeployment, Platform, PolicyKind, Probe, Run, Scaler, Scenario, SelectPolicy, Spike,
    TargetTracking, TrackedMetric,
};

use super::{Kind, ScalingCheck, ServiceDef, Services, SpikeCheck};
use crate::answer::{Answers, Unread};
use crate::check::Verdict;
use crate::containers::k8s as k8s_words;
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{grouped, number, Lang, Wording, T};
use crate::panel::{Block, Cell, Drawing, Panel, Shape, Tone};

/// The file name the HPA's findings are reported against.
const HPA_FILE: &str = "hpa.yaml";
/// Seconds to provision a Fargate task (this app's approximation, as the ECS lab uses).
const FARGATE_PROVISION_S: u32 = 40;
/// The most units a learner's settings may ask for in this lab.
const LAB_MAX_UNITS: u32 = 100;
/// The lab's target group health check: every 10 s, healthy after 3 passes (ALB's defaults
/// are 30 s and 5: "Health checks for Application Load Balancer target groups",
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
const TARGET_GROUP_CHECK: HealthCheck = HealthCheck {
    interval_s: 10,
    healthy_threshold: 3,
    unhealthy_threshold: 2,
};

/// A problem or finding, in words.
type Say = Wording;

fn say(f: impl Fn(Lang) -> String) -> Say {
    Wording::each(f)
}

/// The settings a run takes.
#[derive(Clone, Debug)]
enum Settings {
    Ecs(TargetTracking),
    Eks(Box<Hpa>),
    AppRunner(AppRunnerService),
}

/// What the learner's answers (or the team's settings) give.
#[derive(Default)]
struct Read {
    /// The manifest's findings (EKS).
    findings: Vec<(Tone, Say)>,
    /// Why the settings cannot run.
    problem: Option<Say>,
    settings: Option<Settings>,
    /// The values read (numbers by API name), for the settings line.
    values: BTreeMap<String, f64>,
    /// Nothing typed: the check is not answered.
    blank: bool,
    /// The settings are the team's current ones (every field blank, panel only).
    current: bool,
}

/// One number field.
fn field(answers: &Answers, def: &ServiceDef, name: &str) -> Result<f64, Unread> {
    let Some(id) = def.input(name) else {
        return Err(Unread::Empty);
    };
    match answers.get(id) {
        None => Err(Unread::Empty),
        Some(a) => a.number(),
    }
}

/// Reads the number fields; with `fallback`, every field blank gives the team's settings.
fn numbers(def: &ServiceDef, answers: &Answers, fallback: bool, read: &mut Read) -> bool {
    let fields = def.platform.fields();
    let got: Vec<(&str, Result<f64, Unread>)> = fields
        .iter()
        .map(|f| (*f, field(answers, def, f)))
        .collect();
    if got.iter().all(|(_, r)| matches!(r, Err(Unread::Empty))) {
        if fallback && !def.current.is_empty() {
            read.values = def.current.clone();
            read.current = true;
            return true;
        }
        read.blank = true;
        return false;
    }
    for (name, r) in got {
        let name = name.to_string();
        match r {
            Ok(v) => {
                read.values.insert(name, v);
            }
            Err(Unread::Empty) => {
                read.problem = Some(say(move |l| {
                    t!(
                        "{field} is blank: type a number.",
                        "{field} đang để trống: hãy nhập một số."
                    )
                    .fill(l, &[("field", &name)])
                }));
                return false;
            }
            Err(Unread::NotANumber(text)) => {
                read.problem = Some(say(move |l| {
                    t!(
                        "{field}: \"{text}\" is not a number.",
                        "{field}: \"{text}\" không phải là một số."
                    )
                    .fill(l, &[("field", &name), ("text", &text)])
                }));
                return false;
            }
            Err(Unread::Ambiguous(a)) => {
                let given = a.given.clone();
                read.problem = Some(say(move |l| {
                    t!(
                        "{field}: \"{text}\" can be read two ways: type it without a separator.",
                        "{field}: \"{text}\" có thể hiểu theo hai cách: hãy nhập số không có dấu phân cách."
                    )
                    .fill(l, &[("field", &name), ("text", &given)])
                }));
                return false;
            }
        }
    }
    true
}

/// A whole number in `lo..=hi`, or the problem in words.
fn whole(values: &BTreeMap<String, f64>, name: &str, lo: u32, hi: u32) -> Result<u32, Say> {
    let v = values.get(name).copied().unwrap_or(f64::NAN);
    if v.fract() != 0.0 || v < f64::from(lo) || v > f64::from(hi) {
        let (name, shown) = (name.to_string(), v);
        return Err(say(move |l| {
            t!(
                "{field} is a whole number from {lo} to {hi} ({v} given).",
                "{field} phải là số nguyên từ {lo} đến {hi} (đang là {v})."
            )
            .fill(
                l,
                &[
                    ("field", &name),
                    ("lo", &lo),
                    ("hi", &hi),
                    ("v", &crate::lang::exact(shown, l)),
                ],
            )
        }));
    }
    Ok(v as u32)
}

/// ECS Service Auto Scaling: the scalable target and its target tracking policy.
fn ecs_settings(def: &ServiceDef, v: &BTreeMap<String, f64>) -> Result<Settings, Say> {
    let min = whole(v, "MinCapacity", 0, LAB_MAX_UNITS)?;
    let max = whole(v, "MaxCapacity", 0, LAB_MAX_UNITS)?;
    if min > max {
        return Err(say(move |l| {
            t!(
                "MinCapacity ({min}) is above MaxCapacity ({max}): Application Auto Scaling refuses the scalable target.",
                "MinCapacity ({min}) lớn hơn MaxCapacity ({max}): Application Auto Scaling từ chối scalable target này."
            )
            .fill(l, &[("min", &min), ("max", &max)])
        }));
    }
    let cpu = def.metric != "ALBRequestCountPerTarget";
    let target = v.get("TargetValue").copied().unwrap_or(f64::NAN);
    let top = if cpu { 100.0 } else { 1e6 };
    if !(target > 0.0 && target <= top) {
        return Err(say(move |l| {
            if cpu {
                t!(
                    "TargetValue is the average CPU utilization to keep, in percent: above 0 and at most 100.",
                    "TargetValue là mức CPU utilization trung bình cần giữ, tính bằng phần trăm: lớn hơn 0 và tối đa 100."
                )
                .get(l)
                .to_string()
            } else {
                t!(
                    "TargetValue is the requests per target per minute to keep: above 0.",
                    "TargetValue là số request trên mỗi target mỗi phút cần giữ: lớn hơn 0."
                )
                .get(l)
                .to_string()
            }
        }));
    }
    let out = whole(v, "ScaleOutCooldown", 0, 3_600)?;
    let r#in = whole(v, "ScaleInCooldown", 0, 3_600)?;
    Ok(Settings::Ecs(TargetTracking {
        metric: if cpu {
            TrackedMetric::EcsServiceAverageCpuUtilization
        } else {
            TrackedMetric::AlbRequestCountPerTarget
        },
        target_value: target,
        min_capacity: min,
        max_capacity: max,
        scale_out_cooldown_s: out,
        scale_in_cooldown_s: r#in,
        disable_scale_in: false,
    }))
}

/// App Runner's auto scaling configuration. The ranges: MaxConcurrency 1 to 200, MinSize 1
/// to 25, MaxSize 1 to 25 — AWS CDK, `AutoScalingConfigurationProps`,
/// https://docs.aws.amazon.com/cdk/api/v2/python/aws_cdk.aws_apprunner_alpha/AutoScalingConfigurationProps.html
/// (read 2026-11-30; the API reference, CreateAutoScalingConfiguration, gives the defaults
/// 100, 1 and 25).
fn app_runner_settings(v: &BTreeMap<String, f64>) -> Result<Settings, Say> {
    let conc = whole(v, "MaxConcurrency", 1, 200)?;
    let min = whole(v, "MinSize", 1, 25)?;
    let max = whole(v, "MaxSize", 1, 25)?;
    if min > max {
        return Err(say(move |l| {
            t!(
                "MinSize ({min}) is above MaxSize ({max}): App Runner refuses the configuration.",
                "MinSize ({min}) lớn hơn MaxSize ({max}): App Runner từ chối cấu hình này."
            )
            .fill(l, &[("min", &min), ("max", &max)])
        }));
    }
    Ok(Settings::AppRunner(AppRunnerService {
        max_concurrency: conc,
        min_size: min,
        max_size: max,
        ..AppRunnerService::default()
    }))
}

/// The lab's Deployment, read from its manifest.
fn deployment(def: &ServiceDef) -> Option<k8s::Deployment> {
    k8s::validate(&def.deployment)
        .deployment(&def.name)
        .cloned()
}

fn rules(r: &k8s::ScalingRules) -> HpaRules {
    HpaRules {
        stabilization_window_s: r.stabilization_window_s,
        select: match r.select_policy.as_str() {
            "Min" => SelectPolicy::Min,
            "Disabled" => SelectPolicy::Disabled,
            _ => SelectPolicy::Max,
        },
        policies: r
            .policies
            .iter()
            .map(|p| HpaPolicy {
                kind: if p.kind == "Pods" {
                    PolicyKind::Pods
                } else {
                    PolicyKind::Percent
                },
                value: p.value,
                period_s: p.period_s,
            })
            .collect(),
    }
}

/// The HorizontalPodAutoscaler of the learner's manifest.
fn eks_settings(def: &ServiceDef, text: &str, read: &mut Read) -> Option<Settings> {
    let report = k8s::validate(text);
    for d in report.diagnostics.iter().take(8) {
        let tone = Tone::finding(d.severity() == Severity::Error);
        let d = d.clone();
        read.findings
            .push((tone, say(move |l| k8s_words::line(HPA_FILE, &d, l))));
    }
    if let Some(d) = report
        .diagnostics
        .iter()
        .find(|d| d.severity() == Severity::Error)
    {
        let d = d.clone();
        read.problem = Some(say(move |l| k8s_words::line(HPA_FILE, &d, l)));
        return None;
    }
    let Some(h) = report.hpa("") else {
        read.problem = Some(say(|l| {
            t!(
                "The file holds no HorizontalPodAutoscaler (apiVersion autoscaling/v2, kind HorizontalPodAutoscaler).",
                "File này không có HorizontalPodAutoscaler nào (apiVersion autoscaling/v2, kind HorizontalPodAutoscaler)."
            )
            .get(l)
            .to_string()
        }));
        return None;
    };
    if h.target_kind != "Deployment" || h.target_name != def.name {
        let (kind, name, want) = (
            h.target_kind.clone(),
            h.target_name.clone(),
            def.name.clone(),
        );
        read.problem = Some(say(move |l| {
            t!(
                "scaleTargetRef names {kind} {name}: it must name the Deployment {want}.",
                "scaleTargetRef đang trỏ tới {kind} {name}: nó phải trỏ tới Deployment {want}."
            )
            .fill(l, &[("kind", &kind), ("name", &name), ("want", &want)])
        }));
        return None;
    }
    let target = match h.metrics.as_slice() {
        [] => 80.0,
        [m] if m.kind == "Resource" && m.name == "cpu" && m.target_type == "Utilization" => {
            m.target
        }
        _ => {
            read.problem = Some(say(|l| {
                t!(
                    "This lab simulates one metric: the pods' average CPU (type Resource, name cpu, target type Utilization with averageUtilization).",
                    "Bài lab này chỉ mô phỏng một metric: CPU trung bình của các pod (type Resource, name cpu, target type Utilization với averageUtilization)."
                )
                .get(l)
                .to_string()
            }));
            return None;
        }
    };
    if h.max > LAB_MAX_UNITS || target <= 0.0 {
        let max = h.max;
        read.problem = Some(say(move |l| {
            t!(
                "This lab runs at most {lab} pods and a target above 0%: maxReplicas is {max}.",
                "Bài lab này chạy tối đa {lab} pod và target phải lớn hơn 0%: maxReplicas đang là {max}."
            )
            .fill(l, &[("lab", &LAB_MAX_UNITS), ("max", &max)])
        }));
        return None;
    }
    read.values.insert("minReplicas".into(), f64::from(h.min));
    read.values.insert("maxReplicas".into(), f64::from(h.max));
    read.values.insert("averageUtilization".into(), target);
    let mut hpa = Hpa::new(h.min, h.max, target);
    hpa.scale_up = rules(&h.scale_up);
    hpa.scale_down = rules(&h.scale_down);
    Some(Settings::Eks(Box::new(hpa)))
}

/// Reads the service's settings from the answers (`starter`: the template's starter when
/// its input is unanswered; `fallback`: run the team's settings when every field is blank).
fn read(def: &ServiceDef, answers: &Answers, starter: Option<&str>, fallback: bool) -> Read {
    let mut read = Read::default();
    match def.platform {
        Kind::Eks => {
            let id = def.input("HorizontalPodAutoscaler").unwrap_or_default();
            let text = crate::answer::text(answers, id).or(starter);
            let Some(text) = text else {
                read.blank = true;
                return read;
            };
            read.settings = eks_settings(def, text, &mut read);
        }
        Kind::Ecs | Kind::AppRunner => {
            if !numbers(def, answers, fallback, &mut read) {
                return read;
            }
            let settings = if def.platform == Kind::Ecs {
                ecs_settings(def, &read.values)
            } else {
                app_runner_settings(&read.values)
            };
            match settings {
                Ok(s) => read.settings = Some(s),
                Err(w) => read.problem = Some(w),
            }
        }
    }
    read
}

/// The run of the lab's traffic through these settings.
fn scenario(def: &ServiceDef, settings: &Settings) -> Scenario {
    let platform = match settings {
        Settings::Ecs(policy) => Platform::Ecs(EcsService {
            desired_count: def.start,
            health_check: TARGET_GROUP_CHECK,
            autoscaling: Some(*policy),
            ..EcsService::default()
        }),
        Settings::Eks(hpa) => {
            let d = deployment(def);
            let readiness =
                d.as_ref()
                    .and_then(|d| d.readiness().cloned())
                    .map_or_else(Probe::default, |p| Probe {
                        initial_delay_s: p.initial_delay_s,
                        period_s: p.period_s.max(1),
                        failure_threshold: p.failure_threshold.max(1),
                        success_threshold: p.success_threshold.max(1),
                    });
            Platform::Kubernetes(K8sDeployment {
                replicas: d.as_ref().map_or(1, |d| d.replicas),
                readiness,
                hpa: Some((**hpa).clone()),
                ..K8sDeployment::default()
            })
        }
        Settings::AppRunner(a) => Platform::AppRunner(*a),
    };
    let mut sc = Scenario::new(platform);
    sc.seed = def.seed;
    sc.duration_s = def.minutes * 60;
    sc.traffic = Traffic::Steady {
        rps: f64::from(def.requests_per_second),
    };
    sc.spikes = vec![Spike {
        at_s: def.spike.at_minute * 60,
        duration_s: def.spike.minutes * 60,
        multiplier: def.spike.multiplier,
    }];
    sc.capacity_rps = f64::from(def.capacity_per_unit);
    sc.current = Image {
        p50_ms: def.p50_ms,
        p99_ms: def.p99_ms,
        ..Image::good(def.image.clone(), f64::from(def.image_mb))
    };
    if def.platform == Kind::Ecs {
        sc.timing.provision_s = FARGATE_PROVISION_S;
    }
    sc
}

fn run_of(def: &ServiceDef, read: &Read) -> Option<Run> {
    read.settings
        .as_ref()
        .and_then(|s| simulate(&scenario(def, s)).ok())
}

/// The units' name on the platform, plural.
fn units(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Ecs => t!("tasks", "task"),
        Kind::Eks => t!("pods", "pod"),
        Kind::AppRunner => t!("instances", "instance"),
    }
    .get(lang)
}

/// What a run totals.
struct Totals {
    requests: u64,
    rejected: u64,
    rejected_percent: f64,
    end_desired: u32,
}

fn totals(run: &Run) -> Totals {
    let requests = run.summary.requests;
    let rejected: u64 = run.series.iter().map(|t| t.rejected).sum();
    Totals {
        requests,
        rejected,
        rejected_percent: if requests == 0 {
            0.0
        } else {
            rejected as f64 * 100.0 / requests as f64
        },
        end_desired: run.series.last().map_or(0, |t| t.desired),
    }
}

/// What a run misses of a check, in words; empty when it meets it.
fn missing(c: &SpikeCheck, def: &ServiceDef, run: &Run, lang: Lang) -> Vec<String> {
    let s = &run.summary;
    let t = totals(run);
    let u = units(def.platform, lang);
    let mut out = Vec::new();
    if let Some(max) = c.max_rejected_percent {
        if t.rejected_percent > max {
            let how = if def.platform == Kind::AppRunner {
                t!(
                    "{n} of {all} requests got 429 Too Many Requests ({p}%); at most {max}% may be rejected",
                    "{n} trên {all} request nhận 429 Too Many Requests ({p}%); chỉ được từ chối tối đa {max}%"
                )
            } else {
                t!(
                    "{n} of {all} requests were rejected with a 5xx for lack of capacity ({p}%); at most {max}% may be rejected",
                    "{n} trên {all} request bị từ chối với lỗi 5xx vì thiếu năng lực xử lý ({p}%); chỉ được tối đa {max}%"
                )
            };
            out.push(how.fill(
                lang,
                &[
                    ("n", &grouped(t.rejected, lang)),
                    ("all", &grouped(t.requests, lang)),
                    ("p", &number(t.rejected_percent, 1, lang)),
                    ("max", &number(max, 1, lang)),
                ],
            ));
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
                        ("rate", &number(worst, 1, lang)),
                        ("max", &number(max, 1, lang)),
                    ],
                ),
            );
        }
    }
    if let Some(max) = c.max_units {
        if s.peak_desired > max {
            out.push(
                t!(
                    "the desired count reached {peak} {units}: the cost ceiling is {max}",
                    "desired count đã lên tới {peak} {units}: mức trần chi phí là {max}"
                )
                .fill(
                    lang,
                    &[("peak", &s.peak_desired), ("units", &u), ("max", &max)],
                ),
            );
        }
    }
    if let (Some(max), Some(bill)) = (c.max_cost_usd, s.app_runner) {
        if bill.cost_usd > max {
            out.push(
                t!(
                    "the run cost ${cost}: at most ${max}",
                    "lần chạy này tốn ${cost}: tối đa ${max}"
                )
                .fill(
                    lang,
                    &[
                        ("cost", &number(bill.cost_usd, 3, lang)),
                        ("max", &number(max, 3, lang)),
                    ],
                ),
            );
        }
    }
    if let Some(max) = c.scales_in {
        if t.end_desired > max {
            out.push(
                t!(
                    "{n} {units} were still desired at the end of the run: it must scale back in to {max} or fewer after the spike",
                    "đến cuối lần chạy vẫn còn {n} {units} theo desired count: sau đợt tăng đột biến nó phải scale in về {max} hoặc ít hơn"
                )
                .fill(
                    lang,
                    &[("n", &t.end_desired), ("units", &u), ("max", &max)],
                ),
            );
        }
    }
    out
}

pub(super) fn grade(check: &ScalingCheck, all: &Services, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(def) = all.get(check.platform()) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let r = read(def, answers, None, false);
    let verdict = if r.blank {
        Verdict::NotAnswered
    } else if let Some(p) = &r.problem {
        Verdict::Unmet(p.clone())
    } else {
        match check {
            ScalingCheck::Valid(_) => Verdict::Correct,
            ScalingCheck::Spike(c) => match run_of(def, &r) {
                None => Verdict::NoEngineValue,
                Some(run) => {
                    if missing(c, def, &run, Lang::En).is_empty() {
                        Verdict::Correct
                    } else {
                        Verdict::Unmet(say(|l| missing(c, def, &run, l).join("; ")))
                    }
                }
            },
        }
    };
    Graded::new(input, verdict)
}

pub(super) fn validate_items(all: &Services, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for s in &all.services {
        for f in s.platform.fields() {
            let Some(id) = s.input(f) else { continue };
            let kind = lab.input(id).map(|i| &i.kind);
            let fits = match (s.platform, kind) {
                (Kind::Eks, Some(InputKind::Template { .. })) => true,
                (Kind::Ecs | Kind::AppRunner, Some(InputKind::Number { .. })) => true,
                (_, None) => {
                    problems.push(format!(
                        "service \"{}\": there is no input \"{id}\"",
                        s.name
                    ));
                    continue;
                }
                _ => false,
            };
            if !fits {
                problems.push(format!(
                    "service \"{}\": input \"{id}\" for {f} is not a {} input",
                    s.name,
                    if s.platform == Kind::Eks {
                        "template"
                    } else {
                        "number"
                    }
                ));
            }
        }
        if s.platform == Kind::Eks {
            match deployment(s) {
                None => problems.push(format!(
                    "service \"{}\": {} holds no valid Deployment named \"{}\"",
                    s.name, s.deployment_file, s.name
                )),
                Some(d) if d.pod_requests().cpu_milli.is_none() => problems.push(format!(
                    "service \"{}\": the Deployment requests no cpu: the HPA's Utilization needs it",
                    s.name
                )),
                Some(_) => {}
            }
        }
        if !s.current.is_empty() {
            let r = read(s, &Answers::new(), None, true);
            if let Some(p) = r.problem {
                problems.push(format!(
                    "service \"{}\": the current settings do not run: {}",
                    s.name,
                    p.get(Lang::En)
                ));
            }
        }
    }
    problems
}

/// The drawing's geometry: a label column, then time across; the units chart, then the
/// rejected requests' strip.
const LEFT: u32 = 60;
const WIDTH: u32 = 520;
const TOP: u32 = 14;
const CHART: u32 = 130;
const STRIP: u32 = 36;

/// The units needed, desired and healthy over the run, and the share of requests rejected.
fn chart(def: &ServiceDef, run: &Run, lang: Lang) -> Drawing {
    let n = run.series.len().max(1);
    let step = n.div_ceil(WIDTH as usize / 2).max(1);
    let cap = f64::from(def.capacity_per_unit.max(1));
    struct Point {
        t: u32,
        needed: f64,
        desired: u32,
        healthy: f64,
        rejected: f64,
    }
    let points: Vec<Point> = run
        .series
        .chunks(step)
        .map(|c| {
            let len = c.len() as f64;
            let requests: u64 = c.iter().map(|t| t.requests).sum();
            let rejected: u64 = c.iter().map(|t| t.rejected).sum();
            Point {
                t: c[0].t,
                needed: requests as f64 / len / cap,
                desired: c.last().map_or(0, |t| t.desired),
                healthy: c
                    .iter()
                    .map(|t| f64::from(t.healthy[0] + t.healthy[1]))
                    .sum::<f64>()
                    / len,
                rejected: if requests == 0 {
                    0.0
                } else {
                    rejected as f64 / requests as f64
                },
            }
        })
        .collect();
    let top_value = points
        .iter()
        .map(|p| p.needed.max(f64::from(p.desired)).max(p.healthy))
        .fold(1.0f64, f64::max)
        .ceil();
    let x = |t: u32| LEFT + (u64::from(t) * u64::from(WIDTH) / n as u64) as u32;
    let y = |v: f64| {
        let v = v.clamp(0.0, top_value);
        TOP + CHART - (v * f64::from(CHART) / top_value).round() as u32
    };
    let mut shapes = Vec::new();
    let line = |value: &dyn Fn(&Point) -> f64, tone: Tone| {
        let mut path = String::new();
        for (i, p) in points.iter().enumerate() {
            let cmd = if i == 0 { 'M' } else { 'L' };
            path.push_str(&format!("{cmd}{} {} ", x(p.t), y(value(p))));
        }
        Shape::Line {
            path: path.trim_end().to_string(),
            tone,
        }
    };
    shapes.push(line(&|p| p.needed, Tone::Warn));
    shapes.push(line(&|p| f64::from(p.desired), Tone::Busy));
    shapes.push(line(&|p| p.healthy, Tone::Good));
    // The scale.
    for (v, text) in [(top_value, format!("{top_value}")), (0.0, "0".to_string())] {
        shapes.push(Shape::Label {
            x: 0,
            y: y(v) + 4,
            text,
            tone: Tone::Plain,
        });
    }
    shapes.push(Shape::Label {
        x: 0,
        y: TOP + CHART / 2,
        text: units(def.platform, lang).to_string(),
        tone: Tone::Plain,
    });
    // The rejected requests' strip: a bar's height is the share rejected (the strip's
    // height is 100 %).
    let strip_top = TOP + CHART + 12;
    let width = (x(step as u32) - LEFT).max(1);
    for p in points.iter().filter(|p| p.rejected > 0.0) {
        let h = ((p.rejected * f64::from(STRIP)).ceil() as u32).clamp(1, STRIP);
        shapes.push(Shape::Bar {
            x: x(p.t),
            y: strip_top + STRIP - h,
            width,
            height: h,
            tone: Tone::Bad,
        });
    }
    shapes.push(Shape::Label {
        x: 0,
        y: strip_top + STRIP / 2 + 4,
        text: if def.platform == Kind::AppRunner {
            "429".to_string()
        } else {
            t!("rejected", "bị từ chối").get(lang).to_string()
        },
        tone: Tone::Bad,
    });
    // The time axis: the start, the spike's start and end, the end.
    let end_s = n as u32;
    let spike_at = def.spike.at_minute * 60;
    let spike_end = spike_at + def.spike.minutes * 60;
    let axis = strip_top + STRIP + 16;
    for t in [0, spike_at, spike_end] {
        shapes.push(Shape::Label {
            x: x(t),
            y: axis,
            text: clock(t),
            tone: Tone::Plain,
        });
    }
    shapes.push(Shape::Label {
        x: LEFT + WIDTH - 30,
        y: axis,
        text: clock(end_s),
        tone: Tone::Plain,
    });
    shapes.push(Shape::Label {
        x: x(spike_at) + 4,
        y: TOP - 2,
        text: t!("spike ×{m}", "tăng đột biến ×{m}")
            .fill(lang, &[("m", &number(def.spike.multiplier, 1, lang))]),
        tone: Tone::Warn,
    });
    Drawing {
        width: LEFT + WIDTH + 10,
        height: axis + 6,
        label: t!(
            "Units needed, desired and healthy over the run, and the share of requests rejected",
            "Số unit cần, desired và healthy trong suốt lần chạy, và tỉ lệ request bị từ chối"
        )
        .get(lang)
        .to_string(),
        shapes,
    }
}

/// The scaling activities as a table, worded as each console words them: Application Auto
/// Scaling's `describe-scaling-activities` ("Description": "Setting desired count to 1.",
/// "Cause": "monitor alarm … in state ALARM triggered policy …" — "Scaling activities for
/// Application Auto Scaling",
/// https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scaling-activities.html,
/// read 2026-11-30; the alarms' names as target tracking creates them,
/// `TargetTracking-<resource id>-AlarmHigh-<uuid>`, without the uuid); the HPA's events as
/// `kubectl describe hpa` lists them (reason `SuccessfulRescale`, "New size: N; reason: cpu
/// resource utilization (percentage of request) above target" or "All metrics below
/// target"); App Runner publishes no activity log, so its changes are described plainly.
fn activities(def: &ServiceDef, run: &Run, lang: Lang) -> Block {
    let policy = format!("{}-target-tracking", def.name);
    let alarm = |high: bool| {
        format!(
            "TargetTracking-service/{}/{}-{}",
            def.cluster,
            def.name,
            if high { "AlarmHigh" } else { "AlarmLow" }
        )
    };
    let cpu = def.metric != "ALBRequestCountPerTarget";
    let rows: Vec<Vec<Cell>> = run
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Scaled {
                by,
                from,
                to,
                metric,
                target,
            } => Some((e.t, by, from, to, metric, target)),
            _ => None,
        })
        .take(40)
        .map(|(t, by, from, to, metric, target)| {
            let out = to > from;
            let (m, g) = (number(metric, 1, lang), number(target, 1, lang));
            let (who, value, message) = match by {
                Scaler::TargetTracking => (
                    "Application Auto Scaling".to_string(),
                    if cpu {
                        t!(
                            "CPUUtilization {m}% vs TargetValue {g}%",
                            "CPUUtilization {m}% so với TargetValue {g}%"
                        )
                    } else {
                        t!(
                            "RequestCountPerTarget {m} vs TargetValue {g}",
                            "RequestCountPerTarget {m} so với TargetValue {g}"
                        )
                    }
                    .fill(lang, &[("m", &m), ("g", &g)]),
                    format!(
                        "Setting desired count to {to}. Cause: monitor alarm {} in state ALARM triggered policy {policy}",
                        alarm(out)
                    ),
                ),
                Scaler::Hpa => (
                    "horizontal-pod-autoscaler".to_string(),
                    t!(
                        "cpu {m}% of request vs averageUtilization {g}%",
                        "cpu {m}% của request so với averageUtilization {g}%"
                    )
                    .fill(lang, &[("m", &m), ("g", &g)]),
                    if out {
                        format!("SuccessfulRescale: New size: {to}; reason: cpu resource utilization (percentage of request) above target")
                    } else {
                        format!("SuccessfulRescale: New size: {to}; reason: All metrics below target")
                    },
                ),
                Scaler::AppRunner => (
                    "App Runner".to_string(),
                    t!(
                        "{m} concurrent requests vs MaxConcurrency {g} per instance",
                        "{m} request đồng thời so với MaxConcurrency {g} mỗi instance"
                    )
                    .fill(lang, &[("m", &m), ("g", &g)]),
                    t!("Instances: {from} → {to}", "Số instance: {from} → {to}")
                        .fill(lang, &[("from", &from), ("to", &to)]),
                ),
            };
            vec![
                Cell::plain(clock(t)),
                Cell::plain(who),
                Cell::new(
                    format!("{from} → {to}"),
                    if out { Tone::Busy } else { Tone::Plain },
                ),
                Cell::plain(value),
                Cell::plain(message),
            ]
        })
        .collect();
    Block::Table {
        caption: t!(
            "Scaling activities, oldest first (the spike starts at {at})",
            "Các scaling activity, cũ nhất trước (đợt tăng đột biến bắt đầu lúc {at})"
        )
        .fill(lang, &[("at", &clock(def.spike.at_minute * 60))]),
        head: vec![
            t!("Time", "Thời điểm").get(lang).to_string(),
            t!("By", "Thực hiện bởi").get(lang).to_string(),
            t!("Desired", "Số desired").get(lang).to_string(),
            t!("Metric vs target", "Metric so với target")
                .get(lang)
                .to_string(),
            t!("Message", "Thông báo").get(lang).to_string(),
        ],
        rows,
    }
}

/// The run in one line: rejected requests, the peak, the cost or the unit-hours.
fn summary(def: &ServiceDef, run: &Run, lang: Lang) -> String {
    let t = totals(run);
    let s = &run.summary;
    let u = units(def.platform, lang);
    let head = t!(
        "Rejected {n} of {all} requests ({p}%); peak desired {peak} {units}; {end} at the end",
        "Bị từ chối {n} trên {all} request ({p}%); desired cao nhất {peak} {units}; cuối lần chạy còn {end}"
    )
    .fill(
        lang,
        &[
            ("n", &grouped(t.rejected, lang)),
            ("all", &grouped(t.requests, lang)),
            ("p", &number(t.rejected_percent, 1, lang)),
            ("peak", &s.peak_desired),
            ("units", &u),
            ("end", &t.end_desired),
        ],
    );
    let tail = match s.app_runner {
        Some(bill) => t!(
            "cost ${cost} ({active} active and {prov} provisioned instance-hours)",
            "chi phí ${cost} ({active} instance-giờ active và {prov} instance-giờ provisioned)"
        )
        .fill(
            lang,
            &[
                ("cost", &number(bill.cost_usd, 3, lang)),
                ("active", &number(bill.active_hours, 2, lang)),
                ("prov", &number(bill.provisioned_hours, 2, lang)),
            ],
        ),
        None => match def.platform {
            Kind::Ecs => t!("{h} task-hours", "{h} task-giờ"),
            Kind::Eks => t!("{h} pod-hours", "{h} pod-giờ"),
            Kind::AppRunner => t!("{h} instance-hours", "{h} instance-giờ"),
        }
        .fill(lang, &[("h", &number(s.unit_hours, 1, lang))]),
    };
    format!("{head}; {tail}")
}

/// The settings in one line, as the console shows them.
fn settings_line(def: &ServiceDef, r: &Read, lang: Lang) -> String {
    let v = |k: &str| {
        r.values
            .get(k)
            .map_or_else(|| "—".to_string(), |x| crate::lang::exact(*x, lang))
    };
    match def.platform {
        Kind::Ecs => t!(
            "Scalable target ecs:service:DesiredCount: MinCapacity {min}, MaxCapacity {max}. Target tracking policy on {metric}: TargetValue {target}, ScaleOutCooldown {out} s, ScaleInCooldown {in} s.",
            "Scalable target ecs:service:DesiredCount: MinCapacity {min}, MaxCapacity {max}. Target tracking policy trên {metric}: TargetValue {target}, ScaleOutCooldown {out} giây, ScaleInCooldown {in} giây."
        )
        .fill(
            lang,
            &[
                ("min", &v("MinCapacity")),
                ("max", &v("MaxCapacity")),
                ("metric", &def.metric),
                ("target", &v("TargetValue")),
                ("out", &v("ScaleOutCooldown")),
                ("in", &v("ScaleInCooldown")),
            ],
        ),
        Kind::Eks => t!(
            "HorizontalPodAutoscaler: minReplicas {min}, maxReplicas {max}, averageUtilization {target}% of the pods' cpu request.",
            "HorizontalPodAutoscaler: minReplicas {min}, maxReplicas {max}, averageUtilization {target}% của cpu request của pod."
        )
        .fill(
            lang,
            &[
                ("min", &v("minReplicas")),
                ("max", &v("maxReplicas")),
                ("target", &v("averageUtilization")),
            ],
        ),
        Kind::AppRunner => t!(
            "Auto scaling configuration: MaxConcurrency {conc}, MinSize {min}, MaxSize {max}; instances of 1 vCPU and 2 GB.",
            "Auto scaling configuration: MaxConcurrency {conc}, MinSize {min}, MaxSize {max}; instance 1 vCPU và 2 GB."
        )
        .fill(
            lang,
            &[
                ("conc", &v("MaxConcurrency")),
                ("min", &v("MinSize")),
                ("max", &v("MaxSize")),
            ],
        ),
    }
}

fn heading(def: &ServiceDef, lang: Lang) -> String {
    match def.platform {
        Kind::Ecs => t!(
            "Amazon ECS: service {name} (cluster {cluster}, Fargate) with Service Auto Scaling",
            "Amazon ECS: service {name} (cluster {cluster}, Fargate) với Service Auto Scaling"
        ),
        Kind::Eks => t!(
            "Amazon EKS: Deployment {name} and its HorizontalPodAutoscaler",
            "Amazon EKS: Deployment {name} và HorizontalPodAutoscaler của nó"
        ),
        Kind::AppRunner => t!(
            "AWS App Runner: service {name}, scaled on concurrent requests",
            "AWS App Runner: service {name}, scale theo số request đồng thời"
        ),
    }
    .fill(lang, &[("name", &def.name), ("cluster", &def.cluster)])
}

/// What the lab fixes: the traffic and what one unit serves.
fn facts(def: &ServiceDef, lang: Lang) -> String {
    let cap = f64::from(def.capacity_per_unit.max(1));
    let base = f64::from(def.requests_per_second);
    let peak = base * def.spike.multiplier;
    t!(
        "{rps} requests per second, ×{m} from {at} to {end}; {units} serve {cap} requests per second each at 100% CPU: {need} needed before the spike, {peak} during it.",
        "{rps} request mỗi giây, ×{m} từ {at} đến {end}; mỗi {units} xử lý {cap} request mỗi giây ở 100% CPU: cần {need} trước đợt tăng đột biến, {peak} trong lúc đó."
    )
    .fill(
        lang,
        &[
            ("rps", &def.requests_per_second),
            ("m", &number(def.spike.multiplier, 1, lang)),
            ("at", &clock(def.spike.at_minute * 60)),
            (
                "end",
                &clock((def.spike.at_minute + def.spike.minutes) * 60),
            ),
            ("units", &units(def.platform, lang)),
            ("cap", &def.capacity_per_unit),
            ("need", &number((base / cap).ceil(), 0, lang)),
            ("peak", &number((peak / cap).ceil(), 0, lang)),
        ],
    )
}

fn legend(def: &ServiceDef, lang: Lang) -> String {
    let text: T = match def.platform {
        Kind::AppRunner => t!(
            "Orange: {units} needed (requests per second ÷ {cap}); blue: the instances App Runner wants; green: instances serving. Red bars below: the share of requests answered 429 (full height 100%).",
            "Cam: số {units} cần (request mỗi giây ÷ {cap}); xanh dương: số instance App Runner muốn có; xanh lá: instance đang phục vụ. Cột đỏ bên dưới: tỉ lệ request nhận 429 (cao hết cỡ là 100%)."
        ),
        _ => t!(
            "Orange: {units} needed (requests per second ÷ {cap}); blue: the desired count; green: healthy {units} receiving traffic. Red bars below: the share of requests rejected with a 5xx (full height 100%).",
            "Cam: số {units} cần (request mỗi giây ÷ {cap}); xanh dương: desired count; xanh lá: số {units} healthy đang nhận traffic. Cột đỏ bên dưới: tỉ lệ request bị từ chối với lỗi 5xx (cao hết cỡ là 100%)."
        ),
    };
    text.fill(
        lang,
        &[
            ("units", &units(def.platform, lang)),
            ("cap", &def.capacity_per_unit),
        ],
    )
}

fn service_panel(def: &ServiceDef, r: &Read, lang: Lang, panel: &mut Panel) {
    let blocks = &mut panel.blocks;
    blocks.push(Block::Heading(heading(def, lang)));
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: facts(def, lang),
    });
    if def.platform == Kind::Eks {
        blocks.push(Block::Code {
            label: t!(
                "{file}: the Deployment the HPA scales (given; one pod serves {cap} requests per second at its full cpu request)",
                "{file}: Deployment mà HPA scale (cho sẵn; mỗi pod xử lý {cap} request mỗi giây khi dùng hết cpu request)"
            )
            .fill(
                lang,
                &[
                    ("file", &def.deployment_file),
                    ("cap", &def.capacity_per_unit),
                ],
            ),
            text: def.deployment.clone(),
        });
    }
    for (tone, f) in &r.findings {
        blocks.push(Block::Note {
            tone: *tone,
            text: f.get(lang),
        });
    }
    if r.blank {
        blocks.push(Block::Note {
            tone: Tone::Plain,
            text: t!(
                "Type the settings in the step's fields: the spike runs through them.",
                "Hãy nhập các thiết lập vào các ô của bước này: đợt tăng đột biến sẽ chạy với chúng."
            )
            .get(lang)
            .to_string(),
        });
        return;
    }
    if let Some(p) = &r.problem {
        blocks.push(Block::Note {
            tone: Tone::Bad,
            text: p.get(lang),
        });
        return;
    }
    if r.current {
        blocks.push(Block::Note {
            tone: Tone::Warn,
            text: t!(
                "Every field is blank: this is the team's current configuration. Type yours to run it.",
                "Tất cả các ô đang trống: đây là cấu hình hiện tại của nhóm. Hãy nhập cấu hình của bạn để chạy."
            )
            .get(lang)
            .to_string(),
        });
    }
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: settings_line(def, r, lang),
    });
    let Some(run) = run_of(def, r) else {
        return;
    };
    let share = totals(&run).rejected_percent;
    let tone = if share < 1.0 {
        Tone::Good
    } else if share < 5.0 {
        Tone::Warn
    } else {
        Tone::Bad
    };
    blocks.push(Block::Note {
        tone,
        text: summary(def, &run, lang),
    });
    blocks.push(Block::Note {
        tone: Tone::Plain,
        text: legend(def, lang),
    });
    blocks.push(Block::Drawing(chart(def, &run, lang)));
    blocks.push(activities(def, &run, lang));
}

pub(super) fn panel(
    all: &Services,
    lab: &LabView<'_>,
    answers: &Answers,
    focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    for s in &all.services {
        // A step shows the services whose settings it asks (all of them when it asks none).
        let ids = s.input_ids();
        let concerned = focus.is_empty()
            || focus.iter().any(|f| ids.contains(&f.as_str()))
            || !all
                .services
                .iter()
                .any(|o| o.input_ids().iter().any(|i| focus.iter().any(|f| f == i)));
        if !concerned {
            continue;
        }
        let starter = s.input("HorizontalPodAutoscaler").and_then(|id| {
            match lab.input(id).map(|i| &i.kind) {
                Some(InputKind::Template { starter }) => Some(starter.as_str()),
                _ => None,
            }
        });
        let r = read(s, answers, starter, true);
        service_panel(s, &r, lang, panel);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{SpikeDef, ValidCheck};
    use super::*;
    use crate::answer::Answer;

    fn typed(v: &str) -> Answer {
        Answer::Text(v.to_string())
    }

    fn base(platform: Kind) -> ServiceDef {
        let mut inputs = BTreeMap::new();
        for f in platform.fields() {
            inputs.insert(f.to_string(), format!("in-{f}"));
        }
        ServiceDef {
            name: "shop-api".into(),
            platform,
            cluster: if platform == Kind::Ecs {
                "shop".into()
            } else {
                String::new()
            },
            image: "shop-api:7".into(),
            image_mb: 180,
            p50_ms: 150.0,
            p99_ms: 450.0,
            requests_per_second: 300,
            spike: SpikeDef {
                at_minute: 10,
                minutes: 10,
                multiplier: 5.0,
            },
            capacity_per_unit: 100,
            start: if platform == Kind::Ecs { 4 } else { 0 },
            minutes: 40,
            seed: 11,
            metric: "ECSServiceAverageCPUUtilization".into(),
            inputs,
            current: BTreeMap::new(),
            deployment: DEPLOYMENT.into(),
            deployment_file: "data/deployment.yaml".into(),
        }
    }

    const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop-api\nspec:\n  replicas: 4\n  selector:\n    matchLabels: {app: shop-api}\n  template:\n    metadata:\n      labels: {app: shop-api}\n    spec:\n      containers:\n        - name: api\n          image: shop-api:7\n          resources:\n            requests: {cpu: 500m, memory: 512Mi}\n";

    fn hpa(min: u32, max: u32, target: u32) -> String {
        format!("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: shop-api\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: shop-api\n  minReplicas: {min}\n  maxReplicas: {max}\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: {target}\n")
    }

    fn answers(def: &ServiceDef, values: &[(&str, &str)]) -> Answers {
        values
            .iter()
            .map(|(f, v)| (def.input(f).unwrap().to_string(), typed(v)))
            .collect()
    }

    fn spike(platform: Kind) -> ScalingCheck {
        ScalingCheck::Spike(SpikeCheck {
            input: String::new(),
            platform,
            max_rejected_percent: Some(6.0),
            max_units: Some(20),
            scales_in: Some(10),
            ..SpikeCheck::default()
        })
    }

    fn services(def: &ServiceDef) -> Services {
        Services {
            services: vec![def.clone()],
        }
    }

    fn verdict(def: &ServiceDef, a: &Answers) -> Verdict {
        grade(&spike(def.platform), &services(def), a).verdict
    }

    fn unmet(v: Verdict) -> String {
        match v {
            Verdict::Unmet(w) => w.get(Lang::En),
            other => panic!("expected Unmet, got {other:?}"),
        }
    }

    #[test]
    fn ecs_needs_room_a_lower_target_and_a_short_cooldown() {
        let def = base(Kind::Ecs);
        let ecs = |min: &str, max: &str, target: &str, out: &str| {
            answers(
                &def,
                &[
                    ("MinCapacity", min),
                    ("MaxCapacity", max),
                    ("TargetValue", target),
                    ("ScaleOutCooldown", out),
                    ("ScaleInCooldown", "300"),
                ],
            )
        };
        let starter = unmet(verdict(&def, &ecs("4", "6", "70", "300")));
        assert!(starter.contains("rejected with a 5xx"), "{starter}");
        assert_eq!(verdict(&def, &ecs("4", "20", "50", "60")), Verdict::Correct);
        let over = unmet(verdict(&def, &ecs("4", "40", "30", "60")));
        assert!(over.contains("reached 40 tasks"), "{over}");
        let fixed = unmet(verdict(&def, &ecs("20", "20", "50", "60")));
        assert!(fixed.contains("still desired"), "{fixed}");
        // Blank, partly blank, and refused settings.
        assert_eq!(verdict(&def, &Answers::new()), Verdict::NotAnswered);
        let mut partial = ecs("4", "20", "50", "60");
        partial.remove("in-TargetValue");
        assert!(unmet(verdict(&def, &partial)).contains("TargetValue is blank"));
        assert!(unmet(verdict(&def, &ecs("8", "6", "50", "60"))).contains("above MaxCapacity"));
        assert!(unmet(verdict(&def, &ecs("4", "6.5", "50", "60"))).contains("whole number"));
    }

    #[test]
    fn request_count_per_target_is_not_capped_like_cpu() {
        let mut def = base(Kind::Ecs);
        def.metric = "ALBRequestCountPerTarget".into();
        // 3,000 requests per target per minute: half of what a task serves.
        let a = answers(
            &def,
            &[
                ("MinCapacity", "4"),
                ("MaxCapacity", "20"),
                ("TargetValue", "3000"),
                ("ScaleOutCooldown", "60"),
                ("ScaleInCooldown", "300"),
            ],
        );
        let r = read(&def, &a, None, false);
        let run = run_of(&def, &r).expect("runs");
        // One scale-out in the spike jumps to what the requests call for (no 100 % cap).
        let jump = run.events.iter().any(|e| {
            e.t >= 600 && matches!(e.kind, EventKind::Scaled { from, to, .. } if to >= from * 2)
        });
        assert!(jump);
        let Block::Table { rows, .. } = activities(&def, &run, Lang::En) else {
            panic!("a table")
        };
        assert!(rows[0][3].text.starts_with("RequestCountPerTarget"));
    }

    #[test]
    fn the_hpa_needs_room_and_a_reachable_target() {
        let def = base(Kind::Eks);
        let a = |text: String| -> Answers {
            [("in-HorizontalPodAutoscaler".to_string(), Answer::Text(text))].into()
        };
        assert!(unmet(verdict(&def, &a(hpa(4, 6, 80)))).contains("rejected"));
        assert_eq!(verdict(&def, &a(hpa(4, 20, 60))), Verdict::Correct);
        assert!(unmet(verdict(&def, &a(hpa(4, 40, 30)))).contains("reached 40 pods"));
        // A finding at its line and column.
        let bad = unmet(verdict(
            &def,
            &a(hpa(4, 20, 60).replace("maxReplicas", "maxReplica")),
        ));
        assert!(bad.starts_with("hpa.yaml:"), "{bad}");
        let other = unmet(verdict(
            &def,
            &a(hpa(4, 20, 60).replace("name: shop-api\n  minR", "name: web\n  minR")),
        ));
        assert!(other.contains("Deployment shop-api"), "{other}");
        let valid = ScalingCheck::Valid(ValidCheck {
            input: String::new(),
            platform: Kind::Eks,
        });
        assert_eq!(
            grade(&valid, &services(&def), &a(hpa(4, 6, 80))).verdict,
            Verdict::Correct
        );
    }

    #[test]
    fn app_runner_scales_on_concurrency() {
        let def = base(Kind::AppRunner);
        let ar = |conc: &str, min: &str, max: &str| {
            answers(
                &def,
                &[("MaxConcurrency", conc), ("MinSize", min), ("MaxSize", max)],
            )
        };
        // The default configuration: one instance takes 100 concurrent requests, far more
        // than it can serve, so App Runner barely scales.
        assert!(unmet(verdict(&def, &ar("100", "1", "25"))).contains("429"));
        assert_eq!(verdict(&def, &ar("15", "1", "20")), Verdict::Correct);
        assert!(unmet(verdict(&def, &ar("300", "1", "20"))).contains("from 1 to 200"));
        assert!(unmet(verdict(&def, &ar("15", "25", "25"))).contains("still desired"));
    }

    #[test]
    fn the_panel_draws_demand_desired_healthy_and_rejections() {
        let mut def = base(Kind::Ecs);
        for (k, v) in [
            ("MinCapacity", 4.0),
            ("MaxCapacity", 6.0),
            ("TargetValue", 70.0),
            ("ScaleOutCooldown", 300.0),
            ("ScaleInCooldown", 300.0),
        ] {
            def.current.insert(k.into(), v);
        }
        let workspace = crate::family::Workspace::default();
        let view = LabView {
            inputs: &[],
            workspace: &workspace,
            checks: &[],
        };
        let mut p = Panel::default();
        panel(
            &services(&def),
            &view,
            &Answers::new(),
            &[],
            Lang::En,
            &mut p,
        );
        let drawing = p
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Drawing(d) => Some(d),
                _ => None,
            })
            .expect("a drawing");
        let lines = drawing
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Line { .. }))
            .count();
        assert_eq!(lines, 3);
        assert!(drawing.shapes.iter().any(|s| matches!(
            s,
            Shape::Bar {
                tone: Tone::Bad,
                ..
            }
        )));
        let rows = p
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table { rows, .. } => Some(rows),
                _ => None,
            })
            .expect("the activities");
        assert!(!rows.is_empty());
        assert_eq!(rows[0][1].text, "Application Auto Scaling");
        assert!(rows[0][4].text.starts_with("Setting desired count to"));
        assert!(p.blocks.iter().any(|b| matches!(b, Block::Note { text, .. } if text.contains("team's current configuration"))));
    }
}
