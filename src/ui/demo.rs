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
    pub id: String,
}

/// The demo of lab `id`; a clear message when there is no such lab or it has no live
/// workspace.
#[component]
pub fn DemoPage(props: &DemoPageProps) -> Html {
    let hash = use_hash();
    let Some(lab) = catalogue().lab(&props.id) else {
        return html! {
            <section class="page narrow" role="alert">
                <h1>{ text::NOT_FOUND_TITLE.s() }</h1>
                <p>{ text::unknown_lab(&props.id) }</p>
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
    // The answers the buttons wrote, from the query; only the lab's own text inputs.
    let (_, query) = super::route::split(&hash);
    let answers: Answers = query_pairs(query.unwrap_or_default())
        .into_iter()
        .filter(|(k, _)| {
            lab.input(k)
                .is_some_and(|i| matches!(i.kind, InputKind::Template { .. }))
        })
        .map(|(k, v)| (k, Answer::Text(v)))
        .collect();
    // The workspace as a step about every text input shows it: each family's buttons.
    let focus: Vec<String> = lab
        .inputs
        .iter()
        .filter(|i| matches!(i.kind, InputKind::Template { .. }))
        .map(|i| i.id.clone())
        .collect();
    let route = Route::Demo { id: lab.id.clone() };
    let onanswer = {
        let answers = answers.clone();
        let route = route.clone();
        Callback::from(move |(input, answer): (String, Option<Answer>)| {
            let mut next = answers.clone();
            match answer {
                Some(a) => next.insert(input, a),
                None => next.remove(&input),
            };
            let pairs: Vec<(&str, &str)> = next
                .iter()
                .filter_map(|(k, a)| match a {
                    Answer::Text(t) => Some((k.as_str(), t.as_str())),
                    _ => None,
                })
                .collect();
            let mut href = route.href();
            if !pairs.is_empty() {
                href.push('?');
                href.push_str(&query_string(pairs));
            }
            // A new history entry: Back undoes the press; `hashchange` shows it.
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_hash(&href);
            }
        })
    };
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
