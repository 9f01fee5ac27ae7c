//! The UI's words, in one place, each in every language: `t!("English", "Tiếng Việt")`,
//! read with `.s()` in the current language; a wording that takes values is a `T`
//! template with `{name}` placeholders filled by `.fill(…)` (`tests/i18n.rs` checks that
//! every `T` has both languages and the same placeholders in each).
//! Lab content (titles, steps, feedback) lives in `labs/` and is translated there.
use crate::course::lab::{Family, Level};
use crate::engine::dora;
use crate::ui::i18n::{lang, Both, T};

pub const LANGUAGE: Both = Both("Language", "Ngôn ngữ");
pub const LOADING_LABS: Both = Both("Loading the labs…", "Đang tải các bài lab…");
pub const LABS_UNAVAILABLE: Both = Both(
    "The labs could not be loaded ({error}). Check the connection, then try again.",
    "Không tải được các bài lab ({error}). Hãy kiểm tra kết nối mạng rồi thử lại.",
);
pub const TRY_AGAIN: Both = Both("Try again", "Thử lại");
pub const PRESENT: T = t!("Present", "Trình chiếu");
pub const NAV_AGENDA: T = t!("Agenda", "Chương trình");
pub const APP_NAME: T = t!("DevOps Lab", "DevOps Lab");
pub const TAGLINE: T = t!(
    "Learn and practise DevOps on AWS in your browser: no account, no bill.",
    "Học và thực hành DevOps trên AWS ngay trong trình duyệt: không cần tài khoản, không tốn phí."
);
pub const NAV_MAIN: T = t!("Main", "Điều hướng chính");
pub const NAV_CATALOGUE: T = t!("Labs", "Bài lab");
pub const NAV_SANDBOX: T = t!("DORA sandbox", "Sandbox DORA");
pub const NAV_DEPLOY_SANDBOX: T = t!("Deployment sandbox", "Sandbox deployment");
pub const NAV_CFN_SANDBOX: T = t!("CloudFormation sandbox", "Sandbox CloudFormation");
pub const NAV_CONTAINERS_SANDBOX: T = t!("Containers sandbox", "Sandbox container");
pub const NAV_PROGRESS: T = t!("Progress", "Tiến độ");
pub const NAV_EXAM: T = t!("Exam practice", "Luyện thi");
pub const THEME_TO_DARK: T = t!("Dark theme", "Giao diện tối");
pub const THEME_TO_LIGHT: T = t!("Light theme", "Giao diện sáng");
pub const SKIP_TO_CONTENT: T = t!("Skip to content", "Chuyển đến nội dung");
pub const PANIC_MESSAGE: Both = Both("Something went wrong inside DevOps Lab. Your saved progress is safe. Reload the page to carry on.", "DevOps Lab gặp lỗi bên trong. Tiến độ đã lưu của bạn vẫn an toàn. Hãy tải lại trang để tiếp tục.");
pub const RELOAD: Both = Both("Reload", "Tải lại");
pub const MINUTES: T = t!("{n} min", "{n} phút");
pub const NOT_STARTED: T = t!("Not started", "Chưa bắt đầu");
pub const IN_PROGRESS: T = t!("In progress", "Đang làm");
pub const STEPS: T = t!("Steps", "Các bước");
pub const GOALS: T = t!("You will learn to", "Bạn sẽ học cách");
pub const SIMPLIFIED: T = t!("Simplified:", "Đơn giản hóa:");
pub const PREVIOUS: T = t!("Previous step", "Bước trước");
pub const NEXT: T = t!("Next step", "Bước tiếp theo");
pub const CHECK: T = t!("Check my answers", "Kiểm tra câu trả lời");
pub const RESULTS: T = t!("Results", "Kết quả");
pub const HINTS: T = t!("Hints", "Gợi ý");
pub const ANSWERS: T = t!("Your answers", "Câu trả lời của bạn");
pub const NO_INPUTS: T = t!(
    "Nothing to answer in this step: read, look at the data, then go on.",
    "Bước này không có gì để trả lời: hãy đọc, xem dữ liệu rồi đi tiếp."
);
pub const BEST_SCORE: T = t!("Best score: {score}", "Điểm cao nhất: {score}");
pub const BEST_SCORE_COL: T = t!("Best score", "Điểm cao nhất");
pub const WORKSPACE: T = t!("Workspace", "Không gian làm việc");
pub const RAW_LOG: T = t!("The log as a file (YAML)", "Log dạng tệp (YAML)");
pub const KEYS_TITLE: T = t!(
    "The five delivery metrics (computed)",
    "Năm chỉ số phân phối phần mềm (đã tính)"
);
pub const SELECT_PLACEHOLDER: T = t!("Choose…", "Chọn…");
pub const GO_TO_STEP: T = t!("Go to step {n}", "Đến bước {n}");
pub const WHY_WRONG: T = t!("Why not:", "Vì sao chưa đúng:");
pub const CONCEPT: T = t!("The idea:", "Ý chính:");
pub const NOT_FOUND_TITLE: T = t!("Page not found", "Không tìm thấy trang");
pub const BACK_HOME: T = t!("Back to the labs", "Quay lại danh sách bài lab");
pub const RESET_LAB: T = t!("Start this lab over", "Làm lại bài lab này");
pub const RESET_CONFIRM: T = t!(
    "Start over? Your answers and hints for this lab are cleared; your best score stays.",
    "Làm lại từ đầu? Câu trả lời và gợi ý của bài lab này sẽ bị xóa; điểm cao nhất vẫn được giữ."
);
pub const RESET_YES: T = t!("Yes, start over", "Có, làm lại");
pub const CANCEL: T = t!("Cancel", "Hủy");
pub const COL_TIME: T = t!("Time (UTC)", "Thời gian (UTC)");
pub const COL_EVENT: T = t!("Event", "Sự kiện");
pub const COL_ID: T = t!("Id", "Mã");
pub const COL_DETAILS: T = t!("Details", "Chi tiết");
pub const COL_LAB: T = t!("Lab", "Bài lab");
pub const COL_FAMILY: T = t!("Family", "Chủ đề");
pub const EVENT_COMMIT: T = t!("commit", "commit");
pub const EVENT_DEPLOYMENT: T = t!("deployment", "deployment");
pub const EVENT_INCIDENT: T = t!("incident", "sự cố");
pub const LEGEND_OK: T = t!("■ succeeded deployments", "■ deployment thành công");
pub const LEGEND_FAILED: T = t!("■ failed deployments", "■ deployment thất bại");
pub const LEGEND_INCIDENT: T = t!("▬ incidents (open → restored)", "▬ sự cố (mở → khôi phục)");
pub const CHART_Y: T = t!("deployments / day", "deployment / ngày");

