//! File sets (a folder's text files by relative path) and located problems.
use std::collections::BTreeMap;
use std::fmt;

/// A folder's text files, keyed by their path relative to the folder, with `/` separators.
pub type FileSet = BTreeMap<String, String>;

/// Something wrong with a file, at a line and column when there is one (both 1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    /// A problem with a whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem at a line and column.
    pub fn at(file: &str, line: usize, column: usize, message: impl Into<String>) -> Problem {
        Problem {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    /// A TOML syntax or schema error, located from the error's byte span.
    #[cfg(feature = "files")]
    pub fn toml(file: &str, text: &str, error: &toml::de::Error) -> Problem {
        let message = error.message().trim().to_string();
        match error.span() {
            Some(span) => {
                let (line, column) = line_column(text, span.start);
                Problem::at(file, line, column, message)
            }
            None => Problem::file(file, message),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "{}:{line}:{column}: {}", self.file, self.message)
            }
            (Some(line), None) => write!(f, "{}:{line}: {}", self.file, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a = 1\nb = \"ệ\" x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 9));
        assert_eq!(line_column(text, 10_000), (3, 1));
    }

    #[test]
    #[cfg(feature = "files")]
    fn toml_errors_carry_line_and_column() {
        let text = "id = \"a\"\ntitle = \n";
        let err = toml::from_str::<toml::Table>(text).unwrap_err();
        let p = Problem::toml("lab.toml", text, &err);
        assert_eq!(p.line, Some(2));
        assert!(p.to_string().starts_with("lab.toml:2:"), "{p}");
    }
}
