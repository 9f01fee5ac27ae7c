//! git: the Git engine's errors and results in words (English and Vietnamese). Where Git,
//! git-flow or CodeCommit has a well-known message, the English is that message (Git's
//! `Already up to date.`, `Automatic merge failed; fix conflicts and then commit the
//! result.`; CodeCommit's exception messages), and the Vietnamese explains it and keeps
//! Git's words in parentheses where a learner will meet them in a terminal.
use engine::git::review::{Evaluation, Rule};
use engine::git::{Conflict, ConflictKind, GitError, MergeOutcome, RebaseOutcome};

use crate::lang::{Lang, T};

fn list(items: &[String]) -> String {
    items.join(", ")
}

/// A [`GitError`] in `lang`.
pub fn error(e: &GitError, lang: Lang) -> String {
    let fill = |t: T, values: &[(&str, &dyn std::fmt::Display)]| t.fill(lang, values);
    match e {
        GitError::InvalidName { name } => fill(
            t!("fatal: '{name}' is not a valid branch name", "fatal: '{name}' không phải là tên branch hợp lệ (not a valid branch name)"),
            &[("name", name)],
        ),
        GitError::NotAValidObjectName { name } => fill(
            t!("fatal: not a valid object name: '{name}'", "fatal: '{name}' không trỏ tới commit nào (not a valid object name)"),
            &[("name", name)],
        ),
        GitError::AmbiguousName { name } => fill(
            t!("error: short object ID {name} is ambiguous", "error: short object ID {name} không rõ ràng: nhiều commit cùng bắt đầu như vậy, hãy gõ thêm ký tự"),
            &[("name", name)],
        ),
        GitError::BranchNotFound { name } => fill(
            t!("error: branch '{name}' not found", "error: không tìm thấy branch '{name}' (branch not found)"),
            &[("name", name)],
        ),
        GitError::BranchExists { name } => fill(
            t!("fatal: a branch named '{name}' already exists", "fatal: đã có một branch tên '{name}' (already exists)"),
            &[("name", name)],
        ),
        GitError::TagExists { name } => fill(
            t!("fatal: tag '{name}' already exists", "fatal: tag '{name}' đã tồn tại (already exists)"),
            &[("name", name)],
        ),
        GitError::BranchCheckedOut { name } => fill(
            t!("error: cannot delete branch '{name}': HEAD is on it; switch to another branch first", "error: không thể xóa branch '{name}' vì HEAD đang ở trên nó; hãy chuyển sang branch khác trước"),
            &[("name", name)],
        ),
        GitError::NotFullyMerged { name } => fill(
            t!("error: the branch '{name}' is not fully merged. If you are sure you want to delete it, run 'git branch -D {name}'", "error: branch '{name}' chưa được merge hết (not fully merged). Nếu chắc chắn muốn xóa, hãy chạy 'git branch -D {name}'"),
            &[("name", name)],
        ),
        GitError::EmptyIdent => t!("fatal: empty ident name not allowed", "fatal: tên tác giả không được để trống (empty ident name not allowed)").get(lang).to_string(),
        GitError::EmptyMessage => t!("Aborting commit due to empty commit message.", "Đã hủy commit vì commit message trống (empty commit message).").get(lang).to_string(),
        GitError::InvalidPath { path } => fill(
            t!("fatal: invalid path '{path}'", "fatal: đường dẫn '{path}' không hợp lệ (invalid path)"),
            &[("path", path)],
        ),
        GitError::PathExists { path } => fill(
            t!("'{path}' already exists: modify it instead of adding it", "'{path}' đã tồn tại: hãy sửa file đó thay vì thêm mới"),
            &[("path", path)],
        ),
        GitError::PathMissing { path } => fill(
            t!("fatal: pathspec '{path}' did not match any files", "fatal: pathspec '{path}' không khớp với file nào (did not match any files)"),
            &[("path", path)],
        ),
        GitError::DuplicatePath { path } => fill(
            t!("'{path}' is changed twice in the same commit", "'{path}' bị thay đổi hai lần trong cùng một commit"),
            &[("path", path)],
        ),
        GitError::NothingToCommit { branch } => fill(
            t!("On branch {branch}\nnothing to commit, working tree clean", "Trên branch {branch}\nkhông có gì để commit, working tree sạch (nothing to commit, working tree clean)"),
            &[("branch", branch)],
        ),
        GitError::NotPossibleToFastForward { branch, source } => fill(
            t!("fatal: Not possible to fast-forward, aborting. ({branch} and {source} have diverged)", "fatal: không thể fast-forward, đã dừng (Not possible to fast-forward): {branch} và {source} đã rẽ nhánh khác nhau"),
            &[("branch", branch), ("source", source)],
        ),
        GitError::MergeInProgress { paths } => fill(
            t!("fatal: You have not concluded your merge (MERGE_HEAD exists). Unmerged paths: {paths}", "fatal: bạn chưa hoàn tất merge (You have not concluded your merge). Các file còn conflict: {paths}"),
            &[("paths", &list(paths))],
        ),
        GitError::NoMergeInProgress => t!("fatal: There is no merge to abort (MERGE_HEAD missing).", "fatal: không có merge nào đang dở (MERGE_HEAD missing).").get(lang).to_string(),
        GitError::UnmergedPaths { paths } => fill(
            t!("error: Committing is not possible because you have unmerged files: {paths}", "error: chưa thể commit vì còn file chưa giải quyết conflict (unmerged files): {paths}"),
            &[("paths", &list(paths))],
        ),
        GitError::NotInConflict { path } => fill(
            t!("'{path}' has no conflict to resolve", "'{path}' không có conflict nào cần giải quyết"),
            &[("path", path)],
        ),
        GitError::CouldNotApply { commit, subject, paths } => fill(
            t!("error: could not apply {commit}... {subject}\nCONFLICT (content): Merge conflict in {paths}\nNothing was changed: resolve the conflict by merging, or change the commits.", "error: không thể áp dụng {commit}... {subject} (could not apply)\nCONFLICT (content): Merge conflict in {paths}\nKhông có gì bị thay đổi: hãy giải quyết conflict bằng merge, hoặc sửa lại các commit."),
            &[("commit", commit), ("subject", subject), ("paths", &list(paths))],
        ),
        GitError::CherryPickMerge { commit } => fill(
            t!("error: commit {commit} is a merge but no -m option was given.", "error: commit {commit} là một merge commit nhưng không có tùy chọn -m (no -m option was given)."),
            &[("commit", commit)],
        ),
        GitError::CherryPickEmpty { commit } => fill(
            t!("The previous cherry-pick is now empty: the change of {commit} is already on this branch.", "Cherry-pick này rỗng (now empty): thay đổi của {commit} đã có sẵn trên branch này."),
            &[("commit", commit)],
        ),
        GitError::FlowNotInitialized => t!("Fatal: Not a gitflow-enabled repo yet. Please run 'git flow init' first.", "Fatal: repository chưa bật git-flow. Hãy chạy 'git flow init' trước.").get(lang).to_string(),
        GitError::FlowAlreadyOpen { kind, name } => fill(
            t!("There is an existing {kind} branch '{name}'. Finish that one first.", "Đang có một branch {kind} '{name}'. Hãy finish nó trước."),
            &[("kind", kind), ("name", name)],
        ),
        GitError::FlowNoSuchBranch { name } => fill(
            t!("Fatal: Branch '{name}' does not exist and is required.", "Fatal: branch '{name}' không tồn tại mà lại bắt buộc phải có."),
            &[("name", name)],
        ),
        GitError::FlowConflict { branch, into, paths } => fill(
            t!("There were merge conflicts merging {branch} into {into}: {paths}. Nothing was changed.", "Có merge conflict khi merge {branch} vào {into}: {paths}. Không có gì bị thay đổi."),
            &[("branch", branch), ("into", into), ("paths", &list(paths))],
        ),
        GitError::PullRequestDoesNotExist { id } => fill(
            t!("PullRequestDoesNotExistException: the pull request ID {id} could not be found.", "PullRequestDoesNotExistException: không tìm thấy pull request có ID {id}."),
            &[("id", id)],
        ),
        GitError::PullRequestAlreadyClosed { id } => fill(
            t!("PullRequestAlreadyClosedException: the pull request status cannot be updated because it is already closed (pull request {id}).", "PullRequestAlreadyClosedException: không thể cập nhật pull request {id} vì nó đã đóng (CLOSED)."),
            &[("id", id)],
        ),
        GitError::SourceAndDestinationAreSame { branch } => fill(
            t!("SourceAndDestinationAreSameException: the source branch and destination branch for the pull request are the same ({branch}). You must specify different branches for the source and destination.", "SourceAndDestinationAreSameException: source branch và destination branch của pull request giống nhau ({branch}). Hãy chọn hai branch khác nhau."),
            &[("branch", branch)],
        ),
        GitError::PullRequestCannotBeApprovedByAuthor { user, .. } => fill(
            t!("PullRequestCannotBeApprovedByAuthorException: the approval cannot be applied because the user approving the pull request ({user}) matches the user who created the pull request. You cannot approve a pull request that you created.", "PullRequestCannotBeApprovedByAuthorException: không thể approve vì người approve ({user}) cũng là người tạo pull request. Bạn không thể tự approve pull request của mình."),
            &[("user", user)],
        ),
        GitError::InvalidApprovalRuleContent { rule, value } => {
            let detail = match rule {
                Rule::Syntax => t!("it is not valid JSON (at {value})", "nó không phải JSON hợp lệ (tại {value})"),
                Rule::NotAnObject => t!("it must be a JSON object, not {value}", "nó phải là một JSON object, không phải {value}"),
                Rule::Version => t!("Version must be \"2018-11-08\", not \"{value}\"", "Version phải là \"2018-11-08\", không phải \"{value}\""),
                Rule::DestinationReferences => t!("DestinationReferences must be a list of branch references such as refs/heads/main, not \"{value}\"", "DestinationReferences phải là danh sách branch reference như refs/heads/main, không phải \"{value}\""),
                Rule::Statements => t!("Statements must list at least one statement", "Statements phải có ít nhất một statement"),
                Rule::StatementType => t!("a statement's Type must be \"Approvers\", not \"{value}\"", "Type của statement phải là \"Approvers\", không phải \"{value}\""),
                Rule::ApprovalsNeeded => t!("NumberOfApprovalsNeeded must be a whole number, not \"{value}\"", "NumberOfApprovalsNeeded phải là một số nguyên, không phải \"{value}\""),
                Rule::Pool => t!("ApprovalPoolMembers must be a list of strings, not {value}", "ApprovalPoolMembers phải là danh sách chuỗi, không phải {value}"),
                Rule::Name => t!("the approval rule's name is empty (\"{value}\")", "tên approval rule đang để trống (\"{value}\")"),
            };
            let detail = detail.fill(lang, &[("value", value)]);
            fill(
                t!("InvalidApprovalRuleContentException: the content for the approval rule is not valid: {detail}", "InvalidApprovalRuleContentException: nội dung approval rule không hợp lệ: {detail}"),
                &[("detail", &detail)],
            )
        }
        GitError::ApprovalRuleNameAlreadyExists { name } => fill(
            t!("ApprovalRuleNameAlreadyExistsException: an approval rule with that name ({name}) already exists. Approval rule names must be unique within the scope of a pull request.", "ApprovalRuleNameAlreadyExistsException: đã có approval rule tên {name}. Tên approval rule phải là duy nhất trong một pull request."),
            &[("name", name)],
        ),
        GitError::PullRequestApprovalRulesNotSatisfied { rules, .. } => fill(
            t!("PullRequestApprovalRulesNotSatisfiedException: the pull request cannot be merged because one or more approval rules applied to the pull request have conditions that have not been met: {rules}", "PullRequestApprovalRulesNotSatisfiedException: chưa thể merge pull request vì một hoặc nhiều approval rule chưa được đáp ứng: {rules}"),
            &[("rules", &list(rules))],
        ),
        GitError::BuildNotPassed { commit, passed, .. } => {
            let short = engine::git::short(commit);
            match passed {
                Some(_) => fill(
                    t!("The build of {commit} failed: this branch requires a passing build before a pull request is merged.", "Build của {commit} bị fail: branch này yêu cầu build phải pass trước khi merge pull request."),
                    &[("commit", &short)],
                ),
                None => fill(
                    t!("No build has run for {commit}: this branch requires a passing build before a pull request is merged.", "Chưa có build nào chạy cho {commit}: branch này yêu cầu build phải pass trước khi merge pull request."),
                    &[("commit", &short)],
                ),
            }
        }
        GitError::ManualMergeRequired { paths, .. } if paths.is_empty() => t!(
            "ManualMergeRequiredException: the pull request cannot be merged automatically into the destination branch. A fast-forward merge is not possible because the destination branch has commits that the source branch does not have.",
            "ManualMergeRequiredException: không thể merge tự động pull request vào destination branch. Không thể fast-forward vì destination branch có commit mà source branch chưa có."
        )
        .get(lang)
        .to_string(),
        GitError::ManualMergeRequired { paths, .. } => fill(
            t!("ManualMergeRequiredException: the pull request cannot be merged automatically into the destination branch. You must manually merge the branches and resolve any conflicts: {paths}", "ManualMergeRequiredException: không thể merge tự động pull request vào destination branch. Bạn cần tự merge các branch và giải quyết conflict: {paths}"),
            &[("paths", &list(paths))],
        ),
    }
}

