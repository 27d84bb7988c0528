//! Resumes shown as their authors wrote them (fixtures/as-written, one file for each thing
//! real files do that the schema does not say): dates in words and in other orders, objects
//! where text goes, mappings where lists go, links that are relative or no links at all, JSON
//! with comments and trailing commas, a YAML stream with a preface, sections and fields under
//! other names, HTML and Markdown in texts. Each builds, says each reading at its place, and
//! shows what was written; only a file no parser reads is refused.

mod util;

use std::path::{Path, PathBuf};

use resume::{LoadError, read};
use site::render;
use theme::Theme;
use util::{placeholder_in, visible_text};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/as-written").join(name)
}

/// The page's visible text, its HTML and its plain text, with the warnings (`line:column: path:
/// sentence`).
fn built(name: &str) -> (String, String, String, Vec<String>) {
    let loaded = read(&fixture(name), false).unwrap_or_else(|e| panic!("{name}: {e}"));
    let warnings =
        loaded.warnings.iter().map(|w| format!("{}:{}: {}: {}", w.line, w.column, w.path, w.message)).collect();
    let site = render(&loaded.resume, &Theme::builtin()).unwrap();
    let html = String::from_utf8(site.file("index.html").unwrap().bytes.clone()).unwrap();
    let text = String::from_utf8(site.file("resume.txt").unwrap().bytes.clone()).unwrap();
    (visible_text(&html), html, text, warnings)
}

fn has_warning(warnings: &[String], wanted: &str) -> bool {
    warnings.iter().any(|w| w.contains(wanted))
}

#[test]
fn every_fixture_builds_shows_no_placeholder_and_no_tag_as_text_and_strict_refuses_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/as-written");
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert!(names.len() >= 12, "{names:?}");
    for name in &names {
        let (page, html, text, warnings) = built(name);
        // Markup is no reading beyond the schema (JSON Resume's themes render it): no warning.
        let beyond_the_schema = name != "markup-in-text.json";
        assert_eq!(!warnings.is_empty(), beyond_the_schema, "{name}: {warnings:#?}");
        assert_eq!(placeholder_in(&page), None, "{name}: {page}");
        for tag in ["&lt;strong", "&lt;br", "&lt;b&gt;", "&lt;a ", "&lt;ul", "&lt;li", "&lt;em"] {
            assert!(!html.contains(tag), "{name}: {tag} shown as text");
        }
        for tag in ["<strong", "<br", "<a ", "<ul", "<li", "<em", "**"] {
            assert!(!text.contains(tag), "{name}: {tag} in resume.txt:\n{text}");
        }
        match read(&fixture(name), true) {
            Err(LoadError::Invalid { problems, .. }) => assert_eq!(problems.len(), warnings.len(), "{name}"),
            Ok(_) if !beyond_the_schema => {}
            other => panic!("{name}: --strict must refuse what it reads beyond the schema: {other:?}"),
        }
    }
}

#[test]
fn dates_in_words_in_several_languages_and_orders() {
    let (page, _, text, warnings) = built("dates-in-words.json");
    for (written, read_as) in [
        ("August 2021", "2021-08"),
        ("Aug. 2017", "2017-08"),
        ("July 2021", "2021-07"),
        ("2017/02/11", "2017-02-11"),
        ("30.06.2017", "2017-06-30"),
        ("Septembre 2016", "2016-09"),
        ("janv. 2017", "2017-01"),
        ("1. März 2015", "2015-03-01"),
        ("Dezember 2015", "2015-12"),
        ("septiembre de 2013", "2013-09"),
        ("May 12th, 2019", "2019-05-12"),
    ] {
        assert!(has_warning(&warnings, &format!("\"{written}\" read as {read_as}")), "{written}: {warnings:#?}");
    }
    for shown in ["Sep 2016", "Jan 2017", "Aug 2021", "Dec 2015"] {
        assert!(page.contains(shown), "{shown} not on the page: {page}");
    }
    // Words where a date goes are shown as written, and said.
    for words in ["Ongoing", "Disponible à partir de septembre 2026"] {
        assert!(page.contains(words) && text.contains(words), "{words}");
        assert!(has_warning(&warnings, &format!("\"{words}\" is not a date this reader knows; shown as written")));
    }
}

