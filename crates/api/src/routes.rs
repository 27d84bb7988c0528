//! The API's routes and handlers, and the shapes of what they answer. The OpenAPI document
//! describing them is in `openapi.rs`, built from the `#[utoipa::path]` attributes here.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{FromRequestParts, State};
use axum::http::{HeaderName, HeaderValue, Method, header, request::Parts};
use axum::middleware::map_response;
use axum::routing::{any, get, post};
use axum::{Json, Router};
use counter::{Counter, LivePages, PagePath, Visit};
use serde::{Deserialize, Serialize};
use tower_http::cors::CorsLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::ToSchema;

use crate::ClientIpSource;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiQuery, VisitBody};
use crate::guard::{OriginPolicy, SameSite, SiteOrigin};

/// The largest request body accepted, in bytes (1 KiB).
pub const MAX_BODY_BYTES: usize = 1024;

/// The longest span `GET /api/visits/daily` answers for.
const MAX_DAYS: u16 = 366;
const DEFAULT_DAYS: u16 = 30;

/// How the API is set up in a runtime.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Where the client IP comes from.
    pub client_ip: ClientIpSource,
    /// Origins (`scheme://host[:port]`) allowed to call the API from another origin. Empty, the
    /// default, sends no CORS headers at all: the site and the API share one origin.
    pub allowed_origins: Vec<HeaderValue>,
    /// How the site's own origin is known, for the cross-site guard.
    pub site_origin: SiteOrigin,
    /// The site's pages: the only paths counted or read; any other is 404 `unknown_page`.
    pub pages: LivePages,
    /// How long a request body may take to arrive, in all: later is 408 `request_timeout`.
    pub body_timeout: std::time::Duration,
    /// The header that tells the viewer's country (`CloudFront-Viewer-Country` behind
    /// CloudFront); none locally, where every view's country is `unknown`.
    pub country_header: Option<HeaderName>,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            client_ip: ClientIpSource::default(),
            allowed_origins: Vec::new(),
            site_origin: SiteOrigin::default(),
            pages: LivePages::default(),
            body_timeout: DEFAULT_BODY_TIMEOUT,
            country_header: None,
        }
    }
}

/// The default of [`ApiConfig::body_timeout`].
pub const DEFAULT_BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Clone)]
pub(crate) struct AppState {
    counter: Counter,
    client_ip: Arc<ClientIpSource>,
    pub(crate) origins: Arc<OriginPolicy>,
    pages: LivePages,
    pub(crate) body_timeout: std::time::Duration,
    country_header: Option<HeaderName>,
}

/// The API under `/api`. Requests outside `/api` reach the router's fallback, a JSON 404, which
/// a runtime serving more than the API replaces with `Router::fallback_service`.
pub fn router(counter: Counter, config: ApiConfig) -> Router {
    let origins = OriginPolicy { site: config.site_origin, allowed: config.allowed_origins.clone() };
    let state = AppState {
        counter,
        client_ip: Arc::new(config.client_ip),
        origins: Arc::new(origins),
        pages: config.pages,
        body_timeout: config.body_timeout,
        country_header: config.country_header,
    };
    let api = Router::new()
        .route("/api/visits", post(record_visit).get(read_visits))
        .route("/api/visits/daily", get(daily_visits))
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(crate::openapi::openapi_json))
        .route("/api", any(not_found))
        .route("/api/{*rest}", any(not_found))
        .fallback(not_found)
        .layer(map_response(crate::error::method_not_allowed_as_json))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .with_state(state);
    if config.allowed_origins.is_empty() {
        return api;
    }
    api.layer(
        CorsLayer::new()
            .allow_origin(config.allowed_origins)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE, header::HeaderName::from_static("x-amz-content-sha256")])
            .max_age(std::time::Duration::from_secs(3600)),
    )
}

