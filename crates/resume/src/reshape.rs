//! Resumes written in other shapes than JSON Resume's, read as the JSON Resume they mean. People
//! keep their resume in the shape of the first template they met, and real files show these:
//!
//! - `info`, `profile`, `personal`, … for `basics`; `firstName` and `lastName` for one `name`;
//!   an `address` object for the `location`, with `road`, `postCode`, `country`, … in it;
//! - `github`, `linkedin`, … beside the name, or a `social` mapping of them, for `profiles`;
//! - a `summary`, `objective` or `personal-statement` beside the sections for `basics.summary`;
//! - one entry where a section's list goes (`"education": {"name": …}`);
//! - one field for both dates: `"date": "10/2018-Present"`, `"years": "2016--2021"`;
//! - an entry the file marks hidden (`"hide": true`), and template entries with nothing in them.
//!
//! Each is a reading with its place and what to write instead. What is left that the page does
//! not show (a field JSON Resume has no place for) is said too, so that nothing a person wrote
//! disappears without a word.

use serde_json::{Map, Value};

use crate::lenient::{Said, canonical_date, escape, is_ongoing, is_placeholder};

/// Other names for `basics`.
const BASICS_NAMES: &[&str] =
    &["info", "profile", "personal", "personalInfo", "personal_info", "personalInformation", "header", "contact"];

/// Top-level texts that are the summary: (name written).
const SUMMARY_NAMES: &[&str] = &[
    "summary",
    "objective",
    "personal-statement",
    "personalStatement",
    "personal_statement",
    "about",
    "bio",
    "profileSummary",
];

/// The sections that hold a list of entries.
pub(crate) const LIST_SECTIONS: &[&str] = &[
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
];

/// Whether `key` is a section of JSON Resume 1.0 (or `meta`, or the editor's `$schema`).
pub(crate) fn is_section(key: &str) -> bool {
    ["$schema", "basics", "meta"].contains(&key) || LIST_SECTIONS.contains(&key)
}

/// Fields of JSON Resume 1.0, by the object they belong to; the page shows each.
pub(crate) fn known(place: &str) -> &'static [&'static str] {
    match place {
        "basics" => &["name", "label", "image", "email", "phone", "url", "summary", "location", "profiles"],
        "location" => &["address", "postalCode", "city", "countryCode", "region"],
        "profiles" => &["network", "username", "url"],
        "work" => {
            &["name", "location", "description", "position", "url", "startDate", "endDate", "summary", "highlights"]
        }
        "volunteer" => &["organization", "position", "url", "startDate", "endDate", "summary", "highlights"],
        "education" => &["institution", "url", "area", "studyType", "startDate", "endDate", "score", "courses"],
        "awards" => &["title", "date", "awarder", "summary"],
        "certificates" => &["name", "date", "url", "issuer"],
        "publications" => &["name", "publisher", "releaseDate", "url", "summary"],
        "skills" | "interests" => &["name", "level", "keywords"],
        "languages" => &["language", "fluency"],
        "references" => &["name", "reference"],
        "projects" => {
            &["name", "description", "highlights", "keywords", "startDate", "endDate", "url", "roles", "entity", "type"]
        }
        _ => &[],
    }
}

/// Networks people name as a field of their own: (field, lower case; the network's name; the
/// address of a profile, `{}` for the user name).
const NETWORKS: &[(&str, &str, Option<&str>)] = &[
    ("github", "GitHub", Some("https://github.com/{}")),
    ("gitlab", "GitLab", Some("https://gitlab.com/{}")),
    ("linkedin", "LinkedIn", Some("https://www.linkedin.com/in/{}")),
    ("twitter", "Twitter", Some("https://twitter.com/{}")),
    ("x", "X", Some("https://x.com/{}")),
    ("mastodon", "Mastodon", None),
    ("bluesky", "Bluesky", Some("https://bsky.app/profile/{}")),
    ("stackoverflow", "Stack Overflow", None),
    ("medium", "Medium", None),
    ("dribbble", "Dribbble", Some("https://dribbble.com/{}")),
    ("behance", "Behance", Some("https://www.behance.net/{}")),
    ("youtube", "YouTube", None),
    ("instagram", "Instagram", Some("https://www.instagram.com/{}")),
    ("facebook", "Facebook", None),
    ("scholar", "Google Scholar", None),
    ("orcid", "ORCID", Some("https://orcid.org/{}")),
    ("researchgate", "ResearchGate", None),
    ("kaggle", "Kaggle", Some("https://www.kaggle.com/{}")),
    ("leetcode", "LeetCode", Some("https://leetcode.com/{}")),
];

