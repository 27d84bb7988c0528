//! The built-in themes: each renders every fixture resume with every section it has and every
//! employer, position and school; `--theme` and `meta.theme` choose, the flag winning; an
//! unknown name lists the names; a theme folder replaces one file of any named theme. (How the
//! themes look and read in a browser — no sideways scroll at 320 px, axe, Lighthouse — is held by
//! `e2e/tests/themes.spec.js`.)

mod util;

use std::path::{Path, PathBuf};

use resume::{Lang, Resume, read};
use site::{Built, Sources, render};
use theme::{THEMES, Theme, ThemeArg};
use util::{placeholder_in, visible_text};

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("../../examples/resume.json")];
    for dir in [
        "../resume/tests/fixtures/real",
        "../resume/tests/fixtures/as-written",
        "../resume/tests/fixtures/yaml",
        "../resume/tests/fixtures/wide",
    ] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        found.sort();
        files.extend(found);
    }
    files.push(root.join("../resume/tests/fixtures/partial-dates.resume.json"));
    files.push(root.join("../resume/tests/fixtures/xss.resume.json"));
    files
}

/// The page's words with the entities our escaping writes decoded.
fn words(html: &str) -> String {
    visible_text(html)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// Texts written with markup show as their words, not as written: those are held elsewhere
/// (`as_written.rs`), and left out here.
fn plain(text: &Option<String>) -> Option<String> {
    let text = text.as_deref()?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty() && !text.contains(['<', '>', '*', '_', '[', '`', '#', '\\', '{'])).then_some(text)
}

/// Each section heading the resume's page must have, and each name of an entry it must show.
fn expected(resume: &Resume) -> (Vec<&'static str>, Vec<String>) {
    let lang = resume.lang.or_else(|| resume.language_tag().and_then(Lang::from_tag)).unwrap_or_default();
    let t = lang.words();
    let mut headings = Vec::new();
    let sections = [
        (plain(&resume.basics.summary).is_some(), t.about),
        (!resume.work.is_empty(), t.experience),
        (!resume.volunteer.is_empty(), t.volunteering),
        (!resume.education.is_empty(), t.education),
        (!resume.awards.is_empty(), t.awards),
        (!resume.certificates.is_empty(), t.certificates),
        (!resume.publications.is_empty(), t.publications),
        (!resume.skills.is_empty(), t.skills),
        (!resume.languages.is_empty(), t.languages),
        (!resume.interests.is_empty(), t.interests),
        (!resume.references.is_empty(), t.references),
        (!resume.projects.is_empty(), t.projects),
    ];
    headings.extend(sections.iter().filter(|(has, _)| *has).map(|(_, heading)| *heading));
    let mut names: Vec<String> = Vec::new();
    for w in &resume.work {
        names.extend([plain(&w.name), plain(&w.position)].into_iter().flatten());
    }
    for e in &resume.education {
        names.extend(plain(&e.institution));
    }
    for v in &resume.volunteer {
        names.extend([plain(&v.organization), plain(&v.position)].into_iter().flatten());
    }
    for p in &resume.projects {
        names.extend(plain(&p.name));
    }
    for s in &resume.skills {
        names.extend(plain(&s.name));
    }
    for l in &resume.languages {
        names.extend(plain(&l.language));
    }
    (headings, names)
}

#[test]
fn every_theme_renders_every_fixture_with_every_section_and_entry() {
    let files = fixtures();
    assert!(files.len() >= 20, "{} fixtures", files.len());
    let mut checked = 0;
    for file in &files {
        let loaded = read(file, false).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let (headings, names) = expected(&loaded.resume);
        for theme in THEMES {
            let site = render(&loaded.resume, &Theme::named(theme.name).unwrap())
                .unwrap_or_else(|e| panic!("{} with {}: {e}", file.display(), theme.name));
            let html = String::from_utf8(site.file("index.html").unwrap().bytes.clone()).unwrap();
            let page = words(&html);
            assert_eq!(placeholder_in(&page), None, "{} with {}", file.display(), theme.name);
            for heading in &headings {
                assert!(
                    html.contains(&format!(">{heading}</h2>")),
                    "{} with {}: no heading {heading:?}",
                    file.display(),
                    theme.name
                );
            }
            for name in &names {
                assert!(
                    page.contains(name.as_str()),
                    "{} with {}: {name:?} is not on the page",
                    file.display(),
                    theme.name
                );
                checked += 1;
            }
            // Each theme writes one page of each kind, styled by its own stylesheet.
            for other in ["stats.html", "404.html", "resume.txt"] {
                assert!(site.file(other).is_some(), "{} with {}: no {other}", file.display(), theme.name);
            }
        }
    }
    assert!(checked > 400, "{checked} names checked");
}

#[test]
fn the_sidebar_holds_contact_skills_and_languages_beside_the_rest() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json");
    let resume = read(&example, false).unwrap().resume;
    let site = render(&resume, &Theme::named("sidebar").unwrap()).unwrap();
    let html = String::from_utf8(site.file("index.html").unwrap().bytes.clone()).unwrap();
    let (aside, main) = (html.find("<aside class=\"side\"").unwrap(), html.find("<main id=\"main\">").unwrap());
    let side = &html[aside..main];
    for inside in ["class=\"contact\"", ">Skills</h2>", ">Languages</h2>", ">Interests</h2>", "id=\"visits\""] {
        assert!(side.contains(inside), "the sidebar lacks {inside}");
    }
    for outside in [">Experience</h2>", ">Education</h2>", ">References</h2>"] {
        assert!(!side.contains(outside) && html[main..].contains(outside), "{outside} belongs beside the sidebar");
    }
    assert_eq!(html.matches(">Skills</h2>").count(), 1, "skills show once");
}

