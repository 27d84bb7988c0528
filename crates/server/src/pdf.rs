//! `build --pdf`: prints a built site's page with headless Chromium, kept offline, served to it
//! from a loopback port for as long as it prints.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use site::pdf::{Paper, PdfPages};
use tower_http::services::ServeDir;

/// Flags that keep Chromium off the network: no background requests to its vendor (the dead
/// proxy on 127.0.0.1:9 catches any that remain; loopback bypasses it). One list, one line each,
/// which the browser tests and the benchmarks read too.
const OFFLINE_FLAGS: &str = include_str!("../chromium-offline-flags.txt");

fn offline_flags() -> impl Iterator<Item = &'static str> {
    OFFLINE_FLAGS.lines().map(str::trim).filter(|flag| !flag.is_empty())
}

/// Chromium from `CHROMIUM_PATH`, else the first of the usual names on `PATH`.
pub fn find_chromium() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM_PATH") {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        bail!("CHROMIUM_PATH is {}, which is not a file; point it at a Chromium binary", path.display());
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
    let dirs: Vec<PathBuf> = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    for name in names {
        if let Some(found) = dirs.iter().map(|d| d.join(name)).find(|p| p.is_file()) {
            return Ok(found);
        }
    }
    bail!(
        "--pdf needs headless Chromium, and none was found on PATH; install it (on Debian: apt-get install chromium) or set CHROMIUM_PATH"
    )
}

/// Serves `site_dir` on a loopback port for as long as Chromium prints `index.html` to `pdf` on
/// `paper`; returns the number of pages, read back from the file.
pub fn print(chromium: &Path, site_dir: &Path, pdf: &Path, paper: Paper) -> anyhow::Result<usize> {
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().context("starting the async runtime")?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).context("binding a loopback port")?;
    let addr = listener.local_addr().context("reading the loopback port")?;
    // The page as the site has it, told which paper to print on (the site's own stylesheet
    // leaves the paper to whoever prints it).
    let index = std::fs::read_to_string(site_dir.join("index.html")).context("reading the built index.html")?;
    let index = index.replacen("</head>", &format!("<style>{}</style></head>", paper.css()), 1);
    let page = axum::routing::get(move || async move { axum::response::Html(index) });
    let app = axum::Router::new().route("/", page).fallback_service(ServeDir::new(site_dir));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        runtime.block_on(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
    });
    let profile = tempfile::tempdir().context("creating a throw-away Chromium profile")?;
    let pdf_abs = std::path::absolute(pdf).with_context(|| format!("resolving {}", pdf.display()))?;
    let output = Command::new(chromium)
        .arg("--headless")
        .args(offline_flags())
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf_abs.display()))
        .arg(format!("http://{addr}/"))
        .output()
        .with_context(|| format!("running {}", chromium.display()));
    let _ = stop.send(());
    let _ = server.join();
    let output = output?;
    let written = std::fs::metadata(&pdf_abs).map(|m| m.len() > 0).unwrap_or(false);
    if !output.status.success() || !written {
        bail!(
            "Chromium could not print the page ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).lines().last().unwrap_or("no output")
        );
    }
    let bytes = std::fs::read(&pdf_abs).with_context(|| format!("reading {}", pdf.display()))?;
    let pages =
        PdfPages::read(&bytes).map_err(|e| anyhow::anyhow!("Chromium wrote {}, but it is {e}", pdf.display()))?;
    Ok(pages.count())
}
