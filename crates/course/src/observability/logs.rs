//! logs: Logs Insights query findings and a run's statistics line in words (English and
//! Vietnamese).
//!
//! Each rule of `engine::logs` has its message in every language, and the one-line form tools
//! print (`file:line:column: error: message [rule-id]`). The language's own words stay as
//! Logs Insights writes them: commands (`stats`, `parse`…), functions, field names.
use engine::logs::{Diagnostic, Rule, Statistics};

use crate::lang::{grouped, number, Lang, T};

/// What an opening character opens.
fn opening(c: &str) -> T {
    match c {
        "\"" | "'" => t!("string", "chuỗi"),
        "/" => t!("regular expression", "biểu thức chính quy (regex)"),
        "`" => t!("backquoted field name", "tên field trong dấu backquote"),
        "[" => t!("bracket [", "dấu ngoặc vuông ["),
        _ => t!("parenthesis (", "dấu ngoặc đơn ("),
    }
}

/// What the parser expected, in words.
fn expected(e: &str, lang: Lang) -> String {
    match e {
        "command" => t!("a command", "một lệnh").get(lang).to_string(),
        "name" => t!("a name", "một tên").get(lang).to_string(),
        "field" => t!("a field name", "một tên field").get(lang).to_string(),
        "value" => t!("a value", "một giá trị").get(lang).to_string(),
        "number" => t!("a number", "một số").get(lang).to_string(),
        "a shorter expression" => t!(
            "a shorter expression (this one is nested or chained too deep)",
            "một biểu thức ngắn hơn (biểu thức này lồng hoặc nối quá sâu)"
        )
        .get(lang)
        .to_string(),
        other => format!("`{other}`"),
    }
}

/// A finding's message in `lang`, its values filled in.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    let arg = |i: usize| d.args.get(i).map(String::as_str).unwrap_or("");
    let near = |i: usize| crate::finding::near(arg(i), lang);
    let found = if arg(0) == "end" {
        t!("the end of the query", "cuối query")
            .get(lang)
            .to_string()
    } else {
        format!("`{}`", arg(0))
    };
    let (template, extra): (T, String) = match d.rule {
        Rule::Empty => (t!("the query is empty: write at least one command, such as fields @timestamp, @message", "query đang trống: hãy viết ít nhất một lệnh, ví dụ fields @timestamp, @message"), String::new()),
        Rule::UnknownCommand => (t!("`{a}` is not a Logs Insights command (fields, filter, stats, sort, limit, parse, display, dedup…)", "`{a}` không phải là lệnh của Logs Insights (fields, filter, stats, sort, limit, parse, display, dedup…)"), near(1)),
        Rule::NotSimulated => (t!("{a} is a real Logs Insights command, but the simulation does not run it: it is skipped", "{a} là lệnh có thật của Logs Insights, nhưng bản mô phỏng không chạy lệnh này: nó được bỏ qua"), String::new()),
        Rule::Unmask => (t!("unmask is accepted, but nothing is masked in the simulation: it changes nothing", "unmask được chấp nhận, nhưng bản mô phỏng không che (mask) dữ liệu nào: lệnh này không thay đổi gì"), String::new()),
        Rule::UnknownFunction => (t!("`{a}` is not a Logs Insights function", "`{a}` không phải là hàm của Logs Insights"), near(1)),
        Rule::AggregateOutsideStats => (t!("{a}() aggregates many events: it is only used in stats", "{a}() gộp nhiều event lại: hàm này chỉ dùng trong stats"), String::new()),
        Rule::NotAggregate => (t!("stats computes aggregates: `{a}` has no aggregate function (count, sum, avg, pct…) and names no earlier result", "stats tính các giá trị gộp: `{a}` không có hàm gộp nào (count, sum, avg, pct…) và không dùng kết quả nào ở trước"), String::new()),
        Rule::ArgumentCount => (t!("{a}() takes {b} argument(s), not {c}", "{a}() nhận {b} tham số, không phải {c}"), String::new()),
        Rule::Unclosed => (t!("this {o} is never closed", "{o} này không được đóng lại"), String::new()),
        Rule::Unexpected => (t!("{f} here: expected {e}", "gặp {f} ở đây: cần {e}"), String::new()),
        Rule::StatsTwice => (t!("a query takes at most two stats, the second over the first's results", "một query chỉ có tối đa hai lệnh stats, lệnh thứ hai chạy trên kết quả của lệnh đầu"), String::new()),
        Rule::ByInvalid => (t!("stats cannot group by `{a}`: group by a field or a function of fields, such as bin(5m)", "stats không thể nhóm theo `{a}`: hãy nhóm theo một field hoặc một hàm của field, ví dụ bin(5m)"), String::new()),
        Rule::TimeUnit => (t!("`{a}` has no time unit Logs Insights knows: use ms, s, m, h, d, w, mo, q or y (5m, 1h)", "`{a}` không có đơn vị thời gian mà Logs Insights biết: hãy dùng ms, s, m, h, d, w, mo, q hoặc y (5m, 1h)"), near(1)),
        Rule::BinArgument => (t!("{a}() needs a time period such as 5m or 1h", "{a}() cần một khoảng thời gian, ví dụ 5m hoặc 1h"), String::new()),
        Rule::LimitValue => (t!("limit {a}: use a whole number from 1 to 100,000", "limit {a}: hãy dùng số nguyên từ 1 đến 100.000"), String::new()),
        Rule::PctValue => (t!("pct(field, {a}): the percentile is a number from 0 to 100, such as 99", "pct(field, {a}): percentile là một số từ 0 đến 100, ví dụ 99"), String::new()),
        Rule::ParsePattern => (t!("parse needs a pattern: a string with * for each field (\"* [*] *\") or a regular expression with named groups (/(?<user>\\S+)/)", "parse cần một pattern: chuỗi có * cho mỗi field (\"* [*] *\") hoặc regex có named group (/(?<user>\\S+)/)"), String::new()),
        Rule::ParseNames => (t!("the pattern has {a} * but `as` names {b} field(s): name one field per *", "pattern có {a} dấu * nhưng `as` đặt tên cho {b} field: mỗi dấu * cần đúng một tên field"), String::new()),
        Rule::RegexInvalid => (t!("/{a}/ is not a valid regular expression", "/{a}/ không phải là regex hợp lệ"), String::new()),
        Rule::RegexNoGroups => (t!("a regular expression parse creates its fields from named groups: write (?<name>…)", "parse bằng regex tạo field từ các named group: hãy viết (?<name>…)"), String::new()),
        Rule::AfterDedup => (t!("only limit may follow dedup, not {a}: move {a} before dedup", "sau dedup chỉ được dùng limit, không dùng {a}: hãy chuyển {a} lên trước dedup"), String::new()),
        Rule::AfterStats => (t!("after stats only its results exist: `{a}` is not one of them", "sau stats chỉ còn các kết quả của stats: `{a}` không nằm trong số đó"), String::new()),
    };
    let text = template.fill(
        lang,
        &[
            ("a", &arg(0)),
            ("b", &arg(1)),
            ("c", &arg(2)),
            ("o", &opening(arg(0)).get(lang)),
            ("f", &found),
            ("e", &expected(arg(1), lang)),
        ],
    );
    format!("{text}{extra}")
}

