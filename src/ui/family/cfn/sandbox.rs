//! The CloudFormation sandbox (`#/sandbox/cloudformation`): paste or edit any template (YAML
//! or JSON) and see what CloudFormation would reject, each finding at its line and column
//! (a click puts the caret there), and the resource graph in creation waves. The template
//! engine runs in the parsers worker, which fetches the resource knowledge with the first
//! template; the page keeps the last answer on screen while the next one is worked out.
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::ui::i18n::T;

use crate::course::jobs::{CfnReport, Job, Outcome};
use crate::ui::parsers::use_job;

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
                </section>
                <div class="workspace">
                    <p id="cfn-status" {class} role="status">{ status }</p>
                    { for report.map(results) }
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
                { super::graph::view(&report.graph) }
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
