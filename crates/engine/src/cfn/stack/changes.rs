//! Change sets: what updating a stack to a new template and parameters would do, in the
//! CloudFormation API's terms (`ResourceChange`, `ResourceChangeDetail`,
//! `ResourceTargetDefinition`), and their execution.
//!
//! Replacement comes from the resource knowledge: a changed `createOnlyProperties` property
//! requires recreation `Always` (Replacement `True` when the new value is known, `Conditional`
//! when it depends on another resource being replaced), a `conditionalCreateOnlyProperties`
//! one (or a property holding a create-only sub-property) `Conditionally` (Replacement
//! `Conditional`), anything else `Never`; a changed `Type` replaces.

use std::collections::{BTreeMap, BTreeSet};

use super::super::resolve::{
    as_text, parameter_values, section, Json, Physical, ResolveError, ResolveErrorKind, Resolver,
};
use super::super::schema::ResourceType;
use super::super::validate::sub_variables;
use super::{
    create_seconds, dependencies, newest_first, update_seconds, Cloud, CreateStack, Event, OpError,
    Operation, Pending, Policy, Reason, Resource, Stack, Status, UpdateAction, STACK_TYPE,
};
use crate::tree::{Node, Value};

/// `ResourceChange.Action`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Add,
    Modify,
    Remove,
    Import,
    Dynamic,
}

/// `ResourceChange.Replacement`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Replacement {
    True,
    False,
    Conditional,
}

/// `ResourceChange.Scope` and `ResourceTargetDefinition.Attribute`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Properties,
    Metadata,
    CreationPolicy,
    UpdatePolicy,
    DeletionPolicy,
    UpdateReplacePolicy,
    Tags,
}

impl Scope {
    /// The API's name.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Properties => "Properties",
            Scope::Metadata => "Metadata",
            Scope::CreationPolicy => "CreationPolicy",
            Scope::UpdatePolicy => "UpdatePolicy",
            Scope::DeletionPolicy => "DeletionPolicy",
            Scope::UpdateReplacePolicy => "UpdateReplacePolicy",
            Scope::Tags => "Tags",
        }
    }
}

/// `ResourceTargetDefinition.RequiresRecreation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RequiresRecreation {
    Never,
    Conditionally,
    Always,
}

/// `ResourceChangeDetail.Evaluation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evaluation {
    Static,
    Dynamic,
}

/// `ResourceChangeDetail.ChangeSource`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeSource {
    ResourceReference,
    ParameterReference,
    ResourceAttribute,
    DirectModification,
    Automatic,
}

/// `ResourceTargetDefinition.AttributeChangeType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AttributeChangeType {
    Add,
    Remove,
    Modify,
}

/// `ResourceChange.PolicyAction`: what happens to the physical resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PolicyAction {
    Delete,
    Retain,
    Snapshot,
    ReplaceAndDelete,
    ReplaceAndRetain,
    ReplaceAndSnapshot,
}

/// The field a change touches.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceTargetDefinition {
    pub attribute: Scope,
    /// The property, when the attribute is `Properties`.
    pub name: Option<String>,
    /// For `Properties` (and `Tags`).
    pub requires_recreation: Option<RequiresRecreation>,
    /// `/Properties/<name>` and the like.
    pub path: String,
    pub before_value: Option<Json>,
    pub after_value: Option<Json>,
    pub attribute_change_type: AttributeChangeType,
}

/// One cause of a `Modify`.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceChangeDetail {
    pub target: ResourceTargetDefinition,
    pub evaluation: Evaluation,
    pub change_source: ChangeSource,
    /// The parameter, resource (`Res`) or attribute (`Res.Attr`); none for a direct change.
    pub causing_entity: Option<String>,
}

/// One resource's change.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceChange {
    pub action: Action,
    pub logical_id: String,
    /// None for `Add`.
    pub physical_id: Option<String>,
    pub resource_type: String,
    /// For `Modify`.
    pub replacement: Option<Replacement>,
    pub scope: Vec<Scope>,
    pub details: Vec<ResourceChangeDetail>,
    pub policy_action: Option<PolicyAction>,
}

/// Whether a change set creates, updates or imports into its stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeSetType {
    Create,
    Update,
    Import,
}

/// A change set, ready to execute.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeSet {
    pub name: String,
    pub stack: String,
    pub kind: ChangeSetType,
    pub template: String,
    pub parameters: BTreeMap<String, String>,
    pub changes: Vec<ResourceChange>,
    /// Imported resources: logical ID → physical ID.
    pub imports: BTreeMap<String, String>,
    /// The stack's event count when it was made (a later operation makes it stale).
    version: usize,
}

