//! A branch graph as numbers for the app to draw: each commit's row (oldest first, a
//! topological order by commit time) and lane (column), the edges from parents to children,
//! and the branch, tag and HEAD labels.
//!
//! Lanes: the default branch is lane 0, `develop` lane 1 when it exists, then the other
//! branches (deleted ones too, found through their merges) in the order they were made. A
//! branch keeps one lane; a later branch reuses a lane whose branch's rows are over.

use std::collections::{BTreeMap, BTreeSet};

use super::{Repo, UpdateKind};

/// One drawn commit.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub commit: String,
    pub short: String,
    pub subject: String,
    pub row: usize,
    pub lane: usize,
    pub merge: bool,
}

/// A line from a parent to a child.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub parent: String,
    pub child: String,
    pub from_row: usize,
    pub from_lane: usize,
    pub to_row: usize,
    pub to_lane: usize,
    /// The edge from a merge commit's second (or later) parent.
    pub merge: bool,
}

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    Branch,
    Tag,
    Head,
}

/// A branch, tag or HEAD label at a commit.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub name: String,
    pub kind: LabelKind,
    pub commit: String,
    pub row: usize,
    pub lane: usize,
}

/// Which branch a lane holds (the first when reused).
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub lane: usize,
    pub branches: Vec<String>,
}

/// The whole drawing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GraphLayout {
    /// The commits, by row.
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub labels: Vec<Label>,
    pub lanes: Vec<Lane>,
}

impl GraphLayout {
    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.nodes.len()
    }
    /// The node of a commit.
    pub fn node(&self, commit: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.commit == commit)
    }
}

