//! CloudFormation's views as [`Panel`] blocks, built in the parsers worker (feature `cfn`)
//! and drawn by the app: a stack's status, its events, resources and outputs, a change set's
//! preview, a drift report and the tree of nested stacks, each laid out as the console lays
//! it out, in English or Vietnamese. Statuses keep the API's names (`CREATE_COMPLETE`…) in
//! every language, as AWS's reasons keep AWS's words ([`crate::cfn::reason`]). Also the
//! template in the other format ([`convert`]) and the sandbox's whole panel ([`script_panel`]).
use engine::cfn::stack::{
    Action, ChangeSet, ChangeSource, Cloud, DriftReport, Event, Replacement, RequiresRecreation,
    ResourceDriftStatus, Stack, StackDriftStatus, Status,
};
use engine::cfn::{Json, Key, Node, Value};

use crate::cfn_script::{Done, Op};
use crate::lang::{Lang, T};
use crate::panel::{Block, Cell, Choices, Panel, Tone, TreeItem};

/// The colour the console gives a status: red failed or rolled back, blue in progress, green
/// complete, orange a rolled-back update (the stack works, the update did not happen) or a
/// resource kept.
pub fn tone(status: Status) -> Tone {
    let name = status.name();
    if status == Status::UpdateRollbackComplete || status == Status::DeleteSkipped {
        Tone::Warn
    } else if name.contains("FAILED") || name.contains("ROLLBACK") {
        Tone::Bad
    } else if name.ends_with("IN_PROGRESS") {
        Tone::Busy
    } else if name.ends_with("COMPLETE") {
        Tone::Good
    } else {
        Tone::Plain
    }
}

fn status_cell(status: Status) -> Cell {
    Cell::new(status.name(), tone(status))
}