/// Git's `CONFLICT (…)` line for one path; `source` is the branch merged.
pub fn conflict(c: &Conflict, source: &str, lang: Lang) -> String {
    let t = match (c.kind, c.ours.is_none()) {
        (ConflictKind::Content, _) => t!(
            "CONFLICT (content): Merge conflict in {path}",
            "CONFLICT (content): merge conflict trong {path} (hai bên cùng sửa file này)"
        ),
        (ConflictKind::AddAdd, _) => t!(
            "CONFLICT (add/add): Merge conflict in {path}",
            "CONFLICT (add/add): merge conflict trong {path} (hai bên cùng thêm file này)"
        ),
        (ConflictKind::ModifyDelete, true) => t!(
            "CONFLICT (modify/delete): {path} deleted in HEAD and modified in {source}.",
            "CONFLICT (modify/delete): {path} bị xóa ở HEAD nhưng được sửa ở {source}."
        ),
        (ConflictKind::ModifyDelete, false) => t!(
            "CONFLICT (modify/delete): {path} deleted in {source} and modified in HEAD.",
            "CONFLICT (modify/delete): {path} bị xóa ở {source} nhưng được sửa ở HEAD."
        ),
    };
    t.fill(lang, &[("path", &c.path), ("source", &source)])
}

/// What `git merge` prints for an outcome; `source` is the branch merged.
pub fn outcome(o: &MergeOutcome, source: &str, lang: Lang) -> String {
    match o {
        MergeOutcome::AlreadyUpToDate => t!(
            "Already up to date.",
            "Đã cập nhật, không có gì để merge (Already up to date)."
        )
        .get(lang)
        .to_string(),
        MergeOutcome::FastForward { from, to } => t!(
            "Updating {from}..{to}\nFast-forward",
            "Cập nhật {from}..{to}\nFast-forward"
        )
        .fill(
            lang,
            &[
                ("from", &engine::git::short(from)),
                ("to", &engine::git::short(to)),
            ],
        ),
        MergeOutcome::Merged { commit } => t!(
            "Merge made by the 'ort' strategy. ({commit})",
            "Đã tạo merge commit bằng strategy 'ort' ({commit})."
        )
        .fill(lang, &[("commit", &engine::git::short(commit))]),
        MergeOutcome::Squashed { commit } => t!(
            "Squash commit {commit}: the branch's changes in one commit.",
            "Squash commit {commit}: mọi thay đổi của branch gộp trong một commit."
        )
        .fill(lang, &[("commit", &engine::git::short(commit))]),
        MergeOutcome::Conflicts { conflicts } => {
            let mut lines: Vec<String> = conflicts
                .iter()
                .map(|c| conflict(c, source, lang))
                .collect();
            lines.push(
                t!("Automatic merge failed; fix conflicts and then commit the result.", "Merge tự động thất bại; hãy sửa conflict rồi commit kết quả (Automatic merge failed).")
                    .get(lang)
                    .to_string(),
            );
            lines.join("\n")
        }
    }
}

