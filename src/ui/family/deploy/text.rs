//! The deployment family's words in English and Vietnamese, in one place (same style as
//! `ui::text`): fixed texts are `T(en, vi)` read with `.s()`, wordings that take values are
//! `T` templates with `{name}` placeholders. AWS names stay as AWS writes them in both
//! languages (CodeDeploy configurations, API fields, TreatMissingData, OK / ALARM /
//! INSUFFICIENT_DATA), and so do blue, green, canary, linear, rolling and rollback.
use super::charts::ChartKind;
use super::setup::{Kind, Platform, ShiftKind, StrategySetup, TrafficKind};
use crate::engine::alarm::AlarmState;
use crate::engine::deploy::{
    AlarmMetric, Amount, Color, ConfigReason, Event, EventDetail, Fault, Strategy, Summary,
    TrafficShift,
};
use crate::ui::i18n::{lang, number, Lang, T};

pub const TITLE: T = t!("Deployment sandbox", "Sandbox triển khai");
pub const INTRO: T = t!("Pick a deployment strategy, break the release on cue, and watch what your users would see. The same set-up and seed always give the same run; the address bar holds the whole set-up, so you can share it.", "Chọn một chiến lược deployment, làm hỏng bản phát hành đúng lúc bạn muốn và xem người dùng của bạn sẽ gặp gì. Cùng thiết lập và cùng seed luôn cho cùng một lần chạy; thanh địa chỉ chứa toàn bộ thiết lập nên bạn có thể chia sẻ nó.");
pub const CONFIGURATOR: T = t!("Set-up", "Thiết lập");
pub const QUERY_WARNINGS: T = t!(
    "Some values in the link could not be used; their defaults were used instead:",
    "Một số giá trị trong liên kết không dùng được; giá trị mặc định đã được dùng thay thế:"
);
pub const STRATEGY: T = t!("Strategy", "Chiến lược");
pub const BATCH: T = t!("Batch size", "Kích thước batch");
pub const MIN_HEALTHY: T = t!("Minimum healthy hosts", "Số host khỏe mạnh tối thiểu");
pub const AMOUNT_HINT: T = t!(
    "A number of instances (3) or a percentage of the fleet (25%).",
    "Số instance (3) hoặc phần trăm của fleet (25%)."
);
pub const PREDEFINED_NAME: T = t!("CodeDeploy configuration", "Cấu hình CodeDeploy");
pub const SHIFT: T = t!("Traffic shift", "Chuyển lưu lượng");
pub const CANARY_PERCENT: T = t!("Canary traffic (%)", "Lưu lượng canary (%)");
pub const BAKE_MIN: T = t!(
    "Bake time before the rest (min)",
    "Thời gian theo dõi trước khi chuyển phần còn lại (phút)"
);
pub const STEP_PERCENT: T = t!("Traffic per step (%)", "Lưu lượng mỗi bước (%)");
pub const INTERVAL_MIN: T = t!("Minutes between steps", "Số phút giữa các bước");
pub const TEST_S: T = t!(
    "Test traffic before the shift (s)",
    "Lưu lượng test trước khi chuyển (giây)"
);
pub const TEST_RPS: T = t!("Test traffic (requests/s)", "Lưu lượng test (yêu cầu/giây)");
pub const WAIT_MIN: T = t!(
    "terminationWaitTimeInMinutes: keep blue after the shift (min)",
    "terminationWaitTimeInMinutes: giữ blue sau khi chuyển (phút)"
);
pub const GROUP: T = t!(
    "Deployment group (rollback and blue/green)",
    "Deployment group (rollback và blue/green)"
);
pub const GROUP_HINT: T = t!("These belong to the CodeDeploy deployment group, not to its deployment configuration: they apply to both strategies of a comparison.", "Các thiết lập này thuộc về deployment group của CodeDeploy, không thuộc deployment configuration: chúng áp dụng cho cả hai chiến lược khi so sánh.");
pub const ROLLBACK_ON_ALARM: T = t!(
    "Roll back when an alarm stops the deployment (DEPLOYMENT_STOP_ON_ALARM)",
    "Rollback khi alarm dừng deployment (DEPLOYMENT_STOP_ON_ALARM)"
);
pub const ROLLBACK_ON_FAILURE: T = t!(
    "Roll back when the deployment fails (DEPLOYMENT_FAILURE)",
    "Rollback khi deployment thất bại (DEPLOYMENT_FAILURE)"
);
pub const KEEP_ALIVE: T = t!("KEEP_ALIVE: after a successful blue/green deployment, deregister blue and leave it running (instead of TERMINATE after the wait)", "KEEP_ALIVE: sau khi deployment blue/green thành công, deregister blue và để nó tiếp tục chạy (thay vì TERMINATE sau thời gian chờ)");
pub const FLEET_AND_TRAFFIC: T = t!("Fleet and traffic", "Fleet và lưu lượng");
pub const FLEET: T = t!("Fleet size (targets)", "Kích thước fleet (số target)");
pub const TRAFFIC: T = t!("Traffic shape", "Dạng lưu lượng");
pub const RPS: T = t!("Requests per second", "Số yêu cầu mỗi giây");
pub const AMPLITUDE: T = t!("Daily swing (%)", "Dao động trong ngày (%)");
pub const CYCLE: T = t!("Cycle length (s)", "Độ dài chu kỳ (giây)");
pub const SPIKE_AT: T = t!("Spike starts at (s)", "Đột biến bắt đầu lúc (giây)");
pub const SPIKE_S: T = t!("Spike lasts (s)", "Đột biến kéo dài (giây)");
pub const SPIKE_X: T = t!("Spike factor (×)", "Hệ số đột biến (×)");
pub const DURATION: T = t!("Simulated time (s)", "Thời gian mô phỏng (giây)");
pub const DEPLOY_AT: T = t!("Deployment starts at (s)", "Deployment bắt đầu lúc (giây)");
pub const VERSIONS: T = t!("Versions", "Phiên bản");
pub const BLUE: T = t!("Blue (current)", "Blue (hiện tại)");
pub const GREEN: T = t!("Green (new)", "Green (mới)");
pub const ERROR_RATE: T = t!("5xx errors (%)", "Lỗi 5xx (%)");
pub const P50: T = t!("p50 latency (ms)", "Độ trễ p50 (ms)");
pub const P99: T = t!("p99 latency (ms)", "Độ trễ p99 (ms)");
pub const ALARM: T = t!(
    "Deployment alarm (CloudWatch)",
    "Alarm của deployment (CloudWatch)"
);
pub const ALARM_ON: T = t!(
    "Stop the deployment when the alarm goes to ALARM",
    "Dừng deployment khi alarm chuyển sang ALARM"
);
pub const ALARM_METRIC: T = t!("Metric", "Metric");
pub const ALARM_PERIOD: T = t!("Period (s)", "Period (giây)");
pub const PERIOD_HINT: T = t!(
    "10, 20, 30 or a multiple of 60. Period × EvaluationPeriods: at most 1 day, or 7 days for a period of 1 hour or more.",
    "10, 20, 30 hoặc bội số của 60. Period × EvaluationPeriods: tối đa 1 ngày, hoặc 7 ngày nếu period từ 1 giờ trở lên."
);
pub const ALARM_N: T = t!("Evaluation periods (N)", "Số chu kỳ đánh giá (N)");
pub const ALARM_M: T = t!(
    "Datapoints to alarm (M of N)",
    "Số datapoint để vào ALARM (M trên N)"
);
pub const ALARM_MISSING: T = t!("TreatMissingData", "TreatMissingData");
pub const SEED: T = t!("Randomness", "Ngẫu nhiên");
pub const SEED_LABEL: T = t!("Seed", "Seed");
pub const SEED_HINT: T = t!(
    "Same seed, same run. Change it to see another day.",
    "Cùng seed, cùng lần chạy. Đổi seed để xem một ngày khác."
);
pub const COMPARE: T = t!("Compare", "So sánh");
pub const COMPARE_ON: T = t!(
    "Run a second strategy on the same seed, side by side",
    "Chạy thêm một chiến lược thứ hai với cùng seed, đặt cạnh nhau"
);
pub const FAULTS: T = t!("Faults on cue", "Gây sự cố theo ý muốn");
pub const FAULTS_HINT: T = t!("Each button adds a fault at the playback time (the Time slider above the charts; a run opens at 00:00, so press Play or move the slider first to land it later); change its time below.", "Mỗi nút thêm một sự cố tại thời điểm đang phát (thanh trượt Thời gian phía trên các biểu đồ; lần chạy mở ở 00:00, nên hãy bấm Phát hoặc kéo thanh trượt trước nếu muốn đặt sự cố muộn hơn); bạn có thể đổi thời điểm của nó bên dưới.");
pub const ADD_BAD_RELEASE: T = t!("Bad release now", "Bản phát hành lỗi ngay");
pub const ADD_CRASH: T = t!("Crash 3 instances now", "Làm sập 3 instance ngay");
pub const ADD_SPIKE: T = t!("Traffic spike now", "Lưu lượng đột biến ngay");
pub const FAULT_AT: T = t!("at (s)", "lúc (giây)");
pub const REMOVE: T = t!("Remove", "Xóa");
pub const PLATFORM: T = t!("Written for", "Viết cho");
pub const AWS_TITLE: T = t!("The real AWS configuration", "Cấu hình AWS thật");
pub const AWS_BUILDING: T = t!("Building the AWS configuration…", "Đang tạo cấu hình AWS…");
pub const AWS_INTRO: T = t!("What this set-up looks like in AWS, in the APIs' own field names. Placeholders (names, ARNs) are yours to fill in.", "Thiết lập này trên AWS trông như thế nào, với đúng tên trường của các API. Các giá trị giữ chỗ (tên, ARN) là để bạn tự điền.");
pub const CONFIG_PROBLEM: T = t!(
    "This configuration cannot run:",
    "Cấu hình này không chạy được:"
);
pub const SUMMARY: T = t!("Summary of the whole run", "Tóm tắt cả lần chạy");
pub const SUM_FAILED: T = t!("Failed requests", "Yêu cầu lỗi");
pub const SUM_OUTAGE: T = t!("Full outage", "Gián đoạn hoàn toàn");
pub const SUM_DURATION: T = t!("Rollout duration", "Thời gian rollout");
pub const SUM_OUTCOME: T = t!("Outcome", "Kết quả");
pub const SUM_STOPPED: T = t!(
    "Bad release rolled back",
    "Bản phát hành lỗi đã bị rollback"
);
pub const SUM_EXTRA: T = t!("Peak extra instances", "Số instance thêm cao nhất");
pub const SUM_MINUTES: T = t!("Instance-minutes (cost)", "Instance-phút (chi phí)");
pub const OUTCOME_SUCCEEDED: T = t!("Succeeded", "Thành công");
pub const OUTCOME_ROLLED_BACK: T = t!("Rolled back", "Đã rollback");
pub const OUTCOME_STOPPED: T = t!(
    "Stopped by an alarm, not rolled back",
    "Bị alarm dừng, không rollback"
);
pub const OUTCOME_FAILED: T = t!("Failed", "Thất bại");
pub const OUTCOME_IN_PROGRESS: T = t!(
    "Still in progress at the end",
    "Vẫn đang chạy khi mô phỏng kết thúc"
);
pub const NO_BAD_RELEASE: T = t!(
    "No bad release injected",
    "Không có bản phát hành lỗi nào được đưa vào"
);
pub const NOT_STOPPED: T = t!(
    "Not rolled back: users kept getting it",
    "Không rollback: người dùng vẫn tiếp tục nhận nó"
);
pub const WHAT_IF_NOTE: T = t!("A fixed comparison the lab runs for you: it does not use your answers and is not graded.", "Một phép so sánh cố định mà bài lab chạy sẵn cho bạn: không dùng câu trả lời của bạn và không được chấm điểm.");
pub const DECIDING_EVENTS: T = t!("What decided it", "Điều quyết định kết quả");
pub const SIDE_BY_SIDE: T = t!("Compact: only each run's key figures, the events that decided it and its failed-request and alarm charts, side by side where there is room (for a projector)", "Gọn: chỉ các số liệu chính của mỗi lần chạy, các sự kiện quyết định kết quả cùng biểu đồ yêu cầu lỗi và alarm, đặt cạnh nhau khi đủ chỗ (cho máy chiếu)");
pub const NOT_FINISHED: T = t!("Not finished", "Chưa xong");
pub const EVENTS: T = t!("Events", "Sự kiện");
pub const KEY_SHIFT: T = t!("┆ traffic shift", "┆ chuyển lưu lượng");
pub const KEY_ALARM: T = t!("│ alarm state change", "│ alarm đổi trạng thái");
pub const KEY_ROLLBACK: T = t!("┃ rollback", "┃ rollback");
pub const KEY_FAULT: T = t!("│ fault", "│ sự cố");
pub const KEY_CURSOR: T = t!(
    "│ now (playback; later is dimmed)",
    "│ hiện tại (khi phát; phần sau được làm mờ)"
);
pub const Y_RPS: T = t!("requests / s", "yêu cầu / giây");
pub const Y_ERRORS: T = t!("5xx (%)", "5xx (%)");
pub const Y_LATENCY: T = t!("latency (ms)", "độ trễ (ms)");
pub const Y_INSTANCES: T = t!("instances", "instance");
pub const WHY_WHOLE_NUMBER: T = t!("not a whole number", "không phải số nguyên");
pub const WHY_NUMBER: T = t!("not a number", "không phải là số");
pub const WHY_AMOUNT: T = t!(
    "use a count (3) or a percentage (25%)",
    "hãy dùng số lượng (3) hoặc phần trăm (25%)"
);
pub const WHY_VERSION: T = t!(
    "use error%,p50,p99 such as 0.1,40,120",
    "hãy dùng lỗi%,p50,p99, ví dụ 0.1,40,120"
);
pub const WHY_FAULT: T = t!(
    "use bad:SECOND:ERROR%:FACTOR, crash:SECOND:COUNT or spike:SECOND:SECONDS:FACTOR",
    "hãy dùng bad:GIÂY:LỖI%:HỆ_SỐ, crash:GIÂY:SỐ_LƯỢNG hoặc spike:GIÂY:SỐ_GIÂY:HỆ_SỐ"
);
pub const WHY_STRATEGY: T = t!("use all-at-once, in-place, rolling, rolling-additional-batch, blue-green, canary, linear or predefined", "hãy dùng all-at-once, in-place, rolling, rolling-additional-batch, blue-green, canary, linear hoặc predefined");
pub const WHY_ROLLBACK: T = t!(
    "use none, failure, alarm or failure,alarm",
    "hãy dùng none, failure, alarm hoặc failure,alarm"
);
pub const WHY_SHIFT: T = t!(
    "use all-at-once, canary or linear",
    "hãy dùng all-at-once, canary hoặc linear"
);
pub const WHY_TRAFFIC: T = t!(
    "use steady, diurnal or spike",
    "hãy dùng steady, diurnal hoặc spike"
);
pub const WHY_METRIC: T = t!(
    "use none, error_rate, green_error_rate or p99_latency",
    "hãy dùng none, error_rate, green_error_rate hoặc p99_latency"
);
pub const WHY_MISSING: T = t!(
    "use missing, notBreaching, breaching or ignore",
    "hãy dùng missing, notBreaching, breaching hoặc ignore"
);
pub const WHY_TOO_MANY_FAULTS: T = t!("at most 20 faults", "tối đa 20 sự cố");
pub const WHY_PLATFORM: T = t!(
    "use server, ecs or lambda",
    "hãy dùng server, ecs hoặc lambda"
);
pub const WHY_UNKNOWN_KEY: T = t!("unknown setting", "thiết lập không xác định");

