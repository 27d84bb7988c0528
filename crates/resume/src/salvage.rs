//! What the JSON Resume schema refuses but a person can read, read anyway. A resume is shown as
//! its author wrote it: only a file that no parser reads is refused. Each place the schema
//! refuses becomes a reading (a warning, an error with `strict`) that says what was done:
//!
//! - a number or a yes/no where text goes is that text (`"level": 5`);
//! - an object where text goes is the text a person means: its `name`, `title`, `text`,
//!   `value`, `label`, … (a keyword's `level` stays beside it: "Rust (expert)");
//! - a list where text goes is its items, joined;
//! - a mapping where a list goes is the list of its entries (`"skills": {"Rust": ["tokio"]}`), or
//!   the one entry it is; a text where a list goes is a list of that text;
//! - a text where an object goes is the entry it names (`"location": "Berlin"`);
//! - a date that spells no date, or an address that is no absolute URL, is shown as written;
//! - what is left (a value of no use at its place) is left out, and said so.
//!
//! `$schema` is the editor's, never checked.

use std::collections::HashSet;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::types::JsonType;
use serde_json::{Map, Value};

use crate::lenient::DATE_FIELDS;

/// The field that names an entry of each list section (what a text, or a mapping's key, is).
fn name_field(section: &str) -> &'static str {
    match section {
        "education" => "institution",
        "volunteer" => "organization",
        "awards" => "title",
        "languages" => "language",
        "profiles" => "network",
        "references" => "name",
        _ => "name",
    }
}

/// The fields that show a map is one entry of `section`, not a mapping of entries by name: the
/// section's own fields (under JSON Resume's names or the others people give them), or for a
/// place that is no section, the fields of any entry.
pub(crate) fn is_entry(section: &str, map: &Map<String, Value>) -> bool {
    let own = crate::reshape::known(section);
    if !own.is_empty() && section != "basics" {
        return map.keys().any(|k| own.contains(&k.as_str()) || crate::lenient::is_other_name(section, k));
    }
    const ENTRY_FIELDS: &[&str] = &[
        "name",
        "position",
        "url",
        "startDate",
        "endDate",
        "summary",
        "highlights",
        "institution",
        "area",
        "studyType",
        "organization",
        "title",
        "date",
        "awarder",
        "issuer",
        "publisher",
        "level",
        "keywords",
        "language",
        "fluency",
        "reference",
        "network",
        "username",
        "description",
    ];
    map.keys().any(|k| ENTRY_FIELDS.contains(&k.as_str()))
}

/// Keys whose value is the text an object stands for, in the order they are looked for.
const TEXT_KEYS: &[&str] =
    &["name", "title", "text", "value", "label", "keyword", "highlight", "summary", "description", "url", "content"];

/// Reads `value` where the schema refuses it, round after round (a fix may reveal a problem
/// below it), and says what it read: (JSON pointer, sentence) for each. `errors` lists the
/// schema's refusals of `value` as it stands.
pub(crate) fn salvage(value: &mut Value, mut errors: impl FnMut(&Value) -> Vec<Refusal>) -> Vec<(String, String)> {
    let mut readings = Vec::new();
    let mut kept: HashSet<String> = HashSet::new();
    for round in 0..8 {
        let mut refused: Vec<Refusal> =
            errors(value).into_iter().filter(|r| r.pointer != "/$schema" && !kept.contains(&r.pointer)).collect();
        if refused.is_empty() {
            break;
        }
        // Outermost first; what lies below a place fixed this round is looked at again next round.
        refused.sort_by_key(|r| r.pointer.matches('/').count());
        let mut fixed: HashSet<String> = HashSet::new();
        for refusal in refused {
            let below_a_fix = std::iter::successors(Some(refusal.pointer.as_str()), |p| p.rfind('/').map(|i| &p[..i]))
                .any(|p| fixed.contains(p));
            if below_a_fix {
                continue;
            }
            let last_round = round == 7;
            keep_the_address(value, &refusal);
            let sentence = match value.pointer_mut(&refusal.pointer) {
                Some(found) => fix(found, &refusal, last_round),
                None => continue,
            };
            match sentence {
                Fix::Changed(sentence) => readings.push((refusal.pointer.clone(), sentence)),
                Fix::Kept(sentence) => {
                    readings.push((refusal.pointer.clone(), sentence));
                    kept.insert(refusal.pointer.clone());
                }
                Fix::Drop(sentence) => {
                    remove(value, &refusal.pointer);
                    readings.push((refusal.pointer.clone(), sentence));
                }
            }
            fixed.insert(refusal.pointer);
        }
    }
    readings
}

