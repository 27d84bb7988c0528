//! `serve --watch` and `serve --open` on the real binary: the page follows the resume as it is
//! edited (a new rendering, told to open pages by an event stream), a resume
//! that does not read shows its problems in place of the page until it does, warnings show in a
//! banner, none of it exists without `--watch`, and the default port moves aside when taken.
//! With `--pdf`, `/resume.pdf` follows the resume too.

mod util;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use util::{FIREFOX, Server};

/// How long a test waits for a rendering to show. The time it takes (a 100 ms debounce and a
/// render, a few hundred ms in all) is printed, not held: on a loaded two-core machine it moves,
/// and what the tests hold is that the page follows the file by itself.
const SHOWN_WITHIN: Duration = Duration::from_secs(15);

/// A copy of the example resume in a folder of its own, to edit.
fn editable() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let resume = dir.path().join("resume.json");
    std::fs::copy(util::example_resume(), &resume).unwrap();
    (dir, resume)
}

/// Writes `text` the way editors save: a new file renamed over the old one.
fn save(resume: &Path, text: &str) {
    let tmp = resume.with_extension("json.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, resume).unwrap();
}

fn get(server: &Server, path: &str) -> (u16, String) {
    server.raw_get(path)
}

/// Polls `path` until its body holds `needle`; how long that took.
fn until_shown(server: &Server, path: &str, needle: &str, limit: Duration) -> Duration {
    let start = Instant::now();
    loop {
        let (_, body) = get(server, path);
        if body.contains(needle) {
            return start.elapsed();
        }
        assert!(start.elapsed() < limit, "{needle:?} not shown at {path} within {limit:?}:\n{body:.600}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn example_text() -> String {
    std::fs::read_to_string(util::example_resume()).unwrap()
}

#[test]
fn an_edit_is_on_the_page_by_itself_and_a_broken_resume_shows_its_problems() {
    let (dir, resume) = editable();
    let server = Server::start_full(&[], &resume, &dir.path().join("data"), &["--watch"], &[]);
    let (status, page) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(page.contains(r#"<script src="/_cloud-resume/live.js?g=1" defer></script>"#), "{page:.400}");
    let css_path = page.split(r#"href="/assets/site."#).nth(1).and_then(|r| r.split('"').next()).unwrap();
    let css = format!("/assets/site.{css_path}");

    save(&resume, &example_text().replace("Ada Quill", "Ada Q. Quill"));
    let took = until_shown(&server, "/", "<h1>Ada Q. Quill</h1>", SHOWN_WITHIN);
    println!("the edit showed after {took:?}");
    assert!(get(&server, "/").1.contains("live.js?g=2"));

    // Broken JSON: the error page, with the place, in place of every page; the assets stay.
    let broken = example_text().replacen("\"basics\": {", "\"basics\": {,", 1);
    save(&resume, &broken);
    until_shown(&server, "/", "does not read", SHOWN_WITHIN);
    for path in ["/", "/stats.html"] {
        let (_, page) = get(&server, path);
        assert!(page.contains("resume.json:3:14: this is not valid JSON"), "{path}: {page}");
    }
    assert_eq!(get(&server, &css).0, 200, "the last good CSS is still served");
    // A resume of another shape is read as a person reads it, each reading said in the banner
    // at its place.
    let wrong = example_text().replacen("\"Ada Quill\"", "5", 1).replacen("\"Cloud Engineer\"", "[]", 1);
    save(&resume, &wrong);
    until_shown(&server, "/", "<h1>5</h1>", SHOWN_WITHIN);
    let (_, page) = get(&server, "/");
    assert!(page.contains("resume.json:4:13: basics.name: a number where text goes"), "{page}");
    assert!(page.contains("basics.label: a list holds no text to show; left out"), "{page}");

    save(&resume, &example_text());
    until_shown(&server, "/", "<h1>Ada Quill</h1>", SHOWN_WITHIN);
}

/// Reads server-sent events from `stream` until one named `generation` comes; its data.
fn next_generation(lines: &mut impl BufRead) -> String {
    let mut event = String::new();
    loop {
        let mut line = String::new();
        assert!(lines.read_line(&mut line).unwrap() > 0, "the event stream ended");
        let line = line.trim_end();
        if let Some(name) = line.strip_prefix("event: ") {
            event = name.to_owned();
        } else if let Some(data) = line.strip_prefix("data: ")
            && event == "generation"
        {
            return data.to_owned();
        }
    }
}

#[test]
fn open_pages_are_told_of_each_rendering_and_the_stream_does_not_hold_up_the_stop() {
    let (dir, resume) = editable();
    let mut server = Server::start_full(&[], &resume, &dir.path().join("data"), &["--watch"], &[]);
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream.set_read_timeout(Some(SHOWN_WITHIN)).unwrap();
    write!(stream, "GET /_cloud-resume/live HTTP/1.1\r\nHost: {}\r\nUser-Agent: {FIREFOX}\r\n\r\n", server.addr)
        .unwrap();
    let mut lines = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    while lines.read_line(&mut head).unwrap() > 2 && !head.ends_with("\r\n\r\n") {}
    assert!(head.starts_with("HTTP/1.1 200") && head.contains("text/event-stream"), "{head}");
    assert_eq!(next_generation(&mut lines), "1", "the current rendering, on connect");
    let start = Instant::now();
    save(&resume, &example_text().replace("Ada Quill", "Ada Lovelace Quill"));
    assert_eq!(next_generation(&mut lines), "2");
    println!("open pages were told after {:?}", start.elapsed());
    assert!(get(&server, "/").1.contains("Ada Lovelace Quill"), "the page is ready when pages are told");

    let start = Instant::now();
    assert!(server.stop_with("TERM").success());
    // Under the 5 s that requests in progress are given: the open stream is not waited for.
    assert!(start.elapsed() < Duration::from_secs(4), "stopped after {:?} with a stream open", start.elapsed());
}

#[test]
fn warnings_show_in_a_banner_and_a_broken_start_still_serves_its_problems() {
    let (dir, resume) = editable();
    save(
        &resume,
        &example_text().replacen(
            "\"startDate\": \"2021-03\"",
            "\"startDate\": \"2021-03\", \"endDate\": \"Present\"",
            1,
        ),
    );
    let server = Server::start_full(&[], &resume, &dir.path().join("data"), &["--watch"], &[]);
    let (_, page) = get(&server, "/");
    assert!(page.contains(r#"<aside class="cloud-resume-warnings" role="status"><p>1 reading beyond"#), "{page:.900}");
    assert!(page.contains("work[0].endDate: &quot;Present&quot; read as ongoing"), "{page:.1500}");
    assert_eq!(get(&server, "/_cloud-resume/live.css").0, 200);
    drop(server);

    // Without --watch: the same resume serves with no banner, no script, no live routes.
    let plain = Server::start_full(&[], &resume, &dir.path().join("data"), &[], &[]);
    let (_, page) = get(&plain, "/");
    assert!(!page.contains("cloud-resume-warnings") && !page.contains("_cloud-resume"), "{page:.600}");
    for path in ["/_cloud-resume/live", "/_cloud-resume/live.js", "/_cloud-resume/live.css"] {
        assert_eq!(get(&plain, path).0, 404, "{path}");
    }
    drop(plain);

    // A resume that does not read: serve stops (exit 2) without --watch, and shows why with it.
    save(&resume, "{ not json");
    let out = util::bin().args(["serve", "--addr", "127.0.0.1:0"]).arg("--resume").arg(&resume).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let server = Server::start_full(&[], &resume, &dir.path().join("data"), &["--watch"], &[]);
    let (status, page) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(page.contains("does not read") && page.contains("resume.json:1:3"), "{page}");
    save(&resume, &example_text());
    until_shown(&server, "/", "<h1>Ada Quill</h1>", SHOWN_WITHIN);
}

/// The CSP is the same with and without --watch: the live parts are same-origin files.
#[test]
fn watch_mode_keeps_the_content_security_policy() {
    let (dir, resume) = editable();
    let csp = |extra: &[&str]| {
        let server = Server::start_full(&[], &resume, &dir.path().join("data"), extra, &[]);
        let mut stream = TcpStream::connect(server.addr).unwrap();
        write!(stream, "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: {FIREFOX}\r\nConnection: close\r\n\r\n").unwrap();
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stream, &mut text);
        text.lines().find(|l| l.to_ascii_lowercase().starts_with("content-security-policy:")).map(str::to_owned)
    };
    let watching = csp(&["--watch"]).expect("a CSP in watch mode");
    assert_eq!(Some(watching.clone()), csp(&[]));
    assert!(watching.contains("default-src 'self'") && !watching.contains("unsafe-inline"), "{watching}");
}

#[test]
fn open_starts_the_browser_on_the_served_address() {
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(&browser, format!("#!/bin/sh\necho \"$1\" > '{}'\n", seen.display())).unwrap();
    std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let server =
        Server::start_with_env(&dir.path().join("data"), &["--open"], &[("BROWSER", browser.to_str().unwrap())]);
    let start = Instant::now();
    while !seen.exists() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let opened = std::fs::read_to_string(&seen).expect("the browser was started");
    assert_eq!(opened.trim(), format!("http://{}/", server.addr));
}

#[test]
fn the_default_port_moves_aside_when_taken_and_a_given_one_never_does() {
    // Hold 8080 (or find it held already): serve without --addr takes the next free port.
    let held = std::net::TcpListener::bind("127.0.0.1:8080");
    let dir = tempfile::tempdir().unwrap();
    let mut child = util::bin()
        .arg("serve")
        .arg("--resume")
        .arg(util::example_resume())
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .env_remove("CLOUD_RESUME_ADDR")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    let start = Instant::now();
    while !said.contains("serving http://") && start.elapsed() < Duration::from_secs(20) {
        if err.read_line(&mut said).unwrap() == 0 {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(said.contains("127.0.0.1:8080 is in use; serving on 127.0.0.1:80"), "{said}");
    assert!(!said.contains("serving http://127.0.0.1:8080/"), "{said}");
    drop(held);

    // A port given with --addr is used or serve stops, saying why.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = util::bin()
        .args(["serve", "--addr", &addr])
        .arg("--resume")
        .arg(util::example_resume())
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("listening on {addr}")));
}

#[test]
fn a_change_to_a_theme_file_renders_again() {
    let (dir, resume) = editable();
    let theme = dir.path().join("theme");
    std::fs::create_dir(&theme).unwrap();
    std::fs::write(theme.join("resume.txt"), "{{ resume.basics.name }}, first theme\n").unwrap();
    let server = Server::start_full(
        &[],
        &resume,
        &dir.path().join("data"),
        &["--watch", "--theme", theme.to_str().unwrap()],
        &[],
    );
    assert_eq!(get(&server, "/resume.txt").1, "Ada Quill, first theme\n");
    std::fs::write(theme.join("resume.txt"), "{{ resume.basics.name }}, second theme\n").unwrap();
    let took = until_shown(&server, "/resume.txt", "Ada Quill, second theme", SHOWN_WITHIN);
    println!("the theme's change showed after {took:?}");
    // A file beside the resume that is neither it nor a picture changes nothing.
    std::fs::write(dir.path().join("notes.txt"), "unrelated").unwrap();
    std::thread::sleep(Duration::from_millis(400));
    assert!(get(&server, "/").1.contains("live.js?g=2"), "notes.txt rendered nothing");
}

/// The text `pdftotext` reads from what `/resume.pdf` serves now.
fn pdf_text(server: &Server, dir: &Path) -> String {
    let (status, pdf) = server.raw_get_bytes("/resume.pdf");
    assert_eq!(status, 200, "/resume.pdf");
    assert!(pdf.starts_with(b"%PDF-"), "/resume.pdf is a PDF");
    let file = dir.join("served.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn with_pdf_the_served_pdf_is_typeset_again_after_each_change() {
    let (dir, resume) = editable();
    let server = Server::start_full(&[], &resume, &dir.path().join("data"), &["--watch", "--pdf"], &[]);
    let (_, page) = get(&server, "/");
    assert!(page.contains(r#"href="/resume.pdf""#), "the page links its PDF: {page:.600}");
    assert!(pdf_text(&server, dir.path()).contains("Ada Quill"));

    save(&resume, &example_text().replace("Ada Quill", "Ada Q. Quill"));
    until_shown(&server, "/", "<h1>Ada Q. Quill</h1>", SHOWN_WITHIN);
    // The page and the PDF are published together: once the page shows the edit, so does the PDF.
    let text = pdf_text(&server, dir.path());
    assert!(text.contains("Ada Q. Quill"), "{text}");

    // Without --watch, --pdf serves the PDF typeset at the start.
    let still = Server::start_full(&[], &resume, &dir.path().join("data2"), &["--pdf"], &[]);
    assert!(pdf_text(&still, dir.path()).contains("Ada Q. Quill"));
    // And without --pdf there is none.
    let none = Server::start_full(&[], &resume, &dir.path().join("data3"), &["--watch"], &[]);
    assert_eq!(none.raw_get_bytes("/resume.pdf").0, 404);
}

/// A resume in two languages: a change of the sibling file shows on its page by itself, a
/// sibling file added while serving becomes a page (and a page of the counter's), and one taken
/// away stops being either.
#[test]
fn a_sibling_file_in_another_language_is_watched_too() {
    let (dir, resume) = editable();
    let german = dir.path().join("resume.de.json");
    let german_text = example_text().replace("Cloud Engineer", "Cloud-Ingenieurin");
    save(&german, &german_text);
    let server = Server::start_full(&[], &resume, &dir.path().join("data"), &["--watch"], &[]);
    until_shown(&server, "/de/", "Cloud-Ingenieurin", SHOWN_WITHIN);
    save(&german, &german_text.replace("Cloud-Ingenieurin", "Plattform-Ingenieurin"));
    until_shown(&server, "/de/", "Plattform-Ingenieurin", SHOWN_WITHIN);
    assert!(get(&server, "/").1.contains("Cloud Engineer"), "the English page is as it was");

    // A French file appears: its page, and its views count.
    let french = dir.path().join("resume-fr.json");
    save(&french, &example_text().replace("Cloud Engineer", "Ingénieure cloud"));
    until_shown(&server, "/fr/", "Ingénieure cloud", SHOWN_WITHIN);
    let (status, body) = server.post_visit_from("/fr/");
    assert_eq!((status, body["path"].as_str()), (200, Some("/fr/")), "{body}");
    // Taken away: no page, and not counted.
    std::fs::remove_file(&french).unwrap();
    let start = Instant::now();
    while get(&server, "/fr/").0 != 404 {
        assert!(start.elapsed() < SHOWN_WITHIN, "/fr/ still served");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (status, body) = server.post_visit_from("/fr/");
    assert_eq!((status, body["error"].as_str()), (404, Some("unknown_page")), "{body}");
}
