//! Browser tests of the deployment sandbox: the real app mounted in headless Chromium at `#/sandbox/deploy`, driven through the DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const SUMMARY_KEYS: [&str; 7] = [
    "failed_requests",
    "outage_seconds",
    "rollout_duration",
    "outcome",
    "bad_release_stopped",
    "peak_extra_instances",
    "instance_minutes",
];

/// The raw value of one summary row of a view (`sim` or `vs`).
fn summary(root: &Element, view: &str, key: &str) -> String {
    find(root, &format!("#{view} tr[data-summary=\"{key}\"] td"))
        .get_attribute("data-value")
        .unwrap_or_default()
}

fn all_summary(root: &Element, view: &str) -> Vec<String> {
    SUMMARY_KEYS
        .iter()
        .map(|k| summary(root, view, k))
        .collect()
}

fn number(root: &Element, key: &str) -> f64 {
    summary(root, "sim", key).parse().unwrap()
}

async fn choose(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = find(root, selector).dyn_into().unwrap();
    select.set_value(value);
    fire(&select, "change").await;
}

async fn enter(root: &Element, selector: &str, value: &str, event: &str) {
    let input: HtmlInputElement = find(root, selector).dyn_into().unwrap();
    input.set_value(value);
    fire(&input, event).await;
}

#[wasm_bindgen_test]
async fn the_sandbox_mounts_and_shows_a_summary_and_its_timing() {
    let (root, handle) = mount_at("#/sandbox/deploy").await;
    assert_eq!(text(&root, "h1"), "Deployment sandbox");
    for key in SUMMARY_KEYS {
        assert!(!text(&root, &format!("#sim tr[data-summary=\"{key}\"] td")).is_empty());
    }
    assert_eq!(summary(&root, "sim", "outcome"), "succeeded");
    let ms: f64 = find(&root, "#sim-ms")
        .get_attribute("data-ms")
        .unwrap()
        .parse()
        .unwrap();
    assert!(ms >= 0.0);
    // Four request-level charts and one of what the default alarm evaluated.
    assert_eq!(root.query_selector_all("#sim canvas").unwrap().length(), 5);
    assert_eq!(
        root.query_selector_all("#sim figure[data-chart=\"alarm\"]")
            .unwrap()
            .length(),
        1
    );
    // The real configuration is text, in the API's field names (a parsers job, run in the
    // page here).
    let aws = text(&root, ".aws-config");
    assert!(aws.contains("\"trafficRoutingConfig\""), "{aws}");
    assert!(aws.contains("\"canaryInterval\": 5"), "{aws}");
    done(root, handle);
}

#[wasm_bindgen_test]
async fn all_at_once_fails_more_requests_than_a_canary() {
    let (root, handle) = mount_at("#/sandbox/deploy?seed=3").await;
    let canary_failed = number(&root, "failed_requests");
    let canary_outage = number(&root, "outage_seconds");
    choose(&root, "#strategy", "all-at-once").await;
    let failed = number(&root, "failed_requests");
    let outage = number(&root, "outage_seconds");
    assert!(
        failed > canary_failed && outage > canary_outage,
        "canary {canary_failed}/{canary_outage}, all at once {failed}/{outage}"
    );
    // The address now holds the new strategy.
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert!(hash.contains("s=all-at-once"), "{hash}");
    assert!(hash.contains("seed=3"), "{hash}");
    done(root, handle);
}

#[wasm_bindgen_test]
async fn a_bad_configuration_shows_the_field_and_the_message() {
    let (root, handle) = mount_at("#/sandbox/deploy").await;
    choose(&root, "#strategy", "rolling").await;
    enter(&root, "#batch", "0", "change").await;
    let error = text(&root, "#sim-error");
    assert!(error.contains("strategy.batch"), "{error}");
    assert!(error.contains("at least one instance"), "{error}");
    assert!(root.query_selector("#sim-summary").unwrap().is_none());
    enter(&root, "#batch", "150%", "change").await;
    let error = text(&root, "#sim-error");
    assert!(error.contains("150%"), "{error}");
    enter(&root, "#batch", "25%", "change").await;
    assert!(root.query_selector("#sim-error").unwrap().is_none());
    assert!(root.query_selector("#sim-summary").unwrap().is_some());
    done(root, handle);
}

