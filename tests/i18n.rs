//! Every UI text is in every language. Parses each `.rs` file under `src/` and
//! `crates/course/src/` and checks every `T("English", "Tiếng Việt")` (a call or tuple
//! struct whose path ends in `T`, with two string literals): both non-empty, the Vietnamese
//! not a copy of the English (unless the text is a name written the same in both, see
//! `SAME_IN_BOTH`), the same `{placeholders}` in both, and no English sentence left in the
//! Vietnamese (Vietnamese prose always has diacritics). A second test checks that the text
//! modules hold no bare `pub const X: &str = "…"` any more.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Texts written the same in English and Vietnamese: product, service and tool names,
/// and the DevOps words Vietnamese keeps in English. Keep it short.
const SAME_IN_BOTH: &[&str] = &[
    "DevOps Lab",
    "CloudFormation",
    "CDK",
    "commit",
    "deployment",
    // The exam guide's words: its content domains and AWS's certification levels.
    "Domain",
    "Associate",
    "Professional",
    "Specialty",
    // AWS's own names and fields, and the strategies' names as the console writes them.
    "Metric",
    "TreatMissingData",
    // CodePipeline's action status, and the console's names for a pipeline and its parts.
    "Abandoned",
    "Pipeline {name}",
    "Stage/action",
    "Seed",
    "ECS service (rolling update)",
    "CloudWatch alarm (PutMetricAlarm)",
    "Rollback alarm (CloudWatch)",
    "┃ rollback",
    "5xx (%)",
    "Blue/green",
    "Canary (blue/green)",
    "All at once (in place)",
    "Rolling (in place)",
    "Linear (blue/green)",
    "All at once",
    "all at once, in place",
    "Canary",
    "Linear",
    "— p50",
    "— p99",
];

/// Text modules whose constants another branch is converting to `T` (empty once merged).
const PENDING: &[&str] = &[];

/// The `{name}` placeholders of a text, sorted.
fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            found.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    found.sort();
    found
}

/// The text without its placeholders.
fn without_placeholders(text: &str) -> String {
    let mut out = text.to_string();
    for p in placeholders(text) {
        out = out.replace(&format!("{{{p}}}"), " ");
    }
    out
}

/// The words of a text (runs with a letter), placeholders left out.
fn words(text: &str) -> usize {
    without_placeholders(text)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// What is wrong with one `T(en, vi)`; empty when nothing is.
fn problems(en: &str, vi: &str) -> Vec<String> {
    let mut out = Vec::new();
    if en.trim().is_empty() {
        out.push("the English is empty".to_string());
    }
    if vi.trim().is_empty() {
        out.push("the Vietnamese is empty".to_string());
        return out;
    }
    let named = SAME_IN_BOTH.contains(&en);
    let has_letters = without_placeholders(en).chars().any(char::is_alphabetic);
    if vi == en && has_letters && !named {
        out.push(
            "the Vietnamese is the English (translate it, or add a name to SAME_IN_BOTH)".into(),
        );
    }
    if placeholders(en) != placeholders(vi) {
        out.push(format!(
            "placeholders differ: {:?} in English, {:?} in Vietnamese",
            placeholders(en),
            placeholders(vi)
        ));
    }
    if words(en) >= 3 && !named && without_placeholders(vi).is_ascii() {
        out.push("the Vietnamese has no diacritics: is it still English?".into());
    }
    out
}

/// Every `T("…", "…")` of a file: (English, Vietnamese).
#[derive(Default)]
struct Texts(Vec<(String, String)>);

impl<'ast> Visit<'ast> for Texts {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(path) = &*call.func {
            // `Both(en, vi)`: the few texts kept whole in the program (`t!` is read below).
            let is_t = path.path.segments.last().is_some_and(|s| s.ident == "Both");
            let literals: Vec<String> = call
                .args
                .iter()
                .filter_map(|a| match a {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => None,
                })
                .collect();
            if is_t && call.args.len() == 2 && literals.len() == 2 {
                self.0.push((literals[0].clone(), literals[1].clone()));
            }
        }
        syn::visit::visit_expr_call(self, call);
    }
}

/// The build's own reader of `t!("English", "Tiếng Việt")` (what it moves into the
/// Vietnamese labs file), so the test checks exactly what ships.
#[path = "../crates/course/build/texts.rs"]
mod build_texts;

