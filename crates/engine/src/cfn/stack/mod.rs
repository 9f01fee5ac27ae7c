//! A simulated CloudFormation: a [`Cloud`] holds stacks and their exports in one region and
//! account and runs operations in simulated time (seconds; no clock), returning the events
//! newest first as the console lists them.
//!
//! - [`Cloud::create_stack`]: resources start as soon as what they depend on is complete, so
//!   independent ones run in parallel; per-type durations ([`create_seconds`]); a failure a lab
//!   injects ([`Cloud::inject_failure`]) rolls the stack back (`ROLLBACK_IN_PROGRESS` →
//!   `ROLLBACK_COMPLETE`) unless rollback is disabled (`CREATE_FAILED`, resources kept).
//! - [`Cloud::create_change_set`] → [`ChangeSet`] ([`ResourceChange`]s with [`Action`],
//!   [`Replacement`], [`Scope`] and [`ResourceChangeDetail`]s as the API documents them);
//!   [`Cloud::execute_change_set`] updates (replacement creates the new resource, then deletes
//!   the old one during `UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`); a failure rolls back
//!   (`UPDATE_ROLLBACK_IN_PROGRESS` → `UPDATE_ROLLBACK_COMPLETE`).
//! - [`Cloud::delete_stack`] honours `DeletionPolicy` (`Delete`, `Retain`, `Snapshot` for
//!   [`SNAPSHOT_TYPES`], `RetainExceptOnCreate`); replacement honours `UpdateReplacePolicy`.
//! - [`Cloud::detect_drift`] after [`Cloud::console_edit`] / [`Cloud::console_delete`].
//! - Nested stacks: `AWS::CloudFormation::Stack` whose `TemplateURL` names a template of the
//!   workspace ([`Cloud::add_template`]; the URL's last path segment is enough).
//! - Exports (`Export.Name`, unique per region) and `Fn::ImportValue`; an export in use cannot
//!   be deleted ([`Reason::ExportInUse`]).
//! - Stack policies ([`StackPolicy`]) deny `Update:Modify`, `Update:Replace`, `Update:Delete`.
//!
//! Everything is data: statuses are [`Status`] (the API's names from [`Status::name`]), reasons
//! are [`Reason`]s, errors [`OpError`]s; the app words them.
//!
//! Simplifications: a nested stack that is in progress when a sibling fails finishes before
//! the rollback deletes it; a `Conditionally` replaced property updates in place when executed;
//! rolled-back updates run in parallel; parameters not given to a change set keep their
//! previous values.

mod changes;
mod drift;
mod physical;
mod policy;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use super::graph::Graph;
use super::resolve::{
    as_text, parameter_values, section, Environment, Json, Physical, ResolveError, Resolver,
};
use super::rules::{Diagnostic, Severity};
use super::schema::Schemas;
use super::validate::validate;
use crate::tree::Node;

pub use changes::{
    Action, AttributeChangeType, ChangeSet, ChangeSource, Evaluation, PolicyAction, Replacement,
    RequiresRecreation, ResourceChange, ResourceChangeDetail, ResourceTargetDefinition, Scope,
};
pub use drift::{
    DifferenceType, DriftReport, PropertyDifference, ResourceDrift, ResourceDriftStatus,
    StackDriftStatus,
};
pub use physical::{create_seconds, delete_seconds, update_seconds, SNAPSHOT_TYPES};
pub use policy::{PolicyError, StackPolicy, UpdateAction};

/// A stack's or a resource's status, as the API names it ([`Status::name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    CreateInProgress,
    CreateFailed,
    CreateComplete,
    RollbackInProgress,
    RollbackFailed,
    RollbackComplete,
    DeleteInProgress,
    DeleteFailed,
    DeleteComplete,
    DeleteSkipped,
    UpdateInProgress,
    UpdateFailed,
    UpdateComplete,
    UpdateCompleteCleanupInProgress,
    UpdateRollbackInProgress,
    UpdateRollbackFailed,
    UpdateRollbackCompleteCleanupInProgress,
    UpdateRollbackComplete,
    ReviewInProgress,
    ImportInProgress,
    ImportComplete,
}

impl Status {
    /// The API's name, such as `UPDATE_ROLLBACK_COMPLETE`.
    pub fn name(self) -> &'static str {
        match self {
            Status::CreateInProgress => "CREATE_IN_PROGRESS",
            Status::CreateFailed => "CREATE_FAILED",
            Status::CreateComplete => "CREATE_COMPLETE",
            Status::RollbackInProgress => "ROLLBACK_IN_PROGRESS",
            Status::RollbackFailed => "ROLLBACK_FAILED",
            Status::RollbackComplete => "ROLLBACK_COMPLETE",
            Status::DeleteInProgress => "DELETE_IN_PROGRESS",
            Status::DeleteFailed => "DELETE_FAILED",
            Status::DeleteComplete => "DELETE_COMPLETE",
            Status::DeleteSkipped => "DELETE_SKIPPED",
            Status::UpdateInProgress => "UPDATE_IN_PROGRESS",
            Status::UpdateFailed => "UPDATE_FAILED",
            Status::UpdateComplete => "UPDATE_COMPLETE",
            Status::UpdateCompleteCleanupInProgress => "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
            Status::UpdateRollbackInProgress => "UPDATE_ROLLBACK_IN_PROGRESS",
            Status::UpdateRollbackFailed => "UPDATE_ROLLBACK_FAILED",
            Status::UpdateRollbackCompleteCleanupInProgress => {
                "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"
            }
            Status::UpdateRollbackComplete => "UPDATE_ROLLBACK_COMPLETE",
            Status::ReviewInProgress => "REVIEW_IN_PROGRESS",
            Status::ImportInProgress => "IMPORT_IN_PROGRESS",
            Status::ImportComplete => "IMPORT_COMPLETE",
        }
    }
}

