//! CodeCommit pull requests, approval rules and approval rule templates, plus a required
//! passing build.
//!
//! Facts followed:
//! - Approval rule content is JSON: `{"Version": "2018-11-08", "DestinationReferences":
//!   ["refs/heads/main"], "Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2,
//!   "ApprovalPoolMembers": [...]}]}`; a template applies to pull requests whose destination
//!   is one of its DestinationReferences
//!   (<https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateApprovalRuleTemplate.html>).
//! - Approval pool members are `CodeCommitApprovers:ACCOUNT:NAME` (an IAM user or a federated
//!   user of that name; an assumed-role session only with a wildcard, `*NAME`) or a fully
//!   qualified ARN with wildcards
//!   (<https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreatePullRequestApprovalRule.html>).
//! - `pullRequestStatus` is OPEN or CLOSED; `mergeMetadata` has `isMerged`, `mergedBy`,
//!   `mergeCommitId` and `mergeOption` (FAST_FORWARD_MERGE, SQUASH_MERGE, THREE_WAY_MERGE)
//!   (<https://docs.aws.amazon.com/codecommit/latest/APIReference/API_MergeMetadata.html>).
//! - Merging fails with PullRequestApprovalRulesNotSatisfiedException,
//!   ManualMergeRequiredException, PullRequestAlreadyClosedException; the author cannot approve
//!   (PullRequestCannotBeApprovedByAuthorException)
//!   (<https://docs.aws.amazon.com/codecommit/latest/APIReference/API_MergePullRequestByFastForward.html>,
//!   <https://docs.aws.amazon.com/botocore/latest/reference/services/codecommit/client/exceptions/PullRequestCannotBeApprovedByAuthorException.html>).
//! - Approval states belong to a pull request revision (UpdatePullRequestApprovalState takes a
//!   `revisionId`; GetPullRequestApprovalStates reads them per revision)
//!   (<https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdatePullRequestApprovalState.html>).
//! - The conflict detail level is FILE_LEVEL by default, or LINE_LEVEL
//!   (<https://docs.aws.amazon.com/codecommit/latest/APIReference/API_MergePullRequestByThreeWay.html>).
//!
//! Simplifications: a required passing build is not a CodeCommit feature (teams wire it with
//! a CodeBuild approval or a pipeline); here it is a flag on the destination branch and the
//! build's result of the source commit is an input ([`Repo::record_build`]). DestinationReferences
//! match exactly. Approval rule overrides and revisions are not modelled.

use std::collections::{BTreeMap, BTreeSet};

use super::merge::{merge_trees, Conflict, MergeMode, MergeOutcome};
use super::{GitError, Repo};
use crate::tree::{self, rules, Node};

rules! {
    Syntax = "rule-content-syntax" Error, "The content is not valid JSON. Args: line:column.";
    NotAnObject = "rule-content-not-object" Error, "The content is not a JSON object. Args: its kind.";
    Version = "rule-content-version" Error, "Version is missing or not 2018-11-08. Args: the value.";
    DestinationReferences = "rule-content-destination-references" Error, "DestinationReferences is not a list of refs/heads/ references. Args: the value.";
    Statements = "rule-content-statements" Error, "Statements is missing or empty.";
    StatementType = "rule-content-type" Error, "A statement's Type is not Approvers. Args: the value.";
    ApprovalsNeeded = "rule-content-approvals-needed" Error, "NumberOfApprovalsNeeded is missing or not a whole number. Args: the value.";
    Pool = "rule-content-pool" Error, "ApprovalPoolMembers is not a list of strings. Args: the kind found.";
    Name = "rule-name" Error, "An approval rule's name is empty. Args: the name.";
}

/// The only approval rule content version.
pub const RULE_VERSION: &str = "2018-11-08";

/// An approval rule's content.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleContent {
    pub version: String,
    /// `refs/heads/…` of the branches the rule applies to (templates); empty for all.
    pub destination_references: Vec<String>,
    pub statements: Vec<Statement>,
}

/// One `Approvers` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub number_of_approvals_needed: u32,
    /// Who may approve; empty for anyone.
    pub approval_pool_members: Vec<String>,
}

