//! The command-line side of the counter (the `cli` feature): where the counts are kept
//! ([`StoreArgs`], shared by `serve`, `link` and `stats`), how views are counted
//! ([`CountingArgs`]), and the owner's commands that read the store directly — share links
//! ([`link`]), the report ([`stats`]) and, with DynamoDB, `table create` ([`create_table`]).
//! Nothing of this is reachable over HTTP.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, ValueEnum};
use time::OffsetDateTime;

use crate::report::{self, Report};
use crate::{Counter, CounterConfig, Dimension, PagePath, PageSet, Store, settings};

/// Where the counts are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    /// An SQLite file in the data directory.
    Sqlite,
    /// A DynamoDB table (--table), through the standard AWS environment.
    Dynamodb,
}

/// Where the counts are kept: `serve` keeps them there, `link` and `stats` read them there.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// Where the counts are kept.
    #[arg(long = "store", value_name = "STORE", env = "CLOUD_RESUME_STORE", value_enum, default_value_t = StoreKind::Sqlite)]
    pub kind: StoreKind,

    /// The DynamoDB table, with --store dynamodb. AWS_ENDPOINT_URL points the SDK at any
    /// DynamoDB-compatible endpoint.
    #[arg(long, env = "CLOUD_RESUME_TABLE", required_if_eq("kind", "dynamodb"))]
    pub table: Option<String>,

    /// With --store dynamodb: how long one store call may take, its retry included, before the
    /// API answers 503 (e.g. 2s, 10s; at most 5m). Raise it for a slow DynamoDB-compatible
    /// endpoint such as a local emulator.
    #[arg(long, env = "CLOUD_RESUME_STORE_TIMEOUT", default_value = "10s", value_parser = settings::parse_store_timeout)]
    pub store_timeout: Duration,

    /// Where the counter's SQLite file is kept (the site itself is served from memory).
    #[arg(long, env = "CLOUD_RESUME_DATA_DIR", default_value = ".cloud-resume")]
    pub data_dir: PathBuf,

    /// With --store dynamodb: `stream` (a view writes only its own items; the shared counters
    /// are summed from the table's stream), or `transaction`, the design before it (every
    /// counter in the view's transaction, which conflicts past a few views a second of one
    /// page), kept as the peer that bench/spike measures.
    #[arg(long, env = "CLOUD_RESUME_DYNAMODB_COUNTING", default_value = "stream", hide = true, value_parser = parse_counting)]
    pub dynamodb_counting: DynamodbCounting,
}

/// `--dynamodb-counting`: `stream` or `transaction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DynamodbCounting {
    /// Whether views are summed from the table's stream (else in each view's transaction).
    pub stream: bool,
}

fn parse_counting(raw: &str) -> Result<DynamodbCounting, String> {
    match raw {
        "stream" => Ok(DynamodbCounting { stream: true }),
        "transaction" => Ok(DynamodbCounting { stream: false }),
        _ => Err(format!("{raw:?} is neither stream nor transaction")),
    }
}

impl StoreArgs {
    /// Opens the store. SQLite `reopening` (for `serve`) waits out a file it cannot open yet
    /// rather than failing: the API answers 503 until it can.
    pub async fn open(&self, reopening: bool) -> anyhow::Result<Arc<dyn Store>> {
        Ok(match (self.kind, &self.table) {
            (StoreKind::Sqlite, _) => {
                std::fs::create_dir_all(&self.data_dir)
                    .with_context(|| format!("creating the data directory {}", self.data_dir.display()))?;
                let file = self.data_dir.join("counter.sqlite3");
                if reopening {
                    Arc::new(crate::ReopeningSqlite::open(file).await)
                } else {
                    Arc::new(crate::SqliteStore::open(&file).with_context(|| format!("opening {}", file.display()))?)
                }
            }
            #[cfg(feature = "dynamodb")]
            (StoreKind::Dynamodb, Some(table)) => {
                tracing::info!(table, "counting in DynamoDB");
                let client = settings::dynamodb_client(self.store_timeout).await;
                let counting =
                    if self.dynamodb_counting.stream { crate::Counting::Stream } else { crate::Counting::Transaction };
                Arc::new(crate::DynamoStore::new(client, table.clone()).with_counting(counting))
            }
            #[cfg(not(feature = "dynamodb"))]
            (StoreKind::Dynamodb, Some(_)) => anyhow::bail!(without_aws("--store dynamodb")),
            (StoreKind::Dynamodb, None) => anyhow::bail!("--store dynamodb needs --table NAME"),
        })
    }
}

