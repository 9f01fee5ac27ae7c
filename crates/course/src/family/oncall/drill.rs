//! The drill's script, its simulated clock, and its replay on the telemetry run.
//!
//! A script is one action a line (blank lines and `#` comments ignored). The clock starts
//! when the alarm's notification is sent (the page) and each action takes [`minutes`]:
//! acknowledging a minute, opening the dashboard two, a Logs Insights query or a look at the
//! traces three, a mitigation two (it applies to the run when it is done), `wait N` N. These
//! times are the lab's, not measured ones: they make a drill that looks everywhere before it
//! acts slower than one that follows the evidence, and the lab says so.
use std::rc::Rc;

use engine::alarm::{evaluate, AlarmConfig, AlarmState, Evaluation};
use engine::telemetry::{Applied, EventKind, Kind, Mitigation, Run, Scenario};

use super::{comparison, statistic, treat_missing, PagingAlarm};
use crate::family::telemetry;
use crate::lang::{Wording, T};

/// One action of the script.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Op {
    Ack,
    Dashboard,
    Logs,
    Traces,
    Wait(u32),
    Mitigate(Mitigation),
}

/// How long an action takes on the drill's clock, in minutes.
pub(crate) fn minutes(op: &Op) -> u32 {
    match op {
        Op::Ack => 1,
        Op::Dashboard => 2,
        Op::Logs | Op::Traces => 3,
        Op::Wait(n) => *n,
        Op::Mitigate(_) => 2,
    }
}

/// A line the drill could not read.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ScriptError {
    /// 1-based.
    pub line: usize,
    pub message: Wording,
}

/// One action read, with its line.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line {
    pub line: usize,
    pub op: Op,
}

/// The longest wait a line may ask for, minutes.
const MAX_WAIT: u32 = 120;

/// Reads a script against the scenario's system (the services a mitigation names).
pub(crate) fn parse(script: &str, scenario: &Scenario) -> (Vec<Line>, Vec<ScriptError>) {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in script.lines().enumerate() {
        let text = raw.split('#').next().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        match read(&words, scenario) {
            Ok(op) => lines.push(Line { line: i + 1, op }),
            Err(message) => errors.push(ScriptError {
                line: i + 1,
                message,
            }),
        }
    }
    (lines, errors)
}