/// How many `t!(` a source has (each must be readable by the build).
fn t_calls(source: &str) -> usize {
    source
        .match_indices("t!(")
        .filter(|(at, _)| {
            !source[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .count()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap();
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_text_is_in_english_and_vietnamese() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("crates/course/src"), &mut files);
    let mut failures = Vec::new();
    let mut count = 0;
    for path in &files {
        let mut texts = Texts::default();
        texts.visit_file(&parse(path));
        let source = std::fs::read_to_string(path).unwrap();
        let scanned = build_texts::scan(&source);
        if scanned.len() != t_calls(&source) {
            failures.push(format!(
                "{}: {} `t!(` but the build reads {}: each takes two string literals",
                path.strip_prefix(root()).unwrap().display(),
                t_calls(&source),
                scanned.len()
            ));
        }
        texts.0.extend(scanned);
        count += texts.0.len();
        for (en, vi) in texts.0 {
            for p in problems(&en, &vi) {
                let file = path.strip_prefix(root()).unwrap().display();
                failures.push(format!("{file}: t!({en:?}, {vi:?}): {p}"));
            }
        }
    }
    assert!(
        count > 100,
        "only {count} texts found: is the visitor broken?"
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_checks_catch_untranslated_texts() {
    assert!(problems("Check my answers", "Kiểm tra câu trả lời").is_empty());
    assert!(problems("DevOps Lab", "DevOps Lab").is_empty());
    assert!(problems("{team}: {n}", "{team}: {n}").is_empty());
    assert!(problems("Step {n} of {total}", "Bước {n}/{total}").is_empty());
    let bad = [
        ("Hello there friend", ""),
        ("", "Xin chào"),
        ("Next step", "Next step"),
        ("Step {n} of {total}", "Bước {n}"),
        ("Step {n} of {total}", "Bước {m}/{total}"),
        ("Press Check again", "Press Check again please"),
    ];
    for (en, vi) in bad {
        assert!(!problems(en, vi).is_empty(), "T({en:?}, {vi:?}) passed");
    }
    let mut texts = Texts::default();
    texts.visit_file(
        &syn::parse_file(
            "const A: Both = Both(\"a b\", \"c\"); fn f() { let _ = i18n::Both(\"x\", \"y\").s(); }",
        )
        .unwrap(),
    );
    assert_eq!(texts.0.len(), 2);
    // The build's reader: escapes, line continuations, a second argument that is not a
    // literal (not read, so the count differs and the test above fails).
    let source = "const A: T = t!(\"say \\\"hi\\\"\\n\", \"n\\u{f3}i\"); x = t!(\"a\", b); not_t!(\"c\", \"d\");";
    let scanned = build_texts::scan(source);
    assert_eq!(scanned, [("say \"hi\"\n".to_string(), "nói".to_string())]);
    assert_eq!(t_calls(source), 2);
}

/// Text modules: `src/ui/text.rs` and each family's `text.rs` and `words.rs`.
fn text_modules() -> Vec<PathBuf> {
    let mut modules = vec![root().join("src/ui/text.rs")];
    let families = root().join("src/ui/family");
    let mut dirs: Vec<_> = std::fs::read_dir(&families)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        for name in ["text.rs", "words.rs"] {
            if dir.join(name).exists() {
                modules.push(dir.join(name));
            }
        }
    }
    modules
}

#[test]
fn text_modules_hold_no_bare_english_constants() {
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for path in text_modules() {
        let file = path.strip_prefix(root()).unwrap().display().to_string();
        seen.insert(file.clone());
        if PENDING.contains(&file.as_str()) {
            continue;
        }
        for item in parse(&path).items {
            if let syn::Item::Const(c) = item {
                let is_str = matches!(&*c.ty, syn::Type::Reference(r) if matches!(&*r.elem, syn::Type::Path(p) if p.path.is_ident("str")));
                let is_literal = matches!(
                    &*c.expr,
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(_),
                        ..
                    })
                );
                if is_str && is_literal {
                    failures.push(format!(
                        "{file}: const {} is a bare &str: make it a T",
                        c.ident
                    ));
                }
            }
        }
    }
    assert!(seen.contains("src/ui/family/flags/words.rs"), "{seen:?}");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
