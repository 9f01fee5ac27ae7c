//! Helpers shared by the browser tests: mount the app, find elements, type and click as a
//! learner would (bubbling events, then a scheduler flush), read the DOM.
#![allow(dead_code)] // Each test file uses a different subset.

use devops_lab::ui::app::App;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A fresh element appended to the body.
pub fn root() -> Element {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

/// Installs the compiled labs of every language, as the app would fetch them (no server
/// holds them here).
pub fn install_labs() {
    use devops_lab::course::Lang;
    let en: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/labs-en.bin"));
    let vi: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/labs-vi.bin"));
    devops_lab::labs::install(Lang::En, en).unwrap();
    devops_lab::labs::install(Lang::Vi, vi).unwrap();
}

thread_local! {
    /// Apps a test left mounted; the next mount removes them, so no earlier app (with its
    /// own language and state) renders into the next test.
    static LEFT: std::cell::RefCell<Vec<yew::AppHandle<App>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Leaves an app mounted until the next test mounts one.
pub fn keep_until_next_mount(handle: yew::AppHandle<App>) {
    LEFT.with(|l| l.borrow_mut().push(handle));
}

/// The app mounted at a hash in a fresh element; pass both to [`done`] afterwards.
pub async fn mount_at(hash: &str) -> (Element, yew::AppHandle<App>) {
    // The language the test chose, read before anything renders (an earlier app's last
    // render would set its own).
    let lang = devops_lab::ui::i18n::lang();
    for handle in LEFT.with(|l| std::mem::take(&mut *l.borrow_mut())) {
        handle.destroy();
    }
    install_labs();
    // The app opens in the language the test chose (`i18n::set_lang`), English by default.
    storage().set_item("devops-lab.lang", lang.code()).unwrap();
    // No trunk-built parsers worker is served here: parse in the page.
    devops_lab::ui::parsers::run_in_page(run_job);
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(hash)
        .unwrap();
    let root = root();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    (root, handle)
}

/// A parsers job run in the page, the templates' resource knowledge and the compiled labs
/// compiled in (the worker downloads them from beside the app).
fn run_job(job: devops_lab::course::jobs::Job) -> devops_lab::course::jobs::Outcome {
    devops_lab::course::jobs::run(job, &|name| {
        use devops_lab::course::Lang;
        let labs = |lang| name == devops_lab::labs::file_name(lang);
        Ok(if labs(Lang::En) {
            include_bytes!(concat!(env!("OUT_DIR"), "/labs-en.bin")).to_vec()
        } else if labs(Lang::Vi) {
            include_bytes!(concat!(env!("OUT_DIR"), "/labs-vi.bin")).to_vec()
        } else if name == devops_lab::labs::exam_file(Lang::En) {
            include_bytes!(concat!(env!("OUT_DIR"), "/exam-en.bin")).to_vec()
        } else if name == devops_lab::labs::exam_file(Lang::Vi) {
            include_bytes!(concat!(env!("OUT_DIR"), "/exam-vi.bin")).to_vec()
        } else {
            devops_lab::engine::cfn::SCHEMAS_JSON.as_bytes().to_vec()
        })
    })
}

/// Unmounts the app and removes its element.
pub fn done(root: Element, handle: yew::AppHandle<App>) {
    handle.destroy();
    root.remove();
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

/// Dispatches a bubbling event of this kind (yew listens at the root) and lets yew render.
pub async fn fire(element: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    element.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// Types a value into an input, as the `input` event reports it.
pub async fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).dyn_into().unwrap();
    input.set_value(value);
    fire(&input, "input").await;
}

pub async fn click(root: &Element, selector: &str) {
    find(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
}