/// A node as JSON in the long form (`!Ref X` is `{"Ref": "X"}`), numbers as their text.
pub(crate) fn canonical(node: &Node) -> Json {
    let plain = match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(_, t) => Json::String(t.clone()),
        Value::Str(s) => Json::String(s.clone()),
        Value::Seq(items) => Json::Array(items.iter().map(canonical).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), canonical(v)))
                .collect(),
        ),
    };
    match &node.tag {
        Some(tag) => {
            let name = match tag.as_str() {
                "Ref" | "Condition" => tag.clone(),
                other => format!("Fn::{other}"),
            };
            Json::Object([(name, plain)].into_iter().collect())
        }
        None => plain,
    }
}

/// The names a value refers to: `(name, None)` for `Ref` and `(resource, Some(attribute))`
/// for `Fn::GetAtt`, `Fn::Sub` variables included.
fn references(value: &Json, out: &mut BTreeSet<(String, Option<String>)>) {
    match value {
        Json::Object(m) if m.len() == 1 => {
            let (k, v) = m.iter().next().expect("one entry");
            match (k.as_str(), v) {
                ("Ref", Json::String(s)) => {
                    out.insert((s.clone(), None));
                }
                ("Fn::GetAtt", Json::String(s)) => {
                    if let Some((r, a)) = s.split_once('.') {
                        out.insert((r.to_string(), Some(a.to_string())));
                    }
                }
                ("Fn::GetAtt", Json::Array(items)) => {
                    if let (Some(r), Some(a)) = (
                        items.first().and_then(Json::as_str),
                        items.get(1).and_then(Json::as_str),
                    ) {
                        out.insert((r.to_string(), Some(a.to_string())));
                    }
                }
                ("Fn::Sub", v) => {
                    let (text, rest) = match v {
                        Json::String(s) => (s.clone(), None),
                        Json::Array(items) => (
                            items
                                .first()
                                .and_then(Json::as_str)
                                .unwrap_or("")
                                .to_string(),
                            items.get(1),
                        ),
                        _ => (String::new(), None),
                    };
                    let locals: BTreeSet<String> = rest
                        .and_then(Json::as_object)
                        .map(|m| m.keys().cloned().collect())
                        .unwrap_or_default();
                    for var in sub_variables(&text) {
                        if locals.contains(&var) {
                            continue;
                        }
                        match var.split_once('.') {
                            Some((r, a)) => out.insert((r.to_string(), Some(a.to_string()))),
                            None => out.insert((var, None)),
                        };
                    }
                    if let Some(r) = rest {
                        references(r, out);
                    }
                }
                _ => references(v, out),
            }
        }
        Json::Object(m) => m.values().for_each(|v| references(v, out)),
        Json::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// Whether changing a property recreates the resource.
fn recreation(schema: Option<&ResourceType>, property: &str) -> RequiresRecreation {
    let Some(s) = schema else {
        return RequiresRecreation::Never;
    };
    let under = |p: &String| p.starts_with(&format!("{property}/"));
    if s.create_only.iter().any(|p| p == property) {
        RequiresRecreation::Always
    } else if s
        .conditional_create_only
        .iter()
        .any(|p| p == property || under(p))
        || s.create_only.iter().any(under)
    {
        RequiresRecreation::Conditionally
    } else {
        RequiresRecreation::Never
    }
}

/// A property of a resolved object.
fn get<'j>(value: &'j Json, key: &str) -> Option<&'j Json> {
    value.as_object().and_then(|m| m.get(key))
}

fn replace_action(policy: Policy) -> PolicyAction {
    match policy {
        Policy::Retain | Policy::RetainExceptOnCreate => PolicyAction::ReplaceAndRetain,
        Policy::Snapshot => PolicyAction::ReplaceAndSnapshot,
        Policy::Delete => PolicyAction::ReplaceAndDelete,
    }
}

fn delete_action(policy: Policy) -> PolicyAction {
    match policy {
        Policy::Retain | Policy::RetainExceptOnCreate => PolicyAction::Retain,
        Policy::Snapshot => PolicyAction::Snapshot,
        Policy::Delete => PolicyAction::Delete,
    }
}

impl<'s> Cloud<'s> {
    /// Makes a change set: for a stack that does not exist yet, a `CREATE` one (the stack
    /// waits in `REVIEW_IN_PROGRESS`); otherwise an update. Parameters not given keep their
    /// previous values.
    pub fn create_change_set(
        &mut self,
        stack: &str,
        name: &str,
        template: &str,
        parameters: &BTreeMap<String, String>,
    ) -> Result<ChangeSet, OpError> {
        self.change_set(stack, name, template, parameters, &BTreeMap::new())
    }

    /// Makes an `IMPORT` change set: `imports` maps new logical IDs to existing physical IDs.
    pub fn create_import_change_set(
        &mut self,
        stack: &str,
        name: &str,
        template: &str,
        parameters: &BTreeMap<String, String>,
        imports: &BTreeMap<String, String>,
    ) -> Result<ChangeSet, OpError> {
        self.change_set(stack, name, template, parameters, imports)
    }

