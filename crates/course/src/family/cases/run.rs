//! The case studies' model: the six decisions turned into thirteen weeks of a DORA event log,
//! one bad release through the deployment simulator, and the month's compute bill; grading a
//! goal on them, and the panel that shows them.
//!
//! The model, in one place (the lab says it simplifies):
//! - Commits: `changes_per_week` a week, on working days between 09:00 and 18:00 UTC, each
//!   drawn once from the case's seed with whether it would break production untested, so
//!   that a better decision never turns a good commit bad.
//! - When a commit can ship (branching): trunk-based at once; GitHub flow after two working
//!   days on its feature branch and in review; GitFlow with the next release branch, cut every other Monday and
//!   stabilised for two days.
//! - When it ships (pipeline): by hand every other Friday; with CI only, by hand every
//!   Thursday; with CD, 45 minutes after it can (one execution at a time, later commits
//!   batched into the next, as CodePipeline's superseded mode does); with an approval, at the
//!   next of two daily approval rounds on working days.
//! - Whether a deployment fails: it carries a breaking commit that got through; tests stop
//!   some (unit tests 45 %, unit and integration tests in staging 70 %; a manual approval
//!   stops none more: DORA finds heavyweight change approval does not make changes safer),
//!   environments clicked in the console break half again as many (drift between staging and
//!   production), long-lived GitFlow branches a fifth more (merges).
//! - Recovery: with alarms, the deployment group stops and rolls back the deployment when its
//!   alarm fires, at the time the deployment simulator gives; without, someone notices
//!   (customers after 4 hours, logs searched by hand after an hour), finds the cause and
//!   restores the previous version (blue/green and canary shift traffic back; in place,
//!   another deployment: DORA's rework).
//! - The bad release: an hour with the new version failing 25 % of its requests, on `tasks`
//!   tasks, through `engine::deploy::simulate`.
use engine::deploy::{
    simulate, Amount, DeploymentAlarm, DeploymentGroup, Fault, Outcome as DeployOutcome, SimConfig,
    Strategy, Summary, Traffic,
};
use engine::dora::{
    classify, four_keys, resembles, Commit, Deployment, DeploymentStatus, EventLog, FourKeys,
    Incident, Key,
};
use engine::numbers::Rng;
use engine::rollout::{monthly_cost, CostPlatform, PlatformCost};

use super::{decision_problems, decisions, Case, Cases, CasesCheck, Goal, Metric, DECISIONS};
use crate::answer::Answers;
use crate::check::Verdict;
use crate::family::{Graded, LabView};
use crate::lang::{number, Lang, Wording, T};
use crate::panel::{Block, Cell, Drawing, Panel, Shape, Tone};

/// The thirteen weeks start on Monday 2026-01-05, 00:00 UTC.
pub(super) const START: i64 = 1_767_571_200;
pub(super) const WEEKS: i64 = 13;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;
/// The bad release: its error rate, and how long the simulator runs it.
const BAD_ERROR_RATE: f64 = 0.25;
const BAD_RELEASE_S: u32 = 3_600;

/// The six decisions, read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Choices<'a> {
    pub branching: &'a str,
    pub pipeline: &'a str,
    pub deployment: &'a str,
    pub iac: &'a str,
    pub compute: &'a str,
    pub observability: &'a str,
}

impl<'a> Choices<'a> {
    fn read(made: &'a [Option<String>; 6]) -> Option<Choices<'a>> {
        let [b, p, d, i, c, o] = made;
        Some(Choices {
            branching: b.as_deref()?,
            pipeline: p.as_deref()?,
            deployment: d.as_deref()?,
            iac: i.as_deref()?,
            compute: c.as_deref()?,
            observability: o.as_deref()?,
        })
    }

    fn alarms(&self) -> bool {
        matches!(self.observability, "alarms" | "full")
    }

    /// The strategy the platform actually runs: App Runner has no blue/green or canary
    /// setting and deploys by replacing instances as they pass their health checks.
    fn strategy(&self) -> &'a str {
        match (self.compute, self.deployment) {
            ("app-runner", "blue-green" | "canary") => "rolling",
            (_, d) => d,
        }
    }

    fn in_place(&self) -> bool {
        matches!(self.strategy(), "all-at-once" | "rolling")
    }
}

