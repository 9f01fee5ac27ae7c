//! The configurator's form controls: labelled inputs that edit a [`Setup`], committed on `change`.
use yew::prelude::*;

use super::setup::{
    metric_id, parse_amount, parse_metric, Kind, Setup, ShiftKind, StrategySetup, TrafficKind,
    METRICS,
};
use super::text;
use crate::engine::alarm::TreatMissingData;
use crate::engine::deploy::PREDEFINED;

/// A labelled input whose committed text goes to `on`.
pub fn input(
    id: &str,
    label: &str,
    kind: &'static str,
    value: String,
    hint: Option<&str>,
    on: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        on.emit(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    let hint_id = format!("{id}-hint");
    html! {
        <div class="field">
            <label for={id.to_string()}>{ label.to_string() }</label>
            <input id={id.to_string()} type={kind} {value} {onchange} step="any"
                aria-describedby={hint.map(|_| hint_id.clone())} />
            { for hint.map(|h| html! { <small id={hint_id.clone()} class="muted">{ h.to_string() }</small> }) }
        </div>
    }
}

/// A labelled select of `(value, label)` options.
pub fn select(
    id: &str,
    label: &str,
    options: Vec<(String, String)>,
    current: &str,
    on: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        on.emit(
            e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value(),
        )
    });
    html! {
        <div class="field">
            <label for={id.to_string()}>{ label.to_string() }</label>
            <select id={id.to_string()} {onchange}>
                { for options.into_iter().map(|(v, l)| {
                    let selected = v == current;
                    html! { <option value={v} {selected}>{ l }</option> }
                }) }
            </select>
        </div>
    }
}

/// A callback that edits a copy of `value` with `f` and emits it.
fn edit<T: Clone + 'static>(
    value: &T,
    on: &Callback<T>,
    f: impl Fn(&mut T, &str) + 'static,
) -> Callback<String> {
    let value = value.clone();
    let on = on.clone();
    Callback::from(move |text: String| {
        let mut next = value.clone();
        f(&mut next, text.trim());
        on.emit(next);
    })
}

fn set_u32(target: &mut u32, text: &str) {
    if let Ok(v) = text.parse::<u32>() {
        *target = v;
    }
}

