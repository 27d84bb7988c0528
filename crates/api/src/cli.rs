//! The API's command-line arguments for a server that browsers reach directly (`serve`), with
//! the `cli` feature: where the client IP comes from, and which other origins may call.

use axum::http::HeaderValue;
use clap::Args;
use counter::PageSet;

use crate::{ApiConfig, ClientIpSource, SiteOrigin};

/// Who the client is, and who else may call.
#[derive(Debug, Clone, Args)]
pub struct ApiArgs {
    /// Read the client IP from the last X-Forwarded-For address. Only behind a reverse proxy that
    /// sets that header; otherwise any client could choose the IP it is counted under.
    #[arg(long, env = "CLOUD_RESUME_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// An origin (scheme://host[:port]) allowed to call the API from another site; repeat for
    /// more. None by default: the page and the API share one origin and need no CORS.
    #[arg(long = "allowed-origin", env = "CLOUD_RESUME_ALLOWED_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub allowed_origins: Vec<HeaderValue>,
}

impl ApiArgs {
    /// The API of a server that browsers reach directly, counting `pages`, with requests' bodies
    /// due within `body_timeout`.
    pub fn config(&self, pages: PageSet, body_timeout: std::time::Duration) -> ApiConfig {
        ApiConfig {
            client_ip: if self.trust_proxy { ClientIpSource::ForwardedFor } else { ClientIpSource::Peer },
            allowed_origins: self.allowed_origins.clone(),
            // Browsers reach this server directly: the Host they send is the site's origin.
            site_origin: SiteOrigin::FromHost,
            pages,
            body_timeout,
            // No CDN tells a country here: every view's is `unknown`.
            country_header: None,
        }
    }
}

/// Accepts `http(s)://host[:port]` (a trailing `/` is dropped, the rest lowercased) and nothing
/// else: an origin has no path, query or wildcard.
pub fn parse_origin(raw: &str) -> Result<HeaderValue, String> {
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
    HeaderValue::from_str(&origin.to_ascii_lowercase()).map_err(|e| format!("{raw:?}: {e}"))
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
}
