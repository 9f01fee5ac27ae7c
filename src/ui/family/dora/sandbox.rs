//! The DORA sandbox: edit any event log and see its five metrics, levels, 2025 profile reading and chart, outside any lab.
use std::rc::Rc;

use yew::prelude::*;

use super::chart::DoraChart;
use super::dataset::KeysTable;
use super::profile::ProfileView;
use crate::course::jobs::{Job, Located, Outcome};
use crate::engine::dora;
use crate::labs::catalogue;
use crate::ui::cannot_run::{CannotRun, Why};
use crate::ui::parsers::use_job;
use crate::ui::shared::Shared;
use crate::ui::text;

/// The sandbox page.
#[component]
pub fn DoraSandbox() -> Html {
    let samples = catalogue()
        .labs
        .iter()
        .flat_map(|l| &l.workspace.dora.datasets)
        .map(|d| (d.title.as_str(), d.source.as_str()));
    let source = use_state(|| {
        let first = samples.clone().next();
        first.map(|s| s.1.to_string()).unwrap_or_default()
    });
    // The YAML parser runs in the parsers worker, fetched the first time this page opens.
    let parsed = use_job(Job::DoraLog((*source).clone()));
    let oninput = {
        let source = source.clone();
        Callback::from(move |e: InputEvent| {
            source.set(
                e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                    .value(),
            );
        })
    };
    let buttons = samples.map(|(title, text)| {
        let source = source.clone();
        html! { <button onclick={Callback::from(move |_| source.set(text.to_string()))}>{ title }</button> }
    });
    let parsed = parsed.as_deref().map(|outcome| match outcome {
        Outcome::DoraLog(Ok(log)) => Ok(Rc::new(log.clone())),
        Outcome::DoraLog(Err(e)) => Err(e.clone()),
        // (Another job's outcome cannot come back for this one.)
        Outcome::BadRequest(reason) | Outcome::NotRun(reason) => Err(Located {
            line: 0,
            column: 0,
            message: reason.clone(),
        }),
        Outcome::CfnTemplate(_) | Outcome::DeployAws(_) => Err(Located {
            line: 0,
            column: 0,
            message: String::new(),
        }),
    });
    let outcome = match &parsed {
        None => {
            html! { <p class="muted" role="status" aria-live="polite">{ text::PARSING.s() }</p> }
        }
        Some(Ok(log)) => html! {
            <>
                <p class="ok-line" role="status">{ text::log_summary(&log.team, log.commits.len(), log.deployments.len(), log.incidents.len()) }</p>
                <KeysTable keys={dora::four_keys(log)} />
                <ProfileView keys={dora::four_keys(log)} level={2} />
                <DoraChart log={Shared::Rc(log.clone())} />
            </>
        },
        Some(Err(e)) if e.line == 0 => html! {
            <CannotRun why={Why::Invalid { heading: None, field: None, reason: e.message.clone() }} id="log-error" />
        },
        Some(Err(e)) => {
            let line_text = source
                .lines()
                .nth(e.line.saturating_sub(1))
                .unwrap_or("")
                .chars()
                .take(200)
                .collect::<String>();
            let why = Why::Invalid {
                heading: Some(text::line_column(e.line, e.column)),
                field: None,
                reason: e.message.clone(),
            };
            html! {
                <CannotRun {why} id="log-error">
                    <pre class="code">{ format!("{:>4} | {line_text}\n     | {}^", e.line, " ".repeat(e.column.saturating_sub(1).min(200))) }</pre>
                </CannotRun>
            }
        }
    };
    html! {
        <section class="page sandbox">
            <h1>{ text::SANDBOX_TITLE.s() }</h1>
            <p>{ text::SANDBOX_INTRO.s() }</p>
            <p class="samples">{ text::SANDBOX_LOAD_SAMPLE.s() }{ " " }{ for buttons }</p>
            <div class="player">
                <section class="steps-pane">
                    <label for="log-editor">{ text::LOG_EDITOR_LABEL.s() }</label>
                    <textarea id="log-editor" class="editor" spellcheck="false" value={(*source).clone()} {oninput} rows="28" />
                </section>
                <section class="workspace">{ outcome }</section>
            </div>
        </section>
    }
}
