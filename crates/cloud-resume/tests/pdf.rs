//! The typeset PDF as an applicant tracking system reads it: `pdftotext` (poppler, which
//! `scripts/test` installs) on the real file, against `resume.txt`, for every fixture resume and
//! every built-in theme. All of it with a `PATH` that holds no browser.

mod util;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use util::build_pdf as build;

/// Every resume the site's tests read that is valid enough to build.
fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures");
    let mut found = vec![util::example_resume()];
    for dir in ["real", "yaml", "wide", "as-written", "theme"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
            if matches!(ext, "json" | "yaml" | "yml") {
                found.push(path);
            }
        }
    }
    found.push(root.join("partial-dates.resume.json"));
    found.sort();
    // JSON Resume's own sample (MIT), from its npm package, which the test command installs
    // for the browser tests.
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e/node_modules/@jsonresume/schema/sample.resume.json");
    assert!(sample.is_file(), "{} is missing: run ./scripts/test (it installs e2e's npm packages)", sample.display());
    found.push(sample);
    found
}

fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The words of a text as a reader compares them: no punctuation around them, URLs without their
/// scheme or trailing slash, in any case; rules and bullets are no words.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && !"+#$%&@".contains(c));
            let w = ["https://", "http://", "mailto:", "tel:"].iter().fold(w, |w, p| w.strip_prefix(p).unwrap_or(w));
            w.trim_end_matches('/').to_lowercase()
        })
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect()
}

/// Letters and digits only: how a word is looked for in the PDF's text, so that a word too long
/// for a line (a URL), which the typesetter must break, still counts when its pieces follow.
fn letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// How many of `expected`'s words the PDF's text `got` holds in the same order: each found
/// after the one before, no further than 300 letters on.
fn in_order(expected: &[String], got: &str) -> (usize, Vec<String>) {
    let stream = letters(got);
    let mut at = 0;
    let mut found = 0;
    let mut missing = Vec::new();
    for word in expected {
        let word = letters(word);
        let rest = &stream[at..];
        let window = rest.char_indices().nth(300 + word.chars().count()).map_or(rest.len(), |(i, _)| i);
        match rest[..window].find(&word) {
            Some(i) => {
                found += 1;
                at += i + word.len();
            }
            None => missing.push(word),
        }
    }
    (found, missing)
}

/// The URI of every link annotation's action in the PDF.
fn links(pdf: &Path) -> BTreeSet<String> {
    fn walk(object: &lopdf::Object, links: &mut BTreeSet<String>) {
        match object {
            lopdf::Object::Dictionary(dict) => {
                if let Ok(uri) = dict.get(b"URI").and_then(lopdf::Object::as_str) {
                    links.insert(String::from_utf8_lossy(uri).trim_end_matches('/').to_owned());
                }
                dict.iter().for_each(|(_, v)| walk(v, links));
            }
            lopdf::Object::Array(items) => items.iter().for_each(|v| walk(v, links)),
            _ => {}
        }
    }
    let document = lopdf::Document::load(pdf).unwrap();
    let mut links = BTreeSet::new();
    document.objects.values().for_each(|object| walk(object, &mut links));
    links
}

/// Every word of `resume.txt` is in the PDF's text, in the same order (100 %, printed per
/// resume); no word is broken by a hyphen the resume lacks; every web address is a link. Each
/// theme's print design is read so.
#[test]
fn every_word_of_the_text_version_is_in_the_pdf_in_order() {
    let mut report = Vec::new();
    let wide = Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/wide/long-words-and-urls.json");
    for theme in ["column", "margin", "sidebar", "serif"] {
        // Every fixture with the default design; the example and the widest with the others.
        let resumes = if theme == "column" { fixtures() } else { vec![util::example_resume(), wide.clone()] };
        for resume in resumes {
            let (out, dir) = build(&resume, &["--theme", theme]);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{} ({theme}): {err}", resume.display());
            let pdf = dir.path().join("dist/resume.pdf");
            let text = std::fs::read_to_string(dir.path().join("dist/resume.txt")).unwrap();
            let got = pdftotext(&pdf);
            let expected = words(&text);
            let (found, missing) = in_order(&expected, &got);
            let share = 100.0 * found as f64 / expected.len().max(1) as f64;
            report.push(format!("{share:6.2} %  {theme:8} {}", resume.file_name().unwrap().to_string_lossy()));
            assert!(
                missing.is_empty(),
                "{} ({theme}): {share:.2} % of resume.txt's words in order; missing {missing:?}\n--- PDF text:\n{got}",
                resume.display()
            );
            // A line that ends in a hyphen joins a word the resume has with that hyphen.
            for line in got.lines().map(str::trim_end).filter(|l| l.ends_with('-')) {
                let stem = line.rsplit(' ').next().unwrap_or_default();
                assert!(text.contains(stem), "{} ({theme}): a word broken by a hyphen: {stem:?}", resume.display());
            }
            if resume == util::example_resume() {
                let pages = lopdf::Document::load(&pdf).unwrap().get_pages().len();
                assert_eq!(pages, 1, "the example is one page of A4 in {theme}");
            }
            let links = links(&pdf);
            for url in text.split_whitespace().filter(|w| w.starts_with("http")) {
                let url = url.trim_matches(|c: char| "()<>,".contains(c)).trim_end_matches('/');
                assert!(links.contains(url), "{} ({theme}): {url} is no link in the PDF: {links:?}", resume.display());
            }
        }
    }
    println!("share of resume.txt's words in the PDF, in order:\n{}", report.join("\n"));
}

