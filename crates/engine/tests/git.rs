//! The Git engine: every operation, conflicts and their resolution, GitFlow and trunk-based
//! histories, CodeCommit approval rules, the DORA numbers, the layout, and odd input.
#![cfg(feature = "cicd")]

use std::collections::BTreeMap;

use engine::dora::four_keys;
use engine::git::layout::{layout, LabelKind};
use engine::git::measure::{
    arrivals, branch_lifetimes, deploys_at, event_log, integration_frequency, integrations,
};
use engine::git::review::{
    in_pool, parse_rule_content, ApprovalRuleTemplate, ConflictDetailLevel, MergeOption,
    PullRequestStatus, RuleContent,
};
use engine::git::{
    Annotation, Change, ConflictKind, GitError, MergeMode, MergeOutcome, NewCommit, Repo,
};

const H: i64 = 3600;
const APP: &str = "def main():\n    print('hello')\n\n\ndef helper():\n    return 1\n";

fn nc(author: &str, time: i64, message: &str, changes: Vec<Change>) -> NewCommit {
    NewCommit::new(author, time, message, changes)
}

fn repo() -> Repo {
    Repo::init(
        "main",
        nc(
            "ana",
            0,
            "Initial commit",
            vec![
                Change::add("README.md", "# app\n"),
                Change::add("app.py", APP),
            ],
        ),
    )
    .unwrap()
}

fn edit(repo: &Repo, branch: &str, path: &str, from: &str, to: &str) -> Change {
    let text = repo.tree(branch).unwrap()[path].replace(from, to);
    Change::modify(path, &text)
}

#[test]
fn commits_have_deterministic_short_ids_and_trees() {
    let mut a = repo();
    let mut b = repo();
    let ca = a
        .commit(nc(
            "bo",
            H,
            "Add docs",
            vec![Change::add("docs/x.md", "x\n")],
        ))
        .unwrap();
    let cb = b
        .commit(nc(
            "bo",
            H,
            "Add docs",
            vec![Change::add("docs/x.md", "x\n")],
        ))
        .unwrap();
    assert_eq!(ca, cb, "same inputs, same id");
    assert_eq!(ca.len(), 16);
    assert!(ca.bytes().all(|c| c.is_ascii_hexdigit()));
    let commit = a.get(&ca).unwrap();
    assert_eq!(commit.short().len(), 7);
    assert_eq!(commit.parents.len(), 1);
    assert_eq!(commit.changes, vec![Change::add("docs/x.md", "x\n")]);
    assert_eq!(a.tree("HEAD").unwrap().len(), 3);
    assert_eq!(
        a.tree("HEAD~").err().map(|e| e.code()),
        Some("not-a-valid-object-name")
    );
    // A different time gives a different id.
    let mut c = repo();
    let cc = c
        .commit(nc(
            "bo",
            H + 1,
            "Add docs",
            vec![Change::add("docs/x.md", "x\n")],
        ))
        .unwrap();
    assert_ne!(ca, cc);
    // An abbreviation names the commit.
    assert_eq!(a.rev(commit.short()).unwrap().id, ca);
    assert_eq!(a.rev(&ca[..4]).unwrap().id, ca);
    // The tree of the first commit is unchanged.
    let root = a.log("main").unwrap().last().unwrap().id.clone();
    assert_eq!(a.tree(&root).unwrap().len(), 2);
}

#[test]
fn commit_errors_are_data() {
    let mut r = repo();
    let same = Change::modify("README.md", "# app\n");
    assert_eq!(
        r.commit(nc("ana", 1, "noop", vec![same])),
        Err(GitError::NothingToCommit {
            branch: "main".into()
        })
    );
    assert_eq!(
        r.commit(nc("ana", 1, "x", vec![Change::add("README.md", "y")])),
        Err(GitError::PathExists {
            path: "README.md".into()
        })
    );
    assert_eq!(
        r.commit(nc("ana", 1, "x", vec![Change::delete("nope.txt")])),
        Err(GitError::PathMissing {
            path: "nope.txt".into()
        })
    );
    assert_eq!(
        r.commit(nc("", 1, "x", vec![Change::add("a", "a")])),
        Err(GitError::EmptyIdent)
    );
    assert_eq!(
        r.commit(nc("ana", 1, "  ", vec![Change::add("a", "a")])),
        Err(GitError::EmptyMessage)
    );
    for bad in ["", "/a", "a/", "a//b", "../x", "a/./b"] {
        assert_eq!(
            r.commit(nc("ana", 1, "x", vec![Change::add(bad, "a")])),
            Err(GitError::InvalidPath { path: bad.into() })
        );
    }
    assert_eq!(
        r.commit(nc(
            "ana",
            1,
            "x",
            vec![Change::add("a", "1"), Change::modify("a", "2")]
        )),
        Err(GitError::DuplicatePath { path: "a".into() })
    );
    assert_eq!(r.commits().count(), 1, "failed commits leave nothing");
}

#[test]
fn branches_and_names() {
    let mut r = repo();
    for bad in [
        "", "a..b", "-x", "HEAD", "x.lock", "a b", "a~1", "x/", "@", "a@{1}", ".hidden",
    ] {
        assert_eq!(
            r.branch(bad, "main", 1),
            Err(GitError::InvalidName { name: bad.into() }),
            "{bad}"
        );
    }
    assert_eq!(
        r.branch(&"x".repeat(300), "main", 1)
            .err()
            .map(|e| e.code()),
        Some("invalid-name")
    );
    r.branch("feature/login", "main", 1).unwrap();
    assert_eq!(
        r.branch("feature/login", "main", 1),
        Err(GitError::BranchExists {
            name: "feature/login".into()
        })
    );
    assert_eq!(
        r.branch("x", "nope", 1),
        Err(GitError::NotAValidObjectName {
            name: "nope".into()
        })
    );
    assert_eq!(
        r.switch("nope"),
        Err(GitError::BranchNotFound {
            name: "nope".into()
        })
    );
    r.switch("feature/login").unwrap();
    r.commit(nc("bo", 2, "Login", vec![Change::add("login.py", "x\n")]))
        .unwrap();
    assert_eq!(
        r.delete_branch("feature/login", false, 3),
        Err(GitError::BranchCheckedOut {
            name: "feature/login".into()
        })
    );
    r.switch("main").unwrap();
    assert_eq!(
        r.delete_branch("feature/login", false, 3),
        Err(GitError::NotFullyMerged {
            name: "feature/login".into()
        })
    );
    assert_eq!(
        r.delete_branch("nope", false, 3),
        Err(GitError::BranchNotFound {
            name: "nope".into()
        })
    );
    r.delete_branch("feature/login", true, 3).unwrap();
    assert!(r.tip("feature/login").is_none());
    assert_eq!(r.branch_records()[1].deleted, Some(3));
}

