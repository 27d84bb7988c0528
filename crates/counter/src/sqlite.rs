use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params};
use time::{Date, OffsetDateTime};

use crate::{DayCount, PagePath, Recorded, Salt, Store, StoreError, Totals, ViewRecord};

use crate::settings::DAY_FORMAT as DAY;

/// Version of the schema below, kept in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 1;

/// How long a connection waits for another one's lock.
const BUSY_TIMEOUT: StdDuration = StdDuration::from_secs(5);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS salts (
    day        TEXT PRIMARY KEY,
    salt       BLOB NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS visitor_markers (
    visitor          TEXT NOT NULL,
    path             TEXT NOT NULL,
    last_counted_ms  INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    PRIMARY KEY (visitor, path)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS visitor_markers_expiry ON visitor_markers (expires_at);
CREATE TABLE IF NOT EXISTS path_totals (
    path     TEXT PRIMARY KEY,
    views    INTEGER NOT NULL,
    visitors INTEGER NOT NULL
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
/// wait on SQLite's busy lock; another reads, so reads never wait on writes. Every
/// [`Store::record_view`] is one `IMMEDIATE` transaction. With WAL and `synchronous=NORMAL` a
/// committed view survives the process being killed.
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path`; its folder must exist.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let writer = Connection::open(&path).map_err(StoreError::unavailable)?;
        configure(&writer)?;
        migrate(&writer)?;
        let reader =
            Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(StoreError::unavailable)?;
        reader.busy_timeout(BUSY_TIMEOUT).map_err(StoreError::unavailable)?;
        Ok(Self { inner: Arc::new(Inner { path, writer: Mutex::new(writer), reader: Mutex::new(reader) }) })
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
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;").map_err(StoreError::unavailable)
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
    if version < SCHEMA_VERSION {
        tx.execute_batch(&format!("{SCHEMA} PRAGMA user_version = {SCHEMA_VERSION};"))
            .map_err(StoreError::unavailable)?;
    }
    tx.commit().map_err(StoreError::unavailable)
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

#[async_trait]
impl Store for SqliteStore {
    async fn record_view(&self, view: &ViewRecord) -> Result<Recorded, StoreError> {
        let path = view.path.as_str().to_owned();
        let visitor = view.visitor.as_str().to_owned();
        let day = day_text(view.at.date());
        let at_ms = (view.at.unix_timestamp_nanos() / 1_000_000) as i64;
        let window_ms = view.window.whole_milliseconds() as i64;
        let expires_at = view.marker_expires_at.unix_timestamp();
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let last: Option<i64> = tx
                .prepare_cached("SELECT last_counted_ms FROM visitor_markers WHERE visitor = ?1 AND path = ?2")?
                .query_row(params![visitor, path], |r| r.get(0))
                .optional()?;
            let new_visitor = match last {
                Some(last) if at_ms - last < window_ms => {
                    let totals = totals_of(&tx, &path)?;
                    return Ok(Recorded { counted: false, totals });
                }
                Some(_) => {
                    tx.prepare_cached("UPDATE visitor_markers SET last_counted_ms = ?3 WHERE visitor = ?1 AND path = ?2")?
                        .execute(params![visitor, path, at_ms])?;
                    0
                }
                None => {
                    tx.prepare_cached(
                        "INSERT INTO visitor_markers (visitor, path, last_counted_ms, expires_at) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![visitor, path, at_ms, expires_at])?;
                    1
                }
            };
            tx.prepare_cached(
                "INSERT INTO path_totals (path, views, visitors) VALUES (?1, 1, ?2)
                 ON CONFLICT (path) DO UPDATE SET views = views + 1, visitors = visitors + excluded.visitors",
            )?
            .execute(params![path, new_visitor])?;
            tx.prepare_cached(
                "INSERT INTO daily_counts (path, day, views, visitors) VALUES (?1, ?2, 1, ?3)
                 ON CONFLICT (path, day) DO UPDATE SET views = views + 1, visitors = visitors + excluded.visitors",
            )?
            .execute(params![path, day, new_visitor])?;
            let totals = totals_of(&tx, &path)?;
            tx.commit()?;
            Ok(Recorded { counted: true, totals })
        })
        .await
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
            tx.commit()?;
            Ok((markers + salts) as u64)
        })
        .await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.read(|conn| {
            conn.prepare_cached("SELECT count(*) FROM salts")?.query_row([], |r| r.get::<_, i64>(0)).map(drop)
        })
        .await
    }
}
