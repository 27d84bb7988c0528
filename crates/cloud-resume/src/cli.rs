use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Your JSON Resume as a fast static site with a privacy-friendly visitor counter.
#[derive(Debug, Parser)]
#[command(name = "cloud-resume", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the resume and serve the site and its counter API on one local address.
    Serve(ServeArgs),
    /// Render the resume into a folder of static files.
    Build(BuildArgs),
    /// Check a resume against the JSON Resume schema and report every problem.
    Check(CheckArgs),
    /// Manage the DynamoDB table of the counter (for local DynamoDB-compatible endpoints; in
    /// AWS, Terraform owns the table).
    #[command(subcommand)]
    Table(TableCommand),
    /// Ship the site to S3 + CloudFront or a new API version to Lambda. Uses the standard AWS
    /// environment (AWS_REGION, AWS_PROFILE or credentials, AWS_ENDPOINT_URL).
    #[command(subcommand)]
    Deploy(DeployCommand),
    /// Undo a deploy.
    #[command(subcommand)]
    Rollback(RollbackCommand),
    /// Make a share link for one application (NAME, e.g. acme-backend-role) and print its URL;
    /// views through it show under NAME in `cloud-resume stats --by ref`.
    Link(LinkArgs),
    /// The owner's report, read from the store itself: views by share link, referring site,
    /// country or day. Nothing of it is reachable over HTTP.
    Stats(StatsArgs),
}

/// Where the counts are kept: `serve` keeps them there, `link` and `stats` read them there.
#[derive(Debug, Args)]
pub struct StoreArgs {
    /// Where the counts are kept.
    #[arg(long = "store", env = "CLOUD_RESUME_STORE", value_enum, default_value_t = StoreKind::Sqlite)]
    pub kind: StoreKind,

    /// The DynamoDB table, with --store dynamodb. AWS_ENDPOINT_URL points the SDK at any
    /// DynamoDB-compatible endpoint.
    #[arg(long, env = "CLOUD_RESUME_TABLE", required_if_eq("kind", "dynamodb"))]
    pub table: Option<String>,

    /// With --store dynamodb: how long one store call may take, its retry included, before the
    /// API answers 503 (e.g. 2s, 10s; at most 5m). Raise it for a slow DynamoDB-compatible
    /// endpoint such as a local emulator.
    #[arg(long, env = "CLOUD_RESUME_STORE_TIMEOUT", default_value = "10s", value_parser = counter::settings::parse_store_timeout)]
    pub store_timeout: Duration,

    /// Where the counter's SQLite file is kept (the site itself is served from memory).
    #[arg(long, env = "CLOUD_RESUME_DATA_DIR", default_value = ".cloud-resume")]
    pub data_dir: PathBuf,
}

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

    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How many UTC days, up to today.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=366))]
    pub days: u16,

    /// What to break the views down by.
    #[arg(long, value_enum, default_value_t = By::Ref)]
    pub by: By,

    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// One page only (e.g. /); default: every page of the site.
    #[arg(long)]
    pub path: Option<String>,

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
}

/// `stats --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON document.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum DeployCommand {
    /// Upload what changed to the bucket (assets before pages), delete what is gone, and
    /// invalidate only the changed paths in CloudFront.
    Site(DeploySiteArgs),
    /// Publish a new version of the function, smoke-test that version, then move the alias to it
    /// (at once, or through a canary share with --canary).
    Api(DeployApiArgs),
}

#[derive(Debug, Subcommand)]
pub enum RollbackCommand {
    /// Move the alias back to the version it pointed at before the last deploy.
    Api(RollbackApiArgs),
}

#[derive(Debug, Args)]
pub struct DeploySiteArgs {
    /// The S3 bucket of the site (Terraform output bucket_name).
    #[arg(long, env = "CLOUD_RESUME_BUCKET")]
    pub bucket: String,

