//! Resumes written the way people write them, made by a property test from the example: each
//! date in one of many spellings (month names in several languages, abbreviations with and
//! without a dot, slashes, dots, CJK, words), texts as objects, sections and fields under other
//! names, HTML and Markdown in texts, comments and trailing commas in the file; the name and
//! contacts under `info` or `profile` with the name in two parts, both dates in one field, one
//! entry where a list goes, a template's blank entry and an entry marked hidden. Every variant
//! builds; a warning names each place that was read beyond the schema; the page and resume.txt
//! show every text; no tag shows as text and no placeholder word appears.

mod util;

use std::path::Path;

use proptest::prelude::*;
use resume::{Format, parse_as};
use serde_json::{Value, json};
use site::render;
use theme::Theme;
use util::{placeholder_in, visible_text};

const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// `YYYY-MM` spelled the `way`-th way; the second value is whether it still reads as that month
/// (else it is shown as written).
fn spelled(date: &str, way: usize) -> (String, bool) {
    let (y, m) = date.split_once('-').map(|(y, m)| (y, m.parse::<usize>().unwrap())).unwrap();
    let spelled = match way % 12 {
        0 => format!("{} {y}", EN[m - 1]),
        1 => format!("{}. {y}", &EN[m - 1][..3]),
        2 => format!("{} {y}", &EN[m - 1][..3].to_uppercase()),
        3 => format!("{m}/{y}"),
        4 => format!("{y}/{m:02}"),
        5 => format!("1.{m:02}.{y}"),
        6 => format!("{} {y}", FR[m - 1]),
        7 => format!("{} {y}", DE[m - 1]),
        8 => format!("{} de {y}", ES[m - 1]),
        9 => format!("{y}年{m}月"),
        10 => format!("{y}-{m}"),
        _ => return (format!("around {y}"), false),
    };
    (spelled, true)
}

/// What a variant changed, to check on the page and in the warnings.
#[derive(Debug, Default)]
struct Changes {
    /// JSON paths (as warnings write them) that must each have a warning.
    warned: Vec<String>,
    /// Texts that must be on the page and in resume.txt.
    shown: Vec<String>,
    /// Texts of entries the file hides, on neither.
    hidden: Vec<String>,
}

fn variant(
    example: &Value,
    ways: &[usize],
    as_objects: &[bool],
    rename: bool,
    markup: usize,
    shape: usize,
) -> (Value, Changes) {
    let mut resume = example.clone();
    let mut changes = Changes::default();
    let jobs = resume["work"].as_array_mut().unwrap();
    for (i, job) in jobs.iter_mut().enumerate() {
        let way = ways[i % ways.len()];
        // Both dates in one field, as some templates keep them: `10/2018 - Present`.
        if shape == 2
            && let Some(start) = job["startDate"].as_str().filter(|s| s.len() >= 7).map(str::to_owned)
        {
            let month_year = |d: &str| format!("{}/{}", &d[5..7], &d[..4]);
            let end = job["endDate"].as_str().filter(|s| s.len() >= 7).map_or("Present".to_owned(), month_year);
            let job = job.as_object_mut().unwrap();
            job.remove("startDate");
            job.remove("endDate");
            job.insert("dates".into(), json!(format!("{} - {end}", month_year(&start))));
            changes.warned.push(format!("work[{i}].dates"));
            changes.shown.push(start[..4].to_owned());
        } else if let Some(start) = job["startDate"].as_str().map(str::to_owned)
            && start.len() == 7
        {
            let (text, reads) = spelled(&start, way);
            job["startDate"] = json!(text);
            changes.warned.push(format!("work[{i}].startDate"));
            if !reads {
                changes.shown.push(text);
            }
        }
        if as_objects[i % as_objects.len()]
            && let Some(position) = job["position"].as_str().map(str::to_owned)
        {
            job["position"] = json!({"title": position});
            changes.warned.push(format!("work[{i}].position"));
            changes.shown.push(position);
        }
        if let Some(first) = job["highlights"].get(0).and_then(Value::as_str).map(str::to_owned) {
            let (written, words) = match markup % 4 {
                0 => (format!("<strong>{first}</strong>"), first.clone()),
                1 => (format!("**{first}**"), first.clone()),
                2 => (format!("{first}<br>and more"), first.clone()),
                _ => (format!("[{first}](https://example.com/x)"), first.clone()),
            };
            job["highlights"][0] = json!(written);
            changes.shown.push(words);
        }
        if let Some(name) = job["name"].as_str() {
            changes.shown.push(name.to_owned());
        }
    }
    if rename {
        let work = resume.as_object_mut().unwrap().remove("work").unwrap();
        resume["experience"] = work;
        changes.warned.push("experience".into());
        for (i, job) in resume["experience"].as_array_mut().unwrap().iter_mut().enumerate() {
            if let Some(name) = job.as_object_mut().unwrap().remove("name") {
                job["employer"] = name;
                changes.warned.push(format!("work[{i}].employer"));
            }
        }
        // Each place is reported as the file writes it.
        changes.warned = changes.warned.iter().map(|w| w.replace("work[", "experience[")).collect();
    }
    let top = resume.as_object_mut().unwrap();
    if shape == 1 {
        // The name and contacts under another name, the name in two parts.
        let mut basics = top.remove("basics").unwrap();
        let name = basics.as_object_mut().unwrap().remove("name").unwrap();
        let name = name.as_str().unwrap();
        let (first, last) = name.split_once(' ').unwrap_or((name, ""));
        basics["firstName"] = json!(first);
        basics["lastName"] = json!(last);
        let written = if ways[0].is_multiple_of(2) { "info" } else { "profile" };
        top.insert(written.into(), basics);
        changes.warned.push(written.into());
        changes.warned.push(format!("{written}.firstName"));
        changes.shown.push(name.to_owned());
    }
    if shape == 3 {
        // One school where the list goes; a template's blank entry; an entry the file hides.
        if let Some(school) = top["education"].get(0).cloned() {
            changes.shown.push(school["institution"].as_str().unwrap().to_owned());
            top.insert("education".into(), school);
            changes.warned.push("education".into());
        }
        let blanks = top.entry("awards").or_insert(json!([])).as_array_mut().unwrap();
        blanks.push(json!({"title": "", "date": "", "awarder": "", "summary": ""}));
        changes.warned.push(format!("awards[{}]", blanks.len() - 1));
        let projects = top.entry("projects").or_insert(json!([])).as_array_mut().unwrap();
        projects.push(json!({"name": "Kept out of sight", "hide": true}));
        changes.warned.push(format!("projects[{}]", projects.len() - 1));
        changes.hidden.push("Kept out of sight".into());
    }
    (resume, changes)
}

