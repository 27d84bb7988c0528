//! `cloud-resume serve` as a user runs it: the real binary on a loopback port, a real SQLite file.

mod util;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use util::{FIREFOX, NO_CAP, Server, all_files_text, client, post_visit, totals};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_visitors_are_counted_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), NO_CAP);
    let client = client();
    let url = server.url("/api/visits");
    let before = totals(&client, &server, "/").await;
    let tasks: Vec<_> = (0..200)
        .map(|n| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(
                async move { post_visit(&client, &url, "/", &format!("{FIREFOX} probe/{n}"), None).await.unwrap() },
            )
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap()["counted"], true);
    }
    assert_eq!(totals(&client, &server, "/").await, (before.0 + 200, before.1 + 200));
}

#[tokio::test]
async fn counts_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let client = client();
    let mut server = Server::start(dir.path(), &[]);
    for n in 0..3 {
        post_visit(&client, &server.url("/api/visits"), "/stats.html", &format!("{FIREFOX} r/{n}"), None)
            .await
            .unwrap();
    }
    let status = server.stop_with("TERM");
    assert!(status.success(), "SIGTERM is a clean shutdown: {status:?}");
    assert!(server.log().contains("shutting down"), "{}", server.log());

    let server = Server::start(dir.path(), &[]);
    assert_eq!(totals(&client, &server, "/stats.html").await, (3, 3));
    // The refresh window spans the restart: the same visitor is still not counted again.
    let again =
        post_visit(&client, &server.url("/api/visits"), "/stats.html", &format!("{FIREFOX} r/0"), None).await.unwrap();
    assert_eq!(again["counted"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_under_load_loses_no_answered_visit() {
    let dir = tempfile::tempdir().unwrap();
    let client = client();
    let mut server = Server::start(dir.path(), NO_CAP);
    let url = server.url("/api/visits");
    let answered = Arc::new(AtomicU64::new(0));
    let sent = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..16)
        .map(|w| {
            let (client, url, answered, sent) = (client.clone(), url.clone(), answered.clone(), sent.clone());
            tokio::spawn(async move {
                for n in 0.. {
                    sent.fetch_add(1, Ordering::SeqCst);
                    match post_visit(&client, &url, "/", &format!("{FIREFOX} w{w}/{n}"), None).await {
                        Ok(v) if v["counted"] == true => {
                            answered.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(v) => panic!("a fresh visitor was not counted: {v}"),
                        Err(_) => break, // the server is gone
                    }
                }
            })
        })
        .collect();
    // Kill in the middle of the load, once a good number of views are in.
    while answered.load(Ordering::SeqCst) < 300 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.stop_with("KILL");
    for w in workers {
        w.await.unwrap();
    }
    let answered = answered.load(Ordering::SeqCst);
    let sent = sent.load(Ordering::SeqCst);

    let server = Server::start(dir.path(), NO_CAP);
    let (views, visitors) = totals(&client, &server, "/").await;
    assert!(views >= answered, "{views} views stored, but {answered} were answered as counted");
    assert!(views <= sent, "{views} views stored from only {sent} requests");
    assert_eq!(views, visitors, "every view was a distinct visitor");
    let check = rusqlite_integrity(&server.data_dir.join("counter.sqlite3"));
    assert_eq!(check, "ok");
}

fn rusqlite_integrity(db: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity check")
}

#[tokio::test]
async fn no_ip_or_user_agent_reaches_the_data_dir_or_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let client = client();
    // Trace level: even the most verbose logging must not leak them.
    let server = Server::start_with_env(dir.path(), &["--trust-proxy"], &[("RUST_LOG", "trace")]);
    let ua = "Mozilla/5.0 (PrivacyProbe; rv:1.0) Gecko/20100101 Canaryfox/77.7";
    let url = server.url("/api/visits");
    for (path, ip) in [("/", "198.51.100.77"), ("/stats.html", "198.51.100.77"), ("/", "2001:db8::7777")] {
        let v = post_visit(&client, &url, path, ua, Some(ip)).await.unwrap();
        assert_eq!(v["counted"], true);
    }
    // Bad requests are logged too; they must not leak either.
    let bad = client
        .post(&url)
        .header("user-agent", ua)
        .header("x-forwarded-for", "198.51.100.77")
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let log = server.log();
    drop(server);

    let needles = ["198.51.100.77", "2001:db8::7777", "PrivacyProbe", "Canaryfox", "Gecko"];
    for (file, text) in all_files_text(dir.path()).into_iter().filter(|(f, _)| !f.starts_with(dir.path().join("site")))
    {
        for needle in needles {
            assert!(!text.contains(needle), "{needle} found in {}", file.display());
        }
        let raw = std::fs::read(&file).unwrap();
        assert!(!raw.windows(4).any(|w| w == [198, 51, 100, 77]), "the IP's bytes found in {}", file.display());
    }
    assert!(log.contains("/api/visits"), "requests are logged: {log}");
    for needle in needles {
        assert!(!log.contains(needle), "{needle} found in the log:\n{log}");
    }
}

#[tokio::test]
async fn path_traversal_never_leaves_the_site() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path()).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET-MARKER").unwrap();
    let server = Server::start(dir.path(), &[]);
    let attacks = [
        "/../../etc/passwd",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "/..\\..\\etc\\passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/.%2e/.%2e/etc/passwd",
        "/assets/../../secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/....//....//etc/passwd",
        "/..;/..;/etc/passwd",
        "/%00../../etc/passwd",
        "/etc/passwd%00.html",
    ];
    for target in attacks {
        let (status, body) = server.raw_get(target);
        assert!(
            !body.contains("root:") && !body.contains("TOP-SECRET-MARKER"),
            "{target} served a file outside the site"
        );
        assert_ne!(status, 200, "{target} answered 200");
    }
    // The site itself is still served.
    assert_eq!(server.raw_get("/").0, 200);
}

