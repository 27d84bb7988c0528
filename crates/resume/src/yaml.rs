//! `resume.yaml` / `resume.yml`: YAML read into the same JSON value the JSON reader makes, with
//! the line and column of every value, so that the reading rules, the schema and the calendar
//! report their warnings and problems at their place in the YAML file, as they do for JSON.
//!
//! YAML's core schema types the plain scalars (`null`, `~`, `true`, `42`, `1.5`); quoted and
//! block scalars (`|`, `>`) and `!!str` are always text. Anchors and aliases are refused (a
//! resume needs none, and expanding them is how a small file becomes a huge one), and so are a
//! key that is not text and a key given twice. A stream of several documents (a short preface,
//! then the resume) is read as its one document shaped like a resume, and says so.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Where each value starts, by JSON pointer: line and column, both from 1.
pub(crate) type Places = HashMap<String, (usize, usize)>;

/// Why a YAML text was refused: where, and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Whether `key` is a key of a resume's top level: the document that has most of them is the
/// resume.
fn is_resume_key(key: &str) -> bool {
    key != "$schema" && crate::reshape::is_section(key) || key == "experience"
}

/// Reads a YAML document into a JSON value and the place of each of its values; for a stream of
/// several, the one shaped like a resume, and a sentence saying which was read.
pub(crate) fn read(text: &str) -> Result<(Value, Places, Option<String>), YamlError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(err) = parser.load(&mut builder, true) {
        let mark = err.marker();
        return Err(YamlError { line: mark.line(), column: mark.col() + 1, message: err.info().to_owned() });
    }
    if let Some(err) = builder.error {
        return Err(err);
    }
    builder.finish_document();
    let n = builder.documents.len();
    let score = |v: &Value| v.as_object().map_or(0, |m| m.keys().filter(|k| is_resume_key(k)).count());
    let best = (0..n).max_by_key(|&i| (score(&builder.documents[i].0), std::cmp::Reverse(i)));
    let note = (n > 1).then(|| {
        let i = best.unwrap_or(0);
        format!("this file holds {n} YAML documents; read the resume from document {} of them, the one shaped like a resume: keep only that one", i + 1)
    });
    // An empty file is an empty document: `null`, which the caller refuses as not an object.
    match best {
        Some(i) => {
            let (root, places) = builder.documents.swap_remove(i);
            Ok((root, places, note))
        }
        None => Ok((Value::Null, Places::new(), None)),
    }
}

enum Frame {
    Map { map: Map<String, Value>, key: Option<(String, Marker)>, pointer: String },
    Seq { items: Vec<Value>, pointer: String },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Value>,
    places: Places,
    /// The documents read so far: each with the places of its values.
    documents: Vec<(Value, Places)>,
    started: bool,
    error: Option<YamlError>,
}

impl Builder {
    /// Puts the document read so far (if any) with the others.
    fn finish_document(&mut self) {
        if let Some(root) = self.root.take() {
            self.documents.push((root, std::mem::take(&mut self.places)));
        }
    }

