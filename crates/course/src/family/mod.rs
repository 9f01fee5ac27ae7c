//! Lab families: each module owns its workspace items, its check kinds and their measures,
//! their validation and their grading. The shared machinery (the check head, the verdict
//! vocabulary, the grading loop, the loader) knows no particular family.
//!
//! Adding a family (see ARCHITECTURE.md, "Adding a family"): a module here with a
//! `Family` type implementing [`FamilyModule`], and one line in the `families!` list at the
//! end of this file; then a folder under `src/ui/` for its workspace panels and one line in
//! the UI's workspace list.
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::answer::Answers;
use crate::check::Verdict;
use crate::lab::Input;
use crate::lang::{Lang, Wording};

pub mod alarms;
pub mod appspec;
pub mod build;
pub mod cases;
pub mod cfn;
pub mod common;
pub mod dashboards;
pub mod deploy;
pub mod docker;
pub mod dora;
pub mod ecr;
pub mod ecs;
pub mod flags;
pub mod git;
pub mod insights;
pub mod k8s;
pub mod oncall;
pub mod pipeline;
pub mod platforms;
#[cfg(feature = "containers")]
pub mod rollout_view;
pub mod scaling;
pub mod telemetry;
pub mod xray;

/// What a family module provides.
pub trait FamilyModule {
    /// The workspace items this family adds to a lab (datasets, simulations…), loaded and checked.
    type Items: Clone + Debug + Default + PartialEq + Serialize + DeserializeOwned;
    /// Its check kinds.
    type Check: Clone + Debug + PartialEq + Serialize + DeserializeOwned;
    /// The measures its checks bound (`at_most`, `at_least`), worded by [`MeasureWords`].
    type Measure: Clone + Copy + Debug + PartialEq + Serialize + DeserializeOwned + MeasureWords;
    /// The lab.toml sections (arrays of tables at the top level) this family reads.
    const SECTIONS: &'static [&'static str];
    /// The check kinds (`kind = "…"` in lab.toml) this family grades.
    const KINDS: &'static [&'static str];

    /// Loads one of [`Self::SECTIONS`] into the items, reading the files it names.
    #[cfg(feature = "files")]
    fn load(
        items: &mut Self::Items,
        section: &str,
        value: crate::load::Section<'_>,
        files: &crate::files::FileSet,
        problems: &mut crate::load::Problems,
    );

    /// Reads the body of a check of one of [`Self::KINDS`] (the head and `kind` removed).
    #[cfg(feature = "files")]
    fn parse_check(
        kind: &str,
        body: crate::load::Body<'_>,
    ) -> Result<Self::Check, crate::load::BodyError>;

    /// Problems with the items' references to the lab's inputs.
    fn validate_items(_items: &Self::Items, _lab: &LabView<'_>) -> Vec<String> {
        Vec::new()
    }

    /// Problems with a check's references (its input, its item, its measure).
    fn validate_check(check: &Self::Check, lab: &LabView<'_>) -> Vec<String>;

    /// Grades a check against a learner's answers.
    fn grade(check: &Self::Check, lab: &LabView<'_>, answers: &Answers) -> Graded;

    /// Whether the family's workspace is built in the parsers worker ([`FamilyModule::panel`])
    /// when a lab has its items: the app then asks the worker for it (`jobs::Job::LabPanel`).
    const WORKER_PANEL: bool = false;

    /// The family's part of a lab's workspace, built in the parsers worker from its items and
    /// the learner's answers (feature `parse`), added to `panel`. `focus` holds the inputs of
    /// the step the learner is on: a workspace shows what they concern (all of it when none).
    #[cfg(feature = "parse")]
    fn panel(
        _items: &Self::Items,
        _lab: &LabView<'_>,
        _answers: &Answers,
        _focus: &[String],
        _lang: Lang,
        _panel: &mut crate::panel::Panel,
    ) {
    }
}

/// What a family's grading needs to see of a lab.
#[derive(Clone, Copy)]
pub struct LabView<'a> {
    pub inputs: &'a [Input],
    pub workspace: &'a Workspace,
    /// Every check of the lab (a check may build on an earlier one's input).
    pub checks: &'a [crate::check::Check],
}

impl LabView<'_> {
    /// The input with this id.
    pub fn input(&self, id: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.id == id)
    }
}