/// Why the engine cannot run a configuration, in the current language (the lab model words
/// it, the same words as a lab's simulation panel and its grades).
pub fn config_reason(reason: &ConfigReason) -> String {
    crate::course::family::deploy::reasons::config_reason(reason).get(lang())
}

pub fn query_warning(key: &str, value: &str, why: &str) -> String {
    format!("{key}=\"{value}\": {why}")
}

pub fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::AllAtOnce => t!("All at once (in place)", "All-at-once (in-place)"),
        Kind::InPlace => t!(
            "CodeDeploy in place: minimum healthy hosts",
            "CodeDeploy in-place: số host khỏe mạnh tối thiểu"
        ),
        Kind::Rolling => t!(
            "Rolling in batches (Elastic Beanstalk, Auto Scaling)",
            "Rolling theo từng batch (Elastic Beanstalk, Auto Scaling)"
        ),
        Kind::RollingAdditionalBatch => t!(
            "Rolling with additional batch (Elastic Beanstalk)",
            "Rolling với batch bổ sung (Elastic Beanstalk)"
        ),
        Kind::BlueGreen => t!("Blue/green", "Blue/green"),
        Kind::Canary => t!("Canary (blue/green)", "Canary (blue/green)"),
        Kind::Linear => t!("Linear (blue/green)", "Linear (blue/green)"),
        Kind::Predefined => t!(
            "CodeDeploy predefined configuration",
            "Cấu hình định sẵn của CodeDeploy"
        ),
    }
    .s()
}

