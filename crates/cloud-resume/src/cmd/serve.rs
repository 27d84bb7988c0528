use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use api::{ApiConfig, ClientIpSource};
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use counter::{Counter, CounterConfig, DynamoStore, SqliteStore, Store};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::cli::{ServeArgs, StoreKind};

/// How often a counter database that could not be opened is tried again (at most).
const REOPEN_EVERY: Duration = Duration::from_secs(2);

/// How often salts and visitor markers of past days are swept, besides at each day change.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")?;
    runtime.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let site = super::render_resume(&args.resume, args.theme.as_deref(), args.strict, args.lang)?;
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("creating the data directory {}", args.data_dir.display()))?;
    // The site goes into the data directory; if that cannot be written (a read-only or full
    // disk), into a temporary folder, so that the site is up even when the counter is not.
    let mut _site_tmp = None;
    let site_dir = match write_site(&site, &args.data_dir.join("site")) {
        Ok(dir) => dir,
        Err(err) => {
            tracing::error!(
                "cannot write the site into the data directory ({err:#}); serving it from a temporary folder"
            );
            let tmp = tempfile::tempdir().context("creating a temporary folder for the site")?;
            let dir = write_site(&site, tmp.path())?;
            _site_tmp = Some(tmp);
            dir
        }
    };

    let store: Arc<dyn Store> = match (args.store, &args.table) {
        (StoreKind::Sqlite, _) => Arc::new(ReopeningSqlite::open(args.data_dir.join("counter.sqlite3"))),
        (StoreKind::Dynamodb, Some(table)) => {
            tracing::info!(table, "counting in DynamoDB");
            Arc::new(DynamoStore::new(super::dynamodb_client(args.store_timeout).await, table.clone()))
        }
        (StoreKind::Dynamodb, None) => anyhow::bail!("--store dynamodb needs --table NAME"),
    };
    let config = CounterConfig {
        site: args.site.clone(),
        refresh_window: time::Duration::try_from(args.refresh_window).context("refresh window out of range")?,
        // SQLite sweeps at each day change; a DynamoDB table's TTL needs no sweep in requests.
        purge_on_day_change: args.store == StoreKind::Sqlite,
    };
    let counter = Counter::new(store, config);
    spawn_purger(counter.clone());

    let api_config = ApiConfig {
        client_ip: if args.trust_proxy { ClientIpSource::ForwardedFor } else { ClientIpSource::Peer },
        allowed_origins: args
            .allowed_origins
            .iter()
            .map(|o| HeaderValue::from_str(o).with_context(|| format!("the origin {o:?}")))
            .collect::<anyhow::Result<_>>()?,
    };
    let app = app(counter, api_config, &site_dir);

    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("listening on {} (is another server using that port?)", args.addr))?;
    let local = listener.local_addr().context("reading the bound address")?;
    tracing::info!("serving http://{local}/ — press Ctrl+C to stop");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving HTTP")?;
    tracing::info!("stopped");
    Ok(())
}

/// The API under `/api`, the rendered site everywhere else, security headers on every response
/// and one log line per request.
fn app(counter: Counter, config: ApiConfig, site_dir: &Path) -> Router {
    let static_files = ServeDir::new(site_dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(site_dir.join("404.html")));
    let mut app = api::router(counter, config).fallback_service(static_files);
    for (name, value) in SECURITY_HEADERS {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    app.layer(middleware::from_fn(static_headers)).layer(middleware::from_fn(api::log_requests))
}

const SECURITY_HEADERS: &[(&str, &str)] = &[
    (
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// Content-hashed assets never change under their name; everything else is revalidated. Text
/// types get an explicit UTF-8 charset.
async fn static_headers(request: Request, next: Next) -> Response {
    let immutable = request.uri().path().starts_with("/assets/");
    let mut response = next.run(request).await;
    let text_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(|ct| {
        let needs_charset = ["text/", "application/javascript", "image/svg+xml"].iter().any(|p| ct.starts_with(p));
        (needs_charset && !ct.contains("charset")).then(|| format!("{ct}; charset=utf-8"))
    });
    if let Some(value) = text_type.and_then(|v| HeaderValue::from_str(&v).ok()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = if immutable && response.status().is_success() {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

fn spawn_purger(counter: Counter) {
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

fn write_site(site: &site::Site, dir: &Path) -> anyhow::Result<std::path::PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    site.write_to(dir).with_context(|| format!("writing the site into {}", dir.display()))?;
    Ok(dir.to_owned())
}

/// The SQLite store, opened when it can be. A database that cannot be opened at start (a
/// read-only or full data directory) does not stop the server: the API answers 503 and the open
/// is tried again, at most every [`REOPEN_EVERY`], until it works.
struct ReopeningSqlite {
    path: std::path::PathBuf,
    state: std::sync::Mutex<(Option<SqliteStore>, Option<std::time::Instant>)>,
}

impl ReopeningSqlite {
    fn open(path: std::path::PathBuf) -> Self {
        let this = Self { path, state: std::sync::Mutex::new((None, None)) };
        let _ = this.store();
        this
    }

    fn store(&self) -> Result<SqliteStore, counter::StoreError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(store) = &state.0 {
            return Ok(store.clone());
        }
        if state.1.is_some_and(|tried| tried.elapsed() < REOPEN_EVERY) {
            return Err(counter::StoreError::unavailable(format!(
                "the counter database {} could not be opened",
                self.path.display()
            )));
        }
        state.1 = Some(std::time::Instant::now());
        match SqliteStore::open(&self.path) {
            Ok(store) => {
                tracing::info!(db = %self.path.display(), "the counter database is open");
                state.0 = Some(store.clone());
                Ok(store)
            }
            Err(err) => {
                let err = anyhow::Error::new(err);
                tracing::error!(
                    db = %self.path.display(),
                    "cannot open the counter database ({err:#}); the API answers 503 until it can (is the data directory read-only or full?)"
                );
                Err(counter::StoreError::unavailable(format!("{err:#}")))
            }
        }
    }
}

#[async_trait::async_trait]
impl Store for ReopeningSqlite {
    async fn record_view(&self, view: &counter::ViewRecord) -> Result<counter::Recorded, counter::StoreError> {
        self.store()?.record_view(view).await
    }
    async fn totals(&self, path: &counter::PagePath) -> Result<counter::Totals, counter::StoreError> {
        self.store()?.totals(path).await
    }
    async fn daily(
        &self,
        path: &counter::PagePath,
        first: time::Date,
        last: time::Date,
    ) -> Result<Vec<counter::DayCount>, counter::StoreError> {
        self.store()?.daily(path, first, last).await
    }
    async fn salt(
        &self,
        day: time::Date,
        candidate: counter::Salt,
        expires_at: time::OffsetDateTime,
    ) -> Result<counter::Salt, counter::StoreError> {
        self.store()?.salt(day, candidate, expires_at).await
    }
    async fn purge_expired(&self, now: time::OffsetDateTime) -> Result<u64, counter::StoreError> {
        self.store()?.purge_expired(now).await
    }
    async fn ping(&self) -> Result<(), counter::StoreError> {
        self.store()?.ping().await
    }
}
