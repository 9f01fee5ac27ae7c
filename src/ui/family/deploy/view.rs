//! One simulation run: its charts, summary and event log, with playback (play, pause, step, speed, scrubber).
//!
//! The run is computed once per configuration, in the parsers worker (`Job::Simulate`: the
//! simulator is not in the app's first load); playback only moves a cursor over the charts,
//! dims the part of each chart after it, and reveals the events up to it. Until the first
//! answer the view says "Simulating…"; after that it keeps the last run on screen while the
//! next one is computed (`aria-busy`), so that moving a slider never blanks the page.
use std::rc::Rc;

use yew::prelude::*;

use super::charts::{self, cursor_style, future_style, mmss, ChartKind};
use super::text;
use crate::course::jobs::{Job, Outcome as JobOutcome};
use crate::engine::alarm::AlarmState;
use crate::engine::deploy::{ConfigError, EventKind, Outcome, SimConfig, Simulation};
use crate::ui::cannot_run::{CannotRun, Why};
use crate::ui::chart_hook::use_fitted_canvas_chart_sized;
use crate::ui::i18n::T;
use crate::ui::present::playback::{controls, use_playback};

#[derive(Properties, PartialEq)]
pub struct SimulationViewProps {
    /// What to simulate.
    pub config: SimConfig,
    /// A heading above the run (none when empty).
    #[prop_or_default]
    pub title: AttrValue,
    /// The prefix of the element ids (`sim` gives `#sim-ms`, `#sim-scrubber`…).
    #[prop_or(AttrValue::Static("sim"))]
    pub id: AttrValue,
    /// Told the playback time (whole seconds) whenever it changes.
    #[prop_or_default]
    pub ontime: Option<Callback<u32>>,
    /// Whether playback opens at 00:00 (the sandbox, where new faults land at the playback
    /// time) rather than at the end with the whole run revealed (a lab's fixed runs).
    #[prop_or_default]
    pub open_at_start: bool,
    /// A compact run for comparing runs side by side: the key figures, the events that
    /// decided the outcome, and the failed-requests and alarm charts, without playback.
    #[prop_or_default]
    pub compact: bool,
}

/// A run and its configuration, compared by identity so props stay cheap.
#[derive(Clone)]
pub struct Run(pub Rc<(SimConfig, Simulation)>);