/// The operation a resource was in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Operation {
    Create,
    Update,
    Delete,
}

/// Why an event happened (the console's "Status reason"), as data.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// "User Initiated".
    UserInitiated,
    /// "Resource creation Initiated".
    CreationInitiated,
    /// The failure a lab injected.
    InjectedFailure,
    /// "Resource creation cancelled" / "Resource update cancelled".
    Cancelled(Operation),
    /// "The following resource(s) failed to create: [A, B]." (…update, …delete).
    ResourcesFailed {
        operation: Operation,
        resources: Vec<String>,
    },
    /// "Requested update requires the creation of a new physical resource; hence creating one."
    RequiresReplacement,
    /// A property could not be resolved.
    Resolve(ResolveError),
    /// A nested stack failed ("Embedded stack … was not successfully created/updated").
    NestedStackFailed { stack: String, operation: Operation },
    /// A nested stack's `TemplateURL` names no template of the workspace.
    TemplateNotFound { url: String },
    /// Kept by `DeletionPolicy` or `UpdateReplacePolicy` `Retain` (`DELETE_SKIPPED`).
    Retained,
    /// Deleted after a snapshot was taken.
    Snapshot { snapshot: String },
    /// The stack policy denies the action on the resource.
    StackPolicyDenied { action: UpdateAction },
    /// "Export X cannot be deleted as it is in use by Y" (or updated).
    ExportInUse {
        export: String,
        importers: Vec<String>,
        operation: Operation,
    },
    /// An export name another stack of the region already exports.
    ExportAlreadyExists { export: String, stack: String },
}

/// One line of a stack's events.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Simulated seconds since the cloud started.
    pub time: u64,
    /// The order events were written in (breaks ties of equal times).
    pub seq: u64,
    pub stack: String,
    pub logical_id: String,
    /// Empty until the resource has one.
    pub physical_id: String,
    pub resource_type: String,
    pub status: Status,
    pub reason: Option<Reason>,
}

/// `DeletionPolicy` / `UpdateReplacePolicy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    Delete,
    Retain,
    Snapshot,
    RetainExceptOnCreate,
}

impl Policy {
    fn of(node: Option<&Node>) -> Option<Policy> {
        Some(match node?.as_str()? {
            "Delete" => Policy::Delete,
            "Retain" => Policy::Retain,
            "Snapshot" => Policy::Snapshot,
            "RetainExceptOnCreate" => Policy::RetainExceptOnCreate,
            _ => return None,
        })
    }
}

/// A resource of a stack.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    pub logical_id: String,
    pub resource_type: String,
    pub physical_id: String,
    pub status: Status,
    /// The properties as the template (resolved) sets them: what drift detection expects.
    pub properties: Json,
    /// The properties as they are; `None` when deleted outside CloudFormation.
    pub actual: Option<Json>,
    pub attributes: BTreeMap<String, Json>,
    pub deletion_policy: Policy,
    pub update_replace_policy: Policy,
    /// The nested stack's name, for `AWS::CloudFormation::Stack`.
    pub nested: Option<String>,
    /// How many times it was replaced.
    pub generation: u32,
    /// Its declaration in the template.
    pub declaration: Node,
}

impl Resource {
    fn physical(&self) -> Physical {
        Physical {
            id: self.physical_id.clone(),
            attributes: self.attributes.clone(),
        }
    }
}

/// A stack.
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    pub name: String,
    pub id: String,
    pub status: Status,
    pub status_reason: Option<Reason>,
    pub template: String,
    pub root: Node,
    /// The parameter values given.
    pub parameters: BTreeMap<String, String>,
    pub resources: BTreeMap<String, Resource>,
    pub outputs: BTreeMap<String, Json>,
    /// Export name → value.
    pub exports: BTreeMap<String, Json>,
    /// The export names it imports.
    pub imports: BTreeSet<String>,
    /// Oldest first; see [`Stack::events`].
    history: Vec<Event>,
    pub policy: Option<StackPolicy>,
    /// The parent's name, for a nested stack.
    pub parent: Option<String>,
    pub disable_rollback: bool,
}

impl Stack {
    /// Every event, newest first (as the console lists them).
    pub fn events(&self) -> Vec<Event> {
        newest_first(self.history.clone())
    }
}

fn newest_first(mut events: Vec<Event>) -> Vec<Event> {
    events.sort_by_key(|e| std::cmp::Reverse((e.time, e.seq)));
    events
}

/// A resource kept or snapshotted when its stack no longer manages it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leftover {
    pub stack: String,
    pub logical_id: String,
    pub resource_type: String,
    pub physical_id: String,
    /// The snapshot's ID, for a snapshot.
    pub snapshot: Option<String>,
}

/// Why an operation cannot start (nothing happened; AWS answers these with a validation error).
#[derive(Clone, Debug, PartialEq)]
pub enum OpError {
    StackExists {
        name: String,
    },
    NoSuchStack {
        name: String,
    },
    NoSuchResource {
        stack: String,
        logical_id: String,
    },
    /// The template has errors (the validator's findings of severity error).
    Invalid(Vec<Diagnostic>),
    Resolve(ResolveError),
    /// The stack is in a status the operation does not accept.
    WrongStatus {
        status: Status,
    },
    /// A change set with no changes.
    NoChanges,
    /// The change set was made for an earlier state of the stack.
    StaleChangeSet,
    Policy(PolicyError),
}

