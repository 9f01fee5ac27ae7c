//! The ECS service scheduler's rolling update (`ECS` deployment controller) and the
//! deployment circuit breaker.
//!
//! Each second the scheduler compares the service's tasks with its bounds
//! ([`super::ecs_bounds`]): it starts new-image tasks while fewer than `desiredCount` run
//! the new image and the total stays within `maximumPercent`, and stops old-image tasks
//! while the healthy count stays at or above `minimumHealthyPercent` — "Deploy Amazon ECS
//! services by replacing tasks",
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html>.
//! Draining tasks (DEACTIVATING) are not counted against `maximumPercent`.
//!
//! The circuit breaker counts a failure when a new task stops before RUNNING (stage 1) or is
//! stopped for failing its load balancer health checks (stage 2), resets the count when a
//! task becomes healthy (`resetOnHealthyTask`, default true,
//! <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html>),
//! and at the threshold ([`super::circuit_breaker_threshold`]) moves the deployment to
//! FAILED; with `rollback` it rolls back to the last COMPLETED deployment, otherwise it
//! stops launching tasks — "How the Amazon ECS deployment circuit breaker detects
//! failures",
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html>.

use super::arith::{circuit_breaker_threshold, ecs_bounds};
use super::model::{EcsStrategy, LifecycleStage, Platform};
use super::output::{
    BreakerStage, EventKind, FailReason, Health, Outcome, RolloutState, StopReason, Version,
};
use super::sim::{Phase, World};

