//! One resume in several languages, both ways people write one: language maps in one file, and
//! sibling files (de/en, en/fr with the French in YAML, en/pt-BR). Each language is built at its
//! folder with its own words and none of the other's, with `<html lang>`, `hreflang`
//! alternates, `x-default` and a switcher; a text missing in a language falls back with a
//! warning, and `--strict` refuses it. (The switcher in a real browser: e2e/tests/languages.spec.js.)

use std::path::{Path, PathBuf};

use site::{Built, Sources};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/languages").join(path)
}

fn page<'a>(built: &'a Built, path: &str) -> &'a str {
    let file = built.site.file(path).unwrap_or_else(|| panic!("no {path}"));
    std::str::from_utf8(&file.bytes).unwrap()
}

/// Each fixture: its languages in order, and for each a few words its pages say that the other
/// language's never do (the resume's own and the theme's).
#[allow(clippy::type_complexity)]
fn cases() -> Vec<(&'static str, Vec<(&'static str, &'static str, Vec<&'static str>)>)> {
    vec![
        (
            "map/resume.json",
            vec![
                (
                    "de",
                    "",
                    vec![
                        "Datenbankentwickler",
                        "Leitender Entwickler",
                        "Berufserfahrung",
                        "Muttersprache",
                        "Informatik",
                    ],
                ),
                (
                    "en",
                    "en/",
                    vec!["Database Engineer", "Lead Engineer", "Experience", "Native speaker", "Computer Science"],
                ),
            ],
        ),
        (
            "pair-de-en/resume-de.json",
            vec![
                ("de", "", vec!["Cloud-Architektin", "Kosten der Plattform", "Berufserfahrung"]),
                ("en", "en/", vec!["Cloud Architect", "Cut the platform", "Experience"]),
            ],
        ),
        (
            "pair-en-fr/resume.en.json",
            vec![
                ("en", "", vec!["Site Reliability Engineer", "Held 99.99%", "Experience"]),
                ("fr", "fr/", vec!["Ingénieure fiabilité", "Disponibilité de 99,99", "Expérience"]),
            ],
        ),
        (
            "pair-en-pt/resume.json",
            vec![
                ("en", "", vec!["Mobile Developer", "Sync engine", "Experience"]),
                ("pt-BR", "pt-br/", vec!["Desenvolvedor Mobile", "Motor de sincronização", "Experiência"]),
            ],
        ),
    ]
}

#[test]
fn every_language_is_built_at_its_folder_with_its_own_words_and_none_of_the_others() {
    for (file, languages) in cases() {
        let built = site::build(&Sources::of(fixture(file))).unwrap_or_else(|e| panic!("{file}: {e}"));
        let tags: Vec<&str> = built.editions.iter().map(|e| e.tag.as_str()).collect();
        let wanted: Vec<&str> = languages.iter().map(|(tag, _, _)| *tag).collect();
        assert_eq!(tags, wanted, "{file}");
        for (i, (tag, folder, words)) in languages.iter().enumerate() {
            let html = page(&built, &format!("{folder}index.html"));
            let text = page(&built, &format!("{folder}resume.txt"));
            let stats = page(&built, &format!("{folder}stats.html"));
            assert!(html.contains(&format!("<html lang=\"{tag}\"")), "{file} {tag}: <html lang>");
            assert!(
                stats.contains(&format!("<html lang=\"{tag}\"")),
                "{file} {tag}: the statistics page's <html lang>"
            );
            for word in words {
                assert!(html.contains(word), "{file} {tag}: the page lacks {word:?}");
            }
            // The resume's own words (not the theme's headings) are in the text version too.
            for word in &words[..2] {
                assert!(text.contains(word), "{file} {tag}: resume.txt lacks {word:?}");
            }
            for (j, (other, _, other_words)) in languages.iter().enumerate() {
                if i == j {
                    continue;
                }
                for word in other_words {
                    // "Black Friday" and the like are the same in both: only words of one language.
                    if words.contains(word) {
                        continue;
                    }
                    assert!(!html.contains(word), "{file} {tag}: the page has {other}'s {word:?}");
                    assert!(!text.contains(word), "{file} {tag}: resume.txt has {other}'s {word:?}");
                }
            }
            // hreflang for every language and x-default (the default's page), and the switcher
            // with every language named in itself, this one marked current.
            for (other, other_folder, _) in &languages {
                assert!(
                    html.contains(&format!("<link rel=\"alternate\" hreflang=\"{other}\" href=\"")),
                    "{file} {tag}: no hreflang for {other}"
                );
                assert!(
                    html.contains(&format!("<a href=\"/{other_folder}\" hreflang=\"{other}\" lang=\"{other}\"")),
                    "{file} {tag}: the switcher has no link to {other}"
                );
            }
            assert!(html.contains("hreflang=\"x-default\""), "{file} {tag}: x-default");
            assert_eq!(html.matches("aria-current=\"page\"").count(), 1, "{file} {tag}");
            let current = format!("<a href=\"/{folder}\" hreflang=\"{tag}\" lang=\"{tag}\" aria-current=\"page\">");
            assert!(html.contains(&current), "{file} {tag}: this language is not the current one");
            // Its own text and statistics, from its folder.
            assert!(html.contains(&format!("href=\"/{folder}resume.txt\"")), "{file} {tag}");
            assert!(html.contains(&format!("href=\"/{folder}stats.html\"")), "{file} {tag}");
        }
        let pages = built.site.pages();
        for (_, folder, _) in &languages {
            assert!(pages.contains(&format!("/{folder}")), "{file}: {pages:?}");
            assert!(pages.contains(&format!("/{folder}stats.html")), "{file}: {pages:?}");
        }
        // One 404 page, one set of assets.
        assert_eq!(built.site.files.iter().filter(|f| f.path.ends_with("404.html")).count(), 1);
        assert_eq!(built.site.files.iter().filter(|f| f.path.starts_with("assets/site.")).count(), 1);
    }
}

