//! What the rollout families (`ecs`, `k8s`) show and grade alike: every unit (task, pod) as
//! a row of coloured spans over time, the serving units by image below with optional lines
//! (the units that exist, a capacity limit), the events as a table, `m:ss` times, and what a
//! run misses of a check's bounds. Each family gives its own colours (its platform's
//! statuses) and words (its units' names).
use engine::rollout::{Event, Outcome, PlatformKind, Run, UnitChange, UnitRecord};

use crate::containers::rollout as words;
use crate::lang::{number, Lang, T};
use crate::panel::{Block, Cell, Drawing, Shape, Tone};

/// The drawing's geometry: a label column, then time across.
const LEFT: u32 = 90;
const WIDTH: u32 = 520;
const ROW: u32 = 14;
/// The most units drawn; the rest are counted.
const MAX_ROWS: usize = 28;
/// The height of the 5xx and latency strips under the units.
const STRIP: u32 = 32;

/// Seconds → `m:ss` from the run's start.
pub fn clock(t: u32) -> String {
    format!("{}:{:02}", t / 60, t % 60)
}

/// How a unit is painted at one moment: its tone, and a thin bar for a state between two
/// (a pod Running but not yet Ready).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paint {
    pub tone: Tone,
    pub thin: bool,
}

impl Paint {
    pub fn full(tone: Tone) -> Paint {
        Paint { tone, thin: false }
    }
}

/// What a family draws its units with.
pub struct Look<'a> {
    /// The image running before the deployment (version 0) and the one deployed (1).
    pub images: [&'a str; 2],
    /// A unit's paint while it is in `change`'s state (`None`: gone, not drawn).
    pub paint: &'a dyn Fn(&UnitRecord, &UnitChange) -> Option<Paint>,
    /// "and {n} more tasks, not drawn".
    pub more: T,
    /// The serving units' series label ("healthy").
    pub serving: T,
    /// The drawing's label.
    pub title: T,
    /// When the deployment starts, seconds into the run.
    pub deploy_at_s: u32,
    /// Also draw the units that exist (Busy) under this label.
    pub existing: Option<T>,
    /// A limit drawn across as a line (Bad), and its label.
    pub limit: Option<(u32, String)>,
}

/// What an ECS or EKS lab deploys: one image replaced by the next, which may be faulty, under
/// steady traffic, the deployment starting at `deploy_at_s`.
pub struct Deploying<'a> {
    pub seed: u64,
    pub minutes: u32,
    pub requests_per_second: u32,
    /// Requests per second one task or pod serves.
    pub capacity: u32,
    pub current: &'a str,
    pub next: &'a str,
    pub image_mb: u32,
    pub fault: engine::rollout::ImageFault,
    pub deploy_at_s: u32,
    /// Seconds to provision a unit (Fargate's network interface, a pod's scheduling).
    pub provision_s: u32,
}

/// The simulation of `d` on `platform`.
pub fn scenario(
    platform: engine::rollout::Platform,
    d: &Deploying<'_>,
) -> engine::rollout::Scenario {
    use engine::rollout::{Image, Scenario};
    let mut sc = Scenario::new(platform);
    sc.seed = d.seed;
    sc.duration_s = d.minutes * 60;
    sc.traffic = engine::deploy::Traffic::Steady {
        rps: f64::from(d.requests_per_second),
    };
    sc.capacity_rps = f64::from(d.capacity);
    let mb = f64::from(d.image_mb);
    sc.current = Image::good(d.current, mb);
    sc.next = Some(Image::good(d.next, mb).with_fault(d.fault));
    sc.deploy_at_s = d.deploy_at_s;
    sc.timing.provision_s = d.provision_s;
    sc
}

/// A per-second series drawn under the units on its own scale (at least `floor`).
struct Strip {
    name: T,
    peak: T,
    value: fn(&engine::rollout::Tick) -> f64,
    floor: f64,
    tone: Tone,
    decimals: usize,
}