const SHIPPED_OK: T = t!("succeeded; ships {commits}", "thành công; đưa ra {commits}");
const SHIPPED_FAILED: T = t!("FAILED; ships {commits}", "THẤT BẠI; đưa ra {commits}");

pub fn deployment_detail(succeeded: bool, commits: &str) -> String {
    if succeeded {
        SHIPPED_OK
    } else {
        SHIPPED_FAILED
    }
    .fill(&[("commits", &commits)])
}

const RESTORED: T = t!("restored {restored}", "khôi phục lúc {restored}");
const RESTORED_CAUSED: T = t!(
    "restored {restored}; caused by {cause}",
    "khôi phục lúc {restored}; do {cause} gây ra"
);

pub fn incident_detail(restored: &str, cause: Option<&str>) -> String {
    match cause {
        Some(d) => RESTORED_CAUSED.fill(&[("restored", &restored), ("cause", &d)]),
        None => RESTORED.fill(&[("restored", &restored)]),
    }
}

const CHART_LABEL: T = t!("Chart: {deployments} deployments over {days} days, {failed} of them failed; {incidents} incidents.", "Biểu đồ: {deployments} deployment trong {days} ngày, {failed} thất bại; {incidents} sự cố.");

pub fn chart_label(deployments: u32, days: usize, failed: u32, incidents: usize) -> String {
    CHART_LABEL.fill(&[
        ("deployments", &deployments),
        ("days", &days),
        ("failed", &failed),
        ("incidents", &incidents),
    ])
}

const LOG_SUMMARY: T = t!(
    "{team}: {commits} commits, {deployments} deployments, {incidents} incidents.",
    "{team}: {commits} commit, {deployments} deployment, {incidents} sự cố."
);

pub fn log_summary(team: &str, commits: usize, deployments: usize, incidents: usize) -> String {
    LOG_SUMMARY.fill(&[
        ("team", &team),
        ("commits", &commits),
        ("deployments", &deployments),
        ("incidents", &incidents),
    ])
}

