//! `serve`: renders the resume (into memory; with `--watch`, again at each change), picks the
//! store, binds the port, and hands them to the `server` crate. The data directory gets the
//! SQLite file and nothing else.

use std::sync::Arc;

use anyhow::Context;
use api::{ApiConfig, ClientIpSource, SiteOrigin};
use axum::http::HeaderValue;
use counter::{Counter, CounterConfig, PageSet};

use crate::cli::{ServeArgs, StoreKind};

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")?;
    runtime.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let sources = super::sources(&args.resume, args.theme.as_deref(), args.strict, args.lang);
    // Without --watch a resume that does not read stops serve; with it, the browser shows why.
    let site = if args.watch { None } else { Some(super::build_site(&sources)?.site) };
    let counter = counter(&args).await?;
    server::spawn_purger(counter.clone());
    let api_config = ApiConfig {
        client_ip: if args.trust_proxy { ClientIpSource::ForwardedFor } else { ClientIpSource::Peer },
        allowed_origins: args
            .allowed_origins
            .iter()
            .map(|o| HeaderValue::from_str(o).with_context(|| format!("the origin {o:?}")))
            .collect::<anyhow::Result<_>>()?,
        // Browsers reach this server directly: the Host they send is the site's origin.
        site_origin: SiteOrigin::FromHost,
        // Every theme renders the same pages (a theme replaces templates, it adds none).
        pages: site.as_ref().map_or_else(PageSet::site, |site| PageSet::new(site.pages().iter().map(String::as_str))),
        body_timeout: args.client_timeout,
        // No CDN tells a country here: every view's is `unknown`.
        country_header: None,
    };

    let listener = server::listen(args.addr).await?;
    let url = format!("http://{}/", listener.local_addr().context("reading the bound address")?);
    let limits = server::Limits {
        head_timeout: args.client_timeout,
        max_connections: args.max_connections as usize,
        ..server::Limits::default()
    };
    if args.open {
        server::open_browser(url);
    }
    match site {
        Some(site) => server::run(listener, server::app(counter, api_config, &site), limits, || {}).await,
        None => {
            let live = server::Live::new(super::watch::render(&sources));
            let _watcher = super::watch::spawn(sources, Arc::clone(&live))?;
            let app = server::app_live(counter, api_config, &live);
            tracing::info!("watching {} for changes", args.resume.display());
            server::run(listener, app, limits, move || live.close()).await
        }
    }
}

/// The counter over the store the arguments name.
async fn counter(args: &ServeArgs) -> anyhow::Result<Counter> {
    let store = super::open_store(&args.store, true).await?;
    let config = CounterConfig {
        site: args.site.clone(),
        refresh_window: time::Duration::try_from(args.refresh_window).context("refresh window out of range")?,
        // SQLite sweeps at each day change; a DynamoDB table's TTL needs no sweep in requests.
        purge_on_day_change: args.store.kind == StoreKind::Sqlite,
        views_per_ip_hour: (args.views_per_ip_hour > 0).then_some(args.views_per_ip_hour),
    };
    Ok(Counter::new(store, config))
}
