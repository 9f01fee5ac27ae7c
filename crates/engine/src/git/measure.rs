//! Measures of a history for DORA: when each change reached a branch, the integrations into
//! it, branch lifetimes, and the [`EventLog`] the DORA engine reads.
//!
//! Definitions used: a change's start is its author date, or for a squash, rebase or
//! cherry-pick the earliest author date of the commits it replays; it reaches a branch when
//! the branch moves to a commit that contains it (a commit on the branch, a fast-forward, a
//! merge). An integration is any move of the branch that brings new commits (a direct commit
//! to trunk counts: that is trunk-based work). Merge commits are not changes.

use std::collections::{BTreeMap, BTreeSet};

use super::{Repo, UpdateKind};
use crate::dora::{Commit as DoraCommit, Deployment, DeploymentStatus, EventLog};

const DAY: f64 = 86_400.0;

/// When one change reached a branch.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    /// The commit's full id.
    pub commit: String,
    /// When the change was first written.
    pub started: i64,
    /// When this commit was made.
    pub committed: i64,
    /// When it reached the branch.
    pub reached: i64,
    /// Whether it is a merge commit (not a change of its own).
    pub merge: bool,
    /// The feature flag the change is behind, if any.
    pub flag: Option<String>,
}

impl Arrival {
    /// Seconds from the change's start to the branch.
    pub fn lead_time(&self) -> i64 {
        self.reached.saturating_sub(self.started).max(0)
    }
}

/// Each commit's start: the earliest author date of it and of what it replays.
fn starts(repo: &Repo) -> BTreeMap<&str, i64> {
    let mut out: BTreeMap<&str, i64> = BTreeMap::new();
    for c in repo.commits() {
        let mut s = c.authored;
        for o in &c.origins {
            if let Some(v) = out.get(o.as_str()) {
                s = s.min(*v);
            }
        }
        out.insert(&c.id, s);
    }
    out
}

/// Every commit that reached `branch`, in the order it arrived (then the order made).
pub fn arrivals(repo: &Repo, branch: &str) -> Vec<Arrival> {
    let starts = starts(repo);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for u in repo.reflog().iter().filter(|u| u.branch == branch) {
        let mut new: Vec<_> = repo
            .ancestors(&u.new)
            .into_iter()
            .filter(|c| !seen.contains(c))
            .filter_map(|c| repo.get(&c))
            .collect();
        new.sort_by_key(|c| c.seq);
        for c in new {
            seen.insert(c.id.clone());
            out.push(Arrival {
                commit: c.id.clone(),
                started: starts.get(c.id.as_str()).copied().unwrap_or(c.authored),
                committed: c.time,
                reached: u.time,
                merge: c.is_merge(),
                flag: c.flag.clone(),
            });
        }
    }
    out
}

/// One move of a branch that brought new commits.
#[derive(Debug, Clone, PartialEq)]
pub struct Integration {
    pub time: i64,
    pub kind: UpdateKind,
    /// The branch or revision merged, if any.
    pub source: Option<String>,
    /// How many commits it brought (merge commits included).
    pub commits: usize,
}

/// The integrations into `branch`, in order.
pub fn integrations(repo: &Repo, branch: &str) -> Vec<Integration> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for u in repo.reflog().iter().filter(|u| u.branch == branch) {
        let all = repo.ancestors(&u.new);
        let n = all.iter().filter(|c| !seen.contains(*c)).count();
        let first = u.kind == UpdateKind::Create || seen.is_empty();
        seen.extend(all);
        if n > 0 && !first {
            out.push(Integration {
                time: u.time,
                kind: u.kind,
                source: u.source.clone(),
                commits: n,
            });
        }
    }
    out
}

/// Integrations into `branch` per day in the window `from..=to` (0 for an empty window).
pub fn integration_frequency(repo: &Repo, branch: &str, from: i64, to: i64) -> f64 {
    if to <= from {
        return 0.0;
    }
    let n = integrations(repo, branch)
        .iter()
        .filter(|i| i.time >= from && i.time <= to)
        .count();
    n as f64 * DAY / (to as f64 - from as f64)
}