fn read(words: &[&str], scenario: &Scenario) -> Result<Op, Wording> {
    let service = |name: &str, want: fn(&Kind) -> bool, what: crate::lang::T| match scenario
        .system
        .services
        .iter()
        .find(|s| s.name == name)
    {
        Some(s) if want(&s.kind) => Ok(name.to_string()),
        _ => Err(Wording::new(t!(
            "\"{name}\" is not {what} of this system",
            "\"{name}\" không phải {what} của hệ thống này"
        ))
        .with("name", name)
        .with("what", what)),
    };
    let number = |w: Option<&&str>| -> Result<u32, Wording> {
        w.and_then(|w| w.parse::<u32>().ok())
            .filter(|n| *n > 0 && *n <= 10_000)
            .ok_or_else(|| {
                Wording::new(t!(
                    "\"{line}\" needs a whole number above 0 at its end",
                    "\"{line}\" cần một số nguyên lớn hơn 0 ở cuối"
                ))
                .with("line", words.join(" "))
            })
    };
    let any = |k: &Kind| matches!(k, Kind::Ecs { .. } | Kind::Lambda { .. });
    let ecs = |k: &Kind| matches!(k, Kind::Ecs { .. });
    let lambda = |k: &Kind| matches!(k, Kind::Lambda { .. });
    let arity = |n: usize| -> Result<(), Wording> {
        if words.len() == n {
            Ok(())
        } else {
            Err(Wording::new(t!(
                "\"{line}\" does not read as an action: {usage}",
                "\"{line}\" không phải một hành động: {usage}"
            ))
            .with("line", words.join(" "))
            .with("usage", usage(words[0])))
        }
    };
    match words[0] {
        "ack" => arity(1).map(|_| Op::Ack),
        "dashboard" => arity(1).map(|_| Op::Dashboard),
        "logs" => arity(1).map(|_| Op::Logs),
        "traces" => arity(1).map(|_| Op::Traces),
        "wait" => {
            arity(2)?;
            let n = number(words.get(1))?;
            Ok(Op::Wait(n.min(MAX_WAIT)))
        }
        "rollback" => {
            arity(2)?;
            let s = service(words[1], any, t!("a service", "một service"))?;
            Ok(Op::Mitigate(Mitigation::Rollback { service: s }))
        }
        "flag-off" => {
            arity(2)?;
            Ok(Op::Mitigate(Mitigation::FlagOff {
                flag: words[1].to_string(),
            }))
        }
        "scale-out" => {
            arity(3)?;
            let s = service(words[1], ecs, t!("an ECS service", "một ECS service"))?;
            let tasks = number(words.get(2))?;
            Ok(Op::Mitigate(Mitigation::ScaleOut { service: s, tasks }))
        }
        "raise-limit" => {
            arity(3)?;
            let s = service(words[1], lambda, t!("a Lambda function", "một Lambda function"))?;
            let concurrency = number(words.get(2))?;
            Ok(Op::Mitigate(Mitigation::RaiseLimit {
                service: s,
                concurrency,
            }))
        }
        other => Err(Wording::new(
            t!(
                "\"{op}\" is not an action: ack, dashboard, logs, traces, wait N, rollback SERVICE, flag-off FLAG, scale-out SERVICE TASKS, raise-limit FUNCTION CONCURRENCY",
                "\"{op}\" không phải một hành động: ack, dashboard, logs, traces, wait N, rollback SERVICE, flag-off FLAG, scale-out SERVICE TASKS, raise-limit FUNCTION CONCURRENCY"
            ),
        )
        .with("op", other)),
    }
}

fn usage(op: &str) -> String {
    match op {
        "wait" => "wait MINUTES",
        "rollback" => "rollback SERVICE",
        "flag-off" => "flag-off FLAG",
        "scale-out" => "scale-out SERVICE TASKS",
        "raise-limit" => "raise-limit FUNCTION CONCURRENCY",
        other => other,
    }
    .to_string()
}

/// An action on the clock.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Step {
    pub line: usize,
    pub op: Op,
    /// When it starts and ends, seconds from the run's start.
    pub start_s: u32,
    pub end_s: u32,
    /// For a mitigation: its index among the run's, and whether it ended a fault.
    pub mitigation: Option<usize>,
    pub ended_fault: bool,
}

/// What a drill did, replayed.
pub(crate) struct Replay {
    pub fault_s: u32,
    /// When the page was sent (the alarm's first ALARM), seconds from the run's start.
    pub page_s: Option<u32>,
    pub steps: Vec<Step>,
    pub errors: Vec<ScriptError>,
    /// The clock after the last action.
    pub clock_s: u32,
    pub ack_s: Option<u32>,
    /// When the alarm went back to OK after the page.
    pub ok_s: Option<u32>,
    /// When the (first) fault ended, and whether by one of the learner's mitigations.
    pub fault_end_s: Option<u32>,
    pub run: Rc<Run>,
    /// The scenario with the learner's mitigations, whose run `run` is.
    pub scenario: Scenario,
    pub alarm: Evaluation,
}

impl Replay {
    /// Minutes from the fault's start to the page.
    pub fn ttd(&self) -> Option<f64> {
        self.page_s.map(|p| minutes_between(self.fault_s, p))
    }

    /// Minutes from the page to the acknowledgement.
    pub fn tta(&self) -> Option<f64> {
        Some(minutes_between(self.page_s?, self.ack_s?))
    }

    /// Minutes from the fault's start to the alarm's OK.
    pub fn ttr(&self) -> Option<f64> {
        self.ok_s.map(|o| minutes_between(self.fault_s, o))
    }

    /// Mitigations that ended no fault.
    pub fn needless(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.mitigation.is_some() && !s.ended_fault)
            .count()
    }

    /// Whether one of the learner's mitigations ended a fault.
    pub fn mitigated(&self) -> bool {
        self.steps.iter().any(|s| s.ended_fault)
    }
}

