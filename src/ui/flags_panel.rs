//! A lab's feature-flag experiment in the workspace: the flag the learner's answers describe
//! (as AWS AppConfig JSON, shown as text), who it exposes at each stage, the kill switch's
//! effect over the incident's timeline, and the A/B test's result. Every number comes from
//! `course::flags`, which asks the engine; this file only draws.
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use yew::prelude::*;

use crate::course::family::flags::ExperimentDef;
use crate::course::flags::{self, Setup, StageExposure, Timeline};
use crate::course::scenario::BuildError;
use crate::course::{Answers, Lab};

/// The panel's words (a second language adds a sibling module).
mod words {
    pub const FLAG_TITLE: &str =
        "The flag as AWS AppConfig feature flag data (AWS.AppConfig.FeatureFlags)";
    pub const KILLED_TITLE: &str = "After the kill switch: every variant disabled";
    pub const STAGES_TITLE: &str = "Who gets the feature, stage by stage";
    pub const COL_STAGE: &str = "Stage";
    pub const COL_PERCENT: &str = "Rollout";
    pub const COL_STAFF: &str = "Staff";
    pub const COL_EXTERNAL: &str = "Customers";
    pub const KILL_TITLE: &str = "The incident's day: share of users who get the feature";
    pub const AB_TITLE: &str = "A/B test";
    pub const COL_VARIANT: &str = "Variant";
    pub const COL_USERS: &str = "Users";
    pub const COL_CONVERSIONS: &str = "Conversions";
    pub const VARIANT_A: &str = "A (control)";
    pub const VARIANT_B: &str = "B (treatment)";
    pub const Y_EXPOSED: &str = "users exposed (%)";
    pub const X_MINUTE: &str = "minute";
    pub const LEGEND_EXPOSURE: &str = "━ users who get the feature";
    pub const LEGEND_INCIDENT: &str = "┃ incident starts";
    pub const LEGEND_DEADLINE: &str = "┆ runbook deadline";
    pub const LEGEND_KILL: &str = "┃ kill switch";
    pub const STICKY_OK: &str = "Stickiness: nobody lost the feature as the percentage grew.";

    pub fn population(users: usize, staff: u32, external: u32) -> String {
        format!(
            "{} simulated users: {} staff, {} customers.",
            thousands(users as u64),
            thousands(u64::from(staff)),
            thousands(u64::from(external))
        )
    }

    pub use crate::ui::text::grouped as thousands;

    pub fn waiting(input: &str) -> String {
        format!("Shown once you have answered \"{input}\".")
    }

    pub fn invalid(reason: &str) -> String {
        format!("This flag cannot be evaluated: {reason}.")
    }

    pub fn flag_at(stage: &str) -> String {
        format!("At \"{stage}\".")
    }

    pub fn share(exposed: u32, total: u32) -> String {
        if total == 0 {
            "nobody".into()
        } else {
            format!(
                "{exposed} of {total} ({})",
                percent(f64::from(exposed) / f64::from(total) * 100.0)
            )
        }
    }

    pub fn percent(x: f64) -> String {
        if x.fract() == 0.0 {
            format!("{x:.0}%")
        } else {
            format!("{x:.1}%")
        }
    }

    pub fn sticky_lost(users: u32) -> String {
        format!(
            "Stickiness: {users} user{} had the feature at one stage and lost it at the next although the percentage did not go down.",
            if users == 1 { "" } else { "s" }
        )
    }

    pub fn kill_summary(
        incident: u32,
        deadline: u32,
        kill: Option<f64>,
        exposed_minutes: u32,
        after_deadline: f64,
    ) -> String {
        let kill = match kill {
            Some(m) => format!("the kill switch at minute {}", super::number(m)),
            None => "no kill switch".into(),
        };
        format!(
            "Incident at minute {incident}, runbook deadline minute {deadline}, {kill}. Users got the failing feature during {exposed_minutes} minute{} of the incident; after the deadline, at most {} of users had it.",
            if exposed_minutes == 1 { "" } else { "s" },
            percent(after_deadline)
        )
    }

    pub fn killed_early(minutes: u32) -> String {
        format!(
            "The feature was already off for {minutes} minute{} before the incident.",
            if minutes == 1 { "" } else { "s" }
        )
    }

    pub fn ab_result(z: f64, p: f64) -> String {
        format!("Two-proportion z-test: z = {z:.2}, two-sided p-value = {p:.3}.")
    }