/// The resume as text: JSON, or JSON with a comment and trailing commas.
fn written(resume: &Value, with_comments: bool) -> String {
    let text = serde_json::to_string_pretty(resume).unwrap();
    if !with_comments {
        return text;
    }
    // A comment on the first line, and a trailing comma after the last member of the top level.
    let body = text.trim_end().strip_suffix('}').unwrap().trim_end().to_owned();
    format!("// my resume\n{body},\n}}\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_variant_builds_warns_at_each_place_and_shows_every_text(
        ways in prop::collection::vec(0usize..12, 1..6),
        as_objects in prop::collection::vec(any::<bool>(), 1..4),
        rename in any::<bool>(),
        markup in 0usize..4,
        with_comments in any::<bool>(),
        shape in 0usize..4,
    ) {
        let example: Value = serde_json::from_str(
            &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json")).unwrap(),
        ).unwrap();
        let (resume, changes) = variant(&example, &ways, &as_objects, rename, markup, shape);
        let text = written(&resume, with_comments);
        let loaded = parse_as(&text, Format::Json, false).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        let warned: Vec<&str> = loaded.warnings.iter().map(|w| w.path.as_str()).collect();
        for path in &changes.warned {
            prop_assert!(warned.contains(&path.as_str()), "no warning at {path}: {warned:?}");
        }
        if with_comments {
            prop_assert!(loaded.warnings.iter().any(|w| w.message.contains("JSON with comments")));
        }
        let site = render(&loaded.resume, &Theme::builtin()).unwrap();
        let html = String::from_utf8(site.file("index.html").unwrap().bytes.clone()).unwrap();
        let plain = String::from_utf8(site.file("resume.txt").unwrap().bytes.clone()).unwrap();
        let page = visible_text(&html);
        for shown in &changes.shown {
            let escaped = shown.replace('\'', "&#x27;");
            prop_assert!(page.contains(shown.as_str()) || page.contains(&escaped), "{shown:?} not on the page");
            prop_assert!(plain.contains(shown.as_str()), "{shown:?} not in resume.txt");
        }
        for hidden in &changes.hidden {
            prop_assert!(!page.contains(hidden.as_str()) && !plain.contains(hidden.as_str()), "{hidden:?} shown");
        }
        prop_assert_eq!(placeholder_in(&page), None);
        for tag in ["&lt;strong", "&lt;br", "**", "](https"] {
            prop_assert!(!html.contains(tag) && !plain.contains(tag), "{tag} shown as text");
        }
    }
}
