//! GitFlow (Vincent Driessen's branching model, as the git-flow tool runs it) and trunk-based
//! work.
//!
//! Facts followed (<https://nvie.com/posts/a-successful-git-branching-model/>, reposted at
//! <https://www.devopsschool.com/blog/a-successful-git-branching-model/>): `develop` branches
//! from `main`; a feature branches from `develop` and merges back into it with `--no-ff`; a
//! release branches from `develop`, is merged into `main` with `--no-ff` and tagged there,
//! then merged back into `develop`; a hotfix branches from `main`, is merged into `main` and
//! tagged, then into `develop` — or into the release branch when one is open. The branch
//! prefixes are git-flow's defaults (`feature/`, `release/`, `hotfix/`).
//!
//! Simplifications: the version tag prefix is `v` (git-flow asks for one, empty by default);
//! the tags are annotated with the message `Release X.Y.Z` / `Hotfix X.Y.Z`; feature finish
//! always merges with `--no-ff` (the model's advice; the tool fast-forwards a one-commit
//! feature); a conflict while finishing changes nothing and is reported.

use super::{Annotation, GitError, MergeMode, MergeOutcome, Repo};

/// The integration branch.
pub const DEVELOP: &str = "develop";
/// git-flow's default prefixes.
pub const FEATURE_PREFIX: &str = "feature/";
pub const RELEASE_PREFIX: &str = "release/";
pub const HOTFIX_PREFIX: &str = "hotfix/";
/// The version tag prefix used here.
pub const TAG_PREFIX: &str = "v";

/// What finishing a GitFlow branch did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finish {
    /// Each branch merged into and its new tip, in order.
    pub merges: Vec<(String, String)>,
    /// The tag made, if any.
    pub tag: Option<String>,
}

impl Repo {
    /// `git flow init`: makes `develop` from the default branch.
    pub fn flow_init(&mut self, time: i64) -> Result<(), GitError> {
        let main = self.default_branch().to_string();
        self.branch(DEVELOP, &main, time)
    }

    fn need_develop(&self) -> Result<(), GitError> {
        if self.tip(DEVELOP).is_none() {
            return Err(GitError::FlowNotInitialized);
        }
        Ok(())
    }

    fn open_branch(&self, prefix: &str) -> Option<String> {
        self.branches()
            .keys()
            .find(|b| b.starts_with(prefix))
            .cloned()
    }

    fn flow_start(
        &mut self,
        prefix: &str,
        name: &str,
        from: &str,
        time: i64,
    ) -> Result<String, GitError> {
        self.need_develop()?;
        if prefix != FEATURE_PREFIX {
            if let Some(open) = self.open_branch(prefix) {
                return Err(GitError::FlowAlreadyOpen {
                    kind: prefix.trim_end_matches('/').to_string(),
                    name: open,
                });
            }
        }
        let branch = format!("{prefix}{name}");
        self.branch(&branch, from, time)?;
        self.switch(&branch)?;
        Ok(branch)
    }

    /// `git flow feature start NAME`: `feature/NAME` from `develop`.
    pub fn feature_start(&mut self, name: &str, time: i64) -> Result<String, GitError> {
        self.flow_start(FEATURE_PREFIX, name, DEVELOP, time)
    }

    /// `git flow release start VERSION`: `release/VERSION` from `develop`.
    pub fn release_start(&mut self, version: &str, time: i64) -> Result<String, GitError> {
        self.flow_start(RELEASE_PREFIX, version, DEVELOP, time)
    }

    /// `git flow hotfix start VERSION`: `hotfix/VERSION` from the default branch.
    pub fn hotfix_start(&mut self, version: &str, time: i64) -> Result<String, GitError> {
        let main = self.default_branch().to_string();
        self.flow_start(HOTFIX_PREFIX, version, &main, time)
    }