    fn change_set(
        &mut self,
        stack_name: &str,
        name: &str,
        template: &str,
        parameters: &BTreeMap<String, String>,
        imports: &BTreeMap<String, String>,
    ) -> Result<ChangeSet, OpError> {
        let root = self.check(template)?;
        let Some(old) = self.stacks.get(stack_name).cloned() else {
            // A new stack: every resource is added.
            let request = CreateStack {
                name: stack_name.to_string(),
                template: template.to_string(),
                parameters: parameters.clone(),
                ..CreateStack::default()
            };
            self.register(&request, root, None)?;
            let at = self.now;
            self.stack_event(
                stack_name,
                at,
                Status::ReviewInProgress,
                Some(super::Reason::UserInitiated),
            );
            self.now += 1;
            let stack = self.stacks[stack_name].clone();
            let deps = self.included(&stack).map_err(OpError::Resolve)?;
            let changes = deps
                .keys()
                .map(|logical| ResourceChange {
                    action: if imports.contains_key(logical) {
                        Action::Import
                    } else {
                        Action::Add
                    },
                    logical_id: logical.clone(),
                    physical_id: imports.get(logical).cloned(),
                    resource_type: resource_type(&stack.root, logical),
                    replacement: None,
                    scope: Vec::new(),
                    details: Vec::new(),
                    policy_action: None,
                })
                .collect();
            return Ok(ChangeSet {
                name: name.to_string(),
                stack: stack_name.to_string(),
                kind: if imports.is_empty() {
                    ChangeSetType::Create
                } else {
                    ChangeSetType::Import
                },
                template: template.to_string(),
                parameters: parameters.clone(),
                changes,
                imports: imports.clone(),
                version: stack.history.len(),
            });
        };
        let mut merged = old.parameters.clone();
        merged.extend(parameters.clone());
        let declared: BTreeSet<String> = section(&root, "Parameters")
            .iter()
            .map(|(k, _)| k.name.clone())
            .collect();
        merged.retain(|k, _| declared.contains(k));
        let new_values = parameter_values(&root, &merged).map_err(OpError::Resolve)?;
        let old_values = parameter_values(&old.root, &old.parameters).unwrap_or_default();
        let mut view = old.clone();
        view.root = root.clone();
        view.parameters = merged.clone();
        let deps = self.included(&view).map_err(OpError::Resolve)?;
        let order: Vec<String> = super::super::graph::Graph {
            edges: deps.clone(),
        }
        .waves()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect();
        let env = self.environment(&view);
        let physical: BTreeMap<String, Physical> = old
            .resources
            .iter()
            .map(|(k, r)| (k.clone(), r.physical()))
            .collect();
        let exports = self.export_values();
        let resolver = Resolver::new(&root, &env, &new_values, &physical, &exports)
            .map_err(OpError::Resolve)?;
        let changed_params: BTreeSet<String> = new_values
            .iter()
            .filter(|(k, v)| old_values.get(*k) != Some(v))
            .map(|(k, _)| k.clone())
            .collect();
        let mut changes: Vec<ResourceChange> = Vec::new();
        let mut modified: BTreeMap<String, Replacement> = BTreeMap::new();
        for logical in &order {
            let decl = root
                .get("Resources")
                .and_then(|r| r.get(logical))
                .cloned()
                .unwrap_or_else(|| root.clone());
            let ty = resource_type(&root, logical);
            let Some(before) = old.resources.get(logical) else {
                let import = imports.get(logical);
                changes.push(ResourceChange {
                    action: if import.is_some() {
                        Action::Import
                    } else {
                        Action::Add
                    },
                    logical_id: logical.clone(),
                    physical_id: import.cloned(),
                    resource_type: ty,
                    replacement: None,
                    scope: Vec::new(),
                    details: Vec::new(),
                    policy_action: None,
                });
                continue;
            };
            let schema = self.schemas.get(&ty);
            let mut details = Vec::new();
            let old_props = before.declaration.get("Properties").map(canonical);
            let new_props = decl.get("Properties").map(canonical);
            let mut names: BTreeSet<String> = BTreeSet::new();
            for v in [&old_props, &new_props, &Some(before.properties.clone())]
                .into_iter()
                .flatten()
            {
                if let Some(m) = v.as_object() {
                    names.extend(m.keys().cloned());
                }
            }
            for prop in &names {
                let raw_before = old_props.as_ref().and_then(|p| get(p, prop));
                let raw_after = new_props.as_ref().and_then(|p| get(p, prop));
                let node = decl.get("Properties").and_then(|p| p.get(prop));
                let value_before = get(&before.properties, prop).cloned();
                let value_after: Result<Option<Json>, ResolveError> = match node {
                    Some(n) => resolver.value(n),
                    None => Ok(None),
                };
                let mut refs = BTreeSet::new();
                if let Some(r) = raw_after {
                    references(r, &mut refs);
                }
                let attribute = if prop == "Tags" {
                    Scope::Tags
                } else {
                    Scope::Properties
                };
                let requires = recreation(schema, prop);
                let target = |after: Option<Json>| ResourceTargetDefinition {
                    attribute,
                    name: (attribute == Scope::Properties).then(|| prop.clone()),
                    requires_recreation: Some(requires),
                    path: format!("/Properties/{prop}"),
                    before_value: value_before.clone(),
                    attribute_change_type: match (&value_before, &after) {
                        (None, _) => AttributeChangeType::Add,
                        (_, None) if raw_after.is_none() => AttributeChangeType::Remove,
                        _ => AttributeChangeType::Modify,
                    },
                    after_value: after,
                };
                // Changes whose value is known now.
                match &value_after {
                    Ok(after) => {
                        if raw_before != raw_after {
                            details.push(ResourceChangeDetail {
                                target: target(after.clone()),
                                evaluation: Evaluation::Static,
                                change_source: ChangeSource::DirectModification,
                                causing_entity: None,
                            });
                        } else if *after != value_before {
                            let causes: Vec<String> = refs
                                .iter()
                                .filter(|(n, a)| a.is_none() && changed_params.contains(n))
                                .map(|(n, _)| n.clone())
                                .collect();
                            if causes.is_empty() {
                                details.push(ResourceChangeDetail {
                                    target: target(after.clone()),
                                    evaluation: Evaluation::Static,
                                    change_source: ChangeSource::DirectModification,
                                    causing_entity: None,
                                });
                            }
                            for c in causes {
                                details.push(ResourceChangeDetail {
                                    target: target(after.clone()),
                                    evaluation: Evaluation::Static,
                                    change_source: ChangeSource::ParameterReference,
                                    causing_entity: Some(c),
                                });
                            }
                        }
                    }
                    Err(ResolveError {
                        kind: ResolveErrorKind::NotCreated { .. },
                        ..
                    }) => {}
                    Err(e) => return Err(OpError::Resolve(e.clone())),
                }
                // Changes that depend on other resources' changes.
                for (r, a) in &refs {
                    let dynamic = match (modified.get(r), a) {
                        (Some(Replacement::True | Replacement::Conditional), _) => true,
                        (Some(Replacement::False), Some(_)) => true,
                        (None, _) => !old.resources.contains_key(r) && deps.contains_key(r),
                        _ => false,
                    };
                    if dynamic {
                        details.push(ResourceChangeDetail {
                            target: target(None),
                            evaluation: Evaluation::Dynamic,
                            change_source: if a.is_some() {
                                ChangeSource::ResourceAttribute
                            } else {
                                ChangeSource::ResourceReference
                            },
                            causing_entity: Some(match a {
                                Some(a) => format!("{r}.{a}"),
                                None => r.clone(),
                            }),
                        });
                    }
                }
            }
            for scope in [
                Scope::Metadata,
                Scope::CreationPolicy,
                Scope::UpdatePolicy,
                Scope::DeletionPolicy,
                Scope::UpdateReplacePolicy,
            ] {
                let b = before.declaration.get(scope.name()).map(canonical);
                let a = decl.get(scope.name()).map(canonical);
                if a != b {
                    details.push(ResourceChangeDetail {
                        target: ResourceTargetDefinition {
                            attribute: scope,
                            name: None,
                            requires_recreation: None,
                            path: format!("/{}", scope.name()),
                            attribute_change_type: match (&b, &a) {
                                (None, _) => AttributeChangeType::Add,
                                (_, None) => AttributeChangeType::Remove,
                                _ => AttributeChangeType::Modify,
                            },
                            before_value: b,
                            after_value: a,
                        },
                        evaluation: Evaluation::Static,
                        change_source: ChangeSource::DirectModification,
                        causing_entity: None,
                    });
                }
            }
            let type_changed = before.resource_type != ty;
            if details.is_empty() && !type_changed {
                if ty != STACK_TYPE {
                    continue;
                }
                // A nested stack's template may have changed: always a Modify, Automatic.
                details.push(ResourceChangeDetail {
                    target: ResourceTargetDefinition {
                        attribute: Scope::Properties,
                        name: None,
                        requires_recreation: Some(RequiresRecreation::Never),
                        path: "/Properties".into(),
                        before_value: None,
                        after_value: None,
                        attribute_change_type: AttributeChangeType::Modify,
                    },
                    evaluation: Evaluation::Dynamic,
                    change_source: ChangeSource::Automatic,
                    causing_entity: None,
                });
            }
            let property_details = details
                .iter()
                .filter(|d| matches!(d.target.attribute, Scope::Properties | Scope::Tags));
            let mut replacement = Replacement::False;
            for d in property_details {
                let r = match (d.target.requires_recreation, d.evaluation) {
                    (Some(RequiresRecreation::Always), Evaluation::Static) => Replacement::True,
                    (Some(RequiresRecreation::Always | RequiresRecreation::Conditionally), _) => {
                        Replacement::Conditional
                    }
                    _ => Replacement::False,
                };
                replacement = match (replacement, r) {
                    (Replacement::True, _) | (_, Replacement::True) => Replacement::True,
                    (Replacement::Conditional, _) | (_, Replacement::Conditional) => {
                        Replacement::Conditional
                    }
                    _ => Replacement::False,
                };
            }
            if type_changed {
                replacement = Replacement::True;
            }
            let mut scope: Vec<Scope> = details.iter().map(|d| d.target.attribute).collect();
            scope.sort();
            scope.dedup();
            modified.insert(logical.clone(), replacement);
            changes.push(ResourceChange {
                action: Action::Modify,
                logical_id: logical.clone(),
                physical_id: Some(before.physical_id.clone()),
                resource_type: ty,
                replacement: Some(replacement),
                scope,
                details,
                policy_action: (replacement != Replacement::False)
                    .then(|| replace_action(before.update_replace_policy)),
            });
        }
        for (logical, r) in &old.resources {
            if !deps.contains_key(logical) {
                changes.push(ResourceChange {
                    action: Action::Remove,
                    logical_id: logical.clone(),
                    physical_id: Some(r.physical_id.clone()),
                    resource_type: r.resource_type.clone(),
                    replacement: None,
                    scope: Vec::new(),
                    details: Vec::new(),
                    policy_action: Some(delete_action(r.deletion_policy)),
                });
            }
        }
        if changes.is_empty() && old.template == template && old.parameters == merged {
            return Err(OpError::NoChanges);
        }
        Ok(ChangeSet {
            name: name.to_string(),
            stack: stack_name.to_string(),
            kind: if imports.is_empty() {
                ChangeSetType::Update
            } else {
                ChangeSetType::Import
            },
            template: template.to_string(),
            parameters: merged,
            changes,
            imports: imports.clone(),
            version: old.history.len(),
        })
    }