/// `"name": {"name": "Acme", "url": "…"}`: the text is the name, and the address, where the
/// entry has none, the entry's url.
fn keep_the_address(value: &mut Value, refusal: &Refusal) {
    let Wanted::Type(JsonType::String) = refusal.wanted else { return };
    let Some((parent, field)) = refusal.pointer.rsplit_once('/') else { return };
    if !["name", "institution", "organization", "issuer", "publisher", "awarder"].contains(&field) {
        return;
    }
    let link = value.pointer(&refusal.pointer).and_then(|v| v.get("url")).and_then(Value::as_str).map(str::to_owned);
    if let (Some(link), Some(Value::Object(entry))) = (link, value.pointer_mut(parent)) {
        entry.entry("url").or_insert(Value::String(link));
    }
}

/// One place the schema refuses, and why.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    /// Where, as a JSON pointer.
    pub pointer: String,
    /// What the schema wanted there.
    pub wanted: Wanted,
}

/// What the schema wanted at a place.
#[derive(Debug, Clone)]
pub(crate) enum Wanted {
    /// A value of this type (the first of those it allows).
    Type(JsonType),
    /// A date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) on the calendar; why it is not, where the
    /// calendar says.
    Date(Option<String>),
    /// A value of a format: `uri`, `email`, …
    Format(String),
    /// Something else the schema says.
    Other(String),
}

impl Refusal {
    /// The refusal a schema error is.
    pub(crate) fn of(err: &jsonschema::ValidationError<'_>) -> Self {
        let pointer = err.instance_path().as_str().to_owned();
        let wanted = match err.kind() {
            ValidationErrorKind::Type { kind: TypeKind::Single(t) } => Wanted::Type(*t),
            ValidationErrorKind::Type { kind: TypeKind::Multiple(ts) } => {
                ts.iter().next().map_or_else(|| Wanted::Other(err.to_string()), Wanted::Type)
            }
            ValidationErrorKind::Pattern { .. } if is_date_field(&pointer) => Wanted::Date(None),
            ValidationErrorKind::Format { format } => Wanted::Format(format.clone()),
            _ => Wanted::Other(err.to_string()),
        };
        Refusal { pointer, wanted }
    }
}

fn is_date_field(pointer: &str) -> bool {
    pointer.rsplit('/').next().is_some_and(|k| DATE_FIELDS.contains(&k))
}

enum Fix {
    /// The value was read as another; the sentence says how.
    Changed(String),
    /// The value stays as written (and is shown so).
    Kept(String),
    /// The value is left out.
    Drop(String),
}

/// The section (`work`, `skills`, …) and field a pointer is in.
fn section_and_field(pointer: &str) -> (&str, &str) {
    let mut parts = pointer.split('/').skip(1);
    let section = parts.next().unwrap_or("");
    let field = pointer.rsplit('/').next().unwrap_or("");
    // basics.profiles[i] is a list section of its own.
    if section == "basics" && (pointer == "/basics/profiles" || pointer.starts_with("/basics/profiles/")) {
        return ("profiles", field);
    }
    (section, field)
}