    /// The CloudFront distribution in front of the bucket (Terraform output distribution_id).
    #[arg(long, env = "CLOUD_RESUME_DISTRIBUTION_ID")]
    pub distribution_id: String,

    /// A folder written by `cloud-resume build` to upload. Without it, the resume is rendered
    /// first (--resume, --theme).
    #[arg(long, conflicts_with_all = ["resume", "theme"])]
    pub dir: Option<PathBuf>,

    /// The JSON Resume file to render (JSON, or YAML for .yaml and .yml), when no --dir is given.
    #[arg(long, env = "CLOUD_RESUME_RESUME", default_value = "examples/resume.json")]
    pub resume: PathBuf,

    /// A theme folder, when no --dir is given (see `build --theme`).
    #[arg(long, env = "CLOUD_RESUME_THEME")]
    pub theme: Option<PathBuf>,

    /// Read the resume by the JSON Resume schema to the letter: what the reading rules would
    /// read with a warning (an empty field, "Present", `07/2025`, an old field name, …) is an
    /// error instead.
    #[arg(long, env = "CLOUD_RESUME_STRICT")]
    pub strict: bool,

    /// The page's language: <html lang>, the theme's words and how dates read (en, de, fr, es,
    /// pt, ru, zh, ja, ko). Default: the resume's own meta.lang, else en.
    #[arg(long, env = "CLOUD_RESUME_LANG", value_parser = parse_lang)]
    pub lang: Option<site::Lang>,

    /// Print what would be uploaded, deleted and invalidated, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct DeployApiArgs {
    /// The Lambda function (Terraform output function_name).
    #[arg(long, env = "CLOUD_RESUME_FUNCTION")]
    pub function: String,

    /// The alias that the function URL and CloudFront serve.
    #[arg(long, default_value = "live")]
    pub alias: String,

    /// The zipped bootstrap (cargo lambda build --release --arm64 --output-format zip -p lambda).
    #[arg(long, default_value = "target/lambda/bootstrap/bootstrap.zip")]
    pub zip: PathBuf,

    /// Send this share of the traffic (like 10%) to the new version first, watch it for
    /// --canary-minutes, then promote it or roll back.
    #[arg(long, value_parser = parse_share)]
    pub canary: Option<f64>,

    /// How long to watch a canary (may be fractional, like 0.5).
    #[arg(long, default_value_t = 10.0, requires = "canary", value_parser = parse_minutes)]
    pub canary_minutes: f64,
}

#[derive(Debug, Args)]
pub struct RollbackApiArgs {
    /// The Lambda function (Terraform output function_name).
    #[arg(long, env = "CLOUD_RESUME_FUNCTION")]
    pub function: String,

    /// The alias to move back.
    #[arg(long, default_value = "live")]
    pub alias: String,
}

#[derive(Debug, Subcommand)]
pub enum TableCommand {
    /// Create the table (on-demand, TTL on expires_at) unless it exists, and wait until it is
    /// active. Uses the standard AWS environment (AWS_REGION, AWS_ENDPOINT_URL, credentials).
    Create {
        /// The table's name.
        #[arg(long, env = "CLOUD_RESUME_TABLE")]
        table: String,
    },
}