#[test]
fn tags_lightweight_and_annotated() {
    let mut r = repo();
    r.tag("v0.1", "main", None).unwrap();
    let note = Annotation {
        tagger: "ana".into(),
        time: 5,
        message: "First release".into(),
    };
    r.tag("v0.2", "HEAD", Some(note.clone())).unwrap();
    assert_eq!(
        r.tag("v0.1", "main", None),
        Err(GitError::TagExists {
            name: "v0.1".into()
        })
    );
    assert_eq!(r.tags()["v0.2"].annotation, Some(note));
    assert_eq!(r.rev("v0.1").unwrap().id, r.tip("main").unwrap());
    assert_eq!(
        r.tag("bad name", "main", None).err().map(|e| e.code()),
        Some("invalid-name")
    );
}

/// main: root; feature: one commit on top.
fn with_feature() -> Repo {
    let mut r = repo();
    r.branch("feature", "main", H).unwrap();
    let change = edit(&r, "feature", "app.py", "hello", "hello, world");
    r.commit_on("feature", nc("bo", 2 * H, "Greet the world", vec![change]))
        .unwrap();
    r
}

#[test]
fn fast_forward_then_already_up_to_date() {
    let mut r = with_feature();
    let tip = r.tip("feature").unwrap().to_string();
    let out = r
        .merge(
            "main",
            "feature",
            MergeMode::FastForward,
            "ana",
            3 * H,
            None,
        )
        .unwrap();
    assert_eq!(
        out,
        MergeOutcome::FastForward {
            from: r.log("main").unwrap()[1].id.clone(),
            to: tip.clone()
        }
    );
    assert_eq!(r.tip("main"), Some(tip.as_str()));
    assert_eq!(
        r.merge(
            "main",
            "feature",
            MergeMode::FastForward,
            "ana",
            4 * H,
            None
        ),
        Ok(MergeOutcome::AlreadyUpToDate)
    );
    assert_eq!(
        r.merge("main", "main", MergeMode::NoFastForward, "ana", 4 * H, None),
        Ok(MergeOutcome::AlreadyUpToDate)
    );
    assert_eq!(
        r.merge("nope", "main", MergeMode::FastForward, "ana", 4 * H, None),
        Err(GitError::BranchNotFound {
            name: "nope".into()
        })
    );
    assert_eq!(
        r.merge("main", "nope", MergeMode::FastForward, "ana", 4 * H, None),
        Err(GitError::NotAValidObjectName {
            name: "nope".into()
        })
    );
}

#[test]
fn no_ff_makes_a_merge_commit_with_git_s_message() {
    let mut r = with_feature();
    r.branch("develop", "main", H).unwrap();
    let out = r
        .merge(
            "develop",
            "feature",
            MergeMode::NoFastForward,
            "ana",
            3 * H,
            None,
        )
        .unwrap();
    let MergeOutcome::Merged { commit } = out else {
        panic!("{out:?}")
    };
    let c = r.get(&commit).unwrap();
    assert_eq!(c.parents.len(), 2);
    assert_eq!(c.message, "Merge branch 'feature' into develop");
    assert_eq!(c.tree, r.tree("feature").unwrap().clone());
    let MergeOutcome::Merged { commit } = r
        .merge(
            "main",
            "feature",
            MergeMode::NoFastForward,
            "ana",
            3 * H,
            None,
        )
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(r.get(&commit).unwrap().message, "Merge branch 'feature'");
}

#[test]
fn changes_on_different_lines_merge_cleanly_and_ff_only_refuses() {
    let mut r = with_feature();
    let change = edit(&r, "main", "app.py", "return 1", "return 2");
    r.commit_on("main", nc("ana", 2 * H, "Helper returns 2", vec![change]))
        .unwrap();
    assert_eq!(
        r.merge(
            "main",
            "feature",
            MergeMode::FastForwardOnly,
            "ana",
            3 * H,
            None
        ),
        Err(GitError::NotPossibleToFastForward {
            branch: "main".into(),
            source: "feature".into()
        })
    );
    let out = r
        .merge(
            "main",
            "feature",
            MergeMode::FastForward,
            "ana",
            3 * H,
            None,
        )
        .unwrap();
    assert!(matches!(out, MergeOutcome::Merged { .. }), "{out:?}");
    let app = &r.tree("main").unwrap()["app.py"];
    assert!(
        app.contains("hello, world") && app.contains("return 2"),
        "{app}"
    );
}