#[test]
fn objects_mappings_and_numbers_where_the_schema_has_text_and_lists() {
    let (page, html, text, warnings) = built("objects-for-text.json");
    for shown in [
        "Backend Developer",
        "Lusitania Systems",
        "Cut p99 latency of the payments API by half",
        "Mentored four juniors",
        "Wrote the on-call runbook",
        "Go (expert)",
        "Rust (4)",
        "PostgreSQL",
        "Languages",
        "Databases",
        "Português",
        "native",
        "gravel",
        "touring",
        "Prometheus",
        "maintainer",
        "351912345678",
        "Lisboa, Portugal",
        "GitHub",
    ] {
        assert!(page.contains(shown), "{shown:?} not on the page: {page}");
        assert!(text.contains(shown), "{shown:?} not in resume.txt");
    }
    assert!(html.contains("href=\"https://tomas.example\""), "the url object's address is the link");
    assert!(html.contains("href=\"https://lusitania.example\""), "the employer object's address is the job's link");
    assert!(html.contains("href=\"https://github.com/tomas-example\""));
    for wanted in [
        "basics.label: an object where text goes; read as \"Backend Developer\"",
        "basics.url: an object where an address goes; read as its url",
        "skills: a mapping where a list goes; read as a list of its 2 entries",
        "languages: a mapping where a list goes",
        "basics.profiles: a mapping where a list goes",
        "basics.phone: a number where text goes",
        "basics.location: a text where an entry goes; read as its city",
        "interests[0].keywords: a text where a list goes; read as a list of 2",
    ] {
        assert!(has_warning(&warnings, wanted), "{wanted}: {warnings:#?}");
    }
}

#[test]
fn links_that_are_relative_stay_links_and_words_stay_text() {
    let (page, html, _, warnings) = built("links-as-written.json");
    assert!(html.contains("href=\"index-fr.html\""), "a relative link stays a link");
    assert!(html.contains("href=\"pdf/resume-fr.pdf\""));
    assert!(html.contains("href=\"/blog/\""));
    assert!(!html.contains("href=\"https://github.com/&lt;name"), "a template left in is no link");
    assert!(page.contains("see my LinkedIn"), "words where a link goes are shown");
    assert!(!warnings.iter().any(|w| w.contains("$schema")), "$schema is never checked: {warnings:#?}");
    assert!(has_warning(&warnings, "\"pdf/resume-fr.pdf\" is a relative address; it is a link"));
    assert!(has_warning(&warnings, "\"see my LinkedIn\" is not a web address; shown as text"));
}

#[test]
fn json_with_comments_and_trailing_commas_is_read_and_said() {
    let (page, _, _, warnings) = built("comments-and-commas.json");
    for shown in ["Arjun Mehta", "Tailspin Toys", "Halved the pager load", "Argo CD"] {
        assert!(page.contains(shown), "{shown}");
    }
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].starts_with("1:1: (root): this is JSON with comments or trailing commas"), "{warnings:?}");
}

#[test]
fn a_yaml_stream_is_read_as_its_resume_document() {
    let (page, _, _, warnings) = built("preface-and-resume.yaml");
    assert!(page.contains("Mei Tanaka") && page.contains("Kumo Studio") && page.contains("日本語"));
    assert!(!page.contains("Curriculum Vitae"), "the preface is not the resume");
    assert!(has_warning(&warnings, "holds 2 YAML documents; read the resume from document 2"), "{warnings:#?}");
}

#[test]
fn sections_and_fields_under_other_names() {
    let (page, _, text, warnings) = built("sections-renamed.json");
    for shown in [
        "Mechanical Engineer",
        "Dangote Works",
        "Maintenance Engineer",
        "Kept line 3 above 97 % uptime",
        "Lagos Metro",
        "Graduate Engineer",
        "University of Lagos",
        "BEng",
        "COREN registration",
        "Best final-year project",
        "Feb 2018",
        "Jul 2023",
    ] {
        assert!(page.contains(shown), "{shown:?} not on the page: {page}");
        assert!(text.contains(shown), "{shown:?} not in resume.txt");
    }
    for wanted in [
        "experience: \"experience\" read as the section \"work\"",
        "experience[0].employer: \"employer\" read as \"name\"",
        "experience[0].from: \"from\" read as \"startDate\"",
        "experience[0].to: \"to\" read as \"endDate\"",
        "experience[1].role: \"role\" read as \"position\"",
        "educations: \"educations\" read as the section \"education\"",
        "educations[0].school: \"school\" read as \"institution\"",
        "basics.title: \"title\" read as \"label\"",
    ] {
        assert!(has_warning(&warnings, wanted), "{wanted}: {warnings:#?}");
    }
    // Found in the file where it is written, under the name it is written with.
    assert!(has_warning(&warnings, "5:19: experience[0].employer"), "{warnings:#?}");
}

