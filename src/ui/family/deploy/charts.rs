//! The simulation's four charts, drawn with plotters on canvases, with the events as vertical lines.
//!
//! The charts are drawn once per simulation and theme; the playback cursor is an HTML line
//! laid over the plot area (see [`cursor_style`]), placed by the size the canvas was drawn
//! at, so playing never redraws a canvas.
use plotters::prelude::*;

use super::text;
use crate::engine::alarm::AlarmState;
use crate::engine::deploy::{AlarmMetric, DeploymentAlarm, EventKind, SimConfig, Simulation};
use crate::ui::chart_hook::{self, Area};
use crate::ui::state::Theme;

/// The canvases' shape (their `width`/`height` attributes): each is drawn at the width it
/// is shown, in this shape but at least [`chart_hook::MIN_HEIGHT`] high.
pub const WIDTH: u32 = 760;
pub const HEIGHT: u32 = 230;
const MARGIN: u32 = 12;
/// Room on the right for the last time label.
const MARGIN_RIGHT: u32 = 28;
const Y_LABELS: u32 = 66;
const X_LABELS: u32 = 34;

/// The most points drawn per series.
const MAX_POINTS: usize = 900;

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Traffic,
    Errors,
    Latency,
    Capacity,
}

impl ChartKind {
    pub const ALL: [ChartKind; 4] = [
        ChartKind::Traffic,
        ChartKind::Errors,
        ChartKind::Latency,
        ChartKind::Capacity,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ChartKind::Traffic => "traffic",
            ChartKind::Errors => "errors",
            ChartKind::Latency => "latency",
            ChartKind::Capacity => "capacity",
        }
    }
}

/// The plot area of a canvas `size` pixels wide and high, in percent of the canvas:
/// its left and right edges, its top and its height.
fn plot_area((width, height): (u32, u32)) -> (f64, f64, f64, f64) {
    let (w, h) = (f64::from(width.max(1)), f64::from(height.max(1)));
    let x0 = f64::from(MARGIN + Y_LABELS).min(w);
    let x1 = f64::from(width.saturating_sub(MARGIN_RIGHT)).max(x0);
    let top = f64::from(MARGIN).min(h);
    let plot_h = f64::from(height.saturating_sub(2 * MARGIN + X_LABELS));
    (
        x0 / w * 100.0,
        x1 / w * 100.0,
        top / h * 100.0,
        plot_h / h * 100.0,
    )
}

/// The fraction of the run played at `t` of `duration` seconds.
fn played(t: u32, duration: u32) -> f64 {
    f64::from(t.min(duration)) / f64::from(duration.max(1))
}

/// The CSS `left`, `top` and `height` of the cursor at `t` of `duration` seconds, in
/// percent of a canvas drawn at `size` pixels (as [`draw`] lays out its plot area).
pub fn cursor_style(t: u32, duration: u32, size: (u32, u32)) -> String {
    let (x0, x1, top, height) = plot_area(size);
    let left = x0 + played(t, duration) * (x1 - x0);
    format!("left:{left:.3}%;top:{top:.3}%;height:{height:.3}%")
}

/// The CSS box of the part of the plot area after `t` of `duration` seconds on a canvas
/// drawn at `size` pixels, which playback dims so that the run is revealed as it plays;
/// empty at the end.
pub fn future_style(t: u32, duration: u32, size: (u32, u32)) -> String {
    let (x0, x1, top, height) = plot_area(size);
    let f = played(t, duration);
    let left = x0 + f * (x1 - x0);
    let width = (1.0 - f) * (x1 - x0);
    format!("left:{left:.3}%;width:{width:.3}%;top:{top:.3}%;height:{height:.3}%")
}

/// How many time labels fit under a plot area on a canvas `width` pixels wide (a label
/// is about 45 px at the labels' size, with room between them; plotters picks round
/// minutes up to that many).
fn x_label_count(width: u32) -> usize {
    let plot = width.saturating_sub(MARGIN + Y_LABELS + MARGIN_RIGHT);
    (plot / 50).clamp(2, 8) as usize
}

