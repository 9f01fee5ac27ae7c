//! The simulated system an observability lab looks at, shared by the observability families
//! (Logs Insights, metrics and dashboards, alarms, X-Ray, the on-call drill).
//!
//! A lab describes its run in a scenario file of its folder (TOML), which an item of any
//! observability family names (`scenario = "system.toml"`); the loader turns it into the
//! engine's [`engine::telemetry::Scenario`] (the default shop system: an ALB, `web`,
//! `orders`, `payments`, `orders-db`, `orders-queue`, `worker`), which the family's sealed
//! items carry. In the worker, [`run`] simulates a scenario once and keeps the last few runs,
//! so a panel and the grading of the same lab do not simulate twice; [`events_in`] does the
//! same for a console's log groups loaded for Logs Insights.
//!
//! The file:
//!
//! ```toml
//! start = "2026-11-30T09:00:00Z"   # the wall clock of the run's first second
//! minutes = 120
//! seed = 7
//! mean_rps = 20                    # optional: the diurnal traffic's mean (20)
//!
//! [logs]                           # optional: which requests' lines are kept
//! sample_percent = 5               # (1)
//! from_minute = 0                  # (0)
//! to_minute = 120                  # (the end)
//! access_logs = true               # the ALB's access log lines (true)
//!
//! [traces]                         # optional
//! sampling = "default"             # default (X-Ray's rule: 1 a second + 5 %), all, off
//! from_minute = 0
//! to_minute = 120                  # (six hours at most by default)
//!
//! [[fault]]                        # the engine's faults, kebab-case, with their fields
//! kind = "slow-query"              # slow-query, memory-leak, dependency-timeout,
//! at_minute = 40                   # bad-flag, noisy-neighbour, throttling
//! service = "orders"
//! version = "v2"
//! database = "orders-db"
//! factor = 40
//!
//! [[mitigation]]                   # rollback, flag-off, scale-out, raise-limit
//! kind = "rollback"
//! at_minute = 75
//! service = "orders"
//! ```
use engine::telemetry::Scenario;

#[cfg(feature = "files")]
pub(crate) use spec::{load_scenario, window};

