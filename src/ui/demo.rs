//! A lab's live workspace alone, for an instructor's demo (`#/demo/<id>`): the CI/CD
//! walkthrough pushed commit by commit on a projector. Only labs whose workspace the parsers
//! worker builds (`FamilyModule::WORKER_PANEL`) have one.
//!
//! What the workspace's buttons write (a pipeline's `push c2`, `approve Approval`…) is kept in
//! the page's query, one `input=text` pair per input, never in the learner's progress: a demo
//! is not graded, the audience window follows it (presenter mode shares the whole hash), a
//! reload keeps it, and the browser's Back undoes a press.
use yew::prelude::*;

use super::lab_panel::LabPanel;
use super::route::{query_pairs, query_string, use_hash, Link, Route};
use super::shared::Static;
use super::text;
use crate::course::{Answer, Answers, InputKind};
use crate::labs::catalogue;
use crate::ui::i18n::T;

#[derive(Properties, PartialEq)]
pub struct DemoPageProps {
    /// The lab; for the sandbox, the lab of the first tab (the query's `tab` picks another).
    pub id: String,
    /// The containers sandbox (`#/sandbox/containers`): tabs over its labs' workspaces, and
    /// editors beside the workspace.
    #[prop_or_default]
    pub sandbox: bool,
}

/// The containers sandbox's tabs: (the query's `tab`, the lab whose workspace it borrows,
/// its name).
const CONTAINER_TABS: &[(&str, &str, T)] = &[
    (
        "build",
        "docker-shrink-image",
        t!("Build an image", "Build một image"),
    ),
    (
        "scan",
        "ecr-scan-base-image",
        t!("Scan its base", "Quét image gốc"),
    ),
    (
        "lifecycle",
        "ecr-lifecycle-policy",
        t!("ECR lifecycle policy", "Lifecycle policy của ECR"),
    ),
    (
        "ecs",
        "ecs-circuit-breaker",
        t!("Deploy to ECS", "Deploy lên ECS"),
    ),
];

