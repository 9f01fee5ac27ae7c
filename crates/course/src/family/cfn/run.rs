//! Grading in the simulated account (feature `cfn`: natively, and in the parsers worker).
use std::collections::{BTreeMap, BTreeSet};

use engine::cfn::stack::{
    Cloud, CreateStack, Event, OpError, Operation, Replacement, ResourceDriftStatus, Status,
};
use engine::cfn::{validate, Schemas, Severity};

use super::{CfnCheck, ChoiceOfStack, Phase, StackDef, Stacks};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::family::common::choice_graded;
use crate::family::{Graded, LabView};
use crate::lab::InputKind;
use crate::lang::{Lang, Wording, T};

/// The simulated account's region and ID, and the seed of its generated IDs.
pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "123456789012";
const SEED: u64 = 42;

/// The stack a check without `stack` creates.
const LAB_STACK: &str = "lab-stack";

fn operation(phase: Phase) -> Operation {
    match phase {
        Phase::Create => Operation::Create,
        Phase::Update => Operation::Update,
        Phase::Delete => Operation::Delete,
    }
}

fn parameters(def: &StackDef) -> BTreeMap<String, String> {
    def.parameters.iter().cloned().collect()
}

/// Why the lab's own set-up did not run (a broken lab: `check` reports it).
fn set_up_failed(def: &StackDef, e: &OpError) -> Wording {
    let stack = def.id.clone();
    let e = e.clone();
    Wording::each(move |lang| {
        t!(
            "The lab's stack {stack} could not be set up: {reason}",
            "Không dựng được stack {stack} của bài lab: {reason}"
        )
        .fill(
            lang,
            &[
                ("stack", &stack),
                ("reason", &crate::cfn::op_error(&e, lang)),
            ],
        )
    })
}

/// A fresh account holding the lab's stack as it stands before the learner acts: its
/// nested templates and failures, and, with `deploy`, its template created and the console
/// changes made.
fn set_up<'s>(
    schemas: &'s Schemas,
    def: &StackDef,
    deploy: bool,
    disable_rollback: Option<bool>,
) -> Result<Cloud<'s>, Wording> {
    let mut cloud = Cloud::new(schemas, REGION, ACCOUNT, SEED);
    for (name, text) in &def.nested {
        cloud.add_template(name, text);
    }
    for f in &def.fail {
        cloud.inject_failure(&def.id, &f.resource, operation(f.operation));
    }
    let Some(template) = def.template.as_ref().filter(|_| deploy) else {
        return Ok(cloud);
    };
    cloud
        .create_stack(&CreateStack {
            name: def.id.clone(),
            template: template.clone(),
            parameters: parameters(def),
            disable_rollback: disable_rollback.unwrap_or(def.disable_rollback),
            policy: None,
        })
        .map_err(|e| set_up_failed(def, &e))?;
    for edit in &def.edits {
        let done = if edit.delete {
            cloud.console_delete(&def.id, &edit.resource)
        } else {
            let value = match &edit.value {
                Some(json) => Some(serde_json::from_str(json).map_err(|e| {
                    Wording::untranslated(format!("edit of {}: {e}", edit.resource))
                })?),
                None => None,
            };
            let path: Vec<&str> = edit.path.iter().map(String::as_str).collect();
            cloud.console_edit(&def.id, &edit.resource, &path, value)
        };
        done.map_err(|e| set_up_failed(def, &e))?;
    }
    if let Some(update) = def.update.as_ref().filter(|_| def.updated) {
        cloud
            .create_change_set(&def.id, "update", update, &parameters(def))
            .and_then(|cs| cloud.execute_change_set(&cs))
            .map_err(|e| set_up_failed(def, &e))?;
    }
    Ok(cloud)
}

/// A refused operation, worded.
fn refused(e: &OpError) -> Wording {
    let e = e.clone();
    Wording::each(move |lang| {
        t!(
            "CloudFormation refuses it: {reason}",
            "CloudFormation từ chối: {reason}"
        )
        .fill(lang, &[("reason", &crate::cfn::op_error(&e, lang))])
    })
}

/// The first failed resource event of an operation's events (newest first), with its reason.
fn first_failure(events: &[Event]) -> Option<&Event> {
    events.iter().rev().find(|e| {
        matches!(
            e.status,
            Status::CreateFailed | Status::UpdateFailed | Status::DeleteFailed
        ) && e.logical_id != e.stack
    })
}

