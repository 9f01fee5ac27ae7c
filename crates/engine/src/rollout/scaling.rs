//! The scalers that change the desired count: ECS Service Auto Scaling's target tracking
//! policy and the Kubernetes HorizontalPodAutoscaler (App Runner scales in `apprunner`).
//!
//! Target tracking: Application Auto Scaling creates two CloudWatch alarms on the metric,
//! one-minute datapoints; the high alarm (`AlarmHigh`) scales out after 3 datapoints above
//! the target, the low one (`AlarmLow`) scales in after 15 — as the CloudWatch console shows
//! the alarms a target tracking policy creates ("3 datapoints within 3 minutes", "15
//! datapoints within 15 minutes"; the user guide does not spell them out). Scale-in starts
//! only "when utilization reaches a threshold sufficiently below the target value (usually
//! more than 10% lower)": the low alarm's threshold here is 90 % of the target — "How target
//! tracking scaling for Application Auto Scaling works",
//! <https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html>;
//! the new capacity is [`super::target_tracking_capacity`]; a scale-out cooldown blocks
//! further scale-outs and a scale-in cooldown further scale-ins (both 300 s by default for
//! ECS, "Define cooldown periods",
//! <https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html>);
//! scale-in is off while a deployment is in progress ("Application Auto Scaling turns off
//! scale-in processes while Amazon ECS deployments are in progress",
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-autoscaling-targettracking.html>).
//! Simplified: a scale-in removes as much capacity as the formula says (AWS scales in "more
//! gradually").
//!
//! HPA: every sync period (15 s) the controller computes [`super::hpa_replicas`] from the
//! ready pods' average CPU over the period (pods not yet ready count as 0 % when scaling up), keeps the recommendations of the stabilization
//! windows (scale-up takes their minimum, scale-down their maximum), and limits the change
//! with the policies of `behavior` (`selectPolicy` Max: the policy allowing the largest
//! change) over their `periodSeconds` —
//! <https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/>.
//! Simplified: the ready pods' CPU is one average over the period (not per pod), pods
//! without metrics are not modelled, and CPU is a share of the pod's capacity.

use super::arith::{hpa_replicas, target_tracking_capacity};
use super::model::{
    Hpa, HpaRules, Platform, PolicyKind, Scenario, SelectPolicy, TargetTracking, TrackedMetric,
};
use super::output::{EventKind, Scaler, Tick};
use super::sim::World;

/// Datapoints above the target before a scale-out.
pub const SCALE_OUT_DATAPOINTS: usize = 3;
/// Datapoints below the low threshold before a scale-in.
pub const SCALE_IN_DATAPOINTS: usize = 15;

/// The low alarm's threshold as a share of the target.
pub const SCALE_IN_THRESHOLD: f64 = 0.9;

struct Tracking {
    policy: TargetTracking,
    /// This minute's samples.
    samples: Vec<f64>,
    /// The requests and target-seconds of this minute (ALBRequestCountPerTarget).
    requests: u64,
    target_seconds: u64,
    datapoints: Vec<f64>,
    last_out: Option<u32>,
    last_in: Option<u32>,
}

struct Autoscaler {
    hpa: Hpa,
    /// This sync period's CPU samples (seconds with ready pods).
    samples: Vec<f64>,
    /// (second, recommendation).
    recommendations: Vec<(u32, u32)>,
    /// (second, from, to) of past scaling.
    history: Vec<(u32, u32, u32)>,
}

/// The run's scalers.
pub(super) struct Scalers {
    tracking: Option<Tracking>,
    hpa: Option<Autoscaler>,
}

impl Scalers {
    pub(super) fn new(sc: &Scenario) -> Scalers {
        let tracking = match &sc.platform {
            Platform::Ecs(s) => s.autoscaling.map(|policy| Tracking {
                policy,
                samples: Vec::new(),
                requests: 0,
                target_seconds: 0,
                datapoints: Vec::new(),
                last_out: None,
                last_in: None,
            }),
            _ => None,
        };
        let hpa = match &sc.platform {
            Platform::Kubernetes(d) => d.hpa.clone().map(|hpa| Autoscaler {
                hpa,
                samples: Vec::new(),
                recommendations: Vec::new(),
                history: Vec::new(),
            }),
            _ => None,
        };
        Scalers { tracking, hpa }
    }

