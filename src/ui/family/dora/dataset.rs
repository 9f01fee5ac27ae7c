//! A DORA event log in the workspace: its chart, its events as a table, the file itself, and (when the lab allows) its four keys.
use time::macros::format_description;
use time::OffsetDateTime;
use yew::prelude::*;

use super::chart::DoraChart;
use crate::course::family::dora::Dataset;
use crate::engine::dora::{self, DeploymentStatus, EventLog, FourKeys};
use crate::ui::scroll_box::ScrollBox;
use crate::ui::shared::{Shared, Static};
use crate::ui::text;

#[derive(Properties, PartialEq)]
pub struct DatasetViewProps {
    pub dataset: Static<Dataset>,
}

/// One dataset of a lab.
#[component]
pub fn DatasetView(props: &DatasetViewProps) -> Html {
    let d = props.dataset.0;
    let keys = d.show_keys.then(|| dora::four_keys(&d.log));
    html! {
        <section class="dataset" aria-labelledby={format!("ds-{}", d.id)}>
            <h2 id={format!("ds-{}", d.id)}>{ &d.title }</h2>
            <DoraChart log={Shared::Static(&d.log)} />
            { for keys.map(|k| html! { <KeysTable keys={k} of={d.title.as_str()} /> }) }
            <EventsTable log={Static(&d.log)} of={d.title.as_str()} />
            <details class="raw">
                <summary>{ text::RAW_LOG }{ " — " }<code>{ &d.file }</code></summary>
                <pre class="code" tabindex="0" role="region" aria-label={text::of_dataset(text::RAW_LOG, &d.title)}>{ &d.source }</pre>
            </details>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct KeysTableProps {
    pub keys: FourKeys,
    /// The dataset's title, when a page may show several.
    #[prop_or_default]
    pub of: Option<AttrValue>,
}

/// The four keys with their 2024 DORA levels.
#[component]
pub fn KeysTable(props: &KeysTableProps) -> Html {
    let k = &props.keys;
    let rows = dora::Key::ALL.into_iter().map(|key| {
        let value = match key {
            dora::Key::DeploymentFrequency => Some(format!(
                "{:.1} per week ({:.2} per day)",
                k.deployments_per_week, k.deployments_per_day
            )),
            dora::Key::LeadTime => k
                .lead_time_hours
                .map(|h| format!("{} ({:.1} days)", hours(h), h / 24.0)),
            dora::Key::ChangeFailRate => k
                .change_fail_rate_percent
                .map(|p| format!("{p:.1} % ({} of {})", k.failed_deployments, k.deployments)),
            dora::Key::RecoveryTime => k.recovery_time_hours.map(hours),
        };
        let level = k.level(key);
        html! {
            <tr data-key={key.id()}>
                <th scope="row">{ text::dora_key(key) }</th>
                <td>{ value.unwrap_or_else(|| text::NO_VALUE.into()) }</td>
                <td>{ level_badge(level) }</td>
            </tr>
        }
    });
    let label = match &props.of {
        Some(of) => text::of_dataset(text::KEYS_TITLE, of),
        None => text::table_named(text::KEYS_TITLE),
    };
    html! {
        <ScrollBox label={label}>
            <table class="keys">
                <caption>{ text::KEYS_TITLE }</caption>
                <tbody>
                    { for rows }
                    <tr class="overall" data-key="overall">
                        <th scope="row">{ text::OVERALL }</th>
                        <td></td>
                        <td>{ level_badge(k.overall()) }</td>
                    </tr>
                </tbody>
            </table>
        </ScrollBox>
    }
}

fn level_badge(level: Option<dora::Level>) -> Html {
    match level {
        Some(l) => html! { <span class={classes!("level", l.id())}>{ text::dora_level(l) }</span> },
        None => html! { <span class="level none">{ text::NO_VALUE }</span> },
    }
}

/// Hours with up to three decimals, trailing zeros trimmed (2.25 h, 0.625 h, 360 h).
fn hours(h: f64) -> String {
    let text = format!("{h:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if h < 1.0 {
        format!("{text} h ({:.0} min)", h * 60.0)
    } else {
        format!("{text} h")
    }
}

/// A UTC time as "Mon 03 Mar 09:12".
pub fn when(unix: i64) -> String {
    let format =
        format_description!("[weekday repr:short] [day] [month repr:short] [hour]:[minute]");
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| unix.to_string())
}

#[derive(Properties, PartialEq)]
struct EventsTableProps {
    log: Static<EventLog>,
    /// The dataset's title.
    of: AttrValue,
}

/// Every event of the log in time order.
#[component]
fn EventsTable(props: &EventsTableProps) -> Html {
    let log = props.log.0;
    let mut rows: Vec<(i64, &'static str, String, String, &'static str)> = Vec::new();
    for c in &log.commits {
        rows.push((c.at, "commit", c.id.clone(), String::new(), "commit"));
    }
    for d in &log.deployments {
        let (status, class) = match d.status {
            DeploymentStatus::Succeeded => ("succeeded", "deploy ok"),
            DeploymentStatus::Failed => ("FAILED", "deploy failed"),
        };
        rows.push((
            d.at,
            "deployment",
            d.id.clone(),
            format!("{status}; ships {}", d.commits.join(", ")),
            class,
        ));
    }
    for i in &log.incidents {
        let cause = i
            .deployment
            .as_ref()
            .map(|d| format!("; caused by {d}"))
            .unwrap_or_default();
        rows.push((
            i.opened,
            "incident",
            i.id.clone(),
            format!("restored {}{cause}", when(i.restored)),
            "incident",
        ));
    }
    rows.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    html! {
        <details class="events" open=true>
            <summary>{ text::DATA_TABLE }{ format!(" ({})", rows.len()) }</summary>
            <div class="scroll" tabindex="0" role="region" aria-label={text::of_dataset(text::EVENTS_SCROLL, &props.of)}>
                <table class="events-table">
                    <thead><tr>
                        <th scope="col">{ text::COL_TIME }</th><th scope="col">{ text::COL_EVENT }</th>
                        <th scope="col">{ text::COL_ID }</th><th scope="col">{ text::COL_DETAILS }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.into_iter().map(|(at, kind, id, detail, class)| html! {
                            <tr {class}><td>{ when(at) }</td><td>{ kind }</td><td><code>{ id }</code></td><td>{ detail }</td></tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </details>
    }
}
