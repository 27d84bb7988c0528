//! One resume in several languages, written in one file: any text may be a language map,
//! `{"en": "Engineer", "de": "Ingenieurin"}`, its keys BCP 47 tags, mixed freely with plain
//! strings, which are the same in every language.
//!
//! [`split`] finds the maps and makes one document per language, each map replaced by its text
//! in that language. A map that lacks a language gives that language the default language's
//! text (else the first it has), and says so: a warning at the map, an error when strict.
//!
//! A map is an object whose every key is a language tag of a language CLDR knows, written with
//! its language in lower case (`de`, `pt-BR`, `zh-Hant`), and whose every value is a text, a
//! list of texts or nothing. So `{"Go": …}`, `{"js": …}` and `{"English": "C1"}` are no maps.
//! Where a section goes (`"languages": {"en": "native", "de": "fluent"}` is a mapping of spoken
//! languages), in `basics.profiles` and `basics.location`, and under `meta`, nothing is a map.

use serde_json::{Map, Value};

use crate::lang;

/// One language's document (its tag its `meta.lang`, for a file with maps).
#[derive(Debug, Clone)]
pub(crate) struct Edition {
    /// The document, every map replaced by its text in this language.
    pub value: Value,
    /// Each map that lacks this language: (its pointer, what was shown instead).
    pub fallbacks: Vec<(String, String)>,
}

/// The file's documents, one per language: the default one first (the language of `meta.lang`
/// when the maps have it, else the maps' first language), then the others in the order the file
/// first names them. A file with no map is one edition with no tag, as it is.
pub(crate) fn split(value: &Value) -> Vec<Edition> {
    let mut tags: Vec<String> = Vec::new();
    collect(value, "", &mut tags);
    if tags.is_empty() {
        return vec![Edition { value: value.clone(), fallbacks: Vec::new() }];
    }
    let declared = value.pointer("/meta/lang").and_then(Value::as_str);
    let default = declared.and_then(|d| tags.iter().position(|t| same_language(t, d))).unwrap_or(0);
    let first = tags.remove(default);
    tags.insert(0, first);
    let default_tag = tags[0].clone();
    tags.iter()
        .map(|tag| {
            let mut fallbacks = Vec::new();
            let mut doc = choose(value, "", tag, &default_tag, &mut fallbacks);
            // Each edition says its language, as a file of its own would.
            if let Value::Object(root) = &mut doc {
                let meta = root.entry("meta").or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(meta) = meta {
                    let keep = meta
                        .get("lang")
                        .and_then(Value::as_str)
                        .is_some_and(|d| same_language(tag, d) && tag == &default_tag);
                    if !keep {
                        meta.insert("lang".into(), Value::String(tag.clone()));
                    }
                }
            }
            Edition { value: doc, fallbacks }
        })
        .collect()
}

/// Whether a map's tag and a declared tag (`meta.lang`, `--lang`) are the same language: the
/// same tag in any case, or the declared one more precise (`en` for `en-US`).
pub(crate) fn same_language(tag: &str, declared: &str) -> bool {
    let norm = |t: &str| t.replace('_', "-").to_ascii_lowercase();
    let (tag, declared) = (norm(tag), norm(declared));
    tag == declared || declared.starts_with(&format!("{tag}-"))
}

/// Where nothing is a map: a section's own place, the profiles, the location, `meta`.
fn no_maps_at(pointer: &str) -> bool {
    let mut parts = pointer.split('/').skip(1);
    match (parts.next(), parts.next(), parts.next()) {
        (Some("meta"), _, _) => true,
        (Some(top), None, None) => crate::lenient::is_section_name(top),
        (Some("basics"), Some("profiles" | "location"), _) => true,
        _ => false,
    }
}

/// The map's tags, if `value` at `pointer` is a language map.
fn map_tags(value: &Value, pointer: &str) -> Option<Vec<String>> {
    let Value::Object(map) = value else { return None };
    if map.is_empty() || no_maps_at(pointer) {
        return None;
    }
    let text_like = |v: &Value| match v {
        Value::String(_) | Value::Null => true,
        Value::Array(items) => items.iter().all(|i| i.is_string() || i.is_null()),
        _ => false,
    };
    map.iter().all(|(k, v)| is_tag(k) && text_like(v)).then(|| map.keys().map(|k| canonical(k)).collect())
}

/// A language tag as people write one for a language map: the language in lower case (two or
/// three letters, of a language CLDR names), then script, region or variant subtags.
fn is_tag(key: &str) -> bool {
    let mut parts = key.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
        && lang::is_known_language(primary)
}

/// A language tag in a file's name (`de`, `pt-BR`, `pt-br`): as in a map, in any case.
pub(crate) fn is_file_tag(tag: &str) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    primary.bytes().all(|b| b.is_ascii_alphabetic()) && is_tag(&tag.replacen(primary, &primary.to_ascii_lowercase(), 1))
}

