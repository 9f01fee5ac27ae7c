//! A template as a tree of nodes that keep their line, column and YAML tag.
//!
//! YAML is read with `saphyr-parser`'s event API; JSON is YAML's flow syntax, so the same
//! events give its positions too, after `serde_json` has checked that it is strict JSON
//! (trailing commas, comments and single quotes are JSON errors with their line and column).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// A position in the text: line and column, both counted from 1 (columns in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    fn of(span: &Span) -> Pos {
        Pos {
            line: span.start.line() as u32,
            col: span.start.col() as u32 + 1,
        }
    }
}

/// A mapping key and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

/// A value of the tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, with the text it was written as (`10`, `0.5`, `1e3`).
    Number(f64, String),
    Str(String),
    Seq(Vec<Node>),
    /// A mapping, keys in the order written (duplicates kept, so that they can be reported).
    Map(Vec<(Key, Node)>),
}

/// A node: its value, where it starts, and its YAML tag's suffix (`Ref` for `!Ref`).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub tag: Option<String>,
    pub value: Value,
}

impl Node {
    /// The string, if the node is an untagged one (numbers count too: CloudFormation reads a
    /// scalar as a string where a string is expected).
    pub fn as_str(&self) -> Option<&str> {
        if self.tag.is_some() {
            return None; // `!Ref X` is a function call, not the string "X".
        }
        match &self.value {
            Value::Str(s) => Some(s),
            Value::Number(_, text) => Some(text),
            _ => None,
        }
    }

    /// The entries, if the node is a mapping.
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, if the node is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The first value under `key`, if the node is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    /// The key of `key`, if the node is a mapping that has it.
    pub fn key(&self, key: &str) -> Option<&Key> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k)
    }

    /// What kind of value it is, as a code the lab model words: `null`, `boolean`, `number`,
    /// `string`, `list` or `mapping`.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(..) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }
}

/// The text's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

/// Why a text cannot be read, at a position.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub format: Format,
    /// The parser's own message, in English.
    pub message: String,
}

/// The most nested collections accepted: deeper input is an error, not a stack overflow.
pub const MAX_DEPTH: usize = 200;

/// Reads a YAML or JSON text (JSON when its first non-blank character is `{`).
pub fn parse(text: &str) -> Result<(Node, Format), SyntaxError> {
    let format = if text.trim_start().starts_with('{') {
        Format::Json
    } else {
        Format::Yaml
    };
    if format == Format::Json {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            // serde_json counts columns in bytes: the learner's editor counts characters.
            return Err(SyntaxError {
                pos: inside(text, e.line(), e.column().max(1), true),
                format,
                message,
            });
        }
    }
    let node = Builder::default().run(text, format)?;
    Ok((node, format))
}

/// Reads a YAML text of one or more documents separated by `---` (a Kubernetes manifest
/// file), or a JSON text (one document). Each document keeps the positions it has in the
/// whole text; a document with no content (`---` at the end) is a null node at its start.
pub fn parse_documents(text: &str) -> Result<(Vec<Node>, Format), SyntaxError> {
    if text.trim_start().starts_with('{') {
        return parse(text).map(|(node, format)| (vec![node], format));
    }
    let mut builder = Builder {
        multi: true,
        ..Builder::default()
    };
    builder.run(text, Format::Yaml)?;
    Ok((builder.documents, Format::Yaml))
}

/// A parser's error position as a place in `text`: its column in characters (`bytes`: the
/// parser counted bytes), and a position past the end (an error at the end of the input)
/// moved to just after the last character.
fn inside(text: &str, line: usize, col: usize, bytes: bool) -> Pos {
    let lines: Vec<&str> = text.split('\n').collect();
    let (line, col) = match lines.get(line.max(1) - 1) {
        Some(l) => {
            let l = l.strip_suffix('\r').unwrap_or(l);
            let chars = if bytes {
                let mut end = (col - 1).min(l.len());
                while !l.is_char_boundary(end) {
                    end -= 1;
                }
                l[..end].chars().count() + 1
            } else {
                col
            };
            (line.max(1), chars.min(l.chars().count() + 1))
        }
        None => {
            let last = lines.last().copied().unwrap_or("");
            (lines.len().max(1), last.chars().count() + 1)
        }
    };
    Pos {
        line: line as u32,
        col: col.max(1) as u32,
    }
}

