//! Browser tests: real components mounted in headless Chromium, driven through the DOM.
#![cfg(target_arch = "wasm32")]

use devops_lab::course::doc::{Doc, Node, Tag};
use devops_lab::course::progress::{BACKUP_KEY, STORAGE_KEY};
use devops_lab::ui::markdown::Text;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The app at a hash; it stays mounted until the next test mounts one (`mount_at`).
async fn mount_app_at(hash: &str) -> Element {
    let (root, handle) = mount_at(hash).await;
    keep_until_next_mount(handle);
    root
}

#[wasm_bindgen_test]
async fn the_lab_player_grades_typed_answers_and_saves_them() {
    storage().clear().unwrap();
    let root = mount_app_at("#/labs/dora-four-keys/2").await;
    assert_eq!(
        text(&root, "#lab-title"),
        "DORA's four keys: measure a team"
    );
    assert_eq!(text(&root, "#step-title"), "Deployment frequency");
    assert!(
        root.query_selector("#results").unwrap().is_none(),
        "no results before Check"
    );

    type_into(&root, "#input-deployments_per_week", "1.5").await;
    click(&root, "#check").await;
    let result = text(&root, "li.check[data-check=\"deployment-frequency\"]");
    assert!(result.contains("Your answer, 1.5, is too low."), "{result}");
    // Typed as the English app prints a thousand: read as 1000, not 1.0.
    type_into(&root, "#input-deployments_per_week", "1,000").await;
    click(&root, "#check").await;
    let result = text(&root, "li.check[data-check=\"deployment-frequency\"]");
    assert!(
        result.contains("Your answer, 1000, is too high."),
        "{result}"
    );
    assert_eq!(
        find(&root, "#score").get_attribute("data-score").as_deref(),
        Some("0")
    );

    type_into(&root, "#input-deployments_per_week", "2,0").await;
    click(&root, "#check").await;
    let result = find(&root, "li.check[data-check=\"deployment-frequency\"]");
    assert_eq!(result.class_name(), "check pass");
    assert_eq!(
        find(&root, "#score").get_attribute("data-score").as_deref(),
        Some("2")
    );

    let saved = storage()
        .get_item(STORAGE_KEY)
        .unwrap()
        .expect("progress saved");
    assert!(
        saved.contains("\"deployments_per_week\":{\"text\":\"2,0\",\"lang\":\"en\"}"),
        "{saved}"
    );
    // A partly answered lab: the check is the last score, never the best.
    assert!(
        saved.contains("\"last\":{\"points\":2,\"max\":15}"),
        "{saved}"
    );
    assert!(!saved.contains("\"best\":{"), "{saved}");
    root.set_inner_html("");
}

#[wasm_bindgen_test]
async fn the_lab_player_speaks_vietnamese_when_asked() {
    use devops_lab::ui::i18n::{set_lang, Lang};
    storage().clear().unwrap();
    set_lang(Lang::Vi);
    let (root, handle) = mount_at("#/labs/dora-four-keys/2").await;
    let html_lang = document().document_element().unwrap().get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("vi"));
    assert_eq!(text(&root, "#check"), "Kiểm tra câu trả lời");
    assert_eq!(text(&root, "#start-over"), "Làm lại bài lab này");
    type_into(&root, "#input-deployments_per_week", "1,5").await;
    click(&root, "#check").await;
    let result = text(&root, "li.check[data-check=\"deployment-frequency\"]");
    assert!(
        result.contains("Câu trả lời của bạn, 1,5, quá thấp."),
        "{result}"
    );
    assert!(text(&root, "#results-title").contains("Kết quả"));
    // `1,000` in Vietnamese is a thousand written the English way, or 1 with a decimal
    // comma: the learner is asked, not guessed for.
    type_into(&root, "#input-deployments_per_week", "1,000").await;
    click(&root, "#check").await;
    let result = text(&root, "li.check[data-check=\"deployment-frequency\"]");
    assert!(
        result.contains("Bạn muốn nhập 1000 hay 1?") && result.contains("Hãy viết 1000 hoặc 1."),
        "{result}"
    );
    // The Vietnamese way of grouping a thousand.
    type_into(&root, "#input-deployments_per_week", "1.000").await;
    click(&root, "#check").await;
    let result = text(&root, "li.check[data-check=\"deployment-frequency\"]");
    assert!(
        result.contains("Câu trả lời của bạn, 1000, quá cao."),
        "{result}"
    );
    set_lang(Lang::En);
    done(root, handle);
    // Back in English, the next page says so too, and the answer typed in Vietnamese is
    // still read as it was meant: a thousand, not 1.0.
    let (root, handle) = mount_at("#/labs/dora-four-keys/2").await;
    let html_lang = document().document_element().unwrap().get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("en"));
    click(&root, "#check").await;
    let result = text(&root, "li.check[data-check=\"deployment-frequency\"]");
    assert!(
        result.contains("Your answer, 1000, is too high."),
        "{result}"
    );
    done(root, handle);
}