/// Mappings of networks: `"social": {"github": "me"}`.
const NETWORK_MAPS: &[&str] = &["social", "socials", "socialLinks", "social_links", "links", "networks"];

/// Fields that hold both dates of an entry, in sections with `startDate` and `endDate`.
const RANGE_NAMES: &[&str] =
    &["date", "dates", "period", "time", "years", "year", "duration", "when", "timeline", "timeframe"];

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(_) => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.iter().all(is_blank),
        Value::Object(map) => map.values().all(is_blank),
        Value::Number(_) => false,
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// The top of the file: its sections under other names or shapes, before the reading rules
/// read each field.
pub(crate) fn top(map: &mut Map<String, Value>, out: &mut Said) {
    if map.get("basics").is_none_or(is_blank)
        && let Some(&written) = BASICS_NAMES.iter().find(|n| map.get(**n).is_some_and(Value::is_object))
    {
        let moved = map.remove(written).unwrap_or(Value::Null);
        map.insert("basics".into(), moved);
        out.say(
            &format!("/{}", escape(written)),
            format!("\"{written}\" read as \"basics\", JSON Resume's name for the name and contacts: rename it"),
        );
        out.moved("/basics", &format!("/{}", escape(written)));
    }
    for &section in LIST_SECTIONS {
        if let Some(Value::Object(entry)) = map.get(section)
            && crate::salvage::is_entry(section, entry)
        {
            let entry = map.remove(section).unwrap_or(Value::Null);
            map.insert(section.into(), Value::Array(vec![entry]));
            out.say(
                &format!("/{section}"),
                "one entry where a list goes; read as a list of that entry: write it in [ ]",
            );
            out.moved(format!("/{section}/0"), &format!("/{section}"));
        }
    }
    // The name and contacts written beside the sections, not in one of their own.
    const LOOSE: &[(&str, &str)] = &[
        ("name", "name"),
        ("label", "label"),
        ("title", "label"),
        ("email", "email"),
        ("phone", "phone"),
        ("url", "url"),
        ("website", "url"),
        ("image", "image"),
        ("photo", "image"),
        ("picture", "image"),
    ];
    for &(written, field) in LOOSE {
        if map.get(written).and_then(text).is_some()
            && map.get("basics").and_then(|b| b.get(field)).is_none_or(is_blank)
        {
            let moved = map.remove(written).unwrap_or(Value::Null);
            basics(map).insert(field.into(), moved);
            out.say(
                &format!("/{written}"),
                format!("\"{written}\" beside the sections read as basics.{field}: move it into basics"),
            );
            out.moved(format!("/basics/{field}"), &format!("/{written}"));
        }
    }
    let summary_given = map.get("basics").and_then(|b| b.get("summary")).is_some_and(|s| !is_blank(s));
    let is_summary =
        |v: &Value| text(v).is_some() || v.as_array().is_some_and(|l| !l.is_empty() && l.iter().all(Value::is_string));
    if !summary_given && let Some(&written) = SUMMARY_NAMES.iter().find(|n| map.get(**n).is_some_and(is_summary)) {
        let moved = map.remove(written).unwrap_or(Value::Null);
        basics(map).insert("summary".into(), moved);
        out.say(
            &format!("/{}", escape(written)),
            format!("\"{written}\" read as the summary: move it to basics.summary"),
        );
        out.moved("/basics/summary", &format!("/{}", escape(written)));
    }
    if let Some(Value::Object(basics)) = map.get_mut("basics") {
        one_name(basics, out);
        address(basics, out);
        networks(basics, out);
    }
}

fn basics(map: &mut Map<String, Value>) -> &mut Map<String, Value> {
    if !map.get("basics").is_some_and(Value::is_object) {
        map.insert("basics".into(), Value::Object(Map::new()));
    }
    match map.get_mut("basics") {
        Some(Value::Object(basics)) => basics,
        _ => unreachable!("basics was made an object above"),
    }
}

