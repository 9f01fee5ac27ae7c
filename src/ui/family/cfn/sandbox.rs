//! The CloudFormation sandbox (`#/sandbox/cloudformation`): paste or edit any template (YAML
//! or JSON) and see what CloudFormation would reject, each finding at its line and column
//! (a click puts the caret there), and the resource graph in creation waves; the template in
//! the other format; and deploy it: create a stack, make a resource fail, create and execute
//! a change set, change a resource in the "console", detect drift, delete the stack.
//! The template engine and the simulated CloudFormation run in the parsers worker, which
//! fetches the resource knowledge with the first template; the page keeps the stack's
//! operations (the session's history, a `cfn_script`) and the worker replays them from the
//! start each time, building the panel the page draws. The page keeps the last answers on
//! screen while the next ones are worked out.
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::ui::i18n::T;

use crate::course::cfn_script::{Op, Phase};
use crate::course::jobs::{CfnReport, Job, Outcome};
use crate::ui::parsers::use_job;

/// The sandbox's one stack.
const STACK: &str = "my-stack";

/// A job's latest answer and what the page draws of it (built once per answer); the last
/// one stays on screen while the next is worked out.
#[hook]
fn use_kept(job: Job) -> (Option<Rc<Outcome>>, Html) {
    let outcome = use_job(job);
    let kept = use_mut_ref(|| (None::<Rc<Outcome>>, Html::default()));
    if let Some(new) = outcome {
        let mut k = kept.borrow_mut();
        if !k.0.as_ref().is_some_and(|old| Rc::ptr_eq(old, &new)) {
            k.1 = match &*new {
                Outcome::Panel(p) => crate::ui::panel::view(p),
                Outcome::CfnTemplate(r) => crate::ui::panel::drawing(&r.graph),
                Outcome::NotRun(e) | Outcome::BadRequest(e) => {
                    html! { <p class="error-box">{ e }</p> }
                }
                _ => Html::default(),
            };
            k.0 = Some(new);
        }
    }
    let k = kept.borrow();
    (k.0.clone(), k.1.clone())
}