/// A request to create a stack.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CreateStack {
    pub name: String,
    pub template: String,
    pub parameters: BTreeMap<String, String>,
    pub disable_rollback: bool,
    /// A stack policy's JSON text.
    pub policy: Option<String>,
}

/// One region of one account, with its stacks.
#[derive(Clone, Debug)]
pub struct Cloud<'s> {
    schemas: &'s Schemas,
    pub region: String,
    pub account: String,
    seed: u64,
    workspace: BTreeMap<String, String>,
    stacks: BTreeMap<String, Stack>,
    /// Deleted stacks, oldest first.
    pub deleted: Vec<Stack>,
    now: u64,
    seq: u64,
    stacks_made: u64,
    failures: BTreeSet<(String, String, Operation)>,
    pending_imports: BTreeMap<(String, String), String>,
    /// Resources kept by `Retain` policies.
    pub retained: Vec<Leftover>,
    /// Snapshots taken by `Snapshot` policies.
    pub snapshots: Vec<Leftover>,
}

/// What a scheduled piece of work will do when it ends.
struct Pending {
    end: u64,
    ok: bool,
    done: Option<Event>,
    cancel: Option<Event>,
}

/// How a forward run ended.
struct Run {
    end: u64,
    /// The failed items (empty: success).
    failed: Vec<String>,
}

