//! A SQLite store that survives a database it cannot open yet.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use time::{Date, OffsetDateTime};

use crate::attribution::Dimension;
use crate::{DayCount, Link, PagePath, Recorded, Salt, SqliteStore, Store, StoreError, Totals, ViewRecord};

/// How often a database that could not be opened is tried again, at most.
pub const REOPEN_EVERY: Duration = Duration::from_secs(2);

/// The SQLite store, opened when it can be. A database that cannot be opened (a read-only or full
/// data directory) is not fatal: every call answers [`StoreError::Unavailable`] and the open is
/// tried again, at most every [`REOPEN_EVERY`], until it works.
///
/// Opening runs on the blocking pool (it may wait out a locked file), never on a runtime worker;
/// calls that arrive meanwhile wait for that one attempt instead of starting their own.
pub struct ReopeningSqlite {
    path: PathBuf,
    state: tokio::sync::Mutex<State>,
}

#[derive(Default)]
struct State {
    store: Option<SqliteStore>,
    last_try: Option<Instant>,
}

impl ReopeningSqlite {
    /// Tries to open the database at `path` at once; failing that, on later calls.
    pub async fn open(path: PathBuf) -> Self {
        let this = Self { path, state: tokio::sync::Mutex::new(State::default()) };
        let _ = this.store().await;
        this
    }

    /// Whether the database is open now.
    pub async fn is_open(&self) -> bool {
        self.state.lock().await.store.is_some()
    }

    async fn store(&self) -> Result<SqliteStore, StoreError> {
        let mut state = self.state.lock().await;
        if let Some(store) = &state.store {
            return Ok(store.clone());
        }
        if state.last_try.is_some_and(|tried| tried.elapsed() < REOPEN_EVERY) {
            return Err(StoreError::unavailable(format!(
                "the counter database {} could not be opened",
                self.path.display()
            )));
        }
        state.last_try = Some(Instant::now());
        let path = self.path.clone();
        let opened = tokio::task::spawn_blocking(move || SqliteStore::open(path))
            .await
            .map_err(|e| StoreError::unavailable(format!("opening the counter database stopped: {e}")))?;
        match opened {
            Ok(store) => {
                tracing::info!(db = %self.path.display(), "the counter database is open");
                state.store = Some(store.clone());
                Ok(store)
            }
            Err(err) => {
                tracing::error!(
                    db = %self.path.display(),
                    "cannot open the counter database ({}); the API answers 503 until it can (is the data directory read-only or full?)",
                    err.chain()
                );
                Err(StoreError::unavailable(err.chain()))
            }
        }
    }
}

#[async_trait::async_trait]
impl Store for ReopeningSqlite {
    async fn record_view(&self, view: &ViewRecord) -> Result<Recorded, StoreError> {
        self.store().await?.record_view(view).await
    }
    async fn totals(&self, path: &PagePath) -> Result<Totals, StoreError> {
        self.store().await?.totals(path).await
    }
    async fn daily(&self, path: &PagePath, first: Date, last: Date) -> Result<Vec<DayCount>, StoreError> {
        self.store().await?.daily(path, first, last).await
    }
    async fn salt(&self, day: Date, candidate: Salt, expires_at: OffsetDateTime) -> Result<Salt, StoreError> {
        self.store().await?.salt(day, candidate, expires_at).await
    }
    async fn purge_expired(&self, now: OffsetDateTime) -> Result<u64, StoreError> {
        self.store().await?.purge_expired(now).await
    }
    async fn ping(&self) -> Result<(), StoreError> {
        self.store().await?.ping().await
    }
    async fn breakdown(
        &self,
        path: &PagePath,
        dimension: Dimension,
        first: Date,
        last: Date,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        self.store().await?.breakdown(path, dimension, first, last).await
    }
    async fn add_link(&self, name: &str, at: OffsetDateTime) -> Result<bool, StoreError> {
        self.store().await?.add_link(name, at).await
    }
    async fn remove_link(&self, name: &str) -> Result<bool, StoreError> {
        self.store().await?.remove_link(name).await
    }
    async fn links(&self) -> Result<Vec<Link>, StoreError> {
        self.store().await?.links().await
    }
    async fn is_link(&self, name: &str) -> Result<bool, StoreError> {
        self.store().await?.is_link(name).await
    }
}