/// Simulated seconds since the start, as `m:ss` (`h:mm:ss` past an hour).
pub fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A value as the console prints it: scalars bare, the rest as compact JSON.
fn json(value: Option<&Json>) -> String {
    match value {
        None => "—".into(),
        Some(Json::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// "Stack app is CREATE_COMPLETE", and why when there is a reason.
pub fn stack_status(stack: &Stack, lang: Lang) -> Block {
    let mut text = t!(
        "Stack {stack} is {status}",
        "Stack {stack} đang ở trạng thái {status}"
    )
    .fill(
        lang,
        &[("stack", &stack.name), ("status", &stack.status.name())],
    );
    if let Some(reason) = &stack.status_reason {
        let reason = crate::cfn::reason(reason, lang);
        if !reason.is_empty() {
            text = format!("{text}: {reason}");
        }
    }
    Block::Note {
        tone: tone(stack.status),
        text,
    }
}

/// The events, newest first, with the console's columns.
pub fn events(events: &[Event], lang: Lang) -> Block {
    let mut sorted = events.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse((e.time, e.seq)));
    let rows = sorted
        .iter()
        .map(|e| {
            vec![
                Cell::plain(clock(e.time)),
                Cell::plain(&e.logical_id),
                Cell::plain(&e.physical_id),
                Cell::plain(&e.resource_type),
                status_cell(e.status),
                Cell::plain(
                    e.reason
                        .as_ref()
                        .map(|r| crate::cfn::reason(r, lang))
                        .unwrap_or_default(),
                ),
            ]
        })
        .collect();
    Block::Table {
        caption: t!("Events (newest first)", "Events (mới nhất trước)")
            .get(lang)
            .into(),
        head: vec![
            t!("Timestamp", "Thời điểm").get(lang).into(),
            "Logical ID".into(),
            "Physical ID".into(),
            t!("Type", "Loại").get(lang).into(),
            t!("Status", "Trạng thái").get(lang).into(),
            t!("Status reason", "Lý do trạng thái").get(lang).into(),
        ],
        rows,
    }
}

/// The stack's resources and their statuses.
pub fn resources(stack: &Stack, lang: Lang) -> Block {
    let rows = stack
        .resources
        .values()
        .map(|r| {
            vec![
                Cell::plain(&r.logical_id),
                Cell::plain(&r.physical_id),
                Cell::plain(&r.resource_type),
                status_cell(r.status),
            ]
        })
        .collect();
    Block::Table {
        caption: "Resources".into(),
        head: vec![
            "Logical ID".into(),
            "Physical ID".into(),
            t!("Type", "Loại").get(lang).into(),
            t!("Status", "Trạng thái").get(lang).into(),
        ],
        rows,
    }
}

/// The stack's outputs.
pub fn outputs(stack: &Stack, lang: Lang) -> Block {
    let rows = stack
        .outputs
        .iter()
        .map(|(k, v)| vec![Cell::plain(k), Cell::plain(json(Some(v)))])
        .collect();
    Block::Table {
        caption: "Outputs".into(),
        head: vec![
            t!("Key", "Khóa").get(lang).into(),
            t!("Value", "Giá trị").get(lang).into(),
        ],
        rows,
    }
}

/// A change set's preview: a row per resource change (Action, Logical ID, Physical ID,
/// Resource type, Replacement), then a row per property detail.
pub fn change_set(cs: &ChangeSet, lang: Lang) -> Block {
    let mut rows = Vec::new();
    for c in &cs.changes {
        let action = match c.action {
            Action::Add => Cell::new("Add", Tone::Good),
            Action::Remove => Cell::new("Remove", Tone::Bad),
            Action::Modify => Cell::plain("Modify"),
            Action::Import => Cell::plain("Import"),
            Action::Dynamic => Cell::plain("Dynamic"),
        };
        let replacement = match c.replacement {
            Some(Replacement::True) => Cell::new("True", Tone::Warn),
            Some(Replacement::Conditional) => Cell::new("Conditional", Tone::Warn),
            Some(Replacement::False) => Cell::plain("False"),
            None => Cell::plain("—"),
        };
        rows.push(vec![
            action,
            Cell::plain(&c.logical_id),
            Cell::plain(c.physical_id.as_deref().unwrap_or("—")),
            Cell::plain(&c.resource_type),
            replacement,
            Cell::plain(""),
            Cell::plain(""),
            Cell::plain(""),
            Cell::plain(""),
        ]);
        for d in &c.details {
            let t = &d.target;
            let recreation = match t.requires_recreation {
                Some(RequiresRecreation::Always) => Cell::new("Always", Tone::Warn),
                Some(RequiresRecreation::Conditionally) => Cell::new("Conditionally", Tone::Warn),
                Some(RequiresRecreation::Never) => Cell::plain("Never"),
                None => Cell::plain("—"),
            };
            let source = match d.change_source {
                ChangeSource::ResourceReference => "ResourceReference",
                ChangeSource::ParameterReference => "ParameterReference",
                ChangeSource::ResourceAttribute => "ResourceAttribute",
                ChangeSource::DirectModification => "DirectModification",
                ChangeSource::Automatic => "Automatic",
            };
            let source = match &d.causing_entity {
                Some(e) => format!("{source} ({e})"),
                None => source.to_string(),
            };
            let change = format!(
                "{} → {}",
                json(t.before_value.as_ref()),
                json(t.after_value.as_ref())
            );
            rows.push(vec![
                Cell::plain(""),
                Cell::plain(&c.logical_id),
                Cell::plain(""),
                Cell::plain(""),
                Cell::plain(""),
                Cell::plain(t.attribute.name()),
                Cell::plain(t.name.clone().unwrap_or_else(|| t.path.clone())),
                recreation,
                Cell::plain(format!("{source}: {change}")),
            ]);
        }
    }
    Block::Table {
        caption: t!(
            "Change set {name}: {n} change(s)",
            "Change set {name}: {n} thay đổi"
        )
        .fill(lang, &[("name", &cs.name), ("n", &cs.changes.len())]),
        head: vec![
            t!("Action", "Hành động").get(lang).into(),
            "Logical ID".into(),
            "Physical ID".into(),
            t!("Resource type", "Loại resource").get(lang).into(),
            "Replacement".into(),
            "Scope".into(),
            "Property".into(),
            "RequiresRecreation".into(),
            "ChangeSource".into(),
        ],
        rows,
    }
}

fn drift_tone(status: ResourceDriftStatus) -> Tone {
    match status {
        ResourceDriftStatus::InSync => Tone::Good,
        ResourceDriftStatus::Modified | ResourceDriftStatus::Deleted => Tone::Warn,
        ResourceDriftStatus::NotChecked => Tone::Plain,
    }
}

/// A drift report: the stack's status, each resource's, and every difference (expected,
/// actual, ADD / REMOVE / NOT_EQUAL).
pub fn drift(report: &DriftReport, lang: Lang) -> Vec<Block> {
    let tone = match report.status {
        StackDriftStatus::Drifted => Tone::Warn,
        StackDriftStatus::InSync => Tone::Good,
    };
    let mut blocks = vec![Block::Note {
        tone,
        text: t!(
            "Drift status of stack {stack}: {status} (detected at {time})",
            "Trạng thái drift của stack {stack}: {status} (phát hiện lúc {time})"
        )
        .fill(
            lang,
            &[
                ("stack", &report.stack),
                ("status", &report.status.name()),
                ("time", &clock(report.time)),
            ],
        ),
    }];
    let rows = report
        .resources
        .iter()
        .map(|r| {
            vec![
                Cell::plain(&r.logical_id),
                Cell::plain(&r.physical_id),
                Cell::plain(&r.resource_type),
                Cell::new(r.status.name(), drift_tone(r.status)),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        caption: t!("Resource drift status", "Trạng thái drift của resource")
            .get(lang)
            .into(),
        head: vec![
            "Logical ID".into(),
            "Physical ID".into(),
            t!("Type", "Loại").get(lang).into(),
            t!("Drift status", "Trạng thái drift").get(lang).into(),
        ],
        rows,
    });
    let differences: Vec<Vec<Cell>> = report
        .resources
        .iter()
        .flat_map(|r| {
            r.differences.iter().map(|d| {
                vec![
                    Cell::plain(&r.logical_id),
                    Cell::plain(&d.property_path),
                    Cell::plain(json(d.expected_value.as_ref())),
                    Cell::plain(json(d.actual_value.as_ref())),
                    Cell::new(d.difference_type.name(), Tone::Warn),
                ]
            })
        })
        .collect();
    if !differences.is_empty() {
        blocks.push(Block::Table {
            caption: t!("Differences", "Khác biệt").get(lang).into(),
            head: vec![
                "Logical ID".into(),
                "Property".into(),
                t!("Expected value", "Giá trị mong đợi").get(lang).into(),
                t!("Current value", "Giá trị hiện tại").get(lang).into(),
                t!("Difference type", "Loại khác biệt").get(lang).into(),
            ],
            rows: differences,
        });
    }
    blocks
}

/// A stack, live or deleted (the last of that name).
fn find<'c>(cloud: &'c Cloud, name: &str) -> Option<&'c Stack> {
    cloud
        .stack(name)
        .or_else(|| cloud.deleted.iter().rev().find(|s| s.name == name))
}

/// The tree of nested stacks under `root`, with their statuses.
pub fn nested(cloud: &Cloud, root: &str, lang: Lang) -> Block {
    fn walk(
        cloud: &Cloud,
        name: &str,
        logical: Option<&str>,
        depth: u8,
        items: &mut Vec<TreeItem>,
    ) {
        let Some(stack) = find(cloud, name) else {
            return;
        };
        let text = match logical {
            Some(l) => format!("{l} ({name}): {}", stack.status.name()),
            None => format!("{name}: {}", stack.status.name()),
        };
        items.push(TreeItem {
            depth,
            text,
            tone: tone(stack.status),
        });
        for r in stack.resources.values() {
            if let Some(child) = &r.nested {
                if depth < 20 {
                    walk(cloud, child, Some(&r.logical_id), depth + 1, items);
                }
            }
        }
    }
    let mut items = Vec::new();
    walk(cloud, root, None, 0, &mut items);
    Block::Tree {
        label: t!("Nested stacks of {stack}", "Các nested stack của {stack}")
            .fill(lang, &[("stack", &root)]),
        items,
    }
}

/// The sandbox's panel after a script: the last operation's outcome (a refusal, a change
/// set's preview, a drift report), then the last stack's status, events, resources, outputs
/// and nested stacks. Its choices: `resources` (the stack's logical IDs) and `edit`
/// (`Logical/Path/To/Value` for each value a console change can edit).
pub fn script_panel(cloud: &Cloud, ops: &[Op], done: &[Done], lang: Lang) -> Panel {
    let mut panel = Panel::default();
    let blocks = &mut panel.blocks;
    match done.last() {
        Some(Done::Refused(e)) => blocks.push(Block::Note {
            tone: Tone::Bad,
            text: crate::cfn::op_error(e, lang),
        }),
        Some(Done::BadValue(v)) => blocks.push(Block::Note {
            tone: Tone::Bad,
            text: t!(
                "\"{value}\" is not a JSON value",
                "\"{value}\" không phải là một giá trị JSON"
            )
            .fill(lang, &[("value", v)]),
        }),
        Some(Done::NoChangeSet) => blocks.push(Block::Note {
            tone: Tone::Bad,
            text: t!(
                "No change set to execute: create one first",
                "Không có change set nào để thực thi: hãy tạo change set trước"
            )
            .get(lang)
            .into(),
        }),
        Some(Done::ChangeSet(cs)) => {
            blocks.push(Block::Heading(
                t!("Change set preview", "Xem trước change set")
                    .get(lang)
                    .into(),
            ));
            blocks.push(change_set(cs, lang));
        }
        Some(Done::Drift(report)) => {
            blocks.push(Block::Heading(
                t!("Drift detection", "Phát hiện drift").get(lang).into(),
            ));
            blocks.extend(drift(report, lang));
        }
        _ => {}
    }
    let Some(stack) = ops
        .iter()
        .rev()
        .find_map(Op::stack)
        .and_then(|name| find(cloud, name))
    else {
        return panel;
    };
    let blocks = &mut panel.blocks;
    blocks.push(Block::Heading(format!("Stack {}", stack.name)));
    blocks.push(stack_status(stack, lang));
    if stack.resources.values().any(|r| r.nested.is_some()) {
        blocks.push(nested(cloud, &stack.name, lang));
    }
    blocks.push(events(&stack.events(), lang));
    blocks.push(resources(stack, lang));
    if !stack.outputs.is_empty() {
        blocks.push(outputs(stack, lang));
    }
    if cloud.stack(&stack.name).is_some() {
        let mut edits = Vec::new();
        for r in stack.resources.values() {
            if let Some(actual) = &r.actual {
                leaves(actual, &r.logical_id, &mut edits);
            }
        }
        edits.truncate(200);
        panel.choices = vec![
            Choices {
                name: "resources".into(),
                options: stack.resources.keys().cloned().collect(),
            },
            Choices {
                name: "edit".into(),
                options: edits,
            },
        ];
    }
    panel
}

/// Every scalar's path under `prefix` (`Queue/Tags/0/Value`).
fn leaves(value: &Json, prefix: &str, out: &mut Vec<String>) {
    match value {
        Json::Object(map) => {
            for (k, v) in map {
                leaves(v, &format!("{prefix}/{k}"), out);
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, &format!("{prefix}/{i}"), out);
            }
        }
        _ => out.push(prefix.to_string()),
    }
}

