//! The rendered site, checked as a visitor's browser and a crawler would see it.

mod util;

use std::io::Write;
use std::path::Path;

use resume::load;
use site::{Site, render};
use theme::{THEMES, Theme};
use util::{placeholder_in, visible_text};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures").join(name)
}

fn example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json")
}

fn build(path: &Path) -> Site {
    render(&load(path).unwrap(), &Theme::builtin()).unwrap()
}

fn build_with(path: &Path, theme: &str) -> Site {
    render(&load(path).unwrap(), &Theme::named(theme).unwrap()).unwrap()
}

fn text(site: &Site, path: &str) -> String {
    String::from_utf8(site.file(path).unwrap_or_else(|| panic!("{path} is missing")).bytes.clone()).unwrap()
}

/// Every `<tag …>` in the page with its attributes, by a small tokenizer that is enough for
/// our own output (quoted attribute values may hold `>`).
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let mut quote = None;
        let mut end = None;
        for (i, c) in after.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        out.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    out
}

#[test]
fn script_event_handler_and_javascript_payloads_render_inert() {
    for theme in THEMES {
        payloads_render_inert(theme.name);
    }
}

fn payloads_render_inert(theme: &str) {
    let site = build_with(&fixture("xss.resume.json"), theme);
    let benign = build_with(&example(), theme);
    let names_of = |tags: &[String]| -> std::collections::BTreeSet<String> {
        tags.iter()
            .map(|t| t.split_whitespace().next().unwrap_or("").trim_end_matches('/').to_ascii_lowercase())
            .collect()
    };
    for page in ["index.html", "stats.html", "404.html"] {
        let html = text(&site, page);
        let tags = tags(&html);
        // Only elements the theme itself writes, and the markup the sanitiser keeps (inline
        // emphasis, links, lists): nothing else injected (script, iframe, img, svg, style …).
        let mut allowed = names_of(&self::tags(&text(&benign, page)));
        for kept in [
            "a", "b", "strong", "em", "i", "u", "s", "del", "code", "br", "sub", "sup", "small", "mark", "p", "ul",
            "ol", "li",
        ] {
            allowed.insert(kept.to_owned());
            allowed.insert(format!("/{kept}"));
        }
        let injected: Vec<String> = names_of(&tags).difference(&allowed).cloned().collect();
        assert!(injected.is_empty(), "{theme} {page}: injected elements {injected:?}");
        // The theme draws icons (and the stats page its chart) in SVG: every <svg> is one of those.
        for svg in tags.iter().filter(|t| t.starts_with("svg")) {
            assert!(
                svg.starts_with("svg class=\"i\" viewBox=")
                    || svg.starts_with("svg id=\"chart\"")
                    || svg.starts_with("svg class=\"swatch\""),
                "{theme} {page}: an <svg> the theme does not write: <{svg}>"
            );
        }
        for bad in ["iframe", "img", "style", "object", "embed"] {
            assert!(!allowed.contains(bad), "the check above would miss <{bad}>");
        }
        let scripts: Vec<&String> = tags.iter().filter(|t| t.starts_with("script")).collect();
        for s in &scripts {
            assert!(
                s.contains("src=\"/assets/") || s.contains("type=\"application/ld+json\""),
                "{page}: unexpected script tag <{s}>"
            );
        }
        for t in &tags {
            let lower = t.to_ascii_lowercase();
            // Attribute names are what matter: outside quotes, no on…= handler.
            let mut outside = String::new();
            let mut quote = None;
            for c in lower.chars() {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, c) => outside.push(c),
                    _ => {}
                }
            }
            assert!(
                !outside.split_whitespace().any(|a| a.starts_with("on") && a.contains('=')),
                "{page}: an event handler in <{t}>"
            );
            for scheme in ["javascript:", "data:", "vbscript:"] {
                assert!(!lower.contains(&format!("href=\"{scheme}")), "{page}: a {scheme} link in <{t}>");
                assert!(!lower.contains(&format!("href=\" {scheme}")), "{page}: a {scheme} link in <{t}>");
            }
        }
    }
    // The strings are still there, as text.
    let html = text(&site, "index.html");
    // Markup is read, not shown: no tag is on the page as text either.
    assert!(!html.contains("&lt;script") && !html.contains("&lt;iframe") && !html.contains("&lt;img"), "{html}");
}

#[test]
fn json_ld_stays_valid_json_with_hostile_strings() {
    let site = build(&fixture("xss.resume.json"));
    let html = text(&site, "index.html");
    let start = html.find("<script type=\"application/ld+json\">").expect("JSON-LD") + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&html[start..end]).expect("valid JSON");
    assert_eq!(ld["@type"], "Person");
    // The words of the markup, which here are none: a script is no name.
    for key in ["name", "description"] {
        let value = ld[key].as_str().unwrap_or_default();
        assert!(!value.contains("<script") && !value.contains("alert("), "{key}: {value}");
    }
    assert_eq!(ld["jobTitle"], "\" onmouseover=\"alert('label')\" x=\"", "a text with no tag stays as written");
    assert!(ld.get("url").is_none(), "a javascript: URL is not a URL");
    assert!(ld.get("sameAs").is_none());
}

