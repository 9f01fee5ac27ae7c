//! An appspec file read into data, with its findings.
//!
//! Sources (AWS CodeDeploy User Guide, "CodeDeploy AppSpec file reference"):
//! - structure: <https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure.html>
//!   (`version` is required and "the only allowed value is 0.0"; EC2/On-Premises: `os`,
//!   `files`, `permissions`, `hooks`; Amazon ECS and AWS Lambda: `Resources`, `Hooks`);
//! - `os`: <https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-os.html>
//!   (`linux` or `windows`);
//! - `files`: <https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-files.html>
//!   (`source` and `destination` strings; `file_exists_behavior`: DISALLOW, the default,
//!   OVERWRITE or RETAIN; there is no per-file `overwrite`);
//! - `permissions`: <https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-permissions.html>
//!   (`object` required; `pattern`, `except`, `owner`, `group`, `mode`, `acls`, `context`
//!   with `user`, `type`, `range`, and `type` a list of `file` and `directory`);
//! - `resources`: <https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html>
//!   (ECS: `TargetService` of Type `AWS::ECS::Service` with `TaskDefinition`,
//!   `LoadBalancerInfo` (`ContainerName`, `ContainerPort`), `PlatformVersion`,
//!   `NetworkConfiguration.AwsvpcConfiguration` (`Subnets`, `SecurityGroups`,
//!   `AssignPublicIp` ENABLED or DISABLED) and `CapacityProviderStrategy`
//!   (`CapacityProvider`, `Base`, `Weight`); Lambda: a function of Type
//!   `AWS::Lambda::Function` with `Name`, `Alias`, `CurrentVersion`, `TargetVersion`);
//! - `hooks`: <https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html>
//!   (EC2: each event a list of scripts with `location`, `timeout` in seconds (default 3600,
//!   "3600 seconds (1 hour) is the maximum amount of time allowed for script execution for
//!   each deployment lifecycle event") and `runas`; ECS and Lambda: a list of
//!   `Event: function-name` entries).

use std::collections::BTreeMap;

use super::lifecycle::LifecycleEvent;
use super::rules::{Diagnostic, Rule};
use crate::deploy::ComputePlatform;
use crate::tree::{Node, Pos, Value};

/// The longest a script (and all scripts of one event together) may run, in seconds.
pub const MAX_EVENT_S: u32 = 3_600;

/// The instances' operating system (`os`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Linux,
    Windows,
}

/// What the Install event does with a file already at the destination that the previous
/// successful deployment did not put there (`file_exists_behavior`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FileExistsBehavior {
    /// `DISALLOW`, the default: the deployment fails.
    #[default]
    Disallow,
    /// `OVERWRITE`: the revision's file replaces it.
    Overwrite,
    /// `RETAIN`: the file on the instance is kept.
    Retain,
}

/// One `files` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMapping {
    pub source: String,
    pub destination: String,
}

/// One `permissions` entry (the fields kept as written).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Permission {
    pub object: String,
    pub pattern: Option<String>,
    pub owner: Option<String>,
    pub group: Option<String>,
    pub mode: Option<String>,
}

/// One script of an EC2/On-Premises hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// `location`, relative to the revision's root.
    pub location: String,
    /// `timeout` in seconds (3600 when left out).
    pub timeout_s: u32,
    /// `runas`.
    pub runas: Option<String>,
    pub pos: Pos,
}

/// The Amazon ECS service's properties.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EcsService {
    pub task_definition: String,
    pub container_name: String,
    pub container_port: u32,
    pub platform_version: Option<String>,
}

/// The AWS Lambda function's properties.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LambdaFunction {
    /// The resource's name in `Resources`.
    pub resource: String,
    pub name: String,
    pub alias: String,
    pub current_version: String,
    pub target_version: String,
}

/// An appspec file, as far as it could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppSpec {
    pub platform: ComputePlatform,
    pub os: Option<Os>,
    pub files: Vec<FileMapping>,
    pub file_exists_behavior: FileExistsBehavior,
    pub permissions: Vec<Permission>,
    /// EC2/On-Premises: each event's scripts, in the order written.
    pub scripts: BTreeMap<LifecycleEvent, Vec<Script>>,
    /// Amazon ECS and AWS Lambda: each event's validation function (name or ARN).
    pub functions: BTreeMap<LifecycleEvent, String>,
    pub ecs: Option<EcsService>,
    pub lambda: Option<LambdaFunction>,
}

