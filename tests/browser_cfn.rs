//! Browser tests of the CloudFormation sandbox (`#/sandbox/cloudformation`): the real app
//! mounted in headless Chromium, the template engine run in the page (the trunk-built
//! parsers worker is not served here), a broken template typed in, its findings read and
//! clicked, the resource graph's columns counted.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const BROKEN: &str = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketNam: logs\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !GetAtt Missing.Arn\n";

async fn type_template(root: &Element, text: &str) {
    let editor: HtmlTextAreaElement = find(root, "#cfn-editor").dyn_into().unwrap();
    editor.set_value(text);
    fire(&editor, "input").await;
}

/// The gutter's marked lines (✖ an error, ▲ a warning).
fn marked(root: &Element) -> Vec<String> {
    text(root, ".gutter")
        .lines()
        .filter(|l| l.starts_with(['✖', '▲']))
        .map(|l| l[l.char_indices().nth(1).unwrap().0..].trim().to_string())
        .collect()
}

/// The graph's column headings ("wave 1"…, "cycle").
fn columns(root: &Element) -> Vec<String> {
    let heads = root.query_selector_all("#cfn-graph text.head").unwrap();
    (0..heads.length())
        .filter_map(|i| heads.item(i)?.text_content())
        .collect()
}

#[wasm_bindgen_test]
async fn the_sample_is_accepted_and_drawn_in_three_waves() {
    storage().clear().unwrap();
    let (root, handle) = mount_at("#/sandbox/cloudformation").await;
    assert_eq!(text(&root, "h1"), "CloudFormation sandbox");
    let status = text(&root, "#cfn-status");
    assert_eq!(status, "Read as YAML. Resources: 4, errors: 0, warnings: 0");
    assert_eq!(
        root.query_selector_all("#cfn-findings li")
            .unwrap()
            .length(),
        0
    );
    assert_eq!(columns(&root), ["wave 1", "wave 2", "wave 3"]);
    // Queue and Role first; the function waits for the role; the trigger for both.
    assert_eq!(
        root.query_selector_all("#cfn-graph rect").unwrap().length(),
        4
    );
    assert_eq!(
        root.query_selector_all("#cfn-graph path").unwrap().length(),
        3
    );
    done(root, handle);
}

#[wasm_bindgen_test]
async fn a_broken_template_lists_its_errors_at_line_and_column_and_a_click_moves_the_caret() {
    storage().clear().unwrap();
    let (root, handle) = mount_at("#/sandbox/cloudformation").await;
    type_template(&root, BROKEN).await;
    let status = text(&root, "#cfn-status");
    assert!(
        status.starts_with("Read as YAML. Resources: 2, errors: 2,"),
        "{status}"
    );
    let findings = text(&root, "#cfn-findings");
    assert!(findings.contains("Error 5:7 "), "{findings}");
    assert!(findings.contains("BucketNam"), "{findings}");
    assert!(findings.contains("Error 9:"), "{findings}");
    assert!(findings.contains("Missing"), "{findings}");
    // The lines are marked in the gutter.
    assert_eq!(marked(&root), ["5", "9"]);
    // A click on the first finding puts the caret at line 5, column 7.
    click(&root, "#cfn-findings li:first-child button").await;
    let editor: HtmlTextAreaElement = find(&root, "#cfn-editor").dyn_into().unwrap();
    let at = editor.selection_start().unwrap().unwrap() as usize;
    let expected = BROKEN
        .split('\n')
        .take(4)
        .map(|l| l.len() + 1)
        .sum::<usize>()
        + 6;
    assert_eq!(at, expected);
    assert_eq!(&BROKEN[at..at + 9], "BucketNam");
    let focused = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element();
    assert_eq!(focused.map(|e| e.id()), Some("cfn-editor".to_string()));
    done(root, handle);
}

