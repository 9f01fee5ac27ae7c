//! The resources' dependency graph: what each resource waits for (`Ref`, `Fn::GetAtt`,
//! `Fn::Sub` variables and `DependsOn`), the order CloudFormation creates them in, and the
//! cycles that make a template impossible to deploy.

use std::collections::{BTreeMap, BTreeSet};

use super::validate::sub_variables;
use crate::tree::{Key, Node, Value};

/// Each resource's logical ID and the resources it depends on (sorted).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    pub edges: BTreeMap<String, BTreeSet<String>>,
}

impl Graph {
    /// The graph of a Resources section; `resources` names the resources (and their types).
    pub fn of(entries: &[(Key, Node)], resources: &BTreeMap<String, Option<String>>) -> Graph {
        let mut edges = BTreeMap::new();
        for (key, resource) in entries {
            let mut deps = BTreeSet::new();
            for field in [
                "Properties",
                "Metadata",
                "DependsOn",
                "CreationPolicy",
                "UpdatePolicy",
            ] {
                if let Some(node) = resource.get(field) {
                    if field == "DependsOn" {
                        match &node.value {
                            Value::Seq(items) => deps.extend(
                                items.iter().filter_map(|i| i.as_str().map(str::to_string)),
                            ),
                            _ => deps.extend(node.as_str().map(str::to_string)),
                        }
                    } else {
                        collect(node, &mut deps);
                    }
                }
            }
            deps.retain(|d| resources.contains_key(d));
            edges.insert(key.name.clone(), deps);
        }
        Graph { edges }
    }

    /// Creation waves: each wave's resources depend only on earlier waves, so CloudFormation
    /// can create them at the same time (`None` when the graph has a cycle).
    pub fn waves(&self) -> Option<Vec<Vec<String>>> {
        let mut done: BTreeSet<&str> = BTreeSet::new();
        let mut waves = Vec::new();
        while done.len() < self.edges.len() {
            let wave: Vec<String> = self
                .edges
                .iter()
                .filter(|(name, deps)| {
                    !done.contains(name.as_str()) && deps.iter().all(|d| done.contains(d.as_str()))
                })
                .map(|(name, _)| name.clone())
                .collect();
            if wave.is_empty() {
                return None;
            }
            for name in &wave {
                if let Some((k, _)) = self.edges.get_key_value(name) {
                    done.insert(k.as_str());
                }
            }
            waves.push(wave);
        }
        Some(waves)
    }
}

/// The resource names a value refers to (`Ref`, `Fn::GetAtt`, `Fn::Sub` variables).
fn collect(node: &Node, out: &mut BTreeSet<String>) {
    let function = match (&node.tag, &node.value) {
        (Some(tag), _) => Some((tag.as_str(), node)),
        (None, Value::Map(entries)) if entries.len() == 1 => {
            let (k, v) = &entries[0];
            match k.name.as_str() {
                "Ref" => Some(("Ref", v)),
                "Fn::GetAtt" => Some(("GetAtt", v)),
                "Fn::Sub" => Some(("Sub", v)),
                _ => None,
            }
        }
        _ => None,
    };
    if let Some((name, arg)) = function {
        match (name, &arg.value) {
            ("Ref", Value::Str(s)) => {
                out.insert(s.clone());
            }
            ("GetAtt", Value::Str(s)) => {
                out.insert(s.split('.').next().unwrap_or(s).to_string());
            }
            ("GetAtt", Value::Seq(items)) => {
                out.extend(items.first().and_then(|i| i.as_str()).map(str::to_string));
            }
            ("Sub", Value::Str(s)) => {
                out.extend(
                    sub_variables(s)
                        .into_iter()
                        .map(|v| v.split('.').next().unwrap_or(&v).to_string()),
                );
            }
            ("Sub", Value::Seq(items)) => {
                let locals: BTreeSet<String> = items
                    .get(1)
                    .and_then(Node::as_map)
                    .map(|m| m.iter().map(|(k, _)| k.name.clone()).collect())
                    .unwrap_or_default();
                if let Some(s) = items.first().and_then(Node::as_str) {
                    out.extend(
                        sub_variables(s)
                            .into_iter()
                            .filter(|v| !locals.contains(v))
                            .map(|v| v.split('.').next().unwrap_or(&v).to_string()),
                    );
                }
                for item in items.iter().skip(1) {
                    collect(item, out);
                }
            }
            _ => {}
        }
        if node.tag.is_some() {
            // A tagged node's own value may hold more calls (`!Join [",", [!Ref A]]`).
            if let Value::Seq(items) = &node.value {
                for item in items {
                    collect(item, out);
                }
            }
            return;
        }
    }
    match &node.value {
        Value::Map(entries) => {
            for (_, v) in entries {
                collect(v, out);
            }
        }
        Value::Seq(items) => {
            for item in items {
                collect(item, out);
            }
        }
        _ => {}
    }
}

/// Every cycle, one per strongly connected group, as the logical IDs along it starting from
/// the first in name order.
pub fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    let names: Vec<&String> = graph.edges.keys().collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let adjacency: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            graph.edges[*n]
                .iter()
                .filter_map(|d| index.get(d.as_str()).copied())
                .collect()
        })
        .collect();
    let groups = strongly_connected(&adjacency);
    let mut out = Vec::new();
    for group in groups {
        let members: BTreeSet<usize> = group.iter().copied().collect();
        let start = *members.iter().next().unwrap_or(&0);
        let looped = adjacency[start].contains(&start);
        if members.len() == 1 && !looped {
            continue;
        }
        // Walk from the first member, always to the smallest member not visited yet, until
        // an edge leads back to the start.
        let mut path = vec![start];
        let mut seen = BTreeSet::from([start]);
        let mut at = start;
        loop {
            if adjacency[at].contains(&start) && (path.len() > 1 || looped) {
                break;
            }
            let next = adjacency[at]
                .iter()
                .filter(|n| members.contains(n) && !seen.contains(n))
                .min()
                .copied();
            match next {
                Some(n) => {
                    path.push(n);
                    seen.insert(n);
                    at = n;
                }
                None => break,
            }
        }
        out.push(path.into_iter().map(|i| names[i].clone()).collect());
    }
    out
}

/// Tarjan's strongly connected components, iteratively (deep graphs must not overflow).
fn strongly_connected(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = adjacency.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut groups = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if edge < adjacency[v].len() {
                work.push((v, edge + 1));
                let w = adjacency[v][edge];
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut group = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                groups.push(group);
            }
        }
    }
    groups
}