/// Where the counts are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    /// An SQLite file in the data directory.
    Sqlite,
    /// A DynamoDB table (--table), through the standard AWS environment.
    Dynamodb,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The JSON Resume file to check (JSON, or YAML for .yaml and .yml).
    #[arg(default_value = "examples/resume.json")]
    pub file: PathBuf,

    /// Read the resume by the JSON Resume schema to the letter: what the reading rules would
    /// read with a warning (an empty field, "Present", `07/2025`, an old field name, …) is an
    /// error instead.
    #[arg(long, env = "CLOUD_RESUME_STRICT")]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The JSON Resume file to render (JSON, or YAML for .yaml and .yml).
    #[arg(long, env = "CLOUD_RESUME_RESUME", default_value = "examples/resume.json")]
    pub resume: PathBuf,

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

    /// Open the site in the browser once it is served (the one $BROWSER names, else the
    /// desktop's default).
    #[arg(long)]
    pub open: bool,

    #[command(flatten)]
    pub store: StoreArgs,

    /// How long a repeat view from the same visitor of the same page is not counted
    /// (e.g. 30s, 10m, 1h; at most 24h).
    #[arg(long, env = "CLOUD_RESUME_REFRESH_WINDOW", default_value = "10m", value_parser = counter::settings::parse_refresh_window)]
    pub refresh_window: Duration,

    /// The inflation cap: at most this many views counted per client IP per hour, whatever
    /// User-Agents it sends; 0 turns the cap off.
    #[arg(long, env = "CLOUD_RESUME_VIEWS_PER_IP_HOUR", default_value_t = counter::settings::DEFAULT_VIEWS_PER_IP_HOUR)]
    pub views_per_ip_hour: u32,

    /// How long a client may take to send a request's head, and then its body, and how long
    /// an idle connection stays open (e.g. 5s, 500ms; from 100ms to 5m).
    #[arg(long, env = "CLOUD_RESUME_CLIENT_TIMEOUT", default_value = "5s", value_parser = server::parse_client_timeout)]
    pub client_timeout: Duration,

    /// How many connections may be open at once; when full, the oldest idle one is closed to make
    /// room for a new client.
    #[arg(long, env = "CLOUD_RESUME_MAX_CONNECTIONS", default_value = "512", value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub max_connections: u32,

    /// Read the client IP from the last X-Forwarded-For address. Only behind a reverse proxy that
    /// sets that header; otherwise any client could choose the IP it is counted under.
    #[arg(long, env = "CLOUD_RESUME_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// An origin (scheme://host[:port]) allowed to call the API from another site; repeat for
    /// more. None by default: the page and the API share one origin and need no CORS.
    #[arg(long = "allowed-origin", env = "CLOUD_RESUME_ALLOWED_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub allowed_origins: Vec<String>,

    /// A name for this site, mixed into visitor keys so that keys of two sites never match.
    #[arg(long, env = "CLOUD_RESUME_SITE", default_value = counter::settings::DEFAULT_SITE)]
    pub site: String,

    /// A folder whose base.html, index.html, stats.html, 404.html, resume.txt or site.css
    /// replace the built-in theme's.
    #[arg(long, env = "CLOUD_RESUME_THEME")]
    pub theme: Option<PathBuf>,

    /// Read the resume by the JSON Resume schema to the letter: what the reading rules would
    /// read with a warning (an empty field, "Present", `07/2025`, an old field name, …) is an
    /// error instead.
    #[arg(long, env = "CLOUD_RESUME_STRICT")]
    pub strict: bool,

    /// The page's language: <html lang>, the theme's words and how dates read (en, de, fr, es,
    /// pt, ru, zh, ja, ko). Default: the resume's own meta.lang, else en.
    #[arg(long, env = "CLOUD_RESUME_LANG", value_parser = parse_lang)]
    pub lang: Option<site::Lang>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The JSON Resume file to render (JSON, or YAML for .yaml and .yml).
    #[arg(long, env = "CLOUD_RESUME_RESUME", default_value = "examples/resume.json")]
    pub resume: PathBuf,

    /// The folder to write the site into: created if missing; an earlier build there is
    /// replaced, any other non-empty folder is refused.
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,

    /// A folder whose base.html, index.html, stats.html, 404.html, resume.txt or site.css replace the
    /// built-in theme's.
    #[arg(long, env = "CLOUD_RESUME_THEME")]
    pub theme: Option<PathBuf>,

    /// Read the resume by the JSON Resume schema to the letter: what the reading rules would
    /// read with a warning (an empty field, "Present", `07/2025`, an old field name, …) is an
    /// error instead.
    #[arg(long, env = "CLOUD_RESUME_STRICT")]
    pub strict: bool,

    /// The page's language: <html lang>, the theme's words and how dates read (en, de, fr, es,
    /// pt, ru, zh, ja, ko). Default: the resume's own meta.lang, else en.
    #[arg(long, env = "CLOUD_RESUME_LANG", value_parser = parse_lang)]
    pub lang: Option<site::Lang>,

    /// Also print the page to resume.pdf with headless Chromium (found on PATH, or at
    /// CHROMIUM_PATH); the page then links to it.
    #[arg(long)]
    pub pdf: bool,

    /// The PDF's paper. Default: letter where the resume's meta.lang names a region that prints
    /// on it (en-US, es-MX, fr-CA, …), else a4.
    #[arg(long, value_enum, requires = "pdf")]
    pub paper: Option<PaperArg>,

    /// Warn when the PDF runs past this many pages (an error with --strict).
    #[arg(long, requires = "pdf", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_pages: Option<u32>,
}

