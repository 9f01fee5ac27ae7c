//! Merges (fast-forward, merge commit, squash), conflicts and their resolution, rebase and
//! cherry-pick.

use std::collections::{BTreeMap, BTreeSet};

use super::{diff3, GitError, Repo, Tree, UpdateKind};

/// How `git merge` is asked to merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeMode {
    /// Git's default: fast-forward when possible, else a merge commit.
    FastForward,
    /// `--no-ff`: always a merge commit.
    NoFastForward,
    /// `--ff-only`: fast-forward or fail.
    FastForwardOnly,
    /// `--squash` (then commit): one commit with one parent holding the merged tree.
    Squash,
}

/// What kind of conflict a path has, as Git's `CONFLICT (…)` lines name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// Both sides changed the file differently (`CONFLICT (content)`).
    Content,
    /// Both sides added the file with different texts (`CONFLICT (add/add)`).
    AddAdd,
    /// One side deleted the file, the other changed it (`CONFLICT (modify/delete)`).
    ModifyDelete,
}

impl ConflictKind {
    /// The word Git prints in parentheses: `content`, `add/add`, `modify/delete`.
    pub fn id(self) -> &'static str {
        match self {
            ConflictKind::Content => "content",
            ConflictKind::AddAdd => "add/add",
            ConflictKind::ModifyDelete => "modify/delete",
        }
    }
}

/// One conflicting path with the three versions (none where the file does not exist).
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub path: String,
    pub kind: ConflictKind,
    pub base: Option<String>,
    /// The text on the branch merged into (HEAD).
    pub ours: Option<String>,
    /// The text on the branch being merged.
    pub theirs: Option<String>,
    /// The file as Git leaves it, with conflict markers, when both sides have a text.
    pub marked: Option<String>,
}

/// A merge stopped on conflicts, waiting for [`Repo::resolve`] or [`Repo::abort_merge`].
#[derive(Debug, Clone, PartialEq)]
pub struct PendingMerge {
    /// The branch merged into.
    pub into: String,
    /// The revision merged, as given.
    pub source: String,
    /// The merged commit's id.
    pub theirs: String,
    /// The tip of `into` when the merge started.
    pub ours: String,
    pub squash: bool,
    pub message: String,
    /// The tree with every clean path merged (conflicting paths hold the `ours` text).
    pub merged: Tree,
    pub conflicts: Vec<Conflict>,
    pub(crate) origins: Vec<String>,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeOutcome {
    /// Nothing to merge: the source is already in the branch (`Already up to date.`).
    AlreadyUpToDate,
    /// The branch moved forward to the source's commit.
    FastForward { from: String, to: String },
    /// A merge commit was made.
    Merged { commit: String },
    /// A squash commit was made.
    Squashed { commit: String },
    /// The merge stopped: resolve the conflicts (see [`Repo::pending`]).
    Conflicts { conflicts: Vec<Conflict> },
}

/// What a rebase did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RebaseOutcome {
    /// Each replayed commit's old id and new id, in order.
    pub replayed: Vec<(String, String)>,
    /// Commits left out: merge commits, and those whose change is already upstream.
    pub dropped: Vec<String>,
    /// The branch was behind and only moved forward.
    pub fast_forwarded: bool,
    /// The branch already contained the upstream (`Current branch … is up to date.`).
    pub up_to_date: bool,
}

