//! The Vietnamese of the texts this worker words (every `t!` of the lab model: findings,
//! jobs, stack views, every family's grades and workspaces) into `$OUT_DIR/texts_vi.rs`: the
//! worker has no labs file to take them from, and installs them when it starts.
#[path = "../course/build/texts.rs"]
mod texts;

fn main() {
    // Every source of the lab model: the worker words findings, grades and workspaces of
    // every family whose engine it runs, and a family added later must not be forgotten.
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from("../course/src")];
    println!("cargo:rerun-if-changed=../course/src");
    while let Some(dir) = dirs.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", dir.display());
                std::process::exit(1);
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut found = Vec::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        match std::fs::read_to_string(file) {
            Ok(source) => found.extend(texts::scan(&source)),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", file.display());
                std::process::exit(1);
            }
        }
    }
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let path = std::path::Path::new(&out).join("texts_vi.rs");
    if let Err(e) = std::fs::write(&path, texts::table_source(&found)) {
        eprintln!("error: cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}