/// Title, author, subject and language in the PDF's metadata; the text is real text, tagged,
/// and the file claims PDF/UA-1.
#[test]
fn the_pdf_says_what_it_is() {
    let (out, dir) = build(&util::example_resume(), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.path().join("dist/resume.pdf");
    let info = std::process::Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Title:") && info.contains("Ada Quill"), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Author:") && l.contains("Ada Quill")), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Subject:") && l.contains("Cloud Engineer")), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.contains("yes")), "{info}");
    // It claims PDF/UA-1 in its XMP metadata (written uncompressed), as Typst checked it.
    let raw = std::fs::read(&pdf).unwrap();
    assert!(raw.windows(15).any(|w| w == b"pdfuaid:part>1<"), "no PDF/UA-1 claim in the XMP metadata");
    let document = lopdf::Document::load_mem(&raw).unwrap();
    let catalog = document.catalog().unwrap();
    let lang = catalog.get(b"Lang").and_then(lopdf::Object::as_str).unwrap();
    assert_eq!(lang, b"en");
}

/// Chinese, Japanese and Korean resumes extract to their own text (with the system's Noto CJK).
#[test]
fn cjk_resumes_extract_to_their_own_text() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, name, label) in [
        ("zh", "王小明", "软件工程师"),
        ("ja", "山田太郎", "ソフトウェアエンジニア"),
        ("ko", "김민준", "소프트웨어 엔지니어"),
    ] {
        let path = dir.path().join(format!("{lang}.json"));
        let resume = serde_json::json!({
            "basics": {"name": name, "label": label, "summary": format!("{label}。{name}")},
            "meta": {"lang": lang}
        });
        std::fs::write(&path, resume.to_string()).unwrap();
        let (out, built) = build(&path, &[]);
        assert!(out.status.success(), "{lang}: {}", String::from_utf8_lossy(&out.stderr));
        let text = pdftotext(&built.path().join("dist/resume.pdf"));
        assert!(text.contains(name) && text.contains(label), "{lang}: {text}");
    }
}

/// A line of a page as `pdftotext -bbox` places its words: top and bottom (pt from the top of
/// the page) and its words joined.
struct Line {
    top: f64,
    bottom: f64,
    text: String,
}

/// Each page's height and lines, top to bottom.
fn pages_of(pdf: &Path) -> Vec<(f64, Vec<Line>)> {
    let out = std::process::Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-").output().unwrap();
    let xml = String::from_utf8_lossy(&out.stdout);
    let number = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    xml.split("<page ")
        .skip(1)
        .map(|page| {
            let height = number(page, "height");
            let mut lines: Vec<Line> = Vec::new();
            for word in page.split("<word ").skip(1) {
                let (top, bottom) = (number(word, "yMin"), number(word, "yMax"));
                let text = word.split('>').nth(1).unwrap_or_default().split('<').next().unwrap_or_default();
                // Words of one line share their baseline: their boxes overlap by most of a height.
                match lines.iter_mut().find(|l| (l.bottom.min(bottom) - l.top.max(top)) > 0.5 * (bottom - top)) {
                    Some(line) => {
                        line.text.push(' ');
                        line.text.push_str(text);
                    }
                    None => lines.push(Line { top, bottom, text: text.to_owned() }),
                }
            }
            lines.sort_by(|a, b| a.top.total_cmp(&b.top));
            (height, lines)
        })
        .collect()
}

