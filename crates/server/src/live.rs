//! `serve --watch`: the site is rendered again while it is served, and every open page reloads
//! itself once the new one is ready.
//!
//! - A new rendering replaces the old one in one step ([`Live::publish`]), after it is whole:
//!   no request ever sees half of one.
//! - Each page gets a small script (`/_cloud-resume/live.js`) that listens to a server-sent
//!   event stream (`/_cloud-resume/live`) naming the current rendering, and reloads when that is
//!   not the one it was loaded with (so a rendering between page load and connect is not missed).
//!   Same origin only, so the site's content security policy holds unchanged; none of these
//!   paths exists outside watch mode.
//! - A resume that does not read shows an error page in place of every page, with every problem
//!   at its place, until it reads again; the last good rendering's other files stay served.
//! - Warnings show in a small banner on each page.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::sync::watch;

use crate::files::SiteFiles;

/// The stream of renderings.
const EVENTS: &str = "/_cloud-resume/live";
/// The page's listener.
const SCRIPT: &str = "/_cloud-resume/live.js";
/// The banner's and the error page's style.
const STYLE: &str = "/_cloud-resume/live.css";

const SCRIPT_JS: &str = include_str!("live.js");
const STYLE_CSS: &str = include_str!("live.css");

/// What the watcher has to show.
#[derive(Debug)]
pub enum Rendered {
    /// The resume read and rendered; `warnings` are what the reading rules read
    /// (`file:line:col: path: sentence` each).
    Site {
        /// The rendered site.
        site: site::Site,
        /// The readings beyond the schema, one line each.
        warnings: Vec<String>,
    },
    /// The resume (or the theme) did not read: `title` says which file, each of `problems` one
    /// place and what is wrong there.
    Broken {
        /// One sentence: what did not read.
        title: String,
        /// Every problem, one line each.
        problems: Vec<String>,
    },
}

#[derive(Clone)]
struct Current {
    generation: u64,
    files: Arc<SiteFiles>,
    /// The server is stopping: event streams end, so that they do not hold up the stop.
    closed: bool,
}

/// The site as `serve --watch` serves it: the latest rendering, swapped whole.
pub struct Live {
    tx: watch::Sender<Current>,
    /// The last rendering that read, whose assets an error page keeps serving.
    last_good: Mutex<Option<site::Site>>,
}

impl Live {
    /// Serves `first` until the next [`Live::publish`].
    pub fn new(first: Rendered) -> Arc<Self> {
        let empty = Current {
            generation: 0,
            files: Arc::new(SiteFiles::new(&site::Site { files: Vec::new() })),
            closed: false,
        };
        let (tx, _) = watch::channel(empty);
        let live = Arc::new(Self { tx, last_good: Mutex::new(None) });
        live.publish(first);
        live
    }

    /// Replaces what is served by `next`, whole, and tells every open page to reload.
    pub fn publish(&self, next: Rendered) {
        let generation = self.tx.borrow().generation + 1;
        let mut last_good = self.last_good.lock().unwrap_or_else(|e| e.into_inner());
        let shown = match next {
            Rendered::Site { site, warnings } => {
                let shown = with_live_parts(&site, generation, &warnings);
                *last_good = Some(site);
                shown
            }
            Rendered::Broken { title, problems } => {
                let page = error_page(&title, &problems, generation);
                let mut files = last_good.as_ref().map(|s| s.files.clone()).unwrap_or_default();
                files.retain(|f| !f.path.ends_with(".html"));
                for path in ["index.html", "stats.html", "404.html"] {
                    files.push(site::SiteFile { path: path.into(), bytes: page.clone().into_bytes() });
                }
                site::Site { files }
            }
        };
        // Compressed before the swap: what is served changes only once it is ready.
        let files = Arc::new(SiteFiles::new(&shown));
        self.tx.send_replace(Current { generation, files, closed: false });
    }

    /// Ends every event stream (the server is stopping); pages stay as they are.
    pub fn close(&self) {
        self.tx.send_modify(|current| current.closed = true);
    }

    /// The site's files and the live routes, for [`crate::app_live`].
    pub(crate) fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route(EVENTS, get(events))
            .route(SCRIPT, get(|| async { asset(SCRIPT_JS, "text/javascript; charset=utf-8") }))
            .route(STYLE, get(|| async { asset(STYLE_CSS, "text/css; charset=utf-8") }))
            .fallback(current_file)
            .with_state(Arc::clone(self))
    }
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn current_file(State(live): State<Arc<Live>>, request: Request) -> Response {
    let files = Arc::clone(&live.tx.borrow().files);
    files.answer(request.method(), request.uri().path(), request.headers())
}

