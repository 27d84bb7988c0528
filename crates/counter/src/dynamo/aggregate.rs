//! The aggregator of [`Counting::Stream`](super::Counting::Stream): adds the views that the
//! table's stream carries (each a visitor marker written) to the counters that every view of a
//! page shares, a batch at a time, each batch exactly once.
//!
//! Exactly once: the stream is read shard by shard, each shard in order, and each shard's item
//! `STREAM`/`SHARD#<id>` holds the sequence number of the last record added. The sums of a batch
//! and that number are written in one transaction, on condition that the number is still the one
//! read before: a batch delivered again, a part of one (a batch split after an error), or the
//! same batch applied by two aggregators at once adds nothing the second time, and a crash can
//! only come before the transaction (nothing added, nothing recorded) or after it (both).

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use time::{Date, OffsetDateTime};

use super::{backoff, n, transact};
use crate::StoreError;
use crate::attribution::{DIRECT, Dimension, MAX_REFERRERS_PER_PAGE_DAY, OTHER};
use crate::settings::DAY_FORMAT as DAY;

/// DynamoDB's most items in one `TransactWriteItems`.
const MAX_ITEMS: usize = 100;
/// Sequence numbers are at most 40 digits; written zero-padded to this width, they compare as
/// strings the way they compare as numbers.
const SEQUENCE_DIGITS: usize = 40;
/// How often a batch is tried again when another aggregator (or a view of the transaction
/// design) changed what it read first.
const ATTEMPTS: u32 = 20;
/// A shard's position is kept two days: a stream keeps its records one.
const POSITION_KEPT: time::Duration = time::Duration::days(2);

/// What a stream record says happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The item was written for the first time.
    Insert,
    /// The item was written again.
    Modify,
    /// The item was deleted (by the TTL, or by a purge).
    Remove,
}

impl ChangeKind {
    /// `INSERT`, `MODIFY` or `REMOVE`, as stream records name them.
    pub fn from_event_name(name: &str) -> Option<Self> {
        match name {
            "INSERT" => Some(Self::Insert),
            "MODIFY" => Some(Self::Modify),
            "REMOVE" => Some(Self::Remove),
            _ => None,
        }
    }
}

/// One stream record: a change of one item of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The record's sequence number in its shard.
    pub sequence: String,
    /// What happened.
    pub kind: ChangeKind,
    /// The item's string and number attributes after the change, as text (keys included).
    pub image: HashMap<String, String>,
}

/// What [`Aggregator::apply`] did with a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Views added to the counters.
    pub views: u64,
    /// Views of the batch that had been added before (a batch delivered again).
    pub already: u64,
    /// Records that are no counted view (other items, deletions, markers written by
    /// [`Counting::Transaction`](super::Counting::Transaction)).
    pub ignored: u64,
}

/// A counted view, as its marker's new image tells it.
#[derive(Debug, Clone)]
struct View {
    sequence: String,
    path: String,
    day: String,
    first: bool,
    link: String,
    referrer: String,
    country: String,
}

impl View {
    /// The view a change is, if it is one: a visitor marker written with `counted_ms`.
    fn of(change: &Change) -> Result<Option<Self>, StoreError> {
        let image = &change.image;
        let is_marker = image.get("pk").is_some_and(|pk| pk.starts_with("VISITOR#"));
        if change.kind == ChangeKind::Remove || !is_marker || !image.contains_key("counted_ms") {
            return Ok(None);
        }
        let text = |name: &str| {
            image.get(name).cloned().ok_or_else(|| StoreError::Malformed(format!("a visitor marker has no {name}")))
        };
        let path = text("sk")?.strip_prefix("PATH#").map(str::to_owned);
        let path = path.ok_or_else(|| StoreError::Malformed("a visitor marker's sort key is no PATH#".into()))?;
        let day = text("day")?;
        Date::parse(&day, DAY).map_err(|_| StoreError::Malformed(format!("a visitor marker has the day {day:?}")))?;
        Ok(Some(Self {
            sequence: padded(&change.sequence)?,
            path,
            day,
            first: text("first")? == "1",
            link: text("link")?,
            referrer: text("referrer")?,
            country: text("country")?,
        }))
    }

