use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// Middleware: one log line per request with its method, path, status and latency. Deliberately
/// nothing else: no query string, no IP address, no User-Agent, no other header.
pub async fn log_requests(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    // Debug formatting escapes control characters, so a crafted path cannot forge log lines.
    let path = format!("{:?}", request.uri().path());
    let started = Instant::now();
    let response = next.run(request).await;
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