#[test]
fn conflict_is_reported_and_resolved_by_the_learner() {
    let mut r = with_feature();
    let change = edit(&r, "main", "app.py", "hello", "hi");
    let main_before = r
        .commit_on("main", nc("ana", 2 * H, "Say hi", vec![change]))
        .unwrap();
    let out = r
        .merge(
            "main",
            "feature",
            MergeMode::FastForward,
            "ana",
            3 * H,
            None,
        )
        .unwrap();
    let MergeOutcome::Conflicts { conflicts } = out else {
        panic!("{out:?}")
    };
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert_eq!((c.path.as_str(), c.kind), ("app.py", ConflictKind::Content));
    assert!(c.ours.as_deref().unwrap().contains("print('hi')"));
    assert!(c
        .theirs
        .as_deref()
        .unwrap()
        .contains("print('hello, world')"));
    let marked = c.marked.as_deref().unwrap();
    assert!(
        marked.contains(
            "<<<<<<< HEAD\n    print('hi')\n=======\n    print('hello, world')\n>>>>>>> feature\n"
        ),
        "{marked}"
    );
    assert!(marked.contains("return 1"));
    // Nothing moved; everything else waits.
    assert_eq!(r.tip("main"), Some(main_before.as_str()));
    assert_eq!(r.pending().unwrap().conflicts.len(), 1);
    assert_eq!(
        r.branch("x", "main", 1).err().map(|e| e.code()),
        Some("merge-in-progress")
    );
    assert_eq!(
        r.commit(nc("ana", 1, "x", vec![Change::add("x", "x")]))
            .err()
            .map(|e| e.code()),
        Some("merge-in-progress")
    );
    // Resolution: every conflicting path, and only those.
    let mut resolved = BTreeMap::new();
    assert_eq!(
        r.resolve(&resolved, "ana", 4 * H),
        Err(GitError::UnmergedPaths {
            paths: vec!["app.py".into()]
        })
    );
    resolved.insert("README.md".to_string(), Some("x".to_string()));
    assert_eq!(
        r.resolve(&resolved, "ana", 4 * H),
        Err(GitError::NotInConflict {
            path: "README.md".into()
        })
    );
    resolved.clear();
    let text = APP.replace("hello", "hi, world");
    resolved.insert("app.py".to_string(), Some(text.clone()));
    let merge = r.resolve(&resolved, "ana", 4 * H).unwrap();
    let m = r.get(&merge).unwrap();
    assert_eq!(
        m.parents,
        vec![main_before, r.tip("feature").unwrap().to_string()]
    );
    assert_eq!(r.tree("main").unwrap()["app.py"], text);
    assert!(r.pending().is_none());
    assert_eq!(
        r.resolve(&resolved, "ana", 4 * H),
        Err(GitError::NoMergeInProgress)
    );
    assert_eq!(
        r.merge(
            "main",
            "feature",
            MergeMode::FastForward,
            "ana",
            5 * H,
            None
        ),
        Ok(MergeOutcome::AlreadyUpToDate)
    );
}

#[test]
fn abort_and_modify_delete_conflict() {
    let mut r = with_feature();
    r.commit_on(
        "main",
        nc("ana", 2 * H, "Drop app", vec![Change::delete("app.py")]),
    )
    .unwrap();
    let out = r
        .merge(
            "main",
            "feature",
            MergeMode::NoFastForward,
            "ana",
            3 * H,
            None,
        )
        .unwrap();
    let MergeOutcome::Conflicts { conflicts } = out else {
        panic!()
    };
    assert_eq!(conflicts[0].kind, ConflictKind::ModifyDelete);
    assert_eq!(conflicts[0].ours, None);
    assert!(conflicts[0].marked.is_none());
    r.abort_merge().unwrap();
    assert!(r.pending().is_none());
    assert_eq!(r.abort_merge(), Err(GitError::NoMergeInProgress));
    // Resolving by deleting.
    r.merge(
        "main",
        "feature",
        MergeMode::NoFastForward,
        "ana",
        3 * H,
        None,
    )
    .unwrap();
    let resolved = BTreeMap::from([("app.py".to_string(), None)]);
    r.resolve(&resolved, "ana", 4 * H).unwrap();
    assert!(!r.tree("main").unwrap().contains_key("app.py"));
}

#[test]
fn squash_merge_makes_one_commit_with_one_parent() {
    let mut r = with_feature();
    r.commit_on(
        "feature",
        nc(
            "bo",
            3 * H,
            "Add tests",
            vec![Change::add("test_app.py", "ok\n")],
        ),
    )
    .unwrap();
    let main_tip = r.tip("main").unwrap().to_string();
    let out = r
        .merge("main", "feature", MergeMode::Squash, "ana", 4 * H, None)
        .unwrap();
    let MergeOutcome::Squashed { commit } = out else {
        panic!("{out:?}")
    };
    let c = r.get(&commit).unwrap();
    assert_eq!(c.parents, vec![main_tip]);
    assert_eq!(c.origins.len(), 2);
    assert!(c.message.starts_with("Squashed commit of the following:"));
    assert_eq!(c.tree, r.tree("feature").unwrap().clone());
    assert_eq!(c.changes.len(), 2);
    // The feature's commits are not in main: Git would merge them again.
    assert!(!r.is_ancestor(r.tip("feature").unwrap(), r.tip("main").unwrap()));
}

#[test]
fn rebase_replays_with_new_ids() {
    let mut r = with_feature();
    r.commit_on(
        "feature",
        nc(
            "bo",
            3 * H,
            "Add tests",
            vec![Change::add("test_app.py", "ok\n")],
        ),
    )
    .unwrap();
    let old: Vec<String> = r
        .log("feature")
        .unwrap()
        .iter()
        .take(2)
        .map(|c| c.id.clone())
        .collect();
    let change = edit(&r, "main", "app.py", "return 1", "return 2");
    let main_tip = r
        .commit_on("main", nc("ana", 4 * H, "Helper returns 2", vec![change]))
        .unwrap();
    let out = r.rebase("feature", "main", 5 * H).unwrap();
    assert_eq!(out.replayed.len(), 2);
    for (o, n) in &out.replayed {
        assert_ne!(o, n);
        assert!(old.contains(o));
        let (oc, ncm) = (r.get(o).unwrap(), r.get(n).unwrap());
        assert_eq!(
            (oc.author.as_str(), oc.authored, oc.message.as_str()),
            (ncm.author.as_str(), ncm.authored, ncm.message.as_str())
        );
        assert_eq!(ncm.time, 5 * H);
        assert_eq!(ncm.origins, vec![o.clone()]);
    }
    let first_new = r.get(&out.replayed[0].1).unwrap();
    assert_eq!(first_new.parents, vec![main_tip.clone()]);
    assert!(r.is_ancestor(&main_tip, r.tip("feature").unwrap()));
    let app = &r.tree("feature").unwrap()["app.py"];
    assert!(app.contains("hello, world") && app.contains("return 2"));
    // Again: up to date. Then main fast-forwards.
    assert!(r.rebase("feature", "main", 6 * H).unwrap().up_to_date);
    let out = r
        .merge(
            "main",
            "feature",
            MergeMode::FastForwardOnly,
            "ana",
            6 * H,
            None,
        )
        .unwrap();
    assert!(matches!(out, MergeOutcome::FastForward { .. }));
    // Same inputs, same new ids.
    let mut again = with_feature();
    again
        .commit_on(
            "feature",
            nc(
                "bo",
                3 * H,
                "Add tests",
                vec![Change::add("test_app.py", "ok\n")],
            ),
        )
        .unwrap();
    let change = edit(&again, "main", "app.py", "return 1", "return 2");
    again
        .commit_on("main", nc("ana", 4 * H, "Helper returns 2", vec![change]))
        .unwrap();
    assert_eq!(
        again.rebase("feature", "main", 5 * H).unwrap().replayed[1].1,
        r.tip("feature").unwrap()
    );
}