    fn is_named_referrer(&self) -> bool {
        self.referrer != DIRECT && self.referrer != OTHER
    }

    /// The sort keys of the five counters it adds to, counted under `referrer`; the first two
    /// (the totals and the day) count visitors too.
    fn counters(&self, referrer: &str) -> [String; 5] {
        let attr = |dimension: Dimension, value: &str| format!("ATTR#{}#{}#{value}", self.day, dimension.as_str());
        [
            "TOTAL".to_owned(),
            format!("DAY#{}", self.day),
            attr(Dimension::Ref, &self.link),
            attr(Dimension::Referrer, referrer),
            attr(Dimension::Country, &self.country),
        ]
    }

    /// The counter items it adds to (its referrer by name), and with a named referrer the day's
    /// set of them.
    fn items(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.counters(&self.referrer)
            .into_iter()
            .chain(self.is_named_referrer().then(|| format!("REFERRERS#{}", self.day)))
            .map(|sk| (self.path.clone(), sk))
    }
}

/// A sequence number zero-padded to [`SEQUENCE_DIGITS`].
fn padded(sequence: &str) -> Result<String, StoreError> {
    if sequence.is_empty() || sequence.len() > SEQUENCE_DIGITS || !sequence.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StoreError::Malformed(format!("a stream record has the sequence number {sequence:?}")));
    }
    Ok(format!("{sequence:0>SEQUENCE_DIGITS$}"))
}

/// Adds the views of stream batches to the shared counters; see the module.
#[derive(Clone, Debug)]
pub struct Aggregator {
    client: Client,
    table: String,
}

