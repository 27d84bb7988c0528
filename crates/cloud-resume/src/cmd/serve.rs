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
use counter::{Counter, CounterConfig, ReopeningSqlite, Store};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::cli::{ServeArgs, StoreKind};

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
        (StoreKind::Sqlite, _) => Arc::new(ReopeningSqlite::open(args.data_dir.join("counter.sqlite3")).await),
        #[cfg(feature = "aws")]
        (StoreKind::Dynamodb, Some(table)) => {
            tracing::info!(table, "counting in DynamoDB");
            let client = counter::settings::dynamodb_client(args.store_timeout).await;
            Arc::new(counter::DynamoStore::new(client, table.clone()))
        }
        #[cfg(not(feature = "aws"))]
        (StoreKind::Dynamodb, Some(_)) => return super::without_aws("serve --store dynamodb"),
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
