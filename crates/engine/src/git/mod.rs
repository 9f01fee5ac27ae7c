//! Git history as CodeCommit holds it: commits, branches, merges, GitFlow and trunk-based work.
//!
//! What goes in: a [`Repo`] made with [`Repo::init`] and grown by operations that each take
//! their author and their time (simulated seconds) as inputs — [`Repo::commit`],
//! [`Repo::branch`], [`Repo::merge`] (fast-forward, `--no-ff`, `--ff-only`, `--squash`),
//! [`Repo::resolve`] after a conflict, [`Repo::rebase`], [`Repo::cherry_pick`], [`Repo::tag`];
//! the GitFlow operations of [`flow`]; CodeCommit pull requests and approval rules of
//! [`review`]. What comes out: the commit graph and the tree (path → text) at any commit,
//! [`MergeOutcome`]s (a conflict is data: paths and both sides' texts), the measures of
//! [`measure`] (when each commit reached `main`, integrations, branch lifetimes, a DORA
//! [`crate::dora::EventLog`]) and a [`layout::GraphLayout`] for drawing. Every failure is a
//! [`GitError`]: a code and its values, worded by `course::cicd::git`.
//!
//! Facts followed:
//! - Object names are hex hashes that Git shows abbreviated to 7 characters
//!   (<https://git-scm.com/docs/git-config#Documentation/git-config.txt-coreabbrev>); here a
//!   commit's id is the 16-hex [`crate::numbers::hash64`] of its parents, author, times,
//!   message, flag and changes, so the same inputs always give the same id.
//! - Branch and tag names follow `git check-ref-format`'s rules
//!   (<https://git-scm.com/docs/git-check-ref-format>).
//! - A merge finds the merge base and merges three ways; a fast-forward only moves the branch;
//!   `--no-ff` always makes a merge commit; `--squash` makes one commit with one parent
//!   (<https://git-scm.com/docs/git-merge>). Rebase replays the commits that are not in the
//!   upstream, drops merge commits and keeps each commit's author date
//!   (<https://git-scm.com/docs/git-rebase>). Cherry-pick refuses a merge commit without `-m`
//!   (<https://git-scm.com/docs/git-cherry-pick>).
//! - CodeCommit's conflict detail levels: FILE_LEVEL (any change to the same file on both
//!   sides) and LINE_LEVEL (the same lines)
//!   (<https://docs.aws.amazon.com/codecommit/latest/APIReference/API_MergePullRequestByThreeWay.html>).
//!
//! Simplifications: a repository has one root commit; the work tree is the tree of a branch's
//! tip (no index, no uncommitted files, HEAD is always a branch); a squash merge commits at
//! once (Git stops before committing); when there are several best merge bases the latest is
//! used (Git merges them recursively); a rebase or a cherry-pick that conflicts changes
//! nothing and reports the conflict (as `git rebase --abort` would leave it); the line merge
//! diffs with a longest common subsequence and treats changes on touching lines as a
//! conflict, as Git does.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

pub mod diff3;
pub mod flow;
pub mod layout;
pub mod measure;
mod merge;
pub mod review;

pub use merge::{Conflict, ConflictKind, MergeMode, MergeOutcome, PendingMerge, RebaseOutcome};

/// A tree: each file's path and its whole text.
pub type Tree = BTreeMap<String, String>;

/// The longest branch or tag name accepted, in bytes (a limit of this engine).
pub const MAX_NAME: usize = 255;

/// One file change a commit makes, relative to its first parent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A new file with its text.
    Add { path: String, text: String },
    /// A file's whole new text.
    Modify { path: String, text: String },
    /// A deleted file.
    Delete { path: String },
}