#[wasm_bindgen_test]
async fn a_url_query_reproduces_the_same_run() {
    let hash = "#/sandbox/deploy?seed=7&dur=1800&fleet=10&rps=500&s=linear&step=20&every=2&alarm=error-rate&thr=1&period=60&n=3&m=2&missing=notBreaching&fault=bad:400:20:1";
    let (root, handle) = mount_at(hash).await;
    let first = all_summary(&root, "sim");
    let seed: HtmlInputElement = find(&root, "#seed").dyn_into().unwrap();
    assert_eq!(seed.value(), "7");
    assert_eq!(
        find(&root, "#strategy")
            .dyn_into::<HtmlSelectElement>()
            .unwrap()
            .value(),
        "linear"
    );
    assert_eq!(summary(&root, "sim", "outcome"), "rolled-back");
    done(root, handle);
    let (root, handle) = mount_at(hash).await;
    assert_eq!(all_summary(&root, "sim"), first);
    // Another seed is another run.
    enter(&root, "#seed", "8", "change").await;
    assert_ne!(all_summary(&root, "sim"), first);
    done(root, handle);
}

#[wasm_bindgen_test]
async fn hostile_query_values_give_warnings_and_defaults() {
    let (root, handle) =
        mount_at("#/sandbox/deploy?seed=abc&s=%3Cscript%3Ealert(1)%3C/script%3E&fleet=-4&bogus=1")
            .await;
    let warnings = text(&root, "#query-warnings");
    assert!(warnings.contains("seed=\"abc\""), "{warnings}");
    assert!(warnings.contains("<script>"), "{warnings}");
    assert!(root
        .query_selector("#query-warnings script")
        .unwrap()
        .is_none());
    assert_eq!(summary(&root, "sim", "outcome"), "succeeded");
    done(root, handle);
}

#[wasm_bindgen_test]
async fn playback_steps_and_scrubs_and_reveals_events_up_to_the_cursor() {
    let (root, handle) = mount_at("#/sandbox/deploy?fault=bad:600:20:1").await;
    // The sandbox opens at 00:00, so that a fault added now lands where the learner expects.
    assert_eq!(
        find(&root, "#sim-now").get_attribute("data-t").as_deref(),
        Some("0")
    );
    enter(&root, "#sim-scrubber", "3600", "input").await;
    let all = root.query_selector_all("#sim-events li").unwrap().length();
    assert!(all > 3);
    assert!(root
        .query_selector("#sim-events li[data-kind=\"rollback-started\"]")
        .unwrap()
        .is_some());
    enter(&root, "#sim-scrubber", "100", "input").await;
    assert_eq!(
        find(&root, "#sim-now").get_attribute("data-t").as_deref(),
        Some("100")
    );
    let early = root.query_selector_all("#sim-events li").unwrap().length();
    assert!(early < all, "{early} < {all}");
    click(&root, "#sim-step").await;
    assert_eq!(
        find(&root, "#sim-now").get_attribute("data-t").as_deref(),
        Some("110")
    );
    assert!(text(&root, "#sim-now").starts_with("01:50"));
    // A fault added now lands at the playback time.
    click(&root, "#add-crash").await;
    let at: HtmlInputElement = find(&root, "#fault-0-at").dyn_into().unwrap();
    assert_eq!(at.value(), "110");
    done(root, handle);
}

#[wasm_bindgen_test]
async fn the_compare_view_runs_a_second_strategy_on_the_same_seed() {
    let (root, handle) = mount_at("#/sandbox/deploy?seed=5&vs.s=all-at-once").await;
    assert_eq!(
        root.query_selector_all("section.sim-run").unwrap().length(),
        2
    );
    let canary: f64 = summary(&root, "sim", "outage_seconds").parse().unwrap();
    let all_at_once: f64 = summary(&root, "vs", "outage_seconds").parse().unwrap();
    assert!(all_at_once > canary, "{all_at_once} > {canary}");
    let compared = text(&root, ".aws-compare");
    assert!(compared.contains("All at once"), "{compared}");
    let checkbox: HtmlInputElement = find(&root, "#compare-on").dyn_into().unwrap();
    assert!(checkbox.checked());
    checkbox.click();
    yew::scheduler::flush().await;
    assert_eq!(
        root.query_selector_all("section.sim-run").unwrap().length(),
        1
    );
    done(root, handle);
}

