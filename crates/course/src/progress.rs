//! Saved progress: a versioned JSON document behind a small storage trait.
//!
//! The browser keeps it in localStorage (see `ui::storage`); native tests use
//! [`MemoryStore`]. Nothing a learner did is dropped silently: data that cannot
//! be read is copied to a backup key first and the learner is told.
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::answer::Answers;
use crate::lang::{Wording, T};

// Why saved or imported progress cannot be read (the learner is told).
const TOO_LARGE: T = t!(
    "the data is {size} bytes, more than the {max} a progress file can be",
    "dữ liệu có {size} byte, vượt quá {max} byte mà một tệp tiến độ được phép có"
);
const NOT_JSON: T = t!(
    "it is not valid JSON (line {line}, column {column}: {error})",
    "đây không phải JSON hợp lệ (dòng {line}, cột {column}: {error})"
);
const NO_VERSION: T = t!(
    "it has no \"version\" number, so it is not DevOps Lab progress",
    "không có số \"version\", nên đây không phải dữ liệu tiến độ của DevOps Lab"
);
const NOT_A_VERSION: T = t!(
    "version {version} is not a version",
    "version {version} không phải là một phiên bản hợp lệ"
);
const NEWER: T = t!("it was saved by a newer DevOps Lab (progress version {version}; this one reads up to {current})", "dữ liệu được lưu bởi một DevOps Lab mới hơn (phiên bản tiến độ {version}; bản này chỉ đọc được đến {current})");
const MISMATCH: T = t!(
    "its contents do not match version {version}: {error}",
    "nội dung không khớp với phiên bản {version}: {error}"
);

/// The key progress is saved under.
pub const STORAGE_KEY: &str = "devops-lab.progress";
/// Unreadable progress is copied to this key (or `-2`, `-3`… when taken).
pub const BACKUP_KEY: &str = "devops-lab.progress.backup";
/// The schema version this build writes. Bump it and add a step to [`migrate`] when the schema changes.
///
/// 2: a number field's answer is `{"text": …, "lang": …}` (`Answer::Typed`), the text with
/// the language it was typed in, so that `1.000` reads as it was meant after a language
/// switch. Version 1 kept only the text.
pub const CURRENT_VERSION: u32 = 2;
/// A saved document larger than this is not read (it cannot be ours).
pub const MAX_PROGRESS_BYTES: usize = 4 * 1024 * 1024;

/// Somewhere to keep strings by key.
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
}

/// A [`Store`] in memory, for tests and for when the browser refuses storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemoryStore {
    pub entries: BTreeMap<String, String>,
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.entries.get(key).cloned()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        self.entries.insert(key.into(), value.into());
        Ok(())
    }
}

/// Everything the learner has done, by lab id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    #[serde(default)]
    pub labs: BTreeMap<String, LabProgress>,
    /// The exam practice log (`crate::exam::log`): a fact per line, every exam page replays it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub exam: String,
}

/// One lab's progress.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LabProgress {
    #[serde(default)]
    pub answers: Answers,
    /// Indices of the hints revealed (they cost points).
    #[serde(default)]
    pub hints: BTreeSet<usize>,
    /// The step the learner was on (0-based).
    #[serde(default)]
    pub step: usize,
    /// The best score reached and the maximum it was out of.
    #[serde(default)]
    pub best: Option<Score>,
    /// The latest graded score.
    #[serde(default)]
    pub last: Option<Score>,
    /// How many times the learner pressed Check.
    #[serde(default)]
    pub checks: u32,
}

/// A score out of a maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub points: u32,
    pub max: u32,
}

impl Score {
    pub fn full(&self) -> bool {
        self.max > 0 && self.points >= self.max
    }
}

impl Progress {
    pub fn new() -> Progress {
        Progress {
            version: CURRENT_VERSION,
            labs: BTreeMap::new(),
            exam: String::new(),
        }
    }

    /// Adds a line to the exam log.
    pub fn log_exam(&mut self, line: &str) {
        if !self.exam.is_empty() && !self.exam.ends_with('\n') {
            self.exam.push('\n');
        }
        self.exam.push_str(line.trim());
        self.exam.push('\n');
    }

    /// Records the score of a check of a partly answered lab: the last score, never the best
    /// (a best score comes only from a complete attempt).
    pub fn record_partial(&mut self, lab: &str, score: Score) {
        let entry = self.labs.entry(lab.to_string()).or_default();
        entry.checks = entry.checks.saturating_add(1);
        entry.last = Some(score);
    }

