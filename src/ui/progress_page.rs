//! The progress page: scores by lab, export to a JSON file, import from one.
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::i18n::lang;
use super::route::{Link, Route};
use super::state::{use_app, AppAction, Banner};
use super::text;
use crate::course::progress;
use crate::labs::catalogue;

/// The progress page.
#[component]
pub fn ProgressPage() -> Html {
    let state = use_app();
    let rows = catalogue().labs.iter().map(|lab| {
        let p = state.progress.labs.get(&lab.id);
        let best = p.and_then(|p| p.best).map(|b| text::score(b.points, b.max)).unwrap_or_else(|| text::NOT_STARTED.s().into());
        html! {
            <tr>
                <th scope="row"><Link to={Route::Lab { id: lab.id.clone() }}>{ &lab.title }</Link></th>
                <td>{ text::family(lab.family) }</td>
                <td>{ best }</td>
            </tr>
        }
    });
    let onexport = {
        let state = state.clone();
        Callback::from(move |_| {
            if let Err(e) = download(
                "devops-lab-progress.json",
                &progress::export(&state.progress),
            ) {
                state.dispatch(AppAction::Banner(Banner::Error(text::save_failed(&e))));
            }
        })
    };
    let onimport = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                let result = match text.ok().and_then(|t| t.as_string()) {
                    None => Err(text::NOT_TEXT.s().to_string()),
                    Some(t) => progress::parse(&t)
                        .map(|(p, _)| p)
                        .map_err(|w| w.get(lang())),
                };
                match result {
                    Ok(p) => state.dispatch(AppAction::Import(p)),
                    Err(reason) => state.dispatch(AppAction::Banner(Banner::Error(
                        text::import_failed(&reason),
                    ))),
                }
            });
        })
    };
    html! {
        <section class="page narrow">
            <h1>{ text::NAV_PROGRESS.s() }</h1>
            <table class="progress-table">
                <thead><tr><th scope="col">{ text::COL_LAB.s() }</th><th scope="col">{ text::COL_FAMILY.s() }</th><th scope="col">{ text::BEST_SCORE_COL.s() }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <p class="actions">
                <button id="export" onclick={onexport}>{ text::EXPORT.s() }</button>
                <label class="button" for="import">{ text::IMPORT.s() }</label>
                <input id="import" class="visually-hidden-file" type="file" accept=".json,application/json" onchange={onimport} />
            </p>
            // Exam practice by domain, built by the parsers worker: only once there is some.
            if !state.progress.exam.is_empty() {
                <super::exam::ExamPage view="/progress" />
            }
        </section>
    }
}

/// Offers `contents` as a file download, without any network request.
fn download(name: &str, contents: &str) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url).map_err(err)?;
    Ok(())
}