/// What a build without the AWS commands answers when asked for one of them.
pub fn without_aws(command: &str) -> String {
    format!(
        "this cloud-resume was built without the AWS commands, so it cannot run `{command}`; \
         build it with them: cargo build --release --features aws -p cloud-resume"
    )
}

/// How often `serve --store dynamodb` reads the table's stream when it has read all of it: the
/// longest the counts lag the views by, the time to add them aside. As long as the cloud's
/// mapping gathers a batch (infra/modules/api, `batching_window_seconds`), so that a batch adds
/// about as many views, for about as many write units, as in the cloud.
#[cfg(feature = "dynamodb-streams")]
pub const FOLLOW_EVERY: Duration = Duration::from_secs(1);

/// How views are counted.
#[derive(Debug, Clone, Args)]
pub struct CountingArgs {
    /// How long a repeat view from the same visitor of the same page is not counted
    /// (e.g. 30s, 10m, 1h; at most 24h).
    #[arg(long, env = "CLOUD_RESUME_REFRESH_WINDOW", default_value = "10m", value_parser = settings::parse_refresh_window)]
    pub refresh_window: Duration,

    /// The inflation cap: at most this many views counted per client IP per hour, whatever
    /// User-Agents it sends; 0 turns the cap off.
    #[arg(long, env = "CLOUD_RESUME_VIEWS_PER_IP_HOUR", default_value_t)]
    pub views_per_ip_hour: settings::ViewsPerIpHour,

    /// A name for this site, mixed into visitor keys so that keys of two sites never match.
    #[arg(long, env = "CLOUD_RESUME_SITE", default_value = settings::DEFAULT_SITE)]
    pub site: String,
}

impl CountingArgs {
    /// The counter that `serve` runs: these rules over the store `store` names, opened so that
    /// a SQLite file it cannot open yet is waited out.
    pub async fn counter(&self, store: &StoreArgs) -> anyhow::Result<Counter> {
        let config = CounterConfig {
            site: self.site.clone(),
            refresh_window: time::Duration::try_from(self.refresh_window).context("refresh window out of range")?,
            // SQLite sweeps at each day change; a DynamoDB table's TTL needs no sweep in requests.
            purge_on_day_change: store.kind == StoreKind::Sqlite,
            views_per_ip_hour: self.views_per_ip_hour.0,
        };
        let counter = Counter::new(store.open(true).await?, config);
        #[cfg(feature = "dynamodb-streams")]
        if let (StoreKind::Dynamodb, Some(table), true) = (store.kind, &store.table, store.dynamodb_counting.stream) {
            // No Lambda reads the stream of a local endpoint: this process sums it.
            let sdk = settings::aws_sdk_config(settings::SdkTimeouts::store(store.store_timeout)).await;
            let follower = crate::StreamFollower::new(
                aws_sdk_dynamodb::Client::new(&sdk),
                aws_sdk_dynamodbstreams::Client::new(&sdk),
                table.clone(),
            );
            tracing::info!(table, "summing the views of the table's stream in this process");
            tokio::spawn(follower.follow(FOLLOW_EVERY));
        }
        Ok(counter)
    }
}

/// `cloud-resume link`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The link's name: 1 to 40 lowercase letters, digits and dashes (acme-backend-role).
    #[arg(required_unless_present_any = ["list", "remove"], conflicts_with_all = ["list", "remove"])]
    pub name: Option<String>,

    /// List the share links instead.
    #[arg(long, conflicts_with = "remove")]
    pub list: bool,

    /// Remove this share link (its views so far stay in the report).
    #[arg(long, value_name = "NAME")]
    pub remove: Option<String>,

    /// The site's address, for the printed URL.
    #[arg(long, env = "CLOUD_RESUME_SITE_URL", default_value = "http://127.0.0.1:8080")]
    pub site_url: String,

    /// Where the counts are kept.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Makes, lists or removes share links; a new link's URL goes to stdout.