#[test]
fn the_name_and_contacts_under_another_name_and_both_dates_in_one_field() {
    let (page, html, text, warnings) = built("other-shape-info.json");
    for shown in [
        "Mei Lin",
        "Rendering Developer",
        "Harbor Visual Lab",
        "Oct 2020",
        "Jun 2019",
        "Aug 2019",
        "Wrote the clustered lighting pass",
        "Lakeside Institute of Technology",
        "B.S. in Computer Science",
        "Sep 2016",
        "Dec 2020",
        "Tidepool",
        "wgpu (4)",
    ] {
        assert!(page.contains(shown), "{shown:?} not on the page: {page}");
        assert!(text.contains(shown), "{shown:?} not in resume.txt");
    }
    assert!(html.contains("<h1") && html.contains("Mei Lin</h1>"), "the name heads the page");
    assert!(html.contains("href=\"https://github.com/meilin-example\""), "github beside the name is a profile");
    assert!(html.contains("href=\"https://github.com/meilin-example/tidepool\""), "a project's link is its url");
    // The file hides this one.
    assert!(!page.contains("Old Toy Renderer") && !text.contains("Old Toy Renderer"));
    for wanted in [
        "2:11: info: \"info\" read as \"basics\"",
        "7:15: info.github: read as a profile on GitHub",
        "11:16: education: one entry where a list goes",
        "12:13: education.name: \"name\" read as \"institution\"",
        "14:13: education.time: \"09/2016-12/2020\" read as startDate 2016-09 and endDate 2020-12",
        "27:15: work[0].date: \"10/2020-Present\" read as startDate 2020-10, still going",
        "29:18: work[0].bullets: \"bullets\" read as \"highlights\"",
        "47:15: projects[0].link: \"link\" read as \"url\"",
        "projects[1]: \"hide\": true; left out, as the file asks",
        // What has no place on the page is said, not dropped without a word.
        "10:15: comments: JSON Resume has no section \"comments\"",
        "28:16: work[0].image: JSON Resume has no field \"image\" here",
    ] {
        assert!(has_warning(&warnings, wanted), "{wanted}: {warnings:#?}");
    }
}

#[test]
fn a_name_in_two_parts_an_address_object_and_a_social_mapping() {
    let (page, html, text, warnings) = built("other-shape-profile.json");
    for shown in [
        "Julien Marchetti",
        "Grenoble",
        "PhD in Computer Science",
        "2021",
        "MSc in Computer Science",
        "Internship at a start-up in Berlin",
        "Ranked 12th at the SWERC programming contest",
        "OCaml",
        "Native language",
    ] {
        assert!(page.contains(shown), "{shown:?} not on the page: {page}");
        assert!(text.contains(shown), "{shown:?} not in resume.txt");
    }
    assert!(html.contains("href=\"https://github.com/jmarchetti-example\""), "a user name is a profile's address");
    // LaTeX written for a LaTeX template prints as LaTeX prints it.
    assert!(html.contains("<strong>Inria Saclay</strong>") && html.contains("<em>termination</em>"), "{html}");
    assert!(text.contains("Research internship at Inria Saclay"), "{text}");
    assert!(!page.contains("\\text") && !text.contains("\\text"), "{text}");
    assert!(html.contains("href=\"https://julien.example.fr\""), "the homepage is the url");
    for wanted in [
        "profile.firstName: \"firstName\" and \"lastName\" read as the name \"Julien Marchetti\"",
        "profile.address: \"address\" read as \"location\"",
        "profile.address.postCode: \"postCode\" read as \"postalCode\"",
        "profile.social.github: read as a profile on GitHub",
        "education[0].years: \"2021--pursuing\" read as startDate 2021, still going",
        "education[2].years: \"2015\" read as endDate 2015",
        "experience[0].years: \"2020--2021\" read as startDate 2020 and endDate 2021",
        "awards[0].rank: \"rank\" read as \"title\"",
        "education[0].place: JSON Resume has no field \"place\" here",
    ] {
        assert!(has_warning(&warnings, wanted), "{wanted}: {warnings:#?}");
    }
}

#[test]
fn a_templates_blank_entries_are_left_out_with_one_warning_each() {
    let (page, html, text, warnings) = built("template-blanks.json");
    for shown in ["Pablo Ortega", "Estudio Norte", "Búho", "Español"] {
        assert!(page.contains(shown), "{shown:?} not on the page: {page}");
    }
    // No empty section is left on the page for a blank entry.
    for section in ["id=\"volunteer\"", "id=\"awards\"", "id=\"certificates\""] {
        assert!(!html.contains(section), "{section} on the page for a blank entry");
    }
    for heading in ["VOLUNTEER", "AWARDS", "CERTIFICATES"] {
        assert!(!text.contains(heading), "{heading} in resume.txt for a blank entry:\n{text}");
    }
    for place in ["volunteer[0]", "awards[0]", "certificates[0]", "projects[1]"] {
        let said: Vec<&String> = warnings.iter().filter(|w| w.contains(&format!(" {place}"))).collect();
        assert_eq!(said.len(), 1, "{place}: one warning for the blank entry, not one per field: {said:#?}");
        assert!(said[0].contains("an entry with nothing in it"), "{said:?}");
    }
}