pub fn shift_label(k: ShiftKind) -> &'static str {
    match k {
        ShiftKind::AllAtOnce => t!("All at once", "All-at-once"),
        ShiftKind::Canary => t!("Canary", "Canary"),
        ShiftKind::Linear => t!("Linear", "Linear"),
    }
    .s()
}

pub fn traffic_label(k: TrafficKind) -> &'static str {
    match k {
        TrafficKind::Steady => t!("Steady", "Ổn định"),
        TrafficKind::Diurnal => t!("Daily cycle", "Chu kỳ trong ngày"),
        TrafficKind::Spike => t!("Steady with a spike", "Ổn định, có một đợt đột biến"),
    }
    .s()
}

/// AWS's own names for the compute platforms, the same in every language.
pub fn platform_label(p: Platform) -> &'static str {
    match p {
        Platform::Server => "EC2/on-premises",
        Platform::Ecs => "Amazon ECS",
        Platform::Lambda => "AWS Lambda",
    }
}

pub fn metric_label(m: AlarmMetric) -> &'static str {
    match m {
        AlarmMetric::ErrorRatePercent => t!(
            "5xx rate, all traffic (%)",
            "Tỷ lệ 5xx, toàn bộ lưu lượng (%)"
        ),
        AlarmMetric::GreenErrorRatePercent => t!(
            "5xx rate of the new version (%)",
            "Tỷ lệ 5xx của phiên bản mới (%)"
        ),
        AlarmMetric::P99LatencyMs => t!("p99 latency (ms)", "Độ trễ p99 (ms)"),
    }
    .s()
}