#[test]
fn the_example_page_has_every_section_and_semantic_html() {
    let site = build(&example());
    let html = text(&site, "index.html");
    for section in [
        "Experience",
        "Projects",
        "Volunteering",
        "Education",
        "Skills",
        "Awards",
        "Certificates",
        "Publications",
        "Languages",
        "Interests",
        "References",
    ] {
        assert!(html.contains(&format!(">{section}</h2>")), "{section} is missing");
    }
    for tag in ["<header class=", "<main id=\"main\">", "<section ", "<time datetime=\"2021-03\">", "<footer>"] {
        assert!(html.contains(tag), "{tag} is missing");
    }
    for meta in ["property=\"og:title\"", "property=\"og:description\"", "name=\"description\"", "rel=\"canonical\""] {
        assert!(html.contains(meta), "{meta} is missing");
    }
    let ld_start = html.find("application/ld+json\">").unwrap() + 21;
    let ld: serde_json::Value =
        serde_json::from_str(&html[ld_start..ld_start + html[ld_start..].find('<').unwrap()]).unwrap();
    assert_eq!(ld["name"], "Ada Quill");
    assert_eq!(ld["worksFor"]["name"], "Northwind Analytics");
}

#[test]
fn empty_sections_are_left_out() {
    let site = build(&fixture("partial-dates.resume.json"));
    let html = text(&site, "index.html");
    assert!(html.contains(">Experience</h2>") && html.contains(">Awards</h2>"));
    for absent in ["Projects", "Education", "Skills", "References", "Publications", "Volunteering"] {
        assert!(!html.contains(&format!(">{absent}</h2>")), "{absent} is empty and must not show");
    }
    assert!(html.contains("<time datetime=\"2019\">2019</time>"));
    assert!(html.contains("<time datetime=\"2019-05\">May 2019</time>"));
    assert!(html.contains("<time datetime=\"2024-02-29\">Feb 2024</time>"));
}

#[test]
fn each_file_of_the_page_weighs_at_most_6_kb_gzipped_in_every_theme() {
    // What the README states: each file compressed on its own, as it travels.
    let gzipped = |bytes: &[u8]| {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap().len()
    };
    for theme in THEMES {
        let site = build_with(&example(), theme.name);
        let html = text(&site, "index.html");
        let mut sizes = vec![("index.html".to_owned(), gzipped(html.as_bytes()))];
        let assets: Vec<_> = site
            .files
            .iter()
            .filter(|f| f.path.starts_with("assets/site.") || f.path.starts_with("assets/counter."))
            .collect();
        assert_eq!(assets.len(), 2, "{}: the page's CSS and script", theme.name);
        for asset in assets {
            assert!(html.contains(&format!("/{}", asset.path)), "{}: {} is referenced", theme.name, asset.path);
            sizes.push((asset.path.clone(), gzipped(&asset.bytes)));
        }
        println!("{}: {sizes:?} bytes gzipped", theme.name);
        for (file, size) in sizes {
            assert!(size <= 6 * 1024, "{}: {file} is {size} bytes gzipped", theme.name);
        }
    }
}

#[test]
fn nothing_is_loaded_from_another_origin() {
    for theme in THEMES {
        loads_nothing_from_another_origin(theme.name);
    }
}

fn loads_nothing_from_another_origin(theme: &str) {
    let site = build_with(&example(), theme);
    for page in ["index.html", "stats.html", "404.html"] {
        let html = text(&site, page);
        for t in tags(&html) {
            let name = t.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
            if name == "a" || (name == "link" && (t.contains("rel=\"canonical\""))) || name == "meta" {
                continue; // links a visitor may follow, not requests the page makes
            }
            for attr in ["src=\"", "href=\""] {
                if let Some(v) = t.split(attr).nth(1) {
                    assert!(v.starts_with('/') && !v.starts_with("//"), "{page}: <{t}> loads from another origin");
                }
            }
        }
    }
    let css = site.files.iter().find(|f| f.path.ends_with(".css")).unwrap();
    let css = String::from_utf8_lossy(&css.bytes);
    assert!(!css.contains("url(") && !css.contains("@import"), "the CSS loads nothing");
}

