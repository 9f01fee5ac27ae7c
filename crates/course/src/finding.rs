//! The one-line form every validator's findings take, as the command line prints them and
//! the editors show them: `file:line:column: error|warning: message [rule-id]`.

use crate::lang::{Lang, T};

/// A value's kind, as the validators name it in a finding's values (`mapping`, `string`…),
/// in words.
pub fn kind(code: &str) -> T {
    match code {
        "null" => t!("null (no value)", "null (không có giá trị)"),
        "boolean" => t!("a boolean", "một giá trị boolean"),
        "number" => t!("a number", "một số"),
        "integer" => t!("an integer", "một số nguyên"),
        "string" => t!("a string", "một chuỗi"),
        "list" => t!("a list", "một danh sách"),
        "mapping" => t!("a mapping", "một mapping"),
        "object" => t!("an object", "một object"),
        "logical-id" => t!("a resource's logical ID", "logical ID của một resource"),
        _ => t!("any value", "bất kỳ giá trị nào"),
    }
}

/// ` (did you mean X?)` when a validator found a name near the one written; nothing otherwise.
pub fn near(name: &str, lang: Lang) -> String {
    if name.is_empty() {
        String::new()
    } else {
        t!(" (did you mean {near}?)", " (có phải ý bạn là {near}?)").fill(lang, &[("near", &name)])
    }
}

/// A finding as one line; `severity` is `error` or `warning`, `rule` its stable id.
pub fn line(file: &str, at: (u32, u32), severity: &str, message: &str, rule: &str) -> String {
    format!("{file}:{}:{}: {severity}: {message} [{rule}]", at.0, at.1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_finding_reads_as_file_line_column_severity_message_and_rule() {
        assert_eq!(
            super::line(
                "buildspec.yml",
                (3, 5),
                "error",
                "no commands",
                "phase-commands"
            ),
            "buildspec.yml:3:5: error: no commands [phase-commands]"
        );
    }
}
