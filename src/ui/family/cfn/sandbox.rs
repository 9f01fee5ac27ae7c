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
use crate::ui::panel::PanelView;
use crate::ui::parsers::{submit, use_job};

/// The sandbox's one stack.
const STACK: &str = "my-stack";

/// The latest outcome of a job that runs only when there is one; the last answer stays
/// until the next arrives, and a late answer to an older job is dropped.
#[hook]
fn use_last(job: Option<Job>) -> Option<Rc<Outcome>> {
    let outcome = use_state(|| None::<Rc<Outcome>>);
    let generation = use_mut_ref(|| 0u64);
    {
        let outcome = outcome.clone();
        use_effect_with(job, move |job| {
            *generation.borrow_mut() += 1;
            let current = *generation.borrow();
            match job {
                None => outcome.set(None),
                Some(job) => submit(job.clone(), move |result| {
                    if *generation.borrow() == current {
                        outcome.set(Some(Rc::new(result)));
                    }
                }),
            }
        });
    }
    (*outcome).clone()
}

/// A worker's answer drawn: its panel, or why there is none.
fn show(outcome: Option<&Outcome>) -> Html {
    match outcome {
        Some(Outcome::Panel(p)) => html! { <PanelView panel={Rc::new(p.clone())} /> },
        Some(Outcome::NotRun(e) | Outcome::BadRequest(e)) => {
            html! { <p class="error-box">{ e }</p> }
        }
        _ => html! {},
    }
}

