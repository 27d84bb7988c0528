//! The cross-site guard of `POST /api/visits`: a page of another site must not be able to make
//! its visitors' browsers count views here.
//!
//! Two rules, both about what browsers send and pages cannot forge:
//! - the body must be declared JSON (checked by [`crate::extract::VisitBody`]), so a request
//!   from another origin always needs a CORS preflight, which fails unless `--allowed-origin`
//!   names that origin;
//! - a browser's own account of where the request comes from is believed: `Sec-Fetch-Site`
//!   other than `same-origin` (or `none`, a request the user typed) is refused with 403
//!   `cross_site`, and so, from a browser too old to send it, is an `Origin` that is neither
//!   the site's own nor an allowed one.
//!
//! A request with neither header (a script, an old browser that sends no `Origin` on a
//! same-origin POST) passes: the guard is against other sites' pages, not against programs,
//! which the inflation cap and the bot rules are for.

use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, HeaderValue, header, request::Parts};

use crate::ApiError;
use crate::routes::AppState;

/// How the API knows the site's own origin, which may always count.
#[derive(Debug, Clone, Default)]
pub enum SiteOrigin {
    /// The request's `Host` names it: right for a server that browsers reach directly.
    #[default]
    FromHost,
    /// These origins (`https://example.com`): right behind a proxy that rewrites `Host`, such
    /// as CloudFront in front of a function URL.
    Listed(Vec<String>),
}

/// The rules the guard applies: the site's own origin and the origins allowed besides it.
#[derive(Debug, Clone, Default)]
pub(crate) struct OriginPolicy {
    pub(crate) site: SiteOrigin,
    pub(crate) allowed: Vec<HeaderValue>,
}

impl OriginPolicy {
    /// `Ok` when the request may count, `Err(CrossSite)` when a browser says another site sent it.
    pub(crate) fn check(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let origin = headers.get(header::ORIGIN);
        if origin.is_some_and(|o| self.allowed.contains(o)) {
            return Ok(());
        }
        // A browser that sends Sec-Fetch-Site knows best; the Origin is then ours by definition
        // when it says same-origin (behind CloudFront the Host is the function URL's, so the
        // Host rule could not tell).
        if let Some(fetch_site) = headers.get("sec-fetch-site") {
            return match fetch_site.as_bytes() {
                b"same-origin" | b"none" => Ok(()),
                _ => Err(ApiError::CrossSite),
            };
        }
        match origin {
            None => Ok(()),
            Some(origin) if self.is_own(origin, headers) => Ok(()),
            Some(_) => Err(ApiError::CrossSite),
        }
    }

    fn is_own(&self, origin: &HeaderValue, headers: &HeaderMap) -> bool {
        let Ok(origin) = origin.to_str() else { return false };
        match &self.site {
            SiteOrigin::Listed(origins) => origins.iter().any(|o| o.eq_ignore_ascii_case(origin)),
            SiteOrigin::FromHost => {
                let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
                let authority = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
                authority.is_some_and(|a| a.eq_ignore_ascii_case(host))
            }
        }
    }
}

/// Proof that a request passed the cross-site guard.
pub(crate) struct SameSite;

impl FromRequestParts<AppState> for SameSite {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        state.origins.check(&parts.headers).map(|()| Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(header::HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn own_origin_by_host() {
        let policy = OriginPolicy::default();
        let own = [("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080"), ("sec-fetch-site", "same-origin")];
        assert!(policy.check(&headers(&own)).is_ok());
        assert!(policy.check(&headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")])).is_ok());
        assert!(policy.check(&headers(&[("host", "127.0.0.1:8080")])).is_ok(), "no browser headers: a program");
        assert!(policy.check(&headers(&[("host", "a"), ("sec-fetch-site", "none")])).is_ok(), "typed by the user");
    }

    #[test]
    fn foreign_pages_are_refused() {
        let policy = OriginPolicy::default();
        for pairs in [
            &[("host", "127.0.0.1:8080"), ("origin", "https://evil.example")][..],
            &[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8081")],
            &[("host", "127.0.0.1:8080"), ("origin", "null")],
            &[("host", "127.0.0.1:8080"), ("sec-fetch-site", "cross-site")],
            &[("host", "127.0.0.1:8080"), ("sec-fetch-site", "same-site")],
            &[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080"), ("sec-fetch-site", "cross-site")],
        ] {
            assert!(matches!(policy.check(&headers(pairs)), Err(ApiError::CrossSite)), "{pairs:?}");
        }
    }

    #[test]
    fn allowed_and_listed_origins() {
        let policy = OriginPolicy {
            site: SiteOrigin::Listed(vec!["https://resume.example".into()]),
            allowed: vec![HeaderValue::from_static("https://blog.example")],
        };
        let behind_cloudfront = [("host", "abc.lambda-url.us-east-1.on.aws"), ("origin", "https://resume.example")];
        assert!(policy.check(&headers(&behind_cloudfront)).is_ok());
        let allowed = [("host", "x"), ("origin", "https://blog.example"), ("sec-fetch-site", "cross-site")];
        assert!(policy.check(&headers(&allowed)).is_ok());
        let foreign =
            [("host", "abc.lambda-url.us-east-1.on.aws"), ("origin", "https://abc.lambda-url.us-east-1.on.aws")];
        assert!(policy.check(&headers(&foreign)).is_err(), "listed origins replace the Host rule");
        // The CloudFront domain of a site without its own domain: the browser says same-origin.
        let cloudfront = [
            ("host", "abc.lambda-url.us-east-1.on.aws"),
            ("origin", "https://d1.cloudfront.net"),
            ("sec-fetch-site", "same-origin"),
        ];
        assert!(policy.check(&headers(&cloudfront)).is_ok());
    }
}