const SIMULATION_WAITING: T = t!(
    "The simulation runs once you have answered \"{input}\".",
    "Mô phỏng sẽ chạy khi bạn đã trả lời \"{input}\"."
);

pub fn simulation_waiting(input: &str) -> String {
    SIMULATION_WAITING.fill(&[("input", &input)])
}

const SIMULATION_INVALID: T = t!(
    "This configuration cannot run: {reason}.",
    "Cấu hình này không chạy được: {reason}."
);

pub fn simulation_invalid(reason: &str) -> String {
    SIMULATION_INVALID.fill(&[("reason", &reason)])
}

const LINE_COLUMN: T = t!(
    "Line {line}, column {column}:",
    "Dòng {line}, cột {column}:"
);

pub fn line_column(line: usize, column: usize) -> String {
    LINE_COLUMN.fill(&[("line", &line), ("column", &column)])
}
pub const DISMISS: T = t!("Dismiss", "Đóng");
pub const EXPORT: T = t!("Export progress (JSON file)", "Xuất tiến độ (tệp JSON)");
pub const IMPORT: T = t!("Import progress from a file", "Nhập tiến độ từ tệp");
pub const NOT_TEXT: T = t!(
    "the file could not be read as text",
    "không đọc được tệp dưới dạng văn bản"
);
pub const NO_STORAGE: T = t!("This browser does not let DevOps Lab save data: your progress lasts until the tab closes. Export it to keep it.", "Trình duyệt này không cho DevOps Lab lưu dữ liệu: tiến độ của bạn chỉ còn đến khi đóng tab. Hãy xuất ra tệp để giữ lại.");
pub const SANDBOX_TITLE: T = t!("DORA sandbox", "Sandbox DORA");
pub const SANDBOX_INTRO: T = t!("Paste or edit a team's production event log (YAML). The four keys, their 2024 DORA performance levels and the chart update as you type.", "Dán hoặc sửa log sự kiện production của một team (YAML). Bốn chỉ số, mức hiệu suất DORA 2024 của chúng và biểu đồ cập nhật ngay khi bạn gõ.");
pub const SANDBOX_LOAD_SAMPLE: T = t!("Load a sample:", "Tải dữ liệu mẫu:");
pub const LOG_EDITOR_LABEL: T = t!("Event log (YAML)", "Log sự kiện (YAML)");
pub const DATA_TABLE: T = t!("Events ({n})", "Sự kiện ({n})");
const TABLE_SCROLL: T = t!(
    "Table: {columns} (scrolls sideways on narrow screens)",
    "Bảng: {columns} (cuộn ngang trên màn hình hẹp)"
);
/// The accessible name of a lab text's table's scroll box, from its column headings (it
/// scrolls sideways on narrow screens).
pub fn table_scroll(columns: &str) -> String {
    TABLE_SCROLL.fill(&[("columns", &columns)])
}
/// The accessible name of the events table's scroll box.
pub const EVENTS_SCROLL: T = t!(
    "Events of the log (scrolls)",
    "Các sự kiện của log (cuộn được)"
);
/// The accessible name of a scroll box holding `what` of a dataset (a page may show several).
pub fn of_dataset(what: &str, dataset: &str) -> String {
    format!("{what}: {dataset}")
}
const TABLE_NAMED: T = t!("{name}, table", "Bảng {name}");
/// The accessible name of a scroll box holding the table `name` (unlike the section it is in).
pub fn table_named(name: &str) -> String {
    TABLE_NAMED.fill(&[("name", &name)])
}

/// A whole number with thousands separators: 3,600,065 (3.600.065 in Vietnamese).
pub fn grouped(n: u64) -> String {
    crate::course::lang::grouped(n, lang())
}

pub fn score(points: u32, max: u32) -> String {
    format!("{points} / {max}")
}

/// A lab's length in minutes ("15 min").
pub fn minutes(n: u32) -> String {
    MINUTES.fill(&[("n", &n)])
}

/// "Best score: 7 / 10".
pub fn best_score(points: u32, max: u32) -> String {
    BEST_SCORE.fill(&[("score", &score(points, max))])
}

const HINT_BUTTON_1: T = t!(
    "Show hint {n} (costs {cost} point)",
    "Xem gợi ý {n} (trừ {cost} điểm)"
);
const HINT_BUTTON: T = t!(
    "Show hint {n} (costs {cost} points)",
    "Xem gợi ý {n} (trừ {cost} điểm)"
);

