//! The sandbox's set-up as plain data, its URL query (so a run can be shared and replayed) and the engine configuration it stands for.
//!
//! The query is `key=value` pairs (form-urlencoded, see [`setup_to_query`]), for example
//! `seed=1&dur=3600&fleet=20&traffic=steady&rps=1000&s=canary&pct=10&bake=5&alarm=error_rate&thr=1&period=60&n=3&m=2&missing=notBreaching&rollback=failure,alarm&wait=0&fault=bad:900:20:1`.
//! The deployment group's settings (`rollback`, `wait`, `keep`) are shared by both strategies
//! of a comparison, as one deployment group would be.
//! Decoding never fails: a bad value gives a warning and the default.
/// The compute platform the configuration text is written for (the worker's job carries it).
pub use crate::course::deploy_aws::Platform;
pub use crate::course::family::deploy::setup::{
    metric_id, parse_metric, AlarmSetup, GroupSetup, Kind, ShiftKind, StrategySetup, METRICS,
};
use crate::engine::alarm::TreatMissingData;
use crate::engine::deploy::{predefined, Amount, Fault, SimConfig, Traffic, Version};

/// The most faults a query may carry.
pub const MAX_FAULTS: usize = 20;

/// The traffic shape chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrafficKind {
    Steady,
    Diurnal,
    Spike,
}

impl TrafficKind {
    pub const ALL: [TrafficKind; 3] = [
        TrafficKind::Steady,
        TrafficKind::Diurnal,
        TrafficKind::Spike,
    ];

    pub fn id(self) -> &'static str {
        match self {
            TrafficKind::Steady => "steady",
            TrafficKind::Diurnal => "diurnal",
            TrafficKind::Spike => "spike",
        }
    }

    pub fn parse(text: &str) -> Option<TrafficKind> {
        TrafficKind::ALL.into_iter().find(|k| k.id() == text)
    }
}

/// Everything the sandbox runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub seed: u64,
    pub duration_s: u32,
    pub deploy_at_s: u32,
    pub fleet: u32,
    pub traffic: TrafficKind,
    pub rps: f64,
    /// Diurnal: amplitude in percent.
    pub amplitude: f64,
    /// Diurnal: the cycle in seconds.
    pub cycle_s: u32,
    /// Spike: start, length and factor.
    pub spike_at_s: u32,
    pub spike_s: u32,
    pub spike_x: f64,
    /// Error rates in percent, latencies in ms.
    pub blue: Version,
    pub green: Version,
    pub alarm: Option<AlarmSetup>,
    /// The deployment group's rollback and blue/green settings.
    pub group: GroupSetup,
    pub faults: Vec<Fault>,
    pub strategy: StrategySetup,
    pub compare: Option<StrategySetup>,
    pub platform: Platform,
}

impl Default for Setup {
    fn default() -> Setup {
        let engine = SimConfig::default();
        Setup {
            seed: engine.seed,
            duration_s: engine.duration_s,
            deploy_at_s: engine.deploy_at_s,
            fleet: engine.fleet_size,
            traffic: TrafficKind::Steady,
            rps: 1_000.0,
            amplitude: 50.0,
            cycle_s: 3_600,
            spike_at_s: 1_200,
            spike_s: 300,
            spike_x: 3.0,
            blue: percent_version(engine.blue),
            green: percent_version(engine.green),
            alarm: Some(AlarmSetup::default()),
            group: GroupSetup::default(),
            faults: Vec::new(),
            strategy: StrategySetup::default(),
            compare: None,
            platform: Platform::Ecs,
        }
    }
}

