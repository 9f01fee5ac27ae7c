//! `cdk diff`: what changes between two synthesized templates, resource by resource, and
//! which changes replace a resource (from the resource type's create-only properties).

use serde_json::Value;

use crate::cfn::Schemas;

/// Whether a change replaces the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Replacement {
    /// Updated in place.
    Never,
    /// "may be replaced": a conditionally create-only property, or a nested create-only one.
    Conditional,
    /// "requires replacement": a create-only property, or a new resource type.
    Always,
}

/// A property that differs.
#[derive(Clone, Debug, PartialEq)]
pub struct PropertyChange {
    pub name: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub replacement: Replacement,
}

/// How a resource changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Added,
    Removed,
    /// Properties (or the resource's other attributes) differ.
    Modified(Vec<PropertyChange>),
}

/// One resource that differs.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDiff {
    pub logical_id: String,
    pub type_name: String,
    pub change: Change,
    /// The strongest replacement among its changes (`Always` for a changed type).
    pub replacement: Replacement,
}

/// The resources that differ between `old` and `new`, in `new`'s order then removals.
pub fn diff(old: &Value, new: &Value, schemas: &Schemas) -> Vec<ResourceDiff> {
    let empty = serde_json::Map::new();
    let resources = |t: &Value| {
        t.get("Resources")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (before, after) = (resources(old), resources(new));
    let mut out = Vec::new();
    for (id, resource) in &after {
        let type_name = resource
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let Some(previous) = before.get(id) else {
            out.push(ResourceDiff {
                logical_id: id.clone(),
                type_name,
                change: Change::Added,
                replacement: Replacement::Never,
            });
            continue;
        };
        let old_type = previous.get("Type").and_then(Value::as_str).unwrap_or("");
        let props = |r: &Value| {
            r.get("Properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_else(|| empty.clone())
        };
        let (p0, p1) = (props(previous), props(resource));
        let schema = schemas.get(&type_name);
        let mut names: Vec<&String> = p0.keys().chain(p1.keys()).collect();
        names.sort();
        names.dedup();
        let mut changes = Vec::new();
        for name in names {
            let (a, b) = (p0.get(name), p1.get(name));
            if a == b {
                continue;
            }
            let replacement = match schema {
                None => Replacement::Never,
                Some(s) if s.create_only.iter().any(|p| p == name) => Replacement::Always,
                Some(s)
                    if s.conditional_create_only.iter().any(|p| p == name)
                        || s.create_only
                            .iter()
                            .any(|p| p.starts_with(&format!("{name}/"))) =>
                {
                    Replacement::Conditional
                }
                Some(_) => Replacement::Never,
            };
            changes.push(PropertyChange {
                name: name.clone(),
                old: a.cloned(),
                new: b.cloned(),
                replacement,
            });
        }
        for attribute in [
            "DependsOn",
            "DeletionPolicy",
            "UpdateReplacePolicy",
            "Metadata",
        ] {
            let (a, b) = (previous.get(attribute), resource.get(attribute));
            if a != b && attribute != "Metadata" {
                changes.push(PropertyChange {
                    name: attribute.to_string(),
                    old: a.cloned(),
                    new: b.cloned(),
                    replacement: Replacement::Never,
                });
            }
        }
        let type_changed = old_type != type_name;
        if changes.is_empty() && !type_changed {
            continue;
        }
        let replacement = if type_changed {
            Replacement::Always
        } else {
            changes
                .iter()
                .map(|c| c.replacement)
                .max()
                .unwrap_or(Replacement::Never)
        };
        out.push(ResourceDiff {
            logical_id: id.clone(),
            type_name,
            change: Change::Modified(changes),
            replacement,
        });
    }
    for (id, resource) in &before {
        if !after.contains_key(id) {
            out.push(ResourceDiff {
                logical_id: id.clone(),
                type_name: resource
                    .get("Type")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                change: Change::Removed,
                replacement: Replacement::Never,
            });
        }
    }
    out
}