/// Merges three trees path by path; a path changed on both sides is merged line by line
/// when `line_level`, else it conflicts (CodeCommit's FILE_LEVEL). Conflicting paths keep the
/// `ours` text in the returned tree.
pub fn merge_trees(
    base: &Tree,
    ours: &Tree,
    theirs: &Tree,
    line_level: bool,
    theirs_label: &str,
) -> (Tree, Vec<Conflict>) {
    let mut out = Tree::new();
    let mut conflicts = Vec::new();
    let paths: BTreeSet<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    for path in paths {
        let (b, o, t) = (base.get(path), ours.get(path), theirs.get(path));
        let pick = if o == t || b == t {
            o
        } else if b == o {
            t
        } else {
            None
        };
        if o == t || b == t || b == o {
            if let Some(text) = pick {
                out.insert(path.clone(), text.clone());
            }
            continue;
        }
        let conflict = |kind, marked| Conflict {
            path: path.clone(),
            kind,
            base: b.cloned(),
            ours: o.cloned(),
            theirs: t.cloned(),
            marked,
        };
        match (b, o, t) {
            (_, Some(o_text), Some(t_text)) => {
                let kind = if b.is_none() {
                    ConflictKind::AddAdd
                } else {
                    ConflictKind::Content
                };
                let base_text = b.map(String::as_str).unwrap_or("");
                match diff3::merge(base_text, o_text, t_text, "HEAD", theirs_label) {
                    Ok(text) if line_level && b.is_some() => {
                        out.insert(path.clone(), text);
                    }
                    Ok(_) => {
                        // FILE_LEVEL: any change to the file on both sides conflicts.
                        out.insert(path.clone(), o_text.clone());
                        conflicts.push(conflict(kind, None));
                    }
                    Err(marked) => {
                        out.insert(path.clone(), o_text.clone());
                        conflicts.push(conflict(kind, Some(marked)));
                    }
                }
            }
            _ => {
                if let Some(o_text) = o {
                    out.insert(path.clone(), o_text.clone());
                }
                conflicts.push(conflict(ConflictKind::ModifyDelete, None));
            }
        }
    }
    (out, conflicts)
}

impl Repo {
    /// Merges `source` (a branch, tag or commit) into the branch `into`, by `author` at
    /// `time`; `message` replaces Git's default merge message.
    pub fn merge(
        &mut self,
        into: &str,
        source: &str,
        mode: MergeMode,
        author: &str,
        time: i64,
        message: Option<&str>,
    ) -> Result<MergeOutcome, GitError> {
        self.no_pending()?;
        let ours = self.branch_tip(into)?;
        let theirs = self.rev(source)?.id.clone();
        if author.trim().is_empty() {
            return Err(GitError::EmptyIdent);
        }
        if self.is_ancestor(&theirs, &ours) {
            return Ok(MergeOutcome::AlreadyUpToDate);
        }
        let can_ff = self.is_ancestor(&ours, &theirs);
        if can_ff && matches!(mode, MergeMode::FastForward | MergeMode::FastForwardOnly) {
            self.move_branch(
                into,
                &ours,
                &theirs,
                time,
                UpdateKind::FastForward,
                Some(source),
            );
            return Ok(MergeOutcome::FastForward {
                from: ours,
                to: theirs,
            });
        }
        if mode == MergeMode::FastForwardOnly {
            return Err(GitError::NotPossibleToFastForward {
                branch: into.to_string(),
                source: source.to_string(),
            });
        }
        let squash = mode == MergeMode::Squash;
        let origins: Vec<String> = {
            let mine = self.ancestors(&ours);
            let mut list: Vec<&super::Commit> = self
                .ancestors(&theirs)
                .iter()
                .filter(|c| !mine.contains(*c))
                .filter_map(|c| self.commits.get(c))
                .filter(|c| !c.is_merge())
                .collect();
            list.sort_by_key(|c| c.seq);
            list.iter().map(|c| c.id.clone()).collect()
        };
        let message = match message {
            Some(m) if !m.trim().is_empty() => m.to_string(),
            Some(_) => return Err(GitError::EmptyMessage),
            None if squash => {
                let mut m = String::from("Squashed commit of the following:\n");
                for id in origins.iter().rev() {
                    let c = &self.commits[id];
                    m.push_str(&format!("\ncommit {}\n    {}\n", c.id, c.subject()));
                }
                m
            }
            None => self.merge_message(into, source),
        };
        let base = self
            .merge_base(&ours, &theirs)
            .map(|b| self.commits[&b].tree.clone())
            .unwrap_or_default();
        let (merged, conflicts) = merge_trees(
            &base,
            &self.commits[&ours].tree,
            &self.commits[&theirs].tree,
            true,
            source,
        );
        let pending = PendingMerge {
            into: into.to_string(),
            source: source.to_string(),
            theirs,
            ours,
            squash,
            message,
            merged,
            conflicts: conflicts.clone(),
            origins,
        };
        if !conflicts.is_empty() {
            self.pending = Some(pending);
            return Ok(MergeOutcome::Conflicts { conflicts });
        }
        let commit = self.conclude(pending, author, time)?;
        Ok(if squash {
            MergeOutcome::Squashed { commit }
        } else {
            MergeOutcome::Merged { commit }
        })
    }

