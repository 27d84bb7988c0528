//! `bootstrap`: the cloud-resume API as a Lambda function behind a function URL (payload v2),
//! reached through CloudFront. It serves `api::router` over the DynamoDB store and nothing else.
//!
//! The same binary is the aggregator, a second function whose handler is `aggregate` (Lambda
//! tells a custom runtime its handler in `_HANDLER`): Lambda reads the table's stream and hands
//! it batches of written visitor markers, which it adds to the shared counters, each batch
//! exactly once (`counter::Aggregator`). Its event source mapping has a tumbling window, so
//! that each event names its shard; the aggregator keeps no state in the window.
//!
//! Configuration (environment):
//! - `TABLE_NAME` (required): the DynamoDB table.
//! - `REFRESH_WINDOW` (default `10m`): a repeat view within it is not counted.
//! - `SITE_NAME` (default `cloud-resume`): mixed into visitor keys.
//! - `VIEWS_PER_IP_HOUR` (default 30; 0 for none): the inflation cap.
//! - `SITE_ORIGINS` (optional): the site's origins, comma-separated (`https://resume.example`),
//!   for browsers that send an `Origin` but no `Sec-Fetch-Site`.
//! - Each is read as `serve` reads its flag (`counter::settings`); a value that does not read
//!   stops the function at init, with the variable's name.
//! - the standard AWS variables (`AWS_REGION`, credentials; `AWS_ENDPOINT_URL` for emulators).
//!
//! The viewer's IP comes from `CloudFront-Viewer-Address`, else the function URL's source IP.
//! Logs are JSON lines without IP addresses or User-Agents, whatever `RUST_LOG` asks for.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use api::{ApiConfig, ClientIpSource, SiteOrigin};
use aws_lambda_events::dynamodb::{EventRecord, TimeWindowEvent, TimeWindowEventResponse};
use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderName;
use axum::middleware::{self, Next};
use axum::response::Response;
use counter::settings::{self, FunctionSettings};
use counter::{Aggregator, Change, ChangeKind, Counter, CounterConfig, DynamoStore};
use lambda_http::request::RequestContext;
use lambda_http::{Error, LambdaEvent, RequestExt, service_fn};
use serde_dynamo::AttributeValue;

#[tokio::main]
async fn main() -> Result<(), Error> {
    init_logging();
    if std::env::var("_HANDLER").is_ok_and(|h| h == AGGREGATE) {
        return aggregate().await;
    }
    let settings = FunctionSettings::from_env(|key| std::env::var(key).ok())?;
    let pages = settings.pages();
    // Built once per execution environment, at init; short timeouts so a store outage becomes
    // a quick 503 rather than a function timeout.
    let client = settings::dynamodb_client(settings::LAMBDA_STORE_TIMEOUT).await;
    let store = DynamoStore::new(client, settings.table);
    let config = CounterConfig {
        site: settings.site,
        refresh_window: time::Duration::try_from(settings.refresh_window)?,
        // The table's TTL removes expired items; no scan in the request path.
        purge_on_day_change: false,
        views_per_ip_hour: settings.views_per_ip_hour,
    };
    let counter = Counter::new(Arc::new(store), config);
    let api_config = ApiConfig {
        client_ip: ClientIpSource::Header(HeaderName::from_static("cloudfront-viewer-address")),
        allowed_origins: Vec::new(),
        // Behind CloudFront the Host is the function URL's; the site's origins are told.
        site_origin: SiteOrigin::Listed(settings.site_origins),
        // The site and this function come from the same release: its pages are built in, with a
        // page and a statistics page for each language SITE_LANGUAGES names.
        pages: pages.into(),
        // CloudFront tells the viewer's country (the origin request policy forwards it).
        country_header: Some(HeaderName::from_static("cloudfront-viewer-country")),
        // The function URL hands over whole bodies: the deadline never bites here.
        ..ApiConfig::default()
    };
    let app = api::router(counter, api_config)
        .layer(middleware::from_fn(source_ip_as_peer))
        .layer(middleware::from_fn(api::log_requests));
    lambda_http::run(app).await
}

/// The handler name of the aggregator function.
const AGGREGATE: &str = "aggregate";

/// The aggregator: each stream batch Lambda invokes it with is added to the counters. An error
/// makes Lambda retry the batch (or halves of it): whatever part of it was added before adds
/// nothing again.
async fn aggregate() -> Result<(), Error> {
    let table = std::env::var("TABLE_NAME").map_err(|_| "TABLE_NAME is not set: the table whose stream this sums")?;
    let client = settings::dynamodb_client(settings::LAMBDA_STORE_TIMEOUT).await;
    let aggregator = Aggregator::new(client, table);
    lambda_http::lambda_runtime::run(service_fn(|event: LambdaEvent<TimeWindowEvent>| {
        let aggregator = aggregator.clone();
        async move { add_batch(&aggregator, event.payload).await }
    }))
    .await
}

async fn add_batch(aggregator: &Aggregator, event: TimeWindowEvent) -> Result<TimeWindowEventResponse, Error> {
    let Some(shard) = event.time_window_properties.shard_id.as_deref() else {
        return Err("the event names no shard: the event source mapping needs a tumbling window".into());
    };
    let changes: Vec<Change> = event.dynamo_db_event.records.iter().filter_map(change).collect();
    let applied = aggregator.apply(shard, &changes).await.map_err(|e| e.chain())?;
    tracing::info!(
        shard,
        records = event.dynamo_db_event.records.len(),
        views = applied.views,
        already = applied.already,
        ignored = applied.ignored,
        "added a batch of the stream"
    );
    // A tumbling window's invocations must answer a state; this one keeps none.
    Ok(TimeWindowEventResponse::default())
}

/// A stream record as the aggregator reads it; none for a record that is no change of an item.
fn change(record: &EventRecord) -> Option<Change> {
    let kind = ChangeKind::from_event_name(&record.event_name)?;
    let image = record
        .change
        .new_image
        .iter()
        .filter_map(|(name, value)| match value {
            AttributeValue::S(text) | AttributeValue::N(text) => Some((name.clone(), text.clone())),
            _ => None,
        })
        .collect();
    Some(Change { sequence: record.change.sequence_number.clone()?, kind, image })
}

/// JSON lines on stdout, filtered by `RUST_LOG` (default `info`), except that `lambda_runtime` is
/// held at `debug` whatever `RUST_LOG` says: at `trace` it logs every raw event, and so the
/// viewer's address and User-Agent (`tests/cloud.rs` looks for them in a trace log).
fn init_logging() {
    use tracing_subscriber::filter::{EnvFilter, LevelFilter, Targets};
    use tracing_subscriber::prelude::*;
    let wanted = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let private = Targets::new().with_default(LevelFilter::TRACE).with_target("lambda_runtime", LevelFilter::DEBUG);
    let json = tracing_subscriber::fmt::layer().json().with_current_span(false).with_target(false);
    tracing_subscriber::registry().with(json.with_filter(wanted).with_filter(private)).init();
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