impl AppSpec {
    /// An empty appspec of a platform (no hooks), for building revisions in code.
    pub fn empty(platform: ComputePlatform) -> AppSpec {
        AppSpec {
            platform,
            os: (platform == ComputePlatform::Server).then_some(Os::Linux),
            files: Vec::new(),
            file_exists_behavior: FileExistsBehavior::Disallow,
            permissions: Vec::new(),
            scripts: BTreeMap::new(),
            functions: BTreeMap::new(),
            ecs: None,
            lambda: None,
        }
    }
}

/// The findings and, when the platform could be told, the appspec read.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub appspec: Option<AppSpec>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == crate::tree::Severity::Error)
    }
}

/// The top-level sections of an EC2/On-Premises appspec.
const SERVER_KEYS: [&str; 6] = [
    "version",
    "os",
    "files",
    "file_exists_behavior",
    "permissions",
    "hooks",
];
/// The top-level sections of an Amazon ECS or AWS Lambda appspec (matched whatever their
/// case: the reference writes them in lower case in its structure and capitalized in its
/// examples).
const TARGET_KEYS: [&str; 3] = ["version", "Resources", "Hooks"];

struct Checker {
    out: Vec<Diagnostic>,
    /// Whether keys match whatever their case: an ECS or Lambda appspec, whose keys the
    /// reference writes in lower case (`resources`, `type`, `currentversion`) and its
    /// examples capitalized (`Resources`, `Type`, `CurrentVersion`).
    ci: bool,
}

/// The first value under `key`, matching its case or, with `ci`, any case.
fn lookup<'n>(node: &'n Node, key: &str, ci: bool) -> Option<&'n Node> {
    node.as_map()?
        .iter()
        .find(|(k, _)| k.name == key || (ci && k.name.eq_ignore_ascii_case(key)))
        .map(|(_, v)| v)
}

