//! The counting rules, through `Counter` over a real SQLite file with a hand-moved clock.

use std::net::IpAddr;
use std::sync::Arc;

use counter::{Counter, CounterConfig, ManualClock, PagePath, SqliteStore, Totals, Visit};
use time::{Duration, macros::datetime};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";

struct Fixture {
    counter: Counter,
    clock: Arc<ManualClock>,
    dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("counter.sqlite3")).unwrap();
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-28 12:00 UTC)));
    let config = CounterConfig { site: "test-site".into(), ..CounterConfig::default() };
    let counter = Counter::with_clock(Arc::new(store), config, clock.clone());
    Fixture { counter, clock, dir }
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn root() -> PagePath {
    PagePath::root()
}

async fn visit(f: &Fixture, path: &PagePath, addr: &str, ua: &str) -> (bool, Totals) {
    let r = f.counter.record(Visit::new(path, ip(addr), ua)).await.unwrap();
    (r.counted, r.totals)
}

fn t(views: u64, visitors: u64) -> Totals {
    Totals { views, visitors }
}

#[tokio::test]
async fn same_client_counts_once_per_window_and_another_agent_is_another_visitor() {
    let f = fixture();
    assert_eq!(visit(&f, &root(), "198.51.100.1", FIREFOX).await, (true, t(1, 1)));
    assert_eq!(visit(&f, &root(), "198.51.100.1", FIREFOX).await, (false, t(1, 1)));
    f.clock.advance(Duration::minutes(9));
    assert_eq!(visit(&f, &root(), "198.51.100.1", FIREFOX).await, (false, t(1, 1)));
    assert_eq!(visit(&f, &root(), "198.51.100.1", SAFARI).await, (true, t(2, 2)));
    assert_eq!(visit(&f, &root(), "198.51.100.2", FIREFOX).await, (true, t(3, 3)));
    f.clock.advance(Duration::minutes(1));
    assert_eq!(
        visit(&f, &root(), "198.51.100.1", FIREFOX).await,
        (true, t(4, 3)),
        "window over: a view, not a visitor"
    );
}

#[tokio::test]
async fn reading_never_counts() {
    let f = fixture();
    visit(&f, &root(), "198.51.100.1", FIREFOX).await;
    for _ in 0..3 {
        assert_eq!(f.counter.totals(&root()).await.unwrap(), t(1, 1));
        f.counter.daily(&root(), 30).await.unwrap();
    }
    assert_eq!(f.counter.totals(&root()).await.unwrap(), t(1, 1));
}

#[tokio::test]
async fn bots_and_empty_agents_never_count_and_store_nothing() {
    let f = fixture();
    for ua in ["", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0"] {
        assert_eq!(visit(&f, &root(), "198.51.100.1", ua).await, (false, t(0, 0)), "{ua:?}");
    }
    let days = f.counter.daily(&root(), 1).await.unwrap();
    assert_eq!((days[0].views, days[0].visitors), (0, 0));
    // Nothing stored at all: not even the day's salt, which only a counted view needs.
    let db = rusqlite_rows(&f, "SELECT (SELECT count(*) FROM salts) + (SELECT count(*) FROM visitor_markers)");
    assert_eq!(db, 0);
}

#[tokio::test]
async fn counts_are_per_path() {
    let f = fixture();
    let cv = PagePath::parse("/cv").unwrap();
    assert_eq!(visit(&f, &root(), "198.51.100.1", FIREFOX).await, (true, t(1, 1)));
    assert_eq!(visit(&f, &cv, "198.51.100.1", FIREFOX).await, (true, t(1, 1)));
    assert_eq!(visit(&f, &cv, "198.51.100.2", FIREFOX).await, (true, t(2, 2)));
    assert_eq!(f.counter.totals(&root()).await.unwrap(), t(1, 1));
}

#[tokio::test]
async fn visitors_are_daily_uniques_and_yesterdays_salt_is_forgotten() {
    let f = fixture();
    assert_eq!(visit(&f, &root(), "198.51.100.1", FIREFOX).await, (true, t(1, 1)));
    let first_salt = rusqlite_blob(&f, "SELECT salt FROM salts");
    // Just past midnight UTC, inside what would be the same refresh window.
    f.clock.set(datetime!(2026-11-29 00:00:01 UTC));
    assert_eq!(visit(&f, &root(), "198.51.100.1", FIREFOX).await, (true, t(2, 2)), "a new day, a new unique");
    assert_eq!(rusqlite_rows(&f, "SELECT count(*) FROM salts"), 1, "only today's salt is kept");
    assert_ne!(rusqlite_blob(&f, "SELECT salt FROM salts"), first_salt);
    assert_eq!(rusqlite_rows(&f, "SELECT count(*) FROM visitor_markers"), 1, "yesterday's markers are gone");

    let days = f.counter.daily(&root(), 3).await.unwrap();
    let got: Vec<(String, u64, u64)> = days.iter().map(|d| (d.date.to_string(), d.views, d.visitors)).collect();
    assert_eq!(got, vec![("2026-11-27".into(), 0, 0), ("2026-11-28".into(), 1, 1), ("2026-11-29".into(), 1, 1)]);
}

#[tokio::test]
async fn daily_is_zero_filled_oldest_first() {
    let f = fixture();
    visit(&f, &root(), "198.51.100.1", FIREFOX).await;
    let days = f.counter.daily(&root(), 30).await.unwrap();
    assert_eq!(days.len(), 30);
    assert_eq!(days[0].date.to_string(), "2026-10-30");
    assert_eq!(days[29].date.to_string(), "2026-11-28");
    assert_eq!((days[29].views, days[29].visitors), (1, 1));
    assert!(days[..29].iter().all(|d| d.views == 0 && d.visitors == 0));
    assert!(days.windows(2).all(|w| w[0].date < w[1].date));
    assert_eq!(f.counter.daily(&root(), 366).await.unwrap().len(), 366);
}

#[tokio::test]
async fn the_database_holds_no_ip_and_no_user_agent() {
    let f = fixture();
    visit(&f, &root(), "198.51.100.77", FIREFOX).await;
    visit(&f, &root(), "2001:db8::77", SAFARI).await;
    drop(f.counter);
    for entry in std::fs::read_dir(f.dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for needle in ["198.51.100.77", "2001:db8::77", "Firefox", "Safari", "Gecko"] {
            assert!(!text.contains(needle), "{needle} found in the data directory");
        }
    }
}

fn rusqlite_rows(f: &Fixture, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(f.dir.path().join("counter.sqlite3")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn rusqlite_blob(f: &Fixture, sql: &str) -> Vec<u8> {
    let conn = rusqlite::Connection::open(f.dir.path().join("counter.sqlite3")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}