/// "The stack ended in X" with the first failure's reason, when there is one.
fn ended_in(stack: &str, status: Status, events: &[Event], wanted: &str) -> Wording {
    let failure = first_failure(events).map(|e| (e.logical_id.clone(), e.reason.clone()));
    let stack = stack.to_string();
    let wanted = wanted.to_string();
    Wording::each(move |lang| {
        let mut said = t!(
            "Stack {stack} ended in {status}, not {wanted}.",
            "Stack {stack} kết thúc ở {status}, không phải {wanted}."
        )
        .fill(
            lang,
            &[
                ("stack", &stack),
                ("status", &status.name()),
                ("wanted", &wanted),
            ],
        );
        if let Some((id, reason)) = &failure {
            let reason = reason
                .as_ref()
                .map(|r| crate::cfn::reason(r, lang))
                .unwrap_or_default();
            said.push(' ');
            said.push_str(
                &t!(
                    "The first failure: {id}: {reason}",
                    "Lỗi đầu tiên: {id}: {reason}"
                )
                .fill(lang, &[("id", id), ("reason", &reason)]),
            );
        }
        said
    })
}

/// A sentence with its values (the same in every language), worded in every language.
fn wording(text: T, values: &[(&'static str, &str)]) -> Wording {
    values
        .iter()
        .fold(Wording::new(text), |w, (name, value)| w.with(name, *value))
}

fn unmet(input: &str, wording: Wording) -> Graded {
    Graded::new(input, Verdict::Unmet(wording))
}

pub(super) fn grade(check: &CfnCheck, stacks: &Stacks, answers: &Answers) -> Graded {
    let input = check.input();
    let Some(schemas) = crate::cfn::schemas() else {
        return Graded::new(input, Verdict::Pending);
    };
    let stack_of = |id: &str| stacks.get(id).cloned();
    match check {
        CfnCheck::Template(_) => {
            let Some(text) = crate::answer::text(answers, input) else {
                return Graded::new(input, Verdict::NotAnswered);
            };
            match errors(text, schemas) {
                None => Graded::new(input, Verdict::Correct),
                Some(w) => unmet(input, w),
            }
        }
        CfnCheck::Create(c) => {
            let Some(text) = crate::answer::text(answers, input) else {
                return Graded::new(input, Verdict::NotAnswered);
            };
            let def = c.stack.as_deref().and_then(stack_of).unwrap_or(StackDef {
                id: LAB_STACK.into(),
                ..StackDef::default()
            });
            let mut cloud = match set_up(schemas, &def, false, None) {
                Ok(c) => c,
                Err(w) => return unmet(input, w),
            };
            let events = match cloud.create_stack(&CreateStack {
                name: def.id.clone(),
                template: text.to_string(),
                parameters: parameters(&def),
                disable_rollback: def.disable_rollback,
                policy: None,
            }) {
                Ok(events) => events,
                Err(e) => return unmet(input, refused(&e)),
            };
            let Some(stack) = cloud.stack(&def.id) else {
                return Graded::new(input, Verdict::NoEngineValue);
            };
            if stack.status.name() != c.status {
                return unmet(input, ended_in(&def.id, stack.status, &events, &c.status));
            }
            let held: BTreeSet<&str> = stack
                .resources
                .values()
                .filter(|r| r.status != Status::DeleteComplete)
                .map(|r| r.resource_type.as_str())
                .collect();
            if let Some(missing) = c.types.iter().find(|t| !held.contains(t.as_str())) {
                let said = t!(
                    "Stack {stack} has no resource of type {type}.",
                    "Stack {stack} không có resource nào thuộc type {type}."
                );
                return unmet(
                    input,
                    wording(said, &[("stack", &def.id), ("type", missing)]),
                );
            }
            if let Some(extra) = c.absent.iter().find(|t| held.contains(t.as_str())) {
                let said = t!(
                    "Stack {stack} has a resource of type {type}, which it should not have.",
                    "Stack {stack} có resource thuộc type {type}, điều không nên có."
                );
                return unmet(input, wording(said, &[("stack", &def.id), ("type", extra)]));
            }
            if let Some(w) = waits(&def.id, &events, &c.order) {
                return unmet(input, w);
            }
            if let Some(missing) = c.outputs.iter().find(|o| !stack.outputs.contains_key(*o)) {
                let said = t!(
                    "Stack {stack} has no output {output}.",
                    "Stack {stack} không có output {output}."
                );
                return unmet(
                    input,
                    wording(said, &[("stack", &def.id), ("output", missing)]),
                );
            }
            match expectations(stack, &c.actual) {
                None => Graded::new(input, Verdict::Correct),
                Some(w) => unmet(input, w),
            }
        }
        CfnCheck::Update(c) => {
            let Some(text) = crate::answer::text(answers, input) else {
                return Graded::new(input, Verdict::NotAnswered);
            };
            let Some(def) = stack_of(&c.stack) else {
                return Graded::new(input, Verdict::NoEngineValue);
            };
            let mut cloud = match set_up(schemas, &def, true, None) {
                Ok(c) => c,
                Err(w) => return unmet(input, w),
            };
            let before: BTreeMap<String, String> = cloud
                .stack(&def.id)
                .map(|s| {
                    s.resources
                        .values()
                        .map(|r| (r.logical_id.clone(), r.physical_id.clone()))
                        .collect()
                })
                .unwrap_or_default();
            let change_set = cloud.create_change_set(&def.id, "learner", text, &parameters(&def));
            let events = match change_set.and_then(|cs| cloud.execute_change_set(&cs)) {
                Ok(events) => events,
                Err(e) => return unmet(input, refused(&e)),
            };
            let Some(stack) = cloud.stack(&def.id) else {
                return Graded::new(input, Verdict::NoEngineValue);
            };
            if stack.status.name() != c.status {
                return unmet(input, ended_in(&def.id, stack.status, &events, &c.status));
            }
            for id in &c.keep {
                let now = stack.resources.get(id).map(|r| r.physical_id.clone());
                if now.as_ref() != before.get(id) {
                    let id = id.clone();
                    let was = before.get(&id).cloned().unwrap_or_default();
                    return unmet(
                        input,
                        Wording::each(move |lang| {
                            match &now {
                            Some(now) => t!(
                                "{id} was replaced: its physical ID changed from {was} to {now}, so the old resource and what it held are gone.",
                                "{id} đã bị thay thế: physical ID đổi từ {was} sang {now}, nên resource cũ và dữ liệu trong đó không còn."
                            )
                            .fill(lang, &[("id", &id), ("was", &was), ("now", now)]),
                            None => t!(
                                "{id} is no longer in the stack: the update deleted {was}.",
                                "{id} không còn trong stack: bản cập nhật đã xóa {was}."
                            )
                            .fill(lang, &[("id", &id), ("was", &was)]),
                        }
                        }),
                    );
                }
            }
            if let Some(w) = expectations(stack, &c.actual) {
                return unmet(input, w);
            }
            if let Some(wanted) = &c.drift {
                let report = match cloud.detect_drift(&def.id) {
                    Ok(r) => r,
                    Err(e) => return unmet(input, refused(&e)),
                };
                if report.status.name() != wanted {
                    let drifted: Vec<String> = report
                        .resources
                        .iter()
                        .filter(|r| r.status != ResourceDriftStatus::InSync)
                        .map(|r| format!("{} {}", r.logical_id, r.status.name()))
                        .collect();
                    let (status, wanted) = (report.status.name(), wanted.clone());
                    return unmet(
                        input,
                        Wording::each(move |lang| {
                            t!(
                                "After the update, drift detection says {status}, not {wanted}: {list}.",
                                "Sau khi cập nhật, drift detection báo {status}, không phải {wanted}: {list}."
                            )
                            .fill(
                                lang,
                                &[("status", &status), ("wanted", &wanted), ("list", &drifted.join(", "))],
                            )
                        }),
                    );
                }
            }
            Graded::new(input, Verdict::Correct)
        }
        CfnCheck::Replaced(c) | CfnCheck::Drifted(c) | CfnCheck::Failed(c) => {
            match expected(check, c, stacks, schemas) {
                Ok(right) => choice_graded(input, answers, &right, &c.why),
                Err(w) => unmet(input, w),
            }
        }
        CfnCheck::CdkCount(c) => {
            let expected = stacks
                .cdk
                .iter()
                .find(|a| a.id == c.app)
                .map(|a| cdk_count(a, c.type_name.as_deref()) as f64);
            crate::family::common::number_graded(input, answers, expected, 0.0, &[])
        }
        CfnCheck::CdkLogicalId(c) => {
            let right: Vec<String> = stacks
                .cdk
                .iter()
                .find(|a| a.id == c.app)
                .and_then(|a| cdk_logical_id(a, &c.construct))
                .into_iter()
                .collect();
            choice_graded(input, answers, &right, &c.why)
        }
        CfnCheck::Status(c) => {
            let Some(def) = stack_of(&c.stack) else {
                return Graded::new(input, Verdict::NoEngineValue);
            };
            match final_status(schemas, &def, c.disable_rollback) {
                Ok(status) => choice_graded(input, answers, &[status], &c.why),
                Err(w) => unmet(input, w),
            }
        }
    }
}

/// The first property of `expected` that a resource of the stack does not actually have.
fn expectations(
    stack: &engine::cfn::stack::Stack,
    expected: &[super::Expected],
) -> Option<Wording> {
    expected.iter().find_map(|e| {
        let actual = stack
            .resources
            .get(&e.resource)
            .and_then(|r| r.actual.as_ref())
            .and_then(|json| at_path(json, &e.path))
            .map(text_of);
        (actual.as_deref() != Some(e.value.as_str())).then(|| {
            let (id, path, wanted) = (e.resource.clone(), e.path.join("."), e.value.clone());
            let actual = actual.unwrap_or_else(|| "—".into());
            Wording::each(move |lang| {
                t!(
                    "{id} has {path} {actual}, not {wanted}.",
                    "{id} có {path} là {actual}, không phải {wanted}."
                )
                .fill(
                    lang,
                    &[
                        ("id", &id),
                        ("path", &path),
                        ("actual", &actual),
                        ("wanted", &wanted),
                    ],
                )
            })
        })
    })
}

/// The first pair `[later, earlier]` whose later resource started before the earlier one
/// was complete, in a stack's events.
fn waits(stack: &str, events: &[Event], order: &[(String, String)]) -> Option<Wording> {
    let first = |id: &str, status: Status| {
        events
            .iter()
            .filter(|e| e.stack == stack && e.logical_id == id && e.status == status)
            .map(|e| (e.time, e.seq))
            .min()
    };
    order.iter().find_map(|(later, earlier)| {
        let started = first(later, Status::CreateInProgress)?;
        let done = first(earlier, Status::CreateComplete);
        (done.is_none_or(|d| started < d)).then(|| {
            let (later, earlier) = (later.clone(), earlier.clone());
            Wording::each(move |lang| {
                t!(
                    "{later} started before {earlier} was complete: nothing makes it wait for {earlier} (a Ref, a Fn::GetAtt of its outputs, or DependsOn).",
                    "{later} bắt đầu trước khi {earlier} hoàn tất: không có gì buộc nó chờ {earlier} (một Ref, một Fn::GetAtt tới output của nó, hay DependsOn)."
                )
                .fill(lang, &[("later", &later), ("earlier", &earlier)])
            })
        })
    })
}

/// The value at a path of keys and list indexes.
fn at_path<'j>(json: &'j serde_json::Value, path: &[String]) -> Option<&'j serde_json::Value> {
    path.iter().try_fold(json, |node, key| match node {
        serde_json::Value::Object(map) => map.get(key),
        serde_json::Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// A value as text: strings as they are, numbers and booleans as written, others as JSON.
fn text_of(json: &serde_json::Value) -> String {
    match json {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The errors of a template, worded: how many, and the first at its line and column.
fn errors(text: &str, schemas: &Schemas) -> Option<Wording> {
    let report = validate(text, schemas);
    let errors: Vec<_> = report
        .diagnostics
        .into_iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    let first = errors.first()?.clone();
    let count = errors.len();
    Some(Wording::each(move |lang| {
        let message = crate::cfn::message(&first, lang);
        let (line, column) = (first.pos.line.to_string(), first.pos.col.to_string());
        if count == 1 {
            t!(
                "CloudFormation would reject it: line {line}, column {column}: {message}",
                "CloudFormation sẽ từ chối: dòng {line}, cột {column}: {message}"
            )
            .fill(
                lang,
                &[("line", &line), ("column", &column), ("message", &message)],
            )
        } else {
            t!(
                "CloudFormation would reject it: {count} errors; the first, line {line}, column {column}: {message}",
                "CloudFormation sẽ từ chối: {count} lỗi; lỗi đầu tiên ở dòng {line}, cột {column}: {message}"
            )
            .fill(
                lang,
                &[("count", &count), ("line", &line), ("column", &column), ("message", &message)],
            )
        }
    }))
}

/// The stack's status after the lab's set-up.
fn final_status(
    schemas: &Schemas,
    def: &StackDef,
    disable_rollback: Option<bool>,
) -> Result<String, Wording> {
    let cloud = set_up(schemas, def, true, disable_rollback)?;
    cloud
        .stack(&def.id)
        .map(|s| s.status.name().to_string())
        .ok_or_else(|| Wording::untranslated(format!("no stack {}", def.id)))
}

/// The right options of a choice graded against the engine.
fn expected(
    check: &CfnCheck,
    c: &ChoiceOfStack,
    stacks: &Stacks,
    schemas: &Schemas,
) -> Result<Vec<String>, Wording> {
    let def = stacks
        .get(&c.stack)
        .ok_or_else(|| Wording::untranslated(format!("no stack {}", c.stack)))?;
    let mut cloud = set_up(schemas, def, true, None)?;
    match check {
        CfnCheck::Replaced(_) => {
            let update = def.update.as_deref().unwrap_or_default();
            let change_set = cloud
                .create_change_set(&def.id, "proposed", update, &parameters(def))
                .map_err(|e| set_up_failed(def, &e))?;
            Ok(change_set
                .changes
                .iter()
                .filter(|r| r.replacement == Some(Replacement::True))
                .map(|r| r.logical_id.clone())
                .collect())
        }
        CfnCheck::Drifted(_) => {
            let report = cloud
                .detect_drift(&def.id)
                .map_err(|e| set_up_failed(def, &e))?;
            Ok(report
                .resources
                .iter()
                .filter(|r| {
                    matches!(
                        r.status,
                        ResourceDriftStatus::Modified | ResourceDriftStatus::Deleted
                    )
                })
                .map(|r| r.logical_id.clone())
                .collect())
        }
        _ => {
            let events = cloud.stack(&def.id).map(|s| s.events()).unwrap_or_default();
            Ok(first_failure(&events)
                .map(|e| e.logical_id.clone())
                .into_iter()
                .collect())
        }
    }
}

/// Problems with the lab's stacks: each one's template must deploy as written.
pub(super) fn validate_stacks(stacks: &Stacks, lab: &LabView<'_>) -> Vec<String> {
    let Some(schemas) = crate::cfn::schemas() else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for def in &stacks.stacks {
        if let Some(id) = &def.preview {
            if !matches!(
                lab.input(id).map(|i| &i.kind),
                Some(InputKind::Template { .. })
            ) {
                problems.push(format!(
                    "stack \"{}\": preview \"{id}\" is not a template input",
                    def.id
                ));
            }
        }
        if def.template.is_none() && !def.show.is_empty() {
            problems.push(format!(
                "stack \"{}\": show needs a template deployed by the lab",
                def.id
            ));
        }
        for (what, text) in [("template", &def.template), ("update", &def.update)] {
            if let Some(w) = text.as_deref().and_then(|t| errors(t, schemas)) {
                problems.push(format!(
                    "stack \"{}\": its {what} has errors: {}",
                    def.id,
                    w.get(Lang::En)
                ));
            }
        }
        if def.template.is_some() {
            if let Err(w) = set_up(schemas, def, true, None) {
                problems.push(format!("stack \"{}\": {}", def.id, w.get(Lang::En)));
            }
        } else if !def.edits.is_empty() {
            problems.push(format!(
                "stack \"{}\": console edits need a deployed template",
                def.id
            ));
        }
    }
    problems
}

/// Problems with a check's references; for choices, the engine's answer must be an option.
pub(super) fn validate_check(check: &CfnCheck, stacks: &Stacks, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(input) = crate::family::common::input(lab, check.input(), &mut problems) else {
        return problems;
    };
    match check {
        CfnCheck::CdkCount(c) => {
            crate::family::common::expect_number(input, &mut problems);
            match stacks.cdk.iter().find(|a| a.id == c.app) {
                None => problems.push(format!("cdk app \"{}\" is not defined in [[cdk]]", c.app)),
                Some(app) if cdk_count(app, c.type_name.as_deref()) == 0 => problems.push(format!(
                    "cdk app \"{}\" synthesizes no resource of that type",
                    c.app
                )),
                Some(_) => {}
            }
            return problems;
        }
        CfnCheck::CdkLogicalId(c) => {
            let right = stacks
                .cdk
                .iter()
                .find(|a| a.id == c.app)
                .and_then(|a| cdk_logical_id(a, &c.construct));
            match (right, &input.kind) {
                (None, _) => problems.push(format!(
                    "cdk app \"{}\" has no construct \"{}\"",
                    c.app, c.construct
                )),
                (
                    Some(id),
                    InputKind::Choice {
                        options,
                        multiple: false,
                    },
                ) => {
                    for missing in std::iter::once(&id)
                        .chain(c.why.keys())
                        .filter(|o| !options.iter().any(|opt| &&opt.id == o))
                    {
                        problems.push(format!(
                            "\"{missing}\" is not an option of input \"{}\"",
                            input.id
                        ));
                    }
                }
                _ => problems.push(format!("input \"{}\" must be a single choice", input.id)),
            }
            return problems;
        }
        _ => {}
    }
    let stack = match check {
        CfnCheck::Template(_) => None,
        CfnCheck::Create(c) => c.stack.clone(),
        CfnCheck::Update(c) => Some(c.stack.clone()),
        CfnCheck::Replaced(c) | CfnCheck::Drifted(c) | CfnCheck::Failed(c) => Some(c.stack.clone()),
        CfnCheck::Status(c) => Some(c.stack.clone()),
        CfnCheck::CdkCount(_) | CfnCheck::CdkLogicalId(_) => None,
    };
    let def = match &stack {
        Some(id) => match stacks.get(id) {
            Some(def) => Some(def),
            None => {
                problems.push(format!("stack \"{id}\" is not defined in [[stack]]"));
                return problems;
            }
        },
        None => None,
    };
    let wants_template = matches!(
        check,
        CfnCheck::Template(_) | CfnCheck::Create(_) | CfnCheck::Update(_)
    );
    let options: Vec<&str> = match &input.kind {
        InputKind::Template { .. } if wants_template => return problems,
        InputKind::Choice { options, .. } if !wants_template => {
            options.iter().map(|o| o.id.as_str()).collect()
        }
        _ if wants_template => {
            problems.push(format!("input \"{}\" must be a template input", input.id));
            return problems;
        }
        _ => {
            problems.push(format!("input \"{}\" must be a choice input", input.id));
            return problems;
        }
    };
    let Some(schemas) = crate::cfn::schemas() else {
        return problems;
    };
    let Some(def) = def else {
        return problems;
    };
    if matches!(check, CfnCheck::Replaced(_)) && def.updated {
        problems.push(format!(
            "stack \"{}\": cfn_replaced predicts an update the lab does not run: remove updated",
            def.id
        ));
        return problems;
    }
    if matches!(check, CfnCheck::Replaced(_)) && def.update.is_none() {
        problems.push(format!(
            "stack \"{}\" needs an update file for cfn_replaced",
            def.id
        ));
        return problems;
    }
    let right = match check {
        CfnCheck::Status(c) => final_status(schemas, def, c.disable_rollback).map(|s| vec![s]),
        CfnCheck::Replaced(c) | CfnCheck::Drifted(c) | CfnCheck::Failed(c) => {
            expected(check, c, stacks, schemas)
        }
        _ => Ok(Vec::new()),
    };
    match right {
        Err(w) => problems.push(w.get(Lang::En)),
        Ok(right) if right.is_empty() => problems.push(format!(
            "the engine finds no right option for input \"{}\"",
            input.id
        )),
        Ok(right) => {
            for r in right.iter().filter(|r| !options.contains(&r.as_str())) {
                problems.push(format!(
                    "the engine's answer \"{r}\" is not an option of input \"{}\"",
                    input.id
                ));
            }
        }
    }
    let why = match check {
        CfnCheck::Status(c) => &c.why,
        CfnCheck::Replaced(c) | CfnCheck::Drifted(c) | CfnCheck::Failed(c) => &c.why,
        _ => return problems,
    };
    for id in why.keys().filter(|id| !options.contains(&id.as_str())) {
        problems.push(format!(
            "option \"{id}\" is not an option of input \"{}\"",
            input.id
        ));
    }
    problems
}

/// The lab's workspace: each stack as the lab set it up (the views it shows), and the
/// learner's template previewed against it: the change set it would make, or the stack it
/// creates. Built in the parsers worker, in `lang`.
pub fn panel(stacks: &Stacks, answers: &Answers, lang: Lang) -> crate::panel::Panel {
    use super::View;
    use crate::cfn_view;
    use crate::panel::{Block, Panel, Tone};
    let mut panel = Panel::default();
    let Some(schemas) = crate::cfn::schemas() else {
        return panel;
    };
    let blocks = &mut panel.blocks;
    for app in &stacks.cdk {
        blocks.extend(cdk_views(app, schemas, lang));
    }
    for def in &stacks.stacks {
        let deployed = def.template.is_some();
        let mut cloud = match set_up(schemas, def, true, None) {
            Ok(c) => c,
            Err(w) => {
                blocks.push(Block::Note {
                    tone: Tone::Bad,
                    text: w.get(lang),
                });
                continue;
            }
        };
        let mut shown = Vec::new();
        if deployed && !def.show.is_empty() {
            shown.push(Block::Heading(format!("Stack {}", def.id)));
        }
        if let Some(stack) = cloud.stack(&def.id).filter(|_| deployed) {
            for view in &def.show {
                match view {
                    View::Stack => {
                        shown.push(cfn_view::stack_status(stack, lang));
                        shown.push(cfn_view::resources(stack, lang));
                    }
                    View::Events => shown.push(cfn_view::events(&stack.events(), lang)),
                    View::Template => shown.push(Block::Code {
                        label: t!("The template it runs", "Template mà stack đang chạy")
                            .get(lang)
                            .into(),
                        text: stack.template.clone(),
                    }),
                    View::Outputs => shown.push(cfn_view::outputs(stack, lang)),
                    View::Drift => match cloud.detect_drift(&def.id) {
                        Ok(report) => {
                            shown.push(Block::Heading(
                                t!("Drift detection", "Phát hiện drift").get(lang).into(),
                            ));
                            shown.extend(cfn_view::drift(&report, lang));
                        }
                        Err(e) => shown.push(Block::Note {
                            tone: Tone::Bad,
                            text: crate::cfn::op_error(&e, lang),
                        }),
                    },
                }
            }
        }
        // What the learner is working on comes first.
        preview(def, &mut cloud, schemas, answers, lang, blocks);
        blocks.extend(shown);
    }
    panel
}

/// The learner's template against a lab's stack: the change set it would make (the stack
/// exists), or the stack it creates, or its first error.
fn preview(
    def: &StackDef,
    cloud: &mut Cloud<'_>,
    schemas: &Schemas,
    answers: &Answers,
    lang: Lang,
    blocks: &mut Vec<crate::panel::Block>,
) {
    use crate::cfn_view;
    use crate::panel::{Block, Tone};
    let deployed = def.template.is_some();
    let Some(text) = def
        .preview
        .as_deref()
        .and_then(|input| crate::answer::text(answers, input))
    else {
        return;
    };
    if let Some(w) = errors(text, schemas) {
        blocks.push(Block::Heading(
            t!("Your template", "Template của bạn").get(lang).into(),
        ));
        blocks.push(Block::Note {
            tone: Tone::Bad,
            text: w.get(lang),
        });
        return;
    }
    if deployed {
        blocks.push(Block::Heading(
            t!(
                "Preview: the change set for your template",
                "Xem trước: change set cho template của bạn"
            )
            .get(lang)
            .into(),
        ));
        match cloud.create_change_set(&def.id, "preview", text, &parameters(def)) {
            Ok(cs) => blocks.push(cfn_view::change_set(&cs, lang)),
            Err(e) => blocks.push(Block::Note {
                tone: Tone::Warn,
                text: crate::cfn::op_error(&e, lang),
            }),
        }
    } else {
        let names: Vec<String> = def
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        blocks.push(Block::Heading(if names.is_empty() {
            t!(
                "Preview: a stack created from your template",
                "Xem trước: stack được tạo từ template của bạn"
            )
            .get(lang)
            .into()
        } else {
            t!(
                "Preview: stack {stack} created from your template with {parameters}",
                "Xem trước: stack {stack} được tạo từ template của bạn với {parameters}"
            )
            .fill(
                lang,
                &[("stack", &def.id), ("parameters", &names.join(", "))],
            )
        }));
        let created = cloud.create_stack(&CreateStack {
            name: def.id.clone(),
            template: text.to_string(),
            parameters: parameters(def),
            disable_rollback: def.disable_rollback,
            policy: None,
        });
        match (created, cloud.stack(&def.id)) {
            (Ok(_), Some(stack)) => {
                blocks.push(cfn_view::stack_status(stack, lang));
                if stack.resources.values().any(|r| r.nested.is_some()) {
                    blocks.push(cfn_view::nested(cloud, &def.id, lang));
                }
                blocks.push(cfn_view::resources(stack, lang));
                blocks.push(cfn_view::events(&stack.events(), lang));
            }
            (Err(e), _) => blocks.push(Block::Note {
                tone: Tone::Bad,
                text: crate::cfn::op_error(&e, lang),
            }),
            (Ok(_), None) => {}
        }
    }
}

/// A CDK app as the engine builds it.
fn cdk_stack(app: &super::CdkApp) -> engine::cdk::Stack {
    build_cdk(&app.stack, &app.constructs)
}

/// A stack of constructs as the engine builds it.
fn build_cdk(name: &str, constructs: &[super::CdkConstruct]) -> engine::cdk::Stack {
    use super::CdkConstruct;
    use engine::cdk::{BucketProps, VpcProps};
    let mut stack = engine::cdk::Stack::new(name);
    for c in constructs {
        match c {
            CdkConstruct::Bucket {
                id,
                bucket_name,
                versioned,
                encrypted,
                block_public_access,
                enforce_ssl,
                destroy,
            } => {
                stack.bucket(
                    id,
                    BucketProps {
                        bucket_name: bucket_name.clone(),
                        versioned: *versioned,
                        s3_managed_encryption: *encrypted,
                        block_public_access: *block_public_access,
                        enforce_ssl: *enforce_ssl,
                        destroy_on_removal: *destroy,
                    },
                );
            }
            CdkConstruct::Vpc {
                id,
                max_azs,
                nat_gateways,
            } => {
                stack.vpc(
                    id,
                    VpcProps {
                        max_azs: *max_azs,
                        nat_gateways: *nat_gateways,
                        ..VpcProps::default()
                    },
                );
            }
        }
    }
    stack
}

/// How many resources (of a type) the app synthesizes.
fn cdk_count(app: &super::CdkApp, type_name: Option<&str>) -> usize {
    cdk_stack(app)
        .resources()
        .iter()
        .filter(|r| type_name.is_none_or(|t| r.type_name == t))
        .count()
}

/// The logical ID of a construct's main resource (`<id>/Resource`).
fn cdk_logical_id(app: &super::CdkApp, construct: &str) -> Option<String> {
    cdk_stack(app)
        .resources()
        .iter()
        .find(|r| {
            r.path.first().map(String::as_str) == Some(construct)
                && r.path.get(1).map(String::as_str) == Some("Resource")
        })
        .map(|r| r.logical_id.clone())
}

/// A CDK app in the workspace: its TypeScript, the resources it synthesizes (with the
/// removal policy the CDK sets) and the synthesized template.
fn cdk_views(app: &super::CdkApp, schemas: &Schemas, lang: Lang) -> Vec<crate::panel::Block> {
    use crate::panel::{Block, Cell, Tone};
    let stack = cdk_stack(app);
    let rows = stack
        .resources()
        .iter()
        .map(|r| {
            vec![
                Cell::plain(r.logical_id.clone()),
                Cell::plain(r.type_name.clone()),
                Cell::plain(r.path.join("/")),
                match r.removal {
                    Some("Retain") => Cell::new("Retain", Tone::Warn),
                    Some(p) => Cell::plain(p),
                    None => Cell::plain("—"),
                },
            ]
        })
        .collect();
    let mut blocks = vec![
        Block::Heading(
            t!("The CDK app {stack}", "Ứng dụng CDK {stack}").fill(lang, &[("stack", &app.stack)]),
        ),
        Block::Code {
            label: t!(
                "The CDK code (TypeScript, read-only)",
                "Code CDK (TypeScript, chỉ đọc)"
            )
            .get(lang)
            .into(),
            text: stack.code(),
        },
        Block::Table {
            caption: t!("What cdk synth makes of it", "Những gì cdk synth tạo ra")
                .get(lang)
                .into(),
            head: vec![
                "Logical ID".into(),
                t!("Type", "Loại").get(lang).into(),
                t!("Construct path", "Đường dẫn construct").get(lang).into(),
                "DeletionPolicy".into(),
            ],
            rows,
        },
        Block::Code {
            label: t!(
                "The synthesized template (cdk synth --json)",
                "Template được synthesize (cdk synth --json)"
            )
            .get(lang)
            .into(),
            text: stack.synth_json(),
        },
    ];
    if !app.next.is_empty() {
        let next = build_cdk(&app.stack, &app.next);
        let rows: Vec<Vec<Cell>> = engine::cdk::diff(&stack.synth(), &next.synth(), schemas)
            .iter()
            .map(|d| {
                use engine::cdk::{Change, Replacement};
                let (sign, what) = match &d.change {
                    Change::Added => ("[+]", String::new()),
                    Change::Removed => ("[-]", String::new()),
                    Change::Modified(props) => (
                        "[~]",
                        props
                            .iter()
                            .map(|p| p.name.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                };
                let replacement = match (&d.change, d.replacement) {
                    (Change::Added, _) => Cell::plain(t!("created", "được tạo").get(lang)),
                    (Change::Removed, _) => {
                        Cell::new(t!("deleted", "bị xóa").get(lang), Tone::Warn)
                    }
                    (_, r) => match r {
                        Replacement::Always => Cell::new(
                            t!("requires replacement", "cần thay thế (replace)").get(lang),
                            Tone::Bad,
                        ),
                        Replacement::Conditional => Cell::new(
                            t!("may be replaced", "có thể bị thay thế").get(lang),
                            Tone::Warn,
                        ),
                        Replacement::Never => {
                            Cell::plain(t!("in place", "cập nhật tại chỗ").get(lang))
                        }
                    },
                };
                vec![
                    Cell::plain(sign),
                    Cell::plain(d.logical_id.clone()),
                    Cell::plain(d.type_name.clone()),
                    Cell::plain(what),
                    replacement,
                ]
            })
            .collect();
        blocks.push(Block::Code {
            label: t!(
                "The changed version (TypeScript)",
                "Phiên bản đã sửa (TypeScript)"
            )
            .get(lang)
            .into(),
            text: next.code(),
        });
        blocks.push(Block::Table {
            caption: t!(
                "cdk diff: the changed version against the first",
                "cdk diff: phiên bản đã sửa so với bản đầu"
            )
            .get(lang)
            .into(),
            head: vec![
                String::new(),
                "Logical ID".into(),
                t!("Type", "Loại").get(lang).into(),
                t!("Properties", "Property").get(lang).into(),
                "Replacement".into(),
            ],
            rows,
        });
    }
    blocks
}