impl Checker {
    fn get<'n>(&self, node: &'n Node, key: &str) -> Option<&'n Node> {
        lookup(node, key, self.ci)
    }

    fn add(&mut self, pos: Pos, rule: Rule, args: &[&str]) {
        self.out.push(Diagnostic {
            pos,
            rule,
            args: args.iter().map(|a| a.to_string()).collect(),
        });
    }

    /// The entries of a mapping, reporting duplicates and unknown keys; None (and a
    /// finding) when the node is not a mapping.
    fn map<'n>(
        &mut self,
        node: &'n Node,
        at: &str,
        known: &[&str],
    ) -> Option<&'n [(crate::tree::Key, Node)]> {
        let Some(entries) = node.as_map() else {
            self.add(node.pos, Rule::Shape, &[at, "mapping", node.kind()]);
            return None;
        };
        for (i, (key, _)) in entries.iter().enumerate() {
            let same = |a: &str, b: &str| a == b || (self.ci && a.eq_ignore_ascii_case(b));
            if entries[..i].iter().any(|(k, _)| same(&k.name, &key.name)) {
                self.add(key.pos, Rule::DuplicateKey, &[&key.name]);
            } else if !known.is_empty() && !known.iter().any(|k| same(k, &key.name)) {
                let near = near(&key.name, known.iter().copied());
                self.add(key.pos, Rule::UnknownKey, &[at, &key.name, &near]);
            }
        }
        Some(entries)
    }

    /// A string (numbers count, as YAML reads `1` where a string is written).
    fn string(&mut self, node: &Node, at: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Number(_, text) => Some(text.clone()),
            _ => {
                self.add(node.pos, Rule::Shape, &[at, "string", node.kind()]);
                None
            }
        }
    }

    fn required<'n>(&mut self, map: &'n Node, field: &str, at: &str) -> Option<&'n Node> {
        let found = self.get(map, field);
        if found.is_none() {
            self.add(map.pos, Rule::Required, &[at, field]);
        }
        found
    }

    fn required_string(&mut self, map: &Node, field: &str, at: &str) -> String {
        let path = format!("{at}.{field}");
        self.required(map, field, at)
            .and_then(|n| self.string(n, &path))
            .unwrap_or_default()
    }

    fn optional_string(&mut self, map: &Node, field: &str, at: &str) -> Option<String> {
        let path = format!("{at}.{field}");
        self.get(map, field).and_then(|n| self.string(n, &path))
    }

    fn string_list(&mut self, node: &Node, at: &str) {
        match node.as_seq() {
            Some(items) => {
                for item in items {
                    self.string(item, at);
                }
            }
            None => self.add(node.pos, Rule::Shape, &[at, "list", node.kind()]),
        }
    }

    fn one_of(&mut self, node: &Node, at: &str, allowed: &[&str]) -> Option<usize> {
        let value = self.string(node, at)?;
        let found = allowed.iter().position(|a| *a == value);
        if found.is_none() {
            self.add(node.pos, Rule::Value, &[at, &value, &allowed.join("|")]);
        }
        found
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
        .filter(|(d, n)| *d <= 2.max(n.len() / 4))
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

/// Reads and checks an appspec file (YAML or JSON).
pub fn validate(text: &str) -> Report {
    let root = match crate::tree::parse(text) {
        Ok((root, _)) => root,
        Err(e) => {
            return Report {
                appspec: None,
                diagnostics: vec![Diagnostic {
                    pos: e.pos,
                    rule: Rule::Syntax,
                    args: vec![e.message],
                }],
            }
        }
    };
    let mut c = Checker {
        out: Vec::new(),
        ci: false,
    };
    let appspec = check_root(&mut c, &root);
    c.out.sort_by_key(|d| (d.pos, d.rule));
    Report {
        appspec,
        diagnostics: c.out,
    }
}

fn check_root(c: &mut Checker, root: &Node) -> Option<AppSpec> {
    if root.as_map().is_none() {
        c.add(root.pos, Rule::NotAMapping, &[root.kind()]);
        return None;
    }
    let resources = lookup(root, "Resources", true);
    let server_only = ["os", "files", "file_exists_behavior", "permissions"];
    let platform = match resources {
        Some(r) => target_platform(r),
        None if server_only.iter().any(|k| root.get(k).is_some())
            || root.get("hooks").is_some() =>
        {
            ComputePlatform::Server
        }
        None => {
            c.add(root.pos, Rule::PlatformUnknown, &[]);
            return None;
        }
    };
    let known: &[&str] = if platform == ComputePlatform::Server {
        &SERVER_KEYS
    } else {
        &TARGET_KEYS
    };
    // Unknown keys: the other platform's sections are reported as mixed, not unknown.
    c.ci = platform != ComputePlatform::Server;
    let ci = c.ci;
    let same = |a: &str, b: &str| a == b || (ci && a.eq_ignore_ascii_case(b));
    let entries = root.as_map().unwrap_or(&[]);
    for (i, (key, _)) in entries.iter().enumerate() {
        let name = key.name.as_str();
        if entries[..i].iter().any(|(k, _)| same(&k.name, name)) {
            c.add(key.pos, Rule::DuplicateKey, &[name]);
        } else if known.iter().any(|k| same(k, name)) {
        } else if ci && server_only.contains(&name) {
            c.add(
                key.pos,
                Rule::PlatformMixed,
                &[name, "Server", platform.name()],
            );
        } else {
            let near = near(name, known.iter().copied());
            c.add(key.pos, Rule::UnknownKey, &["appspec", name, &near]);
        }
    }
    match root.get("version") {
        None => c.add(root.pos, Rule::VersionMissing, &[]),
        Some(v) => {
            // The EC2/On-Premises agent compares the value read with the number 0.0, so a
            // quoted "0.0" fails there; ECS and Lambda take the string (the reference:
            // "Specify version with a string").
            let ok = match &v.value {
                Value::Number(n, _) => *n == 0.0,
                Value::Str(s) => s == "0.0" && platform != ComputePlatform::Server,
                _ => false,
            };
            if !ok {
                let shown = match &v.value {
                    Value::Number(_, t) | Value::Str(t) => t.clone(),
                    _ => v.kind().to_string(),
                };
                c.add(v.pos, Rule::Version, &[&shown]);
            }
        }
    }
    let mut spec = AppSpec::empty(platform);
    spec.os = None;
    if platform == ComputePlatform::Server {
        check_server(c, root, &mut spec);
    } else {
        if let Some(r) = resources {
            check_resources(c, r, &mut spec);
        }
        if let Some(h) = c.get(root, "Hooks") {
            check_functions(c, h, &mut spec);
        }
    }
    Some(spec)
}

/// ECS or Lambda, from the resources' Type (or, without one, `TargetService` for ECS).
fn target_platform(resources: &Node) -> ComputePlatform {
    let mut found = None;
    for_each_resource(resources, |name, body| {
        let ty = lookup(body, "Type", true).and_then(Node::as_str);
        let p = match ty {
            Some("AWS::ECS::Service") => ComputePlatform::Ecs,
            Some("AWS::Lambda::Function") => ComputePlatform::Lambda,
            _ if name == "TargetService" => ComputePlatform::Ecs,
            _ => ComputePlatform::Lambda,
        };
        found.get_or_insert(p);
    });
    found.unwrap_or(ComputePlatform::Lambda)
}

/// Calls `f` with each resource's name and body: `Resources` is a list of one-key mappings
/// (a single mapping is read the same way).
fn for_each_resource<'n>(resources: &'n Node, mut f: impl FnMut(&'n str, &'n Node)) {
    let mut one = |m: &'n Node| {
        for (k, v) in m.as_map().unwrap_or(&[]) {
            f(&k.name, v);
        }
    };
    match &resources.value {
        Value::Seq(items) => items.iter().for_each(&mut one),
        Value::Map(_) => one(resources),
        _ => {}
    }
}