/// What the decisions lead to.
#[derive(Clone, Debug)]
pub(super) struct Outcome {
    pub log: EventLog,
    pub keys: FourKeys,
    /// `None` when the simulator refuses the configuration (`validate_items` runs every
    /// strategy of each case, so a lab that loads never sees it).
    pub bad_release: Option<Summary>,
    pub cost: Option<PlatformCost>,
}

impl Outcome {
    pub fn metric(&self, m: Metric) -> Option<f64> {
        match m {
            Metric::DeploymentsPerWeek => Some(self.keys.deployments_per_week),
            Metric::LeadTimeHours => self.keys.lead_time_hours,
            Metric::ChangeFailRatePercent => self.keys.change_fail_rate_percent,
            Metric::RecoveryTimeHours => {
                // No failed deployment: nothing to recover from.
                Some(self.keys.recovery_time_hours.unwrap_or(0.0))
            }
            Metric::ReworkRatePercent => self.keys.rework_rate_percent,
            Metric::MonthlyCost => self.cost.as_ref().map(|c| c.total),
            Metric::FailedRequestsPercent => self.bad_release.as_ref().map(failed_percent),
        }
    }
}

fn failed_percent(s: &Summary) -> f64 {
    if s.requests == 0 {
        0.0
    } else {
        s.failed_requests as f64 * 100.0 / s.requests as f64
    }
}

/// The first time at or after `t` that is `hour`:00 on a working day among `hours`.
fn next_slot(t: i64, weekdays: &[i64], hours: &[i64], every_other_week: bool) -> i64 {
    let mut day = (t - START).div_euclid(DAY);
    loop {
        let weekday = day.rem_euclid(7);
        let week_ok = !every_other_week || (day.div_euclid(7)) % 2 == 0;
        if weekdays.contains(&weekday) && week_ok {
            for h in hours {
                let at = START + day * DAY + h * HOUR;
                if at >= t {
                    return at;
                }
            }
        }
        day += 1;
    }
}

const WORKDAYS: &[i64] = &[0, 1, 2, 3, 4];

/// `at` plus `n` working days (a Thursday's two days end on Monday).
fn working_days_later(at: i64, n: i64) -> i64 {
    let mut t = at;
    let mut left = n;
    while left > 0 {
        t += DAY;
        if (t - START).div_euclid(DAY).rem_euclid(7) < 5 {
            left -= 1;
        }
    }
    t
}

/// When a commit made at `at` can ship, by the branching strategy.
fn releasable(at: i64, branching: &str) -> i64 {
    match branching {
        "github-flow" => working_days_later(at, 2),
        // Merged to develop the next day; shipped with the next release branch (cut every
        // other Monday at 10:00) after two days of stabilisation.
        "gitflow" => next_slot(at + DAY, &[0], &[10], true) + 2 * DAY,
        _ => at,
    }
}

/// The share of breaking changes that get through, by pipeline, infrastructure and branching.
fn escape_factor(c: &Choices<'_>) -> f64 {
    let tests = match c.pipeline {
        "ci-only" => 0.55,
        "cd" | "cd-approval" => 0.3,
        _ => 1.0,
    };
    let iac = if c.iac == "console" { 1.5 } else { 1.0 };
    let branches = if c.branching == "gitflow" { 1.2 } else { 1.0 };
    tests * iac * branches
}

/// The bad release's configuration under the decisions.
pub(super) fn bad_release_config(case: &Case, c: &Choices<'_>) -> SimConfig {
    let fleet = case.tasks.clamp(1, engine::deploy::MAX_FLEET_SIZE);
    let strategy = match c.strategy() {
        "all-at-once" => Strategy::AllAtOnce,
        "rolling" => Strategy::Rolling {
            batch: Amount::Percent(25),
            min_healthy: Amount::Percent(50),
        },
        "blue-green" => Strategy::blue_green(),
        // CodeDeployDefault.ECSCanary10Percent5Minutes.
        _ => Strategy::canary(10, 300),
    };
    let deployment_group = if c.alarms() {
        let mut alarm = DeploymentAlarm::error_rate(5.0, 60, 1, 1);
        if !c.in_place() {
            // Blue/green and canary watch the replacement's own target group.
            alarm.metric = engine::deploy::AlarmMetric::GreenErrorRatePercent;
        }
        let mut group = DeploymentGroup::rolling_back_on(vec![alarm]);
        // The original task set is kept 15 minutes after the shift (the deployment group's
        // terminationWaitTimeInMinutes), so an alarm after the shift can still reroute to it.
        group.blue_termination.wait_s = 15 * 60;
        group
    } else {
        DeploymentGroup::default()
    };
    let rps = f64::from(case.traffic_rps);
    SimConfig {
        seed: case.seed,
        duration_s: BAD_RELEASE_S,
        traffic: Traffic::Steady { rps },
        fleet_size: fleet,
        // Half the fleet carries the traffic: room for a batch out of service.
        target_capacity_rps: (2.0 * rps / f64::from(fleet)).max(1.0),
        startup_s: 30,
        deploy_at_s: 60,
        strategy,
        deployment_group,
        faults: vec![Fault::BadRelease {
            at_s: 0,
            error_rate: BAD_ERROR_RATE,
            latency_factor: 1.0,
        }],
        ..SimConfig::default()
    }
}

