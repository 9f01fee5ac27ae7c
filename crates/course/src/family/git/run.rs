//! Grading a repository's history after the learner's commands, and drawing it.
use engine::git::layout::{layout, LabelKind};
use std::collections::BTreeMap;

use engine::git::measure::{arrivals, branch_lifetimes};
use engine::git::Repo;

use super::script::{replay, Problem, Replay};
use super::{show_time, Arrive, GitCheck, HistoryCheck, RepoDef, Repos};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::family::{Graded, LabView};
use crate::lang::{Lang, Wording, T};
use crate::panel::{Block, Cell, Drawing, Panel, Shape, Tone};

pub(super) fn validate_items(repos: &Repos, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for r in &repos.repos {
        if lab.input(&r.input).is_none() {
            problems.push(format!(
                "repo \"{}\" reads input \"{}\", which the lab does not have",
                r.id, r.input
            ));
        }
        if let Err(e) = super::script::set_up(r) {
            problems.push(format!(
                "repo \"{}\" cannot be set up: {}",
                r.id,
                crate::cicd::git::error(&e, Lang::En)
            ));
        }
        let mut ids: Vec<&str> = r.work.iter().map(|w| w.id.as_str()).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) || ids.iter().any(|i| i.is_empty()) {
            problems.push(format!(
                "repo \"{}\": every piece of work needs its own id",
                r.id
            ));
        }
    }
    problems
}

/// Why a line stopped, in `lang`.
pub fn problem(p: &Problem, lang: Lang) -> String {
    let list = |paths: &[String]| paths.join(", ");
    match p {
        Problem::Unknown(c) => t!(
            "\"{c}\" is not a command this simulation knows (Git's and git-flow's, work, @time)",
            "\"{c}\" không phải lệnh mà mô phỏng này biết (lệnh của Git và git-flow, work, @giờ)"
        )
        .fill(lang, &[("c", c)]),
        Problem::Usage(u) => t!("usage: {u}", "cách dùng: {u}").fill(lang, &[("u", u)]),
        Problem::NoWork(id) => t!(
            "there is no piece of work \"{id}\" in this lab",
            "bài lab này không có phần việc \"{id}\""
        )
        .fill(lang, &[("id", id)]),
        Problem::WorkDone(id) => t!(
            "\"{id}\" is already committed",
            "\"{id}\" đã được commit rồi"
        )
        .fill(lang, &[("id", id)]),
        Problem::BadTime(text) => t!(
            "\"{t}\" is not a time such as @Tue 14:00",
            "\"{t}\" không phải thời điểm dạng @Tue 14:00"
        )
        .fill(lang, &[("t", text)]),
        Problem::TimeBack { to, clock } => t!(
            "time only moves forward: it is already {clock}, not {to}",
            "thời gian chỉ đi tới: bây giờ đã là {clock}, không quay về {to}"
        )
        .fill(lang, &[("clock", &show_time(*clock)), ("to", &show_time(*to))]),
        Problem::NothingToCommit => t!(
            "nothing to commit: in this simulation only work <id> changes files",
            "nothing to commit: trong mô phỏng này chỉ work <id> mới thay đổi file"
        )
        .get(lang)
        .to_string(),
        Problem::Unmerged(paths) => t!(
            "a merge has conflicts in {paths}: choose a side (git checkout --ours|--theirs <path>) and git commit, or git merge --abort",
            "merge đang có conflict ở {paths}: chọn một phía (git checkout --ours|--theirs <path>) rồi git commit, hoặc git merge --abort"
        )
        .fill(lang, &[("paths", &list(paths))]),
        Problem::Unresolved(paths) => t!(
            "Committing is not possible because you have unmerged files: {paths}",
            "Không thể commit vì còn file chưa merge xong: {paths}"
        )
        .fill(lang, &[("paths", &list(paths))]),
        Problem::NotInConflict(path) => t!(
            "{path} is not in conflict",
            "{path} không có conflict"
        )
        .fill(lang, &[("path", path)]),
        Problem::Git(e) | Problem::SetUp(e) => crate::cicd::git::error(e, lang),
    }
}

fn stopped(r: &Replay, lang: Lang) -> Option<String> {
    r.stopped.as_ref().map(|(line, command, p)| {
        t!(
            "Line {line} ({command}): {why}",
            "Dòng {line} ({command}): {why}"
        )
        .fill(
            lang,
            &[
                ("line", line as &dyn std::fmt::Display),
                ("command", command),
                ("why", &problem(p, lang)),
            ],
        )
    })
}