impl Change {
    /// A new file.
    pub fn add(path: &str, text: &str) -> Change {
        Change::Add {
            path: path.to_string(),
            text: text.to_string(),
        }
    }
    /// A file's new text.
    pub fn modify(path: &str, text: &str) -> Change {
        Change::Modify {
            path: path.to_string(),
            text: text.to_string(),
        }
    }
    /// A deleted file.
    pub fn delete(path: &str) -> Change {
        Change::Delete {
            path: path.to_string(),
        }
    }
    /// The changed file's path.
    pub fn path(&self) -> &str {
        match self {
            Change::Add { path, .. } | Change::Modify { path, .. } | Change::Delete { path } => {
                path
            }
        }
    }
    /// The letter `git diff --name-status` shows: `A`, `M` or `D`.
    pub fn letter(&self) -> &'static str {
        match self {
            Change::Add { .. } => "A",
            Change::Modify { .. } => "M",
            Change::Delete { .. } => "D",
        }
    }
    /// The file's new text (none for a deletion).
    pub fn text(&self) -> Option<&str> {
        match self {
            Change::Add { text, .. } | Change::Modify { text, .. } => Some(text),
            Change::Delete { .. } => None,
        }
    }
}

/// One commit of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Commit {
    /// The full id: 16 hex digits (see [`Commit::short`]).
    pub id: String,
    /// The order in which the repository made it (0 for the root), a topological order.
    pub seq: usize,
    /// The parents: none for the root, two for a merge commit (the first is the branch
    /// merged into).
    pub parents: Vec<String>,
    /// Who wrote the change.
    pub author: String,
    /// When the change was first written (Git's author date; kept by rebase and cherry-pick).
    pub authored: i64,
    /// When this commit was made (Git's committer date).
    pub time: i64,
    /// The commit message.
    pub message: String,
    /// The feature flag the change is behind, if any (trunk-based work).
    pub flag: Option<String>,
    /// The file changes relative to the first parent, sorted by path.
    pub changes: Vec<Change>,
    /// The commits this one replays (rebase, cherry-pick) or squashes.
    pub origins: Vec<String>,
    /// The whole tree at this commit.
    pub tree: Tree,
}

impl Commit {
    /// The 7-character abbreviation Git shows.
    pub fn short(&self) -> &str {
        short(&self.id)
    }
    /// The message's first line.
    pub fn subject(&self) -> &str {
        self.message.lines().next().unwrap_or("")
    }
    /// Whether this is a merge commit (two parents or more).
    pub fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }
}

/// The 7-character abbreviation of an id.
pub fn short(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// What a learner or a lab commits: the author, the time and the changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewCommit {
    pub author: String,
    pub time: i64,
    pub message: String,
    pub changes: Vec<Change>,
    pub flag: Option<String>,
}

impl NewCommit {
    /// A commit by `author` at `time` with `message` and `changes`.
    pub fn new(author: &str, time: i64, message: &str, changes: Vec<Change>) -> NewCommit {
        NewCommit {
            author: author.to_string(),
            time,
            message: message.to_string(),
            changes,
            flag: None,
        }
    }
    /// The same commit, its change behind the feature flag `flag`.
    pub fn behind_flag(mut self, flag: &str) -> NewCommit {
        self.flag = Some(flag.to_string());
        self
    }
}

/// A tag: lightweight (a name for a commit) or annotated (with a tagger, a time and a message).
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    /// The tagged commit's id.
    pub target: String,
    pub annotation: Option<Annotation>,
}

/// The object an annotated tag (`git tag -a`) adds.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub tagger: String,
    pub time: i64,
    pub message: String,
}

/// How a branch moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateKind {
    /// The branch was created.
    Create,
    /// A commit was made on it.
    Commit,
    /// Fast-forwarded by a merge.
    FastForward,
    /// A merge commit.
    Merge,
    /// A squash merge's commit.
    Squash,
    /// Rewritten by a rebase.
    Rebase,
    /// A cherry-picked commit.
    CherryPick,
}

impl UpdateKind {
    /// A stable id (`create`, `commit`, `fast-forward`, `merge`, `squash`, `rebase`,
    /// `cherry-pick`).
    pub fn id(self) -> &'static str {
        match self {
            UpdateKind::Create => "create",
            UpdateKind::Commit => "commit",
            UpdateKind::FastForward => "fast-forward",
            UpdateKind::Merge => "merge",
            UpdateKind::Squash => "squash",
            UpdateKind::Rebase => "rebase",
            UpdateKind::CherryPick => "cherry-pick",
        }
    }
}