/// The commits of the thirteen weeks: when each is made and whether it would break
/// production untested (a draw in 0..1 compared with the share that gets through).
fn commits(case: &Case) -> Vec<(i64, f64)> {
    let mut rng = Rng::new(case.seed);
    let mut out = Vec::new();
    for week in 0..WEEKS {
        for k in 0..i64::from(case.changes_per_week) {
            let day = week * 7 + k % 5;
            let at = START + day * DAY + 9 * HOUR + (rng.next_f64() * 9.0 * HOUR as f64) as i64;
            out.push((at, rng.next_f64()));
        }
    }
    out.sort_by_key(|&(at, _)| at);
    out
}

/// How long, in seconds from the deployment, until the incident is noticed and until service
/// is back, when nothing rolls it back by itself.
fn by_hand(c: &Choices<'_>) -> (i64, i64) {
    let detect = match c.observability {
        "none" => 4 * HOUR,
        "logs" => HOUR,
        "alarms" => 5 * 60,
        _ => 3 * 60,
    };
    let diagnose = match c.observability {
        "none" => 2 * HOUR,
        "logs" => HOUR,
        "alarms" => 45 * 60,
        _ => 15 * 60,
    };
    let restore = match c.strategy() {
        "all-at-once" => 15 * 60,
        "rolling" => 30 * 60,
        _ => 5 * 60,
    } + if c.pipeline == "manual" { 30 * 60 } else { 0 };
    (detect, detect + diagnose + restore)
}