    /// Git's default merge message: `Merge branch 'x'` (into the default branch),
    /// `Merge branch 'x' into y`, or `Merge tag 'v1'`, `Merge commit 'abc1234'`.
    fn merge_message(&self, into: &str, source: &str) -> String {
        let what = if self.branches.contains_key(source) {
            format!("Merge branch '{source}'")
        } else if self.tags.contains_key(source) {
            format!("Merge tag '{source}'")
        } else {
            format!("Merge commit '{source}'")
        };
        if into == self.default_branch {
            what
        } else {
            format!("{what} into {into}")
        }
    }

    fn conclude(&mut self, p: PendingMerge, author: &str, time: i64) -> Result<String, GitError> {
        let ours_tree = self.commits[&p.ours].tree.clone();
        if p.squash && p.merged == ours_tree {
            return Err(GitError::NothingToCommit { branch: p.into });
        }
        let (parents, kind) = if p.squash {
            (vec![p.ours.clone()], UpdateKind::Squash)
        } else {
            (vec![p.ours.clone(), p.theirs.clone()], UpdateKind::Merge)
        };
        let origins = if p.squash { p.origins } else { Vec::new() };
        let id = self.store(
            parents, author, time, time, &p.message, None, &ours_tree, p.merged, origins,
        );
        self.move_branch(&p.into, &p.ours, &id, time, kind, Some(&p.source));
        Ok(id)
    }

    /// Concludes a merge stopped on conflicts: `resolved` gives every conflicting path's
    /// final text (`None` deletes the file); makes the merge (or squash) commit.
    pub fn resolve(
        &mut self,
        resolved: &BTreeMap<String, Option<String>>,
        author: &str,
        time: i64,
    ) -> Result<String, GitError> {
        let Some(mut p) = self.pending.clone() else {
            return Err(GitError::NoMergeInProgress);
        };
        if author.trim().is_empty() {
            return Err(GitError::EmptyIdent);
        }
        let conflicted: BTreeSet<&str> = p.conflicts.iter().map(|c| c.path.as_str()).collect();
        if let Some(path) = resolved.keys().find(|k| !conflicted.contains(k.as_str())) {
            return Err(GitError::NotInConflict { path: path.clone() });
        }
        let missing: Vec<String> = conflicted
            .iter()
            .filter(|c| !resolved.contains_key(**c))
            .map(|c| c.to_string())
            .collect();
        if !missing.is_empty() {
            return Err(GitError::UnmergedPaths { paths: missing });
        }
        for (path, text) in resolved {
            match text {
                Some(t) => p.merged.insert(path.clone(), t.clone()),
                None => p.merged.remove(path),
            };
        }
        let id = self.conclude(p, author, time)?;
        self.pending = None;
        Ok(id)
    }

    /// Gives up a merge stopped on conflicts (`git merge --abort`).
    pub fn abort_merge(&mut self) -> Result<(), GitError> {
        match self.pending.take() {
            Some(_) => Ok(()),
            None => Err(GitError::NoMergeInProgress),
        }
    }

