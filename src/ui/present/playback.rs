//! Playback for every simulation view, in every family: one hook (`use_playback`) and one
//! set of controls (`Controls`: play/pause, step back and forward, speed, the scrubber,
//! reset). A view follows its own clock, or, while presenting, the presenter's clock shared
//! with the audience window. Each control carries `data-key`, the shortcut that clicks it
//! (`keys.rs`), so the keyboard drives exactly what the mouse does.
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::clock::{Clock, Play, SPEEDS};
use super::{use_presenter, PresenterAction};
use crate::ui::i18n::T;

const TICK_MS: i32 = 100;

const PLAYBACK: T = T("Playback", "Phát lại");
const PLAY: T = T("Play", "Phát");
const PAUSE: T = T("Pause", "Tạm dừng");
const BACK: T = T("−10 s", "−10 giây");
const STEP: T = T("+10 s", "+10 giây");
const BACK_NAME: T = T("Back 10 seconds", "Lùi 10 giây");
const STEP_NAME: T = T("Forward 10 seconds", "Tiến 10 giây");
const RESET: T = T("Reset", "Về đầu");
const RESET_NAME: T = T("Back to the start", "Quay về lúc bắt đầu");
const SPEED: T = T("Speed", "Tốc độ");
const SPEED_N: T = T("{n}× (1 s = {n} s)", "{n}× (1 giây = {n} giây)");
const TIME: T = T("Time", "Thời điểm");
const AT_TIME: T = T("{now} of {end}", "{now} trên {end}");

/// Milliseconds of the wall clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `m:ss` for a number of seconds.
pub fn mmss(s: u32) -> String {
    format!("{}:{:02}", s / 60, s % 60)
}

/// A view's playback: where it is and a way to move it.
#[derive(Clone, PartialEq)]
pub struct Playback {
    /// Simulated seconds now.
    pub t: f64,
    pub playing: bool,
    pub speed: u32,
    pub duration: u32,
    pub control: Callback<Play>,
}

/// The playback of a run of `duration` seconds that opens paused at `open_at`: the view's own,
/// or the presenter's shared clock while this window presents or is the audience.
#[hook]
pub fn use_playback(duration: u32, open_at: u32) -> Playback {
    let local = use_state(|| Clock::at_second(f64::from(open_at)));
    let presenter = use_presenter();
    let shared = presenter.as_ref().filter(|p| p.follows());
    let clock = shared.map_or(*local, |p| p.shared.clock);
    let now = now_ms();
    let playing = clock.playing(now, duration);
    use_ticker(playing, TICK_MS);
    let control = match presenter.filter(|p| p.follows()) {
        Some(p) => Callback::from(move |play: Play| {
            p.dispatch(PresenterAction::Play(play, now_ms(), duration))
        }),
        None => Callback::from(move |play: Play| {
            local.set(local.apply(play, now_ms(), duration));
        }),
    };
    Playback {
        t: clock.t(now, duration),
        playing,
        speed: clock.speed,
        duration,
        control,
    }
}

/// Re-renders the component every `ms` milliseconds while `on`.
#[hook]
pub fn use_ticker(on: bool, ms: i32) {
    let redraw = use_force_update();
    use_effect_with(on, move |&on| {
        let mut cleanup: Option<(i32, Closure<dyn FnMut()>)> = None;
        if on {
            let tick = Closure::<dyn FnMut()>::new(move || redraw.force_update());
            if let Some(id) = web_sys::window().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(
                    tick.as_ref().unchecked_ref(),
                    ms,
                )
                .ok()
            }) {
                cleanup = Some((id, tick));
            }
        }
        move || {
            if let Some((id, _tick)) = cleanup {
                if let Some(w) = web_sys::window() {
                    w.clear_interval_with_handle(id);
                }
            }
        }
    });
}

/// Play / pause, back, forward, reset, speed and the scrubber; `id` prefixes the controls'
/// ids (`sim` gives `#sim-play`, `#sim-scrubber`…).
pub fn controls(id: &str, p: &Playback) -> Html {
    let send = |play: Play| {
        let control = p.control.clone();
        Callback::from(move |_: MouseEvent| control.emit(play))
    };
    let speed = {
        let control = p.control.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Ok(s) = value.parse::<u32>() {
                control.emit(Play::Speed(s));
            }
        })
    };
    let seek = {
        let control = p.control.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            if let Ok(t) = value.parse::<f64>() {
                control.emit(Play::Seek(t));
            }
        })
    };
    let now = (p.t.floor() as u32).min(p.duration);
    let (speed_id, scrub_id) = (format!("{id}-speed"), format!("{id}-scrubber"));
    html! {
        <div class="playback" role="group" aria-label={PLAYBACK.s()}>
            <button id={format!("{id}-play")} class="primary" data-key=" " onclick={send(Play::Toggle)}
                aria-pressed={p.playing.to_string()}>
                { if p.playing { PAUSE.s() } else { PLAY.s() } }
            </button>
            <button id={format!("{id}-back")} data-key="j" onclick={send(Play::Step(false))}
                title={BACK_NAME.s()}>{ BACK.s() }</button>
            <button id={format!("{id}-step")} data-key="l" onclick={send(Play::Step(true))}
                title={STEP_NAME.s()}>{ STEP.s() }</button>
            <button id={format!("{id}-reset")} data-key="0" onclick={send(Play::Reset)}
                title={RESET_NAME.s()}>{ RESET.s() }</button>
            <label for={speed_id.clone()}>{ SPEED.s() }</label>
            <select id={speed_id} onchange={speed} data-key="s">
                { for SPEEDS.into_iter().map(|s| html! {
                    <option value={s.to_string()} selected={s == p.speed}>{ SPEED_N.fill(&[("n", &s)]) }</option>
                }) }
            </select>
            // The shortcuts for speed click these hidden buttons.
            <button class="sr-only" tabindex="-1" aria-hidden="true" data-key="+" onclick={send(Play::Faster(true))} />
            <button class="sr-only" tabindex="-1" aria-hidden="true" data-key="-" onclick={send(Play::Faster(false))} />
            <label for={scrub_id.clone()} class="scrub-label">{ TIME.s() }</label>
            <input type="range" id={scrub_id} min="0" max={p.duration.to_string()} step="1"
                value={now.to_string()} oninput={seek}
                aria-valuetext={AT_TIME.fill(&[("now", &mmss(now)), ("end", &mmss(p.duration))])} />
            <output id={format!("{id}-now")} data-t={now.to_string()}>
                { format!("{} / {}", mmss(now), mmss(p.duration)) }
            </output>
        </div>
    }
}
