//! The catalogue: every lab in the workshop's agenda order, and its compact encoding.
//!
//! The app does not read lab folders: the build loads them (feature `files`), runs the full
//! check on each, and embeds [`Catalogue::encode`]'s bytes, which the app decodes at start-up
//! ([`Catalogue::decode`]). Reference solutions and known-wrong attempts stay out of it.
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

use super::files::Problem;
use super::lab::{Family, Lab};

/// The order file at the root of `labs/`.
pub const ORDER_FILE: &str = "catalogue.toml";

/// The encoding's version: [`Catalogue::decode`] refuses bytes written by another one.
const FORMAT: u32 = 5;

/// Every lab, in agenda order: by family, then as `labs/catalogue.toml` lists them.
#[derive(Debug, Default)]
pub struct Catalogue {
    /// The language of the labs' text.
    pub lang: Lang,
    pub labs: Vec<Lab>,
    /// The program's texts in this language, (English, translation): the `t!` texts' other
    /// half, which the program itself does not carry (empty for English; see `lang::T`).
    pub texts: Vec<(String, String)>,
    /// Labs that failed to load (a build the tests let through has none).
    pub problems: Vec<Problem>,
    /// The day's agenda (`agenda::Agenda::encode`'s bytes; both languages' texts), carried in
    /// the labs file rather than in the app's first load.
    pub agenda: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct Encoded {
    format: u32,
    lang: Lang,
    labs: Vec<Lab>,
    texts: Vec<(String, String)>,
    agenda: Vec<u8>,
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

    /// The labs as compact bytes (postcard), for the build to embed.
    pub fn encode(&self) -> Vec<u8> {
        let encoded = Encoded {
            format: FORMAT,
            lang: self.lang,
            labs: self.labs.clone(),
            texts: self.texts.clone(),
            agenda: self.agenda.clone(),
        };
        postcard::to_allocvec(&encoded).unwrap_or_default()
    }

    /// The labs from [`Catalogue::encode`]'s bytes; a catalogue with one problem and no
    /// labs when they cannot be read (the app then says so instead of failing).
    pub fn decode(bytes: &[u8]) -> Catalogue {
        match postcard::from_bytes::<Encoded>(bytes) {
            Ok(e) if e.format == FORMAT => Catalogue {
                lang: e.lang,
                labs: e.labs,
                texts: e.texts,
                problems: Vec::new(),
                agenda: e.agenda,
            },
            Ok(e) => Catalogue {
                lang: Lang::En,
                labs: Vec::new(),
                texts: Vec::new(),
                problems: vec![Problem::file(
                    "labs",
                    format!(
                        "the labs were compiled in format {}, not {FORMAT}",
                        e.format
                    ),
                )],
                agenda: Vec::new(),
            },
            Err(e) => Catalogue {
                lang: Lang::En,
                labs: Vec::new(),
                texts: Vec::new(),
                problems: vec![Problem::file(
                    "labs",
                    format!("the labs cannot be read: {e}"),
                )],
                agenda: Vec::new(),
            },
        }
    }

    /// Loads a catalogue in `lang` from lab folders (each translated first, see
    /// `translate::apply`) and the order file's text.
    #[cfg(feature = "files")]
    pub fn from_folders(
        lang: Lang,
        order_text: Option<&str>,
        folders: &[(String, super::files::FileSet)],
    ) -> Catalogue {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Order {
            labs: Vec<toml::Spanned<String>>,
        }

        let text = order_text.unwrap_or_default();
        let mut problems = Vec::new();
        let order = match order_text.map(toml::from_str::<Order>) {
            Some(Ok(order)) => Some(order.labs),
            Some(Err(e)) => {
                problems.push(Problem::toml(ORDER_FILE, text, &e));
                None
            }
            None => {
                problems.push(Problem::file(
                    ORDER_FILE,
                    "the file is missing: it lists the lab folders in agenda order, labs = [\"<id>\", …]",
                ));
                None
            }
        };
        // Without a readable order file every lab would be "not listed": that is said once above.
        if let Some(order) = &order {
            for (folder, _) in folders {
                if !order.iter().any(|id| id.get_ref() == folder) {
                    problems.push(Problem::file(
                        ORDER_FILE,
                        format!("lab \"{folder}\" is not listed in labs"),
                    ));
                }
            }
            for id in order {
                if !folders.iter().any(|(f, _)| f == id.get_ref()) {
                    let (line, column) = super::files::line_column(text, id.span().start);
                    let id = id.get_ref();
                    problems.push(Problem::at(
                        ORDER_FILE,
                        line,
                        column,
                        format!("lists \"{id}\", but there is no folder labs/{id}"),
                    ));
                }
            }
        }
        let order: Vec<String> = order
            .unwrap_or_default()
            .into_iter()
            .map(toml::Spanned::into_inner)
            .collect();
        let mut labs = Vec::new();
        for (folder, files) in folders {
            match Lab::load(folder, &crate::translate::apply(lang, files)) {
                Ok(lab) => labs.push(lab),
                Err(ps) => problems.extend(ps.into_iter().map(|mut p| {
                    p.file = format!("{folder}/{}", p.file);
                    p
                })),
            }
        }
        let rank = |id: &str| order.iter().position(|o| o == id).unwrap_or(usize::MAX);
        labs.sort_by(|a, b| (a.family, rank(&a.id), &a.id).cmp(&(b.family, rank(&b.id), &b.id)));
        Catalogue {
            lang,
            labs,
            texts: Vec::new(),
            problems,
            agenda: Vec::new(),
        }
    }
}

/// The file name of a language's compiled labs: `labs-<lang>-<16 hex digits>.bin`.
pub fn compiled_name(lang: Lang, bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("labs-{}-{hash:016x}.bin", lang.code())
}

/// The files under `prefix/` of a file set, with the prefix removed.
#[cfg(feature = "files")]
pub fn subfolder(files: &super::files::FileSet, prefix: &str) -> super::files::FileSet {
    let prefix = format!("{}/", prefix.trim_end_matches('/'));
    files
        .iter()
        .filter_map(|(path, text)| {
            path.strip_prefix(&prefix)
                .map(|rel| (rel.to_string(), text.clone()))
        })
        .collect()
}