    /// Merges `branch` into each of `into` (`--no-ff`), tagging after the first merge when
    /// `tag` is given, then deletes `branch` and leaves HEAD on `develop`. All or nothing.
    fn flow_finish(
        &mut self,
        branch: &str,
        into: &[String],
        tag: Option<(String, String)>,
        author: &str,
        time: i64,
    ) -> Result<Finish, GitError> {
        self.need_develop()?;
        self.no_pending()?;
        if self.tip(branch).is_none() {
            return Err(GitError::FlowNoSuchBranch {
                name: branch.to_string(),
            });
        }
        let mut work = self.clone();
        let mut finish = Finish::default();
        for (i, target) in into.iter().enumerate() {
            let outcome =
                work.merge(target, branch, MergeMode::NoFastForward, author, time, None)?;
            if let MergeOutcome::Conflicts { conflicts } = outcome {
                return Err(GitError::FlowConflict {
                    branch: branch.to_string(),
                    into: target.clone(),
                    paths: conflicts.into_iter().map(|c| c.path).collect(),
                });
            }
            finish.merges.push((
                target.clone(),
                work.tip(target).unwrap_or_default().to_string(),
            ));
            if i == 0 {
                if let Some((name, message)) = &tag {
                    let annotation = Annotation {
                        tagger: author.to_string(),
                        time,
                        message: message.clone(),
                    };
                    work.tag(name, target, Some(annotation))?;
                    finish.tag = Some(name.clone());
                }
            }
        }
        work.switch(DEVELOP)?;
        work.delete_branch(branch, true, time)?;
        *self = work;
        Ok(finish)
    }

    /// `git flow feature finish NAME`: merges `feature/NAME` into `develop` and deletes it.
    pub fn feature_finish(
        &mut self,
        name: &str,
        author: &str,
        time: i64,
    ) -> Result<Finish, GitError> {
        let branch = format!("{FEATURE_PREFIX}{name}");
        self.flow_finish(&branch, &[DEVELOP.to_string()], None, author, time)
    }

    /// `git flow release finish VERSION`: merges `release/VERSION` into the default branch,
    /// tags it `vVERSION`, merges it back into `develop`, and deletes it.
    pub fn release_finish(
        &mut self,
        version: &str,
        author: &str,
        time: i64,
    ) -> Result<Finish, GitError> {
        let branch = format!("{RELEASE_PREFIX}{version}");
        let into = [self.default_branch().to_string(), DEVELOP.to_string()];
        let tag = (
            format!("{TAG_PREFIX}{version}"),
            format!("Release {version}"),
        );
        self.flow_finish(&branch, &into, Some(tag), author, time)
    }

    /// `git flow hotfix finish VERSION`: merges `hotfix/VERSION` into the default branch,
    /// tags it, merges it into the open release branch if there is one, else into `develop`,
    /// and deletes it.
    pub fn hotfix_finish(
        &mut self,
        version: &str,
        author: &str,
        time: i64,
    ) -> Result<Finish, GitError> {
        let branch = format!("{HOTFIX_PREFIX}{version}");
        let back = self
            .open_branch(RELEASE_PREFIX)
            .unwrap_or_else(|| DEVELOP.to_string());
        let into = [self.default_branch().to_string(), back];
        let tag = (
            format!("{TAG_PREFIX}{version}"),
            format!("Hotfix {version}"),
        );
        self.flow_finish(&branch, &into, Some(tag), author, time)
    }

    /// Trunk-based work: merges the short-lived `branch` into the default branch (a
    /// fast-forward when possible, else a merge commit; or one squash commit) and deletes it.
    pub fn merge_to_trunk(
        &mut self,
        branch: &str,
        squash: bool,
        author: &str,
        time: i64,
    ) -> Result<MergeOutcome, GitError> {
        let main = self.default_branch().to_string();
        if branch == main {
            return Ok(MergeOutcome::AlreadyUpToDate);
        }
        let mode = if squash {
            MergeMode::Squash
        } else {
            MergeMode::FastForward
        };
        let outcome = self.merge(&main, branch, mode, author, time, None)?;
        if !matches!(outcome, MergeOutcome::Conflicts { .. }) {
            if self.head() == branch {
                self.switch(&main)?;
            }
            self.delete_branch(branch, true, time)?;
        }
        Ok(outcome)
    }
}