/// The decisions' consequences.
pub(super) fn outcome(case: &Case, c: &Choices<'_>) -> Outcome {
    let sim = simulate(&bad_release_config(case, c)).map(|s| s.summary);
    let bad_release = sim.ok();
    // Rolled back by the deployment group: noticed when the alarm stopped it, restored when
    // the rollback finished (both from the deployment's start).
    let automatic = match bad_release.as_ref().map(|s| (s, s.outcome, s.stopped_s)) {
        Some((bad_release, DeployOutcome::RolledBack, Some(stopped))) => {
            let start = i64::from(bad_release.rollout_started_s);
            let done = bad_release
                .rollout_finished_s
                .map_or(i64::from(stopped) + 60, i64::from);
            Some((i64::from(stopped) - start, done - start))
        }
        _ => None,
    };
    let (detect, restore) = automatic.unwrap_or_else(|| by_hand(c));

    let escape = escape_factor(c) * case.defect_percent / 100.0;
    let mut waiting: Vec<(String, i64, bool)> = Vec::new();
    let mut log = EventLog {
        team: case.title.clone(),
        from: START,
        to: START + WEEKS * 7 * DAY,
        commits: Vec::new(),
        deployments: Vec::new(),
        incidents: Vec::new(),
    };
    // Each commit's releasable time, in order; deployments follow.
    let mut ready: Vec<(i64, String, bool)> = commits(case)
        .into_iter()
        .enumerate()
        .map(|(k, (at, draw))| {
            let id = format!("c{k:04}");
            log.commits.push(Commit {
                id: id.clone(),
                at,
                line: 0,
            });
            (releasable(at, c.branching), id, draw < escape)
        })
        .collect();
    ready.sort_by_key(|r| r.0);
    let mut next = 0;
    let mut clock = START;
    let end = log.to;
    while clock < end {
        // The next deployment after `clock`: when the first waiting commit can ship.
        let first = match (waiting.first(), ready.get(next)) {
            (Some(w), _) => w.1.max(clock),
            (None, Some(r)) => r.0.max(clock),
            (None, None) => break,
        };
        let at = match c.pipeline {
            "manual" => next_slot(first, &[4], &[16], true),
            "ci-only" => next_slot(first, &[3], &[14], false),
            "cd-approval" => next_slot(first + 30 * 60, WORKDAYS, &[10, 15], false) + 15 * 60,
            _ => first + 45 * 60,
        };
        if at >= end {
            break;
        }
        while let Some(r) = ready.get(next).filter(|r| r.0 <= at) {
            waiting.push((r.1.clone(), r.0, r.2));
            next += 1;
        }
        let breaks = waiting.iter().any(|w| w.2);
        let n = log.deployments.len();
        let id = format!("d{n:03}");
        log.deployments.push(Deployment {
            id: id.clone(),
            at,
            commits: waiting.iter().map(|w| w.0.clone()).collect(),
            status: if breaks {
                DeploymentStatus::Failed
            } else {
                DeploymentStatus::Succeeded
            },
            fixes: None,
            reason: None,
            line: 0,
        });
        clock = at + 1;
        if breaks {
            let incident = format!("i{:03}", log.incidents.len());
            // Customers are affected from the deployment until service is restored (at least
            // a minute: a rollback is not instant).
            let restored = (at + restore.max(detect + 60)).min(end);
            log.incidents.push(Incident {
                id: incident.clone(),
                opened: at,
                restored,
                deployment: Some(id),
                line: 0,
            });
            if c.in_place() && restored < end {
                // In place, going back to the last good version is another deployment.
                log.deployments.push(Deployment {
                    id: format!("d{:03}", log.deployments.len()),
                    at: restored,
                    commits: Vec::new(),
                    status: DeploymentStatus::Succeeded,
                    fixes: Some(incident),
                    reason: Some("roll back to the last good version".into()),
                    line: 0,
                });
            }
            // The breaking commits are fixed. Deploying by hand, the fixed batch goes out as a
            // hotfix half a day later (rework too); through a pipeline, with its next run.
            for w in &mut waiting {
                w.2 = false;
            }
            clock = restored.max(clock);
            let hotfix = restored + 4 * HOUR;
            if matches!(c.pipeline, "manual" | "ci-only") && hotfix < end {
                log.deployments.push(Deployment {
                    id: format!("d{:03}", log.deployments.len()),
                    at: hotfix,
                    commits: waiting.drain(..).map(|w| w.0).collect(),
                    status: DeploymentStatus::Succeeded,
                    fixes: Some(log.incidents[log.incidents.len() - 1].id.clone()),
                    reason: Some("hotfix".into()),
                    line: 0,
                });
                clock = hotfix + 1;
            }
        } else {
            waiting.clear();
        }
    }
    let keys = four_keys(&log);
    let services: Vec<_> = case.services.iter().map(|s| s.cost_service()).collect();
    let cost = CostPlatform::from_id(c.compute)
        .and_then(|p| monthly_cost(&services, f64::from(case.traffic_rps), p, false));
    Outcome {
        log,
        keys,
        bad_release,
        cost,
    }
}

pub(super) fn grade(check: &CasesCheck, all: &Cases, answers: &Answers) -> Graded {
    let made = decisions(answers);
    let first_missing = DECISIONS
        .iter()
        .zip(&made)
        .find(|(_, m)| m.is_none())
        .map(|((id, _), _)| *id);
    let (Some(case), None) = (all.get(&check.case), first_missing) else {
        return Graded::new(first_missing.unwrap_or(""), Verdict::NotAnswered);
    };
    let Some(goal) = case.goal(&check.goal) else {
        return Graded::new("", Verdict::NoEngineValue);
    };
    let Some(choices) = Choices::read(&made) else {
        return Graded::new("", Verdict::NotAnswered);
    };
    let o = outcome(case, &choices);
    let Some(value) = o.metric(goal.metric) else {
        return Graded::new("", Verdict::NoEngineValue);
    };
    if goal.met(value) {
        return Graded::new("", Verdict::Correct);
    }
    let goal = goal.clone();
    Graded::new(
        "",
        Verdict::Unmet(Wording::each(move |lang| {
            t!(
                "{measure}: {value} with these decisions; the goal is {bound}",
                "{measure}: {value} với các quyết định này; mục tiêu là {bound}"
            )
            .fill(
                lang,
                &[
                    ("measure", &metric_name(goal.metric).get(lang)),
                    ("value", &amount(goal.metric, value, lang)),
                    ("bound", &bound_text(&goal, lang)),
                ],
            )
        })),
    )
}