    /// The desired count at second 0, within the scaler's bounds.
    pub(super) fn initial_desired(&self, desired: u32) -> u32 {
        if let Some(tr) = &self.tracking {
            return desired.clamp(tr.policy.min_capacity, tr.policy.max_capacity);
        }
        if let Some(a) = &self.hpa {
            return desired.clamp(a.hpa.min_replicas, a.hpa.max_replicas);
        }
        desired
    }

    /// Collects the second's metrics.
    pub(super) fn observe(&mut self, tick: &Tick, _world: &World<'_>) {
        let serving = tick.healthy[0] + tick.healthy[1];
        if let Some(tr) = &mut self.tracking {
            if serving > 0 {
                tr.samples.push(tick.cpu_percent);
            }
            tr.requests += tick.requests;
            tr.target_seconds += u64::from(serving);
        }
        if let Some(a) = &mut self.hpa {
            if serving > 0 {
                a.samples.push(tick.cpu_percent);
            }
        }
    }

    /// Acts at second `t` on what was observed before it.
    pub(super) fn act(&mut self, t: u32, world: &mut World<'_>) {
        if let Some(tr) = &mut self.tracking {
            if t > 0 && t.is_multiple_of(60) {
                tracking_minute(t, tr, world);
            }
        }
        if let Some(a) = &mut self.hpa {
            let period = a.hpa.sync_period_s;
            if t > 0 && t.is_multiple_of(period) {
                hpa_sync(t, a, world);
            }
        }
    }
}

/// The end of a one-minute period: a datapoint for the two alarms, and a scaling activity
/// if one is in ALARM.
fn tracking_minute(t: u32, tr: &mut Tracking, world: &mut World<'_>) {
    let value = match tr.policy.metric {
        TrackedMetric::EcsServiceAverageCpuUtilization => {
            if tr.samples.is_empty() {
                None
            } else {
                Some(tr.samples.iter().sum::<f64>() / tr.samples.len() as f64)
            }
        }
        TrackedMetric::AlbRequestCountPerTarget => {
            // The minute's requests divided by the average number of healthy targets.
            if tr.target_seconds == 0 {
                None
            } else {
                Some(tr.requests as f64 * 60.0 / tr.target_seconds as f64)
            }
        }
    };
    tr.samples.clear();
    tr.requests = 0;
    tr.target_seconds = 0;
    let Some(value) = value else {
        // Insufficient data: no scaling either way.
        tr.datapoints.clear();
        return;
    };
    tr.datapoints.push(value);
    if tr.datapoints.len() > SCALE_IN_DATAPOINTS {
        tr.datapoints.remove(0);
    }
    let p = tr.policy;
    let current = world.desired;
    let n = tr.datapoints.len();
    let high = n >= SCALE_OUT_DATAPOINTS
        && tr.datapoints[n - SCALE_OUT_DATAPOINTS..]
            .iter()
            .all(|&v| v > p.target_value);
    let low = n >= SCALE_IN_DATAPOINTS
        && tr
            .datapoints
            .iter()
            .all(|&v| v < p.target_value * SCALE_IN_THRESHOLD);
    let cooling =
        |last: Option<u32>, cooldown: u32| last.is_some_and(|l| t < l.saturating_add(cooldown));
    if high && !cooling(tr.last_out, p.scale_out_cooldown_s) {
        let to = target_tracking_capacity(
            current,
            value,
            p.target_value,
            p.min_capacity,
            p.max_capacity,
        );
        if to > current {
            world.desired = to;
            tr.last_out = Some(t);
            world.log(
                t,
                EventKind::Scaled {
                    by: Scaler::TargetTracking,
                    from: current,
                    to,
                    metric: value,
                    target: p.target_value,
                },
            );
        }
    } else if low
        && !p.disable_scale_in
        && !world.deploy.in_progress
        && !cooling(tr.last_in, p.scale_in_cooldown_s)
    {
        let to = target_tracking_capacity(
            current,
            value,
            p.target_value,
            p.min_capacity,
            p.max_capacity,
        );
        if to < current {
            world.desired = to;
            tr.last_in = Some(t);
            world.log(
                t,
                EventKind::Scaled {
                    by: Scaler::TargetTracking,
                    from: current,
                    to,
                    metric: value,
                    target: p.target_value,
                },
            );
        }
    }
}

