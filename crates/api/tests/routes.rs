//! Every route and every error of the HTTP API, without a socket: `router(..).oneshot(request)`
//! over a real SQLite file.

use std::net::SocketAddr;
use std::sync::Arc;

use api::{ApiConfig, router};
use async_trait::async_trait;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use counter::{
    Counter, CounterConfig, DayCount, Dimension, Link, PagePath, Recorded, Salt, SqliteStore, Store, StoreError,
    Totals, ViewRecord,
};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use time::{Date, OffsetDateTime};
use tower::ServiceExt;

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

struct Api {
    app: axum::Router,
    dir: tempfile::TempDir,
}

fn api() -> Api {
    api_with(ApiConfig::default())
}

fn api_with(config: ApiConfig) -> Api {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("counter.sqlite3")).unwrap();
    let counter = Counter::new(Arc::new(store), CounterConfig::default());
    Api { app: router(counter, config), dir }
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    json: Value,
}

impl Api {
    async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("{status}: body is not JSON: {:?}", String::from_utf8_lossy(&bytes)));
        Reply { status, headers, json }
    }

    async fn post(&self, body: &str, ua: &str, peer: &str) -> Reply {
        self.send(
            request(Method::POST, "/api/visits", ua, peer)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_owned()))
                .unwrap(),
        )
        .await
    }

    async fn get(&self, uri: &str) -> Reply {
        self.send(request(Method::GET, uri, FIREFOX, "192.0.2.1:5000").body(Body::empty()).unwrap()).await
    }
}

fn request(method: Method, uri: &str, ua: &str, peer: &str) -> axum::http::request::Builder {
    let mut builder = Request::builder().method(method).uri(uri);
    if !ua.is_empty() {
        builder = builder.header(header::USER_AGENT, ua);
    }
    builder.extension(ConnectInfo(peer.parse::<SocketAddr>().unwrap()))
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.json);
    assert_eq!(reply.json["error"], code, "{}", reply.json);
    let message = reply.json["message"].as_str().expect("a message");
    assert!(message.len() > 10 && message.ends_with('.'), "a plain sentence: {message:?}");
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/json");
}

