//! Resumes as people write them (fixtures/real: several languages, pre-1.0 field names, empty
//! and null fields, "Present" and its translations, dates such as 07/2025, summaries as arrays
//! of lines): each is read with warnings that say where and what was read, renders every
//! employer and position with no placeholder word, and is refused whole when strict.

mod util;

use std::path::{Path, PathBuf};

use resume::{LoadError, read};
use site::render;
use theme::Theme;
use util::{placeholder_in, visible_text};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/real");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 5);
    files
}

fn raw(file: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

#[test]
fn each_is_read_with_warnings_and_renders_every_employer_and_position() {
    for file in fixtures() {
        let loaded = read(&file, false).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(!loaded.warnings.is_empty(), "{}: nothing to warn about?", file.display());
        for w in &loaded.warnings {
            assert!(w.line >= 1 && w.column >= 1 && !w.path.is_empty() && !w.message.is_empty(), "{w:?}");
        }
        let site = render(&loaded.resume, &Theme::builtin()).unwrap();
        let html = String::from_utf8(site.file("index.html").unwrap().bytes.clone()).unwrap();
        let page = visible_text(&html);
        assert_eq!(placeholder_in(&page), None, "{}", file.display());
        for entry in raw(&file)["work"].as_array().unwrap() {
            for key in ["name", "company", "position"] {
                if let Some(shown) = entry[key].as_str() {
                    let escaped = shown.replace('\'', "&#x27;");
                    assert!(
                        page.contains(shown) || page.contains(&escaped),
                        "{}: {shown:?} is missing",
                        file.display()
                    );
                }
            }
        }
    }
}

#[test]
fn each_warning_says_what_was_read() {
    let said = |name: &str| -> Vec<String> {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/real").join(name);
        read(&file, false)
            .unwrap()
            .warnings
            .iter()
            .map(|w| format!("{}:{}: {}: {}", w.line, w.column, w.path, w.message))
            .collect()
    };
    let expect = |name: &str, wanted: &[&str]| {
        let got = said(name);
        for w in wanted {
            assert!(got.iter().any(|g| g.contains(w)), "{name}: no warning containing {w:?} in {got:#?}");
        }
    };
    expect(
        "present-and-empty.json",
        &[
            "basics.email: an empty string, read as absent; leave the field out",
            "basics.phone: null, read as absent",
            "basics.url: \"jordanlee.dev\" has no scheme; read as https://jordanlee.dev",
            "basics.profiles[0].url: \"github.com/jlee\" has no scheme",
            "13:109: work[0].endDate: \"Present\" read as ongoing; leave endDate out to say so",
            "work[1].startDate: \"2017-6\" read as 2017-06",
        ],
    );
    expect(
        "old-schema-de.json",
        &[
            "basics.website: \"website\" is the pre-1.0 name of \"url\"; read as url: rename it",
            "work[0].company: \"company\" is the pre-1.0 name of \"name\"",
            // Found in the file under the name it was written with.
            "11:74: work[0].website: \"beispiel.de\" has no scheme; read as https://beispiel.de",
            "work[0].endDate: \"heute\" read as ongoing",
            "education[0].gpa: \"gpa\" is the pre-1.0 name of \"score\"",
        ],
    );
    expect(
        "dates-fr.json",
        &[
            "work[0].startDate: \"07/2022\" read as 2022-07; write dates as YYYY-MM-DD, YYYY-MM or YYYY",
            "work[1].endDate: \"2022-06-31\" is not a real date (that month has days 1 to 30); read as 2022-06",
            "awards[0].date: \"2023-9-28\" read as 2023-09-28",
        ],
    );
    expect(
        "lines-es.json",
        &[
            "basics.summary: summary is an array of lines; read as paragraphs",
            "work[1].name: null, read as absent",
            "projects[0].url: \"github.com/lucia/herramienta\" has no scheme",
        ],
    );
    expect("cjk.json", &["work[0].endDate: \"至今\" read as ongoing", "work[2].endDate: \"현재\" read as ongoing"]);
}

#[test]
fn strict_refuses_each_with_every_reading_as_a_problem() {
    for file in fixtures() {
        let warnings = read(&file, false).unwrap().warnings;
        match read(&file, true) {
            Err(LoadError::Invalid { problems, .. }) => {
                assert_eq!(problems.len(), warnings.len(), "{}", file.display());
            }
            other => panic!("{}: strict should refuse, got {other:?}", file.display()),
        }
    }
    // The example follows the schema: nothing to read, nothing to refuse.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json");
    assert!(read(&example, true).unwrap().warnings.is_empty());
}
