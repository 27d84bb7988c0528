//! The store contract, run against a real SQLite file. Every case opens its own store (its own
//! connections) on one shared file, which also shows that separate connections — as separate
//! processes would have — neither lose nor double a count.

use std::sync::Arc;

use counter::{SqliteStore, Store};

async fn shared_file_store() -> Arc<dyn Store> {
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("sqlite-contract.sqlite3");
    Arc::new(SqliteStore::open(file).expect("open the contract database"))
}

counter::store_contract_tests!(shared_file_store());

/// Processes that start together on a new file (the case above, on a fresh CI machine) must all
/// open it: creating the schema takes the write lock up front, so a second opener waits for it
/// instead of failing with "database is locked".
#[test]
fn many_stores_opening_a_new_file_at_once_all_succeed() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("fresh.sqlite3");
        let barrier = Arc::new(std::sync::Barrier::new(8));
        let openers: Vec<_> = (0..8)
            .map(|_| {
                let (file, barrier) = (file.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    SqliteStore::open(&file).map(|_| ())
                })
            })
            .collect();
        for opener in openers {
            opener.join().unwrap().unwrap_or_else(|e| panic!("round {round}: {e:?}"));
        }
    }
}

fn view_of(path: &counter::PagePath, visitor: &counter::VisitorKey, at: time::OffsetDateTime) -> counter::ViewRecord {
    counter::ViewRecord {
        path: path.clone(),
        visitor: visitor.clone(),
        at,
        window: time::Duration::minutes(10),
        marker_expires_at: at + time::Duration::days(1),
        cap: None,
        attribution: counter::Attribution::default(),
    }
}

/// Views are committed in groups, and each is still answered the totals as they stood right
/// after it: 100 visitors sending two views each at once get exactly 100 counted, numbered 1 to
/// 100, and every answer is one of those states.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn grouped_commits_answer_each_view_its_own_totals() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path().join("grouped.sqlite3")).unwrap());
    let path = counter::PagePath::parse("/grouped").unwrap();
    let at = time::macros::datetime!(2026-11-28 12:00 UTC);
    let tasks: Vec<_> = (0..200)
        .map(|n| {
            let store = Arc::clone(&store);
            let record = view_of(&path, &counter::VisitorKey::from_stored(format!("visitor-{}", n % 100)), at);
            tokio::spawn(async move { store.record_view(&record).await.unwrap() })
        })
        .collect();
    let mut counted_views = Vec::new();
    for task in tasks {
        let recorded = task.await.unwrap();
        let totals = recorded.totals;
        assert_eq!(totals.views, totals.visitors, "every counted view is a new visitor: {totals:?}");
        assert!((1..=100).contains(&totals.views), "{totals:?}");
        if recorded.counted {
            counted_views.push(totals.views);
        }
    }
    counted_views.sort_unstable();
    assert_eq!(counted_views, (1..=100).collect::<Vec<u64>>());
    assert_eq!(store.totals(&path).await.unwrap(), counter::Totals { views: 100, visitors: 100 });
}