/// A collection being built.
enum Open {
    Seq(Node, Vec<Node>),
    Map(Node, Vec<(Key, Node)>, Option<Key>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<(Open, usize)>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    /// Several documents accepted (`parse_documents`), collected in `documents`.
    multi: bool,
    documents: Vec<Node>,
    document_start: Pos,
}

impl Builder {
    fn run(&mut self, text: &str, format: Format) -> Result<Node, SyntaxError> {
        let mut documents = 0;
        for event in Parser::new_from_str(text) {
            let (event, span) = event.map_err(|e| SyntaxError {
                pos: inside(text, e.marker().line(), e.marker().col() + 1, false),
                format,
                message: e.info().to_string(),
            })?;
            let pos = Pos::of(&span);
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    self.document_start = pos;
                    if documents > 1 && !self.multi {
                        return Err(SyntaxError {
                            pos,
                            format,
                            message: "a template is one YAML document, but this is a second one"
                                .into(),
                        });
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let tag = tag.map(|t| t.suffix.clone());
                    let value = scalar(&value, style, tag.as_deref());
                    self.add(Node { pos, tag, value }, anchor, format)?;
                }
                Event::SequenceStart(anchor, tag) => {
                    self.open(
                        Open::Seq(shell(pos, tag.map(|t| t.suffix.clone())), Vec::new()),
                        anchor,
                        pos,
                        format,
                    )?;
                }
                Event::MappingStart(anchor, tag) => {
                    self.open(
                        Open::Map(shell(pos, tag.map(|t| t.suffix.clone())), Vec::new(), None),
                        anchor,
                        pos,
                        format,
                    )?;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some((open, anchor)) = self.stack.pop() else {
                        continue;
                    };
                    let node = match open {
                        Open::Seq(mut node, items) => {
                            node.value = Value::Seq(items);
                            node
                        }
                        Open::Map(mut node, entries, _) => {
                            node.value = Value::Map(entries);
                            node
                        }
                    };
                    self.add(node, anchor, format)?;
                }
                Event::DocumentEnd if self.multi => {
                    self.stack.clear();
                    let start = self.document_start;
                    self.documents.push(self.root.take().unwrap_or(Node {
                        pos: Pos {
                            line: start.line.max(1),
                            col: start.col.max(1),
                        },
                        tag: None,
                        value: Value::Null,
                    }));
                }
                Event::Alias(id) => {
                    let node = self.anchors.get(&id).cloned().ok_or(SyntaxError {
                        pos,
                        format,
                        message: "an alias to an unknown anchor".into(),
                    })?;
                    self.add(node, 0, format)?;
                }
                _ => {}
            }
        }
        Ok(self.root.take().unwrap_or(Node {
            pos: Pos { line: 1, col: 1 },
            tag: None,
            value: Value::Null,
        }))
    }

    fn open(
        &mut self,
        open: Open,
        anchor: usize,
        pos: Pos,
        format: Format,
    ) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                pos,
                format,
                message: format!("more than {MAX_DEPTH} nested lists and mappings"),
            });
        }
        self.stack.push((open, anchor));
        Ok(())
    }

    /// Adds a finished node to the open collection (or makes it the root).
    fn add(&mut self, node: Node, anchor: usize, format: Format) -> Result<(), SyntaxError> {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some((Open::Seq(_, items), _)) => items.push(node),
            Some((Open::Map(_, entries, pending), _)) => match pending.take() {
                None => {
                    let name =
                        match &node.value {
                            Value::Str(s) => s.clone(),
                            Value::Number(_, text) => text.clone(),
                            Value::Bool(b) => b.to_string(),
                            Value::Null => String::new(),
                            _ => return Err(SyntaxError {
                                pos: node.pos,
                                format,
                                message:
                                    "a mapping key must be a plain value, not a list or a mapping"
                                        .into(),
                            }),
                        };
                    *pending = Some(Key {
                        name,
                        pos: node.pos,
                    });
                }
                Some(key) => entries.push((key, node)),
            },
        }
        Ok(())
    }
}

fn shell(pos: Pos, tag: Option<String>) -> Node {
    Node {
        pos,
        tag,
        value: Value::Null,
    }
}

/// A scalar's value: quoted and block scalars (and tagged ones) are strings; a plain one is
/// null, a boolean or a number when it reads as one (YAML 1.2's core schema).
fn scalar(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    if style != ScalarStyle::Plain || tag.is_some() {
        return Value::Str(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let numeric = text
        .trim_start_matches(['-', '+'])
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '.');
    if numeric {
        if let Ok(x) = text.parse::<f64>() {
            if x.is_finite() {
                return Value::Number(x, text.to_string());
            }
        }
    }
    Value::Str(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_error_after_accented_text_is_placed_in_characters() {
        // `é` is two bytes: serde_json's byte column would put the caret one place too far.
        let err = parse("{\"tên\": \"é\" \"x\"}").unwrap_err();
        assert_eq!(err.pos, Pos { line: 1, col: 13 });
    }

    #[test]
    fn an_error_at_the_end_of_the_text_points_just_after_it() {
        for text in ["a: [1, 2", "{\"a\": [1, 2", "a: 'unclosed\n"] {
            let err = parse(text).unwrap_err();
            let lines: Vec<&str> = text.split('\n').collect();
            assert!(
                err.pos.line as usize <= lines.len(),
                "{text:?}: {:?}",
                err.pos
            );
            let width = lines[err.pos.line as usize - 1].chars().count() as u32;
            assert!(err.pos.col <= width + 1, "{text:?}: {:?}", err.pos);
        }
    }

    #[test]
    fn several_documents_keep_their_positions_in_the_whole_text() {
        let text = "a: 1\n---\nkind: Service\nspec:\n  x: 2\n---\n# only a comment\n---\n- b\n";
        let (docs, format) = parse_documents(text).unwrap();
        assert_eq!(format, Format::Yaml);
        assert_eq!(docs.len(), 4);
        assert_eq!(docs[0].key("a").unwrap().pos, Pos { line: 1, col: 1 });
        assert_eq!(docs[1].key("kind").unwrap().pos, Pos { line: 3, col: 1 });
        let x = docs[1].get("spec").unwrap().key("x").unwrap();
        assert_eq!(x.pos, Pos { line: 5, col: 3 });
        assert_eq!(docs[2].value, Value::Null);
        assert_eq!(docs[3].as_seq().unwrap()[0].pos, Pos { line: 9, col: 3 });
        // One document, JSON, and an error in a later document at its place.
        assert_eq!(parse_documents("a: 1\n").unwrap().0.len(), 1);
        assert_eq!(parse_documents("{\"a\": 1}").unwrap().0.len(), 1);
        let err = parse_documents("a: 1\n---\nb: [1\n").unwrap_err();
        assert!(err.pos.line >= 3, "{err:?}");
        // `parse` still refuses a second document.
        assert!(parse("a: 1\n---\nb: 2\n").is_err());
    }
}
