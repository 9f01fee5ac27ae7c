//! Reading a postmortem written in Markdown: its sections, the times and numbers it states,
//! its action items, and blame phrasing.
//!
//! Simple rules, and the lab says so: a section is a heading (`#` to `####`) whose text
//! contains one of the section's names in English or Vietnamese; a time is `HH:MM`; an action
//! item is a list item or a table row of the action items section, with an owner (`owner:`,
//! `@name`, `người phụ trách:`, or a table column headed Owner) and a type (prevent, detect,
//! mitigate, process, or their Vietnamese); blame phrasing is a list of phrases, each with why
//! it is not blameless. A phrase list cannot judge tone; it catches the common words.
use crate::lang::T;

/// The sections a postmortem has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Summary,
    Impact,
    Timeline,
    RootCause,
    Contributing,
    WentWell,
    ActionItems,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Summary,
        Section::Impact,
        Section::Timeline,
        Section::RootCause,
        Section::Contributing,
        Section::WentWell,
        Section::ActionItems,
    ];

    /// Its name, as a heading would say it.
    pub fn name(self) -> T {
        match self {
            Section::Summary => t!("Summary", "Tóm tắt"),
            Section::Impact => t!("Impact", "Ảnh hưởng"),
            Section::Timeline => t!("Timeline", "Dòng thời gian"),
            Section::RootCause => t!("Root cause", "Nguyên nhân gốc"),
            Section::Contributing => t!("Contributing factors", "Yếu tố góp phần"),
            Section::WentWell => t!("What went well", "Điều đã làm tốt"),
            Section::ActionItems => t!("Action items", "Hành động khắc phục"),
        }
    }

    /// Words a heading of this section contains (lower case), in both languages.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Section::Summary => &["summary", "tóm tắt"],
            Section::Impact => &["impact", "ảnh hưởng", "tác động"],
            Section::Timeline => &["timeline", "dòng thời gian", "diễn biến"],
            Section::RootCause => &["root cause", "nguyên nhân gốc"],
            Section::Contributing => &["contributing", "góp phần"],
            Section::WentWell => &["went well", "làm tốt", "điều tốt"],
            Section::ActionItems => &["action item", "hành động", "việc cần làm"],
        }
    }
}

/// A section found: its heading's line and the lines under it (1-based, `body` excludes the heading).
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub section: Section,
    pub line: usize,
    pub body: Vec<(usize, String)>,
}

/// Splits a postmortem into the sections it has (the first heading of each counts).
pub fn sections(text: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut current: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let level = trimmed.bytes().take_while(|b| *b == b'#').count();
        if (1..=4).contains(&level) && trimmed[level..].starts_with(' ') {
            let heading = trimmed[level..].trim().to_lowercase();
            current = Section::ALL
                .into_iter()
                .find(|s| s.keys().iter().any(|k| heading.contains(k)))
                .filter(|s| !out.iter().any(|f| f.section == *s))
                .map(|section| {
                    out.push(Found {
                        section,
                        line: i + 1,
                        body: Vec::new(),
                    });
                    out.len() - 1
                });
            continue;
        }
        if let Some(c) = current {
            out[c].body.push((i + 1, line.to_string()));
        }
    }
    out
}