#[cfg(feature = "files")]
mod spec {
    use engine::deploy::Traffic;
    use engine::telemetry::{
        validate, Applied, Fault, Injected, LogOptions, Mitigation, Scenario, TraceOptions,
        TraceSampling,
    };
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ScenarioSpec {
        start: String,
        minutes: u32,
        seed: u64,
        #[serde(default)]
        mean_rps: Option<f64>,
        #[serde(default)]
        logs: Option<LogsSpec>,
        #[serde(default)]
        traces: Option<TracesSpec>,
        #[serde(default)]
        fault: Vec<FaultSpec>,
        #[serde(default)]
        mitigation: Vec<MitigationSpec>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct LogsSpec {
        #[serde(default)]
        sample_percent: Option<f64>,
        #[serde(default)]
        from_minute: u32,
        #[serde(default)]
        to_minute: Option<u32>,
        #[serde(default)]
        access_logs: Option<bool>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct TracesSpec {
        #[serde(default)]
        sampling: Option<String>,
        #[serde(default)]
        from_minute: u32,
        #[serde(default)]
        to_minute: Option<u32>,
    }

    #[derive(Deserialize)]
    struct FaultSpec {
        at_minute: u32,
        #[serde(default)]
        end_minute: Option<u32>,
        #[serde(flatten)]
        fault: FaultKind,
    }

    #[derive(Deserialize)]
    #[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
    enum FaultKind {
        SlowQuery {
            service: String,
            version: String,
            database: String,
            factor: f64,
        },
        MemoryLeak {
            service: String,
            version: String,
            mb_per_minute: f64,
        },
        DependencyTimeout {
            service: String,
            percent: f64,
        },
        BadFlag {
            flag: String,
            service: String,
            route: String,
            error_percent: f64,
        },
        NoisyNeighbour {
            service: String,
            task_percent: f64,
            factor: f64,
        },
        Throttling {
            service: String,
            concurrency: u32,
        },
    }

    impl From<FaultKind> for Fault {
        fn from(k: FaultKind) -> Fault {
            match k {
                FaultKind::SlowQuery {
                    service,
                    version,
                    database,
                    factor,
                } => Fault::SlowQuery {
                    service,
                    version,
                    database,
                    factor,
                },
                FaultKind::MemoryLeak {
                    service,
                    version,
                    mb_per_minute,
                } => Fault::MemoryLeak {
                    service,
                    version,
                    mb_per_minute,
                },
                FaultKind::DependencyTimeout { service, percent } => {
                    Fault::DependencyTimeout { service, percent }
                }
                FaultKind::BadFlag {
                    flag,
                    service,
                    route,
                    error_percent,
                } => Fault::BadFlag {
                    flag,
                    service,
                    route,
                    error_percent,
                },
                FaultKind::NoisyNeighbour {
                    service,
                    task_percent,
                    factor,
                } => Fault::NoisyNeighbour {
                    service,
                    task_percent,
                    factor,
                },
                FaultKind::Throttling {
                    service,
                    concurrency,
                } => Fault::Throttling {
                    service,
                    concurrency,
                },
            }
        }
    }

    #[derive(Deserialize)]
    struct MitigationSpec {
        at_minute: u32,
        #[serde(flatten)]
        mitigation: MitigationKind,
    }

    #[derive(Deserialize)]
    #[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
    enum MitigationKind {
        Rollback { service: String },
        FlagOff { flag: String },
        ScaleOut { service: String, tasks: u32 },
        RaiseLimit { service: String, concurrency: u32 },
    }

    impl From<MitigationKind> for Mitigation {
        fn from(k: MitigationKind) -> Mitigation {
            match k {
                MitigationKind::Rollback { service } => Mitigation::Rollback { service },
                MitigationKind::FlagOff { flag } => Mitigation::FlagOff { flag },
                MitigationKind::ScaleOut { service, tasks } => {
                    Mitigation::ScaleOut { service, tasks }
                }
                MitigationKind::RaiseLimit {
                    service,
                    concurrency,
                } => Mitigation::RaiseLimit {
                    service,
                    concurrency,
                },
            }
        }
    }

    fn build(spec: ScenarioSpec) -> Result<Scenario, String> {
        let start = crate::family::ecr::unix_seconds(&spec.start).ok_or_else(|| {
            format!(
                "start = \"{}\" is not a time such as 2026-11-30T09:00:00Z",
                spec.start
            )
        })?;
        let mut s = Scenario::new(spec.minutes.saturating_mul(60));
        s.seed = spec.seed;
        s.start_epoch_s = start;
        if let Some(rps) = spec.mean_rps {
            if let Traffic::Diurnal { mean_rps, .. } = &mut s.system.traffic {
                *mean_rps = rps;
            }
        }
        if let Some(l) = spec.logs {
            let d = LogOptions::default();
            s.logs = LogOptions {
                sample_percent: l.sample_percent.unwrap_or(d.sample_percent),
                from_s: l.from_minute * 60,
                to_s: l.to_minute.map(|m| m * 60),
                access_logs: l.access_logs.unwrap_or(d.access_logs),
            };
        }
        if let Some(t) = spec.traces {
            let sampling = match t.sampling.as_deref() {
                None | Some("default") => TraceSampling::Default,
                Some("all") => TraceSampling::All,
                Some("off") => TraceSampling::Off,
                Some(other) => {
                    return Err(format!(
                        "traces.sampling = \"{other}\": expected default, all or off"
                    ))
                }
            };
            s.traces = TraceOptions {
                sampling,
                from_s: t.from_minute * 60,
                to_s: t.to_minute.map(|m| m * 60).or(s.traces.to_s),
            };
        }
        s.faults = spec
            .fault
            .into_iter()
            .map(|f| Injected {
                fault: f.fault.into(),
                start_s: f.at_minute * 60,
                end_s: f.end_minute.map(|m| m * 60),
            })
            .collect();
        s.mitigations = spec
            .mitigation
            .into_iter()
            .map(|m| Applied {
                mitigation: m.mitigation.into(),
                at_s: m.at_minute * 60,
            })
            .collect();
        validate(&s).map_err(|e| format!("the scenario cannot run: {e:?}"))?;
        Ok(s)
    }

    /// A console's range of the run, in seconds: `from_minute` to `to_minute` (the run's end
    /// when left out), or why it is not a range within the run.
    pub(crate) fn window(
        scenario: &Scenario,
        from_minute: u32,
        to_minute: Option<u32>,
    ) -> Result<(u32, u32), String> {
        let end = scenario.duration_s;
        let from_s = from_minute.saturating_mul(60);
        let to_s = to_minute.map_or(end, |m| m.saturating_mul(60));
        if from_s < to_s && to_s <= end {
            Ok((from_s, to_s))
        } else {
            Err(format!(
                "from_minute {from_minute} to to_minute {} is not a range within the run's {} minutes",
                to_s / 60,
                end / 60
            ))
        }
    }

    /// Reads the scenario file `file` of the lab folder; a located problem when it is missing
    /// or does not describe a run the engine accepts.
    pub(crate) fn load_scenario(
        file: &str,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    ) -> Option<Scenario> {
        let Some(text) = files.get(file) else {
            problems.complain(format!("the scenario \"{file}\" is not in the lab folder"));
            return None;
        };
        problems.data_file::<ScenarioSpec, Scenario>(file, text, build)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn read(text: &str) -> Result<Scenario, String> {
            let spec: ScenarioSpec = toml::from_str(text).map_err(|e| e.to_string())?;
            build(spec)
        }

        #[test]
        fn a_scenario_file_becomes_the_engines_scenario() {
            let s = read(
                r#"
start = "2026-11-30T09:00:00Z"
minutes = 120
seed = 7
mean_rps = 12
[logs]
sample_percent = 5
[traces]
sampling = "all"
to_minute = 60
[[fault]]
kind = "slow-query"
at_minute = 40
service = "orders"
version = "v2"
database = "orders-db"
factor = 40
[[mitigation]]
kind = "rollback"
at_minute = 75
service = "orders"
"#,
            )
            .unwrap();
            assert_eq!(s.duration_s, 7_200);
            assert_eq!(s.start_epoch_s, 1_796_029_200);
            assert_eq!(s.logs.sample_percent, 5.0);
            assert_eq!(s.traces.sampling, TraceSampling::All);
            assert_eq!(s.traces.to_s, Some(3_600));
            assert!(
                matches!(&s.faults[0].fault, Fault::SlowQuery { factor, .. } if *factor == 40.0)
            );
            assert_eq!(s.faults[0].start_s, 2_400);
            assert_eq!(s.mitigations[0].at_s, 4_500);
            assert!(matches!(
                s.system.traffic,
                Traffic::Diurnal { mean_rps, .. } if mean_rps == 12.0
            ));
        }

        #[test]
        fn a_window_lies_within_the_run() {
            let s = Scenario::new(3_600);
            assert_eq!(window(&s, 10, None), Ok((600, 3_600)));
            assert_eq!(window(&s, 0, Some(30)), Ok((0, 1_800)));
            let e = window(&s, 30, Some(30)).unwrap_err();
            assert_eq!(
                e,
                "from_minute 30 to to_minute 30 is not a range within the run's 60 minutes"
            );
            assert!(window(&s, 0, Some(61)).is_err());
        }

        #[test]
        fn unknown_fields_and_kinds_are_refused() {
            let base = "start = \"2026-11-30T09:00:00Z\"\nminutes = 10\nseed = 1\n";
            let e = read(&format!(
                "{base}[[fault]]\nkind = \"slow-query\"\nat_minute = 1\nservice = \"orders\"\nversion = \"v2\"\ndatabase = \"orders-db\"\nfactr = 4\n"
            ))
            .unwrap_err();
            assert!(e.contains("factr") || e.contains("factor"), "{e}");
            let e = read(&format!(
                "{base}[[mitigation]]\nkind = \"reboot\"\nat_minute = 1\n"
            ))
            .unwrap_err();
            assert!(e.contains("reboot"), "{e}");
            let e = read(&format!("{base}[traces]\nsampling = \"half\"\n")).unwrap_err();
            assert!(e.contains("half"), "{e}");
            let e = read("start = \"9am\"\nminutes = 10\nseed = 1\n").unwrap_err();
            assert!(e.contains("9am"), "{e}");
        }
    }
}

#[cfg(feature = "observability")]
pub(crate) use cache::{events_in, run};

#[cfg(feature = "observability")]
mod cache {
    use std::cell::RefCell;
    use std::rc::Rc;

    use engine::logs::{Event, Events, LogGroup};
    use engine::telemetry::{simulate, Run, Scenario};

    /// How many runs (and loaded log events) are kept: a lab has a few scenarios at most.
    const KEPT: usize = 4;

    /// The account of every simulated log group (`@log` is `account-id:log-group-name`).
    pub(crate) const ACCOUNT_ID: &str = "123456789012";

    /// The values kept, each under its scenario's bytes, oldest first.
    type Kept<T> = RefCell<Vec<(Vec<u8>, Rc<T>)>>;

    thread_local! {
        static RUNS: Kept<Run> = const { RefCell::new(Vec::new()) };
        static EVENTS: Kept<Events> = const { RefCell::new(Vec::new()) };
    }

    fn key(s: &Scenario) -> Vec<u8> {
        postcard::to_allocvec(s).unwrap_or_default()
    }

    fn cached<T>(
        table: &'static std::thread::LocalKey<Kept<T>>,
        key: Vec<u8>,
        make: impl FnOnce() -> Option<T>,
    ) -> Option<Rc<T>> {
        if let Some(found) = table.with(|t| {
            t.borrow()
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        }) {
            return Some(found);
        }
        let made = Rc::new(make()?);
        table.with(|t| {
            let mut t = t.borrow_mut();
            if t.len() == KEPT {
                t.remove(0);
            }
            t.push((key, made.clone()));
        });
        Some(made)
    }

    /// The scenario's run, simulated once per thread (the worker has one) and kept; `None`
    /// when the engine refuses the scenario (the lab's check reports it at build time).
    pub(crate) fn run(s: &Scenario) -> Option<Rc<Run>> {
        cached(&RUNS, key(s), || simulate(s).ok())
    }

    /// The run's log events of the groups named (a console's selection), loaded for Logs
    /// Insights once; groups the run does not have are left out.
    pub(crate) fn events_in(s: &Scenario, groups: &[String]) -> Option<Rc<Events>> {
        let mut k = key(s);
        for g in groups {
            k.push(0);
            k.extend_from_slice(g.as_bytes());
        }
        cached(&EVENTS, k, || {
            let run = run(s)?;
            let chosen: Vec<LogGroup> = log_groups(&run)
                .into_iter()
                .filter(|g| groups.contains(&g.name))
                .collect();
            Some(Events::load(&chosen))
        })
    }

    /// The run's log events as Logs Insights' log groups (ingestion a second after the event).
    pub(crate) fn log_groups(run: &Run) -> Vec<LogGroup> {
        let mut groups: Vec<LogGroup> = Vec::new();
        for e in &run.logs {
            let i = match groups.iter().position(|g| g.name == e.log_group) {
                Some(i) => i,
                None => {
                    groups.push(LogGroup {
                        account_id: ACCOUNT_ID.into(),
                        name: e.log_group.clone(),
                        events: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            groups[i].events.push(Event {
                timestamp_ms: e.timestamp_ms as i64,
                ingestion_time_ms: e.timestamp_ms as i64 + 1_000,
                log_stream: e.log_stream.clone(),
                message: e.message.clone(),
            });
        }
        groups
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_run_is_simulated_once_and_its_logs_load_into_groups() {
            let mut s = Scenario::new(600);
            s.logs.sample_percent = 10.0;
            let a = run(&s).unwrap();
            let b = run(&s).unwrap();
            assert!(Rc::ptr_eq(&a, &b));
            let groups = log_groups(&a);
            assert!(groups.iter().any(|g| g.name == "/ecs/web"));
            let total: usize = groups.iter().map(|g| g.events.len()).sum();
            assert_eq!(total, a.logs.len());
            let web = ["/ecs/web".to_string()];
            let ev = events_in(&s, &web).unwrap();
            assert!(Rc::ptr_eq(&ev, &events_in(&s, &web).unwrap()));
            s.seed = 2;
            assert!(!Rc::ptr_eq(&a, &run(&s).unwrap()));
        }
    }
}

/// The scenario's first fault's start, in seconds (what a drill's clock and a postmortem's
/// timeline are measured from), if it has one.
pub fn first_fault_s(s: &Scenario) -> Option<u32> {
    s.faults.iter().map(|f| f.start_s).min()
}