#[wasm_bindgen_test]
async fn a_predefined_configuration_runs_by_its_exact_name() {
    let (root, handle) = mount_at("#/sandbox/deploy?platform=server&rps=500").await;
    choose(&root, "#strategy", "predefined").await;
    choose(&root, "#predefined", "CodeDeployDefault.HalfAtATime").await;
    assert!(root.query_selector("#sim-error").unwrap().is_none());
    assert_eq!(summary(&root, "sim", "outcome"), "succeeded");
    let aws = text(&root, ".aws-config");
    assert!(
        aws.contains("\"deploymentConfigName\": \"CodeDeployDefault.HalfAtATime\""),
        "{aws}"
    );
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert!(
        hash.contains("config=CodeDeployDefault.HalfAtATime"),
        "{hash}"
    );
    // A misspelt name in a link is a warning that names the closest ones.
    done(root, handle);
    let (root, handle) =
        mount_at("#/sandbox/deploy?s=predefined&config=CodeDeployDefault.OneAtTime").await;
    let warnings = text(&root, "#query-warnings");
    assert!(warnings.contains("did you mean"), "{warnings}");
    assert!(
        warnings.contains("CodeDeployDefault.OneAtATime"),
        "{warnings}"
    );
    done(root, handle);
}

#[wasm_bindgen_test]
async fn a_bad_release_added_on_opening_lands_at_the_start_and_is_rolled_back() {
    let (root, handle) = mount_at("#/sandbox/deploy?alarm=green_error_rate&thr=5").await;
    click(&root, "#add-bad-release").await;
    let at: HtmlInputElement = find(&root, "#fault-0-at").dyn_into().unwrap();
    assert_eq!(at.value(), "0");
    assert_eq!(summary(&root, "sim", "outcome"), "rolled-back");
    let stopped: u32 = summary(&root, "sim", "bad_release_stopped")
        .parse()
        .unwrap();
    assert!(stopped > 0);
    done(root, handle);
}

#[wasm_bindgen_test]
async fn without_rollback_on_alarm_the_alarm_only_stops_the_deployment() {
    let (root, handle) =
        mount_at("#/sandbox/deploy?alarm=green_error_rate&thr=5&fault=bad:0:20:1").await;
    assert_eq!(summary(&root, "sim", "outcome"), "rolled-back");
    let checkbox: HtmlInputElement = find(&root, "#rollback-alarm").dyn_into().unwrap();
    assert!(checkbox.checked());
    checkbox.set_checked(false);
    fire(&checkbox, "change").await;
    assert_eq!(summary(&root, "sim", "outcome"), "stopped");
    assert_eq!(summary(&root, "sim", "bad_release_stopped"), "not-stopped");
    enter(&root, "#sim-scrubber", "3600", "input").await;
    let events = text(&root, "#sim-events");
    assert!(events.contains("deployment stopped"), "{events}");
    assert!(
        events.contains("DEPLOYMENT_STOP_ON_ALARM is not set"),
        "{events}"
    );
    // The deployment group's JSON says the same: no DEPLOYMENT_STOP_ON_ALARM.
    let aws = text(&root, ".aws-config");
    assert!(aws.contains("DEPLOYMENT_FAILURE"), "{aws}");
    assert!(!aws.contains("DEPLOYMENT_STOP_ON_ALARM"), "{aws}");
    assert!(
        web_sys::window()
            .unwrap()
            .location()
            .hash()
            .unwrap()
            .contains("rollback=failure&"),
        "the link keeps the setting"
    );
    done(root, handle);
}

#[wasm_bindgen_test]
async fn a_release_that_turns_bad_after_a_rollback_is_not_called_unstopped() {
    // A latency alarm with a threshold below the normal p99 rolls back at once; the release
    // turns bad afterwards, when blue serves everything again.
    let (root, handle) =
        mount_at("#/sandbox/deploy?alarm=p99_latency&thr=1&fault=bad:3000:20:1").await;
    assert_eq!(summary(&root, "sim", "outcome"), "rolled-back");
    assert_eq!(
        summary(&root, "sim", "bad_release_stopped"),
        "rolled-back-before"
    );
    let shown = text(&root, "#sim tr[data-summary=\"bad_release_stopped\"] td");
    assert!(!shown.contains("kept getting it"), "{shown}");
    done(root, handle);
}