/// Lays out every commit reachable from a branch or a tag.
pub fn layout(repo: &Repo) -> GraphLayout {
    // Visible commits.
    let mut visible: BTreeSet<String> = BTreeSet::new();
    for tip in repo
        .branches()
        .values()
        .chain(repo.tags().values().map(|t| &t.target))
    {
        if !visible.contains(tip) {
            visible.extend(repo.ancestors(tip));
        }
    }

    // Rows: Kahn's algorithm, the ready commit with the earliest (time, seq) first.
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut waiting: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ready: BTreeSet<(i64, usize, &str)> = BTreeSet::new();
    for id in &visible {
        let Some(c) = repo.get(id) else { continue };
        let parents: Vec<&String> = c.parents.iter().filter(|p| visible.contains(*p)).collect();
        for p in &parents {
            children.entry(p.as_str()).or_default().push(&c.id);
        }
        waiting.insert(&c.id, parents.len());
        if parents.is_empty() {
            ready.insert((c.time, c.seq, &c.id));
        }
    }
    let mut row_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    while let Some(first) = ready.iter().next().copied() {
        ready.remove(&first);
        let id = first.2;
        row_of.insert(id.to_string(), order.len());
        order.push(id);
        for child in children.get(id).cloned().unwrap_or_default() {
            if let Some(w) = waiting.get_mut(child) {
                *w -= 1;
                if *w == 0 {
                    if let Some(c) = repo.get(child) {
                        ready.insert((c.time, c.seq, &c.id));
                    }
                }
            }
        }
    }

    // Owners: walk first parents from each branch's tip, in lane order.
    let main = repo.default_branch().to_string();
    let mut names: Vec<String> = vec![main.clone()];
    if repo.tip(super::flow::DEVELOP).is_some()
        || repo
            .branch_records()
            .iter()
            .any(|r| r.name == super::flow::DEVELOP)
    {
        names.push(super::flow::DEVELOP.to_string());
    }
    for r in repo.branch_records() {
        if !names.contains(&r.name) {
            names.push(r.name.clone());
        }
    }
    let mut owner: BTreeMap<String, usize> = BTreeMap::new(); // commit → index in names
    for (i, name) in names.iter().enumerate() {
        let mut starts: Vec<String> = Vec::new();
        if let Some(tip) = repo.tip(name) {
            starts.push(tip.to_string());
        }
        // Deleted or merged branches: the second parents of the merges of them.
        for u in repo.reflog() {
            if u.source.as_deref() == Some(name.as_str()) && u.kind == UpdateKind::Merge {
                if let Some(p) = repo.get(&u.new).and_then(|c| c.parents.get(1)) {
                    starts.push(p.clone());
                }
            }
        }
        for start in starts {
            let mut cur = Some(start);
            while let Some(id) = cur {
                if !visible.contains(&id) || owner.contains_key(&id) {
                    break;
                }
                owner.insert(id.clone(), i);
                cur = repo.get(&id).and_then(|c| c.parents.first().cloned());
            }
        }
    }
    let anonymous = names.len();

    // Each owner's row span, from its fork point to its last child.
    let mut span: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for id in &order {
        let o = owner.get(*id).copied().unwrap_or(anonymous);
        let r = row_of[*id];
        let mut lo = r;
        let mut hi = r;
        if let Some(c) = repo.get(id) {
            for p in &c.parents {
                if let Some(pr) = row_of.get(p) {
                    lo = lo.min(*pr);
                }
            }
        }
        for ch in children.get(*id).cloned().unwrap_or_default() {
            if let Some(cr) = row_of.get(ch) {
                hi = hi.max(*cr);
            }
        }
        let e = span.entry(o).or_insert((lo, hi));
        e.0 = e.0.min(lo);
        e.1 = e.1.max(hi);
    }

    // Lanes: main 0, develop 1, then the lowest free lane.
    let fixed = if names.len() > 1 && names[1] == super::flow::DEVELOP {
        2
    } else {
        1
    };
    let mut lane_of: BTreeMap<usize, usize> = BTreeMap::new();
    let mut busy: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut lanes: Vec<Lane> = Vec::new();
    for (o, (lo, hi)) in span.iter().map(|(o, s)| (*o, *s)) {
        let lane = if o < fixed {
            o
        } else {
            (fixed..)
                .find(|l| {
                    busy.get(*l)
                        .is_none_or(|spans| spans.iter().all(|(a, b)| hi < *a || lo > *b))
                })
                .unwrap_or(fixed)
        };
        while busy.len() <= lane {
            busy.push(Vec::new());
        }
        busy[lane].push((lo, hi));
        lane_of.insert(o, lane);
        let name = names.get(o).cloned().unwrap_or_default();
        match lanes.iter_mut().find(|l| l.lane == lane) {
            Some(l) => l.branches.push(name),
            None => lanes.push(Lane {
                lane,
                branches: vec![name],
            }),
        }
    }
    lanes.sort_by_key(|l| l.lane);
    let lane_for = |id: &str| {
        let o = owner.get(id).copied().unwrap_or(anonymous);
        lane_of.get(&o).copied().unwrap_or(0)
    };

    let nodes: Vec<Node> = order
        .iter()
        .filter_map(|id| repo.get(id))
        .map(|c| Node {
            commit: c.id.clone(),
            short: c.short().to_string(),
            subject: c.subject().to_string(),
            row: row_of[&c.id],
            lane: lane_for(&c.id),
            merge: c.is_merge(),
        })
        .collect();
    let mut edges = Vec::new();
    for n in &nodes {
        let Some(c) = repo.get(&n.commit) else {
            continue;
        };
        for (k, p) in c.parents.iter().enumerate() {
            if let Some(pr) = row_of.get(p) {
                edges.push(Edge {
                    parent: p.clone(),
                    child: c.id.clone(),
                    from_row: *pr,
                    from_lane: lane_for(p),
                    to_row: n.row,
                    to_lane: n.lane,
                    merge: k > 0,
                });
            }
        }
    }
    let mut labels = Vec::new();
    let mut label = |name: &str, kind, commit: &str| {
        if let Some(r) = row_of.get(commit) {
            labels.push(Label {
                name: name.to_string(),
                kind,
                commit: commit.to_string(),
                row: *r,
                lane: lane_for(commit),
            });
        }
    };
    if let Some(tip) = repo.tip(repo.head()) {
        label("HEAD", LabelKind::Head, tip);
    }
    for (name, tip) in repo.branches() {
        label(name, LabelKind::Branch, tip);
    }
    for (name, tag) in repo.tags() {
        label(name, LabelKind::Tag, &tag.target);
    }
    GraphLayout {
        nodes,
        edges,
        labels,
        lanes,
    }
}
