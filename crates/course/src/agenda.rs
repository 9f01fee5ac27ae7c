//! The day's agenda: the workshop's programme as data (`labs/agenda.toml`), each block
//! linked to its labs and demos, and the pure helpers the agenda page and presenter mode use
//! (a block's planned duration, a timer's reading, the current and the next block).
//!
//! The agenda keeps both languages side by side in the one file (`title = { en = "…",
//! vi = "…" }`) so that an instructor adapts it for another event by editing one file.
//! Nothing here reads a clock: the time is always an argument.
use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// The agenda's file, at the root of `labs/`.
pub const AGENDA_FILE: &str = "agenda.toml";

/// Where the agenda page keeps its timers (localStorage).
pub const TIMERS_KEY: &str = "devops-lab.agenda-timers";

/// The encoding's version: [`Agenda::decode`] refuses bytes written by another one.
const FORMAT: u32 = 1;

/// The saved timers' version: other versions are ignored.
const TIMERS_VERSION: u32 = 1;

/// A text written in every language, side by side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub en: String,
    pub vi: String,
}

impl Texts {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Vi => &self.vi,
        }
    }
}

/// What a block of the day is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Session,
    Break,
    Lunch,
    Qa,
}

/// A page of the app a block demonstrates (the UI maps each to its route).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Demo {
    /// `#/sandbox/dora`
    DoraSandbox,
    /// `#/sandbox/deploy`
    DeploySandbox,
    /// `#/sandbox/cloudformation`
    CfnSandbox,
    /// `#/demo/cicd-walkthrough`: the CI/CD walkthrough's pipeline, driven live.
    CicdDemo,
    /// `#/sandbox/containers`
    ContainersSandbox,
    /// `#/demo/oncall-drill`: the on-call drill on the projector, the room's incident.
    OncallDemo,
}

/// One block of the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Minutes since midnight.
    pub start: u16,
    pub end: u16,
    pub kind: Kind,
    pub title: Texts,
    pub description: Texts,
    /// Lab ids, in the order shown.
    pub labs: Vec<String>,
    pub demos: Vec<Demo>,
}

impl Block {
    /// The planned duration, in seconds.
    pub fn planned_seconds(&self) -> u64 {
        u64::from(self.end.saturating_sub(self.start)) * 60
    }

    /// The block's key for its timer: its start, `HH:MM` (unique: blocks do not overlap).
    pub fn key(&self) -> String {
        hhmm(self.start)
    }

    /// Whether the block's planned time contains this minute of the day.
    pub fn contains(&self, minute: u16) -> bool {
        self.start <= minute && minute < self.end
    }
}

/// The day's programme.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    pub title: Texts,
    /// `YYYY-MM-DD`, when the agenda is for one event.
    pub date: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Serialize, Deserialize)]
struct Encoded {
    format: u32,
    agenda: Agenda,
}

impl Agenda {
    /// The agenda as compact bytes (postcard), for the build to embed.
    pub fn encode(&self) -> Vec<u8> {
        let encoded = Encoded {
            format: FORMAT,
            agenda: self.clone(),
        };
        postcard::to_allocvec(&encoded).unwrap_or_default()
    }

    /// The agenda from [`Agenda::encode`]'s bytes, or why they cannot be read.
    pub fn decode(bytes: &[u8]) -> Result<Agenda, String> {
        match postcard::from_bytes::<Encoded>(bytes) {
            Ok(e) if e.format == FORMAT => Ok(e.agenda),
            Ok(e) => Err(format!(
                "the agenda was compiled in format {}, not {FORMAT}",
                e.format
            )),
            Err(e) => Err(format!("the agenda cannot be read: {e}")),
        }
    }

    /// The block whose timer runs or, if none runs, the block whose planned time contains
    /// `minute` (minutes since midnight).
    pub fn current(&self, timers: &Timers, minute: u16) -> Option<usize> {
        timers
            .running()
            .and_then(|key| self.blocks.iter().position(|b| b.key() == key))
            .or_else(|| self.blocks.iter().position(|b| b.contains(minute)))
    }

    /// What comes next: the block after the current one ([`Agenda::current`]); when no block
    /// is current, the first block that starts after `minute` (none after the day).
    pub fn next(&self, timers: &Timers, minute: u16) -> Option<usize> {
        match self.current(timers, minute) {
            Some(i) => (i + 1 < self.blocks.len()).then_some(i + 1),
            None => self.blocks.iter().position(|b| b.start > minute),
        }
    }
}

