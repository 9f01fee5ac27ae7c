//! Collects the Vietnamese of every `t!("English", "Tiếng Việt")` in this crate's sources into
//! `$OUT_DIR/texts_vi.rs`, which native builds compile in (tests, the CLI). The browser build
//! leaves it out: the app's build puts every text's Vietnamese into the Vietnamese labs file.
#[path = "build/texts.rs"]
mod texts;

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=build/texts.rs");
    let found = texts::collect(&[std::path::Path::new("src")]);
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let path = std::path::Path::new(&out).join("texts_vi.rs");
    if let Err(e) = std::fs::write(&path, texts::table_source(&found)) {
        eprintln!("error: cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}