impl PartialEq for Run {
    fn eq(&self, other: &Run) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What the worker answered for one configuration, and the job's round trip in ms (asking,
/// simulating in the worker, the answer's bytes back and decoded).
struct Computed {
    /// The configuration it answers.
    config: SimConfig,
    result: Result<Run, Failed>,
    ms: f64,
}

/// Why there is no run.
enum Failed {
    /// The engine's reason for not running the configuration.
    Config(ConfigError),
    /// The worker could not run the job (it did not load), worded.
    Worker(String),
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The latest simulation the worker answered for this view (kept while a newer configuration
/// is simulated), and whether it is for `config`. A newer configuration's job makes the
/// answer to an older one stale: it is dropped.
#[hook]
fn use_simulation(config: &SimConfig) -> (Option<Rc<Computed>>, bool) {
    let latest = use_state(|| None::<Rc<Computed>>);
    let generation = use_mut_ref(|| 0u64);
    {
        let latest = latest.clone();
        use_effect_with(config.clone(), move |config| {
            let current = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            let t0 = now_ms();
            let config = config.clone();
            crate::ui::parsers::submit(Job::Simulate(config.clone()), move |outcome| {
                if *generation.borrow() != current {
                    return;
                }
                let result = match outcome {
                    JobOutcome::Simulated(Ok(sim)) => Ok(Run(Rc::new((config.clone(), sim)))),
                    JobOutcome::Simulated(Err(e)) => Err(Failed::Config(e)),
                    JobOutcome::NotRun(why) | JobOutcome::BadRequest(why) => {
                        Err(Failed::Worker(why))
                    }
                    _ => Err(Failed::Worker(String::new())),
                };
                latest.set(Some(Rc::new(Computed {
                    config,
                    result,
                    ms: now_ms() - t0,
                })));
            });
        });
    }
    let current = latest.as_ref().is_some_and(|c| c.config == *config);
    ((*latest).clone(), current)
}

/// A simulation run with playback.
#[component]
pub fn SimulationView(props: &SimulationViewProps) -> Html {
    crate::ui::stylesheet("deploy.css");
    let (computed, current) = use_simulation(&props.config);
    let duration = props.config.duration_s;
    let open_at = if props.open_at_start { 0 } else { duration };
    let playback = use_playback(duration, open_at);
    let now = (playback.t.floor() as u32).min(duration);
    {
        let ontime = props.ontime.clone();
        use_effect_with(now, move |&now| {
            if let Some(cb) = ontime {
                cb.emit(now);
            }
        });
    }
    let id = props.id.clone();
    let titled = !props.title.is_empty();
    let heading = titled.then(|| html! { <h2>{ props.title.clone() }</h2> });
    let Some(computed) = computed else {
        return html! {
            <section class="sim-run" id={id.clone()} aria-busy="true">
                { for heading }
                <p class="muted sim-waiting" role="status">{ text::SIMULATING.s() }</p>
            </section>
        };
    };
    let body = match &computed.result {
        Err(Failed::Config(e)) => config_error(&id, e),
        Err(Failed::Worker(why)) => {
            let why = if why.is_empty() {
                crate::ui::text::PARSER_UNAVAILABLE.s().to_string()
            } else {
                why.clone()
            };
            html! { <p class="error-box" role="status" id={format!("{id}-error")}>{ why }</p> }
        }
        Ok(run) if props.compact => html! {
            <div class="sim-compact">
                <SummaryTable run={run.clone()} id={id.clone()} compact=true />
                <DecidingEvents run={run.clone()} id={id.clone()} {titled} />
                <SimChart run={run.clone()} kind={ChartKind::Errors} now={duration} />
                for index in 0..run.0 .1.alarms.len() {
                    <AlarmChart run={run.clone()} {index} now={duration} />
                }
            </div>
        },
        Ok(run) => {
            html! {
                <>
                    <p class="sim-meta">
                        <span id={format!("{id}-ms")} data-ms={format!("{:.1}", computed.ms)}>
                            { text::sim_took(computed.ms, run.0 .0.duration_s, run.0 .0.fleet_size) }
                        </span>
                        // The seed replays a rehearsed demo exactly.
                        <span class="seed" id={format!("{id}-seed")}>{ seed_label(props.config.seed) }</span>
                    </p>
                    { controls(&id, &playback) }
                    <div class="sim-body">
                        <div class="sim-side">
                            <SummaryTable run={run.clone()} id={id.clone()} />
                            <EventLog run={run.clone()} now={now} id={id.clone()} {titled} />
                        </div>
                        <div class="sim-charts">
                            { for ChartKind::ALL.into_iter().map(|kind| html! {
                                <>
                                    <SimChart run={run.clone()} {kind} {now} />
                                    // What each alarm evaluated, next to the request-level rate.
                                    { for (kind == ChartKind::Errors).then(|| html! {
                                        for index in 0..run.0 .1.alarms.len() {
                                            <AlarmChart run={run.clone()} {index} {now} />
                                        }
                                    }) }
                                </>
                            }) }
                            <p class="event-keys" aria-hidden="true">
                                <span class="ev shift">{ text::KEY_SHIFT.s() }</span>
                                <span class="ev alarm">{ text::KEY_ALARM.s() }</span>
                                <span class="ev rollback">{ text::KEY_ROLLBACK.s() }</span>
                                <span class="ev fault">{ text::KEY_FAULT.s() }</span>
                                <span class="ev cursor">{ text::KEY_CURSOR.s() }</span>
                            </p>
                        </div>
                    </div>
                </>
            }
        }
    };
    // The last run stays on screen while the next one is simulated.
    let busy = if current { "false" } else { "true" };
    html! {
        <section class="sim-run" id={id.clone()} aria-busy={busy}>
            { for heading }
            { body }
        </section>
    }
}

/// The engine's reason for not running a configuration, with the field at fault; its id is `{id}-error`.
pub fn config_error(id: &str, e: &ConfigError) -> Html {
    let why = Why::Invalid {
        heading: Some(text::CONFIG_PROBLEM.s().to_string()),
        field: Some(e.field.clone()),
        reason: text::config_reason(&e.reason),
    };
    html! { <CannotRun {why} id={format!("{id}-error")} /> }
}

/// "Seed 42": the number that makes the run the same on every machine.
fn seed_label(seed: u64) -> String {
    t!("Seed {seed}", "Giá trị seed {seed}").fill(&[("seed", &seed)])
}

#[derive(Properties, PartialEq)]
struct RunProps {
    run: Run,
    id: AttrValue,
    /// Only the figures that decide a comparison.
    #[prop_or_default]
    compact: bool,
}

/// The run's totals, one row per figure, with `data-summary` ids and raw `data-value`s.
#[component]
fn SummaryTable(props: &RunProps) -> Html {
    let (config, sim) = &*props.run.0;
    let s = &sim.summary;
    let percent = if s.requests > 0 {
        s.failed_requests as f64 * 100.0 / s.requests as f64
    } else {
        0.0
    };
    let outcome = match s.outcome {
        Outcome::Succeeded => ("succeeded", text::OUTCOME_SUCCEEDED.s()),
        Outcome::RolledBack => ("rolled-back", text::OUTCOME_ROLLED_BACK.s()),
        Outcome::Stopped => ("stopped", text::OUTCOME_STOPPED.s()),
        Outcome::Failed => ("failed", text::OUTCOME_FAILED.s()),
        Outcome::InProgress => ("in-progress", text::OUTCOME_IN_PROGRESS.s()),
    };
    let stopped = match (
        s.bad_release_at_s,
        s.bad_release_stopped_s,
        s.rollback_started_s,
    ) {
        (None, _, _) => ("none".to_string(), text::NO_BAD_RELEASE.s().to_string()),
        (Some(bad), Some(stop), _) => (
            stop.to_string(),
            text::stopped_at(&mmss(stop), &mmss(stop.saturating_sub(bad))),
        ),
        // Rolled back before the release turned bad: say so, and whether green still
        // served anyone once it was bad.
        (Some(bad), None, Some(rollback)) => {
            let served: u64 = sim
                .series
                .iter()
                .skip(bad as usize)
                .map(|second| second.green_requests)
                .sum();
            (
                "rolled-back-before".to_string(),
                text::rolled_back_before(&mmss(rollback), &mmss(bad), served),
            )
        }
        (Some(bad), None, None) => {
            let served = sim
                .series
                .iter()
                .skip(bad as usize)
                .any(|second| second.green_requests > 0);
            if served {
                ("not-stopped".to_string(), text::NOT_STOPPED.s().to_string())
            } else {
                ("never-served".to_string(), text::never_served(&mmss(bad)))
            }
        }
    };
    let rows: Vec<(&str, &str, String, String)> = vec![
        (
            "failed_requests",
            text::SUM_FAILED.s(),
            s.failed_requests.to_string(),
            text::failed(s.failed_requests, s.requests, percent),
        ),
        (
            "outage_seconds",
            text::SUM_OUTAGE.s(),
            s.outage_seconds.to_string(),
            text::seconds(s.outage_seconds),
        ),
        (
            "rollout_duration",
            text::SUM_DURATION.s(),
            s.rollout_duration_s
                .map(|d| d.to_string())
                .unwrap_or_default(),
            s.rollout_duration_s
                .map(mmss)
                .unwrap_or_else(|| text::NOT_FINISHED.s().to_string()),
        ),
        (
            "outcome",
            text::SUM_OUTCOME.s(),
            outcome.0.to_string(),
            outcome.1.to_string(),
        ),
        (
            "bad_release_stopped",
            text::SUM_STOPPED.s(),
            stopped.0,
            stopped.1,
        ),
        (
            "peak_extra_instances",
            text::SUM_EXTRA.s(),
            s.peak_extra_instances.to_string(),
            text::extra(s.peak_extra_instances, config.fleet_size),
        ),
        (
            "instance_minutes",
            text::SUM_MINUTES.s(),
            format!("{:.1}", s.instance_minutes),
            format!("{:.0}", s.instance_minutes),
        ),
    ];
    let rows = rows
        .into_iter()
        .filter(|(key, ..)| {
            !props.compact || ["failed_requests", "outcome", "bad_release_stopped"].contains(key)
        })
        .collect::<Vec<_>>();
    html! {
        <table class="summary" id={format!("{}-summary", props.id)}>
            <caption>{ text::SUMMARY.s() }</caption>
            <tbody>
                { for rows.into_iter().map(|(key, label, value, shown)| html! {
                    <tr data-summary={key}>
                        <th scope="row">{ label }</th>
                        <td data-value={value}>{ shown }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct EventLogProps {
    run: Run,
    now: u32,
    id: AttrValue,
    /// Whether the run has its own heading (`<h2>`), which the list's heading is then under.
    titled: bool,
}

#[derive(Properties, PartialEq)]
struct DecidingEventsProps {
    run: Run,
    id: AttrValue,
    /// As in [`EventLogProps`].
    titled: bool,
}

/// A heading inside a run: `<h3>` under the run's own `<h2>`, or `<h2>` when the run has
/// none (the sandbox's single run, right under the page's `<h1>`), so that headings go
/// down one level at a time.
fn run_heading(titled: bool, id: String, text: &'static str) -> Html {
    let tag = if titled { "h3" } else { "h2" };
    html! { <@{tag} {id}>{ text }</@> }
}

/// The events up to the playback time, with their times.
#[component]
fn EventLog(props: &EventLogProps) -> Html {
    let events = &props.run.0 .1.events;
    let shown: Vec<_> = events.iter().filter(|e| e.t <= props.now).collect();
    let later = events.len() - shown.len();
    html! {
        <section class="event-log" aria-labelledby={format!("{}-events-title", props.id)}>
            { run_heading(props.titled, format!("{}-events-title", props.id), text::EVENTS.s()) }
            <ol id={format!("{}-events", props.id)} aria-live="off">
                { for shown.into_iter().map(|e| html! {
                    <li class={event_class(e.kind)} data-kind={event_id(e.kind)}>
                        <time>{ mmss(e.t) }</time>{ " " }<span>{ text::event(e) }</span>
                    </li>
                }) }
            </ol>
            { for (later > 0).then(|| html! { <p class="muted">{ text::later_events(later) }</p> }) }
        </section>
    }
}

/// The events that decide a run's outcome: the release turning bad, an alarm going to
/// ALARM, the stop it causes, the rollback, the deployment's end.
#[component]
fn DecidingEvents(props: &DecidingEventsProps) -> Html {
    let events = props.run.0 .1.events.iter().filter(|e| match e.kind {
        EventKind::BadRelease
        | EventKind::DeploymentStopped
        | EventKind::RollbackStarted
        | EventKind::DeploymentSucceeded
        | EventKind::DeploymentFailed => true,
        EventKind::AlarmStateChanged => text::went_to_alarm(e),
        _ => false,
    });
    html! {
        <section class="event-log deciding" aria-labelledby={format!("{}-deciding-title", props.id)}>
            { run_heading(props.titled, format!("{}-deciding-title", props.id), text::DECIDING_EVENTS.s()) }
            <ol id={format!("{}-deciding", props.id)}>
                { for events.map(|e| html! {
                    <li class={event_class(e.kind)} data-kind={event_id(e.kind)}>
                        <time>{ mmss(e.t) }</time>{ " " }<span>{ text::event(e) }</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}

fn event_class(kind: EventKind) -> &'static str {
    match kind {
        EventKind::TrafficShifted => "ev shift",
        EventKind::AlarmStateChanged => "ev alarm",
        EventKind::RollbackStarted
        | EventKind::RollbackFinished
        | EventKind::DeploymentFailed
        | EventKind::DeploymentStopped => "ev rollback",
        EventKind::BadRelease | EventKind::InstanceCrashed | EventKind::TrafficSpike => "ev fault",
        EventKind::DeploymentSucceeded => "ev success",
        _ => "ev",
    }
}

/// A stable id per event kind for tests and styling.
pub fn event_id(kind: EventKind) -> &'static str {
    match kind {
        EventKind::DeploymentStarted => "deployment-started",
        EventKind::InstancesLaunched => "instances-launched",
        EventKind::FleetHealthy => "fleet-healthy",
        EventKind::TestTraffic => "test-traffic",
        EventKind::BatchStarted => "batch-started",
        EventKind::BatchFinished => "batch-finished",
        EventKind::TrafficShifted => "traffic-shifted",
        EventKind::InstancesTerminated => "instances-terminated",
        EventKind::InstancesKeptAlive => "instances-kept-alive",
        EventKind::AlarmStateChanged => "alarm-state-changed",
        EventKind::DeploymentStopped => "deployment-stopped",
        EventKind::RollbackStarted => "rollback-started",
        EventKind::RollbackFinished => "rollback-finished",
        EventKind::DeploymentSucceeded => "deployment-succeeded",
        EventKind::DeploymentFailed => "deployment-failed",
        EventKind::InstanceCrashed => "instance-crashed",
        EventKind::InstanceReplaced => "instance-replaced",
        EventKind::BadRelease => "bad-release",
        EventKind::TrafficSpike => "traffic-spike",
    }
}

#[derive(Properties, PartialEq)]
struct SimChartProps {
    run: Run,
    kind: ChartKind,
    now: u32,
}

/// One chart: drawn once per run, theme and width; the cursor is an overlay placed by the
/// size the canvas was drawn at.
#[component]
fn SimChart(props: &SimChartProps) -> Html {
    let (canvas, size) = use_fitted_canvas_chart_sized(
        (props.run.clone(), props.kind),
        |root, (run, kind), theme| {
            let (config, sim) = &*run.0;
            charts::draw(root, sim, config, *kind, theme)
        },
    );
    let size = size.unwrap_or((charts::WIDTH, charts::HEIGHT));
    let (config, sim) = &*props.run.0;
    let (title, keys) = text::chart_title(props.kind);
    let label = text::chart_aria(props.kind, &sim.summary, config.duration_s);
    html! {
        <figure class="sim-chart" data-chart={props.kind.id()}>
            <figcaption>
                <strong>{ title.s() }</strong>
                { for keys.iter().map(|(class, key)| html! { <span class={classes!("key", *class)}>{ key.s() }</span> }) }
            </figcaption>
            <div class="plot">
                <canvas ref={canvas} width={charts::WIDTH.to_string()} height={charts::HEIGHT.to_string()}
                    role="img" aria-label={label}></canvas>
                <div class="future" style={future_style(props.now, config.duration_s, size)}></div>
                <div class="cursor" style={cursor_style(props.now, config.duration_s, size)}></div>
            </div>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct AlarmChartProps {
    run: Run,
    index: usize,
    now: u32,
}

/// What one rollback alarm evaluated: its datapoints per period, marked breaching or not,
/// against its threshold; `data-fired` is the end of the period that put it in ALARM.
#[component]
fn AlarmChart(props: &AlarmChartProps) -> Html {
    let (canvas, size) = use_fitted_canvas_chart_sized(
        (props.run.clone(), props.index),
        |root, (run, index), theme| {
            let (config, sim) = &*run.0;
            charts::draw_alarm(root, sim, config, *index, theme)
        },
    );
    let size = size.unwrap_or((charts::WIDTH, charts::HEIGHT));
    let (config, sim) = &*props.run.0;
    let (Some(track), Some(rollback)) = (
        sim.alarms.get(props.index),
        config.deployment_group.alarms.get(props.index),
    ) else {
        return html! {};
    };
    let a = &rollback.alarm;
    let breaching = track.datapoints.iter().filter(|d| d.breaching).count();
    let fired = track
        .datapoints
        .iter()
        .find(|d| d.state == AlarmState::Alarm)
        .map(|d| d.end_s);
    let fired_text = fired.map(mmss);
    let rule = text::alarm_chart_rule(
        track.metric,
        &a.statistic.to_string(),
        a.period_seconds,
        a.datapoints_to_alarm(),
        a.evaluation_periods,
        a.threshold,
    );
    html! {
        <figure class="sim-chart alarm-chart" data-chart="alarm" data-alarm={track.name.clone()}
            data-datapoints={track.datapoints.len().to_string()}
            data-breaching={breaching.to_string()}
            data-fired={fired.map(|t| t.to_string()).unwrap_or_default()}>
            <figcaption>
                <strong>{ text::alarm_chart_title(&track.name) }</strong>
                { for text::ALARM_KEYS.iter().map(|(class, key)| html! { <span class={classes!("key", *class)}>{ key.s() }</span> }) }
                <span class="alarm-rule">{ rule }</span>
            </figcaption>
            <div class="plot">
                <canvas ref={canvas} width={charts::WIDTH.to_string()} height={charts::HEIGHT.to_string()}
                    role="img" aria-label={text::alarm_aria(&track.name, track.datapoints.len(), breaching, fired_text.as_deref())}></canvas>
                <div class="future" style={future_style(props.now, config.duration_s, size)}></div>
                <div class="cursor" style={cursor_style(props.now, config.duration_s, size)}></div>
            </div>
        </figure>
    }
}