/// How long a branch lived before it was merged.
#[derive(Debug, Clone, PartialEq)]
pub struct BranchLifetime {
    pub branch: String,
    pub created: i64,
    /// When it was first merged into another branch, and into which.
    pub merged: Option<(i64, String)>,
    pub deleted: Option<i64>,
}

impl BranchLifetime {
    /// Seconds from creation to its first merge.
    pub fn age_at_merge(&self) -> Option<i64> {
        self.merged
            .as_ref()
            .map(|(t, _)| t.saturating_sub(self.created).max(0))
    }
}

/// Every branch made after the default branch, with its creation and first merge.
pub fn branch_lifetimes(repo: &Repo) -> Vec<BranchLifetime> {
    repo.branch_records()
        .iter()
        .filter(|r| r.order > 0)
        .map(|r| {
            let merged = repo
                .reflog()
                .iter()
                .find(|u| {
                    u.source.as_deref() == Some(r.name.as_str())
                        && u.branch != r.name
                        && u.time >= r.created
                        && matches!(
                            u.kind,
                            UpdateKind::FastForward | UpdateKind::Merge | UpdateKind::Squash
                        )
                })
                .map(|u| (u.time, u.branch.clone()));
            BranchLifetime {
                branch: r.name.clone(),
                created: r.created,
                merged,
                deleted: r.deleted,
            }
        })
        .collect()
}

/// A deployment the lab gives: when it finished and the commits it shipped (any revision:
/// full ids, abbreviations, tags).
#[derive(Debug, Clone, PartialEq)]
pub struct Deploy {
    pub id: String,
    pub at: i64,
    pub commits: Vec<String>,
    pub failed: bool,
}

/// Deployments of `branch` at the given times: each ships the changes that reached the
/// branch by then and were not shipped before.
pub fn deploys_at(repo: &Repo, branch: &str, times: &[(String, i64, bool)]) -> Vec<Deploy> {
    let arrived = arrivals(repo, branch);
    let mut shipped: BTreeSet<&str> = BTreeSet::new();
    let mut sorted: Vec<&(String, i64, bool)> = times.iter().collect();
    sorted.sort_by_key(|t| t.1);
    sorted
        .into_iter()
        .map(|(id, at, failed)| {
            let commits = arrived
                .iter()
                .filter(|a| !a.merge && a.reached <= *at && !shipped.contains(a.commit.as_str()))
                .map(|a| a.commit.as_str())
                .collect::<Vec<_>>();
            shipped.extend(commits.iter().copied());
            Deploy {
                id: id.clone(),
                at: *at,
                commits: commits.iter().map(|c| c.to_string()).collect(),
                failed: *failed,
            }
        })
        .collect()
}

/// The DORA event log of a history: the changes that reached `branch` (commit ids as Git
/// abbreviates them, at their start) and the deployments, in the window `from..=to`.
pub fn event_log(
    repo: &Repo,
    branch: &str,
    team: &str,
    from: i64,
    to: i64,
    deploys: &[Deploy],
) -> EventLog {
    let short = |rev: &str| repo.rev(rev).ok().map(|c| c.short().to_string());
    let commits = arrivals(repo, branch)
        .into_iter()
        .filter(|a| !a.merge && a.started >= from && a.started <= to)
        .map(|a| DoraCommit {
            id: super::short(&a.commit).to_string(),
            at: a.started,
            line: 0,
        })
        .collect();
    let deployments = deploys
        .iter()
        .filter(|d| d.at >= from && d.at <= to)
        .map(|d| Deployment {
            id: d.id.clone(),
            at: d.at,
            commits: d.commits.iter().filter_map(|c| short(c)).collect(),
            status: if d.failed {
                DeploymentStatus::Failed
            } else {
                DeploymentStatus::Succeeded
            },
            fixes: None,
            reason: None,
            line: 0,
        })
        .collect();
    EventLog {
        team: if team.trim().is_empty() {
            "team".to_string()
        } else {
            team.trim().to_string()
        },
        from,
        to,
        commits,
        deployments,
        incidents: Vec::new(),
    }
}