/// `HH:MM` for minutes since midnight.
pub fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `mm:ss` for seconds (minutes go past 59: `75:00`).
pub fn mmss(seconds: u64) -> String {
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

/// Minutes since midnight from `HH:MM` (24-hour, two digits each).
pub fn parse_hhmm(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// A block's timer. Times are milliseconds since the epoch, as the caller's clock gives them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Timer {
    /// Started at `since`, after `before` ms counted in earlier runs.
    Running { since: u64, before: u64 },
    /// Stopped after `elapsed` ms.
    Stopped { elapsed: u64 },
}

impl Timer {
    /// Stopped at `now`, keeping what it counted.
    fn stop(&mut self, now: u64) {
        *self = Timer::Stopped {
            elapsed: self.elapsed_ms(now),
        };
    }

    /// Milliseconds counted at `now` (a clock that went back counts nothing for this run).
    pub fn elapsed_ms(self, now: u64) -> u64 {
        match self {
            Timer::Running { since, before } => before.saturating_add(now.saturating_sub(since)),
            Timer::Stopped { elapsed } => elapsed,
        }
    }
}

/// What a block's timer shows at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// Started at least once since the last reset (running or stopped).
    pub started: bool,
    pub running: bool,
    /// Whole seconds counted.
    pub elapsed: u64,
    /// Seconds left of the planned duration (0 once past it).
    pub remaining: u64,
    /// Seconds past the planned duration (0 before it).
    pub overrun: u64,
}

impl Reading {
    pub fn is_overrun(&self) -> bool {
        self.overrun > 0
    }
}

/// Every block's timer, keyed by [`Block::key`]; a block with no entry has not started.
/// At most one runs: starting one stops the others.
///
/// Saved as versioned JSON, written and read by hand (no serde code of its own in the app):
/// `{"version":1,"timers":{"09:00":{"state":"running","since":…,"before":…},
/// "08:30":{"state":"stopped","elapsed":…}}}`, times in ms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timers {
    timers: Vec<(String, Timer)>,
}

impl Timers {
    pub fn get(&self, key: &str) -> Option<Timer> {
        self.timers.iter().find(|(k, _)| k == key).map(|(_, t)| *t)
    }

    /// The key of the block whose timer runs.
    pub fn running(&self) -> Option<&str> {
        self.timers
            .iter()
            .find(|(_, t)| matches!(t, Timer::Running { .. }))
            .map(|(k, _)| k.as_str())
    }

    /// Starts (or resumes) a block's timer at `now`, stopping the one that runs.
    pub fn start(&mut self, key: &str, now: u64) {
        let mut before = 0;
        for (k, t) in &mut self.timers {
            if k == key {
                match *t {
                    Timer::Running { .. } => return,
                    Timer::Stopped { elapsed } => before = elapsed,
                }
            } else {
                t.stop(now);
            }
        }
        self.put(key.into(), Timer::Running { since: now, before });
    }

    /// Sets a block's timer, keeping the list in key order (so equal timers compare equal).
    fn put(&mut self, key: String, timer: Timer) {
        self.reset(&key);
        let at = self.timers.partition_point(|(k, _)| *k < key);
        self.timers.insert(at, (key, timer));
    }

    /// Stops a block's timer at `now`, keeping what it counted.
    pub fn stop(&mut self, key: &str, now: u64) {
        for (_, t) in self.timers.iter_mut().filter(|(k, _)| k == key) {
            t.stop(now);
        }
    }

    /// Back to not started.
    pub fn reset(&mut self, key: &str) {
        self.timers.retain(|(k, _)| k != key);
    }

    /// A block's timer at `now`, against its planned duration.
    pub fn reading(&self, block: &Block, now: u64) -> Reading {
        let timer = self.get(&block.key());
        let elapsed = timer.map_or(0, |t| t.elapsed_ms(now) / 1000);
        let planned = block.planned_seconds();
        Reading {
            started: timer.is_some(),
            running: matches!(timer, Some(Timer::Running { .. })),
            elapsed,
            remaining: planned.saturating_sub(elapsed),
            overrun: elapsed.saturating_sub(planned),
        }
    }