/// A version with its error rate in percent.
fn percent_version(v: Version) -> Version {
    Version {
        error_rate: round6(v.error_rate * 100.0),
        ..v
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

impl Setup {
    /// The engine configuration of the main strategy (or of the compare one).
    pub fn config(
        &self,
        strategy: &StrategySetup,
    ) -> Result<SimConfig, crate::engine::deploy::ConfigError> {
        let traffic = match self.traffic {
            TrafficKind::Steady => Traffic::Steady { rps: self.rps },
            TrafficKind::Diurnal => Traffic::Diurnal {
                mean_rps: self.rps,
                amplitude_percent: self.amplitude,
                period_s: self.cycle_s,
            },
            TrafficKind::Spike => Traffic::Spike {
                rps: self.rps,
                at_s: self.spike_at_s,
                duration_s: self.spike_s,
                multiplier: self.spike_x,
            },
        };
        let fraction = |v: Version| Version {
            error_rate: v.error_rate / 100.0,
            ..v
        };
        let faults = self
            .faults
            .iter()
            .map(|f| match *f {
                Fault::BadRelease {
                    at_s,
                    error_rate,
                    latency_factor,
                } => Fault::BadRelease {
                    at_s,
                    error_rate: error_rate / 100.0,
                    latency_factor,
                },
                ref other => other.clone(),
            })
            .collect();
        Ok(SimConfig {
            seed: self.seed,
            duration_s: self.duration_s,
            traffic,
            fleet_size: self.fleet,
            blue: fraction(self.blue),
            green: fraction(self.green),
            deploy_at_s: self.deploy_at_s,
            strategy: strategy.strategy()?,
            deployment_group: self
                .group
                .group(self.alarm.iter().map(AlarmSetup::alarm).collect()),
            faults,
            ..SimConfig::default()
        })
    }
}

// ---------------------------------------------------------------------------------------
// Encoding.
// ---------------------------------------------------------------------------------------

/// Formats a number without a trailing `.0`; Rust's shortest round-trip form.
fn num(x: f64) -> String {
    format!("{x}")
}

fn amount(a: Amount) -> String {
    a.to_string()
}

fn version_text(v: &Version) -> String {
    format!("{},{},{}", num(v.error_rate), num(v.p50_ms), num(v.p99_ms))
}

/// A fault as `bad:AT:ERROR%:FACTOR`, `crash:AT:COUNT` or `spike:AT:SECONDS:FACTOR`.
pub fn fault_text(f: &Fault) -> String {
    match *f {
        Fault::BadRelease {
            at_s,
            error_rate,
            latency_factor,
        } => format!("bad:{at_s}:{}:{}", num(error_rate), num(latency_factor)),
        Fault::InstanceCrash { at_s, count } => format!("crash:{at_s}:{count}"),
        Fault::TrafficSpike {
            at_s,
            duration_s,
            multiplier,
        } => format!("spike:{at_s}:{duration_s}:{}", num(multiplier)),
    }
}

fn strategy_pairs(prefix: &str, s: &StrategySetup, out: &mut Vec<(String, String)>) {
    let mut put = |k: &str, v: String| out.push((format!("{prefix}{k}"), v));
    put("s", s.kind.id().to_string());
    match s.kind {
        Kind::AllAtOnce => {}
        Kind::InPlace => put("minhealthy", amount(s.min_healthy)),
        Kind::Rolling => {
            put("batch", amount(s.batch));
            put("minhealthy", amount(s.min_healthy));
        }
        Kind::RollingAdditionalBatch => put("batch", amount(s.batch)),
        Kind::Predefined => put("config", s.name.clone()),
        Kind::BlueGreen | Kind::Canary | Kind::Linear => {
            let shift = match s.kind {
                Kind::Canary => ShiftKind::Canary,
                Kind::Linear => ShiftKind::Linear,
                _ => {
                    put("shift", s.shift.id().to_string());
                    s.shift
                }
            };
            match shift {
                ShiftKind::AllAtOnce => {}
                ShiftKind::Canary => {
                    put("pct", s.canary_percent.to_string());
                    put("bake", s.bake_min.to_string());
                }
                ShiftKind::Linear => {
                    put("step", s.step_percent.to_string());
                    put("every", s.interval_min.to_string());
                }
            }
            if s.test_s > 0 || s.test_rps > 0.0 {
                put("test", s.test_s.to_string());
                put("testrps", num(s.test_rps));
            }
        }
    }
}

/// The automatic rollback events as `failure,alarm`, one of them, or `none`.
fn rollback_text(g: &GroupSetup) -> String {
    let mut parts = Vec::new();
    if g.rollback_on_failure {
        parts.push("failure");
    }
    if g.rollback_on_alarm {
        parts.push("alarm");
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(",")
    }
}

/// The set-up as decoded `(key, value)` pairs, in query order.
pub fn setup_pairs(s: &Setup) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| out.push((k.to_string(), v));
    put("seed", s.seed.to_string());
    put("dur", s.duration_s.to_string());
    put("at", s.deploy_at_s.to_string());
    put("fleet", s.fleet.to_string());
    put("traffic", s.traffic.id().to_string());
    put("rps", num(s.rps));
    match s.traffic {
        TrafficKind::Steady => {}
        TrafficKind::Diurnal => {
            put("amp", num(s.amplitude));
            put("cycle", s.cycle_s.to_string());
        }
        TrafficKind::Spike => {
            put("spikeat", s.spike_at_s.to_string());
            put("spikes", s.spike_s.to_string());
            put("spikex", num(s.spike_x));
        }
    }
    put("blue", version_text(&s.blue));
    put("green", version_text(&s.green));
    match &s.alarm {
        None => put("alarm", "none".to_string()),
        Some(a) => {
            put("alarm", metric_id(a.metric).to_string());
            put("thr", num(a.threshold));
            put("period", a.period_s.to_string());
            put("n", a.n.to_string());
            put("m", a.m.to_string());
            put("missing", a.missing.name().to_string());
        }
    }
    put("rollback", rollback_text(&s.group));
    put("wait", s.group.wait_min.to_string());
    if s.group.keep_alive {
        put("keep", "1".to_string());
    }
    for f in &s.faults {
        put("fault", fault_text(f));
    }
    put("platform", s.platform.id().to_string());
    strategy_pairs("", &s.strategy, &mut out);
    if let Some(c) = &s.compare {
        strategy_pairs("vs.", c, &mut out);
    }
    out
}

/// The set-up as a URL query, without the leading `?`: `application/x-www-form-urlencoded`,
/// except that `,` and `:` stay as they are (they are allowed in a query, and keep shared links
/// such as `blue=0.1,40,120&fault=bad:900:20:1` readable).
pub fn setup_to_query(s: &Setup) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(setup_pairs(s))
        .finish();
    // `%2C` and `%3A` can only come from `,` and `:` (a `%` itself is written `%25`).
    query.replace("%2C", ",").replace("%3A", ":")
}