/// "mm:ss" (minutes not wrapped at the hour).
pub use crate::ui::present::playback::mmss;

pub struct Palette {
    pub background: RGBColor,
    pub text: RGBColor,
    pub grid: RGBColor,
    pub blue: RGBColor,
    pub green: RGBColor,
    pub rejected: RGBColor,
    pub errors: RGBColor,
    pub threshold: RGBColor,
    pub p50: RGBColor,
    pub p99: RGBColor,
    pub capacity: RGBColor,
    pub instances: RGBColor,
    pub shift: RGBColor,
    pub alarm: RGBColor,
    pub rollback: RGBColor,
    pub fault: RGBColor,
}

/// The app's chart colours ([`chart_hook::palette`]) plus the ones only these charts use.
pub fn palette(theme: Theme) -> Palette {
    let base = chart_hook::palette(theme);
    let [blue, p99, instances, shift] = if theme == Theme::Dark {
        [
            (0x6c, 0xb6, 0xff),
            (0xd2, 0xa8, 0xff),
            (0xc9, 0xd1, 0xd9),
            (0x8b, 0x94, 0x9e),
        ]
    } else {
        [
            (0x0b, 0x5c, 0xad),
            (0x82, 0x50, 0xdf),
            (0x57, 0x60, 0x6a),
            (0x8c, 0x95, 0x9f),
        ]
    }
    .map(|(r, g, b)| RGBColor(r, g, b));
    Palette {
        background: base.background,
        text: base.text,
        grid: base.grid,
        blue,
        green: base.ok,
        rejected: base.failed,
        errors: base.failed,
        threshold: base.incident,
        p50: blue,
        p99,
        capacity: base.ok,
        instances,
        shift,
        alarm: base.incident,
        rollback: base.failed,
        fault: p99,
    }
}

/// One bucket of seconds, averaged (capacity: its minimum).
struct Bucket {
    t: f64,
    blue: f64,
    green: f64,
    rejected: f64,
    error_pct: f64,
    p50: Option<f64>,
    p99: Option<f64>,
    capacity: f64,
    instances: f64,
}