/// The one-line form: `file:line:column: error: message [rule-id]`.
pub fn line(file: &str, d: &Diagnostic, lang: Lang) -> String {
    crate::finding::line(
        file,
        (d.pos.line, d.pos.col),
        d.severity().name(),
        &message(d, lang),
        d.rule.id(),
    )
}

/// A size in bytes as the console shows it: B, KB, MB, GB (powers of 1,000), one decimal.
pub fn bytes(n: u64, lang: Lang) -> String {
    const UNITS: [(&str, f64); 3] = [("GB", 1e9), ("MB", 1e6), ("KB", 1e3)];
    for (unit, size) in UNITS {
        if n as f64 >= size {
            return format!("{} {unit}", number(n as f64 / size, 1, lang));
        }
    }
    format!("{n} B")
}

/// A run's statistics line: "12 of 3,400 records matched, 1.2 MB scanned".
pub fn statistics(s: &Statistics, lang: Lang) -> String {
    t!(
        "{m} of {n} records matched, {b} scanned",
        "{m} trên {n} record khớp, đã quét {b}"
    )
    .fill(
        lang,
        &[
            ("m", &grouped(s.records_matched, lang)),
            ("n", &grouped(s.records_scanned, lang)),
            ("b", &bytes(s.bytes_scanned, lang)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::logs::{validate, Pos};

    #[test]
    fn every_rule_is_worded_in_both_languages() {
        for rule in Rule::ALL {
            for first in ["a", "(", "\"", "end"] {
                let d = Diagnostic {
                    pos: Pos { line: 1, col: 1 },
                    rule: *rule,
                    args: vec![first.into(), "value".into(), "3".into()],
                };
                let en = message(&d, Lang::En);
                let vi = message(&d, Lang::Vi);
                assert!(!en.trim().is_empty() && !vi.trim().is_empty(), "{rule:?}");
                assert_ne!(en, vi, "{rule:?} is not translated");
                assert!(
                    !en.contains('{') || en.contains("{\\\"") || en.contains("(?<"),
                    "{rule:?}: {en}"
                );
            }
        }
    }

    #[test]
    fn findings_print_as_one_line_with_did_you_mean() {
        let r = validate("fields @message\n| fitler @message like /ERROR/");
        assert_eq!(
            line("q.logs", &r.diagnostics[0], Lang::En),
            "q.logs:2:3: error: `fitler` is not a Logs Insights command (fields, filter, stats, sort, limit, parse, display, dedup…) (did you mean filter?) [unknown-command]"
        );
        assert!(line("q.logs", &r.diagnostics[0], Lang::Vi).contains("có phải ý bạn là filter?"));
        let r = validate("filter x = \"abc");
        assert_eq!(
            message(&r.diagnostics[0], Lang::En),
            "this string is never closed"
        );
        assert_eq!(
            message(&r.diagnostics[0], Lang::Vi),
            "chuỗi này không được đóng lại"
        );
    }

    #[test]
    fn statistics_read_as_a_sentence() {
        let s = Statistics {
            records_matched: 12,
            records_scanned: 3_400,
            bytes_scanned: 1_234_567,
        };
        assert_eq!(
            statistics(&s, Lang::En),
            "12 of 3,400 records matched, 1.2 MB scanned"
        );
        assert_eq!(
            statistics(&s, Lang::Vi),
            "12 trên 3.400 record khớp, đã quét 1,2 MB"
        );
        assert_eq!(bytes(999, Lang::En), "999 B");
        assert_eq!(bytes(1_000, Lang::En), "1 KB");
    }
}