impl<'s> Cloud<'s> {
    /// An empty region; `seed` varies the generated IDs (same seed, same IDs).
    pub fn new(schemas: &'s Schemas, region: &str, account: &str, seed: u64) -> Cloud<'s> {
        Cloud {
            schemas,
            region: region.to_string(),
            account: account.to_string(),
            seed,
            workspace: BTreeMap::new(),
            stacks: BTreeMap::new(),
            deleted: Vec::new(),
            now: 0,
            seq: 0,
            stacks_made: 0,
            failures: BTreeSet::new(),
            pending_imports: BTreeMap::new(),
            retained: Vec::new(),
            snapshots: Vec::new(),
        }
    }

    /// Adds a template to the workspace, for nested stacks' `TemplateURL`.
    pub fn add_template(&mut self, name: &str, text: &str) {
        self.workspace.insert(name.to_string(), text.to_string());
    }

    /// Makes the next `operation` of a resource fail (by stack and logical ID; a nested
    /// stack's name is `<parent>-<logical id>-<suffix>`, see [`Cloud::stack_names`]).
    pub fn inject_failure(&mut self, stack: &str, logical_id: &str, operation: Operation) {
        self.failures
            .insert((stack.to_string(), logical_id.to_string(), operation));
    }

    /// The simulated time: seconds since the cloud started.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Lets time pass.
    pub fn advance(&mut self, seconds: u64) {
        self.now += seconds;
    }

    /// A live stack by name.
    pub fn stack(&self, name: &str) -> Option<&Stack> {
        self.stacks.get(name)
    }

    /// Every live stack's name (nested ones too).
    pub fn stack_names(&self) -> Vec<String> {
        self.stacks.keys().cloned().collect()
    }

    /// The region's exports: name → (stack, value).
    pub fn exports(&self) -> BTreeMap<String, (String, Json)> {
        let mut out = BTreeMap::new();
        for stack in self.stacks.values() {
            for (name, value) in &stack.exports {
                out.insert(name.clone(), (stack.name.clone(), value.clone()));
            }
        }
        out
    }

    /// The stacks that import an export.
    pub fn importers(&self, export: &str) -> Vec<String> {
        self.stacks
            .values()
            .filter(|s| s.imports.contains(export))
            .map(|s| s.name.clone())
            .collect()
    }

    fn export_values(&self) -> BTreeMap<String, Json> {
        self.exports()
            .into_iter()
            .map(|(k, (_, v))| (k, v))
            .collect()
    }

    fn environment(&self, stack: &Stack) -> Environment {
        Environment {
            region: self.region.clone(),
            account: self.account.clone(),
            stack_name: stack.name.clone(),
            stack_id: stack.id.clone(),
            notification_arns: Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        stack: &str,
        time: u64,
        logical: &str,
        physical: &str,
        ty: &str,
        status: Status,
        reason: Option<Reason>,
    ) -> Event {
        self.seq += 1;
        Event {
            time,
            seq: self.seq,
            stack: stack.to_string(),
            logical_id: logical.to_string(),
            physical_id: physical.to_string(),
            resource_type: ty.to_string(),
            status,
            reason,
        }
    }

    fn push(&mut self, event: Event) {
        if let Some(stack) = self.stacks.get_mut(&event.stack) {
            if event.logical_id == stack.name && event.resource_type == STACK_TYPE {
                stack.status = event.status;
                stack.status_reason = event.reason.clone();
            } else if let Some(r) = stack.resources.get_mut(&event.logical_id) {
                if r.physical_id == event.physical_id || event.physical_id.is_empty() {
                    r.status = event.status;
                }
            }
            stack.history.push(event);
        }
    }

    /// A stack-level event.
    fn stack_event(&mut self, name: &str, time: u64, status: Status, reason: Option<Reason>) {
        let id = self
            .stacks
            .get(name)
            .map(|s| s.id.clone())
            .unwrap_or_default();
        let e = self.event(name, time, name, &id, STACK_TYPE, status, reason);
        self.push(e);
    }

    fn take_failure(&mut self, stack: &str, logical: &str, op: Operation) -> bool {
        self.failures
            .remove(&(stack.to_string(), logical.to_string(), op))
    }

    /// Validates a template: its tree, or the errors.
    fn check(&self, text: &str) -> Result<Node, OpError> {
        let report = validate(text, self.schemas);
        let errors: Vec<Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .cloned()
            .collect();
        match report.root {
            Some(root) if errors.is_empty() => Ok(root),
            _ => Err(OpError::Invalid(errors)),
        }
    }

    /// Runs work items in dependency order from `at`: each starts when what it depends on
    /// has ended; the first failure cancels what is still running and nothing more starts.
    fn forward(
        &mut self,
        deps: &BTreeMap<String, BTreeSet<String>>,
        at: u64,
        work: &mut dyn FnMut(&mut Cloud<'s>, &str, u64) -> Pending,
    ) -> Run {
        let mut started = BTreeSet::new();
        let mut done: BTreeSet<String> = BTreeSet::new();
        let mut running: Vec<(String, Pending)> = Vec::new();
        let mut now = at;
        loop {
            let ready: Vec<String> = deps
                .iter()
                .filter(|(n, d)| !started.contains(*n) && d.iter().all(|x| done.contains(x)))
                .map(|(n, _)| n.clone())
                .collect();
            for name in ready {
                started.insert(name.clone());
                let p = work(self, &name, now);
                running.push((name, p));
            }
            let Some(i) = (0..running.len()).min_by_key(|&i| (running[i].1.end, i)) else {
                return Run {
                    end: now,
                    failed: Vec::new(),
                };
            };
            let (name, p) = running.remove(i);
            now = now.max(p.end);
            if let Some(e) = p.done {
                self.push(e);
            }
            if p.ok {
                done.insert(name);
                continue;
            }
            let mut failed = vec![name];
            for (other, p) in std::mem::take(&mut running) {
                if p.end <= now && !p.ok {
                    if let Some(e) = p.done {
                        self.push(e);
                    }
                    failed.push(other);
                } else if p.end <= now {
                    if let Some(e) = p.done {
                        self.push(e);
                    }
                } else if let Some(mut e) = p.cancel {
                    e.time = now;
                    self.push(e);
                }
            }
            failed.sort();
            return Run { end: now, failed };
        }
    }

    /// Creates a stack and returns its events, newest first.
    pub fn create_stack(&mut self, request: &CreateStack) -> Result<Vec<Event>, OpError> {
        let at = self.now;
        let (name, _) = self.create_at(request, at, None)?;
        let stack = &self.stacks[&name];
        self.now = stack.history.iter().map(|e| e.time).max().unwrap_or(at) + 1;
        Ok(stack.events())
    }

    /// Registers a new stack (status `REVIEW_IN_PROGRESS` or about to be created).
    fn register(
        &mut self,
        request: &CreateStack,
        root: Node,
        parent: Option<String>,
    ) -> Result<String, OpError> {
        if self.stacks.contains_key(&request.name) {
            return Err(OpError::StackExists {
                name: request.name.clone(),
            });
        }
        parameter_values(&root, &request.parameters).map_err(OpError::Resolve)?;
        let policy = match &request.policy {
            Some(text) => Some(StackPolicy::parse(text).map_err(OpError::Policy)?),
            None => None,
        };
        self.stacks_made += 1;
        let id = physical::stack_id(
            &self.region,
            &self.account,
            &request.name,
            self.stacks_made,
            self.seed,
        );
        self.stacks.insert(
            request.name.clone(),
            Stack {
                name: request.name.clone(),
                id,
                status: Status::ReviewInProgress,
                status_reason: None,
                template: request.template.clone(),
                root,
                parameters: request.parameters.clone(),
                resources: BTreeMap::new(),
                outputs: BTreeMap::new(),
                exports: BTreeMap::new(),
                imports: BTreeSet::new(),
                history: Vec::new(),
                policy,
                parent,
                disable_rollback: request.disable_rollback,
            },
        );
        Ok(request.name.clone())
    }

    /// Creates a stack from `at`; its name and whether it succeeded.
    fn create_at(
        &mut self,
        request: &CreateStack,
        at: u64,
        parent: Option<String>,
    ) -> Result<(String, bool), OpError> {
        let root = self.check(&request.template)?;
        let name = self.register(request, root, parent)?;
        let ok = self.run_create(&name, at);
        Ok((name, ok))
    }

    /// Creates a registered stack's resources from `at`; whether it succeeded.
    fn run_create(&mut self, name: &str, at: u64) -> bool {
        self.stack_event(
            name,
            at,
            Status::CreateInProgress,
            Some(Reason::UserInitiated),
        );
        let stack = self.stacks[name].clone();
        let deps = match self.included(&stack) {
            Ok(d) => d,
            Err(e) => {
                return self.fail_create(name, at, Reason::Resolve(e));
            }
        };
        let run = self.forward(&deps, at, &mut |cloud, logical, t| {
            let key = (name.to_string(), logical.to_string());
            match cloud.pending_imports.remove(&key) {
                Some(pid) => cloud.start_import(name, logical, pid, t),
                None => cloud.start_create(name, logical, t),
            }
        });
        if !run.failed.is_empty() {
            let reason = Reason::ResourcesFailed {
                operation: Operation::Create,
                resources: run.failed.clone(),
            };
            return self.fail_create(name, run.end, reason);
        }
        match self.finish_outputs(name) {
            Ok(()) => {
                self.stack_event(name, run.end, Status::CreateComplete, None);
                true
            }
            Err(reason) => self.fail_create(name, run.end, reason),
        }
    }

    /// A failed create: `CREATE_FAILED` without rollback, else the rollback.
    fn fail_create(&mut self, name: &str, at: u64, reason: Reason) -> bool {
        let stack = self.stacks[name].clone();
        if stack.disable_rollback {
            self.stack_event(name, at, Status::CreateFailed, Some(reason));
            return false;
        }
        self.stack_event(name, at, Status::RollbackInProgress, Some(reason));
        let names: BTreeSet<String> = stack.resources.keys().cloned().collect();
        let deps = dependencies(&stack);
        let end = self.delete_resources(name, &names, &deps, at, true);
        if let Some(s) = self.stacks.get_mut(name) {
            s.exports.clear();
            s.outputs.clear();
        }
        self.stack_event(name, end, Status::RollbackComplete, None);
        false
    }

    /// The resources whose condition holds, each with the included resources it depends on.
    fn included(&self, stack: &Stack) -> Result<BTreeMap<String, BTreeSet<String>>, ResolveError> {
        let env = self.environment(stack);
        let params = parameter_values(&stack.root, &stack.parameters)?;
        let none = BTreeMap::new();
        let exports = self.export_values();
        let r = Resolver::new(&stack.root, &env, &params, &none, &exports)?;
        let entries = section(&stack.root, "Resources");
        let mut names = BTreeMap::new();
        for (k, decl) in entries {
            if r.included(decl)? {
                names.insert(
                    k.name.clone(),
                    decl.get("Type").and_then(Node::as_str).map(str::to_string),
                );
            }
        }
        let graph = Graph::of(entries, &names);
        Ok(graph
            .edges
            .into_iter()
            .filter(|(n, _)| names.contains_key(n))
            .collect())
    }

    /// Resolves a resource's properties with the stack's current resources.
    fn resolve_properties(
        &self,
        stack: &Stack,
        decl: &Node,
    ) -> Result<(Json, BTreeSet<String>), ResolveError> {
        let env = self.environment(stack);
        let params = parameter_values(&stack.root, &stack.parameters)?;
        let physical: BTreeMap<String, Physical> = stack
            .resources
            .iter()
            .filter(|(_, r)| {
                matches!(
                    r.status,
                    Status::CreateComplete | Status::UpdateComplete | Status::ImportComplete
                )
            })
            .map(|(k, r)| (k.clone(), r.physical()))
            .collect();
        let exports = self.export_values();
        let r = Resolver::new(&stack.root, &env, &params, &physical, &exports)?;
        let value = match decl.get("Properties") {
            Some(p) => r.value(p)?.unwrap_or(Json::Object(Default::default())),
            None => Json::Object(Default::default()),
        };
        let imports = r.imports.borrow().clone();
        Ok((value, imports))
    }

    /// Starts creating one resource.
    fn start_create(&mut self, stack_name: &str, logical: &str, t: u64) -> Pending {
        let stack = self.stacks[stack_name].clone();
        let decl = stack
            .root
            .get("Resources")
            .and_then(|r| r.get(logical))
            .cloned()
            .unwrap_or_default_node();
        let ty = decl
            .get("Type")
            .and_then(Node::as_str)
            .unwrap_or("")
            .to_string();
        let e = self.event(
            stack_name,
            t,
            logical,
            "",
            &ty,
            Status::CreateInProgress,
            None,
        );
        self.push(e);
        let (properties, imports) = match self.resolve_properties(&stack, &decl) {
            Ok(p) => p,
            Err(err) => {
                let e = self.event(
                    stack_name,
                    t,
                    logical,
                    "",
                    &ty,
                    Status::CreateFailed,
                    Some(Reason::Resolve(err)),
                );
                return Pending {
                    end: t,
                    ok: false,
                    done: Some(e),
                    cancel: None,
                };
            }
        };
        if let Some(s) = self.stacks.get_mut(stack_name) {
            s.imports.extend(imports);
        }
        let deletion_policy = Policy::of(decl.get("DeletionPolicy"))
            .unwrap_or_else(|| default_deletion_policy(&ty, &properties));
        let update_replace_policy =
            Policy::of(decl.get("UpdateReplacePolicy")).unwrap_or(Policy::Delete);
        let mut resource = Resource {
            logical_id: logical.to_string(),
            resource_type: ty.clone(),
            physical_id: String::new(),
            status: Status::CreateInProgress,
            properties: properties.clone(),
            actual: Some(properties.clone()),
            attributes: BTreeMap::new(),
            deletion_policy,
            update_replace_policy,
            nested: None,
            generation: 0,
            declaration: decl.clone(),
        };
        let (end, ok, reason) = if ty == STACK_TYPE {
            self.start_nested(&stack, &mut resource, &properties, t)
        } else {
            let p = self.new_physical(&stack.name, &ty, logical, 0, &properties);
            resource.physical_id = p.id;
            resource.attributes = p.attributes;
            let fails = self.take_failure(stack_name, logical, Operation::Create);
            let end = t + create_seconds(&ty);
            (end, !fails, fails.then_some(Reason::InjectedFailure))
        };
        let physical_id = resource.physical_id.clone();
        if let Some(s) = self.stacks.get_mut(stack_name) {
            s.resources.insert(logical.to_string(), resource);
        }
        let e = self.event(
            stack_name,
            t,
            logical,
            &physical_id,
            &ty,
            Status::CreateInProgress,
            Some(Reason::CreationInitiated),
        );
        self.push(e);
        let status = if ok {
            Status::CreateComplete
        } else {
            Status::CreateFailed
        };
        let done = self.event(stack_name, end, logical, &physical_id, &ty, status, reason);
        let cancel = self.event(
            stack_name,
            end,
            logical,
            &physical_id,
            &ty,
            Status::CreateFailed,
            Some(Reason::Cancelled(Operation::Create)),
        );
        Pending {
            end,
            ok,
            done: Some(done),
            cancel: Some(cancel),
        }
    }

    fn new_physical(
        &self,
        stack: &str,
        ty: &str,
        logical: &str,
        generation: u32,
        properties: &Json,
    ) -> Physical {
        let place = physical::Place {
            region: &self.region,
            account: &self.account,
            stack,
            seed: self.seed,
        };
        physical::physical(
            &place,
            ty,
            logical,
            generation,
            properties,
            self.schemas.get(ty),
        )
    }

    /// Creates a nested stack for a resource: its end time, success and failure reason.
    fn start_nested(
        &mut self,
        parent: &Stack,
        resource: &mut Resource,
        properties: &Json,
        t: u64,
    ) -> (u64, bool, Option<Reason>) {
        let url = properties
            .get("TemplateURL")
            .and_then(as_text)
            .unwrap_or_default();
        let Some(text) = self.workspace_template(&url) else {
            return (t, false, Some(Reason::TemplateNotFound { url }));
        };
        let child = physical::nested_name(&parent.name, &resource.logical_id, self.seed);
        let request = CreateStack {
            name: child.clone(),
            template: text,
            parameters: nested_parameters(properties),
            disable_rollback: parent.disable_rollback,
            policy: None,
        };
        let failed = Some(Reason::NestedStackFailed {
            stack: child.clone(),
            operation: Operation::Create,
        });
        match self.create_at(&request, t, Some(parent.name.clone())) {
            Ok((name, ok)) => {
                let stack = &self.stacks[&name];
                let end = stack.history.iter().map(|e| e.time).max().unwrap_or(t);
                resource.physical_id = stack.id.clone();
                resource.nested = Some(name.clone());
                resource.attributes = nested_attributes(stack);
                (end, ok, if ok { None } else { failed })
            }
            Err(_) => (t, false, failed),
        }
    }

    fn workspace_template(&self, url: &str) -> Option<String> {
        if let Some(t) = self.workspace.get(url) {
            return Some(t.clone());
        }
        let last = url.rsplit('/').next().unwrap_or(url);
        self.workspace
            .iter()
            .find(|(k, _)| k.rsplit('/').next() == Some(last))
            .map(|(_, v)| v.clone())
    }

    /// Resolves the outputs and registers the exports; a duplicate export name fails.
    fn finish_outputs(&mut self, name: &str) -> Result<(), Reason> {
        let stack = self.stacks[name].clone();
        let (outputs, exports) = self.outputs_of(&stack).map_err(Reason::Resolve)?;
        let existing = self.exports();
        for export in exports.keys() {
            if let Some((owner, _)) = existing.get(export) {
                if owner != name {
                    return Err(Reason::ExportAlreadyExists {
                        export: export.clone(),
                        stack: owner.clone(),
                    });
                }
            }
        }
        if let Some(s) = self.stacks.get_mut(name) {
            s.outputs = outputs;
            s.exports = exports;
        }
        Ok(())
    }

    #[allow(clippy::type_complexity)]
    fn outputs_of(
        &self,
        stack: &Stack,
    ) -> Result<(BTreeMap<String, Json>, BTreeMap<String, Json>), ResolveError> {
        let env = self.environment(stack);
        let params = parameter_values(&stack.root, &stack.parameters)?;
        let physical: BTreeMap<String, Physical> = stack
            .resources
            .iter()
            .map(|(k, r)| (k.clone(), r.physical()))
            .collect();
        let exports = self.export_values();
        let r = Resolver::new(&stack.root, &env, &params, &physical, &exports)?;
        let mut outputs = BTreeMap::new();
        let mut named = BTreeMap::new();
        for (k, decl) in section(&stack.root, "Outputs") {
            if !r.included(decl)? {
                continue;
            }
            let Some(v) = decl.get("Value") else { continue };
            let value = r.value(v)?.unwrap_or(Json::Null);
            if let Some(export) = decl.get("Export").and_then(|e| e.get("Name")) {
                if let Some(n) = r.value(export)?.as_ref().and_then(as_text) {
                    named.insert(n, value.clone());
                }
            }
            outputs.insert(k.name.clone(), value);
        }
        Ok((outputs, named))
    }

    /// Deletes resources in reverse dependency order from `at` (a resource waits for those
    /// that depend on it); `create_rollback` deletes `RetainExceptOnCreate` ones. Returns
    /// when the last one is done.
    fn delete_resources(
        &mut self,
        stack_name: &str,
        names: &BTreeSet<String>,
        deps: &BTreeMap<String, BTreeSet<String>>,
        at: u64,
        create_rollback: bool,
    ) -> u64 {
        // Reverse: each resource waits for the ones that depend on it.
        let mut reverse: BTreeMap<String, BTreeSet<String>> =
            names.iter().map(|n| (n.clone(), BTreeSet::new())).collect();
        for (n, ds) in deps {
            for d in ds {
                if names.contains(n) {
                    if let Some(set) = reverse.get_mut(d) {
                        set.insert(n.clone());
                    }
                }
            }
        }
        let run = self.forward(&reverse, at, &mut |cloud, logical, t| {
            cloud.start_delete(stack_name, logical, t, create_rollback, None)
        });
        run.end
    }

    /// Starts deleting one resource (or its old physical resource, with `replaced` policy).
    fn start_delete(
        &mut self,
        stack_name: &str,
        logical: &str,
        t: u64,
        create_rollback: bool,
        replaced: Option<Resource>,
    ) -> Pending {
        let resource = match replaced.clone() {
            Some(r) => r,
            None => match self
                .stacks
                .get(stack_name)
                .and_then(|s| s.resources.get(logical))
            {
                Some(r) => r.clone(),
                None => {
                    return Pending {
                        end: t,
                        ok: true,
                        done: None,
                        cancel: None,
                    }
                }
            },
        };
        let ty = resource.resource_type.clone();
        let pid = resource.physical_id.clone();
        let policy = if replaced.is_some() {
            resource.update_replace_policy
        } else {
            resource.deletion_policy
        };
        let never_made = matches!(resource.status, Status::CreateFailed) || pid.is_empty();
        let keep = !never_made
            && match policy {
                Policy::Retain => true,
                Policy::RetainExceptOnCreate => !create_rollback,
                _ => false,
            };
        let forget = |cloud: &mut Cloud| {
            if replaced.is_none() {
                if let Some(s) = cloud.stacks.get_mut(stack_name) {
                    s.resources.remove(logical);
                }
            }
        };
        if keep {
            let e = self.event(
                stack_name,
                t,
                logical,
                &pid,
                &ty,
                Status::DeleteSkipped,
                Some(Reason::Retained),
            );
            self.push(e);
            self.retained.push(Leftover {
                stack: stack_name.to_string(),
                logical_id: logical.to_string(),
                resource_type: ty,
                physical_id: pid,
                snapshot: None,
            });
            forget(self);
            return Pending {
                end: t,
                ok: true,
                done: None,
                cancel: None,
            };
        }
        let e = self.event(
            stack_name,
            t,
            logical,
            &pid,
            &ty,
            Status::DeleteInProgress,
            None,
        );
        self.push(e);
        let mut end = t + if never_made { 1 } else { delete_seconds(&ty) };
        if let Some(child) = &resource.nested {
            if self.stacks.contains_key(child) {
                let child = child.clone();
                end = self.delete_at(&child, t).max(t + 1);
            }
        }
        let fails = !never_made && self.take_failure(stack_name, logical, Operation::Delete);
        let mut reason = None;
        if !never_made
            && !fails
            && policy == Policy::Snapshot
            && SNAPSHOT_TYPES.contains(&ty.as_str())
        {
            let snapshot = format!(
                "{}-snapshot-{}",
                pid.to_ascii_lowercase(),
                physical::token(
                    physical::hash(&[stack_name, logical, &pid], self.seed),
                    12,
                    b"abcdefghijklmnopqrstuvwxyz0123456789"
                )
            );
            self.snapshots.push(Leftover {
                stack: stack_name.to_string(),
                logical_id: logical.to_string(),
                resource_type: ty.clone(),
                physical_id: pid.clone(),
                snapshot: Some(snapshot.clone()),
            });
            reason = Some(Reason::Snapshot { snapshot });
        }
        let status = if fails {
            Status::DeleteFailed
        } else {
            Status::DeleteComplete
        };
        let reason = if fails {
            Some(Reason::InjectedFailure)
        } else {
            reason
        };
        let done = self.event(stack_name, end, logical, &pid, &ty, status, reason);
        if !fails {
            forget(self);
        }
        Pending {
            end,
            ok: !fails,
            done: Some(done),
            cancel: None,
        }
    }

    /// Deletes a stack and returns its events of this operation, newest first.
    pub fn delete_stack(&mut self, name: &str) -> Result<Vec<Event>, OpError> {
        if !self.stacks.contains_key(name) {
            return Err(OpError::NoSuchStack {
                name: name.to_string(),
            });
        }
        let at = self.now;
        let seq = self.seq;
        let end = self.delete_at(name, at);
        self.now = end + 1;
        let stack = self
            .stacks
            .get(name)
            .or_else(|| self.deleted.iter().rev().find(|s| s.name == name))
            .cloned()
            .ok_or(OpError::NoSuchStack {
                name: name.to_string(),
            })?;
        Ok(newest_first(
            stack.history.into_iter().filter(|e| e.seq > seq).collect(),
        ))
    }

    /// Deletes a stack from `at`; when it is done.
    fn delete_at(&mut self, name: &str, at: u64) -> u64 {
        let stack = self.stacks[name].clone();
        self.stack_event(
            name,
            at,
            Status::DeleteInProgress,
            Some(Reason::UserInitiated),
        );
        for export in stack.exports.keys() {
            let importers: Vec<String> = self
                .importers(export)
                .into_iter()
                .filter(|s| s != name)
                .collect();
            if !importers.is_empty() {
                self.stack_event(
                    name,
                    at,
                    Status::DeleteFailed,
                    Some(Reason::ExportInUse {
                        export: export.clone(),
                        importers,
                        operation: Operation::Delete,
                    }),
                );
                return at;
            }
        }
        let names: BTreeSet<String> = stack.resources.keys().cloned().collect();
        let deps = dependencies(&stack);
        let end = self.delete_resources(name, &names, &deps, at, false);
        let left: Vec<String> = self.stacks[name]
            .resources
            .iter()
            .filter(|(_, r)| r.status == Status::DeleteFailed)
            .map(|(k, _)| k.clone())
            .collect();
        if !left.is_empty() {
            self.stack_event(
                name,
                end,
                Status::DeleteFailed,
                Some(Reason::ResourcesFailed {
                    operation: Operation::Delete,
                    resources: left,
                }),
            );
            return end;
        }
        self.stack_event(name, end, Status::DeleteComplete, None);
        if let Some(mut s) = self.stacks.remove(name) {
            s.exports.clear();
            s.imports.clear();
            self.deleted.push(s);
        }
        end
    }

    /// A console change: sets (or with `None` removes) a property of a resource's actual
    /// configuration, at a path of keys and list indexes (`["Tags", "0", "Value"]`).
    pub fn console_edit(
        &mut self,
        stack: &str,
        logical_id: &str,
        path: &[&str],
        value: Option<Json>,
    ) -> Result<(), OpError> {
        let r = self.resource_mut(stack, logical_id)?;
        let Some(actual) = r.actual.as_mut() else {
            return Ok(());
        };
        edit(actual, path, value);
        Ok(())
    }

    /// A console change that deletes the resource outside CloudFormation.
    pub fn console_delete(&mut self, stack: &str, logical_id: &str) -> Result<(), OpError> {
        self.resource_mut(stack, logical_id)?.actual = None;
        Ok(())
    }

    fn resource_mut(&mut self, stack: &str, logical_id: &str) -> Result<&mut Resource, OpError> {
        self.stacks
            .get_mut(stack)
            .ok_or(OpError::NoSuchStack {
                name: stack.to_string(),
            })?
            .resources
            .get_mut(logical_id)
            .ok_or(OpError::NoSuchResource {
                stack: stack.to_string(),
                logical_id: logical_id.to_string(),
            })
    }
}

/// The pseudo type of stack-level events.
pub const STACK_TYPE: &str = "AWS::CloudFormation::Stack";

/// `DeletionPolicy` when the template sets none: `Snapshot` for `AWS::RDS::DBCluster` and for
/// an `AWS::RDS::DBInstance` without `DBClusterIdentifier` (AWS's documented exception), else
/// `Delete`.
fn default_deletion_policy(ty: &str, properties: &Json) -> Policy {
    match ty {
        "AWS::RDS::DBCluster" => Policy::Snapshot,
        "AWS::RDS::DBInstance" if properties.get("DBClusterIdentifier").is_none() => {
            Policy::Snapshot
        }
        _ => Policy::Delete,
    }
}

/// The stack's dependency edges among its resources.
fn dependencies(stack: &Stack) -> BTreeMap<String, BTreeSet<String>> {
    let entries = section(&stack.root, "Resources");
    let names: BTreeMap<String, Option<String>> = stack
        .resources
        .iter()
        .map(|(k, r)| (k.clone(), Some(r.resource_type.clone())))
        .collect();
    let mut edges = Graph::of(entries, &names).edges;
    edges.retain(|k, _| names.contains_key(k));
    for k in names.keys() {
        edges.entry(k.clone()).or_default();
    }
    edges
}

/// A nested stack's parameters, from its resource's `Parameters` property.
fn nested_parameters(properties: &Json) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(Json::Object(map)) = properties.get("Parameters") {
        for (k, v) in map {
            let text = match v {
                Json::Array(items) => items
                    .iter()
                    .filter_map(as_text)
                    .collect::<Vec<_>>()
                    .join(","),
                v => as_text(v).unwrap_or_default(),
            };
            out.insert(k.clone(), text);
        }
    }
    out
}

/// What `Fn::GetAtt` reads of a nested stack: `Outputs.<name>` and `StackId`.
fn nested_attributes(stack: &Stack) -> BTreeMap<String, Json> {
    let mut out: BTreeMap<String, Json> = stack
        .outputs
        .iter()
        .map(|(k, v)| (format!("Outputs.{k}"), v.clone()))
        .collect();
    out.insert("StackId".into(), Json::String(stack.id.clone()));
    out
}

/// Sets or removes the value at a path.
fn edit(value: &mut Json, path: &[&str], new: Option<Json>) {
    let Some((last, parents)) = path.split_last() else {
        if let Some(v) = new {
            *value = v;
        }
        return;
    };
    let mut at = value;
    for p in parents {
        let next = match at {
            Json::Object(m) => m
                .entry(p.to_string())
                .or_insert(Json::Object(Default::default())),
            Json::Array(items) => match p.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
        at = next;
    }
    match (at, new) {
        (Json::Object(m), Some(v)) => {
            m.insert(last.to_string(), v);
        }
        (Json::Object(m), None) => {
            m.remove(*last);
        }
        (Json::Array(items), Some(v)) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => items[i] = v,
            _ => items.push(v),
        },
        (Json::Array(items), None) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

trait OrEmpty {
    fn unwrap_or_default_node(self) -> Node;
}

impl OrEmpty for Option<Node> {
    fn unwrap_or_default_node(self) -> Node {
        self.unwrap_or(Node {
            pos: Default::default(),
            tag: None,
            value: crate::tree::Value::Null,
        })
    }
}
