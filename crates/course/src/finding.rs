//! The one-line form every validator's findings take, as the command line prints them and
//! the editors show them: `file:line:column: error|warning: message [rule-id]`.

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