    /// Executes a change set; the stack's events of this operation, newest first.
    pub fn execute_change_set(&mut self, change_set: &ChangeSet) -> Result<Vec<Event>, OpError> {
        let name = change_set.stack.clone();
        let stack = self
            .stacks
            .get(&name)
            .ok_or(OpError::NoSuchStack { name: name.clone() })?;
        if stack.history.len() != change_set.version {
            return Err(OpError::StaleChangeSet);
        }
        let seq = self.seq;
        let at = self.now;
        if stack.status == Status::ReviewInProgress {
            for (logical, pid) in &change_set.imports {
                self.pending_imports
                    .insert((name.clone(), logical.clone()), pid.clone());
            }
            self.run_create(&name, at);
        } else {
            if !matches!(
                stack.status,
                Status::CreateComplete
                    | Status::UpdateComplete
                    | Status::UpdateRollbackComplete
                    | Status::ImportComplete
            ) {
                return Err(OpError::WrongStatus {
                    status: stack.status,
                });
            }
            self.run_update(change_set, at);
        }
        let stack = &self.stacks[&name];
        self.now = stack.history.iter().map(|e| e.time).max().unwrap_or(at) + 1;
        Ok(newest_first(
            stack
                .history
                .iter()
                .filter(|e| e.seq > seq)
                .cloned()
                .collect(),
        ))
    }