pub fn threshold_field(m: AlarmMetric) -> &'static str {
    match m {
        AlarmMetric::P99LatencyMs => t!("Threshold (ms)", "Ngưỡng (ms)"),
        _ => t!("Threshold (%)", "Ngưỡng (%)"),
    }
    .s()
}

pub fn strategy_title(s: &StrategySetup) -> String {
    match s.kind {
        Kind::Predefined => s.name.clone(),
        Kind::InPlace => t!(
            "CodeDeploy in place, minimum healthy hosts {min}",
            "CodeDeploy in-place, tối thiểu {min} host khỏe mạnh"
        )
        .fill(&[("min", &s.min_healthy)]),
        Kind::Rolling => t!(
            "Rolling, batch {batch}, min. healthy {min}",
            "Rolling, batch {batch}, tối thiểu {min} healthy"
        )
        .fill(&[("batch", &s.batch), ("min", &s.min_healthy)]),
        Kind::RollingAdditionalBatch => t!(
            "Rolling with additional batch of {batch}",
            "Rolling với batch bổ sung {batch}"
        )
        .fill(&[("batch", &s.batch)]),
        Kind::Canary => t!(
            "Canary {percent}% for {minutes} min",
            "Canary {percent}% trong {minutes} phút"
        )
        .fill(&[("percent", &s.canary_percent), ("minutes", &s.bake_min)]),
        Kind::Linear => t!(
            "Linear {percent}% every {minutes} min",
            "Linear {percent}% mỗi {minutes} phút"
        )
        .fill(&[("percent", &s.step_percent), ("minutes", &s.interval_min)]),
        k => kind_label(k).to_string(),
    }
}

pub fn compared(title: &str) -> String {
    t!(
        "The compared strategy: {title}",
        "Chiến lược so sánh: {title}"
    )
    .fill(&[("title", &title)])
}

/// The threshold line's label on an alarm chart (the same in both languages).
pub fn threshold_label(name: &str, value: f64, unit: &str) -> String {
    format!("alarm {name} > {}{unit}", number(value, 3))
}

/// Until the parsers worker's first answer for a simulation view.
pub const SIMULATING: T = t!("Simulating…", "Đang mô phỏng…");

/// How long a simulation took: the worker job's round trip (asked, simulated, answered).
pub fn sim_took(ms: f64, duration_s: u32, fleet: u32) -> String {
    t!(
        "Simulated {span} on {fleet} targets in {ms} ms, in your browser (in a background worker).",
        "Đã mô phỏng {span} trên {fleet} target trong {ms} ms, ngay trong trình duyệt của bạn (trong một worker chạy nền)."
    )
    .fill(&[
        ("span", &super::charts::mmss(duration_s)),
        ("fleet", &fleet),
        ("ms", &number(ms, 0)),
    ])
}

/// The bad release came after a rollback had started, so no rollback stopped it.
pub fn rolled_back_before(rollback: &str, bad: &str, green_requests: u64) -> String {
    if green_requests == 0 {
        t!("No need: the rollback at {rollback} had already taken the new version out of service when it turned bad at {bad}", "Không cần: rollback lúc {rollback} đã đưa phiên bản mới ra khỏi phục vụ trước khi nó bị lỗi lúc {bad}")
        .fill(&[("rollback", &rollback), ("bad", &bad)])
    } else {
        t!("Already rolling back (since {rollback}) when it turned bad at {bad}; the new version still served {n} requests until the rollback finished", "Đang rollback (từ {rollback}) thì nó bị lỗi lúc {bad}; phiên bản mới vẫn phục vụ {n} yêu cầu cho đến khi rollback xong")
        .fill(&[
            ("rollback", &rollback),
            ("bad", &bad),
            ("n", &grouped(green_requests)),
        ])
    }
}

