//! The learner's Git commands, replayed on a fresh copy of a lab's repository.
//!
//! One command per line; `#` starts a comment. The commands are Git's own (the subset a
//! repository without a working tree needs) and git-flow's; `work <id>` stands for "write
//! this piece of the team's work and commit it here" (the simulation has no editor), and
//! `@Tue 14:00` moves the clock forward. The clock: the last set-up commit's time, moved to
//! a piece of work's ready time by `work`, and 10 minutes on for every other command.
//! The first command that fails stops the replay; what ran before it stays.
use std::collections::BTreeMap;

use engine::git::{Annotation, Change, GitError, MergeMode, MergeOutcome, NewCommit, Repo};

use super::{parse_time, RepoDef};

/// How long a command takes on the simulated clock.
pub const STEP: i64 = 600;

/// Why a line could not run.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// Not a command this simulation knows.
    Unknown(String),
    /// A known command written wrongly: its usage.
    Usage(&'static str),
    /// `work` of a piece the lab does not have.
    NoWork(String),
    /// `work` of a piece already committed.
    WorkDone(String),
    /// `@` with something that is not a time.
    BadTime(String),
    /// `@` earlier than the clock.
    TimeBack { to: i64, clock: i64 },
    /// `git commit` with nothing to commit (the simulation changes files only with `work`).
    NothingToCommit,
    /// A command other than resolving while a merge has conflicts.
    Unmerged(Vec<String>),
    /// `git commit` of a merge with a conflicting file not yet chosen.
    Unresolved(Vec<String>),
    /// `--ours`/`--theirs` of a path that is not in conflict.
    NotInConflict(String),
    /// Git's own error.
    Git(GitError),
    /// The set-up itself failed (a lab's mistake).
    SetUp(GitError),
}

/// What one line did.
#[derive(Clone, Debug, PartialEq)]
pub struct Ran {
    /// The line number (from 1).
    pub line: usize,
    pub command: String,
    pub at: i64,
    /// Git's outcome of a merge, when the line merged.
    pub merged: Option<MergeOutcome>,
}

/// A replay: the repository as the commands left it, what ran, and where it stopped.
#[derive(Clone, Debug)]
pub struct Replay {
    pub repo: Option<Repo>,
    pub ran: Vec<Ran>,
    /// The line that failed and why.
    pub stopped: Option<(usize, String, Problem)>,
    /// Each piece of work's commit id.
    pub work: BTreeMap<String, String>,
    pub clock: i64,
}

impl Replay {
    /// The conflicting paths of a merge left unfinished.
    pub fn conflicts(&self) -> Vec<String> {
        self.repo
            .as_ref()
            .and_then(|r| r.pending())
            .map(|p| p.conflicts.iter().map(|c| c.path.clone()).collect())
            .unwrap_or_default()
    }
}

/// Splits a line into words: quotes group words (`-m "Fix price"`), `#` ends the line.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for ch in line.chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(ch);
                any = true;
            }
            (None, '#') if word.is_empty() && !any => break,
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// Replays `script` on a fresh copy of `def`'s repository.
pub fn replay(def: &RepoDef, script: &str) -> Replay {
    let mut replay = Replay {
        repo: None,
        ran: Vec::new(),
        stopped: None,
        work: BTreeMap::new(),
        clock: 0,
    };
    let mut repo = match set_up(def) {
        Ok(r) => r,
        Err(e) => {
            replay.stopped = Some((0, String::new(), Problem::SetUp(e)));
            return replay;
        }
    };
    replay.clock = def.history.iter().map(|w| w.at).max().unwrap_or(0);
    // Which side each conflicting path takes (`None`: deleted), for the merge's commit.
    let mut chosen: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut squashed = false;
    for (i, line) in script.lines().enumerate() {
        let w = words(line);
        if w.is_empty() {
            continue;
        }
        let command = line.trim().to_string();
        let mut state = State {
            def,
            repo: &mut repo,
            clock: &mut replay.clock,
            work: &mut replay.work,
            chosen: &mut chosen,
            squashed: &mut squashed,
        };
        match state.run(&w) {
            Ok(merged) => replay.ran.push(Ran {
                line: i + 1,
                command,
                at: replay.clock,
                merged,
            }),
            Err(p) => {
                replay.stopped = Some((i + 1, command, p));
                break;
            }
        }
    }
    replay.repo = Some(repo);
    replay
}