impl RuleContent {
    /// A rule needing `n` approvals from `pool` (empty: anyone) on pull requests to `branches`.
    pub fn approvers(n: u32, pool: &[&str], branches: &[&str]) -> RuleContent {
        RuleContent {
            version: RULE_VERSION.to_string(),
            destination_references: branches.iter().map(|b| format!("refs/heads/{b}")).collect(),
            statements: vec![Statement {
                number_of_approvals_needed: n,
                approval_pool_members: pool.iter().map(|p| p.to_string()).collect(),
            }],
        }
    }

    /// Whether the rule applies to pull requests into `branch`.
    pub fn applies_to(&self, branch: &str) -> bool {
        self.destination_references.is_empty()
            || self
                .destination_references
                .iter()
                .any(|r| r.strip_prefix("refs/heads/") == Some(branch))
    }

    /// Whether the approvals of `approvers` meet every statement.
    pub fn satisfied_by<'a>(&self, approvers: impl Iterator<Item = &'a String> + Clone) -> bool {
        self.statements.iter().all(|s| {
            let n = approvers
                .clone()
                .filter(|a| {
                    s.approval_pool_members.is_empty()
                        || s.approval_pool_members.iter().any(|m| in_pool(m, a))
                })
                .count();
            n >= s.number_of_approvals_needed as usize
        })
    }
}

fn bad(rule: Rule, value: &str) -> GitError {
    GitError::InvalidApprovalRuleContent {
        rule,
        value: value.to_string(),
    }
}

/// Reads approval rule (or template) content from its JSON text.
pub fn parse_rule_content(text: &str) -> Result<RuleContent, GitError> {
    let (root, _) = tree::parse(text)
        .map_err(|e| bad(Rule::Syntax, &format!("{}:{}", e.pos.line, e.pos.col)))?;
    if root.as_map().is_none() {
        return Err(bad(Rule::NotAnObject, root.kind()));
    }
    let version = root
        .get("Version")
        .and_then(Node::as_str)
        .ok_or_else(|| bad(Rule::Version, ""))?;
    if version != RULE_VERSION {
        return Err(bad(Rule::Version, version));
    }
    let strings = |node: Option<&Node>, what: Rule| -> Result<Vec<String>, GitError> {
        match node {
            None => Ok(Vec::new()),
            Some(n) => n
                .as_seq()
                .ok_or_else(|| bad(what, n.kind()))?
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| bad(what, i.kind()))
                })
                .collect(),
        }
    };
    let destination_references = strings(
        root.get("DestinationReferences"),
        Rule::DestinationReferences,
    )?;
    if let Some(r) = destination_references
        .iter()
        .find(|r| !r.starts_with("refs/heads/"))
    {
        return Err(bad(Rule::DestinationReferences, r));
    }
    let items = root
        .get("Statements")
        .and_then(Node::as_seq)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad(Rule::Statements, ""))?;
    let mut statements = Vec::new();
    for item in items {
        let kind = item.get("Type").and_then(Node::as_str).unwrap_or("");
        if kind != "Approvers" {
            return Err(bad(Rule::StatementType, kind));
        }
        let needed = item.get("NumberOfApprovalsNeeded");
        let n = match needed.map(|n| &n.value) {
            Some(tree::Value::Number(v, _)) if v.fract() == 0.0 && *v >= 0.0 && *v <= 1e6 => {
                *v as u32
            }
            Some(_) => {
                return Err(bad(
                    Rule::ApprovalsNeeded,
                    needed.and_then(Node::as_str).unwrap_or(""),
                ))
            }
            None => return Err(bad(Rule::ApprovalsNeeded, "")),
        };
        statements.push(Statement {
            number_of_approvals_needed: n,
            approval_pool_members: strings(item.get("ApprovalPoolMembers"), Rule::Pool)?,
        });
    }
    Ok(RuleContent {
        version: version.to_string(),
        destination_references,
        statements,
    })
}

/// Glob match with `*` (any run of characters) and `?` (one character).
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut i, mut j) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// Whether `user` (an ARN, or a plain name) is in the approval pool member `member`.
pub fn in_pool(member: &str, user: &str) -> bool {
    if let Some(rest) = member.strip_prefix("CodeCommitApprovers:") {
        let Some((account, name)) = rest.split_once(':') else {
            return false;
        };
        // arn:aws:iam::ACCOUNT:user/NAME, arn:aws:sts::ACCOUNT:federated-user/NAME,
        // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION (only with a wildcard).
        let parts: Vec<&str> = user.splitn(6, ':').collect();
        if parts.len() != 6 || parts[4] != account {
            return false;
        }
        let resource = parts[5];
        return match resource.split_once('/') {
            Some(("user" | "federated-user", who)) => glob(name, who),
            Some(("assumed-role", who)) => name.contains('*') && glob(name, who),
            _ => false,
        };
    }
    glob(member, user)
}

