//! A view built where its engine runs and drawn by the app as plain data: headings, notes,
//! tables of toned cells, read-only code, drawings and trees.
//!
//! Views that need a heavy engine (the CloudFormation stack's events, change sets, drift,
//! nested stacks; the labs' views of the same) are built in the parsers worker as a
//! [`Panel`] and drawn by one component of the app (`src/ui/panel.rs`), so that neither the
//! engine nor the code that words its results is part of the app's first load. A panel
//! knows no family: its words are already in the job's language, its colours are
//! [`Tone`]s. Every type here uses serde's default (externally tagged) representation, as
//! postcard requires.
use serde::{Deserialize, Serialize};

/// A view, block after block.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Panel {
    pub blocks: Vec<Block>,
    /// Lists a page's own controls may offer (the logical IDs a fault can hit, the properties a
    /// console change can edit…), by a name the page and the builder agree on: only the
    /// worker knows them.
    pub choices: Vec<Choices>,
    /// Buttons a lab's workspace offers (push a commit, approve a stage…).
    pub actions: Vec<Actions>,
}

/// Buttons that write into one of the lab's inputs: each appends its `op` as a new line of
/// the input's text, a script of what the learner did that the worker replays (so what the
/// learner did is an answer: saved with the progress, and graded). The page adds "Undo" and
/// "Start over" beside them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actions {
    /// What the buttons do, for the group's accessible name.
    pub label: String,
    /// The id of the text input they write into.
    pub input: String,
    pub buttons: Vec<Action>,
    /// Each button's `op` is the input's whole new text (a builder rewriting a file) rather
    /// than a line to append; the page offers no Undo then.
    pub replace: bool,
}

/// One button of [`Actions`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// The line it appends.
    pub op: String,
    pub label: String,
    pub tone: Tone,
}

/// Options a page can offer, under a name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choices {
    pub name: String,
    pub options: Vec<String>,
}

/// One part of a panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Block {
    Heading(String),
    Note {
        tone: Tone,
        text: String,
    },
    /// A table; the page scrolls it sideways when it is wider than the screen.
    Table {
        caption: String,
        head: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
    /// Read-only code (a template, TypeScript), with what it is.
    Code {
        label: String,
        text: String,
    },
    Drawing(Drawing),
    /// An indented list (nested stacks).
    Tree {
        label: String,
        items: Vec<TreeItem>,
    },
    /// Buttons and links, in a row or, `stacked`, one per line (a question's options), as a
    /// group named `label`.
    Buttons {
        label: String,
        stacked: bool,
        buttons: Vec<Button>,
    },
    /// A clock counting down to `until` (milliseconds since the Unix epoch); when it reaches
    /// zero the page does `op` as if its button were pressed (a mock exam handed in).
    Countdown {
        label: String,
        until: u64,
        op: String,
    },
}

/// One button of [`Block::Buttons`]. With an `op`, the page appends it to the text the panel
/// was built from (writing the time of the click for `{now}`) and then, with a `go`, opens that
/// address; with only a `go`, it is a link; with neither, a box that shows a state (an option
/// already answered). `pressed` makes it a toggle (an option picked or not).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub text: String,
    /// A second line under the text (why an option is right or wrong).
    pub detail: String,
    pub op: String,
    pub go: String,
    pub tone: Tone,
    pub pressed: Option<bool>,
}

/// A colour with a meaning, as the CloudFormation console uses them: green complete, red
/// failed, blue in progress, orange for what needs a look (drifted, replaced).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tone {
    #[default]
    Plain,
    Good,
    Bad,
    Busy,
    Warn,
}

impl Tone {
    /// A file's finding: an error red, a warning orange.
    pub fn finding(error: bool) -> Tone {
        if error {
            Tone::Bad
        } else {
            Tone::Warn
        }
    }
}

impl Block {
    /// A file's finding as a note, toned by [`Tone::finding`].
    pub fn finding(error: bool, text: String) -> Block {
        Block::Note {
            tone: Tone::finding(error),
            text,
        }
    }
}

/// A table cell.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub text: String,
    pub tone: Tone,
}

/// One line of a [`Block::Tree`], `depth` levels in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeItem {
    pub depth: u8,
    pub text: String,
    pub tone: Tone,
}

/// A drawing in SVG user units.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Drawing {
    pub width: u32,
    pub height: u32,
    /// What it shows, in words (for screen readers).
    pub label: String,
    pub shapes: Vec<Shape>,
}

/// One shape of a [`Drawing`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Shape {
    /// A column's heading ("wave 1", "cycle").
    Head { x: u32, y: u32, text: String },
    /// A box, outlined when `cycle` (a resource in a dependency cycle), with its text.
    Node {
        x: u32,
        y: u32,
        cycle: bool,
        text: String,
    },
    /// An arrow (an SVG path).
    Arrow(String),
    /// A dot (a commit of a branch graph), coloured by its tone.
    Dot { x: u32, y: u32, tone: Tone },
    /// A line of text beside the shapes, coloured by its tone.
    Label {
        x: u32,
        y: u32,
        text: String,
        tone: Tone,
    },
    /// A filled bar (a task's state over a span of time), coloured by its tone.
    Bar {
        x: u32,
        y: u32,
        width: u32,
        height: u32,
        tone: Tone,
    },
    /// A line through points (an SVG path's `d`: a series over time), coloured by its tone.
    Line { path: String, tone: Tone },
}

impl Cell {
    pub fn new(text: impl Into<String>, tone: Tone) -> Cell {
        Cell {
            text: text.into(),
            tone,
        }
    }

    pub fn plain(text: impl Into<String>) -> Cell {
        Cell::new(text, Tone::Plain)
    }
}

impl Panel {
    /// The options named `name` (none when there are none).
    pub fn choices(&self, name: &str) -> &[String] {
        self.choices
            .iter()
            .find(|c| c.name == name)
            .map_or(&[][..], |c| &c.options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panel_goes_through_postcard_unchanged() {
        let panel = Panel {
            blocks: vec![
                Block::Heading("h".into()),
                Block::Note {
                    tone: Tone::Warn,
                    text: "n".into(),
                },
                Block::Table {
                    caption: "c".into(),
                    head: vec!["a".into()],
                    rows: vec![vec![Cell::new("CREATE_FAILED", Tone::Bad)]],
                },
                Block::Code {
                    label: "l".into(),
                    text: "t".into(),
                },
                Block::Drawing(Drawing {
                    width: 1,
                    height: 2,
                    label: "d".into(),
                    shapes: vec![Shape::Arrow("M0 0".into())],
                }),
                Block::Tree {
                    label: "t".into(),
                    items: vec![TreeItem {
                        depth: 1,
                        text: "x".into(),
                        tone: Tone::Good,
                    }],
                },
            ],
            choices: vec![Choices {
                name: "fail".into(),
                options: vec!["Bucket".into()],
            }],
            actions: vec![Actions {
                label: "Pipeline".into(),
                input: "script".into(),
                buttons: vec![Action {
                    op: "push c2".into(),
                    label: "Push c2".into(),
                    tone: Tone::Busy,
                }],
                replace: false,
            }],
        };
        let bytes = postcard::to_allocvec(&panel).unwrap();
        assert_eq!(postcard::from_bytes::<Panel>(&bytes).unwrap(), panel);
        assert_eq!(panel.choices("fail"), ["Bucket".to_string()]);
        assert!(panel.choices("none").is_empty());
    }
}