/// `generation: N` now and after every rendering, until the server stops.
async fn events(State(live): State<Arc<Live>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = live.tx.subscribe();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let current = rx.borrow_and_update().clone();
        if current.closed {
            return None;
        }
        let event = Event::default().event("generation").data(current.generation.to_string());
        Some((Ok(event), (rx, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// The site with the live script and style on every page, and the warnings in a banner.
fn with_live_parts(site: &site::Site, generation: u64, warnings: &[String]) -> site::Site {
    let head = format!(
        r#"<link rel="stylesheet" href="{STYLE}"><script src="{SCRIPT}?g={generation}" defer></script></head>"#
    );
    let banner = if warnings.is_empty() {
        String::new()
    } else {
        let n = warnings.len();
        let items: String = warnings.iter().map(|w| format!("<li><code>{}</code></li>", escape(w))).collect();
        format!(
            r#"<aside class="cloud-resume-warnings" role="status"><p>{n} reading{} beyond the JSON Resume schema (<code>--strict</code> refuses {}):</p><ul>{items}</ul></aside>"#,
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" }
        )
    };
    let files = site
        .files
        .iter()
        .map(|f| {
            if !f.path.ends_with(".html") {
                return f.clone();
            }
            let page = String::from_utf8_lossy(&f.bytes).replacen("</head>", &head, 1);
            let page = match page.find("<body>") {
                Some(at) => format!("{}{banner}{}", &page[..at + "<body>".len()], &page[at + "<body>".len()..]),
                None => page,
            };
            site::SiteFile { path: f.path.clone(), bytes: page.into_bytes() }
        })
        .collect();
    site::Site { files }
}

/// The page shown in place of every page while the resume does not read.
fn error_page(title: &str, problems: &[String], generation: u64) -> String {
    let items: String = problems.iter().map(|p| format!("<li><code>{}</code></li>", escape(p))).collect();
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not rendered: {title} — cloud-resume</title>
<link rel="stylesheet" href="{STYLE}"><script src="{SCRIPT}?g={generation}" defer></script>
</head>
<body class="cloud-resume-error">
<main>
<h1>{title}</h1>
<p>Fix each place below and save: this page shows the resume again as soon as it reads.</p>
<ul class="problems">{items}</ul>
</main>
</body>
</html>
"#,
        title = escape(title),
    )
}

/// Text as HTML text or attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(name: &str) -> site::Site {
        let resume: resume::Resume = serde_json::from_str(&format!(r#"{{"basics":{{"name":"{name}"}}}}"#)).unwrap();
        site::render(&resume, &theme::Theme::default()).unwrap()
    }

    #[test]
    fn pages_get_the_script_and_the_warnings_and_an_error_keeps_the_assets() {
        let live =
            Live::new(Rendered::Site { site: site("Ada"), warnings: vec!["r.json:1:2: basics.url: <b>".into()] });
        let current = live.tx.borrow().clone();
        assert_eq!(current.generation, 1);
        let page = String::from_utf8(current.files.bytes_of("/").unwrap().to_vec()).unwrap();
        assert!(page.contains(r#"<script src="/_cloud-resume/live.js?g=1" defer></script></head>"#), "{page}");
        assert!(page.contains("1 reading beyond") && page.contains("<code>r.json:1:2: basics.url: &lt;b&gt;</code>"));
        let css = current.files.paths().into_iter().find(|p| p.ends_with(".css")).unwrap();

        live.publish(Rendered::Broken {
            title: "r.json does not read".into(),
            problems: vec!["r.json:3:1: x <y>".into()],
        });
        let current = live.tx.borrow().clone();
        assert_eq!(current.generation, 2);
        for path in ["/", "/stats.html"] {
            let page = String::from_utf8(current.files.bytes_of(path).unwrap().to_vec()).unwrap();
            assert!(page.contains("<h1>r.json does not read</h1>") && page.contains("x &lt;y&gt;"), "{page}");
            assert!(page.contains("live.js?g=2"));
        }
        assert!(current.files.bytes_of(&css).is_some(), "the last good CSS is still served");
    }
}