/// One move of a branch, as Git's reflog records it.
#[derive(Debug, Clone, PartialEq)]
pub struct RefUpdate {
    pub branch: String,
    /// The tip before (none when the branch was created).
    pub old: Option<String>,
    /// The tip after.
    pub new: String,
    pub time: i64,
    pub kind: UpdateKind,
    /// The branch or revision merged, for merges, fast-forwards and squashes.
    pub source: Option<String>,
}

/// A branch's life: when it was made, from what, and when it was deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct BranchRecord {
    pub name: String,
    /// The commit it started at.
    pub start: String,
    pub created: i64,
    pub deleted: Option<i64>,
    /// The order in which branches were created (0 for the first branch).
    pub order: usize,
}

/// A failure, as data: a code ([`GitError::code`]) and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// A branch or tag name that `git check-ref-format` refuses.
    InvalidName { name: String },
    /// A revision that names no commit (`fatal: not a valid object name`).
    NotAValidObjectName { name: String },
    /// A prefix of an id that several commits share.
    AmbiguousName { name: String },
    /// No branch has this name.
    BranchNotFound { name: String },
    /// A branch with this name already exists.
    BranchExists { name: String },
    /// A tag with this name already exists.
    TagExists { name: String },
    /// The branch HEAD is on cannot be deleted.
    BranchCheckedOut { name: String },
    /// A branch whose commits are not in HEAD's branch (delete it with force).
    NotFullyMerged { name: String },
    /// An author name that is empty.
    EmptyIdent,
    /// An empty commit message.
    EmptyMessage,
    /// A change with an empty or malformed path.
    InvalidPath { path: String },
    /// An added file that already exists.
    PathExists { path: String },
    /// A modified or deleted file that does not exist.
    PathMissing { path: String },
    /// Two changes to the same path in one commit.
    DuplicatePath { path: String },
    /// A commit that changes nothing.
    NothingToCommit { branch: String },
    /// `--ff-only` on branches that have diverged.
    NotPossibleToFastForward { branch: String, source: String },
    /// Another operation while a merge waits for its conflicts to be resolved.
    MergeInProgress { paths: Vec<String> },
    /// A resolution when no merge is waiting.
    NoMergeInProgress,
    /// A resolution that leaves conflicting paths unresolved.
    UnmergedPaths { paths: Vec<String> },
    /// A resolution for a path that was not in conflict.
    NotInConflict { path: String },
    /// A rebase or cherry-pick that stopped on a conflict (nothing was changed).
    CouldNotApply {
        commit: String,
        subject: String,
        paths: Vec<String>,
    },
    /// A cherry-pick of a merge commit.
    CherryPickMerge { commit: String },
    /// A cherry-pick whose change is already on the branch.
    CherryPickEmpty { commit: String },
    /// GitFlow: `develop` does not exist yet (`git flow init` first).
    FlowNotInitialized,
    /// GitFlow: a release or hotfix branch is already open.
    FlowAlreadyOpen { kind: String, name: String },
    /// GitFlow: no such feature, release or hotfix branch.
    FlowNoSuchBranch { name: String },
    /// GitFlow: finishing stopped on a merge conflict (nothing was changed).
    FlowConflict {
        branch: String,
        into: String,
        paths: Vec<String>,
    },
    /// CodeCommit: no pull request with this id.
    PullRequestDoesNotExist { id: u32 },
    /// CodeCommit: the pull request is closed.
    PullRequestAlreadyClosed { id: u32 },
    /// CodeCommit: the source and destination branches are the same.
    SourceAndDestinationAreSame { branch: String },
    /// CodeCommit: the author approved their own pull request.
    PullRequestCannotBeApprovedByAuthor { id: u32, user: String },
    /// CodeCommit: an approval rule's content is not valid.
    InvalidApprovalRuleContent { rule: review::Rule, value: String },
    /// CodeCommit: an approval rule with this name already exists on the pull request.
    ApprovalRuleNameAlreadyExists { name: String },
    /// CodeCommit: the rules whose conditions are not met.
    PullRequestApprovalRulesNotSatisfied { id: u32, rules: Vec<String> },
    /// The branch requires a passing build and the source commit's build did not pass
    /// (`passed` is none when no build ran).
    BuildNotPassed {
        id: u32,
        commit: String,
        passed: Option<bool>,
    },
    /// CodeCommit: the merge needs a person (conflicts, or a fast-forward that is not
    /// possible).
    ManualMergeRequired { id: u32, paths: Vec<String> },
}

