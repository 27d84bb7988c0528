//! `bootstrap`: the cloud-resume API as a Lambda function behind a function URL (payload v2),
//! reached through CloudFront. It serves `api::router` over the DynamoDB store and nothing else.
//!
//! Configuration (environment):
//! - `TABLE_NAME` (required): the DynamoDB table.
//! - `REFRESH_WINDOW` (default `10m`): a repeat view within it is not counted.
//! - `SITE_NAME` (default `cloud-resume`): mixed into visitor keys.
//! - the standard AWS variables (`AWS_REGION`, credentials; `AWS_ENDPOINT_URL` for emulators).
//!
//! The viewer's IP comes from `CloudFront-Viewer-Address`, else the function URL's source IP.
//! Logs are JSON lines without IP addresses or User-Agents.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use api::{ApiConfig, ClientIpSource};
use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderName;
use axum::middleware::{self, Next};
use axum::response::Response;
use counter::{Counter, CounterConfig, DynamoStore};
use lambda_http::request::RequestContext;
use lambda_http::{Error, RequestExt};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_current_span(false)
        .with_target(false)
        .init();

    let table = std::env::var("TABLE_NAME").map_err(|_| "TABLE_NAME is not set: name the DynamoDB table")?;
    let refresh_window = match std::env::var("REFRESH_WINDOW") {
        Ok(raw) => humantime::parse_duration(&raw).map_err(|e| format!("REFRESH_WINDOW={raw:?}: {e}"))?,
        Err(_) => Duration::from_secs(600),
    };
    let site = std::env::var("SITE_NAME").unwrap_or_else(|_| "cloud-resume".to_owned());

    // Built once per execution environment, at init; short timeouts so a store outage becomes
    // a quick 503 rather than a function timeout.
    let sdk = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(1))
                .operation_attempt_timeout(Duration::from_secs(2))
                .operation_timeout(Duration::from_secs(4))
                .build(),
        )
        .retry_config(RetryConfig::standard().with_max_attempts(2))
        .load()
        .await;
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&sdk), table);
    let config = CounterConfig {
        site,
        refresh_window: time::Duration::try_from(refresh_window)?,
        // The table's TTL removes expired items; no scan in the request path.
        purge_on_day_change: false,
    };
    let counter = Counter::new(Arc::new(store), config);
    let api_config = ApiConfig {
        client_ip: ClientIpSource::Header(HeaderName::from_static("cloudfront-viewer-address")),
        allowed_origins: Vec::new(),
    };
    let app = api::router(counter, api_config)
        .layer(middleware::from_fn(source_ip_as_peer))
        .layer(middleware::from_fn(api::log_requests));
    lambda_http::run(app).await
}

/// The function URL's source IP stands in for the TCP peer, which a Lambda does not have.
async fn source_ip_as_peer(mut request: Request, next: Next) -> Response {
    let source = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.http.source_ip.as_deref().and_then(|s| s.parse::<IpAddr>().ok()),
        _ => None,
    };
    if let Some(ip) = source {
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new(ip, 0)));
    }
    next.run(request).await
}