pub fn hint_button(n: usize, cost: u32) -> String {
    if cost == 1 {
        HINT_BUTTON_1
    } else {
        HINT_BUTTON
    }
    .fill(&[("n", &n), ("cost", &cost)])
}

const HINT_PENALTY_1: T = t!(
    "Hints used: −{points} point",
    "Đã dùng gợi ý: −{points} điểm"
);
const HINT_PENALTY: T = t!(
    "Hints used: −{points} points",
    "Đã dùng gợi ý: −{points} điểm"
);

pub fn hint_penalty(points: u32) -> String {
    if points == 1 {
        HINT_PENALTY_1
    } else {
        HINT_PENALTY
    }
    .fill(&[("points", &points)])
}

const STEP_LABEL: T = t!("Step {n} of {total}", "Bước {n}/{total}");

pub fn step_label(n: usize, total: usize) -> String {
    STEP_LABEL.fill(&[("n", &n), ("total", &total)])
}

const BAD_STEP: T = t!(
    "This lab has no step \"{step}\": its steps are numbered 1 to {total}.",
    "Bài lab này không có bước \"{step}\": các bước được đánh số từ 1 đến {total}."
);

pub fn bad_step(step: &str, total: usize) -> String {
    BAD_STEP.fill(&[("step", &step), ("total", &total)])
}

const UNKNOWN_LAB: T = t!("There is no lab called \"{id}\". It may have been renamed; pick one from the list.", "Không có bài lab nào tên \"{id}\". Có thể bài đã được đổi tên; hãy chọn một bài trong danh sách.");

pub fn unknown_lab(id: &str) -> String {
    UNKNOWN_LAB.fill(&[("id", &id)])
}

const SUMMARY_LINE: T = t!(
    "{passed} of {total} checks passed",
    "đạt {passed}/{total} mục kiểm tra"
);

pub fn summary_line(passed: usize, total: usize) -> String {
    SUMMARY_LINE.fill(&[("passed", &passed), ("total", &total)])
}

const LAB_COMPLETE: T = t!(
    "Lab complete: {points} / {max}. Well done!",
    "Hoàn thành bài lab: {points} / {max}. Làm tốt lắm!"
);

pub fn lab_complete(points: u32, max: u32) -> String {
    LAB_COMPLETE.fill(&[("points", &points), ("max", &max)])
}

const UNREADABLE_KEPT: T = t!("Your saved progress could not be read ({reason}). It was kept in this browser under \"{key}\" and DevOps Lab started clean. Export it from the Progress page to keep a copy.", "Không đọc được tiến độ đã lưu của bạn ({reason}). Dữ liệu đó được giữ trong trình duyệt này dưới khóa \"{key}\" và DevOps Lab đã bắt đầu lại từ đầu. Hãy xuất nó từ trang Tiến độ để giữ một bản sao.");
const UNREADABLE_LOST: T = t!("Your saved progress could not be read ({reason}), and this browser refused to keep a backup. Nothing will be saved over it in this session.", "Không đọc được tiến độ đã lưu của bạn ({reason}), và trình duyệt này không cho giữ bản sao lưu. Trong phiên này sẽ không có gì được lưu đè lên dữ liệu đó.");

pub fn unreadable_progress(reason: &str, backup: Option<&str>) -> String {
    match backup {
        Some(key) => UNREADABLE_KEPT.fill(&[("reason", &reason), ("key", &key)]),
        None => UNREADABLE_LOST.fill(&[("reason", &reason)]),
    }
}

const MIGRATED: T = t!(
    "Your saved progress was upgraded from version {from}.",
    "Tiến độ đã lưu của bạn đã được nâng cấp từ phiên bản {from}."
);

pub fn migrated(from: u32) -> String {
    MIGRATED.fill(&[("from", &from)])
}

const IMPORTED_1: T = t!(
    "Imported progress for {labs} lab.",
    "Đã nhập tiến độ của {labs} bài lab."
);
const IMPORTED: T = t!(
    "Imported progress for {labs} labs.",
    "Đã nhập tiến độ của {labs} bài lab."
);

pub fn imported(labs: usize) -> String {
    if labs == 1 { IMPORTED_1 } else { IMPORTED }.fill(&[("labs", &labs)])
}

const IMPORT_FAILED: T = t!(
    "That file could not be imported: {reason}. Your progress is unchanged.",
    "Không nhập được tệp đó: {reason}. Tiến độ của bạn không thay đổi."
);