/// An approval rule template, associated with the repository.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalRuleTemplate {
    pub name: String,
    pub description: String,
    pub content: RuleContent,
}

/// An approval rule on a pull request.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalRule {
    pub name: String,
    pub content: RuleContent,
    /// The template it came from, if any.
    pub origin_template: Option<String>,
}

/// `pullRequestStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullRequestStatus {
    Open,
    Closed,
}

impl PullRequestStatus {
    /// `OPEN` or `CLOSED`.
    pub fn id(self) -> &'static str {
        match self {
            PullRequestStatus::Open => "OPEN",
            PullRequestStatus::Closed => "CLOSED",
        }
    }
}

/// `mergeOption`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeOption {
    FastForwardMerge,
    SquashMerge,
    ThreeWayMerge,
}

impl MergeOption {
    /// `FAST_FORWARD_MERGE`, `SQUASH_MERGE` or `THREE_WAY_MERGE`.
    pub fn id(self) -> &'static str {
        match self {
            MergeOption::FastForwardMerge => "FAST_FORWARD_MERGE",
            MergeOption::SquashMerge => "SQUASH_MERGE",
            MergeOption::ThreeWayMerge => "THREE_WAY_MERGE",
        }
    }
}

/// `conflictDetailLevel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConflictDetailLevel {
    /// CodeCommit's default: the same file changed on both sides conflicts.
    #[default]
    FileLevel,
    /// Only changes to the same lines conflict.
    LineLevel,
}

/// `mergeMetadata` of a merged pull request.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeMetadata {
    pub is_merged: bool,
    pub merged_by: String,
    pub merge_commit_id: String,
    pub merge_option: MergeOption,
    pub time: i64,
}

/// A pull request.
#[derive(Debug, Clone, PartialEq)]
pub struct PullRequest {
    /// The system-generated id: 1, 2, 3…
    pub id: u32,
    pub title: String,
    pub author: String,
    /// The source branch.
    pub source: String,
    /// The destination branch.
    pub destination: String,
    pub created: i64,
    pub status: PullRequestStatus,
    /// Who approved (their ARN or name) and the revision they approved: the source
    /// commit at the time. Approval states belong to a revision, so a push to the source
    /// branch makes earlier approvals stop counting until they are given again.
    pub approvals: BTreeMap<String, String>,
    pub approval_rules: Vec<ApprovalRule>,
    pub merge_metadata: Option<MergeMetadata>,
}

/// EvaluatePullRequestApprovalRules and GetMergeConflicts in one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Every rule is satisfied.
    pub approved: bool,
    pub approval_rules_satisfied: Vec<String>,
    pub approval_rules_not_satisfied: Vec<String>,
    /// Whether the destination requires a passing build.
    pub build_required: bool,
    /// The source commit's build result, if a build ran.
    pub build_passed: Option<bool>,
    /// The source commit.
    pub source_commit: String,
    pub destination_commit: String,
    pub merge_base: Option<String>,
    /// Whether a three-way merge needs no person (`mergeable`).
    pub mergeable: bool,
    pub conflicts: Vec<Conflict>,
    /// Whether the source is already in the destination.
    pub already_merged: bool,
}

