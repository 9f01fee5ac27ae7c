//! The classroom: presenter mode and the audience window, for every page and every family.
//!
//! - **Presenter mode** (`p`) turns a window into the projector view: large type, high
//!   contrast, the workspace first and the step text optional (`n`).
//! - **The audience window** (`a`) is a second window of the app (named
//!   `devops-lab-audience`) that presents; the laptop keeps the step text (the notes), the
//!   next step and a timer. Both windows follow one shared state, [`Shared`]: the page, the
//!   playback clock, whether the audience sees the step text, the timer. Each change is saved
//!   in localStorage and sent to the other windows through a `BroadcastChannel`, or, where
//!   there is none, through the `storage` event of that localStorage key: no server, and
//!   closing either window loses nothing (the other, or a reopened one, carries on).
//! - **Playback** (`playback.rs`) is the same for every simulation view; while presenting,
//!   every view follows the shared clock ([`clock::Clock`]), so both windows show the same
//!   second without a message per tick.
//! - **Shortcuts** (`keys.rs`) click the control marked with their `data-key`, so a shortcut
//!   does exactly what the mouse does; `?` lists them. A family marks its fault buttons with
//!   `data-fault`: the fault menu (`f`) and the digits `1`–`9` inject them on cue.
pub mod clock;
pub mod keys;
pub mod playback;

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use clock::{Clock, Play};

/// The localStorage key of the shared state, and the channel's name.
pub const KEY: &str = "devops-lab.present";
/// The audience window's name (`window.open`'s target), which makes it the audience.
pub const AUDIENCE: &str = "devops-lab-audience";

/// What the presenter's windows share.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    /// The page (`#/labs/…`), so the audience follows the presenter.
    pub hash: String,
    pub clock: Clock,
    /// Whether the audience window shows the step text.
    pub notes: bool,
    pub timer: Timer,
    /// Faults injected on cue into a lab's simulations (a family names the kinds; the
    /// sandbox keeps its own in its URL). A demo only: never graded; reset clears them.
    #[serde(default)]
    pub cue: Vec<Cue>,
    /// Wall-clock ms of the change: the later one wins.
    pub seq: f64,
}

/// A fault injected on cue: its kind (the family's name for it) and when, in simulated seconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    pub kind: String,
    pub at_s: u32,
}

/// At most this many faults on cue (the digits 1–9 inject them).
pub const MAX_CUES: usize = 9;

/// The talk timer: time run so far, and since when it runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timer {
    pub ms: f64,
    pub since: Option<f64>,
}

impl Timer {
    pub fn elapsed_s(&self, now_ms: f64) -> u32 {
        let ms = self.ms + self.since.map_or(0.0, |s| (now_ms - s).max(0.0));
        (ms / 1000.0) as u32
    }
}

/// Which window this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A learner's window, or the instructor's before opening an audience window.
    Solo,
    /// The laptop once it has opened the audience window.
    Presenter,
    /// The projector's window.
    Audience,
}

/// This window's presenter state.
#[derive(Clone, Debug, PartialEq)]
pub struct Presenter {
    pub shared: Shared,
    pub role: Role,
    /// Presenter mode in this window.
    pub on: bool,
    pub help: bool,
    /// The fault menu, with the labels of the page's fault buttons when open.
    pub faults: Option<Vec<String>>,
    /// Whether the last change came from another window (then it is not sent back).
    remote: bool,
}

impl Presenter {
    /// Whether this window's simulations follow the shared clock.
    pub fn follows(&self) -> bool {
        self.on || self.role != Role::Solo
    }
}

/// A change to the presenter state.
pub enum PresenterAction {
    /// A playback control, at wall-clock ms, for a run of so many seconds.
    Play(Play, f64, u32),
    /// Presenter mode on or off in this window.
    Toggle,
    /// Show or hide the step text in the audience window (and in presenter mode).
    Notes,
    Help(bool),
    Faults(Option<Vec<String>>),
    /// This window opened the audience window.
    OpenedAudience,
    /// The audience window this window opened was closed: back to a learner's window.
    AudienceClosed,
    /// This window went to another page.
    Hash(String),
    /// Start or pause the timer (`true`), or reset it.
    Timer(bool, f64),
    /// A fault of this kind on cue at this simulated second.
    Cue(String, u32),
    /// Another window's state.
    Remote(Shared),
}

impl Reducible for Presenter {
    type Action = PresenterAction;

