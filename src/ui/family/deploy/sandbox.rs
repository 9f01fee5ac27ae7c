//! The deployment sandbox: configure a strategy, faults and a rollback alarm, see the run, the real AWS configuration, and compare two strategies on the same seed.
//!
//! The whole set-up lives in the hash route's query (`#/sandbox/deploy?…`, see
//! [`super::setup`]), so reloading or sharing the URL replays the exact run. The AWS
//! configuration JSON is built in the parsers worker (`course::deploy_aws`), which the page
//! starts when it opens; the simulation never waits for it.
use std::rc::Rc;

use yew::prelude::*;

use super::charts::mmss;
use super::form::{select, SetupForm, StrategyFields};
use super::setup::{setup_from_query, setup_to_query, Kind, Platform, Setup, StrategySetup};
use super::text;
use super::view::{config_error, SimulationView};
use crate::course::deploy_aws::{AwsSetup, Block};
use crate::course::jobs::{Job, Outcome};
use crate::engine::deploy::Fault;
use crate::ui::parsers::use_job;
use crate::ui::route::{self, Route};

/// The sandbox page.
#[component]
pub fn DeploySandbox() -> Html {
    crate::ui::stylesheet("deploy.css");
    // Renders again when the URL changes from outside.
    route::use_hash();
    let query = route::query();
    let decoded = {
        let query = query.clone();
        use_state(move || setup_from_query(&query))
    };
    // The URL changed from outside (a pasted link, back/forward): follow it.
    {
        let decoded = decoded.clone();
        use_effect_with(query, move |query| {
            let (setup, warnings) = setup_from_query(query);
            if setup != decoded.0 {
                decoded.set((setup, warnings));
            }
        });
    }
    let now = use_mut_ref(|| 0u32);
    let ontime = {
        let now = now.clone();
        use_callback((), move |t: u32, _| *now.borrow_mut() = t)
    };
    let (setup, warnings) = &*decoded;
    let onchange = {
        let decoded = decoded.clone();
        Callback::from(move |next: Setup| {
            // In place: changing the set-up adds no history entry.
            route::replace_query(&Route::SandboxDeploy, &setup_to_query(&next));
            decoded.set((next, Vec::new()));
        })
    };
    let strategy_change = {
        let setup = setup.clone();
        let onchange = onchange.clone();
        Callback::from(move |strategy: StrategySetup| {
            onchange.emit(Setup {
                strategy,
                ..setup.clone()
            })
        })
    };
    let compare_change = {
        let setup = setup.clone();
        let onchange = onchange.clone();
        Callback::from(move |c: StrategySetup| {
            onchange.emit(Setup {
                compare: Some(c),
                ..setup.clone()
            })
        })
    };
    let compare_toggle = {
        let setup = setup.clone();
        let onchange = onchange.clone();
        Callback::from(move |e: Event| {
            let on = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            let compare = on.then(|| StrategySetup::default().with_kind(Kind::AllAtOnce));
            onchange.emit(Setup {
                compare,
                ..setup.clone()
            })
        })
    };
    let platform_change = {
        let setup = setup.clone();
        let onchange = onchange.clone();
        Callback::from(move |v: String| {
            if let Some(platform) = Platform::parse(&v) {
                onchange.emit(Setup {
                    platform,
                    ..setup.clone()
                })
            }
        })
    };
    let warnings_box = (!warnings.is_empty()).then(|| {
        html! {
            <div class="banner info deploy-warnings" role="status" id="query-warnings">
                <p>{ text::QUERY_WARNINGS.s() }</p>
                <ul>{ for warnings.iter().map(|w| html! { <li>{ w }</li> }) }</ul>
            </div>
        }
    });
    let views = views(setup, ontime);
    let platforms = Platform::ALL
        .into_iter()
        .map(|p| (p.id().to_string(), text::platform_label(p).to_string()))
        .collect();
    let aws = AwsSetup {
        strategy: setup.strategy.clone(),
        compare: setup.compare.clone(),
        platform: setup.platform,
        fleet: setup.fleet,
        alarm: setup.alarm.clone(),
        group: setup.group.clone(),
    };
    let compare_title = setup
        .compare
        .as_ref()
        .map(|c| text::compared(&text::strategy_title(c)));
    html! {
        <section class="page deploy-sandbox">
            <h1>{ text::TITLE.s() }</h1>
            <p class="intro-line">{ text::INTRO.s() }</p>
            { for warnings_box }
            <div class={if setup.compare.is_some() { "deploy-layout compare" } else { "deploy-layout" }}>
                <form class="configurator" aria-label={text::CONFIGURATOR.s()} onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <fieldset>
                        <legend>{ text::STRATEGY.s() }</legend>
                        <StrategyFields strategy={setup.strategy.clone()} onchange={strategy_change} />
                    </fieldset>
                    <Faults setup={setup.clone()} onchange={onchange.clone()} now={Now(now)} />
                    <SetupForm setup={setup.clone()} onchange={onchange.clone()} />
                    <fieldset>
                        <legend>{ text::COMPARE.s() }</legend>
                        <div class="check">
                            <input type="checkbox" id="compare-on" checked={setup.compare.is_some()} onchange={compare_toggle} />
                            <label for="compare-on">{ text::COMPARE_ON.s() }</label>
                        </div>
                        { for setup.compare.as_ref().map(|c| html! {
                            <StrategyFields strategy={c.clone()} prefix="vs-" onchange={compare_change} />
                        }) }
                    </fieldset>
                </form>
                <div class="deploy-main">
                    { views }
                    <section class="aws-config" aria-labelledby="aws-title">
                        <h2 id="aws-title">{ text::AWS_TITLE.s() }</h2>
                        <p class="muted">{ text::AWS_INTRO.s() }</p>
                        { select("platform", text::PLATFORM.s(), platforms, setup.platform.id(), platform_change) }
                        <AwsBlocks setup={aws} {compare_title} />
                    </section>
                </div>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AwsBlocksProps {
    setup: AwsSetup,
    /// The compared strategy's heading, when there is one.
    compare_title: Option<String>,
}

/// The AWS configuration of the set-up, from the parsers worker: "Building…" until its
/// first answer, then the last answer until the next one arrives.
#[component]
fn AwsBlocks(props: &AwsBlocksProps) -> Html {
    let outcome = use_job(Job::DeployAws {
        setup: props.setup.clone(),
        lang: crate::ui::i18n::lang(),
    });
    let building = outcome.is_none();
    let shown = use_mut_ref(|| None::<Rc<Outcome>>);
    if outcome.is_some() {
        *shown.borrow_mut() = outcome;
    }
    let shown = shown.borrow().clone();
    let busy = if building { "true" } else { "false" };
    let body = match shown.as_deref() {
        None => html! { <p class="muted" role="status">{ text::AWS_BUILDING.s() }</p> },
        Some(Outcome::DeployAws(config)) => {
            let compare = config
                .compare
                .as_ref()
                .zip(props.compare_title.as_ref())
                .map(|(blocks, title)| {
                    html! {
                        <section class="aws-compare" aria-label={title.clone()}>
                            <h3 class="aws-compare-title">{ title }</h3>
                            { aws_blocks(blocks) }
                        </section>
                    }
                });
            html! { <>{ aws_blocks(&config.blocks) }{ for compare }</> }
        }
        Some(Outcome::NotRun(reason) | Outcome::BadRequest(reason)) => {
            html! { <p class="error-box" role="status">{ reason }</p> }
        }
        Some(_) => Html::default(),
    };
    html! { <div class="aws-answer" aria-busy={busy}>{ body }</div> }
}

/// Configuration blocks as headings, notes and JSON text (never HTML).
fn aws_blocks(blocks: &[Block]) -> Html {
    html! {
        { for blocks.iter().cloned().map(|b| html! {
            <div class="aws-block">
                <h3>{ b.title }</h3>
                { for b.note.map(|n| html! { <p class="note">{ n }</p> }) }
                { for (!b.json.is_empty()).then(|| html! { <pre class="code" data-aws="json">{ b.json }</pre> }) }
            </div>
        }) }
    }
}

/// The run, or the two runs side by side.
fn views(setup: &Setup, ontime: Callback<u32>) -> Html {
    let main = match setup.config(&setup.strategy) {
        Ok(config) => html! {
            <SimulationView {config} id="sim" ontime={Some(ontime)} open_at_start=true
                title={if setup.compare.is_some() { AttrValue::from(text::strategy_title(&setup.strategy)) } else { AttrValue::default() }} />
        },
        Err(e) => html! { <section class="sim-run" id="sim">{ config_error("sim", &e) }</section> },
    };
    let compare = setup.compare.as_ref().map(|c| match setup.config(c) {
        Ok(config) => html! {
            <SimulationView {config} id="vs" open_at_start=true title={AttrValue::from(text::strategy_title(c))} />
        },
        Err(e) => html! { <section class="sim-run" id="vs">{ config_error("vs", &e) }</section> },
    });
    let class = if compare.is_some() {
        "views compare"
    } else {
        "views"
    };
    html! { <div class={class}>{ main }{ for compare }</div> }
}

/// The playback time shared with the fault buttons, without re-rendering on every tick.
#[derive(Clone)]
pub struct Now(Rc<std::cell::RefCell<u32>>);

impl PartialEq for Now {
    fn eq(&self, other: &Now) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct FaultsProps {
    setup: Setup,
    onchange: Callback<Setup>,
    now: Now,
}

/// Faults on cue: buttons add one at the playback time; each has its time and a remove button.
#[component]
fn Faults(props: &FaultsProps) -> Html {
    let s = &props.setup;
    let add = |make: fn(u32) -> Fault| {
        let s = s.clone();
        let on = props.onchange.clone();
        let now = props.now.clone();
        Callback::from(move |_: MouseEvent| {
            let at = (*now.0.borrow()).min(s.duration_s.saturating_sub(1));
            let mut next = s.clone();
            if next.faults.len() < super::setup::MAX_FAULTS {
                next.faults.push(make(at));
                next.faults.sort_by_key(Fault::at_s);
                on.emit(next);
            }
        })
    };
    let bad = add(|at_s| Fault::BadRelease {
        at_s,
        error_rate: 20.0,
        latency_factor: 2.0,
    });
    let crash = add(|at_s| Fault::InstanceCrash { at_s, count: 3 });
    let spike = add(|at_s| Fault::TrafficSpike {
        at_s,
        duration_s: 120,
        multiplier: 3.0,
    });
    let rows = s.faults.iter().enumerate().map(|(i, f)| {
        let remove = {
            let s = s.clone();
            let on = props.onchange.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next = s.clone();
                if i < next.faults.len() {
                    next.faults.remove(i);
                }
                on.emit(next);
            })
        };
        let retime = {
            let s = s.clone();
            let on = props.onchange.clone();
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                if let Ok(t) = v.trim().parse::<u32>() {
                    let mut next = s.clone();
                    if let Some(f) = next.faults.get_mut(i) {
                        set_at(f, t);
                    }
                    on.emit(next);
                }
            })
        };
        let id = format!("fault-{i}-at");
        html! {
            <li data-fault={i.to_string()}>
                <span class="fault-what">{ text::fault_label(f) }</span>
                <label for={id.clone()}>{ text::FAULT_AT.s() }</label>
                <input id={id} type="number" min="0" value={f.at_s().to_string()} onchange={retime} />
                <span class="muted">{ mmss(f.at_s()) }</span>
                <button type="button" onclick={remove} aria-label={text::remove_fault(i + 1)}>{ text::REMOVE.s() }</button>
            </li>
        }
    });
    html! {
        <fieldset class="faults">
            <legend>{ text::FAULTS.s() }</legend>
            <p class="muted">{ text::FAULTS_HINT.s() }</p>
            <div class="fault-buttons">
                <button type="button" id="add-bad-release" data-fault="bad_release" onclick={bad}>{ text::ADD_BAD_RELEASE.s() }</button>
                <button type="button" id="add-crash" data-fault="instance_crash" onclick={crash}>{ text::ADD_CRASH.s() }</button>
                <button type="button" id="add-spike" data-fault="traffic_spike" onclick={spike}>{ text::ADD_SPIKE.s() }</button>
            </div>
            <ol class="fault-list" id="fault-list">{ for rows }</ol>
        </fieldset>
    }
}

fn set_at(f: &mut Fault, t: u32) {
    match f {
        Fault::BadRelease { at_s, .. }
        | Fault::InstanceCrash { at_s, .. }
        | Fault::TrafficSpike { at_s, .. } => *at_s = t,
    }
}
