//! The local web server of `cloud-resume serve`: the rendered site (held in memory,
//! precompressed) and the counter API on one origin, with the serving rules of
//! [`site::serving`] on every answer, one log line per request ([`api::log_requests`]), a sweep
//! of expired counter data, deadlines and a connection cap against clients that hold
//! connections open ([`Limits`]), and a stop on Ctrl+C or SIGTERM that cannot be held up. With
//! `--watch`, [`Live`] serves each new rendering and reloads the open pages.

#![warn(missing_docs)]

pub mod cli;
mod connections;
mod files;
mod live;
pub mod pdf;
pub mod watch;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use api::ApiConfig;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use counter::Counter;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;

pub use connections::Limits;
pub use files::SiteFiles;
pub use live::{Live, Rendered};

/// How often salts and visitor markers of past days are swept, besides at each day change.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Serves `app` on `listener` within `limits` until Ctrl+C or SIGTERM; `on_stop` runs then
/// (a live site ends its event streams), and requests in progress get
/// [`Limits::shutdown_deadline`] to finish.
pub async fn run(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    on_stop: impl FnOnce() + Send,
) -> anyhow::Result<()> {
    let local = listener.local_addr().context("reading the bound address")?;
    tracing::info!("serving http://{local}/ — press Ctrl+C to stop");
    let stop = async move {
        shutdown_signal().await;
        on_stop();
    };
    connections::serve(listener, app, limits, stop).await;
    tracing::info!("stopped");
    Ok(())
}

/// `5s`, `500ms`: a client timeout from 100 ms to 5 minutes.
pub fn parse_client_timeout(raw: &str) -> Result<Duration, String> {
    let timeout = humantime::parse_duration(raw).map_err(|e| format!("{e}; write it like 5s or 500ms"))?;
    if timeout < Duration::from_millis(100) || timeout > Duration::from_secs(300) {
        return Err("the client timeout must be from 100ms to 5m".into());
    }
    Ok(timeout)
}

/// The API under `/api`, the rendered site (from memory) everywhere else, security headers on
/// every response and one log line per request.
pub fn app(counter: Counter, config: ApiConfig, site: &site::Site) -> Router {
    let files = Router::new().fallback(files::serve_file).with_state(Arc::new(SiteFiles::new(site)));
    with_site(counter, config, files)
}

/// As [`app`], with the site `live` serves (`serve --watch`): its latest rendering, and the
/// routes that tell open pages to reload.
pub fn app_live(counter: Counter, config: ApiConfig, live: &Arc<Live>) -> Router {
    with_site(counter, config, live.router())
}

fn with_site(counter: Counter, config: ApiConfig, files: Router) -> Router {
    let mut app = api::router(counter, config).fallback_service(files);
    for (name, value) in site::serving::SECURITY_HEADERS {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    app.layer(middleware::from_fn(static_headers)).layer(middleware::from_fn(api::log_requests))
}

/// The site's cache rules ([`site::serving`]) on its files, `no-cache` on anything else without
/// one of its own (error pages, API answers that set none). Text types get an explicit UTF-8
/// charset.
async fn static_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let text_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(|ct| {
        let needs_charset = ["text/", "application/javascript", "image/svg+xml"].iter().any(|p| ct.starts_with(p));
        (needs_charset && !ct.contains("charset")).then(|| format!("{ct}; charset=utf-8"))
    });
    if let Some(value) = text_type.and_then(|v| HeaderValue::from_str(&v).ok()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        let is_site_file = response.status().is_success() && !path.starts_with("/api/");
        let value = if is_site_file { site::serving::cache_control(&path) } else { site::serving::NO_CACHE };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// The default port, and the last one tried when it and those after it are taken.
pub const DEFAULT_PORTS: std::ops::RangeInclusive<u16> = 8080..=8099;

/// `addr` as given, or the first free default port on loopback (saying so when it is not 8080).
pub async fn listen(addr: Option<SocketAddr>) -> anyhow::Result<TcpListener> {
    if let Some(addr) = addr {
        return TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr} (is another server using that port?)"));
    }
    let first = *DEFAULT_PORTS.start();
    for port in DEFAULT_PORTS {
        match TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
            Ok(listener) => {
                if port != first {
                    eprintln!("127.0.0.1:{first} is in use; serving on 127.0.0.1:{port} instead (--addr chooses)");
                }
                return Ok(listener);
            }
            Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => {}
            Err(err) => return Err(err).with_context(|| format!("listening on 127.0.0.1:{port}")),
        }
    }
    anyhow::bail!("ports {first} to {} on 127.0.0.1 are all in use; choose an address with --addr", DEFAULT_PORTS.end())
}

/// Opens `url` in the browser, off the runtime (it starts a process); a failure is told, not fatal.
pub fn open_browser(url: String) {
    tokio::task::spawn_blocking(move || match webbrowser::open(&url) {
        Ok(()) => eprintln!("opened {url} in the browser"),
        Err(err) => eprintln!("warning: could not open a browser ({err}); open {url} yourself"),
    });
}

/// Sweeps expired salts and visitor markers every hour, in the background.
pub fn spawn_purger(counter: Counter) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            every.tick().await;
            match counter.purge_expired().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(removed = n, "purged expired salts and visitor markers"),
                Err(err) => tracing::warn!(error = %err, "could not purge expired salts and visitor markers"),
            }
        }
    });
}

/// Resolves on Ctrl+C or SIGTERM; in-flight requests then finish before the server stops.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    /// The Lambda function counts `counter::SITE_PAGES`, `serve` the pages it rendered: the two
    /// must be the same set, or a page would count locally and 404 in the cloud.
    #[test]
    fn the_rendered_pages_are_the_pages_the_function_counts() {
        let resume: resume::Resume = serde_json::from_str(r#"{"basics":{"name":"Ada"}}"#).unwrap();
        let rendered = site::render(&resume, &theme::Theme::default()).unwrap();
        let rendered = counter::PageSet::new(rendered.pages().iter().map(String::as_str));
        assert_eq!(rendered, counter::PageSet::site());
    }
}
