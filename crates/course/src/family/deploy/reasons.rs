//! Why a deployment configuration cannot run, worded for the learner: the engine returns
//! its reasons as data (`engine::deploy::ConfigReason`, `engine::alarm::AlarmReason`) and
//! these functions word them in both languages. Field names stay as the engine and AWS
//! write them (`strategy.batch`, EvaluationPeriods, DatapointsToAlarm…), as do AWS's own
//! values (GreaterThanThreshold, notBreaching, CodeDeployDefault.…).
use engine::alarm::{AlarmReason, LONG_PERIOD_SECONDS};
use engine::deploy::{
    ConfigError, ConfigReason, MAX_DURATION_S, MAX_FLEET_SIZE, MAX_TERMINATION_WAIT_S, PREDEFINED,
};

use crate::lang::{Value, Wording, T};

/// The error with the field at fault first, as `strategy.batch: 0% is outside 1 to 100 percent`.
pub fn config_error(e: &ConfigError) -> Wording {
    // Punctuation only: the same in every language.
    Wording::new(T("{field}: {reason}"))
        .with("field", e.field.as_str())
        .with("reason", config_reason(&e.reason))
}

/// A value the learner gave, written in full.
fn exact(x: f64) -> Value {
    Value::Exact(x)
}

/// What is wrong with a configuration, in one clause.
pub fn config_reason(reason: &ConfigReason) -> Wording {
    let w = |text: T| Wording::new(text);
    match reason {
        ConfigReason::Duration { duration_s } => w(t!(
            "the duration must be between 1 and {max} seconds, not {value}",
            "thời lượng mô phỏng phải từ 1 đến {max} giây, không phải {value}"
        ))
        .with("max", MAX_DURATION_S)
        .with("value", *duration_s),
        ConfigReason::FleetSize { fleet_size } => w(t!(
            "the fleet must have between 1 and {max} instances, not {value}",
            "fleet phải có từ 1 đến {max} instance, không phải {value}"
        ))
        .with("max", MAX_FLEET_SIZE)
        .with("value", *fleet_size),
        ConfigReason::TargetCapacity => w(t!(
            "a target's capacity must be a positive number of requests per second",
            "công suất của một target phải là một số yêu cầu mỗi giây lớn hơn 0"
        )),
        ConfigReason::StartupOverHour { startup_s } => w(t!(
            "a start-up time of {seconds} s is over one hour",
            "thời gian khởi động {seconds} giây vượt quá một giờ"
        ))
        .with("seconds", *startup_s),
        ConfigReason::DeployAfterEnd {
            deploy_at_s,
            duration_s,
        } => w(t!(
            "the deployment starts at {at} s, not before the end of the simulation ({end} s)",
            "deployment phải bắt đầu trước khi mô phỏng kết thúc ({end} giây), không phải lúc {at} giây"
        ))
        .with("at", *deploy_at_s)
        .with("end", *duration_s),
        ConfigReason::RequestRate => w(t!(
            "requests per second must be between 0 and 1,000,000",
            "số yêu cầu mỗi giây phải từ 0 đến 1.000.000"
        )),
        ConfigReason::Amplitude { percent } => w(t!(
            "the amplitude must be between 0 and 100 percent, not {value}",
            "biên độ dao động phải từ 0 đến 100 phần trăm, không phải {value}"
        ))
        .with("value", exact(*percent)),
        ConfigReason::DiurnalPeriod => w(t!(
            "the diurnal period must be at least one second",
            "chu kỳ trong ngày phải dài ít nhất một giây"
        )),
        ConfigReason::SpikeDuration => w(t!(
            "a spike must last at least one second",
            "đợt đột biến phải kéo dài ít nhất một giây"
        )),
        ConfigReason::SpikeMultiplier { multiplier } => w(t!(
            "a spike multiplier must be between 0 and 100, not {value}",
            "hệ số đột biến phải từ 0 đến 100, không phải {value}"
        ))
        .with("value", exact(*multiplier)),
        ConfigReason::HealthCheckInterval { interval_s } => w(t!(
            "the health check interval must be 5 to 300 seconds, not {value}",
            "khoảng cách giữa hai lần health check phải từ 5 đến 300 giây, không phải {value}"
        ))
        .with("value", *interval_s),
        ConfigReason::HealthCheckThreshold { threshold } => w(t!(
            "a health check threshold must be 2 to 10, not {value}",
            "ngưỡng health check phải từ 2 đến 10, không phải {value}"
        ))
        .with("value", *threshold),
        ConfigReason::ErrorRate { error_rate } => w(t!(
            "an error rate must be between 0 and 1, not {value}",
            "tỷ lệ lỗi phải từ 0 đến 1, không phải {value}"
        ))
        .with("value", exact(*error_rate)),
        ConfigReason::MedianLatency => w(t!(
            "the median latency must be positive and at most 600,000 ms",
            "độ trễ trung vị phải lớn hơn 0 và tối đa 600.000 ms"
        )),
        ConfigReason::P99Latency { p99_ms, p50_ms } => w(t!(
            "the p99 latency ({p99} ms) must be at least the median ({p50} ms) and at most 600,000 ms",
            "độ trễ p99 ({p99} ms) phải lớn hơn hoặc bằng trung vị ({p50} ms) và tối đa 600.000 ms"
        ))
        .with("p99", exact(*p99_ms))
        .with("p50", exact(*p50_ms)),
        ConfigReason::Percent { percent, low, high } => w(t!(
            "{percent}% is outside {low} to {high} percent",
            "{percent}% nằm ngoài khoảng {low} đến {high} phần trăm"
        ))
        .with("percent", *percent)
        .with("low", *low)
        .with("high", *high),
        ConfigReason::EmptyBatch => w(t!(
            "the batch size is 0: a batch needs at least one instance",
            "kích thước batch là 0: mỗi batch cần ít nhất một instance"
        )),
        ConfigReason::BatchOverFleet { count, fleet } => w(t!(
            "a batch of {count} instances is larger than the fleet of {fleet}",
            "batch {count} instance lớn hơn cả fleet ({fleet} instance)"
        ))
        .with("count", *count)
        .with("fleet", *fleet),
        ConfigReason::NoRoomToDeploy {
            min_healthy,
            fleet,
            minimum,
        } => w(t!(
            "minimum healthy hosts {min_healthy} of {fleet} instances is {minimum}, which leaves no instance to deploy to: it must be less than the fleet",
            "số host healthy tối thiểu {min_healthy} của fleet {fleet} instance là {minimum}, không còn instance nào để triển khai: con số này phải nhỏ hơn kích thước fleet"
        ))
        .with("min_healthy", min_healthy.to_string())
        .with("fleet", *fleet)
        .with("minimum", *minimum),
        ConfigReason::CanaryBake => w(t!(
            "a canary needs a bake time of at least one second",
            "canary cần thời gian theo dõi (bake time) ít nhất một giây"
        )),
        ConfigReason::LinearInterval => w(t!(
            "a linear shift needs an interval of at least one second",
            "chuyển lưu lượng linear cần khoảng cách giữa các bước ít nhất một giây"
        )),
        ConfigReason::TestRate => w(t!(
            "test traffic must be between 0 and 1,000,000 requests per second",
            "lưu lượng test phải từ 0 đến 1.000.000 yêu cầu mỗi giây"
        )),
        ConfigReason::TestTrafficOverDay => w(t!(
            "test traffic cannot last longer than a day",
            "lưu lượng test không được kéo dài quá một ngày"
        )),
        ConfigReason::TerminationWait => w(t!(
            "the wait before terminating the original fleet is at most {max} s ({minutes} minutes)",
            "thời gian chờ trước khi terminate fleet ban đầu tối đa là {max} giây ({minutes} phút)"
        ))
        .with("max", MAX_TERMINATION_WAIT_S)
        .with("minutes", MAX_TERMINATION_WAIT_S / 60),
        ConfigReason::EmptyAlarmName => w(t!(
            "the alarm name is empty",
            "tên của alarm đang để trống"
        )),
        ConfigReason::Alarm(reason) => alarm_reason(reason),
        ConfigReason::FaultAfterEnd { at_s, duration_s } => w(t!(
            "the fault at {at} s is not before the end of the simulation ({end} s)",
            "sự cố phải xảy ra trước khi mô phỏng kết thúc ({end} giây), không phải lúc {at} giây"
        ))
        .with("at", *at_s)
        .with("end", *duration_s),
        ConfigReason::LatencyFactor { factor } => w(t!(
            "a latency factor must be between 0.01 and 1000, not {value}",
            "hệ số độ trễ phải từ 0,01 đến 1000, không phải {value}"
        ))
        .with("value", exact(*factor)),
        ConfigReason::EmptyCrash => w(t!(
            "a crash needs at least one instance",
            "sự cố sập phải làm sập ít nhất một instance"
        )),
        ConfigReason::UnknownConfiguration { name, near } => w(t!(
            "unknown deployment configuration \"{name}\": {hint}",
            "không có deployment configuration nào tên \"{name}\": {hint}"
        ))
        .with("name", name.as_str())
        .with("hint", suggestion(near)),
    }
}

