//! The flags panel's words, in one place, in every language (see `ui::text`).
use crate::ui::i18n::{self, T};

pub const FLAG_TITLE: T = t!(
    "The flag as AWS AppConfig feature flag data (AWS.AppConfig.FeatureFlags)",
    "Flag dưới dạng dữ liệu feature flag của AWS AppConfig (AWS.AppConfig.FeatureFlags)"
);
pub const KILLED_TITLE: T = t!(
    "After the kill switch: every variant disabled",
    "Sau kill switch: mọi variant đều bị tắt"
);
pub const STAGES_TITLE: T = t!(
    "Who gets the feature, stage by stage",
    "Ai nhận được tính năng, theo từng giai đoạn"
);
pub const COL_STAGE: T = t!("Stage", "Giai đoạn");
pub const COL_PERCENT: T = t!("Rollout", "Tỷ lệ rollout");
pub const COL_STAFF: T = t!("Staff", "Nhân viên");
pub const COL_EXTERNAL: T = t!("Customers", "Khách hàng");
pub const KILL_TITLE: T = t!(
    "The incident's day: share of users who get the feature",
    "Ngày xảy ra sự cố: tỷ lệ người dùng nhận được tính năng"
);
pub const AB_TITLE: T = t!("A/B test", "Thử nghiệm A/B");
pub const COL_VARIANT: T = t!("Variant", "Nhóm");
pub const COL_USERS: T = t!("Users", "Người dùng");
pub const COL_CONVERSIONS: T = t!("Conversions", "Chuyển đổi");
pub const VARIANT_A: T = t!("A (control)", "A (đối chứng)");
pub const VARIANT_B: T = t!("B (treatment)", "B (thử nghiệm)");
pub const Y_EXPOSED: T = t!("users exposed (%)", "người dùng nhận tính năng (%)");
pub const X_MINUTE: T = t!("minute", "phút");
pub const LEGEND_EXPOSURE: T = t!("━ users who get the feature", "━ người dùng nhận tính năng");
pub const LEGEND_INCIDENT: T = t!("┃ incident starts", "┃ sự cố bắt đầu");
pub const LEGEND_DEADLINE: T = t!("┆ runbook deadline", "┆ hạn chót theo runbook");
pub const LEGEND_KILL: T = t!("┃ kill switch", "┃ bật kill switch");
pub const STICKY_OK: T = t!(
    "Stickiness: nobody lost the feature as the percentage grew.",
    "Stickiness: không ai mất tính năng khi tỷ lệ tăng lên."
);

const POPULATION: T = t!(
    "{users} simulated users: {staff} staff, {external} customers.",
    "{users} người dùng mô phỏng: {staff} nhân viên, {external} khách hàng."
);

pub fn population(users: usize, staff: u32, external: u32) -> String {
    POPULATION.fill(&[
        ("users", &thousands(users as u64)),
        ("staff", &thousands(u64::from(staff))),
        ("external", &thousands(u64::from(external))),
    ])
}

pub use crate::ui::text::grouped as thousands;

const WAITING: T = t!(
    "Shown once you have answered \"{input}\".",
    "Sẽ hiển thị khi bạn đã trả lời \"{input}\"."
);

pub fn waiting(input: &str) -> String {
    WAITING.fill(&[("input", &input)])
}

const INVALID: T = t!(
    "This flag cannot be evaluated: {reason}.",
    "Không đánh giá được flag này: {reason}."
);

pub fn invalid(reason: &str) -> String {
    INVALID.fill(&[("reason", &reason)])
}

const FLAG_AT: T = t!("At \"{stage}\".", "Tại \"{stage}\".");

pub fn flag_at(stage: &str) -> String {
    FLAG_AT.fill(&[("stage", &stage)])
}

const NOBODY: T = t!("nobody", "không ai");
const SHARE: T = t!(
    "{exposed} of {total} ({percent})",
    "{exposed}/{total} ({percent})"
);

pub fn share(exposed: u32, total: u32) -> String {
    if total == 0 {
        NOBODY.s().into()
    } else {
        let percent = percent(f64::from(exposed) / f64::from(total) * 100.0);
        SHARE.fill(&[
            ("exposed", &exposed),
            ("total", &total),
            ("percent", &percent),
        ])
    }
}

/// A percentage, whole or to one decimal: 12%, 12.5% (12,5% in Vietnamese).
pub fn percent(x: f64) -> String {
    format!("{}%", fixed(x, if x.fract() == 0.0 { 0 } else { 1 }))
}

/// `x` with exactly `decimals` decimals and the language's separator.
fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    s.replace('.', &i18n::lang().decimal_separator().to_string())
}

