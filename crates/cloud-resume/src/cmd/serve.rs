//! `serve`: renders the resume, picks the store, and hands both to the `server` crate.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use api::{ApiConfig, ClientIpSource};
use axum::http::HeaderValue;
use counter::{Counter, CounterConfig, ReopeningSqlite, Store};

use crate::cli::{ServeArgs, StoreKind};

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
    server::spawn_purger(counter.clone());

    let api_config = ApiConfig {
        client_ip: if args.trust_proxy { ClientIpSource::ForwardedFor } else { ClientIpSource::Peer },
        allowed_origins: args
            .allowed_origins
            .iter()
            .map(|o| HeaderValue::from_str(o).with_context(|| format!("the origin {o:?}")))
            .collect::<anyhow::Result<_>>()?,
    };

    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("listening on {} (is another server using that port?)", args.addr))?;
    server::run(listener, server::app(counter, api_config, &site_dir)).await
}

fn write_site(site: &site::Site, dir: &Path) -> anyhow::Result<std::path::PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    site.write_to(dir).with_context(|| format!("writing the site into {}", dir.display()))?;
    Ok(dir.to_owned())
}
