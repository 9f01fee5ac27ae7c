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
use super::model::Platform;
use super::output::{BreakerStage, EventKind, Health, Outcome, RolloutState, StopReason, Version};
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
            let number = self.deploy.number;
            self.log(t, EventKind::DeploymentCompleted { deployment: number });
            self.log(t, EventKind::SteadyState);
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
        self.deploy.rollout_state = Some(RolloutState::Failed);
        let failed = self.deploy.number;
        self.log(
            t,
            EventKind::DeploymentFailed {
                deployment: failed,
                rolling_back: breaker.rollback,
            },
        );
        if breaker.rollback {
            // The last COMPLETED deployment (the initial one) becomes the target again.
            self.deploy.rolling_back = true;
            self.deploy.target = 0;
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
        } else {
            self.finish(t, Outcome::Failed);
        }
    }

    /// A task of `version` became healthy: the failure count resets.
    pub(super) fn ecs_healthy(&mut self, _t: u32, version: Version) {
        if self.deploy.in_progress && version == self.deploy.target {
            self.breaker_failures = 0;
        }
    }
}
