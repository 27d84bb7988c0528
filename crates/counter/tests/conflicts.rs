//! A spike on one page, against DynamoDB's transaction conflict rules (the stand-in in front of
//! moto, `scripts/moto-server --conflicts 25`: a transaction holds its items 25 ms, and one that
//! touches an item another holds is cancelled). Each case starts a server of its own, so that
//! the stand-in's counts of conflicts are its alone, and stops it by PID.
//!
//! 100 distinct visitors at once, each with a cap bucket of their own (one client address each):
//! - [`Counting::Stream`]: no two views write one item, so nothing conflicts; every view counts,
//!   and once the stream is read the stored counts are the views answered.
//! - [`Counting::Transaction`] (the design before): the views conflict on the page's counters.
//!   Whatever is lost to that is answered as an error, never counted half: the stored counts are
//!   the views answered as counted.

#![cfg(feature = "emulator-tests")]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use aws_config::BehaviorVersion;
use counter::attribution::Attribution;
use counter::{Counting, DynamoStore, PagePath, Store, StreamFollower, Totals, ViewCap, ViewRecord, VisitorKey};
use time::{Duration, OffsetDateTime};

const VIEWS: u32 = 100;

struct Moto {
    child: Child,
    endpoint: String,
}

impl Moto {
    fn start() -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/moto-server");
        let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tools-venv/bin/python");
        let python = if python.exists() { python.into_os_string() } else { "python3".into() };
        let mut child = Command::new(python)
            .arg(script)
            .args(["--conflicts", "25"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("scripts/moto-server starts (moto from target/tools-venv, which scripts/test installs)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().strip_prefix("PORT=").unwrap_or_else(|| panic!("moto-server printed {line:?}"));
        Self { child, endpoint: format!("http://127.0.0.1:{port}") }
    }

    async fn config(&self) -> aws_config::SdkConfig {
        aws_config::defaults(BehaviorVersion::latest())
            .endpoint_url(&self.endpoint)
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new("test", "test", None, None, "test"))
            .load()
            .await
    }

    /// What the stand-in saw: transactions sent, cancelled by a conflict, write units …
    async fn seen(&self) -> serde_json::Value {
        let body = reqwest::get(format!("{}/_conflicts", self.endpoint)).await.unwrap().text().await.unwrap();
        serde_json::from_str(&body).unwrap()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn views(path: &PagePath) -> Vec<ViewRecord> {
    let at = OffsetDateTime::now_utc();
    (0..VIEWS)
        .map(|n| ViewRecord {
            path: path.clone(),
            visitor: VisitorKey::from_stored(format!("{:032x}", u128::from(n) + 1)),
            at,
            window: Duration::minutes(10),
            marker_expires_at: at + Duration::days(1),
            cap: Some(ViewCap { bucket: format!("address-{n}"), limit: 30, expires_at: at + Duration::hours(1) }),
            attribution: Attribution {
                link: "none".into(),
                referrer: if n % 2 == 0 { "news.example".into() } else { "direct".into() },
                country: "DE".into(),
            },
        })
        .collect()
}

/// Records every view at once; how many were answered counted, and how many failed.
async fn spike(store: &Arc<DynamoStore>, path: &PagePath) -> (u64, u64) {
    let tasks: Vec<_> = views(path)
        .into_iter()
        .map(|view| {
            let store = Arc::clone(store);
            tokio::spawn(async move { store.record_view(&view).await })
        })
        .collect();
    let (mut counted, mut failed) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(recorded) => counted += u64::from(recorded.counted),
            Err(_) => failed += 1,
        }
    }
    (counted, failed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn a_spike_on_one_page_conflicts_nowhere_and_counts_every_view() {
    let moto = Moto::start();
    let config = moto.config().await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    let store = Arc::new(DynamoStore::new(client.clone(), "spike-stream"));
    store.create_table().await.unwrap();
    let path = PagePath::parse("/").unwrap();

    let (counted, failed) = spike(&store, &path).await;
    let seen = moto.seen().await;
    assert_eq!((counted, failed), (u64::from(VIEWS), 0), "every view answered and counted; the stand-in saw {seen}");
    assert_eq!(seen["transactions_conflicted"], 0, "{seen}");
    assert_eq!(seen["plain_writes_conflicted"], 0, "{seen}");
    // Each view: a transaction of its marker and its cap bucket, 2 write units each.
    assert_eq!(seen["write_units"], 4 * VIEWS, "{seen}");

    assert_eq!(store.totals(&path).await.unwrap(), Totals::default(), "nothing summed before the stream is read");
    let follower = StreamFollower::new(client, aws_sdk_dynamodbstreams::Client::new(&config), "spike-stream");
    assert_eq!(follower.catch_up().await.unwrap(), u64::from(VIEWS));
    assert_eq!(store.totals(&path).await.unwrap(), Totals { views: u64::from(VIEWS), visitors: u64::from(VIEWS) });
    let referrers = store
        .breakdown(
            &path,
            counter::Dimension::Referrer,
            OffsetDateTime::now_utc().date(),
            OffsetDateTime::now_utc().date(),
        )
        .await
        .unwrap();
    let mut referrers = referrers;
    referrers.sort();
    assert_eq!(
        referrers,
        vec![("direct".to_owned(), u64::from(VIEWS / 2)), ("news.example".to_owned(), u64::from(VIEWS / 2))]
    );
    let summed = moto.seen().await;
    let units = summed["write_units"].as_u64().unwrap();
    eprintln!(
        "stream: {VIEWS} views, {units} write units in all ({:.2} a view), the stand-in saw {summed}",
        units as f64 / f64::from(VIEWS)
    );
    // A second read of the stream adds nothing.
    assert_eq!(follower.catch_up().await.unwrap(), 0);
    assert_eq!(store.totals(&path).await.unwrap().views, u64::from(VIEWS));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn the_transaction_design_conflicts_on_the_page_counters_and_still_counts_exactly() {
    let moto = Moto::start();
    let client = aws_sdk_dynamodb::Client::new(&moto.config().await);
    let store = Arc::new(DynamoStore::new(client, "spike-transaction").with_counting(Counting::Transaction));
    store.create_table().await.unwrap();
    let path = PagePath::parse("/").unwrap();

    let (counted, failed) = spike(&store, &path).await;
    let seen = moto.seen().await;
    eprintln!("transaction: {counted} of {VIEWS} views counted, {failed} failed; the stand-in saw {seen}");
    assert!(seen["transactions_conflicted"].as_u64().unwrap() > 0, "views of one page conflict: {seen}");
    assert_eq!(counted + failed, u64::from(VIEWS));
    assert_eq!(store.totals(&path).await.unwrap(), Totals { views: counted, visitors: counted }, "{seen}");
}

/// A table counted by the design before keeps its counts: the aggregator adds to the same
/// counter items. And while a deploy moves from one design to the other, no view counts twice:
/// a visitor the old design counted is a known visitor to the new one, and the other way round.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_table_from_before_keeps_its_counts_and_no_view_counts_twice_across_the_designs() {
    let moto = Moto::start();
    let config = moto.config().await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    let before = DynamoStore::new(client.clone(), "from-before").with_counting(Counting::Transaction);
    before.create_table().await.unwrap();
    let now = DynamoStore::new(client.clone(), "from-before");
    let follower = StreamFollower::new(client, aws_sdk_dynamodbstreams::Client::new(&config), "from-before");
    let path = PagePath::parse("/").unwrap();
    let all = views(&path);
    let (old, new) = all.split_at(10);

    for view in old {
        assert!(before.record_view(view).await.unwrap().counted);
    }
    assert_eq!(before.totals(&path).await.unwrap(), Totals { views: 10, visitors: 10 });
    // The old design's views are in the stream too: the aggregator must not add them again.
    assert_eq!(follower.catch_up().await.unwrap(), 0);

    // The same visitors again within the window, now by the new design: known, not counted.
    for view in &old[..3] {
        assert!(!now.record_view(view).await.unwrap().counted, "a visitor the old design counted");
    }
    for view in &new[..5] {
        let recorded = now.record_view(view).await.unwrap();
        assert!(recorded.counted);
        assert!(recorded.totals.views >= 11, "the answer starts from the old counts: {recorded:?}");
    }
    // … and back (a rollback): the new design's visitors are known to the old one.
    for view in &new[..5] {
        assert!(!before.record_view(view).await.unwrap().counted, "a visitor the new design counted");
    }
    // After the window, the old design counts an old visitor again; the new design a new one.
    let later = |view: &ViewRecord| ViewRecord { at: view.at + Duration::minutes(11), ..view.clone() };
    assert!(before.record_view(&later(&new[0])).await.unwrap().counted);
    assert!(now.record_view(&later(&old[0])).await.unwrap().counted);

    assert_eq!(follower.catch_up().await.unwrap(), 6, "five new visitors and one renewed by the new design");
    assert_eq!(now.totals(&path).await.unwrap(), Totals { views: 10 + 5 + 1 + 1, visitors: 15 });
    let today = new[0].at.date();
    let days = now.daily(&path, today, today).await.unwrap();
    assert_eq!((days[0].views, days[0].visitors), (17, 15));
    assert_eq!(follower.catch_up().await.unwrap(), 0);
}