#[test]
fn rebase_conflict_changes_nothing() {
    let mut r = with_feature();
    let change = edit(&r, "main", "app.py", "hello", "hi");
    r.commit_on("main", nc("ana", 2 * H, "Say hi", vec![change]))
        .unwrap();
    let before = r.clone();
    let err = r.rebase("feature", "main", 3 * H).unwrap_err();
    let GitError::CouldNotApply {
        subject,
        paths,
        commit,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (subject.as_str(), paths.clone()),
        ("Greet the world", vec!["app.py".to_string()])
    );
    assert_eq!(commit.len(), 7);
    assert_eq!(r, before);
}

#[test]
fn cherry_pick_copies_a_change() {
    let mut r = with_feature();
    r.commit_on(
        "feature",
        nc(
            "bo",
            3 * H,
            "Add tests",
            vec![Change::add("test_app.py", "ok\n")],
        ),
    )
    .unwrap();
    let tests = r.tip("feature").unwrap().to_string();
    let picked = r.cherry_pick("main", &tests, 4 * H).unwrap();
    assert_ne!(picked, tests);
    let c = r.get(&picked).unwrap();
    assert_eq!(c.changes, vec![Change::add("test_app.py", "ok\n")]);
    assert_eq!(c.authored, 3 * H);
    assert!(
        !r.tree("main").unwrap()["app.py"].contains("world"),
        "only that change"
    );
    assert_eq!(
        r.cherry_pick("main", &tests, 5 * H).err().map(|e| e.code()),
        Some("cherry-pick-empty")
    );
    // A merge commit needs -m.
    let MergeOutcome::Merged { commit } = r
        .merge(
            "main",
            "feature",
            MergeMode::NoFastForward,
            "ana",
            6 * H,
            None,
        )
        .unwrap()
    else {
        panic!()
    };
    r.branch(
        "other",
        &r.log("main").unwrap().last().unwrap().id.clone(),
        7 * H,
    )
    .unwrap();
    let short = r.get(&commit).unwrap().short().to_string();
    assert_eq!(
        r.cherry_pick("other", &commit, 7 * H),
        Err(GitError::CherryPickMerge { commit: short })
    );
}

/// A GitFlow history: init, one feature, a release 1.0.0, then a hotfix 1.0.1.
fn gitflow() -> Repo {
    let mut r = repo();
    r.flow_init(H).unwrap();
    r.feature_start("login", 2 * H).unwrap();
    r.commit(nc(
        "bo",
        3 * H,
        "Login form",
        vec![Change::add("login.py", "form\n")],
    ))
    .unwrap();
    r.commit(nc(
        "bo",
        4 * H,
        "Login check",
        vec![Change::modify("login.py", "form\ncheck\n")],
    ))
    .unwrap();
    let f = r.feature_finish("login", "bo", 5 * H).unwrap();
    assert_eq!(f.merges.len(), 1);
    r.release_start("1.0.0", 6 * H).unwrap();
    r.commit(nc(
        "ana",
        7 * H,
        "Bump version to 1.0.0",
        vec![Change::add("VERSION", "1.0.0\n")],
    ))
    .unwrap();
    let f = r.release_finish("1.0.0", "ana", 8 * H).unwrap();
    assert_eq!(f.tag.as_deref(), Some("v1.0.0"));
    assert_eq!(
        f.merges.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(),
        ["main", "develop"]
    );
    r.hotfix_start("1.0.1", 10 * H).unwrap();
    r.commit(nc(
        "cy",
        11 * H,
        "Fix login crash",
        vec![Change::modify("login.py", "form\ncheck!\n")],
    ))
    .unwrap();
    r.hotfix_finish("1.0.1", "cy", 12 * H).unwrap();
    r
}

#[test]
fn gitflow_release_and_hotfix_cycles() {
    let r = gitflow();
    assert_eq!(r.head(), "develop");
    assert_eq!(
        r.branches().keys().cloned().collect::<Vec<_>>(),
        ["develop", "main"]
    );
    // Tags on main's merge commits, annotated.
    let v100 = r.rev("v1.0.0").unwrap();
    let v101 = r.rev("v1.0.1").unwrap();
    assert_eq!(v101.id, r.tip("main").unwrap());
    assert_eq!(v100.message, "Merge branch 'release/1.0.0'");
    assert_eq!(v101.message, "Merge branch 'hotfix/1.0.1'");
    assert_eq!(
        r.tags()["v1.0.0"].annotation.as_ref().unwrap().message,
        "Release 1.0.0"
    );
    assert!(v100.is_merge() && v101.is_merge());
    // Main holds only merges (and the root): first-parent history root → v1.0.0 → v1.0.1.
    let first_parents: Vec<&str> = {
        let mut out = Vec::new();
        let mut cur = r.get(r.tip("main").unwrap());
        while let Some(c) = cur {
            out.push(c.subject());
            cur = c.parents.first().and_then(|p| r.get(p));
        }
        out
    };
    assert_eq!(
        first_parents,
        [
            "Merge branch 'hotfix/1.0.1'",
            "Merge branch 'release/1.0.0'",
            "Initial commit"
        ]
    );
    // Develop got the feature, the release back-merge and the hotfix.
    let dev = r.log("develop").unwrap();
    let subjects: Vec<&str> = dev.iter().map(|c| c.subject()).collect();
    for s in [
        "Merge branch 'feature/login' into develop",
        "Merge branch 'release/1.0.0' into develop",
        "Merge branch 'hotfix/1.0.1' into develop",
    ] {
        assert!(subjects.contains(&s), "{subjects:?}");
    }
    assert_eq!(r.tree("develop").unwrap()["login.py"], "form\ncheck!\n");
    assert_eq!(r.tree("main").unwrap(), r.tree("develop").unwrap());
    // Lifetimes: feature 3h, release 2h, hotfix 2h.
    let ages: Vec<(String, Option<i64>)> = branch_lifetimes(&r)
        .into_iter()
        .map(|l| (l.branch.clone(), l.age_at_merge()))
        .collect();
    assert_eq!(
        ages,
        [
            ("develop".to_string(), None),
            ("feature/login".to_string(), Some(3 * H)),
            ("release/1.0.0".to_string(), Some(2 * H)),
            ("hotfix/1.0.1".to_string(), Some(2 * H)),
        ]
    );
}