fn check_server(c: &mut Checker, root: &Node, spec: &mut AppSpec) {
    match root.get("os") {
        None => c.add(root.pos, Rule::Required, &["appspec", "os"]),
        Some(os) => {
            spec.os = match c.one_of(os, "os", &["linux", "windows"]) {
                Some(0) => Some(Os::Linux),
                Some(_) => Some(Os::Windows),
                None => None,
            }
        }
    }
    if let Some(files) = root.get("files") {
        match files.as_seq() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    let at = format!("files[{i}]");
                    if let Some(k) = item.key("overwrite") {
                        // Not a field: the agent ignores it (file_exists_behavior is).
                        c.add(k.pos, Rule::FilesOverwrite, &[&at]);
                    }
                    if c.map(item, &at, &["source", "destination", "overwrite"])
                        .is_some()
                    {
                        let source = c.required_string(item, "source", &at);
                        let destination = c.required_string(item, "destination", &at);
                        spec.files.push(FileMapping {
                            source,
                            destination,
                        });
                    }
                }
            }
            None if matches!(files.value, Value::Null) => {}
            None => c.add(files.pos, Rule::Shape, &["files", "list", files.kind()]),
        }
    }
    if let Some(b) = root.get("file_exists_behavior") {
        spec.file_exists_behavior = match c.one_of(
            b,
            "file_exists_behavior",
            &["DISALLOW", "OVERWRITE", "RETAIN"],
        ) {
            Some(1) => FileExistsBehavior::Overwrite,
            Some(2) => FileExistsBehavior::Retain,
            _ => FileExistsBehavior::Disallow,
        };
    }
    if let Some(perms) = root.get("permissions") {
        if spec.os == Some(Os::Windows) && perms.as_seq().is_some_and(|p| !p.is_empty()) {
            let at = root.key("permissions").map_or(perms.pos, |k| k.pos);
            c.add(at, Rule::PermissionsWindows, &[]);
        }
        match perms.as_seq() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(p) = check_permission(c, item, &format!("permissions[{i}]")) {
                        spec.permissions.push(p);
                    }
                }
            }
            None if matches!(perms.value, Value::Null) => {}
            None => c.add(
                perms.pos,
                Rule::Shape,
                &["permissions", "list", perms.kind()],
            ),
        }
    }
    if let Some(hooks) = root.get("hooks") {
        check_scripts(c, hooks, spec);
    }
}

