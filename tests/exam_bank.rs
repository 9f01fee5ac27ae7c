//! The DOP-C02 question bank (`exam/`), as CI sees it: every question well formed and
//! translated, the domains' weights kept, no near-duplicates, enough of it, and the compiled
//! files the app ships read back the same. The structure rules themselves are
//! `course::exam::load` (unit-tested there); this test holds the bank to them.
//!
//! Native only: it reads the bank's folder from disk.
#![cfg(not(target_arch = "wasm32"))]
use std::collections::BTreeMap;
use std::path::Path;

use devops_lab::course::exam::load::{self, Built};
use devops_lab::course::exam::Bank;
use devops_lab::course::{cli, Catalogue, Lang};

fn built(lang: Lang) -> Built {
    let files = load::read(Path::new(load::DIR)).unwrap();
    let (order, folders) = cli::read_labs(Path::new("labs")).unwrap();
    let catalogue = Catalogue::from_folders(lang, order.as_deref(), &folders);
    let titles: Vec<(String, String)> = catalogue
        .labs
        .iter()
        .map(|l| (l.id.clone(), l.title.clone()))
        .collect();
    load::build(&files, lang, &titles)
}

fn report(problems: &[devops_lab::course::files::Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_question_is_well_formed_and_the_weights_hold() {
    let b = built(Lang::En);
    assert!(b.problems.is_empty(), "\n{}", report(&b.problems));
    assert!(
        b.bank.questions.len() >= 200,
        "the bank has {} questions; the issue asks for at least 200",
        b.bank.questions.len()
    );
}

#[test]
fn every_question_is_translated_into_vietnamese() {
    let b = built(Lang::Vi);
    let all: Vec<_> = b.problems.iter().chain(&b.translation).cloned().collect();
    assert!(all.is_empty(), "\n{}", report(&all));
    let en = built(Lang::En).bank;
    for (e, v) in en.questions.iter().zip(&b.bank.questions) {
        assert_ne!(
            e.stem, v.stem,
            "{}: the Vietnamese stem is the English one",
            e.id
        );
        assert_eq!(e.answer, v.answer);
        assert_eq!(e.options.len(), v.options.len());
    }
}

#[test]
fn every_task_statement_is_practised_and_the_answers_are_spread() {
    let bank = built(Lang::En).bank;
    let mut per_task: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &bank.domains {
        for t in &d.tasks {
            per_task.insert(&t.id, 0);
        }
    }
    for q in &bank.questions {
        *per_task.entry(&q.task).or_default() += 1;
    }
    for (task, n) in &per_task {
        assert!(*n >= 6, "task statement {task} has only {n} questions");
    }
    let multiple = bank.questions.iter().filter(|q| q.multiple()).count();
    let share = multiple as f64 / bank.questions.len() as f64;
    assert!(
        (0.12..=0.35).contains(&share),
        "{multiple} multiple-response questions of {}: the exam mixes in about one in five",
        bank.questions.len()
    );
    // A test-taker must not be able to guess by letter.
    let single: Vec<u8> = bank
        .questions
        .iter()
        .filter(|q| !q.multiple())
        .map(|q| q.answer[0])
        .collect();
    for letter in 0..4u8 {
        let n = single.iter().filter(|a| **a == letter).count();
        let share = n as f64 / single.len() as f64;
        assert!(
            (0.15..=0.35).contains(&share),
            "{n} of {} single-answer questions are {}",
            single.len(),
            (b'A' + letter) as char
        );
    }
}

#[test]
fn a_sample_was_checked_against_the_aws_documentation() {
    let bank = built(Lang::En).bank;
    let reviewed: Vec<&str> = bank
        .questions
        .iter()
        .filter(|q| q.reviewed.is_some())
        .map(|q| q.id.as_str())
        .collect();
    assert!(
        reviewed.len() >= 20,
        "{} questions carry `reviewed`: a sample of 20 is read against their sources",
        reviewed.len()
    );
    for d in 0..bank.domains.len() {
        assert!(
            bank.questions
                .iter()
                .any(|q| usize::from(q.domain) == d && q.reviewed.is_some()),
            "no reviewed question in domain {}",
            bank.domains[d].id
        );
    }
}

#[test]
fn the_compiled_banks_read_back_the_same() {
    for lang in Lang::ALL {
        let bank = built(lang).bank;
        let bytes = bank.encode();
        assert_eq!(Bank::decode(&bytes).as_ref(), Some(&bank));
        assert!(devops_lab::course::exam::compiled_name(lang, &bytes)
            .starts_with(&format!("exam-{}-", lang.code())));
        assert!(devops_lab::labs::EXAM_FILES
            .iter()
            .any(|(code, name)| *code == lang.code() && name.starts_with("exam-")));
    }
}
