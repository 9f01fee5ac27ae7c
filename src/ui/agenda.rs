//! The day's agenda (`#/agenda`): the blocks of the workshop with their labs and demos, and
//! for the instructor a timer per block (saved in localStorage, so closing the tab loses
//! nothing). The clock is read here only; `course::agenda` works out what it means.
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::i18n::{lang, T};
use super::route::{Link, Route};
use super::state::use_app;
use super::storage::BrowserStore;
use crate::course::agenda::{hhmm, mmss, Block, Demo, Kind, Reading, Timers, TIMERS_KEY};
use crate::course::progress::Store;
use crate::course::Progress;
use crate::labs::catalogue;

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The local time of day, in minutes since midnight.
fn minute_of_day() -> u16 {
    let d = js_sys::Date::new_0();
    (d.get_hours() * 60 + d.get_minutes()) as u16
}

#[derive(Clone, Copy)]
enum Act {
    Start,
    Stop,
    Reset,
}

/// The agenda page.
/// "Next: Break at 10:30", from the saved timers and the time of day: what comes next in the
/// day's agenda, for the presenter's bar.
pub fn next_block() -> Option<String> {
    let agenda = crate::agenda::agenda().ok()?;
    let timers = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(TIMERS_KEY).ok().flatten())
        .map(|s| Timers::from_json(&s))
        .unwrap_or_default();
    let i = agenda.next(&timers, minute_of_day())?;
    let block = &agenda.blocks[i];
    Some(
        t!("Next: {title} at {time}", "Tiếp theo: {title} lúc {time}").fill(&[
            ("title", &block.title.get(lang())),
            ("time", &hhmm(block.start)),
        ]),
    )
}

#[component]
pub fn AgendaPage() -> Html {
    let store = use_mut_ref(BrowserStore::open);
    let timers = {
        let store = store.clone();
        use_state(move || {
            store
                .borrow()
                .get(TIMERS_KEY)
                .map(|s| Timers::from_json(&s))
                .unwrap_or_default()
        })
    };
    let now = use_state(now_ms);
    let running = timers.running().is_some();
    {
        // Once a second while a timer runs; otherwise twice a minute, for the current block.
        let now = now.setter();
        use_effect_with(running, move |&running| {
            let tick = Closure::<dyn FnMut()>::new(move || now.set(now_ms()));
            let id = web_sys::window().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(
                    tick.as_ref().unchecked_ref(),
                    if running { 1000 } else { 30_000 },
                )
                .ok()
            });
            move || {
                if let (Some(w), Some(id)) = (web_sys::window(), id) {
                    w.clear_interval_with_handle(id);
                }
                drop(tick);
            }
        });
    }
    let agenda = match crate::agenda::agenda() {
        Ok(agenda) => agenda,
        Err(e) => return html! { <p class="page" role="alert">{ e }</p> },
    };
    let act = {
        let (timers, now) = (timers.clone(), now.clone());
        Callback::from(move |(key, act): (String, Act)| {
            let t = now_ms();
            let mut next = (*timers).clone();
            match act {
                Act::Start => next.start(&key, t),
                Act::Stop => next.stop(&key, t),
                Act::Reset => next.reset(&key),
            }
            let _ = store.borrow_mut().set(TIMERS_KEY, &next.to_json());
            timers.set(next);
            now.set(t);
        })
    };
    let minute = minute_of_day();
    let current = agenda.current(&timers, minute);
    let lang = lang();
    let summary = {
        let title = |i: usize| agenda.blocks[i].title.get(lang).to_string();
        let now_line = current.map(|i| {
            html! { <p id="agenda-now">{ t!("Now: {title}", "Đang diễn ra: {title}").fill(&[("title", &title(i))]) }</p> }
        });
        let next_line = agenda.next(&timers, minute).map(|i| {
            let at = hhmm(agenda.blocks[i].start);
            html! { <p id="agenda-next">{ t!("Next: {title} at {time}", "Tiếp theo: {title} lúc {time}").fill(&[("title", &title(i)), ("time", &at)]) }</p> }
        });
        html! { <>{ now_line }{ next_line }</> }
    };
    let progress = &use_app().progress;
    let blocks = agenda.blocks.iter().enumerate().map(|(i, block)| {
        block_html(
            block,
            timers.reading(block, *now),
            current == Some(i),
            progress,
            &act,
        )
    });
    html! {
        <section class="page narrow agenda">
            <h1>{ agenda.title.get(lang) }</h1>
            <p class="tagline">
                { t!("The day's agenda", "Chương trình trong ngày").s() }
                { agenda.date.as_ref().map(|d| format!(" · {d}")) }
            </p>
            { summary }
            <ol class="blocks">{ for blocks }</ol>
        </section>
    }
}

