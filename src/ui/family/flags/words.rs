//! The flags panel's words, in one place (a second language adds a sibling module).

pub const FLAG_TITLE: &str =
    "The flag as AWS AppConfig feature flag data (AWS.AppConfig.FeatureFlags)";
pub const KILLED_TITLE: &str = "After the kill switch: every variant disabled";
pub const STAGES_TITLE: &str = "Who gets the feature, stage by stage";
pub const COL_STAGE: &str = "Stage";
pub const COL_PERCENT: &str = "Rollout";
pub const COL_STAFF: &str = "Staff";
pub const COL_EXTERNAL: &str = "Customers";
pub const KILL_TITLE: &str = "The incident's day: share of users who get the feature";
pub const AB_TITLE: &str = "A/B test";
pub const COL_VARIANT: &str = "Variant";
pub const COL_USERS: &str = "Users";
pub const COL_CONVERSIONS: &str = "Conversions";
pub const VARIANT_A: &str = "A (control)";
pub const VARIANT_B: &str = "B (treatment)";
pub const Y_EXPOSED: &str = "users exposed (%)";
pub const X_MINUTE: &str = "minute";
pub const LEGEND_EXPOSURE: &str = "━ users who get the feature";
pub const LEGEND_INCIDENT: &str = "┃ incident starts";
pub const LEGEND_DEADLINE: &str = "┆ runbook deadline";
pub const LEGEND_KILL: &str = "┃ kill switch";
pub const STICKY_OK: &str = "Stickiness: nobody lost the feature as the percentage grew.";

pub fn population(users: usize, staff: u32, external: u32) -> String {
    format!(
        "{} simulated users: {} staff, {} customers.",
        thousands(users as u64),
        thousands(u64::from(staff)),
        thousands(u64::from(external))
    )
}

pub use crate::ui::text::grouped as thousands;

pub fn waiting(input: &str) -> String {
    format!("Shown once you have answered \"{input}\".")
}

pub fn invalid(reason: &str) -> String {
    format!("This flag cannot be evaluated: {reason}.")
}

pub fn flag_at(stage: &str) -> String {
    format!("At \"{stage}\".")
}

pub fn share(exposed: u32, total: u32) -> String {
    if total == 0 {
        "nobody".into()
    } else {
        format!(
            "{exposed} of {total} ({})",
            percent(f64::from(exposed) / f64::from(total) * 100.0)
        )
    }
}

pub fn percent(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}%")
    } else {
        format!("{x:.1}%")
    }
}

pub fn sticky_lost(users: u32) -> String {
    format!(
        "Stickiness: {users} user{} had the feature at one stage and lost it at the next although the percentage did not go down.",
        if users == 1 { "" } else { "s" }
    )
}

pub fn kill_summary(
    incident: u32,
    deadline: u32,
    kill: Option<f64>,
    exposed_minutes: u32,
    after_deadline: f64,
) -> String {
    let kill = match kill {
        Some(m) => format!("the kill switch at minute {}", number(m)),
        None => "no kill switch".into(),
    };
    format!(
        "Incident at minute {incident}, runbook deadline minute {deadline}, {kill}. Users got the failing feature during {exposed_minutes} minute{} of the incident; after the deadline, at most {} of users had it.",
        if exposed_minutes == 1 { "" } else { "s" },
        percent(after_deadline)
    )
}

pub fn killed_early(minutes: u32) -> String {
    format!(
        "The feature was already off for {minutes} minute{} before the incident.",
        if minutes == 1 { "" } else { "s" }
    )
}

pub fn ab_result(z: f64, p: f64) -> String {
    format!("Two-proportion z-test: z = {z:.2}, two-sided p-value = {p:.3}.")
}

pub fn chart_label(incident: u32, before: f64, kill: Option<f64>) -> String {
    match kill {
        Some(k) => format!(
            "Chart: {} of users get the feature until minute {}; the incident starts at minute {incident}.",
            percent(before),
            number(k)
        ),
        None => format!(
            "Chart: {} of users get the feature all day; the incident starts at minute {incident}.",
            percent(before)
        ),
    }
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}