    pub fn record_score(&mut self, lab: &str, score: Score) {
        let entry = self.labs.entry(lab.to_string()).or_default();
        entry.checks = entry.checks.saturating_add(1);
        entry.last = Some(score);
        if entry
            .best
            .is_none_or(|b| score.points > b.points || score.max != b.max)
        {
            entry.best = Some(score);
        }
    }

    /// Merges imported progress: labs not here are taken; for labs in both, the one with the better best score wins (the import on a tie).
    pub fn merge(&mut self, imported: Progress) -> usize {
        let mut taken = 0;
        // The exam log: the import's when it continues ours (or ours is empty); else ours stays.
        if imported.exam.starts_with(&self.exam) {
            self.exam = imported.exam;
        }
        for (id, theirs) in imported.labs {
            let ours_points = self.labs.get(&id).and_then(|l| l.best).map(|b| b.points);
            let theirs_points = theirs.best.map(|b| b.points);
            if ours_points.is_none() || theirs_points >= ours_points {
                self.labs.insert(id, theirs);
                taken += 1;
            }
        }
        taken
    }
}

/// Why saved progress could not be used as it was.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// It was unreadable; it was copied to `backup_key` (None: the copy failed too, so nothing will be saved over it this session).
    Unreadable {
        reason: Wording,
        backup_key: Option<String>,
    },
    /// It was written by an older version and was upgraded.
    Migrated { from: u32 },
}

/// What loading found.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub progress: Progress,
    pub notice: Option<Notice>,
    /// False when saving would overwrite data that could not be backed up.
    pub can_save: bool,
}

/// Loads progress from the store, never failing: see [`Notice`].
pub fn load(store: &mut dyn Store) -> Loaded {
    let Some(text) = store.get(STORAGE_KEY) else {
        return Loaded {
            progress: Progress::new(),
            notice: None,
            can_save: true,
        };
    };
    match parse(&text) {
        Ok((progress, None)) => Loaded {
            progress,
            notice: None,
            can_save: true,
        },
        Ok((progress, Some(from))) => Loaded {
            progress,
            notice: Some(Notice::Migrated { from }),
            can_save: true,
        },
        Err(reason) => {
            let backup_key = backup(store, &text);
            let can_save = backup_key.is_some();
            Loaded {
                progress: Progress::new(),
                notice: Some(Notice::Unreadable { reason, backup_key }),
                can_save,
            }
        }
    }
}

/// Saves progress under [`STORAGE_KEY`].
pub fn save(store: &mut dyn Store, progress: &Progress) -> Result<(), String> {
    let text = serde_json::to_string(progress).map_err(|e| e.to_string())?;
    store.set(STORAGE_KEY, &text)
}

/// The progress as a pretty JSON file to download.
pub fn export(progress: &Progress) -> String {
    serde_json::to_string_pretty(progress).unwrap_or_else(|_| "{}".into())
}

/// Reads a progress document (saved or exported), upgrading older versions.
/// Returns the version it was upgraded from, if any.
pub fn parse(text: &str) -> Result<(Progress, Option<u32>), Wording> {
    if text.len() > MAX_PROGRESS_BYTES {
        return Err(Wording::new(TOO_LARGE)
            .with("size", text.len())
            .with("max", MAX_PROGRESS_BYTES));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Wording::new(NOT_JSON)
            .with("line", e.line())
            .with("column", e.column())
            .with("error", e.to_string())
    })?;
    migrate(value)
}

/// Upgrades a document of any known version to [`CURRENT_VERSION`].
///
/// Each schema change adds one step here (`1 => v1_to_v2(value)`, …) so that
/// data saved by any earlier build still loads.
fn migrate(value: serde_json::Value) -> Result<(Progress, Option<u32>), Wording> {
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or(Wording::new(NO_VERSION))?;
    let not_a_version = || Wording::new(NOT_A_VERSION).with("version", version.to_string());
    let version = u32::try_from(version).map_err(|_| not_a_version())?;
    if version > CURRENT_VERSION {
        return Err(Wording::new(NEWER)
            .with("version", version)
            .with("current", CURRENT_VERSION));
    }
    if version == 0 {
        return Err(not_a_version());
    }
    let mut progress: Progress = serde_json::from_value(value).map_err(|e| {
        Wording::new(MISMATCH)
            .with("version", version)
            .with("error", e.to_string())
    })?;
    // 1 → 2: version 1 recorded no language with a typed number; its answers stay text
    // without a language (`Answer::Text`), read only where every language reads them the
    // same (`1,000` and `1.000` are asked about, not guessed).
    progress.version = CURRENT_VERSION;
    Ok((progress, (version < CURRENT_VERSION).then_some(version)))
}