impl GitError {
    /// A stable id for the error.
    pub fn code(&self) -> &'static str {
        match self {
            GitError::InvalidName { .. } => "invalid-name",
            GitError::NotAValidObjectName { .. } => "not-a-valid-object-name",
            GitError::AmbiguousName { .. } => "ambiguous-name",
            GitError::BranchNotFound { .. } => "branch-not-found",
            GitError::BranchExists { .. } => "branch-exists",
            GitError::TagExists { .. } => "tag-exists",
            GitError::BranchCheckedOut { .. } => "branch-checked-out",
            GitError::NotFullyMerged { .. } => "not-fully-merged",
            GitError::EmptyIdent => "empty-ident",
            GitError::EmptyMessage => "empty-message",
            GitError::InvalidPath { .. } => "invalid-path",
            GitError::PathExists { .. } => "path-exists",
            GitError::PathMissing { .. } => "path-missing",
            GitError::DuplicatePath { .. } => "duplicate-path",
            GitError::NothingToCommit { .. } => "nothing-to-commit",
            GitError::NotPossibleToFastForward { .. } => "not-possible-to-fast-forward",
            GitError::MergeInProgress { .. } => "merge-in-progress",
            GitError::NoMergeInProgress => "no-merge-in-progress",
            GitError::UnmergedPaths { .. } => "unmerged-paths",
            GitError::NotInConflict { .. } => "not-in-conflict",
            GitError::CouldNotApply { .. } => "could-not-apply",
            GitError::CherryPickMerge { .. } => "cherry-pick-merge",
            GitError::CherryPickEmpty { .. } => "cherry-pick-empty",
            GitError::FlowNotInitialized => "flow-not-initialized",
            GitError::FlowAlreadyOpen { .. } => "flow-already-open",
            GitError::FlowNoSuchBranch { .. } => "flow-no-such-branch",
            GitError::FlowConflict { .. } => "flow-conflict",
            GitError::PullRequestDoesNotExist { .. } => "PullRequestDoesNotExistException",
            GitError::PullRequestAlreadyClosed { .. } => "PullRequestAlreadyClosedException",
            GitError::SourceAndDestinationAreSame { .. } => "SourceAndDestinationAreSameException",
            GitError::PullRequestCannotBeApprovedByAuthor { .. } => {
                "PullRequestCannotBeApprovedByAuthorException"
            }
            GitError::InvalidApprovalRuleContent { .. } => "InvalidApprovalRuleContentException",
            GitError::ApprovalRuleNameAlreadyExists { .. } => {
                "ApprovalRuleNameAlreadyExistsException"
            }
            GitError::PullRequestApprovalRulesNotSatisfied { .. } => {
                "PullRequestApprovalRulesNotSatisfiedException"
            }
            GitError::BuildNotPassed { .. } => "build-not-passed",
            GitError::ManualMergeRequired { .. } => "ManualMergeRequiredException",
        }
    }
}

/// A repository: the commit graph, its branches and tags, HEAD, the branches' history, and
/// CodeCommit's pull requests.
#[derive(Debug, Clone, PartialEq)]
pub struct Repo {
    commits: BTreeMap<String, Commit>,
    order: Vec<String>,
    branches: BTreeMap<String, String>,
    tags: BTreeMap<String, Tag>,
    head: String,
    default_branch: String,
    reflog: Vec<RefUpdate>,
    records: Vec<BranchRecord>,
    pending: Option<PendingMerge>,
    pub(crate) reviews: review::Reviews,
}