#[test]
fn hotfix_goes_to_the_open_release_and_flow_errors() {
    let mut r = repo();
    assert_eq!(r.feature_start("x", 1), Err(GitError::FlowNotInitialized));
    r.flow_init(H).unwrap();
    assert_eq!(
        r.flow_init(H),
        Err(GitError::BranchExists {
            name: "develop".into()
        })
    );
    r.release_start("2.0.0", 2 * H).unwrap();
    assert_eq!(
        r.release_start("2.1.0", 2 * H),
        Err(GitError::FlowAlreadyOpen {
            kind: "release".into(),
            name: "release/2.0.0".into()
        })
    );
    assert_eq!(
        r.feature_finish("nope", "ana", 3 * H),
        Err(GitError::FlowNoSuchBranch {
            name: "feature/nope".into()
        })
    );
    r.hotfix_start("1.0.1", 3 * H).unwrap();
    r.commit(nc("cy", 4 * H, "Fix", vec![Change::add("fix.txt", "1\n")]))
        .unwrap();
    let f = r.hotfix_finish("1.0.1", "cy", 5 * H).unwrap();
    assert_eq!(f.merges[1].0, "release/2.0.0");
    assert!(r.tree("release/2.0.0").unwrap().contains_key("fix.txt"));
    assert!(!r.tree("develop").unwrap().contains_key("fix.txt"));
    assert_eq!(
        r.feature_start("bad name", 6 * H).err().map(|e| e.code()),
        Some("invalid-name")
    );
}

#[test]
fn gitflow_finish_conflict_changes_nothing() {
    let mut r = repo();
    r.flow_init(H).unwrap();
    r.release_start("1.0.0", 2 * H).unwrap();
    r.commit(nc(
        "ana",
        3 * H,
        "Version",
        vec![Change::add("VERSION", "1.0.0\n")],
    ))
    .unwrap();
    r.commit_on(
        "develop",
        nc(
            "bo",
            3 * H,
            "Version",
            vec![Change::add("VERSION", "2.0.0-dev\n")],
        ),
    )
    .unwrap();
    let before = r.clone();
    let err = r.release_finish("1.0.0", "ana", 4 * H).unwrap_err();
    assert_eq!(
        err,
        GitError::FlowConflict {
            branch: "release/1.0.0".into(),
            into: "develop".into(),
            paths: vec!["VERSION".into()]
        }
    );
    assert_eq!(r, before);
}

/// Trunk-based: three short-lived branches merged the same day, a flagged direct commit.
fn trunk() -> Repo {
    let mut r = repo();
    for (i, name) in ["add-cart", "cart-total", "checkout"].iter().enumerate() {
        let t = (i as i64) * 3 * H;
        r.branch(name, "main", t + H).unwrap();
        r.commit_on(
            name,
            nc(
                "bo",
                t + 2 * H,
                name,
                vec![Change::add(&format!("{name}.py"), "x\n")],
            ),
        )
        .unwrap();
        r.merge_to_trunk(name, false, "bo", t + 3 * H).unwrap();
    }
    let flagged = nc(
        "ana",
        10 * H,
        "Checkout v2, dark",
        vec![Change::add("checkout_v2.py", "x\n")],
    )
    .behind_flag("checkout-v2");
    r.commit_on("main", flagged).unwrap();
    r
}

#[test]
fn trunk_based_history_and_integration_frequency() {
    let r = trunk();
    assert_eq!(r.branches().len(), 1, "short-lived branches are deleted");
    let ints = integrations(&r, "main");
    assert_eq!(ints.len(), 4);
    assert_eq!(ints[0].source.as_deref(), Some("add-cart"));
    assert_eq!(ints[3].kind.id(), "commit");
    // Four integrations in a 12-hour window: 8 per day.
    assert_eq!(integration_frequency(&r, "main", 0, 12 * H), 8.0);
    assert_eq!(integration_frequency(&r, "main", 5, 5), 0.0);
    let a = arrivals(&r, "main");
    assert_eq!(a.last().unwrap().flag.as_deref(), Some("checkout-v2"));
    // Each branch lived 2 hours.
    let lives = branch_lifetimes(&r);
    assert!(lives
        .iter()
        .all(|l| l.age_at_merge() == Some(2 * H) && l.merged.as_ref().unwrap().1 == "main"));
    // Fast-forwards: a straight line on lane 0.
    let g = layout(&r);
    assert!(g.nodes.iter().all(|n| n.lane == 0));
    assert_eq!(g.nodes.len(), 5);
}