#[wasm_bindgen_test]
async fn json_is_read_too_and_a_cycle_is_called_out() {
    storage().clear().unwrap();
    let (root, handle) = mount_at("#/sandbox/cloudformation").await;
    type_template(
        &root,
        r#"{"Resources": {
  "A": {"Type": "AWS::SNS::Topic", "DependsOn": "B"},
  "B": {"Type": "AWS::SNS::Topic", "DependsOn": "A"},
  "C": {"Type": "AWS::SNS::Topic"}
}}"#,
    )
    .await;
    let status = text(&root, "#cfn-status");
    assert!(
        status.starts_with("Read as JSON. Resources: 3,"),
        "{status}"
    );
    assert!(text(&root, "#cfn-findings").contains("dependency-cycle"));
    assert_eq!(columns(&root), ["wave 1", "cycle"]);
    assert_eq!(
        root.query_selector_all("#cfn-graph .cycle")
            .unwrap()
            .length(),
        2
    );
    // Text that is not a template gets a finding, not a panic; the page keeps working.
    type_template(&root, "Resources: [unclosed\n<b>bold</b>").await;
    assert!(text(&root, "#cfn-status").starts_with("Not read. Resources: 0, errors: 1,"));
    assert!(root.query_selector("#cfn-findings b").unwrap().is_none());
    done(root, handle);
}

#[wasm_bindgen_test]
async fn in_vietnamese_the_findings_and_the_page_are_translated() {
    storage().clear().unwrap();
    devops_lab::ui::i18n::set_lang(devops_lab::ui::i18n::Lang::Vi);
    let (root, handle) = mount_at("#/sandbox/cloudformation").await;
    type_template(&root, BROKEN).await;
    let status = text(&root, "#cfn-status");
    let findings = text(&root, "#cfn-findings");
    let heading = text(&root, "h1");
    // The stack's views in Vietnamese; the API's statuses as AWS names them.
    type_template(&root, "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n").await;
    click(&root, "#cfn-create").await;
    let stack = text(&root, "#cfn-stack");
    let button = text(&root, "#cfn-create");
    devops_lab::ui::i18n::set_lang(devops_lab::ui::i18n::Lang::En);
    assert_eq!(button, "Tạo stack");
    assert!(
        stack.contains("Stack my-stack đang ở trạng thái CREATE_COMPLETE"),
        "{stack}"
    );
    assert!(
        stack.contains("Events (mới nhất trước)Thời điểm"),
        "{stack}"
    );
    assert_eq!(heading, "Sandbox CloudFormation");
    assert!(
        status.starts_with("Đọc dạng YAML. Resource: 2, lỗi: 2,"),
        "{status}"
    );
    assert!(findings.contains("Lỗi 5:7 "), "{findings}");
    done(root, handle);
}

#[wasm_bindgen_test]
async fn a_panel_draws_its_tables_with_toned_cells_as_text() {
    use devops_lab::course::panel::{Block, Cell, Panel, Tone, TreeItem};
    #[derive(yew::Properties, PartialEq)]
    struct Props {
        panel: Panel,
    }
    #[yew::component]
    fn Shown(props: &Props) -> yew::Html {
        devops_lab::ui::panel::view(&props.panel)
    }
    let panel = Panel {
        blocks: vec![
            Block::Heading("Stack app".into()),
            Block::Note {
                tone: Tone::Warn,
                text: "<b>drifted</b>".into(),
            },
            Block::Table {
                caption: "Events".into(),
                head: vec!["Logical ID".into(), "Status".into()],
                rows: vec![
                    vec![Cell::plain("Queue"), Cell::new("CREATE_FAILED", Tone::Bad)],
                    vec![
                        Cell::plain("Logs"),
                        Cell::new("CREATE_COMPLETE", Tone::Good),
                    ],
                    vec![
                        Cell::plain("Topic"),
                        Cell::new("CREATE_IN_PROGRESS", Tone::Busy),
                    ],
                ],
            },
            Block::Tree {
                label: "Nested stacks".into(),
                items: vec![TreeItem {
                    depth: 1,
                    text: "Child: CREATE_COMPLETE".into(),
                    tone: Tone::Good,
                }],
            },
        ],
        choices: vec![],
        actions: vec![],
    };
    let root = common::root();
    let handle =
        yew::Renderer::<Shown>::with_root_and_props(root.clone(), Props { panel }).render();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "h2"), "Stack app");
    // Text, never markup.
    assert_eq!(text(&root, "p.note.warn"), "<b>drifted</b>");
    assert!(root.query_selector("b").unwrap().is_none());
    // The table scrolls in a named, focusable box, with its caption and header cells.
    let scroll = find(&root, ".table-scroll");
    assert_eq!(scroll.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(
        scroll.get_attribute("aria-label").as_deref(),
        Some("Events")
    );
    assert_eq!(text(&root, "table caption"), "Events");
    assert_eq!(
        root.query_selector_all("th[scope=col]").unwrap().length(),
        2
    );
    assert_eq!(text(&root, "td.bad"), "CREATE_FAILED");
    assert_eq!(text(&root, "td.good"), "CREATE_COMPLETE");
    assert_eq!(text(&root, "td.busy"), "CREATE_IN_PROGRESS");
    assert_eq!(
        root.query_selector_all("td:not([class])").unwrap().length(),
        3
    );
    // The tone's colour comes from the stylesheet's variables (none loaded here), the
    // tree's depth from its indentation.
    assert_eq!(text(&root, "ul.tree li.good"), "Child: CREATE_COMPLETE");
    handle.destroy();
    root.remove();
}

