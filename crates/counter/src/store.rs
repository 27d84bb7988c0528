use std::error::Error as StdError;

use async_trait::async_trait;
use serde::Serialize;
use time::{Date, Duration, OffsetDateTime};

use crate::attribution::{Attribution, Dimension};
use crate::{PagePath, VisitorKey};

/// The random secret of one UTC day, mixed into every visitor key of that day.
pub type Salt = [u8; 32];

/// Views and visitors of one path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Views counted.
    pub views: u64,
    /// Distinct visitors, summed per UTC day.
    pub visitors: u64,
}

/// Views and visitors of one path on one UTC day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    /// The UTC day.
    pub date: Date,
    /// Views counted that day.
    pub views: u64,
    /// Distinct visitors that day.
    pub visitors: u64,
}

/// What [`Store::record_view`] did, and the path's totals afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// Whether the view was counted (false for a repeat within the refresh window).
    pub counted: bool,
    /// The page's totals right after the view.
    pub totals: Totals,
}

/// One view to record, with everything a store needs to apply the refresh window.
#[derive(Debug, Clone)]
pub struct ViewRecord {
    /// The page viewed.
    pub path: PagePath,
    /// Who viewed it, as the day's keyed hash.
    pub visitor: VisitorKey,
    /// When the view happened (UTC); its date is the day that gets the count.
    pub at: OffsetDateTime,
    /// A repeat from the same visitor on the same path within this window is not counted.
    pub window: Duration,
    /// When the visitor marker may be deleted (the end of the visitor key's day).
    pub marker_expires_at: OffsetDateTime,
    /// The inflation cap the view is held to, if any.
    pub cap: Option<ViewCap>,
    /// Where the view came from; a counted view adds one to each of its values on its day.
    pub attribution: Attribution,
}

/// A share link, as `cloud-resume link` recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Its name (`acme-backend-role`).
    pub name: String,
    /// When it was made.
    pub created: OffsetDateTime,
}

/// The inflation cap: at most `limit` counted views per bucket, a bucket being one client
/// address (as the day's keyed hash, never the address) in one UTC hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewCap {
    /// The bucket's key: the address's keyed hash and the hour.
    pub bucket: String,
    /// The most views counted in the bucket.
    pub limit: u32,
    /// When the bucket may be deleted (the end of its hour).
    pub expires_at: OffsetDateTime,
}

/// A failure of the store itself; callers answer 503 and keep nothing half-done.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store could not be reached or refused the operation (disk full, read-only, locked,
    /// network down, throttled). Retrying later may succeed.
    #[error("the counter store is unavailable")]
    Unavailable(#[source] Box<dyn StdError + Send + Sync>),
    /// The store answered with data this version cannot read.
    #[error("the counter store holds malformed data: {0}")]
    Malformed(String),
}

impl StoreError {
    /// An [`StoreError::Unavailable`] for this cause.
    pub fn unavailable(err: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::Unavailable(err.into())
    }

    /// The error and every cause under it, as one line: `a: b: c`.
    pub fn chain(&self) -> String {
        let mut line = self.to_string();
        let mut cause = self.source();
        while let Some(err) = cause {
            line.push_str(": ");
            line.push_str(&err.to_string());
            cause = err.source();
        }
        line
    }
}

/// Where counts, visitor markers and daily salts are kept.
///
/// Every method is safe to call concurrently from many tasks and many processes sharing the
/// same backing store. No implementation ever sees an IP address or a User-Agent: the counter
/// hands it only the visitor's keyed hash.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Records one view atomically.
    ///
    /// - No marker for `(visitor, path)`: the marker is stored and the path's views and visitors
    ///   grow by one, in the totals and on the view's day.
    /// - A marker younger than `window`: nothing changes and `counted` is false.
    /// - An older marker: it is renewed and only the views grow by one.
    /// - A view that would count while its [`ViewCap`] bucket already holds `limit` counted
    ///   views: nothing changes and `counted` is false. A counted view adds one to its bucket.
    /// - A counted view adds one to each value of its [`Attribution`] for its path and day, in the
    ///   same atomic write; a referring domain past the first
    ///   [`MAX_REFERRERS_PER_PAGE_DAY`](crate::attribution::MAX_REFERRERS_PER_PAGE_DAY) of the
    ///   path and day counts as `other`. A view not counted adds nothing.
    ///
    /// Concurrent calls never lose or double a count.
    async fn record_view(&self, view: &ViewRecord) -> Result<Recorded, StoreError>;

    /// The path's totals (zero when it was never counted).
    async fn totals(&self, path: &PagePath) -> Result<Totals, StoreError>;

    /// The path's counts for the days in `first..=last` that have any, oldest first.
    async fn daily(&self, path: &PagePath, first: Date, last: Date) -> Result<Vec<DayCount>, StoreError>;

    /// The salt of `day`: the stored one if there is one, else `candidate`, stored now.
    /// Concurrent callers with different candidates all get the same salt back.
    async fn salt(&self, day: Date, candidate: Salt, expires_at: OffsetDateTime) -> Result<Salt, StoreError>;

    /// Deletes visitor markers, salts and cap buckets whose expiry is at or before `now`;
    /// returns how many.
    /// Counts are never deleted.
    async fn purge_expired(&self, now: OffsetDateTime) -> Result<u64, StoreError>;

    /// Answers when the store can serve requests.
    async fn ping(&self) -> Result<(), StoreError>;

    /// The views of `path` on the days in `first..=last`, by each value of `dimension` that has
    /// any, in no set order.
    async fn breakdown(
        &self,
        path: &PagePath,
        dimension: Dimension,
        first: Date,
        last: Date,
    ) -> Result<Vec<(String, u64)>, StoreError>;

    /// Records `name` as a known share link; false when it already was one.
    async fn add_link(&self, name: &str, at: OffsetDateTime) -> Result<bool, StoreError>;

    /// Forgets the share link `name` (its counts stay); false when there was none.
    async fn remove_link(&self, name: &str) -> Result<bool, StoreError>;

    /// Every known share link, by name.
    async fn links(&self) -> Result<Vec<Link>, StoreError>;

    /// Whether `name` is a known share link.
    async fn is_link(&self, name: &str) -> Result<bool, StoreError>;
}