/// What `git rebase` prints for an outcome.
pub fn rebase(o: &RebaseOutcome, branch: &str, lang: Lang) -> String {
    let t = if o.up_to_date {
        t!(
            "Current branch {branch} is up to date.",
            "Branch {branch} đã cập nhật, không cần rebase (is up to date)."
        )
    } else if o.fast_forwarded {
        t!("Fast-forwarded {branch}.", "Đã fast-forward {branch}.")
    } else {
        t!("Successfully rebased and updated refs/heads/{branch}: {n} commits replayed with new ids.", "Rebase thành công và đã cập nhật refs/heads/{branch}: {n} commit được replay với id mới.")
    };
    t.fill(lang, &[("branch", &branch), ("n", &o.replayed.len())])
}

/// A pull request's evaluation, one line per fact.
pub fn evaluation(e: &Evaluation, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if !e.approval_rules_satisfied.is_empty() {
        out.push(
            t!(
                "Approval rules satisfied: {rules}",
                "Approval rule đã đáp ứng: {rules}"
            )
            .fill(lang, &[("rules", &list(&e.approval_rules_satisfied))]),
        );
    }
    if !e.approval_rules_not_satisfied.is_empty() {
        out.push(
            t!(
                "Approval rules not satisfied: {rules}",
                "Approval rule chưa đáp ứng: {rules}"
            )
            .fill(lang, &[("rules", &list(&e.approval_rules_not_satisfied))]),
        );
    }
    if e.build_required {
        let t = match e.build_passed {
            Some(true) => t!("Build of {commit}: passed", "Build của {commit}: pass"),
            Some(false) => t!("Build of {commit}: failed", "Build của {commit}: fail"),
            None => t!(
                "Build of {commit}: not run yet",
                "Build của {commit}: chưa chạy"
            ),
        };
        out.push(t.fill(lang, &[("commit", &engine::git::short(&e.source_commit))]));
    }
    if e.already_merged {
        out.push(
            t!(
                "The source branch is already merged.",
                "Source branch đã được merge."
            )
            .get(lang)
            .to_string(),
        );
    } else if e.mergeable {
        out.push(
            t!(
                "No merge conflicts: the branches can be merged automatically.",
                "Không có merge conflict: có thể merge tự động."
            )
            .get(lang)
            .to_string(),
        );
    } else {
        let paths: Vec<String> = e.conflicts.iter().map(|c| c.path.clone()).collect();
        out.push(
            t!(
                "Merge conflicts in: {paths}",
                "Có merge conflict trong: {paths}"
            )
            .fill(lang, &[("paths", &list(&paths))]),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_errors() -> Vec<GitError> {
        let s = || "x".to_string();
        let v = || vec!["a.py".to_string()];
        let mut out = vec![
            GitError::InvalidName { name: s() },
            GitError::NotAValidObjectName { name: s() },
            GitError::AmbiguousName { name: s() },
            GitError::BranchNotFound { name: s() },
            GitError::BranchExists { name: s() },
            GitError::TagExists { name: s() },
            GitError::BranchCheckedOut { name: s() },
            GitError::NotFullyMerged { name: s() },
            GitError::EmptyIdent,
            GitError::EmptyMessage,
            GitError::InvalidPath { path: s() },
            GitError::PathExists { path: s() },
            GitError::PathMissing { path: s() },
            GitError::DuplicatePath { path: s() },
            GitError::NothingToCommit { branch: s() },
            GitError::NotPossibleToFastForward {
                branch: s(),
                source: s(),
            },
            GitError::MergeInProgress { paths: v() },
            GitError::NoMergeInProgress,
            GitError::UnmergedPaths { paths: v() },
            GitError::NotInConflict { path: s() },
            GitError::CouldNotApply {
                commit: s(),
                subject: s(),
                paths: v(),
            },
            GitError::CherryPickMerge { commit: s() },
            GitError::CherryPickEmpty { commit: s() },
            GitError::FlowNotInitialized,
            GitError::FlowAlreadyOpen {
                kind: s(),
                name: s(),
            },
            GitError::FlowNoSuchBranch { name: s() },
            GitError::FlowConflict {
                branch: s(),
                into: s(),
                paths: v(),
            },
            GitError::PullRequestDoesNotExist { id: 1 },
            GitError::PullRequestAlreadyClosed { id: 1 },
            GitError::SourceAndDestinationAreSame { branch: s() },
            GitError::PullRequestCannotBeApprovedByAuthor { id: 1, user: s() },
            GitError::ApprovalRuleNameAlreadyExists { name: s() },
            GitError::PullRequestApprovalRulesNotSatisfied { id: 1, rules: v() },
            GitError::BuildNotPassed {
                id: 1,
                commit: s(),
                passed: None,
            },
            GitError::BuildNotPassed {
                id: 1,
                commit: s(),
                passed: Some(false),
            },
            GitError::ManualMergeRequired { id: 1, paths: v() },
            GitError::ManualMergeRequired {
                id: 1,
                paths: vec![],
            },
        ];
        for rule in Rule::ALL {
            out.push(GitError::InvalidApprovalRuleContent {
                rule: *rule,
                value: s(),
            });
        }
        out
    }

    #[test]
    fn every_error_is_worded_in_both_languages() {
        for e in all_errors() {
            let (en, vi) = (error(&e, Lang::En), error(&e, Lang::Vi));
            assert!(!en.trim().is_empty() && !vi.trim().is_empty(), "{e:?}");
            assert_ne!(en, vi, "{e:?}");
            assert!(
                !en.contains('{') && !vi.contains('{'),
                "unfilled: {en} / {vi}"
            );
        }
    }

    #[test]
    fn git_s_famous_messages() {
        assert_eq!(
            outcome(&MergeOutcome::AlreadyUpToDate, "f", Lang::En),
            "Already up to date."
        );
        let c = Conflict {
            path: "app.py".into(),
            kind: ConflictKind::Content,
            base: None,
            ours: Some("a".into()),
            theirs: Some("b".into()),
            marked: None,
        };
        let text = outcome(
            &MergeOutcome::Conflicts {
                conflicts: vec![c.clone()],
            },
            "feature",
            Lang::En,
        );
        assert_eq!(text, "CONFLICT (content): Merge conflict in app.py\nAutomatic merge failed; fix conflicts and then commit the result.");
        assert_ne!(
            outcome(
                &MergeOutcome::Conflicts { conflicts: vec![c] },
                "feature",
                Lang::Vi
            ),
            text
        );
        assert_eq!(
            error(
                &GitError::NotAValidObjectName {
                    name: "nope".into()
                },
                Lang::En
            ),
            "fatal: not a valid object name: 'nope'"
        );
        let r = RebaseOutcome {
            up_to_date: true,
            ..RebaseOutcome::default()
        };
        assert_eq!(
            rebase(&r, "feature", Lang::En),
            "Current branch feature is up to date."
        );
        for kind in [ConflictKind::AddAdd, ConflictKind::ModifyDelete] {
            for ours in [None, Some("a".to_string())] {
                let c = Conflict {
                    path: "p".into(),
                    kind,
                    base: None,
                    ours,
                    theirs: None,
                    marked: None,
                };
                assert_ne!(conflict(&c, "f", Lang::En), conflict(&c, "f", Lang::Vi));
            }
        }
        let e = Evaluation {
            approved: false,
            approval_rules_satisfied: vec!["a".into()],
            approval_rules_not_satisfied: vec!["b".into()],
            build_required: true,
            build_passed: None,
            source_commit: "0123456789abcdef".into(),
            destination_commit: "x".into(),
            merge_base: None,
            mergeable: true,
            conflicts: vec![],
            already_merged: false,
        };
        let en = evaluation(&e, Lang::En);
        assert_eq!(en[2], "Build of 0123456: not run yet");
        assert_ne!(en, evaluation(&e, Lang::Vi));
    }
}