fn minutes_between(from: u32, to: u32) -> f64 {
    f64::from(to.saturating_sub(from)) / 60.0
}

/// The alarm as the engine takes it.
pub(crate) fn alarm_config(a: &PagingAlarm) -> Option<AlarmConfig> {
    let mut c = AlarmConfig::new(a.metric.clone(), comparison(&a.comparison)?, a.threshold);
    c.statistic = statistic(&a.statistic)?;
    c.period_seconds = 60;
    c.evaluation_periods = a.evaluation_periods;
    c.datapoints_to_alarm = a.datapoints_to_alarm;
    c.treat_missing_data = treat_missing(&a.treat_missing_data)?;
    Some(c)
}

/// The alarm's evaluation over a run (`None` when the run has no such metric).
pub(crate) fn alarm_on(run: &Run, a: &PagingAlarm) -> Option<Evaluation> {
    let config = alarm_config(a)?;
    let series = run.metric(&a.namespace, &a.metric, &a.dimension)?;
    evaluate(&config, &series.values(config.statistic)).ok()
}

/// The first state change into `to` at or after `from_s`, in seconds from the run's start.
pub(crate) fn first_change(e: &Evaluation, to: AlarmState, from_s: u32) -> Option<u32> {
    e.changes
        .iter()
        .find(|c| c.to == to && c.time_seconds >= u64::from(from_s))
        .map(|c| c.time_seconds as u32)
}

/// Replays a script: the page from the run without mitigations, the clock from it, the
/// learner's mitigations applied at their moments, and the run they give.
pub(crate) fn replay(scenario: &Scenario, alarm: &PagingAlarm, script: &str) -> Option<Replay> {
    let fault_s = telemetry::first_fault_s(scenario).unwrap_or(0);
    let base = telemetry::run(scenario)?;
    let base_alarm = alarm_on(&base, alarm)?;
    let page_s = first_change(&base_alarm, AlarmState::Alarm, fault_s);
    let (lines, errors) = parse(script, scenario);
    // Without a page the clock starts when customers would have noticed: half an hour in.
    let mut clock = page_s.unwrap_or(fault_s + 1_800);
    let mut steps = Vec::new();
    let mut mitigated = scenario.clone();
    let mut ack_s = None;
    for l in lines {
        let start = clock;
        clock = clock.saturating_add(minutes(&l.op) * 60);
        if l.op == Op::Ack && ack_s.is_none() {
            ack_s = Some(clock);
        }
        let mitigation = match &l.op {
            Op::Mitigate(m) if clock < scenario.duration_s => {
                mitigated.mitigations.push(Applied {
                    mitigation: m.clone(),
                    at_s: clock,
                });
                Some(mitigated.mitigations.len() - 1)
            }
            _ => None,
        };
        steps.push(Step {
            line: l.line,
            op: l.op,
            start_s: start,
            end_s: clock,
            mitigation,
            ended_fault: false,
        });
    }
    let run = if mitigated.mitigations.is_empty() {
        base
    } else {
        telemetry::run(&mitigated)?
    };
    let mut fault_end_s = None;
    for e in &run.events {
        if let EventKind::FaultEnded { fault, mitigation } = &e.kind {
            if *fault == 0 {
                fault_end_s = Some(e.at_s);
            }
            if let Some(m) = mitigation {
                if let Some(s) = steps.iter_mut().find(|s| s.mitigation == Some(*m)) {
                    s.ended_fault = true;
                }
            }
        }
    }
    let alarm_eval = alarm_on(&run, alarm)?;
    let ok_s = page_s.and_then(|p| first_change(&alarm_eval, AlarmState::Ok, p));
    Some(Replay {
        fault_s,
        page_s,
        steps,
        errors,
        clock_s: clock,
        ack_s,
        ok_s,
        fault_end_s,
        run,
        scenario: mitigated,
        alarm: alarm_eval,
    })
}