fn buckets(sim: &Simulation) -> Vec<Bucket> {
    let n = sim.series.len();
    let step = n.div_ceil(MAX_POINTS).max(1);
    sim.series
        .chunks(step)
        .map(|chunk| {
            let k = chunk.len() as f64;
            let mean = |f: &dyn Fn(&crate::engine::deploy::Second) -> f64| {
                chunk.iter().map(f).sum::<f64>() / k
            };
            let lat = |f: &dyn Fn(&crate::engine::deploy::Second) -> Option<f64>| {
                let v: Vec<f64> = chunk.iter().filter_map(f).collect();
                (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
            };
            let requests: u64 = chunk.iter().map(|s| s.requests).sum();
            let failed: u64 = chunk.iter().map(|s| s.failed).sum();
            Bucket {
                t: f64::from(chunk[0].t) / 60.0,
                blue: mean(&|s| s.blue_requests as f64),
                green: mean(&|s| s.green_requests as f64),
                rejected: mean(&|s| s.rejected as f64),
                error_pct: if requests > 0 {
                    failed as f64 * 100.0 / requests as f64
                } else {
                    0.0
                },
                p50: lat(&|s| s.p50_ms),
                p99: lat(&|s| s.p99_ms),
                capacity: chunk
                    .iter()
                    .map(|s| s.healthy_capacity)
                    .min()
                    .map_or(0.0, f64::from),
                instances: chunk
                    .iter()
                    .map(|s| s.instances)
                    .max()
                    .map_or(0.0, f64::from),
            }
        })
        .collect()
}

/// Draws one chart; `None` if plotters failed.
pub fn draw(
    root: &Area,
    sim: &Simulation,
    config: &SimConfig,
    kind: ChartKind,
    theme: Theme,
) -> Option<()> {
    let p = palette(theme);
    let data = buckets(sim);
    // The x axis is in minutes, so its ticks fall on round minutes.
    let duration = f64::from(config.duration_s.max(1)) / 60.0;
    let top_of = |values: &mut dyn Iterator<Item = f64>| values.fold(0.0f64, f64::max);
    let ymax = match kind {
        ChartKind::Traffic => {
            top_of(&mut data.iter().map(|b| b.blue + b.green + b.rejected)) * 1.15
        }
        ChartKind::Errors => {
            let peak = top_of(&mut data.iter().map(|b| b.error_pct));
            (peak * 1.1).clamp(1.0, 105.0)
        }
        ChartKind::Latency => top_of(&mut data.iter().filter_map(|b| b.p99)) * 1.15,
        ChartKind::Capacity => {
            top_of(&mut data.iter().map(|b| b.instances)).max(f64::from(config.fleet_size)) * 1.2
        }
    }
    .max(1.0);
    let mut chart = time_chart(root, duration, ymax)?;
    let y_desc = match kind {
        ChartKind::Traffic => text::Y_RPS.s(),
        ChartKind::Errors => text::Y_ERRORS.s(),
        ChartKind::Latency => text::Y_LATENCY.s(),
        ChartKind::Capacity => text::Y_INSTANCES.s(),
    };
    draw_axes(&mut chart, root, &p, ymax, y_desc)?;
    match kind {
        ChartKind::Traffic => {
            let layer = |lower: &dyn Fn(&Bucket) -> f64, upper: &dyn Fn(&Bucket) -> f64| {
                let mut points: Vec<(f64, f64)> = data.iter().map(|b| (b.t, upper(b))).collect();
                points.extend(data.iter().rev().map(|b| (b.t, lower(b))));
                points
            };
            let layers = [
                (layer(&|_| 0.0, &|b| b.blue), p.blue),
                (layer(&|b| b.blue, &|b| b.blue + b.green), p.green),
                (
                    layer(&|b| b.blue + b.green, &|b| b.blue + b.green + b.rejected),
                    p.rejected,
                ),
            ];
            for (points, color) in layers {
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        points,
                        color.mix(0.85).filled(),
                    )))
                    .ok()?;
            }
        }
        ChartKind::Errors => {
            chart
                .draw_series(LineSeries::new(
                    data.iter().map(|b| (b.t, b.error_pct)),
                    p.errors.stroke_width(2),
                ))
                .ok()?;
        }
        ChartKind::Latency => {
            for (f, color) in [
                (
                    &(|b: &Bucket| b.p50) as &dyn Fn(&Bucket) -> Option<f64>,
                    p.p50,
                ),
                (&|b: &Bucket| b.p99, p.p99),
            ] {
                chart
                    .draw_series(LineSeries::new(
                        data.iter().filter_map(|b| f(b).map(|v| (b.t, v))),
                        color.stroke_width(2),
                    ))
                    .ok()?;
            }
        }
        ChartKind::Capacity => {
            let fleet = f64::from(config.fleet_size);
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, fleet), (duration, fleet)],
                    6,
                    5,
                    p.grid.stroke_width(2),
                ))
                .ok()?;
            chart
                .draw_series(LineSeries::new(
                    data.iter().map(|b| (b.t, b.instances)),
                    p.instances.stroke_width(2),
                ))
                .ok()?;
            chart
                .draw_series(LineSeries::new(
                    data.iter().map(|b| (b.t, b.capacity)),
                    p.capacity.stroke_width(3),
                ))
                .ok()?;
        }
    }
    event_lines(&mut chart, sim, &p, ymax)
}

type Chart<'a> = ChartContext<
    'a,
    plotters_canvas::CanvasBackend,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The events as vertical lines over a chart whose x axis is in minutes.
fn event_lines(chart: &mut Chart, sim: &Simulation, p: &Palette, ymax: f64) -> Option<()> {
    for event in &sim.events {
        let (color, width) = match event.kind {
            EventKind::TrafficShifted => (p.shift, 1),
            EventKind::AlarmStateChanged => (p.alarm, 2),
            EventKind::RollbackStarted => (p.rollback, 3),
            EventKind::BadRelease | EventKind::InstanceCrashed | EventKind::TrafficSpike => {
                (p.fault, 2)
            }
            _ => continue,
        };
        let x = f64::from(event.t) / 60.0;
        if width == 1 {
            chart
                .draw_series(DashedLineSeries::new(
                    [(x, 0.0), (x, ymax)],
                    4,
                    3,
                    color.stroke_width(2),
                ))
                .ok()?;
        } else {
            chart
                .draw_series(LineSeries::new(
                    [(x, 0.0), (x, ymax)],
                    color.stroke_width(width),
                ))
                .ok()?;
        }
    }
    Some(())
}