#[wasm_bindgen_test]
async fn a_hint_costs_points_once_revealed() {
    storage().clear().unwrap();
    let root = mount_app_at("#/labs/dora-four-keys/3").await;
    let button = text(&root, ".hints button");
    assert_eq!(button, "Show hint 1 (costs 1 point)");
    click(&root, ".hints button").await;
    assert!(text(&root, ".hint.shown").contains("c3e5f01"));
    type_into(&root, "#input-lead_time_hours", "20").await;
    click(&root, "#check").await;
    let score = text(&root, "#score");
    assert!(
        score.contains("1 / 15"),
        "2 points for lead time, less 1 for the hint: {score}"
    );
    assert!(score.contains("Hints used: −1 point"), "{score}");
    root.set_inner_html("");
}

#[wasm_bindgen_test]
async fn corrupt_progress_is_reported_and_kept_under_a_backup_key() {
    storage().clear().unwrap();
    storage()
        .set_item(STORAGE_KEY, "{\"version\":1,\"labs\":")
        .unwrap();
    let root = mount_app_at("#/").await;
    let banner = text(&root, ".banner.error");
    assert!(banner.contains("could not be read"), "{banner}");
    assert!(banner.contains(BACKUP_KEY), "{banner}");
    assert_eq!(
        storage().get_item(BACKUP_KEY).unwrap().as_deref(),
        Some("{\"version\":1,\"labs\":")
    );
    assert!(text(&root, ".card").contains("Not started"));
    click(&root, ".banner.error button").await;
    assert!(root.query_selector(".banner.error").unwrap().is_none());
    root.set_inner_html("");
}

#[wasm_bindgen_test]
async fn an_unknown_lab_and_a_bad_step_get_messages() {
    storage().clear().unwrap();
    let root = mount_app_at("#/labs/nope").await;
    assert!(text(&root, "[role=alert]").contains("There is no lab called \"nope\""));
    root.set_inner_html("");
    let root = mount_app_at("#/labs/dora-four-keys/zero").await;
    assert!(text(&root, "[role=alert]").contains("no step \"zero\""));
    root.set_inner_html("");
}

#[component]
fn TextHost() -> Html {
    // A document as data might arrive: raw HTML as text, an unsafe link address, an image.
    let el = |tag, children| Node::Element { tag, children };
    let text = |t: &str| Node::Text(t.into());
    let doc = Doc(vec![
        el(
            Tag::Paragraph,
            vec![
                text("Hi <script>window.pwned = 1</script> "),
                el(Tag::Strong, vec![text("bold")]),
                el(
                    Tag::Link(Some("javascript:alert(1)".into())),
                    vec![text("bad")],
                ),
                el(Tag::Link(Some("#/labs".into())), vec![text("ok")]),
            ],
        ),
        el(Tag::Paragraph, vec![text("<img src=x onerror=alert(1)>")]),
    ]);
    html! { <Text {doc} /> }
}

#[wasm_bindgen_test]
async fn lab_text_never_injects_html() {
    let root = root();
    yew::Renderer::<TextHost>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    assert!(root.query_selector("script").unwrap().is_none());
    assert!(root.query_selector("img").unwrap().is_none());
    assert_eq!(text(&root, "strong"), "bold");
    let links = root.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 2);
    let bad: Element = links.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(bad.get_attribute("href"), None);
    let ok: Element = links.item(1).unwrap().dyn_into().unwrap();
    assert_eq!(ok.get_attribute("href").as_deref(), Some("#/labs"));
    assert!(root
        .text_content()
        .unwrap()
        .contains("<script>window.pwned = 1</script>"));
    root.set_inner_html("");
}

#[wasm_bindgen_test]
async fn the_sandbox_shows_keys_then_a_located_error() {
    storage().clear().unwrap();
    let root = mount_app_at("#/sandbox/dora").await;
    assert!(
        text(&root, "table.keys").contains("Elite") || text(&root, "table.keys").contains("High")
    );
    let editor: web_sys::HtmlTextAreaElement = find(&root, "#log-editor").dyn_into().unwrap();
    editor.set_value("team: X\nfrom: 2025-03-03T00:00:00Z\nto: 2025-03-01T00:00:00Z\n");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    editor
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    let error = text(&root, "#log-error");
    assert!(error.contains("Line 3, column"), "{error}");
    root.set_inner_html("");
}