fn check_permission(c: &mut Checker, item: &Node, at: &str) -> Option<Permission> {
    const KEYS: [&str; 9] = [
        "object", "pattern", "except", "owner", "group", "mode", "acls", "context", "type",
    ];
    c.map(item, at, &KEYS)?;
    let object = c.required_string(item, "object", at);
    let pattern = c.optional_string(item, "pattern", at);
    let owner = c.optional_string(item, "owner", at);
    let group = c.optional_string(item, "group", at);
    let mode = c.optional_string(item, "mode", at);
    if let (Some(m), Some(node)) = (&mode, item.get("mode")) {
        // The agent pads a mode to three digits and takes one to four octal digits.
        let octal = (1..=4).contains(&m.len()) && m.chars().all(|ch| ('0'..='7').contains(&ch));
        if !octal {
            c.add(
                node.pos,
                Rule::Value,
                &[&format!("{at}.mode"), m, "000-7777"],
            );
        }
    }
    for list in ["except", "acls"] {
        if let Some(n) = item.get(list) {
            c.string_list(n, &format!("{at}.{list}"));
        }
    }
    if let Some(ctx) = item.get("context") {
        let cat = format!("{at}.context");
        if c.map(ctx, &cat, &["user", "type", "range"]).is_some() {
            for k in ["user", "type", "range"] {
                c.optional_string(ctx, k, &cat);
            }
        }
    }
    if let Some(types) = item.get("type") {
        let tat = format!("{at}.type");
        match types.as_seq() {
            Some(items) => {
                for t in items {
                    c.one_of(t, &tat, &["file", "directory"]);
                }
            }
            None => c.add(types.pos, Rule::Shape, &[&tat, "list", types.kind()]),
        }
    }
    Some(Permission {
        object,
        pattern,
        owner,
        group,
        mode,
    })
}

/// Checks a hook's event name for the file's platform; the event when it may be hooked.
fn hook_event(
    c: &mut Checker,
    name: &str,
    pos: Pos,
    platform: ComputePlatform,
) -> Option<LifecycleEvent> {
    let Some(event) = LifecycleEvent::parse(name) else {
        let all = LifecycleEvent::hookable(platform).iter().map(|e| e.name());
        let near = near(name, all);
        c.add(pos, Rule::HookUnknown, &[name, &near]);
        return None;
    };
    if event.reserved() {
        c.add(pos, Rule::HookReserved, &[event.name()]);
        return None;
    }
    if !LifecycleEvent::hookable(platform).contains(&event) {
        let others: Vec<&str> = [
            ComputePlatform::Server,
            ComputePlatform::Ecs,
            ComputePlatform::Lambda,
        ]
        .into_iter()
        .filter(|p| LifecycleEvent::hookable(*p).contains(&event))
        .map(ComputePlatform::name)
        .collect();
        c.add(
            pos,
            Rule::HookPlatform,
            &[event.name(), platform.name(), &others.join("|")],
        );
        return None;
    }
    Some(event)
}

fn check_scripts(c: &mut Checker, hooks: &Node, spec: &mut AppSpec) {
    if matches!(hooks.value, Value::Null) {
        return;
    }
    let Some(entries) = c.map(hooks, "hooks", &[]) else {
        return;
    };
    for (key, list) in entries {
        let event = hook_event(c, &key.name, key.pos, ComputePlatform::Server);
        let at = format!("hooks.{}", key.name);
        let items = match &list.value {
            Value::Seq(items) => items.as_slice(),
            Value::Null => &[],
            _ => {
                c.add(list.pos, Rule::Shape, &[&at, "list", list.kind()]);
                continue;
            }
        };
        let mut scripts = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let sat = format!("{at}[{i}]");
            // `sudo` is undocumented but read by the agent.
            if c.map(item, &sat, &["location", "timeout", "runas", "sudo"])
                .is_none()
            {
                continue;
            }
            let location = c.required_string(item, "location", &sat);
            let runas = c.optional_string(item, "runas", &sat);
            let mut timeout_s = MAX_EVENT_S;
            if let Some(t) = item.get("timeout") {
                let ok = match &t.value {
                    Value::Number(n, _) => {
                        (n.fract() == 0.0 && *n >= 1.0 && *n <= MAX_EVENT_S as f64)
                            .then_some(*n as u32)
                    }
                    Value::Str(s) => s
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=MAX_EVENT_S).contains(n)),
                    _ => None,
                };
                match ok {
                    Some(n) => timeout_s = n,
                    None => {
                        let shown = match &t.value {
                            Value::Number(_, s) | Value::Str(s) => s.clone(),
                            _ => t.kind().to_string(),
                        };
                        c.add(t.pos, Rule::Timeout, &[&key.name, &shown]);
                    }
                }
            }
            scripts.push(Script {
                location,
                timeout_s,
                runas,
                pos: item.pos,
            });
        }
        // Only timeouts written out count: a script without one may finish at once.
        let explicit: u64 = items
            .iter()
            .filter_map(|i| i.get("timeout"))
            .filter_map(|t| match &t.value {
                Value::Number(n, _) if *n >= 1.0 && *n <= f64::from(MAX_EVENT_S) => Some(*n as u64),
                Value::Str(s) => s
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n <= u64::from(MAX_EVENT_S)),
                _ => None,
            })
            .sum();
        if explicit > u64::from(MAX_EVENT_S) {
            c.add(
                key.pos,
                Rule::EventTimeout,
                &[&key.name, &explicit.to_string()],
            );
        }
        if let Some(event) = event {
            spec.scripts.entry(event).or_default().extend(scripts);
        }
    }
}

