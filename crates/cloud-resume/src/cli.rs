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
    /// The JSON Resume file to check.
    #[arg(default_value = "examples/resume.json")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The JSON Resume file to render.
    #[arg(long, env = "CLOUD_RESUME_RESUME", default_value = "examples/resume.json")]
    pub resume: PathBuf,

    /// The address to listen on. Keep the default loopback address unless a reverse proxy on
    /// another interface must reach it.
    #[arg(long, env = "CLOUD_RESUME_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Where the counts are kept.
    #[arg(long, env = "CLOUD_RESUME_STORE", value_enum, default_value_t = StoreKind::Sqlite)]
    pub store: StoreKind,

    /// The DynamoDB table, with --store dynamodb. AWS_ENDPOINT_URL points the SDK at any
    /// DynamoDB-compatible endpoint.
    #[arg(long, env = "CLOUD_RESUME_TABLE", required_if_eq("store", "dynamodb"))]
    pub table: Option<String>,

    /// Where the counter's SQLite file and the rendered site are kept.
    #[arg(long, env = "CLOUD_RESUME_DATA_DIR", default_value = ".cloud-resume")]
    pub data_dir: PathBuf,

    /// How long a repeat view from the same visitor of the same page is not counted
    /// (e.g. 30s, 10m, 1h; at most 24h).
    #[arg(long, env = "CLOUD_RESUME_REFRESH_WINDOW", default_value = "10m", value_parser = parse_window)]
    pub refresh_window: Duration,

    /// Read the client IP from the last X-Forwarded-For address. Only behind a reverse proxy that
    /// sets that header; otherwise any client could choose the IP it is counted under.
    #[arg(long, env = "CLOUD_RESUME_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// An origin (scheme://host[:port]) allowed to call the API from another site; repeat for
    /// more. None by default: the page and the API share one origin and need no CORS.
    #[arg(long = "allowed-origin", env = "CLOUD_RESUME_ALLOWED_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub allowed_origins: Vec<String>,

    /// A name for this site, mixed into visitor keys so that keys of two sites never match.
    #[arg(long, env = "CLOUD_RESUME_SITE", default_value = "cloud-resume")]
    pub site: String,

    /// A folder whose base.html, index.html, stats.html, 404.html or site.css replace the
    /// built-in theme's.
    #[arg(long, env = "CLOUD_RESUME_THEME")]
    pub theme: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The JSON Resume file to render.
    #[arg(long, env = "CLOUD_RESUME_RESUME", default_value = "examples/resume.json")]
    pub resume: PathBuf,

    /// The folder to write the site into: created if missing; an earlier build there is
    /// replaced, any other non-empty folder is refused.
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,

    /// A folder whose base.html, index.html, stats.html, 404.html or site.css replace the
    /// built-in theme's.
    #[arg(long, env = "CLOUD_RESUME_THEME")]
    pub theme: Option<PathBuf>,

    /// Also print the page to resume.pdf with headless Chromium (found on PATH, or at
    /// CHROMIUM_PATH).
    #[arg(long)]
    pub pdf: bool,
}

fn parse_window(raw: &str) -> Result<Duration, String> {
    let window = humantime::parse_duration(raw).map_err(|e| format!("{e}; write it like 30s, 10m or 1h"))?;
    if window.is_zero() || window > Duration::from_secs(24 * 3600) {
        return Err("the refresh window must be more than 0 and at most 24h".into());
    }
    Ok(window)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        assert_eq!(parse_window("10m").unwrap(), Duration::from_secs(600));
        assert_eq!(parse_window("30s").unwrap(), Duration::from_secs(30));
        assert!(parse_window("0s").is_err());
        assert!(parse_window("2days").is_err());
        assert!(parse_window("ten").is_err());
    }

    #[test]
    fn origins() {
        assert_eq!(parse_origin("https://Example.com/").unwrap(), "https://example.com");
        assert_eq!(parse_origin("http://127.0.0.1:3000").unwrap(), "http://127.0.0.1:3000");
        assert!(parse_origin("*").is_err());
        assert!(parse_origin("example.com").is_err());
        assert!(parse_origin("https://example.com/path").is_err());
        assert!(parse_origin("https://").is_err());
    }
}
