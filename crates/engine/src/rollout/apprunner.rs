//! AWS App Runner: concurrency-based scaling between `MinSize` and `MaxSize`, and a new
//! image deployed as a replacement fleet that takes all traffic at once when healthy.
//!
//! App Runner scales on concurrent requests: each instance handles up to `MaxConcurrency`;
//! above that it adds instances, up to `MaxSize` — "Managing App Runner automatic scaling",
//! <https://docs.aws.amazon.com/apprunner/latest/dg/manage-autoscaling.html>. Concurrency is
//! estimated here as requests per second × mean latency (Little's law). What App Runner
//! answers above `MaxSize × MaxConcurrency` is not in the documentation found: this
//! simulator answers the excess 429 at once (an assumption; no request queue is modelled).
//! Scale-in waits `scale_in_delay_s` (an assumption too). Note: the same guide now says "AWS
//! App Runner is no longer open to new customers. Existing customers can continue to use the
//! service as normal." Instances without
//! requests are *provisioned* (billed for memory only), those handling requests *active*
//! (vCPU and memory) — <https://aws.amazon.com/apprunner/pricing/>. A deployment starts a
//! new fleet of the current size, switches traffic once all of it passes health checks,
//! and stops the old one; if the new image crashes or fails its health check, the
//! deployment fails and the old fleet keeps serving.

use super::arith::app_runner_instances;
use super::model::Platform;
use super::output::{EventKind, Outcome, Scaler, StopReason, Version};
use super::sim::World;

impl World<'_> {
    fn app_runner(&self) -> super::model::AppRunnerService {
        match &self.sc.platform {
            Platform::AppRunner(a) => *a,
            _ => unreachable!("app_runner_step runs only on App Runner"),
        }
    }

    /// Concurrent requests in the last second, estimated by Little's law.
    fn concurrency(&self) -> f64 {
        match &self.last {
            Some(tick) => (tick.requests as f64) * self.mean_latency_s(self.serving),
            None => 0.0,
        }
    }

    /// One second of App Runner: scaling, then the deployment.
    pub(super) fn app_runner_step(&mut self, t: u32) {
        let config = self.app_runner();
        let concurrency = self.concurrency();
        let wanted = app_runner_instances(
            concurrency,
            config.max_concurrency,
            config.min_size,
            config.max_size,
        );
        let from = self.desired;
        if wanted > from {
            self.desired = wanted;
            self.below_since = None;
        } else if wanted < from {
            let since = *self.below_since.get_or_insert(t);
            if t.saturating_sub(since) >= config.scale_in_delay_s {
                self.desired = wanted;
                self.below_since = None;
            }
        } else {
            self.below_since = None;
        }
        if self.desired != from {
            self.log(
                t,
                EventKind::Scaled {
                    by: Scaler::AppRunner,
                    from,
                    to: self.desired,
                    metric: concurrency,
                    target: f64::from(config.max_concurrency),
                },
            );
        }
        let serving = self.serving;
        self.keep(t, serving, self.desired);
        if self.deploy.in_progress && !self.deploy.rolling_back {
            let green = 1 - serving;
            let healthy = self.count(|u| u.version == green && u.serving());
            if healthy >= self.green_size {
                self.serving = green;
                self.log(t, EventKind::TrafficSwitched { version: green });
                for id in self.pick_to_stop(|v| v == serving, u32::MAX) {
                    self.stop(t, id, StopReason::ScaledDown);
                }
                self.deploy.target = green;
                let number = self.deploy.number;
                self.log(t, EventKind::DeploymentCompleted { deployment: number });
                self.finish(t, Outcome::Completed);
            }
        }
    }

    /// Keeps `n` active instances of `version`.
    fn keep(&mut self, t: u32, version: Version, n: u32) {
        let have = self.count(|u| u.version == version && u.phase.active());
        if have < n {
            self.launch(t, version, n - have);
        } else if have > n {
            for id in self.pick_to_stop(|v| v == version, have - n) {
                self.stop(t, id, StopReason::ScaledDown);
            }
        }
    }

    /// Starts the replacement fleet.
    pub(super) fn app_runner_deploy(&mut self, t: u32) {
        self.green_size = self.desired.max(1);
        let green = 1 - self.serving;
        self.launch(t, green, self.green_size);
    }

    /// An instance of `version` crashed or failed its health check.
    pub(super) fn app_runner_failure(&mut self, t: u32, version: Version) {
        if !self.deploy.in_progress || version == self.serving {
            return;
        }
        for id in self.pick_to_stop(|v| v == version, u32::MAX) {
            self.stop(t, id, StopReason::ScaledDown);
        }
        let number = self.deploy.number;
        self.log(
            t,
            EventKind::DeploymentFailed {
                deployment: number,
                reason: super::output::FailReason::HealthChecks,
                rolling_back: false,
            },
        );
        self.finish(t, Outcome::Failed);
    }
}