/// The replicas a direction's policies allow at second `t`, from `current`, given the
/// scaling `history`; `None` when the direction is disabled.
fn policy_limit(
    rules: &HpaRules,
    up: bool,
    t: u32,
    current: u32,
    history: &[(u32, u32, u32)],
) -> Option<u32> {
    if rules.select == SelectPolicy::Disabled {
        return None;
    }
    let mut best: Option<u32> = None;
    for policy in &rules.policies {
        // The replicas at the start of the policy's period: the current count less what was
        // added (or plus what was removed) within it.
        let mut start = i64::from(current);
        for &(when, from, to) in history {
            if t.saturating_sub(when) < policy.period_s {
                let change = i64::from(to) - i64::from(from);
                if (up && change > 0) || (!up && change < 0) {
                    start -= change;
                }
            }
        }
        let start = start.max(0) as f64;
        let value = f64::from(policy.value);
        let limit = match (policy.kind, up) {
            (PolicyKind::Pods, true) => start + value,
            (PolicyKind::Pods, false) => start - value,
            (PolicyKind::Percent, true) => (start * (1.0 + value / 100.0)).ceil(),
            (PolicyKind::Percent, false) => (start * (1.0 - value / 100.0)).ceil(),
        };
        let limit = limit.clamp(0.0, f64::from(u32::MAX)) as u32;
        best = Some(match (best, rules.select, up) {
            (None, _, _) => limit,
            // Max: the largest change (highest limit up, lowest down).
            (Some(b), SelectPolicy::Max, true) | (Some(b), SelectPolicy::Min, false) => {
                b.max(limit)
            }
            (Some(b), _, _) => b.min(limit),
        });
    }
    best
}

/// One HPA sync.
fn hpa_sync(t: u32, a: &mut Autoscaler, world: &mut World<'_>) {
    let samples = std::mem::take(&mut a.samples);
    if samples.is_empty() {
        return;
    }
    let metric = samples.iter().sum::<f64>() / samples.len() as f64;
    let hpa = &a.hpa;
    let current = world.desired;
    let ready = world.count(|u| u.serving());
    let not_ready = world.count(|u| u.phase.active() && !u.serving());
    let raw = hpa_replicas(
        current,
        ready,
        not_ready,
        metric,
        hpa.target_cpu_percent,
        hpa.tolerance,
    )
    .clamp(hpa.min_replicas, hpa.max_replicas);
    a.recommendations.push((t, raw));
    let keep = hpa
        .scale_up
        .stabilization_window_s
        .max(hpa.scale_down.stabilization_window_s);
    a.recommendations
        .retain(|&(when, _)| t.saturating_sub(when) <= keep);
    let within = |window: u32| {
        a.recommendations
            .iter()
            .filter(move |&&(when, _)| t.saturating_sub(when) <= window)
            .map(|&(_, r)| r)
    };
    let up_rec = within(hpa.scale_up.stabilization_window_s)
        .min()
        .unwrap_or(raw);
    let down_rec = within(hpa.scale_down.stabilization_window_s)
        .max()
        .unwrap_or(raw);
    let mut desired = current;
    if desired < up_rec {
        desired = up_rec;
    }
    if desired > down_rec {
        desired = down_rec;
    }
    if desired > current {
        match policy_limit(&hpa.scale_up, true, t, current, &a.history) {
            Some(limit) => desired = desired.min(limit.max(current)),
            None => desired = current,
        }
    } else if desired < current {
        match policy_limit(&hpa.scale_down, false, t, current, &a.history) {
            Some(limit) => desired = desired.max(limit.min(current)),
            None => desired = current,
        }
    }
    let desired = desired.clamp(hpa.min_replicas, hpa.max_replicas);
    if desired != current {
        a.history.push((t, current, desired));
        a.history
            .retain(|&(when, _, _)| t.saturating_sub(when) <= 3_600);
        world.desired = desired;
        world.log(
            t,
            EventKind::Scaled {
                by: Scaler::Hpa,
                from: current,
                to: desired,
                metric,
                target: hpa.target_cpu_percent,
            },
        );
    }
}
