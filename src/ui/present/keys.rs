//! The presenter's keyboard shortcuts, bar and dialogs. A shortcut clicks the first visible
//! control marked `data-key="<key>"` on the page (or focuses it, for a menu), so it does
//! exactly what that control does; the presenter's own actions are handled here.
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::playback::{mmss, now_ms};
use super::{open_audience, Presenter, PresenterAction, Role};
use crate::ui::i18n::T;

const PRESENTER: T = t!("Presenter", "Trình chiếu");
const BAR: T = t!("Presenter controls", "Điều khiển trình chiếu");
const MODE: T = t!("Presenter mode", "Chế độ trình chiếu");
const AUDIENCE: T = t!("Audience window", "Cửa sổ khán giả");
const AUDIENCE_HERE: T = t!("Audience view", "Màn hình khán giả");
const NOTES: T = t!("Step text on screen", "Hiện nội dung bước");
const FAULTS: T = t!("Inject a fault", "Tạo sự cố");
const NO_FAULTS: T = t!("This page has no fault to inject: open a simulation with faults (the deployment sandbox has them).", "Trang này không có sự cố nào để tạo: hãy mở một mô phỏng có sự cố (deployment sandbox có sẵn).");
const SHORTCUTS: T = t!("Keyboard shortcuts", "Phím tắt");
const CLOSE: T = t!("Close", "Đóng");
const TIMER: T = t!("Timer", "Đồng hồ");
const TIMER_START: T = t!("Start timer", "Bấm giờ");
const TIMER_PAUSE: T = t!("Pause timer", "Dừng giờ");
const TIMER_RESET: T = t!("Reset timer", "Đặt lại giờ");
const NEXT: T = t!("Next: {step}", "Tiếp theo: {step}");
const LAST_STEP: T = t!("Last step of the lab", "Bước cuối của bài lab");

/// Every shortcut and what it does, in the order `?` lists them.
pub const SHORTCUT_LIST: &[(&str, T)] = &[
    (
        "Space",
        t!(
            "Play or pause the simulation",
            "Phát hoặc tạm dừng mô phỏng"
        ),
    ),
    (
        "J / L",
        t!(
            "Back / forward 10 simulated seconds",
            "Lùi / tiến 10 giây mô phỏng"
        ),
    ),
    (
        "0",
        t!("Back to the start (reset)", "Quay về lúc bắt đầu (reset)"),
    ),
    ("− / +", t!("Slower / faster", "Chậm hơn / nhanh hơn")),
    ("S", t!("Choose the speed", "Chọn tốc độ")),
    ("F", t!("Fault menu", "Menu sự cố")),
    (
        "1 … 9",
        t!("Inject fault 1 … 9 now", "Tạo sự cố 1 … 9 ngay lúc này"),
    ),
    ("[ / ]", t!("Previous / next step", "Bước trước / bước sau")),
    (
        "P",
        t!(
            "Presenter mode on or off",
            "Bật hoặc tắt chế độ trình chiếu"
        ),
    ),
    (
        "N",
        t!(
            "Step text on the projector",
            "Hiện nội dung bước trên máy chiếu"
        ),
    ),
    ("A", t!("Open the audience window", "Mở cửa sổ khán giả")),
    (
        "T",
        t!("Start or pause the timer", "Bắt đầu hoặc tạm dừng đồng hồ"),
    ),
    ("?", t!("This list", "Danh sách này")),
    ("Esc", t!("Close a dialog", "Đóng hộp thoại")),
];

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The page's visible elements matching `selector`.
fn visible(selector: &str) -> Vec<web_sys::HtmlElement> {
    let Some(list) = document().and_then(|d| d.query_selector_all(selector).ok()) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| e.get_client_rects().length() > 0 || e.class_name().contains("sr-only"))
        .collect()
}

/// The fault buttons a family put on the page, in order (buttons only: the deployment
/// sandbox also marks the rows of the faults already in its set-up).
fn fault_buttons() -> Vec<web_sys::HtmlElement> {
    visible("button[data-fault]")
}

/// Clicks the page's `n`th (0-based) fault button; whether there was one.
pub fn inject(n: usize) -> bool {
    match fault_buttons().get(n) {
        Some(b) => {
            b.click();
            true
        }
        None => false,
    }
}

/// The lab step route's id and step (1-based), if this page is one.
fn lab_step() -> Option<(String, usize)> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let rest = hash.strip_prefix("#/labs/")?;
    let (id, step) = match rest.split_once('/') {
        Some((id, step)) => (id, step.parse().ok()?),
        None => (rest, 1),
    };
    Some((id.to_string(), step))
}

