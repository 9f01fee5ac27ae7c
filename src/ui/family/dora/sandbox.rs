//! The DORA sandbox: edit any event log and see its four keys, levels and chart, outside any lab.
use yew::prelude::*;

use super::chart::DoraChart;
use super::dataset::KeysTable;
use crate::engine::dora;
use crate::labs::catalogue;
use crate::ui::cannot_run::{CannotRun, Why};
use crate::ui::text;

/// The sandbox page.
#[component]
pub fn DoraSandbox() -> Html {
    let samples: Vec<(String, String)> = catalogue()
        .labs
        .iter()
        .flat_map(|l| {
            l.workspace
                .dora
                .datasets
                .iter()
                .map(|d| (d.title.clone(), d.source.clone()))
        })
        .collect();
    let source = {
        let first = samples.first().map(|s| s.1.clone()).unwrap_or_default();
        use_state(move || first)
    };
    let parsed = use_memo((*source).clone(), |s| dora::parse_log(s));
    let oninput = {
        let source = source.clone();
        Callback::from(move |e: InputEvent| {
            source.set(
                e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                    .value(),
            );
        })
    };
    let buttons = samples.into_iter().map(|(title, text)| {
        let source = source.clone();
        html! { <button onclick={Callback::from(move |_| source.set(text.clone()))}>{ title }</button> }
    });
    let outcome = match &*parsed {
        Ok(log) => html! {
            <>
                <p class="ok-line" role="status">{ text::log_summary(&log.team, log.commits.len(), log.deployments.len(), log.incidents.len()) }</p>
                <KeysTable keys={dora::four_keys(log)} />
                <DoraChart log={log.clone()} />
            </>
        },
        Err(e) => {
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
            <h1>{ text::SANDBOX_TITLE }</h1>
            <p>{ text::SANDBOX_INTRO }</p>
            <p class="samples">{ text::SANDBOX_LOAD_SAMPLE }{ " " }{ for buttons }</p>
            <div class="player">
                <section class="steps-pane">
                    <label for="log-editor">{ text::LOG_EDITOR_LABEL }</label>
                    <textarea id="log-editor" class="editor" spellcheck="false" value={(*source).clone()} {oninput} rows="28" />
                </section>
                <section class="workspace">{ outcome }</section>
            </div>
        </section>
    }
}