impl Repo {
    /// A repository whose default branch `branch` (usually `main`) starts with `first`.
    pub fn init(branch: &str, first: NewCommit) -> Result<Repo, GitError> {
        check_ref_name(branch)?;
        let mut repo = Repo {
            commits: BTreeMap::new(),
            order: Vec::new(),
            branches: BTreeMap::new(),
            tags: BTreeMap::new(),
            head: branch.to_string(),
            default_branch: branch.to_string(),
            reflog: Vec::new(),
            records: Vec::new(),
            pending: None,
            reviews: review::Reviews::default(),
        };
        check_ident(&first.author, &first.message)?;
        let tree = apply(&Tree::new(), &first.changes)?;
        let id = repo.store(
            Vec::new(),
            &first.author,
            first.time,
            first.time,
            &first.message,
            first.flag.clone(),
            &Tree::new(),
            tree,
            Vec::new(),
        );
        repo.branches.insert(branch.to_string(), id.clone());
        repo.records.push(BranchRecord {
            name: branch.to_string(),
            start: id.clone(),
            created: first.time,
            deleted: None,
            order: 0,
        });
        repo.log_update(branch, None, &id, first.time, UpdateKind::Commit, None);
        Ok(repo)
    }

    // ----- reading -----

    /// The default branch's name (`main`).
    pub fn default_branch(&self) -> &str {
        &self.default_branch
    }
    /// The branch HEAD is on.
    pub fn head(&self) -> &str {
        &self.head
    }
    /// A commit by its full id.
    pub fn get(&self, id: &str) -> Option<&Commit> {
        self.commits.get(id)
    }
    /// Every commit, in the order they were made (a topological order).
    pub fn commits(&self) -> impl Iterator<Item = &Commit> {
        self.order.iter().filter_map(|id| self.commits.get(id))
    }
    /// The branches and their tips' ids.
    pub fn branches(&self) -> &BTreeMap<String, String> {
        &self.branches
    }
    /// The tip of a branch.
    pub fn tip(&self, branch: &str) -> Option<&str> {
        self.branches.get(branch).map(String::as_str)
    }
    /// The tags.
    pub fn tags(&self) -> &BTreeMap<String, Tag> {
        &self.tags
    }
    /// Every move of every branch, in order.
    pub fn reflog(&self) -> &[RefUpdate] {
        &self.reflog
    }
    /// Every branch ever made, deleted ones too, in creation order.
    pub fn branch_records(&self) -> &[BranchRecord] {
        &self.records
    }
    /// The merge waiting for its conflicts to be resolved, if any.
    pub fn pending(&self) -> Option<&PendingMerge> {
        self.pending.as_ref()
    }