pub(super) fn validate_items(all: &Cases, lab: &LabView<'_>) -> Vec<String> {
    let mut problems = decision_problems(lab);
    for case in &all.cases {
        let services: Vec<_> = case.services.iter().map(|s| s.cost_service()).collect();
        for p in CostPlatform::ALL {
            if monthly_cost(&services, 1.0, p, false).is_none() {
                problems.push(format!(
                    "case study \"{}\": a service is larger than {} offers",
                    case.id,
                    p.id()
                ));
            }
        }
        for deployment in DECISIONS[2].1 {
            for observability in ["none", "alarms"] {
                let c = Choices {
                    branching: "trunk-based",
                    pipeline: "cd",
                    deployment,
                    iac: "cdk",
                    compute: "ecs-fargate",
                    observability,
                };
                if let Err(e) = simulate(&bad_release_config(case, &c)) {
                    problems.push(format!(
                        "case study \"{}\": its bad release cannot run {deployment}: {e:?}",
                        case.id
                    ));
                }
            }
        }
    }
    problems
}

fn metric_name(m: Metric) -> T {
    match m {
        Metric::DeploymentsPerWeek => t!("Deployment frequency", "Tần suất deploy"),
        Metric::LeadTimeHours => t!("Change lead time", "Lead time của thay đổi"),
        Metric::ChangeFailRatePercent => t!("Change fail rate", "Tỷ lệ thay đổi gây lỗi"),
        Metric::RecoveryTimeHours => t!(
            "Failed deployment recovery time",
            "Thời gian khôi phục sau deploy lỗi"
        ),
        Metric::ReworkRatePercent => t!("Deployment rework rate", "Tỷ lệ deploy làm lại"),
        Metric::MonthlyCost => t!("Compute cost a month", "Chi phí compute mỗi tháng"),
        Metric::FailedRequestsPercent => t!(
            "Requests failed by one bad release",
            "Yêu cầu lỗi do một bản phát hành hỏng"
        ),
    }
}

/// A measure's value with its unit.
fn amount(m: Metric, v: f64, lang: Lang) -> String {
    let n = number(v, if v < 10.0 { 2 } else { 1 }, lang);
    let hours = matches!(m, Metric::LeadTimeHours | Metric::RecoveryTimeHours);
    if hours && v < 1.0 {
        // Under an hour reads better in minutes.
        let minutes = number((v * 60.0).round(), 0, lang);
        return t!("{n} min", "{n} phút").fill(lang, &[("n", &minutes)]);
    }
    match m {
        Metric::DeploymentsPerWeek => t!("{n} a week", "{n} lần mỗi tuần"),
        Metric::LeadTimeHours | Metric::RecoveryTimeHours => t!("{n} h", "{n} giờ"),
        Metric::ChangeFailRatePercent
        | Metric::ReworkRatePercent
        | Metric::FailedRequestsPercent => T("{n} %"),
        Metric::MonthlyCost => T("${n}"),
    }
    .fill(lang, &[("n", &n)])
}

fn bound_text(g: &Goal, lang: Lang) -> String {
    match (g.at_least, g.at_most) {
        (Some(_), _) => t!("at least {v}", "ít nhất {v}"),
        (_, Some(_)) => t!("at most {v}", "nhiều nhất {v}"),
        _ => return String::new(),
    }
    .fill(
        lang,
        &[(
            "v",
            &amount(g.metric, g.at_least.or(g.at_most).unwrap_or(0.0), lang),
        )],
    )
}

/// An option's label as the lab words it (its id when the lab has none).
fn option_label(lab: &LabView<'_>, input: &str, option: &str) -> String {
    match lab.input(input).map(|i| &i.kind) {
        Some(crate::lab::InputKind::Choice { options, .. }) => options
            .iter()
            .find(|o| o.id == option)
            .map_or_else(|| option.to_string(), |o| o.label.clone()),
        _ => option.to_string(),
    }
}

fn input_label(lab: &LabView<'_>, input: &str) -> String {
    lab.input(input)
        .map_or_else(|| input.to_string(), |i| i.label.clone())
}

pub(super) fn panel(
    all: &Cases,
    lab: &LabView<'_>,
    answers: &Answers,
    _focus: &[String],
    lang: Lang,
    panel: &mut Panel,
) {
    let made = decisions(answers);
    for case in &all.cases {
        case_panel(case, lab, &made, lang, panel);
    }
}