#[test]
fn asset_names_follow_their_content() {
    let a = build(&example());
    let b = build(&fixture("partial-dates.resume.json"));
    let names =
        |s: &Site| s.files.iter().map(|f| f.path.clone()).filter(|p| p.starts_with("assets/")).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same assets under the same names");
    for name in names(&a) {
        let hash = name.split('.').nth(1).unwrap();
        assert_eq!(hash.len(), 8, "{name}");
        assert!(hash.bytes().all(|c| c.is_ascii_hexdigit()));
    }
    let themed = render(&load(&example()).unwrap(), &Theme::from_dir(&fixture("theme")).unwrap()).unwrap();
    let css = names(&themed).into_iter().find(|n| n.ends_with(".css")).unwrap();
    assert!(!names(&a).contains(&css), "new CSS, new name");
}

#[test]
fn a_theme_folder_overrides_templates_and_css() {
    let theme = Theme::from_dir(&fixture("theme")).unwrap();
    let site = render(&load(&example()).unwrap(), &theme).unwrap();
    let html = text(&site, "index.html");
    assert!(html.contains("<h1 class=\"custom-theme\">Ada Quill</h1>"));
    assert!(!html.contains(">Experience</h2>"));
    let css = site.files.iter().find(|f| f.path.ends_with(".css")).unwrap();
    assert!(String::from_utf8_lossy(&css.bytes).contains("rebeccapurple"));
    // What the theme does not replace stays built in.
    assert!(text(&site, "stats.html").contains("id=\"chart\""));
    assert!(Theme::from_dir(&fixture("no-such-theme")).is_err());
    assert!(Theme::from_dir(&fixture("")).is_err(), "a folder with no theme file is refused");
}

#[test]
fn the_stats_page_has_a_chart_and_a_table_for_screen_readers() {
    let site = build(&example());
    let html = text(&site, "stats.html");
    assert!(html.contains("<svg id=\"chart\" role=\"img\""));
    assert!(html.contains("<table id=\"daily\""));
    assert!(html.contains("<th scope=\"col\">Visitors</th>"));
    let js = site.files.iter().find(|f| f.path.starts_with("assets/stats.")).unwrap();
    let js = String::from_utf8_lossy(&js.bytes);
    // Each language's page's days (the root alone for a resume in one language), summed.
    assert!(js.contains("\"/api/visits/daily?path=\" + encodeURIComponent(path) + \"&days=30\""), "{js}");
    assert!(js.contains("let pages = [{ href: \"/\" }];"), "{js}");
    assert!(!js.contains("innerHTML"), "the chart is built with DOM calls, not markup strings");
}

/// Every field of a work entry is optional in JSON Resume: each one left out, alone and all
/// together, leaves no placeholder word, and what is given still shows.
#[test]
fn absent_fields_leave_no_placeholder_and_given_ones_show() {
    let full = serde_json::json!({
        "name": "Acme Corp", "position": "Principal Developer", "url": "https://acme.example",
        "startDate": "2019-01", "endDate": "2021-06", "summary": "Built things.", "highlights": ["Shipped"]
    });
    let keys: Vec<String> = full.as_object().unwrap().keys().cloned().collect();
    let mut cases: Vec<Vec<String>> = keys.iter().map(|k| vec![k.clone()]).collect();
    cases.push(keys.clone());
    let dir = tempfile::tempdir().unwrap();
    for absent in cases {
        let mut entry = full.clone();
        for key in &absent {
            entry.as_object_mut().unwrap().remove(key);
        }
        let file = dir.path().join("resume.json");
        std::fs::write(&file, serde_json::json!({"basics": {"name": "Ada"}, "work": [entry]}).to_string()).unwrap();
        let html = text(&build(&file), "index.html");
        let squeezed: String = html.split_whitespace().collect();
        for element in ["h1", "h2", "h3", "p", "li", "ul"] {
            assert!(!squeezed.contains(&format!("<{element}></{element}>")), "without {absent:?}: an empty {element}");
        }
        assert!(!squeezed.contains("<pclass=\"when\"></p>"), "without {absent:?}: an empty period");
        let page = visible_text(&html);
        assert_eq!(placeholder_in(&page), None, "without {absent:?}: {page}");
        for (key, shown) in [("name", "Acme Corp"), ("position", "Principal Developer"), ("summary", "Built things.")] {
            if !absent.contains(&key.to_owned()) {
                assert!(page.contains(shown), "without {absent:?}, {shown:?} is missing: {page}");
            }
        }
    }
}

#[test]
fn line_breaks_in_a_summary_make_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resume.json");
    let resume = serde_json::json!({
        "basics": {"name": "Ada", "summary": "First paragraph.\n\nSecond paragraph.\nThird line."},
        "work": [{"name": "Acme", "summary": "One.\nTwo."}]
    });
    std::fs::write(&file, resume.to_string()).unwrap();
    let html = text(&build(&file), "index.html");
    for para in ["First paragraph.", "Second paragraph.", "Third line.", "One.", "Two."] {
        assert!(html.contains(&format!("<p>{para}</p>")), "{para} is not a paragraph of its own: {html}");
    }
}
