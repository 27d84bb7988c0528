//! YAML in and out, through yaml-rust2: the starter's YAML as JSON, and a resume built as YAML
//! (its keys in the order a reader expects) written as YAML or JSON.

use yaml_rust2::{Yaml, YamlEmitter, YamlLoader};

/// A YAML value as JSON (keys as strings, numbers as numbers).
pub(crate) fn json_of(yaml: &Yaml) -> serde_json::Value {
    match yaml {
        Yaml::String(s) => s.clone().into(),
        Yaml::Integer(i) => (*i).into(),
        Yaml::Real(r) => r.parse::<f64>().map(serde_json::Value::from).unwrap_or_else(|_| r.clone().into()),
        Yaml::Boolean(b) => (*b).into(),
        Yaml::Array(items) => items.iter().map(json_of).collect(),
        Yaml::Hash(map) => map
            .iter()
            .map(|(k, v)| {
                let key = match k {
                    Yaml::String(s) => s.clone(),
                    other => json_of(other).to_string(),
                };
                (key, json_of(v))
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
        _ => serde_json::Value::Null,
    }
}

/// The YAML text of a value (multi-line strings as block scalars), with a line break at the end.
pub(crate) fn dump(yaml: &Yaml) -> String {
    let mut out = String::new();
    let mut emitter = YamlEmitter::new(&mut out);
    emitter.multiline_strings(true);
    if emitter.dump(yaml).is_err() {
        return String::new();
    }
    // The emitter starts a document with `---`; a resume file is one document.
    let body = out.strip_prefix("---\n").unwrap_or(&out);
    format!("{body}\n")
}

/// A YAML value as pretty JSON text, its keys in their YAML order (a person reads a resume from
/// `basics` down; serde_json's maps would sort them).
pub(crate) fn json_text(yaml: &Yaml) -> String {
    fn write(yaml: &Yaml, depth: usize, out: &mut String) {
        let pad = |d: usize| "  ".repeat(d);
        match yaml {
            Yaml::Array(items) if !items.is_empty() => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad(depth + 1));
                    write(item, depth + 1, out);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(depth));
                out.push(']');
            }
            Yaml::Hash(map) if !map.is_empty() => {
                out.push_str("{\n");
                for (i, (k, v)) in map.iter().enumerate() {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        other => json_of(other).to_string(),
                    };
                    out.push_str(&pad(depth + 1));
                    out.push_str(&serde_json::Value::from(key).to_string());
                    out.push_str(": ");
                    write(v, depth + 1, out);
                    out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(depth));
                out.push('}');
            }
            other => out.push_str(&json_of(other).to_string()),
        }
    }
    let mut out = String::new();
    write(yaml, 0, &mut out);
    out.push('\n');
    out
}

/// The first document of a YAML text as pretty JSON, in its order.
pub(crate) fn json_text_of(text: &str) -> Option<String> {
    let docs = YamlLoader::load_from_str(text).ok()?;
    Some(json_text(docs.first()?))
}