    /// Updates a stack from `at`; whether it succeeded.
    fn run_update(&mut self, cs: &ChangeSet, at: u64) -> bool {
        let name = cs.stack.clone();
        let old = self.stacks[&name].clone();
        let Ok(root) = self.check(&cs.template) else {
            return false;
        };
        self.stack_event(
            &name,
            at,
            Status::UpdateInProgress,
            Some(Reason::UserInitiated),
        );
        // An export another stack imports cannot disappear.
        let mut view = old.clone();
        view.root = root.clone();
        view.parameters = cs.parameters.clone();
        let new_exports = self
            .outputs_of(&view)
            .map(|(_, e)| e)
            .unwrap_or_else(|_| old.exports.clone());
        for export in old.exports.keys() {
            let importers: Vec<String> = self
                .importers(export)
                .into_iter()
                .filter(|s| *s != name)
                .collect();
            if !new_exports.contains_key(export) && !importers.is_empty() {
                let reason = Reason::ExportInUse {
                    export: export.clone(),
                    importers,
                    operation: Operation::Update,
                };
                self.stack_event(&name, at, Status::UpdateRollbackInProgress, Some(reason));
                self.stack_event(&name, at + 1, Status::UpdateRollbackComplete, None);
                return false;
            }
        }
        // The stack policy, for removals (checked before anything starts).
        for c in cs.changes.iter().filter(|c| c.action == Action::Remove) {
            if let Some(p) = &old.policy {
                if !p.allows(UpdateAction::Delete, &c.logical_id, &c.resource_type) {
                    let e = self.event(
                        &name,
                        at,
                        &c.logical_id,
                        c.physical_id.as_deref().unwrap_or(""),
                        &c.resource_type,
                        Status::UpdateFailed,
                        Some(Reason::StackPolicyDenied {
                            action: UpdateAction::Delete,
                        }),
                    );
                    self.push(e);
                    self.rollback_update(&name, &old, at, vec![c.logical_id.clone()]);
                    return false;
                }
            }
        }
        if let Some(s) = self.stacks.get_mut(&name) {
            s.root = root;
            s.template = cs.template.clone();
            s.parameters = cs.parameters.clone();
        }
        let deps = match self.included(&self.stacks[&name].clone()) {
            Ok(d) => d,
            Err(e) => {
                self.rollback_update(&name, &old, at, Vec::new());
                let _ = e;
                return false;
            }
        };
        let by_logical: BTreeMap<String, ResourceChange> = cs
            .changes
            .iter()
            .map(|c| (c.logical_id.clone(), c.clone()))
            .collect();
        let mut replaced: Vec<Resource> = Vec::new();
        let run = self.forward(
            &deps,
            at,
            &mut |cloud, logical, t| match by_logical.get(logical) {
                None => Pending {
                    end: t,
                    ok: true,
                    done: None,
                    cancel: None,
                },
                Some(c) if c.action == Action::Import => {
                    cloud.start_import(&name, logical, c.physical_id.clone().unwrap_or_default(), t)
                }
                Some(c) if c.action == Action::Add => cloud.start_create(&name, logical, t),
                Some(_) => cloud.start_update(&name, logical, t, &mut replaced),
            },
        );
        if !run.failed.is_empty() {
            self.rollback_update(&name, &old, run.end, run.failed);
            return false;
        }
        if let Err(reason) = self.finish_outputs(&name) {
            let failed = match reason {
                Reason::ResourcesFailed { resources, .. } => resources,
                _ => Vec::new(),
            };
            self.rollback_update(&name, &old, run.end, failed);
            return false;
        }
        // Exports in use must keep their values.
        let now_exports = self.stacks[&name].exports.clone();
        for (export, value) in &old.exports {
            let importers: Vec<String> = self
                .importers(export)
                .into_iter()
                .filter(|s| *s != name)
                .collect();
            if now_exports.get(export) != Some(value) && !importers.is_empty() {
                let reason = Reason::ExportInUse {
                    export: export.clone(),
                    importers,
                    operation: Operation::Update,
                };
                self.stack_event(
                    &name,
                    run.end,
                    Status::UpdateRollbackInProgress,
                    Some(reason),
                );
                return self.rollback_body(&name, &old, run.end);
            }
        }
        let t = run.end;
        self.stack_event(&name, t, Status::UpdateCompleteCleanupInProgress, None);
        let mut end = t;
        for old_resource in replaced {
            let p = self.start_delete(
                &name,
                &old_resource.logical_id.clone(),
                t,
                false,
                Some(old_resource),
            );
            if let Some(e) = p.done {
                self.push(e);
            }
            end = end.max(p.end);
        }
        let removed: BTreeSet<String> = old
            .resources
            .keys()
            .filter(|k| !deps.contains_key(*k))
            .cloned()
            .collect();
        let old_deps = dependencies(&old);
        end = end.max(self.delete_resources(&name, &removed, &old_deps, t, false));
        self.stack_event(&name, end, Status::UpdateComplete, None);
        true
    }