/// Goes to the previous (`-1`) or next (`1`) step of the lab on screen.
fn go_step(delta: i64) {
    let Some((id, step)) = lab_step() else {
        return;
    };
    let Some(lab) = crate::labs::catalogue().lab(&id) else {
        return;
    };
    let to = (step as i64 + delta).clamp(1, lab.steps.len() as i64);
    if to as usize != step {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash(&format!("#/labs/{id}/{to}"));
        }
    }
}

/// Listens for the shortcuts on the whole page (not while typing in a field).
#[hook]
pub fn use_shortcuts(state: &UseReducerHandle<Presenter>) {
    let state = state.clone();
    use_effect_with((), move |_| {
        // Whether the focus was last moved by Tab (not by a click).
        let tabbed = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_pointer = {
            let tabbed = tabbed.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| tabbed.set(false))
        };
        let handler =
            Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                let key = e.key();
                if key == "Tab" {
                    tabbed.set(true);
                }
                if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
                    return;
                }
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|t| {
                        matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                            || t.get_attribute("contenteditable").is_some()
                    });
                if key == "Escape" {
                    state.dispatch(PresenterAction::Help(false));
                    state.dispatch(PresenterAction::Faults(None));
                    return;
                }
                // Space on a control reached with Tab, or in a dialog, presses that control, as
                // everywhere; the focus a mouse click leaves on a button does not take Space
                // from Play.
                let pressing = key == " "
                    && e.target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|t| {
                            matches!(t.tag_name().as_str(), "BUTTON" | "A" | "SUMMARY")
                                && (tabbed.get()
                                    || t.closest("[role=dialog]").ok().flatten().is_some())
                        });
                if typing || pressing {
                    return;
                }
                let handled = match key.as_str() {
                    "?" => {
                        state.dispatch(PresenterAction::Help(true));
                        true
                    }
                    "p" | "P" => {
                        state.dispatch(PresenterAction::Toggle);
                        true
                    }
                    "n" | "N" => {
                        state.dispatch(PresenterAction::Notes);
                        true
                    }
                    "a" | "A" => {
                        open_audience(&state);
                        true
                    }
                    "t" | "T" => {
                        state.dispatch(PresenterAction::Timer(true, now_ms()));
                        true
                    }
                    "f" | "F" => {
                        open_faults(&state);
                        true
                    }
                    "[" => {
                        go_step(-1);
                        true
                    }
                    "]" => {
                        go_step(1);
                        true
                    }
                    k if k.len() == 1 && ('1'..='9').contains(&k.chars().next().unwrap_or(' ')) => {
                        let n = k.parse::<usize>().unwrap_or(1) - 1;
                        let done = inject(n);
                        state.dispatch(PresenterAction::Faults(None));
                        done
                    }
                    other => {
                        let key = match other {
                            "J" | "L" | "S" => other.to_lowercase(),
                            "=" => "+".into(),
                            "Home" => "0".into(),
                            k => k.to_string(),
                        };
                        click_key(&key)
                    }
                };
                if handled {
                    e.prevent_default();
                }
            });
        let doc = document();
        if let Some(d) = &doc {
            let _ = d.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
            let _ = d.add_event_listener_with_callback_and_bool(
                "pointerdown",
                on_pointer.as_ref().unchecked_ref(),
                true,
            );
        }
        move || {
            if let Some(d) = doc {
                let _ = d.remove_event_listener_with_callback(
                    "keydown",
                    handler.as_ref().unchecked_ref(),
                );
                let _ = d.remove_event_listener_with_callback_and_bool(
                    "pointerdown",
                    on_pointer.as_ref().unchecked_ref(),
                    true,
                );
            }
        }
    });
}

/// Clicks (or, for a menu, focuses) the first visible control for `key`; whether there was one.
fn click_key(key: &str) -> bool {
    let selector = format!("[data-key=\"{}\"]", key.replace('"', ""));
    match visible(&selector).into_iter().next() {
        Some(el) if el.tag_name() == "SELECT" => el.focus().is_ok(),
        Some(el) => {
            el.click();
            true
        }
        None => false,
    }
}

fn open_faults(state: &UseReducerHandle<Presenter>) {
    let labels = fault_buttons()
        .iter()
        .map(|b| b.text_content().unwrap_or_default())
        .collect();
    state.dispatch(PresenterAction::Faults(Some(labels)));
}

