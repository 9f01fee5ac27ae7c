//! The UI's words, in one place, so a second language (Vietnamese) can be added
//! without touching component logic: add a sibling table and choose by locale.
//! Lab content (titles, steps, feedback) lives in `labs/` and is localised there.
use crate::course::lab::{Family, Level};
use crate::engine::dora;

use super::i18n::T;

pub const APP_NAME: &str = "DevOps Lab";
pub const LANGUAGE: T = T("Language", "Ngôn ngữ");
pub const LOADING_LABS: T = T("Loading the labs…", "Đang tải các bài lab…");
pub const LABS_UNAVAILABLE: T = T(
    "The labs could not be loaded ({error}). Check the connection, then try again.",
    "Không tải được các bài lab ({error}). Hãy kiểm tra kết nối mạng rồi thử lại.",
);
pub const TRY_AGAIN: T = T("Try again", "Thử lại");
pub const PRESENT: T = T("Present", "Trình chiếu");
pub const TAGLINE: &str = "Learn and practise DevOps on AWS in your browser: no account, no bill.";
pub const NAV_CATALOGUE: &str = "Labs";
pub const NAV_SANDBOX: &str = "DORA sandbox";
pub const NAV_DEPLOY_SANDBOX: &str = "Deployment sandbox";
pub const NAV_PROGRESS: &str = "Progress";
pub const THEME_TO_DARK: &str = "Dark theme";
pub const THEME_TO_LIGHT: &str = "Light theme";
pub const SKIP_TO_CONTENT: &str = "Skip to content";
pub const PANIC_MESSAGE: &str = "Something went wrong inside DevOps Lab. Your saved progress is safe. Reload the page to carry on.";
pub const RELOAD: &str = "Reload";
pub const MINUTES: &str = "min";
pub const NOT_STARTED: &str = "Not started";
pub const IN_PROGRESS: &str = "In progress";
pub const STEPS: &str = "Steps";
pub const GOALS: &str = "You will learn to";
pub const SIMPLIFIED: &str = "Simplified:";
pub const PREVIOUS: &str = "Previous step";
pub const NEXT: &str = "Next step";
pub const CHECK: &str = "Check my answers";
pub const RESULTS: &str = "Results";
pub const HINTS: &str = "Hints";
pub const ANSWERS: &str = "Your answers";
pub const NO_INPUTS: &str = "Nothing to answer in this step: read, look at the data, then go on.";
pub const BEST_SCORE: &str = "Best score";
pub const WORKSPACE: &str = "Workspace";
pub const RAW_LOG: &str = "The log as a file (YAML)";
pub const KEYS_TITLE: &str = "The four keys (computed)";
pub const SELECT_PLACEHOLDER: &str = "Choose…";
pub const GO_TO_STEP: &str = "Go to step";
pub const WHY_WRONG: &str = "Why not:";
pub const CONCEPT: &str = "The idea:";
pub const NOT_FOUND_TITLE: &str = "Page not found";
pub const BACK_HOME: &str = "Back to the labs";
pub const RESET_LAB: &str = "Start this lab over";
pub const RESET_CONFIRM: &str =
    "Start over? Your answers and hints for this lab are cleared; your best score stays.";
pub const RESET_YES: &str = "Yes, start over";
pub const CANCEL: &str = "Cancel";
pub const COL_TIME: &str = "Time (UTC)";
pub const COL_EVENT: &str = "Event";
pub const COL_ID: &str = "Id";
pub const COL_DETAILS: &str = "Details";
pub const COL_LAB: &str = "Lab";
pub const COL_FAMILY: &str = "Family";
pub const EVENT_COMMIT: &str = "commit";
pub const EVENT_DEPLOYMENT: &str = "deployment";
pub const EVENT_INCIDENT: &str = "incident";
pub const LEGEND_OK: &str = "■ succeeded deployments";
pub const LEGEND_FAILED: &str = "■ failed deployments";
pub const LEGEND_INCIDENT: &str = "▬ incidents (open → restored)";
pub const CHART_Y: &str = "deployments / day";

pub fn deployment_detail(succeeded: bool, commits: &str) -> String {
    if succeeded {
        format!("succeeded; ships {commits}")
    } else {
        format!("FAILED; ships {commits}")
    }
}

pub fn incident_detail(restored: &str, cause: Option<&str>) -> String {
    match cause {
        Some(d) => format!("restored {restored}; caused by {d}"),
        None => format!("restored {restored}"),
    }
}

pub fn chart_label(deployments: u32, days: usize, failed: u32, incidents: usize) -> String {
    format!("Chart: {deployments} deployments over {days} days, {failed} of them failed; {incidents} incidents.")
}

pub fn log_summary(team: &str, commits: usize, deployments: usize, incidents: usize) -> String {
    format!("{team}: {commits} commits, {deployments} deployments, {incidents} incidents.")
}

pub fn simulation_waiting(input: &str) -> String {
    format!("The simulation runs once you have answered \"{input}\".")
}

pub fn simulation_invalid(reason: &str) -> String {
    format!("This configuration cannot run: {reason}.")
}

