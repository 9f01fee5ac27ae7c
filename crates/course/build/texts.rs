// Finds every `t!("English", "Tiếng Việt")` in Rust source: the texts' translations, which
// the build moves out of the program into the Vietnamese data file (`course::lang`). Shared
// by the course crate's build script and the app's (`#[path]`), so it is plain std code.

/// Every `t!(…, …)` of `source` with two string literals: (English, Vietnamese), unescaped.
#[allow(dead_code)]
pub fn scan(source: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("t!(") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 3..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some((en, after)) = literal(rest) else {
            continue;
        };
        let Some(after) = after.trim_start().strip_prefix(',') else {
            continue;
        };
        let Some((vi, _)) = literal(after) else {
            continue;
        };
        found.push((en, vi));
    }
    found
}

/// A string literal at the start of `text` (after whitespace) and what follows it.
fn literal(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start().strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &text[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                '\\' => out.push('\\'),
                '"' => out.push('"'),
                '\'' => out.push('\''),
                '\n' => {
                    // A line continuation: skip the next line's leading whitespace.
                    while chars.clone().next().is_some_and(|(_, c)| c.is_whitespace()) {
                        chars.next();
                    }
                }
                'u' => {
                    let rest = &text[i + 2..];
                    let close = rest.find('}')?;
                    let code = u32::from_str_radix(rest.get(1..close)?, 16).ok()?;
                    out.push(char::from_u32(code)?);
                    for _ in 0..=close {
                        chars.next();
                    }
                }
                _ => return None,
            },
            c => out.push(c),
        }
    }
    None
}

/// Every `.rs` file under `dir`, sorted.
#[allow(dead_code)]
pub fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The texts of every `.rs` file under `dirs`, each English text once, as Rust source for a
/// `static` table (what a native build compiles in).
#[allow(dead_code)]
pub fn table_source(texts: &[(String, String)]) -> String {
    let mut out = String::from("&[\n");
    for (en, vi) in texts {
        out.push_str(&format!("    ({en:?}, {vi:?}),\n"));
    }
    out.push(']');
    out
}

/// The texts of the files under `dirs`, first occurrence of each English text kept.
#[allow(dead_code)]
pub fn collect(dirs: &[&std::path::Path]) -> Vec<(String, String)> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for dir in dirs {
        for file in rust_files(dir) {
            let Ok(source) = std::fs::read_to_string(&file) else {
                continue;
            };
            for (en, vi) in scan(&source) {
                if seen.insert(en.clone()) {
                    out.push((en, vi));
                }
            }
        }
    }
    out
}
