//! Share links and the owner's report (`cloud-resume link`, `cloud-resume stats`) on the real
//! binary: a view through a link shows under its name, an unknown link and the 51st referring
//! domain count as `other`, and nothing about a person reaches the store or the log. SQLite here;
//! DynamoDB (serve and the Lambda function) under the emulators.

mod emulators;
mod util;

use serde_json::{Value, json};
use util::{FIREFOX, NO_CAP, Server, client};

/// Runs `cloud-resume ARGS…` with `env`; exit code, stdout, stderr.
fn run(args: &[&str], env: &[(&str, String)]) -> (i32, String, String) {
    let out = util::bin().args(args).envs(env.iter().map(|(k, v)| (*k, v.as_str()))).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// `stats --by BY --format json` rows as (value, views), sorted.
fn stats(by: &str, store: &[&str], env: &[(&str, String)]) -> Vec<(String, u64)> {
    let mut args = vec!["stats", "--by", by, "--format", "json"];
    args.extend_from_slice(store);
    let (code, out, err) = run(&args, env);
    assert_eq!(code, 0, "stats --by {by}: {err}");
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let mut rows: Vec<(String, u64)> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r[by].as_str().unwrap().to_owned(), r["views"].as_u64().unwrap()))
        .collect();
    rows.sort();
    rows
}

fn rows(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    let mut rows: Vec<(String, u64)> = pairs.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect();
    rows.sort();
    rows
}

/// A view as the widget sends it, as visitor `n`.
async fn visit(url: &str, n: u32, fields: Value, extra: &[(&str, &str)]) -> Value {
    let mut req = client()
        .post(url)
        .header("user-agent", format!("{FIREFOX} report/{n}"))
        .header("content-type", "application/json")
        .body(fields.to_string());
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_share_link_shows_under_its_name_and_strangers_make_no_rows() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let store = ["--data-dir", data];
    let (code, out, err) =
        run(&["link", "acme-backend-role", "--data-dir", data, "--site-url", "https://resume.example/"], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "https://resume.example/?ref=acme-backend-role");
    let (code, _, err) = run(&["link", "Acme Role", "--data-dir", data], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("is not a link name") && err.contains("acme-backend-role"), "{err}");

    let server = Server::start(dir.path(), NO_CAP);
    let url = server.url("/api/visits");
    visit(&url, 1, json!({"path": "/", "ref": "acme-backend-role"}), &[]).await;
    visit(&url, 2, json!({"path": "/", "ref": "made-up-by-a-stranger"}), &[]).await;
    visit(&url, 3, json!({"path": "/", "ref": "Not A Name!"}), &[]).await;
    visit(&url, 4, json!({"path": "/", "referrer": "www.linkedin.com"}), &[]).await;
    visit(&url, 5, json!({"path": "/", "referrer": "127.0.0.1"}), &[]).await;
    visit(&url, 6, json!({"path": "/stats.html"}), &[]).await;
    // A repeat within the refresh window adds nothing anywhere.
    visit(&url, 1, json!({"path": "/", "ref": "acme-backend-role"}), &[]).await;
    drop(server);

    assert_eq!(stats("ref", &store, &[]), rows(&[("acme-backend-role", 1), ("other", 2), ("none", 3)]));
    assert_eq!(stats("referrer", &store, &[]), rows(&[("linkedin.com", 1), ("other", 1), ("direct", 4)]));
    assert_eq!(stats("country", &store, &[]), rows(&[("unknown", 6)]));
    let (_, csv, _) = run(&["stats", "--by", "day", "--days", "3", "--format", "csv", "--data-dir", data], &[]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "date,views,visitors");
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[3].ends_with(",6,6"), "today: {csv}");
    let (_, table, _) = run(&["stats", "--data-dir", data, "--path", "/stats.html"], &[]);
    assert!(table.contains("none") && table.lines().any(|l| l.split_whitespace().eq(["none", "1"])), "{table}");

    // Strangers' refs made no link and no row of their own.
    let db = rusqlite::Connection::open(dir.path().join("counter.sqlite3")).unwrap();
    let values: Vec<String> = db
        .prepare("SELECT DISTINCT value FROM attribution_counts WHERE dimension = 'ref' ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(values, ["acme-backend-role", "none", "other"]);
    let (_, list, _) = run(&["link", "--list", "--data-dir", data], &[]);
    assert_eq!(list.lines().count(), 1, "{list}");
    assert!(list.starts_with("acme-backend-role\thttp://127.0.0.1:8080/?ref=acme-backend-role\t"), "{list}");
    assert_eq!(run(&["link", "--remove", "acme-backend-role", "--data-dir", data], &[]).0, 0);
    let (code, _, err) = run(&["link", "--remove", "acme-backend-role", "--data-dir", data], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("no share link named"), "{err}");
    assert_eq!(stats("ref", &store, &[]), rows(&[("acme-backend-role", 1), ("other", 2), ("none", 3)]), "counts stay");
}