/// The tag in BCP 47's case: `pt-BR`, `zh-Hant`, `sr-Latn-RS`.
pub(crate) fn canonical(tag: &str) -> String {
    tag.split(['-', '_'])
        .enumerate()
        .map(|(i, part)| match (i, part.len()) {
            (0, _) => part.to_ascii_lowercase(),
            (_, 2) if part.bytes().all(|b| b.is_ascii_alphabetic()) => part.to_ascii_uppercase(),
            (_, 4) if part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                let lower = part.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            _ => part.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn collect(value: &Value, pointer: &str, tags: &mut Vec<String>) {
    if let Some(found) = map_tags(value, pointer) {
        for tag in found {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        return;
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                collect(v, &format!("{pointer}/{}", crate::lenient::escape(k)), tags);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect(v, &format!("{pointer}/{i}"), tags);
            }
        }
        _ => {}
    }
}

/// `value` in `tag`'s language.
fn choose(value: &Value, pointer: &str, tag: &str, default: &str, fallbacks: &mut Vec<(String, String)>) -> Value {
    if map_tags(value, pointer).is_some() {
        let Value::Object(map) = value else { return value.clone() };
        let of = |t: &str| map.iter().find(|(k, _)| canonical(k) == t).map(|(_, v)| v.clone());
        if let Some(text) = of(tag) {
            return text;
        }
        let (shown, text) = match of(default) {
            Some(text) => (default.to_owned(), text),
            None => map.iter().next().map(|(k, v)| (canonical(k), v.clone())).unwrap_or_default(),
        };
        fallbacks.push((
            pointer.to_owned(),
            format!(
                "has no {tag:?} text: the {shown:?} one is shown on the {tag} page; add \"{tag}\" to this language map"
            ),
        ));
        return text;
    }
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let at = format!("{pointer}/{}", crate::lenient::escape(k));
                    (k.clone(), choose(v, &at, tag, default, fallbacks))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| choose(v, &format!("{pointer}/{i}"), tag, default, fallbacks))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn maps_make_one_document_per_language_with_the_default_first() {
        let doc = json!({
            "meta": {"lang": "de"},
            "basics": {"name": "Ada", "label": {"en": "Engineer", "de": "Ingenieurin"}},
            "work": [{"name": "ACME", "highlights": {"en": ["Built it"], "de": ["Gebaut"]}, "summary": {"en": "Only English"}}]
        });
        let editions = split(&doc);
        let tags: Vec<_> = editions.iter().map(|e| e.value["meta"]["lang"].as_str().unwrap().to_owned()).collect();
        assert_eq!(tags, ["de", "en"]);
        let (de, en) = (&editions[0], &editions[1]);
        assert_eq!(de.value["basics"]["label"], "Ingenieurin");
        assert_eq!(en.value["basics"]["label"], "Engineer");
        assert_eq!(de.value["work"][0]["highlights"], json!(["Gebaut"]));
        assert_eq!(de.value["basics"]["name"], "Ada");
        assert_eq!(en.value["meta"]["lang"], "en");
        // German lacks the summary: the English one, said at its place.
        assert_eq!(de.value["work"][0]["summary"], "Only English");
        assert_eq!(de.fallbacks.len(), 1);
        assert_eq!(de.fallbacks[0].0, "/work/0/summary");
        assert!(de.fallbacks[0].1.contains("\"de\"") && de.fallbacks[0].1.contains("\"en\""), "{:?}", de.fallbacks);
        assert!(en.fallbacks.is_empty());
    }

    #[test]
    fn what_only_looks_like_a_map_is_left_alone() {
        for doc in [
            json!({"skills": [{"name": "Languages", "keywords": {"Go": "expert", "js": "good"}}]}),
            json!({"languages": {"en": "native", "de": "fluent"}}),
            json!({"basics": {"profiles": {"de": "x"}, "label": {"English": "C1"}}}),
            json!({"basics": {"label": {"en": {"text": "nested"}}}}),
            json!({"meta": {"lang": {"en": "x", "de": "y"}}}),
        ] {
            let editions = split(&doc);
            assert_eq!(editions.len(), 1, "{doc}");
            assert_eq!(editions[0].value, doc);
        }
    }

    #[test]
    fn tags_in_any_case_are_one_language_in_bcp47_case() {
        let doc = json!({"basics": {"label": {"en": "A", "pt-br": "B"}, "summary": {"pt_BR": "C", "en": "D"}}});
        let editions = split(&doc);
        let tags: Vec<_> = editions.iter().map(|e| e.value["meta"]["lang"].as_str().unwrap().to_owned()).collect();
        assert_eq!(tags, ["en", "pt-BR"]);
        assert_eq!(editions[1].value["basics"]["summary"], "C");
        assert_eq!(canonical("zh-hant-tw"), "zh-Hant-TW");
        assert!(same_language("en", "en-US") && same_language("pt-BR", "pt_br") && !same_language("pt", "de"));
    }
}
