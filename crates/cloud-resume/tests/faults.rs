//! Faults of the machine under `serve`: a data directory that fills up or turns read-only.
//! The server runs in a mount namespace of its own (`unshare -Urm`) on a small tmpfs, so the
//! test can fill it or remount it read-only without touching the machine. Every answered visit
//! must stay counted, the API must answer 503 JSON with a clear log line while the disk fails,
//! and recover without a restart; the database must stay intact throughout. And SIGTERM under
//! load: the requests in flight are answered before the server exits.

mod util;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use util::{FIREFOX, NO_CAP, Server, client, post_visit, totals};

/// `serve` with its data directory on a tmpfs of `size` in a mount namespace of its own,
/// mounted with `options` (e.g. "ro").
fn serve_on_tmpfs(size: &str, options: &str) -> (Server, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    // sh -c SCRIPT DIR BINARY ARGS…: mount the tmpfs on DIR ($0), then become BINARY ARGS ($@).
    let script = format!("mount -t tmpfs -o size={size},{options} tmpfs \"$0\" && exec \"$@\"");
    // Thousands of new visitors from one address: the inflation cap is not what these test.
    let server =
        Server::start_wrapped(&["unshare", "-Urm", "sh", "-c", &script], dir.path(), &[NO_CAP[0], NO_CAP[1]], &[]);
    (server, dir)
}

/// The data directory as the server sees it (through its mount namespace).
fn seen_by(server: &Server) -> PathBuf {
    PathBuf::from(format!("/proc/{}/root{}", server.pid(), server.data_dir.display()))
}