/// The bad release never reached a user.
pub fn never_served(bad: &str) -> String {
    t!("Never reached users: the new version served no requests after it turned bad at {bad}", "Chưa hề đến tay người dùng: phiên bản mới không phục vụ yêu cầu nào sau khi bị lỗi lúc {bad}")
    .fill(&[("bad", &bad)])
}

pub fn stopped_at(at: &str, after: &str) -> String {
    t!(
        "Yes, rollback at {at} ({after} after it turned bad)",
        "Có, rollback lúc {at} ({after} sau khi bị lỗi)"
    )
    .fill(&[("at", &at), ("after", &after)])
}

pub fn failed(failed: u64, requests: u64, percent: f64) -> String {
    t!(
        "{failed} of {requests} ({percent} %)",
        "{failed} trên {requests} ({percent} %)"
    )
    .fill(&[
        ("failed", &grouped(failed)),
        ("requests", &grouped(requests)),
        ("percent", &number(percent, 2)),
    ])
}

pub use crate::ui::text::grouped;

pub fn seconds(n: u32) -> String {
    match (lang(), n) {
        (Lang::En, 1) => "1 second".to_string(),
        _ => t!("{n} seconds", "{n} giây").fill(&[("n", &n)]),
    }
}

pub fn extra(n: u32, fleet: u32) -> String {
    t!(
        "{n} (beyond the fleet of {fleet})",
        "{n} (ngoài fleet {fleet} instance)"
    )
    .fill(&[("n", &n), ("fleet", &fleet)])
}

pub fn later_events(n: usize) -> String {
    match (lang(), n) {
        (Lang::En, 1) => {
            "1 more event later in the run: press Play or move the time slider.".to_string()
        }
        _ => t!(
            "{n} more events later in the run: press Play or move the time slider.",
            "Còn {n} sự kiện nữa ở phần sau của lần chạy: bấm Phát hoặc kéo thanh trượt thời gian."
        )
        .fill(&[("n", &n)]),
    }
}

pub fn remove_fault(n: usize) -> String {
    t!("Remove fault {n}", "Xóa sự cố {n}").fill(&[("n", &n)])
}

pub fn fault_label(f: &Fault) -> String {
    match *f {
        Fault::BadRelease {
            error_rate,
            latency_factor,
            ..
        } => t!(
            "Bad release: {rate} % errors, latency ×{factor}",
            "Bản phát hành lỗi: {rate} % lỗi, độ trễ ×{factor}"
        )
        .fill(&[
            ("rate", &number(error_rate, 3)),
            ("factor", &number(latency_factor, 3)),
        ]),
        Fault::InstanceCrash { count, .. } => {
            t!("{count} instances crash", "{count} instance bị sập").fill(&[("count", &count)])
        }
        Fault::TrafficSpike {
            duration_s,
            multiplier,
            ..
        } => t!(
            "Traffic ×{factor} for {seconds} s",
            "Lưu lượng ×{factor} trong {seconds} giây"
        )
        .fill(&[("factor", &number(multiplier, 3)), ("seconds", &duration_s)]),
    }
}

/// A chart's title and its legend keys (CSS class, text).
pub fn chart_title(kind: ChartKind) -> (T, &'static [(&'static str, T)]) {
    match kind {
        ChartKind::Traffic => (
            t!("Who serves the requests", "Ai phục vụ các yêu cầu"),
            &[
                ("blue", t!("■ blue (current)", "■ blue (hiện tại)")),
                ("green", t!("■ green (new)", "■ green (mới)")),
                (
                    "rejected",
                    t!("■ rejected (no capacity)", "■ bị từ chối (hết capacity)"),
                ),
            ],
        ),
        ChartKind::Errors => (
            t!("Failed requests (5xx)", "Yêu cầu lỗi (5xx)"),
            &[(
                "errors",
                t!(
                    "— 5xx rate of all requests, per second",
                    "— tỷ lệ 5xx trên mọi yêu cầu, theo từng giây"
                ),
            )],
        ),
        ChartKind::Latency => (
            t!("Latency", "Độ trễ"),
            &[("p50", t!("— p50", "— p50")), ("p99", t!("— p99", "— p99"))],
        ),
        ChartKind::Capacity => (
            t!("Capacity", "Năng lực xử lý"),
            &[
                ("capacity", t!("— healthy targets", "— target healthy")),
                (
                    "instances",
                    t!("— running instances", "— instance đang chạy"),
                ),
                ("fleet", t!("- - fleet size", "- - kích thước fleet")),
            ],
        ),
    }
}