/// The template in the other format: YAML with short-form tags becomes JSON with the long
/// forms (`!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`), JSON becomes YAML with the short
/// forms; keys keep their order. Comments are lost, so the page shows it beside the editor
/// instead of replacing the learner's text. No text, an empty panel.
pub fn convert(text: &str, lang: Lang) -> Panel {
    if text.is_empty() {
        return Panel::default();
    }
    let block = match engine::cfn::parse(text) {
        Ok((node, engine::cfn::Format::Yaml)) => {
            let mut out = String::new();
            write_json(&long_form(&node), 0, &mut out);
            out.push('\n');
            Block::Code {
                label: t!("The template as JSON", "Template dạng JSON")
                    .get(lang)
                    .into(),
                text: out,
            }
        }
        Ok((node, engine::cfn::Format::Json)) => {
            let mut out = String::new();
            write_yaml_top(&short_form(&node), &mut out);
            Block::Code {
                label: t!("The template as YAML", "Template dạng YAML")
                    .get(lang)
                    .into(),
                text: out,
            }
        }
        Err(e) => Block::Note {
            tone: Tone::Bad,
            text: t!(
                "Not converted: line {line}, column {column}: {message}",
                "Không chuyển đổi được: dòng {line}, cột {column}: {message}"
            )
            .fill(
                lang,
                &[
                    ("line", &e.pos.line),
                    ("column", &e.pos.col),
                    ("message", &e.message),
                ],
            ),
        },
    };
    Panel {
        blocks: vec![block],
        ..Panel::default()
    }
}

