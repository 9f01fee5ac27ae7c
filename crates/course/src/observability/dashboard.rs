//! dashboard: CloudWatch dashboard body and metric math findings in words (English and
//! Vietnamese).
//!
//! Each rule of `engine::cloudwatch` has its message in every language, and the one-line
//! form tools print (`file:line:column: error: message [rule-id]`). CloudWatch's own words
//! stay as the dashboard JSON writes them: property names, widget types, views, statistics,
//! metric math functions.
use engine::cloudwatch::{Diagnostic, Rule};

use crate::finding::kind;
use crate::lang::{Lang, T};

/// What the parser expected, in words.
fn expected(e: &str, lang: Lang) -> String {
    match e {
        "value" => t!(
            "a value (an id, a number or a function)",
            "một giá trị (id, số hoặc hàm)"
        )
        .get(lang)
        .to_string(),
        "an operator" => t!(
            "an operator (+ - * / ^, a comparison) or the end",
            "một toán tử (+ - * / ^, phép so sánh) hoặc kết thúc"
        )
        .get(lang)
        .to_string(),
        "a shorter expression" => t!(
            "a shorter expression (this one is nested too deep)",
            "một biểu thức ngắn hơn (biểu thức này lồng quá sâu)"
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
    let place = |i: usize| {
        if arg(i).is_empty() {
            t!("the dashboard", "dashboard").get(lang).to_string()
        } else {
            arg(i).to_string()
        }
    };
    let found = if arg(0) == "end" {
        t!("the end of the expression", "cuối biểu thức")
            .get(lang)
            .to_string()
    } else {
        format!("`{}`", arg(0))
    };
    let (template, extra): (T, String) = match d.rule {
        Rule::Syntax => (t!("not valid JSON: {a}", "không phải JSON hợp lệ: {a}"), String::new()),
        Rule::NotJson => (t!("a dashboard body is JSON, not YAML: write it as {\"widgets\": [...]}", "dashboard body là JSON, không phải YAML: hãy viết dạng {\"widgets\": [...]}"), String::new()),
        Rule::NotADashboard => (t!("a dashboard body is a JSON object with \"widgets\", not {k}", "dashboard body là một JSON object có \"widgets\", không phải {k}"), String::new()),
        Rule::DuplicateKey => (t!("\"{a}\" is written twice in this object", "\"{a}\" được viết hai lần trong object này"), String::new()),
        Rule::Missing => (t!("{p} needs \"{b}\": it is required", "{p} cần \"{b}\": thuộc tính này là bắt buộc"), String::new()),
        Rule::WrongType => (t!("{a} must be {w}, not {g}", "{a} phải là {w}, không phải {g}"), String::new()),
        Rule::UnknownProperty => (t!("\"{b}\" is not a property of {p}: CloudWatch ignores it", "\"{b}\" không phải là thuộc tính của {p}: CloudWatch bỏ qua nó"), near(2)),
        Rule::TooManyWidgets => (t!("{a} widgets: a dashboard holds at most 500", "{a} widget: một dashboard chứa tối đa 500 widget"), String::new()),
        Rule::WidgetType => (t!("\"{a}\" is not a widget type: use metric, text, log, alarm, explorer or custom", "\"{a}\" không phải là loại widget: hãy dùng metric, text, log, alarm, explorer hoặc custom"), near(1)),
        Rule::NotDrawn => (t!("a {a} widget is real, but this simulation does not draw it", "widget {a} có thật, nhưng bản mô phỏng này không vẽ nó"), String::new()),
        Rule::Width => (t!("width {a}: a widget is 1 to 24 columns wide", "width {a}: một widget rộng từ 1 đến 24 cột"), String::new()),
        Rule::Height => (t!("height {a}: a widget is 1 to 1000 rows high", "height {a}: một widget cao từ 1 đến 1000 hàng"), String::new()),
        Rule::Position => (t!("{a} = {b}: x is a column from 0 to 23, y a row from 0", "{a} = {b}: x là cột từ 0 đến 23, y là hàng từ 0"), String::new()),
        Rule::OffGrid => (t!("x {a} + width {b} goes past the 24 columns of the grid", "x {a} + width {b} vượt quá 24 cột của lưới"), String::new()),
        Rule::Overlap => (t!("this widget covers part of widget {a}: CloudWatch accepts it, but the console moves one of them down", "widget này che một phần widget {a}: CloudWatch vẫn chấp nhận, nhưng console sẽ đẩy một widget xuống dưới"), String::new()),
        Rule::View => (t!("view \"{a}\": use {b}", "view \"{a}\": hãy dùng {b}"), String::new()),
        Rule::Stat => (t!("\"{a}\" is not a statistic: use Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99", "\"{a}\" không phải là statistic: hãy dùng Average, Sum, Minimum, Maximum, SampleCount hoặc một percentile như p99"), String::new()),
        Rule::StatNotSimulated => (t!("{a} is a real statistic, but the simulation does not compute it: the row is not drawn", "{a} là statistic có thật, nhưng bản mô phỏng không tính nó: dòng này không được vẽ"), String::new()),
        Rule::Period => (t!("period {a}: use 60 or a multiple of 60 seconds (1, 5, 10 and 30 for high-resolution metrics)", "period {a}: hãy dùng 60 hoặc bội số của 60 giây (1, 5, 10 và 30 cho metrics độ phân giải cao)"), String::new()),
        Rule::HighResolution => (t!("period {a}: the simulated metrics are per minute, so this is drawn at 60 seconds", "period {a}: metrics mô phỏng có một điểm mỗi phút, nên được vẽ với 60 giây"), String::new()),
        Rule::MetricRow => (t!("this row names no metric: write [\"Namespace\", \"MetricName\", \"DimensionName\", \"DimensionValue\"] or [{\"expression\": \"…\", \"id\": \"e1\"}]", "dòng này không chỉ ra metric nào: hãy viết [\"Namespace\", \"MetricName\", \"DimensionName\", \"DimensionValue\"] hoặc [{\"expression\": \"…\", \"id\": \"e1\"}]"), String::new()),
        Rule::DimensionPair => (t!("the dimension \"{a}\" has no value: dimensions come in name, value pairs", "dimension \"{a}\" không có giá trị: dimension đi theo cặp tên, giá trị"), String::new()),
        Rule::DotFirst => (t!("\".\" repeats the value of the row above, but there is none here", "\".\" lặp lại giá trị của dòng phía trên, nhưng ở đây không có"), String::new()),
        Rule::IdFormat => (t!("id \"{a}\": an id starts with a lowercase letter and holds letters, digits and _", "id \"{a}\": id phải bắt đầu bằng chữ thường và chỉ chứa chữ, số và _"), String::new()),
        Rule::DuplicateId => (t!("two rows have the id \"{a}\": each id is unique in a widget", "hai dòng có cùng id \"{a}\": mỗi id là duy nhất trong một widget"), String::new()),
        Rule::UnknownId => (t!("the expression names \"{a}\", but no row of this widget has that id", "biểu thức dùng \"{a}\", nhưng không dòng nào của widget này có id đó"), String::new()),
        Rule::YAxis => (t!("yAxis \"{a}\": use left or right", "yAxis \"{a}\": hãy dùng left hoặc right"), String::new()),
        Rule::LogQuery => (t!("a log widget's query starts with SOURCE '<log group>' | …", "query của log widget bắt đầu bằng SOURCE '<log group>' | …"), String::new()),
        Rule::NoMetrics => (t!("this metric widget has no metrics (alarm annotations only): the simulation draws nothing in it", "metric widget này không có metrics (chỉ có alarm annotation): bản mô phỏng không vẽ gì trong đó"), String::new()),
        Rule::MathSyntax => (t!("metric math: found {f}, expected {e}", "metric math: gặp {f}, cần {e}"), String::new()),
        Rule::MathFunction => (t!("{a} is not a metric math function", "{a} không phải là hàm metric math"), near(1)),
        Rule::MathNotSimulated => (t!("{a} is a real metric math function, but the simulation does not evaluate it: not drawn", "{a} là hàm metric math có thật, nhưng bản mô phỏng không tính nó: không được vẽ"), String::new()),
        Rule::MathArguments => (t!("{a}() takes {b}", "{a}() nhận {b}"), String::new()),
    };
    let text = template.fill(
        lang,
        &[
            ("a", &arg(0)),
            ("b", &arg(1)),
            ("p", &place(0)),
            ("f", &found),
            ("e", &expected(arg(1), lang)),
            ("w", &kind(arg(1)).get(lang)),
            ("g", &kind(arg(2)).get(lang)),
            ("k", &kind(arg(0)).get(lang)),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_reads_in_both_languages() {
        let body = "{\"widgets\": [{\"type\": \"metric\", \"x\": 0, \"y\": 0, \"width\": 30, \"properties\": {\"region\": \"us-east-1\", \"stat\": \"Avg\", \"metrics\": [[{\"expression\": \"m9 * 2\", \"id\": \"e1\"}]]}}]}";
        let report = engine::cloudwatch::validate(body);
        let lines: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| line("d.dashboard.json", d, Lang::En))
            .collect();
        assert!(
            lines
                .iter()
                .any(|l| l.contains("width 30: a widget is 1 to 24 columns wide [width]")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("\"Avg\" is not a statistic")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("names \"m9\"")),
            "{lines:?}"
        );
        for d in &report.diagnostics {
            assert_ne!(message(d, Lang::En), message(d, Lang::Vi));
        }
        let wrong = engine::cloudwatch::validate("{\"widgets\": 3}");
        assert_eq!(
            message(&wrong.diagnostics[0], Lang::En),
            "widgets must be a list, not a number"
        );
    }
}
