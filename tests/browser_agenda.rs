//! Browser tests of the agenda page (`#/agenda`): its blocks and links, a block's timer
//! started and kept across a reload, an overrun, and corrupt saved timers ignored.
#![cfg(target_arch = "wasm32")]

use devops_lab::course::agenda::TIMERS_KEY;
use wasm_bindgen_test::*;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_agenda_lists_the_day_with_its_labs_and_demos() {
    storage().clear().unwrap();
    let (root, handle) = mount_at("#/agenda").await;
    let blocks = root.query_selector_all("ol.blocks > li").unwrap();
    assert_eq!(blocks.length(), 10);
    let first = text(&root, "#block-0830");
    assert!(first.contains("08:30–09:00"), "{first}");
    assert!(first.contains("Welcome & DevOps Mindset"), "{first}");
    assert_eq!(
        find(&root, "#block-0830 .links a")
            .get_attribute("href")
            .as_deref(),
        Some("#/labs/dora-four-keys")
    );
    assert!(text(&root, "#block-0830 .links").contains("DORA sandbox"));
    assert!(text(&root, "#block-0900 .links").contains("Deployment sandbox"));
    let iac = text(&root, "#block-1045 .links");
    assert!(iac.contains("CloudFormation sandbox"), "{iac}");
    assert_eq!(
        root.query_selector_all("#block-1045 .links a[href^='#/labs/cfn-']")
            .unwrap()
            .length(),
        7
    );
    // The 09:00 block links the live CI/CD demo; the containers block its labs and sandbox.
    assert!(text(&root, "#block-0900 .links").contains("One commit from push to production"));
    assert!(text(&root, "#block-1300 .links").contains("Containers sandbox"));
    assert_eq!(
        root.query_selector_all("#block-1300 .links a[href^='#/labs/']")
            .unwrap()
            .length(),
        7
    );
    // The observability block links its six labs and the on-call drill on the projector; the
    // postmortem of the drill's incident comes in the 16:00 block.
    assert!(text(&root, "#block-1445").contains("X-Ray"));
    assert_eq!(
        root.query_selector_all("#block-1445 .links a[href^='#/labs/']")
            .unwrap()
            .length(),
        6
    );
    assert_eq!(
        root.query_selector("#block-1445 .links a[href='#/demo/oncall-drill']")
            .unwrap()
            .and_then(|a| a.text_content())
            .as_deref(),
        Some("The on-call drill, for the whole room (live demo)")
    );
    assert!(text(&root, "#block-1600 .links").contains("Write the blameless postmortem"));
    done(root, handle);
}

#[wasm_bindgen_test]
async fn a_timer_starts_stops_the_other_and_survives_a_reload() {
    storage().clear().unwrap();
    let (root, handle) = mount_at("#/agenda").await;
    let clock = |root: &web_sys::Element, id: &str| find(root, &format!("#timer-{id}"));
    assert_eq!(
        clock(&root, "0830").get_attribute("data-state").as_deref(),
        Some("idle")
    );
    let start = find(&root, "#block-0830 button[data-act=Start]");
    assert_eq!(
        start.get_attribute("aria-label").as_deref(),
        Some("Start the timer: Welcome & DevOps Mindset")
    );
    click(&root, "#block-0830 button[data-act=Start]").await;
    assert_eq!(
        clock(&root, "0830").get_attribute("data-state").as_deref(),
        Some("running")
    );
    assert!(text(&root, "#timer-0830").contains("remaining"));
    assert!(text(&root, "#agenda-now").contains("Welcome & DevOps Mindset"));
    assert!(text(&root, "#agenda-next").contains("CI/CD Pipeline at 09:00"));
    assert!(find(&root, "#block-0830").class_name().contains("current"));
    // Starting the next block stops the first.
    click(&root, "#block-0900 button[data-act=Start]").await;
    assert_eq!(
        clock(&root, "0830").get_attribute("data-state").as_deref(),
        Some("stopped")
    );
    let saved = storage()
        .get_item(TIMERS_KEY)
        .unwrap()
        .expect("timers saved");
    assert!(
        saved.contains("\"09:00\":{\"state\":\"running\""),
        "{saved}"
    );
    done(root, handle);

    // Closing the tab loses nothing: the running timer is read back.
    let (root, handle) = mount_at("#/agenda").await;
    assert_eq!(
        clock(&root, "0900").get_attribute("data-state").as_deref(),
        Some("running")
    );
    assert!(text(&root, "#agenda-next").contains("Break at 10:30"));
    click(&root, "#block-0900 button[data-act=Stop]").await;
    click(&root, "#block-0900 button[data-act=Reset]").await;
    assert_eq!(
        clock(&root, "0900").get_attribute("data-state").as_deref(),
        Some("idle")
    );
    done(root, handle);
}

#[wasm_bindgen_test]
async fn a_block_past_its_planned_time_shows_an_overrun() {
    storage().clear().unwrap();
    // The 30-minute welcome started 31 minutes ago.
    let since = js_sys::Date::now() as u64 - 31 * 60 * 1000;
    storage()
        .set_item(
            TIMERS_KEY,
            &format!("{{\"version\":1,\"timers\":{{\"08:30\":{{\"state\":\"running\",\"since\":{since},\"before\":0}}}}}}"),
        )
        .unwrap();
    let (root, handle) = mount_at("#/agenda").await;
    assert!(find(&root, "#block-0830 .timer")
        .class_name()
        .contains("overrun"));
    assert_eq!(text(&root, "#block-0830 .notice"), "Over time");
    let clock = text(&root, "#timer-0830");
    assert!(clock.contains("over by 01:0"), "{clock}");
    done(root, handle);
}

#[wasm_bindgen_test]
async fn corrupt_saved_timers_are_ignored() {
    storage().clear().unwrap();
    storage()
        .set_item(TIMERS_KEY, "{\"version\":1,\"timers\":")
        .unwrap();
    let (root, handle) = mount_at("#/agenda").await;
    assert_eq!(
        find(&root, "#timer-0830")
            .get_attribute("data-state")
            .as_deref(),
        Some("idle")
    );
    assert!(root.query_selector(".timer.overrun").unwrap().is_none());
    done(root, handle);
}

#[wasm_bindgen_test]
async fn the_agenda_speaks_vietnamese() {
    use devops_lab::ui::i18n::{set_lang, Lang};
    storage().clear().unwrap();
    set_lang(Lang::Vi);
    let (root, handle) = mount_at("#/agenda").await;
    let first = text(&root, "#block-0830");
    set_lang(Lang::En);
    assert!(first.contains("Đón tiếp & DevOps Mindset"), "{first}");
    assert!(first.contains("08:30–09:00 · 30 phút"), "{first}");
    assert!(first.contains("còn lại 30:00"), "{first}");
    assert_eq!(text(&root, "#block-0830 button"), "Bắt đầu");
    done(root, handle);
}