fn block_html(
    block: &Block,
    reading: Reading,
    current: bool,
    progress: &Progress,
    act: &Callback<(String, Act)>,
) -> Html {
    let lang = lang();
    let key = block.key();
    let id = key.replace(':', "");
    let title = block.title.get(lang);
    let minutes = (block.end - block.start).to_string();
    let kind = match block.kind {
        Kind::Session => "session",
        Kind::Break | Kind::Lunch => "pause",
        Kind::Qa => "qa",
    };
    let has_links = !block.labs.is_empty() || !block.demos.is_empty();
    let links = block
        .labs
        .iter()
        .filter_map(|l| catalogue().lab(l))
        .map(|lab| {
            let best = progress.labs.get(&lab.id).map(|p| p.best);
            let status = match best {
                Some(Some(b)) => t!("Best score: {p} / {m}", "Điểm cao nhất: {p} / {m}")
                    .fill(&[("p", &b.points), ("m", &b.max)]),
                Some(None) => t!("In progress", "Đang làm").s().into(),
                None => String::new(),
            };
            html! {
                <li>
                    <Link to={Route::Lab { id: lab.id.clone() }}>{ &lab.title }</Link>
                    if !status.is_empty() { { " " }<span class={classes!("status", best.flatten().is_some_and(|b| b.full()).then_some("full"))}>{ status }</span> }
                </li>
            }
        })
        .chain(block.demos.iter().map(|d| {
            let (route, name) = match d {
                Demo::DoraSandbox => (Route::SandboxDora, t!("DORA sandbox (demo)", "Sandbox DORA (trình diễn)")),
                Demo::DeploySandbox => (Route::SandboxDeploy, t!("Deployment sandbox (demo)", "Sandbox triển khai (trình diễn)")),
                Demo::CfnSandbox => (Route::SandboxCfn, t!("CloudFormation sandbox (demo)", "Sandbox CloudFormation (trình diễn)")),
                Demo::ContainersSandbox => (Route::SandboxContainers, t!("Containers sandbox (demo)", "Sandbox container (trình diễn)")),
                Demo::CicdDemo => (Route::Demo { id: "cicd-walkthrough".into() }, t!("One commit from push to production (live demo)", "Một commit từ push đến production (trình diễn trực tiếp)")),
                Demo::OncallDemo => (Route::Demo { id: "oncall-drill".into() }, t!("The on-call drill, for the whole room (live demo)", "Bài tập on-call cho cả lớp (trình diễn trực tiếp)")),
            };
            html! { <li class="demo"><Link to={route}>{ name.s() }</Link></li> }
        }))
        .collect::<Html>();
    let button = |act_: Act, label: T, name: T| {
        let (act, key) = (act.clone(), key.clone());
        html! {
            <button class={matches!(act_, Act::Start).then_some("primary")} data-act={label.0}
                aria-label={name.fill(&[("title", &title)])}
                onclick={Callback::from(move |_| act.emit((key.clone(), act_)))}>{ label.s() }</button>
        }
    };
    let state = if reading.running {
        "running"
    } else if reading.started {
        "stopped"
    } else {
        "idle"
    };
    let clock = if reading.is_overrun() {
        t!("elapsed {e} · over by {o}", "đã qua {e} · quá {o}")
            .fill(&[("e", &mmss(reading.elapsed)), ("o", &mmss(reading.overrun))])
    } else {
        t!("elapsed {e} · remaining {r}", "đã qua {e} · còn lại {r}").fill(&[
            ("e", &mmss(reading.elapsed)),
            ("r", &mmss(reading.remaining)),
        ])
    };
    html! {
        <li id={format!("block-{id}")} class={classes!("block", kind, current.then_some("current"))}
            aria-current={current.then_some("time")}>
            <p class="when">
                { t!("{start}–{end} · {n} min", "{start}–{end} · {n} phút").fill(&[("start", &hhmm(block.start)), ("end", &hhmm(block.end)), ("n", &minutes)]) }
            </p>
            <h2>{ title }</h2>
            <p>{ block.description.get(lang) }</p>
            if has_links { <ul class="links">{ links }</ul> }
            <div class={classes!("timer", reading.is_overrun().then_some("overrun"))} role="group"
                aria-label={t!("Timer: {title}", "Bấm giờ: {title}").fill(&[("title", &title)])}>
                <span class="clock" aria-live="off" id={format!("timer-{id}")} data-state={state}
                    data-elapsed={reading.elapsed.to_string()}>{ clock }</span>
                <span class="notice" role="status">
                    if reading.is_overrun() { { t!("Over time", "Quá giờ").s() } }
                </span>
                if reading.running {
                    { button(Act::Stop, t!("Stop", "Dừng"), t!("Stop the timer: {title}", "Dừng bấm giờ: {title}")) }
                } else {
                    { button(Act::Start, t!("Start", "Bắt đầu"), t!("Start the timer: {title}", "Bắt đầu bấm giờ: {title}")) }
                }
                if reading.started {
                    { button(Act::Reset, t!("Reset", "Đặt lại"), t!("Reset the timer: {title}", "Đặt lại bấm giờ: {title}")) }
                }
            </div>
        </li>
    }
}