#[wasm_bindgen_test]
async fn each_rollback_alarm_has_a_chart_of_the_datapoints_it_evaluated() {
    let (root, handle) = mount_at(
        "#/sandbox/deploy?alarm=green_error_rate&thr=5&period=60&n=3&m=2&fault=bad:0:20:1",
    )
    .await;
    let chart = find(&root, "#sim figure[data-chart=\"alarm\"]");
    assert_eq!(
        chart.get_attribute("data-datapoints").as_deref(),
        Some("60")
    );
    let breaching: u32 = chart
        .get_attribute("data-breaching")
        .unwrap()
        .parse()
        .unwrap();
    assert!(breaching >= 2, "{breaching}");
    let fired: u32 = chart.get_attribute("data-fired").unwrap().parse().unwrap();
    let rollback = find(&root, "#sim tr[data-summary=\"bad_release_stopped\"] td")
        .get_attribute("data-value")
        .unwrap();
    assert_eq!(rollback, (fired - 1).to_string());
    assert!(text(&root, "#sim figure[data-chart=\"alarm\"] figcaption").contains("2 of the last 3"));
    done(root, handle);
}

/// The tag of the element a selector finds (`H2`…).
fn tag(root: &Element, selector: &str) -> String {
    find(root, selector).tag_name()
}

#[wasm_bindgen_test]
async fn headings_go_down_one_level_at_a_time() {
    // One run: it has no heading of its own, so its events are right under the page's h1.
    let (root, handle) = mount_at("#/sandbox/deploy").await;
    assert_eq!(tag(&root, "#sim-events-title"), "H2");
    done(root, handle);
    // Two runs: each has its h2 (the strategy), its events an h3 under it.
    let (root, handle) = mount_at("#/sandbox/deploy?seed=5&vs.s=all-at-once").await;
    assert_eq!(tag(&root, "#sim h2"), "H2");
    assert_eq!(tag(&root, "#sim-events-title"), "H3");
    assert_eq!(tag(&root, "#vs-events-title"), "H3");
    done(root, handle);
}

/// A length in percent from an inline style (`left:10.263%;…`).
fn percent(style: &str, key: &str) -> f64 {
    style
        .split(';')
        .find_map(|d| d.strip_prefix(&format!("{key}:")))
        .and_then(|v| v.trim_end_matches('%').parse().ok())
        .unwrap_or_else(|| panic!("no {key} in {style}"))
}

#[wasm_bindgen_test]
async fn the_cursor_and_the_dimmed_rest_are_placed_by_the_size_the_canvas_is_drawn_at() {
    // No stylesheet here, so the canvases would be shown at their attributes' width:
    // give the charts a phone's column, 358 px, before they are first drawn.
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(".plot { width: 358px } .plot canvas { width: 100% }"));
    document().head().unwrap().append_child(&style).unwrap();
    let (root, handle) = mount_at("#/sandbox/deploy").await;
    let figures = root.query_selector_all("#sim figure.sim-chart").unwrap();
    assert_eq!(figures.length(), 5);
    for i in 0..figures.length() {
        let figure: Element = figures.get(i).unwrap().dyn_into().unwrap();
        let canvas: web_sys::HtmlCanvasElement = find(&figure, "canvas").dyn_into().unwrap();
        // One canvas pixel per CSS pixel (labels keep their size), at least 200 px high.
        assert_eq!((canvas.width(), canvas.height()), (358, 200));
        // Playback opens at 00:00: the cursor is on the plot area's left edge, 78 px in
        // (the margin and the value labels); the dimmed rest of the run ends 28 px before
        // the right edge; both span the plot area, 12 px from the top and 142 px high.
        let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
        let cursor = find(&figure, ".cursor").get_attribute("style").unwrap();
        let future = find(&figure, ".future").get_attribute("style").unwrap();
        let px = |style: &str, key: &str, of: f64| percent(style, key) * of / 100.0;
        assert!((px(&cursor, "left", w) - 78.0).abs() < 0.01, "{cursor}");
        assert!((px(&cursor, "top", h) - 12.0).abs() < 0.01, "{cursor}");
        assert!((px(&cursor, "height", h) - 142.0).abs() < 0.01, "{cursor}");
        let right = px(&future, "left", w) + px(&future, "width", w);
        assert!((px(&future, "left", w) - 78.0).abs() < 0.01, "{future}");
        assert!((w - right - 28.0).abs() < 0.01, "{future}");
    }
    style.remove();
    done(root, handle);
}