/// The presenter's bar: the modes, the audience window, the fault menu, the timer, what's next.
pub fn bar(state: &UseReducerHandle<Presenter>) -> Html {
    let send = |action: fn() -> PresenterAction| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action()))
    };
    let audience = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| open_audience(&state))
    };
    let faults = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| open_faults(&state))
    };
    let timer = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(PresenterAction::Timer(true, now_ms())))
    };
    let timer_reset = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(PresenterAction::Timer(false, now_ms())))
    };
    let running = state.shared.timer.since.is_some();
    let next = lab_step().and_then(|(id, step)| {
        let lab = crate::labs::catalogue().lab(&id)?;
        Some(match lab.steps.get(step) {
            Some(s) => NEXT.fill(&[("step", &s.title)]),
            None => LAST_STEP.s().to_string(),
        })
    });
    let audience_here = state.role == Role::Audience;
    html! {
        <aside class="presenter-bar" aria-label={BAR.s()}>
            <strong>{ if audience_here { AUDIENCE_HERE.s() } else { PRESENTER.s() } }</strong>
            <button id="present-toggle" aria-pressed={state.on.to_string()} onclick={send(|| PresenterAction::Toggle)}
                disabled={audience_here}>{ MODE.s() }<kbd>{ "P" }</kbd></button>
            { for (!audience_here).then(|| html! {
                <button id="present-audience" onclick={audience}>{ AUDIENCE.s() }<kbd>{ "A" }</kbd></button>
            }) }
            <button id="present-notes" aria-pressed={state.shared.notes.to_string()} onclick={send(|| PresenterAction::Notes)}>
                { NOTES.s() }<kbd>{ "N" }</kbd></button>
            <button id="present-faults" onclick={faults}>{ FAULTS.s() }<kbd>{ "F" }</kbd></button>
            <span class="timer" role="group" aria-label={TIMER.s()}>
                <span id="present-timer" class="time">{ mmss(state.shared.timer.elapsed_s(now_ms())) }</span>
                <button id="present-timer-toggle" onclick={timer}>
                    { if running { TIMER_PAUSE.s() } else { TIMER_START.s() } }<kbd>{ "T" }</kbd></button>
                <button id="present-timer-reset" onclick={timer_reset}>{ TIMER_RESET.s() }</button>
            </span>
            { for next.map(|n| html! { <span class="next" id="present-next">{ n }</span> }) }
            { for crate::ui::agenda::next_block().map(|n| html! { <span class="next" id="present-agenda-next">{ n }</span> }) }
            <button id="present-help" onclick={send(|| PresenterAction::Help(true))}>{ SHORTCUTS.s() }<kbd>{ "?" }</kbd></button>
        </aside>
    }
}

/// A modal dialog with a title and a close button (`#dialog-close`, focused when it opens).
fn dialog(id: &str, title: &str, onclose: Callback<MouseEvent>, body: Html) -> Html {
    let title_id = format!("{id}-title");
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" id={id.to_string()} role="dialog" aria-modal="true" aria-labelledby={title_id.clone()}>
                <h2 id={title_id}>{ title.to_string() }</h2>
                { body }
                <button id="dialog-close" class="primary" onclick={onclose}>{ CLOSE.s() }</button>
            </div>
        </div>
    }
}

/// The shortcuts, on `?`.
pub fn help(state: &UseReducerHandle<Presenter>) -> Html {
    let state = state.clone();
    let onclose = Callback::from(move |_| state.dispatch(PresenterAction::Help(false)));
    let body = html! {
        <table class="shortcuts">
            <tbody>
                { for SHORTCUT_LIST.iter().map(|(key, what)| html! {
                    <tr><th scope="row"><kbd>{ *key }</kbd></th><td>{ what.s() }</td></tr>
                }) }
            </tbody>
        </table>
    };
    dialog("shortcuts", SHORTCUTS.s(), onclose, body)
}

/// The fault menu: the page's fault buttons, numbered as their shortcuts.
pub fn fault_menu(state: &UseReducerHandle<Presenter>) -> Html {
    let labels = state.faults.clone().unwrap_or_default();
    let close = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(PresenterAction::Faults(None)))
    };
    let items = labels.iter().enumerate().map(|(i, label)| {
        let state = state.clone();
        let pick = Callback::from(move |_: MouseEvent| {
            state.dispatch(PresenterAction::Faults(None));
            inject(i);
        });
        html! { <li><button id={format!("present-fault-{}", i + 1)} onclick={pick}><kbd>{ i + 1 }</kbd>{ " " }{ label.clone() }</button></li> }
    });
    let body = if labels.is_empty() {
        html! { <p>{ NO_FAULTS.s() }</p> }
    } else {
        html! { <ol class="fault-menu">{ for items }</ol> }
    };
    dialog("fault-menu", FAULTS.s(), close, body)
}
