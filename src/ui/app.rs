//! The root component: router, header, banners, and saving progress after every change.
use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use super::family::{deploy, dora};
use super::route::Route;
use super::state::{AppAction, AppHandle, AppState, Banner, Theme};
use super::storage::BrowserStore;
use super::{home, lab_page, progress_page, text};
use crate::course::progress::{self, Notice};

const THEME_KEY: &str = "devops-lab.theme";

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
            let mut state = AppState::new(progress::load(&mut *store), theme);
            if !store.is_persistent() {
                state.banners.push(Banner::Info(text::NO_STORAGE.into()));
            }
            state
        })
    };
    use_save(store, &state);
    let theme_class = match state.theme {
        Theme::Dark => "app theme-dark",
        Theme::Light => "app theme-light",
    };
    html! {
        <ContextProvider<AppHandle> context={state.clone()}>
            <ContextProvider<Theme> context={state.theme}>
                <HashRouter>
                    <div class={theme_class}>
                        <a class="skip" href="#main" onclick={skip_to_main()}>{ text::SKIP_TO_CONTENT }</a>
                        <Header />
                        <Banners />
                        <super::update_notice::UpdateNotice />
                        <main id="main" tabindex="-1">
                            <Switch<Route> render={switch} />
                        </main>
                    </div>
                </HashRouter>
            </ContextProvider<Theme>>
        </ContextProvider<AppHandle>>
    }
}

/// Saves progress whenever it changes, and the theme.
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

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <home::Home /> },
        Route::Lab { id } => html! { <lab_page::LabPage {id} step={None::<String>} /> },
        Route::LabStep { id, step } => html! { <lab_page::LabPage {id} step={Some(step)} /> },
        Route::SandboxDora => html! { <dora::sandbox::DoraSandbox /> },
        Route::SandboxDeploy => html! { <deploy::sandbox::DeploySandbox /> },
        Route::Progress => html! { <progress_page::ProgressPage /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

#[component]
fn Header() -> Html {
    let state = super::state::use_app();
    let dark = state.theme == Theme::Dark;
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
            <Link<Route> to={Route::Home} classes="brand">{ text::APP_NAME }</Link<Route>>
            <nav aria-label="Main">
                <Link<Route> to={Route::Home}>{ text::NAV_CATALOGUE }</Link<Route>>
                <Link<Route> to={Route::SandboxDora}>{ text::NAV_SANDBOX }</Link<Route>>
                <Link<Route> to={Route::SandboxDeploy}>{ text::NAV_DEPLOY_SANDBOX }</Link<Route>>
                <Link<Route> to={Route::Progress}>{ text::NAV_PROGRESS }</Link<Route>>
            </nav>
            <button class="theme" onclick={toggle} aria-pressed={dark.to_string()}>
                { if dark { text::THEME_TO_LIGHT } else { text::THEME_TO_DARK } }
            </button>
        </header>
    }
}

#[component]
fn Banners() -> Html {
    let state = super::state::use_app();
    let items = state.banners.iter().enumerate().map(|(i, banner)| {
        let (class, message) = match banner {
            Banner::Load(Notice::Unreadable { reason, backup_key }) => (
                "banner error",
                text::unreadable_progress(reason, backup_key.as_deref()),
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
                <button onclick={dismiss}>{ text::DISMISS }</button>
            </div>
        }
    });
    html! { <div class="banners" aria-live="polite">{ for items }</div> }
}

#[component]
pub fn NotFound() -> Html {
    html! {
        <section class="page narrow">
            <h1>{ text::NOT_FOUND_TITLE }</h1>
            <p><Link<Route> to={Route::Home}>{ text::BACK_HOME }</Link<Route>></p>
        </section>
    }
}
