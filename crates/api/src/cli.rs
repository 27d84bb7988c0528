//! The API's command-line arguments for a server that browsers reach directly (`serve`), with
//! the `cli` feature: where the client IP comes from, and which other origins may call.

use axum::http::HeaderValue;
use clap::Args;
use counter::LivePages;

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
    pub fn config(&self, pages: LivePages, body_timeout: std::time::Duration) -> ApiConfig {
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

/// An origin by [`counter::settings::parse_origin`], as a header value.
pub fn parse_origin(raw: &str) -> Result<HeaderValue, String> {
    let origin = counter::settings::parse_origin(raw)?;
    HeaderValue::from_str(&origin).map_err(|e| format!("{raw:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_become_header_values() {
        assert_eq!(parse_origin("https://Example.com/").unwrap(), "https://example.com");
        assert!(parse_origin("example.com").is_err());
    }
}
