//! `cloud-resume link` and `cloud-resume stats`: the owner's share links and report, read from
//! the store directly (the SQLite file, or the DynamoDB table with the owner's credentials).
//! Nothing of this is reachable over HTTP.

use anyhow::Context;
use counter::{Dimension, PagePath, PageSet, report};
use time::OffsetDateTime;

use crate::cli::{By, Format, LinkArgs, StatsArgs};

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().context("starting the async runtime")
}

pub fn link(args: LinkArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let store = super::open_store(&args.store, false).await?;
        if args.list {
            let links = store.links().await?;
            if links.is_empty() {
                println!("no share links yet; make one with: cloud-resume link NAME");
            }
            for link in links {
                println!("{}\t{}\t{}", link.name, share_url(&args.site_url, &link.name), link.created.date());
            }
            return Ok(());
        }
        if let Some(name) = &args.remove {
            if !store.remove_link(name).await? {
                anyhow::bail!("there is no share link named {name:?}; see cloud-resume link --list");
            }
            println!("removed {name}: its views so far stay in the report; new ones count as other");
            return Ok(());
        }
        let Some(raw) = &args.name else {
            anyhow::bail!("name the link (cloud-resume link acme-backend-role), or use --list or --remove NAME");
        };
        let name = counter::attribution::link_name(raw).with_context(|| {
            format!(
                "{raw:?} is not a link name: use 1 to {} lowercase letters, digits and dashes, like acme-backend-role",
                counter::attribution::MAX_LINK_NAME
            )
        })?;
        let added = store.add_link(name, OffsetDateTime::now_utc()).await?;
        let url = share_url(&args.site_url, name);
        if added {
            println!("{url}");
            eprintln!("share this link: views through it show under {name} in cloud-resume stats --by ref");
        } else {
            println!("{url}");
            eprintln!("{name} was already a share link");
        }
        Ok(())
    })
}

/// `https://SITE/?ref=NAME`.
fn share_url(site_url: &str, name: &str) -> String {
    format!("{}/?ref={name}", site_url.trim_end_matches('/'))
}

pub fn stats(args: StatsArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let store = super::open_store(&args.store, false).await?;
        let pages: Vec<PagePath> = match &args.path {
            Some(raw) => vec![PagePath::parse(raw).map_err(|e| anyhow::anyhow!("--path {raw:?}: {e}"))?],
            None => PageSet::site().iter().cloned().collect(),
        };
        let by = match args.by {
            By::Ref => report::By::Dimension(Dimension::Ref),
            By::Referrer => report::By::Dimension(Dimension::Referrer),
            By::Country => report::By::Dimension(Dimension::Country),
            By::Day => report::By::Day,
        };
        let format = match args.format {
            Format::Table => report::Format::Table,
            Format::Csv => report::Format::Csv,
            Format::Json => report::Format::Json,
        };
        let today = OffsetDateTime::now_utc().date();
        let report = report::Report::read(store.as_ref(), &pages, by, args.days, today).await?;
        print!("{}", report.render(format));
        Ok(())
    })
}
