//! `cloud-resume serve`: its arguments, and the command itself. It renders the resume (into
//! memory; with `--watch`, again at each change), opens the store, binds the port and serves
//! the site and the API on one origin. The data directory gets the SQLite file and nothing else.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use counter::cli::{CountingArgs, StoreArgs};
use counter::{LivePages, PageSet};
use print::cli::PdfArgs;
use site::cli::SourceArgs;

use crate::{Live, Rendered};

/// `cloud-resume serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// What the site is made from.
    #[command(flatten)]
    pub source: SourceArgs,

    /// The address to listen on [default: 127.0.0.1:8080, or when that port is taken the next
    /// free one up to 8099]. An address given here is used as it is, or serve stops. Keep the
    /// loopback address unless a reverse proxy on another interface must reach it.
    #[arg(long, env = "CLOUD_RESUME_ADDR")]
    pub addr: Option<SocketAddr>,

    /// Render the site again whenever the resume or a file of --theme changes, and reload the
    /// open page once the new one is ready. A resume that does not read shows its problems in
    /// the browser until it does; warnings show in a banner.
    #[arg(long, env = "CLOUD_RESUME_WATCH")]
    pub watch: bool,

    /// The PDF: typeset (`--pdf`) and served at /resume.pdf.
    #[command(flatten)]
    pub print: PdfArgs,

    /// Open the site in the browser once it is served (the one $BROWSER names, else the
    /// desktop's default).
    #[arg(long, env = "CLOUD_RESUME_OPEN")]
    pub open: bool,

    /// Where the counts are kept.
    #[command(flatten)]
    pub store: StoreArgs,

    /// How views are counted.
    #[command(flatten)]
    pub counting: CountingArgs,

    /// How long a client may take to send a request's head, and then its body, and how long
    /// an idle connection stays open (e.g. 5s, 500ms; from 100ms to 5m).
    #[arg(long, env = "CLOUD_RESUME_CLIENT_TIMEOUT", default_value = "5s", value_parser = crate::parse_client_timeout)]
    pub client_timeout: Duration,

    /// How many connections may be open at once; when full, the oldest idle one is closed to make
    /// room for a new client.
    #[arg(long, env = "CLOUD_RESUME_MAX_CONNECTIONS", default_value = "512", value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub max_connections: u32,

    /// Who the client is, and who else may call.
    #[command(flatten)]
    pub api: api::cli::ApiArgs,
}

/// Serves until Ctrl+C or SIGTERM. Without `--watch` a resume that does not read stops serve
/// before it binds; with it, the browser shows why.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let mut sources = args.source.sources();
    sources.extras.pdf = args.print.pdf;
    let print = args.print;
    let site = if args.watch { None } else { Some(with_pdf(site::cli::build_reporting(&sources)?, &print)?) };
    let counter = args.counting.counter(&args.store).await?;
    crate::spawn_purger(counter.clone());
    // The pages the site has: every theme renders the same ones (a theme replaces templates, it
    // adds none), one page and one statistics page for each language. With --watch, the pages of
    // the latest rendering (a language added or taken away counts from then on).
    let pages = LivePages::from(site.as_ref().map_or_else(PageSet::site, pages_of));
    let api_config = args.api.config(pages.clone(), args.client_timeout);
    let listener = crate::listen(args.addr).await?;
    let url = format!("http://{}/", listener.local_addr().context("reading the bound address")?);
    let limits = crate::Limits {
        head_timeout: args.client_timeout,
        max_connections: args.max_connections as usize,
        ..crate::Limits::default()
    };
    if args.open {
        crate::open_browser(url);
    }
    match site {
        Some(site) => crate::run(listener, crate::app(counter, api_config, &site), limits, || {}).await,
        None => {
            let first = render(&sources, &print);
            if let Rendered::Site { site, .. } = &first {
                pages.replace(pages_of(site));
            }
            let live = Live::new(first);
            let _watcher = rerender_on_change(sources, print, Arc::clone(&live), pages)?;
            let app = crate::app_live(counter, api_config, &live);
            tracing::info!("watching {} for changes", args.source.resume().display());
            crate::run(listener, app, limits, move || live.close()).await
        }
    }
}

/// The pages of a rendered site, the paths the counter counts.
fn pages_of(site: &site::Site) -> PageSet {
    PageSet::new(site.pages().iter().map(String::as_str))
}

/// The built site, with each language's `resume.pdf` typeset into it when `--pdf` asks for one.
fn with_pdf(built: site::Built, print: &PdfArgs) -> anyhow::Result<site::Site> {
    let pdfs = if print.pdf { crate::pdf::typeset(&built, print)? } else { Vec::new() };
    let mut site = built.site;
    site.files.extend(pdfs.into_iter().map(|p| site::SiteFile { path: p.path, bytes: p.typeset.pdf }));
    Ok(site)
}

/// The site as built from `sources` now (with its PDF for `--pdf`), or why not; warnings and
/// problems also go to stderr.
fn render(sources: &site::Sources, print: &PdfArgs) -> Rendered {
    let broken = |title: String, problems: Vec<String>| {
        eprintln!("error: {title}:");
        problems.iter().for_each(|p| eprintln!("  {p}"));
        Rendered::Broken { title, problems }
    };
    match site::cli::build_reporting(sources) {
        Ok(built) => {
            let warnings = site::placed(&built.warnings);
            match with_pdf(built, print) {
                Ok(site) => Rendered::Site { site, warnings },
                Err(err) => broken(format!("{} does not typeset", sources.resume.display()), vec![format!("{err:#}")]),
            }
        }
        Err(err) => {
            let (title, problems) = err.problems();
            broken(title, problems)
        }
    }
}

/// Publishes a new rendering to `live` after each change of the sources, until the returned
/// watch is dropped.
fn rerender_on_change(
    sources: site::Sources,
    print: PdfArgs,
    live: Arc<Live>,
    pages: LivePages,
) -> anyhow::Result<crate::watch::Watch> {
    let mut resumes = vec![sources.resume.clone()];
    resumes.extend(sources.translations.iter().cloned());
    let theme = sources.theme.as_ref().and_then(theme::ThemeArg::dir).map(Path::to_owned);
    crate::watch::watch(&resumes, theme.as_deref(), move || {
        eprintln!("{} changed: rendering again", sources.resume.display());
        let rendered = render(&sources, &print);
        if let Rendered::Site { site, .. } = &rendered {
            pages.replace(pages_of(site));
        }
        live.publish(rendered);
    })
}