    /// Starts importing a resource (its physical ID given).
    pub(super) fn start_import(
        &mut self,
        stack_name: &str,
        logical: &str,
        pid: String,
        t: u64,
    ) -> Pending {
        let stack = self.stacks[stack_name].clone();
        let decl = stack
            .root
            .get("Resources")
            .and_then(|r| r.get(logical))
            .cloned()
            .unwrap_or_else(|| stack.root.clone());
        let ty = resource_type(&stack.root, logical);
        let properties = self
            .resolve_properties(&stack, &decl)
            .map(|(p, _)| p)
            .unwrap_or(Json::Object(Default::default()));
        let mut physical = self.new_physical(stack_name, &ty, logical, 0, &properties);
        physical.id = pid.clone();
        let e = self.event(
            stack_name,
            t,
            logical,
            &pid,
            &ty,
            Status::ImportInProgress,
            None,
        );
        self.push(e);
        let resource = Resource {
            logical_id: logical.to_string(),
            resource_type: ty.clone(),
            physical_id: pid.clone(),
            status: Status::ImportInProgress,
            actual: Some(properties.clone()),
            properties,
            attributes: physical.attributes,
            deletion_policy: Policy::of(decl.get("DeletionPolicy")).unwrap_or(Policy::Delete),
            update_replace_policy: Policy::of(decl.get("UpdateReplacePolicy"))
                .unwrap_or(Policy::Delete),
            nested: None,
            generation: 0,
            declaration: decl,
        };
        if let Some(s) = self.stacks.get_mut(stack_name) {
            s.resources.insert(logical.to_string(), resource);
        }
        let done = self.event(
            stack_name,
            t + 2,
            logical,
            &pid,
            &ty,
            Status::ImportComplete,
            None,
        );
        Pending {
            end: t + 2,
            ok: true,
            done: Some(done),
            cancel: None,
        }
    }

