//! The labs, in the learner's language. `build.rs` compiles `labs/` once per language
//! (checked, Markdown turned into safe node trees, solutions and attempts left out) into
//! `labs-<lang>-<hash>.bin` beside the app; the app fetches the current language's file
//! when it starts or switches language (the service worker keeps them for offline use), so
//! the first load carries one language's labs and no more.
use std::cell::RefCell;

use crate::course::{Catalogue, Lang};

include!(concat!(env!("OUT_DIR"), "/labs_files.rs"));

thread_local! {
    /// The catalogues fetched so far, each decoded once and kept for the page's life.
    static LOADED: RefCell<Vec<&'static Catalogue>> = const { RefCell::new(Vec::new()) };
}

/// The file holding `lang`'s compiled labs (relative to the page).
pub fn file_name(lang: Lang) -> &'static str {
    LAB_FILES
        .iter()
        .find(|(code, _)| *code == lang.code())
        .map_or("", |(_, name)| name)
}

/// The file holding `lang`'s compiled question bank (the parsers worker fetches it).
pub fn exam_file(lang: Lang) -> &'static str {
    EXAM_FILES
        .iter()
        .find(|(code, _)| *code == lang.code())
        .map_or("", |(_, name)| name)
}

/// `lang`'s labs if they are loaded (natively, for tests and the CLI, they always are: the
/// build's files are compiled in).
pub fn loaded(lang: Lang) -> Option<&'static Catalogue> {
    let found = LOADED.with(|l| l.borrow().iter().copied().find(|c| c.lang == lang));
    #[cfg(not(target_arch = "wasm32"))]
    if found.is_none() {
        let bytes: &[u8] = match lang {
            Lang::En => include_bytes!(concat!(env!("OUT_DIR"), "/labs-en.bin")),
            Lang::Vi => include_bytes!(concat!(env!("OUT_DIR"), "/labs-vi.bin")),
        };
        return install(lang, bytes).ok();
    }
    found
}

/// The labs in the UI's current language (an empty catalogue until they are loaded: the app
/// renders pages only once they are).
pub fn catalogue() -> &'static Catalogue {
    loaded(crate::ui::i18n::lang()).unwrap_or_else(|| {
        static EMPTY: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        EMPTY.get_or_init(|| Catalogue {
            lang: Lang::En,
            labs: Vec::new(),
            texts: Vec::new(),
            problems: Vec::new(),
            agenda: Vec::new(),
        })
    })
}

/// Decodes `lang`'s compiled labs and keeps them; an error when they cannot be read or are
/// not `lang`'s (a stale or damaged file).
pub fn install(lang: Lang, bytes: &[u8]) -> Result<&'static Catalogue, String> {
    if let Some(done) = LOADED.with(|l| l.borrow().iter().copied().find(|c| c.lang == lang)) {
        return Ok(done);
    }
    let catalogue = Catalogue::decode(bytes);
    if let Some(problem) = catalogue.problems.first() {
        return Err(problem.message.clone());
    }
    if catalogue.lang != lang {
        return Err(format!(
            "the file holds the labs in \"{}\", not \"{}\"",
            catalogue.lang, lang
        ));
    }
    crate::course::lang::install_translations(&catalogue.texts);
    let kept: &'static Catalogue = Box::leak(Box::new(catalogue));
    LOADED.with(|l| l.borrow_mut().push(kept));
    Ok(kept)
}

/// Fetches and installs `lang`'s labs (browser only).
#[cfg(target_arch = "wasm32")]
pub async fn fetch(lang: Lang) -> Result<&'static Catalogue, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    if let Some(done) = loaded(lang) {
        return Ok(done);
    }
    let why = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(file_name(lang)))
        .await
        .map_err(why)?;
    let response: web_sys::Response = response.dyn_into().map_err(why)?;
    if !response.ok() {
        return Err(format!("{} {}", response.status(), response.status_text()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(why)?)
        .await
        .map_err(why)?;
    install(lang, &js_sys::Uint8Array::new(&buffer).to_vec())
}