#[tokio::test]
async fn post_counts_once_then_not_and_another_agent_is_another_visitor() {
    let api = api();
    let first = api.post(r#"{"path":"/"}"#, FIREFOX, "192.0.2.1:5000").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.json, json!({"path":"/","views":1,"visitors":1,"counted":true}));
    assert_eq!(first.headers[header::CACHE_CONTROL], "no-store");
    // The same client from another source port is the same visitor.
    let again = api.post(r#"{"path":"/"}"#, FIREFOX, "192.0.2.1:5001").await;
    assert_eq!(again.json, json!({"path":"/","views":1,"visitors":1,"counted":false}));
    let other = api.post(r#"{"path":"/"}"#, "Mozilla/5.0 (Macintosh) Safari/605.1.15", "192.0.2.1:5000").await;
    assert_eq!(other.json, json!({"path":"/","views":2,"visitors":2,"counted":true}));
}

#[tokio::test]
async fn body_is_optional_and_defaults_to_the_root() {
    let api = api();
    let reply = api.post("", FIREFOX, "192.0.2.1:5000").await;
    assert_eq!(reply.json, json!({"path":"/","views":1,"visitors":1,"counted":true}));
    let reply = api.post("{}", FIREFOX, "192.0.2.2:5000").await;
    assert_eq!(reply.json["views"], 2);
}

#[tokio::test]
async fn get_never_counts_and_counts_are_per_path() {
    let api = api();
    api.post(r#"{"path":"/stats.html"}"#, FIREFOX, "192.0.2.1:5000").await;
    for _ in 0..3 {
        let reply = api.get("/api/visits?path=/stats.html").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json, json!({"path":"/stats.html","views":1,"visitors":1}));
    }
    assert_eq!(api.get("/api/visits").await.json, json!({"path":"/","views":0,"visitors":0}));
    assert_eq!(api.get("/api/visits?path=%2Fstats.html").await.json["views"], 1);
}

#[tokio::test]
async fn every_spelling_of_a_page_counts_as_that_page() {
    let api = api();
    // One visitor per spelling, so that each one is a new view rather than a repeat.
    let spellings = ["/", "/index.html", "//", "/%69ndex.html", "/?utm_source=x", "/#top", "/index.html/", "/./"];
    for (n, path) in spellings.iter().enumerate() {
        let reply = api.post(&json!({ "path": path }).to_string(), FIREFOX, &format!("192.0.2.{}:5000", n + 1)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.json);
        assert_eq!(reply.json["path"], "/", "{path}");
        assert_eq!(reply.json["counted"], true, "{path}");
    }
    assert_eq!(api.get("/api/visits?path=/index.html").await.json["views"], spellings.len());
    let stats = api.post(r#"{"path":"/stats.html/?x#y"}"#, FIREFOX, "192.0.2.1:5000").await;
    assert_eq!(stats.json, json!({"path":"/stats.html","views":1,"visitors":1,"counted":true}));
    assert_eq!(stored_paths(&api), ["/", "/stats.html"]);
}

/// Every path that the SQLite file holds, in any table.
fn stored_paths(api: &Api) -> Vec<String> {
    let db = rusqlite::Connection::open(api.dir.path().join("counter.sqlite3")).unwrap();
    let mut stmt = db
        .prepare("SELECT path FROM path_totals UNION SELECT path FROM daily_counts UNION SELECT path FROM visitor_markers ORDER BY 1")
        .unwrap();
    stmt.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
}

#[tokio::test]
async fn paths_that_are_not_pages_are_404_unknown_page_and_store_nothing() {
    let api = api();
    let long_segment = format!("/{}", "a".repeat(255));
    for path in
        ["/wp-login.php", "/cv", "/404.html", "/Index.html", "/stats", "/a/../../etc/passwd/x", long_segment.as_str()]
    {
        let body = json!({ "path": path }).to_string();
        assert_error(&api.post(&body, FIREFOX, "192.0.2.1:5000").await, StatusCode::NOT_FOUND, "unknown_page");
        let query = format!("path={}", urlencode(path));
        assert_error(&api.get(&format!("/api/visits?{query}")).await, StatusCode::NOT_FOUND, "unknown_page");
        assert_error(&api.get(&format!("/api/visits/daily?{query}")).await, StatusCode::NOT_FOUND, "unknown_page");
    }
    assert!(stored_paths(&api).is_empty(), "{:?}", stored_paths(&api));
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn another_sites_page_cannot_count() {
    let api = api();
    let send = |headers: &'static [(&'static str, &'static str)]| {
        let mut req = request(Method::POST, "/api/visits", FIREFOX, "192.0.2.1:5000")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::CONTENT_TYPE, "application/json");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        api.send(req.body(Body::from("{}")).unwrap())
    };
    for headers in [
        &[("origin", "https://evil.example")][..],
        &[("origin", "null")],
        &[("sec-fetch-site", "cross-site")],
        &[("sec-fetch-site", "same-site"), ("origin", "https://blog.127.0.0.1:8080")],
    ] {
        assert_error(&send(headers).await, StatusCode::FORBIDDEN, "cross_site");
    }
    assert!(stored_paths(&api).is_empty());
    // The site's own page, as a browser sends it, counts.
    let own = send(&[("origin", "http://127.0.0.1:8080"), ("sec-fetch-site", "same-origin")]).await;
    assert_eq!(own.json["counted"], true);
    // An allowed origin counts even cross-site.
    let api = api_with(ApiConfig {
        allowed_origins: vec![HeaderValue::from_static("https://me.example")],
        ..ApiConfig::default()
    });
    let req = request(Method::POST, "/api/visits", FIREFOX, "192.0.2.1:5000")
        .header(header::CONTENT_TYPE, "application/json")
        .header("origin", "https://me.example")
        .header("sec-fetch-site", "cross-site")
        .body(Body::empty())
        .unwrap();
    assert_eq!(api.send(req).await.json["counted"], true);
}

#[tokio::test]
async fn bots_and_empty_agents_are_not_counted() {
    let api = api();
    for ua in ["", "Googlebot/2.1 (+http://www.google.com/bot.html)"] {
        let reply = api.post(r#"{"path":"/"}"#, ua, "192.0.2.1:5000").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json, json!({"path":"/","views":0,"visitors":0,"counted":false}), "{ua:?}");
    }
}

#[tokio::test]
async fn daily_is_zero_filled_and_bounded() {
    let api = api();
    api.post(r#"{"path":"/"}"#, FIREFOX, "192.0.2.1:5000").await;
    let reply = api.get("/api/visits/daily?path=/&days=7").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["path"], "/");
    let days = reply.json["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    let today = OffsetDateTime::now_utc().date().to_string();
    assert_eq!(days[6], json!({"date": today, "views": 1, "visitors": 1}));
    assert!(days[..6].iter().all(|d| d["views"] == 0 && d["visitors"] == 0));
    assert_eq!(api.get("/api/visits/daily").await.json["days"].as_array().unwrap().len(), 30);
    assert_eq!(api.get("/api/visits/daily?days=366").await.json["days"].as_array().unwrap().len(), 366);
    for bad in ["0", "367", "-1", "abc", "1.5", ""] {
        assert_error(&api.get(&format!("/api/visits/daily?days={bad}")).await, StatusCode::BAD_REQUEST, "bad_query");
    }
}

#[tokio::test]
async fn health_answers_ok() {
    let reply = api().get("/api/health").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json, json!({"status":"ok"}));
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_error() {
    let reply = api().get("/api/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/json");
    let doc = reply.json;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
    let paths: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(paths, ["/api/health", "/api/openapi.json", "/api/visits", "/api/visits/daily"]);
    let codes = |path: &str, method: &str| -> Vec<String> {
        doc["paths"][path][method]["responses"].as_object().unwrap().keys().cloned().collect()
    };
    assert_eq!(codes("/api/visits", "post"), ["200", "400", "403", "404", "408", "413", "415", "503"]);
    assert_eq!(codes("/api/visits", "get"), ["200", "400", "404", "503"]);
    assert_eq!(codes("/api/visits/daily", "get"), ["200", "400", "404", "503"]);
    assert_eq!(codes("/api/health", "get"), ["200", "503"]);
    // The request body is required as the route requires it: declared JSON (without it, 415:
    // bodies_that_are_not_json_are_415), with an empty body read as `{}`.
    let body = &doc["paths"]["/api/visits"]["post"]["requestBody"];
    assert_eq!(body["required"], true);
    assert_eq!(body["content"].as_object().unwrap().keys().collect::<Vec<_>>(), ["application/json"]);
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["ErrorBody"]["required"], json!(["error", "message"]));
    assert_eq!(schemas["VisitCounts"]["required"], json!(["path", "views", "visitors"]));
    let days = doc["paths"]["/api/visits/daily"]["get"]["parameters"].as_array().unwrap();
    let days = days.iter().find(|p| p["name"] == "days").unwrap();
    assert_eq!((days["schema"]["minimum"].as_u64(), days["schema"]["maximum"].as_u64()), (Some(1), Some(366)));
}

#[tokio::test]
async fn bad_json_and_bad_bodies_are_400() {
    let api = api();
    for body in ["{", "not json", r#"{"path":"/"}x"#, "[1,"] {
        assert_error(&api.post(body, FIREFOX, "192.0.2.1:5000").await, StatusCode::BAD_REQUEST, "bad_json");
    }
    for body in [r#"{"path":5}"#, r#"{"path":["/"]}"#, "[]", r#"["/"]"#, r#""/""#, "42", "null"] {
        assert_error(&api.post(body, FIREFOX, "192.0.2.1:5000").await, StatusCode::BAD_REQUEST, "invalid_body");
    }
    assert_eq!(api.get("/api/visits").await.json["views"], 0, "nothing was counted");
}

#[tokio::test]
async fn bad_paths_are_400_in_body_and_query() {
    let api = api();
    let long = format!("/{}", "a".repeat(256));
    for path in ["", "blog", "https://evil.example/", "/a\u{0}b", "/a\nb", "/a\u{1b}[31m", long.as_str()] {
        let body = json!({ "path": path }).to_string();
        assert_error(&api.post(&body, FIREFOX, "192.0.2.1:5000").await, StatusCode::BAD_REQUEST, "bad_path");
    }
    assert_error(&api.get("/api/visits?path=blog").await, StatusCode::BAD_REQUEST, "bad_path");
    assert_error(&api.get("/api/visits?path=%2Fa%0Ab").await, StatusCode::BAD_REQUEST, "bad_path");
    assert_error(&api.get("/api/visits/daily?path=x").await, StatusCode::BAD_REQUEST, "bad_path");
    assert_eq!(api.get("/api/visits").await.json["views"], 0);
}

#[tokio::test]
async fn bodies_over_one_kib_are_413_whether_declared_or_streamed() {
    let api = api();
    let padding = " ".repeat(1100);
    let big = format!(r#"{{"path":"/"{padding}}}"#);
    assert_error(&api.post(&big, FIREFOX, "192.0.2.1:5000").await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // No Content-Length: a chunked body must be cut off at the limit too.
    let stream = futures_stream(big.clone().into_bytes());
    let req = request(Method::POST, "/api/visits", FIREFOX, "192.0.2.1:5000")
        .header(header::CONTENT_TYPE, "application/json")
        .body(stream)
        .unwrap();
    assert!(req.headers().get(header::CONTENT_LENGTH).is_none());
    assert_error(&api.send(req).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // Exactly 1 KiB is still fine.
    let exact = format!(r#"{{"path":"/"{}}}"#, " ".repeat(1024 - 12));
    assert_eq!(exact.len(), 1024);
    assert_eq!(api.post(&exact, FIREFOX, "192.0.2.1:5000").await.status, StatusCode::OK);
}

fn futures_stream(bytes: Vec<u8>) -> Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = bytes.chunks(100).map(|c| Ok(c.to_vec())).collect();
    Body::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn bodies_that_are_not_json_are_415() {
    let api = api();
    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
        let mut req = request(Method::POST, "/api/visits", FIREFOX, "192.0.2.1:5000");
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let reply = api.send(req.body(Body::from(r#"{"path":"/"}"#)).unwrap()).await;
        assert_error(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
        // Even without a body: only a declared JSON request makes another origin's page ask
        // the CORS preflight first.
        let mut req = request(Method::POST, "/api/visits", FIREFOX, "192.0.2.1:5000");
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let reply = api.send(req.body(Body::empty()).unwrap()).await;
        assert_error(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    }
    assert!(stored_paths(&api).is_empty());
    let reply = api
        .send(
            request(Method::POST, "/api/visits", FIREFOX, "192.0.2.1:5000")
                .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
                .body(Body::from(r#"{"path":"/"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_routes_are_404_json() {
    let api = api();
    for uri in ["/api", "/api/", "/api/nope", "/api/visits/daily/extra", "/api/visits/", "/elsewhere"] {
        assert_error(&api.get(uri).await, StatusCode::NOT_FOUND, "not_found");
    }
    let reply =
        api.send(request(Method::DELETE, "/api/nope", FIREFOX, "192.0.2.1:5000").body(Body::empty()).unwrap()).await;
    assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn wrong_methods_are_405_json_with_allow() {
    let api = api();
    for (method, uri, allowed) in [
        (Method::DELETE, "/api/visits", vec!["GET", "HEAD", "POST"]),
        (Method::PUT, "/api/visits", vec!["GET", "HEAD", "POST"]),
        (Method::POST, "/api/health", vec!["GET", "HEAD"]),
        (Method::POST, "/api/visits/daily", vec!["GET", "HEAD"]),
        (Method::OPTIONS, "/api/visits", vec!["GET", "HEAD", "POST"]),
    ] {
        let reply =
            api.send(request(method.clone(), uri, FIREFOX, "192.0.2.1:5000").body(Body::empty()).unwrap()).await;
        assert_error(&reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        let mut allow: Vec<String> =
            reply.headers[header::ALLOW].to_str().unwrap().split(',').map(|m| m.trim().to_owned()).collect();
        allow.sort();
        assert_eq!(allow, allowed, "{method} {uri}");
    }
}

#[tokio::test]
async fn no_cors_headers_by_default_and_a_strict_allow_list_when_asked() {
    let api = api();
    let req = request(Method::POST, "/api/visits", FIREFOX, "192.0.2.1:5000")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let reply = api.send(req).await;
    assert!(reply.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    let api = api_with(ApiConfig {
        allowed_origins: vec![HeaderValue::from_static("https://me.example")],
        ..ApiConfig::default()
    });
    let preflight = |origin: &'static str| {
        request(Method::OPTIONS, "/api/visits", FIREFOX, "192.0.2.1:5000")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type,x-amz-content-sha256")
            .body(Body::empty())
            .unwrap()
    };
    let res = api.app.clone().oneshot(preflight("https://me.example")).await.unwrap();
    assert_eq!(res.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://me.example");
    let allowed_headers = res.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS].to_str().unwrap().to_ascii_lowercase();
    assert!(allowed_headers.contains("x-amz-content-sha256"));
    let res = api.app.clone().oneshot(preflight("https://evil.example")).await.unwrap();
    assert!(res.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

/// A store whose backend is down: every call fails as an unreachable database would.
struct DownStore;

#[async_trait]
impl Store for DownStore {
    async fn record_view(&self, _: &ViewRecord) -> Result<Recorded, StoreError> {
        Err(down())
    }
    async fn totals(&self, _: &PagePath) -> Result<Totals, StoreError> {
        Err(down())
    }
    async fn daily(&self, _: &PagePath, _: Date, _: Date) -> Result<Vec<DayCount>, StoreError> {
        Err(down())
    }
    async fn salt(&self, _: Date, _: Salt, _: OffsetDateTime) -> Result<Salt, StoreError> {
        Err(down())
    }
    async fn purge_expired(&self, _: OffsetDateTime) -> Result<u64, StoreError> {
        Err(down())
    }
    async fn ping(&self) -> Result<(), StoreError> {
        Err(down())
    }
    async fn breakdown(&self, _: &PagePath, _: Dimension, _: Date, _: Date) -> Result<Vec<(String, u64)>, StoreError> {
        Err(down())
    }
    async fn add_link(&self, _: &str, _: OffsetDateTime) -> Result<bool, StoreError> {
        Err(down())
    }
    async fn remove_link(&self, _: &str) -> Result<bool, StoreError> {
        Err(down())
    }
    async fn links(&self) -> Result<Vec<Link>, StoreError> {
        Err(down())
    }
    async fn is_link(&self, _: &str) -> Result<bool, StoreError> {
        Err(down())
    }
}

fn down() -> StoreError {
    StoreError::unavailable(std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "secret internal detail"))
}

#[tokio::test]
async fn a_failing_store_is_503_json_without_details() {
    let api = Api {
        app: router(Counter::new(Arc::new(DownStore), CounterConfig::default()), ApiConfig::default()),
        dir: tempfile::tempdir().unwrap(),
    };
    for reply in [
        api.post(r#"{"path":"/"}"#, FIREFOX, "192.0.2.1:5000").await,
        api.get("/api/visits").await,
        api.get("/api/visits/daily").await,
        api.get("/api/health").await,
    ] {
        assert_error(&reply, StatusCode::SERVICE_UNAVAILABLE, "store_unavailable");
        assert!(!reply.json.to_string().contains("secret"));
    }
}