/// A form field's value, by id.
fn field(id: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| js_sys::Reflect::get(&e, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A labelled checkbox bound to a state.
fn switch(id: &'static str, label: T, on: &UseStateHandle<bool>) -> Html {
    let onchange = {
        let on = on.clone();
        Callback::from(move |_: Event| on.set(!*on))
    };
    html! { <label><input type="checkbox" {id} checked={**on} {onchange} />{ label.s() }</label> }
}

/// The sandbox page.
#[component]
pub fn CfnSandbox() -> Html {
    let lang = crate::ui::i18n::lang();
    // `None` until the learner edits: the worker sends the sample with its report.
    let source = use_state(|| None::<String>);
    let (shown, graph) = use_kept(Job::CfnTemplate {
        text: (*source).clone(),
        lang,
        schemas: crate::labs::CFN_SCHEMAS_FILE.into(),
    });
    let oninput = {
        let source = source.clone();
        Callback::from(move |e: InputEvent| {
            source.set(Some(
                e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                    .value(),
            ));
        })
    };
    let report = match shown.as_deref() {
        Some(Outcome::CfnTemplate(report)) => Some(report),
        _ => None,
    };
    let text = source
        .as_deref()
        .or(report.and_then(|r| r.sample.as_deref()))
        .unwrap_or_default();
    let lines = text.split('\n').count();
    // The stack's operations so far, replayed by the worker (none: an empty panel).
    let ops = use_state(Vec::<Op>::new);
    let no_rollback = use_state(|| false);
    let converted = use_state(|| false);
    let (stack, stack_view) = use_kept(Job::CfnScript {
        ops: (*ops).clone(),
        lang,
        schemas: crate::labs::CFN_SCHEMAS_FILE.into(),
    });
    let (_, other) = use_kept(Job::CfnConvert {
        text: if *converted {
            text.into()
        } else {
            String::new()
        },
        lang,
    });
    let choices = match stack.as_deref() {
        Some(Outcome::Panel(p)) => p.choices("edit").to_vec(),
        _ => vec![],
    };
    // A fault hits the next operation: an update once a stack has been created.
    let live = ops.iter().rev().find_map(|op| match op {
        Op::Create { .. } => Some(true),
        Op::Delete { .. } => Some(false),
        _ => None,
    }) == Some(true);
    // Every button adds an operation (or, with `reset`, clears them): one callback.
    let act = |what: &'static str, fail: String| {
        let (ops, template, no_rollback) = (ops.clone(), text.to_string(), *no_rollback);
        Callback::from(move |_: MouseEvent| {
            let stack = STACK.to_string();
            let target = field("cfn-edit-target");
            let mut path = target.split('/').map(str::to_string);
            let resource = path.next().unwrap_or_default();
            let op = match what {
                "create" => Op::Create {
                    stack,
                    template: template.clone(),
                    parameters: vec![],
                    disable_rollback: no_rollback,
                },
                "change-set" => Op::ChangeSet {
                    stack,
                    template: template.clone(),
                    parameters: vec![],
                },
                "execute" => Op::Execute { stack },
                "drift" => Op::Drift { stack },
                "delete" => Op::Delete { stack },
                "edit" => Op::Edit {
                    stack,
                    resource,
                    path: path.collect(),
                    value: Some(field("cfn-edit-value")).filter(|v| !v.is_empty()),
                },
                "remove" => Op::Remove { stack, resource },
                "fail" => Op::Fail {
                    stack,
                    resource: fail.clone(),
                    operation: if live { Phase::Update } else { Phase::Create },
                },
                _ => return ops.set(vec![]),
            };
            let mut next = (*ops).clone();
            next.push(op);
            ops.set(next);
        })
    };
    // Every button of the section, through one `html!`: a fault button is marked for
    // presenter mode's fault menu.
    let button = |what: &'static str, label: &str, fault: Option<&String>| {
        let id = match fault {
            Some(f) => format!("cfn-fail-{f}"),
            None => format!("cfn-{what}"),
        };
        html! { <button type="button" {id} data-fault={fault.cloned()} onclick={act(what, fault.cloned().unwrap_or_default())}>{ label }</button> }
    };
    let buttons = [
        ("create", t!("Create stack", "Tạo stack")),
        ("change-set", t!("Create change set", "Tạo change set")),
        ("execute", t!("Execute change set", "Thực thi change set")),
        ("drift", t!("Detect drift", "Phát hiện drift")),
        ("delete", t!("Delete stack", "Xóa stack")),
        ("reset", t!("Start over", "Làm lại từ đầu")),
    ]
    .map(|(what, label)| button(what, label.s(), None));
    let resources = report.map_or(vec![], |r| r.waves.concat());
    let faults = resources.iter().map(|id| {
        button(
            "fail",
            &t!("Make {id} fail", "Làm {id} thất bại").fill(&[("id", id)]),
            Some(id),
        )
    });
    // The status line: reading, the report's summary, or why there is none.
    let (status, class) = match shown.as_deref() {
        None => (
            t!("Reading the template…", "Đang đọc template…")
                .s()
                .to_string(),
            "muted",
        ),
        Some(Outcome::CfnTemplate(report)) => (report.summary.clone(), ""),
        Some(Outcome::NotRun(reason) | Outcome::BadRequest(reason)) => {
            (reason.clone(), "error-box")
        }
        Some(_) => (String::new(), ""),
    };
    html! {
        <section class="page sandbox">
            <h1>{ crate::ui::text::NAV_CFN_SANDBOX.s() }</h1>
            <p>{ t!(
                "Paste a template: what CloudFormation would reject, and what it creates first.",
                "Dán một template: những gì CloudFormation sẽ từ chối, và cái gì được tạo trước."
            ).s() }</p>
            <div class="player">
                <section class="steps-pane">
                    <label for="cfn-editor">{ t!("Template (YAML or JSON)", "Template (YAML hoặc JSON)").s() }</label>
                    <div class="code-editor">
                        <pre class="gutter" aria-hidden="true">{ gutter(lines, report) }</pre>
                        <textarea id="cfn-editor" class="editor" wrap="off" spellcheck="false" rows={(lines + 1).max(24).to_string()} value={text.to_string()} {oninput} />
                    </div>
                    { switch("cfn-convert", t!("Show it in the other format (YAML ⇄ JSON)", "Xem ở định dạng còn lại (YAML ⇄ JSON)"), &converted) }
                    <div id="cfn-other">{ other }</div>
                </section>
                <div class="workspace">
                    <p id="cfn-status" {class} role="status">{ status }</p>
                    { for report.map(|r| results(r, graph)) }
                    <h2>{ t!("Deploy it", "Triển khai") .s() }</h2>
                    <div class="stack-ops">
                        { switch("cfn-no-rollback", t!("Disable rollback", "Tắt rollback"), &no_rollback) }
                        { for buttons }
                    </div>
                    <div class="stack-ops faults">{ for faults }</div>
                    if !choices.is_empty() {
                        <div class="stack-ops">
                            <label for="cfn-edit-target">{ t!("Console change", "Thay đổi trên console").s() }</label>
                            <select id="cfn-edit-target">{ for choices.iter().map(|c| html! { <option value={c.clone()}>{ c }</option> }) }</select>
                            <input id="cfn-edit-value" aria-label={t!("New value (JSON or text; empty: remove it)", "Giá trị mới (JSON hoặc văn bản; để trống: xóa)").s()} placeholder={t!("new value", "giá trị mới").s()} />
                            { button("edit", t!("Change", "Thay đổi").s(), None) }
                            { button("remove", t!("Delete the resource", "Xóa resource").s(), None) }
                        </div>
                    }
                    <div id="cfn-stack">{ stack_view }</div>
                </div>
            </div>
        </section>
    }
}