impl Aggregator {
    /// An aggregator of `table`'s stream, writing to `table`.
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }

    /// The sequence number (unpadded) of the last record of `shard` added, if any.
    pub async fn position(&self, shard: &str) -> Result<Option<String>, StoreError> {
        Ok(self.read_position(shard).await?.map(|p| p.trim_start_matches('0').to_owned()))
    }

    async fn read_position(&self, shard: &str) -> Result<Option<String>, StoreError> {
        let item = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S("STREAM".into()))
            .key("sk", AttributeValue::S(format!("SHARD#{shard}")))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        Ok(item.item().and_then(|i| i.get("sequence")).and_then(|v| v.as_s().ok()).cloned())
    }

    /// Adds the views among `changes` (records of `shard`, in the shard's order) that were not
    /// added before.
    pub async fn apply(&self, shard: &str, changes: &[Change]) -> Result<Applied, StoreError> {
        let mut views = Vec::with_capacity(changes.len());
        let mut applied = Applied::default();
        for change in changes {
            match View::of(change)? {
                Some(view) => views.push(view),
                None => applied.ignored += 1,
            }
        }
        let mut attempt = 0;
        let mut first_position = None;
        loop {
            let position = self.read_position(shard).await?;
            if first_position.is_none() {
                first_position = Some(position.clone());
                applied.already =
                    views.iter().filter(|v| position.as_ref().is_some_and(|p| v.sequence <= *p)).count() as u64;
            }
            let pending: Vec<&View> =
                views.iter().filter(|v| position.as_ref().is_none_or(|p| v.sequence > *p)).collect();
            if pending.is_empty() {
                return Ok(applied);
            }
            let chunk = fitting(&pending);
            match self.add(shard, position.as_deref(), chunk).await? {
                true => {
                    applied.views += chunk.len() as u64;
                    attempt = 0;
                }
                false if attempt < ATTEMPTS => {
                    // The position or a referrer set moved since it was read: read them again.
                    attempt += 1;
                    backoff(5, attempt).await;
                }
                false => {
                    return Err(StoreError::unavailable(format!(
                        "the stream aggregator lost {ATTEMPTS} races for shard {shard} in a row"
                    )));
                }
            }
        }
    }

    /// One transaction: the sums of `views` and the shard's new position, on condition that the
    /// position is still `position`. False when a condition failed (nothing was written).
    async fn add(&self, shard: &str, position: Option<&str>, views: &[&View]) -> Result<bool, StoreError> {
        // The named referrers of each page and day so far: a new one past the bound is `other`.
        let mut sets: BTreeMap<(String, String), (Option<usize>, BTreeSet<String>)> = BTreeMap::new();
        for view in views.iter().filter(|v| v.is_named_referrer()) {
            if let Entry::Vacant(slot) = sets.entry((view.path.clone(), view.day.clone())) {
                let known = self.referrers(&view.path, &view.day).await?;
                slot.insert((known.as_ref().map(BTreeSet::len), known.unwrap_or_default()));
            }
        }
        let mut added: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        let mut sums: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
        for view in views {
            let mut referrer = view.referrer.as_str();
            if view.is_named_referrer() {
                let key = (view.path.clone(), view.day.clone());
                let (_, known) = sets.get_mut(&key).expect("read above for every named referrer");
                if known.contains(referrer) || (known.len() as u32) < MAX_REFERRERS_PER_PAGE_DAY {
                    if known.insert(referrer.to_owned()) {
                        added.entry(key).or_default().insert(referrer.to_owned());
                    }
                } else {
                    referrer = OTHER;
                }
            }
            let visitors = u64::from(view.first);
            for (i, sk) in view.counters(referrer).into_iter().enumerate() {
                let visitors = if i < 2 { visitors } else { 0 };
                let sum = sums.entry((view.path.clone(), sk)).or_default();
                sum.0 += 1;
                sum.1 += visitors;
            }
        }

        let last = views.last().map(|v| v.sequence.clone()).unwrap_or_default();
        let kept_until = OffsetDateTime::now_utc() + POSITION_KEPT;
        let moved = Put::builder()
            .table_name(&self.table)
            .item("pk", AttributeValue::S("STREAM".into()))
            .item("sk", AttributeValue::S(format!("SHARD#{shard}")))
            .item("sequence", AttributeValue::S(last))
            .item("expires_at", n(kept_until.unix_timestamp()));
        let moved = match position {
            None => moved.condition_expression("attribute_not_exists(pk)"),
            Some(p) => moved
                .condition_expression("#sequence = :read")
                .expression_attribute_names("#sequence", "sequence")
                .expression_attribute_values(":read", AttributeValue::S(p.to_owned())),
        };
        let mut items = vec![TransactWriteItem::builder().put(moved.build().map_err(StoreError::unavailable)?).build()];
        for ((path, sk), (views, visitors)) in sums {
            let is_count = sk == "TOTAL" || sk.starts_with("DAY#");
            let update = Update::builder()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(format!("PATH#{path}")))
                .key("sk", AttributeValue::S(sk))
                .expression_attribute_names("#views", "views")
                .expression_attribute_values(":views", n(views));
            let update = if is_count {
                update
                    .update_expression("ADD #views :views, #visitors :visitors")
                    .expression_attribute_names("#visitors", "visitors")
                    .expression_attribute_values(":visitors", n(visitors))
            } else {
                update.update_expression("ADD #views :views")
            };
            items.push(TransactWriteItem::builder().update(update.build().map_err(StoreError::unavailable)?).build());
        }
        for ((path, day), domains) in added {
            let size = sets.get(&(path.clone(), day.clone())).and_then(|(size, _)| *size);
            let update = Update::builder()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(format!("PATH#{path}")))
                .key("sk", AttributeValue::S(format!("REFERRERS#{day}")))
                .update_expression("ADD domains :domains")
                .expression_attribute_values(":domains", AttributeValue::Ss(domains.into_iter().collect()));
            // Sets only grow: one of the size read is the set read.
            let update = match size {
                None => update.condition_expression("attribute_not_exists(domains)"),
                Some(size) => {
                    update.condition_expression("size(domains) = :size").expression_attribute_values(":size", n(size))
                }
            };
            items.push(TransactWriteItem::builder().update(update.build().map_err(StoreError::unavailable)?).build());
        }
        debug_assert!(items.len() <= MAX_ITEMS);
        Ok(transact(&self.client, items).await?.is_empty())
    }

    /// The named referrers of `path` on `day` so far; `None` when it has none yet.
    async fn referrers(&self, path: &str, day: &str) -> Result<Option<BTreeSet<String>>, StoreError> {
        let item = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(format!("PATH#{path}")))
            .key("sk", AttributeValue::S(format!("REFERRERS#{day}")))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        let domains = item.item().and_then(|i| i.get("domains")).and_then(|v| v.as_ss().ok());
        Ok(domains.map(|d| d.iter().cloned().collect()))
    }
}

