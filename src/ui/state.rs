//! App-wide state: the learner's progress and the notices about it, as a reducer
//! shared through context. The `App` saves it after every change.
use std::rc::Rc;

use yew::prelude::*;

use crate::course::progress::{self, Notice, Progress, Score};
use crate::course::{Answer, Lang};

/// A message shown at the top of every page until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub enum Banner {
    Load(Notice),
    Info(String),
    Error(String),
}

/// Colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub progress: Progress,
    pub banners: Vec<Banner>,
    /// False when saving would overwrite unreadable data that could not be backed up.
    pub can_save: bool,
    /// Bumped on every change to `progress`; the save effect depends on it.
    pub revision: u64,
    pub theme: Theme,
    /// The UI's and the labs' language (the app sets `i18n` from it before rendering).
    pub lang: Lang,
}

pub enum AppAction {
    Answer {
        lab: String,
        input: String,
        answer: Option<Answer>,
    },
    Step {
        lab: String,
        step: usize,
    },
    Hint {
        lab: String,
        index: usize,
    },
    /// A check's score; `complete`: every check was answered (only then can it be the best).
    Score {
        lab: String,
        score: Score,
        complete: bool,
    },
    Import(Progress),
    /// A line for the exam practice log (see `course::exam::log`).
    Exam(String),
    ResetLab(String),
    Dismiss(usize),
    Banner(Banner),
    SetTheme(Theme),
    /// Switch language (dispatched once that language's labs are loaded).
    SetLang(Lang),
}

impl AppState {
    pub fn new(loaded: progress::Loaded, theme: Theme, lang: Lang) -> AppState {
        AppState {
            progress: loaded.progress,
            banners: loaded.notice.map(Banner::Load).into_iter().collect(),
            can_save: loaded.can_save,
            revision: 0,
            theme,
            lang,
        }
    }
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        let mut next = (*self).clone();
        let mut changed = true;
        match action {
            AppAction::Answer { lab, input, answer } => {
                let answers = &mut next.progress.labs.entry(lab).or_default().answers;
                let before = answers.get(&input).cloned();
                if before == answer {
                    return self;
                }
                match answer {
                    Some(a) => answers.insert(input, a),
                    None => answers.remove(&input),
                };
            }
            AppAction::Step { lab, step } => {
                let entry = next.progress.labs.entry(lab).or_default();
                changed = entry.step != step;
                entry.step = step;
            }
            AppAction::Hint { lab, index } => {
                changed = next
                    .progress
                    .labs
                    .entry(lab)
                    .or_default()
                    .hints
                    .insert(index);
            }
            AppAction::Score {
                lab,
                score,
                complete: true,
            } => next.progress.record_score(&lab, score),
            AppAction::Score { lab, score, .. } => next.progress.record_partial(&lab, score),
            AppAction::Import(imported) => {
                let n = next.progress.merge(imported);
                next.banners.push(Banner::Info(super::text::imported(n)));
            }
            AppAction::Exam(line) => next.progress.log_exam(&line),
            AppAction::ResetLab(lab) => {
                if let Some(entry) = next.progress.labs.get_mut(&lab) {
                    entry.answers.clear();
                    entry.hints.clear();
                    entry.step = 0;
                    entry.last = None;
                }
            }
            AppAction::Dismiss(i) => {
                if i >= next.banners.len() {
                    return self;
                }
                next.banners.remove(i);
                changed = false;
            }
            AppAction::Banner(b) => {
                if next.banners.contains(&b) {
                    return self;
                }
                next.banners.push(b);
                changed = false;
            }
            AppAction::SetTheme(t) => {
                if t == next.theme {
                    return self;
                }
                next.theme = t;
                changed = false;
            }
            AppAction::SetLang(l) => {
                if l == next.lang {
                    return self;
                }
                next.lang = l;
                changed = false;
            }
        }
        if !changed {
            if next == *self {
                return self;
            }
            return Rc::new(next);
        }
        next.revision += 1;
        Rc::new(next)
    }
}

/// The state handle components get from context.
pub type AppHandle = UseReducerHandle<AppState>;

/// The app state from context (the `App` always provides it).
#[hook]
pub fn use_app() -> AppHandle {
    use_context::<AppHandle>().expect("App provides AppHandle context")
}

/// The colour theme, from a context of its own (the `App` provides it beside the state), so a
/// component that only draws re-renders when the theme changes, not on every answer. Light
/// when there is no `App` around (a component mounted alone).
#[hook]
pub fn use_theme() -> Theme {
    use_context::<Theme>().unwrap_or(Theme::Light)
}
