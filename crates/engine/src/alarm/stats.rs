//! CloudWatch statistics, and the aggregation of one period's raw samples into a datapoint.

use std::fmt;

use super::eval::{AlarmError, AlarmReason};

/// A CloudWatch statistic, as `PutMetricAlarm` names it (`Statistic` or `ExtendedStatistic`).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Statistic {
    /// The number of samples in the period.
    SampleCount,
    /// The sum of the samples divided by their number.
    Average,
    /// The sum of the samples.
    Sum,
    /// The lowest sample.
    Minimum,
    /// The highest sample.
    Maximum,
    /// A percentile such as `p99` or `p99.9`, from 0 to 100 inclusive.
    Percentile(f64),
}

impl Statistic {
    /// Parses a statistic name: `SampleCount`, `Average`, `Sum`, `Minimum`, `Maximum`, or a
    /// percentile written `p` followed by a number from 0 to 100 (`p50`, `p99`, `p99.9`).
    pub fn parse(text: &str) -> Result<Statistic, AlarmError> {
        let statistic = match text {
            "SampleCount" => Statistic::SampleCount,
            "Average" => Statistic::Average,
            "Sum" => Statistic::Sum,
            "Minimum" => Statistic::Minimum,
            "Maximum" => Statistic::Maximum,
            _ => {
                let number = text
                    .strip_prefix('p')
                    .filter(|rest| {
                        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
                    })
                    .and_then(|rest| rest.parse::<f64>().ok());
                match number {
                    Some(value) => Statistic::Percentile(value),
                    None => {
                        return Err(AlarmError::new(
                            "statistic",
                            AlarmReason::UnknownStatistic {
                                text: text.to_string(),
                            },
                        ))
                    }
                }
            }
        };
        statistic.validate()?;
        Ok(statistic)
    }

    /// Checks that a percentile lies between 0 and 100.
    pub fn validate(&self) -> Result<(), AlarmError> {
        match *self {
            Statistic::Percentile(p) if !(p.is_finite() && (0.0..=100.0).contains(&p)) => Err(
                AlarmError::new("statistic", AlarmReason::PercentileOutOfRange { p }),
            ),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Statistic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Statistic::SampleCount => f.write_str("SampleCount"),
            Statistic::Average => f.write_str("Average"),
            Statistic::Sum => f.write_str("Sum"),
            Statistic::Minimum => f.write_str("Minimum"),
            Statistic::Maximum => f.write_str("Maximum"),
            Statistic::Percentile(p) => write!(f, "p{p}"),
        }
    }
}

/// Computes a statistic over the raw samples of one period.
///
/// Non-finite samples are skipped. The result is `None` when no finite sample is left,
/// because CloudWatch publishes no datapoint for a period without samples: the alarm sees
/// it as missing. Percentiles use the nearest-rank method: the smallest sample such that
/// at least p percent of the samples are less than or equal to it (`p0` is the minimum).
pub fn aggregate(statistic: Statistic, samples: &[f64]) -> Option<f64> {
    let finite = samples.iter().copied().filter(|value| value.is_finite());
    let count = finite.clone().count();
    if count == 0 {
        return None;
    }
    let value = match statistic {
        Statistic::SampleCount => count as f64,
        Statistic::Sum => finite.sum(),
        Statistic::Average => finite.sum::<f64>() / count as f64,
        Statistic::Minimum => finite.fold(f64::INFINITY, f64::min),
        Statistic::Maximum => finite.fold(f64::NEG_INFINITY, f64::max),
        Statistic::Percentile(p) => {
            if !(p.is_finite() && (0.0..=100.0).contains(&p)) {
                return None;
            }
            let mut sorted: Vec<f64> = finite.collect();
            sorted.sort_by(f64::total_cmp);
            let rank = (p * count as f64 / 100.0).ceil() as usize;
            sorted[rank.clamp(1, count) - 1]
        }
    };
    Some(value)
}