fn node(value: Value) -> Node {
    Node {
        pos: Default::default(),
        tag: None,
        value,
    }
}

fn key(name: &str) -> Key {
    Key {
        name: name.into(),
        pos: Default::default(),
    }
}

/// Tags become long forms: `!Ref X` → `{Ref: X}`, `!Sub s` → `{Fn::Sub: s}`, `!GetAtt A.B`
/// → `{Fn::GetAtt: [A, B]}`.
fn long_form(n: &Node) -> Node {
    let value = match &n.value {
        Value::Seq(items) => Value::Seq(items.iter().map(long_form).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), long_form(v)))
                .collect(),
        ),
        other => other.clone(),
    };
    let Some(tag) = &n.tag else {
        return node(value);
    };
    let name = match tag.as_str() {
        "Ref" | "Condition" => tag.clone(),
        t => format!("Fn::{t}"),
    };
    let value = match (tag.as_str(), value) {
        ("GetAtt", Value::Str(s)) => match s.split_once('.') {
            Some((a, b)) => {
                Value::Seq(vec![node(Value::Str(a.into())), node(Value::Str(b.into()))])
            }
            None => Value::Str(s),
        },
        (_, v) => v,
    };
    node(Value::Map(vec![(key(&name), node(value))]))
}

/// Long forms become tags (a one-key mapping `Ref`, `Condition` or `Fn::…`).
fn short_form(n: &Node) -> Node {
    match &n.value {
        Value::Seq(items) => node(Value::Seq(items.iter().map(short_form).collect())),
        Value::Map(entries) => {
            if let [(k, v)] = &entries[..] {
                let tag = match k.name.as_str() {
                    "Ref" | "Condition" => Some(k.name.clone()),
                    name => name.strip_prefix("Fn::").map(str::to_string),
                };
                if let Some(tag) = tag.filter(|t| !t.is_empty() && t != "ForEach") {
                    let mut inner = short_form(v);
                    if tag == "GetAtt" {
                        if let Value::Seq(items) = &inner.value {
                            if let [a, b] = &items[..] {
                                if let (Some(a), Some(b)) = (a.as_str(), b.as_str()) {
                                    inner = node(Value::Str(format!("{a}.{b}")));
                                }
                            }
                        }
                    }
                    if inner.tag.is_none() {
                        inner.tag = Some(tag);
                        return inner;
                    }
                }
            }
            node(Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), short_form(v)))
                    .collect(),
            ))
        }
        other => node(other.clone()),
    }
}