/// The client as the counter needs it: an IP and a User-Agent, used once and dropped; the
/// country the CDN told, and the site's own host names (a referrer among them is `direct`).
pub(crate) struct Client {
    ip: IpAddr,
    user_agent: String,
    country: Option<String>,
    own_hosts: Vec<String>,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        let header_text = |name: &HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let country = state.country_header.as_ref().and_then(&header_text);
        let mut own_hosts: Vec<String> = header_text(&header::HOST)
            .map(|h| {
                h.rsplit_once(':')
                    .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
                    .map_or(h.clone(), |(h, _)| h.to_owned())
            })
            .into_iter()
            .collect();
        if let SiteOrigin::Listed(origins) = &state.origins.site {
            own_hosts.extend(
                origins
                    .iter()
                    .filter_map(|o| o.split("://").nth(1))
                    .map(|h| h.split(':').next().unwrap_or(h).to_owned()),
            );
        }
        Ok(Self { ip: state.client_ip.client_ip(parts), user_agent, country, own_hosts })
    }
}

/// The counts of one page.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VisitCounts {
    /// The page path, in its normal form.
    #[schema(example = "/")]
    path: String,
    /// Views counted, all time.
    views: u64,
    /// Distinct visitors, summed per UTC day.
    visitors: u64,
    /// Whether this request was counted (POST only): false for a repeat within the refresh
    /// window, a bot or a request without a User-Agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false, nullable = false)]
    counted: Option<bool>,
}

/// The body of `POST /api/visits` (optional: no body counts `/`).
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // documents the shape that `VisitBody` reads
pub(crate) struct VisitRequest {
    /// The page path, starting with `/`, at most 256 bytes of UTF-8, no control characters;
    /// absent or null counts `/`. It is normalised (`/index.html` is `/`; query, fragment and
    /// trailing slash dropped; percent-escapes decoded; Unicode NFC) and must then be one of the
    /// site's pages.
    #[schema(
        example = "/",
        max_length = 256,
        pattern = r"^/[^\x00-\x1f\x7f-\x9f]*$",
        required = false,
        nullable = true
    )]
    path: Option<String>,
    /// The share link the page was opened with (`?ref=NAME`): a known link counts under its
    /// name, any other as `other`. Only the owner's report (`cloud-resume stats`) shows it.
    #[serde(rename = "ref")]
    #[schema(example = "acme-backend-role", max_length = 64, required = false, nullable = true)]
    link: Option<String>,
    /// The host of the page that linked here; it counts as its registrable domain
    /// (`linkedin.com`), the site's own as `direct`. Only the owner's report shows it.
    #[schema(example = "www.linkedin.com", max_length = 253, required = false, nullable = true)]
    referrer: Option<String>,
}

/// Counts a view of a page by this client, unless it is a repeat within the refresh window, a
/// bot, or a request without a User-Agent. The request must be declared JSON, even without a
/// body, and must not come from another site's page.
#[utoipa::path(
    post,
    path = "/api/visits",
    request_body(content = VisitRequest, content_type = "application/json", description = "Declared `application/json` (else 415); an empty body reads as `{}`, which counts `/`"),
    responses(
        (status = 200, description = "The page's counts, and whether this view was counted", body = VisitCounts),
        (status = 400, description = "Not JSON, not the expected object, or a bad path", body = ErrorBody),
        (status = 403, description = "Sent by a page of another site (`cross_site`)", body = ErrorBody),
        (status = 404, description = "Not a page of this site (`unknown_page`); nothing is stored", body = ErrorBody),
        (status = 408, description = "The body did not arrive in time (`request_timeout`)", body = ErrorBody),
        (status = 413, description = "A body over 1 KiB", body = ErrorBody),
        (status = 415, description = "Not declared as `application/json`", body = ErrorBody),
        (status = 503, description = "The store does not answer", body = ErrorBody),
    )
)]
pub(crate) async fn record_visit(
    State(state): State<AppState>,
    _: SameSite,
    client: Client,
    body: VisitBody,
) -> Result<Json<VisitCounts>, ApiError> {
    let path = state.page(body.path)?;
    for (field, value, max) in [("ref", &body.link, 64), ("referrer", &body.referrer, 253)] {
        if value.as_ref().is_some_and(|v| v.chars().count() > max) {
            return Err(ApiError::InvalidBody(format!("{field} is longer than {max} characters")));
        }
    }
    let own_hosts: Vec<&str> = client.own_hosts.iter().map(String::as_str).collect();
    let visit = Visit {
        link: body.link.as_deref(),
        referrer: body.referrer.as_deref(),
        country: client.country.as_deref(),
        own_hosts: &own_hosts,
        ..Visit::new(&path, client.ip, &client.user_agent)
    };
    let recorded = state.counter.record(visit).await?;
    Ok(Json(VisitCounts {
        path: path.to_string(),
        views: recorded.totals.views,
        visitors: recorded.totals.visitors,
        counted: Some(recorded.counted),
    }))
}