#[tokio::test]
async fn the_fifty_first_referring_domain_counts_as_other() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), NO_CAP);
    let url = server.url("/api/visits");
    for n in 0..51 {
        visit(&url, n, json!({"path": "/", "referrer": format!("news.site{n}.example")}), &[]).await;
    }
    visit(&url, 100, json!({"path": "/", "referrer": "www.site7.example"}), &[]).await;
    drop(server);
    let counted = stats("referrer", &["--data-dir", dir.path().to_str().unwrap()], &[]);
    assert_eq!(counted.len(), 51, "50 domains and other: {counted:?}");
    assert!(counted.contains(&("other".to_owned(), 1)), "{counted:?}");
    assert!(counted.contains(&("site7.example".to_owned(), 2)), "a named domain goes on counting: {counted:?}");
    assert!(!counted.iter().any(|(v, _)| v == "site50.example"), "{counted:?}");
}

/// The widget sends only a host; a client that sends a whole URL gets it counted as `other`,
/// and no address, User-Agent or URL is stored or logged.
#[tokio::test]
async fn nothing_about_a_person_is_stored_or_logged() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_with_env(dir.path(), &["--trust-proxy"], &[("RUST_LOG", "debug")]);
    let url = server.url("/api/visits");
    let probe = "https://www.linkedin.com/in/some-person?trk=secret-token";
    visit(
        &url,
        1,
        json!({"path": "/", "referrer": probe, "ref": "who-is-this"}),
        &[("x-forwarded-for", "198.51.100.77")],
    )
    .await;
    let log = server.log();
    drop(server);
    let counted = stats("referrer", &["--data-dir", dir.path().to_str().unwrap()], &[]);
    assert_eq!(counted, rows(&[("other", 1)]));
    for (file, text) in util::all_files_text(dir.path()) {
        for needle in ["some-person", "secret-token", "198.51.100.77", "report/1", "who-is-this"] {
            assert!(!text.contains(needle), "{needle} is in {}", file.display());
            assert!(!log.contains(needle), "{needle} is in the log");
        }
    }
}