fn case_panel(
    case: &Case,
    lab: &LabView<'_>,
    made: &[Option<String>; 6],
    lang: Lang,
    panel: &mut Panel,
) {
    let out = &mut panel.blocks;
    out.push(Block::Heading(case.title.clone()));
    out.push(Block::Table {
        caption: t!("Your decisions", "Các quyết định của bạn")
            .get(lang)
            .into(),
        head: vec![
            t!("Decision", "Quyết định").get(lang).into(),
            t!("Your choice", "Lựa chọn của bạn").get(lang).into(),
        ],
        rows: DECISIONS
            .iter()
            .zip(made)
            .map(|((id, _), m)| {
                vec![
                    Cell::plain(input_label(lab, id)),
                    match m {
                        Some(o) => Cell::new(option_label(lab, id, o), Tone::Busy),
                        None => Cell::new(t!("not chosen yet", "chưa chọn").get(lang), Tone::Warn),
                    },
                ]
            })
            .collect(),
    });
    let Some(c) = Choices::read(made) else {
        out.push(Block::Note {
            tone: Tone::Warn,
            text: t!(
                "Make all six decisions to see the thirteen weeks that follow them.",
                "Hãy đưa ra đủ sáu quyết định để xem mười ba tuần tiếp theo."
            )
            .get(lang)
            .into(),
        });
        return;
    };
    let o = outcome(case, &c);
    // The goals first: what the company asked for.
    out.push(Block::Table {
        caption: t!(
            "The company's goals, with your decisions",
            "Mục tiêu của công ty, với các quyết định của bạn"
        )
        .get(lang)
        .into(),
        head: vec![
            t!("Goal", "Mục tiêu").get(lang).into(),
            t!("Target", "Chỉ tiêu").get(lang).into(),
            t!("Simulated", "Mô phỏng").get(lang).into(),
            "".into(),
        ],
        rows: case
            .goals
            .iter()
            .map(|g| {
                let v = o.metric(g.metric);
                let met = v.is_some_and(|v| g.met(v));
                vec![
                    Cell::plain(g.label.clone()),
                    Cell::plain(bound_text(g, lang)),
                    Cell::plain(v.map_or_else(|| "—".into(), |v| amount(g.metric, v, lang))),
                    if met {
                        Cell::new(t!("met", "đạt").get(lang), Tone::Good)
                    } else {
                        Cell::new(t!("not met", "chưa đạt").get(lang), Tone::Bad)
                    },
                ]
            })
            .collect(),
    });
    out.push(Block::Drawing(weeks_drawing(&o.log, lang)));
    out.push(dora_table(&o.keys, lang));
    if let Some(reading) = resembles(&o.keys) {
        let names: Vec<&str> = reading.candidates.iter().map(|p| p.name()).collect();
        out.push(Block::Note {
            tone: Tone::Plain,
            text: if names.is_empty() {
                t!(
                    "DORA's 2025 team profiles: fast and unstable is none of the seven.",
                    "Các hồ sơ đội ngũ năm 2025 của DORA: nhanh nhưng thiếu ổn định không thuộc hồ sơ nào trong bảy hồ sơ."
                )
                .get(lang)
                .into()
            } else {
                t!(
                    "DORA's 2025 team profiles: these deliveries resemble {names}.",
                    "Các hồ sơ đội ngũ năm 2025 của DORA: cách giao hàng này giống {names}."
                )
                .fill(lang, &[("names", &names.join(" / "))])
            },
        });
    }
    if let Some(s) = &o.bad_release {
        out.push(bad_release_note(s, &c, lang));
    }
    out.push(cost_table(case, o.cost.as_ref(), lang));
    for note in warnings(&c, lang) {
        out.push(Block::Note {
            tone: Tone::Warn,
            text: note,
        });
    }
}

