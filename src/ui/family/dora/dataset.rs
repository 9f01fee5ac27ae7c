//! A DORA event log in the workspace: its chart, its events as a table, the file itself, and (when the lab allows) its five metrics and the 2025 profiles they resemble.
use yew::prelude::*;

use super::chart::DoraChart;
use super::profile::ProfileView;
use crate::course::family::dora::Dataset;
use crate::engine::dora::{self, DeploymentStatus, EventLog, FourKeys};
use crate::ui::i18n::{lang, number, Lang, T};
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
            { for keys.map(|k| html! { <>
                <KeysTable keys={k.clone()} of={d.title.as_str()} />
                <ProfileView keys={k} />
            </> }) }
            <EventsTable log={Static(&d.log)} of={d.title.as_str()} />
            <details class="raw">
                <summary>{ text::RAW_LOG.s() }{ " — " }<code>{ &d.file }</code></summary>
                <pre class="code" tabindex="0" role="region" aria-label={text::of_dataset(text::RAW_LOG.s(), &d.title)}>{ &d.source }</pre>
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

/// The five metrics, grouped throughput then instability, with the 2024 DORA levels of the
/// four keys (the 2024 clusters have no rework rate).
#[component]
pub fn KeysTable(props: &KeysTableProps) -> Html {
    let k = &props.keys;
    let row = |key: dora::Key| {
        let value = match key {
            dora::Key::DeploymentFrequency => Some(PER_WEEK.fill(&[
                ("week", &fixed(k.deployments_per_week, 1)),
                ("day", &fixed(k.deployments_per_day, 2)),
            ])),
            dora::Key::LeadTime => k
                .lead_time_hours
                .map(|h| DAYS.fill(&[("hours", &hours(h)), ("days", &fixed(h / 24.0, 1))])),
            dora::Key::ChangeFailRate => k.change_fail_rate_percent.map(|p| {
                FAIL_RATE.fill(&[
                    ("percent", &fixed(p, 1)),
                    ("failed", &k.failed_deployments),
                    ("total", &k.deployments),
                ])
            }),
            dora::Key::RecoveryTime => k.recovery_time_hours.map(hours),
        };
        let level = k.level(key);
        html! {
            <tr data-key={key.id()}>
                <th scope="row">{ text::dora_key(key) }</th>
                <td>{ value.unwrap_or_else(|| text::NO_VALUE.s().into()) }</td>
                <td>{ level_badge(level) }</td>
            </tr>
        }
    };
    let group = |factor: dora::Factor| {
        dora::Key::ALL
            .into_iter()
            .filter(move |key| key.factor() == factor)
            .map(row)
    };
    let rework = k.rework_rate_percent.map(|p| {
        FAIL_RATE.fill(&[
            ("percent", &fixed(p, 1)),
            ("failed", &k.rework_deployments),
            ("total", &k.deployments),
        ])
    });
    let label = match &props.of {
        Some(of) => text::of_dataset(text::KEYS_TITLE.s(), of),
        None => text::table_named(text::KEYS_TITLE.s()),
    };
    html! {
        <ScrollBox label={label}>
            <table class="keys">
                <caption>{ text::KEYS_TITLE.s() }</caption>
                <tbody>
                    <tr class="factor"><th scope="rowgroup" colspan="3">{ THROUGHPUT.s() }</th></tr>
                    { for group(dora::Factor::Throughput) }
                    <tr class="factor"><th scope="rowgroup" colspan="3">{ INSTABILITY.s() }</th></tr>
                    { for group(dora::Factor::Instability) }
                    <tr data-key="rework_rate">
                        <th scope="row">{ REWORK_RATE.s() }</th>
                        <td>{ rework.unwrap_or_else(|| text::NO_VALUE.s().into()) }</td>
                        <td class="muted">{ NO_CLUSTER.s() }</td>
                    </tr>
                    <tr class="overall" data-key="overall">
                        <th scope="row">{ text::OVERALL.s() }</th>
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
        None => html! { <span class="level none">{ text::NO_VALUE.s() }</span> },
    }
}

const PER_WEEK: T = t!(
    "{week} per week ({day} per day)",
    "{week} mỗi tuần ({day} mỗi ngày)"
);
const DAYS: T = t!("{hours} ({days} days)", "{hours} ({days} ngày)");
const FIXES: T = t!(
    "rework, unplanned, fixes {incident}",
    "rework, ngoài kế hoạch, khắc phục {incident}"
);
const THROUGHPUT: T = t!("Throughput", "Throughput (thông lượng)");
const INSTABILITY: T = t!("Instability", "Instability (độ bất ổn)");
const REWORK_RATE: T = t!(
    "Deployment rework rate",
    "Tỷ lệ deployment làm lại (rework rate)"
);
const NO_CLUSTER: T = t!("not in the 2024 clusters", "không có trong các cụm 2024");
const FAIL_RATE: T = t!(
    "{percent} % ({failed} of {total})",
    "{percent} % ({failed}/{total})"
);
const HOURS: T = t!("{h} h", "{h} giờ");
const HOURS_MINUTES: T = t!("{h} h ({m} min)", "{h} giờ ({m} phút)");