    /// The commit a revision names: `HEAD`, a branch, a tag, a full id or a unique prefix
    /// of at least 4 hex digits.
    pub fn rev(&self, name: &str) -> Result<&Commit, GitError> {
        let not_valid = || GitError::NotAValidObjectName {
            name: name.to_string(),
        };
        let id = if name == "HEAD" {
            self.branches.get(&self.head)
        } else if let Some(tip) = self.branches.get(name) {
            Some(tip)
        } else {
            self.tags.get(name).map(|tag| &tag.target)
        };
        if let Some(id) = id {
            return self.commits.get(id).ok_or_else(not_valid);
        }
        if name.len() < 4 || name.len() > 40 || !name.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(not_valid());
        }
        let lower = name.to_ascii_lowercase();
        let mut found = self
            .commits
            .range(lower.clone()..)
            .take_while(|(id, _)| id.starts_with(&lower));
        match (found.next(), found.next()) {
            (Some((_, c)), None) => Ok(c),
            (Some(_), Some(_)) => Err(GitError::AmbiguousName {
                name: name.to_string(),
            }),
            _ => Err(not_valid()),
        }
    }

    /// The tree at a revision.
    pub fn tree(&self, rev: &str) -> Result<&Tree, GitError> {
        self.rev(rev).map(|c| &c.tree)
    }

    /// Whether commit `a` is `b` or one of its ancestors.
    pub fn is_ancestor(&self, a: &str, b: &str) -> bool {
        a == b || self.ancestors(b).contains(a)
    }

    /// Every ancestor of a commit, itself included.
    pub fn ancestors(&self, id: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([id.to_string()]);
        while let Some(c) = queue.pop_front() {
            if !self.commits.contains_key(&c) || !seen.insert(c.clone()) {
                continue;
            }
            for p in &self.commits[&c].parents {
                queue.push_back(p.clone());
            }
        }
        seen
    }

    /// The commits reachable from `rev` (itself included), newest first, as `git log` lists
    /// them (by commit time, then by the order they were made).
    pub fn log(&self, rev: &str) -> Result<Vec<&Commit>, GitError> {
        let tip = self.rev(rev)?.id.clone();
        let mut all: Vec<&Commit> = self
            .ancestors(&tip)
            .iter()
            .filter_map(|id| self.commits.get(id))
            .collect();
        all.sort_by(|a, b| b.time.cmp(&a.time).then(b.seq.cmp(&a.seq)));
        Ok(all)
    }

    /// The best common ancestor of two commits (the latest when there are several).
    pub fn merge_base(&self, a: &str, b: &str) -> Option<String> {
        let of_a = self.ancestors(a);
        let common: Vec<String> = self
            .ancestors(b)
            .into_iter()
            .filter(|c| of_a.contains(c))
            .collect();
        // The best are those that are not an ancestor of another common ancestor; the
        // latest made is the one with the highest `seq`, and it is always one of the best.
        common
            .into_iter()
            .filter_map(|c| self.commits.get(&c))
            .max_by_key(|c| c.seq)
            .map(|c| c.id.clone())
    }

    // ----- branches and tags -----

    /// Makes a branch `name` at `start` (`git branch name start`).
    pub fn branch(&mut self, name: &str, start: &str, time: i64) -> Result<(), GitError> {
        self.no_pending()?;
        check_ref_name(name)?;
        if self.branches.contains_key(name) {
            return Err(GitError::BranchExists {
                name: name.to_string(),
            });
        }
        let id = self.rev(start)?.id.clone();
        self.branches.insert(name.to_string(), id.clone());
        let order = self.records.len();
        self.records.push(BranchRecord {
            name: name.to_string(),
            start: id.clone(),
            created: time,
            deleted: None,
            order,
        });
        self.log_update(name, None, &id, time, UpdateKind::Create, None);
        Ok(())
    }

    /// Moves HEAD to a branch (`git switch`).
    pub fn switch(&mut self, name: &str) -> Result<(), GitError> {
        self.no_pending()?;
        if !self.branches.contains_key(name) {
            return Err(GitError::BranchNotFound {
                name: name.to_string(),
            });
        }
        self.head = name.to_string();
        Ok(())
    }

    /// Deletes a branch (`git branch -d`, or `-D` with `force`): not the one HEAD is on, and
    /// without `force` only when its commits are in HEAD's branch.
    pub fn delete_branch(&mut self, name: &str, force: bool, time: i64) -> Result<(), GitError> {
        self.no_pending()?;
        let Some(tip) = self.branches.get(name).cloned() else {
            return Err(GitError::BranchNotFound {
                name: name.to_string(),
            });
        };
        if name == self.head {
            return Err(GitError::BranchCheckedOut {
                name: name.to_string(),
            });
        }
        let head_tip = self.branches.get(&self.head).cloned().unwrap_or_default();
        if !force && !self.is_ancestor(&tip, &head_tip) {
            return Err(GitError::NotFullyMerged {
                name: name.to_string(),
            });
        }
        self.branches.remove(name);
        if let Some(r) = self
            .records
            .iter_mut()
            .rev()
            .find(|r| r.name == name && r.deleted.is_none())
        {
            r.deleted = Some(time);
        }
        Ok(())
    }

    /// Tags a revision: lightweight, or annotated with `annotation` (`git tag -a`).
    pub fn tag(
        &mut self,
        name: &str,
        rev: &str,
        annotation: Option<Annotation>,
    ) -> Result<(), GitError> {
        check_ref_name(name)?;
        if self.tags.contains_key(name) {
            return Err(GitError::TagExists {
                name: name.to_string(),
            });
        }
        if let Some(a) = &annotation {
            check_ident(&a.tagger, &a.message)?;
        }
        let target = self.rev(rev)?.id.clone();
        self.tags.insert(
            name.to_string(),
            Tag {
                name: name.to_string(),
                target,
                annotation,
            },
        );
        Ok(())
    }

    // ----- commits -----

    /// Commits `new` on `branch` and returns the new commit's id.
    pub fn commit_on(&mut self, branch: &str, new: NewCommit) -> Result<String, GitError> {
        self.no_pending()?;
        let parent = self.branch_tip(branch)?;
        check_ident(&new.author, &new.message)?;
        let base = self.commits[&parent].tree.clone();
        let tree = apply(&base, &new.changes)?;
        if tree == base {
            return Err(GitError::NothingToCommit {
                branch: branch.to_string(),
            });
        }
        let id = self.store(
            vec![parent.clone()],
            &new.author,
            new.time,
            new.time,
            &new.message,
            new.flag,
            &base,
            tree,
            Vec::new(),
        );
        self.move_branch(branch, &parent, &id, new.time, UpdateKind::Commit, None);
        Ok(id)
    }

    /// Commits `new` on the branch HEAD is on.
    pub fn commit(&mut self, new: NewCommit) -> Result<String, GitError> {
        let head = self.head.clone();
        self.commit_on(&head, new)
    }

    // ----- internals shared by the submodules -----

    pub(crate) fn no_pending(&self) -> Result<(), GitError> {
        match &self.pending {
            Some(p) => Err(GitError::MergeInProgress {
                paths: p.conflicts.iter().map(|c| c.path.clone()).collect(),
            }),
            None => Ok(()),
        }
    }

    pub(crate) fn branch_tip(&self, branch: &str) -> Result<String, GitError> {
        self.branches
            .get(branch)
            .cloned()
            .ok_or_else(|| GitError::BranchNotFound {
                name: branch.to_string(),
            })
    }

    /// Stores a commit whose tree is `tree`, its changes taken against `first_parent_tree`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn store(
        &mut self,
        parents: Vec<String>,
        author: &str,
        authored: i64,
        time: i64,
        message: &str,
        flag: Option<String>,
        first_parent_tree: &Tree,
        tree: Tree,
        origins: Vec<String>,
    ) -> String {
        let changes = diff_trees(first_parent_tree, &tree);
        let mut parts: Vec<Vec<u8>> = vec![b"commit".to_vec()];
        for p in &parents {
            parts.push(format!("parent {p}").into_bytes());
        }
        parts.push(format!("author {author} {authored}").into_bytes());
        parts.push(format!("committer {time}").into_bytes());
        parts.push(format!("flag {}", flag.as_deref().unwrap_or("")).into_bytes());
        parts.push(message.as_bytes().to_vec());
        for c in &changes {
            parts.push(c.letter().as_bytes().to_vec());
            parts.push(c.path().as_bytes().to_vec());
            parts.push(c.text().unwrap_or("").as_bytes().to_vec());
        }
        let slices: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        let id = format!("{:016x}", crate::numbers::hash64(&slices));
        if !self.commits.contains_key(&id) {
            let seq = self.order.len();
            self.order.push(id.clone());
            self.commits.insert(
                id.clone(),
                Commit {
                    id: id.clone(),
                    seq,
                    parents,
                    author: author.to_string(),
                    authored,
                    time,
                    message: message.to_string(),
                    flag,
                    changes,
                    origins,
                    tree,
                },
            );
        }
        id
    }

    pub(crate) fn move_branch(
        &mut self,
        branch: &str,
        old: &str,
        new: &str,
        time: i64,
        kind: UpdateKind,
        source: Option<&str>,
    ) {
        self.branches.insert(branch.to_string(), new.to_string());
        self.log_update(branch, Some(old), new, time, kind, source);
    }

    fn log_update(
        &mut self,
        branch: &str,
        old: Option<&str>,
        new: &str,
        time: i64,
        kind: UpdateKind,
        source: Option<&str>,
    ) {
        self.reflog.push(RefUpdate {
            branch: branch.to_string(),
            old: old.map(str::to_string),
            new: new.to_string(),
            time,
            kind,
            source: source.map(str::to_string),
        });
    }
}