/// The unit of an alarm's metric, after its values.
pub fn unit(metric: AlarmMetric) -> &'static str {
    match metric {
        AlarmMetric::P99LatencyMs => " ms",
        _ => " %",
    }
}

/// Draws what rollback alarm `index` evaluated: one datapoint per period at the period's
/// end (filled and red when it breaches, hollow when not, a cross on the axis when
/// missing), the threshold, the time the alarm spent in ALARM shaded, and the events.
/// `None` if plotters failed or there is no such alarm.
/// A deployment chart: minutes on x, values on y.
type TimeChart<'a> = ChartContext<
    'a,
    plotters_canvas::CanvasBackend,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// A chart over the run's minutes, 0 to `duration`, and values 0 to `ymax`.
fn time_chart(root: &Area, duration: f64, ymax: f64) -> Option<TimeChart<'_>> {
    ChartBuilder::on(root)
        .margin(MARGIN)
        .margin_right(MARGIN_RIGHT)
        .x_label_area_size(X_LABELS)
        .y_label_area_size(Y_LABELS)
        .build_cartesian_2d(0f64..duration, 0f64..ymax)
        .ok()
}

/// The axes every deployment chart shares: time as mm:ss (as many labels as the width
/// holds), five value labels, the value's description.
fn draw_axes(
    chart: &mut TimeChart<'_>,
    root: &Area,
    p: &Palette,
    ymax: f64,
    y_desc: &str,
) -> Option<()> {
    let font = |size: f64| TextStyle::from(("sans-serif", size).into_font()).color(&p.text);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(p.grid)
        .light_line_style(p.background)
        .axis_style(p.text)
        .x_labels(x_label_count(root.dim_in_pixel().0))
        .x_label_formatter(&|x| mmss((*x * 60.0).round().max(0.0) as u32))
        .y_labels(5)
        .y_label_formatter(&|y| {
            if ymax < 10.0 {
                // One decimal on every tick, with the language's separator.
                let sep = crate::ui::i18n::lang().decimal_separator().to_string();
                format!("{y:.1}").replace('.', &sep)
            } else {
                format!("{y:.0}")
            }
        })
        .y_desc(y_desc)
        .label_style(font(15.0))
        .axis_desc_style(font(14.0))
        .draw()
        .ok()
}