/// A number with exactly `decimals` decimals, with the language's separator (2.50, 2,50).
fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    match lang() {
        Lang::En => s,
        Lang::Vi => s.replace('.', ","),
    }
}

/// Hours with up to three decimals, trailing zeros trimmed (2.25 h, 0.625 h, 360 h).
fn hours(h: f64) -> String {
    let text = number(h, 3);
    if h < 1.0 {
        HOURS_MINUTES.fill(&[("h", &text), ("m", &format!("{:.0}", h * 60.0))])
    } else {
        HOURS.fill(&[("h", &text)])
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A UTC time's date: year, month (1–12), day. The proleptic Gregorian calendar from days
/// since 1970 (Howard Hinnant's `civil_from_days`), so the app needs no date crate for it.
fn date(unix: i64) -> (i64, i64, i64) {
    let z = unix.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// A UTC time as "Mon 03 Mar 09:12" (in Vietnamese, "2025-03-03 09:12": no English names).
pub fn when(unix: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let (year, month, day) = date(unix);
    let secs = unix.rem_euclid(86_400);
    let (hour, minute) = (secs / 3600, secs % 3600 / 60);
    match lang() {
        Lang::En => format!(
            "{} {day:02} {} {hour:02}:{minute:02}",
            WEEKDAYS[unix.div_euclid(86_400).rem_euclid(7) as usize],
            MONTHS[(month - 1) as usize]
        ),
        Lang::Vi => format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02}"),
    }
}

/// A UTC time's day, for a chart's axis: "03 Mar" (in Vietnamese, "3/3", as the dataset
/// titles write dates).
pub fn day(unix: i64) -> String {
    let (_, month, day) = date(unix);
    match lang() {
        Lang::En => format!("{day:02} {}", MONTHS[(month - 1) as usize]),
        Lang::Vi => format!("{day}/{month}"),
    }
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
        rows.push((
            c.at,
            text::EVENT_COMMIT.s(),
            c.id.clone(),
            String::new(),
            "commit",
        ));
    }
    for d in &log.deployments {
        let succeeded = d.status == DeploymentStatus::Succeeded;
        let class = if succeeded {
            "deploy ok"
        } else {
            "deploy failed"
        };
        let mut detail = text::deployment_detail(succeeded, &d.commits.join(", "));
        if let Some(incident) = &d.fixes {
            detail.push_str("; ");
            detail.push_str(&FIXES.fill(&[("incident", incident)]));
            if let Some(reason) = &d.reason {
                detail.push_str(": ");
                detail.push_str(reason);
            }
        }
        rows.push((
            d.at,
            text::EVENT_DEPLOYMENT.s(),
            d.id.clone(),
            detail,
            class,
        ));
    }
    for i in &log.incidents {
        rows.push((
            i.opened,
            text::EVENT_INCIDENT.s(),
            i.id.clone(),
            text::incident_detail(&when(i.restored), i.deployment.as_deref()),
            "incident",
        ));
    }
    rows.sort_by(|a, b| (a.0, a.4).cmp(&(b.0, b.4)));
    html! {
        <details class="events" open=true>
            <summary>{ text::DATA_TABLE.fill(&[("n", &rows.len())]) }</summary>
            <div class="scroll" tabindex="0" role="region" aria-label={text::of_dataset(text::EVENTS_SCROLL.s(), &props.of)}>
                <table class="events-table">
                    <thead><tr>
                        <th scope="col">{ text::COL_TIME.s() }</th><th scope="col">{ text::COL_EVENT.s() }</th>
                        <th scope="col">{ text::COL_ID.s() }</th><th scope="col">{ text::COL_DETAILS.s() }</th>
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

#[cfg(test)]
mod tests {
    use super::{day, when};
    use crate::ui::i18n::{set_lang, Lang};

    #[test]
    fn times_are_written_as_the_calendar_has_them() {
        set_lang(Lang::En);
        assert_eq!(when(0), "Thu 01 Jan 00:00");
        assert_eq!(when(1_740_993_120), "Mon 03 Mar 09:12"); // 2025-03-03T09:12:00Z
        assert_eq!(when(951_782_400), "Tue 29 Feb 00:00"); // 2000, a leap year
        assert_eq!(when(-1), "Wed 31 Dec 23:59");
        set_lang(Lang::Vi);
        assert_eq!(when(1_740_993_120), "2025-03-03 09:12");
        assert_eq!(when(4_102_444_800), "2100-01-01 00:00");
        set_lang(Lang::En);
    }

    #[test]
    fn a_chart_axis_names_the_day_in_each_language() {
        set_lang(Lang::En);
        assert_eq!(day(1_740_993_120), "03 Mar");
        set_lang(Lang::Vi);
        // Not the time of day (every label was "00:00" in Vietnamese).
        assert_eq!(day(1_740_993_120), "3/3");
        assert_eq!(day(951_782_400), "29/2");
        set_lang(Lang::En);
    }
}