impl World<'_> {
    fn ecs(&self) -> &super::model::EcsService {
        match &self.sc.platform {
            Platform::Ecs(s) => s,
            _ => unreachable!("ecs_step runs only on ECS"),
        }
    }

    /// One second of the service scheduler.
    pub(super) fn ecs_step(&mut self, t: u32) {
        let target = self.deploy.target;
        if !self.deploy.in_progress {
            if self.deploy.outcome == Outcome::Failed {
                // FAILED without rollback: no new tasks are launched.
                return;
            }
            self.maintain(t, target);
            return;
        }
        let service = self.ecs().clone();
        if let (EcsStrategy::BlueGreen { .. }, false) = (service.strategy, self.deploy.rolling_back)
        {
            self.blue_green_step(t);
            return;
        }
        let desired = self.desired;
        let bounds = ecs_bounds(
            desired,
            service.minimum_healthy_percent,
            service.maximum_percent,
        );
        let new_active = self.count(|u| u.version == target && u.phase.active());
        let old_active = self.count(|u| u.version != target && u.phase.active());
        let healthy = self.count(|u| u.serving());
        let start = desired
            .saturating_sub(new_active)
            .min(bounds.max_running.saturating_sub(new_active + old_active));
        let stop = old_active.min(healthy.saturating_sub(bounds.min_healthy));
        if start > 0 {
            self.launch(t, target, start);
        }
        if stop > 0 {
            for id in self.pick_to_stop(|v| v != target, stop) {
                self.stop(t, id, StopReason::ScaledDown);
            }
        }
        let new_healthy = self.count(|u| u.version == target && u.serving());
        let others = self.count(|u| u.version != target);
        if new_active == desired && new_healthy == desired && others == 0 && stop == 0 {
            // With deployment alarms, the deployment bakes (alarms watched) before COMPLETED.
            if !self.deploy.rolling_back && self.alarm_bake_s > 0 {
                let until = *self.bake_until.get_or_insert_with(|| t + self.alarm_bake_s);
                if until == t + self.alarm_bake_s {
                    self.log(t, EventKind::SteadyState);
                    let seconds = self.alarm_bake_s;
                    self.log(t, EventKind::BakeTime { seconds });
                }
                if t < until {
                    return;
                }
            }
            let number = self.deploy.number;
            self.log(t, EventKind::DeploymentCompleted { deployment: number });
            if self.bake_until.is_none() || self.deploy.rolling_back {
                self.log(t, EventKind::SteadyState);
            }
            if self.deploy.rolling_back {
                self.deploy.rolled_back = true;
                self.finish(t, Outcome::RolledBack);
            } else {
                self.deploy.rollout_state = Some(RolloutState::Completed);
                self.finish(t, Outcome::Completed);
            }
        }
    }

    /// Outside a deployment: keeps `desired` tasks of `version`.
    fn maintain(&mut self, t: u32, version: Version) {
        let active = self.count(|u| u.version == version && u.phase.active());
        if active < self.desired {
            self.launch(t, version, self.desired - active);
        } else if active > self.desired {
            for id in self.pick_to_stop(|v| v == version, active - self.desired) {
                self.stop(t, id, StopReason::ScaledDown);
            }
        }
    }

    pub(super) fn count(&self, f: impl Fn(&super::sim::Unit) -> bool) -> u32 {
        self.units.iter().filter(|u| f(u)).count() as u32
    }

    /// Up to `n` active units of the versions `which` accepts, the least useful first:
    /// not yet running, then not healthy, then the newest.
    pub(super) fn pick_to_stop(&self, which: impl Fn(Version) -> bool, n: u32) -> Vec<u32> {
        let mut candidates: Vec<(u8, std::cmp::Reverse<u32>)> = self
            .units
            .iter()
            .filter(|u| which(u.version) && u.phase.active())
            .map(|u| {
                let rank = if u.phase != Phase::Running {
                    0
                } else if u.health != Health::Healthy {
                    1
                } else {
                    2
                };
                (rank, std::cmp::Reverse(u.id))
            })
            .collect();
        candidates.sort();
        candidates
            .into_iter()
            .take(n as usize)
            .map(|(_, id)| id.0)
            .collect()
    }

    /// A task of `version` failed; the circuit breaker counts it during a deployment of
    /// that version.
    pub(super) fn ecs_failure(&mut self, t: u32, version: Version, stage: BreakerStage) {
        let Some(breaker) = self.ecs().circuit_breaker else {
            return;
        };
        if !self.deploy.in_progress || self.deploy.rolling_back || version != self.deploy.target {
            return;
        }
        self.breaker_failures += 1;
        let threshold = circuit_breaker_threshold(self.desired);
        self.log(
            t,
            EventKind::BreakerFailure {
                failures: self.breaker_failures,
                threshold,
                stage,
            },
        );
        if self.breaker_failures < threshold {
            return;
        }
        self.fail_deployment(t, FailReason::TasksFailedToStart, breaker.rollback);
    }

    /// Fails the deployment in progress; with `rollback`, rolls back to the last COMPLETED
    /// deployment (blue/green: production traffic back to blue at once, green removed).
    pub(super) fn fail_deployment(&mut self, t: u32, reason: FailReason, rollback: bool) {
        if !self.deploy.in_progress || self.deploy.rolling_back {
            return;
        }
        self.deploy.rollout_state = Some(RolloutState::Failed);
        let failed = self.deploy.number;
        self.log(
            t,
            EventKind::DeploymentFailed {
                deployment: failed,
                reason,
                rolling_back: rollback,
            },
        );
        if !rollback {
            self.finish(t, Outcome::Failed);
            return;
        }
        self.deploy.number += 1;
        let number = self.deploy.number;
        self.log(
            t,
            EventKind::DeploymentStarted {
                deployment: number,
                version: 0,
                rollback: true,
            },
        );
        self.deploy.target = 0;
        if let EcsStrategy::BlueGreen { .. } = self.ecs().strategy {
            self.serving = 0;
            for id in self.pick_to_stop(|v| v == 1, u32::MAX) {
                self.stop(t, id, StopReason::ScaledDown);
            }
            self.deploy.rolled_back = true;
            self.log(t, EventKind::DeploymentCompleted { deployment: number });
            self.finish(t, Outcome::RolledBack);
        } else {
            // The last COMPLETED deployment (the initial one) becomes the target again.
            self.deploy.rolling_back = true;
        }
    }

    /// Enters a blue/green lifecycle stage; false when its hook fails (the deployment then
    /// rolls back).
    fn enter(&mut self, t: u32, stage: LifecycleStage) -> bool {
        self.bg_stage = Some(stage);
        self.log(t, EventKind::Stage { stage });
        if let EcsStrategy::BlueGreen {
            failing_hook: Some(hook),
            ..
        } = self.ecs().strategy
        {
            if hook == stage {
                self.fail_deployment(t, FailReason::LifecycleHook, true);
                return false;
            }
        }
        true
    }

    /// One second of an ECS blue/green deployment.
    fn blue_green_step(&mut self, t: u32) {
        let EcsStrategy::BlueGreen { bake_time_s, .. } = self.ecs().strategy else {
            return;
        };
        let desired = self.desired;
        match self.bg_stage {
            None => {
                if !self.enter(t, LifecycleStage::PreScaleUp)
                    || !self.enter(t, LifecycleStage::ScaleUp)
                {
                    return;
                }
                self.launch(t, 1, desired);
            }
            Some(LifecycleStage::ScaleUp) => {
                let active = self.count(|u| u.version == 1 && u.phase.active());
                if active < desired {
                    self.launch(t, 1, desired - active);
                }
                let healthy = self.count(|u| u.version == 1 && u.serving());
                if healthy < desired {
                    return;
                }
                for stage in [
                    LifecycleStage::PostScaleUp,
                    LifecycleStage::TestTrafficShift,
                    LifecycleStage::PostTestTrafficShift,
                    LifecycleStage::ProductionTrafficShift,
                ] {
                    if !self.enter(t, stage) {
                        return;
                    }
                }
                self.serving = 1;
                self.log(t, EventKind::TrafficSwitched { version: 1 });
                if !self.enter(t, LifecycleStage::PostProductionTrafficShift)
                    || !self.enter(t, LifecycleStage::BakeTime)
                {
                    return;
                }
                self.bake_until = Some(t.saturating_add(bake_time_s));
            }
            Some(LifecycleStage::BakeTime) => {
                if t < self.bake_until.unwrap_or(0) {
                    return;
                }
                if !self.enter(t, LifecycleStage::CleanUp) {
                    return;
                }
                for id in self.pick_to_stop(|v| v == 0, u32::MAX) {
                    self.stop(t, id, StopReason::ScaledDown);
                }
            }
            Some(LifecycleStage::CleanUp) => {
                if self.count(|u| u.version == 0) == 0 {
                    let number = self.deploy.number;
                    self.log(t, EventKind::DeploymentCompleted { deployment: number });
                    self.log(t, EventKind::SteadyState);
                    self.deploy.rollout_state = Some(RolloutState::Completed);
                    self.finish(t, Outcome::Completed);
                }
            }
            Some(_) => {}
        }
    }

    /// A task of `version` became healthy: the failure count resets.
    pub(super) fn ecs_healthy(&mut self, _t: u32, version: Version) {
        if self.deploy.in_progress && version == self.deploy.target {
            self.breaker_failures = 0;
        }
    }
}