fn stack_text(root: &Element) -> String {
    text(root, "#cfn-stack")
}

#[wasm_bindgen_test]
async fn the_sandbox_creates_a_stack_changes_it_and_finds_drift() {
    storage().clear().unwrap();
    let (root, handle) = mount_at("#/sandbox/cloudformation").await;
    // No stack yet: nothing to show, nothing sent.
    assert_eq!(stack_text(&root), "");
    click(&root, "#cfn-create").await;
    let shown = stack_text(&root);
    assert!(
        shown.contains("Stack my-stack is CREATE_COMPLETE"),
        "{shown}"
    );
    assert!(
        root.query_selector_all("#cfn-stack td.good")
            .unwrap()
            .length()
            >= 5,
        "{shown}"
    );
    // A new queue timeout in the editor: the change set modifies the queue in place (and
    // the trigger that reads its ARN, conditionally).
    type_template(
        &root,
        &text_of_editor(&root).replace("VisibilityTimeout: 60", "VisibilityTimeout: 90"),
    )
    .await;
    click(&root, "#cfn-change-set").await;
    let shown = stack_text(&root);
    assert!(
        shown.contains("Change set change-set-1: 2 change(s)"),
        "{shown}"
    );
    assert!(shown.contains("Modify"), "{shown}");
    click(&root, "#cfn-execute").await;
    assert!(stack_text(&root).contains("Stack my-stack is UPDATE_COMPLETE"));
    // A console change, then drift.
    let select: web_sys::HtmlSelectElement = find(&root, "#cfn-edit-target").dyn_into().unwrap();
    select.set_value("Queue/VisibilityTimeout");
    let value: web_sys::HtmlInputElement = find(&root, "#cfn-edit-value").dyn_into().unwrap();
    value.set_value("30");
    click(&root, "#cfn-edit").await;
    click(&root, "#cfn-drift").await;
    let shown = stack_text(&root);
    assert!(shown.contains("DRIFTED"), "{shown}");
    assert!(shown.contains("NOT_EQUAL"), "{shown}");
    assert_eq!(text(&root, "#cfn-stack td.warn"), "MODIFIED");
    // A fault button per resource, for presenter mode's fault menu; Start over clears all.
    assert_eq!(
        root.query_selector_all("button[data-fault]")
            .unwrap()
            .length(),
        4
    );
    click(&root, "#cfn-reset").await;
    assert_eq!(stack_text(&root), "");
    click(&root, "button[data-fault='Queue']").await;
    click(&root, "#cfn-create").await;
    let shown = stack_text(&root);
    assert!(
        shown.contains("Stack my-stack is ROLLBACK_COMPLETE"),
        "{shown}"
    );
    // The other format, beside the editor.
    click(&root, "#cfn-convert").await;
    let other = text(&root, "#cfn-other");
    assert!(other.contains("\"Fn::GetAtt\""), "{other}");
    done(root, handle);
}

fn text_of_editor(root: &Element) -> String {
    find(root, "#cfn-editor")
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .value()
}
