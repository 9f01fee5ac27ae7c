//! The root component: router, header, banners, and saving progress after every change.
use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::family::{deploy, dora};
use super::present::PresenterRoot;
use super::route::{Link, Route};
use super::state::{AppAction, AppHandle, AppState, Banner, Theme};
use super::storage::BrowserStore;
use super::{agenda, home, i18n, lab_page, progress_page, text};
use crate::course::progress::{self, Notice};
use crate::course::Lang;
use crate::labs;

const THEME_KEY: &str = "devops-lab.theme";
const LANG_KEY: &str = "devops-lab.lang";

/// The whole app.
#[component]
pub fn App() -> Html {
    let store = use_mut_ref(BrowserStore::open);
    let state = {
        let store = store.clone();
        use_reducer(move || {
            let mut store = store.borrow_mut();
            let theme = match progress::Store::get(&*store, THEME_KEY).as_deref() {
                Some("dark") => Theme::Dark,
                Some("light") => Theme::Light,
                _ => prefers_dark(),
            };
            let lang = progress::Store::get(&*store, LANG_KEY)
                .and_then(|code| Lang::from_code(&code))
                .unwrap_or_else(browser_lang);
            let mut state = AppState::new(progress::load(&mut *store), theme, lang);
            if !store.is_persistent() {
                state
                    .banners
                    .push(Banner::Info(text::NO_STORAGE.s().into()));
            }
            state
        })
    };
    use_save(store, &state);
    // Every component words itself in this language during this render.
    i18n::set_lang(state.lang);
    use_lang_attribute();
    let labs = use_labs(state.lang);
    let theme_class = match state.theme {
        Theme::Dark => "app theme-dark",
        Theme::Light => "app theme-light",
    };
    html! {
        <ContextProvider<AppHandle> context={state.clone()}>
            <ContextProvider<Theme> context={state.theme}>
                <div class={theme_class}>
                    <PresenterRoot>
                        <a class="skip" href="#main" onclick={skip_to_main()}>{ text::SKIP_TO_CONTENT.s() }</a>
                        <Header />
                        <Banners />
                        <super::update_notice::UpdateNotice />
                        // Keyed by language: a switch remounts the pages, so all of them word
                        // themselves again (answers and progress live in the state, not here).
                        <main id="main" tabindex="-1" key={state.lang.code()}>
                            { labs }
                        </main>
                    </PresenterRoot>
                </div>
            </ContextProvider<Theme>>
        </ContextProvider<AppHandle>>
    }
}

/// The pages once `lang`'s labs are loaded; until then what is happening (fetching them,
/// or why they could not be, with a way to try again).
#[hook]
fn use_labs(lang: Lang) -> Html {
    let failed = use_state(|| None::<String>);
    let attempt = use_state(|| 0u32);
    let ready = labs::loaded(lang).is_some();
    {
        let failed = failed.clone();
        let attempt_now = *attempt;
        let bump = attempt.clone();
        use_effect_with((lang, attempt_now, ready), move |&(lang, _, ready)| {
            if !ready {
                failed.set(None);
                spawn_labs(lang, move |result| match result {
                    Ok(()) => bump.set(attempt_now + 1),
                    Err(e) => failed.set(Some(e)),
                });
            }
        });
    }
    if ready {
        return html! { <Pages /> };
    }
    match &*failed {
        None => html! { <p class="loading" role="status">{ text::LOADING_LABS.s() }</p> },
        Some(e) => {
            let retry = {
                let attempt = attempt.clone();
                Callback::from(move |_| attempt.set(*attempt + 1))
            };
            html! {
                <div class="cannot-load" role="alert">
                    <p>{ text::LABS_UNAVAILABLE.fill(&[("error", e)]) }</p>
                    <button onclick={retry}>{ text::TRY_AGAIN.s() }</button>
                </div>
            }
        }
    }
}

/// Fetches `lang`'s labs, then calls `done` (in the browser; natively they cannot be fetched).
fn spawn_labs(lang: Lang, done: impl FnOnce(Result<(), String>) + 'static) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        done(labs::fetch(lang).await.map(|_| ()));
    });
    #[cfg(not(target_arch = "wasm32"))]
    done(Err(format!(
        "the labs in {lang} are fetched in the browser only"
    )));
}

/// The browser's preferred language when the learner has not chosen one.
fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

/// Saves progress whenever it changes, and the theme. (The language is saved when the
/// learner switches it: see `lang_switch`.)
#[hook]
fn use_save(store: Rc<RefCell<BrowserStore>>, state: &AppHandle) {
    let revision = state.revision;
    let theme = state.theme;
    let handle = state.clone();
    use_effect_with((revision, theme), move |&(revision, theme)| {
        let mut store = store.borrow_mut();
        let _ = progress::Store::set(
            &mut *store,
            THEME_KEY,
            if theme == Theme::Dark {
                "dark"
            } else {
                "light"
            },
        );
        if revision > 0 && handle.can_save {
            if let Err(e) = progress::save(&mut *store, &handle.progress) {
                handle.dispatch(AppAction::Banner(Banner::Error(text::save_failed(&e))));
            }
        }
    });
}

/// Sets the page's `lang` attribute to the language the UI renders in, so that screen
/// readers and the browser's hyphenation read it as that language.
#[hook]
fn use_lang_attribute() {
    use_effect_with(i18n::lang(), |lang| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.code());
        }
    });
}

fn prefers_dark() -> Theme {
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}

fn skip_to_main() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        e.prevent_default();
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok())
        {
            let _ = main.focus();
        }
    })
}