    /// Replays `c`'s change on `onto_tree`: the new tree, or the conflicting paths.
    fn replay(&self, id: &str, onto_tree: &Tree) -> Result<Tree, GitError> {
        let c = &self.commits[id];
        let base = c
            .parents
            .first()
            .map(|p| self.commits[p].tree.clone())
            .unwrap_or_default();
        let (tree, conflicts) = merge_trees(&base, onto_tree, &c.tree, true, c.short());
        if conflicts.is_empty() {
            Ok(tree)
        } else {
            Err(GitError::CouldNotApply {
                commit: c.short().to_string(),
                subject: c.subject().to_string(),
                paths: conflicts.into_iter().map(|c| c.path).collect(),
            })
        }
    }

    /// Rebases `branch` onto `upstream`: its commits that are not in `upstream` are
    /// replayed on top of it, as new commits (new ids; author and author date kept, commit
    /// time `time`). Merge commits and changes already upstream are dropped.
    pub fn rebase(
        &mut self,
        branch: &str,
        upstream: &str,
        time: i64,
    ) -> Result<RebaseOutcome, GitError> {
        self.no_pending()?;
        let tip = self.branch_tip(branch)?;
        let onto = self.rev(upstream)?.id.clone();
        if self.is_ancestor(&onto, &tip) {
            return Ok(RebaseOutcome {
                up_to_date: true,
                ..RebaseOutcome::default()
            });
        }
        if self.is_ancestor(&tip, &onto) {
            self.move_branch(
                branch,
                &tip,
                &onto,
                time,
                UpdateKind::Rebase,
                Some(upstream),
            );
            return Ok(RebaseOutcome {
                fast_forwarded: true,
                ..RebaseOutcome::default()
            });
        }
        let upstream_set = self.ancestors(&onto);
        let mut todo: Vec<&super::Commit> = self
            .ancestors(&tip)
            .iter()
            .filter(|c| !upstream_set.contains(*c))
            .filter_map(|c| self.commits.get(c))
            .collect();
        todo.sort_by_key(|c| c.seq);
        let todo: Vec<String> = todo.iter().map(|c| c.id.clone()).collect();

        // Work on a copy so that a conflict leaves the repository as it was.
        let mut work = self.clone();
        let mut outcome = RebaseOutcome::default();
        let mut current = onto.clone();
        for id in todo {
            let c = work.commits[&id].clone();
            if c.is_merge() {
                outcome.dropped.push(id);
                continue;
            }
            let cur_tree = work.commits[&current].tree.clone();
            let tree = work.replay(&id, &cur_tree)?;
            if tree == cur_tree {
                outcome.dropped.push(id);
                continue;
            }
            let new = work.store(
                vec![current.clone()],
                &c.author,
                c.authored,
                time,
                &c.message,
                c.flag.clone(),
                &cur_tree,
                tree,
                vec![id.clone()],
            );
            outcome.replayed.push((id, new.clone()));
            current = new;
        }
        work.move_branch(
            branch,
            &tip,
            &current,
            time,
            UpdateKind::Rebase,
            Some(upstream),
        );
        *self = work;
        Ok(outcome)
    }

    /// Applies the change of commit `rev` on `branch` as a new commit (author and author
    /// date kept, commit time `time`).
    pub fn cherry_pick(&mut self, branch: &str, rev: &str, time: i64) -> Result<String, GitError> {
        self.no_pending()?;
        let tip = self.branch_tip(branch)?;
        let c = self.rev(rev)?.clone();
        if c.is_merge() {
            return Err(GitError::CherryPickMerge {
                commit: c.short().to_string(),
            });
        }
        let cur_tree = self.commits[&tip].tree.clone();
        let tree = self.replay(&c.id, &cur_tree)?;
        if tree == cur_tree {
            return Err(GitError::CherryPickEmpty {
                commit: c.short().to_string(),
            });
        }
        let id = self.store(
            vec![tip.clone()],
            &c.author,
            c.authored,
            time,
            &c.message,
            c.flag.clone(),
            &cur_tree,
            tree,
            vec![c.id.clone()],
        );
        self.move_branch(branch, &tip, &id, time, UpdateKind::CherryPick, Some(rev));
        Ok(id)
    }
}