pub fn import_failed(reason: &str) -> String {
    IMPORT_FAILED.fill(&[("reason", &reason)])
}

const SAVE_FAILED: T = t!(
    "Saving progress failed ({reason}). Export it to keep a copy.",
    "Không lưu được tiến độ ({reason}). Hãy xuất ra tệp để giữ một bản sao."
);

pub fn save_failed(reason: &str) -> String {
    SAVE_FAILED.fill(&[("reason", &reason)])
}

pub fn family(f: Family) -> &'static str {
    match f {
        Family::Dora => t!("DevOps mindset & DORA", "Tư duy DevOps & DORA"),
        Family::Git => t!("Git strategies (CodeCommit)", "Chiến lược Git (CodeCommit)"),
        Family::Build => t!("Build (CodeBuild)", "Build với CodeBuild"),
        Family::Pipeline => t!("Pipeline (CodePipeline)", "Pipeline với CodePipeline"),
        Family::Deploy => t!("Deploy (CodeDeploy)", "Triển khai với CodeDeploy"),
        Family::DeploymentStrategies => t!("Deployment strategies", "Chiến lược deployment"),
        Family::Cloudformation => t!("CloudFormation", "CloudFormation"),
        Family::Cdk => t!("CDK", "CDK"),
        Family::Containers => t!("Containers", "Container"),
        Family::Observability => t!("Observability", "Giám sát và observability"),
        Family::Incidents => t!("Incidents & postmortems", "Sự cố & postmortem"),
        Family::CaseStudies => t!(
            "Case studies: DevOps transformations",
            "Tình huống: chuyển đổi DevOps"
        ),
    }
    .s()
}

pub fn level(l: Level) -> &'static str {
    match l {
        Level::Beginner => t!("Beginner", "Cơ bản"),
        Level::Intermediate => t!("Intermediate", "Trung cấp"),
        Level::Advanced => t!("Advanced", "Nâng cao"),
    }
    .s()
}

pub fn dora_level(l: dora::Level) -> &'static str {
    match l {
        dora::Level::Elite => t!("Elite", "Elite (xuất sắc)"),
        dora::Level::High => t!("High", "Cao"),
        dora::Level::Medium => t!("Medium", "Trung bình"),
        dora::Level::Low => t!("Low", "Thấp"),
    }
    .s()
}

pub fn dora_key(k: dora::Key) -> &'static str {
    match k {
        dora::Key::DeploymentFrequency => t!("Deployment frequency", "Tần suất deployment"),
        dora::Key::LeadTime => t!(
            "Lead time for changes (median)",
            "Lead time for changes (trung vị)"
        ),
        dora::Key::ChangeFailRate => t!("Change fail rate", "Tỷ lệ thay đổi thất bại"),
        dora::Key::RecoveryTime => t!(
            "Failed deployment recovery time (median)",
            "Thời gian khôi phục sau deployment lỗi (trung vị)"
        ),
    }
    .s()
}

pub const OVERALL: T = t!(
    "Overall cluster (2024 report)",
    "Nhóm tổng thể (báo cáo 2024)"
);
pub const NO_VALUE: T = t!("no data", "không có dữ liệu");

/// The parsers worker could not start (offline before it was ever fetched, or blocked).
pub const PARSER_UNAVAILABLE: T = t!("The parser could not start in this browser. Reload the page (it needs to be fetched once, online) and try again.", "Trình đọc log không khởi động được trong trình duyệt này. Hãy tải lại trang (cần tải về một lần khi có mạng) rồi thử lại.");
/// While the parsers worker reads a text.
pub const PARSING: T = t!("Reading the log…", "Đang đọc log…");

/// Under a check result whose answer changed since the Check.
pub const CHANGED_SINCE_CHECK: T = t!(
    "You changed this answer since this check: press Check again to grade it.",
    "Bạn đã đổi câu trả lời này sau lần kiểm tra: hãy bấm Kiểm tra lại để chấm."
);
/// Results of a check with unanswered questions.
pub const PARTIAL_CHECK: T = t!("Some questions are not answered yet, so this check is not recorded as your best score. Answer them all, then check again.", "Vẫn còn câu hỏi chưa trả lời, nên lần kiểm tra này không được ghi làm điểm cao nhất. Hãy trả lời hết rồi kiểm tra lại.");