/// The repository before the learner acts.
pub fn set_up(def: &RepoDef) -> Result<Repo, GitError> {
    let mut history = def.history.iter();
    let first = history.next().map(commit_of).unwrap_or_else(|| {
        NewCommit::new(
            &def.you,
            0,
            "Initial commit",
            vec![Change::add("README.md", "")],
        )
    });
    let mut repo = Repo::init(&def.main, first)?;
    for w in history {
        repo.commit(commit_of(w))?;
    }
    Ok(repo)
}

fn commit_of(w: &super::Work) -> NewCommit {
    let changes = w
        .files
        .iter()
        .map(|(path, text)| Change::add(path, text))
        .collect();
    let c = NewCommit::new(&w.author, w.at, &w.message, changes);
    match &w.flag {
        Some(f) => c.behind_flag(f),
        None => c,
    }
}

struct State<'a> {
    def: &'a RepoDef,
    repo: &'a mut Repo,
    clock: &'a mut i64,
    work: &'a mut BTreeMap<String, String>,
    chosen: &'a mut BTreeMap<String, Option<String>>,
    squashed: &'a mut bool,
}

type Done = Result<Option<MergeOutcome>, Problem>;

impl State<'_> {
    fn run(&mut self, w: &[String]) -> Done {
        let args: Vec<&str> = w.iter().map(String::as_str).collect();
        // While a merge has conflicts, only resolving, committing or aborting it.
        if let Some(p) = self.repo.pending() {
            let resolving = matches!(
                args.as_slice(),
                ["git", "checkout" | "restore", ..]
                    | ["git", "add" | "rm" | "commit" | "status", ..]
                    | ["git", "merge", "--abort"]
            ) || args.first().is_some_and(|a| a.starts_with('@'));
            if !resolving {
                return Err(Problem::Unmerged(
                    p.conflicts.iter().map(|c| c.path.clone()).collect(),
                ));
            }
        }
        let was_squash = std::mem::take(self.squashed);
        if let Some(time) = args[0].strip_prefix('@') {
            let text = format!("{time} {}", args[1..].join(" "));
            let to = parse_time(text.trim()).ok_or_else(|| Problem::BadTime(text.clone()))?;
            if to < *self.clock {
                return Err(Problem::TimeBack {
                    to,
                    clock: *self.clock,
                });
            }
            *self.clock = to;
            return Ok(None);
        }
        if args[0] == "work" {
            return self.work(&args[1..]);
        }
        *self.clock += STEP;
        let t = *self.clock;
        let head = self.repo.head().to_string();
        let you = self.def.you.clone();
        let git = |e: GitError| Problem::Git(e);
        match args.as_slice() {
            ["git", "switch" | "checkout", "-c" | "-b", name] => {
                self.repo.branch(name, &head, t).map_err(git)?;
                self.repo.switch(name).map_err(git)?;
            }
            ["git", "switch" | "checkout", "-c" | "-b", name, start] => {
                self.repo.branch(name, start, t).map_err(git)?;
                self.repo.switch(name).map_err(git)?;
            }
            ["git", "checkout", side @ ("--ours" | "--theirs"), path]
            | ["git", "restore", side @ ("--ours" | "--theirs"), path] => {
                let Some(p) = self.repo.pending() else {
                    return Err(Problem::Git(GitError::NoMergeInProgress));
                };
                let Some(c) = p.conflicts.iter().find(|c| c.path == *path) else {
                    return Err(Problem::NotInConflict(path.to_string()));
                };
                let text = if *side == "--ours" {
                    c.ours.clone()
                } else {
                    c.theirs.clone()
                };
                self.chosen.insert(path.to_string(), text);
            }
            ["git", "switch" | "checkout", name] => self.repo.switch(name).map_err(git)?,
            ["git", "branch", flag @ ("-d" | "-D"), name] => {
                self.repo
                    .delete_branch(name, *flag == "-D", t)
                    .map_err(git)?;
            }
            ["git", "branch", name] => self.repo.branch(name, &head, t).map_err(git)?,
            ["git", "branch", name, start] => self.repo.branch(name, start, t).map_err(git)?,
            ["git", "merge", "--abort"] => {
                self.repo.abort_merge().map_err(git)?;
                self.chosen.clear();
            }
            ["git", "merge", rest @ ..] => return self.merge(rest, &head),
            ["git", "rebase", upstream] => {
                self.repo.rebase(&head, upstream, t).map_err(git)?;
            }
            ["git", "cherry-pick", rev] => {
                self.repo.cherry_pick(&head, rev, t).map_err(git)?;
            }
            ["git", "tag", rest @ ..] => self.tag(rest)?,
            ["git", "add" | "rm" | "status", ..] => {}
            ["git", "commit", rest @ ..] => {
                if !rest.is_empty() && !matches!(rest, ["-m", _]) {
                    return Err(Problem::Usage("git commit [-m \"message\"]"));
                }
                let Some(p) = self.repo.pending() else {
                    // `git merge --squash` commits at once here; its `git commit` is accepted.
                    return if was_squash {
                        Ok(None)
                    } else {
                        Err(Problem::NothingToCommit)
                    };
                };
                let open: Vec<String> = p
                    .conflicts
                    .iter()
                    .filter(|c| !self.chosen.contains_key(&c.path))
                    .map(|c| c.path.clone())
                    .collect();
                if !open.is_empty() {
                    return Err(Problem::Unresolved(open));
                }
                let chosen = std::mem::take(self.chosen);
                let id = self.repo.resolve(&chosen, &you, t).map_err(git)?;
                return Ok(Some(MergeOutcome::Merged { commit: id }));
            }
            ["git", "flow", "init", ..] => self.repo.flow_init(t).map_err(git)?,
            ["git", "flow", kind @ ("feature" | "release" | "hotfix"), "start", name] => {
                match *kind {
                    "feature" => self.repo.feature_start(name, t),
                    "release" => self.repo.release_start(name, t),
                    _ => self.repo.hotfix_start(name, t),
                }
                .map_err(git)?;
            }
            ["git", "flow", kind @ ("feature" | "release" | "hotfix"), "finish", name] => {
                match *kind {
                    "feature" => self.repo.feature_finish(name, &you, t),
                    "release" => self.repo.release_finish(name, &you, t),
                    _ => self.repo.hotfix_finish(name, &you, t),
                }
                .map_err(git)?;
            }
            ["git", "flow", ..] => {
                return Err(Problem::Usage(
                    "git flow init | git flow feature|release|hotfix start|finish <name>",
                ))
            }
            ["git", "switch" | "checkout" | "branch" | "rebase" | "cherry-pick", ..] => {
                return Err(Problem::Usage(usage(args[1])))
            }
            _ => return Err(Problem::Unknown(args.join(" "))),
        }
        Ok(None)
    }

    fn work(&mut self, args: &[&str]) -> Done {
        let [id] = args else {
            return Err(Problem::Usage("work <id>"));
        };
        let Some(w) = self.def.work(id) else {
            return Err(Problem::NoWork(id.to_string()));
        };
        if self.work.contains_key(*id) {
            return Err(Problem::WorkDone(id.to_string()));
        }
        *self.clock = (*self.clock).max(w.at);
        let tree = self.repo.tree("HEAD").map_err(Problem::Git)?;
        let changes = w
            .files
            .iter()
            .map(|(path, text)| {
                if tree.contains_key(path) {
                    Change::modify(path, text)
                } else {
                    Change::add(path, text)
                }
            })
            .collect();
        let mut c = NewCommit::new(&w.author, *self.clock, &w.message, changes);
        if let Some(f) = &w.flag {
            c = c.behind_flag(f);
        }
        let id_made = self.repo.commit(c).map_err(Problem::Git)?;
        self.work.insert(id.to_string(), id_made);
        Ok(None)
    }

    fn merge(&mut self, rest: &[&str], head: &str) -> Done {
        let mut mode = MergeMode::FastForward;
        let mut message = None;
        let mut source = None;
        let mut i = 0;
        while i < rest.len() {
            match rest[i] {
                "--no-ff" => mode = MergeMode::NoFastForward,
                "--ff-only" => mode = MergeMode::FastForwardOnly,
                "--squash" => mode = MergeMode::Squash,
                "--ff" => mode = MergeMode::FastForward,
                "-m" if i + 1 < rest.len() => {
                    message = Some(rest[i + 1]);
                    i += 1;
                }
                s if !s.starts_with('-') && source.is_none() => source = Some(s),
                _ => {
                    return Err(Problem::Usage(
                        "git merge [--no-ff | --ff-only | --squash] [-m \"message\"] <branch>",
                    ))
                }
            }
            i += 1;
        }
        let Some(source) = source else {
            return Err(Problem::Usage(
                "git merge [--no-ff | --ff-only | --squash] [-m \"message\"] <branch>",
            ));
        };
        let you = self.def.you.clone();
        let outcome = self
            .repo
            .merge(head, source, mode, &you, *self.clock, message)
            .map_err(Problem::Git)?;
        *self.squashed = matches!(outcome, MergeOutcome::Squashed { .. });
        self.chosen.clear();
        Ok(Some(outcome))
    }

    fn tag(&mut self, rest: &[&str]) -> Result<(), Problem> {
        let usage = Problem::Usage("git tag [-a] <name> [-m \"message\"] [<commit>]");
        let mut annotated = false;
        let mut message = None;
        let mut names = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            match rest[i] {
                "-a" => annotated = true,
                "-m" if i + 1 < rest.len() => {
                    message = Some(rest[i + 1]);
                    annotated = true;
                    i += 1;
                }
                s if !s.starts_with('-') => names.push(s),
                _ => return Err(usage),
            }
            i += 1;
        }
        let (name, rev) = match names.as_slice() {
            [name] => (*name, "HEAD"),
            [name, rev] => (*name, *rev),
            _ => return Err(usage),
        };
        let annotation = annotated.then(|| Annotation {
            tagger: self.def.you.clone(),
            time: *self.clock,
            message: message.unwrap_or(name).to_string(),
        });
        self.repo.tag(name, rev, annotation).map_err(Problem::Git)
    }
}

