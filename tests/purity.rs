//! Architecture invariants that a reader cannot see from one file.

/// `src/engine` imports no yew, web-sys, js-sys, gloo or wasm-bindgen, and does no I/O.
#[test]
fn engines_are_pure() {
    let forbidden = [
        "yew",
        "web_sys",
        "js_sys",
        "gloo",
        "wasm_bindgen",
        "std::fs",
        "std::net",
        "std::time::SystemTime",
        "Instant::now",
    ];
    let offences = offending_lines("src/engine", |line| {
        let code = line.split("//").next().unwrap_or("");
        forbidden.iter().any(|word| {
            if word.contains("::") {
                code.contains(word)
            } else {
                code.contains(&format!("{word}::")) || code.contains(&format!("use {word}"))
            }
        })
    });
    assert!(
        offences.is_empty(),
        "engines must stay pure:\n{}",
        offences.join("\n")
    );
}

/// The lab model may use engines but never the UI or browser APIs.
#[test]
fn the_lab_model_knows_nothing_of_the_ui() {
    let forbidden = [
        "yew",
        "web_sys",
        "js_sys",
        "gloo",
        "wasm_bindgen",
        "crate::ui",
    ];
    let offences = offending_lines("src/course", |line| {
        forbidden.iter().any(|w| line.contains(&format!("{w}::")))
    });
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

/// Every line of the `.rs` files under `dir` that `offends`, as `path:line: text`.
fn offending_lines(dir: &str, offends: impl Fn(&str) -> bool) -> Vec<String> {
    let mut offences = Vec::new();
    visit(std::path::Path::new(dir), &mut |path, text| {
        for (n, line) in text.lines().enumerate().filter(|(_, l)| offends(l)) {
            offences.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
        }
    });
    offences
}

fn visit(dir: &std::path::Path, f: &mut dyn FnMut(&std::path::Path, &str)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            f(&path, &std::fs::read_to_string(&path).unwrap());
        }
    }
}