impl Evaluation {
    /// Whether a merge would be allowed now (rules, build and no conflict).
    pub fn can_merge(&self) -> bool {
        self.approved && (!self.build_required || self.build_passed == Some(true)) && self.mergeable
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Reviews {
    pull_requests: Vec<PullRequest>,
    templates: Vec<ApprovalRuleTemplate>,
    builds: BTreeMap<String, bool>,
    require_build: BTreeSet<String>,
}

impl Repo {
    /// Associates an approval rule template with the repository: pull requests made after
    /// it whose destination it names get its rule.
    pub fn associate_approval_rule_template(&mut self, template: ApprovalRuleTemplate) {
        self.reviews.templates.retain(|t| t.name != template.name);
        self.reviews.templates.push(template);
    }

    /// The associated approval rule templates.
    pub fn approval_rule_templates(&self) -> &[ApprovalRuleTemplate] {
        &self.reviews.templates
    }

    /// Requires a passing build of the source commit to merge pull requests into `branch`.
    pub fn require_passing_build(&mut self, branch: &str) {
        self.reviews.require_build.insert(branch.to_string());
    }

    /// Records the result of the build of a commit (the lab or the pipeline says).
    pub fn record_build(&mut self, rev: &str, passed: bool) -> Result<(), GitError> {
        let id = self.rev(rev)?.id.clone();
        self.reviews.builds.insert(id, passed);
        Ok(())
    }

    /// The recorded build result of a commit.
    pub fn build_result(&self, rev: &str) -> Option<bool> {
        let id = &self.rev(rev).ok()?.id;
        self.reviews.builds.get(id).copied()
    }

    /// The pull requests, by id.
    pub fn pull_requests(&self) -> &[PullRequest] {
        &self.reviews.pull_requests
    }

    /// A pull request by id.
    pub fn pull_request(&self, id: u32) -> Result<&PullRequest, GitError> {
        self.reviews
            .pull_requests
            .iter()
            .find(|p| p.id == id)
            .ok_or(GitError::PullRequestDoesNotExist { id })
    }

    fn open_pr(&mut self, id: u32) -> Result<&mut PullRequest, GitError> {
        let pr = self
            .reviews
            .pull_requests
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or(GitError::PullRequestDoesNotExist { id })?;
        if pr.status == PullRequestStatus::Closed {
            return Err(GitError::PullRequestAlreadyClosed { id });
        }
        Ok(pr)
    }

    /// Opens a pull request from `source` into `destination`; the associated templates that
    /// name the destination add their rules. Returns its id.
    pub fn create_pull_request(
        &mut self,
        title: &str,
        author: &str,
        source: &str,
        destination: &str,
        time: i64,
    ) -> Result<u32, GitError> {
        self.branch_tip(source)?;
        self.branch_tip(destination)?;
        if author.trim().is_empty() {
            return Err(GitError::EmptyIdent);
        }
        if source == destination {
            return Err(GitError::SourceAndDestinationAreSame {
                branch: source.to_string(),
            });
        }
        let id = self.reviews.pull_requests.len() as u32 + 1;
        let approval_rules = self
            .reviews
            .templates
            .iter()
            .filter(|t| t.content.applies_to(destination))
            .map(|t| ApprovalRule {
                name: t.name.clone(),
                content: t.content.clone(),
                origin_template: Some(t.name.clone()),
            })
            .collect();
        self.reviews.pull_requests.push(PullRequest {
            id,
            title: title.to_string(),
            author: author.to_string(),
            source: source.to_string(),
            destination: destination.to_string(),
            created: time,
            status: PullRequestStatus::Open,
            approvals: BTreeMap::new(),
            approval_rules,
            merge_metadata: None,
        });
        Ok(id)
    }

    /// Adds an approval rule to an open pull request.
    pub fn create_pull_request_approval_rule(
        &mut self,
        id: u32,
        name: &str,
        content: RuleContent,
    ) -> Result<(), GitError> {
        let pr = self.open_pr(id)?;
        if name.trim().is_empty() {
            return Err(bad(Rule::Name, name));
        }
        if pr.approval_rules.iter().any(|r| r.name == name) {
            return Err(GitError::ApprovalRuleNameAlreadyExists {
                name: name.to_string(),
            });
        }
        pr.approval_rules.push(ApprovalRule {
            name: name.to_string(),
            content,
            origin_template: None,
        });
        Ok(())
    }

    /// Approves (`approve`) or revokes an approval of an open pull request.
    pub fn update_pull_request_approval_state(
        &mut self,
        id: u32,
        user: &str,
        approve: bool,
    ) -> Result<(), GitError> {
        let source = self.pull_request(id)?.source.clone();
        let revision = self.branch_tip(&source)?;
        let pr = self.open_pr(id)?;
        if user.trim().is_empty() {
            return Err(GitError::EmptyIdent);
        }
        if approve && user == pr.author {
            return Err(GitError::PullRequestCannotBeApprovedByAuthor {
                id,
                user: user.to_string(),
            });
        }
        if approve {
            pr.approvals.insert(user.to_string(), revision);
        } else {
            pr.approvals.remove(user);
        }
        Ok(())
    }

    /// Closes a pull request without merging it.
    pub fn close_pull_request(&mut self, id: u32) -> Result<(), GitError> {
        self.open_pr(id)?.status = PullRequestStatus::Closed;
        Ok(())
    }

    /// Where a pull request stands: its rules, its build and whether it merges cleanly.
    pub fn evaluate_pull_request(
        &self,
        id: u32,
        level: ConflictDetailLevel,
    ) -> Result<Evaluation, GitError> {
        let pr = self.pull_request(id)?;
        let source_commit = self.branch_tip(&pr.source)?;
        let destination_commit = self.branch_tip(&pr.destination)?;
        let current: Vec<&String> = pr
            .approvals
            .iter()
            .filter(|(_, revision)| **revision == source_commit)
            .map(|(user, _)| user)
            .collect();
        let (satisfied, not): (Vec<&ApprovalRule>, Vec<&ApprovalRule>) = pr
            .approval_rules
            .iter()
            .partition(|r| r.content.satisfied_by(current.iter().copied()));
        let merge_base = self.merge_base(&source_commit, &destination_commit);
        let already_merged = self.is_ancestor(&source_commit, &destination_commit);
        let conflicts = if already_merged {
            Vec::new()
        } else {
            let base = merge_base
                .as_ref()
                .map(|b| self.commits[b].tree.clone())
                .unwrap_or_default();
            merge_trees(
                &base,
                &self.commits[&destination_commit].tree,
                &self.commits[&source_commit].tree,
                level == ConflictDetailLevel::LineLevel,
                &pr.source,
            )
            .1
        };
        Ok(Evaluation {
            approved: not.is_empty(),
            approval_rules_satisfied: satisfied.iter().map(|r| r.name.clone()).collect(),
            approval_rules_not_satisfied: not.iter().map(|r| r.name.clone()).collect(),
            build_required: self.reviews.require_build.contains(&pr.destination),
            build_passed: self.reviews.builds.get(&source_commit).copied(),
            mergeable: conflicts.is_empty(),
            conflicts,
            source_commit,
            destination_commit,
            merge_base,
            already_merged,
        })
    }

    /// Merges a pull request with `option` (MergePullRequestByFastForward / BySquash /
    /// ByThreeWay) by `user` at `time`, and closes it. Returns the destination's new tip.
    pub fn merge_pull_request(
        &mut self,
        id: u32,
        option: MergeOption,
        level: ConflictDetailLevel,
        user: &str,
        time: i64,
    ) -> Result<String, GitError> {
        self.no_pending()?;
        self.open_pr(id)?;
        let e = self.evaluate_pull_request(id, level)?;
        if !e.approved {
            return Err(GitError::PullRequestApprovalRulesNotSatisfied {
                id,
                rules: e.approval_rules_not_satisfied,
            });
        }
        if e.build_required && e.build_passed != Some(true) {
            return Err(GitError::BuildNotPassed {
                id,
                commit: e.source_commit,
                passed: e.build_passed,
            });
        }
        let ff_possible = self.is_ancestor(&e.destination_commit, &e.source_commit);
        if !e.mergeable
            || (option == MergeOption::FastForwardMerge && !ff_possible && !e.already_merged)
        {
            return Err(GitError::ManualMergeRequired {
                id,
                paths: e.conflicts.into_iter().map(|c| c.path).collect(),
            });
        }
        let pr = self.pull_request(id)?.clone();
        let mode = match option {
            MergeOption::FastForwardMerge => MergeMode::FastForwardOnly,
            MergeOption::SquashMerge => MergeMode::Squash,
            MergeOption::ThreeWayMerge => MergeMode::NoFastForward,
        };
        let outcome = self.merge(&pr.destination, &pr.source, mode, user, time, None)?;
        let commit = match outcome {
            MergeOutcome::FastForward { to, .. } => to,
            MergeOutcome::Merged { commit } | MergeOutcome::Squashed { commit } => commit,
            MergeOutcome::AlreadyUpToDate => e.destination_commit,
            MergeOutcome::Conflicts { conflicts } => {
                // Not reached: the evaluation found no conflict. Leave nothing half done.
                self.pending = None;
                return Err(GitError::ManualMergeRequired {
                    id,
                    paths: conflicts.into_iter().map(|c| c.path).collect(),
                });
            }
        };
        let pr = self.open_pr(id)?;
        pr.status = PullRequestStatus::Closed;
        pr.merge_metadata = Some(MergeMetadata {
            is_merged: true,
            merged_by: user.to_string(),
            merge_commit_id: commit.clone(),
            merge_option: option,
            time,
        });
        Ok(commit)
    }
}