fn sources(resume: &Path, theme: Option<ThemeArg>) -> Sources {
    Sources { theme, ..Sources::of(resume) }
}

fn css_of(built: &Built) -> String {
    let css = built.site.files.iter().find(|f| f.path.ends_with(".css")).unwrap();
    String::from_utf8(css.bytes.clone()).unwrap()
}

#[test]
fn meta_theme_chooses_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(&file, r#"{"basics":{"name":"Ada"},"meta":{"theme":"serif"}}"#).unwrap();
    let built = site::build(&sources(&file, None)).unwrap();
    assert_eq!(built.theme, "serif");
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    assert!(css_of(&built).contains("serif: a classic"));

    let built = site::build(&sources(&file, Some(ThemeArg::Named("margin")))).unwrap();
    assert_eq!(built.theme, "margin", "--theme wins over meta.theme");
    assert!(css_of(&built).contains("margin: a band"));

    // Any case, as people write it.
    std::fs::write(&file, r#"{"basics":{"name":"Ada"},"meta":{"theme":"Sidebar"}}"#).unwrap();
    assert_eq!(site::build(&sources(&file, None)).unwrap().theme, "sidebar");

    // No meta.theme: the default.
    std::fs::write(&file, r#"{"basics":{"name":"Ada"}}"#).unwrap();
    assert_eq!(site::build(&sources(&file, None)).unwrap().theme, theme::DEFAULT_THEME);
}

#[test]
fn a_meta_theme_of_another_tool_is_a_warning_that_lists_the_names() {
    // The JSON Resume registry's themes ("elegant", "even", …) are written into many real
    // resumes: the page is still made, with the default theme, and the warning says what to do.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(&file, "{\n  \"basics\": {\"name\": \"Ada\"},\n  \"meta\": {\"theme\": \"elegant\"}\n}\n").unwrap();
    let built = site::build(&sources(&file, None)).unwrap();
    assert_eq!(built.theme, theme::DEFAULT_THEME);
    assert_eq!(built.warnings.len(), 1, "{:?}", built.warnings);
    let (_, w) = &built.warnings[0];
    assert_eq!((w.path.as_str(), w.line), ("meta.theme", 3), "{w:?}");
    assert!(
        w.message.contains("\"elegant\"") && w.message.contains("column, margin, sidebar and serif"),
        "{}",
        w.message
    );
    // Strict: refused.
    let strict = Sources { strict: true, ..sources(&file, None) };
    let err = site::build(&strict).unwrap_err();
    assert!(err.problems().1.iter().any(|p| p.contains("meta.theme") && p.contains("\"elegant\"")), "{err}");
}

#[test]
fn an_unknown_name_is_an_error_that_lists_the_names() {
    let err = ThemeArg::parse("stackoverflow").unwrap_err();
    assert!(err.contains("\"stackoverflow\""), "{err}");
    for theme in THEMES {
        assert!(err.contains(theme.name), "{err}");
    }
    // A folder's theme.json naming no theme says which file and lists them.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("theme.json"), r#"{"extends": "elegant"}"#).unwrap();
    std::fs::write(dir.path().join("site.css"), "body{}").unwrap();
    let err = Theme::from_dir(dir.path()).unwrap_err().to_string();
    assert!(err.contains("theme.json") && err.contains("\"elegant\"") && err.contains("sidebar"), "{err}");
    std::fs::write(dir.path().join("theme.json"), r#"{"extends": 3}"#).unwrap();
    assert!(Theme::from_dir(dir.path()).unwrap_err().to_string().contains("must be the name of a theme"));
    std::fs::write(dir.path().join("theme.json"), "{").unwrap();
    assert!(Theme::from_dir(dir.path()).unwrap_err().to_string().contains("not JSON"));
}

#[test]
fn a_theme_folder_replaces_one_file_of_each_named_theme() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json");
    for theme in THEMES {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("theme.json"), format!(r#"{{"extends": "{}"}}"#, theme.name)).unwrap();
        std::fs::write(
            dir.path().join("404.html"),
            "{% extends \"base.html\" %}{% block body %}<main id=\"main\"><h1>Gone fishing</h1></main>{% endblock %}",
        )
        .unwrap();
        let built = site::build(&sources(&example, Some(ThemeArg::Dir(dir.path().to_owned())))).unwrap();
        assert_eq!(built.theme, theme.name);
        let page = |p: &str| String::from_utf8(built.site.file(p).unwrap().bytes.clone()).unwrap();
        assert!(page("404.html").contains("<h1>Gone fishing</h1>"), "{}: the folder's 404 page", theme.name);
        // Everything else is the named theme's: its stylesheet, and its layout.
        let named = render(&built.resume, &Theme::named(theme.name).unwrap()).unwrap();
        assert_eq!(
            css_of(&built),
            String::from_utf8(named.files.iter().find(|f| f.path.ends_with(".css")).unwrap().bytes.clone()).unwrap(),
            "{}",
            theme.name
        );
        assert_eq!(page("index.html").contains("<aside class=\"side\""), theme.name == "sidebar", "{}", theme.name);
    }
    // Without theme.json, a folder replaces files of the default theme.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.css"), "body{color:rebeccapurple}").unwrap();
    let built = site::build(&sources(&example, Some(ThemeArg::Dir(dir.path().to_owned())))).unwrap();
    assert_eq!(built.theme, theme::DEFAULT_THEME);
    assert_eq!(css_of(&built), "body{color:rebeccapurple}");
}
