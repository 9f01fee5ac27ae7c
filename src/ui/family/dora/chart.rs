//! Deployments and failures over time, drawn with plotters on a canvas.
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use yew::prelude::*;

use super::dataset::when;
use crate::engine::dora::{self, EventLog};
use crate::ui::text;

#[derive(Properties, PartialEq)]
pub struct DoraChartProps {
    pub log: EventLog,
    pub dark: bool,
}

/// Deployments per day (succeeded and failed, stacked) with incidents marked above them.
#[component]
pub fn DoraChart(props: &DoraChartProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with((props.log.clone(), props.dark), move |(log, dark)| {
            if let Some(element) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                let _ = draw(element, log, *dark);
            }
        });
    }
    let t = dora::timeline(&props.log);
    let deployments: u32 = t.days.iter().map(|d| d.succeeded + d.failed).sum();
    let failed: u32 = t.days.iter().map(|d| d.failed).sum();
    let label = text::chart_label(deployments, t.days.len(), failed, t.incidents.len());
    html! {
        <figure class="chart">
            <canvas ref={canvas} width="720" height="240" role="img" aria-label={label.clone()}></canvas>
            <figcaption>
                <span class="key ok">{ text::LEGEND_OK }</span>
                <span class="key failed">{ text::LEGEND_FAILED }</span>
                <span class="key incident">{ text::LEGEND_INCIDENT }</span>
                <span class="sr-only">{ label }</span>
            </figcaption>
        </figure>
    }
}

/// The colours of the app's charts, readable in both themes.
pub struct Palette {
    pub background: RGBColor,
    pub text: RGBColor,
    pub grid: RGBColor,
    pub ok: RGBColor,
    pub failed: RGBColor,
    pub incident: RGBColor,
}

/// The palette for the light or dark theme.
pub fn palette(dark: bool) -> Palette {
    if dark {
        Palette {
            background: RGBColor(0x1b, 0x1f, 0x24),
            text: RGBColor(0xe6, 0xe6, 0xe6),
            grid: RGBColor(0x3a, 0x40, 0x48),
            ok: RGBColor(0x4c, 0xc3, 0x8a),
            failed: RGBColor(0xff, 0x6b, 0x6b),
            incident: RGBColor(0xf5, 0xb0, 0x41),
        }
    } else {
        Palette {
            background: RGBColor(0xff, 0xff, 0xff),
            text: RGBColor(0x1f, 0x23, 0x28),
            grid: RGBColor(0xe3, 0xe6, 0xea),
            ok: RGBColor(0x1a, 0x7f, 0x4f),
            failed: RGBColor(0xc6, 0x28, 0x28),
            incident: RGBColor(0xb3, 0x6b, 0x00),
        }
    }
}

fn draw(canvas: web_sys::HtmlCanvasElement, log: &EventLog, dark: bool) -> Option<()> {
    let p = palette(dark);
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
    let root = CanvasBackend::with_canvas_object(canvas)?.into_drawing_area();
    root.fill(&p.background).ok()?;
    let font = |size: f64| TextStyle::from(("sans-serif", size).into_font()).color(&p.text);
    let start = log.from;
    let mut chart = ChartBuilder::on(&root)
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
        .x_label_formatter(&|x| {
            let label = when(start + (*x * 86_400.0) as i64);
            label
                .split(' ')
                .skip(1)
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .y_labels(top as usize + 2)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc(text::CHART_Y)
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
    root.present().ok()
}