fn check_functions(c: &mut Checker, hooks: &Node, spec: &mut AppSpec) {
    let mut one = |c: &mut Checker, m: &Node| {
        let Some(entries) = c.map(m, "Hooks", &[]) else {
            return;
        };
        for (key, value) in entries {
            let Some(event) = hook_event(c, &key.name, key.pos, spec.platform) else {
                continue;
            };
            let Some(function) = c.string(value, &format!("Hooks.{}", key.name)) else {
                continue;
            };
            match spec.functions.entry(event) {
                std::collections::btree_map::Entry::Occupied(_) => {
                    c.add(key.pos, Rule::HookDuplicate, &[event.name()]);
                }
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(function);
                }
            }
        }
    };
    match &hooks.value {
        Value::Seq(items) => {
            for item in items {
                one(c, item);
            }
        }
        Value::Map(_) => one(c, hooks),
        Value::Null => {}
        _ => c.add(hooks.pos, Rule::Shape, &["Hooks", "list", hooks.kind()]),
    }
}

fn check_resources(c: &mut Checker, resources: &Node, spec: &mut AppSpec) {
    match &resources.value {
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                c.map(item, &format!("Resources[{i}]"), &[]);
            }
        }
        Value::Map(_) => {}
        _ => {
            c.add(
                resources.pos,
                Rule::Shape,
                &["Resources", "list", resources.kind()],
            );
            return;
        }
    }
    let mut count = 0usize;
    let mut list = Vec::new();
    for_each_resource(resources, |name, body| list.push((name, body)));
    for (name, body) in list {
        count += 1;
        if count > 1 {
            continue;
        }
        let at = name.to_string();
        if c.map(body, &at, &["Type", "Properties"]).is_none() {
            continue;
        }
        let expected = match spec.platform {
            ComputePlatform::Ecs => "AWS::ECS::Service",
            _ => "AWS::Lambda::Function",
        };
        if let Some(ty) = c
            .required(body, "Type", &at)
            .and_then(|t| c.string(t, &format!("{at}.Type")))
        {
            if ty != expected {
                if let Some(t) = c.get(body, "Type") {
                    c.add(t.pos, Rule::ResourceType, &[name, &ty, expected]);
                }
            }
        }
        let Some(props) = c.required(body, "Properties", &at) else {
            continue;
        };
        let pat = format!("{at}.Properties");
        if spec.platform == ComputePlatform::Ecs {
            spec.ecs = check_ecs(c, props, &pat);
        } else {
            spec.lambda = check_lambda(c, props, &pat, name);
        }
    }
    if count != 1 {
        c.add(resources.pos, Rule::ResourceCount, &[&count.to_string()]);
    }
}