/// The section's body as one text.
pub fn body_text(found: &[Found], s: Section) -> Option<String> {
    found.iter().find(|f| f.section == s).map(|f| {
        f.body
            .iter()
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The `HH:MM` times a text states, as minutes of the day.
pub fn times(text: &str) -> Vec<u32> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for i in 0..b.len() {
        let digit = |j: usize| b.get(j).is_some_and(|c| c.is_ascii_digit());
        let starts = i == 0 || !b[i - 1].is_ascii_digit();
        if starts
            && digit(i)
            && digit(i + 1)
            && b.get(i + 2) == Some(&b':')
            && digit(i + 3)
            && digit(i + 4)
            && !digit(i + 5)
        {
            let h = u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
            let m = u32::from(b[i + 3] - b'0') * 10 + u32::from(b[i + 4] - b'0');
            if h < 24 && m < 60 {
                out.push(h * 60 + m);
            }
        }
    }
    out
}

/// The numbers a text states (`1,234` and `1.234` read as thousands when three digits
/// follow the separator; `2.5` and `2,5` as decimals), skipping times.
pub fn numbers(text: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |w: &mut String, out: &mut Vec<f64>| {
        let t = w.trim_matches(|c: char| c == '.' || c == ',');
        if !t.is_empty() && !t.contains(':') {
            let groups: Vec<&str> = t.split([',', '.']).collect();
            let thousands = groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3);
            let v: Option<f64> = if thousands {
                groups.concat().parse().ok()
            } else if groups.len() == 2 {
                format!("{}.{}", groups[0], groups[1]).parse().ok()
            } else if groups.len() == 1 {
                t.parse().ok()
            } else {
                None
            };
            out.extend(v);
        }
        w.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || c == ',' || c == '.' || c == ':' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// An action item: its line, its text, and what it has.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionItem {
    pub line: usize,
    pub text: String,
    pub owner: bool,
    pub kind: Option<ActionKind>,
    /// "Be more careful" and the like: not an action.
    pub vague: bool,
}

/// An action item's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    Prevent,
    Detect,
    Mitigate,
    Process,
}

impl ActionKind {
    const WORDS: [(ActionKind, &'static [&'static str]); 4] = [
        (ActionKind::Prevent, &["prevent", "ngăn ngừa", "phòng ngừa"]),
        (ActionKind::Detect, &["detect", "phát hiện"]),
        (
            ActionKind::Mitigate,
            &["mitigate", "giảm thiểu", "khắc phục nhanh"],
        ),
        (ActionKind::Process, &["process", "quy trình"]),
    ];

    pub fn name(self) -> &'static str {
        match self {
            ActionKind::Prevent => "prevent",
            ActionKind::Detect => "detect",
            ActionKind::Mitigate => "mitigate",
            ActionKind::Process => "process",
        }
    }
}

const VAGUE: &[&str] = &[
    "be more careful",
    "more careful",
    "cẩn thận hơn",
    "chú ý hơn",
];

/// The action items of the section's body: list items, or table rows (the first row a header).
pub fn action_items(body: &[(usize, String)]) -> Vec<ActionItem> {
    let mut out = Vec::new();
    let mut owner_column = false;
    let mut in_table = false;
    for (line, raw) in body {
        let t = raw.trim();
        let item = if t.starts_with('|') {
            if !in_table {
                in_table = true;
                owner_column =
                    t.to_lowercase().contains("owner") || t.to_lowercase().contains("phụ trách");
                continue;
            }
            if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                continue;
            }
            Some(t.to_string())
        } else {
            in_table = false;
            let list = t
                .strip_prefix("- ")
                .or_else(|| t.strip_prefix("* "))
                .or_else(|| {
                    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
                    (digits > 0)
                        .then(|| t[digits..].strip_prefix(". "))
                        .flatten()
                });
            list.map(str::to_string)
        };
        let Some(text) = item else { continue };
        let lower = text.to_lowercase();
        let owner = owner_column
            || lower.contains("owner:")
            || lower.contains("owner =")
            || lower.contains("phụ trách:")
            || text.contains('@');
        let kind = ActionKind::WORDS
            .iter()
            .find(|(_, words)| words.iter().any(|w| lower.contains(w)))
            .map(|(k, _)| *k);
        out.push(ActionItem {
            line: *line,
            vague: VAGUE.iter().any(|v| lower.contains(v)),
            text,
            owner,
            kind,
        });
    }
    out
}

/// A phrase that puts blame on a person, where it is in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Blame {
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub phrase: &'static str,
    pub why: T,
}

