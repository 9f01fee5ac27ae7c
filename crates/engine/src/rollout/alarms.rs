//! ECS deployment alarms: the deployment engine's CloudWatch alarms fed with the run's
//! per-second metrics; an alarm in `ALARM` while a deployment is in progress (or baking)
//! fails it.

use super::model::{Platform, Scenario};
use super::output::{EventKind, Tick};
use super::sim::World;
use super::InputError;
use crate::alarm::{aggregate, Alarm, AlarmState};
use crate::deploy::{AlarmDatapoint, AlarmMetric, AlarmTrack};

struct Watch {
    name: String,
    metric: AlarmMetric,
    alarm: Alarm,
    samples: Vec<f64>,
    datapoints: Vec<AlarmDatapoint>,
}

/// The run's deployment alarms.
pub(super) struct Watches {
    items: Vec<Watch>,
}

impl Watches {
    pub(super) fn new(sc: &Scenario) -> Result<Watches, InputError> {
        let mut items = Vec::new();
        if let Platform::Ecs(service) = &sc.platform {
            if let Some(alarms) = &service.alarms {
                for a in &alarms.alarms {
                    let alarm = Alarm::new(a.alarm.clone()).map_err(|_| InputError {
                        field: "platform.alarms",
                    })?;
                    items.push(Watch {
                        name: a.name.clone(),
                        metric: a.metric,
                        alarm,
                        samples: Vec::new(),
                        datapoints: Vec::new(),
                    });
                }
            }
        }
        Ok(Watches { items })
    }

    /// The longest evaluation window (period × evaluation periods), used as the bake time.
    pub(super) fn bake_s(&self) -> u32 {
        self.items
            .iter()
            .map(|w| {
                let c = w.alarm.config();
                c.period_seconds.saturating_mul(c.evaluation_periods)
            })
            .max()
            .unwrap_or(0)
    }

    /// Feeds second `t`'s metrics; returns whether an alarm is in ALARM.
    pub(super) fn observe(&mut self, t: u32, tick: &Tick, world: &mut World<'_>) -> bool {
        let mut alarmed = false;
        for watch in &mut self.items {
            let sample = match watch.metric {
                AlarmMetric::ErrorRatePercent => (tick.requests > 0)
                    .then(|| tick.errors_5xx as f64 * 100.0 / tick.requests as f64),
                AlarmMetric::GreenErrorRatePercent => (tick.served[1] > 0)
                    .then(|| tick.version_errors[1] as f64 * 100.0 / tick.served[1] as f64),
                AlarmMetric::P99LatencyMs => tick.p99_ms,
            };
            if let Some(value) = sample {
                watch.samples.push(value);
            }
            let period = watch.alarm.config().period_seconds;
            if (t + 1).is_multiple_of(period) {
                let datapoint = aggregate(watch.alarm.config().statistic, &watch.samples);
                watch.samples.clear();
                if let Some(change) = watch.alarm.push(datapoint) {
                    world.log(
                        t,
                        EventKind::AlarmChanged {
                            alarm: watch.name.clone(),
                            to: change.to,
                        },
                    );
                }
                watch.datapoints.push(AlarmDatapoint {
                    end_s: t + 1,
                    value: datapoint,
                    breaching: datapoint.is_some_and(|v| watch.alarm.config().breaches(v)),
                    state: watch.alarm.state(),
                });
            }
            alarmed |= watch.alarm.state() == AlarmState::Alarm;
        }
        alarmed
    }

    /// The tracks, for drawing.
    pub(super) fn tracks(self) -> Vec<AlarmTrack> {
        self.items
            .into_iter()
            .map(|w| AlarmTrack {
                name: w.name,
                metric: w.metric,
                datapoints: w.datapoints,
            })
            .collect()
    }
}