    /// The saved form (versioned JSON).
    pub fn to_json(&self) -> String {
        let timers: Vec<String> = self
            .timers
            .iter()
            .map(|(key, t)| {
                let key = serde_json::to_string(key).unwrap_or_default();
                match t {
                    Timer::Running { since, before } => format!(
                        "{key}:{{\"state\":\"running\",\"since\":{since},\"before\":{before}}}"
                    ),
                    Timer::Stopped { elapsed } => {
                        format!("{key}:{{\"state\":\"stopped\",\"elapsed\":{elapsed}}}")
                    }
                }
            })
            .collect();
        format!(
            "{{\"version\":{TIMERS_VERSION},\"timers\":{{{}}}}}",
            timers.join(",")
        )
    }

    /// Timers from their saved form; none (all not started) when it is missing, corrupt or
    /// of another version.
    pub fn from_json(text: &str) -> Timers {
        use serde_json::Value;
        let read = || -> Option<Timers> {
            let saved: Value = serde_json::from_str(text).ok()?;
            if saved.get("version")?.as_u64()? != u64::from(TIMERS_VERSION) {
                return None;
            }
            let mut timers = Timers::default();
            for (key, t) in saved.get("timers")?.as_object()? {
                let n = |field: &str| t.get(field).and_then(Value::as_u64);
                let timer = match t.get("state")?.as_str()? {
                    "running" => Timer::Running {
                        since: n("since")?,
                        before: n("before")?,
                    },
                    "stopped" => Timer::Stopped {
                        elapsed: n("elapsed")?,
                    },
                    _ => return None,
                };
                timers.put(key.clone(), timer);
            }
            Some(timers)
        };
        read().unwrap_or_default()
    }
}

#[cfg(feature = "files")]
pub use load::check;