#[test]
fn a_summary_beside_the_sections_and_ordinal_dates() {
    let (page, _, text, warnings) = built("other-shape-fields.yaml");
    for shown in ["Analyst who turns messy spreadsheets into decisions", "May 2024", "Aug 2021", "County Health Office"]
    {
        assert!(page.contains(shown), "{shown:?} not on the page: {page}");
        assert!(text.contains(shown), "{shown:?} not in resume.txt");
    }
    for wanted in [
        "personal-statement: \"personal-statement\" read as the summary",
        "awards[0].date: \"May 10th, 2024\" read as 2024-05-10",
        "extra-links: JSON Resume has no section \"extra-links\"",
        "achievements: JSON Resume has no section \"achievements\"",
        "projects[0].stars: JSON Resume has no field \"stars\" here",
    ] {
        assert!(has_warning(&warnings, wanted), "{wanted}: {warnings:#?}");
    }
}

#[test]
fn the_name_beside_the_sections_a_summary_in_paragraphs_and_a_placeholder() {
    let (page, html, text, warnings) = built("flat-top.yaml");
    for shown in [
        "Tomas Berg",
        "Site Reliability Engineer",
        "Twin Cities, MN",
        "Platform engineer with twelve years",
        "Cut the cloud bill by a third",
        "Principal Reliability Engineer",
        "Fieldline Farms",
        "Jan 2024",
        "Jun 2017",
        "Dec 2023",
        "Moved three product lines onto one cluster",
        "Northern Technical University",
        "2006",
        "Cloud Operations Associate",
        "Apr 2017",
        "Terraform",
    ] {
        assert!(page.contains(shown), "{shown:?} not on the page: {page}");
        assert!(text.contains(shown), "{shown:?} not in resume.txt");
    }
    assert!(html.contains("Tomas Berg</h1>"), "the name heads the page");
    // "linkedin: TODO" is no profile.
    assert!(!page.contains("TODO") && !text.contains("TODO") && !html.contains("linkedin.com"), "{text}");
    for wanted in [
        "2:7: name: \"name\" beside the sections read as basics.name",
        "3:8: title: \"title\" beside the sections read as basics.label",
        "contact: \"contact\" read as \"basics\"",
        "contact.linkedin: \"TODO\" holds the place of a profile to come",
        "summary: \"summary\" read as the summary",
        "experience[0].date: \"January 2024 - Present\" read as startDate 2024-01, still going",
        "experience[1].date: \"June 2017 - Dec 2023\" read as startDate 2017-06 and endDate 2023-12",
        "education[0].date: \"2006 - 2010\" read as startDate 2006 and endDate 2010",
        "tagline: JSON Resume has no section \"tagline\"",
    ] {
        assert!(has_warning(&warnings, wanted), "{wanted}: {warnings:#?}");
    }
}

#[test]
fn html_and_markdown_render_sanitised_and_read_as_plain_text() {
    let (page, html, text, _) = built("markup-in-text.json");
    assert!(html.contains("<strong>small teams</strong>"), "{html}");
    assert!(html.contains("<em>backend</em>"));
    assert!(html.contains("<strong>4 to 11</strong>"));
    assert!(html.contains("<b>blameless</b>"));
    assert!(html.contains("<em>on time</em>"));
    assert!(html.contains("<a href=\"https://chloe.example/blog\""));
    assert!(html.contains("<a href=\"#awards\""));
    assert!(html.contains("<li>payments</li>") && html.contains("<li>Voted by the team</li>"), "{html}");
    for words in ["small teams", "Grew the team from 4 to 11 engineers", "Introduced blameless postmortems", "my blog"]
    {
        assert!(page.contains(words), "{words}: {page}");
        assert!(text.contains(words), "{words} in resume.txt:\n{text}");
    }
    assert!(text.contains("- payments\n- identity") || text.contains("- payments"), "{text}");
}

#[test]
fn only_a_file_no_parser_reads_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    std::fs::write(&file, "{\n  \"basics\": {\"name\": \"A\"\n  \"work\": []\n}").unwrap();
    match read(&file, false) {
        Err(LoadError::Syntax { line, .. }) => assert_eq!(line, 3),
        other => panic!("broken JSON must be refused at its place: {other:?}"),
    }
    // Everything else a person can read is read.
    std::fs::write(
        &file,
        r#"{"basics": {"name": 5, "label": ["x"], "email": {"work": "a@b.example"}}, "work": "Acme"}"#,
    )
    .unwrap();
    let loaded = read(&file, false).unwrap();
    assert_eq!(loaded.resume.basics.name.as_deref(), Some("5"));
    assert_eq!(loaded.resume.basics.label.as_deref(), Some("x"));
    assert_eq!(loaded.resume.work[0].name.as_deref(), Some("Acme"));
}