/// `firstName` and `lastName` (and their other spellings) are one `name`.
fn one_name(basics: &mut Map<String, Value>, out: &mut Said) {
    const FIRST: &[&str] = &["firstName", "firstname", "first_name", "givenName", "given_name", "forename"];
    const LAST: &[&str] = &["lastName", "lastname", "last_name", "familyName", "family_name", "surname"];
    if basics.get("name").is_some_and(|n| !is_blank(n)) {
        return;
    }
    let first = FIRST.iter().find(|k| basics.get(**k).and_then(text).is_some()).copied();
    let last = LAST.iter().find(|k| basics.get(**k).and_then(text).is_some()).copied();
    let parts: Vec<String> = [first, last].into_iter().flatten().filter_map(|k| basics.get(k).and_then(text)).collect();
    let Some(written) = first.or(last) else { return };
    let name = parts.join(" ");
    let fields = [first, last].into_iter().flatten().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(" and ");
    for k in [first, last].into_iter().flatten() {
        basics.remove(k);
    }
    out.say(&format!("/basics/{written}"), format!("{fields} read as the name \"{name}\": write it as one name"));
    out.moved("/basics/name", &format!("/basics/{written}"));
    basics.insert("name".into(), Value::String(name));
}

/// An `address` beside the name is the `location`, with its fields under their other names.
fn address(basics: &mut Map<String, Value>, out: &mut Said) {
    const FIELDS: &[(&str, &str)] = &[
        ("road", "address"),
        ("street", "address"),
        ("streetAddress", "address"),
        ("line1", "address"),
        ("postCode", "postalCode"),
        ("postcode", "postalCode"),
        ("zip", "postalCode"),
        ("zipCode", "postalCode"),
        ("zipcode", "postalCode"),
        ("postal_code", "postalCode"),
        ("town", "city"),
        ("country", "countryCode"),
        ("state", "region"),
        ("province", "region"),
    ];
    if basics.get("location").is_none_or(is_blank)
        && let Some(found) = basics.get("address").filter(|a| !is_blank(a)).cloned()
    {
        basics.remove("address");
        let (location, pair) = match found {
            Value::String(s) => {
                let mut location = Map::new();
                location.insert("address".into(), Value::String(s));
                (
                    location,
                    (
                        "/basics/location/address",
                        "an address beside the name read as the location's address: move it into basics.location",
                    ),
                )
            }
            Value::Object(fields) => {
                (fields, ("/basics/location", "\"address\" read as \"location\", JSON Resume's name for it: rename it"))
            }
            other => {
                basics.insert("address".into(), other);
                return;
            }
        };
        out.say("/basics/address", pair.1);
        out.moved(pair.0, "/basics/address");
        basics.insert("location".into(), Value::Object(location));
    }
    let Some(Value::Object(location)) = basics.get_mut("location") else { return };
    for &(old, new) in FIELDS {
        if location.get(old).is_some_and(|v| !is_blank(v)) && location.get(new).is_none_or(is_blank) {
            let moved = location.remove(old).unwrap_or(Value::Null);
            location.insert(new.into(), moved);
            out.say(
                &format!("/basics/location/{old}"),
                format!("\"{old}\" read as \"{new}\", JSON Resume's name for it: rename it"),
            );
            out.moved(format!("/basics/location/{new}"), &format!("/basics/location/{old}"));
        }
    }
}