#[cfg(feature = "files")]
mod load {
    use super::*;
    use crate::files::{line_column, Problem};
    use toml::Spanned;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct AgendaSpec {
        title: Spanned<Texts>,
        #[serde(default)]
        date: Option<Spanned<String>>,
        blocks: Spanned<Vec<BlockSpec>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct BlockSpec {
        start: Spanned<String>,
        end: Spanned<String>,
        kind: Kind,
        title: Spanned<Texts>,
        description: Spanned<Texts>,
        #[serde(default)]
        labs: Vec<Spanned<String>>,
        #[serde(default)]
        demos: Vec<Demo>,
    }

    /// Reads and checks `labs/agenda.toml` (`None`: the file is missing) against the lab
    /// ids that exist; every problem located in the file.
    pub fn check(text: Option<&str>, lab_ids: &[&str]) -> Result<Agenda, Vec<Problem>> {
        let Some(text) = text else {
            return Err(vec![Problem::file(
                AGENDA_FILE,
                "the file is missing: it holds the day's programme, [[blocks]] in order",
            )]);
        };
        let spec = toml::from_str::<AgendaSpec>(text)
            .map_err(|e| vec![Problem::toml(AGENDA_FILE, text, &e)])?;
        let mut problems = Vec::new();
        let mut at = |offset: usize, message: String| {
            let (line, column) = line_column(text, offset);
            problems.push(Problem::at(AGENDA_FILE, line, column, message));
        };
        let title = texts(spec.title, "title", &mut at);
        let date = spec.date.map(|d| {
            if !is_date(d.get_ref()) {
                at(
                    d.span().start,
                    format!("date \"{}\" must be written YYYY-MM-DD", d.get_ref()),
                );
            }
            d.into_inner()
        });
        if spec.blocks.get_ref().is_empty() {
            at(
                spec.blocks.span().start,
                "an agenda needs at least one block ([[blocks]])".into(),
            );
        }
        let mut blocks: Vec<Block> = Vec::new();
        for (n, b) in spec.blocks.into_inner().into_iter().enumerate() {
            let n = n + 1;
            let mut time = |s: &Spanned<String>, what: &str| {
                let t = parse_hhmm(s.get_ref());
                if t.is_none() {
                    at(
                        s.span().start,
                        format!(
                            "block {n}: {what} \"{}\" is not a time of day: write HH:MM, e.g. \"08:30\"",
                            s.get_ref()
                        ),
                    );
                }
                t
            };
            let (start, end) = (time(&b.start, "start"), time(&b.end, "end"));
            if let (Some(s), Some(e)) = (start, end) {
                if e <= s {
                    at(
                        b.end.span().start,
                        format!(
                            "block {n}: it ends at {} but starts at {}: the end must be after the start",
                            hhmm(e),
                            hhmm(s)
                        ),
                    );
                }
                if let Some(prev) = blocks.last().filter(|p| s < p.end) {
                    at(
                        b.start.span().start,
                        format!(
                            "block {n}: it starts at {} but block {} ends at {}: blocks must be in order and not overlap",
                            hhmm(s),
                            n - 1,
                            hhmm(prev.end)
                        ),
                    );
                }
            }
            for lab in &b.labs {
                if !lab_ids.contains(&lab.get_ref().as_str()) {
                    at(
                        lab.span().start,
                        format!(
                            "block {n}: lab \"{}\" does not exist (no folder labs/{})",
                            lab.get_ref(),
                            lab.get_ref()
                        ),
                    );
                }
            }
            let title = texts(b.title, &format!("block {n}: title"), &mut at);
            let description = texts(b.description, &format!("block {n}: description"), &mut at);
            blocks.push(Block {
                start: start.unwrap_or(0),
                end: end.unwrap_or(0),
                kind: b.kind,
                title,
                description,
                labs: b.labs.into_iter().map(Spanned::into_inner).collect(),
                demos: b.demos,
            });
        }
        if problems.is_empty() {
            Ok(Agenda {
                title,
                date,
                blocks,
            })
        } else {
            Err(problems)
        }
    }

    /// The texts, with a problem for each language left empty.
    fn texts(t: Spanned<Texts>, what: &str, at: &mut impl FnMut(usize, String)) -> Texts {
        let offset = t.span().start;
        let t = t.into_inner();
        for lang in Lang::ALL {
            if t.get(lang).trim().is_empty() {
                at(offset, format!("{what}: the {} text is empty", lang.code()));
            }
        }
        t
    }

    fn is_date(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(start: &str, end: &str) -> Block {
        Block {
            start: parse_hhmm(start).unwrap(),
            end: parse_hhmm(end).unwrap(),
            kind: Kind::Session,
            title: Texts {
                en: start.into(),
                vi: start.into(),
            },
            description: Texts::default(),
            labs: Vec::new(),
            demos: Vec::new(),
        }
    }

    fn day() -> Agenda {
        Agenda {
            title: Texts::default(),
            date: None,
            blocks: vec![
                block("08:30", "09:00"),
                block("09:00", "10:30"),
                block("10:45", "12:00"),
            ],
        }
    }

    #[test]
    fn times_read_and_write_as_hh_mm() {
        assert_eq!(parse_hhmm("08:30"), Some(510));
        assert_eq!(parse_hhmm("23:59"), Some(1439));
        for bad in [
            "8:30", "24:00", "12:60", "0830", "ab:cd", "08:3", " 8:30", "+8:30",
        ] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
        assert_eq!(hhmm(510), "08:30");
        assert_eq!(mmss(4500), "75:00");
        assert_eq!(mmss(61), "01:01");
        assert_eq!(block("09:00", "10:30").planned_seconds(), 90 * 60);
    }

    #[test]
    fn a_timer_runs_stops_resumes_and_overruns() {
        let b = block("08:30", "09:00");
        let mut t = Timers::default();
        assert_eq!(
            t.reading(&b, 5_000),
            Reading {
                started: false,
                running: false,
                elapsed: 0,
                remaining: 1800,
                overrun: 0
            }
        );
        t.start("08:30", 1_000);
        let r = t.reading(&b, 61_999);
        assert!(r.running);
        assert_eq!((r.elapsed, r.remaining, r.overrun), (60, 1740, 0));
        t.stop("08:30", 601_000);
        assert_eq!(t.get("08:30"), Some(Timer::Stopped { elapsed: 600_000 }));
        // Stopped: time passing changes nothing; started again, it carries on from there.
        assert_eq!(t.reading(&b, 9_000_000).elapsed, 600);
        t.start("08:30", 1_000_000);
        let r = t.reading(&b, 1_000_000 + 1_300_000);
        assert_eq!((r.elapsed, r.remaining, r.overrun), (1900, 0, 100));
        assert!(r.is_overrun());
        // A clock that goes back counts nothing for this run.
        assert_eq!(t.reading(&b, 0).elapsed, 600);
        t.reset("08:30");
        assert_eq!(t.get("08:30"), None);
        assert_eq!(t.reading(&b, 5_000_000).elapsed, 0);
    }

    #[test]
    fn starting_a_block_stops_the_running_one() {
        let mut t = Timers::default();
        t.start("08:30", 0);
        t.start("08:30", 5_000); // already running: unchanged
        assert_eq!(
            t.get("08:30"),
            Some(Timer::Running {
                since: 0,
                before: 0
            })
        );
        t.start("09:00", 10_000);
        assert_eq!(t.get("08:30"), Some(Timer::Stopped { elapsed: 10_000 }));
        assert_eq!(t.running(), Some("09:00"));
    }

    #[test]
    fn timers_survive_their_saved_form_and_corrupt_data_is_ignored() {
        let mut t = Timers::default();
        t.start("08:30", 1_000);
        t.start("09:00", 2_000);
        t.stop("09:00", 3_500);
        t.start("08:30", 4_000);
        let json = t.to_json();
        assert_eq!(
            json,
            "{\"version\":1,\"timers\":{\"08:30\":{\"state\":\"running\",\"since\":4000,\"before\":1000},\"09:00\":{\"state\":\"stopped\",\"elapsed\":1500}}}"
        );
        let back = Timers::from_json(&json);
        assert_eq!(back, t);
        assert_eq!(back.running(), Some("08:30"));
        // A key that is not a block's (an older agenda's) is kept, quoted, and harmless.
        let odd = Timers {
            timers: vec![("a\"b".into(), Timer::Stopped { elapsed: 1 })],
        };
        assert_eq!(Timers::from_json(&odd.to_json()), odd);
        for bad in [
            "",
            "{",
            "null",
            "{\"version\":2,\"timers\":{}}",
            "{\"version\":1,\"timers\":{\"08:30\":{\"state\":\"running\",\"since\":-1,\"before\":0}}}",
            "{\"version\":1,\"timers\":{\"08:30\":{\"state\":\"paused\",\"elapsed\":0}}}",
            "{\"version\":1,\"timers\":{\"08:30\":1}}",
            "{\"version\":1,\"timers\":[1,2]}",
        ] {
            assert_eq!(Timers::from_json(bad), Timers::default(), "{bad}");
        }
    }

    #[test]
    fn the_current_block_is_the_running_one_else_the_one_planned_now() {
        let a = day();
        let mut t = Timers::default();
        let at = |s| parse_hhmm(s).unwrap();
        assert_eq!(a.current(&t, at("08:00")), None);
        assert_eq!(a.next(&t, at("08:00")), Some(0));
        assert_eq!(a.current(&t, at("08:45")), Some(0));
        assert_eq!(a.next(&t, at("08:45")), Some(1));
        // 09:00 belongs to the block that starts then, not to the one that ends.
        assert_eq!(a.current(&t, at("09:00")), Some(1));
        // Between blocks (the break is not in this agenda): the next one is the one after.
        assert_eq!(a.current(&t, at("10:35")), None);
        assert_eq!(a.next(&t, at("10:35")), Some(2));
        assert_eq!(a.next(&t, at("11:00")), None);
        assert_eq!(a.next(&t, at("18:00")), None);
        // A running timer wins over the clock: the day runs late.
        t.start("08:30", 0);
        assert_eq!(a.current(&t, at("09:10")), Some(0));
        assert_eq!(a.next(&t, at("09:10")), Some(1));
        // A timer whose block is no longer in the agenda is ignored.
        t.start("07:00", 1);
        assert_eq!(a.current(&t, at("09:10")), Some(1));
    }

    #[test]
    fn the_agenda_round_trips_its_encoding_and_refuses_other_bytes() {
        let a = day();
        assert_eq!(Agenda::decode(&a.encode()), Ok(a));
        assert!(Agenda::decode(&[]).is_err());
        assert!(Agenda::decode(&[2, 0, 0]).is_err());
    }

    #[cfg(feature = "files")]
    mod files {
        use super::super::*;

        const LABS: &[&str] = &["dora-four-keys", "deploy-rolling"];

        const GOOD: &str = r#"
title = { en = "DevOps on AWS", vi = "DevOps trên AWS" }
date = "2025-11-17"

[[blocks]]
start = "08:30"
end = "09:00"
kind = "session"
title = { en = "Welcome", vi = "Đón tiếp" }
description = { en = "DORA.", vi = "DORA." }
labs = ["dora-four-keys"]
demos = ["dora-sandbox"]

[[blocks]]
start = "09:00"
end = "09:15"
kind = "break"
title = { en = "Break", vi = "Nghỉ giải lao" }
description = { en = "Coffee.", vi = "Cà phê." }
"#;

        fn problems(text: &str) -> Vec<String> {
            match check(Some(text), LABS) {
                Ok(_) => panic!("loads without problems:\n{text}"),
                Err(ps) => ps.iter().map(ToString::to_string).collect(),
            }
        }

        #[test]
        fn a_correct_agenda_loads() {
            let a = check(Some(GOOD), LABS).unwrap();
            assert_eq!(a.title.get(Lang::Vi), "DevOps trên AWS");
            assert_eq!(a.date.as_deref(), Some("2025-11-17"));
            assert_eq!(a.blocks.len(), 2);
            assert_eq!((a.blocks[0].start, a.blocks[0].end), (510, 540));
            assert_eq!(a.blocks[0].demos, [Demo::DoraSandbox]);
            assert_eq!(a.blocks[1].kind, Kind::Break);
            assert!(a.blocks[1].labs.is_empty());
        }

        #[test]
        fn a_missing_file_is_a_problem() {
            let ps = check(None, LABS).unwrap_err();
            assert!(ps[0]
                .to_string()
                .starts_with("agenda.toml: the file is missing"));
        }

        #[test]
        fn each_wrong_agenda_gets_its_located_message() {
            let cases: &[(&str, &str, &[&str])] = &[
                (
                    "start = \"08:30\"",
                    "start = \"8:30\"",
                    &["agenda.toml:6:9: block 1: start \"8:30\" is not a time of day: write HH:MM, e.g. \"08:30\""],
                ),
                (
                    "end = \"09:00\"",
                    "end = \"08:00\"",
                    &["agenda.toml:7:7: block 1: it ends at 08:00 but starts at 08:30: the end must be after the start"],
                ),
                (
                    "start = \"09:00\"",
                    "start = \"08:45\"",
                    &["agenda.toml:15:9: block 2: it starts at 08:45 but block 1 ends at 09:00: blocks must be in order and not overlap"],
                ),
                (
                    "labs = [\"dora-four-keys\"]",
                    "labs = [\"dora-four-keys\", \"cfn-drift\"]",
                    &["agenda.toml:11:27: block 1: lab \"cfn-drift\" does not exist (no folder labs/cfn-drift)"],
                ),
                (
                    "demos = [\"dora-sandbox\"]",
                    "demos = [\"iac-sandbox\"]",
                    &["agenda.toml:12:10: unknown variant `iac-sandbox`, expected one of `dora-sandbox`, `deploy-sandbox`, `cfn-sandbox`, `cicd-demo`, `containers-sandbox`, `oncall-demo`"],
                ),
                (
                    "vi = \"Cà phê.\"",
                    "vi = \" \"",
                    &["agenda.toml:19:15: block 2: description: the vi text is empty"],
                ),
                (
                    ", vi = \"Đón tiếp\"",
                    "",
                    &["agenda.toml:9:9: missing field `vi`"],
                ),
                (
                    "kind = \"break\"",
                    "kind = \"pause\"",
                    &["agenda.toml:17:8: unknown variant `pause`, expected one of `session`, `break`, `lunch`, `qa`"],
                ),
                (
                    "date = \"2025-11-17\"",
                    "date = \"17/11/2025\"",
                    &["agenda.toml:3:8: date \"17/11/2025\" must be written YYYY-MM-DD"],
                ),
                (
                    "kind = \"session\"",
                    "kind = \"session\"\nroom = \"A\"",
                    &["agenda.toml:9:1: unknown field `room`, expected one of `start`, `end`, `kind`, `title`, `description`, `labs`, `demos`"],
                ),
                (
                    "title = { en = \"DevOps on AWS\", vi = \"DevOps trên AWS\" }",
                    "title = { en = \"\", vi = \"\" }",
                    &[
                        "agenda.toml:2:9: title: the en text is empty",
                        "agenda.toml:2:9: title: the vi text is empty",
                    ],
                ),
            ];
            for (from, to, expected) in cases {
                assert!(GOOD.contains(from), "{from}");
                let text = GOOD.replacen(from, to, 1);
                assert_eq!(problems(&text), *expected, "{to}");
            }
            let empty = "title = { en = \"a\", vi = \"b\" }\nblocks = []\n";
            assert_eq!(
                problems(empty),
                ["agenda.toml:2:10: an agenda needs at least one block ([[blocks]])"]
            );
        }
    }
}