/// The texts of the AWS configuration's JSON blocks.
fn aws_json(root: &Element) -> Vec<String> {
    let blocks = root.query_selector_all("pre[data-aws=\"json\"]").unwrap();
    (0..blocks.length())
        .filter_map(|i| blocks.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn in_vietnamese_the_sandbox_is_worded_in_vietnamese_and_the_aws_json_is_unchanged() {
    use devops_lab::ui::i18n::{set_lang, Lang};
    let hash = "#/sandbox/deploy?s=canary&pct=10&bake=5&platform=ecs\
                &alarm=green_error_rate&thr=5&period=60&n=3&m=2&fault=bad:0:20:2";
    let (root, handle) = mount_at(hash).await;
    let english = aws_json(&root);
    done(root, handle);

    set_lang(Lang::Vi);
    let (root, handle) = mount_at(hash).await;
    assert_eq!(text(&root, "h1"), "Sandbox triển khai");
    assert_eq!(text(&root, "label[for=\"strategy\"]"), "Chiến lược");
    assert_eq!(text(&root, "#sim-play"), "▶ Phát");
    assert_eq!(text(&root, "#sim-summary caption"), "Tóm tắt cả lần chạy");
    assert_eq!(
        text(&root, "#sim tr[data-summary=\"failed_requests\"] th"),
        "Yêu cầu lỗi"
    );
    assert_eq!(summary(&root, "sim", "outcome"), "rolled-back");
    assert_eq!(
        text(&root, "#sim tr[data-summary=\"outcome\"] td"),
        "Đã rollback"
    );
    let rule = text(&root, "#sim figure[data-chart=\"alarm\"] figcaption");
    assert!(
        rule.contains("Chuyển sang ALARM khi 2 trong 3 datapoint gần nhất vượt trên 5 %"),
        "{rule}"
    );
    // The whole run's events, worded in Vietnamese with AWS's names kept.
    enter(&root, "#sim-scrubber", "3600", "input").await;
    let events = text(&root, "#sim-events");
    assert!(
        events.contains("deployment bắt đầu: canary, 10%"),
        "{events}"
    );
    assert!(
        events.contains("deployment bị dừng: alarm NewVersionErrorRate đang ở trạng thái ALARM"),
        "{events}"
    );
    assert!(
        events.contains("bắt đầu rollback tự động (DEPLOYMENT_STOP_ON_ALARM)"),
        "{events}"
    );
    // The AWS configuration is exactly what AWS reads, whatever the language; the parsers
    // job words its titles in the page's language.
    assert_eq!(aws_json(&root), english);
    assert!(english.iter().any(|j| j.contains("\"TimeBasedCanary\"")));
    let aws = text(&root, ".aws-config");
    assert!(
        aws.contains("Deployment configuration của CodeDeploy (CreateDeploymentConfig)"),
        "{aws}"
    );
    assert!(!aws.contains("Đang tạo cấu hình AWS"), "{aws}");
    // An invalid set-up says why in Vietnamese, the field as the engine names it.
    choose(&root, "#strategy", "rolling").await;
    enter(&root, "#batch", "0", "change").await;
    let error = text(&root, "#sim-error");
    assert!(error.contains("Cấu hình này không chạy được"), "{error}");
    assert!(error.contains("strategy.batch"), "{error}");
    assert!(
        error.contains("kích thước batch là 0: mỗi batch cần ít nhất một instance"),
        "{error}"
    );
    done(root, handle);
    // So does a misspelt CodeDeploy name in a link, which keeps AWS's names.
    let (root, handle) =
        mount_at("#/sandbox/deploy?s=predefined&config=CodeDeployDefault.OneAtTime").await;
    let warnings = text(&root, "#query-warnings");
    assert!(warnings.contains("có phải ý bạn là"), "{warnings}");
    assert!(
        warnings.contains("CodeDeployDefault.OneAtATime"),
        "{warnings}"
    );
    set_lang(Lang::En);
    done(root, handle);
}