    /// Starts updating one resource in place or replacing it (the old one, to delete during
    /// cleanup, goes to `replaced`).
    fn start_update(
        &mut self,
        stack_name: &str,
        logical: &str,
        t: u64,
        replaced: &mut Vec<Resource>,
    ) -> Pending {
        let stack = self.stacks[stack_name].clone();
        let Some(before) = stack.resources.get(logical).cloned() else {
            return self.start_create(stack_name, logical, t);
        };
        let decl = stack
            .root
            .get("Resources")
            .and_then(|r| r.get(logical))
            .cloned()
            .unwrap_or_else(|| stack.root.clone());
        let ty = resource_type(&stack.root, logical);
        let pid = before.physical_id.clone();
        let failed = |cloud: &mut Cloud, reason: Reason| {
            let e = cloud.event(
                stack_name,
                t,
                logical,
                &pid,
                &ty,
                Status::UpdateFailed,
                Some(reason),
            );
            Pending {
                end: t,
                ok: false,
                done: Some(e),
                cancel: None,
            }
        };
        let properties = match self.resolve_properties(&stack, &decl) {
            Ok((p, imports)) => {
                if let Some(s) = self.stacks.get_mut(stack_name) {
                    s.imports.extend(imports);
                }
                p
            }
            Err(e) => return failed(self, Reason::Resolve(e)),
        };
        let schema = self.schemas.get(&ty);
        let replace = before.resource_type != ty
            || schema.is_some_and(|s| {
                s.create_only
                    .iter()
                    .any(|p| !p.contains('/') && get(&properties, p) != get(&before.properties, p))
            });
        let action = if replace {
            UpdateAction::Replace
        } else {
            UpdateAction::Modify
        };
        if let Some(p) = &stack.policy {
            if !p.allows(action, logical, &ty) {
                return failed(self, Reason::StackPolicyDenied { action });
            }
        }
        let fails = self.take_failure(stack_name, logical, Operation::Update);
        let reason = fails.then_some(Reason::InjectedFailure);
        let mut after = before.clone();
        after.resource_type = ty.clone();
        after.properties = properties.clone();
        after.actual = Some(properties.clone());
        after.declaration = decl.clone();
        after.deletion_policy = Policy::of(decl.get("DeletionPolicy"))
            .unwrap_or_else(|| super::default_deletion_policy(&ty, &properties));
        after.update_replace_policy =
            Policy::of(decl.get("UpdateReplacePolicy")).unwrap_or(Policy::Delete);
        let e = self.event(
            stack_name,
            t,
            logical,
            &pid,
            &ty,
            Status::UpdateInProgress,
            replace.then_some(Reason::RequiresReplacement),
        );
        self.push(e);
        let (end, new_pid) = if ty == STACK_TYPE {
            let end = self.update_nested(&stack, &before, &properties, t);
            match end {
                Ok(end) => (end, pid.clone()),
                Err(end) => {
                    let e = self.event(
                        stack_name,
                        end,
                        logical,
                        &pid,
                        &ty,
                        Status::UpdateFailed,
                        Some(Reason::NestedStackFailed {
                            stack: before.nested.clone().unwrap_or_default(),
                            operation: Operation::Update,
                        }),
                    );
                    return Pending {
                        end,
                        ok: false,
                        done: Some(e),
                        cancel: None,
                    };
                }
            }
        } else if replace {
            after.generation += 1;
            let p = self.new_physical(stack_name, &ty, logical, after.generation, &properties);
            after.physical_id = p.id.clone();
            after.attributes = p.attributes;
            let e = self.event(
                stack_name,
                t,
                logical,
                &p.id,
                &ty,
                Status::UpdateInProgress,
                Some(Reason::CreationInitiated),
            );
            self.push(e);
            replaced.push(before.clone());
            (t + create_seconds(&ty), p.id)
        } else {
            (t + update_seconds(&ty), pid.clone())
        };
        if ty == STACK_TYPE {
            if let Some(child) = before.nested.as_ref().and_then(|c| self.stacks.get(c)) {
                after.attributes = super::nested_attributes(child);
            }
        }
        after.status = Status::UpdateInProgress;
        if let Some(s) = self.stacks.get_mut(stack_name) {
            s.resources.insert(logical.to_string(), after);
        }
        let status = if fails {
            Status::UpdateFailed
        } else {
            Status::UpdateComplete
        };
        let done = self.event(stack_name, end, logical, &new_pid, &ty, status, reason);
        let cancel = self.event(
            stack_name,
            end,
            logical,
            &new_pid,
            &ty,
            Status::UpdateFailed,
            Some(Reason::Cancelled(Operation::Update)),
        );
        Pending {
            end,
            ok: !fails,
            done: Some(done),
            cancel: Some(cancel),
        }
    }