fn fix(found: &mut Value, refusal: &Refusal, last_round: bool) -> Fix {
    let (section, field) = section_and_field(&refusal.pointer);
    let shown = short(found);
    if last_round {
        return Fix::Drop(format!("{shown} could not be read here; left out"));
    }
    match &refusal.wanted {
        Wanted::Date(Some(why)) => Fix::Kept(format!("{why}; shown as written")),
        Wanted::Date(None) => Fix::Kept(format!(
            "\"{}\" is not a date this reader knows; shown as written: write dates as YYYY-MM-DD, YYYY-MM or YYYY",
            found.as_str().unwrap_or_default()
        )),
        Wanted::Format(format) if format == "uri" || format == "uri-reference" || format == "iri" => {
            let text = found.as_str().unwrap_or_default();
            if crate::text::is_relative_link(text) {
                Fix::Kept(format!(
                    "\"{text}\" is a relative address; it is a link that works once the file sits beside the page"
                ))
            } else {
                Fix::Kept(format!("\"{text}\" is not a web address; shown as text"))
            }
        }
        Wanted::Format(format) => Fix::Kept(format!("{shown} is not a valid {format}; shown as written")),
        Wanted::Type(JsonType::String) if field == "url" && found.is_object() => {
            let link = ["url", "href", "link"].iter().find_map(|k| found.get(*k).and_then(text_of));
            match link {
                Some(link) => {
                    *found = Value::String(link.clone());
                    Fix::Changed(format!("an object where an address goes; read as its url, \"{}\"", cut(&link)))
                }
                None => Fix::Drop(format!("{shown} holds no address; left out")),
            }
        }
        Wanted::Type(JsonType::String) => match text_of(found) {
            Some(text) => {
                let sentence =
                    format!("{} where text goes; read as \"{}\": write the text itself", kind(found), cut(&text));
                *found = Value::String(text);
                Fix::Changed(sentence)
            }
            None => Fix::Drop(format!("{shown} holds no text to show; left out")),
        },
        Wanted::Type(JsonType::Array) => match found.take() {
            Value::Object(map) if is_entry(section, &map) => {
                *found = Value::Array(vec![Value::Object(map)]);
                Fix::Changed("one entry where a list goes; read as a list of that entry: write it in [ ]".into())
            }
            Value::Object(map) => {
                let n = map.len();
                *found = Value::Array(map.into_iter().map(|(k, v)| entry_named(section, k, v)).collect());
                Fix::Changed(format!(
                    "a mapping where a list goes; read as a list of its {n} entries, each named by its key: write a list"
                ))
            }
            Value::String(text) => {
                let items: Vec<Value> = if field == "highlights" {
                    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| Value::String(l.into())).collect()
                } else {
                    text.split(',').map(str::trim).filter(|l| !l.is_empty()).map(|l| Value::String(l.into())).collect()
                };
                let n = items.len();
                *found = Value::Array(items);
                Fix::Changed(format!("a text where a list goes; read as a list of {n}: write a list"))
            }
            other => {
                *found = other;
                match text_of(found) {
                    Some(text) => {
                        *found = Value::Array(vec![Value::String(text)]);
                        Fix::Changed(format!("{shown} where a list goes; read as a list of one: write a list"))
                    }
                    None => Fix::Drop(format!("{shown} where a list goes; left out")),
                }
            }
        },
        Wanted::Type(JsonType::Object) => match found.take() {
            Value::String(text) => {
                let key = match (section, field) {
                    ("basics", "location") => "city",
                    ("profiles", _) if text.contains("://") => "url",
                    ("references", _) => "reference",
                    _ => name_field(section),
                };
                let mut map = Map::new();
                map.insert(key.to_owned(), Value::String(text.clone()));
                *found = Value::Object(map);
                Fix::Changed(format!("a text where an entry goes; read as its {key}, \"{}\"", cut(&text)))
            }
            other => {
                *found = other;
                Fix::Drop(format!("{shown} where an object goes; left out"))
            }
        },
        Wanted::Type(wanted) => Fix::Drop(format!("{shown} where {} goes; left out", article(*wanted))),
        Wanted::Other(why) => Fix::Drop(format!("{shown} is not what this place holds ({why}); left out")),
    }
}