/// `github`, `linkedin`, … beside the name, or in a `social` mapping, are profiles.
fn networks(basics: &mut Map<String, Value>, out: &mut Said) {
    let mut found: Vec<(String, String, Value)> = Vec::new();
    let keys: Vec<String> = basics.keys().cloned().collect();
    for key in &keys {
        if let Some(&(_, network, _)) = NETWORKS.iter().find(|(k, _, _)| key.eq_ignore_ascii_case(k))
            && !is_blank(&basics[key])
        {
            let value = basics.remove(key).unwrap_or(Value::Null);
            found.push((format!("/basics/{}", escape(key)), network.to_owned(), value));
        }
    }
    for key in &keys {
        if NETWORK_MAPS.contains(&key.as_str())
            && let Some(Value::Object(_)) = basics.get(key)
            && let Some(Value::Object(entries)) = basics.remove(key)
        {
            for (name, value) in entries {
                if is_blank(&value) {
                    continue;
                }
                let network = NETWORKS
                    .iter()
                    .find(|(k, _, _)| name.eq_ignore_ascii_case(k))
                    .map_or(name.clone(), |(_, n, _)| (*n).to_owned());
                found.push((format!("/basics/{}/{}", escape(key), escape(&name)), network, value));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    if !basics.get("profiles").is_some_and(Value::is_array) {
        basics.insert("profiles".into(), Value::Array(Vec::new()));
    }
    let Some(Value::Array(profiles)) = basics.get_mut("profiles") else { return };
    for (written, network, value) in found {
        if let Value::String(s) = &value
            && is_placeholder(s)
        {
            out.say(
                &written,
                format!("\"{s}\" holds the place of a profile to come; left out: fill it in or leave it out"),
            );
            continue;
        }
        let mut profile = Map::new();
        profile.insert("network".into(), Value::String(network.clone()));
        match value {
            Value::Object(fields) => profile.extend(fields),
            Value::String(s) => {
                let s = s.trim().to_owned();
                let pattern = NETWORKS.iter().find(|(_, n, _)| *n == network).and_then(|(_, _, p)| *p);
                let is_address = s.contains("://") || s.contains('.') || s.contains('/');
                if is_address {
                    profile.insert("url".into(), Value::String(s));
                } else {
                    let user = s.trim_start_matches('@').to_owned();
                    if let Some(pattern) = pattern {
                        profile.insert("url".into(), Value::String(pattern.replace("{}", &user)));
                    }
                    profile.insert("username".into(), Value::String(user));
                }
            }
            other => {
                profile.insert("username".into(), other);
            }
        }
        out.say(&written, format!("read as a profile on {network}: write it in basics.profiles"));
        out.moved(format!("/basics/profiles/{}", profiles.len()), &written);
        profiles.push(Value::Object(profile));
    }
}

/// One entry (`/work/0`, …) of `section`: one field for both dates is the two dates.
pub(crate) fn entry(section: &str, map: &mut Map<String, Value>, pointer: &str, out: &mut Said) {
    if !["work", "volunteer", "education", "projects"].contains(&section)
        || map.get("startDate").is_some_and(|v| !is_blank(v))
        || map.get("endDate").is_some_and(|v| !is_blank(v))
    {
        return;
    }
    let Some(&written) = RANGE_NAMES.iter().find(|k| map.get(**k).is_some_and(|v| v.is_string() || v.is_number()))
    else {
        return;
    };
    let raw = match map.remove(written) {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return,
    };
    if raw.is_empty() {
        out.say(&format!("{pointer}/{written}"), "an empty string, read as absent; leave the field out");
        return;
    }
    let here = format!("{pointer}/{written}");
    map.remove("startDate");
    map.remove("endDate");
    let sentence = match split_range(&raw) {
        Some(Range::Both(start, end)) => {
            let said = format!("\"{raw}\" read as startDate {start} and endDate {end}");
            map.insert("startDate".into(), Value::String(start));
            map.insert("endDate".into(), Value::String(end));
            said
        }
        Some(Range::Ongoing(start)) => {
            let said = format!("\"{raw}\" read as startDate {start}, still going");
            map.insert("startDate".into(), Value::String(start));
            said
        }
        Some(Range::One(date)) => {
            let said = format!("\"{raw}\" read as endDate {date}");
            map.insert("endDate".into(), Value::String(date));
            said
        }
        // Shown as written, where the dates go.
        None => {
            let said = format!("\"{raw}\" is no date or range of dates; shown as written, where the dates go");
            map.insert("startDate".into(), Value::String(raw));
            said
        }
    };
    out.say(&here, format!("{sentence}: write startDate and endDate"));
    out.moved(format!("{pointer}/startDate"), &here);
    out.moved(format!("{pointer}/endDate"), &here);
}

enum Range {
    Both(String, String),
    Ongoing(String),
    One(String),
}

/// `10/2018-Present`, `09/2016-12/2021`, `2016--2021`, `May 2020 – June 2022`, `2019`.
fn split_range(s: &str) -> Option<Range> {
    if let Some(date) = canonical_date(s) {
        return Some(Range::One(date));
    }
    const SEPARATORS: &[&str] =
        &["--", "—", "–", " to ", " until ", " till ", " bis ", " au ", " à ", " al ", " a ", "~", " - ", "-", "/"];
    for sep in SEPARATORS {
        for (at, _) in s.match_indices(sep) {
            let (a, b) = (s[..at].trim(), s[at + sep.len()..].trim());
            let Some(start) = canonical_date(a) else { continue };
            if b.is_empty() || is_ongoing(b) {
                return Some(Range::Ongoing(start));
            }
            if let Some(end) = canonical_date(b) {
                return Some(Range::Both(start, end));
            }
        }
    }
    None
}

/// Why an item of a list is left out: the file marks it hidden, or it holds nothing (a
/// template's entry left blank).
pub(crate) fn left_out(item: &Value) -> Option<String> {
    let Value::Object(map) = item else { return None };
    for (flag, hidden_when) in
        [("hide", true), ("hidden", true), ("visible", false), ("show", false), ("include", false), ("display", false)]
    {
        if map.get(flag).and_then(Value::as_bool) == Some(hidden_when) {
            return Some(format!("\"{flag}\": {hidden_when}; left out, as the file asks"));
        }
    }
    (!map.is_empty() && is_blank(item)).then(|| "an entry with nothing in it (a template's blank); left out".to_owned())
}

/// Says each field left in `map` (read by the rules) that the page has no place for, when it
/// holds text: nothing a person wrote disappears without a word.
pub(crate) fn unshown(map: &Map<String, Value>, out: &mut Said) {
    for (key, value) in map {
        let here = format!("/{}", escape(key));
        if !is_section(key) {
            if holds_text(value) {
                out.say(&here, format!("JSON Resume has no section \"{key}\"; the page does not show it"));
            }
            continue;
        }
        match (key.as_str(), value) {
            ("basics", Value::Object(basics)) => {
                fields(basics, "basics", &here, out);
                if let Some(Value::Object(location)) = basics.get("location") {
                    fields(location, "location", &format!("{here}/location"), out);
                }
                if let Some(Value::Array(profiles)) = basics.get("profiles") {
                    for (i, p) in profiles.iter().enumerate() {
                        if let Value::Object(p) = p {
                            fields(p, "profiles", &format!("{here}/profiles/{i}"), out);
                        }
                    }
                }
            }
            (section, Value::Array(entries)) if LIST_SECTIONS.contains(&section) => {
                for (i, e) in entries.iter().enumerate() {
                    if let Value::Object(e) = e {
                        fields(e, section, &format!("{here}/{i}"), out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn fields(map: &Map<String, Value>, place: &str, pointer: &str, out: &mut Said) {
    for (key, value) in map {
        if !known(place).contains(&key.as_str()) && holds_text(value) {
            out.say(
                &format!("{pointer}/{}", escape(key)),
                format!("JSON Resume has no field \"{key}\" here; the page does not show it"),
            );
        }
    }
}

/// Text a person wrote (not a number or a yes/no a template keeps).
fn holds_text(value: &Value) -> bool {
    match value {
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => items.iter().any(holds_text),
        Value::Object(map) => map.values().any(holds_text),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts_ends(s: &str) -> (Option<String>, Option<String>) {
        match split_range(s) {
            Some(Range::Both(a, b)) => (Some(a), Some(b)),
            Some(Range::Ongoing(a)) => (Some(a), None),
            Some(Range::One(d)) => (None, Some(d)),
            None => (None, None),
        }
    }

    #[test]
    fn ranges_as_people_write_them() {
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(starts_ends("10/2018-Present"), (s("2018-10"), None));
        assert_eq!(starts_ends("09/2016-12/2021"), (s("2016-09"), s("2021-12")));
        assert_eq!(starts_ends("2016--2021"), (s("2016"), s("2021")));
        assert_eq!(starts_ends("2023--pursuing"), (s("2023"), None));
        assert_eq!(starts_ends("May 2020 – June 2022"), (s("2020-05"), s("2022-06")));
        assert_eq!(starts_ends("2019-05 to now"), (s("2019-05"), None));
        assert_eq!(starts_ends("2019"), (None, s("2019")));
        assert_eq!(starts_ends("2019-05"), (None, s("2019-05")));
        assert_eq!(starts_ends("Jan. 2015 - Dez. 2017"), (s("2015-01"), s("2017-12")));
        assert_eq!(starts_ends("some summers"), (None, None));
    }

    #[test]
    fn hidden_and_blank_entries_are_left_out_and_others_not() {
        assert!(left_out(&serde_json::json!({"name": "x", "hide": true})).is_some());
        assert!(left_out(&serde_json::json!({"name": "x", "visible": false})).is_some());
        assert!(left_out(&serde_json::json!({"name": "", "highlights": ["", ""], "isActive": true})).is_some());
        assert!(left_out(&serde_json::json!({"name": "x", "hide": false})).is_none());
        assert!(left_out(&serde_json::json!({"name": "", "url": "https://example.com"})).is_none());
        assert!(left_out(&serde_json::json!({})).is_none());
    }
}