    /// Updates a nested stack to its resource's template and parameters: when it ended
    /// (`Err` when it failed and rolled back).
    fn update_nested(
        &mut self,
        parent: &Stack,
        before: &Resource,
        properties: &Json,
        t: u64,
    ) -> Result<u64, u64> {
        let Some(child) = before.nested.clone() else {
            return Ok(t + 1);
        };
        let url = properties
            .get("TemplateURL")
            .and_then(as_text)
            .unwrap_or_default();
        let Some(text) = self.workspace_template(&url) else {
            return Err(t);
        };
        let params = super::nested_parameters(properties);
        let saved = self.now;
        self.now = t;
        let result = self.change_set(
            &child,
            &format!("{}-nested", parent.name),
            &text,
            &params,
            &BTreeMap::new(),
        );
        self.now = saved;
        match result {
            Err(OpError::NoChanges) => Ok(t + 1),
            Err(_) => Err(t),
            Ok(cs) => {
                let ok = self.run_update(&cs, t);
                let end = self.stacks[&child]
                    .history
                    .iter()
                    .map(|e| e.time)
                    .max()
                    .unwrap_or(t);
                if ok {
                    Ok(end)
                } else {
                    Err(end)
                }
            }
        }
    }

    /// Rolls a failed update back to `old`.
    fn rollback_update(&mut self, name: &str, old: &Stack, at: u64, failed: Vec<String>) -> bool {
        let reason = Reason::ResourcesFailed {
            operation: Operation::Update,
            resources: failed,
        };
        self.stack_event(name, at, Status::UpdateRollbackInProgress, Some(reason));
        self.rollback_body(name, old, at)
    }

    fn rollback_body(&mut self, name: &str, old: &Stack, at: u64) -> bool {
        let current = self.stacks[name].resources.clone();
        let mut end = at;
        let mut restored = BTreeSet::new();
        for (logical, before) in &old.resources {
            let Some(now) = current.get(logical) else {
                continue;
            };
            let touched = now.physical_id != before.physical_id
                || now.properties != before.properties
                || now.status != before.status;
            if !touched {
                continue;
            }
            restored.insert(logical.clone());
            let ty = before.resource_type.clone();
            let pid = before.physical_id.clone();
            let took = if now.physical_id != before.physical_id {
                1
            } else {
                update_seconds(&ty)
            };
            let e = self.event(name, at, logical, &pid, &ty, Status::UpdateInProgress, None);
            self.push(e);
            let e = self.event(
                name,
                at + took,
                logical,
                &pid,
                &ty,
                Status::UpdateComplete,
                None,
            );
            self.push(e);
            end = end.max(at + took);
        }
        self.stack_event(
            name,
            end,
            Status::UpdateRollbackCompleteCleanupInProgress,
            None,
        );
        // Delete what the update made: new physical resources and added resources.
        let mut done = end;
        for (logical, now) in &current {
            let made = match old.resources.get(logical) {
                Some(before) => now.physical_id != before.physical_id,
                None => true,
            };
            if made {
                let mut r = now.clone();
                r.update_replace_policy = Policy::Delete;
                let p = self.start_delete(name, logical, end, true, Some(r));
                if let Some(e) = p.done {
                    self.push(e);
                }
                done = done.max(p.end);
            }
        }
        if let Some(s) = self.stacks.get_mut(name) {
            s.root = old.root.clone();
            s.template = old.template.clone();
            s.parameters = old.parameters.clone();
            s.resources = old.resources.clone();
            s.outputs = old.outputs.clone();
            s.exports = old.exports.clone();
            for l in &restored {
                if let Some(r) = s.resources.get_mut(l) {
                    r.status = Status::UpdateComplete;
                }
            }
        }
        self.stack_event(name, done, Status::UpdateRollbackComplete, None);
        false
    }
}

/// A resource's type in a template.
fn resource_type(root: &Node, logical: &str) -> String {
    root.get("Resources")
        .and_then(|r| r.get(logical))
        .and_then(|d| d.get("Type"))
        .and_then(Node::as_str)
        .unwrap_or("")
        .to_string()
}