pub fn chart_aria(kind: ChartKind, s: &Summary, duration_s: u32) -> String {
    let span = super::charts::mmss(duration_s);
    match kind {
        ChartKind::Traffic => t!(
            "Chart: requests per second by version over {span}; {n} requests in all.",
            "Biểu đồ: số yêu cầu mỗi giây theo phiên bản trong {span}; tổng cộng {n} yêu cầu."
        )
        .fill(&[("span", &span), ("n", &s.requests)]),
        ChartKind::Errors => t!(
            "Chart: 5xx rate of all requests, per second, over {span}; {n} failed requests.",
            "Biểu đồ: tỷ lệ 5xx trên mọi yêu cầu, theo từng giây, trong {span}; {n} yêu cầu lỗi."
        )
        .fill(&[("span", &span), ("n", &s.failed_requests)]),
        ChartKind::Latency => t!(
            "Chart: p50 and p99 latency over {span}.",
            "Biểu đồ: độ trễ p50 và p99 trong {span}."
        )
        .fill(&[("span", &span)]),
        ChartKind::Capacity => t!(
            "Chart: healthy targets and running instances over {span}; at most {n} instances.",
            "Biểu đồ: target healthy và instance đang chạy trong {span}; tối đa {n} instance."
        )
        .fill(&[("span", &span), ("n", &s.peak_instances)]),
    }
}

/// The y axis of an alarm's chart.
pub fn alarm_y(m: AlarmMetric) -> &'static str {
    match m {
        AlarmMetric::P99LatencyMs => "p99 (ms)",
        _ => "5xx (%)",
    }
}

/// What an alarm's chart shows: its title and the sentence under it.
pub fn alarm_chart_title(name: &str) -> String {
    t!(
        "What alarm {name} evaluates",
        "Những gì alarm {name} đánh giá"
    )
    .fill(&[("name", &name)])
}

/// The metric an alarm watches, in words.
pub fn alarm_metric_words(m: AlarmMetric) -> &'static str {
    match m {
        AlarmMetric::ErrorRatePercent => {
            t!("the 5xx rate of all requests", "tỷ lệ 5xx trên mọi yêu cầu")
        }
        AlarmMetric::GreenErrorRatePercent => t!(
            "the 5xx rate of the new version's requests",
            "tỷ lệ 5xx trên các yêu cầu của phiên bản mới"
        ),
        AlarmMetric::P99LatencyMs => t!("the p99 latency", "độ trễ p99"),
    }
    .s()
}

/// How an alarm turns a metric into datapoints and a state, as CloudWatch does.
pub fn alarm_chart_rule(
    m: AlarmMetric,
    statistic: &str,
    period_s: u32,
    datapoints_to_alarm: u32,
    evaluation_periods: u32,
    threshold: f64,
) -> String {
    t!("One datapoint per {period} s period: the {statistic} of {metric} over the period. ALARM when {m} of the last {n} datapoints are above {threshold}{unit}.", "Mỗi period {period} giây cho một datapoint: {statistic} của {metric} trong period đó. Chuyển sang ALARM khi {m} trong {n} datapoint gần nhất vượt trên {threshold}{unit}.")
    .fill(&[
        ("period", &period_s),
        ("statistic", &statistic),
        ("metric", &alarm_metric_words(m)),
        ("m", &datapoints_to_alarm),
        ("n", &evaluation_periods),
        ("threshold", &number(threshold, 3)),
        ("unit", &super::charts::unit(m)),
    ])
}

pub const ALARM_KEYS: &[(&str, T)] = &[
    ("breaching", t!("● breaching", "● vượt ngưỡng")),
    (
        "not-breaching",
        t!("○ not breaching", "○ không vượt ngưỡng"),
    ),
    ("missing", t!("× missing", "× thiếu dữ liệu")),
    ("threshold", t!("- - threshold", "- - ngưỡng")),
    ("in-alarm", t!("▮ in ALARM", "▮ ở trạng thái ALARM")),
];

/// The alarm chart's label for screen readers.
pub fn alarm_aria(name: &str, count: usize, breaching: usize, alarm_at: Option<&str>) -> String {
    let fired = match alarm_at {
        Some(at) => t!(
            "it went to ALARM at {at}",
            "alarm chuyển sang ALARM lúc {at}"
        )
        .fill(&[("at", &at)]),
        None => t!(
            "it never went to ALARM",
            "alarm chưa lần nào chuyển sang ALARM"
        )
        .s()
        .to_string(),
    };
    t!("Chart: the {count} datapoints alarm {name} evaluated, {breaching} of them breaching; {fired}.", "Biểu đồ: {count} datapoint mà alarm {name} đã đánh giá, {breaching} trong số đó vượt ngưỡng; {fired}.")
    .fill(&[
        ("count", &count),
        ("name", &name),
        ("breaching", &breaching),
        ("fired", &fired),
    ])
}

// ---------------------------------------------------------------------------------------
// The event log: the engine returns each event as data, worded here.
// ---------------------------------------------------------------------------------------

/// A strategy as the event log names it.
pub fn strategy_words(s: &Strategy) -> String {
    match s {
        Strategy::AllAtOnce => t!("all at once, in place", "all-at-once, in-place")
            .s()
            .to_string(),
        Strategy::InPlace {
            min_healthy: Amount::MostConcurrency(count),
        } => t!(
            "in place, {count} instance at a time: minimumHealthyHosts MOST_CONCURRENCY {count}, all instances but {count} kept healthy",
            "in-place, mỗi lần {count} instance: minimumHealthyHosts MOST_CONCURRENCY {count}, mọi instance trừ {count} được giữ healthy"
        )
        .fill(&[("count", count)]),
        Strategy::InPlace { min_healthy } => t!(
            "in place, minimumHealthyHosts {min}: as many instances at a time as that minimum allows",
            "in-place, minimumHealthyHosts {min}: mỗi lần triển khai lên nhiều instance nhất mà mức tối thiểu đó cho phép"
        )
        .fill(&[("min", min_healthy)]),
        Strategy::Rolling { batch, min_healthy } => t!(
            "rolling, batches of {batch}, minimum healthy hosts {min}",
            "rolling, batch {batch}, tối thiểu {min} host khỏe mạnh"
        )
        .fill(&[("batch", batch), ("min", min_healthy)]),
        Strategy::RollingWithAdditionalBatch { batch } => t!(
            "rolling with an additional batch of {batch}",
            "rolling với batch bổ sung {batch}"
        )
        .fill(&[("batch", batch)]),
        Strategy::BlueGreen { shift, .. } => match *shift {
            TrafficShift::AllAtOnce => t!(
                "blue/green, all traffic at once",
                "blue/green, chuyển toàn bộ lưu lượng một lần"
            )
            .s()
            .to_string(),
            TrafficShift::Canary { percent, bake_s } => t!(
                "canary, {percent}% then the rest after {seconds} s",
                "canary, {percent}% rồi phần còn lại sau {seconds} giây"
            )
            .fill(&[("percent", &percent), ("seconds", &bake_s)]),
            TrafficShift::Linear {
                step_percent,
                interval_s,
            } => t!(
                "linear, {percent}% every {seconds} s",
                "linear, {percent}% mỗi {seconds} giây"
            )
            .fill(&[("percent", &step_percent), ("seconds", &interval_s)]),
        },
    }
}