/// Checks a branch or tag name as `git check-ref-format --branch` would
/// (<https://git-scm.com/docs/git-check-ref-format>).
pub fn check_ref_name(name: &str) -> Result<(), GitError> {
    let bad = name.is_empty()
        || name.len() > MAX_NAME
        || name == "@"
        || name == "HEAD"
        || name.starts_with('-')
        || name.starts_with('/')
        || name.ends_with('/')
        || name.ends_with('.')
        || name.ends_with(".lock")
        || name.contains("..")
        || name.contains("//")
        || name.contains("@{")
        || name
            .split('/')
            .any(|c| c.starts_with('.') || c.ends_with(".lock"))
        || name
            .chars()
            .any(|c| c.is_control() || c == ' ' || "~^:?*[\\".contains(c));
    if bad {
        Err(GitError::InvalidName {
            name: name.to_string(),
        })
    } else {
        Ok(())
    }
}

fn check_ident(author: &str, message: &str) -> Result<(), GitError> {
    if author.trim().is_empty() {
        return Err(GitError::EmptyIdent);
    }
    if message.trim().is_empty() {
        return Err(GitError::EmptyMessage);
    }
    Ok(())
}

fn check_path(path: &str) -> Result<(), GitError> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.ends_with('/')
        || path
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
        || path.chars().any(char::is_control);
    if bad {
        Err(GitError::InvalidPath {
            path: path.to_string(),
        })
    } else {
        Ok(())
    }
}