fn quoted(s: &str) -> String {
    Json::String(s.to_string()).to_string()
}

fn number(text: &str, value: f64) -> String {
    if serde_json::from_str::<f64>(text).is_ok() && !text.starts_with('+') {
        text.to_string()
    } else if value.is_finite() {
        value.to_string()
    } else {
        "null".into()
    }
}

fn write_json(n: &Node, indent: usize, out: &mut String) {
    let pad = |d: usize| "  ".repeat(d);
    match &n.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(v, text) => out.push_str(&number(text, *v)),
        Value::Str(s) => out.push_str(&quoted(s)),
        Value::Seq(items) if items.is_empty() => out.push_str("[]"),
        Value::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Value::Seq(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                write_json(item, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Value::Map(entries) => {
            out.push_str("{\n");
            for (i, (k, v)) in entries.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                out.push_str(&quoted(&k.name));
                out.push_str(": ");
                write_json(v, indent + 1, out);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
    }
}

/// A string as a YAML plain scalar when it reads back as the same string, else quoted.
fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with([
            '!', '&', '*', '-', '?', ':', ',', '[', ']', '{', '}', '#', '|', '>', '@', '`', '"',
            '\'', '%',
        ])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(char::is_control)
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && s.parse::<f64>().is_err()
        && !s.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if plain {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn write_yaml_top(n: &Node, out: &mut String) {
    match &n.value {
        Value::Map(entries) if !entries.is_empty() && n.tag.is_none() => {
            write_yaml_entries(entries, 0, out)
        }
        _ => {
            write_yaml_value(n, 0, out);
            out.push('\n');
        }
    }
}

fn write_yaml_entries(entries: &[(Key, Node)], indent: usize, out: &mut String) {
    for (k, v) in entries {
        out.push_str(&"  ".repeat(indent));
        out.push_str(&yaml_string(&k.name));
        out.push(':');
        write_yaml_value(v, indent + 1, out);
        out.push('\n');
    }
}

/// A value after `key:` or `-` (it writes its own leading space or line break).
fn write_yaml_value(n: &Node, indent: usize, out: &mut String) {
    if let Some(tag) = &n.tag {
        out.push_str(" !");
        out.push_str(tag);
    }
    match &n.value {
        Value::Null => out.push_str(" null"),
        Value::Bool(b) => out.push_str(if *b { " true" } else { " false" }),
        Value::Number(v, text) => {
            out.push(' ');
            out.push_str(&number(text, *v));
        }
        Value::Str(s) if s.contains('\n') && !s.chars().any(|c| c.is_control() && c != '\n') => {
            let body = s.strip_suffix('\n').unwrap_or(s);
            out.push_str(if s.ends_with('\n') { " |" } else { " |-" });
            if body.starts_with(' ') || body.ends_with('\n') {
                // Leading spaces or trailing blank lines need an explicit indent: quote instead.
                out.truncate(out.len() - if s.ends_with('\n') { 2 } else { 3 });
                out.push(' ');
                out.push_str(&quoted(s));
                return;
            }
            for line in body.split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&"  ".repeat(indent));
                    out.push_str(line);
                }
            }
        }
        Value::Str(s) => {
            out.push(' ');
            out.push_str(&yaml_string(s));
        }
        Value::Seq(items) if items.is_empty() => out.push_str(" []"),
        Value::Map(entries) if entries.is_empty() => out.push_str(" {}"),
        Value::Seq(items) => {
            for item in items {
                out.push('\n');
                out.push_str(&"  ".repeat(indent));
                out.push('-');
                match &item.value {
                    Value::Map(entries) if !entries.is_empty() && item.tag.is_none() => {
                        // `- Key: value` then the other keys under it.
                        let mut inner = String::new();
                        write_yaml_entries(entries, indent + 1, &mut inner);
                        out.push(' ');
                        out.push_str(inner.trim_start().trim_end_matches('\n'));
                    }
                    _ => write_yaml_value(item, indent + 1, out),
                }
            }
        }
        Value::Map(entries) => {
            out.push('\n');
            let mut inner = String::new();
            write_yaml_entries(entries, indent, &mut inner);
            out.push_str(inner.trim_end_matches('\n'));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn_script::{run, Phase};
    use engine::cfn::{Schemas, SCHEMAS_JSON};

    const TEMPLATE: &str = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: team-logs\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\nOutputs:\n  QueueUrl:\n    Value: !Ref Queue\n";

    fn create() -> Op {
        Op::Create {
            stack: "app".into(),
            template: TEMPLATE.into(),
            parameters: vec![],
            disable_rollback: false,
        }
    }

    fn table_rows(block: &Block) -> &Vec<Vec<Cell>> {
        match block {
            Block::Table { rows, .. } => rows,
            other => panic!("{other:?}"),
        }
    }

    fn panel(ops: &[Op], lang: Lang) -> Panel {
        let schemas = Schemas::from_json(SCHEMAS_JSON).unwrap();
        let (cloud, done) = run(&schemas, ops);
        script_panel(&cloud, ops, &done, lang)
    }

    fn tables(panel: &Panel) -> Vec<&Block> {
        panel
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Table { .. }))
            .collect()
    }

    #[test]
    fn a_failed_create_has_a_bad_cell_and_rolls_back() {
        let ops = vec![
            Op::Fail {
                stack: "app".into(),
                resource: "Queue".into(),
                operation: Phase::Create,
            },
            create(),
        ];
        let p = panel(&ops, Lang::En);
        assert!(
            matches!(
                &p.blocks[1],
                Block::Note { tone: Tone::Bad, text } if text == "Stack app is ROLLBACK_COMPLETE"
            ),
            "{:?}",
            p.blocks[1]
        );
        let events = tables(&p)[0];
        let Block::Table { head, .. } = events else {
            unreachable!()
        };
        assert_eq!(
            head,
            &[
                "Timestamp",
                "Logical ID",
                "Physical ID",
                "Type",
                "Status",
                "Status reason"
            ]
        );
        // Newest first: the stack's ROLLBACK_COMPLETE, and Queue's CREATE_FAILED in red.
        let rows = table_rows(events);
        assert_eq!(rows[0][4], Cell::new("ROLLBACK_COMPLETE", Tone::Bad));
        let failed = rows
            .iter()
            .find(|r| r[1].text == "Queue" && r[4].text == "CREATE_FAILED")
            .unwrap();
        assert_eq!(failed[4].tone, Tone::Bad);
        assert!(failed[5].text.contains("injected"), "{:?}", failed[5]);
        assert!(rows
            .iter()
            .any(|r| r[4] == Cell::new("CREATE_IN_PROGRESS", Tone::Busy)));
        // In Vietnamese the columns are translated, the statuses are not.
        let vi = panel(&ops, Lang::Vi);
        let Block::Table { head, rows, .. } = tables(&vi)[0] else {
            unreachable!()
        };
        assert_eq!(head[0], "Thời điểm");
        assert_eq!(rows[0][4].text, "ROLLBACK_COMPLETE");
    }

    #[test]
    fn a_new_bucket_name_is_a_replacement_and_a_console_change_is_not_equal() {
        let ops = vec![
            create(),
            Op::ChangeSet {
                stack: "app".into(),
                template: TEMPLATE.replace("team-logs", "team-logs-2"),
                parameters: vec![],
            },
        ];
        let p = panel(&ops, Lang::En);
        let Block::Table { head, rows, .. } = tables(&p)[0] else {
            unreachable!()
        };
        assert_eq!(head[4], "Replacement");
        let logs = rows
            .iter()
            .find(|r| r[1].text == "Logs" && r[0].text == "Modify")
            .unwrap();
        assert_eq!(logs[4], Cell::new("True", Tone::Warn));
        assert_eq!(logs[3].text, "AWS::S3::Bucket");
        let detail = rows
            .iter()
            .find(|r| r[1].text == "Logs" && r[6].text == "BucketName")
            .unwrap();
        assert_eq!(detail[5].text, "Properties");
        assert_eq!(detail[7], Cell::new("Always", Tone::Warn));
        assert!(
            detail[8]
                .text
                .starts_with("DirectModification: team-logs → team-logs-2"),
            "{:?}",
            detail[8]
        );

        let mut ops = ops;
        ops.extend([
            Op::Execute {
                stack: "app".into(),
            },
            Op::Edit {
                stack: "app".into(),
                resource: "Queue".into(),
                path: vec!["VisibilityTimeout".into()],
                value: Some("90".into()),
            },
            Op::Drift {
                stack: "app".into(),
            },
        ]);
        let p = panel(&ops, Lang::En);
        assert!(
            matches!(&p.blocks[1], Block::Note { tone: Tone::Warn, text } if text.contains("DRIFTED")),
            "{:?}",
            p.blocks[1]
        );
        let t = tables(&p);
        let queue = table_rows(t[0])
            .iter()
            .find(|r| r[0].text == "Queue")
            .unwrap();
        assert_eq!(queue[3], Cell::new("MODIFIED", Tone::Warn));
        let diff = &table_rows(t[1])[0];
        let texts: Vec<&str> = diff.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Queue", "/VisibilityTimeout", "60", "90", "NOT_EQUAL"]
        );
        // The choices the page offers for the next console change.
        assert!(p
            .choices("edit")
            .contains(&"Queue/VisibilityTimeout".to_string()));
        assert_eq!(p.choices("resources"), ["Logs".to_string(), "Queue".into()]);
        // Outputs are listed.
        assert!(p
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Table { caption, .. } if caption == "Outputs")));
    }

    #[test]
    fn nested_stacks_make_a_tree_and_refusals_are_worded() {
        let child = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";
        let parent = "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://s3.amazonaws.com/b/child.yaml\n";
        let ops = vec![
            Op::Template {
                name: "child.yaml".into(),
                text: child.into(),
            },
            Op::Create {
                stack: "root".into(),
                template: parent.into(),
                parameters: vec![],
                disable_rollback: false,
            },
        ];
        let schemas = Schemas::from_json(SCHEMAS_JSON).unwrap();
        let (cloud, _) = run(&schemas, &ops);
        let Block::Tree { items, .. } = nested(&cloud, "root", Lang::En) else {
            unreachable!()
        };
        assert_eq!(items.len(), 2);
        assert_eq!((items[0].depth, items[0].tone), (0, Tone::Good));
        assert!(
            items[1].text.starts_with("Child (root-Child-"),
            "{}",
            items[1].text
        );
        assert!(items[1].text.ends_with(": CREATE_COMPLETE"));
        assert_eq!(items[1].depth, 1);
        let p = panel(&[Op::Execute { stack: "x".into() }], Lang::Vi);
        assert!(
            matches!(&p.blocks[0], Block::Note { tone: Tone::Bad, text } if text.starts_with("Không có change set"))
        );
        let p = panel(&[Op::Delete { stack: "x".into() }], Lang::En);
        assert!(
            matches!(&p.blocks[0], Block::Note { text, .. } if text == "Stack with id x does not exist")
        );
    }

    #[test]
    fn yaml_and_json_convert_both_ways_keeping_the_order_of_keys() {
        let yaml = "Resources:\n  Zed:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !Sub \"${AWS::StackName}-x\"\n  Alpha:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !GetAtt Zed.TopicName\n      Tags:\n        - Key: a\n          Value: !Join [\"-\", [!Ref Zed, \"1\"]]\n      VisibilityTimeout: 60\n";
        let Block::Code { text: json, .. } = &convert(yaml, Lang::En).blocks[0] else {
            panic!()
        };
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            value["Resources"]["Alpha"]["Properties"]["QueueName"],
            serde_json::json!({"Fn::GetAtt": ["Zed", "TopicName"]})
        );
        assert_eq!(
            value["Resources"]["Alpha"]["Properties"]["Tags"][0]["Value"],
            serde_json::json!({"Fn::Join": ["-", [{"Ref": "Zed"}, "1"]]})
        );
        assert!(json.find("\"Zed\"").unwrap() < json.find("\"Alpha\"").unwrap());
        assert!(json.contains("\"VisibilityTimeout\": 60"));
        // And back: the short forms, the same tree.
        let Block::Code { text: back, .. } = &convert(json, Lang::En).blocks[0] else {
            panic!()
        };
        assert!(back.contains("QueueName: !GetAtt Zed.TopicName"), "{back}");
        assert!(
            back.contains("DisplayName: !Sub ${AWS::StackName}-x"),
            "{back}"
        );
        let (a, _) = engine::cfn::parse(yaml).unwrap();
        let (b, _) = engine::cfn::parse(back).unwrap();
        assert_eq!(strip(&a), strip(&b), "{back}");
        let schemas = Schemas::from_json(SCHEMAS_JSON).unwrap();
        assert!(
            engine::cfn::validate(back, &schemas).diagnostics.is_empty(),
            "{back}"
        );
        // A bad text says where.
        assert!(
            matches!(&convert("a: [", Lang::En).blocks[0], Block::Note { tone: Tone::Bad, text } if text.starts_with("Not converted: line"))
        );
    }

    #[test]
    fn block_text_lists_of_mappings_and_odd_strings_round_trip() {
        let yaml = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: [\"sts:AssumeRole\"]\n  Function:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Description: \"true\"\n      Role: !GetAtt Role.Arn\n      Code:\n        ZipFile: |\n          def handler(event, context):\n\n              return \"#: x\"\n";
        let Block::Code { text: json, .. } = &convert(yaml, Lang::En).blocks[0] else {
            panic!()
        };
        let Block::Code { text: back, .. } = &convert(json, Lang::En).blocks[0] else {
            panic!()
        };
        let (a, _) = engine::cfn::parse(yaml).unwrap();
        let (b, _) = engine::cfn::parse(back).unwrap();
        assert_eq!(strip(&a), strip(&b), "{back}");
        assert!(back.contains("ZipFile: |\n"), "{back}");
        assert!(back.contains("Description: \"true\""), "{back}");
    }

    /// A tree without positions.
    fn strip(n: &Node) -> Node {
        Node {
            pos: Default::default(),
            tag: n.tag.clone(),
            value: match &n.value {
                Value::Seq(items) => Value::Seq(items.iter().map(strip).collect()),
                Value::Map(entries) => Value::Map(
                    entries
                        .iter()
                        .map(|(k, v)| (key(&k.name), strip(v)))
                        .collect(),
                ),
                other => other.clone(),
            },
        }
    }
}