// ---------------------------------------------------------------------------------------
// Decoding.
// ---------------------------------------------------------------------------------------

/// Collects warnings while reading values.
struct Reader {
    warnings: Vec<String>,
}

impl Reader {
    fn warn(&mut self, key: &str, value: &str, why: &str) {
        let shown: String = value.chars().take(60).collect();
        self.warnings
            .push(super::text::query_warning(key, &shown, why));
    }

    fn u32(&mut self, key: &str, value: &str, target: &mut u32) {
        match value.trim().parse::<u32>() {
            Ok(v) => *target = v,
            Err(_) => self.warn(key, value, super::text::WHY_WHOLE_NUMBER.s()),
        }
    }

    fn f64(&mut self, key: &str, value: &str, target: &mut f64) {
        match value.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => *target = v,
            _ => self.warn(key, value, super::text::WHY_NUMBER.s()),
        }
    }

    fn amount(&mut self, key: &str, value: &str, target: &mut Amount) {
        match parse_amount(value) {
            Some(a) => *target = a,
            None => self.warn(key, value, super::text::WHY_AMOUNT.s()),
        }
    }

    fn version(&mut self, key: &str, value: &str, target: &mut Version) {
        let parts: Vec<Option<f64>> = value
            .split(',')
            .map(|p| p.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
            .collect();
        match parts.as_slice() {
            [Some(e), Some(p50), Some(p99)] => {
                *target = Version {
                    error_rate: *e,
                    p50_ms: *p50,
                    p99_ms: *p99,
                }
            }
            _ => self.warn(key, value, super::text::WHY_VERSION.s()),
        }
    }

    fn fault(&mut self, value: &str) -> Option<Fault> {
        let parts: Vec<&str> = value.split(':').collect();
        let int = |s: &str| s.trim().parse::<u32>().ok();
        let float = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
        let fault = match parts.as_slice() {
            ["bad", at, e, x] => match (int(at), float(e), float(x)) {
                (Some(at_s), Some(error_rate), Some(latency_factor)) => Some(Fault::BadRelease {
                    at_s,
                    error_rate,
                    latency_factor,
                }),
                _ => None,
            },
            ["crash", at, n] => match (int(at), int(n)) {
                (Some(at_s), Some(count)) => Some(Fault::InstanceCrash { at_s, count }),
                _ => None,
            },
            ["spike", at, d, x] => match (int(at), int(d), float(x)) {
                (Some(at_s), Some(duration_s), Some(multiplier)) => Some(Fault::TrafficSpike {
                    at_s,
                    duration_s,
                    multiplier,
                }),
                _ => None,
            },
            _ => None,
        };
        if fault.is_none() {
            self.warn("fault", value, super::text::WHY_FAULT.s());
        }
        fault
    }

    /// Reads one strategy key (without prefix); false if the key is not a strategy key.
    fn strategy(&mut self, key: &str, shown: &str, value: &str, s: &mut StrategySetup) -> bool {
        match key {
            "s" => match Kind::parse(value) {
                Some(k) => s.kind = k,
                None => self.warn(shown, value, super::text::WHY_STRATEGY.s()),
            },
            "batch" => self.amount(shown, value, &mut s.batch),
            "minhealthy" => self.amount(shown, value, &mut s.min_healthy),
            "shift" => match ShiftKind::parse(value) {
                Some(k) => s.shift = k,
                None => self.warn(shown, value, super::text::WHY_SHIFT.s()),
            },
            "pct" => self.u32(shown, value, &mut s.canary_percent),
            "bake" => self.u32(shown, value, &mut s.bake_min),
            "step" => self.u32(shown, value, &mut s.step_percent),
            "every" => self.u32(shown, value, &mut s.interval_min),
            "test" => self.u32(shown, value, &mut s.test_s),
            "testrps" => self.f64(shown, value, &mut s.test_rps),
            "config" => match predefined(value) {
                Ok(_) => s.name = value.to_string(),
                Err(e) => {
                    let why = super::text::config_reason(&e.reason)
                        .chars()
                        .take(200)
                        .collect::<String>();
                    self.warn(shown, value, &why)
                }
            },
            _ => return false,
        }
        true
    }
}

