use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{FromRequestParts, State};
use axum::http::{HeaderValue, Method, StatusCode, header, request::Parts};
use axum::middleware::map_response;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use counter::{Counter, PagePath, Visit};
use serde::{Deserialize, Serialize};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use tower_http::cors::CorsLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::ClientIpSource;
use crate::error::ApiError;
use crate::extract::{ApiQuery, VisitBody};

/// The largest request body accepted, in bytes (1 KiB).
pub const MAX_BODY_BYTES: usize = 1024;

/// The longest span `GET /api/visits/daily` answers for.
const MAX_DAYS: u16 = 366;
const DEFAULT_DAYS: u16 = 30;

/// How the API is set up in a runtime.
#[derive(Debug, Clone, Default)]
pub struct ApiConfig {
    /// Where the client IP comes from.
    pub client_ip: ClientIpSource,
    /// Origins (`scheme://host[:port]`) allowed to call the API from another origin. Empty, the
    /// default, sends no CORS headers at all: the site and the API share one origin.
    pub allowed_origins: Vec<HeaderValue>,
}

#[derive(Clone)]
struct AppState {
    counter: Counter,
    client_ip: Arc<ClientIpSource>,
}

/// The API under `/api`. Requests outside `/api` reach the router's fallback, a JSON 404, which
/// a runtime serving more than the API replaces with `Router::fallback_service`.
pub fn router(counter: Counter, config: ApiConfig) -> Router {
    let state = AppState { counter, client_ip: Arc::new(config.client_ip) };
    let api = Router::new()
        .route("/api/visits", post(record_visit).get(read_visits))
        .route("/api/visits/daily", get(daily_visits))
        .route("/api/health", get(health))
        .route("/api", any(not_found))
        .route("/api/{*rest}", any(not_found))
        .fallback(not_found)
        .layer(map_response(method_not_allowed_as_json))
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

/// The client as the counter needs it: an IP and a User-Agent, used once and dropped.
struct Client {
    ip: IpAddr,
    user_agent: String,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        Ok(Self { ip: state.client_ip.client_ip(parts), user_agent })
    }
}

#[derive(Debug, Serialize)]
struct VisitCounts {
    path: String,
    views: u64,
    visitors: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    counted: Option<bool>,
}

async fn record_visit(
    State(state): State<AppState>,
    client: Client,
    body: VisitBody,
) -> Result<Json<VisitCounts>, ApiError> {
    let path = path_or_root(body.path)?;
    let visit = Visit { path: &path, ip: client.ip, user_agent: &client.user_agent };
    let recorded = state.counter.record(visit).await?;
    Ok(Json(VisitCounts {
        path: path.to_string(),
        views: recorded.totals.views,
        visitors: recorded.totals.visitors,
        counted: Some(recorded.counted),
    }))
}

#[derive(Debug, Deserialize)]
struct PathQuery {
    path: Option<String>,
}

fn path_or_root(raw: Option<String>) -> Result<PagePath, ApiError> {
    Ok(match raw {
        Some(raw) => PagePath::parse(&raw)?,
        None => PagePath::root(),
    })
}

async fn read_visits(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PathQuery>,
) -> Result<Json<VisitCounts>, ApiError> {
    let path = path_or_root(q.path)?;
    let totals = state.counter.totals(&path).await?;
    Ok(Json(VisitCounts { path: path.to_string(), views: totals.views, visitors: totals.visitors, counted: None }))
}

#[derive(Debug, Deserialize)]
struct DailyQuery {
    path: Option<String>,
    days: Option<String>,
}

#[derive(Debug, Serialize)]
struct Daily {
    path: String,
    days: Vec<DailyEntry>,
}

#[derive(Debug, Serialize)]
struct DailyEntry {
    date: String,
    views: u64,
    visitors: u64,
}

const DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

async fn daily_visits(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<DailyQuery>,
) -> Result<Json<Daily>, ApiError> {
    let path = path_or_root(q.path)?;
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

async fn health(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    state.counter.health().await?;
    Ok(Json(serde_json::json!({ "status": "ok" })))
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// axum answers a known route with an unknown method by an empty 405 with `Allow`; give it our
/// JSON body and keep the header.
async fn method_not_allowed_as_json(response: Response) -> Response {
    if response.status() != StatusCode::METHOD_NOT_ALLOWED || response.headers().contains_key(header::CONTENT_TYPE) {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut json = ApiError::MethodNotAllowed.into_response();
    if let Some(allow) = allow {
        json.headers_mut().insert(header::ALLOW, allow);
    }
    json
}