/// A family's grade of one check: the verdict, the input to point the learner at,
/// explanations of the wrong options picked, and advice for a recognised mistake (shown
/// instead of the check's general feedback).
#[derive(Clone, Debug, PartialEq)]
pub struct Graded {
    pub input: String,
    pub verdict: Verdict,
    pub why: Vec<crate::doc::Doc>,
    pub feedback: Option<crate::doc::Doc>,
}

impl Graded {
    pub fn new(input: impl Into<String>, verdict: Verdict) -> Graded {
        Graded {
            input: input.into(),
            verdict,
            why: Vec::new(),
            feedback: None,
        }
    }
}

/// Why a workspace item (a simulation, a flag) cannot run yet with a learner's answers.
#[derive(Clone, Debug, PartialEq)]
pub enum BuildError {
    /// An input it needs is empty.
    NotAnswered(String),
    /// The answers make no valid configuration (the wording says why).
    Invalid(Wording),
}

/// How a family words a measure of its outcomes, in the learner's language.
pub trait MeasureWords {
    /// The measured fact as a sentence without its full stop ("Failed requests: 12 in the simulation").
    fn fact(&self, value: f64, stage: Option<usize>, lang: Lang) -> String;
    /// A bound of this measure ("5" or "5%").
    fn amount(&self, x: f64, lang: Lang) -> String {
        crate::check::show_in(x, lang)
    }
    /// A whole sentence that replaces "fact; at most/at least …" for yes/no measures.
    fn sentence(&self, _above: bool, _lang: Lang) -> Option<&'static str> {
        None
    }
}

/// A family without measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoMeasure {}

impl MeasureWords for NoMeasure {
    fn fact(&self, _: f64, _: Option<usize>, _: Lang) -> String {
        match *self {}
    }
}

/// The `grade`, `WORKER_PANEL` and `panel` of a family whose engine runs only where
/// `$feature` is on (the parsers worker, native builds), written once: its module's sealed
/// items (`lab.workspace.$items`) and checks are opened and graded by
/// `run::grade(&check, &items, answers)`, `Verdict::Pending` in the app; its workspace is
/// `run::panel(&items, lab, answers, focus, lang, panel)`. Used inside `impl FamilyModule`.
macro_rules! worker_family {
    // With the items' name: also `validate_items`, which opens the sealed items and hands
    // them to `run::validate_items` (the engine's own checks of the lab's set-up).
    ($feature:literal, $items:ident, $what:literal) => {
        #[cfg(feature = $feature)]
        fn validate_items(items: &Items, lab: &LabView<'_>) -> Vec<String> {
            match items.open() {
                Some(all) => run::validate_items(&all, lab),
                None if items.is_empty() => Vec::new(),
                None => vec![format!("the {} could not be read back", $what)],
            }
        }

        super::worker_family!($feature, $items);
    };
    ($feature:literal, $items:ident) => {
        fn grade(check: &Check, lab: &LabView<'_>, answers: &Answers) -> Graded {
            #[cfg(feature = $feature)]
            {
                let items = lab.workspace.$items.open().unwrap_or_default();
                match check.open() {
                    Some(check) => run::grade(&check, &items, answers),
                    None => Graded::new("", crate::check::Verdict::NoEngineValue),
                }
            }
            #[cfg(not(feature = $feature))]
            {
                let _ = (check, lab, answers);
                Graded::new("", crate::check::Verdict::Pending)
            }
        }

        const WORKER_PANEL: bool = true;

        #[cfg(feature = "parse")]
        fn panel(
            items: &Items,
            lab: &LabView<'_>,
            answers: &Answers,
            focus: &[String],
            lang: crate::lang::Lang,
            panel: &mut crate::panel::Panel,
        ) {
            #[cfg(feature = $feature)]
            run::panel(
                &items.open().unwrap_or_default(),
                lab,
                answers,
                focus,
                lang,
                panel,
            );
            #[cfg(not(feature = $feature))]
            let _ = (items, lab, answers, focus, lang, panel);
        }
    };
}
pub(crate) use worker_family;