/// The phrases, lower case, and why each is not blameless.
const BLAME: &[(&str, T)] = &[
    ("human error", t!("\"human error\" ends the analysis where it should start: ask what made the error easy to make and hard to catch", "\"human error\" dừng phân tích đúng chỗ cần bắt đầu: hãy hỏi điều gì khiến lỗi dễ xảy ra và khó phát hiện")),
    ("'s fault", t!("it names someone as the cause; name the condition or the system instead", "câu này gọi tên một người là nguyên nhân; hãy nêu điều kiện hoặc hệ thống")),
    ("fault of", t!("it names someone as the cause; name the condition or the system instead", "câu này gọi tên một người là nguyên nhân; hãy nêu điều kiện hoặc hệ thống")),
    ("blame", t!("a postmortem looks for causes, not culprits", "postmortem tìm nguyên nhân, không tìm người có lỗi")),
    ("should have", t!("hindsight: say what the person knew at the time, and what would have shown them more", "nhận xét sau sự việc: hãy nói người đó biết gì lúc ấy, và điều gì lẽ ra cho họ thấy nhiều hơn")),
    ("should've", t!("hindsight: say what the person knew at the time, and what would have shown them more", "nhận xét sau sự việc: hãy nói người đó biết gì lúc ấy, và điều gì lẽ ra cho họ thấy nhiều hơn")),
    ("careless", t!("a judgement of a person; describe what happened and what the process allowed", "đây là phán xét một người; hãy mô tả điều đã xảy ra và quy trình đã cho phép điều gì")),
    ("negligen", t!("a judgement of a person; describe what happened and what the process allowed", "đây là phán xét một người; hãy mô tả điều đã xảy ra và quy trình đã cho phép điều gì")),
    ("incompeten", t!("a judgement of a person; describe what happened and what the process allowed", "đây là phán xét một người; hãy mô tả điều đã xảy ra và quy trình đã cho phép điều gì")),
    ("sloppy", t!("a judgement of a person; describe what happened and what the process allowed", "đây là phán xét một người; hãy mô tả điều đã xảy ra và quy trình đã cho phép điều gì")),
    ("failed to", t!("it frames a person's omission; say which safeguard was missing", "câu này quy cho sự thiếu sót của một người; hãy nói biện pháp bảo vệ nào còn thiếu")),
    ("forgot to", t!("it frames a person's omission; say which safeguard was missing", "câu này quy cho sự thiếu sót của một người; hãy nói biện pháp bảo vệ nào còn thiếu")),
    ("lỗi do con người", t!("\"human error\" ends the analysis where it should start: ask what made the error easy to make and hard to catch", "\"lỗi do con người\" dừng phân tích đúng chỗ cần bắt đầu: hãy hỏi điều gì khiến lỗi dễ xảy ra và khó phát hiện")),
    ("lỗi con người", t!("\"human error\" ends the analysis where it should start: ask what made the error easy to make and hard to catch", "\"lỗi do con người\" dừng phân tích đúng chỗ cần bắt đầu: hãy hỏi điều gì khiến lỗi dễ xảy ra và khó phát hiện")),
    ("lỗi của", t!("it names someone as the cause; name the condition or the system instead", "câu này gọi tên một người là nguyên nhân; hãy nêu điều kiện hoặc hệ thống")),
    ("đổ lỗi", t!("a postmortem looks for causes, not culprits", "postmortem tìm nguyên nhân, không tìm người có lỗi")),
    ("bất cẩn", t!("a judgement of a person; describe what happened and what the process allowed", "đây là phán xét một người; hãy mô tả điều đã xảy ra và quy trình đã cho phép điều gì")),
    ("cẩu thả", t!("a judgement of a person; describe what happened and what the process allowed", "đây là phán xét một người; hãy mô tả điều đã xảy ra và quy trình đã cho phép điều gì")),
    ("lẽ ra phải", t!("hindsight: say what the person knew at the time, and what would have shown them more", "nhận xét sau sự việc: hãy nói người đó biết gì lúc ấy, và điều gì lẽ ra cho họ thấy nhiều hơn")),
    ("đáng lẽ", t!("hindsight: say what the person knew at the time, and what would have shown them more", "nhận xét sau sự việc: hãy nói người đó biết gì lúc ấy, và điều gì lẽ ra cho họ thấy nhiều hơn")),
    ("sơ suất", t!("a judgement of a person; describe what happened and what the process allowed", "đây là phán xét một người; hãy mô tả điều đã xảy ra và quy trình đã cho phép điều gì")),
    ("quên không", t!("it frames a person's omission; say which safeguard was missing", "câu này quy cho sự thiếu sót của một người; hãy nói biện pháp bảo vệ nào còn thiếu")),
];