fn backup(store: &mut dyn Store, text: &str) -> Option<String> {
    (1..=20)
        .map(|n| {
            if n == 1 {
                BACKUP_KEY.to_string()
            } else {
                format!("{BACKUP_KEY}-{n}")
            }
        })
        .find(|key| store.get(key).is_none())
        .and_then(|key| store.set(&key, text).ok().map(|()| key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Answer;

    fn store_with(text: &str) -> MemoryStore {
        let mut s = MemoryStore::default();
        s.set(STORAGE_KEY, text).unwrap();
        s
    }

    fn sample() -> Progress {
        let mut p = Progress::new();
        let lab = p.labs.entry("dora-four-keys".into()).or_default();
        lab.answers.insert("x".into(), Answer::Text("2,5".into()));
        lab.answers.insert(
            "y".into(),
            Answer::Typed {
                text: "1.000".into(),
                lang: crate::lang::Lang::Vi,
            },
        );
        lab.hints.insert(1);
        lab.step = 3;
        p.record_score("dora-four-keys", Score { points: 7, max: 10 });
        p
    }

    #[test]
    fn empty_store_starts_clean_without_notice() {
        let loaded = load(&mut MemoryStore::default());
        assert_eq!(loaded.progress, Progress::new());
        assert_eq!(loaded.notice, None);
        assert!(loaded.can_save);
    }

    #[test]
    fn saved_progress_round_trips() {
        let mut store = MemoryStore::default();
        save(&mut store, &sample()).unwrap();
        let loaded = load(&mut store);
        assert_eq!(loaded.progress, sample());
        assert_eq!(loaded.notice, None);
    }

    #[test]
    fn unreadable_progress_is_backed_up_and_reported() {
        for (text, reason_part) in [
            ("{not json", "not valid JSON (line 1, column 2"),
            ("{\"labs\":{}}", "no \"version\""),
            (
                "{\"version\":99,\"labs\":{}}",
                "newer DevOps Lab (progress version 99",
            ),
            (
                "{\"version\":1,\"labs\":{\"a\":{\"hints\":\"oops\"}}}",
                "do not match version 1",
            ),
            ("[]", "no \"version\""),
        ] {
            let mut store = store_with(text);
            let loaded = load(&mut store);
            assert_eq!(loaded.progress, Progress::new(), "{text}");
            match loaded.notice {
                Some(Notice::Unreadable {
                    reason,
                    backup_key: Some(key),
                }) => {
                    let reason = reason.get(crate::lang::Lang::En);
                    assert!(reason.contains(reason_part), "{reason}");
                    assert_eq!(key, BACKUP_KEY);
                    assert_eq!(store.get(BACKUP_KEY).as_deref(), Some(text));
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_second_corruption_does_not_overwrite_the_first_backup() {
        let mut store = store_with("first bad");
        load(&mut store);
        store.set(STORAGE_KEY, "second bad").unwrap();
        let loaded = load(&mut store);
        assert_eq!(store.get(BACKUP_KEY).as_deref(), Some("first bad"));
        assert_eq!(
            store.get(&format!("{BACKUP_KEY}-2")).as_deref(),
            Some("second bad")
        );
        assert!(
            matches!(loaded.notice, Some(Notice::Unreadable { backup_key: Some(k), .. }) if k.ends_with("-2"))
        );
    }

    #[test]
    fn when_the_backup_cannot_be_written_nothing_is_saved_over_the_data() {
        struct ReadOnly(MemoryStore);
        impl Store for ReadOnly {
            fn get(&self, key: &str) -> Option<String> {
                self.0.get(key)
            }
            fn set(&mut self, _: &str, _: &str) -> Result<(), String> {
                Err("quota".into())
            }
        }
        let mut store = ReadOnly(store_with("bad"));
        let loaded = load(&mut store);
        assert!(!loaded.can_save);
        assert!(matches!(
            loaded.notice,
            Some(Notice::Unreadable {
                backup_key: None,
                ..
            })
        ));
    }

    #[test]
    fn huge_input_is_refused_without_parsing() {
        let huge = format!(
            "{{\"version\":1,\"pad\":\"{}\"}}",
            "x".repeat(MAX_PROGRESS_BYTES)
        );
        assert!(parse(&huge)
            .unwrap_err()
            .get(crate::lang::Lang::En)
            .contains("more than"));
    }

    #[test]
    fn version_1_is_upgraded_and_its_typed_numbers_keep_no_language() {
        let text = r#"{"version":1,"labs":{"a":{"answers":{"x":"1,000","y":"2,5"}}}}"#;
        let mut store = store_with(text);
        let loaded = load(&mut store);
        assert_eq!(loaded.notice, Some(Notice::Migrated { from: 1 }));
        assert_eq!(loaded.progress.version, CURRENT_VERSION);
        let answers = &loaded.progress.labs["a"].answers;
        assert_eq!(answers["x"], Answer::Text("1,000".into()));
        assert!(
            matches!(
                answers["x"].number(),
                Err(crate::answer::Unread::Ambiguous(_))
            ),
            "asked, not guessed"
        );
        assert_eq!(answers["y"].number(), Ok(2.5));
        save(&mut store, &loaded.progress).unwrap();
        assert_eq!(load(&mut store).notice, None);
    }

    #[test]
    fn export_then_parse_gives_the_same_progress() {
        let text = export(&sample());
        assert!(text.contains("\"version\": 2"));
        assert_eq!(parse(&text).unwrap(), (sample(), None));
    }

    #[test]
    fn best_score_keeps_the_best_and_last_the_latest() {
        let mut p = Progress::new();
        p.record_partial(
            "a",
            Score {
                points: 10,
                max: 10,
            },
        );
        assert_eq!(
            p.labs["a"].best, None,
            "a partial check records no best score"
        );
        p.record_score("a", Score { points: 4, max: 10 });
        p.record_score("a", Score { points: 9, max: 10 });
        p.record_score("a", Score { points: 2, max: 10 });
        p.record_partial(
            "a",
            Score {
                points: 10,
                max: 10,
            },
        );
        let lab = &p.labs["a"];
        assert_eq!(lab.best, Some(Score { points: 9, max: 10 }));
        assert_eq!(
            lab.last,
            Some(Score {
                points: 10,
                max: 10
            })
        );
        assert_eq!(lab.checks, 5);
    }

    #[test]
    fn the_exam_log_is_saved_with_the_progress_and_an_import_never_drops_it() {
        let mut p = Progress::new();
        p.log_exam("practice sdlc-a B 1");
        p.log_exam(" mock 1 75 180 2 ");
        assert_eq!(p.exam, "practice sdlc-a B 1\nmock 1 75 180 2\n");
        let mut store = MemoryStore::default();
        save(&mut store, &p).unwrap();
        assert_eq!(load(&mut store).progress.exam, p.exam);
        // Older saves have no log.
        assert!(!serde_json::to_string(&Progress::new())
            .unwrap()
            .contains("exam"));
        // An import that continues the log takes it; one that does not leaves ours.
        let mut longer = p.clone();
        longer.log_exam("submit 3");
        let mut ours = p.clone();
        ours.merge(longer.clone());
        assert_eq!(ours.exam, longer.exam);
        let mut other = Progress::new();
        other.log_exam("practice iac-b A 9");
        let mut ours = p.clone();
        ours.merge(other);
        assert_eq!(ours.exam, p.exam);
    }

    #[test]
    fn merge_keeps_the_better_of_both() {
        let mut ours = Progress::new();
        ours.record_score("a", Score { points: 9, max: 10 });
        ours.record_score("b", Score { points: 1, max: 10 });
        let mut theirs = Progress::new();
        theirs.record_score("a", Score { points: 5, max: 10 });
        theirs.record_score("b", Score { points: 6, max: 10 });
        theirs.record_score("c", Score { points: 3, max: 10 });
        assert_eq!(ours.merge(theirs), 2);
        assert_eq!(ours.labs["a"].best.unwrap().points, 9);
        assert_eq!(ours.labs["b"].best.unwrap().points, 6);
        assert_eq!(ours.labs["c"].best.unwrap().points, 3);
    }
}