/// Whether `name` matches a branch entry (`release/` matches every release branch).
fn matches(entry: &str, name: &str) -> bool {
    if entry.ends_with('/') {
        name.starts_with(entry)
    } else {
        name == entry
    }
}

/// Whether `branch`'s tip holds every file of `work` as it wrote them.
fn holds(repo: &Repo, def: &RepoDef, branch: &str, work: &str) -> bool {
    let (Ok(tree), Some(w)) = (repo.tree(branch), def.work(work)) else {
        return false;
    };
    w.files.iter().all(|(p, t)| tree.get(p) == Some(t))
}

/// The first requirement the history misses, worded; `None` when it meets them all.
fn missing(
    c: &HistoryCheck,
    def: &RepoDef,
    repo: &Repo,
    work: &BTreeMap<String, String>,
) -> Option<Wording> {
    let w = |text: T, values: &[(&'static str, String)]| {
        values
            .iter()
            .fold(Wording::new(text), |w, (n, v)| w.with(n, v.as_str()))
    };
    for (branch, works) in &c.holds {
        if repo.tip(branch).is_none() {
            return Some(w(
                t!("There is no branch {branch}.", "Không có branch {branch}."),
                &[("branch", branch.clone())],
            ));
        }
        let absent: Vec<&str> = works
            .iter()
            .filter(|x| !holds(repo, def, branch, x))
            .map(String::as_str)
            .collect();
        if !absent.is_empty() {
            return Some(w(
                t!(
                    "{branch} does not hold this work yet: {work}.",
                    "{branch} chưa có phần việc này: {work}."
                ),
                &[("branch", branch.clone()), ("work", absent.join(", "))],
            ));
        }
    }
    for (tag, branch) in &c.tags {
        let on = repo.tags().get(tag).is_some_and(|t| {
            repo.tip(branch)
                .is_some_and(|tip| repo.is_ancestor(&t.target, tip))
        });
        if !on {
            return Some(w(
                t!(
                    "There is no tag {tag} on {branch}.",
                    "Không có tag {tag} trên {branch}."
                ),
                &[("tag", tag.clone()), ("branch", branch.clone())],
            ));
        }
    }
    let lives = branch_lifetimes(repo);
    for entry in &c.never {
        if let Some(b) = lives.iter().find(|b| matches(entry, &b.branch)) {
            return Some(w(
                t!(
                    "Branch {branch} was made: this strategy has none.",
                    "Branch {branch} đã được tạo: chiến lược này không có branch như vậy."
                ),
                &[("branch", b.branch.clone())],
            ));
        }
    }
    for entry in &c.merged {
        let made: Vec<_> = lives.iter().filter(|b| matches(entry, &b.branch)).collect();
        if made.is_empty() || made.iter().any(|b| b.merged.is_none()) {
            return Some(w(
                t!(
                    "No branch {branch} was made and merged.",
                    "Chưa có branch {branch} nào được tạo và merge."
                ),
                &[("branch", entry.clone())],
            ));
        }
    }
    if let Some(max) = c.max_wait_hours {
        let waits = waits(repo, def, work);
        let worst = def
            .work
            .iter()
            .zip(&waits)
            .map(|(w, reached)| (reached.map_or(i64::MAX, |r| r - w.at), w))
            .max_by_key(|(wait, _)| *wait);
        if let Some((wait, w)) = worst.filter(|(wait, _)| *wait as f64 > max * 3_600.0) {
            return Some(if wait == i64::MAX {
                Wording::new(t!(
                    "{work} never reached {main}.",
                    "{work} chưa bao giờ vào {main}."
                ))
                .with("work", w.id.as_str())
                .with("main", def.main.as_str())
            } else {
                Wording::new(t!(
                    "{work} waited {hours} hours after it was ready before it reached {main}: at most {max} here.",
                    "{work} phải chờ {hours} giờ sau khi xong mới vào {main}: ở đây tối đa {max}."
                ))
                .with("work", w.id.as_str())
                .with("hours", wait as f64 / 3_600.0)
                .with("main", def.main.as_str())
                .with("max", max)
            });
        }
    }
    for (branch, Arrive::MergeCommits) in &c.arrive {
        let set_up = def.history.len();
        let direct = repo.log(branch).ok().and_then(|log| {
            // First-parent history, newest first; the set-up's commits are the oldest.
            let mut first_parent = Vec::new();
            let mut at = log.first().map(|c| c.id.clone());
            while let Some(id) = at {
                let Some(c) = repo.get(&id) else { break };
                first_parent.push(c);
                at = c.parents.first().cloned();
            }
            let ours = first_parent.len().saturating_sub(set_up.max(1));
            first_parent
                .into_iter()
                .take(ours)
                .find(|c| !c.is_merge())
                .map(|c| c.subject().to_string())
        });
        if let Some(subject) = direct {
            return Some(w(
                t!(
                    "\"{subject}\" was committed on {branch} itself: here every change reaches it through a merge commit.",
                    "\"{subject}\" được commit thẳng lên {branch}: ở đây mọi thay đổi phải vào qua một merge commit."
                ),
                &[("subject", subject), ("branch", branch.clone())],
            ));
        }
    }
    None
}

pub(super) fn grade(check: &GitCheck, repos: &Repos, answers: &Answers) -> Graded {
    let GitCheck::History(c) = check;
    let input = c.input.as_str();
    let Some(script) = crate::answer::text(answers, input) else {
        return Graded::new(input, Verdict::NotAnswered);
    };
    let Some(def) = repos.get(&c.repo) else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    let r = replay(def, script);
    if r.stopped.is_some() {
        let words: Vec<String> = Lang::ALL
            .iter()
            .map(|l| stopped(&r, *l).unwrap_or_default())
            .collect();
        return Graded::new(
            input,
            Verdict::Unmet(Wording::each(move |l| words[l as usize].clone())),
        );
    }
    if !r.conflicts().is_empty() {
        let paths = r.conflicts().join(", ");
        return Graded::new(
            input,
            Verdict::Unmet(
                Wording::new(t!(
                    "A merge is still open, with conflicts in {paths}.",
                    "Còn một merge chưa xong, có conflict ở {paths}."
                ))
                .with("paths", paths.as_str()),
            ),
        );
    }
    let Some(repo) = &r.repo else {
        return Graded::new(input, Verdict::NoEngineValue);
    };
    match missing(c, def, repo, &r.work) {
        None => Graded::new(input, Verdict::Correct),
        Some(w) => Graded::new(input, Verdict::Unmet(w)),
    }
}

/// When each piece of work (in `def.work`'s order) reached the default branch: the arrival
/// of its commit or of a commit replaying it (a rebase, a cherry-pick, a squash merge).
fn waits(repo: &Repo, def: &RepoDef, work: &BTreeMap<String, String>) -> Vec<Option<i64>> {
    let on_main = arrivals(repo, &def.main);
    def.work
        .iter()
        .map(|w| {
            let id = work.get(&w.id)?;
            on_main
                .iter()
                .find(|a| {
                    a.commit == *id || repo.get(&a.commit).is_some_and(|c| c.origins.contains(id))
                })
                .map(|a| a.reached)
        })
        .collect()
}

/// Row height and lane width of the branch graph, in pixels.
const ROW: u32 = 26;
const LANE: u32 = 22;

fn graph(repo: &Repo, label: String) -> Drawing {
    let l = layout(repo);
    let lanes = l.nodes.iter().map(|n| n.lane).max().unwrap_or(0) as u32 + 1;
    let x = |lane: usize| 16 + lane as u32 * LANE;
    let y = |row: usize| 16 + row as u32 * ROW;
    let text_x = 16 + lanes * LANE;
    let mut shapes = Vec::new();
    for e in &l.edges {
        let (x1, y1, x2, y2) = (x(e.from_lane), y(e.from_row), x(e.to_lane), y(e.to_row));
        let path = if x1 == x2 {
            format!("M{x1} {y1}L{x2} {y2}")
        } else {
            // Leave the parent's lane, then run down the child's.
            let bend = y1 + ROW;
            format!("M{x1} {y1}C{x1} {bend} {x2} {y1} {x2} {bend}L{x2} {y2}")
        };
        shapes.push(Shape::Arrow(path));
    }
    for n in &l.nodes {
        let tone = if n.lane == 0 {
            Tone::Good
        } else if n.merge {
            Tone::Busy
        } else {
            Tone::Plain
        };
        shapes.push(Shape::Dot {
            x: x(n.lane),
            y: y(n.row),
            tone,
        });
        let names: Vec<String> = l
            .labels
            .iter()
            .filter(|lb| lb.commit == n.commit && lb.kind != LabelKind::Head)
            .map(|lb| match lb.kind {
                LabelKind::Tag => format!("tag: {}", lb.name),
                _ => lb.name.clone(),
            })
            .collect();
        let mut text = format!("{} {}", n.short, n.subject);
        if !names.is_empty() {
            text = format!("{text}  ({})", names.join(", "));
        }
        let tone = if names.is_empty() {
            Tone::Plain
        } else {
            Tone::Warn
        };
        shapes.push(Shape::Label {
            x: text_x,
            y: y(n.row) + 4,
            text,
            tone,
        });
    }
    Drawing {
        width: text_x + 520,
        height: 8 + l.nodes.len().max(1) as u32 * ROW,
        label,
        shapes,
    }
}

/// Hours, shown with at most one decimal.
fn hours(seconds: i64, lang: Lang) -> String {
    crate::lang::number((seconds as f64 / 360.0).round() / 10.0, 1, lang)
}

pub(super) fn panel(
    repos: &Repos,
    lab: &LabView<'_>,
    answers: &Answers,
    focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    let focused = |def: &&RepoDef| focus.contains(&def.input);
    let some = repos.repos.iter().any(|d| focused(&d));
    for def in repos.repos.iter().filter(|d| !some || focused(d)) {
        // Unanswered, the editor shows its starter: the workspace replays what the learner sees.
        let starter = lab.input(&def.input).and_then(|i| match &i.kind {
            crate::lab::InputKind::Template { starter } => Some(starter.as_str()),
            _ => None,
        });
        let script = crate::answer::text(answers, &def.input)
            .or(starter)
            .unwrap_or("");
        let r = replay(def, script);
        let mut conflicts = Vec::new();
        panel.blocks.push(Block::Heading(
            t!("Repository {repo}", "Kho mã {repo}").fill(lang, &[("repo", &def.id)]),
        ));
        let note = if let Some(why) = stopped(&r, lang) {
            Block::Note {
                tone: Tone::Bad,
                text: why,
            }
        } else if !r.conflicts().is_empty() {
            // Each conflicting file as Git leaves it, between its markers.
            let pending = r.repo.as_ref().and_then(|x| x.pending());
            for c in pending.map_or(&[][..], |p| &p.conflicts[..]) {
                if let Some(marked) = &c.marked {
                    conflicts.push(Block::Code {
                        label: t!(
                            "{path}: both sides changed it ({kind})",
                            "{path}: cả hai phía đều sửa file này ({kind})"
                        )
                        .fill(lang, &[("path", &c.path), ("kind", &c.kind.id())]),
                        text: marked.clone(),
                    });
                }
            }
            Block::Note {
                tone: Tone::Warn,
                text: problem(&Problem::Unmerged(r.conflicts()), lang),
            }
        } else {
            Block::Note {
                tone: Tone::Plain,
                text: t!(
                    "Commands run: {n}. HEAD is {head}; it is {clock}.",
                    "Số lệnh đã chạy: {n}. HEAD là {head}; bây giờ là {clock}."
                )
                .fill(
                    lang,
                    &[
                        ("n", &r.ran.len() as &dyn std::fmt::Display),
                        ("head", &r.repo.as_ref().map_or("", |x| x.head())),
                        ("clock", &show_time(r.clock)),
                    ],
                ),
            }
        };
        panel.blocks.push(note);
        panel.blocks.extend(conflicts);
        let Some(repo) = &r.repo else { continue };
        panel.blocks.push(Block::Drawing(graph(
            repo,
            t!(
                "The branch graph of {repo}, oldest commit first",
                "Đồ thị branch của {repo}, commit cũ nhất ở trên"
            )
            .fill(lang, &[("repo", &def.id)]),
        )));
        // Each piece of work: ready, committed, on main, lead time.
        let reached = waits(repo, def, &r.work);
        let rows = def
            .work
            .iter()
            .zip(reached)
            .map(|(w, reached)| {
                let committed = r.work.get(&w.id);
                let dash = || Cell::plain("—");
                vec![
                    Cell::plain(w.id.clone()),
                    Cell::plain(w.author.clone()),
                    Cell::plain(show_time(w.at)),
                    committed.map_or_else(dash, |id| Cell::plain(engine::git::short(id))),
                    reached.map_or_else(dash, |t| Cell::plain(show_time(t))),
                    reached.map_or_else(dash, |t| {
                        let tone = if t - w.at > 86_400 {
                            Tone::Warn
                        } else {
                            Tone::Good
                        };
                        Cell::new(hours(t - w.at, lang), tone)
                    }),
                ]
            })
            .collect();
        panel.blocks.push(Block::Table {
            caption: t!(
                "The team's work: when it was ready and when it reached {main}",
                "Công việc của team: lúc xong và lúc vào {main}"
            )
            .fill(lang, &[("main", &def.main)]),
            head: [
                t!("Work", "Phần việc"),
                t!("Author", "Tác giả"),
                t!("Ready", "Xong lúc"),
                t!("Commit", "Mã commit"),
                t!("On main", "Vào main"),
                t!("Lead time (h)", "Lead time (giờ)"),
            ]
            .iter()
            .map(|h| h.get(lang).to_string())
            .collect(),
            rows,
        });
        panel.blocks.push(dora_reading(repo, def, r.clock, lang));
    }
}

/// The history as DORA reads it, if every move of the default branch were deployed at once
/// (continuous deployment from main): `engine::git::measure::event_log` over the week so far,
/// read by `engine::dora::four_keys`.
fn dora_reading(repo: &Repo, def: &RepoDef, now: i64, lang: Lang) -> Block {
    use engine::git::measure::{deploys_at, event_log, integrations};
    // The set-up's history is in production already (deployment d0), not this week's work.
    let start = def.history.iter().map(|w| w.at).max().unwrap_or(0);
    let mut times = vec![("d0".to_string(), start, false)];
    times.extend(
        integrations(repo, &def.main)
            .iter()
            .enumerate()
            .map(|(i, m)| (format!("d{}", i + 1), m.time, false)),
    );
    let mut deploys = deploys_at(repo, &def.main, &times);
    deploys.retain(|d| d.id != "d0");
    let log = event_log(
        repo,
        &def.main,
        &def.id,
        start + 1,
        now.max(start + 2),
        &deploys,
    );
    let keys = engine::dora::four_keys(&log);
    let lead = keys
        .lead_time_hours
        .map_or("—".to_string(), |h| crate::lang::number(h, 1, lang));
    let row = |name: T, value: String| vec![Cell::plain(name.get(lang)), Cell::plain(value)];
    Block::Table {
        caption: t!(
            "DORA's reading, if every move of {main} were deployed at once",
            "Cách DORA đọc lịch sử này, nếu mỗi lần {main} thay đổi đều được deploy ngay"
        )
        .fill(lang, &[("main", &def.main)]),
        head: vec![
            t!("Key", "Chỉ số").get(lang).to_string(),
            t!("Value", "Giá trị").get(lang).to_string(),
        ],
        rows: vec![
            row(
                t!("Deployments this week", "Số lần deploy trong tuần"),
                keys.deployments.to_string(),
            ),
            row(
                t!(
                    "Lead time for changes (median, hours)",
                    "Lead time for changes (trung vị, giờ)"
                ),
                lead,
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Repos, Work};
    use super::*;
    use crate::answer::Answer;

    #[test]
    fn an_open_conflict_shows_each_file_between_gits_markers() {
        let work = |id: &str, at: i64, text: &str| Work {
            id: id.into(),
            message: format!("Change {id}"),
            author: "an".into(),
            at,
            files: vec![("price.js".into(), text.into())],
            flag: None,
        };
        let repos = Repos {
            repos: vec![RepoDef {
                id: "shop".into(),
                input: "cmds".into(),
                main: "main".into(),
                you: "you".into(),
                history: vec![work("init", 0, "price = 10\n")],
                work: vec![
                    work("a", 100, "price = 12\n"),
                    work("b", 200, "price = 11\n"),
                ],
            }],
        };
        let workspace = crate::family::Workspace::default();
        let lab = LabView {
            inputs: &[],
            workspace: &workspace,
            checks: &[],
        };
        let mut answers = Answers::new();
        answers.insert(
            "cmds".into(),
            Answer::Text("git switch -c a\nwork a\ngit switch main\nwork b\ngit merge a\n".into()),
        );
        let mut panel = Panel::default();
        super::panel(&repos, &lab, &answers, &[], Lang::En, &mut panel);
        let code = panel.blocks.iter().find_map(|b| match b {
            Block::Code { label, text } => Some((label.clone(), text.clone())),
            _ => None,
        });
        let (label, text) = code.expect("the conflicting file is shown");
        assert_eq!(label, "price.js: both sides changed it (content)");
        assert!(
            text.contains("<<<<<<< HEAD") && text.contains(">>>>>>> a"),
            "{text}"
        );
        assert!(panel.blocks.iter().any(|b| matches!(b, Block::Note { tone: Tone::Warn, text } if text.contains("a merge has conflicts in price.js"))));
    }
}