/// The page of the current route (rendered again when the hash changes).
#[component]
fn Pages() -> Html {
    match super::route::use_route() {
        Route::Home => html! { <home::Home /> },
        Route::Lab { id } => html! { <lab_page::LabPage {id} step={None::<String>} /> },
        Route::LabStep { id, step } => html! { <lab_page::LabPage {id} step={Some(step)} /> },
        Route::Agenda => html! { <agenda::AgendaPage /> },
        Route::SandboxDora => html! { <dora::sandbox::DoraSandbox /> },
        Route::SandboxDeploy => html! { <deploy::sandbox::DeploySandbox /> },
        Route::SandboxCfn => html! { <super::family::cfn::sandbox::CfnSandbox /> },
        Route::SandboxContainers => html! { <super::demo::DemoPage id="" sandbox=true /> },
        Route::Progress => html! { <progress_page::ProgressPage /> },
        Route::Exam { view } => html! { <super::exam::ExamPage {view} /> },
        Route::Demo { id } => html! { <super::demo::DemoPage {id} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

#[component]
fn Header() -> Html {
    let state = super::state::use_app();
    let presenter = super::present::use_presenter();
    let busy = use_state(|| false);
    let dark = state.theme == Theme::Dark;
    // Presenter mode on or off (also the `P` shortcut; `?` lists every shortcut).
    let present = presenter.map(|presenter| {
        let on = presenter.on;
        let onclick =
            Callback::from(move |_| presenter.dispatch(super::present::PresenterAction::Toggle));
        html! {
            <button class="present" id="present" {onclick} aria-pressed={on.to_string()} aria-keyshortcuts="p">
                { text::PRESENT.s() }
            </button>
        }
    });
    let lang_switch = lang_switch(&state, &busy);
    let toggle = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(AppAction::SetTheme(if dark {
                Theme::Light
            } else {
                Theme::Dark
            }))
        })
    };
    html! {
        <header class="top">
            <Link to={Route::Home} classes="brand">{ text::APP_NAME.s() }</Link>
            <nav aria-label={text::NAV_MAIN.s()}>
                <Link to={Route::Home}>{ text::NAV_CATALOGUE.s() }</Link>
                <Link to={Route::Agenda}>{ text::NAV_AGENDA.s() }</Link>
                <Link to={Route::SandboxDora}>{ text::NAV_SANDBOX.s() }</Link>
                <Link to={Route::SandboxDeploy}>{ text::NAV_DEPLOY_SANDBOX.s() }</Link>
                <Link to={Route::SandboxCfn}>{ text::NAV_CFN_SANDBOX.s() }</Link>
                <Link to={Route::SandboxContainers}>{ text::NAV_CONTAINERS_SANDBOX.s() }</Link>
                <Link to={Route::Exam { view: String::new() }}>{ text::NAV_EXAM.s() }</Link>
                <Link to={Route::Progress}>{ text::NAV_PROGRESS.s() }</Link>
            </nav>
            { for present }
            { lang_switch }
            <button class="theme" onclick={toggle} aria-pressed={dark.to_string()}>
                { if dark { text::THEME_TO_LIGHT.s() } else { text::THEME_TO_DARK.s() } }
            </button>
        </header>
    }
}

/// The language switch: each language named in itself; the choice is remembered. The new
/// language shows once its labs are loaded (at once when they already are).
fn lang_switch(state: &AppHandle, busy: &UseStateHandle<bool>) -> Html {
    let onchange = {
        let state = state.clone();
        let busy = busy.clone();
        Callback::from(move |e: Event| {
            let Some(lang) = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| Lang::from_code(&s.value()))
            else {
                return;
            };
            let state = state.clone();
            let busy = busy.clone();
            busy.set(true);
            spawn_labs(lang, move |result| {
                busy.set(false);
                match result {
                    Ok(()) => {
                        let _ =
                            progress::Store::set(&mut BrowserStore::open(), LANG_KEY, lang.code());
                        state.dispatch(AppAction::SetLang(lang));
                    }
                    Err(e) => state.dispatch(AppAction::Banner(Banner::Error(
                        text::LABS_UNAVAILABLE.fill(&[("error", &e)]),
                    ))),
                }
            });
        })
    };
    let options = Lang::ALL.iter().map(|l| {
        html! {
            <option value={l.code()} lang={l.code()} selected={*l == state.lang}>{ l.native_name() }</option>
        }
    });
    html! {
        <label class="lang">
            <span class="sr-only">{ text::LANGUAGE.s() }</span>
            <select id="lang" {onchange} disabled={**busy} aria-busy={busy.to_string()}>{ for options }</select>
        </label>
    }
}

#[component]
fn Banners() -> Html {
    let state = super::state::use_app();
    let items = state.banners.iter().enumerate().map(|(i, banner)| {
        let (class, message) = match banner {
            Banner::Load(Notice::Unreadable { reason, backup_key }) => (
                "banner error",
                text::unreadable_progress(&reason.get(i18n::lang()), backup_key.as_deref()),
            ),
            Banner::Load(Notice::Migrated { from }) => ("banner info", text::migrated(*from)),
            Banner::Info(m) => ("banner info", m.clone()),
            Banner::Error(m) => ("banner error", m.clone()),
        };
        let dismiss = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(AppAction::Dismiss(i)))
        };
        html! {
            <div class={class} role="status">
                <p>{ message }</p>
                <button onclick={dismiss}>{ text::DISMISS.s() }</button>
            </div>
        }
    });
    html! { <div class="banners" aria-live="polite">{ for items }</div> }
}

#[component]
pub fn NotFound() -> Html {
    html! {
        <section class="page narrow">
            <h1>{ text::NOT_FOUND_TITLE.s() }</h1>
            <p><Link to={Route::Home}>{ text::BACK_HOME.s() }</Link></p>
        </section>
    }
}
