//! The labs embedded into the build, in the workshop's agenda order.
//!
//! `labs/` is compiled into the binary with `include_dir!`: there is no
//! runtime fetch, and a lab that does not load fails the native tests.
use std::sync::OnceLock;

use include_dir::{include_dir, Dir};
use serde::Deserialize;

use super::files::{FileSet, Problem};
use super::lab::{Family, Lab};

static LABS_DIR: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../labs");

/// The order file at the root of `labs/`.
pub const ORDER_FILE: &str = "catalogue.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Order {
    labs: Vec<String>,
}

/// Every lab, in agenda order: by family, then as `labs/catalogue.toml` lists them.
#[derive(Debug)]
pub struct Catalogue {
    pub labs: Vec<Lab>,
    /// Labs that failed to load (a build the tests let through should have none).
    pub problems: Vec<Problem>,
}

impl Catalogue {
    /// The lab with this id.
    pub fn lab(&self, id: &str) -> Option<&Lab> {
        self.labs.iter().find(|l| l.id == id)
    }

    /// The families that have labs, in agenda order, each with its labs.
    pub fn by_family(&self) -> Vec<(Family, Vec<&Lab>)> {
        Family::ALL
            .into_iter()
            .map(|f| {
                (
                    f,
                    self.labs
                        .iter()
                        .filter(|l| l.family == f)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, labs)| !labs.is_empty())
            .collect()
    }

    /// Loads a catalogue from lab folders and the order file's text.
    pub fn from_folders(order_text: Option<&str>, folders: &[(String, FileSet)]) -> Catalogue {
        let mut problems = Vec::new();
        let order: Vec<String> = match order_text.map(toml::from_str::<Order>) {
            Some(Ok(order)) => order.labs,
            Some(Err(e)) => {
                problems.push(Problem::toml(
                    ORDER_FILE,
                    order_text.unwrap_or_default(),
                    &e,
                ));
                Vec::new()
            }
            None => {
                problems.push(Problem::file(ORDER_FILE, "labs/catalogue.toml is missing"));
                Vec::new()
            }
        };
        for (folder, _) in folders {
            if !order.contains(folder) {
                problems.push(Problem::file(
                    ORDER_FILE,
                    format!("lab \"{folder}\" is not listed in labs"),
                ));
            }
        }
        for id in &order {
            if !folders.iter().any(|(f, _)| f == id) {
                problems.push(Problem::file(
                    ORDER_FILE,
                    format!("lists \"{id}\", but there is no folder labs/{id}"),
                ));
            }
        }
        let mut labs = Vec::new();
        for (folder, files) in folders {
            match Lab::load(folder, files) {
                Ok(lab) => labs.push(lab),
                Err(ps) => problems.extend(ps.into_iter().map(|mut p| {
                    p.file = format!("{folder}/{}", p.file);
                    p
                })),
            }
        }
        let rank = |id: &str| order.iter().position(|o| o == id).unwrap_or(usize::MAX);
        labs.sort_by(|a, b| (a.family, rank(&a.id), &a.id).cmp(&(b.family, rank(&b.id), &b.id)));
        Catalogue { labs, problems }
    }
}

/// The labs compiled into this build, loaded once.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let order = LABS_DIR
            .get_file(ORDER_FILE)
            .and_then(|f| f.contents_utf8());
        Catalogue::from_folders(order, &embedded_folders())
    })
}

/// The embedded lab folders with all their text files (solution and attempts included).
pub fn embedded_folders() -> Vec<(String, FileSet)> {
    LABS_DIR
        .dirs()
        .map(|dir| {
            let name = dir.path().to_string_lossy().into_owned();
            let mut files = FileSet::new();
            collect(dir, dir.path(), &mut files);
            (name, files)
        })
        .collect()
}

fn collect(dir: &Dir<'_>, root: &std::path::Path, files: &mut FileSet) {
    for file in dir.files() {
        if let (Ok(rel), Some(text)) = (file.path().strip_prefix(root), file.contents_utf8()) {
            files.insert(rel.to_string_lossy().replace('\\', "/"), text.to_string());
        }
    }
    for sub in dir.dirs() {
        collect(sub, root, files);
    }
}

/// The files under `prefix/` of a file set, with the prefix removed.
pub fn subfolder(files: &FileSet, prefix: &str) -> FileSet {
    let prefix = format!("{}/", prefix.trim_end_matches('/'));
    files
        .iter()
        .filter_map(|(path, text)| {
            path.strip_prefix(&prefix)
                .map(|rel| (rel.to_string(), text.clone()))
        })
        .collect()
}
