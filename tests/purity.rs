//! Architecture invariants that the compiler cannot see.
//!
//! The layering itself (engines know no lab model and no browser; the lab model knows no
//! UI) is the crates' dependency graph; these tests keep that graph and the engines'
//! purity (no I/O, no clock) from drifting.

/// Crates the engines and the lab model must never depend on.
const WEB_CRATES: [&str; 7] = [
    "yew",
    "yew-router",
    "web-sys",
    "js-sys",
    "gloo",
    "wasm-bindgen",
    "plotters-canvas",
];

/// The engines do no I/O and read no clock: time and seeds are inputs.
#[test]
fn engines_do_no_io_and_read_no_clock() {
    let forbidden = [
        "std::fs",
        "std::net",
        "std::env",
        "std::process",
        "std::time::SystemTime",
        "Instant::now",
        "SystemTime::now",
        "OffsetDateTime::now",
    ];
    let offences = offending_lines("crates/engine/src", |line| {
        let code = line.split("//").next().unwrap_or("");
        forbidden.iter().any(|word| code.contains(word))
    });
    assert!(
        offences.is_empty(),
        "engines must stay pure:\n{}",
        offences.join("\n")
    );
}

/// Neither the engines nor the lab model depend on a browser or UI crate.
#[test]
fn engines_and_lab_model_have_no_web_dependencies() {
    for manifest in ["crates/engine/Cargo.toml", "crates/course/Cargo.toml"] {
        let text = std::fs::read_to_string(manifest).unwrap();
        let deps: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split(['=', ' ']).next())
            .filter(|name| WEB_CRATES.contains(name))
            .collect();
        assert!(deps.is_empty(), "{manifest} depends on {deps:?}");
    }
    let engine = std::fs::read_to_string("crates/engine/Cargo.toml").unwrap();
    assert!(
        !engine.contains("devops-lab-course"),
        "the engines must not know the lab model"
    );
}

/// Every line of the `.rs` files under `dir` that `offends`, as `path:line: text`.
fn offending_lines(dir: &str, offends: impl Fn(&str) -> bool) -> Vec<String> {
    let mut offences = Vec::new();
    visit(std::path::Path::new(dir), &mut |path, text| {
        for (n, line) in text.lines().enumerate().filter(|(_, l)| offends(l)) {
            offences.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
        }
    });
    assert!(
        !offences.is_empty() || std::path::Path::new(dir).is_dir(),
        "{dir} is missing"
    );
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

/// The app's browser build (the first load) has no file parser: labs arrive compiled, and
/// parsers run in the parsers worker, a module of its own fetched on demand.
#[test]
fn the_first_load_module_has_no_file_parsers() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "devops-lab",
            "--target",
            "wasm32-unknown-unknown",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .output()
        .expect("cargo tree runs");
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(tree.contains("devops-lab-course"), "{tree}");
    let found: Vec<&str> = tree
        .lines()
        .filter(|l| {
            let name = l.split(' ').next().unwrap_or("");
            ["toml", "pulldown-cmark", "include_dir", "serde-saphyr"].contains(&name)
        })
        .collect();
    assert!(found.is_empty(), "in the first load: {found:?}");
}

/// The deployment sandbox's AWS configuration JSON is built in the parsers worker: the app's
/// browser build has neither course's feature `aws` nor serde_json's `preserve_order` (which
/// only that JSON needs).
#[test]
fn the_first_load_module_builds_no_aws_json() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "devops-lab",
            "--target",
            "wasm32-unknown-unknown",
            "-e",
            "normal,features",
            "--prefix",
            "none",
            "--offline",
        ])
        .output()
        .expect("cargo tree runs");
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(tree.contains("serde_json"), "{tree}");
    let found: Vec<&str> = tree
        .lines()
        .filter(|l| {
            l.starts_with("serde_json feature \"preserve_order\"")
                || l.starts_with("devops-lab-course feature \"aws\"")
        })
        .collect();
    assert!(found.is_empty(), "in the first load: {found:?}");
}

/// The deployment simulator (`engine::deploy::simulate` and everything only it uses) runs in
/// the parsers worker (`Job::Simulate`, and `Job::Grade` for the deployment labs), never in the
/// app's first load: the app's browser build has no course feature `sim`, and no code of the
/// app outside its tests names `simulate` (it could call the engine directly).
#[cfg(not(target_arch = "wasm32"))] // syn is a native dev-dependency
#[test]
fn the_first_load_module_has_no_deployment_simulator() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "devops-lab",
            "--target",
            "wasm32-unknown-unknown",
            "-e",
            "normal,features",
            "--prefix",
            "none",
            "--offline",
        ])
        .output()
        .expect("cargo tree runs");
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(tree.contains("devops-lab-course"), "{tree}");
    let found: Vec<&str> = tree
        .lines()
        .filter(|l| l.starts_with("devops-lab-course feature \"sim\""))
        .collect();
    assert!(found.is_empty(), "in the first load: {found:?}");

    // No path or import in the app's sources (tests left out) ends in `simulate`.
    struct Calls<'a> {
        file: &'a std::path::Path,
        found: &'a mut Vec<String>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Calls<'_> {
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            if !is_test(&m.attrs) {
                syn::visit::visit_item_mod(self, m);
            }
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            if !is_test(&f.attrs) {
                syn::visit::visit_item_fn(self, f);
            }
        }
        fn visit_ident(&mut self, ident: &'ast syn::Ident) {
            if ident == "simulate" {
                self.found.push(self.file.display().to_string());
            }
        }
    }
    fn is_test(attrs: &[syn::Attribute]) -> bool {
        attrs.iter().any(|a| {
            a.path().is_ident("test")
                || (a.path().is_ident("cfg")
                    && a.meta.require_list().is_ok_and(|l| {
                        let tokens = l.tokens.to_string();
                        tokens == "test" || tokens.starts_with("all (test")
                    }))
        })
    }
    let mut found = Vec::new();
    visit(std::path::Path::new("src"), &mut |path, text| {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut calls = Calls {
            file: path,
            found: &mut found,
        };
        syn::visit::Visit::visit_file(&mut calls, &file);
    });
    assert!(
        found.is_empty(),
        "the app names the simulator (it runs in the parsers worker): {found:?}"
    );
}