fn set_f64(target: &mut f64, text: &str) {
    if let Ok(v) = text.parse::<f64>() {
        if v.is_finite() {
            *target = v;
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct StrategyFieldsProps {
    pub strategy: StrategySetup,
    /// Id prefix: "" for the main strategy, "vs-" for the compared one.
    #[prop_or_default]
    pub prefix: AttrValue,
    pub onchange: Callback<StrategySetup>,
}

/// A strategy and the parameters of the chosen kind.
#[component]
pub fn StrategyFields(props: &StrategyFieldsProps) -> Html {
    let s = &props.strategy;
    let on = &props.onchange;
    let p = props.prefix.as_str();
    let id = |name: &str| format!("{p}{name}");
    let kinds = Kind::ALL
        .into_iter()
        .map(|k| (k.id().to_string(), text::kind_label(k).to_string()))
        .collect();
    let mut fields = vec![select(
        &id("strategy"),
        text::STRATEGY.s(),
        kinds,
        s.kind.id(),
        edit(s, on, |s, v| {
            if let Some(k) = Kind::parse(v) {
                s.kind = k;
            }
        }),
    )];
    match s.kind {
        Kind::AllAtOnce => {}
        Kind::InPlace => fields.push(input(
            &id("min-healthy"),
            text::MIN_HEALTHY.s(),
            "text",
            s.min_healthy.to_string(),
            Some(text::AMOUNT_HINT.s()),
            edit(s, on, |s, v| {
                if let Some(a) = parse_amount(v) {
                    s.min_healthy = a;
                }
            }),
        )),
        Kind::Rolling | Kind::RollingAdditionalBatch => {
            fields.push(input(
                &id("batch"),
                text::BATCH.s(),
                "text",
                s.batch.to_string(),
                Some(text::AMOUNT_HINT.s()),
                edit(s, on, |s, v| {
                    if let Some(a) = parse_amount(v) {
                        s.batch = a;
                    }
                }),
            ));
            if s.kind == Kind::Rolling {
                fields.push(input(
                    &id("min-healthy"),
                    text::MIN_HEALTHY.s(),
                    "text",
                    s.min_healthy.to_string(),
                    Some(text::AMOUNT_HINT.s()),
                    edit(s, on, |s, v| {
                        if let Some(a) = parse_amount(v) {
                            s.min_healthy = a;
                        }
                    }),
                ));
            }
        }
        Kind::Predefined => {
            let options = PREDEFINED
                .iter()
                .map(|d| {
                    (
                        d.name.to_string(),
                        format!("{} ({})", d.name, d.platform.label()),
                    )
                })
                .collect();
            fields.push(select(
                &id("predefined"),
                text::PREDEFINED_NAME.s(),
                options,
                &s.name,
                edit(s, on, |s, v| {
                    if PREDEFINED.iter().any(|d| d.name == v) {
                        s.name = v.to_string();
                    }
                }),
            ));
        }
        Kind::BlueGreen | Kind::Canary | Kind::Linear => {
            let shift = match s.kind {
                Kind::Canary => ShiftKind::Canary,
                Kind::Linear => ShiftKind::Linear,
                _ => {
                    let options = ShiftKind::ALL
                        .into_iter()
                        .map(|k| (k.id().to_string(), text::shift_label(k).to_string()))
                        .collect();
                    fields.push(select(
                        &id("shift"),
                        text::SHIFT.s(),
                        options,
                        s.shift.id(),
                        edit(s, on, |s, v| {
                            if let Some(k) = ShiftKind::parse(v) {
                                s.shift = k;
                            }
                        }),
                    ));
                    s.shift
                }
            };
            match shift {
                ShiftKind::AllAtOnce => {}
                ShiftKind::Canary => {
                    fields.push(input(
                        &id("canary-percent"),
                        text::CANARY_PERCENT.s(),
                        "number",
                        s.canary_percent.to_string(),
                        None,
                        edit(s, on, |s, v| set_u32(&mut s.canary_percent, v)),
                    ));
                    fields.push(input(
                        &id("bake"),
                        text::BAKE_MIN.s(),
                        "number",
                        s.bake_min.to_string(),
                        None,
                        edit(s, on, |s, v| set_u32(&mut s.bake_min, v)),
                    ));
                }
                ShiftKind::Linear => {
                    fields.push(input(
                        &id("step-percent"),
                        text::STEP_PERCENT.s(),
                        "number",
                        s.step_percent.to_string(),
                        None,
                        edit(s, on, |s, v| set_u32(&mut s.step_percent, v)),
                    ));
                    fields.push(input(
                        &id("interval"),
                        text::INTERVAL_MIN.s(),
                        "number",
                        s.interval_min.to_string(),
                        None,
                        edit(s, on, |s, v| set_u32(&mut s.interval_min, v)),
                    ));
                }
            }
            fields.push(input(
                &id("test-s"),
                text::TEST_S.s(),
                "number",
                s.test_s.to_string(),
                None,
                edit(s, on, |s, v| set_u32(&mut s.test_s, v)),
            ));
            fields.push(input(
                &id("test-rps"),
                text::TEST_RPS.s(),
                "number",
                s.test_rps.to_string(),
                None,
                edit(s, on, |s, v| set_f64(&mut s.test_rps, v)),
            ));
        }
    }
    html! { <>{ for fields }</> }
}

#[derive(Properties, PartialEq)]
pub struct SetupFormProps {
    pub setup: Setup,
    pub onchange: Callback<Setup>,
}

/// Everything but the strategy and the faults: fleet, traffic, versions, alarm, seed.
#[component]
pub fn SetupForm(props: &SetupFormProps) -> Html {
    let s = &props.setup;
    let on = &props.onchange;
    let traffic_options = TrafficKind::ALL
        .into_iter()
        .map(|k| (k.id().to_string(), text::traffic_label(k).to_string()))
        .collect();
    let mut traffic = vec![
        input(
            "fleet",
            text::FLEET.s(),
            "number",
            s.fleet.to_string(),
            None,
            edit(s, on, |s, v| set_u32(&mut s.fleet, v)),
        ),
        select(
            "traffic",
            text::TRAFFIC.s(),
            traffic_options,
            s.traffic.id(),
            edit(s, on, |s, v| {
                if let Some(t) = TrafficKind::parse(v) {
                    s.traffic = t;
                }
            }),
        ),
        input(
            "rps",
            text::RPS.s(),
            "number",
            s.rps.to_string(),
            None,
            edit(s, on, |s, v| set_f64(&mut s.rps, v)),
        ),
    ];
    match s.traffic {
        TrafficKind::Steady => {}
        TrafficKind::Diurnal => {
            traffic.push(input(
                "amplitude",
                text::AMPLITUDE.s(),
                "number",
                s.amplitude.to_string(),
                None,
                edit(s, on, |s, v| set_f64(&mut s.amplitude, v)),
            ));
            traffic.push(input(
                "cycle",
                text::CYCLE.s(),
                "number",
                s.cycle_s.to_string(),
                None,
                edit(s, on, |s, v| set_u32(&mut s.cycle_s, v)),
            ));
        }
        TrafficKind::Spike => {
            traffic.push(input(
                "spike-at",
                text::SPIKE_AT.s(),
                "number",
                s.spike_at_s.to_string(),
                None,
                edit(s, on, |s, v| set_u32(&mut s.spike_at_s, v)),
            ));
            traffic.push(input(
                "spike-s",
                text::SPIKE_S.s(),
                "number",
                s.spike_s.to_string(),
                None,
                edit(s, on, |s, v| set_u32(&mut s.spike_s, v)),
            ));
            traffic.push(input(
                "spike-x",
                text::SPIKE_X.s(),
                "number",
                s.spike_x.to_string(),
                None,
                edit(s, on, |s, v| set_f64(&mut s.spike_x, v)),
            ));
        }
    }
    traffic.push(input(
        "duration",
        text::DURATION.s(),
        "number",
        s.duration_s.to_string(),
        None,
        edit(s, on, |s, v| set_u32(&mut s.duration_s, v)),
    ));
    traffic.push(input(
        "deploy-at",
        text::DEPLOY_AT.s(),
        "number",
        s.deploy_at_s.to_string(),
        None,
        edit(s, on, |s, v| set_u32(&mut s.deploy_at_s, v)),
    ));

    let version = |name: &'static str, label: &'static str, blue: bool| {
        let v = if blue { s.blue } else { s.green };
        html! {
            <fieldset class="version">
                <legend>{ label }</legend>
                { input(&format!("{name}-error"), text::ERROR_RATE.s(), "number", v.error_rate.to_string(), None,
                    edit(s, on, move |s, t| set_f64(if blue { &mut s.blue.error_rate } else { &mut s.green.error_rate }, t))) }
                { input(&format!("{name}-p50"), text::P50.s(), "number", v.p50_ms.to_string(), None,
                    edit(s, on, move |s, t| set_f64(if blue { &mut s.blue.p50_ms } else { &mut s.green.p50_ms }, t))) }
                { input(&format!("{name}-p99"), text::P99.s(), "number", v.p99_ms.to_string(), None,
                    edit(s, on, move |s, t| set_f64(if blue { &mut s.blue.p99_ms } else { &mut s.green.p99_ms }, t))) }
            </fieldset>
        }
    };

    let alarm_toggle = {
        let s = s.clone();
        let on = on.clone();
        Callback::from(move |e: Event| {
            let checked = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            let mut next = s.clone();
            next.alarm = checked.then(|| s.alarm.clone().unwrap_or_default());
            on.emit(next);
        })
    };
    let alarm_fields = s.alarm.as_ref().map(|a| {
        let metrics = METRICS
            .into_iter()
            .map(|m| (metric_id(m).to_string(), text::metric_label(m).to_string()))
            .collect();
        let missing = TreatMissingData::ALL
            .into_iter()
            .map(|t| (t.name().to_string(), t.name().to_string()))
            .collect();
        let with = |f: fn(&mut super::setup::AlarmSetup, &str)| {
            edit(s, on, move |s, v| {
                if let Some(a) = s.alarm.as_mut() {
                    f(a, v);
                }
            })
        };
        html! {
            <>
                { select("alarm-metric", text::ALARM_METRIC.s(), metrics, metric_id(a.metric), with(|a, v| {
                    if let Some(m) = parse_metric(v) { a.metric = m; }
                })) }
                { input("alarm-threshold", text::threshold_field(a.metric), "number", a.threshold.to_string(), None, with(|a, v| set_f64(&mut a.threshold, v))) }
                { input("alarm-period", text::ALARM_PERIOD.s(), "number", a.period_s.to_string(), Some(text::PERIOD_HINT.s()), with(|a, v| set_u32(&mut a.period_s, v))) }
                { input("alarm-n", text::ALARM_N.s(), "number", a.n.to_string(), None, with(|a, v| set_u32(&mut a.n, v))) }
                { input("alarm-m", text::ALARM_M.s(), "number", a.m.to_string(), None, with(|a, v| set_u32(&mut a.m, v))) }
                { select("alarm-missing", text::ALARM_MISSING.s(), missing, a.missing.name(), with(|a, v| {
                    if let Ok(t) = TreatMissingData::parse(v) { a.missing = t; }
                })) }
            </>
        }
    });
    let check =
        |id: &'static str, label: &'static str, checked: bool, set: fn(&mut Setup, bool)| {
            let s = s.clone();
            let on = on.clone();
            let onchange = Callback::from(move |e: Event| {
                let checked = e
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked();
                let mut next = s.clone();
                set(&mut next, checked);
                on.emit(next);
            });
            html! {
                <div class="check">
                    <input type="checkbox" {id} {checked} {onchange} />
                    <label for={id}>{ label }</label>
                </div>
            }
        };
    let g = &s.group;
    html! {
        <>
            <fieldset>
                <legend>{ text::FLEET_AND_TRAFFIC.s() }</legend>
                { for traffic }
            </fieldset>
            <fieldset>
                <legend>{ text::VERSIONS.s() }</legend>
                <div class="versions">
                    { version("blue", text::BLUE.s(), true) }
                    { version("green", text::GREEN.s(), false) }
                </div>
            </fieldset>
            <fieldset>
                <legend>{ text::ALARM.s() }</legend>
                <div class="check">
                    <input type="checkbox" id="alarm-on" checked={s.alarm.is_some()} onchange={alarm_toggle} />
                    <label for="alarm-on">{ text::ALARM_ON.s() }</label>
                </div>
                { for alarm_fields }
            </fieldset>
            <fieldset id="deployment-group">
                <legend>{ text::GROUP.s() }</legend>
                <p class="hint">{ text::GROUP_HINT.s() }</p>
                { check("rollback-alarm", text::ROLLBACK_ON_ALARM.s(), g.rollback_on_alarm, |s, on| s.group.rollback_on_alarm = on) }
                { check("rollback-failure", text::ROLLBACK_ON_FAILURE.s(), g.rollback_on_failure, |s, on| s.group.rollback_on_failure = on) }
                { input("wait", text::WAIT_MIN.s(), "number", g.wait_min.to_string(), None, edit(s, on, |s, v| set_u32(&mut s.group.wait_min, v))) }
                { check("keep-alive", text::KEEP_ALIVE.s(), g.keep_alive, |s, on| s.group.keep_alive = on) }
            </fieldset>
            <fieldset>
                <legend>{ text::SEED.s() }</legend>
                { input("seed", text::SEED_LABEL.s(), "number", s.seed.to_string(), Some(text::SEED_HINT.s()), edit(s, on, |s, v| {
                    if let Ok(n) = v.parse::<u64>() { s.seed = n; }
                })) }
            </fieldset>
        </>
    }
}