/// Each week's deployments as dots (green succeeded, red failed, orange rework).
fn weeks_drawing(log: &EventLog, lang: Lang) -> Drawing {
    const LEFT: u32 = 40;
    const COL: u32 = 46;
    let mut shapes = Vec::new();
    let mut per_week = vec![0u32; WEEKS as usize];
    for d in &log.deployments {
        let week = ((d.at - START) / (7 * DAY)).clamp(0, WEEKS - 1) as usize;
        let k = per_week[week];
        per_week[week] += 1;
        // At most 40 dots a week are drawn (4 columns of 10); the table has the counts.
        if k >= 40 {
            continue;
        }
        let tone = match (d.status, d.is_rework()) {
            (DeploymentStatus::Failed, _) => Tone::Bad,
            (_, true) => Tone::Warn,
            _ => Tone::Good,
        };
        shapes.push(Shape::Dot {
            x: LEFT + week as u32 * COL + 8 + (k / 10) * 10,
            y: 30 + (k % 10) * 10,
            tone,
        });
    }
    for w in 0..WEEKS as u32 {
        shapes.push(Shape::Label {
            x: LEFT + w * COL + 4,
            y: 14,
            text: format!("{}{}", t!("w", "t").get(lang), w + 1),
            tone: Tone::Plain,
        });
        shapes.push(Shape::Label {
            x: LEFT + w * COL + 4,
            y: 140,
            text: per_week[w as usize].to_string(),
            tone: Tone::Plain,
        });
    }
    Drawing {
        width: LEFT + WEEKS as u32 * COL,
        height: 148,
        label: t!(
            "Thirteen weeks of deployments: a dot each, green succeeded, red failed, orange rework (a rollback or a hotfix); the count under each week",
            "Mười ba tuần deploy: mỗi lần một chấm, xanh lá thành công, đỏ thất bại, cam là deploy làm lại (rollback hoặc hotfix); số lần dưới mỗi tuần"
        )
        .get(lang)
        .into(),
        shapes,
    }
}

fn dora_table(k: &FourKeys, lang: Lang) -> Block {
    let level = |key: Key| {
        k.value(key)
            .map_or_else(String::new, |v| classify(key, v).label().to_string())
    };
    let row = |name: T, value: Option<f64>, m: Metric, lvl: String| {
        vec![
            Cell::plain(name.get(lang)),
            Cell::plain(value.map_or_else(|| "—".into(), |v| amount(m, v, lang))),
            Cell::plain(lvl),
        ]
    };
    Block::Table {
        caption: t!(
            "Thirteen weeks: {d} deployments, {f} failed; DORA's five metrics",
            "Mười ba tuần: {d} lần deploy, {f} lần lỗi; năm chỉ số của DORA"
        )
        .fill(lang, &[("d", &k.deployments), ("f", &k.failed_deployments)]),
        head: vec![
            t!("Metric", "Chỉ số").get(lang).into(),
            t!("Value", "Giá trị").get(lang).into(),
            t!("2024 level", "Mức 2024").get(lang).into(),
        ],
        rows: vec![
            row(
                metric_name(Metric::DeploymentsPerWeek),
                Some(k.deployments_per_week),
                Metric::DeploymentsPerWeek,
                level(Key::DeploymentFrequency),
            ),
            row(
                metric_name(Metric::LeadTimeHours),
                k.lead_time_hours,
                Metric::LeadTimeHours,
                level(Key::LeadTime),
            ),
            row(
                metric_name(Metric::ChangeFailRatePercent),
                k.change_fail_rate_percent,
                Metric::ChangeFailRatePercent,
                level(Key::ChangeFailRate),
            ),
            row(
                metric_name(Metric::RecoveryTimeHours),
                k.recovery_time_hours,
                Metric::RecoveryTimeHours,
                level(Key::RecoveryTime),
            ),
            row(
                metric_name(Metric::ReworkRatePercent),
                k.rework_rate_percent,
                Metric::ReworkRatePercent,
                String::new(),
            ),
        ],
    }
}

fn bad_release_note(s: &Summary, c: &Choices<'_>, lang: Lang) -> Block {
    let failed = number(failed_percent(s), 2, lang);
    let strategy = match c.strategy() {
        "all-at-once" => t!("all at once", "tất cả cùng lúc (all at once)"),
        "rolling" => t!(
            "rolling, a quarter of the tasks at a time",
            "rolling, mỗi lần một phần tư số task"
        ),
        "blue-green" => t!(
            "blue/green, all traffic shifted at once",
            "blue/green, chuyển toàn bộ traffic một lần"
        ),
        _ => t!(
            "canary, 10 % of traffic for 5 minutes first",
            "canary, 10 % traffic trong 5 phút đầu"
        ),
    }
    .get(lang);
    let (tone, text) = match (s.outcome, s.stopped_s) {
        (DeployOutcome::RolledBack, Some(stopped)) => (
            Tone::Good,
            t!(
                "One bad release (the new version fails 25 % of its requests), deployed {strategy}: the deployment group's alarm stopped it {m} minutes in and rolled it back; {failed} % of the hour's requests failed.",
                "Một bản phát hành hỏng (phiên bản mới lỗi 25 % yêu cầu), deploy theo kiểu {strategy}: alarm của deployment group dừng nó sau {m} phút và rollback; {failed} % yêu cầu trong giờ đó bị lỗi."
            )
            .fill(
                lang,
                &[
                    ("strategy", &strategy),
                    ("m", &number(f64::from(stopped.saturating_sub(s.rollout_started_s)) / 60.0, 1, lang)),
                    ("failed", &failed),
                ],
            ),
        ),
        _ => (
            Tone::Bad,
            t!(
                "One bad release (the new version fails 25 % of its requests), deployed {strategy}: nothing stopped it; {failed} % of the hour's requests failed, until someone noticed.",
                "Một bản phát hành hỏng (phiên bản mới lỗi 25 % yêu cầu), deploy theo kiểu {strategy}: không gì dừng được nó; {failed} % yêu cầu trong giờ đó bị lỗi, cho đến khi có người phát hiện."
            )
            .fill(lang, &[("strategy", &strategy), ("failed", &failed)]),
        ),
    };
    Block::Note { tone, text }
}