/// What to write after an unknown configuration name: up to three close names, or the rule
/// that names follow.
fn suggestion(near: &[&'static str]) -> Wording {
    match near {
        [] => Wording::new(t!(
            "it is not one of the {count} predefined configurations (names start with CodeDeployDefault. and are case-sensitive)",
            "đây không phải một trong {count} cấu hình định sẵn (tên bắt đầu bằng CodeDeployDefault. và phân biệt chữ hoa, chữ thường)"
        ))
        .with("count", PREDEFINED.len()),
        [a] => Wording::new(t!("did you mean {a}?", "có phải ý bạn là {a}?")).with("a", *a),
        [a, b] => Wording::new(t!(
            "did you mean {a}, or {b}?",
            "có phải ý bạn là {a} hay {b}?"
        ))
        .with("a", *a)
        .with("b", *b),
        [a, b, c, ..] => Wording::new(t!(
            "did you mean {a}, or {b}, or {c}?",
            "có phải ý bạn là {a}, {b} hay {c}?"
        ))
        .with("a", *a)
        .with("b", *b)
        .with("c", *c),
    }
}

/// What is wrong with an alarm's configuration, in one clause.
pub fn alarm_reason(reason: &AlarmReason) -> Wording {
    let w = |text: T| Wording::new(text);
    match reason {
        AlarmReason::UnknownComparisonOperator { text } => w(t!(
            "unknown comparison operator \"{text}\": use GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold or LessThanOrEqualToThreshold",
            "ComparisonOperator \"{text}\" không hợp lệ: hãy dùng GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold hoặc LessThanOrEqualToThreshold"
        ))
        .with("text", text.as_str()),
        AlarmReason::UnknownTreatMissingData { text } => w(t!(
            "unknown value \"{text}\": use missing, notBreaching, breaching or ignore",
            "giá trị \"{text}\" không hợp lệ: hãy dùng missing, notBreaching, breaching hoặc ignore"
        ))
        .with("text", text.as_str()),
        AlarmReason::UnknownStatistic { text } => w(t!(
            "unknown statistic \"{text}\": use SampleCount, Average, Sum, Minimum, Maximum or a percentile such as p99",
            "statistic \"{text}\" không hợp lệ: hãy dùng SampleCount, Average, Sum, Minimum, Maximum hoặc một percentile như p99"
        ))
        .with("text", text.as_str()),
        // p99.9 is the statistic's name as CloudWatch writes it, in every language.
        AlarmReason::PercentileOutOfRange { p } => w(t!(
            "percentile p{p} is outside 0 to 100",
            "percentile p{p} nằm ngoài khoảng 0 đến 100"
        ))
        .with("p", p.to_string()),
        AlarmReason::EmptyMetricName => w(t!(
            "the metric name is empty",
            "tên metric đang để trống"
        )),
        AlarmReason::Period { period_s } => w(t!(
            "period {period} s is not 10, 20, 30 or a multiple of 60 seconds",
            "Period {period} giây không phải 10, 20, 30 hay bội số của 60 giây"
        ))
        .with("period", *period_s),
        AlarmReason::NoEvaluationPeriods => w(t!(
            "EvaluationPeriods must be at least 1",
            "EvaluationPeriods phải ít nhất là 1"
        )),
        AlarmReason::EvaluationTooLong { n, period_s, max_s } => {
            let text = if *period_s < LONG_PERIOD_SECONDS {
                t!(
                    "{n} evaluation periods of {period} s exceed one day ({max} s), the limit for periods shorter than one hour",
                    "{n} chu kỳ đánh giá, mỗi chu kỳ {period} giây, vượt quá một ngày ({max} giây), giới hạn cho period ngắn hơn một giờ"
                )
            } else {
                t!(
                    "{n} evaluation periods of {period} s exceed seven days ({max} s), the limit for periods of one hour or longer",
                    "{n} chu kỳ đánh giá, mỗi chu kỳ {period} giây, vượt quá bảy ngày ({max} giây), giới hạn cho period từ một giờ trở lên"
                )
            };
            w(text)
                .with("n", *n)
                .with("period", *period_s)
                .with("max", *max_s as f64)
        }
        AlarmReason::DatapointsToAlarm { m, n } => w(t!(
            "DatapointsToAlarm {m} must be between 1 and EvaluationPeriods ({n})",
            "DatapointsToAlarm {m} phải từ 1 đến EvaluationPeriods ({n})"
        ))
        .with("m", *m)
        .with("n", *n),
        AlarmReason::ThresholdNotFinite => w(t!(
            "the threshold is not a finite number",
            "ngưỡng (Threshold) không phải là một số hữu hạn"
        )),
        AlarmReason::EvaluationRange { range, n } => w(t!(
            "an evaluation range of {range} datapoints must be between EvaluationPeriods ({n}) and {n} + 1000",
            "khoảng đánh giá {range} datapoint phải nằm giữa EvaluationPeriods ({n}) và {n} + 1000"
        ))
        .with("range", *range)
        .with("n", *n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use engine::deploy::{predefined, simulate, Amount, DeploymentAlarm, SimConfig, Strategy};

    fn rejected(change: impl FnOnce(&mut SimConfig)) -> ConfigError {
        let mut config = SimConfig::default();
        change(&mut config);
        match simulate(&config) {
            Ok(_) => panic!("expected an error for {config:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn a_config_error_reads_as_before_in_english_and_in_vietnamese() {
        let e = rejected(|c| {
            c.strategy = Strategy::Rolling {
                batch: Amount::Percent(0),
                min_healthy: Amount::Count(0),
            }
        });
        let worded = config_error(&e);
        assert_eq!(
            worded.get(Lang::En),
            "strategy.batch: 0% is outside 1 to 100 percent"
        );
        assert_eq!(
            worded.get(Lang::Vi),
            "strategy.batch: 0% nằm ngoài khoảng 1 đến 100 phần trăm"
        );
    }

    #[test]
    fn learners_values_keep_every_digit_with_each_languages_separator() {
        let e = rejected(|c| c.green.error_rate = 1.0015);
        assert_eq!(
            config_error(&e).get(Lang::En),
            "green.error_rate: an error rate must be between 0 and 1, not 1.0015"
        );
        assert_eq!(
            config_reason(&e.reason).get(Lang::Vi),
            "tỷ lệ lỗi phải từ 0 đến 1, không phải 1,0015"
        );
    }

    #[test]
    fn an_alarms_reason_keeps_the_aws_field_names_in_vietnamese() {
        let e = rejected(|c| {
            c.deployment_group.alarms = vec![DeploymentAlarm::error_rate(5.0, 60, 4, 3)]
        });
        assert_eq!(
            config_error(&e).get(Lang::En),
            "deployment_group.alarms[0].DatapointsToAlarm: DatapointsToAlarm 4 must be between 1 and EvaluationPeriods (3)"
        );
        assert_eq!(
            config_error(&e).get(Lang::Vi),
            "deployment_group.alarms[0].DatapointsToAlarm: DatapointsToAlarm 4 phải từ 1 đến EvaluationPeriods (3)"
        );
        // PutMetricAlarm: Period × EvaluationPeriods is at most 604,800 s (7 days) from a
        // one-hour period, 86,400 s (1 day) below it.
        let e = rejected(|c| {
            c.deployment_group.alarms = vec![DeploymentAlarm::error_rate(5.0, 3600, 1, 169)]
        });
        assert_eq!(
            config_reason(&e.reason).get(Lang::En),
            "169 evaluation periods of 3600 s exceed seven days (604800 s), the limit for periods of one hour or longer"
        );
        assert_eq!(
            config_reason(&e.reason).get(Lang::Vi),
            "169 chu kỳ đánh giá, mỗi chu kỳ 3600 giây, vượt quá bảy ngày (604800 giây), giới hạn cho period từ một giờ trở lên"
        );
        let e = rejected(|c| {
            c.deployment_group.alarms = vec![DeploymentAlarm::error_rate(5.0, 60, 1, 1441)]
        });
        assert_eq!(
            config_reason(&e.reason).get(Lang::En),
            "1441 evaluation periods of 60 s exceed one day (86400 s), the limit for periods shorter than one hour"
        );
        let e = rejected(|c| {
            c.deployment_group.alarms = vec![DeploymentAlarm::error_rate(5.0, 45, 1, 1)]
        });
        assert_eq!(
            config_reason(&e.reason).get(Lang::En),
            "period 45 s is not 10, 20, 30 or a multiple of 60 seconds"
        );
    }

    #[test]
    fn an_unknown_configuration_names_the_closest_ones() {
        let Err(e) = predefined("CodeDeployDefault.OneAtATme") else {
            panic!("a misspelt name resolved");
        };
        assert_eq!(
            config_error(&e).get(Lang::En),
            "deployment configuration: unknown deployment configuration \"CodeDeployDefault.OneAtATme\": did you mean CodeDeployDefault.OneAtATime, or CodeDeployDefault.HalfAtATime, or CodeDeployDefault.AllAtOnce?"
        );
        assert_eq!(
            config_reason(&e.reason).get(Lang::Vi),
            "không có deployment configuration nào tên \"CodeDeployDefault.OneAtATme\": có phải ý bạn là CodeDeployDefault.OneAtATime, CodeDeployDefault.HalfAtATime hay CodeDeployDefault.AllAtOnce?"
        );
        let Err(e) = predefined("blue-green-please") else {
            panic!("an unknown name resolved");
        };
        assert_eq!(
            config_reason(&e.reason).get(Lang::En),
            "unknown deployment configuration \"blue-green-please\": it is not one of the 17 predefined configurations (names start with CodeDeployDefault. and are case-sensitive)"
        );
    }

    #[test]
    fn every_reason_has_vietnamese() {
        let reasons = [
            ConfigReason::Duration { duration_s: 0 },
            ConfigReason::FleetSize { fleet_size: 0 },
            ConfigReason::TargetCapacity,
            ConfigReason::StartupOverHour { startup_s: 4000 },
            ConfigReason::DeployAfterEnd {
                deploy_at_s: 10,
                duration_s: 5,
            },
            ConfigReason::RequestRate,
            ConfigReason::Amplitude { percent: 150.0 },
            ConfigReason::DiurnalPeriod,
            ConfigReason::SpikeDuration,
            ConfigReason::SpikeMultiplier { multiplier: 200.0 },
            ConfigReason::HealthCheckInterval { interval_s: 1 },
            ConfigReason::HealthCheckThreshold { threshold: 1 },
            ConfigReason::ErrorRate { error_rate: 2.0 },
            ConfigReason::MedianLatency,
            ConfigReason::P99Latency {
                p99_ms: 1.0,
                p50_ms: 2.0,
            },
            ConfigReason::Percent {
                percent: 0,
                low: 1,
                high: 100,
            },
            ConfigReason::EmptyBatch,
            ConfigReason::BatchOverFleet { count: 9, fleet: 3 },
            ConfigReason::NoRoomToDeploy {
                min_healthy: Amount::Percent(100),
                fleet: 3,
                minimum: 3,
            },
            ConfigReason::CanaryBake,
            ConfigReason::LinearInterval,
            ConfigReason::TestRate,
            ConfigReason::TestTrafficOverDay,
            ConfigReason::TerminationWait,
            ConfigReason::EmptyAlarmName,
            ConfigReason::FaultAfterEnd {
                at_s: 10,
                duration_s: 5,
            },
            ConfigReason::LatencyFactor { factor: 0.0 },
            ConfigReason::EmptyCrash,
            ConfigReason::UnknownConfiguration {
                name: "x".into(),
                near: vec![],
            },
            ConfigReason::Alarm(AlarmReason::UnknownComparisonOperator { text: "x".into() }),
            ConfigReason::Alarm(AlarmReason::UnknownTreatMissingData { text: "x".into() }),
            ConfigReason::Alarm(AlarmReason::UnknownStatistic { text: "x".into() }),
            ConfigReason::Alarm(AlarmReason::PercentileOutOfRange { p: 101.5 }),
            ConfigReason::Alarm(AlarmReason::EmptyMetricName),
            ConfigReason::Alarm(AlarmReason::Period { period_s: 45 }),
            ConfigReason::Alarm(AlarmReason::NoEvaluationPeriods),
            ConfigReason::Alarm(AlarmReason::EvaluationTooLong {
                n: 25,
                period_s: 3600,
                max_s: 604_800,
            }),
            ConfigReason::Alarm(AlarmReason::EvaluationTooLong {
                n: 1441,
                period_s: 60,
                max_s: 86_400,
            }),
            ConfigReason::Alarm(AlarmReason::DatapointsToAlarm { m: 0, n: 1 }),
            ConfigReason::Alarm(AlarmReason::ThresholdNotFinite),
            ConfigReason::Alarm(AlarmReason::EvaluationRange { range: 1, n: 2 }),
        ];
        for reason in &reasons {
            let (en, vi) = (
                config_reason(reason).get(Lang::En),
                config_reason(reason).get(Lang::Vi),
            );
            assert_ne!(en, vi, "{reason:?}");
            assert!(!en.contains('{') && !vi.contains('{'), "{en} / {vi}");
        }
        assert_eq!(
            config_reason(&ConfigReason::TerminationWait).get(Lang::En),
            "the wait before terminating the original fleet is at most 172800 s (2880 minutes)"
        );
        assert_eq!(
            config_reason(&ConfigReason::Alarm(AlarmReason::PercentileOutOfRange {
                p: 101.5
            }))
            .get(Lang::Vi),
            "percentile p101.5 nằm ngoài khoảng 0 đến 100"
        );
    }
}