/// The tree `changes` make from `base`.
pub fn apply(base: &Tree, changes: &[Change]) -> Result<Tree, GitError> {
    let mut tree = base.clone();
    let mut seen = BTreeSet::new();
    for change in changes {
        let path = change.path();
        check_path(path)?;
        if !seen.insert(path) {
            return Err(GitError::DuplicatePath {
                path: path.to_string(),
            });
        }
        match change {
            Change::Add { text, .. } => {
                if tree.contains_key(path) {
                    return Err(GitError::PathExists {
                        path: path.to_string(),
                    });
                }
                tree.insert(path.to_string(), text.clone());
            }
            Change::Modify { text, .. } => match tree.get_mut(path) {
                Some(t) => *t = text.clone(),
                None => {
                    return Err(GitError::PathMissing {
                        path: path.to_string(),
                    })
                }
            },
            Change::Delete { .. } => {
                if tree.remove(path).is_none() {
                    return Err(GitError::PathMissing {
                        path: path.to_string(),
                    });
                }
            }
        }
    }
    Ok(tree)
}

/// The changes that make `to` from `from`, sorted by path.
pub fn diff_trees(from: &Tree, to: &Tree) -> Vec<Change> {
    let paths: BTreeSet<&String> = from.keys().chain(to.keys()).collect();
    paths
        .into_iter()
        .filter_map(|p| match (from.get(p), to.get(p)) {
            (None, Some(t)) => Some(Change::add(p, t)),
            (Some(a), Some(b)) if a != b => Some(Change::modify(p, b)),
            (Some(_), None) => Some(Change::delete(p)),
            _ => None,
        })
        .collect()
}