pub async fn link(args: LinkArgs) -> anyhow::Result<()> {
    let store = args.store.open(false).await?;
    if args.list {
        let links = store.links().await?;
        if links.is_empty() {
            println!("no share links yet; make one with: cloud-resume link NAME");
        }
        for link in links {
            println!("{}\t{}\t{}", link.name, share_url(&args.site_url, &link.name), link.created.date());
        }
    } else if let Some(name) = &args.remove {
        if !store.remove_link(name).await? {
            anyhow::bail!("there is no share link named {name:?}; see cloud-resume link --list");
        }
        println!("removed {name}: its views so far stay in the report; new ones count as other");
    } else {
        let raw = args.name.as_deref().unwrap_or_default();
        let name = crate::attribution::link_name(raw).with_context(|| {
            format!(
                "{raw:?} is not a link name: use 1 to {} lowercase letters, digits and dashes, like acme-backend-role",
                crate::attribution::MAX_LINK_NAME
            )
        })?;
        let added = store.add_link(name, OffsetDateTime::now_utc()).await?;
        println!("{}", share_url(&args.site_url, name));
        if added {
            eprintln!("share this link: views through it show under {name} in cloud-resume stats --by ref");
        } else {
            eprintln!("{name} was already a share link");
        }
    }
    Ok(())
}

/// `https://SITE/?ref=NAME`.
fn share_url(site_url: &str, name: &str) -> String {
    format!("{}/?ref={name}", site_url.trim_end_matches('/'))
}

/// `cloud-resume stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How many UTC days, up to today.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=366))]
    pub days: u16,

    /// What to break the views down by.
    #[arg(long, value_enum, default_value_t = By::Ref)]
    pub by: By,

    /// How to print the report.
    #[arg(long, value_enum, default_value_t = report::Format::Table)]
    pub format: report::Format,

    /// One page only (e.g. /, /de/); default: every page of the site, summed (`--by page`
    /// shows them apart).
    #[arg(long)]
    pub path: Option<String>,

    /// The site's other languages, whose pages (/de/, /de/stats.html) count in the report too
    /// (de,pt-BR): as the site is built, and as the function's SITE_LANGUAGES lists them.
    #[arg(long, env = "CLOUD_RESUME_LANGUAGES", value_delimiter = ',', value_parser = settings::parse_site_language)]
    pub languages: Vec<String>,

    /// Where the counts are kept.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `stats --by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// The share link (`other`: an unknown one; `none`: no link).
    Ref,
    /// The referring site's domain (`direct`: none, or the site itself).
    Referrer,
    /// The viewer's country (`unknown` locally).
    Country,
    /// Each day: views and visitors.
    Day,
    /// Each page (each language's apart): views and visitors.
    Page,
}

impl From<By> for report::By {
    fn from(by: By) -> Self {
        match by {
            By::Ref => report::By::Dimension(Dimension::Ref),
            By::Referrer => report::By::Dimension(Dimension::Referrer),
            By::Country => report::By::Dimension(Dimension::Country),
            By::Day => report::By::Day,
            By::Page => report::By::Page,
        }
    }
}

/// Prints the report to stdout.
pub async fn stats(args: StatsArgs) -> anyhow::Result<()> {
    let store = args.store.open(false).await?;
    let pages: Vec<PagePath> = match &args.path {
        Some(raw) => vec![PagePath::parse(raw).map_err(|e| anyhow::anyhow!("--path {raw:?}: {e}"))?],
        None => PageSet::with_languages(&args.languages).iter().cloned().collect(),
    };
    let today = OffsetDateTime::now_utc().date();
    let report = Report::read(store.as_ref(), &pages, args.by.into(), args.days, today).await?;
    print!("{}", report.render(args.format));
    Ok(())
}

/// `cloud-resume table create`.
#[derive(Debug, Args)]
pub struct TableArgs {
    /// The table's name.
    #[arg(long, env = "CLOUD_RESUME_TABLE")]
    pub table: String,
}

/// Creates the DynamoDB table unless it exists, and waits until it is active.
#[cfg(feature = "dynamodb")]
pub async fn create_table(args: TableArgs) -> anyhow::Result<()> {
    let table = args.table;
    let store = crate::DynamoStore::new(settings::dynamodb_client(Duration::from_secs(10)).await, table.clone());
    let created = store.create_table().await.with_context(|| format!("creating the DynamoDB table {table}"))?;
    if created {
        println!("created table {table} (on-demand, TTL on expires_at)");
    } else {
        println!("table {table} already exists; TTL on expires_at is on");
    }
    Ok(())
}
