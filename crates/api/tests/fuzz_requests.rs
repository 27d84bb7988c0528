//! Arbitrary requests against the router (real SQLite file): whatever arrives, the answer is
//! never a 5xx or a panic, and every error has our JSON shape.

use std::net::SocketAddr;
use std::sync::Arc;

use api::{ApiConfig, router};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, header};
use counter::{Counter, CounterConfig, SqliteStore};
use http_body_util::BodyExt;
use proptest::prelude::*;
use tower::ServiceExt;

fn uri_chars() -> impl Strategy<Value = String> {
    // Characters a request target may carry, percent-escapes and separators included.
    proptest::string::string_regex("[A-Za-z0-9/._~%?&=+:@!$'()*,;-]{0,80}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_request_makes_the_api_fail_or_panic(
        method in prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "BREW"]),
        route in prop::sample::select(vec!["/api/visits", "/api/visits/daily", "/api/health", "/api", "/api/x", "/elsewhere"]),
        tail in uri_chars(),
        content_type in prop::option::of(prop::sample::select(vec!["application/json", "text/plain", "application/x+json", "multipart/form-data; boundary=x", ""])),
        user_agent in prop::option::of("[ -~]{0,200}"),
        body in prop::collection::vec(any::<u8>(), 0..1500),
        json_path in prop::option::of(any::<String>()),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("counter.sqlite3")).unwrap();
        let app = router(Counter::new(Arc::new(store), CounterConfig::default()), ApiConfig::default());

        let target = format!("{route}{tail}");
        let body = match json_path {
            Some(path) => serde_json::json!({ "path": path }).to_string().into_bytes(),
            None => body,
        };
        let mut req = Request::builder().method(method).uri(&target);
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        if let Some(ua) = user_agent {
            req = req.header(header::USER_AGENT, ua);
        }
        let Ok(req) = req.extension(ConnectInfo("192.0.2.9:1234".parse::<SocketAddr>().unwrap())).body(Body::from(body)) else {
            return Ok(()); // not a request http can even represent
        };
        let (status, ct, bytes) = runtime.block_on(async {
            let res = app.oneshot(req).await.unwrap();
            let status = res.status();
            let ct = res.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap_or("").to_owned());
            (status, ct, res.into_body().collect().await.unwrap().to_bytes())
        });
        prop_assert!(!status.is_server_error(), "{method} {target}: {status}");
        if method != "HEAD" {
            prop_assert_eq!(ct.as_deref(), Some("application/json"), "{} {}", method, target);
            let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            if status.is_client_error() {
                prop_assert!(json["error"].is_string() && json["message"].is_string(), "{}", json);
            }
        }
    }
}