    fn fail(&mut self, mark: Marker, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(YamlError { line: mark.line(), column: mark.col() + 1, message: message.into() });
        }
    }

    /// True when the next scalar is a mapping's key.
    fn awaiting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    /// The JSON pointer of the value that comes next.
    fn next_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Frame::Map { key, pointer, .. }) => {
                let key = key.as_ref().map_or("", |(k, _)| k.as_str());
                format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
            }
            Some(Frame::Seq { items, pointer }) => format!("{pointer}/{}", items.len()),
        }
    }

    /// Puts a finished value into its parent (or makes it the document).
    fn attach(&mut self, value: Value) {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => {
                if let Some((key, mark)) = key.take() {
                    if map.contains_key(&key) {
                        self.fail(mark, format!("the key \"{key}\" is given twice in this mapping; keep one"));
                    } else {
                        map.insert(key, value);
                    }
                }
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::DocumentStart => {
                if self.started {
                    self.finish_document();
                }
                self.started = true;
            }
            Event::Alias(_) => self.fail(mark, "anchors and aliases (*name) are not read; write the value out in full"),
            Event::Scalar(text, style, anchor, tag) => {
                if anchor > 0 {
                    return self.fail(mark, "anchors (&name) are not read; write each value out in full");
                }
                if self.awaiting_key() {
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some((text, mark));
                    }
                    return;
                }
                let as_text = style != TScalarStyle::Plain || tag.is_some_and(|t| t.suffix == "str");
                // An empty value (`url:`) is marked where the next token starts: its key is
                // where the reader looks.
                let key_mark = match self.stack.last() {
                    Some(Frame::Map { key: Some((_, key_mark)), .. }) if text.is_empty() && !as_text => Some(*key_mark),
                    _ => None,
                };
                let at = key_mark.unwrap_or(mark);
                let value = if as_text { Value::String(text) } else { plain(text) };
                self.places.insert(self.next_pointer(), (at.line(), at.col() + 1));
                self.attach(value);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                if anchor > 0 {
                    return self.fail(mark, "anchors (&name) are not read; write each value out in full");
                }
                if self.awaiting_key() {
                    return self.fail(mark, "a key must be text, not a list or a mapping");
                }
                let pointer = self.next_pointer();
                self.places.insert(pointer.clone(), (mark.line(), mark.col() + 1));
                self.stack.push(match event {
                    Event::MappingStart(..) => Frame::Map { map: Map::new(), key: None, pointer },
                    _ => Frame::Seq { items: Vec::new(), pointer },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let value = match self.stack.pop() {
                    Some(Frame::Map { map, .. }) => Value::Object(map),
                    Some(Frame::Seq { items, .. }) => Value::Array(items),
                    None => return,
                };
                self.attach(value);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }
}

/// A plain scalar by YAML 1.2's core schema: null, a boolean, a number, else text.
fn plain(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let looks_numeric = text.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c));
    if looks_numeric {
        if let Ok(n) = text.parse::<i64>() {
            return Value::Number(n.into());
        }
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_their_places() {
        let text = "basics:\n  name: Ada\n  phone: \"0123\"\nwork:\n  - name: X\n    startDate: 2019-05\n    highlights:\n      - one\n  - name: Y\n";
        let (value, places, _) = read(text).unwrap();
        assert_eq!(value["basics"]["name"], "Ada");
        assert_eq!(value["basics"]["phone"], "0123");
        assert_eq!(value["work"][0]["startDate"], "2019-05");
        assert_eq!(value["work"][0]["highlights"][0], "one");
        assert_eq!(places["/basics/name"], (2, 9));
        assert_eq!(places["/work/0/startDate"], (6, 16));
        assert_eq!(places["/work/1/name"], (9, 11));
        assert_eq!(places["/work/0/highlights/0"], (8, 9));
    }

    #[test]
    fn plain_scalars_are_typed_and_quoted_ones_are_text() {
        let (v, _, _) = read("a: 2019\nb: '2019'\nc: ~\nd: true\ne: 1.5\nf: !!str 7\ng: |\n  two\n  lines\n").unwrap();
        assert_eq!(v["a"], 2019);
        assert_eq!(v["b"], "2019");
        assert_eq!(v["c"], Value::Null);
        assert_eq!(v["d"], true);
        assert_eq!(v["e"], 1.5);
        assert_eq!(v["f"], "7");
        assert_eq!(v["g"], "two\nlines\n");
    }

    #[test]
    fn what_a_resume_has_no_use_for_is_refused_at_its_place() {
        let err = |t: &str| read(t).unwrap_err();
        assert!(err("a: &x 1\nb: *x\n").message.contains("anchors"));
        let twice = err("a: 1\nb: 2\na: 3\n");
        assert_eq!((twice.line, twice.column), (3, 1));
        assert!(twice.message.contains("\"a\" is given twice"));
        assert!(err("? [x]\n: 1\n").message.contains("key must be text"));
        let syntax = err("a: [1, 2\n");
        assert!(syntax.line >= 1 && !syntax.message.is_empty());
    }
}