pub fn line_column(line: usize, column: usize) -> String {
    format!("Line {line}, column {column}:")
}
pub const DISMISS: &str = "Dismiss";
pub const EXPORT: &str = "Export progress (JSON file)";
pub const IMPORT: &str = "Import progress from a file";
pub const NO_STORAGE: &str = "This browser does not let DevOps Lab save data: your progress lasts until the tab closes. Export it to keep it.";
pub const SANDBOX_TITLE: &str = "DORA sandbox";
pub const SANDBOX_INTRO: &str = "Paste or edit a team's production event log (YAML). The four keys, their 2024 DORA performance levels and the chart update as you type.";
pub const SANDBOX_LOAD_SAMPLE: &str = "Load a sample:";
pub const LOG_EDITOR_LABEL: &str = "Event log (YAML)";
pub const DATA_TABLE: &str = "Events";
/// The accessible name of a lab text's table's scroll box, from its column headings (it
/// scrolls sideways on narrow screens).
pub fn table_scroll(columns: &str) -> String {
    format!("Table: {columns} (scrolls sideways on narrow screens)")
}
/// The accessible name of the events table's scroll box.
pub const EVENTS_SCROLL: &str = "Events of the log (scrolls)";
/// The accessible name of a scroll box holding `what` of a dataset (a page may show several).
pub fn of_dataset(what: &str, dataset: &str) -> String {
    format!("{what}: {dataset}")
}
/// The accessible name of a scroll box holding the table `name` (unlike the section it is in).
pub fn table_named(name: &str) -> String {
    format!("{name}, table")
}

/// A whole number with thousands separators: 3,600,065.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn score(points: u32, max: u32) -> String {
    format!("{points} / {max}")
}

pub fn hint_button(n: usize, cost: u32) -> String {
    format!(
        "Show hint {n} (costs {cost} point{})",
        if cost == 1 { "" } else { "s" }
    )
}

pub fn hint_penalty(points: u32) -> String {
    format!(
        "Hints used: −{points} point{}",
        if points == 1 { "" } else { "s" }
    )
}

pub fn step_label(n: usize, total: usize) -> String {
    format!("Step {n} of {total}")
}

pub fn bad_step(step: &str, total: usize) -> String {
    format!("This lab has no step \"{step}\": its steps are numbered 1 to {total}.")
}

pub fn unknown_lab(id: &str) -> String {
    format!("There is no lab called \"{id}\". It may have been renamed; pick one from the list.")
}

pub fn summary_line(passed: usize, total: usize) -> String {
    format!("{passed} of {total} checks passed")
}

pub fn lab_complete(points: u32, max: u32) -> String {
    format!("Lab complete: {points} / {max}. Well done!")
}

pub fn unreadable_progress(reason: &str, backup: Option<&str>) -> String {
    match backup {
        Some(key) => format!(
            "Your saved progress could not be read ({reason}). It was kept in this browser under \"{key}\" and DevOps Lab started clean. Export it from the Progress page to keep a copy."
        ),
        None => format!(
            "Your saved progress could not be read ({reason}), and this browser refused to keep a backup. Nothing will be saved over it in this session."
        ),
    }
}

pub fn migrated(from: u32) -> String {
    format!("Your saved progress was upgraded from version {from}.")
}

pub fn imported(labs: usize) -> String {
    format!(
        "Imported progress for {labs} lab{}.",
        if labs == 1 { "" } else { "s" }
    )
}

pub fn import_failed(reason: &str) -> String {
    format!("That file could not be imported: {reason}. Your progress is unchanged.")
}

pub fn save_failed(reason: &str) -> String {
    format!("Saving progress failed ({reason}). Export it to keep a copy.")
}

pub fn family(f: Family) -> &'static str {
    match f {
        Family::Dora => "DevOps mindset & DORA",
        Family::Git => "Git strategies (CodeCommit)",
        Family::Build => "Build (CodeBuild)",
        Family::Pipeline => "Pipeline (CodePipeline)",
        Family::Deploy => "Deploy (CodeDeploy)",
        Family::DeploymentStrategies => "Deployment strategies",
        Family::Cloudformation => "CloudFormation",
        Family::Cdk => "CDK",
        Family::Containers => "Containers",
        Family::Observability => "Observability",
        Family::Incidents => "Incidents & postmortems",
        Family::Exam => "Exam practice",
    }
}

pub fn level(l: Level) -> &'static str {
    match l {
        Level::Beginner => "Beginner",
        Level::Intermediate => "Intermediate",
        Level::Advanced => "Advanced",
    }
}

pub fn dora_level(l: dora::Level) -> &'static str {
    match l {
        dora::Level::Elite => "Elite",
        dora::Level::High => "High",
        dora::Level::Medium => "Medium",
        dora::Level::Low => "Low",
    }
}

pub fn dora_key(k: dora::Key) -> &'static str {
    match k {
        dora::Key::DeploymentFrequency => "Deployment frequency",
        dora::Key::LeadTime => "Lead time for changes (median)",
        dora::Key::ChangeFailRate => "Change fail rate",
        dora::Key::RecoveryTime => "Failed deployment recovery time (median)",
    }
}

pub const OVERALL: &str = "Overall cluster (2024 report)";
pub const NO_VALUE: &str = "no data";

/// The parsers worker could not start (offline before it was ever fetched, or blocked).
pub const PARSER_UNAVAILABLE: &str = "The parser could not start in this browser. Reload the page (it needs to be fetched once, online) and try again.";
/// While the parsers worker reads a text.
pub const PARSING: &str = "Reading the log…";

/// Under a check result whose answer changed since the Check.
pub const CHANGED_SINCE_CHECK: &str =
    "You changed this answer since this check: press Check again to grade it.";
/// Results of a check with unanswered questions.
pub const PARTIAL_CHECK: &str = "Some questions are not answered yet, so this check is not recorded as your best score. Answer them all, then check again.";