/// The units over time, one row each, and the serving units by image below.
pub fn units_drawing(run: &Run, look: &Look<'_>, lang: Lang) -> Drawing {
    // From the start to two minutes after the deployment ends (the whole run if it never
    // does), at least three minutes after it starts.
    let run_s = (run.series.len() as u32).max(1);
    let total_s = run
        .summary
        .finished_s
        .map_or(run_s, |f| (f + 120).max(look.deploy_at_s + 180))
        .min(run_s);
    let x =
        |t: u32| LEFT + (u64::from(t.min(total_s)) * u64::from(WIDTH) / u64::from(total_s)) as u32;
    let mut shapes = Vec::new();
    let rows = run.units.len().min(MAX_ROWS);
    for (row, u) in run.units.iter().take(MAX_ROWS).enumerate() {
        let y = 4 + row as u32 * ROW;
        let image = look.images[usize::from(u.version.min(1))];
        shapes.push(Shape::Label {
            x: 0,
            y: y + 10,
            text: image
                .rsplit(':')
                .next()
                .map_or(image.to_string(), |t| format!(":{t}")),
            tone: Tone::Plain,
        });
        for (i, ch) in u.changes.iter().enumerate() {
            let end = u.changes.get(i + 1).map_or(total_s, |n| n.t);
            if let Some(paint) = (look.paint)(u, ch) {
                let (x0, x1) = (x(ch.t), x(end));
                if x1 > x0 {
                    let (dy, height) = if paint.thin {
                        (3, ROW - 10)
                    } else {
                        (0, ROW - 4)
                    };
                    shapes.push(Shape::Bar {
                        x: x0,
                        y: y + dy,
                        width: x1 - x0,
                        height,
                        tone: paint.tone,
                    });
                }
            }
        }
    }
    let mut y = 4 + rows as u32 * ROW + 6;
    if run.units.len() > MAX_ROWS {
        shapes.push(Shape::Label {
            x: LEFT,
            y: y + 10,
            text: look
                .more
                .fill(lang, &[("n", &(run.units.len() - MAX_ROWS))]),
            tone: Tone::Plain,
        });
        y += 18;
    }
    // Serving units by image over time (the desired count as the scale).
    let top = y + 8;
    let height = 80u32;
    let scale = run
        .series
        .iter()
        .map(|t| {
            let existing = if look.existing.is_some() { t.total } else { 0 };
            t.desired.max(t.healthy[0] + t.healthy[1]).max(existing)
        })
        .max()
        .unwrap_or(1)
        .max(look.limit.as_ref().map_or(0, |l| l.0))
        .max(1);
    let yv = |v: u32| {
        top + height - (u64::from(v.min(scale)) * u64::from(height) / u64::from(scale)) as u32
    };
    let step = (total_s as usize / WIDTH as usize).max(1);
    let path_of = |value: &dyn Fn(&engine::rollout::Tick) -> u32| {
        let mut path = String::new();
        for (i, tick) in run
            .series
            .iter()
            .take(total_s as usize)
            .enumerate()
            .step_by(step)
        {
            let cmd = if i == 0 { 'M' } else { 'L' };
            path.push_str(&format!("{cmd}{} {} ", x(tick.t), yv(value(tick))));
        }
        path
    };
    for (version, tone) in [(0usize, Tone::Plain), (1, Tone::Good)] {
        shapes.push(Shape::Line {
            path: path_of(&|tick| tick.healthy[version]),
            tone,
        });
    }
    if look.existing.is_some() {
        shapes.push(Shape::Line {
            path: path_of(&|tick| tick.total),
            tone: Tone::Busy,
        });
    }
    if let Some((limit, label)) = &look.limit {
        let at = yv(*limit);
        shapes.push(Shape::Line {
            path: format!("M{LEFT} {at} L{} {at} ", LEFT + WIDTH),
            tone: Tone::Bad,
        });
        shapes.push(Shape::Label {
            x: LEFT + WIDTH - 150,
            y: at + 12,
            text: label.clone(),
            tone: Tone::Bad,
        });
    }
    shapes.push(Shape::Label {
        x: 0,
        y: top + 10,
        text: look.serving.get(lang).to_string(),
        tone: Tone::Plain,
    });
    // Below, what customers saw, each second on its own scale: the share of requests
    // answered 5xx, and the 99th-percentile latency.
    let mut strip_top = top + height + 10;
    let strips = [
        Strip {
            name: t!("5xx", "lỗi 5xx"),
            peak: t!(
                "worst second of the run: {v}% of requests",
                "giây tệ nhất của lần chạy: {v}% request"
            ),
            value: |t| t.error_rate * 100.0,
            floor: 5.0,
            tone: Tone::Bad,
            decimals: 1,
        },
        Strip {
            name: t!("p99", "độ trễ p99"),
            peak: t!(
                "highest p99 of the run: {v} ms",
                "p99 cao nhất của lần chạy: {v} ms"
            ),
            value: |t| t.p99_ms.unwrap_or(0.0),
            floor: 100.0,
            tone: Tone::Busy,
            decimals: 0,
        },
    ];
    for Strip {
        name,
        peak: peak_words,
        value,
        floor,
        tone,
        decimals,
    } in strips
    {
        // The peak of the whole run (what the checks grade), though the drawing may end
        // before the run does.
        let peak = run.series.iter().map(value).fold(0.0, f64::max);
        let shown = run.series.iter().take(total_s as usize);
        let scale = peak.max(floor);
        let y_of = |v: f64| {
            let v = if v.is_finite() {
                v.clamp(0.0, scale)
            } else {
                0.0
            };
            strip_top + STRIP - (v / scale * f64::from(STRIP)) as u32
        };
        let mut path = String::new();
        for (i, tick) in shown.enumerate().step_by(step) {
            let cmd = if i == 0 { 'M' } else { 'L' };
            path.push_str(&format!("{cmd}{} {} ", x(tick.t), y_of(value(tick))));
        }
        shapes.push(Shape::Line { path, tone });
        shapes.push(Shape::Label {
            x: 0,
            y: strip_top + 12,
            text: name.get(lang).to_string(),
            tone,
        });
        // Its peak, on a line of its own under the strip.
        shapes.push(Shape::Label {
            x: LEFT,
            y: strip_top + STRIP + 13,
            text: peak_words.fill(lang, &[("v", &number(peak, decimals, lang))]),
            tone: Tone::Plain,
        });
        strip_top += STRIP + 22;
    }
    // The time axis: the run's start and the drawing's end.
    for (at, text) in [(LEFT, clock(0)), (LEFT + WIDTH - 30, clock(total_s))] {
        shapes.push(Shape::Label {
            x: at,
            y: strip_top + 4,
            text,
            tone: Tone::Plain,
        });
    }
    Drawing {
        width: LEFT + WIDTH + 10,
        height: strip_top + 10,
        label: look.title.get(lang).to_string(),
        shapes,
    }
}