const STICKY_LOST_1: T = t!("Stickiness: {users} user had the feature at one stage and lost it at the next although the percentage did not go down.", "Stickiness: {users} người dùng đã có tính năng ở một giai đoạn nhưng mất nó ở giai đoạn sau, dù tỷ lệ không giảm.");
const STICKY_LOST: T = t!("Stickiness: {users} users had the feature at one stage and lost it at the next although the percentage did not go down.", "Stickiness: {users} người dùng đã có tính năng ở một giai đoạn nhưng mất nó ở giai đoạn sau, dù tỷ lệ không giảm.");

pub fn sticky_lost(users: u32) -> String {
    if users == 1 {
        STICKY_LOST_1
    } else {
        STICKY_LOST
    }
    .fill(&[("users", &users)])
}

const KILL_AT: T = t!("the kill switch at minute {m}", "kill switch ở phút {m}");
const NO_KILL: T = t!("no kill switch", "không có kill switch");
const KILL_SUMMARY_1: T = t!("Incident at minute {incident}, runbook deadline minute {deadline}, {kill}. Users got the failing feature during {exposed} minute of the incident; after the deadline, at most {percent} of users had it.", "Sự cố ở phút {incident}, hạn chót theo runbook ở phút {deadline}, {kill}. Người dùng nhận tính năng bị lỗi trong {exposed} phút của sự cố; sau hạn chót, tối đa {percent} người dùng còn nhận nó.");
const KILL_SUMMARY: T = t!("Incident at minute {incident}, runbook deadline minute {deadline}, {kill}. Users got the failing feature during {exposed} minutes of the incident; after the deadline, at most {percent} of users had it.", "Sự cố ở phút {incident}, hạn chót theo runbook ở phút {deadline}, {kill}. Người dùng nhận tính năng bị lỗi trong {exposed} phút của sự cố; sau hạn chót, tối đa {percent} người dùng còn nhận nó.");

pub fn kill_summary(
    incident: u32,
    deadline: u32,
    kill: Option<f64>,
    exposed_minutes: u32,
    after_deadline: f64,
) -> String {
    let kill = match kill {
        Some(m) => KILL_AT.fill(&[("m", &number(m))]),
        None => NO_KILL.s().into(),
    };
    if exposed_minutes == 1 {
        KILL_SUMMARY_1
    } else {
        KILL_SUMMARY
    }
    .fill(&[
        ("incident", &incident),
        ("deadline", &deadline),
        ("kill", &kill),
        ("exposed", &exposed_minutes),
        ("percent", &percent(after_deadline)),
    ])
}

const KILLED_EARLY_1: T = t!(
    "The feature was already off for {minutes} minute before the incident.",
    "Tính năng đã được tắt {minutes} phút trước sự cố."
);
const KILLED_EARLY: T = t!(
    "The feature was already off for {minutes} minutes before the incident.",
    "Tính năng đã được tắt {minutes} phút trước sự cố."
);

pub fn killed_early(minutes: u32) -> String {
    if minutes == 1 {
        KILLED_EARLY_1
    } else {
        KILLED_EARLY
    }
    .fill(&[("minutes", &minutes)])
}

const AB_RESULT: T = t!(
    "Two-proportion z-test: z = {z}, two-sided p-value = {p}.",
    "Z-test hai tỷ lệ: z = {z}, p-value hai phía = {p}."
);

pub fn ab_result(z: f64, p: f64) -> String {
    AB_RESULT.fill(&[("z", &fixed(z, 2)), ("p", &fixed(p, 3))])
}

const CHART_UNTIL: T = t!("Chart: {before} of users get the feature until minute {kill}; the incident starts at minute {incident}.", "Biểu đồ: {before} người dùng nhận tính năng đến phút {kill}; sự cố bắt đầu ở phút {incident}.");
const CHART_ALL_DAY: T = t!(
    "Chart: {before} of users get the feature all day; the incident starts at minute {incident}.",
    "Biểu đồ: {before} người dùng nhận tính năng cả ngày; sự cố bắt đầu ở phút {incident}."
);

pub fn chart_label(incident: u32, before: f64, kill: Option<f64>) -> String {
    let before = percent(before);
    match kill {
        Some(k) => CHART_UNTIL.fill(&[
            ("before", &before),
            ("kill", &number(k)),
            ("incident", &incident),
        ]),
        None => CHART_ALL_DAY.fill(&[("before", &before), ("incident", &incident)]),
    }
}

/// A minute as typed: whole, or with its decimals (in the language's way).
fn number(x: f64) -> String {
    i18n::number(x, 6)
}