#[test]
fn names_are_named_in_themselves() {
    let built = site::build(&Sources::of(fixture("pair-en-pt/resume.json"))).unwrap();
    let html = page(&built, "index.html");
    assert!(html.contains(">Português (Brasil)</a>") && html.contains(">English</a>"), "{html}");
}

#[test]
fn a_text_missing_in_a_language_falls_back_with_a_warning_and_strict_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(
        &file,
        r#"{
  "basics": {"name": "Ada", "label": {"en": "Engineer", "de": "Ingenieurin"}},
  "work": [{"name": "ACME", "summary": {"en": "Built the thing."}}]
}
"#,
    )
    .unwrap();
    let built = site::build(&Sources::of(&file)).unwrap();
    let de = page(&built, "de/index.html");
    assert!(de.contains("Ingenieurin") && de.contains("Built the thing."), "the English summary on the German page");
    let warnings: Vec<String> = site::placed(&built.warnings);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains(":3:") && warnings[0].contains("work[0].summary"), "{}", warnings[0]);
    assert!(warnings[0].contains("\"de\"") && warnings[0].contains("\"en\""), "{}", warnings[0]);
    let strict = site::build(&Sources { strict: true, ..Sources::of(&file) }).unwrap_err();
    assert!(strict.to_string().contains("work[0].summary"), "{strict}");

    // A sibling file lacking a field of basics shows the default file's, and says so.
    let built = site::build(&Sources::of(fixture("pair-de-en/resume-de.json"))).unwrap();
    assert!(page(&built, "en/index.html").contains("lena.vogt@example.com"));
    let warnings = site::placed(&built.warnings);
    assert!(warnings.iter().any(|w| w.contains("resume-en.json") && w.contains("basics.email")), "{warnings:?}");
    assert!(site::build(&Sources { strict: true, ..Sources::of(fixture("pair-de-en/resume-de.json")) }).is_err());
}

#[test]
fn langs_keeps_and_orders_and_the_files_may_be_named_one_by_one() {
    let map = fixture("map/resume.json");
    let only_en = site::build(&Sources { langs: vec!["en".into()], ..Sources::of(&map) }).unwrap();
    assert_eq!(only_en.editions.len(), 1);
    assert!(page(&only_en, "index.html").contains("Database Engineer"));
    assert!(only_en.site.file("en/index.html").is_none() && !page(&only_en, "index.html").contains("hreflang"));
    let en_first = site::build(&Sources { langs: vec!["en".into(), "de".into()], ..Sources::of(&map) }).unwrap();
    assert!(page(&en_first, "index.html").contains("Database Engineer"));
    assert!(page(&en_first, "de/index.html").contains("Datenbankentwickler"));
    let err = site::build(&Sources { langs: vec!["fr".into()], ..Sources::of(&map) }).unwrap_err();
    assert!(err.to_string().contains("--langs names fr") && err.to_string().contains("de, en"), "{err}");

    // Named one by one (--resume twice): these files, no others; a file whose language is not
    // known is refused with what to do.
    let dir = tempfile::tempdir().unwrap();
    let (en, fr, unknown) = (dir.path().join("cv.json"), dir.path().join("anders.json"), dir.path().join("x.json"));
    std::fs::write(&en, r#"{"basics": {"name": "Ada", "label": "Engineer"}}"#).unwrap();
    std::fs::write(&fr, r#"{"basics": {"name": "Ada", "label": "Ingénieure"}, "meta": {"lang": "fr"}}"#).unwrap();
    std::fs::write(&unknown, r#"{"basics": {"name": "Ada"}}"#).unwrap();
    let two = site::build(&Sources { translations: vec![fr.clone()], ..Sources::of(&en) }).unwrap();
    assert!(page(&two, "fr/index.html").contains("Ingénieure") && page(&two, "index.html").contains("Engineer"));
    let err = site::build(&Sources { translations: vec![unknown], ..Sources::of(&en) }).unwrap_err();
    assert!(err.to_string().contains("x.json") && err.to_string().contains("meta.lang"), "{err}");
    // A resume in one language is built as ever: at /, no switcher, no alternates.
    let one = site::build(&Sources::of(&en)).unwrap();
    assert_eq!(one.editions.len(), 1);
    assert!(!page(&one, "index.html").contains("hreflang") && !page(&one, "index.html").contains("class=\"langs\""));
}