/// The events `keep` keeps, newest first (at most 30), as a table of times and messages.
pub fn events_table(
    run: &Run,
    platform: PlatformKind,
    keep: &dyn Fn(&Event) -> bool,
    caption: T,
    lang: Lang,
) -> Block {
    let rows: Vec<Vec<Cell>> = run
        .events
        .iter()
        .filter(|e| keep(e))
        .rev()
        .take(30)
        .map(|e| {
            vec![
                Cell::plain(clock(e.t)),
                Cell::plain(words::event(e, platform, lang)),
            ]
        })
        .collect();
    Block::Table {
        caption: caption.get(lang).into(),
        head: vec![
            t!("Time", "Thời điểm").get(lang).to_string(),
            t!("Message", "Thông báo").get(lang).to_string(),
        ],
        rows,
    }
}

/// The code a check names an outcome by.
pub fn outcome_code(o: Outcome) -> &'static str {
    match o {
        Outcome::Completed => "COMPLETED",
        Outcome::RolledBack => "ROLLED_BACK",
        Outcome::Failed => "FAILED",
        Outcome::Stalled => "STALLED",
        Outcome::InProgress => "IN_PROGRESS",
        Outcome::NoDeployment => "NO_DEPLOYMENT",
    }
}

/// What a check bounds of a run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bounds<'a> {
    pub outcome: Option<&'a str>,
    /// The fewest serving units during the deployment, at least.
    pub min_serving: Option<u32>,
    /// The most units starting or running at once (`peak_active`), at most.
    pub max_units: Option<u32>,
    pub max_5xx_percent: Option<f64>,
    pub within_minutes: Option<u32>,
}

/// A family's words for what its units miss: `{want}`/`{got}` templates.
pub struct MissWords {
    /// "the deployment must end {want}; it ended: {got}".
    pub outcome: T,
    /// "only {got} tasks were healthy at the worst moment …; at least {want} …".
    pub min_serving: T,
    /// "{got} pods at once (Terminating ones left out); at most {want} …" (families whose
    /// checks bound it).
    pub max_units: Option<T>,
}

/// What a run misses of `b`, in words; empty when it meets them.
pub fn missing(
    b: &Bounds<'_>,
    w: &MissWords,
    run: &Run,
    platform: PlatformKind,
    lang: Lang,
) -> Vec<String> {
    let s = &run.summary;
    let mut out = Vec::new();
    if let Some(want) = b.outcome {
        if outcome_code(s.outcome) != want {
            out.push(w.outcome.fill(
                lang,
                &[
                    ("got", &words::outcome(s.outcome, platform, lang)),
                    ("want", &want),
                ],
            ));
        }
    }
    if let (Some(want), Some(got)) = (b.min_serving, s.min_healthy_during_deploy) {
        if got < want {
            out.push(w.min_serving.fill(lang, &[("got", &got), ("want", &want)]));
        }
    }
    if let (Some(want), Some(text)) = (b.max_units, w.max_units) {
        if s.peak_active > want {
            out.push(text.fill(lang, &[("got", &s.peak_active), ("want", &want)]));
        }
    }
    if let Some(max) = b.max_5xx_percent {
        let worst = s.max_5xx_rate * 100.0;
        if worst > max {
            out.push(
                t!(
                    "in its worst second {rate}% of the requests got a 5xx (at most {max}% allowed)",
                    "trong giây tệ nhất, {rate}% request nhận 5xx (tối đa cho phép {max}%)"
                )
                .fill(
                    lang,
                    &[
                        ("rate", &number(worst, 1, lang)),
                        ("max", &number(max, 1, lang)),
                    ],
                ),
            );
        }
    }
    if let Some(limit) = b.within_minutes {
        match s.time_to_finish_s {
            Some(t) if t <= limit * 60 => {}
            Some(t) => out.push(
                t!(
                    "it took {m} minutes to end (at most {limit})",
                    "nó mất {m} phút mới kết thúc (tối đa {limit})"
                )
                .fill(
                    lang,
                    &[
                        ("m", &number(f64::from(t) / 60.0, 1, lang)),
                        ("limit", &limit),
                    ],
                ),
            ),
            None => out.push(
                t!(
                    "it had not ended after {m} minutes",
                    "sau {m} phút nó vẫn chưa kết thúc"
                )
                .fill(lang, &[("m", &(run.series.len() / 60))]),
            ),
        }
    }
    out
}