/// The demo of lab `id`; a clear message when there is no such lab or it has no live
/// workspace.
///
/// The sandbox (`#/sandbox/containers?tab=…`) is the same page with tabs and editors: any
/// Dockerfile, lifecycle policy, service definition… in a container lab's workspace, with
/// no steps, no checks and nothing saved; the files typed are kept in the address too (each
/// keystroke replaces the history entry rather than adding one), so a link shares them.
#[component]
pub fn DemoPage(props: &DemoPageProps) -> Html {
    let hash = use_hash();
    let (_, query) = super::route::split(&hash);
    let mut pairs = query_pairs(query.unwrap_or_default());
    let tab = props
        .sandbox
        .then(|| {
            let asked = pairs
                .iter()
                .find(|(k, _)| k == "tab")
                .map(|(_, v)| v.as_str());
            CONTAINER_TABS
                .iter()
                .find(|(t, ..)| Some(*t) == asked)
                .or(CONTAINER_TABS.first())
        })
        .flatten();
    let id = tab.map_or(props.id.as_str(), |(_, id, _)| id);
    let Some(lab) = catalogue().lab(id) else {
        return html! {
            <section class="page narrow" role="alert">
                <h1>{ text::NOT_FOUND_TITLE.s() }</h1>
                <p>{ text::unknown_lab(id) }</p>
                <p><Link to={Route::Home}>{ text::BACK_HOME.s() }</Link></p>
            </section>
        };
    };
    let lab_link = html! {
        <Link to={Route::Lab { id: lab.id.clone() }}>
            { t!("Open it as a lab (steps, checks, your own progress)", "Mở dưới dạng bài lab (các bước, phần kiểm tra, tiến độ của bạn)").s() }
        </Link>
    };
    if !lab.workspace.worker_panel() {
        return html! {
            <section class="page narrow" role="alert">
                <h1>{ &lab.title }</h1>
                <p>{ t!("This lab has no live workspace to demonstrate; its sandbox or the lab itself is the demo.", "Bài lab này không có workspace trực tiếp để trình diễn; hãy dùng sandbox của nó hoặc chính bài lab.").s() }</p>
                <p>{ lab_link }</p>
            </section>
        };
    }
    // The answers written so far, from the query: the lab's files (and, in the sandbox, its
    // numbers), never its questions.
    let lang = crate::ui::i18n::lang();
    let inputs: Vec<Static<crate::course::Input>> = lab
        .inputs
        .iter()
        .filter(|i| match i.kind {
            InputKind::Template { .. } => true,
            InputKind::Number { .. } => props.sandbox,
            InputKind::Choice { .. } => false,
        })
        .map(Static)
        .collect();
    pairs.retain(|(k, _)| inputs.iter().any(|i| i.id == *k));
    let answers: Answers = pairs
        .into_iter()
        .map(|(k, text)| {
            let number = inputs
                .iter()
                .any(|i| i.id == k && matches!(i.kind, InputKind::Number { .. }));
            let a = if number {
                Answer::Typed { text, lang }
            } else {
                Answer::Text(text)
            };
            (k, a)
        })
        .collect();
    // The workspace as a step about every one of them shows it: each family's buttons.
    let focus: Vec<String> = inputs.iter().map(|i| i.id.clone()).collect();
    let base = match tab {
        Some((t, ..)) => format!("{}?tab={t}", Route::SandboxContainers.href()),
        None => Route::Demo { id: lab.id.clone() }.href(),
    };
    let onanswer = {
        let (answers, base, sandbox) = (answers.clone(), base.clone(), props.sandbox);
        Callback::from(move |(input, answer): (String, Option<Answer>)| {
            let mut next = answers.clone();
            match answer {
                Some(a) => next.insert(input, a),
                None => next.remove(&input),
            };
            let pairs: Vec<(&str, &str)> = next
                .iter()
                .filter_map(|(k, a)| match a {
                    Answer::Text(t) | Answer::Typed { text: t, .. } => {
                        Some((k.as_str(), t.as_str()))
                    }
                    _ => None,
                })
                .collect();
            let mut href = base.clone();
            if !pairs.is_empty() {
                href.push(if sandbox { '&' } else { '?' });
                href.push_str(&query_string(pairs));
            }
            let Some(location) = web_sys::window().map(|w| w.location()) else {
                return;
            };
            // The demo's button press is a new history entry (Back undoes it); the sandbox's
            // keystroke replaces the current one. Either fires `hashchange`.
            let _ = if sandbox {
                location.replace(&href)
            } else {
                location.set_hash(&href)
            };
        })
    };
    if props.sandbox {
        let nav = CONTAINER_TABS.iter().map(|(t, _, name)| {
            let href = format!("{}?tab={t}", Route::SandboxContainers.href());
            let current = tab.is_some_and(|(c, ..)| c == t).then_some("page");
            html! { <a {href} aria-current={current}>{ name.s() }</a> }
        });
        return html! {
            <section class="page sandbox" aria-labelledby="sandbox-title">
                <h1 id="sandbox-title">{ text::NAV_CONTAINERS_SANDBOX.s() }</h1>
                <p>
                    { t!("Write any file and see what the simulated AWS does with it. Each tab borrows a lab's set-up; nothing here is graded or saved to your progress, and the address keeps what you write.", "Viết bất kỳ file nào và xem AWS mô phỏng xử lý nó ra sao. Mỗi tab mượn set-up của một bài lab; không có gì ở đây được chấm điểm hay lưu vào tiến độ của bạn, và địa chỉ trang giữ những gì bạn viết.").s() }
                    { " " }{ lab_link }
                </p>
                <nav class="tabs" aria-label={t!("Files", "Các file").s()}>{ for nav }</nav>
                <div class="player">
                    <section class="steps-pane">
                        <super::step_inputs::StepInputs {inputs} answers={answers.clone()} results={None::<Vec<_>>} onanswer={onanswer.clone()} />
                    </section>
                    <div class="workspace">
                        <LabPanel lab={Static(lab)} {answers} {focus} {onanswer} />
                    </div>
                </div>
            </section>
        };
    }
    html! {
        <section class="page demo" aria-labelledby="demo-title">
            <p class="eyebrow">{ t!("Live demo", "Trình diễn trực tiếp").s() }</p>
            <h1 id="demo-title">{ &lab.title }</h1>
            <p class="muted">
                { t!("The lab's workspace alone, for a projector. What you press is kept in the address: the audience window follows it, a reload keeps it, Back undoes it. Nothing here is graded or saved to your progress.", "Chỉ riêng workspace của bài lab, để chiếu lên màn hình. Những gì bạn bấm được lưu trong địa chỉ trang: cửa sổ khán giả đi theo, tải lại trang vẫn giữ, nút Back hoàn tác. Không có gì ở đây được chấm điểm hay lưu vào tiến độ của bạn.").s() }
                { " " }{ lab_link }
            </p>
            <div class="workspace">
                <LabPanel lab={Static(lab)} {answers} {focus} {onanswer} />
            </div>
        </section>
    }
}