pub fn draw_alarm(
    root: &Area,
    sim: &Simulation,
    config: &SimConfig,
    index: usize,
    theme: Theme,
) -> Option<()> {
    let p = palette(theme);
    let track = sim.alarms.get(index)?;
    let rollback: &DeploymentAlarm = config.deployment_group.alarms.get(index)?;
    let threshold = rollback.alarm.threshold;
    let period = f64::from(rollback.alarm.period_seconds.max(1)) / 60.0;
    let duration = f64::from(config.duration_s.max(1)) / 60.0;
    let peak = track
        .datapoints
        .iter()
        .filter_map(|d| d.value)
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let ymax = (peak * 1.15).max(threshold * 2.0).max(1.0);
    let font = |size: f64| TextStyle::from(("sans-serif", size).into_font()).color(&p.text);
    let mut chart = time_chart(root, duration, ymax)?;
    draw_axes(&mut chart, root, &p, ymax, text::alarm_y(rollback.metric))?;
    // The time the alarm spent in ALARM: from the end of each period that left it there
    // to the next evaluation.
    chart
        .draw_series(
            track
                .datapoints
                .iter()
                .filter(|d| d.state == AlarmState::Alarm)
                .map(|d| {
                    let end = f64::from(d.end_s) / 60.0;
                    Rectangle::new(
                        [(end, 0.0), ((end + period).min(duration), ymax)],
                        p.alarm.mix(0.18).filled(),
                    )
                }),
        )
        .ok()?;
    chart
        .draw_series(DashedLineSeries::new(
            [(0.0, threshold), (duration, threshold)],
            10,
            6,
            p.threshold.stroke_width(2),
        ))
        .ok()?;
    let label = text::threshold_label(&track.name, threshold, unit(rollback.metric));
    chart
        .draw_series(std::iter::once(Text::new(
            label,
            (duration * 0.02, (threshold + ymax * 0.16).min(ymax * 0.97)),
            font(15.0).color(&p.threshold),
        )))
        .ok()?;
    // Each period's value as a step over its period, then its datapoint at its end.
    chart
        .draw_series(track.datapoints.iter().filter_map(|d| {
            let end = f64::from(d.end_s) / 60.0;
            d.value.map(|v| {
                PathElement::new(
                    [((end - period).max(0.0), v.min(ymax)), (end, v.min(ymax))],
                    p.instances.stroke_width(1),
                )
            })
        }))
        .ok()?;
    let radius = if track.datapoints.len() > 120 { 3 } else { 5 };
    for d in &track.datapoints {
        let x = f64::from(d.end_s) / 60.0;
        match d.value {
            Some(v) if d.breaching => chart
                .draw_series(std::iter::once(Circle::new(
                    (x, v.min(ymax)),
                    radius,
                    p.errors.filled(),
                )))
                .ok()?,
            Some(v) => chart
                .draw_series(std::iter::once(Circle::new(
                    (x, v.min(ymax)),
                    radius,
                    p.green.stroke_width(2),
                )))
                .ok()?,
            None => chart
                .draw_series(std::iter::once(Cross::new(
                    (x, 0.0),
                    radius - 1,
                    p.shift.stroke_width(2),
                )))
                .ok()?,
        };
    }
    event_lines(&mut chart, sim, &p, ymax)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_minutes_and_seconds() {
        assert_eq!(mmss(0), "00:00");
        assert_eq!(mmss(75), "01:15");
        assert_eq!(mmss(3_600), "60:00");
    }

    #[test]
    fn the_cursor_spans_the_plot_area() {
        let size = (WIDTH, HEIGHT);
        assert!(cursor_style(0, 100, size).starts_with("left:10.263%"));
        assert!(cursor_style(100, 100, size).starts_with("left:96.316%"));
        assert_eq!(cursor_style(500, 100, size), cursor_style(100, 100, size));
        assert!(cursor_style(5, 0, size).contains("left:"));
    }

    #[test]
    fn the_future_is_the_plot_area_after_the_cursor() {
        let size = (WIDTH, HEIGHT);
        assert!(future_style(0, 100, size).starts_with("left:10.263%;width:86.053%"));
        assert!(future_style(100, 100, size).starts_with("left:96.316%;width:0.000%"));
        assert_eq!(future_style(500, 100, size), future_style(100, 100, size));
        assert!(future_style(5, 0, size).contains("width:"));
    }

    #[test]
    fn overlays_follow_the_size_the_canvas_is_drawn_at() {
        // A phone: 358 x 200 pixels. The plot area starts 78 px in and ends 28 px from
        // the right; it is 12 px from the top and 142 px high.
        let size = (358, 200);
        assert!(cursor_style(0, 100, size).starts_with("left:21.788%;top:6.000%;height:71.000%"));
        assert!(cursor_style(100, 100, size).starts_with("left:92.179%"));
        assert_eq!(
            future_style(50, 100, size),
            "left:56.983%;width:35.196%;top:6.000%;height:71.000%"
        );
        // A canvas too small for a plot area gives empty boxes, not negative ones.
        assert!(future_style(0, 100, (10, 10)).contains("width:0.000%"));
        assert!(cursor_style(0, 100, (0, 0)).contains("height:0.000%"));
    }

    #[test]
    fn fewer_time_labels_on_a_narrow_chart() {
        assert_eq!(x_label_count(WIDTH), 8);
        assert_eq!(x_label_count(336), 4); // a 390 px phone
        assert_eq!(x_label_count(100), 2);
    }
}
