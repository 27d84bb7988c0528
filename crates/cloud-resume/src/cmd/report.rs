//! `cloud-resume link` and `cloud-resume stats`: the owner's share links and report, read from
//! the store directly (the SQLite file, or the DynamoDB table with the owner's credentials).
//! Nothing of this is reachable over HTTP.

use std::sync::Arc;

use anyhow::Context;
use counter::{Dimension, PagePath, PageSet, Store};
use time::{Duration, OffsetDateTime};

use crate::cli::{By, Format, LinkArgs, StatsArgs, StoreArgs, StoreKind};

/// The store the owner names.
async fn open(args: &StoreArgs) -> anyhow::Result<Arc<dyn Store>> {
    match (args.store, &args.table) {
        (StoreKind::Sqlite, _) => {
            std::fs::create_dir_all(&args.data_dir)
                .with_context(|| format!("creating the data directory {}", args.data_dir.display()))?;
            let file = args.data_dir.join("counter.sqlite3");
            let store = counter::SqliteStore::open(&file).with_context(|| format!("opening {}", file.display()))?;
            Ok(Arc::new(store))
        }
        #[cfg(feature = "aws")]
        (StoreKind::Dynamodb, Some(table)) => {
            let client = counter::settings::dynamodb_client(args.store_timeout).await;
            Ok(Arc::new(counter::DynamoStore::new(client, table.clone())))
        }
        #[cfg(not(feature = "aws"))]
        (StoreKind::Dynamodb, Some(_)) => {
            super::without_aws("--store dynamodb")?;
            unreachable!("without_aws always answers an error")
        }
        (StoreKind::Dynamodb, None) => anyhow::bail!("--store dynamodb needs --table NAME"),
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().context("starting the async runtime")
}

pub fn link(args: LinkArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let store = open(&args.store).await?;
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
        let store = open(&args.store).await?;
        let pages: Vec<PagePath> = match &args.path {
            Some(raw) => vec![PagePath::parse(raw).map_err(|e| anyhow::anyhow!("--path {raw:?}: {e}"))?],
            None => PageSet::site().iter().cloned().collect(),
        };
        let last = OffsetDateTime::now_utc().date();
        let first = last - Duration::days(i64::from(args.days) - 1);
        let report = match args.by {
            By::Day => {
                let mut days = std::collections::BTreeMap::new();
                for page in &pages {
                    for d in store.daily(page, first, last).await? {
                        let e: &mut (u64, u64) = days.entry(d.date).or_default();
                        e.0 += d.views;
                        e.1 += d.visitors;
                    }
                }
                let mut rows = Vec::new();
                let mut date = first;
                loop {
                    let (views, visitors) = days.get(&date).copied().unwrap_or_default();
                    rows.push(vec![date.to_string(), views.to_string(), visitors.to_string()]);
                    if date == last {
                        break;
                    }
                    date = date.next_day().context("a date past the calendar")?;
                }
                Report { columns: vec!["date", "views", "visitors"], rows }
            }
            by => {
                let dimension = match by {
                    By::Ref => Dimension::Ref,
                    By::Referrer => Dimension::Referrer,
                    _ => Dimension::Country,
                };
                let mut sums = std::collections::BTreeMap::<String, u64>::new();
                for page in &pages {
                    for (value, views) in store.breakdown(page, dimension, first, last).await? {
                        *sums.entry(value).or_default() += views;
                    }
                }
                let mut sums: Vec<(String, u64)> = sums.into_iter().collect();
                sums.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let rows = sums.into_iter().map(|(v, n)| vec![v, n.to_string()]).collect();
                Report { columns: vec![dimension.as_str(), "views"], rows }
            }
        };
        print!("{}", report.render(args.format, first, last));
        Ok(())
    })
}

struct Report {
    columns: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Report {
    fn render(&self, format: Format, first: time::Date, last: time::Date) -> String {
        match format {
            Format::Csv => {
                let mut out = self.columns.join(",") + "\n";
                for row in &self.rows {
                    let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
                    out.push_str(&(cells.join(",") + "\n"));
                }
                out
            }
            Format::Json => {
                let rows: Vec<serde_json::Value> = self
                    .rows
                    .iter()
                    .map(|row| {
                        let mut obj = serde_json::Map::new();
                        for (i, (col, cell)) in self.columns.iter().zip(row).enumerate() {
                            let value = if i == 0 {
                                cell.clone().into()
                            } else {
                                cell.parse::<u64>().map_or(cell.clone().into(), Into::into)
                            };
                            obj.insert((*col).to_owned(), value);
                        }
                        serde_json::Value::Object(obj)
                    })
                    .collect();
                let doc = serde_json::json!({"from": first.to_string(), "to": last.to_string(), "by": self.columns[0], "rows": rows});
                format!("{doc:#}\n")
            }
            Format::Table => {
                let widths: Vec<usize> = (0..self.columns.len())
                    .map(|i| {
                        self.rows.iter().map(|r| r[i].chars().count()).chain([self.columns[i].len()]).max().unwrap_or(0)
                    })
                    .collect();
                let line = |cells: Vec<&str>| {
                    let mut out = String::new();
                    for (i, cell) in cells.iter().enumerate() {
                        let pad = widths[i].saturating_sub(cell.chars().count());
                        if i == 0 {
                            out.push_str(cell);
                            out.push_str(&" ".repeat(pad + 2));
                        } else {
                            out.push_str(&" ".repeat(pad));
                            out.push_str(cell);
                            out.push_str("  ");
                        }
                    }
                    out.trim_end().to_owned() + "\n"
                };
                let mut out = format!("{first} to {last} (UTC)\n");
                out.push_str(&line(self.columns.clone()));
                for row in &self.rows {
                    out.push_str(&line(row.iter().map(String::as_str).collect()));
                }
                if self.rows.is_empty() {
                    out.push_str("(no views in these days)\n");
                }
                out
            }
        }
    }
}

/// A CSV cell, quoted when it must be.
fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell.to_owned() }
}