/// `25%` or `3`.
pub fn parse_amount(text: &str) -> Option<Amount> {
    let text = text.trim();
    match text.strip_suffix('%') {
        Some(p) => p.trim().parse::<u32>().ok().map(Amount::Percent),
        None => text.parse::<u32>().ok().map(Amount::Count),
    }
}

/// Reads a query (with or without the leading `?`); unknown keys and bad values give warnings, and the defaults stay.
pub fn setup_from_query(query: &str) -> (Setup, Vec<String>) {
    let mut s = Setup::default();
    let mut r = Reader {
        warnings: Vec::new(),
    };
    let query = query.strip_prefix('?').unwrap_or(query);
    // Decoding never fails: bad escapes stay as they are, bytes that are not UTF-8 become U+FFFD.
    let pairs = form_urlencoded::parse(query.as_bytes());
    let mut faults = Vec::new();
    let mut compare: Option<StrategySetup> = None;
    let mut alarm = s.alarm.clone().unwrap_or_default();
    let mut alarm_on = s.alarm.is_some();
    for (key, value) in pairs.take(200) {
        let value = value.as_ref();
        match key.as_ref() {
            "seed" => match value.trim().parse::<u64>() {
                Ok(v) => s.seed = v,
                Err(_) => r.warn("seed", value, super::text::WHY_WHOLE_NUMBER.s()),
            },
            "dur" => r.u32("dur", value, &mut s.duration_s),
            "at" => r.u32("at", value, &mut s.deploy_at_s),
            "fleet" => r.u32("fleet", value, &mut s.fleet),
            "traffic" => match TrafficKind::parse(value) {
                Some(t) => s.traffic = t,
                None => r.warn("traffic", value, super::text::WHY_TRAFFIC.s()),
            },
            "rps" => r.f64("rps", value, &mut s.rps),
            "amp" => r.f64("amp", value, &mut s.amplitude),
            "cycle" => r.u32("cycle", value, &mut s.cycle_s),
            "spikeat" => r.u32("spikeat", value, &mut s.spike_at_s),
            "spikes" => r.u32("spikes", value, &mut s.spike_s),
            "spikex" => r.f64("spikex", value, &mut s.spike_x),
            "blue" => r.version("blue", value, &mut s.blue),
            "green" => r.version("green", value, &mut s.green),
            "alarm" => {
                if value == "none" {
                    alarm_on = false;
                } else if let Some(m) = parse_metric(value) {
                    alarm_on = true;
                    alarm.metric = m;
                } else {
                    r.warn("alarm", value, super::text::WHY_METRIC.s());
                }
            }
            "thr" => r.f64("thr", value, &mut alarm.threshold),
            "period" => r.u32("period", value, &mut alarm.period_s),
            "n" => r.u32("n", value, &mut alarm.n),
            "m" => r.u32("m", value, &mut alarm.m),
            "missing" => match TreatMissingData::parse(value) {
                Ok(t) => alarm.missing = t,
                Err(_) => r.warn("missing", value, super::text::WHY_MISSING.s()),
            },
            "rollback" => {
                let parts: Vec<&str> = value.split(',').map(str::trim).collect();
                if parts == ["none"] {
                    s.group.rollback_on_failure = false;
                    s.group.rollback_on_alarm = false;
                } else if parts.iter().all(|p| matches!(*p, "failure" | "alarm")) {
                    s.group.rollback_on_failure = parts.contains(&"failure");
                    s.group.rollback_on_alarm = parts.contains(&"alarm");
                } else {
                    r.warn("rollback", value, super::text::WHY_ROLLBACK.s());
                }
            }
            // Links made before the wait moved to the deployment group wrote it per strategy.
            "wait" | "vs.wait" => r.u32("wait", value, &mut s.group.wait_min),
            "keep" => s.group.keep_alive = value == "1",
            "fault" => {
                if faults.len() >= MAX_FAULTS {
                    r.warn("fault", value, super::text::WHY_TOO_MANY_FAULTS.s());
                } else if let Some(f) = r.fault(value) {
                    faults.push(f);
                }
            }
            "platform" => match Platform::parse(value) {
                Some(p) => s.platform = p,
                None => r.warn("platform", value, super::text::WHY_PLATFORM.s()),
            },
            other => {
                let handled = if let Some(rest) = other.strip_prefix("vs.") {
                    let c = compare.get_or_insert_with(StrategySetup::default);
                    r.strategy(rest, other, value, c)
                } else {
                    r.strategy(other, other, value, &mut s.strategy)
                };
                if !handled {
                    r.warn(other, value, super::text::WHY_UNKNOWN_KEY.s());
                }
            }
        }
    }
    s.faults = faults;
    s.alarm = alarm_on.then_some(alarm);
    s.compare = compare;
    (s, r.warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::deploy::{simulate, AlarmMetric, Strategy};

    fn full() -> Setup {
        Setup {
            seed: 987_654_321_012,
            duration_s: 1_800,
            deploy_at_s: 120,
            fleet: 8,
            traffic: TrafficKind::Spike,
            rps: 432.5,
            spike_at_s: 600,
            spike_s: 90,
            spike_x: 2.5,
            blue: Version {
                error_rate: 0.1,
                p50_ms: 35.5,
                p99_ms: 140.0,
            },
            green: Version {
                error_rate: 0.05,
                p50_ms: 30.0,
                p99_ms: 99.25,
            },
            alarm: Some(AlarmSetup {
                metric: AlarmMetric::P99LatencyMs,
                threshold: 250.0,
                period_s: 30,
                n: 5,
                m: 3,
                missing: TreatMissingData::Breaching,
            }),
            faults: vec![
                Fault::BadRelease {
                    at_s: 700,
                    error_rate: 25.0,
                    latency_factor: 1.5,
                },
                Fault::InstanceCrash {
                    at_s: 800,
                    count: 2,
                },
                Fault::TrafficSpike {
                    at_s: 900,
                    duration_s: 60,
                    multiplier: 4.0,
                },
            ],
            strategy: StrategySetup {
                kind: Kind::BlueGreen,
                shift: ShiftKind::Linear,
                step_percent: 20,
                interval_min: 2,
                test_s: 60,
                test_rps: 5.5,
                ..StrategySetup::default()
            },
            compare: Some(StrategySetup {
                kind: Kind::Rolling,
                batch: Amount::Count(2),
                min_healthy: Amount::Percent(50),
                ..StrategySetup::default()
            }),
            group: GroupSetup {
                rollback_on_alarm: true,
                rollback_on_failure: false,
                keep_alive: true,
                wait_min: 10,
            },
            platform: Platform::Lambda,
            ..Setup::default()
        }
    }

    #[test]
    fn the_default_round_trips() {
        let s = Setup::default();
        let (back, warnings) = setup_from_query(&setup_to_query(&s));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(back, s);
    }

    #[test]
    fn a_full_setup_round_trips_with_and_without_question_mark() {
        let s = full();
        let q = setup_to_query(&s);
        assert_eq!(setup_from_query(&q), (s.clone(), vec![]));
        assert_eq!(setup_from_query(&format!("?{q}")), (s, vec![]));
    }

    #[test]
    fn every_kind_round_trips() {
        for kind in Kind::ALL {
            let mut s = Setup::default();
            s.strategy.kind = kind;
            s.strategy.name = "CodeDeployDefault.HalfAtATime".into();
            s.alarm = None;
            let (back, warnings) = setup_from_query(&setup_to_query(&s));
            assert!(warnings.is_empty(), "{kind:?}: {warnings:?}");
            assert_eq!(back.strategy.kind, kind);
            assert_eq!(
                back.config(&back.strategy).ok(),
                s.config(&s.strategy).ok(),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn the_deployment_group_round_trips_and_old_wait_links_still_read() {
        for (rollback, failure, alarm) in [
            ("none", false, false),
            ("failure", true, false),
            ("alarm", false, true),
            ("failure,alarm", true, true),
        ] {
            let (s, w) = setup_from_query(&format!("rollback={rollback}&wait=15&keep=1"));
            assert!(w.is_empty(), "{w:?}");
            assert_eq!(
                (s.group.rollback_on_failure, s.group.rollback_on_alarm),
                (failure, alarm)
            );
            assert_eq!((s.group.wait_min, s.group.keep_alive), (15, true));
            assert_eq!(setup_from_query(&setup_to_query(&s)).0, s);
        }
        // The wait was a strategy's key before it moved to the deployment group.
        let (s, w) = setup_from_query("s=blue-green&wait=30");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(s.group.wait_min, 30);
        let config = s.config(&s.strategy).unwrap();
        assert_eq!(config.deployment_group.blue_termination.wait_s, 1_800);
        let (_, w) = setup_from_query("rollback=always");
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn old_links_with_rolling_batch_still_read() {
        let (s, w) = setup_from_query("s=rolling-batch&batch=2");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(s.strategy.kind, Kind::RollingAdditionalBatch);
        assert_eq!(s.strategy.batch, Amount::Count(2));
        assert!(setup_to_query(&s).ends_with("&s=rolling-additional-batch&batch=2"));
        let (c, w) = setup_from_query("vs.s=rolling-batch");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            c.compare.map(|c| c.kind),
            Some(Kind::RollingAdditionalBatch)
        );
    }

    #[test]
    fn strategy_ids_and_alarm_names_are_the_lab_models() {
        use crate::course::scenario::{self, SimulationInputs, Variant, CUSTOM_STRATEGIES};
        use crate::course::{Answer, Answers};
        for kind in [Kind::InPlace, Kind::Rolling, Kind::RollingAdditionalBatch] {
            assert!(CUSTOM_STRATEGIES.contains(&kind.id()), "{}", kind.id());
        }
        // The lab model's alarm on the new version's errors, and the sandbox's.
        let inputs = SimulationInputs {
            configuration: "strategy".into(),
            batch_percent: Some("batch".into()),
            alarm_metric: Some("metric".into()),
            ..SimulationInputs::default()
        };
        let variant = Variant {
            id: "good".into(),
            title: "Good".into(),
            base: SimConfig::default(),
        };
        let mut answers: Answers = [
            ("strategy", "rolling-additional-batch"),
            ("metric", "green_error_rate"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Answer::Choices(vec![v.to_string()])))
        .collect();
        answers.insert("batch".into(), Answer::Number(25.0));
        let lab = scenario::build(&inputs, &variant, &answers).unwrap();
        let alarm = AlarmSetup {
            metric: AlarmMetric::GreenErrorRatePercent,
            ..AlarmSetup::default()
        };
        assert_eq!(lab.deployment_group.alarms[0].name, alarm.name());
        assert_eq!(lab.deployment_group.alarms[0].metric, alarm.metric);
        assert!(matches!(
            lab.strategy,
            Strategy::RollingWithAdditionalBatch { .. }
        ));
    }

    #[test]
    fn the_benchmark_query_reads_as_written() {
        let (s, w) = setup_from_query("seed=1&dur=3600&traffic=steady&rps=1000&fleet=20&s=canary&pct=10&bake=5&alarm=error-rate&thr=1&period=60&n=3&m=2&missing=notBreaching");
        assert!(w.is_empty(), "{w:?}");
        let config = s.config(&s.strategy).unwrap();
        assert_eq!(config.strategy, Strategy::canary(10, 300));
        assert_eq!(config.fleet_size, 20);
        assert_eq!(config.traffic, Traffic::Steady { rps: 1000.0 });
        assert_eq!(config.deployment_group.alarms.len(), 1);
        assert!(simulate(&config).is_ok());
    }

    #[test]
    fn hostile_values_give_warnings_and_defaults_never_a_panic() {
        let q = "seed=-1&dur=%FF%FE&fleet=99999999999999&rps=NaN&rps=inf&s=<script>&batch=abc%&\
                 blue=1,2&fault=bad:1&fault=crash:x:y&fault=%&platform=mainframe&alarm=cpu&\
                 missing=sometimes&config=CodeDeployDefault.ECSCanary10Percent5Minute&zzz=1&%ZZ=%&&=&a";
        let (s, w) = setup_from_query(q);
        assert_eq!(s, Setup::default());
        assert!(w.len() >= 14, "{w:#?}");
        assert!(w.iter().any(|m| m.contains("did you mean")), "{w:#?}");
        // Long junk is cut in messages.
        let long = format!("seed={}", "9".repeat(10_000));
        let (_, w) = setup_from_query(&long);
        assert!(w[0].len() < 300);
    }

    #[test]
    fn too_many_faults_are_dropped_with_a_warning() {
        let q: Vec<String> = (0..30)
            .map(|i| format!("fault=crash:{}:1", i + 10))
            .collect();
        let (s, w) = setup_from_query(&q.join("&"));
        assert_eq!(s.faults.len(), MAX_FAULTS);
        assert_eq!(w.len(), 10);
    }

    #[test]
    fn out_of_range_values_reach_the_engine_which_explains_them() {
        let (s, w) = setup_from_query("s=rolling&batch=150%");
        assert!(w.is_empty());
        let error = simulate(&s.config(&s.strategy).unwrap()).unwrap_err();
        assert_eq!(error.field, "strategy.batch");
        let (s, _) = setup_from_query("s=rolling&batch=0");
        assert!(simulate(&s.config(&s.strategy).unwrap()).is_err());
    }

    #[test]
    fn alarm_periods_and_evaluation_intervals_follow_put_metric_alarm() {
        let base = "dur=3600&fleet=4&s=canary&pct=10&bake=5&alarm=error-rate&thr=1&m=1";
        let check = |extra: &str| {
            let (s, w) = setup_from_query(&format!("{base}&{extra}"));
            assert!(w.is_empty(), "{extra}: {w:?}");
            simulate(&s.config(&s.strategy).unwrap())
                .map(|_| ())
                .map_err(|e| e.field)
        };
        // 10, 20 and 30 seconds or a multiple of 60.
        for ok in [
            "period=10&n=1",
            "period=20&n=1",
            "period=30&n=1",
            "period=120&n=1",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        assert_eq!(
            check("period=45&n=1"),
            Err("deployment_group.alarms[0].Period".to_string())
        );
        // One day below a one-hour period, seven days from it.
        assert_eq!(check("period=60&n=1440"), Ok(()));
        assert_eq!(
            check("period=60&n=1441"),
            Err("deployment_group.alarms[0].EvaluationPeriods".to_string())
        );
        assert_eq!(check("period=3600&n=168"), Ok(()));
        assert_eq!(
            check("period=3600&n=169"),
            Err("deployment_group.alarms[0].EvaluationPeriods".to_string())
        );
    }

    #[test]
    fn the_query_is_form_urlencoded_with_commas_and_colons_kept() {
        let q = setup_to_query(&full());
        assert!(q.contains("&blue=0.1,35.5,140&"), "{q}");
        assert!(q.contains("&fault=bad:700:25:1.5&"), "{q}");
        assert!(q.contains("&vs.minhealthy=50%25"), "{q}");
        // Escaped separators, `+` and odd escapes decode as a browser would.
        let (s, w) =
            setup_from_query("fault=bad%3A900%3A20%3A1&blue=0.1%2C40%2C120&s=rolling+&zz=%4&yy=%");
        assert_eq!(s.faults.len(), 1);
        assert_eq!(s.blue.p99_ms, 120.0);
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].contains("s=\"rolling \""), "{w:?}");
        assert!(w[1].contains("zz=\"%4\""), "{w:?}");
        assert!(w[2].contains("yy=\"%\""), "{w:?}");
        let (_, w) = setup_from_query("seed=%e2%82%ac");
        assert!(w[0].contains("seed=\"€\""), "{w:?}");
        assert_eq!(parse_amount("25%"), Some(Amount::Percent(25)));
        assert_eq!(parse_amount("3"), Some(Amount::Count(3)));
        assert_eq!(parse_amount("-3"), None);
    }
}
