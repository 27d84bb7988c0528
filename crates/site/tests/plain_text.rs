//! `resume.txt`: the resume as plain text for applicant tracking systems. It must hold every
//! text the page shows, in the page's order, with no markup and no placeholder for what is absent.

mod util;

use std::path::{Path, PathBuf};

use resume::read;
use serde_json::Value;
use site::{Site, render};
use theme::Theme;
use util::{placeholder_in, visible_text};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures").join(name)
}

fn built(path: &Path) -> Site {
    render(&read(path, false).unwrap().resume, &Theme::builtin()).unwrap()
}

fn file(site: &Site, path: &str) -> String {
    String::from_utf8(site.file(path).unwrap_or_else(|| panic!("{path} is missing")).bytes.clone()).unwrap()
}

/// Fields that the page shows in another form (dates as "May 2019", a country code by name)
/// or not at all (the street address, the picture, meta).
const SHOWN_OTHERWISE: &[&str] = &[
    "startDate",
    "endDate",
    "date",
    "releaseDate",
    "countryCode",
    "postalCode",
    "address",
    "image",
    "meta",
    "$schema",
];

/// Every string of the resume, with its JSON path, but those [`SHOWN_OTHERWISE`].
fn strings(value: &Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) if !s.trim().is_empty() => out.push((path, s.clone())),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| strings(v, format!("{path}[{i}]"), out)),
        Value::Object(map) => {
            for (k, v) in map.iter().filter(|(k, _)| !SHOWN_OTHERWISE.contains(&k.as_str())) {
                strings(v, format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_example_as_text_holds_every_section_and_every_text_of_the_resume() {
    let site = built(&example());
    let text = file(&site, "resume.txt");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(example()).unwrap()).unwrap();
    let mut all = Vec::new();
    strings(&json, String::new(), &mut all);
    assert!(all.len() > 40, "the example has many texts: {}", all.len());
    for (path, s) in &all {
        for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(text.contains(line), "{path}: {line:?} is not in resume.txt:\n{text}");
        }
    }
    let words = resume::Lang::En.words();
    let headings = [
        (words.about, "basics"),
        (words.experience, "work"),
        (words.projects, "projects"),
        (words.volunteering, "volunteer"),
        (words.education, "education"),
        (words.skills, "skills"),
        (words.awards, "awards"),
        (words.certificates, "certificates"),
        (words.publications, "publications"),
        (words.languages, "languages"),
        (words.interests, "interests"),
        (words.references, "references"),
    ];
    let mut last = 0;
    for (heading, section) in headings {
        if json.get(section).is_none() {
            continue;
        }
        let heading = format!("\n{}\n{}\n", heading.to_uppercase(), "=".repeat(heading.chars().count()));
        let at = text.find(&heading).unwrap_or_else(|| panic!("no {heading:?} heading in resume.txt:\n{text}"));
        assert!(at > last, "{section} comes in the page's order");
        last = at;
    }
    // Dates read as on the page, and every job's length.
    let page = visible_text(&file(&site, "index.html"));
    for date in ["Jan 2021", "present"] {
        if page.contains(date) {
            assert!(text.contains(date), "{date} is on the page but not in resume.txt");
        }
    }
}

#[test]
fn plain_text_is_not_markup_and_keeps_only_the_words_of_hostile_markup() {
    let site = built(&fixture("xss.resume.json"));
    let text = file(&site, "resume.txt");
    assert!(!text.contains("&lt;") && !text.contains("&amp;") && !text.contains("&#"), "escaped:\n{text}");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(fixture("xss.resume.json")).unwrap()).unwrap();
    // Markup is read as its words (a script has none); a text with no tag stays as written.
    for tag in ["<script", "<img", "<iframe", "<svg", "<style", "<b ", "onerror", "alert('name')"] {
        assert!(!text.contains(tag), "{tag} in:\n{text}");
    }
    let label = json["basics"]["label"].as_str().unwrap();
    assert!(text.starts_with(label), "the label, as written, opens the text:\n{text}");
    assert!(text.contains("Net: u"), "the words of the markup stay:\n{text}");
    // A URL that is not http(s) is not printed: it is no address to go to (the texts that
    // merely hold such a string are kept as written).
    for url in ["javascript:alert('url')", "javascript:alert(1)", "javascript://%0aalert('work-url')"] {
        assert!(!text.contains(url), "{url} in:\n{text}");
    }
}

#[test]
fn absent_fields_leave_no_placeholder_nor_empty_lines_in_a_row() {
    for name in ["present-and-empty.json", "old-schema-de.json", "cjk.json", "lines-es.json", "dates-fr.json"] {
        let site = built(&fixture(&format!("real/{name}")));
        let text = file(&site, "resume.txt");
        assert_eq!(placeholder_in(&text), None, "{name}:\n{text}");
        assert!(!text.contains("\n\n\n"), "{name}: two blank lines in a row:\n{text}");
        assert!(!text.starts_with('\n') && text.ends_with('\n') && !text.ends_with("\n\n"), "{name}:\n{text}");
        assert!(text.lines().all(|l| l == l.trim_end()), "{name}: trailing spaces");
        assert!(
            !text.lines().any(|l| l.trim() == "·" || l.trim() == "-" || l.ends_with(" ·")),
            "{name}: a dangling separator:\n{text}"
        );
    }
}

#[test]
fn the_page_links_to_the_text_and_to_the_pdf_only_when_there_is_one() {
    let resume = read(&example(), false).unwrap().resume;
    let today = time::macros::date!(2026 - 11 - 30);
    let plain = site::render_on(&resume, &Theme::builtin(), today).unwrap();
    let page = file(&plain, "index.html");
    assert!(page.contains(r#"href="/resume.txt""#), "a link to the text");
    assert!(!page.contains("/resume.pdf"), "no PDF link without a PDF");
    let with_pdf = site::render_with(&resume, &Theme::builtin(), today, site::Extras { pdf: true }).unwrap();
    let page = file(&with_pdf, "index.html");
    assert!(page.contains(r#"href="/resume.pdf""#) && page.contains("Download PDF"), "a link to the PDF");
    assert!(with_pdf.pages().iter().all(|p| p.ends_with(".html") || p == "/"), "resume.txt is no counted page");
}
