//! Browser tests of the feature-flags lab: the real app mounted in headless Chromium at
//! `#/labs/deploy-feature-flags/<step>`, answers typed and clicked, Check pressed, results read.
#![cfg(target_arch = "wasm32")]

use devops_lab::labs::catalogue;
use wasm_bindgen_test::*;
use web_sys::Element;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const LAB: &str = "deploy-feature-flags";

/// The result of one check: its class ("check pass" / "check fail") and its text.
fn result(root: &Element, check: &str) -> (String, String) {
    let li = find(root, &format!("li.check[data-check=\"{check}\"]"));
    (li.class_name(), li.text_content().unwrap_or_default())
}

#[wasm_bindgen_test]
async fn a_dark_launch_is_shown_as_appconfig_json_and_graded_on_who_sees_it() {
    storage().clear().unwrap();
    let (root, handle) = mount_at(&format!("#/labs/{LAB}/1")).await;
    assert_eq!(
        text(&root, "#lab-title"),
        "Feature flags: dark launch, gradual exposure, kill switch, and an A/B test"
    );
    assert_eq!(text(&root, "#step-title"), "Dark launch");
    // Before any answer the workspace says what it waits for, and already shows the A/B data.
    assert!(root
        .query_selector("[data-experiment=\"checkout\"] [data-waiting=\"staff_rule\"]")
        .unwrap()
        .is_some());
    assert!(text(&root, "#checkout-ab tr[data-variant=\"a\"]").contains("A (control)"));

    click(&root, "#input-staff_rule-on").await;
    click(&root, "#input-split_by-user_id").await;
    type_into(&root, "#input-dark_percent", "0").await;

    // The flag is text, never markup.
    let json = find(&root, "#checkout-json");
    assert_eq!(json.child_element_count(), 0, "{}", json.inner_html());
    let json = json.text_content().unwrap();
    assert!(
        json.contains("\"rule\": \"(eq $group \\\"staff\\\")\""),
        "{json}"
    );
    assert!(
        json.contains("(split by::$userId pct::0 seed::\\\"one_click_checkout\\\")"),
        "{json}"
    );
    // Stage 1: all staff, no customer.
    assert!(text(&root, "tr[data-stage=\"1\"] td.staff").contains("(100%)"));
    assert!(text(&root, "tr[data-stage=\"1\"] td.external").starts_with("0 of "));

    click(&root, "#check").await;
    assert_eq!(result(&root, "dark-hidden").0, "check pass");
    assert_eq!(result(&root, "dark-staff").0, "check pass");
    let (class, words) = result(&root, "day1-share");
    assert_eq!(class, "check fail");
    assert!(words.contains("Not answered yet."), "{words}");

    // A dark launch at 10% exposes customers: graded on the engine's exposure.
    type_into(&root, "#input-dark_percent", "10").await;
    click(&root, "#check").await;
    let (class, words) = result(&root, "dark-hidden");
    assert_eq!(class, "check fail");
    assert!(
        words.contains("At stage 1,")
            && words.contains("% of external users get the feature; at most 0% passes."),
        "{words}"
    );
    done(root, handle);
}

#[wasm_bindgen_test]
async fn gradual_exposure_reports_an_invalid_percentage_and_stickiness() {
    storage().clear().unwrap();
    let (root, handle) = mount_at(&format!("#/labs/{LAB}/1")).await;
    click(&root, "#input-staff_rule-on").await;
    click(&root, "#input-split_by-session_id").await;
    type_into(&root, "#input-dark_percent", "0").await;
    done(root, handle);

    let (root, handle) = mount_at(&format!("#/labs/{LAB}/2")).await;
    assert_eq!(text(&root, "#step-title"), "Gradual exposure");
    type_into(&root, "#input-day1_percent", "10").await;
    type_into(&root, "#input-day2_percent", "150").await;
    let row = text(&root, "tr[data-stage=\"3\"]");
    assert!(
        row.contains("a rollout percentage cannot be over 100 (150)"),
        "{row}"
    );
    click(&root, "#check").await;
    let (class, words) = result(&root, "day2-share");
    assert_eq!(class, "check fail");
    assert!(
        words.contains(
            "This flag cannot be evaluated: a rollout percentage cannot be over 100 (150)."
        ),
        "{words}"
    );
    assert_eq!(result(&root, "day1-share").0, "check pass");

    // 50% is fine, but a session split reshuffles customers between day 1 and day 2.
    type_into(&root, "#input-day2_percent", "50").await;
    click(&root, "#check").await;
    assert_eq!(result(&root, "day2-share").0, "check pass");
    let lost: u32 = find(&root, "#checkout-stickiness")
        .get_attribute("data-lost")
        .unwrap()
        .parse()
        .unwrap();
    assert!(lost > 0);
    let (class, words) = result(&root, "sticky");
    assert_eq!(class, "check fail");
    assert!(
        words.contains(&format!(
            "{lost} users lost the feature when the percentage went up"
        )),
        "{words}"
    );
    done(root, handle);
}