#[test]
fn dora_log_lead_times_match_hand_computation() {
    // root at 0; feature at 1h: f1 at 2h, f2 at 5h, merged --no-ff at 8h; d1 on main at 9h;
    // deployed at 10h.
    let mut r = repo();
    r.branch("feature", "main", H).unwrap();
    r.commit_on(
        "feature",
        nc("bo", 2 * H, "f1", vec![Change::add("f1", "1\n")]),
    )
    .unwrap();
    r.commit_on(
        "feature",
        nc("bo", 5 * H, "f2", vec![Change::add("f2", "2\n")]),
    )
    .unwrap();
    r.merge(
        "main",
        "feature",
        MergeMode::NoFastForward,
        "ana",
        8 * H,
        None,
    )
    .unwrap();
    r.commit_on(
        "main",
        nc("ana", 9 * H, "d1", vec![Change::add("d1", "3\n")]),
    )
    .unwrap();
    let to_main: Vec<(String, i64)> = arrivals(&r, "main")
        .iter()
        .filter(|a| !a.merge)
        .map(|a| (r.get(&a.commit).unwrap().message.clone(), a.lead_time()))
        .collect();
    let expected = [
        ("Initial commit", 0),
        ("f1", 6 * H),
        ("f2", 3 * H),
        ("d1", 0),
    ];
    assert_eq!(to_main, expected.map(|(m, t)| (m.to_string(), t)));
    let deploys = deploys_at(&r, "main", &[("d-1".to_string(), 10 * H, false)]);
    assert_eq!(deploys[0].commits.len(), 4);
    let log = event_log(&r, "main", "trunk", H, 24 * H, &deploys);
    assert_eq!(
        log.commits.len(),
        3,
        "the root is before the window, the merge is not a change"
    );
    assert!(log.commits.iter().all(|c| c.id.len() == 7));
    let keys = four_keys(&log);
    // Lead times 8h, 5h, 1h: the median is 5h.
    assert_eq!(keys.lead_time_hours, Some(5.0));
    assert_eq!(keys.deployments, 1);
    assert_eq!(keys.delivered_commits, 3);
    // A second deployment ships nothing new; a failed one counts as failed.
    let deploys = deploys_at(
        &r,
        "main",
        &[("d-1".into(), 10 * H, false), ("d-2".into(), 11 * H, true)],
    );
    assert!(deploys[1].commits.is_empty());
    let keys = four_keys(&event_log(&r, "main", "", H, 24 * H, &deploys));
    assert_eq!(keys.change_fail_rate_percent, Some(50.0));
}

#[test]
fn squash_lead_time_starts_at_the_first_squashed_commit() {
    let mut r = repo();
    r.branch("feature", "main", H).unwrap();
    r.commit_on(
        "feature",
        nc("bo", 2 * H, "f1", vec![Change::add("f1", "1\n")]),
    )
    .unwrap();
    r.commit_on(
        "feature",
        nc("bo", 5 * H, "f2", vec![Change::add("f2", "2\n")]),
    )
    .unwrap();
    r.merge("main", "feature", MergeMode::Squash, "ana", 8 * H, None)
        .unwrap();
    let last = arrivals(&r, "main").pop().unwrap();
    assert_eq!(
        (last.started, last.reached, last.lead_time()),
        (2 * H, 8 * H, 6 * H)
    );
}

#[test]
fn gitflow_versus_trunk_lead_time() {
    // GitFlow: the feature's commits (3h, 4h) reach main at the release (8h); the hotfix
    // commit (11h) at 12h.
    let r = gitflow();
    let leads: Vec<i64> = arrivals(&r, "main")
        .iter()
        .filter(|a| !a.merge)
        .skip(1)
        .map(|a| a.lead_time())
        .collect();
    assert_eq!(leads, [5 * H, 4 * H, H, H]);
    // Trunk: each change reaches main an hour after it is written.
    let r = trunk();
    let leads: Vec<i64> = arrivals(&r, "main")
        .iter()
        .skip(1)
        .map(|a| a.lead_time())
        .collect();
    assert_eq!(leads, [H, H, H, 0]);
}

#[test]
fn layout_of_a_gitflow_history() {
    let r = gitflow();
    let g = layout(&r);
    assert_eq!(g.nodes.len(), r.commits().count());
    for (i, n) in g.nodes.iter().enumerate() {
        assert_eq!(n.row, i);
    }
    for e in &g.edges {
        assert!(e.from_row < e.to_row, "parents above children");
    }
    let lane = |subject: &str| g.nodes.iter().find(|n| n.subject == subject).unwrap().lane;
    assert_eq!(lane("Initial commit"), 0);
    assert_eq!(lane("Merge branch 'release/1.0.0'"), 0);
    assert_eq!(lane("Merge branch 'feature/login' into develop"), 1);
    assert_eq!(lane("Login form"), lane("Login check"));
    assert!(lane("Login form") >= 2);
    assert!(lane("Bump version to 1.0.0") >= 2);
    // The hotfix starts after the release ended: it reuses a lane.
    assert!(
        g.lanes.iter().any(|l| l.branches.len() > 1),
        "{:?}",
        g.lanes
    );
    let merges = g.edges.iter().filter(|e| e.merge).count();
    assert_eq!(merges, 5);
    let tag = g.labels.iter().find(|l| l.name == "v1.0.0").unwrap();
    assert_eq!(tag.kind, LabelKind::Tag);
    assert_eq!(tag.commit, r.rev("v1.0.0").unwrap().id);
    let head = g.labels.iter().find(|l| l.kind == LabelKind::Head).unwrap();
    assert_eq!(head.commit, r.tip("develop").unwrap());
    assert_eq!(head.lane, 1);
    assert_eq!(layout(&r), g, "deterministic");
}

const RULE: &str = r#"{"Version": "2018-11-08", "DestinationReferences": ["refs/heads/main"], "Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2, "ApprovalPoolMembers": ["arn:aws:sts::123456789012:assumed-role/CodeCommitReview/*", "CodeCommitApprovers:123456789012:Mary_Major"]}]}"#;
const BO: &str = "arn:aws:iam::123456789012:user/Bo";
const REVIEWER: &str = "arn:aws:sts::123456789012:assumed-role/CodeCommitReview/Li";
const MARY: &str = "arn:aws:iam::123456789012:user/Mary_Major";
const OUTSIDER: &str = "arn:aws:iam::999999999999:user/Mary_Major";

fn with_template() -> (Repo, u32) {
    let mut r = with_feature();
    r.associate_approval_rule_template(ApprovalRuleTemplate {
        name: "2-approvers".into(),
        description: "Two reviewers".into(),
        content: parse_rule_content(RULE).unwrap(),
    });
    let id = r
        .create_pull_request("Greet the world", BO, "feature", "main", 3 * H)
        .unwrap();
    (r, id)
}

