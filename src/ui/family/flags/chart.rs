//! The incident's day as a chart: the share of users who get the feature minute by minute,
//! with the incident, the runbook's deadline and the kill switch as vertical lines.
use plotters::prelude::*;
use yew::prelude::*;

use super::words;
use crate::course::flags::Timeline;
use crate::ui::chart_hook::{self, use_fitted_canvas_chart, Area};
use crate::ui::state::Theme;

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub timeline: Timeline,
    pub label: String,
}

/// The exposure as a step line over the day, the events as vertical lines.
#[component]
pub fn TimelineChart(props: &ChartProps) -> Html {
    let canvas = use_fitted_canvas_chart(props.timeline.clone(), draw);
    html! {
        <figure class="chart">
            <canvas ref={canvas} width="720" height="220" role="img" aria-label={props.label.clone()}></canvas>
            <figcaption>
                <span class="key ok">{ words::LEGEND_EXPOSURE.s() }</span>{ " " }
                <span class="key failed">{ words::LEGEND_INCIDENT.s() }</span>{ " " }
                <span class="key incident">{ words::LEGEND_DEADLINE.s() }</span>{ " " }
                <span class="key">{ words::LEGEND_KILL.s() }</span>
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

/// The app's chart colours, named for what this chart draws with them.
fn palette(theme: Theme) -> Palette {
    let base = chart_hook::palette(theme);
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

fn draw(root: &Area, t: &Timeline, theme: Theme) -> Option<()> {
    let p = palette(theme);
    let end = f64::from(t.minutes.last().map_or(1, |m| m.minute.max(1)));
    let font = |size: f64| TextStyle::from(("sans-serif", size).into_font()).color(&p.text);
    let mut chart = ChartBuilder::on(root)
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
        .y_desc(words::Y_EXPOSED.s())
        .x_desc(words::X_MINUTE.s())
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
    Some(())
}