fn check_ecs(c: &mut Checker, props: &Node, at: &str) -> Option<EcsService> {
    const KEYS: [&str; 5] = [
        "TaskDefinition",
        "LoadBalancerInfo",
        "PlatformVersion",
        "NetworkConfiguration",
        "CapacityProviderStrategy",
    ];
    c.map(props, at, &KEYS)?;
    let mut s = EcsService {
        task_definition: c.required_string(props, "TaskDefinition", at),
        platform_version: c.optional_string(props, "PlatformVersion", at),
        ..EcsService::default()
    };
    if let Some(lb) = c.required(props, "LoadBalancerInfo", at) {
        let lat = format!("{at}.LoadBalancerInfo");
        if c.map(lb, &lat, &["ContainerName", "ContainerPort"])
            .is_some()
        {
            s.container_name = c.required_string(lb, "ContainerName", &lat);
            if let Some(port) = c.required(lb, "ContainerPort", &lat) {
                let pat = format!("{lat}.ContainerPort");
                let n = match &port.value {
                    // A fraction or an out-of-range number (even one too large for f64) is a value error.
                    Value::Number(n, _) if !n.is_finite() || n.fract() != 0.0 => Some(-1.0),
                    Value::Number(n, _) => Some(*n),
                    Value::Str(t) => t.parse::<u32>().ok().map(f64::from),
                    _ => None,
                };
                match n {
                    Some(n) if (1.0..=65_535.0).contains(&n) => s.container_port = n as u32,
                    Some(_) => {
                        let shown = match &port.value {
                            Value::Number(_, t) | Value::Str(t) => t.clone(),
                            _ => String::new(),
                        };
                        c.add(port.pos, Rule::Value, &[&pat, &shown, "1-65535"]);
                    }
                    None => c.add(port.pos, Rule::Shape, &[&pat, "number", port.kind()]),
                }
            }
        }
    }
    if let Some(net) = c.get(props, "NetworkConfiguration") {
        let nat = format!("{at}.NetworkConfiguration");
        if c.map(net, &nat, &["AwsvpcConfiguration"]).is_some() {
            if let Some(vpc) = c.required(net, "AwsvpcConfiguration", &nat) {
                let vat = format!("{nat}.AwsvpcConfiguration");
                if c.map(vpc, &vat, &["Subnets", "SecurityGroups", "AssignPublicIp"])
                    .is_some()
                {
                    if let Some(sn) = c.required(vpc, "Subnets", &vat) {
                        c.string_list(sn, &format!("{vat}.Subnets"));
                    }
                    if let Some(sg) = c.get(vpc, "SecurityGroups") {
                        c.string_list(sg, &format!("{vat}.SecurityGroups"));
                    }
                    if let Some(ip) = c.get(vpc, "AssignPublicIp") {
                        c.one_of(
                            ip,
                            &format!("{vat}.AssignPublicIp"),
                            &["ENABLED", "DISABLED"],
                        );
                    }
                }
            }
        }
    }
    if let Some(cps) = c.get(props, "CapacityProviderStrategy") {
        let cat = format!("{at}.CapacityProviderStrategy");
        match cps.as_seq() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    let iat = format!("{cat}[{i}]");
                    if c.map(item, &iat, &["CapacityProvider", "Base", "Weight"])
                        .is_some()
                    {
                        c.required_string(item, "CapacityProvider", &iat);
                        for k in ["Base", "Weight"] {
                            if let Some(n) = c.get(item, k) {
                                if !matches!(n.value, Value::Number(..)) {
                                    c.add(
                                        n.pos,
                                        Rule::Shape,
                                        &[&format!("{iat}.{k}"), "number", n.kind()],
                                    );
                                }
                            }
                        }
                    }
                }
            }
            None => c.add(cps.pos, Rule::Shape, &[&cat, "list", cps.kind()]),
        }
    }
    Some(s)
}

fn check_lambda(c: &mut Checker, props: &Node, at: &str, resource: &str) -> Option<LambdaFunction> {
    c.map(
        props,
        at,
        &["Name", "Alias", "CurrentVersion", "TargetVersion"],
    )?;
    let name = c.required_string(props, "Name", at);
    let alias = c.required_string(props, "Alias", at);
    let version = |c: &mut Checker, field: &str| {
        let text = c.required_string(props, field, at);
        // "This value must be a valid positive integer."
        let positive = text.parse::<u64>().is_ok_and(|n| n > 0);
        if let (false, Some(node)) = (positive, c.get(props, field)) {
            if node.as_str().is_some() {
                c.add(
                    node.pos,
                    Rule::LambdaVersion,
                    &[&format!("{at}.{field}"), &text],
                );
            }
        }
        text
    };
    let current_version = version(c, "CurrentVersion");
    let target_version = version(c, "TargetVersion");
    Some(LambdaFunction {
        resource: resource.to_string(),
        name,
        alias,
        current_version,
        target_version,
    })
}