    pub fn chart_label(incident: u32, before: f64, kill: Option<f64>) -> String {
        match kill {
            Some(k) => format!(
                "Chart: {} of users get the feature until minute {}; the incident starts at minute {incident}.",
                percent(before),
                super::number(k)
            ),
            None => format!(
                "Chart: {} of users get the feature all day; the incident starts at minute {incident}.",
                percent(before)
            ),
        }
    }
}

/// Long JSON lines wrap in the narrow workspace rather than widen it (copying keeps them whole).
const WRAP: &str = "white-space:pre-wrap;overflow-wrap:anywhere";
/// A workspace section may be narrower than its widest content.
const SHRINK: &str = "min-width:0";

fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

#[derive(Properties, PartialEq)]
pub struct FlagsPanelProps {
    pub lab: Lab,
    pub experiment: ExperimentDef,
    pub answers: Answers,
    pub dark: bool,
}

/// The experiment configured by the learner's current answers.
fn setup_of<'a>(def: &'a ExperimentDef, answers: &'a Answers) -> Setup<'a> {
    Setup {
        experiment: &def.experiment,
        inputs: &def.inputs,
        answers,
    }
}

/// The experiment, evaluated with the learner's current answers.
#[component]
pub fn FlagsPanel(props: &FlagsPanelProps) -> Html {
    let def = &props.experiment;
    let e = &def.experiment;
    let setup = setup_of(def, &props.answers);
    let label = |input: &str| props.lab.input_label(input);
    let problem = |error: BuildError| match error {
        BuildError::NotAnswered(input) => html! {
            <p class="muted" data-waiting={input.clone()}>{ words::waiting(&label(&input)) }</p>
        },
        BuildError::Invalid(reason) => html! {
            <div class="error-box" role="alert"><p>{ words::invalid(&reason) }</p></div>
        },
    };
    let (staff, external) = e.counts();
    let heading = format!("flags-{}", def.id);

    // The flag as AppConfig JSON, at the last stage answered.
    let shown = (0..def.inputs.stages.len())
        .rev()
        .find(|&s| setup.percent(s).is_ok());
    let json = match (setup.staff_rule(), setup.split(), shown) {
        (Err(error), _, _) | (_, Err(error), _) => problem(error),
        (_, _, None) => problem(
            setup
                .percent(0)
                .err()
                .unwrap_or(BuildError::NotAnswered(def.inputs.stages[0].clone())),
        ),
        (Ok(rule), Ok(split), Some(stage)) => {
            let percent = setup.percent(stage).unwrap_or_default();
            let text = flags::appconfig_json(e, rule, split, percent, false);
            let killed = match setup.kill_minute() {
                Ok(Some(_)) => Some(flags::appconfig_json(e, rule, split, percent, true)),
                _ => None,
            };
            html! {
                <>
                    <p class="muted">{ words::flag_at(&label(&def.inputs.stages[stage])) }</p>
                    <pre class="code" style={WRAP} id={format!("{}-json", def.id)} data-stage={(stage + 1).to_string()}>{ text }</pre>
                    { for killed.map(|k| html! {
                        <details>
                            <summary>{ words::KILLED_TITLE }</summary>
                            <pre class="code" style={WRAP}>{ k }</pre>
                        </details>
                    }) }
                </>
            }
        }
    };

    html! {
        <>
            <section class="simulation experiment" style={SHRINK} aria-labelledby={heading.clone()} data-experiment={def.id.clone()}>
                <h2 id={heading}>{ &def.title }</h2>
                <p class="muted">{ words::population(e.users.len(), staff, external) }</p>
                <Stages experiment={def.clone()} answers={props.answers.clone()} lab={props.lab.clone()} />
                <h3 class="small">{ words::FLAG_TITLE }</h3>
                { json }
            </section>
            if def.inputs.kill_switch_minute.is_some() {
                <section class="experiment-incident" style={SHRINK} aria-labelledby={format!("{}-kill-title", def.id)}>
                    <KillSwitch experiment={def.clone()} answers={props.answers.clone()} lab={props.lab.clone()} dark={props.dark} />
                </section>
            }
            <section class="experiment-ab" style={SHRINK} aria-labelledby={format!("{}-ab-title", def.id)}>
                <AbTable experiment={def.clone()} />
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PartProps {
    lab: Lab,
    experiment: ExperimentDef,
    answers: Answers,
}

/// A bar as wide as a percentage (a text node beside it says the number).
fn bar(percent: f64) -> Html {
    let style = format!(
        "display:inline-block;vertical-align:middle;height:.7em;margin-left:.4em;background:currentColor;opacity:.6;width:{:.1}px",
        percent.clamp(0.0, 100.0) * 0.8
    );
    html! { <span aria-hidden="true" {style}></span> }
}

#[component]
fn Stages(props: &PartProps) -> Html {
    let def = &props.experiment;
    let setup = setup_of(def, &props.answers);
    let label = |input: &str| props.lab.input_label(input);
    let rows = def.inputs.stages.iter().enumerate().map(|(n, input)| {
        let cells = match setup.stage_exposure(n) {
            Ok(StageExposure {
                percent,
                staff,
                staff_exposed,
                external,
                external_exposed,
            }) => {
                let ratio = |a: u32, b: u32| {
                    if b == 0 {
                        0.0
                    } else {
                        f64::from(a) / f64::from(b) * 100.0
                    }
                };
                html! {
                    <>
                        <td>{ words::percent(percent) }</td>
                        <td class="staff">{ words::share(staff_exposed, staff) }{ bar(ratio(staff_exposed, staff)) }</td>
                        <td class="external">{ words::share(external_exposed, external) }{ bar(ratio(external_exposed, external)) }</td>
                    </>
                }
            }
            Err(BuildError::NotAnswered(missing)) => html! {
                <td colspan="3" class="muted" data-waiting={missing.clone()}>{ words::waiting(&label(&missing)) }</td>
            },
            Err(BuildError::Invalid(reason)) => html! {
                <td colspan="3" class="key failed" role="alert">{ words::invalid(&reason) }</td>
            },
        };
        html! {
            <tr data-stage={(n + 1).to_string()}>
                <th scope="row">{ format!("{}. {}", n + 1, label(input)) }</th>
                { cells }
            </tr>
        }
    });
    let sticky = match setup.stickiness_violations() {
        Ok(0) => Some(
            html! { <p id={format!("{}-stickiness", def.id)} data-lost="0">{ words::STICKY_OK }</p> },
        ),
        Ok(lost) => Some(html! {
            <p id={format!("{}-stickiness", def.id)} class="key failed" data-lost={lost.to_string()}>{ words::sticky_lost(lost) }</p>
        }),
        Err(_) => None,
    };
    html! {
        <>
            <table class="keys flag-stages">
                <caption>{ words::STAGES_TITLE }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ words::COL_STAGE }</th>
                        <th scope="col">{ words::COL_PERCENT }</th>
                        <th scope="col">{ words::COL_STAFF }</th>
                        <th scope="col">{ words::COL_EXTERNAL }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            { for sticky }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct KillProps {
    lab: Lab,
    experiment: ExperimentDef,
    answers: Answers,
    dark: bool,
}

#[component]
fn KillSwitch(props: &KillProps) -> Html {
    let def = &props.experiment;
    let setup = setup_of(def, &props.answers);
    let label = |input: &str| props.lab.input_label(input);
    let body = match setup.timeline() {
        Ok(timeline) => {
            let kill = setup.kill_minute().ok().flatten();
            let incident = timeline.incident_minute;
            let deadline = incident + timeline.respond_within_minutes;
            let before = timeline.minutes.first().map_or(0.0, |m| m.percent);
            let early = timeline.minutes_off_before_incident();
            html! {
                <>
                    <TimelineChart timeline={timeline.clone()} dark={props.dark} label={words::chart_label(incident, before, kill)} />
                    <p id={format!("{}-kill", def.id)}>
                        { words::kill_summary(incident, deadline, kill, timeline.minutes_exposed_after_incident(), timeline.after_response_percent()) }
                    </p>
                    if early > 0 { <p class="key failed">{ words::killed_early(early) }</p> }
                </>
            }
        }
        Err(BuildError::NotAnswered(missing)) => html! {
            <p class="muted" data-waiting={missing.clone()}>{ words::waiting(&label(&missing)) }</p>
        },
        Err(BuildError::Invalid(reason)) => html! {
            <div class="error-box" role="alert"><p>{ words::invalid(&reason) }</p></div>
        },
    };
    html! {
        <>
            <h2 class="small" id={format!("{}-kill-title", def.id)}>{ words::KILL_TITLE }</h2>
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ChartProps {
    timeline: Timeline,
    dark: bool,
    label: String,
}

#[component]
fn TimelineChart(props: &ChartProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with(
            (props.timeline.clone(), props.dark),
            move |(timeline, dark)| {
                if let Some(element) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                    let _ = draw(element, timeline, *dark);
                }
            },
        );
    }
    html! {
        <figure class="chart">
            <canvas ref={canvas} width="720" height="220" role="img" aria-label={props.label.clone()}></canvas>
            <figcaption>
                <span class="key ok">{ words::LEGEND_EXPOSURE }</span>{ " " }
                <span class="key failed">{ words::LEGEND_INCIDENT }</span>{ " " }
                <span class="key incident">{ words::LEGEND_DEADLINE }</span>{ " " }
                <span class="key">{ words::LEGEND_KILL }</span>
                <span class="sr-only">{ props.label.clone() }</span>
            </figcaption>
        </figure>
    }
}

struct Palette {
    background: RGBColor,
    text: RGBColor,
    grid: RGBColor,
    exposure: RGBColor,
    incident: RGBColor,
    deadline: RGBColor,
    kill: RGBColor,
}

/// The DORA chart's colours, named for what this chart draws with them.
fn palette(dark: bool) -> Palette {
    let base = super::chart::palette(dark);
    Palette {
        background: base.background,
        text: base.text,
        grid: base.grid,
        exposure: base.ok,
        incident: base.failed,
        deadline: base.incident,
        kill: base.text,
    }
}

fn draw(canvas: web_sys::HtmlCanvasElement, t: &Timeline, dark: bool) -> Option<()> {
    let p = palette(dark);
    let end = f64::from(t.minutes.last().map_or(1, |m| m.minute.max(1)));
    let root = CanvasBackend::with_canvas_object(canvas)?.into_drawing_area();
    root.fill(&p.background).ok()?;
    let font = |size: f64| TextStyle::from(("sans-serif", size).into_font()).color(&p.text);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(46)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..end, 0f64..105f64)
        .ok()?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(p.grid)
        .light_line_style(p.background)
        .axis_style(p.text)
        .x_labels(7)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc(words::Y_EXPOSED)
        .x_desc(words::X_MINUTE)
        .label_style(font(16.0))
        .axis_desc_style(font(15.0))
        .draw()
        .ok()?;
    // Exposure holds through each minute: a step line.
    let mut points = Vec::with_capacity(t.minutes.len() * 2);
    for (i, m) in t.minutes.iter().enumerate() {
        let x = f64::from(m.minute);
        if i > 0 {
            points.push((x, t.minutes[i - 1].percent));
        }
        points.push((x, m.percent));
    }
    chart
        .draw_series(LineSeries::new(points, p.exposure.stroke_width(3)))
        .ok()?;
    let vertical = |x: f64, color: RGBColor| {
        PathElement::new(vec![(x, 0.0), (x, 105.0)], color.stroke_width(2))
    };
    let incident = f64::from(t.incident_minute);
    let deadline = f64::from(t.incident_minute + t.respond_within_minutes);
    chart
        .draw_series(std::iter::once(vertical(incident, p.incident)))
        .ok()?;
    chart
        .draw_series(DashedLineSeries::new(
            [(deadline, 0.0), (deadline, 105.0)],
            5,
            4,
            p.deadline.stroke_width(2),
        ))
        .ok()?;
    if let Some(s) = t.kill_switch_at_s {
        let k = f64::from(s) / 60.0;
        if k <= end {
            chart
                .draw_series(std::iter::once(vertical(k, p.kill)))
                .ok()?;
        }
    }
    root.present().ok()
}

#[derive(Properties, PartialEq)]
struct AbProps {
    experiment: ExperimentDef,
}

#[component]
fn AbTable(props: &AbProps) -> Html {
    let def = &props.experiment;
    let r = &def.experiment.ab;
    html! {
        <>
            <h2 class="small" id={format!("{}-ab-title", def.id)}>{ words::AB_TITLE }</h2>
            <table class="keys ab-test" id={format!("{}-ab", def.id)}>
                <thead>
                    <tr>
                        <th scope="col">{ words::COL_VARIANT }</th>
                        <th scope="col">{ words::COL_USERS }</th>
                        <th scope="col">{ words::COL_CONVERSIONS }</th>
                    </tr>
                </thead>
                <tbody>
                    <tr data-variant="a">
                        <th scope="row">{ words::VARIANT_A }</th>
                        <td>{ words::thousands(r.users_a) }</td>
                        <td>{ words::thousands(r.conversions_a) }</td>
                    </tr>
                    <tr data-variant="b">
                        <th scope="row">{ words::VARIANT_B }</th>
                        <td>{ words::thousands(r.users_b) }</td>
                        <td>{ words::thousands(r.conversions_b) }</td>
                    </tr>
                </tbody>
            </table>
            <p id={format!("{}-ab-result", def.id)} data-p-value={format!("{:.6}", r.p_value)}>{ words::ab_result(r.z, r.p_value) }</p>
        </>
    }
}
