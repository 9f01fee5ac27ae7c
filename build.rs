//! Compiles the labs for the app: loads every folder under `labs/` with the lab model, runs
//! the full check on each (the reference solution earns full marks, each known-wrong attempt
//! fails exactly the checks it names), and writes the catalogue once per language,
//! `labs-<lang>-<hash>.bin`, which the app fetches (`src/labs.rs`), with their names in
//! `labs_files.rs`. A broken lab fails the build with `labs/<lab>/<file>:line:column:
//! message` lines; a missing or outdated translation is a warning here (the lab still
//! builds, in English where it is not translated) and an error for `devops-lab check` and CI.
//!
//! The files are also copied to `<target>/<triple>/<profile>/compiled-labs/`, where the
//! release build's post-build step (`scripts/post-build.mjs`) takes them into `dist/`.
//!
//! The templates' resource knowledge (`crates/engine/data/cfn-resources.json`, 2.8 MB) is
//! copied there too as `cfn-resources-<hash>.json`, its name in `labs_files.rs`
//! (`CFN_SCHEMAS_FILE`): the parsers worker fetches it with the first template, so the first
//! load never carries it.
//!
//! The day's agenda (`labs/agenda.toml`) is loaded and checked the same way (its labs must
//! exist) and carried in each language's labs file (`Catalogue::agenda`).
use std::path::{Path, PathBuf};

const CFN_SCHEMAS: &str = "crates/engine/data/cfn-resources.json";

#[path = "crates/course/build/texts.rs"]
mod texts;

fn main() {
    println!("cargo:rerun-if-changed=labs");
    println!("cargo:rerun-if-changed=exam");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=crates/course/src");
    println!("cargo:rerun-if-changed={CFN_SCHEMAS}");
    // The program's texts: it holds their English; each language's labs file the rest.
    let ui_texts = texts::collect(&[Path::new("src"), Path::new("crates/course/src")]);
    let labs = Path::new("labs");
    let (order, folders) = match course::cli::read_labs(labs) {
        Ok(found) => found,
        Err(e) => fail(&[e]),
    };
    let (reports, order_problems) = course::validate::check_all(order.as_deref(), &folders);
    let mut problems: Vec<String> = order_problems.iter().map(|p| format!("labs/{p}")).collect();
    for report in &reports {
        problems.extend(report.problems.iter().map(|p| format!("labs/{p}")));
        for p in &report.translation {
            println!("cargo:warning=labs/{p}");
        }
    }
    let lab_ids: Vec<&str> = folders.iter().map(|(f, _)| f.as_str()).collect();
    let agenda = course::agenda::check(course::cli::read_agenda(labs).as_deref(), &lab_ids);
    if let Err(ps) = &agenda {
        problems.extend(ps.iter().map(|p| format!("labs/{p}")));
    }
    if !problems.is_empty() {
        fail(&problems);
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    let mut names = String::from(
        "/// Each language's compiled labs, as `(language code, file name)`: written by build.rs.\npub const LAB_FILES: &[(&str, &str)] = &[\n",
    );
    // `<target>/<triple>/<profile>/build/<package>-<hash>/out` → `<…>/<profile>/compiled-labs`.
    let shared = out.ancestors().nth(3).map(|p| p.join("compiled-labs"));
    if let Some(dir) = &shared {
        let _ = std::fs::remove_dir_all(dir);
        let _ = std::fs::create_dir_all(dir);
    }
    let exam = match course::exam::load::read(Path::new(course::exam::load::DIR)) {
        Ok(files) => files,
        Err(e) => fail(&[e]),
    };
    let mut exam_names = String::from(
        "/// Each language's compiled question bank, as `(language code, file name)`: written by build.rs.\npub const EXAM_FILES: &[(&str, &str)] = &[\n",
    );
    for lang in course::Lang::ALL {
        let mut catalogue = course::Catalogue::from_folders(lang, order.as_deref(), &folders);
        let titles: Vec<(String, String)> = catalogue
            .labs
            .iter()
            .map(|l| (l.id.clone(), l.title.clone()))
            .collect();
        // The bank's problems are warnings here (the app still builds); `devops-lab check` and
        // tests/exam_bank.rs fail on them.
        let built = course::exam::load::build(&exam, lang, &titles);
        let shown = match lang {
            course::Lang::En => &built.problems,
            _ => &built.translation,
        };
        for p in shown {
            println!("cargo:warning={p}");
        }
        let bytes = built.bank.encode();
        let name = course::exam::compiled_name(lang, &bytes);
        write(&out.join(format!("exam-{}.bin", lang.code())), &bytes);
        if let Some(dir) = &shared {
            write(&dir.join(&name), &bytes);
        }
        exam_names.push_str(&format!("    ({:?}, {name:?}),\n", lang.code()));
        if lang == course::Lang::Vi {
            catalogue.texts = ui_texts.clone();
        }
        // The day's agenda travels in the labs file, not in the app's first load.
        catalogue.agenda = agenda.as_ref().map(|a| a.encode()).unwrap_or_default();
        let bytes = catalogue.encode();
        let name = course::catalogue::compiled_name(lang, &bytes);
        write(&out.join(format!("labs-{}.bin", lang.code())), &bytes);
        if let Some(dir) = &shared {
            write(&dir.join(&name), &bytes);
        }
        names.push_str(&format!("    ({:?}, {name:?}),\n", lang.code()));
    }
    names.push_str("];\n");
    exam_names.push_str("];\n");
    names.push_str(&exam_names);
    let schemas = match std::fs::read(CFN_SCHEMAS) {
        Ok(bytes) => bytes,
        Err(e) => fail(&[format!("cannot read {CFN_SCHEMAS}: {e}")]),
    };
    let name = course::catalogue::compiled_name(course::Lang::En, &schemas)
        .replace("labs-en-", "cfn-resources-")
        .replace(".bin", ".json");
    if let Some(dir) = &shared {
        write(&dir.join(&name), &schemas);
    }
    names.push_str(&format!(
        "/// The templates' resource knowledge beside the app (fetched by the parsers worker).\npub const CFN_SCHEMAS_FILE: &str = {name:?};\n"
    ));
    write(&out.join("labs_files.rs"), names.as_bytes());
}

fn write(path: &Path, bytes: &[u8]) {
    if let Err(e) = std::fs::write(path, bytes) {
        fail(&[format!("cannot write {}: {e}", path.display())]);
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