/// The sandbox page.
#[component]
pub fn CfnSandbox() -> Html {
    // `None` until the learner edits: the worker sends the sample with its report.
    let source = use_state(|| None::<String>);
    let outcome = use_job(Job::CfnTemplate {
        text: (*source).clone(),
        lang: crate::ui::i18n::lang(),
        schemas: crate::labs::CFN_SCHEMAS_FILE.into(),
    });
    // The last answer stays on screen while the next is worked out.
    let shown = use_mut_ref(|| None::<Rc<Outcome>>);
    if outcome.is_some() {
        *shown.borrow_mut() = outcome;
    }
    let shown = shown.borrow().clone();
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
    let lang = crate::ui::i18n::lang();
    // The stack's operations so far, replayed by the worker.
    let ops = use_state(Vec::<Op>::new);
    let no_rollback = use_state(|| false);
    let converted = use_state(|| false);
    let stack = use_last((!ops.is_empty()).then(|| Job::CfnScript {
        ops: (*ops).clone(),
        lang,
        schemas: crate::labs::CFN_SCHEMAS_FILE.into(),
    }));
    let other = use_last((*converted).then(|| Job::CfnConvert {
        text: text.to_string(),
        lang,
    }));
    let choices = match stack.as_deref() {
        Some(Outcome::Panel(p)) => p.choices("edit").to_vec(),
        _ => vec![],
    };
    let push = |make: Rc<dyn Fn() -> Option<Op>>| {
        let ops = ops.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(op) = make() {
                let mut next = (*ops).clone();
                next.push(op);
                ops.set(next);
            }
        })
    };
    let stack_op = |f: fn(String) -> Op| push(Rc::new(move || Some(f(STACK.into()))));
    let template = text.to_string();
    let create = {
        let (template, no_rollback) = (template.clone(), *no_rollback);
        push(Rc::new(move || {
            Some(Op::Create {
                stack: STACK.into(),
                template: template.clone(),
                parameters: vec![],
                disable_rollback: no_rollback,
            })
        }))
    };
    let change_set = push(Rc::new(move || {
        Some(Op::ChangeSet {
            stack: STACK.into(),
            template: template.clone(),
            parameters: vec![],
        })
    }));
    // The console change: the chosen `Resource/Path`, the value typed (empty removes it).
    let field = |id: &str| {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .map(|e| match e.dyn_into::<web_sys::HtmlInputElement>() {
                Ok(i) => i.value(),
                Err(e) => e
                    .dyn_into::<web_sys::HtmlSelectElement>()
                    .map(|s| s.value())
                    .unwrap_or_default(),
            })
            .unwrap_or_default()
    };
    let target = move || {
        let t = field("cfn-edit-target");
        let mut parts = t.split('/').map(str::to_string);
        Some((
            parts.next().filter(|r| !r.is_empty())?,
            parts.collect::<Vec<_>>(),
        ))
    };
    let edit = push(Rc::new(move || {
        let (resource, path) = target()?;
        let value = field("cfn-edit-value");
        Some(Op::Edit {
            stack: STACK.into(),
            resource,
            path,
            value: (!value.is_empty()).then_some(value),
        })
    }));
    let remove = push(Rc::new(move || {
        Some(Op::Remove {
            stack: STACK.into(),
            resource: target()?.0,
        })
    }));
    // A fault hits the next operation: the update once a stack has been created.
    let live = ops.iter().rev().find_map(|op| match op {
        Op::Create { .. } => Some(true),
        Op::Delete { .. } => Some(false),
        _ => None,
    }) == Some(true);
    let faults = report.map_or(vec![], |r| r.waves.concat());
    let faults = faults.into_iter().map(|id| {
        let onclick = {
            let id = id.clone();
            push(Rc::new(move || {
                Some(Op::Fail {
                    stack: STACK.into(),
                    resource: id.clone(),
                    operation: if live { Phase::Update } else { Phase::Create },
                })
            }))
        };
        html! { <button type="button" data-fault={id.clone()} {onclick}>{ t!("Make {id} fail", "Làm {id} thất bại").fill(&[("id", &id)]) }</button> }
    });
    let lines = text.split('\n').count();
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
                    <label class="stack-ops"><input type="checkbox" id="cfn-convert" checked={*converted} onchange={let c = converted.clone(); move |_| c.set(!*c)} />
                        { t!("Show it in the other format (YAML ⇄ JSON)", "Xem ở định dạng còn lại (YAML ⇄ JSON)").s() }</label>
                    <div id="cfn-other">{ show(other.as_deref()) }</div>
                </section>
                <div class="workspace">
                    <p id="cfn-status" {class} role="status">{ status }</p>
                    { for report.map(results) }
                    <h2>{ t!("Deploy it", "Triển khai") .s() }</h2>
                    <div class="stack-ops">
                        <button type="button" id="cfn-create" onclick={create}>{ t!("Create stack", "Tạo stack").s() }</button>
                        <label><input type="checkbox" id="cfn-no-rollback" checked={*no_rollback} onchange={let n = no_rollback.clone(); move |_| n.set(!*n)} />
                            { t!("Disable rollback", "Tắt rollback").s() }</label>
                        <button type="button" id="cfn-change-set" onclick={change_set}>{ t!("Create change set", "Tạo change set").s() }</button>
                        <button type="button" id="cfn-execute" onclick={stack_op(|stack| Op::Execute { stack })}>{ t!("Execute", "Thực thi").s() }</button>
                        <button type="button" id="cfn-drift" onclick={stack_op(|stack| Op::Drift { stack })}>{ t!("Detect drift", "Phát hiện drift").s() }</button>
                        <button type="button" id="cfn-delete" onclick={stack_op(|stack| Op::Delete { stack })}>{ t!("Delete stack", "Xóa stack").s() }</button>
                        <button type="button" id="cfn-reset" onclick={let o = ops.clone(); move |_| o.set(vec![])}>{ t!("Start over", "Làm lại từ đầu").s() }</button>
                    </div>
                    <div class="stack-ops faults">{ for faults }</div>
                    if !choices.is_empty() {
                        <div class="stack-ops">
                            <label for="cfn-edit-target">{ t!("Console change", "Thay đổi trên console").s() }</label>
                            <select id="cfn-edit-target">{ for choices.iter().map(|c| html! { <option value={c.clone()}>{ c }</option> }) }</select>
                            <input id="cfn-edit-value" aria-label={t!("New value (JSON or text; empty: remove it)", "Giá trị mới (JSON hoặc văn bản; để trống: xóa)").s()} placeholder={t!("new value", "giá trị mới").s()} />
                            <button type="button" id="cfn-edit" onclick={edit}>{ t!("Change", "Thay đổi").s() }</button>
                            <button type="button" id="cfn-remove" onclick={remove}>{ t!("Delete the resource", "Xóa resource").s() }</button>
                        </div>
                    }
                    <div id="cfn-stack">{ show(stack.as_deref()) }</div>
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
fn results(report: &CfnReport) -> Html {
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
                <div id="cfn-graph">{ crate::ui::panel::drawing(&report.graph) }</div>
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
