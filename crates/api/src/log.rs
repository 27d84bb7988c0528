use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::StoreFailure;

/// Middleware: one log line per request with its method, path, status and latency, and an error
/// line before it when a store failure caused the answer ([`StoreFailure`]). Deliberately nothing
/// else: no query string, no IP address, no User-Agent, no other header.
pub async fn log_requests(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    // Debug formatting escapes control characters, so a crafted path cannot forge log lines.
    let path = format!("{:?}", request.uri().path());
    let started = Instant::now();
    let response = next.run(request).await;
    if let Some(StoreFailure(chain)) = response.extensions().get::<StoreFailure>() {
        tracing::error!(target: "cloud_resume::request", %method, path = path.trim_matches('"'), error = %chain, "store request failed");
    }
    tracing::info!(
        target: "cloud_resume::request",
        %method,
        path = path.trim_matches('"'),
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}
