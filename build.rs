//! Compiles the labs into the app: loads every folder under `labs/` with the lab model, runs
//! the full check on each (the reference solution earns full marks, each known-wrong attempt
//! fails exactly the checks it names), and writes the catalogue's compact encoding to
//! `$OUT_DIR/labs.bin`, which `src/labs.rs` embeds. A broken lab fails the build with
//! `labs/<lab>/<file>:line:column: message` lines. The day's agenda (`labs/agenda.toml`) is
//! loaded and checked the same way (its labs must exist) and written to `$OUT_DIR/agenda.bin`,
//! which `src/agenda.rs` embeds.
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=labs");
    let labs = Path::new("labs");
    let (order, folders) = match course::cli::read_labs(labs) {
        Ok(found) => found,
        Err(e) => fail(&[e]),
    };
    let (reports, order_problems) = course::validate::check_all(order.as_deref(), &folders);
    let mut problems: Vec<String> = order_problems.iter().map(|p| format!("labs/{p}")).collect();
    for report in &reports {
        problems.extend(report.problems.iter().map(|p| format!("labs/{p}")));
    }
    let lab_ids: Vec<&str> = folders.iter().map(|(f, _)| f.as_str()).collect();
    let agenda = course::agenda::check(course::cli::read_agenda(labs).as_deref(), &lab_ids);
    if let Err(ps) = &agenda {
        problems.extend(ps.iter().map(|p| format!("labs/{p}")));
    }
    if !problems.is_empty() {
        fail(&problems);
    }
    let catalogue = course::Catalogue::from_folders(order.as_deref(), &folders);
    let bytes = catalogue.encode();
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(e) = std::fs::write(Path::new(&out).join("labs.bin"), bytes) {
        fail(&[format!("cannot write the compiled labs: {e}")]);
    }
    let agenda = agenda.map(|a| a.encode()).unwrap_or_default();
    if let Err(e) = std::fs::write(Path::new(&out).join("agenda.bin"), agenda) {
        fail(&[format!("cannot write the compiled agenda: {e}")]);
    }
}

fn fail(problems: &[String]) -> ! {
    for p in problems {
        eprintln!("error: {p}");
    }
    eprintln!(
        "error: {} problem(s) in labs/; `cargo run -- check` lists them",
        problems.len()
    );
    std::process::exit(1);
}