    fn reduce(self: Rc<Self>, action: PresenterAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.remote = false;
        let mut shared = true;
        match action {
            PresenterAction::Play(play, now, duration) => {
                next.shared.clock = next.shared.clock.apply(play, now, duration);
                // Reset readies the demo again: the faults injected on cue go too.
                if play == Play::Reset {
                    next.shared.cue.clear();
                }
            }
            PresenterAction::Cue(kind, at_s) => {
                if next.shared.cue.len() >= MAX_CUES {
                    return self;
                }
                next.shared.cue.push(Cue { kind, at_s });
                next.shared.cue.sort_by_key(|c| c.at_s);
            }
            PresenterAction::Toggle => {
                next.on = !next.on || next.role == Role::Audience;
                // Turned on, this window presents its own page, not the one a past session
                // saved (which the window would otherwise follow).
                shared = next.on && !self.on;
                if shared {
                    next.shared.hash = current_hash();
                }
            }
            PresenterAction::Notes => next.shared.notes = !next.shared.notes,
            PresenterAction::Help(open) => {
                next.help = open;
                shared = false;
            }
            PresenterAction::Faults(labels) => {
                next.faults = labels;
                shared = false;
            }
            PresenterAction::OpenedAudience => {
                if next.role == Role::Solo {
                    next.role = Role::Presenter;
                }
                shared = false;
            }
            PresenterAction::AudienceClosed => {
                if next.role == Role::Presenter {
                    next.role = Role::Solo;
                }
                shared = false;
            }
            PresenterAction::Hash(hash) => {
                if hash == next.shared.hash {
                    return self;
                }
                next.shared.hash = hash;
            }
            PresenterAction::Timer(toggle, now) => {
                let t = &mut next.shared.timer;
                *t = match (toggle, t.since) {
                    (true, None) => Timer {
                        ms: t.ms,
                        since: Some(now),
                    },
                    (true, Some(s)) => Timer {
                        ms: t.ms + (now - s).max(0.0),
                        since: None,
                    },
                    (false, _) => Timer::default(),
                };
            }
            PresenterAction::Remote(remote) => {
                if remote.seq <= next.shared.seq {
                    return self;
                }
                next.shared = remote;
                next.remote = true;
                shared = false;
            }
        }
        if shared {
            next.shared.seq = playback::now_ms().max(self.shared.seq + 1.0);
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// The presenter state, when the app provides it (always, in the app; not for a component
/// mounted alone in a test).
#[hook]
pub fn use_presenter() -> Option<UseReducerHandle<Presenter>> {
    use_context::<UseReducerHandle<Presenter>>()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The saved shared state (none, or unreadable: a fresh one).
fn saved() -> Shared {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn role() -> Role {
    let name = web_sys::window().and_then(|w| w.name().ok());
    if name.as_deref() == Some(AUDIENCE) {
        Role::Audience
    } else {
        Role::Solo
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct PresenterRootProps {
    pub children: Html,
}

/// Provides the presenter state, keeps it in step with the other windows, listens for
/// shortcuts, and shows the presenter's bar and dialogs.
#[component]
pub fn PresenterRoot(props: &PresenterRootProps) -> Html {
    let state = use_reducer(|| {
        let role = role();
        Presenter {
            shared: saved(),
            role,
            on: role == Role::Audience,
            help: false,
            faults: None,
            remote: false,
        }
    });
    use_sync(&state);
    keys::use_shortcuts(&state);
    // Follow the page: this window's navigation is shared; another's is followed. The query
    // is part of the page (the deployment sandbox's set-up, with the faults injected on cue).
    let hash = crate::ui::route::use_hash();
    {
        let state = state.clone();
        use_effect_with(hash.to_string(), move |_| {
            if state.follows() {
                state.dispatch(PresenterAction::Hash(current_hash()));
            }
        });
    }
    {
        let hash = state.shared.hash.clone();
        let follows = state.follows();
        use_effect_with((hash, follows), move |(hash, follows)| {
            if *follows && !hash.is_empty() && *hash != current_hash() {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().set_hash(hash);
                }
            }
        });
    }
    // The bar's timer, once a second while it runs.
    playback::use_ticker(state.shared.timer.since.is_some(), 1000);
    use_audience_watch(&state);
    // A dialog that opens takes the focus, and gives it back to where it was when it closes.
    let opener = use_mut_ref(|| None::<web_sys::HtmlElement>);
    use_effect_with(
        (state.help, state.faults.is_some()),
        move |&(help, faults)| {
            let document = web_sys::window().and_then(|w| w.document());
            let element = |id: &str| {
                document
                    .as_ref()
                    .and_then(|d| d.get_element_by_id(id))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            };
            if help || faults {
                if opener.borrow().is_none() {
                    *opener.borrow_mut() = document
                        .as_ref()
                        .and_then(|d| d.active_element())
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                }
                if let Some(close) = element("dialog-close") {
                    let _ = close.focus();
                }
            } else if let Some(back) = opener.borrow_mut().take() {
                let _ = back.focus();
            }
        },
    );
    let bar = (state.role == Role::Presenter || state.on).then(|| keys::bar(&state));
    html! {
        <ContextProvider<UseReducerHandle<Presenter>> context={state.clone()}>
            <div class={classes(&state)}>
                { for bar }
                { props.children.clone() }
            </div>
            { for state.help.then(|| keys::help(&state)) }
            { for state.faults.is_some().then(|| keys::fault_menu(&state)) }
        </ContextProvider<UseReducerHandle<Presenter>>>
    }
}

/// The classes the app's root takes while presenting.
pub fn classes(p: &Presenter) -> Classes {
    let mut c = Classes::new();
    if p.on {
        c.push("presenting");
        if !p.shared.notes {
            c.push("no-notes");
        }
    }
    if p.role == Role::Audience {
        c.push("audience");
    }
    c
}

/// Saves each local change and sends it to the other windows; applies theirs.
#[hook]
fn use_sync(state: &UseReducerHandle<Presenter>) {
    let channel = use_memo((), |_| web_sys::BroadcastChannel::new(KEY).ok());
    {
        // Listen: the channel, and the storage event (where there is no channel, or a message
        // was missed while this window was closed).
        let dispatcher = state.dispatcher();
        let channel = channel.clone();
        use_effect_with((), move |_| {
            let apply = {
                let dispatcher = dispatcher.clone();
                move |json: Option<String>| {
                    if let Some(shared) = json.and_then(|j| serde_json::from_str::<Shared>(&j).ok())
                    {
                        dispatcher.dispatch(PresenterAction::Remote(shared));
                    }
                }
            };
            let on_message = {
                let apply = apply.clone();
                Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                    apply(e.data().as_string())
                })
            };
            if let Some(c) = channel.as_ref() {
                c.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            }
            let on_storage = Closure::<dyn FnMut(web_sys::StorageEvent)>::new(
                move |e: web_sys::StorageEvent| {
                    if e.key().as_deref() == Some(KEY) {
                        apply(e.new_value())
                    }
                },
            );
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback(
                    "storage",
                    on_storage.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(c) = channel.as_ref() {
                    c.set_onmessage(None);
                }
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        "storage",
                        on_storage.as_ref().unchecked_ref(),
                    );
                }
                drop(on_message);
            }
        });
    }
    // Send: every change made here.
    let seq = state.shared.seq;
    let remote = state.remote;
    let shared = state.shared.clone();
    use_effect_with(seq, move |_| {
        if remote || shared.seq == 0.0 {
            return;
        }
        if let Ok(json) = serde_json::to_string(&shared) {
            if let Some(s) = storage() {
                let _ = s.set_item(KEY, &json);
            }
            if let Some(c) = channel.as_ref() {
                let _ = c.post_message(&json.into());
            }
        }
    });
}

thread_local! {
    /// The audience window this window opened, watched so that closing it ends the
    /// presenter's role here (its state stays saved for when it is opened again).
    static OPENED: std::cell::RefCell<Option<web_sys::Window>> = const { std::cell::RefCell::new(None) };
}

/// While this window presents to an audience window, checks every second whether that
/// window is still open.
#[hook]
fn use_audience_watch(state: &UseReducerHandle<Presenter>) {
    let presenting = state.role == Role::Presenter;
    let dispatcher = state.dispatcher();
    use_effect_with(presenting, move |&presenting| {
        let mut cleanup: Option<(i32, Closure<dyn FnMut()>)> = None;
        if presenting {
            let check = Closure::<dyn FnMut()>::new(move || {
                let closed = OPENED.with(|o| {
                    o.borrow()
                        .as_ref()
                        .is_none_or(|w| w.closed().unwrap_or(true))
                });
                if closed {
                    dispatcher.dispatch(PresenterAction::AudienceClosed);
                }
            });
            if let Some(id) = web_sys::window().and_then(|w| {
                w.set_interval_with_callback_and_timeout_and_arguments_0(
                    check.as_ref().unchecked_ref(),
                    1000,
                )
                .ok()
            }) {
                cleanup = Some((id, check));
            }
        }
        move || {
            if let (Some(w), Some((id, _))) = (web_sys::window(), cleanup) {
                w.clear_interval_with_handle(id);
            }
        }
    });
}

/// Opens (or brings forward) the audience window on this page.
pub fn open_audience(state: &UseReducerHandle<Presenter>) {
    if let Some(w) = web_sys::window() {
        let url = w.location().href().unwrap_or_default();
        // Share the state first, so the new window opens where this one is.
        state.dispatch(PresenterAction::OpenedAudience);
        state.dispatch(PresenterAction::Hash(current_hash()));
        if let Ok(json) = serde_json::to_string(&Shared {
            hash: current_hash(),
            ..state.shared.clone()
        }) {
            if let Some(s) = storage() {
                let _ = s.set_item(KEY, &json);
            }
        }
        if let Ok(Some(opened)) = w.open_with_url_and_target(&url, AUDIENCE) {
            OPENED.with(|o| *o.borrow_mut() = Some(opened));
        }
    }
}