/// The longest run of `views` from the first whose items fit in one transaction beside the
/// shard's position.
fn fitting<'a>(views: &'a [&'a View]) -> &'a [&'a View] {
    let mut items = BTreeSet::new();
    let mut end = 0;
    for view in views {
        let mut with = items.clone();
        with.extend(view.items());
        // Its referrer may turn out to be `other`: one more item at most.
        if with.len() + 2 > MAX_ITEMS && end > 0 {
            break;
        }
        items = with;
        end += 1;
    }
    &views[..end.max(1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(sequence: &str, kind: ChangeKind, extra: &[(&str, &str)]) -> Change {
        let mut image: HashMap<String, String> = [
            ("pk", "VISITOR#abc"),
            ("sk", "PATH#/"),
            ("counted_ms", "1"),
            ("day", "2026-12-01"),
            ("first", "1"),
            ("link", "none"),
            ("referrer", "direct"),
            ("country", "unknown"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        for (k, v) in extra {
            image.insert((*k).to_owned(), (*v).to_owned());
        }
        Change { sequence: sequence.into(), kind, image }
    }

    #[test]
    fn only_markers_written_with_counted_ms_are_views() {
        assert!(View::of(&marker("1", ChangeKind::Insert, &[])).unwrap().is_some());
        assert!(View::of(&marker("2", ChangeKind::Modify, &[])).unwrap().is_some());
        assert!(View::of(&marker("3", ChangeKind::Remove, &[])).unwrap().is_none());
        let mut by_transaction = marker("4", ChangeKind::Modify, &[]);
        by_transaction.image.remove("counted_ms");
        assert!(View::of(&by_transaction).unwrap().is_none());
        let counter = marker("5", ChangeKind::Modify, &[("pk", "PATH#/")]);
        assert!(View::of(&counter).unwrap().is_none());
        assert!(View::of(&marker("6", ChangeKind::Insert, &[("day", "yesterday")])).is_err());
        assert!(View::of(&marker("x7", ChangeKind::Insert, &[])).is_err());
    }

    #[test]
    fn padded_sequence_numbers_compare_as_numbers() {
        let (nine, ten) = (padded("9").unwrap(), padded("10").unwrap());
        assert!(nine < ten);
        assert_eq!(ten.len(), SEQUENCE_DIGITS);
        assert!(padded(&"1".repeat(41)).is_err());
        assert!(padded("").is_err());
    }

    #[test]
    fn a_batch_is_cut_where_its_items_would_not_fit_in_one_transaction() {
        // Every view of its own page: 6 items each with a named referrer (+1 for `other`).
        let views: Vec<View> = (0..40)
            .map(|i| {
                let path = format!("/p{i}");
                let change = marker(
                    &i.to_string(),
                    ChangeKind::Insert,
                    &[("sk", &format!("PATH#{path}")), ("referrer", "a.example")],
                );
                View::of(&change).unwrap().unwrap()
            })
            .collect();
        let all: Vec<&View> = views.iter().collect();
        let chunk = fitting(&all);
        assert_eq!(chunk.len(), 16, "16 views of 6 items and the position: 97 items, the next would pass 100");
        let same_page: Vec<View> =
            (0..500).map(|i| View::of(&marker(&i.to_string(), ChangeKind::Insert, &[])).unwrap().unwrap()).collect();
        let all: Vec<&View> = same_page.iter().collect();
        assert_eq!(fitting(&all).len(), 500, "views of one page on one day share their five items");
    }
}
