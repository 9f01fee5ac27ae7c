//! Which of the 2025 report's team profiles a team's delivery metrics resemble, worded for
//! the learner: the engine's reading (`dora::resembles`) with the profiles' names as the
//! report writes them and short descriptions in the current language.
use yew::prelude::*;

use crate::engine::dora::{self, FourKeys, Instability, TeamProfile, Throughput};
use crate::ui::i18n::T;

#[derive(Properties, PartialEq)]
pub struct ProfileViewProps {
    pub keys: FourKeys,
    /// The heading's level: one below the page's or section's own heading.
    #[prop_or(3)]
    pub level: u8,
}

/// The profile reading under a metrics table.
#[component]
pub fn ProfileView(props: &ProfileViewProps) -> Html {
    let Some(reading) = dora::resembles(&props.keys) else {
        return html! {};
    };
    let throughput = match reading.throughput {
        Throughput::Faster => FASTER,
        Throughput::Slower => SLOWER,
    };
    let instability = match reading.instability {
        Instability::Lower => LOWER,
        Instability::Higher => HIGHER,
    };
    let found = if reading.candidates.is_empty() {
        html! { <p data-profiles="none">{ NONE.s() }</p> }
    } else {
        html! {
            <>
                <p>{ RESEMBLES.s() }</p>
                <ul data-profiles={reading.candidates.iter().map(|p| p.id()).collect::<Vec<_>>().join(" ")}>
                    { for reading.candidates.iter().map(|&p| html! {
                        <li><strong lang="en">{ p.name() }</strong>{ ": " }{ description(p).s() }</li>
                    }) }
                </ul>
                <p>{ CANNOT_TELL.s() }</p>
            </>
        }
    };
    html! {
        <section class="profile" aria-label={TITLE.s()}>
            <@{format!("h{}", props.level.clamp(2, 6))}>{ TITLE.s() }</@>
            <p>{ throughput.s() }{ " " }{ instability.s() }</p>
            { found }
            <p class="muted">{ MEASURES.s() }</p>
        </section>
    }
}

/// A profile's description, in short (this app's summary, not the report's words).
fn description(p: TeamProfile) -> T {
    match p {
        TeamProfile::FoundationalChallenges => t!(
            "in survival mode, with gaps in basic processes and low results on most measures.",
            "đang trong tình trạng chống đỡ để tồn tại, quy trình cơ bản còn nhiều lỗ hổng và phần lớn các thước đo đều thấp."
        ),
        TeamProfile::LegacyBottleneck => t!(
            "constantly reacting to unstable systems, which set the pace of the work.",
            "liên tục phải chạy theo xử lý các hệ thống thiếu ổn định, và chính các hệ thống này quyết định nhịp làm việc."
        ),
        TeamProfile::ConstrainedByProcess => t!(
            "stable systems, but inefficient processes consume the team's effort.",
            "hệ thống ổn định, nhưng các quy trình kém hiệu quả tiêu tốn công sức của nhóm."
        ),
        TeamProfile::HighImpactLowCadence => t!(
            "work of high quality and impact, delivered slowly and with unstable operations.",
            "làm ra sản phẩm chất lượng và có tác động lớn, nhưng phân phối chậm và vận hành chưa ổn định."
        ),
        TeamProfile::StableAndMethodical => t!(
            "deliberate, stable delivery of high-quality work at a lower pace.",
            "phân phối thận trọng, ổn định, sản phẩm chất lượng cao nhưng với nhịp độ chậm hơn."
        ),
        TeamProfile::PragmaticPerformers => t!(
            "fast and stable delivery in functional environments, though well-being is not the highest.",
            "phân phối nhanh và ổn định trong môi trường làm việc vận hành tốt, dù mức độ hài lòng, sức khỏe của nhóm chưa phải cao nhất."
        ),
        TeamProfile::HarmoniousHighAchievers => t!(
            "a virtuous cycle: fast, stable delivery with high well-being and little friction or burnout.",
            "một vòng tuần hoàn tích cực: phân phối nhanh, ổn định, nhóm khỏe mạnh, ít friction và burnout."
        ),
    }
}

const TITLE: T = t!(
    "2025 team profiles: what the delivery metrics resemble",
    "Team profile 2025: các chỉ số phân phối giống profile nào"
);
const FASTER: T = t!(
    "Throughput: faster (most throughput metrics rate elite or high).",
    "Throughput: nhanh hơn (phần lớn chỉ số throughput ở mức Elite hoặc High)."
);
const SLOWER: T = t!(
    "Throughput: slower (most throughput metrics rate medium or low).",
    "Throughput: chậm hơn (phần lớn chỉ số throughput ở mức Medium hoặc Low)."
);
const LOWER: T = t!(
    "Instability: lower (change fail rate and rework rate both at most 15%).",
    "Instability: thấp hơn (change fail rate và rework rate đều không quá 15%)."
);
const HIGHER: T = t!(
    "Instability: higher (change fail rate or rework rate above 15%).",
    "Instability: cao hơn (change fail rate hoặc rework rate trên 15%)."
);
const RESEMBLES: T = t!(
    "The team's delivery resembles one of these profiles (descriptions in short):",
    "Phần phân phối phần mềm của nhóm giống một trong các profile sau (mô tả tóm tắt):"
);
const CANNOT_TELL: T = t!(
    "Which one cannot be told from delivery metrics alone: these profiles differ in measures a log does not have.",
    "Không thể biết là profile nào nếu chỉ dựa vào các chỉ số phân phối: các profile này khác nhau ở những thước đo mà nhật ký không có."
);
const NONE: T = t!(
    "None of the seven profiles is described with fast but unstable delivery: the delivery metrics alone cannot place this team. Work on instability first.",
    "Không có profile nào trong bảy profile được mô tả là phân phối nhanh nhưng bất ổn: chỉ các chỉ số phân phối thì không xếp được nhóm này. Hãy ưu tiên cải thiện độ bất ổn trước."
);
const MEASURES: T = t!(
    "This is this app's own approximation: the 2025 report gives no numeric boundaries, and builds its profiles from eight measures (throughput, instability, team performance, product performance, individual effectiveness, valuable work, friction, burnout), of which a log has only the first two.",
    "Đây là cách ước lượng riêng của ứng dụng này: báo cáo 2025 không đưa ra ngưỡng số nào, và xây dựng các profile từ tám thước đo (throughput, instability, hiệu suất nhóm, hiệu suất sản phẩm, hiệu quả cá nhân, thời gian làm việc có giá trị, friction, burnout), trong đó nhật ký chỉ có hai thước đo đầu."
);
