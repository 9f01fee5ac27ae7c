//! The shape checks every file format of the container engines makes (keys, kinds, ranges,
//! allowed values), generic over the module's own rules; shared by `ecs` and `k8s`.

use std::collections::BTreeSet;

use crate::tree::{Key, Node, Pos, Value};

/// The rules a module names for the shape findings.
pub(crate) trait ShapeRules: Copy {
    /// A value of the wrong kind. Args: where, expected, found.
    const WRONG_TYPE: Self;
    /// A key the structure does not have. Args: where, key, near keys.
    const UNKNOWN_KEY: Self;
    /// A key written twice. Args: key.
    const DUPLICATE_KEY: Self;
    /// A required key left out. Args: where, key.
    const MISSING_KEY: Self;
    /// A value outside its allowed values. Args: where, value, allowed joined by `|`.
    const BAD_VALUE: Self;
    /// A number outside its range. Args: where, value, min, max.
    const OUT_OF_RANGE: Self;
}

/// Findings being gathered: position, rule, values.
pub(crate) struct Ck<R> {
    pub found: Vec<(Pos, R, Vec<String>)>,
}

impl<R: ShapeRules> Ck<R> {
    pub fn new() -> Self {
        Ck { found: Vec::new() }
    }

    pub fn push(&mut self, pos: Pos, rule: R, args: &[&str]) {
        self.found
            .push((pos, rule, args.iter().map(|s| s.to_string()).collect()));
    }

    /// Checks a mapping's keys: duplicates, unknown ones (with the nearest known ones),
    /// missing required ones. The entries, or `None` when the node is not a mapping (reported).
    pub fn keys<'n>(
        &mut self,
        node: &'n Node,
        at: &str,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<&'n [(Key, Node)]> {
        let Some(entries) = node.as_map() else {
            self.push(node.pos, R::WRONG_TYPE, &[at, "mapping", node.kind()]);
            return None;
        };
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (k, _) in entries {
            if !seen.insert(&k.name) {
                self.push(k.pos, R::DUPLICATE_KEY, &[&k.name]);
                continue;
            }
            if !allowed.contains(&k.name.as_str()) {
                let n = near(&k.name, allowed.iter().copied());
                self.push(k.pos, R::UNKNOWN_KEY, &[at, &k.name, &n]);
            }
        }
        for r in required {
            if node.get(r).is_none() {
                self.push(node.pos, R::MISSING_KEY, &[at, r]);
            }
        }
        Some(entries)
    }

    /// A mapping whose keys are free (labels, options): duplicates reported.
    pub fn map<'n>(&mut self, node: &'n Node, at: &str) -> &'n [(Key, Node)] {
        let Some(entries) = node.as_map() else {
            self.push(node.pos, R::WRONG_TYPE, &[at, "mapping", node.kind()]);
            return &[];
        };
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (k, _) in entries {
            if !seen.insert(&k.name) {
                self.push(k.pos, R::DUPLICATE_KEY, &[&k.name]);
            }
        }
        entries
    }

    /// A string (strictly: a number is the wrong kind).
    pub fn string(&mut self, node: &Node, at: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) if node.tag.is_none() || node.tag.as_deref() == Some("str") => {
                Some(s.clone())
            }
            _ => {
                self.push(node.pos, R::WRONG_TYPE, &[at, "string", node.kind()]);
                None
            }
        }
    }

    /// A list of strings.
    pub fn strings(&mut self, node: &Node, at: &str) -> Vec<String> {
        self.seq(node, at)
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.string(n, &format!("{at}[{i}]")))
            .collect()
    }

    /// An integer in `min..=max` (a number written without a fraction).
    pub fn int(&mut self, node: &Node, at: &str, min: i64, max: i64) -> Option<i64> {
        let n = match &node.value {
            Value::Number(v, _) if v.fract() == 0.0 && v.abs() < 1e15 => *v as i64,
            _ => {
                self.push(node.pos, R::WRONG_TYPE, &[at, "integer", node.kind()]);
                return None;
            }
        };
        self.range(node.pos, at, n, min, max);
        Some(n)
    }

    /// Reports `n` outside `min..=max`.
    pub fn range(&mut self, pos: Pos, at: &str, n: i64, min: i64, max: i64) -> bool {
        if n < min || n > max {
            let max = if max == i64::MAX {
                String::new()
            } else {
                max.to_string()
            };
            self.push(
                pos,
                R::OUT_OF_RANGE,
                &[at, &n.to_string(), &min.to_string(), &max],
            );
            return false;
        }
        true
    }

    /// A number (with a fraction or not).
    pub fn number(&mut self, node: &Node, at: &str) -> Option<f64> {
        match &node.value {
            Value::Number(v, _) => Some(*v),
            _ => {
                self.push(node.pos, R::WRONG_TYPE, &[at, "number", node.kind()]);
                None
            }
        }
    }

    /// A boolean.
    pub fn boolean(&mut self, node: &Node, at: &str) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            _ => {
                self.push(node.pos, R::WRONG_TYPE, &[at, "boolean", node.kind()]);
                None
            }
        }
    }

    /// One of `allowed`.
    pub fn one_of(&mut self, node: &Node, at: &str, allowed: &[&str]) -> Option<String> {
        let s = self.string(node, at)?;
        if !allowed.contains(&s.as_str()) {
            self.push(node.pos, R::BAD_VALUE, &[at, &s, &allowed.join("|")]);
            return None;
        }
        Some(s)
    }

    /// The items of a list.
    pub fn seq<'n>(&mut self, node: &'n Node, at: &str) -> &'n [Node] {
        match node.as_seq() {
            Some(items) => items,
            None => {
                self.push(node.pos, R::WRONG_TYPE, &[at, "list", node.kind()]);
                &[]
            }
        }
    }
}

/// Up to three names close to `name`, joined with ", " (empty when none is close).
pub(crate) fn near<'n>(name: &str, names: impl Iterator<Item = &'n str>) -> String {
    let lower = name.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = names
        .map(|n| {
            (
                crate::text::edit_distance(&lower, &n.to_ascii_lowercase()),
                n,
            )
        })
        .filter(|(d, n)| *d <= 2.max(n.chars().count() / 4))
        .collect();
    scored.sort();
    scored.dedup();
    scored
        .into_iter()
        .take(3)
        .map(|(_, n)| n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The node with every mapping entry whose value is null left out: the console's JSON view
/// (and files copied from it) writes `"taskRoleArn": null` for a parameter not set, and
/// the tools that register such files (CodePipeline's ECS actions, the deploy actions) read
/// it as not set.
pub(crate) fn without_nulls(node: Node) -> Node {
    let value = match node.value {
        Value::Map(entries) => Value::Map(
            entries
                .into_iter()
                .filter(|(_, v)| v.value != Value::Null)
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Seq(items) => Value::Seq(items.into_iter().map(without_nulls).collect()),
        other => other,
    };
    Node { value, ..node }
}