/// Runs `mount ARGS` inside the server's user and mount namespaces.
fn mount_in(server: &Server, args: &[&str]) {
    let pid = server.pid().to_string();
    let status = Command::new("nsenter")
        .args(["-t", &pid, "-U", "-m", "--preserve-credentials", "mount"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "mount {args:?} in the server's namespace");
}

/// `PRAGMA integrity_check` of a copy of the database and its WAL (SQLite would resolve the
/// /proc/PID/root link and look outside the server's namespace). The server must be idle.
fn integrity(server: &Server) -> String {
    let copy = tempfile::tempdir().unwrap();
    for name in ["counter.sqlite3", "counter.sqlite3-wal"] {
        let from = seen_by(server).join(name);
        if from.exists() {
            std::fs::copy(&from, copy.path().join(name)).unwrap();
        }
    }
    let conn = rusqlite::Connection::open(copy.path().join("counter.sqlite3")).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap()
}

/// Posts a visit of a new visitor; returns (status, JSON body).
async fn visit(http: &reqwest::Client, server: &Server, n: usize) -> (u16, serde_json::Value) {
    let res = http
        .post(server.url("/api/visits"))
        .header("user-agent", format!("{FIREFOX} fault/{n}"))
        .header("content-type", "application/json")
        .body(r#"{"path":"/"}"#)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert_eq!(content_type, "application/json", "every answer is JSON");
    (status, res.json().await.unwrap())
}

async fn views(http: &reqwest::Client, server: &Server) -> u64 {
    let body: serde_json::Value =
        http.get(server.url("/api/visits?path=/")).send().await.unwrap().json().await.unwrap();
    body["views"].as_u64().unwrap()
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn a_full_disk_is_503_with_a_clear_log_line_and_recovers_without_a_restart() {
    let (server, _dir) = serve_on_tmpfs("8m", "rw");
    let http = client();
    let mut answered = 0;
    for n in 0..5 {
        assert_eq!(
            post_visit(&http, &server.url("/api/visits"), "/", &format!("{FIREFOX} before/{n}"), None).await.unwrap()["counted"],
            true
        );
        answered += 1;
    }

    // Fill the disk to the last byte.
    let filler = seen_by(&server).join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 64 * 1024];
    while file.write_all(&block).is_ok() {}
    let _ = file.write_all(&[0u8; 512]);
    drop(file);

    // New visitors need new pages: sooner or later a write fails, and the answer says so.
    let mut refused = None;
    for n in 0..3000 {
        let (status, body) = visit(&http, &server, n).await;
        match status {
            200 => answered += 1,
            503 => {
                refused = Some(body);
                break;
            }
            other => panic!("visit {n}: {other} {body}"),
        }
    }
    let body = refused.expect("a full disk made a visit fail");
    assert_eq!(body["error"], "store_unavailable", "{body}");
    assert!(!body["message"].as_str().unwrap().is_empty());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let log = server.log();
    assert!(log.contains("store request failed") && log.contains("full"), "a clear log line:\n{log}");
    assert_eq!(integrity(&server), "ok");

    // Space again: counting goes on, and every visit answered 200 is there.
    std::fs::remove_file(&filler).unwrap();
    let (status, body) = visit(&http, &server, 100_000).await;
    assert_eq!((status, &body["counted"]), (200, &serde_json::json!(true)), "{body}");
    answered += 1;
    assert_eq!(views(&http, &server).await, answered);
    assert_eq!(integrity(&server), "ok");
}

/// Linux refuses to make a filesystem read-only while files on it are open for writing, so the
/// data directory is read-only from the start: the site must still be served (it is held in
/// memory), the API answer
/// 503 with a clear log line, and counting start without a restart once the disk is writable.
#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test]
async fn a_read_only_data_directory_serves_the_site_answers_503_and_recovers_without_a_restart() {
    let (server, _dir) = serve_on_tmpfs("16m", "ro");
    let http = client();
    let page = http.get(server.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200, "the site is up");
    assert!(page.text().await.unwrap().contains("<html"));

    let (status, body) = visit(&http, &server, 1).await;
    assert_eq!((status, body["error"].as_str()), (503, Some("store_unavailable")), "{body}");
    let health = http.get(server.url("/api/health")).send().await.unwrap();
    assert_eq!(health.status(), 503);
    let log = server.log();
    assert!(
        log.contains("cannot open the counter database") && log.contains("read-only or full"),
        "a clear log line:\n{log}"
    );
    assert!(!log.contains("temporary folder"), "the site is served from memory, written nowhere:\n{log}");

    let dir = server.data_dir.to_str().unwrap().to_owned();
    mount_in(&server, &["-o", "remount,rw", &dir]);
    // The store is tried again at most every 2 s.
    let mut recovered = None;
    for n in 2..40 {
        let (status, body) = visit(&http, &server, n).await;
        if status == 200 {
            recovered = Some(body);
            break;
        }
        assert_eq!(status, 503, "{body}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let body = recovered.expect("counting started again without a restart");
    assert_eq!(body["counted"], true);
    assert_eq!(views(&http, &server).await, 1);
    assert_eq!(integrity(&server), "ok");
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_under_load_answers_the_requests_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), NO_CAP);
    let http = client();
    let url = server.url("/api/visits");
    let answered = Arc::new(AtomicU64::new(0));
    // 16 clients posting as fast as they can until the server is gone.
    let workers: Vec<_> = (0..16)
        .map(|w| {
            let (http, url, answered) = (http.clone(), url.clone(), answered.clone());
            tokio::spawn(async move {
                for n in 0.. {
                    match post_visit(&http, &url, "/", &format!("{FIREFOX} term/{w}/{n}"), None).await {
                        Ok(v) if v["counted"] == true => {
                            answered.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(v) => panic!("a fresh visitor was not counted: {v}"),
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    while answered.load(Ordering::SeqCst) < 200 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    // One request provably in flight: its headers and half its body are in when SIGTERM comes.
    let mut in_flight = TcpStream::connect(server.addr).unwrap();
    in_flight.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        in_flight,
        "POST /api/visits HTTP/1.1\r\nHost: {}\r\nUser-Agent: {FIREFOX} in-flight\r\n\
         Content-Type: application/json\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{{\"path\":",
        server.addr
    )
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.signal("TERM");
    tokio::time::sleep(Duration::from_millis(300)).await;
    in_flight.write_all(br#""/"}"#).unwrap();
    let mut answer = String::new();
    let _ = in_flight.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "the request in flight was answered: {answer:?}");
    assert!(answer.contains(r#""counted":true"#), "{answer}");

    let status = tokio::task::block_in_place(|| server.wait_for_exit());
    assert!(status.success(), "serve exits 0 after SIGTERM: {status:?}");
    for worker in workers {
        worker.await.unwrap();
    }
    assert!(server.log().contains("finishing requests in flight"), "{}", server.log());

    // Every visit answered as counted (the load's and the one in flight) is stored.
    let answered = answered.load(Ordering::SeqCst) + 1;
    let again = Server::start(dir.path(), NO_CAP);
    let (views, _) = totals(&http, &again, "/").await;
    assert!(views >= answered, "{views} views stored, but {answered} were answered as counted");
}