fn usage(command: &str) -> &'static str {
    match command {
        "switch" => "git switch <branch> | git switch -c <new-branch> [<start>]",
        "checkout" => "git checkout <branch> | git checkout -b <new-branch> [<start>] | git checkout --ours|--theirs <path>",
        "branch" => "git branch <name> [<start>] | git branch -d <name>",
        "rebase" => "git rebase <upstream>",
        _ => "git cherry-pick <commit>",
    }
}

#[cfg(test)]
mod tests {
    use super::super::Work;
    use super::*;

    fn def() -> RepoDef {
        let work = |id: &str, at: i64, path: &str, text: &str| Work {
            id: id.into(),
            message: format!("Add {id}"),
            author: "an".into(),
            at,
            files: vec![(path.into(), text.into())],
            flag: None,
        };
        RepoDef {
            id: "shop".into(),
            input: "cmds".into(),
            main: "main".into(),
            you: "you".into(),
            history: vec![work("init", 0, "price.js", "price = 10\n")],
            work: vec![
                work("login", 36_000, "login.js", "login\n"),
                work("fix", 40_000, "price.js", "price = 12\n"),
                work("other-fix", 41_000, "price.js", "price = 11\n"),
            ],
        }
    }

    #[test]
    fn words_keep_quoted_messages_and_drop_comments() {
        assert_eq!(
            words(r#"git merge --no-ff -m "Merge login" login  # done"#),
            ["git", "merge", "--no-ff", "-m", "Merge login", "login"]
        );
        assert!(words("   # only a comment").is_empty());
        assert_eq!(words("git commit -m ''"), ["git", "commit", "-m", ""]);
    }

    #[test]
    fn a_feature_branch_merged_with_no_ff_leaves_a_merge_commit_on_main() {
        let r = replay(
            &def(),
            "git switch -c feature/login\nwork login\ngit switch main\ngit merge --no-ff feature/login\n",
        );
        assert_eq!(r.stopped, None);
        let repo = r.repo.unwrap();
        let tip = repo.rev("main").unwrap();
        assert!(tip.is_merge());
        assert_eq!(repo.tree("main").unwrap()["login.js"], "login\n");
        // work moved the clock to its ready time; the commands after it took 10 minutes each.
        assert_eq!(r.ran[1].at, 36_000);
        assert_eq!(r.ran[3].at, 36_000 + 2 * STEP);
    }

    #[test]
    fn the_first_failing_line_stops_the_replay_with_its_reason() {
        let r = replay(&def(), "git switch main\ngit merge nowhere\nwork login\n");
        let (line, command, problem) = r.stopped.clone().unwrap();
        assert_eq!((line, command.as_str()), (2, "git merge nowhere"));
        assert!(matches!(problem, Problem::Git(_)), "{problem:?}");
        assert!(r.work.is_empty(), "nothing after the failure ran");
        for (script, expected) in [
            ("frobnicate", Problem::Unknown("frobnicate".into())),
            ("work nope", Problem::NoWork("nope".into())),
            ("work login\nwork login", Problem::WorkDone("login".into())),
            (
                "@Tue 10:00\n@Mon 10:00",
                Problem::TimeBack {
                    to: 36_000,
                    clock: 122_400,
                },
            ),
            ("@Someday 10:00", Problem::BadTime("Someday 10:00".into())),
            ("git commit -m 'x'", Problem::NothingToCommit),
        ] {
            assert_eq!(
                replay(&def(), script).stopped.unwrap().2,
                expected,
                "{script}"
            );
        }
    }

    #[test]
    fn a_conflict_is_resolved_by_choosing_a_side_then_committing() {
        let script = "git switch -c a\nwork fix\ngit switch main\nwork other-fix\ngit merge a\n";
        let r = replay(&def(), script);
        assert_eq!(r.stopped, None);
        assert_eq!(r.conflicts(), ["price.js"]);
        // Anything but resolving is refused while the merge is open.
        let blocked = replay(&def(), &format!("{script}git switch a\n"));
        assert_eq!(
            blocked.stopped.unwrap().2,
            Problem::Unmerged(vec!["price.js".into()])
        );
        let unresolved = replay(&def(), &format!("{script}git commit\n"));
        assert_eq!(
            unresolved.stopped.unwrap().2,
            Problem::Unresolved(vec!["price.js".into()])
        );
        let done = replay(
            &def(),
            &format!("{script}git checkout --theirs price.js\ngit add price.js\ngit commit -m 'Merge a'\n"),
        );
        assert_eq!(done.stopped, None);
        let repo = done.repo.unwrap();
        assert_eq!(repo.tree("main").unwrap()["price.js"], "price = 12\n");
        assert!(repo.rev("main").unwrap().is_merge());
    }

    #[test]
    fn git_flow_runs_a_release_with_its_tag() {
        let r = replay(
            &def(),
            "git flow init\ngit flow feature start login\nwork login\ngit flow feature finish login\ngit flow release start 1.1.0\ngit flow release finish 1.1.0\n",
        );
        assert_eq!(r.stopped, None, "{:?}", r.stopped);
        let repo = r.repo.unwrap();
        assert!(repo.tags().contains_key("v1.1.0"));
        assert_eq!(repo.tree("main").unwrap()["login.js"], "login\n");
        assert_eq!(repo.tree("develop").unwrap()["login.js"], "login\n");
    }
}