#[derive(Debug, Deserialize)]
pub(crate) struct PathQuery {
    path: Option<String>,
}

impl AppState {
    /// The page `raw` names (`/` when none), in normal form, if it is one of the site's pages.
    fn page(&self, raw: Option<String>) -> Result<PagePath, ApiError> {
        let path = match raw {
            Some(raw) => PagePath::parse(&raw)?,
            None => PagePath::root(),
        };
        if self.pages.contains(&path) { Ok(path) } else { Err(ApiError::UnknownPage(path.to_string())) }
    }
}

/// The counts of a page; never counts.
#[utoipa::path(
    get,
    path = "/api/visits",
    params(("path" = Option<String>, Query, description = "The page path (default `/`)", max_length = 256, pattern = r"^/[^\x00-\x1f\x7f-\x9f]*$")),
    responses(
        (status = 200, description = "The page's counts", body = VisitCounts),
        (status = 400, description = "A bad path or query string", body = ErrorBody),
        (status = 404, description = "Not a page of this site (`unknown_page`)", body = ErrorBody),
        (status = 503, description = "The store does not answer", body = ErrorBody),
    )
)]
pub(crate) async fn read_visits(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PathQuery>,
) -> Result<Json<VisitCounts>, ApiError> {
    let path = state.page(q.path)?;
    let totals = state.counter.totals(&path).await?;
    Ok(Json(VisitCounts { path: path.to_string(), views: totals.views, visitors: totals.visitors, counted: None }))
}

#[derive(Debug, Deserialize)]
pub(crate) struct DailyQuery {
    path: Option<String>,
    days: Option<String>,
}

/// A page's counts per UTC day.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Daily {
    #[schema(example = "/")]
    path: String,
    /// One entry per day, oldest first, days without views included (zero).
    days: Vec<DailyEntry>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DailyEntry {
    /// The UTC day.
    #[schema(example = "2026-11-28", format = Date)]
    date: String,
    views: u64,
    visitors: u64,
}

use counter::settings::DAY_FORMAT as DATE;

/// A page's views and visitors per UTC day, for the last `days` days including today.
#[utoipa::path(
    get,
    path = "/api/visits/daily",
    params(
        ("path" = Option<String>, Query, description = "The page path (default `/`)", max_length = 256, pattern = r"^/[^\x00-\x1f\x7f-\x9f]*$"),
        ("days" = Option<u16>, Query, description = "How many days (default 30)", minimum = 1, maximum = 366),
    ),
    responses(
        (status = 200, description = "The page's counts per day", body = Daily),
        (status = 400, description = "A bad path, days out of range, or a bad query string", body = ErrorBody),
        (status = 404, description = "Not a page of this site (`unknown_page`)", body = ErrorBody),
        (status = 503, description = "The store does not answer", body = ErrorBody),
    )
)]
pub(crate) async fn daily_visits(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<DailyQuery>,
) -> Result<Json<Daily>, ApiError> {
    let path = state.page(q.path)?;
    let days = match q.days.as_deref() {
        None => DEFAULT_DAYS,
        Some(raw) => raw.trim().parse::<u16>().ok().filter(|d| (1..=MAX_DAYS).contains(d)).ok_or_else(|| {
            ApiError::BadQuery(format!("The days parameter must be a whole number from 1 to {MAX_DAYS}."))
        })?,
    };
    let counts = state.counter.daily(&path, days).await?;
    let days = counts
        .into_iter()
        .map(|c| DailyEntry { date: c.date.format(DATE).unwrap_or_default(), views: c.views, visitors: c.visitors })
        .collect();
    Ok(Json(Daily { path: path.to_string(), days }))
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    #[schema(example = "ok")]
    status: &'static str,
}

/// Whether the API and its store answer.
#[utoipa::path(
    get,
    path = "/api/health",
    responses(
        (status = 200, description = "The store answers", body = Health),
        (status = 503, description = "The store does not answer", body = ErrorBody),
    )
)]
pub(crate) async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.counter.health().await?;
    Ok(Json(Health { status: "ok" }))
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