#[test]
fn approval_rule_content_and_pool() {
    let c = parse_rule_content(RULE).unwrap();
    assert_eq!(c.statements[0].number_of_approvals_needed, 2);
    assert!(c.applies_to("main") && !c.applies_to("develop"));
    assert!(in_pool("CodeCommitApprovers:123456789012:Mary_Major", MARY));
    assert!(in_pool(
        "CodeCommitApprovers:123456789012:Mary_Major",
        "arn:aws:sts::123456789012:federated-user/Mary_Major"
    ));
    assert!(!in_pool(
        "CodeCommitApprovers:123456789012:Mary_Major",
        "arn:aws:sts::123456789012:assumed-role/CodeCommitReview/Mary_Major"
    ));
    assert!(in_pool(
        "CodeCommitApprovers:123456789012:*Mary_Major",
        "arn:aws:sts::123456789012:assumed-role/CodeCommitReview/Mary_Major"
    ));
    assert!(!in_pool(
        "CodeCommitApprovers:123456789012:Mary_Major",
        OUTSIDER
    ));
    assert!(in_pool(
        "arn:aws:sts::123456789012:assumed-role/CodeCommitReview/*",
        REVIEWER
    ));
    let code = |t: &str| match parse_rule_content(t) {
        Err(GitError::InvalidApprovalRuleContent { rule, .. }) => rule.id(),
        other => panic!("{other:?}"),
    };
    assert_eq!(code("{"), "rule-content-syntax");
    assert_eq!(code("[]"), "rule-content-not-object");
    assert_eq!(
        code(&RULE.replace("2018-11-08", "2012-10-17")),
        "rule-content-version"
    );
    assert_eq!(
        code(&RULE.replace("\"Approvers\"", "\"Voters\"")),
        "rule-content-type"
    );
    assert_eq!(
        code(&RULE.replace(": 2,", ": -1,")),
        "rule-content-approvals-needed"
    );
    assert_eq!(
        code(&RULE.replace(": 2,", ": \"2\",")),
        "rule-content-approvals-needed"
    );
    assert_eq!(
        code(&RULE.replace("refs/heads/main", "main")),
        "rule-content-destination-references"
    );
    assert_eq!(
        code(r#"{"Version": "2018-11-08", "Statements": []}"#),
        "rule-content-statements"
    );
    assert_eq!(
        code(&format!("{}{}", "[".repeat(500), "]".repeat(500))),
        "rule-content-syntax"
    );
}

#[test]
fn pull_request_needs_its_approvals() {
    let (mut r, id) = with_template();
    let pr = r.pull_request(id).unwrap();
    assert_eq!((pr.status.id(), pr.approval_rules.len()), ("OPEN", 1));
    let merge = |r: &mut Repo| {
        r.merge_pull_request(
            id,
            MergeOption::ThreeWayMerge,
            ConflictDetailLevel::FileLevel,
            MARY,
            5 * H,
        )
    };
    assert_eq!(
        merge(&mut r),
        Err(GitError::PullRequestApprovalRulesNotSatisfied {
            id,
            rules: vec!["2-approvers".into()]
        })
    );
    assert_eq!(
        r.update_pull_request_approval_state(id, BO, true),
        Err(GitError::PullRequestCannotBeApprovedByAuthor {
            id,
            user: BO.into()
        })
    );
    r.update_pull_request_approval_state(id, OUTSIDER, true)
        .unwrap();
    r.update_pull_request_approval_state(id, MARY, true)
        .unwrap();
    assert!(
        !r.evaluate_pull_request(id, ConflictDetailLevel::FileLevel)
            .unwrap()
            .approved,
        "the outsider is not in the pool"
    );
    r.update_pull_request_approval_state(id, REVIEWER, true)
        .unwrap();
    let e = r
        .evaluate_pull_request(id, ConflictDetailLevel::FileLevel)
        .unwrap();
    assert!(e.approved && e.mergeable && e.can_merge());
    r.update_pull_request_approval_state(id, REVIEWER, false)
        .unwrap();
    assert!(merge(&mut r).is_err(), "revoked");
    r.update_pull_request_approval_state(id, REVIEWER, true)
        .unwrap();
    // A push to the source branch is a new revision: the approvals must be given again.
    r.commit_on(
        "feature",
        nc("bo", 4 * H, "Docs", vec![Change::add("docs.md", "d\n")]),
    )
    .unwrap();
    let e = r
        .evaluate_pull_request(id, ConflictDetailLevel::FileLevel)
        .unwrap();
    assert!(!e.approved);
    r.update_pull_request_approval_state(id, MARY, true)
        .unwrap();
    r.update_pull_request_approval_state(id, REVIEWER, true)
        .unwrap();
    let tip = merge(&mut r).unwrap();
    assert!(
        r.get(&tip).unwrap().is_merge(),
        "three-way merge makes a merge commit"
    );
    let pr = r.pull_request(id).unwrap();
    assert_eq!(pr.status, PullRequestStatus::Closed);
    let meta = pr.merge_metadata.as_ref().unwrap();
    assert_eq!(
        (
            meta.is_merged,
            meta.merge_option.id(),
            meta.merged_by.as_str()
        ),
        (true, "THREE_WAY_MERGE", MARY)
    );
    assert_eq!(
        merge(&mut r),
        Err(GitError::PullRequestAlreadyClosed { id })
    );
    assert_eq!(
        r.pull_request(9).err(),
        Some(GitError::PullRequestDoesNotExist { id: 9 })
    );
    // Pull requests into another branch do not get the template's rule.
    r.branch("develop", "main", 6 * H).unwrap();
    r.branch("x", "main", 6 * H).unwrap();
    r.commit_on("x", nc("bo", 6 * H, "x", vec![Change::add("x", "x")]))
        .unwrap();
    let other = r
        .create_pull_request("x", BO, "x", "develop", 6 * H)
        .unwrap();
    assert!(r.pull_request(other).unwrap().approval_rules.is_empty());
    assert_eq!(
        r.create_pull_request("x", BO, "x", "x", 6 * H),
        Err(GitError::SourceAndDestinationAreSame { branch: "x".into() })
    );
}

#[test]
fn pull_request_requires_a_passing_build() {
    let mut r = with_feature();
    r.require_passing_build("main");
    let id = r
        .create_pull_request("t", BO, "feature", "main", 3 * H)
        .unwrap();
    r.create_pull_request_approval_rule(id, "one", RuleContent::approvers(1, &[], &[]))
        .unwrap();
    assert_eq!(
        r.create_pull_request_approval_rule(id, "one", RuleContent::approvers(1, &[], &[])),
        Err(GitError::ApprovalRuleNameAlreadyExists { name: "one".into() })
    );
    r.update_pull_request_approval_state(id, MARY, true)
        .unwrap();
    let commit = r.tip("feature").unwrap().to_string();
    let merge = |r: &mut Repo| {
        r.merge_pull_request(
            id,
            MergeOption::FastForwardMerge,
            ConflictDetailLevel::FileLevel,
            MARY,
            5 * H,
        )
    };
    assert_eq!(
        merge(&mut r),
        Err(GitError::BuildNotPassed {
            id,
            commit: commit.clone(),
            passed: None
        })
    );
    r.record_build(&commit, false).unwrap();
    assert_eq!(
        merge(&mut r),
        Err(GitError::BuildNotPassed {
            id,
            commit: commit.clone(),
            passed: Some(false)
        })
    );
    r.record_build(&commit, true).unwrap();
    assert_eq!(merge(&mut r), Ok(commit.clone()));
    assert_eq!(r.tip("main"), Some(commit.as_str()));
}

#[test]
fn pull_request_conflicts_need_a_manual_merge() {
    let mut r = with_feature();
    let change = edit(&r, "main", "app.py", "return 1", "return 2");
    r.commit_on("main", nc("ana", 2 * H, "Helper returns 2", vec![change]))
        .unwrap();
    let id = r
        .create_pull_request("t", BO, "feature", "main", 3 * H)
        .unwrap();
    // Different lines of the same file: FILE_LEVEL conflicts, LINE_LEVEL does not.
    let file = r
        .evaluate_pull_request(id, ConflictDetailLevel::FileLevel)
        .unwrap();
    assert!(!file.mergeable);
    assert_eq!(file.conflicts[0].path, "app.py");
    assert!(
        r.evaluate_pull_request(id, ConflictDetailLevel::LineLevel)
            .unwrap()
            .mergeable
    );
    assert_eq!(
        r.merge_pull_request(
            id,
            MergeOption::ThreeWayMerge,
            ConflictDetailLevel::FileLevel,
            MARY,
            4 * H
        ),
        Err(GitError::ManualMergeRequired {
            id,
            paths: vec!["app.py".into()]
        })
    );
    assert_eq!(
        r.merge_pull_request(
            id,
            MergeOption::FastForwardMerge,
            ConflictDetailLevel::LineLevel,
            MARY,
            4 * H
        ),
        Err(GitError::ManualMergeRequired { id, paths: vec![] })
    );
    let tip = r
        .merge_pull_request(
            id,
            MergeOption::SquashMerge,
            ConflictDetailLevel::LineLevel,
            MARY,
            4 * H,
        )
        .unwrap();
    assert_eq!(r.get(&tip).unwrap().parents.len(), 1);
    assert_eq!(
        r.pull_request(id)
            .unwrap()
            .merge_metadata
            .as_ref()
            .unwrap()
            .merge_option,
        MergeOption::SquashMerge
    );
}

#[test]
fn odd_input_never_panics() {
    let mut r = repo();
    for name in [
        "",
        " ",
        "\u{0}",
        "🙂",
        "zzzz",
        "abcd",
        "0000000000000000000000000000000000000000000",
        "HEAD",
    ] {
        let _ = r.rev(name);
        let _ = r.branch(name, name, 0);
        let _ = r.merge(name, name, MergeMode::Squash, name, 0, Some(name));
        let _ = r.merge("main", name, MergeMode::NoFastForward, "ana", 0, None);
        let _ = r.rebase(name, "main", 0);
        let _ = r.rebase("main", name, 0);
        let _ = r.cherry_pick("main", name, 0);
        let _ = r.delete_branch(name, true, 0);
        let _ = r.tag(name, name, None);
        let _ = r.feature_finish(name, name, 0);
        let _ = r.hotfix_start(name, 0);
        let _ = r.create_pull_request(name, name, name, "main", 0);
        let _ = r.merge_to_trunk(name, true, name, 0);
    }
    assert!(Repo::init("", nc("a", 0, "m", vec![])).is_err());
    assert!(Repo::init("main", nc("", 0, "m", vec![])).is_err());
    // An empty root commit is allowed (git commit --allow-empty).
    let mut e = Repo::init("main", nc("a", i64::MIN, "m", vec![])).unwrap();
    e.commit(nc(
        "a",
        i64::MAX,
        "big",
        vec![Change::add("f", &"x\n".repeat(5000))],
    ))
    .unwrap();
    e.branch("b", "main", 0).unwrap();
    e.commit_on(
        "b",
        nc("a", 0, "b", vec![Change::modify("f", &"y\n".repeat(5000))]),
    )
    .unwrap();
    e.commit_on(
        "main",
        nc("a", 0, "m", vec![Change::modify("f", &"z\n".repeat(5000))]),
    )
    .unwrap();
    let _ = e.merge("main", "b", MergeMode::FastForward, "a", 0, None);
    let _ = layout(&e);
    let _ = arrivals(&e, "main");
    let _ = integration_frequency(&e, "main", i64::MIN, i64::MAX);
    let _ = event_log(&e, "main", "", i64::MIN, i64::MAX, &[]);
    // Rebasing main onto itself, merging a branch into itself.
    assert!(r.rebase("main", "main", 1).unwrap().up_to_date);
    assert_eq!(
        r.merge("main", "HEAD", MergeMode::FastForward, "a", 1, None),
        Ok(MergeOutcome::AlreadyUpToDate)
    );
}