#[tokio::test]
async fn the_site_is_served_with_its_content_types_and_headers() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let client = client();
    let page = client.get(server.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(page.headers()["cache-control"], "no-cache");
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Ada Quill"));

    let css = html.split("href=\"/assets/").nth(1).and_then(|s| s.split('"').next()).expect("a stylesheet link");
    let js = html.split("src=\"/assets/").nth(1).and_then(|s| s.split('"').next()).expect("a script");
    for (path, content_type) in [
        (format!("/assets/{css}"), "text/css; charset=utf-8"),
        (format!("/assets/{js}"), "text/javascript; charset=utf-8"),
        ("/favicon.svg".to_owned(), "image/svg+xml; charset=utf-8"),
        ("/robots.txt".to_owned(), "text/plain; charset=utf-8"),
    ] {
        let res = client.get(server.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["content-type"], content_type, "{path}");
        // The same headers as `deploy site` gives each S3 object: one rule for both.
        assert_eq!(res.headers()["content-type"], site::serving::content_type(&path).as_str(), "{path}");
        assert_eq!(res.headers()["cache-control"], site::serving::cache_control(&path), "{path}");
        if path.starts_with("/assets/") {
            assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
        } else {
            assert_eq!(res.headers()["cache-control"], "public, max-age=3600", "{path}");
        }
        for (name, value) in site::serving::SECURITY_HEADERS {
            assert_eq!(res.headers()[*name], *value, "{path}: {name}");
        }
    }
    let missing = client.get(server.url("/no/such/page")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.headers()["cache-control"], "no-cache");
    assert!(missing.text().await.unwrap().contains("Page not found"));
    let api_missing = client.get(server.url("/api/nope")).send().await.unwrap();
    assert_eq!(api_missing.status(), 404);
    assert_eq!(api_missing.json::<serde_json::Value>().await.unwrap()["error"], "not_found");
}

#[tokio::test]
async fn a_refresh_window_can_be_configured() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--refresh-window", "1s"]);
    let client = client();
    let url = server.url("/api/visits");
    assert_eq!(post_visit(&client, &url, "/", FIREFOX, None).await.unwrap()["counted"], true);
    assert_eq!(post_visit(&client, &url, "/", FIREFOX, None).await.unwrap()["counted"], false);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let third = post_visit(&client, &url, "/", FIREFOX, None).await.unwrap();
    assert_eq!(third["counted"], true);
    assert_eq!((third["views"].as_u64(), third["visitors"].as_u64()), (Some(2), Some(1)));
}

#[tokio::test]
async fn an_allowed_origin_gets_cors_and_others_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--allowed-origin", "https://me.example"]);
    let client = client();
    for (origin, allowed) in [("https://me.example", true), ("https://evil.example", false)] {
        let res = client
            .request(reqwest::Method::OPTIONS, server.url("/api/visits"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers().get("access-control-allow-origin").is_some(), allowed, "{origin}");
    }
}

/// Even when the log is asked for everything (`RUST_LOG=trace`), it holds no client address and
/// no User-Agent: axum's accept loop would name each client's address at that level.
#[tokio::test]
async fn even_at_trace_the_log_names_no_client() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with_env(dir.path(), &[], &[("RUST_LOG", "trace")]);
    let agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0 trace-probe";
    let body = r#"{"path":"/"}"#;
    let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
    let client_addr = stream.local_addr().unwrap();
    write!(
        stream,
        "POST /api/visits HTTP/1.1\r\nHost: {}\r\nUser-Agent: {agent}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.addr,
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = server.log();
    assert!(log.contains("request"), "the request was logged:\n{log}");
    assert!(!log.contains(&client_addr.to_string()), "the client's address {client_addr} is in the log:\n{log}");
    assert!(!log.contains("trace-probe"), "the User-Agent is in the log:\n{log}");
}