#[wasm_bindgen_test]
async fn the_sandbox_groups_the_five_metrics_and_reads_the_2025_profiles() {
    storage().clear().unwrap();
    let root = mount_app_at("#/sandbox/dora").await;
    // Lotus Pay, the first sample: one rework deployment of eight, fast but unstable.
    let table = text(&root, "table.keys");
    assert!(
        table.find("Throughput") < table.find("Instability"),
        "{table}"
    );
    let rework = text(&root, r#"table.keys tr[data-key="rework_rate"]"#);
    assert!(rework.contains("12.5 % (1 of 8)"), "{rework}");
    assert!(rework.contains("not in the 2024 clusters"), "{rework}");
    let none = text(&root, r#".profile [data-profiles="none"]"#);
    assert!(none.contains("fast but unstable"), "{none}");
    assert!(text(&root, ".profile").contains("own approximation"));
    // Team Streams: fast and stable, two profiles the delivery metrics cannot tell apart.
    click(&root, ".samples button:nth-of-type(3)").await;
    let listed = find(&root, ".profile ul")
        .get_attribute("data-profiles")
        .unwrap_or_default();
    assert_eq!(listed, "pragmatic-performers harmonious-high-achievers");
    assert!(text(&root, ".profile").contains("Harmonious high-achievers"));
    assert!(text(&root, ".profile").contains("cannot be told from delivery metrics alone"));
    root.set_inner_html("");
    // In Vietnamese the report's names stay in English; the descriptions are translated.
    devops_lab::ui::i18n::set_lang(devops_lab::ui::i18n::Lang::Vi);
    let root = mount_app_at("#/sandbox/dora").await;
    click(&root, ".samples button:nth-of-type(3)").await;
    let profile = text(&root, ".profile");
    devops_lab::ui::i18n::set_lang(devops_lab::ui::i18n::Lang::En);
    assert!(profile.contains("Pragmatic performers"), "{profile}");
    assert!(profile.contains("phân phối nhanh và ổn định"), "{profile}");
    root.set_inner_html("");
}

#[wasm_bindgen_test]
async fn starting_over_clears_answers_but_keeps_the_best_score() {
    storage().clear().unwrap();
    // Every step answered but the first number (a best score needs a complete attempt).
    let answers = r#""lead_time_hours":"20","change_fail_rate":"25","rework_rate":"12.5","recovery_hours":"2.25","level_deployment_frequency":["high"],"level_lead_time":["elite"],"level_change_fail_rate":["high"],"level_recovery_time":["high"],"level_overall":["high"]"#;
    storage()
        .set_item(
            STORAGE_KEY,
            &format!(r#"{{"version":1,"labs":{{"dora-four-keys":{{"answers":{{{answers}}}}}}}}}"#),
        )
        .unwrap();
    let root = mount_app_at("#/labs/dora-four-keys/2").await;
    type_into(&root, "#input-deployments_per_week", "2").await;
    click(&root, "#check").await;
    assert_eq!(
        find(&root, "#best-score")
            .get_attribute("data-score")
            .as_deref(),
        Some("15")
    );
    click(&root, "#start-over").await;
    assert!(text(&root, ".confirm").contains("best score stays"));
    click(&root, "#start-over-yes").await;
    let input: HtmlInputElement = find(&root, "#input-deployments_per_week")
        .dyn_into()
        .unwrap();
    assert_eq!(input.value(), "");
    assert!(
        root.query_selector("#results").unwrap().is_none(),
        "results cleared"
    );
    assert_eq!(
        find(&root, "#best-score")
            .get_attribute("data-score")
            .as_deref(),
        Some("15")
    );
    root.set_inner_html("");
}

#[wasm_bindgen_test]
fn the_panic_message_is_visible_text_with_a_reload_button() {
    devops_lab::ui::panic::show_message();
    devops_lab::ui::panic::show_message();
    let banners = document().query_selector_all("#panic").unwrap();
    assert_eq!(banners.length(), 1, "shown once");
    let banner: Element = banners.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(banner
        .text_content()
        .unwrap()
        .contains("Your saved progress is safe"));
    assert_eq!(
        banner
            .query_selector("button")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Reload")
    );
    banner.remove();
}

/// Lets the browser deliver pending events (a `hashchange`), then yew render.
async fn settle() {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn exam_practice_buttons_write_the_log_and_the_clock_counts_down() {
    storage().clear().unwrap();
    let root = mount_app_at("#/exam/mock?questions=3&minutes=5").await;
    settle().await;
    // The start button carries the log line; the page writes the click's time into it.
    let start = find(&root, ".exam button[data-op^=\"mock \"]");
    assert_eq!(
        start.get_attribute("data-op").as_deref(),
        Some("mock {now} 3 5 {now}")
    );
    click(&root, ".exam button[data-op^=\"mock \"]").await;
    settle().await;
    let saved = storage().get_item(STORAGE_KEY).unwrap().unwrap_or_default();
    assert!(
        saved.contains("\"exam\":\"mock 1") && !saved.contains("{now}"),
        "{saved}"
    );
    // Its `go` opened the first question; the clock shows the time left at once.
    assert_eq!(text(&root, ".exam h2"), "Question 1 of 3");
    let clock = text(&root, ".countdown");
    assert!(clock.starts_with("Time left: 0:0"), "{clock}");
    assert_eq!(
        find(&root, ".countdown").get_attribute("role").as_deref(),
        Some("timer")
    );
    // An option is a toggle: pressed once picked, and the pick is in the log.
    click(&root, ".exam [aria-label=\"Options\"] button.choice").await;
    settle().await;
    assert_eq!(
        find(&root, ".exam [aria-label=\"Options\"] button.choice")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    let saved = storage().get_item(STORAGE_KEY).unwrap().unwrap_or_default();
    assert!(saved.contains("\\npick "), "{saved}");
    // Question text is text, never markup: no element comes from the bank's words.
    assert!(root
        .query_selector(".exam .note script, .exam .choice b")
        .unwrap()
        .is_none());
}