fn cost_table(case: &Case, cost: Option<&PlatformCost>, lang: Lang) -> Block {
    let money = |v: f64| format!("${}", number(v, 2, lang));
    let rows = match cost {
        Some(p) => vec![
            vec![
                Cell::plain(
                    t!(
                        "Compute (tasks, pods, nodes)",
                        "Tài nguyên compute (task, pod, node)"
                    )
                    .get(lang),
                ),
                Cell::plain(money(p.compute)),
            ],
            vec![
                Cell::plain(t!("Control plane (EKS)", "Control plane của EKS").get(lang)),
                Cell::plain(money(p.control_plane)),
            ],
            vec![
                Cell::plain(t!("Load balancer", "Bộ cân bằng tải (load balancer)").get(lang)),
                Cell::plain(money(p.load_balancer)),
            ],
            vec![
                Cell::plain(t!("Total", "Tổng").get(lang)),
                Cell::new(
                    money(p.total),
                    if p.total <= case.budget {
                        Tone::Good
                    } else {
                        Tone::Bad
                    },
                ),
            ],
        ],
        None => vec![vec![
            Cell::plain(t!("Total", "Tổng").get(lang)),
            Cell::plain("—"),
        ]],
    };
    Block::Table {
        caption: t!(
            "A month's compute at {rps} requests per second (budget {budget})",
            "Compute một tháng ở {rps} yêu cầu mỗi giây (ngân sách {budget})"
        )
        .fill(
            lang,
            &[("rps", &case.traffic_rps), ("budget", &money(case.budget))],
        ),
        head: vec![
            t!("Item", "Khoản").get(lang).into(),
            t!("Dollars", "Đô la").get(lang).into(),
        ],
        rows,
    }
}

/// What the decisions leave out or cannot do together.
fn warnings(c: &Choices<'_>, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if c.compute == "app-runner" {
        out.push(t!(
            "App Runner is closed to new customers since April 30, 2026; AWS points them to Amazon ECS Express Mode.",
            "App Runner đã đóng với khách hàng mới từ 30/4/2026; AWS hướng họ sang Amazon ECS Express Mode."
        ));
        if matches!(c.deployment, "blue-green" | "canary") {
            out.push(t!(
                "App Runner has no blue/green or canary setting: it replaces instances as they pass their health checks, simulated here as a rolling deployment.",
                "App Runner không có thiết lập blue/green hay canary: nó thay instance khi chúng vượt qua health check, ở đây mô phỏng như rolling deployment."
            ));
        }
    }
    if c.compute.starts_with("eks") && matches!(c.deployment, "blue-green" | "canary") {
        out.push(t!(
            "On EKS, blue/green and canary need a controller such as Argo Rollouts or Flagger (CodeDeploy does not deploy to EKS); the model assumes one.",
            "Trên EKS, blue/green và canary cần một controller như Argo Rollouts hoặc Flagger (CodeDeploy không deploy lên EKS); mô hình giả định đã có."
        ));
    }
    if c.pipeline == "manual" && c.observability == "none" {
        out.push(t!(
            "Nobody is paged: customers find the failures, hours later.",
            "Không ai được báo động: khách hàng phát hiện lỗi, sau nhiều giờ."
        ));
    }
    out.into_iter().map(|t| t.get(lang).to_string()).collect()
}

#[cfg(test)]
mod tests;