/// The registry: one line per family. It declares the lab's [`Workspace`] (each family's
/// items), [`CheckKind`] and [`Measure`] (each family's), and dispatches to the modules.
macro_rules! families {
    ($($variant:ident => $module:ident,)*) => {
        /// Every family's workspace items.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct Workspace {
            $(pub $module: <$module::Family as FamilyModule>::Items,)*
        }

        /// A check's kind, by family.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub enum CheckKind {
            $($variant(<$module::Family as FamilyModule>::Check),)*
        }

        /// A measure a check bounds, by family.
        #[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
        pub enum Measure {
            $($variant(<$module::Family as FamilyModule>::Measure),)*
        }

        impl CheckKind {
            /// Every check kind name, in registry order.
            pub fn names() -> Vec<&'static str> {
                let mut names = Vec::new();
                $(names.extend_from_slice(<$module::Family as FamilyModule>::KINDS);)*
                names
            }

            /// Reads a check's body for its kind; `None` for a kind no family has.
            #[cfg(feature = "files")]
            pub(crate) fn parse(
                kind: &str,
                body: crate::load::Body<'_>,
            ) -> Option<Result<CheckKind, crate::load::BodyError>> {
                $(if <$module::Family as FamilyModule>::KINDS.contains(&kind) {
                    return Some(<$module::Family as FamilyModule>::parse_check(kind, body).map(CheckKind::$variant));
                })*
                None
            }

            #[cfg(feature = "files")]
            pub(crate) fn validate(&self, lab: &LabView<'_>) -> Vec<String> {
                match self {
                    $(CheckKind::$variant(c) => <$module::Family as FamilyModule>::validate_check(c, lab),)*
                }
            }

            pub(crate) fn grade(&self, lab: &LabView<'_>, answers: &Answers) -> Graded {
                match self {
                    $(CheckKind::$variant(c) => <$module::Family as FamilyModule>::grade(c, lab, answers),)*
                }
            }
        }

        impl Workspace {
            /// Every lab.toml section some family reads.
            pub fn sections() -> Vec<&'static str> {
                let mut names = Vec::new();
                $(names.extend_from_slice(<$module::Family as FamilyModule>::SECTIONS);)*
                names
            }

            /// Whether some family with items in this lab builds its workspace in the worker.
            pub fn worker_panel(&self) -> bool {
                false $(|| (<$module::Family as FamilyModule>::WORKER_PANEL
                    && self.$module != Default::default()))*
            }

            /// The workspace the families build in the worker (see [`FamilyModule::panel`]).
            #[cfg(feature = "parse")]
            pub fn panel(
                &self,
                lab: &LabView<'_>,
                answers: &Answers,
                focus: &[String],
                lang: Lang,
            ) -> crate::panel::Panel {
                let mut panel = crate::panel::Panel::default();
                $(if <$module::Family as FamilyModule>::WORKER_PANEL && self.$module != Default::default() {
                    <$module::Family as FamilyModule>::panel(&self.$module, lab, answers, focus, lang, &mut panel);
                })*
                panel
            }

            /// Loads a section into the family that reads it; false when none does.
            #[cfg(feature = "files")]
            pub(crate) fn load(
                &mut self,
                section: &str,
                value: crate::load::Section<'_>,
                files: &crate::files::FileSet,
                problems: &mut crate::load::Problems,
            ) -> bool {
                $(if <$module::Family as FamilyModule>::SECTIONS.contains(&section) {
                    <$module::Family as FamilyModule>::load(&mut self.$module, section, value, files, problems);
                    return true;
                })*
                false
            }

            #[cfg(feature = "files")]
            pub(crate) fn validate(&self, lab: &LabView<'_>) -> Vec<String> {
                let mut problems = Vec::new();
                $(problems.extend(<$module::Family as FamilyModule>::validate_items(&self.$module, lab));)*
                problems
            }
        }

        impl Measure {
            fn words(&self) -> &dyn MeasureWords {
                match self {
                    $(Measure::$variant(m) => m,)*
                }
            }
        }
    };
}

impl MeasureWords for Measure {
    fn fact(&self, value: f64, stage: Option<usize>, lang: Lang) -> String {
        self.words().fact(value, stage, lang)
    }
    fn amount(&self, x: f64, lang: Lang) -> String {
        self.words().amount(x, lang)
    }
    fn sentence(&self, above: bool, lang: Lang) -> Option<&'static str> {
        self.words().sentence(above, lang)
    }
}

families! {
    Common => common,
    Dora => dora,
    Deploy => deploy,
    Flags => flags,
    Cfn => cfn,
    Git => git,
    Build => build,
    Pipeline => pipeline,
    Appspec => appspec,
    Ecr => ecr,
    Ecs => ecs,
    Docker => docker,
    K8s => k8s,
    Scaling => scaling,
    Platforms => platforms,
    OnCall => oncall,
    Alarms => alarms,
    Xray => xray,
    Dashboards => dashboards,
    Insights => insights,
    Cases => cases,
}
