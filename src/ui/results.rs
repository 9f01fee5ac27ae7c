//! The graded results: each check's verdict in plain words, the author's advice, the concept, and a link to its step.
use yew::prelude::*;

use super::i18n::lang;
use super::markdown::inline;
use super::route::{Link, Route};
use super::shared::LabRef;
use super::text;
use crate::course::GradeReport;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub lab: LabRef,
    pub report: GradeReport,
    /// Inputs whose answer changed since this Check.
    #[prop_or_default]
    pub changed: Vec<String>,
}

/// The results panel after Check.
#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let report = &props.report;
    let passed = report.results.iter().filter(|r| r.passed()).count();
    let step_of = |input: &str| {
        props
            .lab
            .steps
            .iter()
            .position(|s| s.inputs.iter().any(|i| i == input))
    };
    let pending = report.pending();
    let items = report.results.iter().map(|r| {
        let waiting = r.verdict == crate::course::Verdict::Pending;
        let class = match (r.passed(), waiting) {
            (_, true) => "check pending",
            (true, _) => "check pass",
            _ => "check fail",
        };
        let stale = props.changed.contains(&r.input).then(|| {
            html! { <p class="changed">{ text::CHANGED_SINCE_CHECK.s() }</p> }
        });
        let link = step_of(&r.input).map(|n| {
            html! {
                <Link to={Route::LabStep { id: props.lab.id.clone(), step: (n + 1).to_string() }} classes="goto">
                    { text::GO_TO_STEP.fill(&[("n", &(n + 1))]) }
                </Link>
            }
        });
        html! {
            <li {class} data-check={r.id.clone()}>
                <p class="verdict">
                    <strong>{ match (r.passed(), waiting) { (_, true) => "… ", (true, _) => "✓ ", _ => "✗ " } }{ &r.title }</strong>
                    <span class="points">{ text::score(r.points, r.max_points) }</span>
                </p>
                <p>{ r.verdict.message(lang()) }</p>
                { stale }
                { for r.feedback.iter().map(|f| html! { <p class="feedback">{ inline(f) }</p> }) }
                { for r.why.iter().map(|w| html! { <p class="why"><strong>{ text::WHY_WRONG.s() }</strong>{ " " }{ inline(w) }</p> }) }
                { for r.explain.iter().map(|e| html! { <p class="explain"><strong>{ text::CONCEPT.s() }</strong>{ " " }{ inline(e) }</p> }) }
                { link }
            </li>
        }
    });
    let complete = report.all_passed().then(|| {
        html! { <p class="complete">{ text::lab_complete(report.score(), report.max) }</p> }
    });
    // A partly answered lab's check is not recorded as a best score; say so.
    let partial = (!report.complete()).then(|| {
        html! { <p class="partial">{ text::PARTIAL_CHECK.s() }</p> }
    });
    html! {
        <section class="results" id="results" aria-labelledby="results-title">
            <h2 id="results-title">{ text::RESULTS.s() }</h2>
            // Announced to screen readers when a Check changes it.
            <div role="status" aria-live="polite" aria-atomic="true">
            <p id="score" class="score" data-score={report.score().to_string()} data-max={report.max.to_string()} data-pending={pending.then_some("true")}>
                <strong>{ text::score(report.score(), report.max) }</strong>
                { " — " }{ text::summary_line(passed, report.results.len()) }
                { for (report.hint_penalty > 0).then(|| html! { <span class="penalty">{ " · " }{ text::hint_penalty(report.hint_penalty) }</span> }) }
            </p>
            { complete }
            { partial }
            </div>
            <ul class="checks">{ for items }</ul>
        </section>
    }
}
