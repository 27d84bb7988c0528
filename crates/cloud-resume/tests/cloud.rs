//! The cloud runtime against stand-ins on loopback: DynamoDB is moto (scripts/moto-server), the
//! Lambda runtime is cargo-lambda's emulator (`cargo lambda watch --only-lambda-apis`) running
//! the real `bootstrap` binary. Every process a test starts is stopped by PID when it ends.
//! Needs `--features emulator-tests` and moto + cargo-lambda installed (scripts/test does both).

mod emulators;
mod util;

use emulators::{Lambda, Moto};
use serde_json::{Value, json};
use util::{FIREFOX, NO_CAP, Server, client, post_visit, totals};

/// `serve --store dynamodb` with a data directory (for the rendered site) removed with it.
struct DynamoServer {
    server: Server,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for DynamoServer {
    type Target = Server;
    fn deref(&self) -> &Server {
        &self.server
    }
}

fn serve_dynamodb(moto: &Moto, table: &str, extra: &[&str]) -> DynamoServer {
    let dir = tempfile::tempdir().unwrap();
    let env: Vec<(&str, String)> = moto.env();
    let env_refs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut args = vec!["--store", "dynamodb", "--table", table];
    args.extend_from_slice(extra);
    let server = Server::start_with_env(dir.path(), &args, &env_refs);
    DynamoServer { server, _dir: dir }
}

/// Status, content type and JSON body.
async fn call(req: reqwest::RequestBuilder) -> (u16, String, Value) {
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let body = res.bytes().await.unwrap();
    let json = serde_json::from_slice(&body).unwrap_or_else(|_| json!({ "not-json": String::from_utf8_lossy(&body) }));
    (status, ct, json)
}

/// (method, path, user agent, client ip, content type, body)
type Case = (&'static str, &'static str, &'static str, &'static str, Option<&'static str>, String);

/// A JSON `POST /api/visits` from Firefox at `ip`.
fn visit(ip: &'static str, body: impl Into<String>) -> Case {
    ("POST", "/api/visits", FIREFOX, ip, Some("application/json"), body.into())
}

/// A `GET` from Firefox at 198.51.100.1.
fn get(path: &'static str) -> Case {
    ("GET", path, FIREFOX, "198.51.100.1", None, String::new())
}

/// Requests that the parity test sends to both runtimes, in order: counted, repeated, by bots,
/// malformed, oversized, made-up, and reads of what they counted.
fn parity_cases() -> Vec<Case> {
    let bot = "Googlebot/2.1 (+http://www.google.com/bot.html)";
    vec![
        get("/api/health"),
        visit("198.51.100.1", r#"{"path":"/"}"#),
        visit("198.51.100.1", r#"{"path":"/"}"#),
        visit("198.51.100.2", r#"{"path":"/"}"#),
        ("POST", "/api/visits", bot, "198.51.100.3", Some("application/json"), "{}".into()),
        ("POST", "/api/visits", "", "198.51.100.3", Some("application/json"), "{}".into()),
        visit("198.51.100.1", r#"{"path":"/stats.html"}"#),
        visit("198.51.100.1", "{"),
        visit("198.51.100.1", r#"{"path":"nope"}"#),
        visit("198.51.100.1", r#"{"path":5}"#),
        visit("198.51.100.1", format!(r#"{{"path":"/{}"}}"#, "a".repeat(1100))),
        ("POST", "/api/visits", FIREFOX, "198.51.100.1", Some("text/plain"), r#"{"path":"/"}"#.into()),
        ("POST", "/api/visits", FIREFOX, "198.51.100.1", Some("text/plain"), String::new()),
        visit("198.51.100.1", r#"{"path":"/wp-login.php"}"#),
        visit("198.51.100.4", r#"{"path":"/index.html?x=1"}"#),
        visit("198.51.100.5", r#"{"path":"/","ref":"not-a-link","referrer":"www.linkedin.com"}"#),
        visit("198.51.100.6", format!(r#"{{"ref":"{}"}}"#, "r".repeat(65))),
        visit("198.51.100.6", r#"{"referrer":7}"#),
        get("/api/visits?path=/nope"),
        get("/api/visits?path=/"),
        get("/api/visits?path=/stats.html"),
        get("/api/visits/daily?path=/&days=3"),
        get("/api/visits/daily?days=0"),
        get("/api/nope"),
        ("DELETE", "/api/visits", FIREFOX, "198.51.100.1", None, String::new()),
    ]
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn lambda_answers_exactly_like_serve() {
    let moto = Moto::start_with_conflicts();
    moto.create_table("serve-parity");
    moto.create_table("lambda-parity");
    let server = serve_dynamodb(&moto, "serve-parity", &["--trust-proxy"]);
    let lambda = Lambda::start(&moto, "lambda-parity");
    let http = client();
    for (method, path, ua, ip, ct, body) in parity_cases() {
        let build = |url: String, ip_header: &str, ip_value: String| {
            let mut req = http.request(method.parse().unwrap(), url).header(ip_header, ip_value);
            if !ua.is_empty() {
                req = req.header("user-agent", ua);
            }
            if let Some(ct) = ct {
                req = req.header("content-type", ct);
            }
            if !body.is_empty() { req.body(body.clone()) } else { req }
        };
        let local = call(build(server.url(path), "x-forwarded-for", ip.to_owned())).await;
        let cloud = call(build(lambda.url(path), "cloudfront-viewer-address", format!("{ip}:443"))).await;
        assert_eq!(cloud, local, "{method} {path} {body:.40}");
        // Both tables' streams summed, as the aggregators have a moment later: the next answers
        // count every view so far in both.
        moto.catch_up("serve-parity").await;
        moto.catch_up("lambda-parity").await;
        assert!(local.1.starts_with("application/json"), "{method} {path}: {local:?}");
    }
    // Another site's page, told by the browser's own headers, is refused by both.
    for (name, value) in [("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")] {
        let post = |url: String, ip_header: &str, ip: String| {
            http.post(url)
                .header(ip_header, ip)
                .header("user-agent", FIREFOX)
                .header("content-type", "application/json")
                .header(name, value)
                .body("{}")
        };
        let local = call(post(server.url("/api/visits"), "x-forwarded-for", "198.51.100.9".into())).await;
        let cloud = call(post(lambda.url("/api/visits"), "cloudfront-viewer-address", "198.51.100.9:443".into())).await;
        assert_eq!(cloud, local, "{name}: {value}");
        assert_eq!((local.0, local.2["error"].as_str()), (403, Some("cross_site")), "{name}: {value}");
    }
    // The expected answers, not just equal ones.
    assert_eq!(totals(&http, &server, "/").await, (4, 4));
    let v: Value = http.get(lambda.url("/api/visits?path=/")).send().await.unwrap().json().await.unwrap();
    assert_eq!(v, json!({"path":"/","views":4,"visitors":4}));
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn lambda_counts_by_viewer_address_not_by_port() {
    let moto = Moto::start();
    moto.create_table("viewer");
    let lambda = Lambda::start(&moto, "viewer");
    let http = client();
    let visit = |addr: &'static str| {
        http.post(lambda.url("/api/visits"))
            .header("user-agent", FIREFOX)
            .header("content-type", "application/json")
            .header("cloudfront-viewer-address", addr)
            .body(r#"{"path":"/"}"#)
    };
    assert_eq!(call(visit("203.0.113.5:1111")).await.2["counted"], true);
    assert_eq!(call(visit("203.0.113.5:2222")).await.2["counted"], false, "same viewer, other source port");
    assert_eq!(call(visit("2001:db8::5:3333")).await.2["counted"], true, "another viewer");
    assert_eq!(call(visit("2001:db8::5:4444")).await.2["counted"], false);
}

/// Issue 12's attacks where they apply to the function: one viewer rotating its User-Agent
/// counts the cap (30 by default, across instances: the cap is an item in the table), 300
/// made-up pages add no item to the table, and the log, even at trace, names no viewer.
/// The function counts the pages of the languages `SITE_LANGUAGES` names, each under its own
/// path (`/de/`, however it is written), and no other language's.
#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn lambda_counts_the_pages_of_its_languages() {
    let moto = Moto::start();
    moto.create_table("lambda-languages");
    let lambda = Lambda::start_with_env(&moto, "lambda-languages", &[("SITE_LANGUAGES", "de,pt-BR")]);
    let http = client();
    let visit = |path: &str, ip: &str| {
        http.post(lambda.url("/api/visits"))
            .header("user-agent", FIREFOX)
            .header("content-type", "application/json")
            .header("cloudfront-viewer-address", format!("{ip}:50123"))
            .body(json!({ "path": path }).to_string())
    };
    // Every spelling of the German page is /de/, each new viewer counted there.
    for (path, ip) in [("/de/", "203.0.113.1"), ("/de", "203.0.113.2"), ("/de/index.html", "203.0.113.3")] {
        let (status, _, body) = call(visit(path, ip)).await;
        assert_eq!(
            (status, body["path"].as_str(), body["counted"].as_bool()),
            (200, Some("/de/"), Some(true)),
            "{path}: {body}"
        );
    }
    // A repeat of the German page within the window is not counted; the other pages are their own.
    let (_, _, again) = call(visit("/de/", "203.0.113.1")).await;
    assert_eq!(again["counted"], false, "{again}");
    for (path, normal) in [("/de/stats.html", "/de/stats.html"), ("/pt-br/", "/pt-br/"), ("/", "/")] {
        let (status, _, body) = call(visit(path, "203.0.113.1")).await;
        assert_eq!(
            (status, body["path"].as_str(), body["counted"].as_bool()),
            (200, Some(normal), Some(true)),
            "{path}: {body}"
        );
    }
    let (status, _, body) = call(visit("/fr/", "203.0.113.5")).await;
    assert_eq!((status, body["error"].as_str()), (404, Some("unknown_page")), "{body}");
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn lambda_holds_the_cap_stores_no_made_up_page_and_logs_no_viewer() {
    let moto = Moto::start_with_conflicts();
    moto.create_table("lambda-hostile");
    let lambda = Lambda::start_with_env(&moto, "lambda-hostile", &[("RUST_LOG", "trace")]);
    let http = client();
    let visit = |path: &str, agent: String| {
        http.post(lambda.url("/api/visits"))
            .header("user-agent", agent)
            .header("content-type", "application/json")
            .header("cloudfront-viewer-address", "203.0.113.250:50123")
            .body(json!({ "path": path }).to_string())
    };
    let mut counted = 0;
    for n in 0..100 {
        let (status, _, body) = call(visit("/", format!("{FIREFOX} lambda-rotate/{n}"))).await;
        assert_eq!(status, 200, "{body}");
        counted += u64::from(body["counted"] == true);
    }
    assert_eq!(counted, 30, "100 User-Agents from one viewer count the default cap");

    let dynamo = moto.client().await;
    let items = || async { dynamo.scan().table_name("lambda-hostile").send().await.unwrap().items().to_vec() };
    let before = items().await.len();
    for n in 0..300 {
        let (status, _, body) = call(visit(&format!("/wp-admin/{n}.php"), format!("{FIREFOX} made-up/{n}"))).await;
        assert_eq!((status, body["error"].as_str()), (404, Some("unknown_page")), "{body}");
    }
    assert_eq!(items().await.len(), before, "300 made-up pages added items to the table");

    let log = lambda.log();
    assert!(log.contains("/api/visits"), "the function logged its requests:\n{log:.2000}");
    for needle in ["203.0.113.250", "lambda-rotate", "made-up/", "Firefox/133"] {
        let lines: Vec<&str> = log.lines().filter(|l| l.contains(needle)).take(5).collect();
        assert!(lines.is_empty(), "{needle} is in the function's log:\n{}", lines.join("\n"));
    }
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_visitors_through_serve_on_dynamodb() {
    let moto = Moto::start_with_conflicts();
    moto.create_table("concurrent");
    // moto answers one request at a time (scripts/moto-server says why), about 10 ms each, so the
    // last of 200 simultaneous visits waits seconds for its turn: more than the default store
    // timeout on a busy machine. This test is about counts, not about the stand-in's latency.
    let server = serve_dynamodb(&moto, "concurrent", &["--store-timeout", "2m", NO_CAP[0], NO_CAP[1]]);
    let http = reqwest::Client::builder().no_proxy().timeout(std::time::Duration::from_secs(150)).build().unwrap();
    let url = server.url("/api/visits");
    let tasks: Vec<_> = (0..200)
        .map(|n| {
            let (http, url) = (http.clone(), url.clone());
            tokio::spawn(async move { post_visit(&http, &url, "/", &format!("{FIREFOX} c/{n}"), None).await.unwrap() })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap()["counted"], true);
    }
    moto.catch_up("concurrent").await;
    assert_eq!(totals(&http, &server, "/").await, (200, 200));
    let days: Value = http.get(server.url("/api/visits/daily?days=1")).send().await.unwrap().json().await.unwrap();
    assert_eq!((days["days"][0]["views"].as_u64(), days["days"][0]["visitors"].as_u64()), (Some(200), Some(200)));
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn an_unreachable_store_is_503_and_recovers_without_a_restart() {
    let mut moto = Moto::start();
    let port = moto.port;
    moto.create_table("outage");
    let server = serve_dynamodb(&moto, "outage", &[]);
    let http = client();
    assert_eq!(post_visit(&http, &server.url("/api/visits"), "/", FIREFOX, None).await.unwrap()["views"], 1);

    moto.stop();
    for path in ["/api/health", "/api/visits"] {
        let (status, ct, body) = call(http.get(server.url(path))).await;
        assert_eq!((status, ct.as_str()), (503, "application/json"), "{path}: {body}");
        assert_eq!(body["error"], "store_unavailable");
    }
    let (status, _, body) = call(
        http.post(server.url("/api/visits"))
            .header("user-agent", FIREFOX)
            .header("content-type", "application/json")
            .body("{}"),
    )
    .await;
    assert_eq!((status, body["error"].as_str()), (503, Some("store_unavailable")));

    // Back on the same address (a fresh, empty moto, so the table is made again).
    let moto = Moto::start_on(port);
    moto.create_table("outage");
    let (status, _, body) = call(http.get(server.url("/api/health"))).await;
    assert_eq!((status, body), (200, json!({"status":"ok"})));
    let again = post_visit(&http, &server.url("/api/visits"), "/", &format!("{FIREFOX} back"), None).await.unwrap();
    assert_eq!(again["counted"], true);
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn a_store_that_stops_answering_is_503_within_the_store_timeout_and_recovers() {
    let moto = Moto::start();
    moto.create_table("hung");
    let server = serve_dynamodb(&moto, "hung", &["--store-timeout", "1s"]);
    let http = client();
    assert_eq!(post_visit(&http, &server.url("/api/visits"), "/", FIREFOX, None).await.unwrap()["views"], 1);

    // Frozen: the connection is made, no answer ever comes. The API must not hang with it
    // (the client here gives up after 30 s).
    moto.signal("STOP");
    for path in ["/api/health", "/api/visits?path=/"] {
        let (status, ct, body) = call(http.get(server.url(path))).await;
        assert_eq!((status, ct.as_str(), body["error"].as_str()), (503, "application/json", Some("store_unavailable")));
    }
    let (status, _, body) = call(
        http.post(server.url("/api/visits"))
            .header("user-agent", format!("{FIREFOX} frozen"))
            .header("content-type", "application/json")
            .body(r#"{"path":"/"}"#),
    )
    .await;
    assert_eq!((status, body["error"].as_str()), (503, Some("store_unavailable")));

    // Thawed: the same server counts again, and nothing that was answered is lost.
    moto.signal("CONT");
    let again = post_visit(&http, &server.url("/api/visits"), "/", &format!("{FIREFOX} thawed"), None).await.unwrap();
    assert_eq!(again["counted"], true);
    moto.catch_up("hung").await;
    let (views, _) = totals(&http, &server, "/").await;
    // The frozen POST may have reached moto before the freeze took it; it was answered 503, so
    // it may or may not be stored, but nothing else is.
    assert!((2..=3).contains(&views), "views {views}");
}

/// Eight clients keep visiting while DynamoDB freezes and comes back: every answer is 200 or a
/// 503 JSON `store_unavailable`, counting resumes by itself, and no visit answered as counted is
/// lost (nor is anything counted that was never sent).
#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_store_outage_under_load_loses_no_answered_visit() {
    use std::sync::Arc;
    use std::sync::atomic::Ordering::SeqCst;
    use std::time::{Duration, Instant};

    let moto = Moto::start();
    moto.create_table("outage-load");
    let server = serve_dynamodb(&moto, "outage-load", &["--store-timeout", "2s", NO_CAP[0], NO_CAP[1]]);
    let tally = Arc::new(Tally::default());
    let deadline = Instant::now() + Duration::from_secs(60);
    let clients: Vec<_> = (0..8)
        .map(|c| {
            tokio::spawn(visit_until_counted_after_thaw(c, server.url("/api/visits"), Arc::clone(&tally), deadline))
        })
        .collect();

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let before = tally.counted.load(SeqCst);
    // Frozen for longer than the 2 s store timeout (a 1 s one leaves a loaded machine too
    // little room to answer after the thaw).
    moto.signal("STOP");
    tokio::time::sleep(Duration::from_secs(4)).await;
    moto.signal("CONT");
    tally.thawed.store(true, SeqCst);
    for client in clients {
        client.await.unwrap();
    }
    let (sent, counted, unavailable) =
        (tally.sent.load(SeqCst), tally.counted.load(SeqCst), tally.unavailable.load(SeqCst));
    println!("sent {sent}, counted {counted} ({before} before the freeze), 503 {unavailable}");
    assert!(before > 0, "visits were counted before the outage");
    assert!(unavailable > 0, "the outage was answered 503");
    assert!(counted >= before + 24, "each client was counted again after the thaw: {counted} vs {before}");

    // Requests given up on during the freeze may still be applied once moto reads them: stored
    // visits lie between what was answered as counted and what was sent.
    tokio::time::sleep(Duration::from_secs(2)).await;
    moto.catch_up("outage-load").await;
    let (views, visitors) = totals(&client(), &server, "/").await;
    println!("stored views {views}");
    assert!((counted..=sent).contains(&views), "views {views}, counted {counted}, sent {sent}");
    assert_eq!(visitors, views, "every visit came from a new visitor");
}

/// What the clients of the outage test saw, and whether the store has thawed.
#[derive(Default)]
struct Tally {
    thawed: std::sync::atomic::AtomicBool,
    sent: std::sync::atomic::AtomicU64,
    counted: std::sync::atomic::AtomicU64,
    unavailable: std::sync::atomic::AtomicU64,
}

/// One client: a new visitor per request, until it has had 3 counted answers after the thaw.
/// Every answer is a counted 200 or a `store_unavailable` 503.
async fn visit_until_counted_after_thaw(
    c: usize,
    url: String,
    tally: std::sync::Arc<Tally>,
    deadline: std::time::Instant,
) {
    use std::sync::atomic::Ordering::SeqCst;
    let http = client();
    let mut answered_after_thaw = 0;
    for n in 0..2000 {
        if answered_after_thaw >= 3 || std::time::Instant::now() > deadline {
            break;
        }
        let after_thaw = tally.thawed.load(SeqCst);
        tally.sent.fetch_add(1, SeqCst);
        let res = http
            .post(&url)
            .header("user-agent", format!("{FIREFOX} client/{c}/{n}"))
            .header("content-type", "application/json")
            .body(r#"{"path":"/"}"#)
            .send()
            .await
            .expect("serve answers within the client's 30 s");
        let status = res.status().as_u16();
        let body: Value = res.json().await.expect("a JSON body");
        match status {
            200 => {
                assert_eq!(body["counted"], true, "a new visitor: {body}");
                tally.counted.fetch_add(1, SeqCst);
                answered_after_thaw += usize::from(after_thaw);
            }
            503 => {
                assert_eq!(body["error"], "store_unavailable", "{body}");
                tally.unavailable.fetch_add(1, SeqCst);
            }
            other => panic!("status {other}: {body}"),
        }
    }
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn table_items_hold_no_ip_or_user_agent_and_markers_and_salts_expire() {
    let moto = Moto::start();
    moto.create_table("privacy");
    let server = serve_dynamodb(&moto, "privacy", &["--trust-proxy"]);
    let http = client();
    let ua = "Mozilla/5.0 (PrivacyProbe) Canaryfox/77.7";
    for (path, ip) in [("/", "198.51.100.77"), ("/stats.html", "198.51.100.77"), ("/", "2001:db8::7777")] {
        assert_eq!(post_visit(&http, &server.url("/api/visits"), path, ua, Some(ip)).await.unwrap()["counted"], true);
    }
    moto.catch_up("privacy").await;
    let dynamo = moto.client().await;
    let items = dynamo.scan().table_name("privacy").send().await.unwrap().items().to_vec();
    assert!(items.len() >= 8, "totals, days, markers, cap buckets and a salt: {items:?}");
    assert!(items.iter().any(|i| i["pk"].as_s().is_ok_and(|pk| pk.starts_with("CAP#"))), "a cap bucket: {items:?}");
    let dump = format!("{items:?}");
    for needle in ["198.51.100.77", "2001:db8::7777", "PrivacyProbe", "Canaryfox"] {
        assert!(!dump.contains(needle), "{needle} is stored in the table");
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for item in &items {
        let pk = item["pk"].as_s().unwrap();
        // The aggregator's place in each shard of the stream, kept longer than the stream keeps
        // its records (a day), and no longer.
        if pk.starts_with("VISITOR#") || pk == "SALT" || pk.starts_with("CAP#") || pk == "STREAM" {
            let expires: i64 = item
                .get("expires_at")
                .and_then(|v| v.as_n().ok())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{pk} has no expires_at"));
            assert!(expires > now && expires <= now + 48 * 3600, "{pk} expires within 48 h: {expires}");
            if pk.starts_with("CAP#") {
                assert!(expires <= now + 3600, "a cap bucket lasts to the end of its hour: {expires}");
            }
        } else {
            assert!(item.get("expires_at").is_none(), "counts never expire: {pk}");
        }
    }
    let ttl = dynamo.describe_time_to_live().table_name("privacy").send().await.unwrap();
    let ttl = ttl.time_to_live_description().unwrap();
    assert_eq!(ttl.attribute_name(), Some("expires_at"));
    assert_eq!(ttl.time_to_live_status().map(|s| s.as_str()), Some("ENABLED"));
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[test]
fn table_create_is_idempotent() {
    let moto = Moto::start();
    let first = util::bin().args(["table", "create", "--table", "twice"]).envs(moto.env()).output().unwrap();
    assert!(String::from_utf8_lossy(&first.stdout).contains("created table twice"));
    let second = util::bin().args(["table", "create", "--table", "twice"]).envs(moto.env()).output().unwrap();
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stdout).contains("already exists"));
}