fn moto_store(table: &str) -> [&str; 4] {
    ["--store", "dynamodb", "--table", table]
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_dynamodb_the_function_counts_links_referrers_and_countries_and_stats_reads_the_table() {
    let moto = emulators::Moto::start();
    moto.create_table("report");
    let env = moto.env();
    let (code, _, err) = run(&["link", "acme", "--store", "dynamodb", "--table", "report"], &env);
    assert_eq!(code, 0, "{err}");
    let lambda = emulators::Lambda::start(&moto, "report");
    let url = lambda.url("/api/visits");
    let viewer = |ip: &'static str, country: &'static str| {
        [("cloudfront-viewer-address", ip), ("cloudfront-viewer-country", country)]
    };
    visit(&url, 1, json!({"path": "/", "ref": "acme", "referrer": "www.linkedin.com"}), &viewer("203.0.113.1:1", "GB"))
        .await;
    visit(&url, 2, json!({"path": "/", "ref": "nope"}), &viewer("203.0.113.2:1", "de")).await;
    visit(&url, 3, json!({"path": "/stats.html"}), &viewer("203.0.113.3:1", "XYZ")).await;
    // What the aggregator does in the cloud: the stream's views summed.
    assert_eq!(moto.catch_up("report").await, 3);
    let store = moto_store("report");
    assert_eq!(stats("ref", &store, &env), rows(&[("acme", 1), ("other", 1), ("none", 1)]));
    assert_eq!(stats("referrer", &store, &env), rows(&[("linkedin.com", 1), ("direct", 2)]));
    assert_eq!(stats("country", &store, &env), rows(&[("GB", 1), ("DE", 1), ("unknown", 1)]));
    let (_, list, _) = run(&["link", "--list", "--store", "dynamodb", "--table", "report"], &env);
    assert!(list.starts_with("acme\t"), "{list}");

    // 51 referring domains through the function: the last is other, and the table holds no item
    // per made-up ref or domain past the bound.
    for n in 0..51 {
        let ip = format!("203.0.113.{}:1", 10 + n);
        let ip: &'static str = Box::leak(ip.into_boxed_str());
        visit(
            &url,
            100 + n,
            json!({"path": "/", "referrer": format!("site{n}.example"), "ref": format!("made-up-{n}")}),
            &viewer(ip, "FR"),
        )
        .await;
    }
    assert_eq!(moto.catch_up("report").await, 51);
    let counted = stats("referrer", &store, &env);
    assert_eq!(counted.len(), 52, "linkedin.com and 49 more domains by name, direct and other: {counted:?}");
    let dynamo = moto.client().await;
    let items = dynamo.scan().table_name("report").send().await.unwrap().items().to_vec();
    let dump = format!("{items:?}");
    for needle in ["made-up", "203.0.113", "report/", "Firefox"] {
        assert!(!dump.contains(needle), "{needle} is stored in the table");
    }
    // A view's marker holds the domain it came from until the marker expires (the stream
    // carries it to the aggregator from there); no counter is kept for it.
    let keys: Vec<String> = items.iter().map(|i| format!("{:?} {:?}", i["pk"], i["sk"])).collect();
    assert!(!keys.iter().any(|k| k.contains("site50.example")), "the 51st domain has no item: {keys:?}");
}

/// The owner's report is read from the store, never served: the public API shows totals only.
#[tokio::test]
async fn the_public_api_shows_totals_only() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), NO_CAP);
    visit(&server.url("/api/visits"), 1, json!({"path": "/", "referrer": "www.linkedin.com"}), &[]).await;
    for path in ["/api/visits?path=/", "/api/visits/daily?path=/&days=2"] {
        let body = client().get(server.url(path)).send().await.unwrap().text().await.unwrap();
        assert!(!body.contains("linkedin"), "{path}: {body}");
    }
    for path in ["/api/stats", "/api/links", "/api/visits/referrers"] {
        assert_eq!(client().get(server.url(path)).send().await.unwrap().status(), 404, "{path}");
    }
}

/// A resume in two languages: `stats --languages en --by page` shows each page apart, the
/// English ones under their own paths; without `--by page` they are summed.
#[tokio::test]
async fn stats_shows_each_language_apart_or_summed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let map =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures/languages/map/resume.json");
    let server = Server::start_full(&[], &map, dir.path(), NO_CAP, &[]);
    let url = server.url("/api/visits");
    visit(&url, 1, json!({"path": "/"}), &[]).await;
    visit(&url, 2, json!({"path": "/en/"}), &[]).await;
    visit(&url, 3, json!({"path": "/en"}), &[]).await;
    visit(&url, 4, json!({"path": "/en/stats.html"}), &[]).await;
    drop(server);
    let english = ["--data-dir", data, "--languages", "en"];
    assert_eq!(stats("page", &english, &[]), rows(&[("/", 1), ("/en/", 2), ("/en/stats.html", 1), ("/stats.html", 0)]));
    let (code, csv, err) =
        run(&["stats", "--by", "day", "--days", "1", "--format", "csv", "--data-dir", data, "--languages", "en"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(csv.lines().nth(1).is_some_and(|l| l.ends_with(",4,4")), "summed: {csv}");
    // Without the languages, the site's pages in the language at / alone.
    assert_eq!(stats("page", &["--data-dir", data], &[]), rows(&[("/", 1), ("/stats.html", 0)]));
}