/// Every blame phrase in the text, in order.
pub fn blame(text: &str) -> Vec<Blame> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let lower = line.to_lowercase().replace('’', "'");
        for (phrase, why) in BLAME {
            let mut from = 0;
            while let Some(at) = lower[from..].find(phrase) {
                let byte = from + at;
                out.push(Blame {
                    line: i + 1,
                    column: lower[..byte].chars().count() + 1,
                    phrase,
                    why: *why,
                });
                from = byte + phrase.len();
            }
        }
    }
    out.sort_by_key(|b| (b.line, b.column));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# Postmortem: slow orders\n\n## Summary\nOrders v2 ran a slow query.\n\n## Impact\n1,234 requests failed over 18 minutes.\n\n## Timeline\n- 09:20 deploy\n- 09:24 page\n\n## Root cause\nA query without an index.\n\n## Contributing factors\n- no load test\n\n## What went well\n- the alarm\n\n## Action items\n| Action | Owner | Type |\n|---|---|---|\n| Add an index check to CI | orders team | prevent |\n| Alarm on ReadLatency | @sre | detect |\n";

    #[test]
    fn sections_are_found_in_either_language() {
        let found = sections(GOOD);
        assert_eq!(found.len(), 7);
        assert_eq!(found[0].section, Section::Summary);
        assert_eq!(found[0].line, 3);
        let vi = sections("## Tóm tắt\nx\n## Nguyên nhân gốc\ny\n## Hành động khắc phục\n- z\n");
        let names: Vec<Section> = vi.iter().map(|f| f.section).collect();
        assert_eq!(
            names,
            [Section::Summary, Section::RootCause, Section::ActionItems]
        );
        assert_eq!(body_text(&vi, Section::RootCause).unwrap(), "y");
    }

    #[test]
    fn times_and_numbers_are_read() {
        assert_eq!(
            times("at 09:20 and 9:5 then 23:59, 24:00, 109:20"),
            [560, 1439]
        );
        assert_eq!(
            numbers("1,234 requests over 18 minutes at 09:20, 2,5%"),
            [1234.0, 18.0, 2.5]
        );
        assert_eq!(numbers("1.234 yêu cầu, 0.5 s"), [1234.0, 0.5]);
    }

    #[test]
    fn action_items_have_owners_and_types() {
        let found = sections(GOOD);
        let body = &found
            .iter()
            .find(|f| f.section == Section::ActionItems)
            .unwrap()
            .body;
        let items = action_items(body);
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|i| i.owner));
        assert_eq!(items[0].kind, Some(ActionKind::Prevent));
        assert_eq!(items[1].kind, Some(ActionKind::Detect));
        let list = action_items(&[
            (1, "- Be more careful with deploys".into()),
            (2, "1. Add a canary (owner: Lan) mitigate".into()),
            (3, "plain text".into()),
        ]);
        assert_eq!(list.len(), 2);
        assert!(list[0].vague && !list[0].owner && list[0].kind.is_none());
        assert!(list[1].owner && list[1].kind == Some(ActionKind::Mitigate));
    }

    #[test]
    fn blame_phrases_are_located() {
        let b = blame("All fine.\nIt was Minh's fault: he should have checked.\nLỗi của Lan.");
        let found: Vec<(usize, usize, &str)> =
            b.iter().map(|b| (b.line, b.column, b.phrase)).collect();
        assert_eq!(
            found,
            [
                (2, 12, "'s fault"),
                (2, 25, "should have"),
                (3, 1, "lỗi của")
            ]
        );
        assert!(blame(GOOD).is_empty());
    }
}
