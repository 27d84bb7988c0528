//! Privacy-first visit counting.
//!
//! [`Counter`] applies the counting rules of the design: a visitor is known only by a keyed hash
//! of the day's random salt, the site, the client IP and the User-Agent (the salt is forgotten
//! once its day is over, so keys cannot be linked across days); a view counts once per visitor
//! per path per refresh window; `visitors` grows on a visitor's first counted view of a path on
//! a UTC day; bots and empty User-Agents are never counted.
//!
//! A counted view also counts where it came from ([`attribution`]): the share link, the
//! referring site's domain and the country, each from a bounded set, never a person.
//!
//! Counts live behind the [`Store`] trait, whose one write, [`Store::record_view`], is atomic.
//! [`SqliteStore`] (feature `sqlite`) keeps them in an embedded SQLite file ([`ReopeningSqlite`]
//! waits out one it cannot open yet); [`DynamoStore`]
//! (feature `dynamodb`) in a DynamoDB table, where a view writes only its own items and the
//! [`Aggregator`] sums the table's stream into the shared counters, each batch exactly once
//! ([`Counting`]; `StreamFollower`, feature `dynamodb-streams`, reads the stream in-process). The `contract`
//! feature exposes [`contract`], the test suite every store must pass.
//!
//! This crate knows nothing of HTTP, of the site renderer or of where its configuration comes
//! from: callers hand it a [`Visit`] and get [`Recorded`] back.

#![warn(missing_docs)]

pub mod attribution;
#[cfg(feature = "cli")]
pub mod cli;
mod clock;
mod counter;
mod path;
pub mod report;
pub mod settings;
mod store;
mod visitor;

#[cfg(feature = "sqlite")]
mod reopening;
#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "dynamodb")]
mod dynamo;

#[cfg(feature = "contract")]
pub mod contract;

pub use attribution::{Attribution, Dimension};
pub use clock::{Clock, ManualClock, SystemClock};
pub use counter::{Counter, CounterConfig, Visit};
pub use path::{LivePages, PagePath, PageSet, PathError, SITE_PAGES};
pub use store::{DayCount, Link, Recorded, Salt, Store, StoreError, Totals, ViewCap, ViewRecord};
pub use visitor::{VisitorKey, is_bot};

#[cfg(feature = "sqlite")]
pub use reopening::{REOPEN_EVERY, ReopeningSqlite};
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;

#[cfg(feature = "dynamodb-streams")]
pub use dynamo::StreamFollower;
#[cfg(feature = "dynamodb")]
pub use dynamo::{Aggregator, Applied, Change, ChangeKind, Counting, DynamoStore};
