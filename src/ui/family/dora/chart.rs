//! Deployments and failures over time, drawn with plotters on a canvas.
use plotters::prelude::*;
use yew::prelude::*;

use super::dataset::day;
use crate::engine::dora::{self, EventLog};
use crate::ui::chart_hook::{palette, use_fitted_canvas_chart, Area};
use crate::ui::shared::Shared;
use crate::ui::state::Theme;
use crate::ui::text;

#[derive(Properties, PartialEq)]
pub struct DoraChartProps {
    pub log: Shared<EventLog>,
}

/// Deployments per day (succeeded and failed, stacked) with incidents marked above them.
#[component]
pub fn DoraChart(props: &DoraChartProps) -> Html {
    let canvas = use_fitted_canvas_chart(props.log.clone(), draw);
    let t = dora::timeline(&props.log);
    let deployments: u32 = t.days.iter().map(|d| d.succeeded + d.failed).sum();
    let failed: u32 = t.days.iter().map(|d| d.failed).sum();
    let label = text::chart_label(deployments, t.days.len(), failed, t.incidents.len());
    html! {
        <figure class="chart">
            <canvas ref={canvas} width="720" height="240" role="img" aria-label={label.clone()}></canvas>
            <figcaption>
                <span class="key ok">{ text::LEGEND_OK.s() }</span>
                <span class="key failed">{ text::LEGEND_FAILED.s() }</span>
                <span class="key incident">{ text::LEGEND_INCIDENT.s() }</span>
                <span class="sr-only">{ label }</span>
            </figcaption>
        </figure>
    }
}

fn draw(root: &Area, log: &Shared<EventLog>, theme: Theme) -> Option<()> {
    let p = palette(theme);
    let t = dora::timeline(log);
    let days = t.days.len().max(1) as f64;
    let top = t
        .days
        .iter()
        .map(|d| d.succeeded + d.failed)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let ymax = top + 1.0;
    let font = |size: f64| TextStyle::from(("sans-serif", size).into_font()).color(&p.text);
    let start = log.from;
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(36)
        .build_cartesian_2d(0f64..days, 0f64..ymax)
        .ok()?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(p.grid)
        .light_line_style(p.background)
        .axis_style(p.text)
        .x_labels(((days / 7.0).ceil() as usize + 1).max(2))
        .x_label_formatter(&|x| day(start + (*x * 86_400.0) as i64))
        .y_labels(top as usize + 2)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc(text::CHART_Y.s())
        .label_style(font(13.0))
        .axis_desc_style(font(13.0))
        .draw()
        .ok()?;
    let bar = |day: f64, from: f64, to: f64, color: RGBColor| {
        Rectangle::new([(day + 0.15, from), (day + 0.85, to)], color.filled())
    };
    chart
        .draw_series(
            t.days
                .iter()
                .filter(|d| d.succeeded > 0)
                .map(|d| bar(f64::from(d.day), 0.0, f64::from(d.succeeded), p.ok)),
        )
        .ok()?;
    chart
        .draw_series(t.days.iter().filter(|d| d.failed > 0).map(|d| {
            let base = f64::from(d.succeeded);
            bar(f64::from(d.day), base, base + f64::from(d.failed), p.failed)
        }))
        .ok()?;
    // Incidents: a band near the top from opened to restored (at least a sliver wide so it shows).
    let band = ymax - 0.45;
    chart
        .draw_series(t.incidents.iter().map(|i| {
            let x0 = i.start_hours / 24.0;
            let x1 = (i.end_hours / 24.0).max(x0 + 0.12);
            Rectangle::new([(x0, band), (x1, band + 0.25)], p.incident.filled())
        }))
        .ok()?;
    chart
        .draw_series(t.incidents.iter().map(|i| {
            Text::new(
                i.id.clone(),
                (i.start_hours / 24.0, band - 0.05),
                font(12.0),
            )
        }))
        .ok()?;
    Some(())
}
