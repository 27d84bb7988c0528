//! The resume's picture: a file next to the resume goes into the site under a hashed name; a
//! URL, a missing file or a file that is not a picture leaves the page without one, with a
//! warning at its place (an error when strict).

use std::path::Path;

use resume::{LoadError, read};
use site::render;
use theme::Theme;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn resume_with(dir: &Path, basics: serde_json::Value) -> std::path::PathBuf {
    let file = dir.join("resume.json");
    let text = serde_json::to_string_pretty(&serde_json::json!({ "basics": basics })).unwrap();
    std::fs::write(&file, text).unwrap();
    file
}

fn page(file: &Path) -> (site::Site, String) {
    let loaded = read(file, false).unwrap();
    let site = render(&loaded.resume, &Theme::builtin()).unwrap();
    let html = String::from_utf8(site.file("index.html").unwrap().bytes.clone()).unwrap();
    (site, html)
}

#[test]
fn a_picture_beside_the_resume_is_copied_under_a_hashed_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("img")).unwrap();
    std::fs::write(dir.path().join("img/me.png"), PNG).unwrap();
    for key in ["image", "picture"] {
        let file = resume_with(dir.path(), serde_json::json!({"name": "Ada", key: "img/me.png"}));
        assert!(read(&file, false).unwrap().warnings.iter().all(|w| !w.message.contains("no picture")), "{key}");
        let (site, html) = page(&file);
        let copied: Vec<_> = site.files.iter().filter(|f| f.path.starts_with("assets/photo.")).collect();
        assert_eq!(copied.len(), 1, "{key}");
        assert!(copied[0].path.ends_with(".png") && copied[0].bytes == PNG);
        let tag = format!("<img class=\"photo\" src=\"/{}\" alt=\"\" width=\"112\" height=\"112\">", copied[0].path);
        assert!(html.contains(&tag), "{key}: {html}");
    }
}

#[test]
fn a_picture_that_cannot_be_shown_is_a_warning_at_its_place_and_an_error_when_strict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.png"), "not a picture").unwrap();
    for (image, says) in [
        ("https://example.com/me.jpg", "is on another origin"),
        ("//cdn.example.com/me.jpg", "is on another origin"),
        ("missing.jpg", "cannot read the picture"),
        ("notes.png", "is not a PNG, JPEG, GIF, WebP or AVIF picture"),
    ] {
        let file = resume_with(dir.path(), serde_json::json!({"name": "Ada", "image": image}));
        let loaded = read(&file, false).unwrap();
        let warning = loaded.warnings.iter().find(|w| w.path == "basics.image").expect("a warning");
        assert!(warning.message.contains(says), "{image}: {warning:?}");
        assert_eq!((warning.line, warning.column), (4, 14), "{image}");
        let (site, html) = page(&file);
        assert!(!html.contains("class=\"photo\""), "{image}");
        assert!(site.files.iter().all(|f| !f.path.starts_with("assets/photo.")));
        assert!(!html.contains("example.com"), "{image}: nothing from another origin");
        assert!(matches!(read(&file, true), Err(LoadError::Invalid { .. })), "{image}: strict refuses");
    }
}
