//! The Kubernetes Deployment controller: RollingUpdate and Recreate, ReplicaSets scaled
//! and reconciled pod by pod, `minReadySeconds`, and `progressDeadlineSeconds`.
//!
//! RollingUpdate each second, as the controller's `rolloutRolling` does: scale the new
//! ReplicaSet up so that all ReplicaSets' replicas stay at most `replicas + maxSurge`; then,
//! if `allPods − (replicas − maxUnavailable) − newRSUnavailable` is positive, first remove
//! old pods that are not available, then scale old ReplicaSets down by as many as the
//! available pods exceed `replicas − maxUnavailable` — "Deployments", "Rolling Update
//! Deployment", <https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment>.
//! A pod is available once Ready for `minReadySeconds`. The rollout is complete when the new
//! ReplicaSet has `replicas` available pods and no old pod runs (reason
//! `NewReplicaSetAvailable`); without progress for `progressDeadlineSeconds` the
//! `Progressing` condition turns False with reason `ProgressDeadlineExceeded`, and
//! "Kubernetes takes no action on a stalled Deployment other than to report a status
//! condition" (same page, "Failed Deployment"): nothing is rolled back.

use super::model::{K8sStrategy, Platform};
use super::output::{EventKind, Health, Outcome, StopReason, Version};
use super::sim::{Phase, Unit, World};

impl World<'_> {
    fn k8s(&self) -> &super::model::K8sDeployment {
        match &self.sc.platform {
            Platform::Kubernetes(d) => d,
            _ => unreachable!("k8s_step runs only on Kubernetes"),
        }
    }

    /// Ready for `minReadySeconds`.
    fn available(&self, u: &Unit, t: u32) -> bool {
        let min_ready = self.k8s().min_ready_seconds;
        u.phase == Phase::Running
            && u.health == Health::Healthy
            && u.healthy_since
                .is_some_and(|since| t >= since.saturating_add(min_ready))
    }

    fn available_of(&self, version: Version, t: u32) -> u32 {
        self.units
            .iter()
            .filter(|u| u.version == version && self.available(u, t))
            .count() as u32
    }

    fn set_rs(&mut self, t: u32, version: Version, to: u32) {
        let from = self.rs[version as usize];
        if from != to {
            self.rs[version as usize] = to;
            self.log(t, EventKind::ReplicaSetScaled { version, from, to });
            if self.deploy.in_progress {
                self.last_progress = t;
            }
        }
    }

    /// One second of the Deployment controller, then the ReplicaSet controllers.
    pub(super) fn k8s_step(&mut self, t: u32) {
        let deployment = self.k8s().clone();
        let new = self.deploy.target;
        let old = 1 - new;
        let replicas = self.desired;
        if !self.deploy.in_progress {
            self.set_rs(t, new, replicas);
        } else {
            let new_available_before = self.available_of(new, t);
            match deployment.strategy {
                K8sStrategy::Recreate => {
                    self.set_rs(t, old, 0);
                    let old_pods = self.count(|u| u.version == old);
                    if old_pods == 0 {
                        self.set_rs(t, new, replicas);
                    }
                }
                K8sStrategy::RollingUpdate {
                    max_surge,
                    max_unavailable,
                } => {
                    let all = self.rs[0] + self.rs[1];
                    let max_total = replicas.saturating_add(max_surge);
                    if all < max_total && self.rs[new as usize] < replicas {
                        let up = (max_total - all).min(replicas - self.rs[new as usize]);
                        let to = self.rs[new as usize] + up;
                        self.set_rs(t, new, to);
                    }
                    let all = i64::from(self.rs[0] + self.rs[1]);
                    let min_available = i64::from(replicas.saturating_sub(max_unavailable));
                    let new_available = self.available_of(new, t);
                    let new_unavailable =
                        i64::from(self.rs[new as usize].saturating_sub(new_available));
                    let mut max_scaled_down = all - min_available - new_unavailable;
                    if max_scaled_down > 0 && self.rs[old as usize] > 0 {
                        let old_available = self.available_of(old, t);
                        let old_unavailable = self.rs[old as usize].saturating_sub(old_available);
                        let clean = i64::from(old_unavailable).min(max_scaled_down);
                        if clean > 0 {
                            let to = self.rs[old as usize] - clean as u32;
                            self.set_rs(t, old, to);
                            max_scaled_down -= clean;
                        }
                        let _ = max_scaled_down;
                        let available = i64::from(new_available + self.available_of(old, t));
                        let down = (available - min_available)
                            .min(i64::from(self.rs[old as usize]))
                            .max(0);
                        if down > 0 {
                            let to = self.rs[old as usize] - down as u32;
                            self.set_rs(t, old, to);
                        }
                    }
                }
            }
            if self.available_of(new, t) > new_available_before {
                self.last_progress = t;
            }
        }
        self.reconcile(t, 0);
        self.reconcile(t, 1);
        if self.deploy.in_progress {
            let new_available = self.available_of(new, t);
            let old_pods = self.count(|u| u.version == old && u.phase.active());
            if self.rs[new as usize] == replicas && new_available >= replicas && old_pods == 0 {
                let number = self.deploy.number;
                self.log(t, EventKind::DeploymentCompleted { deployment: number });
                self.finish(t, Outcome::Completed);
            } else if !self.deadline_exceeded
                && t.saturating_sub(self.last_progress) > deployment.progress_deadline_seconds
            {
                self.deadline_exceeded = true;
                self.deploy.finished = Some(t);
                self.deploy.outcome = Outcome::Stalled;
                self.log(
                    t,
                    EventKind::ProgressDeadlineExceeded {
                        deadline_s: deployment.progress_deadline_seconds,
                    },
                );
            }
        }
    }

    /// The ReplicaSet controller: creates or deletes pods of `version` to match its
    /// replicas (deleting pending pods first, then not-ready ones, then the newest).
    fn reconcile(&mut self, t: u32, version: Version) {
        let want = self.rs[version as usize];
        let have = self.count(|u| u.version == version && u.phase.active());
        if have < want {
            self.launch(t, version, want - have);
        } else if have > want {
            for id in self.pick_to_stop(|v| v == version, have - want) {
                self.stop(t, id, StopReason::ScaledDown);
            }
        }
    }
}