/// The page breaks of a resume with one entry taller than a page, one with forty short entries
/// and one with a summary longer than a page, in every print design: no page ends with a
/// heading, no page but the last is more than a third empty, and a break inside a list of
/// bullets or a paragraph leaves at least two of its lines on each side.
#[test]
fn pages_break_as_a_typesetter_breaks_them() {
    let dir = tempfile::tempdir().unwrap();
    let job = |i: usize| serde_json::json!({"name": format!("Company {i}"), "position": "Engineer", "startDate": "2020-01", "summary": "Built things."});
    let tall: Vec<_> = (0..70).map(|i| format!("Highlight number {i} of a very long entry.")).collect();
    let resumes = [
        (
            "tall-entry",
            serde_json::json!({
                "basics": {"name": "Tall Entry", "summary": "One entry is taller than a page."},
                "work": [job(0), {"name": "Huge", "position": "Lead", "startDate": "2010-01", "highlights": tall}, job(1)],
                "education": [{"institution": "Uni", "area": "CS", "studyType": "BSc"}],
                "skills": [{"name": "Rust", "keywords": ["async"]}]
            }),
        ),
        (
            "forty-entries",
            serde_json::json!({
                "basics": {"name": "Forty Entries"},
                "work": (0..40).map(job).collect::<Vec<_>>(),
                "education": [{"institution": "Uni", "area": "CS", "studyType": "BSc"}]
            }),
        ),
        (
            "long-summary",
            serde_json::json!({
                "basics": {"name": "Long Summary", "summary": "A long summary of a long career. ".repeat(260)},
                "work": [job(0), job(1)]
            }),
        ),
    ];
    let headings = ["About", "Experience", "Education", "Skills"];
    let mut report = Vec::new();
    for theme in ["column", "margin", "sidebar", "serif"] {
        for (name, resume) in &resumes {
            // Every design breaks the tall entry; the default one breaks all three.
            if theme != "column" && *name == "long-summary" {
                continue;
            }
            let path = dir.path().join(format!("{name}.json"));
            std::fs::write(&path, resume.to_string()).unwrap();
            let (out, built) = build(&path, &["--theme", theme]);
            assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
            let pages = pages_of(&built.path().join("dist/resume.pdf"));
            assert!(pages.len() > 1, "{name} ({theme}): {} page", pages.len());
            let mut fill = Vec::new();
            for (n, (height, lines)) in pages.iter().enumerate() {
                let last = lines.last().unwrap();
                assert!(
                    !headings.iter().any(|h| last.text.trim().eq_ignore_ascii_case(h)),
                    "{name} ({theme}): page {} ends with the heading {:?}",
                    n + 1,
                    last.text
                );
                // The text area: the page less its margins (13 mm above and below).
                let margin = 13.0 / 25.4 * 72.0;
                let empty = (height - margin - last.bottom) / (height - 2.0 * margin);
                fill.push(format!("{:.0} %", 100.0 * (1.0 - empty)));
                if n + 1 < pages.len() {
                    assert!(empty <= 1.0 / 3.0, "{name} ({theme}): page {} is {:.0} % empty", n + 1, empty * 100.0);
                    // A break inside the tall list or the long summary: two of its lines each side.
                    let next = &pages[n + 1].1;
                    for piece in ["Highlight number", "long summary"] {
                        if last.text.contains(piece) {
                            let before = &lines[lines.len() - 2];
                            assert!(
                                before.text.contains(piece),
                                "{name} ({theme}): one line left at the foot of page {}",
                                n + 1
                            );
                            assert!(
                                next.len() > 1 && next[0].text.contains(piece) && next[1].text.contains(piece),
                                "{name} ({theme}): one line alone at the head of page {}",
                                n + 2
                            );
                        }
                    }
                }
            }
            // Short entries stay whole: every page of the forty jobs begins with a job's title
            // and ends with its last line.
            if *name == "forty-entries" {
                for (n, (_, lines)) in pages.iter().enumerate() {
                    if n > 0 {
                        assert!(
                            lines[0].text.starts_with("Engineer"),
                            "{theme}: page {} begins {:?}",
                            n + 1,
                            lines[0].text
                        );
                    }
                    if n + 1 < pages.len() {
                        let last = &lines.last().unwrap().text;
                        assert_eq!(last, "Built things.", "{theme}: page {} ends inside an entry", n + 1);
                    }
                }
            }
            report.push(format!("{theme:8} {name:14} {} pages, filled {}", pages.len(), fill.join(", ")));
        }
    }
    println!("{}", report.join("\n"));
}

/// A resume in two languages has a PDF in each, beside its page, in its words, saying its
/// language; the page links its own.
#[test]
fn each_language_has_its_own_pdf() {
    let map = Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/languages/map/resume.json");
    let (out, dir) = build(&map, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dist = dir.path().join("dist");
    for (pdf, lang, own, other) in [
        ("resume.pdf", b"de".as_slice(), "Datenbankentwickler", "Database Engineer"),
        ("en/resume.pdf", b"en".as_slice(), "Database Engineer", "Datenbankentwickler"),
    ] {
        let text = pdftotext(&dist.join(pdf));
        assert!(text.contains(own) && !text.contains(other), "{pdf}: {text}");
        let document = lopdf::Document::load(dist.join(pdf)).unwrap();
        let catalog = document.catalog().unwrap();
        assert_eq!(catalog.get(b"Lang").and_then(lopdf::Object::as_str).unwrap(), lang, "{pdf}");
    }
    let english = std::fs::read_to_string(dist.join("en/index.html")).unwrap();
    assert!(english.contains(r#"href="/en/resume.pdf""#), "the English page links its own PDF");
}