#[wasm_bindgen_test]
async fn the_kill_switch_and_the_ab_test_are_graded_against_the_engine() {
    storage().clear().unwrap();
    let (root, handle) = mount_at(&format!("#/labs/{LAB}/1")).await;
    click(&root, "#input-staff_rule-on").await;
    click(&root, "#input-split_by-user_id").await;
    type_into(&root, "#input-dark_percent", "0").await;
    done(root, handle);
    let (root, handle) = mount_at(&format!("#/labs/{LAB}/2")).await;
    type_into(&root, "#input-day1_percent", "10").await;
    type_into(&root, "#input-day2_percent", "50").await;
    done(root, handle);

    let (root, handle) = mount_at(&format!("#/labs/{LAB}/3")).await;
    type_into(&root, "#input-kill_minute", "40").await;
    let summary = text(&root, "#checkout-kill");
    assert!(
        summary.contains("the kill switch at minute 40"),
        "{summary}"
    );
    assert!(summary.contains("during 10 minutes"), "{summary}");
    assert!(root.query_selector("canvas[role=img]").unwrap().is_some());
    click(&root, "#check").await;
    assert_eq!(result(&root, "kill-in-time").0, "check fail");
    type_into(&root, "#input-kill_minute", "32").await;
    click(&root, "#check").await;
    assert_eq!(result(&root, "kill-in-time").0, "check pass");
    assert_eq!(result(&root, "kill-not-early").0, "check pass");
    done(root, handle);

    // Step 4: the table shows the engine's counts; rates typed from them pass.
    let (root, handle) = mount_at(&format!("#/labs/{LAB}/4")).await;
    let lab = catalogue().lab(LAB).unwrap();
    let ab = &lab.workspace.flags.experiments[0].experiment.ab;
    let row_a = text(&root, "#checkout-ab tr[data-variant=\"a\"]");
    let grouped = |n: u64| {
        let (th, rest) = (n / 1000, n % 1000);
        if th > 0 {
            format!("{th},{rest:03}")
        } else {
            n.to_string()
        }
    };
    assert!(
        row_a.contains(&grouped(ab.users_a)) && row_a.contains(&grouped(ab.conversions_a)),
        "{row_a}"
    );
    let rate = |c: u64, u: u64| format!("{:.2}", c as f64 / u as f64 * 100.0);
    type_into(&root, "#input-rate_a", &rate(ab.conversions_a, ab.users_a)).await;
    // A decimal comma reads as a number too.
    type_into(
        &root,
        "#input-rate_b",
        &rate(ab.conversions_b, ab.users_b).replace('.', ","),
    )
    .await;
    type_into(&root, "#input-difference", "21.7").await;
    click(&root, "#input-significance-significant").await;
    click(&root, "#check").await;
    assert_eq!(result(&root, "rate-a").0, "check pass");
    assert_eq!(result(&root, "rate-b").0, "check pass");
    let (class, words) = result(&root, "difference");
    assert_eq!(class, "check fail");
    assert!(words.contains("Your answer, 21.7, is too high."), "{words}");
    let (class, words) = result(&root, "significance");
    assert_eq!(class, "check fail");
    assert!(words.contains("The p-value is above 0.05"), "{words}");
    assert!(text(&root, "#checkout-ab-result").contains("two-sided p-value = "));
    done(root, handle);
}