/// Instance ids as the log lists them: at most five, then "…".
fn id_list(ids: &[u32]) -> String {
    let shown: Vec<String> = ids.iter().take(5).map(|id| format!("i-{id}")).collect();
    if ids.len() > shown.len() {
        format!("{}, …", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// One line of the event log, without its time.
pub fn event(e: &Event) -> String {
    let other = |c: Color| match c {
        Color::Blue => Color::Green,
        Color::Green => Color::Blue,
    };
    match &e.detail {
        EventDetail::BadRelease {
            error_rate,
            latency_factor,
        } => t!("green turns bad: error rate {rate}%, latency x{factor}", "green bị lỗi: tỷ lệ lỗi {rate}%, độ trễ x{factor}")
        .fill(&[
            ("rate", &number(error_rate * 100.0, 1)),
            ("factor", &number(*latency_factor, 3)),
        ]),
        EventDetail::Crashed { instances } => {
            let list: Vec<String> = instances
                .iter()
                .map(|(id, c)| format!("i-{id} ({})", c.name()))
                .collect();
            t!("crashed: {list}", "bị sập: {list}").fill(&[("list", &list.join(", "))])
        }
        EventDetail::TrafficSpike {
            multiplier,
            duration_s,
        } => t!("traffic spike: x{factor} for {seconds} s", "lưu lượng đột biến: x{factor} trong {seconds} giây")
        .fill(&[("factor", &number(*multiplier, 3)), ("seconds", duration_s)]),
        EventDetail::DeploymentStarted { strategy } => {
            t!("deployment started: {strategy}", "deployment bắt đầu: {strategy}")
                .fill(&[("strategy", &strategy_words(strategy))])
        }
        EventDetail::ReplacementFleet { count } => t!("launched {count} green instances (replacement fleet)", "đã khởi chạy {count} instance green (fleet thay thế)")
        .fill(&[("count", count)]),
        EventDetail::InstanceReplaced {
            id,
            color,
            checks,
            replacement,
        } => t!("i-{id} ({color}) failed {checks} health checks: deregistered and replaced by i-{new}", "i-{id} ({color}) không qua {checks} lần health check: đã deregister và thay bằng i-{new}")
        .fill(&[
            ("id", id),
            ("color", &color.name()),
            ("checks", checks),
            ("new", replacement),
        ]),
        EventDetail::Deploying {
            color,
            instances,
            healthy,
            min_healthy,
        } => t!("deploying {color} to {count} instances ({ids}): {healthy} healthy, minimum {min}", "đang triển khai {color} lên {count} instance ({ids}): {healthy} healthy, tối thiểu {min}")
        .fill(&[
            ("color", &color.name()),
            ("count", &instances.len()),
            ("ids", &id_list(instances)),
            ("healthy", healthy),
            ("min", min_healthy),
        ]),
        EventDetail::Deployed { color, instances } => t!("{count} instances healthy on {color} ({ids})", "{count} instance {color} đã healthy ({ids})")
        .fill(&[
            ("count", &instances.len()),
            ("color", &color.name()),
            ("ids", &id_list(instances)),
        ]),
        EventDetail::BatchDeploying {
            batch,
            color,
            instances,
        } => t!("batch {batch}: deploying {color} to {count} instances ({ids})", "batch {batch}: đang triển khai {color} lên {count} instance ({ids})")
        .fill(&[
            ("batch", batch),
            ("color", &color.name()),
            ("count", &instances.len()),
            ("ids", &id_list(instances)),
        ]),
        EventDetail::BatchLaunched {
            batch,
            color,
            count,
        } => t!("batch {batch}: launched {count} {color} instances", "batch {batch}: đã khởi chạy {count} instance {color}")
        .fill(&[("batch", batch), ("count", count), ("color", &color.name())]),
        EventDetail::BatchHealthy {
            batch,
            color,
            count,
            terminated: None,
        } => t!("batch {batch}: {count} instances healthy on {color}", "batch {batch}: {count} instance {color} đã healthy")
        .fill(&[("batch", batch), ("count", count), ("color", &color.name())]),
        EventDetail::BatchHealthy {
            batch,
            color,
            count,
            terminated: Some(old),
        } => t!("batch {batch}: {count} {color} instances healthy; terminated {old} {other} instances", "batch {batch}: {count} instance {color} đã healthy; đã terminate {old} instance {other}")
        .fill(&[
            ("batch", batch),
            ("count", count),
            ("color", &color.name()),
            ("old", old),
            ("other", &other(*color).name()),
        ]),
        EventDetail::FleetHealthy { count } => t!("green fleet healthy: {count} instances", "fleet green đã healthy: {count} instance")
        .fill(&[("count", count)]),
        EventDetail::TestTraffic { rps, duration_s } => t!("test traffic: {rps} requests per second to green for {seconds} s", "lưu lượng test: {rps} yêu cầu mỗi giây tới green trong {seconds} giây")
        .fill(&[("rps", &number(*rps, 3)), ("seconds", duration_s)]),
        EventDetail::Shifted { by, green_percent } => t!("shifted {by}% to green ({green}% green, {blue}% blue)", "đã chuyển {by}% sang green ({green}% green, {blue}% blue)")
        .fill(&[
            ("by", by),
            ("green", green_percent),
            ("blue", &(100 - green_percent)),
        ]),
        EventDetail::BlueKept { wait_s } => t!("all traffic on green; blue stays up for {seconds} s before termination", "toàn bộ lưu lượng ở green; blue vẫn chạy thêm {seconds} giây trước khi bị terminate")
        .fill(&[("seconds", wait_s)]),
        EventDetail::BlueKeptAlive { count } => t!("all traffic on green; KEEP_ALIVE: {count} blue instances deregistered and left running", "toàn bộ lưu lượng ở green; KEEP_ALIVE: {count} instance blue đã được deregister và vẫn tiếp tục chạy")
        .fill(&[("count", count)]),
        EventDetail::ShiftedBack { percent } => t!("shifted {percent}% back to blue (0% green, 100% blue)", "đã chuyển {percent}% về lại blue (0% green, 100% blue)")
        .fill(&[("percent", percent)]),
        EventDetail::Terminated { color, count } => t!("terminated {count} {color} instances", "đã terminate {count} instance {color}")
        .fill(&[("count", count), ("color", &color.name())]),
        EventDetail::AlarmChanged { alarm, to, reason } => t!("alarm {name} {state}: {reason}", "alarm {name} chuyển sang {state}: {reason}")
        .fill(&[("name", alarm), ("state", to), ("reason", reason)]),
        EventDetail::Stopped {
            alarm,
            rolling_back: true,
        } => t!("deployment stopped: alarm {name} is in ALARM", "deployment bị dừng: alarm {name} đang ở trạng thái ALARM")
        .fill(&[("name", alarm)]),
        EventDetail::Stopped {
            alarm,
            rolling_back: false,
        } => t!("deployment stopped: alarm {name} is in ALARM; no automatic rollback (DEPLOYMENT_STOP_ON_ALARM is not set), so everything stays as it is now", "deployment bị dừng: alarm {name} đang ở trạng thái ALARM; không có rollback tự động (chưa đặt DEPLOYMENT_STOP_ON_ALARM), nên mọi thứ giữ nguyên như hiện tại")
        .fill(&[("name", alarm)]),
        EventDetail::RollbackStarted { event } => t!("automatic rollback started ({event}): a new deployment of the last good revision", "bắt đầu rollback tự động ({event}): một deployment mới của revision tốt gần nhất")
        .fill(&[("event", &event.name())]),
        EventDetail::Redeploying { additional: true } => t!("redeploying blue with the same additional batches", "triển khai lại blue với cùng các batch bổ sung")
        .s()
        .to_string(),
        EventDetail::Redeploying { additional: false } => t!("redeploying blue in place, the same way", "triển khai lại blue in-place, theo cùng cách")
        .s()
        .to_string(),
        EventDetail::RollbackFinished { in_place: true } => t!("rollback finished: every instance runs blue", "rollback xong: mọi instance đều chạy blue")
        .s()
        .to_string(),
        EventDetail::RollbackFinished { in_place: false } => t!("rollback finished: blue serves all traffic", "rollback xong: blue phục vụ toàn bộ lưu lượng")
        .s()
        .to_string(),
        EventDetail::DeploymentSucceeded { in_place: true } => t!("deployment succeeded: every instance runs green", "deployment thành công: mọi instance đều chạy green")
        .s()
        .to_string(),
        EventDetail::DeploymentSucceeded { in_place: false } => t!("deployment succeeded: green serves all traffic", "deployment thành công: green phục vụ toàn bộ lưu lượng")
        .s()
        .to_string(),
        EventDetail::NoRoom {
            healthy,
            min_healthy,
        } => t!("deployment failed: {healthy} healthy instances leave no room above the minimum of {min} healthy hosts", "deployment thất bại: {healthy} instance healthy không còn chỗ trên mức tối thiểu {min} host khỏe mạnh")
        .fill(&[("healthy", healthy), ("min", min_healthy)]),
    }
}

/// Whether an event put an alarm in ALARM (the log's deciding events keep those).
pub fn went_to_alarm(e: &Event) -> bool {
    matches!(
        e.detail,
        EventDetail::AlarmChanged {
            to: AlarmState::Alarm,
            ..
        }
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn big_numbers_get_thousands_separators() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(1_000), "1,000");
        assert_eq!(super::grouped(3_600_065), "3,600,065");
    }

    /// The event log names OneAtATime's real minimumHealthyHosts, not a minimum of 0.
    #[test]
    fn one_at_a_time_is_logged_as_most_concurrency_1() {
        let strategy = crate::engine::deploy::predefined("CodeDeployDefault.OneAtATime").unwrap();
        let words = super::strategy_words(&strategy);
        assert_eq!(
            words,
            "in place, 1 instance at a time: minimumHealthyHosts MOST_CONCURRENCY 1, all instances but 1 kept healthy"
        );
        assert!(!words.contains("minimum healthy hosts 0"), "{words}");
    }
}