/// An entry of `section` from a mapping's key and value: `"Rust": ["tokio"]` is the skill Rust
/// with that keyword, `"English": "native"` the language English, spoken natively.
fn entry_named(section: &str, key: String, value: Value) -> Value {
    let name = name_field(section);
    let mut entry = Map::new();
    match value {
        Value::Object(mut map) => {
            map.entry(name).or_insert(Value::String(key));
            return Value::Object(map);
        }
        Value::Array(items) => {
            entry.insert(name.into(), Value::String(key));
            let list = if matches!(section, "skills" | "interests" | "projects") { "keywords" } else { "highlights" };
            entry.insert(list.into(), Value::Array(items));
        }
        Value::Null => {
            entry.insert(name.into(), Value::String(key));
        }
        scalar => {
            let text = text_of(&scalar).unwrap_or_default();
            entry.insert(name.into(), Value::String(key));
            let field = match section {
                "skills" => "level",
                "languages" => "fluency",
                "profiles" if text.contains("://") => "url",
                "profiles" => "username",
                "awards" => "awarder",
                _ => "summary",
            };
            entry.insert(field.into(), Value::String(text));
        }
    }
    Value::Object(entry)
}

/// The text a value stands for, as a person reads it.
pub(crate) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_owned()),
        Value::Null => None,
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().filter_map(text_of).collect();
            (!texts.is_empty()).then(|| texts.join(", "))
        }
        Value::Object(map) => {
            let main = TEXT_KEYS.iter().find_map(|k| map.get(*k).and_then(text_of));
            match main {
                Some(main) => match map.get("level").and_then(text_of) {
                    Some(level) if map.get("name").and_then(text_of).as_deref() == Some(&main) => {
                        Some(format!("{main} ({level})"))
                    }
                    _ => Some(main),
                },
                None => {
                    let texts: Vec<String> = map.values().filter_map(text_of).collect();
                    (!texts.is_empty()).then(|| texts.join(" · "))
                }
            }
        }
    }
}

fn article(wanted: JsonType) -> &'static str {
    match wanted {
        JsonType::Null => "nothing",
        JsonType::Boolean => "a yes/no",
        JsonType::Integer | JsonType::Number => "a number",
        JsonType::String => "a text",
        JsonType::Array => "a list",
        JsonType::Object => "an object",
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a yes/no",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A value as a sentence shows it: a text in quotes, cut short; else what it is.
fn short(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{}\"", cut(s)),
        Value::Number(n) => n.to_string(),
        other => kind(other).to_owned(),
    }
}

fn cut(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Removes the value at `pointer` from its object or list.
fn remove(value: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else { return };
    let key = last.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>()
                && i < items.len()
            {
                // Left as null, so the places of its siblings stay; the reader drops nulls.
                items[i] = Value::Null;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn objects_numbers_and_lists_where_text_goes() {
        assert_eq!(text_of(&json!({"name": "Rust", "level": "expert"})).unwrap(), "Rust (expert)");
        assert_eq!(text_of(&json!({"name": "Acme", "url": "https://acme.example"})).unwrap(), "Acme");
        assert_eq!(text_of(&json!({"text": "Led the team"})).unwrap(), "Led the team");
        assert_eq!(text_of(&json!(5)).unwrap(), "5");
        assert_eq!(text_of(&json!(["a", "b"])).unwrap(), "a, b");
        assert_eq!(text_of(&json!({})), None);
    }

    #[test]
    fn mappings_become_entries() {
        assert_eq!(
            entry_named("skills", "Rust".into(), json!(["tokio"])),
            json!({"name": "Rust", "keywords": ["tokio"]})
        );
        assert_eq!(
            entry_named("languages", "English".into(), json!("native")),
            json!({"language": "English", "fluency": "native"})
        );
        assert_eq!(
            entry_named("work", "Acme".into(), json!({"position": "Dev"})),
            json!({"name": "Acme", "position": "Dev"})
        );
    }
}