/// `--paper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl From<PaperArg> for site::pdf::Paper {
    fn from(paper: PaperArg) -> Self {
        match paper {
            PaperArg::A4 => site::pdf::Paper::A4,
            PaperArg::Letter => site::pdf::Paper::Letter,
        }
    }
}

/// `10%` or `10` → 0.10; a canary share is more than 0% and less than 100%.
fn parse_share(raw: &str) -> Result<f64, String> {
    let number = raw.trim().trim_end_matches('%').trim();
    match number.parse::<f64>() {
        Ok(percent) if percent > 0.0 && percent < 100.0 => Ok(percent / 100.0),
        _ => Err(format!("{raw:?} is not a canary share: write a percentage above 0 and below 100, like 10%")),
    }
}

fn parse_minutes(raw: &str) -> Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(minutes) if (0.0..=60.0).contains(&minutes) => Ok(minutes),
        _ => Err(format!("{raw:?} is not a number of minutes from 0 to 60")),
    }
}

/// Accepts `http(s)://host[:port]` (a trailing `/` is dropped) and nothing else: an origin has no
/// path, query or wildcard.
fn parse_origin(raw: &str) -> Result<String, String> {
    let origin = raw.trim().trim_end_matches('/');
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| format!("{raw:?} is not an origin: it must start with https:// or http://"))?;
    let valid_host = !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        && !rest.starts_with(':');
    if !valid_host {
        return Err(format!(
            "{raw:?} is not an origin: write scheme://host[:port] with no path, like https://example.com"
        ));
    }
    Ok(origin.to_ascii_lowercase())
}

/// A language of the built-in theme, by its tag (`de`, `pt-BR`, …).
fn parse_lang(tag: &str) -> Result<site::Lang, String> {
    site::Lang::from_tag(tag).ok_or_else(|| {
        let known: Vec<&str> = site::LANGS.iter().map(|l| l.tag()).collect();
        format!("the theme speaks {}; {tag:?} is not one of them", known.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(parse_origin("https://Example.com/").unwrap(), "https://example.com");
        assert_eq!(parse_origin("http://127.0.0.1:3000").unwrap(), "http://127.0.0.1:3000");
        assert!(parse_origin("*").is_err());
        assert!(parse_origin("example.com").is_err());
        assert!(parse_origin("https://example.com/path").is_err());
        assert!(parse_origin("https://").is_err());
    }

    #[test]
    fn canary_shares() {
        assert_eq!(parse_share("10%").unwrap(), 0.10);
        assert_eq!(parse_share("2.5").unwrap(), 0.025);
        for bad in ["0%", "100%", "-5", "ten", "", "NaN"] {
            assert!(parse_share(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_minutes("0.5").unwrap(), 0.5);
        assert!(parse_minutes("61").is_err());
        assert!(parse_minutes("-1").is_err());
    }
}