/// Line numbers, a line with a finding marked ✖ (an error) or ▲ (a warning). The findings
/// come sorted by line.
fn gutter(lines: usize, report: Option<&CfnReport>) -> String {
    let mut marks = report.map_or(&[][..], |r| &r.findings).iter().peekable();
    let mut out = String::new();
    for n in 1..=lines {
        let mut mark = ' ';
        while let Some(f) = marks.next_if(|f| f.line <= n) {
            if f.line == n && mark != '✖' {
                mark = if f.error { '✖' } else { '▲' };
            }
        }
        out.push(mark);
        out.push_str(&format!("{n:>4}\n"));
    }
    out
}

/// The status line, the findings and the graph.
fn results(report: &CfnReport, graph: Html) -> Html {
    let findings = report.findings.iter().map(|f| {
        let (line, column) = (f.line, f.column);
        let onclick = Callback::from(move |_| jump(line, column));
        html! {
            <li class={if f.error { "bad" } else { "warn" }}>
                <button {onclick}>{ f.text.clone() }</button>
            </li>
        }
    });
    html! {
        <>
            <section>
                if !report.findings.is_empty() {
                    <h2>{ t!("Findings", "Kết quả kiểm tra").s() }</h2>
                    <ul id="cfn-findings" class="findings">{ for findings }</ul>
                }
                <h2>{ t!("Resource graph", "Sơ đồ resource").s() }</h2>
                <div id="cfn-graph">{ graph }</div>
            </section>
        </>
    }
}

/// Puts the caret at a line and column (1-based, in characters); the browser scrolls it into
/// view.
fn jump(line: usize, column: usize) {
    let Some(area) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("cfn-editor"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    // The textarea counts UTF-16 units.
    let mut at = 0;
    for (i, l) in area.value().split('\n').enumerate() {
        if i + 1 == line {
            at += l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf16)
                .sum::<usize>();
            break;
        }
        at += l.encode_utf16().count() + 1;
    }
    let _ = area.focus();
    let _ = area.set_selection_range(at as u32, at as u32);
}