/// A database of schema version 1 (before markers counted their views, with visitor keys as
/// text) opens, is upgraded to the current version, and its markers keep working: a repeat within the window is not counted, one after it is, as no new visitor.
#[tokio::test]
async fn a_version_1_database_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("v1.sqlite3");
    let at = time::macros::datetime!(2026-11-28 12:00 UTC);
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE salts (day TEXT PRIMARY KEY, salt BLOB NOT NULL, expires_at INTEGER NOT NULL) STRICT;
             CREATE TABLE visitor_markers (visitor TEXT NOT NULL, path TEXT NOT NULL, last_counted_ms INTEGER NOT NULL,
                 expires_at INTEGER NOT NULL, PRIMARY KEY (visitor, path)) STRICT, WITHOUT ROWID;
             CREATE INDEX visitor_markers_expiry ON visitor_markers (expires_at);
             CREATE TABLE path_totals (path TEXT PRIMARY KEY, views INTEGER NOT NULL, visitors INTEGER NOT NULL) STRICT;
             CREATE TABLE daily_counts (path TEXT NOT NULL, day TEXT NOT NULL, views INTEGER NOT NULL,
                 visitors INTEGER NOT NULL, PRIMARY KEY (path, day)) STRICT, WITHOUT ROWID;
             INSERT INTO path_totals VALUES ('/', 1, 1);
             INSERT INTO daily_counts VALUES ('/', '2026-11-28', 1, 1);
             PRAGMA user_version = 1;",
        )
        .unwrap();
        let last_ms = (at.unix_timestamp_nanos() / 1_000_000) as i64;
        conn.execute(
            "INSERT INTO visitor_markers VALUES ('old-visitor', '/', ?1, ?2)",
            rusqlite::params![last_ms, (at + time::Duration::days(1)).unix_timestamp()],
        )
        .unwrap();
    }
    let store = SqliteStore::open(&file).unwrap();
    let root = counter::PagePath::root();
    let old = counter::VisitorKey::from_stored("old-visitor".to_owned());
    let repeat = store.record_view(&view_of(&root, &old, at + time::Duration::minutes(1))).await.unwrap();
    assert!(!repeat.counted);
    let later = store.record_view(&view_of(&root, &old, at + time::Duration::minutes(11))).await.unwrap();
    assert!(later.counted);
    assert_eq!(later.totals, counter::Totals { views: 2, visitors: 1 }, "the same visitor, counted again");
    let version: i64 =
        rusqlite::Connection::open(&file).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 5);
}

/// The database holds the day's salt: its file and SQLite's `-wal` and `-shm` beside it are the
/// owner's alone, and a file someone left readable to all is narrowed.
#[cfg(unix)]
#[tokio::test]
async fn the_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |name: &str| std::fs::metadata(dir.path().join(name)).unwrap().permissions().mode() & 0o777;
    let store = SqliteStore::open(dir.path().join("counter.sqlite3")).unwrap();
    let at = time::macros::datetime!(2026-11-28 12:00 UTC);
    let visitor = counter::VisitorKey::from_stored("owner-only".to_owned());
    store.record_view(&view_of(&counter::PagePath::root(), &visitor, at)).await.unwrap();
    for name in ["counter.sqlite3", "counter.sqlite3-wal", "counter.sqlite3-shm"] {
        assert_eq!(mode(name), 0o600, "{name}");
    }
    drop(store);

    let open_to_all = dir.path().join("old.sqlite3");
    std::fs::write(&open_to_all, b"").unwrap();
    std::fs::set_permissions(&open_to_all, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _store = SqliteStore::open(&open_to_all).unwrap();
    assert_eq!(mode("old.sqlite3"), 0o600);
}

/// A cap bucket is deleted once its hour is over; the views it held stay counted.
#[tokio::test]
async fn purge_forgets_expired_cap_buckets() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("counter.sqlite3");
    let store = SqliteStore::open(&file).unwrap();
    let at = time::macros::datetime!(2026-11-28 12:30 UTC);
    let path = counter::PagePath::parse("/").unwrap();
    for n in 0..2 {
        let view = counter::ViewRecord {
            cap: Some(counter::ViewCap { bucket: "b".into(), limit: 5, expires_at: at + time::Duration::minutes(30) }),
            ..view_of(&path, &counter::VisitorKey::from_stored(format!("{n:032x}")), at)
        };
        assert!(store.record_view(&view).await.unwrap().counted);
    }
    let buckets = |file: &std::path::Path| -> i64 {
        let db = rusqlite::Connection::open(file).unwrap();
        db.query_row("SELECT count(*) FROM cap_buckets", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(buckets(&file), 1);
    store.purge_expired(at).await.unwrap();
    assert_eq!(buckets(&file), 1, "not before its hour is over");
    store.purge_expired(at + time::Duration::minutes(30)).await.unwrap();
    assert_eq!(buckets(&file), 0);
    assert_eq!(store.totals(&path).await.unwrap(), counter::Totals { views: 2, visitors: 2 });
}
