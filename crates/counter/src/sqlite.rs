use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params};
use time::{Date, OffsetDateTime};

use crate::attribution::{Attribution, DIRECT, Dimension, MAX_REFERRERS_PER_PAGE_DAY, OTHER};
use crate::{DayCount, Link, PagePath, Recorded, Salt, Store, StoreError, Totals, ViewRecord};

use crate::settings::DAY_FORMAT as DAY;

/// Version of the schema below, kept in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 5;

/// How long a connection waits for another one's lock.
const BUSY_TIMEOUT: StdDuration = StdDuration::from_secs(5);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS salts (
    day        TEXT PRIMARY KEY,
    salt       BLOB NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS visitor_markers (
    visitor          BLOB NOT NULL,
    path             TEXT NOT NULL,
    last_counted_ms  INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    counted          INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (visitor, path)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS path_totals (
    path     TEXT PRIMARY KEY,
    views    INTEGER NOT NULL,
    visitors INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS cap_buckets (
    bucket     TEXT PRIMARY KEY,
    views      INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cap_buckets_expiry ON cap_buckets (expires_at);
CREATE TABLE IF NOT EXISTS attribution_counts (
    path      TEXT NOT NULL,
    day       TEXT NOT NULL,
    dimension TEXT NOT NULL,
    value     TEXT NOT NULL,
    views     INTEGER NOT NULL,
    PRIMARY KEY (path, day, dimension, value)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS links (
    name       TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS daily_counts (
    path     TEXT NOT NULL,
    day      TEXT NOT NULL,
    views    INTEGER NOT NULL,
    visitors INTEGER NOT NULL,
    PRIMARY KEY (path, day)
) STRICT, WITHOUT ROWID;
";

/// Counts in one SQLite file (WAL mode). One connection writes, behind a mutex, so writes never
/// wait on SQLite's busy lock; another reads, so reads never wait on writes. Views are committed
/// in groups by a thread of the store's own: each [`Store::record_view`] joins its queue, and the
/// thread commits everything queued in one `IMMEDIATE` transaction (each view applied in turn, so
/// a repeat within the group sees the view before it), then answers each view; a failed group
/// answers an error to every view in it and keeps none of them. The thread ends with the store,
/// which closes the file before its drop returns. With WAL and `synchronous=NORMAL` a committed
/// view survives the process being killed.
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Arc<Mutex<Connection>>,
    reader: Mutex<Connection>,
    /// Views for the writer thread, each with where its answer goes.
    queue: Option<std::sync::mpsc::Sender<Queued>>,
    /// The writer thread, joined when the last clone of the store goes: the file is closed by then.
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Without a sender the thread's queue ends; it commits what it holds and stops.
        drop(self.queue.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The most views one transaction commits; more wait for the next.
const MAX_GROUP: usize = 256;

type Answer = Result<Recorded, Arc<rusqlite::Error>>;

/// A view as the writer applies it.
struct ViewRow {
    path: String,
    /// The visitor key's 16 bytes.
    visitor: Vec<u8>,
    day: String,
    at_ms: i64,
    window_ms: i64,
    expires_at: i64,
    /// The inflation cap: bucket, limit, expiry.
    cap: Option<(String, i64, i64)>,
    attribution: Attribution,
}

struct Queued {
    view: ViewRow,
    answer: tokio::sync::oneshot::Sender<Answer>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path`; its folder must exist.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        owner_only(&path)?;
        let writer = Connection::open(&path).map_err(StoreError::unavailable)?;
        configure(&writer)?;
        migrate(&writer)?;
        let reader =
            Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(StoreError::unavailable)?;
        reader.busy_timeout(BUSY_TIMEOUT).map_err(StoreError::unavailable)?;
        let writer = Arc::new(Mutex::new(writer));
        let (queue, queued) = std::sync::mpsc::channel();
        let thread_writer = Arc::clone(&writer);
        let thread = std::thread::Builder::new()
            .name("counter-sqlite-writer".into())
            .spawn(move || commit_queued(&thread_writer, &queued))
            .map_err(StoreError::unavailable)?;
        let inner = Inner { path, writer, reader: Mutex::new(reader), queue: Some(queue), thread: Some(thread) };
        Ok(Self { inner: Arc::new(inner) })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        run_blocking(move || {
            let mut conn = inner.writer.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut conn)
        })
        .await
    }

    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        run_blocking(move || {
            let conn = inner.reader.lock().unwrap_or_else(|e| e.into_inner());
            f(&conn)
        })
        .await
    }
}

/// The database holds the day's salt: only its owner may read it. A new file is created with mode
/// 0600, and an existing one is narrowed to it; SQLite gives its `-wal` and `-shm` files the
/// database's mode.
#[cfg(unix)]
fn owner_only(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .map_err(StoreError::unavailable)?;
    let mode = file.metadata().map_err(StoreError::unavailable)?.permissions().mode();
    if mode & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(mode & 0o700)).map_err(StoreError::unavailable)?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn owner_only(_path: &Path) -> Result<(), StoreError> {
    Ok(())
}

async fn run_blocking<T, F>(f: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce() -> rusqlite::Result<T> + Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result.map_err(StoreError::unavailable),
        Err(join) => Err(StoreError::unavailable(join)),
    }
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(BUSY_TIMEOUT).map_err(StoreError::unavailable)?;
    // Switching a new file to WAL needs an exclusive lock, and SQLite answers "database is
    // locked" at once, without the busy handler, while another connection opens the same new
    // file: so that one case is retried here for as long as the busy timeout.
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    let mode: String = loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(StdDuration::from_millis(10));
            }
            other => break other.map_err(StoreError::unavailable)?,
        }
    };
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Malformed(format!("could not switch the database to WAL (it is in {mode} mode)")));
    }
    // Checkpoints every 4,000 pages (16 MiB of WAL) rather than 1,000: a marker page written
    // again and again between two checkpoints is copied into the database once.
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 4000;")
        .map_err(StoreError::unavailable)
}

fn migrate(conn: &Connection) -> Result<(), StoreError> {
    // IMMEDIATE: the write lock is taken before the version is read, so that two processes
    // opening a new file at once wait for each other (busy_timeout) rather than one of them
    // failing its upgrade from a read to a write lock, and the second sees the first's schema.
    // (Rolled back when dropped on an error.)
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(StoreError::unavailable)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(StoreError::unavailable)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::Malformed(format!(
            "the database has schema version {version}; this build knows up to {SCHEMA_VERSION}"
        )));
    }
    if version == 1 {
        // Version 2 counts a marker's counted views, so that one upsert tells a new visitor from
        // a returning one (every marker of version 1 was counted at least once).
        tx.execute_batch("ALTER TABLE visitor_markers ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;")
            .map_err(StoreError::unavailable)?;
    }
    if (1..4).contains(&version) {
        // Version 4 keeps visitor keys as 16 bytes, not 32 hex digits, and has no index on the
        // markers' expiry: every view writes one B-tree page fewer (the hourly purge scans the
        // markers instead, a day's worth at most).
        tx.execute_batch(
            "CREATE TABLE visitor_markers_v4 (
                 visitor BLOB NOT NULL, path TEXT NOT NULL, last_counted_ms INTEGER NOT NULL,
                 expires_at INTEGER NOT NULL, counted INTEGER NOT NULL DEFAULT 1,
                 PRIMARY KEY (visitor, path)) STRICT, WITHOUT ROWID;
             INSERT INTO visitor_markers_v4
                 SELECT coalesce(unhex(visitor), CAST(visitor AS BLOB)), path, last_counted_ms, expires_at, counted
                 FROM visitor_markers;
             DROP TABLE visitor_markers;
             ALTER TABLE visitor_markers_v4 RENAME TO visitor_markers;",
        )
        .map_err(StoreError::unavailable)?;
    }
    // Version 5 adds the attribution counts and the share links: new tables, which SCHEMA makes.
    if version < SCHEMA_VERSION {
        tx.execute_batch(&format!("{SCHEMA} PRAGMA user_version = {SCHEMA_VERSION};"))
            .map_err(StoreError::unavailable)?;
    }
    tx.commit().map_err(StoreError::unavailable)
}

/// A visitor key as stored: its 16 bytes (a key that is not hex, as tests may make, as its text).
fn key_bytes(key: &crate::VisitorKey) -> Vec<u8> {
    hex::decode(key.as_str()).unwrap_or_else(|_| key.as_str().as_bytes().to_vec())
}

fn day_text(day: Date) -> String {
    day.format(DAY).unwrap_or_default()
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn totals_of(conn: &Connection, path: &str) -> rusqlite::Result<Totals> {
    conn.prepare_cached("SELECT views, visitors FROM path_totals WHERE path = ?1")?
        .query_row([path], |r| Ok(Totals { views: to_u64(r.get(0)?), visitors: to_u64(r.get(1)?) }))
        .optional()
        .map(Option::unwrap_or_default)
}

/// The writer thread: waits for a view, takes every other one queued by then (at most
/// [`MAX_GROUP`]), commits them together and answers each; ends when the store is dropped.
fn commit_queued(writer: &Mutex<Connection>, queued: &std::sync::mpsc::Receiver<Queued>) {
    while let Ok(first) = queued.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match queued.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        let result = record_group(&mut writer.lock().unwrap_or_else(|e| e.into_inner()), &group);
        match result {
            Ok(recorded) => {
                for (queued, recorded) in group.into_iter().zip(recorded) {
                    let _ = queued.answer.send(Ok(recorded));
                }
            }
            Err(err) => {
                let err = Arc::new(err);
                for queued in group {
                    let _ = queued.answer.send(Err(Arc::clone(&err)));
                }
            }
        }
    }
}

/// One transaction for the group: all its views are kept, or none. Each view costs one statement
/// (its visitor marker); the counts of each page and day then move once for the whole group, and
/// each view is answered the totals as they stood right after it.
fn record_group(conn: &mut Connection, group: &[Queued]) -> rusqlite::Result<Vec<Recorded>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // (counted, new visitor) of each view, in order.
    let outcomes: Vec<(bool, bool)> =
        group.iter().map(|q| mark_visitor(&tx, &q.view)).collect::<rusqlite::Result<_>>()?;
    let mut per_path: HashMap<&str, Totals> = HashMap::new();
    let mut per_day: HashMap<(&str, &str), Totals> = HashMap::new();
    for (queued, &(counted, new_visitor)) in group.iter().zip(&outcomes) {
        if counted {
            let (path, day) = (queued.view.path.as_str(), queued.view.day.as_str());
            add(per_path.entry(path).or_default(), new_visitor);
            add(per_day.entry((path, day)).or_default(), new_visitor);
        }
    }
    for ((path, day), added) in &per_day {
        tx.prepare_cached(
            "INSERT INTO daily_counts (path, day, views, visitors) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (path, day) DO UPDATE SET views = views + excluded.views, visitors = visitors + excluded.visitors",
        )?
        .execute(params![path, day, added.views as i64, added.visitors as i64])?;
    }
    count_attribution(&tx, group, &outcomes)?;
    let mut after = totals_after(&tx, group, &per_path)?;
    // Walked back from the group's end: each view's totals are those right after it.
    let mut recorded = Vec::with_capacity(group.len());
    for (queued, &(counted, new_visitor)) in group.iter().zip(&outcomes).rev() {
        let running = after.get_mut(queued.view.path.as_str()).expect("every path of the group has totals");
        recorded.push(Recorded { counted, totals: *running });
        if counted {
            running.views -= 1;
            running.visitors -= u64::from(new_visitor);
        }
    }
    recorded.reverse();
    tx.commit()?;
    Ok(recorded)
}

/// The totals of every path of the group once the group's counts are added, from the write itself.
fn totals_after<'a>(
    tx: &Transaction<'_>,
    group: &'a [Queued],
    added: &HashMap<&str, Totals>,
) -> rusqlite::Result<HashMap<&'a str, Totals>> {
    let mut after = HashMap::new();
    for queued in group {
        let path = queued.view.path.as_str();
        if after.contains_key(path) {
            continue;
        }
        let totals = match added.get(path) {
            Some(added) => tx
                .prepare_cached(
                    "INSERT INTO path_totals (path, views, visitors) VALUES (?1, ?2, ?3)
                     ON CONFLICT (path) DO UPDATE SET views = views + excluded.views, visitors = visitors + excluded.visitors
                     RETURNING views, visitors",
                )?
                .query_row(params![path, added.views as i64, added.visitors as i64], |r| {
                    Ok(Totals { views: to_u64(r.get(0)?), visitors: to_u64(r.get(1)?) })
                })?,
            None => totals_of(tx, path)?,
        };
        after.insert(path, totals);
    }
    Ok(after)
}

/// Adds each counted view of the group to the values of its attribution on its path and day,
/// once per value for the whole group; a named referrer past the day's bound counts as `other`.
fn count_attribution(tx: &Transaction<'_>, group: &[Queued], outcomes: &[(bool, bool)]) -> rusqlite::Result<()> {
    let mut adds: HashMap<(&str, &str, Dimension, String), i64> = HashMap::new();
    let mut named = HashMap::new();
    for (queued, &(counted, _)) in group.iter().zip(outcomes) {
        if !counted {
            continue;
        }
        let ViewRow { path, day, attribution: a, .. } = &queued.view;
        let referrer = referrer_within_bound(tx, &mut named, path, day, &a.referrer)?;
        for (dimension, value) in
            [(Dimension::Ref, a.link.clone()), (Dimension::Referrer, referrer), (Dimension::Country, a.country.clone())]
        {
            *adds.entry((path.as_str(), day.as_str(), dimension, value)).or_default() += 1;
        }
    }
    for ((path, day, dimension, value), views) in &adds {
        tx.prepare_cached(
            "INSERT INTO attribution_counts (path, day, dimension, value, views) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (path, day, dimension, value) DO UPDATE SET views = views + excluded.views",
        )?
        .execute(params![path, day, dimension.as_str(), value, views])?;
    }
    Ok(())
}

/// Named referrers of a path and day: how many are stored, and those the group adds.
type Named<'a> = HashMap<(&'a str, &'a str), (i64, HashSet<String>)>;

/// `referrer` if it is `direct`, `other`, already counted on the path and day, or one of the
/// first [`MAX_REFERRERS_PER_PAGE_DAY`] named there; else `other`.
fn referrer_within_bound<'a>(
    tx: &Transaction<'_>,
    named: &mut Named<'a>,
    path: &'a str,
    day: &'a str,
    referrer: &str,
) -> rusqlite::Result<String> {
    if referrer == DIRECT || referrer == OTHER {
        return Ok(referrer.to_owned());
    }
    let (stored, added) = match named.entry((path, day)) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => {
            let stored: i64 = tx
                .prepare_cached(
                    "SELECT count(*) FROM attribution_counts
                     WHERE path = ?1 AND day = ?2 AND dimension = 'referrer' AND value NOT IN ('direct', 'other')",
                )?
                .query_row(params![path, day], |r| r.get(0))?;
            e.insert((stored, HashSet::new()))
        }
    };
    if added.contains(referrer) {
        return Ok(referrer.to_owned());
    }
    let known: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM attribution_counts
                            WHERE path = ?1 AND day = ?2 AND dimension = 'referrer' AND value = ?3)",
        )?
        .query_row(params![path, day, referrer], |r| r.get(0))?;
    if known {
        return Ok(referrer.to_owned());
    }
    if *stored + (added.len() as i64) < i64::from(MAX_REFERRERS_PER_PAGE_DAY) {
        added.insert(referrer.to_owned());
        return Ok(referrer.to_owned());
    }
    Ok(OTHER.to_owned())
}

fn add(totals: &mut Totals, new_visitor: bool) {
    totals.views += 1;
    totals.visitors += u64::from(new_visitor);
}

/// The view's visitor marker, in one statement: a first view inserts it (a new visitor), a view
/// after the window moves it (counted, not new), a view within the window leaves it (no row back:
/// not counted). Returns (counted, new visitor).
fn mark_visitor(tx: &Transaction<'_>, view: &ViewRow) -> rusqlite::Result<(bool, bool)> {
    let ViewRow { path, visitor, at_ms, window_ms, expires_at, cap, .. } = view;
    // A full cap bucket: the view is not counted, whether it would have been or not, and
    // nothing changes.
    if let Some((bucket, limit, _)) = cap {
        let held: Option<i64> = tx
            .prepare_cached("SELECT views FROM cap_buckets WHERE bucket = ?1")?
            .query_row([bucket], |r| r.get(0))
            .optional()?;
        if held.is_some_and(|held| held >= *limit) {
            return Ok((false, false));
        }
    }
    let counted: Option<i64> = tx
        .prepare_cached(
            "INSERT INTO visitor_markers (visitor, path, last_counted_ms, expires_at, counted) VALUES (?1, ?2, ?3, ?4, 1)
             ON CONFLICT (visitor, path) DO UPDATE SET last_counted_ms = excluded.last_counted_ms, counted = counted + 1
             WHERE excluded.last_counted_ms - visitor_markers.last_counted_ms >= ?5
             RETURNING counted",
        )?
        .query_row(params![visitor, path, at_ms, expires_at, window_ms], |r| r.get(0))
        .optional()?;
    if let (Some(_), Some((bucket, _, bucket_expires_at))) = (counted, cap) {
        tx.prepare_cached(
            "INSERT INTO cap_buckets (bucket, views, expires_at) VALUES (?1, 1, ?2)
             ON CONFLICT (bucket) DO UPDATE SET views = views + 1",
        )?
        .execute(params![bucket, bucket_expires_at])?;
    }
    Ok(match counted {
        None => (false, false),
        Some(n) => (true, n == 1),
    })
}

#[async_trait]
impl Store for SqliteStore {
    async fn record_view(&self, view: &ViewRecord) -> Result<Recorded, StoreError> {
        let row = ViewRow {
            path: view.path.as_str().to_owned(),
            visitor: key_bytes(&view.visitor),
            day: day_text(view.at.date()),
            at_ms: (view.at.unix_timestamp_nanos() / 1_000_000) as i64,
            window_ms: view.window.whole_milliseconds() as i64,
            expires_at: view.marker_expires_at.unix_timestamp(),
            cap: view.cap.as_ref().map(|c| (c.bucket.clone(), i64::from(c.limit), c.expires_at.unix_timestamp())),
            attribution: view.attribution.clone(),
        };
        let (answer, answered) = tokio::sync::oneshot::channel();
        let queued = self.inner.queue.as_ref().is_some_and(|queue| queue.send(Queued { view: row, answer }).is_ok());
        if !queued {
            return Err(StoreError::unavailable("the database writer has stopped"));
        }
        match answered.await {
            Ok(result) => result.map_err(StoreError::unavailable),
            Err(_) => Err(StoreError::unavailable("the database writer stopped before answering")),
        }
    }

    async fn totals(&self, path: &PagePath) -> Result<Totals, StoreError> {
        let path = path.as_str().to_owned();
        self.read(move |conn| totals_of(conn, &path)).await
    }

    async fn daily(&self, path: &PagePath, first: Date, last: Date) -> Result<Vec<DayCount>, StoreError> {
        let path = path.as_str().to_owned();
        let rows: Vec<(String, i64, i64)> = self
            .read(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT day, views, visitors FROM daily_counts
                     WHERE path = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day",
                )?;
                let rows = stmt.query_map(params![path, day_text(first), day_text(last)], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
                rows.collect()
            })
            .await?;
        rows.into_iter()
            .map(|(day, views, visitors)| {
                let date = Date::parse(&day, DAY)
                    .map_err(|_| StoreError::Malformed(format!("daily_counts holds the day {day:?}")))?;
                Ok(DayCount { date, views: to_u64(views), visitors: to_u64(visitors) })
            })
            .collect()
    }

    async fn salt(&self, day: Date, candidate: Salt, expires_at: OffsetDateTime) -> Result<Salt, StoreError> {
        let day = day_text(day);
        let expires_at = expires_at.unix_timestamp();
        let stored: Vec<u8> = self
            .write(move |conn| {
                conn.execute(
                    "INSERT INTO salts (day, salt, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT (day) DO NOTHING",
                    params![day, candidate.as_slice(), expires_at],
                )?;
                conn.query_row("SELECT salt FROM salts WHERE day = ?1", [day], |r| r.get(0))
            })
            .await?;
        Salt::try_from(stored.as_slice())
            .map_err(|_| StoreError::Malformed(format!("a stored salt is {} bytes, not 32", stored.len())))
    }

    async fn purge_expired(&self, now: OffsetDateTime) -> Result<u64, StoreError> {
        let now = now.unix_timestamp();
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let markers = tx.execute("DELETE FROM visitor_markers WHERE expires_at <= ?1", [now])?;
            let salts = tx.execute("DELETE FROM salts WHERE expires_at <= ?1", [now])?;
            let buckets = tx.execute("DELETE FROM cap_buckets WHERE expires_at <= ?1", [now])?;
            tx.commit()?;
            Ok((markers + salts + buckets) as u64)
        })
        .await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.read(|conn| {
            conn.prepare_cached("SELECT count(*) FROM salts")?.query_row([], |r| r.get::<_, i64>(0)).map(drop)
        })
        .await
    }

    async fn breakdown(
        &self,
        path: &PagePath,
        dimension: Dimension,
        first: Date,
        last: Date,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let path = path.as_str().to_owned();
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT value, sum(views) FROM attribution_counts
                 WHERE path = ?1 AND dimension = ?2 AND day BETWEEN ?3 AND ?4 GROUP BY value",
            )?;
            let rows = stmt.query_map(params![path, dimension.as_str(), day_text(first), day_text(last)], |r| {
                Ok((r.get::<_, String>(0)?, to_u64(r.get(1)?)))
            })?;
            rows.collect()
        })
        .await
    }

    async fn add_link(&self, name: &str, at: OffsetDateTime) -> Result<bool, StoreError> {
        let name = name.to_owned();
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO links (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
                params![name, at.unix_timestamp()],
            )
            .map(|added| added == 1)
        })
        .await
    }

    async fn remove_link(&self, name: &str) -> Result<bool, StoreError> {
        let name = name.to_owned();
        self.write(move |conn| conn.execute("DELETE FROM links WHERE name = ?1", [name]).map(|n| n == 1)).await
    }

    async fn links(&self) -> Result<Vec<Link>, StoreError> {
        let rows: Vec<(String, i64)> = self
            .read(|conn| {
                let mut stmt = conn.prepare_cached("SELECT name, created_at FROM links ORDER BY name")?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect()
            })
            .await?;
        Ok(rows
            .into_iter()
            .map(|(name, at)| Link {
                name,
                created: OffsetDateTime::from_unix_timestamp(at).unwrap_or(OffsetDateTime::UNIX_EPOCH),
            })
            .collect())
    }

    async fn is_link(&self, name: &str) -> Result<bool, StoreError> {
        let name = name.to_owned();
        self.read(move |conn| {
            conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM links WHERE name = ?1)")?.query_row([name], |r| r.get(0))
        })
        .await
    }
}
